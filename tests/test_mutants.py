"""Tests written to kill mutants that survived the rest of the suite (issue 8,
docs/testing.md).  Each expected value is worked out by hand in the comment
beside it; each test names the mutant it kills."""

from __future__ import annotations

import datetime as _dt
import textwrap
from pathlib import Path

import pytest

from plantrack.check import check_plan
from plantrack.dates import DateError, parse_date
from plantrack.durations import DurationError, parse_duration
from plantrack.loader import load_plan_text
from plantrack.slippage import compute_slip
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
