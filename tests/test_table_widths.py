"""The slippage table at every width, and the options that cut it down.

Goldens at 60, 80, 120 and 200 columns for the Met plan and a stress plan
(tests/data/stress-airport.yaml: ids of 36–44 characters, source ids of up to
47, twelve re-forecasts, "8 years 3 months – 8 years 5 months early").  Each
is rendered as the issue asks, ``Console(record=True, width=W,
force_terminal=False)`` -> ``export_text()`` (the padding Rich adds at the
ends of lines stripped, as ``print_rich`` does), and must equal what
``plantrack slippage PLAN --width W`` prints.

After an intended change: ``PLANTRACK_UPDATE_GOLDEN=1 .venv/bin/python -m
pytest tests/test_table_widths.py`` rewrites the goldens and FAILS, so that
someone reads the diff (``git diff tests/golden``) before committing.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from plantrack.knowledge import known_as_of
from plantrack.loader import load_plan
from plantrack.model import Plan
from plantrack.render.table import render_table
from plantrack.render.table_layout import fill, pieces, shortest, truncate
from plantrack.selection import SortKey, parse_statuses
from plantrack.slippage import Status, evaluate, resolve_as_of
from tests.conftest import DATA, ROOT, TODAY, Golden, Invoke

GOLDEN = Path(__file__).parent / "golden"
STRESS = "tests/data/stress-airport.yaml"
PLANS = {"met": "plans/met.yaml", "stress": STRESS}
WIDTHS = (60, 80, 120, 200)


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # goldens name the plans as a user at the repo root would


def rendered(plan: Plan, width: int) -> str:
    """The table as the issue renders it: a recording console ``width`` wide."""
    report = evaluate(plan, resolve_as_of(plan, None, TODAY))
    console = Console(record=True, width=width, force_terminal=False, file=io.StringIO())
    console.print(render_table([report]))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


# -- goldens -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PLANS))
def test_golden(invoke: Invoke, golden: Golden, name: str, width: int) -> None:
    plan = load_plan(PLANS[name])
    text = rendered(plan, width)
    golden(GOLDEN / f"{name}-table-{width}.txt", text)
    assert invoke("slippage", PLANS[name], "--width", str(width)).stdout == text
    assert max(len(line) for line in text.splitlines()) <= width


# -- no word split -------------------------------------------------------------------------


def words(plan: Plan) -> tuple[set[str], set[str]]:
    """The milestone ids and dates the table may show, and the source ids."""
    shown = {m.id for m in plan.milestones}
    for m in plan.milestones:
        known = known_as_of(plan, m, _dt.date.max)  # references resolved, all known
        dates = [known.planned, known.actual, known.deadline]
        dates += [f.reported for f in known.forecasts]
        shown |= {d.display for d in dates if d is not None}
        shown |= {f.display for f in known.forecasts}
    return shown, set(plan.sources)


def splits(text: str, word: str) -> Iterator[str]:
    """Each place ``word`` is broken over two lines: a line ends a cell with a
    proper prefix of it and the next line continues it at the same column
    (Rich's fold), or at its start (a wrapped line)."""
    lines = text.splitlines()
    for above, below in itertools.pairwise(lines):
        for k in range(1, len(word)):
            head, tail = word[:k], word[k:]
            for m in re.finditer(re.escape(head), above):
                c = m.start()
                starts_word = c == 0 or above[c - 1] == " "
                ends_cell = m.end() == len(above) or above[m.end()] == " "
                if not (starts_word and ends_cell):
                    continue
                if below[c : c + len(tail)] == tail or (
                    m.end() == len(above) and below.lstrip().startswith(tail)
                ):
                    yield f"{above!r} / {below!r}"


def test_the_split_finder_finds_the_old_splits() -> None:
    # The 80-column table before this change: "deloitte-revi" / "ew".
    old = "deloitte-revi   —            2012-10\new                           actual\n"
    assert list(splits(old, "deloitte-review"))
    wrapped = "worst: nasa-2014-\n09-16 is late\n"
    assert list(splits(wrapped, "nasa-2014-09-16"))
    assert not list(splits("deloitte-review  —\nDeloitte review\n", "deloitte-review"))


def golden_files() -> list[str]:
    return [f"{name}-table-{w}.txt" for name in sorted(PLANS) for w in WIDTHS] + [
        "met-table-100.txt",
        "met-2013-12-31-table-80.txt",
    ]


@pytest.mark.parametrize("golden", golden_files())
def test_no_golden_breaks_an_id_a_date_or_a_source(golden: str) -> None:
    plan = load_plan(PLANS["stress" if golden.startswith("stress") else "met"])
    text = (GOLDEN / golden).read_text(encoding="utf-8")
    shown, sources = words(plan)
    for word in shown | sources:
        assert not list(splits(text, word)), word
    lines = text.splitlines()
    for m in plan.milestones:  # every id whole on some line, and never cut with "…"
        assert any(m.id in line for line in lines), m.id
    for word in shown:  # a proper prefix of an id or a date, at the start of a word, then "…"
        cut = (re.escape(word[:k]) + "…" for k in range(1, len(word)))
        assert not any(re.search(r"(?:^|\s)" + c, text, re.MULTILINE) for c in cut), word


# -- what each width shows (worked from the plans by hand) --------------------------------


def test_names_beside_ids_at_200_under_at_120_none_at_80() -> None:
    met = load_plan("plans/met.yaml")
    wide = rendered(met, 200).splitlines()
    assert " ".join(wide[1].split()) == "Milestone Name Planned Forecast / actual Slip Status"
    assert "ict-strategy              New ICT strategy published" in rendered(met, 200)
    at_120 = rendered(met, 120)
    assert "\nNew ICT strategy published " in at_120  # under its id
    at_80 = rendered(met, 80)
    assert "New ICT strategy" not in at_80
    assert "\nict-strategy\n  2013-04" in at_80  # the id on its own line above its row


def test_narrow_history_is_one_short_line() -> None:
    at_60 = rendered(load_plan("plans/met.yaml"), 60)
    assert "↳ 2014-01 · 9 months" in at_60
    assert "reported" not in at_60  # no detail lines at 60 columns


def test_a_long_slip_breaks_only_after_its_dash() -> None:
    stress = load_plan(STRESS)
    assert "8 years 3 months – 8 years 5 months early" in rendered(stress, 240)
    at_200 = rendered(stress, 200)  # nothing cut, so the slip column is 2 short of one line
    assert re.search(r"8 years 3 months – +early\n.* 8 years 5 months early\n", at_200)
    at_60 = rendered(stress, 60)
    assert "8 years 3 months –\n" in at_60
    assert "  8 years 5 months early\n" in at_60


# -- the layout helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "8 years 3 months – 8 years 5 months early",
            ["8 years 3 months –", "8 years 5 months early"],
        ),
        ("13 years so far", ["13 years", "so far"]),
        ("reported 2013-12 · cw-2013-12", ["reported 2013-12 ·", "cw-2013-12"]),
        ("6–7 months", ["6–7 months"]),
        ("10 months · 203–224 business days", ["10 months ·", "203–224 business days"]),
    ],
)
def test_pieces(text: str, parts: list[str]) -> None:
    assert pieces(text) == parts


