"""The league as CSV: one row per plan, the table's columns as its texts, for
spreadsheets (plan text escaped, formula-like cells quoted with ``'``)."""

from __future__ import annotations

import csv
import io

from plantrack.league import League
from plantrack.render.league_cells import CSV_NAMES, cells
from plantrack.safetext import for_csv_cell

__all__ = ["render_league_csv"]


def render_league_csv(league: League) -> str:
    """A header row (``rank,plan,headline,...``; ``since`` under ``--since``;
    then ``tied``, ``file``), then one row per plan, worst first; ``rank`` is
    the number alone (``tied`` says ``yes`` when shared); ``—`` cells are empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    since = ("since",) if league.since is not None else ()
    writer.writerow([*CSV_NAMES, *since, "tied", "file"])
    for row in league.rows:
        texts = ["" if c == "—" else c for c in cells(row, league)]
        texts[0] = "" if row.rank is None else str(row.rank)
        tied = "yes" if row.tied else ""
        writer.writerow([for_csv_cell(c) for c in (*texts, tied, row.plan.file)])
    return out.getvalue()
