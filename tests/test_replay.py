"""The knowledge rule (plantrack.knowledge): what was known as of a date, references
resolved as of that date, and the replay property: nothing dated after D changes
any output of ``slippage --as-of D``.  Expected figures are worked by hand."""

from __future__ import annotations

import datetime as _dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from plantrack.dates import DateRef, FuzzyDate, Precision, parse_date
from plantrack.knowledge import ExpectedBasis, Replay, known_as_of
from plantrack.loader import load_plan_text
from plantrack.model import Milestone, Plan
from plantrack.render.csv import render_csv
from plantrack.render.json import render_json
from plantrack.render.markdown import render_markdown
from plantrack.render.table import render_table
from plantrack.slippage import Status, evaluate

from .conftest import MET, Invoke

D = _dt.date

# build: planned 2013-01; reported 2013-02 -> 2013-06; reported 2014-01 -> 2014-03.
# go-live: planned build.expected + 2 weeks (the issue's leak: it used 2014's forecast
# at every as-of date).
BUILD = """
milestones:
  - id: build
    planned: 2013-01
    forecasts:
      - {reported: 2013-02, date: 2013-06}
      - {reported: 2014-01, date: 2014-03}
  - id: go-live
    planned: build.expected + 2 weeks
    deadline: build + 1 month
  - id: launch
    actual: 2013-05-10
  - id: party
    actual: launch.actual + 10 days
"""


@pytest.mark.parametrize(
    ("as_of", "expected", "basis", "go_live"),
    [
        # nothing reported yet: build is expected as planned, January 2013;
        # + 14 days: 2013-01-01 + 14 = 01-15, 2013-01-31 + 14 = 02-14
        (D(2013, 1, 20), "2013-01", ExpectedBasis.PLANNED, (D(2013, 1, 15), D(2013, 2, 14))),
        # the forecast reported in February counts from 2013-02-28 on: June 2013;
        # 2013-06-01 + 14 = 06-15, 2013-06-30 + 14 = 07-14
        (D(2013, 3, 1), "2013-06", ExpectedBasis.FORECAST, (D(2013, 6, 15), D(2013, 7, 14))),
        # the January 2014 report counts once January is over: March 2014
        (D(2014, 1, 30), "2013-06", ExpectedBasis.FORECAST, (D(2013, 6, 15), D(2013, 7, 14))),
        (D(2014, 2, 1), "2014-03", ExpectedBasis.FORECAST, (D(2014, 3, 15), D(2014, 4, 14))),
    ],
)
def test_references_resolve_as_of_the_date(
    as_of: _dt.date, expected: str, basis: ExpectedBasis, go_live: tuple[_dt.date, _dt.date]
) -> None:
    plan = load_plan_text(BUILD, "p.yaml")
    build = known_as_of(plan, "build", as_of)
    assert build.expected is not None and build.expected.canonical() == expected
    assert build.basis is basis
    planned = known_as_of(plan, "go-live", as_of).planned
    assert planned is not None
    assert (planned.start, planned.end, planned.precision) == (*go_live, Precision.DAY)
    assert planned.text == "build.expected + 2 weeks" and planned.derived


@pytest.mark.parametrize(
    ("as_of", "deadline"),
    [
        # "build" in a deadline is build's expected date; + 1 month keeps the month
        (D(2013, 1, 20), "2013-02"),
        (D(2013, 3, 1), "2013-07"),
        (D(2014, 2, 1), "2014-04"),
    ],
)
def test_deadline_reference_as_of(as_of: _dt.date, deadline: str) -> None:
    known = known_as_of(load_plan_text(BUILD, "p.yaml"), "go-live", as_of)
    assert known.deadline is not None and known.deadline.canonical() == deadline


@pytest.mark.parametrize(
    ("as_of", "party"),
    [
        (D(2013, 5, 9), None),  # launch has not happened: party's actual is unknown
        (D(2013, 5, 19), None),  # launch known (05-10), but 05-20 has not come yet
        (D(2013, 5, 20), D(2013, 5, 20)),  # 2013-05-10 + 10 days
    ],
)
def test_actual_reference_known_once_it_happened(as_of: _dt.date, party: _dt.date | None) -> None:
    actual = known_as_of(load_plan_text(BUILD, "p.yaml"), "party", as_of).actual
    assert (actual.start if actual else None) == party


