"""Execute the notebooks top to bottom, each in a kernel of its own, and export the report.

``python -m analysis report`` runs every ``notebooks/NN_*.py`` (jupytext percent text, the
reviewed source of each notebook) in a kernel of its own (forked from a warm server when it runs
more than one: :mod:`analysis.outputs.kernels`) with ``notebooks/`` as working directory, in
parallel up to the number of cores, and writes each executed notebook as an answer-first HTML page
(:mod:`analysis.outputs.pages`; code hidden unless ``with_code``).

Where a run writes (no two runs share a file):

- the **default run** (no parameters): ``reports/NN_name.html``, figures in ``figures/``,
  tables in ``reports/tables/`` and ``reports/pci_tables.xlsx``;
- a **parameter run** (``-p NAME VALUE``): its own folder
  ``reports/runs/NN_name__<name>-<value>…/`` holding ``NN_name.html``, ``figures/``,
  ``tables/`` and ``pci_tables.xlsx`` (the kernel gets ``PCI_FIGURES_DIR`` and
  ``PCI_REPORTS_DIR`` pointing there, so :func:`analysis.save_figure` and
  :func:`analysis.save_table` write into the run's folder).

Parameters are checked against each notebook's ``parameters`` cell before any kernel
starts (:mod:`analysis.outputs.parameters`). A failing notebook leaves ``NN_name.failed.html``
(with the failure at the top) and no ``NN_name.html``; the workbook is only built when
every notebook ran.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from analysis.core import paths
from analysis.data.catalog import normalise_name
from analysis.outputs import kernels, pages
from analysis.outputs import parameters as params_mod
from analysis.outputs.excel import write_report_workbook

CELL_TIMEOUT = 900
RUNS_DIR = "runs"


@dataclass
class NotebookResult:
    name: str
    ok: bool
    seconds: float
    html: Path | None
    error: str = ""
    params: dict = field(default_factory=dict)


class NotebookFailed(RuntimeError):
    pass


def notebook_sources(directory: Path | None = None) -> list[Path]:
    """The notebooks' text sources (``NN_name.py``), in order."""
    d = Path(directory) if directory is not None else paths.notebooks_dir()
    return sorted(p for p in d.glob("[0-9][0-9]_*.py"))


#: the kernel ipykernel installs (its kernel.json): JupyterLab writes the running kernel's spec into a notebook it
#: opens, so a committed spec that differs ("Python 3") marks every notebook "modified" as soon as it opens
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def notebook_imports(nb: nbformat.NotebookNode) -> list[str]:
    """The modules a notebook's code cells import, in order (``from a.b import c`` gives ``a.b``, and ``a.b.c``
    when ``c`` is a module): what :mod:`analysis.outputs.kernels` loads before forking its kernel."""
    names: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: the kernel reads those cells, nothing to import ahead
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [node.module] + [f"{node.module}.{a.name}" for a in node.names if a.name != "*"]
    return list(dict.fromkeys(names))


def read_notebook(source: Path) -> nbformat.NotebookNode:
    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return nb


def _parameters_cell(nb) -> int | None:
    return next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)


def declared_parameters(nb) -> dict[str, params_mod.Declared]:
    """The parameters (name -> declared default) of a notebook's ``parameters`` cell."""
    idx = _parameters_cell(nb)
    return {} if idx is None else params_mod.declared(nb.cells[idx].source)


def check_parameters(nb, params: Mapping[str, object]) -> dict[str, object]:
    """The run's parameters typed and checked against the notebook's declarations and the data."""
    if not params:
        return {}
    if _parameters_cell(nb) is None:
        raise NotebookFailed("the notebook has no cell tagged 'parameters'; it cannot take parameters")
    try:
        return params_mod.validate(params, declared_parameters(nb))
    except params_mod.ParameterError as exc:
        raise NotebookFailed(str(exc)) from None


def inject_parameters(nb: nbformat.NotebookNode, params: Mapping[str, object]) -> nbformat.NotebookNode:
    """Insert a cell assigning ``params`` right after the cell tagged ``parameters`` (papermill's convention).

    Names are checked against the cell's declarations (:func:`check_parameters` also checks
    types and values).
    """
    if not params:
        return nb
    idx = _parameters_cell(nb)
    if idx is None:
        raise NotebookFailed("the notebook has no cell tagged 'parameters'; it cannot take parameters")
    decl = declared_parameters(nb)
    unknown = [k for k in params if k not in decl]
    if unknown:
        try:
            params_mod.validate({unknown[0]: params[unknown[0]]}, decl)
        except params_mod.ParameterError as exc:
            raise NotebookFailed(str(exc)) from None
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


