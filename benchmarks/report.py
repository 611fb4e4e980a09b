"""The report against its floor, measured in the same run (issue 12: goal report/floor <= 2.0).

Run: .venv/bin/python benchmarks/report.py [--jobs N] [--only NN_name ...]

- **floor**: as many notebooks as the report runs, each holding only the import
  statements of the matching report notebook (so: start a kernel, import the packages),
  executed by the same runner with the same parallelism;
- **report**: the report notebooks themselves (the default run, warm).

The floor is run once first to warm the caches (compiled .pyc, fonts), then the report,
then the floor again; the second floor is the one compared. Every output goes to a
temporary folder: figures/ and reports/ of the repository are not touched.
"""
from __future__ import annotations

import argparse
import ast
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat

from analysis import report, style


def floor_notebooks(sources: list[Path], out: Path) -> Path:
    """One notebook per source, with only its import statements (in one code cell)."""
    out.mkdir(parents=True, exist_ok=True)
    for src in sources:
        nb = jupytext.read(src)
        imports = []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            imports += [ast.get_source_segment(cell.source, n) for n in tree.body
                        if isinstance(n, (ast.Import, ast.ImportFrom))]
        floor = nbformat.v4.new_notebook()
        floor.cells = [nbformat.v4.new_code_cell("lang = 'vi'", metadata={"tags": ["parameters"]}),
                       nbformat.v4.new_code_cell("\n".join(dict.fromkeys(imports)))]
        jupytext.write(floor, out / src.name, fmt="py:percent")
    return out


def timed(label: str, **kwargs) -> float:
    buf = io.StringIO()
    start = time.perf_counter()
    code = report.run_report(stream=buf, **kwargs)
    seconds = time.perf_counter() - start
    if code != 0:
        sys.exit(f"{label} failed:\n{buf.getvalue()}")
    if label == "report":  # each notebook's own time (they overlap when run in parallel)
        for line in buf.getvalue().splitlines():
            if ": ok (" in line:
                print("  " + line.strip().split(" -> ")[0])
    return seconds


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=None, help="notebooks at a time (default: the number of cores)")
    p.add_argument("--only", nargs="+", default=None, help="time only these notebooks")
    args = p.parse_args(argv)
    sources = report.notebook_sources()
    if args.only:
        sources = [s for s in sources if s.stem in set(args.only)]
    with tempfile.TemporaryDirectory(prefix="pci-bench-") as tmp:
        tmp = Path(tmp)
        os.environ["PCI_FIGURES_DIR"] = str(tmp / "figures")
        os.environ["PCI_REPORTS_DIR"] = str(tmp / "reports")
        floor_dir = floor_notebooks(sources, tmp / "floor")
        jobs = max(1, min(args.jobs or report.default_jobs(), len(sources)))
        timed("floor (warm-up)", notebooks=floor_dir, jobs=jobs)
        log = tmp / "figure-times"
        log.mkdir()
        os.environ[style.TIMING_ENV] = str(log)
        t_report = timed("report", only=[s.stem for s in sources] if args.only else None, jobs=jobs)
        del os.environ[style.TIMING_ENV]
        t_floor = timed("floor", notebooks=floor_dir, jobs=jobs)
        figures = [float(line.split("\t")[1]) for f in log.glob("*.tsv")
                   for line in f.read_text(encoding="utf-8").splitlines() if line]
    print(f"notebooks: {len(sources)}, {jobs} at a time")
    print(f"report: {t_report:6.1f} s")
    print(f"floor:  {t_floor:6.1f} s  (kernels that only import the same packages)")
    print(f"report/floor: {t_report / t_floor:.2f}  (goal <= 2.0)")
    drawing = sum(figures)
    print(f"of which drawing figures: {len(figures)} figures, {drawing:.1f} CPU s in save_figure (SVG + PNG, "
          f"one draw each), i.e. {drawing / jobs:.1f} s of the report's wall time at {jobs} at a time; "
          f"floor + drawing alone: {(t_floor + drawing / jobs) / t_floor:.2f} x the floor")
    print(f"report without drawing / floor: {(t_report - drawing / jobs) / t_floor:.2f}  "
          f"(({t_report:.1f} - {drawing / jobs:.1f}) / {t_floor:.1f}: what the notebooks compute besides "
          f"their figures, against kernels that only import)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
