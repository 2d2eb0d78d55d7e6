"""``plantrack slippage``: how late each milestone is, as a table, JSON, CSV or Markdown."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, NamedTuple

import click

from plantrack.cli import _common
from plantrack.cli._common import (
    ExitCode,
    as_of_option,
    cache_option,
    echo_problems,
    emit,
    emit_rich,
    format_option,
    handle_errors,
    load_plans,
    max_size_option,
    output_options,
    width_option,
)
from plantrack.cli.terminal import plain_width
from plantrack.model import Plan
from plantrack.safetext import for_terminal, no_command_lines
from plantrack.selection import SortKey, parse_statuses, select
from plantrack.slippage import Report, Status, evaluate, resolve_as_of

FORMATS = ("table", "json", "csv", "markdown")
# plantrack.calendars.WEEKDAYS, written here so that a plan without business
# days does not import calendars (tests/test_startup_imports.py checks they agree)
WEEKDAYS = "weekdays"


def _calendar_code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--calendar CODE``: ``weekdays`` or a code the holidays package knows (else exit 2)."""
    if value is None or value == WEEKDAYS:
        return value
    from plantrack.calendars import calendar_problem  # imports holidays

    problem = calendar_problem(value)
    if problem is not None:
        raise click.BadParameter(problem, ctx, param)
    return value


class StatusListParam(click.ParamType):  # type: ignore[type-arg]
    """A comma-separated list of statuses: ``late,overdue,forecast-late``."""

    name = "STATUS,..."

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, frozenset):
            return value
        statuses, unknown = parse_statuses(str(value))
        if unknown or not statuses:
            names = ", ".join(repr(u) for u in unknown) if unknown else "nothing"
            known = ", ".join(s.value.replace(" ", "-") for s in Status)
            self.fail(
                f"{for_terminal(names)} is not a status (expected a comma-"
                f"separated list of: {known})",
                param,
                ctx,
            )
        return statuses


def _report(plan: Plan, as_of: _dt.date, calendar: str | None, business_days: bool) -> Report:
    """The plan evaluated as of ``as_of``; with business days on each slip when
    asked (``--business-days``, ``--calendar``) or when the plan sets a calendar."""
    report = evaluate(plan, as_of)
    if not (business_days or calendar is not None or plan.calendar != WEEKDAYS):
        return report  # nothing asked: no calendar is built (calendars not even imported)
    from plantrack.calendars import get_calendar
    from plantrack.check import with_business_days

    cal = get_calendar(calendar or plan.calendar)
    results = tuple(with_business_days(r, as_of, cal) for r in report.results)
    return Report(report.plan, report.as_of, results)


class _TableOptions(NamedTuple):
    timeline: bool
    business_days: bool
    latest_only: bool
    sources: bool


