"""``plantrack export``: a plan as a Mermaid gantt chart, an iCalendar file or CSV."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import click

from plantrack import __version__
from plantrack.cli import _common
from plantrack.cli._common import as_of_option, cache_option, handle_errors, max_size_option
from plantrack.safetext import for_line, for_terminal
from plantrack.slippage import evaluate, resolve_as_of

FORMATS = ("mermaid", "ics", "csv")
_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7}
_ALARM_RE = re.compile(r"\s*(\d{1,4})\s*([a-z]+)\s*")


class AlarmParam(click.ParamType):  # type: ignore[type-arg]
    """How long before each event its reminder fires: ``7d``, ``2w``, ``10 days``."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, _dt.timedelta):
            return value
        match = _ALARM_RE.fullmatch(str(value).lower())
        if match is None or match.group(2) not in _UNITS:
            self.fail(
                f"{for_terminal(repr(value))} is not a duration "
                "(expected days or weeks, e.g. 7d, 2w, 10 days)",
                param,
                ctx,
            )
        return _dt.timedelta(days=int(match.group(1)) * _UNITS[match.group(2)])


@click.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="The format: a Mermaid gantt chart, iCalendar (needs the ics extra) or CSV.",
)
@as_of_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write to FILE (atomically) instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
@click.option(
    "--alarm",
    type=AlarmParam(),
    help="With --to ics, a reminder this long before each event, e.g. 7d or 2w.",
)
@cache_option
@max_size_option
@handle_errors
def export(
    plan: Path,
    fmt: str,
    as_of: _dt.date | None,
    output: Path | None,
    force: bool,
    alarm: _dt.timedelta | None,
    use_cache: bool,
    max_size: int,
) -> None:
    """Export PLAN as it stood at the as-of date, for publishing elsewhere.

    \b
    mermaid  a gantt chart to paste into a GitHub README, in a mermaid
             code block: per milestone its planned date, latest forecast and
             actual; a fuzzy date is a bar over its whole interval
    ics      one all-day event per milestone on its expected date (a fuzzy
             date's last day), with stable UIDs, so a subscribed calendar
             updates rather than duplicates; needs the ics extra:
             pip install 'plantrack-cli[ics]'
    csv      the same as slippage --format csv

    Milestones with no date at all are left out of mermaid and ics (a note
    on stderr names them). See docs/export.md.
    """
    if alarm is not None and fmt != "ics":
        raise click.UsageError("--alarm applies to --to ics only")
    loaded = _common.load_plan(plan, max_size=max_size, use_cache=use_cache)
    report = evaluate(loaded, resolve_as_of(loaded, as_of, _common.today()))
    data: bytes
    left_out: list[str] = []
    if fmt == "csv":
        from plantrack.render.csv import render_csv

        data = render_csv([report]).encode()
    else:
        from plantrack.render.ics import render_ics, undated

        if fmt == "ics":
            data = render_ics(report, version=__version__, alarm=alarm)
        else:
            from plantrack.render.mermaid import render_mermaid, undrawn

            data = render_mermaid(report).encode()
        left_out = undated(report) if fmt == "ics" else undrawn(report)
    if output is None:
        click.echo(data, nl=False)
    else:
        from plantrack.files import write_atomic

        write_atomic(output, data, overwrite=force, force=force)
    if left_out:
        click.echo(
            for_line(
                f"plantrack: note: no date known as of {report.as_of.isoformat()}, "
                f"left out: {', '.join(left_out)}"
            ),
            err=True,
        )
