"""Reading a plan's metadata: ``start``, ``headline`` and ``tags``.

``start`` is a date (not a reference); ``headline`` the id of one of the
plan's milestones; ``tags`` a mapping of short texts to short texts (a number
stands for its text).  Each problem goes to the validator at its key path.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Protocol

from plantrack.format import CALENDAR_PATTERN, TAG_MAX_LENGTH
from plantrack.messages import quoted, shorten, some, type_name
from plantrack.positions import KeyPath

__all__ = ["MetaReporter", "calendar", "headline", "tags"]

_CALENDAR = re.compile(CALENDAR_PATTERN)


class MetaReporter(Protocol):
    """What the readers need of the validator."""

    def error(self, path: KeyPath, message: str) -> None:
        """Record a problem at ``path``."""

    def hint(self, word: object, choices: Collection[str]) -> str:
        """A "did you mean" hint for ``word``."""

    def identifier(self, value: object, path: KeyPath, what: str) -> str | None:
        """An id, or None."""


def _short(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value)
    return text if len(text.strip()) > 0 and len(text) <= TAG_MAX_LENGTH else None


def tags(reporter: MetaReporter, value: object) -> dict[str, str]:
    """The plan's tags (empty when none), every bad name or value reported."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        reporter.error(
            ("tags",),
            f"'tags' must be a mapping, not {type_name(value)} "
            "(expected short names and values, e.g. {department: DfT})",
        )
        return {}
    out: dict[str, str] = {}
    expected = f"(expected text of 1 to {TAG_MAX_LENGTH} characters)"
    for key, item in value.items():
        name = _short(key)
        if name is None:
            reporter.error(("tags", key), f"tag name {type_name(key)} is not short text {expected}")
            continue
        text = _short(item)
        if text is None:
            reporter.error(
                ("tags", key),
                f"tag {quoted(shorten(name))}: {type_name(item)} is not short text {expected}",
            )
            continue
        out[name] = text
    return out


def headline(reporter: MetaReporter, value: object, ids: Collection[str]) -> str | None:
    """The headline milestone's id, or None (the default) when absent or unknown."""
    if value is None:
        return None
    mid = reporter.identifier(value, ("headline",), "'headline':")
    if mid is None:
        return None
    if mid not in ids:
        hint = reporter.hint(mid, ids)
        known = f"known: {some(ids)}" if ids else "the plan has no milestones"
        reporter.error(
            ("headline",),
            f"'headline': unknown milestone '{mid}'{hint} (expected a milestone id; {known})",
        )
        return None
    return mid


def calendar(reporter: MetaReporter, value: object) -> str:
    """The plan's calendar name (``weekdays`` when it is not one)."""
    if not isinstance(value, str) or not _CALENDAR.fullmatch(value):
        reporter.error(
            ("calendar",),
            f"'calendar': {type_name(value)} is not a calendar "
            "(expected weekdays, or a country or subdivision code such as GB-ENG, US, DE-BY)",
        )
        return "weekdays"
    if value != "weekdays":
        from plantrack.calendars import calendar_problem  # imports holidays

        if (why := calendar_problem(value)) is not None:
            reporter.error(("calendar",), f"'calendar': {why}")
            return "weekdays"
    return value