def test_forecast_without_reported_is_always_known_as_the_oldest() -> None:
    plan = load_plan_text(
        """
milestones:
  - id: m
    planned: 2013-01
    forecasts:
      - {reported: 2013-02, date: 2013-05}
      - {date: 2013-09}
""",
        "p.yaml",
    )
    early = known_as_of(plan, "m", D(2013, 1, 15))  # only the undated one is known
    assert [f.date.canonical() for f in early.forecasts] == ["2013-09"]
    later = known_as_of(plan, "m", D(2013, 3, 1))  # the reported one is newer
    assert [f.date.canonical() for f in later.forecasts] == ["2013-09", "2013-05"]
    assert later.expected is not None and later.expected.canonical() == "2013-05"


def test_a_replay_is_shared_and_memoized() -> None:
    plan = load_plan_text(BUILD, "p.yaml")
    replay = Replay(plan, D(2013, 3, 1))
    first = known_as_of(replay, "go-live", D(2013, 3, 1))
    assert known_as_of(replay, plan.milestone("go-live"), D(2013, 3, 1)) is first


def test_a_10000_long_chain_evaluates_without_recursion() -> None:
    # Built in Python (the loader limits chains to 100): m0 planned 2013-01-01,
    # each next one planned + 1 day; m9999 is 9999 days later: 2013..2039 is
    # 27 * 365 + 6 leap days = 9861 days to 2040-01-01; then 31 + 29 + 31 + 30 = 121
    # to 2040-05-01, and 17 more: 2040-05-18.
    n = 10_000
    ms = [Milestone("m0", "m0", planned=FuzzyDate.day(D(2013, 1, 1)), index=0)]
    ms += [
        Milestone(f"m{i}", f"m{i}", planned=DateRef(f"m{i - 1}", "planned", 1, "day"), index=i)
        for i in range(1, n)
    ]
    report = evaluate(Plan("p.yaml", "P", tuple(ms)), D(2013, 1, 1))
    last = report.results[-1]
    assert last.planned is not None and last.planned.start == D(2040, 5, 18)


def test_a_cycle_built_in_python_is_unknown_not_a_crash() -> None:
    a = Milestone("a", "a", planned=DateRef("b", "planned", 1, "day"))
    b = Milestone("b", "b", planned=DateRef("a", "planned", 1, "day"), index=1)
    report = evaluate(Plan("p.yaml", "P", (a, b)), D(2013, 1, 1))
    assert [r.status for r in report.results] == [Status.UNSCHEDULED, Status.UNSCHEDULED]


def test_expected_depends_on_everything_it_may_be_so_cycles_are_load_errors() -> None:
    # As of a day before the actual, a.expected is a.planned = a.expected - 1 month.
    from plantrack.errors import PlanError

    with pytest.raises(PlanError) as info:
        load_plan_text(
            "milestones:\n  - {id: a, actual: 2014-01, planned: a.expected - 1 month}\n", "p.yaml"
        )
    assert "makes a cycle: a.expected → a.planned → a.expected" in str(info.value)


@pytest.mark.parametrize(
    ("as_of", "text"),
    [("2014-03-01", "10 months"), ("2013-12-31", "9 months"), ("2013-09-30", "6–7 months")],
)
def test_met_figures_unchanged(invoke: Invoke, as_of: str, text: str) -> None:
    import json

    doc = json.loads(invoke("slippage", MET, "--format", "json", "--as-of", as_of).stdout)
    (ict,) = [m for m in doc["plans"][0]["milestones"] if m["id"] == "ict-strategy"]
    assert ict["slip"]["text"] == text


# -- the replay property ---------------------------------------------------------

_DAYS = st.dates(min_value=D(2012, 1, 1), max_value=D(2016, 12, 31))


@st.composite
def _date_text(draw: st.DrawFn) -> str:
    d = draw(_DAYS)
    kind = draw(st.sampled_from(["day", "month", "quarter", "year", "range"]))
    if kind == "day":
        return d.isoformat()
    if kind == "month":
        return f"{d.year}-{d.month:02d}"
    if kind == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if kind == "year":
        return str(d.year)
    return f"{d.year}-{d.month:02d}..{d.year + 1}-{d.month:02d}"


