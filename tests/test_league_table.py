"""The league table at every width: nothing broken, nothing lost.

Goldens at 60, 80, 120 and 200 columns for the five plans of
tests/data/league as of 2023-06-30 with ``--since 2023-01-01`` (reviewed by
eye: at 60 only Rank, Plan, Headline, Status and Slip keep columns and the rest
is on a line under each row; at 200 every column has its own). After an
intended change, ``PLANTRACK_UPDATE_GOLDEN=1`` rewrites them and fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.render.league_layout import detail_text, fit, wrap
from tests.conftest import ROOT, Golden, Invoke

GOLDEN = Path(__file__).parent / "golden" / "league"
ARGS = ("league", "tests/data/league", "--as-of", "2023-06-30", "--since", "2023-01-01")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_golden(invoke: Invoke, golden: Golden, width: int) -> None:
    text = invoke(*ARGS, "--width", str(width)).stdout
    golden(GOLDEN / f"portfolio-{width}.txt", text)
    assert max(len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("width", range(40, 241, 7))
def test_no_id_status_or_count_is_broken_and_nothing_is_lost(invoke: Invoke, width: int) -> None:
    text = invoke(*ARGS, "--width", str(width), "--format", "table").stdout
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    for word in ("vessel-1", "opening", "handover", "overdue", "on time", "2022-09-01"):
        assert word in text, (width, word)
    # Every value of the Northern rail link's row is somewhere: in a column or
    # on the line under the row (its 'Vs baseline' and 'Worst other' are known).
    flat = re.sub(r"\s+", " ", text)
    for word in ("80%", "design:", "(3", "months", "+1 year"):
        assert word in flat, (width, word)


# -- fit, worked by hand -----------------------------------------------------------------

HEADERS = ("Rank", "Plan", "Headline", "Status", "Slip", "Fcsts")
ROW = ("1", "Island ferries", "vessel-1", "overdue", "4 years 7 months – 4 years 10 months", "2")


@pytest.mark.parametrize(
    ("width", "columns", "widths", "details"),
    [
        # Natural widths 4 14 8 7 36 5 (the slip: 16 + 3 + 17) with five gaps
        # of 3: 74 + 15 = 89.
        (90, (0, 1, 2, 3, 4, 5), (4, 14, 8, 7, 36, 5), ()),
        # 80: Slip gives up nine cells (36 → 27); the plan's name keeps its 14.
        (80, (0, 1, 2, 3, 4, 5), (4, 14, 8, 7, 27, 5), ()),
        # 60: the narrowest widths are Rank 4, Plan 10 (its floor), Headline 8,
        # Status 7, Slip 18 ("4 years 7 months –", a part never broken), Fcsts 5.
        # The core (Rank, Plan, Status, Slip) takes 39 + 3 gaps of 3 = 48;
        # Headline makes it 48 + 3 + 8 = 59 ≤ 60; Fcsts would make 67 > 60, so it
        # moves under the row. Room for cells: 60 − 4 gaps × 3 = 48; natural
        # 4 + 14 + 8 + 7 + 36 = 69: Slip gives 18 (36 → 18), then the plan's
        # name the last 3 (14 → 11).
        (60, (0, 1, 2, 3, 4), (4, 11, 8, 7, 18), (5,)),
    ],
)
def test_fit(
    width: int, columns: tuple[int, ...], widths: tuple[int, ...], details: tuple[int, ...]
) -> None:
    layout = fit(HEADERS, [ROW], width)
    assert (layout.columns, layout.widths, layout.details) == (columns, widths, details)
    assert layout.total <= width


def test_the_line_under_a_row_names_each_known_value() -> None:
    row = ("1", "P", "—", "on time", "x", "2")
    assert detail_text(HEADERS, row, (2, 5)) == "Fcsts: 2"
    assert detail_text(HEADERS, ("1", "P", "h", "s", "x", "—"), (2, 5)) == "Headline: h"
    assert detail_text(HEADERS, ("1", "P", "—", "s", "x", "—"), (2, 5)) == ""


@pytest.mark.parametrize(
    ("header", "text", "width", "lines"),
    [
        ("Plan", "Northern rail link", 13, ["Northern rail", "link"]),
        # A name of more than two lines is cut with "…" on its second.
        ("Plan", "Metropolitan Police ICT strategy", 14, ["Metropolitan", "Police ICT…"]),
        # A word wider than the column is cut, never split over lines.
        ("Plan", "Supercalifragilistic", 10, ["Supercali…"]),
        (
            "Slip",
            "4 years 7 months – 4 years 10 months",
            20,
            ["4 years 7 months –", "4 years 10 months"],
        ),
        ("Status", "forecast late", 7, ["forecast late"]),  # never broken
    ],
)
def test_wrap(header: str, text: str, width: int, lines: list[str]) -> None:
    assert wrap(header, text, width) == lines


words = st.text(alphabet="abcdefghij", min_size=1, max_size=12)
cells = st.lists(words, min_size=1, max_size=4).map(" ".join)


@given(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=5), st.integers(40, 200))
def test_a_layout_never_exceeds_its_width_once_the_core_fits(
    rows: list[tuple[str, str, str]], width: int
) -> None:
    headers = ("Rank", "Plan", "Status", "Slip", "Trend", "Last news")
    full = [("1", plan, "late", "3 months", trend, news) for plan, trend, news in rows]
    layout = fit(headers, full, width)
    assert sorted(layout.columns + layout.details) == list(range(len(headers)))
    assert {0, 1, 2, 3} <= set(layout.columns)
    assert layout.total <= width
    for i, w in zip(layout.columns, layout.widths, strict=True):
        for row in full:
            assert all(len(line) <= w for line in wrap(headers[i], row[i], w)), (headers[i], w)
