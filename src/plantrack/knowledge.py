"""What was known about a milestone as of a date: the one knowledge rule.

Every command and renderer asks :func:`known_as_of` (through
:class:`Replay`, which memoizes per milestone for one as-of date); no other
module derives an expected date.  The rule, documented with a worked example in
docs/plan-format.md ("Replay") and docs/slippage.md:

* a forecast is known once it was reported (``reported.end <= D``; one without
  ``reported`` always, as the oldest); a re-baseline once it was approved; the
  actual once it happened (``actual.end <= D``);
* the **baseline in force** is the latest re-baseline approved by D, else
  ``planned`` (the original baseline);
* the **expected date** is the actual, else the latest (by report or approval
  date; a re-baseline wins a tie) of the forecasts and re-baselines known by D,
  else ``planned``;
* a reference (``ID``, ``ID.planned``, ``ID.actual``, ``ID.expected``, with an
  offset) stands for that date of ``ID`` as known by D, and is unknown when that
  date was not known yet.

Resolution is iterative (no recursion: a chain of any length is safe) and each
date is computed once per as-of date, so a plan evaluates in linear time.
Cycles and unknown ids are load-time errors (plantrack.references); a plan
built in Python with a cycle gets the dates in it as unknown.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum

from plantrack.dates import Bound, DateError, DateRef, FuzzyDate, OpenInterval, Withdrawn
from plantrack.model import DateExpr, ForecastExpr, Milestone, Plan, report_order

__all__ = [
    "ExpectedBasis",
    "Knowledge",
    "KnownForecast",
    "KnownRebaseline",
    "Replay",
    "known_as_of",
]


class ExpectedBasis(str, Enum):
    """What a milestone's expected date is."""

    ACTUAL = "actual"
    FORECAST = "forecast"
    REBASELINE = "rebaseline"
    PLANNED = "planned"


@dataclass(frozen=True, slots=True)
class KnownForecast:
    """A forecast known as of a date, its dates resolved; ``index`` is its
    position in the milestone's ``forecasts``.

    ``date`` is an interval (``by 2014``: from the reported day to the end of
    2014), an :class:`~plantrack.dates.OpenInterval` (``no earlier than
    2015``), or None when the forecast withdrew the date (``postponed``);
    ``text`` is the date as written.
    """

    date: FuzzyDate | OpenInterval | None
    reported: FuzzyDate | None = None
    source: str | None = None
    note: str | None = None
    index: int = 0
    text: str = ""

    @property
    def display(self) -> str:
        """What a table shows: the date as written (a reference: the date itself)."""
        if isinstance(self.date, FuzzyDate) and (self.date.derived or not self.text):
            return self.date.display
        return self.text or "unknown"

    @property
    def withdrawn(self) -> bool:
        """True when this forecast withdrew the date and gave no new one."""
        return self.date is None


@dataclass(frozen=True, slots=True)
class KnownRebaseline:
    """A re-baseline approved by the as-of date; ``previous`` is the baseline it
    replaced (the original, or the re-baseline before it)."""

    approved: FuzzyDate
    date: FuzzyDate
    previous: FuzzyDate | None
    source: str | None = None
    note: str | None = None
    index: int = 0


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What was known about ``milestone`` as of ``as_of``.

    ``planned`` is the original baseline; ``rebaselines`` those approved by then
    (in approval order); ``forecasts`` those reported by then (oldest first, by
    :func:`plantrack.model.report_order`); ``actual`` the actual if it had
    happened; ``expected`` and ``basis`` the expected date and what it is.
    """

    milestone: Milestone
    as_of: _dt.date
    planned: FuzzyDate | None
    rebaselines: tuple[KnownRebaseline, ...]
    forecasts: tuple[KnownForecast, ...]
    actual: FuzzyDate | None
    deadline: FuzzyDate | None
    expected: FuzzyDate | OpenInterval | None
    basis: ExpectedBasis | None

    @property
    def postponed(self) -> bool:
        """Not done, and the latest news withdrew the date (no expected date)."""
        latest = self.latest
        return self.actual is None and isinstance(latest, KnownForecast) and latest.withdrawn

    @property
    def expected_text(self) -> str:
        """The expected date as a text: as written for a forecast (``no earlier
        than 2015``), else the date's label; ``unknown`` when withdrawn."""
        latest = self.latest
        if self.basis is ExpectedBasis.FORECAST and isinstance(latest, KnownForecast):
            return latest.text or latest.display
        if isinstance(self.expected, FuzzyDate):
            return self.expected.label
        return "unknown"

    @property
    def baseline(self) -> FuzzyDate | None:
        """The baseline in force: the latest re-baseline known, else ``planned``."""
        return self.rebaselines[-1].date if self.rebaselines else self.planned

    @property
    def forecast(self) -> KnownForecast | None:
        """The latest forecast known."""
        return self.forecasts[-1] if self.forecasts else None

    @property
    def latest(self) -> KnownForecast | KnownRebaseline | None:
        """The latest expectation known, actual or not: a forecast or a
        re-baseline (None when there is neither)."""
        return _latest(self.forecasts, self.rebaselines)


