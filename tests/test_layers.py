"""The layers of src/analysis (README "Layout"): core < data < analyses < ingest | outputs < __main__.

Three checks, each of which fails when the rule is broken:
- the import-linter ``layers`` contract of pyproject.toml (``[tool.importlinter]``) holds, and breaks on a
  copy of the package given one upward import (so the contract is not vacuous);
- no module imports an ``analysis`` module inside a function (an import placed there hides a cycle or an
  upward import from the reader), except the one documented below;
- the graph of every import between the package's modules (module level, in functions, under
  ``TYPE_CHECKING``) has no cycle.
"""

from __future__ import annotations

import ast
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
PACKAGE = SRC / "analysis"

# (module, imported module): the only imports of an analysis module allowed inside a function.
# - analysis/__init__.py loads save_figure and use_house_style on first use (PEP 562, ``__getattr__``) so
#   that the commands drawing nothing start without matplotlib's pyplot (about 0.4 s; tests/test_style.py).
# - analysis/__main__.py, the top layer (nothing above it to cycle with), loads each command's module when
#   that command runs: loading all of them up front took `python -m analysis --help` from 3.0 s to 8.4 s
#   (jupytext, nbconvert and pyplot for every command) and loads pyplot (tests/test_style.py).
IN_FUNCTION_ALLOWED = {
    ("analysis", "analysis.outputs.style"),
    *(
        ("analysis.__main__", m)
        for m in (
            "analysis.outputs.report",
            "analysis.ingest.importer",
            "analysis.ingest.sources",
            "analysis.ingest.validate",
            "analysis.data.maps",
            "analysis.ingest.map34",
            "analysis.ingest.backtest_tables",
            "analysis.outputs.brief",
            "analysis.outputs.style",  # the brief command's figure-check warning class (style loads pyplot)
        )
    ),
}
WRITERS = "analysis.ingest"  # the only layer that writes data/ (core.store's data_lock / write_tables)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The package module an imported name belongs to (``analysis.data.maps.ProvinceMaps`` -> ``...maps``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> list[tuple[int, str, bool]]:
    """(line, imported analysis module, inside a function) for every import statement of ``module``."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    base = ".".join(up + ([child.module] if child.module else []))
                names = [f"{base}.{a.name}" for a in child.names]  # a submodule, else ``base`` (by _resolve)
            for target in {_resolve(n) for n in names if n.split(".")[0] == "analysis"} - {None, module}:
                found.append((child.lineno, target, in_function))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


@functools.cache
def import_graph() -> dict[str, list[tuple[int, str, bool]]]:
    """Every module's imports of the package (parsed when a test asks, not while every worker collects)."""
    return {m: _imports(m) for m in MODULES}


def _lint_imports(cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = (
        [str(exe)]
        if exe.exists()
        else [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ]
    )
    return subprocess.run(cmd + ["--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_layer_contract_holds():
    r = _lint_imports(REPO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 kept, 0 broken" in r.stdout


def test_the_layer_contract_breaks_on_an_upward_import(tmp_path):
    """A copy of the package where the data layer imports the outputs layer: lint-imports must refuse it."""
    shutil.copytree(PACKAGE, tmp_path / "src" / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    coverage = tmp_path / "src" / "analysis" / "data" / "coverage.py"
    coverage.write_text(
        coverage.read_text(encoding="utf-8") + "\nfrom analysis.outputs import tables  # upward\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    r = _lint_imports(tmp_path, env)
    assert r.returncode != 0 and "BROKEN" in r.stdout
    assert "analysis.data.coverage -> analysis.outputs.tables" in r.stdout


def test_no_analysis_import_inside_a_function():
    inside = sorted((m, line, t) for m, found in import_graph().items() for line, t, f in found if f)
    allowed = [(m, line, t) for m, line, t in inside if (m, t) in IN_FUNCTION_ALLOWED]
    assert [x for x in inside if x not in allowed] == [], "move these imports to the top of their module"
    # each exception is real (a stale one would hide a new import under its name)
    assert {(m, t) for m, _, t in allowed} == IN_FUNCTION_ALLOWED


def test_no_import_cycle():
    graph = {m: {t for _, t, _ in found} for m, found in import_graph().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    assert cycles == []


def test_no_module_imports_the_package_root():
    """``import analysis`` from inside the package loads every layer (analysis/__init__.py re-exports them)."""
    bad = []
    for m, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Import) and any(a.name == "analysis" for a in node.names)) or (
                isinstance(node, ast.ImportFrom) and node.module == "analysis" and not node.level
            ):
                bad.append((m, node.lineno))
    assert bad == []


@pytest.mark.parametrize("writer", ["data_lock", "write_tables"])
def test_only_ingest_writes_data(writer):
    """core.store's writer of data/ is used by ingest/ only (analyses and outputs never write data/)."""
    users = set()
    for m, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if f"{writer}(" in text and m != "analysis.core.store":
            users.add(m)
    assert users and all(m.startswith(WRITERS + ".") for m in users), sorted(users)
