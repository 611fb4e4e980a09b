"""Shared fixtures. Tests never write to the committed data/, figures/ or reports/."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

import pytest

# Bytecode caches on, for this process and every process the tests start (notebook kernels, the CLI,
# the Jupyter server): with PYTHONDONTWRITEBYTECODE set (as in some CI and sandbox shells) each of
# those ~30 processes compiles pandas, matplotlib, scipy and the package from source again: `import
# analysis` takes about 3.4 s instead of 1.0 s. The caches go to the ignored __pycache__ folders (of .venv and src/).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# nbformat (through analysis.outputs.report and jupytext, imported while collecting) imports jsonschema, which
# imports rfc3987_syntax when it is installed (jupyter-server's jupyter_events pulls it in); that module
# compiles an Earley grammar at import time: about 1.2 s in each test process. jsonschema only needs it
# for the "iri" string formats, which nothing here validates (nbformat checks no formats); marked as
# absent, jsonschema skips those two format checkers. Test processes only: kernels, the report CLI
# and the Jupyter server of test_lab import it as usual.
sys.modules.setdefault("rfc3987_syntax", None)

from analysis.core import paths

REPO = Path(__file__).resolve().parent.parent
SHARED_MISSING = "../shared is not beside the repository (the raw workbooks and seed documents live there)"

# One rule for the raw material: a test that reads ../shared carries the `shared` marker and is
# skipped, with the reason, when ../shared is absent (a user's clone); in CI it is present and the
# tests run. Tests of the committed tables under data/ never skip.
needs_shared = pytest.mark.shared
_SHARED_RESULTS = {"passed": 0, "failed": 0, "skipped": 0}


# The modules whose tests wait for an input built once per run (run_cache.built_once: the briefs, the
# imports) or build a costly session fixture (test_papi_ingest's PAPI build).
SHARED_BUILDS = (
    "test_brief.py",
    "test_importer.py",
    "test_papi_ingest.py",
    "test_atomic_import.py",
)
# Modules whose shared input reads a notebook run (test_consistency reads page 03's default run): last, so the
# notebook has long been run (it heads the first worker's queue) when they get there, and no worker waits on it.
AFTER_NOTEBOOKS = ("test_consistency.py",)


def pytest_collection_modifyitems(config, items):
    # pytest-xdist's worksteal hands the first worker the first half of this order and the second
    # worker the second half; an idle worker later steals from the tail of the other's queue. So:
    # - the notebook runs (the longest tests, no shared input) head the first half, and both workers
    #   end on short tests at about the same time;
    # - the modules that build a shared input head the second half: the second worker builds it while
    #   the first runs notebooks, and no test ever waits on a build in the other worker.
    # - the modules that read a notebook run (AFTER_NOTEBOOKS) end the second half.
    notebooks = [i for i in items if i.get_closest_marker("notebook")]
    builders = [i for i in items if i.path.name in SHARED_BUILDS and not i.get_closest_marker("notebook")]
    last = [i for i in items if i.path.name in AFTER_NOTEBOOKS and not i.get_closest_marker("notebook")]
    taken = {id(i) for i in notebooks + builders + last}
    rest = [i for i in items if id(i) not in taken]
    fill = max(0, len(items) // 2 - len(notebooks))
    items[:] = notebooks + rest[:fill] + builders + rest[fill:] + last
    if paths.shared_dir().exists():
        return
    skip = pytest.mark.skip(reason=f"{SHARED_MISSING}: {paths.shared_dir()}")
    for item in items:
        if item.get_closest_marker("shared"):
            item.add_marker(skip)


def pytest_collection_finish(session):
    # The garbage collector of a test process: the modules, the catalogues and the collected tests (hundreds of
    # thousands of objects, alive for the whole run) move out of its sight (gc.freeze), and a collection starts
    # after 50,000 new container objects instead of 700. Matplotlib figures and pandas frames are cyclic, so
    # with the defaults the collector ran ~3,300 times over a quarter of the suite and took 7% of its time
    # (4.0 of 55 s; 0.6 s with these settings). Test processes only: notebook kernels and the commands the
    # tests start keep Python's defaults.
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config):
    # pytest's unraisable-exception plugin ends each test process with a full collection (about 1 s here, over
    # everything the run built since the freeze above, in both workers at the very end of the run). Frozen too:
    # the process exits next, and each test's own unraisable exceptions were already reported after it ran.
    gc.freeze()


def pytest_runtest_logreport(report):
    if "shared" in report.keywords and (report.when == "call" or (report.when == "setup" and not report.passed)):
        outcome = "skipped" if report.skipped else ("passed" if report.passed else "failed")
        _SHARED_RESULTS[outcome] += 1


def pytest_terminal_summary(terminalreporter):
    r = _SHARED_RESULTS
    where = paths.shared_dir()
    terminalreporter.write_line(
        f"tests that read ../shared ({where}{'' if where.exists() else ', absent'}): "
        f"{r['passed']} passed, {r['failed']} failed, {r['skipped']} skipped"
    )


@pytest.fixture(autouse=True, scope="session")
def _run_cache_root(tmp_path_factory, worker_id):
    """Under xdist, inputs built once per run (run_cache.built_once) go to the run's common temp root."""
    import run_cache

    run_cache.ROOT = tmp_path_factory.getbasetemp().parent if worker_id != "master" else None
    yield


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
