"""The HTML report: one self-contained page for one or more plans.

Inline CSS (:mod:`plantrack.render.html_css`) and inline SVG charts
(:mod:`plantrack.render.html_svg`); no JavaScript, nothing fetched (the only
URLs are the sources' own ``http(s)`` links).  Per plan: the summary line, the
table with each date's source number, the slip chart and the trend chart of
every milestone with forecasts (or one line saying why there are none), the
numbered sources (numbered as every output numbers them:
:func:`plantrack.render.sources.source_numbers`) and the as-of date; several
plans get a contents list, and with a league the ranked table first
(:mod:`plantrack.render.html_league`).

Every piece of plan text is escaped (:func:`text`).  The same reports give the
same bytes: no clock, no random ids.  Returns the page; the CLI writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from plantrack.league import League
from plantrack.render.cells import Cell, history_cells, latest_cell, planned_cell, slip_cell
from plantrack.render.chart import PLOT_EXTRA_HINT
from plantrack.render.html_css import STATUS_CLASSES, STYLESHEET
from plantrack.render.html_league import league_section
from plantrack.render.html_svg import Charts, chart_svgs
from plantrack.render.html_text import text
from plantrack.render.sources import cell_sources, citation, source_numbers, web_href
from plantrack.slippage import MilestoneResult, Report

__all__ = ["NO_CHARTS", "render_html", "text"]

NO_CHARTS = f"Charts are left out: they need matplotlib ({PLOT_EXTRA_HINT})."
COLUMNS = ("Milestone", "Planned", "Forecast / actual", "Slip", "Status")


def _mark(numbers: Mapping[str, int], source: str | None, plan_id: str) -> str:
    """A link to the source's entry in the list: ``[2]``; empty for none."""
    if source is None or source not in numbers:
        return ""
    n = numbers[source]
    return f'&#160;<a class="fn" href="#{plan_id}-source-{n}" title="source {n}">[{n}]</a>'


def _date(cell: Cell, mark: str) -> str:
    if not cell.detail:
        return f'<span class="date">{text(cell.date)}</span>{mark}'
    detail = f'<span class="detail">{text(cell.detail)}</span>'
    return f'<span class="date">{text(cell.date)}</span>{mark}{detail}'


def _row(cells: Sequence[str], css: str = "") -> str:
    """A table row; each non-empty cell labelled with its column (for the
    stacked layout on a narrow screen)."""
    tds = "".join(
        f'<td data-label="{label}"><div>{cell}</div></td>' if cell else "<td></td>"
        for label, cell in zip(COLUMNS, cells, strict=True)
    )
    return f'<tr class="{css}">{tds}</tr>' if css else f"<tr>{tds}</tr>"


def _rows(r: MilestoneResult, numbers: Mapping[str, int], plan_id: str) -> list[str]:
    """The milestone's row and one row per earlier forecast."""
    m = r.milestone
    own, planned, latest, earlier = cell_sources(r)
    name = f'<span class="name">{text(m.name)}</span>' if m.name != m.id else ""
    status = STATUS_CLASSES[r.status.value]
    history = list(zip(history_cells(r), earlier, strict=True))
    rows = [
        _row(
            [
                f'<span class="id">{text(m.id)}</span>{_mark(numbers, own, plan_id)}{name}',
                _date(planned_cell(r), _mark(numbers, planned, plan_id)),
                _date(latest_cell(r), _mark(numbers, latest, plan_id)),
                f'<span class="slip">{text(slip_cell(r))}</span>',
                f'<span class="status status-{status}">{text(r.status.value)}</span>',
            ],
            "earlier" if history else "",
        )
    ]
    for h, source in history:
        forecast = "↳ " + _date(h.forecast, _mark(numbers, source, plan_id))
        slip = f'<span class="slip">{text(h.slip)}</span>'
        rows.append(_row(["", "", forecast, slip, ""], "history"))
    return rows


def _table(report: Report, numbers: Mapping[str, int], plan_id: str) -> list[str]:
    head = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    body = [row for r in report.results for row in _rows(r, numbers, plan_id)]
    return [
        '<div class="table-box"><table>',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *body,
        "</tbody></table></div>",
    ]


def _sources(report: Report, numbers: Mapping[str, int], plan_id: str) -> list[str]:
    """The numbered list of the sources cited: id, title, publisher, date, link."""
    if not numbers:
        return ["<h3>Sources</h3>", '<p class="note">No sources cited.</p>']
    items = []
    for source_id, n in numbers.items():
        c = citation(report.plan, source_id)
        parts = [f"<strong>{text(c.source_id)}</strong>"]
        parts += [text(p) for p in (c.title, c.publisher, c.date) if p]
        if c.url:
            href = web_href(c.url)
            parts.append(
                text(c.url)
                if href is None
                else f'<a href="{text(href)}" rel="noopener noreferrer">{text(c.url)}</a>'
            )
        items.append(f'<li id="{plan_id}-source-{n}">{" · ".join(parts)}</li>')
    return [f'<h3 id="{plan_id}-sources">Sources</h3>', '<ol class="sources">', *items, "</ol>"]


