"""``plantrack check`` over a portfolio: every format's output on generated plans
(benchmarks/generate.py, ``generate_plan(12, seed=0..2)``, stored as test data)
with waivers and an invalid file, byte for byte as captured from main before
``check`` streamed its outputs (issue 14).  The goldens were reviewed when
captured; a change to them is a change of output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, Golden

PORTFOLIO = Path("tests/data/check-portfolio")  # relative, as a user at the root names it
GOLDEN = ROOT / PORTFOLIO / "golden"
EXT = {
    "text": "txt",
    "json": "json",
    "github": "github",
    "gitlab": "gitlab.json",
    "junit": "xml",
    "markdown": "md",
    "sarif": "sarif",
}
# name -> (arguments, exit code)
RUNS: dict[str, tuple[tuple[str, ...], int]] = {
    "own-as-of": ((str(PORTFOLIO),), 1),
    "options": (
        (
            str(PORTFOLIO),
            "tests/data/check/mixed",
            "--as-of",
            "2021-06-30",
            "--tolerance",
            "15bd",
            "--warn-within",
            "1mo",
            "--accept",
            "m3",
            "--accept",
            "m7:slip",
            "--against",
            "original",
        ),
        2,
    ),
    "strict": ((str(PORTFOLIO), "--tolerance", "1q", "--warnings-as-errors"), 1),
}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# --warnings-as-errors changes only the verdicts and failures: not the json, gitlab or sarif
CASES = [(r, f) for r in sorted(RUNS) for f in sorted(EXT)]
CASES = [(r, f) for r, f in CASES if r != "strict" or f not in ("json", "gitlab", "sarif")]


@pytest.mark.parametrize(("run", "fmt"), CASES)
def test_portfolio_output_unchanged(invoke, golden: Golden, run: str, fmt: str) -> None:
    args, code = RUNS[run]
    result = invoke("check", *args, "--no-cache", "--format", fmt, code=code)
    golden(GOLDEN / f"{run}.{EXT[fmt]}", result.stdout)
