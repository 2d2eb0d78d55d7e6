"""depends_on: read and checked at load time, and the implied dates it gives
(plantrack.knockon).  Every expected value is worked by hand."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import random
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.dates import FuzzyDate, Precision
from plantrack.durations import Duration, DurationUnit
from plantrack.errors import PlanError
from plantrack.knockon import Consistency, KnockOn, consistency
from plantrack.knowledge import Replay
from plantrack.loader import load_plan_text
from plantrack.model import Dependency, Milestone, Plan
from plantrack.slippage import Basis, Status, evaluate


def errors(text: str) -> list[str]:
    with pytest.raises(PlanError) as info:
        load_plan_text(textwrap.dedent(text), "p.yaml")
    return [str(p) for p in info.value.problems]


def test_depends_on_forms_load() -> None:
    plan = load_plan_text(
        textwrap.dedent("""\
        milestones:
          - id: a
            planned: 2012-10
          - id: b
            planned: 2012-11
            depends_on:
              - a
              - {milestone: a, lag: 2 weeks}
              - {milestone: a, lag: -15bd}
              - {milestone: a, lag: 1 quarter}
        """),
        "p.yaml",
    )
    assert plan.milestone("a").depends_on == ()
    assert plan.milestone("b").depends_on == (
        Dependency("a"),
        Dependency("a", Duration(14, DurationUnit.DAYS)),
        Dependency("a", Duration(-15, DurationUnit.BUSINESS_DAYS)),
        Dependency("a", Duration(3, DurationUnit.MONTHS)),
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "depends_on: zz",
            ["p.yaml:4:17: error: 'depends_on' must be a list, not \"zz\""],
        ),
        (
            "depends_on: [zz]",
            [
                "p.yaml:4:18: error: 'depends_on': unknown milestone 'zz' "
                "(expected the id of a milestone in this plan)"
            ],
        ),
        (
            "depends_on: [a]",
            [
                "p.yaml:4:18: error: 'depends_on' makes a cycle: a → a "
                "(expected dependencies that end at a milestone with none)"
            ],
        ),
        (
            "depends_on: [{lag: 2w}]",
            [
                "p.yaml:4:18: error: a 'depends_on' item has no 'milestone' "
                "(expected e.g. milestone: a)"
            ],
        ),
        (
            "depends_on: [{milestone: b, lag: soon}]",
            [
                "p.yaml:4:38: error: 'lag': \"soon\" is not a duration (expected e.g. 0, 10 days, "
                "2 weeks, 1 month, 1 quarter, 15 business days)"
            ],
        ),
        (
            "depends_on: [{milestone: b, after: 2w}]",
            [
                "p.yaml:4:33: error: unknown key 'after' in a 'depends_on' item "
                "(expected one of: milestone, lag)"
            ],
        ),
        (
            "depends_on: [B!]",
            [
                "p.yaml:4:18: error: 'depends_on' item \"B!\" is not a valid id "
                "(expected lower-case letters, digits, '.', '_' or '-', starting with a "
                "letter or digit)"
            ],
        ),
    ],
)
def test_bad_depends_on(body: str, expected: list[str]) -> None:
    text = f"milestones:\n  - id: a\n    planned: 2012\n    {body}\n  - id: b\n    planned: 2013\n"
    assert errors(text) == expected


def test_a_cycle_names_its_chain_and_every_problem_is_reported() -> None:
    got = errors("""\
        milestones:
          - id: a
            planned: 2012
            depends_on: [c]
          - id: b
            planned: 2012
            depends_on: [a, nope]
          - id: c
            planned: 2012
            depends_on: [b]
        """)
    assert got == [
        "p.yaml:7:18: error: 'depends_on' makes a cycle: a → c → b → a "
        "(expected dependencies that end at a milestone with none)",
        "p.yaml:7:21: error: 'depends_on': unknown milestone 'nope' "
        "(expected the id of a milestone in this plan)",
    ]


def test_a_long_chain_loads() -> None:
    # 20,000 links, twenty times Python's default recursion limit: a recursive
    # cycle check would fail here.  Time at 100,000 is measured in
    # `python -m benchmarks` (section knock-on), never in a test.
    n = 20_000
    lines = ["milestones:", "  - {id: m0, planned: 2012-01-01}"]
    lines += [f"  - {{id: m{i}, depends_on: [m{i - 1}]}}" for i in range(1, n)]
    plan = load_plan_text("\n".join(lines) + "\n", "chain.yaml")
    assert plan.milestones[-1].depends_on == (Dependency(f"m{n - 2}"),)


# -- implied dates, worked by hand ------------------------------------------------
# TaskJuggler-style dependency cases (gaps and lags between events).  Every
# plan is read as of 2003-06-01 unless a case says otherwise; 2003-06-05 is a
# Thursday.


def implied_of(text: str, as_of: _dt.date = _dt.date(2003, 6, 1)) -> dict[str, str | None]:
    plan = load_plan_text("milestones:\n" + textwrap.dedent(text), "p.yaml")
    knock = KnockOn(Replay(plan, as_of))
    out: dict[str, str | None] = {}
    for m in plan.milestones:
        implied = knock.implied(m)
        out[m.id] = None if implied is None else implied.text
    return out


A = "  - {id: a, planned: 2003-06-05}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # gapduration 2d: calendar days
        (A + "  - {id: b, depends_on: [{milestone: a, lag: 2 days}]}\n", "a + 2 days: 2003-06-07"),
        # gaplength 2d: working days, Thu -> Fri (1), Mon (2)
        (A + "  - {id: b, depends_on: [{milestone: a, lag: 2bd}]}\n", "a + 2bd: 2003-06-09"),
        (A + "  - {id: b, depends_on: [{milestone: a, lag: 1w}]}\n", "a + 1w: 2003-06-12"),
        # a lead of one working day from Mon 2003-06-09 is Fri 2003-06-06
        (
            "  - {id: a, planned: 2003-06-09}\n"
            "  - {id: b, depends_on: [{milestone: a, lag: -1bd}]}\n",
            "a - 1bd: 2003-06-06",
        ),
        # no lag: the same day
        (A + "  - {id: b, depends_on: [a]}\n", "a: 2003-06-05"),
        # the later of two predecessors drives: a + 1w = 06-12 beats c = 06-10
        (
            A + "  - {id: c, planned: 2003-06-10}\n"
            "  - {id: b, depends_on: [{milestone: a, lag: 1w}, c]}\n",
            "a + 1w: 2003-06-12",
        ),
        # overlapping intervals: both can be the latest
        (
            "  - {id: a, planned: 2003-06}\n  - {id: c, planned: 2003-06-15}\n"
            "  - {id: b, depends_on: [a, c]}\n",
            "a, c: 2003-06-15..2003-06-30",
        ),
        # a fuzzy month plus ten days: [06-01 + 10, 06-30 + 10]
        (
            "  - {id: a, planned: 2003-06}\n  - {id: b, depends_on: [{milestone: a, lag: 10d}]}\n",
            "a + 10d: 2003-06-11..2003-07-10",
        ),
        # a month plus a month keeps the month
        (
            "  - {id: a, planned: 2003-06}\n  - {id: b, depends_on: [{milestone: a, lag: 1mo}]}\n",
            "a + 1mo: 2003-07",
        ),
    ],
)
def test_implied_dates_by_hand(text: str, expected: str) -> None:
    assert implied_of(text)["b"] == expected


def test_a_chain_passes_on_the_later_of_own_and_implied() -> None:
    # b's own 06-01 is earlier than a + 1d = 06-06, so b passes on 06-06
    got = implied_of(
        A + "  - {id: b, planned: 2003-06-01, depends_on: [{milestone: a, lag: 1d}]}\n"
        "  - {id: c, depends_on: [{milestone: b, lag: 1d}]}\n"
    )
    assert got == {"a": None, "b": "a + 1d: 2003-06-06", "c": "b + 1d: 2003-06-07"}


@pytest.mark.parametrize(
    ("a", "expected"),
    [
        # an actual known by the date is passed on as it is
        ("{id: a, planned: 2003-06-05, actual: 2003-05-20}", "a + 1d: 2003-05-21"),
        # an actual after the date is not known yet: the plan is passed on
        ("{id: a, planned: 2003-06-05, actual: 2003-07-20}", "a + 1d: 2003-06-06"),
        # overdue (planned 05-15, no actual by 06-01): not before 06-01
        ("{id: a, planned: 2003-05-15}", "a + 1d: 2003-06-02"),
        # a fuzzy date straddling the as-of date: its start is raised to 06-01
        ("{id: a, planned: 2003-05-20..2003-06-10}", "a + 1d: 2003-06-02..2003-06-11"),
        # no earlier than 2004: an implied date with no end
        (
            "{id: a, planned: 2003-06,"
            " forecasts: [{reported: 2003-05, date: no earlier than 2004}]}",
            "a + 1d: from 2004-01-02",
        ),
        # withdrawn, baseline still ahead: nothing is passed on
        ("{id: a, planned: 2003-07, forecasts: [{reported: 2003-05, date: postponed}]}", None),
        # withdrawn and overdue: not before 06-01
        (
            "{id: a, planned: 2003-05-10, forecasts: [{reported: 2003-05-01, date: postponed}]}",
            "a + 1d: 2003-06-02",
        ),
    ],
)
def test_what_a_predecessor_passes_on(a: str, expected: str | None) -> None:
    got = implied_of(f"  - {a}\n  - {{id: b, depends_on: [{{milestone: a, lag: 1d}}]}}\n")
    assert got["b"] == expected


def test_the_implied_date_replays_what_was_known() -> None:
    text = (
        "  - {id: a, planned: 2003-06-05, forecasts: [{reported: 2003-07-01, date: 2003-09-01}]}\n"
        "  - {id: b, depends_on: [a]}\n"
    )
    assert implied_of(text, _dt.date(2003, 6, 1))["b"] == "a: 2003-06-05"
    assert implied_of(text, _dt.date(2003, 7, 1))["b"] == "a: 2003-09-01"


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        ("2003-06-01", Consistency.NECESSARILY_INCONSISTENT),  # ends before 06-12
        ("2003-06", Consistency.POSSIBLY_INCONSISTENT),  # 06-01..06-30 straddles 06-12
        ("2003-06-12", None),
        ("2003-07", None),
    ],
)
def test_consistency_of_own_forecast_with_the_implied_date(
    own: str, expected: Consistency | None
) -> None:
    plan = load_plan_text(
        "milestones:\n"
        + A
        + f"  - {{id: b, planned: 2003-07, depends_on: [{{milestone: a, lag: 1w}}],"
        f" forecasts: [{{reported: 2003-04, date: {own}}}]}}\n",
        "p.yaml",
    )
    replay = Replay(plan, _dt.date(2003, 5, 1))
    knock = KnockOn(replay)
    b = plan.milestone("b")
    assert consistency(replay.knowledge(b), knock.implied(b)) is expected


def test_a_planned_date_alone_is_late_by_knock_on_not_inconsistent() -> None:
    # b planned 2003-06-10, no forecast; a + 1w = 2003-06-12 is after it:
    # forecast late, basis implied, 2 days (06-12 - 06-10), and no finding
    plan = load_plan_text(
        "milestones:\n"
        + A
        + "  - {id: b, planned: 2003-06-10, depends_on: [{milestone: a, lag: 1w}]}\n",
        "p.yaml",
    )
    r = evaluate(plan, _dt.date(2003, 5, 1)).result("b")
    assert r.status is Status.FORECAST_LATE
    assert r.slip is not None and (r.slip.basis, r.slip.days) == (Basis.IMPLIED, 2)
    assert r.consistency is None
    assert evaluate(plan, _dt.date(2003, 5, 1)).summary.late == 1


# -- properties ------------------------------------------------------------------

BASE = _dt.date(2010, 1, 1)
EARLY = _dt.date(2000, 1, 1)  # before every date: nothing is overdue


@st.composite
def dags(draw: st.DrawFn) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Milestones as (start offset, width, [(predecessor, lag days)]); a
    predecessor always has a lower index."""
    n = draw(st.integers(1, 8))
    out = []
    for i in range(n):
        start = draw(st.integers(0, 60))
        width = draw(st.integers(0, 20))
        preds = draw(st.lists(st.integers(0, i - 1), max_size=3, unique=True)) if i else []
        lags = [draw(st.integers(-10, 10)) for _ in preds]
        out.append((start, width, list(zip(preds, lags, strict=True))))
    return out


