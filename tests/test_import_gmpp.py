"""plantrack import gmpp: the GMPP fixtures in tests/data/import/gmpp/, made
by hand in both layouts (with the published headers) and messy variants
(spaces, case, a cp1252 £, "Exempt" cells, 31/03/2024 and 31-Mar-2024)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from plantrack.importers.gmpp import snapshot_from_name
from plantrack.importers.gmpp_table import field_of
from plantrack.loader import load_plan
from tests.conftest import DATA, Invoke

GMPP = DATA / "import" / "gmpp"
ROWS_2019 = GMPP / "gmpp-rows-2019-09-30.csv"
COLUMNS_2019 = GMPP / "gmpp-columns-2019-09-30.csv"
LATER = [GMPP / f"gmpp-{year}-03-31.csv" for year in (2021, 2022, 2023)]

# The HS2 row of the 2019 fixture, worked by hand.
HS2_2019 = """\
plantrack: 1
plan: High Speed Rail Phase 1
notes: GMPP id DfT_0001.
start: 2012-01-01
tags:
  department: DfT
  category: Infrastructure and Construction
sources:
  gmpp-2019-09-30:
    title: GMPP data as at 2019-09-30
    publisher: Infrastructure and Projects Authority
    date: 2019-09-30
    note: 'Department: DfT. Category: Infrastructure and Construction. IPA delivery confidence: Red. Whole life cost (£m): 55700. Schedule: Schedule under review.'
milestones:
  - id: end
    name: Project end (latest approved end date)
    planned: 2026-12-31
    source: gmpp-2019-09-30
