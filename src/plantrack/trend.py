"""Milestone trend analysis (MTA), as pure functions of a milestone and an ``as_of`` date.

Each forecast is a point: *when* it was reported (x) and *what* it said (y).
The actual, once it happened, is the last point, reported on its own date.
From the points come the figures documented with a worked example in
``docs/trend.md``:

* the slip of each point against the baseline (``compute_slip``), and the
  change since the previous point;
* the **slip rate**: months of slip added per month elapsed between the first
  and the last report, as a range when the dates are ranges;
* a **verdict** that claims only what holds across the whole range;
* a naive **projection** of where the milestone lands if the rate holds
  (a rate of 1 or more never lands);
* the **outcome** where an actual exists: how far the last forecast was off.

A milestone with predecessors (``depends_on``) also has a separate series of
**implied** points: its implied date as known on each day news about a
predecessor changed it (:mod:`plantrack.impliedtrend`).  They are never
part of the rate, the verdict, the projection or the outcome.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from plantrack.attribution import actual_source
from plantrack.dates import FuzzyDate, Precision
from plantrack.impliedtrend import implied_history
from plantrack.knockon import lag_text
from plantrack.knowledge import KnownRebaseline, Replay
from plantrack.model import Milestone, Plan
from plantrack.slippage import (
    Basis,
    Change,
    Direction,
    Slip,
    compute_slip,
    evaluate_milestone,
    known_forecasts,
)

__all__ = [
    "AS_FAST_AS_TIME",
    "MEAN_MONTH_DAYS",
    "Outcome",
    "Point",
    "PointKind",
    "Projection",
    "Rate",
    "Trend",
    "Verdict",
    "compute_trend",
    "compute_trends",
]

MEAN_MONTH_DAYS = 365.25 / 12  # 30.4375: days in the mean Gregorian month
AS_FAST_AS_TIME = 0.9  # a rate from which the verdict says "as fast as time passes"


class Verdict(str, Enum):
    """What the slip rate says, claiming only what holds across its whole range."""

    STABLE = "stable"
    SLIPPING = "slipping"
    AS_FAST_AS_TIME = "slipping as fast as time passes"
    RECOVERING = "recovering"


class PointKind(str, Enum):
    """What a point of the story is: a forecast, the actual (the last point),
    or the date the predecessors implied (a separate series)."""

    FORECAST = "forecast"
    ACTUAL = "actual"
    IMPLIED = "implied"


@dataclass(frozen=True, slots=True)
class Point:
    """One step of the story: ``date`` as it stood when ``reported``.

    ``kind`` says whether it is a forecast or the actual (an actual is
    reported on its own date). ``reported`` is None for a forecast with no reported date: such a
    point is listed but has no place on the time axis and is left out of the rate.
    """

    kind: PointKind
    reported: FuzzyDate | None
    date: FuzzyDate
    source: str | None
    note: str | None
    slip: Slip | None
    change: Change | None


@dataclass(frozen=True, slots=True)
class Rate:
    """Slip added per month elapsed, from ``first`` to ``last`` (see docs/trend.md).

    ``added`` is the slip added in whole months; ``elapsed_days_*`` the days
    between the reports at their nearer and farther ends; ``rate_*`` the ratio
    at the corners of those ranges.
    """

    first: Point
    last: Point
    added: Change
    elapsed_days_min: int
    elapsed_days_max: int
    rate_min: float
    rate_max: float

    @property
    def elapsed_months_min(self) -> float:
        """Nearer-end elapsed time in mean months."""
        return self.elapsed_days_min / MEAN_MONTH_DAYS

    @property
    def elapsed_months_max(self) -> float:
        """Farther-end elapsed time in mean months."""
        return self.elapsed_days_max / MEAN_MONTH_DAYS

    @property
    def text(self) -> str:
        """``0.57–0.76`` (two decimals; one figure when both ends round alike);
        negative ends with the minus sign of the other texts, and a spaced
        range dash between signed figures: ``−0.50 – −0.20``, ``−0.10 – 0.25``."""
        lo, hi = _decimal(self.rate_min), _decimal(self.rate_max)
        if lo == hi:
            return lo
        return f"{lo} – {hi}" if lo.startswith("−") else f"{lo}–{hi}"

    @property
    def elapsed_text(self) -> str:
        """``5.3 months`` or ``3.1–4.0 months``."""
        lo, hi = f"{self.elapsed_months_min:.1f}", f"{self.elapsed_months_max:.1f}"
        return f"{lo} months" if lo == hi else f"{lo}–{hi} months"


def _decimal(x: float) -> str:
    """Two decimals, with ``−`` (U+2212) for a negative figure (never ``-0.00``)."""
    text = f"{x:.2f}"
    if text.strip("-0.") == "":
        return "0.00"
    return text.replace("-", "−")


@dataclass(frozen=True, slots=True)
class Projection:
    """Where the milestone lands if the rate holds.

    ``lands`` is the month range of the landing date, ``None`` when it never
    lands; ``unbounded`` is true when only the slower end of the rate lands
    (``lands`` is then the earliest landing).
    """

    lands: FuzzyDate | None
    unbounded: bool
    text: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """How far the last forecast before the actual was off."""

    forecast: Point
    actual: FuzzyDate
    error: Slip

    @property
    def text(self) -> str:
        """``landed 2014-02-07, 1 month after the last forecast (2014-01, reported 2013-12)``."""
        f = self.forecast
        when = f", reported {f.reported.display}" if f.reported else ""
        e = self.error
        if e.direction is Direction.ON_TIME:
            how = "within the last forecast"
        elif e.direction is Direction.MIXED and e.months_min < 0 < (e.months_max or 0):
            how = f"{e.text} against the last forecast"
        elif e.direction is Direction.EARLY:
            how = f"{e.magnitude} before the last forecast"
        else:  # late, or early and late by days within the same month
            how = f"{e.text} after the last forecast"
        return f"landed {self.actual.display}, {how} ({f.date.display}{when})"


@dataclass(frozen=True, slots=True)
class Trend:
    """A milestone's trend as known at ``as_of``."""

    milestone: Milestone
    as_of: _dt.date
    baseline: FuzzyDate | None
    points: tuple[Point, ...]
    rate: Rate | None
    verdict: Verdict | None
    projection: Projection | None
    outcome: Outcome | None
    planned: FuzzyDate | None = None  # the planned date as known at ``as_of``
    rebaselines: tuple[KnownRebaseline, ...] = ()  # approved by ``as_of``, oldest first
    implied: tuple[Point, ...] = ()  # the implied series, oldest first (kind IMPLIED)

    @property
    def landed(self) -> bool:
        """True when the actual is known at ``as_of``."""
        return bool(self.points) and self.points[-1].kind is PointKind.ACTUAL


