"""YAML plan file -> :class:`~plantrack.model.Plan`, with every problem found.

Valid files take the fast path: libyaml's C parser (when PyYAML has it) builds
plain Python objects, and no positions are kept.  Only when there is something
to report is the text composed again into nodes, to turn each problem's key
path into ``line:column``.

The YAML dialect is PyYAML's safe one with three changes: timestamps stay text
(plantrack parses dates itself, with their precision), only ``true``/``false``
are booleans (so ``notes: no`` is the word "no"), and a key given twice in one
mapping is an error instead of silently keeping the last.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from plantrack.dates import DateError, DateRef, FuzzyDate, parse_date_expr
from plantrack.durations import Duration, DurationError, parse_duration
from plantrack.errors import PlanError, Problem
from plantrack.model import Forecast, Milestone, Plan, Source, report_order

__all__ = [
    "DEFAULT_MAX_SIZE",
    "FORMAT_VERSION",
    "ID_PATTERN",
    "find_plan_files",
    "load_plan",
    "load_plan_text",
    "load_plans",
    "locate",
]

FORMAT_VERSION = 1
DEFAULT_MAX_SIZE = 32 * 1024 * 1024  # bytes; see docs/plan-format.md, "Limits"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
MAX_ALIAS_NODES = 1_000_000  # nodes that aliases may add; see docs/limits.md
MAX_INT_DIGITS = 1_000  # digits in a YAML integer
_INT_LIMIT = 10**MAX_INT_DIGITS
MAX_NESTING = 1_000  # libyaml's own limit on nesting depth
MAX_HINT_WORK = 500_000  # names compared for "did you mean" hints, per file
MAX_REF_DEPTH = 100  # references in a row (a.planned -> b.planned -> ...)
_ANCHOR = re.compile(r"(?<![^\s\[{,])&[^\s\[\]{},]")
_CALENDAR = re.compile(r"weekdays|[A-Z]{2}(?:-[A-Z0-9]{1,3})?")

KeyPath = tuple[str | int, ...]
Expr = FuzzyDate | DateRef

# -- YAML ----------------------------------------------------------------------

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if not tag.endswith(":timestamp")]
        kept = [
            (tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
            if tag.endswith(":bool")
            else (tag, rx)
            for tag, rx in kept
        ]
        if kept:
            table[first] = kept
    return table


class _PlanLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text and records duplicate keys."""

    yaml_implicit_resolvers = _resolvers()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.key_problems: list[tuple[yaml.Mark, str]] = []
        # (line, column) of each item of the top-level milestones list: kept on
        # the fast path because the parser marks every node anyway.
        self.milestone_marks: list[tuple[int, int]] = []
        # Aliases need anchors: a file without "&name" skips the alias walk.
        self.has_anchors = _ANCHOR.search(stream) is not None

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self.has_anchors:
            _check_aliases(node)
        self.milestone_marks = _milestone_marks(node)
        return self.construct_document(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            value: int = super().construct_yaml_int(node)
        except ValueError:  # Python refuses to convert over 4,300 decimal digits
            value = _INT_LIMIT
        if abs(value) >= _INT_LIMIT:
            raise _LimitError(
                None,
                None,
                f"a number with more than {MAX_INT_DIGITS:,} digits "
                "(limit on the size of numbers; see docs/limits.md)",
                node.start_mark,
            )
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                self.key_problems.append(
                    (key_node.start_mark, "a mapping key must be text, not a list or mapping")
                )
                continue
            if duplicate:
                self.key_problems.append(
                    (key_node.start_mark, f"duplicate key {key!r} (each key may appear once)")
                )
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                continue
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_PlanLoader.add_constructor("tag:yaml.org,2002:map", _PlanLoader.construct_yaml_map)
_PlanLoader.add_constructor("tag:yaml.org,2002:int", _PlanLoader.construct_yaml_int)


class _LimitError(yaml.constructor.ConstructorError):
    """Valid YAML that goes over one of the documented limits (docs/limits.md)."""


def _check_aliases(root: yaml.Node) -> None:
    """Refuse recursive aliases and alias expansion over MAX_ALIAS_NODES (billion laughs).

    Counts, without building anything, how many nodes the document would have
    with every alias expanded, and compares that with the nodes written.
    """
    size: dict[int, int] = {}  # id(node) -> nodes once expanded (capped)
    uses: dict[int, tuple[yaml.Node, int]] = {}  # id -> (node, times reached again)
    on_path: set[int] = set()
    cap = MAX_ALIAS_NODES + 1
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_path.discard(key)
            size[key] = min(cap * 2, 1 + sum(size[id(c)] for c in children))
            continue
        if key in size:
            uses[key] = (node, uses.get(key, (node, 0))[1] + 1)
            continue
        if key in on_path:
            raise _LimitError(
                None,
                None,
                "a recursive alias: this anchor's node contains an alias to itself "
                "(plans cannot be recursive; see docs/limits.md)",
                node.start_mark,
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children)
    if size[id(root)] - len(size) <= MAX_ALIAS_NODES:
        return
    node, count = max(uses.values(), key=lambda u: size[id(u[0])] * u[1])
    raise _LimitError(
        None,
        None,
        f"aliases expand the document by more than {MAX_ALIAS_NODES:,} nodes "
        f"(limit on alias expansion; this anchor is used {count + 1:,} times; "
        "see docs/limits.md)",
        node.start_mark,
    )


def _milestone_marks(root: yaml.Node) -> list[tuple[int, int]]:
    """1-based ``(line, column)`` of each item of the top-level ``milestones`` list."""
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == "milestones" and isinstance(value_node, yaml.SequenceNode):
                return [(n.start_mark.line + 1, n.start_mark.column + 1) for n in value_node.value]
    return []


def _compose(text: str) -> yaml.Node | None:
    with _gc_paused():
        return yaml.compose(text, Loader=_PlanLoader)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading builds millions of small
    objects and no reference cycles to free, and the collector would walk them
    again and again (3-5x the load time on big plans)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _find_in_mapping(
    node: yaml.MappingNode, key: str | int, seen: frozenset[int] = frozenset()
) -> tuple[yaml.Node, yaml.Node] | None:
    index: dict[str, tuple[yaml.Node, yaml.Node]] | None = getattr(node, "_index", None)
    if index is None:  # built once per mapping: locating many problems stays linear
        index = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        node._index = index  # type: ignore[attr-defined]
    if (hit := index.get(str(key))) is not None:
        return hit
    seen = seen | {id(node)}  # a mapping that merges itself must not loop forever
    for key_node, value_node in node.value:  # keys merged in with "<<"
        if key_node.tag == "tag:yaml.org,2002:merge":
            merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for m in merged:
                if (
                    isinstance(m, yaml.MappingNode)
                    and id(m) not in seen
                    and (hit := _find_in_mapping(m, key, seen))
                ):
                    return hit
    return None


def locate(root: yaml.Node | None, path: KeyPath, *, at_key: bool = False) -> tuple[int, int]:
    """The 1-based ``(line, column)`` of the node at ``path`` in a composed document.

    Walks as far as the path exists; ``at_key`` points at the last key instead
    of its value.
    """
    if root is None:
        return (1, 1)
    node: yaml.Node = root
    mark = node.start_mark
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            hit = _find_in_mapping(node, step)
            if hit is None:
                break
            key_node, node = hit
            mark = key_node.start_mark if (last and at_key) else node.start_mark
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                break
            node = node.value[step]
            mark = node.start_mark
        else:
            break
    return (mark.line + 1, mark.column + 1)


# -- reading files -------------------------------------------------------------


def _decode(data: bytes) -> tuple[str | None, str, int]:
    """Text of a plan file, or ``(None, reason, offset)`` when it is not text."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return data.decode("utf-32"), "", 0
        except UnicodeDecodeError as exc:
            return None, "invalid UTF-32 text", exc.start
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "", 0
        except UnicodeDecodeError as exc:
            return None, "invalid UTF-16 text", exc.start
    if b"\x00" in data:
        return None, "a NUL byte: this is a binary file, not YAML text", data.index(b"\x00")
    try:
        return data.decode("utf-8-sig"), "", 0
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", exc.start


def _offset_position(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in raw bytes or decoded text."""
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1
    column = offset - (data.rfind(newline, 0, offset) + 1) + 1
    return line, column


def load_plan(path: str | Path, *, max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """Read and validate a plan file.

    Raises :class:`~plantrack.errors.PlanError` with every problem found,
    each at its ``line:column``.
    """
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise PlanError([Problem(name, 0, 0, "is a directory (expected a plan file)")])
        size = p.stat().st_size
        if size > max_size:
            raise PlanError(
                [
                    Problem(
                        name,
                        0,
                        0,
                        f"file is {size:,} bytes, over the limit of {max_size:,} "
                        "(raise it with --max-size)",
                    )
                ]
            )
        data = p.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise PlanError([Problem(name, 0, 0, f"cannot read file: {reason}")]) from exc
    text, reason, offset = _decode(data)
    if text is None:
        line, column = _offset_position(data, offset)
        raise PlanError([Problem(name, line, column, f"not a text file: {reason}")])
    return load_plan_text(text, name)


def load_plan_text(text: str, file: str = "<plan>") -> Plan:
    """Validate a plan given as text; ``file`` names it in messages."""
    with _gc_paused():
        return _load_text(text, file)


def _load_text(text: str, file: str) -> Plan:
    try:
        loader = _PlanLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        kind = "" if isinstance(exc, _LimitError) else "YAML syntax error: "
        if "maximum nesting depth" in problem:
            problem += f" (limit: {MAX_NESTING:,} levels; see docs/limits.md)"
        context = f" {exc.context}" if exc.context else ""
        raise PlanError([Problem(file, line, column, f"{kind}{problem}{context}")]) from exc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line, column = _offset_position(text, exc.position)
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise PlanError(
            [
                Problem(
                    file,
                    line,
                    column,
                    f"not YAML text: character {char} is not allowed "
                    "(expected printable text; control characters must be escaped)",
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise PlanError([Problem(file, 1, 1, f"YAML error: {exc}")]) from exc
    except RecursionError as exc:
        message = f"YAML nesting is too deep (limit: {MAX_NESTING:,} levels; see docs/limits.md)"
        raise PlanError([Problem(file, 1, 1, message)]) from exc

    checker = _Checker(file)
    checker.marks = loader.milestone_marks
    for mark, message in loader.key_problems:
        checker.problems.append(Problem(file, mark.line + 1, mark.column + 1, message))
    plan = checker.plan(data, text)
    if checker.issues or checker.problems:
        raise PlanError(checker.located(text))
    assert plan is not None
    return plan


# -- validation ----------------------------------------------------------------


@dataclass
class _Issue:
    path: KeyPath
    message: str
    at_key: bool = False
    related: KeyPath | None = None  # "{related}" in message becomes "line N"


@dataclass
class _RawForecast:
    date: Expr
    reported: Expr | None
    source: str | None
    note: str | None
    path: KeyPath


@dataclass
class _RawMilestone:
    index: int
    id: str
    name: str
    dates: dict[str, Expr] = field(default_factory=dict)  # planned, actual, deadline
    forecasts: list[_RawForecast] = field(default_factory=list)
    source: str | None = None
    planned_source: str | None = None
    actual_source: str | None = None
    notes: str | None = None
    tolerance: Duration | None = None


_TOP_KEYS = (
    "plantrack", "plan", "as_of", "calendar", "tolerance", "notes", "sources", "milestones",
)  # fmt: skip
_MILESTONE_KEYS = (
    "id", "name", "planned", "forecasts", "actual", "deadline", "tolerance", "source", "notes",
)  # fmt: skip
_FORECAST_KEYS = ("date", "reported", "source", "note")
_SOURCE_KEYS = ("title", "publisher", "date", "url", "note")
_DATED_KEYS = ("date", "source")  # the long form of planned / actual
_EXPECTED_DATE_KEYS = ("planned", "actual", "expected")


def _type_name(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, str):
        return f'"{value}"'
    return type(value).__name__  # pragma: no cover - safe YAML yields no other types


def _some(names: Collection[str], limit: int = 10) -> str:
    """The first ``limit`` names, and how many there are in all when more."""
    shown = ", ".join(itertools.islice(names, limit))
    return shown if len(names) <= limit else f"{shown}, … ({len(names):,} in all)"


def _did_you_mean(word: object, choices: Iterable[str]) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class _Checker:
    """Walks the loaded data, building the plan and collecting every problem."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[_Issue] = []
        self.marks: Sequence[tuple[int, int]] = ()  # milestone positions, from the parser
        self.problems: list[Problem] = []
        self.hint_budget = MAX_HINT_WORK

    def hint(self, word: object, choices: Collection[str]) -> str:
        """A "did you mean" hint, while the budget for them lasts (many unknown
        names against many known ones would otherwise take quadratic time)."""
        cost = len(choices) + len(str(word)) // 100 + 1
        if cost > self.hint_budget:
            return ""
        self.hint_budget -= cost
        return _did_you_mean(word, choices)

    def error(self, path: KeyPath, message: str, **kw: Any) -> None:
        self.issues.append(_Issue(path, message, **kw))

    def located(self, text: str) -> list[Problem]:
        """Every problem, positioned and in file order."""
        root = None
        if self.issues:
            try:
                root = _compose(text)
            except (yaml.YAMLError, RecursionError):  # pragma: no cover - it loaded once
                root = None
        problems = list(self.problems)
        for issue in self.issues:
            message = issue.message
            if issue.related is not None:
                rel_line, _ = locate(root, issue.related)
                message = message.replace("{related}", f"line {rel_line}")
            line, column = locate(root, issue.path, at_key=issue.at_key)
            problems.append(Problem(self.file, line, column, message))
        # One reference can be reached along several chains: report it once.
        return sorted(dict.fromkeys(problems), key=lambda p: (p.line, p.column))

    # -- generic checks -------------------------------------------------------
    def mapping(
        self, value: object, path: KeyPath, keys: Sequence[str], what: str
    ) -> Mapping[Any, Any] | None:
        if not isinstance(value, Mapping):
            self.error(path, f"{what} must be a mapping, not {_type_name(value)}")
            return None
        for key in value:
            if key not in keys:
                hint = self.hint(key, keys)
                allowed = ", ".join(keys)
                self.error(
                    (*path, key),
                    f"unknown key {str(key)!r} in {what}{hint} (expected one of: {allowed})",
                    at_key=True,
                )
        return value

    def text(self, value: object, path: KeyPath) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, f"'{path[-1]}' must be text, not {_type_name(value)}")
            return None
        return str(value)

    def identifier(self, value: object, path: KeyPath, what: str) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.error(
                path,
                f"{what} {_type_name(value)} is not a valid id "
                "(expected lower-case letters, digits, '.', '_' or '-', "
                "starting with a letter or digit)",
            )
            return None
        return value

    def date(self, value: object, path: KeyPath) -> Expr | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, _dt.date)):
            self.error(path, f"'{path[-1]}' must be a date, not {_type_name(value)}")
            return None
        try:
            return parse_date_expr(value)
        except DateError as exc:
            self.error(path, f"'{path[-1]}': {exc}")
            return None

    def absolute_date(self, value: object, path: KeyPath) -> FuzzyDate | None:
        expr = self.date(value, path)
        if isinstance(expr, DateRef):
            self.error(path, f"'{path[-1]}' must be a date, not a milestone reference")
            return None
        return expr

    def duration(self, value: object, path: KeyPath) -> Duration | None:
        if value is None:
            return None
        try:
            return parse_duration(value)  # type: ignore[arg-type]
        except DurationError as exc:
            self.error(path, f"'{path[-1]}': {exc}")
            return None

    # -- the plan ---------------------------------------------------------------
    def plan(self, data: object, text: str) -> Plan | None:
        if data is None:
            self.error((), "the file is empty (expected a plan: a mapping with 'milestones')")
            return None
        top = self.mapping(data, (), _TOP_KEYS, "the plan")
        if top is None:
            return None
        version = top.get("plantrack", FORMAT_VERSION)
        if version != FORMAT_VERSION or isinstance(version, bool):
            self.error(
                ("plantrack",),
                f"unsupported format version {_type_name(version)} "
                f"(this plantrack reads version {FORMAT_VERSION})",
            )
        name = self.text(top.get("plan"), ("plan",)) or Path(self.file).stem
        notes = self.text(top.get("notes"), ("notes",))
        tolerance = self.duration(top.get("tolerance"), ("tolerance",))
        calendar = top.get("calendar", "weekdays")
        if not isinstance(calendar, str) or not _CALENDAR.fullmatch(calendar):
            self.error(
                ("calendar",),
                f"'calendar': {_type_name(calendar)} is not a calendar "
                "(expected weekdays, or a country or subdivision code such as GB-ENG, US, DE-BY)",
            )
            calendar = "weekdays"
        elif calendar != "weekdays":
            from plantrack.calendars import calendar_problem  # imports holidays

            if (why := calendar_problem(calendar)) is not None:
                self.error(("calendar",), f"'calendar': {why}")
                calendar = "weekdays"
        sources = self.sources(top.get("sources"))
        raw = self.milestones(top)
        as_of_expr = self.date(top.get("as_of"), ("as_of",))
        if raw is None:
            return None

        for m in raw:
            for src, path in self._source_refs(m):
                if src not in sources and not src.startswith(("http://", "https://")):
                    hint = self.hint(src, sources)
                    known = f"known: {_some(sources)}" if sources else "no sources defined"
                    self.error(
                        path,
                        f"unknown source '{src}'{hint} "
                        f"(expected an id from 'sources' or a URL; {known})",
                    )
        resolver = _Resolver(self, raw)
        milestones = tuple(resolver.milestone(m) for m in raw)
        as_of = resolver.expr(as_of_expr, ("as_of",), "expected", ()) if as_of_expr else None
        return Plan(
            file=self.file,
            name=name,
            milestones=milestones,
            sources=sources,
            as_of=as_of,
            tolerance=tolerance,
            calendar=calendar,
            notes=notes,
            text=text,
        )

    def _source_refs(self, m: _RawMilestone) -> Iterator[tuple[str, KeyPath]]:
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

    def sources(self, value: object) -> dict[str, Source]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.error(("sources",), f"'sources' must be a mapping of ids, not {_type_name(value)}")
            return {}
        result: dict[str, Source] = {}
        for key, body in value.items():
            path: KeyPath = ("sources", key)
            sid = self.identifier(key, path, "source id")
            if isinstance(body, str):  # shorthand: id: title
                body = {"title": body}
            entry = self.mapping(body, path, _SOURCE_KEYS, f"source '{key}'")
            if sid is None or entry is None:
                continue
            result[sid] = Source(
                id=sid,
                title=self.text(entry.get("title"), (*path, "title")),
                publisher=self.text(entry.get("publisher"), (*path, "publisher")),
                date=self.absolute_date(entry.get("date"), (*path, "date")),
                url=self.text(entry.get("url"), (*path, "url")),
                note=self.text(entry.get("note"), (*path, "note")),
            )
        return result

    def milestones(self, top: Mapping[Any, Any]) -> list[_RawMilestone] | None:
        if "milestones" not in top:
            self.error((), "missing 'milestones' (expected a list of milestones)")
            return None
        items = top["milestones"]
        if items is None:
            return []
        if not isinstance(items, list):
            self.error(("milestones",), f"'milestones' must be a list, not {_type_name(items)}")
            return None
        raw: list[_RawMilestone] = []
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

    def milestone(self, item: object, index: int) -> _RawMilestone | None:
        path: KeyPath = ("milestones", index)
        body = self.mapping(item, path, _MILESTONE_KEYS, f"milestone {index + 1}")
        if body is None:
            return None
        if "id" not in body:
            self.error(path, f"milestone {index + 1} has no 'id' (expected e.g. id: ict-strategy)")
            mid = None
        else:
            mid = self.identifier(body["id"], (*path, "id"), "milestone id")
        name = self.text(body.get("name"), (*path, "name"))
        m = _RawMilestone(index, mid or "", name or mid or "")
        m.source = self.text(body.get("source"), (*path, "source"))
        m.notes = self.text(body.get("notes"), (*path, "notes"))
        m.tolerance = self.duration(body.get("tolerance"), (*path, "tolerance"))
        for key in ("planned", "actual"):
            value = body.get(key)
            if isinstance(value, Mapping):  # long form: {date: ..., source: ...}
                long = self.mapping(value, (*path, key), _DATED_KEYS, f"'{key}'")
                assert long is not None
                if "date" not in long:
                    self.error((*path, key), f"'{key}' has no 'date' (expected date: and source:)")
                expr = self.date(long.get("date"), (*path, key, "date"))
                src = self.text(long.get("source"), (*path, key, "source"))
                setattr(m, f"{key}_source", src)
            else:
                expr = self.date(value, (*path, key))
            if expr is not None:
                m.dates[key] = expr
        deadline = self.date(body.get("deadline"), (*path, "deadline"))
        if deadline is not None:
            m.dates["deadline"] = deadline
        forecasts = body.get("forecasts")
        if forecasts is not None and not isinstance(forecasts, list):
            self.error(
                (*path, "forecasts"), f"'forecasts' must be a list, not {_type_name(forecasts)}"
            )
        elif forecasts:
            for i, f in enumerate(forecasts):
                raw_f = self.forecast(f, (*path, "forecasts", i))
                if raw_f is not None:
                    m.forecasts.append(raw_f)
        return m if mid is not None else None

    def forecast(self, item: object, path: KeyPath) -> _RawForecast | None:
        body = self.mapping(item, path, _FORECAST_KEYS, "a forecast")
        if body is None:
            return None
        if body.get("date") is None:
            self.error(path, "a forecast has no 'date' (expected e.g. date: 2014-01)")
        date = self.date(body.get("date"), (*path, "date"))
        reported = self.date(body.get("reported"), (*path, "reported"))
        source = self.text(body.get("source"), (*path, "source"))
        note = self.text(body.get("note"), (*path, "note"))
        if date is None:
            return None
        return _RawForecast(date, reported, source, note, path)


class _Failed(Exception):
    """A date that could not be resolved; its problem is already recorded."""


class _Resolver:
    """Resolves milestone references (``ID.field + N unit``), finding cycles."""

    def __init__(self, checker: _Checker, raw: Sequence[_RawMilestone]) -> None:
        self.checker = checker
        self.raw = {m.id: m for m in raw}
        self.done: dict[tuple[str, str], _Failed | FuzzyDate | None] = {}

    def expr(
        self, expr: Expr, path: KeyPath, default_field: str, chain: tuple[str, ...]
    ) -> FuzzyDate | None:
        """The date ``expr`` stands for; records a problem and returns None on failure."""
        try:
            return self._resolve(expr, path, default_field, chain)
        except _Failed:
            return None

    def _resolve(
        self, expr: Expr, path: KeyPath, default_field: str, chain: tuple[str, ...]
    ) -> FuzzyDate:
        if isinstance(expr, FuzzyDate):
            return expr
        field_name = expr.field_name or default_field
        target = self.raw.get(expr.milestone)
        if target is None:
            hint = self.checker.hint(expr.milestone, self.raw)
            self.checker.error(
                path,
                f"'{path[-1]}': \"{expr.text}\" refers to unknown milestone "
                f"'{expr.milestone}'{hint} (expected the id of a milestone in this plan)",
            )
            raise _Failed
        link = f"{expr.milestone}.{field_name}"
        if link in chain:
            cycle = " → ".join((*chain[chain.index(link) :], link))
            self.checker.error(
                path,
                f"'{path[-1]}': \"{expr.text}\" makes a cycle: {cycle} "
                "(expected references that end at a date)",
            )
            raise _Failed
        if len(chain) >= MAX_REF_DEPTH:  # resolving recurses: keep far from Python's limit
            self.checker.error(
                path,
                f"'{path[-1]}': \"{expr.text}\" is reached through more than "
                f"{MAX_REF_DEPTH} references in a row (limit on reference chains; "
                "see docs/limits.md)",
            )
            raise _Failed
        value = self._field(target, field_name, (*chain, link))
        if value is None:
            self.checker.error(
                path,
                f"'{path[-1]}': \"{expr.text}\" refers to {link}, which has no date "
                "(expected a milestone field that is set)",
            )
            raise _Failed
        if expr.amount:
            try:
                value = value.shift(expr.amount, expr.unit)
            except DateError as exc:
                self.checker.error(path, f"'{path[-1]}': {exc}")
                raise _Failed from exc
        return value.with_text(expr.text, derived=True)

    def _field(self, m: _RawMilestone, name: str, chain: tuple[str, ...]) -> FuzzyDate | None:
        key = (m.id, name)
        if key in self.done:
            cached = self.done[key]
            if isinstance(cached, _Failed):
                raise cached
            return cached
        try:
            value = self._compute(m, name, chain)
        except _Failed as exc:
            self.done[key] = exc
            raise
        self.done[key] = value
        return value

    def _compute(self, m: _RawMilestone, name: str, chain: tuple[str, ...]) -> FuzzyDate | None:
        base: KeyPath = ("milestones", m.index)
        if name in ("planned", "actual"):
            expr = m.dates.get(name)
            if expr is None:
                return None
            path = (*base, name, "date") if getattr(m, f"{name}_source") else (*base, name)
            return self._resolve(expr, path, name, chain)
        # expected: the actual, else the latest-reported forecast, else the planned date
        if "actual" in m.dates:
            return self._field(m, "actual", chain)
        if m.forecasts:
            order = [
                report_order(
                    self._resolve(f.reported, (*f.path, "reported"), "expected", chain)
                    if f.reported is not None
                    else None,
                    i,
                )
                for i, f in enumerate(m.forecasts)
            ]
            f = m.forecasts[max(order)[-1]]
            return self._resolve(f.date, (*f.path, "date"), "expected", chain)
        return self._field(m, "planned", chain)

    def milestone(self, m: _RawMilestone) -> Milestone:
        base: KeyPath = ("milestones", m.index)
        marks = self.checker.marks
        line, column = marks[m.index] if m.index < len(marks) else (0, 0)
        planned = self._top(m, "planned")
        actual = self._top(m, "actual")
        deadline = None
        if "deadline" in m.dates:
            deadline = self.expr(m.dates["deadline"], (*base, "deadline"), "expected", ())
        forecasts = []
        for f in m.forecasts:
            date = self.expr(f.date, (*f.path, "date"), "expected", ())
            reported = (
                self.expr(f.reported, (*f.path, "reported"), "expected", ())
                if f.reported is not None
                else None
            )
            if date is not None:
                forecasts.append(Forecast(date, reported, f.source, f.note))
        return Milestone(
            id=m.id,
            name=m.name,
            planned=planned,
            forecasts=tuple(forecasts),
            actual=actual,
            source=m.source,
            planned_source=m.planned_source,
            actual_source=m.actual_source,
            notes=m.notes,
            deadline=deadline,
            tolerance=m.tolerance,
            index=m.index,
            line=line,
            column=column,
        )

    def _top(self, m: _RawMilestone, name: str) -> FuzzyDate | None:
        try:
            return self._field(m, name, (f"{m.id}.{name}",))
        except _Failed:
            return None


# -- many files ----------------------------------------------------------------

_GLOB_CHARS = frozenset("*?[")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _glob(pattern: str) -> list[Path]:
    """Expand a pattern the shell did not (quoted, or from a script), absolute or relative."""
    path = Path(pattern)
    anchor = Path(path.anchor) if path.is_absolute() else Path()
    relative = str(path.relative_to(anchor)) if path.is_absolute() else pattern
    return list(anchor.glob(relative))


def find_plan_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files, directories (searched recursively for ``*.yaml``/``*.yml``)
    and glob patterns into plan files, in a stable order.  Paths that match
    nothing come back as problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for pattern in ("*.yaml", "*.yml")
                for p in path.rglob(pattern)
                if p.is_file() and not _hidden(p.relative_to(path))
            )
            if not found:
                problems.append(Problem(str(raw), 0, 0, "no plan files (*.yaml, *.yml) here"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        elif _GLOB_CHARS & set(str(raw)):
            found = sorted(p for p in _glob(str(raw)) if p.is_file())
            if not found:
                problems.append(Problem(str(raw), 0, 0, "no files match this pattern"))
            files.extend(found)
        else:
            problems.append(Problem(str(raw), 0, 0, "no such file or directory"))
    unique = list(dict.fromkeys(files))
    return unique, problems


def load_plans(
    paths: Iterable[str | Path], *, max_size: int = DEFAULT_MAX_SIZE
) -> tuple[list[Plan], list[Problem]]:
    """Load every plan under ``paths``; returns the plans that loaded and the
    problems of those that did not (so a run can go on with the valid ones)."""
    files, problems = find_plan_files(paths)
    plans: list[Plan] = []
    for f in files:
        try:
            plans.append(load_plan(f, max_size=max_size))
        except PlanError as exc:
            problems.extend(exc.problems)
    return plans, problems
