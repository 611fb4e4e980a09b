"""Time the PCI workbook import: parse every workbook in ../shared/data/pci-workbooks.

    .venv/bin/python benchmarks/import_all.py            # calamine first, fallback where needed
    .venv/bin/python benchmarks/import_all.py --fallback-only   # openpyxl/xlrd only, for comparison
    .venv/bin/python benchmarks/import_all.py --full     # also a whole import-all into a temp folder
    .venv/bin/python benchmarks/import_all.py --quick    # one run, checked (tests/test_benchmarks.py runs it)

Exit code 1 when the expectation fails: every workbook parsed, each with its edition's province count
(42 in 2005, 64 in 2006-2008, 63 after), within --max-seconds (default 30 with --quick: about 0.3-0.8 s
here, so only a reader gone badly wrong trips it).

Never writes to data/: province names resolve against a temporary catalogue built from ../shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from analysis.core import paths, store
from analysis.ingest.importer import _catalogue_at, discover_workbooks, import_all
from analysis.ingest.province_source import build_provinces
from analysis.ingest.workbooks import forget_reads, read_workbook


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fallback-only", action="store_true", help="skip calamine (openpyxl / xlrd only)")
    p.add_argument("--full", action="store_true", help="also time a complete import-all into a temp folder")
    p.add_argument("--repeat", type=int, default=3, help="report the best of N runs (default 3)")
    p.add_argument("--quick", action="store_true", help="one run, no --full; checks the expectation")
    p.add_argument("--max-seconds", type=float, default=None, help="fail above this (default 30 with --quick)")
    args = p.parse_args(argv)
    if args.quick:
        args.repeat, args.full = 1, False
        args.max_seconds = 30.0 if args.max_seconds is None else args.max_seconds
    folder = paths.pci_workbooks_dir()
    if not folder.exists():
        print(f"{folder} not found: the benchmark needs ../shared", file=sys.stderr)
        return 2
    files = discover_workbooks(folder)
    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Path(tmp)
        (catalogue / "provinces.csv").write_bytes(store.csv_bytes(build_provinces(paths.provinces_source_dir())))
        best, per_file = float("inf"), {}
        failures: list[str] = []
        with _catalogue_at(catalogue):
            for _ in range(max(1, args.repeat)):
                forget_reads()  # each run reads cold (the process remembers checks and sheets of the same bytes)
                t0 = time.perf_counter()
                times = {}
                for f in files:
                    t = time.perf_counter()
                    parsed = read_workbook(f, fallback_only=args.fallback_only)
                    times[f.name] = (time.perf_counter() - t, ", ".join(parsed.readers))
                    n = parsed.records["province_code"].nunique()
                    want = {2005: 42}.get(parsed.year, 64 if parsed.year <= 2008 else 63)
                    if n != want:
                        failures.append(f"{f.name}: {n} provinces read, {want} expected")
                total = time.perf_counter() - t0
                if total < best:
                    best, per_file = total, times
        for name, (sec, reader) in per_file.items():
            print(f"  {name:<18} {sec:6.3f} s  {reader}")
        mode = "openpyxl/xlrd only" if args.fallback_only else "calamine first, fallback where needed"
        print(f"parsed {len(files)} workbooks in {best:.3f} s ({mode}; best of {args.repeat})")
        if args.max_seconds is not None and best > args.max_seconds:
            failures.append(f"parsing took {best:.3f} s, above the expected {args.max_seconds:g} s")
        if args.full:
            t = time.perf_counter()
            import_all(data_dir=Path(tmp) / "data")
            print(
                f"import-all (workbooks, seeds, PAPI, provinces, validation, atomic write) in "
                f"{time.perf_counter() - t:.3f} s"
            )
    for f in dict.fromkeys(failures):
        print(f"EXPECTATION FAILED: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
