"""Small things a new user hit (issue 10, item 9): a mistyped command, a
mistyped plan-level key, an unclosed ``{``, a directory without plan files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from plantrack.errors import PlanError
from plantrack.loader import load_plan_text

from .conftest import Invoke, PlanFile

# -- a mistyped command ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("slipage", "Error: No such command 'slipage'; did you mean 'slippage'?"),
        ("chekc", "Error: No such command 'chekc'; did you mean 'check'?"),
        ("trnd", "Error: No such command 'trnd'; did you mean 'trend'?"),
        ("validat", "Error: No such command 'validat'; did you mean 'validate'?"),
        ("zzz", "Error: No such command 'zzz'."),  # nothing close: no hint
    ],
)
def test_unknown_command_hint(invoke: Invoke, typed: str, message: str) -> None:
    result = invoke(typed, "plans/met.yaml", code=2)
    assert result.stderr.splitlines()[-1] == message
    assert result.stdout == ""


def test_unknown_command_is_escaped(invoke: Invoke) -> None:
    result = invoke("sl\x1bippage", code=2)
    assert result.stderr.splitlines()[-1] == (
        "Error: No such command 'sl\\x1bippage'; did you mean 'slippage'?"
    )


# -- a mistyped key at the plan level --------------------------------------------------

EXPECTED_KEYS = (
    "plantrack, plan, as_of, calendar, tolerance, notes, start, headline, tags, sources, milestones"
)


@pytest.mark.parametrize(
    ("key", "hint"),
    [("calender", "calendar"), ("milestone", "milestones"), ("tolerence", "tolerance")],
)
def test_plan_level_key_hint(invoke: Invoke, plan_file: PlanFile, key: str, hint: str) -> None:
    path = plan_file(f"plantrack: 1\nplan: P\n{key}: GB\nmilestones: []\n")
    result = invoke("validate", path, code=2)
    assert result.stderr == (
        f"{path}:3:1: error: unknown key '{key}' in the plan; did you mean '{hint}'? "
        f"(expected one of: {EXPECTED_KEYS})\n"
    )


# -- an unclosed bracket is reported where it opens -------------------------------------


def problem(text: str) -> str:
    with pytest.raises(PlanError) as info:
        load_plan_text(textwrap.dedent(text), "p.yaml")
    (p,) = info.value.problems
    return f"{p.line}:{p.column}: {p.message}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the '{' is on line 4, column 5; the parser stops at the ':' of line 5
            """\
            plantrack: 1
            plan: P
            milestones:
              - {id: a, planned: 2013-04
              - id: b
                planned: 2014
            """,
            "4:5: YAML syntax error: this '{' is not closed "
            "(expected ',' or '}' before line 5, column 7)",
        ),
        (  # the last line: the parser runs to the end of the file
            """\
            plantrack: 1
            plan: P
            milestones:
              - {id: a, planned: 2013-04
            """,
            "4:5: YAML syntax error: this '{' is not closed "
            "(expected ',' or '}' before the end of the file)",
        ),
        (  # a flow sequence, and no newline at the end
            "plantrack: 1\nplan: P\nmilestones: [\n  {id: a}",
            "3:13: YAML syntax error: this '[' is not closed "
            "(expected ',' or ']' before the end of the file)",
        ),
        (  # nested: the outer '{' (column 4) is the one left open
            "a: {b: {c: 1}\n",
            "1:4: YAML syntax error: this '{' is not closed "
            "(expected ',' or '}' before the end of the file)",
        ),
        (  # sources: the '{' on line 3 (column 10), stopped at 'milestones' on line 4
            "plantrack: 1\nplan: P\nsources: {a: {title: x}\nmilestones: []\n",
            "3:10: YAML syntax error: this '{' is not closed "
            "(expected ',' or '}' before line 4, column 1)",
        ),
    ],
)
def test_unclosed_bracket_position(text: str, expected: str) -> None:
    assert problem(text) == expected


def test_missing_comma_on_the_same_line_keeps_its_position() -> None:
    # "a: {b: 1, c: 2 d: 3}": the ':' after d (column 17) is where a ',' was needed
    message = problem("a: {b: 1, c: 2 d: 3}\n")
    assert message.startswith("1:17: YAML syntax error: ")
    assert "not closed" not in message


def test_unclosed_bracket_from_the_cli(invoke: Invoke, plan_file: PlanFile) -> None:
    path = plan_file("plantrack: 1\nplan: P\nmilestones:\n  - {id: a\n")
    result = invoke("slippage", path, code=2)
    assert result.stderr == (
        f"{path}:4:5: error: YAML syntax error: this '{{' is not closed "
        "(expected ',' or '}' before the end of the file)\n"
    )


# -- a directory without plan files --------------------------------------------------


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a plan\n", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "p.yaml").write_text("plantrack: 1\n", encoding="utf-8")
    return folder


def no_plans(folder: Path) -> str:
    return f"{folder}: error: no plan files found under {folder} (expected *.yaml or *.yml files)\n"


def test_validate_empty_directory(invoke: Invoke, empty: Path) -> None:
    result = invoke("validate", empty, code=2)
    assert result.stderr == no_plans(empty)
    assert result.stdout == "0 valid plan files\n"  # not "0 valid plan files, 1 with errors"


def test_validate_empty_directory_beside_a_valid_file(
    invoke: Invoke, empty: Path, plan_file: PlanFile
) -> None:
    good = plan_file("plantrack: 1\nplan: P\nmilestones: []\n")
    result = invoke("validate", empty, good, code=2)
    assert result.stderr == no_plans(empty)
    assert result.stdout == "1 valid plan file\n"


def test_validate_still_counts_invalid_files(
    invoke: Invoke, empty: Path, plan_file: PlanFile
) -> None:
    bad = plan_file("plantrack: 1\nplan: P\nmilestones: [\n", "bad.yaml")
    result = invoke("validate", empty, bad, code=2)
    assert result.stdout == "0 valid plan files, 1 with errors\n"


@pytest.mark.parametrize(
    ("args", "summary"),
    [
        (("check",), "FAILED: 0 breaches, 0 warnings in 0 plans (0 milestones)\n"),
        (("slippage",), ""),
    ],
)
def test_other_commands_on_an_empty_directory(
    invoke: Invoke, empty: Path, args: tuple[str, ...], summary: str
) -> None:
    result = invoke(*args, empty, code=2)
    assert result.stderr == no_plans(empty)
    assert "with errors" not in result.stdout
    assert result.stdout.endswith(summary)


def test_missing_file_is_not_a_file_with_errors(invoke: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = invoke("validate", missing, code=2)
    assert result.stderr == f"{missing}: error: no such file or directory\n"
    assert result.stdout == "0 valid plan files\n"
