"""Reading plan files: one decoder (files, ``PATH@REV``, the editor), a size
limit that does not trust the file system, and git revisions that cannot
inject options.  Expected values are worked by hand."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from plantrack import reading
from plantrack.errors import PlanError, PlantrackError
from plantrack.reading import Decoded, TooLarge, decode, read_file

TEXT = "plan: Café\nmilestones: []\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", b""),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8", b"\xef\xbb\xbf"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le", b"\xff\xfe"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be", b"\xfe\xff"),
        (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "utf-32-le", b"\xff\xfe\x00\x00"),
        (b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), "utf-32-be", b"\x00\x00\xfe\xff"),
    ],
)
def test_decode_by_byte_order_mark(data: bytes, encoding: str, bom: bytes) -> None:
    decoded = decode(data, "p.yaml")
    assert decoded == Decoded(TEXT, encoding, bom)
    assert decoded.encode(decoded.text) == data  # written back the same way


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # "plan: caf" is 9 bytes: the bad byte is column 10
        (b"plan: caf\xe9\n", "p.yaml:1:10: error: not a text file: invalid UTF-8 (byte 0xe9)"),
        # after a UTF-8 mark: the same place and the same byte (the mark is not counted)
        (
            b"\xef\xbb\xbfplan: caf\xe9\n",
            "p.yaml:1:10: error: not a text file: invalid UTF-8 (byte 0xe9)",
        ),
        (
            b"a: 1\nb\x00",
            "p.yaml:2:2: error: not a text file: a NUL byte: this is a binary file, not YAML text",
        ),
        # UTF-16: "a\nbc" then a lone surrogate: line 2, column 3 (in characters)
        (
            b"\xff\xfe" + "a\nbc".encode("utf-16-le") + b"\x00\xd8x\x00",
            "p.yaml:2:3: error: not a text file: invalid UTF-16 text",
        ),
        (
            b"\xff\xfe\x00\x00" + "ab".encode("utf-32-le") + b"\x00\x00\x11\x00",
            "p.yaml:1:3: error: not a text file: invalid UTF-32 text",
        ),
    ],
)
def test_decode_refuses_what_is_not_text(data: bytes, message: str) -> None:
    with pytest.raises(PlanError) as info:
        decode(data, "p.yaml")
    assert str(info.value) == message


# -- the size limit -----------------------------------------------------------------


def test_a_regular_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 101)
    with pytest.raises(PlanError) as info:
        read_file(path, max_size=100)
    (problem,) = info.value.problems
    assert isinstance(problem, TooLarge)
    assert str(problem) == f"{path}: error: file is 101 bytes, over the limit of 100"
    path.write_bytes(b"#" * 100)
    assert read_file(path, max_size=100) == b"#" * 100  # the limit itself is allowed


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_read_no_further_than_the_limit() -> None:
    # /dev/zero says it is 0 bytes long and never ends: read 1,025 bytes, refuse.
    with pytest.raises(PlanError) as info:
        read_file("/dev/zero", max_size=1024)
    assert str(info.value) == ("/dev/zero: error: file is larger than the limit of 1,024 bytes")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_that_never_ends_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer() -> None:
        fd = os.open(fifo, os.O_WRONLY)
        try:
            while not stop.is_set():
                os.write(fd, b"# endless\n" * 100)
        except BrokenPipeError:  # the reader stopped reading: as it should
            pass
        finally:
            os.close(fd)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with pytest.raises(PlanError, match="larger than the limit of 4,096 bytes"):
            read_file(fifo, max_size=4096)
    finally:
        stop.set()
        thread.join(timeout=5)


def test_a_pipe_is_read_to_its_end(tmp_path: Path) -> None:
    # what the shell's <(...) gives: /dev/fd/N, a pipe
    read_end, write_end = os.pipe()
    os.write(write_end, b"milestones: []\n")
    os.close(write_end)
    try:
        assert read_file(f"/proc/self/fd/{read_end}", max_size=100) == b"milestones: []\n"
    finally:
        os.close(read_end)


# -- git revisions -------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with plans/p.yaml (UTF-8) and plans/u.yaml (UTF-16), committed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GIT_DIR", raising=False)
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.yaml").write_text("plan: P\nmilestones:\n  - {id: a, planned: 2013-04}\n")
    (plans / "u.yaml").write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    for args in (["init", "-q"], ["add", "plans"], ["commit", "-q", "-m", "plans"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_utf16_plan_reads_from_git_as_from_disk(invoke: Any, repo: Path) -> None:
    out = invoke("diff", "plans/u.yaml@HEAD", "plans/u.yaml", "--format", "json").stdout
    assert '"old": "plans/u.yaml@HEAD"' in out


class _Git:
    """Records the git commands run (and runs them)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commands: list[list[str]] = []
        real = subprocess.run

        def run(args: list[str], **kw: Any) -> Any:
            self.commands.append(list(args))
            return real(args, **kw)

        monkeypatch.setattr(subprocess, "run", run)  # reading imports it on first use


