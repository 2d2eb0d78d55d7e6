"""Golden knock-on cases carried over from TaskJuggler's own scheduler tests
(``test/TestSuite/Scheduler/Correct/*.tjp`` in taskjuggler/TaskJuggler): the
dates carry over, the code does not.

**How a TaskJuggler task becomes plantrack events.**  Each task is two
milestones, ``tN-start`` and ``tN-end``; ``tN-end`` depends on ``tN-start``
with the task's duration as the lag (``duration 1w`` is ``lag: 1 week``).  A
``depends`` becomes a ``depends_on`` of the start (``onend``, the default, on
the predecessor's end event; ``onstart`` on its start event), with
``gapduration 1w`` (calendar time) as ``1 week`` and ``gaplength 1w``
(working time: 5 days of TaskJuggler's Mon-Fri working hours) as ``5bd`` on
the plan's default ``weekdays`` calendar.  A fixed start (``start ...``) is the
start event's ``planned`` date.  Every plan is read as of a date before all
of its dates, so nothing is overdue and no date is raised to the as-of day.

**Which date is compared.**  What the event *passes on* to its successors
(:meth:`KnockOn.passes_on`): its own date when it has one, else its implied
date, the later of the two when it has both -- the date TaskJuggler schedules.

**The convention mapping a plantrack day to a TaskJuggler instant.**  A
plantrack day D stands for the instant ``D 00:00``, the moment the day begins
(so a calendar lag of n days is exactly n days of TaskJuggler's
``gapduration``/``duration``, and TaskJuggler's end ``2007-04-30`` --
``00:00``, the task ran to the end of 2007-04-29 -- is plantrack's
2007-04-30).  A working-time gap (``gaplength``, business days) is only
defined up to non-working time: Friday 18:00 (the close of TaskJuggler's
default working hours, 9:00-12:00 and 13:00-18:00), Sunday 00:00, Monday
00:00 and Monday 09:00 are the same point in working time, and TaskJuggler
reports whichever end of the gap its scheduling direction reaches (forward:
Friday 18:00; backward, ``precedes``: Sunday 00:00).  So a case is ``EXACT``
when TaskJuggler's instant is ``D 00:00``, and ``SAME_WORKING_TIME`` when
only non-working time lies between ``D 00:00`` and TaskJuggler's instant;
:func:`working_minutes_between` checks that here, independently of plantrack.
The whole-week calendar lags that follow such a case keep the weekday, so
the equivalence carries down the chain (it would not for, say, ``+2 days``
from a Friday evening).
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from enum import Enum

import pytest

from plantrack.dates import FuzzyDate
from plantrack.knockon import KnockOn
from plantrack.knowledge import Replay
from plantrack.loader import load_plan_text


class Mapping(str, Enum):
    EXACT = "exact"  # TaskJuggler's instant is D 00:00
    SAME_WORKING_TIME = "same working time"  # only non-working time lies between


# -- Depends.tjp: dependencies with gaps (forward scheduling) --------------------
# project 2007-04-02 (Mon) +3m; every task `duration 1w`.
#   t1: start 2007-04-02.                    asserted end 2007-04-09
#   t2: depends t1.                          asserted 2007-04-09 .. 2007-04-16
#   t3: depends t2 { gapduration 1w }.       asserted 2007-04-23 .. 2007-04-30
#   t4: depends t3 { onend gaplength 1w }.   asserted 2007-05-04-18:00 .. 2007-05-11-18:00
#   t5: depends t4 { onstart }.              asserted 2007-05-04-18:00 .. 2007-05-11-18:00
#   t6: depends t4 { onstart gaplength 1w }. asserted 2007-05-11-18:00 .. 2007-05-18-18:00
DEPENDS = """\
  - {id: t1-start, planned: 2007-04-02}
  - {id: t1-end, depends_on: [{milestone: t1-start, lag: 1 week}]}
  - {id: t2-start, depends_on: [t1-end]}
  - {id: t2-end, depends_on: [{milestone: t2-start, lag: 1 week}]}
  - {id: t3-start, depends_on: [{milestone: t2-end, lag: 1 week}]}
  - {id: t3-end, depends_on: [{milestone: t3-start, lag: 1 week}]}
  - {id: t4-start, depends_on: [{milestone: t3-end, lag: 5bd}]}
  - {id: t4-end, depends_on: [{milestone: t4-start, lag: 1 week}]}
  - {id: t5-start, depends_on: [t4-start]}
  - {id: t5-end, depends_on: [{milestone: t5-start, lag: 1 week}]}
  - {id: t6-start, depends_on: [{milestone: t4-start, lag: 5bd}]}
  - {id: t6-end, depends_on: [{milestone: t6-start, lag: 1 week}]}
