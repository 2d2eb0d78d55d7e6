"""How the slippage table fits a width: which columns and lines it shows, how
wide each column is, and where the text of a cell may break.

Plain strings in, plain strings out (:mod:`plantrack.render.table` turns them
into Rich objects).  The rules:

* an id, a source id, a date and a status are never broken: a column is at
  least as wide as the longest of them it holds;
* a slip or a detail line breaks only after `` · `` or `` – `` and before
  ``so far`` (``8 years 3 months –`` / ``8 years 5 months early``), and at a
  space only when one of those parts alone is wider than the column;
* free text (a milestone's name) is cut with ``…``, never wrapped;
* the richest layout that fits wins (:data:`LAYOUTS`): names beside the ids
  from 140 columns, under them from 100, none below; when the ids no longer fit
  in a column of their own, each stands on a line above its row ("stacked");
  narrower still, no detail lines, and each earlier forecast on one short line
  (``↳ 2014-01 · 9 months``).
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

from rich.cells import cell_len

from plantrack.render.cells import NONE, Cell, HistoryCell
from plantrack.slippage import Status

__all__ = [
    "GAP",
    "ID",
    "INDENT",
    "LATEST",
    "LAYOUTS",
    "NAME",
    "NAME_LINES",
    "NAME_MIN",
    "PLANNED",
    "PRIORITY",
    "SLIP",
    "SOURCE_MIN",
    "STATUS",
    "Layout",
    "Names",
    "Row",
    "Span",
    "choose_layout",
    "clip",
    "fill",
    "fit_widths",
    "header",
    "inline_line",
    "pieces",
    "short_line",
    "shortest",
    "truncate",
]

GAP = 3  # columns between two cells: a space of padding on each side and the rule's space
INDENT = 2  # a stacked layout's rows stand this far right of their id line
NAME_MIN = 16  # the narrowest Name column beside the ids
NAME_LINES = 2  # the most lines a name under its id takes
SOURCE_MIN = 20  # a source id in a detail line is cut with "…" to no fewer cells


@functools.cache
def _breaks() -> re.Pattern[str]:
    """Where a line may break (compiled on first use, not at import)."""
    return re.compile(r"(?<=[·–]) (?=\S)| (?=so far$)")


# The value types here are NamedTuples: typed and immutable like a frozen
# dataclass, and several times cheaper to define at startup (docs/performance.md).


class Names(Enum):
    """Where a milestone's name goes."""

    BESIDE = "beside"  # a Name column of its own
    UNDER = "under"  # under the id (stacked: after the id, on its line)
    NONE = "none"  # left out


class Layout(NamedTuple):
    """What the table shows: names, ids in a column or each on a line of its
    own (``stacked``), the detail line under each date, earlier forecasts as
    full rows or as one short line each, and (``inline_slip``) the slip after
    the date instead of in a column, with the status beside the id."""

    names: Names
    stacked: bool
    details: bool
    short_history: bool
    min_width: int  # the narrowest console this layout is chosen for
    inline_slip: bool = False


LAYOUTS = (
    Layout(Names.BESIDE, stacked=False, details=True, short_history=False, min_width=140),
    Layout(Names.UNDER, stacked=False, details=True, short_history=False, min_width=100),
    Layout(Names.NONE, stacked=False, details=True, short_history=False, min_width=0),
    Layout(Names.UNDER, stacked=True, details=True, short_history=False, min_width=100),
    Layout(Names.NONE, stacked=True, details=True, short_history=False, min_width=0),
    Layout(Names.NONE, stacked=True, details=False, short_history=True, min_width=0),
    Layout(
        Names.NONE, stacked=True, details=False, short_history=True, min_width=0, inline_slip=True
    ),
)


def pieces(text: str) -> list[str]:
    """The parts of ``text`` a line may break between: after `` · `` and
    `` – ``, and before a closing ``so far``."""
    return [p for p in _breaks().split(text) if p]


def shortest(text: str, *, first: str = "", rest: str = "", cap: int | None = None) -> int:
    """The narrowest column ``text`` fits in without breaking a part
    (:func:`pieces`), its first line after ``first`` and the others after
    ``rest``; with ``cap``, a part without a space (a source id) counts as at
    most ``cap`` cells (it is cut with ``…`` in a narrower column)."""

    def need(prefix: str, part: str) -> int:
        n = cell_len(prefix + part)
        return n if cap is None or " " in part else min(n, cell_len(prefix) + cap)

    parts = pieces(text)
    if not parts:
        return cell_len(first)
    return max([need(first, parts[0]), *(need(rest, p) for p in parts[1:])])


