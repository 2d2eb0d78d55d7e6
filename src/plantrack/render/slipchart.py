"""The slip chart of a whole plan as SVG or PNG, drawn with matplotlib.

One row per milestone, in file order, top to bottom.  In each row the upper
lane is the plan, the lower lane what is expected:

* the planned date: a grey band over its interval (a single day: a grey ring);
* the actual (a solid band, or a diamond for a single day) or, before it, the
  latest forecast (a hatched band, or a ring for a single day), in the colour
  of the milestone's status;
* a line from the plan to the expected date in the colour of the status;
* earlier forecasts as faint ticks (a faint bar when they were ranges);
* the deadline as a black bar at its last day (the last day allowed);
* a vertical line at the as-of date;
* for each ``depends_on``, a thin grey arrow from the predecessor's row to its
  successor's, with the lag as a small label when it is not zero.  It starts
  at the predecessor's expected mark (else its planned mark, else its implied
  date) and ends at the successor's expected mark, else at its implied date
  (where the knock-on puts it; an arrowhead alone), else its planned mark.
  Each arrow has the SVG id ``depends-SUCCESSOR-N`` (its N-th ``depends_on``,
  from 0), its label ``lag-depends-SUCCESSOR-N``.

A fuzzy date is always drawn as its interval, never as a point.  Everything of
one kind is one matplotlib collection, so a plan of 1,000 milestones draws in
seconds.  Re-baselines are not drawn yet: the model has none.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import Any

from plantrack.dates import FuzzyDate
from plantrack.knockon import lag_text
from plantrack.render.chart import (
    PNG_DPI,
    ChartFormat,
    date_axes,
    day_edges,
    import_matplotlib,
    num,
    padded,
    picture_bytes,
    plot_style,
    shorten,
)
from plantrack.safetext import for_xml
from plantrack.slippage import MilestoneResult, Report, Status

__all__ = ["STATUS_COLOURS", "build_slip_figure", "render_slip_chart"]

STATUS_COLOURS: dict[Status, str] = {
    Status.LATE: "#d62728",
    Status.OVERDUE: "#8b0000",
    Status.FORECAST_LATE: "#ff7f0e",
    Status.ON_TRACK: "#2ca02c",
    Status.ON_TIME: "#2ca02c",
    Status.EARLY: "#1f77b4",
    Status.UNSCHEDULED: "#7f7f7f",
    Status.POSTPONED: "#9467bd",  # a withdrawn date: no new one given
}
PLANNED_COLOUR = "#9e9e9e"
LANE = 0.2  # the plan lane sits this far above the row's centre, the expected lane below
BAND = 0.28  # the height of a band, in rows
ROW_INCHES = 0.3  # up to MAX_INCHES of rows; beyond, rows get thinner and fewer are named
MAX_INCHES = 40.0
NAMED_ROW_INCHES = 0.16  # at most one row name per this many inches
ARROW_COLOUR = "#8c8c8c"  # dependency arrows: quiet, behind the marks


class _Marks:
    """The marks of every row, by kind, drawn as one collection per kind."""

    def __init__(self) -> None:
        self.bands: dict[str, list[tuple[list[tuple[float, float]], str]]] = {
            "planned": [],
            "forecast": [],
            "actual": [],
            "earlier": [],
        }
        self.points: dict[str, list[tuple[float, float, str]]] = {
            "planned": [],
            "forecast": [],
            "actual": [],
            "earlier": [],
        }
        self.links: list[tuple[list[tuple[float, float]], str]] = []
        self.open: list[tuple[list[tuple[float, float]], str]] = []
        self.statuses: set[Status] = set()  # those drawn in their colour
        self.deadlines: list[list[tuple[float, float]]] = []
        self.edges: list[_dt.datetime] = []
        self.tails: dict[str, tuple[float, float]] = {}  # where arrows from a row start
        self.heads: dict[str, tuple[float, float]] = {}  # where arrows to a row end
        self.arrows: list[tuple[str, tuple[float, float], tuple[float, float], str]] = []

    def date(self, kind: str, fd: FuzzyDate, y: float, colour: str, height: float = BAND) -> float:
        """Mark ``fd`` in the lane at ``y``: a band, or a point for a single day.
        Returns the x of its middle."""
        e0, e1 = day_edges(fd.start, fd.end)
        self.edges += [e0, e1]
        x0, x1 = num(e0), num(e1)
        if fd.is_single_day:
            self.points[kind].append(((x0 + x1) / 2, y, colour))
        else:
            h = height / 2
            self.bands[kind].append(([(x0, y - h), (x1, y - h), (x1, y + h), (x0, y + h)], colour))
        return (x0 + x1) / 2


def _row(marks: _Marks, r: MilestoneResult, y: float, as_of: float) -> None:
    colour = STATUS_COLOURS[r.status]
    planned = r.planned  # references resolved as of the chart's date
    plan_x = marks.date("planned", planned, y - LANE, PLANNED_COLOUR) if planned else None
    earlier = r.history if r.actual is not None else r.history[:-1]
    for f in earlier:
        if isinstance(f.date, FuzzyDate):  # an open-ended or withdrawn one has no band
            marks.date("earlier", f.date, y + LANE, colour, height=BAND / 3)
    expected_x = None
    if r.actual is not None or r.forecast is not None or r.status is Status.OVERDUE:
        marks.statuses.add(r.status)
    if r.actual is not None:
        expected_x = marks.date("actual", r.actual, y + LANE, colour)
    elif r.forecast is not None and isinstance(r.forecast.date, FuzzyDate):
        expected_x = marks.date("forecast", r.forecast.date, y + LANE, colour)
    _anchor(marks, r, y, plan_x, expected_x)
    if plan_x is not None and expected_x is not None:
        marks.links.append(([(plan_x, y - LANE), (expected_x, y + LANE)], colour))
    elif plan_x is not None and r.status in (Status.OVERDUE, Status.POSTPONED):
        # no date to expect (overdue, withdrawn, or no earlier than): open at as-of
        marks.open.append(([(plan_x, y - LANE), (as_of, y + LANE)], colour))
    deadline = r.knowledge.deadline
    if deadline is not None:
        last = day_edges(deadline.end, deadline.end)[1]
        marks.edges.append(last)
        x = num(last)
        marks.deadlines.append([(x, y - 0.42), (x, y + 0.42)])


def _anchor(
    marks: _Marks, r: MilestoneResult, y: float, plan_x: float | None, expected_x: float | None
) -> None:
    """Where dependency arrows leave and reach row ``y`` (the middle of a
    date, in its lane)."""
    mid = r.milestone.id
    implied = None
    if r.implied is not None and isinstance(r.implied.date, FuzzyDate):
        e0, e1 = day_edges(r.implied.date.start, r.implied.date.end)
        implied = ((num(e0) + num(e1)) / 2, y + LANE)
    planned = None if plan_x is None else (plan_x, y - LANE)
    expected = None if expected_x is None else (expected_x, y + LANE)
    tail = expected or planned or implied
    head = expected or implied or planned
    if tail is not None:
        marks.tails[mid] = tail
    if head is not None:
        marks.heads[mid] = head
    if implied is not None and (head is implied or tail is implied):
        marks.edges += [e0, e1]


def _arrows(marks: _Marks, results: Sequence[MilestoneResult]) -> None:
    """An arrow per ``depends_on`` whose both ends have an anchor."""
    for r in results:
        head = marks.heads.get(r.milestone.id)
        for n, dep in enumerate(r.milestone.depends_on):
            tail = marks.tails.get(dep.milestone)
            if head is not None and tail is not None:
                gid = f"depends-{r.milestone.id}-{n}"
                marks.arrows.append((gid, tail, head, lag_text(dep.lag).strip()))


def _draw_arrows(ax: Any, marks: _Marks, scale: float) -> None:
    from matplotlib.patches import FancyArrowPatch

    for gid, tail, head, lag in marks.arrows:
        arrow = FancyArrowPatch(
            tail,
            head,
            arrowstyle="-|>",
            mutation_scale=8 * scale,
            color=ARROW_COLOUR,
            linewidth=0.8,
            alpha=0.8,
            shrinkA=3,
            shrinkB=3,
            zorder=1,
        )
        arrow.set_gid(gid)
        ax.add_patch(arrow)
        if lag:
            # beside the arrow's middle, on a light ground so the line does not cross it
            x, y = (tail[0] + head[0]) / 2, (tail[1] + head[1]) / 2
            ax.annotate(
                lag,
                (x, y),
                xytext=(4, 0),
                textcoords="offset points",
                fontsize=6,
                color=ARROW_COLOUR,
                ha="left",
                va="center",
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                gid=f"lag-{gid}",
            )


_BAND_STYLE: dict[str, dict[str, Any]] = {
    "planned": {"alpha": 0.55, "linewidths": 0.5},
    "forecast": {"alpha": 0.45, "hatch": "////", "linewidths": 0.8},
    "actual": {"alpha": 0.9, "linewidths": 0.5},
    "earlier": {"alpha": 0.25, "linewidths": 0},
}
_POINT_STYLE: dict[str, dict[str, Any]] = {
    "planned": {"marker": "o", "s": 30, "facecolors": "none", "linewidths": 1.2},
    "forecast": {"marker": "o", "s": 36, "facecolors": "white", "linewidths": 1.5},
    "actual": {"marker": "D", "s": 36, "linewidths": 0.5, "edgecolors": "black"},
    "earlier": {"marker": "|", "s": 40, "alpha": 0.35, "linewidths": 1},
}


_POINT_COLOUR = {"planned": "edgecolors", "forecast": "edgecolors", "actual": "c", "earlier": "c"}


def _draw(ax: Any, marks: _Marks, scale: float) -> set[str]:
    """Draw the marks; ``scale`` (at most 1) shrinks markers and lines when rows are thinner."""
    from matplotlib.collections import LineCollection, PolyCollection

    kinds = set()
    if marks.arrows:
        kinds.add("depends")
        _draw_arrows(ax, marks, scale)
    if marks.links:
        segments, colours = zip(*marks.links, strict=True)
        ax.add_collection(LineCollection(segments, colors=colours, linewidths=1.2, zorder=2))
    for kind, bands in marks.bands.items():
        if bands:
            kinds.add(kind)
            verts, colours = zip(*bands, strict=True)
            style = _BAND_STYLE[kind]
            face = [c if kind != "forecast" else "white" for c in colours]
            ax.add_collection(
                PolyCollection(verts, facecolors=face, edgecolors=colours, zorder=3, **style)
            )
    for kind, points in marks.points.items():
        if points:
            kinds.add(kind)
            xs, ys, colours = zip(*points, strict=True)
            style = {**_POINT_STYLE[kind], _POINT_COLOUR[kind]: list(colours)}
            style["s"] *= scale**2
            ax.scatter(xs, ys, zorder=4, **style)
    if marks.open:
        kinds.add("open")
        segments, colours = zip(*marks.open, strict=True)
        ax.add_collection(
            LineCollection(segments, colors=colours, linewidths=1.2, linestyles="--", zorder=2)
        )
        ends = [segment[1] for segment in segments]
        ends_xy = zip(*ends, strict=True)
        ax.scatter(*ends_xy, marker=">", c=list(colours), s=30 * scale**2, zorder=4)
    if marks.deadlines:
        kinds.add("deadline")
        ax.add_collection(LineCollection(marks.deadlines, colors="black", linewidths=2, zorder=5))
    return kinds


def _legend(fig: Any, kinds: set[str], statuses: Sequence[Status], as_of: _dt.date) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    grey = PLANNED_COLOUR
    mark: dict[str, Any] = {"color": "black", "linestyle": "none", "marker": "|"}
    every: list[tuple[str, Any]] = [
        ("planned", Patch(facecolor=grey, alpha=0.55, label="planned (band: its range)")),
        (
            "forecast",
            Patch(facecolor="white", edgecolor="black", hatch="////", label="latest forecast"),
        ),
        ("actual", Patch(facecolor="#555555", label="actual (◆ a single day)")),
        ("earlier", Line2D([], [], alpha=0.35, label="earlier forecasts", **mark)),
        (
            "deadline",
            Line2D([], [], markersize=12, markeredgewidth=2, label="deadline (last day)", **mark),
        ),
        ("open", Line2D([], [], color="black", linestyle="--", marker=">", label="not done yet")),
        (
            "depends",
            Line2D([], [], color=ARROW_COLOUR, linewidth=0.8, marker=">", label="depends on (lag)"),
        ),
        ("as-of", Line2D([], [], color="#444444", linestyle="-.", label=f"as of {as_of}")),
        ("as-of-right", Line2D([], [], linestyle="none", label=f"as of {as_of} (to the right)")),
        ("as-of-left", Line2D([], [], linestyle="none", label=f"as of {as_of} (to the left)")),
    ]
    handles = [h for kind, h in every if kind in kinds]
    handles += [
        Line2D([], [], color=STATUS_COLOURS[s], linewidth=3, label=s.value) for s in statuses
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(5, len(handles)), fontsize=8)


def _limits(ax: Any, marks: _Marks, as_of: _dt.datetime) -> str:
    """Set the date axis to every mark with margin, and to the as-of date
    unless it lies far from them (then the legend says where it is).
    Returns the legend's kind for the as-of date."""
    lo, hi = min(marks.edges, default=as_of), max(marks.edges, default=as_of)
    if marks.open:
        hi = max(hi, as_of)
    span = hi - lo
    kind = "as-of"
    if as_of - hi > span / 2:  # (as differences: no date beyond year 9999)
        kind = "as-of-right"
    elif lo - as_of > span / 2:
        kind = "as-of-left"
    else:
        lo, hi = min(lo, as_of), max(hi, as_of)
        ax.axvline(num(as_of), color="#444444", linewidth=1, linestyle="-.", zorder=1)
    start, end = padded(lo, hi)
    ax.set_xlim(num(start), num(end))
    return kind


