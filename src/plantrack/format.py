"""The plan format, declared once: the keys at each level, their kinds, their
order and a one-line doc each.

Everything else is derived from :data:`FORMAT`: the validator's "unknown key /
did you mean" lists (:mod:`plantrack.validation`), the JSON Schema
(:mod:`plantrack.schema`) and the order in which an editor writes the keys of
a new mapping (:func:`key_order`).  The declared order is the canonical one:
messages list the keys in it and the schema's properties follow it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "CALENDAR_PATTERN",
    "FORMAT",
    "FORMAT_VERSION",
    "ID_PATTERN",
    "TAG_MAX_LENGTH",
    "WAIVER_RULES",
    "Key",
    "Kind",
    "Level",
    "LevelSpec",
    "PlanFormat",
    "key_names",
    "key_order",
]

FORMAT_VERSION = 1
ID_PATTERN = r"[a-z0-9][a-z0-9._-]*"  # milestone and source ids (whole text)
TAG_MAX_LENGTH = 80  # characters in a tag's name or value
WAIVER_RULES = ("slip", "overdue", "deadline", "knock-on", "any")  # what a waiver covers
CALENDAR_PATTERN = r"weekdays|[A-Z]{2}(?:-[A-Z0-9]{1,3})?"  # a holidays code


class Level(Enum):
    """A kind of mapping in a plan file."""

    PLAN = "plan"  # the top level
    MILESTONE = "milestone"  # an item of 'milestones'
    FORECAST = "forecast"  # an item of a milestone's 'forecasts'
    REBASELINE = "rebaseline"  # an item of a milestone's 'rebaselined'
    SOURCE = "source"  # a value of 'sources'
    DATED = "dated"  # the long form {date, source} of 'planned' and 'actual'
    WAIVER = "waiver"  # an item of a milestone's 'accepted'
    DEPENDENCY = "dependency"  # an item of a milestone's 'depends_on'


class Kind(Enum):
    """What a key's value is."""

    VERSION = "version"  # the format version, an integer
    TEXT = "text"  # text (a number is read as its text)
    ID = "id"  # lower-case letters, digits, '.', '_' or '-' (ID_PATTERN)
    DATE = "date"  # the date grammar, or a reference to another milestone's date
    DATED = "dated"  # a date, or the long form: a mapping of level `of`
    DURATION = "duration"  # 0, 10 days, 2 weeks, 15bd (plantrack.durations)
    LAG = "lag"  # a duration, negative for a lead: -2 weeks
    CALENDAR = "calendar"  # weekdays, or a country or subdivision code (CALENDAR_PATTERN)
    RULE = "rule"  # a rule a waiver covers (WAIVER_RULES)
    LIST = "list"  # a list of mappings of level `of`
    MAPPING = "mapping"  # ids -> mappings of level `of` (or their shorthand)
    TAGS = "tags"  # short texts -> short texts (TAG_MAX_LENGTH characters at most)


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a level: its name, kind and one-line doc.

    ``required``: the mapping must have it.  ``of``: the level of the nested
    mappings of a LIST, MAPPING or DATED value.  ``schema_doc``: the doc is
    also the key's description in the JSON Schema (other keys are described
    there by their kind).
    """

    name: str
    kind: Kind
    doc: str
    required: bool = False
    of: Level | None = None
    schema_doc: bool = False


@dataclass(frozen=True, slots=True)
class LevelSpec:
    """The keys of one level, in canonical order.

    ``written``: the order an editor writes a new mapping's keys in, when it
    is not the canonical one.  ``shorthand``: the key that a plain text value
    stands for instead of a mapping (a source given as its title alone).
    """

    keys: tuple[Key, ...]
    written: tuple[str, ...] = ()
    shorthand: str | None = None

    def without(self, name: str) -> LevelSpec:
        """This level without the key ``name``."""
        return dataclasses.replace(
            self,
            keys=tuple(k for k in self.keys if k.name != name),
            written=tuple(k for k in self.written if k != name),
            shorthand=None if self.shorthand == name else self.shorthand,
        )


@dataclass(frozen=True, slots=True, eq=False)
class PlanFormat:
    """Every level of the plan format."""

    levels: Mapping[Level, LevelSpec]

    def keys(self, level: Level) -> tuple[Key, ...]:
        """The keys of ``level``, in canonical order."""
        return self.levels[level].keys

    def names(self, level: Level) -> tuple[str, ...]:
        """The names of the keys of ``level``, in canonical order."""
        return tuple(k.name for k in self.levels[level].keys)

    def key_order(self, level: Level) -> tuple[str, ...]:
        """The order in which a new mapping of ``level`` is written."""
        spec = self.levels[level]
        return spec.written or self.names(level)

    def without(self, level: Level, name: str) -> PlanFormat:
        """This format without the key ``name`` of ``level`` (for tests and
        for seeing what depends on a key)."""
        return PlanFormat({**self.levels, level: self.levels[level].without(name)})


_SOURCE_REF = "A source id or a URL."

FORMAT = PlanFormat(
    {
        Level.PLAN: LevelSpec(
            (
                Key("plantrack", Kind.VERSION, "The format version."),
                Key("plan", Kind.TEXT, "The plan's title (default: the file name)."),
                Key("as_of", Kind.DATE, "The date the plan stands at, for reports."),
                Key("calendar", Kind.CALENDAR, "Working days for business-day tolerances."),
                Key("tolerance", Kind.DURATION, "Slip allowed before a milestone breaches."),
                Key("notes", Kind.TEXT, "Free text about the plan."),
                Key(
                    "start",
                    Kind.DATE,
                    "When the project started (a date, not a reference).",
                    schema_doc=True,
                ),
                Key(
                    "headline",
                    Kind.ID,
                    "The milestone that stands for the project (default: latest planned end).",
                    schema_doc=True,
                ),
                Key("tags", Kind.TAGS, "Short labels by name: {department: DfT}."),
                Key("sources", Kind.MAPPING, "Sources by id.", of=Level.SOURCE),
                Key(
                    "milestones",
                    Kind.LIST,
                    "The milestones, in order.",
                    required=True,
                    of=Level.MILESTONE,
                ),
            )
        ),
        Level.MILESTONE: LevelSpec(
            (
                Key("id", Kind.ID, "The milestone's id, unique in the plan.", required=True),
                Key("name", Kind.TEXT, "The milestone's name (default: its id)."),
                Key(
                    "planned",
                    Kind.DATED,
                    "The baseline date, or the long form with its own source.",
                    of=Level.DATED,
                    schema_doc=True,
                ),
                Key(
                    "rebaselined",
                    Kind.LIST,
                    "Re-approved baselines: from its approval, each is the baseline in force.",
                    of=Level.REBASELINE,
                ),
                Key("forecasts", Kind.LIST, "Re-forecasts, as reported.", of=Level.FORECAST),
                Key(
                    "depends_on",
                    Kind.LIST,
                    "Milestones this one comes after (an id, or the id with a lag).",
                    of=Level.DEPENDENCY,
                ),
                Key(
                    "actual",
                    Kind.DATED,
                    "The actual date, or the long form with its own source.",
                    of=Level.DATED,
                    schema_doc=True,
                ),
                Key(
                    "deadline",
                    Kind.DATE,
                    "A hard date the expected date must not pass.",
                    schema_doc=True,
                ),
                Key("tolerance", Kind.DURATION, "Slip allowed for this milestone."),
                Key("source", Kind.TEXT, _SOURCE_REF, schema_doc=True),
                Key("notes", Kind.TEXT, "Free text about the milestone."),
                Key(
                    "accepted",
                    Kind.LIST,
                    "Accepted breaches (waivers), each until a date.",
                    of=Level.WAIVER,
                ),
            )
        ),
        Level.FORECAST: LevelSpec(
            (
                Key("date", Kind.DATE, "The date forecast.", required=True),
                Key("reported", Kind.DATE, "When the forecast was made or reported."),
                Key("source", Kind.TEXT, _SOURCE_REF, schema_doc=True),
                Key("note", Kind.TEXT, "Free text about the forecast."),
            ),
            # a forecast reads "reported 2013-12: 2014-02": new ones are written so
            written=("reported", "date", "source", "note"),
        ),
        Level.REBASELINE: LevelSpec(
            (
                Key(
                    "approved",
                    Kind.DATE,
                    "When the new baseline was approved (a date, not a reference).",
                    required=True,
                ),
                Key(
                    "date", Kind.DATE, "The new baseline (a date, not a reference).", required=True
                ),
                Key("source", Kind.TEXT, _SOURCE_REF, schema_doc=True),
                Key("note", Kind.TEXT, "Free text about the re-baseline."),
            )
        ),
        Level.SOURCE: LevelSpec(
            (
                Key("title", Kind.TEXT, "The title of the article, report or reply."),
                Key("publisher", Kind.TEXT, "Who published it."),
                Key("date", Kind.DATE, "When it was published (a date, not a reference)."),
                Key("url", Kind.TEXT, "Where to read it."),
                Key("note", Kind.TEXT, "Free text about the source."),
            ),
            shorthand="title",
        ),
        Level.WAIVER: LevelSpec(
            (
                Key("rule", Kind.RULE, "The rule accepted (or any).", required=True),
                Key(
                    "until",
                    Kind.DATE,
                    "The last day the waiver is in force (a date, not a reference).",
                    required=True,
                    schema_doc=True,
                ),
                Key("reason", Kind.TEXT, "Why the breach is accepted.", required=True),
                Key("source", Kind.TEXT, _SOURCE_REF, schema_doc=True),
                Key("up_to", Kind.DURATION, "The slip accepted: a further slip breaches again."),
            )
        ),
        Level.DEPENDENCY: LevelSpec(
            (
                Key("milestone", Kind.ID, "The milestone this one comes after.", required=True),
                Key("lag", Kind.LAG, "How long after it (negative: before it).", schema_doc=True),
            ),
            shorthand="milestone",
        ),
        Level.DATED: LevelSpec(
            (
                Key("date", Kind.DATE, "The date.", required=True),
                Key("source", Kind.TEXT, "The source of this date (an id or a URL)."),
            )
        ),
    }
)


def key_names(level: Level) -> tuple[str, ...]:
    """The keys allowed at ``level``, in canonical order (of :data:`FORMAT` as
    it is when called)."""
    return FORMAT.names(level)


def key_order(level: Level) -> tuple[str, ...]:
    """The order an editor writes the keys of a new mapping of ``level`` in."""
    return FORMAT.key_order(level)
