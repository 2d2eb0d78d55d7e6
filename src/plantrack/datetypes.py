"""The values of the date grammar: :class:`FuzzyDate` (an interval with a
precision), :class:`DateRef` (a date relative to another milestone), and what a
forecast may say instead of a date: a :class:`Bound` (``no earlier than
2015``, ``by 2014``) or :class:`Withdrawn` (``unknown``).

A source rarely gives a day. "April 2013" is the whole of April, "October or
November 2013" is two months, "2013" is a year.  Every date in plantrack is
therefore an interval ``[start, end]`` (both ends inclusive) together with the
precision the source gave it at.  Each value has a canonical text that
:mod:`plantrack.dates` (the grammar) parses back to an equal value.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import Enum

from plantrack.months import add_months, last_day, month_index

__all__ = [
    "EXPECTED_HINT",
    "WITHDRAWN",
    "Bound",
    "BoundKind",
    "DateError",
    "DateRef",
    "ForecastDate",
    "FuzzyDate",
    "OpenInterval",
    "Precision",
    "Withdrawn",
]

EXPECTED_HINT = "expected e.g. 2013-04, April 2013, 2013-Q2"


class DateError(ValueError):
    """A text that is not a date of the grammar, with the reason why or, when
    there is no more specific reason, the closest text that is one (``hint``)."""

    def __init__(self, text: str, reason: str | None = None, *, hint: str | None = None) -> None:
        self.text = text
        self.reason = reason
        self.hint = hint
        detail = f": {reason}" if reason else ""
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        super().__init__(f'"{text}" is not a date{detail}{suggestion} ({EXPECTED_HINT})')


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
        end = _dt.date(ey, em, last_day(ey, em))
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
                end = end_month.replace(day=last_day(end_month.year, end_month.month))
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
    if start.day != 1 or _unit_first_month(start, precision) != month_index(start):
        return None
    last = month_index(start) + precision.months - 1
    if month_index(end) != last or end.day != last_day(end.year, end.month):
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
            if d.day == 1 and first == month_index(d):
                return _format_unit(d, p)
        elif d.day == last_day(d.year, d.month) and month_index(d) == first + p.months - 1:
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


# -- what a forecast may say instead of a date ----------------------------------


class BoundKind(Enum):
    """Which side of a date a bound limits; the value is its canonical words."""

    NOT_BEFORE = "no earlier than"
    BY = "by"


@dataclass(frozen=True, slots=True)
class OpenInterval:
    """From ``start`` on, with no end: what ``no earlier than DATE`` allows.

    ``end`` is always None, so code handling ``FuzzyDate | OpenInterval`` can
    test ``x.end is None`` rather than compare against a fake far-off day.
    """

    start: _dt.date
    precision: Precision

    @property
    def end(self) -> None:
        """No end: the open side of the interval."""
        return None

    def contains(self, d: _dt.date) -> bool:
        """True when ``d`` is on or after ``start``."""
        return self.start <= d


@dataclass(frozen=True, slots=True)
class Bound:
    """A date limited on one side: ``no earlier than DATE`` or ``by DATE``.

    ``text`` is the text as written in the plan; it takes no part in equality.
    """

    kind: BoundKind
    date: FuzzyDate
    text: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        """The text as written, else the canonical text."""
        return self.text or self.canonical()

    def canonical(self) -> str:
        """``no earlier than <date>`` or ``by <date>``, the date in its canonical text."""
        return f"{self.kind.value} {self.date.canonical()}"

    def interval(self, reported: FuzzyDate | None) -> FuzzyDate | OpenInterval:
        """The days a forecast with this bound allows, given the day it was reported.

        * ``no earlier than DATE``: from DATE's start, with no end (``reported``
          is not used).
        * ``by DATE``: from ``reported``'s start to DATE's end, at DATE's
          precision. With no ``reported``, DATE itself (nothing says how much
          earlier it could be). Reported after DATE's end (the forecast had
          passed when it was made): DATE's last day, as :meth:`as_deadline`.
        """
        if self.kind is BoundKind.NOT_BEFORE:
            return OpenInterval(self.date.start, self.date.precision)
        if reported is None:
            return self.date.with_text(self.date.canonical())
        if reported.start > self.date.end:
            return FuzzyDate.day(self.date.end)
        span = FuzzyDate(reported.start, self.date.end, self.date.precision)
        return span.with_text(span.canonical())

    def as_deadline(self) -> FuzzyDate | None:
        """``by DATE`` as a planned date or deadline: DATE's last day, a single
        day. None for ``no earlier than``, which has no last day."""
        if self.kind is BoundKind.NOT_BEFORE:
            return None
        return FuzzyDate.day(self.date.end)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """A forecast that withdraws the earlier ones and gives no new date
    (``unknown``, ``TBD``, ``postponed``, ...). All are equal; ``text`` is
    the word as written."""

    text: str = field(default="unknown", compare=False)

    @property
    def label(self) -> str:
        """The word as written."""
        return self.text

    def canonical(self) -> str:
        """Always ``unknown``."""
        return "unknown"

    def __str__(self) -> str:
        return self.label


WITHDRAWN = Withdrawn()

# What a forecast's ``date`` may be.
ForecastDate = FuzzyDate | Bound | Withdrawn | DateRef
