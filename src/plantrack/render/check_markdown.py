"""``plantrack check --format markdown``: a summary for a pull request or a
GitHub job summary ($GITHUB_STEP_SUMMARY): one table of plans, one of findings,
and the accepted findings as a list.

The rows can be rendered plan by plan as plans are checked (:func:`plan_row`,
:func:`failing_rows`, :func:`accepted_items`) and the document assembled after
its head (:func:`document`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from plantrack.check import CheckResult, Finding, PlanCheck, Severity
from plantrack.checktypes import Tally
from plantrack.errors import Problem
from plantrack.render.markdown import escape
from plantrack.safetext import for_markdown_code as _code

__all__ = ["accepted_items", "document", "failing_rows", "plan_row", "render_check_markdown"]


def plan_row(p: PlanCheck) -> str:
    """The plan's row of the plans table (with its newline)."""
    findings = p.findings
    breaches = sum(f.severity is Severity.BREACH for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    cells = [
        escape(p.report.plan.name),
        _code(p.report.plan.file),
        p.report.as_of.isoformat(),
        str(len(p.milestones)),
        str(breaches),
        str(warnings),
    ]
    return "| " + " | ".join(cells) + " |\n"


def failing_rows(findings: Iterable[Finding]) -> str:
    """The rows of the findings table (breaches and warnings) for ``findings``."""
    out = []
    for f in findings:
        if f.severity is Severity.ACCEPTED:
            continue
        mark = "❌ breach" if f.severity is Severity.BREACH else "⚠️ warning"
        what = f.message.removeprefix(f"{f.milestone}: ")
        cells = [
            mark,
            _code(f"{f.file}:{f.line}"),
            f"**{escape(f.milestone)}**",
            f.rule.value,
            escape(what),
        ]
        out.append("| " + " | ".join(cells) + " |\n")
    return "".join(out)


def accepted_items(findings: Iterable[Finding]) -> str:
    """The items of the Accepted list for the accepted ones of ``findings``."""
    out = []
    for f in findings:
        if f.severity is not Severity.ACCEPTED:
            continue
        what = f.message.removeprefix(f"{f.milestone}: ")
        where = _code(f"{f.file}:{f.line}", cell=False)
        out.append(
            f"- **{escape(f.milestone)}** ({f.rule.value}, {where}): {escape(what)}; "
            f"accepted: {escape(f.acceptance)}\n"
        )
    return "".join(out)


def document(
    tally: Tally,
    problems: Sequence[Problem],
    *,
    warnings_as_errors: bool,
    plans: Iterable[str],
    failing: Iterable[str],
    accepted: Iterable[str],
) -> Iterator[str]:
    """The heading, the summary line, the plans table, the findings table, the
    accepted findings and the invalid files, each block followed by a blank
    line; ``plans``, ``failing`` and ``accepted`` are the rows as they come."""
    passed = tally.exit_code(problems, warnings_as_errors) == 0
    verdict, icon = ("passed", "✅") if passed else ("failed", "❌")
    yield f"## {icon} plantrack check {verdict}\n\n{escape(tally.summary(problems))}\n"
    if tally.plans:
        yield "\n| Plan | File | As of | Milestones | Breaches | Warnings |\n"
        yield "|---|---|---|--:|--:|--:|\n"
        yield from plans
    if tally.breaches or tally.warnings:
        yield "\n| | Where | Milestone | Rule | Finding |\n|---|---|---|---|---|\n"
        yield from failing
    if tally.accepted:
        yield "\n### Accepted\n\n"
        yield from accepted
    if problems:
        yield "\n### Invalid files\n\n"
        for pr in problems:
            where = f"{pr.file}:{pr.line}:{pr.column}" if pr.line else pr.file
            yield f"- {_code(where, cell=False)}: {escape(pr.message)}\n"


def render_check_markdown(result: CheckResult) -> str:
    """The whole document (:func:`document`), ending with one newline."""
    return "".join(
        document(
            Tally.of(result.plans),
            result.problems,
            warnings_as_errors=result.warnings_as_errors,
            plans=(plan_row(p) for p in result.plans),
            failing=[failing_rows(result.findings)],
            accepted=[accepted_items(result.findings)],
        )
    )
