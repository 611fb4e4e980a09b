"""Where the project's folders live.

Every path can be overridden with an environment variable, so tests can point the
package at a temporary copy of ``data/`` without touching the committed tables.

| variable           | default                        |
|--------------------|--------------------------------|
| ``PCI_ROOT``       | the repository root            |
| ``PCI_DATA_DIR``   | ``<root>/data``                |
| ``PCI_FIGURES_DIR``| ``<root>/figures``             |
| ``PCI_REPORTS_DIR``| ``<root>/reports``             |
| ``PCI_SHARED_DIR`` | ``<root>/../shared``           |
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/analysis (this file is src/analysis/core/paths.py)


def root_dir() -> Path:
    """The repository root (the folder holding ``pyproject.toml``)."""
    env = os.environ.get("PCI_ROOT")
    if env:
        return Path(env).resolve()
    return _PACKAGE_DIR.parent.parent


def _dir(var: str, default: Path) -> Path:
    env = os.environ.get(var)
    return Path(env).resolve() if env else default


def data_dir() -> Path:
    return _dir("PCI_DATA_DIR", root_dir() / "data")


def figures_dir() -> Path:
    return _dir("PCI_FIGURES_DIR", root_dir() / "figures")


def reports_dir() -> Path:
    return _dir("PCI_REPORTS_DIR", root_dir() / "reports")


def tables_dir() -> Path:
    return reports_dir() / "tables"


def notebooks_dir() -> Path:
    return root_dir() / "notebooks"


def shared_dir() -> Path:
    return _dir("PCI_SHARED_DIR", root_dir().parent / "shared")


def pci_workbooks_dir() -> Path:
    return shared_dir() / "data" / "pci-workbooks"


def papi_workbooks_dir() -> Path:
    return shared_dir() / "data" / "papi-workbooks"


def provinces_source_dir() -> Path:
    return shared_dir() / "data" / "provinces"


def seeds_dir() -> Path:
    return shared_dir() / "seeds"


def package_dir() -> Path:
    return _PACKAGE_DIR
