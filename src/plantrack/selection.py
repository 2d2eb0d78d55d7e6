"""Which milestones a report shows, and in what order (``slippage --status``
and ``--sort``): pure functions of a :class:`~plantrack.slippage.Report`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Iterable
from enum import Enum

from plantrack.dates import FuzzyDate, OpenInterval
from plantrack.slippage import MilestoneResult, Report, Status

__all__ = ["SortKey", "parse_statuses", "select", "sort_results"]


class SortKey(str, Enum):
    """What ``--sort`` orders milestones by."""

    SLIP = "slip"  # worst first: months_min, then months_max, descending; no slip last
    PLANNED = "planned"  # earliest planned date first; none last
    EXPECTED = "expected"  # earliest actual, else latest forecast, else planned; none last
    ID = "id"  # by id


def parse_statuses(text: str) -> tuple[frozenset[Status], list[str]]:
    """The statuses named in a comma-separated ``text`` (``late,overdue``;
    ``forecast-late`` and ``forecast_late`` name ``forecast late``), and every
    name that is no status."""
    by_name = {s.value: s for s in Status}
    found: set[Status] = set()
    unknown: list[str] = []
    for raw in text.split(","):
        name = " ".join(raw.strip().lower().replace("-", " ").replace("_", " ").split())
        if name in by_name:
            found.add(by_name[name])
        else:
            unknown.append(raw.strip())
    return frozenset(found), unknown


def _date_key(d: FuzzyDate | OpenInterval | None) -> tuple[bool, _dt.date, _dt.date]:
    if d is None:
        return (True, _dt.date.max, _dt.date.max)
    return (False, d.start, _dt.date.max if d.end is None else d.end)


def _slip_key(r: MilestoneResult) -> tuple[bool, int, int]:
    if r.slip is None:
        return (True, 0, 0)
    far = -(10**9) if r.slip.months_max is None else -r.slip.months_max  # open: the worst
    return (False, -r.slip.months_min, far)


_KEYS: dict[SortKey, Callable[[MilestoneResult], object]] = {
    SortKey.SLIP: _slip_key,
    SortKey.PLANNED: lambda r: _date_key(r.planned),
    SortKey.EXPECTED: lambda r: _date_key(r.expected),
    SortKey.ID: lambda r: r.milestone.id,
}


def sort_results(results: Iterable[MilestoneResult], key: SortKey) -> tuple[MilestoneResult, ...]:
    """``results`` ordered by ``key`` (:class:`SortKey`); ties keep file order."""
    return tuple(sorted(results, key=_KEYS[key]))  # type: ignore[arg-type]


def select(
    report: Report, *, statuses: Collection[Status] = (), sort: SortKey | None = None
) -> Report:
    """The report with only the milestones whose status is in ``statuses``
    (all when empty), ordered by ``sort`` (file order when None)."""
    results = tuple(r for r in report.results if not statuses or r.status in statuses)
    if sort is not None:
        results = sort_results(results, sort)
    return Report(report.plan, report.as_of, results)
