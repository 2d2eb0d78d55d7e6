"""``plantrack impact``: the what-if on the knock-on.  Dates worked by hand."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest

from plantrack.durations import Duration, DurationUnit
from plantrack.impact import impact
from plantrack.loader import load_plan, load_plan_text

MET = Path("plans/met.yaml")
PLAN = """\
milestones:
  - {id: a, planned: 2030-03-02}
  - {id: b, planned: 2030-03-10, depends_on: [{milestone: a, lag: 1w}]}
  - {id: c, planned: 2030-03-01, depends_on: [b]}
  - {id: d, planned: 2030-05-01}
"""


def test_met_review_slipping_a_month() -> None:
    # deloitte-review 2012-10 + 1 month = 2012-11 (11-01..11-30);
    # ten-day-plan: + 10 days = 2012-11-11..2012-12-10 (was 2012-10-11..2012-11-10)
    # hundred-day-plan: + 100 days = 2013-02-09..2013-03-10 (was 2013-01-09..2013-02-08)
    result = impact(
        load_plan(MET),
        _dt.date(2013, 12, 31),
        "deloitte-review",
        slip=Duration(1, DurationUnit.MONTHS),
    )
    got = [(r.id, r.now.canonical(), r.then.canonical(), r.change) for r in result.rows]  # type: ignore[union-attr]
    assert got == [
        ("ten-day-plan", "2012-10-11..2012-11-10", "2012-11-11..2012-12-10", "+30–31 days"),
        ("hundred-day-plan", "2013-01-09..2013-02-08", "2013-02-09..2013-03-10", "+30–31 days"),
    ]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        # a 03-02 + 10 = 03-12; b: max(own 03-10, 03-12 + 7 = 03-19) = 03-19 (was
        # max(03-10, 03-09) = 03-10: +9); c: max(own 03-01, 03-19) = 03-19 (was 03-10: +9)
        (
            10,
            [
                ("b", "2030-03-10", "2030-03-19", "+9 days"),
                ("c", "2030-03-10", "2030-03-19", "+9 days"),
            ],
        ),
        # brought forward: b's own date holds, nothing moves (and nothing below it)
        (
            -5,
            [
                ("b", "2030-03-10", "2030-03-10", "no change"),
                ("c", "2030-03-10", "2030-03-10", "no change"),
            ],
        ),
    ],
)
def test_what_moves_downstream(days: int, expected: list[tuple[str, str, str, str]]) -> None:
    plan = load_plan_text(PLAN, "p.yaml")
    result = impact(plan, _dt.date(2030, 1, 1), "a", slip=Duration(days, DurationUnit.DAYS))
    got = [(r.id, r.now.canonical(), r.then.canonical(), r.change) for r in result.rows]  # type: ignore[union-attr]
    assert got == expected  # d does not depend on a: not listed


def test_an_earlier_date_pulls_a_successor_back() -> None:
    # b has no own date: now a (03-02) + 1w = 03-09; with a at 03-01, 03-08: -1 day
    plan = load_plan_text(
        "milestones:\n  - {id: a, planned: 2030-03-02}\n"
        "  - {id: b, depends_on: [{milestone: a, lag: 1w}]}\n",
        "p.yaml",
    )
    from plantrack.dates import parse_date

    result = impact(plan, _dt.date(2030, 1, 1), "a", to=parse_date("2030-03-01"))
    assert [(r.id, r.change) for r in result.rows] == [("b", "-1 day")]


def test_cli_table_json_markdown_write_nothing(invoke, tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN)
    before = plan.read_bytes()
    args = ["impact", plan, "a", "--slip", "10d", "--as-of", "2030-01-01"]
    table = invoke(*args).stdout
    assert table.splitlines()[0] == "If a slips 10d (2030-03-02 → 2030-03-12), as of 2030-01-01:"
    doc = json.loads(invoke(*args, "-f", "json").stdout)
    assert [(r["id"], r["days_min"], r["days_max"]) for r in doc["downstream"]] == [
        ("b", 9, 9),
        ("c", 9, 9),
    ]
    assert "| `b` | 2030-03-10 | 2030-03-19 | +9 days |" in invoke(*args, "-f", "markdown").stdout
    assert plan.read_bytes() == before and sorted(tmp_path.iterdir()) == [plan]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["zz", "--slip", "1mo"], "no milestone 'zz' in"),
        (["a"], "give exactly one of --slip DURATION or --to DATE"),
        (
            ["a", "--slip", "1mo", "--to", "2030-04"],
            "give exactly one of --slip DURATION or --to DATE",
        ),
        (["a", "--slip", "soon"], '"soon" is not a duration'),
        (["a", "--to", "someday"], "Invalid value for '--to'"),
    ],
)
def test_cli_bad_input_exits_2(invoke, tmp_path: Path, extra: list[str], message: str) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN)
    result = invoke("impact", plan, *extra, code=2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_an_invalid_plan_exits_2(invoke, tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text("milestones:\n  - {id: a, depends_on: [zz]}\n")
    result = invoke("impact", plan, "a", "--slip", "1mo", code=2)
    assert "unknown milestone 'zz'" in result.output
