"""The milestone trend chart as SVG or PNG, drawn with matplotlib.

matplotlib comes from the optional ``plot`` extra (``pip install
'plantrack-cli[plot]'``) and is imported only here and in
:mod:`plantrack.render.slipchart`, when a picture is asked for.  Pictures are
returned as bytes; the CLI writes the file.

One axes per milestone (small multiples when there are several), one legend
entry per kind of mark, outside the axes.  Slip labels are placed by
:func:`layout_labels` after a draw, in display coordinates, so that no label
overlaps another, a point, the title or the axes; an axes where they do not
all fit gets numbers instead, keyed in a table beside it.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any

from plantrack.errors import PlantrackError
from plantrack.render.labels import Label, place_labels
from plantrack.safetext import for_xml
from plantrack.trend import Point, PointKind, Trend

__all__ = [
    "PLOT_EXTRA_HINT",
    "ChartFormat",
    "ChartUnavailable",
    "build_trend_figure",
    "date_axes",
    "day_edges",
    "num",
    "padded",
    "picture_bytes",
    "plot_style",
    "render_chart",
    "shorten",
]

PLOT_EXTRA_HINT = "install the plot extra: pip install 'plantrack-cli[plot]'"
COLOUR = "#1f77b4"
PNG_DPI = 150  # a PNG is drawn at this resolution (an SVG at 100, matplotlib's default)
AS_OF_COLOUR = "#444444"
REBASELINE_COLOUR = "#9467bd"  # the approval of a new baseline (a vertical line)
POINTS_GID = "points"  # the line joining a milestone's points has gid "points-ID"
IMPLIED_COLOUR = "#d95f02"  # the date a milestone's predecessors imply (a series of its own)
IMPLIED_GID = "implied"  # the implied series of a milestone has gid "implied-ID"


class ChartFormat(str, Enum):
    """The picture formats the chart is drawn in."""

    SVG = "svg"
    PNG = "png"


class ChartUnavailable(PlantrackError):
    """matplotlib is not installed."""


# The chart's own margins stop at these: a date of year 1 or 9999 still draws.
_FIRST = _dt.datetime.combine(_dt.date.min, _dt.time())
_LAST = _dt.datetime.combine(_dt.date.max, _dt.time())


def day_edges(start: _dt.date, end: _dt.date) -> tuple[_dt.datetime, _dt.datetime]:
    """The instants an interval of days covers: its first day's start to its
    last day's end (the start of 31 December 9999, at the end of time)."""
    last = _dt.datetime.combine(end, _dt.time())
    return _dt.datetime.combine(start, _dt.time()), last + min(_LAST - last, _dt.timedelta(days=1))


def num(when: _dt.datetime) -> float:
    """``when`` as matplotlib's date number (days since its epoch)."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(when))  # type: ignore[no-untyped-call]


def _mid(start: _dt.date, end: _dt.date) -> _dt.datetime:
    a, b = day_edges(start, end)
    return a + (b - a) / 2


def padded(lo: _dt.datetime, hi: _dt.datetime) -> tuple[_dt.datetime, _dt.datetime]:
    """``lo``..``hi`` widened by 6% of the span (at least 20 days) on each
    side, within the years 1 to 9999."""
    pad = max(_dt.timedelta(days=20), (hi - lo) * 0.06)
    return lo - min(pad, lo - _FIRST), hi + min(pad, _LAST - hi)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with "…", safe for XML."""
    text = for_xml(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def import_matplotlib(option: str) -> Any:
    """The ``matplotlib`` module, or :class:`ChartUnavailable` naming ``option``."""
    try:
        import matplotlib
    except ImportError as exc:
        raise ChartUnavailable(f"{option} needs matplotlib: {PLOT_EXTRA_HINT}") from exc
    return matplotlib


@contextmanager
def plot_style(matplotlib: Any) -> Iterator[None]:
    """The settings every picture is drawn with: fixed SVG ids, no TeX, and
    ``text.parse_math`` off (a "$" in a plan's text is a dollar, not maths)."""
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "plantrack",
            "font.size": 10,
            "text.usetex": False,
            "text.parse_math": False,
        }
    ):
        yield


