"""The league as people read it at a terminal: the ranked table, the
subtotals under ``--group-by``, then the summary line.

The table is laid out for the width it is printed at
(:mod:`plantrack.render.league_layout`): the columns that do not fit move to a
line under each row, and no id, status or date is ever broken.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from plantrack.league import League
from plantrack.render.cells import STATUS_STYLES
from plantrack.render.league_cells import cells, headers, subtotal_cells
from plantrack.render.league_layout import RIGHT, LeagueLayout, detail_text, fit, wrap
from plantrack.render.table_layout import GAP, fill
from plantrack.safetext import for_terminal

__all__ = ["LeagueTable", "render_league_table"]

DETAIL_INDENT = 4  # the line under a row starts this far right


def _pad(text: str, width: int, *, right: bool) -> str:
    return text.rjust(width) if right else text.ljust(width)


class LeagueTable:
    """The ranked rows, laid out at the width Rich prints them."""

    def __init__(self, league: League) -> None:
        self.headers = tuple(for_terminal(h) for h in headers(league))
        self.rows = [tuple(for_terminal(c) for c in cells(row, league)) for row in league.rows]
        self.styles = [
            STATUS_STYLES.get(row.headline.status, "") if row.headline else ""
            for row in league.rows
        ]

    def lines(self, width: int) -> Iterator[Text]:
        """The header, the rule and each row, as lines at most ``width`` cells."""
        layout = fit(self.headers, self.rows, width)
        heads = [
            textwrap.wrap(self.headers[i], w, break_long_words=False) or [""]
            for i, w in zip(layout.columns, layout.widths, strict=True)
        ]
        yield from self._block(layout, heads, [""] * len(heads), bold=True)
        yield Text("─" * layout.total)
        status = self.headers.index("Status")
        for row, style in zip(self.rows, self.styles, strict=True):
            lines = [
                wrap(self.headers[i], row[i], w)
                for i, w in zip(layout.columns, layout.widths, strict=True)
            ]
            styles = [style if i == status else "" for i in layout.columns]
            yield from self._block(layout, lines, styles)
            detail = detail_text(self.headers, row, layout.details)
            for line in fill(detail, max(20, width - DETAIL_INDENT)) if detail else []:
                yield Text(" " * DETAIL_INDENT + line, style="dim")

    def _block(
        self,
        layout: LeagueLayout,
        cells: Sequence[list[str]],
        styles: Sequence[str],
        *,
        bold: bool = False,
    ) -> Iterator[Text]:
        """One row (or the header) of several lines, the cells side by side."""
        for n in range(max(len(c) for c in cells)):
            line = Text(style="bold" if bold else "")
            for k, (i, w) in enumerate(zip(layout.columns, layout.widths, strict=True)):
                if k:
                    line.append(" " * GAP)
                text = cells[k][n] if n < len(cells[k]) else ""
                line.append(_pad(text, w, right=self.headers[i] in RIGHT), style=styles[k])
            line.rstrip()
            yield line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)


def render_league_table(league: League) -> RenderableType:
    """The ranked table, any subtotals, and the summary line."""
    parts: list[RenderableType] = [LeagueTable(league)]
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
