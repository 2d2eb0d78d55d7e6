"""``plantrack check --format gitlab``: a GitLab Code Quality report (JSON).

Each finding and each invalid-file problem is an issue with ``description``,
``check_name``, ``fingerprint``, ``severity`` (an accepted finding: ``info``,
its description ending with the reason) and ``location``.  Fingerprints
hash the file path, the milestone id and the rule (for a problem, its message),
never line numbers, so GitLab's merge-request diff of reports stays stable.
"""

from __future__ import annotations

import json
from typing import Any

from plantrack.check import CheckResult, Severity, fingerprint
from plantrack.safetext import for_json

__all__ = ["SEVERITY", "render_check_gitlab"]

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


def render_check_gitlab(result: CheckResult) -> str:
    """The report: a JSON list of issues, indented, one trailing newline."""
    issues = []
    seen: dict[tuple[str, str], int] = {}
    for p in result.problems:
        # Two identical messages in one file: number the second, to keep prints unique.
        n = seen[p.file, p.message] = seen.get((p.file, p.message), -1) + 1
        key = p.message if n == 0 else f"{p.message}\0{n}"
        issues.append(
            _issue(
                description=p.message,
                check="plantrack/invalid-plan",
                print_=fingerprint(p.file, key, "invalid-plan"),
                severity=INVALID_SEVERITY,
                path=p.file,
                line=p.line,
            )
        )
    issues += [
        _issue(
            description=f"{f.message}; accepted: {f.acceptance}" if f.acceptance else f.message,
            check=f"plantrack/{f.rule.value}",
            print_=f.fingerprint,
            severity=SEVERITY[f.severity],
            path=f.file,
            line=f.line,
        )
        for f in result.findings
    ]
    return for_json(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
