"""``plantrack diff OLD NEW``: what a change does to a plan (files or PATH@GITREV)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from plantrack.cli import _common
from plantrack.cli._common import (
    as_of_option,
    emit,
    format_option,
    handle_errors,
    max_size_option,
    output_options,
)
from plantrack.exitcodes import ExitCode
from plantrack.loader import load_plan, load_plan_at_revision
from plantrack.model import Plan
from plantrack.slippage import resolve_as_of

FORMATS = ("text", "json", "markdown")


def read_plan(spec: str, *, max_size: int) -> Plan:
    """A plan file, or ``PATH@GITREV`` read from git (an existing file whose
    name holds an ``@`` is read as a file)."""
    path, at, rev = spec.rpartition("@")
    if not at or not path or not rev or Path(spec).exists():
        return load_plan(spec, max_size=max_size)
    return load_plan_at_revision(path, rev, max_size=max_size)


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@as_of_option
@format_option(
    FORMATS,
    default="text",
    help="Output: text, JSON, or Markdown for a pull-request comment.",
)
@click.option(
    "--fail-on-slip",
    is_flag=True,
    help="Exit 1 when any milestone's expected date moves later (a CI gate).",
)
@output_options()
@max_size_option
@handle_errors
def diff(
    old: str,
    new: str,
    as_of: _dt.date | None,
    fmt: str,
    fail_on_slip: bool,
    output: Path | None,
    force: bool,
    max_size: int,
) -> None:
    """Show what changed between two versions of a plan: milestones added and
    removed, re-baselined planned dates, new forecasts and actuals, each with
    the change in slip; dependencies added, removed or re-lagged, and implied
    dates that moved.

    OLD and NEW are plan files or PATH@GITREV (e.g. plans/met.yaml@main),
    read from git. Both are compared as of --as-of, else NEW's as_of,
    else today.
    """
    from plantrack.diff import diff_plans

    before = read_plan(old, max_size=max_size)
    after = read_plan(new, max_size=max_size)
    at = resolve_as_of(after, as_of, _common.today())
    result = diff_plans(before, after, at)
    if fmt == "json":
        from plantrack.render.diff_json import render_diff_json

        emit(render_diff_json(result), output, force=force)
    elif fmt == "markdown":
        from plantrack.render.diff_markdown import render_diff_markdown

        emit(render_diff_markdown(result), output, force=force)
    else:
        from plantrack.render.diff_text import render_diff_text

        emit(render_diff_text(result), output, force=force)
    if fail_on_slip and result.later:
        raise SystemExit(ExitCode.CHECK_FAILED)
