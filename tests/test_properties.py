"""Hypothesis properties of the date grammar and the slippage arithmetic."""

from __future__ import annotations

import calendar
import datetime as _dt

from hypothesis import given
from hypothesis import strategies as st

from plantrack.dates import parse_date
from plantrack.slippage import compute_slip

MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]
years = st.integers(1000, 9998)
months = st.integers(1, 12)
days = st.dates(min_value=_dt.date(1000, 1, 1), max_value=_dt.date(9998, 12, 31))


@st.composite
def day_in_month(draw: st.DrawFn) -> tuple[int, int, int]:
    d = draw(days)
    return d.year, d.month, d.day


def _single_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        days.map(lambda d: d.isoformat()),
        st.builds(lambda y, m: f"{y}-{m:02d}", years, months),
        st.builds(lambda y, q: f"{y}-Q{q}", years, st.integers(1, 4)),
        st.builds(lambda y, h: f"{y}-H{h}", years, st.integers(1, 2)),
        years.map(str),
        st.builds(lambda y, m: f"{MONTH_NAMES[m - 1]} {y}", years, months),
        st.builds(lambda y, m: f"{MONTH_NAMES[m - 1][:3]} {y}", years, months),
        day_in_month().map(lambda t: f"{t[2]} {MONTH_NAMES[t[1] - 1]} {t[0]}"),
        st.builds(lambda y, q: f"Q{q} {y}", years, st.integers(1, 4)),
        st.builds(lambda y, h: f"H{h} {y}", years, st.integers(1, 2)),
        st.builds(lambda p, y: f"{p} {y}", st.sampled_from(["early", "mid", "late"]), years),
        st.builds(
            lambda p, m, y: f"{p} {MONTH_NAMES[m - 1]} {y}",
            st.sampled_from(["early", "mid", "late"]),
            months,
            years,
        ),
        st.builds(
            lambda s, y: f"{s} {y}",
            st.sampled_from(["spring", "summer", "autumn", "fall", "winter"]),
            years,
        ),
    )


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """Any text of the grammar: a single date, or a range of two in order."""
    first = draw(_single_texts())
    if not draw(st.booleans()):
        return first
    second = draw(_single_texts())
    a, b = parse_date(first), parse_date(second)
    lo, hi = (first, second) if a.start <= b.end else (second, first)
    return f"{lo}..{hi}"


@given(date_texts())
def test_round_trips_through_canonical_text(text: str) -> None:
    d = parse_date(text)
    again = parse_date(d.canonical())
    assert again == d
    assert again.canonical() == d.canonical()


@given(date_texts())
def test_a_date_is_a_nonempty_interval(text: str) -> None:
    d = parse_date(text)
    assert d.start <= d.end
    assert d.contains(d.start) and d.contains(d.end)


@given(days)
def test_a_day_is_inside_its_own_interval(day: _dt.date) -> None:
    for text in (day.isoformat(), f"{day.year}-{day.month:02d}", str(day.year)):
        assert parse_date(text).contains(day)


@given(_single_texts(), _single_texts())
def test_a_range_contains_its_ends(first: str, second: str) -> None:
    a, b = parse_date(first), parse_date(second)
    if a.start > b.end:
        a, b = b, a
    r = parse_date(f"{a.label}..{b.label}")
    assert r.start == a.start and r.end == b.end
    assert r.precision is a.precision.coarser(b.precision)


@given(date_texts(), date_texts())
def test_slip_is_antisymmetric(p_text: str, a_text: str) -> None:
    p, a = parse_date(p_text), parse_date(a_text)
    forward, backward = compute_slip(p, a), compute_slip(a, p)
    assert (backward.days_min, backward.days_max) == (-forward.days_max, -forward.days_min)
    assert (backward.months_min, backward.months_max) == (-forward.months_max, -forward.months_min)
    assert forward.days_min <= forward.days_max
    assert forward.months_min <= forward.months_max


@given(date_texts())
def test_a_date_is_on_time_against_itself(text: str) -> None:
    d = parse_date(text)
    slip = compute_slip(d, d)
    assert slip.text == "on time"
    assert slip.months_min <= 0 <= slip.months_max
    assert slip.days_min <= 0 <= slip.days_max


@given(days, st.integers(-500, 500))
def test_shift_by_days_moves_both_ends(day: _dt.date, n: int) -> None:
    shifted = parse_date(day.isoformat()).shift(n, "day")
    assert shifted.start == shifted.end == day + _dt.timedelta(days=n)
