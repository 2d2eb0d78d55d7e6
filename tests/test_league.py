"""Issue 13 items 1-2: plan metadata (start, headline, tags) and ``plantrack league``.

Every expected figure below is worked by hand from tests/data/league/ (the
working is in the comments), never taken from the code under test.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.dates import FuzzyDate, parse_date
from plantrack.errors import PlanError
from plantrack.knowledge import Replay
from plantrack.league import (
    League,
    Overrun,
    age_text,
    compute_league,
    headline_milestone,
    overrun,
)
from plantrack.loader import load_plan, load_plan_text
from plantrack.slippage import Basis, compute_slip
from tests.conftest import ROOT, Invoke, PlanFile

DATA = Path(__file__).parent / "data" / "league"
D = _dt.date


def _league(as_of: D, since: D | None = None, group_by: str | None = None) -> League:
    plans = [load_plan(p) for p in sorted(DATA.glob("*.yaml"))]
    return compute_league([(p, as_of) for p in plans], since=since, group_by=group_by)


def _row_texts(league: League) -> list[tuple[str, ...]]:
    out = []
    for r in league.rows:
        h = r.headline
        assert h is not None
        assert h.slip is not None
        out.append(
            (
                r.rank_text,
                r.plan.name,
                h.milestone.id,
                h.status.value,
                h.slip.described,
                h.slip_vs_baseline.described if h.slip_vs_baseline else "—",
                r.overrun.text if r.overrun else "—",
                str(r.forecasts),
                str(r.rebaselines),
                f"{r.last_news.display} ({r.age})" if r.last_news else "—",
                r.verdict.value if r.verdict else "—",
                r.worst_other.milestone.id if r.worst_other else "—",
                r.since.text if r.since else "—",
            )
        )
    return out


# As of 2023-06-30, --since 2022-06-30.
# ferry: planned 2019-05-15; latest forecast 2023-12..2024-03 (still ahead), month
#   precision: 2023-12 - 2019-05 = 55 months, 2024-03 - 2019-05 = 58 months.  Then
#   (2022-06-30) the forecast 2022-06 had ended, so "so far" 2019-05-15 -> 2022-06-30
#   = 37 months: change 55-37 = 18 .. 58-37 = 21 months.  No start: no overrun.
#   News 2022-09-01, 9 months 29 days before.  Rate 18..21 months in 943 days
#   (31 months): 0.58-0.68, slipping.
# rail: headline defaults to 'opening' (planned 2020-01-01, the latest end); the
#   re-baseline approved 2023-03-31 to 2024-01-01 is the latest news: 4 years
#   (1461 days) vs the original, on time vs the baseline in force.  Overrun
#   1461 / (2020-01-01 - 2015-01-01 = 1826 days) = 0.800 -> 80%.  Then: forecast
#   2023-01-01, 3 years: +1 year.  News 2023-03-31: 3 months (month end to month end).
#   design (2016-06-30 -> 2016-09-30) is 3 months late.  Rate 24 months in 1552 days.
# tax: 2022-04-01 -> 2025-04-01 = 3 years (1096 days); 1096/1186 = 0.924 -> 92%.
#   Then: forecast 2023-04-01, 1 year: +2 years.  Rate 24 months in 471 days: 1.55.
# hospital: headline 'handover' given (fit-out's 2022-03 is later); 2021-06 ->
#   2024-06 = 36 months.  Overrun: slip days 2024-06-01 - 2021-06-30 = 1067 ..
#   2024-06-30 - 2021-06-01 = 1125; duration 2021-06-01 - 2018-12-31 = 883 ..
#   2021-06-30 - 2018-01-01 = 1276; 1067/1276 = 0.836 -> 84%, 1125/883 = 1.274 -> 127%.
#   Then: 2022-Q1 had ended: so far 2021-06 -> 2022-06 = 12 months: +2 years.
#   fit-out (2022-03, no news): 2022-03 -> 2023-06 = 15 months so far.
#   tax and hospital both 36 months (month precision): they share rank 3; tax first
#   (days 1096 > 1067).
# portal: live planned and actual 2022-03-31: on time, 0%, rank 5; news 15 months.
AT_2023 = [
    ("1", "Island ferries", "vessel-1", "overdue", "4 years 7 months – 4 years 10 months",
     "—", "—", "2", "0", "2022-09-01 (9 months ago)", "slipping", "—",
     "+1 year 6 months – 1 year 9 months"),
    ("2", "Northern rail link", "opening", "overdue", "4 years", "on time", "80%", "2", "1",
     "2023-03-31 (3 months ago)", "slipping", "design", "+1 year"),
    ("=3", "Tax platform", "live", "overdue", "3 years", "—", "92%", "2", "0",
     "2023-01-15 (5 months ago)", "slipping as fast as time passes", "—", "+2 years"),
    ("=3", "City hospital", "handover", "overdue", "3 years", "—", "84–127%", "2", "0",
     "2023-02-15 (4 months ago)", "slipping as fast as time passes", "fit-out", "+2 years"),
    ("5", "Benefits portal", "live", "on time", "on time", "—", "0%", "1", "0",
     "2022-03-31 (15 months ago)", "stable", "—", "±0 months"),
]  # fmt: skip

# As of 2021-12-31 (the replay): only what was reported by then.
# ferry: forecast 2022-06 (ahead): 2022-06 - 2019-05 = 37 months.
# rail: forecast 2021-01-01 had passed: so far 2020-01-01 -> 2021-12-31 =
#   1 year 11 months 30 days (730 days); 730/1826 = 0.3998 -> 40%; no re-baseline yet.
# tax: forecast 2023-04-01: 1 year (365 days); 365/1186 = 0.308 -> 31%; forecast late.
# hospital: forecast 2022-Q1 (ahead), at quarter precision 2021-Q2 -> 2022-Q1 =
#   9 months; days 185..303 over 1276..883: 14.5% (0.14498) -> 14%, 34%.
# portal: on track, on time.  No plan has two reports yet: no verdicts.
AT_2021 = [
    ("1", "Island ferries", "vessel-1", "overdue", "3 years 1 month", "—", "—", "1", "0",
     "2020-02-01 (22 months ago)", "—", "—", "—"),
    ("2", "Northern rail link", "opening", "overdue", "1 year 11 months 30 days so far", "—",
     "40%", "1", "0", "2018-03-31 (45 months ago)", "—", "design", "—"),
    ("3", "Tax platform", "live", "forecast late", "1 year", "—", "31%", "1", "0",
     "2021-10-01 (2 months ago)", "—", "—", "—"),
    ("4", "City hospital", "handover", "overdue", "9 months", "—", "14–34%", "1", "0",
     "2021-03 (9 months ago)", "—", "—", "—"),
    ("5", "Benefits portal", "live", "on track", "on time", "—", "0%", "1", "0",
     "2021-06-30 (6 months ago)", "—", "—", "—"),
]  # fmt: skip


def test_the_portfolio_as_of_mid_2023_with_since() -> None:
    assert _row_texts(_league(D(2023, 6, 30), since=D(2022, 6, 30))) == AT_2023


def test_the_portfolio_replayed_as_of_the_end_of_2021() -> None:
    assert _row_texts(_league(D(2021, 12, 31))) == AT_2021


def test_summary_and_group_by() -> None:
    league = _league(D(2023, 6, 30), group_by="department")
    # median of months_min 55, 48, 36, 36, 0 and of months_max 58, 48, 36, 36, 0: 36
    assert league.summary == (
        "4 of 5 projects late; median slip 36 months; "
        "worst: Island ferries, 4 years 7 months – 4 years 10 months"
    )
    # DfT: ferry (55..58) and rail (48): medians 51.5 and 53; portal has no department
    assert [(s.value, s.count, s.late, s.median) for s in league.subtotals] == [
        ("DfT", 2, 2, "51.5–53 months"),
        ("DHSC", 1, 1, "36 months"),
        ("HMRC", 1, 1, "36 months"),
        (None, 1, 0, "0 months"),
    ]


def _fd(text: str) -> FuzzyDate:
    return parse_date(text)


@pytest.mark.parametrize(
    ("planned", "later", "start", "expected"),
    [
        # 365 days late over 2020-01-01 -> 2021-01-01 (366 days): 0.997 -> 100%
        ("2021-01-01", "2022-01-01", "2020-01-01", "100%"),
        # 2020-01-01 + 200 days = 2020-07-19 (2020 is a leap year); 30 days over 200: 15%
        ("2020-07-19", "2020-08-18", "2020-01-01", "15%"),
        # 5 days over 200 = 2.5%: half up, 3%
        ("2020-07-19", "2020-07-24", "2020-01-01", "3%"),
        # 5 days over 201 = 2.49%: 2%
        ("2020-07-20", "2020-07-25", "2020-01-01", "2%"),
        # month precision: slip days 1 (2020-08-01 - 2020-07-31) .. 61 (2020-08-31 -
        # 2020-07-01); duration 182 (2020-07-01 - 2020-01-01) .. 212 (2020-07-31 -
        # 2020-01-01): 1/212 = 0.47% -> 0%, 61/182 = 33.5% -> 34%
        ("2020-07", "2020-08", "2020-01-01", "0–34%"),
        # early: -30 days over 200: -15%
        ("2020-07-19", "2020-06-19", "2020-01-01", "−15%"),
    ],
)
def test_overrun_worked_by_hand(planned: str, later: str, start: str, expected: str) -> None:
    p = _fd(planned)
    result = overrun(compute_slip(p, _fd(later), Basis.ACTUAL), p, _fd(start))
    assert result is not None
    assert result.text == expected


def test_no_overrun_when_the_start_is_not_before_the_planned_end() -> None:
    p = _fd("2020-01-01")
    assert overrun(compute_slip(p, _fd("2020-02-01")), p, _fd("2020-01-01")) is None


@pytest.mark.parametrize(
    ("overrun_value", "text"),
    [(Overrun(18, 24), "18–24%"), (Overrun(5, None), "at least 5%"), (Overrun(-5, 3), "−5 – 3%")],
)
def test_overrun_text(overrun_value: Overrun, text: str) -> None:
    assert overrun_value.text == text


@pytest.mark.parametrize(
    ("news", "as_of", "text"),
    [
        (D(2023, 6, 30), D(2023, 6, 30), "today"),
        (D(2023, 6, 1), D(2023, 6, 30), "29 days ago"),
        (D(2023, 5, 30), D(2023, 6, 30), "1 month ago"),
        (D(2022, 4, 15), D(2023, 6, 30), "14 months ago"),
    ],
)
def test_age_text(news: D, as_of: D, text: str) -> None:
    assert age_text(news, as_of) == text


def _plan(body: str) -> str:
    return "plantrack: 1\n" + body


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        # b ends latest (2021-12-31 as a year)
        ("  - {id: a, planned: 2021-06}\n  - {id: b, planned: 2021}\n", "b"),
        # a tie on the end: the first in file order
        ("  - {id: a, planned: 2021-12}\n  - {id: b, planned: 2021-12-31}\n", "a"),
        # no planned date at all: the first milestone
        ("  - {id: a}\n  - {id: b}\n", "a"),
    ],
)
def test_the_default_headline(milestones: str, expected: str) -> None:
    plan = load_plan_text(_plan("milestones:\n" + milestones))
    head = headline_milestone(plan, Replay(plan, D(2020, 1, 1)))
    assert head is not None
    assert head.id == expected


def test_metadata_is_loaded() -> None:
    plan = load_plan(DATA / "hospital.yaml")
    assert plan.start == _fd("2018")
    assert plan.headline == "handover"
    assert dict(plan.tags) == {"department": "DHSC", "category": "Infrastructure"}


BAD_METADATA = [
    ("start: 2013-Q5\n",
     "2:8: 'start': \"2013-Q5\" is not a date: quarter 5 does not exist (Q1-Q4) "
     "(expected e.g. 2013-04, April 2013, 2013-Q2)"),
    ("start: a.planned\n",
     "2:8: 'start' must be a date, not a milestone reference"),
    ("headline: bta\n",
     "2:11: 'headline': unknown milestone 'bta' (expected a milestone id; known: a)"),
    ("headline: Big\n",
     "2:11: 'headline': \"Big\" is not a valid id (expected lower-case letters, digits, '.', "
     "'_' or '-', starting with a letter or digit)"),
    ("tags: [x]\n",
     "2:7: 'tags' must be a mapping, not a list "
     "(expected short names and values, e.g. {department: DfT})"),
    ("tags: {dept: [1]}\n",
     "2:14: tag 'dept': a list is not short text (expected text of 1 to 80 characters)"),
    ("tags: {dept: ''}\n",
     "2:14: tag 'dept': \"\" is not short text (expected text of 1 to 80 characters)"),
    (f"tags: {{dept: {'x' * 81}}}\n",
     f"2:14: tag 'dept': \"{'x' * 81}\" is not short text (expected text of 1 to 80 characters)"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "message"), BAD_METADATA)
def test_bad_metadata_is_a_positioned_error(line: str, message: str) -> None:
    text = _plan(line + "milestones:\n  - {id: a, planned: 2013-04}\n")
    with pytest.raises(PlanError) as info:
        load_plan_text(text, "p.yaml")
    assert [f"{p.line}:{p.column}: {p.message}" for p in info.value.problems] == [message]


def test_every_metadata_problem_at_once(plan_file: PlanFile, invoke: Invoke) -> None:
    path = plan_file(_plan("start: soon\nheadline: zz\ntags: {a: [1]}\nmilestones:\n  - {id: a}\n"))
    result = invoke("league", str(path), code=2)
    lines = result.stderr.splitlines()
    assert [line.split(": error: ")[0] for line in lines] == [
        f"{path}:2:8",
        f"{path}:3:11",
        f"{path}:4:11",
    ]
    assert "Traceback" not in result.output


# -- the command -----------------------------------------------------------------


def test_json_contract(invoke: Invoke) -> None:
    out = invoke(
        "league", str(DATA), "--as-of", "2023-06-30", "--since", "2022-06-30", "-f", "json"
    )
    doc = json.loads(out.stdout)
    assert list(doc) == ["as_of", "since", "group_by", "summary", "plans", "subtotals"]
    assert doc["as_of"] == "2023-06-30"
    assert doc["since"] == "2022-06-30"
    assert doc["summary"]["plans"] == 5
    assert doc["summary"]["late"] == 4
    assert doc["summary"]["median_slip"] == "36 months"
    hospital = doc["plans"][3]
    assert (hospital["rank"], hospital["tied"], hospital["rank_text"]) == (3, True, "=3")
    assert hospital["overrun"] == {"pct_min": 84, "pct_max": 127, "text": "84–127%"}
    assert hospital["slip"]["months_min"] == hospital["slip"]["months_max"] == 36
    assert hospital["since"] == {"months_min": 24, "months_max": 24, "text": "+2 years"}
    assert hospital["last_news"]["age"] == "4 months ago"
    assert hospital["worst_other"]["id"] == "fit-out"
    assert hospital["tags"] == {"department": "DHSC", "category": "Infrastructure"}
    assert doc["plans"][0]["overrun"] is None


def test_csv_and_markdown(invoke: Invoke) -> None:
    csv_out = invoke("league", str(DATA), "--as-of", "2023-06-30", "-f", "csv").stdout
    lines = csv_out.splitlines()
    assert lines[0] == (
        "rank,plan,headline,status,slip,slip_vs_baseline,overrun,forecasts,rebaselines,"
        "last_news,trend,worst_other,tied,file"
    )
    assert lines[4].startswith("3,City hospital,handover,overdue,3 years,,84–127%,2,0,")
    assert lines[4].endswith(f",yes,{DATA / 'hospital.yaml'}")
    md = invoke("league", str(DATA), "--as-of", "2023-06-30", "-f", "markdown").stdout
    assert "| =3 | City hospital | handover | overdue | 3 years |" in md
    assert md.endswith(
        "4 of 5 projects late; median slip 36 months; "
        "worst: Island ferries, 4 years 7 months – 4 years 10 months\n"
    )


def test_table_with_group_by_and_output(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "league.txt"
    args = ["league", str(DATA), "--as-of", "2023-06-30", "--group-by", "department"]
    invoke(*args, "--width", "200", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "(no department)" in text
    assert text.rstrip().endswith("worst: Island ferries, 4 years 7 months – 4 years 10 months")
    invoke(*args, "-o", str(out), code=2)  # exists: only with --force
    invoke(*args, "-o", str(out), "--force")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--group-by", "dept"],
         "plantrack: error: --group-by: no plan has the tag 'dept' (tags: category, department)"),
        (["--as-of", "2022-01-01", "--since", "2022-06-30"],
         "plantrack: error: --since 2022-06-30 is after the as-of date of"),
        (["--since", "soon"], "Invalid value for '--since'"),
    ],
)  # fmt: skip
def test_bad_options_exit_2(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("league", str(DATA), *args, code=2)
    assert message in result.stderr
    assert result.stdout == ""


def test_an_invalid_plan_is_reported_after_the_table(
    invoke: Invoke, plan_file: PlanFile, tmp_path: Path
) -> None:
    plan_file(_plan("headline: nope\nmilestones:\n  - {id: a, planned: 2020}\n"), "bad.yaml")
    plan_file(_plan("plan: Good\nmilestones:\n  - {id: a, planned: 2020}\n"), "good.yaml")
    result = invoke("league", str(tmp_path), "--as-of", "2021-06-30", "-f", "csv", code=2)
    assert "Good" in result.stdout
    assert result.stderr == (
        f"{tmp_path / 'bad.yaml'}:2:11: error: 'headline': unknown milestone 'nope' "
        "(expected a milestone id; known: a)\n"
    )


# -- ranking properties ------------------------------------------------------------

_DAYS = st.integers(min_value=-400, max_value=4000)


@given(st.lists(st.tuples(_DAYS, st.booleans()), min_size=1, max_size=8))
def test_ranks_never_improve_down_the_table_and_ties_share_one(
    plans: list[tuple[int, bool]],
) -> None:
    texts = []
    for i, (days, fuzzy) in enumerate(plans):
        planned = "2020-01" if fuzzy else "2020-01-15"
        actual = (D(2020, 1, 15) + _dt.timedelta(days=days)).isoformat()
        texts.append(
            load_plan_text(
                _plan(f"plan: p{i}\nmilestones:\n  - {{id: a, planned: {planned}, "
                      f"actual: {actual}}}\n"),
                f"p{i}.yaml",
            )
        )  # fmt: skip
    league = compute_league([(p, D(2031, 1, 1)) for p in texts])
    ranks = [r.rank for r in league.rows]
    assert all(r is not None for r in ranks)
    assert ranks[0] == 1
    assert ranks == sorted(ranks)  # type: ignore[type-var]
    for i, row in enumerate(league.rows):
        shared = ranks.count(row.rank) > 1
        assert row.tied is shared
        if not shared:
            assert row.rank == i + 1  # competition ranking: "=3", "=3", then 5
    severities = [(r.slip.months_min, r.slip.days_min) for r in league.rows if r.slip]
    assert severities == sorted(severities, reverse=True)


def test_day_precise_slips_tie_only_when_equal() -> None:
    # 3 months 5 days and 3 months 20 days are both "3 months" in whole months,
    # but at day precision they differ: ranks 1 and 2.  Two equal slips share rank 1.
    def plan(name: str, actual: str) -> tuple[object, D]:
        text = _plan(f"plan: {name}\nmilestones:\n  - {{id: a, planned: 2020-01-01, "
                     f"actual: {actual}}}\n")  # fmt: skip
        return load_plan_text(text, f"{name}.yaml"), D(2021, 1, 1)

    league = compute_league([plan("x", "2020-04-06"), plan("y", "2020-04-21")])  # type: ignore[list-item]
    assert [(r.plan.name, r.rank_text) for r in league.rows] == [("y", "1"), ("x", "2")]
    league = compute_league([plan("x", "2020-04-21"), plan("y", "2020-04-21")])  # type: ignore[list-item]
    assert [(r.plan.name, r.rank_text) for r in league.rows] == [("x", "=1"), ("y", "=1")]


def test_no_plan_files_is_an_error_without_a_table(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("league", str(tmp_path), code=2)
    assert result.stdout == ""
    assert result.stderr == (
        f"{tmp_path}: error: no plan files found under {tmp_path} "
        "(expected *.yaml or *.yml files)\n"
    )


def test_since_counts_a_headline_on_track_then_as_on_plan() -> None:
    # The Met plan's headline, noticeable-improvements, is planned for 2013
    # (year precision). On 2013-06-01 it was not yet due and no forecast said
    # otherwise: on track, expected on plan. As of 2014-03-01 it is overdue by
    # 2014 − 2013 = 1 year, 12 months at both ends: all of it is new since.
    plan = load_plan(ROOT / "plans" / "met.yaml")
    league = compute_league([(plan, D(2014, 3, 1))], since=D(2013, 6, 1))
    (row,) = league.rows
    assert row.headline is not None and row.headline.milestone.id == "noticeable-improvements"
    assert row.since is not None
    assert (row.since.months_min, row.since.months_max, row.since.text) == (12, 12, "+1 year")