"""

# -- Precedes.tjp: the same gaps scheduled backward (`precedes`, ALAP) -----------
# project 2007-04-02 - 2007-07-01; every task `duration 1w`; t1 ends at the
# project end.  `tA precedes tB { ... }` is `tB depends tA { ... }` read
# forward; for `precedes`, `onstart` (the default) ties A's end to B's start
# and `onend` ties A's end to B's end.  TaskJuggler schedules from the end;
# plantrack only propagates forward, so the case starts from the tasks that
# nothing precedes (t6 and t5, and t4's start, at TaskJuggler's dates) and
# checks that the forward knock-on reproduces every later date:
#   t6: precedes t4 { onend gaplength 1w }.  asserted 2007-05-14-9:00 .. 2007-05-21-9:00
#   t5: precedes t4 { onend }.               asserted 2007-05-21-9:00 .. 2007-05-28-9:00
#   t4: precedes t3 { onstart gaplength 1w }. asserted 2007-05-21-9:00 .. 2007-05-28-9:00
#   t3: precedes t2 { gapduration 1w }.      asserted 2007-06-03 .. 2007-06-10
#   t2: precedes t1.                         asserted 2007-06-17 .. 2007-06-24
#   t1: end ${projectend}.                   asserted start 2007-06-24
PRECEDES = """\
  - {id: t6-start, planned: 2007-05-14}
  - {id: t6-end, depends_on: [{milestone: t6-start, lag: 1 week}]}
  - {id: t5-start, planned: 2007-05-21}
  - {id: t5-end, depends_on: [{milestone: t5-start, lag: 1 week}]}
  - {id: t4-start, planned: 2007-05-21}
  - id: t4-end
    depends_on:
      - {milestone: t4-start, lag: 1 week}
      - t5-end
      - {milestone: t6-end, lag: 5bd}
  - {id: t3-start, depends_on: [{milestone: t4-end, lag: 5bd}]}
  - {id: t3-end, depends_on: [{milestone: t3-start, lag: 1 week}]}
  - {id: t2-start, depends_on: [{milestone: t3-end, lag: 1 week}]}
  - {id: t2-end, depends_on: [{milestone: t2-start, lag: 1 week}]}
  - {id: t1-start, depends_on: [t2-end]}
"""

# -- DateAndDep.tjp: a fixed start later than what the dependency allows ---------
# project 2013-06-22; t1: start 2013-06-24 (Mon); t2: depends !t1 { onstart },
# start 2013-06-27 (Thu).  Asserted: t2 starts 2013-06-27-9:00 -- the own start
# wins because the dependency is only a floor.  (t1's end depends on its
# resource's effort, which plantrack does not model; TaskJuggler asserts none.)
DATE_AND_DEP = """\
  - {id: t1-start, planned: 2013-06-24}
  - {id: t2-start, planned: 2013-06-27, depends_on: [t1-start]}
"""

# -- Duration.tjp: calendar durations from a fixed start -------------------------
# the parent task starts 2007-03-27 (Tue).  t2 `duration 5d`: asserted end
# 2007-04-01; t3 `duration 5w`: asserted end 2007-05-01.  (t1 `duration 5h` is
# below a day; t4 `duration 5m` is test_a_taskjuggler_month_is_not_a_calendar_month.)
DURATION = """\
  - {id: start, planned: 2007-03-27}
  - {id: t2-end, depends_on: [{milestone: start, lag: 5 days}]}
  - {id: t3-end, depends_on: [{milestone: start, lag: 5 weeks}]}
