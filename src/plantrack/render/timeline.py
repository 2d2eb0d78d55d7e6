"""A timeline under the table: where each milestone was planned and where it landed.

One row per milestone, on a shared time axis::

    ict-strategy   ▒────────█   10 months

``▒`` is the planned interval, ``█`` the actual, ``▓`` the latest forecast,
``─`` the slip between them, and ``│`` marks the as-of date.  Everything is
drawn at the precision of the sources: a month-precision date covers its whole
month.  A slip text is never cut: its column widens to the longest text (the
time axis giving way down to ``MIN_TRACK`` columns), and a text still too long
wraps onto the lines under its row.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from collections.abc import Callable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from plantrack.dates import FuzzyDate
from plantrack.knowledge import ExpectedBasis
from plantrack.render.cells import STATUS_STYLES
from plantrack.safetext import for_terminal
from plantrack.slippage import Basis, MilestoneResult, Report

__all__ = ["Timeline"]

PLANNED, ACTUAL, FORECAST, GAP, AS_OF = "▒", "█", "▓", "─", "│"
MIN_TRACK = 20
MIN_SLIP = 16  # columns kept for the slip text, widened for a longer one


class Timeline:
    """A Rich renderable: the milestones of one report on a time axis."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def _bounds(self) -> tuple[_dt.date, _dt.date] | None:
        dates: list[_dt.date] = []
        for r in self.report.results:
            for d in _shown_dates(r):
                dates += [d.start, d.end]
        if not dates:
            return None
        start = min(dates).replace(month=1, day=1)
        end = max(*dates, self.report.as_of)
        return start, _dt.date(end.year, 12, 31)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        bounds = self._bounds()
        if bounds is None:
            return
        ids = [for_terminal(r.milestone.id) for r in self.report.results]
        label_width = min(24, max(len(i) for i in ids))
        slips = [for_terminal(r.slip.described) if r.slip else "" for r in self.report.results]
        room = options.max_width - label_width - 2 - MIN_TRACK  # the slip's, at most
        slip_width = max(MIN_SLIP, min(max(map(len, slips)), room))
        track = _Track(*bounds, max(MIN_TRACK, options.max_width - label_width - slip_width - 2))

        yield _axis(track.first, track.last, track.col, track.width, label_width)
        as_of = self.report.as_of
        as_of_col = track.col(as_of) if track.first <= as_of <= track.last else None
        for r, shown_id, slip_text in zip(self.report.results, ids, slips, strict=True):
            cells, styles = track.draw(r, as_of, as_of_col)
            style = STATUS_STYLES[r.status]
            line = Text(shown_id[:label_width].ljust(label_width) + " ", style="bold")
            for ch, st in zip(cells, styles, strict=True):
                line.append(ch, style=st)
            pieces = _wrapped(slip_text, slip_width)
            if pieces:
                line.append(" " + pieces[0], style=style)
            yield line
            indent = " " * (label_width + 1 + track.width + 1)
            for piece in pieces[1:]:
                yield Text(indent + piece, style=style)
        yield Text(
            f"{PLANNED} planned  {ACTUAL} actual  {FORECAST} forecast  {GAP} slip  "
            f"{AS_OF} as of {as_of.isoformat()}",
            style="dim",
        )


class _Track:
    """The time axis from ``first`` to ``last``, ``width`` columns wide."""

    def __init__(self, first: _dt.date, last: _dt.date, width: int) -> None:
        self.first, self.last, self.width = first, last, width
        self.span = (last - first).days + 1

    def col(self, d: _dt.date) -> int:
        return min(self.width - 1, max(0, (d - self.first).days * self.width // self.span))

    def draw(
        self, r: MilestoneResult, as_of: _dt.date, as_of_col: int | None
    ) -> tuple[list[str], list[str]]:
        """One milestone's cells and their styles: the slip, the planned
        interval, the forecast or actual, and the as-of mark where it is free."""
        cells = [" "] * self.width
        styles = [""] * self.width
        style = STATUS_STYLES[r.status]
        planned = r.planned
        later = _later(r)
        if planned is not None and later is not None and later.start > planned.end:
            _fill(cells, styles, self.col(planned.end), self.col(later.start), GAP, style)
        elif planned is not None and r.slip is not None and r.slip.basis is Basis.AS_OF:
            # overdue with nothing reported: the slip so far runs up to the as-of date
            _fill(cells, styles, self.col(planned.end), self.col(as_of), GAP, style)
        if planned is not None:
            _fill(cells, styles, self.col(planned.start), self.col(planned.end), PLANNED, "dim")
        if later is not None:
            glyph = ACTUAL if r.actual is not None else FORECAST
            _fill(cells, styles, self.col(later.start), self.col(later.end), glyph, style)
        if as_of_col is not None and cells[as_of_col] == " ":
            cells[as_of_col], styles[as_of_col] = AS_OF, "dim"
        return cells, styles


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces (a word
    longer than a line is broken too): no word is lost."""
    return textwrap.wrap(text, width, break_on_hyphens=False) if text else []


def _shown_dates(r: MilestoneResult) -> list[FuzzyDate]:
    later = _later(r)
    return [d for d in (r.planned, later) if d is not None]


def _later(r: MilestoneResult) -> FuzzyDate | None:
    """What the row draws after the plan: the expected date when it is the actual,
    a forecast or a re-baseline (not when the slip runs up to the as-of date)."""
    known = r.knowledge
    if not isinstance(known.expected, FuzzyDate):  # withdrawn, or no end to draw to
        return None
    if known.basis is ExpectedBasis.ACTUAL:
        return known.expected
    news = known.basis in (ExpectedBasis.FORECAST, ExpectedBasis.REBASELINE)
    if news and (r.slip is None or r.slip.basis is not Basis.AS_OF):
        return known.expected
    return None


def _fill(cells: list[str], styles: list[str], lo: int, hi: int, ch: str, style: str) -> None:
    for i in range(lo, hi + 1):
        cells[i], styles[i] = ch, style


def _axis(
    first: _dt.date, last: _dt.date, col: Callable[[_dt.date], int], track: int, label_width: int
) -> Text:
    chars = [" "] * track
    years = last.year - first.year + 1
    per_year = track / years
    step = next(k for k in (1, 2, 5, 10, 20, 50, 100, 1000, 10000) if k * per_year >= 6)
    for year in range(first.year, last.year + 1):
        if year % step and year != first.year:
            continue
        at = col(_dt.date(year, 1, 1))
        label = str(year)
        if at + len(label) <= track and all(c == " " for c in chars[max(0, at - 1) : at + 5]):
            chars[at : at + len(label)] = list(label)
    return Text(" " * (label_width + 1) + "".join(chars), style="dim")
