"""The result types of the deadline gate: rules, severities, findings, and the
checked plans with their exit code (the rules themselves: :mod:`plantrack.check`).

Pure: no printing, no clock.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from plantrack.discovery import files_with_errors
from plantrack.durations import Duration
from plantrack.errors import Problem
from plantrack.exitcodes import ExitCode
from plantrack.slippage import MilestoneResult, Report

__all__ = [
    "Against",
    "CheckResult",
    "Finding",
    "MilestoneCheck",
    "PlanCheck",
    "Rule",
    "Severity",
    "Tally",
    "fingerprint",
    "problem_fingerprints",
]


class Rule(str, Enum):
    """What a finding is about."""

    OVERDUE = "overdue"
    SLIP = "slip"
    DEADLINE = "deadline"
    DUE_SOON = "due-soon"
    WAIVER_EXPIRED = "waiver-expired"
    KNOCK_ON = "knock-on"  # an own date that ignores what its predecessors imply


class Severity(str, Enum):
    """A breach fails the check; a warning fails it only with --warnings-as-errors;
    an accepted finding (covered by a waiver in force) never fails it."""

    BREACH = "breach"
    WARNING = "warning"
    ACCEPTED = "accepted"


def fingerprint(file: str, milestone: str, rule: str) -> str:
    """A stable id for a finding: the same file, milestone and rule give the
    same fingerprint whatever the line or the figures."""
    # surrogateescape: a file name that is not UTF-8 hashes as its own bytes
    return hashlib.sha256(
        f"{file}\0{milestone}\0{rule}".encode(errors="surrogateescape")
    ).hexdigest()


def problem_fingerprints(problems: Iterable[Problem], rule: str) -> list[str]:
    """A fingerprint for each problem of an invalid file, by its file and
    message; a second identical message in one file is numbered, so that
    every fingerprint of a report is unique (SARIF and GitLab reports)."""
    seen: dict[tuple[str, str], int] = {}
    prints = []
    for p in problems:
        n = seen[p.file, p.message] = seen.get((p.file, p.message), -1) + 1
        prints.append(fingerprint(p.file, p.message if n == 0 else f"{p.message}\0{n}", rule))
    return prints


@dataclass(frozen=True, slots=True)
class Finding:
    """One breach or warning, at the milestone's position in its file.

    An accepted finding (``severity`` ACCEPTED) carries the waiver's ``reason``
    and ``until`` (its text; None for ``check --accept``)."""

    file: str
    line: int
    column: int
    plan: str
    milestone: str
    rule: Rule
    severity: Severity
    message: str
    reason: str | None = None
    until: str | None = None

    @property
    def acceptance(self) -> str:
        """``agreed at the board (until 2014-01-31)``: why an accepted finding
        is accepted, and until when ("" for any other finding)."""
        if self.severity is not Severity.ACCEPTED:
            return ""
        return f"{self.reason}" + (f" (until {self.until})" if self.until else "")

    @property
    def fingerprint(self) -> str:
        """See :func:`fingerprint`."""
        return fingerprint(self.file, self.milestone, self.rule.value)

    def to_dict(self) -> dict[str, Any]:
        """The finding object of the JSON contract (docs/ci.md); an accepted one
        also has ``status``, ``reason`` and ``until``."""
        out = {
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
        if self.severity is Severity.ACCEPTED:
            out |= {"status": "accepted", "reason": self.reason, "until": self.until}
        return out

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
            reason=data.get("reason"),
            until=data.get("until"),
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
        """``breach``, ``warning``, ``accepted`` or ``ok``: the worst of its findings."""
        severities = {f.severity for f in self.findings}
        for worst in (Severity.BREACH, Severity.WARNING, Severity.ACCEPTED):
            if worst in severities:
                return str(worst.value)
        return "ok"


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
    def accepted(self) -> tuple[Finding, ...]:
        """The findings covered by a waiver in force: reported, never failing."""
        return tuple(f for f in self.findings if f.severity is Severity.ACCEPTED)

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
        date when every plan stands at the same one), and the invalid files, if any.
        Accepted findings are counted (``0 breaches, 0 warnings, 1 accepted in``)
        only when there are some."""
        return Tally.of(self.plans).summary(self.problems)


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts of a run that the summaries print, kept plan by plan so that
    a streamed output needs no plan once it is checked (``plus``)."""

    plans: int = 0
    milestones: int = 0
    breaches: int = 0
    warnings: int = 0
    accepted: int = 0
    dates: frozenset[_dt.date] = frozenset()  # the as-of dates; at most 2 kept

    @classmethod
    def of(cls, plans: Iterable[PlanCheck]) -> Tally:
        """The tally of ``plans``."""
        tally = cls()
        for p in plans:
            tally = tally.plus(p)
        return tally

    def plus(self, plan: PlanCheck) -> Tally:
        """This tally with ``plan`` counted too."""
        b = w = a = 0
        for m in plan.milestones:
            for f in m.findings:
                if f.severity is Severity.BREACH:
                    b += 1
                elif f.severity is Severity.WARNING:
                    w += 1
                else:
                    a += 1
        dates = self.dates
        if len(dates) < 2 and plan.report.as_of not in dates:  # one date or several
            dates = dates | {plan.report.as_of}
        return Tally(
            self.plans + 1,
            self.milestones + len(plan.milestones),
            self.breaches + b,
            self.warnings + w,
            self.accepted + a,
            dates,
        )

    def exit_code(self, problems: Sequence[Problem], warnings_as_errors: bool) -> ExitCode:
        """As :attr:`CheckResult.exit_code`."""
        if problems:
            return ExitCode.BAD_INPUT
        if self.breaches or (warnings_as_errors and self.warnings):
            return ExitCode.CHECK_FAILED
        return ExitCode.OK

    def summary(self, problems: Sequence[Problem]) -> str:
        """As :meth:`CheckResult.summary`."""
        b, w, n = self.breaches, self.warnings, self.plans
        a = f", {self.accepted} accepted" if self.accepted else ""
        text = (
            f"{_count(b, 'breach', 'breaches')}, {_count(w, 'warning', 'warnings')}{a} "
            f"in {_count(n, 'plan', 'plans')} ({_count(self.milestones, 'milestone')})"
        )
        if len(self.dates) == 1:
            (date,) = self.dates
            text += f", as of {date.isoformat()}"
        files = files_with_errors(problems)
        if files:
            text += f"; {_count(files, 'file')} with errors"
        return text


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


class Against(str, Enum):
    """Which baseline ``check`` judges a slip against."""

    BASELINE = "baseline"  # the baseline in force (the latest re-baseline approved)
    ORIGINAL = "original"  # the original planned date
