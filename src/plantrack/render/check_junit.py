"""``plantrack check --format junit``: JUnit XML for Jenkins and GitLab.

One ``<testsuite>`` per plan and one ``<testcase>`` per milestone; a breach is
a ``<failure>`` (so is a warning with --warnings-as-errors, else it goes to the
test case's ``<system-out>``); a milestone whose findings are all accepted
is a skipped test case, ``<skipped message="accepted: reason">``.  An
invalid file is a test suite with one test case, ``load``, holding an
``<error>`` that lists every problem.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from plantrack.check import (
    CheckResult,
    Finding,
    MilestoneCheck,
    PlanCheck,
    Severity,
    tolerance_text,
)
from plantrack.errors import Problem
from plantrack.safetext import for_xml as _x

__all__ = ["render_check_junit"]


def _fails(f: Finding, result: CheckResult) -> bool:
    if f.severity is Severity.ACCEPTED:
        return False
    return f.severity is Severity.BREACH or result.warnings_as_errors


def _word(f: Finding) -> str:
    return "error" if f.severity is Severity.BREACH else "warning"


# Every value from a plan (or a file name) goes through _x (safetext.for_xml):
# the document stays well-formed XML whatever the plan holds.


def _testcase(
    parent: ET.Element, c: MilestoneCheck, file: str, result: CheckResult
) -> tuple[int, int]:
    """The test case of one milestone; its failures and skipped (0 or 1)."""
    attrs = {"name": _x(c.result.milestone.id), "classname": _x(file), "file": _x(file)}
    if c.line:
        attrs["line"] = str(c.line)
    case = ET.SubElement(parent, "testcase", attrs)
    failures = [f for f in c.findings if _fails(f, result)]
    for f in failures:
        failure = ET.SubElement(case, "failure", {"type": f.rule.value, "message": _x(f.message)})
        failure.text = _x(f"{f.file}:{f.line}:{f.column}: {_word(f)}: {f.message}")
    accepted = [f for f in c.findings if f.severity is Severity.ACCEPTED]
    skipped = int(bool(accepted) and not failures)
    if skipped:
        reasons = "; ".join(dict.fromkeys(f.acceptance for f in accepted))
        ET.SubElement(case, "skipped", {"message": _x(f"accepted: {reasons}")})
    notes = [f for f in c.findings if not _fails(f, result)]
    if notes:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(_x(f"{f.file}:{f.line}:{f.column}: {_note(f)}") for f in notes)
    return len(failures), skipped


def _note(f: Finding) -> str:
    if f.severity is Severity.ACCEPTED:
        return f"note: {f.message}; accepted: {f.acceptance}"
    return f"warning: {f.message}"


def _plan_suite(parent: ET.Element, p: PlanCheck, result: CheckResult) -> tuple[int, int]:
    file = p.report.plan.file
    suite = ET.SubElement(parent, "testsuite", {"name": _x(p.report.plan.name), "file": _x(file)})
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("as_of", p.report.as_of.isoformat()),
        ("tolerance", tolerance_text(p.tolerance)),
        ("calendar", p.calendar),
    ):
        ET.SubElement(props, "property", {"name": name, "value": _x(value)})
    counts = [_testcase(suite, c, file, result) for c in p.milestones]
    failures, skipped = sum(f for f, _ in counts), sum(s for _, s in counts)
    tests = len(p.milestones)
    suite.attrib.update(tests=str(tests), failures=str(failures), errors="0", skipped=str(skipped))
    return tests, failures


def _invalid_suite(parent: ET.Element, file: str, problems: Sequence[Problem]) -> None:
    name = _x(file)
    suite = ET.SubElement(
        parent,
        "testsuite",
        {"name": name, "file": name, "tests": "1", "failures": "0", "errors": "1", "skipped": "0"},
    )
    case = ET.SubElement(suite, "testcase", {"name": "load", "classname": name, "file": name})
    if problems[0].line:
        case.set("line", str(problems[0].line))
    message = _x(problems[0].message)
    error = ET.SubElement(case, "error", {"type": "invalid-plan", "message": message})
    error.text = "\n".join(_x(str(p)) for p in problems)


def render_check_junit(result: CheckResult) -> str:
    """The XML document, indented, with a declaration and one trailing newline."""
    root = ET.Element("testsuites", {"name": "plantrack check"})
    by_file: dict[str, list[Problem]] = {}
    for problem in result.problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, problems in by_file.items():
        _invalid_suite(root, file, problems)
    tests, failures = len(by_file), 0
    for p in result.plans:
        t, f = _plan_suite(root, p, result)
        tests, failures = tests + t, failures + f
    root.attrib.update(tests=str(tests), failures=str(failures), errors=str(len(by_file)))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