def _points(
    milestone: Milestone, as_of: _dt.date, replay: Replay | None
) -> tuple[FuzzyDate | None, list[Point]]:
    known = evaluate_milestone(milestone, as_of, replay)  # what was known then
    raw: list[tuple[PointKind, FuzzyDate | None, FuzzyDate, str | None, str | None]] = [
        (PointKind.FORECAST, f.reported, f.date, f.source, f.note)
        for f in known.history
        if isinstance(f.date, FuzzyDate)  # a withdrawn or open-ended date has no point
    ]
    actual = known.actual
    if actual is not None:
        raw.append((PointKind.ACTUAL, actual, actual, actual_source(milestone, actual), None))
    baseline = known.planned
    if baseline is None and raw:
        baseline = raw[0][2]  # no plan: the first forecast stands as the baseline
    points: list[Point] = []
    for kind, reported, date, source, note in raw:
        slip = compute_slip(baseline, date, Basis.FORECAST) if baseline else None
        prev = points[-1].slip if points else None
        change = Change.between(prev, slip) if prev and slip else None
        points.append(Point(kind, reported, date, source, note, slip, change))
    return baseline, points


def _rate(points: list[Point]) -> Rate | None:
    placed = [p for p in points if p.reported is not None and p.slip is not None]
    if len(placed) < 2:
        return None
    first, last = placed[0], placed[-1]
    assert first.reported
    assert last.reported
    assert first.slip
    assert last.slip
    added = Change.between(first.slip, last.slip)
    if added is None:  # pragma: no cover - points are closed dates, so are their slips
        return None
    lo_days = (last.reported.start - first.reported.end).days
    hi_days = (last.reported.end - first.reported.start).days
    if lo_days < 1:
        return None  # the reports overlap: no time can be said to have passed
    ratios = [
        a / (d / MEAN_MONTH_DAYS)
        for a in (added.months_min, added.months_max)
        for d in (lo_days, hi_days)
    ]
    return Rate(first, last, added, lo_days, hi_days, min(ratios), max(ratios))


def _verdict(rate: Rate) -> Verdict:
    if rate.rate_min >= AS_FAST_AS_TIME:
        return Verdict.AS_FAST_AS_TIME
    if rate.added.months_min > 0:
        return Verdict.SLIPPING
    if rate.added.months_max < 0:
        return Verdict.RECOVERING
    return Verdict.STABLE


