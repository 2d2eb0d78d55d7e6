"""Edit plan files in place, losing nothing: comments, key order, quoting, blank lines.

An edit is a few text insertions (and, for ``--replace``, the replacement of
one value) at positions read off the file itself (:mod:`plantrack.yamlplaces`),
so every other byte stays as it was, line endings included.  ruamel.yaml only
renders each new ``key: value`` line (its public ``dump``); the line is then
read back with PyYAML, the reader the loader uses (YAML 1.1), and quoted when
that reader would see anything else than the text given.

Before anything is written:

1. **The target is the milestone the loader sees** (found by its position in
   the list, so ``id: 017``, which the loader reads as ``15``, is ``15``) and
   **it is not shared**: an edit of a node reached through an alias or a
   merge key (``<<``) would change every place that uses it, so it is refused.
2. **The result is a valid plan** (:func:`plantrack.loader.load_plan_text`)
   and **reads back as given**: the values written are the values loaded.
3. **The write is locked and atomic** (:mod:`plantrack.locking`,
   :func:`plantrack.files.write_atomic`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from plantrack.editdoc import Doc, EditError, Op, is_empty
from plantrack.editrender import Item, Lines, Scalar, date_value, renderer
from plantrack.errors import PlanError, Problem
from plantrack.files import Override, read_limited, write_atomic
from plantrack.format import Level, key_order
from plantrack.loader import DEFAULT_MAX_SIZE, load_plan_text
from plantrack.locking import DEFAULT_LOCK_TIMEOUT, locked_for_edit
from plantrack.model import Plan
from plantrack.reading import decode
from plantrack.yamlplaces import trailing

__all__ = [
    "Edit",
    "EditError",
    "Op",
    "add_forecast",
    "add_milestone",
    "add_rebaseline",
    "add_source",
    "add_waiver",
    "apply_edit",
    "edit_plan",
    "set_actual",
]


def _keys_before(level: Level, key: str) -> tuple[str, ...]:
    """The keys before ``key`` in ``level``: a new ``key`` goes after the last one present."""
    order = key_order(level)
    return order[: order.index(key)]


@dataclass(frozen=True, slots=True)
class Edit:
    """The text of a plan before and after an edit."""

    file: str
    old: str
    new: str

    def diff(self) -> str:
        """A unified diff from the old text to the new (empty when equal)."""
        old, new = _lines(self.old), _lines(self.new)
        lines = difflib.unified_diff(old, new, f"{self.file} (before)", f"{self.file} (after)")
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _lines(text: str) -> list[str]:
    """Lines ending at ``\\n`` only (a NEL or U+2028 inside a line is no break)."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def _new_list(doc: Doc, key: str, column: int, item: Item) -> Lines:
    """``key:`` and a block list under it holding ``item``."""
    lines = doc.render.item(
        item, column + doc.dash_step, column + doc.sequence_step, doc.mapping_step
    )
    return [f"{' ' * column}{key}:", *lines]


def _add_to_list(
    doc: Doc, mapping: yaml.MappingNode, key: str, item: Item, *, what: str, after: tuple[str, ...]
) -> None:
    """Append ``item`` to the list under ``key``, made when missing or empty."""
    hit = doc.lookup(mapping, key, what)
    column = mapping.start_mark.column
    if hit is None:
        doc.add_key(mapping, after, _new_list(doc, key, column, item))
        return
    key_node, seq = hit
    if is_empty(seq):
        lines = doc.render.item(
            item, column + doc.dash_step, column + doc.sequence_step, doc.mapping_step
        )
        doc.insert(doc.open_below(key_node, seq), lines)
        return
    if not isinstance(seq, yaml.SequenceNode):  # pragma: no cover - the plan loaded
        raise EditError(f"{doc.file}: {what} is not a list")
    doc.block(seq, what)
    dash = seq.start_mark.column
    doc.append(
        list(seq.value),
        doc.render.item(item, dash, seq.value[-1].start_mark.column, doc.mapping_step),
    )


def _pairs(values: dict[str, Scalar | Item | None], order: tuple[str, ...]) -> Item:
    """The given values as ``(key, value)`` pairs in ``order``; a value whose key
    the format does not have is refused, never dropped."""
    unknown = [k for k, v in values.items() if v is not None and k not in order]
    if unknown:
        raise EditError(
            f"the plan format has no key {unknown[0]!r} here (it has: {', '.join(order)})"
        )
    return [(k, v) for k in order if (v := values.get(k)) is not None]


