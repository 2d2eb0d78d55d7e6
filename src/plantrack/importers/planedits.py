"""Several edits of one plan file as one write: under the edit lock, each
edit applied in turn with the comment-preserving editor, written once (and
not at all when there is nothing to change, so a re-import is byte-identical)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from plantrack.editing import Op, apply_edit
from plantrack.files import read_limited, write_atomic
from plantrack.loader import DEFAULT_MAX_SIZE, load_plan_text
from plantrack.locking import DEFAULT_LOCK_TIMEOUT, locked_for_edit
from plantrack.model import Plan
from plantrack.reading import decode

__all__ = ["apply_all", "update_plan"]


def apply_all(text: str, ops: Sequence[Op], file: str) -> str:
    """``text`` after each of ``ops`` in turn (each checked by the editor)."""
    for op in ops:
        text = apply_edit(text, op, file).new
    return text


def update_plan(
    path: Path,
    make_ops: Callable[[Plan], Sequence[Op]],
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> int:
    """Under the edit lock of ``path``: read the plan, ask ``make_ops(plan)``
    for the edits, apply them and write the result once.  Returns the number
    of edits (0: the file is left untouched)."""
    file = str(path)
    with locked_for_edit(path, timeout=lock_timeout) as fd:
        data = read_limited(fd, max_size, file)
        decoded = decode(data, file)
        ops: Sequence[Op] = make_ops(load_plan_text(decoded.text, file))
        if not ops:
            return 0
        new = apply_all(decoded.text, ops, file)
        write_atomic(path, decoded.encode(new), expected=data)
    return len(ops)
