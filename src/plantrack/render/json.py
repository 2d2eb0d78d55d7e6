"""The JSON contract (documented in README.md, "JSON output").  Stable: scripts
depend on it; keys are only ever added, never renamed or removed."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any

from plantrack.attribution import actual_source, planned_source
from plantrack.dates import FuzzyDate, OpenInterval
from plantrack.knockon import interval_text
from plantrack.knowledge import KnownForecast, KnownRebaseline
from plantrack.memo import MEMO_SIZE
from plantrack.render.jsonlayout import (
    Hole,
    indent,
    indented,
    indented_text,
    scalar_text,
)
from plantrack.safetext import for_json
from plantrack.slippage import MilestoneResult, Report, Slip

__all__ = [
    "MilestoneWriter",
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
    write = MilestoneWriter(depth + 1).write
    for n, r in enumerate(results, 1):
        pieces.append(sep)
        sep = ",\n" + "  " * (depth + 1)
        write(pieces, r)
        if n % _BATCH == 0:
            yield "".join(pieces)  # the writer's text is safe already
            pieces.clear()
    pieces.append("\n" + "  " * depth + "]")
    yield "".join(pieces)


def _safe(text: str) -> str:
    """``for_json(text)``, without its scan for ASCII text with no DEL."""
    return text if text.isascii() and "\x7f" not in text else for_json(text)


def _text(value: str) -> str:
    return _safe(encode_basestring(value))


def _scalar(value: object) -> str:
    if type(value) is str:
        return _safe(encode_basestring(value))
    if type(value) is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return _safe(scalar_text(value))


class MilestoneWriter:
    """The text of :func:`result_dict` at one depth, written field by field:
    the same text as the generic writer (a test compares them), without
    building the dictionaries.  A date interval's text is made once per
    interval object and depth (dates are shared: :mod:`plantrack.memo`); a
    value of an unusual shape goes through the generic writer.

    Its text is already safe (:func:`~plantrack.safetext.for_json`): each
    string is made safe on its own, the escapes being one character's each.
    """

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.ind = [indent(depth + k) for k in range(5)]
        self._open: dict[tuple[int, int], tuple[FuzzyDate, str]] = {}
        # a slip's text by the slip's id (slips are shared: plantrack.slip
        # remembers them), bounded like plantrack.memo
        self._slips: dict[int, tuple[Slip, str]] = {}

    def _interval(self, d: FuzzyDate, level: int) -> str:
        """The interval's fields at ``self.depth + level``, the mapping left open."""
        cached = self._open.get((id(d), level))
        if cached is not None:
            return cached[1]
        i = self.ind[level + 1]
        text = (
            f'{{{i}"text": {_text(d.label)},{i}"start": "{d.start.isoformat()}",'
            f'{i}"end": "{d.end.isoformat()}",'
            f'{i}"precision": {_text(d.precision.value)}'
        )
        self._open[(id(d), level)] = (d, text)  # d kept: its id stays its own
        return text

    def _dated(self, d: FuzzyDate | None, source: str | None, level: int) -> str:
        if d is None:
            return "null"
        i = self.ind[level + 1]
        return f'{self._interval(d, level)},{i}"source": {_scalar(source)}{self.ind[level]}}}'

    def _forecast(self, f: KnownForecast | None, level: int) -> str:
        if f is None:
            return "null"
        if type(f.date) is not FuzzyDate or type(f.reported) not in (FuzzyDate, type(None)):
            return for_json(indented_text(forecast_dict(f), self.depth + level))
        i, close = self.ind[level + 1], self.ind[level] + "}"
        reported = "null" if f.reported is None else self._interval(f.reported, level + 1)
        if f.reported is not None:
            reported += self.ind[level + 1] + "}"
        return (
            f'{self._interval(f.date, level)},{i}"source": {_scalar(f.source)},'
            f'{i}"reported": {reported},{i}"note": {_scalar(f.note)}{close}'
        )

    def _slip(self, s: Slip | None) -> str:
        if s is None:
            return "null"
        cached = self._slips.get(id(s))
        if cached is not None:
            return cached[1]
        text = self._slip_text(s)
        if len(self._slips) >= MEMO_SIZE:
            self._slips.clear()
        self._slips[id(s)] = (s, text)  # s kept: its id stays its own
        return text

    def _slip_text(self, s: Slip) -> str:
        i = self.ind[2]
        text = (
            f'{{{i}"basis": {_text(s.basis.value)},'
            f'{i}"precision": {_text(s.precision.value)},'
            f'{i}"days": {_scalar(s.days)},{i}"days_min": {_scalar(s.days_min)},'
            f'{i}"days_max": {_scalar(s.days_max)},'
            f'{i}"months_min": {_scalar(s.months_min)},'
            f'{i}"months_max": {_scalar(s.months_max)},{i}"text": {_scalar(s.text)}'
        )
        if s.business_days_min is not None:
            text += (
                f',{i}"business_days_min": {_scalar(s.business_days_min)}'
                f',{i}"business_days_max": {_scalar(s.business_days_max)}'
            )
        return text + self.ind[1] + "}"

    def _generic(self, value: object) -> str:
        return for_json(indented_text(value, self.depth + 1))

    def write(self, out: list[str], r: MilestoneResult) -> None:
        """Append the text of ``result_dict(r)`` to ``out``."""
        m, known = r.milestone, r.knowledge
        if not all(type(d) in (FuzzyDate, type(None)) for d in (r.planned, r.actual)) or (
            type(known.baseline) not in (FuzzyDate, type(None))
        ):
            out.append(for_json(indented_text(result_dict(r), self.depth)))
            return
        baseline_source = known.rebaselines[-1].source if known.rebaselines else m.planned_source
        i, i2 = self.ind[1], self.ind[2]
        if r.history:
            forecasts = (
                "[" + i2 + ("," + i2).join(self._forecast(f, 2) for f in r.history) + i + "]"
            )
        else:
            forecasts = "[]"
        rebaselined = (
            self._generic([rebaseline_dict(rb) for rb in known.rebaselines])
            if known.rebaselines
            else "[]"
        )
        implied = implied_dict(r)
        out.append(
            f'{{{i}"id": {_scalar(m.id)},{i}"name": {_scalar(m.name)},'
            f'{i}"status": {_scalar(r.status.value)},'
            f'{i}"planned": {self._dated(r.planned, planned_source(m), 1)},'
            f'{i}"forecast": {self._forecast(r.forecast, 1)},'
            f'{i}"actual": {self._dated(r.actual, actual_source(m, r.actual), 1)},'
            f'{i}"slip": {self._slip(r.slip)},{i}"source": {_scalar(m.source)},'
            f'{i}"forecasts": {forecasts},{i}"notes": {_scalar(m.notes)},'
            f'{i}"baseline": {self._dated(known.baseline, baseline_source, 1)},'
            f'{i}"rebaselined": {rebaselined},'
            f'{i}"slip_vs_baseline": {self._slip(r.slip_vs_baseline)},'
            f'{i}"implied": {"null" if implied is None else self._generic(implied)}'
            f"{self.ind[0]}}}"
        )


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
