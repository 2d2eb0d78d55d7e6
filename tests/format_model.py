"""A small model of the plan format, written from docs/plan-format.md and the
JSON Schema's key lists, independent of plantrack's loader: the judge of which
plans are valid in tests/test_fuzz_cli.py.

``is_valid(text)`` says whether plantrack must accept the file.  It reads YAML
with PyYAML (refusing duplicate keys, as the format does), then checks keys,
kinds, the date grammar (every form the fuzzer writes), references with their
cycles and range, ids, sources, durations and calendars.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import re
from typing import Any

import yaml

TOP = {
    "plantrack",
    "plan",
    "as_of",
    "calendar",
    "tolerance",
    "notes",
    "start",
    "headline",
    "tags",
    "sources",
    "milestones",
}
MILESTONE = {"id", "name", "planned", "forecasts", "actual", "deadline", "tolerance"}
MILESTONE |= {"source", "notes"}
FORECAST = {"date", "reported", "source", "note"}
SOURCE = {"title", "publisher", "date", "url", "note"}
ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
UNITS = r"(?:business day|working day|quarter|month|week|year|day|bd|mo|wk|yr|d|q|w|y)s?"
DURATION = re.compile(rf"\s*(?:0|\d{{1,6}}\s*{UNITS})\s*", re.IGNORECASE)
MONTHS = {name.lower(): i for i, name in enumerate(_calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(_calendar.month_abbr) if name}
MONTHS["sept"] = 9
PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 14),
}
REF = re.compile(
    r"(?P<id>[a-z0-9][a-z0-9._-]*?)(?:\.(?P<field>planned|actual|expected))?"
    r"(?:\s*(?P<sign>[+-])\s*(?P<n>\d+)\s*(?P<unit>day|week|month|year)s?)?"
)

Interval = tuple[_dt.date, _dt.date]


class Invalid(Exception):
    """The plan breaks a rule of the format."""


# libyaml, as plantrack reads plans (PyYAML's pure-Python scanner is stricter
# than YAML: it refuses a tab before a key's colon); the YAML library is not
# what this model judges, the plan format is.
_YAML_READER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_WITHOUT_BASE_60 = {
    "tag:yaml.org,2002:int": re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
    ),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
}


class _NoDuplicates(_YAML_READER):  # type: ignore[misc,valid-type]
    # docs/plan-format.md: base-60 numbers (1:30) are text, not YAML 1.1's 90:
    # YAML 1.1's int and float forms without their base-60 alternatives.
    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        first: [
            (tag, _WITHOUT_BASE_60.get(tag, rx) if rx.match("1:30") else rx) for tag, rx in entries
        ]
        for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys = [
            k.value
            for k, _ in node.value
            if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge"
        ]
        if len(keys) != len(set(keys)):
            raise Invalid("duplicate key")
        return super().construct_mapping(node, deep=deep)


def _month(y: int, m: int) -> Interval:
    """Months ``m`` (1-based, may run past 12) of year ``y`` as an interval."""
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    if not 1 <= y <= 9999:
        raise Invalid("out of range")
    return _dt.date(y, m, 1), _dt.date(y, m, _calendar.monthrange(y, m)[1])


def _months(y: int, first: int, last: int) -> Interval:
    return _month(y, first)[0], _month(y, last)[1]


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text) or int(text) == 0:
        raise Invalid("not a year")
    return int(text)


def _single(text: str) -> Interval:
    t = text.strip().lower()
    if m := re.fullmatch(r"(\d{4})-(\d\d?)-(\d\d?)", t):  # 2013-4-1: one digit will do
        try:
            day = _dt.date(_year(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise Invalid("no such day") from exc
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d\d?)", t):
        if not 1 <= int(m[2]) <= 12:
            raise Invalid("no such month")
        return _month(_year(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-q([1-4])|q([1-4]) (\d{4})", t):
        q = int(m[2] or m[3])
        return _months(_year(m[1] or m[4]), 3 * q - 2, 3 * q)
    if m := re.fullmatch(r"(\d{4})-h([12])|h([12]) (\d{4})", t):
        h = int(m[2] or m[3])
        return _months(_year(m[1] or m[4]), 6 * h - 5, 6 * h)
    if re.fullmatch(r"\d{4}", t):
        return _months(_year(t), 1, 12)
    if (m := re.fullmatch(r"([a-z]+)\.? (\d{4})", t)) and m[1] in MONTHS:
        return _month(_year(m[2]), MONTHS[m[1]])
    if (m := re.fullmatch(r"([a-z]+) (\d{4})", t)) and m[1] in PARTS:
        return _months(_year(m[2]), *PARTS[m[1]])
    if (m := re.fullmatch(r"([a-z]+) (\d{4})", t)) and m[1] in SEASONS:
        return _months(_year(m[2]), *SEASONS[m[1]])
    raise Invalid("not a date")


def absolute(value: Any) -> Interval:
    """A date that is not a reference: a YAML date, a year number, or text."""
    if isinstance(value, (_dt.datetime, bool)):
        raise Invalid("not a date")
    if isinstance(value, _dt.date):
        return value, value
    if isinstance(value, int):  # YAML reads 2013 as a number: a year
        if not 1 <= value <= 9999:
            raise Invalid("not a year")
        return _months(value, 1, 12)
    if not isinstance(value, str) or not value.strip():
        raise Invalid("not a date")
    if ".." in value:
        first, last = value.split("..", 1)
        start, end = _single(first)[0], _single(last)[1]
        if end < start:
            raise Invalid("the range ends before it starts")
        return start, end
    return _single(value)


class _Plan:
    def __init__(self, milestones: list[dict[str, Any]]) -> None:
        self.by_id = {str(m["id"]): m for m in milestones}
        self.resolving: set[tuple[str, str]] = set()

    def date(self, value: Any, field: str) -> Interval | None:
        """The interval of a date field (None when empty); ``field`` is where it is."""
        if value is None:
            return None
        try:
            return absolute(value)
        except Invalid:
            if not isinstance(value, str):
                raise
        ref = REF.fullmatch(value.strip())
        if ref is None or (ref["field"] is None and ref["n"] is None):
            raise Invalid("not a date")
        target = self.by_id.get(ref["id"])
        if target is None:
            raise Invalid("unknown milestone")
        got = self.field(ref["id"], ref["field"] or field)
        if got is None:
            raise Invalid("refers to a field with no date")
        if ref["n"] is None:
            return got
        n = int(ref["n"]) * (-1 if ref["sign"] == "-" else 1)
        return _shift(got, n, ref["unit"])

    def field(self, mid: str, name: str) -> Interval | None:
        key = (mid, name)
        if key in self.resolving:
            raise Invalid("cycle")
        self.resolving.add(key)
        try:
            m = self.by_id[mid]
            if name == "expected":
                forecasts = m.get("forecasts") or []
                return (
                    self.field(mid, "actual")
                    or next(
                        (self.date(f["date"], "expected") for f in reversed(forecasts)),
                        None,
                    )
                    or self.field(mid, "planned")
                )
            value = m.get(name)
            return self.date(value["date"] if isinstance(value, dict) else value, name)
        finally:
            self.resolving.discard(key)


def _shift(interval: Interval, n: int, unit: str) -> Interval:
    start, end = interval
    try:
        if unit in ("day", "week"):
            days = _dt.timedelta(days=n * (7 if unit == "week" else 1))
            return start + days, end + days
    except OverflowError as exc:
        raise Invalid("out of range") from exc
    months = n * (12 if unit == "year" else 1)
    if abs(months) > 12 * 10_000:
        raise Invalid("out of range")
    first = _month(start.year, start.month + months)[0]
    last = _month(end.year, end.month + months)[1]
    return first, last


def _text(value: Any) -> None:
    if isinstance(value, bool) or not (value is None or isinstance(value, (str, int, float))):
        raise Invalid("not text")


def _keys(value: Any, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict) or not set(value) <= allowed:
        raise Invalid("not a mapping with known keys")
    return value


def _tolerance(value: Any) -> None:
    if value is None or (value == 0 and type(value) is int):
        return
    if not isinstance(value, str) or not DURATION.fullmatch(value):
        raise Invalid("not a duration")


def _calendar_ok(value: Any) -> None:
    import holidays

    if value == "weekdays":
        return
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?", value):
        raise Invalid("not a calendar")
    country, _, sub = value.partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported or (
        sub and value not in {f"{country}-{s}" for s in supported[country]}
    ):
        raise Invalid("unknown calendar")


def _source(value: Any, sources: dict[str, Any]) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise Invalid("not a source id")
    if value not in sources and not re.match(r"https?://", value):
        raise Invalid("unknown source")


def _tags(tags: Any) -> None:
    """docs/plan-format.md: names and values are text (or numbers) of 1 to 80 characters."""
    if not isinstance(tags, dict):
        raise Invalid("tags")
    for pair in tags.items():
        for v in pair:
            ok = not isinstance(v, bool) and isinstance(v, (str, int, float))
            if not ok or not str(v).strip() or len(str(v)) > 80:
                raise Invalid("tag")


def _empty(value: Any, empty: Any) -> Any:
    """``null`` (or nothing) stands for an empty list or mapping; ``false`` and ``0`` do not."""
    return empty if value is None else value


def check(data: Any) -> None:
    """Raise Invalid unless ``data`` (a YAML document) is a valid plan."""
    plan = _keys(data, TOP)
    if "milestones" not in plan:
        raise Invalid("no milestones")
    if "plantrack" in plan and not (type(plan["plantrack"]) is int and plan["plantrack"] == 1):
        raise Invalid("format version")
    _text(plan.get("plan"))
    _text(plan.get("notes"))
    if plan.get("as_of") is not None:
        absolute(plan["as_of"])
    if "calendar" in plan:
        _calendar_ok(plan["calendar"])
    _tolerance(plan.get("tolerance"))
    if plan.get("start") is not None:
        absolute(plan["start"])
    _tags(_empty(plan.get("tags"), {}))
    sources = _empty(plan.get("sources"), {})
    if not isinstance(sources, dict):
        raise Invalid("sources")
    for sid, source in sources.items():
        if not isinstance(sid, str) or not ID.fullmatch(sid):
            raise Invalid("source id")
        if not isinstance(source, str):
            for key, value in _keys(source, SOURCE).items():
                _text(value) if key != "date" else value is None or absolute(value)
    milestones = _empty(plan["milestones"], [])
    if not isinstance(milestones, list):
        raise Invalid("milestones")
    for m in milestones:
        _keys(m, MILESTONE)
        mid = m.get("id")
        ok_int = type(mid) is int and mid >= 0
        if not (ok_int or (isinstance(mid, str) and ID.fullmatch(mid))):
            raise Invalid("id")
        _text(m.get("name"))
        _text(m.get("notes"))
        _tolerance(m.get("tolerance"))
        _source(m.get("source"), sources)
        if m.get("deadline") is not None:
            absolute(m["deadline"])
        for name in ("planned", "actual"):
            if isinstance(m.get(name), dict):
                long = _keys(m[name], {"date", "source"})
                if "date" not in long:
                    raise Invalid("long form without its date")
                _source(long.get("source"), sources)
        forecasts = _empty(m.get("forecasts"), [])
        if not isinstance(forecasts, list):
            raise Invalid("forecasts")
        for f in forecasts:
            if "date" not in _keys(f, FORECAST):
                raise Invalid("forecast without a date")
            _source(f.get("source"), sources)
            _text(f.get("note"))
            if f.get("reported") is not None:
                absolute(f["reported"])
    if len({str(m["id"]) for m in milestones}) != len(milestones):
        raise Invalid("duplicate id")
    if plan.get("headline") is not None and str(plan["headline"]) not in {
        str(m["id"]) for m in milestones
    }:
        raise Invalid("headline is not a milestone id")
    model = _Plan(milestones)
    for m in milestones:
        model.field(str(m["id"]), "planned")
        model.field(str(m["id"]), "actual")
        for f in m.get("forecasts") or []:
            model.date(f["date"], "expected")


def is_valid(text: str) -> bool:
    """Whether plantrack must accept ``text`` as a plan."""
    try:
        data = yaml.load(text, Loader=_NoDuplicates)
        check(data)
    except (Invalid, yaml.YAMLError, RecursionError):
        return False
    except (ValueError, KeyError, TypeError, OverflowError, AttributeError):
        # a value its tag cannot build: 2013-02-30, !!bool maybe, !!map abc, ...
        return False
    return True
