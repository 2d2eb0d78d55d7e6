"""The Python API: as_of optional (the clock read in plantrack.api only), the
friendly wrappers, ``Report.summary`` as a property, ``__all__`` documented,
and ``import plantrack`` cheap."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import subprocess
import sys
import warnings

import pytest

import plantrack
from plantrack import api, slippage
from tests.conftest import MET, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
API_SECTION = README[README.index("## Python API") : README.index("## Exit codes")]

NO_AS_OF = """\
plantrack: 1
plan: Depot
milestones:
  - id: build
    planned: 2024-03-29
    forecasts:
      - {reported: 2024-02-01, date: 2024-04}
      - {reported: 2024-05-02, date: 2024-06}
"""
WITH_AS_OF = NO_AS_OF.replace("plan: Depot\n", "plan: Depot\nas_of: 2024-03\n")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Today is 2024-06-14 for the API."""
    day = dt.date(2024, 6, 14)
    monkeypatch.setattr(api, "today", lambda: day)
    return day


def plan(text: str) -> plantrack.Plan:
    return plantrack.load_plan_text(text, "depot.yaml")


@pytest.mark.parametrize(
    ("text", "as_of", "expected_as_of", "slip"),
    [
        # no as_of anywhere: today (2024-06-14); both forecasts known: Mar -> Jun, 3 months
        (NO_AS_OF, None, dt.date(2024, 6, 14), "3 months"),
        # the plan's as_of 2024-03 stands at its end; only the first forecast: Mar -> Apr
        (WITH_AS_OF, None, dt.date(2024, 3, 31), "1 month"),
        # an explicit as_of wins over both
        (WITH_AS_OF, dt.date(2024, 5, 2), dt.date(2024, 5, 2), "3 months"),
    ],
)
def test_evaluate_as_of(clock, text: str, as_of, expected_as_of: dt.date, slip: str) -> None:
    report = plantrack.evaluate(plan(text), as_of)
    assert report.as_of == expected_as_of
    result = report.result("build")
    assert result.slip is not None and result.slip.text == slip


def test_the_core_still_requires_as_of() -> None:
    assert plantrack.evaluate is api.evaluate
    assert (
        inspect.signature(slippage.evaluate).parameters["as_of"].default is inspect.Parameter.empty
    )


def test_check_plans_one_plan_or_several(clock) -> None:
    one = plan(NO_AS_OF)
    # tolerance 1 month; as of 2024-06-14 the slip is 3 months: a breach
    tol = plantrack.parse_duration("1mo")
    for plans in (one, [one], (one, one)):
        result = plantrack.check_plans(plans, tolerance=tol)
        assert isinstance(result, plantrack.CheckResult)
        assert {(f.milestone, f.rule, f.severity) for f in result.findings} == {
            ("build", plantrack.Rule.SLIP, plantrack.Severity.BREACH)
        }
        assert result.exit_code == 1
        assert {p.report.as_of for p in result.plans} == {clock}
    # as of 2024-03-31 (the plan's own) the slip is 1 month: within the tolerance
    assert plantrack.check_plans(plan(WITH_AS_OF), tolerance=tol).findings == ()


def test_compute_trends(clock) -> None:
    (trend,) = plantrack.compute_trends(plan(NO_AS_OF))
    assert isinstance(trend, plantrack.Trend)
    # 1 month -> 3 months of slip over 2024-02-01..2024-05-02 (91 days = 2.99 months): 0.67
    assert trend.rate is not None and trend.rate.text == "0.67"
    assert trend.verdict is plantrack.Verdict.SLIPPING
    with pytest.raises(KeyError):
        plantrack.compute_trends(plan(NO_AS_OF), milestone_ids=["nope"])


def test_diff_plans_as_of_is_the_new_plans(clock) -> None:
    old = plantrack.load_plan_text(
        "plantrack: 1\nmilestones:\n  - {id: build, planned: 2024-03-29}\n", "old.yaml"
    )
    change = plantrack.diff_plans(old, plan(WITH_AS_OF))
    assert isinstance(change, plantrack.PlanDiff)
    assert change.as_of == dt.date(2024, 3, 31)
    assert [(m.id, m.status, m.later) for m in change.milestones] == [
        ("build", plantrack.DiffStatus.CHANGED, True)
    ]
    assert plantrack.diff_plans(old, plan(NO_AS_OF)).as_of == clock


