"""Citations: each date's footnote number and the numbered source list, the
same numbers in the Rich table's ``--sources``, the Markdown and the HTML report.

Expected values are worked by hand from plans/met.yaml: as of 2013-12-31 the
table cites cw-2013-12 first (deloitte-review's actual), then smart-policing
(the report's actual); cio-uk-2014-02-07 (the strategy's launch) only once the
launch is known, from 2014-02-07.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plantrack.loader import load_plan, load_plan_text
from plantrack.render.html import render_html
from plantrack.render.markdown import render_markdown
from plantrack.render.sources import cell_sources, cited_sources, is_web_url, web_href
from plantrack.slippage import evaluate

from .conftest import MET, Invoke

MARKDOWN = MarkdownIt("commonmark").enable("table")


def met_markdown(as_of: _dt.date, *, latest_only: bool = False) -> str:
    report = evaluate(load_plan(MET), as_of)
    return render_markdown([report], latest_only=latest_only)


def row(markdown: str, milestone: str) -> str:
    (line,) = [x for x in markdown.splitlines() if x.startswith(f"| **{milestone}**")]
    return line


# -- the numbers in the Markdown table ------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "milestone", "cells"),
    [
        # an actual attributed by the milestone's own source: the number after the actual
        ("2013-12-31", "deloitte-review", ["— ", "2012-10 (actual · cw-2013-12) [1]"]),
        # no actual: the milestone's own source stands for the whole milestone, after its name
        ("2013-12-31", "noticeable-improvements", ["2013 ", "— "]),
        ("2013-12-31", "smart-policing-report", ["— ", "2013-08-30 (actual · smart-policing) [2]"]),
        (
            "2013-12-31",
            "ict-strategy",
            ["2013-04 (cw-2013-12) [1]", "2014-01 (reported 2013-12 · cw-2013-12) [1]"],
        ),
        (
            "2014-02-28",
            "ict-strategy",
            ["2013-04 (cw-2013-12) [1]", "2014-02-07 (actual · cio-uk-2014-02-07) [3]"],
        ),
    ],
)
def test_each_date_carries_its_number(as_of: str, milestone: str, cells: list[str]) -> None:
    line = row(met_markdown(_dt.date.fromisoformat(as_of)), milestone)
    assert line.split(" | ")[1:3] == [c.strip() for c in cells]


def test_the_milestone_source_marks_the_name_when_it_attributes_no_actual() -> None:
    line = row(met_markdown(_dt.date(2013, 12, 31)), "noticeable-improvements")
    assert line.startswith(
        "| **noticeable-improvements** Officers notice technology improvements "
        "(the Commissioner's goal) [1] | 2013 | — |"
    )
    assert "[1] |" not in row(met_markdown(_dt.date(2013, 12, 31)), "deloitte-review").split("|")[1]


def test_earlier_forecasts_carry_their_numbers() -> None:
    lines = met_markdown(_dt.date(2014, 2, 28)).splitlines()
    at = lines.index(row(met_markdown(_dt.date(2014, 2, 28)), "ict-strategy"))
    assert lines[at + 1 : at + 3] == [
        "| | | ↳ *2014-01 (reported 2013-12 · cw-2013-12)* [1] | *9 months* | |",
        "| | | ↳ *2013-10..2013-11 (reported 2013-08-30 · smart-policing)* [2] | *6–7 months* | |",
    ]


@pytest.mark.parametrize(
    ("as_of", "latest_only", "expected"),
    [
        (
            "2013-12-31",
            False,
            [
                "1. **cw-2013-12** · Met Police IT strategy expected 9 months late · "
                "Computer Weekly · 2013-12",
                "2. **smart-policing** · Smart Policing · London Assembly Budget and "
                "Performance Committee · 2013-08-30",
            ],
        ),
        (
            "2014-02-28",
            True,  # the earlier forecasts are not shown; their sources are cited elsewhere
            [
                "1. **cw-2013-12** · Met Police IT strategy expected 9 months late · "
                "Computer Weekly · 2013-12",
                "2. **smart-policing** · Smart Policing · London Assembly Budget and "
                "Performance Committee · 2013-08-30",
                "3. **cio-uk-2014-02-07** · Met Police launches Total Technology strategy · "
                "CIO UK · 2014-02-07",
            ],
        ),
    ],
)
def test_the_source_list(as_of: str, latest_only: bool, expected: list[str]) -> None:
    markdown = met_markdown(_dt.date.fromisoformat(as_of), latest_only=latest_only)
    tail = markdown.split("### Sources\n\n", 1)[1]
    assert tail.splitlines() == expected
    assert markdown.endswith("\n") and not markdown.endswith("\n\n\n")


def test_a_plan_citing_nothing_has_no_source_list() -> None:
    plan = load_plan_text("plantrack: 1\nmilestones:\n  - {id: a, planned: 2013-04}\n", "p.yaml")
    assert "Sources" not in render_markdown([evaluate(plan, _dt.date(2013, 1, 1))])


# -- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://www.computerweekly.com/news/2240211640/", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("ftp://example.org/file", False),
        ("//example.org/x", False),
        ("example.org", False),
        ("https://", False),
        (" https://example.org", False),
        ("http://[::1", False),  # urlsplit raises: not a URL
    ],
)
def test_is_web_url(url: str, web: bool) -> None:
    assert is_web_url(url) is web


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("https://example.org/x)](javascript:y)", "https://example.org/x%29%5D%28javascript:y%29"),
        ('https://example.org/"><script>', "https://example.org/%22%3E%3Cscript%3E"),
        ("https://example.org/caf\u00e9", "https://example.org/caf%C3%A9"),
        ("https://example.org/%41", "https://example.org/%41"),  # no double encoding
        ("javascript:alert(1)", None),
    ],
)
def test_web_href(url: str, href: str | None) -> None:
    assert web_href(url) == href


def plan_with_source(url: str) -> str:
    return (
        f"plantrack: 1\nsources:\n  s:\n    title: T\n    url: {json.dumps(url)}\n"
        "milestones:\n  - {id: a, planned: 2013-04, source: s}\n"
    )


def links(markdown: str) -> list[str]:
    found = []
    for token in MARKDOWN.parse(markdown):
        for child in token.children or []:
            assert child.type not in {"image", "html_inline"}, child
            if child.type == "link_open":
                found.append(str(child.attrGet("href")))
    return found


@pytest.mark.parametrize(
    ("url", "line", "hrefs"),
    [
        (
            "https://example.org/a b",
            "1. **s** · T · [https://example.org/a b](https://example.org/a%20b)",
            ["https://example.org/a%20b"],
        ),
        ("javascript:alert(1)", "1. **s** · T · javascript:alert(1)", []),
        ("[x](https://evil)", "1. **s** · T · \\[x\\](https://evil)", []),
    ],
)
def test_only_http_urls_become_links(url: str, line: str, hrefs: list[str]) -> None:
    plan = load_plan_text(plan_with_source(url), "p.yaml")
    markdown = render_markdown([evaluate(plan, _dt.date(2013, 1, 1))])
    assert markdown.splitlines()[-1] == line
    assert links(markdown) == hrefs


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["[a](b)", "![i](u)", "<script>", "https://x.org/(a)", "http://x.org/a b", "`", "1. ", "&amp;"]
)


@settings(max_examples=40, deadline=None)
@given(title=texts, publisher=texts, url=texts)
def test_plan_text_opens_no_link_of_its_own(title: str, publisher: str, url: str) -> None:
    from plantrack.model import Milestone, Plan, Source

    plan = Plan(
        file="p.yaml",
        name="P",
        milestones=(Milestone(id="a", name="A", source="s"),),
        sources={"s": Source("s", title or None, publisher or None, None, url or None)},
    )
    markdown = render_markdown([evaluate(plan, _dt.date(2013, 1, 1))])
    expected = [web_href(url)] if url and web_href(url) is not None else []
    assert links(markdown) == expected
    items = [t for t in MARKDOWN.parse(markdown) if t.type == "list_item_open"]
    assert len(items) == 1


# -- one numbering for every output --------------------------------------------------------------


class Items(HTMLParser):
    """The ids of the source list's items and the footnote links' targets."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.marks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a: dict[str, Any] = dict(attrs)
        if tag == "li" and str(a.get("id", "")).startswith("plan-1-source-"):
            self.items.append(a["id"])
        if tag == "a" and a.get("class") == "fn":
            self.marks.append(a["href"])


