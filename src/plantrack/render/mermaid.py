"""A Mermaid gantt chart of a plan, for a GitHub README (``export --to mermaid``).

One ``section`` per milestone, with up to three rows:

* the planned date;
* the latest forecast known as of the report (``active`` while the milestone
  is open, ``crit`` too when it is forecast late or overdue);
* the actual (``done``, and ``crit`` when it was late);
* while it is not done, the date its predecessors imply (``depends_on``;
  ``crit`` when that knock-on makes it late).

A milestone's own dates are always written as dates.  The implied date is
written with Mermaid's ``after`` (``:milestone, b-implied, after a-actual,
0d``) only when that draws exactly the implied date: a single day, every lag
zero, and every predecessor's rows that can pass a date on (its actual; else
its forecast or planned date and its own implied date) single days whose
latest is the implied day.  Mermaid cannot express a lag, a fuzzy interval
(``after`` starts at the end of a bar, not with it) or the as-of floor of an
overdue predecessor, so otherwise the date is written and a ``%%`` comment at
the top of the section names the predecessors and their lags.

A single day is a Mermaid milestone (``:milestone, ID, DATE, 0d``); a fuzzy
date is drawn as what it is, a bar over its whole interval (``2013-04`` is
``2013-04-01, 30d``), never as a point pretending to be exact.  A milestone
with no date at all as of the report has no section.

Only syntax that Mermaid 11.3 understands is written (``dateFormat``,
``axisFormat``, ``tickInterval``, ``todayMarker``, ``section`` and task tags;
no ``vert``), and the chart is the same whatever day it is rendered on
(``todayMarker off``).  Plan text is escaped with Mermaid's entity codes
(:func:`escape`).  Pure: returns the text.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum

from plantrack.dates import FuzzyDate
from plantrack.knockon import lag_text
from plantrack.safetext import for_terminal
from plantrack.slippage import Basis, Direction, MilestoneResult, Report, Slip, Status

__all__ = [
    "Row",
    "RowKind",
    "axis_for_span",
    "escape",
    "mermaid_ids",
    "render_mermaid",
    "rows",
    "section_lines",
    "slip_words",
    "undrawn",
]

# Characters of plan text that Mermaid would read as syntax, written as its
# entity codes (``#58;`` shows as ``:``): ``:`` ends a task's text, ``#`` starts
# a comment, ``;`` ends a statement, ``%%{`` starts a directive; ``&``, ``<``
# and ``>`` would reach the SVG as markup.  Mermaid stands an entity in as
# ``\ufb02°°58¶ß`` while it parses, so a plan's own U+FB02 and ``¶`` are escaped
# too, or they would come out of the SVG as ``&`` and ``;``.
_ENTITIES = {c: f"#{ord(c)};" for c in ":#;%&<>\ufb02¶"}
_ENTITY_RE = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_DAYS_AXIS = 92  # up to ~3 months the axis reads in days
_MONTHS_AXIS = 3 * 365 + 1  # up to 3 years in months, then in years
_INDENT = "    "
# Section titles sit left of the bars, in Mermaid's left padding (75 px by
# default, which a milestone's name overflows): long names are wrapped onto
# lines of at most _TITLE_WIDTH characters (``<br>``), and the padding is set
# from the longest line, at ~_CHAR_PX pixels a character of the 11 px font.
_TITLE_WIDTH = 40
_CHAR_PX = 6.5
_MIN_PADDING = 75


def escape(text: str) -> str:
    """Plan text for any place in a Mermaid gantt (title, section, task text):
    control characters shown as escapes (:func:`plantrack.safetext.for_terminal`,
    so no newline can start a statement), then each character in ``_ENTITIES``
    written as its entity code; ``a: b`` becomes ``a#58; b``."""
    return _ENTITY_RE.sub(lambda m: _ENTITIES[m.group()], for_terminal(text))


def mermaid_ids(milestone_ids: list[str]) -> dict[str, str]:
    """A Mermaid id (letters, digits, ``_``, ``-``) for each milestone id, unique
    and stable: an id that is one already is kept; a ``.`` becomes ``_``, and
    when that name is taken (by another id, or an earlier such name) ``-2``,
    ``-3``, ... is added, in file order."""
    taken = set(milestone_ids)
    out: dict[str, str] = {}
    for mid in milestone_ids:
        if not _ID_UNSAFE.search(mid):
            out[mid] = mid
            continue
        base = _ID_UNSAFE.sub("_", mid)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out[mid] = candidate
    return out


