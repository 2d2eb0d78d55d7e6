"""The date grammar: text -> :class:`FuzzyDate`, an interval with a precision.

This module parses the grammar documented in ``docs/plan-format.md``; the
values it returns live in :mod:`plantrack.datetypes` (re-exported here) and
the month arithmetic in :mod:`plantrack.months`. It does no I/O.

* :func:`parse_date`: an absolute date (``2013-04``, ``April 2013``,
  ``the end of 2014``, a range ``A..B``);
* :func:`parse_date_expr`: that, or a date relative to another milestone
  (``deloitte-review + 100 days``), a :class:`DateRef` the loader resolves;
* :func:`parse_date_or_bound`: that, or a bound (``by 2014``, ``no earlier
  than 2015``), for a planned date or a deadline;
* :func:`parse_forecast_date`: that, or a withdrawn date (``unknown``, ``TBD``).

A text that does not parse raises :class:`DateError` with the reason, or,
when there is no more specific reason, the closest text that parses
(``did you mean 'February 2014'?``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from plantrack.datehints import closest_form
from plantrack.datetypes import (
    EXPECTED_HINT,
    WITHDRAWN,
    Bound,
    BoundKind,
    DateError,
    DateRef,
    ForecastDate,
    FuzzyDate,
    OpenInterval,
    Precision,
    Withdrawn,
)
from plantrack.lazyre import LazyPattern
from plantrack.memo import Memo
from plantrack.months import last_day

__all__ = [
    "EXPECTED_HINT",
    "WITHDRAWN",
    "WITHDRAWN_WORDS",
    "Bound",
    "BoundKind",
    "DateError",
    "DateRef",
    "ForecastDate",
    "FuzzyDate",
    "OpenInterval",
    "Precision",
    "Withdrawn",
    "clear_memo",
    "parse_date",
    "parse_date_expr",
    "parse_date_or_bound",
    "parse_forecast_date",
]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = tuple(name.capitalize() for name in list(_MONTHS)[:12])
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}  # months of a year
_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}  # days of a month
_PHRASES = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
_BOUND_WORDS = {
    "no earlier than": BoundKind.NOT_BEFORE, "not earlier than": BoundKind.NOT_BEFORE,
    "not before": BoundKind.NOT_BEFORE, "net": BoundKind.NOT_BEFORE,
    "by": BoundKind.BY, "no later than": BoundKind.BY, "not later than": BoundKind.BY,
    "nlt": BoundKind.BY, "before": BoundKind.BY,
}  # fmt: skip
#: The words of a withdrawn forecast (compared in lower case, spaces trimmed).
WITHDRAWN_WORDS = frozenset({"unknown", "tbd", "tbc", "tba", "postponed", "none", "n/a"})

# The words a did-you-mean hint may put in, as the hint shows them.
_VOCABULARY = (
    *(name.capitalize() for name in _MONTHS),
    *_SEASONS, *_PARTS, *_PHRASES, *_ORDINALS, "quarter", "half", "the", "of",
    "no", "not", "earlier", "later", "than", "before", "by", "NET", "NLT",
    "unknown", "TBD", "TBC", "TBA", "postponed", "none",
)  # fmt: skip
_NEEDS_OF = frozenset(_PHRASES)

_MAX_TEXT = 200
_BOUND_HERE = "a bound (by, no earlier than) is only for a forecast, a planned date or a deadline"
_Y = r"(?P<y>\d{4})"
_ISO_DAY = LazyPattern(rf"{_Y}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})")
_ISO_MONTH = LazyPattern(rf"{_Y}-(?P<m>\d{{1,2}})")
_ISO_QH = LazyPattern(rf"{_Y}-(?P<k>[qh])(?P<n>\d)")
_YEAR = LazyPattern(_Y)
_QH_YEAR = LazyPattern(rf"(?P<k>[qh])(?P<n>\d)\s+(?:of\s+)?{_Y}")
_YEAR_QH = LazyPattern(rf"{_Y}\s+(?P<k>[qh])(?P<n>\d)")
_ORDINAL_QH = LazyPattern(
    rf"(?:the\s+)?(?P<ord>{'|'.join(_ORDINALS)})\s+(?P<unit>quarter|half)\s+(?:of\s+)?{_Y}"
)
_MONTH_YEAR = LazyPattern(rf"(?P<mon>{_MONTH_RE})\.?,?\s+{_Y}")
_DAY_MONTH_YEAR = LazyPattern(
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE})\.?,?\s+{_Y}"
)
_MONTH_DAY_YEAR = LazyPattern(
    rf"(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}"
)
# "early", or "(the) beginning of": a part of a year or of a month
_PART = rf"(?:(?P<part>early|mid|late)[\s-]+|(?:the\s+)?(?P<phrase>{'|'.join(_PHRASES)})\s+of\s+)"
_PART_YEAR = LazyPattern(rf"{_PART}{_Y}")
_PART_MONTH_YEAR = LazyPattern(rf"{_PART}(?P<mon>{_MONTH_RE})\.?,?\s+{_Y}")
_SEASON_YEAR = LazyPattern(rf"(?P<season>spring|summer|autumn|fall|winter)\s+{_Y}")
_RANGE = LazyPattern(r"\s*\.\.\s*")
_REF = LazyPattern(
    # The id is matched lazily so that "a.b.planned" is milestone "a.b", field planned.
    r"(?P<id>[a-z0-9][a-z0-9._-]*?)(?:\.(?P<field>planned|actual|expected))?"
    r"(?:\s+(?P<sign>[+-])\s*(?P<n>\d{1,6})\s*(?P<unit>days?|weeks?|months?|years?))?"
)
_BOUND_RE = "|".join(word.replace(" ", r"\s+") for word in _BOUND_WORDS)
_BOUND = LazyPattern(rf"(?P<words>{_BOUND_RE})\s+(?P<date>.+)", re.IGNORECASE)


def _date(text: str, y: int, m: int, d: int) -> _dt.date:
    if not 1 <= m <= 12:
        raise DateError(text, f"month {m} does not exist")
    if y < 1:
        raise DateError(text, "year 0 does not exist")
    last = last_day(y, m)
    if not 1 <= d <= last:
        month_name = _MONTH_NAMES[m - 1]
        raise DateError(text, f"{month_name} {y} has {last} days")
    return _dt.date(y, m, d)


def _single(text: str) -> FuzzyDate:
    """Parse one date of the grammar that is not a range."""
    s = text.strip().lower()
    found = _numeric(text, s) or _worded(text, s)
    if found is None:
        raise DateError(text)
    return found


def _numeric(text: str, s: str) -> FuzzyDate | None:
    """The forms written with numbers: ``2013-04-15``, ``2013-04``, ``2013-Q2``,
    ``Q2 2013``, ``2013 Q2``, ``second quarter of 2013``, ``2013``."""
    if m := _ISO_DAY.fullmatch(s):
        return FuzzyDate.day(_date(text, int(m["y"]), int(m["m"]), int(m["d"])), text)
    if m := _ISO_MONTH.fullmatch(s):
        _date(text, int(m["y"]), int(m["m"]), 1)
        return FuzzyDate.unit(int(m["y"]), int(m["m"]), Precision.MONTH, text)
    if (m := _ISO_QH.fullmatch(s)) or (m := _QH_YEAR.fullmatch(s)) or (m := _YEAR_QH.fullmatch(s)):
        return _quarter_or_half(text, int(m["y"]), m["k"], int(m["n"]))
    if m := _ORDINAL_QH.fullmatch(s):
        kind = "q" if m["unit"] == "quarter" else "h"
        return _quarter_or_half(text, int(m["y"]), kind, _ORDINALS[m["ord"]])
    if m := _YEAR.fullmatch(s):
        _date(text, int(m["y"]), 1, 1)
        return FuzzyDate.unit(int(m["y"]), 1, Precision.YEAR, text)
    return None


def _worded(text: str, s: str) -> FuzzyDate | None:
    """The forms written with words: ``April 2013``, ``15 April 2013``, ``early
    2013``, ``late April 2013``, ``summer 2013`` (and their phrasings)."""
    if m := _MONTH_YEAR.fullmatch(s):
        _date(text, int(m["y"]), 1, 1)
        return FuzzyDate.unit(int(m["y"]), _MONTHS[m["mon"]], Precision.MONTH, text)
    if (m := _DAY_MONTH_YEAR.fullmatch(s)) or (m := _MONTH_DAY_YEAR.fullmatch(s)):
        return FuzzyDate.day(_date(text, int(m["y"]), _MONTHS[m["mon"]], int(m["d"])), text)
    if m := _PART_YEAR.fullmatch(s):
        y = int(m["y"])
        _date(text, y, 1, 1)
        first, last = _PARTS[m["part"] or _PHRASES[m["phrase"]]]
        return FuzzyDate(
            _dt.date(y, first, 1), _dt.date(y, last, last_day(y, last)), Precision.MONTH, text
        )
    if m := _PART_MONTH_YEAR.fullmatch(s):
        y, mon = int(m["y"]), _MONTHS[m["mon"]]
        _date(text, y, mon, 1)
        lo, hi = _PART_DAYS[m["part"] or _PHRASES[m["phrase"]]]
        hi = min(hi, last_day(y, mon))
        return FuzzyDate(_dt.date(y, mon, lo), _dt.date(y, mon, hi), Precision.DAY, text)
    if m := _SEASON_YEAR.fullmatch(s):
        return _season(text, int(m["y"]), _SEASONS[m["season"]])
    return None


def _season(text: str, y: int, first: int) -> FuzzyDate:
    """Three months from ``first`` (winter runs into the next year)."""
    _date(text, y, 1, 1)
    season = FuzzyDate.unit(y, first, Precision.MONTH)
    try:
        end = season.shift(2, "month").end
    except DateError as exc:
        raise DateError(text, "runs past the year 9999") from exc
    return FuzzyDate(season.start, end, Precision.MONTH, text)


def _quarter_or_half(text: str, y: int, kind: str, n: int) -> FuzzyDate:
    _date(text, y, 1, 1)
    if kind == "q":
        if not 1 <= n <= 4:
            raise DateError(text, f"quarter {n} does not exist (Q1-Q4)")
        return FuzzyDate.unit(y, 3 * (n - 1) + 1, Precision.QUARTER, text)
    if not 1 <= n <= 2:
        raise DateError(text, f"half {n} does not exist (H1 or H2)")
    return FuzzyDate.unit(y, 6 * (n - 1) + 1, Precision.HALF, text)


# -- one parser per context, without hints ---------------------------------------


def _text(value: str | int) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DateError(str(value), "expected text")
    text = value.strip() if isinstance(value, str) else f"{value:04d}"
    if not text:
        raise DateError(text, "it is empty")
    if len(text) > _MAX_TEXT:
        raise DateError(text[:40] + "…", "it is too long")
    return text


def _absolute(value: str | int | _dt.date) -> FuzzyDate:
    if isinstance(value, _dt.datetime):
        return FuzzyDate.day(value.date())
    if isinstance(value, _dt.date):
        return FuzzyDate.day(value)
    text = _text(value)
    parts = _RANGE.split(text)
    if len(parts) == 1:
        return _single(text).with_text(text)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise DateError(text, "a range has two ends, A..B")
    lo, hi = _single(parts[0]), _single(parts[1])
    if hi.end < lo.start:
        raise DateError(text, "the range ends before it starts")
    return FuzzyDate(lo.start, hi.end, lo.precision.coarser(hi.precision), text)


def _expr(value: str | int | _dt.date) -> FuzzyDate | DateRef:
    try:
        return _absolute(value)
    except DateError:
        if not isinstance(value, str):
            raise
        text = value.strip()
        ref = _REF.fullmatch(text.lower())
        if ref is None or (ref["sign"] is None and ref["field"] is None):
            raise
        amount = int(ref["n"] or 0) * (-1 if ref["sign"] == "-" else 1)
        unit = (ref["unit"] or "day").rstrip("s")
        return DateRef(ref["id"], ref["field"], amount, unit, text)


def _bound(text: str) -> Bound | None:
    """The bound ``text`` writes, None when it starts with no bound word."""
    m = _BOUND.fullmatch(text)
    if m is None:
        return None
    try:
        date = _absolute(m["date"])
    except DateError as exc:
        raise DateError(text, exc.reason) from exc
    kind = _BOUND_WORDS[" ".join(m["words"].lower().split())]
    return Bound(kind, date, text)


def _bounded(value: str | int | _dt.date) -> FuzzyDate | Bound | DateRef:
    try:
        return _expr(value)
    except DateError:
        if not isinstance(value, str):
            raise
        bound = _bound(_text(value))
        if bound is None:
            raise
        return bound


def _forecast(value: str | int | _dt.date) -> ForecastDate:
    if isinstance(value, str) and value.strip().lower() in WITHDRAWN_WORDS:
        return Withdrawn(value.strip())
    return _bounded(value)


def _explained(
    exc: DateError, parser: Callable[[str], object], *, bounds: bool, withdrawn: bool
) -> DateError:
    """``exc`` with a reason or a hint, when it has neither and one is known."""
    if exc.reason is not None or exc.hint is not None:
        return exc
    text = exc.text
    if not withdrawn and text.strip().lower() in WITHDRAWN_WORDS:
        return DateError(text, "only a forecast's date can be withdrawn")
    if not bounds and _parses(_bounded, text):
        return DateError(text, _BOUND_HERE)
    hint = closest_form(
        text, vocabulary=_VOCABULARY, needs_of=_NEEDS_OF, parses=lambda t: _parses(parser, t)
    )
    return exc if hint is None else DateError(text, hint=hint)


def _parses(parser: Callable[[str], object], text: str) -> bool:
    try:
        parser(text)
    except DateError:
        return False
    return True


# -- memos: one parse per raw value, shared by every file of a process ---------------

_ABSOLUTE = Memo(_absolute)
_EXPR = Memo(_expr)
_BOUNDED = Memo(_bounded)
_FORECAST = Memo(_forecast)


def clear_memo() -> None:
    """Forget every date parsed so far (each memo holds at most ``MEMO_SIZE``)."""
    for memo in (_ABSOLUTE, _EXPR, _BOUNDED, _FORECAST):
        memo.clear()


# -- the public parsers -----------------------------------------------------------


def parse_date(value: str | int | _dt.date) -> FuzzyDate:
    """Parse an absolute date of the grammar: a day, month, quarter, half, year,
    words (``early April 2013``, ``autumn 2017``, ``the end of 2014``,
    ``Q3 of 2014``) or a range ``A..B``.

    YAML turns some of these into ``int`` (``2013``) or ``date``; both are accepted.
    Raises :class:`DateError` with the reason (or a hint) when ``value`` is not a date.
    """
    try:
        return _ABSOLUTE(value)
    except DateError as exc:
        better = _explained(exc, _absolute, bounds=False, withdrawn=False)
        if better is exc:
            raise
        raise better from exc


def parse_date_expr(value: str | int | _dt.date) -> FuzzyDate | DateRef:
    """Parse a date, or a date relative to another milestone (``ID + 100 days``,
    ``ID.actual - 2 weeks``, ``ID.planned``)."""
    try:
        return _EXPR(value)
    except DateError as exc:
        better = _explained(exc, _expr, bounds=False, withdrawn=False)
        if better is exc:
            raise
        raise better from exc


def parse_date_or_bound(value: str | int | _dt.date) -> FuzzyDate | Bound | DateRef:
    """Parse what :func:`parse_date_expr` does, or a bound: ``no earlier than
    DATE`` (also ``not before``, ``NET``) or ``by DATE`` (also ``no later
    than``, ``NLT``, ``before``), DATE any absolute date of the grammar."""
    try:
        return _BOUNDED(value)
    except DateError as exc:
        better = _explained(exc, _bounded, bounds=True, withdrawn=False)
        if better is exc:
            raise
        raise better from exc


def parse_forecast_date(value: str | int | _dt.date) -> ForecastDate:
    """Parse a forecast's date: what :func:`parse_date_or_bound` does, or a
    withdrawn date (``unknown``, ``TBD``, ``TBC``, ``TBA``, ``postponed``,
    ``none``, ``n/a``; any case), which is :data:`WITHDRAWN`."""
    try:
        return _FORECAST(value)
    except DateError as exc:
        better = _explained(exc, _forecast, bounds=True, withdrawn=True)
        if better is exc:
            raise
        raise better from exc
