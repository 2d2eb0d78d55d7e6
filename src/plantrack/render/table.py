"""The Rich table an analyst reads at a terminal, at any width.

What the table shows at a width is decided by
:mod:`plantrack.render.table_layout`: names beside the ids from 140 columns,
under them from 100, none below; each id on a line of its own above its row
when the ids no longer fit in a column; narrower still, no detail lines and
one short line per earlier forecast.  No id, source id or date is broken.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

from plantrack.lint import LintWarning
from plantrack.render.cells import (
    STATUS_STYLES,
    Cell,
    HistoryCell,
    history_cells,
    implied_cells,
    latest_cell,
    planned_cell,
    rebaseline_lines,
    slip_cell,
)
from plantrack.render.table_grid import (
    GridCell,
    GridLine,
    Label,
    cell_of,
    grid_lines,
    grid_width,
    segments,
    to_text,
)
from plantrack.render.table_layout import (
    ID,
    INDENT,
    LATEST,
    NAME,
    NAME_LINES,
    PLANNED,
    SLIP,
    Layout,
    Names,
    Row,
    choose_layout,
    clip,
    fill,
    inline_line,
    short_line,
    truncate,
)
from plantrack.render.table_layout import (
    header as header_of,
)
from plantrack.safetext import for_terminal
from plantrack.slippage import MilestoneResult, Report

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table

__all__ = [
    "MEASURED",
    "SlippageTable",
    "business_days_text",
    "footnote",
    "render_table",
]

# Above this many milestones, the columns are sized on the first MEASURED rows
# only and each row is drawn as it comes; a later cell wider than its column is
# cut with "…" (docs/slippage.md, "Huge plans").
MEASURED = 5_000


def footnote(warnings: Sequence[LintWarning], file: str) -> str:
    """The one line under a plan's table that counts its lint warnings and
    names their rules: ``2 warnings (unreported, duplicate): run plantrack
    validate plans/x.yaml for details``."""
    n = len(warnings)
    rules = ", ".join(dict.fromkeys(w.rule.value for w in warnings))
    noun = "warning" if n == 1 else "warnings"
    return f"{n} {noun} ({rules}): run plantrack validate {file} for details"


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


def _safe(cell: Cell) -> Cell:
    return Cell(for_terminal(cell.date), for_terminal(cell.detail))


def _with_rebaselines(cell: Cell, r: MilestoneResult) -> Cell:
    """The planned cell with what replaced the baseline in its detail:
    ``re-baselined 2016-06 → 2021-09 (approved 2015-03)``."""
    # " · " lets a narrow column break the line between its parts
    lines = [
        line.replace(" (approved ", " · approved ").rstrip(")") for line in rebaseline_lines(r)
    ]
    return Cell(cell.date, " · ".join([cell.detail, *lines] if cell.detail else lines))


def row_of(r: MilestoneResult, *, business_days: bool, latest_only: bool) -> Row:
    """The texts of ``r``'s row (no earlier forecasts with ``latest_only``)."""
    m = r.milestone
    history = tuple(implied_cells(r)) + (() if latest_only else tuple(history_cells(r)))
    return Row(
        id=for_terminal(m.id),
        name=for_terminal(m.name) if m.name and m.name != m.id else "",
        planned=_safe(_with_rebaselines(planned_cell(r), r)),
        latest=_safe(latest_cell(r)),
        slip=for_terminal(_slip(r, business_days=business_days)),
        status=r.status,
        history=tuple(HistoryCell(_safe(h.forecast), for_terminal(h.slip)) for h in history),
    )


def _date_cell(cell: Cell, width: int, *, details: bool) -> GridCell:
    if details and cell.detail:
        return [(cell.date, ""), *cell_of(fill(cell.detail, width), "dim")]
    return [(cell.date, "")]