def _latest(
    forecasts: tuple[KnownForecast, ...], rebaselines: tuple[KnownRebaseline, ...]
) -> KnownForecast | KnownRebaseline | None:
    """The later of the latest forecast and the latest re-baseline (a
    re-baseline wins a tie: it is the approved position)."""
    f = forecasts[-1] if forecasts else None
    r = rebaselines[-1] if rebaselines else None
    if f is None or r is None:
        return f or r
    f_key = (*report_order(f.reported, 0)[:3], 0)
    r_key = (True, r.approved.start, r.approved.end, 1)
    return f if f_key > r_key else r


def _by_itself(m: Milestone) -> bool:
    """True when none of ``m``'s dates refers to another milestone."""
    return (
        not isinstance(m.planned, DateRef)
        and not isinstance(m.actual, DateRef)
        and not isinstance(m.deadline, DateRef)
        and not any(
            isinstance(f.date, DateRef) or isinstance(f.reported, DateRef) for f in m.forecasts
        )
    )


def _approved(
    m: Milestone, as_of: _dt.date, planned: FuzzyDate | None
) -> tuple[KnownRebaseline, ...]:
    """The re-baselines of ``m`` approved by ``as_of``, in approval order."""
    approved = sorted(
        ((i, r) for i, r in enumerate(m.rebaselines) if r.approved.end <= as_of),
        key=lambda ir: (ir[1].approved.start, ir[1].approved.end, ir[0]),
    )
    rebaselines: list[KnownRebaseline] = []
    for i, r in approved:
        previous = rebaselines[-1].date if rebaselines else planned
        rebaselines.append(KnownRebaseline(r.approved, r.date, previous, r.source, r.note, i))
    return tuple(rebaselines)


_Node = tuple[str, str]  # (milestone id, "planned" | "actual" | "expected")