def _slug(v) -> str:
    if isinstance(v, (list, tuple)):
        return "+".join(_slug(x) for x in v)
    return normalise_name(str(v)) or "x"


def output_stem(source: Path, params: Mapping[str, object]) -> str:
    """``01_subindex_trends`` for the default run, ``01_subindex_trends__province-dienbien`` with parameters."""
    if not params:
        return source.stem
    slug = "__".join(f"{k}-{_slug(v)}" for k, v in sorted(params.items()))
    if len(slug) > 80:
        slug = slug[:68] + "-" + hashlib.sha256(slug.encode()).hexdigest()[:10]
    return f"{source.stem}__{slug}"


@dataclass(frozen=True)
class RunDirs:
    """Where one run writes: its HTML folder, its figures and its tables."""

    reports: Path
    figures: Path

    @property
    def tables(self) -> Path:
        return self.reports / "tables"

    @property
    def workbook(self) -> Path:
        return self.reports / "pci_tables.xlsx"


def run_dirs(source: Path, params: Mapping[str, object] | None = None) -> RunDirs:
    """The default run writes to reports/ and figures/; a parameter run to reports/runs/<stem>/."""
    if not params:
        return RunDirs(paths.reports_dir(), paths.figures_dir())
    folder = paths.reports_dir() / RUNS_DIR / output_stem(source, params)
    return RunDirs(folder, folder / "figures")


def run_notebook(
    source: Path,
    params: Mapping[str, object] | None = None,
    out_dir: Path | None = None,
    timeout: int = CELL_TIMEOUT,
    *,
    with_code: bool = False,
    dirs: RunDirs | None = None,
) -> NotebookResult:
    """Execute one notebook in a kernel of its own (forked from this process's warm server) and write its HTML
    page; never raises on cell errors.

    ``params`` are checked first (a bad value raises :class:`NotebookFailed` before any
    kernel starts). The page is ``<stem>.html`` on success and ``<stem>.failed.html`` on
    failure (then any ``<stem>.html`` of an earlier run is removed).
    """
    return write_page(execute_notebook(source, params, out_dir, timeout, dirs=dirs), with_code=with_code)


@dataclass
class Executed:
    """An executed notebook waiting for its page (:func:`execute_notebook`, then :func:`write_page`)."""

    source: Path
    nb: nbformat.NotebookNode
    params: dict
    error: str
    out_dir: Path
    start: float


def execute_notebook(
    source: Path,
    params: Mapping[str, object] | None = None,
    out_dir: Path | None = None,
    timeout: int = CELL_TIMEOUT,
    *,
    dirs: RunDirs | None = None,
    warm: bool = True,
) -> Executed:
    """The kernel half of :func:`run_notebook`: check the parameters, run every cell, keep the outputs.

    ``warm``: fork the kernel from this process's warm server (:mod:`analysis.outputs.kernels`), worth it
    when the process runs more than one; else a fresh interpreter."""
    source = Path(source)
    start = time.perf_counter()
    nb = read_notebook(source)
    params = check_parameters(nb, dict(params or {}))
    dirs = dirs or run_dirs(source, params)
    out_dir = Path(out_dir) if out_dir is not None else dirs.reports
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = inject_parameters(nb, params)
    for i, cell in enumerate(nb.cells):  # stable ids (jupytext draws random ones): the same run, the same page
        cell["id"] = f"cell-{i:03d}"
    env = {**os.environ, "PCI_FIGURES_DIR": str(dirs.figures), "PCI_REPORTS_DIR": str(dirs.reports)}
    error = ""
    # The kernel talks over Unix sockets in a private folder, not loopback TCP ports: kernels
    # started at the same moment (parallel notebooks, parallel tests) can race for the same free
    # port and then wait on each other forever.
    with tempfile.TemporaryDirectory(prefix="pci-kernel-") as sockets:
        km = kernels.WarmKernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=os.path.join(sockets, "kernel"),
            modules=notebook_imports(nb),
            warm=warm,
        )
        client = NotebookClient(
            nb, km=km, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(source.parent)}}
        )
        try:
            # the kernel process's own stderr carries only its start-up logging; cell output and
            # warnings are captured in the notebook, a dead kernel is reported by nbclient
            client.execute(stderr=subprocess.DEVNULL, env=env)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            error = describe_failure(nb, exc, source)
        finally:
            # nbclient shuts down only a kernel manager it created: this kernel (every output is in nb) would
            # otherwise stay alive, idle, until this process ends (a test worker ran a dozen of them)
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    return Executed(source, nb, params, error, out_dir, start)