@pytest.mark.parametrize(
    ("text", "width", "out"),
    [
        ("Officers notice technology improvements", 40, "Officers notice technology improvements"),
        ("Officers notice technology improvements", 20, "Officers notice…"),
        ("Deloitte review of the Met's", 10, "Deloitte…"),
        ("abcdefghij", 5, "abcd…"),
        ("abc", 1, "…"),
        ("abc", 0, ""),
    ],
)
def test_truncate(text: str, width: int, out: str) -> None:
    assert truncate(text, width) == out


_WORDS = st.text(alphabet="abcdefgh0123456789-", min_size=1, max_size=12)


@given(
    st.lists(st.tuples(_WORDS, st.sampled_from([" ", " · ", " – "])), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=40),
)
def test_fill_never_breaks_a_word_and_fits_from_its_shortest(
    parts: list[tuple[str, str]], extra: int
) -> None:
    text = "".join(w + sep for w, sep in parts).rstrip(" ·–")
    width = shortest(text) + extra
    lines = fill(text, width)
    assert all(len(line) <= width for line in lines)
    assert " ".join(lines).split() == text.split()  # nothing lost, no word broken


# -- --status, --sort, --latest-only, --sources --------------------------------------------


# The stress plan's milestones, by the first word of their id.
IDS = {m.id.split("-")[0]: m.id for m in load_plan(STRESS).milestones}


def table_ids(stdout: str) -> list[str]:
    """The first word of each milestone id in a table, top to bottom."""
    ids = set(IDS.values())
    return [
        line.split()[0].split("-")[0]
        for line in stdout.splitlines()
        if line.split()[:1] and line.split()[0] in ids
    ]


