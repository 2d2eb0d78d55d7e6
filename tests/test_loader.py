"""Plan loading: the format, references, and every bad-input path with its exact message."""

from __future__ import annotations

import datetime as _dt
import textwrap
from pathlib import Path

import pytest

from plantrack.dates import Precision
from plantrack.errors import PlanError
from plantrack.knowledge import known_as_of
from plantrack.loader import find_plan_files, load_plan, load_plan_text
from tests.conftest import MET

D = _dt.date
HINT = "(expected e.g. 2013-04, April 2013, 2013-Q2)"
MILESTONE_KEYS = (
    "id, name, planned, rebaselined, forecasts, depends_on, actual, deadline, tolerance, "
    "source, notes, accepted"
)


def errors(text: str) -> list[str]:
    """Every message for a plan text, as ``line:col: message``."""
    with pytest.raises(PlanError) as info:
        load_plan_text(textwrap.dedent(text).lstrip("\n"), "p.yaml")
    return [f"{p.line}:{p.column}: {p.message}" for p in info.value.problems]


# -- the Met plan and the format ------------------------------------------------


def test_met_plan_loads() -> None:
    plan = load_plan(MET)
    assert plan.name == "Metropolitan Police ICT strategy"
    assert len(plan.milestones) == 7
    assert plan.as_of is None  # deliberately: the default run shows the outcome
    ict = plan.milestone("ict-strategy")
    assert ict.planned is not None and ict.planned.text == "2013-04"
    assert ict.planned_source == "cw-2013-12"
    assert ict.actual is not None and ict.actual.start == D(2014, 2, 7)
    assert ict.actual_source == "cio-uk-2014-02-07"
    assert [f.source for f in ict.forecasts] == ["smart-policing", "cw-2013-12"]
    assert set(plan.sources) == {
        "cw-2013-12",
        "smart-policing",
        "cio-uk-2014-02-07",
        "computing-2014-02-10",
    }


@pytest.mark.parametrize(
    ("milestone", "start", "end", "precision"),
    [
        ("deloitte-review", D(2012, 10, 1), D(2012, 10, 31), Precision.MONTH),
        # October 2012 + 10 days: each end moves 10 days.
        ("ten-day-plan", D(2012, 10, 11), D(2012, 11, 10), Precision.DAY),
        # + 100 days: 1 Oct + 100 = 9 Jan 2013 (31+30+31 = 92, + 8); 31 Oct + 100 = 8 Feb.
        ("hundred-day-plan", D(2013, 1, 9), D(2013, 2, 8), Precision.DAY),
        # + 1 month keeps the month precision: November 2012.
        ("cio-steps-down", D(2012, 11, 1), D(2012, 11, 30), Precision.MONTH),
    ],
)
def test_met_relative_dates(
    milestone: str, start: _dt.date, end: _dt.date, precision: Precision
) -> None:
    # references are kept in the model and resolved as of a date: everything known
    actual = known_as_of(load_plan(MET), milestone, _dt.date.max).actual
    assert actual is not None
    assert (actual.start, actual.end, actual.precision) == (start, end, precision)


def test_yaml_dates_ints_and_strings_are_all_accepted() -> None:
    plan = load_plan_text(
        """
milestones:
  - {id: a, planned: 2013-04-15, actual: "2013-04-20"}
  - {id: b, planned: 2013, actual: '2013-4-5'}
  - {id: c, planned: 2013-Q2, actual: April 2014}
""",
        "p.yaml",
    )
    a, b, c = plan.milestones
    assert a.planned is not None and a.planned.precision is Precision.DAY
    assert b.planned is not None and b.planned.precision is Precision.YEAR
    assert b.actual is not None and b.actual.start == D(2013, 4, 5)
    assert c.planned is not None and c.planned.precision is Precision.QUARTER


def test_optional_fields_and_defaults() -> None:
    plan = load_plan_text("milestones:\n  - id: a\n    actual:\n", "dir/q3.yaml")
    assert plan.name == "q3"  # the file's stem
    (a,) = plan.milestones
    assert (a.name, a.planned, a.actual, a.forecasts) == ("a", None, None, ())


