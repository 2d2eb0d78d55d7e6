"""The deadline gate's rules, table-driven, with every figure worked out by hand."""

from __future__ import annotations

import datetime as _dt
import textwrap

import pytest

from plantrack.check import (
    ZERO,
    CheckResult,
    Finding,
    Rule,
    Severity,
    check_plan,
    check_plans,
    fingerprint,
    tolerance_text,
)
from plantrack.durations import parse_duration
from plantrack.errors import Problem
from plantrack.loader import load_plan_text

AS_OF = _dt.date(2024, 6, 14)  # a Friday


def plan(milestone: str, *, head: str = "") -> str:
    """A plan with one milestone ``m`` (``milestone`` is its body, YAML)."""
    body = textwrap.indent(textwrap.dedent(milestone).strip(), "    ")
    return f"plantrack: 1\nplan: P\n{head}milestones:\n  - id: m\n{body}\n"


def findings(text: str, as_of: _dt.date = AS_OF, **kw: object) -> list[tuple[str, str, str]]:
    checked = check_plan(load_plan_text(text, "p.yaml"), as_of, **kw)  # type: ignore[arg-type]
    return [(f.rule.value, f.severity.value, f.message) for f in checked.findings]


FORECAST_JULY = "forecasts:\n  - {reported: 2024-04-01, date: 2024-07}"
FORECAST_Q3 = "forecasts:\n  - {reported: 2024-02-01, date: 2024-Q3}"

