"""Positions in a plan file: 1-based ``(line, column)`` of an offset, or of the
node at a key path in a composed YAML document."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["KeyPath", "Locator", "offset_position"]

KeyPath = tuple[Any, ...]  # keys and list indexes from the top of the document
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"

_Entry = tuple[yaml.Node, yaml.Node]  # (key node, value node)


def offset_position(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in raw bytes or decoded text."""
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1
    column = offset - (data.rfind(newline, 0, offset) + 1) + 1
    return line, column


def _merged(node: yaml.MappingNode) -> list[yaml.MappingNode]:
    """The mappings merged into ``node`` with ``<<``, in order."""
    out: list[yaml.MappingNode] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            out.extend(m for m in items if isinstance(m, yaml.MappingNode))
    return out


class Locator:
    """Finds the position of key paths in one composed document.

    Each mapping's keys are indexed once (merged keys included), by the text
    of the key as the loader built it (``0x1f`` as ``31``), so locating many
    problems stays linear in the size of the document.
    """

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root
        self._indexes: dict[int, dict[str, _Entry]] = {}
        self._constructor = yaml.constructor.SafeConstructor()

    def _key_text(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            return None
        if node.tag == _STR_TAG:
            return str(node.value)
        try:  # a number, boolean or null key: the data holds its value
            return str(self._constructor.construct_object(node, deep=True))
        except (yaml.YAMLError, ValueError, OverflowError):
            return str(node.value)

    def _index(self, node: yaml.MappingNode) -> dict[str, _Entry]:
        """``node``'s keys (its own first, then merged ones in order), built
        iteratively over the merge graph and kept."""
        indexes = self._indexes
        stack: list[tuple[yaml.MappingNode, bool]] = [(node, False)]
        on_path: set[int] = set()
        while stack:
            n, done = stack.pop()
            if id(n) in indexes:
                continue
            merged = _merged(n)
            if not done:
                on_path.add(id(n))
                stack.append((n, True))
                stack.extend((m, False) for m in merged if id(m) not in on_path)
                continue
            on_path.discard(id(n))
            own: dict[str, _Entry] = {}
            for k, v in n.value:
                if k.tag != _MERGE_TAG and (text := self._key_text(k)) is not None:
                    own[text] = (k, v)
            for m in merged:
                for text, entry in indexes.get(id(m), {}).items():
                    own.setdefault(text, entry)
            indexes[id(n)] = own
        return indexes[id(node)]

    def position(self, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]:
        """The 1-based ``(line, column)`` of the node at ``path``.

        Walks as far as the path exists; ``at_key`` points at the last key
        instead of its value.
        """
        if self.root is None:
            return (1, 1)
        node: yaml.Node = self.root
        mark = node.start_mark
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                hit = self._index(node).get(str(step))
                if hit is None:
                    break
                key_node, node = hit
                mark = key_node.start_mark if (last and at_key) else node.start_mark
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        return (mark.line + 1, mark.column + 1)
