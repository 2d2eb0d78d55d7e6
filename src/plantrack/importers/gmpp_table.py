"""The GMPP annual data (UK Government Major Projects Portfolio) as published:
a table with one project a row (2021 onward) or one a column (earlier years),
its headers spelt a little differently from year to year.

Headers are matched against a table of known spellings, ignoring case,
spacing and a ``£`` read in the wrong encoding; an unknown header is an
error listing every one, never a guess.  The layout is detected from where
the known headers are: along the first row or down the first column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantrack.errors import PlanError, Problem

__all__ = ["KNOWN_HEADERS", "Cell", "Project", "field_of", "read_projects"]

# normalised spelling -> field.  A spelling is normalised by field_of().
KNOWN_HEADERS: dict[str, str] = {
    "gmpp id number": "id",
    "gmpp id": "id",
    "project id": "id",
    "project name": "name",
    "department": "department",
    "dept": "department",
    "annual report category": "category",
    "category": "category",
    "description / aims": "description",
    "description/aims": "description",
    "project - start date (latest approved start date)": "start",
    "project start date": "start",
    "start date": "start",
    "project - end date (latest approved end date)": "end",
    "project end date": "end",
    "end date": "end",
    "departmental narrative on schedule, including any deviation from planned schedule "
    "(if necessary)": "narrative",
    "departmental narrative on schedule": "narrative",
    "total baseline whole life costs (£m) (including non-government costs)": "cost",
    "total baseline whole life costs (£m)": "cost",
    "sro delivery confidence assessment": "sro_dca",
    "ipa delivery confidence assessment": "dca",
}
# The IPA rating's header carries a long explanation in parentheses, which varies.
_PREFIXES = (("ipa delivery confidence assessment", "dca"),)


def _compact(text: str) -> str:
    """A header without its spacing or case, a mis-decoded ``£`` mended."""
    return re.sub(r"\s+", "", text.replace("Â£", "£").replace("\ufffd", "£")).casefold()


_TABLE = {_compact(spelling): field for spelling, field in KNOWN_HEADERS.items()}


def field_of(header: str) -> str | None:
    """The field a header names (``None``: not a known spelling)."""
    text = _compact(header)
    if text in _TABLE:
        return _TABLE[text]
    return next((f for prefix, f in _PREFIXES if text.startswith(_compact(prefix))), None)


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's text and where it is (1-based line and column)."""

    text: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Project:
    """One project's cells in one snapshot, by field."""

    cells: tuple[tuple[str, Cell], ...]

    def get(self, field: str) -> Cell | None:
        """The cell of ``field`` (``None`` when the file has no such column or it is empty)."""
        cell = dict(self.cells).get(field)
        return cell if cell is not None and cell.text else None

    def text(self, field: str) -> str | None:
        """The text of ``field``'s cell, or ``None``."""
        cell = self.get(field)
        return cell.text if cell else None


Grid = list[tuple[int, list[str]]]  # (line, cells) of each row


def _known(cells: list[str]) -> int:
    return sum(1 for c in cells if field_of(c) is not None)


def _headers(file: str, cells: list[tuple[str, int, int]]) -> dict[int, str]:
    fields: dict[int, str] = {}
    unknown: list[str] = []
    for index, (header, _line, _col) in enumerate(cells):
        if not header.strip():
            continue
        field = field_of(header)
        if field is None:
            unknown.append(repr(header.strip()))
        else:
            fields[index] = field
    if unknown:
        first = next(c for c in cells if field_of(c[0]) is None and c[0].strip())
        message = f"unknown GMPP headers: {', '.join(unknown)} (add their spellings to the table)"
        raise PlanError([Problem(file, first[1], first[2], message)])
    if "id" not in fields.values():
        raise PlanError([Problem(file, 1, 1, "no 'GMPP ID Number' header")])
    return fields


def read_projects(grid: Grid, file: str) -> tuple[Project, ...]:
    """The projects of a table, in either layout.  Raises :class:`PlanError`."""
    if not grid:
        raise PlanError([Problem(file, 0, 0, "the file is empty (expected GMPP data)")])
    first_row = grid[0][1]
    first_column = [cells[0] if cells else "" for _, cells in grid]
    if max(_known(first_row), _known(first_column)) < 2:
        raise PlanError([Problem(file, 1, 1, "no GMPP headers along the first row or column")])
    projects: list[Project] = []
    if _known(first_row) >= _known(first_column):  # one project a row
        fields = _headers(file, [(h, grid[0][0], i + 1) for i, h in enumerate(first_row)])
        for line, cells in grid[1:]:
            found = [
                (f, Cell(cells[i].strip(), line, i + 1))
                for i, f in fields.items()
                if i < len(cells)
            ]
            projects.append(Project(tuple(found)))
    else:  # transposed: field names down the first column, one project a column
        fields = _headers(file, [(cells[0] if cells else "", line, 1) for line, cells in grid])
        width = max(len(cells) for _, cells in grid)
        for column in range(1, width):
            found = [
                (f, Cell(grid[i][1][column].strip(), grid[i][0], column + 1))
                for i, f in fields.items()
                if column < len(grid[i][1])
            ]
            projects.append(Project(tuple(found)))
    return tuple(p for p in projects if p.get("id") is not None)
