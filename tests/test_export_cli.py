"""``plantrack export`` end to end: CSV is slippage's CSV, --output and --force,
and every bad input: a positioned message, exit 2, no traceback."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantrack.cli import cli
from plantrack.cli.export import AlarmParam

from .conftest import MET, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("as_of", [None, "2013-12-31"])
def test_csv_is_slippage_csv(invoke, as_of: str | None) -> None:
    extra = ["--as-of", as_of] if as_of else []
    exported = invoke("export", MET, "--to", "csv", *extra).stdout
    assert exported == invoke("slippage", MET, "--format", "csv", *extra).stdout
    assert exported.startswith("file,plan,as_of,id,name,status,")


@pytest.mark.parametrize("fmt", ["mermaid", "ics", "csv"])
def test_output_writes_what_stdout_shows(invoke, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"met.{fmt}"
    shown = invoke("export", MET, "--to", fmt, "--as-of", "2013-12-31").stdout_bytes
    result = invoke("export", MET, "--to", fmt, "--as-of", "2013-12-31", "-o", target)
    assert result.stdout == ""
    assert target.read_bytes() == shown


def test_output_refuses_to_overwrite_without_force(invoke, tmp_path: Path) -> None:
    target = tmp_path / "chart.mmd"
    target.write_text("keep me", encoding="utf-8")
    result = invoke("export", MET, "--to", "mermaid", "--output", target, code=2)
    assert result.stderr == (
        f"plantrack: error: {target}: not written: the file exists (use --force to overwrite it)\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me"
    invoke("export", MET, "--to", "mermaid", "--output", target, "--force")
    assert target.read_text(encoding="utf-8").startswith("---\nconfig:\n")


def test_output_into_a_missing_folder(invoke, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "met.ics"
    result = invoke("export", MET, "--to", "ics", "-o", target, code=2)
    assert result.stderr.startswith(f"plantrack: error: {target}: not written: ")
    assert "Traceback" not in result.stderr


def test_undated_milestones_are_named_on_stderr(invoke) -> None:
    # 30 September 2012: the review's actual (October 2012) has not happened, and
    # nothing that hangs off it has a date yet
    result = invoke("export", MET, "--to", "mermaid", "--as-of", "2012-09-30")
    assert result.stderr == (
        "plantrack: note: no date known as of 2012-09-30, left out: deloitte-review, "
        "ten-day-plan, hundred-day-plan, cio-steps-down, smart-policing-report\n"
    )
    sections = [line for line in result.stdout.splitlines() if line.startswith("    section")]
    assert len(sections) == 2  # noticeable-improvements and ict-strategy


def test_csv_leaves_nothing_out(invoke) -> None:
    result = invoke("export", MET, "--to", "csv", "--as-of", "2012-09-30")
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1 + 7


# -- bad input ----------------------------------------------------------------------


def test_bad_plan_is_positioned(invoke, plan_file) -> None:
    path = plan_file(
        """\
        plantrack: 1
        plan: Bad
        milestones:
          - id: a
            planned: 2024-13-01
          - id: b
            actual: someday
        """
    )
    result = invoke("export", path, "--to", "ics", code=2)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2  # every problem at once
    assert lines[0].startswith(f"{path}:5:14: error: 'planned': \"2024-13-01\" is not a date")
    assert lines[1].startswith(f"{path}:7:13: error: 'actual': \"someday\" is not a date")


def test_missing_plan(invoke, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = invoke("export", missing, "--to", "mermaid", code=2)
    assert result.stderr == f"{missing}: error: cannot read file: No such file or directory\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "pdf"], "Invalid value for '--to': 'pdf' is not one of 'mermaid', 'ics', 'csv'."),
        ([], "Missing option '--to'."),
        (["--to", "ics", "--as-of", "2013-13"], "Invalid value for '--as-of'"),
        (["--to", "ics", "--alarm", "7x"], "'7x' is not a duration (expected days or weeks"),
        (["--to", "ics", "--alarm", "-7d"], "'-7d' is not a duration"),
        (["--to", "ics", "--alarm", "1 month"], "'1 month' is not a duration"),
        (["--to", "mermaid", "--alarm", "7d"], "--alarm applies to --to ics only"),
        (["--to", "csv", "--alarm", "7d"], "--alarm applies to --to ics only"),
        (["--to", "ics", "--max-size", "lots"], "'lots' is not a size"),
    ],
)
def test_bad_options_exit_2(invoke, args: list[str], message: str) -> None:
    result = invoke("export", MET, *args, code=2)
    assert result.stdout == ""
    assert message in result.stderr


def test_too_large_plan(invoke) -> None:
    result = invoke("export", MET, "--to", "csv", "--max-size", "100", code=2)
    assert "(raise it with --max-size)" in result.stderr


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("7d", 7),
        ("7D", 7),
        ("0d", 0),
        ("1 day", 1),
        ("10 days", 10),
        ("2w", 14),
        ("1 week", 7),
        (" 3 weeks ", 21),
    ],
)
def test_alarm_durations(text: str, days: int) -> None:
    assert AlarmParam().convert(text, None, None) == _dt.timedelta(days=days)


# -- the docs stay true -------------------------------------------------------------

DOC = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")


def test_readme_export_help_matches(invoke) -> None:
    # as `plantrack export --help` prints it in an 80-column terminal (Click wraps at 78)
    result = CliRunner().invoke(cli, ["export", "--help"], prog_name="plantrack", terminal_width=78)
    assert result.exit_code == 0
    assert f"```text\n{result.stdout}```" in README


def test_docs_mermaid_block_is_the_real_export(invoke) -> None:
    # the block GitHub draws (the one inside the ````markdown example is a placeholder)
    (block,) = re.findall(r"\n```mermaid\n(---\n.*?)```\n", DOC, flags=re.DOTALL)
    assert block == invoke("export", MET, "--to", "mermaid", "--as-of", "2014-03-01").stdout


def test_docs_ics_example_is_the_real_event(invoke) -> None:
    out = invoke("export", MET, "--to", "ics", "--as-of", "2014-03-01").stdout_bytes.decode()
    unfolded = out.replace("\r\n ", "").split("\r\n")
    start = unfolded.index("SUMMARY:New ICT strategy published (late)")
    event = unfolded[start : unfolded.index("END:VEVENT", start)]
    (example,) = re.findall(r"\n```text\n(SUMMARY:.*?)```\n", DOC, flags=re.DOTALL)
    uid = hashlib.sha1(b"Metropolitan Police ICT strategy\0ict-strategy").hexdigest()
    shown = example.replace(
        'UID:(sha1 of "Metropolitan Police ICT strategy", NUL, "ict-strategy")@plantrack',
        f"UID:{uid}@plantrack",
    )
    assert shown.splitlines() == event
