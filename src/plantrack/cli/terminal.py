"""Whether stdout is a terminal as Rich decides it, without importing Rich.

Piped, ``plantrack slippage`` writes its table as plain lines
(:mod:`plantrack.render.table_plain`) instead of importing Rich's console to
capture them: it must take the same decision, at the same width, as the Rich
console it replaces (:func:`plantrack.cli._common.make_console`).
"""

from __future__ import annotations

import os
import sys

__all__ = ["plain_width"]


def plain_width(width: int | None) -> int | None:
    """The width Rich would lay stdout out at when it would print it as plain
    text (:func:`print_rich`: not a terminal), else None.  Rich's own rules
    (rich 13-15, ``Console.is_terminal`` and ``Console.size``): TTY_COMPATIBLE
    1 or 0, else FORCE_COLOR set means a terminal unless empty, else
    ``isatty()``; the width is ``width``, else COLUMNS (0: None, Rich lays
    out at 0 columns), else the first of stdin, stdout, stderr that is a
    terminal, else 80.  None on Windows (Rich's legacy console takes a
    column off)."""
    if sys.platform == "win32":
        return None
    tty = os.environ.get("TTY_COMPATIBLE", "")
    force = os.environ.get("FORCE_COLOR")
    if tty == "1" or (tty != "0" and force is not None and force != ""):
        return None
    if tty != "0" and force is None:
        try:
            if sys.stdout.isatty():
                return None
        except ValueError:  # a closed stdout: Rich takes it as no terminal
            pass
    if width is not None:
        return width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) or None
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80
