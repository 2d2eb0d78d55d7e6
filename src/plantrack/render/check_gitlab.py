"""``plantrack check --format gitlab``: a GitLab Code Quality report (JSON).

Each finding and each invalid-file problem is an issue with ``description``,
``check_name``, ``fingerprint``, ``severity`` (an accepted finding: ``info``,
its description ending with the reason) and ``location``.  Fingerprints
hash the file path, the milestone id and the rule (for a problem, its message),
never line numbers, so GitLab's merge-request diff of reports stays stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from plantrack.check import CheckResult, Finding, Severity
from plantrack.checktypes import problem_fingerprints
from plantrack.errors import Problem
from plantrack.render.check_json import item, listed

__all__ = ["SEVERITY", "document", "issue_items", "render_check_gitlab"]

SEVERITY = {Severity.BREACH: "major", Severity.WARNING: "minor", Severity.ACCEPTED: "info"}
INVALID_SEVERITY = "blocker"


def _issue(
    *, description: str, check: str, print_: str, severity: str, path: str, line: int
) -> dict[str, Any]:
    return {
        "description": description,
        "check_name": check,
        "fingerprint": print_,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": max(line, 1)}},
    }


def _problem_issues(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    issues = []
    prints = problem_fingerprints(problems, "invalid-plan")
    for p, print_ in zip(problems, prints, strict=True):
        issues.append(
            _issue(
                description=p.message,
                check="plantrack/invalid-plan",
                print_=print_,
                severity=INVALID_SEVERITY,
                path=p.file,
                line=p.line,
            )
        )
    return issues


def issue_items(findings: Iterable[Finding]) -> str:
    """The findings' issues, as chunks of the report's list (see :func:`document`)."""
    return "".join(
        item(
            _issue(
                description=f"{f.message}; accepted: {f.acceptance}" if f.acceptance else f.message,
                check=f"plantrack/{f.rule.value}",
                print_=f.fingerprint,
                severity=SEVERITY[f.severity],
                path=f.file,
                line=f.line,
            ),
            "  ",
        )
        for f in findings
    )


def document(problems: Sequence[Problem], issues: Iterable[str], count: int) -> Iterator[str]:
    """The report in chunks: the problems' issues, then ``issues`` (``count``
    findings' :func:`issue_items`) as they come; one trailing newline."""
    problem_items = [item(i, "  ") for i in _problem_issues(problems)]
    yield from listed(chain(problem_items, issues), len(problem_items) + count, "")
    yield "\n"


def render_check_gitlab(result: CheckResult) -> str:
    """The report: a JSON list of issues, indented, one trailing newline."""
    findings = result.findings
    return "".join(document(result.problems, [issue_items(findings)], len(findings)))