def _table(
    reports: list[Report],
    plans: dict[str, Plan],
    now: _dt.date,
    *,
    options: _TableOptions,
    width: int | None,
    output: Path | None,
    force: bool,
) -> None:
    """The table on stdout or in ``output``: piped, as plain lines drawn
    without Rich (:mod:`plantrack.render.table_plain`) when the table needs
    none of Rich's layout; else through Rich, as on a terminal."""
    from plantrack.lint import lint_plan

    warnings = {file: lint_plan(p, today=now) for file, p in plans.items()}
    plain = plain_width(width) if output is None else None
    if plain is not None and not (options.timeline or options.sources):
        from plantrack.render.table_plain import plain_table

        text = plain_table(
            reports,
            width=plain,
            business_days=options.business_days,
            warnings=warnings,
            latest_only=options.latest_only,
        )
        if text is not None:
            click.echo(no_command_lines(text))
            return
    from plantrack.render.table import render_table

    table = render_table(
        reports,
        timeline=options.timeline,
        business_days=options.business_days,
        warnings=warnings,
        latest_only=options.latest_only,
        sources=options.sources,
    )
    emit_rich(table, output, force=force, width=width)


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@as_of_option
@format_option(
    FORMATS,
    default="table",
    help="Output: a table for people, JSON (the documented contract), CSV or Markdown.",
)
@click.option(
    "--timeline",
    is_flag=True,
    help="Under the table, draw each milestone on a time axis: planned, slip, actual.",
)
@click.option(
    "--csv-raw",
    is_flag=True,
    help="With --format csv, leave cells that start with =, +, -, @, tab or CR as they "
    "are; by default they get a ' in front, so a spreadsheet does not run them as formulas.",
)
@click.option(
    "--business-days",
    is_flag=True,
    help="Count each slip in business days too (the plan's calendar, else weekdays): "
    'the table shows "10 months · 203–224 business days"; JSON adds '
    "business_days_min/max.",
)
@click.option(
    "--calendar",
    metavar="CODE",
    callback=_calendar_code,
    help="Working days for business days, instead of the plan's calendar: weekdays, "
    "or a country or subdivision code (GB, GB-ENG, US, DE-BY).",
)
@click.option(
    "--status",
    "statuses",
    type=StatusListParam(),
    help="Only milestones with these statuses, e.g. late,overdue,forecast-late (an "
    "unknown name lists them all), in every format; the summary counts only these.",
)
@click.option(
    "--sort",
    type=click.Choice([k.value for k in SortKey]),
    help="Order milestones by slip (worst first, none last), planned or expected "
    "date (earliest first), or id. Default: as in the file.",
)
@click.option(
    "--latest-only",
    is_flag=True,
    help="Table and Markdown: only each milestone's latest date, no earlier forecasts.",
)
@click.option(
    "--sources",
    is_flag=True,
    help="Under each table, the numbered list of the sources it cites: title, "
    "publisher, date, URL.",
)
@width_option
@output_options()
@cache_option
@max_size_option
@handle_errors
def slippage(
    plans: tuple[Path, ...],
    as_of: _dt.date | None,
    fmt: str,
    timeline: bool,
    csv_raw: bool,
    business_days: bool,
    calendar: str | None,
    statuses: frozenset[Status] | None,
    sort: str | None,
    latest_only: bool,
    sources: bool,
    width: int | None,
    output: Path | None,
    force: bool,
    use_cache: bool,
    max_size: int,
) -> None:
    """Show how late each milestone of PLANS is (files, directories or globs).

    Slip is given at the precision the sources allow: "9 months", "6–7 months",
    "10 months 9 days". Earlier forecasts are listed under the latest.
    """
    if sources and fmt != "table":
        raise click.UsageError("--sources lists the sources under the table (--format table)")
    if latest_only and fmt == "json":
        raise click.UsageError(
            "--latest-only is for the table and Markdown; JSON's forecast is the latest "
            "and its forecasts list every one known"
        )
    loaded, problems = load_plans(plans, max_size=max_size, use_cache=use_cache)
    now = _common.today()
    order = SortKey(sort) if sort else None
    reports = [
        select(
            _report(p, resolve_as_of(p, as_of, now), calendar, business_days),
            statuses=statuses or (),
            sort=order,
        )
        for p in loaded
    ]
    if fmt == "json":
        from plantrack.render.json import json_chunks

        chunks = json_chunks(reports, as_of or now)
        if output is None:  # streamed: a big plan's document is never held whole
            for chunk in chunks:
                click.echo(chunk, nl=False)
        else:
            emit("".join(chunks), output, force=force)
    elif fmt == "csv":
        from plantrack.render.csv import render_csv

        emit(render_csv(reports, raw=csv_raw), output, force=force)
    elif fmt == "markdown":
        from plantrack.render.markdown import render_markdown

        emit(render_markdown(reports, latest_only=latest_only), output, force=force)
    elif reports:
        _table(
            reports,
            {p.file: p for p in loaded},
            now,
            options=_TableOptions(timeline, business_days, latest_only, sources),
            width=width,
            output=output,
            force=force,
        )
    echo_problems(problems)
    if problems:
        raise SystemExit(ExitCode.BAD_INPUT)
