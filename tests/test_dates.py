"""The date grammar (docs/plan-format.md, "Dates"): every form, worked out by hand."""

from __future__ import annotations

import datetime as _dt

import pytest

from plantrack.dates import DateError, DateRef, FuzzyDate, Precision, parse_date, parse_date_expr

D = _dt.date
DAY, MONTH, QUARTER, HALF, YEAR = (
    Precision.DAY,
    Precision.MONTH,
    Precision.QUARTER,
    Precision.HALF,
    Precision.YEAR,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        # ISO forms
        ("2013-04-15", D(2013, 4, 15), D(2013, 4, 15), DAY),
        ("2013-4-5", D(2013, 4, 5), D(2013, 4, 5), DAY),
        ("2013-04", D(2013, 4, 1), D(2013, 4, 30), MONTH),
        ("2013-02", D(2013, 2, 1), D(2013, 2, 28), MONTH),
        ("2012-02", D(2012, 2, 1), D(2012, 2, 29), MONTH),  # leap year
        ("2013-Q2", D(2013, 4, 1), D(2013, 6, 30), QUARTER),
        ("2013-q4", D(2013, 10, 1), D(2013, 12, 31), QUARTER),
        ("2013-H1", D(2013, 1, 1), D(2013, 6, 30), HALF),
        ("2013-H2", D(2013, 7, 1), D(2013, 12, 31), HALF),
        ("2013", D(2013, 1, 1), D(2013, 12, 31), YEAR),
        # words
        ("April 2013", D(2013, 4, 1), D(2013, 4, 30), MONTH),
        ("Apr 2013", D(2013, 4, 1), D(2013, 4, 30), MONTH),
        ("sept 2013", D(2013, 9, 1), D(2013, 9, 30), MONTH),
        ("15 April 2013", D(2013, 4, 15), D(2013, 4, 15), DAY),
        ("15th April 2013", D(2013, 4, 15), D(2013, 4, 15), DAY),
        ("April 15, 2013", D(2013, 4, 15), D(2013, 4, 15), DAY),
        ("Q2 2013", D(2013, 4, 1), D(2013, 6, 30), QUARTER),
        ("H2 2013", D(2013, 7, 1), D(2013, 12, 31), HALF),
        # parts of a year: Jan-Apr, May-Aug, Sep-Dec
        ("early 2013", D(2013, 1, 1), D(2013, 4, 30), MONTH),
        ("mid 2013", D(2013, 5, 1), D(2013, 8, 31), MONTH),
        ("mid-2013", D(2013, 5, 1), D(2013, 8, 31), MONTH),
        ("late 2013", D(2013, 9, 1), D(2013, 12, 31), MONTH),
        # parts of a month: 1-10, 11-20, 21-end
        ("early April 2013", D(2013, 4, 1), D(2013, 4, 10), DAY),
        ("mid April 2013", D(2013, 4, 11), D(2013, 4, 20), DAY),
        ("late April 2013", D(2013, 4, 21), D(2013, 4, 30), DAY),
        ("late February 2012", D(2012, 2, 21), D(2012, 2, 29), DAY),
        ("late January 2014", D(2014, 1, 21), D(2014, 1, 31), DAY),
        # seasons: Mar-May, Jun-Aug, Sep-Nov, Dec-Feb (into the next year)
        ("spring 2013", D(2013, 3, 1), D(2013, 5, 31), MONTH),
        ("summer 2013", D(2013, 6, 1), D(2013, 8, 31), MONTH),
        ("autumn 2017", D(2017, 9, 1), D(2017, 11, 30), MONTH),
        ("fall 2017", D(2017, 9, 1), D(2017, 11, 30), MONTH),
        ("winter 2013", D(2013, 12, 1), D(2014, 2, 28), MONTH),
        ("winter 2015", D(2015, 12, 1), D(2016, 2, 29), MONTH),
        # ranges take the coarser precision of their ends
        ("2013-10..2013-11", D(2013, 10, 1), D(2013, 11, 30), MONTH),
        ("October 2013..November 2013", D(2013, 10, 1), D(2013, 11, 30), MONTH),
        ("2013-10 .. 2013-11", D(2013, 10, 1), D(2013, 11, 30), MONTH),
        ("2013-04-15..2013-06", D(2013, 4, 15), D(2013, 6, 30), MONTH),
        ("2013-Q2..2014", D(2013, 4, 1), D(2014, 12, 31), YEAR),
        ("2013-01-10..2013-01-20", D(2013, 1, 10), D(2013, 1, 20), DAY),
    ],
)
def test_parse(text: str, start: _dt.date, end: _dt.date, precision: Precision) -> None:
    d = parse_date(text)
    assert (d.start, d.end, d.precision) == (start, end, precision)
    assert d.text == text


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        (D(2014, 2, 7), D(2014, 2, 7), D(2014, 2, 7), DAY),  # YAML made it a date
        (_dt.datetime(2014, 2, 7, 10, 30), D(2014, 2, 7), D(2014, 2, 7), DAY),
        (2013, D(2013, 1, 1), D(2013, 12, 31), YEAR),  # YAML made it an int
    ],
)
def test_parse_yaml_scalars(
    value: object, start: _dt.date, end: _dt.date, precision: Precision
) -> None:
    d = parse_date(value)  # type: ignore[arg-type]
    assert (d.start, d.end, d.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2013-13", "month 13 does not exist"),
        ("2013-02-30", "February 2013 has 28 days"),
        ("2012-02-30", "February 2012 has 29 days"),
        ("2013-04-31", "April 2013 has 30 days"),
        ("2013-Q5", "quarter 5 does not exist"),
        ("2013-H3", "half 3 does not exist"),
        ("0000", "year 0 does not exist"),
        ("2014..2013", "the range ends before it starts"),
        ("2013..2014..2015", "a range has two ends"),
        ("2013..", "a range has two ends"),
        ("", "it is empty"),
    ],
)
def test_impossible_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert reason in str(info.value)
    assert str(info.value).endswith("(expected e.g. 2013-04, April 2013, 2013-Q2)")


