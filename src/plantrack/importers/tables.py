"""Reading a CSV export: its encoding, its delimiter, and the line of each row."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from plantrack.errors import PlanError, Problem

__all__ = ["Row", "Table", "decode_text", "read_grid", "read_table"]

_DELIMITERS = ",;\t"  # a comma, or what a European spreadsheet or a TSV uses


@dataclass(frozen=True, slots=True)
class Row:
    """One record: its line in the file (1-based) and its cells."""

    line: int
    cells: tuple[str, ...]

    def cell(self, index: int) -> str:
        """The cell at ``index`` (0-based), stripped; ``""`` past the row's end."""
        return self.cells[index].strip() if index < len(self.cells) else ""


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file read: the header cells and the rows under it (blank rows dropped)."""

    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def decode_text(data: bytes) -> str:
    """UTF-8 (a byte-order mark dropped), else Windows-1252, the encoding
    Excel on Windows writes "CSV" in (a ``£`` is the byte 0xA3)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(data: bytes, file: str) -> Table:
    """The header and rows of a CSV file.  Raises :class:`PlanError` for a
    file with no header or a quote left open."""
    text = decode_text(data)
    first = text.split("\n")[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    rows: list[Row] = []
    header: tuple[str, ...] | None = None
    try:
        start = 1
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = tuple(cell.strip() for cell in record)
            else:
                rows.append(Row(line, tuple(record)))
    except csv.Error as exc:
        raise PlanError([Problem(file, reader.line_num, 0, f"not a CSV file: {exc}")]) from exc
    if header is None:
        raise PlanError([Problem(file, 0, 0, "the file is empty (expected a header row)")])
    return Table(file, header, tuple(rows))


def read_grid(data: bytes, file: str) -> list[tuple[int, list[str]]]:
    """Every non-blank record of a CSV file with its line: ``(line, cells)``."""
    table = read_table(data, file)
    return [(1, list(table.header)), *((row.line, list(row.cells)) for row in table.rows)]
