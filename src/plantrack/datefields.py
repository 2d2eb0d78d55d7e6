"""Reading the dates of a plan's fields, each with the grammar its key allows.

* most dates: a date of the grammar or a reference to another milestone;
* ``planned`` and ``deadline``: also ``by DATE``, which as a planned date or
  deadline is DATE's last day (``no earlier than`` has none: an error);
* a forecast's ``date``: also a bound or a withdrawn date (``unknown``, ``TBD``),
  which needs a ``reported`` date (when it was withdrawn);
* a source's date, a re-baseline's dates: a date, not a reference.

Each problem goes to the ``reporter`` (the validator) at its key path.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from plantrack.dates import (
    Bound,
    DateError,
    DateRef,
    ForecastDate,
    FuzzyDate,
    Withdrawn,
    parse_date_expr,
    parse_date_or_bound,
    parse_forecast_date,
)
from plantrack.messages import shorten, type_name
from plantrack.positions import KeyPath
from plantrack.references import Expr, Reporter

__all__ = [
    "absolute_date",
    "date_expr",
    "dated",
    "forecast_date",
    "last_day",
    "report_withdrawn_without_date",
]


def _parsed(
    reporter: Reporter,
    value: object,
    path: KeyPath,
    parse: Callable[[str | int | _dt.date], object],
) -> object:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, _dt.date)):
        reporter.error(path, f"'{path[-1]}' must be a date, not {type_name(value)}")
        return None
    try:
        return parse(value)
    except DateError as exc:
        reporter.error(path, f"'{path[-1]}': {exc}")
        return None


def date_expr(reporter: Reporter, value: object, path: KeyPath) -> Expr | None:
    """A date or a reference to one, or None."""
    expr = _parsed(reporter, value, path, parse_date_expr)
    return expr if isinstance(expr, (FuzzyDate, DateRef)) else None


def absolute_date(reporter: Reporter, value: object, path: KeyPath) -> FuzzyDate | None:
    """A date that is not a reference, or None."""
    expr = date_expr(reporter, value, path)
    if isinstance(expr, DateRef):
        reporter.error(path, f"'{path[-1]}' must be a date, not a milestone reference")
        return None
    return expr


def last_day(reporter: Reporter, value: object, path: KeyPath) -> Expr | None:
    """A planned date or deadline: a date, a reference, or ``by DATE`` (DATE's
    last day, labelled as written); ``no earlier than`` has no last day."""
    expr = _parsed(reporter, value, path, parse_date_or_bound)
    if not isinstance(expr, Bound):
        return expr if isinstance(expr, (FuzzyDate, DateRef)) else None
    day = expr.as_deadline()
    if day is None:
        reporter.error(
            path,
            f"'{path[-1]}': \"{shorten(expr.label)}\" has no last day "
            "(expected a date, or by DATE; no earlier than is for a forecast)",
        )
        return None
    return day.with_text(expr.label)


def dated(reporter: Reporter, key: str, value: object, path: KeyPath) -> Expr | None:
    """``planned`` may be ``by DATE``; ``actual`` is a date or a reference."""
    if key == "planned":
        return last_day(reporter, value, path)
    return date_expr(reporter, value, path)


def forecast_date(reporter: Reporter, value: object, path: KeyPath) -> ForecastDate | None:
    """A forecast's date: a date, a reference, a bound or a withdrawn date."""
    expr = _parsed(reporter, value, path, parse_forecast_date)
    return expr if isinstance(expr, (FuzzyDate, DateRef, Bound, Withdrawn)) else None


def report_withdrawn_without_date(reporter: Reporter, date: Withdrawn, path: KeyPath) -> None:
    """A withdrawn date needs the day it was withdrawn."""
    reporter.error(
        path,
        f"'date': \"{shorten(date.label)}\" withdraws the date, but the forecast has no "
        "'reported' (expected when it was withdrawn, e.g. reported: 2015-02)",
    )
