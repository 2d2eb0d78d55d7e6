"""The milestone trend chart drawn in characters, for a terminal.

x is the date a forecast was reported, y the date it forecast; the dotted
diagonal is where forecast = report date (a milestone lands where its line
meets it). A range is drawn as a bar: ``│`` for a forecast range, ``─`` for a
reported range. Plain characters carry the meaning; colour (on a terminal
only) just tells series apart.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

from plantrack.safetext import for_terminal
from plantrack.trend import PointKind, Trend

if TYPE_CHECKING:
    from rich.text import Text

    from plantrack.dates import FuzzyDate

__all__ = ["SERIES_STYLES", "chart_lines", "render_trend_chart"]

SERIES_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "red")
MARKERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACTUAL = "◆"
IMPLIED = "◇"
DIAGONAL = "·"
PLANNED = "="
Y_LABEL = 8  # "2014-01 " then the axis


def _bounds(trends: Sequence[Trend]) -> tuple[_dt.date, _dt.date, _dt.date, _dt.date] | None:
    xs: list[_dt.date] = []
    ys: list[_dt.date] = []
    for t in trends:
        for p in (*t.points, *t.implied):
            if p.reported is None:
                continue
            xs += [p.reported.start, p.reported.end]
            ys += [p.date.start, p.date.end]
        if t.baseline is not None and xs:
            ys += [t.baseline.start, t.baseline.end]
    if not xs:
        return None
    pad = max(15, (max(xs) - min(xs)).days // 25)
    x0, x1 = _shifted(min(xs), -pad), _shifted(max(xs), pad)
    y0, y1 = min([*ys, x0]), max([*ys, x1])
    return x0, x1, y0, y1


def _shifted(d: _dt.date, days: int) -> _dt.date:
    """``d`` moved by ``days``, stopping at years 1 and 9999 (the margin shrinks)."""
    if days < 0:
        return d - _dt.timedelta(days=min(-days, (d - _dt.date.min).days))
    return d + _dt.timedelta(days=min(days, (_dt.date.max - d).days))


Cells: TypeAlias = list[tuple[str, int | None]]  # (character, series index or None)


def _plain(text: str) -> Cells:
    return [(ch, None) for ch in text]


class _Canvas:
    """The plot area: ``height`` rows of ``width`` cells mapping dates to places."""

    def __init__(
        self, bounds: tuple[_dt.date, _dt.date, _dt.date, _dt.date], width: int, height: int
    ) -> None:
        self.x0, x1, self.y0, self.y1 = bounds
        self.width, self.height = width, height
        self.xspan, self.yspan = (x1 - self.x0).days, max(1, (self.y1 - self.y0).days)
        self.grid: list[Cells] = [[(" ", None)] * width for _ in range(height)]

    def col(self, d: _dt.date) -> int:
        return round((d - self.x0).days / self.xspan * (self.width - 1))

    def row(self, d: _dt.date) -> int:
        return self.height - 1 - round((d - self.y0).days / self.yspan * (self.height - 1))

    def date_at_col(self, c: int) -> _dt.date:
        return self.x0 + _dt.timedelta(days=c * self.xspan / (self.width - 1))

    def date_at_row(self, r: int) -> _dt.date:
        return self.y0 + _dt.timedelta(days=(self.height - 1 - r) * self.yspan / (self.height - 1))

    def diagonal(self) -> None:
        """Where the forecast date equals the report date."""
        for c in range(self.width):
            d = self.date_at_col(c)
            if self.y0 <= d <= self.y1:
                self.grid[self.row(d)][c] = (DIAGONAL, None)

    def planned(self, s: int, baseline: FuzzyDate) -> None:
        """A dotted line at series ``s``'s planned date, behind everything else."""
        r = (self.row(baseline.end) + self.row(baseline.start)) // 2
        for c in range(self.width):
            if self.grid[r][c][0] == " ":
                self.grid[r][c] = (PLANNED, s)

    def bars(self, s: int, t: Trend) -> None:
        """The ranges of series ``s``'s fuzzy points: ``─`` over the report
        date's span, ``│`` over the forecast date's."""
        for p in t.points:
            if p.reported is None:
                continue
            c_lo, c_hi = self.col(p.reported.start), self.col(p.reported.end)
            r_top, r_bottom = self.row(p.date.end), self.row(p.date.start)
            for c in range(c_lo, c_hi + 1):
                self.grid[(r_top + r_bottom) // 2][c] = ("─", s)
            for r in range(r_top, r_bottom + 1):
                self.grid[r][(c_lo + c_hi) // 2] = ("│", s)

    def markers(self, s: int, t: Trend) -> None:
        """Series ``s``'s points, at the middle of their ranges."""
        for p in t.points:
            if p.reported is None:
                continue
            c = (self.col(p.reported.start) + self.col(p.reported.end)) // 2
            r = (self.row(p.date.end) + self.row(p.date.start)) // 2
            mark = ACTUAL if p.kind is PointKind.ACTUAL else MARKERS[s % len(MARKERS)]
            self.grid[r][c] = (mark, s)

    def implied(self, s: int, t: Trend) -> None:
        """Series ``s``'s implied points (``◇``), under its own markers."""
        for p in t.implied:
            assert p.reported is not None  # an implied point is known on a day
            c = (self.col(p.reported.start) + self.col(p.reported.end)) // 2
            r = (self.row(p.date.end) + self.row(p.date.start)) // 2
            if self.grid[r][c][0] not in MARKERS + ACTUAL:
                self.grid[r][c] = (IMPLIED, s)

    def framed(self) -> list[Cells]:
        """The grid with its axes, tick labels and axis titles."""
        ticks = {0, self.height // 3, 2 * self.height // 3, self.height - 1}
        out: list[Cells] = [_plain("forecast date")]
        for r in range(self.height):
            label = f"{self.date_at_row(r):%Y-%m} ┤" if r in ticks else " " * (Y_LABEL - 1) + " │"
            out.append(_plain(label) + self.grid[r])
        axis = [" "] * self.width
        labels = [" "] * (self.width + 8)
        for c in (0, self.width // 2, self.width - 1):
            axis[c] = "┬"
            text = f"{self.date_at_col(c):%Y-%m}"
            start = min(max(0, c - len(text) // 2), self.width - len(text))
            labels[start : start + len(text)] = list(text)
        out.append(_plain(" " * (Y_LABEL - 1) + " └" + "".join(axis).replace(" ", "─")))
        out.append(_plain(" " * (Y_LABEL + 1) + "".join(labels).rstrip()))
        out.append(_plain(" " * (Y_LABEL + 1) + "date reported".rjust(self.width)))
        return out


def chart_lines(trends: Sequence[Trend], *, width: int = 80, height: int = 16) -> list[Cells]:
    """The chart as rows of ``(character, series index or None)``: axes, tick
    labels, the diagonal, each placed point, then a legend line per series."""
    bounds = _bounds(trends)
    if bounds is None:
        return [_plain("(no forecast with a reported date to draw)")]
    canvas = _Canvas(bounds, max(20, width - Y_LABEL - 2), max(6, height))
    canvas.diagonal()
    for s, t in enumerate(trends):
        if t.baseline is not None:
            canvas.planned(s, t.baseline)
    for s, t in enumerate(trends):
        canvas.implied(s, t)
    for s, t in enumerate(trends):
        canvas.bars(s, t)
        canvas.markers(s, t)  # markers last, so no bar of this series hides one
    out = canvas.framed()
    for s, t in enumerate(trends):
        out.append([(MARKERS[s % len(MARKERS)], s), *_plain(" " + for_terminal(t.milestone.id))])
    legend = f"{ACTUAL} actual   │ ─ a range   {PLANNED} planned date"
    if any(t.implied for t in trends):
        legend += f"   {IMPLIED} implied by predecessors"
    out.append(_plain(legend))
    out.append(_plain(f"{DIAGONAL} forecast = report date: a line parallel to it slips"))
    out.append(_plain("  a month for every month that passes"))
    return out


def render_trend_chart(trends: Sequence[Trend], *, width: int = 80) -> Text:
    """The chart as Rich text: series coloured on a terminal, plain elsewhere."""
    from rich.text import Text

    text = Text()
    for i, line in enumerate(chart_lines(trends, width=width)):
        if i:
            text.append("\n")
        for ch, s in line:
            style = SERIES_STYLES[s % len(SERIES_STYLES)] if s is not None else ""
            text.append(ch, style=style)
    return text
