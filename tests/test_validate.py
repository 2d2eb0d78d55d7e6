"""``plantrack validate``: format, references and dates, never judged against today."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

CHECK = Path("tests/data/check")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_valid_files(invoke) -> None:
    # overdue, slipping and late plans are all valid: nothing is judged
    result = invoke(
        "validate", CHECK / "overdue.yaml", CHECK / "slip.yaml", CHECK / "deadline.yaml"
    )
    assert result.stdout == "3 valid plan files\n"
    assert result.stderr == ""


def test_quiet(invoke) -> None:
    assert invoke("validate", "-q", CHECK / "clean.yaml").stdout == ""


def test_invalid_beside_valid(invoke) -> None:
    result = invoke("validate", "-q", CHECK / "mixed", code=2)
    assert result.stdout == "1 valid plan file, 1 with errors\n"
    assert result.stderr == (
        "tests/data/check/mixed/bad.yaml:3:12: error: 'tolerance': \"soon\" is not a duration "
        "(expected e.g. 0, 10 days, 2 weeks, 1 month, 1 quarter, 15 business days)\n"
        "tests/data/check/mixed/bad.yaml:6:5: error: unknown key 'planed' in milestone 1; "
        "did you mean 'planned'? (expected one of: id, name, planned, rebaselined, "
        "forecasts, depends_on, actual, deadline, tolerance, source, notes, accepted)\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "plantrack: 1\ncalendar: ZZ\nmilestones: []\n",
            "p.yaml:2:11: error: 'calendar': unknown country code 'ZZ' (expected weekdays "
            "or an ISO 3166 code such as GB, US, DE, FR)",
        ),
        (
            "plantrack: 1\nmilestones:\n  - id: m\n    deadline: n.planned\n",
            "p.yaml:4:15: error: 'deadline': \"n.planned\" refers to unknown milestone 'n' "
            "(expected the id of a milestone in this plan)",
        ),
        (
            "plantrack: 1\nmilestones:\n  - id: m\n    tolerance: 3 fortnights\n",
            "p.yaml:4:16: error: 'tolerance': \"3 fortnights\" is not a duration (expected e.g. "
            "0, 10 days, 2 weeks, 1 month, 1 quarter, 15 business days)",
        ),
    ],
)
def test_problems(
    invoke, plan_file, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    path = plan_file(text, "p.yaml")
    monkeypatch.chdir(path.parent)
    result = invoke("validate", "p.yaml", code=2)
    assert result.stderr == message + "\n"


def test_default_path_is_plans(invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("validate", code=2).stderr == "plans: error: no such file or directory\n"
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yml").write_text("plantrack: 1\nmilestones: []\n", "utf-8")
    assert invoke("validate").stdout == "1 valid plan file\n"
