"""iCalendar (RFC 5545) export of a plan, for calendar apps (``export --to ics``).

One all-day VEVENT per milestone on its expected date: the actual, else the
latest forecast, else the planned date, as known at the report's as-of date.
A fuzzy date's event stands on the interval's LAST day (``2014-01`` is on
31 January 2014: "by the end of January"), and the interval itself is in the
DESCRIPTION with the status, the slip and the sources.  A milestone with no
date at all is left out (:func:`undated` names them).

The calendar is a function of the plan and the as-of date only, so the same
export gives the same bytes:

* UID: ``sha1(plan name, milestone id)@plantrack``.  The plan's name, not its
  path: a path depends on where the command ran (``plans/met.yaml``,
  ``./plans/met.yaml``, ``PATH@REV``), and a calendar subscribed to the export
  would then get the same milestone twice.
* SEQUENCE: the number of revisions known as of the export (forecasts,
  re-baselines, and the actual once it is known), so each re-forecast, and the
  day it happened, is a newer revision of the same event: it never falls as
  the as-of date moves on, and it rises whenever DTSTART can move.
* DTSTAMP: midnight UTC of the as-of date (never the clock).

Needs the ``icalendar`` package (the ``ics`` extra, ``pip install
'plantrack-cli[ics]'``), imported only when a calendar is rendered;
:class:`IcsUnavailable` says how to install it.  Pure: returns the bytes.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from plantrack.attribution import actual_source, planned_source
from plantrack.dates import FuzzyDate, OpenInterval
from plantrack.errors import PlantrackError
from plantrack.model import Plan
from plantrack.render.mermaid import slip_words
from plantrack.safetext import for_terminal
from plantrack.slippage import MilestoneResult, Report

if TYPE_CHECKING:
    from icalendar import Event

__all__ = ["ICS_EXTRA_HINT", "IcsUnavailable", "describe", "event_uid", "render_ics", "undated"]

UID_DOMAIN = "plantrack"
ICS_EXTRA_HINT = "install the ics extra: pip install 'plantrack-cli[ics]'"


class IcsUnavailable(PlantrackError):
    """The icalendar package is not installed."""


def event_uid(plan_name: str, milestone_id: str) -> str:
    """The stable UID of a milestone's event: the SHA-1 of the plan name and the
    milestone id (a NUL between them, so no two pairs give the same text)."""
    digest = hashlib.sha1(f"{plan_name}\0{milestone_id}".encode(), usedforsecurity=False)
    return f"{digest.hexdigest()}@{UID_DOMAIN}"


def undated(report: Report) -> list[str]:
    """The ids of the milestones with no date known as of the report (no event)."""
    return [r.milestone.id for r in report.results if r.expected is None]


def _interval(d: FuzzyDate | OpenInterval) -> str:
    """``2014-02-07``; ``2014-01 (2014-01-01 to 2014-01-31)`` for a fuzzy date;
    ``2012-10-11 to 2012-11-10`` for a range written as one; ``no earlier than
    2015-01-01`` for an open-ended one."""
    if not isinstance(d, FuzzyDate):
        return f"no earlier than {d.start.isoformat()}"
    start, end = d.start.isoformat(), d.end.isoformat()
    days = start if d.is_single_day else f"{start} to {end}"
    text = for_terminal(d.display)
    return days if text in (start, f"{start}..{end}") else f"{text} ({days})"


def _source_line(plan: Plan, ref: str) -> str:
    """``title, publisher, date: URL`` of a source id; a URL given as a source as it is."""
    source = plan.sources.get(ref)
    if source is None:
        return for_terminal(ref)
    date = source.date.label if source.date else None
    parts = [source.title or source.id, source.publisher, date]
    text = ", ".join(for_terminal(p) for p in parts if p)
    return f"{text}: {for_terminal(source.url)}" if source.url else text


def _sources(r: MilestoneResult) -> list[str]:
    """The sources of the dates shown, each once: planned, forecast, actual, the milestone's."""
    m = r.milestone
    refs = (
        planned_source(m),
        r.forecast.source if r.forecast else None,
        actual_source(m, r.actual),
        m.source,
    )
    return list(dict.fromkeys(ref for ref in refs if ref))


