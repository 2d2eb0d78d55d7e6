"""``plantrack record``, ``add`` and ``source``: write news into a plan file in
place, keeping its comments, key order, quoting and blank lines.

Each command refuses to write a plan that would not validate, writes
atomically, and with ``--dry-run`` shows the diff instead of writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from plantrack.cli._common import handle_errors, max_size_option
from plantrack.dates import DateError, parse_date, parse_forecast_date

if TYPE_CHECKING:
    from plantrack.editdoc import Op


class DateTextParam(click.ParamType):  # type: ignore[type-arg]
    """A date of the plan grammar, kept as written (it goes into the file);
    ``forecast``: also a bound or a withdrawn date (``no earlier than 2015``, ``TBD``)."""

    name = "DATE"

    def __init__(self, *, forecast: bool = False) -> None:
        self.parse = parse_forecast_date if forecast else parse_date

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            self.parse(str(value))
        except DateError as exc:
            self.fail(str(exc), param, ctx)
        return str(value).strip()


class DurationTextParam(click.ParamType):  # type: ignore[type-arg]
    """A duration (``9 months``, ``2w``), kept as written (it goes into the file)."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from plantrack.durations import DurationError, parse_duration

        try:
            parse_duration(str(value))
        except DurationError as exc:
            self.fail(str(exc), param, ctx)
        return str(value).strip()


DATE_TEXT = DateTextParam()
DURATION_TEXT = DurationTextParam()
FORECAST_TEXT = DateTextParam(forecast=True)
PLAN = click.Path(dir_okay=False, path_type=Path)

LOCK_TIMEOUT = 10.0  # seconds; plantrack.locking.DEFAULT_LOCK_TIMEOUT (not imported: startup)


def write_options(f: Any) -> Any:
    """``--dry-run``, ``--force``, ``--lock-timeout`` and ``--max-size``."""
    for option in (
        click.option(
            "--dry-run",
            "-n",
            is_flag=True,
            help="Show the change as a unified diff; write nothing.",
        ),
        click.option("--force", is_flag=True, help="Rewrite the plan even if it is read-only."),
        click.option(
            "--lock-timeout",
            type=click.FloatRange(min=0),
            default=LOCK_TIMEOUT,
            show_default=True,
            metavar="SECONDS",
            help="How long to wait while another edit of the same plan is being written.",
        ),
        max_size_option,
    ):
        f = option(f)
    return f


def _run(plan: Path, op: Any, options: dict[str, Any]) -> None:
    from plantrack.editing import edit_plan

    dry_run = options["dry_run"]
    edit = edit_plan(
        plan,
        op,
        dry_run=dry_run,
        max_size=options["max_size"],
        lock_timeout=options["lock_timeout"],
        force=options["force"],
    )
    if dry_run:
        click.echo(edit.diff(), nl=False)
    else:
        click.echo(f"{plan}: written", err=True)


def _waiver(
    milestone_id: str,
    accept: str | None,
    until: str | None,
    reason: str | None,
    up_to: str | None,
    source: str | None,
    others: tuple[str | None, ...],
) -> Op:
    """The edit that records a waiver; a usage error when a part is missing or
    another kind of news is given with it."""
    from plantrack.editing import add_waiver

    if accept is None or until is None or reason is None:
        raise click.UsageError("a waiver needs --accept RULE --until DATE --reason TEXT")
    if any(x is not None for x in others):
        raise click.UsageError("--accept goes alone (with --until, --reason, --up-to, --source)")
    return add_waiver(
        milestone_id=milestone_id,
        rule=accept,
        until=until,
        reason=reason,
        up_to=up_to,
        source=source,
    )


