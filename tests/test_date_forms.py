"""The date grammar of issue 10 item 4: more written forms, bounds (``by``,
``no earlier than``), withdrawn dates (``unknown``) and did-you-mean hints.

Every interval below is worked out by hand from the calendar, not by the code
under test: quarters are Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec; halves Jan-Jun,
Jul-Dec; parts of a year Jan-Apr, May-Aug, Sep-Dec; parts of a month 1-10,
11-20, 21-end.
"""

from __future__ import annotations

import datetime as _dt
import time

import pytest

from plantrack.dates import (
    WITHDRAWN,
    Bound,
    BoundKind,
    DateError,
    DateRef,
    FuzzyDate,
    OpenInterval,
    Precision,
    Withdrawn,
    parse_date,
    parse_date_expr,
    parse_date_or_bound,
    parse_forecast_date,
)

D = _dt.date
DAY, MONTH, QUARTER, HALF, YEAR = (
    Precision.DAY,
    Precision.MONTH,
    Precision.QUARTER,
    Precision.HALF,
    Precision.YEAR,
)
NOT_BEFORE, BY = BoundKind.NOT_BEFORE, BoundKind.BY
EXPECTED = "(expected e.g. 2013-04, April 2013, 2013-Q2)"
NOT_HERE = ": only a forecast's date can be withdrawn"
BOUND_HERE = ": a bound (by, no earlier than) is only for a forecast, a planned date or a deadline"


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "canonical"),
    [
        # quarters and halves, the year first or with "of"
        ("2014 Q3", D(2014, 7, 1), D(2014, 9, 30), QUARTER, "2014-Q3"),
        ("2014  q1", D(2014, 1, 1), D(2014, 3, 31), QUARTER, "2014-Q1"),
        ("Q3 of 2014", D(2014, 7, 1), D(2014, 9, 30), QUARTER, "2014-Q3"),
        ("q4 OF 2014", D(2014, 10, 1), D(2014, 12, 31), QUARTER, "2014-Q4"),
        ("H2 2014", D(2014, 7, 1), D(2014, 12, 31), HALF, "2014-H2"),
        ("2014 h1", D(2014, 1, 1), D(2014, 6, 30), HALF, "2014-H1"),
        ("H2 of 2014", D(2014, 7, 1), D(2014, 12, 31), HALF, "2014-H2"),
        # halves and quarters in words
        ("first half of 2014", D(2014, 1, 1), D(2014, 6, 30), HALF, "2014-H1"),
        ("1st half 2014", D(2014, 1, 1), D(2014, 6, 30), HALF, "2014-H1"),
        ("The First Half of 2014", D(2014, 1, 1), D(2014, 6, 30), HALF, "2014-H1"),
        ("second half 2014", D(2014, 7, 1), D(2014, 12, 31), HALF, "2014-H2"),
        ("2nd half of 2014", D(2014, 7, 1), D(2014, 12, 31), HALF, "2014-H2"),
        ("the first quarter of 2014", D(2014, 1, 1), D(2014, 3, 31), QUARTER, "2014-Q1"),
        ("third quarter of 2014", D(2014, 7, 1), D(2014, 9, 30), QUARTER, "2014-Q3"),
        ("4th quarter 2014", D(2014, 10, 1), D(2014, 12, 31), QUARTER, "2014-Q4"),
        # parts of a year in words: = early / mid / late
        ("end of 2014", D(2014, 9, 1), D(2014, 12, 31), MONTH, "2014-09..2014-12"),
        ("the end of 2014", D(2014, 9, 1), D(2014, 12, 31), MONTH, "2014-09..2014-12"),
        ("beginning of 2014", D(2014, 1, 1), D(2014, 4, 30), MONTH, "2014-01..2014-04"),
        ("Start Of 2014", D(2014, 1, 1), D(2014, 4, 30), MONTH, "2014-01..2014-04"),
        ("the middle of 2014", D(2014, 5, 1), D(2014, 8, 31), MONTH, "2014-05..2014-08"),
        # parts of a month in words
        ("the end of March 2014", D(2014, 3, 21), D(2014, 3, 31), DAY, "2014-03-21..2014-03-31"),
        ("end of mar. 2014", D(2014, 3, 21), D(2014, 3, 31), DAY, "2014-03-21..2014-03-31"),
        (
            "the beginning of March 2014",
            D(2014, 3, 1),
            D(2014, 3, 10),
            DAY,
            "2014-03-01..2014-03-10",
        ),
        ("start of April 2014", D(2014, 4, 1), D(2014, 4, 10), DAY, "2014-04-01..2014-04-10"),
        ("middle of April 2014", D(2014, 4, 11), D(2014, 4, 20), DAY, "2014-04-11..2014-04-20"),
        # the edges: leap years (2016 yes, 1900 no, 2000 yes), year 1, year 9999
        ("end of February 2016", D(2016, 2, 21), D(2016, 2, 29), DAY, "2016-02-21..2016-02-29"),
        ("END OF FEBRUARY 1900", D(1900, 2, 21), D(1900, 2, 28), DAY, "1900-02-21..1900-02-28"),
        ("end of February 2000", D(2000, 2, 21), D(2000, 2, 29), DAY, "2000-02-21..2000-02-29"),
        ("beginning of 0001", D(1, 1, 1), D(1, 4, 30), MONTH, "0001-01..0001-04"),
        (
            "the end of December 9999",
            D(9999, 12, 21),
            D(9999, 12, 31),
            DAY,
            "9999-12-21..9999-12-31",
        ),
        ("Q4 of 9999", D(9999, 10, 1), D(9999, 12, 31), QUARTER, "9999-Q4"),
        # a range of new forms takes the coarser precision (quarter over month)
        ("Q3 of 2014..end of 2014", D(2014, 7, 1), D(2014, 12, 31), QUARTER, "2014-Q3..2014-Q4"),
    ],
)
def test_written_forms(
    text: str, start: _dt.date, end: _dt.date, precision: Precision, canonical: str
) -> None:
    date = parse_date(text)
    assert (date.start, date.end, date.precision) == (start, end, precision)
    assert date.text == text
    assert date.canonical() == canonical
    assert parse_date(canonical) == date  # and back, with the same precision


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "precision", "canonical"),
    [
        (
            "no earlier than 2015",
            NOT_BEFORE,
            D(2015, 1, 1),
            D(2015, 12, 31),
            YEAR,
            "no earlier than 2015",
        ),
        (
            "Not Before March 2015",
            NOT_BEFORE,
            D(2015, 3, 1),
            D(2015, 3, 31),
            MONTH,
            "no earlier than 2015-03",
        ),
        (
            "NET Q3 2015",
            NOT_BEFORE,
            D(2015, 7, 1),
            D(2015, 9, 30),
            QUARTER,
            "no earlier than 2015-Q3",
        ),
        (
            "net   2015-06-01",
            NOT_BEFORE,
            D(2015, 6, 1),
            D(2015, 6, 1),
            DAY,
            "no earlier than 2015-06-01",
        ),
        (
            "not earlier than mid 2015",
            NOT_BEFORE,
            D(2015, 5, 1),
            D(2015, 8, 31),
            MONTH,
            "no earlier than 2015-05..2015-08",
        ),
        ("by 2014", BY, D(2014, 1, 1), D(2014, 12, 31), YEAR, "by 2014"),
        (
            "BY the end of March 2014",
            BY,
            D(2014, 3, 21),
            D(2014, 3, 31),
            DAY,
            "by 2014-03-21..2014-03-31",
        ),
        ("No Later Than 2014-H2", BY, D(2014, 7, 1), D(2014, 12, 31), HALF, "by 2014-H2"),
        ("not later than 2014", BY, D(2014, 1, 1), D(2014, 12, 31), YEAR, "by 2014"),
        ("NLT 15 March 2014", BY, D(2014, 3, 15), D(2014, 3, 15), DAY, "by 2014-03-15"),
        ("before autumn 2014", BY, D(2014, 9, 1), D(2014, 11, 30), MONTH, "by 2014-09..2014-11"),
        ("by 2014-10..2014-11", BY, D(2014, 10, 1), D(2014, 11, 30), MONTH, "by 2014-10..2014-11"),
    ],
)
def test_bounds(
    text: str,
    kind: BoundKind,
    start: _dt.date,
    end: _dt.date,
    precision: Precision,
    canonical: str,
) -> None:
    for parse in (parse_date_or_bound, parse_forecast_date):
        bound = parse(text)
        assert isinstance(bound, Bound)
        assert bound.kind is kind
        assert (bound.date.start, bound.date.end, bound.date.precision) == (start, end, precision)
        assert (bound.text, bound.label, str(bound)) == (text, text, text)
        assert bound.canonical() == canonical
        assert parse(canonical) == bound