def date_axes(axis: Any) -> None:
    """Date ticks that adapt to the span: days, months or years."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call]
    formatter = mdates.AutoDateFormatter(locator)  # type: ignore[no-untyped-call]
    formatter.scaled = {365.0: "%Y", 30.0: "%Y-%m", 1.0: "%Y-%m-%d", 1 / 24: "%Y-%m-%d"}
    axis.set_major_locator(locator)
    axis.set_major_formatter(formatter)


def picture_bytes(fig: Any, fmt: ChartFormat) -> bytes:
    """``fig`` saved as SVG or PNG, with no date in its metadata."""
    metadata: dict[str, Any] = (
        {"Date": None, "Creator": "plantrack"}
        if fmt is ChartFormat.SVG
        else {"Software": "plantrack"}
    )
    picture = io.BytesIO()
    fig.savefig(picture, format=fmt.value, dpi="figure", metadata=metadata)
    return picture.getvalue()


# -- the trend chart ----------------------------------------------------------------------------


def _range_marks(
    ax: Any, p: Point, kinds: set[str], lo: list[_dt.datetime], hi: list[_dt.datetime]
) -> tuple[float, float]:
    """A point's ranges (a shaded box and error bars when either date is fuzzy);
    adds its edges to ``lo``/``hi`` and returns where its marker goes."""
    assert p.reported is not None
    rx0, rx1 = day_edges(p.reported.start, p.reported.end)
    fy0, fy1 = day_edges(p.date.start, p.date.end)
    x, y = num(_mid(p.reported.start, p.reported.end)), num(_mid(p.date.start, p.date.end))
    lo += [rx0, fy0]
    hi += [rx1, fy1]
    if not (p.reported.is_single_day and p.date.is_single_day):
        kinds.add("range")
        ax.fill_between([num(rx0), num(rx1)], num(fy0), num(fy1), color=COLOUR, alpha=0.15)
        xerr = [[x - num(rx0)], [num(rx1) - x]]
        yerr = [[y - num(fy0)], [num(fy1) - y]]
        ax.errorbar([x], [y], xerr=xerr, yerr=yerr, fmt="none", ecolor=COLOUR, capsize=3)
    return x, y


def _line_marks(
    ax: Any, t: Trend, placed: list[Point], xs: list[float], ys: list[float], kinds: set[str]
) -> None:
    """The line through the points, the forecasts' markers and the actual's diamond."""
    ax.plot(xs, ys, "-", color=COLOUR, linewidth=1.5, gid=f"{POINTS_GID}-{t.milestone.id}")
    forecast = [
        (x, y) for x, y, p in zip(xs, ys, placed, strict=True) if p.kind is PointKind.FORECAST
    ]
    if forecast:
        kinds.add("forecast")
        ax.plot(*zip(*forecast, strict=True), "o", color=COLOUR, markersize=6)
    if t.landed:
        kinds.add("actual")
        ax.plot([xs[-1]], [ys[-1]], "D", color=COLOUR, markeredgecolor="black", markersize=9)


def _draw(ax: Any, t: Trend, kinds: set[str]) -> list[Label]:
    """One milestone's marks; returns its labels (anchors in data numbers)."""
    placed = [p for p in t.points if p.reported is not None]
    lo: list[_dt.datetime] = []
    hi: list[_dt.datetime] = []
    labels: list[Label] = []
    xs, ys = [], []
    for p in placed:
        x, y = _range_marks(ax, p, kinds, lo, hi)
        xs.append(x)
        ys.append(y)
        if p.slip is not None and (not labels or labels[-1].short != p.slip.text):
            # a label where the slip changed: a repeat adds ink, not news
            assert p.reported is not None
            text = p.slip.text
            labels.append(Label(x, y, f"slip {text}", text, f"{p.reported.display}: {text}"))
    if placed:
        _line_marks(ax, t, placed, xs, ys, kinds)
    _implied_marks(ax, t, kinds, lo, hi)
    if t.baseline is not None:
        kinds.add("planned")
        b0, b1 = day_edges(t.baseline.start, t.baseline.end)
        ax.axhspan(num(b0), num(b1), color=COLOUR, alpha=0.10, linewidth=0)
        ax.axhline(num(_mid(t.baseline.start, t.baseline.end)), color=COLOUR, linestyle=":")
        lo.append(b0)
        hi.append(b1)
    as_of = day_edges(t.as_of, t.as_of)[1]
    if lo:
        span = max(hi) - min(lo)
        if not t.landed or as_of - max(hi) <= span / 2:  # the as-of line, unless far past the end
            hi.append(as_of)
        lands = t.projection.lands if t.projection else None
        if lands is not None and day_edges(lands.start, lands.end)[1] - max(hi) <= span / 2:
            hi.append(day_edges(lands.start, lands.end)[1])
        start, end = padded(min(lo), max(hi))
    else:
        start, end = padded(as_of, as_of)
        ax.text(0.5, 0.5, "no forecast with a reported date", transform=ax.transAxes, ha="center")
    limits = (num(start), num(end))
    ax.plot(limits, limits, "--", color="grey", linewidth=1)
    kinds.add("diagonal")
    if start <= as_of <= end:
        kinds.add("as-of")
        ax.axvline(num(as_of), color=AS_OF_COLOUR, linewidth=1, linestyle="-.")
    _rebaseline_marks(ax, t, limits, kinds)
    _projection_band(ax, t, limits, kinds)
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    return labels