@st.composite
def _plans(draw: st.DrawFn) -> list[dict[str, object]]:
    """Milestones as dicts; references only to earlier milestones (no cycles);
    reported, actual and approved are absolute dates (they are what D hides)."""
    out: list[dict[str, object]] = []
    dated: list[int] = []  # milestones with a planned date: targets of .planned/.expected
    for i in range(draw(st.integers(1, 4))):
        m: dict[str, object] = {"id": f"m{i}"}
        if i and draw(st.booleans()):
            field = draw(st.sampled_from(["expected", "planned", "actual"]))
            days = draw(st.integers(0, 60))
            if field == "actual":  # an actual not recorded (yet) is unknown, not an error
                m["planned"] = f"m{draw(st.integers(0, i - 1))}.actual + {days} days"
            elif dated:
                m["planned"] = f"m{draw(st.sampled_from(dated))}.{field} + {days} days"
        elif draw(st.integers(0, 4)):
            m["planned"] = draw(_date_text())
        forecasts = []
        for _ in range(draw(st.integers(0, 3))):
            f = {"date": draw(_date_text())}
            if dated and not draw(st.integers(0, 4)):
                f["date"] = f"m{draw(st.sampled_from(dated))}.expected + 1 month"
            kind = draw(st.integers(0, 9))
            if kind == 0:
                f["date"] = f"no earlier than {draw(_date_text())}"
            elif kind == 1:
                f["date"] = f"by {draw(_date_text())}"
            if kind == 2:  # a withdrawn date needs the day it was withdrawn
                f["date"] = "TBD"
                f["reported"] = draw(_date_text())
            elif draw(st.integers(0, 5)):
                f["reported"] = draw(_date_text())
            forecasts.append(f)
        if forecasts:
            m["forecasts"] = forecasts
        rebaselines = [
            {"approved": draw(_date_text()), "date": draw(_date_text())}
            for _ in range(draw(st.integers(0, 2)))
        ]
        if rebaselines:
            m["rebaselined"] = rebaselines
        if draw(st.booleans()):
            m["actual"] = draw(_date_text())
        if draw(st.integers(0, 3)) == 0:
            m["deadline"] = draw(_date_text())
        if "planned" in m:
            dated.append(i)
        out.append(m)
    return out


def _yaml(milestones: list[dict[str, object]]) -> str:
    lines = ["milestones:"]
    for m in milestones:
        lines.append(f"  - id: {m['id']}")
        for key in ("planned", "actual", "deadline"):
            if key in m:
                lines.append(f"    {key}: '{m[key]}'")
        for key in ("forecasts", "rebaselined"):
            items = m.get(key)
            if items:
                lines.append(f"    {key}:")
                for item in items:  # type: ignore[attr-defined]
                    pairs = ", ".join(f"{k}: '{v}'" for k, v in item.items())
                    lines.append(f"      - {{{pairs}}}")
    return "\n".join(lines) + "\n"


def _known_by(text: str, as_of: _dt.date) -> bool:
    return parse_date(text).end <= as_of


def _without_the_future(milestones: list[dict[str, object]], as_of: _dt.date) -> list[dict]:  # type: ignore[type-arg]
    out = []
    for m in milestones:
        m = dict(m)
        if "actual" in m and not _known_by(str(m["actual"]), as_of):
            del m["actual"]
        m["forecasts"] = [
            f
            for f in m.get("forecasts", [])  # type: ignore[attr-defined]
            if "reported" not in f or _known_by(f["reported"], as_of)
        ]
        m["rebaselined"] = [
            r
            for r in m.get("rebaselined", [])  # type: ignore[attr-defined]
            if _known_by(r["approved"], as_of)
        ]
        out.append(m)
    return out


def _outputs(text: str, as_of: _dt.date) -> list[str]:
    plan = load_plan_text(text, "plan.yaml")
    reports = [evaluate(plan, as_of)]
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    console.print(render_table(reports, timeline=True))
    return [
        render_json(reports, as_of),
        render_csv(reports),
        render_markdown(reports),
        console.export_text(),
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(milestones=_plans(), as_of=_DAYS)
def test_nothing_dated_after_d_changes_any_output(
    milestones: list[dict[str, object]], as_of: _dt.date
) -> None:
    whole = _outputs(_yaml(milestones), as_of)
    cut = _outputs(_yaml(_without_the_future(milestones, as_of)), as_of)
    assert whole == cut