@pytest.mark.parametrize(
    ("field", "expr", "start", "end"),
    [
        ("planned", "a + 1 month", D(2013, 5, 1), D(2013, 5, 31)),  # a's planned
        ("actual", "a + 1 month", D(2013, 8, 1), D(2013, 8, 31)),  # a's actual
        ("planned", "a.actual - 2 weeks", D(2013, 6, 17), D(2013, 7, 17)),
        ("planned", "a.expected", D(2013, 7, 1), D(2013, 7, 31)),
        ("planned", "b.expected + 1 year", D(2014, 9, 1), D(2014, 9, 30)),  # b's latest forecast
        ("planned", "c.expected", D(2013, 1, 1), D(2013, 12, 31)),  # c has only a plan
    ],
)
def test_reference_fields(field: str, expr: str, start: _dt.date, end: _dt.date) -> None:
    plan = load_plan_text(
        f"""
milestones:
  - {{id: a, planned: 2013-04, actual: 2013-07}}
  - id: b
    planned: 2013-01
    forecasts:
      - {{reported: 2013-03, date: 2013-09}}
      - {{reported: 2013-02, date: 2013-06}}
  - {{id: c, planned: 2013}}
  - {{id: x, {field}: "{expr}"}}
""",
        "p.yaml",
    )
    value = getattr(known_as_of(plan, "x", _dt.date.max), field)
    assert (value.start, value.end) == (start, end)
    assert value.text == expr and value.derived


def test_long_form_dates_with_sources() -> None:
    plan = load_plan_text(
        """
sources: {s1: {title: One}, s2: Two}
milestones:
  - id: a
    planned: {date: 2013-04, source: s1}
    actual: {date: 2013-05, source: https://example.org/news}
""",
        "p.yaml",
    )
    a = plan.milestones[0]
    assert (a.planned_source, a.actual_source) == ("s1", "https://example.org/news")
    assert plan.sources["s2"].title == "Two"


# -- bad input: every path has its exact message -------------------------------

