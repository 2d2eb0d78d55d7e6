"""Which files to read: plan files, directories and glob patterns -> plan files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from plantrack.errors import Problem

__all__ = ["PLAN_SUFFIXES", "NotFound", "files_with_errors", "find_plan_files"]

PLAN_SUFFIXES = (".yaml", ".yml")
_GLOB_CHARS = frozenset("*?[")


class NotFound(Problem):
    """A path that names no plan file (a missing file, a directory without
    plan files, a pattern matching nothing): a problem (exit 2), but not a
    file with errors.  A plain subclass: :class:`Problem`'s dataclass methods
    (frozen, equality within the class, repr by class name) serve it as they
    are, without the ~0.5 ms a second dataclass definition costs at startup."""

    __slots__ = ()


def files_with_errors(problems: Iterable[Problem]) -> int:
    """How many files the problems are about, leaving out paths that named no file."""
    return len(dict.fromkeys(p.file for p in problems if not isinstance(p, NotFound)))


def _walk(top: Path) -> Iterator[Path]:
    """Plan files under ``top``, skipping hidden files and folders and not
    following links to folders.  Iterative: a tree of any depth is walked
    without recursion."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                found = list(entries)
        except OSError:  # unreadable below the top: skipped, as a glob would
            continue
        for entry in found:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                is_dir = entry.is_dir() and not entry.is_symlink()
            except OSError:  # pragma: no cover - an entry that vanished
                continue
            if is_dir:
                stack.append(path)
            elif entry.name.endswith(PLAN_SUFFIXES) and path.is_file():
                yield path


def _glob(pattern: str) -> list[Path]:
    """Expand a pattern the shell did not (quoted, or from a script), absolute or relative."""
    path = Path(pattern)
    anchor = Path(path.anchor) if path.is_absolute() else Path()
    relative = str(path.relative_to(anchor)) if path.is_absolute() else pattern
    return list(anchor.glob(relative))


def find_plan_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files, directories (searched recursively for ``*.yaml``/``*.yml``,
    hidden ones skipped) and glob patterns into plan files, in a stable order.
    Paths that match nothing come back as problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                message = f"no plan files found under {raw} (expected *.yaml or *.yml files)"
                problems.append(NotFound(str(raw), 0, 0, message))
            files.extend(found)
        elif path.exists():
            files.append(path)
        elif _GLOB_CHARS & set(str(raw)):
            found = sorted(p for p in _glob(str(raw)) if p.is_file())
            if not found:
                problems.append(NotFound(str(raw), 0, 0, "no files match this pattern"))
            files.extend(found)
        else:
            problems.append(NotFound(str(raw), 0, 0, "no such file or directory"))
    unique = list(dict.fromkeys(files))
    return unique, problems
