"""Atheris harness for plantrack's plan loader and date parser.

Any exception other than the project's own ``PlanError`` (from the loader) or
``DateError`` (from the date parser) is a finding: atheris stops and writes the
input as ``crash-<sha1>``.  See ``fuzz/README.md`` for how to run it.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from plantrack import loader
    from plantrack.dates import DateError, parse_date, parse_date_expr
    from plantrack.errors import PlanError
    from plantrack.reading import decode

# Bigger than this is the size limit's job (tested in tests/test_hostile.py).
MAX_INPUT = 64 * 1024


def load_bytes(data: bytes) -> None:
    """What ``load_plan`` does after reading the file: decode, then load."""
    try:
        loader.load_plan_text(decode(data, "fuzz.yaml").text, "fuzz.yaml")
    except PlanError as exc:
        for p in exc.problems:  # every problem must be positioned and printable
            assert p.line >= 1 and p.column >= 1, p
            str(p)


def parse_dates(data: bytes) -> None:
    """The date grammar: only DateError, and accepted dates round-trip."""
    text = data.decode("utf-8", errors="replace")
    try:
        date = parse_date(text)
    except DateError:
        pass
    else:
        again = parse_date(date.canonical())
        assert again == date, (text, date, again)
    with contextlib.suppress(DateError):
        parse_date_expr(text)


def test_one_input(data: bytes) -> None:
    """One fuzz input: the first byte picks the target."""
    if len(data) < 1 or len(data) > MAX_INPUT:
        return
    if data[0] % 4 == 0:
        parse_dates(data[1:])
    else:
        load_bytes(data[1:])


def main() -> None:
    """Run atheris with the command-line arguments (libFuzzer flags)."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