def build(spec: list[tuple[int, int, list[tuple[int, int]]]]) -> Plan:
    ms = []
    for i, (start, width, preds) in enumerate(spec):
        s = BASE + _dt.timedelta(days=start)
        ms.append(
            Milestone(
                id=f"m{i}",
                name=f"m{i}",
                planned=FuzzyDate(s, s + _dt.timedelta(days=width), Precision.DAY),
                depends_on=tuple(
                    Dependency(f"m{p}", Duration(lag, DurationUnit.DAYS)) for p, lag in preds
                ),
                index=i,
            )
        )
    return Plan("p.yaml", "p", tuple(ms))


def dates(
    plan: Plan, as_of: _dt.date = EARLY
) -> dict[str, tuple[_dt.date, _dt.date | None] | None]:
    knock = KnockOn(Replay(plan, as_of))
    out: dict[str, tuple[_dt.date, _dt.date | None] | None] = {}
    for m in plan.milestones:
        implied = knock.implied(m)
        out[m.id] = None if implied is None else (implied.date.start, implied.date.end)
    return out


@given(dags())
def test_day_dates_give_the_longest_path(
    spec: list[tuple[int, int, list[tuple[int, int]]]],
) -> None:
    spec = [(start, 0, preds) for start, _, preds in spec]
    # a plain longest path, in index order (predecessors come first)
    latest: list[int] = []
    expected: dict[str, tuple[_dt.date, _dt.date | None] | None] = {}
    for i, (start, _, preds) in enumerate(spec):
        if preds:
            floor = max(latest[p] + lag for p, lag in preds)
            day = BASE + _dt.timedelta(days=floor)
            expected[f"m{i}"] = (day, day)
            latest.append(max(start, floor))
        else:
            expected[f"m{i}"] = None
            latest.append(start)
    assert dates(build(spec)) == expected