"""

PLANS = {
    "Depends.tjp": DEPENDS,
    "Precedes.tjp": PRECEDES,
    "DateAndDep.tjp": DATE_AND_DEP,
    "Duration.tjp": DURATION,
}
AS_OF = {
    "Depends.tjp": _dt.date(2007, 3, 1),
    "Precedes.tjp": _dt.date(2007, 3, 1),
    "DateAndDep.tjp": _dt.date(2013, 6, 1),
    "Duration.tjp": _dt.date(2007, 3, 1),
}

# (TaskJuggler file, event, plantrack's day worked by hand, TaskJuggler's
#  asserted instant, how they map)
E, W = Mapping.EXACT, Mapping.SAME_WORKING_TIME
CASES = [
    # Depends.tjp.  2007-04-02 is a Monday.
    # t1-end = 04-02 + 7 days = 04-09 (TJ end 2007-04-09 00:00).
    ("Depends.tjp", "t1-end", "2007-04-09", "2007-04-09-00:00", E),
    # t2-start = t1-end + 0 = 04-09.
    ("Depends.tjp", "t2-start", "2007-04-09", "2007-04-09-00:00", E),
    # t2-end = 04-09 + 7 = 04-16.
    ("Depends.tjp", "t2-end", "2007-04-16", "2007-04-16-00:00", E),
    # t3-start = t2-end + 1 week (gapduration: calendar) = 04-23.
    ("Depends.tjp", "t3-start", "2007-04-23", "2007-04-23-00:00", E),
    # t3-end = 04-23 + 7 = 04-30 (TJ: the task ran to the end of 04-29).
    ("Depends.tjp", "t3-end", "2007-04-30", "2007-04-30-00:00", E),
    # t4-start = t3-end (Mon 04-30) + 5bd: Tue 05-01 (1), Wed (2), Thu (3),
    # Fri 05-04 (4), Mon 05-07 (5) -> 05-07.  TJ: Mon 04-30 09:00 + 40 working
    # hours = Fri 05-04 18:00; between it and Mon 05-07 00:00 only the weekend.
    ("Depends.tjp", "t4-start", "2007-05-07", "2007-05-04-18:00", W),
    # t4-end = 05-07 + 7 = 05-14; TJ Fri 05-11 18:00 + the weekend.
    ("Depends.tjp", "t4-end", "2007-05-14", "2007-05-11-18:00", W),
    # t5-start = t4-start + 0 (onstart) = 05-07; t5-end = 05-14.
    ("Depends.tjp", "t5-start", "2007-05-07", "2007-05-04-18:00", W),
    ("Depends.tjp", "t5-end", "2007-05-14", "2007-05-11-18:00", W),
    # t6-start = t4-start (Mon 05-07) + 5bd: Tue 08, Wed 09, Thu 10, Fri 11,
    # Mon 14 -> 05-14 (TJ Fri 05-11 18:00); t6-end = 05-14 + 7 = 05-21.
    ("Depends.tjp", "t6-start", "2007-05-14", "2007-05-11-18:00", W),
    ("Depends.tjp", "t6-end", "2007-05-21", "2007-05-18-18:00", W),
    # Precedes.tjp.  2007-05-14 is a Monday.
    # t6-end = 05-14 + 7 = 05-21 (TJ 05-21 09:00: only the night before).
    ("Precedes.tjp", "t6-end", "2007-05-21", "2007-05-21-09:00", W),
    # t5-end = 05-21 + 7 = 05-28.
    ("Precedes.tjp", "t5-end", "2007-05-28", "2007-05-28-09:00", W),
    # t4-end = max(t4-start + 7 = 05-28, t5-end = 05-28, t6-end (Mon 05-21)
    # + 5bd: Tue 22, Wed 23, Thu 24, Fri 25, Mon 28 = 05-28) = 05-28: all three
    # drive it (test_precedes_t4_end_is_driven_by_all_three).
    ("Precedes.tjp", "t4-end", "2007-05-28", "2007-05-28-09:00", W),
    # t3-start = t4-end (Mon 05-28) + 5bd: Tue 29, Wed 30, Thu 31, Fri 06-01,
    # Mon 06-04 -> 06-04.  TJ (backward) Sun 06-03 00:00: only Sunday between.
    ("Precedes.tjp", "t3-start", "2007-06-04", "2007-06-03-00:00", W),
    # t3-end = 06-04 + 7 = 06-11 (TJ Sun 06-10 00:00).
    ("Precedes.tjp", "t3-end", "2007-06-11", "2007-06-10-00:00", W),
    # t2-start = t3-end + 1 week (gapduration) = 06-18 (TJ Sun 06-17 00:00).
    ("Precedes.tjp", "t2-start", "2007-06-18", "2007-06-17-00:00", W),
    # t2-end = 06-18 + 7 = 06-25; t1-start = t2-end + 0 = 06-25 (TJ Sun 06-24).
    ("Precedes.tjp", "t2-end", "2007-06-25", "2007-06-24-00:00", W),
    ("Precedes.tjp", "t1-start", "2007-06-25", "2007-06-24-00:00", W),
    # DateAndDep.tjp: t2-start's implied date is t1-start + 0 = 06-24, a floor
    # below its own 06-27, so it passes on 06-27 (TJ 06-27 09:00).
    ("DateAndDep.tjp", "t2-start", "2013-06-27", "2013-06-27-09:00", W),
    # Duration.tjp: 03-27 + 5 days = 04-01; 03-27 + 35 days = 05-01.
    ("Duration.tjp", "t2-end", "2007-04-01", "2007-04-01-00:00", E),
    ("Duration.tjp", "t3-end", "2007-05-01", "2007-05-01-00:00", E),
]
IDS = [f"{tjp}:{event}" for tjp, event, *_ in CASES]


def knock_on(tjp: str) -> KnockOn:
    plan = load_plan_text("milestones:\n" + textwrap.dedent(PLANS[tjp]), tjp)
    return KnockOn(Replay(plan, AS_OF[tjp]))


def instant(text: str) -> _dt.datetime:
    """TaskJuggler's ``2007-05-04-18:00`` (``-9:00`` too)."""
    day, _, clock = text[:10], text[10], text[11:]
    hours, minutes = clock.split(":")
    return _dt.datetime.fromisoformat(day).replace(hour=int(hours), minute=int(minutes))


