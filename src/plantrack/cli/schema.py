"""``plantrack schema``: a JSON Schema of the plan format, for editors.

The committed copy is ``schema/plan.schema.json`` (a test keeps it equal to
this command's output).  A plan can point editors at it with a first line::

    # yaml-language-server: $schema=../schema/plan.schema.json

The schema checks shape (keys, types, ids, durations, calendar codes); the date
grammar, references and everything else are ``plantrack validate``'s job.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

from plantrack.cli._common import handle_errors

__all__ = ["plan_schema", "schema"]

_NULL = {"type": "null"}
_TEXT = {"type": ["string", "number", "null"]}
_ID_PATTERN = "^[a-z0-9][a-z0-9._-]*$"
_ID = {
    "description": "Lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.",
    "anyOf": [
        {"type": "string", "pattern": _ID_PATTERN},
        {"type": "integer", "minimum": 0},
    ],
}
_DATE = {
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


def _duration_schema() -> dict[str, Any]:
    from plantrack.durations import _UNITS

    units = "|".join(_any_case(u) for u in sorted(_UNITS, key=lambda u: (-len(u), u)))
    return {
        "description": "0, or an amount and a unit: 10 days, 2 weeks, 1 month, 1 quarter, "
        "1 year, 15 business days (short forms 10d, 2w, 1mo, 1q, 1y, 15bd).",
        "anyOf": [
            {"const": 0},
            {"type": "string", "pattern": rf"^\s*(?:0|\d{{1,6}}\s*(?:{units})[sS]?)\s*$"},
            _NULL,
        ],
    }


def _dated(what: str) -> dict[str, Any]:
    return {
        "description": f"The {what} date, or the long form with its own source.",
        "anyOf": [
            _DATE,
            {
                "type": "object",
                "required": ["date"],
                "additionalProperties": False,
                "properties": {"date": _DATE, "source": _TEXT},
            },
        ],
    }


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a plan file, as plain data."""
    duration = _duration_schema()
    forecast = {
        "type": "object",
        "required": ["date"],
        "additionalProperties": False,
        "properties": {
            "date": _DATE,
            "reported": _DATE,
            "source": {**_TEXT, "description": "A source id or a URL."},
            "note": _TEXT,
        },
    }
    milestone = {
        "type": "object",
        "required": ["id"],
        "additionalProperties": False,
        "properties": {
            "id": _ID,
            "name": _TEXT,
            "planned": _dated("baseline"),
            "forecasts": {"type": ["array", "null"], "items": forecast},
            "actual": _dated("actual"),
            "deadline": {**_DATE, "description": "A hard date the expected date must not pass."},
            "tolerance": duration,
            "source": {**_TEXT, "description": "A source id or a URL."},
            "notes": _TEXT,
        },
    }
    source = {
        "anyOf": [
            {"type": "string", "description": "Shorthand: the title."},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "title": _TEXT,
                    "publisher": _TEXT,
                    "date": _DATE,
                    "url": _TEXT,
                    "note": _TEXT,
                },
            },
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "plantrack plan",
        "description": "A plantrack plan file (docs/plan-format.md).",
        "type": "object",
        "required": ["milestones"],
        "additionalProperties": False,
        "properties": {
            "plantrack": {"description": "The format version.", "const": 1},
            "plan": _TEXT,
            "as_of": _DATE,
            "calendar": {
                "description": "Working days for business-day tolerances: weekdays, or a "
                "country or subdivision code (GB-ENG, US, DE-BY) of the holidays package.",
                "type": "string",
                "pattern": "^(?:weekdays|[A-Z]{2}(?:-[A-Z0-9]{1,3})?)$",
            },
            "tolerance": duration,
            "notes": _TEXT,
            "sources": {
                "type": ["object", "null"],
                "propertyNames": {"pattern": _ID_PATTERN},
                "additionalProperties": source,
            },
            "milestones": {"type": ["array", "null"], "items": milestone},
        },
    }


def render_schema() -> str:
    """The schema as indented JSON with one trailing newline."""
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


@click.command()
@handle_errors
def schema() -> None:
    """Print a JSON Schema of the plan format (committed as schema/plan.schema.json).

    Editors with the YAML language server validate a plan while typing when
    it starts with:  # yaml-language-server: $schema=../schema/plan.schema.json
    """
    click.echo(render_schema(), nl=False)
