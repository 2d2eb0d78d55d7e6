"""plantrack record / add / source: edits that lose nothing.

The round-trip tests compare the file before and after with difflib: the
only lines that differ are the ones the edit means to add or change.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack import editing, files, yamlplaces
from plantrack.loader import load_plan, load_plan_text

from .conftest import DATA, Invoke

HAND = DATA / "trend" / "hand-kept.yaml"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A fresh copy of the hand-kept plan."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(HAND, path)
    return path


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def insertion_point(before: str, after: str) -> int:
    """The 0-based line of ``before`` before which the new lines were inserted."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines())
    (op,) = [o for o in matcher.get_opcodes() if o[0] != "equal"]
    assert op[0] == "insert"
    return op[1]


@pytest.mark.parametrize(
    ("args", "added", "after_line"),
    [
        (
            ["record", "{plan}", "design", "--forecast", "2020-06", "--reported", "2020-03-15",
             "--source", "blog", "--note", "slips: again"],
            ["      - reported: 2020-03-15", "        date: 2020-06", "        source: blog",
             "        note: 'slips: again'"],
            "        source: paper-1",
        ),
        (
            ["record", "{plan}", "build", "--actual", "2020-10-02", "--source", "paper-1"],
            ["    actual:", "      date: 2020-10-02", "      source: paper-1"],
            "    planned: 'Q3 2020'",
        ),
        (
            ["add", "{plan}", "--id", "launch", "--name", "Launch: day one", "--planned",
             "2021-H1", "--source", "blog"],
            ["", "  - id: launch", "    name: 'Launch: day one'", "    planned: 2021-H1",
             "    source: blog"],
            "    # a closing comment",
        ),
        (
            ["source", "{plan}", "review", "--title", "Review #1", "--date", "2020",
             "--url", "https://example.org/r"],
            ["", "  review:", "    title: 'Review #1'", "    date: 2020",
             "    url: https://example.org/r"],
            "      over two lines.",
        ),
    ],
    ids=["record-forecast", "record-actual", "add", "source"],
)  # fmt: skip
def test_round_trip_changes_only_the_intended_lines(
    invoke: Invoke, plan: Path, args: list[str], added: list[str], after_line: str
) -> None:
    before = plan.read_text(encoding="utf-8")
    result = invoke(*[a.format(plan=plan) for a in args])
    assert result.stderr == f"{plan}: written\n"
    after = plan.read_text(encoding="utf-8")
    removed, new = changes(before, after)
    assert removed == []  # every original byte is still there ...
    assert new == added  # ... and only the intended lines were added
    at = insertion_point(before, after)
    assert before.splitlines()[at - 1] == after_line
    load_plan(plan)  # and the result is a valid plan


def test_record_actual_replace_changes_one_line(invoke: Invoke, plan: Path) -> None:
    before = plan.read_text(encoding="utf-8")
    invoke("record", plan, "ship", "--actual", "2021-03", "--replace")
    removed, added = changes(before, plan.read_text(encoding="utf-8"))
    assert removed == ["    actual: 2021-02-03"]
    assert added == ["    actual: 2021-03"]


def test_dry_run_shows_the_diff_and_writes_nothing(invoke: Invoke, plan: Path) -> None:
    before = plan.read_bytes()
    out = invoke("add", plan, "--id", "x", "--name", "X", "--dry-run").stdout
    assert plan.read_bytes() == before
    assert out.startswith(f"--- {plan} (before)\n+++ {plan} (after)\n@@ ")
    assert "+  - id: x\n+    name: X\n" in out


def test_written_file_keeps_mode_and_leaves_no_temp_file(invoke: Invoke, plan: Path) -> None:
    plan.chmod(0o640)
    invoke("source", plan, "s2", "--title", "T")
    assert plan.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.yaml"]


def test_crlf_and_bom_survive(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    text = "plantrack: 1\r\nplan: P\r\nmilestones:\r\n  - id: a\r\n    name: A\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    invoke("record", path, "a", "--actual", "2020-01")
    assert path.read_bytes() == b"\xef\xbb\xbf" + (text + "    actual: 2020-01\r\n").encode()


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe\x00\x00", "utf-32-le")],
)
def test_utf16_and_utf32_plans_are_edited_in_their_encoding(
    invoke: Invoke, tmp_path: Path, bom: bytes, codec: str
) -> None:
    """The editor reads with the loader's decoder and writes back the same way."""
    path = tmp_path / "wide.yaml"
    text = "plantrack: 1\nplan: P\nmilestones:\n  - id: a\n    name: Café\n"
    path.write_bytes(bom + text.encode(codec))
    invoke("record", path, "a", "--actual", "2020-01")
    assert path.read_bytes() == bom + (text + "    actual: 2020-01\n").encode(codec)


