"""Time the PCI workbook import: parse every workbook in ../shared/data/pci-workbooks.

    .venv/bin/python benchmarks/import_all.py            # calamine first, fallback where needed
    .venv/bin/python benchmarks/import_all.py --fallback-only   # openpyxl/xlrd only, for comparison
    .venv/bin/python benchmarks/import_all.py --full     # also a whole import-all into a temp folder

Never writes to data/: province names resolve against a temporary catalogue built from ../shared.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from analysis.core import paths
from analysis.core import store
from analysis.ingest.importer import _catalogue_at, discover_workbooks, import_all
from analysis.ingest.province_source import build_provinces
from analysis.ingest.workbooks import read_workbook


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fallback-only", action="store_true", help="skip calamine (openpyxl / xlrd only)")
    p.add_argument("--full", action="store_true", help="also time a complete import-all into a temp folder")
    p.add_argument("--repeat", type=int, default=3, help="report the best of N runs (default 3)")
    args = p.parse_args(argv)
    folder = paths.pci_workbooks_dir()
    if not folder.exists():
        print(f"{folder} not found: the benchmark needs ../shared", file=sys.stderr)
        return 2
    files = discover_workbooks(folder)
    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Path(tmp)
        (catalogue / "provinces.csv").write_bytes(store.csv_bytes(build_provinces(paths.provinces_source_dir())))
        best, per_file = float("inf"), {}
        with _catalogue_at(catalogue):
            for _ in range(max(1, args.repeat)):
                t0 = time.perf_counter()
                times = {}
                for f in files:
                    t = time.perf_counter()
                    parsed = read_workbook(f, fallback_only=args.fallback_only)
                    times[f.name] = (time.perf_counter() - t, ", ".join(parsed.readers))
                total = time.perf_counter() - t0
                if total < best:
                    best, per_file = total, times
        for name, (sec, reader) in per_file.items():
            print(f"  {name:<18} {sec:6.3f} s  {reader}")
        mode = "openpyxl/xlrd only" if args.fallback_only else "calamine first, fallback where needed"
        print(f"parsed {len(files)} workbooks in {best:.3f} s ({mode}; best of {args.repeat})")
        if args.full:
            t = time.perf_counter()
            import_all(data_dir=Path(tmp) / "data")
            print(f"import-all (workbooks, seeds, PAPI, provinces, validation, atomic write) in "
                  f"{time.perf_counter() - t:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
