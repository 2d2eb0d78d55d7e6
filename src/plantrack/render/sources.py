"""The numbered list of sources under a plan's table (``slippage --sources``).

Each source the shown milestones cite, numbered in the order the table
cites them: ``1. cw-2013-12 · Met Police IT strategy expected 9 months late
· Computer Weekly · 2013-12 · https://…``.  A ``source`` that names no entry
of the plan's ``sources`` (a URL written in place) is listed as it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from plantrack.attribution import actual_source, planned_source
from plantrack.model import Plan
from plantrack.render.table_layout import fill
from plantrack.safetext import for_terminal
from plantrack.slippage import MilestoneResult

__all__ = ["cited_sources", "source_list"]


def _cited(r: MilestoneResult, *, latest_only: bool) -> Iterator[str | None]:
    m = r.milestone
    yield planned_source(m)
    if r.actual is not None:
        yield actual_source(m, r.actual)
    elif r.forecast is not None:
        yield r.forecast.source
    if not latest_only:
        yield from (f.source for f in reversed(r.history))
    yield m.source


def cited_sources(results: Sequence[MilestoneResult], *, latest_only: bool = False) -> list[str]:
    """Every source the ``results`` cite, once each, in the order the table
    shows them (each row's planned, actual or latest forecast, earlier
    forecasts unless ``latest_only``, then the milestone's own ``source``)."""
    seen: dict[str, None] = {}
    for r in results:
        for source in _cited(r, latest_only=latest_only):
            if source:
                seen.setdefault(source, None)
    return list(seen)


def _entry(plan: Plan, source_id: str) -> tuple[str, str | None]:
    """The entry's text and its URL (None when it has none)."""
    source = plan.sources.get(source_id)
    if source is None:
        return for_terminal(source_id), None
    parts = [source.id, source.title, source.publisher]
    parts.append(source.date.display if source.date else None)
    url = for_terminal(source.url) if source.url else None
    return " · ".join(for_terminal(p) for p in parts if p), url


def source_list(
    plan: Plan, results: Sequence[MilestoneResult], *, width: int, latest_only: bool = False
) -> RenderableType:
    """``Sources`` and a numbered line (wrapped after a `` · ``) for each source
    the ``results`` cite, its URL a terminal link; ``No sources cited.`` when none."""
    cited = cited_sources(results, latest_only=latest_only)
    if not cited:
        return Text("No sources cited.", style="dim")
    grid = Table.grid(padding=(0, 1))
    digits = len(str(len(cited)))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    room = max(10, width - digits - 2)
    for n, source_id in enumerate(cited, 1):
        text, url = _entry(plan, source_id)
        lines = fill(text, room)
        line = Text("\n".join(lines))
        if url is not None:
            line.append(" · " if len(lines[-1]) + 3 + len(url) <= room else "\n")
            line.append(url, style=Style(link=url))
        grid.add_row(f"{n}.", line)
    return Group(Text("Sources", style="bold"), grid)
