"""``plantrack check --format github``: GitHub Actions workflow commands.

Each breach becomes ``::error file=…,line=…,col=…,title=…::message`` and each
warning ``::warning …`` (an accepted finding ``::notice …``, with its
reason), escaped as GitHub's toolkit escapes them.  GitHub
annotates at most 10 errors and 10 warnings per step, so past that a notice
points to the job summary, where the Markdown report lists every finding.
"""

from __future__ import annotations

from plantrack.check import CheckResult, Finding, Severity
from plantrack.safetext import escape_github_data as escape_data
from plantrack.safetext import escape_github_property as escape_property
from plantrack.safetext import for_github_command, for_line

__all__ = ["ANNOTATION_LIMIT", "escape_data", "escape_property", "render_check_github"]

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


def render_check_github(result: CheckResult) -> str:
    """One workflow command per invalid-file problem and finding, then a summary line."""
    lines = [
        _command(
            "error",
            p.message,
            file=p.file,
            line=p.line,
            col=p.column,
            title="plantrack invalid plan",
        )
        for p in result.problems
    ]
    lines += [_finding(f) for f in result.findings]
    errors = len(result.problems) + len(result.breaches)
    warnings = len(result.warnings)
    if errors > ANNOTATION_LIMIT or warnings > ANNOTATION_LIMIT:
        lines.append(
            "::notice title=plantrack::"
            + escape_data(
                f"GitHub annotates only {ANNOTATION_LIMIT} errors and {ANNOTATION_LIMIT} warnings "
                f"per step; this log and the job summary list all {errors} errors "
                f"and {warnings} warnings"
            )
        )
    verdict = "OK" if result.exit_code == 0 else "FAILED"
    lines.append(for_line(f"plantrack check: {verdict}: {result.summary()}"))
    return "\n".join(lines) + "\n"
