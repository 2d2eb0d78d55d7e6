"""The date grammar: text -> :class:`FuzzyDate`, an interval with a precision.

A source rarely gives a day. "April 2013" is the whole of April, "October or
November 2013" is two months, "2013" is a year.  Every date in plantrack is
therefore an interval ``[start, end]`` (both ends inclusive) together with the
precision the source gave it at.  This module parses the grammar documented in
``docs/plan-format.md`` and does the interval arithmetic; it does no I/O.

Relative dates (``deloitte-review + 100 days``) are parsed into a
:class:`DateRef`, which the loader resolves against the plan's milestones.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "EXPECTED_HINT",
    "DateError",
    "DateRef",
    "FuzzyDate",
    "Precision",
    "add_months",
    "months_between_days",
    "parse_date",
    "parse_date_expr",
]

EXPECTED_HINT = "expected e.g. 2013-04, April 2013, 2013-Q2"


class DateError(ValueError):
    """A text that is not a date of the grammar, with the reason why."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        self.text = text
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f'"{text}" is not a date{detail} ({EXPECTED_HINT})')


class Precision(Enum):
    """How precisely a source gave a date, from finest to coarsest."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def rank(self) -> int:
        """Order from finest (0, day) to coarsest (4, year)."""
        return _RANK[self]

    @property
    def months(self) -> int:
        """Length of one unit in months (0 for day)."""
        return _UNIT_MONTHS[self]

    def coarser(self, other: Precision) -> Precision:
        """The coarser of two precisions."""
        return self if self.rank >= other.rank else other


_RANK = {p: i for i, p in enumerate(Precision)}
_UNIT_MONTHS = {
    Precision.DAY: 0,
    Precision.MONTH: 1,
    Precision.QUARTER: 3,
    Precision.HALF: 6,
    Precision.YEAR: 12,
}


def _last_day(year: int, month: int) -> int:
    # Not calendar.monthrange: importing calendar (and locale) costs startup time.
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _month_index(d: _dt.date) -> int:
    """Months since year 0: comparable month numbers."""
    return d.year * 12 + d.month - 1


def _unit_first_month(d: _dt.date, precision: Precision) -> int:
    """Month index of the first month of the ``precision`` unit containing ``d``."""
    size = precision.months
    return d.year * 12 + ((d.month - 1) // size) * size


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as a source gave it: the interval ``[start, end]`` and its precision.

    ``text`` is the text as written in the plan; ``derived`` is true when that
    text is a reference to another milestone (``deloitte-review + 10 days``).
    Neither takes part in equality.
    """

    start: _dt.date
    end: _dt.date
    precision: Precision
    text: str = field(default="", compare=False)
    derived: bool = field(default=False, compare=False)

    # -- constructors ---------------------------------------------------------
    @classmethod
    def day(cls, d: _dt.date, text: str = "") -> FuzzyDate:
        """A single day."""
        return cls(d, d, Precision.DAY, text or d.isoformat())

    @classmethod
    def unit(cls, year: int, month: int, precision: Precision, text: str = "") -> FuzzyDate:
        """The month, quarter, half or year that starts in ``year``-``month``
        (for a day, use :meth:`day`)."""
        if precision is Precision.DAY:
            raise ValueError("FuzzyDate.unit takes month, quarter, half or year; use FuzzyDate.day")
        last_month_index = year * 12 + month - 1 + precision.months - 1
        ey, em = divmod(last_month_index, 12)
        em += 1
        start = _dt.date(year, month, 1)
        end = _dt.date(ey, em, _last_day(ey, em))
        result = cls(start, end, precision)
        return result.with_text(text or result.canonical())

    def with_text(self, text: str, *, derived: bool = False) -> FuzzyDate:
        """The same interval, labelled with ``text``."""
        return FuzzyDate(self.start, self.end, self.precision, text, derived)

    # -- queries --------------------------------------------------------------
    @property
    def is_single_day(self) -> bool:
        """True when the interval is exactly one day."""
        return self.start == self.end

    @property
    def label(self) -> str:
        """The text as written, else the canonical text."""
        return self.text or self.canonical()

    @property
    def display(self) -> str:
        """What a table shows: the text as written, but the date itself
        (canonical text) for a reference to another milestone."""
        return self.canonical() if self.derived or not self.text else self.text

    def contains(self, d: _dt.date) -> bool:
        """True when ``d`` lies inside the interval."""
        return self.start <= d <= self.end

    def first_unit_month(self) -> int:
        """Month index of the first month of the unit (at this precision) holding ``start``."""
        return _unit_first_month(self.start, self.precision)

    def canonical(self) -> str:
        """A text that parses back to an equal date (for every date of the grammar)."""
        exact = _unit_text(self.start, self.end, self.precision)
        if exact is not None:
            return exact
        lo = _end_text(self.start, self.precision, at_start=True)
        hi = _end_text(self.end, self.precision, at_start=False)
        return f"{lo}..{hi}"

    def shift(self, amount: int, unit: str) -> FuzzyDate:
        """Shift by whole days, weeks, months or years.

        Months and years keep the precision (``October 2012 + 1 month`` is
        November 2012); days and weeks give a day-precision range.
        """
        try:
            if unit in ("day", "week"):
                delta = _dt.timedelta(days=amount * (7 if unit == "week" else 1))
                start, end = self.start + delta, self.end + delta
                return FuzzyDate(start, end, Precision.DAY, _range_text(start, end))
            months = amount * (12 if unit == "year" else 1)
            if self.precision is Precision.DAY:
                start = add_months(self.start, months)
                end = add_months(self.end, months)
            else:
                # Coarse dates are month-aligned: move whole months.
                start = add_months(self.start, months)
                end_month = add_months(self.end.replace(day=1), months)
                end = end_month.replace(day=_last_day(end_month.year, end_month.month))
        except (OverflowError, ValueError) as exc:
            reason = "shifted out of the supported range (years 1-9999)"
            raise DateError(self.label, reason) from exc
        shifted = FuzzyDate(start, end, self.precision)
        return shifted.with_text(shifted.canonical())

    def __str__(self) -> str:
        return self.label


