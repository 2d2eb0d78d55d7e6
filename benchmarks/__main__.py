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
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import plantrack
from benchmarks.generate import generate_plan, milestone_dates

ROOT = Path(__file__).resolve().parent.parent
MET = ROOT / "plans" / "met.yaml"
PY = sys.executable
SECTIONS = ("startup", "throughput", "growth", "check", "tj3")


@dataclass
class Run:
    """One child process: wall seconds, peak resident memory in bytes, exit code."""

    seconds: float
    peak: int
    code: int


@dataclass
class Row:
    """One line of the table."""

    name: str
    ratio: float | None
    goal: str
    detail: str
    met: bool | None = None


def plantrack_cmd() -> list[str]:
    """The installed console script beside this Python, else ``python -m plantrack``."""
    script = Path(PY).parent / "plantrack"
    return [str(script)] if script.exists() else [PY, "-m", "plantrack"]


def run(cmd: Sequence[str], *, ok: Sequence[int] = (0,)) -> Run:
    """Run ``cmd`` with output discarded; measure wall time and peak RSS."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}")
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Run(seconds, peak, proc.returncode)


def pair(
    a: Sequence[str], b: Sequence[str], repeat: int, *, ok: Sequence[int] = (0,)
) -> tuple[list[Run], list[Run]]:
    """Run ``a`` and ``b`` alternately, ``repeat`` times each, after one warm-up of each."""
    run(a, ok=ok)
    run(b)
    ra, rb = [], []
    for _ in range(repeat):
        ra.append(run(a, ok=ok))
        rb.append(run(b))
    return ra, rb


def med(runs: Sequence[Run], what: str = "seconds") -> float:
    """Median of one measure over runs."""
    return statistics.median(getattr(r, what) for r in runs)


def mib(n: float) -> str:
    """Bytes as MiB."""
    return f"{n / 2**20:,.0f} MiB"


def secs(n: float) -> str:
    """Seconds, with a precision that suits the size."""
    return f"{n * 1000:.0f} ms" if n < 1 else f"{n:.2f} s"


def ratio_row(name: str, ratio: float, goal: float, detail: str) -> Row:
    """A row judged against ``ratio <= goal``."""
    return Row(name, ratio, f"≤ {goal:g}×", detail, ratio <= goal)


# -- the plans ------------------------------------------------------------------


def plan_file(work: Path, n: int, seed: int = 1) -> Path:
    """A generated plan of ``n`` milestones, written once per work directory."""
    path = work / f"plan-{n}-{seed}.yaml"
    if not path.exists():
        path.write_text(generate_plan(n, seed), encoding="utf-8")
    return path


CSAFE = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


# -- sections -------------------------------------------------------------------


def startup(repeat: int) -> list[Row]:
    """plantrack on plans/met.yaml against the import floor of its dependencies."""
    pt = plantrack_cmd()
    rows = []
    cases = (
        (
            "startup: slippage (table)",
            [],
            "import click, rich.console, rich.table, yaml, dateutil.relativedelta",
            1.25,
        ),
        ("startup: slippage --format json", ["--format", "json"], "import click, yaml", 1.5),
    )
    for name, extra, floor, goal in cases:
        a, b = pair([*pt, "slippage", str(MET), *extra], [PY, "-c", floor], repeat)
        ta, tb = med(a), med(b)
        rows.append(
            ratio_row(name, ta / tb, goal, f'{secs(ta)} vs `python -c "{floor}"` {secs(tb)}')
        )
    return rows


def throughput(work: Path, repeat: int, n: int = 100_000) -> list[Row]:
    """``--format json`` on a big plan against CSafeLoader loading the same file."""
    path = plan_file(work, n)
    a, b = pair(
        [*plantrack_cmd(), "slippage", str(path), "--format", "json", "--max-size", "1G"],
        [PY, "-c", CSAFE, str(path)],
        repeat,
    )
    ta, tb = med(a), med(b)
    ma, mb = med(a, "peak"), med(b, "peak")
    size = path.stat().st_size
    return [
        ratio_row(
            f"throughput: {n:,} milestones, time",
            ta / tb,
            1.5,
            f"{secs(ta)} vs CSafeLoader {secs(tb)} ({size / 2**20:.0f} MiB file)",
        ),
        ratio_row(
            f"throughput: {n:,} milestones, peak memory",
            ma / mb,
            2.0,
            f"{mib(ma)} vs CSafeLoader {mib(mb)}",
        ),
    ]


def growth(work: Path, repeat: int, sizes: Sequence[int]) -> list[Row]:
    """Time of ``--format json`` at growing sizes; the last/previous ratio shows linearity."""
    times: dict[int, float] = {}
    for n in sizes:
        path = plan_file(work, n)
        cmd = [*plantrack_cmd(), "slippage", str(path), "--format", "json", "--max-size", "4G"]
        reps = repeat if n <= 100_000 else 1
        run(cmd) if n < 1_000_000 else None  # warm-up (the file cache) except for the biggest
        times[n] = med([run(cmd) for _ in range(reps)])
    rows = [
        Row(
            f"growth: {n:,} milestones",
            None,
            "",
            secs(t) + (" (one run)" if n >= 1_000_000 and repeat > 1 else ""),
        )
        for n, t in times.items()
    ]
    if len(sizes) >= 2:
        lo, hi = sizes[-2], sizes[-1]
        goal = 1.1 * hi / lo
        rows.append(
            ratio_row(
                f"growth: {hi:,} / {lo:,}", times[hi] / times[lo], goal, f"linear is {hi / lo:g}×"
            )
        )
    return rows


def _commands() -> dict[str, str]:
    from plantrack.cli import COMMANDS

    return COMMANDS


def check(work: Path, repeat: int, files: int = 1000, n: int = 50) -> list[Row]:
    """``plantrack check`` over a directory of plans against CSafeLoader in one process."""
    if "check" not in _commands():
        return [Row("check: 1,000 plans × 50", None, "≤ 1.5×", "skipped: no check command")]
    folder = work / f"check-{files}x{n}"
    if not folder.exists():
        folder.mkdir()
        for i in range(files):
            (folder / f"plan-{i:04d}.yaml").write_text(generate_plan(n, seed=i), encoding="utf-8")
    names = sorted(str(p) for p in folder.glob("*.yaml"))
    # check judges the plans: exit 1 (a breach) is a result, not a failure.
    a, b = pair(
        [*plantrack_cmd(), "check", str(folder), "--format", "text"],
        [PY, "-c", CSAFE, *names],
        repeat,
        ok=(0, 1),
    )
    ta, tb = med(a), med(b)
    return [
        ratio_row(
            f"check: {files:,} plans × {n} milestones",
            ta / tb,
            1.5,
            f"{secs(ta)} vs CSafeLoader {secs(tb)}",
        )
    ]


def _tj3_files(work: Path, n: int) -> tuple[Path, Path]:
    """The same ``n`` independent milestones, planned and actual, for tj3 and for plantrack."""
    start = _dt.date(2010, 1, 1)
    tjp = work / f"tj3-{n}.tjp"
    yml = work / f"tj3-{n}.yaml"
    if tjp.exists() and yml.exists():
        return tjp, yml
    first, end = start - _dt.timedelta(days=60), start + _dt.timedelta(days=4000)
    tj = [
        f'project bench "Benchmark" {first.isoformat()} - {end.isoformat()} {{\n'
        '  timezone "UTC"\n  scenario plan "Plan" {\n    scenario actual "Actual"\n  }\n}\n',
    ]
    pt = ["plantrack: 1\nplan: TaskJuggler comparison\nas_of: 2021-01-01\nmilestones:\n"]
    for i, planned, slip in milestone_dates(n):
        p = start + _dt.timedelta(days=planned)
        a = p + _dt.timedelta(days=slip)
        tj.append(
            f'task m{i} "Milestone {i}" {{\n  milestone\n  start {p.isoformat()}\n'
            f"  actual:start {a.isoformat()}\n}}\n"
        )
        pt.append(
            f"  - id: m{i}\n    name: Milestone {i}\n    planned: {p.isoformat()}\n"
            f"    actual: {a.isoformat()}\n"
        )
    tj.append(
        'taskreport slip "slip" {\n  formats csv\n'
        "  columns id, name, start\n  scenarios plan, actual\n}\n"
    )
    tjp.write_text("".join(tj), encoding="utf-8")
    yml.write_text("".join(pt), encoding="utf-8")
    return tjp, yml


def tj3(work: Path, repeat: int, sizes: Sequence[int] = (1_000, 10_000)) -> list[Row]:
    """TaskJuggler reading plan and actual scenarios and writing CSV, against plantrack CSV."""
    exe = shutil.which("tj3")
    if exe is None:
        return [
            Row("tj3: TaskJuggler", None, "", "skipped: tj3 is not installed (apt-get install tj3)")
        ]
    rows = []
    for n in sizes:
        tjp, yml = _tj3_files(work, n)
        out = work / f"tj3-out-{n}"
        out.mkdir(exist_ok=True)
        reps = max(1, repeat // 2) if n >= 10_000 else repeat
        a, b = pair(
            [*plantrack_cmd(), "slippage", str(yml), "--format", "csv"],
            [exe, "--silent", "-o", str(out), str(tjp)],
            reps,
        )
        ta, tb = med(a), med(b)
        rows.append(
            Row(
                f"tj3: {n:,} milestones, plantrack / tj3",
                ta / tb,
                "(peer)",
                f"plantrack {secs(ta)} vs tj3 {secs(tb)}",
            )
        )
    return rows


# -- output ---------------------------------------------------------------------


def machine() -> str:
    """Cores, memory, load and software of this machine."""
    cores = os.cpu_count() or 0
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    import yaml

    return (
        f"{platform.system()} {platform.machine()}, {cores} cores, {mem / 2**30:.1f} GiB, "
        f"load average {load}; Python {platform.python_version()}, PyYAML {yaml.__version__}"
        f" (libyaml: {yaml.__with_libyaml__})"
    )


def table(rows: Sequence[Row]) -> str:
    """The ratio table, in Markdown."""
    lines = ["| measure | ratio | goal | met | detail |", "|---|---:|---|---|---|"]
    for r in rows:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}×"
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.name} | {ratio} | {r.goal} | {met} | {r.detail} |")
    return "\n".join(lines)


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
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))} (known: {SECTIONS})")
    repeat = args.repeat or (3 if args.quick else 7)
    sizes = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= args.max_n]
    if args.quick:
        sizes = [n for n in sizes if n <= 10_000]
    tmp = None
    if args.workdir:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="plantrack-bench-")
        work = Path(tmp.name)
    # An installed wheel has bytecode, as the dependencies here do; an editable
    # checkout under PYTHONDONTWRITEBYTECODE would compile every module on every run.
    compileall.compile_dir(str(Path(plantrack.__file__).parent), quiet=1)
    print(f"# plantrack benchmarks, {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"# {machine()}")
    print(f"# {repeat} runs per measure, medians; plantrack = {' '.join(plantrack_cmd())}\n")
    sections: dict[str, Callable[[], list[Row]]] = {
        "startup": lambda: startup(repeat),
        "throughput": lambda: throughput(work, repeat, 10_000 if args.quick else 100_000),
        "growth": lambda: growth(work, repeat, sizes),
        "check": lambda: check(work, repeat, *((100, 50) if args.quick else (1000, 50))),
        "tj3": lambda: tj3(work, repeat, (1_000,) if args.quick else (1_000, 10_000)),
    }
    rows: list[Row] = []
    for name in only:
        t0 = time.perf_counter()
        new = sections[name]()
        rows.extend(new)
        print(f"{name}: done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    print(table(rows))
    print(f"\n# load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    missed = [r.name for r in rows if r.met is False]
    print("# all goals met" if not missed else f"# goals missed: {'; '.join(missed)}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
