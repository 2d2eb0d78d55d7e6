"""plantrack diff: two files, and a file at a git revision in a repository made here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from plantrack.diff import DiffStatus, ExpectedBasis, Fact, FactKind, diff_plans
from plantrack.loader import load_plan

from .conftest import DATA, TODAY, Invoke

OLD = DATA / "trend" / "diff-old.yaml"
NEW = DATA / "trend" / "diff-new.yaml"

# strategy: latest forecast 2013-10..2013-11 (slip 6–7) -> 2014-01 (slip 9): +2–3 months
# review: no actual (expected = planned 2013-06, slip 0) -> actual 2013-05-20:
#   May - June = -1 month, so slip change 0 - ... = -1 month; earlier, not later
# pilot: re-baselined 2014-01 -> 2014-03; expected moves later by 2 months but the slip
#   against each plan's own baseline stays 0
TEXT = """\
{old} → {new} (as of 2026-11-25)
~ strategy: forecast 2013-10..2013-11 → 2014-01, slip +2–3 months
    new forecast 2014-01 (reported 2013-12)
~ review: planned 2013-06 → actual 2013-05-20, slip 1 month earlier
    actual set: 2013-05-20
~ pilot: planned 2014-01 → 2014-03, slip ±0 months
    re-baselined: planned 2014-01 → 2014-03
