"""Edits at the same time lose nothing (issue 9 item 2).

Each ``record`` holds an advisory lock on the plan from reading it to renaming
the new text over it; another edit waits for it (``--lock-timeout``), then
gives up with exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plantrack import files
from plantrack.loader import load_plan
from plantrack.locking import locked_for_edit

from .conftest import Invoke

PLAN = "plantrack: 1\nplan: P\nmilestones:\n  - id: m\n    name: M\n"
RUNS = 50


@pytest.mark.slow  # about 16 s on two busy cores: 50 Python processes start
def test_fifty_records_at_once_lose_no_edit(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PLANTRACK_AS_OF": "2026-11-25"}
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "plantrack",
                "record",
                str(plan),
                "m",
                "--forecast",
                "2031",
                "--reported",
                "2030",
                "--note",
                f"edit {i}",
                "--lock-timeout",
                "60",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(RUNS)
    ]
    errors = [c.communicate(timeout=300)[1] for c in children]
    outcomes = [(c.returncode, err) for c, err in zip(children, errors, strict=True)]
    written = {i for i, (code, err) in enumerate(outcomes) if code == 0}
    for i, (code, err) in enumerate(outcomes):
        if i in written:
            assert err == f"{plan}: written\n"
        else:  # only a timeout may refuse an edit, and it says so
            assert code == 2, err
            assert "another edit of this file held its lock for over 60 s" in err
    notes = [f.note for f in load_plan(plan).milestones[0].forecasts]
    assert sorted(notes, key=lambda n: int(str(n).split()[1])) == [
        f"edit {i}" for i in sorted(written)
    ]
    assert len(written) == RUNS  # with a minute each to wait, every edit gets its turn
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_an_edit_waits_for_the_lock_then_gives_up(invoke: Invoke, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    with locked_for_edit(plan):
        started = time.monotonic()
        result = invoke("record", plan, "m", "--actual", "2020", "--lock-timeout", "0.3", code=2)
        waited = time.monotonic() - started
    assert result.stderr == (
        f"plantrack: error: {plan}: not written: another edit of this file held its lock "
        "for over 0.3 s (wait longer with --lock-timeout SECONDS)\n"
    )
    assert waited >= 0.3
    assert plan.read_text(encoding="utf-8") == PLAN
    invoke("record", plan, "m", "--actual", "2020", "--lock-timeout", "0")  # free again


def test_a_waiting_edit_reads_the_file_that_replaced_the_one_it_waited_for(
    tmp_path: Path,
) -> None:
    # The first edit renames a new file over the one the second waits on: the
    # second must lock and read the new file, so both edits are in the result.
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    waiter = [
        sys.executable, "-m", "plantrack", "record", str(plan), "m", "--forecast", "2031",
        "--reported", "2030", "--note", "second",
    ]  # fmt: skip
    with locked_for_edit(plan):
        child = subprocess.Popen(waiter, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)  # the child is waiting for the lock of the old file
        assert child.poll() is None
        first = PLAN + "    forecasts:\n      - {reported: 2030, date: 2032, note: first}\n"
        files.write_atomic(plan, first.encode())  # the first edit, holding the lock
    _, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    notes = [f.note for f in load_plan(plan).milestones[0].forecasts]
    assert notes == ["first", "second"]
