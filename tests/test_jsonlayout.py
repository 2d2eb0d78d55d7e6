"""The streamed JSON document is the text ``json.dumps(..., indent=2)`` wrote
before it (the documented layout), byte for byte: on every plan the project
ships or tests with, and on generated documents with awkward values."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.errors import PlanError
from plantrack.loader import load_plan
from plantrack.render import json as render_json_module
from plantrack.render.json import json_chunks, render_json, report_dict
from plantrack.render.jsonlayout import Hole, indented, indented_text
from plantrack.safetext import for_json
from plantrack.slippage import evaluate, resolve_as_of

from .conftest import DATA, ROOT, TODAY


def _valid(paths: list[Path]) -> list[Path]:
    """The plans among ``paths`` (the error fixtures left out)."""
    valid = []
    for path in paths:
        try:
            load_plan(path)
        except PlanError:
            continue
        valid.append(path)
    return valid


PLANS = _valid(sorted([*ROOT.glob("plans/*.yaml"), *DATA.rglob("*.yaml")]))


def test_the_plans_compared_include_the_met_plan_and_the_stress_plans() -> None:
    names = {p.name for p in PLANS}
    assert {"met.yaml", "stress-airport.yaml", "stress-spacecraft.yaml"} <= names
    assert len(PLANS) >= 20


def dumps(value: object) -> str:
    """The reference: the standard library's indenting encoder."""
    return json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: str(p.relative_to(ROOT)))
def test_document_is_the_indent_2_text_of_every_test_plan(path: Path) -> None:
    plan = load_plan(path)
    report = evaluate(plan, resolve_as_of(plan, None, TODAY))
    doc = {"as_of": TODAY.isoformat(), "plans": [report_dict(report)]}
    assert render_json([report], TODAY) == for_json(dumps(doc)) + "\n"


def test_many_plans_and_chunks_of_milestones(monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of 2 milestones: chunk edges fall inside the milestones list.
    monkeypatch.setattr(render_json_module, "_BATCH", 2)
    reports = [
        evaluate(p, resolve_as_of(p, None, TODAY))
        for p in (load_plan(ROOT / "plans" / "met.yaml"), load_plan(PLANS[-1]))
    ]
    doc = {"as_of": "2026-11-25", "plans": [report_dict(r) for r in reports]}
    chunks = list(json_chunks(reports, TODAY))
    assert len(chunks) > 3
    assert "".join(chunks) == for_json(dumps(doc)) + "\n"


def test_no_plans() -> None:
    assert render_json([], TODAY) == '{\n  "as_of": "2026-11-25",\n  "plans": []\n}\n'


CASES = [  # value, text worked by hand
    ({}, "{}"),
    ([], "[]"),
    ({"a": {}, "b": []}, '{\n  "a": {},\n  "b": []\n}'),
    ([[[]]], "[\n  [\n    []\n  ]\n]"),
    ({"k": [1, None, True]}, '{\n  "k": [\n    1,\n    null,\n    true\n  ]\n}'),
    ({"é": "</script>\u2028"}, '{\n  "é": "</script>\u2028"\n}'),
    ('a\x00\n"\\', '"a\\u0000\\n\\"\\\\"'),
    (10**30, "1000000000000000000000000000000"),
    ({2: 1.5, True: False, None: -0.0}, '{\n  "2": 1.5,\n  "true": false,\n  "null": -0.0\n}'),
    ([math.inf, -math.inf, math.nan], "[\n  Infinity,\n  -Infinity,\n  NaN\n]"),
    ((1, ("x",)), '[\n  1,\n  [\n    "x"\n  ]\n]'),
]


@pytest.mark.parametrize(("value", "text"), CASES)
def test_indented_text_by_hand(value: object, text: str) -> None:
    assert indented_text(value) == text
    assert dumps(value) == text  # the hand-worked text is the contract's


def test_continued_lines_take_the_depth() -> None:
    assert indented_text({"a": [1]}, 2) == '{\n      "a": [\n        1\n      ]\n    }'


def test_a_hole_is_left_with_its_depth() -> None:
    hole = Hole()
    assert indented({"a": [hole]}) == ['{\n  "a": ', "[\n    ", (hole, 2), "\n  ]", "\n}"]
    with pytest.raises(TypeError):
        indented_text([hole])


@pytest.mark.parametrize(
    "value", [{"a": object()}, [object()], {(1, 2): 1}], ids=["value", "item", "key"]
)
def test_what_json_refuses_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        dumps(value)
    with pytest.raises(TypeError):
        indented_text(value)


AWKWARD = st.text(
    st.characters(blacklist_categories=()) | st.sampled_from('\x00\x1f\x7f\u2028</>"\\')
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()
    | AWKWARD
)
KEYS = AWKWARD | st.integers() | st.booleans() | st.none() | st.floats()
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300)
@given(DOCS, st.integers(0, 3))
def test_any_document_is_written_as_json_dumps_writes_it(value: object, depth: int) -> None:
    expected = dumps(value).replace("\n", "\n" + "  " * depth)
    assert indented_text(value, depth) == expected


def _generated_plan_path(tmp_path: Path) -> Path:
    from benchmarks.generate import generate_plan

    path = tmp_path / "generated.yaml"
    path.write_text(generate_plan(400, 7), encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [0, 3])
def test_milestone_writer_is_the_generic_text_of_result_dict(tmp_path: Path, depth: int) -> None:
    """The field-by-field writer of a milestone against the generic writer of
    its dictionary (itself checked against json.dumps above), on every test
    plan and a generated plan with every date form, at two depths."""
    writer = render_json_module.MilestoneWriter
    for path in [*PLANS, _generated_plan_path(tmp_path)]:
        plan = load_plan(path)
        report = evaluate(plan, resolve_as_of(plan, None, TODAY))
        write = writer(depth).write
        for r in report.results:
            fast: list[str] = []
            write(fast, r)
            generic = indented_text(render_json_module.result_dict(r), depth)
            assert "".join(fast) == for_json(generic), r


UNSAFE_PLAN = """\
plantrack: 1
plan: Unsafe text
as_of: 2021-06-30
milestones:
  - id: a
    name: "bidi \\u202E override and DEL \\x7F"
    planned: 2020-01
    notes: "C1 \\x85 control, and an en dash \u2013"
    forecasts:
      - date: 2020-06
        reported: 2019-12
        note: "isolate \\u2066, line\\u2028separator, CSI \\x9b"
"""


def test_milestone_writer_escapes_unsafe_text_in_every_string(tmp_path: Path) -> None:
    path = tmp_path / "unsafe.yaml"
    path.write_text(UNSAFE_PLAN, encoding="utf-8")
    plan = load_plan(path)
    report = evaluate(plan, resolve_as_of(plan, None, TODAY))
    text = render_json([report], TODAY)
    doc = {"as_of": TODAY.isoformat(), "plans": [report_dict(report)]}
    assert text == for_json(dumps(doc)) + "\n"
    for escape in ("\\u202e", "\\u007f", "\\u2028", "\\u0085", "\\u2066", "\\u009b"):
        assert escape in text
    assert "\u2013" in text  # an en dash is safe: kept as it is
    assert not any(c in text for c in "\u202e\x7f\u2028\x85\u2066\x9b")