def test_a_blob_over_the_limit_is_refused_before_it_is_read(
    invoke: Any, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git = _Git(monkeypatch)
    size = (repo / "plans" / "p.yaml").stat().st_size  # 8 + 12 + 30 bytes
    assert size == 50
    result = invoke("diff", "plans/p.yaml@HEAD", "plans/p.yaml", "--max-size", "40", code=2)
    assert result.stderr == (
        "plans/p.yaml@HEAD: error: file is 50 bytes, over the limit of 40 "
        "(raise it with --max-size)\n"
    )
    asked = [c for c in git.commands if c[0] == "git" and "version" not in c]
    assert [c[3:5] for c in asked] == [["cat-file", "-s"]]  # the size; never the blob


@pytest.mark.parametrize("rev", ["--output=OUT", "-OOUT", "--format=%n", "-O", "--output"])
def test_a_revision_cannot_be_a_git_option(
    invoke: Any, repo: Path, monkeypatch: pytest.MonkeyPatch, rev: str
) -> None:
    git = _Git(monkeypatch)
    before = sorted(p.name for p in repo.rglob("*") if ".git" not in p.parts)
    result = invoke("diff", f"plans/p.yaml@{rev}", "plans/p.yaml", code=2)
    # "plans/p.yaml@" is 13 characters: the revision starts at column 14
    assert result.stderr == (
        f"plans/p.yaml@{rev}:1:14: error: revision {rev!r} starts with '-' "
        "(expected a branch, tag or commit, e.g. main or HEAD~1)\n"
    )
    assert sorted(p.name for p in repo.rglob("*") if ".git" not in p.parts) == before
    assert [c for c in git.commands if "cat-file" in c] == []  # git was never asked


def test_git_is_told_where_options_end(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    version = subprocess.run(["git", "version"], capture_output=True, text=True, check=True)
    major, minor = (int(n) for n in version.stdout.split()[2].split(".")[:2])
    git = _Git(monkeypatch)
    reading.read_revision("plans/p.yaml", "HEAD", max_size=1000)
    asked = [c for c in git.commands if "cat-file" in c]
    assert len(asked) == 2  # the size, then the blob
    for command in asked:
        if (major, minor) >= (2, 24):  # git knows --end-of-options
            assert command[-2:] == ["--end-of-options", "HEAD:./p.yaml"]
        else:  # pragma: no cover - an old git
            assert command[-1] == "HEAD:./p.yaml"


def test_an_unknown_revision_says_what_git_said(repo: Path) -> None:
    with pytest.raises(PlantrackError, match=r"cannot read plans/p\.yaml at revision 'nope'"):
        reading.read_revision("plans/p.yaml", "nope")


def test_the_cli_names_the_option_in_every_output(invoke: Any, tmp_path: Path) -> None:
    # The core says what the limit is; the CLI adds the flag, in messages and reports.
    path = tmp_path / "p.yaml"
    path.write_text("milestones: []\n" + "#" * 20)  # 15 + 20 = 35 bytes
    hint = "file is 35 bytes, over the limit of 10 (raise it with --max-size)"
    result = invoke("check", path, "--max-size", "10", "--format", "json", code=2)
    assert f'"message": "{hint}"' in result.stdout
    assert result.stderr == f"{path}: error: {hint}\n"
