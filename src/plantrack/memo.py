"""A bounded memo of a pure function's results, for values that are frozen.

Used for dates (:mod:`plantrack.dates`): a plan repeats its dates, and a
portfolio of plans repeats them across files, so one parse can stand for every
occurrence of the same raw text.  A memo holds at most :data:`MEMO_SIZE`
results; when full it starts again (no bookkeeping per hit, unlike an LRU).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["MEMO_SIZE", "Memo"]

MEMO_SIZE = 65_536  # results per memo
_K = TypeVar("_K", bound=Hashable)
_T = TypeVar("_T")


class Memo(Generic[_K, _T]):
    """What ``function`` made of each argument, keyed by the argument and its
    type (``2013`` and ``"2013"`` apart, ``True`` and ``1`` apart).  Only
    results are kept: an argument that raises raises again each time."""

    def __init__(self, function: Callable[[_K], _T], size: int = MEMO_SIZE) -> None:
        self.function = function
        self.size = size
        self.seen: dict[tuple[type, _K], _T] = {}

    def __call__(self, value: _K) -> _T:
        key = (type(value), value)
        try:
            found = self.seen.get(key)
        except TypeError:  # unhashable: not remembered (the function decides)
            return self.function(value)
        if found is None:
            found = self.function(value)
            if len(self.seen) >= self.size:
                self.seen.clear()
            self.seen[key] = found
        return found

    def clear(self) -> None:
        """Forget every result."""
        self.seen.clear()
