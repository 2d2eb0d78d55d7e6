"""The Rich table an analyst reads at a terminal.

The table adapts to the terminal: milestone names are shown under the ids when
there is room (100 columns or more), and left out on narrow terminals.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from plantrack.render.cells import (
    STATUS_STYLES,
    Cell,
    history_cells,
    latest_cell,
    planned_cell,
    rebaseline_lines,
    slip_cell,
)
from plantrack.safetext import for_terminal
from plantrack.slippage import MilestoneResult, Report

__all__ = ["SlippageTable", "business_days_text", "render_table"]

WIDE = 100  # columns from which milestone names are shown


def _cell(cell: Cell, *, style: str = "") -> Text:
    # Plan text goes in as Text (never Rich markup), escaped (never a control).
    text = Text(for_terminal(cell.date), style=style)
    if cell.detail:
        text.append("\n" + for_terminal(cell.detail), style="dim")
    return text


def business_days_text(lo: int, hi: int) -> str:
    """``205–226 business days``, ``1 business day``, ``3–5 business days early``,
    ``2 business days early – 4 business days late`` (one range dash, no minus signs)."""

    def days(a: int, b: int) -> str:
        return (
            f"{a} business {'day' if a == b == 1 else 'days'}"
            if a == b
            else f"{a}–{b} business days"
        )

    if lo >= 0:
        return days(lo, hi)
    if hi <= 0:
        return f"{days(-hi, -lo)} early"
    return f"{days(-lo, -lo)} early – {days(hi, hi)} late"


def _slip(r: MilestoneResult, *, business_days: bool) -> str:
    """The slip cell, with the business days after a ``·`` when asked and known."""
    text = slip_cell(r)
    slip = r.slip
    if business_days and slip is not None and slip.business_days_min is not None:
        assert slip.business_days_max is not None
        text += " · " + business_days_text(slip.business_days_min, slip.business_days_max)
    return text


class SlippageTable:
    """One plan: a row per milestone, earlier forecasts dimmed under it; with
    ``business_days``, each slip cell also counts the slip in business days."""

    def __init__(self, report: Report, *, business_days: bool = False) -> None:
        self.report = report
        self.business_days = business_days

    def table(self, *, width: int) -> Table:
        """The table for a console ``width`` wide, with milestone names when wide."""
        wide = width >= WIDE
        report = self.report
        table = Table(
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
            title=Text(for_terminal(report.plan.name), style="bold"),
            title_justify="left",
            caption=Text(
                f"{for_terminal(report.plan.file)} · as of {report.as_of.isoformat()}",
                style="table.caption",
            ),
            caption_justify="left",
        )
        # On a narrow console the dates, slip and status get fixed widths and the
        # milestone takes the rest; on a wide one Rich sizes every column.
        widths = {"Planned": 10, "Forecast / actual": 22, "Slip": 10, "Status": 13}
        # Between two cells: a space of padding on each side and the rule's space.
        widths["Milestone"] = max(12, width - sum(widths.values()) - 3 * len(widths))
        for header in ("Milestone", "Planned", "Forecast / actual", "Slip", "Status"):
            table.add_column(
                header,
                overflow="fold",
                no_wrap=header == "Status",
                width=None if wide else widths[header],
                min_width=widths[header] if header in ("Status", "Forecast / actual") else None,
            )
        for r in report.results:
            m = r.milestone
            style = STATUS_STYLES[r.status]
            label = Text(for_terminal(m.id), style="bold")
            if wide and m.name and m.name != m.id:
                label.append("\n" + for_terminal(m.name), style="dim")
            planned = _cell(planned_cell(r))
            for line in rebaseline_lines(r):  # under the baseline: what replaced it
                # on three short lines: "re-baselined", "A → B", "(approved C)"
                for part in line.replace(" ", "\n", 1).replace(" (", "\n(").split("\n"):
                    planned.append("\n" + for_terminal(part), style="dim")
            table.add_row(
                label,
                planned,
                _cell(latest_cell(r)),
                Text(for_terminal(_slip(r, business_days=self.business_days)), style=style),
                Text(r.status.value, style=style),
            )
            for h in history_cells(r):
                forecast = _cell(h.forecast, style="dim")
                forecast.stylize("dim")
                slip = Text(for_terminal(h.slip), style="dim")
                table.add_row("", "", Text("↳ ") + forecast, slip, "")
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(width=options.max_width)
        summary = self.report.summary()
        yield Text(for_terminal(summary.text()), style="bold red" if summary.late else "bold green")


def render_table(
    reports: Sequence[Report], *, timeline: bool = False, business_days: bool = False
) -> RenderableType:
    """Every report's table with its summary line (and, with ``timeline``, the
    milestones drawn on a time axis), a blank line between plans; with
    ``business_days``, slip cells count business days too (when the slips carry them)."""
    parts: list[RenderableType] = []
    for i, report in enumerate(reports):
        if i:
            parts.append(Text(""))
        parts.append(SlippageTable(report, business_days=business_days))
        if timeline:
            from plantrack.render.timeline import Timeline  # only when asked for

            parts += [Text(""), Timeline(report)]
    return Group(*parts)
