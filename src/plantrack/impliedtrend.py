"""The implied date of a milestone as it was known over time: the series
``trend`` shows beside the milestone's own forecasts (:mod:`plantrack.knockon`).

The implied date changes when news about a predecessor arrives: a forecast
is reported, an actual happens, a re-baseline is approved (of a direct
predecessor or of one further upstream).  On each such day, up to the trend's
``as_of``, the implied date is computed as of that day, with only what was
known then; a day is kept when the implied date differs from the one before.

Pure: no printing, no clock.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from plantrack.knockon import Implied, KnockOn
from plantrack.knowledge import Replay
from plantrack.model import Milestone, Plan

__all__ = ["implied_history"]


def _upstream(plan: Plan, milestone: Milestone) -> list[Milestone]:
    """Every milestone ``milestone`` depends on, directly or further up (no recursion)."""
    seen: dict[str, Milestone] = {}
    stack = [d.milestone for d in milestone.depends_on]
    while stack:
        mid = stack.pop()
        if mid in seen or mid == milestone.id:
            continue
        try:
            m = plan.milestone(mid)
        except KeyError:
            continue
        seen[mid] = m
        stack.extend(d.milestone for d in m.depends_on)
    return list(seen.values())


def _news_days(replay: Replay, milestones: list[Milestone]) -> Iterator[_dt.date]:
    """The days news about ``milestones`` became known, up to the replay's date."""
    for m in milestones:
        known = replay.knowledge(m)
        yield from (f.reported.end for f in known.forecasts if f.reported is not None)
        yield from (r.approved.end for r in known.rebaselines)
        if known.actual is not None:
            yield known.actual.end


def implied_history(
    plan: Plan, milestone: Milestone, as_of: _dt.date
) -> tuple[tuple[_dt.date, Implied], ...]:
    """``(day, implied date as of that day)`` for each day news about a
    predecessor changed the implied date of ``milestone``, oldest first, up to
    ``as_of``; empty when it has no predecessors."""
    if not milestone.depends_on:
        return ()
    days = sorted(set(_news_days(Replay(plan, as_of), _upstream(plan, milestone))))
    out: list[tuple[_dt.date, Implied]] = []
    for day in days:
        implied = KnockOn(Replay(plan, day)).implied(milestone)
        if implied is None:
            continue
        last = out[-1][1].date if out else None
        if last is None or (last.start, last.end) != (implied.date.start, implied.date.end):
            out.append((day, implied))
    return tuple(out)
