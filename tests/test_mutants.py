"""Tests written to kill mutants that survived the rest of the suite (issue 8,
docs/testing.md).  Each expected value is worked out by hand in the comment
beside it; each test names the mutant it kills."""

from __future__ import annotations

import datetime as _dt
import textwrap
from pathlib import Path

import pytest

from plantrack.calendars import busday_count, calendar_problem, get_calendar
from plantrack.check import Rule, Severity, check_plan, check_plans, with_business_days
from plantrack.dates import DateError, DateRef, parse_date, parse_date_expr
from plantrack.durations import DurationError, parse_duration
from plantrack.exitcodes import ExitCode
from plantrack.knowledge import known_as_of
from plantrack.loader import load_plan_text
from plantrack.months import add_months, last_day, months_between_days
from plantrack.slippage import Status, compute_slip, evaluate, evaluate_milestone
from plantrack.trend import Verdict, compute_trend

from .conftest import Invoke, PlanFile

AS_OF = _dt.date(2024, 6, 14)


def _findings(text: str, as_of: _dt.date) -> list[tuple[str, str, str]]:
    checked = check_plan(load_plan_text(textwrap.dedent(text), "p.yaml"), as_of)
    return [(f.rule.value, f.severity.value, f.message) for f in checked.findings]


# -- check.py: the deadline day ---------------------------------------------------------
# Mutants: `as_of > deadline.end` -> `>=`; `expected.end <= deadline.end` -> `<`;
# `lo > 0` -> `>= 0`.

DEADLINE_TODAY = """\
    plantrack: 1
    milestones:
      - id: m
        planned: 2024-06-14
        tolerance: 1 week
        deadline: 2024-06-14
"""


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # The deadline is 14 June; on 14 June it has not passed yet (the day is not over),
        # and the expected date (planned 14 June) is on it, not after it: nothing.
        (_dt.date(2024, 6, 14), []),
        # 15 June: the deadline day is over and the milestone is not done: a breach.
        # (overdue: 15 Jun - 14 Jun = 1 day, within the 1-week tolerance: no finding)
        (
            _dt.date(2024, 6, 15),
            [("deadline", "breach", "m: deadline 2024-06-14 passed, not done")],
        ),
    ],
)
def test_deadline_passes_the_day_after(as_of: _dt.date, expected: list[object]) -> None:
    assert _findings(DEADLINE_TODAY, as_of) == expected


@pytest.mark.parametrize(
    ("forecast", "expected"),
    [
        # forecast 20 Jun, deadline 20 Jun: ends equal, not after the deadline
        ("2024-06-20", []),
        # forecast 21 Jun: 21 - 20 = 1 day after the deadline, certainly (lo = hi = 1)
        (
            "2024-06-21",
            [("deadline", "breach", "m: forecast 2024-06-21, 1 day after the deadline 2024-06-20")],
        ),
        # forecast 20..26 Jun: lo = 20 - 20 = 0 (may be on the day), hi = 26 - 20 = 6: a warning
        (
            "2024-06-20..2024-06-26",
            [
                (
                    "deadline",
                    "warning",
                    "m: forecast 2024-06-20..2024-06-26, possibly up to 6 days after "
                    "the deadline 2024-06-20",
                )
            ],
        ),
    ],
)
def test_expected_date_on_or_after_the_deadline(forecast: str, expected: list[object]) -> None:
    # planned 20 Jun with a tolerance of 1 month: the slip (0-6 days) never breaches it
    text = f"""\
        plantrack: 1
        milestones:
          - id: m
            planned: 2024-06-20
            tolerance: 1 month
            deadline: 2024-06-20
            forecasts:
              - {{reported: 2024-06-01, date: {forecast}}}
    """
    assert _findings(text, _dt.date(2024, 6, 10)) == expected


# -- trend.py: the "as fast as time passes" threshold -----------------------------------
# Mutant: AS_FAST_AS_TIME = 0.9 -> 0.95.


