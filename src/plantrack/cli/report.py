"""``plantrack report``: one self-contained HTML page for one or more plans."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import click

from plantrack import __version__
from plantrack.cli import _common
from plantrack.cli._common import (
    ExitCode,
    as_of_option,
    cache_option,
    echo_problems,
    emit,
    handle_errors,
    max_size_option,
    output_options,
)
from plantrack.slippage import evaluate, resolve_as_of


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal (where HTML would only scroll by)."""
    return sys.stdout.isatty()


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@as_of_option
@click.option(
    "--no-charts",
    is_flag=True,
    help="Leave the slip and trend charts out (faster; matplotlib not needed).",
)
@click.option(
    "--league",
    "with_league",
    is_flag=True,
    help="Begin with the league: the plans ranked worst first, as plantrack league ranks them.",
)
@output_options(force_help="Overwrite the --output file if it exists.")
@cache_option
@max_size_option
@handle_errors
def report(
    plans: tuple[Path, ...],
    as_of: _dt.date | None,
    no_charts: bool,
    with_league: bool,
    output: Path | None,
    force: bool,
    use_cache: bool,
    max_size: int,
) -> None:
    """Write an HTML report on PLANS (files, directories or globs): one
    self-contained page to open in a browser, mail or publish, readable on a
    phone and printable. Per plan: the summary, the table with each date's
    source number, the slip chart and a trend chart per milestone with
    forecasts (with the plot extra), and the numbered sources. With --league
    the page begins with the plans ranked worst first (plantrack league).

    Give --output FILE; the HTML goes to stdout only when stdout is not a
    terminal (a pipe or a redirect). Nothing is written if a plan has errors.
    """
    if output is None and stdout_is_terminal():
        raise click.UsageError(
            "give --output FILE (e.g. --output report.html), or pipe the HTML to another program"
        )
    loaded, problems = _common.load_plans(plans, max_size=max_size, use_cache=use_cache)
    if problems:
        echo_problems(problems)
        raise SystemExit(ExitCode.BAD_INPUT)
    from plantrack.render.html import render_html

    now = _common.today()
    reports = [evaluate(p, resolve_as_of(p, as_of, now)) for p in loaded]
    league = None
    if with_league:
        from plantrack.league import compute_league

        league = compute_league([(r.plan, r.as_of) for r in reports])
    page = render_html(reports, version=__version__, charts=not no_charts, league=league)
    emit(page, output, force=force)
