"""Where each non-workbook PCI source lives under ``../shared``, and ``python -m analysis import-source``.

| kind (``--kind``) | file under ``../shared/data`` | reader |
|---|---|---|
| ``research_panel`` | ``pci-composites/pci_composite_panel_2016_2022.dta`` | :func:`.stata_panel.read_research_panel` |
| ``official_page`` | ``pci-pages/pcivietnam_values_2006_2022.csv`` | :func:`.pages.read_page_table` |
| ``secondary`` (kind ``press``) | ``pci-pages/secondary_nonofficial_2019_2022.csv`` | :func:`.pages.read_page_table` |
| ``press`` | ``press/pci_press_2022_2023.csv`` | :func:`.press.read_press_table` |

The seed Lai Châu table (``province_document``) comes from :mod:`analysis.ingest.seeds`, the official
workbooks from :mod:`analysis.ingest.workbooks`. ``import-source --kind K PATH`` reads one file, checks it
(refusal: one line naming file and location, exit 1), and prints what it holds and how it compares
with the committed panel; the panel itself is rebuilt from every source by ``import-all``
(``make import``), because precedence needs all of them at once.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import pandas as pd

from analysis.data import loaders
from analysis.core import paths
from analysis.ingest.import_context import catalogue_at
from analysis.ingest.pci_common import SourceRefused
from analysis.ingest.pages import read_page_table
from analysis.ingest.press import read_press_table
from analysis.ingest.stata_panel import read_research_panel


@dataclass(frozen=True)
class SourceSpec:
    name: str  # --kind value
    kind: str  # source_kind of its rows
    relpath: str  # under ../shared/data
    read: Callable[[Path, int], pd.DataFrame]
    role: str


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec("official_page", "official_page", "pci-pages/pcivietnam_values_2006_2022.csv",
               lambda p, o: read_page_table(p, "official_page", o), "pci official pages"),
    SourceSpec("research_panel", "research_panel", "pci-composites/pci_composite_panel_2016_2022.dta",
               read_research_panel, "pci research panel"),
    SourceSpec("secondary", "press", "pci-pages/secondary_nonofficial_2019_2022.csv",
               lambda p, o: read_page_table(p, "press", o), "pci secondary (portals, press)"),
    SourceSpec("press", "press", "press/pci_press_2022_2023.csv", read_press_table, "pci press"),
)
BY_NAME = {s.name: s for s in SOURCES}


def read_source(name: str, path: str | Path, order: int = 0) -> pd.DataFrame:
    """Candidate rows of one source file (raises :class:`SourceRefused`)."""
    if name not in BY_NAME:
        raise SourceRefused(f"unknown source kind {name!r} (known: {', '.join(BY_NAME)})", file=path)
    return BY_NAME[name].read(Path(path), order)


def describe(c: pd.DataFrame, name: str, path: Path) -> str:
    ys = sorted(c["year"].unique())
    inds = sorted(c["indicator"].unique())
    return (f"{path.name} ({name}, kind {BY_NAME[name].kind}): {len(c)} values, years {ys[0]}–{ys[-1]}, "
            f"{c['province_code'].nunique()} provinces, indicators {', '.join(inds)}; "
            f"{int(c['score'].notna().sum())} scores, {int((c['rank_kind'] == 'published').sum())} published ranks, "
            f"{int((c['rank_kind'] == 'computed from scores').sum())} computed ranks")


def cli_import_source(argv: list[str] | None = None) -> int:
    """``python -m analysis import-source --kind K [PATH]``: read and check one non-workbook source."""
    p = argparse.ArgumentParser(
        prog="python -m analysis import-source",
        description="Read and check one PCI source that is not an official workbook, and compare it with the "
                    "committed panel. Kinds: " + "; ".join(f"{s.name} (default ../shared/data/{s.relpath})"
                                                             for s in SOURCES)
                    + ". data/ is rebuilt from every source at once by `python -m analysis import-all` "
                      "(make import).")
    p.add_argument("--kind", required=True, choices=sorted(BY_NAME))
    p.add_argument("path", type=Path, nargs="?", default=None, help="the file (default: its place in ../shared)")
    p.add_argument("--data-dir", type=Path, default=None, help="panel to compare with (default data/)")
    args = p.parse_args(argv)
    path = args.path or paths.shared_dir() / "data" / BY_NAME[args.kind].relpath
    d = Path(args.data_dir) if args.data_dir else paths.data_dir()
    try:
        with catalogue_at(d):
            c = read_source(args.kind, path)
    except (SourceRefused, FileNotFoundError) as exc:
        print(f"import-source refused: {exc}", file=sys.stderr)
        return 1
    print(describe(c, args.kind, Path(path)))
    try:
        panel = loaders.load_pci(d)
    except FileNotFoundError:
        return 0
    key = ["year", "province_code", "indicator"]
    m = c.merge(panel, on=key, suffixes=("", "_panel"))
    same = m[(m["source_file_panel"] == m["source_file"])]
    print(f"  kept in the committed panel: {len(same)} of {len(c)} values; the rest are compared in "
          "data/source_comparisons.csv (run `python -m analysis import-all` to refresh)")
    return 0