def test_a_rate_between_0_9_and_0_95_is_as_fast_as_time() -> None:
    # planned 2024-01. Reported 1 Jan: forecast 2024-02 (slip 1 month); reported 3 Feb
    # (31 + 2 = 33 days later): forecast 2024-03 (slip 2 months). Added 2 - 1 = 1 month
    # in 33 days = 33 / 30.4375 = 1.0842 months: rate = 30.4375 / 33 = 0.9223,
    # which is >= 0.9 (as fast as time) but < 0.95 (it would be merely "slipping").
    text = """\
        plantrack: 1
        milestones:
          - id: m
            planned: 2024-01
            forecasts:
              - {reported: 2024-01-01, date: 2024-02}
              - {reported: 2024-02-03, date: 2024-03}
    """
    plan = load_plan_text(textwrap.dedent(text), "p.yaml")
    trend = compute_trend(plan.milestone("m"), _dt.date(2024, 3, 1))
    assert trend.rate is not None
    assert (trend.rate.elapsed_days_min, trend.rate.elapsed_days_max) == (33, 33)
    assert round(trend.rate.rate_min, 4) == round(trend.rate.rate_max, 4) == 0.9223
    assert trend.verdict is Verdict.AS_FAST_AS_TIME


# -- diff.py: --fail-on-slip means "certainly later" ------------------------------------
# Mutant: `compute_slip(before, after).certainly_late` -> `.days_max > 0`.


@pytest.mark.parametrize(
    ("new_forecast", "code"),
    [
        # June 2024 -> 20 June 2024: compared at month precision, June vs June is
        # 0 months (days_max = 20 Jun - 1 Jun = 19 > 0, but only possibly later): exit 0
        ("2024-06-20", 0),
        # June -> July: 1 month later at the nearest ends: certainly later, exit 1
        ("2024-07", 1),
        # June -> 30 June: still within June, possibly later by up to 29 days: exit 0
        ("2024-06-30", 0),
    ],
)
def test_fail_on_slip_only_for_a_certain_move(
    invoke: Invoke, plan_file: PlanFile, new_forecast: str, code: int
) -> None:
    old = plan_file("plantrack: 1\nmilestones:\n  - {id: m, planned: 2024-06}\n", "old.yaml")
    new = plan_file(
        "plantrack: 1\nmilestones:\n  - id: m\n    planned: 2024-06\n    forecasts:\n"
        f"      - {{reported: 2024-05-01, date: {new_forecast}}}\n",
        "new.yaml",
    )
    invoke("diff", old, new, "--as-of", "2024-05-15", "--fail-on-slip", code=code)


# -- render/check_github.py: GitHub's 10 annotations ------------------------------------
# Mutants: `errors > ANNOTATION_LIMIT` -> `>=`, and the same for warnings.

NOTICE = "::notice title=plantrack::GitHub annotates only 10 errors and 10 warnings per step"


@pytest.mark.parametrize(
    ("milestone", "count", "code", "notice"),
    [
        # planned 3 June, as of 14 June: 11 days overdue, tolerance 0: one breach each
        ("planned: 2024-06-03", 10, 1, False),
        ("planned: 2024-06-03", 11, 1, True),
        # planned May, tolerance 30 days: 14-44 days so far, possibly beyond: one warning each
        ("planned: 2024-05\n    tolerance: 30 days", 10, 0, False),
        ("planned: 2024-05\n    tolerance: 30 days", 11, 0, True),
    ],
)
def test_github_notice_only_past_ten(
    invoke: Invoke, plan_file: PlanFile, milestone: str, count: int, code: int, notice: bool
) -> None:
    body = "".join(f"  - id: m{i}\n    {milestone}\n" for i in range(count))
    path: Path = plan_file("plantrack: 1\nmilestones:\n" + body)
    out = invoke("check", path, "--as-of", "2024-06-14", "-f", "github", code=code).stdout
    assert sum(line.startswith(("::error ", "::warning ")) for line in out.splitlines()) == count
    assert any(line.startswith(NOTICE) for line in out.splitlines()) is notice


# -- slippage.py: slip texts at their boundaries (mutmut survivors) -------------------
# Mutants: `bm < 12` -> `<= 12` / `< 13` in _magnitude_range; `hi <= (0, 0)` -> `<`
# and -> `<= (1, 0)` in _slip_text.


