"""The JSON contract (documented in README.md, "JSON output").  Stable: scripts
depend on it; keys are only ever added, never renamed or removed."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
from typing import Any

from plantrack.attribution import actual_source, planned_source
from plantrack.dates import FuzzyDate, OpenInterval
from plantrack.knockon import interval_text
from plantrack.knowledge import KnownForecast, KnownRebaseline
from plantrack.render.jsonlayout import Hole, indented, write_indented
from plantrack.safetext import for_json
from plantrack.slippage import MilestoneResult, Report, Slip

__all__ = [
    "date_dict",
    "forecast_dict",
    "implied_dict",
    "interval_dict",
    "json_chunks",
    "open_dict",
    "rebaseline_dict",
    "render_json",
    "report_dict",
    "result_dict",
    "slip_dict",
]


def interval_dict(d: FuzzyDate | None) -> dict[str, Any] | None:
    """``{"text", "start", "end", "precision"}`` or None."""
    if d is None:
        return None
    return {
        "text": d.label,
        "start": d.start.isoformat(),
        "end": d.end.isoformat(),
        "precision": d.precision.value,
    }


def date_dict(d: FuzzyDate | None, source: str | None) -> dict[str, Any] | None:
    """A dated fact: the interval plus its ``source`` (an id, a URL or null), or None."""
    out = interval_dict(d)
    if out is not None:
        out["source"] = source
    return out


def open_dict(text: str, d: FuzzyDate | OpenInterval | None) -> dict[str, Any]:
    """A date that may have no end (``end`` null) or be withdrawn (all null but ``text``)."""
    if isinstance(d, FuzzyDate):
        out = interval_dict(d)
        assert out is not None
        return out
    return {
        "text": text,
        "start": None if d is None else d.start.isoformat(),
        "end": None,
        "precision": None if d is None else d.precision.value,
    }


def forecast_dict(f: KnownForecast | None) -> dict[str, Any] | None:
    """A forecast: the date's shape (``end`` null for ``no earlier than``, all
    but ``text`` null for a withdrawn date) plus ``source``, ``reported`` (a
    date object or null) and ``note``."""
    if f is None:
        return None
    out = open_dict(f.display, f.date)
    out["source"] = f.source
    out["reported"] = interval_dict(f.reported)
    out["note"] = f.note
    return out


def rebaseline_dict(r: KnownRebaseline) -> dict[str, Any]:
    """A re-baseline: the new baseline's shape plus ``approved`` (a date object) and ``note``."""
    out = date_dict(r.date, r.source)
    assert out is not None
    out["approved"] = interval_dict(r.approved)
    out["note"] = r.note
    return out


def slip_dict(s: Slip | None) -> dict[str, Any] | None:
    """The slip object of the contract, or None."""
    if s is None:
        return None
    out: dict[str, Any] = {
        "basis": s.basis.value,
        "precision": s.precision.value,
        "days": s.days,
        "days_min": s.days_min,
        "days_max": s.days_max,
        "months_min": s.months_min,
        "months_max": s.months_max,
        "text": s.text,
    }
    if s.business_days_min is not None:
        out["business_days_min"] = s.business_days_min
        out["business_days_max"] = s.business_days_max
    return out


def result_dict(r: MilestoneResult) -> dict[str, Any]:
    """One milestone of the contract."""
    m, known = r.milestone, r.knowledge
    baseline_source = known.rebaselines[-1].source if known.rebaselines else m.planned_source
    return {
        "id": m.id,
        "name": m.name,
        "status": r.status.value,
        "planned": date_dict(r.planned, planned_source(m)),
        "forecast": forecast_dict(r.forecast),
        "actual": date_dict(r.actual, actual_source(m, r.actual)),
        "slip": slip_dict(r.slip),
        "source": m.source,
        "forecasts": [forecast_dict(f) for f in r.history],
        "notes": m.notes,
        "baseline": date_dict(known.baseline, baseline_source),
        "rebaselined": [rebaseline_dict(rb) for rb in known.rebaselines],
        "slip_vs_baseline": slip_dict(r.slip_vs_baseline),
        "implied": implied_dict(r),
    }


def implied_dict(r: MilestoneResult) -> dict[str, Any] | None:
    """The date the predecessors imply (``end`` null when one has no end), the
    ones that can drive it, and how the own expected date stands against it
    (``consistency``: null, ``possibly inconsistent`` or ``necessarily
    inconsistent``); None when the milestone has no implied date."""
    implied = r.implied
    if implied is None:
        return None
    out = open_dict(implied.text, implied.date)
    out["text"] = interval_text(implied.date)
    out["driven_by"] = list(implied.driven_by)
    out["consistency"] = None if r.consistency is None else r.consistency.value
    return out


def report_dict(report: Report) -> dict[str, Any]:
    """One plan of the contract."""
    return _report_dict(report, [result_dict(r) for r in report.results])


def _report_dict(report: Report, milestones: object) -> dict[str, Any]:
    summary = report.summary
    return {
        "file": report.plan.file,
        "plan": report.plan.name,
        "as_of": report.as_of.isoformat(),
        "milestones": milestones,
        "summary": {
            "total": summary.total,
            "late": summary.late,
            "by_status": {status.value: n for status, n in summary.counts},
            "worst": summary.worst.milestone.id if summary.worst else None,
            "text": summary.text(),
        },
    }


class _Milestones(Hole):
    """Where a plan's milestones go, written one by one."""

    def __init__(self, report: Report) -> None:
        self.report = report


_BATCH = 512  # milestones per chunk


def _milestone_chunks(report: Report, depth: int) -> Iterator[str]:
    """The list of ``report``'s milestones at ``depth``, a few hundred per chunk."""
    results = report.results
    if not results:
        yield "[]"
        return
    sep = "[\n" + "  " * (depth + 1)
    pieces: list[str] = []
    for n, r in enumerate(results, 1):
        pieces.append(sep)
        sep = ",\n" + "  " * (depth + 1)
        write_indented(pieces, result_dict(r), depth + 1)
        if n % _BATCH == 0:
            yield for_json("".join(pieces))
            pieces.clear()
    pieces.append("\n" + "  " * depth + "]")
    yield for_json("".join(pieces))


def json_chunks(reports: Sequence[Report], as_of: _dt.date) -> Iterator[str]:
    """The whole document of :func:`render_json`, in chunks to write one after
    another (a few hundred milestones each): a big plan's document is never
    held whole."""
    doc = {
        "as_of": as_of.isoformat(),
        "plans": [_report_dict(r, _Milestones(r)) for r in reports],
    }
    text: list[str] = []
    for piece in indented(doc):
        if isinstance(piece, str):
            text.append(piece)
            continue
        hole, depth = piece
        assert isinstance(hole, _Milestones)
        yield for_json("".join(text))
        text.clear()
        yield from _milestone_chunks(hole.report, depth)
    text.append("\n")
    yield for_json("".join(text))


def render_json(reports: Sequence[Report], as_of: _dt.date) -> str:
    """The whole document: ``{"as_of": ..., "plans": [...]}``, indented, one trailing newline."""
    return "".join(json_chunks(reports, as_of))
