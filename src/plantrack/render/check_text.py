"""``plantrack check`` (text): one compiler-style line per finding, for people.

``path:line:col: error: message [rule]`` lines are what editors and terminals
turn into links; an accepted finding is a ``note:`` followed by a dimmed
``accepted: reason (until DATE)`` line; the last line is the verdict.
"""

from __future__ import annotations

from typing import Any

from plantrack.check import CheckResult, Severity
from plantrack.safetext import for_line, for_terminal

__all__ = ["render_check_text"]


def render_check_text(result: CheckResult) -> Any:
    """A Rich ``Text``: the findings, then the verdict and the counts (plan
    text escaped: a line starts with its file, shown by ``for_line``)."""
    from rich.text import Text

    text = Text()
    for f in result.findings:
        text.append(for_line(f"{f.file}:{f.line}:{f.column}"), style="bold")
        if f.severity is Severity.BREACH:
            text.append(": error: ", style="bold red")
        elif f.severity is Severity.ACCEPTED:
            text.append(": note: ", style="bold cyan")
        else:
            text.append(": warning: ", style="bold yellow")
        text.append(for_terminal(f.message))
        text.append(f" [{f.rule.value}]\n", style="dim")
        if f.severity is Severity.ACCEPTED:
            text.append(for_terminal(f"    accepted: {f.acceptance}") + "\n", style="dim")
    if result.exit_code == 0:
        text.append("OK", style="bold green")
    else:
        text.append("FAILED", style="bold red")
    text.append(": " + for_terminal(result.summary()))
    return text
