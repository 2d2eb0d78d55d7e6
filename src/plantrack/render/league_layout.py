"""How the league table fits a width: which columns it shows, how wide each is,
and what moves to a line under each row.

Plain strings in, plain strings out (:mod:`plantrack.render.league_table`
styles them).  The rules:

* a rank, an id, a status and a count are never broken: a column is at least
  as wide as the longest of them it holds;
* a slip, a date with its age, a trend and a plan's name break between their
  parts (after `` – `` and `` · ``, at a space inside a part), never inside a
  word, and a column is never narrower than its :data:`FLOORS` (a plan name
  of one long word is cut with ``…`` instead);
* Rank, Plan, Status and Slip always have columns; the others join them in
  the order of :data:`PRIORITY` when their narrowest widths fit beside those
  already in, and those that do not are written on a line under the row (``Trend: slipping ·
  Last news: 2023-03-31 (3 months ago)``), so nothing is lost at any width;
* a column gets its natural width when the table fits, else the breakable
  columns with the most room to spare give up a cell at a time: first down to
  their header's width, then to their narrowest, the plan's name last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from plantrack.render.cells import NONE
from plantrack.render.table_layout import GAP, fill, shortest, truncate

__all__ = ["CORE", "FLOORS", "PRIORITY", "LeagueLayout", "detail_text", "fit", "wrap"]

CORE = ("Rank", "Plan", "Status", "Slip")
PRIORITY = (*CORE, "Headline", "Since", "Trend", "Worst other", "Last news", "Vs baseline")
PRIORITY_TAIL = ("Overrun", "Fcsts", "Rebls")
FLOORS = {"Plan": 10, "Slip": 16, "Last news": 10, "Trend": 16, "Worst other": 16, "Since": 10}
BREAKABLE = frozenset(FLOORS) | {"Vs baseline"}
PROSE = frozenset({"Plan", "Trend", "Worst other", "Vs baseline"})  # break at any space
RIGHT = frozenset({"Rank", "Fcsts", "Rebls"})


def _key(header: str) -> str:
    """The rule name of a header: ``Since 2023-01-01`` is ``Since``."""
    return "Since" if header.startswith("Since ") else header


def _rank(header: str) -> int:
    order = (*PRIORITY, *PRIORITY_TAIL)
    key = _key(header)
    return order.index(key) if key in order else len(order)


@dataclass(frozen=True, slots=True)
class LeagueLayout:
    """Indexes (into the headers) of the columns shown, in the headers' order,
    their widths, and the indexes written on the line under each row, most
    important first."""

    columns: tuple[int, ...]
    widths: tuple[int, ...]
    details: tuple[int, ...]

    @property
    def total(self) -> int:
        """The table's width in cells."""
        return sum(self.widths) + GAP * max(0, len(self.widths) - 1)


def _header_min(header: str) -> int:
    return max(cell_len(word) for word in header.split(" "))


def _narrowest(header: str, cells: Sequence[str]) -> int:
    """The narrowest column ``cells`` fit in: whole for a rank, an id, a status
    or a count; between parts for a slip, a date or a change (``shortest``);
    between words for prose; never below :data:`FLOORS` unless the longest
    cell is narrower."""
    key = _key(header)
    if key not in BREAKABLE:
        return max([_header_min(header), *(cell_len(c) for c in cells)])
    if key in PROSE:
        need = max([0, *(cell_len(w) for c in cells for w in c.split(" "))])
    else:
        need = max([0, *(shortest(c) for c in cells)])
    floor = FLOORS.get(key, 0)
    return max(_header_min(header), min(max(need, floor), _natural(header, cells)))


def _natural(header: str, cells: Sequence[str]) -> int:
    return max([cell_len(header), *(cell_len(c) for c in cells)])


def fit(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> LeagueLayout:
    """The layout of ``rows`` (one text per header) in ``width`` cells."""
    columns = [[row[i] for row in rows] for i in range(len(headers))]
    narrow = [_narrowest(h, columns[i]) for i, h in enumerate(headers)]
    natural = [_natural(h, columns[i]) for i, h in enumerate(headers)]
    shown: list[int] = []
    moved: list[int] = []
    for i in sorted(range(len(headers)), key=lambda i: _rank(headers[i])):
        need = sum(narrow[j] for j in shown) + GAP * len(shown) + narrow[i]
        if _key(headers[i]) in CORE or need <= width:
            shown.append(i)
        else:
            moved.append(i)
    shown.sort()  # the columns in the headers' order; the moved ones by priority
    widths = {i: natural[i] for i in shown}
    room = width - GAP * (len(shown) - 1)
    # Headers wrap only when the cells alone cannot give way; the plan's name
    # gives way last: it is what a reader looks for first.
    keep_header = {i: max(narrow[i], min(natural[i], cell_len(headers[i]))) for i in shown}
    for floor, plan_too in ((keep_header, False), (narrow, False), (narrow, True)):
        while sum(widths.values()) > room:
            give = [
                i
                for i in shown
                if _key(headers[i]) in BREAKABLE
                and (headers[i] != "Plan" or plan_too)
                and widths[i] > floor[i]
            ]
            if not give:
                break
            widest = max(give, key=lambda i: (widths[i] - floor[i], -i))
            widths[widest] -= 1
    plan = next((i for i in shown if headers[i] == "Plan"), None)
    if plan is not None and sum(widths.values()) > room:
        # Only the plan's name can still give way: it is cut with "…" (see wrap).
        widths[plan] = max(4, widths[plan] - (sum(widths.values()) - room))
    return LeagueLayout(tuple(shown), tuple(widths[i] for i in shown), tuple(moved))


def wrap(header: str, text: str, width: int) -> list[str]:
    """A cell's lines in a column ``width`` cells wide.  A plan's name has at
    most two lines, the second cut with ``…`` when the name is longer."""
    key = _key(header)
    if key not in BREAKABLE:
        return [text]
    if key == "Plan":
        words = [truncate(w, width) for w in text.split(" ")]
        lines = fill(" ".join(words), width)
        if len(lines) > 2:
            lines = [lines[0], truncate(" ".join(lines[1:]), width)]
        return lines
    return fill(text, width)


def detail_text(headers: Sequence[str], row: Sequence[str], details: Sequence[int]) -> str:
    """The line under a row: ``Header: value`` of each moved column whose value
    is known, joined by `` · ``; empty when none is."""
    return " · ".join(f"{headers[i]}: {row[i]}" for i in details if row[i] != NONE)
