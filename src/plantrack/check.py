"""The deadline gate: which milestones breach their tolerance or deadline, as data.

Rules (documented in docs/ci.md, "Rules"):

* ``overdue``: past its planned date, not done, and nothing newer known; the
  slip is measured up to the as-of date.
* ``slip``: the latest forecast, or the actual, is later than planned.
* ``deadline``: the expected date (actual, else latest forecast, else planned)
  is, or may be, after the hard deadline; or the deadline has passed undone.
* ``due-soon`` (only with a warning window): due within the window, not done.

Fuzzy dates stay honest: a slip is a *breach* when its nearest reading
(``days_min``, ``months_min`` or ``business_days_min``, in the tolerance's own
unit) exceeds the tolerance, and a *warning* when only its farthest reading does.
A tolerance of 0 (the default) is judged at the comparison precision of the two
dates, as ``Slip.certainly_late`` is: April 2013 against 15 April 2013 is on time.

Pure: no printing, no clock; ``as_of`` is a parameter.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from plantrack.calendars import Calendar, get_calendar
from plantrack.dates import FuzzyDate, Precision
from plantrack.durations import Duration, DurationUnit, describe
from plantrack.errors import Problem
from plantrack.exitcodes import ExitCode
from plantrack.model import Plan
from plantrack.months import add_months
from plantrack.slippage import (
    Basis,
    MilestoneResult,
    Report,
    Slip,
    Status,
    evaluate_milestone,
    resolve_as_of,
)

__all__ = [
    "ZERO",
    "CheckResult",
    "Finding",
    "MilestoneCheck",
    "PlanCheck",
    "Rule",
    "Severity",
    "check_plan",
    "check_plans",
    "fingerprint",
    "tolerance_text",
    "with_business_days",
]

ZERO = Duration(0, DurationUnit.DAYS, "0")


class Rule(str, Enum):
    """What a finding is about."""

    OVERDUE = "overdue"
    SLIP = "slip"
    DEADLINE = "deadline"
    DUE_SOON = "due-soon"


class Severity(str, Enum):
    """A breach fails the check; a warning fails it only with --warnings-as-errors."""

    BREACH = "breach"
    WARNING = "warning"


def fingerprint(file: str, milestone: str, rule: str) -> str:
    """A stable id for a finding: the same file, milestone and rule give the
    same fingerprint whatever the line or the figures."""
    # surrogateescape: a file name that is not UTF-8 hashes as its own bytes
    return hashlib.sha256(
        f"{file}\0{milestone}\0{rule}".encode(errors="surrogateescape")
    ).hexdigest()


@dataclass(frozen=True, slots=True)
class Finding:
    """One breach or warning, at the milestone's position in its file."""

    file: str
    line: int
    column: int
    plan: str
    milestone: str
    rule: Rule
    severity: Severity
    message: str

    @property
    def fingerprint(self) -> str:
        """See :func:`fingerprint`."""
        return fingerprint(self.file, self.milestone, self.rule.value)

    def to_dict(self) -> dict[str, Any]:
        """The finding object of the JSON contract (docs/ci.md)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "plan": self.plan,
            "milestone": self.milestone,
            "rule": self.rule.value,
            "severity": self.severity.value,
            "message": self.message,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The inverse of :meth:`to_dict` (``fingerprint`` is derived, not read)."""
        return cls(
            file=data["file"],
            line=data["line"],
            column=data["column"],
            plan=data["plan"],
            milestone=data["milestone"],
            rule=Rule(data["rule"]),
            severity=Severity(data["severity"]),
            message=data["message"],
        )


@dataclass(frozen=True, slots=True)
class MilestoneCheck:
    """A milestone's result with the tolerance it was judged by and its findings.

    ``line``/``column`` (1-based) are set for every milestone of a plan that has
    findings; in a plan without any they are 0 (positions are not looked up).
    """

    result: MilestoneResult
    tolerance: Duration
    findings: tuple[Finding, ...]
    line: int = 0
    column: int = 0

    @property
    def outcome(self) -> str:
        """``breach``, ``warning`` or ``ok``: the worst of its findings."""
        severities = {f.severity for f in self.findings}
        if Severity.BREACH in severities:
            return "breach"
        return "warning" if severities else "ok"