@click.command()
@click.argument("plan", type=PLAN)
@click.argument("milestone_id", metavar="ID")
@click.option(
    "--forecast",
    type=FORECAST_TEXT,
    help="Append a forecast of this date (also 'no earlier than DATE', 'by DATE', or "
    "'unknown' when the date was withdrawn).",
)
@click.option(
    "--reported", type=DATE_TEXT, help="When the forecast was reported (with --forecast)."
)
@click.option("--actual", type=DATE_TEXT, help="Set the date the milestone actually happened.")
@click.option(
    "--rebaseline", type=DATE_TEXT, help="Append a re-baseline: the new approved baseline date."
)
@click.option(
    "--approved", type=DATE_TEXT, help="When the re-baseline was approved (with --rebaseline)."
)
@click.option(
    "--accept",
    type=click.Choice(["slip", "overdue", "deadline", "knock-on", "any"]),
    help="Append a waiver: accept this rule's findings (with --until and --reason).",
)
@click.option(
    "--until", type=DATE_TEXT, help="The last day the waiver is in force (with --accept)."
)
@click.option("--reason", help="Why the breach is accepted (with --accept).")
@click.option(
    "--up-to", type=DURATION_TEXT, help="The slip accepted, e.g. 9 months (with --accept)."
)
@click.option("--source", "source_id", metavar="SOURCE", help="The source id of the news.")
@click.option("--note", help="A note on the forecast or re-baseline.")
@click.option("--replace", is_flag=True, help="Let --actual replace an actual already recorded.")
@write_options
@handle_errors
def record(
    plan: Path,
    milestone_id: str,
    forecast: str | None,
    reported: str | None,
    actual: str | None,
    rebaseline: str | None,
    approved: str | None,
    accept: str | None,
    until: str | None,
    reason: str | None,
    up_to: str | None,
    source_id: str | None,
    note: str | None,
    replace: bool,
    **options: Any,
) -> None:
    """Record news about milestone ID of PLAN, in place: a new forecast
    (--forecast DATE --reported DATE), the actual date (--actual DATE), a
    re-baseline (--rebaseline DATE --approved DATE) or a waiver (--accept RULE
    --until DATE --reason TEXT [--up-to DURATION]).

    Comments, key order, quoting and blank lines are kept; nothing is written
    when the result would not be a valid plan.
    """
    from plantrack.editing import add_forecast, add_rebaseline, set_actual

    if accept is not None or until is not None or reason is not None or up_to is not None:
        others = (forecast, actual, rebaseline, reported, approved, note)
        waiver = _waiver(milestone_id, accept, until, reason, up_to, source_id, others)
        _run(plan, waiver, options)
        return
    if sum(x is not None for x in (forecast, actual, rebaseline)) != 1:
        raise click.UsageError(
            "give either --forecast DATE --reported DATE or --actual DATE "
            "(or --rebaseline DATE --approved DATE)"
        )
    if approved is not None and rebaseline is None:
        raise click.UsageError("--approved goes with --rebaseline")
    if rebaseline is not None:
        if approved is None:
            raise click.UsageError("--rebaseline needs --approved DATE (when it was approved)")
        if reported is not None:
            raise click.UsageError("--reported goes with --forecast, not --rebaseline")
        op = add_rebaseline(
            milestone_id=milestone_id,
            date=rebaseline,
            approved=approved,
            source=source_id,
            note=note,
        )
    elif forecast is not None:
        if reported is None:
            raise click.UsageError("--forecast needs --reported DATE (when it was said)")
        op = add_forecast(
            milestone_id=milestone_id, date=forecast, reported=reported, source=source_id, note=note
        )
    else:
        assert actual is not None
        if reported is not None or note is not None:
            raise click.UsageError("--reported and --note go with --forecast, not --actual")
        op = set_actual(milestone_id=milestone_id, date=actual, source=source_id, replace=replace)
    _run(plan, op, options)


@click.command()
@click.argument("plan", type=PLAN)
@click.option("--id", "milestone_id", required=True, help="The new milestone's id.")
@click.option("--name", required=True, help="What the milestone is.")
@click.option("--planned", type=DATE_TEXT, help="Its planned (baseline) date.")
@click.option("--source", "source_id", metavar="SOURCE", help="The source id of the plan.")
@click.option("--notes", help="Notes on the milestone.")
@write_options
@handle_errors
def add(
    plan: Path,
    milestone_id: str,
    name: str,
    planned: str | None,
    source_id: str | None,
    notes: str | None,
    **options: Any,
) -> None:
    """Append a milestone to PLAN, in place, keeping everything else as it is."""
    from plantrack.editing import add_milestone

    op = add_milestone(
        milestone_id=milestone_id, name=name, planned=planned, source=source_id, notes=notes
    )
    _run(plan, op, options)


@click.command()
@click.argument("plan", type=PLAN)
@click.argument("source_id", metavar="ID")
@click.option("--title", required=True, help="Title of the article, report or reply.")
@click.option("--publisher", help="Who published it.")
@click.option("--date", type=DATE_TEXT, help="When it was published.")
@click.option("--url", help="Where to read it.")
@click.option("--note", help="A note: a quote, a page number.")
@write_options
@handle_errors
def source(
    plan: Path,
    source_id: str,
    title: str,
    publisher: str | None,
    date: str | None,
    url: str | None,
    note: str | None,
    **options: Any,
) -> None:
    """Add source ID to PLAN, in place, keeping everything else as it is."""
    from plantrack.editing import add_source

    op = add_source(
        source_id=source_id, title=title, publisher=publisher, date=date, url=url, note=note
    )
    _run(plan, op, options)
