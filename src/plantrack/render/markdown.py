"""Markdown: a table per plan with the summary under it, for reports and PRs.

Each date carries the number of its source (``2014-02-07 (actual ·
cio-uk-2014-02-07) [3]``, a milestone's own source after its name), and each
plan ends with ``### Sources``, the numbered list of the sources cited
(numbered as :func:`plantrack.render.sources.source_numbers` does for every
output).  Only plantrack writes Markdown syntax: plan text is escaped, and a
source's URL becomes a link only when it is an ``http(s)`` URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from plantrack.model import Plan
from plantrack.render.cells import (
    history_cells,
    latest_cell,
    planned_cell,
    rebaseline_lines,
    slip_cell,
)
from plantrack.render.sources import cell_sources, citation, source_numbers, web_href
from plantrack.safetext import for_markdown_cell, for_markdown_code
from plantrack.slippage import Report

__all__ = ["escape", "render_markdown", "render_sources"]

# Plan text inside a line (a cell, a heading, bold text): nothing in it can open
# a link, an image, HTML, code or emphasis, or break the row.
escape = for_markdown_cell


def _mark(numbers: Mapping[str, int], source: str | None) -> str:
    """`` [n]``: the footnote number of ``source`` (empty for none).  Written
    unescaped: no link reference is ever defined, so it stays text."""
    return f" [{numbers[source]}]" if source is not None and source in numbers else ""


def _link(url: str) -> str:
    """An ``http(s)`` URL as a link (its text escaped, its destination
    percent-encoded); any other URL as escaped text."""
    href = web_href(url)
    return escape(url) if href is None else f"[{escape(url)}]({href})"


def render_sources(plan: Plan, numbers: Mapping[str, int]) -> list[str]:
    """``### Sources`` and the numbered list: id, title, publisher, date, URL."""
    if not numbers:
        return []
    lines = ["### Sources", ""]
    for source_id, n in numbers.items():
        c = citation(plan, source_id)
        parts = [f"**{escape(c.source_id)}**"]
        parts += [escape(p) for p in (c.title, c.publisher, c.date) if p]
        if c.url:
            parts.append(_link(c.url))
        lines.append(f"{n}. " + " · ".join(parts))
    return [*lines, ""]


def render_markdown(reports: Sequence[Report], *, latest_only: bool = False) -> str:
    """A heading, a table, the summary line and the sources cited for each
    report (without the earlier forecasts under each row with ``latest_only``)."""
    blocks = []
    for report in reports:
        numbers = source_numbers(report.results, latest_only=latest_only)
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
            own, planned, latest, earlier = cell_sources(r)
            cells = [
                name + _mark(numbers, own),
                escape(planned_cell(r).inline()) + _mark(numbers, planned),
                escape(latest_cell(r).inline()) + _mark(numbers, latest),
                escape(slip_cell(r)),
                r.status.value,
            ]
            rows.append("| " + " | ".join(cells) + " |")
            for line in rebaseline_lines(r):
                rows.append(f"| | ↳ *{escape(line)}* | | | |")
            for h, source in [] if latest_only else zip(history_cells(r), earlier, strict=True):
                mark = _mark(numbers, source)
                rows.append(
                    f"| | | ↳ *{escape(h.forecast.inline())}*{mark} | *{escape(h.slip)}* | |"
                )
        rows += ["", f"**{escape(report.summary.text())}**", ""]
        rows += render_sources(report.plan, numbers)
        blocks.append("\n".join(rows))
    return "\n".join(blocks)
