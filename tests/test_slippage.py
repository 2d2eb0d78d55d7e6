"""Slippage arithmetic and statuses (docs/slippage.md), each figure worked out by hand."""

from __future__ import annotations

import datetime as _dt

import pytest

from plantrack.dates import Precision, parse_date
from plantrack.loader import load_plan, load_plan_text
from plantrack.slippage import Basis, Status, compute_slip, evaluate
from tests.conftest import MET

D = _dt.date


@pytest.mark.parametrize(
    ("planned", "later", "days", "days_min", "days_max", "months", "text"),
    [
        # The required results.
        # Apr 2013 -> Jan 2014: 2014-01-01 - 2013-04-30 = 246; 2014-01-31 - 2013-04-01 = 305.
        ("April 2013", "January 2014", None, 246, 305, (9, 9), "9 months"),
        # Oct..Nov: 2013-10-01 - 2013-04-30 = 154; 2013-11-30 - 2013-04-01 = 243.
        ("April 2013", "2013-10..2013-11", None, 154, 243, (6, 7), "6–7 months"),
        # 2014-02-07 - 2013-04-30 = 283; 2014-02-07 - 2013-04-01 = 312.
        ("April 2013", "2014-02-07", None, 283, 312, (10, 10), "10 months"),
        # 15 Apr -> 15 Dec is 8 months, then 26 days to 10 Jan; 15+31+30+31+31+30+31+30+31+10.
        ("2013-04-15", "2014-01-10", 270, 270, 270, (8, 8), "8 months 26 days"),
        # Autumn is Sep-Nov: Oct 14 lies inside it. 14 Oct - 30 Nov = -47; 14 Oct - 1 Sep = 43.
        ("autumn 2017", "2017-10-14", None, -47, 43, (-1, 1), "on time"),
        # Years 2007 -> 2021: 14 years = 168 months.
        # 2007-12-31 -> 2021-12-31 is 14*365 + 4 leap days = 5114, less 6 days = 5108;
        # 2007-01-01 -> 2021-01-01 is 5114, plus 358 days to 25 Dec 2021 = 5472.
        ("2007", "2021-12-25", None, 5108, 5472, (168, 168), "14 years"),
        # Text forms.
        # 29 Mar 2013 -> 29 Jan 2014 is 10 months (306 days), then 9 days to 7 Feb.
        ("2013-03-29", "2014-02-07", 315, 315, 315, (10, 10), "10 months 9 days"),
        ("2013-04-15", "2013-04-27", 12, 12, 12, (0, 0), "12 days"),
        ("2013-04-15", "2013-04-15", 0, 0, 0, (0, 0), "on time"),
        # Jan 2010 -> Jun 2013 at month precision: 41 months.
        ("2010-01", "2013-06", None, 1217, 1276, (41, 41), "3 years 5 months"),
        # Early: Jun -> Apr. 2013-04-01 - 2013-06-30 = -90; 2013-04-30 - 2013-06-01 = -32.
        ("2013-06", "2013-04", None, -90, -32, (-2, -2), "2 months early"),
        ("2013-04-15", "2013-04-03", -12, -12, -12, (0, 0), "12 days early"),
        # Month ends: relativedelta counts from the earlier day, and 31 Jan + 1 month
        # clamps to 28 Feb, so 31 Jan -> 28 Feb is a whole month (28 days) both ways.
        ("2013-01-31", "2013-02-28", 28, 28, 28, (1, 1), "1 month"),
        ("2013-02-28", "2013-01-31", -28, -28, -28, (-1, -1), "1 month early"),
        # Ranges: 2013-04 vs Mar..Jun: Mar - Apr = -1, Jun - Apr = 2.
        ("2013-04", "2013-03..2013-06", None, -60, 90, (-1, 2), "1 month early – 2 months late"),
        ("2013-04", "2013-04..2013-05", None, -29, 60, (0, 1), "0–1 months"),
        # Early April (1-10) -> 20 April: 20-10 = 10, 20-1 = 19 days.
        ("early April 2013", "2013-04-20", None, 10, 19, (0, 0), "10–19 days"),
        # Quarters: Q2 2013 starts in April; January 2014 is 9 months on.
        ("2013-Q2", "2014-01", None, 185, 305, (9, 9), "9 months"),
        # 2013 -> 2015..2016 in years: 24 and 36 months.
        ("2013", "2015..2016", None, 366, 1460, (24, 36), "2–3 years"),
        # Apr 2013 -> Mar..May 2015: 23 and 25 months. 2015-03-01 - 2013-04-30 = 670;
        # 2013-04-01 -> 2015-04-01 = 730 (no 29 Feb between), + 60 to 31 May = 790.
        (
            "2013-04",
            "2015-03..2015-05",
            None,
            670,
            790,
            (23, 25),
            "1 year 11 months – 2 years 1 month",
        ),
    ],
)
def test_compute_slip(
    planned: str,
    later: str,
    days: int | None,
    days_min: int,
    days_max: int,
    months: tuple[int, int],
    text: str,
) -> None:
    slip = compute_slip(parse_date(planned), parse_date(later))
    assert slip.days == days
    assert (slip.days_min, slip.days_max) == (days_min, days_max)
    assert (slip.months_min, slip.months_max) == months
    assert slip.text == text