class RowKind(str, Enum):
    """Which date of a milestone a gantt row shows."""

    PLANNED = "planned"
    FORECAST = "forecast"
    ACTUAL = "actual"
    IMPLIED = "implied"


@dataclass(frozen=True, slots=True)
class Row:
    """One task of the gantt: its text (unescaped), tags and interval, and the
    task ids it is drawn ``after`` (none: drawn at its date)."""

    kind: RowKind
    text: str
    tags: tuple[str, ...]
    date: FuzzyDate
    after: tuple[str, ...] = ()


def slip_words(slip: Slip) -> str:
    """The slip as a phrase that says its direction (also used by the iCalendar
    export): ``9 months late``, ``2 months early``, ``13 years late so far``, ``on time``."""
    words = f"{slip.text} late" if slip.direction is Direction.LATE else slip.text
    return f"{words} so far" if slip.basis is Basis.AS_OF else words


def _with_slip(text: str, slip: Slip | None) -> str:
    return text if slip is None else f"{text} · {slip_words(slip)}"


def rows(r: MilestoneResult) -> list[Row]:
    """The rows of one milestone's section; the slip is told on the row it is
    measured to (the actual, else the forecast, else the as-of date: the
    planned row of an overdue milestone)."""
    forecast = r.forecast
    planned = r.planned  # references resolved as of the export
    out = []
    if planned is not None:
        overdue_alone = r.status is Status.OVERDUE and forecast is None and r.actual is None
        text = f"Planned {planned.display}"
        out.append(
            Row(
                RowKind.PLANNED,
                _with_slip(text, r.slip) if overdue_alone else text,
                ("crit",) if overdue_alone else (),
                planned,
            )
        )
    if forecast is not None and isinstance(forecast.date, FuzzyDate):
        # an open-ended ("no earlier than") or withdrawn forecast has no bar to draw
        text = f"Forecast {forecast.date.display}"
        if forecast.reported is not None:
            text += f" (reported {forecast.reported.display})"
        if r.actual is None:
            late = r.status in (Status.FORECAST_LATE, Status.OVERDUE)
            tags: tuple[str, ...] = ("active", "crit") if late else ("active",)
            out.append(Row(RowKind.FORECAST, _with_slip(text, r.slip), tags, forecast.date))
        else:
            out.append(Row(RowKind.FORECAST, text, (), forecast.date))
    if r.actual is not None:
        tags = ("done", "crit") if r.status is Status.LATE else ("done",)
        text = _with_slip(f"Actual {r.actual.display}", r.slip)
        out.append(Row(RowKind.ACTUAL, text, tags, r.actual))
    implied = r.implied
    if implied is not None and r.actual is None and isinstance(implied.date, FuzzyDate):
        # an open-ended implied date ("no earlier than") has no bar to draw
        by = ", ".join(f"{mid}{lag_text(lag)}" for mid, lag in implied.drivers)
        text = f"Implied {implied.date.display} (by {by})"
        knocked = r.slip is not None and r.slip.basis is Basis.IMPLIED
        tags = ("crit",) if knocked else ()
        text = _with_slip(text, r.slip) if knocked else text
        out.append(Row(RowKind.IMPLIED, text, tags, implied.date))
    return out


def _passing(rs: list[Row]) -> list[Row]:
    """The rows of a milestone that can be the date it passes on: its actual,
    else its expected row (forecast, else planned) and its implied row."""
    by_kind = {row.kind: row for row in rs}
    if RowKind.ACTUAL in by_kind:
        return [by_kind[RowKind.ACTUAL]]
    expected = by_kind.get(RowKind.FORECAST) or by_kind.get(RowKind.PLANNED)
    return [row for row in (expected, by_kind.get(RowKind.IMPLIED)) if row is not None]


def _after(r: MilestoneResult, sections: dict[str, tuple[str, list[Row]]]) -> tuple[str, ...]:
    """The task ids r's implied row can be drawn ``after`` so that Mermaid
    draws exactly the implied date, or ``()`` when it cannot."""
    implied = r.implied
    if implied is None or not isinstance(implied.date, FuzzyDate):
        return ()
    if not implied.date.is_single_day:
        return ()
    refs: list[str] = []
    latest: _dt.date | None = None
    for dep in r.milestone.depends_on:
        if dep.lag is not None and dep.lag.amount != 0:
            return ()
        mermaid_id, rs = sections.get(dep.milestone, ("", []))
        passing = _passing(rs)
        if not passing or not all(row.date.is_single_day for row in passing):
            return ()
        for row in passing:
            latest = row.date.start if latest is None else max(latest, row.date.start)
            refs.append(f"{mermaid_id}-{row.kind.value}")
    if latest != implied.date.start:  # e.g. an overdue predecessor, raised to the as-of date
        return ()
    return tuple(dict.fromkeys(refs))


