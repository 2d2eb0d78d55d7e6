"""``plantrack export --to mermaid``: goldens, escaping, ids, axes, rows, and a
real render of every export by the Mermaid CLI.

Regenerate the goldens after an intended change with
``PLANTRACK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_export_mermaid.py``:
the run rewrites them and fails, so that someone reads the diff.

The real render runs ``mmdc`` (``@mermaid-js/mermaid-cli``, installed by
``.ci/install-renderers``) found as ``$PLANTRACK_MMDC``, else
``.ci/tools/node_modules/.bin/mmdc``, else ``mmdc`` on PATH; with
``chromium`` on PATH it is told to use that browser.  It skips, saying why,
when there is no ``mmdc``; ``PLANTRACK_REQUIRE_MMDC=1`` makes that a failure.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.loader import load_plan, load_plan_text
from plantrack.render.mermaid import (
    RowKind,
    axis_for_span,
    escape,
    mermaid_ids,
    render_mermaid,
    rows,
    section_lines,
)
from plantrack.safetext import for_terminal
from plantrack.slippage import evaluate

from .conftest import DATA, MET, ROOT, TODAY, Golden

GOLDEN = Path(__file__).parent / "golden" / "export"
HOSTILE = DATA / "export" / "hostile.yaml"
KNOCK_ON = DATA / "export" / "knock-on.yaml"
D = _dt.date

# (plan, --as-of or None for the plan's own / today, golden file)
CASES = [
    (MET, None, "met.mmd"),
    (MET, "2013-12-31", "met-2013-12-31.mmd"),
    (HOSTILE, "2020-02-10", "hostile.mmd"),
    (KNOCK_ON, "2024-03-01", "knock-on.mmd"),
    *(
        (DATA / "check" / f"{name}.yaml", "2024-06-14", f"check-{name}.mmd")
        for name in ("clean", "deadline", "due-soon", "overdue", "slip", "warning")
    ),
    (DATA / "check" / "mixed" / "good.yaml", "2024-06-14", "check-good.mmd"),
    (DATA / "check" / "business-days.yaml", "2014-06-30", "check-business-days.mmd"),
    (DATA / "trend" / "shapes.yaml", "2020-12-31", "trend-shapes.mmd"),
    (DATA / "trend" / "hand-kept.yaml", "2020-12-31", "trend-hand-kept.mmd"),
    (DATA / "trend" / "diff-old.yaml", "2013-12-31", "trend-diff-old.mmd"),
    (DATA / "trend" / "diff-new.yaml", "2013-12-31", "trend-diff-new.mmd"),
]
IDS = [golden.removesuffix(".mmd") for _, _, golden in CASES]


def export(invoke, plan: Path, as_of: str | None) -> str:
    args = ["export", plan, "--to", "mermaid"] + (["--as-of", as_of] if as_of else [])
    return str(invoke(*args).stdout)


# -- goldens ------------------------------------------------------------------------


@pytest.mark.parametrize(("plan", "as_of", "name"), CASES, ids=IDS)
def test_golden(invoke, golden: Golden, plan: Path, as_of: str | None, name: str) -> None:
    golden(GOLDEN / name, export(invoke, plan, as_of))


def test_every_golden_is_a_case() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.mmd")) == sorted(g for _, _, g in CASES)


# -- escaping -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, (brackets) and 'quotes'", "plain text, (brackets) and 'quotes'"),
        (":", "#58;"),
        ("#", "#35;"),
        (";", "#59;"),
        ("a: b #1; c", "a#58; b #35;1#59; c"),
        ("#58;", "#35;58#59;"),  # text that looks like an entity stays text
        ("50%", "50#37;"),
        ('%%{init: {"theme": "dark"}}%%', '#37;#37;{init#58; {"theme"#58; "dark"}}#37;#37;'),
        ("R&D <b>", "R#38;D #60;b#62;"),
        ("line\nbreak", "line\\nbreak"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("tab\there", "tab\\there"),
        ("\u202eevil", "\\u202eevil"),
        ("\ufb02°°58¶ß", "#64258;°°58#182;ß"),  # Mermaid's own entity placeholder
        ("gantt", "gantt"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def _unescape(text: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


@given(st.text())
def test_escape_round_trips_and_leaves_no_syntax(text: str) -> None:
    out = escape(text)
    assert not re.search(r"[:\n\r%&<>\ufb02¶]", out)
    # every '#' opens an entity and every ';' closes one
    assert re.fullmatch(r"(?:[^#;]|#\d+;)*", out)
    assert _unescape(out) == for_terminal(text)


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Short", ["Short"]),
        ("x" * 40, ["x" * 40]),
        ("x" * 41, ["x" * 41]),  # a longer word stays whole
        (
            "Deloitte review of the Met's technology completed",
            ["Deloitte review of the Met's technology", "completed"],
        ),
        ("a tab\there", ["a tab\\there"]),
        ("new\nline", ["new\\nline"]),
    ],
)
def test_section_lines(name: str, lines: list[str]) -> None:
    assert section_lines(name) == lines


# -- ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["ict-strategy", "a_b", "2nd"], ["ict-strategy", "a_b", "2nd"]),
        (["x.y"], ["x_y"]),
        (["a.b", "a_b"], ["a_b-2", "a_b"]),
        (["a_b", "a.b"], ["a_b", "a_b-2"]),
        (["a.b", "a_b", "a_b-2"], ["a_b-3", "a_b", "a_b-2"]),
        (["a.b", "a..b", "a_b"], ["a_b-2", "a__b", "a_b"]),
        (["v1.0", "v1_0", "v1.0.0"], ["v1_0-2", "v1_0", "v1_0_0"]),
    ],
)
def test_mermaid_ids(ids: list[str], expected: list[str]) -> None:
    assert [mermaid_ids(ids)[i] for i in ids] == expected


@given(st.lists(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,6}", fullmatch=True), unique=True))
def test_mermaid_ids_are_valid_unique_and_kept_when_valid(ids: list[str]) -> None:
    out = mermaid_ids(ids)
    assert len(set(out.values())) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", v) for v in out.values())
    assert all(out[i] == i for i in ids if "." not in i)
    assert mermaid_ids(ids) == out  # stable


# -- the axis -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2020, 1, 1), D(2020, 1, 1), ("%d %b", "1day")),  # 1 day
        (D(2020, 1, 1), D(2020, 1, 14), ("%d %b", "1day")),  # 14 days
        (D(2020, 1, 1), D(2020, 1, 15), ("%d %b", "1week")),  # 15 days
        (D(2020, 1, 1), D(2020, 4, 1), ("%d %b", "1week")),  # 31+29+31+1 = 92 days
        (D(2020, 1, 1), D(2020, 4, 2), ("%b %Y", "1month")),  # 93 days
        (D(2020, 1, 1), D(2020, 12, 31), ("%b %Y", "1month")),  # 366 days (a leap year)
        (D(2021, 1, 1), D(2022, 1, 1), ("%b %Y", "1month")),  # 365 + 1 = 366 days
        (D(2020, 1, 1), D(2021, 1, 1), ("%b %Y", "3month")),  # 366 + 1 = 367 days
        (D(2012, 10, 1), D(2014, 2, 7), ("%b %Y", "3month")),  # the Met: 495 days
        (D(2020, 1, 1), D(2022, 12, 31), ("%b %Y", "3month")),  # 366+365+365 = 1096
        (D(2020, 1, 1), D(2023, 1, 1), ("%Y", "12month")),  # 1097 days
        (D(2012, 10, 1), D(2024, 9, 30), ("%Y", "12month")),  # 12 years: 4383 days
        (D(2012, 10, 1), D(2026, 11, 25), ("%Y", None)),  # 14 years: Mermaid's ticks
    ],
)
def test_axis_for_span(start: _dt.date, end: _dt.date, expected: tuple[str, str | None]) -> None:
    assert axis_for_span(start, end) == expected


# -- rows ---------------------------------------------------------------------------

PLANNED = (RowKind.PLANNED, "Planned 2013-04", ())


@pytest.mark.parametrize(
    ("milestone", "as_of", "expected"),
    [
        # before any forecast: the planned month only, on track
        ("ict-strategy", D(2013, 3, 1), [PLANNED]),
        # planned 2013-04, forecast 2013-10..2013-11: months 6-7 late, forecast late
        (
            "ict-strategy",
            D(2013, 9, 1),
            [
                PLANNED,
                (
                    RowKind.FORECAST,
                    "Forecast 2013-10..2013-11 (reported 2013-08-30) · 6–7 months late",
                    ("active", "crit"),
                ),
            ],
        ),
        # as Computer Weekly wrote: forecast January 2014, 9 months after April; overdue
        (
            "ict-strategy",
            D(2013, 12, 31),
            [
                PLANNED,
                (
                    RowKind.FORECAST,
                    "Forecast 2014-01 (reported 2013-12) · 9 months late",
                    ("active", "crit"),
                ),
            ],
        ),
        # launched 7 February 2014: 10 months after April; the forecast is history
        (
            "ict-strategy",
            D(2014, 3, 1),
            [
                PLANNED,
                (RowKind.FORECAST, "Forecast 2014-01 (reported 2013-12)", ()),
                (RowKind.ACTUAL, "Actual 2014-02-07 · 10 months late", ("done", "crit")),
            ],
        ),
        # the Commissioner's goal for 2013, nothing known: 2014 - 2013 = 1 year so far
        (
            "noticeable-improvements",
            D(2014, 1, 1),
            [(RowKind.PLANNED, "Planned 2013 · 1 year late so far", ("crit",))],
        ),
        # a reference to another milestone is shown as the date it stands for
        (
            "ten-day-plan",
            D(2013, 1, 1),
            [(RowKind.ACTUAL, "Actual 2012-10-11..2012-11-10", ("done",))],
        ),
        # the actual is not known before it happened: no date at all, no rows
        ("deloitte-review", D(2012, 9, 30), []),
    ],
)
def test_rows(milestone: str, as_of: _dt.date, expected: list[tuple[object, ...]]) -> None:
    result = evaluate(load_plan(MET), as_of).result(milestone)
    assert [(r.kind, r.text, r.tags) for r in rows(result)] == expected


def test_an_early_actual_is_done_and_not_crit() -> None:
    # hostile.yaml "2nd": planned 2020-02, actual 2020-01-31: 1 month early
    result = evaluate(load_plan(HOSTILE), D(2020, 2, 10)).result("2nd")
    actual = rows(result)[-1]
    assert (actual.text, actual.tags) == ("Actual 2020-01-31 · 1 month early", ("done",))


def test_single_days_are_milestones_and_intervals_are_bars(invoke) -> None:
    out = export(invoke, MET, "2014-03-01")
    # 2013-04 is 30 days from 1 April; 2014-01 31 days; 7 February a point
    assert "    Planned 2013-04 :ict-strategy-planned, 2013-04-01, 30d\n" in out
    assert ":ict-strategy-forecast, 2014-01-01, 31d\n" in out
    assert ":done, crit, milestone, ict-strategy-actual, 2014-02-07, 0d\n" in out
    # the year 2013 is 365 days, the derived 10-day window 31 (11 Oct to 10 Nov)
    assert ":crit, noticeable-improvements-planned, 2013-01-01, 365d\n" in out
    assert ":done, ten-day-plan-actual, 2012-10-11, 31d\n" in out


def test_header_is_stable_and_has_no_vert(invoke) -> None:
    out = export(invoke, MET, "2013-12-31")
    lines = out.splitlines()
    assert lines[:6] == ["---", "config:", "  gantt:", "    leftPadding: 274", "---", "gantt"]
    # the longest title line is "Deloitte review of the Met's technology": 39 characters,
    # 39 * 6.5 = 253.5 -> 254, + 20
    assert "    todayMarker off" in lines
    assert "    dateFormat YYYY-MM-DD" in lines
    assert not any(re.search(r"\bvert\b", line) for line in lines)
    assert not any(line.strip().startswith("gantt") for line in lines[6:])


# -- the real render ----------------------------------------------------------------


def _mmdc() -> str | None:
    for candidate in (
        os.environ.get("PLANTRACK_MMDC"),
        str(ROOT / ".ci" / "tools" / "node_modules" / ".bin" / "mmdc"),
        shutil.which("mmdc"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every golden rendered by mmdc in one run (one browser start): golden -> SVG."""
    mmdc = _mmdc()
    if mmdc is None:
        reason = (
            "the Mermaid CLI (mmdc) was not found: set PLANTRACK_MMDC, put mmdc on PATH "
            "or run .ci/install-renderers"
        )
        if os.environ.get("PLANTRACK_REQUIRE_MMDC") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("mmdc")
    blocks = [(GOLDEN / g).read_text(encoding="utf-8") for _, _, g in CASES]
    doc = work / "exports.md"
    doc.write_text("".join(f"```mermaid\n{b}```\n\n" for b in blocks), encoding="utf-8")
    command = [mmdc, "--quiet", "-i", str(doc), "-o", str(work / "out.md")]
    chromium = shutil.which("chromium")
    if chromium:
        config = work / "puppeteer.json"
        config.write_text(json.dumps({"executablePath": chromium, "args": ["--no-sandbox"]}))
        command += ["-p", str(config)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return {g: work / f"out-{i}.svg" for i, (_, _, g) in enumerate(CASES, start=1)}


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path: Path) -> set[str]:
    """The text of every <text> element, its lines (tspans) joined by a space."""
    texts = set()
    for element in ET.parse(path).iter(f"{SVG}text"):
        lines = [t.text or "" for t in element.iter(f"{SVG}tspan")]
        text = " ".join(lines) if lines else element.text or ""
        texts.add(" ".join(text.split()))
    return texts


