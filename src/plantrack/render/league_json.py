"""The league as JSON: the contract is documented in README.md ("Portfolio")."""

from __future__ import annotations

import json
from typing import Any

from plantrack.league import League, LeagueRow
from plantrack.render.json import interval_dict, slip_dict
from plantrack.safetext import for_json

__all__ = ["league_dict", "render_league_json", "row_dict"]


def row_dict(row: LeagueRow) -> dict[str, Any]:
    """One plan of the ``plans`` list."""
    h = row.headline
    worst = row.worst_other
    news = interval_dict(row.last_news)
    if news is not None:
        news["age"] = row.age
    return {
        "rank": row.rank,
        "tied": row.tied,
        "rank_text": row.rank_text,
        "file": row.plan.file,
        "plan": row.plan.name,
        "as_of": row.as_of.isoformat(),
        "tags": dict(row.plan.tags),
        "headline": h.milestone.id if h else None,
        "status": h.status.value if h else None,
        "late": row.late,
        "slip": slip_dict(row.slip),
        "slip_vs_baseline": slip_dict(h.slip_vs_baseline) if h else None,
        "overrun": (
            {
                "pct_min": row.overrun.pct_min,
                "pct_max": row.overrun.pct_max,
                "text": row.overrun.text,
            }
            if row.overrun
            else None
        ),
        "forecasts": row.forecasts,
        "rebaselines": row.rebaselines,
        "last_news": news,
        "trend": row.verdict.value if row.verdict else None,
        "worst_other": (
            {"id": worst.milestone.id, "status": worst.status.value, "slip": slip_dict(worst.slip)}
            if worst
            else None
        ),
        "since": (
            {
                "months_min": row.since.months_min,
                "months_max": row.since.months_max,
                "text": row.since.text,
            }
            if row.since
            else None
        ),
    }


def league_dict(league: League) -> dict[str, Any]:
    """The whole document as plain data."""
    return {
        "as_of": league.as_of.isoformat() if league.as_of else None,
        "since": league.since.isoformat() if league.since else None,
        "group_by": league.group_by,
        "summary": {
            "plans": len(league.rows),
            "late": league.late,
            "median_slip": league.median,
            "text": league.summary,
        },
        "plans": [row_dict(r) for r in league.rows],
        "subtotals": [
            {"value": s.value, "plans": s.count, "late": s.late, "median_slip": s.median}
            for s in league.subtotals
        ],
    }


def render_league_json(league: League) -> str:
    """The document, indented, with one trailing newline."""
    text = json.dumps(league_dict(league), indent=2, ensure_ascii=False)
    return for_json(text) + "\n"
