"""Knock-on: the date a milestone's predecessors (``depends_on``) imply for it,
as of a date, with interval arithmetic.

As of D, a predecessor P **passes on** its actual when it is known by D; else
the interval-wise maximum of its own expected date and its own implied date
(so a chain propagates), raised to at least D at both ends, since it has not
happened by D (an overdue predecessor cannot happen before D).  A withdrawn
expected date passes on nothing of its own; when P's baseline has passed it
still passes on D.

The **implied date** of M is ``[max(start + lag), max(end + lag)]`` over its
predecessors (no end when one of them has none).  It is a floor, shown beside
M's own expected date and never merged into it.  ``driven_by`` lists every
predecessor whose interval can be the latest (its end is at or after the
implied start).

Computed for the whole plan at once, in topological order (Kahn; no
recursion), once per :class:`~plantrack.knowledge.Replay` (one as-of date), so
the facts about each predecessor are those known on D.  A plan built in
Python with a cycle leaves the milestones on it without an implied date.
"""

from __future__ import annotations

import datetime as _dt
from collections import deque
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from plantrack.dates import FuzzyDate, OpenInterval, Precision
from plantrack.durations import Duration, DurationUnit, describe
from plantrack.knowledge import ExpectedBasis, Knowledge, Replay
from plantrack.model import Milestone
from plantrack.months import add_months, last_day

if TYPE_CHECKING:
    from plantrack.calendars import Calendar

__all__ = [
    "Consistency",
    "Implied",
    "Interval",
    "KnockOn",
    "consistency",
    "interval_text",
    "lag_text",
    "shift",
]

Interval = FuzzyDate | OpenInterval


@dataclass(frozen=True, slots=True)
class Implied:
    """The date a milestone's predecessors imply for it: ``date`` (no end when a
    predecessor's has none), and the predecessors that can drive it, each with
    its lag (``drivers``; several when their intervals overlap)."""

    date: Interval
    drivers: tuple[tuple[str, Duration | None], ...]

    @property
    def driven_by(self) -> tuple[str, ...]:
        """The ids of the driving predecessors, each once, in ``depends_on`` order."""
        return tuple(dict.fromkeys(mid for mid, _ in self.drivers))

    @property
    def text(self) -> str:
        """``hundred-day-plan + 2 weeks: 2013-01-23..2013-02-22``."""
        by = ", ".join(f"{mid}{lag_text(lag)}" for mid, lag in self.drivers)
        return f"{by}: {interval_text(self.date)}"


class Consistency(str, Enum):
    """How a milestone's own expected date stands against its implied date."""

    NECESSARILY_INCONSISTENT = "necessarily inconsistent"  # ends before the implied start
    POSSIBLY_INCONSISTENT = "possibly inconsistent"  # starts before it, ends on or after


def lag_text(lag: Duration | None) -> str:
    """`` + 2 weeks``, `` - 3 business days``, or ``""`` for no lag."""
    if lag is None or lag.amount == 0:
        return ""
    sign = "-" if lag.amount < 0 else "+"
    text = lag.text.lstrip("-").strip() if lag.text else describe(abs(lag.amount), lag.unit)
    return f" {sign} {text}"


def interval_text(date: Interval) -> str:
    """A date's canonical text; ``from 2015-01-01`` for one with no end."""
    if isinstance(date, OpenInterval):
        return f"from {date.start.isoformat()}"
    return date.canonical()


def consistency(known: Knowledge, implied: Implied | None) -> Consistency | None:
    """Whether the own forecast (or re-baseline) of a milestone not yet done
    ignores the knock-on: None when it is consistent, or when there is no own
    forecast to compare (a planned date alone gets the knock-on slip instead)."""
    own = known.expected
    own_news = known.basis in (ExpectedBasis.FORECAST, ExpectedBasis.REBASELINE)
    if implied is None or own is None or not own_news:
        return None
    floor = implied.date.start
    if own.end is not None and own.end < floor:
        return Consistency.NECESSARILY_INCONSISTENT
    if own.start < floor:
        return Consistency.POSSIBLY_INCONSISTENT
    return None


