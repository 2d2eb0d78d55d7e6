"""The loader's shortcuts give what the full passes give: text-keyed mappings
skip the duplicate-key pass only when no key repeats, and a text without
``&`` skips the anchor scan."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from plantrack import yamldialect
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


# Plain scalars and the tag each resolves to (YAML 1.1 as plantrack reads it),
# worked by hand: the resolver's memo must give the same the second time.
TAGS = [
    ("2013-04-01", "tag:yaml.org,2002:str"),  # dates stay text
    ("true", "tag:yaml.org,2002:bool"),
    ("no", "tag:yaml.org,2002:str"),
    ("1:30", "tag:yaml.org,2002:str"),
    ("0x2a", "tag:yaml.org,2002:int"),
    ("1.5", "tag:yaml.org,2002:float"),
    ("~", "tag:yaml.org,2002:null"),
    ("", "tag:yaml.org,2002:null"),
    ("<<", "tag:yaml.org,2002:merge"),
    ("x" * 200, "tag:yaml.org,2002:str"),  # too long to be remembered
]


@pytest.mark.parametrize(("text", "tag"), TAGS)
def test_resolved_tags_are_the_same_remembered_or_not(text: str, tag: str) -> None:
    loader = PlanLoader("")
    try:
        for plain in (True, True):  # the second call may come from the memo
            assert loader.resolve(yaml.ScalarNode, text, (plain, False)) == tag
        quoted = loader.resolve(yaml.ScalarNode, text, (False, True))
        assert quoted == "tag:yaml.org,2002:str"
    finally:
        loader.dispose()


def test_the_resolver_memo_is_bounded() -> None:
    assert not PlanLoader.yaml_path_resolvers  # a tag depends on the text alone
    lines = "".join(f"k{i}: v{i}\n" for i in range(yamldialect.TAG_MEMO_MAX + 10))
    assert parse(lines, "p.yaml").data["k5"] == "v5"
    assert len(PlanLoader.tag_memo) <= yamldialect.TAG_MEMO_MAX
    assert "x" * 200 not in PlanLoader.tag_memo
