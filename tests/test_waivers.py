"""Waivers (``accepted:`` on a milestone, ``check --accept``): expected values
worked by hand from the plans below, never taken from the code under test.

The plan: ``build`` planned 2024-03-01, forecast (reported 2024-02-01) for
2024-03-21, delivered 2024-03-21.  As of 2024-03-15 the actual has not
happened, so the forecast is the news: 2024-03-21 - 2024-03-01 = 20 days
late, a breach at tolerance 0.  As of 2024-05-01 the actual is known:
delivered 20 days late.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from plantrack.checktypes import Finding, Rule, Severity
from tests.conftest import DATA, MET, ROOT

PLAN = """\
milestones:
  - id: build
    planned: 2024-03-01
    forecasts:
      - {{reported: 2024-02-01, date: 2024-03-21}}
    actual: 2024-03-21
{accepted}"""
SLIP = "build: forecast 20 days late (tolerance 0)"
REASON = "agreed with the customer"
SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def write(tmp_path: Path, accepted: str = "") -> Path:
    path = tmp_path / "w.yaml"
    path.write_text(PLAN.format(accepted=accepted), encoding="utf-8")
    return path


def waiver(rule: str = "slip", until: str = "2024-04-30", up_to: str | None = None) -> str:
    extra = f", up_to: {up_to}" if up_to else ""
    return f"    accepted:\n      - {{rule: {rule}, until: {until}, reason: {REASON}{extra}}}\n"


def findings(invoke: Any, path: Path, *args: str, code: int) -> list[dict[str, Any]]:
    out = invoke("check", path, "--format", "json", *args, code=code).stdout
    return list(json.loads(out)["findings"])


# -- in force, expired, exceeded -----------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "as_of", "code", "expected"),
    [
        # in force (2024-03-15 <= 2024-04-30), the rule matches: accepted, exit 0
        (waiver(), "2024-03-15", 0, [("slip", "accepted", SLIP)]),
        # the last day of until is still in force
        (waiver(until="2024-03-15"), "2024-03-15", 0, [("slip", "accepted", SLIP)]),
        # until a month: in force to its last day, 2024-03-31
        (waiver(until="2024-03"), "2024-03-15", 0, [("slip", "accepted", SLIP)]),
        # any rule covers the slip
        (waiver(rule="any"), "2024-03-15", 0, [("slip", "accepted", SLIP)]),
        # another rule does not
        (waiver(rule="deadline"), "2024-03-15", 1, [("slip", "breach", SLIP)]),
        # up to 20 days: 20 <= 20, accepted
        (waiver(up_to="20 days"), "2024-03-15", 0, [("slip", "accepted", SLIP)]),
        # up to 10 days: 20 > 10, the slip breaches again and says so
        (
            waiver(up_to="10 days"),
            "2024-03-15",
            1,
            [("slip", "breach", SLIP + " (beyond the 10 days accepted)")],
        ),
        # expired the day before (2024-03-14 < 2024-03-15): a breach and a warning
        (
            waiver(until="2024-03-14"),
            "2024-03-15",
            1,
            [
                ("slip", "breach", SLIP),
                ("waiver-expired", "warning", "waiver for build expired on 2024-03-14"),
            ],
        ),
        # delivered, as of 2024-05-01, after the waiver's end: breach + warning
        (
            waiver(),
            "2024-05-01",
            1,
            [
                ("slip", "breach", "build: delivered 20 days late (tolerance 0)"),
                ("waiver-expired", "warning", "waiver for build expired on 2024-04-30"),
            ],
        ),
    ],
)
def test_waivers(
    invoke: Any, tmp_path: Path, accepted: str, as_of: str, code: int, expected: list[Any]
) -> None:
    found = findings(invoke, write(tmp_path, accepted), "--as-of", as_of, code=code)
    assert [(f["rule"], f["severity"], f["message"]) for f in found] == expected
    for f in found:
        if f["severity"] == "accepted":
            assert (f["status"], f["reason"], f["until"]) == ("accepted", REASON, f["until"])
        else:
            assert "status" not in f  # additive: other findings are as they were


def test_an_expired_waiver_fails_with_warnings_as_errors(invoke: Any, tmp_path: Path) -> None:
    # delivered on time (planned 2024-03-21): no slip, only the expired waiver
    path = tmp_path / "w.yaml"
    path.write_text(
        "milestones:\n  - id: build\n    planned: 2024-03-21\n    actual: 2024-03-21\n"
        + waiver(until="2024-03-31"),
        encoding="utf-8",
    )
    invoke("check", path, "--as-of", "2024-04-01", code=0)
    invoke("check", path, "--as-of", "2024-04-01", "--warnings-as-errors", code=1)
    invoke("check", path, "--as-of", "2024-03-31", "--warnings-as-errors", code=0)


@pytest.mark.parametrize(
    ("up_to", "code"),
    [
        # planned 2024-01, forecast 2024-03: months_min = months_max = 2
        ("2 months", 0),
        ("1 month", 1),
        ("1 quarter", 0),  # 3 months
    ],
)
def test_up_to_in_months(invoke: Any, tmp_path: Path, up_to: str, code: int) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "milestones:\n  - id: build\n    planned: 2024-01\n"
        "    forecasts: [{reported: 2023-12, date: 2024-03}]\n"
        + waiver(until="2024-12", up_to=up_to),
        encoding="utf-8",
    )
    invoke("check", path, "--as-of", "2024-01-15", code=code)


# -- check --accept ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "code", "severity", "reason"),
    [
        ("build", 0, "accepted", "accepted on the command line (--accept build)"),
        ("build:slip", 0, "accepted", "accepted on the command line (--accept build:slip)"),
        ("build:any", 0, "accepted", "accepted on the command line (--accept build)"),
        ("build:deadline", 1, "breach", None),
    ],
)
def test_accept_on_the_command_line(
    invoke: Any, tmp_path: Path, accept: str, code: int, severity: str, reason: str | None
) -> None:
    path = write(tmp_path)
    found = findings(invoke, path, "--as-of", "2024-03-15", "--accept", accept, code=code)
    assert [(f["severity"], f.get("reason"), f.get("until")) for f in found] == [
        (severity, reason, None)
    ]


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        (
            "biuld",
            "Invalid value for '--accept': no milestone 'biuld' in the plans checked; "
            "did you mean 'build'?",
        ),
        ("build:slp", "Invalid value for '--accept': 'slp' is not a rule"),
        (":slip", "Invalid value for '--accept': ':slip' has no milestone id"),
    ],
)
def test_bad_accept_exits_2(invoke: Any, tmp_path: Path, accept: str, message: str) -> None:
    result = invoke("check", write(tmp_path), "--as-of", "2024-03-15", "--accept", accept, code=2)
    assert message in result.output
    assert "Traceback" not in result.output


# -- bad input -----------------------------------------------------------------------------


def test_bad_waivers_are_reported_at_their_positions(invoke: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "milestones:\n"  # 1
        "  - id: build\n"  # 2
        "    planned: 2024-03-01\n"  # 3
        "    accepted:\n"  # 4
        "      - rule: slp\n"  # 5: the value starts at column 15
        "        until: 2024-13\n"  # 6: column 16
        "        reason: r\n"  # 7
        "      - until: 2024-04\n"  # 8: no rule, no reason (the item: column 9)
        "      - {rule: slip, until: build.planned, reason: r, up_to: soon, note: x}\n"  # 9
        "    tolerance: 0\n",
        encoding="utf-8",
    )
    err = invoke("validate", path, code=2).stderr
    p = str(path)
    assert err.splitlines() == [
        f"{p}:5:15: error: 'rule': \"slp\" is not a rule; did you mean 'slip'? "
        "(expected one of: slip, overdue, deadline, knock-on, any)",
        f"{p}:6:16: error: 'until': \"2024-13\" is not a date: month 13 does not exist "
        "(expected e.g. 2013-04, April 2013, 2013-Q2)",
        f"{p}:8:9: error: a waiver has no 'rule' (expected e.g. rule: slip)",
        f"{p}:8:9: error: a waiver has no 'reason' (expected e.g. reason: agreed)",
        # line 9, counted: '{' at 9, until's value at 29, up_to's at 62, the key note at 68
        f"{p}:9:29: error: 'until' must be a date, not a milestone reference",
        f"{p}:9:62: error: 'up_to': \"soon\" is not a duration "
        "(expected e.g. 0, 10 days, 2 weeks, 1 month, 1 quarter, 15 business days)",
        f"{p}:9:68: error: unknown key 'note' in a waiver "
        "(expected one of: rule, until, reason, source, up_to)",
    ]


def test_accepted_must_be_a_list(invoke: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "    accepted: slip\n")
    err = invoke("validate", path, code=2).stderr
    assert f"{path}:7:15: error: 'accepted' must be a list, not \"slip\"" in err


def test_unknown_source_in_a_waiver(invoke: Any, tmp_path: Path) -> None:
    path = write(tmp_path, waiver().replace("}\n", ", source: board}\n"))
    err = invoke("validate", path, code=2).stderr
    assert f"{path}:8:" in err and "unknown source 'board'" in err


# -- every format ---------------------------------------------------------------------------


@pytest.fixture
def accepted_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, waiver())
    return Path("w.yaml")


def run(invoke: Any, fmt: str) -> str:
    out = invoke("check", "w.yaml", "--as-of", "2024-03-15", "--format", fmt, code=0).stdout
    return str(out)


def test_text(invoke: Any, accepted_plan: Path) -> None:
    assert run(invoke, "text") == (
        f"w.yaml:2:5: note: {SLIP} [slip]\n"
        f"    accepted: {REASON} (until 2024-04-30)\n"
        "OK: 0 breaches, 0 warnings, 1 accepted in 1 plan (1 milestone), as of 2024-03-15\n"
    )


def test_github(invoke: Any, accepted_plan: Path) -> None:
    assert run(invoke, "github").splitlines()[0] == (
        "::notice file=w.yaml,line=2,col=5,title=plantrack slip accepted::"
        f"{SLIP}; accepted: {REASON} (until 2024-04-30)"
    )


def test_gitlab(invoke: Any, accepted_plan: Path) -> None:
    (issue,) = json.loads(run(invoke, "gitlab"))
    assert issue["severity"] == "info"
    assert issue["description"] == f"{SLIP}; accepted: {REASON} (until 2024-04-30)"


def test_junit(invoke: Any, accepted_plan: Path) -> None:
    root = ET.fromstring(run(invoke, "junit"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("1", "0", "1")
    skipped = suite.find("testcase/skipped")
    assert skipped is not None
    assert skipped.get("message") == f"accepted: {REASON} (until 2024-04-30)"


def test_markdown(invoke: Any, accepted_plan: Path) -> None:
    out = run(invoke, "markdown")
    assert "| | Where | Milestone | Rule | Finding |" not in out  # no failing findings
    assert "| w | `w.yaml` | 2024-03-15 | 1 | 0 | 0 |" in out
    assert (
        "### Accepted\n\n- **build** (slip, `w.yaml:2`): forecast 20 days late (tolerance 0); "
        f"accepted: {REASON} (until 2024-04-30)\n"
    ) in out


def test_json(invoke: Any, accepted_plan: Path) -> None:
    doc = json.loads(run(invoke, "json"))
    assert doc["summary"]["accepted"] == 1
    assert doc["summary"]["breaches"] == 0
    assert doc["plans"][0]["milestones"][0]["outcome"] == "accepted"
    (f,) = doc["findings"]
    assert {k: f[k] for k in ("severity", "status", "reason", "until")} == {
        "severity": "accepted",
        "status": "accepted",
        "reason": REASON,
        "until": "2024-04-30",
    }
    assert Finding.from_dict(f).to_dict() == f  # the round trip keeps them


def test_sarif(invoke: Any, accepted_plan: Path) -> None:
    doc = json.loads(run(invoke, "sarif"))
    Draft4Validator(SARIF_SCHEMA).validate(doc)
    (result,) = doc["runs"][0]["results"]
    assert result["level"] == "note"
    assert result["suppressions"] == [
        {"kind": "inSource", "justification": f"{REASON} (until 2024-04-30)"}
    ]


def test_sarif_expired_waiver_is_a_warning_result(invoke: Any, tmp_path: Path) -> None:
    path = write(tmp_path, waiver(until="2024-03-14"))
    out = invoke("check", path, "--as-of", "2024-03-15", "--format", "sarif", code=1).stdout
    doc = json.loads(out)
    Draft4Validator(SARIF_SCHEMA).validate(doc)
    levels = [(r["ruleId"], r["level"]) for r in doc["runs"][0]["results"]]
    assert levels == [("slip", "error"), ("waiver-expired", "warning")]


def test_finding_acceptance() -> None:
    f = Finding("p.yaml", 1, 1, "p", "m", Rule.SLIP, Severity.ACCEPTED, "m: late", "ok", None)
    assert f.acceptance == "ok"
    assert Finding("p.yaml", 1, 1, "p", "m", Rule.SLIP, Severity.BREACH, "m").acceptance == ""


# -- record --accept --------------------------------------------------------------------------


def test_record_writes_a_waiver_in_the_format_order(invoke: Any, tmp_path: Path) -> None:
    path = write(tmp_path)
    invoke(
        "record", path, "build", "--accept", "slip", "--reason", REASON,
        "--up-to", "30 days", "--until", "2024-04-30",
    )  # fmt: skip
    assert path.read_text(encoding="utf-8") == PLAN.format(
        accepted="    accepted:\n"
        "      - rule: slip\n"
        "        until: 2024-04-30\n"
        f"        reason: {REASON}\n"
        "        up_to: 30 days\n"
    )
    invoke("check", path, "--as-of", "2024-03-15", code=0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--accept", "slip", "--until", "2024-04-30"], "a waiver needs --accept RULE"),
        (["--accept", "slp", "--until", "2024-04", "--reason", "r"], "'slp' is not one of"),
        (["--accept", "slip", "--until", "2024-13", "--reason", "r"], "month 13 does not exist"),
        (["--accept", "slip", "--until", "2024-04", "--reason", "r", "--up-to", "soon"], "soon"),
        (
            ["--accept", "slip", "--until", "2024-04", "--reason", "r", "--actual", "2024-03"],
            "--accept goes alone",
        ),
    ],
)
def test_record_bad_waiver_exits_2(
    invoke: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    path = write(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = invoke("record", path, "build", *args, code=2)
    assert message in result.output
    assert path.read_text(encoding="utf-8") == before


# -- docs/ci.md's worked example is real output --------------------------------------------


def test_docs_worked_example(invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text[text.index("## Waivers") : text.index("## GitHub Actions")]
    (block,) = re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL)
    (tmp_path / "plans").mkdir()
    shutil.copy(MET, tmp_path / "plans" / "met.yaml")
    monkeypatch.chdir(tmp_path)
    import shlex

    commands = re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]
    code = 0
    for chunk in commands:
        line, _, expected = chunk.partition("\n")
        args = shlex.split(line)
        if args[0] == "echo":
            assert expected == f"{code}\n"
            continue
        assert args[0] == "plantrack"
        result = invoke(*args[1:], code=_code(expected))
        code = result.exit_code
        assert result.output == expected


def _code(expected: str) -> int:
    return 1 if "FAILED" in expected else 0