@pytest.mark.parametrize(("plan", "as_of", "name"), CASES, ids=IDS)
def test_mermaid_cli_renders_every_milestone_name(
    rendered: dict[str, Path], plan: Path, as_of: str | None, name: str
) -> None:
    loaded = load_plan(plan)
    at = D.fromisoformat(as_of) if as_of else TODAY
    dated = [r.milestone for r in evaluate(loaded, at).results if r.expected is not None]
    texts = svg_texts(rendered[name])
    for m in dated:
        assert " ".join(for_terminal(m.name).split()) in texts, m.id
    assert " ".join(for_terminal(loaded.name).split()) in texts  # the title


# -- knock-on: `after` and the predecessors' comment -----------------------------------
# knock-on.yaml as of 2024-03-01 (a Friday), worked by hand:
#   b  depends on a (2024-03-04, a single day), no lag: implied 2024-03-04 = a's day,
#      so Mermaid draws it exactly with `after a-planned`;
#   h  depends on b (implied 03-04) and f.g (03-08): max = 03-08, both single days;
#      `after b-implied f_g-planned` (the dotted id as its Mermaid id);
#   c  a + 2 weeks = 2024-03-18: a lag, so its date, and a comment; planned 03-01,
#      so 17 days late by the knock-on (crit, slip told on the implied row);
#   d  depends on b and e (2024-04, a bar): implied 2024-04-01..04-30, a bar, which
#      `after` would start at the bar's end: its date, and a comment;
#   p  depends on o (2024-02-20, overdue): o passes on the as-of date 2024-03-01,
#      not its row's date: its date, and a comment.


