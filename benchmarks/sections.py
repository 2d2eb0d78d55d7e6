"""The sections of ``python -m benchmarks``: each returns rows of the table.

The goals are those of issue 14 (startup, throughput, growth, check, tj3) and
issue 11 (knock-on through ``depends_on`` in linear time).
"""

from __future__ import annotations

import datetime as _dt
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from benchmarks.generate import generate_plan, milestone_dates
from benchmarks.harness import (
    CSAFE,
    PY,
    ROOT,
    Row,
    at_least_row,
    info_row,
    med,
    mib,
    pair,
    plantrack_cmd,
    ratio_row,
    run,
    secs,
)

MET = ROOT / "plans" / "met.yaml"
TABLE_FLOOR = "import click, rich.console, yaml"
JSON_FLOOR = "import click, yaml"


def _write_in_a_child(path: Path, call: str) -> None:
    """Write ``path`` with the text ``call`` (an expression over
    :mod:`benchmarks.generate`) returns, computed in a child process.  This
    process must stay small: a child's peak memory (``ru_maxrss``) starts from
    the memory of the process that spawned it (Linux carries the parent's
    high-water mark across fork and exec), so a benchmark process that had
    held a 1,000,000-milestone plan would lift every later memory figure."""
    code = (
        "import sys\n"
        "from benchmarks.generate import generate_plan, knockon_plan\n"
        f"text = {call}\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write(text)\n"
    )
    subprocess.run([PY, "-c", code, str(path)], cwd=ROOT, check=True)


def plan_file(work: Path, n: int, seed: int = 1) -> Path:
    """A generated plan of ``n`` milestones, written once per work directory."""
    path = work / f"plan-{n}-{seed}.yaml"
    if not path.exists():
        _write_in_a_child(path, f"generate_plan({n}, {seed})")
    return path


def startup(repeat: int) -> list[Row]:
    """plantrack on plans/met.yaml against the import floor of its dependencies:
    the table piped, the table on a terminal (both sides on a pty), JSON."""
    pt = plantrack_cmd()
    cases = (
        ("startup: slippage (table, piped)", [], TABLE_FLOOR, 1.15, False),
        ("startup: slippage (table, terminal)", [], TABLE_FLOOR, 1.15, True),
        ("startup: slippage --format json", ["--format", "json"], JSON_FLOOR, 1.2, False),
    )
    rows = []
    # With the plan cache off (every run parses the YAML), then as a user's
    # second run goes: the cache on, filled by the warm-up run.
    for cache in (False, True):
        for name, extra, floor, goal, terminal in cases:
            a, b = pair(
                [*pt, "slippage", str(MET), *extra],
                [PY, "-c", floor],
                repeat,
                terminal=terminal,
                cache=cache,
            )
            ta, tb = med(a), med(b)
            title = f"{name}, {'warm cache' if cache else 'cache off'}"
            rows.append(
                ratio_row(title, ta / tb, goal, f'{secs(ta)} vs `python -c "{floor}"` {secs(tb)}')
            )
    return rows


def _json_cmd(path: Path) -> list[str]:
    return [*plantrack_cmd(), "slippage", str(path), "--format", "json", "--max-size", "4G"]


def throughput(work: Path, repeat: int, n: int = 100_000) -> list[Row]:
    """``--format json`` on a big plan against CSafeLoader (gc off) loading the same file."""
    path = plan_file(work, n)
    a, b = pair(_json_cmd(path), [PY, "-c", CSAFE, str(path)], repeat)
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
            1.25,
            f"{mib(ma)} vs CSafeLoader {mib(mb)}",
        ),
    ]


def growth(work: Path, repeat: int, sizes: Sequence[int]) -> list[Row]:
    """Time of ``--format json`` at growing sizes, per milestone too; the
    last/previous ratio shows how far from linear it is."""
    times: dict[int, float] = {}
    for n in sizes:
        cmd = _json_cmd(plan_file(work, n))
        big = n >= 1_000_000
        if not big:
            run(cmd)  # warm-up (the file cache), except for the biggest
        times[n] = med([run(cmd) for _ in range(1 if big else repeat)])
    rows = [
        info_row(
            f"growth: {n:,} milestones",
            None,
            f"{secs(t)}, {t / n * 1e6:.1f} µs per milestone"
            + (" (one run)" if n >= 1_000_000 and repeat > 1 else ""),
        )
        for n, t in times.items()
    ]
    if len(sizes) >= 2:
        lo, hi = sizes[-2], sizes[-1]
        goal = 10.5 * (hi / lo) / 10
        rows.append(
            ratio_row(
                f"growth: {hi:,} / {lo:,}", times[hi] / times[lo], goal, f"linear is {hi / lo:g}×"
            )
        )
    return rows


