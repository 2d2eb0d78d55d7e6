"""What every command shares: exit codes, option types, the error boundary, output."""

from __future__ import annotations

import datetime as _dt
import functools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, TypeVar

import click

from plantrack.dates import DateError, parse_date
from plantrack.errors import PlanError, PlantrackError, Problem
from plantrack.exitcodes import ExitCode  # re-exported: the codes live in the core
from plantrack.files import Override, Refusal
from plantrack.loader import DEFAULT_MAX_SIZE
from plantrack.safetext import for_line, for_terminal, no_command_lines

__all__ = [
    "DATE",
    "SIZE",
    "ExitCode",
    "as_of_option",
    "echo_error",
    "echo_problems",
    "format_option",
    "handle_errors",
    "max_size_option",
    "print_rich",
    "today",
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


# The option that lifts each refusal the core may make (the core names no flags).
LIFT = {
    Override.OVERWRITE: " (use --force to overwrite it)",
    Override.READ_ONLY: " (use --force to write it anyway)",
    Override.REPLACE: "; use --replace to change it",
    Override.WAIT: " (wait longer with --lock-timeout SECONDS)",
    Override.SIZE: " (raise it with --max-size)",
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
            lift = LIFT.get(exc.override, "") if isinstance(exc, Refusal) and exc.override else ""
            echo_error(f"{exc}{lift}")
            sys.exit(ExitCode.BAD_INPUT)

    return wrapper  # type: ignore[return-value]


def make_console(*, stderr: bool = False) -> Any:
    """A Rich console for stdout (or stderr): colour on a terminal; no escape
    codes at all when piped or when NO_COLOR is set (https://no-color.org)."""
    from rich.console import Console  # only commands that draw import Rich

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(
        stderr=stderr,
        highlight=False,
        emoji=False,  # ":x:" in a plan's text stays text (and Rich's emoji table stays unloaded)
        soft_wrap=False,
        color_system=None if plain else "auto",
    )


def print_rich(renderable: Any) -> None:
    """Print a Rich renderable on stdout.  On a terminal Rich draws it directly;
    piped or redirected, it becomes plain text without escape codes or the
    padding Rich adds to the ends of lines, and no line of it (a wrapped cell)
    can start with ``::``, a GitHub workflow command."""
    console = make_console()
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as capture:
        console.print(renderable)
    text = "\n".join(line.rstrip() for line in capture.get().splitlines())
    click.echo(no_command_lines(text))
