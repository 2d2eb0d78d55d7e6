"""The shape of src/plantrack, read with ``ast`` (nothing is imported):

* no import circle among plantrack's modules, counting imports inside
  functions as well as at the top of a module;
* no private name (``_x``) used outside the package that owns it, whether
  imported (``from x import _y``) or reached as an attribute (``x._y``);
* the core (everything but ``cli/`` and ``render/``) imports neither the
  terminal libraries nor the CLI or the renderers;
* only the CLI exits, and always with an ``ExitCode``.

The checker is tested first on small packages written to tmp_path, so the
test of the real tree can fail.
"""

from __future__ import annotations

import ast
import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from plantrack.check import check_plans
from plantrack.exitcodes import ExitCode
from plantrack.loader import load_plans

from .conftest import DATA, ROOT, TODAY

SRC = ROOT / "src"
UI_LIBRARIES = ("click", "rich")
OUTER_LAYERS = ("plantrack.cli", "plantrack.render", "plantrack.__main__")


@dataclass(frozen=True, slots=True)
class Import:
    """One imported name: ``dotted`` is what it refers to (``a.b`` for ``import
    a.b``, ``a.b.c`` for ``from a.b import c``), ``local`` the name it binds
    here, ``refers`` what that name refers to, and ``target`` the module of the
    package being checked that the import loads, if any."""

    line: int
    dotted: str
    local: str
    refers: str
    target: str | None


