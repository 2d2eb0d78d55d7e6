"""Regular expressions compiled on first use, not at import: a command that
never parses a date word does not pay for the grammar's patterns."""

from __future__ import annotations

import re

__all__ = ["LazyPattern"]


class LazyPattern:
    """``re.compile(source, flags)``, done the first time it is used."""

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def is_compiled(self) -> bool:
        """Whether the pattern has been compiled yet."""
        return self._compiled is not None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """As :meth:`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(text)

    def search(self, text: str) -> re.Match[str] | None:
        """As :meth:`re.Pattern.search`."""
        return self.compiled.search(text)

    def split(self, text: str) -> list[str]:
        """As :meth:`re.Pattern.split`."""
        return self.compiled.split(text)
