"""pyproject.toml, environment.yml and requirements.lock describe the same environment, and declared = imported."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
# PyPI name -> conda-forge name, where they differ
CONDA_NAMES: dict[str, str] = {}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name(spec: str) -> str:
    return _norm(re.split(r"[<>=!~\[; ]", spec.strip(), maxsplit=1)[0])


def _pyproject_deps() -> tuple[set[str], set[str]]:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    runtime = {_name(d) for d in meta["dependencies"]}
    test = {_name(d) for d in meta["optional-dependencies"]["test"]}
    return runtime, test


def _conda_deps() -> set[str]:
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    names = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    return names - {"python", "pip"}


def test_every_pyproject_dependency_is_in_environment_yml_and_vice_versa():
    runtime, test = _pyproject_deps()
    conda = _conda_deps()
    expected = {CONDA_NAMES.get(n, n) for n in runtime | test}
    assert expected - conda == set(), f"in pyproject.toml but not environment.yml: {sorted(expected - conda)}"
    assert conda - expected == set(), f"in environment.yml but not pyproject.toml: {sorted(conda - expected)}"


def test_lower_bounds_agree():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    py = {_name(d): d.split(_name(d), 1)[-1] for d in meta["dependencies"] + meta["optional-dependencies"]["test"]}
    py = {
        _name(d): re.sub(r"^[A-Za-z0-9_.-]+", "", d)
        for d in meta["dependencies"] + meta["optional-dependencies"]["test"]
    }
    conda = {_name(d): re.sub(r"^[A-Za-z0-9_.-]+", "", d) for d in env["dependencies"] if isinstance(d, str)}
    diff = {k: (v, conda.get(CONDA_NAMES.get(k, k))) for k, v in py.items() if conda.get(CONDA_NAMES.get(k, k)) != v}
    assert diff == {}, f"version bounds differ (pyproject, environment.yml): {diff}"


def test_environment_yml_installs_the_package_editable():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
    assert env["channels"] == ["conda-forge"]


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text()
    assert "make test" in readme and "make report" in readme
    assert re.search(r"^make test$", ci, flags=re.M)


# --------------------------------------------------------------------------- the lock file
LOCK = REPO / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", re.M)


def _locked() -> dict[str, set[str]]:
    """Locked distribution -> its pinned versions (two only where a Python version forks the lock)."""
    out: dict[str, set[str]] = {}
    for name, version in _PIN.findall(LOCK.read_text()):
        out.setdefault(_norm(name), set()).add(version)
    return out


def _version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v.split("+")[0])[:3])


def test_the_lock_pins_every_declared_dependency_within_its_bound_with_hashes():
    runtime, test = _pyproject_deps()
    locked = _locked()
    assert runtime | test <= set(locked), f"declared but not locked: {sorted((runtime | test) - set(locked))}"
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for spec in meta["dependencies"] + meta["optional-dependencies"]["test"]:
        low = re.search(r">=\s*([0-9.]+)", spec)
        for v in locked[_name(spec)]:
            assert low is None or _version_tuple(v) >= _version_tuple(low.group(1)), (spec, v)
    text = LOCK.read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 2)[2])
    assert all("--hash=sha256:" in b for b in blocks if _PIN.match(b)), "every pin carries its hashes"


def test_make_installs_exactly_the_lock_then_the_package_without_dependencies():
    make = (REPO / "Makefile").read_text()
    rule = make[make.index("$(STAMP):") : make.index("report: $(STAMP)")]
    assert rule.splitlines()[0].split(":", 1)[1].split() == ["pyproject.toml", "requirements.lock"]
    assert rule.count("--require-hashes -r requirements.lock") == 2  # uv, and the pip fallback
    assert rule.count("--no-deps -e .") == 2
    assert "-e '.[test]'" not in rule and "-e .[test]" not in rule  # nothing resolved outside the lock


def test_make_lets_every_process_cache_the_bytecode_it_compiles():
    """Nothing is compiled at install (Makefile): each module is compiled by the first process that imports it
    and cached for the others. A shell that sets PYTHONDONTWRITEBYTECODE would make every test worker, kernel
    and command compile pandas and matplotlib again, so the Makefile's recipes run without it."""
    probe = 'probe:\n\t@echo "[$$PYTHONDONTWRITEBYTECODE]"\n'
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for k in ("MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL"):
        env.pop(k, None)
    out = subprocess.run(
        [shutil.which("make"), "-s", "-f", "Makefile", "-f", "-", "probe"],
        input=probe,
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    make = (REPO / "Makefile").read_text()
    rule = make[make.index("$(STAMP):") : make.index("report: $(STAMP)")]
    assert "compileall" not in rule and "--compile" not in rule


def _make_python(tmp_path: Path, *args: str, path_python: str | None = "3.11") -> str:
    """The interpreter `make` would build .venv on (the PYTHON variable after the Makefile's rule), with a
    ``python3`` on the PATH that says it is ``path_python`` (None: no python3 on the PATH). The environment is
    the test's own minus what an outer `make test PYTHON=...` passes down (MAKEFLAGS and the like)."""
    bin_dir = tmp_path / f"bin-{path_python}"
    bin_dir.mkdir(exist_ok=True)
    if path_python:
        _stub(bin_dir / "python3", path_python, 0)
    skip = {"MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL", "PYTHON"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env["PATH"] = f"{bin_dir}:/bin:/usr/bin" if path_python else "/nonexistent"
    make = shutil.which("make")
    out = subprocess.run([make, "-p", "-n", "help", *args], cwd=REPO, capture_output=True, text=True, env=env)
    return next(ln.split("=", 1)[1].strip() for ln in out.stdout.splitlines() if re.match(r"PYTHON :?= ", ln))


def _stub(path: Path, version: str, status: int) -> Path:
    """A stand-in interpreter: prints ``version`` whatever it is asked, exits with ``status`` (0: it can make a venv)."""
    path.write_text(f"#!/bin/sh\necho {version}\nexit {status}\n")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_prefers_the_distributions_python_of_the_same_version_and_falls_back_to_python3(tmp_path):
    """.venv is built on /usr/bin/python3 when it can make a venv (3.11+, venv and ensurepip) and is the same
    minor version as python3 on the PATH (README: 13% less CPU on Debian's build), else on python3 from the
    PATH; PYTHON=... given by the user wins."""
    same, newer, broken = (
        _stub(tmp_path / n, v, st) for n, v, st in (("s", "3.11", 0), ("n", "3.12", 0), ("b", "3.11", 1))
    )
    assert _make_python(tmp_path, f"SYSTEM_PYTHON={same}") == str(same)
    assert _make_python(tmp_path, f"SYSTEM_PYTHON={same}", path_python=None) == str(same)  # no python3 at all
    assert _make_python(tmp_path, f"SYSTEM_PYTHON={newer}") == "python3"  # keeps the PATH's 3.11
    assert _make_python(tmp_path, f"SYSTEM_PYTHON={broken}") == "python3"  # < 3.11, or no venv / ensurepip
    assert _make_python(tmp_path, "SYSTEM_PYTHON=/nonexistent/python3") == "python3"
    assert _make_python(tmp_path, "PYTHON=python3.12") == "python3.12"
    # the real check: an interpreter of this very version with venv and ensurepip qualifies; the stub's "exit 1"
    # above stands for the same check failing (sys.version_info < (3, 11), or `import ensurepip` failing)
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))"], capture_output=True
    )
    assert probe.returncode == 0


