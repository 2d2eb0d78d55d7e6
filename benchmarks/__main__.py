"""Benchmarks as ratios to a floor measured in the same run: ``python -m benchmarks``.

Every figure is a ratio of two medians taken in this run, the pair interleaved
(A, B, A, B, ...), so a busy or slow machine moves both sides alike.  Wall time
and peak memory of each child process come from ``os.wait4``.  This is a
benchmark, not a test: it prints a table and never fails on timings (exit 0),
except when a command under test itself fails (exit 1).

    python -m benchmarks                 # everything (the 1M growth step takes minutes)
    python -m benchmarks --quick         # small sizes, fewer runs: a smoke test
    python -m benchmarks --only startup,throughput
"""

from __future__ import annotations

import argparse
import compileall
import datetime as _dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import plantrack
from benchmarks import harness
from benchmarks import sections as s
from benchmarks.harness import Row, machine, plantrack_cmd, table

SECTIONS = ("startup", "throughput", "growth", "knockon", "check", "tj3")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen sections and print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, 3 runs")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--repeat", type=int, help="runs per measure (default 7; quick 3)")
    parser.add_argument("--max-n", type=int, default=1_000_000, help="largest growth size")
    parser.add_argument("--workdir", type=Path, help="keep generated plans here (reused)")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))} (known: {SECTIONS})")
    repeat = args.repeat or (3 if args.quick else 7)
    sizes = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= args.max_n]
    if args.quick:
        sizes = [n for n in sizes if n <= 10_000]
    big = min(args.max_n, 10_000 if args.quick else 100_000)
    tmp = None
    if args.workdir:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="plantrack-bench-")
        work = Path(tmp.name)
    harness.CACHE_DIR = work / "plan-cache"  # the children's plan cache: this run's own
    # An installed wheel has bytecode, as the dependencies here do; an editable
    # checkout under PYTHONDONTWRITEBYTECODE would compile every module on every run.
    compileall.compile_dir(str(Path(plantrack.__file__).parent), quiet=1)
    print(f"# plantrack benchmarks, {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"# {machine()}")
    print(f"# {repeat} runs per measure, medians; plantrack = {' '.join(plantrack_cmd())}\n")
    sections: dict[str, Callable[[], list[Row]]] = {
        "startup": lambda: s.startup(repeat),
        "throughput": lambda: s.throughput(work, repeat, big),
        "growth": lambda: s.growth(work, repeat, sizes),
        "knockon": lambda: s.knockon(work, repeat, big),
        "check": lambda: s.check(work, repeat, *((100, 50) if args.quick else (1000, 50))),
        "tj3": lambda: s.tj3(work, repeat, (1_000,) if args.quick else (1_000, 10_000)),
    }
    rows: list[Row] = []
    for name in only:
        t0 = time.perf_counter()
        new = sections[name]()
        rows.extend(new)
        print(f"{name}: done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        print(table(new), file=sys.stderr, flush=True)  # a long run keeps what it measured
    print(table(rows))
    print(f"\n# load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    missed = [r.name for r in rows if r.met is False]
    print("# all goals met" if not missed else f"# goals missed: {'; '.join(missed)}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
