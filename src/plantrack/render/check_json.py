"""``plantrack check --format json``: the documented contract (docs/ci.md, "JSON output").

Stable: keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import json
from typing import Any

from plantrack.check import CheckResult, MilestoneCheck, PlanCheck, tolerance_text
from plantrack.durations import Duration
from plantrack.errors import Problem
from plantrack.render.json import interval_dict, open_dict, slip_dict
from plantrack.safetext import for_json

__all__ = ["FORMAT_VERSION", "check_dict", "problem_dict", "render_check_json", "tolerance_dict"]

FORMAT_VERSION = 1


def tolerance_dict(t: Duration) -> dict[str, Any]:
    """``{"text": "1 month", "amount": 1, "unit": "months"}``."""
    return {"text": tolerance_text(t), "amount": t.amount, "unit": t.unit.value}


def problem_dict(p: Problem) -> dict[str, Any]:
    """An invalid file's problem: ``{"file", "line", "column", "message"}`` (0: unknown)."""
    return {"file": p.file, "line": p.line, "column": p.column, "message": p.message}


def _milestone_dict(c: MilestoneCheck) -> dict[str, Any]:
    r = c.result
    return {
        "id": r.milestone.id,
        "name": r.milestone.name,
        "status": r.status.value,
        "outcome": c.outcome,
        "tolerance": tolerance_dict(c.tolerance),
        "expected": None
        if r.expected is None
        else open_dict(r.knowledge.expected_text, r.expected),
        "deadline": interval_dict(r.knowledge.deadline),
        "slip": slip_dict(r.slip),
    }


def _plan_dict(p: PlanCheck) -> dict[str, Any]:
    return {
        "file": p.report.plan.file,
        "plan": p.report.plan.name,
        "as_of": p.report.as_of.isoformat(),
        "calendar": p.calendar,
        "tolerance": tolerance_dict(p.tolerance),
        "milestones": [_milestone_dict(c) for c in p.milestones],
    }


def check_dict(result: CheckResult) -> dict[str, Any]:
    """The whole document as plain data."""
    return {
        "version": FORMAT_VERSION,
        "exit_code": result.exit_code,
        "summary": {
            "plans": len(result.plans),
            "milestones": result.milestone_count,
            "breaches": len(result.breaches),
            "warnings": len(result.warnings),
            "accepted": len(result.accepted),
            "invalid_files": len(dict.fromkeys(p.file for p in result.problems)),
            "warnings_as_errors": result.warnings_as_errors,
            "text": result.summary(),
        },
        "findings": [f.to_dict() for f in result.findings],
        "problems": [problem_dict(p) for p in result.problems],
        "plans": [_plan_dict(p) for p in result.plans],
    }


def render_check_json(result: CheckResult) -> str:
    """Indented JSON with one trailing newline."""
    return for_json(json.dumps(check_dict(result), indent=2, ensure_ascii=False)) + "\n"
