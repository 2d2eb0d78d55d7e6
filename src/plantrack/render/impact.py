"""``plantrack impact`` as a table, JSON or Markdown (texts; the CLI prints them)."""

from __future__ import annotations

import json
from typing import Any

from plantrack.impact import Impact
from plantrack.knockon import Interval, interval_text
from plantrack.safetext import for_json, for_terminal

__all__ = ["render_impact_json", "render_impact_markdown", "render_impact_table"]


def _head(i: Impact) -> str:
    return (
        f"If {i.milestone} {i.change} ({i.before_text} → {i.after_text}), as of "
        f"{i.as_of.isoformat()}:"
    )


def render_impact_table(i: Impact) -> str:
    """One line per milestone downstream: ``ten-day-plan  2012-10-11..2012-11-10
    → 2012-11-11..2012-12-10  +30–31 days``."""
    lines = [for_terminal(_head(i))]
    if not i.rows:
        return "\n".join([*lines, "  nothing downstream moves"]) + "\n"
    ids = max(len(r.id) for r in i.rows)
    nows = max(len(interval_text(r.now)) for r in i.rows)
    thens = max(len(interval_text(r.then)) for r in i.rows)
    for r in i.rows:
        now, then = interval_text(r.now), interval_text(r.then)
        lines.append(
            for_terminal(f"  {r.id:<{ids}}  {now:<{nows}} → {then:<{thens}}  {r.change}").rstrip()
        )
    return "\n".join(lines) + "\n"


def render_impact_markdown(i: Impact) -> str:
    """A Markdown table, worst first."""
    lines = [_head(i), "", "| Milestone | Now | With the change | Change |", "|---|---|---|---|"]
    for r in i.rows:
        lines.append(
            f"| `{r.id}` | {interval_text(r.now)} | {interval_text(r.then)} | {r.change} |"
        )
    if not i.rows:
        lines.append("| — | — | — | nothing downstream moves |")
    return "\n".join(lines) + "\n"


def _date(d: Interval | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "text": interval_text(d),
        "start": d.start.isoformat(),
        "end": None if d.end is None else d.end.isoformat(),
        "precision": d.precision.value,
    }


def render_impact_json(i: Impact) -> str:
    """``{"file", "as_of", "milestone", "change", "before", "after", "downstream": [...]}``."""
    doc = {
        "file": i.plan.file,
        "as_of": i.as_of.isoformat(),
        "milestone": i.milestone,
        "change": i.change,
        "before": _date(i.before),
        "after": _date(i.after),
        "downstream": [
            {
                "id": r.id,
                "name": r.name,
                "now": _date(r.now),
                "with_change": _date(r.then),
                "days_min": r.days_min,
                "days_max": r.days_max,
                "text": r.change,
            }
            for r in i.rows
        ],
    }
    return for_json(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
