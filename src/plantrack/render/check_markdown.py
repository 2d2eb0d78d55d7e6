"""``plantrack check --format markdown``: a summary for a pull request or a
GitHub job summary ($GITHUB_STEP_SUMMARY): one table of plans, one of findings,
and the accepted findings as a list."""

from __future__ import annotations

from plantrack.check import CheckResult, Severity
from plantrack.render.markdown import escape
from plantrack.safetext import for_markdown_code as _code

__all__ = ["render_check_markdown"]


def render_check_markdown(result: CheckResult) -> str:
    """The heading, the summary line, the plans table, the findings table and
    the invalid files, each block separated by a blank line."""
    verdict = "passed" if result.exit_code == 0 else "failed"
    icon = "✅" if result.exit_code == 0 else "❌"
    out = [f"## {icon} plantrack check {verdict}", "", escape(result.summary()), ""]
    if result.plans:
        out += [
            "| Plan | File | As of | Milestones | Breaches | Warnings |",
            "|---|---|---|--:|--:|--:|",
        ]
        for p in result.plans:
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
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    failing = [f for f in result.findings if f.severity is not Severity.ACCEPTED]
    if failing:
        out += ["| | Where | Milestone | Rule | Finding |", "|---|---|---|---|---|"]
        for f in failing:
            mark = "❌ breach" if f.severity is Severity.BREACH else "⚠️ warning"
            what = f.message.removeprefix(f"{f.milestone}: ")
            cells = [
                mark,
                _code(f"{f.file}:{f.line}"),
                f"**{escape(f.milestone)}**",
                f.rule.value,
                escape(what),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if result.accepted:
        out += ["### Accepted", ""]
        for f in result.accepted:
            what = f.message.removeprefix(f"{f.milestone}: ")
            where = _code(f"{f.file}:{f.line}", cell=False)
            out.append(
                f"- **{escape(f.milestone)}** ({f.rule.value}, {where}): {escape(what)}; "
                f"accepted: {escape(f.acceptance)}"
            )
        out.append("")
    if result.problems:
        out += ["### Invalid files", ""]
        for pr in result.problems:
            where = f"{pr.file}:{pr.line}:{pr.column}" if pr.line else pr.file
            out.append(f"- {_code(where, cell=False)}: {escape(pr.message)}")
        out.append("")
    return "\n".join(out)
