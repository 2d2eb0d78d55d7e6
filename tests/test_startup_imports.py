"""What starting plantrack imports (issue 14, startup): structural, no timing.

Each test runs a fresh interpreter (``python -X importtime``, whose report on
stderr names every module imported) and checks the modules a path must NOT
import: a module imported only on a branch (git, business days, another
output format) costs every run that does not take that branch.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

import plantrack
from plantrack import calendars
from plantrack.cli import slippage as slippage_cli
from plantrack.discovery import NotFound
from plantrack.errors import Problem
from plantrack.model import Plan

from .conftest import MET, ROOT

# The public names, as plantrack/__init__.py listed them before they became
# lazy: the list must not change.
PUBLIC = [
    "Basis",
    "CheckResult",
    "DateError",
    "DateRef",
    "DiffStatus",
    "Duration",
    "ExpectedBasis",
    "Fact",
    "FactKind",
    "Finding",
    "Forecast",
    "FuzzyDate",
    "Milestone",
    "MilestoneCheck",
    "MilestoneDiff",
    "MilestoneResult",
    "Outcome",
    "Plan",
    "PlanCheck",
    "PlanDiff",
    "PlanError",
    "PlantrackError",
    "Point",
    "PointKind",
    "Precision",
    "Problem",
    "Projection",
    "Rate",
    "Report",
    "Rule",
    "Severity",
    "Slip",
    "Source",
    "Status",
    "Summary",
    "Trend",
    "Verdict",
    "__version__",
    "check_plans",
    "compute_slip",
    "compute_trends",
    "diff_plans",
    "evaluate",
    "evaluate_milestone",
    "find_plan_files",
    "load_plan",
    "load_plan_text",
    "load_plans",
    "parse_date",
    "parse_duration",
    "resolve_as_of",
]


def imported(*argv: str) -> set[str]:
    """The modules a fresh ``python -X importtime ARGV`` imports (run from the
    repository root, cache off, exit 0 asserted)."""
    # Not measured by coverage (its subprocess patch would add its own imports).
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    env.update(PLANTRACK_NO_CACHE="1", NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "import time:" in done.stderr  # the report was read
    return names


def beyond_the_floor(floor: str, *argv: str) -> set[str]:
    """What ``ARGV`` imports beyond ``python -c FLOOR`` (the dependencies'
    own imports, which differ between Python versions: on 3.10, Click's
    ``uuid`` imports ``platform`` and with it ``subprocess``)."""
    return imported(*argv) - imported("-c", floor)


def test_import_plantrack_imports_no_other_plantrack_module() -> None:
    names = imported("-c", "import plantrack")
    assert "plantrack" in names  # the report was read
    assert sorted(n for n in names if n.startswith("plantrack")) == ["plantrack"]


def test_public_names_are_unchanged() -> None:
    assert plantrack.__all__ == PUBLIC
    assert dir(plantrack) == sorted(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves(name: str) -> None:
    value = getattr(plantrack, name)
    assert value is not None
    assert getattr(plantrack, name) is value  # kept after the first lookup


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("load_plan", "plantrack.loader"),
        ("Plan", "plantrack.model"),
        ("FuzzyDate", "plantrack.datetypes"),  # defined there, re-exported by dates
        ("Status", "plantrack.slippage"),
        ("Slip", "plantrack.slip"),  # defined there, re-exported by slippage
        ("PlanError", "plantrack.errors"),
        ("Duration", "plantrack.durations"),
        ("CheckResult", "plantrack.checktypes"),
        ("Trend", "plantrack.trend"),
        ("PlanDiff", "plantrack.diff"),
    ],
)
def test_a_public_name_is_the_object_its_module_defines(name: str, module: str) -> None:
    assert getattr(plantrack, name).__module__ == module


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'plantrack' has no attribute 'nope'"):
        plantrack.nope  # type: ignore[attr-defined]  # noqa: B018


def test_the_cli_s_weekdays_is_the_calendars_and_the_model_s_default() -> None:
    assert slippage_cli.WEEKDAYS == calendars.WEEKDAYS == "weekdays"
    assert Plan("p.yaml", "P", ()).calendar == "weekdays"


# Modules that `slippage plans/met.yaml` never needs: git (subprocess), business
# days (met.yaml has no calendar), the other commands' modules, and what only
# the terminal table, another format or an error message needs.
NEVER = {
    "subprocess",
    "difflib",
    "holidays",
    "plantrack.calendars",
    "plantrack.check",
    "plantrack.trend",
    "plantrack.diff",
    "tempfile",
    "fractions",
    "decimal",
}


def test_slippage_json_imports_neither_rich_nor_a_branch_it_does_not_take() -> None:
    names = beyond_the_floor(
        "import click, yaml", "-m", "plantrack", "slippage", str(MET), "--format", "json"
    )
    assert "plantrack.render.json" in names  # the test reads the right run
    assert names & NEVER == set()
    assert {n for n in names if n == "rich" or n.startswith("rich.")} == set()
    assert "plantrack.lint" not in names  # the table's warnings only
    assert "plantrack.render.table" not in names


def test_slippage_piped_table_imports_no_branch_it_does_not_take() -> None:
    names = beyond_the_floor("import click, yaml", "-m", "plantrack", "slippage", str(MET))
    assert names & NEVER == set()
    assert "plantrack.render.table_plain" in names  # the test reads the right run
    assert "plantrack.render.json" not in names
    # piped, the table is plain lines: Rich's console (and its table) is not needed
    assert {"rich.console", "rich.table", "rich.text"} & names == set()


def test_not_found_is_still_a_frozen_problem_of_its_own_class() -> None:
    # NotFound became a plain subclass of the Problem dataclass (no second
    # dataclass definition at startup): the same behaviour as before.
    a = NotFound("p.yaml", 0, 0, "no such file")
    assert a == NotFound("p.yaml", 0, 0, "no such file")
    assert a != Problem("p.yaml", 0, 0, "no such file")  # equality within the class
    assert hash(a) == hash(NotFound("p.yaml", 0, 0, "no such file"))
    assert repr(a) == "NotFound(file='p.yaml', line=0, column=0, message='no such file')"
    assert str(a) == "p.yaml: error: no such file"  # line 0: a file-level problem
    assert not hasattr(a, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.line = 1  # type: ignore[misc]
    assert dataclasses.replace(a, line=3) == NotFound("p.yaml", 3, 0, "no such file")


def test_check_piped_text_imports_no_rich() -> None:
    # Piped, check's findings are plain lines: Rich only draws on a terminal.
    names = imported("-m", "plantrack", "check", str(MET), "--as-of", "2012-01-01")  # exit 0
    assert "plantrack.check" in names  # the test reads the right run
    assert {n for n in names if n == "rich" or n.startswith("rich.")} == set()