def write_page(run: Executed, *, with_code: bool = False) -> NotebookResult:
    """The page half of :func:`run_notebook`: the executed notebook as ``<stem>.html`` (or ``.failed.html``)."""
    nb, params, error, out_dir = run.nb, run.params, run.error, run.out_dir
    lang = params.get("lang", declared_parameters(nb).get("lang", params_mod.Declared("lang", "vi")).default) or "vi"
    page = pages.build_page(nb, lang=lang, params=params, error=error)
    stem = run.source.stem
    ok_path, failed_path = out_dir / f"{stem}.html", out_dir / f"{stem}.failed.html"
    html_path = failed_path if error else ok_path
    (ok_path if error else failed_path).unlink(missing_ok=True)
    html_path.write_text(pages.to_html(page, with_code=with_code, lang=lang), encoding="utf-8")
    return NotebookResult(stem, not error, time.perf_counter() - run.start, html_path, error, dict(params))


def _warm_up() -> None:
    """Pay the report process's one-off costs while the first kernels start, not on a notebook's path:
    nbconvert's import and first page (templates, regular expressions)."""
    warm = nbformat.v4.new_notebook()
    warm.cells = [nbformat.v4.new_markdown_cell("# warm-up\n\n- a *list*"), nbformat.v4.new_code_cell("1")]
    warm.cells[1].outputs = [
        nbformat.v4.new_output("display_data", {"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "1"}),
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
    ]
    for i, cell in enumerate(warm.cells):
        cell["id"] = f"warm-{i}"
    pages.to_html(pages.build_page(warm))


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")


def _cell_lines(source: Path | None) -> list[int]:
    """1-based line of each cell's ``# %%`` marker in the .py source."""
    if source is None or not Path(source).exists():
        return []
    return [
        i for i, line in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), 1) if line.startswith("# %%")
    ]


def describe_failure(nb, exc, source: Path | None = None) -> str:
    """One line: the .py file and line, the section, and the error (``KeyError: 2030``)."""
    markers = _cell_lines(source)
    own = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    section = ""
    for k, cell in enumerate(own):
        if cell.cell_type == "markdown":
            hs = pages._headings(cell.source)
            if hs:
                section = hs[-1][1]
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            tb = _ANSI.sub("", "\n".join(out.get("traceback", [])))
            in_cell = _CELL_LINE.findall(tb)
            name = source.name if source is not None else "notebook"
            loc = f"{name}, cell {k}"
            if len(markers) == len(own):
                loc += f", line {markers[k] + (int(in_cell[0]) if in_cell else 1)}"
            first = next((ln.strip() for ln in cell.source.splitlines() if ln.strip()), "")
            sec = f", section '{section}'" if section else ""
            return f"{loc}{sec} (`{first[:60]}`): {out.get('ename')}: {out.get('evalue')}"
    msg = str(exc).strip()
    return f"{type(exc).__name__}: {msg.splitlines()[-1] if msg else ''}"


def _clean_default_outputs() -> None:
    """A full default run regenerates everything: no stale figure, table or page survives."""
    for d in (paths.figures_dir(), paths.tables_dir()):
        if d.exists():
            for f in d.iterdir():
                if f.is_file() and f.name != ".gitkeep":
                    f.unlink()
    rd = paths.reports_dir()
    if rd.exists():
        for f in list(rd.glob("[0-9][0-9]_*.html")) + [rd / "pci_tables.xlsx"]:
            f.unlink(missing_ok=True)


def _timings_path() -> Path:
    return paths.reports_dir() / ".notebook_seconds.json"