def axis_for_span(start: _dt.date, end: _dt.date) -> tuple[str, str | None]:
    """The ``axisFormat`` and ``tickInterval`` (None: Mermaid's choice) for a
    chart from ``start`` to ``end``: days (``%d %b``) up to ~3 months, months
    (``%b %Y``) up to 3 years, years (``%Y``) beyond."""
    days = (end - start).days + 1
    if days <= 14:
        return "%d %b", "1day"
    if days <= _DAYS_AXIS:
        return "%d %b", "1week"
    if days <= 366:
        return "%b %Y", "1month"
    if days <= _MONTHS_AXIS:
        return "%b %Y", "3month"
    if days <= 12 * 366:
        return "%Y", "12month"
    return "%Y", None


def _task(row: Row, task_id: str) -> str:
    d = row.date
    if d.is_single_day:
        tags, length = (*row.tags, "milestone"), "0d"
    else:
        tags, length = row.tags, f"{(d.end - d.start).days + 1}d"
    start = f"after {' '.join(row.after)}" if row.after else d.start.isoformat()
    data = ", ".join((*tags, task_id, start, length))
    return f"{_INDENT}{escape(row.text)} :{data}"


def section_lines(name: str) -> list[str]:
    """A section title as lines of at most ``_TITLE_WIDTH`` characters, broken
    between words (a longer word stays whole); control characters are shown
    as escapes first, so a tab or a newline is not wrapped away."""
    safe = for_terminal(name)
    lines = textwrap.wrap(safe, _TITLE_WIDTH, break_long_words=False, break_on_hyphens=False)
    return lines or [safe]


def _lines(report: Report) -> Iterator[str]:
    sections = [(r, rows(r)) for r in report.results]
    sections = [(r, rs) for r, rs in sections if rs]
    dates = [row.date for _, rs in sections for row in rs]
    ids = mermaid_ids([r.milestone.id for r, _ in sections])
    by_id = {r.milestone.id: (ids[r.milestone.id], rs) for r, rs in sections}
    sections = [(r, [_drawn_after(row, r, by_id) for row in rs]) for r, rs in sections]
    titles = [section_lines(r.milestone.name.strip() or r.milestone.id) for r, _ in sections]
    longest = max((len(line) for lines in titles for line in lines), default=0)
    padding = max(_MIN_PADDING, math.ceil(longest * _CHAR_PX) + 20)
    yield from ("---", "config:", "  gantt:", f"    leftPadding: {padding}", "---")
    yield "gantt"
    yield f"{_INDENT}title {escape(report.plan.name.strip() or report.plan.file)}"
    yield f"{_INDENT}dateFormat YYYY-MM-DD"
    if dates:
        axis, tick = axis_for_span(min(d.start for d in dates), max(d.end for d in dates))
        yield f"{_INDENT}axisFormat {axis}"
        if tick is not None:
            yield f"{_INDENT}tickInterval {tick}"
    yield f"{_INDENT}todayMarker off"
    for (r, rs), title in zip(sections, titles, strict=True):
        m = r.milestone
        yield f"{_INDENT}section {'<br>'.join(escape(line) for line in title)}"
        if m.depends_on and not any(row.after for row in rs):
            deps = ", ".join(f"{dep.milestone}{lag_text(dep.lag)}" for dep in m.depends_on)
            yield f"{_INDENT}%% after {escape(deps)}"
        for row in rs:
            yield _task(row, f"{ids[m.id]}-{row.kind.value}")


def _drawn_after(row: Row, r: MilestoneResult, by_id: dict[str, tuple[str, list[Row]]]) -> Row:
    if row.kind is not RowKind.IMPLIED:
        return row
    return replace(row, after=_after(r, by_id))


def undrawn(report: Report) -> list[str]:
    """The ids of the milestones left out of the chart: no date known as of
    the report, not even one implied by their predecessors."""
    return [r.milestone.id for r in report.results if r.expected is None and not rows(r)]


def render_mermaid(report: Report) -> str:
    """The gantt chart of one evaluated plan, as Mermaid source ending in a newline."""
    return "\n".join(_lines(report)) + "\n"
