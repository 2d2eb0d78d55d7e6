"""Plan data (as YAML gives it) -> :class:`~plantrack.model.Plan`, with every problem.

The :class:`Validator` walks the data once, building the plan and recording
each problem at its key path; only when there are problems is the text
composed again, to turn the paths into ``line:column``.  The keys allowed at
each level come from :mod:`plantrack.format`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack import datefields, dependencies, planmeta, waiverfields
from plantrack import format as plan_format
from plantrack.dates import FuzzyDate, Withdrawn
from plantrack.durations import Duration, DurationError, parse_duration
from plantrack.errors import Problem
from plantrack.format import FORMAT_VERSION, ID_PATTERN, Level
from plantrack.messages import Hints, quoted, shorten, some, type_name
from plantrack.model import Milestone, Plan, Rebaseline, Source, Waiver
from plantrack.positions import KeyPath, Locator
from plantrack.references import (
    NOT_YET,
    Expr,
    RawForecast,
    RawMilestone,
    Resolver,
)
from plantrack.yamldialect import compose

__all__ = ["Issue", "Validator"]

_ID = re.compile(ID_PATTERN)


@dataclass
class Issue:
    """A problem at a key path, before it has a position."""

    path: KeyPath
    message: str
    at_key: bool = False
    related: KeyPath | None = None  # "{related}" in message becomes "line N"


class Validator:
    """Walks the loaded data, building the plan and collecting every problem."""

    def __init__(self, file: str, marks: Iterable[tuple[int, int]] = ()) -> None:
        self.file = file
        self.issues: list[Issue] = []
        self.marks = tuple(marks)  # milestone positions, from the parser
        self.problems: list[Problem] = []  # already positioned (by the parser)
        self.hints = Hints()
        self.accepted: dict[int, list[tuple[KeyPath, Waiver]]] = {}  # by milestone index
        # the keys of each level, as a set to test a key against: the format
        # does not change during one validation
        self._allowed: dict[Level, frozenset[str]] = {}

    def hint(self, word: object, choices: Collection[str]) -> str:
        """A "did you mean" hint for ``word``, while this file's budget lasts."""
        return self.hints.hint(word, choices)

    def error(self, path: KeyPath, message: str, **kw: Any) -> None:
        """Record a problem at ``path`` (positioned later, by :meth:`located`)."""
        self.issues.append(Issue(path, message, **kw))

    def located(self, text: str) -> list[Problem]:
        """Every problem, positioned in ``text`` and in file order."""
        locator = Locator(compose(text) if self.issues else None)
        problems = list(self.problems)
        for issue in self.issues:
            message = issue.message
            if issue.related is not None:
                rel_line, _ = locator.position(issue.related)
                message = message.replace("{related}", f"line {rel_line}")
            line, column = locator.position(issue.path, at_key=issue.at_key)
            problems.append(Problem(self.file, line, column, message))
        # One reference can be reached along several chains: report it once.
        return sorted(dict.fromkeys(problems), key=lambda p: (p.line, p.column))

    # -- generic checks -------------------------------------------------------
    def mapping(
        self, value: object, path: KeyPath, level: Level, what: str
    ) -> Mapping[Any, Any] | None:
        """``value`` if it is a mapping; each key that ``level`` does not allow
        is a problem."""
        if type(value) is not dict and not isinstance(value, Mapping):
            self.error(path, f"{what} must be a mapping, not {type_name(value)}")
            return None
        key_set = self._allowed.get(level)
        if key_set is None:
            key_set = self._allowed[level] = frozenset(plan_format.key_names(level))
        if key_set.issuperset(value):
            return value
        keys = plan_format.key_names(level)
        for key in value:
            if key not in keys:
                hint = self.hint(key, keys)
                allowed = ", ".join(keys)
                self.error(
                    (*path, key),
                    f"unknown key {quoted(key)} in {what}{hint} (expected one of: {allowed})",
                    at_key=True,
                )
        return value

    def text(self, value: object, path: KeyPath) -> str | None:
        """Text (a number stands for its text), or None."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, f"'{path[-1]}' must be text, not {type_name(value)}")
            return None
        return str(value)

    def text_at(self, body: Mapping[Any, Any], key: str, path: KeyPath) -> str | None:
        """``body[key]`` read by :meth:`text` (text as it is, needing no check)."""
        value = body.get(key)
        return value if value is None or type(value) is str else self.text(value, (*path, key))

    def identifier(self, value: object, path: KeyPath, what: str) -> str | None:
        """An id (format.ID_PATTERN), or None."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.error(
                path,
                f"{what} {type_name(value)} is not a valid id "
                "(expected lower-case letters, digits, '.', '_' or '-', "
                "starting with a letter or digit)",
            )
            return None
        return value

    def date(self, value: object, path: KeyPath) -> Expr | None:
        """A date or a reference to one, or None."""
        return datefields.date_expr(self, value, path)

    def absolute_date(self, value: object, path: KeyPath) -> FuzzyDate | None:
        """A date that is not a reference, or None."""
        return datefields.absolute_date(self, value, path)

    def duration(self, value: object, path: KeyPath) -> Duration | None:
        """A duration, or None."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(path, f"'{path[-1]}' must be a duration, not {type_name(value)}")
            return None
        try:
            return parse_duration(value)
        except DurationError as exc:
            self.error(path, f"'{path[-1]}': {exc}")
            return None

    # -- the plan ---------------------------------------------------------------
    def plan(self, data: object) -> Plan | None:
        """The plan in ``data``, or None when it cannot be built."""
        if data is None:
            self.error((), "the file is empty (expected a plan: a mapping with 'milestones')")
            return None
        top = self.mapping(data, (), Level.PLAN, "the plan")
        if top is None:
            return None
        version = top.get("plantrack", FORMAT_VERSION)
        if version != FORMAT_VERSION or isinstance(version, bool):
            self.error(
                ("plantrack",),
                f"unsupported format version {type_name(version)} "
                f"(this plantrack reads version {FORMAT_VERSION})",
            )
        name = self.text(top.get("plan"), ("plan",)) or Path(self.file).stem
        notes = self.text(top.get("notes"), ("notes",))
        tolerance = self.duration(top.get("tolerance"), ("tolerance",))
        calendar = planmeta.calendar(self, top.get("calendar", "weekdays"))
        sources = self.sources(top.get("sources"))
        raw = self.milestones(top)
        as_of_expr = self.date(top.get("as_of"), ("as_of",))
        start = self.absolute_date(top.get("start"), ("start",))
        tags = planmeta.tags(self, top.get("tags"))
        if raw is None:
            return None
        headline = planmeta.headline(self, top.get("headline"), [m.id for m in raw if m.id])
        for m in raw:
            refs = [(w.source, p) for p, w in self.accepted.get(m.index, ()) if w.source]
            for src, path in [*self._source_refs(m), *((s, (*p, "source")) for s, p in refs)]:
                if src not in sources and not src.startswith(("http://", "https://")):
                    hint = self.hint(src, sources)
                    known = f"known: {some(sources)}" if sources else "no sources defined"
                    self.error(
                        path,
                        f"unknown source '{shorten(src)}'{hint} "
                        f"(expected an id from 'sources' or a URL; {known})",
                    )
        dependencies.check(self, raw)
        resolver = Resolver(self, raw, self.marks)
        milestones = tuple(self._with_waivers(resolver.milestone(m), m.index) for m in raw)
        as_of = resolver.expr(as_of_expr, ("as_of",), "expected", ()) if as_of_expr else None
        if as_of is NOT_YET:  # the plan's own date cannot wait for an actual
            self.error(("as_of",), "'as_of' refers to an actual that is not recorded")
            as_of = None
        return Plan(
            file=self.file,
            name=name,
            milestones=milestones,
            sources=sources,
            as_of=as_of,
            tolerance=tolerance,
            calendar=calendar,
            notes=notes,
            start=start,
            headline=headline,
            tags=tags,
        )

    def _with_waivers(self, milestone: Milestone, index: int) -> Milestone:
        """``milestone`` with the waivers accepted at it (most have none: no copy)."""
        accepted = self.accepted.get(index)
        if not accepted:
            return milestone
        return dataclasses.replace(milestone, accepted=tuple(w for _, w in accepted))

    def _source_refs(self, m: RawMilestone) -> Iterator[tuple[str, KeyPath]]:
        base: KeyPath = ("milestones", m.index)
        if m.source:
            yield m.source, (*base, "source")
        if m.planned_source:
            yield m.planned_source, (*base, "planned", "source")
        if m.actual_source:
            yield m.actual_source, (*base, "actual", "source")
        for f in m.forecasts:
            if f.source:
                yield f.source, (*f.path, "source")
        for path, r in m.rebaselines:
            if r.source:
                yield r.source, (*path, "source")

    def sources(self, value: object) -> dict[str, Source]:
        """The plan's sources by id."""
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.error(("sources",), f"'sources' must be a mapping of ids, not {type_name(value)}")
            return {}
        result: dict[str, Source] = {}
        for key, body in value.items():
            path: KeyPath = ("sources", key)
            sid = self.identifier(key, path, "source id")
            if isinstance(body, str):  # shorthand: id: title
                body = {"title": body}
            entry = self.mapping(body, path, Level.SOURCE, f"source '{shorten(str(key))}'")
            if sid is None or entry is None:
                continue
            result[sid] = Source(
                id=sid,
                title=self.text_at(entry, "title", path),
                publisher=self.text_at(entry, "publisher", path),
                date=self.absolute_date(entry.get("date"), (*path, "date")),
                url=self.text_at(entry, "url", path),
                note=self.text_at(entry, "note", path),
            )
        return result

    def milestones(self, top: Mapping[Any, Any]) -> list[RawMilestone] | None:
        """The milestones as read (dates not yet resolved)."""
        if "milestones" not in top:
            self.error((), "missing 'milestones' (expected a list of milestones)")
            return None
        items = top["milestones"]
        if items is None:
            return []
        if not isinstance(items, list):
            self.error(("milestones",), f"'milestones' must be a list, not {type_name(items)}")
            return None
        raw: list[RawMilestone] = []
        first_seen: dict[str, int] = {}
        for index, item in enumerate(items):
            m = self.milestone(item, index)
            if m is None:
                continue
            if m.id in first_seen:
                self.error(
                    ("milestones", index, "id"),
                    f"duplicate milestone id '{m.id}' (first used at {{related}}; ids are unique)",
                    related=("milestones", first_seen[m.id]),
                )
                continue
            first_seen[m.id] = index
            raw.append(m)
        return raw

    def milestone(self, item: object, index: int) -> RawMilestone | None:  # noqa: C901 - one check per key of a milestone
        """One milestone as read, or None when it has no usable id."""
        path: KeyPath = ("milestones", index)
        body = self.mapping(item, path, Level.MILESTONE, f"milestone {index + 1}")
        if body is None:
            return None
        if "id" not in body:
            self.error(path, f"milestone {index + 1} has no 'id' (expected e.g. id: ict-strategy)")
            mid = None
        else:
            mid = self.identifier(body["id"], (*path, "id"), "milestone id")
        name = self.text_at(body, "name", path)
        m = RawMilestone(index, mid or "", name or mid or "")
        m.source = self.text_at(body, "source", path)
        m.notes = self.text_at(body, "notes", path)
        tolerance = body.get("tolerance")  # each absent key: no call (the common shape)
        if tolerance is not None:
            m.tolerance = self.duration(tolerance, (*path, "tolerance"))
        for key in ("planned", "actual"):
            value = body.get(key)
            if value is None:
                continue
            if type(value) is dict or isinstance(value, Mapping):  # long: {date:, source:}
                long = self.mapping(value, (*path, key), Level.DATED, f"'{key}'")
                assert long is not None
                if "date" not in long:
                    self.error((*path, key), f"'{key}' has no 'date' (expected date: and source:)")
                expr = datefields.dated(self, key, long.get("date"), (*path, key, "date"))
                src = self.text_at(long, "source", (*path, key))
                setattr(m, f"{key}_source", src)
            else:
                expr = datefields.dated(self, key, value, (*path, key))
            if expr is not None:
                m.dates[key] = expr
        deadline = body.get("deadline")
        if deadline is not None:
            deadline = datefields.last_day(self, deadline, (*path, "deadline"))
            if deadline is not None:
                m.dates["deadline"] = deadline
        accepted = body.get("accepted")
        self.accepted[index] = (
            [] if accepted is None else waiverfields.waivers(self, accepted, (*path, "accepted"))
        )
        for i, f in enumerate(self.listed(body, "forecasts", path)):
            raw_f = self.forecast(f, (*path, "forecasts", i))
            if raw_f is not None:
                m.forecasts.append(raw_f)
        for i, item in enumerate(self.listed(body, "rebaselined", path)):
            r_path: KeyPath = (*path, "rebaselined", i)
            rebaseline = self.rebaseline(item, r_path)
            if rebaseline is not None:
                m.rebaselines.append((r_path, rebaseline))
        for i, item in enumerate(self.listed(body, "depends_on", path)):
            d_path: KeyPath = (*path, "depends_on", i)
            dep = dependencies.read(self, item, d_path)
            if dep is not None:
                m.depends_on.append((d_path, dep))
        return m if mid is not None else None

    def listed(self, body: Mapping[Any, Any], key: str, path: KeyPath) -> list[Any]:
        """``body[key]`` if it is a list (absent: empty); anything else is a problem."""
        value = body.get(key)
        if value is None or type(value) is list:
            return value or []
        if not isinstance(value, list):
            self.error((*path, key), f"'{key}' must be a list, not {type_name(value)}")
            return []
        return value

    def rebaseline(self, item: object, path: KeyPath) -> Rebaseline | None:
        """One re-baseline, or None when it lacks a date or its approval."""
        body = self.mapping(item, path, Level.REBASELINE, "a re-baseline")
        if body is None:
            return None
        for key in ("approved", "date"):
            if body.get(key) is None:
                example = "approved: 2020-03" if key == "approved" else "date: 2024-09"
                self.error(path, f"a re-baseline has no '{key}' (expected e.g. {example})")
        approved = self.absolute_date(body.get("approved"), (*path, "approved"))
        date = self.absolute_date(body.get("date"), (*path, "date"))
        source = self.text_at(body, "source", path)
        note = self.text_at(body, "note", path)
        if approved is None or date is None:
            return None
        return Rebaseline(approved, date, source, note)

    def forecast(self, item: object, path: KeyPath) -> RawForecast | None:
        """One forecast as read, or None when it has no date."""
        body = self.mapping(item, path, Level.FORECAST, "a forecast")
        if body is None:
            return None
        if body.get("date") is None:
            self.error(path, "a forecast has no 'date' (expected e.g. date: 2014-01)")
        date = datefields.forecast_date(self, body.get("date"), (*path, "date"))
        reported = self.date(body.get("reported"), (*path, "reported"))
        if isinstance(date, Withdrawn) and reported is None:
            datefields.report_withdrawn_without_date(self, date, (*path, "date"))
        source = self.text_at(body, "source", path)
        note = self.text_at(body, "note", path)
        if date is None:
            return None
        return RawForecast(date, reported, source, note, path)
