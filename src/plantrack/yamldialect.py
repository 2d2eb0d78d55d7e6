"""plantrack's YAML dialect and its limits, over PyYAML.

PyYAML's safe loader (libyaml's C parser when PyYAML has it) with four changes:
timestamps stay text (plantrack parses dates itself, with their precision),
only ``true``/``false`` are booleans (so ``notes: no`` is the word "no"),
``1:30`` is text, not the base-60 number 90 (as in YAML 1.2, and as the
editor's ruamel reads it), and a key given twice in one mapping is a problem
instead of silently keeping the last.  A value that a tag's constructor
refuses (``!!bool maybe``, ``!!timestamp 2013-02-30``) is a positioned problem.
Limits (docs/limits.md): nodes added by aliases, digits in an integer, nesting
depth (written, or reached through aliases).
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from plantrack.errors import PlanError, Problem
from plantrack.positions import offset_position
from plantrack.yamlsyntax import refused, unclosed_flow

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_INT_DIGITS",
    "MAX_NESTING",
    "TAG_MEMO_MAX",
    "TAG_MEMO_TEXT",
    "LimitError",
    "Parsed",
    "PlanLoader",
    "TagError",
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
_STR_TAG = "tag:yaml.org,2002:str"
# YAML 1.1's numbers without the base-60 forms (1:30, 1:30.5): those stay text.
_INT = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
)
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_DIGIT = re.compile(r"[0-9a-fA-F]")
_LEADING = re.compile(r"^[-+]?(?:0[bx])?[0_]*")
# What a tag's constructor may raise for a value it cannot read (a date that
# does not exist, a word that is no boolean, a base-60 float over the range).
_REFUSED = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError)

# PlanLoader.tag_memo holds at most TAG_MEMO_MAX texts of at most
# TAG_MEMO_TEXT characters.
TAG_MEMO_MAX = 65_536
TAG_MEMO_TEXT = 64

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if not tag.endswith(":timestamp")]
        replaced = {
            "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
            "tag:yaml.org,2002:int": _INT,
            "tag:yaml.org,2002:float": _FLOAT,
        }
        kept = [(tag, replaced.get(tag, rx)) for tag, rx in kept]
        if kept:
            table[first] = kept
    return table


class LimitError(yaml.constructor.ConstructorError):
    """Valid YAML that goes over one of the documented limits (docs/limits.md)."""


class TagError(yaml.constructor.ConstructorError):
    """A value that its tag cannot be built from (``!!bool maybe``)."""


class PlanLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text and records duplicate keys."""

    yaml_implicit_resolvers = _resolvers()
    tag_memo: ClassVar[dict[str, str]] = {}  # plain scalar text -> its tag (resolve)

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.key_problems: list[tuple[yaml.Mark, str]] = []
        # (line, column) of each item of the top-level milestones list: kept on
        # the fast path because the parser marks every node anyway.
        self.milestone_marks: list[tuple[int, int]] = []
        # Aliases need anchors: a file without "&name" skips the alias walk.
        self.has_anchors = "&" in stream and _ANCHOR.search(stream) is not None

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self.has_anchors:
            _check_aliases(node)
        self.milestone_marks = _milestone_marks(node)
        return self.construct_document(node)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node, as PyYAML resolves it; a plain scalar's tag
        depends on its text alone (this loader has no path resolvers), so the
        tags of short texts are remembered (keys, dates and words repeat)."""
        if kind is not yaml.ScalarNode or not implicit[0]:
            return str(super().resolve(kind, value, implicit))
        memo = self.tag_memo
        tag = memo.get(value)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(value) <= TAG_MEMO_TEXT and len(memo) < TAG_MEMO_MAX:
                memo[value] = tag
        return tag

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """As PyYAML builds it; a value the node's tag cannot be built from is
        a :class:`~yaml.constructor.ConstructorError` at the node."""
        try:
            return super().construct_object(node, deep=deep)
        except _REFUSED as exc:
            raise TagError(None, None, refused(node, exc), node.start_mark) from exc

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(node.value)
        # Digits written, leading zeros aside: checked before converting, so
        # no long text (``!!int 1:59:59:...``) costs quadratic time.
        lead = _LEADING.match(text)
        written = len(_DIGIT.findall(text, lead.end() if lead else 0))
        value: int = _INT_LIMIT if written > MAX_INT_DIGITS else super().construct_yaml_int(node)
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
        if not isinstance(node, yaml.MappingNode):  # !!map abc, !!set [a]
            raise TagError(None, None, refused(node, None), node.start_mark)
        fast = _text_mapping(node)
        if fast is not None:  # a text value is its node's text, as construct_yaml_str makes it
            construct = self.construct_object
            return {
                key: v.value
                if type(v) is yaml.ScalarNode and v.tag == _STR_TAG
                else construct(v, deep=deep)
                for key, v in fast
            }
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


def _text_mapping(node: yaml.MappingNode) -> list[tuple[str, yaml.Node]] | None:
    """``(key, value node)`` of a mapping whose keys are all plain text and
    all different (almost every mapping of a plan): such a key is the node's
    text, and no pair needs the duplicate-key pass; else None."""
    pairs = [
        (key_node.value, value_node)
        for key_node, value_node in node.value
        if type(key_node) is yaml.ScalarNode and key_node.tag == _STR_TAG
    ]
    if len(pairs) != len(node.value) or len({key for key, _ in pairs}) != len(pairs):
        return None
    return pairs


PlanLoader.add_constructor("tag:yaml.org,2002:map", PlanLoader.construct_yaml_map)
PlanLoader.add_constructor("tag:yaml.org,2002:int", PlanLoader.construct_yaml_int)


def _check_aliases(root: yaml.Node) -> None:
    """Refuse recursive aliases, alias expansion over MAX_ALIAS_NODES (billion
    laughs) and aliases that nest the document deeper than MAX_NESTING.

    Counts, without building anything, how many nodes the document would have
    with every alias expanded, and compares that with the nodes written; and
    how deep it would nest (the parser limits only the nesting written).
    """
    size: dict[int, int] = {}  # id(node) -> nodes once expanded (capped)
    depth: dict[int, int] = {}  # id(node) -> levels once expanded
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
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
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
    if depth[id(root)] > MAX_NESTING:
        node = _deepest_alias(root, depth, uses)
        raise LimitError(
            None,
            None,
            f"aliases nest the document deeper than {MAX_NESTING:,} levels "
            f"(limit on nesting depth; an alias to this anchor reaches "
            f"{depth[id(node)]:,} levels; see docs/limits.md)",
            node.start_mark,
        )
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


def _deepest_alias(
    root: yaml.Node, depth: dict[int, int], uses: dict[int, tuple[yaml.Node, int]]
) -> yaml.Node:
    """The first node reached through an alias on the document's deepest path."""
    node = root
    while id(node) not in uses:
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:  # pragma: no cover - a deep path always passes an alias
            return node
        node = max(children, key=lambda c: depth[id(c)])
    return node


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
        kind = "" if isinstance(exc, (LimitError, TagError)) else "YAML syntax error: "
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
