"""Re-baselines (issue 10, item 2), check's one judgement (item 6), --warn-within
beside a breach, and diff naming each side's basis.  Every figure is worked by
hand in the comments (day counts with plain date subtraction)."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest

from plantrack.check import Against, check_plan
from plantrack.durations import parse_duration
from plantrack.errors import PlanError
from plantrack.knowledge import ExpectedBasis, known_as_of
from plantrack.loader import load_plan_text
from plantrack.slippage import Basis, Status, evaluate

from .conftest import Invoke, PlanFile

D = _dt.date

# Planned June 2016; in March 2015 re-approved for September 2021, no other news.
PLAN = """\
plantrack: 1
sources: {nao: NAO report}
milestones:
  - id: hq
    planned: 2016-06
    rebaselined:
      - {approved: 2015-03, date: 2021-09, source: nao, note: re-planned}
"""


def _result(text: str, as_of: _dt.date):  # type: ignore[no-untyped-def]
    return evaluate(load_plan_text(text, "p.yaml"), as_of).result("hq")


def test_before_the_approval_the_original_is_in_force() -> None:
    r = _result(PLAN, D(2015, 2, 28))  # approved 2015-03 counts from 2015-03-31
    assert r.knowledge.baseline == r.planned and r.knowledge.rebaselines == ()
    assert r.knowledge.basis is ExpectedBasis.PLANNED
    assert (r.status, r.slip, r.slip_vs_baseline) == (Status.ON_TRACK, None, None)


def test_a_rebaseline_is_the_latest_expectation_as_of_its_approval() -> None:
    r = _result(PLAN, D(2015, 6, 30))
    known = r.knowledge
    assert known.baseline is not None and known.baseline.canonical() == "2021-09"
    assert known.basis is ExpectedBasis.REBASELINE
    # against the original: June 2016 -> September 2021 = 5 years 3 months (63 months);
    # days_min = 2021-09-01 - 2016-06-30 = 1889, days_max = 2021-09-30 - 2016-06-01 = 1947
    s = r.slip
    assert s is not None and s.basis is Basis.REBASELINE
    assert (s.months_min, s.months_max, s.days_min, s.days_max) == (63, 63, 1889, 1947)
    assert s.text == "5 years 3 months"
    assert r.status is Status.FORECAST_LATE  # status: against the original
    # against the baseline in force: September 2021 -> itself, on time (±29 days)
    v = r.slip_vs_baseline
    assert v is not None and v.text == "on time"
    assert (v.months_min, v.months_max, v.days_min, v.days_max) == (0, 0, -29, 29)


def test_past_the_original_it_is_overdue_with_the_rebaseline_ahead() -> None:
    r = _result(PLAN, D(2016, 8, 1))
    assert r.status is Status.OVERDUE  # against the original, June 2016
    assert r.slip is not None and r.slip.text == "5 years 3 months"  # to 2021-09, still ahead
    assert r.slip_vs_baseline is not None and r.slip_vs_baseline.text == "on time"


LATER = PLAN + "    forecasts:\n      - {reported: 2019-01, date: 2022-03}\n"


def test_a_later_forecast_is_measured_against_both() -> None:
    r = _result(LATER, D(2019, 2, 1))
    assert r.knowledge.basis is ExpectedBasis.FORECAST
    # original: June 2016 -> March 2022 = 5 years 9 months; 2070..2129 days
    assert r.slip is not None
    assert (r.slip.text, r.slip.days_min, r.slip.days_max) == ("5 years 9 months", 2070, 2129)
    # in force: September 2021 -> March 2022 = 6 months; 2022-03-01 - 2021-09-30 = 152,
    # 2022-03-31 - 2021-09-01 = 211
    v = r.slip_vs_baseline
    assert v is not None and (v.text, v.days_min, v.days_max) == ("6 months", 152, 211)


def test_a_forecast_reported_before_the_approval_is_superseded() -> None:
    text = PLAN + "    forecasts:\n      - {reported: 2015-01, date: 2017-01}\n"
    known = known_as_of(load_plan_text(text, "p.yaml"), "hq", D(2015, 6, 30))
    assert known.basis is ExpectedBasis.REBASELINE
    assert known.expected is not None and known.expected.canonical() == "2021-09"


def test_a_rebaseline_wins_a_tie_with_a_forecast() -> None:
    text = PLAN + "    forecasts:\n      - {reported: 2015-03, date: 2023-01}\n"
    known = known_as_of(load_plan_text(text, "p.yaml"), "hq", D(2015, 6, 30))
    assert known.basis is ExpectedBasis.REBASELINE


def test_the_actual_is_measured_against_both() -> None:
    r = _result(PLAN + "    actual: 2021-11-15\n", D(2022, 1, 1))
    # original, at month precision: June 2016 -> November 2021 = 65 months = 5 years 5 months;
    # 2021-11-15 - 2016-06-30 = 1964, 2021-11-15 - 2016-06-01 = 1993
    assert r.slip is not None
    assert (r.slip.text, r.slip.days_min, r.slip.days_max) == ("5 years 5 months", 1964, 1993)
    assert r.status is Status.LATE
    # in force: September -> November 2021 = 2 months; 46..75 days
    v = r.slip_vs_baseline
    assert v is not None and (v.text, v.days_min, v.days_max) == ("2 months", 46, 75)


def test_two_rebaselines_chain() -> None:
    text = PLAN + "      - {approved: 2020-01, date: 2024-09}\n"
    known = known_as_of(load_plan_text(text, "p.yaml"), "hq", D(2020, 2, 1))
    assert [
        (r.previous and r.previous.canonical(), r.date.canonical()) for r in known.rebaselines
    ] == [
        ("2016-06", "2021-09"),
        ("2021-09", "2024-09"),
    ]


def test_json_adds_baseline_rebaselined_and_slip_vs_baseline(
    invoke: Invoke, plan_file: PlanFile
) -> None:
    path = plan_file(PLAN)
    doc = json.loads(invoke("slippage", path, "--format", "json", "--as-of", "2015-06-30").stdout)
    (m,) = doc["plans"][0]["milestones"]
    assert m["planned"]["text"] == "2016-06"  # the original stays
    assert m["baseline"] == {
        "text": "2021-09", "start": "2021-09-01", "end": "2021-09-30", "precision": "month",
        "source": "nao",
    }  # fmt: skip
    assert m["rebaselined"] == [
        {
            "text": "2021-09", "start": "2021-09-01", "end": "2021-09-30", "precision": "month",
            "source": "nao",
            "approved": {"text": "2015-03", "start": "2015-03-01", "end": "2015-03-31",
                         "precision": "month"},
            "note": "re-planned",
        }
    ]  # fmt: skip
    assert m["slip"]["basis"] == "rebaseline" and m["slip"]["months_min"] == 63
    assert m["slip_vs_baseline"]["text"] == "on time"
    before = json.loads(
        invoke("slippage", path, "--format", "json", "--as-of", "2015-01-31").stdout
    )
    (m,) = before["plans"][0]["milestones"]
    assert (m["rebaselined"], m["slip_vs_baseline"]) == ([], None)
    assert m["baseline"]["text"] == "2016-06"


def test_table_shows_the_rebaseline_under_the_planned_cell(
    invoke: Invoke, plan_file: PlanFile
) -> None:
    out = invoke("slippage", plan_file(PLAN), "--as-of", "2015-06-30").stdout
    rows = [line.rstrip() for line in out.splitlines()][3:6]
    # the original stays in the planned cell, the re-baseline in its detail (broken
    # after its " · "); the latest expectation is the re-baseline, 5 years 3 months
    # after June 2016
    assert rows == [
        "hq          2016-06                            2021-09              5 years 3 months"
        "   forecast late",
        "            re-baselined 2016-06 → 2021-09 ·   re-baseline ·",
        "            approved 2015-03                   approved 2015-03 ·",
    ]
    md = invoke("slippage", plan_file(PLAN), "--as-of", "2015-06-30", "--format", "markdown").stdout
    assert "| | ↳ *re-baselined 2016-06 → 2021-09 (approved 2015-03)* | | | |" in md


@pytest.mark.parametrize(
    ("against", "messages"),
    [
        (Against.BASELINE, []),  # on time against 2021-09
        (Against.ORIGINAL, ["hq: re-baselined 5 years 3 months late (tolerance 0)"]),
    ],
)
def test_check_against(against: Against, messages: list[str]) -> None:
    checked = check_plan(load_plan_text(PLAN, "p.yaml"), D(2015, 6, 30), against=against)
    assert [f.message for f in checked.findings] == messages


def test_check_cli_against_original(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file(PLAN)
    invoke("check", path, "--as-of", "2015-06-30")
    out = invoke("check", path, "--as-of", "2015-06-30", "--against", "original", code=1).stdout
    assert "hq: re-baselined 5 years 3 months late (tolerance 0)" in out


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        # line 5 is "      - {...}": the mapping opens at column 9
        ("{date: 2021-09}",
         "5:9: error: a re-baseline has no 'approved' (expected e.g. approved: 2020-03)"),
        ("{approved: 2015-03}",
         "5:9: error: a re-baseline has no 'date' (expected e.g. date: 2024-09)"),
        # 9 + len("approved: ") = 19: the value starts at column 20
        ("{approved: soon, date: 2021-09}",
         "5:20: error: 'approved': \"soon\" is not a date (expected e.g. 2013-04, April 2013, "
         "2013-Q2)"),
        # 9 + len("approved: 2015-03, date: ") = 34: column 35
        ("{approved: 2015-03, date: a.planned}",
         "5:35: error: 'date' must be a date, not a milestone reference"),
        # 9 + len("approved: 2015-03, date: 2021-09, ") = 43: the key at column 44
        ("{approved: 2015-03, date: 2021-09, when: x}",
         "5:44: error: unknown key 'when' in a re-baseline (expected one of: approved, date, "
         "source, note)"),
        ("{approved: 2015-03, date: 2021-09, source: nope}",
         "5:52: error: unknown source 'nope' (expected an id from 'sources' or a URL; "
         "no sources defined)"),
    ],
)  # fmt: skip
def test_bad_rebaselines(bad: str, message: str) -> None:
    text = "plantrack: 1\nmilestones:\n  - id: hq\n    rebaselined:\n      - " + bad + "\n"
    with pytest.raises(PlanError) as info:
        load_plan_text(text, "p.yaml")
    assert str(info.value) == f"p.yaml:{message}"


def test_rebaselined_must_be_a_list() -> None:
    with pytest.raises(PlanError) as info:
        load_plan_text("milestones:\n  - id: hq\n    rebaselined: 2020\n", "p.yaml")
    assert str(info.value) == "p.yaml:3:18: error: 'rebaselined' must be a list, not number 2020"


def test_record_rebaseline(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file("plantrack: 1\nmilestones:\n  - id: hq\n    planned: 2016-06\n")
    invoke(
        "record", path, "hq", "--rebaseline", "2021-09", "--approved", "2015-03", "--note", "NAO"
    )
    assert path.read_text(encoding="utf-8") == (
        "plantrack: 1\nmilestones:\n  - id: hq\n    planned: 2016-06\n"
        "    rebaselined:\n      - approved: 2015-03\n        date: 2021-09\n        note: NAO\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rebaseline", "2021-09"], "--rebaseline needs --approved DATE"),
        (["--approved", "2015-03", "--actual", "2016-01"], "--approved goes with --rebaseline"),
        (["--rebaseline", "2021-09", "--approved", "2015-03", "--reported", "2015-03"],
         "--reported goes with --forecast, not --rebaseline"),
        (["--rebaseline", "2021-09", "--actual", "2016-01"], "give either"),
    ],
)  # fmt: skip
def test_record_rebaseline_usage(
    invoke: Invoke, plan_file: PlanFile, args: list[str], message: str
) -> None:
    path = plan_file("plantrack: 1\nmilestones:\n  - id: hq\n    planned: 2016-06\n")
    before = path.read_bytes()
    assert message in invoke("record", path, "hq", *args, code=2).stderr
    assert path.read_bytes() == before


# -- item 6: check with tolerance 0 judges as the status does ---------------------


@pytest.mark.parametrize(
    ("planned", "later", "as_of"),
    [
        # late 2020 is September-December: a December forecast lies inside it
        ("late 2020", "forecasts: [{reported: 2020-01, date: 2020-12}]", D(2020, 2, 1)),
        # summer 2014 is June-August: 15 July is inside
        ("summer 2014", "actual: 2014-07-15", D(2014, 8, 1)),
        # October-November 2013: 20 November is inside
        ("2013-10..2013-11", "actual: 2013-11-20", D(2013, 12, 1)),
    ],
)
def test_tolerance_zero_judges_as_the_status(planned: str, later: str, as_of: _dt.date) -> None:
    plan = load_plan_text(
        f"milestones:\n  - id: m\n    planned: {planned}\n    {later}\n", "p.yaml"
    )
    result = evaluate(plan, as_of).result("m")
    assert result.status in (Status.ON_TIME, Status.ON_TRACK)
    assert result.slip is not None and result.slip.text == "on time"
    assert check_plan(plan, as_of).findings == ()


def test_tolerance_zero_still_warns_when_possibly_late() -> None:
    # planned April 2013, forecast April..June 2013: 0-2 months, not certainly late
    plan = load_plan_text(
        "milestones:\n  - id: m\n    planned: 2013-04\n"
        "    forecasts: [{reported: 2013-01, date: 2013-04..2013-06}]\n",
        "p.yaml",
    )
    (finding,) = check_plan(plan, D(2013, 2, 1)).findings
    assert finding.message == "m: forecast up to 2 months late, possibly beyond the tolerance (0)"


def test_warn_within_names_a_deadline_beside_another_breach() -> None:
    # overdue since April 2013 (a breach); the deadline 2013-06-10 is 10 days after
    # the as-of date 2013-05-31, within 2 weeks
    plan = load_plan_text(
        "milestones:\n  - {id: m, planned: 2013-04, deadline: 2013-06-10}\n", "p.yaml"
    )
    checked = check_plan(plan, D(2013, 5, 31), warn_within=parse_duration("2w"))
    assert [(f.rule.value, f.severity.value, f.message) for f in checked.findings] == [
        ("overdue", "breach", "m: overdue, 1 month so far (tolerance 0)"),
        ("due-soon", "warning", "m: deadline 2013-06-10 within 14 days, not done"),
    ]


# -- diff: each side's expected date named from its own facts ---------------------


def test_diff_names_each_sides_basis(invoke: Invoke, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    head = "milestones:\n  - id: m\n    planned: 2013-06\n"
    old.write_text(head + "    forecasts: [{reported: 2013-05, date: 2014-03}]\n", encoding="utf-8")
    new.write_text(
        head + "    forecasts: [{reported: 2013-05, date: 2014-03}]\n    actual: 2014-05-02\n",
        encoding="utf-8",
    )
    out = invoke("diff", old, new, "--as-of", "2014-06-01").stdout
    # June 2013 -> March 2014 = 9 months; June 2013 -> May 2014 = 11 months: +2 months
    assert "~ m: forecast 2014-03 → actual 2014-05-02, slip +2 months" in out
    doc = json.loads(invoke("diff", old, new, "--as-of", "2014-06-01", "--format", "json").stdout)
    (m,) = doc["milestones"]
    assert (m["basis_before"], m["basis"]) == ("forecast", "actual")
    assert (m["slip_before"]["basis"], m["slip_after"]["basis"]) == ("forecast", "actual")


def test_lint_a_rebaseline_approved_after_the_actual() -> None:
    from plantrack.lint import lint_plan

    # approved 2022-01 starts after the actual 2021-11-15 ends: certainly after;
    # approved 2021-11 is not (it may have come first in November)
    plan = load_plan_text(
        PLAN + "      - {approved: 2021-11, date: 2022-06}\n"
        "      - {approved: 2022-01, date: 2022-09}\n    actual: 2021-11-15\n",
        "p.yaml",
    )
    assert [str(w) for w in lint_plan(plan, today=D(2026, 11, 25))] == [
        "p.yaml:4:5: warning: hq: re-baseline 3 (2022-09) is approved 2022-01, after the actual "
        "(2021-11-15) (expected a baseline approved before the milestone happened) "
        "[rebaseline-after-actual]"
    ]