@pytest.mark.parametrize(
    ("planned", "later", "text"),
    [
        # Dec 2013 - Jan 2013 = 11 months; Jan 2014 - Jan 2013 = 12 months = 1 year:
        # a range that reaches a year is written with its year, not as "11-12 months"
        ("2013-01", "2013-12..2014-01", "11 months – 1 year"),
        # 12..24 months: whole years at both ends
        ("2013-01", "2014-01..2015-01", "1–2 years"),
        # May - June = -1, June - June = 0: early by 0 to 1 months (the late end is 0)
        ("2013-06", "2013-05..2013-06", "0–1 months early"),
        # May - June = -1, July - June = +1: either side of the plan
        ("2013-06", "2013-05..2013-07", "1 month early – 1 month late"),
    ],
)
def test_slip_text_boundaries(planned: str, later: str, text: str) -> None:
    assert compute_slip(parse_date(planned), parse_date(later)).text == text


# -- durations.py: the refusal names what was refused (mutmut survivors) ---------------


@pytest.mark.parametrize(("value", "shown"), [(1.5, '"1.5"'), (True, '"True"'), ("5", '"5"')])
def test_a_refused_duration_is_named(value: object, shown: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"{shown} is not a duration (expected e.g. 0, 10 days")


# -- dates.py and slippage.py: messages and the summary line (mutmut survivors) --------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # quarters are 1-4 and halves 1-2: the reason names the one that does not exist
        ("2013-Q5", '"2013-Q5" is not a date: quarter 5 does not exist (Q1-Q4)'),
        ("2013-H3", '"2013-H3" is not a date: half 3 does not exist (H1 or H2)'),
        # 200 characters is within the limit (and simply not a date); 201 is over it,
        # shown as its first 40 characters and an ellipsis
        ("x" * 200, f'"{"x" * 200}" is not a date ('),
        ("x" * 201, f'"{"x" * 40}…" is not a date: it is too long'),
        ("", '"" is not a date: it is empty'),
    ],
)
def test_date_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("body", "summary"),
    [
        # planned April 2013, as of 1 June 2013: June - April = 2 months so far
        ("  - {id: a, planned: 2013-04}\n", "1 of 1 milestone late, worst: a, 2 months so far"),
        ("  - {id: a, planned: 2013-04}\n  - {id: b}\n", "1 of 2 milestones late, worst: a"),
    ],
)
def test_summary_line_singular_and_plural(
    invoke: Invoke, plan_file: PlanFile, body: str, summary: str
) -> None:
    out = invoke("slippage", plan_file("milestones:\n" + body), "--as-of", "2013-06-01").stdout
    assert summary in out


# -- check.py: a business-day window counts the plan's holidays (mutmut survivor) -----
# `_within` counts the window with the plan's calendar, for a due date and for a
# deadline alike (docs/ci.md: --warn-within 10bd is 10 working days of `calendar:`).
# Mutants: the calendar dropped (weekdays), `<=` -> `<` on the window.

WINDOW_PLAN = """\
    plantrack: 1
    calendar: {calendar}
    milestones:
      - id: m
        planned: {planned}
        deadline: 2014-01-06
"""


@pytest.mark.parametrize(
    ("calendar", "planned", "window", "expected"),
    [
        # as of Fri 20 Dec 2013, due Mon 6 Jan 2014. Weekdays in [20 Dec, 6 Jan): 20, 23,
        # 24, 25, 26, 27, 30, 31 Dec, 1, 2, 3 Jan = 11; GB-ENG less 25, 26 Dec and 1 Jan = 8
        ("GB-ENG", "2014-01-06", "10bd", ["m: due 2014-01-06, within 10 business days, not done"]),
        ("weekdays", "2014-01-06", "10bd", []),  # 11 > 10
        ("GB-ENG", "2014-01-06", "8bd", ["m: due 2014-01-06, within 8 business days, not done"]),
        ("GB-ENG", "2014-01-06", "7bd", []),  # 8 > 7
        # planned 2 Dec: overdue (a breach); beside it, the deadline 8 working days off
        (
            "GB-ENG",
            "2013-12-02",
            "10bd",
            ["m: deadline 2014-01-06 within 10 business days, not done"],
        ),
        ("weekdays", "2013-12-02", "10bd", []),
    ],
)
def test_a_business_day_window_counts_the_holidays(
    calendar: str, planned: str, window: str, expected: list[str]
) -> None:
    plan = load_plan_text(textwrap.dedent(WINDOW_PLAN.format(calendar=calendar, planned=planned)))
    checked = check_plan(plan, _dt.date(2013, 12, 20), warn_within=parse_duration(window))
    soon = [f for f in checked.findings if f.rule is Rule.DUE_SOON]
    assert [f.message for f in soon] == expected
    assert all(f.severity is Severity.WARNING for f in soon)