def _kind(r: MilestoneResult) -> str:
    if r.actual is not None:
        return "actual"
    return "latest forecast" if r.forecast is not None else "planned"


def describe(report: Report, r: MilestoneResult) -> str:
    """The DESCRIPTION of a milestone's event, one fact a line."""
    m, expected = r.milestone, r.expected
    assert expected is not None  # only dated milestones have an event
    lines = [f"{for_terminal(m.name)} ({for_terminal(m.id)})", f"Status: {r.status.value}"]
    if r.slip is not None:
        lines.append(f"Slip: {slip_words(r.slip)}")
    lines.append(f"Expected ({_kind(r)}): {_interval(expected)}")
    if r.planned is not None:
        lines.append(f"Planned: {_interval(r.planned)}")
    if r.forecast is not None and r.forecast.date is not None and r.actual is not None:
        lines.append(f"Latest forecast: {_interval(r.forecast.date)}")
    if r.forecast is not None and r.forecast.reported is not None:
        lines.append(f"Forecast reported: {for_terminal(r.forecast.reported.display)}")
    lines.append(f"Forecasts known: {len(r.history)}")
    sources = _sources(r)
    if sources:
        lines.append("Sources:")
        lines.extend(f"- {_source_line(report.plan, ref)}" for ref in sources)
    lines.append(f"As of {report.as_of.isoformat()}")
    return "\n".join(lines)


def revisions(r: MilestoneResult) -> int:
    """The event's SEQUENCE: forecasts and re-baselines known, plus one for the
    actual once it is known."""
    known = r.knowledge
    return len(known.forecasts) + len(known.rebaselines) + (r.actual is not None)


def _events(report: Report, alarm: _dt.timedelta | None) -> Iterator[Event]:
    from icalendar import Alarm, Event

    stamp = _dt.datetime.combine(report.as_of, _dt.time(0, 0), tzinfo=_dt.timezone.utc)
    for r in report.results:
        expected = r.expected
        if expected is None:
            continue
        m = r.milestone
        summary = f"{for_terminal(m.name)} ({r.status.value})"
        event = Event()
        event.add("uid", event_uid(report.plan.name, m.id))
        event.add("dtstamp", stamp)
        # the last day it may happen on; an open-ended date has only its first
        day = expected.end if isinstance(expected, FuzzyDate) else expected.start
        event.add("dtstart", day)
        if day < _dt.date.max:  # without DTEND an all-day event lasts its one day
            event.add("dtend", day + _dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", describe(report, r))
        event.add("sequence", revisions(r))
        event.add("status", "CONFIRMED" if r.actual is not None else "TENTATIVE")
        event.add("transp", "TRANSPARENT")  # a milestone does not make anyone busy
        if alarm is not None:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", summary)
            reminder.add("trigger", -alarm)
            event.add_component(reminder)
        yield event


def render_ics(report: Report, *, version: str, alarm: _dt.timedelta | None = None) -> bytes:
    """The calendar of one evaluated plan (CRLF lines, UTF-8); ``version`` is
    plantrack's, for PRODID; ``alarm``: a reminder that long before each event.
    Raises :class:`IcsUnavailable` when the icalendar package is missing."""
    try:
        from icalendar import Calendar
    except ImportError as exc:
        raise IcsUnavailable(f"--to ics needs the icalendar package: {ICS_EXTRA_HINT}") from exc
    cal = Calendar()
    cal.add("prodid", f"-//plantrack//plantrack-cli {version}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", for_terminal(report.plan.name))
    for event in _events(report, alarm):
        cal.add_component(event)
    return bytes(cal.to_ical())
