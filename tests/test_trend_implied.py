"""trend: the implied date as a separate series for a milestone with
predecessors.  Every expected value is worked by hand."""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.impliedtrend import implied_history
from plantrack.loader import load_plan_text
from plantrack.render.trend_chart import chart_lines
from plantrack.trend import PointKind, Trend, compute_trends

from .conftest import Invoke, PlanFile

D = _dt.date
AS_OF = D(2013, 3, 1)
FAR = D(2013, 1, 1)

# review's news: forecast 2012-10 (reported 2012-08-01), forecast 2012-12
# (reported 2012-09-15), the same 2012-12 again (2012-10-20: no change), actual
# 2013-01-10.  plan comes after review + 2 weeks, so its implied date is
#   2012-08-01: 2012-10-01+14 .. 2012-10-31+14 = 2012-10-15..2012-11-14
#   2012-09-15: 2012-12-15..2013-01-14
#   2013-01-10: 2013-01-24 (the actual, a day)
# Against plan's planned 2013-01, at month precision: Oct..Nov is 2–3 months
# early; Dec..Jan 0–1 months early (change +1–3); Jan on time (change +0–1).
PLAN = """\
milestones:
  - id: review
    planned: 2012-09
    forecasts:
      - {date: 2012-10, reported: 2012-08-01}
      - {date: 2012-12, reported: 2012-09-15}
      - {date: 2012-12, reported: 2012-10-20}
    actual: 2013-01-10
  - id: plan
    planned: 2013-01
    depends_on: [{milestone: review, lag: 2 weeks}]
    forecasts:
      - {date: 2013-01, reported: 2012-07-01}
      - {date: 2013-02, reported: 2012-10-01}
  - id: after
    planned: 2013-06
    depends_on: [plan]
"""

EXPECTED = [
    (D(2012, 8, 1), "2012-10-15..2012-11-14", "2–3 months early", None),
    (D(2012, 9, 15), "2012-12-15..2013-01-14", "0–1 months early", "+1–3 months"),
    (D(2013, 1, 10), "2013-01-24", "on time", "+0–1 months"),
]


def trends(as_of: _dt.date = AS_OF, text: str = PLAN) -> dict[str, Trend]:
    plan = load_plan_text(text, "p.yaml")
    return {t.milestone.id: t for t in compute_trends(plan, as_of, ["review", "plan", "after"])}


def test_implied_series() -> None:
    t = trends()["plan"]
    got = [
        (
            p.reported.start if p.reported else None,
            p.date.canonical(),
            p.slip.text if p.slip else None,
            p.change.text if p.change else None,
        )
        for p in t.implied
    ]
    assert got == EXPECTED
    assert {p.kind for p in t.implied} == {PointKind.IMPLIED}
    assert {p.source for p in t.implied} == {"review + 2 weeks"}


def test_implied_series_leaves_the_rate_alone() -> None:
    """plan's own points only: +1 month from 2012-07-01 to 2012-10-01 (92 days,
    3.02 mean months): 0.33."""
    t = trends()["plan"]
    assert t.rate is not None and t.rate.text == "0.33"
    assert [p.kind for p in t.points] == [PointKind.FORECAST] * 2


def test_as_of_cuts_the_series() -> None:
    """As of 2012-09-01 only review's first forecast is known."""
    t = trends(D(2012, 9, 1))["plan"]
    assert [p.date.canonical() for p in t.implied] == ["2012-10-15..2012-11-14"]


def test_news_further_upstream() -> None:
    """after depends on plan (no lag), plan on review: plan passes on the later
    of its own forecast and its implied date, as of each day news about review
    or plan arrived.  2012-07-01: plan's 2013-01 (review nothing known yet:
    its planned 2012-09 has not passed); 2012-08-01: the later of 2013-01 and
    2012-10-15..2012-11-14 is 2013-01, no change; 2012-10-01: plan's 2013-02;
    2013-01-10: 2013-02 against 2013-01-24, no change."""
    got = [(p.reported.start, p.date.canonical()) for p in trends()["after"].implied]
    assert got == [(D(2012, 7, 1), "2013-01"), (D(2012, 10, 1), "2013-02")]


def test_no_predecessors_no_series() -> None:
    assert trends()["review"].implied == ()
    plan = load_plan_text(PLAN, "p.yaml")
    assert implied_history(plan, plan.milestone("review"), AS_OF) == ()