@dataclass(frozen=True, slots=True)
class PlanCheck:
    """One plan, checked as of a date."""

    report: Report
    tolerance: Duration
    calendar: str
    milestones: tuple[MilestoneCheck, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding of the plan, in file order."""
        return tuple(f for m in self.milestones for f in m.findings)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A whole run: the plans checked and the files that could not be read."""

    plans: tuple[PlanCheck, ...]
    problems: tuple[Problem, ...] = ()
    warnings_as_errors: bool = False

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, plan by plan, in file order."""
        return tuple(f for p in self.plans for f in p.findings)

    @property
    def breaches(self) -> tuple[Finding, ...]:
        """The findings that fail the check by themselves."""
        return tuple(f for f in self.findings if f.severity is Severity.BREACH)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings that fail the check only with ``warnings_as_errors``."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def milestone_count(self) -> int:
        """How many milestones were checked."""
        return sum(len(p.milestones) for p in self.plans)

    @property
    def exit_code(self) -> ExitCode:
        """BAD_INPUT (2) when a file was invalid (wins), CHECK_FAILED (1) on a
        breach (or a warning with ``warnings_as_errors``), else OK (0)."""
        if self.problems:
            return ExitCode.BAD_INPUT
        if self.breaches or (self.warnings_as_errors and self.warnings):
            return ExitCode.CHECK_FAILED
        return ExitCode.OK

    def summary(self) -> str:
        """``1 breach, 0 warnings in 1 plan (7 milestones), as of 2013-12-31`` (the
        date when every plan stands at the same one), and the invalid files, if any."""
        b, w, n = len(self.breaches), len(self.warnings), len(self.plans)
        text = (
            f"{_count(b, 'breach', 'breaches')}, {_count(w, 'warning', 'warnings')} "
            f"in {_count(n, 'plan', 'plans')} ({_count(self.milestone_count, 'milestone')})"
        )
        dates = {p.report.as_of for p in self.plans}
        if len(dates) == 1:
            text += f", as of {dates.pop().isoformat()}"
        files = len(dict.fromkeys(p.file for p in self.problems))
        if files:
            text += f"; {_count(files, 'file')} with errors"
        return text


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# -- business days -------------------------------------------------------------


def _later_date(result: MilestoneResult, as_of: _dt.date) -> FuzzyDate | None:
    slip = result.slip
    if slip is None:
        return None
    if slip.basis is Basis.ACTUAL:
        return result.actual
    if slip.basis is Basis.FORECAST:
        return result.forecast.date if result.forecast else None
    return FuzzyDate.day(as_of)


def with_business_days(
    result: MilestoneResult, as_of: _dt.date, calendar: Calendar
) -> MilestoneResult:
    """``result`` with ``business_days_min``/``_max`` filled in on its slip:
    working days from P.end to A.start and from P.start to A.end."""
    planned, later = result.milestone.planned, _later_date(result, as_of)
    if result.slip is None or planned is None or later is None:
        return result
    slip = dataclasses.replace(
        result.slip,
        business_days_min=calendar.count(planned.end, later.start),
        business_days_max=calendar.count(planned.start, later.end),
    )
    return dataclasses.replace(result, slip=slip)


# -- the rules -----------------------------------------------------------------


def _readings(slip: Slip, unit: DurationUnit, zero: bool) -> tuple[int, int, DurationUnit]:
    """The slip's nearest and farthest readings in ``unit``, and that unit."""
    if zero and unit is DurationUnit.DAYS:  # "0": judged at the comparison precision
        unit = DurationUnit.DAYS if slip.precision is Precision.DAY else DurationUnit.MONTHS
    if unit is DurationUnit.MONTHS:
        return slip.months_min, slip.months_max, unit
    if unit is DurationUnit.BUSINESS_DAYS:
        assert slip.business_days_min is not None
        assert slip.business_days_max is not None
        return slip.business_days_min, slip.business_days_max, unit
    return slip.days_min, slip.days_max, unit


def tolerance_text(tolerance: Duration) -> str:
    """``0``, ``10 days``, ``1 month``, ``15 business days`` (weeks and quarters normalised)."""
    return "0" if tolerance.amount == 0 else describe(tolerance.amount, tolerance.unit)


def _range(lo: int, hi: int, unit: DurationUnit) -> str:
    """``5 days``, ``3–5 days``, ``up to 5 days`` (when ``lo`` is not positive)."""
    if lo == hi:
        return describe(hi, unit)
    plural = describe(2, unit).removeprefix("2 ")
    return f"up to {describe(hi, unit)}" if lo <= 0 else f"{lo}–{hi} {plural}"


def _slip_finding(mid: str, slip: Slip, tolerance: Duration) -> tuple[Rule, Severity, str] | None:
    lo, hi, unit = _readings(slip, tolerance.unit, tolerance.amount == 0)
    if hi <= tolerance.amount:
        return None
    tol = tolerance_text(tolerance)
    if lo > tolerance.amount:  # certainly beyond: the slip as the sources give it
        severity, tail = Severity.BREACH, f" (tolerance {tol})"
        figure = slip.text
        if unit is DurationUnit.BUSINESS_DAYS:
            figure += f" ({_range(lo, hi, unit)})"
    else:  # possibly beyond: the readings in the tolerance's unit
        severity, tail = Severity.WARNING, f", possibly beyond the tolerance ({tol})"
        figure = _range(lo, hi, unit)
    if slip.basis is Basis.AS_OF:
        rule, what = Rule.OVERDUE, f"overdue, {figure} so far"
    elif slip.basis is Basis.FORECAST:
        rule, what = Rule.SLIP, f"forecast {figure} late"
    else:
        rule, what = Rule.SLIP, f"delivered {figure} late"
    return rule, severity, f"{mid}: {what}{tail}"


def _deadline_finding(result: MilestoneResult, as_of: _dt.date) -> tuple[Severity, str] | None:
    m = result.milestone
    deadline = m.deadline
    if deadline is None:
        return None
    when = deadline.label
    if result.actual is None and as_of > deadline.end:
        return Severity.BREACH, f"{m.id}: deadline {when} passed, not done"
    expected = result.expected
    if expected is None or expected.end <= deadline.end:
        return None
    if result.actual is not None:
        what = f"delivered {expected.label}"
    elif result.forecast is not None:
        what = f"forecast {expected.label}"
    else:
        what = f"planned {expected.label}"
    lo, hi = (expected.start - deadline.end).days, (expected.end - deadline.end).days
    if lo > 0:
        late = _range(lo, hi, DurationUnit.DAYS)
        return Severity.BREACH, f"{m.id}: {what}, {late} after the deadline {when}"
    late = describe(hi, DurationUnit.DAYS)
    return Severity.WARNING, f"{m.id}: {what}, possibly up to {late} after the deadline {when}"


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
    if due is not None and _within(due.start, as_of, window, calendar):
        if due.end < as_of:
            within = " (within tolerance)" if m.planned is not None else ""
            return f"{m.id}: was due {due.label}, not done{within}"
        return f"{m.id}: due {due.label}, within {tolerance_text(window)}, not done"
    if m.deadline is not None and _within(m.deadline.end, as_of, window, calendar):
        return f"{m.id}: deadline {m.deadline.label} within {tolerance_text(window)}, not done"
    return None


def check_plan(
    plan: Plan,
    as_of: _dt.date,
    *,
    tolerance: Duration | None = None,
    warn_within: Duration | None = None,
) -> PlanCheck:
    """Check every milestone of ``plan`` as known at ``as_of``.

    ``tolerance`` overrides the plan's and the milestones' own; the default is 0.
    Positions are found (by composing the YAML again) only when there is
    something to report.
    """
    calendar = get_calendar(plan.calendar)
    plan_tolerance = tolerance or plan.tolerance or ZERO
    checks: list[MilestoneCheck] = []
    results: list[MilestoneResult] = []
    for milestone in plan.milestones:
        result = with_business_days(evaluate_milestone(milestone, as_of), as_of, calendar)
        results.append(result)
        tol = tolerance or milestone.tolerance or plan_tolerance
        found: list[tuple[Rule, Severity, str]] = []
        if result.slip is not None and result.status is not Status.EARLY:
            hit = _slip_finding(milestone.id, result.slip, tol)
            if hit is not None:
                found.append(hit)
        deadline_hit = _deadline_finding(result, as_of)
        if deadline_hit is not None:
            found.append((Rule.DEADLINE, *deadline_hit))
        if warn_within is not None and not found:
            due = _due_finding(result, as_of, warn_within, calendar)
            if due is not None:
                found.append((Rule.DUE_SOON, Severity.WARNING, due))
        findings = tuple(
            Finding(plan.file, 0, 0, plan.name, milestone.id, rule, severity, message)
            for rule, severity, message in found
        )
        checks.append(MilestoneCheck(result, tol, findings))
    if any(c.findings for c in checks):
        checks = _locate(checks)
    report = Report(plan, as_of, tuple(results))
    return PlanCheck(report, plan_tolerance, plan.calendar, tuple(checks))


def _locate(checks: list[MilestoneCheck]) -> list[MilestoneCheck]:
    """Put each milestone's position (recorded by the loader; 0 when unknown,
    as for a plan built in Python) on its findings."""
    out = []
    for c in checks:
        line, column = c.result.milestone.line, c.result.milestone.column
        findings = tuple(dataclasses.replace(f, line=line, column=column) for f in c.findings)
        out.append(dataclasses.replace(c, findings=findings, line=line, column=column))
    return out


def check_plans(
    plans: Iterable[Plan],
    *,
    as_of: _dt.date | None,
    today: _dt.date,
    tolerance: Duration | None = None,
    warn_within: Duration | None = None,
    problems: Sequence[Problem] = (),
    warnings_as_errors: bool = False,
) -> CheckResult:
    """Check each plan as of ``as_of`` (else the plan's own ``as_of``, else ``today``)."""
    checked = tuple(
        check_plan(p, resolve_as_of(p, as_of, today), tolerance=tolerance, warn_within=warn_within)
        for p in plans
    )
    return CheckResult(checked, tuple(problems), warnings_as_errors)
