"""trend marks re-baselines (issue 10 item 2): a line under the milestone in the
table, a ``rebaselined`` list in JSON, and a vertical line at the approval
date in the chart.  Figures worked by hand in each test."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from plantrack.loader import load_plan_text
from plantrack.trend import compute_trends

from .conftest import Invoke, PlanFile

# Planned for 2016; re-planned to 2022 on 1 March 2018; forecasts before and after.
PLAN = """\
plantrack: 1
milestones:
  - id: open
    planned: 2016
    rebaselined:
      - {approved: 2018-03-01, date: 2022}
    forecasts:
      - {reported: 2017-01-15, date: 2017-06}
      - {reported: 2019-01-15, date: 2022-06}
"""


def test_the_trend_knows_the_rebaselines_approved_by_its_date() -> None:
    plan = load_plan_text(PLAN, "p.yaml")
    (before,) = compute_trends(plan, _dt.date(2018, 2, 28))
    (after,) = compute_trends(plan, _dt.date(2019, 2, 1))
    assert before.rebaselines == ()  # approved the next day: not known yet
    (rb,) = after.rebaselines
    assert (rb.approved.start, rb.date.start, rb.date.end) == (
        _dt.date(2018, 3, 1),
        _dt.date(2022, 1, 1),
        _dt.date(2022, 12, 31),
    )


def test_the_table_says_each_rebaseline(invoke: Invoke, plan_file: PlanFile) -> None:
    out = invoke("trend", plan_file(PLAN), "--as-of", "2019-02-01").stdout
    lines = [line.strip() for line in out.splitlines()]
    # under "open" and its planned line: from 2016 to 2022, approved 2018-03-01
    assert lines[1:3] == ["planned 2016", "re-baselined 2016 → 2022 (approved 2018-03-01)"]
    early = invoke("trend", plan_file(PLAN), "--as-of", "2018-02-28").stdout
    assert "re-baselined" not in early


def test_json_lists_the_rebaselines(invoke: Invoke, plan_file: PlanFile) -> None:
    doc = json.loads(invoke("trend", plan_file(PLAN), "--as-of", "2019-02-01", "-f", "json").stdout)
    (m,) = doc["milestones"]
    (rb,) = m["rebaselined"]
    assert rb["approved"]["start"] == "2018-03-01" and rb["approved"]["end"] == "2018-03-01"
    assert (rb["start"], rb["end"], rb["note"]) == ("2022-01-01", "2022-12-31", None)
    early = invoke("trend", plan_file(PLAN), "--as-of", "2018-02-28", "-f", "json").stdout
    assert json.loads(early)["milestones"][0]["rebaselined"] == []


def test_the_chart_draws_a_line_at_the_approval_date() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.dates import date2num

    from plantrack.render.chart import REBASELINE_COLOUR, build_trend_figure

    plan = load_plan_text(PLAN, "p.yaml")
    fig = build_trend_figure(compute_trends(plan, _dt.date(2019, 2, 1)), title="t")
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if ln.get_color() == REBASELINE_COLOUR]
    (line,) = lines
    x0, x1 = line.get_xdata()
    # vertical, within the day 2018-03-01
    assert x0 == x1
    assert date2num(_dt.datetime(2018, 3, 1)) <= x0 <= date2num(_dt.datetime(2018, 3, 2))
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "re-baseline approved" in labels
