"""Reading plan files: bytes within a size limit, and one decoder for them.

Used for files on disk, for ``PATH@REV`` read from git, and by the editor, so
that a plan reads the same wherever it comes from.  A byte-order mark selects
UTF-8, UTF-16 or UTF-32 (as YAML allows); without one only UTF-8 is read.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from plantrack.errors import PlanError, PlantrackError, Problem

__all__ = [
    "DEFAULT_MAX_SIZE",
    "Decoded",
    "TooLarge",
    "decode",
    "read_file",
    "read_revision",
]

DEFAULT_MAX_SIZE = 32 * 1024 * 1024  # bytes; see docs/plan-format.md, "Limits"
GIT_TIMEOUT = 60  # seconds for one git command

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class TooLarge(Problem):
    """A file over the size limit.  The message describes the limit; a front
    end adds how to lift it (the CLI names ``--max-size``)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A plan's text, and how it was encoded (to write it back the same way)."""

    text: str
    encoding: str  # Python codec of the bytes after the mark: utf-8, utf-16-le, ...
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """``text`` in this encoding, with the same byte-order mark."""
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, file: str) -> Decoded:
    """The text of a plan file; raises :class:`PlanError`, positioned at the
    first bad byte, when it is not text.

    The position of a bad byte counts lines and columns after the byte-order
    mark: in bytes for UTF-8, in characters for UTF-16 and UTF-32.
    """
    from plantrack.positions import offset_position  # imports yaml: not on a cache hit

    bom, encoding = next(((m, e) for m, e in _BOMS if data.startswith(m)), (b"", "utf-8"))
    body = data[len(bom) :]
    if encoding == "utf-8" and b"\x00" in body:
        reason, offset = "a NUL byte: this is a binary file, not YAML text", body.index(b"\x00")
        where = offset_position(body, offset)
    else:
        try:
            return Decoded(body.decode(encoding), encoding, bom)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8":
                reason = f"invalid UTF-8 (byte 0x{body[exc.start]:02x})"
                where = offset_position(body, exc.start)
            else:
                reason = f"invalid {encoding[:6].upper()} text"
                before = body[: exc.start].decode(encoding)
                where = offset_position(before, len(before))
    raise PlanError([Problem(file, *where, f"not a text file: {reason}")])


def _too_large(file: str, max_size: int, size: int | None = None) -> PlanError:
    if size is None:  # not a regular file: its size is known only by reading
        message = f"file is larger than the limit of {max_size:,} bytes"
    else:
        message = f"file is {size:,} bytes, over the limit of {max_size:,}"
    return PlanError([TooLarge(file, 0, 0, message)])


def read_file(path: str | Path, *, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """The bytes of the file at ``path``, refused over ``max_size`` bytes.

    A regular file's size is checked first; whatever it is, no more than
    ``max_size + 1`` bytes are read, so a device, a FIFO or a file that grows
    is refused rather than read for ever.
    """
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise PlanError([Problem(name, 0, 0, "is a directory (expected a plan file)")])
        with p.open("rb") as f:
            info = os.fstat(f.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_size:
                raise _too_large(name, max_size, info.st_size)
            data = f.read(max_size + 1)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise PlanError([Problem(name, 0, 0, f"cannot read file: {reason}")]) from exc
    if len(data) > max_size:
        raise _too_large(name, max_size)
    return data


@functools.cache
def _end_of_options() -> tuple[str, ...]:
    """``--end-of-options`` when this git knows it (2.24 and later), else nothing."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "version"], capture_output=True, check=False, timeout=GIT_TIMEOUT
        ).stdout.decode("ascii", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return ()
    m = re.search(r"(\d+)\.(\d+)", out)
    return ("--end-of-options",) if m and (int(m[1]), int(m[2])) >= (2, 24) else ()


def _git(spec: str, path: str, rev: str, folder: Path, *args: str) -> bytes:
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "cat-file", *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PlantrackError(f"{spec}: cannot run git: {exc}") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else f"git exited {done.returncode}"
        raise PlantrackError(f"{spec}: cannot read {path} at revision {rev!r}: {detail}")
    return done.stdout


def read_revision(path: str, rev: str, *, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """The bytes of the file ``path`` at git revision ``rev`` (``PATH@REV``).

    The blob's size is asked of git before it is read.  A revision that starts
    with ``-`` is refused (git would read it as an option), and
    ``--end-of-options`` is passed where git knows it.
    """
    spec = f"{path}@{rev}"
    if rev.startswith("-"):
        raise PlanError(
            [
                Problem(
                    spec,
                    1,
                    len(path) + 2,
                    f"revision {rev[:40]!r} starts with '-' "
                    "(expected a branch, tag or commit, e.g. main or HEAD~1)",
                )
            ]
        )
    p = Path(path)
    folder = p.parent if str(p.parent) else Path()
    obj = f"{rev}:./{p.name}"
    eoo = _end_of_options()
    size_text = _git(spec, path, rev, folder, "-s", *eoo, obj).strip()
    size = int(size_text) if size_text.isdigit() else 0
    if size > max_size:
        raise _too_large(spec, max_size, size)
    data = _git(spec, path, rev, folder, "blob", *eoo, obj)
    if len(data) > max_size:  # the revision moved between the two commands
        raise _too_large(spec, max_size, len(data))
    return data