def _knockon_file(work: Path, n: int, shape: str, *, dependencies: bool) -> Path:
    path = work / f"knockon-{shape}-{n}{'' if dependencies else '-plain'}.yaml"
    if not path.exists():
        _write_in_a_child(
            path, f"knockon_plan({n}, shape={shape!r}, dependencies={dependencies!r})"
        )
    return path


def knockon(work: Path, repeat: int, n: int = 100_000) -> list[Row]:
    """``depends_on`` at scale (issue 11): a chain and a random DAG (3
    predecessors on average, seeded) through ``slippage --format json``, as a
    ratio to the plain load of the same file (CSafeLoader, gc off) and to the
    same plan without ``depends_on`` (what the knock-on itself costs)."""
    rows = []
    for shape, label in (("chain", "chain"), ("dag", "random DAG, 3 predecessors on average")):
        path = _knockon_file(work, n, shape, dependencies=True)
        plain = _knockon_file(work, n, shape, dependencies=False)
        a, b = pair(_json_cmd(path), [PY, "-c", CSAFE, str(path)], repeat)
        ta, tb = med(a), med(b)
        a2, c = pair(_json_cmd(path), _json_cmd(plain), repeat)
        ta2, tc = med(a2), med(c)
        rows += [
            ratio_row(
                f"knock-on: {n:,}-milestone {label}, vs load",
                ta / tb,
                1.5,
                f"{secs(ta)} vs CSafeLoader {secs(tb)}",
            ),
            info_row(
                f"knock-on: {n:,}-milestone {label}, vs no depends_on",
                ta2 / tc,
                f"{secs(ta2)} vs {secs(tc)} for the same milestones without depends_on",
            ),
        ]
    return rows


def _commands() -> dict[str, str]:
    from plantrack.cli import COMMANDS

    return COMMANDS


def check(work: Path, repeat: int, files: int = 1000, n: int = 50) -> list[Row]:
    """``plantrack check`` over a directory of plans (text and JSON) against
    CSafeLoader (gc off) loading the same files in one process: time and peak memory."""
    title = f"check: {files:,} plans × {n} milestones"
    if "check" not in _commands():
        return [info_row(title, None, "skipped: no check command")]
    folder = work / f"check-{files}x{n}"
    if not folder.exists():
        folder.mkdir()
        for i in range(files):
            (folder / f"plan-{i:04d}.yaml").write_text(generate_plan(n, seed=i), encoding="utf-8")
    names = sorted(str(p) for p in folder.glob("*.yaml"))
    rows = []
    for fmt, cache in (("text", False), ("json", False), ("text", True), ("json", True)):
        # check judges the plans: exit 1 (a breach) is a result, not a failure.
        a, b = pair(
            [*plantrack_cmd(), "check", str(folder), "--format", fmt],
            [PY, "-c", CSAFE, *names],
            repeat,
            ok=(0, 1),
            cache=cache,
        )
        ta, tb = med(a), med(b)
        ma, mb = med(a, "peak"), med(b, "peak")
        how = f"{fmt}, warm cache" if cache else fmt
        rows += [
            ratio_row(f"{title}, {how}", ta / tb, 1.3, f"{secs(ta)} vs CSafeLoader {secs(tb)}"),
            ratio_row(
                f"{title}, {how}, peak memory", ma / mb, 2.0, f"{mib(ma)} vs CSafeLoader {mib(mb)}"
            ),
        ]
    return rows


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
    """TaskJuggler reading plan and actual scenarios and writing CSV, against
    plantrack's CSV: how many times faster plantrack is (goal ≥ 50× at 10k)."""
    exe = shutil.which("tj3")
    if exe is None:
        return [
            info_row(
                "tj3: TaskJuggler", None, "skipped: tj3 is not installed (apt-get install tj3)"
            )
        ]
    rows = []
    for n in sizes:
        tjp, yml = _tj3_files(work, n)
        out = work / f"tj3-out-{n}"
        out.mkdir(exist_ok=True)
        reps = max(1, repeat // 2) if n >= 10_000 else repeat
        for cache in (False, True):
            a, b = pair(
                [*plantrack_cmd(), "slippage", str(yml), "--format", "csv"],
                [exe, "--silent", "-o", str(out), str(tjp)],
                reps,
                cache=cache,
            )
            ta, tb = med(a), med(b)
            how = ", warm cache" if cache else ""
            name = f"tj3: {n:,} milestones{how}, tj3 / plantrack (times faster)"
            detail = f"plantrack {secs(ta)} vs tj3 {secs(tb)}"
            rows.append(
                at_least_row(name, tb / ta, 50, detail)
                if n >= 10_000
                else info_row(name, tb / ta, detail)
            )
    return rows
