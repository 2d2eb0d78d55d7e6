"""``plantrack export --to ics``: the calendar parsed back with icalendar and
checked, value by value, against the Met plan worked by hand."""

from __future__ import annotations

import datetime as _dt
import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from icalendar import Calendar, Event

import plantrack

from .conftest import DATA, MET

D = _dt.date
UTC = _dt.timezone.utc
HOSTILE = DATA / "export" / "hostile.yaml"
MET_NAME = "Metropolitan Police ICT strategy"


def calendar(invoke, plan: Path | str, *args: str) -> Calendar:
    out = invoke("export", plan, "--to", "ics", *args).stdout_bytes
    return Calendar.from_ical(out)


def events(cal: Calendar) -> dict[str, Event]:
    """The VEVENTs by the milestone id at the end of their DESCRIPTION's first line."""
    out = {}
    for event in cal.walk("VEVENT"):
        first = str(event["DESCRIPTION"]).splitlines()[0]
        out[first.rsplit("(", 1)[1].rstrip(")")] = event
    return out


def uid(plan_name: str, milestone_id: str) -> str:
    return hashlib.sha1(f"{plan_name}\0{milestone_id}".encode()).hexdigest() + "@plantrack"


# Each milestone of the Met plan as of 2013-12-31 (what Computer Weekly knew):
# (id, DTSTART = the expected date's last day, SEQUENCE = forecasts + re-baselines
# known + 1 once the actual is known, SUMMARY, STATUS)
MET_2013_12_31 = [
    # actual 2012-10: on 31 October
    ("deloitte-review", D(2012, 10, 31), 1, "unscheduled", "CONFIRMED"),
    # deloitte-review + 10 days = 2012-10-11..2012-11-10: on 10 November
    ("ten-day-plan", D(2012, 11, 10), 1, "unscheduled", "CONFIRMED"),
    # + 100 days: 1 Oct + 100 = 9 Jan, 31 Oct + 100 = 8 Feb 2013
    ("hundred-day-plan", D(2013, 2, 8), 1, "unscheduled", "CONFIRMED"),
    # + 1 month: November 2012
    ("cio-steps-down", D(2012, 11, 30), 1, "unscheduled", "CONFIRMED"),
    # planned 2013, not yet over on 31 December: on track, on its last day
    ("noticeable-improvements", D(2013, 12, 31), 0, "on track", "TENTATIVE"),
    ("smart-policing-report", D(2013, 8, 30), 1, "unscheduled", "CONFIRMED"),
    # two forecasts known (reported 2013-08-30 and 2013-12); the latest, 2014-01
    ("ict-strategy", D(2014, 1, 31), 2, "overdue", "TENTATIVE"),
]


@pytest.mark.parametrize(("mid", "day", "sequence", "status", "confirmed"), MET_2013_12_31)
def test_met_events(invoke, mid: str, day: _dt.date, sequence: int, status: str, confirmed: str):
    plan = plantrack.load_plan(MET)
    event = events(calendar(invoke, MET, "--as-of", "2013-12-31"))[mid]
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTSTART") == day
    assert type(event.decoded("DTSTART")) is _dt.date  # all day: a date, not a datetime
    assert event.decoded("DTEND") == day + _dt.timedelta(days=1)
    assert event.decoded("DTSTAMP") == _dt.datetime(2013, 12, 31, tzinfo=UTC)
    assert event.decoded("SEQUENCE") == sequence
    assert str(event["SUMMARY"]) == f"{plan.milestone(mid).name} ({status})"
    assert str(event["STATUS"]) == confirmed
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["UID"]) == uid(MET_NAME, mid)
    assert not event.walk("VALARM")


def test_calendar_properties(invoke) -> None:
    cal = calendar(invoke, MET, "--as-of", "2013-12-31")
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == f"-//plantrack//plantrack-cli {plantrack.__version__}//EN"
    assert str(cal["X-WR-CALNAME"]) == MET_NAME
    assert len(cal.walk("VEVENT")) == 7


def test_description_as_computer_weekly_knew_it(invoke) -> None:
    event = events(calendar(invoke, MET, "--as-of", "2013-12-31"))["ict-strategy"]
    assert str(event["DESCRIPTION"]) == "\n".join(
        [
            "New ICT strategy published (ict-strategy)",
            "Status: overdue",
            "Slip: 9 months late",  # April 2013 -> January 2014
            "Expected (latest forecast): 2014-01 (2014-01-01 to 2014-01-31)",
            "Planned: 2013-04 (2013-04-01 to 2013-04-30)",
            "Forecast reported: 2013-12",
            "Forecasts known: 2",
            "Sources:",
            "- Met Police IT strategy expected 9 months late, Computer Weekly, 2013-12",
            "As of 2013-12-31",
        ]
    )


def test_description_after_the_launch(invoke) -> None:
    event = events(calendar(invoke, MET, "--as-of", "2014-03-01"))["ict-strategy"]
    assert event.decoded("DTSTART") == D(2014, 2, 7)
    assert event.decoded("DTEND") == D(2014, 2, 8)
    assert str(event["SUMMARY"]) == "New ICT strategy published (late)"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["DESCRIPTION"]) == "\n".join(
        [
            "New ICT strategy published (ict-strategy)",
            "Status: late",
            "Slip: 10 months late",  # April 2013 -> 7 February 2014
            "Expected (actual): 2014-02-07",
            "Planned: 2013-04 (2013-04-01 to 2013-04-30)",
            "Latest forecast: 2014-01 (2014-01-01 to 2014-01-31)",
            "Forecast reported: 2013-12",
            "Forecasts known: 2",
            "Sources:",
            "- Met Police IT strategy expected 9 months late, Computer Weekly, 2013-12",
            "- Met Police launches Total Technology strategy, CIO UK, 2014-02-07",
            "As of 2014-03-01",
        ]
    )


