"""Plain-text cells shared by the human-readable renderers (table, markdown).

A date cell has two parts: the date itself, and a detail line saying what kind
of fact it is and where it comes from (``reported 2013-12 · cw-2013-12``).
``STATUS_STYLES`` colours a status alike in the table and the timeline.
"""

from __future__ import annotations

from typing import NamedTuple

from plantrack.attribution import actual_source, planned_source
from plantrack.knowledge import ExpectedBasis, KnownForecast, KnownRebaseline
from plantrack.slippage import Basis, MilestoneResult, Status, compute_slip

__all__ = [
    "NONE",
    "STATUS_STYLES",
    "Cell",
    "history_cells",
    "implied_cells",
    "latest_cell",
    "latest_source",
    "planned_cell",
    "rebaseline_lines",
    "rebaseline_text",
    "slip_cell",
    "superseded",
]

NONE = "—"
STATUS_STYLES = {  # the Rich style of each status, shared by the table and the timeline
    Status.EARLY: "green",
    Status.ON_TIME: "green",
    Status.ON_TRACK: "cyan",
    Status.FORECAST_LATE: "yellow",
    Status.LATE: "red",
    Status.OVERDUE: "bold red",
    Status.UNSCHEDULED: "dim",
    Status.POSTPONED: "magenta",
}


# NamedTuple: typed and immutable, cheaper to define than a frozen dataclass.
class Cell(NamedTuple):
    """A date and the line of detail under it (may be empty)."""

    date: str
    detail: str = ""

    def inline(self) -> str:
        """Both parts on one line: ``2014-01 (reported 2013-12 · cw-2013-12)``."""
        return f"{self.date} ({self.detail})" if self.detail else self.date


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def forecast_cell(f: KnownForecast) -> Cell:
    """A forecast: its date; when it was reported and by whom (its own source
    only: a milestone's ``source`` never attributes a forecast)."""
    reported = f"reported {f.reported.display}" if f.reported else "forecast"
    return Cell(f.display, _join(reported, f.source))


def planned_cell(r: MilestoneResult) -> Cell:
    """The (original) baseline and its own source (:func:`plantrack.attribution.planned_source`)."""
    m = r.milestone
    if r.planned is None:
        return Cell(NONE)
    return Cell(r.planned.display, planned_source(m) or "")


def rebaseline_cell(rb: KnownRebaseline) -> Cell:
    """A re-baseline as the latest expectation: its date; when it was approved and by whom."""
    return Cell(rb.date.display, _join("re-baseline", f"approved {rb.approved.display}", rb.source))


def latest_cell(r: MilestoneResult) -> Cell:
    """The expected date when it is news: the actual (with its source,
    :func:`plantrack.attribution.actual_source`), else the latest known forecast
    or re-baseline, else a dash."""
    known = r.knowledge
    if r.actual is not None:
        return Cell(r.actual.display, _join("actual", actual_source(r.milestone, r.actual)))
    latest = known.latest
    if isinstance(latest, KnownRebaseline) and known.basis is ExpectedBasis.REBASELINE:
        return rebaseline_cell(latest)
    if r.forecast is not None:
        return forecast_cell(r.forecast)
    return Cell(NONE)


def rebaseline_text(rb: KnownRebaseline) -> str:
    """``re-baselined 2020-06 → 2024-09 (approved 2020-03)``."""
    before = rb.previous.display if rb.previous is not None else NONE
    return f"re-baselined {before} → {rb.date.display} (approved {rb.approved.display})"


def rebaseline_lines(r: MilestoneResult) -> list[str]:
    """One line per re-baseline known, oldest first, shown under the planned cell:
    ``re-baselined 2020-06 → 2024-09 (approved 2020-03)``."""
    return [rebaseline_text(rb) for rb in r.knowledge.rebaselines]


def slip_cell(r: MilestoneResult) -> str:
    """The slip text; ``so far`` when it is measured up to the as-of date."""
    return NONE if r.slip is None else r.slip.described


class HistoryCell(NamedTuple):
    """An earlier forecast, shown under the milestone's main row."""

    forecast: Cell
    slip: str


def superseded(r: MilestoneResult) -> list[KnownForecast]:
    """The forecasts superseded by the row's date (the ones shown under it),
    newest first."""
    latest_shown = r.actual is None and r.knowledge.basis is ExpectedBasis.FORECAST
    shown = r.history[:-1] if latest_shown else r.history
    return list(reversed(shown))


def latest_source(r: MilestoneResult) -> str | None:
    """The source of :func:`latest_cell`'s date."""
    if r.actual is not None:
        return actual_source(r.milestone, r.actual)
    latest = r.knowledge.latest
    if isinstance(latest, KnownRebaseline) and r.knowledge.basis is ExpectedBasis.REBASELINE:
        return latest.source
    return r.forecast.source if r.forecast is not None else None


def history_cells(r: MilestoneResult) -> list[HistoryCell]:
    """The forecasts superseded by the row's date, newest first."""
    planned = r.planned
    lines = []
    for f in superseded(r):
        slip = NONE  # no baseline, or the date was withdrawn
        if planned is not None and f.date is not None:
            slip = compute_slip(planned, f.date, Basis.FORECAST).text
        lines.append(HistoryCell(forecast_cell(f), slip))
    return lines


def implied_cells(r: MilestoneResult) -> list[HistoryCell]:
    """The date the predecessors imply, as a line under the row (none when it
    has none): ``↳ implied by hundred-day-plan + 2 weeks: 2013-01-23..2013-02-22``,
    with how the own date stands against it in the slip column.  A milestone
    already done shows none: its knock-on is history."""
    if r.implied is None or r.actual is not None:
        return []
    finding = "" if r.consistency is None else r.consistency.value
    return [HistoryCell(Cell(f"implied by {r.implied.text}"), finding)]
