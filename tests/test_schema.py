"""``plantrack schema``: the committed schema is the command's output, and it
accepts every valid plan of the repository (checked with jsonschema, a test-only
dependency)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from plantrack.loader import _PlanLoader
from tests.conftest import DATA, ROOT

SCHEMA_FILE = ROOT / "schema" / "plan.schema.json"


def load_yaml(text: str) -> Any:
    # plantrack's own YAML dialect (dates stay text), as an editor's YAML 1.2 parser reads them
    return yaml.load(text, Loader=_PlanLoader)  # a SafeLoader subclass


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


def test_durations_in_the_schema_are_the_loaders() -> None:
    # every unit the duration parser knows, in long and short form, matches the pattern
    from plantrack.cli.schema import plan_schema
    from plantrack.durations import _UNITS

    pattern = plan_schema()["properties"]["tolerance"]["anyOf"][1]["pattern"]

    for unit in _UNITS:
        assert re.fullmatch(pattern, f"3 {unit}s"), unit
        assert re.fullmatch(pattern, f"3{unit.upper()}"), unit
    assert not re.fullmatch(pattern, "3 fortnights")


def test_schema_keys_are_the_loaders() -> None:
    from plantrack import loader
    from plantrack.cli.schema import plan_schema

    top = plan_schema()["properties"]
    milestone = top["milestones"]["items"]["properties"]
    forecast = milestone["forecasts"]["items"]["properties"]
    source = top["sources"]["additionalProperties"]["anyOf"][1]["properties"]
    dated = milestone["planned"]["anyOf"][1]["properties"]
    assert list(top) == list(loader._TOP_KEYS)
    assert list(milestone) == list(loader._MILESTONE_KEYS)
    assert list(forecast) == list(loader._FORECAST_KEYS)
    assert list(source) == list(loader._SOURCE_KEYS)
    assert list(dated) == list(loader._DATED_KEYS)
