"""A slip: how far a later date lies from a planned one, at the precision both
dates share (the rules, with worked examples, are in ``docs/slippage.md``).

* days: ``days_min = A.start - P.end``, ``days_max = A.end - P.start``; ``days``
  is exact only when both dates are single days.
* months, at the coarser precision of the two dates: for days, whole months by
  relativedelta between the nearer and the farther ends; for coarser dates,
  months between the first months of the units holding the ends.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum

from plantrack.dates import FuzzyDate, OpenInterval, Precision
from plantrack.memo import MEMO_SIZE
from plantrack.months import months_between_days
from plantrack.sliptext import Direction, open_slip_text, signed_months, slip_text

__all__ = ["Basis", "Change", "Slip", "compute_slip"]


class Basis(str, Enum):
    """What a slip compares the planned date with."""

    ACTUAL = "actual"
    FORECAST = "forecast"
    AS_OF = "as_of"
    REBASELINE = "rebaseline"  # a re-baselined date, the latest expectation known
    PLANNED = "planned"  # the planned date itself (diff: a version with no later news)
    IMPLIED = "implied"  # the date its predecessors imply (plantrack.knockon)


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


# Slips already worked out, by their arguments: a big plan repeats its pairs
# of dates (63% of the slips of the 100k benchmark plan), and all three
# arguments are frozen and hashable (a date's text takes no part in equality,
# nor in the slip). Bounded like plantrack.memo: when full it starts again.
_SLIPS: dict[tuple[FuzzyDate, FuzzyDate | OpenInterval, Basis], Slip] = {}


def compute_slip(
    planned: FuzzyDate, later: FuzzyDate | OpenInterval, basis: Basis = Basis.ACTUAL
) -> Slip:
    """The slip from ``planned`` (P) to ``later`` (A), as documented in docs/slippage.md;
    an ``A`` with no end gives an open-ended slip (``at least 2 years``)."""
    key = (planned, later, basis)
    found = _SLIPS.get(key)
    if found is None:
        found = _compute_slip(planned, later, basis)
        if len(_SLIPS) >= MEMO_SIZE:
            _SLIPS.clear()
        _SLIPS[key] = found
    return found


def _compute_slip(planned: FuzzyDate, later: FuzzyDate | OpenInterval, basis: Basis) -> Slip:
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