@pytest.mark.parametrize(
    "text", ["unknown", "Unknown", " TBD ", "tbc", "TBA", "Postponed", "NONE", "n/a", "N/A"]
)
def test_withdrawn_words(text: str) -> None:
    value = parse_forecast_date(text)
    assert value == WITHDRAWN
    assert isinstance(value, Withdrawn)
    assert (value.label, value.canonical()) == (text.strip(), "unknown")
    assert parse_forecast_date(value.canonical()) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # what parse_date_expr reads is read the same by the wider parsers
        ("2014-03", FuzzyDate(D(2014, 3, 1), D(2014, 3, 31), MONTH)),
        (D(2014, 3, 7), FuzzyDate(D(2014, 3, 7), D(2014, 3, 7), DAY)),
        (2014, FuzzyDate(D(2014, 1, 1), D(2014, 12, 31), YEAR)),
        ("x.planned + 2 weeks", DateRef("x", "planned", 2, "week")),
        # milestones named like bound words are still references
        ("net + 2 weeks", DateRef("net", None, 2, "week")),
        ("by.planned", DateRef("by", "planned", 0, "day")),
        ("before - 3 days", DateRef("before", None, -3, "day")),
        ("unknown.actual", DateRef("unknown", "actual", 0, "day")),
    ],
)
def test_wider_parsers_keep_dates_and_references(value: object, expected: object) -> None:
    assert parse_date_or_bound(value) == expected  # type: ignore[arg-type]
    assert parse_forecast_date(value) == expected  # type: ignore[arg-type]


