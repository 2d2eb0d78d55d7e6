"""Lint warnings on the command line (issue 10.5): ``validate`` prints them
(exit 0, ``--strict`` 1, errors 2 win), the ``slippage`` table counts them in
one footnote line, and a warning never changes what ``slippage`` and ``check``
output or exit.  The plans and expected lines come from tests/test_lint.py,
worked by hand there; the docs' example is checked against real output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantrack.cli import cli

from .conftest import ROOT, Invoke, PlanFile
from .test_lint import ACTUAL_LATER, UNREPORTED, forecasts, lint, plan_text

# -- plantrack validate ---------------------------------------------------------

UNREPORTED_PLAN = plan_text("planned: 2013-04\n" + forecasts(("2014-01", None)))
UNREPORTED_LINE = f"p.yaml:3:5: warning: m: forecast 1 (2014-01) {UNREPORTED}\n"
CLEAN_PLAN = plan_text("planned: 2013-04\nactual: 2013-04-15\n")


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("options", "code", "stdout"),
    [
        ([], 0, "1 valid plan file, 1 warning\n"),
        (["--strict"], 1, "1 valid plan file, 1 warning\n"),
        (["--quiet"], 0, ""),  # the warning is still printed, on stderr
        (["--quiet", "--strict"], 1, "1 valid plan file, 1 warning\n"),
    ],
)
def test_validate_warns(
    invoke: Invoke, plan_file: PlanFile, here: Path, options: list[str], code: int, stdout: str
) -> None:
    plan_file(UNREPORTED_PLAN, "p.yaml")
    result = invoke("validate", *options, "p.yaml", code=code)
    assert result.stdout == stdout
    assert result.stderr == UNREPORTED_LINE


@pytest.mark.parametrize("options", [[], ["--strict"]])
def test_validate_without_warnings_is_unchanged(
    invoke: Invoke, plan_file: PlanFile, here: Path, options: list[str]
) -> None:
    plan_file(CLEAN_PLAN, "p.yaml")
    result = invoke("validate", *options, "p.yaml")
    assert (result.stdout, result.stderr) == ("1 valid plan file\n", "")


def test_validate_a_directory(invoke: Invoke, plan_file: PlanFile, here: Path) -> None:
    # Files in sorted order, each file's warnings in its milestones' order;
    # the invalid file's errors first, and they win over --strict (exit 2).
    plan_file(UNREPORTED_PLAN, "plans/a.yaml")
    plan_file("plantrack: 1\nmilestones:\n  - id: m\n    planed: 2013\n", "plans/b.yaml")
    plan_file(CLEAN_PLAN, "plans/c.yaml")
    plan_file(plan_text("actual: 2027-01-01\n"), "plans/sub/d.yaml")
    result = invoke("validate", "--strict", "plans", code=2)
    assert result.stdout == "3 valid plan files, 2 warnings, 1 with errors\n"
    assert result.stderr == (
        "plans/b.yaml:4:5: error: unknown key 'planed' in milestone 1; did you mean 'planned'? "
        "(expected one of: id, name, planned, rebaselined, forecasts, depends_on, actual, "
        "deadline, tolerance, source, notes, accepted)\n"
        f"plans/a.yaml:3:5: warning: m: forecast 1 (2014-01) {UNREPORTED}\n"
        "plans/sub/d.yaml:3:5: warning: m: actual 2027-01-01 is after today (2026-11-25) "
        f"{ACTUAL_LATER}\n"
    )


def test_validate_escapes_the_file_name(invoke: Invoke, plan_file: PlanFile, here: Path) -> None:
    plan_file(UNREPORTED_PLAN, "\x1b[31m.yaml")
    result = invoke("validate", "\x1b[31m.yaml")
    assert result.stderr == "\\x1b[31m.yaml" + UNREPORTED_LINE.removeprefix("p.yaml")


def test_validate_help_names_strict_and_its_exit_code() -> None:
    result = CliRunner().invoke(
        cli, ["validate", "--help"], prog_name="plantrack", terminal_width=78
    )
    assert "--strict" in result.stdout
    assert "1  a warning, with --strict" in result.stdout
    # The README shows the same --help, as `plantrack validate --help` prints it at 80 columns.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```text\n{result.stdout}```" in readme


# -- plantrack slippage and check: a footnote, never a changed exit code ----------

LATE_PLAN = plan_text("planned: 2013-04\n" + forecasts(("2014-01", None)) + "actual: 2014-02-07\n")
ON_TIME_PLAN = plan_text(
    "planned: 2013-04\n" + forecasts(("2013-04", None)) + "actual: 2013-04-15\n"
)
FOOTNOTE = "1 warning (unreported): run plantrack validate p.yaml for details\n"


def test_slippage_table_footnote(invoke: Invoke, plan_file: PlanFile, here: Path) -> None:
    # April 2013 to 7 February 2014 is 10 months (the Met's figure); one line of
    # footnote under the summary line, and nothing on stderr.
    plan_file(LATE_PLAN, "p.yaml")
    result = invoke("slippage", "p.yaml")
    assert result.stdout.endswith("1 of 1 milestone late, worst: m, 10 months\n" + FOOTNOTE)
    assert result.stdout.count("warning") == 1
    assert result.stderr == ""


def test_slippage_footnote_under_its_own_plan(
    invoke: Invoke, plan_file: PlanFile, here: Path
) -> None:
    plan_file(LATE_PLAN, "p.yaml")
    plan_file(CLEAN_PLAN, "q.yaml")
    stdout = invoke("slippage", "p.yaml", "q.yaml").stdout
    assert stdout.count(FOOTNOTE) == 1
    first, second = stdout.split("\n\n", 1)
    assert first.endswith(FOOTNOTE.rstrip("\n"))
    assert "warning" not in second


def test_slippage_footnote_counts_and_names_rules(
    invoke: Invoke, plan_file: PlanFile, here: Path
) -> None:
    body = forecasts(("2014-01", None), ("2013-01", "2013-02"), ("2013-01", "2013-02"))
    plan_file(plan_text(body), "p.yaml")
    stdout = invoke("slippage", "p.yaml").stdout
    assert stdout.endswith(
        "4 warnings (unreported, already-passed, duplicate): "
        "run plantrack validate p.yaml for details\n"
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_other_formats_never_carry_warnings(
    invoke: Invoke, plan_file: PlanFile, here: Path, fmt: str
) -> None:
    plan_file(LATE_PLAN, "p.yaml")
    result = invoke("slippage", "p.yaml", "--format", fmt)
    assert re.search("warning|unreported|validate", result.stdout) is None
    assert result.stderr == ""
    if fmt == "json":
        assert "warnings" not in json.loads(result.stdout)["plans"][0]


def test_slippage_exit_codes_ignore_warnings(
    invoke: Invoke, plan_file: PlanFile, here: Path
) -> None:
    plan_file(LATE_PLAN, "p.yaml")
    invoke("slippage", "p.yaml", code=0)
    plan_file("plantrack: 1\n", "bad.yaml")
    result = invoke("slippage", "p.yaml", "bad.yaml", code=2)
    assert result.stdout.endswith(FOOTNOTE)


@pytest.mark.parametrize(
    ("plan", "options", "code"),
    [
        (LATE_PLAN, [], 1),  # 10 months late: a breach, with or without the warning
        (ON_TIME_PLAN, [], 0),  # 15 April 2013 is in April 2013: on time
        (ON_TIME_PLAN, ["--warnings-as-errors"], 0),  # a lint warning is not a check warning
    ],
)
def test_check_ignores_lint_warnings(
    invoke: Invoke, plan_file: PlanFile, here: Path, plan: str, options: list[str], code: int
) -> None:
    plan_file(plan, "p.yaml")
    assert lint(plan) != []  # the plan does have a lint warning
    result = invoke("check", *options, "p.yaml", code=code)
    assert "[unreported]" not in result.output


# -- the docs' example is real output ---------------------------------------------


def test_docs_example(invoke: Invoke, here: Path) -> None:
    # docs/plan-format.md "Warnings": its plan, validated, prints its console
    # block, which the README shows too.
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    section = doc.split("\n## Warnings\n", 1)[1]
    plan = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    console = re.search(r"```console\n\$ plantrack validate plans/\n(.*?)```", section, re.DOTALL)
    assert plan is not None and console is not None
    (here / "plans").mkdir()
    (here / "plans" / "depot.yaml").write_text(plan.group(1), encoding="utf-8")
    result = invoke("validate", "plans/")
    assert result.stderr + result.stdout == console.group(1)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert console.group(0) in readme
