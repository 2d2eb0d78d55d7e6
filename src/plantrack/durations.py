"""Durations for tolerances and warning windows: ``10 days``, ``2w``, ``1 month``, ``15bd``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

__all__ = [
    "MAX_AMOUNT_DIGITS",
    "UNITS",
    "Duration",
    "DurationError",
    "DurationUnit",
    "parse_duration",
]

EXPECTED_DURATION = "expected e.g. 0, 10 days, 2 weeks, 1 month, 1 quarter, 15 business days"


class DurationError(ValueError):
    """A text that is not a duration."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f'"{text}" is not a duration ({EXPECTED_DURATION})')


class DurationUnit(Enum):
    """The unit a slip is measured in when it is judged against a duration."""

    DAYS = "days"
    MONTHS = "months"
    BUSINESS_DAYS = "business_days"


@dataclass(frozen=True, slots=True)
class Duration:
    """An amount of days, months or business days (weeks, quarters and years normalised)."""

    amount: int
    unit: DurationUnit
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text or describe(self.amount, self.unit)


def describe(amount: int, unit: DurationUnit) -> str:
    """``1 month``, ``10 days``, ``15 business days``."""
    word = {
        DurationUnit.DAYS: "day",
        DurationUnit.MONTHS: "month",
        DurationUnit.BUSINESS_DAYS: "business day",
    }[unit]
    return f"{amount} {word}{'' if amount == 1 else 's'}"


# Each unit word (singular; a trailing "s" is allowed) -> its unit and factor.
UNITS: Mapping[str, tuple[DurationUnit, int]] = MappingProxyType(
    {
        "d": (DurationUnit.DAYS, 1),
        "day": (DurationUnit.DAYS, 1),
        "w": (DurationUnit.DAYS, 7),
        "wk": (DurationUnit.DAYS, 7),
        "week": (DurationUnit.DAYS, 7),
        "mo": (DurationUnit.MONTHS, 1),
        "month": (DurationUnit.MONTHS, 1),
        "q": (DurationUnit.MONTHS, 3),
        "quarter": (DurationUnit.MONTHS, 3),
        "y": (DurationUnit.MONTHS, 12),
        "yr": (DurationUnit.MONTHS, 12),
        "year": (DurationUnit.MONTHS, 12),
        "bd": (DurationUnit.BUSINESS_DAYS, 1),
        "business day": (DurationUnit.BUSINESS_DAYS, 1),
        "working day": (DurationUnit.BUSINESS_DAYS, 1),
    }
)
MAX_AMOUNT_DIGITS = 6  # digits in a duration's amount
_DURATION = re.compile(rf"(?P<n>\d{{1,{MAX_AMOUNT_DIGITS}}})\s*(?P<unit>[a-z][a-z ]*?)s?")


def parse_duration(value: str | int) -> Duration:
    """Parse ``0``, ``10 days``, ``2 weeks``, ``1 month``, ``1 quarter``, ``1 year``,
    ``15 business days`` or the short forms ``10d``, ``2w``, ``1mo``, ``1q``, ``1y``, ``15bd``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise DurationError(str(value))
    text = str(value).strip()
    if text == "0":
        return Duration(0, DurationUnit.DAYS, text)
    m = _DURATION.fullmatch(" ".join(text.lower().split()))
    if m is None or m["unit"] not in UNITS:
        raise DurationError(text)
    unit, factor = UNITS[m["unit"]]
    return Duration(int(m["n"]) * factor, unit, text)