# -- check.py: how a range of readings is written (_range, mutmut survivors) ---------
# Mutants: `lo <= 0` -> `< 0`, `lo == hi` -> `!=`, `lo > 0` -> `>= 0` (at least).


@pytest.mark.parametrize(
    ("forecast", "tolerance", "deadline", "expected"),
    [
        # planned 20 Jun. forecast 18-25 Jun: nearest 18 - 20 = -2, farthest 25 - 20 = 5 days;
        # 5 > 2 (the tolerance) but -2 is not: a warning, "up to" the farthest
        ("2024-06-18..2024-06-25", "2 days", None, "m: forecast up to 5 days late, possibly"),
        # nearest 20 - 20 = 0: not a positive reading, still "up to 5 days"
        ("2024-06-20..2024-06-25", "2 days", None, "m: forecast up to 5 days late, possibly"),
        # nearest 21 - 20 = 1 (within 2 days), farthest 5: "1–5 days"
        ("2024-06-21..2024-06-25", "2 days", None, "m: forecast 1–5 days late, possibly"),
        # deadline 20 Jun: forecast 22-25 Jun is 22 - 20 = 2 to 25 - 20 = 5 days after it
        (
            "2024-06-22..2024-06-25",
            "1 month",
            "2024-06-20",
            "m: forecast 2024-06-22..2024-06-25, 2–5 days after the deadline 2024-06-20",
        ),
        # 23 - 20 = 3 at both ends: one figure
        (
            "2024-06-23",
            "1 month",
            "2024-06-20",
            "m: forecast 2024-06-23, 3 days after the deadline 2024-06-20",
        ),
        # no earlier than 22 Jun: 22 - 20 = 2 days at least, no farthest reading
        (
            "no earlier than 2024-06-22",
            "1 month",
            "2024-06-20",
            "m: forecast no earlier than 2024-06-22, at least 2 days after the deadline 2024-06-20",
        ),
    ],
)
def test_readings_are_written_as_a_range(
    forecast: str, tolerance: str, deadline: str | None, expected: str
) -> None:
    text = f"""\
        plantrack: 1
        milestones:
          - id: m
            planned: 2024-06-20
            tolerance: {tolerance}
            forecasts:
              - {{reported: 2024-06-01, date: {forecast}}}
    """
    if deadline is not None:
        text += f"        deadline: {deadline}\n"
    checked = check_plan(load_plan_text(textwrap.dedent(text)), _dt.date(2024, 6, 10))
    rule = Rule.SLIP if deadline is None else Rule.DEADLINE
    messages = [f.message for f in checked.findings if f.rule is rule]
    assert len(messages) == 1
    assert messages[0].startswith(expected)


# -- check.py: check_plans and with_business_days (mutmut survivors) -----------------


def test_check_plans_fails_only_on_a_breach_by_default() -> None:
    # planned May 2024, as of 14 Jun, tolerance 30 days: 14 Jun - 31 May = 14 days to
    # 14 Jun - 1 May = 44 days so far: possibly beyond 30, a warning and no breach
    plan = load_plan_text(
        "plantrack: 1\nmilestones:\n  - {id: m, planned: 2024-05, tolerance: 30d}\n"
    )
    result = check_plans([plan], as_of=AS_OF, today=_dt.date(2000, 1, 1))
    assert [f.severity for f in result.findings] == [Severity.WARNING]
    assert result.exit_code is ExitCode.OK
    strict = check_plans([plan], as_of=AS_OF, today=AS_OF, warnings_as_errors=True)
    assert strict.exit_code is ExitCode.CHECK_FAILED


