"""The trend as people read it at a terminal: the history table, then the figures."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from plantrack.attribution import planned_source
from plantrack.render.cells import NONE, rebaseline_text
from plantrack.safetext import for_terminal
from plantrack.trend import PointKind, Trend, Verdict

__all__ = ["VERDICT_STYLES", "figure_lines", "render_trend_table"]

VERDICT_STYLES = {
    Verdict.STABLE: "green",
    Verdict.RECOVERING: "green",
    Verdict.SLIPPING: "yellow",
    Verdict.AS_FAST_AS_TIME: "bold red",
}


def figure_lines(trend: Trend) -> list[tuple[str, str]]:
    """``(label, text)`` for each figure under the table: slip rate, verdict,
    then the projection (still open) or the outcome (landed)."""
    rate = trend.rate
    if rate is None:
        rate_text = f"{NONE} (needs two reports at different dates)"
    else:
        assert rate.first.reported
        assert rate.last.reported
        rate_text = (
            f"{rate.text} months of slip per month elapsed "
            f"({rate.added.text} in {rate.elapsed_text}, "
            f"{rate.first.reported.display} → {rate.last.reported.display})"
        )
    lines = [
        ("slip rate", rate_text),
        ("verdict", trend.verdict.value if trend.verdict else NONE),
    ]
    if trend.projection is not None:
        lines.append(("projection", trend.projection.text))
    if trend.outcome is not None:
        lines.append(("outcome", trend.outcome.text))
    return lines


def _history(trend: Trend) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for header in ("Reported", "Forecast", "Slip", "Change", "Source"):
        table.add_column(header, overflow="fold")
    for p in trend.points:
        actual = p.kind is PointKind.ACTUAL
        table.add_row(
            p.reported.display if p.reported else NONE,
            Text(p.date.display + (" actual" if actual else ""), style="bold" if actual else ""),
            p.slip.text if p.slip else NONE,
            p.change.text if p.change else NONE,
            Text(for_terminal(p.source or NONE)),  # Text: plan text is never Rich markup
        )
    return table


def _implied(trend: Trend) -> RenderableType:
    """The implied series under the history: when each implied date became
    known, the date, its slip and change, and the predecessors driving it."""
    if not trend.implied:
        return Text(f"implied: none known by {trend.as_of.isoformat()}", style="dim")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for header in ("Known", "Implied", "Slip", "Change", "Implied by"):
        table.add_column(header, overflow="fold")
    for p in trend.implied:
        table.add_row(
            p.reported.display if p.reported else NONE,
            p.date.display,
            p.slip.text if p.slip else NONE,
            p.change.text if p.change else NONE,
            Text(for_terminal(p.source or NONE)),
        )
    return table


def _one(trend: Trend, file: str) -> list[RenderableType]:
    m = trend.milestone
    head = Text(for_terminal(m.id), style="bold")
    if m.name and m.name != m.id:
        head.append(" · " + for_terminal(m.name))
    if trend.planned is not None:
        source = planned_source(m)
        baseline = f"planned {trend.planned.display}" + (f" ({source})" if source else "")
    elif trend.baseline is not None:
        baseline = (
            f"no planned date: slip counted from the first forecast ({trend.baseline.display})"
        )
    else:
        baseline = "no planned date"
    parts: list[RenderableType] = [
        head,
        Text(for_terminal(baseline), style="dim"),
        *(Text(for_terminal(rebaseline_text(rb)), style="dim") for rb in trend.rebaselines),
        _history(trend),
    ]
    if m.depends_on:  # a milestone with predecessors: the implied series too
        parts.append(_implied(trend))
    figures = Table.grid(padding=(0, 2))
    figures.add_column(style="bold", no_wrap=True)
    figures.add_column(overflow="fold")
    for label, text in figure_lines(trend):
        style = VERDICT_STYLES[trend.verdict] if label == "verdict" and trend.verdict else ""
        figures.add_row(label, Text(for_terminal(text), style=style))
    parts.append(figures)
    parts.append(Text(f"{for_terminal(file)} · as of {trend.as_of.isoformat()}", style="dim"))
    return parts


def render_trend_table(trends: Sequence[Trend], file: str) -> RenderableType:
    """Each milestone's history table and figures, a blank line between milestones."""
    parts: list[RenderableType] = []
    for i, trend in enumerate(trends):
        if i:
            parts.append(Text(""))
        parts.extend(_one(trend, file))
    return Group(*parts)
