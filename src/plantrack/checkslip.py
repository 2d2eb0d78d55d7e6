"""How ``check`` judges a slip against a tolerance, and words it (the rules:
:mod:`plantrack.check`, docs/ci.md "Rules").

Pure: no printing, no clock.
"""

from __future__ import annotations

from plantrack.checktypes import Rule, Severity
from plantrack.dates import Precision
from plantrack.durations import Duration, DurationUnit, describe
from plantrack.slippage import Basis, Direction, Slip

__all__ = ["range_text", "readings", "slip_finding", "tolerance_text"]


def readings(slip: Slip, unit: DurationUnit, zero: bool) -> tuple[int, int | None, DurationUnit]:
    """The slip's nearest and farthest readings in ``unit`` (no farthest: None),
    and that unit."""
    if zero and unit is DurationUnit.DAYS:  # "0": judged at the comparison precision
        unit = DurationUnit.DAYS if slip.precision is Precision.DAY else DurationUnit.MONTHS
    if unit is DurationUnit.MONTHS:
        return slip.months_min, slip.months_max, unit
    if unit is DurationUnit.BUSINESS_DAYS:
        assert slip.business_days_min is not None
        return slip.business_days_min, slip.business_days_max, unit
    return slip.days_min, slip.days_max, unit


def tolerance_text(tolerance: Duration) -> str:
    """``0``, ``10 days``, ``1 month``, ``15 business days`` (weeks and quarters normalised)."""
    return "0" if tolerance.amount == 0 else describe(tolerance.amount, tolerance.unit)


def range_text(lo: int, hi: int | None, unit: DurationUnit) -> str:
    """``5 days``, ``3–5 days``, ``up to 5 days`` (when ``lo`` is not positive),
    ``at least 5 days`` (no farthest reading)."""
    if hi is None:
        return f"at least {describe(lo, unit)}" if lo > 0 else "possibly any amount"
    if lo == hi:
        return describe(hi, unit)
    plural = describe(2, unit).removeprefix("2 ")
    return f"up to {describe(hi, unit)}" if lo <= 0 else f"{lo}–{hi} {plural}"


def slip_finding(
    mid: str, slip: Slip, tolerance: Duration, *, postponed: bool = False
) -> tuple[Rule, Severity, str] | None:
    """The finding on milestone ``mid``'s ``slip`` judged against ``tolerance``
    (None when within it): its rule, severity and message."""
    if tolerance.amount == 0 and slip.direction in (Direction.ON_TIME, Direction.EARLY):
        return None  # one judgement: what the status calls on time is never a finding
    lo, hi, unit = readings(slip, tolerance.unit, tolerance.amount == 0)
    if hi is not None and hi <= tolerance.amount:
        return None
    severity, figure, tail = _judged(slip, tolerance, lo, hi, unit)
    late = " late" if hi is not None or lo > tolerance.amount else ""
    rule, what = _slip_words(slip.basis, figure, late, postponed=postponed)
    return rule, severity, f"{mid}: {what}{tail}"


def _judged(
    slip: Slip, tolerance: Duration, lo: int, hi: int | None, unit: DurationUnit
) -> tuple[Severity, str, str]:
    """The severity of a slip beyond (or possibly beyond) ``tolerance``, its
    figure and the message's tail."""
    tol = tolerance_text(tolerance)
    if lo > tolerance.amount:  # certainly beyond: the slip as the sources give it
        figure = slip.text
        if unit is DurationUnit.BUSINESS_DAYS:
            figure += f" ({range_text(lo, hi, unit)})"
        return Severity.BREACH, figure, f" (tolerance {tol})"
    possibly = f", possibly beyond the tolerance ({tol})"
    if hi is None:  # possibly beyond, with no farthest reading: the slip's own words
        return Severity.WARNING, slip.text, possibly
    return Severity.WARNING, range_text(lo, hi, unit), possibly  # the tolerance's unit


_SLIP_WORDS = {
    Basis.FORECAST: "forecast",
    Basis.REBASELINE: "re-baselined",
    Basis.IMPLIED: "implied",
}


def _slip_words(basis: Basis, figure: str, late: str, *, postponed: bool) -> tuple[Rule, str]:
    """The rule and the words of a slip found on ``basis``."""
    if postponed:
        return Rule.OVERDUE, f"postponed with no date, {figure} so far"
    if basis is Basis.AS_OF:
        return Rule.OVERDUE, f"overdue, {figure} so far"
    knock_on = " (knock-on)" if basis is Basis.IMPLIED else ""
    return Rule.SLIP, f"{_SLIP_WORDS.get(basis, 'delivered')} {figure}{late}{knock_on}"
