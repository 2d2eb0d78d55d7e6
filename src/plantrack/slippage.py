"""Slippage and status, as pure functions of the plan and an ``as_of`` date.

The rules are documented with worked examples in ``docs/slippage.md``:

* days: ``days_min = A.start - P.end``, ``days_max = A.end - P.start``; ``days``
  is exact only when both dates are single days.
* months, at the coarser precision of the two dates: for days, whole months by
  relativedelta between the nearer and the farther ends; for coarser dates,
  months between the first months of the units holding the ends.
* status as of a date, which hides what was not yet known then.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from plantrack.dates import FuzzyDate, OpenInterval, Precision
from plantrack.knockon import Consistency, Implied, KnockOn, consistency
from plantrack.knowledge import Knowledge, KnownForecast, KnownRebaseline, Replay
from plantrack.model import Milestone, Plan
from plantrack.months import months_between_days
from plantrack.sliptext import Direction, open_slip_text, signed_months, slip_text

__all__ = [
    "LATE_STATUSES",
    "Basis",
    "Change",
    "Direction",
    "MilestoneResult",
    "Report",
    "Slip",
    "Status",
    "Summary",
    "compute_slip",
    "evaluate",
    "evaluate_milestone",
    "known_forecasts",
    "resolve_as_of",
    "signed_months",
    "slip_against",
    "summarize",
]


class Basis(str, Enum):
    """What a slip compares the planned date with."""

    ACTUAL = "actual"
    FORECAST = "forecast"
    AS_OF = "as_of"
    REBASELINE = "rebaseline"  # a re-baselined date, the latest expectation known
    PLANNED = "planned"  # the planned date itself (diff: a version with no later news)
    IMPLIED = "implied"  # the date its predecessors imply (plantrack.knockon)


class Status(str, Enum):
    """A milestone's status as of a date."""

    EARLY = "early"
    ON_TIME = "on time"
    LATE = "late"
    OVERDUE = "overdue"
    FORECAST_LATE = "forecast late"
    ON_TRACK = "on track"
    UNSCHEDULED = "unscheduled"
    POSTPONED = "postponed"  # the latest forecast withdrew the date, with no new one


LATE_STATUSES = frozenset({Status.LATE, Status.OVERDUE, Status.FORECAST_LATE, Status.POSTPONED})


@dataclass(frozen=True, slots=True)
class Slip:
    """How far a later date lies from the planned one, at the precision both allow.

    ``precision`` is the comparison precision: day when both dates are
    day-precise, else the coarser of the two.  ``days_max`` and ``months_max``
    are None when the later date has no end (``no earlier than 2015``, or a
    withdrawn date measured so far): the slip is "at least" its minimum.
    """

    basis: Basis
    precision: Precision
    days: int | None
    days_min: int
    days_max: int | None
    months_min: int
    months_max: int | None
    text: str
    direction: Direction
    business_days_min: int | None = None
    business_days_max: int | None = None

    @property
    def described(self) -> str:
        """The text, with ``so far`` when measured up to the as-of date."""
        return f"{self.text} so far" if self.basis is Basis.AS_OF else self.text

    @property
    def magnitude(self) -> str:
        """The text without the direction word: ``2 months`` for ``2 months early``
        (an early slip reads ``{magnitude} early``); the whole text otherwise."""
        if self.direction is Direction.EARLY:
            return self.text.removesuffix(" early")
        return self.text

    @property
    def certainly_late(self) -> bool:
        """Later than planned even at the nearest ends (judged at the comparison precision)."""
        lo = self.days_min if self.precision is Precision.DAY else self.months_min
        return lo > 0

    @property
    def certainly_early(self) -> bool:
        """Earlier than planned even at the farthest ends."""
        hi = self.days_max if self.precision is Precision.DAY else self.months_max
        return hi is not None and hi < 0

    @property
    def open_ended(self) -> bool:
        """True when the slip has no farthest reading (``at least ...``)."""
        return self.days_max is None


def compute_slip(
    planned: FuzzyDate, later: FuzzyDate | OpenInterval, basis: Basis = Basis.ACTUAL
) -> Slip:
    """The slip from ``planned`` (P) to ``later`` (A), as documented in docs/slippage.md;
    an ``A`` with no end gives an open-ended slip (``at least 2 years``)."""
    if isinstance(later, OpenInterval):
        return _open_slip(planned, later, basis)
    days_min = (later.start - planned.end).days
    days_max = (later.end - planned.start).days
    exact = days_min if planned.is_single_day and later.is_single_day else None
    precision = planned.precision.coarser(later.precision)
    if precision is Precision.DAY:
        lo = months_between_days(planned.end, later.start)
        hi = months_between_days(planned.start, later.end)
    else:
        size = precision.months
        p_first = _unit_start(planned.start, size)
        p_last = _unit_start(planned.end, size)
        a_first = _unit_start(later.start, size)
        a_last = _unit_start(later.end, size)
        lo = (a_first - p_last, 0)
        hi = (a_last - p_first, 0)
    within = planned.start <= later.start and later.end <= planned.end
    if within or lo == hi == (0, 0):
        direction = Direction.ON_TIME
    elif lo >= (0, 0):
        direction = Direction.LATE
    elif hi <= (0, 0):
        direction = Direction.EARLY
    else:
        direction = Direction.MIXED
    return Slip(
        basis=basis,
        precision=precision,
        days=exact,
        days_min=days_min,
        days_max=days_max,
        months_min=lo[0],
        months_max=hi[0],
        text=slip_text(direction, lo, hi),
        direction=direction,
    )


