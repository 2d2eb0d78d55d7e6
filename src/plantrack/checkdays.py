"""Slips counted in business days, for the deadline gate (:mod:`plantrack.check`)
and the reports that show them; only where a tolerance, a waiver or an output
reads them (the calendar work is the dearest part of a check).

Pure: no printing, no clock.
"""

from __future__ import annotations

import datetime as _dt

from plantrack.calendars import Calendar
from plantrack.dates import FuzzyDate, OpenInterval
from plantrack.durations import Duration, DurationUnit
from plantrack.model import Milestone
from plantrack.slippage import Basis, MilestoneResult, Slip

__all__ = ["counts_business_days", "with_business_days"]


def _counted(
    slip: Slip | None, planned: FuzzyDate | None, result: MilestoneResult, calendar: Calendar
) -> Slip | None:
    """``slip`` (from ``planned``) with its working days: from P.end to A.start
    and from P.start to A.end."""
    if slip is None or planned is None:
        return slip
    known = result.knowledge
    later: FuzzyDate | OpenInterval | None
    if slip.basis is Basis.ACTUAL:
        later = known.actual
    elif slip.basis is Basis.AS_OF:
        day = FuzzyDate.day(known.as_of)
        later = OpenInterval(day.start, day.precision) if slip.open_ended else day
    else:
        latest = known.latest
        later = latest.date if latest is not None else None
    if later is None:
        return slip
    # Built field by field, not with dataclasses.replace (a hot path: one or
    # two per milestone); tests/test_checkdays.py holds the field lists.
    return Slip(
        slip.basis,
        slip.precision,
        slip.days,
        slip.days_min,
        slip.days_max,
        slip.months_min,
        slip.months_max,
        slip.text,
        slip.direction,
        calendar.count(planned.end, later.start),
        None if later.end is None else calendar.count(planned.start, later.end),
    )


def with_business_days(
    result: MilestoneResult, as_of: _dt.date, calendar: Calendar
) -> MilestoneResult:
    """``result`` with ``business_days_min``/``_max`` filled in on its slips
    (``as_of`` is the result's own; kept for callers)."""
    del as_of  # the result knows its as-of date
    slip = _counted(result.slip, result.planned, result, calendar)
    vs_baseline = _counted(result.slip_vs_baseline, result.baseline, result, calendar)
    if slip is result.slip and vs_baseline is result.slip_vs_baseline:
        return result
    r = result
    return MilestoneResult(
        r.milestone,
        r.status,
        slip,
        r.forecast,
        r.actual,
        r.history,
        r.knowledge,
        vs_baseline,
        r.implied,
        r.consistency,
    )


def counts_business_days(milestone: Milestone, tolerance: Duration) -> bool:
    """Whether judging ``milestone`` reads its slips in business days: its
    tolerance, or a waiver's ``up_to``, is in business days."""
    if tolerance.unit is DurationUnit.BUSINESS_DAYS:
        return True
    return any(
        w.up_to is not None and w.up_to.unit is DurationUnit.BUSINESS_DAYS
        for w in milestone.accepted
    )
