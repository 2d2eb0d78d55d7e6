"""The deadline gate: which milestones breach their tolerance or deadline, as data.

Rules (documented in docs/ci.md, "Rules"):

* ``overdue``: past its planned date, not done, and nothing newer known; the
  slip is measured up to the as-of date.
* ``slip``: the latest forecast or re-baseline, or the actual, is later than
  the baseline in force (``against``: or the original baseline).
* ``deadline``: the expected date (plantrack.knowledge) is, or may be, after
  the hard deadline; or the deadline has passed undone.
* ``due-soon`` (only with a warning window): due within the window, not done;
  or its deadline within the window, even beside another finding.

Fuzzy dates stay honest: a slip is a *breach* when its nearest reading
(``days_min``, ``months_min`` or ``business_days_min``, in the tolerance's own
unit) exceeds the tolerance, and a *warning* when only its farthest reading does.
A tolerance of 0 (the default) is judged exactly as the status is: at the
comparison precision of the two dates (``Slip.certainly_late``), and a slip
that reads "on time" is never a finding: April 2013 against 15 April 2013, or
planned late 2020 against a forecast of 2020-12, is on time.

Pure: no printing, no clock; ``as_of`` is a parameter.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from plantrack.calendars import Calendar, get_calendar
from plantrack.checkdays import counts_business_days, with_business_days
from plantrack.checkslip import range_text as _range
from plantrack.checkslip import readings as _readings
from plantrack.checkslip import slip_finding as _slip_finding
from plantrack.checkslip import tolerance_text
from plantrack.checktypes import (
    Against,
    CheckResult,
    Finding,
    MilestoneCheck,
    PlanCheck,
    Rule,
    Severity,
    fingerprint,
)
from plantrack.dates import FuzzyDate
from plantrack.durations import Duration, DurationUnit, describe
from plantrack.errors import Problem
from plantrack.knockon import Consistency, KnockOn, interval_text
from plantrack.knowledge import ExpectedBasis, Replay
from plantrack.model import Milestone, Plan
from plantrack.months import add_months
from plantrack.slippage import (
    MilestoneResult,
    Report,
    Slip,
    evaluate_milestone,
    resolve_as_of,
)
from plantrack.waivers import apply_waivers

__all__ = [
    "ZERO",
    "Against",
    "CheckResult",
    "Finding",
    "MilestoneCheck",
    "PlanCheck",
    "Rule",
    "Severity",
    "check_each",
    "check_plan",
    "check_plans",
    "fingerprint",
    "tolerance_text",
    "with_business_days",
]

ZERO = Duration(0, DurationUnit.DAYS, "0")


# -- the rules -----------------------------------------------------------------


_EXPECTED_WORDS = {
    ExpectedBasis.ACTUAL: "delivered",
    ExpectedBasis.FORECAST: "forecast",
    ExpectedBasis.REBASELINE: "re-baselined",
    ExpectedBasis.PLANNED: "planned",
}


def _knock_on_finding(result: MilestoneResult) -> tuple[Rule, Severity, str] | None:
    """``b: forecast 2014-01 ignores the knock-on from a: implied 2014-03..2014-04``."""
    implied, known = result.implied, result.knowledge
    if implied is None or result.consistency is None or known.basis is None:
        return None
    certain = result.consistency is Consistency.NECESSARILY_INCONSISTENT
    severity = Severity.BREACH if certain else Severity.WARNING
    verb = "ignores" if certain else "may ignore"
    word = _EXPECTED_WORDS[known.basis]
    by = " and ".join(implied.driven_by)
    date = interval_text(implied.date)
    message = f"{result.milestone.id}: {word} {known.expected_text} {verb} the knock-on from {by}"
    return Rule.KNOCK_ON, severity, f"{message}: implied {date}"


def _deadline_finding(result: MilestoneResult, as_of: _dt.date) -> tuple[Severity, str] | None:
    m, known = result.milestone, result.knowledge
    deadline = known.deadline
    if deadline is None:
        return None
    when = deadline.label
    if result.actual is None and as_of > deadline.end:
        return Severity.BREACH, f"{m.id}: deadline {when} passed, not done"
    expected = known.expected
    if expected is None or known.basis is None:
        return None
    if expected.end is not None and expected.end <= deadline.end:
        return None
    what = f"{_EXPECTED_WORDS[known.basis]} {known.expected_text}"
    lo = (expected.start - deadline.end).days
    hi = None if expected.end is None else (expected.end - deadline.end).days
    if lo > 0:
        late = _range(lo, hi, DurationUnit.DAYS)
        return Severity.BREACH, f"{m.id}: {what}, {late} after the deadline {when}"
    if hi is None:
        return Severity.WARNING, f"{m.id}: {what}, possibly after the deadline {when}"
    late = describe(hi, DurationUnit.DAYS)
    return Severity.WARNING, f"{m.id}: {what}, possibly up to {late} after the deadline {when}"


def _fits(slip: Slip | None, up_to: Duration) -> bool:
    """Whether ``slip`` is certainly at most ``up_to``: its farthest reading, in
    ``up_to``'s unit (0: at the comparison precision), as a tolerance is judged."""
    if slip is None:
        return True
    if up_to.unit is DurationUnit.BUSINESS_DAYS and slip.business_days_min is None:
        return False
    _, hi, _ = _readings(slip, up_to.unit, up_to.amount == 0)
    return hi is not None and hi <= up_to.amount


