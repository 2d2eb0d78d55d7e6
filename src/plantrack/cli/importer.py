"""``plantrack import``: plans from tables other tools wrote (a Click group;
``import`` is a Python keyword, so the module is named ``importer``)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from plantrack.cli import _common
from plantrack.cli._common import DATE, handle_errors, max_size_option
from plantrack.errors import PlanError, PlantrackError, Problem
from plantrack.safetext import for_line

__all__ = ["importer"]

FILE = click.Path(dir_okay=False, path_type=Path)


def read_input(path: Path, max_size: int) -> bytes:
    """The bytes of ``path`` (at most ``max_size``); a file that cannot be read is bad input."""
    from plantrack.files import read_limited

    try:
        with path.open("rb") as f:
            return read_limited(f.fileno(), max_size, str(path))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PlanError([Problem(str(path), 0, 0, f"cannot read file: {reason}")]) from exc


@click.group("import")
def importer() -> None:
    """Make or update plans from tables other tools wrote: a CSV or MS Project
    export (csv) or GitHub milestones (github). See docs/import.md for how
    each column maps to the plan format."""


@importer.command("csv")
@click.argument("file", type=FILE)
@click.option("--out", "out", type=FILE, required=True, metavar="PLAN", help="The plan to write.")
@click.option(
    "--map",
    "mapping",
    metavar="FIELD=COLUMN,...",
    help="The column of each field: id, name, planned, actual, forecast, notes "
    "(e.g. name=Task,planned=Baseline_Finish).",
)
@click.option(
    "--preset",
    type=click.Choice(["msproject"]),
    help="A known export: msproject (ID,Name,...,Finish_Date,...,Baseline_Finish,"
    "Actual_Finish; NA is empty).",
)
@click.option("--dayfirst", "order", flag_value="day", help="Read 03/04/2013 as 3 April.")
@click.option("--monthfirst", "order", flag_value="month", help="Read 03/04/2013 as 4 March.")
@click.option("--name", "plan_name", help="The plan's name. Default: the file's name.")
@click.option(
    "--reported",
    type=DATE,
    help="The date forecasts (a finish that differs from the baseline) are reported on. "
    "Default: today.",
)
@click.option("--force", is_flag=True, help="Overwrite PLAN if it exists.")
@max_size_option
@handle_errors
def csv(
    file: Path,
    out: Path,
    mapping: str | None,
    preset: str | None,
    order: str | None,
    plan_name: str | None,
    reported: _dt.date | None,
    force: bool,
    max_size: int,
) -> None:
    """Write the plan PLAN from the CSV export FILE, one milestone a row.

    Dates may be written in any common form (31/03/2024, 31-Mar-2024,
    March 2024); one that reads two ways (03/04/2013) is refused unless
    --dayfirst or --monthfirst says which. Every problem of every row is
    reported as FILE:LINE:COLUMN, and then nothing is written (exit 2).
    """
    from plantrack.files import write_atomic
    from plantrack.importers.csv_import import PRESETS, CsvImport, import_csv, parse_mapping

    if (mapping is None) == (preset is None):
        raise PlantrackError("give either --map FIELD=COLUMN,... or --preset (one of them)")
    columns, empty = PRESETS[preset] if preset else (parse_mapping(mapping or ""), frozenset())
    spec = CsvImport(
        mapping=columns,
        empty=empty,
        dayfirst=None if order is None else order == "day",
        plan_name=plan_name or file.stem,
        reported=reported or _common.today(),
    )
    text = import_csv(read_input(file, max_size), str(file), spec)
    write_atomic(out, text.encode("utf-8"), overwrite=force, force=force)
    count = text.count("\n  - id: ")
    click.echo(for_line(f"wrote {out}: {count} milestones from {file}"))


@importer.command("github")
@click.argument("file", type=FILE)
@click.option(
    "--into", "into", type=FILE, required=True, metavar="PLAN", help="The plan to update or make."
)
@click.option(
    "--reported",
    type=DATE,
    help="The date a changed due date is reported on, as a new forecast. Default: today.",
)
@click.option("--name", "plan_name", help="The name of a new plan. Default: OWNER/REPO.")
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait while another edit of PLAN is being written.",
)
@max_size_option
@handle_errors
def github(
    file: Path,
    into: Path,
    reported: _dt.date | None,
    plan_name: str | None,
    lock_timeout: float,
    max_size: int,
) -> None:
    """Bring PLAN up to date with GitHub milestones: FILE holds the JSON of
    `gh api repos/OWNER/REPO/milestones?state=all`.

    A new milestone gets its due date as planned (the date in US Pacific
    time, where GitHub sets it); a due date that changed since the last
    import becomes a forecast reported today (or --reported); a closed
    milestone gets its closing date as actual. Each date's source is the
    milestone's page. Run it nightly: nothing changed, nothing is written.
    """
    from plantrack.importers.github import milestone_edits, new_plan_text, read_milestones
    from plantrack.importers.planedits import apply_all, update_plan

    milestones = read_milestones(read_input(file, max_size), str(file))
    when = reported or _common.today()
    if not into.exists():
        from plantrack.files import write_atomic
        from plantrack.loader import load_plan_text

        repo = "/".join(milestones[0].url.split("/")[3:5]) if milestones else into.stem
        text = new_plan_text(plan_name or repo)
        ops = milestone_edits(load_plan_text(text, str(into)), milestones, reported=when)
        write_atomic(into, apply_all(text, ops, str(into)).encode("utf-8"), overwrite=False)
        click.echo(for_line(f"wrote {into}: {len(milestones)} milestones from {file}"))
        return
    count = update_plan(
        into,
        lambda plan: milestone_edits(plan, milestones, reported=when),
        max_size=max_size,
        lock_timeout=lock_timeout,
    )
    done = f"{count} edit{'s' if count != 1 else ''} from {file}" if count else "up to date"
    click.echo(for_line(f"{into}: {done}"))


def _snapshot_dates(files: tuple[Path, ...], given: tuple[_dt.date, ...]) -> list[_dt.date]:
    from plantrack.importers.gmpp import snapshot_from_name

    if given:
        if len(given) != len(files):
            raise PlantrackError(
                f"{len(given)} --snapshot dates for {len(files)} files (give one per file, "
                "in the same order, or none to read them from the file names)"
            )
        return list(given)
    dates, problems = [], []
    for f in files:
        date = snapshot_from_name(f.name)
        if date is None:
            problems.append(
                Problem(str(f), 0, 0, "no date in the file name (give --snapshot DATE)")
            )
        dates.append(date or _dt.date.min)
    if problems:
        raise PlanError(problems)
    return dates


def _folder_plans(out: Path) -> dict[str, bytes]:
    """The plans already in ``out`` made by this importer (a ``gmpp-`` source)."""
    found = {}
    for path in sorted(out.glob("*.yaml")) if out.is_dir() else []:
        data = path.read_bytes()
        if b"\n  gmpp-" in data:
            found[path.name] = data
    return found


@importer.command("gmpp")
@click.argument("files", nargs=-1, required=True, type=FILE)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    metavar="DIR",
    help="The folder of plans, one per project (<gmpp-id>.yaml).",
)
@click.option(
    "--snapshot",
    "snapshots",
    type=DATE,
    multiple=True,
    help="The date each FILE's data stands at (once per FILE, in order). "
    "Default: the date in the file's name.",
)
@max_size_option
@handle_errors
def gmpp(
    files: tuple[Path, ...], out: Path, snapshots: tuple[_dt.date, ...], max_size: int
) -> None:
    """Make or update one plan per project in DIR from the UK Government Major
    Projects Portfolio data (CSV, or .xlsx with the xlsx extra), one FILE per
    snapshot, in either published layout (a project a row, or a column).

    The first snapshot's end date is the plan; each later change is a
    re-baseline approved at that snapshot's date. Importing a snapshot again
    changes nothing. Every problem of every file is reported before anything
    is written. See docs/import.md.
    """
    from plantrack.files import write_atomic
    from plantrack.importers.gmpp import Snapshot, check_snapshot, import_gmpp
    from plantrack.importers.gmpp_table import read_projects
    from plantrack.importers.tables import read_grid
    from plantrack.importers.xlsx import read_xlsx

    read: list[Snapshot] = []
    problems: list[Problem] = []
    for path, date in zip(files, _snapshot_dates(files, snapshots), strict=True):
        try:
            data = read_input(path, max_size)
            grid = read_xlsx(data, str(path)) if path.suffix.lower() == ".xlsx" else None
            grid = grid if grid is not None else read_grid(data, str(path))
            read.append(check_snapshot(read_projects(grid, str(path)), str(path), date))
        except PlanError as exc:
            problems += exc.problems
    if problems:
        raise PlanError(problems)
    old = _folder_plans(out)
    texts = {name: data.decode("utf-8") for name, data in old.items()}
    imported = import_gmpp(read, texts)
    changed = imported.plans
    out.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(changed.items()):
        before = old.get(name)
        write_atomic(
            out / name, text.encode("utf-8"), expected=before, overwrite=before is not None
        )
    for warning in imported.warnings:
        click.echo(for_line(f"plantrack: warning: {warning}"), err=True)
    made = sum(1 for name in changed if name not in old)
    click.echo(
        for_line(
            f"{out}: {made} plans made, {len(changed) - made} updated, from {len(files)} files"
        )
    )
