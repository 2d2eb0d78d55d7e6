"""An advisory lock on a plan file, held from reading it to renaming the new
text over it, so two edits at once cannot lose one another.

The lock is ``flock`` on the plan file itself, not on a lock file beside it:
nothing is left behind in the user's folder, and no stale lock file can
block a later edit.  Because an edit replaces the file (a rename), the lock
of a waiting edit may end up on the old, replaced file; so once it holds a
lock, an edit checks that the path still names the file it locked, and
starts again if not.  Every holder reads the current file.

Where ``fcntl`` is missing (Windows) or the file system refuses ``flock``,
there is no lock: the check that the file is unchanged just before the
rename still applies.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from plantrack.files import Override, WriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["DEFAULT_LOCK_TIMEOUT", "locked_for_edit"]

DEFAULT_LOCK_TIMEOUT = 10.0  # seconds an edit waits for another edit of the same file
_POLL = (0.005, 0.1)  # first and longest pause between tries, in seconds


def _try_lock(fd: int) -> bool:
    """Lock ``fd``; False while another holds it.  True too when the file
    system cannot lock (the edit goes on without)."""
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        # ENOLCK, EOPNOTSUPP, EBADF on some network file systems: go on unlocked
        return exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


@contextlib.contextmanager
def locked_for_edit(path: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[int]:
    """Hold the edit lock of ``path``; yields a descriptor open for reading on
    the current file.  Waits up to ``timeout`` seconds for another edit, then
    raises :class:`~plantrack.files.WriteError`.  ``OSError`` when the file
    cannot be opened."""
    deadline = time.monotonic() + timeout
    pause = _POLL[0]
    while True:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise WriteError(
                        f"{path}: not written: another edit of this file held its lock "
                        f"for over {timeout:g} s",
                        override=Override.WAIT,
                    )
                time.sleep(pause)
                pause = min(pause * 2, _POLL[1])
            if _same_file(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the file was replaced while we waited: lock the new one
    try:
        yield fd
    finally:
        os.close(fd)  # releases the lock
