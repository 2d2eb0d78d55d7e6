"""validate warns about a plan whose own dates contradict its dependencies
(rule ``knock-on``).  Every expected value is worked by hand."""

from __future__ import annotations

import datetime as _dt
import textwrap
from pathlib import Path

import pytest

from plantrack.lint import Rule, knock_on_warnings, lint_plan
from plantrack.loader import load_plan_text

from .conftest import Invoke, PlanFile

# a: planned 2013-01; its forecast 2014-02 reported 2013-06-01.
# b after a + 1 month, as of 2013-06-30: a passes on 2014-02, so b's implied
# date is 2014-03 (2014-03-01..2014-03-31).
HEAD = """\
as_of: {as_of}
milestones:
  - id: a
    planned: 2013-01
    forecasts:
      - {{date: 2014-02, reported: 2013-06-01}}
  - id: b
    planned: 2013-06
    depends_on: [{{milestone: a, lag: 1 month}}]
"""


def plan_text(b: str, as_of: str = "2013-06-30") -> str:
    return HEAD.format(as_of=as_of) + textwrap.indent(textwrap.dedent(b), "    ")


IGNORES = (
    "p.yaml:7:5: warning: b: {word} {date} ignores the knock-on from a: implied 2014-03 "
    "(expected a date on or after 2014-03-01, or a dependency that allows it) [knock-on]"
)


@pytest.mark.parametrize(
    ("b", "as_of", "expected"),
    [
        # forecast 2014-01 ends 2014-01-31, before 2014-03-01: necessarily inconsistent
        (
            "forecasts: [{date: 2014-01, reported: 2013-06-01}]",
            "2013-06-30",
            [IGNORES.format(word="forecast", date="2014-01")],
        ),
        # a re-baseline to 2014-01 approved 2013-05: the same, worded as one
        (
            "rebaselined: [{approved: 2013-05, date: 2014-01}]",
            "2013-06-30",
            [IGNORES.format(word="re-baselined", date="2014-01")],
        ),
        # forecast 2014 (the whole year) starts before 2014-03-01 and ends after:
        # possibly inconsistent only, which check reports and validate does not
        ("forecasts: [{date: 2014, reported: 2013-06-01}]", "2013-06-30", []),
        # forecast 2014-03 starts on the implied start: consistent
        ("forecasts: [{date: 2014-03, reported: 2013-06-01}]", "2013-06-30", []),
        # no own forecast: the planned date 2013-06 gets the knock-on slip instead
        ("{}", "2013-06-30", []),
        # as of 2013-05-31 a's forecast is not yet reported: a passes on its planned
        # 2013-01, so b's implied date is 2013-02 and b's forecast 2014-01 is after it
        ("forecasts: [{date: 2014-01, reported: 2013-05-01}]", "2013-05-31", []),
        # b happened: an actual is not an own forecast to contradict anything
        (
            "forecasts: [{date: 2014-01, reported: 2013-06-01}]\nactual: 2013-06-20",
            "2013-06-30",
            [],
        ),
    ],
)
def test_knock_on_warnings(b: str, as_of: str, expected: list[str]) -> None:
    body = "" if b == "{}" else b + "\n"
    plan = load_plan_text(plan_text(body, as_of), "p.yaml")
    got = knock_on_warnings(plan, today=_dt.date(2026, 11, 25))
    assert [str(w) for w in got] == expected
    assert all(w.rule is Rule.KNOCK_ON for w in got)


def test_without_as_of_judged_today() -> None:
    """No plan as_of: today decides what is known.  Today 2013-05-31: a's
    forecast (reported 2013-06-01) is unknown, no warning; today 2013-06-30: it is."""
    text = plan_text("forecasts: [{date: 2014-01, reported: 2013-05-01}]\n")
    plan = load_plan_text(text.replace("as_of: 2013-06-30\n", ""), "p.yaml")
    assert knock_on_warnings(plan, today=_dt.date(2013, 5, 31)) == ()
    assert [w.milestone for w in knock_on_warnings(plan, today=_dt.date(2013, 6, 30))] == ["b"]


def test_no_depends_on_no_warning() -> None:
    plan = load_plan_text("milestones:\n  - id: a\n    planned: 2013-01\n", "p.yaml")
    assert knock_on_warnings(plan, today=_dt.date(2026, 11, 25)) == ()


def test_not_in_lint_plan() -> None:
    """lint_plan (the slippage footnote) stays as it was: the warning is validate's."""
    text = plan_text("forecasts: [{date: 2014-01, reported: 2013-06-01}]\n")
    plan = load_plan_text(text, "p.yaml")
    assert all(w.rule is not Rule.KNOCK_ON for w in lint_plan(plan, today=_dt.date(2026, 1, 1)))


@pytest.mark.parametrize(("args", "code"), [((), 0), (("--strict",), 1)])
def test_validate_cli(
    invoke: Invoke, plan_file: PlanFile, args: tuple[str, ...], code: int
) -> None:
    path: Path = plan_file(
        plan_text("forecasts: [{date: 2014-01, reported: 2013-06-01}]\n"), "p.yaml"
    )
    result = invoke("validate", *args, path, code=code)
    line = IGNORES.format(word="forecast", date="2014-01").replace("p.yaml", str(path), 1)
    assert result.stderr == line + "\n"
    assert result.stdout == "1 valid plan file, 1 warning\n"


def test_validate_cli_consistent(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file(plan_text("forecasts: [{date: 2014-03, reported: 2013-06-01}]\n"))
    result = invoke("validate", "--strict", path)
    assert (result.stdout, result.stderr) == ("1 valid plan file\n", "")
