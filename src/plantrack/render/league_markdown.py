"""The league as a Markdown table, with any subtotals and the summary line."""

from __future__ import annotations

from plantrack.league import League
from plantrack.render.league_cells import cells, headers, subtotal_cells
from plantrack.safetext import for_markdown_cell, for_markdown_text

__all__ = ["render_league_markdown"]


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(for_markdown_cell(h) for h in head) + " |"]
    lines.append("|" + "|".join("---" for _ in head) + "|")
    lines += ["| " + " | ".join(for_markdown_cell(c) for c in r) + " |" for r in rows]
    return lines


def render_league_markdown(league: League) -> str:
    """The table, a ``--group-by`` table, then the summary as a paragraph."""
    lines = _table(headers(league), [cells(r, league) for r in league.rows])
    if league.group_by is not None:
        head = (league.group_by, "Plans", "Late", "Median slip")
        lines += ["", *_table(head, list(subtotal_cells(league)))]
    lines += ["", for_markdown_text(league.summary)]
    return "\n".join(lines) + "\n"
