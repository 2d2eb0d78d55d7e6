"""The league section of the HTML report (``report --league``): the plans
ranked worst first, as ``plantrack league`` ranks them, each row linked to the
plan's own section, then the summary line.

Texts are the league renderers' (:mod:`plantrack.render.league_cells`), every
one escaped (:func:`plantrack.render.html.text`); no JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping

from plantrack.league import League
from plantrack.render.html_css import STATUS_CLASSES
from plantrack.render.html_text import text as _text
from plantrack.render.league_cells import cells

__all__ = ["COLUMNS", "league_section"]

COLUMNS = ("Rank", "Plan", "Headline", "Status", "Slip", "Overrun", "Last news")
# Where each column is in league_cells.cells: rank, plan, headline, status,
# slip, overrun, last news.
_PICK = (0, 1, 2, 3, 4, 6, 9)


def _cell(label: str, content: str) -> str:
    return f'<td data-label="{label}"><div>{content}</div></td>'


def league_section(league: League, anchors: Mapping[str, str]) -> list[str]:
    """The section's lines; ``anchors`` maps each plan's file to its section's id."""
    head = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    body = []
    for row in league.rows:
        texts = cells(row, league)
        rank, name, headline, status, slip, over, news = (texts[i] for i in _PICK)
        anchor = anchors.get(row.plan.file)
        plan = f'<a href="#{anchor}">{_text(name)}</a>' if anchor else _text(name)
        css = STATUS_CLASSES.get(status)
        status_html = (
            f'<span class="status status-{css}">{_text(status)}</span>' if css else _text(status)
        )
        tds = [
            _cell("Rank", _text(rank)),
            _cell("Plan", plan),
            _cell("Headline", f'<span class="id">{_text(headline)}</span>'),
            _cell("Status", status_html),
            _cell("Slip", f'<span class="slip">{_text(slip)}</span>'),
            _cell("Overrun", _text(over)),
            _cell("Last news", _text(news)),
        ]
        body.append(f"<tr>{''.join(tds)}</tr>")
    return [
        '<section class="league" id="league">',
        "<h2>League</h2>",
        '<p class="meta">The plans ranked worst first by the slip of each one\'s headline '
        'milestone; plans whose slips overlap share a rank ("=3").</p>',
        '<div class="table-box"><table>',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *body,
        "</tbody></table></div>",
        f'<p class="summary">{_text(league.summary)}</p>',
        "</section>",
    ]
