"""``plantrack check --format json``: the documented contract (docs/ci.md, "JSON output").

Stable: keys are only ever added, never renamed or removed.

The document is written as ``json.dumps(..., indent=2, ensure_ascii=False)``
writes it, byte for byte (:func:`dumps`, which encodes strings with the C
encoder: Python's indenting encoder is pure Python), and can be streamed: each
finding and each plan is rendered as soon as its plan is checked
(:func:`finding_item`, :func:`plan_item`) and the document assembled from
those items after the head (:func:`document`), so that the plans need not be
kept until the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from plantrack.check import CheckResult, Finding, MilestoneCheck, PlanCheck, tolerance_text
from plantrack.checktypes import Tally
from plantrack.durations import Duration
from plantrack.errors import Problem
from plantrack.render.json import interval_dict, open_dict, slip_dict
from plantrack.render.jsonlayout import indented_text
from plantrack.safetext import for_json

__all__ = [
    "FORMAT_VERSION",
    "check_dict",
    "document",
    "dumps",
    "finding_item",
    "item",
    "listed",
    "plan_item",
    "problem_dict",
    "render_check_json",
    "tolerance_dict",
]

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


_ITEM = "    "  # the indent of an item of the document's top-level lists


def dumps(o: Any, indent: str = "") -> str:
    """``json.dumps(o, indent=2, ensure_ascii=False)`` for plain data, its lines
    after the first indented by ``indent`` (the one writer of that layout:
    :mod:`plantrack.render.jsonlayout`)."""
    return indented_text(o, len(indent) // 2)


def item(o: Any, indent: str) -> str:
    """``o`` as an item of a list whose items are at ``indent`` (JSON-safe), after
    its separator: ``,`` and a newline (:func:`listed` makes the first ``[``)."""
    return ",\n" + indent + for_json(dumps(o, indent))


def listed(items: Iterable[str], count: int, indent: str) -> Iterator[str]:
    """The list of ``count`` :func:`item` chunks (in pieces as they come),
    closed at ``indent``: ``[]`` when empty."""
    if not count:
        yield "[]"
        return
    opened = False
    for chunk in items:
        if not opened and chunk:
            chunk, opened = "[" + chunk[1:], True
        yield chunk
    yield "\n" + indent + "]"


def finding_item(f: Finding, *, first: bool) -> str:
    """A finding as an item of the document's ``findings`` list (JSON-safe),
    after its separator (``[`` for the ``first``, else ``,``)."""
    return ("[\n" if first else ",\n") + _ITEM + for_json(dumps(f.to_dict(), _ITEM))


def plan_item(p: PlanCheck, *, first: bool) -> str:
    """A plan as an item of the document's ``plans`` list, as :func:`finding_item`."""
    return ("[\n" if first else ",\n") + _ITEM + for_json(dumps(_plan_dict(p), _ITEM))


def _head(tally: Tally, problems: Sequence[Problem], warnings_as_errors: bool) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "exit_code": tally.exit_code(problems, warnings_as_errors),
        "summary": {
            "plans": tally.plans,
            "milestones": tally.milestones,
            "breaches": tally.breaches,
            "warnings": tally.warnings,
            "accepted": tally.accepted,
            "invalid_files": len(dict.fromkeys(p.file for p in problems)),
            "warnings_as_errors": warnings_as_errors,
            "text": tally.summary(problems),
        },
    }


def _items(items: Iterable[str], count: int) -> Iterator[str]:
    if not count:
        yield "[]"
        return
    yield from items
    yield "\n  ]"


def document(
    tally: Tally,
    problems: Sequence[Problem],
    *,
    warnings_as_errors: bool,
    findings: Iterable[str],
    plans: Iterable[str],
) -> Iterator[str]:
    """The document in chunks: the head from ``tally`` and ``problems``, then
    the ``findings`` and ``plans`` items (:func:`finding_item`, :func:`plan_item`:
    as many as ``tally`` counts) as they come; one trailing newline."""
    head = dumps(_head(tally, problems, warnings_as_errors))
    yield for_json(head.removesuffix("\n}")) + ',\n  "findings": '
    yield from _items(findings, tally.breaches + tally.warnings + tally.accepted)
    yield ',\n  "problems": '
    yield for_json(dumps([problem_dict(p) for p in problems], "  "))
    yield ',\n  "plans": '
    yield from _items(plans, tally.plans)
    yield "\n}\n"


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
    return "".join(
        document(
            Tally.of(result.plans),
            result.problems,
            warnings_as_errors=result.warnings_as_errors,
            findings=(finding_item(f, first=i == 0) for i, f in enumerate(result.findings)),
            plans=(plan_item(p, first=i == 0) for i, p in enumerate(result.plans)),
        )
    )
