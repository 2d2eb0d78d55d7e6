"""Edit plan files in place, losing nothing: comments, key order, quoting, blank lines.

Edits go through ruamel.yaml's round-trip mode (imported only here, when a
plan is written), with the file's own indentation.  Every edit is then held
to three promises before anything is written:

1. **Nothing else changes.**  The new text is compared line by line with the
   old: only inserted lines, and the lines of a value the edit replaces, may
   differ.  Should the YAML library ever reformat anything else, the edit is
   refused instead of written.
2. **The result is a valid plan**, checked with
   :func:`plantrack.loader.load_plan_text`.
3. **The write is atomic**: a temporary file in the same folder, flushed to
   disk, then ``os.replace``; a failure at any step leaves the original as it was.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import io
import itertools
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack import files
from plantrack.errors import PlanError, PlantrackError, Problem
from plantrack.loader import load_plan_text

__all__ = [
    "Edit",
    "EditError",
    "add_forecast",
    "add_milestone",
    "add_source",
    "edit_plan",
    "set_actual",
    "write_atomic",
]

_FORECAST_ORDER = ("reported", "date", "source", "note")
_MILESTONE_ORDER = ("id", "name", "planned", "source", "notes")
_SOURCE_ORDER = ("title", "publisher", "date", "url", "note")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"[1-9]\d{3}")


class EditError(PlantrackError):
    """An edit that was refused; the file was left as it was."""


@dataclass(frozen=True, slots=True)
class Edit:
    """The text of a plan before and after an edit."""

    file: str
    old: str
    new: str

    def diff(self) -> str:
        """A unified diff from the old text to the new (empty when equal)."""
        lines = difflib.unified_diff(
            self.old.splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            fromfile=f"{self.file} (before)",
            tofile=f"{self.file} (after)",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


# -- YAML round trip -----------------------------------------------------------


def _indentation(text: str) -> tuple[int, int, int]:
    """``(mapping, sequence, offset)`` as ruamel.yaml wants them, read off the file.

    ``offset`` is how far a block sequence's dash stands in from its parent
    key, ``sequence`` where the item's content starts.  Defaults: 2, 4, 2.
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


