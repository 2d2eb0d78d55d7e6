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
from collections.abc import Iterable, Iterator, Sequence

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

__all__ = ["document", "plan_suite", "render_check_junit"]


def _fails(f: Finding, warnings_as_errors: bool) -> bool:
    if f.severity is Severity.ACCEPTED:
        return False
    return f.severity is Severity.BREACH or warnings_as_errors


def _word(f: Finding) -> str:
    return "error" if f.severity is Severity.BREACH else "warning"


# Every value from a plan (or a file name) goes through _x (safetext.for_xml):
# the document stays well-formed XML whatever the plan holds.


def _testcase(
    parent: ET.Element, c: MilestoneCheck, file: str, warnings_as_errors: bool
) -> tuple[int, int]:
    """The test case of one milestone; its failures and skipped (0 or 1)."""
    attrs = {"name": _x(c.result.milestone.id), "classname": _x(file), "file": _x(file)}
    if c.line:
        attrs["line"] = str(c.line)
    case = ET.SubElement(parent, "testcase", attrs)
    failures = [f for f in c.findings if _fails(f, warnings_as_errors)]
    for f in failures:
        failure = ET.SubElement(case, "failure", {"type": f.rule.value, "message": _x(f.message)})
        failure.text = _x(f"{f.file}:{f.line}:{f.column}: {_word(f)}: {f.message}")
    accepted = [f for f in c.findings if f.severity is Severity.ACCEPTED]
    skipped = int(bool(accepted) and not failures)
    if skipped:
        reasons = "; ".join(dict.fromkeys(f.acceptance for f in accepted))
        ET.SubElement(case, "skipped", {"message": _x(f"accepted: {reasons}")})
    notes = [f for f in c.findings if not _fails(f, warnings_as_errors)]
    if notes:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(_x(f"{f.file}:{f.line}:{f.column}: {_note(f)}") for f in notes)
    return len(failures), skipped


def _note(f: Finding) -> str:
    if f.severity is Severity.ACCEPTED:
        return f"note: {f.message}; accepted: {f.acceptance}"
    return f"warning: {f.message}"


def _plan_suite(parent: ET.Element, p: PlanCheck, warnings_as_errors: bool) -> tuple[int, int]:
    file = p.report.plan.file
    suite = ET.SubElement(parent, "testsuite", {"name": _x(p.report.plan.name), "file": _x(file)})
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("as_of", p.report.as_of.isoformat()),
        ("tolerance", tolerance_text(p.tolerance)),
        ("calendar", p.calendar),
    ):
        ET.SubElement(props, "property", {"name": name, "value": _x(value)})
    counts = [_testcase(suite, c, file, warnings_as_errors) for c in p.milestones]
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


def plan_suite(p: PlanCheck, *, warnings_as_errors: bool) -> tuple[str, int, int]:
    """The plan's test suite as a chunk of the document (see :func:`document`),
    its tests and its failures."""
    parent = ET.Element("testsuites")
    tests, failures = _plan_suite(parent, p, warnings_as_errors)
    return _chunk(parent[0]), tests, failures


def _chunk(suite: ET.Element) -> str:
    """A test suite, indented as a child of the root, after its newline."""
    ET.indent(suite, space="  ", level=1)
    suite.tail = None
    return "\n  " + ET.tostring(suite, encoding="unicode")


def document(
    problems: Sequence[Problem], suites: Iterable[str], *, plans: int, tests: int, failures: int
) -> Iterator[str]:
    """The XML document in chunks: a declaration, the root with the counts
    (``tests`` and ``failures`` of the ``plans``' ``suites``, as :func:`plan_suite`
    gives them, plus the invalid files'), the invalid files' suites, then the
    ``suites`` as they come; one trailing newline."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    root = ET.Element("testsuites", {"name": "plantrack check"})
    counts = {"tests": tests + len(by_file), "failures": failures, "errors": len(by_file)}
    root.attrib.update({k: str(v) for k, v in counts.items()})
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    if not plans and not by_file:
        yield ET.tostring(root, encoding="unicode") + "\n"
        return
    root.text = "-"
    head, _, _ = ET.tostring(root, encoding="unicode").rpartition(">-<")
    yield head + ">"
    for file, problems_of_file in by_file.items():
        _invalid_suite(root, file, problems_of_file)
        yield _chunk(root[-1])
    yield from suites
    yield "\n</testsuites>\n"


def render_check_junit(result: CheckResult) -> str:
    """The XML document, indented, with a declaration and one trailing newline."""
    wae = result.warnings_as_errors
    suites = [plan_suite(p, warnings_as_errors=wae) for p in result.plans]
    return "".join(
        document(
            result.problems,
            (s for s, _, _ in suites),
            plans=len(suites),
            tests=sum(t for _, t, _ in suites),
            failures=sum(f for _, _, f in suites),
        )
    )
