"""``plantrack check --format sarif``: a SARIF 2.1.0 log that code scanning accepts.

Validated against the official OASIS schema (vendored in tests/data/sarif, see
its README); expected values worked by hand from the plans below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

import plantrack
from plantrack.check import Rule, check_plans
from plantrack.render.check_sarif import artifact_location, render_check_sarif
from tests.conftest import DATA, MET

SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CHECK = DATA / "check"


def sarif(invoke: Any, *args: str | Path, code: int) -> dict[str, Any]:
    result = invoke("check", *args, "--format", "sarif", code=code)
    doc: dict[str, Any] = json.loads(result.stdout)
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors]
    return doc


def results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    (run,) = doc["runs"]
    out: list[dict[str, Any]] = run["results"]
    return out


def test_the_vendored_schema_is_the_official_one() -> None:
    assert SCHEMA["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )
    Draft4Validator.check_schema(SCHEMA)
    # the schema rejects what it should: a log without runs
    assert not Draft4Validator(SCHEMA).is_valid({"version": "2.1.0"})


def test_met_log(invoke) -> None:
    # As docs/ci.md's examples: ict-strategy forecast 9 months late (tolerance
    # 1 month) at plans/met.yaml:69:5, a breach; noticeable-improvements due
    # within 2 weeks at 54:5, a warning.
    doc = sarif(invoke, MET, "--as-of", "2013-12-31", "--tolerance", "1mo", "--warn-within", "2w",
                code=1)  # fmt: skip
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json")
    driver = doc["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("plantrack", plantrack.__version__)
    assert driver["informationUri"] == "https://pypi.org/project/plantrack-cli/"
    got = [
        (
            r["ruleId"],
            r["level"],
            r["message"]["text"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in results(doc)
    ]
    assert got == [
        (
            "due-soon",
            "warning",
            "noticeable-improvements: due 2013, within 14 days, not done",
            {"startLine": 56, "startColumn": 5},
        ),
        (
            "slip",
            "error",
            "ict-strategy: forecast 9 months late (tolerance 1 month)",
            {"startLine": 69, "startColumn": 5},
        ),
    ]
    slip = results(doc)[1]
    expected = hashlib.sha256(f"{MET}\0ict-strategy\0slip".encode()).hexdigest()
    assert slip["partialFingerprints"] == {"plantrackFindingHash/v1": expected}
    assert slip["properties"] == {
        "plan": "Metropolitan Police ICT strategy",
        "milestone": "ict-strategy",
        "severity": "breach",
    }


def test_rules_and_rule_indexes(invoke) -> None:
    doc = sarif(invoke, CHECK, "--as-of", "2024-06-14", "--warn-within", "2w", code=2)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == [
        "overdue",
        "slip",
        "deadline",
        "due-soon",
        "waiver-expired",
        "invalid-plan",
        "knock-on",
    ]
    assert set(ids) == {r.value for r in Rule} | {"invalid-plan"}
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    found = results(doc)
    # the test data has one of each but waiver-expired (tests/test_waivers.py)
    assert {r["ruleId"] for r in found} == set(ids) - {"waiver-expired"}
    for r in found:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]


@pytest.mark.parametrize(
    ("plan", "rule", "level"),
    [
        ("overdue.yaml", "overdue", "error"),  # 14 days > 10 days: a breach
        ("warning.yaml", "slip", "warning"),  # -19..11 days against 10: only possibly
        ("deadline.yaml", "deadline", "error"),  # 15 days after the deadline
        ("due-soon.yaml", "due-soon", "warning"),
    ],
)
def test_levels(invoke, plan: str, rule: str, level: str) -> None:
    doc = sarif(invoke, CHECK / plan, "--as-of", "2024-06-14", "--warn-within", "2w",
                code=1 if level == "error" else 0)  # fmt: skip
    assert [(r["ruleId"], r["level"]) for r in results(doc)] == [(rule, level)]


def test_no_findings_is_an_empty_results_list(invoke) -> None:
    doc = sarif(invoke, CHECK / "clean.yaml", "--as-of", "2024-06-14", code=0)
    assert results(doc) == []
    # overdue, slip, deadline, due-soon, waiver-expired, invalid-plan, knock-on
    assert len(doc["runs"][0]["tool"]["driver"]["rules"]) == 7


def test_invalid_files_are_error_results(invoke) -> None:
    doc = sarif(invoke, CHECK / "mixed", "--as-of", "2024-06-14", code=2)
    invalid = [r for r in results(doc) if r["ruleId"] == "invalid-plan"]
    assert invalid and all(r["level"] == "error" for r in invalid)
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("mixed/bad.yaml")
        for r in invalid
    )


BEFORE = """\
plantrack: 1
plan: Moving plan
milestones:
  - id: design
    planned: 2024-04-30
  - id: build
    planned: 2024-05-31
