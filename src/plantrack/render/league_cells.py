"""The texts of a league row, shared by the table, CSV and Markdown renderers."""

from __future__ import annotations

from plantrack.league import League, LeagueRow
from plantrack.render.cells import NONE

__all__ = ["CSV_NAMES", "HEADERS", "cells", "headers", "since_header", "subtotal_cells"]

HEADERS = (
    "Rank",
    "Plan",
    "Headline",
    "Status",
    "Slip",
    "Vs baseline",
    "Overrun",
    "Fcsts",
    "Rebls",
    "Last news",
    "Trend",
    "Worst other",
)

CSV_NAMES = (
    "rank",
    "plan",
    "headline",
    "status",
    "slip",
    "slip_vs_baseline",
    "overrun",
    "forecasts",
    "rebaselines",
    "last_news",
    "trend",
    "worst_other",
)


def since_header(league: League) -> str:
    """``Since 2023-03-31``."""
    assert league.since is not None
    return f"Since {league.since.isoformat()}"


def headers(league: League) -> tuple[str, ...]:
    """The column headers (with the ``Since`` column under ``--since``)."""
    return (*HEADERS, since_header(league)) if league.since else HEADERS


def cells(row: LeagueRow, league: League) -> tuple[str, ...]:
    """One text per column; ``—`` for what is not known."""
    h = row.headline
    slip = h.slip.described if h and h.slip else NONE
    vs = h.slip_vs_baseline.described if h and h.slip_vs_baseline else NONE
    news = NONE
    if row.last_news is not None:
        news = f"{row.last_news.display} ({row.age})"
    worst = NONE
    if row.worst_other is not None and row.worst_other.slip is not None:
        worst = f"{row.worst_other.milestone.id}: {row.worst_other.slip.described}"
    out = (
        row.rank_text,
        row.plan.name,
        h.milestone.id if h else NONE,
        h.status.value if h else NONE,
        slip,
        vs,
        row.overrun.text if row.overrun else NONE,
        str(row.forecasts),
        str(row.rebaselines),
        news,
        row.verdict.value if row.verdict else NONE,
        worst,
    )
    if league.since is None:
        return out
    return (*out, row.since.text if row.since else NONE)


def subtotal_cells(league: League) -> list[tuple[str, str, str, str]]:
    """``(value, count, late, median slip)`` for each ``--group-by`` group."""
    return [
        (
            s.value if s.value is not None else f"(no {league.group_by})",
            str(s.count),
            str(s.late),
            s.median or NONE,
        )
        for s in league.subtotals
    ]
