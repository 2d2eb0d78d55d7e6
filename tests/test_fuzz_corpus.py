"""The fuzz corpus (issue 9.9): every input that crashed the loader, found by
atheris or by hand, is a file in ``tests/data/fuzz-corpus/`` (see
fuzz/README.md).  Each must load as a plan or raise :class:`PlanError` whose
problems are all positioned; any other exception is a crash come back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plantrack.errors import PlanError, Problem
from plantrack.loader import load_plan
from plantrack.model import Plan

CORPUS = Path(__file__).resolve().parent / "data" / "fuzz-corpus"
INPUTS = sorted(p for p in CORPUS.iterdir() if p.is_file())


def test_the_corpus_is_there() -> None:
    assert len(INPUTS) >= 12


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_each_crash_now_loads_or_is_a_positioned_error(path: Path) -> None:
    try:
        plan: Plan | None = load_plan(path)
        problems: tuple[Problem, ...] = ()
    except PlanError as exc:
        plan, problems = None, exc.problems
    if plan is not None:
        assert isinstance(plan, Plan)
        return
    assert problems
    for problem in problems:
        assert problem.file == str(path)
        assert problem.line >= 1 and problem.column >= 1, problem
        assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: error: ")
