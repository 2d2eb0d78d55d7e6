"""``plantrack diff --format json``: every changed milestone with its facts."""

from __future__ import annotations

import json
from typing import Any

from plantrack.diff import Fact, FactKind, PlanDiff
from plantrack.knockon import Implied, interval_text
from plantrack.render.diff_text import headline, summary
from plantrack.render.json import interval_dict, open_dict, slip_dict
from plantrack.safetext import for_json

__all__ = ["render_diff_json"]


def _implied(implied: Implied | None) -> dict[str, Any] | None:
    """``{"text", "start", "end", "precision", "driven_by"}`` (``end`` null when
    a predecessor's date has none), or None."""
    if implied is None:
        return None
    out = open_dict(implied.text, implied.date)
    out["text"] = interval_text(implied.date)
    out["driven_by"] = list(implied.driven_by)
    return out


def _fact(f: Fact) -> dict[str, Any]:
    """A fact; one about the implied date also carries both implied dates."""
    out: dict[str, Any] = {"kind": f.kind.value, "before": f.before, "after": f.after}
    out["text"] = f.text
    if f.kind is FactKind.IMPLIED:
        out["implied_before"] = _implied(f.implied_before)
        out["implied_after"] = _implied(f.implied_after)
    return out


def render_diff_json(d: PlanDiff) -> str:
    """``{"old", "new", "as_of", "milestones": [...], "later": [ids], "summary"}``;
    a fact of kind ``implied`` also has ``implied_before`` and ``implied_after``."""
    milestones: list[dict[str, Any]] = []
    for m in d.milestones:
        change = m.slip_change
        milestones.append(
            {
                "id": m.id,
                "status": m.status.value,
                "facts": [_fact(f) for f in m.facts],
                "expected_before": interval_dict(m.expected_before),
                "expected_after": interval_dict(m.expected_after),
                "basis": m.basis.value if m.basis else None,
                "basis_before": m.basis_before.value if m.basis_before else None,
                "slip_before": slip_dict(m.slip_before),
                "slip_after": slip_dict(m.slip_after),
                "slip_change": None
                if change is None
                else {
                    "months_min": change.months_min,
                    "months_max": change.months_max,
                    "text": change.text,
                },
                "later": m.later,
                "text": headline(m),
            }
        )
    doc = {
        "old": d.old,
        "new": d.new,
        "as_of": d.as_of.isoformat(),
        "milestones": milestones,
        "later": [m.id for m in d.later],
        "summary": summary(d),
    }
    return for_json(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
