"""Business days in ``plantrack slippage`` (issue 10, item 8): counted by the
same code as ``check`` (``check.with_business_days``), added to the JSON when
the plan sets a calendar or ``--calendar``/``--business-days`` asks, shown in
the table's slip cell with ``--business-days``.

The counts are worked by hand from the calendar (weekdays: 5 a week; England's
bank holidays of 2013-14 from the published list)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from plantrack.render.table import business_days_text

from .conftest import MET, Invoke, PlanFile

# Met's ict-strategy: planned April 2013, actual 2014-02-07 (a Friday).
# min = working days in [2013-04-30, 2014-02-07): 283 days = 40 weeks + 3 days
#       from Tuesday 30 April (Tue, Wed, Thu) -> 40 * 5 + 3 = 203
# max = working days in [2013-04-01, 2014-02-07): 312 days = 44 weeks + 4 days
#       from Monday 1 April (Mon..Thu) -> 44 * 5 + 4 = 224
WEEKDAYS = (203, 224)
# England's bank holidays in those spans: 1 Apr (Easter Monday, max only), 6 May,
# 27 May, 26 Aug, 25 Dec, 26 Dec 2013, 1 Jan 2014 -> 203 - 6 = 197, 224 - 7 = 217
ENGLAND = (197, 217)


def ict(doc: dict) -> dict:
    (plan,) = doc["plans"]
    return next(m for m in plan["milestones"] if m["id"] == "ict-strategy")


def counts(slip: dict) -> tuple[int, int]:
    return slip["business_days_min"], slip["business_days_max"]


@pytest.mark.parametrize(
    ("lo", "hi", "text"),
    [
        (203, 224, "203–224 business days"),
        (1, 1, "1 business day"),
        (5, 5, "5 business days"),
        (0, 0, "0 business days"),
        (0, 3, "0–3 business days"),
        (-5, -3, "3–5 business days early"),
        (-1, -1, "1 business day early"),
        (-2, 4, "2 business days early – 4 business days late"),
    ],
)
def test_business_days_text(lo: int, hi: int, text: str) -> None:
    assert business_days_text(lo, hi) == text
    assert "−" not in text
    assert "-" not in text


def test_json_has_no_business_days_unless_asked(invoke: Invoke) -> None:
    # met.yaml sets no calendar: the slip keeps its exact shape (and nothing is counted)
    slip = ict(json.loads(invoke("slippage", MET, "-f", "json").stdout))["slip"]
    assert "business_days_min" not in slip
    assert "business_days_max" not in slip


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--calendar", "weekdays"), WEEKDAYS),
        (("--business-days",), WEEKDAYS),
        (("--calendar", "GB-ENG"), ENGLAND),
        (("--calendar", "GB-ENG", "--business-days"), ENGLAND),
    ],
)
def test_json_business_days_when_asked(
    invoke: Invoke, options: tuple[str, ...], expected: tuple[int, int]
) -> None:
    slip = ict(json.loads(invoke("slippage", MET, "-f", "json", *options).stdout))["slip"]
    assert counts(slip) == expected
    assert (slip["months_min"], slip["text"]) == (10, "10 months")  # the rest unchanged


def test_json_business_days_when_the_plan_sets_a_calendar(
    invoke: Invoke, plan_file: PlanFile
) -> None:
    text = MET.read_text(encoding="utf-8").replace(
        "plan: Metropolitan Police ICT strategy\n",
        "plan: Metropolitan Police ICT strategy\ncalendar: GB-ENG\n",
    )
    path = plan_file(text)
    slip = ict(json.loads(invoke("slippage", path, "-f", "json").stdout))["slip"]
    assert counts(slip) == ENGLAND
    # --calendar overrides the plan's
    slip = ict(json.loads(invoke("slippage", path, "-f", "json", "--calendar", "weekdays").stdout))
    assert counts(slip["slip"]) == WEEKDAYS


def test_table_slip_cell(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = invoke("slippage", MET, "--business-days").stdout
    assert "10 months · 203–224 business days" in out
    assert "business days" not in invoke("slippage", MET).stdout
    assert "business days" not in invoke("slippage", MET, "--calendar", "GB-ENG").stdout
    out = invoke("slippage", MET, "--business-days", "--calendar", "GB-ENG").stdout
    assert "10 months · 197–217 business days" in out


def test_table_early_and_so_far(
    invoke: Invoke, plan_file: PlanFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    path = plan_file(
        textwrap.dedent(
            """\
            plantrack: 1
            plan: P
            milestones:
              - id: early
                planned: 2013-06-03
                actual: 2013-05-27
              - id: overdue
                planned: 2013-06-03
            """
        )
    )
    out = invoke("slippage", path, "--business-days", "--as-of", "2013-06-10").stdout
    # early: Monday 27 May to Monday 3 June is 7 days; the working days in
    # (27 May, 3 June] are 28, 29, 30, 31 May and 3 June: 5, early
    assert "7 days early · 5 business days early" in out
    # overdue: [3 June, 10 June) holds Mon..Fri 3-7 June: 5 (7 days so far)
    assert "7 days so far · 5 business days" in out


def test_bad_calendar_code(invoke: Invoke) -> None:
    result = invoke("slippage", MET, "--calendar", "XX", code=2)
    assert "Invalid value for '--calendar': unknown country code 'XX'" in result.stderr
    assert result.stdout == ""


def test_holidays_not_imported_unless_asked() -> None:
    # Startup matters: a plain run builds no calendar and imports neither the
    # holidays package nor the check module.
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from plantrack.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['slippage', {str(MET)!r}, '-f', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('holidays' in sys.modules, 'plantrack.check' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    )
    assert out.stdout.strip() == "False False"
