"""The trend as JSON (documented in docs/trend.md): figures as min/max pairs."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence
from typing import Any

from plantrack.attribution import planned_source
from plantrack.render.json import date_dict, interval_dict, rebaseline_dict, slip_dict
from plantrack.safetext import for_json
from plantrack.slippage import Change
from plantrack.trend import Point, Trend

__all__ = ["render_trend_json", "trend_dict"]


def _change(c: Change | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"months_min": c.months_min, "months_max": c.months_max, "text": c.text}


def _point(p: Point) -> dict[str, Any]:
    return {
        "kind": p.kind.value,
        "reported": interval_dict(p.reported),
        "date": interval_dict(p.date),
        "source": p.source,
        "note": p.note,
        "slip": slip_dict(p.slip),
        "change": _change(p.change),
    }


def trend_dict(t: Trend) -> dict[str, Any]:
    """One milestone's trend; with predecessors, also ``implied``: the
    implied series (points of kind ``implied``, ``reported`` the day it was
    known, ``source`` the predecessors that drive it)."""
    m = t.milestone
    rate = None
    if t.rate is not None:
        r = t.rate
        rate = {
            "rate_min": round(r.rate_min, 4),
            "rate_max": round(r.rate_max, 4),
            "added": _change(r.added),
            "elapsed_days_min": r.elapsed_days_min,
            "elapsed_days_max": r.elapsed_days_max,
            "first_reported": interval_dict(r.first.reported),
            "last_reported": interval_dict(r.last.reported),
            "text": r.text,
        }
    projection = None
    if t.projection is not None:
        projection = {
            "lands": interval_dict(t.projection.lands),
            "never": t.projection.lands is None,
            "unbounded": t.projection.unbounded,
            "text": t.projection.text,
        }
    outcome = None
    if t.outcome is not None:
        o = t.outcome
        outcome = {
            "forecast": interval_dict(o.forecast.date),
            "forecast_reported": interval_dict(o.forecast.reported),
            "actual": interval_dict(o.actual),
            "error": slip_dict(o.error),
            "text": o.text,
        }
    out = {
        "id": m.id,
        "name": m.name,
        "planned": date_dict(t.planned, planned_source(m)),
        "baseline": interval_dict(t.baseline),
        "points": [_point(p) for p in t.points],
        "rate": rate,
        "verdict": t.verdict.value if t.verdict else None,
        "projection": projection,
        "outcome": outcome,
        "rebaselined": [rebaseline_dict(rb) for rb in t.rebaselines],
    }
    if m.depends_on:  # the implied series, only for a milestone with predecessors
        out["implied"] = [_point(p) for p in t.implied]
    return out


def render_trend_json(trends: Sequence[Trend], *, file: str, plan: str, as_of: _dt.date) -> str:
    """``{"file", "plan", "as_of", "milestones": [...]}``, indented, one trailing newline."""
    doc = {
        "file": file,
        "plan": plan,
        "as_of": as_of.isoformat(),
        "milestones": [trend_dict(t) for t in trends],
    }
    return for_json(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