def _yaml(text: str) -> Any:
    try:
        from ruamel.yaml import YAML
    except ImportError as exc:  # pragma: no cover - a base dependency
        raise EditError("writing plans needs ruamel.yaml: pip install ruamel.yaml") from exc
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _scalar(text: str) -> Any:
    """A date as YAML writes it plainly: ``2014-02-07`` as a date, ``2013`` as a year."""
    if _ISO_DAY.fullmatch(text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            return text
    if _YEAR.fullmatch(text):
        return int(text)
    return text


def _new_map(values: Mapping[str, Any], order: tuple[str, ...]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    m = CommentedMap()
    for key in order:
        if values.get(key) is not None:
            m[key] = values[key]
    return m


def _line_of_value(node: Any, key: str) -> int | None:
    try:
        line = node.lc.value(key)[0]
    except (AttributeError, KeyError, TypeError):
        return None
    return int(line)


# -- the edits -----------------------------------------------------------------

Op = Callable[[Any, str], set[int]]  # edits the document; returns old lines it may change


def _root(data: Any, file: str) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(data, CommentedMap):
        raise EditError(f"{file}: not a plan (expected a mapping at the top)")
    return data


def _milestones(data: Any, file: str) -> Any:
    milestones = _root(data, file).get("milestones")
    if milestones is None:
        return []
    if not isinstance(milestones, list):
        raise EditError(f"{file}: the plan has no milestones list")
    return milestones


def _find_milestone(data: Any, file: str, milestone_id: str) -> Any:
    milestones = _milestones(data, file)
    for m in milestones:
        if isinstance(m, Mapping) and str(m.get("id")) == milestone_id:
            return m
    known = ", ".join(str(m.get("id")) for m in milestones if isinstance(m, Mapping)) or "none"
    raise EditError(f"{file}: no milestone {milestone_id!r} (milestones: {known})")


def _container(
    mapping: Any, key: str, *, seq: bool, after: tuple[str, ...]
) -> tuple[Any, set[int]]:
    """The list (``seq``) or mapping under ``key``, made when missing, empty
    (``[]``, ``{}``) or null; and the old line the edit may then change."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    fresh = CommentedSeq() if seq else CommentedMap()
    if key not in mapping:
        _insert_after(mapping, key, fresh, after)
        return fresh, set()
    current = mapping[key]
    if current is None or (isinstance(current, (CommentedSeq, CommentedMap)) and not current):
        line = mapping.lc.key(key)[0]
        mapping[key] = fresh
        return fresh, {int(line)}
    return current, set()


def _insert_after(mapping: Any, key: str, value: Any, after: tuple[str, ...]) -> None:
    """Insert ``key`` after the last of the keys ``after`` present, else at the end."""
    keys = list(mapping)
    positions = [keys.index(k) + 1 for k in after if k in mapping]
    mapping.insert(max(positions) if positions else len(keys), key, value)


def add_forecast(
    *,
    milestone_id: str,
    date: str,
    reported: str,
    source: str | None = None,
    note: str | None = None,
) -> Op:
    """An edit that appends a forecast to the milestone ``milestone_id``."""

    def op(data: Any, file: str) -> set[int]:
        m = _find_milestone(data, file, milestone_id)
        values = {"reported": _scalar(reported), "date": _scalar(date)}
        values |= {"source": source, "note": note}
        forecasts, allowed = _container(m, "forecasts", seq=True, after=("id", "name", "planned"))
        order = _FORECAST_ORDER
        if isinstance(forecasts, list) and forecasts and isinstance(forecasts[-1], Mapping):
            seen = tuple(k for k in forecasts[-1] if k in _FORECAST_ORDER)
            order = seen + tuple(k for k in _FORECAST_ORDER if k not in seen)
        item = _new_map(values, order)
        if not isinstance(forecasts, list):
            raise EditError(f"{file}: milestone {milestone_id!r}: 'forecasts' is not a list")
        forecasts.append(item)
        _carry_trailing(forecasts)
        return allowed

    return op


def set_actual(
    *, milestone_id: str, date: str, source: str | None = None, replace: bool = False
) -> Op:
    """An edit that sets the actual date of ``milestone_id`` (refused when it has
    one already, unless ``replace``)."""

    def op(data: Any, file: str) -> set[int]:
        m = _find_milestone(data, file, milestone_id)
        value = _scalar(date)
        current = m.get("actual")
        if current is not None and not replace:
            shown = current.get("date") if isinstance(current, Mapping) else current
            raise EditError(
                f"{file}: milestone {milestone_id!r} already has an actual date ({shown}); "
                "use --replace to change it"
            )
        if isinstance(current, MutableMapping):
            lines = {line for k in ("date", "source") if (line := _line_of_value(current, k))}
            current["date"] = value
            if source is not None:
                current["source"] = source
            return lines
        if current is not None:
            line = _line_of_value(m, "actual")
            if source is not None:
                m["actual"] = _new_map({"date": value, "source": source}, ("date", "source"))
            else:
                m["actual"] = value
            return {line} if line is not None else set()
        new = (
            value
            if source is None
            else _new_map({"date": value, "source": source}, ("date", "source"))
        )
        _insert_after(m, "actual", new, ("id", "name", "planned", "forecasts"))
        return set()

    return op


def add_milestone(
    *,
    milestone_id: str,
    name: str,
    planned: str | None = None,
    source: str | None = None,
    notes: str | None = None,
) -> Op:
    """An edit that appends a milestone (refused when the id exists)."""

    def op(data: Any, file: str) -> set[int]:
        root = _root(data, file)
        milestones, allowed = _container(root, "milestones", seq=True, after=tuple(root))
        if not isinstance(milestones, list):
            raise EditError(f"{file}: 'milestones' is not a list")
        if any(isinstance(m, Mapping) and str(m.get("id")) == milestone_id for m in milestones):
            raise EditError(f"{file}: milestone {milestone_id!r} already exists")
        values = {
            "id": milestone_id,
            "name": name,
            "planned": _scalar(planned) if planned is not None else None,
            "source": source,
            "notes": notes,
        }
        milestones.append(_new_map(values, _MILESTONE_ORDER))
        _carry_trailing(milestones)
        return allowed

    return op


def add_source(
    *,
    source_id: str,
    title: str,
    publisher: str | None = None,
    date: str | None = None,
    url: str | None = None,
    note: str | None = None,
) -> Op:
    """An edit that adds a source (refused when the id exists)."""

    def op(data: Any, file: str) -> set[int]:
        root = _root(data, file)
        after = ("plantrack", "plan", "as_of", "calendar", "tolerance", "notes")
        sources, allowed = _container(root, "sources", seq=False, after=after)
        if not isinstance(sources, MutableMapping):
            raise EditError(f"{file}: 'sources' is not a mapping")
        if source_id in sources:
            raise EditError(f"{file}: source {source_id!r} already exists")
        values = {
            "title": title,
            "publisher": publisher,
            "date": _scalar(date) if date is not None else None,
            "url": url,
            "note": note,
        }
        sources[source_id] = _new_map(values, _SOURCE_ORDER)
        _carry_trailing(list(sources.values()))
        return allowed

    return op


def _deepest_last(node: Any) -> tuple[Any, Any] | None:
    """The mapping and key that hold the last scalar of ``node``: where
    ruamel.yaml keeps the comments and blank lines that follow ``node``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        child = node[key]
        if isinstance(child, CommentedMap) and child:
            node = child
            continue
        if isinstance(child, CommentedSeq):
            return None  # comments after a list are kept elsewhere: leave them be
        return node, key
    return None


def _comment_token(value: str) -> Any:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, CommentMark(0), None)


def _trailing(holder: tuple[Any, Any] | None) -> Any:
    if holder is None:
        return None
    node, key = holder
    tokens = node.ca.items.get(key)
    return tokens[2] if tokens and len(tokens) > 2 else None


def _set_trailing(holder: tuple[Any, Any], value: str) -> None:
    node, key = holder
    tokens = node.ca.items.setdefault(key, [None, None, None, None])
    tokens[2] = _comment_token(value)


def _is_block(holder: tuple[Any, Any]) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    node, key = holder
    return isinstance(node[key], (FoldedScalarString, LiteralScalarString))


def _following(holder: tuple[Any, Any] | None) -> tuple[str, str] | None:
    """``(end of line, following lines)`` of the comment token after ``holder``.

    After a plain scalar the token starts with the rest of its line (an
    end-of-line comment, or nothing) and a newline; a block scalar has ended
    its line already, so all of its token is following lines.
    """
    token = _trailing(holder)
    if holder is None or token is None:
        return None
    if _is_block(holder):
        return "", token.value
    head, _, rest = token.value.partition("\n")
    return head, rest


def _carry_trailing(items: list[Any]) -> None:
    """Keep the layout when ``items[-1]`` was just appended after ``items[-2]``.

    Lines that followed the old last item stood between it and whatever comes
    next.  Comments indented into the old item stay with it; blank lines and
    comments further out now follow the new item.  When items are separated
    by a blank line, so is the new one.
    """
    if len(items) < 2:
        return
    prev, new = _deepest_last(items[-2]), _deepest_last(items[-1])
    if prev is None or new is None:
        return
    parts = _following(prev)
    head, rest = parts if parts is not None else ("", "")
    lines = rest.splitlines(keepends=True)
    column = int(prev[0].lc.key(prev[1])[1])
    keep: list[str] = []
    for line in lines:
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) < column:
            break
        keep.append(line)
    moved = lines[len(keep) :]
    if moved:
        separated = moved[0] == "\n"
    else:
        earlier = _following(_deepest_last(items[-3])) if len(items) >= 3 else None
        separated = earlier is not None and earlier[1].startswith("\n")
    if not (parts or separated):
        return
    eol = "" if _is_block(prev) else "\n"
    kept = head + eol + "".join(keep) + ("\n" if separated else "")
    token = _trailing(prev)
    if kept and token is not None:
        token.value = kept  # the same token keeps the column of an end-of-line comment
    elif kept:
        _set_trailing(prev, kept)
    else:
        prev[0].ca.items.pop(prev[1], None)
    if moved:
        _set_trailing(new, "\n" + "".join(moved))


