"""GMPP snapshots into one plan per project: the first snapshot's end date
is the plan, every later change of it a re-baseline approved at the snapshot
date, each snapshot a source whose note holds that year's confidence rating
and schedule narrative.  Pure: plan texts in, plan texts out.

* A cell that says the value is exempt from publication (``Exempt under
  Section 43 ...``) is unknown: never an error, never a date.
* A project missing from a later snapshot gets that snapshot as a source
  noting it is "not in the 2022 data"; nothing is deleted.
* A snapshot already imported into a plan (its source is there) changes
  nothing: importing the same file twice is byte-identical.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plantrack.dates import parse_date
from plantrack.datetypes import FuzzyDate
from plantrack.editing import Op, add_rebaseline, add_source
from plantrack.errors import PlanError, Problem
from plantrack.format import TAG_MAX_LENGTH
from plantrack.importers.celldates import CellDateError, parse_cell_date
from plantrack.importers.csv_import import slug
from plantrack.importers.gmpp_table import Project
from plantrack.importers.planedits import apply_all
from plantrack.loader import load_plan_text
from plantrack.model import Plan

__all__ = [
    "END_ID",
    "Facts",
    "Imported",
    "Snapshot",
    "check_snapshot",
    "facts_of",
    "import_gmpp",
    "snapshot_from_name",
]

END_ID = "end"
PUBLISHER = "Infrastructure and Projects Authority"
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Facts:
    """What plantrack keeps of one project in one snapshot (dates in the plan grammar)."""

    gmpp_id: str
    name: str
    start: str | None
    end: str | None
    exempt: tuple[str, ...]  # the fields withheld (exempt from publication)
    notes: tuple[tuple[str, str], ...]  # (label, text): department, ratings, narrative...

    @property
    def file_name(self) -> str:
        """The plan's file name: the GMPP id made an id, ``.yaml``."""
        return f"{slug(self.gmpp_id)}.yaml"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One file of GMPP data: its name, the date it stands at, its projects."""

    file: str
    date: _dt.date
    projects: tuple[Facts, ...]

    @property
    def source_id(self) -> str:
        """The id of this snapshot's source in every plan: ``gmpp-2021-03-31``."""
        return f"gmpp-{self.date.isoformat()}"


def snapshot_from_name(name: str) -> _dt.date | None:
    """The date a file name holds (``gmpp_2021-03-31.csv``, ``GMPP-20190930.xlsx``), if any."""
    for hit in _NAME_DATE.finditer(name):
        try:
            return _dt.date(int(hit[1]), int(hit[2]), int(hit[3]))
        except ValueError:
            continue
    return None


_LABELS = (
    ("department", "Department"),
    ("category", "Category"),
    ("dca", "IPA delivery confidence"),
    ("sro_dca", "SRO delivery confidence"),
    ("cost", "Whole life cost (£m)"),
    ("narrative", "Schedule"),
)


def facts_of(project: Project, file: str, problems: list[Problem]) -> Facts | None:
    """A project's facts; a cell that is no date is added to ``problems``."""
    exempt: list[str] = []
    dates: dict[str, str | None] = {}
    for field in ("start", "end"):
        cell = project.get(field)
        dates[field] = None
        if cell is None:
            continue
        if "exempt" in cell.text.casefold():
            exempt.append(field)
            continue
        try:
            dates[field] = parse_cell_date(cell.text, dayfirst=True)  # UK data
        except CellDateError as exc:
            problems.append(Problem(file, cell.line, cell.column, f"{field} date: {exc}"))
    notes = []
    for field, label in _LABELS:
        text = project.text(field)
        if text and "exempt" in text.casefold():
            exempt.append(field)
        elif text:
            notes.append((label, " ".join(text.split())))
    gmpp_id = project.text("id") or ""
    if not slug(gmpp_id):
        cell = project.get("id")
        assert cell is not None
        problems.append(
            Problem(file, cell.line, cell.column, f"GMPP id {gmpp_id!r} has no letters or digits")
        )
        return None
    name = " ".join((project.text("name") or gmpp_id).split())
    return Facts(gmpp_id, name, dates["start"], dates["end"], tuple(exempt), tuple(notes))


def _source_note(facts: Facts | None, snapshot: Snapshot) -> str:
    if facts is None:
        return f"Not in the {snapshot.date.year} data: left the portfolio, or not published."
    parts = [f"{label}: {text}" for label, text in facts.notes]
    if facts.exempt:
        parts.append(f"Exempt from publication: {', '.join(facts.exempt)}")
    return ". ".join(p.rstrip(".") for p in parts) + "." if parts else ""


def _source_values(snapshot: Snapshot, facts: Facts | None) -> dict[str, str | None]:
    return {
        "title": f"GMPP data as at {snapshot.date.isoformat()}",
        "publisher": PUBLISHER,
        "date": snapshot.date.isoformat(),
        "note": _source_note(facts, snapshot) or None,
    }


def _source(snapshot: Snapshot, facts: Facts | None) -> Op:
    values = _source_values(snapshot, facts)
    return add_source(
        source_id=snapshot.source_id,
        title=values["title"] or "",
        publisher=values["publisher"],
        date=values["date"],
        note=values["note"],
    )


_TAGS = (("department", "Department"), ("category", "Category"))