def test_business_days_are_filled_in_on_both_slips() -> None:
    # GB-ENG: Christmas 25 Dec and Boxing Day 26 Dec 2013 are bank holidays.
    # planned Fri 13 Dec, delivered Mon 30 Dec: weekdays in [13, 30 Dec) are 13, 16-20,
    # 23-27 = 11, less 2 holidays = 9. Re-baselined to Fri 20 Dec: 20, 23, 24, 27 = 4.
    plan = load_plan_text(
        textwrap.dedent("""\
            plantrack: 1
            milestones:
              - id: m
                planned: 2013-12-13
                actual: 2013-12-30
                rebaselined:
                  - {approved: 2013-12-01, date: 2013-12-20}
        """)
    )
    as_of = _dt.date(2014, 1, 10)
    result = with_business_days(
        evaluate_milestone(plan.milestones[0], as_of), as_of, get_calendar("GB-ENG")
    )
    assert result.slip is not None and result.slip_vs_baseline is not None
    assert (result.slip.business_days_min, result.slip.business_days_max) == (9, 9)
    bd = (result.slip_vs_baseline.business_days_min, result.slip_vs_baseline.business_days_max)
    assert bd == (4, 4)
    # without a re-baseline, the one slip still gets its count (and nothing else changes)
    plain = load_plan_text("milestones:\n  - {id: m, planned: 2013-12-13, actual: 2013-12-30}\n")
    alone = with_business_days(
        evaluate_milestone(plain.milestones[0], as_of), as_of, get_calendar("GB-ENG")
    )
    assert alone.slip is not None and alone.slip_vs_baseline is None
    assert (alone.slip.business_days_min, alone.slip.business_days_max) == (9, 9)


# -- calendars.py: counting working days (mutmut survivors) ---------------------------
# Mutants: the backwards count (`_works` of each end), `weekday() < 5` -> `<= 5` for a
# holiday on a weekend, the set that counts a repeated holiday once, bisect bounds.

XMAS = (_dt.date(2013, 12, 25), _dt.date(2013, 12, 26))


@pytest.mark.parametrize(
    ("start", "end", "holidays", "count"),
    [
        # [Fri 20, Mon 30 Dec): weekdays 20, 23, 24, 25, 26, 27 = 6, less 25 and 26 = 4
        ((2013, 12, 20), (2013, 12, 30), XMAS, 4),
        # backwards: minus the working days in [21, 31 Dec): 23, 24, 27, 30 = -4
        ((2013, 12, 30), (2013, 12, 20), XMAS, -4),
        # backwards from a holiday: [21, 26 Dec) holds 23 and 24 (25 is a holiday) = -2
        ((2013, 12, 25), (2013, 12, 20), XMAS, -2),
        # Sat 21 back to Fri 20: [21, 22 Dec) holds only a Saturday = 0
        ((2013, 12, 21), (2013, 12, 20), (), 0),
        # Tue 24 back to Fri 20: [21, 25 Dec) holds 23 and 24 = -2
        ((2013, 12, 24), (2013, 12, 20), XMAS, -2),
        # a holiday on Saturday 21 Dec takes no working day: [20, 24 Dec) = 20, 23 = 2
        ((2013, 12, 20), (2013, 12, 24), ((2013, 12, 21),), 2),
        # the same holiday twice is one day: 6 - 1 = 5
        ((2013, 12, 20), (2013, 12, 30), ((2013, 12, 25), (2013, 12, 25)), 5),
        # holidays on the day before and on the (excluded) end day do not count: 6
        ((2013, 12, 20), (2013, 12, 30), ((2013, 12, 19), (2013, 12, 30)), 6),
        # but a holiday on the (included) start day does: 6 - 1 = 5
        ((2013, 12, 20), (2013, 12, 30), ((2013, 12, 20),), 5),
    ],
)
def test_busday_count_by_hand(
    start: tuple[int, int, int],
    end: tuple[int, int, int],
    holidays: tuple[object, ...],
    count: int,
) -> None:
    days = [d if isinstance(d, _dt.date) else _dt.date(*d) for d in holidays]  # type: ignore[misc]
    assert busday_count(_dt.date(*start), _dt.date(*end), days) == count


