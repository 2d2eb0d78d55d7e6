"""``plantrack check --format sarif``: a SARIF 2.1.0 log for code scanning.

One run whose ``tool.driver`` lists every rule ``check`` can report (those
of :class:`~plantrack.check.Rule`, and ``invalid-plan`` for a file that could
not be read), then one result per finding and per invalid-file problem:
``level`` ``error`` for a breach or a problem, ``warning`` for a warning,
``note`` for an accepted finding, which also carries ``suppressions``
(``inSource``, justified by the waiver's reason) so code scanning closes it.

Locations are the plan file's path as ``check`` was given it: a relative path
is a URI reference against ``%SRCROOT%`` (the repository root, for a run from
the root with relative paths, as GitHub's upload-sarif expects); an absolute
path is a ``file:`` URI.  Either is percent-encoded from the path's bytes, so a
file name that is not UTF-8 still makes a valid URI.

``partialFingerprints`` carry the finding's fingerprint (the one of the JSON
and GitLab reports: SHA-256 of file path, milestone id and rule, never the
line), so code scanning keeps one alert per milestone and rule across runs.
Pure: returns the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any
from urllib.parse import quote

from plantrack import __version__
from plantrack.check import CheckResult, Finding, Rule, Severity
from plantrack.checktypes import problem_fingerprints
from plantrack.errors import Problem
from plantrack.render.check_json import dumps, item, listed

__all__ = [
    "FINGERPRINT_KEY",
    "INFORMATION_URI",
    "RULES",
    "SCHEMA_URI",
    "artifact_location",
    "document",
    "render_check_sarif",
    "result_item",
    "sarif_dict",
]

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/plantrack-cli/"
FINGERPRINT_KEY = "plantrackFindingHash/v1"
INVALID_PLAN = "invalid-plan"
LEVEL = {Severity.BREACH: "error", Severity.WARNING: "warning", Severity.ACCEPTED: "note"}

# rule id -> (default level, short description, full description / help text)
RULES: dict[str, tuple[str, str, str]] = {
    Rule.OVERDUE.value: (
        "error",
        "A milestone is overdue",
        "Past its planned date, not done, and no later forecast known: the slip runs up to "
        "the as-of date. A breach when even its nearest reading exceeds the tolerance, a "
        "warning when only its farthest reading does. Record the actual or a new forecast "
        "(plantrack record), or raise the milestone's tolerance once the delay is accepted.",
    ),
    Rule.SLIP.value: (
        "error",
        "A milestone slipped beyond its tolerance",
        "The latest forecast, or the actual, is later than planned by more than the "
        "milestone's tolerance (a warning when only possibly, for fuzzy dates). Raise the "
        "milestone's tolerance once the slip is accepted, or re-baseline its planned date.",
    ),
    Rule.DEADLINE.value: (
        "error",
        "A milestone will miss, or missed, its deadline",
        "The expected date (actual, else latest forecast, else planned) is, or may be, "
        "after the milestone's hard deadline; or the deadline has passed and it is not "
        "done. Tolerance does not apply to deadlines.",
    ),
    Rule.DUE_SOON.value: (
        "warning",
        "A milestone is due soon",
        "Only with --warn-within: not done, and due (its forecast, else planned date) or "
        "its deadline falls within the window. Always a warning.",
    ),
    Rule.WAIVER_EXPIRED.value: (
        "warning",
        "A waiver has expired",
        "A milestone's accepted: entry is past its until date: it no longer covers any "
        "finding. Renew it (a new until, with a reason) or remove it.",
    ),
    INVALID_PLAN: (
        "error",
        "A plan file is invalid",
        "The file could not be read or is not a valid plan (format, dates, references); "
        "its milestones were not checked. plantrack validate lists every problem.",
    ),
    Rule.KNOCK_ON.value: (
        "error",
        "A milestone's own date ignores the knock-on from its predecessors",
        "Its expected date ends before the date its predecessors (depends_on) imply: a "
        "breach; a warning when it only starts before it (fuzzy dates). Record a later "
        "forecast, or correct the dependency.",
    ),
}
RULE_INDEX = {rule: i for i, rule in enumerate(RULES)}


def artifact_location(path: str) -> dict[str, str]:
    """``{"uri": ..., "uriBaseId": "%SRCROOT%"}`` for a relative path, a
    ``file:`` URI for an absolute one; ``\\`` becomes ``/`` and the path's
    bytes (a non-UTF-8 name as its own bytes) are percent-encoded."""
    text = path.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    raw = text.encode("utf-8", errors="surrogateescape")
    if text.startswith("/"):
        return {"uri": "file://" + quote(raw, safe="/")}
    if len(text) > 1 and text[1] == ":":  # C:/plans/x.yaml
        return {"uri": "file:///" + quote(raw, safe="/:")}
    return {"uri": quote(raw, safe="/"), "uriBaseId": "%SRCROOT%"}


def _location(file: str, line: int, column: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(file)}
    if line >= 1:  # 0: unknown (an unreadable file, a plan built in Python)
        region = {"startLine": line}
        if column >= 1:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


def _rule(rule_id: str) -> dict[str, Any]:
    level, short, full = RULES[rule_id]
    return {
        "id": rule_id,
        "name": "".join(w.capitalize() for w in rule_id.split("-")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": full},
        "defaultConfiguration": {"level": level},
    }


def _finding(f: Finding) -> dict[str, Any]:
    out = {
        "ruleId": f.rule.value,
        "ruleIndex": RULE_INDEX[f.rule.value],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [_location(f.file, f.line, f.column)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"plan": f.plan, "milestone": f.milestone, "severity": f.severity.value},
    }
    if f.severity is Severity.ACCEPTED:
        out["suppressions"] = [{"kind": "inSource", "justification": f.acceptance}]
    return out


def _problems(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
    out = []
    prints = problem_fingerprints(problems, INVALID_PLAN)
    for p, print_ in zip(problems, prints, strict=True):
        out.append(
            {
                "ruleId": INVALID_PLAN,
                "ruleIndex": RULE_INDEX[INVALID_PLAN],
                "level": "error",
                "message": {"text": p.message},
                "locations": [_location(p.file, p.line, p.column)],
                "partialFingerprints": {FINGERPRINT_KEY: print_},
            }
        )
    return out


_RESULTS = "\0results\0"  # where the results go in the log's text
_ITEM = " " * 8  # the indent of a result


def result_item(f: Finding) -> str:
    """A finding's result, as a chunk of the log's results (see :func:`document`)."""
    return item(_finding(f), _ITEM)


def document(problems: tuple[Problem, ...], results: Iterable[str], count: int) -> Iterator[str]:
    """The log in chunks: the problems' results, then ``results`` (``count``
    chunks of :func:`result_item`) as they come; one trailing newline."""
    text = dumps(_log(_RESULTS))
    head, tail = text.split(dumps(_RESULTS))
    yield head
    problem_items = [item(p, _ITEM) for p in _problems(problems)]
    yield from listed(chain(problem_items, results), len(problem_items) + count, _ITEM[:-2])
    yield tail + "\n"


def sarif_dict(result: CheckResult) -> dict[str, Any]:
    """The whole log as plain data."""
    return _log([*_problems(result.problems), *(_finding(f) for f in result.findings)])


def _log(results: Any) -> dict[str, Any]:
    run = {
        "tool": {
            "driver": {
                "name": "plantrack",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(r) for r in RULES],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_check_sarif(result: CheckResult) -> str:
    """The SARIF log: indented JSON with one trailing newline."""
    findings = result.findings
    return "".join(document(result.problems, (result_item(f) for f in findings), len(findings)))