@pytest.mark.parametrize(
    "text",
    ["soon", "Apr-13", "13 2013", "2013/04/15", "15/04/2013", "next year", "April", "Q2", "201"],
)
def test_not_dates(text: str) -> None:
    with pytest.raises(DateError, match="is not a date"):
        parse_date(text)


@pytest.mark.parametrize("value", [True, None, 1.5, [2013]])
def test_wrong_types(value: object) -> None:
    with pytest.raises(DateError):
        parse_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("deloitte-review + 100 days", DateRef("deloitte-review", None, 100, "day")),
        ("deloitte-review + 1 month", DateRef("deloitte-review", None, 1, "month")),
        ("x - 2 weeks", DateRef("x", None, -2, "week")),
        ("x + 1 year", DateRef("x", None, 1, "year")),
        ("x.actual + 3 days", DateRef("x", "actual", 3, "day")),
        ("x.expected - 1 month", DateRef("x", "expected", -1, "month")),
        ("x.planned", DateRef("x", "planned", 0, "day")),
        ("v1.2.planned + 1 day", DateRef("v1.2", "planned", 1, "day")),
    ],
)
def test_references(text: str, ref: DateRef) -> None:
    assert parse_date_expr(text) == ref


@pytest.mark.parametrize("text", ["x", "x + 3", "x + 3 fortnights", "X + 1 day!"])
def test_bad_references(text: str) -> None:
    with pytest.raises(DateError):
        parse_date_expr(text)


@pytest.mark.parametrize(
    ("base", "amount", "unit", "start", "end", "precision"),
    [
        # whole months and years keep the precision
        ("October 2012", 1, "month", D(2012, 11, 1), D(2012, 11, 30), MONTH),
        ("October 2012", -10, "month", D(2011, 12, 1), D(2011, 12, 31), MONTH),
        ("2013-Q2", 1, "year", D(2014, 4, 1), D(2014, 6, 30), QUARTER),
        ("2013-01-31", 1, "month", D(2013, 2, 28), D(2013, 2, 28), DAY),  # month-end clamps
        ("2012-02-29", 1, "year", D(2013, 2, 28), D(2013, 2, 28), DAY),
        # days and weeks give a day-precision range
        ("October 2012", 10, "day", D(2012, 10, 11), D(2012, 11, 10), DAY),
        ("October 2012", 100, "day", D(2013, 1, 9), D(2013, 2, 8), DAY),
        ("2013-04-15", -2, "week", D(2013, 4, 1), D(2013, 4, 1), DAY),
    ],
)
def test_shift(
    base: str,
    amount: int,
    unit: str,
    start: _dt.date,
    end: _dt.date,
    precision: Precision,
) -> None:
    d = parse_date(base).shift(amount, unit)
    assert (d.start, d.end, d.precision) == (start, end, precision)


def test_shift_out_of_range() -> None:
    with pytest.raises(DateError, match="out of the supported range"):
        parse_date("9999-12").shift(1, "month")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("April 2013", "2013-04"),
        ("15 April 2013", "2013-04-15"),
        ("Q2 2013", "2013-Q2"),
        ("H1 2013", "2013-H1"),
        ("2013", "2013"),
        ("early 2013", "2013-01..2013-04"),
        ("early April 2013", "2013-04-01..2013-04-10"),
        ("winter 2013", "2013-12..2014-02"),
        ("October 2013..November 2013", "2013-10..2013-11"),
        ("2013-Q2..2013-11", "2013-Q2..2013-11"),
        ("2013-04..2013-04", "2013-04"),
        ("2013-Q1..2013-Q4", "2013-Q1..2013-Q4"),
    ],
)
def test_canonical(text: str, canonical: str) -> None:
    d = parse_date(text)
    assert d.canonical() == canonical
    assert parse_date(canonical) == d


def test_equality_ignores_text() -> None:
    assert parse_date("April 2013") == parse_date("2013-04")
    assert FuzzyDate.day(D(2013, 4, 1)) != parse_date("2013-04")


def test_unit_constructor() -> None:
    assert FuzzyDate.unit(2013, 4, QUARTER) == parse_date("2013-Q2")
    assert FuzzyDate.unit(2013, 4, QUARTER).text == "2013-Q2"
    with pytest.raises(ValueError, match=r"use FuzzyDate\.day"):
        FuzzyDate.unit(2013, 4, DAY)
