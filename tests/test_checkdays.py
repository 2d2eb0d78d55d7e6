"""``checkdays.with_business_days`` builds its slips and results field by field
(not with ``dataclasses.replace``, a hot path): these tests hold that every
other field passes through untouched, and the counts, worked by hand."""

from __future__ import annotations

import dataclasses
import datetime as _dt

import pytest

from plantrack.calendars import get_calendar
from plantrack.checkdays import with_business_days
from plantrack.dates import parse_date
from plantrack.model import Milestone
from plantrack.slip import Slip
from plantrack.slippage import MilestoneResult, evaluate_milestone

AS_OF = _dt.date(2024, 6, 3)

# (planned, actual, business_days_min, business_days_max), worked on a weekday calendar:
# * 2024-01-01 (Mon) to 2024-01-08 (Mon): [Mon 1, Mon 8) = 5 working days, both ends.
# * January 2024 to 2024-02-05 (Mon): min from 31 Jan (Wed) to 5 Feb: Wed, Thu, Fri = 3;
#   max from 1 Jan (Mon) to 5 Feb: 5 whole weeks = 25.
# * 2024-01-10 (Wed) to 2024-01-08 (Mon), early: -(Mon, Tue) = -2.
CASES = [
    ("2024-01-01", "2024-01-08", 5, 5),
    ("2024-01", "2024-02-05", 3, 25),
    ("2024-01-10", "2024-01-08", -2, -2),
]


@pytest.mark.parametrize(("planned", "actual", "low", "high"), CASES)
def test_counts_and_every_other_field_passes_through(
    planned: str, actual: str, low: int, high: int
) -> None:
    m = Milestone("m", "M", planned=parse_date(planned), actual=parse_date(actual))
    before = evaluate_milestone(m, AS_OF)
    after = with_business_days(before, AS_OF, get_calendar())
    assert after.slip is not None and before.slip is not None
    assert (after.slip.business_days_min, after.slip.business_days_max) == (low, high)
    for f in dataclasses.fields(Slip):
        if not f.name.startswith("business_days"):
            assert getattr(after.slip, f.name) is getattr(before.slip, f.name), f.name
    for f in dataclasses.fields(MilestoneResult):
        if f.name not in ("slip", "slip_vs_baseline"):
            assert getattr(after, f.name) is getattr(before, f.name), f.name


def test_a_result_without_slips_is_returned_as_it_is() -> None:
    m = Milestone("m", "M")
    before = evaluate_milestone(m, AS_OF)
    assert with_business_days(before, AS_OF, get_calendar()) is before
