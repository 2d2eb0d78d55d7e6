"""The numbered sources a plan's table cites: one numbering for every output.

Each source the shown milestones cite, numbered in the order the table
cites them: ``1. cw-2013-12 · Met Police IT strategy expected 9 months late
· Computer Weekly · 2013-12 · https://…``.  A ``source`` that names no entry
of the plan's ``sources`` (a URL written in place) is listed as it is.

:func:`source_numbers` and :func:`citation` are what the Rich table's
``--sources``, the Markdown and the HTML report all number and list sources
with; :func:`source_list` draws the list under the Rich table (Rich is
imported only there).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from plantrack.attribution import planned_source
from plantrack.model import Plan
from plantrack.render.cells import latest_source, superseded
from plantrack.safetext import for_terminal
from plantrack.slippage import MilestoneResult

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = [
    "Citation",
    "cell_sources",
    "citation",
    "cited_sources",
    "is_web_url",
    "source_list",
    "source_numbers",
    "web_href",
]

# What a link's destination keeps as it is: the URL syntax, less what could end
# or break the destination in Markdown or an HTML attribute (spaces, quotes,
# brackets, parentheses, backslashes, controls, non-ASCII: percent-encoded).
_URL_SAFE = "/:?#@!$&+,;=%*~"


def _cited(r: MilestoneResult, *, latest_only: bool) -> Iterator[str | None]:
    """The sources of the cells the table shows for ``r`` (the same cells as
    :func:`cell_sources`), in the table's order."""
    _, planned, latest, earlier = cell_sources(r)
    yield planned
    yield latest
    if not latest_only:
        yield from earlier
    yield r.milestone.source


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


def cell_sources(r: MilestoneResult) -> tuple[str | None, str | None, str | None, list[str | None]]:
    """The sources of a row's cells: the milestone's own (when it attributes
    no actual), the planned date's, the actual's or latest forecast's, and each
    earlier forecast's in the order :func:`plantrack.render.cells.history_cells` lists them."""
    m = r.milestone
    own = None if r.actual is not None and m.actual_source is None else m.source
    return own, planned_source(m), latest_source(r), [f.source for f in superseded(r)]


def source_numbers(
    results: Sequence[MilestoneResult], *, latest_only: bool = False
) -> dict[str, int]:
    """Each source the ``results`` cite and its footnote number (from 1), in
    the order of :func:`cited_sources`."""
    return {s: n for n, s in enumerate(cited_sources(results, latest_only=latest_only), 1)}


@dataclass(frozen=True, slots=True)
class Citation:
    """A cited source's parts, as the plan gives them (raw, unescaped text):
    only ``source_id`` for a source that names no entry of the plan."""

    source_id: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None


def citation(plan: Plan, source_id: str) -> Citation:
    """The parts of the source ``source_id`` cites in ``plan``."""
    source = plan.sources.get(source_id)
    if source is None:
        return Citation(source_id)
    date = source.date.display if source.date else None
    return Citation(source.id, source.title, source.publisher, date, source.url)


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an absolute ``http`` or ``https`` URL with a host
    (the only URLs a report turns into links)."""
    try:
        parts = urlsplit(text)
    except ValueError:  # an unbalanced "[" in the host part
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and text == text.strip()


def web_href(url: str) -> str | None:
    """``url`` as a link's destination when it is an ``http(s)`` URL
    (:func:`is_web_url`), percent-encoded where it could break out; else None."""
    return quote(url, safe=_URL_SAFE) if is_web_url(url) else None


def _entry(plan: Plan, source_id: str) -> tuple[str, str | None]:
    """The entry's text and its URL (None when it has none)."""
    c = citation(plan, source_id)
    url = for_terminal(c.url) if c.url else None
    parts = (c.source_id, c.title, c.publisher, c.date)
    return " · ".join(for_terminal(p) for p in parts if p), url


def source_list(
    plan: Plan, results: Sequence[MilestoneResult], *, width: int, latest_only: bool = False
) -> RenderableType:
    """``Sources`` and a numbered line (wrapped after a `` · ``) for each source
    the ``results`` cite, its URL a terminal link; ``No sources cited.`` when none."""
    from rich.console import Group
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    from plantrack.render.table_layout import fill

    cited = source_numbers(results, latest_only=latest_only)
    if not cited:
        return Text("No sources cited.", style="dim")
    grid = Table.grid(padding=(0, 1))
    digits = len(str(len(cited)))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    room = max(10, width - digits - 2)
    for source_id, n in cited.items():
        text, url = _entry(plan, source_id)
        lines = fill(text, room)
        line = Text("\n".join(lines))
        if url is not None:
            line.append(" · " if len(lines[-1]) + 3 + len(url) <= room else "\n")
            line.append(url, style=Style(link=url))
        grid.add_row(f"{n}.", line)
    return Group(Text("Sources", style="bold"), grid)