def fill(text: str, width: int, *, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between its
    :func:`pieces` (at spaces only inside a part wider than the column; a
    word wider than the column stays whole); the first line starts with
    ``first``, the others with ``rest``."""
    lines: list[str] = []
    for part in pieces(text):
        prefix = rest if lines else first
        if lines and cell_len(lines[-1]) + 1 + cell_len(part) <= width:
            lines[-1] += " " + part
        elif cell_len(prefix + part) <= width:
            lines.append(prefix + part)
        else:
            room = max(1, width - cell_len(prefix))
            for word_line in textwrap.wrap(
                part, room, break_long_words=False, break_on_hyphens=False
            ):
                lines.append((rest if lines else first) + word_line)
    return lines or [first]


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with ``…`` (at a space when one is near
    the end), or whole when it fits."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…" if width == 1 else ""
    cut = text
    while cell_len(cut) > width - 1:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space >= (width * 2) // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


def clip(text: str, width: int, *, lines: int) -> list[str]:
    """``text`` wrapped at spaces in at most ``lines`` lines of ``width``
    cells; what does not fit is cut with ``…`` (:func:`truncate`)."""
    wrapped = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], " ".join(wrapped[lines - 1 :])]
    return [truncate(line, width) for line in wrapped]


class Span(NamedTuple):
    """A column's widths: ``least`` (every unbreakable part fits, a source id
    may be cut with ``…``), ``whole`` (nothing is cut) and ``natural``
    (nothing wraps either)."""

    least: int
    whole: int
    natural: int

    @classmethod
    def of(cls, least: Sequence[int], natural: Sequence[int], whole: Sequence[int] = ()) -> Span:
        """The span of a column whose cells need ``least`` (``whole`` to cut
        nothing) and want ``natural``."""
        lo = max(least, default=0)
        mid = max([lo, *whole])
        return cls(lo, mid, max([mid, *natural]))

    def uncut(self) -> Span:
        """This span with nothing cut: at least its whole width."""
        return Span(self.whole, self.whole, self.natural)


def fit_widths(
    spans: Sequence[Span],
    width: int,
    priority: Sequence[tuple[int, int | None]],
) -> list[int] | None:
    """Column widths for a table ``width`` wide (``GAP`` between columns), or
    None when even the narrowest do not fit.  Each column starts at its least
    width; the room left goes first to the columns that would cut a source
    id, up to their whole width (a cut id loses more than a slip wrapped
    after its dash), then to each ``(index, cap)`` of ``priority`` in order,
    up to ``cap`` cells (None: its natural width).  A table never grows past
    its natural width."""
    widths = [s.least for s in spans]
    room = width - sum(widths) - GAP * (len(spans) - 1)
    if room < 0:
        return None
    wants = [(i, spans[i].natural if cap is None else cap) for i, cap in priority]
    targets = [*((i, spans[i].whole) for i, _ in priority), *wants]
    for i, target in targets:
        grow = max(0, min(room, min(target, spans[i].natural) - widths[i]))
        widths[i] += grow
        room -= grow
    return widths


ID, NAME, PLANNED, LATEST, SLIP, STATUS = (
    "Milestone", "Name", "Planned", "Forecast / actual", "Slip", "Status",
)  # fmt: skip
# Who gets the room left over, first to last, and up to how many cells (None: all it wants).
PRIORITY: tuple[tuple[str, int | None], ...] = (
    (STATUS, None), (SLIP, None), (NAME, 40), (LATEST, None), (PLANNED, None), (ID, None),
    (NAME, None),
)  # fmt: skip


class Row(NamedTuple):
    """One milestone's texts, escaped for a terminal."""

    id: str
    name: str  # empty when the milestone has none but its id
    planned: Cell
    latest: Cell
    slip: str
    status: Status
    history: tuple[HistoryCell, ...]


def short_line(h: HistoryCell) -> str:
    """An earlier forecast on one line: ``↳ 2014-01 · 9 months``."""
    return f"↳ {h.forecast.date} · {h.slip}" if h.slip else f"↳ {h.forecast.date}"


def inline_line(row: Row) -> str:
    """The row's date and slip on one line: ``2014-02-07 · 10 months``."""
    return row.latest.date if row.slip == NONE else f"{row.latest.date} · {row.slip}"


