"""Time analysis.analyses.project: 10,000 joint draws of 63 provinces to 2030, each method; then the
simulation and evaluation notebook 03 runs (analysis.outputs.reachability_run: PCI, its sub-indices and
PAPI, 4,000 draws each, every target evaluated, the ledger) with the process's peak memory.

Run: .venv/bin/python benchmarks/project_draws.py [path/to/pci_panel.csv] [--quick] [--max-seconds S]
Uses data/pci_panel.csv when it exists, else a synthetic 2013-2018 panel of 63 provinces.

``--quick`` (run by tests/test_benchmarks.py): 1,000 draws per method, no notebook-03 run. Exit code 1 when
the expectation fails: every method projects every province of the panel's last full year to both target
years, each within --max-seconds (default 20 with --quick; about 0.2 s for 10,000 draws here).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.analyses.project import METHODS, project


def synthetic_panel(n_prov: int = 63, years=range(2013, 2019), seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years = list(years)
    level = rng.normal(60, 4, n_prov)
    slope = rng.normal(0.5, 0.4, n_prov)
    common = rng.normal(0, 1.0, len(years))
    rows = []
    for i in range(n_prov):
        for t, y in enumerate(years):
            rows.append(
                {
                    "year": y,
                    "province": f"P{i:02d}",
                    "province_code": f"{i:02d}",
                    "indicator": "pci",
                    "score": level[i] + slope[i] * t + common[t] + rng.normal(0, 1.0),
                }
            )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "path", nargs="?", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "pci_panel.csv"
    )
    ap.add_argument("--quick", action="store_true", help="1,000 draws per method, no notebook 03; checked")
    ap.add_argument("--max-seconds", type=float, default=None, help="fail when a method takes longer")
    args = ap.parse_args(argv)
    path = args.path
    draws = 1_000 if args.quick else 10_000
    limit = args.max_seconds if args.max_seconds is not None else (20.0 if args.quick else None)
    if path.exists():
        panel = pd.read_csv(path, dtype={"province_code": str})
        label = str(path)
    else:
        panel = synthetic_panel()
        label = "synthetic 63 provinces 2013-2018"
    print(f"panel: {label}")
    project(panel, target_years=(2025, 2030), method="all", draws=200)  # warm-up
    failures = []
    for m in [*METHODS, "all"]:
        t0 = time.perf_counter()
        pr = project(panel, target_years=(2025, 2030), method=m, draws=draws, seed=0)
        dt = time.perf_counter() - t0
        print(f"{m:12s} {pr.n_projected} provinces x {len(pr.target_years)} target years x {draws:,} draws: {dt:.2f} s")
        if pr.n_projected < 60 or len(pr.target_years) != 2:
            failures.append(f"{m}: {pr.n_projected} provinces x {len(pr.target_years)} years projected")
        if limit is not None and dt > limit:
            failures.append(f"{m}: {dt:.2f} s, above the expected {limit:g} s")
    if path.exists() and not args.quick:
        notebook_03()
    for f in failures:
        print(f"EXPECTATION FAILED: {f}", file=sys.stderr)
    return 1 if failures else 0


def notebook_03() -> None:
    import resource
    import warnings

    from analysis.outputs import reachability_run

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        run = reachability_run.run("Lai Châu", draws=4000, seed=0)
        t1 = time.perf_counter()
        run.results, run.papi_results, run.ledger, run.summary_lines()
        t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"notebook 03: {len(run.sims) + len(run.papi_sims)} joint simulations x 4,000 draws: {t1 - t0:.2f} s; "
        f"every target, PAPI and the ledger from them: {t2 - t1:.2f} s; peak memory {peak:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
