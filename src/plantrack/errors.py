"""The exceptions plantrack raises.  The core raises; only the CLI prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.safetext import for_line

__all__ = ["PlanError", "PlantrackError", "Problem"]


class PlantrackError(Exception):
    """Base of every error plantrack raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, at a position (1-based; 0 when unknown)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        """``path:line:col: error: message`` on one line, plan text escaped
        (:func:`plantrack.safetext.for_line`): safe for a terminal or a CI log."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return for_line(f"{where}: error: {self.message}")


class PlanError(PlantrackError):
    """A plan file that cannot be used, with every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