def test_a_calendar_counts_its_holidays() -> None:
    gb = get_calendar("GB-ENG")
    # as the first case above, with the package's holidays: 4; and 6 with weekdays
    assert gb.count(_dt.date(2013, 12, 20), _dt.date(2013, 12, 30)) == 4
    assert get_calendar("weekdays").count(_dt.date(2013, 12, 20), _dt.date(2013, 12, 30)) == 6
    assert gb.count(_dt.date(2013, 12, 30), _dt.date(2013, 12, 20)) == -4
    # Christmas Day (Wednesday) and a Saturday are not working days; Christmas Eve is
    working = [gb.is_working_day(_dt.date(2013, 12, d)) for d in (24, 25, 21)]
    assert working == [True, False, False]


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("weekdays", None),
        ("GB-ENG", None),
        # the holidays package lists GB's 4 subdivisions: all shown
        (
            "GB-XYZ",
            "unknown subdivision 'XYZ' of GB (expected one of: GB-ENG, GB-NIR, GB-SCT, GB-WLS)",
        ),
        # Equatorial Guinea has exactly 8: all shown, no ellipsis (`> 8`, not `>= 8`)
        (
            "GQ-XX",
            "unknown subdivision 'XX' of GQ (expected one of: GQ-AN, GQ-BN, GQ-BS, "
            "GQ-CS, GQ-DJ, GQ-KN, GQ-LI, GQ-WN)",
        ),
        # Austria has 9 (1-9): the first 8 and an ellipsis
        (
            "AT-10",
            "unknown subdivision '10' of AT (expected one of: AT-1, AT-2, AT-3, AT-4, "
            "AT-5, AT-6, AT-7, AT-8, ...)",
        ),
        # Afghanistan has none
        ("AF-X", "unknown subdivision 'X' of AF (expected one of: none)"),
        (
            "XX",
            "unknown country code 'XX' (expected weekdays or an ISO 3166 code such as GB, "
            "US, DE, FR)",
        ),
    ],
)
def test_calendar_problem_lists_subdivisions(code: str, problem: str | None) -> None:
    import holidays

    country = code.split("-")[0]
    known = holidays.list_supported_countries()
    if country.isupper() and country != "XX" and country not in known:
        # the country lists are the holidays package's data: older releases lack some
        pytest.skip(f"holidays {holidays.__version__} does not know {country}")
    assert calendar_problem(code) == problem


# -- slippage.py: evaluate, summarize, Report.result (mutmut survivors) -----------------


def test_evaluate_resolves_references_and_finds_the_worst() -> None:
    # as of 1 Jun 2013. a: planned April, 2 months so far (overdue). b: planned January,
    # June - January = 5 months so far: the worst. c: planned a + 10 days = a's planned
    # April shifted by days = 2013-04-11..2013-05-10, overdue 22 days to 1 month 20 days.
    # d: planned September, on track.
    plan = load_plan_text(
        textwrap.dedent("""\
            milestones:
              - {id: a, planned: 2013-04}
              - {id: b, planned: 2013-01}
              - {id: c, planned: a + 10 days}
              - {id: d, planned: 2013-09}
        """)
    )
    report = evaluate(plan, _dt.date(2013, 6, 1))
    c = report.result("c").planned
    assert c is not None and (c.start, c.end) == (_dt.date(2013, 4, 11), _dt.date(2013, 5, 10))
    summary = report.summary
    assert (summary.total, summary.late) == (4, 3)
    assert summary.counts == ((Status.OVERDUE, 3), (Status.ON_TRACK, 1))
    assert summary.worst is not None and summary.worst.milestone.id == "b"
    with pytest.raises(KeyError) as caught:
        report.result("nope")
    assert caught.value.args == ("nope",)


def test_an_open_slip_is_worse_than_a_bounded_one() -> None:
    # planned June 2013, as of 1 May. a: forecast 2013-08..2013-12, 2 to 6 months late.
    # b: no earlier than August, at least 2 months with no farthest reading: worse.
    plan = load_plan_text(
        textwrap.dedent("""\
            milestones:
              - id: a
                planned: 2013-06
                forecasts: [{reported: 2013-04-01, date: 2013-08..2013-12}]
              - id: b
                planned: 2013-06
                forecasts: [{reported: 2013-04-01, date: no earlier than 2013-08}]
        """)
    )
    summary = evaluate(plan, _dt.date(2013, 5, 1)).summary
    assert summary.late == 2
    assert summary.worst is not None and summary.worst.milestone.id == "b"


