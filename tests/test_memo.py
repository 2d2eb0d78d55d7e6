"""The bounded memo (one parse per raw value) and the date parsers that use it."""

from __future__ import annotations

import datetime as _dt

import pytest

from plantrack.dates import DateError, clear_memo, parse_date, parse_forecast_date
from plantrack.memo import MEMO_SIZE, Memo


def counting() -> tuple[Memo[object, str], list[object]]:
    calls: list[object] = []

    def f(value: object) -> str:
        calls.append(value)
        if value == "bad":
            raise ValueError(value)
        return f"<{value!r}>"

    return Memo(f, size=3), calls


def test_each_value_is_computed_once() -> None:
    memo, calls = counting()
    assert [memo("a"), memo("a"), memo("b"), memo("a")] == ["<'a'>", "<'a'>", "<'b'>", "<'a'>"]
    assert calls == ["a", "b"]


@pytest.mark.parametrize(
    ("first", "second"),
    [(2013, "2013"), (True, 1), (1, 1.0)],
    ids=["int/str", "bool/int", "int/float"],
)
def test_equal_values_of_other_types_are_apart(first: object, second: object) -> None:
    memo, calls = counting()
    assert memo(first) == f"<{first!r}>"
    assert memo(second) == f"<{second!r}>"
    assert calls == [first, second]


def test_errors_are_not_remembered() -> None:
    memo, calls = counting()
    for _ in range(2):
        with pytest.raises(ValueError, match="bad"):
            memo("bad")
    assert calls == ["bad", "bad"]
    assert memo.seen == {}


def test_unhashable_values_are_passed_on() -> None:
    memo, calls = counting()
    assert memo([1]) == memo([1]) == "<[1]>"
    assert calls == [[1], [1]]


def test_a_full_memo_starts_again() -> None:
    memo, calls = counting()  # size 3
    for v in ("a", "b", "c", "d", "a"):
        memo(v)
    assert calls == ["a", "b", "c", "d", "a"]  # "d" emptied it: "a" again
    assert len(memo.seen) == 2


def test_the_bound() -> None:
    assert MEMO_SIZE == 65_536
    assert Memo(str).size == MEMO_SIZE


@pytest.mark.parametrize(
    ("value", "start", "end", "text"),
    [
        ("2013-04", _dt.date(2013, 4, 1), _dt.date(2013, 4, 30), "2013-04"),
        (" 2013-04 ", _dt.date(2013, 4, 1), _dt.date(2013, 4, 30), "2013-04"),
        (2013, _dt.date(2013, 1, 1), _dt.date(2013, 12, 31), "2013"),
        ("2013", _dt.date(2013, 1, 1), _dt.date(2013, 12, 31), "2013"),
        (_dt.date(2013, 4, 5), _dt.date(2013, 4, 5), _dt.date(2013, 4, 5), "2013-04-05"),
    ],
)
def test_a_remembered_date_is_the_same_date(
    value: str | int | _dt.date, start: _dt.date, end: _dt.date, text: str
) -> None:
    clear_memo()
    first = parse_date(value)
    again = parse_date(value)
    assert again is first
    assert (again.start, again.end, again.label) == (start, end, text)


def test_a_bad_date_says_why_every_time() -> None:
    clear_memo()
    for _ in range(2):
        with pytest.raises(DateError, match="did you mean 'February 2014'"):
            parse_date("Febuary 2014")


def test_each_grammar_has_its_own_memo() -> None:
    clear_memo()
    assert str(parse_forecast_date("TBD")) == "TBD"
    with pytest.raises(DateError, match="only a forecast's date can be withdrawn"):
        parse_date("TBD")
