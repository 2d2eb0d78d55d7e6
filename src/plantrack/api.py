"""The friendly Python API: the core functions with ``as_of`` optional.

The core (:mod:`plantrack.slippage`, :mod:`plantrack.check`,
:mod:`plantrack.trend`, :mod:`plantrack.diff`) never reads the clock: every
function there takes its ``as_of``.  These wrappers are the one place a
library user's call reads it: without ``as_of`` a plan stands at its own
``as_of:`` (the end of its interval), else at today.  They are re-exported as
``plantrack.evaluate``, ``plantrack.check_plans``, ``plantrack.compute_trends``
and ``plantrack.diff_plans``.

The heavier modules (check, trend, diff) are imported on first call, so
``import plantrack`` stays cheap.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from plantrack import slippage
from plantrack.model import Plan

if TYPE_CHECKING:
    from plantrack.check import CheckResult
    from plantrack.diff import PlanDiff
    from plantrack.durations import Duration
    from plantrack.trend import Trend

__all__ = ["check_plans", "compute_trends", "diff_plans", "evaluate", "today"]


def today() -> _dt.date:
    """Today's date: the one place the Python API reads the clock."""
    return _dt.date.today()


def evaluate(plan: Plan, as_of: _dt.date | None = None) -> slippage.Report:
    """Evaluate every milestone of ``plan`` as known at ``as_of`` (default: the
    plan's own ``as_of``, else today): a :class:`~plantrack.Report`."""
    return slippage.evaluate(plan, slippage.resolve_as_of(plan, as_of, today()))


def check_plans(
    plans: Plan | Iterable[Plan],
    as_of: _dt.date | None = None,
    *,
    tolerance: Duration | None = None,
    warn_within: Duration | None = None,
    warnings_as_errors: bool = False,
) -> CheckResult:
    """The deadline gate of ``plantrack check`` on one plan or several: a
    :class:`~plantrack.CheckResult` with every breach and warning
    (``.findings``, ``.breaches``, ``.warnings``) and the ``.exit_code`` the
    command would exit with.  Each plan stands at ``as_of``, else its own
    ``as_of``, else today; ``tolerance`` overrides the plans' own (a
    :class:`~plantrack.Duration`, e.g. ``parse_duration("1mo")``)."""
    from plantrack import check

    return check.check_plans(
        [plans] if isinstance(plans, Plan) else plans,
        as_of=as_of,
        today=today(),
        tolerance=tolerance,
        warn_within=warn_within,
        warnings_as_errors=warnings_as_errors,
    )


def compute_trends(
    plan: Plan, as_of: _dt.date | None = None, milestone_ids: Iterable[str] = ()
) -> tuple[Trend, ...]:
    """The milestone trend analysis of ``plantrack trend``: one
    :class:`~plantrack.Trend` per milestone named (``KeyError`` for an unknown
    id), else per milestone with a forecast known at ``as_of`` (default: the
    plan's own ``as_of``, else today)."""
    from plantrack import trend

    at = slippage.resolve_as_of(plan, as_of, today())
    return trend.compute_trends(plan, at, milestone_ids)


def diff_plans(old: Plan, new: Plan, as_of: _dt.date | None = None) -> PlanDiff:
    """What changed from ``old`` to ``new``, as ``plantrack diff`` shows it: a
    :class:`~plantrack.PlanDiff` as known at ``as_of`` (default: the new plan's
    own ``as_of``, else today)."""
    from plantrack import diff

    return diff.diff_plans(old, new, slippage.resolve_as_of(new, as_of, today()))