+ rollout: added, expected 2015-01 (planned)
- dropped: removed (was expected 2014-06)
3 milestones changed, 1 added, 1 removed; 2 expected later
"""


def test_two_files_text(invoke: Invoke) -> None:
    out = invoke("diff", OLD, NEW).stdout
    assert out == TEXT.format(old=OLD, new=NEW)


def test_json(invoke: Invoke) -> None:
    doc = json.loads(invoke("diff", OLD, NEW, "--format", "json").stdout)
    by_id = {m["id"]: m for m in doc["milestones"]}
    assert list(by_id) == ["strategy", "review", "pilot", "rollout", "dropped"]
    assert by_id["strategy"]["slip_change"] == {
        "months_min": 2,
        "months_max": 3,
        "text": "+2–3 months",
    }
    assert by_id["strategy"]["facts"][0]["kind"] == "forecast_added"
    assert by_id["review"]["later"] is False
    assert doc["later"] == ["strategy", "pilot"]
    assert by_id["rollout"]["status"] == "added"
    assert by_id["dropped"]["status"] == "removed"


def test_variants_are_enums() -> None:
    d = diff_plans(load_plan(OLD), load_plan(NEW), TODAY)
    got = {m.id: (m.status, m.basis, [f.kind for f in m.facts]) for m in d.milestones}
    assert got == {
        "strategy": (DiffStatus.CHANGED, ExpectedBasis.FORECAST, [FactKind.FORECAST_ADDED]),
        "review": (DiffStatus.CHANGED, ExpectedBasis.ACTUAL, [FactKind.ACTUAL]),
        "pilot": (DiffStatus.CHANGED, ExpectedBasis.PLANNED, [FactKind.PLANNED]),
        "rollout": (DiffStatus.ADDED, ExpectedBasis.PLANNED, []),
        "dropped": (DiffStatus.REMOVED, None, []),
    }
    for m in d.milestones:  # members, not strings that happen to compare equal
        assert type(m.status) is DiffStatus
        assert m.basis is None or type(m.basis) is ExpectedBasis
        assert all(type(f.kind) is FactKind for f in m.facts)


@pytest.mark.parametrize(
    ("kind", "before", "after", "text"),
    [
        (FactKind.RENAMED, "Pilot", "Pilot phase", "renamed Pilot → Pilot phase"),
        (FactKind.PLANNED, "2014-01", "2014-03", "re-baselined: planned 2014-01 → 2014-03"),
        (FactKind.PLANNED, None, "2014-03", "re-baselined: planned 2014-03"),
        (FactKind.PLANNED, "2014-01", None, "re-baselined: planned 2014-01"),
        (FactKind.FORECAST_ADDED, None, "2014-01 (reported 2013-12)",
         "new forecast 2014-01 (reported 2013-12)"),
        (FactKind.FORECAST_REMOVED, "2014-01 (no reported date)", None,
         "forecast removed 2014-01 (no reported date)"),
        (FactKind.ACTUAL, None, "2013-05-20", "actual set: 2013-05-20"),
        (FactKind.ACTUAL, "2013-05-20", None, "actual removed"),
        (FactKind.ACTUAL, "2013-05-20", "2013-05-21", "actual 2013-05-20 → 2013-05-21"),
    ],
)  # fmt: skip
def test_fact_text(kind: FactKind, before: str | None, after: str | None, text: str) -> None:
    assert Fact(kind, before, after).text == text


def test_json_variants_are_plain_strings(invoke: Invoke) -> None:
    out = invoke("diff", OLD, NEW, "--format", "json").stdout
    doc = json.loads(out)
    by_id = {m["id"]: m for m in doc["milestones"]}
    assert [(m["status"], m["basis"]) for m in by_id.values()] == [
        ("changed", "forecast"),
        ("changed", "actual"),
        ("changed", "planned"),
        ("added", "planned"),
        ("removed", None),
    ]
    assert [f["kind"] for f in by_id["review"]["facts"]] == ["actual"]
    assert "DiffStatus" not in out
    assert "FactKind" not in out
    assert "ExpectedBasis" not in out


def test_markdown(invoke: Invoke) -> None:
    out = invoke("diff", OLD, NEW, "-f", "markdown").stdout
    row = (
        "| `strategy` | new forecast 2014-01 (reported 2013-12) "
        "| 2013-10..2013-11 → 2014-01 | **+2–3 months** |"
    )
    assert row in out
    assert out.rstrip().endswith("**3 milestones changed, 1 added, 1 removed; 2 expected later**")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [(OLD, NEW, 1), (NEW, OLD, 1), (OLD, OLD, 0)],
    ids=["later", "reverse-also-later", "same"],
)
def test_fail_on_slip(invoke: Invoke, old: Path, new: Path, code: int) -> None:
    # Reversed, strategy moves earlier but review's actual 2013-05-20 -> planned 2013-06
    # is a month later, so the gate still trips.
    invoke("diff", old, new, "--fail-on-slip", code=code)


def test_no_changes(invoke: Invoke) -> None:
    assert invoke("diff", OLD, OLD).stdout.endswith("no changes to milestones\n")


def test_as_of_hides_later_news(invoke: Invoke) -> None:
    # On 2013-09-30 the forecast reported in December was not yet known: the expected
    # date did not move, and the new forecast is listed as a fact only.
    out = invoke("diff", OLD, NEW, "--as-of", "2013-09-30").stdout
    assert "~ strategy: new forecast 2014-01 (reported 2013-12)" in out


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two commits of plans/p.yaml (old, then new)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GIT_DIR", raising=False)
    (tmp_path / "plans").mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    shutil.copyfile(OLD, tmp_path / "plans" / "p.yaml")
    git("add", "plans/p.yaml")
    git("commit", "-q", "-m", "old")
    shutil.copyfile(NEW, tmp_path / "plans" / "p.yaml")
    git("commit", "-q", "-am", "new")
    return tmp_path


def test_git_revision(invoke: Invoke, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    out = invoke("diff", "plans/p.yaml@HEAD~1", "plans/p.yaml").stdout
    assert out == TEXT.format(old="plans/p.yaml@HEAD~1", new="plans/p.yaml")
    out = invoke("diff", "plans/p.yaml@HEAD~1", "plans/p.yaml@HEAD").stdout
    assert out.startswith("plans/p.yaml@HEAD~1 → plans/p.yaml@HEAD")


def test_git_revision_from_another_folder(invoke: Invoke, repo: Path) -> None:
    path = repo / "plans" / "p.yaml"
    out = invoke("diff", f"{path}@HEAD~1", path).stdout
    assert "~ strategy: forecast 2013-10..2013-11 → 2014-01, slip +2–3 months" in out


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("plans/p.yaml@no-such-rev", "cannot read plans/p.yaml at revision 'no-such-rev'"),
        ("plans/none.yaml@HEAD", "cannot read plans/none.yaml at revision 'HEAD'"),
    ],
)
def test_git_errors(
    invoke: Invoke, repo: Path, monkeypatch: pytest.MonkeyPatch, spec: str, message: str
) -> None:
    monkeypatch.chdir(repo)
    result = invoke("diff", spec, "plans/p.yaml", code=2)
    assert message in result.stderr
    assert result.stdout == ""


def test_invalid_plan_at_revision(
    invoke: Invoke, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    (repo / "plans" / "p.yaml").write_text(
        "plantrack: 1\nplan: P\nmilestones: 3\n", encoding="utf-8"
    )
    subprocess.run(["git", "commit", "-q", "-am", "broken"], cwd=repo, check=True)
    result = invoke("diff", "plans/p.yaml@HEAD~1", "plans/p.yaml@HEAD", code=2)
    assert result.stderr.startswith("plans/p.yaml@HEAD:3:")


def test_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("diff", tmp_path / "none.yaml", NEW, code=2)
    assert "no such file" in result.stderr.lower() or "cannot read" in result.stderr


def test_file_name_with_at_sign_is_a_file(invoke: Invoke, tmp_path: Path) -> None:
    odd = tmp_path / "plan@v2.yaml"
    shutil.copyfile(OLD, odd)
    assert invoke("diff", odd, OLD).stdout.endswith("no changes to milestones\n")
    assert odd.exists()
