"""A league table of plans: one row per plan, ranked worst first by the slip of
its headline milestone, as pure functions of the plans and an ``as_of`` date.

The rules, with a worked example, are in README.md ("Portfolio"):

* the **headline** is the plan's ``headline:`` milestone, else the milestone
  with the latest planned end known at the as-of date (the first in file order
  on a tie; the first milestone when none has a planned date);
* **rank**: worst first by the headline slip (``months_min``, then
  ``months_max``, then days); a plan shares the rank of the first plan of its
  group ("=3") when their slips overlap, compared at the precision both allow
  (days when both are day-precise, else whole months).  A plan with no slip
  (nothing to compare) has no rank and comes last;
* **overrun**: slip days / (planned end − start) days, as a whole percent
  (half up), the minimum and maximum over the ends of the intervals;
* **counts**: the headline's forecasts and re-baselines known at the as-of
  date; **last news**: the latest date a forecast was reported, a re-baseline
  approved or an actual happened, of any milestone, known by then; its age is
  counted from the end of that date (so it is at least that old).
"""

from __future__ import annotations

import datetime as _dt
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from plantrack.dates import FuzzyDate, Precision
from plantrack.knowledge import Replay
from plantrack.model import Milestone, Plan
from plantrack.months import months_between_days
from plantrack.slippage import (
    LATE_STATUSES,
    Change,
    MilestoneResult,
    Slip,
    Status,
    evaluate_milestone,
    summarize,
)
from plantrack.sliptext import plural
from plantrack.trend import Verdict, compute_trend

__all__ = [
    "League",
    "LeagueRow",
    "Overrun",
    "Subtotal",
    "age_text",
    "compute_league",
    "headline_milestone",
    "league_row",
    "median_text",
    "overrun",
]

_FAR = math.inf  # an open-ended slip's farthest reading


@dataclass(frozen=True, slots=True)
class Overrun:
    """Slip as a share of the planned duration, in whole percent (``pct_max``
    None: open-ended, "at least")."""

    pct_min: int
    pct_max: int | None

    @property
    def text(self) -> str:
        """``18%``, ``18–24%``, ``at least 18%``, ``−5–3%``."""
        lo = _pct(self.pct_min)
        if self.pct_max is None:
            return f"at least {lo}%"
        if self.pct_max == self.pct_min:
            return f"{lo}%"
        sep = " – " if self.pct_min < 0 else "–"
        return f"{lo}{sep}{_pct(self.pct_max)}%"


def _pct(n: int) -> str:
    return str(n).replace("-", "−")


def _half_up(x: float) -> int:
    return math.floor(x * 100 + 0.5)


def overrun(slip: Slip, planned: FuzzyDate, start: FuzzyDate) -> Overrun | None:
    """``slip`` days / (``planned`` end − ``start``) days, min and max over the
    ends of the intervals; None when the planned end is not after the start."""
    dur_min = (planned.start - start.end).days
    dur_max = (planned.end - start.start).days
    if dur_min <= 0:
        return None
    ends = [slip.days_min] if slip.days_max is None else [slip.days_min, slip.days_max]
    ratios = [d / n for d in ends for n in (dur_min, dur_max)]
    lo = _half_up(min(ratios))
    return Overrun(lo, None if slip.days_max is None else _half_up(max(ratios)))


def headline_milestone(plan: Plan, replay: Replay) -> Milestone | None:
    """The plan's ``headline`` milestone, else the one with the latest planned
    end known at the replay's date (the first on a tie), else the first."""
    if plan.headline is not None:
        return plan.milestone(plan.headline)
    best: Milestone | None = None
    best_end: _dt.date | None = None
    for m in plan.milestones:
        planned = replay.knowledge(m).planned
        if planned is not None and (best_end is None or planned.end > best_end):
            best, best_end = m, planned.end
    if best is None and plan.milestones:
        return plan.milestones[0]
    return best


def age_text(news: _dt.date, as_of: _dt.date) -> str:
    """``today``, ``12 days ago``, ``14 months ago`` (whole months by the
    calendar, as slips are counted)."""
    if news >= as_of:
        return "today"
    months, days = months_between_days(news, as_of)
    if months == 0:
        return f"{plural(days, 'day')} ago"
    return f"{plural(months, 'month')} ago"


