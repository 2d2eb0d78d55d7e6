"""A spreadsheet or MS Project export (CSV) to a new plan.

Each row is a milestone.  A column mapping names the column of each field:
``id`` (default: made from the name), ``name``, ``planned``, ``actual``,
``forecast`` (the current finish: a forecast reported on the import date
when it differs from the planned date and nothing has happened yet) and
``notes``.  Every problem in every row is reported at once.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from plantrack.errors import PlanError, PlantrackError, Problem
from plantrack.importers.celldates import CellDateError, parse_cell_date
from plantrack.importers.tables import Row, Table, read_table

__all__ = ["FIELDS", "PRESETS", "CsvImport", "import_csv", "parse_mapping", "slug"]

FIELDS = ("id", "name", "planned", "actual", "forecast", "notes")
DATE_FIELDS = ("planned", "actual", "forecast")
SOURCE_ID = "csv"

# --preset NAME: the columns an export names, and the cells it writes for "no value".
PRESETS: dict[str, tuple[dict[str, str], frozenset[str]]] = {
    "msproject": (
        {
            "id": "ID",
            "name": "Name",
            "planned": "Baseline_Finish",
            "actual": "Actual_Finish",
            "forecast": "Finish_Date",
        },
        frozenset({"NA"}),
    ),
}


@dataclass(frozen=True, slots=True)
class CsvImport:
    """What to import: the field -> column mapping, the cells meaning "no
    value", the date order (``None``: refuse an ambiguous date), the plan's
    name and the date forecasts are reported on."""

    mapping: Mapping[str, str]
    empty: frozenset[str]
    dayfirst: bool | None
    plan_name: str
    reported: _dt.date


def parse_mapping(text: str) -> dict[str, str]:
    """``planned=Baseline_Finish,actual=Actual_Finish`` as a mapping.
    Raises :class:`PlantrackError` naming what is wrong."""
    mapping: dict[str, str] = {}
    for part in (p for p in text.split(",") if p.strip()):
        field, sep, column = (s.strip() for s in part.partition("="))
        if not sep or not column:
            raise PlantrackError(f"--map: {part!r} is not FIELD=COLUMN")
        if field not in FIELDS:
            raise PlantrackError(
                f"--map: no field {field!r} (expected one of: {', '.join(FIELDS)})"
            )
        mapping[field] = column
    if "name" not in mapping and "id" not in mapping:
        raise PlantrackError("--map: map 'name' or 'id' (e.g. name=Task_Name)")
    return mapping


def slug(text: str) -> str:
    """An id of the plan format made from ``text``: ``Design Review 2`` -> ``design-review-2``."""
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")


def _columns(table: Table, mapping: Mapping[str, str]) -> dict[str, int]:
    folded = {h.casefold(): i for i, h in reversed(list(enumerate(table.header)))}
    columns, missing = {}, []
    for field, column in mapping.items():
        if column.casefold() in folded:
            columns[field] = folded[column.casefold()]
        else:
            missing.append(f"{field}={column}")
    if missing:
        raise PlanError(
            [
                Problem(
                    table.file,
                    1,
                    0,
                    f"no column for {', '.join(missing)} "
                    f"(the header has: {', '.join(table.header)})",
                )
            ]
        )
    return columns


class _Rows:
    """The rows read into milestone items, with every problem found."""

    def __init__(self, table: Table, spec: CsvImport) -> None:
        self.table, self.spec = table, spec
        self.columns = _columns(table, spec.mapping)
        self.problems: list[Problem] = []
        self.seen: dict[str, int] = {}

    def problem(self, row: Row, field: str, message: str) -> None:
        column = self.columns[field]
        name = self.table.header[column]
        self.problems.append(Problem(self.table.file, row.line, column + 1, f"{name}: {message}"))

    def text(self, row: Row, field: str) -> str | None:
        if field not in self.columns:
            return None
        value = row.cell(self.columns[field])
        return None if not value or value in self.spec.empty else value

    def date(self, row: Row, field: str) -> str | None:
        value = self.text(row, field)
        if value is None:
            return None
        try:
            return parse_cell_date(value, dayfirst=self.spec.dayfirst)
        except CellDateError as exc:
            self.problem(row, field, str(exc))
            return None

    def milestone(self, row: Row) -> dict[str, str] | None:
        name = self.text(row, "name")
        raw_id = self.text(row, "id") or name or ""
        mid = slug(raw_id)
        dates = {f: self.date(row, f) for f in DATE_FIELDS}
        key = "id" if "id" in self.columns else "name"
        if not mid:
            self.problem(row, key, f"{raw_id!r} gives no id (expected letters or digits)")
            return None
        if mid in self.seen:
            self.problem(row, key, f"id {mid!r} is already used on line {self.seen[mid]}")
            return None
        self.seen[mid] = row.line
        planned, forecast = dates["planned"] or dates["forecast"], dates["forecast"]
        values = {"id": mid, "name": name or raw_id, "planned": planned}
        values |= {"actual": dates["actual"], "notes": self.text(row, "notes")}
        if forecast and forecast != planned and not dates["actual"]:
            values["forecast"] = forecast
        return {k: v for k, v in values.items() if v is not None}


def _plan_text(file: str, spec: CsvImport, milestones: list[dict[str, str]]) -> str:
    from plantrack.editrender import Item, date_value, renderer

    render = renderer()
    source: Item = [("title", PurePath(file).name), ("note", "Imported by plantrack import csv.")]
    head: Item = [("plantrack", 1), ("plan", spec.plan_name), ("sources", [(SOURCE_ID, source)])]
    lines = [*render.block(head, 0, 2), "milestones:"]
    for m in milestones:
        item: Item = [("id", m["id"]), ("name", m["name"])]
        item += [(key, date_value(m[key])) for key in ("planned", "actual") if key in m]
        item.append(("source", SOURCE_ID))
        if "notes" in m:
            item.append(("notes", m["notes"]))
        lines += render.item(item, 2, 4, 2)
        if "forecast" in m:
            forecast: Item = [("reported", spec.reported), ("date", date_value(m["forecast"]))]
            forecast.append(("source", SOURCE_ID))
            lines += ["    forecasts:", *render.item(forecast, 6, 8, 2)]
    return "\n".join(lines) + "\n"


def import_csv(data: bytes, file: str, spec: CsvImport) -> str:
    """The plan text for the CSV export ``data`` (named ``file`` in messages).
    Raises :class:`PlanError` with every problem of every row; the text
    returned is a valid plan."""
    from plantrack.loader import load_plan_text

    table = read_table(data, file)
    rows = _Rows(table, spec)
    milestones = [m for row in table.rows if (m := rows.milestone(row)) is not None]
    if rows.problems:
        raise PlanError(sorted(rows.problems, key=lambda p: (p.line, p.column)))
    if not milestones:
        raise PlanError(
            [Problem(file, 0, 0, "no rows under the header (expected one a milestone)")]
        )
    text = _plan_text(file, spec, milestones)
    load_plan_text(text, file)
    return text
