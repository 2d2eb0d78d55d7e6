"""Issue 9.5, the loader's side: YAML that PyYAML's constructors refuse or
cannot build (tags, base-60 numbers, alias chains, memory) is a positioned
``path:line:col: error:`` with exit 2, never a traceback or exit 3; and one
such file never stops the other files of a run from being reported.

Every expected message below is written out by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plantrack import loader
from plantrack.errors import PlanError, Problem
from plantrack.loader import load_plan_text
from tests.conftest import Invoke

HEAD = "plantrack: 1\nmilestones:\n  - id: a\n    planned: 2013-04\n"  # lines 1-4
GOOD = "plantrack: 1\nmilestones:\n  - id: a\n    planned: 2013-04\n    actual: 2014-02-07\n"
KEEP = "leave out the tag, or quote the value, to keep it as text"
SEXAGESIMAL_180 = "1" + ":59" * 180  # 541 characters; YAML 1.1's 60**180 and more
FLOAT_180 = SEXAGESIMAL_180 + ".5"  # 543 characters; overflowed float() before


def _chain(n: int) -> str:
    """``tolerance`` (line 5): a list whose item i (on line 6 + i) is an
    alias to item i - 1 wrapped in a list: item i nests i + 1 levels deep."""
    items = "  - &a0 x\n" + "".join(f"  - &a{i} [*a{i - 1}]\n" for i in range(1, n))
    return HEAD + "tolerance:\n" + items


# -- tags that PyYAML's constructors refuse (crashed: ValueError, KeyError, TypeError) ----


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "!!timestamp 2013-02-30",
            "!!timestamp '2013-02-30' is not a date "
            f"(expected a day that exists, e.g. 2013-02-28; {KEEP})",
        ),
        (
            "!!timestamp abc",
            "!!timestamp 'abc' is not a date "
            f"(expected a day that exists, e.g. 2013-02-28; {KEEP})",
        ),
        ("!!bool maybe", f"!!bool 'maybe' is not a boolean (expected true or false; {KEEP})"),
        ("!!float abc", f"!!float 'abc' is not a number (expected e.g. 1.5 or 1e3; {KEEP})"),
        ("!!int x", f"!!int 'x' is not a whole number (expected e.g. 42, 0x2a or 052; {KEEP})"),
        ("!!int ''", f"!!int '' is not a whole number (expected e.g. 42, 0x2a or 052; {KEEP})"),
        (
            "!!set [a]",
            f"!!set a list is not a set (expected a mapping of keys, e.g. {{a, b}}; {KEEP})",
        ),
        ("!!map abc", f"!!map 'abc' is not a mapping (expected key: value pairs; {KEEP})"),
        (
            f"!!float {FLOAT_180}",
            f"!!float '{'1' + ':59' * 33}'… (543 characters) is not a number "
            f"(expected a number within the range of floating-point numbers; {KEEP})",
        ),
        (  # 1,201 digits written: refused before it is converted
            "!!int 1" + ":59" * 600,
            "a number with more than 1,000 digits (limit on the size of numbers; "
            "see docs/limits.md)",
        ),
    ],
)
def test_a_value_its_tag_cannot_build_is_a_positioned_error(
    invoke: Invoke, tmp_path: Path, value: str, message: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + f"notes: {value}\n", encoding="utf-8")
    result = invoke("validate", plan, code=2)
    assert result.stderr == f"{plan}:5:8: error: {message}\n"


@pytest.mark.parametrize(
    ("value", "column", "message"),
    [  # already positioned errors on main: pinned here so that they stay so
        ("!!seq abc", 8, "YAML syntax error: expected a sequence node, but found scalar"),
        (
            "!foo bar",
            8,
            "YAML syntax error: could not determine a constructor for the tag '!foo'",
        ),
        (
            "!!python/object:os.system x",
            8,
            "YAML syntax error: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
        (  # "notes: !!binary " is 16 characters: the first % is column 17
            "!!binary %%%",
            17,
            "YAML syntax error: found character that cannot start any token "
            "while scanning for the next token",
        ),
    ],
)
def test_tags_main_already_refused(
    invoke: Invoke, tmp_path: Path, value: str, column: int, message: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + f"notes: {value}\n", encoding="utf-8")
    result = invoke("validate", plan, code=2)
    assert result.stderr == f"{plan}:5:{column}: error: {message}\n"


def test_the_atheris_crash_is_a_positioned_error() -> None:
    # Found by atheris as "# !!map as_of: \n her: C": its first byte ('#')
    # picked the loader, which read the rest: a !!map tag on a plain word.
    with pytest.raises(PlanError) as caught:
        load_plan_text(" !!map as_of: \n her: C", "fuzz.yaml")
    assert caught.value.problems == (
        Problem(
            "fuzz.yaml", 1, 2, f"!!map 'as_of' is not a mapping (expected key: value pairs; {KEEP})"
        ),
    )


# -- base-60 numbers: text, as in YAML 1.2 (and as the editor's ruamel reads them) ------


@pytest.mark.parametrize(
    ("lines", "field", "expected"),
    [
        ("    name: 1:30\n", "name", "1:30"),  # YAML 1.1 read 90
        (f"notes: {SEXAGESIMAL_180}\n", "notes", SEXAGESIMAL_180),  # a 321-digit number
        (f"notes: {FLOAT_180}\n", "notes", FLOAT_180),  # OverflowError before
        ("notes: -1:30\n", "notes", "-1:30"),
        ("notes: 190:20:30.15\n", "notes", "190:20:30.15"),
        ("notes: !!int 1:30\n", "notes", "90"),  # a tag asks for the number: as given
        ("notes: 0x1f\n", "notes", "31"),  # the other YAML 1.1 numbers are unchanged
        ("notes: 017\n", "notes", "15"),
        ("notes: 1_000\n", "notes", "1000"),
        ("notes: 1.5e+3\n", "notes", "1500.0"),
    ],
)
def test_base_60_numbers_stay_text(lines: str, field: str, expected: str) -> None:
    plan = load_plan_text(HEAD + lines, "p.yaml")
    got = plan.milestones[0].name if field == "name" else plan.notes
    assert got == expected


def test_a_base_60_id_is_not_a_valid_id(invoke: Invoke, tmp_path: Path) -> None:
    # YAML 1.1 read "id: 1:30" as the id "90"; as text it has a ':', which ids do not.
    plan = tmp_path / "plan.yaml"
    plan.write_text("plantrack: 1\nmilestones:\n  - id: 1:30\n", encoding="utf-8")
    result = invoke("validate", plan, code=2)
    assert result.stderr == (
        f'{plan}:3:9: error: milestone id "1:30" is not a valid id (expected lower-case '
        "letters, digits, '.', '_' or '-', starting with a letter or digit)\n"
    )


# -- chains of aliases deeper than the nesting limit (RecursionError) -------------------


def test_an_alias_chain_deeper_than_the_nesting_limit(invoke: Invoke, tmp_path: Path) -> None:
    # 1,200 anchors, each a list holding an alias to the one before.  The deepest
    # path goes tolerance -> item 1199 (never aliased) -> item 1198 (reached
    # through an alias; line 6 + 1198, column 5; it nests 1,199 levels).
    plan = tmp_path / "plan.yaml"
    plan.write_text(_chain(1200), encoding="utf-8")
    result = invoke("validate", plan, code=2)
    assert result.stderr == (
        f"{plan}:1204:5: error: aliases nest the document deeper than 1,000 levels "
        "(limit on nesting depth; an alias to this anchor reaches 1,199 levels; "
        "see docs/limits.md)\n"
    )


def test_an_alias_chain_under_the_nesting_limit_loads(invoke: Invoke, tmp_path: Path) -> None:
    # 900 anchors: 902 levels with the plan and the list.  It is read; the
    # only problem is the validator's (a list is no duration), at line 6.
    plan = tmp_path / "plan.yaml"
    plan.write_text(_chain(900), encoding="utf-8")
    result = invoke("validate", plan, code=2)
    assert result.stderr == f"{plan}:6:3: error: 'tolerance' must be a duration, not a list\n"


# -- memory ------------------------------------------------------------------------------


def test_memory_error_is_a_problem_of_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(text: str, file: str) -> object:
        raise MemoryError

    monkeypatch.setattr(loader, "parse", exhausted)
    with pytest.raises(PlanError) as caught:
        load_plan_text("x" * 1234, "big.yaml")
    assert caught.value.problems == (
        Problem(
            "big.yaml",
            1,
            1,
            "the file is too complex to load: memory ran out while reading its 1,234 "
            "characters (expected a plan that fits in memory; see docs/limits.md)",
        ),
    )
    assert caught.value.__context__ is None  # what was built is not kept alive


MEMORY = 400 << 20  # the child's address space: plantrack loads in ~100 MiB


def _run_limited(*args: str | Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))\n"
        "from plantrack.cli import main\nmain()"
    )
    env = {**os.environ, "NO_COLOR": "1", "PLANTRACK_AS_OF": "2026-11-25"}
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("command", ["check", "slippage", "validate"])
def test_running_out_of_memory_is_exit_2_and_the_good_file_is_reported(
    tmp_path: Path, command: str
) -> None:
    # 2.5 million list items: well over 400 MiB of YAML nodes; exit 3 before.
    folder = tmp_path / "plans"
    folder.mkdir()
    big = folder / "big.yaml"
    big.write_text("plantrack: 1\nmilestones: []\nnotes: [" + "1," * 2_500_000 + "1]\n")
    good = folder / "good.yaml"
    good.write_text(GOOD)
    done = _run_limited(command, folder)
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.startswith(
        f"{big}:1:1: error: the file is too complex to load: memory ran out while "
        "reading its 5,000,039 characters"
    )
    assert REPORTED[command](good) in done.stdout


# -- one failing file never stops the others ---------------------------------------------

REPORTED = {  # what each command says of GOOD, worked out by hand: 10 months late
    "check": lambda good: f"{good}:3:5: error: a: delivered 10 months late (tolerance 0) [slip]\n",
    "slippage": lambda good: "1 of 1 milestone late, worst: a, 10 months\n",
    "validate": lambda good: "1 valid plan file, 1 with errors\n",
}

HOSTILE = {  # file text -> the first line of its error (after "path:")
    "tag": (HEAD + "notes: !!bool maybe\n", "5:8: error: !!bool 'maybe' is not a boolean"),
    "base-60 float": (
        HEAD + f"notes: !!float {FLOAT_180}\n",
        "5:8: error: !!float '1:59",
    ),
    "alias chain": (_chain(1200), "1204:5: error: aliases nest the document deeper"),
    "atheris": (" !!map as_of: \n her: C", "1:2: error: !!map 'as_of' is not a mapping"),
    "set of a list": (HEAD + "notes: !!set [a]\n", "5:8: error: !!set a list is not a set"),
}


@pytest.mark.parametrize("command", ["check", "slippage", "validate"])
@pytest.mark.parametrize("case", list(HOSTILE))
def test_one_failing_file_never_stops_the_others(
    invoke: Invoke, tmp_path: Path, command: str, case: str
) -> None:
    text, error = HOSTILE[case]
    folder = tmp_path / "plans"
    folder.mkdir()
    bad = folder / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    good = folder / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    result = invoke(command, folder, code=2)
    assert result.stderr.startswith(f"{bad}:{error}")
    assert REPORTED[command](good) in result.stdout