@pytest.mark.parametrize(
    ("milestone", "task", "comment"),
    [
        ("b", "    Implied 2024-03-04 (by a) :milestone, b-implied, after a-planned, 0d", None),
        (
            "h",
            "    Implied 2024-03-08 (by f.g) "
            ":milestone, h-implied, after b-implied f_g-planned, 0d",
            None,
        ),
        (
            "c",
            "    Implied 2024-03-18 (by a + 2 weeks) · 17 days late "
            ":crit, milestone, c-implied, 2024-03-18, 0d",
            "    %% after a + 2 weeks",
        ),
        ("d", "    Implied 2024-04 (by e) :d-implied, 2024-04-01, 30d", "    %% after b, e"),
        (
            "p",
            "    Implied 2024-03-01 (by o) :milestone, p-implied, 2024-03-01, 0d",
            "    %% after o",
        ),
    ],
)
def test_after_only_where_it_draws_the_implied_date_exactly(
    invoke, milestone: str, task: str, comment: str | None
) -> None:
    out = export(invoke, KNOCK_ON, "2024-03-01").splitlines()
    row = next(i for i, line in enumerate(out) if re.search(rf"[: ]{milestone}-implied,", line))
    assert out[row] == task
    top = max(i for i in range(row) if out[i].startswith("    section "))
    assert out[top + 1] == comment if comment else not out[top + 1].startswith("    %%")


