"""``plantrack slippage``: how late each milestone is, as a table, JSON, CSV or Markdown."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

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
from plantrack.slippage import evaluate, resolve_as_of

FORMATS = ("table", "json", "csv", "markdown")


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
@max_size_option
@handle_errors
def slippage(
    plans: tuple[Path, ...],
    as_of: _dt.date | None,
    fmt: str,
    timeline: bool,
    csv_raw: bool,
    max_size: int,
) -> None:
    """Show how late each milestone of PLANS is (files, directories or globs).

    Slip is given at the precision the sources allow: "9 months", "6–7 months",
    "10 months 9 days". Earlier forecasts are listed under the latest.
    """
    loaded, problems = load_plans(plans, max_size=max_size)
    now = _common.today()
    reports = [evaluate(p, resolve_as_of(p, as_of, now)) for p in loaded]
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
        from plantrack.lint import lint_plan
        from plantrack.render.table import render_table

        warnings = {p.file: lint_plan(p, today=now) for p in loaded}
        print_rich(render_table(reports, timeline=timeline, warnings=warnings))
    echo_problems(problems)
    if problems:
        raise SystemExit(ExitCode.BAD_INPUT)
