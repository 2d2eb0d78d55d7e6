"""Milestone references (``ID.field + N unit``): checked at load time, cycles found.

The validator hands over each milestone as read (:class:`RawMilestone`, its
dates still expressions); the :class:`Resolver` checks every reference against
the whole file (unknown ids, fields never set, cycles, dates shifted out of
range) and turns them into :class:`~plantrack.model.Milestone` values that keep
the references: they are resolved as of a date by :mod:`plantrack.knowledge`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from plantrack.dates import Bound, DateError, DateRef, ForecastDate, FuzzyDate, Precision, Withdrawn
from plantrack.durations import Duration
from plantrack.model import Dependency, Forecast, Milestone, Rebaseline, report_order
from plantrack.positions import KeyPath

__all__ = [
    "MAX_REF_DEPTH",
    "NOT_YET",
    "Expr",
    "RawForecast",
    "RawMilestone",
    "Reporter",
    "Resolver",
]

MAX_REF_DEPTH = 100  # references in a row (a.planned -> b.planned -> ...)

Expr = FuzzyDate | DateRef

# What a reference to an actual that is not recorded stands for while checking
# (it is valid: as of any date it is unknown until the actual is recorded).
NOT_YET = FuzzyDate(_dt.date.min, _dt.date.min, Precision.DAY, "not yet")


@dataclass
class RawForecast:
    """A forecast as read: its dates still expressions (the date may also be a
    bound or a withdrawn date)."""

    date: ForecastDate
    reported: Expr | None
    source: str | None
    note: str | None
    path: KeyPath


@dataclass
class RawMilestone:
    """A milestone as read: its dates still expressions."""

    index: int
    id: str
    name: str
    dates: dict[str, Expr] = field(default_factory=dict)  # planned, actual, deadline
    forecasts: list[RawForecast] = field(default_factory=list)
    source: str | None = None
    planned_source: str | None = None
    actual_source: str | None = None
    notes: str | None = None
    tolerance: Duration | None = None
    rebaselines: list[tuple[KeyPath, Rebaseline]] = field(default_factory=list)
    depends_on: list[tuple[KeyPath, Dependency]] = field(default_factory=list)


class Reporter(Protocol):
    """Where the resolver reports problems (the validator)."""

    def error(self, path: KeyPath, message: str) -> None:
        """Record a problem at ``path``."""

    def hint(self, word: object, choices: Collection[str]) -> str:
        """A "did you mean" hint for ``word``, or ``""``."""


class _Failed(Exception):
    """A date that could not be resolved; its problem is already recorded."""


class Resolver:
    """Resolves milestone references, finding cycles."""

    def __init__(
        self,
        reporter: Reporter,
        raw: Sequence[RawMilestone],
        marks: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.reporter = reporter
        self.raw = {m.id: m for m in raw}
        self.marks = marks  # (line, column) of each milestone, from the parser
        self.done: dict[tuple[str, str], _Failed | FuzzyDate | None] = {}

    def expr(
        self,
        expr: Expr | Bound | Withdrawn,
        path: KeyPath,
        default_field: str,
        chain: tuple[str, ...],
    ) -> FuzzyDate | None:
        """The date ``expr`` stands for; records a problem and returns None on failure."""
        try:
            return self._resolve(expr, path, default_field, chain)
        except _Failed:
            return None

    def _fail(self, path: KeyPath, message: str) -> _Failed:
        self.reporter.error(path, message)
        return _Failed()

    def _resolve(
        self,
        expr: Expr | Bound | Withdrawn,
        path: KeyPath,
        default_field: str,
        chain: tuple[str, ...],
    ) -> FuzzyDate:
        if isinstance(expr, FuzzyDate):
            return expr
        if isinstance(expr, Bound):
            return expr.date
        if isinstance(expr, Withdrawn):
            return NOT_YET
        field_name = expr.field_name or default_field
        link = f"{expr.milestone}.{field_name}"
        target = self._target(expr, path, link, chain)
        value = self._field(target, field_name, (*chain, link))
        if value is None and field_name == "actual":
            return NOT_YET  # an actual not recorded yet: unknown until it is
        if value is NOT_YET:
            return value
        if value is None:
            raise self._fail(
                path,
                f"{_where(expr, path)} refers to {link}, which has no date "
                "(expected a milestone field that is set)",
            )
        if expr.amount:
            try:
                value = value.shift(expr.amount, expr.unit)
            except DateError as exc:
                raise self._fail(path, f"'{path[-1]}': {exc}") from exc
        return value.with_text(expr.text, derived=True)

    def _target(
        self, expr: DateRef, path: KeyPath, link: str, chain: tuple[str, ...]
    ) -> RawMilestone:
        """The milestone ``expr`` refers to, once it is known to exist and to be
        reached without a cycle or too long a chain."""
        target = self.raw.get(expr.milestone)
        if target is None:
            hint = self.reporter.hint(expr.milestone, self.raw)
            raise self._fail(
                path,
                f"{_where(expr, path)} refers to unknown milestone '{expr.milestone}'{hint} "
                "(expected the id of a milestone in this plan)",
            )
        if link in chain:
            cycle = " → ".join((*chain[chain.index(link) :], link))
            raise self._fail(
                path,
                f"{_where(expr, path)} makes a cycle: {cycle} "
                "(expected references that end at a date)",
            )
        if len(chain) >= MAX_REF_DEPTH:  # resolving recurses: keep far from Python's limit
            raise self._fail(
                path,
                f"{_where(expr, path)} is reached through more than {MAX_REF_DEPTH} references "
                "in a row (limit on reference chains; see docs/limits.md)",
            )
        return target

    def _field(self, m: RawMilestone, name: str, chain: tuple[str, ...]) -> FuzzyDate | None:
        key = (m.id, name)
        if key in self.done:
            cached = self.done[key]
            if isinstance(cached, _Failed):
                raise cached
            return cached
        try:
            value = self._compute(m, name, chain)
        except _Failed as exc:
            self.done[key] = exc
            raise
        self.done[key] = value
        return value

    def _compute(self, m: RawMilestone, name: str, chain: tuple[str, ...]) -> FuzzyDate | None:
        base: KeyPath = ("milestones", m.index)
        if name in ("planned", "actual"):
            expr = m.dates.get(name)
            if expr is None:
                return None
            path = (*base, name, "date") if getattr(m, f"{name}_source") else (*base, name)
            return self._resolve(expr, path, name, chain)

        # expected: as of some date it may be any of these (plantrack.knowledge),
        # so a reference to it depends on all of them (for cycles); the value is
        # the one with everything in the file known.
        def own(name: str) -> FuzzyDate | None:  # a field of m, named in the chain
            return self._field(m, name, (*chain, f"{m.id}.{name}")) if name in m.dates else None

        actual = own("actual")
        order = []
        for i, f in enumerate(m.forecasts):
            reported = (
                self._resolve(f.reported, (*f.path, "reported"), "expected", chain)
                if f.reported is not None
                else None
            )
            date = self._resolve(f.date, (*f.path, "date"), "expected", chain)
            order.append((report_order(reported, i), date))
        planned = own("planned")
        if actual is not None:
            return actual
        if order:
            return max(order, key=lambda kd: kd[0])[1]
        return planned

    def milestone(self, m: RawMilestone) -> Milestone:
        """The milestone ``m`` with every date checked (a date that cannot be
        resolved is left out, its problem reported).  The dates keep their
        references: they are resolved as of a date (plantrack.knowledge)."""
        base: KeyPath = ("milestones", m.index)
        line, column = self.marks[m.index] if m.index < len(self.marks) else (0, 0)
        if _by_itself(m):  # nothing to resolve: every date stands as written
            planned = m.dates.get("planned")
            actual = m.dates.get("actual")
            deadline = m.dates.get("deadline")
            forecasts = [Forecast(f.date, f.reported, f.source, f.note) for f in m.forecasts]
            return self._built(m, line, column, planned, actual, deadline, forecasts)
        planned = m.dates["planned"] if self._top(m, "planned") else None
        actual = m.dates["actual"] if self._top(m, "actual") else None
        deadline = None
        if "deadline" in m.dates:
            ok = self.expr(m.dates["deadline"], (*base, "deadline"), "expected", ())
            deadline = m.dates["deadline"] if ok else None
        forecasts = []
        for f in m.forecasts:
            date = self.expr(f.date, (*f.path, "date"), "expected", ())
            reported = (
                self.expr(f.reported, (*f.path, "reported"), "expected", ())
                if f.reported is not None
                else None
            )
            if date is not None and (f.reported is None or reported is not None):
                forecasts.append(Forecast(f.date, f.reported, f.source, f.note))
        return self._built(m, line, column, planned, actual, deadline, forecasts)

    def _built(
        self,
        m: RawMilestone,
        line: int,
        column: int,
        planned: Expr | None,
        actual: Expr | None,
        deadline: Expr | None,
        forecasts: list[Forecast],
    ) -> Milestone:
        return Milestone(
            id=m.id,
            name=m.name,
            planned=planned,
            forecasts=tuple(forecasts),
            actual=actual,
            source=m.source,
            planned_source=m.planned_source,
            actual_source=m.actual_source,
            notes=m.notes,
            deadline=deadline,
            tolerance=m.tolerance,
            index=m.index,
            line=line,
            column=column,
            rebaselines=tuple(r for _, r in m.rebaselines),
            depends_on=tuple(d for _, d in m.depends_on if d.milestone in self.raw),
        )

    def _top(self, m: RawMilestone, name: str) -> FuzzyDate | None:
        try:
            return self._field(m, name, (f"{m.id}.{name}",))
        except _Failed:
            return None


def _by_itself(m: RawMilestone) -> bool:
    """True when none of ``m``'s dates refers to another milestone: each
    resolves to itself, and nothing can fail."""
    return not any(isinstance(e, DateRef) for e in m.dates.values()) and not any(
        isinstance(f.date, DateRef) or isinstance(f.reported, DateRef) for f in m.forecasts
    )


def _where(expr: DateRef, path: KeyPath) -> str:
    """How an error names the reference: ``'actual': "deloitte-review + 10 days"``."""
    return f"'{path[-1]}': \"{expr.text}\""
