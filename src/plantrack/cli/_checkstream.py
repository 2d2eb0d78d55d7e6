"""``plantrack check`` in every format (and the job summary,
$GITHUB_STEP_SUMMARY, beside any of them): each plan's output rendered
as soon as the plan is checked, and the plan dropped, so a portfolio is checked
in memory that does not grow with the number of plans.

What must come before the plans' output (the JSON head with the counts, the
github problems) is written last but read first: the plans' output waits in a
temporary file (:class:`Spool`), never in memory.  Text goes straight to
stdout, unless ``--accept`` could still turn the run into a usage error, or
``--output`` names a file (written whole, atomically).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import click

from plantrack.check import PlanCheck
from plantrack.checktypes import Tally
from plantrack.cli import _common
from plantrack.errors import Problem

__all__ = ["Spool", "Streamed"]


class Spool:
    """Text kept in a temporary file (made on the first write) until it is read
    back, block by block; the file goes with :meth:`close`."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._fh: IO[str] | None = None

    def write(self, text: str) -> None:
        if self._fh is None:
            # surrogatepass: a file name that is not UTF-8 comes back as it went in
            fh = tempfile.TemporaryFile(  # noqa: SIM115 - closed by the run's ExitStack
                "w+", encoding="utf-8", errors="surrogatepass"
            )
            self._fh = self._stack.enter_context(fh)
        self._fh.write(text)

    def blocks(self, size: int = 1 << 16) -> Iterator[str]:
        """What was written, in blocks of ``size`` characters."""
        if self._fh is None:
            return
        self._fh.seek(0)
        while block := self._fh.read(size):
            yield block


