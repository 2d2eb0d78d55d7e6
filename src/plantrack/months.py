"""Month arithmetic on plain days: month lengths, whole months between two
days, and adding months as ``dateutil.relativedelta`` does.

Not dateutil itself: importing it costs the CLI's startup time. Not
``calendar.monthrange`` either: importing calendar (and locale) does too.
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["add_months", "last_day", "month_index", "months_between_days"]


def last_day(year: int, month: int) -> int:
    """The number of days in ``month`` of ``year`` (Gregorian leap years)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def month_index(d: _dt.date) -> int:
    """Months since year 0: comparable month numbers."""
    return d.year * 12 + d.month - 1


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

    Raises ValueError outside years 1-9999.
    """
    y, m = divmod(d.month - 1 + months, 12)
    year = d.year + y
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    return _dt.date(year, m + 1, min(d.day, last_day(year, m + 1)))


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
