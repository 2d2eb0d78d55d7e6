"""Charts for the HTML report, as SVG fit to sit inside an HTML page.

matplotlib's SVG is a standalone document; :func:`inline_svg` makes it an
element of the page: no XML declaration, DOCTYPE, metadata or comments (the
comments carry the chart's text, already drawn as paths), and every ``id``
(and each reference to one) prefixed, so that several charts on one page do
not share ids.  matplotlib escapes the text it writes into the SVG; nothing
here adds plan text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantrack.render.chart import ChartFormat, ChartUnavailable, import_matplotlib
from plantrack.slippage import Report
from plantrack.trend import compute_trends

__all__ = ["Charts", "chart_svgs", "inline_svg"]

_BEFORE_SVG = re.compile(r"\A.*?(?=<svg[\s>])", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ID = re.compile(r'\bid="([^"]*)"')
_REF = re.compile(r'(url\(#|href="#)([^")]*)')
_STYLE = re.compile(r"<style([^>]*)>\*\{")


@dataclass(frozen=True, slots=True)
class Charts:
    """A plan's charts as inline SVG: the slip chart, and one trend chart per
    milestone with forecasts (its id and the SVG)."""

    slip: str
    trends: tuple[tuple[str, str], ...]


def inline_svg(svg: bytes, prefix: str) -> str:
    """matplotlib's SVG document as an ``<svg>`` element for an HTML page, its
    ids prefixed with ``prefix`` (letters, digits and hyphens)."""
    text = _BEFORE_SVG.sub("", svg.decode("utf-8"), count=1)
    text = _METADATA.sub("", text, count=1)
    text = _COMMENT.sub("", text)
    text = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = _REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)
    # matplotlib's "*{...}" rule would reach the whole page: keep it to this chart.
    text = _STYLE.sub(lambda m: f"<style{m.group(1)}>#{prefix}chart *{{", text)
    return text.replace("<svg ", f'<svg id="{prefix}chart" role="img" ', 1).strip()


def chart_svgs(report: Report, *, prefix: str) -> Charts | None:
    """The slip chart and trend charts of ``report`` as inline SVG (ids
    prefixed with ``prefix``), or None when matplotlib is not installed."""
    try:
        import_matplotlib("report")
    except ChartUnavailable:
        return None
    from plantrack.render.chart import render_chart
    from plantrack.render.slipchart import render_slip_chart

    slip = inline_svg(render_slip_chart(report, fmt=ChartFormat.SVG), f"{prefix}slip-")
    trends = []
    for n, t in enumerate(compute_trends(report.plan, report.as_of), 1):
        svg = render_chart([t], fmt=ChartFormat.SVG, title=report.plan.name)
        trends.append((t.milestone.id, inline_svg(svg, f"{prefix}trend{n}-")))
    return Charts(slip, tuple(trends))
