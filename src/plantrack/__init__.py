"""plantrack: honest slippage from fuzzy, sourced dates.

The same results as the CLI, from Python::

    >>> import datetime, plantrack
    >>> plan = plantrack.load_plan("plans/met.yaml")
    >>> report = plantrack.evaluate(plan, as_of=datetime.date(2013, 12, 31))
    >>> report.result("ict-strategy").slip.text
    '9 months'
"""

from __future__ import annotations

from plantrack.dates import DateError, DateRef, FuzzyDate, Precision, parse_date
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
    evaluate,
    evaluate_milestone,
    resolve_as_of,
)

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it

__all__ = [
    "Basis",
    "DateError",
    "DateRef",
    "Duration",
    "Forecast",
    "FuzzyDate",
    "Milestone",
    "MilestoneResult",
    "Plan",
    "PlanError",
    "PlantrackError",
    "Precision",
    "Problem",
    "Report",
    "Slip",
    "Source",
    "Status",
    "Summary",
    "__version__",
    "compute_slip",
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