def _date_span(cells: Sequence[Cell], *, details: bool) -> Span:
    dates = [len(c.date) for c in cells]
    if not details:
        return Span.of(dates, dates)
    return Span.of(
        dates + [shortest(c.detail, cap=SOURCE_MIN) for c in cells if c.detail],
        [len(c.detail) for c in cells],
        [shortest(c.detail) for c in cells if c.detail],
    )


def _latest_span(rows: Sequence[Row], layout: Layout) -> Span:
    """The Forecast / actual column: each row's date and detail, or date and
    slip (``inline_slip``), and its earlier forecasts."""
    spans = [_date_span([row.latest for row in rows], details=layout.details)]
    if layout.inline_slip:
        spans.append(
            Span.of(
                [shortest(inline_line(r), rest="  ") for r in rows],
                [len(inline_line(r)) for r in rows],
            )
        )
    history = [h for row in rows for h in row.history]
    if layout.short_history:
        short = [short_line(h) for h in history]
        spans.append(Span.of([shortest(t, rest="  ") for t in short], [len(t) for t in short]))
    else:
        dates = [2 + len(h.forecast.date) for h in history]
        spans.append(Span.of(dates, dates))
        if layout.details:
            details = [h.forecast.detail for h in history if h.forecast.detail]
            spans.append(
                Span.of(
                    [shortest(d, first="  ", rest="  ", cap=SOURCE_MIN) for d in details],
                    [2 + len(d) for d in details],
                    [shortest(d, first="  ", rest="  ") for d in details],
                )
            )
    return Span(*(max(getattr(s, k) for s in spans) for k in ("least", "whole", "natural")))


def _spans(rows: Sequence[Row], layout: Layout) -> dict[str, Span]:
    """Each shown column's widths for ``rows``, its header included."""
    history = [] if layout.short_history else [h.slip for row in rows for h in row.history]
    slips = [row.slip for row in rows] + history
    names = [len(row.name) for row in rows]
    spans = {
        ID: Span.of([len(row.id) for row in rows], names if layout.names is Names.UNDER else []),
        NAME: Span.of([min(NAME_MIN, n) for n in names], names),
        PLANNED: _date_span([row.planned for row in rows], details=layout.details),
        LATEST: _latest_span(rows, layout),
        SLIP: Span.of([shortest(s) for s in slips], [len(s) for s in slips]),
        STATUS: Span.of([len(row.status.value) for row in rows], []),
    }
    out = {}
    for h in _columns(layout):
        label = header(h, layout)
        s, word = spans[h], max(len(w) for w in label.split())
        out[h] = Span(max(s.least, word), max(s.whole, word), max(s.natural, len(label)))
    return out


def header(column: str, layout: Layout) -> str:
    """A column's header: the Forecast / actual column says it holds the slip too
    when the slip has no column of its own."""
    return f"{LATEST} · slip" if column == LATEST and layout.inline_slip else column


def _columns(layout: Layout) -> tuple[str, ...]:
    if layout.inline_slip:
        return (PLANNED, LATEST)
    head = () if layout.stacked else (ID, NAME) if layout.names is Names.BESIDE else (ID,)
    return (*head, PLANNED, LATEST, SLIP, STATUS)


def choose_layout(rows: Sequence[Row], width: int) -> tuple[Layout, dict[str, int]]:
    """The layout (:data:`LAYOUTS`) for ``width`` columns, and its column
    widths: the richest with detail lines that fits without cutting a source
    id, else the richest with detail lines that fits, else the richest that
    fits; the last one, at its narrowest, when none does."""
    detailed = [layout for layout in LAYOUTS if layout.details]
    bare = [layout for layout in LAYOUTS if not layout.details]
    for layouts, uncut in ((detailed, True), (detailed, False), (bare, False)):
        for layout in layouts:
            if width < layout.min_width:
                continue
            spans = _spans(rows, layout)
            if uncut:
                spans = {h: s.uncut() for h, s in spans.items()}
            order = [(list(spans).index(h), cap) for h, cap in PRIORITY if h in spans]
            room = width - INDENT * layout.stacked
            widths = fit_widths(list(spans.values()), room, order)
            if widths is not None:
                return layout, dict(zip(spans, widths, strict=True))
    spans = _spans(rows, LAYOUTS[-1])
    return LAYOUTS[-1], {h: s.least for h, s in spans.items()}
