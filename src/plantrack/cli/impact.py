"""``plantrack impact``: what moves downstream if a milestone slips (a what-if;
nothing is written)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import click

from plantrack.cli import _common
from plantrack.cli._common import (
    ExitCode,
    as_of_option,
    cache_option,
    echo_problems,
    emit,
    format_option,
    handle_errors,
    max_size_option,
    output_options,
)
from plantrack.dates import DateError, FuzzyDate, parse_date
from plantrack.durations import Duration, DurationError, parse_duration
from plantrack.safetext import for_terminal
from plantrack.slippage import resolve_as_of


class SlipParam(click.ParamType):  # type: ignore[type-arg]
    """A duration, negative for a date brought forward: ``1mo``, ``-2 weeks``, ``15bd``."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Duration):
            return value
        text = str(value).strip()
        try:
            d = parse_duration(text.removeprefix("-").strip())
        except DurationError as exc:
            self.fail(for_terminal(str(exc)), param, ctx)
        return Duration(-d.amount, d.unit, text) if text.startswith("-") else d


class PlanDateParam(click.ParamType):  # type: ignore[type-arg]
    """A date of the plan grammar, kept as an interval (``2013-02``)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, FuzzyDate):
            return value
        try:
            return parse_date(value)
        except DateError as exc:
            self.fail(for_terminal(str(exc)), param, ctx)


@click.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.argument("milestone_id", metavar="ID")
@click.option("--slip", type=SlipParam(), help="How much later ID is: 1mo, 2 weeks, -10 days.")
@click.option("--to", "to", type=PlanDateParam(), help="The date ID moves to instead: 2013-02.")
@as_of_option
@format_option(
    ("table", "json", "markdown"), default="table", help="Output: a table, JSON or Markdown."
)
@output_options()
@cache_option
@max_size_option
@handle_errors
def impact(
    plan: Path,
    milestone_id: str,
    slip: Duration | None,
    to: FuzzyDate | None,
    as_of: _dt.date | None,
    fmt: str,
    output: Path | None,
    force: bool,
    use_cache: bool,
    max_size: int,
) -> None:
    """Show what moves downstream (depends_on) if milestone ID of PLAN slips by
    --slip or moves to --to: each milestone's date now and with the change, worst
    first.  A what-if: nothing is written.
    """
    if (slip is None) == (to is None):
        raise click.UsageError("give exactly one of --slip DURATION or --to DATE")
    loaded, problems = _common.load_plans((plan,), max_size=max_size, use_cache=use_cache)
    echo_problems(problems)
    if problems or not loaded:
        raise SystemExit(ExitCode.BAD_INPUT)
    (p,) = loaded
    ids = [m.id for m in p.milestones]
    if milestone_id not in ids:
        from plantrack.messages import Hints, shorten

        hint = Hints().hint(milestone_id, ids)
        raise click.BadParameter(
            f"no milestone {for_terminal(shorten(repr(milestone_id)))} in {p.file}{hint}",
            param_hint="ID",
        )
    from plantrack.impact import impact as what_if
    from plantrack.render import impact as render

    result = what_if(p, resolve_as_of(p, as_of, _common.today()), milestone_id, slip=slip, to=to)
    if fmt == "json":
        emit(render.render_impact_json(result), output, force=force)
    elif fmt == "markdown":
        emit(render.render_impact_markdown(result), output, force=force)
    else:
        emit(render.render_impact_table(result), output, force=force)
