"""The new lines of an edit: ruamel.yaml renders each ``key: value`` line
(through its public ``dump``), and PyYAML, the YAML 1.1 reader the loader
uses, reads it back.  When PyYAML would read anything else than the value
given (``1:30`` is a number to it, a NEL a line break), the value is quoted:
single quotes, else double quotes with escapes.  So a character the user
gave is never turned into another.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
from typing import Any, TypeAlias

import yaml

from plantrack.files import WriteError

__all__ = ["Item", "Lines", "Renderer", "Scalar", "date_value", "renderer"]

Scalar: TypeAlias = "str | int | _dt.date"
Item: TypeAlias = "list[tuple[str, Scalar | Item | None]]"
Lines: TypeAlias = "list[str]"

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"[1-9]\d{3}")
_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")  # line breaks to YAML 1.1: one line only


def date_value(text: str) -> Scalar:
    """A date as YAML writes it plainly: ``2014-02-07`` as a date, ``2013`` as a year."""
    if _ISO_DAY.fullmatch(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            return text
    if _YEAR.fullmatch(text):
        return int(text)
    return text


def _reads_back(line: str, key: str, value: Scalar | None) -> bool:
    try:
        loaded = yaml.load(line, Loader=yaml.SafeLoader)
    except Exception:  # any failure to read it back means: quote it
        return False
    if not isinstance(loaded, dict) or list(loaded) != [key]:
        return False
    got = loaded[key]
    return type(got) is type(value) and got == value


class Renderer:
    """Renders ``key: value`` lines as YAML a person would write them."""

    def __init__(self) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

        self._yaml = YAML(typ="rt")
        self._yaml.width = 1_000_000  # never fold a long line
        self._yaml.allow_unicode = True
        self._map = CommentedMap
        self._quotes = (SingleQuotedScalarString, DoubleQuotedScalarString)

    def _dump(self, key: Any, value: Any) -> str | None:
        m = self._map()
        m[key] = value
        out = io.StringIO()
        self._yaml.dump(m, out)
        text = out.getvalue()[:-1]
        return None if _BREAKS.search(text) else text

    def _forms(self, value: Scalar | None) -> list[Any]:
        if isinstance(value, str):
            return [value, *(quote(value) for quote in self._quotes)]
        return [value]

    def parts(self, key: str, value: Scalar | None) -> tuple[str, str]:
        """``(key text, value text)`` of the line ``key: value``."""
        for key_form in self._forms(key):
            for value_form in self._forms(value):
                line = self._dump(key_form, value_form)
                if line is not None and _reads_back(line, key, value):
                    key_text = self._dump(key_form, None)
                    assert key_text is not None and key_text.endswith(":")
                    return key_text[:-1], line[len(key_text) :].lstrip(" ")
        raise WriteError(f"cannot write {key!r}: {value!r} as one line of YAML")

    def pair(self, key: str, value: Scalar | None) -> str:
        """The line ``key: value`` (``key:`` for ``None``)."""
        key_text, value_text = self.parts(key, value)
        return f"{key_text}: {value_text}" if value_text else f"{key_text}:"

    def value(self, key: str, value: Scalar) -> str:
        """The text of ``value`` as it follows ``key:``."""
        return self.parts(key, value)[1]

    def block(self, pairs: Item, column: int, step: int) -> Lines:
        """Lines of a block mapping at ``column``; nested ones ``step`` further in."""
        lines: Lines = []
        for key, value in pairs:
            if isinstance(value, list):
                lines.append(" " * column + self.pair(key, None))
                lines += self.block(value, column + step, step)
            else:
                lines.append(" " * column + self.pair(key, value))
        return lines

    def item(self, pairs: Item, dash: int, content: int, step: int) -> Lines:
        """Lines of a block list item: the dash at ``dash``, keys at ``content``."""
        lines = self.block(pairs, content, step)
        lines[0] = " " * dash + "-" + " " * (content - dash - 1) + lines[0][content:]
        return lines


@functools.cache
def renderer() -> Renderer:
    """The one renderer (importing ruamel.yaml takes a while: once)."""
    return Renderer()