class SlippageTable:
    """One plan at any width: a row per milestone, earlier forecasts dimmed
    under it (none with ``latest_only``), a footnote when the plan has lint
    ``warnings``, and with ``sources`` the numbered list of the sources cited;
    with ``business_days``, each slip cell also counts the slip in business days."""

    def __init__(
        self,
        report: Report,
        warnings: Sequence[LintWarning] = (),
        *,
        business_days: bool = False,
        latest_only: bool = False,
        sources: bool = False,
    ) -> None:
        self.report = report
        self.warnings = tuple(warnings)
        self.latest_only = latest_only
        self.sources = sources
        self._row = functools.partial(row_of, business_days=business_days, latest_only=latest_only)
        # the rows the column widths are measured on: all of them, or in a huge
        # plan the first MEASURED (the others are made as they are drawn)
        self.rows = [self._row(r) for r in report.results[:MEASURED]]

    def _header(self, widths: Mapping[str, int], layout: Layout) -> list[GridCell]:
        return [
            cell_of(textwrap.wrap(header_of(h, layout), w, break_long_words=False))
            for h, w in widths.items()
        ]

    def _grid(self, widths: Mapping[str, int], layout: Layout, *, header: bool) -> Table:
        """Rich's table, only for a console too narrow for the narrowest layout
        (where Rich squeezes the columns further)."""
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_header=header)
        for column, w in zip(self._header(widths, layout), widths.values(), strict=True):
            table.add_column(to_text(column), width=w, no_wrap=True, overflow="ellipsis")
        return table

    def _cells(self, row: Row, layout: Layout, widths: Mapping[str, int]) -> list[list[GridCell]]:
        """The row's cells, then one list of cells per earlier forecast."""
        style = STATUS_STYLES[row.status]
        details = layout.details
        head: list[GridCell] = []
        if ID in widths:
            head.append([(row.id, "bold")])
            if layout.names is Names.UNDER and row.name:
                head[0] += cell_of(clip(row.name, widths[ID], lines=NAME_LINES), "bold dim")
        if NAME in widths:
            head.append([(truncate(row.name, widths[NAME]), "")])
        planned = _date_cell(row.planned, widths[PLANNED], details=details)
        if layout.inline_slip:
            latest = cell_of(fill(inline_line(row), widths[LATEST], rest="  "))
            lines = [[planned, latest]]
        else:
            latest = _date_cell(row.latest, widths[LATEST], details=details)
            slip = cell_of(fill(row.slip, widths[SLIP]), style)
            lines = [[*head, planned, latest, slip, [(row.status.value, style)]]]
        blank: list[GridCell] = [[("", "")] for _ in head]
        for h in row.history:
            if layout.short_history:
                forecast = cell_of(fill(short_line(h), widths[LATEST], rest="  "), "dim")
                slip = [("", "")]
            else:
                forecast = [("↳ " + h.forecast.date, "dim")]
                if details and h.forecast.detail:
                    detail = fill(h.forecast.detail, widths[LATEST], first="  ", rest="  ")
                    forecast += cell_of(detail, "dim")
                slip = cell_of(fill(h.slip, widths[SLIP]), "dim")
            cells = [*blank, [("", "")], forecast]
            lines.append(cells if layout.inline_slip else [*cells, slip, [("", "")]])
        return lines

    def _all_rows(self) -> Iterator[Row]:
        """Every row: those measured, then (a huge plan) the rest, made one by one."""
        yield from self.rows
        for r in self.report.results[len(self.rows) :]:
            yield self._row(r)

    def body(self, width: int) -> Iterator[RenderableType | GridLine | Label]:
        """The table for a console ``width`` wide: grid lines (runs of text and
        style), with a label above each row when stacked."""
        layout, widths = choose_layout(self.rows, width)
        indent = INDENT if layout.stacked else 0
        if grid_width(list(widths.values())) + indent > width:
            yield from self._squeezed(width, layout, widths)
            return
        cols = list(widths.values())
        head = self._header(widths, layout)
        if not layout.stacked:
            rows = (cells for row in self._all_rows() for cells in self._cells(row, layout, widths))
            yield from grid_lines(head, rows, cols)
            return
        yield from grid_lines(head, (), cols, indent=indent)
        for row in self._all_rows():
            yield self._label(row, layout, width)
            yield from grid_lines(None, self._cells(row, layout, widths), cols, indent=indent)

    def _label(self, row: Row, layout: Layout, width: int) -> Label:
        """A stacked row's id line: the id, then its status or name."""
        runs: GridLine = [(row.id, "")]
        if layout.inline_slip:
            runs += [(" · ", ""), (row.status.value, STATUS_STYLES[row.status])]
        elif layout.names is not Names.NONE and row.name:
            room = width - len(row.id) - 2
            runs.append(("  " + truncate(row.name, room), "dim"))
        return Label("bold", runs)

    def _squeezed(
        self, width: int, layout: Layout, widths: Mapping[str, int]
    ) -> list[RenderableType]:
        """The table by Rich's layout, which squeezes columns narrower than
        their least width, for a console too narrow for any layout."""
        from rich.padding import Padding

        if not layout.stacked:
            table = self._grid(widths, layout, header=True)
            for row in self._all_rows():
                for cells in self._cells(row, layout, widths):
                    table.add_row(*map(to_text, cells))
            return [table]
        parts: list[RenderableType] = [
            Padding(self._grid(widths, layout, header=True), (0, 0, 0, INDENT))
        ]
        for row in self._all_rows():
            table = self._grid(widths, layout, header=False)
            for cells in self._cells(row, layout, widths):
                table.add_row(*map(to_text, cells))
            parts += [self._label(row, layout, width).to_text(), Padding(table, (0, 0, 0, INDENT))]
        return parts

    def _texts(self) -> list[tuple[str, str]]:
        """The lines around the grid, each with its style: the plan's name
        (first), then its caption, summary and lint footnote (last)."""
        report = self.report
        summary = report.summary
        texts = [
            (for_terminal(report.plan.name), "bold"),
            (
                f"{for_terminal(report.plan.file)} · as of {report.as_of.isoformat()}",
                "table.caption",
            ),
            (for_terminal(summary.text()), "bold red" if summary.late else "bold green"),
        ]
        if self.warnings:
            texts.append((for_terminal(footnote(self.warnings, report.plan.file)), "yellow"))
        return texts

    def plain(self, width: int) -> list[str] | None:
        """The table's lines as Rich prints them ``width`` columns wide without
        a terminal (no styles), drawn without Rich; None when Rich's own
        layout is needed: a text line that Rich would wrap, a label too long
        for its line, a table too wide for any layout, or the sources list."""
        if self.sources:
            return None
        layout, widths = choose_layout(self.rows, width)
        indent = INDENT if layout.stacked else 0
        if grid_width(list(widths.values())) + indent > width:
            return None
        name, *after = (text for text, _ in self._texts())
        lines = [name]
        for part in self.body(width):
            if isinstance(part, Label):
                if cell_len(part.plain) > width:
                    return None  # Rich would wrap it
                lines.append(part.plain)
            else:
                assert isinstance(part, list)  # a grid line (the table is not squeezed)
                lines.append("".join(text for text, _ in part))
        if any(cell_len(text) > width for text in (name, *after)):
            return None
        return [*lines, *after]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        name, *after = (Text(text, style=style) for text, style in self._texts())
        yield name
        for part in self.body(options.max_width):
            if isinstance(part, Label):
                yield part.to_text()
            elif isinstance(part, list):
                yield from segments(part, console)
            else:
                yield part
        yield from after
        report = self.report
        if self.sources:
            from plantrack.render.sources import source_list

            yield Text("")
            yield source_list(
                report.plan, report.results, width=options.max_width, latest_only=self.latest_only
            )


def render_table(
    reports: Sequence[Report],
    *,
    timeline: bool = False,
    business_days: bool = False,
    warnings: Mapping[str, Sequence[LintWarning]] | None = None,
    latest_only: bool = False,
    sources: bool = False,
) -> RenderableType:
    """Every report's table with its summary line, a footnote counting the
    plan's lint ``warnings`` (by plan file) if it has any (and, with
    ``timeline``, the milestones drawn on a time axis), a blank line between
    plans; with ``business_days``, slip cells count business days too (when
    the slips carry them); with ``latest_only``, no earlier forecasts; with
    ``sources``, the numbered list of the sources cited under each table."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    for i, report in enumerate(reports):
        if i:
            parts.append(Text(""))
        plan_warnings = (warnings or {}).get(report.plan.file, ())
        parts.append(
            SlippageTable(
                report,
                plan_warnings,
                business_days=business_days,
                latest_only=latest_only,
                sources=sources,
            )
        )
        if timeline:
            from plantrack.render.timeline import Timeline  # only when asked for

            parts += [Text(""), Timeline(report)]
    return Group(*parts)