class Streamed(ExitStack):
    """One streamed run, ``with Streamed(...) as run``: :meth:`check_all`, then
    :meth:`finish` (the temporary files go when the ``with`` ends)."""

    def __init__(
        self, fmt: str, *, warnings_as_errors: bool, hold: bool, to_file: bool, summary: bool
    ) -> None:
        super().__init__()
        self.fmt = fmt
        self.warnings_as_errors = warnings_as_errors
        self.tally = Tally()
        self.exit_code = 0
        self._findings = Spool(self)  # the findings' (json, sarif, gitlab) or plans' output
        self._plans = Spool(self)  # json: the plans
        self._markdown = fmt == "markdown" or summary  # the markdown rows, in three spools
        self._md = (Spool(self), Spool(self), Spool(self))  # plans, failing, accepted
        self._console: Any = None
        self._direct = fmt == "text" and not hold and not to_file
        self._to_file = to_file
        self._terminal = False  # text on a terminal: Rich, with styles
        self._junit = (0, 0)  # junit: the plans' tests and failures
        self._held: list[Any] = []  # text on a terminal with --accept: the Rich texts

    def check_all(self, checks: Iterable[PlanCheck]) -> None:
        """Render each plan as it is checked, and count it."""
        if self.fmt == "text" and not self._to_file:
            from plantrack.cli.terminal import plain_width

            if plain_width(None) is None:  # a terminal, as Rich decides: Rich draws
                self._console = _common.make_console()
                self._terminal = self._console.is_terminal
        for check in checks:
            self._add(check)

    def _add(self, check: PlanCheck) -> None:
        first_finding = not (self.tally.breaches or self.tally.warnings or self.tally.accepted)
        first_plan = not self.tally.plans
        self.tally = self.tally.plus(check)
        findings = check.findings
        if self._markdown:
            from plantrack.render.check_markdown import accepted_items, failing_rows, plan_row

            self._md[0].write(plan_row(check))
            self._md[1].write(failing_rows(findings))
            self._md[2].write(accepted_items(findings))
        if self.fmt == "json":
            from plantrack.render.check_json import finding_item, plan_item

            for f in findings:
                self._findings.write(finding_item(f, first=first_finding))
                first_finding = False
            self._plans.write(plan_item(check, first=first_plan))
        elif self.fmt == "github":
            from plantrack.render.check_github import findings_github

            self._findings.write(findings_github(findings))
        elif self.fmt == "sarif":
            from plantrack.render.check_sarif import result_item

            self._findings.write("".join(result_item(f) for f in findings))
        elif self.fmt == "gitlab":
            from plantrack.render.check_gitlab import issue_items

            self._findings.write(issue_items(findings))
        elif self.fmt == "junit":
            from plantrack.render.check_junit import plan_suite

            suite, tests, failures = plan_suite(check, warnings_as_errors=self.warnings_as_errors)
            self._findings.write(suite)
            self._junit = (self._junit[0] + tests, self._junit[1] + failures)
        elif findings:
            self._text(findings)

    def _text(self, findings: Iterable[Any]) -> None:
        from plantrack.render.check_text import findings_plain, findings_text

        if self._terminal:
            text = findings_text(findings)
            if self._direct:
                self._console.print(text, soft_wrap=True, end="")
            else:
                self._held.append(text)
        elif self._direct:
            click.echo(findings_plain(findings), nl=False)
        else:
            self._findings.write(findings_plain(findings))

    def finish(self, problems: list[Problem], *, output: Path | None, force: bool) -> None:
        """The problems (on stderr, but for github), then the rest of the output."""
        self.exit_code = self.tally.exit_code(problems, self.warnings_as_errors)
        if self.fmt != "github":  # github prints them as ::error commands on stdout
            _common.echo_problems(problems)
        if self._terminal:
            self._finish_terminal(problems)
            return
        chunks = self._chunks(problems)
        if output is not None:
            _common.emit("".join(chunks), output, force=force)
            return
        for chunk in chunks:
            click.echo(chunk, nl=False)

    def _finish_terminal(self, problems: list[Problem]) -> None:
        from plantrack.render.check_text import verdict_text

        for text in self._held:
            self._console.print(text, soft_wrap=True, end="")
        summary = self.tally.summary(problems)
        self._console.print(verdict_text(self.exit_code, summary), soft_wrap=True)

    def markdown(self, problems: list[Problem]) -> Iterator[str]:
        """The Markdown report, in chunks (after :meth:`finish`)."""
        from plantrack.render.check_markdown import document

        plans, failing, accepted = self._md
        return document(
            self.tally,
            problems,
            warnings_as_errors=self.warnings_as_errors,
            plans=plans.blocks(),
            failing=failing.blocks(),
            accepted=accepted.blocks(),
        )

    def _issues(self, problems: list[Problem]) -> Iterator[str]:
        """The SARIF log or the GitLab report: the problems, then the findings."""
        from plantrack.render import check_gitlab, check_sarif

        count = self.tally.breaches + self.tally.warnings + self.tally.accepted
        render = check_sarif.document if self.fmt == "sarif" else check_gitlab.document
        return render(tuple(problems), self._findings.blocks(), count)

    def _chunks(self, problems: list[Problem]) -> Iterator[str]:
        if self.fmt == "markdown":
            yield from self.markdown(problems)
        elif self.fmt == "json":
            from plantrack.render.check_json import document

            yield from document(
                self.tally,
                problems,
                warnings_as_errors=self.warnings_as_errors,
                findings=self._findings.blocks(),
                plans=self._plans.blocks(),
            )
        elif self.fmt in ("sarif", "gitlab"):
            yield from self._issues(problems)
        elif self.fmt == "junit":
            from plantrack.render.check_junit import document as junit

            tests, failures = self._junit
            yield from junit(
                problems,
                self._findings.blocks(),
                plans=self.tally.plans,
                tests=tests,
                failures=failures,
            )
        elif self.fmt == "github":
            from plantrack.render.check_github import problems_github, verdict_github

            yield problems_github(problems)
            yield from self._findings.blocks()
            yield verdict_github(self.tally, problems, warnings_as_errors=self.warnings_as_errors)
        else:
            from plantrack.render.check_text import verdict_plain

            yield from self._findings.blocks()
            yield verdict_plain(self.exit_code, self.tally.summary(problems)) + "\n"
