"""``depends_on``: each item read and checked, and the dependencies of a whole
plan checked for unknown ids and cycles (iteratively: a chain of any length
loads).  The dates they imply are computed by :mod:`plantrack.knockon`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from plantrack.durations import Duration
from plantrack.format import Level
from plantrack.model import Dependency
from plantrack.positions import KeyPath
from plantrack.references import RawMilestone, Reporter


class Validator(Reporter, Protocol):
    """What reading an item needs of the validator."""

    def identifier(self, value: object, path: KeyPath, what: str) -> str | None:
        """An id, or None (the problem recorded)."""

    def mapping(
        self, value: object, path: KeyPath, level: Level, what: str
    ) -> Mapping[Any, Any] | None:
        """``value`` if it is a mapping of ``level``, or None."""

    def duration(self, value: object, path: KeyPath) -> Duration | None:
        """A duration, or None."""


__all__ = ["check", "lag", "read"]


def read(v: Validator, item: object, path: KeyPath) -> Dependency | None:
    """One ``depends_on`` item: an id, or ``{milestone: ID, lag: DURATION}``."""
    if not isinstance(item, Mapping):
        mid = v.identifier(item, path, "'depends_on' item")
        return Dependency(mid) if mid is not None else None
    body = v.mapping(item, path, Level.DEPENDENCY, "a 'depends_on' item")
    assert body is not None
    if "milestone" not in body:
        v.error(path, "a 'depends_on' item has no 'milestone' (expected e.g. milestone: a)")
        return None
    mid = v.identifier(body["milestone"], (*path, "milestone"), "'milestone'")
    shift = lag(v, body.get("lag"), (*path, "lag"))
    if mid is None or (shift is None and body.get("lag") is not None):
        return None
    return Dependency(mid, shift)


def lag(v: Validator, value: object, path: KeyPath) -> Duration | None:
    """A duration that may be negative (a lead: ``-2 weeks``), or None."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        value = str(value)
    if isinstance(value, str) and value.strip().startswith("-"):
        text = value.strip()
        positive = v.duration(text[1:].strip(), path)
        if positive is None:
            return None
        return Duration(-positive.amount, positive.unit, text)
    return v.duration(value, path)


def check(reporter: Reporter, raw: Sequence[RawMilestone]) -> None:  # noqa: C901 - one check per form of a depends_on item
    """Report each ``depends_on`` item naming an unknown milestone, and each
    cycle of dependencies (once, at the item that closes it, naming the chain).
    Iterative: a chain of any length is safe."""
    by_id = {m.id: m for m in raw}
    for m in raw:
        for path, dep in m.depends_on:
            if dep.milestone not in by_id:
                hint = reporter.hint(dep.milestone, by_id)
                reporter.error(
                    path,
                    f"'depends_on': unknown milestone '{dep.milestone}'{hint} "
                    "(expected the id of a milestone in this plan)",
                )
    # depth-first, with an explicit stack; colour: 1 on the path, 2 done
    colour: dict[str, int] = {}
    for root in raw:
        if root.id in colour:
            continue
        colour[root.id] = 1
        trail: list[str] = [root.id]
        stack: list[tuple[RawMilestone, int]] = [(root, 0)]
        while stack:
            m, i = stack[-1]
            if i == len(m.depends_on):
                stack.pop()
                trail.pop()
                colour[m.id] = 2
                continue
            stack[-1] = (m, i + 1)
            path, dep = m.depends_on[i]
            nxt = by_id.get(dep.milestone)
            if nxt is None:
                continue
            state = colour.get(nxt.id)
            if state == 1:
                chain = " → ".join((*trail[trail.index(nxt.id) :], nxt.id))
                reporter.error(
                    path,
                    f"'depends_on' makes a cycle: {chain} "
                    "(expected dependencies that end at a milestone with none)",
                )
            elif state is None:
                colour[nxt.id] = 1
                trail.append(nxt.id)
                stack.append((nxt, 0))
