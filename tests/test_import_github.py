"""plantrack import github: milestones JSON into a plan; expected plans worked
by hand from tests/data/import/milestones-*.json."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from plantrack.importers.github import pacific_date
from tests.conftest import DATA, Invoke

IMPORT = DATA / "import"
URL = "https://github.com/acme/widget/milestone"

# milestones-1.json: v1.0 due 2014-02-07T08:00:00Z (midnight in Los Angeles,
# PST = UTC-8: 7 February), closed 2014-02-11T01:30:00Z (17:30 on 10 February
# in Los Angeles); v1.1 due 2014-06-30T07:00:00Z (PDT = UTC-7: 30 June); no due date.
FIRST = f"""\
plantrack: 1
plan: acme/widget
milestones:
  - id: gh-1
    name: v1.0
    planned: 2014-02-07
    actual: 2014-02-10
    source: {URL}/1
  - id: gh-2
    name: v1.1
    planned: 2014-06-30
    source: {URL}/2
  - id: gh-3
    name: Someday
    source: {URL}/3
"""


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2014-02-07T08:00:00Z", _dt.date(2014, 2, 7)),  # PST midnight
        ("2014-06-30T07:00:00Z", _dt.date(2014, 6, 30)),  # PDT midnight
        ("2014-02-07T07:59:59Z", _dt.date(2014, 2, 6)),  # still the 6th in Los Angeles
        ("2014-02-11T01:30:00Z", _dt.date(2014, 2, 10)),
        ("2014-03-09T10:00:00+00:00", _dt.date(2014, 3, 9)),  # the day clocks went forward
    ],
)
def test_pacific_dates(stamp: str, expected: _dt.date) -> None:
    assert pacific_date(stamp) == expected


def test_first_import_makes_the_plan(invoke: Invoke, tmp_path: Path) -> None:
    plan = tmp_path / "widget.yaml"
    result = invoke("import", "github", IMPORT / "milestones-1.json", "--into", plan)
    assert plan.read_text(encoding="utf-8") == FIRST
    assert result.stdout == f"wrote {plan}: 3 milestones from {IMPORT / 'milestones-1.json'}\n"


def test_reimport_unchanged_is_byte_identical(invoke: Invoke, tmp_path: Path) -> None:
    plan = tmp_path / "widget.yaml"
    invoke("import", "github", IMPORT / "milestones-1.json", "--into", plan)
    before = plan.read_bytes()
    stat = plan.stat()
    result = invoke("import", "github", IMPORT / "milestones-1.json", "--into", plan)
    assert result.stdout == f"{plan}: up to date\n"
    assert plan.read_bytes() == before and plan.stat().st_ino == stat.st_ino  # not rewritten


def test_changed_due_date_becomes_a_forecast(invoke: Invoke, tmp_path: Path) -> None:
    plan = tmp_path / "widget.yaml"
    plan.write_text(FIRST.replace("milestones:\n", "# my own comment\nmilestones:\n"))
    second = IMPORT / "milestones-2.json"  # v1.1 now due 2014-09-01T07:00:00Z: 1 September
    result = invoke("import", "github", second, "--into", plan, "--reported", "2014-05-02")
    assert result.stdout == f"{plan}: 1 edit from {second}\n"
    expected = FIRST.replace("milestones:\n", "# my own comment\nmilestones:\n").replace(
        "    planned: 2014-06-30\n",
        "    planned: 2014-06-30\n"
        "    forecasts:\n"
        "      - reported: 2014-05-02\n"
        "        date: 2014-09-01\n"
        f"        source: {URL}/2\n",
    )
    assert plan.read_text(encoding="utf-8") == expected
    invoke("import", "github", second, "--into", plan)  # the same again: nothing new
    assert plan.read_text(encoding="utf-8") == expected


def test_due_date_removed_and_closed_later(invoke: Invoke, tmp_path: Path) -> None:
    plan = tmp_path / "widget.yaml"
    plan.write_text(FIRST)
    later = tmp_path / "later.json"
    later.write_text(
        '[{"number": 2, "title": "v1.1", "due_on": null, "closed_at": null,'
        f' "html_url": "{URL}/2"}},'
        '{"number": 3, "title": "Someday", "due_on": null,'
        f' "closed_at": "2015-01-01T05:00:00Z", "html_url": "{URL}/3"}}]'
    )
    invoke("import", "github", later, "--into", plan)  # today: TODAY, 2026-11-25
    text = plan.read_text(encoding="utf-8")
    assert (
        "    planned: 2014-06-30\n    forecasts:\n      - reported: 2026-11-25\n"
        f"        date: unknown\n        source: {URL}/2\n"
    ) in text
    assert f"    actual:\n      date: 2014-12-31\n      source: {URL}/3\n" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1,", "{f}:1:4: error: not JSON: Expecting value"),
        ('{"a": 1}', "{f}:1:1: error: not a list of milestones"),
        ("[7]", "{f}: error: item 1 is not a milestone (expected an object)"),
        (
            '[\n  {"number": 4, "title": 5, "html_url": "u", "due_on": "soon"}\n]',
            "{f}:2:4: error: milestone 4: 'title' is missing or not a str\n"
            "{f}:2:4: error: milestone 4: due_on 'soon' is not a time "
            "(expected e.g. 2014-02-07T08:00:00Z)",
        ),
        (
            '[{"number": 4, "title": "t", "html_url": "u", "due_on": "2014-02-07T08:00:00"}]',
            "{f}:1:3: error: milestone 4: due_on '2014-02-07T08:00:00' is not a time",
        ),
    ],
)
def test_bad_files(invoke: Invoke, tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "m.json"
    f.write_text(content)
    plan = tmp_path / "p.yaml"
    result = invoke("import", "github", f, "--into", plan, code=2)
    assert result.stderr.startswith(message.format(f=f))
    assert not plan.exists()


def test_bad_bytes_and_bad_plan(invoke: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "m.json"
    f.write_bytes(b"\xff[]")
    result = invoke("import", "github", f, "--into", tmp_path / "p.yaml", code=2)
    assert result.stderr.startswith(f"{f}: error: not UTF-8 text")
    plan = tmp_path / "broken.yaml"
    plan.write_text("plantrack: 1\nmilestones: 3\n")
    result = invoke("import", "github", IMPORT / "milestones-1.json", "--into", plan, code=2)
    assert result.stderr.startswith(f"{plan}:2:")
    assert plan.read_text() == "plantrack: 1\nmilestones: 3\n"
