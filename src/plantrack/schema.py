"""A JSON Schema (draft 2020-12) of the plan format, derived from :mod:`plantrack.format`.

The committed copy is ``schema/plan.schema.json`` (``plantrack schema`` prints
it; a test keeps the two equal).  The schema checks shape (keys, types, ids,
durations, calendar codes); the date grammar, references and everything else
are the validator's job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from plantrack import format as plan_format
from plantrack.durations import MAX_AMOUNT_DIGITS, UNITS
from plantrack.format import (
    CALENDAR_PATTERN,
    FORMAT_VERSION,
    ID_PATTERN,
    TAG_MAX_LENGTH,
    WAIVER_RULES,
    Key,
    Kind,
    Level,
)

__all__ = ["plan_schema", "render_schema"]

Schema = dict[str, Any]

_NULL: Schema = {"type": "null"}
_TEXT: Schema = {"type": ["string", "number", "null"]}
_DATE: Schema = {
    "description": "A date of the plan grammar: 2013-04-15, 2013-04, April 2013, 2013-Q2, "
    "2013-H1, 2013, a range 2013-10..2013-11, or a reference such as "
    "deloitte-review + 10 days (see docs/plan-format.md).",
    "type": ["string", "integer", "null"],
}


def _any_case(word: str) -> str:
    """``day`` -> ``[dD][aA][yY]``; spaces match any run of whitespace."""
    return "".join(
        r"\s+" if c == " " else f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word
    )


def _duration() -> Schema:
    units = "|".join(_any_case(u) for u in sorted(UNITS, key=lambda u: (-len(u), u)))
    amount = rf"\d{{1,{MAX_AMOUNT_DIGITS}}}"
    return {
        "description": "0, or an amount and a unit: 10 days, 2 weeks, 1 month, 1 quarter, "
        "1 year, 15 business days (short forms 10d, 2w, 1mo, 1q, 1y, 15bd).",
        "anyOf": [
            {"const": 0},
            {"type": "string", "pattern": rf"^\s*(?:0|{amount}\s*(?:{units})[sS]?)\s*$"},
            _NULL,
        ],
    }


def _lag() -> Schema:
    duration = _duration()
    text = duration["anyOf"][1]
    return {
        "anyOf": [
            {"const": 0},
            {**text, "pattern": text["pattern"].replace(r"^\s*", r"^\s*-?\s*", 1)},
            _NULL,
        ]
    }


def _id() -> Schema:
    return {
        "description": "Lower-case letters, digits, '.', '_' or '-', starting with a letter "
        "or digit.",
        "anyOf": [
            {"type": "string", "pattern": f"^{ID_PATTERN}$"},
            {"type": "integer", "minimum": 0},
        ],
    }


def _calendar() -> Schema:
    return {
        "description": "Working days for business-day tolerances: weekdays, or a "
        "country or subdivision code (GB-ENG, US, DE-BY) of the holidays package.",
        "type": "string",
        "pattern": f"^(?:{CALENDAR_PATTERN})$",
    }


def _tags() -> Schema:
    short = {"type": "string", "minLength": 1, "maxLength": TAG_MAX_LENGTH}
    return {
        "description": "Short labels by name: {department: DfT, category: Infrastructure}.",
        "type": ["object", "null"],
        "propertyNames": short,
        "additionalProperties": {"anyOf": [short, {"type": "number"}]},
    }


def _rule() -> Schema:
    return {"description": "The rule a waiver accepts, or any.", "enum": list(WAIVER_RULES)}


_SIMPLE: dict[Kind, Callable[[], Schema]] = {  # kinds whose schema is the same for every key
    Kind.TEXT: lambda: dict(_TEXT),
    Kind.ID: _id,
    Kind.DATE: lambda: dict(_DATE),
    Kind.DURATION: _duration,
    Kind.LAG: _lag,
    Kind.CALENDAR: _calendar,
    Kind.TAGS: _tags,
    Kind.RULE: _rule,
}


class _Builder:
    """Builds the schema of each level from the format it is given."""

    def __init__(self, fmt: plan_format.PlanFormat) -> None:
        self.fmt = fmt

    def level(self, level: Level) -> Schema:
        """A mapping of ``level``: its keys, which of them are required, no others."""
        keys = self.fmt.keys(level)
        required = [k.name for k in keys if k.required]
        out: Schema = {"type": "object"}
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        out["properties"] = {k.name: self.key(k) for k in keys}
        return out

    def key(self, key: Key) -> Schema:
        value = self.kind(key)
        if key.schema_doc:  # the key's doc stands in for the kind's description
            value = {**value, "description": key.doc}
        return value

    def kind(self, key: Key) -> Schema:
        if (simple := _SIMPLE.get(key.kind)) is not None:
            return simple()
        if key.kind is Kind.VERSION:
            return {"description": key.doc, "const": FORMAT_VERSION}
        nested = self.nested(key)
        if key.kind is Kind.DATED:
            return {"description": key.doc, "anyOf": [_DATE, nested]}
        if key.kind is Kind.LIST:
            return {"type": ["array", "null"], "items": nested}
        return {  # Kind.MAPPING
            "type": ["object", "null"],
            "propertyNames": {"pattern": f"^{ID_PATTERN}$"},
            "additionalProperties": nested,
        }

    def nested(self, key: Key) -> Schema:
        if key.of is None:  # pragma: no cover - the format declares `of` for these kinds
            raise ValueError(f"key {key.name!r} of kind {key.kind.value} has no level")
        shape = self.level(key.of)
        shorthand = self.fmt.levels[key.of].shorthand
        if shorthand is None:
            return shape
        return {"anyOf": [{"type": "string", "description": f"Shorthand: the {shorthand}."}, shape]}


def plan_schema(fmt: plan_format.PlanFormat | None = None) -> Schema:
    """The JSON Schema of a plan file, as plain data, derived from ``fmt``
    (default: :data:`plantrack.format.FORMAT` as it is when called)."""
    top = _Builder(fmt or plan_format.FORMAT).level(Level.PLAN)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "plantrack plan",
        "description": "A plantrack plan file (docs/plan-format.md).",
        **top,
    }


def render_schema(fmt: plan_format.PlanFormat | None = None) -> str:
    """The schema as indented JSON with one trailing newline."""
    return json.dumps(plan_schema(fmt), indent=2, ensure_ascii=False) + "\n"
