"""Dates as spreadsheets write them (``31/03/2024``, ``31-Mar-2024``,
``Mon 03/04/13 08:00``), read with python-dateutil's parser into the plan
grammar: ``2024-03-31``, or ``2024-03`` when the cell names no day.

A cell that reads as two different dates (``03/04/2013``: 3 April or 4 March)
is refused unless the caller said which comes first; so is a cell that is no
date at all, or names no year.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["CellDateError", "parse_cell_date"]

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
# Two defaults that differ in every part: a part the cell does not name shows
# as a difference between the two readings.
_DEFAULTS = (_dt.datetime(2001, 1, 1), _dt.datetime(2002, 2, 28))


class CellDateError(ValueError):
    """A cell that is not one date (the message says why and what would do)."""


def _read(text: str, *, dayfirst: bool) -> tuple[_dt.datetime, _dt.datetime]:
    from dateutil.parser import ParserError, parse  # lazily: only the importers use it

    try:
        return (
            parse(text, default=_DEFAULTS[0], dayfirst=dayfirst),
            parse(text, default=_DEFAULTS[1], dayfirst=dayfirst),
        )
    except (ParserError, ValueError, OverflowError) as exc:
        raise CellDateError(f"{text!r} is not a date (expected e.g. 2024-03-31)") from exc


def _as_text(first: _dt.datetime, second: _dt.datetime, text: str) -> str:
    if first.year != second.year:
        raise CellDateError(f"{text!r} names no year (expected e.g. 2024-03-31)")
    if first.month != second.month:
        return f"{first.year:04d}"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return first.date().isoformat()


def parse_cell_date(text: str, *, dayfirst: bool | None) -> str:
    """The date in the cell ``text`` in the plan grammar.  ``dayfirst``:
    ``True`` for 31/03/2024, ``False`` for 03/31/2024, ``None`` when unknown
    (then a cell that reads both ways is refused).  Raises :class:`CellDateError`."""
    iso = _ISO.fullmatch(text)
    if iso:  # year first is never ambiguous (dateutil's dayfirst would swap it)
        try:
            return _dt.date(*(int(g) for g in iso.groups())).isoformat()
        except ValueError as exc:
            raise CellDateError(f"{text!r} is not a date: {exc}") from exc
    if dayfirst is not None:
        return _as_text(*_read(text, dayfirst=dayfirst), text)
    day_month = _as_text(*_read(text, dayfirst=True), text)
    month_day = _as_text(*_read(text, dayfirst=False), text)
    if day_month != month_day:
        raise CellDateError(
            f"{text!r} is ambiguous: {day_month} or {month_day} "
            "(say which with --dayfirst or --monthfirst)"
        )
    return day_month
