"""The slippage table as plain text, for a pipe or a file: the lines Rich
prints without a terminal, drawn from plantrack's own widths without
importing Rich's console (issue 14: a piped table starts as fast as the
JSON).  Whatever needs Rich's own layout (a line Rich would wrap, a table too
wide for any layout, the sources list, the timeline) is left to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from plantrack.render.table import SlippageTable

if TYPE_CHECKING:
    from plantrack.lint import LintWarning
    from plantrack.slippage import Report

__all__ = ["plain_table"]


def plain_table(
    reports: Sequence[Report],
    *,
    width: int,
    business_days: bool = False,
    warnings: Mapping[str, Sequence[LintWarning]] | None = None,
    latest_only: bool = False,
) -> str | None:
    """:func:`render_table` as plain text ``width`` columns wide, exactly as
    Rich prints it without a terminal (each line's end spaces stripped), but
    drawn from plantrack's own widths without importing Rich's console; None
    when a table needs Rich's layout (:meth:`SlippageTable.plain`)."""
    lines: list[str] = []
    for i, report in enumerate(reports):
        table = SlippageTable(
            report,
            (warnings or {}).get(report.plan.file, ()),
            business_days=business_days,
            latest_only=latest_only,
        )
        part = table.plain(width)
        if part is None:
            return None
        lines += [""] * bool(i) + part
    return "\n".join(line.rstrip() for line in lines)
