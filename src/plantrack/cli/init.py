"""``plantrack init``: write a commented starter plan (or the reference story)."""

from __future__ import annotations

from pathlib import Path

import click

from plantrack.cli._common import handle_errors
from plantrack.errors import PlantrackError
from plantrack.safetext import for_line

__all__ = ["DEFAULT_PATH", "init", "packaged_plan"]

DEFAULT_PATH = Path("plans") / "plan.yaml"
STORIES = ("met",)  # reference plans shipped in plantrack/data/


def packaged_plan(name: str) -> bytes:
    """The bytes of the reference plan ``name`` shipped inside the package."""
    from importlib.resources import files

    return files("plantrack").joinpath("data").joinpath(f"{name}.yaml").read_bytes()


@click.command()
@click.argument(
    "path", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[PATH]"
)
@click.option(
    "--from",
    "story",
    type=click.Choice(STORIES),
    help="Copy a reference plan instead: met, the Metropolitan Police ICT strategy "
    "(the README's story).",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@handle_errors
def init(path: Path | None, story: str | None, force: bool) -> None:
    """Write a starter plan to PATH (default: plans/plan.yaml): every key of
    the format shown once with a comment, and two example milestones, one
    with a fuzzy date and a forecast. It validates as written; edit it, then
    run plantrack validate and plantrack slippage.

    A missing folder is created. An existing PATH is never replaced unless
    --force is given (exit 2).
    """
    from plantrack.files import write_atomic

    target = path or DEFAULT_PATH
    if story is None:
        from plantrack.starter import starter_plan

        data = starter_plan().encode("utf-8")
    else:
        data = packaged_plan(story)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PlantrackError(f"{target}: not written: cannot create its folder: {reason}") from exc
    write_atomic(target, data, overwrite=force, force=force)
    what = f"the reference plan {story!r}" if story else "a starter plan"
    click.echo(for_line(f"wrote {target}: {what}; next: plantrack validate {target}"))
