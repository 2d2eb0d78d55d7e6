"""plantrack import csv: exports to plans, every expected value worked by hand
from the fixtures in tests/data/import/."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from plantrack.errors import PlantrackError
from plantrack.importers.celldates import CellDateError, parse_cell_date
from plantrack.importers.csv_import import parse_mapping, slug
from plantrack.loader import load_plan
from tests.conftest import DATA, Invoke

IMPORT = DATA / "import"

MSPROJECT_PLAN = """\
plantrack: 1
plan: Demo
sources:
  csv:
    title: msproject.csv
    note: Imported by plantrack import csv.
milestones:
  - id: '1'
    name: Requirements signed off
    planned: 2013-02-15
    actual: 2013-02-15
    source: csv
  - id: '2'
    name: Design review
    planned: 2013-03-22
    source: csv
    forecasts:
      - reported: 2013-03-01
        date: 2013-03-29
        source: csv
  - id: '3'
    name: Go live
    planned: 2013-04-30
    source: csv
"""


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("31/03/2024", None, "2024-03-31"),  # 31 cannot be a month: one reading
        ("31-Mar-2024", None, "2024-03-31"),
        ("03/04/2013", True, "2013-04-03"),
        ("03/04/2013", False, "2013-03-04"),
        ("Mon 03/04/13 08:00", True, "2013-04-03"),  # MS Project's own form
        ("March 2024", None, "2024-03"),  # no day: the month, not the 1st
        ("2024", None, "2024"),
        ("2014-02-07T08:00:00Z", None, "2014-02-07"),
        ("2013-3-4", True, "2013-03-04"),  # year first: never swapped by --dayfirst
    ],
)
def test_cell_dates(text: str, dayfirst: bool | None, expected: str) -> None:
    assert parse_cell_date(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2013", "'03/04/2013' is ambiguous: 2013-04-03 or 2013-03-04"),
        ("31/02/2024", "'31/02/2024' is not a date"),
        ("2024-02-30", "'2024-02-30' is not a date"),
        ("TBD", "'TBD' is not a date"),
        ("5 March", "'5 March' names no year"),
    ],
)
def test_bad_cell_dates(text: str, message: str) -> None:
    with pytest.raises(CellDateError, match="^" + message.replace("(", r"\(")):
        parse_cell_date(text, dayfirst=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Design Review 2", "design-review-2"), ("Ship it!", "ship-it"), ("12", "12")],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("planned", "--map: 'planned' is not FIELD=COLUMN"),
        ("due=Due,name=Task", "--map: no field 'due'"),
        ("planned=Due", "--map: map 'name' or 'id'"),
    ],
)
def test_bad_mappings(text: str, message: str) -> None:
    with pytest.raises(PlantrackError, match="^" + message):
        parse_mapping(text)


def test_msproject_preset(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "demo.yaml"
    args = ["--preset", "msproject", "--dayfirst", "--name", "Demo", "--reported", "2013-03-01"]
    result = invoke("import", "csv", IMPORT / "msproject.csv", "--out", out, *args)
    assert out.read_text(encoding="utf-8") == MSPROJECT_PLAN
    assert result.stdout == f"wrote {out}: 3 milestones from {IMPORT / 'msproject.csv'}\n"
    load_plan(out)


def test_forecast_reported_today_by_default(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "demo.yaml"
    invoke("import", "csv", IMPORT / "msproject.csv", "--out", out, "--preset", "msproject")
    assert "      - reported: 2026-11-25\n        date: 2013-03-29\n" in out.read_text()


def test_map_semicolons_and_month_dates(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    mapping = "name=task,planned=Due,actual=Done,notes=Comment"  # header case differs
    invoke("import", "csv", IMPORT / "tasks-semicolon.csv", "--out", out, "--map", mapping)
    plan = load_plan(out)
    got = [(m.id, m.name, m.notes) for m in plan.milestones]
    assert got == [
        ("design-review-2", "Design Review 2", "first pass"),
        ("ship-it", "Ship it!", None),
    ]
    text = out.read_text(encoding="utf-8")
    assert "    planned: 2024-03\n" in text and "    actual: 2024-04-02\n" in text
    assert "plan: tasks-semicolon\n" in text


def test_every_row_problem_at_once(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "bad.yaml"
    bad = IMPORT / "msproject-bad.csv"
    result = invoke("import", "csv", bad, "--out", out, "--preset", "msproject", code=2)
    assert result.stderr.splitlines() == [
        f"{bad}:2:5: error: Finish_Date: '03/04/2013' is ambiguous: 2013-04-03 or 2013-03-04 "
        "(say which with --dayfirst or --monthfirst)",
        f"{bad}:2:7: error: Baseline_Finish: '03/04/2013' is ambiguous: 2013-04-03 or "
        "2013-03-04 (say which with --dayfirst or --monthfirst)",
        f"{bad}:3:5: error: Finish_Date: '31/02/2013' is not a date (expected e.g. 2024-03-31)",
        f"{bad}:3:7: error: Baseline_Finish: 'TBD' is not a date (expected e.g. 2024-03-31)",
        f"{bad}:4:1: error: ID: id '1' is already used on line 2",
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "plantrack: error: give either --map FIELD=COLUMN,... or --preset (one of them)"),
        (["--map", "name=Task", "--preset", "msproject"], "plantrack: error: give either"),
        (["--map", "name=Nope"], "{f}:1:0: error: no column for name=Nope (the header has: "),
        (["--map", "bogus"], "plantrack: error: --map: 'bogus' is not FIELD=COLUMN"),
    ],
)
def test_bad_options(invoke: Invoke, tmp_path: Path, args: list[str], message: str) -> None:
    f = IMPORT / "tasks-semicolon.csv"
    result = invoke("import", "csv", f, "--out", tmp_path / "x.yaml", *args, code=2)
    assert result.stderr.startswith(message.format(f=f))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "{f}: error: the file is empty (expected a header row)"),
        (b"Name,Due\n", "{f}: error: no rows under the header (expected one a milestone)"),
        (b"Name,Due\n!!!,2024\n", "{f}:2:1: error: Name: '!!!' gives no id"),
        (b'Name,Due\n"open,2024\n', "{f}:2:0: error: not a CSV file"),
    ],
)
def test_bad_files(invoke: Invoke, tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "in.csv"
    f.write_bytes(content)
    result = invoke("import", "csv", f, "--out", tmp_path / "x.yaml", "--map", "name=Name", code=2)
    assert result.stderr.startswith(message.format(f=f))


def test_refuses_to_overwrite_and_reads_missing_files(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    out.write_text("mine\n")
    args = ["--out", out, "--preset", "msproject", "--dayfirst"]
    result = invoke("import", "csv", IMPORT / "msproject.csv", *args, code=2)
    assert "(use --force to overwrite it)" in result.stderr and out.read_text() == "mine\n"
    invoke("import", "csv", IMPORT / "msproject.csv", *args, "--force")
    missing = tmp_path / "none.csv"
    result = invoke("import", "csv", missing, *args, code=2)
    assert result.stderr == f"{missing}: error: cannot read file: No such file or directory\n"


def test_windows_1252_is_read(invoke: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "cost.csv"
    f.write_bytes("Name,Due\nBudget £5m agreed,2024-01-31\n".encode("cp1252"))
    out = tmp_path / "c.yaml"
    invoke("import", "csv", f, "--out", out, "--map", "name=Name,planned=Due")
    assert load_plan(out).milestones[0].name == "Budget £5m agreed"
    assert _dt.date(2024, 1, 31) == load_plan(out).milestones[0].planned.end  # type: ignore[union-attr]
