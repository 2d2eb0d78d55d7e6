"""The slippage table's grid drawn from the widths plantrack computes
(:mod:`plantrack.render.table_layout`), line by line, without Rich's table.

The look is Rich's ``Table(box=SIMPLE_HEAD, pad_edge=False, show_edge=False)``
with fixed-width columns that neither wrap nor grow: a header row (bold), a
rule of ``─`` under it, then each row's cells side by side, top-aligned (the
header's bottom-aligned), each cell padded to its column's width and ``GAP``
columns apart; a cell line wider than its column is cut with ``…``.  A line
is a list of ``(text, style)`` runs of plain strings: a console draws it with
its styles (:func:`segments`), or as plain text when piped, with no layout
pass over the whole table, so the rows can come from a generator.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size

from plantrack.render.table_layout import GAP

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment
    from rich.text import Text

__all__ = [
    "HEADER_STYLE",
    "GridCell",
    "GridLine",
    "Label",
    "cell_of",
    "fit",
    "grid_lines",
    "grid_width",
    "segments",
    "to_text",
]

HEADER_STYLE = "table.header"  # Rich's style for a table's header row (bold)

# A cell: its lines, each one text in one style ("" for none).
GridCell = list[tuple[str, str]]
# A line of the grid: runs of text, each in one style.
GridLine = list[tuple[str, str]]

_GAP = " " * GAP


class Label(NamedTuple):
    """A stacked row's id line: runs of text over one base ``style`` (as a
    Rich ``Text(first, style=style)`` with the other runs appended)."""

    style: str
    runs: GridLine

    @property
    def plain(self) -> str:
        """The line without its styles."""
        return "".join(text for text, _ in self.runs)

    def to_text(self) -> Text:
        """The line as a Rich :class:`~rich.text.Text` (wrapped at the console's width)."""
        from rich.text import Text

        (first, _), *rest = self.runs
        text = Text(first, style=self.style)
        for run, style in rest:
            text.append(run, style=style or None)
        return text


def cell_of(lines: Sequence[str], style: str = "") -> GridCell:
    """A cell of ``lines`` in one ``style`` (no lines: one empty line)."""
    return [(line, style) for line in lines] or [("", style)]


def grid_width(widths: Sequence[int]) -> int:
    """The width of a grid whose columns are ``widths`` wide."""
    return sum(widths) + GAP * (len(widths) - 1)


def fit(text: str, width: int) -> str:
    """``text`` cut with ``…`` to ``width`` cells (as Rich's ``overflow="ellipsis"``
    does), or padded with spaces to it."""
    n = cell_len(text)
    if n > width:
        text = set_cell_size(text, width - 1) + "…"
        n = cell_len(text)
    return text + " " * (width - n) if n < width else text


def _row(
    cells: Sequence[GridCell], widths: Sequence[int], indent: str, *, header: bool = False
) -> Iterator[GridLine]:
    height = max(len(c) for c in cells)
    for i in range(height):
        line: GridLine = [(indent, "")] if indent else []
        for j, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            # a header's cells stand on the rule (bottom-aligned), as in Rich
            k = i - (height - len(cell)) if header else i
            text, style = cell[k] if 0 <= k < len(cell) else ("", "")
            if j:
                line.append((_GAP, ""))
            line.append((fit(text, width), HEADER_STYLE if header else style))
        yield line


def grid_lines(
    header: Sequence[GridCell] | None,
    rows: Iterable[Sequence[GridCell]],
    widths: Sequence[int],
    *,
    indent: int = 0,
) -> Iterator[GridLine]:
    """The grid's lines: the ``header`` cells (none: no header and no rule),
    then each row of ``rows``, columns ``widths`` wide, ``indent`` spaces in."""
    pad = " " * indent
    if header is not None:
        yield from _row(header, widths, pad, header=True)
        yield [(pad, ""), ("─" * grid_width(widths), "")]
    for cells in rows:
        yield from _row(cells, widths, pad)


def segments(line: GridLine, console: Console) -> Iterator[Segment]:
    """A grid line as Rich segments, styles resolved by ``console``'s theme."""
    from rich.segment import Segment

    for text, style in line:
        yield Segment(text, console.get_style(style) if style else None)
    yield Segment.line()


def to_text(cell: GridCell) -> Text:
    """A cell as one Rich :class:`~rich.text.Text` (for Rich's own table)."""
    from rich.text import Text

    text = Text()
    for i, (line, style) in enumerate(cell):
        text.append(("\n" if i else "") + line, style=style or None)
    return text
