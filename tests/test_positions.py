"""Positions of key paths (positions.Locator) and "did you mean" hints
(messages.Hints): expected values worked by hand."""

from __future__ import annotations

import pytest

from plantrack.messages import Hints, quoted, type_name
from plantrack.positions import Locator, offset_position
from plantrack.yamldialect import compose

DOC = """\
plan: x
0x1f: hex
1_000: underscored
true: yes
base: &b
  inherited: 1
child:
  <<: *b
  own: 2
list: [a, b]
"""


@pytest.mark.parametrize(
    ("path", "at_key", "expected"),
    [
        (("plan",), False, (1, 7)),
        (("plan",), True, (1, 1)),
        ((31,), True, (2, 1)),  # 0x1f is the integer 31 in the data
        ((1000,), True, (3, 1)),  # 1_000 is 1000
        ((True,), True, (4, 1)),
        (("child", "own"), True, (9, 3)),
        (("child", "inherited"), True, (6, 3)),  # merged in: where it is written
        (("list", 1), False, (10, 11)),
        (("list", 5), False, (10, 7)),  # no such item: the list itself
        (("nothing", "here"), False, (1, 1)),  # no such key: the document
    ],
)
def test_locator(path: tuple[object, ...], at_key: bool, expected: tuple[int, int]) -> None:
    assert Locator(compose(DOC)).position(path, at_key=at_key) == expected


def test_locator_without_a_document() -> None:
    assert Locator(None).position(("a",)) == (1, 1)


@pytest.mark.parametrize(
    ("data", "offset", "expected"),
    [("ab\ncd", 4, (2, 2)), (b"ab\ncd", 4, (2, 2)), ("abc", 0, (1, 1)), ("a\n\nb", 3, (3, 1))],
)
def test_offset_position(data: str | bytes, offset: int, expected: tuple[int, int]) -> None:
    assert offset_position(data, offset) == expected


KEYS = ("id", "name", "planned", "forecasts", "actual")


@pytest.mark.parametrize(
    ("word", "budget", "expected"),
    [
        ("planed", 10_000, "; did you mean 'planned'?"),
        ("acutal", 10_000, "; did you mean 'actual'?"),
        ("zzzzzz", 10_000, ""),  # nothing close
        # "planed" (6) against the five keys (2+4+7+9+6 = 28 characters): 6 x 28 + 5 = 173
        ("planed", 173, "; did you mean 'planned'?"),
        ("planed", 172, ""),  # one short: no hint
        ("p" * 1001, 10**12, ""),  # too long to be a typo
    ],
)
def test_hints(word: str, budget: int, expected: str) -> None:
    assert Hints(budget).hint(word, KEYS) == expected


def test_hints_spend_their_budget() -> None:
    hints = Hints(200)
    assert hints.hint("planed", KEYS) == "; did you mean 'planned'?"
    assert hints.budget == 200 - 173
    assert hints.hint("planed", KEYS) == ""  # 27 left: not enough for another


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("short", "'short'"),
        ("k" * 100, repr("k" * 100)),
        ("k" * 101, repr("k" * 100) + "… (101 characters)"),
    ],
)
def test_quoted(value: str, expected: str) -> None:
    assert quoted(value) == expected


def test_type_name_shortens_text() -> None:
    assert type_name("x" * 150) == '"' + "x" * 100 + '…" (150 characters)'
    assert type_name("abc") == '"abc"'
