"""JSON text in the layout of ``json.dumps(value, indent=2, ensure_ascii=False)``,
byte for byte, without Python's pure-Python indenting encoder.

``json.dumps`` with ``indent`` cannot use the C encoder (Python 3.11), and
walks every value through a chain of generators.  Here each mapping or list
whose values are all plain scalars is written in one ``join``, and strings go
through the C string escaper (``json.encoder.encode_basestring``): the same
text for any value ``json.dumps`` accepts, at a fraction of the cost.
:func:`indented` returns a list of pieces so that a caller can write a big
document piece by piece.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

__all__ = ["Hole", "indent", "indented", "indented_text", "scalar_text", "write_indented"]


def _float(value: float) -> str:
    """A float as ``json.dumps`` writes it (``allow_nan``: NaN, Infinity)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


# Exact types only: a subclass (an IntEnum, a str enum) takes the slow path,
# which writes it as json.dumps does.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: ("false", "true").__getitem__,
    type(None): "null".format,  # "null", whatever the argument
}
_DEEP = 64
_INDENTS: list[str] = ["\n" + "  " * depth for depth in range(_DEEP)]
_KEYS: dict[str, str] = {}  # '"key": ' for the keys seen, bounded by _MAX_KEYS
_MAX_KEYS = 4096


class Hole:
    """A value to be written later by the caller (:func:`indented` leaves
    ``(hole, depth)`` in its pieces where it meets one)."""


def _indent(depth: int) -> str:
    return _INDENTS[depth] if depth < _DEEP else "\n" + "  " * depth


def indent(depth: int) -> str:
    """A newline and the indentation of a value ``depth`` levels deep."""
    return _indent(depth)


def scalar_text(value: object) -> str:
    """A value that is not a mapping or list, as ``json.dumps`` writes it."""
    return _scalar(value)


def _key(key: object) -> str:
    """A mapping key and its colon, as ``json.dumps`` converts and writes it."""
    if type(key) is str:
        text = _KEYS.get(key)
        if text is None:
            text = encode_basestring(key) + ": "
            if len(_KEYS) < _MAX_KEYS:
                _KEYS[key] = text
        return text
    if isinstance(key, str):
        return encode_basestring(key) + ": "
    if key is True or key is False or key is None:
        return f'"{_scalar(key)}": '
    if isinstance(key, (int, float)):
        return f'"{_scalar(key)}": '
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _scalar(value: object) -> str:
    """A value that is not a mapping or list, as ``json.dumps`` writes it."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _write_dict(value: dict[Any, Any], depth: int, out: list[Any]) -> None:
    if not value:
        out.append("{}")
        return
    scalars, keys = _SCALARS, _KEYS  # keys.get(k) is only ever a str key's text
    inner = _INDENTS[depth + 1] if depth + 1 < _DEEP else _indent(depth + 1)
    outer = _INDENTS[depth] if depth < _DEEP else _indent(depth)
    try:  # the common case: every value a plain scalar, written in one join
        items = [(keys.get(k) or _key(k)) + scalars[type(v)](v) for k, v in value.items()]
    except KeyError:
        pass
    else:
        out.append("{" + inner + ("," + inner).join(items) + outer + "}")
        return
    sep = "{" + inner
    for k, v in value.items():
        write = scalars.get(type(v))
        if write is not None:
            out.append(sep + (keys.get(k) or _key(k)) + write(v))
        else:
            out.append(sep + (keys.get(k) or _key(k)))
            _write(v, depth + 1, out)
        sep = "," + inner
    out.append(outer + "}")


def _write_list(value: list[Any] | tuple[Any, ...], depth: int, out: list[Any]) -> None:
    if not value:
        out.append("[]")
        return
    scalars = _SCALARS
    inner = _indent(depth + 1)
    sep = "[" + inner
    for v in value:
        write = scalars.get(type(v))
        if write is not None:
            out.append(sep + write(v))
        else:
            out.append(sep)
            _write(v, depth + 1, out)
        sep = "," + inner
    out.append(_indent(depth) + "]")


def _write(value: object, depth: int, out: list[Any]) -> None:
    if isinstance(value, dict):
        _write_dict(value, depth, out)
    elif isinstance(value, (list, tuple)):
        _write_list(value, depth, out)
    elif isinstance(value, Hole):
        out.append((value, depth))
    else:
        out.append(_scalar(value))


def indented(value: object, depth: int = 0) -> list[str | tuple[Hole, int]]:
    """The pieces of ``value``'s JSON text, as if it stood ``depth`` levels deep
    in an ``indent=2`` document; a :class:`Hole` is left as ``(hole, depth)``."""
    out: list[str | tuple[Hole, int]] = []
    _write(value, depth, out)
    return out


def write_indented(out: list[str], value: object, depth: int = 0) -> None:
    """Append the pieces of ``value``'s text to ``out`` (``value`` holds no
    :class:`Hole`: its ``(hole, depth)`` would make ``"".join(out)`` fail)."""
    _write(value, depth, out)


def indented_text(value: object, depth: int = 0) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes
    it (continued lines indented ``depth`` levels more)."""
    out: list[str] = []
    write_indented(out, value, depth)
    return "".join(out)
