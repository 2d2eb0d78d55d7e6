"""The milestone trend chart as SVG or PNG, drawn with matplotlib.

matplotlib comes from the optional ``plot`` extra (``pip install
'plantrack-cli[plot]'``) and is imported only here, when a picture is asked for.
The picture is returned as bytes; the CLI writes the file.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence
from enum import Enum
from typing import Any

from plantrack.errors import PlantrackError
from plantrack.safetext import for_xml
from plantrack.trend import PointKind, Trend

__all__ = ["PLOT_EXTRA_HINT", "ChartFormat", "ChartUnavailable", "render_chart"]

PLOT_EXTRA_HINT = "install the plot extra: pip install 'plantrack-cli[plot]'"
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


class ChartFormat(str, Enum):
    """The picture formats the chart is drawn in."""

    SVG = "svg"
    PNG = "png"


class ChartUnavailable(PlantrackError):
    """matplotlib is not installed."""


# The chart's own margins stop at these: a date of year 1 or 9999 still draws.
_FIRST = _dt.datetime.combine(_dt.date.min, _dt.time())
_LAST = _dt.datetime.combine(_dt.date.max, _dt.time())


def _mid(start: _dt.date, end: _dt.date) -> _dt.datetime:
    a, b = _edges(start, end)
    return a + (b - a) / 2


def _edges(start: _dt.date, end: _dt.date) -> tuple[_dt.datetime, _dt.datetime]:
    """The instants an interval of days covers: its first day's start to its
    last day's end (the start of 31 December 9999, at the end of time)."""
    last = _dt.datetime.combine(end, _dt.time())
    return _dt.datetime.combine(start, _dt.time()), last + min(_LAST - last, _dt.timedelta(days=1))


def _padded(lo: _dt.datetime, hi: _dt.datetime) -> tuple[_dt.datetime, _dt.datetime]:
    pad = _dt.timedelta(days=20)
    return lo - min(pad, lo - _FIRST), hi + min(pad, _LAST - hi)


def _draw(ax: Any, trends: Sequence[Trend]) -> None:
    lo: list[_dt.datetime] = []
    hi: list[_dt.datetime] = []
    for s, t in enumerate(trends):
        colour = COLOURS[s % len(COLOURS)]
        placed = [p for p in t.points if p.reported is not None]
        if not placed:
            continue
        xs, ys = [], []
        for p in placed:
            assert p.reported is not None
            rx0, rx1 = _edges(p.reported.start, p.reported.end)
            fy0, fy1 = _edges(p.date.start, p.date.end)
            x, y = _mid(p.reported.start, p.reported.end), _mid(p.date.start, p.date.end)
            xs.append(x)
            ys.append(y)
            lo += [rx0, fy0]
            hi += [rx1, fy1]
            # The range itself as a band: the box of report range x forecast range.
            ax.fill_between([rx0, rx1], fy0, fy1, color=colour, alpha=0.18, linewidth=0)
            ax.errorbar(
                [x],
                [y],
                xerr=[[x - rx0], [rx1 - x]],
                yerr=[[y - fy0], [fy1 - y]],
                fmt="none",
                ecolor=colour,
                elinewidth=1.5,
                capsize=4,
                label=f"{t.milestone.id}: range of a fuzzy date" if p is placed[0] else None,
            )
        ax.plot(xs, ys, "-", color=colour, linewidth=1.5, label=f"{t.milestone.id}: forecasts")
        for x, y, p in zip(xs, ys, placed, strict=True):
            if p.slip is not None:
                ax.annotate(
                    f"slip {p.slip.text}",
                    (x, y),
                    xytext=(-10, 6),
                    textcoords="offset points",
                    horizontalalignment="right",
                    fontsize=8,
                    color=colour,
                )
        fx = [x for x, p in zip(xs, placed, strict=True) if p.kind is PointKind.FORECAST]
        fy = [y for y, p in zip(ys, placed, strict=True) if p.kind is PointKind.FORECAST]
        ax.plot(fx, fy, "o", color=colour, markersize=6)
        ax_ = [(x, y) for x, y, p in zip(xs, ys, placed, strict=True) if p.kind is PointKind.ACTUAL]
        if ax_:
            ax.plot(
                [ax_[0][0]],
                [ax_[0][1]],
                "D",
                color=colour,
                markeredgecolor="black",
                markersize=9,
                label=f"{t.milestone.id}: actual",
            )
        if t.baseline is not None:
            b0, b1 = _edges(t.baseline.start, t.baseline.end)
            ax.axhspan(b0, b1, color=colour, alpha=0.10, linewidth=0)
            ax.axhline(
                _mid(t.baseline.start, t.baseline.end),
                color=colour,
                linestyle=":",
                linewidth=1,
                label=f"{t.milestone.id}: planned {t.baseline.display}",
            )
            lo.append(b0)
            hi.append(b1)
    if lo:
        start, end = _padded(min(lo), max(hi))
        ax.plot(
            [start, end],
            [start, end],
            "--",
            color="grey",
            linewidth=1,
            label="forecast = report date (lands here)",
        )
        ax.set_xlim(*_padded(min(lo), max(hi)))
        ax.set_ylim(start, end)


def render_chart(trends: Sequence[Trend], *, fmt: ChartFormat, title: str) -> bytes:
    """The milestone trend chart of ``trends`` as an SVG or PNG picture.

    Raises :class:`ChartUnavailable` when matplotlib is missing.
    """
    try:
        import matplotlib
        import matplotlib.dates as mdates
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ChartUnavailable(f"--{fmt.value} needs matplotlib: {PLOT_EXTRA_HINT}") from exc

    # text.parse_math off: a "$" in a plan's text is a dollar, not maths.
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "plantrack",
            "font.size": 10,
            "text.usetex": False,
            "text.parse_math": False,
        }
    ):
        fig = Figure(figsize=(8, 6), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        _draw(ax, trends)
        for axis in (ax.xaxis, ax.yaxis):
            locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
            axis.set_major_locator(locator)
            axis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
        ax.set_xlabel("Date the forecast was reported")
        ax.set_ylabel("Forecast date of the milestone")
        # The title is the one free text of the plan in the picture (ids are
        # [a-z0-9._-]): escaped, so a control cannot make the SVG ill-formed.
        ax.set_title(f"Milestone trend: {for_xml(title)}")
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(True, linewidth=0.4, alpha=0.5)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
        metadata: dict[str, Any] = (
            {"Date": None, "Creator": "plantrack"}
            if fmt is ChartFormat.SVG
            else {"Software": "plantrack"}
        )
        dpi: float | str = 150 if fmt is ChartFormat.PNG else "figure"
        picture = io.BytesIO()
        fig.savefig(picture, format=fmt.value, dpi=dpi, metadata=metadata)
    return picture.getvalue()