BAD_PLANS = [
    pytest.param(
        """
        milestones:
          - id: a
            planned: 2013-13
        """,
        [f"3:14: 'planned': \"2013-13\" is not a date: month 13 does not exist {HINT}"],
        id="month-13",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            planned: 2013-02-30
        """,
        [f"3:14: 'planned': \"2013-02-30\" is not a date: February 2013 has 28 days {HINT}"],
        id="impossible-day",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            planned: soon
        """,
        [f"3:14: 'planned': \"soon\" is not a date {HINT}"],
        id="not-a-date",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            planed: 2013-04
        """,
        [
            "3:5: unknown key 'planed' in milestone 1; did you mean 'planned'? "
            f"(expected one of: {MILESTONE_KEYS})"
        ],
        id="unknown-key-hint",
    ),
    pytest.param(
        """
        plan: x
        milestone: []
        """,
        [
            "1:1: missing 'milestones' (expected a list of milestones)",
            "2:1: unknown key 'milestone' in the plan; did you mean 'milestones'? "
            "(expected one of: plantrack, plan, as_of, calendar, tolerance, notes, start, "
            "headline, tags, sources, milestones)",
        ],
        id="unknown-top-key",
    ),
    pytest.param(
        """
        milestones:
          - id: a
          - id: a
        """,
        ["3:9: duplicate milestone id 'a' (first used at line 2; ids are unique)"],
        id="duplicate-id",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            planned: 2013-04
            planned: 2013-05
        """,
        ["4:5: duplicate key 'planned' (each key may appear once)"],
        id="duplicate-key",
    ),
    pytest.param(
        """
        sources:
          computer-weekly: {title: Computer Weekly}
        milestones:
          - {id: a, planned: 2013-04, source: computer-weekley}
        """,
        [
            "4:39: unknown source 'computer-weekley'; did you mean 'computer-weekly'? "
            "(expected an id from 'sources' or a URL; known: computer-weekly)"
        ],
        id="unknown-source",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            forecasts:
              - {date: 2014-01, source: nobody}
        """,
        [
            "4:33: unknown source 'nobody' (expected an id from 'sources' or a URL; "
            "no sources defined)"
        ],
        id="unknown-forecast-source",
    ),
    pytest.param(
        """
        milestones:
          - id: Bad Id
          - name: no id
          - 42
        """,
        [
            '2:9: milestone id "Bad Id" is not a valid id (expected lower-case letters, '
            "digits, '.', '_' or '-', starting with a letter or digit)",
            "3:5: milestone 2 has no 'id' (expected e.g. id: ict-strategy)",
            "4:5: milestone 3 must be a mapping, not number 42",
        ],
        id="ids",
    ),
    pytest.param(
        """
        milestones: {a: 1}
        """,
        ["1:13: 'milestones' must be a list, not a mapping"],
        id="milestones-not-list",
    ),
    pytest.param(
        """
        - just
        - a list
        """,
        ["1:1: the plan must be a mapping, not a list"],
        id="top-level-list",
    ),
    pytest.param(
        """
        plantrack: 2
        milestones: []
        """,
        ["1:12: unsupported format version number 2 (this plantrack reads version 1)"],
        id="version",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            name: [1, 2]
            planned: true
            forecasts: 2014
            notes: {x: 1}
        """,
        [
            "3:11: 'name' must be text, not a list",
            "4:14: 'planned' must be a date, not boolean true",
            "5:16: 'forecasts' must be a list, not number 2014",
            "6:12: 'notes' must be text, not a mapping",
        ],
        id="wrong-types",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            forecasts:
              - {reported: 2013-08}
              - {date: 2014-01, when: 2013-12}
        """,
        [
            "4:9: a forecast has no 'date' (expected e.g. date: 2014-01)",
            "5:25: unknown key 'when' in a forecast (expected one of: date, reported, source, "
            "note)",
        ],
        id="forecast-fields",
    ),
    pytest.param(
        """
        milestones:
          - {id: a, planned: "b + 1 month"}
          - {id: b, planned: "a - 1 month"}
        """,
        [
            "3:22: 'planned': \"a - 1 month\" makes a cycle: a.planned → b.planned → a.planned "
            "(expected references that end at a date)"
        ],
        id="cycle",
    ),
    pytest.param(
        """
        milestones:
          - {id: a, planned: "a + 1 day"}
        """,
        [
            "2:22: 'planned': \"a + 1 day\" makes a cycle: a.planned → a.planned "
            "(expected references that end at a date)"
        ],
        id="self-reference",
    ),
    pytest.param(
        """
        milestones:
          - {id: review, actual: 2012-10}
          - {id: a, planned: "reveiw + 10 days"}
          - {id: b, planned: "review + 1 month"}
        """,
        [
            "3:22: 'planned': \"reveiw + 10 days\" refers to unknown milestone 'reveiw'; "
            "did you mean 'review'? (expected the id of a milestone in this plan)",
            "4:22: 'planned': \"review + 1 month\" refers to review.planned, which has no date "
            "(expected a milestone field that is set)",
        ],
        id="bad-references",
    ),
    pytest.param(
        """
        tolerance: a while
        calendar: Narnia
        milestones: []
        """,
        [
            "1:12: 'tolerance': \"a while\" is not a duration (expected e.g. 0, 10 days, "
            "2 weeks, 1 month, 1 quarter, 15 business days)",
            "2:11: 'calendar': \"Narnia\" is not a calendar (expected weekdays, or a country "
            "or subdivision code such as GB-ENG, US, DE-BY)",
        ],
        id="rules",
    ),
    pytest.param(
        """
        sources:
          s: {title: T, date: soon, isbn: 1}
        milestones: []
        """,
        [
            f"2:23: 'date': \"soon\" is not a date {HINT}",
            "2:29: unknown key 'isbn' in source 's' (expected one of: title, publisher, date, "
            "url, note)",
        ],
        id="source-fields",
    ),
    pytest.param(
        """
        milestones:
          - id: a
            planned: "2013-04
        """,
        ["4:1: YAML syntax error: found unexpected end of stream while scanning a quoted scalar"],
        id="yaml-unclosed-quote",
    ),
    pytest.param(
        "", ["1:1: the file is empty (expected a plan: a mapping with 'milestones')"], id="empty"
    ),
    pytest.param(
        "# only a comment\n",
        ["1:1: the file is empty (expected a plan: a mapping with 'milestones')"],
        id="only-comment",
    ),
    pytest.param(
        """
        milestones: []
        ? [a, b]
        : 1
        """,
        ["2:3: a mapping key must be text, not a list or mapping"],
        id="list-key",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD_PLANS)
def test_bad_plans(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


def test_yaml_syntax_error_position() -> None:
    (message,) = errors(
        """
        milestones:
          - id: a
            planned: [2013
        """
    )
    # Reported where the '[' opens (line 3, column 14), not at the end of the file.
    assert message == (
        "3:14: YAML syntax error: this '[' is not closed "
        "(expected ',' or ']' before the end of the file)"
    )


def test_python_tags_are_refused() -> None:
    (message,) = errors("milestones: !!python/object:os.system {}\n")
    assert message.startswith("1:13: YAML syntax error: could not determine a constructor")


def test_every_error_in_the_file_is_reported() -> None:
    found = errors(
        """
        milestones:
          - {id: a, planned: 2013-13}
          - {id: b, planned: 2013-02-30}
          - {id: c, planned: 2013-04, oops: 1}
        """
    )
    assert [m.split(":")[0] for m in found] == ["2", "3", "4"]


# -- files ------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path / "nope.yaml")
    assert (
        str(info.value)
        == f"{tmp_path / 'nope.yaml'}: error: cannot read file: No such file or directory"
    )


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="is a directory"):
        load_plan(tmp_path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"milestones: []\n\x00\x01\x02", "2:1: error: not a text file: a NUL byte"),
        (b"plan: caf\xe9\n", "1:10: error: not a text file: invalid UTF-8 (byte 0xe9)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "3:1: error: not a text file: a NUL byte"),
    ],
)
def test_binary_garbage(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(data)
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert str(info.value).startswith(f"{path}:{message}")


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("plan: Café\nmilestones: []\n".encode("utf-16"))
    assert load_plan(path).name == "Café"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("milestones: []\n" + "#" * 100)
    with pytest.raises(PlanError, match=r"file is 115 bytes, over the limit of 100"):
        load_plan(path, max_size=100)


def test_find_plan_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("milestones: []\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("milestones: []\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.yaml").write_text("milestones: []\n")
    (tmp_path / "notes.txt").write_text("")
    files, problems = find_plan_files([tmp_path, tmp_path / "a.yaml", tmp_path / "missing.yaml"])
    assert files == [tmp_path / "a.yaml", tmp_path / "sub" / "b.yml"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'missing.yaml'}: error: no such file or directory"
    ]
    files, problems = find_plan_files([str(tmp_path / "*.yaml"), str(tmp_path / "*.json")])
    assert files == [tmp_path / "a.yaml"]
    assert [p.message for p in problems] == ["no files match this pattern"]


def test_milestone_positions_are_recorded_by_the_loader() -> None:
    from plantrack.check import check_plan

    plan = load_plan(MET)
    lines = MET.read_text(encoding="utf-8").splitlines()
    # Each milestone starts at its "- id: ..." item; the mapping at the column after "- ".
    for m in plan.milestones:
        line = lines[m.line - 1]
        assert line.strip() == f"- id: {m.id}", (m.id, line)
        assert m.column == line.index("- ") + 3
    ict = plan.milestone("ict-strategy")
    checked = check_plan(plan, D(2013, 12, 31))
    (finding,) = checked.findings
    assert (finding.milestone, finding.line, finding.column) == ("ict-strategy", ict.line, 5)


def test_a_plan_built_in_python_has_no_positions() -> None:
    # Nothing is composed again to find one: the findings say "unknown" (0).
    import dataclasses

    from plantrack.check import check_plan

    plan = load_plan(MET)
    bare = dataclasses.replace(
        plan, milestones=tuple(dataclasses.replace(m, line=0, column=0) for m in plan.milestones)
    )
    (finding,) = check_plan(bare, D(2013, 12, 31)).findings
    assert (finding.milestone, finding.line, finding.column) == ("ict-strategy", 0, 0)


def _imports(module: str) -> set[str]:
    """Every module that ``module``'s source imports, at any level of the file."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_check_imports_nothing_from_the_yaml_layer() -> None:
    # check.py and every plantrack module it reaches, followed through the source
    seen: set[str] = set()
    todo = ["plantrack.check"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += [m for m in _imports(module) if m.startswith("plantrack.")]
    yaml_layer = {"plantrack.loader", "plantrack.yamldialect", "plantrack.positions"}
    assert not seen & yaml_layer
    assert not {m for s in seen for m in _imports(s) if m.split(".")[0] in ("yaml", "ruamel")}
