"""A cache of validated plans, keyed by the file's bytes (docs/ci.md, "Cache").

Loading a plan that an earlier run validated reads its plan back from the user
cache directory instead of parsing the YAML again: a CI ``check`` over an
unchanged portfolio then costs a hash and a small JSON read per file.

* The key is the SHA-256 of the file's bytes and of everything else that could
  change the plan loaded from them: the entry format, plantrack's version and
  loading code (the size and mtime of its modules), the ``holidays`` release
  (it decides which calendars exist) and the Python version.  An edited file
  has other bytes, so another key: it is never served stale.
* Only valid plans are stored; a file with errors is parsed afresh every time,
  so its messages are exactly those of a run without the cache.
* Entries are plain JSON (never pickle), read back through a whitelist of the
  plan's own value types with every field's type checked: an entry that is
  corrupted, truncated, of another version or crafted (unknown type, wrong
  field, wrong key, too large, a link) is discarded and the file parsed again.
* Entry names are hex digests, so nothing read or written leaves the cache
  directory; writes go to a temporary file renamed into place (``os.replace``),
  so concurrent runs see a whole entry or none.

``PLANTRACK_CACHE_DIR`` names the directory (default: the user cache directory,
from ``platformdirs``); ``PLANTRACK_NO_CACHE=1`` (or ``check --no-cache``) turns
the cache off.  The cache never changes what is reported, only how fast.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import functools
import hashlib
import json
import os
import sys
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack import __version__
from plantrack.dates import Bound, BoundKind, DateRef, FuzzyDate, Precision, Withdrawn
from plantrack.durations import Duration, DurationUnit
from plantrack.memo import MEMO_SIZE
from plantrack.model import Dependency, Forecast, Milestone, Plan, Rebaseline, Source, Waiver
from plantrack.reading import DEFAULT_MAX_SIZE, read_file

__all__ = ["ENTRY_FORMAT", "PlanCache", "from_environment", "load_plan"]

ENTRY_FORMAT = 1
ENV_DIR = "PLANTRACK_CACHE_DIR"
ENV_OFF = "PLANTRACK_NO_CACHE"
# An entry larger than this many times its plan file's size (plus a margin) is
# not a plan plantrack wrote: it is discarded unread.
_SIZE_FACTOR = 64
_SIZE_MARGIN = 64 * 1024

_KINDS = (Plan, Milestone, Forecast, Rebaseline, Waiver, Dependency, Source, FuzzyDate, DateRef)
_CLASSES: dict[str, type[Any]] = {c.__name__: c for c in (*_KINDS, Bound, Withdrawn, Duration)}
_ENUMS: dict[str, type[enum.Enum]] = {e.__name__: e for e in (Precision, BoundKind, DurationUnit)}


class _Invalid(ValueError):
    """An entry that is not a plan plantrack wrote."""


# What reading a damaged or crafted entry may raise: each means "no entry".
_UNREADABLE = (OSError, ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError)


@dataclass(frozen=True, slots=True)
class PlanCache:
    """Where entries live, and the salt that ties them to this plantrack."""

    directory: Path
    salt: str

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, key: str, file: str, size: int) -> Plan | None:
        """The plan stored under ``key``, named ``file``; None when there is
        none or the entry is not valid (then it is as if there were none)."""
        limit = size * _SIZE_FACTOR + _SIZE_MARGIN
        try:
            fd = os.open(self._entry(key), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as fh:
                raw = fh.read(limit + 1)
            if len(raw) > limit:
                return None
            entry = json.loads(raw)
            if not isinstance(entry, dict) or entry.get("key") != key:
                return None
            plan = _decode(entry.get("plan"))
        except _UNREADABLE:
            return None
        if not isinstance(plan, Plan):
            return None
        return dataclasses.replace(plan, file=file)

    def put(self, key: str, plan: Plan) -> None:
        """Store ``plan`` under ``key`` (atomically; silently not, when the
        directory cannot be written: the cache only ever saves time)."""
        import tempfile  # only to write an entry

        target = self._entry(key)
        document = {"key": key, "plan": _encode(dataclasses.replace(plan, file=""))}
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(json.dumps(document, separators=(",", ":")))  # the C encoder
                Path(temp).replace(target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return


def _salt() -> str:
    """What besides the file's bytes decides the plan loaded from them (on
    every run that uses the cache, so without importlib.metadata or pathlib's
    glob, which cost more than a warm hit saves: issue 14)."""
    package = Path(__file__).absolute().parent
    code = hashlib.sha256()
    for name, size, mtime in sorted(_modules(package, "")):
        code.update(f"{name}\0{size}\0{mtime}\0".encode())
    holidays = _holidays_release()
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return f"{ENTRY_FORMAT}|{__version__}|{holidays}|{python}|{code.hexdigest()}"


def _modules(folder: str | Path, prefix: str) -> list[tuple[str, int, int]]:
    """Every ``*.py`` under ``folder``: its path from there, size and mtime."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                found += _modules(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                stat = entry.stat()
                found.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
    return found


