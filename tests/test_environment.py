"""pyproject.toml and environment.yml describe the same environment."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

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
    py = {_name(d): re.sub(r"^[A-Za-z0-9_.-]+", "", d) for d in meta["dependencies"] + meta["optional-dependencies"]["test"]}
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