def _implied_marks(
    ax: Any, t: Trend, kinds: set[str], lo: list[_dt.datetime], hi: list[_dt.datetime]
) -> None:
    """The implied series: a hollow diamond on the day each implied date became
    known, joined by dashed steps (it holds until the next news), with an error
    bar where the implied date is fuzzy.  Never joined to the forecasts' line."""
    placed = [p for p in t.implied if p.reported is not None]
    if not placed:
        return
    kinds.add("implied")
    xs, ys = [], []
    for p in placed:
        assert p.reported is not None
        rx0, rx1 = day_edges(p.reported.start, p.reported.end)
        fy0, fy1 = day_edges(p.date.start, p.date.end)
        lo += [rx0, fy0]
        hi += [rx1, fy1]
        x, y = num(_mid(p.reported.start, p.reported.end)), num(_mid(p.date.start, p.date.end))
        if not p.date.is_single_day:
            yerr = [[y - num(fy0)], [num(fy1) - y]]
            ax.errorbar([x], [y], yerr=yerr, fmt="none", ecolor=IMPLIED_COLOUR, capsize=3)
        xs.append(x)
        ys.append(y)
    ax.plot(
        xs,
        ys,
        "--",
        drawstyle="steps-post",
        color=IMPLIED_COLOUR,
        linewidth=1.2,
        marker="D",
        markerfacecolor="white",
        markersize=6,
        gid=f"{IMPLIED_GID}-{t.milestone.id}",
    )


def _rebaseline_marks(ax: Any, t: Trend, limits: tuple[float, float], kinds: set[str]) -> None:
    """A vertical line at each re-baseline's approval date, where the axes reach."""
    for rb in t.rebaselines:
        approved = num(_mid(rb.approved.start, rb.approved.end))
        if limits[0] <= approved <= limits[1]:
            kinds.add("re-baseline")
            ax.axvline(approved, color=REBASELINE_COLOUR, linewidth=1.2, linestyle=(0, (4, 2)))


def _projection_band(ax: Any, t: Trend, limits: tuple[float, float], kinds: set[str]) -> None:
    """Where the milestone lands if the slip rate holds: a dashed band from the
    last forecast to the diagonal."""
    from matplotlib.patches import Polygon

    if t.projection is None or t.projection.lands is None or t.rate is None:
        return
    last = t.rate.last
    assert last.reported is not None
    l0, l1 = day_edges(t.projection.lands.start, t.projection.lands.end)
    far = max(num(l1), limits[1]) if t.projection.unbounded else num(l1)
    p0 = (
        num(_mid(last.reported.start, last.reported.end)),
        num(_mid(last.date.start, last.date.end)),
    )
    band = Polygon([p0, (num(l0), num(l0)), (far, far)], closed=True, facecolor=COLOUR, alpha=0.12)
    band.set_edgecolor(COLOUR)
    band.set_linestyle("--")
    ax.add_patch(band)
    kinds.add("projection")


