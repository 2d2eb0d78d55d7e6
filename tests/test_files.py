"""files.write_atomic and read_limited: write hygiene (issue 9 item 3).

Shared by plan edits and chart writes.  Each test names the promise it pins.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from plantrack import files

from .conftest import Invoke

PLAN = "plantrack: 1\nplan: P\nmilestones:\n  - id: a\n    name: A\n"
ADDED = PLAN + "    actual: 2020\n"
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files away")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@root_only
def test_owner_and_group_are_kept(invoke: Invoke, plan: Path) -> None:
    os.chown(plan, 1234, 5678)
    invoke("record", plan, "a", "--actual", "2020")
    assert (plan.stat().st_uid, plan.stat().st_gid) == (1234, 5678)
    assert plan.read_text(encoding="utf-8") == ADDED


@root_only
def test_an_owner_that_cannot_be_kept_is_refused(
    invoke: Invoke, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chown(plan, 1234, 5678)

    def refuse(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "fchown", refuse)
    result = invoke("record", plan, "a", "--actual", "2020", code=2)
    assert result.stderr == (
        f"plantrack: error: {plan}: not written: cannot keep its owner and group "
        "(uid 1234, gid 5678): Operation not permitted\n"
    )
    assert plan.read_text(encoding="utf-8") == PLAN
    assert names(plan.parent) == ["plan.yaml"]


def test_read_only_file_needs_force(invoke: Invoke, plan: Path) -> None:
    plan.chmod(0o444)
    result = invoke("record", plan, "a", "--actual", "2020", code=2)
    assert result.stderr == (
        f"plantrack: error: {plan}: not written: the file is read-only "
        "(use --force to write it anyway)\n"
    )
    assert plan.read_text(encoding="utf-8") == PLAN
    invoke("record", plan, "a", "--actual", "2020", "--force")
    assert plan.read_text(encoding="utf-8") == ADDED
    assert stat.S_IMODE(plan.stat().st_mode) == 0o444  # and it stays read-only


def test_hard_linked_file_is_refused(invoke: Invoke, plan: Path) -> None:
    other = plan.parent / "other.yaml"
    os.link(plan, other)
    result = invoke("record", plan, "a", "--actual", "2020", "--force", code=2)
    assert result.stderr == (
        f"plantrack: error: {plan}: not written: the file has 2 hard links, which a new "
        "file would break (expected a file with one link)\n"
    )
    assert other.read_text(encoding="utf-8") == plan.read_text(encoding="utf-8") == PLAN
    assert plan.samefile(other)


def test_extended_attributes_are_kept(invoke: Invoke, plan: Path) -> None:
    try:
        os.setxattr(plan, "user.plantrack", b"kept")
    except OSError as exc:
        pytest.skip(f"no user extended attributes here: {exc.strerror}")
    invoke("record", plan, "a", "--actual", "2020")
    assert os.getxattr(plan, "user.plantrack") == b"kept"


def test_the_folder_is_flushed_after_the_rename(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        new = plan.read_bytes() == b"new"
        synced.append(f"{kind} {'after' if new else 'before'} the rename")
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    files.write_atomic(plan, b"new")
    assert synced == ["file before the rename", "folder after the rename"]


def test_sigterm_removes_the_temporary_file(plan: Path) -> None:
    script = textwrap.dedent(
        """
        import os, sys, time
        from pathlib import Path
        from plantrack import files
        real = os.fsync
        def slow(fd):
            real(fd)
            print("ready", flush=True)
            time.sleep(30)
        files.os.fsync = slow
        files.write_atomic(Path(sys.argv[1]), b"new")
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(plan)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    assert len(names(plan.parent)) == 2  # the temporary file is there ...
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=20) == -signal.SIGTERM  # ... the child dies of SIGTERM ...
    assert names(plan.parent) == ["plan.yaml"]  # ... and took it away with it
    assert plan.read_text(encoding="utf-8") == PLAN


@pytest.mark.parametrize("dangling", [True, False])
def test_a_new_file_is_never_created_through_a_symlink(tmp_path: Path, dangling: bool) -> None:
    link = tmp_path / "chart.svg"
    target = tmp_path / "elsewhere.svg"
    if not dangling:
        target.write_bytes(b"old")
    link.symlink_to(target)
    what = "a symbolic link" if dangling else "the file"
    with pytest.raises(files.WriteError, match=f"^{link}: not written: {what} exists$") as info:
        files.write_atomic(link, b"<svg/>", overwrite=False)
    assert info.value.override is files.Override.OVERWRITE
    assert target.exists() is not dangling
    assert names(tmp_path) == (["chart.svg"] if dangling else ["chart.svg", "elsewhere.svg"])


def test_a_new_file_is_created_exclusively_not_checked_then_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A symlink that appears between the check and the creation is not
    # followed: creation itself refuses anything that exists.
    link = tmp_path / "chart.svg"
    link.symlink_to(tmp_path / "elsewhere.svg")
    monkeypatch.setattr(files.os.path, "lexists", lambda p: False)
    with pytest.raises(files.WriteError, match="not written: the file exists"):
        files.write_atomic(link, b"<svg/>", overwrite=False)
    assert names(tmp_path) == ["chart.svg"]


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        files.write_atomic(tmp_path / "new.svg", b"<svg/>", overwrite=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.svg").stat().st_mode) == 0o640
    assert names(tmp_path) == ["new.svg"]


def test_core_messages_name_no_flags(tmp_path: Path) -> None:
    existing = tmp_path / "x.svg"
    existing.write_bytes(b"old")
    with pytest.raises(files.WriteError) as info:
        files.write_atomic(existing, b"new", overwrite=False)
    assert "--" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "limit", "result"),
    [(b"", 0, b""), (b"abc", 3, b"abc"), (b"abcd", 3, None), (b"x" * 5000, 4999, None)],
)
def test_read_limited(tmp_path: Path, data: bytes, limit: int, result: bytes | None) -> None:
    path = tmp_path / "f"
    path.write_bytes(data)
    with path.open("rb") as f:
        if result is None:
            with pytest.raises(files.TooLargeError, match=f"over the limit of {limit:,} bytes"):
                files.read_limited(f.fileno(), limit, str(path))
        else:
            assert files.read_limited(f.fileno(), limit, str(path)) == result
