"""Reading a milestone's ``accepted:`` list (waivers) into :class:`~plantrack.model.Waiver`.

Each item needs ``rule`` (one of :data:`plantrack.format.WAIVER_RULES`),
``until`` (a date, not a reference: the waiver is in force up to its last day)
and ``reason``; ``source`` and ``up_to`` (a duration) are optional.  Each
problem goes to the validator at its key path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from plantrack import datefields
from plantrack.durations import Duration
from plantrack.format import WAIVER_RULES, Level
from plantrack.messages import type_name
from plantrack.model import Waiver
from plantrack.positions import KeyPath
from plantrack.references import Reporter

__all__ = ["Reader", "waivers"]


class Reader(Reporter, Protocol):
    """What reading a waiver needs of the validator."""

    def mapping(
        self, value: object, path: KeyPath, level: Level, what: str
    ) -> Mapping[Any, Any] | None:
        """``value`` if it is a mapping of ``level``'s keys."""

    def text(self, value: object, path: KeyPath) -> str | None:
        """Text, or None."""

    def duration(self, value: object, path: KeyPath) -> Duration | None:
        """A duration, or None."""


_EXAMPLES = {"rule": "rule: slip", "until": "until: 2014-01-31", "reason": "reason: agreed"}


def waivers(v: Reader, value: object, path: KeyPath) -> list[tuple[KeyPath, Waiver]]:
    """The waivers of ``accepted`` at ``path``, each with its key path."""
    if value is None:
        return []
    if not isinstance(value, list):
        v.error(path, f"'accepted' must be a list, not {type_name(value)}")
        return []
    out = []
    for i, item in enumerate(value):
        waiver = _waiver(v, item, (*path, i))
        if waiver is not None:
            out.append(((*path, i), waiver))
    return out


def _waiver(v: Reader, item: object, path: KeyPath) -> Waiver | None:
    body = v.mapping(item, path, Level.WAIVER, "a waiver")
    if body is None:
        return None
    for key, example in _EXAMPLES.items():
        if body.get(key) is None:
            v.error(path, f"a waiver has no '{key}' (expected e.g. {example})")
    rule = body.get("rule")
    if rule is not None and rule not in WAIVER_RULES:
        hint = v.hint(rule, WAIVER_RULES)
        v.error(
            (*path, "rule"),
            f"'rule': {type_name(rule)} is not a rule{hint} "
            f"(expected one of: {', '.join(WAIVER_RULES)})",
        )
        rule = None
    until = datefields.absolute_date(v, body.get("until"), (*path, "until"))
    reason = v.text(body.get("reason"), (*path, "reason"))
    source = v.text(body.get("source"), (*path, "source"))
    up_to = v.duration(body.get("up_to"), (*path, "up_to"))
    if not isinstance(rule, str) or until is None or reason is None:
        return None
    return Waiver(rule, until, reason, source, up_to)
