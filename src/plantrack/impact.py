"""``plantrack impact``: a what-if on the knock-on.  If milestone ID slipped by
a duration (or moved to a date), how would every milestone downstream of it
move?  Pure: it evaluates, it never writes (:meth:`plantrack.knockon.KnockOn.what_if`)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from plantrack.dates import FuzzyDate
from plantrack.durations import Duration
from plantrack.knockon import Interval, KnockOn, interval_text, shift
from plantrack.knowledge import Replay
from plantrack.model import Plan

__all__ = ["Impact", "ImpactRow", "impact"]


@dataclass(frozen=True, slots=True)
class ImpactRow:
    """A milestone downstream: its date now and with the change, and how far
    it moves (``days_min``/``days_max``: the smaller and the larger of the
    starts' and the ends' shifts; ``days_max`` None when an end is open)."""

    id: str
    name: str
    now: Interval
    then: Interval
    days_min: int
    days_max: int | None

    @property
    def change(self) -> str:
        """``+31 days``, ``+30–31 days``, ``no change``, ``-7 days``."""
        lo, hi = self.days_min, self.days_max
        if lo == 0 and hi == 0:
            return "no change"
        if hi is None:
            return f"at least {lo:+d} days"
        if lo == hi:
            return f"{lo:+d} day{'' if abs(lo) == 1 else 's'}"
        return f"{lo:+d}–{hi:+d} days".replace("–+", "–")


@dataclass(frozen=True, slots=True)
class Impact:
    """The what-if: ``milestone`` moved from ``before`` to ``after``, as of a date."""

    plan: Plan
    as_of: _dt.date
    milestone: str
    before: Interval | None
    after: Interval | None
    change: str
    rows: tuple[ImpactRow, ...]

    @property
    def before_text(self) -> str:
        return "unknown" if self.before is None else interval_text(self.before)

    @property
    def after_text(self) -> str:
        return "unknown" if self.after is None else interval_text(self.after)


def _days(now: Interval, then: Interval) -> tuple[int, int | None]:
    lo = (then.start - now.start).days
    if now.end is None or then.end is None:
        return lo, None
    hi = (then.end - now.end).days
    return min(lo, hi), max(lo, hi)


def impact(
    plan: Plan,
    as_of: _dt.date,
    milestone_id: str,
    *,
    slip: Duration | None = None,
    to: FuzzyDate | None = None,
) -> Impact:
    """Every milestone downstream of ``milestone_id`` if it slipped by ``slip``
    (or moved to ``to``), worst first (then in file order).  ``KeyError`` for
    an unknown id."""
    plan.milestone(milestone_id)
    knock = KnockOn(Replay(plan, as_of))
    before = knock.passes_on(milestone_id)
    after: Interval | None = to
    if to is None and before is not None:
        after = shift(before, slip, knock)
    change = f"to {to.canonical()}" if to is not None else f"slips {slip}"
    moved = knock.what_if(milestone_id, after) if after is not None else {}
    index = {m.id: m.index for m in plan.milestones}
    rows = [
        ImpactRow(mid, plan.milestone(mid).name, now, then, *_days(now, then))
        for mid, (now, then) in moved.items()
    ]
    far = 10**9

    def worst(r: ImpactRow) -> tuple[int, int, int]:
        hi = far if r.days_max is None else r.days_max
        return (-hi, -r.days_min, index[r.id])

    rows.sort(key=worst)
    return Impact(plan, as_of, milestone_id, before, after, change, tuple(rows))
