"""``plantrack validate``: format, references and dates, and lint warnings."""

from __future__ import annotations

from pathlib import Path

import click

from plantrack.cli import _common
from plantrack.cli._common import (
    ExitCode,
    cache_option,
    echo_problems,
    handle_errors,
    max_size_option,
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No summary line unless the run fails (errors and warnings are still printed).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when there is a warning.")
@cache_option
@max_size_option
@handle_errors
def validate(
    paths: tuple[Path, ...], quiet: bool, strict: bool, use_cache: bool, max_size: int
) -> None:
    """Check that the plan files in PATHS are valid: the format, milestone and
    source references, dates and durations, and calendar codes.

    Also warn about what a replay (--as-of) cannot show honestly: a forecast
    without a reported date; a reported date or an actual after today (or
    after the plan's as_of); a forecast reported after the actual, or already
    passed when reported; the same forecast twice; an own forecast that ends
    before the date its predecessors (depends_on) imply. The rules and how to
    fix each: docs/plan-format.md, "Warnings".

    PATHS are plan files, directories (searched for *.yaml and *.yml) or globs;
    default: plans/. Every problem of every file is printed on stderr as
    path:line:col: error: message, then every warning as path:line:col:
    warning: message [rule].

    \b
    Exit codes:
      0  every file is valid (warnings may have been printed)
      1  a warning, with --strict
      2  a file is invalid, or bad usage (wins over 1)
    """
    from plantrack.discovery import files_with_errors
    from plantrack.lint import knock_on_warnings, lint_plan

    loaded, problems = _common.load_plans(
        paths or (Path("plans"),), max_size=max_size, use_cache=use_cache
    )
    now = _common.today()
    warnings = [
        w
        for plan in loaded
        for w in (*lint_plan(plan, today=now), *knock_on_warnings(plan, today=now))
    ]
    echo_problems(problems)
    for w in warnings:
        click.echo(str(w), err=True)
    if problems:
        code = ExitCode.BAD_INPUT
    elif strict and warnings:
        code = ExitCode.CHECK_FAILED
    else:
        code = ExitCode.OK
    if not quiet or code:
        text = _plural(len(loaded), "valid plan file")
        if warnings:
            text += f", {_plural(len(warnings), 'warning')}"
        bad = files_with_errors(problems)  # a path that names no plan file is not one
        if bad:
            text += f", {bad} with errors"
        click.echo(text)
    if code:
        raise SystemExit(code)
