"""What changed between two versions of a plan, milestone by milestone.

Pure: takes two :class:`~plantrack.model.Plan` objects and an ``as_of`` date.
For each milestone: added or removed; renamed; re-baselined (planned date
changed); re-baselines and forecasts added or removed; the actual set,
changed or removed; a dependency (``depends_on``) added, removed or its lag
changed; its *implied* date changed (:mod:`plantrack.knockon`, each version's
as of ``as_of``); and the change in its *expected* date (by the knowledge
rule, :mod:`plantrack.knowledge`, each version's from its own facts) with the
change in slip it brings.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from plantrack.dates import Bound, FuzzyDate, Withdrawn
from plantrack.durations import Duration, DurationUnit
from plantrack.knockon import Implied, lag_text
from plantrack.knowledge import ExpectedBasis
from plantrack.model import Dependency, Forecast, ForecastExpr, Plan, Rebaseline
from plantrack.slippage import Basis, Change, MilestoneResult, Slip, compute_slip, evaluate

__all__ = [
    "DiffStatus",
    "ExpectedBasis",
    "Fact",
    "FactKind",
    "MilestoneDiff",
    "PlanDiff",
    "diff_plans",
]


class FactKind(str, Enum):
    """What changed about a milestone."""

    RENAMED = "renamed"
    PLANNED = "planned"  # re-baselined
    FORECAST_ADDED = "forecast_added"
    FORECAST_REMOVED = "forecast_removed"
    ACTUAL = "actual"  # set, changed or removed
    REBASELINE_ADDED = "rebaseline_added"
    REBASELINE_REMOVED = "rebaseline_removed"
    DEPENDENCY_ADDED = "dependency_added"
    DEPENDENCY_REMOVED = "dependency_removed"
    DEPENDENCY_LAG = "dependency_lag"  # the lag after the same predecessor changed
    IMPLIED = "implied"  # the implied date set, changed or gone


class DiffStatus(str, Enum):
    """Whether a milestone is new, gone, or in both plans with changes."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