def _last_news(plan: Plan, replay: Replay) -> FuzzyDate | None:
    dates: list[FuzzyDate] = []
    for m in plan.milestones:
        k = replay.knowledge(m)
        dates += [f.reported for f in k.forecasts if f.reported is not None]
        dates += [r.approved for r in k.rebaselines]
        if k.actual is not None:
            dates.append(k.actual)
    return max(dates, key=lambda d: (d.end, d.start)) if dates else None


@dataclass(frozen=True, slots=True)
class LeagueRow:
    """One plan in the league, as known at ``as_of``.

    ``rank`` is None for a plan with no slip; ``tied`` when it shares its rank.
    ``since`` is the change of the headline slip since the ``--since`` date,
    counting a headline on track then as on plan (None when the headline had
    no planned date then, or either slip is open-ended).
    """

    plan: Plan
    as_of: _dt.date
    headline: MilestoneResult | None
    overrun: Overrun | None
    forecasts: int
    rebaselines: int
    last_news: FuzzyDate | None
    verdict: Verdict | None
    worst_other: MilestoneResult | None
    since: Change | None = None
    rank: int | None = None
    tied: bool = False

    @property
    def slip(self) -> Slip | None:
        """The headline slip against the original baseline."""
        return self.headline.slip if self.headline else None

    @property
    def late(self) -> bool:
        """True when the headline milestone is late (a late status)."""
        return self.headline is not None and self.headline.status in LATE_STATUSES

    @property
    def rank_text(self) -> str:
        """``3``, ``=3`` (shared), or ``—`` (no slip to rank by)."""
        if self.rank is None:
            return "—"
        return f"={self.rank}" if self.tied else str(self.rank)

    @property
    def age(self) -> str | None:
        """``last news`` age: ``14 months ago`` (None when there is no news)."""
        return age_text(self.last_news.end, self.as_of) if self.last_news else None


@dataclass(frozen=True, slots=True)
class Subtotal:
    """A ``--group-by`` group: the plans with tag value ``value`` (None: without the tag)."""

    value: str | None
    count: int
    late: int
    median: str | None


@dataclass(frozen=True, slots=True)
class League:
    """The ranked rows, worst first; ``since`` the ``--since`` date; ``group_by``
    the tag subtotals are by (``subtotals`` in value order, no-tag last)."""

    as_of: _dt.date | None
    rows: tuple[LeagueRow, ...]
    since: _dt.date | None = None
    group_by: str | None = None
    subtotals: tuple[Subtotal, ...] = ()

    @property
    def late(self) -> int:
        """How many plans are late."""
        return sum(r.late for r in self.rows)

    @property
    def median(self) -> str | None:
        """The median headline slip of the plans with one."""
        return median_text(self.rows)

    @property
    def summary(self) -> str:
        """``31 of 48 projects late; median slip 14 months; worst: HS2 Phase 1, 8–9 years``."""
        n = len(self.rows)
        text = f"{self.late} of {plural(n, 'project')} late"
        if (median := self.median) is not None:
            text += f"; median slip {median}"
        worst = next((r for r in self.rows if r.late and r.slip is not None), None)
        if worst is not None and worst.slip is not None:
            text += f"; worst: {worst.plan.name}, {worst.slip.described}"
        return text


def _figure(x: float) -> str:
    return f"{x:g}".replace("-", "−")


def median_text(rows: Iterable[LeagueRow]) -> str | None:
    """The median of the slips in whole months, ends taken apart: ``14 months``,
    ``12–14 months``, ``at least 3 months``, ``2 months early``; None when no
    row has a slip."""
    slips = [r.slip for r in rows if r.slip is not None]
    if not slips:
        return None
    lo = statistics.median(s.months_min for s in slips)
    hi = statistics.median(_FAR if s.months_max is None else s.months_max for s in slips)
    if hi == _FAR:
        return f"at least {_figure(lo)} months"
    if lo < 0 and hi <= 0:
        a, b = -hi, -lo
        return f"{_figure(a)} months early" if a == b else f"{_figure(a)}–{_figure(b)} months early"
    if lo == hi:
        return "1 month" if lo == 1 else f"{_figure(lo)} months"
    sep = " – " if lo < 0 else "–"
    return f"{_figure(lo)}{sep}{_figure(hi)} months"


def _severity(slip: Slip | None) -> tuple[float, float, float, float]:
    if slip is None:
        return (-_FAR, -_FAR, -_FAR, -_FAR)
    far = _FAR if slip.months_max is None else slip.months_max
    days_far = _FAR if slip.days_max is None else slip.days_max
    return (slip.months_min, far, slip.days_min, days_far)


