"""Shared fixtures. Tests never write to the committed data/, figures/ or reports/."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analysis import paths

REPO = Path(__file__).resolve().parent.parent
SHARED_MISSING = "../shared is not beside the repository (the raw workbooks and seed documents live there)"

needs_shared = pytest.mark.skipif(not paths.shared_dir().exists(), reason=SHARED_MISSING)


@pytest.fixture(autouse=True)
def _outputs_to_tmp(tmp_path_factory, monkeypatch):
    """Every test writes figures and reports into a temporary folder."""
    out = tmp_path_factory.mktemp("outputs")
    monkeypatch.setenv("PCI_FIGURES_DIR", str(out / "figures"))
    monkeypatch.setenv("PCI_REPORTS_DIR", str(out / "reports"))
    yield


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of the committed data/ that the test may change."""
    d = tmp_path / "data"
    shutil.copytree(REPO / "data", d, ignore=shutil.ignore_patterns(".import.lock", ".txn"))
    monkeypatch.setenv("PCI_DATA_DIR", str(d))
    return d


@pytest.fixture(autouse=True)
def _close_figures():
    """Charts are pyplot figures; close them after every test so memory stays flat."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
