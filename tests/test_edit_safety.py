"""record / add / source: edits that never misplace or change data.

Issue 9 items 1 (shared nodes), 8 (ids as YAML 1.1 reads them), 3 (line
endings, characters the user gave) and 6 (--max-size), and issue 8 item 4
(no private ruamel.yaml names).  Expected texts are written out by hand.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack import editing
from plantrack.loader import load_plan, load_plan_text

from .conftest import ROOT, Invoke

HEAD = "plantrack: 1\nplan: P\nmilestones:\n"
SHARED_ACTUAL = HEAD + (
    "  - id: a\n    name: A\n    actual: &act {date: 2014-01}\n"
    "  - id: b\n    name: B\n    actual: *act\n"
)
SHARED_SCALAR = HEAD + (
    "  - id: a\n    name: A\n    actual: &d 2014-01\n  - id: b\n    name: B\n    actual: *d\n"
)
MERGED = HEAD + (
    "  - &base\n    id: a\n    name: A\n    forecasts:\n      - {reported: 2013, date: 2014}\n"
    "  - <<: *base\n    id: b\n"
)
TAIL = (
    ", so this edit would also change every place that uses *{0} (expected a value of its "
    "own: write it out in place of the alias or merge key, then edit)"
)


@pytest.mark.parametrize(
    ("text", "args", "where", "message"),
    [
        (SHARED_ACTUAL, ["b", "--actual", "2014-06", "--replace"], "9:5",
         "milestone 'b': its 'actual' is shared through the anchor &act (defined at line 6)"
         + TAIL.format("act")),
        (SHARED_ACTUAL, ["a", "--actual", "2014-06", "--replace"], "6:5",
         "milestone 'a': its 'actual' is shared through the anchor &act (defined at line 6)"
         + TAIL.format("act")),
        (SHARED_SCALAR, ["b", "--actual", "2014-06", "--replace", "--source", "s"], "9:5",
         "milestone 'b': its 'actual' is shared through the anchor &d (defined at line 6)"
         + TAIL.format("d")),
        (MERGED, ["b", "--forecast", "2015", "--reported", "2014"], "9:5",
         "milestone 'b': its 'forecasts' comes from the merge key '<<: *base' "
         "(anchor &base at line 4)" + TAIL.format("base")),
        (MERGED, ["a", "--forecast", "2015", "--reported", "2014"], "4:5",
         "milestone 'a' is shared through the anchor &base (defined at line 4)"
         + TAIL.format("base")),
    ],
    ids=["alias-user", "anchor-owner", "scalar-alias", "merge-key", "merged-milestone"],
)  # fmt: skip
def test_edits_through_shared_nodes_are_refused(
    invoke: Invoke, plan_file, text: str, args: list[str], where: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    plan = plan_file(text)
    result = invoke("record", plan, *args, code=2)
    assert result.stderr == f"{plan}:{where}: error: {message}\n"
    assert plan.read_text(encoding="utf-8") == text


def test_unused_anchor_and_own_keys_beside_a_merge_are_edited(invoke: Invoke, plan_file) -> None:  # type: ignore[no-untyped-def]
    # An anchor used nowhere shares nothing; a key written beside '<<' is the
    # milestone's own.  Both edits go through, and change only their milestone.
    text = HEAD + (
        "  - id: a\n    name: A\n    actual: &one 2014-01\n"
        "  - &m\n    id: b\n    name: B\n  - <<: *m\n    id: c\n    name: C\n"
    )
    plan = plan_file(text)
    invoke("record", plan, "a", "--actual", "2014-06", "--replace")
    invoke("record", plan, "c", "--actual", "2014-07")
    assert plan.read_text(encoding="utf-8") == text.replace("&one 2014-01", "2014-06") + (
        "    actual: 2014-07\n"
    )
    loaded = load_plan(plan)
    assert [str(m.actual) for m in loaded.milestones] == ["2014-06", "None", "2014-07"]


# -- ids are text, as the loader (YAML 1.1) reads them ---------------------------


@pytest.mark.parametrize(
    ("written", "shown", "not_an_id"),
    [
        ("017", "15", "017"),  # YAML 1.1: octal 15 (YAML 1.2 would say 17)
        ("0o17", "0o17", "15"),  # YAML 1.1: text (YAML 1.2 would say octal 15)
        ("1_000", "1000", "1_000"),
        ("0x1f", "31", "0x1f"),
        ("1e3", "1e3", "1000.0"),  # YAML 1.1: text, no dot (YAML 1.2: a float)
    ],
)
def test_milestones_are_found_as_the_loader_shows_them(
    invoke: Invoke, plan_file, written: str, shown: str, not_an_id: str
) -> None:  # type: ignore[no-untyped-def]
    text = HEAD + f"  - id: {written}\n    name: A\n  - id: b\n    name: B\n"
    plan = plan_file(text)
    result = invoke("record", plan, not_an_id, "--actual", "2020-01", code=2)
    assert result.stderr == (
        f"plantrack: error: {plan}: no milestone {not_an_id!r} (milestones: {shown}, b)\n"
    )
    invoke("record", plan, shown, "--actual", "2020-01")
    assert plan.read_text(encoding="utf-8") == text.replace(
        "name: A\n", "name: A\n    actual: 2020-01\n"
    )


@pytest.mark.parametrize("new_id", ["017", "0o17", "1_000", "0x1f", "1e3"])
def test_new_ids_that_yaml_could_read_as_numbers_are_quoted(
    invoke: Invoke, plan_file, new_id: str
) -> None:  # type: ignore[no-untyped-def]
    plan = plan_file(HEAD + "  - id: b\n    name: B\n")
    invoke("add", plan, "--id", new_id, "--name", "N")
    assert plan.read_text(encoding="utf-8").endswith(f"  - id: '{new_id}'\n    name: N\n")
    assert [m.id for m in load_plan(plan).milestones] == ["b", new_id]


# -- every line keeps its ending, every character stays itself -------------------


def test_each_line_keeps_its_own_line_ending(invoke: Invoke, tmp_path: Path) -> None:
    plan = tmp_path / "mixed.yaml"
    plan.write_bytes(b"plantrack: 1\r\nplan: P\nmilestones:\r\n  - id: a\n    name: A\r\n")
    invoke("record", plan, "a", "--forecast", "2015", "--reported", "2014")
    invoke("source", plan, "s", "--title", "T")
    assert plan.read_bytes() == (
        b"plantrack: 1\r\nplan: P\nsources:\n  s:\n    title: T\nmilestones:\r\n  - id: a\n"
        b"    name: A\r\n    forecasts:\r\n      - reported: 2014\r\n        date: 2015\r\n"
    )


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("x\x85y", '"x\\Ny"'),  # NEL: a line break to YAML 1.1
        ("x\u2028y", '"x\\Ly"'),
        ("x\u2029y", '"x\\Py"'),
        ("1:30", "'1:30'"),  # a sexagesimal number (90) to YAML 1.1
        ("a\x1b[31mb\x07", '"a\\e[31mb\\a"'),
        ("two\nlines", '"two\\nlines"'),
        ("yes", "'yes'"),
    ],
)
def test_characters_given_are_written_as_themselves(
    invoke: Invoke, plan_file, note: str, line: str
) -> None:  # type: ignore[no-untyped-def]
    plan = plan_file(HEAD + "  - id: a\n    name: A\n")
    invoke("record", plan, "a", "--forecast", "2015", "--reported", "2014", "--note", note)
    assert plan.read_text(encoding="utf-8").endswith(f"        note: {line}\n")
    assert load_plan(plan).milestones[0].forecasts[0].note == note


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(note=ANY_TEXT, title=ANY_TEXT)
def test_any_character_survives_the_trip(note: str, title: str) -> None:
    text = HEAD + "  - id: a\n    name: A\n"
    for op in (
        editing.add_forecast(milestone_id="a", date="2015", reported="2014", note=note),
        editing.add_source(source_id="s", title=title),
    ):
        new = editing.apply_edit(text, op, "p.yaml").new
        assert new.startswith(text.split("milestones:")[0])
        text = new
    plan = load_plan_text(text, "p.yaml")
    assert plan.milestones[0].forecasts[0].note == note
    assert plan.sources["s"].title == title


# -- bounded reads ---------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_max_size_is_read_not_trusted(invoke: Invoke, dry_run: list[str]) -> None:
    args = ["record", "/dev/zero", "a", "--actual", "2020", "--max-size", "1K", *dry_run]
    result = invoke(*args, code=2)
    assert result.stderr == (
        "plantrack: error: /dev/zero: file is over the limit of 1,024 bytes "
        "(raise it with --max-size)\n"
    )


def test_max_size_refuses_a_plan_one_byte_over(invoke: Invoke, plan_file) -> None:  # type: ignore[no-untyped-def]
    plan = plan_file(HEAD + "  - id: a\n    name: A\n")  # 13 + 8 + 12 + 10 + 12 bytes
    assert plan.stat().st_size == 55
    invoke("record", plan, "a", "--actual", "2020", "--max-size", "55")  # now 55 + 17 bytes
    before = plan.read_bytes()
    result = invoke("add", plan, "--id", "b", "--name", "B", "--max-size", "71", code=2)
    assert "over the limit of 71 bytes" in result.stderr
    assert plan.read_bytes() == before


# -- public ruamel.yaml API only -------------------------------------------------

EDITOR = ["editing.py", "editdoc.py", "editrender.py", "yamlplaces.py"]


@pytest.mark.parametrize("name", EDITOR)
def test_the_editor_uses_no_private_ruamel_names(name: str) -> None:
    tree = ast.parse((ROOT / "src" / "plantrack" / name).read_text(encoding="utf-8"))
    imported = [
        (node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]
    allowed = {
        ("ruamel.yaml", "YAML"),
        ("ruamel.yaml.comments", "CommentedMap"),
        ("ruamel.yaml.scalarstring", "DoubleQuotedScalarString"),
        ("ruamel.yaml.scalarstring", "SingleQuotedScalarString"),
    }
    assert {i for i in imported if i[0].startswith("ruamel")} <= allowed
    attributes = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute)]
    assert not {"ca", "lc"} & {n.attr for n in attributes}  # ruamel's comments and positions
    private = [
        n.attr
        for n in attributes
        if n.attr.startswith("_") and not n.attr.startswith("__")
        and not (isinstance(n.value, ast.Name) and n.value.id == "self")
    ]  # fmt: skip
    assert private == []  # only an object's own private names, never another's
