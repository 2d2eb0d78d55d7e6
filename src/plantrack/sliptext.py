"""The words of a slip: ``9 months``, ``6–7 months``, ``2 months early``,
``1 month early – 2 months late``, and of a change between two slips
(``+2–3 months``, ``1 month earlier``); the rules are in docs/slippage.md ("Text")."""

from __future__ import annotations

from enum import Enum

__all__ = [
    "Direction",
    "magnitude_range",
    "open_slip_text",
    "plural",
    "signed_months",
    "slip_text",
    "span",
]


class Direction(str, Enum):
    """Which way a slip points, as its ``text`` reads."""

    ON_TIME = "on time"  # within the planned interval, or no difference at all
    LATE = "late"  # ``9 months``, ``6–7 months``
    EARLY = "early"  # ``2 months early``
    MIXED = "mixed"  # early at one end, late at the other: ``1 month early – 2 months late``


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def span(months: int, days: int) -> str:
    """``3 years 5 months``, ``10 months 9 days``, ``12 days`` (non-negative figures)."""
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(plural(years, "year"))
    if months:
        parts.append(plural(months, "month"))
    if days or not parts:
        parts.append(plural(days, "day"))
    return " ".join(parts)


def magnitude_range(a: tuple[int, int], b: tuple[int, int]) -> str:
    """Text for a slip between the non-negative spans ``a`` <= ``b``."""
    if a == b:
        return span(*a)
    (am, ad), (bm, bd) = a, b
    if am == bm == 0:
        return f"{ad}–{bd} days"
    if ad == bd == 0:
        if am % 12 == 0 and bm % 12 == 0:
            return f"{am // 12}–{bm // 12} years"
        if bm < 12:
            return f"{am}–{bm} months"
    return f"{span(*a)} – {span(*b)}"


def slip_text(direction: Direction, lo: tuple[int, int], hi: tuple[int, int]) -> str:
    """``on time``, ``9 months``, ``6–7 months``, ``2 months early``,
    ``1 month early – 2 months late``."""
    neg_lo, neg_hi = (-hi[0], -hi[1]), (-lo[0], -lo[1])
    if direction is Direction.ON_TIME:
        return "on time"
    if direction is Direction.LATE:
        return magnitude_range(lo, hi)
    if direction is Direction.EARLY:
        return f"{magnitude_range(neg_lo, neg_hi)} early"
    return f"{span(*neg_hi)} early – {span(*hi)} late"


def signed_months(lo: int, hi: int) -> str:
    """A change of ``lo``..``hi`` whole months, in years and months:
    ``+2–3 months``, ``+7 years 1 month``, ``2–3 months earlier``,
    ``1 month earlier``, ``−1 to +2 months``, ``±0 months``.

    A negative change reads with ``earlier`` (as an early slip reads with
    ``early``), never as ``−2–3 months``, which could mean −2 to 3.
    """
    if lo == hi == 0:
        return "±0 months"
    if lo >= 0:
        return f"+{magnitude_range((lo, 0), (hi, 0))}"
    if hi <= 0:
        return f"{magnitude_range((-hi, 0), (-lo, 0))} earlier"
    if -lo < 12 and hi < 12:
        return f"−{-lo} to +{hi} months"
    return f"−{span(-lo, 0)} to +{span(hi, 0)}"


def open_slip_text(lo: tuple[int, int]) -> str:
    """A slip with no farthest reading, from its nearest one: ``at least 2 years``,
    ``on time or later``, ``2 months early or later``."""
    if lo > (0, 0):
        return f"at least {span(*lo)}"
    if lo == (0, 0):
        return "on time or later"
    return f"{span(-lo[0], -lo[1])} early or later"
