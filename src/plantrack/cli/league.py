"""``plantrack league``: many plans in one table, ranked worst first."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from plantrack.cli import _common
from plantrack.cli._common import (
    DATE,
    as_of_option,
    cache_option,
    emit,
    emit_rich,
    format_option,
    handle_errors,
    max_size_option,
    output_options,
    width_option,
)
from plantrack.errors import PlantrackError
from plantrack.league import compute_league
from plantrack.messages import some
from plantrack.slippage import resolve_as_of

FORMATS = ("table", "json", "csv", "markdown")


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@as_of_option
@click.option(
    "--since",
    type=DATE,
    metavar="DATE",
    help="Also show how much each headline slip changed since DATE.",
)
@click.option(
    "--group-by",
    metavar="TAG",
    help="Also give subtotals (plans, late, median slip) by the value of the plans' TAG.",
)
@format_option(
    FORMATS,
    default="table",
    help="Output: a table for people, JSON (README: Portfolio), CSV or Markdown.",
)
@width_option
@output_options()
@cache_option
@max_size_option
@handle_errors
def league(
    plans: tuple[Path, ...],
    as_of: _dt.date | None,
    since: _dt.date | None,
    group_by: str | None,
    fmt: str,
    width: int | None,
    output: Path | None,
    force: bool,
    use_cache: bool,
    max_size: int,
) -> None:
    """Rank PLANS (files, directories or globs), one row per plan, worst first
    by the slip of each plan's headline milestone (its headline:, else the
    milestone with the latest planned end). Plans whose slips overlap share a
    rank ("=3").

    Each row gives the status, the slip against the original baseline and
    against the baseline in force, the overrun as a share of the planned
    duration (with start:), the re-forecasts and re-baselines, the latest news
    and its age, the trend verdict and the worst other milestone. Invalid
    files are reported after the table (exit 2).
    """
    loaded, problems = _common.load_plans(plans, max_size=max_size, use_cache=use_cache)
    if not loaded:  # nothing to rank: the problems alone, no empty table
        _common.echo_problems(problems)
        raise SystemExit(_common.ExitCode.BAD_INPUT)
    if group_by is not None and loaded:
        tags = sorted({t for p in loaded for t in p.tags})
        if group_by not in tags:
            known = f"tags: {some(tags)}" if tags else "no plan has tags"
            raise PlantrackError(f"--group-by: no plan has the tag '{group_by}' ({known})")
    now = _common.today()
    dated = [(p, resolve_as_of(p, as_of, now)) for p in loaded]
    if since is not None:
        after = [f"{p.file} ({at.isoformat()})" for p, at in dated if since > at]
        if after:
            raise PlantrackError(
                f"--since {since.isoformat()} is after the as-of date of {', '.join(after)} "
                "(expected a date on or before it)"
            )
    table = compute_league(dated, since=since, group_by=group_by)
    if fmt == "json":
        from plantrack.render.league_json import render_league_json

        emit(render_league_json(table), output, force=force)
    elif fmt == "csv":
        from plantrack.render.league_csv import render_league_csv

        emit(render_league_csv(table), output, force=force)
    elif fmt == "markdown":
        from plantrack.render.league_markdown import render_league_markdown

        emit(render_league_markdown(table), output, force=force)
    else:
        from plantrack.render.league_table import render_league_table

        emit_rich(render_league_table(table), output, force=force, width=width)
    _common.echo_problems(problems)
    if problems:
        raise SystemExit(_common.ExitCode.BAD_INPUT)