CASES = [
    # -- overdue: measured to the as-of date ----------------------------------
    pytest.param(
        # 14 Jun - 3 Jun = 11 days > 10
        plan("planned: 2024-06-03\ntolerance: 10 days"),
        [("overdue", "breach", "m: overdue, 11 days so far (tolerance 10 days)")],
        id="overdue-beyond",
    ),
    pytest.param(
        # 14 Jun - 4 Jun = 10 days: not beyond 10
        plan("planned: 2024-06-04\ntolerance: 10 days"),
        [],
        id="overdue-at-tolerance",
    ),
    pytest.param(
        # month-precise: days_min = 14 Jun - 31 May = 14 > 10; slip text at month
        # precision: June - May = 1 month
        plan("planned: 2024-05\ntolerance: 10 days"),
        [("overdue", "breach", "m: overdue, 1 month so far (tolerance 10 days)")],
        id="overdue-month-planned",
    ),
    pytest.param(
        # days_min = 14 Jun - 31 May = 14 <= 30 but days_max = 14 Jun - 1 May = 44 > 30
        plan("planned: 2024-05\ntolerance: 30 days"),
        [
            (
                "overdue",
                "warning",
                "m: overdue, 14–44 days so far, possibly beyond the tolerance (30 days)",
            )
        ],
        id="overdue-possibly",
    ),
    # -- slip: forecast or actual against planned ------------------------------
    pytest.param(
        # months: July - May = 2 > 1
        plan("planned: 2024-05\ntolerance: 1 month\n" + FORECAST_JULY),
        [("slip", "breach", "m: forecast 2 months late (tolerance 1 month)")],
        id="forecast-beyond",
    ),
    pytest.param(
        # months: July - May = 2, not beyond 2
        plan("planned: 2024-05\ntolerance: 2 months\n" + FORECAST_JULY),
        [],
        id="forecast-at-tolerance",
    ),
    pytest.param(
        # month precision: months_min = June - May = 1 (not > 1), months_max = Aug - May = 3
        plan(
            "planned: 2024-05-15\ntolerance: 1 month\n"
            "forecasts:\n  - {reported: 2024-06-01, date: 2024-06..2024-08}"
        ),
        [
            (
                "slip",
                "warning",
                "m: forecast 1–3 months late, possibly beyond the tolerance (1 month)",
            )
        ],
        id="forecast-possibly",
    ),
    pytest.param(
        # 2 quarters = 6 months; Q3 2024 - Q1 2024 = 6 months: not beyond
        plan("planned: 2024-Q1\ntolerance: 2 quarters\n" + FORECAST_Q3),
        [],
        id="quarters-normalised",
    ),
    pytest.param(
        # 1 quarter = 3 months < 6
        plan("planned: 2024-Q1\ntolerance: 1q\n" + FORECAST_Q3),
        [("slip", "breach", "m: forecast 6 months late (tolerance 3 months)")],
        id="quarters-beyond",
    ),
    pytest.param(
        # 10 Jun - 3 Jun = 7 days; 2 weeks = 14 days
        plan("planned: 2024-06-03\nactual: 2024-06-10\ntolerance: 2w"),
        [],
        id="delivered-within-weeks",
    ),
    pytest.param(
        # 10 Jun - 3 Jun = 7 days > 0
        plan("planned: 2024-06-03\nactual: 2024-06-10"),
        [("slip", "breach", "m: delivered 7 days late (tolerance 0)")],
        id="delivered-late-default-zero",
    ),
    pytest.param(
        # Default 0 at the comparison precision (month): May against 20 May is on time,
        # though in days it could be up to 20 May - 1 May = 19 days.
        plan("planned: 2024-05\nactual: 2024-05-20"),
        [],
        id="zero-at-comparison-precision",
    ),
    pytest.param(
        # "0 business days" is judged in business days: [Mon 3 Jun, Tue 4 Jun) = 1
        plan("planned: 2024-06-03\nactual: 2024-06-04\ntolerance: 0bd"),
        [("slip", "breach", "m: delivered 1 day (1 business day) late (tolerance 0)")],
        id="zero-business-days",
    ),
    pytest.param(
        # days_min = 1 May - 20 May = -19, days_max = 31 May - 20 May = 11 > 10
        plan("planned: 2024-05-20\nactual: 2024-05\ntolerance: 10d"),
        [
            (
                "slip",
                "warning",
                "m: delivered up to 11 days late, possibly beyond the tolerance (10 days)",
            )
        ],
        id="delivered-possibly",
    ),
    pytest.param(
        plan("planned: 2024-06-10\nactual: 2024-06-01"),
        [],
        id="early",
    ),
    pytest.param(
        # [Mon 3 Jun, Thu 13 Jun): 3-7 Jun (5) + 10, 11, 12 Jun (3) = 8 business days > 7
        plan("planned: 2024-06-03\nactual: 2024-06-13\ntolerance: 7 business days"),
        [
            (
                "slip",
                "breach",
                "m: delivered 10 days (8 business days) late (tolerance 7 business days)",
            )
        ],
        id="business-days-beyond",
    ),
    pytest.param(
        # same, 8 business days: not beyond 8
        plan("planned: 2024-06-03\nactual: 2024-06-13\ntolerance: 8bd"),
        [],
        id="business-days-at-tolerance",
    ),
    # -- deadline -------------------------------------------------------------------
    pytest.param(
        # slip: 1 May -> 14 Jun is 1 month 13 days, within 3 months; deadline 1 Jun passed
        plan("planned: 2024-05-01\ntolerance: 3 months\ndeadline: 2024-06-01"),
        [("deadline", "breach", "m: deadline 2024-06-01 passed, not done")],
        id="deadline-passed",
    ),
    pytest.param(
        # slip 2 days within 1 week; 5 Jun - 1 Jun = 4 days after the deadline
        plan("planned: 2024-06-03\nactual: 2024-06-05\ntolerance: 1w\ndeadline: 2024-06-01"),
        [("deadline", "breach", "m: delivered 2024-06-05, 4 days after the deadline 2024-06-01")],
        id="deadline-delivered-after",
    ),
    pytest.param(
        # forecast October: 31 Oct - 15 Oct = 16 days at most, 1 Oct is before: possibly
        plan(
            "planned: 2024-10\ndeadline: 2024-10-15\n"
            "forecasts:\n  - {reported: 2024-06-01, date: 2024-10}"
        ),
        [
            (
                "deadline",
                "warning",
                "m: forecast 2024-10, possibly up to 16 days after the deadline 2024-10-15",
            )
        ],
        id="deadline-possibly",
    ),
    pytest.param(
        # 1 Dec - 30 Nov = 1 day
        plan("planned: 2024-12-01\ndeadline: 2024-11-30"),
        [("deadline", "breach", "m: planned 2024-12-01, 1 day after the deadline 2024-11-30")],
        id="deadline-planned-after",
    ),
    pytest.param(
        # forecast 1-15 Nov 2024 against the deadline 31 Oct: 1-15 days after it
        plan(
            "planned: 2024-10-01\ntolerance: 2 months\ndeadline: 2024-10-31\n"
            "forecasts:\n  - {reported: 2024-06-01, date: 2024-11-01..2024-11-15}"
        ),
        [
            (
                "deadline",
                "breach",
                "m: forecast 2024-11-01..2024-11-15, 1–15 days after the deadline 2024-10-31",
            )
        ],
        id="deadline-forecast-range",
    ),
    pytest.param(
        # the deadline applies whatever the tolerance: 1 Jul is 1 day after 30 Jun
        plan("planned: 2024-07-01\ntolerance: 1 year\ndeadline: 2024-06-30"),
        [("deadline", "breach", "m: planned 2024-07-01, 1 day after the deadline 2024-06-30")],
        id="deadline-whatever-the-tolerance",
    ),
    pytest.param(
        # slip and deadline together: 10 Jun - 3 Jun = 7 days; 10 Jun - 5 Jun = 5 days
        plan("planned: 2024-06-03\nactual: 2024-06-10\ndeadline: 2024-06-05"),
        [
            ("slip", "breach", "m: delivered 7 days late (tolerance 0)"),
            ("deadline", "breach", "m: delivered 2024-06-10, 5 days after the deadline 2024-06-05"),
        ],
        id="slip-and-deadline",
    ),
    pytest.param(
        plan("planned: 2024-06-03\nactual: 2024-06-03\ndeadline: 2024-06-03"),
        [],
        id="on-the-deadline",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rules(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert findings(text) == expected


WINDOW_CASES = [
    # 28 Jun - 14 Jun = 14 days: within 2 weeks
    pytest.param(
        "planned: 2024-06-28", "2w", ["m: due 2024-06-28, within 14 days, not done"], id="days-in"
    ),
    # 15 days: outside
    pytest.param("planned: 2024-06-29", "2w", [], id="days-out"),
    # [14 Jun, 28 Jun): 14, 17-21, 24-27 = 10 business days
    pytest.param(
        "planned: 2024-06-28",
        "10bd",
        ["m: due 2024-06-28, within 10 business days, not done"],
        id="bd-in",
    ),
    # [14 Jun, 1 Jul): 11 business days
    pytest.param("planned: 2024-07-01", "10bd", [], id="bd-out"),
    # 14 Jun + 1 month = 14 Jul
    pytest.param(
        "planned: 2024-07-14", "1mo", ["m: due 2024-07-14, within 1 month, not done"], id="month-in"
    ),
    pytest.param("planned: 2024-07-15", "1mo", [], id="month-out"),
    # fuzzy: July starts on 1 Jul, within 1 month
    pytest.param(
        "planned: 2024-07", "1mo", ["m: due 2024-07, within 1 month, not done"], id="fuzzy-in"
    ),
    # the forecast is what is due: 30 Aug (20 Jun -> 30 Aug is 2 months 10 days: within 3)
    pytest.param(
        "planned: 2024-06-20\ntolerance: 3 months\n"
        "forecasts:\n  - {reported: 2024-06-01, date: 2024-08-30}",
        "2w",
        [],
        id="forecast-moves-it-out",
    ),
    # overdue by 4 days, within a 1-week tolerance: still not done
    pytest.param(
        "planned: 2024-06-10\ntolerance: 1w",
        "1w",
        ["m: was due 2024-06-10, not done (within tolerance)"],
        id="overdue-within-tolerance",
    ),
    # unscheduled, its forecast passed: no tolerance to be within
    pytest.param(
        "forecasts:\n  - {reported: 2024-05-01, date: 2024-06-10}",
        "1w",
        ["m: was due 2024-06-10, not done"],
        id="unscheduled-forecast-passed",
    ),
    # no date but a deadline 6 days ahead
    pytest.param(
        "deadline: 2024-06-20",
        "2w",
        ["m: deadline 2024-06-20 within 14 days, not done"],
        id="deadline-in",
    ),
    pytest.param("planned: 2024-06-20\nactual: 2024-06-12", "2w", [], id="done"),
]


@pytest.mark.parametrize(("body", "window", "expected"), WINDOW_CASES)
def test_warn_within(body: str, window: str, expected: list[str]) -> None:
    got = findings(plan(body), warn_within=parse_duration(window))
    assert got == [("due-soon", "warning", message) for message in expected]


def test_without_a_window_nothing_is_due_soon() -> None:
    assert findings(plan("planned: 2024-06-28")) == []


def test_tolerance_precedence() -> None:
    # 10 Jun - 3 Jun = 7 days late
    base = "planned: 2024-06-03\nactual: 2024-06-10"
    # the plan's 1 week covers it
    assert findings(plan(base, head="tolerance: 1w\n")) == []
    # the milestone's 5 days overrides the plan's week
    assert findings(plan(base + "\ntolerance: 5d", head="tolerance: 1w\n")) == [
        ("slip", "breach", "m: delivered 7 days late (tolerance 5 days)")
    ]
    # the command line's 0 overrides both
    assert findings(plan(base + "\ntolerance: 2w", head="tolerance: 1w\n"), tolerance=ZERO) == [
        ("slip", "breach", "m: delivered 7 days late (tolerance 0)")
    ]


def test_business_days_follow_the_calendar() -> None:
    # Fri 20 Dec 2013 -> Mon 30 Dec 2013: weekdays [20, 23, 24, 25, 26, 27] = 6;
    # England drops 25 and 26 December: 4.
    body = "planned: 2013-12-20\nactual: 2013-12-30\ntolerance: 5bd"
    as_of = _dt.date(2014, 1, 31)
    assert findings(plan(body), as_of) == [
        (
            "slip",
            "breach",
            "m: delivered 10 days (6 business days) late (tolerance 5 business days)",
        )
    ]
    assert findings(plan(body, head="calendar: GB-ENG\n"), as_of) == []
    checked = check_plan(load_plan_text(plan(body, head="calendar: GB-ENG\n")), as_of)
    slip = checked.milestones[0].result.slip
    assert slip is not None
    assert (slip.business_days_min, slip.business_days_max) == (4, 4)


def test_business_days_on_fuzzy_dates() -> None:
    # planned June 2024, forecast 1-12 July 2024 (as of 14 June: on track, forecast late)
    # min: [30 Jun, 1 Jul) = 0 (a Sunday); max: [1 Jun, 12 Jul) = 20 weekdays in June
    # (3-28 Jun) + 1-11 Jul (9) = 29
    text = plan(
        "planned: 2024-06\nforecasts:\n  - {reported: 2024-06-01, date: 2024-07-01..2024-07-12}"
    )
    slip = check_plan(load_plan_text(text), AS_OF).milestones[0].result.slip
    assert slip is not None
    assert (slip.business_days_min, slip.business_days_max) == (0, 29)


def test_positions_name_the_milestone_item() -> None:
    text = (
        "plantrack: 1\nmilestones:\n"
        "  - id: a\n    planned: 2024-01-01\n    actual: 2024-01-01\n\n"
        "  - id: b\n    planned: 2024-01-01\n"
    )
    checked = check_plan(load_plan_text(text, "p.yaml"), AS_OF)
    (f,) = checked.findings
    # "  - id: b" is line 7; the mapping starts at column 5
    assert (f.file, f.line, f.column, f.milestone) == ("p.yaml", 7, 5, "b")
    assert [(m.line, m.column) for m in checked.milestones] == [(3, 5), (7, 5)]


def test_positions_are_not_looked_up_for_a_clean_plan() -> None:
    checked = check_plan(load_plan_text(plan("planned: 2024-12-01")), AS_OF)
    assert checked.findings == ()
    assert checked.milestones[0].line == 0


def test_fingerprint_ignores_lines_and_figures() -> None:
    late = plan("planned: 2024-06-03\nactual: 2024-06-10")
    shifted = "# a comment\n# and another\n" + plan("planned: 2024-06-01\nactual: 2024-06-10")
    (a,) = check_plan(load_plan_text(late, "p.yaml"), AS_OF).findings
    (b,) = check_plan(load_plan_text(shifted, "p.yaml"), AS_OF).findings
    assert (a.line, b.line) == (4, 6)
    assert a.message != b.message
    assert a.fingerprint == b.fingerprint == fingerprint("p.yaml", "m", "slip")
    assert fingerprint("q.yaml", "m", "slip") != a.fingerprint
    assert fingerprint("p.yaml", "m", "deadline") != a.fingerprint


def _finding(severity: Severity) -> Finding:
    return Finding("p.yaml", 1, 1, "P", "m", Rule.SLIP, severity, "m: late")


@pytest.mark.parametrize(
    ("severities", "problems", "warnings_as_errors", "code"),
    [
        ([], False, False, 0),
        ([Severity.WARNING], False, False, 0),
        ([Severity.WARNING], False, True, 1),
        ([Severity.BREACH], False, False, 1),
        ([Severity.BREACH, Severity.WARNING], True, False, 2),  # 2 wins over 1
        ([], True, False, 2),
    ],
)
def test_exit_code(
    severities: list[Severity], problems: bool, warnings_as_errors: bool, code: int
) -> None:
    checked = check_plan(load_plan_text(plan("planned: 2024-12-01")), AS_OF)
    milestone = checked.milestones[0]
    import dataclasses

    milestone = dataclasses.replace(milestone, findings=tuple(_finding(s) for s in severities))
    result = CheckResult(
        (dataclasses.replace(checked, milestones=(milestone,)),),
        (Problem("bad.yaml", 1, 1, "broken"),) if problems else (),
        warnings_as_errors,
    )
    assert result.exit_code == code


def test_check_plans_uses_each_plans_as_of_unless_overridden() -> None:
    # planned 1 Jun 2024: overdue as of the plan's own 14 Jun, not as of 31 May
    text = "plantrack: 1\nas_of: 2024-06-14\nmilestones:\n  - id: m\n    planned: 2024-06-01\n"
    p = load_plan_text(text)
    own = check_plans([p], as_of=None, today=_dt.date(2030, 1, 1))
    assert own.plans[0].report.as_of == AS_OF
    assert [f.rule for f in own.findings] == [Rule.OVERDUE]
    early = check_plans([p], as_of=_dt.date(2024, 5, 31), today=_dt.date(2030, 1, 1))
    assert early.findings == ()
    undated = load_plan_text("plantrack: 1\nmilestones: []\n")
    assert check_plans([undated], as_of=None, today=AS_OF).plans[0].report.as_of == AS_OF


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", "0"),
        ("10d", "10 days"),
        ("2 weeks", "14 days"),
        ("1q", "3 months"),
        ("1bd", "1 business day"),
    ],
)
def test_tolerance_text(text: str, expected: str) -> None:
    assert tolerance_text(parse_duration(text)) == expected


def test_finding_dict_round_trip() -> None:
    f = _finding(Severity.WARNING)
    d = f.to_dict()
    assert d["fingerprint"] == f.fingerprint
    assert Finding.from_dict(d) == f


def test_summary_text() -> None:
    p = load_plan_text(plan("planned: 2024-06-03\nactual: 2024-06-10"), "p.yaml")
    result = check_plans([p], as_of=AS_OF, today=AS_OF, problems=[Problem("b.yaml", 1, 1, "x")])
    assert result.summary() == (
        "1 breach, 0 warnings in 1 plan (1 milestone), as of 2024-06-14; 1 file with errors"
    )


@pytest.mark.parametrize("window", ["1mo", "999999d", "1000bd", "1y"])
def test_extreme_dates(window: str) -> None:
    # windows and business-day counts that run to the last date the calendar knows
    text = (
        "plantrack: 1\ncalendar: GB-ENG\nmilestones:\n"
        "  - id: m\n    planned: 0001-01-01\n    actual: 9999-12-31\n    tolerance: 1bd\n"
        "  - id: n\n    planned: 9999-12-31\n"
    )
    checked = check_plan(
        load_plan_text(text), _dt.date(9999, 12, 30), warn_within=parse_duration(window)
    )
    # as of 30 Dec 9999 the actual (31 Dec) has not happened: m is overdue
    assert [(f.milestone, f.rule.value) for f in checked.findings] == [
        ("m", "overdue"),
        ("n", "due-soon"),
    ]
