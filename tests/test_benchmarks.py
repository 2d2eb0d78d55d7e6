"""``python -m benchmarks`` runs (a smoke test at the smallest sizes; timings are
never asserted: performance is measured only by the benchmark itself)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.generate import knockon_plan

ROOT = Path(__file__).resolve().parent.parent


def _preds(text: str) -> list[list[str]]:
    return [
        re.findall(r"milestone: (m\d+)", line) for line in text.splitlines() if "depends_on" in line
    ]


@pytest.mark.parametrize(
    ("shape", "n", "expected"),
    [
        # a chain: m1 after m0, m2 after m1 (worked by hand from the shape)
        ("chain", 3, [["m0"], ["m1"]]),
        ("chain", 1, []),
    ],
)
def test_knockon_chain_links_each_milestone_to_the_one_before(
    shape: str, n: int, expected: list[list[str]]
) -> None:
    assert _preds(knockon_plan(n, shape=shape)) == expected


def test_knockon_dag_averages_three_earlier_predecessors() -> None:
    preds = _preds(knockon_plan(2000, shape="dag", seed=7))
    assert len(preds) == 1999  # every milestone but the first
    mean = sum(len(p) for p in preds) / len(preds)
    assert 2.8 < mean < 3.2  # 1 to 5 predecessors, uniformly: 3 on average
    for i, p in enumerate(preds, start=1):
        assert all(int(m[1:]) < i for m in p)  # earlier milestones only: no cycle


@pytest.mark.parametrize("shape", ["chain", "dag"])
def test_knockon_plain_is_the_same_plan_without_depends_on(shape: str) -> None:
    linked = knockon_plan(500, shape=shape, seed=3)
    plain = knockon_plan(500, shape=shape, seed=3, dependencies=False)
    assert [line for line in linked.splitlines() if "depends_on" not in line] == plain.splitlines()


def test_benchmarks_quick_runs_at_the_smallest_sizes(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--repeat",
            "1",
            "--max-n",
            "1000",
            "--only",
            "startup,throughput,knockon",
            "--workdir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for row in (
        "| startup: slippage (table, piped), cache off |",
        "| startup: slippage (table, terminal), cache off |",
        "| startup: slippage --format json, cache off |",
        "| startup: slippage (table, piped), warm cache |",
        "| startup: slippage --format json, warm cache |",
        "| throughput: 1,000 milestones, peak memory |",
        "| knock-on: 1,000-milestone chain, vs load |",
        "| knock-on: 1,000-milestone random DAG, 3 predecessors on average, vs no depends_on |",
    ):
        assert row in result.stdout