def build_slip_figure(report: Report, *, dpi: float = 100) -> Any:
    """The slip chart of ``report`` as a matplotlib Figure.

    Raises :class:`~plantrack.render.chart.ChartUnavailable` without matplotlib.
    """
    matplotlib = import_matplotlib("chart")
    from matplotlib.figure import Figure

    results = report.results
    n = len(results)
    rows_inches = min(ROW_INCHES * max(n, 3), MAX_INCHES)
    with plot_style(matplotlib):
        fig = Figure(figsize=(10.0, 2.2 + rows_inches), dpi=dpi, layout="constrained")
        ax = fig.add_subplot()
        marks = _Marks()
        as_of = day_edges(report.as_of, report.as_of)[1]
        for y, r in enumerate(results):
            _row(marks, r, float(y), num(as_of))
        _arrows(marks, results)
        kinds = _draw(ax, marks, min(1.0, rows_inches / (ROW_INCHES * max(n, 3))))
        kinds.add(_limits(ax, marks, as_of))
        ax.set_ylim(max(n, 1) - 0.5, -0.5)
        step = max(1, math.ceil(n * NAMED_ROW_INCHES / rows_inches))
        ticks = list(range(0, n, step))
        ax.set_yticks(
            ticks,
            [shorten(results[i].milestone.id, 32) for i in ticks],
            fontsize=8 if step == 1 else 6,
        )
        if n == 0:
            ax.text(0.5, 0.5, "no milestones", ha="center", transform=ax.transAxes)
        ax.xaxis_date()
        date_axes(ax.xaxis)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(True, axis="x", linewidth=0.4, alpha=0.5)
        statuses = [s for s in STATUS_COLOURS if s in marks.statuses]
        _legend(fig, kinds, statuses, report.as_of)
        named = "" if step == 1 else f" (every {step}th row named)"
        # The plan's name is its free text: escaped, so a control cannot make the SVG ill-formed.
        fig.suptitle(f"Slip chart: {for_xml(report.plan.name)}{named}")
    return fig


def render_slip_chart(report: Report, *, fmt: ChartFormat) -> bytes:
    """The slip chart of ``report`` as an SVG or PNG picture."""
    matplotlib = import_matplotlib(f"--{fmt.value}")
    fig = build_slip_figure(report, dpi=PNG_DPI if fmt is ChartFormat.PNG else 100)
    with plot_style(matplotlib):
        return picture_bytes(fig, fmt)
