"""Texts that cannot mislead (issue 10, item 7): slips and changes in years and
months, negative ranges in words, the slip rate's signs, the timeline never
cutting a slip, and one rule for a milestone-level ``source:``.

Every expected text is worked by hand in the comments."""

from __future__ import annotations

import datetime as _dt
import io
import json
import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from plantrack.attribution import actual_source, planned_source
from plantrack.dates import parse_date
from plantrack.diff import diff_plans
from plantrack.loader import load_plan_text
from plantrack.model import Plan
from plantrack.render.json import render_json
from plantrack.render.table import render_table
from plantrack.render.timeline import Timeline
from plantrack.render.trend_json import render_trend_json
from plantrack.render.trend_table import figure_lines, render_trend_table
from plantrack.slippage import Basis, Change, compute_slip, evaluate, signed_months
from plantrack.trend import compute_trend

from .conftest import Invoke, PlanFile


def plan(text: str) -> Plan:
    return load_plan_text(textwrap.dedent(text), "p.yaml")


def rendered(renderable: object, width: int) -> list[str]:
    console = Console(
        width=width, record=True, color_system=None, highlight=False, file=io.StringIO()
    )
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


# -- slip texts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "later", "text"),
    [
        # Jul 2014 - Mar 2013 = 16 months, Jul 2014 - Jan 2013 = 18 months
        ("2013-01..2013-03", "2014-07", "1 year 4 months – 1 year 6 months"),
        # Dec 2015 - Jan 2010 = 5 * 12 + 11 = 71 months
        ("2010-01", "2015-12", "5 years 11 months"),
        # Jan 2012 - Jun 2020 = -101, Mar 2012 - Jun 2020 = -99 months
        ("2020-06", "2012-01..2012-03", "8 years 3 months – 8 years 5 months early"),
        # Mar 2013 - Dec 2013 = -9, May 2013 - Dec 2013 = -7 months
        ("2013-12", "2013-03..2013-05", "7–9 months early"),
        # 2016 -> 2022 at year precision: 6 years, both ends
        ("2016", "2022", "6 years"),
    ],
)
def test_slip_texts_in_years_and_months(planned: str, later: str, text: str) -> None:
    slip = compute_slip(parse_date(planned), parse_date(later), Basis.ACTUAL)
    assert slip.text == text
    assert "−" not in slip.text  # early reads as a word, never as a sign


@pytest.mark.parametrize(
    ("lo", "hi", "text"),
    [
        (85, 85, "+7 years 1 month"),  # 85 = 7 * 12 + 1
        (84, 84, "+7 years"),
        (2, 3, "+2–3 months"),
        (12, 24, "+1–2 years"),
        (99, 101, "+8 years 3 months – 8 years 5 months"),  # 99 = 8 * 12 + 3, 101 = 8 * 12 + 5
        (-1, -1, "1 month earlier"),
        (-3, -2, "2–3 months earlier"),
        (-101, -99, "8 years 3 months – 8 years 5 months earlier"),
        (-85, -85, "7 years 1 month earlier"),
        (-1, 2, "−1 to +2 months"),
        (-14, 3, "−1 year 2 months to +3 months"),  # 14 = 1 * 12 + 2
        (0, 0, "±0 months"),
    ],
)
def test_change_texts(lo: int, hi: int, text: str) -> None:
    assert signed_months(lo, hi) == text
    assert Change(lo, hi).text == text


@given(st.integers(-600, 600), st.integers(0, 600))
def test_a_change_never_reads_as_a_signed_range(lo: int, width: int) -> None:
    text = signed_months(lo, lo + width)
    assert not re.search(r"−\d+–", text)  # "−2–3 months" could mean −2 to 3
    assert "-" not in text  # the minus sign is U+2212, never a hyphen
    assert ("earlier" in text) == (lo + width <= 0 and (lo, width) != (0, 0))


@given(st.integers(-240, 240), st.integers(0, 240))
def test_no_month_count_of_a_year_or_more(lo: int, width: int) -> None:
    # years-and-months everywhere: never "13 months" or more
    text = signed_months(lo, lo + width)
    assert all(int(n) < 12 for n in re.findall(r"(\d+)(?:–\d+)? months?", text))