# -- dates: messages, shifts, canonical texts (mutmut survivors) -----------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # not text (nor a whole number, nor a date): the value shown as Python writes it
        (1.5, '"1.5" is not a date: expected text ('),
        (True, '"True" is not a date: expected text ('),
        (None, '"None" is not a date: expected text ('),
        # only spaces: empty once stripped
        ("   ", '"" is not a date: it is empty ('),
        ("2013-07..2013-06", '"2013-07..2013-06" is not a date: the range ends before it starts'),
        ("2013..", '"2013.." is not a date: a range has two ends, A..B'),
    ],
)
def test_a_value_that_is_not_a_date_says_why(value: object, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "amount", "unit", "label"),
    [
        # days and weeks give day ranges: October 2012 + 10 days = 11 Oct..10 Nov 2012
        ("2012-10", 10, "day", "2012-10-11..2012-11-10"),
        # 3 June + 2 weeks = 3 + 14 = 17 June: one day, written once
        ("2013-06-03", 2, "week", "2013-06-17"),
        # months keep the precision: October 2012 + 1 month = November 2012
        ("2012-10", 1, "month", "2012-11"),
        # 2013-Q4 + 1 year = 2014-Q4
        ("2013-Q4", 1, "year", "2014-Q4"),
    ],
)
def test_shift_by_hand(text: str, amount: int, unit: str, label: str) -> None:
    assert parse_date(text).shift(amount, unit).label == label


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [("9999-12", 1, "month"), ("9999-12-31", 1, "day"), ("0001-01-01", -1, "week")],
)
def test_a_shift_past_the_calendar_says_so(text: str, amount: int, unit: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text).shift(amount, unit)
    reason = "shifted out of the supported range (years 1-9999)"
    assert str(caught.value).startswith(f'"{text}" is not a date: {reason} (')


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2013-06", "2013-06"),
        ("2013-Q1", "2013-Q1"),  # (1 - 1) // 3 + 1 = 1
        ("2013-Q4", "2013-Q4"),  # (10 - 1) // 3 + 1 = 4
        ("2013-H2", "2013-H2"),  # (7 - 1) // 6 + 1 = 2
        ("2013-H1", "2013-H1"),  # (1 - 1) // 6 + 1 = 1
        # a range of one day (the end is not before the start): that day
        ("2013-06-15..2013-06-15", "2013-06-15"),
        ("2013", "2013"),
        ("15 June 2013", "2013-06-15"),
        # a range is written end by end, each no coarser than the range's precision
        ("2013-04..2013-06", "2013-04..2013-06"),
        ("2013-Q2..2013-Q3", "2013-Q2..2013-Q3"),
        # Q2..August is at quarter precision; 31 Aug ends no quarter, so it is a month
        ("2013-Q2..2013-08", "2013-Q2..2013-08"),
        # 15 April starts no month: the day itself
        ("2013-04-15..2013-06", "2013-04-15..2013-06"),
    ],
)
def test_canonical_text_by_hand(text: str, canonical: str) -> None:
    date = parse_date(text)
    assert date.canonical() == canonical
    assert parse_date(canonical) == date


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("a + 10 days", "a + 10 days"),
        ("a.actual - 1 week", "a.actual - 1 week"),
        ("a.planned", "a.planned"),
        ("a + 1 month", "a + 1 month"),
        ("a - 2 years", "a - 2 years"),
        ("A + 0 days", "a + 0 days"),  # no field: the amount stays, even 0
    ],
)
def test_reference_canonical_text(text: str, canonical: str) -> None:
    ref = parse_date_expr(text)
    assert isinstance(ref, DateRef)
    assert ref.canonical() == canonical
    assert parse_date_expr(canonical) == ref


def test_parse_date_expr_takes_dates_and_refuses_a_bare_name() -> None:
    assert parse_date_expr(2013) == parse_date("2013")
    assert parse_date_expr("2013-06") == parse_date("2013-06")
    with pytest.raises(DateError):
        parse_date_expr("a")  # a name alone is neither a date nor a reference
    with pytest.raises(DateError, match="expected text"):
        parse_date_expr(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "between"),
    [
        # 31 Jan + 1 month = 28 Feb (clamped): 1 month, 0 days
        ((2013, 1, 31), (2013, 2, 28), (1, 0)),
        # to 1 March: 31 Jan + 2 months = 31 Mar passes it, so 1 month (28 Feb) + 1 day
        ((2013, 1, 31), (2013, 3, 1), (1, 1)),
        # backwards: from 28 Feb to 31 Mar is 1 month (28 Mar) + 3 days, negated
        ((2013, 3, 31), (2013, 2, 28), (-1, -3)),
        ((2013, 3, 31), (2013, 3, 31), (0, 0)),
    ],
)
def test_months_between_days_by_hand(
    a: tuple[int, int, int], b: tuple[int, int, int], between: tuple[int, int]
) -> None:
    assert months_between_days(_dt.date(*a), _dt.date(*b)) == between


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (2000, 2, 29),
        (1900, 2, 28),
        (2024, 2, 29),
        (2023, 2, 28),
        (2013, 4, 30),
        (2013, 11, 30),
        (2013, 12, 31),
    ],
)
def test_last_day_by_hand(year: int, month: int, days: int) -> None:
    # leap years: divisible by 4, except centuries not divisible by 400
    assert last_day(year, month) == days


