"""``plantrack schema``: the committed schema is the command's output; checked
with jsonschema (a test-only dependency) against every valid plan of the
repository and against accept/reject cases written here, independently of the
format declaration it is derived from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from plantrack.durations import parse_duration
from plantrack.errors import PlanError
from plantrack.loader import load_plan_text
from plantrack.yamldialect import PlanLoader
from tests.conftest import DATA, ROOT

SCHEMA_FILE = ROOT / "schema" / "plan.schema.json"


def load_yaml(text: str) -> Any:
    # plantrack's own YAML dialect (dates stay text), as an editor's YAML 1.2 parser reads them
    return yaml.load(text, Loader=PlanLoader)  # a SafeLoader subclass


def schema_messages(validator: Any, text: str) -> list[str]:
    """Every message of the schema for ``text``, with those under anyOf branches."""
    todo = list(validator.iter_errors(load_yaml(text)))
    messages = []
    while todo:
        error = todo.pop()
        messages.append(error.message)
        todo += error.context or []
    return messages


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_the_command_output(invoke) -> None:
    assert invoke("schema").stdout == SCHEMA_FILE.read_text(encoding="utf-8")


VALID = sorted(
    [
        *(ROOT / "plans").glob("*.yaml"),
        *(DATA / "valid").glob("*.yaml"),
        *(p for p in (DATA / "check").rglob("*.yaml") if "bad" not in p.name),
    ]
)


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_plans_match_the_schema(validator, path: Path) -> None:
    errors = [e.message for e in validator.iter_errors(load_yaml(path.read_text("utf-8")))]
    assert errors == []


BASE = "plantrack: 1\nmilestones:\n  - id: m\n"


@pytest.mark.parametrize(
    "text",
    [
        BASE + "    planned: 2013-04\n",
        BASE + "    planned: 2013\n",  # a year is a YAML integer
        BASE + "    planned: {date: 2013-04, source: a}\n",
        BASE + "    tolerance: 0\n",
        BASE + "    tolerance: 15 Business  Days\n",
        BASE + "    tolerance: 2w\n",
        BASE + "    deadline: m.planned + 3 months\n",
        "plantrack: 1\ncalendar: GB-ENG\ntolerance: 1 quarter\nmilestones: []\n",
        "plantrack: 1\nsources:\n  cw: Computer Weekly\n  fo: {title: x, date: 2013}\n"
        "milestones:\n",
    ],
)
def test_schema_accepts(validator, text: str) -> None:
    assert [e.message for e in validator.iter_errors(load_yaml(text))] == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (BASE + "    planed: 2013-04\n", "'planed' was unexpected"),
        (BASE + "    tolerance: soon\n", "soon"),
        (BASE + "    tolerance: 5\n", "5"),  # a number needs a unit
        ("plantrack: 1\nmilestones:\n  - id: Bad Id\n", "Bad Id"),
        ("plantrack: 1\ncalendar: england\nmilestones: []\n", "'england' does not match"),
        ("plantrack: 2\nmilestones: []\n", "1 was expected"),
        ("plantrack: 1\n", "'milestones' is a required property"),
        (BASE + "    forecasts:\n      - reported: 2013-12\n", "'date' is a required property"),
        ("plantrack: 1\nsources:\n  Bad: x\nmilestones: []\n", "'Bad' does not match"),
    ],
)
def test_schema_rejects(validator, text: str, fragment: str) -> None:
    messages = [e.message for e in validator.iter_errors(load_yaml(text))]
    assert any(fragment in m for m in messages), messages


# Every unit word of docs/plan-format.md, written out here (not read from the code).
UNIT_WORDS = [
    "d", "day", "w", "wk", "week", "mo", "month", "q", "quarter",
    "y", "yr", "year", "bd", "business day", "working day",
]  # fmt: skip


@pytest.mark.parametrize("unit", UNIT_WORDS)
def test_schema_and_parser_accept_every_duration_unit(validator, unit: str) -> None:
    for text in (f"3 {unit}s", f"3{unit.upper()}", f"3 {unit}"):
        parse_duration(text)  # the parser accepts it ...
        plan = f"{BASE}    tolerance: {text}\n"
        assert list(validator.iter_errors(load_yaml(plan))) == [], text  # ... and the schema


@pytest.mark.parametrize("text", ["3 fortnights", "3 days ago", "1234567 days", "-1 day"])
def test_schema_and_parser_refuse_other_durations(validator, text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)
    assert list(validator.iter_errors(load_yaml(f"{BASE}    tolerance: {text}\n")))


# One plan with every key of every level, from docs/plan-format.md.
EVERY_KEY = """\
plantrack: 1
plan: Everything
as_of: 2014-01
calendar: GB-ENG
tolerance: 1 month
notes: every key of the format
sources:
  cw: Computer Weekly
  fo: {title: FOI reply, publisher: Met, date: 2014-02, url: https://example.org, note: x}
milestones:
  - id: a
    name: Strategy
    planned: {date: 2013-04, source: cw}
    forecasts:
      - {date: 2013-12, reported: 2013-06, source: fo, note: late}
    actual: {date: 2014-02, source: fo}
    deadline: 2014-06
    tolerance: 2 weeks
    source: cw
    notes: done
  - id: b
    planned: a.planned + 1 month
    actual: 2014-03
"""


def test_a_plan_with_every_key_is_valid_for_both(validator) -> None:
    load_plan_text(EVERY_KEY, "every.yaml")
    assert [e.message for e in validator.iter_errors(load_yaml(EVERY_KEY))] == []


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("plan: Everything", "title: Everything", "title"),  # top level
        ("    name: Strategy", "    label: Strategy", "label"),  # milestone
        ("reported: 2013-06", "said: 2013-06", "said"),  # forecast
        ("publisher: Met", "by: Met", "by"),  # source
        ("{date: 2013-04, source: cw}", "{date: 2013-04, ref: cw}", "ref"),  # long form
    ],
)
def test_an_unknown_key_at_each_level_is_refused_by_both(
    validator, old: str, new: str, key: str
) -> None:
    text = EVERY_KEY.replace(old, new)
    assert text != EVERY_KEY
    with pytest.raises(PlanError, match=f"unknown key '{key}'"):
        load_plan_text(text, "every.yaml")
    messages = schema_messages(validator, text)
    assert any(f"'{key}' was unexpected" in m for m in messages), messages
