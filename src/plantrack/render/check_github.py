"""``plantrack check --format github``: GitHub Actions workflow commands.

Each breach becomes ``::error file=…,line=…,col=…,title=…::message`` and each
warning ``::warning …`` (an accepted finding ``::notice …``, with its
reason), escaped as GitHub's toolkit escapes them.  GitHub
annotates at most 10 errors and 10 warnings per step, so past that a notice
points to the job summary, where the Markdown report lists every finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from plantrack.check import CheckResult, Finding, Severity
from plantrack.checktypes import Tally
from plantrack.errors import Problem
from plantrack.safetext import escape_github_data as escape_data
from plantrack.safetext import escape_github_property as escape_property
from plantrack.safetext import for_github_command, for_line

__all__ = [
    "ANNOTATION_LIMIT",
    "escape_data",
    "escape_property",
    "findings_github",
    "problems_github",
    "render_check_github",
    "verdict_github",
]

ANNOTATION_LIMIT = 10  # per kind (error, warning), per step


def _command(kind: str, message: str, *, file: str, line: int, col: int, title: str) -> str:
    # Plan text (the file name, the message) has its controls escaped before
    # GitHub's own escaping: a newline in it is shown, and never ends the command.
    props = [f"file={for_github_command(file, prop=True)}"]
    if line:
        props.append(f"line={line}")
        if col:
            props.append(f"col={col}")
    props.append(f"title={for_github_command(title, prop=True)}")
    return f"::{kind} {','.join(props)}::{for_github_command(message)}"


def _finding(f: Finding) -> str:
    kind = "error" if f.severity is Severity.BREACH else "warning"
    message, title = f.message, f"plantrack {f.rule.value}"
    if f.severity is Severity.ACCEPTED:
        kind, message, title = "notice", f"{message}; accepted: {f.acceptance}", title + " accepted"
    return _command(kind, message, file=f.file, line=f.line, col=f.column, title=title)


def problems_github(problems: Sequence[Problem]) -> str:
    """One ``::error`` command per invalid-file problem (the output's first lines)."""
    return "".join(
        _command(
            "error",
            p.message,
            file=p.file,
            line=p.line,
            col=p.column,
            title="plantrack invalid plan",
        )
        + "\n"
        for p in problems
    )


def findings_github(findings: Iterable[Finding]) -> str:
    """One workflow command per finding (of a plan: rendered as it is checked)."""
    return "".join(_finding(f) + "\n" for f in findings)


def verdict_github(tally: Tally, problems: Sequence[Problem], *, warnings_as_errors: bool) -> str:
    """The last lines: the notice past the annotation limit, and the summary line."""
    lines = []
    errors = len(problems) + tally.breaches
    warnings = tally.warnings
    if errors > ANNOTATION_LIMIT or warnings > ANNOTATION_LIMIT:
        lines.append(
            "::notice title=plantrack::"
            + escape_data(
                f"GitHub annotates only {ANNOTATION_LIMIT} errors and {ANNOTATION_LIMIT} warnings "
                f"per step; this log and the job summary list all {errors} errors "
                f"and {warnings} warnings"
            )
        )
    verdict = "OK" if tally.exit_code(problems, warnings_as_errors) == 0 else "FAILED"
    lines.append(for_line(f"plantrack check: {verdict}: {tally.summary(problems)}"))
    return "\n".join(lines) + "\n"


def render_check_github(result: CheckResult) -> str:
    """One workflow command per invalid-file problem and finding, then a summary line."""
    return (
        problems_github(result.problems)
        + findings_github(result.findings)
        + verdict_github(
            Tally.of(result.plans), result.problems, warnings_as_errors=result.warnings_as_errors
        )
    )
