"""``plantrack trend``: milestone trend analysis (MTA) of a plan's forecasts."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from plantrack.cli import _common
from plantrack.cli._common import (
    as_of_option,
    cache_option,
    emit,
    emit_rich,
    format_option,
    handle_errors,
    make_console,
    max_size_option,
    output_options,
    width_option,
)
from plantrack.errors import PlantrackError
from plantrack.safetext import for_line
from plantrack.slippage import resolve_as_of
from plantrack.trend import compute_trends

if TYPE_CHECKING:
    from plantrack.model import Plan
    from plantrack.trend import Trend

FORMATS = ("table", "json")


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--milestone",
    "-m",
    "milestones",
    multiple=True,
    metavar="ID",
    help="Only this milestone (repeatable). Default: every milestone with forecasts.",
)
@as_of_option
@format_option(
    FORMATS,
    default="table",
    help="Output: the history and figures for people, or JSON (docs/trend.md).",
)
@click.option("--chart", is_flag=True, help="Also draw the trend chart in the terminal.")
@click.option(
    "--svg",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the chart as SVG (needs the plot extra: pip install 'plantrack-cli[plot]').",
)
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the chart as PNG (needs the plot extra: pip install 'plantrack-cli[plot]').",
)
@width_option
@output_options(force_help="Overwrite the --output, --svg and --png files if they exist.")
@cache_option
@max_size_option
@handle_errors
def trend(
    plans: tuple[Path, ...],
    milestones: tuple[str, ...],
    as_of: _dt.date | None,
    fmt: str,
    chart: bool,
    svg: Path | None,
    png: Path | None,
    width: int | None,
    output: Path | None,
    force: bool,
    use_cache: bool,
    max_size: int,
) -> None:
    """Show how each milestone of PLANS (files, directories or globs) drifted:
    every forecast at the date it was reported, its slip, the slip rate
    (months of slip per month elapsed), a verdict, and where the milestone
    lands if the rate holds.

    A rate of 1 means the date moves out as fast as time passes: such a
    milestone never lands, and no projection date is given. Figures built
    from fuzzy dates are ranges ("0.57–0.76").
    """
    if len(plans) == 1 and plans[0].is_file():
        _one_plan(
            plans[0],
            milestones,
            as_of,
            fmt,
            chart,
            svg,
            png,
            width,
            output,
            force,
            max_size,
            use_cache=use_cache,
        )
        return
    if svg is not None or png is not None:
        raise click.UsageError("--svg and --png draw one plan: give one PLAN file")
    _several(
        plans, milestones, as_of, fmt, chart, width, output, force, max_size, use_cache=use_cache
    )


def _one_plan(
    plan: Path,
    milestones: tuple[str, ...],
    as_of: _dt.date | None,
    fmt: str,
    chart: bool,
    svg: Path | None,
    png: Path | None,
    width: int | None,
    output: Path | None,
    force: bool,
    max_size: int,
    *,
    use_cache: bool,
) -> None:
    """One plan file: the report as before several could be given."""
    loaded = _common.load_plan(plan, max_size=max_size, use_cache=use_cache)
    at = resolve_as_of(loaded, as_of, _common.today())
    unknown = [m for m in milestones if m not in {x.id for x in loaded.milestones}]
    if unknown:
        known = ", ".join(m.id for m in loaded.milestones) or "none"
        names = ", ".join(repr(u) for u in unknown)
        raise PlantrackError(f"{plan}: no milestone {names} (milestones: {known})")
    trends = compute_trends(loaded, at, milestones)
    if svg is not None or png is not None:
        from plantrack.files import write_atomic
        from plantrack.render.chart import ChartFormat, render_chart

        for path, kind in ((svg, ChartFormat.SVG), (png, ChartFormat.PNG)):
            if path is not None:
                picture = render_chart(trends, fmt=kind, title=loaded.name)
                write_atomic(path, picture, overwrite=force, force=force)
    if fmt == "json":
        from plantrack.render.trend_json import render_trend_json

        json = render_trend_json(trends, file=loaded.file, plan=loaded.name, as_of=at)
        emit(json, output, force=force)
        return
    if not trends:
        none = f"{loaded.file}: no milestone has a forecast known at {at.isoformat()}"
        emit(for_line(none) + "\n", output, force=force)
        return
    from rich.console import Group
    from rich.text import Text

    from plantrack.render.trend_table import render_trend_table

    parts = [render_trend_table(trends, loaded.file)]
    if chart:
        from plantrack.render.trend_chart import render_trend_chart

        columns = width or (make_console().width if output is None else _common.FILE_WIDTH)
        parts += [Text(""), render_trend_chart(trends, width=min(columns, 100))]
    emit_rich(Group(*parts), output, force=force, width=width)


def _trends_of(
    loaded: list[Plan], milestones: tuple[str, ...], as_of: _dt.date | None
) -> list[tuple[Plan, _dt.date, tuple[Trend, ...]]]:
    """Each plan with its as-of date and trends; with ``milestones``, only the
    plans that have one of them (an id no plan has is an error)."""
    ids = {m.id for p in loaded for m in p.milestones}
    unknown = [m for m in milestones if m not in ids]
    if unknown and loaded:
        names = ", ".join(repr(u) for u in unknown)
        raise PlantrackError(f"no plan has a milestone {names}")
    now = _common.today()
    per_plan = []
    for p in loaded:
        at = resolve_as_of(p, as_of, now)
        wanted = [m for m in milestones if m in {x.id for x in p.milestones}]
        if milestones and not wanted:
            continue
        per_plan.append((p, at, compute_trends(p, at, wanted)))
    return per_plan


def _several(
    plans: tuple[Path, ...],
    milestones: tuple[str, ...],
    as_of: _dt.date | None,
    fmt: str,
    chart: bool,
    width: int | None,
    output: Path | None,
    force: bool,
    max_size: int,
    *,
    use_cache: bool,
) -> None:
    """Several plans (or a directory, or a glob): each plan's report in turn;
    JSON is a list of the one-plan documents.  Invalid files are reported
    after it (exit 2); ``--milestone`` picks the plans that have that id."""
    import json

    from plantrack.safetext import for_json

    loaded, problems = _common.load_plans(plans, max_size=max_size, use_cache=use_cache)
    per_plan = _trends_of(loaded, milestones, as_of)
    if fmt == "json":
        from plantrack.render.trend_json import render_trend_json

        docs = [
            json.loads(render_trend_json(t, file=p.file, plan=p.name, as_of=at))
            for p, at, t in per_plan
        ]
        emit(for_json(json.dumps(docs, indent=2, ensure_ascii=False)) + "\n", output, force=force)
    elif per_plan:
        from rich.console import Group, RenderableType
        from rich.text import Text

        from plantrack.render.trend_table import render_trend_table

        parts: list[RenderableType] = []
        columns = width or (make_console().width if output is None else _common.FILE_WIDTH)
        for p, at, trends in per_plan:
            if parts:
                parts.append(Text(""))
            if not trends:
                parts.append(
                    Text(f"{p.file}: no milestone has a forecast known at {at.isoformat()}")
                )
                continue
            parts.append(render_trend_table(trends, p.file))
            if chart:
                from plantrack.render.trend_chart import render_trend_chart

                parts += [Text(""), render_trend_chart(trends, width=min(columns, 100))]
        emit_rich(Group(*parts), output, force=force, width=width)
    _common.echo_problems(problems)
    if problems:
        raise SystemExit(_common.ExitCode.BAD_INPUT)