def _open_slip(planned: FuzzyDate, later: OpenInterval, basis: Basis) -> Slip:
    """From ``planned`` to ``later.start`` at the nearest ends; no farthest reading."""
    precision = planned.precision.coarser(later.precision)
    if precision is Precision.DAY:
        lo = months_between_days(planned.end, later.start)
    else:
        size = precision.months
        lo = (_unit_start(later.start, size) - _unit_start(planned.end, size), 0)
    return Slip(
        basis=basis,
        precision=precision,
        days=None,
        days_min=(later.start - planned.end).days,
        days_max=None,
        months_min=lo[0],
        months_max=None,
        text=open_slip_text(lo),
        direction=Direction.LATE if lo > (0, 0) else Direction.MIXED,
    )


def _unit_start(d: _dt.date, size: int) -> int:
    return d.year * 12 + ((d.month - 1) // size) * size


@dataclass(frozen=True, slots=True)
class Change:
    """Months of slip added between two slips: ``[months_min, months_max]``."""

    months_min: int
    months_max: int

    @property
    def text(self) -> str:
        """``+2–3 months``, ``2–3 months earlier`` (:func:`signed_months`)."""
        return signed_months(self.months_min, self.months_max)

    @classmethod
    def between(cls, before: Slip, after: Slip) -> Change | None:
        """Interval difference ``after - before`` of two slips in months (None
        when either slip has no farthest reading)."""
        if before.months_max is None or after.months_max is None:
            return None
        return cls(after.months_min - before.months_max, after.months_max - before.months_min)


def known_forecasts(
    milestone: Milestone, as_of: _dt.date, replay: Replay | None = None
) -> tuple[KnownForecast, ...]:
    """The forecasts known at ``as_of``, oldest first (see :mod:`plantrack.knowledge`)."""
    return _knowledge(milestone, as_of, replay).forecasts


def _knowledge(milestone: Milestone, as_of: _dt.date, replay: Replay | None) -> Knowledge:
    own = replay if replay is not None and replay.as_of == as_of else None
    return (own or Replay(Plan("", "", (milestone,)), as_of)).knowledge(milestone)


@dataclass(frozen=True, slots=True)
class MilestoneResult:
    """A milestone as it stood at ``as_of``.

    ``forecast`` is the latest forecast known then, ``actual`` the actual if it
    had happened by then, and ``history`` every forecast known then, oldest first.
    ``slip`` is against the original baseline; ``slip_vs_baseline`` against the
    baseline in force, only when a re-baseline is known.  ``knowledge`` is
    everything known then (:func:`plantrack.knowledge.known_as_of`); ``implied``
    the date its predecessors imply then, and ``consistency`` how its own
    expected date stands against it (:mod:`plantrack.knockon`).
    """

    milestone: Milestone
    status: Status
    slip: Slip | None
    forecast: KnownForecast | None
    actual: FuzzyDate | None
    history: tuple[KnownForecast, ...]
    knowledge: Knowledge
    slip_vs_baseline: Slip | None = None
    implied: Implied | None = None
    consistency: Consistency | None = None

    @property
    def expected(self) -> FuzzyDate | OpenInterval | None:
        """The expected date, by the knowledge rule (None when withdrawn)."""
        return self.knowledge.expected

    @property
    def planned(self) -> FuzzyDate | None:
        """The original baseline, as known then (references resolved)."""
        return self.knowledge.planned

    @property
    def baseline(self) -> FuzzyDate | None:
        """The baseline in force then."""
        return self.knowledge.baseline


def slip_against(baseline: FuzzyDate | None, known: Knowledge) -> Slip | None:
    """The slip of what was known (``known``) against ``baseline``: to the actual;
    else, past the baseline, to the latest expectation when it is still ahead,
    else up to the as-of date ("so far"; open-ended when the date was
    withdrawn); else to the latest expectation (none when it was withdrawn)."""
    if baseline is None:
        return None
    if known.actual is not None:
        return compute_slip(baseline, known.actual, Basis.ACTUAL)
    latest = known.latest
    basis = Basis.REBASELINE if isinstance(latest, KnownRebaseline) else Basis.FORECAST
    date = latest.date if latest is not None else None
    as_of = known.as_of
    if as_of > baseline.end:
        if isinstance(date, OpenInterval) and date.start > as_of:
            return compute_slip(baseline, date, basis)
        if isinstance(date, FuzzyDate) and date.end > as_of:
            return compute_slip(baseline, date, basis)
        if latest is not None and not isinstance(date, FuzzyDate):  # open, or withdrawn
            return compute_slip(baseline, OpenInterval(as_of, Precision.DAY), Basis.AS_OF)
        return compute_slip(baseline, FuzzyDate.day(as_of), Basis.AS_OF)
    if date is not None:
        return compute_slip(baseline, date, basis)
    return None


def _status(known: Knowledge, slip: Slip | None) -> Status:
    """Judged against the original baseline."""
    planned = known.planned
    if known.postponed:
        return Status.POSTPONED
    if planned is None:
        return Status.UNSCHEDULED
    if known.actual is not None:
        assert slip is not None
        if slip.certainly_early:
            return Status.EARLY
        return Status.LATE if slip.certainly_late else Status.ON_TIME
    if known.as_of > planned.end:
        return Status.OVERDUE
    late = slip is not None and slip.certainly_late
    return Status.FORECAST_LATE if late else Status.ON_TRACK


def evaluate_milestone(
    milestone: Milestone,
    as_of: _dt.date,
    replay: Replay | None = None,
    knock: KnockOn | None = None,
) -> MilestoneResult:
    """The status and slip of ``milestone`` as known at ``as_of``.  Pass the
    plan's :class:`~plantrack.knowledge.Replay` to resolve references to other
    milestones (without it, they are unknown), and its :class:`KnockOn` for the
    dates its predecessors imply."""
    known = _knowledge(milestone, as_of, replay)
    slip = slip_against(known.planned, known)
    status = _status(known, slip)
    implied = knock.implied(milestone) if knock is not None else None
    planned = known.planned
    late = implied is not None and planned is not None and implied.date.start > planned.end
    if status is Status.ON_TRACK and known.latest is None and late:  # a predecessor is late
        assert implied is not None and planned is not None
        status, slip = Status.FORECAST_LATE, compute_slip(planned, implied.date, Basis.IMPLIED)
    vs_baseline = slip_against(known.baseline, known) if known.rebaselines else None
    return MilestoneResult(
        milestone,
        status,
        slip,
        known.forecast,
        known.actual,
        known.forecasts,
        known,
        vs_baseline,
        implied,
        consistency(known, implied),
    )


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts for the line under a table: how many are late, and the worst."""

    total: int
    late: int
    counts: tuple[tuple[Status, int], ...]
    worst: MilestoneResult | None

    def __call__(self) -> Summary:
        """Itself: ``Report.summary`` was a method until 0.2; calling it warns."""
        warnings.warn(
            "Report.summary is a property: use report.summary, not report.summary()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self

    def __repr__(self) -> str:
        return f"<Summary: {self.text()}>"

    def text(self) -> str:
        """``1 of 7 milestones late, worst: ict-strategy, 10 months``."""
        noun = "milestone" if self.total == 1 else "milestones"
        head = f"{self.late} of {self.total} {noun} late"
        if self.worst is not None and self.worst.slip is not None:
            head += f", worst: {self.worst.milestone.id}, {self.worst.slip.described}"
        return head


def _severity(result: MilestoneResult) -> tuple[int, int, int, int]:
    slip = result.slip
    assert slip is not None  # only called on late results, which all have a slip
    far = 10**9  # no farthest reading: at least the minimum, possibly any amount
    months_max = far if slip.months_max is None else slip.months_max
    days_max = far if slip.days_max is None else slip.days_max
    return (slip.months_min, months_max, slip.days_min, days_max)


def summarize(results: Iterable[MilestoneResult]) -> Summary:
    """Count results by status and find the worst late one (largest slip)."""
    items = list(results)
    late = [r for r in items if r.status in LATE_STATUSES and r.slip is not None]
    counts = tuple(
        (status, n) for status in Status if (n := sum(r.status is status for r in items))
    )
    worst = max(late, key=_severity) if late else None
    return Summary(len(items), len(late), counts, worst)


@dataclass(frozen=True, slots=True)
class Report:
    """A plan evaluated as of a date: one result per milestone, in file order."""

    plan: Plan
    as_of: _dt.date
    results: tuple[MilestoneResult, ...]

    @property
    def summary(self) -> Summary:
        """The summary line's figures (a property; calling it, ``report.summary()``,
        still works but is deprecated)."""
        return summarize(self.results)

    def result(self, milestone_id: str) -> MilestoneResult:
        """The result for milestone ``milestone_id`` (``KeyError`` if none)."""
        for r in self.results:
            if r.milestone.id == milestone_id:
                return r
        raise KeyError(milestone_id)


def resolve_as_of(plan: Plan, override: _dt.date | None, today: _dt.date) -> _dt.date:
    """The date a report stands at: ``override``, else the plan's ``as_of``
    (the end of its interval), else ``today``."""
    if override is not None:
        return override
    if plan.as_of is not None:
        return plan.as_of.end
    return today


def evaluate(plan: Plan, as_of: _dt.date) -> Report:
    """Evaluate every milestone of ``plan`` as known at ``as_of``."""
    replay = Replay(plan, as_of)
    knock = KnockOn(replay)
    results = tuple(evaluate_milestone(m, as_of, replay, knock) for m in plan.milestones)
    return Report(plan, as_of, results)
