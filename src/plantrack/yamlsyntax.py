"""What a YAML error says: where a syntax error points (at the bracket that
was never closed, rather than where the parser gave up, often lines later),
and why a tagged value cannot be built."""

from __future__ import annotations

import yaml

__all__ = ["refused", "unclosed_flow"]

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


_EXPECTED = {  # tag -> (what it builds, what it expects)
    "bool": ("a boolean", "true or false"),
    "int": ("a whole number", "e.g. 42, 0x2a or 052"),
    "float": ("a number", "e.g. 1.5 or 1e3"),
    "timestamp": ("a date", "a day that exists, e.g. 2013-02-28"),
    "binary": ("binary data", "base64, e.g. aGVsbG8="),
    "map": ("a mapping", "key: value pairs"),
    "set": ("a set", "a mapping of keys, e.g. {a, b}"),
}


def refused(node: yaml.Node, exc: BaseException | None) -> str:
    """Why ``node`` cannot be built as its tag says: the tag, what was found,
    what the tag expects, and how to keep the value as text."""
    from plantrack.messages import quoted  # the error path only

    tag = str(node.tag)
    kind = tag.removeprefix("tag:yaml.org,2002:")
    short = f"!!{kind}" if kind != tag else tag
    if isinstance(node, yaml.ScalarNode):
        found = quoted(node.value)
    else:
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    what, expected = _EXPECTED.get(kind, (f"a {short} value", "a value of that type"))
    if isinstance(exc, OverflowError):
        expected = "a number within the range of floating-point numbers"
    return (
        f"{short} {found} is not {what} (expected {expected}; "
        "leave out the tag, or quote the value, to keep it as text)"
    )
