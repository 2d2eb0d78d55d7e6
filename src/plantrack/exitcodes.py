"""The exit codes plantrack documents (README, "Exit codes"), in one place.

The core decides which applies (``CheckResult.exit_code``); only the CLI exits.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """What a run of plantrack ended with."""

    OK = 0
    """Success: nothing failed (for ``check``, no breach)."""
    CHECK_FAILED = 1
    """A gate failed: a breach in ``check``, a later date in ``diff --fail-on-slip``."""
    BAD_INPUT = 2
    """Bad input or usage: an invalid plan or option (wins over CHECK_FAILED)."""
    INTERNAL_ERROR = 3
    """Internal error: a bug in plantrack."""
    INTERRUPTED = 130
    """Interrupted (Ctrl-C, SIGINT): 128 + 2, as shells report it; never 1,
    which a CI job would read as a breach."""
