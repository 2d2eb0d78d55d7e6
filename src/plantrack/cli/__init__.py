"""The ``plantrack`` command: a Click group whose commands load on first use.

Each command lives in its own module under ``plantrack.cli``; this module only
names them, so ``plantrack slippage --format json`` imports neither Rich nor
the other commands.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any, NoReturn

import click

from plantrack import __version__
from plantrack.exitcodes import ExitCode
from plantrack.safetext import for_line

__all__ = ["COMMANDS", "cli", "main"]

MESSAGE_LIMIT = 500  # characters of an internal error's message shown

# name -> "module:attribute", in the order --help lists them
COMMANDS: dict[str, str] = {
    "slippage": "plantrack.cli.slippage:slippage",
    "check": "plantrack.cli.check:check",
    "validate": "plantrack.cli.validate:validate",
    "schema": "plantrack.cli.schema:schema",
    "trend": "plantrack.cli.trend:trend",
    "chart": "plantrack.cli.chart:chart",
    "record": "plantrack.cli.record:record",
    "add": "plantrack.cli.record:add",
    "source": "plantrack.cli.record:source",
    "diff": "plantrack.cli.diff:diff",
    "export": "plantrack.cli.export:export",
    "report": "plantrack.cli.report:report",
    "init": "plantrack.cli.init:init",
    "league": "plantrack.cli.league:league",
    "import": "plantrack.cli.importer:importer",
    "impact": "plantrack.cli.impact:impact",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def invoke(self, ctx: click.Context) -> Any:
        """The command; Ctrl-C while it runs exits 130 (Click's own handling
        would say "Aborted!" and exit 1, the code of a breach)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attr = target.split(":")
        command: Any = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command named by ``args[0]``; an unknown name is a usage error
        (exit 2) with the closest command as a hint: ``plantrack slipage`` gets
        "did you mean 'slippage'?"."""
        name = click.utils.make_str(args[0])
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            from plantrack.messages import Hints, shorten

            hint = Hints().hint(name, self.list_commands(ctx))
            ctx.fail(f"No such command {for_line(shorten(repr(name)))}{hint or '.'}")
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plantrack")
def cli() -> None:
    """Timeline and delay calculator: how late is a plan, honestly,
    at the precision its sources give?

    \b
    Exit codes:
      0  ok
      1  a check failed (a deadline gate breached)
      2  bad input or usage
      3  internal error (a bug in plantrack: please report it)
    """


def interrupted() -> NoReturn:
    """Ctrl-C: one line on stderr and exit 130 (128 + SIGINT)."""
    click.echo("plantrack: interrupted", err=True)
    sys.exit(ExitCode.INTERRUPTED)


def internal_error(exc: BaseException) -> NoReturn:
    """Report an exception nothing else handled, on one line of stderr, and
    exit 3: exit 1 means a breach, 2 bad input, so neither may stand for a bug.
    The traceback is printed too when PLANTRACK_DEBUG=1."""
    if os.environ.get("PLANTRACK_DEBUG") == "1":
        import traceback  # only to show it

        lines = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        click.echo("\n".join(for_line(line) for line in lines.splitlines()), err=True)
    message = str(exc)
    if len(message) > MESSAGE_LIMIT:
        message = message[:MESSAGE_LIMIT] + "…"
    click.echo(
        for_line(
            f"plantrack: internal error: {type(exc).__name__}: {message} "
            "(please report it; set PLANTRACK_DEBUG=1 for the traceback)"
        ),
        err=True,
    )
    sys.exit(ExitCode.INTERNAL_ERROR)


def main() -> None:
    """Console-script entry point: the CLI, behind the last guard (exit 3 on
    any exception that nothing else handled, MemoryError and RecursionError
    included)."""
    # One short run that builds millions of objects and almost no reference
    # cycles: the cyclic collector would cost ~20% of a big run and free next to
    # nothing (reference counting still frees memory).  See docs/performance.md.
    gc.disable()
    try:
        cli(prog_name="plantrack")
    except KeyboardInterrupt:  # before a command runs (while its module loads)
        interrupted()
    except Exception as exc:  # the last guard: whatever it is, it is a bug
        internal_error(exc)