def test_json(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file(PLAN)
    out = invoke("trend", path, "-m", "review", "-m", "plan", "--as-of", "2013-03-01", "-f", "json")
    review, plan = json.loads(out.stdout)["milestones"]
    assert "implied" not in review  # a milestone without predecessors: as before
    assert [(p["kind"], p["reported"]["text"], p["date"]["text"]) for p in plan["implied"]] == [
        ("implied", "2012-08-01", "2012-10-15..2012-11-14"),
        ("implied", "2012-09-15", "2012-12-15..2013-01-14"),
        ("implied", "2013-01-10", "2013-01-24"),
    ]
    assert plan["implied"][1]["change"] == {"months_min": 1, "months_max": 3, "text": "+1–3 months"}
    assert plan["implied"][0]["source"] == "review + 2 weeks"


def test_table(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file(PLAN)
    out = invoke("trend", path, "-m", "plan", "--as-of", "2013-03-01").stdout
    lines = [line.rstrip() for line in out.splitlines()]
    start = lines.index(next(x for x in lines if x.startswith("Known")))
    assert lines[start : start + 5] == [
        "Known        Implied                  Slip               Change        Implied by",
        "─" * 87,
        "2012-08-01   2012-10-15..2012-11-14   2–3 months early   —             review + 2 weeks",
        "2012-09-15   2012-12-15..2013-01-14   0–1 months early   +1–3 months   review + 2 weeks",
        "2013-01-10   2013-01-24               on time            +0–1 months   review + 2 weeks",
    ]


def test_table_none_known(invoke: Invoke, plan_file: PlanFile) -> None:
    """As of 2012-07-15 nothing about review is known: no implied date yet."""
    path = plan_file(PLAN)
    out = invoke("trend", path, "-m", "plan", "--as-of", "2012-07-15").stdout
    assert "implied: none known by 2012-07-15" in out.splitlines()


def test_chart_legend_only_with_an_implied_series() -> None:
    legend = "◆ actual   │ ─ a range   = planned date"
    t = trends()
    with_implied = ["".join(c for c, _ in line) for line in chart_lines([t["plan"]])]
    without = ["".join(c for c, _ in line) for line in chart_lines([t["review"]])]
    assert f"{legend}   ◇ implied by predecessors" in with_implied
    assert legend in without
    # the last implied point (2013-01-24, known 2013-01-10) is drawn
    assert any("◇" in line for line in with_implied)


@given(
    st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=6),
    st.integers(min_value=-30, max_value=30),
)
def test_one_predecessor_series_is_its_forecasts_shifted(offsets: list[int], lag: int) -> None:
    """A predecessor whose forecasts (day dates far ahead, reported on days
    1, 2, 3, ... of 2012-01) each pass on as they are: the series is each
    forecast moved by the lag, a point only when it differs from the one before
    (an independent computation of the expected series)."""
    forecasts = "".join(
        f"      - {{date: {FAR + _dt.timedelta(days=o)}, reported: 2012-01-{i + 1:02d}}}\n"
        for i, o in enumerate(offsets)
    )
    text = (
        "milestones:\n  - id: a\n    planned: 2013-01-01\n    forecasts:\n"
        + forecasts
        + "  - id: b\n    planned: 2014-01-01\n"
        + f"    depends_on: [{{milestone: a, lag: {lag} days}}]\n"
    )
    plan = load_plan_text(text, "p.yaml")
    expected: list[tuple[_dt.date, _dt.date]] = []
    for i, o in enumerate(offsets):
        date = D(2013, 1, 1) + _dt.timedelta(days=o + lag)
        if not expected or expected[-1][1] != date:
            expected.append((D(2012, 1, i + 1), date))
    got = [
        (day, implied.date.start)
        for day, implied in implied_history(plan, plan.milestone("b"), D(2012, 6, 1))
    ]
    assert got == expected


def test_the_picture_draws_the_implied_series_as_dashed_steps() -> None:
    """Hollow diamonds at the middle of the day each implied date became known
    and the middle of the implied interval: 2012-08-01 12:00 against
    2012-10-15 00:00 .. 2012-11-15 00:00 (31 days), whose middle is 2012-10-30
    12:00; 2012-09-15 12:00 against 2012-12-15 .. 2013-01-15, middle 2012-12-30
    12:00; 2013-01-10 12:00 against the day 2013-01-24, middle 12:00."""
    pytest.importorskip("matplotlib")
    from plantrack.render.chart import build_trend_figure, num

    t = trends()
    fig = build_trend_figure([t["plan"]], title="p")
    (ax,) = fig.axes
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "implied-plan"]
    at = _dt.datetime
    assert list(line.get_xdata()) == [
        num(at(2012, 8, 1, 12)),
        num(at(2012, 9, 15, 12)),
        num(at(2013, 1, 10, 12)),
    ]
    assert list(line.get_ydata()) == [
        num(at(2012, 10, 30, 12)),
        num(at(2012, 12, 30, 12)),
        num(at(2013, 1, 24, 12)),
    ]
    assert line.get_drawstyle() == "steps-post" and line.get_linestyle() == "--"
    names = [x.get_text() for x in fig.legends[0].get_texts()]
    assert "implied by its predecessors, when known" in names
    bare = build_trend_figure([t["review"]], title="p")
    assert not [ln for ln in bare.axes[0].lines if str(ln.get_gid()).startswith("implied-")]
    assert "implied by its predecessors, when known" not in [
        x.get_text() for x in bare.legends[0].get_texts()
    ]
