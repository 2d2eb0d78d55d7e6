"""``plantrack slippage``: how late each milestone is, as a table, JSON, CSV or Markdown."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from plantrack.calendars import WEEKDAYS
from plantrack.cli import _common
from plantrack.cli._common import (
    ExitCode,
    as_of_option,
    echo_problems,
    format_option,
    handle_errors,
    max_size_option,
    print_rich,
)
from plantrack.loader import load_plans
from plantrack.model import Plan
from plantrack.slippage import Report, evaluate, resolve_as_of

FORMATS = ("table", "json", "csv", "markdown")


def _calendar_code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--calendar CODE``: ``weekdays`` or a code the holidays package knows (else exit 2)."""
    if value is None or value == WEEKDAYS:
        return value
    from plantrack.calendars import calendar_problem  # imports holidays

    problem = calendar_problem(value)
    if problem is not None:
        raise click.BadParameter(problem, ctx, param)
    return value


def _report(plan: Plan, as_of: _dt.date, calendar: str | None, business_days: bool) -> Report:
    """The plan evaluated as of ``as_of``; with business days on each slip when
    asked (``--business-days``, ``--calendar``) or when the plan sets a calendar."""
    report = evaluate(plan, as_of)
    code = calendar or plan.calendar
    if not (business_days or calendar is not None or code != WEEKDAYS):
        return report  # nothing asked: no calendar is built (or holidays imported)
    from plantrack.calendars import get_calendar
    from plantrack.check import with_business_days

    cal = get_calendar(code)
    results = tuple(with_business_days(r, as_of, cal) for r in report.results)
    return Report(report.plan, report.as_of, results)


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
    max_size: int,
) -> None:
    """Show how late each milestone of PLANS is (files, directories or globs).

    Slip is given at the precision the sources allow: "9 months", "6–7 months",
    "10 months 9 days". Earlier forecasts are listed under the latest.
    """
    loaded, problems = load_plans(plans, max_size=max_size)
    now = _common.today()
    reports = [_report(p, resolve_as_of(p, as_of, now), calendar, business_days) for p in loaded]
    if fmt == "json":
        from plantrack.render.json import render_json

        click.echo(render_json(reports, as_of or now), nl=False)
    elif fmt == "csv":
        from plantrack.render.csv import render_csv

        click.echo(render_csv(reports, raw=csv_raw), nl=False)
    elif fmt == "markdown":
        from plantrack.render.markdown import render_markdown

        click.echo(render_markdown(reports), nl=False)
    elif reports:
        from plantrack.render.table import render_table

        print_rich(render_table(reports, timeline=timeline, business_days=business_days))
    echo_problems(problems)
    if problems:
        raise SystemExit(ExitCode.BAD_INPUT)
