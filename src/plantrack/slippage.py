"""Slippage and status, as pure functions of the plan and an ``as_of`` date:
what was known then (:mod:`plantrack.knowledge`), the slip of the expected
date (:mod:`plantrack.slip`), and the status it gives, which hides what was
not yet known.  The rules are documented with worked examples in
``docs/slippage.md``.
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
from plantrack.slip import Basis, Change, Slip, compute_slip
from plantrack.sliptext import Direction, signed_months

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
