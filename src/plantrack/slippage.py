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

from plantrack.dates import FuzzyDate, Precision
from plantrack.model import Forecast, Milestone, Plan, report_order
from plantrack.months import months_between_days

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
    "summarize",
]


class Basis(str, Enum):
    """What a slip compares the planned date with."""

    ACTUAL = "actual"
    FORECAST = "forecast"
    AS_OF = "as_of"


class Status(str, Enum):
    """A milestone's status as of a date."""

    EARLY = "early"
    ON_TIME = "on time"
    LATE = "late"
    OVERDUE = "overdue"
    FORECAST_LATE = "forecast late"
    ON_TRACK = "on track"
    UNSCHEDULED = "unscheduled"


LATE_STATUSES = frozenset({Status.LATE, Status.OVERDUE, Status.FORECAST_LATE})


class Direction(str, Enum):
    """Which way a slip points, as its ``text`` reads."""

    ON_TIME = "on time"  # within the planned interval, or no difference at all
    LATE = "late"  # ``9 months``, ``6–7 months``
    EARLY = "early"  # ``2 months early``
    MIXED = "mixed"  # early at one end, late at the other: ``1 month early – 2 months late``


@dataclass(frozen=True, slots=True)
class Slip:
    """How far a later date lies from the planned one, at the precision both allow.

    ``precision`` is the comparison precision: day when both dates are
    day-precise, else the coarser of the two.
    """

    basis: Basis
    precision: Precision
    days: int | None
    days_min: int
    days_max: int
    months_min: int
    months_max: int
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
        return hi < 0


def compute_slip(planned: FuzzyDate, later: FuzzyDate, basis: Basis = Basis.ACTUAL) -> Slip:
    """The slip from ``planned`` (P) to ``later`` (A), as documented in docs/slippage.md."""
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
        text=_slip_text(direction, lo, hi),
        direction=direction,
    )


def _unit_start(d: _dt.date, size: int) -> int:
    return d.year * 12 + ((d.month - 1) // size) * size


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _span(months: int, days: int) -> str:
    """``3 years 5 months``, ``10 months 9 days``, ``12 days`` (non-negative figures)."""
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(_plural(years, "year"))
    if months:
        parts.append(_plural(months, "month"))
    if days or not parts:
        parts.append(_plural(days, "day"))
    return " ".join(parts)


def _magnitude_range(a: tuple[int, int], b: tuple[int, int]) -> str:
    """Text for a slip between the non-negative spans ``a`` <= ``b``."""
    if a == b:
        return _span(*a)
    (am, ad), (bm, bd) = a, b
    if am == bm == 0:
        return f"{ad}–{bd} days"
    if ad == bd == 0:
        if am % 12 == 0 and bm % 12 == 0:
            return f"{am // 12}–{bm // 12} years"
        if bm < 12:
            return f"{am}–{bm} months"
    return f"{_span(*a)} – {_span(*b)}"


def _slip_text(direction: Direction, lo: tuple[int, int], hi: tuple[int, int]) -> str:
    """``on time``, ``9 months``, ``6–7 months``, ``2 months early``,
    ``1 month early – 2 months late``."""
    neg_lo, neg_hi = (-hi[0], -hi[1]), (-lo[0], -lo[1])
    if direction is Direction.ON_TIME:
        return "on time"
    if direction is Direction.LATE:
        return _magnitude_range(lo, hi)
    if direction is Direction.EARLY:
        return f"{_magnitude_range(neg_lo, neg_hi)} early"
    return f"{_span(*neg_hi)} early – {_span(*hi)} late"


def signed_months(lo: int, hi: int) -> str:
    """A change of ``lo``..``hi`` whole months, in years and months:
    ``+2–3 months``, ``+7 years 1 month``, ``2–3 months earlier``,
    ``1 month earlier``, ``−1 to +2 months``, ``±0 months``.

    A negative change reads with ``earlier`` (as an early slip reads with
    ``early``), never as ``−2–3 months``, which could mean −2 to 3.
    """
    if lo == hi == 0:
        return "±0 months"
    if lo >= 0:
        return f"+{_magnitude_range((lo, 0), (hi, 0))}"
    if hi <= 0:
        return f"{_magnitude_range((-hi, 0), (-lo, 0))} earlier"
    if -lo < 12 and hi < 12:
        return f"−{-lo} to +{hi} months"
    return f"−{_span(-lo, 0)} to +{_span(hi, 0)}"


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
    def between(cls, before: Slip, after: Slip) -> Change:
        """Interval difference ``after - before`` of two slips in months."""
        return cls(after.months_min - before.months_max, after.months_max - before.months_min)


def known_forecasts(milestone: Milestone, as_of: _dt.date) -> tuple[Forecast, ...]:
    """The forecasts known at ``as_of``, oldest first.

    A forecast counts once it was reported (``reported.end <= as_of``); one
    without a ``reported`` date always counts, as the oldest.
    """
    known = [
        (i, f)
        for i, f in enumerate(milestone.forecasts)
        if f.reported is None or f.reported.end <= as_of
    ]
    known.sort(key=lambda indexed: report_order(indexed[1].reported, indexed[0]))
    return tuple(f for _, f in known)


@dataclass(frozen=True, slots=True)
class MilestoneResult:
    """A milestone as it stood at ``as_of``.

    ``forecast`` is the latest forecast known then, ``actual`` the actual if it
    had happened by then, and ``history`` every forecast known then, oldest first.
    """

    milestone: Milestone
    status: Status
    slip: Slip | None
    forecast: Forecast | None
    actual: FuzzyDate | None
    history: tuple[Forecast, ...]

    @property
    def expected(self) -> FuzzyDate | None:
        """The actual, else the latest forecast, else the planned date."""
        if self.actual is not None:
            return self.actual
        if self.forecast is not None:
            return self.forecast.date
        return self.milestone.planned


def evaluate_milestone(milestone: Milestone, as_of: _dt.date) -> MilestoneResult:
    """The status and slip of ``milestone`` as known at ``as_of``."""
    history = known_forecasts(milestone, as_of)
    latest = history[-1] if history else None
    actual = milestone.actual
    if actual is not None and actual.end > as_of:
        actual = None
    planned = milestone.planned

    slip: Slip | None = None
    if planned is None:
        status = Status.UNSCHEDULED
    elif actual is not None:
        slip = compute_slip(planned, actual, Basis.ACTUAL)
        if slip.certainly_early:
            status = Status.EARLY
        elif slip.certainly_late:
            status = Status.LATE
        else:
            status = Status.ON_TIME
    elif as_of > planned.end:
        status = Status.OVERDUE
        if latest is not None and latest.date.end > as_of:
            slip = compute_slip(planned, latest.date, Basis.FORECAST)
        else:
            slip = compute_slip(planned, FuzzyDate.day(as_of), Basis.AS_OF)
    elif latest is not None:
        slip = compute_slip(planned, latest.date, Basis.FORECAST)
        status = Status.FORECAST_LATE if slip.certainly_late else Status.ON_TRACK
    else:
        status = Status.ON_TRACK
    return MilestoneResult(milestone, status, slip, latest, actual, history)


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
    return (slip.months_min, slip.months_max, slip.days_min, slip.days_max)


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
    return Report(plan, as_of, tuple(evaluate_milestone(m, as_of) for m in plan.milestones))
