"""``check`` rendered plan by plan (issue 14): the JSON writer against
``json.dumps``, the tally against the whole result, and the streamed paths
that hold their output (``--accept``, ``--output``, a terminal)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.check import Rule, check_plans
from plantrack.checktypes import Tally
from plantrack.errors import Problem
from plantrack.exitcodes import ExitCode
from plantrack.loader import load_plan_text
from plantrack.render.check_json import dumps
from tests.conftest import ROOT

PORTFOLIO = Path("tests/data/check-portfolio")

JSON_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_DATA)
def test_dumps_writes_what_json_dumps_writes(data: Any) -> None:
    assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    ("data", "indent", "expected"),
    [
        ({}, "", "{}"),
        ([], "  ", "[]"),
        ({"a": [1, True, None]}, "", '{\n  "a": [\n    1,\n    true,\n    null\n  ]\n}'),
        ({"b": "é\u2028"}, "    ", '{\n      "b": "é\u2028"\n    }'),
    ],
)
def test_dumps_by_hand(data: Any, indent: str, expected: str) -> None:
    assert dumps(data, indent) == expected


PLAN = """\
plantrack: 1
plan: P
as_of: {as_of}
milestones:
  - id: a
    planned: 2024-01-10
    actual: 2024-03-01
  - id: b
    planned: 2024-01-10
"""


@pytest.mark.parametrize(
    ("as_ofs", "problems", "expected"),
    [
        # worked by hand: a delivered late (breach), b overdue (breach), per plan
        (["2024-06-01"], [], "2 breaches, 0 warnings in 1 plan (2 milestones), as of 2024-06-01"),
        (
            ["2024-06-01", "2024-06-02"],
            [Problem("x.yaml", 1, 1, "bad")],
            "4 breaches, 0 warnings in 2 plans (4 milestones); 1 file with errors",
        ),
        (
            ["2024-06-01", "2024-06-01", "2024-06-02"],
            [],
            "6 breaches, 0 warnings in 3 plans (6 milestones)",
        ),
    ],
)
def test_tally_summary_matches_the_whole_result(
    as_ofs: list[str], problems: list[Problem], expected: str
) -> None:
    plans = [load_plan_text(PLAN.format(as_of=d), f"p{i}.yaml") for i, d in enumerate(as_ofs)]
    result = check_plans(plans, as_of=None, today=dt.date(2030, 1, 1), problems=problems)
    tally = Tally.of(result.plans)
    assert tally.summary(problems) == result.summary() == expected
    assert tally.exit_code(problems, False) == result.exit_code


@pytest.fixture
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("_in_repo")
def test_unknown_accept_id_fails_before_any_output(invoke) -> None:
    result = invoke("check", PORTFOLIO, "--accept", "nosuch", code=2)
    assert result.stdout == ""
    assert "no milestone 'nosuch'" in result.stderr


@pytest.mark.usefixtures("_in_repo")
@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("json", "json"), ("github", "github")])
def test_output_file_holds_what_stdout_shows(invoke, tmp_path: Path, fmt: str, ext: str) -> None:
    target = tmp_path / f"out.{ext}"
    result = invoke("check", PORTFOLIO, "-f", fmt, "--no-cache", "-o", target, code=1)
    assert result.stdout == ""
    golden = ROOT / PORTFOLIO / "golden" / f"own-as-of.{ext}"
    assert target.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


@pytest.mark.usefixtures("_in_repo")
@pytest.mark.parametrize("accept", [(), ("--accept", "m3")])
def test_terminal_text_is_the_piped_text(
    invoke, monkeypatch: pytest.MonkeyPatch, accept: tuple[str, ...]
) -> None:
    piped = invoke("check", PORTFOLIO, "--no-cache", *accept, code=1).stdout
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # Rich: a terminal, even under the runner
    monkeypatch.setenv("TTY_INTERACTIVE", "1")
    monkeypatch.setenv("COLUMNS", "1000")
    shown = invoke("check", PORTFOLIO, "--no-cache", *accept, code=1).stdout
    assert shown == piped


@pytest.mark.parametrize(
    "data",
    [
        {"rule": Rule.SLIP, "code": ExitCode.CHECK_FAILED},  # str and int enums
        {"x": 1.5, "t": (1, "a"), "n": [{"deep": [0.25]}]},  # what the document never holds
    ],
)
def test_dumps_of_subclasses_and_others_as_json(data: Any) -> None:
    assert dumps(data, "  ") == json.dumps(data, indent=2, ensure_ascii=False).replace("\n", "\n  ")


@pytest.mark.usefixtures("_in_repo")
@pytest.mark.parametrize("fmt", ["github", "text", "json", "markdown", "sarif"])
def test_step_summary_beside_any_format_is_the_markdown_report(
    invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    invoke("check", PORTFOLIO, "-f", fmt, "--no-cache", code=1)
    report = (ROOT / PORTFOLIO / "golden" / "own-as-of.md").read_text(encoding="utf-8")
    assert summary.read_text(encoding="utf-8") == "before\n" + report + "\n"


def test_junit_of_nothing_is_an_empty_root() -> None:
    from plantrack.render.check_junit import render_check_junit

    result = check_plans([], as_of=None, today=dt.date(2030, 1, 1))
    assert render_check_junit(result) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="plantrack check" tests="0" failures="0" errors="0" />\n'
    )
