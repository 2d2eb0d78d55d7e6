"""Writing files safely: atomically, and never over an existing file unless asked."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from plantrack.errors import PlantrackError

__all__ = ["WriteError", "write_atomic"]


class WriteError(PlantrackError):
    """A file that was not written; whatever was there is left as it was."""


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: Path, data: bytes, *, expected: bytes | None = None, overwrite: bool = True
) -> None:
    """Write ``data`` to ``path``: a temporary file in the same folder, flushed
    to disk, then renamed over the target, so a reader sees the old file or the
    new one and never half of either.

    With ``overwrite=False`` an existing file is refused (the CLI's ``--force``
    allows it); with ``expected``, a file that no longer holds those bytes (it
    changed since it was read) is refused.  An existing file keeps its
    permissions; a symlink is written through, not replaced.
    """
    target = Path(os.path.realpath(path))
    if not overwrite and target.exists():
        raise WriteError(f"{path}: not written: the file exists (use --force to overwrite it)")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise WriteError(
            f"{path}: not written: cannot create a file in {target.parent}: {reason}"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        exists = target.exists()
        tmp.chmod(stat.S_IMODE(target.stat().st_mode) if exists else _new_file_mode())
        if expected is not None and (not exists or target.read_bytes() != expected):
            raise WriteError(f"{path}: not written: the file changed since it was read")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror or exc.__class__.__name__
        raise WriteError(f"{path}: not written: {reason}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