def _append(
    milestone_id: str, key: str, level: Level, values: dict[str, Scalar | None], what: str
) -> Op:
    """Append a ``level`` mapping to list ``key``, keys in its last item's order."""
    attr = {"rebaselined": "rebaselines"}.get(key, key)  # the model's name

    def op(doc: Doc) -> None:
        m, node = doc.milestone(milestone_id)
        order = key_order(level)
        hit = doc.places.own(node, key)
        if hit and isinstance(hit[1], yaml.SequenceNode) and hit[1].value:
            last = hit[1].value[-1]
            if isinstance(last, yaml.MappingNode):
                seen = tuple(k.value for k, _ in last.value if k.value in order)
                order = seen + tuple(k for k in order if k not in seen)
        item = _pairs(dict(values), order)
        where = f"milestone {milestone_id!r}: its {key!r}"
        _add_to_list(doc, node, key, item, what=where, after=_keys_before(Level.MILESTONE, key))
        count = len(getattr(m, attr)) + 1
        mark = (values.get("source"), values.get("note"))

        def check(plan: Plan) -> bool:
            items = getattr(plan.milestones[m.index], attr)
            last = (items[-1].source, getattr(items[-1], "note", None)) if items else None
            return len(items) == count and last == mark

        doc.expect(what, check)

    return op


def add_forecast(
    *,
    milestone_id: str,
    date: str,
    reported: str,
    source: str | None = None,
    note: str | None = None,
) -> Op:
    """An edit that appends a forecast to the milestone ``milestone_id``."""
    values: dict[str, Scalar | None] = {"reported": date_value(reported), "date": date_value(date)}
    values |= {"source": source, "note": note}
    return _append(milestone_id, "forecasts", Level.FORECAST, values, "the forecast")


def add_rebaseline(
    *,
    milestone_id: str,
    date: str,
    approved: str,
    source: str | None = None,
    note: str | None = None,
) -> Op:
    """An edit that appends a re-baseline (``rebaselined``) to ``milestone_id``."""
    values: dict[str, Scalar | None] = {"approved": date_value(approved), "date": date_value(date)}
    values |= {"source": source, "note": note}
    return _append(milestone_id, "rebaselined", Level.REBASELINE, values, "the re-baseline")


def add_waiver(
    *, milestone_id: str, rule: str, until: str, reason: str, up_to: str | None = None,
    source: str | None = None,
) -> Op:  # fmt: skip
    """An edit that appends a waiver (``accepted``) to ``milestone_id``."""
    values: dict[str, Scalar | None] = {"rule": rule, "until": date_value(until), "reason": reason}
    values |= {"source": source, "up_to": up_to}
    return _append(milestone_id, "accepted", Level.WAIVER, values, "the waiver")


def set_actual(
    *, milestone_id: str, date: str, source: str | None = None, replace: bool = False
) -> Op:
    """An edit that sets the actual date of ``milestone_id`` (refused when it has
    one already, unless ``replace``)."""

    def op(doc: Doc) -> None:
        m, node = doc.milestone(milestone_id)
        value = date_value(date)
        long: Item = [("date", value), ("source", source)] if source is not None else []
        hit = doc.lookup(node, "actual", f"milestone {milestone_id!r}: its 'actual'")
        if hit is None:
            lines = (
                [f"{' ' * node.start_mark.column}{doc.render.pair('actual', value)}"]
                if source is None
                else doc.render.block([("actual", long)], node.start_mark.column, doc.mapping_step)
            )
            doc.add_key(node, _keys_before(Level.MILESTONE, "actual"), lines)
        else:
            key_node, current = hit
            if not is_empty(current) and not replace:
                shown = current
                if isinstance(current, yaml.MappingNode):
                    shown = (doc.places.own(current, "date") or (None, current))[1]
                text = shown.value if isinstance(shown, yaml.ScalarNode) else "?"
                raise EditError(
                    f"{doc.file}: milestone {milestone_id!r} already has an actual date ({text})",
                    override=Override.REPLACE,
                )
            if isinstance(current, yaml.MappingNode) and current.value:
                _replace_in_mapping(doc, current, [("date", value), ("source", source)])
            else:
                doc.set_value(key_node, current, long or value)

        def check(plan: Plan) -> bool:
            new = plan.milestones[m.index]
            return source is None or new.actual_source == source

        doc.expect("the actual date's source", check)

    return op


def _replace_in_mapping(doc: Doc, mapping: yaml.MappingNode, values: Item) -> None:
    """Set each of ``values`` (``None``: leave as it is) in a mapping.  A value
    already written is replaced in place, in block or flow style alike (the
    edit is read back before it is written); a key to add needs block style."""
    for key, value in values:
        if value is None:
            continue
        assert not isinstance(value, list)
        hit = doc.lookup(mapping, key, f"its {key!r}")
        if hit is not None:
            doc.set_value(hit[0], hit[1], value)
        else:
            doc.block(mapping, "the value to change")
            line = f"{' ' * mapping.start_mark.column}{doc.render.pair(key, value)}"
            doc.insert(trailing(doc.text, mapping.value[-1][1]).at, [line])