def _legend_handles(kinds: set[str], as_of: _dt.date | None) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    line: dict[str, Any] = {"color": COLOUR}
    every = {
        "forecast": Line2D([], [], marker="o", label="forecast, at the date reported", **line),
        "actual": Line2D(
            [], [], marker="D", markeredgecolor="black", linestyle="none", label="actual", **line
        ),
        "range": Patch(facecolor=COLOUR, alpha=0.3, label="range of a fuzzy date"),
        "planned": Line2D([], [], linestyle=":", label="planned date (band: its range)", **line),
        "diagonal": Line2D(
            [], [], color="grey", linestyle="--", label="forecast = report date (lands here)"
        ),
        "projection": Patch(
            facecolor=(0.12, 0.47, 0.71, 0.12),
            edgecolor=COLOUR,
            linestyle="--",
            label="projection if the slip rate holds",
        ),
        "as-of": Line2D(
            [], [], color=AS_OF_COLOUR, linestyle="-.", label=f"as of {as_of or ''}".strip()
        ),
        "implied": Line2D(
            [],
            [],
            color=IMPLIED_COLOUR,
            linestyle="--",
            marker="D",
            markerfacecolor="white",
            label="implied by its predecessors, when known",
        ),
        "re-baseline": Line2D(
            [], [], color=REBASELINE_COLOUR, linestyle=(0, (4, 2)), label="re-baseline approved"
        ),
    }
    return [handle for kind, handle in every.items() if kind in kinds]


def build_trend_figure(trends: Sequence[Trend], *, title: str, dpi: float = 100) -> Any:
    """The trend chart of ``trends`` as a matplotlib Figure, labels placed
    (one axes per milestone).  Raises :class:`ChartUnavailable` without matplotlib."""
    matplotlib = import_matplotlib("--svg/--png")
    from matplotlib.figure import Figure

    with plot_style(matplotlib):
        n = max(1, len(trends))
        cols = 1 if n == 1 else 2 if n <= 4 else 3
        rows = math.ceil(n / cols)
        size = (8.0, 6.0) if n == 1 else (5.5 * cols, 4.6 * rows + 0.8)
        fig = Figure(figsize=size, dpi=dpi, layout="constrained")
        axes = [fig.add_subplot(rows, cols, i + 1) for i in range(n)]
        kinds: set[str] = set()
        labels: list[list[Label]] = []
        for ax, t in zip(axes, trends, strict=False):
            labels.append(_draw(ax, t, kinds))
            name = f"{t.milestone.id} · {t.milestone.name}" if t.milestone.name else t.milestone.id
            ax.set_title(shorten(name, 70 if n == 1 else 45), fontsize=10 if n == 1 else 9)
        if not trends:
            axes[0].text(
                0.5, 0.5, "no milestone has a forecast", ha="center", transform=axes[0].transAxes
            )
        for ax in axes:
            date_axes(ax.xaxis)
            date_axes(ax.yaxis)
            ax.tick_params(axis="x", labelrotation=30, labelsize=8)
            ax.tick_params(axis="y", labelsize=8)
            ax.grid(True, linewidth=0.4, alpha=0.5)
            ax.set_xlabel("Date the forecast was reported", fontsize=8)
            ax.set_ylabel("Forecast date of the milestone", fontsize=8)
        # The title is the plan's free text: escaped, so a control cannot make the SVG ill-formed.
        fig.suptitle(f"Milestone trend: {for_xml(title)}")
        handles = _legend_handles(kinds, trends[0].as_of if trends else None)
        if handles:
            columns = min(3, len(handles))
            fig.legend(handles=handles, loc="outside lower center", ncols=columns, fontsize=8)
        place_labels(fig, axes, labels, colour=COLOUR, key_title="slip, by report date")
    return fig


def render_chart(trends: Sequence[Trend], *, fmt: ChartFormat, title: str) -> bytes:
    """The milestone trend chart of ``trends`` as an SVG or PNG picture.

    Raises :class:`ChartUnavailable` when matplotlib is missing.
    """
    matplotlib = import_matplotlib(f"--{fmt.value}")
    fig = build_trend_figure(trends, title=title, dpi=PNG_DPI if fmt is ChartFormat.PNG else 100)
    with plot_style(matplotlib):
        return picture_bytes(fig, fmt)
