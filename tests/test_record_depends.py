"""record, add and source on a plan with depends_on in both forms (plain ids
and {milestone, lag} mappings, flow and block style, with comments): the
whole file after each edit is written out by hand below."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantrack.loader import load_plan
from plantrack.model import Dependency

from .conftest import Invoke, PlanFile

PLAN = """\
plantrack: 1
plan: Depot  # knock-on
sources:
  blog:
    title: The blog
milestones:
  - id: review
    planned: 2012-09
    forecasts:
      - {date: 2012-10, reported: 2012-08-01}
  - id: ten-day
    planned: 2012-10
    depends_on: [review, {milestone: review, lag: 10 days}]  # flow style
  - id: hundred-day
    planned: 2013-01
    # block style, both forms
    depends_on:
      - review  # plain id
      - milestone: ten-day
        lag: 2 weeks  # a mapping
      - {milestone: review, lag: -3bd}
    notes: keep me
"""

# each edit's expected file: PLAN with only the lines the edit adds
RECORD_FORECAST = PLAN.replace(
    "    planned: 2012-10\n",
    "    planned: 2012-10\n"
    "    forecasts:\n"
    "      - reported: 2012-09-15\n"
    "        date: 2012-12\n"
    "        source: blog\n",
)
RECORD_ACTUAL = PLAN.replace(
    "      - {milestone: review, lag: -3bd}\n",
    "      - {milestone: review, lag: -3bd}\n    actual: 2013-02-01\n",
)
# a forecast after one written {date, reported}: its keys in that order
RECORD_BEFORE_FLOW = PLAN.replace(
    "      - {date: 2012-10, reported: 2012-08-01}\n",
    "      - {date: 2012-10, reported: 2012-08-01}\n"
    "      - date: 2012-11\n"
    "        reported: 2012-09-01\n",
)
ADD = PLAN + "  - id: strategy\n    name: Strategy\n    planned: 2013-06\n"
SOURCE = PLAN.replace(
    "    title: The blog\n", "    title: The blog\n  cw:\n    title: Computer Weekly\n"
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["record", "ten-day", "--forecast", "2012-12", "--reported", "2012-09-15",
             "--source", "blog"],
            RECORD_FORECAST,
        ),
        (["record", "hundred-day", "--actual", "2013-02-01"], RECORD_ACTUAL),
        (["record", "review", "--forecast", "2012-11", "--reported", "2012-09-01"],
         RECORD_BEFORE_FLOW),
        (["add", "--id", "strategy", "--name", "Strategy", "--planned", "2013-06"], ADD),
        (["source", "cw", "--title", "Computer Weekly"], SOURCE),
    ],
)  # fmt: skip
def test_edit_keeps_depends_on(
    invoke: Invoke, plan_file: PlanFile, args: list[str], expected: str
) -> None:
    path = plan_file(PLAN)
    command, *rest = args
    invoke(command, path, *rest)
    assert path.read_text(encoding="utf-8") == expected


def test_dependencies_survive_every_edit(invoke: Invoke, plan_file: PlanFile) -> None:
    """All the edits one after another: the dependencies load as they were
    written (the lag of ``2 weeks`` is 14 days, ``-3bd`` a 3-business-day lead)."""
    path: Path = plan_file(PLAN)
    invoke("record", path, "ten-day", "--forecast", "2012-12", "--reported", "2012-09-15")
    invoke("record", path, "hundred-day", "--actual", "2013-02-01")
    invoke("add", path, "--id", "strategy", "--name", "Strategy", "--planned", "2013-06")
    invoke("source", path, "cw", "--title", "Computer Weekly")
    plan = load_plan(path)
    ten = plan.milestone("ten-day").depends_on
    assert [(d.milestone, d.lag and (d.lag.amount, d.lag.unit.value)) for d in ten] == [
        ("review", None),
        ("review", (10, "days")),
    ]
    hundred = plan.milestone("hundred-day").depends_on
    assert [d.milestone for d in hundred] == ["review", "ten-day", "review"]
    assert hundred[0] == Dependency("review")
    assert [d.lag.amount for d in hundred[1:] if d.lag] == [14, -3]
    text = path.read_text(encoding="utf-8")
    for line in PLAN.splitlines()[10:]:  # every line from ten-day on is still there
        assert line in text.splitlines()
