"""Exit codes: 1 only for a breach, 3 for a bug, never a traceback on bad input
(issue 9.5), and the inputs that crashed the trend charts and the CI reports."""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from plantrack.cli import main

from .conftest import Invoke, PlanFile

HINT = "(please report it; set PLANTRACK_DEBUG=1 for the traceback)"


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """``plantrack ARGS`` through the console-script entry point; its exit code."""
    monkeypatch.setattr(sys, "argv", ["plantrack", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    code = exit_.value.code
    assert isinstance(code, int)
    return code


def explode(exc: BaseException) -> object:
    def load_plans(*args: object, **kwargs: object) -> object:
        raise exc

    return load_plans


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (RuntimeError("boom"), f"plantrack: internal error: RuntimeError: boom {HINT}"),
        (MemoryError(), f"plantrack: internal error: MemoryError:  {HINT}"),
        (
            RecursionError("maximum recursion depth exceeded"),
            "plantrack: internal error: RecursionError: maximum recursion depth exceeded " + HINT,
        ),
        # the message is plan text too: one line, escaped
        (
            ValueError("bad\n::error::x\x1b[31m"),
            f"plantrack: internal error: ValueError: bad\\n::error::x\\x1b[31m {HINT}",
        ),
    ],
)
def test_an_internal_error_exits_3_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    exc: BaseException,
    line: str,
) -> None:
    monkeypatch.delenv("PLANTRACK_DEBUG", raising=False)
    monkeypatch.setattr("plantrack.cli.slippage.load_plans", explode(exc))
    assert run_main(monkeypatch, "slippage", str(tmp_path)) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == line + "\n"


def test_plantrack_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("PLANTRACK_DEBUG", "1")
    monkeypatch.setattr("plantrack.cli.slippage.load_plans", explode(KeyError("k")))
    assert run_main(monkeypatch, "slippage", str(tmp_path)) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "Traceback (most recent call last):"
    assert "load_plans" in "\n".join(err)
    assert err[-1] == f"plantrack: internal error: KeyError: 'k' {HINT}"


def test_a_long_internal_message_is_cut(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("PLANTRACK_DEBUG", raising=False)
    monkeypatch.setattr("plantrack.cli.slippage.load_plans", explode(ValueError("x" * 10_000)))
    assert run_main(monkeypatch, "slippage", str(tmp_path)) == 3
    err = capsys.readouterr().err
    assert err == f"plantrack: internal error: ValueError: {'x' * 500}… {HINT}\n"


def test_the_exit_codes_keep_their_meaning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], plan_file: PlanFile
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    late = plan_file("plantrack: 1\nmilestones:\n  - id: m\n    planned: 2013-04\n")
    bad = plan_file("plantrack: 1\nmilestones: 3\n", "bad.yaml")
    assert run_main(monkeypatch, "check", str(late), "--as-of", "2013-05-01") == 1
    assert run_main(monkeypatch, "check", str(bad)) == 2
    assert run_main(monkeypatch, "check", "--no-such-option") == 2
    assert run_main(monkeypatch, "validate", str(late)) == 0
    assert "Traceback" not in capsys.readouterr().err


# -- trend charts at the ends of time ---------------------------------------------------

EDGES = """\
plantrack: 1
plan: Edges
milestones:
  - id: first
    planned: 0001-01
    forecasts:
      - {reported: 0001-01-05, date: 0001-02}
      - {reported: 0001-03, date: 0001-04}
  - id: last
    planned: 9999-11
    forecasts:
      - {reported: 9999-10, date: 9999-12}
      - {reported: 9999-12-20, date: 9999-12-31}
"""


@pytest.mark.parametrize("milestones", [(), ("first",), ("last",)])
def test_trend_charts_draw_years_1_and_9999(
    invoke: Invoke, plan_file: PlanFile, tmp_path: Path, milestones: tuple[str, ...]
) -> None:
    pytest.importorskip("matplotlib")
    plan = plan_file(EDGES)
    only = [a for m in milestones for a in ("-m", m)]
    svg, png = tmp_path / "t.svg", tmp_path / "t.png"
    args = ["trend", plan, *only, "--as-of", "9999-12-31", "--chart", "--svg", svg, "--png", png]
    out = invoke(*args).stdout
    assert "forecast = report date" in out  # the terminal chart's legend
    ET.parse(svg)  # well-formed
    assert png.read_bytes().startswith(b"\x89PNG")


def test_the_terminal_chart_alone_draws_year_9999(invoke: Invoke, plan_file: PlanFile) -> None:
    out = invoke("trend", plan_file(EDGES), "-m", "last", "--as-of", "9999-12-31", "--chart")
    assert "9999-12 ┤" in out.stdout