# -- checks and the write ------------------------------------------------------


def _check_unchanged(old: str, new: str, allowed: set[int], file: str) -> None:
    """Refuse when a line other than an inserted one, or one of ``allowed``
    (0-based lines of ``old``), differs."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            bad = [i for i in range(i1, i2) if i not in allowed]
            if bad:
                raise EditError(
                    f"{file}:{bad[0] + 1}: not written: the YAML library would also change "
                    "this line, which the edit does not touch; make this edit by hand"
                )


def _decode(data: bytes, file: str) -> tuple[str, bool, bool]:
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EditError(f"{file}: cannot edit: not UTF-8 text") from exc
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), bom, crlf


def _encode(text: str, bom: bool, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def apply_edit(text: str, op: Op, file: str) -> Edit:
    """Apply ``op`` to the plan ``text``; check that nothing else changed and
    that the result is a valid plan.  Raises :class:`EditError` or
    :class:`~plantrack.errors.PlanError` (the plan was invalid before the edit)."""
    load_plan_text(text, file)  # refuse to edit a plan that is already invalid
    yaml = _yaml(text)
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel raises many kinds; the text loaded above
        raise EditError(f"{file}: cannot edit: {exc}") from exc
    allowed = op(data, file)
    new = _dump(yaml, data)
    if text.endswith("\n") is False and new.endswith("\n") and new[:-1] == text:
        new = text  # pragma: no cover - a no-op edit
    _check_unchanged(text, new, allowed, file)
    try:
        load_plan_text(new, file)
    except PlanError as exc:
        details = "\n".join(f"  {p}" for p in exc.problems)
        raise EditError(
            f"{file}: not written: the result would not be a valid plan:\n{details}"
        ) from exc
    return Edit(file, text, new)


def edit_plan(path: Path, op: Op, *, dry_run: bool = False) -> Edit:
    """Read the plan at ``path``, apply ``op`` and, unless ``dry_run``, write the
    result atomically.  Returns the edit (old and new text)."""
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise PlanError([Problem(file, 0, 0, f"cannot read file: {reason}")]) from exc
    text, bom, crlf = _decode(data, file)
    edit = apply_edit(text, op, file)
    if not dry_run:
        write_atomic(path, _encode(edit.new, bom, crlf), expected=data)
    return edit


def write_atomic(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace the plan at ``path`` with ``data`` atomically (see
    :func:`plantrack.files.write_atomic`); a refusal is an :class:`EditError`."""
    try:
        files.write_atomic(path, data, expected=expected)
    except files.WriteError as exc:
        raise EditError(str(exc)) from exc
