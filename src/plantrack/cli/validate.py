"""``plantrack validate``: format, references and dates, without judging them."""

from __future__ import annotations

from pathlib import Path

import click

from plantrack.cli._common import ExitCode, echo_problems, handle_errors, max_size_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when every file is valid.")
@max_size_option
@handle_errors
def validate(paths: tuple[Path, ...], quiet: bool, max_size: int) -> None:
    """Check that the plan files in PATHS are valid: the format, milestone and
    source references, dates and durations, and calendar codes. Nothing is
    judged against today.

    PATHS are plan files, directories (searched for *.yaml and *.yml) or globs;
    default: plans/. Every problem of every file is printed on stderr as
    path:line:col: error: message.

    \b
    Exit codes:
      0  every file is valid
      2  a file is invalid, or bad usage
    """
    from plantrack.discovery import files_with_errors
    from plantrack.loader import load_plans

    loaded, problems = load_plans(paths or (Path("plans"),), max_size=max_size)
    echo_problems(problems)
    if not quiet or problems:
        bad = files_with_errors(problems)
        n = len(loaded)
        text = f"{n} valid plan file{'' if n == 1 else 's'}"
        if bad:
            text += f", {bad} with errors"
        click.echo(text)
    if problems:
        raise SystemExit(ExitCode.BAD_INPUT)