@pytest.mark.parametrize(
    "title",
    [
        "Costs $\\frac{1}{0$",  # an unfinished fraction: matplotlib's maths parser fails
        "Budget $5 and $x^2$",
        "Odd \x1b]0;title\x07 \udcff",  # controls would make the SVG ill-formed
    ],
)
def test_a_dollar_in_the_title_is_a_dollar(
    invoke: Invoke, plan_file: PlanFile, tmp_path: Path, title: str
) -> None:
    pytest.importorskip("matplotlib")
    quoted = json.dumps(title)  # a YAML double-quoted scalar
    if "\udcff" in title:
        quoted = quoted.replace("\\udcff", "\\xff")
    plan = plan_file(
        f"plantrack: 1\nplan: {quoted}\nmilestones:\n  - id: m\n    planned: 2013-04\n"
        "    forecasts:\n      - {reported: 2013-01, date: 2013-05}\n"
    )
    svg = tmp_path / "t.svg"
    invoke("trend", plan, "--as-of", "2014", "--svg", svg)
    ET.parse(svg)
    if "$" in title:
        assert f"Milestone trend: {title}".replace("&", "&amp;") in svg.read_text("utf-8")


# -- file names that are not UTF-8 ------------------------------------------------------

needs_bytes_names = pytest.mark.skipif(
    sys.platform == "darwin" or os.name == "nt", reason="the file system wants UTF-8 names"
)


@needs_bytes_names
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("check", "-f", "json"), 2),
        (("check", "-f", "gitlab"), 2),
        (("slippage", "-f", "json"), 2),
    ],
)
def test_non_utf8_file_names_in_json_reports(
    invoke: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: tuple[str, ...],
    code: int,
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    good = Path(os.fsdecode(bytes(folder) + b"/late\xff.yaml"))
    good.write_text("plantrack: 1\nmilestones:\n  - id: m\n    planned: 2013-04\n")
    bad = Path(os.fsdecode(bytes(folder) + b"/bad\xfe.yaml"))
    bad.write_text("plantrack: 1\nmilestones: 3\n")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(*args, folder, "--as-of", "2013-05-01", code=code)
    doc = json.loads(result.stdout)  # parses, and names each file as os.fsdecode does
    text = json.dumps(doc)
    assert "late\\udcff.yaml" in text
    assert "bad\\udcfe.yaml:2:13: error:" in result.stderr
    if args[0] == "check":  # the problems are in the report, and in the job summary
        assert "bad\\udcfe.yaml" in text
        assert "late\\udcff.yaml" in summary.read_text("utf-8")


def test_csv_raw_leaves_formulas(invoke: Invoke, plan_file: PlanFile) -> None:
    plan = plan_file(
        "plantrack: 1\nplan: '=HYPERLINK(\"http://x\")'\nmilestones:\n"
        "  - {id: m, name: '@SUM(A1)', planned: 2013-04}\n"
    )
    safe = invoke("slippage", plan, "-f", "csv", "--as-of", "2013-01-01").stdout.splitlines()[1]
    raw = invoke("slippage", plan, "-f", "csv", "--csv-raw", "--as-of", "2013-01-01").stdout
    assert safe.split(",")[1:6] == [
        '"\'=HYPERLINK(""http://x"")"',
        "2013-01-01",
        "m",
        "'@SUM(A1)",
        "on track",
    ]
    assert raw.splitlines()[1].split(",")[1:6] == [
        '"=HYPERLINK(""http://x"")"',
        "2013-01-01",
        "m",
        "@SUM(A1)",
        "on track",
    ]


# -- Ctrl-C --------------------------------------------------------------------------------


def test_ctrl_c_in_a_command_exits_130_not_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Click alone says "Aborted!" and exits 1, which a CI job reads as a breach.
    monkeypatch.setattr("plantrack.cli.slippage.load_plans", explode(KeyboardInterrupt()))
    assert run_main(monkeypatch, "slippage", str(tmp_path)) == 130
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "plantrack: interrupted\n")


def test_a_real_sigint_exits_130(tmp_path: Path) -> None:
    import signal
    import subprocess

    # The real signal, in a real process: the command's loading blocks (a sleep
    # standing in for a slow file system) until SIGINT arrives.
    script = (
        "import sys, time\n"
        "import plantrack.cli.slippage as s\n"
        "def slow(*a, **k):\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
        "s.load_plans = slow\n"
        "from plantrack.cli import main\n"
        f"sys.argv = ['plantrack', 'slippage', {str(tmp_path)!r}]\n"
        "main()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert out == ""  # nothing after "ready": no half-written report
    assert proc.returncode == 130
    assert err == "plantrack: interrupted\n"