# -- refusals: the original stays untouched, exit 2 -----------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["record", "{plan}", "nope", "--actual", "2020-01"],
         "no milestone 'nope' (milestones: design, build, ship)"),
        (["record", "{plan}", "design", "--forecast", "2020-06", "--reported", "2020-03",
          "--source", "unknown-source"],
         "not written: the result would not be a valid plan"),
        (["record", "{plan}", "ship", "--actual", "2021-03"],
         "milestone 'ship' already has an actual date (2021-02-03); use --replace"),
        (["add", "{plan}", "--id", "build", "--name", "Again"], "milestone 'build' already exists"),
        (["add", "{plan}", "--id", "Bad Id", "--name", "X"],
         "not written: the result would not be a valid plan"),
        (["source", "{plan}", "blog", "--title", "T"], "source 'blog' already exists"),
    ],
    ids=["unknown-milestone", "unknown-source", "actual-exists", "duplicate-milestone",
         "invalid-id", "duplicate-source"],
)  # fmt: skip
def test_refused_edits_leave_the_file_untouched(
    invoke: Invoke, plan: Path, args: list[str], message: str
) -> None:
    before = plan.read_bytes()
    result = invoke(*[a.format(plan=plan) for a in args], code=2)
    assert message in result.stderr
    assert result.stderr.startswith("plantrack: error: ")
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.yaml"]


def test_invalid_result_names_the_problem_with_its_position(invoke: Invoke, plan: Path) -> None:
    result = invoke(
        "record", plan, "design", "--forecast", "2020-06", "--reported", "2020-03",
        "--source", "unknown-source", code=2,
    )  # fmt: skip
    assert f"{plan}:" in result.stderr.splitlines()[1]
    assert "unknown source 'unknown-source'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["record", "{plan}", "design"], "give either --forecast DATE --reported DATE or --actual"),
        (["record", "{plan}", "design", "--forecast", "2020-06"], "--forecast needs --reported"),
        (["record", "{plan}", "design", "--actual", "2020-06", "--forecast", "2020-07"],
         "give either"),
        (["record", "{plan}", "design", "--actual", "2020-06", "--note", "n"],
         "--reported and --note go with --forecast"),
        (["record", "{plan}", "design", "--forecast", "2020-13", "--reported", "2020-01"],
         "month 13 does not exist"),
        (["add", "{plan}", "--name", "X"], "Missing option '--id'"),
    ],
)  # fmt: skip
def test_usage_errors(invoke: Invoke, plan: Path, args: list[str], message: str) -> None:
    before = plan.read_bytes()
    result = invoke(*[a.format(plan=plan) for a in args], code=2)
    assert message in result.stderr
    assert plan.read_bytes() == before


def test_invalid_plan_is_not_edited(invoke: Invoke, plan_file) -> None:  # type: ignore[no-untyped-def]
    bad = plan_file(
        "plantrack: 1\nplan: P\nmilestones:\n  - id: a\n    name: A\n    planned: soon\n"
    )
    before = bad.read_bytes()
    result = invoke("record", bad, "a", "--actual", "2020-01", code=2)
    assert f"{bad}:6:14: error:" in result.stderr
    assert bad.read_bytes() == before


def test_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("add", tmp_path / "none.yaml", "--id", "x", "--name", "X", code=2)
    assert "cannot read file" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder(invoke: Invoke, plan: Path) -> None:
    before = plan.read_bytes()
    plan.parent.chmod(0o555)
    try:
        result = invoke("source", plan, "s2", "--title", "T", code=2)
    finally:
        plan.parent.chmod(0o755)
    assert "not written: cannot create a file in" in result.stderr
    assert plan.read_bytes() == before


def test_cannot_create_temp_file(
    invoke: Invoke, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a read-only folder does, also when the tests run as root.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    before = plan.read_bytes()
    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    result = invoke("source", plan, "s2", "--title", "T", code=2)
    assert "not written: cannot create a file in" in result.stderr
    assert "Permission denied" in result.stderr
    assert plan.read_bytes() == before


def test_failed_rename_removes_the_temp_file(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    before = plan.read_bytes()
    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(files.WriteError, match="No space left on device"):
        files.write_atomic(plan, b"new", expected=before)
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.yaml"]


def test_file_changed_since_read_is_not_overwritten(plan: Path) -> None:
    plan.write_text("changed by someone else\n", encoding="utf-8")
    with pytest.raises(files.WriteError, match="changed since it was read"):
        files.write_atomic(plan, b"new", expected=b"what we read")
    assert plan.read_text(encoding="utf-8") == "changed by someone else\n"


def test_writes_through_a_symlink(invoke: Invoke, plan: Path) -> None:
    link = plan.parent / "link.yaml"
    link.symlink_to(plan.name)
    invoke("source", link, "s2", "--title", "T")
    assert link.is_symlink()
    assert "  s2:\n    title: T\n" in plan.read_text(encoding="utf-8")


def test_unusual_indentation_is_kept() -> None:
    # Inconsistent indentation that ruamel.yaml's round trip would normalise (and
    # was refused for it): edits are text insertions now, so it stays as it is.
    text = (
        "plantrack: 1\nplan: P\nsources:\n    a:\n        title: A\n"
        "milestones:\n  - id: m\n    name: M\n    planned: 2020-01\nnotes:   spaced\n"
    )
    new = editing.apply_edit(text, editing.add_source(source_id="b", title="B"), "p.yaml").new
    assert new == text.replace("title: A\n", "title: A\n    b:\n        title: B\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n  b: 1\nc:\n  - x: 1\n", (2, 4, 2)),  # met.yaml's style
        ("a:\n    b: 1\nc:\n- x: 1\n", (4, 2, 0)),  # dashes flush with the key
        ("a:\n  b: 1\nc:\n    -   x: 1\n", (2, 8, 4)),
        ("a: 1\n", (2, 4, 2)),  # nothing to go by: the defaults
    ],
)
def test_indentation_is_read_off_the_file(text: str, expected: tuple[int, int, int]) -> None:
    assert yamlplaces.indentation(text) == expected


