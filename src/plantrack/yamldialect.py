"""plantrack's YAML dialect and its limits, over PyYAML.

PyYAML's safe loader (libyaml's C parser when PyYAML has it) with three changes:
timestamps stay text (plantrack parses dates itself, with their precision),
only ``true``/``false`` are booleans (so ``notes: no`` is the word "no"), and a
key given twice in one mapping is a problem instead of silently keeping the
last.  Limits (docs/limits.md): nodes added by aliases, digits in an integer,
nesting depth.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from plantrack.errors import PlanError, Problem
from plantrack.positions import offset_position

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_INT_DIGITS",
    "MAX_NESTING",
    "LimitError",
    "Parsed",
    "PlanLoader",
    "compose",
    "gc_paused",
    "parse",
]

MAX_ALIAS_NODES = 1_000_000  # nodes that aliases may add; see docs/limits.md
MAX_INT_DIGITS = 1_000  # digits in a YAML integer
MAX_NESTING = 1_000  # libyaml's own limit on nesting depth
_INT_LIMIT = 10**MAX_INT_DIGITS
_ANCHOR = re.compile(r"(?<![^\s\[{,])&[^\s\[\]{},]")
_MERGE_TAG = "tag:yaml.org,2002:merge"

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if not tag.endswith(":timestamp")]
        kept = [
            (tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
            if tag.endswith(":bool")
            else (tag, rx)
            for tag, rx in kept
        ]
        if kept:
            table[first] = kept
    return table


class LimitError(yaml.constructor.ConstructorError):
    """Valid YAML that goes over one of the documented limits (docs/limits.md)."""


class PlanLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text and records duplicate keys."""

    yaml_implicit_resolvers = _resolvers()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.key_problems: list[tuple[yaml.Mark, str]] = []
        # (line, column) of each item of the top-level milestones list: kept on
        # the fast path because the parser marks every node anyway.
        self.milestone_marks: list[tuple[int, int]] = []
        # Aliases need anchors: a file without "&name" skips the alias walk.
        self.has_anchors = _ANCHOR.search(stream) is not None

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self.has_anchors:
            _check_aliases(node)
        self.milestone_marks = _milestone_marks(node)
        return self.construct_document(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            value: int = super().construct_yaml_int(node)
        except ValueError:  # Python refuses to convert over 4,300 decimal digits
            value = _INT_LIMIT
        if abs(value) >= _INT_LIMIT:
            raise LimitError(
                None,
                None,
                f"a number with more than {MAX_INT_DIGITS:,} digits "
                "(limit on the size of numbers; see docs/limits.md)",
                node.start_mark,
            )
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                self.key_problems.append(
                    (key_node.start_mark, "a mapping key must be text, not a list or mapping")
                )
                continue
            if duplicate:
                self.key_problems.append(
                    (key_node.start_mark, f"duplicate key {key!r} (each key may appear once)")
                )
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                continue
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


PlanLoader.add_constructor("tag:yaml.org,2002:map", PlanLoader.construct_yaml_map)
PlanLoader.add_constructor("tag:yaml.org,2002:int", PlanLoader.construct_yaml_int)


def _check_aliases(root: yaml.Node) -> None:
    """Refuse recursive aliases and alias expansion over MAX_ALIAS_NODES (billion laughs).

    Counts, without building anything, how many nodes the document would have
    with every alias expanded, and compares that with the nodes written.
    """
    size: dict[int, int] = {}  # id(node) -> nodes once expanded (capped)
    uses: dict[int, tuple[yaml.Node, int]] = {}  # id -> (node, times reached again)
    on_path: set[int] = set()
    cap = MAX_ALIAS_NODES + 1
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_path.discard(key)
            size[key] = min(cap * 2, 1 + sum(size[id(c)] for c in children))
            continue
        if key in size:
            uses[key] = (node, uses.get(key, (node, 0))[1] + 1)
            continue
        if key in on_path:
            raise LimitError(
                None,
                None,
                "a recursive alias: this anchor's node contains an alias to itself "
                "(plans cannot be recursive; see docs/limits.md)",
                node.start_mark,
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children)
    if size[id(root)] - len(size) <= MAX_ALIAS_NODES:
        return
    node, count = max(uses.values(), key=lambda u: size[id(u[0])] * u[1])
    raise LimitError(
        None,
        None,
        f"aliases expand the document by more than {MAX_ALIAS_NODES:,} nodes "
        f"(limit on alias expansion; this anchor is used {count + 1:,} times; "
        "see docs/limits.md)",
        node.start_mark,
    )


def _milestone_marks(root: yaml.Node) -> list[tuple[int, int]]:
    """1-based ``(line, column)`` of each item of the top-level ``milestones`` list."""
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == "milestones" and isinstance(value_node, yaml.SequenceNode):
                return [(n.start_mark.line + 1, n.start_mark.column + 1) for n in value_node.value]
    return []


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading builds millions of small
    objects and no reference cycles to free, and the collector would walk them
    again and again (3-5x the load time on big plans)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (for positions); ``text`` has loaded before."""
    with gc_paused():
        return yaml.compose(text, Loader=PlanLoader)


@dataclass
class Parsed:
    """A plan's YAML as plain Python data, with what the parser saw on the way."""

    data: Any
    milestone_marks: list[tuple[int, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # duplicate and unhashable keys


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


def parse(text: str, file: str) -> Parsed:
    """Parse ``text`` in plantrack's dialect; raises :class:`PlanError` (with
    the position) when it is not YAML or goes over a limit."""
    try:
        loader = PlanLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if (unclosed := unclosed_flow(exc, len(text))) is not None:
            raise PlanError([Problem(file, *unclosed)]) from exc
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        kind = "" if isinstance(exc, LimitError) else "YAML syntax error: "
        if "maximum nesting depth" in problem:
            problem += f" (limit: {MAX_NESTING:,} levels; see docs/limits.md)"
        context = f" {exc.context}" if exc.context else ""
        raise PlanError([Problem(file, line, column, f"{kind}{problem}{context}")]) from exc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line, column = offset_position(text, exc.position)
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise PlanError(
            [
                Problem(
                    file,
                    line,
                    column,
                    f"not YAML text: character {char} is not allowed "
                    "(expected printable text; control characters must be escaped)",
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise PlanError([Problem(file, 1, 1, f"YAML error: {exc}")]) from exc
    except RecursionError as exc:
        message = f"YAML nesting is too deep (limit: {MAX_NESTING:,} levels; see docs/limits.md)"
        raise PlanError([Problem(file, 1, 1, message)]) from exc
    problems = [
        Problem(file, mark.line + 1, mark.column + 1, message)
        for mark, message in loader.key_problems
    ]
    return Parsed(data, loader.milestone_marks, problems)