def _make(start: _dt.date, end: _dt.date | None, precision: Precision) -> Interval:
    if end is None:
        return OpenInterval(start, precision)
    date = FuzzyDate(start, end, precision)
    return date.with_text(date.canonical())


def _latest(a: Interval | None, b: Interval | None) -> Interval | None:
    """The interval-wise maximum of two intervals (either may be missing)."""
    if a is None or b is None:
        return a or b
    start = max(a.start, b.start)
    end = None if a.end is None or b.end is None else max(a.end, b.end)
    for x in (a, b):
        if x.start == start and x.end == end:
            return x
    finer = a.precision if a.precision.rank < b.precision.rank else b.precision
    return _make(start, end, finer)


def _at_least(date: Interval, day: _dt.date) -> Interval:
    """``date`` with both ends raised to at least ``day``."""
    if date.start >= day:
        return date
    end = None if date.end is None else max(date.end, day)
    return _make(day, end, Precision.DAY)


def _workdays(d: _dt.date, n: int, calendar: Calendar) -> _dt.date:
    step = 1 if n > 0 else -1
    while n:
        d += _dt.timedelta(days=step)
        if calendar.is_working_day(d):
            n -= step
    return d


def shift(date: Interval, lag: Duration | None, calendar: KnockOn) -> Interval | None:
    """``date`` moved by ``lag`` at both ends (None when out of range);
    business days by ``calendar``'s working days."""
    if lag is None or lag.amount == 0:
        return date
    n, end = lag.amount, date.end
    try:
        if lag.unit is DurationUnit.DAYS:
            delta = _dt.timedelta(days=n)
            return _make(date.start + delta, None if end is None else end + delta, Precision.DAY)
        if lag.unit is DurationUnit.BUSINESS_DAYS:
            cal = calendar.calendar
            start = _workdays(date.start, n, cal)
            return _make(start, None if end is None else _workdays(end, n, cal), Precision.DAY)
        start = add_months(date.start, n)
        if end is not None and date.precision is Precision.DAY:
            end = add_months(end, n)
        elif end is not None:  # coarse dates are month-aligned: move whole months
            first = add_months(end.replace(day=1), n)
            end = first.replace(day=last_day(first.year, first.month))
        return _make(start, end, date.precision)
    except (OverflowError, ValueError):
        return None