def _holidays_release() -> str:
    """The installed ``holidays`` release, from its ``holidays-X.dist-info``
    folder beside the package (as importlib.metadata finds it), else from
    importlib.metadata."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is not None and spec.submodule_search_locations:
        site = Path(next(iter(spec.submodule_search_locations))).absolute().parent
        with os.scandir(site) as entries:
            names = [e.name for e in entries if e.name.startswith("holidays-")]
        releases = [
            n[len("holidays-") : -len(".dist-info")] for n in names if n.endswith(".dist-info")
        ]
        if len(releases) == 1:
            return releases[0]
    from importlib import metadata  # pragma: no cover - an unusual installation

    try:  # pragma: no cover
        return metadata.version("holidays")
    except metadata.PackageNotFoundError:  # pragma: no cover - a declared dependency
        return "?"


def from_environment(
    *, enabled: bool = True, environ: Mapping[str, str] | None = None
) -> PlanCache | None:
    """The cache the environment asks for: None when ``enabled`` is false or
    ``PLANTRACK_NO_CACHE`` is set (to anything but empty or ``0``)."""
    env = os.environ if environ is None else environ
    if not enabled or env.get(ENV_OFF, "") not in ("", "0"):
        return None
    where = env.get(ENV_DIR)
    if not where:
        import platformdirs

        where = platformdirs.user_cache_dir("plantrack", appauthor=False)
    return PlanCache(Path(where) / f"plans-v{ENTRY_FORMAT}", _salt())


def load_plan(
    path: str | Path, *, max_size: int = DEFAULT_MAX_SIZE, cache: PlanCache | None = None
) -> Plan:
    """:func:`plantrack.loader.load_plan`, through ``cache`` when one is given:
    the same plan, or the same :class:`~plantrack.errors.PlanError`."""
    if cache is None:
        from plantrack.loader import load_plan as load_fresh

        return load_fresh(path, max_size=max_size)
    name = str(path)
    data = read_file(path, max_size=max_size)
    key = hashlib.sha256(cache.salt.encode() + b"\0" + data).hexdigest()
    plan = cache.get(key, name, len(data))
    if plan is None:  # parse: loader imports yaml, which a hit never does
        from plantrack.loader import load_plan_text
        from plantrack.reading import decode

        plan = load_plan_text(decode(data, name).text, name)
        cache.put(key, plan)
    return plan


# -- plain data ----------------------------------------------------------------


def _encode(value: Any) -> Any:
    """A plan's value as JSON: ``["C", class, [field values]]`` (in field order),
    ``["E", enum, value]``, ``["D", ordinal]``, ``["T", items]``, ``["M", pairs]``;
    str, int, bool and None as themselves."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, enum.Enum):
        return ["E", type(value).__name__, value.value]
    if isinstance(value, _dt.date):
        return ["D", value.toordinal()]
    if isinstance(value, tuple):
        return ["T", [_encode(v) for v in value]]
    if isinstance(value, Mapping):
        return ["M", [[k, _encode(v)] for k, v in value.items()]]
    if type(value).__name__ in _CLASSES:
        return [
            "C",
            type(value).__name__,
            [_encode(getattr(value, f)) for f in _fields(type(value))],
        ]
    raise TypeError(f"cannot cache a {type(value).__name__}")  # pragma: no cover


_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _fields(cls: type[Any]) -> tuple[str, ...]:
    """The fields ``cls`` is built from, in order (all positional in these types)."""
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return _FIELDS[cls]


Decoder = Callable[[Any], Any]
_SCALARS = (type(None), bool, str, int)


def _decode(raw: Any) -> Any:
    """The plan ``raw`` holds (as :func:`_encode` writes it); raises
    :class:`_Invalid` (or what a value type refuses) when it is not one."""
    return _decoder(Plan)(raw)


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """A function that reads a value of type ``hint`` and checks it is one
    (built once per type: the plan's types are a closed set)."""
    scalars = {h for h in _options(hint) if h in _SCALARS}
    tagged = {_tag(h): _tagged_decoder(h) for h in _options(hint) if h not in _SCALARS}

    def decode(raw: Any) -> Any:
        kind = type(raw)
        if kind in scalars:  # exactly: a bool is not an int here
            return raw
        if kind is not list or len(raw) < 2:
            raise _Invalid(hint)
        tag = (raw[0], raw[1]) if raw[0] in ("C", "E") else (raw[0], None)
        if type(tag[1]) not in (str, type(None)) or tag not in tagged:
            raise _Invalid(hint)
        return tagged[tag](raw)

    return decode


