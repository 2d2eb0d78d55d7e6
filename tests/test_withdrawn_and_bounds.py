"""Withdrawn dates (issue 10, item 3) and open bounds (item 4) as replay sees them.
Every figure is worked by hand in the comments (days by plain date subtraction)."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from plantrack.check import check_plan
from plantrack.errors import PlanError
from plantrack.loader import load_plan_text
from plantrack.slippage import Basis, Status, evaluate

from .conftest import Invoke, PlanFile

D = _dt.date

# Planned June 2013; a bound, a deadline-like bound, a withdrawal, then a new date.
BRIDGE = """\
milestones:
  - id: bridge
    planned: 2013-06
    forecasts:
      - {reported: 2013-03-01, date: no earlier than 2015}
      - {reported: 2014-05-02, date: by the end of March 2015}
      - {reported: 2015-02-10, date: postponed}
      - {reported: 2015-06, date: 2016-01}
"""


def _result(text: str, as_of: _dt.date):  # type: ignore[no-untyped-def]
    return evaluate(load_plan_text(text, "p.yaml"), as_of).results[0]


@pytest.mark.parametrize(
    ("as_of", "status", "basis", "text", "days", "months"),
    [
        # no earlier than 2015, at year precision: 2013 -> 2015 = 2 years at least;
        # days_min = 2015-01-01 - 2013-06-30 = 550, no farthest reading
        (D(2013, 4, 1), Status.FORECAST_LATE, Basis.FORECAST, "at least 2 years", (550, None),
         (24, None)),
        # past June 2013, the bound still lies ahead: overdue, measured to the bound
        (D(2013, 8, 1), Status.OVERDUE, Basis.FORECAST, "at least 2 years", (550, None),
         (24, None)),
        # by the end of March 2015, reported 2014-05-02: 2014-05-02..2015-03-31; at month
        # precision June 2013 -> May 2014 = 11, -> March 2015 = 21 months;
        # days 2014-05-02 - 2013-06-30 = 306 ... 2015-03-31 - 2013-06-01 = 668
        (D(2014, 6, 1), Status.OVERDUE, Basis.FORECAST, "11 months – 1 year 9 months",
         (306, 668), (11, 21)),
        # postponed on 2015-02-10: no expected date; at least June 2013 -> March 2015 =
        # 21 months so far; days_min = 2015-03-01 - 2013-06-30 = 609
        (D(2015, 3, 1), Status.POSTPONED, Basis.AS_OF, "at least 1 year 9 months", (609, None),
         (21, None)),
        # a new date (reported June 2015) ends the postponement: June 2013 -> January 2016
        # = 31 months; days 2016-01-01 - 2013-06-30 = 915 ... 2016-01-31 - 2013-06-01 = 974
        (D(2015, 7, 1), Status.OVERDUE, Basis.FORECAST, "2 years 7 months", (915, 974),
         (31, 31)),
    ],
)  # fmt: skip
def test_bounds_and_withdrawal_as_of(
    as_of: _dt.date,
    status: Status,
    basis: Basis,
    text: str,
    days: tuple[int, int | None],
    months: tuple[int, int | None],
) -> None:
    r = _result(BRIDGE, as_of)
    assert r.status is status
    s = r.slip
    assert s is not None and (s.basis, s.text) == (basis, text)
    assert ((s.days_min, s.days_max), (s.months_min, s.months_max)) == (days, months)


def test_postponed_has_no_expected_date_and_reads_so_far() -> None:
    r = _result(BRIDGE, D(2015, 3, 1))
    assert r.expected is None and r.knowledge.postponed
    assert r.slip is not None and r.slip.described == "at least 1 year 9 months so far"


def test_postponed_before_the_baseline_has_no_slip() -> None:
    text = "milestones:\n  - id: m\n    planned: 2016\n    forecasts:\n"
    text += "      - {reported: 2015-02, date: TBD}\n"
    r = _result(text, D(2015, 3, 1))
    assert (r.status, r.slip) == (Status.POSTPONED, None)


def test_an_actual_ends_the_postponement() -> None:
    r = _result(BRIDGE + "    actual: 2015-04-15\n", D(2015, 5, 1))
    # June 2013 -> April 2015 at month precision = 22 months = 1 year 10 months
    assert r.status is Status.LATE
    assert r.slip is not None and r.slip.text == "1 year 10 months"


def test_on_time_or_later() -> None:
    # planned 2015 (a year), no earlier than 2015: 0 months at the nearest ends
    text = "milestones:\n  - id: m\n    planned: 2015\n    forecasts:\n"
    text += "      - {reported: 2014-01, date: NET 2015}\n"
    plan = load_plan_text(text, "p.yaml")
    r = evaluate(plan, D(2014, 2, 1)).results[0]
    assert r.status is Status.ON_TRACK
    assert r.slip is not None and r.slip.text == "on time or later"
    (finding,) = check_plan(plan, D(2014, 2, 1)).findings
    assert finding.message == ("m: forecast on time or later, possibly beyond the tolerance (0)")


def test_json_nulls_for_open_and_withdrawn(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file(BRIDGE)
    doc = json.loads(invoke("slippage", path, "--format", "json", "--as-of", "2013-04-01").stdout)
    (m,) = doc["plans"][0]["milestones"]
    assert m["forecast"] == {
        "text": "no earlier than 2015", "start": "2015-01-01", "end": None, "precision": "year",
        "source": None,
        "reported": {"text": "2013-03-01", "start": "2013-03-01", "end": "2013-03-01",
                     "precision": "day"},
        "note": None,
    }  # fmt: skip
    assert (m["slip"]["days_max"], m["slip"]["months_max"]) == (None, None)
    doc = json.loads(invoke("slippage", path, "--format", "json", "--as-of", "2015-03-01").stdout)
    (m,) = doc["plans"][0]["milestones"]
    assert m["status"] == "postponed"
    assert m["forecast"]["text"] == "postponed"
    assert (m["forecast"]["start"], m["forecast"]["end"]) == (None, None)
    assert m["slip"]["basis"] == "as_of" and m["slip"]["text"] == "at least 1 year 9 months"
    assert doc["plans"][0]["summary"]["by_status"] == {"postponed": 1}


def test_table_and_check_for_a_postponed_milestone(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file(BRIDGE)
    out = invoke("slippage", path, "--as-of", "2015-03-01").stdout
    row = next(line for line in out.splitlines() if line.startswith("bridge"))
    assert row.split() == [
        "bridge", "2013-06", "postponed", "at", "least", "1", "year", "9", "months", "so",
        "far", "postponed",
    ]  # fmt: skip
    result = invoke("check", path, "--as-of", "2015-03-01", code=1)
    assert "bridge: postponed with no date, at least 1 year 9 months so far (tolerance 0)" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("yaml", "as_of", "text"),
    [
        # by 2014 as a planned date is 2014-12-31; 2015-01-10 is 10 days after it
        ("planned: by 2014\n    actual: 2015-01-10", D(2015, 2, 1), "10 days"),
        # by March 2015 as a deadline is 2015-03-31: a forecast of April 2015 starts
        # 1 day after it and ends 30 days after it
        (
            "planned: 2015-01\n    deadline: by March 2015\n"
            "    forecasts: [{reported: 2014-06, date: 2015-04}]",
            D(2014, 7, 1),
            "m: forecast 2015-04, 1–30 days after the deadline by March 2015",
        ),
    ],
)
def test_by_as_a_planned_date_or_deadline(yaml: str, as_of: _dt.date, text: str) -> None:
    plan = load_plan_text(f"milestones:\n  - id: m\n    {yaml}\n", "p.yaml")
    if "deadline" in yaml:
        assert [
            f.message for f in check_plan(plan, as_of).findings if f.rule.value == "deadline"
        ] == [text]
    else:
        r = evaluate(plan, as_of).results[0]
        assert r.planned is not None and r.planned.start == D(2014, 12, 31)
        assert r.slip is not None and r.slip.text == text


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("planned: no earlier than 2015",
         "p.yaml:3:14: error: 'planned': \"no earlier than 2015\" has no last day "
         "(expected a date, or by DATE; no earlier than is for a forecast)"),
        # 4 spaces + len("forecasts: [{date: ") = 23: the word starts at column 24
        ("forecasts: [{date: unknown}]",
         "p.yaml:3:24: error: 'date': \"unknown\" withdraws the date, but the forecast has no "
         "'reported' (expected when it was withdrawn, e.g. reported: 2015-02)"),
        ("actual: TBD",
         "p.yaml:3:13: error: 'actual': \"TBD\" is not a date: only a forecast's date can be "
         "withdrawn (expected e.g. 2013-04, April 2013, 2013-Q2)"),
    ],
)  # fmt: skip
def test_bad_bounds_and_withdrawals(yaml: str, message: str) -> None:
    with pytest.raises(PlanError) as info:
        load_plan_text(f"milestones:\n  - id: m\n    {yaml}\n", "p.yaml")
    assert str(info.value) == message


def test_record_a_withdrawn_forecast(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file("plantrack: 1\nmilestones:\n  - id: m\n    planned: 2016\n")
    invoke("record", path, "m", "--forecast", "TBD", "--reported", "2015-02")
    assert path.read_text(encoding="utf-8").endswith(
        "    forecasts:\n      - reported: 2015-02\n        date: TBD\n"
    )
