"""depends_on: read and checked at load time, and the implied dates it gives
(plantrack.knockon).  Every expected value is worked by hand."""

from __future__ import annotations

import textwrap

import pytest

from plantrack.durations import Duration, DurationUnit
from plantrack.errors import PlanError
from plantrack.loader import load_plan_text
from plantrack.model import Dependency


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


def test_a_100000_long_chain_loads() -> None:
    n = 100_000
    lines = ["milestones:", "  - {id: m0, planned: 2012-01-01}"]
    lines += [f"  - {{id: m{i}, depends_on: [m{i - 1}]}}" for i in range(1, n)]
    plan = load_plan_text("\n".join(lines) + "\n", "chain.yaml")
    assert plan.milestones[-1].depends_on == (Dependency(f"m{n - 2}"),)