@pytest.mark.parametrize(
    ("as_of", "sequence", "day"),
    [
        ("2013-03-01", 0, D(2013, 4, 30)),  # nothing re-forecast: the planned April
        ("2013-09-01", 1, D(2013, 11, 30)),  # "October or November": its last day
        ("2013-12-31", 2, D(2014, 1, 31)),  # "by the end of January"
        ("2014-03-01", 3, D(2014, 2, 7)),  # the launch: the actual is a revision
    ],
)
def test_sequence_counts_revisions_and_uid_stays(invoke, as_of: str, sequence: int, day):
    event = events(calendar(invoke, MET, "--as-of", as_of))["ict-strategy"]
    assert event.decoded("SEQUENCE") == sequence
    assert event.decoded("DTSTART") == day
    assert event.decoded("DTSTAMP") == _dt.datetime.fromisoformat(as_of).replace(tzinfo=UTC)
    assert str(event["UID"]) == uid(MET_NAME, "ict-strategy")


def test_same_bytes_from_any_path_and_run(invoke, tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "elsewhere" / "renamed.yaml"
    copy.parent.mkdir()
    shutil.copy(MET, copy)
    first = invoke("export", MET, "--to", "ics", "--as-of", "2013-12-31").stdout_bytes
    again = invoke("export", MET, "--to", "ics", "--as-of", "2013-12-31").stdout_bytes
    monkeypatch.chdir(MET.parent)
    relative = invoke("export", "./met.yaml", "--to", "ics", "--as-of", "2013-12-31").stdout_bytes
    moved = invoke("export", copy, "--to", "ics", "--as-of", "2013-12-31").stdout_bytes
    assert first == again == relative == moved
    assert b"\r\n" in first and b"\n" not in first.replace(b"\r\n", b"")


@pytest.mark.parametrize(("alarm", "before"), [("7d", 7), ("2w", 14), ("10 days", 10), ("0d", 0)])
def test_alarm(invoke, alarm: str, before: int) -> None:
    cal = calendar(invoke, MET, "--as-of", "2013-12-31", "--alarm", alarm)
    for event in cal.walk("VEVENT"):
        (valarm,) = event.walk("VALARM")
        assert str(valarm["ACTION"]) == "DISPLAY"
        assert valarm.decoded("TRIGGER") == -_dt.timedelta(days=before)
        assert str(valarm["DESCRIPTION"]) == str(event["SUMMARY"])


def test_alarm_text_is_rfc_5545(invoke) -> None:
    out = invoke("export", MET, "--to", "ics", "--alarm", "7d").stdout_bytes
    assert out.count(b"TRIGGER:-P7D\r\n") == 7
    assert out.count(b"ACTION:DISPLAY\r\n") == 7


def test_plan_text_round_trips_and_undated_are_left_out(invoke) -> None:
    result = invoke("export", HOSTILE, "--to", "ics", "--as-of", "2020-02-10")
    cal = Calendar.from_ical(result.stdout_bytes)
    got = events(cal)
    assert "nothing" not in got and len(got) == 6
    assert result.stderr == ("plantrack: note: no date known as of 2020-02-10, left out: nothing\n")
    assert str(cal["X-WR-CALNAME"]) == "Plan: #1; 100% done & <b>bold</b>"
    # ';' and ',' in a text value survive iCalendar's escaping; a URL stays whole
    assert "- A report; with: punctuation, Some & Co, 2020-02: " in str(got["a.b"]["DESCRIPTION"])
    assert "https://example.org/report?a=1&b=2" in str(got["a.b"]["DESCRIPTION"])
    # a URL given as a source is listed as it is
    assert "- https://example.org/ctl" in str(got["ctl"]["DESCRIPTION"])
    # control characters are shown, never written
    summary = str(got["ctl"]["SUMMARY"])
    assert "\\x1b[31m" in summary and "\\t" in summary and "\x1b" not in summary
    # two plan ids that differ only by '.' and '_' get different UIDs
    assert got["a.b"]["UID"] != got["a_b"]["UID"]


def test_last_supported_day_has_no_dtend(invoke, plan_file) -> None:
    path = plan_file(
        """\
        plantrack: 1
        plan: End of time
        milestones:
          - id: last
            planned: 9999-12
        """
    )
    (event,) = calendar(invoke, path, "--as-of", "2020-01-01").walk("VEVENT")
    assert event.decoded("DTSTART") == D(9999, 12, 31)
    assert "DTEND" not in event  # RFC 5545: an all-day event without DTEND lasts one day


def test_without_icalendar_exit_2_says_how_to_install(invoke, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # import icalendar -> ImportError
    result = invoke("export", MET, "--to", "ics", code=2)
    assert result.stdout == ""
    assert result.stderr == (
        "plantrack: error: --to ics needs the icalendar package: install the ics extra: "
        "pip install 'plantrack-cli[ics]'\n"
    )


def test_mermaid_and_csv_need_no_icalendar(invoke, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    invoke("export", MET, "--to", "mermaid")
    invoke("export", MET, "--to", "csv")
