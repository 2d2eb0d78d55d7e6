"""``plantrack check`` end to end: exit codes, every format's golden output,
GitHub and GitLab specifics, the JSON contract's round trip.

Golden files are compared by the ``golden`` fixture (tests/conftest.py); after an
intended change, ``PLANTRACK_UPDATE_GOLDEN=1`` rewrites them and fails, showing
the diff to read before committing it (docs/testing.md).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from plantrack.check import Finding
from plantrack.render.check_github import escape_data, escape_property
from tests.conftest import ROOT, Golden

CHECK = Path("tests/data/check")  # relative: outputs name files as a user at the root would
GOLDEN = ROOT / CHECK / "golden"
AS_OF = "2024-06-14"
EXT = {
    "text": "txt",
    "json": "json",
    "github": "github",
    "gitlab": "gitlab.json",
    "junit": "xml",
    "markdown": "md",
}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def met_line(milestone: str) -> int:
    """The line of ``  - id: MILESTONE`` in plans/met.yaml, found by plain text search."""
    lines = (ROOT / "plans" / "met.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index(f"  - id: {milestone}") + 1


# -- the issue's acceptance examples --------------------------------------------


def test_met_breach_names_ict_strategy_at_its_line(invoke) -> None:
    result = invoke(
        "check", "plans/met.yaml", "--as-of", "2013-12-31", "--tolerance", "1mo", code=1
    )
    line = met_line("ict-strategy")
    assert result.stdout == (
        f"plans/met.yaml:{line}:5: error: ict-strategy: forecast 9 months late "
        "(tolerance 1 month) [slip]\n"
        "FAILED: 1 breach, 0 warnings in 1 plan (7 milestones), as of 2013-12-31\n"
    )


def test_met_breach_github(invoke) -> None:
    result = invoke(
        "check", "plans/met.yaml", "--as-of", "2013-12-31", "--tolerance", "1mo", "-f", "github",
        code=1,
    )  # fmt: skip
    line = met_line("ict-strategy")
    assert result.stdout.splitlines()[0] == (
        f"::error file=plans/met.yaml,line={line},col=5,title=plantrack slip::"
        "ict-strategy: forecast 9 months late (tolerance 1 month)"
    )


def test_met_within_two_months_is_a_pass(invoke) -> None:
    # 9 months late as of 2013-12-31 is beyond 1 month, within a year
    invoke("check", "plans/met.yaml", "--as-of", "2013-12-31", "--tolerance", "1y")


# -- one fixture per situation --------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "options", "code"),
    [
        ("clean.yaml", [], 0),
        ("overdue.yaml", [], 1),
        ("slip.yaml", [], 1),
        ("deadline.yaml", [], 1),
        ("warning.yaml", [], 0),
        ("warning.yaml", ["--warnings-as-errors"], 1),
        ("due-soon.yaml", [], 0),
        ("due-soon.yaml", ["--warn-within", "2w"], 0),
        ("due-soon.yaml", ["--warn-within", "2w", "--warnings-as-errors"], 1),
        ("due-soon.yaml", ["--warn-within", "6d", "--warnings-as-errors"], 0),
        ("business-days.yaml", [], 1),
        ("business-days.yaml", ["--tolerance", "4bd"], 0),
        ("mixed", [], 2),
        ("mixed/good.yaml", [], 1),
        ("mixed/bad.yaml", [], 2),
    ],
)
def test_exit_codes(invoke, fixture: str, options: list[str], code: int) -> None:
    invoke("check", CHECK / fixture, "--as-of", AS_OF, *options, code=code)


def test_invalid_file_beside_a_valid_one(invoke) -> None:
    result = invoke("check", CHECK / "mixed", "--as-of", AS_OF, code=2)
    # the valid file is still checked and its breach reported...
    assert "tests/data/check/mixed/good.yaml:4:5: error: late-one: delivered 7 days late" in (
        result.stdout
    )
    # ...and every problem of the invalid one is on stderr, with its position
    assert result.stderr == (
        "tests/data/check/mixed/bad.yaml:3:12: error: 'tolerance': \"soon\" is not a duration "
        "(expected e.g. 0, 10 days, 2 weeks, 1 month, 1 quarter, 15 business days)\n"
        "tests/data/check/mixed/bad.yaml:6:5: error: unknown key 'planed' in milestone 1; "
        "did you mean 'planned'? (expected one of: id, name, planned, rebaselined, "
        "forecasts, depends_on, actual, deadline, tolerance, source, notes, accepted)\n"
    )


def test_default_path_is_plans(invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    shutil.copy(ROOT / CHECK / "overdue.yaml", tmp_path / "plans" / "overdue.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--as-of", AS_OF, code=1)
    assert result.stdout.startswith("plans/overdue.yaml:10:5: error: build: overdue")


def test_no_plans_directory(invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check", code=2)
    assert result.stderr == "plans: error: no such file or directory\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tolerance", "soon"], "Invalid value for '--tolerance': \"soon\" is not a duration"),
        (["--warn-within", "1 fortnight"], "Invalid value for '--warn-within'"),
        (["--as-of", "2024-13"], "Invalid value for '--as-of'"),
        (["--format", "xml"], "Invalid value for '--format' / '-f'"),
    ],
)
def test_bad_usage_exits_2(invoke, args: list[str], message: str) -> None:
    result = invoke("check", CHECK / "clean.yaml", *args, code=2)
    assert message in result.stderr


def test_as_of_from_the_environment(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    # overdue.yaml's build (planned 2024-05-31) is 14 days overdue on 14 June,
    # 10 days (within its 10-day tolerance) on 10 June
    monkeypatch.setenv("PLANTRACK_AS_OF", "2024-06-10")
    invoke("check", CHECK / "overdue.yaml")
    monkeypatch.setenv("PLANTRACK_AS_OF", AS_OF)
    invoke("check", CHECK / "overdue.yaml", code=1)
    # --as-of wins over the variable
    invoke("check", CHECK / "overdue.yaml", "--as-of", "2024-06-10")


def test_as_of_defaults_to_today(invoke) -> None:
    # today is 2026-11-25 in the tests: clean.yaml's launch (2024-12) is long overdue
    result = invoke("check", CHECK / "clean.yaml", code=1)
    assert "as of 2026-11-25" in result.stdout


# -- golden outputs -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXT))
def test_golden(invoke, golden: Golden, fmt: str) -> None:
    result = invoke(
        "check", CHECK, "--as-of", AS_OF, "--warn-within", "2w", "--format", fmt, code=2
    )
    golden(GOLDEN / f"check.{EXT[fmt]}", result.stdout)


def test_junit_parses(invoke) -> None:
    out = invoke("check", CHECK, "--as-of", AS_OF, "-f", "junit", code=2).stdout
    root = ET.fromstring(out.encode())
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    # 14 milestones in 9 valid plans, and one "load" case for the invalid file
    assert len(cases) == 15
    failed = sorted(c.get("name", "") for c in cases if c.find("failure") is not None)
    assert failed == ["build", "christmas", "filing", "late-one", "launch", "pilot"]
    errors = [c for c in cases if c.find("error") is not None]
    assert [c.get("classname") for c in errors] == ["tests/data/check/mixed/bad.yaml"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("15", "6", "1")
    # the warning (without --warnings-as-errors) is output, not a failure
    (report,) = [c for c in cases if c.get("name") == "report"]
    assert report.find("failure") is None
    assert "warning: report: delivered up to 11 days late" in (report.findtext("system-out") or "")


def test_junit_warnings_as_errors_fail(invoke) -> None:
    out = invoke(
        "check", CHECK / "warning.yaml", "--as-of", AS_OF, "-f", "junit", "--warnings-as-errors",
        code=1,
    ).stdout  # fmt: skip
    (case,) = ET.fromstring(out.encode()).iter("testcase")
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "slip"


def test_json_round_trips(invoke) -> None:
    out = invoke("check", CHECK, "--as-of", AS_OF, "-f", "json", code=2).stdout
    doc = json.loads(out)
    assert json.dumps(doc, indent=2, ensure_ascii=False) + "\n" == out
    findings = [Finding.from_dict(f) for f in doc["findings"]]
    assert [f.to_dict() for f in findings] == doc["findings"]
    assert doc["exit_code"] == 2
    assert doc["summary"]["breaches"] == 6 and doc["summary"]["warnings"] == 1
    assert [p["line"] for p in doc["problems"]] == [3, 6]


def test_json_business_days_in_the_slip(invoke) -> None:
    out = invoke("check", CHECK / "business-days.yaml", "--as-of", AS_OF, "-f", "json", code=1)
    (plan,) = json.loads(out.stdout)["plans"]
    slips = {m["id"]: m["slip"] for m in plan["milestones"]}
    # christmas: [20 Dec 2013, 30 Dec 2013) less 25, 26 Dec = 4; easter: 2 (see the fixture)
    assert (slips["christmas"]["business_days_min"], slips["christmas"]["business_days_max"]) == (
        4,
        4,
    )
    assert (slips["easter"]["business_days_min"], slips["easter"]["business_days_max"]) == (2, 2)


# -- GitHub -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50% done", "50%25 done", "50%25 done"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),  # % first, so an escape is never made twice
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_github_escapes_file_names(invoke, plan_file) -> None:
    path = plan_file(
        "plantrack: 1\nmilestones:\n  - id: m\n    planned: 2024-06-03\n", "odd, name: 100%.yaml"
    )
    out = invoke("check", path, "--as-of", AS_OF, "-f", "github", code=1).stdout
    escaped = escape_property(str(path))
    assert "%2C name%3A 100%25.yaml" in escaped
    assert out.splitlines()[0] == (
        f"::error file={escaped},line=3,col=5,title=plantrack overdue::"
        "m: overdue, 11 days so far (tolerance 0)"
    )


def test_github_is_the_default_on_actions(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = invoke("check", CHECK / "slip.yaml", "--as-of", AS_OF, code=1).stdout
    assert out.startswith("::error file=tests/data/check/slip.yaml,line=7,col=5,")
    # an explicit --format still wins
    out = invoke("check", CHECK / "slip.yaml", "--as-of", AS_OF, "-f", "text", code=1).stdout
    assert out.startswith("tests/data/check/slip.yaml:7:5: error:")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    out = invoke("check", CHECK / "slip.yaml", "--as-of", AS_OF, code=1).stdout
    assert out.startswith("tests/data/check/slip.yaml:7:5: error:")


def test_github_problems_go_to_stdout_once(invoke) -> None:
    result = invoke("check", CHECK / "mixed", "--as-of", AS_OF, "-f", "github", code=2)
    assert result.stderr == ""
    assert result.stdout.count("title=plantrack invalid plan::") == 2


def test_github_problem_without_position(invoke) -> None:
    out = invoke("check", "nope.yaml", "-f", "github", code=2).stdout
    assert out.splitlines()[0] == (
        "::error file=nope.yaml,title=plantrack invalid plan::no such file or directory"
    )


def test_step_summary_is_appended(invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    invoke("check", CHECK / "slip.yaml", "--as-of", AS_OF, "-f", "github", code=1)
    invoke("check", CHECK / "clean.yaml", "--as-of", AS_OF, "-f", "json")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## ❌ plantrack check failed\n")
    assert "| ❌ breach | `tests/data/check/slip.yaml:7` | **pilot** | slip |" in text
    assert text.endswith(
        "## ✅ plantrack check passed\n\n"
        "0 breaches, 0 warnings in 1 plan (3 milestones), as of 2024-06-14\n\n"
        "| Plan | File | As of | Milestones | Breaches | Warnings |\n"
        "|---|---|---|--:|--:|--:|\n"
        "| Clean plan | `tests/data/check/clean.yaml` | 2024-06-14 | 3 | 0 | 0 |\n\n"
    )
    invoke("check", CHECK / "clean.yaml", "--as-of", AS_OF, "--no-step-summary")
    assert summary.read_text(encoding="utf-8") == text


def test_step_summary_unwritable_is_a_warning(
    invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    result = invoke("check", CHECK / "clean.yaml", "--as-of", AS_OF)
    assert result.stderr.startswith("plantrack: warning: cannot write GITHUB_STEP_SUMMARY:")


def test_github_notice_past_ten_annotations(invoke, plan_file) -> None:
    body = "".join(f"  - id: m{i}\n    planned: 2024-06-03\n" for i in range(11))
    path = plan_file("plantrack: 1\nmilestones:\n" + body)
    lines = invoke("check", path, "--as-of", AS_OF, "-f", "github", code=1).stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 11
    assert lines[-2] == (
        "::notice title=plantrack::GitHub annotates only 10 errors and 10 warnings per step; "
        "this log and the job summary list all 11 errors and 0 warnings"
    )


# -- GitLab -------------------------------------------------------------------------


def test_gitlab_fingerprints_are_stable(invoke, plan_file) -> None:
    late = "  - id: m\n    planned: 2024-06-03\n"
    first = plan_file("plantrack: 1\nmilestones:\n" + late, "p.yaml")
    a = json.loads(invoke("check", first, "--as-of", AS_OF, "-f", "gitlab", code=1).stdout)
    # a comment moves the milestone down two lines and the as-of date changes the figures
    plan_file("# moved\n# down\nplantrack: 1\nmilestones:\n" + late, "p.yaml")
    b = json.loads(invoke("check", first, "--as-of", "2024-06-20", "-f", "gitlab", code=1).stdout)
    assert (a[0]["location"]["lines"]["begin"], b[0]["location"]["lines"]["begin"]) == (3, 5)
    assert a[0]["description"] != b[0]["description"]
    assert a[0]["fingerprint"] == b[0]["fingerprint"]


def test_gitlab_report_shape(invoke) -> None:
    issues = json.loads(invoke("check", CHECK, "--as-of", AS_OF, "-f", "gitlab", code=2).stdout)
    assert {tuple(sorted(i)) for i in issues} == {
        ("check_name", "description", "fingerprint", "location", "severity")
    }
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert {i["severity"] for i in issues} == {"blocker", "major", "minor"}
    assert all(i["location"]["lines"]["begin"] >= 1 for i in issues)


# -- imports ------------------------------------------------------------------------


def test_json_format_imports_neither_rich_nor_holidays() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from plantrack.cli import cli\n"
        "r = CliRunner().invoke(cli, ['check', 'tests/data/check/slip.yaml', '--as-of', "
        "'2024-06-14', '-f', 'json'])\n"
        "assert r.exit_code == 1, r.output\n"
        "assert 'rich' not in sys.modules, 'rich imported'\n"
        "assert 'holidays' not in sys.modules, 'holidays imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- docs/ci.md shows real output ---------------------------------------------------------


def _doc_block(lang: str, first_line_start: str) -> str:
    import re

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for block in re.findall(rf"```{lang}\n(.*?)```", text, flags=re.DOTALL):
        if block.startswith(first_line_start):
            return str(block)
    raise AssertionError(f"no {lang} block starting {first_line_start!r} in docs/ci.md")


@pytest.mark.parametrize(
    ("fmt", "lang", "start"),
    [
        ("text", "text", "plans/met.yaml:"),
        ("github", "text", "::warning"),
        ("markdown", "markdown", "## "),
    ],
)
def test_docs_examples_are_real_output(invoke, fmt: str, lang: str, start: str) -> None:
    result = invoke(
        "check", "plans/met.yaml", "--as-of", "2013-12-31", "--tolerance", "1mo",
        "--warn-within", "2w", "-f", fmt, code=1,
    )  # fmt: skip
    assert result.stdout == _doc_block(lang, start)


def test_docs_json_example_is_real_output(invoke) -> None:
    out = invoke(
        "check", "plans/met.yaml", "--as-of", "2013-12-31", "--tolerance", "1mo",
        "--warn-within", "2w", "-f", "json", code=1,
    ).stdout  # fmt: skip
    doc = json.loads(_doc_block("json", "{"))
    real = json.loads(out)
    ict = [m for m in real["plans"][0]["milestones"] if m["id"] == "ict-strategy"]
    assert doc["plans"][0]["milestones"] == ict
    real["plans"][0]["milestones"] = ict
    real["findings"] = [f for f in real["findings"] if f["milestone"] == "ict-strategy"]
    assert doc == real


def test_pre_commit_hooks_run_real_commands(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    import yaml

    from plantrack.cli import COMMANDS

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["plantrack-validate", "plantrack-check"]
    for hook in hooks:
        program, command, *args = shlex.split(hook["entry"])
        assert (program, command in COMMANDS) == ("plantrack", True)
        assert hook["language"] == "python"
        # pre-commit appends the changed file names
        monkeypatch.setenv("PLANTRACK_AS_OF", AS_OF)
        invoke(command, *args, CHECK / "clean.yaml")
        invoke(command, *args, CHECK / "mixed" / "bad.yaml", code=2)


def test_markdown_cells_escape_pipes_only(invoke, plan_file) -> None:
    path = plan_file(
        "plantrack: 1\nplan: A | B\nmilestones:\n  - id: m\n    planned: 2024-06-03\n",
        "a|b\\c.yaml",
    )
    out = invoke("check", path, "--as-of", AS_OF, "-f", "markdown", code=1).stdout
    file_cell = str(path).replace("|", "\\|")
    assert f"| A \\| B | `{file_cell}` | 2024-06-14 | 1 | 1 | 0 |" in out
    assert "\\c.yaml" in file_cell and "\\\\c.yaml" not in out
