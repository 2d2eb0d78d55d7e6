"""plantrack diff: dependencies added, removed or re-lagged, and implied dates
that moved.  Every expected value is worked by hand."""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from plantrack.diff import Fact, FactKind, diff_plans
from plantrack.loader import load_plan, load_plan_text

from .conftest import DATA, ROOT, TODAY, Golden, Invoke

OLD = DATA / "knockon" / "diff-old.yaml"
NEW = DATA / "knockon" / "diff-new.yaml"
AS_OF = "2012-09-30"

# As of 2012-09-30 (nothing overdue, no actuals):
# review passes on its latest forecast: old 2012-10, new 2012-12.
# ten-day-plan: old after review (no lag) -> implied 2012-10; new: no dependency.
# hundred-day-plan: old review + 2 weeks = 2012-10-01+14 .. 2012-10-31+14
#   = 2012-10-15..2012-11-14; new review + 3 months = 2012-12 + 3 months = 2013-03.
# strategy: new after hundred-day-plan, which passes on the later of its own
#   2013-01 and its implied 2013-03 = 2013-03.
TEXT = """\
old.yaml → new.yaml (as of 2012-09-30)
~ review: forecast 2012-10 → 2012-12, slip +2 months
    new forecast 2012-12 (reported 2012-09-15)
~ ten-day-plan: no longer depends on review; no longer implied (was review: 2012-10)
~ hundred-day-plan: dependency changed: review + 2 weeks → review + 3 months; \
implied by review + 2 weeks: 2012-10-15..2012-11-14 → review + 3 months: 2013-03
~ strategy: now depends on hundred-day-plan; implied by hundred-day-plan: 2013-03
4 milestones changed, 0 added, 0 removed; 1 expected later
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The two plans as old.yaml and new.yaml in the working directory, so the
    output names them the same on every machine."""
    shutil.copy(OLD, tmp_path / "old.yaml")
    shutil.copy(NEW, tmp_path / "new.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_text(invoke: Invoke, here: Path) -> None:
    assert invoke("diff", "old.yaml", "new.yaml", "--as-of", AS_OF).stdout == TEXT


def test_text_golden(invoke: Invoke, here: Path, golden: Golden) -> None:
    """Reviewed by eye against the hand-worked TEXT above (the same bytes)."""
    out = invoke("diff", "old.yaml", "new.yaml", "--as-of", AS_OF).stdout
    golden(ROOT / "tests" / "golden" / "diff-depends.txt", out)


def test_markdown_golden(invoke: Invoke, here: Path, golden: Golden) -> None:
    out = invoke("diff", "old.yaml", "new.yaml", "--as-of", AS_OF, "--format", "markdown").stdout
    golden(ROOT / "tests" / "golden" / "diff-depends.md", out)


def test_json_facts(invoke: Invoke, here: Path) -> None:
    doc = json.loads(
        invoke("diff", "old.yaml", "new.yaml", "--as-of", AS_OF, "--format", "json").stdout
    )
    facts = {m["id"]: m["facts"] for m in doc["milestones"]}
    assert facts["strategy"] == [
        {
            "kind": "dependency_added",
            "before": None,
            "after": "hundred-day-plan",
            "text": "now depends on hundred-day-plan",
        },
        {
            "kind": "implied",
            "before": None,
            "after": "hundred-day-plan: 2013-03",
            "text": "implied by hundred-day-plan: 2013-03",
            "implied_before": None,
            "implied_after": {
                "text": "2013-03",
                "start": "2013-03-01",
                "end": "2013-03-31",
                "precision": "month",
                "driven_by": ["hundred-day-plan"],
            },
        },
    ]
    lag = facts["hundred-day-plan"][0]
    assert (lag["kind"], lag["before"], lag["after"]) == (
        "dependency_lag",
        "review + 2 weeks",
        "review + 3 months",
    )
    implied = facts["hundred-day-plan"][1]["implied_before"]
    assert (implied["start"], implied["end"], implied["precision"]) == (
        "2012-10-15",
        "2012-11-14",
        "day",
    )
    assert facts["ten-day-plan"][1]["implied_after"] is None
    assert doc["later"] == ["review"]  # an implied date alone moves no expected date


def plan(depends: str) -> str:
    return textwrap.dedent("""\
        milestones:
          - id: a
            planned: 2013-01
          - id: b
            planned: 2013-02
          - id: m
            planned: 2014-01
        """) + textwrap.indent(textwrap.dedent(depends), "    ")


def dependency_facts(old: str, new: str) -> list[Fact]:
    d = diff_plans(load_plan_text(plan(old)), load_plan_text(plan(new)), TODAY)
    kinds = (FactKind.DEPENDENCY_ADDED, FactKind.DEPENDENCY_REMOVED, FactKind.DEPENDENCY_LAG)
    return [f for m in d.milestones if m.id == "m" for f in m.facts if f.kind in kinds]


ADDED, REMOVED = FactKind.DEPENDENCY_ADDED, FactKind.DEPENDENCY_REMOVED
LAG = FactKind.DEPENDENCY_LAG


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "depends_on: [a]", [(ADDED, None, "a")]),
        ("depends_on: [a, b]", "depends_on: [b]", [(REMOVED, "a", None)]),
        ("depends_on: [a]", "depends_on: [a]", []),
        # the same lag written otherwise, or no lag and a zero lag: no change
        (
            "depends_on: [{milestone: a, lag: 2 weeks}]",
            "depends_on: [{milestone: a, lag: 14 days}]",
            [],
        ),
        ("depends_on: [a]", "depends_on: [{milestone: a, lag: 0 days}]", []),
        (
            "depends_on: [a]",
            "depends_on: [{milestone: a, lag: -3bd}]",
            [(LAG, "a", "a - 3bd")],
        ),
        (
            "depends_on: [{milestone: a, lag: 1 month}]",
            "depends_on: [b, {milestone: a, lag: 2 months}]",
            [(ADDED, None, "b"), (LAG, "a + 1 month", "a + 2 months")],
        ),
        # the same predecessor twice: the lag both keep is no change
        (
            "depends_on: [a, {milestone: a, lag: 1 month}]",
            "depends_on: [{milestone: a, lag: 1 month}]",
            [(REMOVED, "a", None)],
        ),
    ],
)
def test_dependency_facts(old: str, new: str, expected: list[tuple[FactKind, str, str]]) -> None:
    got = [(f.kind, f.before, f.after) for f in dependency_facts(old, new)]
    assert got == expected