# -- the trend: change column and slip rate --------------------------------------------

RECOVERING = """\
    plantrack: 1
    plan: P
    milestones:
      - id: m
        planned: 2014-01
        forecasts:
          - {reported: 2013-01, date: 2015-01}
          - {reported: 2013-07, date: 2014-07}
    """

MIXED = """\
    plantrack: 1
    plan: P
    milestones:
      - id: m
        planned: 2014-01
        forecasts:
          - {reported: 2013-01, date: 2014-06}
          - {reported: 2013-07, date: 2014-04..2014-07}
    """


def test_recovering_trend_texts() -> None:
    trend = compute_trend(plan(RECOVERING).milestone("m"), _dt.date(2013, 12, 31))
    # slips: Jan 2015 - Jan 2014 = 12, Jul 2014 - Jan 2014 = 6; change 6 - 12 = -6
    assert [p.change.text if p.change else None for p in trend.points] == [
        None,
        "6 months earlier",
    ]
    # elapsed: 2013-07-01 - 2013-01-31 = 151 days .. 2013-07-31 - 2013-01-01 = 211 days;
    # 151 / 30.4375 = 4.961, 211 / 30.4375 = 6.932 mean months;
    # rate = -6 / 4.961 = -1.2094 .. -6 / 6.932 = -0.8655
    assert trend.rate is not None
    assert trend.rate.text == "−1.21 – −0.87"
    assert dict(figure_lines(trend))["slip rate"] == (
        "−1.21 – −0.87 months of slip per month elapsed "
        "(6 months earlier in 5.0–6.9 months, 2013-01 → 2013-07)"
    )
    out = "\n".join(rendered(render_trend_table([trend], "p.yaml"), 120))
    assert "6 months earlier" in out


def test_mixed_rate_text() -> None:
    trend = compute_trend(plan(MIXED).milestone("m"), _dt.date(2013, 12, 31))
    # slips: Jun - Jan = 5; Apr..Jul - Jan = 3..6; change [3 - 5, 6 - 5] = [-2, +1]
    assert trend.points[1].change is not None
    assert trend.points[1].change.text == "−2 to +1 months"
    # rates: -2 / 4.961 = -0.4032 (min), 1 / 4.961 = 0.2016 (max)
    assert trend.rate is not None
    assert trend.rate.text == "−0.40 – 0.20"


def test_diff_change_in_years_and_months() -> None:
    old = plan(
        """\
        plantrack: 1
        plan: P
        milestones:
          - id: m
            planned: 2010-01
            forecasts: [{reported: 2010-02, date: 2010-06}]
        """
    )
    new = plan(
        """\
        plantrack: 1
        plan: P
        milestones:
          - id: m
            planned: 2010-01
            forecasts:
              - {reported: 2010-02, date: 2010-06}
              - {reported: 2012-01, date: 2017-07}
        """
    )
    (m,) = diff_plans(old, new, _dt.date(2020, 1, 1)).milestones
    # slips: Jun 2010 - Jan 2010 = 5; Jul 2017 - Jan 2010 = 90; change 85 = 7 years 1 month
    assert m.slip_change is not None
    assert m.slip_change.text == "+7 years 1 month"
    (back,) = diff_plans(new, old, _dt.date(2020, 1, 1)).milestones
    assert back.slip_change is not None
    assert back.slip_change.text == "7 years 1 month earlier"


# -- the timeline never cuts a slip text ----------------------------------------------

LONG = """\
    plantrack: 1
    plan: Long slips
    milestones:
      - id: {a}
        planned: 2013-01..2013-03
        actual: 2014-07
      - id: {b}
        planned: 2010-01
        actual: 2015-12
      - id: {c}
        planned: 2020-06
        actual: 2012-01..2012-03
    """


def _timeline_rows(ids: tuple[str, str, str], width: int) -> list[str]:
    report = evaluate(plan(LONG.format(a=ids[0], b=ids[1], c=ids[2])), _dt.date(2026, 1, 1))
    lines = rendered(Timeline(report), width)
    return lines[1:-1]  # between the axis and the legend


