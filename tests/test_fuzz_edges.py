"""Issue 9.9: the CLI fuzzed where the other generators do not go.

``tests/test_fuzz_cli.py`` keeps its dates within 1900-2100 (so that its
references stay dates) and writes its YAML with ``yaml.safe_dump``.  Here:
dates anywhere in years 1-9999, at the calendar's ends, with offsets that
may leave it; and plan text with YAML tags, base-60 numbers and merge keys
put in where values go.  Every command runs on each plan, judged by the same
rules (``check_all_commands``): no traceback; exit 2 with a positioned error
exactly when the plan does not load.

Examples come from the same profiles: ``PLANTRACK_FUZZ_PROFILE=fuzz`` for long runs.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tests.test_fuzz_cli import PLANS, check_all_commands, ids

EDGE_YEARS = st.sampled_from([1, 2, 99, 100, 999, 1000, 9998, 9999])
years = st.integers(1, 9999) | EDGE_YEARS
EDGE_DAYS = [_dt.date(1, 1, 1), _dt.date(1, 12, 31), _dt.date(9999, 1, 1), _dt.date(9999, 12, 31)]
day_dates = (st.dates() | st.sampled_from(EDGE_DAYS)).map(lambda d: d.isoformat())
dates = st.one_of(
    day_dates,
    st.builds("{:04d}-{:02d}".format, years, st.integers(1, 12)),
    st.builds("{:04d}-Q{}".format, years, st.integers(1, 4)),
    st.builds("{:04d}-H{}".format, years, st.integers(1, 2)),
    years.map("{:04d}".format),
    st.builds("{} {:04d}".format, st.sampled_from(["April", "early", "winter"]), years),
    years.map(lambda y: f"{y:04d}-01..{min(y + 1, 9999):04d}-12"),
)  # fmt: skip
offsets = st.builds(
    "{} {} {}".format,
    st.sampled_from(["+", "-"]),
    st.integers(0, 20_000) | st.sampled_from([3_652_059, 9_999]),
    st.sampled_from(["days", "weeks", "months", "quarters", "years", "business days"]),
)


@st.composite
def edge_plans(draw: st.DrawFn) -> dict[str, Any]:
    """A plan whose dates may be anywhere in years 1-9999; references may
    push a date past either end (then the plan must be refused, not crash)."""
    names = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    milestones: list[dict[str, Any]] = []
    for i, mid in enumerate(names):
        m: dict[str, Any] = {"id": mid}
        if i and draw(st.booleans()):  # relative to an earlier milestone: never a cycle
            ref = draw(st.sampled_from(names[:i]))
            m["planned"] = f"{ref}.planned {draw(offsets)}"
            milestones[names.index(ref)].setdefault("planned", draw(dates))
        elif draw(st.booleans()):
            m["planned"] = draw(dates)
        if draw(st.booleans()):
            m["forecasts"] = [
                {"date": draw(dates), "reported": draw(day_dates)}
                for _ in range(draw(st.integers(1, 2)))
            ]
        for key in ("actual", "deadline"):
            if draw(st.booleans()):
                m[key] = draw(dates)
        if draw(st.booleans()):
            m["tolerance"] = draw(st.sampled_from(["0", "10 days", "1 month", "1y"]))
        milestones.append(m)
    plan: dict[str, Any] = {"plantrack": 1, "plan": "edges", "milestones": milestones}
    if draw(st.booleans()):
        plan["as_of"] = draw(day_dates)
    return plan


YAML_VALUES = st.sampled_from([
    "!!timestamp 2013-02-30", "!!timestamp 9999-12-31", "!!timestamp 0001-01-01",
    "!!bool maybe", "!!float abc", "!!int x", "!!int 1:30", "!!set [a]", "!!map abc",
    "!!seq abc", "!!binary aGk=", "!!str 2013", "!!null", "!foo x", "!<tag:yaml.org,2002:str> x",
    "!!omap [a]", "!!pairs abc", "1:30:00", "190:20:30", "1:30.5", "-1:30",
    "!!float 1" + ":59" * 180 + ".5", "*nothing", "[*a, *b]",
])  # fmt: skip


@st.composite
def tagged_text(draw: st.DrawFn) -> str:
    """Plan text with a YAML value of the issue's kinds where values go, or a
    merge of an anchored base into a milestone."""
    text = yaml.safe_dump(draw(edge_plans()), allow_unicode=True, sort_keys=False)
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        spots = [i for i, line in enumerate(lines) if ": " in line]
        if not spots:
            break
        i = draw(st.sampled_from(spots))
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {draw(YAML_VALUES)}"
    if draw(st.booleans()):  # an anchored base merged into the first milestone
        base = draw(st.sampled_from(["{planned: 2013}", "{id: z}", "[a]", "x", "{<<: *base}"]))
        lines.insert(0, f"base: &base {base}")
        for i, line in enumerate(lines):
            if line.startswith("- id:"):
                lines.insert(i + 1, "  <<: *base")
                break
    return "\n".join(lines) + "\n"


@PLANS
@given(edge_plans())
@example(
    {
        "plantrack": 1,
        "milestones": [
            {"id": "a", "planned": "9999-12-31"},
            {"id": "b", "planned": "a.planned + 1 day"},
        ],
    }
)
@example(
    {
        "plantrack": 1,
        "milestones": [
            {"id": "a", "planned": "0001-01-01"},
            {"id": "b", "planned": "a.planned - 1 day"},
        ],
    }
)
@example(
    {
        "plantrack": 1,
        "as_of": "9999-12-31",
        "milestones": [
            {
                "id": "a",
                "planned": "9999-Q4",
                "deadline": "late 9999",
                "forecasts": [{"date": "9999", "reported": "0001-01-01"}],
            }
        ],
    }
)
@example(
    {
        "plantrack": 1,
        "as_of": "0001-01-01",
        "milestones": [{"id": "a", "planned": "0001-01", "actual": "9999-12", "tolerance": "1y"}],
    }
)
def test_dates_across_the_calendar_through_every_command(plan: dict[str, Any]) -> None:  # fmt: skip
    check_all_commands(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))


@PLANS
@given(tagged_text())
@example(
    "plantrack: 1\nmilestones:\n  - id: a\n    name: 1:30\n    planned: !!timestamp 2013-02-30\n"
)
@example(" !!map as_of: \n her: C")
@example("base: &base {<<: *base}\nmilestones: []\n")
def test_yaml_tags_base_60_and_merges_through_every_command(text: str) -> None:
    check_all_commands(text)
