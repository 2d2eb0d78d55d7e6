"""``plantrack check`` (text): one compiler-style line per finding, for people.

``path:line:col: error: message [rule]`` lines are what editors and terminals
turn into links; an accepted finding is a ``note:`` followed by a dimmed
``accepted: reason (until DATE)`` line; the last line is the verdict.

Two forms of the same text: plain lines (:func:`findings_plain`,
:func:`verdict_plain`), for a pipe or a file, and a Rich ``Text`` with styles,
for a terminal; both can be rendered plan by plan, as plans are checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from plantrack.check import CheckResult, Finding, Severity
from plantrack.safetext import for_line, for_terminal

__all__ = [
    "findings_plain",
    "findings_text",
    "render_check_text",
    "verdict_plain",
    "verdict_text",
]

_KIND = {
    Severity.BREACH: (": error: ", "bold red"),
    Severity.ACCEPTED: (": note: ", "bold cyan"),
    Severity.WARNING: (": warning: ", "bold yellow"),
}


def _parts(f: Finding) -> list[tuple[str, str | None]]:
    """The finding's line(s) as (text, style) parts (plan text escaped)."""
    kind, style = _KIND[f.severity]
    parts: list[tuple[str, str | None]] = [
        (for_line(f"{f.file}:{f.line}:{f.column}"), "bold"),
        (kind, style),
        (for_terminal(f.message), None),
        (f" [{f.rule.value}]\n", "dim"),
    ]
    if f.severity is Severity.ACCEPTED:
        parts.append((for_terminal(f"    accepted: {f.acceptance}") + "\n", "dim"))
    return parts


def findings_plain(findings: Iterable[Finding]) -> str:
    """The findings' lines, plain."""
    return "".join(text for f in findings for text, _ in _parts(f))


def findings_text(findings: Iterable[Finding]) -> Any:
    """The findings' lines as a Rich ``Text``."""
    from rich.text import Text

    text = Text()
    for f in findings:
        for part, style in _parts(f):
            text.append(part, style=style)
    return text


def _verdict(exit_code: int, summary: str) -> list[tuple[str, str | None]]:
    word = ("OK", "bold green") if exit_code == 0 else ("FAILED", "bold red")
    return [word, (": " + for_terminal(summary), None)]


def verdict_plain(exit_code: int, summary: str) -> str:
    """``OK: …`` or ``FAILED: …`` and the summary, plain, no newline."""
    return "".join(text for text, _ in _verdict(exit_code, summary))


def verdict_text(exit_code: int, summary: str) -> Any:
    """The verdict line as a Rich ``Text``."""
    from rich.text import Text

    text = Text()
    for part, style in _verdict(exit_code, summary):
        text.append(part, style=style)
    return text


def render_check_text(result: CheckResult) -> Any:
    """A Rich ``Text``: the findings, then the verdict and the counts (plan
    text escaped: a line starts with its file, shown by ``for_line``)."""
    text = findings_text(result.findings)
    text.append_text(verdict_text(result.exit_code, result.summary()))
    return text
