"""Where things are in a plan's text, for edits made as text insertions.

The text is composed with PyYAML (the YAML 1.1 reader the loader uses), so a
node here is the node the loader read.  Positions are character offsets into
the text, which keeps the file's own line endings; lines end at ``\\n``.

Also here: whether a node is *shared* (reached more than once through an
alias, or merged in with ``<<``), since editing a shared node in place would
change every place that uses it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import yaml

from plantrack.yamldialect import compose

__all__ = [
    "Places",
    "Shared",
    "content_end",
    "eol_at",
    "indentation",
    "line_after",
    "trailing",
]

MERGE_TAG = "tag:yaml.org,2002:merge"
_ANCHOR_NAME = re.compile(r"&([^\s\[\]{},]+)")


def line_after(text: str, offset: int) -> int:
    """The offset where the line after the one holding ``offset`` starts (or
    the end of the text); ``offset`` itself when a line starts there."""
    if offset == 0 or text[offset - 1] == "\n":
        return offset
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def eol_at(text: str, offset: int) -> str:
    """The line ending of the line that ends just before ``offset`` (else the
    file's first, else ``\\n``): inserted lines end like their neighbour."""
    if offset >= 1 and text[offset - 1] == "\n":
        return "\r\n" if text[max(0, offset - 2) : offset] == "\r\n" else "\n"
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _line(text: str, at: int) -> str:
    """The line starting at ``at``, with its ending ("" at the end of the text)."""
    end = text.find("\n", at)
    return text[at : len(text) if end < 0 else end + 1]


def _is_blank(line: str) -> bool:
    return line.strip(" \t\r\n") == ""


def _block_scalar_end(text: str, node: yaml.ScalarNode) -> int:
    """A block scalar's marks take in the blank lines after it; unless they
    are part of its value (``|+``, ``>+``), its content ends before them."""
    start, end = node.start_mark.index, node.end_mark.index
    header = text[start : line_after(text, start + 1)]
    if "+" in header.split("#", 1)[0]:
        return line_after(text, end)
    while end > start:
        previous = text.rfind("\n", start, end - 1) + 1
        if previous <= start or not _is_blank(text[previous:end]):
            break
        end = previous
    return line_after(text, end)


def content_end(text: str, node: yaml.Node) -> tuple[int, int]:
    """``(offset, column)``: where the line after the last line of ``node``'s
    content starts, and the column of the last key on the way to that content
    (comments indented at least this far belong to the node)."""
    column = node.start_mark.column
    while isinstance(node, yaml.CollectionNode) and node.flow_style is not True and node.value:
        if isinstance(node, yaml.MappingNode):
            key, node = node.value[-1]
            column = key.start_mark.column
        else:
            node = node.value[-1]
            column = node.start_mark.column
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return _block_scalar_end(text, node), column
    return line_after(text, node.end_mark.index), column


@dataclass(frozen=True, slots=True)
class Trailing:
    """What follows a node: ``at`` is where a new sibling goes (after the
    comments indented into the node); ``blank``: a blank line is there;
    ``more``: blank or comment lines are there (before the next content)."""

    at: int
    blank: bool
    more: bool
    blank_right_after: bool


def trailing(text: str, node: yaml.Node) -> Trailing:
    """Where a sibling inserted after ``node`` goes, and what stands there."""
    end, column = content_end(text, node)
    at = end
    while at < len(text):
        line = _line(text, at)
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) < column:
            break
        at += len(line)
    line = _line(text, at)
    blank = at < len(text) and _is_blank(line)
    more = blank or line.lstrip(" ").startswith("#")
    return Trailing(at, blank, more, end < len(text) and _is_blank(_line(text, end)))


def indentation(text: str) -> tuple[int, int, int]:
    """``(mapping, sequence, offset)`` read off the file, for new nested blocks.

    ``mapping`` is how far a nested key stands in from its parent key,
    ``offset`` how far a block sequence's dash does, ``sequence`` where the
    item's content starts.  Defaults: 2, 4, 2.
    """
    lines = [
        (len(raw) - len(raw.lstrip(" ")), raw.strip())
        for raw in text.splitlines()
        if raw.strip() and not raw.lstrip().startswith("#")
    ]
    mapping = sequence = offset = None
    for (i, this), (j, nxt) in itertools.pairwise(lines):
        if not this.endswith(":") or this.startswith("- "):
            continue
        if nxt.startswith("- ") and offset is None:
            offset = j - i
            after = nxt[1:]
            sequence = offset + 1 + len(after) - len(after.lstrip(" "))
        elif not nxt.startswith("- ") and j > i and mapping is None:
            mapping = j - i
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    sequence = max(sequence or offset + 2, offset + 2)
    return mapping, sequence, offset


@dataclass(frozen=True, slots=True)
class Shared:
    """A node reached more than once: its anchor's name and 1-based line."""

    anchor: str
    line: int
    merged: bool  # reached through a merge key (<<)


class Places:
    """The composed document, with how often each node is reached."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.root: yaml.Node | None = compose(text)  # the loader's own reader
        self._uses: dict[int, int] = {}
        stack = [self.root] if self.root is not None else []
        while stack:
            node = stack.pop()
            for child in _children(node):
                seen = self._uses.get(id(child), 0)
                self._uses[id(child)] = seen + 1
                if not seen:
                    stack.append(child)

    def shared(self, node: yaml.Node, *, merged: bool = False) -> Shared | None:
        """How ``node`` is shared, or ``None`` when it is reached once."""
        if self._uses.get(id(node), 0) <= 1 and not merged:
            return None
        found = _ANCHOR_NAME.match(self.text, node.start_mark.index)
        name = found.group(1) if found else "?"
        return Shared(name, node.start_mark.line + 1, merged)

    @staticmethod
    def own(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The key and value nodes of ``key`` written in ``mapping`` itself."""
        for key_node, value_node in mapping.value:
            is_key = key_node.tag != MERGE_TAG and isinstance(key_node, yaml.ScalarNode)
            if is_key and key_node.value == key:
                return key_node, value_node
        return None

    def merged(
        self, mapping: yaml.MappingNode, key: str
    ) -> tuple[yaml.Node, yaml.MappingNode] | None:
        """``(merge key node, merged mapping)`` when ``key`` of ``mapping``
        comes from a merge key (``<<: *base``) instead of the mapping itself."""
        for key_node, value_node in mapping.value:
            if key_node.tag != MERGE_TAG:
                continue
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for source in sources:
                if isinstance(source, yaml.MappingNode) and (
                    self.own(source, key) or self.merged(source, key)
                ):
                    return key_node, source
        return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []
