"""Which date a milestone-level ``source:`` belongs to: one rule for every output.

A milestone's own ``source:`` attributes its **actual**, when the actual is
known (as of the report's date) and has no source of its own; otherwise it is
the source of **the milestone as a whole**.  It never attributes the planned
date (``planned: {date, source}`` gives that one) nor a forecast (each has its
own ``source``): a source that reported the outcome did not set the baseline.
"""

from __future__ import annotations

from plantrack.dates import FuzzyDate
from plantrack.model import Milestone

__all__ = ["actual_source", "planned_source"]


def actual_source(milestone: Milestone, actual: FuzzyDate | None) -> str | None:
    """The source of ``actual`` (the milestone's actual as known, or None):
    its own ``source``, else the milestone's; None when there is no actual."""
    if actual is None:
        return None
    return milestone.actual_source or milestone.source


def planned_source(milestone: Milestone) -> str | None:
    """The source of the planned date: its own only, never the milestone's."""
    return milestone.planned_source