class KnockOn:
    """The implied date of every milestone of a plan as of ``replay``'s date,
    computed once (a memo, not a value)."""

    def __init__(self, replay: Replay, calendar: str | None = None) -> None:
        self.replay = replay
        self._calendar_code = calendar or replay.plan.calendar
        self._calendar: Calendar | None = None
        self._implied: dict[str, Implied | None] | None = None
        self._passed: dict[str, Interval | None] = {}
        self._order: list[str] | None = None  # topological, once computed

    def implied(self, milestone: Milestone | str) -> Implied | None:
        """The implied date of ``milestone`` (None: no predecessors, or none
        passes anything on)."""
        mid = milestone if isinstance(milestone, str) else milestone.id
        if self._implied is None:
            self._implied = self._compute()
        return self._implied.get(mid)

    def passes_on(self, milestone_id: str) -> Interval | None:
        """What ``milestone_id`` passes on to its successors as of the date."""
        self.implied(milestone_id)
        return self._passed.get(milestone_id)

    @property
    def calendar(self) -> Calendar:
        """The working days of business-day lags (loaded when first needed)."""
        if self._calendar is None:
            from plantrack.calendars import get_calendar  # imports numpy: only for 'bd' lags

            self._calendar = get_calendar(self._calendar_code)
        return self._calendar

    def what_if(self, milestone_id: str, date: Interval) -> dict[str, tuple[Interval, Interval]]:
        """If ``milestone_id`` passed on ``date`` instead: each milestone
        downstream of it (in topological order), with what it passes on now and
        what it would with the change.  Downstream dates are hypothetical, so an
        actual moves too ("had the review been later, the plan would have been")."""
        self.implied(milestone_id)
        plan = self.replay.plan
        reached = self._downstream(milestone_id)
        changed: dict[str, Interval | None] = {milestone_id: date}
        out: dict[str, tuple[Interval, Interval]] = {}
        for mid in self._order or []:
            if mid == milestone_id or mid not in reached:
                continue
            m = plan.milestone(mid)
            new = self._own(m)  # so an earlier date can pull a successor back
            for dep in m.depends_on:
                passed = changed.get(dep.milestone, self._passed.get(dep.milestone))
                if passed is not None:
                    new = _latest(new, self._shift(passed, dep.lag))
            changed[mid] = new
            now = self._passed.get(mid)
            if now is not None and new is not None:
                out[mid] = (now, new)
        return out

    def _downstream(self, milestone_id: str) -> set[str]:
        """``milestone_id`` and every milestone that depends on it, directly or not."""
        successors: dict[str, list[str]] = {m.id: [] for m in self.replay.plan.milestones}
        for m in self.replay.plan.milestones:
            for dep in m.depends_on:
                if dep.milestone in successors:
                    successors[dep.milestone].append(m.id)
        reached, stack = {milestone_id}, [milestone_id]
        while stack:
            for succ in successors[stack.pop()]:
                if succ not in reached:
                    reached.add(succ)
                    stack.append(succ)
        return reached

    def _compute(self) -> dict[str, Implied | None]:
        plan = self.replay.plan
        if not any(m.depends_on for m in plan.milestones):
            return {}
        by_id = {m.id: m for m in plan.milestones}
        waiting = {m.id: 0 for m in plan.milestones}
        successors: dict[str, list[str]] = {m.id: [] for m in plan.milestones}
        for m in plan.milestones:
            for dep in m.depends_on:
                if dep.milestone in by_id:
                    waiting[m.id] += 1
                    successors[dep.milestone].append(m.id)
        ready = deque(mid for mid, n in waiting.items() if n == 0)
        out: dict[str, Implied | None] = {}
        self._order = []
        while ready:
            mid = ready.popleft()
            self._order.append(mid)
            m = by_id[mid]
            out[mid] = self._implied_of(m)
            self._passed[mid] = self._pass_on(m, out[mid])
            for succ in successors[mid]:
                waiting[succ] -= 1
                if waiting[succ] == 0:
                    ready.append(succ)
        return out

    def _shift(self, date: Interval, lag: Duration | None) -> Interval | None:
        return shift(date, lag, self)

    def _implied_of(self, m: Milestone) -> Implied | None:
        shifted: list[tuple[str, Duration | None, Interval]] = []
        for dep in m.depends_on:
            passed = self._passed.get(dep.milestone)
            moved = None if passed is None else self._shift(passed, dep.lag)
            if moved is not None:
                shifted.append((dep.milestone, dep.lag, moved))
        if not shifted:
            return None
        date: Interval | None = None
        for _, _, moved in shifted:
            date = _latest(date, moved)
        assert date is not None
        drivers = tuple(
            (mid, lag)
            for mid, lag, moved in shifted
            if moved.end is None or moved.end >= date.start
        )
        return Implied(date, drivers)

    def _own(self, m: Milestone) -> Interval | None:
        """``m``'s own date as of the day: its actual, else its expected date
        raised to at least the day (None when withdrawn)."""
        known = self.replay.knowledge(m)
        if known.actual is not None:
            return known.actual
        own = known.expected
        return None if own is None else _at_least(own, self.replay.as_of)

    def _pass_on(self, m: Milestone, implied: Implied | None) -> Interval | None:
        known = self.replay.knowledge(m)
        if known.actual is not None:
            return known.actual
        day = self.replay.as_of
        own = known.expected if isinstance(known.expected, (FuzzyDate, OpenInterval)) else None
        date = _latest(own, None if implied is None else implied.date)
        if date is None:
            baseline = known.baseline
            overdue = baseline is not None and baseline.end < day
            return FuzzyDate.day(day) if overdue else None
        return _at_least(date, day)
