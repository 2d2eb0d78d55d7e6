"""Markdown: a table per plan with the summary under it, for reports and PRs."""

from __future__ import annotations

from collections.abc import Sequence

from plantrack.render.cells import history_cells, latest_cell, planned_cell, slip_cell
from plantrack.safetext import for_markdown_cell, for_markdown_code
from plantrack.slippage import Report

__all__ = ["escape", "render_markdown"]

# Plan text inside a line (a cell, a heading, bold text): nothing in it can open
# a link, an image, HTML, code or emphasis, or break the row.
escape = for_markdown_cell


def render_markdown(reports: Sequence[Report], *, latest_only: bool = False) -> str:
    """A heading, a table and the summary line for each report (without the
    earlier forecasts under each row with ``latest_only``)."""
    blocks = []
    for report in reports:
        rows = [
            f"## {escape(report.plan.name)}",
            "",
            f"{for_markdown_code(report.plan.file, cell=False)}, as of {report.as_of.isoformat()}",
            "",
            "| Milestone | Planned | Forecast / actual | Slip | Status |",
            "|---|---|---|---|---|",
        ]
        for r in report.results:
            m = r.milestone
            name = f"**{escape(m.id)}**" + (f" {escape(m.name)}" if m.name != m.id else "")
            cells = [
                name,
                escape(planned_cell(r).inline()),
                escape(latest_cell(r).inline()),
                escape(slip_cell(r)),
                r.status.value,
            ]
            rows.append("| " + " | ".join(cells) + " |")
            for h in [] if latest_only else history_cells(r):
                rows.append(f"| | | ↳ *{escape(h.forecast.inline())}* | *{escape(h.slip)}* | |")
        rows += ["", f"**{escape(report.summary.text())}**", ""]
        blocks.append("\n".join(rows))
    return "\n".join(blocks)