Y2013_03, Y2014_06_15, Y2014_05 = (
    FuzzyDate(D(2013, 3, 1), D(2013, 3, 31), MONTH),
    FuzzyDate(D(2014, 6, 15), D(2014, 6, 15), DAY),
    FuzzyDate(D(2014, 5, 1), D(2014, 5, 31), MONTH),
)


@pytest.mark.parametrize(
    ("text", "reported", "start", "end", "precision"),
    [
        # by DATE: from the reported date's start to DATE's end, at DATE's precision
        ("by 2014", Y2013_03, D(2013, 3, 1), D(2014, 12, 31), YEAR),
        ("by 2014", Y2014_06_15, D(2014, 6, 15), D(2014, 12, 31), YEAR),
        ("by the end of March 2014", Y2013_03, D(2013, 3, 1), D(2014, 3, 31), DAY),
        # not reported: DATE itself
        ("by 2014", None, D(2014, 1, 1), D(2014, 12, 31), YEAR),
        ("by 2014-Q2", None, D(2014, 4, 1), D(2014, 6, 30), QUARTER),
        # reported after DATE's end: DATE's last day
        ("by March 2014", Y2014_05, D(2014, 3, 31), D(2014, 3, 31), DAY),
        # reported on DATE's last day: that day, at DATE's precision
        (
            "by 2014-Q1",
            FuzzyDate(D(2014, 3, 31), D(2014, 3, 31), DAY),
            D(2014, 3, 31),
            D(2014, 3, 31),
            QUARTER,
        ),
    ],
)
def test_by_as_a_forecast(
    text: str, reported: FuzzyDate | None, start: _dt.date, end: _dt.date, precision: Precision
) -> None:
    bound = parse_forecast_date(text)
    assert isinstance(bound, Bound)
    span = bound.interval(reported)
    assert isinstance(span, FuzzyDate)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert parse_date(span.canonical()) == span