def _overlap(a: Slip, b: Slip) -> bool:
    """Whether two slips may be equal, at the precision both allow."""
    if a.precision is Precision.DAY and b.precision is Precision.DAY:
        lo_a, hi_a, lo_b, hi_b = a.days_min, a.days_max, b.days_min, b.days_max
    else:
        lo_a, hi_a, lo_b, hi_b = a.months_min, a.months_max, b.months_min, b.months_max
    top_a = _FAR if hi_a is None else hi_a
    top_b = _FAR if hi_b is None else hi_b
    return lo_a <= top_b and lo_b <= top_a


def _ranked(rows: Sequence[LeagueRow]) -> tuple[LeagueRow, ...]:
    order = sorted(rows, key=lambda r: (r.plan.name, r.plan.file))
    order.sort(key=lambda r: _severity(r.slip), reverse=True)
    out: list[LeagueRow] = []
    i = 0
    while i < len(order):
        leader = order[i]
        if leader.slip is None:
            out += order[i:]
            break
        group = [leader]
        while i + len(group) < len(order):
            nxt = order[i + len(group)].slip
            if nxt is None or not _overlap(leader.slip, nxt):
                break
            group.append(order[i + len(group)])
        tied = len(group) > 1
        out += [_with_rank(r, i + 1, tied) for r in group]
        i += len(group)
    return tuple(out)


def _with_rank(row: LeagueRow, rank: int, tied: bool) -> LeagueRow:
    return replace(row, rank=rank, tied=tied)


def league_row(plan: Plan, as_of: _dt.date, since: _dt.date | None = None) -> LeagueRow:
    """One plan's row as known at ``as_of`` (unranked)."""
    replay = Replay(plan, as_of)
    head = headline_milestone(plan, replay)
    if head is None:
        news = _last_news(plan, replay)
        return LeagueRow(plan, as_of, None, None, 0, 0, news, None, None)
    result = evaluate_milestone(head, as_of, replay)
    others = [evaluate_milestone(m, as_of, replay) for m in plan.milestones if m is not head]
    known = result.knowledge
    share = None
    if result.slip is not None and result.planned is not None and plan.start is not None:
        share = overrun(result.slip, result.planned, plan.start)
    change = None
    if since is not None and result.slip is not None:
        change = _change_since(head, since, Replay(plan, since), result.slip)
    return LeagueRow(
        plan=plan,
        as_of=as_of,
        headline=result,
        overrun=share,
        forecasts=len(known.forecasts),
        rebaselines=len(known.rebaselines),
        last_news=_last_news(plan, replay),
        verdict=compute_trend(head, as_of, replay).verdict,
        worst_other=summarize(others).worst,
        since=change,
    )


def _change_since(head: Milestone, since: _dt.date, replay: Replay, now: Slip) -> Change | None:
    """The change of the headline slip since ``since``.  A milestone that was on
    track then (not yet due, no forecast saying otherwise) was expected on
    plan: its slip then was nothing, so all of today's slip is new."""
    then = evaluate_milestone(head, since, replay)
    if then.slip is not None:
        return Change.between(then.slip, now)
    if then.status is Status.ON_TRACK and now.months_max is not None:
        return Change(now.months_min, now.months_max)
    return None


def _subtotals(rows: Sequence[LeagueRow], tag: str) -> tuple[Subtotal, ...]:
    groups: dict[str | None, list[LeagueRow]] = {}
    for r in rows:
        groups.setdefault(r.plan.tags.get(tag), []).append(r)
    named = sorted((k for k in groups if k is not None), key=lambda k: (k.casefold(), k))
    keys: list[str | None] = [*named, *([None] if None in groups else [])]
    return tuple(
        Subtotal(k, len(groups[k]), sum(r.late for r in groups[k]), median_text(groups[k]))
        for k in keys
    )


def compute_league(
    plans: Iterable[tuple[Plan, _dt.date]],
    *,
    since: _dt.date | None = None,
    group_by: str | None = None,
) -> League:
    """The league of ``plans``, each with the date it is evaluated at; with
    ``since``, each headline slip's change since that date; with ``group_by``,
    subtotals by the value of that tag."""
    rows = _ranked([league_row(p, at, since) for p, at in plans])
    dates = {r.as_of for r in rows}
    as_of = dates.pop() if len(dates) == 1 else None
    subtotals = _subtotals(rows, group_by) if group_by is not None else ()
    return League(as_of, rows, since, group_by, subtotals)
