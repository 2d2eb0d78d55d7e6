"""The starter plan that ``plantrack init`` writes: every key of the format
shown once, each with its one-line doc as a comment.

The keys and their comments come from :data:`plantrack.format.FORMAT`, in
the order an editor writes them; only the example values are written here
(:data:`EXAMPLES`), so a key added to the format without an example makes
:func:`starter_plan` fail (and its test), instead of being left out.

Pure: returns text.
"""

from __future__ import annotations

from plantrack.format import FORMAT, Level

__all__ = ["EXAMPLES", "SCHEMA_MODELINE", "starter_plan"]

SCHEMA_MODELINE = "# yaml-language-server: $schema=../schema/plan.schema.json"

# An example value for every key of every level (a nested level is written
# from its own examples).  Keys a new plan should not have live are written
# commented out (COMMENTED_OUT).
EXAMPLES: dict[Level, dict[str, str]] = {
    Level.PLAN: {
        "plantrack": "1",
        "plan": "Depot replacement programme",
        "as_of": "2025-06-30",
        "calendar": "weekdays",
        "tolerance": "2 weeks",
        "notes": "What the plan covers, and where its dates come from.",
        "start": "2024-09-01",
        "headline": "handover",
        "tags": "{department: Transport, category: Infrastructure}",
    },
    Level.SOURCE: {
        "title": "Business case, approved",
        "publisher": "Programme board",
        "date": "2025-01-15",
        "url": "https://example.org/board/2025-01-15",
        "note": "Sets the baseline dates.",
    },
    Level.DATED: {"date": "2025-03-31", "source": "board-2025-01"},
    Level.MILESTONE: {
        "id": "site-survey",
        "depends_on": "[another-milestone]",
        "name": "Site survey completed",
        "deadline": "2025-06-30",
        "tolerance": "1 month",
        "source": "board-2025-01",
        "notes": "Surveyed early, then re-surveyed; see the board minutes.",
    },
    Level.REBASELINE: {
        "approved": "2025-02-20",
        "date": "2025-04-30",
        "source": "board-2025-01",
        "note": "The board moved the survey after a late start.",
    },
    Level.WAIVER: {
        "rule": "slip",
        "until": "2025-12-31",
        "reason": "The board accepted the survey's delay for this year.",
        "source": "board-2025-01",
        "up_to": "1 month",
    },
    Level.DEPENDENCY: {"milestone": "site-survey", "lag": "2 months"},
    Level.FORECAST: {
        "reported": "2025-03-03",
        "date": "2025-04-15",
        "source": "board-2025-01",
        "note": "After the survey contractor changed.",
    },
}
COMMENTED_OUT = {
    (Level.PLAN, "as_of"),  # a live as_of would freeze every report at it
    (Level.MILESTONE, "depends_on"),  # the first milestone has none (the second shows it)
}
COMMENT_COLUMN = 36


def _line(indent: str, key: str, value: str, doc: str, *, live: bool = True) -> str:
    text = f"{indent}{key}:{' ' if value else ''}{value}"
    if not live:
        text = f"{indent}# {key}: {value}"
    return f"{text:<{COMMENT_COLUMN}}  # {doc}"


def _mapping(level: Level, indent: str, nested: dict[str, list[str]]) -> list[str]:
    """Every key of ``level`` in the order an editor writes them, one a line
    with its doc; ``nested`` gives the lines of the block-valued keys."""
    docs = {key.name: key.doc for key in FORMAT.keys(level)}
    lines = []
    for name in FORMAT.key_order(level):
        if name in nested:
            lines.append(_line(indent, name, "", docs[name]))
            lines += nested[name]
        else:
            live = (level, name) not in COMMENTED_OUT
            lines.append(_line(indent, name, EXAMPLES[level][name], docs[name], live=live))
    return lines


def _dash(line: str) -> str:
    """``    id: x`` as the first line of a list item: ``  - id: x``."""
    stripped = line.lstrip()
    return " " * (len(line) - len(stripped) - 2) + "- " + stripped


def starter_plan() -> str:
    """The text of a commented starter plan that validates."""
    source = _mapping(Level.SOURCE, "    ", {})
    planned = _mapping(Level.DATED, "      ", {})
    forecast = _dash_block(_mapping(Level.FORECAST, "        ", {}))
    rebaseline = _dash_block(_mapping(Level.REBASELINE, "        ", {}))
    waiver = _dash_block(_mapping(Level.WAIVER, "        ", {}))
    first = _mapping(
        Level.MILESTONE,
        "    ",
        {"planned": planned, "rebaselined": rebaseline, "forecasts": forecast, "actual": _actual()}
        | {"accepted": waiver},
    )
    second = [
        "    id: handover",
        "    name: New depot handed over",
        _line("    ", "planned", "2025-Q4", "A fuzzy date: some time in October to December."),
        "    forecasts:",
        "      - {reported: 2025-06-02, date: 2026-01..2026-02, source: board-2025-01}",
        "        # reported in June: January or February 2026, a quarter late",
        "    depends_on:",
        *_dash_block(_mapping(Level.DEPENDENCY, "        ", {})),
    ]
    plan = _mapping(
        Level.PLAN,
        "",
        {
            "sources": ["  board-2025-01:", *source],
            "milestones": [*_dash_block(first), "", *_dash_block(second)],
        },
    )
    head = [
        SCHEMA_MODELINE,
        "# (write the schema there once: plantrack schema > schema/plan.schema.json)",
        "# A starter plan: every key is shown once, with what it means; delete what you",
        "# do not need.  Dates may be fuzzy (2025-04, 2025-Q2, early 2025, 2025-04..2025-05).",
        "# Check it with: plantrack validate; see it with: plantrack slippage",
    ]
    return "\n".join([*head, *plan]) + "\n"


def _actual() -> list[str]:
    lines = _mapping(Level.DATED, "      ", {})
    return [line.replace("2025-03-31", "2025-04-11", 1) for line in lines]


def _dash_block(lines: list[str]) -> list[str]:
    return [_dash(lines[0]), *lines[1:]]