@pytest.mark.parametrize(
    ("fact", "text"),
    [
        (Fact(FactKind.DEPENDENCY_ADDED, None, "a + 2 weeks"), "now depends on a + 2 weeks"),
        (Fact(FactKind.DEPENDENCY_REMOVED, "a", None), "no longer depends on a"),
        (Fact(FactKind.DEPENDENCY_LAG, "a", "a + 1 month"), "dependency changed: a → a + 1 month"),
        (Fact(FactKind.IMPLIED, None, "a: 2013-03"), "implied by a: 2013-03"),
        (Fact(FactKind.IMPLIED, "a: 2013-03", None), "no longer implied (was a: 2013-03)"),
        (
            Fact(FactKind.IMPLIED, "a: 2013-03", "a, b: 2013-04"),
            "implied by a: 2013-03 → a, b: 2013-04",
        ),
    ],
)
def test_fact_texts(fact: Fact, text: str) -> None:
    assert fact.text == text


def test_implied_moves_with_a_predecessor_alone() -> None:
    """m's own facts are the same in both; its predecessor a got a forecast
    2013-05 (reported 2012-12-01), so m's implied date moves 2013-01 → 2013-05."""
    base = plan("depends_on: [a]")
    newer = base.replace(
        "planned: 2013-01\n",
        "planned: 2013-01\n    forecasts: [{date: 2013-05, reported: 2012-12-01}]\n",
        1,
    )
    d = diff_plans(load_plan_text(base), load_plan_text(newer), _dt.date(2012, 12, 15))
    m = next(x for x in d.milestones if x.id == "m")
    assert [f.text for f in m.facts] == ["implied by a: 2013-01 → a: 2013-05"]
    assert m.later is False


def test_no_depends_on_no_new_facts() -> None:
    """A plan without depends_on gets none of the new kinds (the goldens of
    tests/test_diff.py hold its bytes)."""
    old, new = DATA / "trend" / "diff-old.yaml", DATA / "trend" / "diff-new.yaml"
    d = diff_plans(load_plan(old), load_plan(new), TODAY)
    new_kinds = {ADDED, REMOVED, LAG, FactKind.IMPLIED}
    assert not [f for m in d.milestones for f in m.facts if f.kind in new_kinds]