def _within(due: _dt.date, as_of: _dt.date, window: Duration, calendar: Calendar) -> bool:
    if window.unit is DurationUnit.MONTHS:
        try:
            return due <= add_months(as_of, window.amount)
        except ValueError:  # the window runs past 9999-12-31
            return True
    if window.unit is DurationUnit.BUSINESS_DAYS:
        return calendar.count(as_of, due) <= window.amount
    return (due - as_of).days <= window.amount


def _due_finding(
    result: MilestoneResult, as_of: _dt.date, window: Duration, calendar: Calendar
) -> str | None:
    m = result.milestone
    if result.actual is not None:
        return None
    due = result.expected
    if isinstance(due, FuzzyDate) and _within(due.start, as_of, window, calendar):
        if due.end < as_of:
            within = " (within tolerance)" if result.planned is not None else ""
            return f"{m.id}: was due {due.label}, not done{within}"
        return f"{m.id}: due {due.label}, within {tolerance_text(window)}, not done"
    return _deadline_soon(result, as_of, window, calendar)


def _deadline_soon(
    result: MilestoneResult, as_of: _dt.date, window: Duration, calendar: Calendar
) -> str | None:
    deadline = result.knowledge.deadline
    if result.actual is not None or deadline is None:
        return None
    if _within(deadline.end, as_of, window, calendar):
        mid = result.milestone.id
        return f"{mid}: deadline {deadline.label} within {tolerance_text(window)}, not done"
    return None


def _found(
    result: MilestoneResult,
    judged: Slip | None,
    tol: Duration,
    as_of: _dt.date,
    *,
    warn_within: Duration | None,
    calendar: Calendar,
) -> list[tuple[Rule, Severity, str]]:
    """A milestone's findings, rule by rule, in the order they are reported."""
    found: list[tuple[Rule, Severity, str]] = []
    if judged is not None and not judged.certainly_early:
        postponed = result.knowledge.postponed
        hit = _slip_finding(result.milestone.id, judged, tol, postponed=postponed)
        if hit is not None:
            found.append(hit)
    if (knock_on := _knock_on_finding(result)) is not None:
        found.append(knock_on)
    deadline_hit = _deadline_finding(result, as_of)
    if deadline_hit is not None:
        found.append((Rule.DEADLINE, *deadline_hit))
    if warn_within is None:
        return found
    # due soon when nothing else is found; a deadline within the window
    # is worth a warning even beside another breach
    if not found:
        soon = _due_finding(result, as_of, warn_within, calendar)
    elif deadline_hit is None:
        soon = _deadline_soon(result, as_of, warn_within, calendar)
    else:
        soon = None
    if soon is not None:
        found.append((Rule.DUE_SOON, Severity.WARNING, soon))
    return found


def _waived(
    findings: tuple[Finding, ...],
    plan: Plan,
    milestone: Milestone,
    as_of: _dt.date,
    *,
    judged: Slip | None,
    accept: Mapping[str, Collection[str]] | None,
) -> tuple[Finding, ...]:
    """``findings`` with the milestone's waivers (and ``accept``) applied; the
    waivers' own findings (waiver-expired) at the milestone too."""
    findings = apply_waivers(
        findings,
        milestone,
        as_of,
        where=(plan.file, plan.name),
        fits=functools.partial(_fits, judged),
        accept=(accept or {}).get(milestone.id, ()),
    )
    line, column = milestone.line, milestone.column
    return tuple(
        f if (f.line, f.column) == (line, column) else replace(f, line=line, column=column)
        for f in findings
    )


