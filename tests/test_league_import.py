"""Issue 13: ``league --since`` on a portfolio made by ``import gmpp``.

Three snapshots of the hand-made fixtures in tests/data/import/gmpp/ are
imported into a folder: 2019-09-30 (rows), 2021-03-31 and 2023-03-31.  Every
figure below is worked by hand from the fixture cells (the working is in the
comments), never taken from the code under test.

High Speed Rail Phase 1 (DfT_0001): start 2012-01-01, end 2026-12-31 in 2019,
31-Mar-2031 in 2021 (a re-baseline approved 2021-03-31), 31/12/2033 in 2023
(a second, approved 2023-03-31).
Prison Estate Transformation (MOJ_0002): start 2016-04-01, end 2024-03-31 in
2019, 31/03/2024 in 2021 (the same date: no re-baseline), absent in 2023.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, Invoke

GMPP = DATA / "import" / "gmpp"
SNAPSHOTS = [
    GMPP / "gmpp-rows-2019-09-30.csv",
    GMPP / "gmpp-2021-03-31.csv",
    GMPP / "gmpp-2023-03-31.csv",
]


@pytest.fixture
def portfolio(invoke: Invoke, tmp_path: Path) -> Path:
    out = tmp_path / "portfolio"
    result = invoke("import", "gmpp", *SNAPSHOTS, "--out", out)
    assert result.stdout == f"{out}: 2 plans made, 0 updated, from 3 files\n"
    return out


def _league(invoke: Invoke, folder: Path, *args: str) -> dict[str, Any]:
    result = invoke("league", folder, "--format", "json", *args)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_league_since_the_second_snapshot(invoke: Invoke, portfolio: Path) -> None:
    data = _league(invoke, portfolio, "--as-of", "2023-03-31", "--since", "2021-03-31")
    assert (data["as_of"], data["since"]) == ("2023-03-31", "2021-03-31")
    hs2, moj = data["plans"]
    # HS2 as of 2023-03-31: the baseline in force is 2033-12-31 against the
    # original 2026-12-31: 7 whole years = 84 months; in days 7 * 365 plus the
    # leap days of 2028 and 2032 = 2557.
    assert (hs2["plan"], hs2["rank_text"], hs2["status"], hs2["late"]) == (
        "High Speed Rail Phase 1",
        "1",
        "forecast late",
        True,
    )
    slip = hs2["slip"]
    assert (slip["basis"], slip["days"], slip["months_min"], slip["months_max"]) == (
        "rebaseline",
        2557,
        84,
        84,
    )
    assert slip["text"] == "7 years"
    # Against the baseline in force (2033-12-31 itself): no slip.
    assert hs2["slip_vs_baseline"]["days"] == 0
    # Planned duration 2012-01-01 .. 2026-12-31: 15 years of 365 days plus the
    # leap days of 2012, 2016, 2020 and 2024, less one = 5478 days;
    # 2557 / 5478 = 46.7% -> 47%.
    assert hs2["overrun"] == {"pct_min": 47, "pct_max": 47, "text": "47%"}
    assert (hs2["rebaselines"], hs2["forecasts"]) == (2, 0)
    assert hs2["last_news"]["text"] == "2023-03-31"  # the second re-baseline, today
    # As of 2021-03-31 the baseline was 2031-03-31: 4 years 3 months = 51
    # months after 2026-12-31; 84 - 51 = +33 months = +2 years 9 months.
    assert hs2["since"] == {"months_min": 33, "months_max": 33, "text": "+2 years 9 months"}
    assert hs2["tags"] == {"department": "DfT", "category": "Infrastructure and Construction"}
    # MoJ: due 2024-03-31, after 2023-03-31, never moved: on track, no slip, so
    # unranked ("—") and no change since 2021.
    assert (moj["plan"], moj["rank"], moj["rank_text"], moj["status"]) == (
        "Prison Estate Transformation",
        None,
        "—",
        "on track",
    )
    assert (moj["slip"], moj["since"], moj["rebaselines"]) == (None, None, 0)
    # One of two late; the only slip is HS2's, so it is the median.
    assert data["summary"] == {
        "plans": 2,
        "late": 1,
        "median_slip": "84 months",
        "text": "1 of 2 projects late; median slip 84 months; "
        "worst: High Speed Rail Phase 1, 7 years",
    }


def test_league_as_of_the_second_snapshot(invoke: Invoke, portfolio: Path) -> None:
    # The replay at 2021-03-31 knows only the first re-baseline: 2031-03-31,
    # 51 months after 2026-12-31; in days 2026-12-31 .. 2030-12-31 = 4 * 365
    # + 1 (2028) = 1461, then 31 + 28 + 31 = 90 more: 1551.
    data = _league(invoke, portfolio, "--as-of", "2021-03-31", "--since", "2019-09-30")
    hs2 = data["plans"][0]
    assert (hs2["slip"]["days"], hs2["slip"]["months_min"], hs2["rebaselines"]) == (1551, 51, 1)
    assert hs2["last_news"]["text"] == "2021-03-31"
    # On 2019-09-30 the end was not due and nothing had moved: it was expected
    # on plan then, so all 51 months are new since: +4 years 3 months.
    assert hs2["since"] == {"months_min": 51, "months_max": 51, "text": "+4 years 3 months"}
