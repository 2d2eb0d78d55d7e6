"""Business days: counted as numpy.busday_count counts, with England's bank holidays.

numpy is a test-only dependency: it is the independent count here, given the
same holiday list written out by hand (from the published bank holidays).
"""

from __future__ import annotations

import datetime as _dt
import random
import subprocess
import sys

import numpy as np
import pytest

from plantrack.calendars import (
    Calendar,
    CalendarError,
    busday_count,
    calendar_problem,
    get_calendar,
)
from plantrack.errors import PlanError
from plantrack.loader import load_plan_text

D = _dt.date

# England and Wales bank holidays, Christmas 2013 to Easter 2014, by hand.
ENG_HOLIDAYS = [
    D(2013, 12, 25),  # Christmas Day (Wednesday)
    D(2013, 12, 26),  # Boxing Day (Thursday)
    D(2014, 1, 1),  # New Year's Day (Wednesday)
    D(2014, 4, 18),  # Good Friday
    D(2014, 4, 21),  # Easter Monday
]

ENG_CASES = [
    # [Fri 20 Dec, Mon 30 Dec): 20, 23, 24, 27 (not 25, 26) = 4
    pytest.param(D(2013, 12, 20), D(2013, 12, 30), 4, id="christmas-week"),
    # [Mon 23 Dec, Fri 3 Jan): 23, 24, 27, 30, 31, 2 (not 25, 26, 1) = 6
    pytest.param(D(2013, 12, 23), D(2014, 1, 3), 6, id="christmas-to-new-year"),
    # [Wed 25 Dec, Fri 27 Dec): 25 and 26 are both holidays = 0
    pytest.param(D(2013, 12, 25), D(2013, 12, 27), 0, id="only-holidays"),
    # [Tue 24 Dec, Tue 24 Dec): empty
    pytest.param(D(2013, 12, 24), D(2013, 12, 24), 0, id="empty"),
    # [Thu 17 Apr, Wed 23 Apr): 17, 22 (not 18, 21) = 2
    pytest.param(D(2014, 4, 17), D(2014, 4, 23), 2, id="easter"),
    # [Mon 14 Apr, Mon 28 Apr): 14-17 (4), 22-25 (4) = 8
    pytest.param(D(2014, 4, 14), D(2014, 4, 28), 8, id="easter-fortnight"),
    # numpy counts backwards as minus the working days in [end + 1, start + 1):
    # [Tue 31 Dec, Tue 24 Dec) backwards: [25 Dec, 1 Jan) = 27, 30, 31 -> -3
    pytest.param(D(2013, 12, 31), D(2013, 12, 24), -3, id="backwards-christmas"),
    # [Tue 22 Apr, Thu 17 Apr) backwards: [18 Apr, 23 Apr) = 22 -> -1
    pytest.param(D(2014, 4, 22), D(2014, 4, 17), -1, id="backwards-easter"),
    # Sat 21 Dec -> Sun 22 Dec: a weekend
    pytest.param(D(2013, 12, 21), D(2013, 12, 22), 0, id="weekend"),
]


@pytest.mark.parametrize(("start", "end", "expected"), ENG_CASES)
def test_england_matches_hand_count_and_numpy(
    start: _dt.date, end: _dt.date, expected: int
) -> None:
    assert get_calendar("GB-ENG").count(start, end) == expected
    assert np.busday_count(start, end, holidays=ENG_HOLIDAYS) == expected


def test_holidays_package_agrees_with_the_hand_list() -> None:
    got = get_calendar("GB-ENG").holidays_between(D(2013, 12, 1), D(2014, 4, 30))
    assert got == ENG_HOLIDAYS


WEEKDAY_CASES = [
    # [Mon 3 Jun 2024, Mon 10 Jun): 5
    (D(2024, 6, 3), D(2024, 6, 10), 5),
    # [Fri 7 Jun, Sat 8 Jun): Friday only = 1
    (D(2024, 6, 7), D(2024, 6, 8), 1),
    # [Sat 8 Jun, Mon 10 Jun): 0
    (D(2024, 6, 8), D(2024, 6, 10), 0),
    # backwards [Sat 6 Jan 2024, Mon 1 Jan): minus [2 Jan, 7 Jan) = 2-5 Jan = -4
    (D(2024, 1, 6), D(2024, 1, 1), -4),
    # backwards [Mon 8 Jan, Fri 5 Jan): minus [6 Jan, 9 Jan) = Mon 8 = -1
    (D(2024, 1, 8), D(2024, 1, 5), -1),
    # 52 full weeks from Mon 1 Jan 2024: 260
    (D(2024, 1, 1), D(2024, 12, 30), 260),
]


@pytest.mark.parametrize(("start", "end", "expected"), WEEKDAY_CASES)
def test_weekdays(start: _dt.date, end: _dt.date, expected: int) -> None:
    assert get_calendar("weekdays").count(start, end) == expected
    assert busday_count(start, end) == expected
    assert np.busday_count(start, end) == expected