def working_minutes_between(a: _dt.datetime, b: _dt.datetime) -> int:
    """Minutes of TaskJuggler's default working time (Mon-Fri 9:00-12:00,
    13:00-18:00) between two instants, in either order."""
    a, b = min(a, b), max(a, b)
    total, day = 0, a.date()
    while day <= b.date():
        if day.weekday() < 5:
            for h0, h1 in ((9, 12), (13, 18)):
                lo = max(a, _dt.datetime.combine(day, _dt.time(h0)))
                hi = min(b, _dt.datetime.combine(day, _dt.time(h1)))
                total += max(0, int((hi - lo).total_seconds() // 60))
        day += _dt.timedelta(days=1)
    return total


@pytest.mark.parametrize(
    ("a", "b", "minutes"),
    [
        ("2007-05-04-18:00", "2007-05-07-00:00", 0),  # Friday's close to Monday 00:00
        ("2007-06-03-00:00", "2007-06-04-09:00", 0),  # Sunday to Monday's opening
        ("2007-05-04-17:00", "2007-05-07-00:00", 60),  # an hour before the close
        ("2007-04-30-00:00", "2007-05-04-18:00", 5 * 8 * 60),  # gaplength 1w = 40 hours
        ("2007-05-07-12:00", "2007-05-07-13:00", 0),  # lunch
    ],
)
def test_working_minutes_between(a: str, b: str, minutes: int) -> None:
    assert working_minutes_between(instant(a), instant(b)) == minutes


@pytest.mark.parametrize(("tjp", "event", "day", "tj", "mapping"), CASES, ids=IDS)
def test_taskjuggler_dates(tjp: str, event: str, day: str, tj: str, mapping: Mapping) -> None:
    assert knock_on(tjp).passes_on(event) == FuzzyDate.day(_dt.date.fromisoformat(day))
    midnight = _dt.datetime.fromisoformat(day)
    if mapping is Mapping.EXACT:
        assert instant(tj) == midnight
    else:
        assert instant(tj) != midnight
        assert working_minutes_between(midnight, instant(tj)) == 0


def test_every_event_of_the_plans_is_a_case() -> None:
    # no event left unchecked, except the anchors (own dates, nothing implied)
    anchors = {
        ("Depends.tjp", "t1-start"),
        ("Precedes.tjp", "t6-start"),
        ("Precedes.tjp", "t5-start"),
        ("Precedes.tjp", "t4-start"),
        ("DateAndDep.tjp", "t1-start"),
        ("Duration.tjp", "start"),
    }
    for tjp in PLANS:
        knock = knock_on(tjp)
        for m in knock.replay.plan.milestones:
            cased = any(c[0] == tjp and c[1] == m.id for c in CASES)
            assert cased != ((tjp, m.id) in anchors), (tjp, m.id)
            assert (knock.implied(m) is None) == ((tjp, m.id) in anchors), (tjp, m.id)


def test_precedes_t4_end_is_driven_by_all_three() -> None:
    implied = knock_on("Precedes.tjp").implied("t4-end")
    assert implied is not None
    assert implied.text == "t4-start + 1 week, t5-end, t6-end + 5bd: 2007-05-28"


def test_date_and_dep_the_dependency_is_a_floor_not_the_date() -> None:
    # DateAndDep.tjp t2: the implied 2013-06-24 stays beside the own 2013-06-27
    implied = knock_on("DateAndDep.tjp").implied("t2-start")
    assert implied is not None
    assert implied.text == "t1-start: 2013-06-24"


def test_a_taskjuggler_month_is_not_a_calendar_month() -> None:
    # Duration.tjp t4 `duration 5m` from 2007-03-27: TaskJuggler's month is
    # 365/12 days, so 5m = 152 days 2 hours -> asserted end 2007-08-26-2:00.
    # plantrack's month is a calendar month: 2007-03-27 + 5 months = 2007-08-27.
    # A documented difference (docs/plan-format.md), not a bug.
    plan = load_plan_text(
        "milestones:\n  - {id: start, planned: 2007-03-27}\n"
        "  - {id: t4-end, depends_on: [{milestone: start, lag: 5 months}]}\n",
        "Duration.tjp",
    )
    got = KnockOn(Replay(plan, _dt.date(2007, 3, 1))).passes_on("t4-end")
    assert got == FuzzyDate.day(_dt.date(2007, 8, 27))
    tj = instant("2007-08-26-02:00")
    assert tj == _dt.datetime(2007, 3, 27) + _dt.timedelta(days=5 * 365 / 12)