class Replay:
    """What was known about each milestone of ``plan`` as of ``as_of``,
    computed once per milestone (a memo, not a value)."""

    def __init__(self, plan: Plan, as_of: _dt.date) -> None:
        self.plan = plan
        self.as_of = as_of
        self._by_id = {m.id: m for m in plan.milestones}
        self._values: dict[_Node, FuzzyDate | None] = {}
        self._known: dict[str, Knowledge] = {}

    def knowledge(self, milestone: Milestone) -> Knowledge:
        """What was known about ``milestone`` (a milestone of the plan) as of the date."""
        if self._by_id.get(milestone.id) is not milestone:
            return Replay(Plan(self.plan.file, self.plan.name, (milestone,)), self.as_of).knowledge(
                milestone
            )
        self._settle((milestone.id, "expected"))
        return self._known[milestone.id]

    # -- resolution, without recursion ----------------------------------------
    def _settle(self, node: _Node) -> None:
        """Compute ``node`` and every date it depends on, dependencies first."""
        if node in self._values:
            return
        mid, name = node
        if name == "expected" and _by_itself(self._by_id[mid]):
            # no reference to another milestone: its dates are its own
            m, values = self._by_id[mid], self._values
            values[mid, "planned"] = self._resolve(m.planned, "planned")
            actual = self._resolve(m.actual, "actual")
            values[mid, "actual"] = (
                actual if actual is not None and actual.end <= self.as_of else None
            )
            values[node] = self._compute(node)
            return
        stack: list[tuple[_Node, bool]] = [(node, False)]
        open_nodes: set[_Node] = set()
        while stack:
            n, expanded = stack.pop()
            if n in self._values:
                continue
            if expanded:
                self._values[n] = self._compute(n)
                open_nodes.discard(n)
                continue
            if n in open_nodes:  # a cycle (only in a plan built in Python): unknown
                continue
            open_nodes.add(n)
            stack.append((n, True))
            stack.extend((d, False) for d in self._deps(n) if d not in self._values)

    def _deps(self, node: _Node) -> list[_Node]:
        mid, name = node
        m = self._by_id[mid]
        if name == "planned":
            return self._refs(m.planned, "planned")
        if name == "actual":
            return self._refs(m.actual, "actual")
        deps = [(mid, "planned"), (mid, "actual")]
        for f in m.forecasts:
            deps += self._refs(f.date, "expected") + self._refs(f.reported, "expected")
        deps += self._refs(m.deadline, "expected")
        return deps

    def _refs(self, expr: ForecastExpr | None, default: str) -> list[_Node]:
        if isinstance(expr, DateRef) and expr.milestone in self._by_id:
            return [(expr.milestone, expr.field_name or default)]
        return []

    def _resolve(self, expr: DateExpr | None, default: str) -> FuzzyDate | None:
        """The date ``expr`` stands for as of the date (None when not known then)."""
        if expr is None or isinstance(expr, FuzzyDate):
            return expr
        if expr.milestone not in self._by_id:
            return None
        value = self._values.get((expr.milestone, expr.field_name or default))
        if value is None:
            return None
        if expr.amount:
            try:
                value = value.shift(expr.amount, expr.unit)
            except DateError:
                return None
        return value.with_text(expr.text, derived=True)

    def _compute(self, node: _Node) -> FuzzyDate | None:
        mid, name = node
        m = self._by_id[mid]
        if name == "planned":
            return self._resolve(m.planned, "planned")
        if name == "actual":
            actual = self._resolve(m.actual, "actual")
            return actual if actual is not None and actual.end <= self.as_of else None
        known = self._assemble(m)
        self._known[mid] = known
        # a reference needs a date: an open-ended or withdrawn one is unknown
        return known.expected if isinstance(known.expected, FuzzyDate) else None

    def _assemble(self, m: Milestone) -> Knowledge:
        as_of = self.as_of
        planned = self._values.get((m.id, "planned"))
        actual = self._values.get((m.id, "actual"))
        forecasts = []
        for i, f in enumerate(m.forecasts):
            reported = self._resolve(f.reported, "expected")
            if f.reported is not None and (reported is None or reported.end > as_of):
                continue
            text = f.date.label if isinstance(f.date, (FuzzyDate, Bound, Withdrawn)) else ""
            if isinstance(f.date, Withdrawn):
                forecasts.append(KnownForecast(None, reported, f.source, f.note, i, text))
                continue
            date = (
                f.date.interval(reported)
                if isinstance(f.date, Bound)
                else self._resolve(f.date, "expected")
            )
            if isinstance(date, FuzzyDate) and isinstance(f.date, Bound):
                date = date.with_text(text)
            if date is not None:
                forecasts.append(KnownForecast(date, reported, f.source, f.note, i, text))
        if len(forecasts) > 1:
            forecasts.sort(key=lambda k: report_order(k.reported, k.index))
        known_forecasts = tuple(forecasts)
        known_rebaselines = _approved(m, as_of, planned) if m.rebaselines else ()
        latest = _latest(known_forecasts, known_rebaselines)
        expected: FuzzyDate | OpenInterval | None = None
        basis: ExpectedBasis | None = None
        if actual is not None:
            expected, basis = actual, ExpectedBasis.ACTUAL
        elif latest is not None:  # a withdrawn date leaves no expected date
            expected = latest.date
            basis = (
                ExpectedBasis.FORECAST
                if isinstance(latest, KnownForecast)
                else ExpectedBasis.REBASELINE
            )
        elif planned is not None:
            expected, basis = planned, ExpectedBasis.PLANNED
        deadline = None if m.deadline is None else self._resolve(m.deadline, "expected")
        return Knowledge(  # positional: one per milestone, in field order
            m, as_of, planned, known_rebaselines, known_forecasts, actual, deadline, expected, basis
        )


def known_as_of(plan: Plan | Replay, milestone: Milestone | str, as_of: _dt.date) -> Knowledge:
    """What was known about ``milestone`` (or the milestone with that id) of
    ``plan`` as of ``as_of``.  Pass a :class:`Replay` for the same date to share
    its memo across milestones (a plan then evaluates in linear time)."""
    replay = plan if isinstance(plan, Replay) and plan.as_of == as_of else None
    if replay is None:
        replay = Replay(plan.plan if isinstance(plan, Replay) else plan, as_of)
    m = replay.plan.milestone(milestone) if isinstance(milestone, str) else milestone
    return replay.knowledge(m)
