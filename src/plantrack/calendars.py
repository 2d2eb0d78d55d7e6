"""Working-day calendars: ``weekdays`` (Monday to Friday) or a country or
subdivision code (``GB-ENG``, ``US``, ``DE-BY``) whose public holidays come
from the ``holidays`` package.

Business days are counted exactly as ``numpy.busday_count`` counts them: the
working days in ``[start, end)``, and when ``end`` is earlier than ``start``,
minus the working days in ``[end + 1 day, start + 1 day)``.  The ``holidays``
package is imported only when a calendar other than ``weekdays`` is used, and
each year's holidays are computed once, when first needed.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
from typing import Any

__all__ = [
    "WEEKDAYS",
    "Calendar",
    "CalendarError",
    "busday_count",
    "calendar_problem",
    "get_calendar",
]

WEEKDAYS = "weekdays"


class CalendarError(ValueError):
    """A calendar code that the ``holidays`` package does not know."""


def _weekdays_in(start: _dt.date, end: _dt.date) -> int:
    """Monday-to-Friday days in ``[start, end)``, for ``start <= end``."""
    n = (end - start).days
    weeks, rest = divmod(n, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


def busday_count(
    start: _dt.date, end: _dt.date, holidays: tuple[_dt.date, ...] | list[_dt.date] = ()
) -> int:
    """Working days (Monday to Friday, less ``holidays``) in ``[start, end)``;
    negative when ``end`` is earlier, as ``numpy.busday_count`` counts.

    ``holidays`` must be sorted; holidays on a weekend are ignored.
    """
    if end < start:
        # minus the working days in [end + 1, start + 1), i.e. in (end, start]:
        # [end, start) less ``end`` plus ``start`` (no date arithmetic past 9999-12-31)
        inner = busday_count(end, start, holidays)
        return -(inner - _works(end, holidays) + _works(start, holidays))
    lo = bisect.bisect_left(holidays, start)
    hi = bisect.bisect_left(holidays, end)
    off = len({d for d in holidays[lo:hi] if d.weekday() < 5})
    return _weekdays_in(start, end) - off


def _works(d: _dt.date, holidays: tuple[_dt.date, ...] | list[_dt.date]) -> int:
    """1 when ``d`` is a working day, else 0."""
    i = bisect.bisect_left(holidays, d)
    return int(d.weekday() < 5 and not (i < len(holidays) and holidays[i] == d))


class Calendar:
    """A working-day calendar.  Build it with :func:`get_calendar`."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._years: dict[int, tuple[_dt.date, ...]] = {}
        self._country, _, self._subdiv = code.partition("-")
        self._span: tuple[int, int] | None = None  # the years the package has holidays for

    def __repr__(self) -> str:
        return f"Calendar({self.code!r})"

    def _years_known(self) -> tuple[int, int]:
        """The first and last year the ``holidays`` package defines holidays for
        this country (none outside them), so that a span of centuries costs
        no more than the package's own range."""
        if self._span is None:
            import holidays

            days: Any = holidays.country_holidays(self._country, subdiv=self._subdiv or None)
            self._span = (getattr(days, "start_year", 1), getattr(days, "end_year", 9999))
        return self._span

    def _year(self, year: int) -> tuple[_dt.date, ...]:
        cached = self._years.get(year)
        if cached is None:
            import holidays  # imported only when a holiday calendar is used

            days: Any = holidays.country_holidays(
                self._country, subdiv=self._subdiv or None, years=year
            )
            cached = tuple(sorted(d for d in days if d.year == year))
            self._years[year] = cached
        return cached

    def holidays_between(self, start: _dt.date, end: _dt.date) -> list[_dt.date]:
        """The public holidays in ``[start, end]`` (both inclusive), sorted."""
        if self.code == WEEKDAYS or end < start:
            return []
        first, last = self._years_known()
        out: list[_dt.date] = []
        for year in range(max(start.year, first), min(end.year, last) + 1):
            out.extend(d for d in self._year(year) if start <= d <= end)
        return out

    def is_working_day(self, d: _dt.date) -> bool:
        """True on a Monday to Friday that is not a public holiday."""
        return d.weekday() < 5 and not self.holidays_between(d, d)

    def count(self, start: _dt.date, end: _dt.date) -> int:
        """Working days in ``[start, end)``, negative when ``end`` is earlier
        (``numpy.busday_count`` with this calendar's holidays)."""
        # [start, end) forwards and (end, start] backwards both lie in [lo, hi]
        lo, hi = min(start, end), max(start, end)
        return busday_count(start, end, self.holidays_between(lo, hi))


def calendar_problem(code: str) -> str | None:
    """Why ``code`` is not a calendar the ``holidays`` package knows, or None.

    Imports ``holidays`` only for codes other than ``weekdays``.
    """
    if code == WEEKDAYS:
        return None
    country, _, subdiv = code.partition("-")
    supported = _supported()
    if country not in supported:
        return (
            f"unknown country code '{country}' "
            "(expected weekdays or an ISO 3166 code such as GB, US, DE, FR)"
        )
    if subdiv and subdiv not in supported[country]:
        known = ", ".join(f"{country}-{s}" for s in supported[country][:8]) or "none"
        more = ", ..." if len(supported[country]) > 8 else ""
        return f"unknown subdivision '{subdiv}' of {country} (expected one of: {known}{more})"
    return None


@functools.lru_cache(maxsize=1)
def _supported() -> dict[str, list[str]]:
    import holidays

    found: dict[str, list[str]] = holidays.list_supported_countries()
    return found


@functools.lru_cache(maxsize=64)
def get_calendar(code: str = WEEKDAYS) -> Calendar:
    """The calendar for ``weekdays`` or a country/subdivision code (cached).

    Raises :class:`CalendarError` for a code the ``holidays`` package does not know.
    """
    problem = calendar_problem(code)
    if problem is not None:
        raise CalendarError(problem)
    return Calendar(code)
