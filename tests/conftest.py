"""Shared fixtures: a CliRunner wrapper, plan files on tmp_path, fixed dates."""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from plantrack.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MET = ROOT / "plans" / "met.yaml"
TODAY = _dt.date(2026, 11, 25)

Invoke = Callable[..., Result]
PlanFile = Callable[..., Path]
Golden = Callable[[Path, str], None]
UPDATE_GOLDEN = "PLANTRACK_UPDATE_GOLDEN"


@pytest.fixture(autouse=True)
def _plan_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The plan cache (plantrack.plancache) of every test lives in a tmp dir,
    never the user's."""
    monkeypatch.setenv("PLANTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("plancache")))
    monkeypatch.delenv("PLANTRACK_NO_CACHE", raising=False)


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI in-process.  Asserts the exit code (0 unless ``code=`` says
    otherwise), so a test that forgets to check it still fails on a crash.
    Output is plain (no colour) and 100 columns wide; today is TODAY."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("PLANTRACK_AS_OF", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setattr("plantrack.cli._common.today", lambda: TODAY)

    def run(*args: str | Path, code: int = 0, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
        if result.exit_code != code:
            print(result.output)
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
        assert result.exit_code == code, (result.exit_code, result.output)
        assert "Traceback" not in result.output
        return result

    return run


@pytest.fixture
def plan_file(tmp_path: Path) -> PlanFile:
    """Write a plan (dedented) to tmp_path and return its path."""

    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def _diff(old: str, new: str, path: Path) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"{path} (golden)",
        f"{path} (actual)",
    )
    return "".join(lines)


@pytest.fixture
def golden() -> Golden:
    """Compare an output with its golden file, ``golden(path, actual)``.

    Normally a mismatch fails with a unified diff.  With ``PLANTRACK_UPDATE_GOLDEN=1``
    a golden file that differs (or is missing) is rewritten, and the test then
    FAILS, showing what changed, so that a person reads the diff before committing
    it; a golden file that already matches passes.  See docs/testing.md."""

    def compare(path: Path, actual: str) -> None:
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == actual:
            return
        if os.environ.get(UPDATE_GOLDEN):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            what = "created" if old is None else "updated"
            pytest.fail(
                f"golden file {what}, review it before committing: {path}\n"
                + _diff(old or "", actual, path),
                pytrace=False,
            )
        if old is None:
            pytest.fail(f"no golden file {path}: run with {UPDATE_GOLDEN}=1 to create it")
        pytest.fail(f"output differs from {path}:\n" + _diff(old, actual, path), pytrace=False)

    return compare