def test_implied_rows_are_left_out_when_done_and_the_note_names_only_undrawn(invoke) -> None:
    # the Met's ten-day-plan depends on deloitte-review (actual 2012-10) + 10 days:
    # on 2012-10-31 it is not done (its actual ends 2012-11-10), so its implied
    # 2012-10-11..2012-11-10 is a bar; on 2013-12-31 it is done: no implied row
    before = export(invoke, MET, "2012-10-31")
    assert (
        "    Implied 2012-10-11..2012-11-10 (by deloitte-review + 10 days) "
        ":ten-day-plan-implied, 2012-10-11, 31d\n" in before
    )
    assert "-implied" not in export(invoke, MET, "2013-12-31")
    result = invoke("export", KNOCK_ON, "--to", "mermaid", "--as-of", "2024-03-01")
    assert "left out" not in result.stderr  # b, h, d and p have an implied date
    result = invoke("export", KNOCK_ON, "--to", "mermaid", "--as-of", "2024-02-01")
    assert result.stderr == ""  # o is not overdue yet; every milestone has a date


def test_mermaid_cli_draws_after_at_the_predecessors_date(rendered: dict[str, Path]) -> None:
    # Mermaid places a task drawn `after` another at that task's end: for single
    # days, the same x as the predecessor's milestone
    x = {}
    for rect in ET.parse(rendered["knock-on.mmd"]).iter(f"{SVG}rect"):
        match = re.search(r"([a-z_]+)-(planned|implied)$", rect.get("id", ""))
        if match:
            x[match.group(0)] = float(rect.get("x", "nan"))
    assert x["b-implied"] == x["a-planned"]
    assert x["h-implied"] == x["f_g-planned"]
    assert x["h-implied"] > x["b-implied"]  # 03-08 is after 03-04
    assert x["c-implied"] > x["h-implied"]  # 03-18 is later still


