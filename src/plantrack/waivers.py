"""Accepted breaches (waivers): which findings a milestone's ``accepted:`` list,
or ``check --accept``, covers as of a date (documented in docs/ci.md, "Waivers").

A waiver is in force up to the last day of its ``until``.  In force, it turns
each breach or warning of its rule (``any``: of every rule) into an *accepted*
finding, which carries the waiver's reason and never fails the check, as long
as the milestone's slip is at most its ``up_to`` (when given; judged by the
caller, at the precision the tolerance is judged at).  Past its ``until`` a
waiver covers nothing and is itself a warning, so that it is renewed or removed.

Pure: no printing, no clock; ``as_of`` is a parameter.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable, Collection, Sequence

from plantrack.checktypes import Finding, Rule, Severity
from plantrack.durations import Duration, describe
from plantrack.model import Milestone, Waiver

__all__ = ["ANY", "apply_waivers", "command_line_reason"]

ANY = "any"


def command_line_reason(milestone: str, rule: str) -> str:
    """The reason an accepted finding gives for ``check --accept``."""
    what = milestone if rule == ANY else f"{milestone}:{rule}"
    return f"accepted on the command line (--accept {what})"


def _covers(rule: str, finding: Finding) -> bool:
    return rule in (ANY, finding.rule.value)


def _expired(where: tuple[str, str], milestone: str, waiver: Waiver) -> Finding:
    message = f"waiver for {milestone} expired on {waiver.until.label}"
    file, plan = where
    return Finding(file, 0, 0, plan, milestone, Rule.WAIVER_EXPIRED, Severity.WARNING, message)


def apply_waivers(
    findings: Sequence[Finding],
    milestone: Milestone,
    as_of: _dt.date,
    *,
    where: tuple[str, str],
    fits: Callable[[Duration], bool],
    accept: Collection[str] = (),
) -> tuple[Finding, ...]:
    """``findings`` of ``milestone`` with those covered accepted, then one
    warning per expired waiver of it.

    ``where``: the plan's file and name.  ``fits(up_to)``: whether the
    milestone's slip is at most ``up_to``.  ``accept``: the rules (or ``any``)
    accepted on the command line for it.
    """
    waivers = milestone.accepted
    in_force = [w for w in waivers if as_of <= w.until.end]
    out = []
    for f in findings:
        if f.severity is Severity.ACCEPTED or f.rule is Rule.WAIVER_EXPIRED:
            out.append(f)
            continue
        cli = next((r for r in accept if _covers(r, f)), None)
        if cli is not None:
            reason = command_line_reason(f.milestone, cli)
            out.append(dataclasses.replace(f, severity=Severity.ACCEPTED, reason=reason))
            continue
        matching = [w for w in in_force if _covers(w.rule, f)]
        waiver = next((w for w in matching if w.up_to is None or fits(w.up_to)), None)
        if waiver is not None:
            out.append(
                dataclasses.replace(
                    f, severity=Severity.ACCEPTED, reason=waiver.reason, until=waiver.until.label
                )
            )
        elif matching:  # in force, but the slip has outgrown it
            up_to = matching[0].up_to
            assert up_to is not None
            beyond = f" (beyond the {describe(up_to.amount, up_to.unit)} accepted)"
            out.append(dataclasses.replace(f, message=f.message + beyond))
        else:
            out.append(f)
    out += [_expired(where, milestone.id, w) for w in waivers if as_of > w.until.end]
    return tuple(out)