def _charts(charts: Charts | None, report: Report) -> list[str]:
    if charts is None:
        return [f'<p class="note">{text(NO_CHARTS)}</p>']
    name = text(report.plan.name)
    out = [
        "<h3>Slip chart</h3>",
        f"<figure>{charts.slip}<figcaption>Slip chart of {name}: planned against actual "
        "or latest forecast, coloured by status.</figcaption></figure>",
    ]
    if charts.trends:
        out += ["<h3>Trend charts</h3>", '<div class="charts">']
        out += [
            f'<figure>{svg}<figcaption>Trend of <span class="id">{text(milestone_id)}</span>: '
            "each forecast at the date it was reported.</figcaption></figure>"
            for milestone_id, svg in charts.trends
        ]
        out.append("</div>")
    return out


def _plan(report: Report, plan_id: str, *, with_charts: bool, heading: bool) -> list[str]:
    """A plan's section (under its own heading when the page has several)."""
    numbers = source_numbers(report.results)
    as_of = report.as_of.isoformat()
    lines = [
        f'<section class="plan" id="{plan_id}">',
        *([f"<h2>{text(report.plan.name)}</h2>"] if heading else []),
        f'<p class="meta"><code>{text(report.plan.file)}</code> · as of '
        f'<time datetime="{as_of}">{as_of}</time></p>'
        if heading
        else "",
        f'<p class="summary">{text(report.summary.text())}</p>',
    ]
    out = [line for line in lines if line]
    if report.plan.notes:
        out.append(f'<p class="notes">{text(report.plan.notes)}</p>')
    out += _table(report, numbers, plan_id)
    if with_charts:
        out += _charts(chart_svgs(report, prefix=f"{plan_id}-"), report)
    out += _sources(report, numbers, plan_id)
    out.append("</section>")
    return out


def _title(reports: Sequence[Report]) -> str:
    """The page's title: the plan's name, or how many plans there are."""
    if len(reports) == 1:
        return text(reports[0].plan.name)
    return f"Slippage report: {len(reports)} plans"


def render_html(
    reports: Sequence[Report],
    *,
    version: str,
    charts: bool = True,
    league: League | None = None,
) -> str:
    """The report on ``reports`` as one HTML page (with the slip and trend
    charts when ``charts`` and matplotlib is installed; one line saying so
    when it is not).  ``version`` is plantrack's, named in the footer.  With
    ``league`` (of the same plans), a league section comes first, each row
    linked to its plan's section."""
    dates = sorted({r.as_of.isoformat() for r in reports})
    when = f"As of {dates[0]}." if len(dates) == 1 else "As of each plan's date, below."
    if len(reports) == 1:
        as_of = reports[0].as_of.isoformat()
        what = (
            f"Slippage report on <code>{text(reports[0].plan.file)}</code> as of "
            f'<time datetime="{as_of}">{as_of}</time>, by plantrack.'
        )
    else:
        what = f"How late each plan is, by plantrack. {when}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="plantrack">',
        f"<title>{_title(reports)} · plantrack</title>",
        f"<style>{STYLESHEET}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_title(reports)}</h1>",
        f'<p class="meta">{what}</p>',
        "</header>",
    ]
    ids = [f"plan-{n}" for n in range(1, len(reports) + 1)]
    if len(reports) > 1:
        out += ['<nav aria-label="Contents">', "<h2>Contents</h2>", "<ol>"]
        out += [
            f'<li><a href="#{plan_id}">{text(r.plan.name)}</a> · {text(r.summary.text())}</li>'
            for plan_id, r in zip(ids, reports, strict=True)
        ]
        out += ["</ol>", "</nav>"]
    out.append("<main>")
    if league is not None:
        anchors = {r.plan.file: plan_id for plan_id, r in zip(ids, reports, strict=True)}
        out += league_section(league, anchors)
    for plan_id, r in zip(ids, reports, strict=True):
        out += _plan(r, plan_id, with_charts=charts, heading=len(reports) > 1)
    files = ", ".join(f"<code>{text(r.plan.file)}</code>" for r in reports)
    out += [
        "</main>",
        f"<footer>Made by plantrack {text(version)} from {files}. {when} "
        "Slips are given at the precision the sources allow.</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)