_LABELS = {
    FactKind.RENAMED: "renamed",
    FactKind.PLANNED: "re-baselined: planned",
    FactKind.FORECAST_ADDED: "new forecast",
    FactKind.FORECAST_REMOVED: "forecast removed",
    FactKind.ACTUAL: "actual",
    FactKind.REBASELINE_ADDED: "re-baselined",
    FactKind.REBASELINE_REMOVED: "re-baseline removed",
    FactKind.DEPENDENCY_ADDED: "now depends on",
    FactKind.DEPENDENCY_REMOVED: "no longer depends on",
    FactKind.DEPENDENCY_LAG: "dependency changed:",
    FactKind.IMPLIED: "implied by",
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One change to a milestone: ``kind`` with the text before and after; for
    an implied date, also the implied dates themselves (``implied_*``)."""

    kind: FactKind
    before: str | None
    after: str | None
    implied_before: Implied | None = None
    implied_after: Implied | None = None

    @property
    def text(self) -> str:
        """``re-baselined: planned 2013-04 → 2013-06``, ``new forecast 2014-01 (...)``,
        ``implied by a + 2 weeks: 2013-01 → a + 2 weeks: 2013-03``."""
        label = _LABELS[self.kind]
        actual = self.kind is FactKind.ACTUAL
        if self.before is None:
            return f"actual set: {self.after}" if actual else f"{label} {self.after}"
        if self.after is None:
            if self.kind is FactKind.IMPLIED:
                return f"no longer implied (was {self.before})"
            return "actual removed" if actual else f"{label} {self.before}"
        return f"{label} {self.before} → {self.after}"


@dataclass(frozen=True, slots=True)
class MilestoneDiff:
    """A milestone that differs between the two plans.

    ``status`` says whether it was added, removed or changed. ``expected_*`` are the
    expected dates (``None`` when the milestone is absent or has no date);
    ``basis`` says what the new expected date is (actual, forecast, rebaseline,
    planned) and ``basis_before`` what the old one was, each from its own version.
    ``slip_change`` is the change in slip against each plan's own baseline;
    ``later`` is true when the expected date certainly moved later.
    """

    id: str
    status: DiffStatus
    facts: tuple[Fact, ...]
    expected_before: FuzzyDate | None
    expected_after: FuzzyDate | None
    basis: ExpectedBasis | None
    slip_before: Slip | None
    slip_after: Slip | None
    slip_change: Change | None
    later: bool
    basis_before: ExpectedBasis | None = None


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Every milestone that differs, in the new plan's order (removed ones last)."""

    old: str
    new: str
    as_of: _dt.date
    milestones: tuple[MilestoneDiff, ...]

    @property
    def later(self) -> tuple[MilestoneDiff, ...]:
        """The milestones whose expected date certainly moved later."""
        return tuple(m for m in self.milestones if m.later)


def _written(d: ForecastExpr | None) -> str | None:
    """A date as the file writes it (a reference as its text)."""
    if d is None:
        return None
    if isinstance(d, FuzzyDate):
        return d.display
    return d.label if isinstance(d, (Bound, Withdrawn)) else d.text or d.canonical()


def _forecast_text(f: Forecast) -> str:
    parts = [f"reported {_written(f.reported)}" if f.reported else "no reported date"]
    if f.source:
        parts.append(f.source)
    return f"{_written(f.date)} ({', '.join(parts)})"


def _rebaseline_text(r: Rebaseline) -> str:
    source = f", {r.source}" if r.source else ""
    return f"{r.date.display} (approved {r.approved.display}{source})"


def _key(f: Forecast | Rebaseline) -> tuple[object, ...]:
    if isinstance(f, Rebaseline):
        return (f.approved, f.date, f.source, f.note)
    return (f.date, f.reported, f.source, f.note)


Item = TypeVar("Item", Forecast, Rebaseline)


def _added_and_removed(
    old: Sequence[Item],
    new: Sequence[Item],
    added: FactKind,
    removed: FactKind,
    text: Callable[[Item], str],
) -> list[Fact]:
    """A fact for each item of ``new`` that ``old`` lacks, then for each item of
    ``old`` that ``new`` lacks (items compared by :func:`_key`)."""
    old_keys = {_key(x) for x in old}
    new_keys = {_key(x) for x in new}
    return [Fact(added, None, text(x)) for x in new if _key(x) not in old_keys] + [
        Fact(removed, text(x), None) for x in old if _key(x) not in new_keys
    ]


_SLIP_BASIS = {
    ExpectedBasis.ACTUAL: Basis.ACTUAL,
    ExpectedBasis.FORECAST: Basis.FORECAST,
    ExpectedBasis.REBASELINE: Basis.REBASELINE,
    ExpectedBasis.PLANNED: Basis.PLANNED,
}


def _basis(r: MilestoneResult) -> ExpectedBasis | None:
    """What the expected date of this version is, from this version's own facts."""
    return r.knowledge.basis


def _expected(r: MilestoneResult) -> FuzzyDate | None:
    """The expected date when it is a date (not withdrawn, not open-ended)."""
    return r.expected if isinstance(r.expected, FuzzyDate) else None


def _slip(r: MilestoneResult) -> Slip | None:
    """The slip of this version's expected date against its own original
    baseline, its basis what that date is."""
    planned, expected, basis = r.planned, r.expected, r.knowledge.basis
    if planned is None or expected is None or basis is None:
        return None
    return compute_slip(planned, expected, _SLIP_BASIS[basis])


def _moved_later(before: FuzzyDate | None, after: FuzzyDate | None) -> bool:
    if before is None or after is None:
        return False
    return compute_slip(before, after).certainly_late


def _lag_key(lag: Duration | None) -> tuple[int, DurationUnit] | None:
    """A lag as compared: no lag and a zero lag are the same; ``2 weeks`` and
    ``14 days`` too (a duration compares by amount and unit)."""
    return None if lag is None or lag.amount == 0 else (lag.amount, lag.unit)


def _dependency_facts(old: Sequence[Dependency], new: Sequence[Dependency]) -> list[Fact]:
    """Per predecessor (new order, then those only the old plan has): the
    dependencies in only one version, a lag change when each has one left."""
    facts: list[Fact] = []
    for pred in dict.fromkeys([d.milestone for d in new] + [d.milestone for d in old]):
        before = [d for d in old if d.milestone == pred]
        after = [d for d in new if d.milestone == pred]
        for d in list(after):  # the same lag in both: no change
            same = next((b for b in before if _lag_key(b.lag) == _lag_key(d.lag)), None)
            if same is not None:
                before.remove(same)
                after.remove(d)
        pairs = min(len(before), len(after))
        facts += [
            Fact(FactKind.DEPENDENCY_LAG, _dependency_text(b), _dependency_text(a))
            for b, a in zip(before[:pairs], after[:pairs], strict=True)
        ]
        facts += [Fact(FactKind.DEPENDENCY_ADDED, None, _dependency_text(a)) for a in after[pairs:]]
        facts += [
            Fact(FactKind.DEPENDENCY_REMOVED, _dependency_text(b), None) for b in before[pairs:]
        ]
    return facts


def _dependency_text(d: Dependency) -> str:
    """``hundred-day-plan + 2 weeks``, ``a - 3 business days``, ``a``."""
    return f"{d.milestone}{lag_text(d.lag)}"


def _implied_fact(old: Implied | None, new: Implied | None) -> list[Fact]:
    """The implied date set, gone, or moved (an end, or its lack, counts)."""
    span = (None if x is None else (x.date.start, x.date.end) for x in (old, new))
    if next(span) == next(span):
        return []
    return [
        Fact(
            FactKind.IMPLIED,
            None if old is None else old.text,
            None if new is None else new.text,
            implied_before=old,
            implied_after=new,
        )
    ]


def _facts(old: MilestoneResult, new: MilestoneResult) -> list[Fact]:
    a, b = old.milestone, new.milestone
    facts: list[Fact] = []
    if a.name != b.name:
        facts.append(Fact(FactKind.RENAMED, a.name, b.name))
    if a.planned != b.planned:
        facts.append(Fact(FactKind.PLANNED, _written(a.planned), _written(b.planned)))
    facts += _added_and_removed(
        a.rebaselines, b.rebaselines, FactKind.REBASELINE_ADDED, FactKind.REBASELINE_REMOVED,
        _rebaseline_text,
    )  # fmt: skip
    facts += _added_and_removed(
        a.forecasts, b.forecasts, FactKind.FORECAST_ADDED, FactKind.FORECAST_REMOVED,
        _forecast_text,
    )  # fmt: skip
    if a.actual != b.actual:
        facts.append(Fact(FactKind.ACTUAL, _written(a.actual), _written(b.actual)))
    facts += _dependency_facts(a.depends_on, b.depends_on)
    facts += _implied_fact(old.implied, new.implied)
    return facts


def diff_plans(old: Plan, new: Plan, as_of: _dt.date) -> PlanDiff:
    """The milestones that differ between ``old`` and ``new``, as known at ``as_of``."""
    old_results = {r.milestone.id: r for r in evaluate(old, as_of).results}
    new_results = {r.milestone.id: r for r in evaluate(new, as_of).results}
    out: list[MilestoneDiff] = []
    for m in new.milestones:
        after = new_results[m.id]
        if m.id not in old_results:
            out.append(
                MilestoneDiff(
                    m.id,
                    DiffStatus.ADDED,
                    (),
                    None,
                    _expected(after),
                    _basis(after),
                    None,
                    _slip(after),
                    None,
                    later=False,
                )
            )
            continue
        before = old_results[m.id]
        facts = _facts(before, after)
        if not facts and _expected(before) == _expected(after):
            continue
        s0, s1 = _slip(before), _slip(after)
        out.append(
            MilestoneDiff(
                id=m.id,
                status=DiffStatus.CHANGED,
                facts=tuple(facts),
                expected_before=_expected(before),
                expected_after=_expected(after),
                basis=_basis(after),
                slip_before=s0,
                slip_after=s1,
                slip_change=Change.between(s0, s1) if s0 and s1 else None,
                later=_moved_later(_expected(before), _expected(after)),
                basis_before=_basis(before),
            )
        )
    for m in old.milestones:
        if m.id not in new_results:
            before = old_results[m.id]
            out.append(
                MilestoneDiff(
                    m.id,
                    DiffStatus.REMOVED,
                    (),
                    _expected(before),
                    None,
                    None,
                    _slip(before),
                    None,
                    None,
                    later=False,
                    basis_before=_basis(before),
                )
            )
    return PlanDiff(old.file, new.file, as_of, tuple(out))