@pytest.mark.parametrize(
    ("key", "order"),
    [
        # slips in months: airport 108 (9 years 1 day), terminal-2 99–101, public (rail) 0,
        # runway -1 (1 month early), noise -101..-99 (early), satellite none (last)
        ("slip", ["airport", "terminal", "public", "runway", "noise", "satellite"]),
        # planned: runway 2011-06, airport and public 2011-10-30 (a tie: file order),
        # terminal 2012-03, noise 2020-06..2020-08, satellite none (last)
        ("planned", ["runway", "airport", "public", "terminal", "noise", "satellite"]),
        # expected as of 2020-03-31: actuals runway 2011-05-20, public 2011-10-30,
        # noise 2012-03; forecasts terminal 2020-06..08, airport 2020-10-31, satellite 2021-H1
        ("expected", ["runway", "public", "noise", "terminal", "airport", "satellite"]),
        ("id", ["airport", "noise", "public", "runway", "satellite", "terminal"]),
    ],
)
def test_sort(invoke: Invoke, key: str, order: list[str]) -> None:
    out = invoke("slippage", STRESS, "--sort", key, "--width", "200").stdout
    assert table_ids(out) == order
    data = json.loads(invoke("slippage", STRESS, "--sort", key, "-f", "json").stdout)
    assert [m["id"] for m in data["plans"][0]["milestones"]] == [IDS[k] for k in order]


def test_status_filters_every_format(invoke: Invoke) -> None:
    args = ("slippage", STRESS, "--status", "overdue,early")
    out = invoke(*args, "--width", "200").stdout
    assert table_ids(out) == ["runway", "airport", "terminal", "noise"]
    assert "2 of 4 milestones late" in out
    rows = list(csv.DictReader(io.StringIO(invoke(*args, "-f", "csv").stdout)))
    assert [r["status"] for r in rows] == ["early", "overdue", "overdue", "early"]


@pytest.mark.parametrize(
    ("text", "statuses", "unknown"),
    [
        ("late,overdue", {Status.LATE, Status.OVERDUE}, []),
        ("forecast-late, on_time", {Status.FORECAST_LATE, Status.ON_TIME}, []),
        ("Late,,slipped", {Status.LATE}, ["", "slipped"]),
    ],
)
def test_parse_statuses(text: str, statuses: set[Status], unknown: list[str]) -> None:
    assert parse_statuses(text) == (frozenset(statuses), unknown)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--status", "late,slipped,x"),
            "'slipped', 'x' is not a status (expected a comma-separated list of: early, "
            "on-time, late, overdue, forecast-late, on-track, unscheduled, postponed)",
        ),
        (("--status", ""), "'' is not a status"),
        (("--sort", "name"), "'name' is not one of 'slip', 'planned', 'expected', 'id'"),
        (("--latest-only", "-f", "json"), "--latest-only is for the table and Markdown"),
        (("--sources", "-f", "csv"), "--sources lists the sources under the table"),
        (("--width", "5"), "5 is not in the range 20<=x<=1000"),
    ],
)  # fmt: skip
def test_bad_options_exit_2(invoke: Invoke, args: tuple[str, ...], message: str) -> None:
    result = invoke("slippage", "plans/met.yaml", *args, code=2)
    assert message in result.stderr
    assert result.stdout == ""


def test_latest_only(invoke: Invoke) -> None:
    table = invoke("slippage", STRESS, "--latest-only", "--width", "200").stdout
    assert "↳" not in table and "2020-10-31" in table
    markdown = invoke("slippage", "plans/met.yaml", "--latest-only", "-f", "markdown").stdout
    assert "↳" not in markdown and "2014-02-07" in markdown


def test_sources_list(invoke: Invoke) -> None:
    out = invoke("slippage", "plans/met.yaml", "--sources", "--width", "120").stdout
    tail = out.split("\nSources\n")[1]
    # cited in table order: cw-2013-12 (deloitte-review's actual), smart-policing
    # (smart-policing-report), cio-uk-2014-02-07 (ict-strategy's actual); the
    # plan's computing-2014-02-10 is cited by no milestone
    assert tail.splitlines() == [
        "1. cw-2013-12 · Met Police IT strategy expected 9 months late · Computer Weekly · 2013-12",
        "2. smart-policing · Smart Policing · London Assembly Budget and Performance"
        " Committee · 2013-08-30",
        "3. cio-uk-2014-02-07 · Met Police launches Total Technology strategy · CIO UK"
        " · 2014-02-07",
    ]
    stress = invoke("slippage", STRESS, "--sources", "--width", "80").stdout
    assert "   https://example.org/audit/northfield-special-report-2016-09-14" in stress


