"""The loader's shortcuts give what the full passes give: text-keyed mappings
skip the duplicate-key pass only when no key repeats, and a text without
``&`` skips the anchor scan."""

from __future__ import annotations

from typing import Any

import pytest

from plantrack.errors import Problem
from plantrack.yamldialect import PlanLoader, parse

CASES = [  # text, data, problems (worked by hand)
    ("a: 1\nb: x\n", {"a": 1, "b": "x"}, []),
    ("a: 1\na: 2\n", {"a": 2}, [(2, 1, "duplicate key 'a' (each key may appear once)")]),
    ("1: a\n01: b\n", {1: "b"}, [(2, 1, "duplicate key 1 (each key may appear once)")]),
    ('"1": a\n1: b\n', {"1": "a", 1: "b"}, []),
    ("!!str a: 1\na: 2\n", {"a": 2}, [(2, 1, "duplicate key 'a' (each key may appear once)")]),
    ("x: &k {a: 1}\ny:\n  <<: *k\n  b: 2\n", {"x": {"a": 1}, "y": {"a": 1, "b": 2}}, []),
    ("? [a]\n: 1\nb: 2\n", {"b": 2}, [(1, 3, "a mapping key must be text, not a list or mapping")]),
    (
        "m:\n  - {id: a, id: b}\n",
        {"m": [{"id": "b"}]},
        [(2, 13, "duplicate key 'id' (each key may appear once)")],
    ),
    ("{}\n", {}, []),
]


@pytest.mark.parametrize(("text", "data", "problems"), CASES)
def test_mappings(text: str, data: Any, problems: list[tuple[int, int, str]]) -> None:
    parsed = parse(text, "p.yaml")
    assert parsed.data == data
    assert parsed.problems == [Problem("p.yaml", *p) for p in problems]


@pytest.mark.parametrize(
    ("text", "anchors"),
    [
        ("a: 1\n", False),
        ("a: R&D\n", False),  # an & inside a word is no anchor
        ("a: &x 1\nb: *x\n", True),
        ("a: [&x 1]\n", True),
    ],
)
def test_anchor_scan(text: str, anchors: bool) -> None:
    loader = PlanLoader(text)
    try:
        assert loader.has_anchors is anchors
    finally:
        loader.dispose()
