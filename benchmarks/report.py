"""The report against its floor, measured in the same run (issue 12: goal report/floor <= 2.0).

Run: .venv/bin/python benchmarks/report.py [--jobs N] [--only NN_name ...] [--repeat 3] [--quick]

``--quick`` (run by tests/test_benchmarks.py): notebook 04 only (``QUICK``: the shortest run, figures
included), one round. Exit code 1 when the
expectation fails: a notebook fails, or report/floor is above --max-ratio (default 10 with --quick; the
full report measures 2.2-2.7, see the README).

- **floor**: as many notebooks as the report runs, each holding only the import
  statements of the matching report notebook (so: start a kernel, import the packages),
  executed by the same runner with the same parallelism, each kernel a fresh interpreter
  (``PCI_FRESH_KERNELS=1``);
- **report**: the report notebooks themselves (the default run), as ``make report`` runs them:
  kernels forked from a warm server (:mod:`analysis.outputs.kernels`) that this run starts (a lone
  notebook, as with ``--quick``: a fresh kernel);
- **report with fresh kernels** (not with ``--quick``): the same notebooks, each kernel a fresh
  interpreter: what the warm server saves.

The floor is run once first to warm the caches (compiled .pyc, fonts), then ``--repeat``
rounds of the report, the floor and the fresh-kernel report; the round with the median report/floor ratio is
printed (on a shared machine one round can be 30% slower than the next). Every output goes to
a temporary folder: figures/ and reports/ of the repository are not touched.
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

# jsonschema (imported by nbformat) imports rfc3987_syntax when it is installed, which compiles its grammars at
# import: about 1 s of this script's start, outside what it times, for "iri" formats nbformat never checks
# (tests/conftest.py does the same for the test processes)
sys.modules.setdefault("rfc3987_syntax", None)

import jupytext  # noqa: E402
import nbformat  # noqa: E402

from analysis.outputs import kernels, report, style  # noqa: E402

# --quick: the notebook with the shortest run (about 3 s on 2 cores against 5-9 s for the others; it draws and
# saves five figures, so the figure timing is exercised too), timed against its own floor kernel
QUICK = "04_admin_reform"


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
            imports += [
                ast.get_source_segment(cell.source, n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
            ]
        floor = nbformat.v4.new_notebook()
        floor.cells = [
            nbformat.v4.new_code_cell("lang = 'vi'", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("\n".join(dict.fromkeys(imports))),
        ]
        jupytext.write(floor, out / src.name, fmt="py:percent")
    return out


def timed(label: str, quiet: bool = False, fresh: bool = False, **kwargs) -> float:
    """Wall seconds of one ``run_report``: kernels forked by a warm server started for this run (as
    ``make report`` runs them), or, ``fresh``, each started by its own interpreter."""
    buf = io.StringIO()
    kernels.close()  # every run pays for its own server, as a `make report` does
    if fresh:
        os.environ[kernels.FRESH_ENV] = "1"
    start = time.perf_counter()
    try:
        code = report.run_report(stream=buf, **kwargs)
    finally:
        os.environ.pop(kernels.FRESH_ENV, None)
    seconds = time.perf_counter() - start
    if code != 0:
        sys.exit(f"{label} failed:\n{buf.getvalue()}")
    if label == "report" and not quiet:  # each notebook's own time (they overlap when run in parallel)
        for line in buf.getvalue().splitlines():
            if ": ok (" in line:
                print("  " + line.strip().split(" -> ")[0])
    return seconds


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=None, help="notebooks at a time (default: the number of cores)")
    p.add_argument("--only", nargs="+", default=None, help="time only these notebooks")
    p.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds of report, floor and fresh-kernel report (default 3); the round with the median ratio is shown",
    )
    p.add_argument("--quick", action="store_true", help="the QUICK notebook only, one round; checked")
    p.add_argument("--max-ratio", type=float, default=None, help="fail when report/floor is above this")
    args = p.parse_args(argv)
    if args.quick:
        args.only, args.repeat = args.only or [QUICK], 1
    max_ratio = args.max_ratio if args.max_ratio is not None else (10.0 if args.quick else None)
    sources = report.notebook_sources()
    if args.only:
        sources = [s for s in sources if s.stem in set(args.only)]
    with tempfile.TemporaryDirectory(prefix="pci-bench-") as tmp:
        tmp = Path(tmp)
        os.environ["PCI_FIGURES_DIR"] = str(tmp / "figures")
        os.environ["PCI_REPORTS_DIR"] = str(tmp / "reports")
        floor_dir = floor_notebooks(sources, tmp / "floor")
        jobs = max(1, min(args.jobs or report.default_jobs(), len(sources)))
        if not args.quick:  # quick: no warm-up round (the ratio bound is loose enough for a cold floor)
            timed("floor (warm-up)", notebooks=floor_dir, jobs=jobs, fresh=True)
        rounds = []
        for r in range(args.repeat):  # report and floor alternate: a slow spell of a shared machine hits both
            log = tmp / f"figure-times-{r}"
            log.mkdir()
            os.environ[style.TIMING_ENV] = str(log)
            t_report = timed("report", only=[s.stem for s in sources] if args.only else None, jobs=jobs, quiet=r > 0)
            del os.environ[style.TIMING_ENV]
            t_floor = timed("floor", notebooks=floor_dir, jobs=jobs, fresh=True)
            only = [s.stem for s in sources] if args.only else None
            t_fresh = None if args.quick else timed("report, fresh kernels", only=only, jobs=jobs, fresh=True)
            figures = [
                float(line.split("\t")[1])
                for f in log.glob("*.tsv")
                for line in f.read_text(encoding="utf-8").splitlines()
                if line
            ]
            rounds.append((t_report, t_floor, sum(figures), len(figures), t_fresh))
            if args.repeat > 1:
                print(
                    f"  round {r + 1}: report {t_report:.1f} s, floor {t_floor:.1f} s, "
                    f"report/floor {t_report / t_floor:.2f}"
                )
    # the round with the median report/floor ratio
    t_report, t_floor, drawing, n_figures, t_fresh = sorted(rounds, key=lambda x: x[0] / x[1])[len(rounds) // 2]
    print(
        f"notebooks: {len(sources)}, {jobs} at a time"
        + (f"; the round with the median ratio of {len(rounds)}" if len(rounds) > 1 else "")
    )
    print(f"report: {t_report:6.1f} s")
    print(f"floor:  {t_floor:6.1f} s  (fresh kernels that only import the same packages)")
    if t_fresh is not None:
        print(
            f"report with fresh kernels: {t_fresh:.1f} s  (each kernel its own interpreter, PCI_FRESH_KERNELS=1; "
            f"the report above forks them from a warm server: {t_report / t_fresh:.2f} x)"
        )
    print(f"report/floor: {t_report / t_floor:.2f}  (goal <= 2.0)")
    print(
        f"of which drawing figures: {n_figures} figures, {drawing:.1f} CPU s in save_figure (SVG + PNG, "
        f"one draw each), i.e. {drawing / jobs:.1f} s of the report's wall time at {jobs} at a time; "
        f"floor + drawing alone: {(t_floor + drawing / jobs) / t_floor:.2f} x the floor"
    )
    print(
        f"report without drawing / floor: {(t_report - drawing / jobs) / t_floor:.2f}  "
        f"(({t_report:.1f} - {drawing / jobs:.1f}) / {t_floor:.1f}: what the notebooks compute besides "
        f"their figures, against kernels that only import)"
    )
    if max_ratio is not None and t_report / t_floor > max_ratio:
        print(f"EXPECTATION FAILED: report/floor {t_report / t_floor:.2f} is above {max_ratio:g}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
