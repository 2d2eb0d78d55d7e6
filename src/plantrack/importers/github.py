"""GitHub milestones (the JSON of ``gh api repos/OWNER/REPO/milestones?state=all``)
into a plan, one milestone ``gh-NUMBER`` each.

GitHub stores a due date as midnight US Pacific, in UTC (``2014-02-07T08:00:00Z``
is 7 February): dates are taken in America/Los_Angeles.  A first import
writes the due date as ``planned``; a later import that finds it changed
appends a forecast reported on the import date, so the plan keeps the
history GitHub does not.  ``closed_at`` becomes the actual date, ``html_url``
the source of each date.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from plantrack.datetypes import FuzzyDate
from plantrack.editing import Op, add_forecast, add_milestone, set_actual
from plantrack.errors import PlanError, Problem
from plantrack.model import Milestone, Plan

__all__ = ["ZONE", "GitHubMilestone", "milestone_edits", "new_plan_text", "pacific_date"]

ZONE = "America/Los_Angeles"


@dataclass(frozen=True, slots=True)
class GitHubMilestone:
    """The fields of a GitHub milestone plantrack uses (dates in Pacific time)."""

    number: int
    title: str
    due: _dt.date | None
    closed: _dt.date | None
    url: str

    @property
    def id(self) -> str:
        """The plan's id for it: ``gh-`` and its number (a title may change, the number not)."""
        return f"gh-{self.number}"


def pacific_date(stamp: str) -> _dt.date:
    """The date in America/Los_Angeles of a GitHub timestamp (``...Z``).
    Raises ``ValueError`` when ``stamp`` is not one."""
    from zoneinfo import ZoneInfo  # lazily; the tzdata package supplies it where the OS does not

    moment = _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{stamp!r} has no time zone")
    return moment.astimezone(ZoneInfo(ZONE)).date()


def _where(text: str, number: object, file: str) -> tuple[str, int, int]:
    hit = re.search(rf'"number"\s*:\s*{re.escape(str(number))}\b', text)
    if hit is None:
        return file, 0, 0
    line = text.count("\n", 0, hit.start()) + 1
    return file, line, hit.start() - (text.rfind("\n", 0, hit.start()) + 1) + 1


def _one(
    item: Any, index: int, text: str, file: str, problems: list[Problem]
) -> GitHubMilestone | None:
    if not isinstance(item, dict):
        problems.append(
            Problem(file, 0, 0, f"item {index + 1} is not a milestone (expected an object)")
        )
        return None
    before = len(problems)
    number = item.get("number")
    place = _where(text, number, file)
    what = f"milestone {number!r}"
    found: dict[str, Any] = {}
    for key, kind in (("number", int), ("title", str), ("html_url", str)):
        value = item.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(Problem(*place, f"{what}: {key!r} is missing or not a {kind.__name__}"))
        found[key] = value
    for key in ("due_on", "closed_at"):
        value = item.get(key)
        try:
            found[key] = None if value is None else pacific_date(str(value))
        except ValueError:
            problems.append(
                Problem(
                    *place,
                    f"{what}: {key} {value!r} is not a time (expected e.g. 2014-02-07T08:00:00Z)",
                )
            )
    if len(problems) > before:
        return None
    return GitHubMilestone(
        found["number"], found["title"], found["due_on"], found["closed_at"], found["html_url"]
    )


def read_milestones(data: bytes, file: str) -> tuple[GitHubMilestone, ...]:
    """The milestones in the JSON ``data``; raises :class:`PlanError` with every problem."""
    try:
        text = data.decode("utf-8-sig")
        items = json.loads(text)
    except UnicodeDecodeError as exc:
        raise PlanError([Problem(file, 0, 0, f"not UTF-8 text: {exc.reason}")]) from exc
    except json.JSONDecodeError as exc:
        raise PlanError([Problem(file, exc.lineno, exc.colno, f"not JSON: {exc.msg}")]) from exc
    if not isinstance(items, list):
        raise PlanError(
            [
                Problem(
                    file,
                    1,
                    1,
                    "not a list of milestones (expected the JSON of gh api "
                    "repos/OWNER/REPO/milestones?state=all)",
                )
            ]
        )
    problems: list[Problem] = []
    found = [_one(item, i, text, file, problems) for i, item in enumerate(items)]
    if problems:
        raise PlanError(problems)
    return tuple(m for m in found if m is not None)


def new_plan_text(name: str) -> str:
    """A plan with no milestones yet, named ``name``."""
    from plantrack.editrender import renderer

    return f"plantrack: 1\n{renderer().pair('plan', name)}\nmilestones: []\n"


def _latest(m: Milestone) -> object:
    return m.forecasts[-1].date if m.forecasts else m.planned


def _same_due(current: object, due: _dt.date | None) -> bool:
    if due is None:
        return not isinstance(current, FuzzyDate)
    return isinstance(current, FuzzyDate) and (current.start, current.end) == (due, due)


def milestone_edits(
    plan: Plan, milestones: Sequence[GitHubMilestone], *, reported: _dt.date
) -> list[Op]:
    """The edits that bring ``plan`` up to date with ``milestones`` (none when it is)."""
    have = {m.id: m for m in plan.milestones}
    ops: list[Op] = []
    for gh in sorted(milestones, key=lambda g: g.number):
        due = gh.due.isoformat() if gh.due else None
        mine = have.get(gh.id)
        if mine is None:
            ops.append(add_milestone(milestone_id=gh.id, name=gh.title, planned=due, source=gh.url))
        elif not _same_due(_latest(mine), gh.due):
            date = due or "unknown"  # a due date removed: the date is withdrawn
            ops.append(
                add_forecast(
                    milestone_id=gh.id, date=date, reported=reported.isoformat(), source=gh.url
                )
            )
        if gh.closed and (mine is None or mine.actual is None):
            source = None if mine is None else gh.url  # a new milestone's source covers it
            ops.append(set_actual(milestone_id=gh.id, date=gh.closed.isoformat(), source=source))
    return ops