@pytest.mark.parametrize(
    ("planned", "later", "precision"),
    [
        ("2013-04-15", "2014-01-10", Precision.DAY),
        ("early April 2013", "2013-04-20", Precision.DAY),
        ("2013-04-15", "2014-01", Precision.MONTH),
        ("2013-Q2", "2014-01-10", Precision.QUARTER),
        ("2013-H1", "2014-Q1", Precision.HALF),
        ("2013", "2014-02", Precision.YEAR),
    ],
)
def test_comparison_precision_is_the_coarser(
    planned: str, later: str, precision: Precision
) -> None:
    assert compute_slip(parse_date(planned), parse_date(later)).precision is precision


def _status(plan_text: str, as_of: _dt.date) -> tuple[Status, str | None, Basis | None]:
    report = evaluate(load_plan_text(plan_text, "p.yaml"), as_of)
    r = report.results[0]
    return r.status, r.slip.text if r.slip else None, r.slip.basis if r.slip else None


@pytest.mark.parametrize(
    ("as_of", "status", "text", "basis"),
    [
        # Before the planned month ends and before any forecast was reported.
        (D(2013, 4, 15), Status.ON_TRACK, None, None),
        # Overdue, nothing reported yet: the slip so far, April -> June 2013.
        (D(2013, 6, 30), Status.OVERDUE, "2 months", Basis.AS_OF),
        # The London Assembly's forecast (reported 30 Aug) still lies ahead.
        (D(2013, 9, 30), Status.OVERDUE, "6–7 months", Basis.FORECAST),
        # Mid-December: "2013-12" is not yet reported (it ends on the 31st), and the
        # Oct..Nov forecast has lapsed, so the slip so far: April -> December = 8 months.
        (D(2013, 12, 15), Status.OVERDUE, "8 months", Basis.AS_OF),
        # Computer Weekly's article: January 2014, nine months late.
        (D(2013, 12, 31), Status.OVERDUE, "9 months", Basis.FORECAST),
        # January has passed and no launch yet: 10 months so far.
        (D(2014, 2, 6), Status.OVERDUE, "10 months", Basis.AS_OF),
        # Launched on 7 February 2014.
        (D(2014, 2, 7), Status.LATE, "10 months", Basis.ACTUAL),
        (D(2026, 11, 25), Status.LATE, "10 months", Basis.ACTUAL),
    ],
)
def test_met_story_as_of(
    as_of: _dt.date, status: Status, text: str | None, basis: Basis | None
) -> None:
    r = evaluate(load_plan(MET), as_of).result("ict-strategy")
    assert r.status is status
    assert (r.slip.text if r.slip else None) == text
    assert (r.slip.basis if r.slip else None) == basis


PLANNED_JUNE = """
milestones:
  - id: m
    planned: 2014-06
    {extra}
"""


