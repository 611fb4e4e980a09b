"""Execute the notebooks top to bottom in fresh kernels and export the report.

``python -m analysis report`` runs every ``notebooks/NN_*.py`` (jupytext percent text, the
reviewed source of each notebook) in a fresh kernel with ``notebooks/`` as working
directory, writes each executed notebook as HTML under ``reports/``, and collects the
tables the notebooks saved into ``reports/pci_tables.xlsx``. Figures are written by the
notebooks themselves through :func:`analysis.save_figure` into ``figures/``.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from . import paths
from .catalog import normalise_name

CELL_TIMEOUT = 900


@dataclass
class NotebookResult:
    name: str
    ok: bool
    seconds: float
    html: Path | None
    error: str = ""


class NotebookFailed(RuntimeError):
    pass


def notebook_sources(directory: Path | None = None) -> list[Path]:
    """The notebooks' text sources (``NN_name.py``), in order."""
    d = Path(directory) if directory is not None else paths.notebooks_dir()
    return sorted(p for p in d.glob("[0-9][0-9]_*.py"))


def read_notebook(source: Path) -> nbformat.NotebookNode:
    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def inject_parameters(nb: nbformat.NotebookNode, params: Mapping[str, object]) -> nbformat.NotebookNode:
    """Insert a cell assigning ``params`` right after the cell tagged ``parameters`` (papermill's convention)."""
    if not params:
        return nb
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if idx is None:
        raise NotebookFailed("the notebook has no cell tagged 'parameters'; it cannot take parameters")
    declared = set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]*)?=", nb.cells[idx].source, flags=re.M))
    unknown = sorted(set(params) - declared)
    if unknown:
        raise NotebookFailed(f"unknown parameter(s) {unknown}; the notebook declares {sorted(declared)}")
    code = "# Injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(code, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(idx + 1, cell)
    return nb


def parse_param(value: str) -> object:
    """``-p year 2018`` gives 2018; ``-p provinces "['Lai Châu']"`` a list; anything else a string."""
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


def output_stem(source: Path, params: Mapping[str, object]) -> str:
    if not params:
        return source.stem
    slug = "_".join(normalise_name(str(v))[:24] for v in params.values())
    return f"{source.stem}__{slug}"


def run_notebook(source: Path, params: Mapping[str, object] | None = None,
                 out_dir: Path | None = None, timeout: int = CELL_TIMEOUT) -> NotebookResult:
    """Execute one notebook in a fresh kernel and write its HTML; never raises on cell errors."""
    from nbconvert import HTMLExporter

    params = dict(params or {})
    out_dir = Path(out_dir) if out_dir is not None else paths.reports_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    nb = inject_parameters(read_notebook(source), params)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(source.parent)}})
    error = ""
    try:
        # the kernel process's own stderr carries only its start-up logging (a loopback-TCP
        # notice); cell output and warnings are captured in the notebook, a dead kernel is
        # reported by nbclient
        client.execute(stderr=subprocess.DEVNULL)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        error = _describe_failure(nb, exc)
    html_path = out_dir / f"{output_stem(source, params)}.html"
    body, _ = HTMLExporter().from_notebook_node(nb)
    html_path.write_text(body, encoding="utf-8")
    return NotebookResult(source.stem, not error, time.perf_counter() - start, html_path, error)


def _describe_failure(nb, exc) -> str:
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                return f"cell {i} (`{first[:70]}`): {out.get('ename')}: {out.get('evalue')}"
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"


def run_report(only: list[str] | None = None, params: Mapping[str, object] | None = None,
               stream=sys.stdout) -> int:
    """Run the notebooks (all, or ``only``), then build the Excel workbook. Returns an exit code."""
    from .excel import write_report_workbook

    sources = notebook_sources()
    if only:
        wanted = {o.removesuffix(".py").removesuffix(".ipynb") for o in only}
        missing = wanted - {s.stem for s in sources}
        if missing:
            print(f"no such notebook: {sorted(missing)}; have {[s.stem for s in sources]}", file=stream)
            return 2
        sources = [s for s in sources if s.stem in wanted]
    full_run = not only and not params
    if full_run:  # regenerate everything: no stale figure or table survives
        for d in (paths.figures_dir(), paths.tables_dir()):
            if d.exists():
                for f in d.iterdir():
                    if f.is_file() and f.name != ".gitkeep":
                        f.unlink()
    results = []
    for i, src in enumerate(sources, 1):
        print(f"[{i}/{len(sources)}] {src.stem} ...", end=" ", file=stream, flush=True)
        res = run_notebook(src, params)
        results.append(res)
        status = "ok" if res.ok else "FAILED"
        print(f"{status} ({res.seconds:.1f} s) -> {res.html}", file=stream, flush=True)
        if not res.ok:
            print(f"    {src.name}: {res.error}", file=stream, flush=True)
    if paths.tables_dir().exists():
        xlsx = write_report_workbook()
        print(f"tables: {paths.tables_dir()} and {xlsx}", file=stream)
    print(f"figures: {paths.figures_dir()}", file=stream)
    failed = [r for r in results if not r.ok]
    if failed:
        print(f"{len(failed)} notebook(s) failed: " + ", ".join(f"{r.name} ({r.error})" for r in failed), file=stream)
        return 1
    print(f"all {len(results)} notebook(s) ran", file=stream)
    return 0


def sync_notebooks(directory: Path | None = None) -> list[Path]:
    """Write each ``NN_name.ipynb`` (no outputs) from its ``NN_name.py`` text source."""
    written = []
    for src in notebook_sources(directory):
        nb = jupytext.read(src)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
        for i, cell in enumerate(nb.cells):  # stable ids: a re-sync changes nothing it need not
            cell["id"] = f"cell-{i:03d}"
        target = src.with_suffix(".ipynb")
        jupytext.write(nb, target)
        written.append(target)
    return written