@pytest.mark.parametrize("reported", [None, Y2013_03, Y2014_05])
def test_no_earlier_than_has_no_end(reported: FuzzyDate | None) -> None:
    bound = parse_forecast_date("no earlier than 2015")
    assert isinstance(bound, Bound)
    span = bound.interval(reported)
    assert span == OpenInterval(D(2015, 1, 1), YEAR)
    assert span.end is None
    assert (span.contains(D(2014, 12, 31)), span.contains(D(2015, 1, 1))) == (False, True)
    assert span.contains(D(9999, 12, 31))
    assert bound.as_deadline() is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("by 2014", D(2014, 12, 31)),
        ("by the end of March 2014", D(2014, 3, 31)),
        ("NLT February 2016", D(2016, 2, 29)),
        ("before 2014-H1", D(2014, 6, 30)),
        ("by 2014-05-02", D(2014, 5, 2)),
    ],
)
def test_by_as_a_deadline_is_the_last_day(text: str, day: _dt.date) -> None:
    bound = parse_date_or_bound(text)
    assert isinstance(bound, Bound)
    assert bound.as_deadline() == FuzzyDate(day, day, DAY)


def message(text: str, detail: str = "") -> str:
    return f'"{text}" is not a date{detail} {EXPECTED}'


@pytest.mark.parametrize(
    ("parse", "value", "expected"),
    [
        # in a bound, the date's own reason, for the whole text
        (parse_forecast_date, "by 2014-13", message("by 2014-13", ": month 13 does not exist")),
        (
            parse_forecast_date,
            "NET Q5 2015",
            message("NET Q5 2015", ": quarter 5 does not exist (Q1-Q4)"),
        ),
        (
            parse_date_or_bound,
            "by 2015..2014",
            message("by 2015..2014", ": the range ends before it starts"),
        ),
        (parse_forecast_date, "no earlier than", message("no earlier than")),
        (parse_forecast_date, "by by 2014", message("by by 2014")),
        (parse_forecast_date, "by soon", message("by soon")),
        # forms with numbers that do not exist keep the existing reasons
        (parse_date, "2014 Q5", message("2014 Q5", ": quarter 5 does not exist (Q1-Q4)")),
        (parse_date, "Q0 of 2014", message("Q0 of 2014", ": quarter 0 does not exist (Q1-Q4)")),
        (
            parse_date,
            "third half of 2014",
            message("third half of 2014", ": half 3 does not exist (H1 or H2)"),
        ),
        (parse_date, "end of 0000", message("end of 0000", ": year 0 does not exist")),
        (
            parse_date,
            "end of 2014..2013",
            message("end of 2014..2013", ": the range ends before it starts"),
        ),
        # a bound or a withdrawn date where only a date is allowed
        (parse_date, "unknown", message("unknown", NOT_HERE)),
        (parse_date_expr, " TBD", message("TBD", NOT_HERE)),
        (parse_date_or_bound, "postponed", message("postponed", NOT_HERE)),
        (
            parse_date,
            "by 2014",
            message("by 2014", BOUND_HERE),
        ),
        (
            parse_date_expr,
            "NET 2015",
            message("NET 2015", BOUND_HERE),
        ),
        # wrong types and sizes, as for parse_date
        (parse_forecast_date, None, message("None", ": expected text")),
        (parse_forecast_date, True, message("True", ": expected text")),
        (parse_forecast_date, "   ", message("", ": it is empty")),
        (
            parse_forecast_date,
            "by " + "9" * 300,
            message("by " + "9" * 37 + "…", ": it is too long"),
        ),
    ],
)
def test_bad_inputs_say_why(parse: object, value: object, expected: str) -> None:
    with pytest.raises(DateError) as info:
        parse(value)  # type: ignore[operator]
    assert str(info.value) == expected


