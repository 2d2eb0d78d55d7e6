"""``plantrack check``: the deadline gate for CI (exit 1 on a breach)."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from plantrack import plancache
from plantrack.cli import _common
from plantrack.cli._checkstream import Streamed as _Streamed
from plantrack.cli._common import (
    as_of_option,
    cache_option,
    format_option,
    handle_errors,
    max_size_option,
    output_options,
)
from plantrack.durations import Duration, DurationError, parse_duration

FORMATS = ("text", "json", "github", "gitlab", "junit", "markdown", "sarif")
STREAMED = (
    "text",
    "json",
    "github",
    "markdown",
    "sarif",
    "gitlab",
)  # rendered plan by plan (_checkstream)


class DurationParam(click.ParamType):  # type: ignore[type-arg]
    """A duration: ``0``, ``10 days``, ``2w``, ``1mo``, ``1 quarter``, ``15bd``."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Duration):
            return value
        try:
            return parse_duration(value)
        except DurationError as exc:
            self.fail(str(exc), param, ctx)


DURATION = DurationParam()
ACCEPT_RULES = ("slip", "overdue", "deadline", "knock-on", "due-soon", "any")


class AcceptParam(click.ParamType):  # type: ignore[type-arg]
    """``ID`` or ``ID:RULE``: a milestone whose findings (of RULE) are accepted."""

    name = "ID[:RULE]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        mid, _, rule = str(value).partition(":")
        if not mid:
            self.fail(f"{value!r} has no milestone id (expected ID or ID:RULE)", param, ctx)
        if rule and rule not in ACCEPT_RULES:
            self.fail(
                f"{rule!r} is not a rule (expected ID or ID:RULE, RULE one of: "
                f"{', '.join(ACCEPT_RULES)})",
                param,
                ctx,
            )
        return (mid, rule or "any")


ACCEPT = AcceptParam()


def _accepted(pairs: tuple[tuple[str, str], ...]) -> dict[str, set[str]]:
    """``--accept`` as milestone id -> rules."""
    out: dict[str, set[str]] = {}
    for mid, rule in pairs:
        out.setdefault(mid, set()).add(rule)
    return out


def _check_accepted(pairs: tuple[tuple[str, str], ...], known: set[str]) -> None:
    """An ``--accept`` id in none of the plans checked (``known``) is a usage error."""
    for mid, _ in pairs:
        if mid not in known:
            from plantrack.messages import Hints

            hint = Hints().hint(mid, known)
            raise click.BadParameter(
                f"no milestone {mid!r} in the plans checked{hint}", param_hint="'--accept'"
            )


def _each_plan(
    paths: tuple[Path, ...], *, max_size: int, cache: Any, problems: list[Any], ids: set[str] | None
) -> Iterator[Any]:
    """The plans under ``paths``, loaded one at a time (each is dropped once
    checked); the problems of the files that do not load go to ``problems``,
    and, when ``ids`` is given, every milestone id seen to it."""
    from plantrack.discovery import find_plan_files
    from plantrack.errors import PlanError

    files, found = find_plan_files(paths)
    problems.extend(found)
    for f in files:
        try:
            plan = plancache.load_plan(f, max_size=max_size, cache=cache)
        except PlanError as exc:
            problems.extend(exc.problems)
            continue
        if ids is not None:
            ids.update(m.id for m in plan.milestones)
        yield plan


def _append_step_summary(chunks: Iterable[str]) -> None:
    """Append the Markdown report to $GITHUB_STEP_SUMMARY (never overwrite it)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with Path(target).open("a", encoding="utf-8") as fh:
            fh.writelines(chunks)
            fh.write("\n")
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        click.echo(f"plantrack: warning: cannot write GITHUB_STEP_SUMMARY: {reason}", err=True)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@as_of_option
@click.option(
    "--tolerance",
    type=DURATION,
    help="Slip accepted before it is a breach, for every milestone (overrides the "
    "files' own), e.g. 0, 10d, 2w, 1mo, 1q, 15bd. Default: each file's, else 0.",
)
@click.option(
    "--warn-within",
    type=DURATION,
    metavar="DURATION",
    help="Also warn about milestones not done that are due (or whose deadline "
    "falls) within this window, e.g. 2w, 1mo, 10bd.",
)
@click.option(
    "--against",
    type=click.Choice(["baseline", "original"]),
    default="baseline",
    show_default=True,
    help="Judge each slip against the baseline in force (the latest re-baseline "
    "approved by the as-of date) or the original planned date.",
)
@click.option(
    "--accept",
    "accept",
    type=ACCEPT,
    multiple=True,
    help="Accept milestone ID's findings (of RULE: slip, overdue, deadline, knock-on, "
    "due-soon; default any) for this run: reported as accepted, never failing. Repeatable.",
)
@click.option(
    "--warnings-as-errors",
    is_flag=True,
    help="Exit 1 on a warning too (a slip or deadline only possibly missed, or --warn-within).",
)
@format_option(
    FORMATS,
    default=None,
    help="Output: text for people, json (the documented contract), github workflow "
    "commands, a gitlab Code Quality report, junit XML, a markdown summary or a "
    "SARIF 2.1.0 log for code scanning. "
    "Default: github when GITHUB_ACTIONS is true, else text.",
)
@click.option(
    "--step-summary/--no-step-summary",
    default=True,
    show_default=True,
    help="Append the Markdown summary to the file named by GITHUB_STEP_SUMMARY, when set.",
)
@cache_option
@output_options()
@max_size_option
@handle_errors
def check(
    paths: tuple[Path, ...],
    as_of: _dt.date | None,
    tolerance: Duration | None,
    warn_within: Duration | None,
    against: str,
    accept: tuple[tuple[str, str], ...],
    warnings_as_errors: bool,
    fmt: str | None,
    step_summary: bool,
    use_cache: bool,
    output: Path | None,
    force: bool,
    max_size: int,
) -> None:
    """Fail (exit 1) when a milestone in PATHS is overdue or slipped beyond its
    tolerance, or will miss its deadline.

    PATHS are plan files, directories (searched for *.yaml and *.yml) or globs;
    default: plans/. Invalid files are reported (exit 2) and the valid ones are
    still checked.

    \b
    Exit codes:
      0  no breach (accepted findings do not fail)
      1  at least one breach (or a warning, with --warnings-as-errors)
      2  bad input or usage (wins over 1), or --output not written

    With --output FILE the report goes to FILE; the exit code is the same.
    """
    from plantrack.check import Against, check_each

    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    problems: list[Any] = []
    ids: set[str] | None = set() if accept else None
    plans = _each_plan(
        paths or (Path("plans"),),
        max_size=max_size,
        cache=plancache.from_environment(enabled=use_cache),
        problems=problems,
        ids=ids,
    )
    checks = check_each(
        plans,
        as_of=as_of,
        today=_common.today(),
        tolerance=tolerance,
        warn_within=warn_within,
        against=Against(against),
        accept=_accepted(accept),
        business_days=fmt == "json",  # the only output that shows them
    )
    summary = step_summary and bool(os.environ.get("GITHUB_STEP_SUMMARY"))
    with _Streamed(
        fmt,
        warnings_as_errors=warnings_as_errors,
        hold=bool(accept),
        to_file=output is not None,
        summary=summary,
    ) as run:
        run.check_all(checks)
        if ids is not None:
            _check_accepted(accept, ids)
        hinted = _common.with_option_hints(problems)
        run.finish(hinted, output=output, force=force)
        if summary:
            _append_step_summary(run.markdown(hinted))
    raise SystemExit(run.exit_code)