# --------------------------------------------------------------------------- declared = imported
# Declared runtime dependencies used without an import statement: programs and plugins.
USED_WITHOUT_IMPORT = {
    "jupyterlab": "`make lab` runs .venv/bin/jupyter lab",
    "ipykernel": "the kernel nbclient starts for every notebook (python -m ipykernel_launcher)",
}
# tests/ helpers and the benchmark scripts (tests/test_benchmarks.py imports them by name)
LOCAL_TEST_MODULES = (
    {"hostile"} | {p.stem for p in (REPO / "tests").glob("*.py")} | {p.stem for p in (REPO / "benchmarks").glob("*.py")}
)


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> files importing it, for every import in src/, tests/, notebooks/, benchmarks/."""
    import ast
    import sys

    found: dict[str, set[str]] = {}
    for folder in ("src", "tests", "notebooks", "benchmarks"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                for n in names:
                    top = n.split(".")[0]
                    if (
                        top in sys.stdlib_module_names
                        or top == "analysis"
                        or top in LOCAL_TEST_MODULES
                        or top.startswith("test_")
                    ):
                        continue
                    found.setdefault(top, set()).add(str(path.relative_to(REPO)))
    return found


def test_every_third_party_import_is_a_declared_distribution():
    from importlib.metadata import packages_distributions

    runtime, test = _pyproject_deps()
    dists = packages_distributions()
    undeclared = {}
    for module, files in _third_party_imports().items():
        names = {_norm(d) for d in dists.get(module, [])}
        assert names, f"{module} (imported by {sorted(files)}) is not installed"
        # src/ and notebooks/ need a runtime dependency; tests/ and benchmarks/ may use the test extra
        runtime_needed = any(f.startswith(("src/", "notebooks/")) for f in files)
        if not names & (runtime if runtime_needed else runtime | test):
            undeclared[module] = (sorted(names), sorted(files)[:3])
    assert undeclared == {}, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_declared_runtime_dependency_is_imported_somewhere():
    from importlib.metadata import packages_distributions

    runtime, _ = _pyproject_deps()
    dists = packages_distributions()
    imported = {_norm(d) for m in _third_party_imports() for d in dists.get(m, [])}
    unused = runtime - imported - set(USED_WITHOUT_IMPORT)
    assert unused == set(), f"declared but never imported (remove, or use it): {sorted(unused)}"
    assert set(USED_WITHOUT_IMPORT) <= runtime and not set(USED_WITHOUT_IMPORT) & imported
