"""Time analysis.analyses.project: 10,000 joint draws of 63 provinces to 2030, each method; then the
simulation and evaluation notebook 03 runs (analysis.outputs.reachability_run: PCI, its sub-indices and
PAPI, 4,000 draws each, every target evaluated, the ledger) with the process's peak memory.

Run: .venv/bin/python benchmarks/project_draws.py [path/to/pci_panel.csv]
Uses data/pci_panel.csv when it exists, else a synthetic 2013-2018 panel of 63 provinces.
"""
from __future__ import annotations

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
            rows.append({"year": y, "province": f"P{i:02d}", "province_code": f"{i:02d}",
                         "indicator": "pci",
                         "score": level[i] + slope[i] * t + common[t] + rng.normal(0, 1.0)})
    return pd.DataFrame(rows)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data" / "pci_panel.csv"
    if path.exists():
        panel = pd.read_csv(path, dtype={"province_code": str})
        label = str(path)
    else:
        panel = synthetic_panel()
        label = "synthetic 63 provinces 2013-2018"
    print(f"panel: {label}")
    project(panel, target_years=(2025, 2030), method="all", draws=200)  # warm-up
    for m in [*METHODS, "all"]:
        t0 = time.perf_counter()
        pr = project(panel, target_years=(2025, 2030), method=m, draws=10_000, seed=0)
        dt = time.perf_counter() - t0
        print(f"{m:12s} {pr.n_projected} provinces x {len(pr.target_years)} target years x "
              f"10,000 draws: {dt:.2f} s")
    if path.exists():
        notebook_03()


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
    print(f"notebook 03: {len(run.sims) + len(run.papi_sims)} joint simulations x 4,000 draws: {t1 - t0:.2f} s; "
          f"every target, PAPI and the ledger from them: {t2 - t1:.2f} s; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