"""  # noqa: E501


def texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("GMPP ID Number", "id"),
        ("  gmpp  id NUMBER ", "id"),
        ("Project - End Date (Latest Approved End Date)", "end"),
        ("project - end date ( latest approved end date )", "end"),
        ("TOTAL Baseline Whole Life Costs (Â£m) (including Non-Government Costs)", "cost"),
        ("IPA Delivery Confidence Assessment (any explanation at all)", "dca"),
        ("SRO Delivery Confidence Assessment", "sro_dca"),
        ("Budget 2019/20", None),
    ],
)
def test_header_spellings(header: str, field: str | None) -> None:
    assert field_of(header) == field


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gmpp-2021-03-31.csv", _dt.date(2021, 3, 31)),
        ("GMPP_20190930.xlsx", _dt.date(2019, 9, 30)),
        ("gmpp_2021_03_31.csv", _dt.date(2021, 3, 31)),
        ("gmpp-2021.csv", None),  # a year is not a date
        ("gmpp-2021-13-45.csv", None),
    ],
)
def test_snapshot_from_name(name: str, expected: _dt.date | None) -> None:
    assert snapshot_from_name(name) == expected


def test_both_layouts_make_the_same_plans(invoke: Invoke, tmp_path: Path) -> None:
    rows, columns = tmp_path / "rows", tmp_path / "columns"
    result = invoke("import", "gmpp", ROWS_2019, "--out", rows)
    assert result.stdout == f"{rows}: 2 plans made, 0 updated, from 1 files\n"
    invoke("import", "gmpp", COLUMNS_2019, "--out", columns)
    assert texts(rows) == texts(columns)
    assert texts(rows)["dft_0001.yaml"] == HS2_2019


def test_new_plans_carry_start_and_tags(invoke: Invoke, tmp_path: Path) -> None:
    # The MoJ row of the 2019 fixture: start 2016-04-01, department MoJ, category
    # "Government Transformation and Service Delivery" (46 characters: a tag).
    out = tmp_path / "plans"
    invoke("import", "gmpp", ROWS_2019, "--out", out)
    moj = load_plan(out / "moj_0002.yaml")
    assert (str(moj.start), moj.notes) == ("2016-04-01", "GMPP id MOJ_0002.")
    assert dict(moj.tags) == {
        "department": "MoJ",
        "category": "Government Transformation and Service Delivery",
    }


def test_start_from_a_day_first_cell_and_long_tags_left_out(invoke: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "gmpp-2024-03-31.csv"
    long = "x" * 81  # one over the 80-character limit of a tag value: kept in the note only
    f.write_text(
        "GMPP ID Number,Project Name,Department,Annual Report Category,"
        "Project - Start Date (Latest Approved Start Date),"
        "Project - End Date (Latest Approved End Date)\n"
        f"A_1,Alpha,Exempt under Section 43,{long},01/02/2020,31-Mar-2025\n",
        encoding="utf-8",
    )
    out = tmp_path / "plans"
    invoke("import", "gmpp", f, "--out", out)
    plan = load_plan(out / "a_1.yaml")
    assert (str(plan.start), dict(plan.tags)) == ("2020-02-01", {})
    assert f"Category: {long}." in plan.sources["gmpp-2024-03-31"].note  # type: ignore[operator]


def test_second_import_is_a_no_op(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    invoke("import", "gmpp", ROWS_2019, *LATER, "--out", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = invoke("import", "gmpp", ROWS_2019, *LATER, "--out", out)
    assert result.stdout == f"{out}: 0 plans made, 0 updated, from 4 files\n"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_later_snapshots_rebaseline_and_keep_my_notes(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    invoke("import", "gmpp", ROWS_2019, "--out", out)
    hs2 = out / "dft_0001.yaml"
    hs2.write_text(
        hs2.read_text().replace("milestones:\n", "# analyst: watch this one\nmilestones:\n")
    )
    invoke("import", "gmpp", *LATER, "--out", out)
    plan = load_plan(hs2)
    end = plan.milestones[0]
    # 2019: 2026-12-31 planned; 2021: 31-Mar-2031 (re-baseline); 2022: exempt (no change);
    # 2023: 31/12/2033 (re-baseline).
    assert [(str(r.approved.end), str(r.date.end)) for r in end.rebaselines] == [
        ("2021-03-31", "2031-03-31"),
        ("2023-03-31", "2033-12-31"),
    ]
    assert "# analyst: watch this one\n" in hs2.read_text()
    assert "Exempt from publication: end, cost, narrative." in plan.sources["gmpp-2022-03-31"].note  # type: ignore[operator]
    moj = load_plan(out / "moj_0002.yaml")
    assert moj.milestones[0].rebaselines == ()  # 31/03/2024 in 2021: the same date
    assert moj.sources["gmpp-2022-03-31"].note == (
        "Not in the 2022 data: left the portfolio, or not published."
    )


def test_exempt_end_date_on_first_import_is_unknown(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    invoke("import", "gmpp", LATER[1], "--out", out)  # 2022: HS2's end date is exempt
    plan = load_plan(out / "dft_0001.yaml")
    assert plan.milestones[0].planned is None


def test_snapshot_option(invoke: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "portfolio.csv"
    f.write_bytes(ROWS_2019.read_bytes())
    out = tmp_path / "plans"
    invoke("import", "gmpp", f, "--out", out, "--snapshot", "2019-09-30")
    assert texts(out)["dft_0001.yaml"] == HS2_2019


def test_xlsx(invoke: Invoke, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import csv

    book = openpyxl.Workbook()
    with ROWS_2019.open(encoding="utf-8") as f:
        for row in csv.reader(f):
            book.active.append(row)
    book.active["H2"] = _dt.datetime(2026, 12, 31)  # HS2's end date as Excel holds a date
    book.active["E3"] = None  # an empty cell
    xlsx = tmp_path / "gmpp-2019-09-30.xlsx"
    book.save(xlsx)
    out = tmp_path / "plans"
    invoke("import", "gmpp", xlsx, "--out", out)
    assert texts(out)["dft_0001.yaml"] == HS2_2019


HEAD = "GMPP ID Number,Project Name,Project - End Date (Latest Approved End Date)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEAD + ",Budget 2019/20,Spend\nA_1,A,2024-01-01,1,2\n",
            "{f}:1:4: error: unknown GMPP headers: 'Budget 2019/20', 'Spend' "
            "(add their spellings to the table)",
        ),
        (
            HEAD + "\nA_1,A,31/02/2024\nB_2,B,soon\n",
            "{f}:2:3: error: end date: '31/02/2024' is not a date",
        ),
        ("Name,When\nA,2024\n", "{f}:1:1: error: no GMPP headers along the first row or column"),
        ("Project Name,Department\nA,DfT\n", "{f}:1:1: error: no 'GMPP ID Number' header"),
        (HEAD + "\nA_1,A,2024\nA_1,B,2025\n", "{f}: error: GMPP id 'A_1' appears twice"),
        (HEAD + "\n!!,A,2024\n", "{f}:2:1: error: GMPP id '!!' has no letters or digits"),
        ("", "{f}: error: the file is empty (expected a header row)"),
    ],
)
def test_bad_files(invoke: Invoke, tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "gmpp-2024-03-31.csv"
    f.write_text(content, encoding="utf-8")
    out = tmp_path / "plans"
    result = invoke("import", "gmpp", f, "--out", out, code=2)
    assert result.stderr.startswith(message.format(f=f))
    assert not out.exists()


def test_every_file_problem_at_once(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "gmpp-2024-03-31.csv"
    bad.write_text(HEAD + "\nA_1,A,31/02/2024\nB_2,B,soon\n")
    result = invoke("import", "gmpp", ROWS_2019, bad, "--out", tmp_path / "o", code=2)
    assert result.stderr.splitlines() == [
        f"{bad}:2:3: error: end date: '31/02/2024' is not a date (expected e.g. 2024-03-31)",
        f"{bad}:3:3: error: end date: 'soon' is not a date (expected e.g. 2024-03-31)",
    ]


def test_snapshot_dates_needed(invoke: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "portfolio.csv"
    f.write_bytes(ROWS_2019.read_bytes())
    result = invoke("import", "gmpp", f, "--out", tmp_path / "o", code=2)
    assert result.stderr == f"{f}: error: no date in the file name (give --snapshot DATE)\n"
    args = ["--snapshot", "2019-09-30", "--snapshot", "2020-09-30"]
    result = invoke("import", "gmpp", f, "--out", tmp_path / "o", *args, code=2)
    assert result.stderr.startswith("plantrack: error: 2 --snapshot dates for 1 files")


def test_broken_xlsx_and_missing_openpyxl(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("openpyxl")
    xlsx = tmp_path / "gmpp-2019-09-30.xlsx"
    xlsx.write_bytes(b"not a zip file")
    result = invoke("import", "gmpp", xlsx, "--out", tmp_path / "o", code=2)
    assert result.stderr.startswith(f"{xlsx}: error: not an Excel workbook")
    import importlib

    real = importlib.import_module

    def no_openpyxl(name: str, *args: object) -> object:
        if name == "openpyxl":
            raise ImportError(name)
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", no_openpyxl)
    result = invoke("import", "gmpp", xlsx, "--out", tmp_path / "o", code=2)
    assert result.stderr == (
        f"plantrack: error: {xlsx}: reading .xlsx needs openpyxl: "
        "pip install 'plantrack-cli[xlsx]'\n"
    )


def test_reused_id_is_kept_apart_with_a_warning(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "plans"
    invoke("import", "gmpp", ROWS_2019, "--out", out)
    later = tmp_path / "gmpp-2021-03-31.csv"
    later.write_text(HEAD + "\nDfT_0001,Road Safety Cameras,2025-06-30\n", encoding="utf-8")
    result = invoke("import", "gmpp", later, "--out", out)
    assert result.stderr == (
        "plantrack: warning: GMPP id 'DfT_0001' is now 'Road Safety Cameras', not "
        "'High Speed Rail Phase 1': a reused id? kept apart in "
        "dft_0001-road-safety-cameras.yaml\n"
    )
    hs2 = load_plan(out / "dft_0001.yaml")  # the old project is not in the 2021 data
    assert hs2.sources["gmpp-2021-03-31"].note == (
        "Not in the 2021 data: left the portfolio, or not published."
    )
    cameras = load_plan(out / "dft_0001-road-safety-cameras.yaml")
    assert (cameras.name, str(cameras.milestones[0].planned)) == (
        "Road Safety Cameras",
        "2025-06-30",
    )
