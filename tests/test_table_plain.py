"""The piped slippage table drawn without Rich (plantrack.render.table_plain).

Piped, ``plantrack slippage`` writes the table as plain lines instead of
printing it through Rich's console: the bytes must be those Rich prints
(``rich_text``, the path of ``--output`` and of every run before issue 14),
at every width and option; where a table needs Rich's own layout (a line
Rich would wrap, a table too wide for any layout, ``--sources``) the plain
renderer declines and Rich draws it.  The goldens of tests/test_cli.py and
tests/test_table_widths.py also run through it (CliRunner is no terminal).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from plantrack.cli import terminal
from plantrack.cli.terminal import plain_width
from plantrack.lint import lint_plan
from plantrack.loader import load_plan
from plantrack.model import Plan
from plantrack.render.table import render_table
from plantrack.render.table_plain import plain_table
from plantrack.slippage import Report, evaluate, resolve_as_of

from .conftest import DATA, MET, TODAY, Invoke

PLANS = [MET, DATA / "stress-airport.yaml", DATA / "stress-spacecraft.yaml"]
WIDTHS = [20, 24, 30, 40, 50, 60, 72, 80, 100, 120, 140, 200]


def rich_text(renderable: Any, *, width: int) -> str:
    """What ``plantrack slippage`` printed piped before issue 14: Rich's
    console, captured without a terminal, each line's end spaces stripped."""
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    with console.capture() as capture:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in capture.get().splitlines()) + "\n"


def _reports(path: Path, as_of: _dt.date | None = None) -> tuple[Plan, list[Report]]:
    plan = load_plan(path)
    return plan, [evaluate(plan, resolve_as_of(plan, as_of, TODAY))]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "options",
    [{}, {"business_days": True}, {"latest_only": True}],
    ids=["plain", "business-days", "latest-only"],
)
def test_plain_lines_are_the_bytes_rich_prints(
    path: Path, width: int, options: dict[str, bool]
) -> None:
    plan, reports = _reports(path)
    warnings = {plan.file: lint_plan(plan, today=TODAY)}
    plain = plain_table(reports, width=width, warnings=warnings, **options)
    rich = rich_text(render_table(reports, warnings=warnings, **options), width=width)
    if plain is not None:  # else Rich draws it (the fallback is tested below)
        assert plain + "\n" == rich


@pytest.mark.parametrize("width", [80, 100, 200])
def test_the_met_plan_is_drawn_plainly_at_common_widths(width: int) -> None:
    plan = dataclasses.replace(load_plan(MET), file="plans/met.yaml")  # as the benchmark names it
    report = evaluate(plan, resolve_as_of(plan, None, TODAY))
    assert plain_table([report], width=width) is not None


def test_two_plans_are_a_blank_line_apart_as_rich_draws_them() -> None:
    _, met = _reports(MET)
    _, airport = _reports(DATA / "stress-airport.yaml")
    plain = plain_table([*met, *airport], width=120)
    assert plain is not None
    assert plain + "\n" == rich_text(render_table([*met, *airport]), width=120)
    assert "\n\n" in plain  # the blank line between the two tables


def test_a_plan_name_rich_would_wrap_is_left_to_rich() -> None:
    plan, reports = _reports(MET)
    long = dataclasses.replace(plan, name="word " * 30)  # 150 columns
    report = Report(long, reports[0].as_of, reports[0].results)
    assert plain_table([report], width=100) is None
    assert plain_table([report], width=200) is not None


def test_the_sources_list_is_left_to_rich(invoke: Invoke) -> None:
    with_sources = invoke("slippage", str(MET), "--sources", "--width", "100").stdout
    assert with_sources.startswith(invoke("slippage", str(MET), "--width", "100").stdout[:-1])
    assert "Computer Weekly" in with_sources.split("as of")[-1]  # the list under the table


class _Stdout(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("env", "tty", "width", "expected"),
    [
        # not a terminal: --width, else COLUMNS, else 80 (no terminal on any fd)
        ({}, False, None, 80),
        ({}, False, 55, 55),
        ({"COLUMNS": "132"}, False, None, 132),
        ({"COLUMNS": "132"}, False, 70, 70),
        ({"COLUMNS": "wide"}, False, None, 80),
        ({"COLUMNS": "0"}, False, None, None),  # Rich's width is then 0: Rich draws it
        # a terminal: Rich draws it
        ({}, True, None, None),
        ({}, True, 90, None),
        # Rich's overrides: TTY_COMPATIBLE first, then FORCE_COLOR (empty = unset)
        ({"TTY_COMPATIBLE": "1"}, False, None, None),
        ({"TTY_COMPATIBLE": "0"}, True, None, 80),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, False, None, 80),
        ({"FORCE_COLOR": "1"}, False, None, None),
        ({"FORCE_COLOR": ""}, True, None, 80),
    ],
)
def test_plain_width_follows_rich_s_rules(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    tty: bool,
    width: int | None,
    expected: int | None,
) -> None:
    for name in ("COLUMNS", "TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.stdout", _Stdout(tty))

    def no_terminal(fd: int) -> Any:
        raise OSError(fd)

    monkeypatch.setattr(terminal.os, "get_terminal_size", no_terminal)
    assert plain_width(width) == expected


def test_plain_width_takes_the_first_terminal_among_stdin_stdout_stderr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("COLUMNS", "TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.stdout", _Stdout(False))
    sizes = {2: 99}  # only stderr is a terminal, 99 columns wide

    def size(fd: int) -> Any:
        if fd not in sizes:
            raise OSError(fd)
        return type("Size", (), {"columns": sizes[fd]})()

    monkeypatch.setattr(terminal.os, "get_terminal_size", size)
    assert plain_width(None) == 99


_MET_PLAN = dataclasses.replace(load_plan(MET), file="plans/met.yaml")
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=150, deadline=None)
@given(
    name=_TEXT,
    milestone_name=_TEXT,
    width=st.integers(min_value=20, max_value=200),
    latest_only=st.booleans(),
)
def test_any_names_at_any_width_are_rich_s_bytes_or_left_to_rich(
    name: str, milestone_name: str, width: int, latest_only: bool
) -> None:
    # wide (CJK), combining, zero-width and control characters in the plan's
    # and a milestone's name: the plain lines are Rich's, or Rich draws them
    first, *rest = _MET_PLAN.milestones
    plan = dataclasses.replace(
        _MET_PLAN,
        name=name,
        milestones=(dataclasses.replace(first, name=milestone_name), *rest),
    )
    reports = [evaluate(plan, resolve_as_of(plan, None, TODAY))]
    plain = plain_table(reports, width=width, latest_only=latest_only)
    if plain is not None:
        assert plain + "\n" == rich_text(
            render_table(reports, latest_only=latest_only), width=width
        )
