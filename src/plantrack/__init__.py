"""plantrack: honest slippage from fuzzy, sourced dates.

The same results as the CLI, from Python::

    >>> import datetime, plantrack
    >>> plan = plantrack.load_plan("plans/met.yaml")
    >>> report = plantrack.evaluate(plan, as_of=datetime.date(2013, 12, 31))
    >>> report.result("ict-strategy").slip.text
    '9 months'

``evaluate``, ``check_plans``, ``compute_trends`` and ``diff_plans`` take
``as_of`` optionally (default: the plan's own, else today; see
:mod:`plantrack.api`).  Every name loads its module on first use, so
``import plantrack`` imports no other plantrack module (the command line
imports it for ``__version__`` alone).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for mypy and IDEs; at run time each name loads on first use
    from plantrack.api import check_plans, compute_trends, diff_plans, evaluate
    from plantrack.check import CheckResult, Finding, MilestoneCheck, PlanCheck, Rule, Severity
    from plantrack.dates import DateError, DateRef, FuzzyDate, Precision, parse_date
    from plantrack.diff import DiffStatus, ExpectedBasis, Fact, FactKind, MilestoneDiff, PlanDiff
    from plantrack.durations import Duration, parse_duration
    from plantrack.errors import PlanError, PlantrackError, Problem
    from plantrack.loader import find_plan_files, load_plan, load_plan_text, load_plans
    from plantrack.model import Forecast, Milestone, Plan, Source
    from plantrack.slippage import (
        Basis,
        MilestoneResult,
        Report,
        Slip,
        Status,
        Summary,
        compute_slip,
        evaluate_milestone,
        resolve_as_of,
    )
    from plantrack.trend import Outcome, Point, PointKind, Projection, Rate, Trend, Verdict

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it

# name -> the module it is imported from on first use (see __getattr__): the
# command line imports ``plantrack`` for its version only, and a library user
# pays for what they touch.
_LAZY = {
    **dict.fromkeys(("check_plans", "compute_trends", "diff_plans", "evaluate"), "plantrack.api"),
    **dict.fromkeys(
        ("CheckResult", "Finding", "MilestoneCheck", "PlanCheck", "Rule", "Severity"),
        "plantrack.check",
    ),
    **dict.fromkeys(
        ("DateError", "DateRef", "FuzzyDate", "Precision", "parse_date"), "plantrack.dates"
    ),
    **dict.fromkeys(
        ("DiffStatus", "ExpectedBasis", "Fact", "FactKind", "MilestoneDiff", "PlanDiff"),
        "plantrack.diff",
    ),
    **dict.fromkeys(("Duration", "parse_duration"), "plantrack.durations"),
    **dict.fromkeys(("PlanError", "PlantrackError", "Problem"), "plantrack.errors"),
    **dict.fromkeys(
        ("find_plan_files", "load_plan", "load_plan_text", "load_plans"), "plantrack.loader"
    ),
    **dict.fromkeys(("Forecast", "Milestone", "Plan", "Source"), "plantrack.model"),
    **dict.fromkeys(
        (
            "Basis",
            "MilestoneResult",
            "Report",
            "Slip",
            "Status",
            "Summary",
            "compute_slip",
            "evaluate_milestone",
            "resolve_as_of",
        ),
        "plantrack.slippage",
    ),
    **dict.fromkeys(
        ("Outcome", "Point", "PointKind", "Projection", "Rate", "Trend", "Verdict"),
        "plantrack.trend",
    ),
}


def __getattr__(name: str) -> Any:
    """Every public name but ``__version__``, imported when first asked for
    (PEP 562), then kept in the module like an eager import."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'plantrack' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (``__all__``), for ``dir()`` and tab completion."""
    return sorted(__all__)


__all__ = [
    "Basis",
    "CheckResult",
    "DateError",
    "DateRef",
    "DiffStatus",
    "Duration",
    "ExpectedBasis",
    "Fact",
    "FactKind",
    "Finding",
    "Forecast",
    "FuzzyDate",
    "Milestone",
    "MilestoneCheck",
    "MilestoneDiff",
    "MilestoneResult",
    "Outcome",
    "Plan",
    "PlanCheck",
    "PlanDiff",
    "PlanError",
    "PlantrackError",
    "Point",
    "PointKind",
    "Precision",
    "Problem",
    "Projection",
    "Rate",
    "Report",
    "Rule",
    "Severity",
    "Slip",
    "Source",
    "Status",
    "Summary",
    "Trend",
    "Verdict",
    "__version__",
    "check_plans",
    "compute_slip",
    "compute_trends",
    "diff_plans",
    "evaluate",
    "evaluate_milestone",
    "find_plan_files",
    "load_plan",
    "load_plan_text",
    "load_plans",
    "parse_date",
    "parse_duration",
    "resolve_as_of",
]
