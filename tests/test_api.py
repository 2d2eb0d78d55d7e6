"""The Python API: as_of optional (the clock read in plantrack.api only), the
friendly wrappers, ``Report.summary`` as a property, ``__all__`` documented,
and ``import plantrack`` cheap."""

from __future__ import annotations

import datetime as dt
import inspect
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
