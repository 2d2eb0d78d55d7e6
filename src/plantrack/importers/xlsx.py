"""The first sheet of an Excel workbook as rows of text (openpyxl, the
optional ``xlsx`` extra, imported only here)."""

from __future__ import annotations

import datetime as _dt
import importlib
import io
from typing import Any

from plantrack.errors import PlanError, PlantrackError, Problem

__all__ = ["read_xlsx"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, file: str) -> list[tuple[int, list[str]]]:
    """``(row number, cells)`` of each non-blank row of the first sheet."""
    try:
        openpyxl: Any = importlib.import_module("openpyxl")  # untyped: Any
    except ImportError as exc:
        raise PlantrackError(
            f"{file}: reading .xlsx needs openpyxl: pip install 'plantrack-cli[xlsx]'"
        ) from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise PlanError([Problem(file, 0, 0, f"not an Excel workbook: {exc}")]) from exc
    sheet = book.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in row]
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    book.close()
    return rows