@pytest.mark.parametrize(
    ("parse", "text", "hint"),
    [
        (parse_date, "Febuary 2014", "February 2014"),
        (parse_date, "Janaury 2014", "January 2014"),
        (parse_date, "FEBUARY 2014", "February 2014"),
        (parse_date, "erly 2014", "early 2014"),
        (parse_date, "end 2014", "end of 2014"),
        (parse_date, "the end Marhc 2014", "the end of March 2014"),
        (parse_date, "beginning March 2014", "beginning of March 2014"),
        (parse_date, "2nd hlaf 2014", "2nd half 2014"),
        (parse_date, "Febuary 2014..2015", "February 2014"),  # the end that is wrong
        (parse_date_expr, "summmer 2014", "summer 2014"),
        (parse_date_or_bound, "by Febuary 2014", "by February 2014"),
        (parse_date_or_bound, "no earlier tan 2015", "no earlier than 2015"),
        (parse_forecast_date, "nett 2015", "NET 2015"),
        (parse_forecast_date, "unkown", "unknown"),
        (parse_forecast_date, "postpned", "postponed"),
    ],
)
def test_hints(parse: object, text: str, hint: str) -> None:
    with pytest.raises(DateError) as info:
        parse(text)  # type: ignore[operator]
    assert info.value.hint == hint
    wrong = info.value.text
    assert str(info.value) == message(wrong, f"; did you mean '{hint}'?")


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_date, "soon"),
        (parse_date, "Apr-13"),  # no word to correct
        (parse_date, "fifth quarter of 2014"),  # "fifth" is not close to "first" (0.6)
        (parse_date, "unkown"),  # "unknown" is not a date here
        (parse_date, "by Febuary 2014"),  # nor is a bound
        (parse_date, "Febuary 30 2014"),  # February 2014 has no 30th: no form parses
        (parse_forecast_date, "a b c d e f g h i j 2014"),  # too many words to try
    ],
)
def test_no_hint_without_a_form_that_parses(parse: object, text: str) -> None:
    with pytest.raises(DateError) as info:
        parse(text)  # type: ignore[operator]
    assert info.value.hint is None
    assert str(info.value) == message(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2013-13", ": month 13 does not exist"),
        ("2013-02-30", ": February 2013 has 28 days"),
        ("Q5 2014", ": quarter 5 does not exist (Q1-Q4)"),
        ("winter 9999", ": runs past the year 9999"),
        ("Apr-13", ""),
        ("April", ""),
    ],
)
def test_existing_messages_unchanged(text: str, reason: str) -> None:
    for parse in (parse_date, parse_date_expr, parse_date_or_bound, parse_forecast_date):
        with pytest.raises(DateError) as info:
            parse(text)
        assert str(info.value) == message(text, reason)


@pytest.mark.parametrize(
    "text",
    [
        "Febuary " * 125_000,  # 1 MB
        "by " + "x" * 1_000_000,
        "no earlier than " * 60_000,
        ("erly " * 39)[:199],  # just under the length limit, many words
    ],
)
def test_hostile_texts_fail_fast(text: str) -> None:
    began = time.perf_counter()
    for parse in (parse_date, parse_date_expr, parse_date_or_bound, parse_forecast_date):
        with pytest.raises(DateError):
            parse(text)
    assert time.perf_counter() - began < 1.0