@given(dags(), st.data())
def test_widening_an_input_never_narrows_an_implied_date(
    spec: list[tuple[int, int, list[tuple[int, int]]]], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(spec) - 1))
    before, after = data.draw(st.integers(0, 30)), data.draw(st.integers(0, 30))
    as_of = BASE + _dt.timedelta(days=data.draw(st.integers(-10, 90)))
    start, width, preds = spec[i]
    wider = list(spec)
    wider[i] = (start - before, width + before + after, preds)
    old, new = dates(build(spec), as_of), dates(build(wider), as_of)
    for mid, was in old.items():
        now = new[mid]
        if was is None:
            continue
        assert now is not None
        assert now[0] <= was[0]
        assert now[1] is not None and was[1] is not None and now[1] >= was[1]


@given(dags(), st.randoms(use_true_random=False))
def test_the_implied_dates_do_not_depend_on_file_order(
    spec: list[tuple[int, int, list[tuple[int, int]]]], rnd: random.Random
) -> None:
    plan = build(spec)
    shuffled = list(plan.milestones)
    rnd.shuffle(shuffled)
    assert dates(dataclasses.replace(plan, milestones=tuple(shuffled))) == dates(plan)


# -- size: no recursion, linear time -------------------------------------------------


def test_a_long_chain_and_a_random_dag_evaluate() -> None:
    # 20,000 milestones: no recursion (twenty times Python's default limit);
    # linear time at 100,000 is `python -m benchmarks`' to show.
    n = 20_000
    chain = build([(0, 0, [])] + [(0, 0, [(i - 1, 1)]) for i in range(1, n)])
    knock = KnockOn(Replay(chain, EARLY))
    implied = knock.implied(f"m{n - 1}")
    assert implied is not None
    assert implied.date.start == BASE + _dt.timedelta(days=n - 1)
    rnd = random.Random(11)
    dag = build(
        [(0, 0, [])]
        + [(rnd.randrange(400), 0, [(rnd.randrange(i), 1) for _ in range(3)]) for i in range(1, n)]
    )
    assert KnockOn(Replay(dag, EARLY)).implied(f"m{n - 1}") is not None
