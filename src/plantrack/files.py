"""Reading and writing files safely.

Writes are atomic (a temporary file in the same folder, flushed to disk,
renamed over the target, then the folder flushed), keep what the original
file was (owner, group, mode, extended attributes), and never overwrite or
create what they were not asked to.  Reads are bounded: at most a limit plus
one byte, whatever ``st_size`` says.

Messages describe the condition; a refusal the user may lift carries an
:class:`Override` and the CLI names the option that lifts it.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from plantrack.errors import PlantrackError

__all__ = ["Override", "Refusal", "TooLargeError", "WriteError", "read_limited", "write_atomic"]

_READ_CHUNK = 1 << 20
_NOT_SUPPORTED = {errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENODATA}


class Override(enum.Enum):
    """A refusal the user may choose to lift (the CLI names the option)."""

    OVERWRITE = "the target exists"
    READ_ONLY = "the target is read-only"
    REPLACE = "a value is recorded already"
    WAIT = "the file is locked by another edit"
    SIZE = "the file is over the size limit"


class Refusal(PlantrackError):
    """Something plantrack refused to do; ``override`` says when the user may
    lift the refusal (``None``: they may not)."""

    def __init__(self, message: str, *, override: Override | None = None) -> None:
        super().__init__(message)
        self.override = override


class WriteError(Refusal):
    """A file that was not written; whatever was there is left as it was."""


class TooLargeError(Refusal):
    """A file over the size limit, refused by :func:`read_limited`."""


def read_limited(fd: int, limit: int, name: str) -> bytes:
    """Read the open file ``fd`` to its end, but at most ``limit + 1`` bytes:
    a FIFO or ``/dev/zero`` is refused, not read forever.  Raises
    :class:`TooLargeError` when there is more than ``limit``."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, min(_READ_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise TooLargeError(
        f"{name}: file is over the limit of {limit:,} bytes", override=Override.SIZE
    )


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class _Terminated(BaseException):
    """SIGTERM arrived while a temporary file existed."""


@contextlib.contextmanager
def _cleanup_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into an exception while the block runs (so the temporary
    file is removed), then deliver it as it would have been."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    ):
        yield
        return

    def terminate(_signum: int, _frame: FrameType | None) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)
        # Only reached when the earlier handler returned: the write did not happen.
        raise InterruptedError(errno.EINTR, "not written: interrupted by SIGTERM") from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _copy_xattrs(source: Path, fd: int, name: str) -> None:
    """Give the open file ``fd`` the extended attributes of ``source``."""
    if not hasattr(os, "listxattr"):  # pragma: no cover - not Linux
        return
    try:
        names = os.listxattr(source)
    except OSError as exc:
        if exc.errno in _NOT_SUPPORTED:
            return
        raise
    for attr in names:
        try:
            os.setxattr(fd, attr, os.getxattr(source, attr))
        except OSError as exc:
            if exc.errno in _NOT_SUPPORTED:
                continue
            reason = exc.strerror or exc.__class__.__name__
            raise WriteError(
                f"{name}: not written: cannot keep its extended attribute {attr}: {reason}"
            ) from exc


def _keep_owner_and_mode(fd: int, st: os.stat_result, name: str) -> None:
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise WriteError(
                f"{name}: not written: cannot keep its owner and group "
                f"(uid {st.st_uid}, gid {st.st_gid}): {reason}"
            ) from exc
    os.fchmod(fd, stat.S_IMODE(st.st_mode))  # after chown, which may clear set-id bits


def _check_replaceable(target: Path, name: str, *, force: bool) -> os.stat_result:
    st = target.stat()
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"{name}: not written: not a regular file")
    if st.st_nlink > 1:
        raise WriteError(
            f"{name}: not written: the file has {st.st_nlink} hard links, which a new "
            "file would break (expected a file with one link)"
        )
    read_only = not st.st_mode & 0o222 or not os.access(target, os.W_OK)
    if read_only and not force:
        raise WriteError(f"{name}: not written: the file is read-only", override=Override.READ_ONLY)
    return st


def _current(target: Path, size: int) -> bytes | None:
    """What ``target`` holds, read up to one byte more than ``size``."""
    try:
        with target.open("rb") as f:
            return f.read(size + 1)
    except FileNotFoundError:
        return None


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we just wrote into
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # pragma: no cover - file systems without it
        if exc.errno not in (errno.EINVAL, errno.EBADF, *_NOT_SUPPORTED):
            raise
    finally:
        os.close(fd)


def _create_exclusive(tmp: Path, path: Path, data: bytes, mode: int) -> None:
    """Put the complete ``tmp`` at ``path`` only if nothing is there, not even
    a dangling symlink: ``link`` never follows or replaces; where hard links
    are not supported, ``O_CREAT|O_EXCL|O_NOFOLLOW``."""
    try:
        os.link(tmp, path, follow_symlinks=False)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, *_NOT_SUPPORTED):
            raise
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_atomic(
    path: Path,
    data: bytes,
    *,
    expected: bytes | None = None,
    overwrite: bool = True,
    force: bool = False,
) -> None:
    """Write ``data`` to ``path``: a reader sees the old file or the new one,
    never half of either.

    With ``overwrite=False`` nothing that exists at ``path`` (a file, or a
    symlink even to a missing file) is replaced.  Otherwise an existing file
    keeps its owner, group, mode and extended attributes; a symlink is
    written through; a read-only file is refused unless ``force``, and a file
    with other hard links always.  With ``expected``, a file that no longer
    holds those bytes (it changed since it was read) is refused.
    """
    name = str(path)
    if not overwrite and os.path.lexists(path):
        what = "a symbolic link" if path.is_symlink() and not path.exists() else "the file"
        raise WriteError(f"{name}: not written: {what} exists", override=Override.OVERWRITE)
    target = Path(os.path.realpath(path)) if overwrite else path
    exists = overwrite and target.exists()
    st = _check_replaceable(target, name, force=force) if exists else None
    with _cleanup_on_sigterm():
        _write_new(target, path, data, st=st, expected=expected, overwrite=overwrite)


def _write_new(
    target: Path,
    path: Path,
    data: bytes,
    *,
    st: os.stat_result | None,
    expected: bytes | None,
    overwrite: bool,
) -> None:
    name = str(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise WriteError(
            f"{name}: not written: cannot create a file in {target.parent}: {reason}"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if st is not None:
                _keep_owner_and_mode(f.fileno(), st, name)
                _copy_xattrs(target, f.fileno(), name)
            else:
                os.fchmod(f.fileno(), _new_file_mode())
            f.flush()
            os.fsync(f.fileno())
        if expected is not None and _current(target, len(expected)) != expected:
            raise WriteError(f"{name}: not written: the file changed since it was read")
        if overwrite:
            tmp.replace(target)
        else:
            _create_exclusive(tmp, path, data, _new_file_mode())
            tmp.unlink()
        _sync_folder(target.parent)
    except FileExistsError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(
            f"{name}: not written: the file exists", override=Override.OVERWRITE
        ) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or exc.__class__.__name__
        raise WriteError(f"{name}: not written: {reason}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