def module_names(src: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``src``, by dotted name."""
    names = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[Import]:
    """Every import in the module, wherever it stands (top level, function, class)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name if alias.name in known else None
                top = alias.name.partition(".")[0]
                local, refers = (alias.asname, alias.name) if alias.asname else (top, top)
                yield Import(node.lineno, alias.name, local, refers, target)
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            base = node.module or ""
            if node.level:  # relative: from the importer's own package upwards
                package = name if _is_package(path) else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                dotted = f"{base}.{alias.name}"
                target = dotted if dotted in known else (base if base in known else None)
                local = alias.asname or alias.name
                yield Import(node.lineno, dotted, local, dotted, target)


def import_graph(src: Path, package: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    known = module_names(src, package)
    return {
        name: {i.target for i in imports(name, path, known) if i.target and i.target != name}
        for name, path in known.items()
    }


def _path(graph: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """A shortest import path from ``start`` to ``goal`` (breadth first), or None."""
    came_from: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            path = [node]
            while (previous := came_from[path[-1]]) is not None:
                path.append(previous)
            return path[::-1]
        for nxt in sorted(graph.get(node, ())):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


def import_cycles(src: Path, package: str) -> list[str]:
    """Each import circle once, as ``a -> b -> a``."""
    graph = import_graph(src, package)
    seen: set[frozenset[str]] = set()
    cycles = []
    for module in sorted(graph):
        for imported in sorted(graph[module]):
            back = _path(graph, imported, module)
            if back is not None and frozenset(back) not in seen:
                seen.add(frozenset(back))
                cycles.append(" -> ".join([module, *back]))
    return cycles


def _is_private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def _private_parts(importer: str, dotted: str) -> Iterator[str]:
    """The private parts of ``dotted`` that ``importer`` may not use: a private
    part is open only to the modules inside the package that holds it."""
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        owner = ".".join(parts[:i])
        if _is_private(part) and not _inside(importer, (owner,)):
            yield ".".join(parts[: i + 1])


def _dotted(node: ast.expr) -> tuple[str, str] | None:
    """``a.b.c`` as (root name, rest), or None when it is not a plain chain."""
    rest: list[str] = []
    while isinstance(node, ast.Attribute):
        rest.insert(0, node.attr)
        node = node.value
    return (node.id, ".".join(rest)) if isinstance(node, ast.Name) else None


def private_uses(src: Path, package: str) -> list[str]:
    """``module:line: name`` for each private name used outside its owner."""
    known = module_names(src, package)
    found: list[str] = []
    for name, path in known.items():
        bound: dict[str, str] = {}  # a name the module binds by import -> what it is
        for imp in imports(name, path, known):
            found += [f"{name}:{imp.line}: {p}" for p in _private_parts(name, imp.dotted)]
            bound[imp.local] = imp.refers
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and _is_private(node.attr):
                chain = _dotted(node)
                if chain is None or chain[0] not in bound:
                    continue  # self._x, a local's _x: not reached through an import
                dotted = ".".join([bound[chain[0]], chain[1]])
                found += [
                    f"{name}:{node.lineno}: {p}"
                    for p in _private_parts(name, dotted)
                    if p == dotted  # the chain's own last part; its prefix is checked apart
                ]
    return sorted(set(found))


def _inside(module: str, layers: tuple[str, ...]) -> bool:
    return any(module == layer or module.startswith(f"{layer}.") for layer in layers)


def outward_imports(src: Path, package: str) -> list[str]:
    """``module:line: target`` for each core import of a UI library or an outer layer."""
    known = module_names(src, package)
    outer = tuple(layer.replace("plantrack", package, 1) for layer in OUTER_LAYERS)
    found = []
    for name, path in known.items():
        if _inside(name, outer):
            continue
        for imp in imports(name, path, known):
            module = imp.target or imp.dotted
            if _inside(module, UI_LIBRARIES) or _inside(module, outer):
                found.append(f"{name}:{imp.line}: {module}")
    return found


def _is_exit(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ("exit", "SystemExit")
    return isinstance(func, ast.Attribute) and func.attr == "exit"


def bad_exits(src: Path, package: str) -> list[str]:
    """``module:line`` for each exit outside the CLI, and each CLI exit with a bare number."""
    found = []
    for name, path in module_names(src, package).items():
        in_cli = _inside(name, (f"{package}.cli",))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _is_exit(node)):
                continue
            literal = bool(node.args) and isinstance(node.args[0], ast.Constant)
            if not in_cli or literal:
                found.append(f"{name}:{node.lineno}")
    return found


# -- the checker, on small packages made here -----------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in {"pkg/__init__.py": "", **files}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("files", "cycles"),
    [
        ({"pkg/a.py": "import pkg.b\n", "pkg/b.py": "x = 1\n"}, []),
        ({"pkg/a.py": "import pkg.b\n", "pkg/b.py": "from pkg import a\n"},
         ["pkg.a -> pkg.b -> pkg.a"]),
        # inside a function still counts; relative imports resolve
        ({"pkg/a.py": "from .b import f\n", "pkg/b.py": "def f():\n    from pkg.a import g\n"},
         ["pkg.a -> pkg.b -> pkg.a"]),
        # three modules in a ring: reported once
        ({"pkg/a.py": "import pkg.b\n", "pkg/b.py": "import pkg.c\n", "pkg/c.py": "import pkg.a\n"},
         ["pkg.a -> pkg.b -> pkg.c -> pkg.a"]),
        # a subpackage importing its parent's sibling and back
        ({"pkg/sub/__init__.py": "", "pkg/sub/x.py": "from .. import y\n",
          "pkg/y.py": "from pkg.sub.x import z\n"},
         ["pkg.sub.x -> pkg.y -> pkg.sub.x"]),
    ],
)  # fmt: skip
def test_checker_finds_cycles(tmp_path: Path, files: dict[str, str], cycles: list[str]) -> None:
    assert import_cycles(_package(tmp_path, files), "pkg") == cycles


@pytest.mark.parametrize(
    ("files", "uses"),
    [
        ({"pkg/a.py": "_X = 1\n", "pkg/b.py": "from pkg.a import _X\n"}, ["pkg.b:1: pkg.a._X"]),
        ({"pkg/a.py": "_X = 1\n", "pkg/b.py": "import pkg.a\ny = pkg.a._X\n"},
         ["pkg.b:2: pkg.a._X"]),
        ({"pkg/a.py": "_X = 1\n", "pkg/b.py": "from pkg import a as m\ny = m._X\n"},
         ["pkg.b:2: pkg.a._X"]),
        # a class's private attribute, reached through the import
        ({"pkg/a.py": "class C:\n    _U = 1\n", "pkg/b.py": "from pkg.a import C\ny = C._U\n"},
         ["pkg.b:2: pkg.a.C._U"]),
        # a library's private name is just as private
        ({"pkg/a.py": "def f():\n    from json import _default_decoder\n"},
         ["pkg.a:2: json._default_decoder"]),
        # open to its own package: a private module used by its siblings
        ({"pkg/sub/__init__.py": "", "pkg/sub/_common.py": "x = 1\n",
          "pkg/sub/c.py": "from pkg.sub import _common\nfrom pkg.sub._common import x\n"
                          "y = _common.x\n"}, []),
        ({"pkg/sub/__init__.py": "from pkg.sub import _common\n", "pkg/sub/_common.py": ""}, []),
        # ... but not from outside it
        ({"pkg/sub/__init__.py": "", "pkg/sub/_common.py": "x = 1\n",
          "pkg/d.py": "from pkg.sub._common import x\n"}, ["pkg.d:1: pkg.sub._common"]),
        # self._x, dunders and __future__ are fine
        ({"pkg/a.py": "from __future__ import annotations\nfrom pkg import __doc__\n"
                      "class C:\n    def f(self):\n        return self._x\n"}, []),
    ],
)  # fmt: skip
def test_checker_finds_private_uses(tmp_path: Path, files: dict[str, str], uses: list[str]) -> None:
    assert private_uses(_package(tmp_path, files), "pkg") == uses


@pytest.mark.parametrize(
    ("files", "found"),
    [
        ({"pkg/core.py": "import click\n"}, ["pkg.core:1: click"]),
        ({"pkg/core.py": "def f():\n    from rich.text import Text\n"},
         ["pkg.core:2: rich.text.Text"]),
        ({"pkg/render/__init__.py": "", "pkg/render/t.py": "x = 1\n",
          "pkg/core.py": "from pkg.render import t\n"}, ["pkg.core:1: pkg.render.t"]),
        ({"pkg/cli/__init__.py": "import click\nfrom pkg import core\n", "pkg/core.py": ""}, []),
    ],
)  # fmt: skip
def test_checker_finds_outward_imports(
    tmp_path: Path, files: dict[str, str], found: list[str]
) -> None:
    assert outward_imports(_package(tmp_path, files), "pkg") == found


@pytest.mark.parametrize(
    ("files", "found"),
    [
        ({"pkg/cli/__init__.py": "import sys\nsys.exit(2)\n"}, ["pkg.cli:2"]),
        ({"pkg/cli/__init__.py": "raise SystemExit(1)\n"}, ["pkg.cli:1"]),
        ({"pkg/cli/__init__.py": "def f(ctx):\n    ctx.exit(0)\n"}, ["pkg.cli:2"]),
        ({"pkg/cli/__init__.py": "raise SystemExit(ExitCode.BAD_INPUT)\n"}, []),
        # the core never exits, not even with a code
        ({"pkg/core.py": "import sys\nsys.exit(Code.OK)\n"}, ["pkg.core:2"]),
    ],
)  # fmt: skip
def test_checker_finds_bad_exits(tmp_path: Path, files: dict[str, str], found: list[str]) -> None:
    assert bad_exits(_package(tmp_path, files), "pkg") == found


# -- plantrack itself -------------------------------------------------------------


def test_no_import_cycle() -> None:
    assert import_cycles(SRC, "plantrack") == []


def test_no_private_name_across_modules() -> None:
    assert private_uses(SRC, "plantrack") == []


def test_tests_use_no_private_names() -> None:
    assert private_uses(ROOT, "tests") == []


def test_core_imports_no_ui() -> None:
    assert outward_imports(SRC, "plantrack") == []


def test_only_the_cli_exits_and_with_an_exit_code() -> None:
    assert bad_exits(SRC, "plantrack") == []


def test_exit_codes_live_in_the_core() -> None:
    defined = [  # the CLI uses the core's codes and defines none of its own
        f"{path.name}:{node.lineno}"
        for path in (SRC / "plantrack" / "cli").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == "ExitCode"
    ]
    assert defined == []
    assert {c.name: c.value for c in ExitCode} == {
        "OK": 0,
        "CHECK_FAILED": 1,
        "BAD_INPUT": 2,
        "INTERNAL_ERROR": 3,
        "INTERRUPTED": 130,
    }


@pytest.mark.parametrize(
    ("fixture", "warnings_as_errors", "code"),
    [
        # report: planned 2024-05-20, actual May 2024: 11 days at most against a
        # 10-day tolerance, so only a warning
        ("warning.yaml", False, ExitCode.OK),
        ("warning.yaml", True, ExitCode.CHECK_FAILED),
        # pilot: planned 2024-04, forecast 2024-08: 4 months against 1: a breach
        ("slip.yaml", False, ExitCode.CHECK_FAILED),
        # 'soon' is not a duration: an invalid file wins
        ("mixed/bad.yaml", False, ExitCode.BAD_INPUT),
    ],
)
def test_check_result_exit_code_is_an_exit_code(
    fixture: str, warnings_as_errors: bool, code: ExitCode
) -> None:
    loaded, problems = load_plans([DATA / "check" / fixture])
    result = check_plans(
        loaded,
        as_of=_dt.date(2024, 6, 14),  # the date the fixtures' comments work from
        today=TODAY,
        problems=problems,
        warnings_as_errors=warnings_as_errors,
    )
    assert result.exit_code is code


MAX_MODULE_LINES = 400  # one job a module: longer ones get split by job


def test_no_module_is_over_400_lines() -> None:
    long = {
        path.relative_to(SRC).as_posix(): n
        for path in (SRC / "plantrack").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
