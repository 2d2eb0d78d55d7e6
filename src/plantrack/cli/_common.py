"""What every command shares: exit codes, option types, the error boundary, output."""

from __future__ import annotations

import datetime as _dt
import functools
import io
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import click

from plantrack.dates import DateError, parse_date
from plantrack.errors import PlanError, PlantrackError, Problem
from plantrack.exitcodes import ExitCode  # re-exported: the codes live in the core
from plantrack.reading import DEFAULT_MAX_SIZE  # reading imports no yaml
from plantrack.safetext import for_line, for_terminal, no_command_lines

if TYPE_CHECKING:
    from plantrack.model import Plan

__all__ = [
    "DATE",
    "SIZE",
    "ExitCode",
    "as_of_option",
    "cache_option",
    "echo_error",
    "echo_problems",
    "emit",
    "emit_rich",
    "format_option",
    "handle_errors",
    "load_plan",
    "load_plans",
    "max_size_option",
    "output_options",
    "print_rich",
    "rich_text",
    "today",
    "width_option",
    "with_option_hints",
]

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """A date of the plan grammar; stands at the end of its interval
    (``--as-of 2013-12`` is 31 December 2013)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, _dt.date):
            return value
        try:
            return parse_date(value).end
        except DateError as exc:
            self.fail(for_terminal(str(exc)), param, ctx)


class SizeParam(click.ParamType):  # type: ignore[type-arg]
    """A size in bytes, with an optional K, M or G suffix (powers of 1024)."""

    name = "SIZE"
    _UNITS: ClassVar[dict[str, int]] = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().removesuffix("b").removesuffix("i")
        unit = text[-1:] if text[-1:] in self._UNITS else ""
        number = text[: len(text) - len(unit)]
        if not number.isdigit():
            self.fail(
                f"{for_terminal(repr(value))} is not a size (expected e.g. 64M, 1G, 1048576)",
                param,
                ctx,
            )
        return int(number) * self._UNITS[unit]


DATE = DateParam()
SIZE = SizeParam()


def today() -> _dt.date:
    """Today's date: the one place the CLI reads the clock (call it as
    ``_common.today()`` so tests can replace it)."""
    return _dt.date.today()


def as_of_option(f: F) -> F:
    """``--as-of DATE`` (also the PLANTRACK_AS_OF environment variable)."""
    return click.option(
        "--as-of",
        type=DATE,
        envvar="PLANTRACK_AS_OF",
        show_envvar=True,
        help="The date the report stands at; hides forecasts not yet reported and "
        "actuals not yet happened. Default: the plan's as_of, else today.",
    )(f)


def format_option(formats: Sequence[str], *, default: str | None, help: str) -> Callable[[F], F]:
    """``--format/-f`` choosing one of ``formats`` (passed to the command as ``fmt``)."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(formats),
        default=default,
        show_default=default is not None,
        help=help,
    )


def max_size_option(f: F) -> F:
    """``--max-size SIZE``: the largest plan file read."""
    return click.option(
        "--max-size",
        type=SIZE,
        default=DEFAULT_MAX_SIZE,
        help="Refuse plan files larger than this, e.g. 64M.  [default: 32M]",
    )(f)


def cache_option(f: F) -> F:
    """``--cache/--no-cache`` (passed as ``use_cache``): load plans through
    the plan cache (:mod:`plantrack.plancache`)."""
    return click.option(
        "--cache/--no-cache",
        "use_cache",
        default=True,
        show_default=True,
        help="Reuse the plans validated by earlier runs, by the files' bytes (see "
        'docs/ci.md, "Cache"); PLANTRACK_NO_CACHE=1 also turns it off.',
    )(f)


def load_plan(path: str | Path, *, max_size: int, use_cache: bool) -> Plan:
    """:func:`plantrack.loader.load_plan` through the plan cache (unless
    ``use_cache`` is false or PLANTRACK_NO_CACHE is set): the same plan or the
    same errors; on a hit, without importing the YAML parser at all."""
    from plantrack import plancache

    cache = plancache.from_environment(enabled=use_cache)
    return plancache.load_plan(path, max_size=max_size, cache=cache)


def load_plans(
    paths: Iterable[str | Path], *, max_size: int, use_cache: bool
) -> tuple[list[Plan], list[Problem]]:
    """:func:`plantrack.loader.load_plans` through the plan cache (as
    :func:`load_plan`): the plans that loaded, and the problems of the files
    that did not."""
    from plantrack import plancache
    from plantrack.discovery import find_plan_files

    cache = plancache.from_environment(enabled=use_cache)
    files, problems = find_plan_files(paths)
    plans: list[Plan] = []
    for f in files:
        try:
            plans.append(plancache.load_plan(f, max_size=max_size, cache=cache))
        except PlanError as exc:
            problems.extend(exc.problems)
    return plans, problems


def with_option_hints(problems: Iterable[Problem]) -> list[Problem]:
    """The problems, each over a limit that an option lifts naming that option
    (the core describes the limit; only the CLI knows its flags)."""
    from plantrack.reading import TooLarge

    return [
        Problem(p.file, p.line, p.column, f"{p.message} (raise it with --max-size)")
        if isinstance(p, TooLarge)
        else p
        for p in problems
    ]


