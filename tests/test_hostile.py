"""Hostile input: each case runs the CLI in a child process with a time and a
memory bound, so that a hang, a memory blow-up or a segfault fails one test
instead of taking pytest down.  The limits are documented in docs/limits.md.

Every refusal must be ``path:line:col: error: ...`` on stderr with exit 2 and
must name the limit it hit; never a traceback.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from plantrack.reading import DEFAULT_MAX_SIZE
from plantrack.references import MAX_REF_DEPTH
from plantrack.yamldialect import MAX_ALIAS_NODES

MEMORY = 1 << 30  # address space of the child: 1 GiB
POSITIONED = re.compile(r"^\S+:\d+:\d+: error: ", re.MULTILINE)


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


WALL_FACTOR = 4  # a loaded machine (CI's other workers) may stretch the wall clock


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(*args: str | Path, timeout: float = 30, prelude: str = "") -> Outcome:
    """Run ``plantrack ARGS`` in a child process limited to 1 GiB.  ``seconds``
    is the CPU time the child used (what a quadratic blow-up costs, whatever
    else the machine runs); its wall clock may run to ``WALL_FACTOR * timeout``."""
    code = f"{prelude}\nfrom plantrack.cli import main\nmain()"
    env = {**os.environ, "NO_COLOR": "1", "PLANTRACK_AS_OF": "2026-11-25"}
    start = _cpu_of_children()
    proc = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        timeout=timeout * WALL_FACTOR,
        env=env,
        preexec_fn=_limit_memory,
        check=False,
    )
    seconds = _cpu_of_children() - start
    out = Outcome(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
        seconds,
    )
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    assert out.code >= 0, f"killed by signal {-out.code}"
    return out


def refused(
    path: Path, *needles: str, timeout: float = 30, extra: tuple[str, ...] = (), prelude: str = ""
) -> Outcome:
    """Run ``slippage`` on ``path``; assert exit 2 with positioned errors containing needles."""
    out = cli("slippage", path, "--format", "json", *extra, timeout=timeout, prelude=prelude)
    assert out.code == 2, (out.code, out.stderr[-2000:])
    assert out.stdout.strip() in ("", '{\n  "as_of": "2026-11-25",\n  "plans": []\n}')
    first = out.stderr.splitlines()[0]
    assert first.startswith(f"{path}:"), first
    for needle in needles:
        assert needle in out.stderr, (needle, out.stderr[:2000])
    assert out.seconds < timeout
    return out


def write(tmp_path: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


VALID = "plantrack: 1\nmilestones:\n  - id: a\n    planned: 2013-04\n    actual: 2014-02-07\n"


# -- aliases --------------------------------------------------------------------


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    # Nine levels of ten aliases each would expand to 10**9 nodes.
    lines = ["milestones:", "  - id: lol0", "    notes: &l0 [lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"  - {{id: lol{i}, notes: &l{i} [{refs}]}}")
    path = write(tmp_path, "\n".join(lines) + "\n")
    out = refused(
        path, f"aliases expand the document by more than {MAX_ALIAS_NODES:,} nodes", "limit"
    )
    assert out.seconds < 10


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "milestones: &m\n  - id: a\n    notes: *m\n")
    out = refused(path, "a recursive alias", "plans cannot be recursive")
    assert out.stderr.startswith(f"{path}:1:13: error: ")


def test_recursive_merge_key_is_refused(tmp_path: Path) -> None:
    # Found by the atheris harness: a mapping that merges itself made the
    # error-position lookup recurse without end.
    path = write(tmp_path, "milestones:\n  - &b\n    id: a\n    <<: *b\n    planned: 2013\n")
    refused(path, "a recursive alias")


def test_aliases_within_the_limit_are_fine(tmp_path: Path) -> None:
    # Anchors for shared sources and dates are ordinary YAML.
    path = write(
        tmp_path,
        "milestones:\n  - {id: a, planned: &p 2013-04, actual: 2014-02}\n"
        + "".join(f"  - {{id: m{i}, planned: *p}}\n" for i in range(200)),
    )
    out = cli("validate", path)
    assert out.code == 0, out.stderr


# -- nesting --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("milestones: " + "[" * 10_000 + "]" * 10_000 + "\n", id="flow-list"),
        pytest.param("milestones: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n", id="flow-map"),
        pytest.param("milestones:\n  " + "- " * 10_000 + "x\n", id="block"),  # - - - x
    ],
)
@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
def test_ten_thousand_deep_nesting(tmp_path: Path, text: str, parser: str) -> None:
    path = write(tmp_path, text)
    # Without libyaml, PyYAML's own composer recurses: the loader must turn
    # RecursionError into an error too.
    prelude = "import yaml; del yaml.CSafeLoader" if parser == "pure-python" else ""
    refused(path, "nesting", "limit: 1,000 levels", prelude=prelude)


def test_nesting_under_the_limit_loads(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "notes: " + "[" * 900 + "]" * 900 + "\n")
    out = cli("slippage", path, "--format", "json")
    assert out.code == 2
    assert "'notes' must be text, not a list" in out.stderr


# -- size -----------------------------------------------------------------------


def test_fifty_megabytes_of_junk_is_refused_by_size(tmp_path: Path) -> None:
    path = write(tmp_path, os.urandom(50 * 2**20), "junk.yaml")
    out = refused(path, f"over the limit of {DEFAULT_MAX_SIZE:,}", "--max-size", timeout=20)
    assert out.seconds < 5  # refused from the size, without reading the file


def test_fifty_megabytes_of_junk_with_a_higher_limit(tmp_path: Path) -> None:
    junk = b"\xff\xff" + os.urandom(50 * 2**20).replace(b"\x00", b"x")  # no NUL: a text check
    path = write(tmp_path, junk, "junk.yaml")
    out = refused(path, "not a text file: invalid UTF-8 (byte 0xff)", extra=("--max-size", "64M"))
    assert out.stderr.startswith(f"{path}:1:1: error: ")


def test_max_size_option_can_lower_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    out = cli("slippage", path, "--max-size", "10")
    assert out.code == 2
    assert f"{path}: error: file is {len(VALID)} bytes, over the limit of 10" in out.stderr


def test_million_character_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "notes: " + "x" * 1_000_000 + "\n")
    out = cli("slippage", path, "--format", "json")
    assert out.code == 0, out.stderr
    assert out.seconds < 20


def test_million_character_date(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("2013-04", "'" + "9" * 1_000_000 + "'"))
    out = refused(path, "it is too long")
    assert out.stderr.startswith(f"{path}:4:14: error: 'planned': \"9999")
    assert len(out.stderr) < 1000  # the message quotes the start of it only


def test_huge_integer_is_refused(tmp_path: Path) -> None:
    # Python refuses int() of more than 4,300 digits with a ValueError.
    path = write(tmp_path, VALID.replace("2013-04", "9" * 5000))
    out = refused(path, "a number with more than 1,000 digits")
    assert out.stderr.startswith(f"{path}:4:14: error: ")


def test_huge_hex_integer_is_refused(tmp_path: Path) -> None:
    # Hex parses without Python's limit, but could not be printed back.
    path = write(tmp_path, "plantrack: 0x" + "f" * 4000 + "\nmilestones: []\n")
    out = refused(path, "a number with more than 1,000 digits")
    assert out.stderr.startswith(f"{path}:1:12: error: ")


# -- encodings ------------------------------------------------------------------


def test_nul_byte(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.encode().replace(b"2013-04", b"2013\x00-04"))
    out = refused(path, "not a text file: a NUL byte")
    assert out.stderr.startswith(f"{path}:4:18: error: ")


def test_invalid_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.encode() + b"notes: caf\xe9\n")
    out = refused(path, "not a text file: invalid UTF-8 (byte 0xe9)")
    # "notes: caf" is 10 bytes: the bad byte is column 11 of line 6.
    assert out.stderr.startswith(f"{path}:6:11: error: ")


def test_control_character_is_positioned(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "notes: a\x01b\n")
    out = refused(path, "character #x0001 is not allowed")
    # line 6 is "notes: a\x01b": the control character is column 9.
    assert out.stderr.startswith(f"{path}:6:9: error: ")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bom_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    # Decided: a file with a byte-order mark is read in its encoding (as YAML
    # allows); without a BOM only UTF-8 is read.
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    text = "plan: Café\n" + VALID.replace("id: a\n", "id: a\n    name: café\n")
    path = write(tmp_path, bom + text.encode(encoding), "bom.yaml")
    reference = write(tmp_path, text, "utf8.yaml")
    out = cli("slippage", path, "--format", "json")
    assert out.code == 0, out.stderr
    expected = cli("slippage", reference, "--format", "json").stdout
    assert out.stdout == expected.replace("utf8.yaml", "bom.yaml")
    assert '"name": "café"' in out.stdout


def test_utf16_without_bom_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.encode("utf-16-le"))
    refused(path, "not a text file: a NUL byte")


# -- YAML features --------------------------------------------------------------


def test_python_object_tags_are_refused_without_running_anything(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(
        tmp_path,
        f"milestones: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    refused(path, "could not determine a constructor for the tag")
    assert not marker.exists()


@pytest.mark.parametrize(
    "tag", ["!!python/object:os.system {}", "!!python/name:os.system ''", "!!binary aGk="]
)
def test_other_tags_are_refused(tmp_path: Path, tag: str) -> None:
    path = write(tmp_path, f"milestones:\n  - id: a\n    planned: {tag}\n")
    out = cli("slippage", path)
    assert out.code == 2
    assert POSITIONED.match(out.stderr), out.stderr


def test_merge_keys_are_supported(tmp_path: Path) -> None:
    # The second milestone merges the first and overrides its id and planned
    # date: not duplicates, because merged keys are not written in the mapping.
    path = write(
        tmp_path,
        "milestones:\n"
        "  - &base\n    id: a\n    planned: 2013-04\n    actual: 2014-02\n"
        "  - <<: *base\n    id: b\n    planned: 2013-06\n",
    )
    out = cli("slippage", path, "--format", "json")
    assert out.code == 0, out.stderr
    # b: planned 2013-06 (its own), actual 2014-02 (merged): 8 months late.
    assert '"id": "b"' in out.stdout
    assert '"text": "8 months"' in out.stdout


def test_duplicate_key_beside_a_merge_is_still_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "milestones:\n  - &base {id: a, planned: 2013-04}\n  - <<: *base\n    id: b\n    id: c\n",
    )
    out = refused(path, "duplicate key 'id'")
    assert out.stderr.startswith(f"{path}:5:5: error: ")


def test_mapping_key_that_is_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "? [a, b]\n: 1\n")
    out = refused(path, "a mapping key must be text, not a list or mapping")
    assert out.stderr.startswith(f"{path}:6:3: error: ")


def test_mapping_key_that_is_a_mapping_in_a_milestone(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "  - id: b\n    {x: 1}: 2013\n")
    refused(path, "a mapping key must be text")


# -- references -----------------------------------------------------------------


def _chain(n: int) -> str:
    """n milestones, each planned relative to the next; the last has a date."""
    lines = ["milestones:"]
    lines += [f"  - {{id: m{i}, planned: m{i + 1} + 1 day}}" for i in range(n - 1)]
    lines.append(f"  - {{id: m{n - 1}, planned: 2013-01-01}}")
    return "\n".join(lines) + "\n"


def test_reference_chain_at_the_limit_resolves(tmp_path: Path) -> None:
    path = write(tmp_path, _chain(MAX_REF_DEPTH))
    out = cli("slippage", path, "--format", "json")
    assert out.code == 0, out.stderr
    # m0 is 99 links from m99 (2013-01-01): 2013-01-01 + 99 days = 2013-04-10.
    assert '"end": "2013-04-10"' in out.stdout


def test_reference_chain_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, _chain(2000))  # recursed past Python's limit before
    out = refused(path, f"more than {MAX_REF_DEPTH} references in a row", "limit")
    assert out.seconds < 20


def test_many_unknown_names_stay_linear(tmp_path: Path) -> None:
    # Each unknown name used to be compared with every known one for a
    # "did you mean" hint: quadratic.  The hints now have a budget.
    n = 20_000
    text = "milestones:\n" + "".join(
        f"  - {{id: m{i}, planned: x{i} + 1 day, source: s{i}}}\n" for i in range(n)
    )
    path = write(tmp_path, text)
    out = refused(path, "refers to unknown milestone 'x0'", timeout=60)
    assert out.stderr.count("error:") == 2 * n
    assert out.seconds < 30


# -- round 2 (issue 9): bounded reads, deep trees, costly keys and hints -------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_not_read_for_ever() -> None:
    # /dev/zero reports a size of 0 and never ends: read 1 KiB + 1 byte, then refuse.
    out = cli("validate", "/dev/zero", "--max-size", "1K", timeout=20)
    assert out.code == 2
    assert out.stderr == (
        "/dev/zero: error: file is larger than the limit of 1,024 bytes "
        "(raise it with --max-size)\n"
    )


def test_a_directory_tree_1500_levels_deep(tmp_path: Path) -> None:
    # Walking the tree recursed (RecursionError at about 1,000 levels).
    deep = tmp_path / "plans"
    deep.mkdir()
    for _ in range(1500):
        deep = deep / "d"
        deep.mkdir()
    plan = write(deep, VALID)
    try:
        out = cli("validate", tmp_path / "plans", timeout=60)
        assert (out.code, out.stdout, out.stderr) == (0, "1 valid plan file\n", "")
    finally:  # shutil.rmtree (pytest's clean-up) recurses too: remove it bottom-up
        plan.unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_unknown_integer_keys_are_positioned_in_linear_time(tmp_path: Path) -> None:
    # 0x1 ... 0x9c40: keys the loader reads as integers (1 ... 40,000), each unknown.
    # Looking each one up by its text ("0x1") missed, and every miss scanned the
    # whole mapping: quadratic.  Key i is on line i + 5 (after VALID's 5 lines).
    n = 40_000
    path = write(tmp_path, VALID + "".join(f"0x{i:x}: 1\n" for i in range(1, n + 1)))
    out = refused(path, timeout=30)
    lines = out.stderr.splitlines()
    assert len(lines) == n
    assert lines[0].startswith(f"{path}:6:1: error: unknown key '1' in the plan")
    assert lines[-1].startswith(f"{path}:{n + 5}:1: error: unknown key '{n}' in the plan")
    assert out.seconds < 20


def test_did_you_mean_budget_counts_characters(tmp_path: Path) -> None:
    # 2,500 milestones with 199-character ids, each referring to an unknown
    # 199-character id (about 1 MB): each comparison costs 199 x 199, so the
    # hints stop early instead of comparing 199-character names for minutes.
    pad = "x" * 190
    n = 2500
    text = "milestones:\n" + "".join(
        f"  - {{id: m{i:08d}{pad}, planned: u{i:08d}{pad} + 1 day}}\n" for i in range(n)
    )
    path = write(tmp_path, text)
    out = refused(path, "refers to unknown milestone", timeout=60)
    assert out.stderr.count("error:") == n
    assert out.seconds < 20


def test_a_huge_unknown_key_is_echoed_shortened(tmp_path: Path) -> None:
    key = "k" * 30_000_000
    path = write(tmp_path, VALID + "? " + key + "\n: 1\n")  # "? ": a key of any length
    out = refused(path, timeout=60)
    assert out.stderr == (
        f"{path}:6:3: error: unknown key '{'k' * 100}'… (30,000,000 characters) in the plan "
        "(expected one of: plantrack, plan, as_of, calendar, tolerance, notes, start, headline, "
        "tags, sources, "
        "milestones)\n"
    )


def _merge_tree(lo: int, hi: int, indent: str, lines: list[str], at: dict[int, int]) -> None:
    """A balanced tree of ``<<`` merges whose leaves are ``{0x<i>: 1}``, one a
    line; ``at[i]`` is the 0-based index in ``lines`` of leaf i."""
    if hi - lo == 1:
        at[lo] = len(lines)
        lines.append(f"{indent}- {{0x{lo:x}: 1}}")
        return
    lines.append(f"{indent}- <<:")
    mid = (lo + hi) // 2
    _merge_tree(lo, mid, indent + "    ", lines, at)
    _merge_tree(mid, hi, indent + "    ", lines, at)


def test_integer_keys_under_a_merge_tree_are_positioned_quickly(tmp_path: Path) -> None:
    # 2,000 keys 0x1 ... 0x7d0, merged into the plan through a tree of merges
    # 11 levels deep: did not finish in 120 s before 653d4b8.  VALID is lines
    # 1-5 and "<<:" line 6, so the leaf at lines[k] is on line k + 7.
    n = 2000
    lines: list[str] = []
    at: dict[int, int] = {}
    _merge_tree(1, n + 1, "  ", lines, at)
    path = write(tmp_path, VALID + "<<:\n" + "\n".join(lines) + "\n")
    out = refused(path, timeout=60)
    errors = out.stderr.splitlines()
    assert len(errors) == n
    column = lines[at[1]].index("{") + 2  # the key, just after "{"
    assert errors[0].startswith(f"{path}:{at[1] + 7}:{column}: error: unknown key '1' in the plan")
    last = lines[at[n]].index("{") + 2
    assert errors[-1].startswith(f"{path}:{at[n] + 7}:{last}: error: unknown key '{n}' in the plan")
    assert out.seconds < 20


def test_a_megabyte_of_integer_keys_is_positioned_quickly(tmp_path: Path) -> None:
    # 1 MB of "0x<14 hex digits>: 1" lines (20 bytes each): took 5 minutes before
    # 653d4b8.  Key i is on line i + 5.
    n = 50_000
    path = write(tmp_path, VALID + "".join(f"0x{i:014x}: 1\n" for i in range(1, n + 1)))
    assert path.stat().st_size > 1_000_000
    out = refused(path, timeout=60)
    errors = out.stderr.splitlines()
    assert len(errors) == n
    assert errors[0].startswith(f"{path}:6:1: error: unknown key '1' in the plan")
    assert errors[-1].startswith(f"{path}:{n + 5}:1: error: unknown key '50000' in the plan")
    assert out.seconds < 20


def test_a_huge_source_id_is_echoed_shortened(tmp_path: Path) -> None:
    # "in source '<id>'" echoed the whole id: 3,000,000 characters per problem.
    sid = "s" * 3_000_000
    path = write(tmp_path, VALID + f"sources:\n  ? {sid}\n  : [a]\n")  # "? ": any length
    out = refused(path, timeout=60)
    assert out.stderr == (
        f"{path}:8:5: error: source '{'s' * 100}… (3,000,000 characters)' "
        "must be a mapping, not a list\n"
    )
