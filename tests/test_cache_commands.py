"""The plan cache in the read-only commands (issue 14, startup): every command
that reads plans without writing them loads them through plantrack.plancache,
and its output is the same byte for byte with the cache off (``--no-cache``,
PLANTRACK_NO_CACHE=1), cold (first run, entries written) and warm (entries
read); on a warm hit the YAML parser is not even imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MET, ROOT, Invoke

SMALL = """\
plantrack: 1
plan: Small
milestones:
  - id: a
    name: Alpha
    planned: 2013-04
    forecasts:
      - date: 2013-06-15
        reported: 2013-03
  - id: b
    planned: a.expected + 2 months
"""
BAD = SMALL.replace("planned: 2013-04", "planned: 2013-13")


def _entries() -> list[Path]:
    return sorted(Path(os.environ["PLANTRACK_CACHE_DIR"]).rglob("*.json"))


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "met.yaml").write_text(MET.read_text())
    (folder / "small.yaml").write_text(SMALL)
    (folder / "bad.yaml").write_text(BAD)
    return folder


# (arguments after the command, with {plans} and {met} filled in; exit code)
CASES = [
    (["slippage", "{plans}"], 2),
    (["slippage", "{plans}", "--format", "json"], 2),
    (["slippage", "{plans}", "--format", "csv"], 2),
    (["slippage", "{plans}", "--format", "markdown"], 2),
    (["slippage", "{met}", "--business-days", "--sources"], 0),
    (["validate", "{plans}"], 2),
    (["trend", "{met}"], 0),
    (["trend", "{plans}", "--format", "json"], 2),
    (["export", "{met}", "--to", "ics"], 0),
    (["export", "{met}", "--to", "mermaid"], 0),
    (["report", "{plans}"], 2),
    (["impact", "{met}", "ict-strategy", "--slip", "1mo"], 0),
    (["league", "{plans}"], 2),
]


@pytest.mark.parametrize(("args", "code"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_output_is_the_same_off_cold_and_warm(
    invoke: Invoke, plans: Path, args: list[str], code: int
) -> None:
    argv = [a.format(plans=plans, met=plans / "met.yaml") for a in args]
    argv += ["--as-of", "2013-12-31"] if argv[0] != "validate" else []
    without = invoke(*argv, "--no-cache", code=code)
    assert _entries() == []  # --no-cache writes nothing
    cold = invoke(*argv, code=code)
    written = _entries()
    assert written  # the valid plans are stored (never the invalid one)
    warm = invoke(*argv, code=code)
    assert _entries() == written
    for run in (cold, warm):
        assert (run.stdout, run.stderr) == (without.stdout, without.stderr)


def test_the_chart_file_is_the_same_off_cold_and_warm(
    invoke: Invoke, plans: Path, tmp_path: Path
) -> None:
    svg = tmp_path / "chart.svg"
    args = ("chart", plans / "met.yaml", "--svg", svg, "--as-of", "2013-12-31", "--force")
    invoke(*args, "--no-cache")
    without = svg.read_bytes()
    for _ in ("cold", "warm"):
        invoke(*args)
        assert svg.read_bytes() == without
    assert len(_entries()) == 1


def test_the_environment_variable_turns_the_cache_off(
    invoke: Invoke, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANTRACK_NO_CACHE", "1")
    invoke("slippage", plans / "met.yaml")
    assert _entries() == []


def test_an_invalid_plan_is_never_stored_and_fails_the_same_each_time(
    invoke: Invoke, plans: Path
) -> None:
    first = invoke("slippage", plans / "bad.yaml", code=2)
    second = invoke("slippage", plans / "bad.yaml", code=2)
    assert _entries() == []
    assert first.stderr == second.stderr
    assert ":6:14: error:" in first.stderr  # planned: 2013-13, line 6, column 14


def _modules_of_a_run(tmp_path: Path, *argv: str) -> tuple[set[str], str]:
    env = {**os.environ, "PLANTRACK_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("PLANTRACK_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "plantrack", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, done.stdout


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_warm_hit_imports_no_yaml_parser(tmp_path: Path, fmt: str) -> None:
    argv = ("slippage", str(MET), "--format", fmt, "--as-of", "2013-12-31")
    cold, cold_out = _modules_of_a_run(tmp_path, *argv)
    warm, warm_out = _modules_of_a_run(tmp_path, *argv)
    assert warm_out == cold_out
    assert {"yaml", "plantrack.loader", "plantrack.validation"} <= cold  # parsed
    assert {"yaml", "plantrack.loader", "plantrack.validation"} & warm == set()
