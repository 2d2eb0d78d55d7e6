"""The plan format is declared once (plantrack.format): the validator, the JSON
Schema and the editor's key order all follow the declaration, so removing a key
there removes it everywhere."""

from __future__ import annotations

import dataclasses

import jsonschema
import pytest

from plantrack import format as plan_format
from plantrack.editing import EditError, Op, add_forecast, add_milestone, add_source, apply_edit
from plantrack.errors import PlanError
from plantrack.format import Level
from plantrack.loader import load_plan_text
from plantrack.schema import plan_schema
from plantrack.yamldialect import PlanLoader

# A small valid plan using the key under test at each level (written by hand).
PLAN = """\
plantrack: 1
calendar: weekdays
sources:
  cw: {title: Computer Weekly, publisher: Incisive}
milestones:
  - id: a
    planned: {date: 2013-04, source: cw}
    forecasts:
      - {date: 2013-12, reported: 2013-06}
    notes: late
"""


def _load_yaml(text: str) -> object:
    import yaml

    return yaml.load(text, Loader=PlanLoader)


@pytest.mark.parametrize(
    ("level", "key", "line", "column", "what", "allowed"),
    [
        # line:column is where the key is written in PLAN (counted by hand)
        (
            Level.PLAN,
            "calendar",
            2,
            1,
            "the plan",
            "plantrack, plan, as_of, tolerance, notes, start, headline, tags, sources, milestones",
        ),
        (
            Level.MILESTONE,
            "notes",
            10,
            5,
            "milestone 1",
            "id, name, planned, rebaselined, forecasts, depends_on, actual, deadline, "
            "tolerance, source, accepted",
        ),
        (Level.FORECAST, "reported", 9, 25, "a forecast", "date, source, note"),
        (Level.SOURCE, "publisher", 4, 32, "source 'cw'", "title, date, url, note"),
        (Level.DATED, "source", 7, 30, "'planned'", "date"),
    ],
)
def test_a_key_removed_from_the_format_is_gone_everywhere(
    monkeypatch: pytest.MonkeyPatch,
    level: Level,
    key: str,
    line: int,
    column: int,
    what: str,
    allowed: str,
) -> None:
    load_plan_text(PLAN, "p.yaml")  # valid with the whole format
    schema = jsonschema.Draft202012Validator(plan_schema())
    assert list(schema.iter_errors(_load_yaml(PLAN))) == []
    assert key in plan_format.key_order(level)

    monkeypatch.setattr(plan_format, "FORMAT", plan_format.FORMAT.without(level, key))

    # the validator: an unknown-key error naming the key, at the key
    with pytest.raises(PlanError) as info:
        load_plan_text(PLAN, "p.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith(f"unknown key '{key}' in {what}")
    assert problem.message.endswith(f"(expected one of: {allowed})")
    # the schema
    reduced = jsonschema.Draft202012Validator(plan_schema())
    todo = list(reduced.iter_errors(_load_yaml(PLAN)))
    messages = []
    while todo:  # with the errors under anyOf branches
        error = todo.pop()
        messages.append(error.message)
        todo += error.context or []
    assert any(f"'{key}' was unexpected" in m for m in messages), messages
    # the editor's order
    assert key not in plan_format.key_order(level)


def test_key_order_for_the_editor() -> None:
    # written by hand: the order new mappings are written in
    assert plan_format.key_order(Level.MILESTONE) == (
        "id", "name", "planned", "rebaselined", "forecasts", "depends_on", "actual",
        "deadline", "tolerance", "source", "notes", "accepted",
    )  # fmt: skip
    assert plan_format.key_order(Level.FORECAST) == ("reported", "date", "source", "note")
    assert plan_format.key_order(Level.SOURCE) == ("title", "publisher", "date", "url", "note")
    assert plan_format.key_order(Level.DATED) == ("date", "source")


@pytest.mark.parametrize("level", list(Level))
def test_each_level_is_declared_consistently(level: Level) -> None:
    spec = plan_format.FORMAT.levels[level]
    names = plan_format.key_names(level)
    assert len(set(names)) == len(names)  # no key twice
    assert sorted(plan_format.key_order(level)) == sorted(names)  # an order of the same keys
    assert all(k.doc.endswith(".") and "\n" not in k.doc for k in spec.keys)  # one-line docs
    nested = [k for k in spec.keys if k.kind in (plan_format.Kind.LIST, plan_format.Kind.MAPPING)]
    assert all(k.of is not None for k in nested)


@pytest.mark.parametrize(
    ("level", "key", "op"),
    [
        (
            Level.FORECAST,
            "note",
            add_forecast(milestone_id="a", date="2014-01", reported="2013-12", note="x"),
        ),
        (Level.MILESTONE, "source", add_milestone(milestone_id="b", name="B", source="cw")),
        (Level.SOURCE, "url", add_source(source_id="s", title="S", url="https://example.org/")),
    ],
)
def test_the_editor_writes_only_keys_of_the_format(
    monkeypatch: pytest.MonkeyPatch, level: Level, key: str, op: Op
) -> None:
    assert f"{key}: " in _added(apply_edit(PLAN, op, "p.yaml").new)  # written with the whole format

    monkeypatch.setattr(plan_format, "FORMAT", plan_format.FORMAT.without(level, key))
    with pytest.raises(EditError, match=f"the plan format has no key '{key}' here"):
        apply_edit(PLAN, op, "p.yaml")  # refused, not written without it


def _added(new: str) -> str:
    """The lines of ``new`` that PLAN does not have."""
    old = PLAN.splitlines()
    return "\n".join(line for line in new.splitlines() if line not in old)


def test_the_editor_writes_keys_in_the_format_order(monkeypatch: pytest.MonkeyPatch) -> None:
    op = add_source(source_id="s", title="S", url="https://example.org/", publisher="P")
    added = _added(apply_edit(PLAN, op, "p.yaml").new)
    assert added.index("title") < added.index("publisher") < added.index("url")

    spec = plan_format.FORMAT.levels[Level.SOURCE]
    reordered = dataclasses.replace(spec, written=("url", "publisher", "title", "date", "note"))
    levels = {**plan_format.FORMAT.levels, Level.SOURCE: reordered}
    monkeypatch.setattr(plan_format, "FORMAT", plan_format.PlanFormat(levels))
    added = _added(apply_edit(PLAN, op, "p.yaml").new)
    assert added.index("url") < added.index("publisher") < added.index("title")
