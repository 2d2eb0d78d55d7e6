"""The slippage table's grid drawn from the widths plantrack computes
(:mod:`plantrack.render.table_layout`), line by line, without Rich's table.

The look is Rich's ``Table(box=SIMPLE_HEAD, pad_edge=False, show_edge=False)``
with fixed-width columns that neither wrap nor grow: a header row (bold), a
rule of ``─`` under it, then each row's cells side by side, top-aligned (the
header's bottom-aligned), each cell padded to its column's width and ``GAP``
columns apart; a cell line wider than its column is cut with ``…``.  Each
line is one :class:`rich.text.Text`, so a console draws it with its styles (or
as plain text when piped) and needs no layout pass over the whole table: the
rows can come from a generator.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from plantrack.render.table_layout import GAP

__all__ = ["HEADER_STYLE", "grid_lines", "grid_width"]

HEADER_STYLE = "table.header"  # Rich's style for a table's header row (bold)

# A cell: its lines, each a list of (text, style) runs.
Runs = list[tuple[str, str]]


def grid_width(widths: Sequence[int]) -> int:
    """The width of a grid whose columns are ``widths`` wide."""
    return sum(widths) + GAP * (len(widths) - 1)


def _cell_lines(cell: Text) -> list[Text]:
    return list(cell.split("\n", allow_blank=True)) if cell.plain else [Text("")]


def _fit(line: Text, width: int) -> Text:
    """``line`` cut with ``…`` to ``width`` cells, or padded with spaces to it."""
    n = cell_len(line.plain)
    if n > width:
        cut = set_cell_size(line.plain, max(width - 1, 0))
        line = line[: len(cut)]
        line.append("…")
        n = cell_len(line.plain)
        if n > width:  # a wide character at the cut
            line = Text(set_cell_size(line.plain, width))
            n = width
    return line + Text(" " * (width - n)) if n < width else line


def _row(
    cells: Sequence[Text], widths: Sequence[int], indent: str, style: str, *, bottom: bool = False
) -> Iterator[Text]:
    columns = [_cell_lines(c) for c in cells]
    height = max(len(c) for c in columns)
    if bottom:  # a header's cells stand on the rule, as in Rich
        columns = [[Text("")] * (height - len(c)) + c for c in columns]
    for i in range(height):
        line = Text(indent)
        for j, (col, width) in enumerate(zip(columns, widths, strict=True)):
            if j:
                line.append(" " * GAP)
            part = _fit(col[i] if i < len(col) else Text(""), width)
            if style:
                part.stylize(style)
            line.append_text(part)
        yield line


def grid_lines(
    header: Sequence[Text] | None,
    rows: Iterable[Sequence[Text]],
    widths: Sequence[int],
    *,
    indent: int = 0,
) -> Iterator[Text]:
    """The grid's lines: the ``header`` cells (none: no header and no rule),
    then each row of ``rows``, columns ``widths`` wide, ``indent`` spaces in."""
    pad = " " * indent
    if header is not None:
        yield from _row(header, widths, pad, HEADER_STYLE, bottom=True)
        yield Text(pad) + Text("─" * grid_width(widths))
    for cells in rows:
        yield from _row(cells, widths, pad, "")
