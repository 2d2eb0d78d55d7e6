"""No injection through plan text (issue 9.4): a property over arbitrary text.

Hypothesis puts arbitrary Unicode (controls, ESC sequences, bidi overrides,
``\\n::error::``, Markdown and HTML, spreadsheet formulas) into every text field
of a plan, and into its file name, and runs every command in every format
in-process.  Whatever the text, in every output (stdout, stderr, the job summary):

- no ESC, BEL, other C0 control (but the newline), DEL, C1 control, bidi
  override or isolate, or line separator appears;
- no line starts (after spaces) with ``::`` unless it is one of plantrack's own
  workflow commands (``check --format github``);
- JUnit XML parses, and so do the JSON reports;
- the Markdown reports parse (markdown-it-py) to exactly the tables expected,
  with no link, image, HTML, code block or list made from plan text.

Examples come from a profile: ``ci`` (default, small) or ``fuzz`` (long runs):
``PLANTRACK_FUZZ_PROFILE=fuzz pytest tests/test_injection.py``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plantrack.cli import cli

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=3_500, deadline=None, suppress_health_check=list(HealthCheck)
)
PROFILE = settings.get_profile(os.environ.get("PLANTRACK_FUZZ_PROFILE", "ci"))

AS_OF = "2014-06-30"
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
# plantrack's own workflow commands, as render/check_github.py writes them
OWN_COMMAND = re.compile(
    r"::(?:error|warning) file=[^:,\n]*(?:,line=\d+(?:,col=\d+)?)?,title=plantrack [a-z -]+::"
    r"|::notice title=plantrack::"
)
MARKDOWN = MarkdownIt("commonmark").enable("table")
PAYLOADS = [
    "\x1b]8;;http://x\x1b\\",
    "\x1b]0;title\x07",
    "\x1b[31m",
    "\x9b31m",
    "\u202e",
    "\u2066",
    "\n::error::x",
    "::warning::y",
    "\r",
    "\t",
    "\u2028",
    "\x85",
    "|",
    "#",
    "- ",
    "1. ",
    "    ",
    "[a](b)",
    "![i](u)",
    "<script>",
    "`",
    "```",
    "*",
    "_",
    "&#27;",
    "=cmd",
    "+1",
    "@SUM(A1)",
    "$x$",
    "[bold]",
    ":",
    " ",
    "\\",
    '"',
    "'",
]
# Any character YAML can hold (no lone surrogates), and the payloads above.
chars = st.characters(blacklist_categories=("Cs",))
texts = st.lists(st.sampled_from(PAYLOADS) | st.text(chars, max_size=6), max_size=6).map("".join)


def plan_doc(t: dict[str, str]) -> dict[str, Any]:
    """A valid plan whose every text field is hostile; its shape is fixed, so
    the Markdown tables' sizes are known: ``a`` has two forecasts (one shown
    as history), ``b`` an actual; both are late as of AS_OF."""
    return {
        "plantrack": 1,
        "plan": t["plan"],
        "notes": t["plan_notes"],
        "sources": {
            "s1": {
                "title": t["title"],
                "publisher": t["publisher"],
                "url": t["url"],
                "note": t["source_note"],
            }
        },
        "milestones": [
            {
                "id": "a",
                "name": t["name_a"],
                "planned": "2013-04",
                "deadline": "2013-12",
                "source": "s1",
                "notes": t["notes"],
                "forecasts": [
                    {"reported": "2013-02", "date": "2013-06", "source": "s1", "note": t["note1"]},
                    {"reported": "2013-08", "date": "2014-01", "note": t["note2"]},
                ],
            },
            {"id": "b", "name": t["name_b"], "planned": "2013-01", "actual": "2013-03"},
        ],
    }


FIELDS = [
    "plan",
    "plan_notes",
    "title",
    "publisher",
    "url",
    "source_note",
    "name_a",
    "name_b",
    "notes",
    "note1",
    "note2",
    "key",
    "value",
]


def file_name(text: str, raw: bytes) -> bytes:
    """A file name from hostile text (no ``/`` or NUL), with raw bytes that may
    not be UTF-8, at most 200 bytes."""
    name = text.replace("/", "∕").replace("\x00", "0").encode("utf-8") + raw
    return name[:200] + b".yaml"


def write(folder: Path, name: bytes, doc: object, *, unicode: bool) -> Path:
    path = Path(os.fsdecode(bytes(folder) + b"/" + name))
    path.write_text(yaml.safe_dump(doc, allow_unicode=unicode), encoding="utf-8")
    return path


def run(*args: object, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code)
    return result


def assert_safe(text: str, *, what: str, github: bool = False) -> None:
    """The guarantee, for one output."""
    bad = FORBIDDEN.search(text)
    assert bad is None, (what, bad.group() if bad else None, text)
    for line in text.split("\n"):
        if line.lstrip().startswith("::"):
            assert github, (what, line)
            assert line == line.lstrip(), (what, line)
            assert OWN_COMMAND.match(line), (what, line)


def tables(markdown: str) -> list[list[int]]:
    """Each table of a Markdown document as its rows' cell counts (header first);
    asserts that nothing in it is a link, image, HTML, code block or list."""
    found: list[list[int]] = []
    cells = 0
    for token in MARKDOWN.parse(markdown):
        assert token.type not in {
            "html_block",
            "code_block",
            "fence",
            "bullet_list_open",
            "ordered_list_open",
            "blockquote_open",
            "hr",
        } or (
            (token.type == "bullet_list_open" and "### Invalid files" in markdown)
            or (token.type == "ordered_list_open" and "### Sources" in markdown)  # citations
        ), token.type
        for child in token.children or []:
            assert child.type not in {"link_open", "image", "html_inline"}, (child, markdown)
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            found[-1].append(cells)
    return found


@settings(PROFILE)
@given(
    st.fixed_dictionaries(dict.fromkeys(FIELDS, texts)),
    texts,
    st.sampled_from([b"", b"\xff", b"\xe2\x80", b"\x1b[31m"]),
    st.booleans(),
)
@example(
    dict.fromkeys(FIELDS, "\x1b]0;t\x07\u202e[b](c)\n::error::x\r|#<i>"),
    "::error::name",
    b"\xff",
    False,
)
def test_no_injection_through_plan_text(
    t: dict[str, str], name_text: str, raw: bytes, unicode: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = write(folder, file_name(name_text, raw), plan_doc(t), unicode=unicode)
        changed = plan_doc(t)
        changed["milestones"][0]["forecasts"].append(
            {"reported": "2014-03", "date": "2014-09", "note": t["note2"]}
        )
        del changed["milestones"][1]
        newer = write(folder, b"new-" + file_name(name_text, raw), changed, unicode=unicode)
        broken = {
            "plantrack": 1,
            "plan": t["plan"],
            "milestones": [{"id": t["name_a"], "planned": t["value"], t["key"] or "k": 1}],
        }
        invalid = write(folder, b"bad-" + file_name(name_text, raw), broken, unicode=unicode)
        summary = folder / "summary.md"
        env = {"NO_COLOR": "1", "COLUMNS": "80", "GITHUB_STEP_SUMMARY": str(summary)}

        def check(*args: object, github: bool = False) -> Result:
            result = run(*args, "--as-of", AS_OF, env=env)
            what = " ".join(str(a) for a in args)
            assert_safe(result.stdout, what=what, github=github)
            assert_safe(result.stderr, what=what + " (stderr)")
            return result

        for fmt in ("table", "json", "csv", "markdown"):
            check("slippage", plan, invalid, "-f", fmt)
        check("slippage", plan, "--timeline")
        check("slippage", plan, "-f", "csv", "--csv-raw")
        for fmt in ("text", "json", "gitlab", "junit", "markdown"):
            check("check", plan, invalid, "-f", fmt)
        check("check", plan, invalid, "-f", "github", github=True)
        check("validate", plan, invalid)
        for args in (("-f", "table"), ("-f", "json"), ("--chart",)):
            check("trend", plan, *args)
            check("trend", invalid, *args)
        for fmt in ("text", "json", "markdown"):
            check("diff", plan, newer, "-f", fmt)
            check("diff", plan, invalid, "-f", fmt)
        assert_safe(summary.read_text("utf-8"), what="GITHUB_STEP_SUMMARY")

        # The documents parse, and the Markdown tables have the expected shape.
        ET.fromstring(check("check", plan, invalid, "-f", "junit").stdout.encode())
        for args in (("slippage", "-f", "json"), ("check", "-f", "json"), ("trend", "-f", "json")):
            json.loads(check(args[0], plan, *args[1:]).stdout)
        json.loads(check("check", plan, invalid, "-f", "gitlab").stdout)
        json.loads(check("diff", plan, newer, "-f", "json").stdout)

        assert tables(check("slippage", plan, "-f", "markdown").stdout) == [[5, 5, 5, 5]]
        report = json.loads(check("check", plan, "-f", "json").stdout)
        findings = len(report["findings"])
        assert findings == 3  # a: overdue and past its deadline; b: landed 2 months late
        assert tables(check("check", plan, "-f", "markdown").stdout) == [[6, 6], [5, 5, 5, 5]]
        diffed = json.loads(check("diff", plan, newer, "-f", "json").stdout)
        rows = [4] * (1 + len(diffed["milestones"]))
        assert len(diffed["milestones"]) == 2  # a changed, b removed
        assert tables(check("diff", plan, newer, "-f", "markdown").stdout) == [rows]


@settings(PROFILE, max_examples=max(5, PROFILE.max_examples // 5))
@given(texts)
def test_the_svg_chart_stays_well_formed(title: str) -> None:
    pytest.importorskip("matplotlib")
    with tempfile.TemporaryDirectory() as tmp:
        doc = plan_doc(dict.fromkeys(FIELDS, title))
        plan = write(Path(tmp), b"p.yaml", doc, unicode=True)
        svg = Path(tmp) / "t.svg"
        result = run("trend", plan, "--as-of", AS_OF, "--svg", svg, env={"NO_COLOR": "1"})
        assert result.exit_code == 0, result.output
        ET.parse(svg)
        assert FORBIDDEN.search(svg.read_text("utf-8")) is None