def echo_problems(problems: Iterable[Problem]) -> None:
    """Print each problem on stderr as ``path:line:col: error: message``
    (one line each: ``str(problem)`` escapes the plan text in it)."""
    for p in with_option_hints(problems):
        click.echo(str(p), err=True)


def echo_error(message: str) -> None:
    """Print ``plantrack: error: message`` on stderr, each line of the message
    escaped (:func:`plantrack.safetext.for_line`)."""
    lines = f"plantrack: error: {message}".split("\n")
    click.echo("\n".join(for_line(line) for line in lines), err=True)


# The option that lifts each refusal the core may make (the core names no
# flags), by the name of its plantrack.files.Override (files.py, which imports
# tempfile, is imported only by the commands that write).
LIFT = {
    "OVERWRITE": " (use --force to overwrite it)",
    "READ_ONLY": " (use --force to write it anyway)",
    "REPLACE": "; use --replace to change it",
    "WAIT": " (wait longer with --lock-timeout SECONDS)",
    "SIZE": " (raise it with --max-size)",
}


def handle_errors(f: F) -> F:
    """The one error boundary: PlantrackError -> message on stderr, exit 2."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except PlanError as exc:
            echo_problems(exc.problems)
            sys.exit(ExitCode.BAD_INPUT)
        except PlantrackError as exc:
            override = getattr(exc, "override", None)  # a plantrack.files.Refusal's
            lift = LIFT.get(override.name, "") if override is not None else ""
            echo_error(f"{exc}{lift}")
            sys.exit(ExitCode.BAD_INPUT)

    return wrapper  # type: ignore[return-value]


def make_console(*, stderr: bool = False, width: int | None = None) -> Any:
    """A Rich console for stdout (or stderr), ``width`` columns wide (default:
    the terminal's): colour on a terminal; no escape codes at all when piped
    or when NO_COLOR is set (https://no-color.org)."""
    from rich.console import Console  # only commands that draw import Rich

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(
        width=width,
        stderr=stderr,
        highlight=False,
        emoji=False,  # ":x:" in a plan's text stays text (and Rich's emoji table stays unloaded)
        soft_wrap=False,
        color_system=None if plain else "auto",
    )


def print_rich(renderable: Any, *, width: int | None = None) -> None:
    """Print a Rich renderable on stdout (``width`` columns wide, default the
    terminal's).  On a terminal Rich draws it directly; piped or redirected,
    it becomes plain text without escape codes or the padding Rich adds to
    the ends of lines, and no line of it (a wrapped cell) can start with
    ``::``, a GitHub workflow command."""
    console = make_console(width=width)
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as capture:
        console.print(renderable)
    text = "\n".join(line.rstrip() for line in capture.get().splitlines())
    click.echo(no_command_lines(text))


FILE_WIDTH = 100  # columns of a table written to a file, unless --width says otherwise


def output_options(
    *, force_help: str = "Overwrite the --output file if it exists."
) -> Callable[[F], F]:
    """``--output/-o FILE`` and ``--force`` (passed as ``output`` and ``force``):
    the report goes to FILE instead of stdout, written atomically
    (:func:`plantrack.files.write_atomic`), and an existing FILE is replaced
    only with ``--force``."""

    def decorate(f: F) -> F:
        f = click.option("--force", is_flag=True, help=force_help)(f)
        return click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            metavar="FILE",
            help="Write the report to FILE instead of stdout (atomically; an existing "
            "FILE only with --force).",
        )(f)

    return decorate


def width_option(f: F) -> F:
    """``--width N``: the columns a table is laid out for."""
    return click.option(
        "--width",
        type=click.IntRange(min=20, max=1000),
        metavar="N",
        help=f"Lay the table out for N columns. Default: the terminal's width, or "
        f"{FILE_WIDTH} with --output.",
    )(f)


def emit(text: str, output: Path | None, *, force: bool) -> None:
    """``text`` on stdout, or written to ``output`` (atomically; an existing
    file only with ``force``, else a refusal naming --force)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from plantrack.files import write_atomic

    write_atomic(output, text.encode("utf-8"), overwrite=force, force=force)


def rich_text(renderable: Any, *, width: int) -> str:
    """A Rich renderable as plain text ``width`` columns wide: no escape codes,
    no padding at the ends of lines, no line starting with ``::``."""
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    with console.capture() as capture:
        console.print(renderable)
    text = "\n".join(line.rstrip() for line in capture.get().splitlines())
    return no_command_lines(text) + "\n"


def emit_rich(renderable: Any, output: Path | None, *, force: bool, width: int | None) -> None:
    """A Rich renderable on stdout (:func:`print_rich`), or as plain text in
    ``output``, ``width`` columns wide (default: the terminal's on stdout,
    :data:`FILE_WIDTH` in a file)."""
    if output is None:
        print_rich(renderable, width=width)
    else:
        emit(rich_text(renderable, width=width or FILE_WIDTH), output, force=force)