def _tags(facts: Facts) -> list[tuple[str, str]]:
    """The plan's ``tags:``: department and category, when published and short enough."""
    notes = dict(facts.notes)
    return [
        (tag, notes[label])
        for tag, label in _TAGS
        if label in notes and len(notes[label]) <= TAG_MAX_LENGTH
    ]


def _new_plan(facts: Facts, snapshot: Snapshot) -> str:
    from plantrack.editrender import Item, date_value, renderer

    milestone: Item = [("id", END_ID), ("name", "Project end (latest approved end date)")]
    if facts.end:
        milestone.append(("planned", date_value(facts.end)))
    milestone.append(("source", snapshot.source_id))
    source: Item = [
        (k, date_value(v) if k == "date" else v)
        for k, v in _source_values(snapshot, facts).items()
        if v is not None
    ]
    plan: Item = [("plantrack", 1), ("plan", facts.name), ("notes", f"GMPP id {facts.gmpp_id}.")]
    if facts.start:
        plan.append(("start", date_value(facts.start)))
    tags: Item = [(k, v) for k, v in _tags(facts)]
    if tags:
        plan.append(("tags", tags))
    plan.append(("sources", [(snapshot.source_id, source)]))
    render = renderer()
    lines = [*render.block(plan, 0, 2), "milestones:", *render.item(milestone, 2, 4, 2)]
    text = "\n".join(lines) + "\n"
    load_plan_text(text, facts.file_name)
    return text


def _baseline(plan: Plan) -> object:
    m = next(m for m in plan.milestones if m.id == END_ID)
    return m.rebaselines[-1].date if m.rebaselines else m.planned


def _edits(plan: Plan, facts: Facts | None, snapshot: Snapshot) -> list[Op]:
    ops = [_source(snapshot, facts)]
    if facts is None or facts.end is None:
        return ops
    current = _baseline(plan)
    wanted = parse_date(facts.end)
    if not (
        isinstance(current, FuzzyDate)
        and (current.start, current.end) == (wanted.start, wanted.end)
    ):
        note = _source_note(facts, snapshot) or None
        ops.append(
            add_rebaseline(
                milestone_id=END_ID,
                date=facts.end,
                approved=snapshot.date.isoformat(),
                source=snapshot.source_id,
                note=note,
            )
        )
    return ops


def _is_portfolio_plan(plan: Plan, before: _dt.date) -> bool:
    dates = [s.date for k, s in plan.sources.items() if k.startswith("gmpp-") and s.date]
    return any(m.id == END_ID for m in plan.milestones) and any(d.end < before for d in dates)


_COMMON = frozenset({"project", "programme", "the", "and", "for", "of", "new", "phase"})


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.casefold()) if w not in _COMMON}


def _target(facts: Facts, texts: Mapping[str, str]) -> tuple[str, str | None]:
    """The plan file of ``facts``: its id's, unless that plan is of a project
    whose name shares no word with this one (a department reused the id):
    then one named by id and name, and a warning."""
    text = texts.get(facts.file_name)
    if text is None:
        return facts.file_name, None
    plan = load_plan_text(text, facts.file_name)
    if _words(plan.name) & _words(facts.name) or not _words(facts.name):
        return facts.file_name, None
    other = f"{facts.file_name.removesuffix('.yaml')}-{slug(facts.name)[:60]}.yaml"
    warning = (
        f"GMPP id {facts.gmpp_id!r} is now {facts.name!r}, not {plan.name!r}: "
        f"a reused id? kept apart in {other}"
    )
    return other, warning


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import changed (file name -> new text) and what it warns of."""

    plans: Mapping[str, str]
    warnings: tuple[str, ...]


def import_gmpp(snapshots: Sequence[Snapshot], plans: Mapping[str, str]) -> Imported:
    """The plans (file name -> text) after importing ``snapshots`` in date
    order into ``plans`` (the texts of the plans already in the folder): only
    those made or changed.  Raises :class:`PlanError` (an invalid plan)."""
    texts = dict(plans)
    warnings: list[str] = []
    for snapshot in sorted(snapshots, key=lambda s: s.date):
        seen = set()
        for facts in snapshot.projects:
            name, warning = _target(facts, texts)
            if warning and warning not in warnings:
                warnings.append(warning)
            seen.add(name)
            text = texts.get(name)
            if text is None:
                texts[name] = _new_plan(facts, snapshot)
                continue
            plan = load_plan_text(text, name)
            if snapshot.source_id not in plan.sources:
                texts[name] = apply_all(text, _edits(plan, facts, snapshot), name)
        for name, text in sorted(texts.items()):
            if name in seen:
                continue
            plan = load_plan_text(text, name)
            if snapshot.source_id not in plan.sources and _is_portfolio_plan(plan, snapshot.date):
                texts[name] = apply_all(text, [_source(snapshot, None)], name)
    changed = {name: text for name, text in texts.items() if plans.get(name) != text}
    return Imported(changed, tuple(warnings))


def check_snapshot(projects: Sequence[Project], file: str, date: _dt.date) -> Snapshot:
    """The snapshot of ``projects``; raises :class:`PlanError` with every bad cell."""
    problems: list[Problem] = []
    found = [f for p in projects if (f := facts_of(p, file, problems)) is not None]
    ids: dict[str, str] = {}
    for f in found:
        if f.file_name in ids:
            problems.append(Problem(file, 0, 0, f"GMPP id {f.gmpp_id!r} appears twice"))
        ids[f.file_name] = f.gmpp_id
    if problems:
        raise PlanError(problems)
    return Snapshot(file, date, tuple(found))