def _range_text(start: _dt.date, end: _dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def _unit_text(start: _dt.date, end: _dt.date, precision: Precision) -> str | None:
    """The single-unit text for ``[start, end]`` at ``precision``, if it is exactly one unit."""
    if precision is Precision.DAY:
        return start.isoformat() if start == end else None
    if start.day != 1 or _unit_first_month(start, precision) != _month_index(start):
        return None
    last = _month_index(start) + precision.months - 1
    if _month_index(end) != last or end.day != _last_day(end.year, end.month):
        return None
    return _format_unit(start, precision)


def _format_unit(start: _dt.date, precision: Precision) -> str:
    if precision is Precision.DAY:
        return start.isoformat()
    if precision is Precision.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    if precision is Precision.QUARTER:
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    if precision is Precision.HALF:
        return f"{start.year:04d}-H{(start.month - 1) // 6 + 1}"
    return f"{start.year:04d}"


def _end_text(d: _dt.date, precision: Precision, *, at_start: bool) -> str:
    """The coarsest unit text, no coarser than ``precision``, that starts (ends) at ``d``."""
    for p in sorted(Precision, key=lambda q: q.rank, reverse=True):
        if p.rank > precision.rank:
            continue
        if p is Precision.DAY:
            return d.isoformat()
        first = _unit_first_month(d, p)
        if at_start:
            if d.day == 1 and first == _month_index(d):
                return _format_unit(d, p)
        elif d.day == _last_day(d.year, d.month) and _month_index(d) == first + p.months - 1:
            y, m = divmod(first, 12)
            return _format_unit(_dt.date(y, m + 1, 1), p)
    return d.isoformat()  # pragma: no cover - the DAY branch always returns


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date relative to another milestone: ``ID[.field] (+|-) N unit``."""

    milestone: str
    field_name: str | None  # planned | actual | expected; None: the same field
    amount: int
    unit: str  # day | week | month | year
    text: str = field(default="", compare=False)

    def canonical(self) -> str:
        """A text that parses back to an equal reference."""
        name = self.field_name
        ref = self.milestone if name is None else f"{self.milestone}.{name}"
        if self.amount == 0 and name is not None:
            return ref
        sign = "-" if self.amount < 0 else "+"
        n = abs(self.amount)
        return f"{ref} {sign} {n} {self.unit}{'' if n == 1 else 's'}"


# -- the grammar ---------------------------------------------------------------

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

_Y = r"(?P<y>\d{4})"
_ISO_DAY = re.compile(rf"{_Y}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})")
_ISO_MONTH = re.compile(rf"{_Y}-(?P<m>\d{{1,2}})")
_ISO_QH = re.compile(rf"{_Y}-(?P<k>[qh])(?P<n>\d)")
_YEAR = re.compile(_Y)
_QH_YEAR = re.compile(rf"(?P<k>[qh])(?P<n>\d)\s+{_Y}")
_MONTH_YEAR = re.compile(rf"(?P<mon>{_MONTH_RE})\.?,?\s+{_Y}")
_DAY_MONTH_YEAR = re.compile(
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE})\.?,?\s+{_Y}"
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}"
)
_PART_YEAR = re.compile(rf"(?P<part>early|mid|late)[\s-]+{_Y}")
_PART_MONTH_YEAR = re.compile(rf"(?P<part>early|mid|late)[\s-]+(?P<mon>{_MONTH_RE})\.?,?\s+{_Y}")
_SEASON_YEAR = re.compile(rf"(?P<season>spring|summer|autumn|fall|winter)\s+{_Y}")
_RANGE = re.compile(r"\s*\.\.\s*")
_REF = re.compile(
    # The id is matched lazily so that "a.b.planned" is milestone "a.b", field planned.
    r"(?P<id>[a-z0-9][a-z0-9._-]*?)(?:\.(?P<field>planned|actual|expected))?"
    r"(?:\s+(?P<sign>[+-])\s*(?P<n>\d{1,6})\s*(?P<unit>days?|weeks?|months?|years?))?"
)


def _date(text: str, y: int, m: int, d: int) -> _dt.date:
    if not 1 <= m <= 12:
        raise DateError(text, f"month {m} does not exist")
    if y < 1:
        raise DateError(text, "year 0 does not exist")
    last = _last_day(y, m)
    if not 1 <= d <= last:
        month_name = _MONTH_NAMES[m - 1]
        raise DateError(text, f"{month_name} {y} has {last} days")
    return _dt.date(y, m, d)


def _single(text: str) -> FuzzyDate:
    """Parse one date of the grammar that is not a range."""
    s = text.strip().lower()
    if m := _ISO_DAY.fullmatch(s):
        return FuzzyDate.day(_date(text, int(m["y"]), int(m["m"]), int(m["d"])), text)
    if m := _ISO_MONTH.fullmatch(s):
        _date(text, int(m["y"]), int(m["m"]), 1)
        return FuzzyDate.unit(int(m["y"]), int(m["m"]), Precision.MONTH, text)
    if (m := _ISO_QH.fullmatch(s)) or (m := _QH_YEAR.fullmatch(s)):
        return _quarter_or_half(text, m)
    if m := _YEAR.fullmatch(s):
        _date(text, int(m["y"]), 1, 1)
        return FuzzyDate.unit(int(m["y"]), 1, Precision.YEAR, text)
    if m := _MONTH_YEAR.fullmatch(s):
        _date(text, int(m["y"]), 1, 1)
        return FuzzyDate.unit(int(m["y"]), _MONTHS[m["mon"]], Precision.MONTH, text)
    if (m := _DAY_MONTH_YEAR.fullmatch(s)) or (m := _MONTH_DAY_YEAR.fullmatch(s)):
        return FuzzyDate.day(_date(text, int(m["y"]), _MONTHS[m["mon"]], int(m["d"])), text)
    if m := _PART_YEAR.fullmatch(s):
        y = int(m["y"])
        _date(text, y, 1, 1)
        first, last = _PARTS[m["part"]]
        return FuzzyDate(
            _dt.date(y, first, 1), _dt.date(y, last, _last_day(y, last)), Precision.MONTH, text
        )
    if m := _PART_MONTH_YEAR.fullmatch(s):
        y, mon = int(m["y"]), _MONTHS[m["mon"]]
        _date(text, y, mon, 1)
        lo, hi = _PART_DAYS[m["part"]]
        hi = min(hi, _last_day(y, mon))
        return FuzzyDate(_dt.date(y, mon, lo), _dt.date(y, mon, hi), Precision.DAY, text)
    if m := _SEASON_YEAR.fullmatch(s):
        y = int(m["y"])
        _date(text, y, 1, 1)
        first = _SEASONS[m["season"]]
        season = FuzzyDate.unit(y, first, Precision.MONTH)
        try:
            end = season.shift(2, "month").end
        except DateError as exc:
            raise DateError(text, "runs past the year 9999") from exc
        return FuzzyDate(season.start, end, Precision.MONTH, text)
    raise DateError(text)


def _quarter_or_half(text: str, m: re.Match[str]) -> FuzzyDate:
    y, n = int(m["y"]), int(m["n"])
    _date(text, y, 1, 1)
    if m["k"] == "q":
        if not 1 <= n <= 4:
            raise DateError(text, f"quarter {n} does not exist (Q1-Q4)")
        return FuzzyDate.unit(y, 3 * (n - 1) + 1, Precision.QUARTER, text)
    if not 1 <= n <= 2:
        raise DateError(text, f"half {n} does not exist (H1 or H2)")
    return FuzzyDate.unit(y, 6 * (n - 1) + 1, Precision.HALF, text)


def parse_date(value: str | int | _dt.date) -> FuzzyDate:
    """Parse an absolute date of the grammar: a day, month, quarter, half, year,
    words (``early April 2013``, ``autumn 2017``) or a range ``A..B``.

    YAML turns some of these into ``int`` (``2013``) or ``date``; both are accepted.
    Raises :class:`DateError` with the reason when ``value`` is not a date.
    """
    if isinstance(value, _dt.datetime):
        return FuzzyDate.day(value.date())
    if isinstance(value, _dt.date):
        return FuzzyDate.day(value)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DateError(str(value), "expected text")
    text = str(value).strip() if isinstance(value, str) else f"{value:04d}"
    if not text:
        raise DateError(text, "it is empty")
    if len(text) > 200:
        raise DateError(text[:40] + "…", "it is too long")
    parts = _RANGE.split(text)
    if len(parts) == 1:
        return _single(text).with_text(text)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise DateError(text, "a range has two ends, A..B")
    lo, hi = _single(parts[0]), _single(parts[1])
    if hi.end < lo.start:
        raise DateError(text, "the range ends before it starts")
    return FuzzyDate(lo.start, hi.end, lo.precision.coarser(hi.precision), text)


def parse_date_expr(value: str | int | _dt.date) -> FuzzyDate | DateRef:
    """Parse a date, or a date relative to another milestone (``ID + 100 days``,
    ``ID.actual - 2 weeks``, ``ID.planned``)."""
    try:
        return parse_date(value)
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


def months_between_days(a: _dt.date, b: _dt.date) -> tuple[int, int]:
    """Whole months and remaining days from ``a`` to ``b``, negative when ``b`` is earlier.

    Counted with relativedelta from the earlier day to the later, so the result
    is antisymmetric: ``months_between_days(b, a) == -months_between_days(a, b)``.
    """
    if b >= a:
        return _months_days(a, b)
    months, days = _months_days(b, a)
    return -months, -days


def add_months(d: _dt.date, months: int) -> _dt.date:
    """``d + relativedelta(months=months)``: the same day, clamped to the month's end.

    Raises ValueError outside years 1-9999.  (Not dateutil itself: importing it
    costs the CLI's startup time.)
    """
    y, m = divmod(d.month - 1 + months, 12)
    year = d.year + y
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    return _dt.date(year, m + 1, min(d.day, _last_day(year, m + 1)))


def _months_days(a: _dt.date, b: _dt.date) -> tuple[int, int]:
    """Whole months and days from ``a`` to a later ``b``, as ``relativedelta(b, a)``
    counts them: the most months that ``a`` can be moved forward (day clamped to
    the month's end) without passing ``b``, then the days left."""
    months = (b.year - a.year) * 12 + b.month - a.month
    moved = add_months(a, months)
    if moved > b:
        months -= 1
        moved = add_months(a, months)
    return months, (b - moved).days