def _read_timings() -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(_timings_path().read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_timings(timings: dict[str, float]) -> None:
    path = _timings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run_report(
    only: list[str] | None = None,
    params: Mapping[str, object] | None = None,
    stream=None,
    *,
    with_code: bool = False,
    jobs: int | None = None,
    notebooks: Path | None = None,
) -> int:
    """Run the notebooks (all, or ``only``), then build each run's Excel workbook. Returns an exit code.

    Exit 2: a notebook name or a parameter is wrong (nothing ran, nothing written);
    exit 1: a notebook failed (no workbook built); 0: every notebook ran.
    """
    err = stream if stream is not None else sys.stderr
    stream = stream if stream is not None else sys.stdout
    sources = notebook_sources(notebooks)
    if only:
        wanted = {o.removesuffix(".py").removesuffix(".ipynb") for o in only}
        missing = wanted - {s.stem for s in sources}
        if missing:
            print(
                f"error: no such notebook: {', '.join(sorted(missing))}; have {', '.join(s.stem for s in sources)}",
                file=err,
            )
            return 2
        sources = [s for s in sources if s.stem in wanted]
    params = dict(params or {})
    checked = {}
    for src in sources:  # every parameter of every notebook checked before any kernel starts
        try:
            checked[src] = check_parameters(read_notebook(src), params)
        except NotebookFailed as exc:
            print(f"error: {src.stem}: {exc}", file=err)
            return 2
    if not only and not params:
        _clean_default_outputs()
    if params:  # a parameter run's folder holds that run only: nothing stale from an earlier run survives
        for src in sources:
            folder = run_dirs(src, checked[src]).reports
            if folder.parent == paths.reports_dir() / RUNS_DIR and folder.exists():
                shutil.rmtree(folder)
    # more than one kernel: forked from the warm server, which starts importing every notebook's modules now, in
    # the background; a lone notebook (make notebook) gets a fresh kernel, cheaper than a new server's imports
    forked = (len(sources) > 1 or kernels.running()) and kernels.available()
    if forked:
        kernels.server(m for src in sources for m in notebook_imports(read_notebook(src)))
    jobs = max(1, min(jobs or default_jobs(), len(sources)))
    results: dict[Path, NotebookResult] = {}
    print(f"running {len(sources)} notebook(s), {jobs} at a time", file=stream, flush=True)
    timings = _read_timings()
    # longest first (times of the last run; unknown ones first), so the slowest never starts last
    queue = sorted(sources, key=lambda s: -timings.get(s.stem, float("inf")))
    # Each worker only runs kernels; the pages are written by one more thread, so a worker starts its next
    # kernel at once (a page takes 0.1-0.2 s, the first one about 1 s: nbconvert's import and templates,
    # paid by the warm-up while the first kernels start).
    # (the page writer is the outer context: it shuts down only after every worker has handed over its page,
    # even when a worker raised)
    with ThreadPoolExecutor(max_workers=1) as page_writer, ThreadPoolExecutor(max_workers=jobs) as pool:
        warm = page_writer.submit(_warm_up)

        def run_one(src: Path):
            return page_writer.submit(write_page, execute_notebook(src, checked[src], warm=forked), with_code=with_code)

        futures = {pool.submit(run_one, src): src for src in queue}
        for fut in as_completed(futures):
            src = futures[fut]
            res = fut.result().result()
            results[src] = res
            status = "ok" if res.ok else "FAILED"
            print(f"  {src.stem}: {status} ({res.seconds:.1f} s) -> {res.html}", file=stream, flush=True)
        warm.result()  # a page the warm-up could not build is a bug to see, not to swallow
    ordered = [results[s] for s in sources]
    _write_timings(timings | {r.name: round(r.seconds, 1) for r in ordered if r.ok})
    failed = [r for r in ordered if not r.ok]
    if failed:
        for r in failed:
            print(f"error: {r.name}: {r.error}", file=err)
        print(f"{len(failed)} of {len(ordered)} notebook(s) failed; no workbook written", file=err)
        return 1
    for d in dict.fromkeys(run_dirs(s, checked[s]) for s in sources):
        if d.tables.exists():
            xlsx = write_report_workbook(d.tables, d.workbook)
            print(f"tables: {d.tables} and {xlsx}", file=stream)
        print(f"figures: {d.figures}", file=stream)
    print(f"all {len(ordered)} notebook(s) ran", file=stream)
    return 0


def sync_notebooks(directory: Path | None = None) -> list[Path]:
    """Write each ``NN_name.ipynb`` (no outputs) from its ``NN_name.py`` text source."""
    written = []
    for src in notebook_sources(directory):
        nb = jupytext.read(src)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
        for i, cell in enumerate(nb.cells):  # stable ids: a re-sync changes nothing it need not
            cell["id"] = f"cell-{i:03d}"
        target = src.with_suffix(".ipynb")
        jupytext.write(nb, target)
        written.append(target)
    return written
