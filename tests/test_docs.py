"""The docs stay true: README commands, --help blocks, examples, every command documented."""

from __future__ import annotations

import doctest
import itertools
import re

import pytest
from click.testing import CliRunner

from plantrack.cli import COMMANDS, cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.DOTALL)


def test_readme_opens_with_two_command_lines() -> None:
    first = README.split("\n## ")[0]
    block = code_blocks(first)[0]
    lines = block.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("plantrack slippage plans/met.yaml")
    assert "'.[test]'" in lines[1] and "coverage run -m pytest" in lines[1]
    assert lines[1].endswith("coverage report")  # the gate: fail_under in pyproject.toml


def test_ci_runs_the_readme_test_command() -> None:
    test_command = code_blocks(README)[0].strip().splitlines()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and command.help
    assert f"plantrack {name}" in README


def help_blocks() -> list[tuple[str, list[str], str]]:
    """Every fenced block in README.md and docs/*.md that quotes ``--help``: it
    starts with ``Usage: plantrack``; the words before ``[OPTIONS]`` name the command."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in code_blocks(path.read_text(encoding="utf-8")):
            if block.startswith("Usage: plantrack"):
                words = block.split("\n", 1)[0].split()[2:]
                command = list(itertools.takewhile(lambda w: w.isidentifier(), words))
                found.append((path.relative_to(ROOT).as_posix(), command, block))
    return found


def test_help_blocks_are_found() -> None:
    assert {(doc, " ".join(cmd)) for doc, cmd, _ in help_blocks()} >= {
        ("README.md", "slippage"),
        ("docs/ci.md", "check"),
    }


@pytest.mark.parametrize(
    ("doc", "command", "block"),
    [pytest.param(*b, id=f"{b[0]}:{' '.join(b[1]) or 'plantrack'}") for b in help_blocks()],
)
def test_help_blocks_match(doc: str, command: list[str], block: str) -> None:
    # As `plantrack ... --help` prints it in an 80-column terminal (Click wraps at 78).
    result = CliRunner().invoke(cli, [*command, "--help"], prog_name="plantrack", terminal_width=78)
    assert result.exit_code == 0
    assert result.stdout == block, f"{doc}: the --help block is stale; paste the real one"


def test_readme_python_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(README, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert test.examples, "the README has Python examples"
    assert runner.failures == 0
