"""Releasable under a name that is ours (issue 16).

On the package index `plantrack` is an unrelated project; ours is `plantrack-cli`.
A scanner finds every install command in the docs and sources and fails on one
that would fetch the other project. The version is written once
(`plantrack.__version__`) and the docs' pins, the CLI and the metadata follow it.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

import plantrack
from tests.conftest import ROOT

# -- the scanner ----------------------------------------------------------------------------

# `pip install` also matches `python -m pip install`, `uv pip install`, `.venv/bin/pip install`.
INSTALL = re.compile(r"(?<![\w-])(?:pip3?|pipx|uv\s+tool)\s+install(?![\w-])")
TOKEN = re.compile(r"'([^']*)'|\"([^\"]*)\"|([^\s'\"]+)")
STOP = re.compile(r"&&|\|\||[;|#`)]")  # the shell command (or the quoted text) ends here
# options whose value is a path, URL or setting, never a requirement from the index
VALUE_OPTIONS = frozenset(
    {"-e", "--editable", "-r", "--requirement", "-c", "--constraint", "-i", "--index-url",
     "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
     "--python", "--src", "--cache-dir", "--log", "--index", "--pip-args",
     # uv: options naming a package that is not installed by them
     "--refresh-package", "--reinstall-package", "-P", "--upgrade-package",
     "--no-binary-package", "--no-build-package", "--resolution"}
)  # fmt: skip
REQUIREMENT = re.compile(r"([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)")
SPECIFIER_START = ("=", "<", ">", "!", "~", ";", ",")
OURS_ELSEWHERE = "plantrack"  # the normalized name of the unrelated project


def trim(word: str) -> str:
    """Without the punctuation of the sentence around it: `plantrack.` -> `plantrack`, `.` stays."""
    return re.sub(r"(?<=[\w\]])[.,:]+$", "", word)


def install_requirements(line: str) -> list[str]:
    """The requirements each install command on `line` names (options' values left out)."""
    found: list[str] = []
    for command in INSTALL.finditer(line):
        words: list[str] = []
        for token in TOKEN.finditer(line, command.end()):
            quoted = token.group(1) if token.group(1) is not None else token.group(2)
            if quoted is not None:
                words.append(quoted)
                continue
            word = token.group(3)
            stop = STOP.search(word)
            if stop:
                if stop.start():
                    words.append(trim(word[: stop.start()]))
                break
            words.append(trim(word))
        skip_value = False
        for word in words:
            if skip_value:
                skip_value = False
            elif word.startswith("-"):
                skip_value = word in VALUE_OPTIONS
            elif word:
                found.append(word)
    return found


def installs_the_other_project(requirement: str) -> bool:
    """True when pip would fetch `plantrack` (any extras or version) from the index."""
    match = REQUIREMENT.fullmatch(requirement.strip())
    if match is None:
        return False
    name, _extras, rest = match.groups()
    normalized = re.sub(r"[-_.]+", "-", name).lower()
    return normalized == OURS_ELSEWHERE and (not rest or rest.startswith(SPECIFIER_START))


SKIP_DIRS = frozenset({"tests", "build", "dist", "node_modules", "__pycache__"})


def scanned_files(root: Path) -> list[Path]:
    """README.md, docs/, src/, .pre-commit-hooks.yaml, .ci/ and every *.md elsewhere.

    tests/ is left out (this file spells the bad lines on purpose), as are hidden
    folders other than .ci (a virtual environment, git) and build output.
    """

    def visible(path: Path) -> bool:
        parts = path.relative_to(root).parts[:-1]
        return not any(
            (p.startswith(".") and p != ".ci") or p in SKIP_DIRS or p.endswith(".egg-info")
            for p in parts
        )

    files = {root / "README.md", root / ".pre-commit-hooks.yaml"}
    for folder in ("docs", "src", ".ci"):
        files.update(p for p in (root / folder).rglob("*") if p.is_file())
    files.update(root.rglob("*.md"))
    return sorted(p for p in files if p.is_file() and visible(p))


def scan(root: Path) -> list[tuple[str, int, str]]:
    """(path relative to root, line number, requirement) for every install command found."""
    found: list[tuple[str, int, str]] = []
    for path in scanned_files(root):
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary (an image)
        text = data.decode("utf-8", errors="replace")
        for number, line in logical_lines(text):
            for requirement in install_requirements(line):
                found.append((path.relative_to(root).as_posix(), number, requirement))
    return found


CONTINUED = re.compile(rf"(?:{INSTALL.pattern}|\\)\s*$")


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) with a line that ends in `\\` or in `pip install`
    joined to the next, as a wrapped docstring or a shell continuation is."""
    lines = text.splitlines()
    joined: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index]
        while CONTINUED.search(line) and index + 1 < len(lines):
            index += 1
            line = line.rstrip().removesuffix("\\") + " " + lines[index]
        joined.append((number, line))
        index += 1
    return joined


# -- the scanner, on hand-written lines ------------------------------------------------------

BARE = [
    ("pip install plantrack", ["plantrack"]),
    ("pip install 'plantrack[plot]'", ["plantrack[plot]"]),
    ("python -m pip install plantrack==0.1", ["plantrack==0.1"]),
    ('uv pip install "plantrack >= 0.1"', ["plantrack >= 0.1"]),
    ("pipx install plantrack", ["plantrack"]),
    ("uv tool install PlanTrack", ["PlanTrack"]),
    ("pip3 install --upgrade plantrack && plantrack --version", ["plantrack"]),
    ("needs `pip install 'plantrack[plot]'`).", ["plantrack[plot]"]),
    ("HINT = \"install the plot extra: pip install 'plantrack[plot]'\"", ["plantrack[plot]"]),
    ("      - run: python -m pip install plantrack  # CI", ["plantrack"]),
    ("(pip install plantrack).", ["plantrack"]),
    ("Then pip install plantrack. Or not.", ["plantrack", "Or", "not"]),
    ("pip install plantrack;python_version>'3'", ["plantrack"]),
    ("uv pip install --resolution lowest-direct -P plantrack plantrack", ["plantrack"]),
]
NOT_BARE = [
    ("pip install plantrack-cli", ["plantrack-cli"]),
    ("pip install 'plantrack-cli[plot]'", ["plantrack-cli[plot]"]),
    ("python -m pip install 'plantrack-cli==0.1.0'   # pinned", ["plantrack-cli==0.1.0"]),
    ("pip install plantrack_cli", ["plantrack_cli"]),
    ("pip install -e .", []),
    ("pip install -e '.[test]'", []),
    (".venv/bin/pip install --quiet . && .venv/bin/plantrack slippage plans/met.yaml", ["."]),
    ("pip install -r plantrack", []),
    ("uv pip install --refresh-package plantrack '.[test]'", [".[test]"]),
    ("pip install --index-url=https://example.org/simple plantrack-cli", ["plantrack-cli"]),
    ("pip install ./plantrack", ["./plantrack"]),
    ("pip install ruamel.yaml", ["ruamel.yaml"]),
    ("apt-get install plantrack", []),
    ("pipeline install plantrack", []),
    ("the plantrack installer: pip-install plantrack", []),
]


@pytest.mark.parametrize(("line", "requirements"), BARE + NOT_BARE)
def test_install_requirements(line: str, requirements: list[str]) -> None:
    assert install_requirements(line) == requirements


@pytest.mark.parametrize(("line", "expected"), [(line, True) for line, _ in BARE])
def test_bare_lines_are_caught(line: str, expected: bool) -> None:
    assert any(installs_the_other_project(r) for r in install_requirements(line)) is expected


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("plantrack", True),
        ("plantrack[plot]", True),
        ("plantrack==0.1", True),
        ("PLANTRACK~=1.9", True),
        ("plantrack-cli", False),
        ("plantrack-cli[plot]", False),
        ("plantrack_cli==0.1.0", False),
        ("plantracker", False),
        (".", False),
        ("./plantrack", False),
        ("plantrack.whl", False),
        ("", False),
    ],
)
def test_installs_the_other_project(requirement: str, expected: bool) -> None:
    assert installs_the_other_project(requirement) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\nb\n", [(1, "a"), (2, "b")]),
        (
            "see (``pip install\n'plantrack[plot]'``)\nnext",
            [(1, "see (``pip install 'plantrack[plot]'``)"), (3, "next")],
        ),
        ("pip install \\\n  plantrack\nx", [(1, "pip install    plantrack"), (3, "x")]),
        ("pip install", [(1, "pip install")]),
    ],
)
def test_logical_lines(text: str, expected: list[tuple[int, str]]) -> None:
    assert logical_lines(text) == expected


def test_scan_walks_the_right_files(tmp_path: Path) -> None:
    bad = "pip install plantrack\n"
    for name in (
        "README.md", "docs/a.md", "docs/sub/b.txt", "src/pkg/m.py", ".pre-commit-hooks.yaml",
        "notes/c.md", ".ci/run",
        # never scanned: tests spell bad lines on purpose; a venv and build output are not ours
        "tests/test_x.py", "tests/d.md", ".venv/lib/e.md", "build/lib/f.md", "x.egg-info/g.md",
        "src/other.txt.bin",
    ):  # fmt: skip
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("intro\n" + bad, encoding="utf-8")
    (tmp_path / "src/other.txt.bin").write_bytes(b"\0" + bad.encode())
    (tmp_path / "docs/ok.md").write_text("pip install plantrack-cli\n", encoding="utf-8")
    (tmp_path / "docs/wrapped.md").write_text("x\npip install\n'plantrack[plot]'\n", "utf-8")
    assert scan(tmp_path) == [
        (".ci/run", 2, "plantrack"),
        (".pre-commit-hooks.yaml", 2, "plantrack"),
        ("README.md", 2, "plantrack"),
        ("docs/a.md", 2, "plantrack"),
        ("docs/ok.md", 1, "plantrack-cli"),
        ("docs/sub/b.txt", 2, "plantrack"),
        ("docs/wrapped.md", 2, "plantrack[plot]"),
        ("notes/c.md", 2, "plantrack"),
        ("src/pkg/m.py", 2, "plantrack"),
    ]


# -- the repository --------------------------------------------------------------------------


def test_no_line_installs_the_other_project() -> None:
    bad = [
        f"{path}:{line}: {req}" for path, line, req in scan(ROOT) if installs_the_other_project(req)
    ]
    assert bad == [], "install plantrack-cli, not plantrack (an unrelated project):\n" + "\n".join(
        bad
    )


def test_the_scan_sees_the_install_lines() -> None:
    found = {(path, req) for path, _line, req in scan(ROOT)}
    version = plantrack.__version__
    assert {
        ("README.md", "plantrack-cli"),
        ("README.md", "plantrack-cli[plot]"),
        ("docs/ci.md", f"plantrack-cli=={version}"),
        ("docs/trend.md", "plantrack-cli[plot]"),
        ("src/plantrack/render/chart.py", "plantrack-cli[plot]"),
        ("src/plantrack/cli/trend.py", "plantrack-cli[plot]"),
    } <= found


# -- one version ------------------------------------------------------------------------------


def test_version_is_semver() -> None:
    assert re.fullmatch(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)", plantrack.__version__)


def test_version_option_prints_the_single_source(invoke) -> None:
    assert invoke("--version").stdout == f"plantrack, version {plantrack.__version__}\n"


def test_installed_metadata_is_plantrack_cli_with_the_same_version() -> None:
    # Fails on an environment installed before the rename: reinstall with `pip install -e .`.
    assert importlib.metadata.version("plantrack-cli") == plantrack.__version__
    scripts = importlib.metadata.distribution("plantrack-cli").entry_points
    assert [(e.name, e.value) for e in scripts] == [("plantrack", "plantrack.cli:main")]


def test_pyproject_reads_the_version_from_the_package() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["name"] == "plantrack-cli"
    assert "version" not in config["project"]
    assert config["project"]["dynamic"] == ["version"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "plantrack.__version__"}
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["plantrack"]


def test_version_costs_no_metadata_lookup() -> None:
    # `import plantrack` and `plantrack --version` stay free of importlib.metadata
    # (about 50 ms here): the version is a literal, and --version is given it.
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from plantrack.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--version'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'importlib.metadata' not in sys.modules, 'importlib.metadata imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_docs_pins_follow_the_version() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    pins = re.findall(r"plantrack-cli==([\w.]+)", text)
    revs = re.findall(r"^\s*rev: v(\S+)", text, flags=re.MULTILINE)
    assert len(pins) >= 2 and len(revs) == 1  # GitHub Actions, GitLab, the paragraph; pre-commit
    assert set(pins) | set(revs) == {plantrack.__version__}


def test_changelog_is_keep_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (.*)$", text, flags=re.MULTILINE)
    assert releases[0] == "[Unreleased]"
    for heading in releases[1:]:
        assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", heading), heading
    kinds = set(re.findall(r"^### (.*)$", text, flags=re.MULTILINE))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    assert plantrack.__version__ in text
    assert "plantrack-cli" in text.split("\n## ")[1]  # the rename is in [Unreleased]


def test_release_check_script_is_strict_bash() -> None:
    script = ROOT / ".ci" / "release-check"
    lines = script.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in lines
    assert script.stat().st_mode & 0o111