def test_timeline_widens_at_200_columns() -> None:
    rows = _timeline_rows(("aaaaa", "bbbbb", "ccccc"), 200)
    # labels 5 wide; the longest slip is 41 characters, so the slip column is 41
    # and the track 200 - 5 - 41 - 2 = 152: slips start at 5 + 1 + 152 + 1 = 159
    assert [r[159:] for r in rows] == [
        "1 year 4 months – 1 year 6 months",
        "5 years 11 months",
        "8 years 3 months – 8 years 5 months early",
    ]
    assert [r[:6] for r in rows] == ["aaaaa ", "bbbbb ", "ccccc "]


def test_timeline_wraps_at_80_columns() -> None:
    ids = ("a" * 24, "b" * 24, "c" * 24)
    rows = _timeline_rows(ids, 80)
    # labels 24 wide; the slip may take 80 - 24 - 2 - 20 (the narrowest track) = 34
    # columns, so the track is 20 and slips start at 24 + 1 + 20 + 1 = 46.
    # "8 years 3 months – 8 years 5 months early" is 41: it wraps after "5" (28 wide).
    assert [r[46:] for r in rows] == [
        "1 year 4 months – 1 year 6 months",
        "5 years 11 months",
        "8 years 3 months – 8 years 5",
        "months early",
    ]
    assert rows[3] == " " * 46 + "months early"
    assert all(len(r) <= 80 for r in rows)


def test_timeline_widens_at_80_columns_when_there_is_room() -> None:
    rows = _timeline_rows(("aaaaa", "bbbbb", "ccccc"), 80)
    # 41 < 80 - 5 - 2 - 20 = 53: the column widens to 41, the track is 80 - 5 - 41 - 2 = 32
    assert rows[2][5 + 1 + 32 + 1 :] == "8 years 3 months – 8 years 5 months early"


# -- one rule for a milestone-level source -------------------------------------------

SOURCED = """\
    plantrack: 1
    plan: P
    sources:
      s1: {title: The milestone's source}
    milestones:
      - id: m
        source: s1
        planned: 2013-04
        forecasts:
          - {reported: 2013-06, date: 2013-09}
        actual: 2013-10
    """


def test_attribution_functions() -> None:
    m = plan(SOURCED).milestone("m")
    assert planned_source(m) is None  # never the milestone's source
    assert actual_source(m, m.actual) == "s1"
    assert actual_source(m, None) is None  # no actual known: the milestone as a whole


def test_source_before_the_actual_is_known() -> None:
    p = plan(SOURCED)
    report = evaluate(p, _dt.date(2013, 7, 1))
    doc = json.loads(render_json([report], report.as_of))
    (m,) = doc["plans"][0]["milestones"]
    assert (m["planned"]["source"], m["forecast"]["source"], m["actual"], m["source"]) == (
        None,
        None,
        None,
        "s1",
    )
    table = "\n".join(rendered(render_table([report]), 120))
    assert "reported 2013-06" in table
    assert "s1" not in table  # not the forecast's, not the planned date's


def test_source_once_the_actual_is_known() -> None:
    p = plan(SOURCED)
    report = evaluate(p, _dt.date(2014, 1, 1))
    doc = json.loads(render_json([report], report.as_of))
    (m,) = doc["plans"][0]["milestones"]
    assert (m["planned"]["source"], m["actual"]["source"], m["source"]) == (None, "s1", "s1")
    table = "\n".join(rendered(render_table([report]), 120))
    assert "actual · s1" in table
    trend = compute_trend(p.milestone("m"), report.as_of)
    assert [pt.source for pt in trend.points] == [None, "s1"]
    trend_doc = json.loads(render_trend_json([trend], file="p.yaml", plan="P", as_of=report.as_of))
    assert trend_doc["milestones"][0]["planned"]["source"] is None
    out = rendered(render_trend_table([trend], "p.yaml"), 120)
    assert out[1] == "planned 2013-04"  # was "planned 2013-04 (s1)"


def test_markdown_uses_the_same_rule(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file(SOURCED)
    early = invoke("slippage", path, "-f", "markdown", "--as-of", "2013-07-01").stdout
    assert "2013-09 (reported 2013-06) |" in early
    late = invoke("slippage", path, "-f", "markdown", "--as-of", "2014-01-01").stdout
    assert "2013-10 (actual · s1) [1] |" in late  # [1]: its footnote (citations)
