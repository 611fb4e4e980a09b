"""Benchmarks that cannot rot (issue 20): each script in benchmarks/ runs in its quick mode and exits 0.

``benchmarks/hostile_report.py`` exited 1 for weeks (it looked for "row N, column M" while the messages had
moved to "cell C13") and nobody saw it, because nothing ran it. Each benchmark now has a ``--quick`` mode
that checks its expectation and exits 1 when it fails; these tests run every one and show that a failed
expectation does fail (a time budget of 0 s, a case expecting the wrong error). ``report.py`` runs as a command;
the others run as ``__main__`` in the test process (``_run_here``), which saves each a new interpreter.
"""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import subprocess
import sys
import warnings
from pathlib import Path
from unittest import mock

import pytest

import analysis.core.paths

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
shared = pytest.mark.shared


def _run(script: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """The script as a command: its own interpreter (report.py: it starts and stops kernel servers of its own)."""
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, cwd=REPO, timeout=timeout
    )


def _run_here(script: str, *args: str) -> subprocess.CompletedProcess:
    """The script run as ``__main__`` in this test process, as ``python benchmarks/SCRIPT ARGS`` would run it
    (its argv, its folder first on sys.path, its exit code, its warnings on its stderr), without a new interpreter importing pandas,
    matplotlib and the package again (about a second each); the environment and sys.path are restored."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with (
        mock.patch.dict(os.environ),
        mock.patch.object(sys, "argv", [str(BENCH / script), *args]),
        mock.patch.object(sys, "path", [str(BENCH), *sys.path]),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("default")  # printed on the script's stderr, as its own interpreter would
        warnings.showwarning = lambda msg, cat, f, n, file=None, line=None: err.write(
            warnings.formatwarning(msg, cat, f, n, line)
        )
        try:
            runpy.run_path(str(BENCH / script), run_name="__main__")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if not isinstance(exc.code, int) and exc.code is not None:
                err.write(str(exc.code))
    return subprocess.CompletedProcess([script, *args], code, out.getvalue(), err.getvalue())


def test_every_benchmark_has_a_quick_mode_tested_here():
    scripts = {p.name for p in BENCH.glob("*.py")}
    tested = {"hostile_report.py", "import_all.py", "project_draws.py", "save_figure.py", "report.py"}
    assert scripts == tested, scripts ^ tested
    assert all("--quick" in (BENCH / s).read_text(encoding="utf-8") for s in scripts)


@pytest.mark.parametrize(
    "script",
    [
        pytest.param("hostile_report.py", marks=shared),
        pytest.param("import_all.py", marks=shared),
        "project_draws.py",
        "save_figure.py",
        pytest.param("report.py", marks=pytest.mark.notebook),
    ],
)
def test_quick_mode_meets_its_expectation(script):
    r = _run(script, "--quick") if script == "report.py" else _run_here(script, "--quick")
    assert r.returncode == 0, (r.stdout[-3000:], r.stderr[-3000:])
    assert "EXPECTATION FAILED" not in r.stderr and "NOT as expected" not in r.stdout


@pytest.mark.parametrize("script", [pytest.param("import_all.py", marks=shared), "project_draws.py"])
def test_a_failed_expectation_fails_the_benchmark(script):
    r = _run_here(script, "--quick", "--max-seconds", "0")
    assert r.returncode == 1 and "EXPECTATION FAILED" in r.stderr, (r.stdout[-2000:], r.stderr[-2000:])


@shared
def test_hostile_report_checks_the_message_in_excel_terms(tmp_path, monkeypatch):
    """A refusal counts only with the expected class naming file, sheet and cell ('cell C8', not 'row 7,
    column 2'); a case expecting another class is reported as not as expected."""
    import dataclasses

    monkeypatch.syspath_prepend(str(BENCH))
    import hostile_report

    from hostile import corpus

    case = corpus.by_name()["thousands_dot_ambiguous"]  # corpus: '1.423' in cell C8 of sheet Summary
    line, _, ok = hostile_report.run_case(case, tmp_path / "a")
    assert ok and "cell C8" in line
    wrong = dataclasses.replace(case, expect=corpus.W.ScoreOutOfRangeError)
    line, _, ok = hostile_report.run_case(wrong, tmp_path / "b")
    assert not ok and "NOT the expected clear error" in line
    assert analysis.core.paths.shared_dir().exists()
