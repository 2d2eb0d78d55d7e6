"""``plantrack diff`` as plain text: one line per milestone, its changes under it."""

from __future__ import annotations

from plantrack.diff import DiffStatus, MilestoneDiff, PlanDiff
from plantrack.safetext import for_line

__all__ = ["headline", "render_diff_text", "summary"]

MARKS = {DiffStatus.ADDED: "+", DiffStatus.REMOVED: "-", DiffStatus.CHANGED: "~"}


def headline(m: MilestoneDiff) -> str:
    """``ict-strategy: forecast 2013-10..2013-11 → 2014-01, slip +2–3 months``."""
    basis = m.basis.value if m.basis else None
    if m.status is DiffStatus.ADDED:
        what = f", expected {m.expected_after.display} ({basis})" if m.expected_after else ""
        return f"{m.id}: added{what}"
    if m.status is DiffStatus.REMOVED:
        was = f" (was expected {m.expected_before.display})" if m.expected_before else ""
        return f"{m.id}: removed{was}"
    if m.expected_before == m.expected_after or m.expected_after is None:
        return f"{m.id}: " + "; ".join(f.text for f in m.facts)
    before = m.expected_before.display if m.expected_before else "—"
    after = m.expected_after.display
    if m.basis_before is not None and m.basis_before is not m.basis:  # each side its own kind
        text = f"{m.id}: {m.basis_before.value} {before} → {basis} {after}"
    else:
        text = f"{m.id}: {basis} {before} → {after}"
    if m.slip_change is not None:
        text += f", slip {m.slip_change.text}"
    return text


def summary(d: PlanDiff) -> str:
    """``1 milestone changed, 0 added, 0 removed; 1 expected later``."""
    if not d.milestones:
        return "no changes to milestones"
    count = {s: sum(m.status is s for m in d.milestones) for s in DiffStatus}
    changed, added, removed = (
        count[DiffStatus.CHANGED],
        count[DiffStatus.ADDED],
        count[DiffStatus.REMOVED],
    )
    noun = "milestone" if changed == 1 else "milestones"
    return (
        f"{changed} {noun} changed, {added} added, {removed} removed; {len(d.later)} expected later"
    )


def render_diff_text(d: PlanDiff) -> str:
    """The header line, a line per milestone (details indented under it), the
    summary; each line escaped (:func:`plantrack.safetext.for_line`)."""
    lines = [f"{d.old} → {d.new} (as of {d.as_of.isoformat()})"]
    for m in d.milestones:
        lines.append(f"{MARKS[m.status]} {headline(m)}")
        if m.expected_before != m.expected_after and m.status is DiffStatus.CHANGED:
            lines += [f"    {f.text}" for f in m.facts]
    lines.append(summary(d))
    return "\n".join(for_line(line) for line in lines) + "\n"
