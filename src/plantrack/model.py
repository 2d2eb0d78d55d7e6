"""The plan, as frozen value types.  Built by :mod:`plantrack.loader`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from plantrack.dates import Bound, DateRef, FuzzyDate, Withdrawn
from plantrack.durations import Duration

__all__ = [
    "DateExpr",
    "Dependency",
    "Forecast",
    "ForecastExpr",
    "Milestone",
    "Plan",
    "Rebaseline",
    "Source",
    "Waiver",
    "report_order",
]

# A date as written in the plan: a date of the grammar, or a reference to another
# milestone's date (``build.expected + 2 weeks``), which is resolved when the plan is
# evaluated, as of a date (plantrack.knowledge), never when it is loaded.
DateExpr = FuzzyDate | DateRef
# What a forecast's date may be: also a bound (``no earlier than 2015``, ``by
# 2014``) or a withdrawn date (``unknown``, ``TBD``, ``postponed``).
ForecastExpr = FuzzyDate | DateRef | Bound | Withdrawn


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: an article, a report, an FOI reply."""

    id: str
    title: str | None = None
    publisher: str | None = None
    date: FuzzyDate | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Forecast:
    """A re-forecast as written: ``date`` as reported on ``reported`` (unknown:
    ``None``).  Either may be a reference; :mod:`plantrack.knowledge` resolves them."""

    date: ForecastExpr
    reported: DateExpr | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Rebaseline:
    """A re-approved baseline: from ``approved`` on, the baseline in force is ``date``."""

    approved: FuzzyDate
    date: FuzzyDate
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Waiver:
    """An accepted breach (``accepted:``): findings of ``rule`` (or ``any``) on the
    milestone are reported as accepted up to the end of ``until``, and only while
    the slip is at most ``up_to`` (when given)."""

    rule: str
    until: FuzzyDate
    reason: str
    source: str | None = None
    up_to: Duration | None = None


@dataclass(frozen=True, slots=True)
class Dependency:
    """``depends_on`` item: the milestone comes after ``milestone`` by ``lag``
    (None: no lag; a negative amount is a lead)."""

    milestone: str
    lag: Duration | None = None


def report_order(reported: FuzzyDate | None, index: int) -> tuple[bool, _dt.date, _dt.date, int]:
    """Sort key for forecasts in the order they were reported: one without a
    reported date first (the oldest), then by the reported interval's start and
    end, then by ``index`` (file order)."""
    if reported is None:
        return (False, _dt.date.min, _dt.date.min, index)
    return (True, reported.start, reported.end, index)


@dataclass(frozen=True, slots=True)
class Milestone:
    """One milestone as written: its baseline, its re-forecasts and re-baselines in
    file order, and its outcome.  ``planned`` is the original baseline.  Dates may
    be references (:data:`DateExpr`): read them through
    :func:`plantrack.knowledge.known_as_of`, which says what was known as of a date.

    ``planned_source`` and ``actual_source`` attribute those dates; ``source`` is
    the milestone's own source, which stands for both when they have none.
    ``index`` is the milestone's position in the file's ``milestones`` list,
    and ``line``/``column`` (1-based; 0 when unknown) where it starts in the file.
    """

    id: str
    name: str
    planned: DateExpr | None = None
    forecasts: tuple[Forecast, ...] = ()
    actual: DateExpr | None = None
    source: str | None = None
    planned_source: str | None = None
    actual_source: str | None = None
    notes: str | None = None
    deadline: DateExpr | None = None
    tolerance: Duration | None = None
    index: int = 0
    line: int = 0
    column: int = 0
    rebaselines: tuple[Rebaseline, ...] = ()
    accepted: tuple[Waiver, ...] = ()
    depends_on: tuple[Dependency, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan file: its milestones and sources.

    ``file`` is the name the plan is reported under (a path, or ``PATH@REV``).
    ``start`` is when the project started, ``headline`` the id of the milestone
    that stands for it (None: the default, see :mod:`plantrack.league`), and
    ``tags`` its labels by name.
    """

    file: str
    name: str
    milestones: tuple[Milestone, ...] = ()
    sources: Mapping[str, Source] = field(default_factory=dict)
    as_of: FuzzyDate | None = None
    tolerance: Duration | None = None
    calendar: str = "weekdays"
    notes: str | None = None
    version: int = 1
    start: FuzzyDate | None = None
    headline: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    def milestone(self, milestone_id: str) -> Milestone:
        """The milestone with id ``milestone_id`` (``KeyError`` if none)."""
        for m in self.milestones:
            if m.id == milestone_id:
                return m
        raise KeyError(milestone_id)