@pytest.mark.parametrize("code", ["weekdays", "GB-ENG", "GB-SCT", "US", "DE-BY", "FR"])
def test_random_spans_match_numpy(code: str) -> None:
    calendar = get_calendar(code)
    holidays = calendar.holidays_between(D(2012, 1, 1), D(2016, 12, 31))
    rng = random.Random(code)
    for _ in range(400):
        start = D(2013, 1, 1) + _dt.timedelta(days=rng.randrange(3 * 365))
        end = start + _dt.timedelta(days=rng.randrange(-120, 120))
        assert calendar.count(start, end) == np.busday_count(start, end, holidays=holidays), (
            start,
            end,
        )


def test_scotland_differs_from_england() -> None:
    # 2 January is a bank holiday in Scotland, not in England: [Thu 2 Jan 2014, Fri 3 Jan)
    assert get_calendar("GB-SCT").count(D(2014, 1, 2), D(2014, 1, 3)) == 0
    assert get_calendar("GB-ENG").count(D(2014, 1, 2), D(2014, 1, 3)) == 1


def test_weekend_holidays_count_once() -> None:
    # a holiday on a Saturday, and one listed twice, change nothing
    holidays = [D(2024, 6, 8), D(2024, 6, 10), D(2024, 6, 10)]
    # [Fri 7 Jun, Wed 12 Jun): 7, 11 (not 10) = 2
    assert busday_count(D(2024, 6, 7), D(2024, 6, 12), holidays) == 2
    assert np.busday_count(D(2024, 6, 7), D(2024, 6, 12), holidays=holidays) == 2


def test_is_working_day() -> None:
    eng = get_calendar("GB-ENG")
    assert eng.is_working_day(D(2013, 12, 24))
    assert not eng.is_working_day(D(2013, 12, 25))
    assert not eng.is_working_day(D(2013, 12, 28))  # Saturday


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("weekdays", None),
        ("GB-ENG", None),
        ("US", None),
        ("DE-BY", None),
        (
            "QQ",
            "unknown country code 'QQ' (expected weekdays or an ISO 3166 code "
            "such as GB, US, DE, FR)",
        ),
        (
            "GB-XYZ",
            "unknown subdivision 'XYZ' of GB (expected one of: GB-ENG, GB-NIR, GB-SCT, GB-WLS)",
        ),
    ],
)
def test_calendar_problem(code: str, message: str | None) -> None:
    assert calendar_problem(code) == message


def test_get_calendar_refuses_unknown_codes() -> None:
    with pytest.raises(CalendarError, match="unknown country code 'QQ'"):
        get_calendar("QQ")
    assert isinstance(get_calendar("GB-ENG"), Calendar)
    assert get_calendar("GB-ENG") is get_calendar("GB-ENG")


def test_loader_reports_unknown_calendar_at_its_position() -> None:
    text = "plantrack: 1\ncalendar: GB-XYZ\nmilestones: []\n"
    with pytest.raises(PlanError) as info:
        load_plan_text(text, "p.yaml")
    (problem,) = info.value.problems
    assert str(problem) == (
        "p.yaml:2:11: error: 'calendar': unknown subdivision 'XYZ' of GB "
        "(expected one of: GB-ENG, GB-NIR, GB-SCT, GB-WLS)"
    )


def test_holidays_is_imported_only_for_holiday_calendars() -> None:
    code = (
        "import sys, datetime\n"
        "from plantrack.loader import load_plan_text\n"
        "from plantrack.check import check_plan\n"
        "text = 'plantrack: 1\\nmilestones:\\n  - id: m\\n    planned: 2024-01-01\\n"
        "    actual: 2024-02-01\\n    tolerance: 5bd\\n'\n"
        "r = check_plan(load_plan_text(text), datetime.date(2024, 6, 1))\n"
        "assert r.findings, 'the check ran'\n"
        "assert 'holidays' not in sys.modules, 'weekdays imported holidays'\n"
        "load_plan_text('plantrack: 1\\ncalendar: GB-ENG\\nmilestones: []\\n')\n"
        "assert 'holidays' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(1, 1, 1), D(9999, 12, 31)),
        (D(9999, 12, 31), D(1, 1, 1)),  # backwards from the last date: no overflow
        (D(9999, 12, 31), D(9999, 12, 1)),
        (D(1, 1, 3), D(1, 1, 1)),
    ],
)
def test_extreme_dates_match_numpy(start: _dt.date, end: _dt.date) -> None:
    eng = get_calendar("GB-ENG")
    holidays = eng.holidays_between(D(1, 1, 1), D(9999, 12, 31))
    assert eng.count(start, end) == np.busday_count(start, end, holidays=holidays)