def check_plan(
    plan: Plan,
    as_of: _dt.date,
    *,
    tolerance: Duration | None = None,
    warn_within: Duration | None = None,
    against: Against = Against.BASELINE,
    accept: Mapping[str, Collection[str]] | None = None,
    business_days: bool = True,
) -> PlanCheck:
    """Check every milestone of ``plan`` as known at ``as_of``.

    ``tolerance`` overrides the plan's and the milestones' own; the default is 0.
    A slip is judged against the baseline in force (``against``: or the original).
    The milestones' waivers (and ``accept``: milestone id -> rules or ``any``,
    as ``check --accept`` gives them) turn the findings they cover into
    accepted ones (plantrack.waivers).
    Positions are put on the milestones only when there is something to report.
    ``business_days=False``: the slips are counted in business days only where a
    tolerance or a waiver needs it (an output that shows them needs True).
    """
    calendar = get_calendar(plan.calendar)
    plan_tolerance = tolerance or plan.tolerance or ZERO
    replay = Replay(plan, as_of)
    knock = KnockOn(replay)
    judged_list: list[tuple[MilestoneResult, Duration, tuple[Finding, ...]]] = []
    for milestone in plan.milestones:
        result = evaluate_milestone(milestone, as_of, replay, knock)
        tol = tolerance or milestone.tolerance or plan_tolerance
        if business_days or counts_business_days(milestone, tol):
            result = with_business_days(result, as_of, calendar)
        judged = result.slip
        if against is Against.BASELINE and result.slip_vs_baseline is not None:
            judged = result.slip_vs_baseline
        found = _found(result, judged, tol, as_of, warn_within=warn_within, calendar=calendar)
        line, column = milestone.line, milestone.column  # only kept when there are findings
        findings = tuple(
            Finding(plan.file, line, column, plan.name, milestone.id, rule, severity, message)
            for rule, severity, message in found
        )
        if milestone.accepted or (accept and milestone.id in accept):
            findings = _waived(findings, plan, milestone, as_of, judged=judged, accept=accept)
        judged_list.append((result, tol, findings))
    # positions (recorded by the loader; 0 when unknown, as for a plan built in
    # Python) go on the milestones of a plan with findings, and only then
    located = any(findings for _, _, findings in judged_list)
    checks = tuple(
        MilestoneCheck(r, tol, findings, r.milestone.line, r.milestone.column)
        if located
        else MilestoneCheck(r, tol, findings)
        for r, tol, findings in judged_list
    )
    report = Report(plan, as_of, tuple(r for r, _, _ in judged_list))
    return PlanCheck(report, plan_tolerance, plan.calendar, checks)


def check_each(
    plans: Iterable[Plan],
    *,
    as_of: _dt.date | None,
    today: _dt.date,
    tolerance: Duration | None = None,
    warn_within: Duration | None = None,
    against: Against = Against.BASELINE,
    accept: Mapping[str, Collection[str]] | None = None,
    business_days: bool = True,
) -> Iterator[PlanCheck]:
    """Check each plan in turn, as :func:`check_plans` does, taking the next plan
    only when the last is checked (a portfolio is checked one plan at a time)."""
    for p in plans:
        yield check_plan(
            p,
            resolve_as_of(p, as_of, today),
            tolerance=tolerance,
            warn_within=warn_within,
            against=against,
            accept=accept,
            business_days=business_days,
        )


def check_plans(  # noqa: PLR0913 - the options of one check run, each keyword-only
    plans: Iterable[Plan],
    *,
    as_of: _dt.date | None,
    today: _dt.date,
    tolerance: Duration | None = None,
    warn_within: Duration | None = None,
    problems: Sequence[Problem] = (),
    warnings_as_errors: bool = False,
    against: Against = Against.BASELINE,
    accept: Mapping[str, Collection[str]] | None = None,
) -> CheckResult:
    """Check each plan as of ``as_of`` (else the plan's own ``as_of``, else ``today``);
    ``accept``: milestone id -> the rules (or ``any``) accepted for this run."""
    checked = tuple(
        check_each(
            plans,
            as_of=as_of,
            today=today,
            tolerance=tolerance,
            warn_within=warn_within,
            against=against,
            accept=accept,
        )
    )
    return CheckResult(checked, tuple(problems), warnings_as_errors)
