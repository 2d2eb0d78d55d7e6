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
from typing import TYPE_CHECKING

from plantrack.safetext import for_terminal
from plantrack.trend import PointKind, Trend

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["SERIES_STYLES", "chart_lines", "render_trend_chart"]

SERIES_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "red")
MARKERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ACTUAL = "◆"
DIAGONAL = "·"
PLANNED = "="
Y_LABEL = 8  # "2014-01 " then the axis


def _bounds(trends: Sequence[Trend]) -> tuple[_dt.date, _dt.date, _dt.date, _dt.date] | None:
    xs: list[_dt.date] = []
    ys: list[_dt.date] = []
    for t in trends:
        for p in t.points:
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


def chart_lines(
    trends: Sequence[Trend], *, width: int = 80, height: int = 16
) -> list[list[tuple[str, int | None]]]:
    """The chart as rows of ``(character, series index or None)``: axes, tick
    labels, the diagonal, each placed point, then a legend line per series."""
    bounds = _bounds(trends)
    if bounds is None:
        return [[(c, None) for c in "(no forecast with a reported date to draw)"]]
    x0, x1, y0, y1 = bounds
    plot_w = max(20, width - Y_LABEL - 2)
    plot_h = max(6, height)
    xspan, yspan = (x1 - x0).days, max(1, (y1 - y0).days)

    def col(d: _dt.date) -> int:
        return round((d - x0).days / xspan * (plot_w - 1))

    def row(d: _dt.date) -> int:
        return plot_h - 1 - round((d - y0).days / yspan * (plot_h - 1))

    def date_at_col(c: int) -> _dt.date:
        return x0 + _dt.timedelta(days=c * xspan / (plot_w - 1))

    grid: list[list[tuple[str, int | None]]] = [[(" ", None)] * plot_w for _ in range(plot_h)]
    for c in range(plot_w):
        d = date_at_col(c)
        if y0 <= d <= y1:
            grid[row(d)][c] = (DIAGONAL, None)
    for s, t in enumerate(trends):
        if t.baseline is not None:
            planned_row = (row(t.baseline.end) + row(t.baseline.start)) // 2
            for c in range(plot_w):
                if grid[planned_row][c][0] == " ":
                    grid[planned_row][c] = (PLANNED, s)
    for s, t in enumerate(trends):
        for p in t.points:
            if p.reported is None:
                continue
            c_lo, c_hi = col(p.reported.start), col(p.reported.end)
            r_top, r_bottom = row(p.date.end), row(p.date.start)
            for c in range(c_lo, c_hi + 1):
                grid[(r_top + r_bottom) // 2][c] = ("─", s)
            for r in range(r_top, r_bottom + 1):
                grid[r][(c_lo + c_hi) // 2] = ("│", s)
        for p in t.points:  # markers last, so no bar hides one
            if p.reported is None:
                continue
            c = (col(p.reported.start) + col(p.reported.end)) // 2
            r = (row(p.date.end) + row(p.date.start)) // 2
            mark = ACTUAL if p.kind is PointKind.ACTUAL else MARKERS[s % len(MARKERS)]
            grid[r][c] = (mark, s)

    def plain(text: str) -> list[tuple[str, int | None]]:
        return [(ch, None) for ch in text]

    ticks = {0, plot_h // 3, 2 * plot_h // 3, plot_h - 1}
    out: list[list[tuple[str, int | None]]] = [plain("forecast date")]
    for r in range(plot_h):
        d = y0 + _dt.timedelta(days=(plot_h - 1 - r) * yspan / (plot_h - 1))
        label = f"{d:%Y-%m} ┤" if r in ticks else " " * (Y_LABEL - 1) + " │"
        out.append(plain(label) + grid[r])
    axis = [" "] * plot_w
    labels = [" "] * (plot_w + 8)
    for c in (0, plot_w // 2, plot_w - 1):
        axis[c] = "┬"
        text = f"{date_at_col(c):%Y-%m}"
        start = min(max(0, c - len(text) // 2), plot_w - len(text))
        labels[start : start + len(text)] = list(text)
    out.append(plain(" " * (Y_LABEL - 1) + " └" + "".join(axis).replace(" ", "─")))
    out.append(plain(" " * (Y_LABEL + 1) + "".join(labels).rstrip()))
    out.append(plain(" " * (Y_LABEL + 1) + "date reported".rjust(plot_w)))
    for s, t in enumerate(trends):
        out.append([(MARKERS[s % len(MARKERS)], s), *plain(" " + for_terminal(t.milestone.id))])
    out.append(plain(f"{ACTUAL} actual   │ ─ a range   {PLANNED} planned date"))
    out.append(plain(f"{DIAGONAL} forecast = report date: a line parallel to it slips"))
    out.append(plain("  a month for every month that passes"))
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
