"""Property tests of the date grammar (Hypothesis), years 1 to 9999.

* any text: parsing raises nothing but DateError, with every parser;
* any accepted date round-trips through ``FuzzyDate.canonical()``;
* every written form, bound and withdrawn word round-trips through its
  canonical text, and so does every generated date, bound and reference;
* ``slip(A, P)`` mirrors ``slip(P, A)``: the ends swap and change sign.

Examples per test come from a profile: ``ci`` (default, small) or ``fuzz``
(long runs): ``PLANTRACK_FUZZ_PROFILE=fuzz pytest tests/test_fuzz_dates.py``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plantrack.dates import (
    Bound,
    BoundKind,
    DateError,
    DateRef,
    FuzzyDate,
    Precision,
    parse_date,
    parse_date_expr,
    parse_date_or_bound,
    parse_forecast_date,
)
from plantrack.months import months_between_days
from plantrack.slippage import compute_slip

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck)
)
PROFILE = settings.get_profile(os.environ.get("PLANTRACK_FUZZ_PROFILE", "ci"))

MONTHS = [
    "January", "february", "MARCH", "Apr", "may", "Jun.", "july", "Aug",
    "Sept", "sep", "Oct.", "nov", "December",
]  # fmt: skip
years = st.integers(min_value=1, max_value=9999).map(lambda y: f"{y:04d}")
years |= st.integers(min_value=0, max_value=10_000).map(str) | st.sampled_from(
    ["1", "0001", "9999", "2013", "99999", "-2013", "２０１３"]
)
nums = st.integers(min_value=-1, max_value=40).map(str)
spaces = st.sampled_from([" ", "  ", "\t", "", "-", " , "])


PARTS = ["early", "mid", "Late", "end of", "the beginning of", "Start of", "the middle of"]
ORDINALS = ["first", "1st", "Second", "2nd", "third", "3rd", "fourth", "4th", "fifth", "0th"]
BOUND_WORDS = [
    "no earlier than", "Not Before", "NET", "not earlier than",
    "by", "no later than", "NLT", "before", "Not Later Than",
]  # fmt: skip
WITHDRAWN_WORDS = ["unknown", "TBD", "tbc", "TBA", "Postponed", "none", "N/A", "n / a", "unknow"]


@st.composite
def single(draw: st.DrawFn) -> str:
    """One date of the grammar (or a near miss), in any of its forms."""
    y, n, mon, sp = draw(years), draw(nums), draw(st.sampled_from(MONTHS)), draw(spaces)
    part = draw(st.sampled_from(PARTS))
    form = draw(st.integers(min_value=0, max_value=15))
    return [
        f"{y}-{n}-{draw(nums)}",
        f"{y}-{n}",
        f"{y}-Q{n}",
        f"{y}-h{n}",
        f"Q{n}{sp}{y}",
        y,
        f"{mon}{sp}{y}",
        f"{n}{draw(st.sampled_from(['', 'st', 'nd', 'th']))} {mon} {y}",
        f"{mon} {n}, {y}",
        f"{part}{sp}{y}",
        f"{part} {mon} {y}",
        f"{draw(st.sampled_from(['spring', 'Summer', 'autumn', 'fall', 'winter']))}{sp}{y}",
        f"{y}{sp}{draw(st.sampled_from(['Q', 'h']))}{n}",
        f"{draw(st.sampled_from(['Q', 'H']))}{n} of {y}",
        f"{draw(st.sampled_from(['', 'the ']))}{draw(st.sampled_from(ORDINALS))}"
        f" {draw(st.sampled_from(['half', 'Quarter']))}{draw(st.sampled_from([' of', '']))} {y}",
        f"{draw(st.sampled_from(['end', 'beginning', 'erly', 'Febuary', 'hlaf']))}{sp}{y}",
    ][form]


grammar = single() | st.builds(lambda a, sep, b: f"{a}{sep}{b}", single(), st.sampled_from(
    ["..", " .. ", "...", ". ."]), single())  # fmt: skip
forecasts = (
    grammar
    | st.builds(lambda w, d: f"{w} {d}", st.sampled_from(BOUND_WORDS), grammar)
    | st.sampled_from(WITHDRAWN_WORDS)
)
texts = st.text(max_size=60) | forecasts | st.text(alphabet="0123456789-.QHqh ", max_size=25)


@PROFILE
@given(texts)
@example("")
@example("2013-02-29")
@example("winter 9999")
@example("9999-Q4..0001")
def test_any_text_raises_only_date_error(text: str) -> None:
    try:
        date = parse_date(text)
    except DateError as exc:
        message = str(exc)
    else:
        message = ""
        assert date.start <= date.end
    assert message == "" or message.startswith('"')  # for people: it quotes the text
    for parse in (parse_date_expr, parse_date_or_bound, parse_forecast_date):
        with contextlib.suppress(DateError):
            parse(text)


@PROFILE
@given(grammar)
@example("early February 2016")
@example("2013-10..2013-11")
@example("31st dec 9999")
@example("autumn 2013..2014-h1")
@example("the beginning of January 0001")
@example("the end of December 9999")
@example("end of February 1900")
@example("the end of February 2000")
@example("end of February 2100")
@example("Q1 of 0001")
@example("9999 H2")
def test_accepted_dates_round_trip_through_canonical(text: str) -> None:
    try:
        date = parse_date(text)
    except DateError:
        return
    canonical = date.canonical()
    again = parse_date(canonical)
    assert again == date, (text, canonical)
    assert again.precision is date.precision
    assert again.canonical() == canonical  # a fixed point


@PROFILE
@given(forecasts)
@example("no earlier than the beginning of January 0001")
@example("NLT the end of December 9999")
@example("by 2013-10..2013-11")
@example(" TBD ")
def test_accepted_forecasts_round_trip_through_canonical(text: str) -> None:
    try:
        value = parse_forecast_date(text)
    except DateError:
        return
    canonical = value.canonical()
    again = parse_forecast_date(canonical)
    assert again == value, (text, canonical)
    assert type(again) is type(value)
    assert again.canonical() == canonical  # a fixed point


@PROFILE
@given(st.dates(), st.integers(min_value=0, max_value=5000))
def test_yaml_forms_of_a_date_parse(d: _dt.date, year: int) -> None:
    # YAML gives datetime.date for 2013-04-01 and int for 2013.
    assert parse_date(d) == FuzzyDate.day(d)
    try:
        as_year = parse_date(year)
    except DateError:
        assert year == 0
    else:
        assert as_year.start == _dt.date(year, 1, 1)
        assert as_year.precision is Precision.YEAR


refs = st.builds(
    DateRef,
    milestone=st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True),
    field_name=st.sampled_from([None, "planned", "actual", "expected"]),
    amount=st.integers(min_value=-999_999, max_value=999_999),
    unit=st.sampled_from(["day", "week", "month", "year"]),
)


@PROFILE
@given(refs)
def test_references_round_trip_through_canonical(ref: DateRef) -> None:
    text = ref.canonical()
    try:
        parsed = parse_date_expr(text)
    except DateError:
        # Only an id that is itself a date ("2013") cannot be a reference.
        parse_date(ref.milestone)
        return
    if isinstance(parsed, FuzzyDate):  # the id reads as a date, e.g. "2013 + 1 day" is not
        return
    # "m.planned + 0 days" is written "m.planned": it reads back in days.
    zero = ref.amount == 0 and ref.field_name is not None
    expected = DateRef(ref.milestone, ref.field_name, 0, "day") if zero else ref
    assert parsed == expected, (text, parsed)


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    """A date of any precision, or a range of two, between years 1 and 9999."""

    def one() -> FuzzyDate:
        precision = draw(st.sampled_from(list(Precision)))
        if precision is Precision.DAY:
            return FuzzyDate.day(draw(st.dates(_dt.date(1, 1, 1), _dt.date(9999, 12, 31))))
        year = draw(st.integers(1, 9999))
        size = precision.months
        month = 1 + size * draw(st.integers(0, 12 // size - 1))
        return FuzzyDate.unit(year, month, precision)

    a = one()
    if draw(st.booleans()):
        b = one()
        lo, hi = (a, b) if a.start <= b.start else (b, a)
        end = max(lo.end, hi.end)
        return FuzzyDate(lo.start, end, lo.precision.coarser(hi.precision))
    return a


@PROFILE
@given(fuzzy_dates(), fuzzy_dates())
def test_slip_is_antisymmetric(p: FuzzyDate, a: FuzzyDate) -> None:
    forward, backward = compute_slip(p, a), compute_slip(a, p)
    assert backward.precision is forward.precision
    assert (backward.days_min, backward.days_max) == (-forward.days_max, -forward.days_min)
    assert (backward.months_min, backward.months_max) == (-forward.months_max, -forward.months_min)
    if forward.days is None:
        assert backward.days is None
    else:
        assert backward.days == -forward.days


@PROFILE
@given(fuzzy_dates())
def test_generated_dates_round_trip(date: FuzzyDate) -> None:
    assert parse_date(date.canonical()) == date


@PROFILE
@given(st.sampled_from(list(BoundKind)), fuzzy_dates())
def test_generated_bounds_round_trip(kind: BoundKind, date: FuzzyDate) -> None:
    bound = Bound(kind, date)
    assert parse_date_or_bound(bound.canonical()) == bound
    assert parse_forecast_date(bound.canonical()) == bound


@PROFILE
@given(st.sampled_from(list(BoundKind)), fuzzy_dates(), fuzzy_dates())
def test_a_bound_allows_its_date(kind: BoundKind, date: FuzzyDate, reported: FuzzyDate) -> None:
    # by DATE ends with DATE; no earlier than DATE starts with it and has no end
    span = Bound(kind, date).interval(reported)
    if kind is BoundKind.NOT_BEFORE:
        assert (span.start, span.end) == (date.start, None)
    else:
        assert span.end == date.end
        assert span.start == min(reported.start, date.end)
        if ".." not in date.canonical():
            # DATE one unit: its end still reads at its precision. (A range such
            # as 2014-Q1..2014-05 ends mid-quarter; a span cut from it may not.)
            assert parse_date(span.canonical()) == span


@PROFILE
@given(fuzzy_dates())
def test_slip_to_itself_is_on_time(date: FuzzyDate) -> None:
    slip = compute_slip(date, date)
    assert slip.text == "on time"
    assert slip.days_min <= 0 <= slip.days_max


@PROFILE
@given(st.dates(), st.dates())
def test_months_between_days_counts_as_relativedelta(a: _dt.date, b: _dt.date) -> None:
    # dates.py counts months itself (importing dateutil cost startup time);
    # dateutil's relativedelta is the oracle it must agree with.
    from dateutil.relativedelta import relativedelta

    lo, hi = min(a, b), max(a, b)
    rd = relativedelta(hi, lo)
    sign = 1 if b >= a else -1
    expected = (sign * (rd.years * 12 + rd.months), sign * rd.days)
    assert months_between_days(a, b) == expected


@PROFILE
@given(st.dates(), st.integers(-12 * 9999, 12 * 9999))
def test_shift_by_months_as_relativedelta(d: _dt.date, months: int) -> None:
    from dateutil.relativedelta import relativedelta

    date = FuzzyDate.day(d)
    try:
        expected = d + relativedelta(months=months)
    except ValueError:
        expected = None
    if expected is None or not 1 <= expected.year <= 9999:
        with pytest.raises(DateError, match="out of the supported range"):
            date.shift(months, "month")
    else:
        assert date.shift(months, "month").start == expected