@pytest.mark.parametrize(
    ("extra", "as_of", "status", "text", "basis"),
    [
        # Forecast three months late, not yet due.
        (
            "forecasts: [{reported: 2014-01, date: 2014-09}]",
            D(2014, 2, 1),
            Status.FORECAST_LATE,
            "3 months",
            Basis.FORECAST,
        ),
        # Forecast inside the planned month: on track.
        (
            "forecasts: [{reported: 2014-01, date: 2014-06-15}]",
            D(2014, 2, 1),
            Status.ON_TRACK,
            "on time",
            Basis.FORECAST,
        ),
        # A forecast not yet reported at as_of does not count.
        (
            "forecasts: [{reported: 2014-03, date: 2014-09}]",
            D(2014, 2, 1),
            Status.ON_TRACK,
            None,
            None,
        ),
        # A forecast without a reported date always counts.
        (
            "forecasts: [{date: 2014-09}]",
            D(2014, 2, 1),
            Status.FORECAST_LATE,
            "3 months",
            Basis.FORECAST,
        ),
        # Done early, on time, late.
        ("actual: 2014-04-10", D(2014, 5, 1), Status.EARLY, "2 months early", Basis.ACTUAL),
        ("actual: 2014-06-30", D(2014, 7, 1), Status.ON_TIME, "on time", Basis.ACTUAL),
        ("actual: 2014-07-01", D(2014, 7, 1), Status.LATE, "1 month", Basis.ACTUAL),
        # An actual after as_of has not happened yet: overdue so far (Jun -> Jul 15).
        ("actual: 2014-09-01", D(2014, 7, 15), Status.OVERDUE, "1 month", Basis.AS_OF),
        # Not due on its last day.
        ("", D(2014, 6, 30), Status.ON_TRACK, None, None),
        ("", D(2014, 7, 1), Status.OVERDUE, "1 month", Basis.AS_OF),
    ],
)
def test_statuses(
    extra: str,
    as_of: _dt.date,
    status: Status,
    text: str | None,
    basis: Basis | None,
) -> None:
    assert _status(PLANNED_JUNE.format(extra=extra), as_of) == (status, text, basis)


@pytest.mark.parametrize(
    ("planned", "actual", "status"),
    [
        # Day precision judges by days: one day early is early.
        ("2014-06-10", "2014-06-09", Status.EARLY),
        ("2014-06-10", "2014-06-11", Status.LATE),
        # Month precision judges by months: any day of June is on time.
        ("2014-06", "2014-06-30", Status.ON_TIME),
        ("2014-06-10", "2014-06", Status.ON_TIME),
        # A range straddling the plan is neither certainly early nor late.
        ("2014-06", "2014-05..2014-07", Status.ON_TIME),
    ],
)
def test_status_at_comparison_precision(planned: str, actual: str, status: Status) -> None:
    text = f"milestones: [{{id: m, planned: '{planned}', actual: '{actual}'}}]"
    assert _status(text, D(2020, 1, 1))[0] is status


def test_unscheduled_has_no_slip() -> None:
    assert _status("milestones: [{id: m, actual: 2014-06}]", D(2020, 1, 1)) == (
        Status.UNSCHEDULED,
        None,
        None,
    )


def test_forecasts_are_ordered_by_reported_date() -> None:
    text = """
    milestones:
      - id: m
        planned: 2014-01
        forecasts:
          - {reported: 2014-03, date: 2014-12}
          - {reported: 2014-02, date: 2014-06}
          - {date: 2014-03}
    """
    r = evaluate(load_plan_text(text, "p.yaml"), D(2014, 4, 1)).results[0]
    assert [f.date.text for f in r.history] == ["2014-03", "2014-06", "2014-12"]
    assert r.forecast is not None and r.forecast.date.text == "2014-12"
    assert r.slip is not None and r.slip.text == "11 months"


def test_summary_counts_and_worst() -> None:
    text = """
    milestones:
      - {id: a, planned: 2014-01, actual: 2014-03}
      - {id: b, planned: 2014-01, actual: 2014-07}
      - {id: c, planned: 2014-01, actual: 2014-01}
      - {id: d, actual: 2014-01}
    """
    summary = evaluate(load_plan_text(text, "p.yaml"), D(2020, 1, 1)).summary
    assert (summary.total, summary.late) == (4, 2)
    assert summary.worst is not None and summary.worst.milestone.id == "b"
    assert summary.text() == "2 of 4 milestones late, worst: b, 6 months"
    assert dict(summary.counts) == {Status.LATE: 2, Status.ON_TIME: 1, Status.UNSCHEDULED: 1}
