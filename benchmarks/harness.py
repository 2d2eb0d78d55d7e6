"""Running a child process and measuring it; the rows of the table and how they print.

Every figure is a ratio of two medians taken in one run, the pair interleaved
(A, B, A, B, ...), so a busy or slow machine moves both sides alike.  Wall time
and peak memory of each child come from ``os.wait4``.
"""

from __future__ import annotations

import os
import platform
import pty
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# The floor of every scale measure: the plain C load, with the collector off as
# plantrack runs (plantrack.cli.main disables it), one process for all files.
CSAFE = (
    "import gc, sys, yaml\n"
    "gc.disable()\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, peak resident memory in bytes, exit code."""

    seconds: float
    peak: int
    code: int


@dataclass(frozen=True)
class Row:
    """One line of the table: a ratio judged against its goal (``met`` None: no goal)."""

    name: str
    ratio: float | None
    goal: str
    detail: str
    met: bool | None = None


def plantrack_cmd() -> list[str]:
    """The installed console script beside this Python, else ``python -m plantrack``."""
    script = Path(PY).parent / "plantrack"
    return [str(script)] if script.exists() else [PY, "-m", "plantrack"]


# The plan cache of every child (see plantrack.plancache): a folder of this
# run's own, never the user's; off unless a measure asks for it (``cache=True``).
CACHE_DIR: Path | None = None


def _env(*, terminal: bool, cache: bool = False) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PLANTRACK_NO_CACHE", None)
    if cache and CACHE_DIR is not None:
        env["PLANTRACK_CACHE_DIR"] = str(CACHE_DIR)
    else:
        env["PLANTRACK_NO_CACHE"] = "1"
    if terminal:  # as an analyst's terminal: colour on
        env.pop("NO_COLOR", None)
        env.setdefault("TERM", "xterm-256color")
    else:
        env["NO_COLOR"] = "1"
    return env


# Peak memory through GNU time where there is one: a child's ru_maxrss starts
# from the memory of the process that spawned it (Linux carries the parent's
# high-water mark across fork and exec), and this process grows with the plans
# it has handled; `time` is small, so the child it spawns starts clean.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def _measured(cmd: Sequence[str], report: str) -> list[str]:
    """``cmd`` under GNU time, its peak RSS (KiB) written to ``report``."""
    return [GNU_TIME, "-f", "%M", "-o", report, *cmd] if GNU_TIME else list(cmd)


def _finish(
    cmd: Sequence[str], pid: int, start: float, err: bytes, ok: Sequence[int], report: str
) -> Run:
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(cmd)}")
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    if GNU_TIME:
        text = Path(report).read_text(encoding="utf-8")
        peak = int(text.split()[-1]) * 1024  # the last word: after "Command exited with ..."
    return Run(seconds, peak, code)


def run(
    cmd: Sequence[str], *, ok: Sequence[int] = (0,), terminal: bool = False, cache: bool = False
) -> Run:
    """Run ``cmd`` with its output discarded (``terminal``: read from a pty, as
    a terminal would; ``cache``: with this run's plan cache on); measure wall
    time and peak RSS."""
    if terminal:
        return _run_pty(cmd, ok, cache)
    with tempfile.NamedTemporaryFile(suffix=".rss") as report:
        start = time.perf_counter()
        proc = subprocess.Popen(
            _measured(cmd, report.name),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_env(terminal=False, cache=cache),
            cwd=ROOT,
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        result = _finish(cmd, proc.pid, start, err, ok, report.name)
    proc.returncode = result.code
    return result


def _run_pty(cmd: Sequence[str], ok: Sequence[int], cache: bool) -> Run:
    """``cmd`` with stdout on a pseudo-terminal (100 columns), drained as it writes."""
    master, slave = pty.openpty()
    os.set_blocking(master, True)
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile(suffix=".rss") as report:
        start = time.perf_counter()
        proc = subprocess.Popen(
            _measured(cmd, report.name),
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=err,
            env=_env(terminal=True, cache=cache),
            cwd=ROOT,
        )
        os.close(slave)
        try:
            while os.read(master, 65536):
                pass
        except OSError:  # EIO: the child closed the terminal
            pass
        os.close(master)
        err.seek(0)
        result = _finish(cmd, proc.pid, start, err.read(), ok, report.name)
    proc.returncode = result.code
    return result


def pair(
    a: Sequence[str],
    b: Sequence[str],
    repeat: int,
    *,
    ok: Sequence[int] = (0,),
    terminal: bool = False,
    cache: bool = False,
) -> tuple[list[Run], list[Run]]:
    """Run ``a`` and ``b`` alternately, ``repeat`` times each, after one warm-up
    of each (with ``cache``, ``a`` runs with the plan cache on: its warm-up
    fills the cache, so every measured run finds its plans there)."""
    run(a, ok=ok, terminal=terminal, cache=cache)
    run(b, terminal=terminal)
    ra, rb = [], []
    for _ in range(repeat):
        ra.append(run(a, ok=ok, terminal=terminal, cache=cache))
        rb.append(run(b, terminal=terminal))
    return ra, rb


def med(runs: Sequence[Run], what: str = "seconds") -> float:
    """Median of one measure over runs."""
    return float(statistics.median(getattr(r, what) for r in runs))


def mib(n: float) -> str:
    """Bytes as MiB."""
    return f"{n / 2**20:,.0f} MiB"


def secs(n: float) -> str:
    """Seconds, with a precision that suits the size."""
    return f"{n * 1000:.0f} ms" if n < 1 else f"{n:.2f} s"


def ratio_row(name: str, ratio: float, goal: float, detail: str) -> Row:
    """A row judged against ``ratio <= goal``."""
    return Row(name, ratio, f"≤ {goal:g}×", detail, ratio <= goal)


def at_least_row(name: str, ratio: float, goal: float, detail: str) -> Row:
    """A row judged against ``ratio >= goal`` (how many times faster)."""
    return Row(name, ratio, f"≥ {goal:g}×", detail, ratio >= goal)


def info_row(name: str, ratio: float | None, detail: str) -> Row:
    """A row without a goal."""
    return Row(name, ratio, "", detail)


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
