"""``plantrack trend``: milestone trend analysis (MTA) of a plan's forecasts."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from plantrack.cli import _common
from plantrack.cli._common import (
    as_of_option,
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
from plantrack.loader import load_plan
from plantrack.safetext import for_line
from plantrack.slippage import resolve_as_of
from plantrack.trend import compute_trends

FORMATS = ("table", "json")


@click.command()
@click.argument("plan", type=click.Path(path_type=Path))
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
@max_size_option
@handle_errors
def trend(
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
) -> None:
    """Show how each milestone of PLAN drifted: every forecast at the date it
    was reported, its slip, the slip rate (months of slip per month elapsed),
    a verdict, and where the milestone lands if the rate holds.

    A rate of 1 means the date moves out as fast as time passes: such a
    milestone never lands, and no projection date is given. Figures built
    from fuzzy dates are ranges ("0.57–0.76").
    """
    loaded = load_plan(plan, max_size=max_size)
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
