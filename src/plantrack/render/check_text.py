"""``plantrack check`` (text): one compiler-style line per finding, for people.

``path:line:col: error: message [rule]`` lines are what editors and terminals
turn into links; the last line is the verdict.
"""

from __future__ import annotations

from typing import Any

from plantrack.check import CheckResult, Severity

__all__ = ["render_check_text"]


def render_check_text(result: CheckResult) -> Any:
    """A Rich ``Text``: the findings, then the verdict and the counts."""
    from rich.text import Text

    text = Text()
    for f in result.findings:
        text.append(f"{f.file}:{f.line}:{f.column}", style="bold")
        if f.severity is Severity.BREACH:
            text.append(": error: ", style="bold red")
        else:
            text.append(": warning: ", style="bold yellow")
        text.append(f.message)
        text.append(f" [{f.rule.value}]\n", style="dim")
    if result.exit_code == 0:
        text.append("OK", style="bold green")
    else:
        text.append("FAILED", style="bold red")
    text.append(f": {result.summary()}")
    return text