@pytest.mark.parametrize(
    ("day", "months", "year"),
    [((9999, 12, 1), 1, 10000), ((1, 1, 31), -1, 0)],  # 9999-12 + 1 month; 0001-01 - 1 month
)
def test_add_months_names_the_year_out_of_range(
    day: tuple[int, int, int], months: int, year: int
) -> None:
    # mutmut (months.py): the ValueError's message replaced by None survived
    with pytest.raises(ValueError, match=f"^year {year} is out of range$"):
        add_months(_dt.date(*day), months)


# -- knowledge.py: the order of forecasts (was slippage.known_forecasts) ---------------
# docs/plan-format.md, "Replay": a forecast without `reported` is the oldest; then by the
# reported interval's start, its end, and file order; a re-baseline wins a tie.

ORDER_PLAN = """\
    milestones:
      - id: m
        planned: 2013-12
        forecasts:
          - {reported: 2013-06, date: 2014-03}
          - {reported: 2013-06-01, date: 2014-01}
          - {date: 2014-05}
          - {reported: 2013-06-01, date: 2014-02}
"""


@pytest.mark.parametrize(
    ("as_of", "rebaselined", "order", "expected", "basis"),
    [
        # no reported date first (2014-05); 1 June (start 1 Jun, end 1 Jun) twice, in file
        # order (2014-01, 2014-02); June as a month (start 1 Jun, end 30 Jun) last: the latest
        ((2013, 7, 1), "", ["2014-05", "2014-01", "2014-02", "2014-03"], "2014-03", "forecast"),
        # on 15 June the month June has not ended: not yet known (30 Jun > 15 Jun)
        ((2013, 6, 15), "", ["2014-05", "2014-01", "2014-02"], "2014-02", "forecast"),
        # a re-baseline approved in June ties with the forecast reported in June: it wins
        (
            (2013, 7, 1),
            "    rebaselined: [{approved: 2013-06, date: 2014-04}]\n",
            ["2014-05", "2014-01", "2014-02", "2014-03"],
            "2014-04",
            "rebaseline",
        ),
    ],
)
def test_forecasts_reported_the_same_day_keep_file_order(
    as_of: tuple[int, int, int], rebaselined: str, order: list[str], expected: str, basis: str
) -> None:
    plan = load_plan_text(textwrap.dedent(ORDER_PLAN) + rebaselined)
    known = known_as_of(plan, "m", _dt.date(*as_of))
    assert [f.date.label for f in known.forecasts] == order  # type: ignore[union-attr]
    assert known.expected is not None and known.basis is not None
    assert (known.expected_text, known.basis.value) == (expected, basis)


# -- datetypes.DateError: the message's pieces (mutmut survivors) ----------------------
# docs/plan-format.md: a reason after a colon; else the closest form, "did you mean";
# always the expected forms in parentheses.

FORMS = "(expected e.g. 2013-04, April 2013, 2013-Q2)"


@pytest.mark.parametrize(
    ("value", "hint", "message"),
    [
        (
            "Febuary 2014",
            "February 2014",
            f"\"Febuary 2014\" is not a date; did you mean 'February 2014'? {FORMS}",
        ),
        (
            "end 2014",
            "end of 2014",
            f"\"end 2014\" is not a date; did you mean 'end of 2014'? {FORMS}",
        ),
        (
            "2013-02-30",
            "February 2013 has 28 days",
            f'"2013-02-30" is not a date: February 2013 has 28 days {FORMS}',
        ),
    ],
)
def test_date_error_messages_in_full(value: str, hint: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert str(caught.value) == message
    # the parts are public attributes of the exception, kept apart from the message
    assert (caught.value.text, caught.value.hint or caught.value.reason) == (value, hint)


def test_date_error_with_neither_reason_nor_hint() -> None:
    assert str(DateError("x")) == f'"x" is not a date {FORMS}'
    assert (
        str(DateError("x", "r", hint="h")) == f"\"x\" is not a date: r; did you mean 'h'? {FORMS}"
    )