_TASK = re.compile(r"^    .* :(?:[a-z]+, )*([A-Za-z0-9_-]+), (after [^,]+|[0-9-]+), (\d+)d$")


def _drawn(lines: list[str]) -> dict[str, tuple[_dt.date, _dt.date]]:
    """What Mermaid draws for each task, [start, end) in days, resolving
    ``after`` as Mermaid does: the latest end of the tasks named."""
    tasks = {}
    for line in lines:
        match = _TASK.match(line)
        if match:
            tasks[match.group(1)] = (match.group(2), int(match.group(3)))
    out: dict[str, tuple[_dt.date, _dt.date]] = {}

    def draw(task_id: str) -> tuple[_dt.date, _dt.date]:
        if task_id not in out:
            start, days = tasks[task_id]
            if start.startswith("after "):
                first = max(draw(ref)[1] for ref in start.split()[1:])
            else:
                first = D.fromisoformat(start)
            out[task_id] = (first, first + _dt.timedelta(days=days))
        return out[task_id]

    for task_id in tasks:
        draw(task_id)
    return out


@st.composite
def knock_on_plans(draw: st.DrawFn) -> str:
    """Up to 6 milestones in March 2024, each with a single day, a month or no
    planned date, maybe an actual, and depends_on earlier ones, lag 0 or 1 day."""
    n = draw(st.integers(1, 6))
    lines = ["milestones:"]
    for i in range(n):
        item = [f"id: m{i}"]
        planned = draw(st.sampled_from(["", "2024-03", *(f"2024-03-{d:02}" for d in (4, 8, 12))]))
        if planned:
            item.append(f"planned: {planned}")
        if draw(st.booleans()) and draw(st.booleans()):
            item.append(f"actual: 2024-03-{draw(st.integers(1, 20)):02}")
        deps = draw(st.lists(st.integers(0, i - 1), max_size=3, unique=True)) if i else []
        if deps:
            lag = st.sampled_from(["0", "1 day"])
            items = ", ".join(f"{{milestone: m{d}, lag: {draw(lag)}}}" for d in deps)
            item.append(f"depends_on: [{items}]")
        lines.append(f"  - {{{', '.join(item)}}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(knock_on_plans(), st.integers(1, 25))
def test_after_draws_exactly_the_implied_date(text: str, day: int) -> None:
    # whatever the plan, a row written with `after` is drawn by Mermaid's rule on
    # exactly the milestone's implied date, a single day
    report = evaluate(load_plan_text(text, "p.yaml"), D(2024, 3, day))
    lines = render_mermaid(report).splitlines()
    drawn = _drawn(lines)
    for line in lines:
        match = _TASK.match(line)
        if match and match.group(2).startswith("after "):
            implied = report.result(match.group(1).removesuffix("-implied")).implied
            assert implied is not None
            assert drawn[match.group(1)] == (implied.date.start, implied.date.start), line
