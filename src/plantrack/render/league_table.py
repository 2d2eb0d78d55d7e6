"""The league as people read it at a terminal: the ranked table, the
subtotals under ``--group-by``, then the summary line."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from plantrack.league import League
from plantrack.render.cells import STATUS_STYLES
from plantrack.render.league_cells import cells, headers, subtotal_cells
from plantrack.safetext import for_terminal

__all__ = ["render_league_table"]

_NUMERIC = {"Rank", "Fcsts", "Rebls"}


def render_league_table(league: League) -> RenderableType:
    """The ranked table, any subtotals, and the summary line."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for header in headers(league):
        table.add_column(header, overflow="fold", justify="right" if header in _NUMERIC else "left")
    for row in league.rows:
        texts = [for_terminal(c) for c in cells(row, league)]
        style = STATUS_STYLES.get(row.headline.status, "") if row.headline else ""
        table.add_row(*texts[:3], Text(texts[3], style=style), *texts[4:])
    parts: list[RenderableType] = [table]
    if league.group_by is not None:
        sub = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        sub.add_column(for_terminal(league.group_by), overflow="fold")
        for header in ("Plans", "Late"):
            sub.add_column(header, justify="right")
        sub.add_column("Median slip")
        for values in subtotal_cells(league):
            sub.add_row(*(for_terminal(v) for v in values))
        parts += [Text(""), sub]
    parts += [Text(""), Text(for_terminal(league.summary))]
    return Group(*parts)
