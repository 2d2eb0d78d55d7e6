"""``plantrack slippage`` end to end: golden outputs, the JSON contract, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import MET, ROOT, Golden

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    # Golden files name the plan as plans/met.yaml, as a user at the repo root would.
    monkeypatch.chdir(ROOT)


def test_table_golden(invoke, golden: Golden) -> None:
    golden(GOLDEN / "met-table-100.txt", invoke("slippage", "plans/met.yaml").stdout)


def test_table_golden_narrow_as_of(invoke, golden: Golden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = invoke("slippage", "plans/met.yaml", "--as-of", "2013-12-31")
    golden(GOLDEN / "met-2013-12-31-table-80.txt", result.stdout)


def test_markdown_golden(invoke, golden: Golden) -> None:
    result = invoke("slippage", "plans/met.yaml", "--as-of", "2013-09-30", "--format", "markdown")
    golden(GOLDEN / "met-2013-09-30.md", result.stdout)


def test_csv_golden(invoke, golden: Golden) -> None:
    result = invoke("slippage", "plans/met.yaml", "-f", "csv")
    golden(GOLDEN / "met.csv", result.stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    ict = rows[-1]
    assert (ict["id"], ict["status"], ict["slip"], ict["days_min"], ict["days_max"]) == (
        "ict-strategy",
        "late",
        "10 months",
        "283",
        "312",
    )


@pytest.mark.parametrize(
    ("as_of", "status", "slip", "summary"),
    [
        # The outcome: launched 7 February 2014, ten months after April 2013.
        ("2026-11-25", "late", "10 months", "2 of 7 milestones late"),
        # What Computer Weekly knew: forecast January 2014, nine months late.
        (
            "2013-12-31",
            "overdue",
            "9 months",
            "1 of 7 milestones late, worst: ict-strategy, 9 months",
        ),
        # What the London Assembly knew: October or November 2013.
        (
            "2013-09-30",
            "overdue",
            "6–7 months",
            "1 of 7 milestones late, worst: ict-strategy, 6–7 months",
        ),
    ],
)
def test_met_story(invoke, as_of: str, status: str, slip: str, summary: str) -> None:
    out = invoke("slippage", MET, "--as-of", as_of).stdout
    row = next(line for line in out.splitlines() if line.startswith("ict-strategy"))
    assert row.endswith(status)
    assert slip in row
    assert summary in out


def test_json_contract(invoke) -> None:
    doc = json.loads(invoke("slippage", "plans/met.yaml", "--format", "json").stdout)
    assert doc["as_of"] == "2026-11-25"
    (plan,) = doc["plans"]
    assert (plan["file"], plan["plan"]) == ("plans/met.yaml", "Metropolitan Police ICT strategy")
    ict = next(m for m in plan["milestones"] if m["id"] == "ict-strategy")
    # Written out by hand from the contract in README.md and the Met story.
    assert ict["name"] == "New ICT strategy published"
    assert ict["status"] == "late"
    assert ict["planned"] == {
        "text": "2013-04",
        "start": "2013-04-01",
        "end": "2013-04-30",
        "precision": "month",
        "source": "cw-2013-12",
    }
    assert ict["forecast"] == {
        "text": "2014-01",
        "start": "2014-01-01",
        "end": "2014-01-31",
        "precision": "month",
        "source": "cw-2013-12",
        "reported": {
            "text": "2013-12",
            "start": "2013-12-01",
            "end": "2013-12-31",
            "precision": "month",
        },
        "note": "early in the new year, probably by the end of January",
    }
    assert ict["actual"] == {
        "text": "2014-02-07",
        "start": "2014-02-07",
        "end": "2014-02-07",
        "precision": "day",
        "source": "cio-uk-2014-02-07",
    }
    assert ict["slip"] == {
        "basis": "actual",
        "precision": "month",
        "days": None,
        "days_min": 283,
        "days_max": 312,
        "months_min": 10,
        "months_max": 10,
        "text": "10 months",
    }
    assert [f["text"] for f in ict["forecasts"]] == ["2013-10..2013-11", "2014-01"]
    review = plan["milestones"][0]
    assert (review["id"], review["status"], review["slip"], review["forecast"]) == (
        "deloitte-review",
        "unscheduled",
        None,
        None,
    )


def test_json_as_of_hides_the_future(invoke) -> None:
    doc = json.loads(invoke("slippage", MET, "--as-of", "2013-09-30", "-f", "json").stdout)
    ict = doc["plans"][0]["milestones"][-1]
    assert ict["status"] == "overdue"
    assert ict["actual"] is None
    assert ict["forecast"]["text"] == "2013-10..2013-11"
    assert ict["forecast"]["reported"]["text"] == "2013-08-30"
    assert (ict["slip"]["basis"], ict["slip"]["months_min"], ict["slip"]["months_max"]) == (
        "forecast",
        6,
        7,
    )
    assert len(ict["forecasts"]) == 1


def test_as_of_from_environment(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANTRACK_AS_OF", "2013-12-31")
    assert json.loads(invoke("slippage", MET, "-f", "json").stdout)["as_of"] == "2013-12-31"


def test_as_of_fuzzy_stands_at_its_end(invoke) -> None:
    doc = json.loads(invoke("slippage", MET, "--as-of", "December 2013", "-f", "json").stdout)
    assert doc["as_of"] == "2013-12-31"


def test_plan_as_of_is_used_unless_overridden(invoke, plan_file) -> None:
    path = plan_file("as_of: 2013-06\nmilestones:\n  - {id: a, planned: 2013-04}\n")
    doc = json.loads(invoke("slippage", path, "-f", "json").stdout)
    assert doc["plans"][0]["as_of"] == "2013-06-30"
    assert doc["plans"][0]["milestones"][0]["slip"]["text"] == "2 months"
    doc = json.loads(invoke("slippage", path, "-f", "json", "--as-of", "2013-05-15").stdout)
    assert doc["plans"][0]["milestones"][0]["slip"]["text"] == "1 month"


def test_no_escape_codes_when_piped(invoke) -> None:
    out = invoke("slippage", MET).stdout
    assert "\x1b[" not in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_bad_plan_exits_2_with_positions_and_still_reports_good_ones(invoke, plan_file) -> None:
    bad = plan_file("milestones:\n  - id: a\n    planned: 2013-13\n", "bad.yaml")
    result = invoke("slippage", MET, bad, "-f", "json", code=2)
    assert [p["file"] for p in json.loads(result.stdout)["plans"]] == [str(MET)]
    assert result.stderr == (
        f"{bad}:3:14: error: 'planned': \"2013-13\" is not a date: month 13 does not exist "
        "(expected e.g. 2013-04, April 2013, 2013-Q2)\n"
    )


def test_missing_file_exits_2(invoke) -> None:
    result = invoke("slippage", "missing.yaml", code=2)
    assert result.stderr == "missing.yaml: error: no such file or directory\n"


def test_directory_of_plans(invoke, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "plan: A\nmilestones: [{id: x, planned: 2013, actual: 2013-06}]\n"
    )
    (tmp_path / "b.yml").write_text("plan: B\nmilestones: []\n")
    doc = json.loads(invoke("slippage", tmp_path, "-f", "json").stdout)
    assert [p["plan"] for p in doc["plans"]] == ["A", "B"]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("slippage", empty, code=2)
    assert result.stderr == (
        f"{empty}: error: no plan files found under {empty} (expected *.yaml or *.yml files)\n"
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--as-of", "soon"], "'PLANTRACK_AS_OF'): \"soon\" is not a date"),
        (["--format", "xml"], "Invalid value for '--format'"),
        (["--max-size", "lots"], "'lots' is not a size"),
        ([], None),
    ],
)
def test_usage_errors_exit_2(invoke, args: list[str], fragment: str | None) -> None:
    plans = [] if fragment is None else [str(MET)]
    result = invoke("slippage", *plans, *args, code=2)
    assert (fragment or "Missing argument 'PLANS...'") in result.stderr


def test_max_size_option(invoke, plan_file) -> None:
    path = plan_file("milestones: []\n" + "#" * 2000)
    result = invoke("slippage", path, "--max-size", "1K", code=2)
    assert "over the limit of 1,024 (raise it with --max-size)" in result.stderr


def test_version_and_help(invoke) -> None:
    assert invoke("--version").stdout.startswith("plantrack, version ")
    helptext = invoke("--help").stdout
    assert "slippage" in helptext and "Exit codes" in helptext
    assert "--as-of DATE" in invoke("slippage", "--help").stdout


@pytest.mark.parametrize(("no_color", "escapes"), [("1", False), ("", True)])
def test_colour_on_a_terminal_unless_no_color(
    invoke, monkeypatch: pytest.MonkeyPatch, no_color: str, escapes: bool
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich treats stdout as a terminal
    monkeypatch.setenv("NO_COLOR", no_color)
    out = invoke("slippage", "plans/met.yaml").stdout
    assert ("\x1b[" in out) is escapes
    assert "10 months" in out


def test_timeline_golden(invoke, golden: Golden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = invoke("slippage", "plans/met.yaml", "--as-of", "2013-12-31", "--timeline").stdout
    chart = out[out.index("1 of 7 milestones late") :]
    golden(GOLDEN / "met-2013-12-31-timeline-80.txt", chart)


# -- the golden mechanism itself (tests/conftest.py, docs/testing.md) -------------------


def test_golden_mismatch_fails_with_a_diff(
    golden: Golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLANTRACK_UPDATE_GOLDEN", raising=False)
    path = tmp_path / "g.txt"
    path.write_text("a\nb\n", encoding="utf-8")
    golden(path, "a\nb\n")  # equal: passes
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs.*-b\n\+c\n"):
        golden(path, "a\nc\n")
    assert path.read_text(encoding="utf-8") == "a\nb\n"  # never rewritten in normal mode
    with pytest.raises(pytest.fail.Exception, match="no golden file"):
        golden(tmp_path / "missing.txt", "x\n")


def test_golden_update_writes_then_fails(
    golden: Golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANTRACK_UPDATE_GOLDEN", "1")
    path = tmp_path / "g.txt"
    path.write_text("a\nb\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)updated, review.*-b\n\+c\n"):
        golden(path, "a\nc\n")
    assert path.read_text(encoding="utf-8") == "a\nc\n"
    golden(path, "a\nc\n")  # now equal: passes, nothing to review
    new = tmp_path / "new" / "n.txt"
    with pytest.raises(pytest.fail.Exception, match="created, review"):
        golden(new, "x\r\n")
    assert new.read_bytes() == b"x\r\n"
