"""Lint warnings (issue 10.5), the core: each rule on a minimal plan, its fuzzy
boundaries, the Met plan, and two properties.  The command line is tested in
tests/test_lint_cli.py.

Every expected line is written out by hand.  In the minimal plans the milestone
``- id: m`` stands on line 3 (line 4 when the plan sets ``as_of:``), and its
``id`` key in column 5 (two spaces, the dash, a space): warnings are
positioned at their milestone.
"""

from __future__ import annotations

import datetime as _dt
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.lint import Rule, lint_plan
from plantrack.loader import load_plan_text

from .conftest import MET, TODAY

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
        "plans/met.yaml:69:5: warning: ict-strategy: actual 2014-02-07 is after today "
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
