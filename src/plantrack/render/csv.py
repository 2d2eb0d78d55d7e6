"""CSV: one row per milestone, for spreadsheets.

Plan text (file, plan, id, name, source) is escaped for a line
(:func:`plantrack.safetext.for_csv_cell`), and a cell that a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a ``'`` in front,
unless ``raw``.  Columns are only ever added, at the end of the row: the
latest forecast's ``forecast_source`` and ``forecast_note``, the milestone's
``deadline`` (as written) and the ``tolerance`` it is checked with (its own,
else the plan's; empty when neither sets one, which ``check`` reads as 0)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from plantrack.check import tolerance_text
from plantrack.dates import FuzzyDate
from plantrack.knowledge import KnownForecast
from plantrack.safetext import for_csv_cell
from plantrack.slippage import MilestoneResult, Report

__all__ = ["COLUMNS", "render_csv"]


def _date_columns(prefix: str) -> tuple[str, ...]:
    return (prefix, f"{prefix}_start", f"{prefix}_end", f"{prefix}_precision")


COLUMNS = (
    "file", "plan", "as_of", "id", "name", "status",
    *_date_columns("planned"), *_date_columns("forecast"), "forecast_reported",
    *_date_columns("actual"),
    "slip", "basis", "days", "days_min", "days_max", "months_min", "months_max",
    "source",
    "forecast_source", "forecast_note", "deadline", "tolerance",
)  # fmt: skip


def _date_cells(d: FuzzyDate | None) -> tuple[str, str, str, str]:
    if d is None:
        return ("", "", "", "")
    return (d.label, d.start.isoformat(), d.end.isoformat(), d.precision.value)


def _forecast_cells(f: KnownForecast | None) -> tuple[str, str, str, str]:
    """A forecast's date; empty end for ``no earlier than``, only the text when withdrawn."""
    if f is None:
        return _date_cells(None)
    if isinstance(f.date, FuzzyDate):
        return _date_cells(f.date)
    if f.date is None:
        return (f.display, "", "", "")
    return (f.display, f.date.start.isoformat(), "", f.date.precision.value)


def _row(report: Report, r: MilestoneResult, *, raw: bool) -> Iterator[object]:
    m, s, f = r.milestone, r.slip, r.forecast
    yield for_csv_cell(report.plan.file, raw=raw)
    yield for_csv_cell(report.plan.name, raw=raw)
    yield report.as_of.isoformat()
    yield from (for_csv_cell(m.id, raw=raw), for_csv_cell(m.name, raw=raw), r.status.value)
    yield from _date_cells(r.planned)
    yield from _forecast_cells(f)
    yield f.reported.label if f and f.reported else ""
    yield from _date_cells(r.actual)
    if s is None:
        yield from ("",) * 7
    else:
        yield from (s.text, s.basis.value, s.days, s.days_min, s.days_max)
        yield from (s.months_min, s.months_max)
    yield None if m.source is None else for_csv_cell(m.source, raw=raw)
    yield from (_text(f.source if f else None, raw=raw), _text(f.note if f else None, raw=raw))
    deadline = r.knowledge.deadline
    yield _text(deadline.label if deadline else None, raw=raw)
    tolerance = m.tolerance or report.plan.tolerance
    yield "" if tolerance is None else tolerance_text(tolerance)


def _text(value: str | None, *, raw: bool) -> str:
    return "" if value is None else for_csv_cell(value, raw=raw)


def render_csv(reports: Sequence[Report], *, raw: bool = False) -> str:
    """Every milestone of every report as a CSV row under a header row; with
    ``raw``, cells that start like a formula are left as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for report in reports:
        for r in report.results:
            writer.writerow("" if v is None else v for v in _row(report, r, raw=raw))
    return out.getvalue()
