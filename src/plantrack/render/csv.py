"""CSV: one row per milestone, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from plantrack.slippage import Report

__all__ = ["COLUMNS", "render_csv"]

COLUMNS = (
    "file", "plan", "as_of", "id", "name", "status",
    "planned", "planned_start", "planned_end", "planned_precision",
    "forecast", "forecast_reported", "actual",
    "slip", "basis", "days", "days_min", "days_max", "months_min", "months_max",
    "source",
)  # fmt: skip


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def render_csv(reports: Sequence[Report]) -> str:
    """Every milestone of every report as a CSV row under a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for report in reports:
        for r in report.results:
            m, s = r.milestone, r.slip
            f = r.forecast
            writer.writerow(
                _cell(v)
                for v in (
                    report.plan.file,
                    report.plan.name,
                    report.as_of.isoformat(),
                    m.id,
                    m.name,
                    r.status.value,
                    m.planned and m.planned.label,
                    m.planned and m.planned.start.isoformat(),
                    m.planned and m.planned.end.isoformat(),
                    m.planned and m.planned.precision.value,
                    f and f.date.label,
                    f and f.reported and f.reported.label,
                    r.actual and r.actual.label,
                    s and s.text,
                    s and s.basis.value,
                    s and s.days,
                    s and s.days_min,
                    s and s.days_max,
                    s and s.months_min,
                    s and s.months_max,
                    m.source,
                )
            )
    return out.getvalue()