@pytest.mark.parametrize("as_of", ["2013-09-30", "2013-12-31", "2014-02-28"])
def test_rich_markdown_and_html_number_alike(invoke: Invoke, as_of: str) -> None:
    plan = load_plan(MET)
    report = evaluate(plan, _dt.date.fromisoformat(as_of))
    expected = cited_sources(report.results)
    rich = invoke("slippage", MET, "--as-of", as_of, "--sources", "--width", "200").stdout
    listed = re.findall(r"^(\d+)\. (\S+) ·", rich.split("\nSources\n", 1)[1], re.MULTILINE)
    assert listed == [(str(n), s) for n, s in enumerate(expected, 1)]
    markdown = render_markdown([report])
    numbered = re.findall(r"^(\d+)\. \*\*(\S+)\*\*", markdown, re.MULTILINE)
    assert numbered == listed
    page = Items()
    page.feed(render_html([report], version="0", charts=False))
    assert page.items == [f"plan-1-source-{n}" for n in range(1, len(expected) + 1)]
    # the same marks, in the same order, in the Markdown table and the HTML table
    table = markdown.split("### Sources", 1)[0]
    assert [f"#plan-1-source-{n}" for n in re.findall(r" \[(\d+)\]", table)] == page.marks


def test_cell_sources_follow_the_attribution_rule() -> None:
    report = evaluate(load_plan(MET), _dt.date(2014, 2, 28))
    assert cell_sources(report.result("ict-strategy")) == (
        None,  # the milestone has no own source
        "cw-2013-12",
        "cio-uk-2014-02-07",
        ["cw-2013-12", "smart-policing"],  # newest first, as the rows under it
    )
    assert cell_sources(report.result("deloitte-review")) == (None, None, "cw-2013-12", [])
    assert cell_sources(report.result("noticeable-improvements")) == ("cw-2013-12", None, None, [])


def test_a_rebaseline_in_force_is_cited_and_its_forecasts_numbered() -> None:
    """As of 2012-03-01 the re-baseline (approved 2012-01-01, source rb) is the
    expected date, so the forecast reported before it is an earlier line: the
    citations follow the cells the table shows (the replay property found a
    plan where they did not)."""
    plan = load_plan_text(
        "plantrack: 1\nsources:\n  rb: {title: RB}\n  fc: {title: FC}\nmilestones:\n"
        "  - id: m\n    planned: 2011-06\n"
        "    forecasts:\n      - {date: no earlier than 2011-09, reported: 2011-07, source: fc}\n"
        "    rebaselined:\n      - {approved: 2012-01-01, date: 2012-06, source: rb}\n",
        "p.yaml",
    )
    (r,) = evaluate(plan, _dt.date(2012, 3, 1)).results
    own, planned, latest, earlier = cell_sources(r)
    assert (own, planned, latest, earlier) == (None, None, "rb", ["fc"])
    assert cited_sources([r]) == ["rb", "fc"]
    text = render_markdown([evaluate(plan, _dt.date(2012, 3, 1))])
    assert "1. **rb** · RB" in text and "2. **fc** · FC" in text
