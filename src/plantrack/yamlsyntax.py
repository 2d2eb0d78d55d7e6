"""Where a YAML syntax error points: at the bracket that was never closed,
rather than where the parser gave up (often lines later)."""

from __future__ import annotations

import yaml

__all__ = ["unclosed_flow"]

_FLOW_OPENERS = {"while parsing a flow mapping": "{", "while parsing a flow sequence": "["}


def unclosed_flow(exc: yaml.MarkedYAMLError, length: int) -> tuple[int, int, str] | None:
    """``(line, column, message)`` at the ``{`` or ``[`` that a syntax error
    shows was never closed, or None for any other error (``length``: the
    text's, to say when the parser reached the end of the file).

    The parser gives up where it first needs a ``,`` or the closing bracket,
    often lines later (or at the end of the file), and its context mark holds
    where the bracket opened: a user looks there.  An error on the bracket's own
    line (a missing comma) keeps its own position.
    """
    opener = _FLOW_OPENERS.get(exc.context or "")
    start, stop = exc.context_mark, exc.problem_mark
    if opener is None or start is None or stop is None or stop.line == start.line:
        return None
    closer = "}" if opener == "{" else "]"
    at_end = stop.index >= length or "stream end" in (exc.problem or "")
    where = "the end of the file" if at_end else f"line {stop.line + 1}, column {stop.column + 1}"
    return (
        start.line + 1,
        start.column + 1,
        f"YAML syntax error: this '{opener}' is not closed "
        f"(expected ',' or '{closer}' before {where})",
    )