def add_milestone(
    *,
    milestone_id: str,
    name: str,
    planned: str | None = None,
    source: str | None = None,
    notes: str | None = None,
) -> Op:
    """An edit that appends a milestone (refused when the id exists)."""

    def op(doc: Doc) -> None:
        if any(m.id == milestone_id for m in doc.plan.milestones):
            raise EditError(f"{doc.file}: milestone {milestone_id!r} already exists")
        values: dict[str, Scalar | Item | None] = {
            "id": milestone_id,
            "name": name,
            "planned": date_value(planned) if planned is not None else None,
            "source": source,
            "notes": notes,
        }
        item = _pairs(values, key_order(Level.MILESTONE))
        root = doc.root()
        after = tuple(str(k.value) for k, _ in root.value)
        _add_to_list(doc, root, "milestones", item, what="the 'milestones' list", after=after)

        def check(plan: Plan) -> bool:
            new = plan.milestones[-1]
            return (new.id, new.name, new.source, new.notes) == (milestone_id, name, source, notes)

        doc.expect("the milestone", check)

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

    def op(doc: Doc) -> None:
        if source_id in doc.plan.sources:
            raise EditError(f"{doc.file}: source {source_id!r} already exists")
        values: dict[str, Scalar | Item | None] = {
            "title": title,
            "publisher": publisher,
            "date": date_value(date) if date is not None else None,
            "url": url,
            "note": note,
        }
        entry: Item = [(source_id, _pairs(values, key_order(Level.SOURCE)))]
        root = doc.root()
        hit = doc.lookup(root, "sources", "the 'sources' mapping")
        if hit is None:
            after = _keys_before(Level.PLAN, "sources")
            doc.add_key(root, after, doc.render.block([("sources", entry)], 0, doc.mapping_step))
        elif is_empty(hit[1]):
            doc.insert(
                doc.open_below(*hit), doc.render.block(entry, doc.mapping_step, doc.mapping_step)
            )
        else:
            sources = doc.block(hit[1], "the 'sources' mapping")
            assert isinstance(sources, yaml.MappingNode)
            column = sources.start_mark.column
            doc.append(
                [v for _, v in sources.value], doc.render.block(entry, column, doc.mapping_step)
            )

        def check(plan: Plan) -> bool:
            new = plan.sources.get(source_id)
            return new is not None and (new.title, new.publisher, new.url, new.note) == (
                title,
                publisher,
                url,
                note,
            )

        doc.expect("the source", check)

    return op


# -- checks and the write ------------------------------------------------------


def apply_edit(text: str, op: Op, file: str) -> Edit:
    """Apply ``op`` to the plan ``text``; check that the result is a valid plan
    that reads back as given.  Raises :class:`EditError` or
    :class:`~plantrack.errors.PlanError` (the plan was invalid before the edit,
    or the edit would change a shared node)."""
    plan = load_plan_text(text, file)  # refuse to edit a plan that is already invalid
    doc = Doc(text, file, plan)
    op(doc)
    new = doc.result()
    try:
        new_plan = load_plan_text(new, file)
    except PlanError as exc:
        details = "\n".join(f"  {p}" for p in exc.problems)
        raise EditError(
            f"{file}: not written: the result would not be a valid plan:\n{details}"
        ) from exc
    doc.verify(new_plan)
    return Edit(file, text, new)


def _edit_locked(path: Path, op: Op, *, max_size: int, lock_timeout: float, force: bool) -> Edit:
    with locked_for_edit(path, timeout=lock_timeout) as fd:
        data = read_limited(fd, max_size, str(path))
        decoded = decode(data, str(path))  # the loader's decoder: UTF-8, -16, -32
        edit = apply_edit(decoded.text, op, str(path))
        write_atomic(path, decoded.encode(edit.new), expected=data, force=force)
    return edit


def edit_plan(
    path: Path,
    op: Op,
    *,
    dry_run: bool = False,
    max_size: int = DEFAULT_MAX_SIZE,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    force: bool = False,
) -> Edit:
    """Read the plan at ``path`` (at most ``max_size`` bytes), apply ``op`` and,
    unless ``dry_run``, write the result atomically under the edit lock
    (waiting up to ``lock_timeout`` seconds for another edit); ``force``
    rewrites a read-only file.  Returns the edit (old and new text)."""
    file = str(path)
    renderer()  # import the YAML writer before taking the lock
    try:
        if not dry_run:
            return _edit_locked(path, op, max_size=max_size, lock_timeout=lock_timeout, force=force)
        with path.open("rb") as f:
            data = read_limited(f.fileno(), max_size, file)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise PlanError([Problem(file, 0, 0, f"cannot read file: {reason}")]) from exc
    return apply_edit(decode(data, file).text, op, file)
