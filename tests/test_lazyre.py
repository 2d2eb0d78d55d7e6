"""Patterns compiled on first use: the same answers as ``re``, and nothing
compiled by importing the date grammar."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from plantrack.lazyre import LazyPattern

CASES = [  # pattern, flags, text, fullmatch groups, split (by hand)
    (r"(\d{4})-(\d\d)", 0, "2013-04", ("2013", "04"), ["", "2013", "04", ""]),
    (r"by\s+(.+)", re.IGNORECASE, "BY  2014", ("2014",), ["", "2014", ""]),
    (r"\s*\.\.\s*", 0, "a .. b", None, ["a", "b"]),
]


@pytest.mark.parametrize(("source", "flags", "text", "groups", "parts"), CASES)
def test_answers_as_re_does(
    source: str, flags: int, text: str, groups: tuple[str, ...] | None, parts: list[str]
) -> None:
    lazy = LazyPattern(source, flags)
    assert not lazy.is_compiled
    m = lazy.fullmatch(text)
    assert (m.groups() if m else None) == groups
    assert lazy.split(text) == parts
    assert (lazy.search(text) is None) is (re.search(source, text, flags) is None)
    assert lazy.is_compiled
    assert lazy.compiled is lazy.compiled  # compiled once


def test_importing_the_date_grammar_compiles_nothing() -> None:
    code = (
        "from plantrack import dates, datehints\n"
        "from plantrack.lazyre import LazyPattern\n"
        "lazy = [v for m in (dates, datehints) for v in vars(m).values()"
        " if isinstance(v, LazyPattern)]\n"
        "assert len(lazy) == 17, len(lazy)\n"
        "assert not any(p.is_compiled for p in lazy)\n"
        "import sys; assert 'difflib' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