def _options(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _tag(hint: Any) -> tuple[str, str | None]:
    origin = typing.get_origin(hint)
    if origin is tuple:
        return ("T", None)
    if origin is Mapping:
        return ("M", None)
    if hint is _dt.date:
        return ("D", None)
    return ("E" if isinstance(hint, type) and issubclass(hint, enum.Enum) else "C", hint.__name__)


def _tagged_decoder(hint: Any) -> Decoder:
    kind, _ = _tag(hint)
    if kind == "D":
        return lambda raw: _dt.date.fromordinal(_exactly(int, raw[1], len(raw) == 2))
    if kind == "T":
        return _tuple_decoder(typing.get_args(hint)[0])
    if kind == "M":

        def pairs(raw: Any) -> Any:
            key, value = (_decoder(h) for h in typing.get_args(hint))
            out = {}
            for pair in _exactly(list, raw[1], len(raw) == 2):
                k, v = _exactly(list, pair, len(pair) == 2)
                out[key(k)] = value(v)
            return out

        return pairs
    if kind == "E":
        return lambda raw: hint(raw[2]) if len(raw) == 3 else _refuse(hint)
    if hint is FuzzyDate:
        return _fuzzy_date
    return _class_decoder(hint)


# FuzzyDates already decoded, by their checked row: the commonest value of a
# plan, and its dates repeat (frozen, so one object can stand for them all).
_FUZZY: dict[tuple[int, int, str, str, bool], FuzzyDate] = {}


def _fuzzy_date(raw: Any) -> FuzzyDate:
    """A FuzzyDate's row ``["C", "FuzzyDate", [start, end, precision, text,
    derived]]`` checked whole in one call (its tag is checked already): as the
    general class decoder would read it, field by field."""
    v = raw[2] if len(raw) == 3 else None
    if type(v) is list and len(v) == 5:
        s, e, p, text, derived = v
        if (  # chained: type(s) is type(e) and type(e) is type(p) and ... is list
            type(s) is type(e) is type(p) is list
            and len(s) == len(e) == 2
            and s[0] == e[0] == "D"
            and type(s[1]) is type(e[1]) is int
            and p[:2] == ["E", "Precision"]
            and len(p) == 3
            and type(p[2]) is type(text) is str
            and type(derived) is bool
        ):
            key = (s[1], e[1], p[2], text, derived)
            found = _FUZZY.get(key)
            if found is None:
                start, end = _dt.date.fromordinal(s[1]), _dt.date.fromordinal(e[1])
                found = FuzzyDate(start, end, Precision(p[2]), text, derived)
                if len(_FUZZY) >= MEMO_SIZE:
                    _FUZZY.clear()
                _FUZZY[key] = found
            return found
    raise _Invalid(FuzzyDate)


def _tuple_decoder(item: Any) -> Decoder:
    read_item: list[Decoder] = []  # looked up on first use (the types may recur)

    def items(raw: Any) -> Any:
        if not read_item:
            read_item.append(_decoder(item))
        read = read_item[0]
        return tuple([read(v) for v in _exactly(list, raw[1], len(raw) == 2)])

    return items


def _class_decoder(hint: Any) -> Decoder:
    names = _fields(hint)
    hints = typing.get_type_hints(hint)
    # Per field, looked up on first use (types recur): its scalar types, taken
    # as they are without a call, and its reader for anything else.
    plan: list[tuple[frozenset[type[Any]], Decoder]] = []
    width = len(names)

    def build(raw: Any) -> Any:
        values = raw[2] if len(raw) == 3 else None
        if type(values) is not list or len(values) != width:
            raise _Invalid(hint)
        if not plan:
            plan.extend(
                (frozenset(h for h in _options(hints[n]) if h in _SCALARS), _decoder(hints[n]))
                for n in names
            )
        return hint(
            *[v if type(v) in ok else read(v) for (ok, read), v in zip(plan, values, strict=True)]
        )

    return build


def _exactly(kind: type[Any], raw: Any, ok: bool) -> Any:
    if not ok or type(raw) is not kind:
        raise _Invalid(kind)
    return raw


def _refuse(hint: Any) -> Any:
    raise _Invalid(hint)
