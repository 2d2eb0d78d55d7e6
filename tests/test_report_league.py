"""``plantrack report --league``: the league section of the HTML page.

The portfolio is the three GMPP snapshots of tests/test_league_import.py
(2019-09-30, 2021-03-31, 2023-03-31), whose figures are worked by hand there:
as of 2023-03-31 High Speed Rail Phase 1 is first, 7 years late (2026-12-31 to
2033-12-31), 47% over its planned duration (2557 / 5478 days), last news the
2023-03-31 re-baseline; Prison Estate Transformation is due 2024-03-31, on
track, unranked.  The page checks are tests/test_report.py's helpers.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from plantrack.league import compute_league
from plantrack.loader import load_plan_text
from plantrack.render.html import render_html
from plantrack.slippage import evaluate

from .conftest import DATA, MET, Invoke
from .test_report import HOSTILE, assert_self_contained, parse

GMPP = DATA / "import" / "gmpp"
SNAPSHOTS = [GMPP / n for n in ("gmpp-rows-2019-09-30.csv", "gmpp-2021-03-31.csv")]
SNAPSHOTS.append(GMPP / "gmpp-2023-03-31.csv")
AS_OF = "2023-03-31"


@pytest.fixture
def portfolio(invoke: Invoke, tmp_path: Path) -> Path:
    out = tmp_path / "portfolio"
    invoke("import", "gmpp", *SNAPSHOTS, "--out", out)
    return out


def _section(page: str) -> str:
    start = page.index('<section class="league" id="league">')
    return page[start : page.index("</section>", start) + len("</section>")]


def _rows(section: str) -> list[list[str]]:
    """The text of each body cell, row by row."""
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = []
    for tr in body.split("<tr>")[1:]:
        tree = parse("<table><tr>" + tr.strip().removesuffix("</tr>") + "</tr></table>")
        rows.append([t for t in tree.text if t.strip()])
    return rows


def test_league_section_ranks_the_imported_portfolio(invoke: Invoke, portfolio: Path) -> None:
    dft, moj = portfolio / "dft_0001.yaml", portfolio / "moj_0002.yaml"
    # In the order given: MoJ first, so the ranking (HS2 first) is the league's.
    result = invoke("report", moj, dft, "--as-of", AS_OF, "--no-charts", "--league")
    page = result.stdout
    assert_self_contained(page, links=set())
    section = _section(page)
    assert page.index(section) < page.index('<section class="plan" id="plan-1">')
    header = parse(section[section.index("<thead>") : section.index("</thead>") + 8])
    assert header.text == [
        "Rank",
        "Plan",
        "Headline",
        "Status",
        "Slip",
        "Overrun",
        "Last news",
    ]
    assert _rows(section) == [
        ["1", "High Speed Rail Phase 1", "end", "forecast late", "7 years", "47%", "2023-03-31 (today)"],  # noqa: E501
        ["—", "Prison Estate Transformation", "end", "on track", "—", "—", "—"],
    ]  # fmt: skip
    # Each plan links to its own section: MoJ is plan-1, HS2 plan-2.
    hrefs = [a["href"] for tag, a in parse(section).tags if tag == "a"]
    assert hrefs == ["#plan-2", "#plan-1"]
    assert (
        '<p class="summary">1 of 2 projects late; median slip 84 months; '
        "worst: High Speed Rail Phase 1, 7 years</p>"
    ) in section
    assert "status-forecast-late" in section and "status-on-track" in section


def test_no_flag_no_league(invoke: Invoke, portfolio: Path) -> None:
    plans = sorted(portfolio.glob("*.yaml"))
    without = invoke("report", *plans, "--as-of", AS_OF, "--no-charts").stdout
    assert 'id="league"' not in without
    with_league = invoke("report", *plans, "--as-of", AS_OF, "--no-charts", "--league").stdout
    # The league section is the only difference: the rest of the page is as it was.
    assert with_league.replace(_section(with_league) + "\n", "") == without


def test_one_plan_gets_a_league_of_one(invoke: Invoke) -> None:
    page = invoke("report", MET, "--as-of", "2013-12-31", "--no-charts", "--league").stdout
    section = _section(page)
    parse(section)
    assert len(_rows(section)) == 1
    assert '<a href="#plan-1">' in section


def test_hostile_plan_text_stays_text_in_the_league() -> None:
    plan = load_plan_text(HOSTILE, "hostile.yaml")
    as_of = _dt.date(2013, 12, 31)
    league = compute_league([(plan, as_of)])
    page = render_html([evaluate(plan, as_of)], version="1", charts=False, league=league)
    assert_self_contained(page, links={"https://example.org/a%22%3E%3Cscript%3Eb%3C/script%3E"})
    section = _section(page)
    assert "<script>" not in section
    assert "P &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;" in section


def test_bad_plan_with_league_exits_2_and_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("plantrack: 1\nmilestones: [{id: a, planned: 2024-13}]\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = invoke("report", MET, bad, "--league", "--output", out, code=2)
    assert f"{bad}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
