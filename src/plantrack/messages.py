"""How messages show values: quoted, shortened, named by type; and "did you mean" hints."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping

__all__ = [
    "MAX_ECHO",
    "MAX_HINT_LENGTH",
    "MAX_HINT_WORK",
    "Hints",
    "quoted",
    "shorten",
    "some",
    "type_name",
]

MAX_ECHO = 100  # characters of a bad value quoted in a message
MAX_HINT_WORK = 20_000_000  # characters x characters compared for hints, per file
MAX_HINT_LENGTH = 1_000  # longer words get no hint (nothing that long is a typo of a key)
_CUTOFF = 0.6  # difflib's default closeness for a hint


def shorten(text: str) -> str:
    """``text``, or its start and its length when it is longer than MAX_ECHO."""
    if len(text) <= MAX_ECHO:
        return text
    return f"{text[:MAX_ECHO]}… ({len(text):,} characters)"


def quoted(value: object) -> str:
    """``'value'`` as Python quotes it, shortened when long."""
    text = str(value)
    if len(text) <= MAX_ECHO:
        return repr(text)
    return f"{text[:MAX_ECHO]!r}… ({len(text):,} characters)"


def type_name(value: object) -> str:
    """What ``value`` is, for a message: ``a list``, ``number 5``, ``"text"``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        if len(value) <= MAX_ECHO:
            return f'"{value}"'
        return f'"{value[:MAX_ECHO]}…" ({len(value):,} characters)'
    return type(value).__name__  # pragma: no cover - safe YAML yields no other types


def some(names: Collection[str], limit: int = 10) -> str:
    """The first ``limit`` names, and how many there are in all when more."""
    shown = ", ".join(itertools.islice(names, limit))
    return shown if len(names) <= limit else f"{shown}, … ({len(names):,} in all)"


class Hints:
    """Hints ("did you mean ...?") within a budget of work, one budget per file."""

    def __init__(self, budget: int = MAX_HINT_WORK) -> None:
        self.budget = budget

    def hint(self, word: object, choices: Collection[str]) -> str:
        """A "did you mean" hint (the closest of ``choices``, as difflib's
        ``get_close_matches`` finds it), while the budget for them lasts: each
        comparison costs the product of the two lengths, so many unknown names
        against many known ones, or very long ones, stay cheap."""
        import difflib  # only on the error path

        text = str(word)
        if len(text) > MAX_HINT_LENGTH:
            return ""
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(text)
        best: tuple[float, str] | None = None
        for choice in choices:
            cost = len(text) * len(choice) + 1
            if cost > self.budget:  # no hint rather than a partial one
                return ""
            self.budget -= cost
            matcher.set_seq1(choice)
            if (
                matcher.real_quick_ratio() >= _CUTOFF
                and matcher.quick_ratio() >= _CUTOFF
                and (score := matcher.ratio()) >= _CUTOFF
                and (best is None or (score, choice) > best)
            ):
                best = (score, choice)
        return f"; did you mean '{best[1]}'?" if best else ""
