"""Lint warnings: facts in a valid plan that a replay cannot show honestly.

A plan can be valid and still say something odd: a forecast nobody dated, an
actual that has not happened yet, a forecast made after the milestone was
done.  None of these stops a report; each is a warning that ``plantrack
validate`` prints (``--strict`` fails on them) and the ``slippage`` table
counts in a footnote.  The rules, with why and how to fix each, are in
docs/plan-format.md ("Warnings").

Fuzzy dates stay honest here too: one date is *after* another only when it is
certainly after, that is when its interval starts after the other's ends
(``reported: 2013-12`` is not after an actual of ``2013-12-15``: the report
may have come first).

:func:`knock_on_warnings` is apart from :func:`lint_plan` (which the
``slippage`` footnote counts): ``validate`` adds it, since a plan whose own
forecast ends before the date its predecessors imply contradicts itself.

Pure: no printing, no clock; ``today`` is a parameter.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum

from plantrack.dates import FuzzyDate, OpenInterval
from plantrack.knockon import Consistency, KnockOn, consistency, interval_text
from plantrack.knowledge import ExpectedBasis, KnownForecast, Replay, known_as_of
from plantrack.model import Milestone, Plan
from plantrack.safetext import for_line

__all__ = ["LintWarning", "Rule", "knock_on_warnings", "lint_plan"]


class Rule(str, Enum):
    """What a warning is about (shown in brackets after its message)."""

    UNREPORTED = "unreported"
    """A forecast without ``reported:``: ``--as-of`` cannot hide it."""
    FUTURE = "future"
    """A ``reported:`` date or an actual after today (or after the plan's ``as_of``)."""
    REPORTED_AFTER_ACTUAL = "reported-after-actual"
    """A forecast reported after the milestone happened."""
    ALREADY_PASSED = "already-passed"
    """A forecast whose date had already passed on the day it was reported."""
    DUPLICATE = "duplicate"
    """A forecast identical to an earlier one (same date, same reported date)."""
    REBASELINE_AFTER_ACTUAL = "rebaseline-after-actual"
    """A re-baseline approved after the milestone happened."""
    KNOCK_ON = "knock-on"
    """An own forecast or re-baseline that ends before the date the milestone's
    predecessors imply (necessarily inconsistent: :mod:`plantrack.knockon`)."""


@dataclass(frozen=True, slots=True)
class LintWarning:
    """One warning, at the position of its milestone (1-based; 0 when unknown)."""

    file: str
    line: int
    column: int
    milestone: str
    rule: Rule
    message: str

    def __str__(self) -> str:
        """``path:line:col: warning: message [rule]`` on one line, plan text
        escaped (:func:`plantrack.safetext.for_line`), as errors are."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return for_line(f"{where}: warning: {self.message} [{self.rule.value}]")


def _after(a: FuzzyDate, b: FuzzyDate | OpenInterval | None) -> bool:
    """``a`` is certainly after ``b``: it starts after ``b`` ends (never after
    a date with no end, or a withdrawn one)."""
    return b is not None and b.end is not None and a.start > b.end


def _forecast_name(n: int, f: KnownForecast) -> str:
    return f"forecast {n} ({f.text or f.display})"


class _Linter:
    """The warnings of one milestone, in a fixed order."""

    def __init__(
        self, plan: Plan, milestone: Milestone, *, today: _dt.date, replay: Replay | None = None
    ) -> None:
        self.plan = plan
        self.m = milestone
        # the file's own facts, references resolved with everything known (one
        # replay shared by the plan's milestones keeps a plan linear)
        self.known = known_as_of(replay or plan, milestone, _dt.date.max)
        if plan.as_of is not None:
            self.limit = plan.as_of.end
            self.limit_text = f"the plan's as_of ({plan.as_of.label})"
        else:
            self.limit = today
            self.limit_text = f"today ({today.isoformat()})"
        self.found: list[LintWarning] = []

    def warn(self, rule: Rule, message: str) -> None:
        m = self.m
        self.found.append(
            LintWarning(self.plan.file, m.line, m.column, m.id, rule, f"{m.id}: {message}")
        )

    def forecasts(self) -> None:
        actual = self.known.actual
        seen: dict[tuple[FuzzyDate | OpenInterval | None, FuzzyDate | None], int] = {}
        for f in sorted(self.known.forecasts, key=lambda k: k.index):  # in file order
            n = f.index + 1
            name = _forecast_name(n, f)
            reported = f.reported
            if reported is None:
                self.warn(
                    Rule.UNREPORTED,
                    f"{name} has no 'reported' date, so --as-of shows it as always known "
                    "(expected reported: the date its source gave it)",
                )
            else:
                if reported.start > self.limit:
                    self.warn(
                        Rule.FUTURE,
                        f"{name} is reported {reported.label}, after {self.limit_text} "
                        "(expected a reported date that has passed)",
                    )
                if actual is not None and _after(reported, actual):
                    self.warn(
                        Rule.REPORTED_AFTER_ACTUAL,
                        f"{name} is reported {reported.label}, after the actual "
                        f"({actual.label}) (expected a forecast made before the milestone "
                        "happened)",
                    )
                if _after(reported, f.date):
                    self.warn(
                        Rule.ALREADY_PASSED,
                        f"{name} had already passed when it was reported ({reported.label}) "
                        "(expected a date after the reported date; what happened is the actual)",
                    )
            key = (f.date, reported)
            if key in seen:
                when = f"reported {reported.label}" if reported else "no reported date"
                self.warn(
                    Rule.DUPLICATE,
                    f"{name} repeats forecast {seen[key]} (same date, {when}) "
                    "(expected each forecast once)",
                )
            else:
                seen[key] = n

    def rebaselines(self) -> None:
        actual = self.known.actual
        for n, r in enumerate(self.m.rebaselines, start=1):
            if actual is not None and _after(r.approved, actual):
                self.warn(
                    Rule.REBASELINE_AFTER_ACTUAL,
                    f"re-baseline {n} ({r.date.label}) is approved {r.approved.label}, after "
                    f"the actual ({actual.label}) (expected a baseline approved before the "
                    "milestone happened)",
                )

    def actual(self) -> None:
        actual = self.known.actual
        if actual is not None and actual.start > self.limit:
            self.warn(
                Rule.FUTURE,
                f"actual {actual.label} is after {self.limit_text} "
                "(expected a date that has passed; a date still to come is a forecast)",
            )


def lint_plan(plan: Plan, *, today: _dt.date) -> tuple[LintWarning, ...]:
    """Every lint warning of ``plan``, milestone by milestone in file order.

    A date is *after* another only when it is certainly after: its interval
    starts after the other's ends (``reported: 2013-12`` is not after an
    actual of ``2013-12-15``).  A ``reported:`` date or an actual is judged
    against the end of the plan's ``as_of`` when the plan sets one, else
    against ``today``.  Warnings are positioned at their milestone.
    """
    found: list[LintWarning] = []
    replay = Replay(plan, _dt.date.max)
    for m in plan.milestones:
        linter = _Linter(plan, m, today=today, replay=replay)
        linter.forecasts()
        linter.rebaselines()
        linter.actual()
        found += linter.found
    return tuple(found)


def _limit(plan: Plan, today: _dt.date) -> _dt.date:
    """The day a plan is judged on: the end of its ``as_of``, else ``today``."""
    return plan.as_of.end if plan.as_of is not None else today


def knock_on_warnings(plan: Plan, *, today: _dt.date) -> tuple[LintWarning, ...]:
    """A warning for each milestone whose own expected date (a forecast or a
    re-baseline) is *necessarily* inconsistent with its implied date: it ends
    before the implied date starts.  As of the end of the plan's ``as_of``,
    else ``today``, with what was known then.  A partial overlap (possibly
    inconsistent) is no warning: ``check`` reports it; a plan cannot be made
    to avoid every overlap of two fuzzy dates."""
    if not any(m.depends_on for m in plan.milestones):
        return ()
    replay = Replay(plan, _limit(plan, today))
    knock = KnockOn(replay)
    found: list[LintWarning] = []
    for m in plan.milestones:
        implied = knock.implied(m)
        known = replay.knowledge(m)
        if implied is None or consistency(known, implied) is not (
            Consistency.NECESSARILY_INCONSISTENT
        ):
            continue
        word = "re-baselined" if known.basis is ExpectedBasis.REBASELINE else "forecast"
        by = " and ".join(implied.driven_by)
        message = (
            f"{m.id}: {word} {known.expected_text} ignores the knock-on from {by}: implied "
            f"{interval_text(implied.date)} (expected a date on or after "
            f"{implied.date.start.isoformat()}, or a dependency that allows it)"
        )
        found.append(LintWarning(plan.file, m.line, m.column, m.id, Rule.KNOCK_ON, message))
    return tuple(found)