def _month_range(lo: _dt.date, hi: _dt.date) -> FuzzyDate:
    start = lo.replace(day=1)
    end = FuzzyDate.unit(hi.year, hi.month, Precision.MONTH).end
    fd = FuzzyDate(start, end, Precision.MONTH)
    return fd.with_text(fd.canonical())


def _landing(reported: _dt.date, forecast: _dt.date, rate: float) -> _dt.date:
    """``t = R + (F - R) / (1 - r)``, never before the report itself."""
    gap = (forecast - reported).days / (1 - rate)
    days = max(0.0, gap)
    limit = (_dt.date.max - reported).days
    return reported + _dt.timedelta(days=min(round(days), limit))


def _projection(rate: Rate) -> Projection:
    last = rate.last
    assert last.reported is not None
    fast = "at a slip rate of 1 or more the date moves out as fast as time passes"
    if rate.rate_min >= 1:
        return Projection(None, unbounded=False, text=f"never lands: {fast}")
    if last.date.end < last.reported.start:
        return Projection(
            None, unbounded=False, text="none: the latest forecast was already past when reported"
        )
    rates = [r for r in (rate.rate_min, rate.rate_max) if r < 1]
    ends = [
        _landing(r_end, f_end, r)
        for r_end in (last.reported.start, last.reported.end)
        for f_end in (last.date.start, last.date.end)
        for r in rates
    ]
    if rate.rate_max >= 1:
        lands = _month_range(min(ends), min(ends))
        return Projection(
            lands,
            unbounded=True,
            text=f"no earlier than {lands.display} if the rate holds; "
            f"at its fastest it never lands ({fast})",
        )
    lands = _month_range(min(ends), max(ends))
    return Projection(lands, unbounded=False, text=f"lands {lands.display} if the rate holds")


def _outcome(points: list[Point]) -> Outcome | None:
    if not points or points[-1].kind is not PointKind.ACTUAL:
        return None
    actual = points[-1].date
    before = [p for p in points[:-1] if p.reported is None or p.reported.end <= actual.end]
    if not before:
        return None
    last = before[-1]
    return Outcome(last, actual, compute_slip(last.date, actual, Basis.ACTUAL))


def _implied_points(
    milestone: Milestone, as_of: _dt.date, replay: Replay | None, baseline: FuzzyDate | None
) -> tuple[Point, ...]:
    """The implied series: ``reported`` the day it became known, ``source``
    the predecessors that drive it (with their lags); a date with no end has
    no point."""
    if replay is None or not milestone.depends_on:
        return ()
    points: list[Point] = []
    for day, implied in implied_history(replay.plan, milestone, as_of):
        if not isinstance(implied.date, FuzzyDate):
            continue
        by = ", ".join(f"{mid}{lag_text(lag)}" for mid, lag in implied.drivers)
        slip = compute_slip(baseline, implied.date, Basis.IMPLIED) if baseline else None
        prev = points[-1].slip if points else None
        change = Change.between(prev, slip) if prev and slip else None
        points.append(
            Point(PointKind.IMPLIED, FuzzyDate.day(day), implied.date, by, None, slip, change)
        )
    return tuple(points)


def compute_trend(milestone: Milestone, as_of: _dt.date, replay: Replay | None = None) -> Trend:
    """The trend of ``milestone`` from the forecasts known at ``as_of`` (docs/trend.md);
    ``replay``: its plan's, to resolve references to other milestones."""
    baseline, points = _points(milestone, as_of, replay)
    rate = _rate(points)
    verdict = _verdict(rate) if rate else None
    landed = bool(points) and points[-1].kind is PointKind.ACTUAL
    projection = _projection(rate) if rate and not landed else None
    known = evaluate_milestone(milestone, as_of, replay)
    return Trend(
        milestone=milestone,
        as_of=as_of,
        baseline=baseline,
        points=tuple(points),
        rate=rate,
        verdict=verdict,
        projection=projection,
        outcome=_outcome(points),
        planned=known.planned,
        rebaselines=known.knowledge.rebaselines,
        implied=_implied_points(milestone, as_of, replay, baseline),
    )


def compute_trends(
    plan: Plan, as_of: _dt.date, milestone_ids: Iterable[str] = ()
) -> tuple[Trend, ...]:
    """Trends of the milestones named (``KeyError`` for an unknown id), else of
    every milestone with a forecast known at ``as_of``, in file order."""
    ids = list(milestone_ids)
    replay = Replay(plan, as_of)
    if ids:
        return tuple(compute_trend(plan.milestone(i), as_of, replay) for i in ids)
    return tuple(
        compute_trend(m, as_of, replay)
        for m in plan.milestones
        if known_forecasts(m, as_of, replay)
    )