# -- --output ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_output_holds_what_stdout_would(invoke: Invoke, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert invoke("slippage", "plans/met.yaml", "-f", fmt, "--output", out).stdout == ""
    assert out.read_text(encoding="utf-8") == invoke("slippage", "plans/met.yaml", "-f", fmt).stdout


def test_output_table_is_100_columns_unless_width(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "table.txt"
    invoke("slippage", STRESS, "-o", out)
    assert out.read_text(encoding="utf-8") == invoke("slippage", STRESS, "--width", "100").stdout
    invoke("slippage", STRESS, "-o", out, "--width", "60", "--force")
    golden = (GOLDEN / "stress-table-60.txt").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == golden


def test_output_refuses_to_overwrite_without_force(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("keep me", encoding="utf-8")
    result = invoke("slippage", "plans/met.yaml", "-f", "json", "-o", out, code=2)
    assert result.stderr == (
        f"plantrack: error: {out}: not written: the file exists (use --force to overwrite it)\n"
    )
    assert out.read_text(encoding="utf-8") == "keep me"
    invoke("slippage", "plans/met.yaml", "-f", "json", "-o", out, "--force")
    assert json.loads(out.read_text(encoding="utf-8"))["plans"][0]["file"] == "plans/met.yaml"


def test_output_refuses_a_dangling_symlink(invoke: Invoke, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    result = invoke("slippage", "plans/met.yaml", "-f", "csv", "-o", link, code=2)
    assert "not written: a symbolic link exists" in result.stderr
    assert not (tmp_path / "elsewhere.csv").exists()


def test_check_output_keeps_the_exit_code(invoke: Invoke, tmp_path: Path) -> None:
    # today is 2026-11-25 in the tests: clean.yaml's launch (2024-12) is long overdue
    out = tmp_path / "check.json"
    plan = DATA / "check" / "clean.yaml"
    result = invoke("check", plan, "-f", "json", "-o", out, code=1)
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == invoke("check", plan, "-f", "json", code=1).stdout
    text = tmp_path / "check.txt"
    invoke("check", plan, "-o", text, code=1)
    assert text.read_text(encoding="utf-8") == invoke("check", plan, code=1).stdout


def test_trend_and_diff_output(invoke: Invoke, tmp_path: Path) -> None:
    trend = tmp_path / "trend.txt"
    invoke("trend", "plans/met.yaml", "-o", trend)
    assert trend.read_text(encoding="utf-8") == invoke("trend", "plans/met.yaml").stdout
    old, new = DATA / "trend" / "diff-old.yaml", DATA / "trend" / "diff-new.yaml"
    diff = tmp_path / "diff.md"
    invoke("diff", old, new, "-f", "markdown", "-o", diff)
    assert diff.read_text(encoding="utf-8") == invoke("diff", old, new, "-f", "markdown").stdout
    again = invoke("diff", old, new, "-o", diff, code=2)
    assert "(use --force to overwrite it)" in again.stderr


# -- CSV's new columns ------------------------------------------------------------------------


def test_csv_adds_four_columns_at_the_end(invoke: Invoke) -> None:
    rows = list(csv.reader(io.StringIO(invoke("slippage", STRESS, "-f", "csv").stdout)))
    assert rows[0][-5:] == ["source", "forecast_source", "forecast_note", "deadline", "tolerance"]
    by_id = {row[3]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    airport = by_id["airport-opening-to-passenger-traffic-day-one"]
    assert (airport["forecast_source"], airport["forecast_note"]) == (
        "supervisory-board-minutes-2019-11-29",
        "opening confirmed for 31 October 2020",
    )
    assert (airport["deadline"], airport["tolerance"]) == ("2020-12-31", "14 days")  # 2 weeks
    runway = by_id["runway-north-and-taxiway-system-complete"]
    # no forecast, no deadline; the plan's tolerance of 1 month
    assert [runway[k] for k in ("forecast_source", "forecast_note", "deadline", "tolerance")] == [
        "", "", "", "1 month",
    ]  # fmt: skip


def test_sort_keys_are_the_documented_ones() -> None:
    assert [k.value for k in SortKey] == ["slip", "planned", "expected", "id"]
