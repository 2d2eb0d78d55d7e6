"""``plantrack diff --format markdown``: a table for a pull-request comment."""

from __future__ import annotations

from plantrack.diff import PlanDiff
from plantrack.render.diff_text import summary
from plantrack.render.markdown import escape
from plantrack.safetext import for_markdown_code

__all__ = ["render_diff_markdown"]


def render_diff_markdown(d: PlanDiff) -> str:
    """A heading, a row per changed milestone, and the summary in bold."""
    old, new = for_markdown_code(d.old, cell=False), for_markdown_code(d.new, cell=False)
    rows = [f"### Plan changes: {old} → {new}", ""]
    if d.milestones:
        rows += ["| Milestone | Change | Expected | Slip change |", "|---|---|---|---|"]
    for m in d.milestones:
        before = m.expected_before.display if m.expected_before else "—"
        after = m.expected_after.display if m.expected_after else "—"
        expected = before if before == after else f"{before} → {after}"
        facts = "<br>".join(escape(f.text) for f in m.facts) or escape(m.status.value)
        change = escape(m.slip_change.text) if m.slip_change else "—"
        if m.later:
            change = f"**{change}**"
        cells = [for_markdown_code(m.id), facts, escape(expected), change]
        rows.append("| " + " | ".join(cells) + " |")
    rows += ["", f"**{escape(summary(d))}**", ""]
    return "\n".join(rows)
