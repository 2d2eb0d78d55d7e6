"""YAML plan file -> :class:`~plantrack.model.Plan`, with every problem found.

The front of the loading modules, each with one job: :mod:`~plantrack.reading`
(bytes within the size limit, one decoder), :mod:`~plantrack.yamldialect`
(plantrack's YAML and its limits), :mod:`~plantrack.validation` (the plan's
shape, against :mod:`~plantrack.format`), :mod:`~plantrack.references`
(milestone references) and :mod:`~plantrack.discovery` (which files to read).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from plantrack.discovery import find_plan_files
from plantrack.errors import PlanError, Problem
from plantrack.model import Plan
from plantrack.reading import DEFAULT_MAX_SIZE, decode, read_file, read_revision
from plantrack.validation import Validator
from plantrack.yamldialect import gc_paused, parse

__all__ = [
    "DEFAULT_MAX_SIZE",
    "find_plan_files",
    "load_plan",
    "load_plan_at_revision",
    "load_plan_text",
    "load_plans",
]


def load_plan(path: str | Path, *, max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """Read and validate a plan file.

    Raises :class:`~plantrack.errors.PlanError` with every problem found,
    each at its ``line:column``.
    """
    return load_plan_text(decode(read_file(path, max_size=max_size), str(path)).text, str(path))


def load_plan_at_revision(path: str, rev: str, *, max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """Read and validate the plan file ``path`` as it is at git revision ``rev``;
    the plan is named ``PATH@REV``."""
    name = f"{path}@{rev}"
    return load_plan_text(decode(read_revision(path, rev, max_size=max_size), name).text, name)


def load_plan_text(text: str, file: str = "<plan>") -> Plan:
    """Validate a plan given as text; ``file`` names it in messages.

    A file that exhausts memory on the way is a problem of that file (at its
    first line), not a crash: the other files of a run are still reported.
    """
    with gc_paused():
        try:
            return _load(text, file)
        except MemoryError:
            pass  # leave the handler first: its traceback holds what was built
    message = (
        f"the file is too complex to load: memory ran out while reading its "
        f"{len(text):,} characters (expected a plan that fits in memory; see docs/limits.md)"
    )
    raise PlanError([Problem(file, 1, 1, message)])


def _load(text: str, file: str) -> Plan:
    parsed = parse(text, file)
    validator = Validator(file, parsed.milestone_marks)
    validator.problems.extend(parsed.problems)
    plan = validator.plan(parsed.data)
    if validator.issues or validator.problems or plan is None:
        raise PlanError(validator.located(text))
    return plan


def load_plans(
    paths: Iterable[str | Path], *, max_size: int = DEFAULT_MAX_SIZE
) -> tuple[list[Plan], list[Problem]]:
    """Load every plan under ``paths``; returns the plans that loaded and the
    problems of those that did not (so a run can go on with the valid ones)."""
    files, problems = find_plan_files(paths)
    plans: list[Plan] = []
    for f in files:
        try:
            plans.append(load_plan(f, max_size=max_size))
        except PlanError as exc:
            problems.extend(exc.problems)
    return plans, problems
