"""What changed between two versions of a plan, milestone by milestone.

Pure: takes two :class:`~plantrack.model.Plan` objects and an ``as_of`` date.
For each milestone: added or removed; renamed; re-baselined (planned date
changed); forecasts added or removed; the actual set, changed or removed;
and the change in its *expected* date (the actual, else the latest forecast,
else the planned date) with the change in slip it brings.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum

from plantrack.dates import FuzzyDate
from plantrack.model import Forecast, Plan
from plantrack.slippage import Change, MilestoneResult, Slip, compute_slip, evaluate_milestone

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


class DiffStatus(str, Enum):
    """Whether a milestone is new, gone, or in both plans with changes."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class ExpectedBasis(str, Enum):
    """What a milestone's expected date is: its actual, latest forecast or planned date."""

    ACTUAL = "actual"
    FORECAST = "forecast"
    PLANNED = "planned"


_LABELS = {
    FactKind.RENAMED: "renamed",
    FactKind.PLANNED: "re-baselined: planned",
    FactKind.FORECAST_ADDED: "new forecast",
    FactKind.FORECAST_REMOVED: "forecast removed",
    FactKind.ACTUAL: "actual",
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One change to a milestone: ``kind`` with the text before and after."""

    kind: FactKind
    before: str | None
    after: str | None

    @property
    def text(self) -> str:
        """``re-baselined: planned 2013-04 → 2013-06``, ``new forecast 2014-01 (...)``."""
        label = _LABELS[self.kind]
        actual = self.kind is FactKind.ACTUAL
        if self.before is None:
            return f"actual set: {self.after}" if actual else f"{label} {self.after}"
        if self.after is None:
            return "actual removed" if actual else f"{label} {self.before}"
        return f"{label} {self.before} → {self.after}"


@dataclass(frozen=True, slots=True)
class MilestoneDiff:
    """A milestone that differs between the two plans.

    ``status`` says whether it was added, removed or changed. ``expected_*`` are the
    expected dates (``None`` when the milestone is absent or has no date);
    ``basis`` says what the new expected date is (actual, forecast, planned).
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


def _forecast_text(f: Forecast) -> str:
    parts = [f"reported {f.reported.display}" if f.reported else "no reported date"]
    if f.source:
        parts.append(f.source)
    return f"{f.date.display} ({', '.join(parts)})"


def _key(f: Forecast) -> tuple[object, ...]:
    return (f.date, f.reported, f.source, f.note)


def _basis(r: MilestoneResult) -> ExpectedBasis | None:
    if r.actual is not None:
        return ExpectedBasis.ACTUAL
    if r.forecast is not None:
        return ExpectedBasis.FORECAST
    return ExpectedBasis.PLANNED if r.milestone.planned is not None else None


def _slip(r: MilestoneResult) -> Slip | None:
    planned, expected = r.milestone.planned, r.expected
    return compute_slip(planned, expected) if planned and expected else None


def _moved_later(before: FuzzyDate | None, after: FuzzyDate | None) -> bool:
    if before is None or after is None:
        return False
    return compute_slip(before, after).certainly_late


def _facts(old: MilestoneResult, new: MilestoneResult) -> list[Fact]:
    a, b = old.milestone, new.milestone
    facts: list[Fact] = []
    if a.name != b.name:
        facts.append(Fact(FactKind.RENAMED, a.name, b.name))
    if a.planned != b.planned:
        facts.append(
            Fact(
                FactKind.PLANNED,
                a.planned.display if a.planned else None,
                b.planned.display if b.planned else None,
            )
        )
    old_keys = {_key(f) for f in a.forecasts}
    new_keys = {_key(f) for f in b.forecasts}
    facts += [
        Fact(FactKind.FORECAST_ADDED, None, _forecast_text(f))
        for f in b.forecasts
        if _key(f) not in old_keys
    ]
    facts += [
        Fact(FactKind.FORECAST_REMOVED, _forecast_text(f), None)
        for f in a.forecasts
        if _key(f) not in new_keys
    ]
    if a.actual != b.actual:
        facts.append(
            Fact(
                FactKind.ACTUAL,
                a.actual.display if a.actual else None,
                b.actual.display if b.actual else None,
            )
        )
    return facts


def diff_plans(old: Plan, new: Plan, as_of: _dt.date) -> PlanDiff:
    """The milestones that differ between ``old`` and ``new``, as known at ``as_of``."""
    old_ids = {m.id: m for m in old.milestones}
    new_ids = {m.id: m for m in new.milestones}
    out: list[MilestoneDiff] = []
    for m in new.milestones:
        after = evaluate_milestone(m, as_of)
        if m.id not in old_ids:
            out.append(
                MilestoneDiff(
                    m.id,
                    DiffStatus.ADDED,
                    (),
                    None,
                    after.expected,
                    _basis(after),
                    None,
                    _slip(after),
                    None,
                    later=False,
                )
            )
            continue
        before = evaluate_milestone(old_ids[m.id], as_of)
        facts = _facts(before, after)
        if not facts and before.expected == after.expected:
            continue
        s0, s1 = _slip(before), _slip(after)
        out.append(
            MilestoneDiff(
                id=m.id,
                status=DiffStatus.CHANGED,
                facts=tuple(facts),
                expected_before=before.expected,
                expected_after=after.expected,
                basis=_basis(after),
                slip_before=s0,
                slip_after=s1,
                slip_change=Change.between(s0, s1) if s0 and s1 else None,
                later=_moved_later(before.expected, after.expected),
            )
        )
    for m in old.milestones:
        if m.id not in new_ids:
            before = evaluate_milestone(m, as_of)
            out.append(
                MilestoneDiff(
                    m.id,
                    DiffStatus.REMOVED,
                    (),
                    before.expected,
                    None,
                    None,
                    _slip(before),
                    None,
                    None,
                    later=False,
                )
            )
    return PlanDiff(old.file, new.file, as_of, tuple(out))
