"""Lint warnings (issue 10.5): each rule on a minimal plan, its fuzzy boundaries,
``validate`` (exit 0, ``--strict`` 1, errors 2 win), the ``slippage`` footnote,
and that a warning never changes what ``slippage`` and ``check`` output or exit.

Every expected line is written out by hand.  In the minimal plans the milestone
``- id: m`` stands on line 3 (line 4 when the plan sets ``as_of:``), and its
``id`` key in column 5 (two spaces, the dash, a space): warnings are
positioned at their milestone.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from plantrack.cli import cli
from plantrack.lint import Rule, lint_plan
from plantrack.loader import load_plan_text

from .conftest import MET, ROOT, TODAY, Invoke, PlanFile

UNREPORTED = (
    "has no 'reported' date, so --as-of shows it as always known "
    "(expected reported: the date its source gave it) [unreported]"
)
REPORTED_LATER = "(expected a reported date that has passed) [future]"
ACTUAL_LATER = "(expected a date that has passed; a date still to come is a forecast) [future]"
AFTER_ACTUAL = "(expected a forecast made before the milestone happened) [reported-after-actual]"
PASSED = "(expected a date after the reported date; what happened is the actual) [already-passed]"
DUPLICATE = "(expected each forecast once) [duplicate]"


def plan_text(body: str, head: str = "") -> str:
    """A plan with one milestone ``m`` (at 3:5, or 4:5 after a one-line ``head``)."""
    return "plantrack: 1\n" + head + "milestones:\n  - id: m\n" + textwrap.indent(body, "    ")


def lint(text: str, today: _dt.date = TODAY, name: str = "p.yaml") -> list[str]:
    return [str(w) for w in lint_plan(load_plan_text(text, name), today=today)]


def forecasts(*pairs: tuple[str, str | None]) -> str:
    """``forecasts:`` with one entry per (date, reported) pair."""
    lines = ["forecasts:"]
    for date, reported in pairs:
        lines.append(f"  - date: {date}")
        if reported is not None:
            lines.append(f"    reported: {reported}")
    return "\n".join(lines) + "\n"


CASES = [
    # -- unreported: replay cannot hide a forecast without a reported date
    pytest.param(
        "planned: 2013-04\n" + forecasts(("2014-01", None)),
        "",
        [f"p.yaml:3:5: warning: m: forecast 1 (2014-01) {UNREPORTED}"],
        id="unreported",
    ),
    pytest.param(
        forecasts(("2013-10..2013-11", "2013-08-30"), ("2014-01", None)),
        "",
        [f"p.yaml:3:5: warning: m: forecast 2 (2014-01) {UNREPORTED}"],
        id="unreported-second-only",
    ),
    # -- future: a reported date after today (2026-11-25) ...
    pytest.param(
        forecasts(("2027-06", "2026-11-26")),
        "",
        [
            "p.yaml:3:5: warning: m: forecast 1 (2027-06) is reported 2026-11-26, "
            f"after today (2026-11-25) {REPORTED_LATER}"
        ],
        id="reported-tomorrow",
    ),
    pytest.param(forecasts(("2027-06", "2026-11-25")), "", [], id="reported-today"),
    # November 2026 starts on the 1st, before today: not certainly after today
    pytest.param(forecasts(("2027-06", "2026-11")), "", [], id="reported-this-month"),
    pytest.param(
        forecasts(("2027-06", "2026-12")),
        "",
        [
            "p.yaml:3:5: warning: m: forecast 1 (2027-06) is reported 2026-12, "
            f"after today (2026-11-25) {REPORTED_LATER}"
        ],
        id="reported-next-month",
    ),
    # ... or after the plan's as_of, when it sets one (then today is not used)
    pytest.param(
        forecasts(("2014-06", "2014-01")),
        "as_of: 2013-12-31\n",
        [
            "p.yaml:4:5: warning: m: forecast 1 (2014-06) is reported 2014-01, "
            f"after the plan's as_of (2013-12-31) {REPORTED_LATER}"
        ],
        id="reported-after-as-of",
    ),
    # as_of 2013-12 stands at its end, 31 December 2013
    pytest.param(
        forecasts(("2014-06", "2013-12-31")), "as_of: 2013-12\n", [], id="reported-on-as-of-end"
    ),
    pytest.param(forecasts(("2029", "2028-01")), "as_of: 2030\n", [], id="as-of-beats-today"),
    # -- future: an actual after today, or after the plan's as_of
    pytest.param(
        "planned: 2026-10\nactual: 2026-11-26\n",
        "",
        [f"p.yaml:3:5: warning: m: actual 2026-11-26 is after today (2026-11-25) {ACTUAL_LATER}"],
        id="actual-tomorrow",
    ),
    pytest.param("planned: 2026-10\nactual: 2026-11\n", "", [], id="actual-this-month"),
    pytest.param(
        "planned: 2013-04\nactual: 2014-02-07\n",
        "as_of: 2013-12-31\n",
        [
            "p.yaml:4:5: warning: m: actual 2014-02-07 is after the plan's as_of (2013-12-31) "
            + ACTUAL_LATER
        ],
        id="actual-after-as-of",
    ),
    # -- reported after the actual: certainly after, so the fuzzy boundary holds
    pytest.param(
        forecasts(("2014-01", "2013-12")) + "actual: 2013-12-15\n",
        "",
        [],
        id="reported-month-of-actual-day",
    ),
    pytest.param(
        forecasts(("2014-01", "2013-12-16")) + "actual: 2013-12-15\n",
        "",
        [
            "p.yaml:3:5: warning: m: forecast 1 (2014-01) is reported 2013-12-16, "
            f"after the actual (2013-12-15) {AFTER_ACTUAL}"
        ],
        id="reported-day-after-actual",
    ),
    pytest.param(
        forecasts(("2014-01", "2013-12-31")) + "actual: 2013-12\n",
        "",
        [],
        id="reported-day-in-actual-month",
    ),
    pytest.param(
        forecasts(("2014-06", "2014-03")) + "actual: 2014-02-07\n",
        "",
        [
            "p.yaml:3:5: warning: m: forecast 1 (2014-06) is reported 2014-03, "
            f"after the actual (2014-02-07) {AFTER_ACTUAL}"
        ],
        id="reported-month-after-actual",
    ),
    # -- already passed when reported: the date's end before the report's start
    pytest.param(
        forecasts(("2013-11", "2013-12-01")),
        "",
        [
            "p.yaml:3:5: warning: m: forecast 1 (2013-11) had already passed when it was "
            f"reported (2013-12-01) {PASSED}"
        ],
        id="passed-month-day",
    ),
    pytest.param(
        forecasts(("2013-11-30", "2013-12")),
        "",
        [
            "p.yaml:3:5: warning: m: forecast 1 (2013-11-30) had already passed when it was "
            f"reported (2013-12) {PASSED}"
        ],
        id="passed-day-month",
    ),
    pytest.param(forecasts(("2013-12", "2013-12-15")), "", [], id="reported-within-date"),
    pytest.param(forecasts(("2013-12-01", "2013-12")), "", [], id="date-within-reported"),
    pytest.param(forecasts(("2013-12-01", "2013-12-01")), "", [], id="reported-on-the-day"),
    # -- duplicates: the same interval, however written, and the same reported date
    pytest.param(
        forecasts(("2014-01", "2013-12"), ("January 2014", "December 2013")),
        "",
        [
            "p.yaml:3:5: warning: m: forecast 2 (January 2014) repeats forecast 1 "
            f"(same date, reported December 2013) {DUPLICATE}"
        ],
        id="duplicate",
    ),
    pytest.param(
        forecasts(("2014-01", "2013-11"), ("2014-01", "2013-12")), "", [], id="reported-differs"
    ),
    pytest.param(
        forecasts(("2014-01", "2013-12"), ("2014-02", "2013-12")), "", [], id="date-differs"
    ),
    pytest.param(
        forecasts(("2014-01", None), ("2014-01", None)),
        "",
        [
            f"p.yaml:3:5: warning: m: forecast 1 (2014-01) {UNREPORTED}",
            f"p.yaml:3:5: warning: m: forecast 2 (2014-01) {UNREPORTED}",
            "p.yaml:3:5: warning: m: forecast 2 (2014-01) repeats forecast 1 "
            f"(same date, no reported date) {DUPLICATE}",
        ],
        id="duplicate-unreported",
    ),
    # -- one forecast, two rules: in the order of the rules
    pytest.param(
        forecasts(("2027-06", "2027-01")) + "actual: 2014-02-07\n",
        "",
        [
            "p.yaml:3:5: warning: m: forecast 1 (2027-06) is reported 2027-01, "
            f"after today (2026-11-25) {REPORTED_LATER}",
            "p.yaml:3:5: warning: m: forecast 1 (2027-06) is reported 2027-01, "
            f"after the actual (2014-02-07) {AFTER_ACTUAL}",
        ],
        id="two-rules",
    ),
    # a clean milestone: reported before its date, before the actual, all passed
    pytest.param(
        "planned: 2013-04\n"
        + forecasts(("2013-10..2013-11", "2013-08-30"), ("2014-01", "2013-12"))
        + "actual: 2014-02-07\n",
        "",
        [],
        id="clean",
    ),
]


@pytest.mark.parametrize(("body", "head", "expected"), CASES)
def test_rules(body: str, head: str, expected: list[str]) -> None:
    assert lint(plan_text(body, head)) == expected


def test_milestones_in_file_order_at_their_own_lines() -> None:
    text = (
        "plantrack: 1\n"
        "milestones:\n"
        "  - id: first\n"  # line 3
        "    actual: 2027\n"
        "  - id: clean\n"  # line 5
        "    planned: 2013\n"
        "  -   id: third\n"  # line 7, the id key in column 7
        "      forecasts: [{date: 2013-01, reported: 2013-02}]\n"
    )
    assert lint(text) == [
        f"p.yaml:3:5: warning: first: actual 2027 is after today (2026-11-25) {ACTUAL_LATER}",
        "p.yaml:7:7: warning: third: forecast 1 (2013-01) had already passed when it was "
        f"reported (2013-02) {PASSED}",
    ]


def test_the_warning_value() -> None:
    (w,) = lint_plan(load_plan_text(plan_text(forecasts(("2014-01", None))), "p.yaml"), today=TODAY)
    assert (w.file, w.line, w.column, w.milestone, w.rule) == ("p.yaml", 3, 5, "m", Rule.UNREPORTED)
    assert w.message == f"m: forecast 1 (2014-01) {UNREPORTED.removesuffix(' [unreported]')}"


def test_met_has_no_warnings() -> None:
    met = load_plan_text(MET.read_text(encoding="utf-8"), "plans/met.yaml")
    assert lint_plan(met, today=TODAY) == ()
    # The day the strategy launched, its actual has happened; the day before, not yet.
    assert lint_plan(met, today=_dt.date(2014, 2, 7)) == ()
    assert [str(w) for w in lint_plan(met, today=_dt.date(2014, 2, 6))] == [
        "plans/met.yaml:67:5: warning: ict-strategy: actual 2014-02-07 is after today "
        f"(2014-02-06) {ACTUAL_LATER}"
    ]


# -- properties ---------------------------------------------------------------

DAYS = st.dates(min_value=_dt.date(2012, 1, 1), max_value=_dt.date(2015, 12, 31))


@st.composite
def milestones(draw: st.DrawFn) -> tuple[list[tuple[_dt.date, _dt.date]], _dt.date | None]:
    pairs = draw(st.lists(st.tuples(DAYS, DAYS), min_size=1, max_size=4))
    return pairs, draw(st.none() | DAYS)


def day_plan(
    pairs: list[tuple[_dt.date, _dt.date]], actual: _dt.date | None, *, month: bool
) -> str:
    """The plan with every date written as its day, or (``month``) as its month."""

    def text(d: _dt.date) -> str:
        return d.strftime("%Y-%m") if month else d.isoformat()

    body = forecasts(*((text(d), text(r)) for d, r in pairs))
    if actual is not None:
        body += f"actual: {text(actual)}\n"
    return plan_text(body)


def rules(text: str, today: _dt.date) -> list[Rule]:
    return [w.rule for w in lint_plan(load_plan_text(text, "p.yaml"), today=today)]


@given(milestones(), DAYS)
def test_fuzziness_never_makes_a_warning_out_of_nothing(
    milestone: tuple[list[tuple[_dt.date, _dt.date]], _dt.date | None], today: _dt.date
) -> None:
    # Each date written as its month contains the day: if the months are
    # certainly in the wrong order, so are the days.  (Duplicates are left out:
    # two days of one month are one month.)
    pairs, actual = milestone
    fine = rules(day_plan(pairs, actual, month=False), today)
    coarse = rules(day_plan(pairs, actual, month=True), today)
    for rule in (Rule.FUTURE, Rule.REPORTED_AFTER_ACTUAL, Rule.ALREADY_PASSED):
        assert coarse.count(rule) <= fine.count(rule)


@given(milestones(), DAYS, st.integers(min_value=0, max_value=2000))
def test_a_later_today_only_removes_future_warnings(
    milestone: tuple[list[tuple[_dt.date, _dt.date]], _dt.date | None],
    today: _dt.date,
    days: int,
) -> None:
    pairs, actual = milestone
    text = day_plan(pairs, actual, month=False)
    before = rules(text, today)
    after = rules(text, today + _dt.timedelta(days=days))
    assert after.count(Rule.FUTURE) <= before.count(Rule.FUTURE)
    assert [r for r in after if r is not Rule.FUTURE] == [r for r in before if r is not Rule.FUTURE]


# -- plantrack validate ---------------------------------------------------------

UNREPORTED_PLAN = plan_text("planned: 2013-04\n" + forecasts(("2014-01", None)))
UNREPORTED_LINE = f"p.yaml:3:5: warning: m: forecast 1 (2014-01) {UNREPORTED}\n"
CLEAN_PLAN = plan_text("planned: 2013-04\nactual: 2013-04-15\n")


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("options", "code", "stdout"),
    [
        ([], 0, "1 valid plan file, 1 warning\n"),
        (["--strict"], 1, "1 valid plan file, 1 warning\n"),
        (["--quiet"], 0, ""),  # the warning is still printed, on stderr
        (["--quiet", "--strict"], 1, "1 valid plan file, 1 warning\n"),
    ],
)
def test_validate_warns(
    invoke: Invoke, plan_file: PlanFile, here: Path, options: list[str], code: int, stdout: str
) -> None:
    plan_file(UNREPORTED_PLAN, "p.yaml")
    result = invoke("validate", *options, "p.yaml", code=code)
    assert result.stdout == stdout
    assert result.stderr == UNREPORTED_LINE


@pytest.mark.parametrize("options", [[], ["--strict"]])
def test_validate_without_warnings_is_unchanged(
    invoke: Invoke, plan_file: PlanFile, here: Path, options: list[str]
) -> None:
    plan_file(CLEAN_PLAN, "p.yaml")
    result = invoke("validate", *options, "p.yaml")
    assert (result.stdout, result.stderr) == ("1 valid plan file\n", "")


def test_validate_a_directory(invoke: Invoke, plan_file: PlanFile, here: Path) -> None:
    # Files in sorted order, each file's warnings in its milestones' order;
    # the invalid file's errors first, and they win over --strict (exit 2).
    plan_file(UNREPORTED_PLAN, "plans/a.yaml")
    plan_file("plantrack: 1\nmilestones:\n  - id: m\n    planed: 2013\n", "plans/b.yaml")
    plan_file(CLEAN_PLAN, "plans/c.yaml")
    plan_file(plan_text("actual: 2027-01-01\n"), "plans/sub/d.yaml")
    result = invoke("validate", "--strict", "plans", code=2)
    assert result.stdout == "3 valid plan files, 2 warnings, 1 with errors\n"
    assert result.stderr == (
        "plans/b.yaml:4:5: error: unknown key 'planed' in milestone 1; did you mean 'planned'? "
        "(expected one of: id, name, planned, forecasts, actual, deadline, tolerance, source, "
        "notes)\n"
        f"plans/a.yaml:3:5: warning: m: forecast 1 (2014-01) {UNREPORTED}\n"
        "plans/sub/d.yaml:3:5: warning: m: actual 2027-01-01 is after today (2026-11-25) "
        f"{ACTUAL_LATER}\n"
    )


def test_validate_escapes_the_file_name(invoke: Invoke, plan_file: PlanFile, here: Path) -> None:
    plan_file(UNREPORTED_PLAN, "\x1b[31m.yaml")
    result = invoke("validate", "\x1b[31m.yaml")
    assert result.stderr == "\\x1b[31m.yaml" + UNREPORTED_LINE.removeprefix("p.yaml")


def test_validate_help_names_strict_and_its_exit_code() -> None:
    result = CliRunner().invoke(
        cli, ["validate", "--help"], prog_name="plantrack", terminal_width=78
    )
    assert "--strict" in result.stdout
    assert "1  a warning, with --strict" in result.stdout
    # The README shows the same --help, as `plantrack validate --help` prints it at 80 columns.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```text\n{result.stdout}```" in readme


# -- plantrack slippage and check: a footnote, never a changed exit code ----------

LATE_PLAN = plan_text("planned: 2013-04\n" + forecasts(("2014-01", None)) + "actual: 2014-02-07\n")
ON_TIME_PLAN = plan_text(
    "planned: 2013-04\n" + forecasts(("2013-04", None)) + "actual: 2013-04-15\n"
)
FOOTNOTE = "1 warning (unreported): run plantrack validate p.yaml for details\n"


def test_slippage_table_footnote(invoke: Invoke, plan_file: PlanFile, here: Path) -> None:
    # April 2013 to 7 February 2014 is 10 months (the Met's figure); one line of
    # footnote under the summary line, and nothing on stderr.
    plan_file(LATE_PLAN, "p.yaml")
    result = invoke("slippage", "p.yaml")
    assert result.stdout.endswith("1 of 1 milestone late, worst: m, 10 months\n" + FOOTNOTE)
    assert result.stdout.count("warning") == 1
    assert result.stderr == ""


def test_slippage_footnote_under_its_own_plan(
    invoke: Invoke, plan_file: PlanFile, here: Path
) -> None:
    plan_file(LATE_PLAN, "p.yaml")
    plan_file(CLEAN_PLAN, "q.yaml")
    stdout = invoke("slippage", "p.yaml", "q.yaml").stdout
    assert stdout.count(FOOTNOTE) == 1
    first, second = stdout.split("\n\n", 1)
    assert first.endswith(FOOTNOTE.rstrip("\n"))
    assert "warning" not in second


def test_slippage_footnote_counts_and_names_rules(
    invoke: Invoke, plan_file: PlanFile, here: Path
) -> None:
    body = forecasts(("2014-01", None), ("2013-01", "2013-02"), ("2013-01", "2013-02"))
    plan_file(plan_text(body), "p.yaml")
    stdout = invoke("slippage", "p.yaml").stdout
    assert stdout.endswith(
        "4 warnings (unreported, already-passed, duplicate): "
        "run plantrack validate p.yaml for details\n"
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_other_formats_never_carry_warnings(
    invoke: Invoke, plan_file: PlanFile, here: Path, fmt: str
) -> None:
    plan_file(LATE_PLAN, "p.yaml")
    result = invoke("slippage", "p.yaml", "--format", fmt)
    assert re.search("warning|unreported|validate", result.stdout) is None
    assert result.stderr == ""
    if fmt == "json":
        assert "warnings" not in json.loads(result.stdout)["plans"][0]


def test_slippage_exit_codes_ignore_warnings(
    invoke: Invoke, plan_file: PlanFile, here: Path
) -> None:
    plan_file(LATE_PLAN, "p.yaml")
    invoke("slippage", "p.yaml", code=0)
    plan_file("plantrack: 1\n", "bad.yaml")
    result = invoke("slippage", "p.yaml", "bad.yaml", code=2)
    assert result.stdout.endswith(FOOTNOTE)


@pytest.mark.parametrize(
    ("plan", "options", "code"),
    [
        (LATE_PLAN, [], 1),  # 10 months late: a breach, with or without the warning
        (ON_TIME_PLAN, [], 0),  # 15 April 2013 is in April 2013: on time
        (ON_TIME_PLAN, ["--warnings-as-errors"], 0),  # a lint warning is not a check warning
    ],
)
def test_check_ignores_lint_warnings(
    invoke: Invoke, plan_file: PlanFile, here: Path, plan: str, options: list[str], code: int
) -> None:
    plan_file(plan, "p.yaml")
    assert lint(plan) != []  # the plan does have a lint warning
    result = invoke("check", *options, "p.yaml", code=code)
    assert "[unreported]" not in result.output


# -- the docs' example is real output ---------------------------------------------


def test_docs_example(invoke: Invoke, here: Path) -> None:
    # docs/plan-format.md "Warnings": its plan, validated, prints its console
    # block, which the README shows too.
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    section = doc.split("\n## Warnings\n", 1)[1]
    plan = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    console = re.search(r"```console\n\$ plantrack validate plans/\n(.*?)```", section, re.DOTALL)
    assert plan is not None and console is not None
    (here / "plans").mkdir()
    (here / "plans" / "depot.yaml").write_text(plan.group(1), encoding="utf-8")
    result = invoke("validate", "plans/")
    assert result.stderr + result.stdout == console.group(1)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert console.group(0) in readme
