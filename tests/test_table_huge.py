"""Huge plans: above ``MEASURED`` milestones the table is sized on the first
rows and drawn row by row (docs/slippage.md, "Huge plans").  No timing is
asserted: the benchmark measures speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from plantrack.render.table import MEASURED
from tests.conftest import Invoke

LONG_ID = "a-very-long-milestone-identifier-at-the-end"


def _plan(path: Path, n: int) -> Path:
    """``n`` milestones m0, m1, ...; the last has LONG_ID instead."""
    ids = [f"m{i}" for i in range(n - 1)] + [LONG_ID]
    body = "".join(f"  - id: {i}\n    planned: 2013-01-01\n" for i in ids)
    path.write_text(f"plantrack: 1\nplan: Huge\nas_of: 2014-01-01\nmilestones:\n{body}")
    return path


def test_the_threshold_is_a_few_thousand_rows() -> None:
    assert MEASURED == 5_000


def test_a_20k_row_plan_renders_every_row(invoke: Invoke, tmp_path: Path) -> None:
    out = invoke("slippage", _plan(tmp_path / "huge.yaml", 20_000)).stdout
    lines = out.splitlines()
    assert sum(line.startswith("m") for line in lines) == 19_999
    assert "m19998 " in out
    # sized on m0..m4999: the Milestone column is its header's 9 cells, so the
    # last id, measured by nobody, is cut to 8 characters and "…"
    assert any(line.startswith("a-very-l…   2013-01-01") for line in lines)
    assert LONG_ID not in out


@pytest.mark.parametrize("n", [3, MEASURED])
def test_at_or_below_the_threshold_every_row_is_measured(
    invoke: Invoke, tmp_path: Path, n: int
) -> None:
    out = invoke("slippage", _plan(tmp_path / "plan.yaml", n), "--width", "120").stdout
    assert any(line.startswith(LONG_ID + "   2013-01-01") for line in out.splitlines())
