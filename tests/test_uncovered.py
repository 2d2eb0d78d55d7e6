"""Behaviour that no test reached until the coverage gate (docs/testing.md) showed
it: mostly bad-input paths.  Expected values are worked out by hand beside each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plantrack.dates import parse_date, parse_date_expr
from plantrack.durations import Duration, DurationError, DurationUnit, parse_duration

from .conftest import ROOT, Invoke, PlanFile

# -- the core -------------------------------------------------------------------------


def test_a_reference_plus_nothing_is_the_reference() -> None:
    # "a.actual + 0 days" and "a.actual" mean the same date: the canonical text drops "+ 0"
    assert parse_date_expr("a.actual + 0 days").canonical() == "a.actual"  # type: ignore[union-attr]


def test_a_fuzzy_date_prints_as_its_label_and_knows_its_first_month() -> None:
    q2 = parse_date("2013-Q2")
    assert str(q2) == "2013-Q2"
    # months counted from year 0, January = 0: April 2013 is 2013 * 12 + 3 = 24159
    assert q2.first_unit_month() == 24159


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration(10, DurationUnit.DAYS), "10 days"),
        (Duration(1, DurationUnit.MONTHS), "1 month"),
        (Duration(15, DurationUnit.BUSINESS_DAYS), "15 business days"),
    ],
)
def test_a_duration_made_in_code_describes_itself(duration: Duration, text: str) -> None:
    assert str(duration) == text


@pytest.mark.parametrize("value", [True, 1.5, None, [10]])
def test_only_text_and_whole_numbers_are_durations(value: object) -> None:
    # YAML gives bools, floats, nulls and lists too: none of them is a duration
    with pytest.raises(DurationError, match=r"is not a duration \(expected e\.g\. 0, 10 days"):
        parse_duration(value)  # type: ignore[arg-type]


# -- the CLI ----------------------------------------------------------------------------


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "plantrack", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.rstrip().endswith("version 0.1.0")


def test_timeline_of_a_plan_without_dates_is_empty(invoke: Invoke, plan_file: PlanFile) -> None:
    # nothing is dated, so there is no span to draw: the table alone, and no chart rows
    path = plan_file("plantrack: 1\nmilestones:\n  - {id: a}\n  - {id: b}\n")
    out = invoke("slippage", path, "--timeline").stdout
    assert out.rstrip("\n") == invoke("slippage", path).stdout.rstrip("\n")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.invalid")
    _git(tmp_path, "config", "user.name", "T")
    (tmp_path / "p.yaml").write_text("plantrack: 1\nmilestones:\n  - {id: a, planned: 2013-04}\n")
    (tmp_path / "latin.yaml").write_bytes(b"plan: caf\xe9\nmilestones: []\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "one")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "extra", "needle"),
    [
        # no such revision: git's own last line of complaint is passed on
        ("p.yaml@nope", [], "cannot read p.yaml at revision 'nope': fatal:"),
        # no such file at the revision
        ("q.yaml@HEAD", [], "cannot read q.yaml at revision 'HEAD'"),
        # the committed file is 54 bytes, over a limit of 10
        (
            "p.yaml@HEAD",
            ["--max-size", "10"],
            "p.yaml@HEAD: error: file is 55 bytes, over the limit of 10 (raise it with --max-size)",
        ),
        # 0xE9 (é in Latin-1) alone is not UTF-8
        (
            "latin.yaml@HEAD",
            [],
            "latin.yaml@HEAD:1:10: error: not a text file: invalid UTF-8 (byte 0xe9)",
        ),
    ],
)
def test_diff_at_a_revision_refuses_what_it_cannot_read(
    invoke: Invoke,
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    extra: list[str],
    needle: str,
) -> None:
    monkeypatch.chdir(repo)
    result = invoke("diff", old, "p.yaml", *extra, code=2)
    assert needle in result.stderr
    assert result.stdout == ""


def test_a_problem_in_a_merged_mapping_is_placed_where_it_is_written(
    invoke: Invoke, plan_file: PlanFile
) -> None:
    # b takes a's keys with "<<: *a", so b's bad tolerance is written once, at line 2:
    # "  - &a {id: a, tolerance: " is 26 characters, so "soon" starts at column 27
    path = plan_file("milestones:\n  - &a {id: a, tolerance: soon}\n  - <<: *a\n    id: b\n")
    result = invoke("validate", path, code=2)
    assert f"{path}:2:27: error: 'tolerance': \"soon\" is not a duration" in result.stderr
    assert f"{path}:4:" not in result.stderr and f"{path}:3:" not in result.stderr


def test_diff_names_renames_and_forecasts_without_a_reported_date(
    invoke: Invoke, plan_file: PlanFile
) -> None:
    head = "sources:\n  s: {title: S}\nmilestones:\n"
    old = plan_file(head + "  - {id: a, name: Old, planned: 2013-04}\n  - {id: b}\n", "old.yaml")
    new = plan_file(
        head + "  - id: a\n    name: New\n    planned: 2013-04\n"
        "    forecasts:\n      - {date: 2013-06, source: s}\n"
        "  - {id: b, name: B}\n",
        "new.yaml",
    )
    out = invoke("diff", old, new, "--as-of", "2013-05-01").stdout
    # a: April -> June is +2 months; b has no date on either side, so it cannot move later
    assert out == (
        f"{old} → {new} (as of 2013-05-01)\n"
        # each side named by its own kind: planned before, forecast after
        "~ a: planned 2013-04 → forecast 2013-06, slip +2 months\n"
        "    renamed Old → New\n"
        "    new forecast 2013-06 (no reported date, s)\n"
        "~ b: renamed b → B\n"
        "2 milestones changed, 0 added, 0 removed; 1 expected later\n"
    )


def test_record_replaces_a_long_form_actual_keeping_its_source(
    invoke: Invoke, plan_file: PlanFile
) -> None:
    head = "sources:\n  s: {title: S}\nmilestones:\n  - id: a\n    planned: 2013-04\n"
    path = plan_file(head + "    actual: {date: 2013-05-02, source: s}\n")
    invoke("record", path, "a", "--actual", "2013-05-03", "--replace")
    assert path.read_text(encoding="utf-8") == head + "    actual: {date: 2013-05-03, source: s}\n"
