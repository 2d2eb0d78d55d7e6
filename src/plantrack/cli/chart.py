"""``plantrack chart``: the slip chart of a whole plan, as SVG or PNG."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from plantrack.cli import _common
from plantrack.cli._common import as_of_option, cache_option, handle_errors, max_size_option
from plantrack.slippage import evaluate, resolve_as_of


@click.command()
@click.argument("plan", type=click.Path(path_type=Path))
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
@as_of_option
@click.option("--force", is_flag=True, help="Overwrite the --svg/--png files if they exist.")
@cache_option
@max_size_option
@handle_errors
def chart(
    plan: Path,
    svg: Path | None,
    png: Path | None,
    as_of: _dt.date | None,
    force: bool,
    use_cache: bool,
    max_size: int,
) -> None:
    """Draw the slip chart of PLAN: one row per milestone, the planned date
    against the actual or latest forecast, coloured by status, with earlier
    forecasts, deadlines and the as-of date. A fuzzy date is drawn as its
    interval. Give --svg FILE, --png FILE or both.
    """
    if svg is None and png is None:
        raise click.UsageError("give --svg FILE or --png FILE (or both)")
    from plantrack.files import write_atomic
    from plantrack.render.chart import ChartFormat, import_matplotlib

    import_matplotlib("--svg" if svg is not None else "--png")  # before reading the plan
    from plantrack.render.slipchart import render_slip_chart

    loaded = _common.load_plan(plan, max_size=max_size, use_cache=use_cache)
    report = evaluate(loaded, resolve_as_of(loaded, as_of, _common.today()))
    for path, kind in ((svg, ChartFormat.SVG), (png, ChartFormat.PNG)):
        if path is not None:
            write_atomic(path, render_slip_chart(report, fmt=kind), overwrite=force, force=force)