# -- any text survives the trip -------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
SMALL = (
    "# head\nplantrack: 1\nplan: P\nsources:\n  a:\n    title: A   # an end-of-line comment\n"
    "\nmilestones:\n  - id: m\n    name: M   # kept in its column\n"
    "    forecasts:\n      - {reported: 2020-01, date: 2020-02}\n"
)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, note=TEXT, name=TEXT)
def test_any_text_is_written_and_read_back_unchanged(title: str, note: str, name: str) -> None:
    # Whatever the quoting a text needs, it loads back as itself, and no
    # original line changes (end-of-line comments keep their columns).
    text = SMALL
    for op in (
        editing.add_source(source_id="b", title=title),
        editing.add_forecast(milestone_id="m", date="2020-03", reported="2020-02", note=note),
        editing.add_milestone(milestone_id="n", name=name),
    ):
        new = editing.apply_edit(text, op, "p.yaml").new
        removed, _ = changes(text, new)
        assert removed == []
        text = new
    plan = load_plan_text(text, "p.yaml")
    assert plan.sources["b"].title == title
    assert plan.milestone("m").forecasts[-1].note == note
    assert plan.milestone("n").name == name


@pytest.mark.parametrize(
    ("text", "op", "expected"),
    [
        (
            "plantrack: 1\nplan: P\nmilestones: []\n",
            editing.add_milestone(milestone_id="a", name="A", planned="2020-01"),
            "plantrack: 1\nplan: P\nmilestones:\n  - id: a\n    name: A\n    planned: 2020-01\n",
        ),
        (
            "plantrack: 1\nplan: P\nmilestones: []\n",
            editing.add_source(source_id="s", title="S"),
            "plantrack: 1\nplan: P\nsources:\n  s:\n    title: S\nmilestones: []\n",
        ),
        (
            "plantrack: 1\nplan: P\nsources: {}\nmilestones:\n  - id: m\n    name: M\n"
            "    forecasts: []\n",
            editing.add_forecast(milestone_id="m", date="2020", reported="2019"),
            "plantrack: 1\nplan: P\nsources: {}\nmilestones:\n  - id: m\n    name: M\n"
            "    forecasts:\n      - reported: 2019\n        date: 2020\n",
        ),
    ],
    ids=["empty-milestones", "no-sources", "empty-forecasts"],
)
def test_empty_and_missing_containers(text: str, op: editing.Op, expected: str) -> None:
    assert editing.apply_edit(text, op, "p.yaml").new == expected


def test_short_actual_replaced_by_the_long_form_keeps_the_comment_after_it(
    invoke: Invoke, plan: Path
) -> None:
    # ruamel.yaml's round trip put "# a closing comment" between "actual:" and
    # its date; text insertion leaves it after the milestone, where it was.
    before = plan.read_text(encoding="utf-8")
    invoke("record", plan, "ship", "--actual", "2020-10-02", "--replace", "--source", "blog")
    after = plan.read_text(encoding="utf-8")
    assert changes(before, after) == (
        ["    actual: 2021-02-03"],
        ["    actual:", "      date: 2020-10-02", "      source: blog"],
    )
    assert after.endswith("      source: blog\n    # a closing comment\n")


def test_the_editor_reads_yaml_as_the_loader_does(invoke: Invoke, tmp_path: Path) -> None:
    """libyaml (the loader's reader) accepts a tab before a key's colon, PyYAML's
    pure-Python scanner does not: the editor must read with the loader's reader,
    or a plan that loads could not be edited (found by test_fuzz_cli)."""
    path = tmp_path / "tab.yaml"
    text = "plantrack: 1\nplan: P\nmilestones\t:\n- id: a\n  name: A\n"
    path.write_text(text, encoding="utf-8")
    invoke("add", path, "--id", "b", "--name", "B")
    assert path.read_text(encoding="utf-8") == text + "- id: b\n  name: B\n"
