"""``plantrack init``: a commented starter plan that validates, every key of the
format in it, never an overwrite without --force, and the reference story."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from plantrack.cli.init import packaged_plan
from plantrack.format import FORMAT, Level
from plantrack.loader import load_plan, load_plan_text
from plantrack.starter import SCHEMA_MODELINE, starter_plan
from tests.conftest import MET, ROOT, Golden

GOLDEN = ROOT / "tests" / "golden" / "init" / "starter.yaml"


def test_starter_golden(golden: Golden) -> None:
    # Reviewed by hand: every key once with its doc, as_of commented out (a live
    # one would freeze every report), two milestones (one delivered after a
    # re-baseline and a forecast, one with a fuzzy planned date and a forecast).
    golden(GOLDEN, starter_plan())


def test_starter_validates() -> None:
    plan = load_plan_text(starter_plan(), "plans/plan.yaml")
    assert plan.name == "Depot replacement programme"
    assert [m.id for m in plan.milestones] == ["site-survey", "handover"]
    handover = plan.milestone("handover")
    assert handover.planned is not None and handover.planned.canonical() == "2025-Q4"
    assert [f.date.canonical() for f in handover.forecasts] == ["2026-01..2026-02"]


def test_starter_validates_with_as_of_uncommented() -> None:
    text = starter_plan().replace("# as_of: 2025-06-30", "as_of: 2025-06-30")
    assert load_plan_text(text, "plans/plan.yaml").as_of is not None


def test_starter_opens_with_the_schema_modeline_as_met_does() -> None:
    assert starter_plan().splitlines()[0] == SCHEMA_MODELINE
    assert MET.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_MODELINE


def _keys(data: object, level: Level, seen: set[tuple[Level, str]]) -> None:
    """Every (level, key) present in the parsed starter."""
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        seen.add((level, name))
        key = next(k for k in FORMAT.keys(level) if k.name == name)
        if key.of is None:
            continue
        if isinstance(value, list):
            for item in value:
                _keys(item, key.of, seen)
        elif level is Level.PLAN and name == "sources":
            for item in value.values():
                _keys(item, key.of, seen)
        else:
            _keys(value, key.of, seen)


def test_every_key_of_every_level_is_in_the_starter() -> None:
    text = starter_plan().replace("# as_of:", "as_of:")  # shown, commented out
    seen: set[tuple[Level, str]] = set()
    _keys(yaml.safe_load(text), Level.PLAN, seen)
    every = {(level, k.name) for level in Level for k in FORMAT.keys(level)}
    assert every - seen == set()


def test_every_key_has_its_doc_as_comment() -> None:
    text = starter_plan()
    for level in Level:
        for key in FORMAT.keys(level):
            assert re.search(rf"\b{key.name}:.*  # {re.escape(key.doc)}$", text, re.M), key


def test_a_new_key_without_an_example_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from plantrack import format as plan_format
    from plantrack import starter

    spec = FORMAT.levels[Level.MILESTONE]
    extra = plan_format.Key("owner", plan_format.Kind.TEXT, "Who owns it.")
    grown = plan_format.PlanFormat(
        {**FORMAT.levels, Level.MILESTONE: plan_format.LevelSpec((*spec.keys, extra))}
    )
    monkeypatch.setattr(starter, "FORMAT", grown)
    with pytest.raises(KeyError, match="owner"):
        starter_plan()


# -- the command -----------------------------------------------------------------------


def test_init_writes_the_default_path(invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    target = tmp_path / "plans" / "plan.yaml"  # the folder is created
    assert target.read_text(encoding="utf-8") == starter_plan()
    assert result.stdout == (
        "wrote plans/plan.yaml: a starter plan; next: plantrack validate plans/plan.yaml\n"
    )
    load_plan(target)
    invoke("validate", target)


def test_init_refuses_to_overwrite(invoke, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    result = invoke("init", target, code=2)
    assert result.stderr == (
        f"plantrack: error: {target}: not written: the file exists (use --force to overwrite it)\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me\n"
    invoke("init", target, "--force")
    assert target.read_text(encoding="utf-8") == starter_plan()


def test_init_from_met_copies_the_reference_story(invoke, tmp_path: Path) -> None:
    target = tmp_path / "met.yaml"
    invoke("init", target, "--from", "met")
    assert target.read_bytes() == MET.read_bytes()


def test_the_packaged_met_is_plans_met_byte_for_byte() -> None:
    assert packaged_plan("met") == MET.read_bytes()
    assert (ROOT / "src" / "plantrack" / "data" / "met.yaml").read_bytes() == MET.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "nope"], "Invalid value for '--from': 'nope' is not 'met'."),
        (["a.yaml", "b.yaml"], "Got unexpected extra argument (b.yaml)"),
    ],
)
def test_bad_usage(invoke, tmp_path: Path, monkeypatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", *args, code=2)
    assert message in result.stderr
    assert not (tmp_path / "plans").exists()


def test_a_folder_that_cannot_be_made(invoke, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    target = tmp_path / "file" / "plan.yaml"
    result = invoke("init", target, code=2)
    assert result.stderr == (
        f"plantrack: error: {target}: not written: cannot create its folder: File exists\n"
    )