def test_summary_is_a_property_and_calling_it_warns() -> None:
    report = plantrack.evaluate(plantrack.load_plan(MET), dt.date(2013, 12, 31))
    summary = report.summary
    assert isinstance(summary, plantrack.Summary)
    # as of 2013-12-31 only ict-strategy is late (forecast 2014-01); noticeable-
    # improvements is due "2013", which has not ended yet
    assert (summary.total, summary.late) == (7, 1)
    assert repr(summary) == f"<Summary: {summary.text()}>"
    with pytest.warns(DeprecationWarning, match="property"):
        called = report.summary()
    assert called == summary
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report.summary.text()  # the property itself never warns


@pytest.mark.parametrize("name", plantrack.__all__)
def test_every_exported_name_is_documented(name: str) -> None:
    assert f"`{name}`" in API_SECTION, f"{name}: list it in the README's Python API section"
    if name == "__version__":
        return
    value = getattr(plantrack, name)
    assert inspect.getdoc(value), f"{name} has no docstring"


def test_all_is_exactly_the_public_names() -> None:
    assert len(set(plantrack.__all__)) == len(plantrack.__all__)
    assert plantrack.__all__ == sorted(plantrack.__all__)
    assert dir(plantrack) == plantrack.__all__
    for name in plantrack.__all__:  # each one resolves (the lazy ones too)
        getattr(plantrack, name)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = plantrack.nope  # type: ignore[attr-defined]


def test_import_is_cheap() -> None:
    code = (
        "import sys, plantrack\n"
        "heavy = {'plantrack.check', 'plantrack.trend', 'plantrack.diff', 'plantrack.calendars',"
        " 'click', 'rich', 'ruamel', 'holidays'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
        "plantrack.CheckResult\n"
        "print('plantrack.check' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out == "[]\nTrue\n"


# -- plantrack trend takes several plans, as slippage does --------------------------------

TREND = ROOT / "tests" / "data" / "trend"


def _copy(tmp_path, *names: str):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((TREND / name).read_bytes())
    return folder


def test_trend_several_plans_json_is_the_list_of_single_documents(invoke, tmp_path) -> None:
    folder = _copy(tmp_path, "diff-new.yaml", "shapes.yaml")
    args = ("--as-of", "2024-06-14", "--format", "json")
    singles = [
        json.loads(invoke("trend", folder / n, *args).stdout)
        for n in ("diff-new.yaml", "shapes.yaml")
    ]
    assert json.loads(invoke("trend", folder, *args).stdout) == singles
    both = invoke("trend", folder / "diff-new.yaml", folder / "shapes.yaml", *args).stdout
    assert json.loads(both) == singles
    glob = invoke("trend", str(folder / "*.yaml"), *args).stdout
    assert json.loads(glob) == singles


def test_trend_several_plans_table_is_each_table_in_turn(invoke, tmp_path) -> None:
    folder = _copy(tmp_path, "diff-new.yaml", "shapes.yaml")
    a = invoke("trend", folder / "diff-new.yaml", "--as-of", "2024-06-14").stdout
    b = invoke("trend", folder / "shapes.yaml", "--as-of", "2024-06-14").stdout
    assert invoke("trend", folder, "--as-of", "2024-06-14").stdout == a + "\n" + b


def test_trend_reports_invalid_files_and_still_the_valid_ones(invoke, tmp_path) -> None:
    folder = _copy(tmp_path, "shapes.yaml")
    (folder / "bad.yaml").write_text("plantrack: 1\nmilestones: 3\n", encoding="utf-8")
    result = invoke("trend", folder, "--as-of", "2024-06-14", "--format", "json", code=2)
    assert [d["file"] for d in json.loads(result.stdout)] == [str(folder / "shapes.yaml")]
    assert result.stderr.startswith(f"{folder / 'bad.yaml'}:2:")
    assert ": error: " in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--svg", "x.svg"], "--svg and --png draw one plan: give one PLAN file"),
        (["-m", "nope"], "plantrack: error: no plan has a milestone 'nope'"),
    ],
)
def test_trend_several_plans_bad_usage(invoke, tmp_path, args, message: str) -> None:
    folder = _copy(tmp_path, "diff-new.yaml", "shapes.yaml")
    result = invoke("trend", folder, "--as-of", "2024-06-14", *args, code=2)
    assert message in result.stderr


def test_trend_milestone_picks_the_plans_that_have_it(invoke, tmp_path) -> None:
    folder = _copy(tmp_path, "diff-new.yaml", "shapes.yaml")
    mid = plantrack.load_plan(folder / "shapes.yaml").milestones[0].id
    out = invoke("trend", folder, "--as-of", "2024-06-14", "-f", "json", "-m", mid).stdout
    assert [(d["file"], [m["id"] for m in d["milestones"]]) for d in json.loads(out)] == [
        (str(folder / "shapes.yaml"), [mid])
    ]