"""
AFTER = """\
# Three comment lines
# inserted above
# every milestone.
plantrack: 1
plan: Moving plan
sources:
  memo: {title: A memo}
milestones:
  - id: design
    planned: 2024-04-30
  - id: build
    planned: 2024-05-31
"""


def test_fingerprints_survive_lines_moving(invoke, tmp_path: Path) -> None:
    # As of 2024-06-14 both are overdue (45 and 14 days > 0).  BEFORE has them at
    # lines 4 and 6; AFTER inserts 3 comments and 2 source lines: lines 9 and 11.
    path = tmp_path / "plan.yaml"
    found = []
    for text in (BEFORE, AFTER):
        path.write_text(text, encoding="utf-8")
        doc = sarif(invoke, path, "--as-of", "2024-06-14", code=1)
        found.append(
            [
                (
                    r["locations"][0]["physicalLocation"]["region"]["startLine"],
                    r["partialFingerprints"]["plantrackFindingHash/v1"],
                )
                for r in results(doc)
            ]
        )
    (line_a, print_a), (line_b, print_b) = found[0]
    (line_c, print_c), (line_d, print_d) = found[1]
    assert (line_a, line_b, line_c, line_d) == (4, 6, 9, 11)
    assert (print_a, print_b) == (print_c, print_d)
    assert print_a != print_b


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("plans/met.yaml", {"uri": "plans/met.yaml", "uriBaseId": "%SRCROOT%"}),
        ("./plans/met.yaml", {"uri": "plans/met.yaml", "uriBaseId": "%SRCROOT%"}),
        ("plans\\met.yaml", {"uri": "plans/met.yaml", "uriBaseId": "%SRCROOT%"}),
        ("my plans/q3#1.yaml", {"uri": "my%20plans/q3%231.yaml", "uriBaseId": "%SRCROOT%"}),
        ("plans/café.yaml", {"uri": "plans/caf%C3%A9.yaml", "uriBaseId": "%SRCROOT%"}),
        # not UTF-8: byte 0xE9 read with surrogateescape, written as its own byte
        ("plans/caf\udce9.yaml", {"uri": "plans/caf%E9.yaml", "uriBaseId": "%SRCROOT%"}),
        ("/srv/repo/plans/a.yaml", {"uri": "file:///srv/repo/plans/a.yaml"}),
        ("C:\\repo\\plans\\a.yaml", {"uri": "file:///C:/repo/plans/a.yaml"}),
    ],
)
def test_artifact_location(path: str, location: dict[str, str]) -> None:
    assert artifact_location(path) == location


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names")
def test_a_file_name_that_is_not_utf8(invoke, tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.yaml")
    (tmp_path / name).write_bytes((CHECK / "overdue.yaml").read_bytes())
    doc = sarif(invoke, tmp_path / name, "--as-of", "2024-06-14", code=1)
    (r,) = results(doc)
    assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/caf%E9.yaml")


def test_plan_text_is_escaped() -> None:
    # a bidi override and a C1 control in the plan's name: \uXXXX escapes, same data
    text = (
        'plantrack: 1\nplan: "Plan \\u202e evil\\x85"\nmilestones:\n  - {id: m, planned: 2024-04}\n'
    )
    plan = plantrack.load_plan_text(text, "p.yaml")
    log = render_check_sarif(check_plans([plan], as_of=dt.date(2024, 6, 14), today=dt.date.max))
    assert "\\u202e" in log and "\\u0085" in log
    assert "\u202e" not in log and "\x85" not in log
    (r,) = json.loads(log)["runs"][0]["results"]
    assert r["properties"]["plan"] == "Plan \u202e evil\x85"


def test_docs_example_is_real_output(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    monkeypatch.chdir(MET.parent.parent)
    text = (MET.parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text[text.index("### sarif") :]
    block = re.findall(r"```json\n(.*?)```", section, flags=re.DOTALL)[0]
    doc = sarif(invoke, "plans/met.yaml", "--as-of", "2013-12-31", "--tolerance", "1mo",
                "--warn-within", "2w", code=1)  # fmt: skip
    assert json.loads(block) == results(doc)[1]
