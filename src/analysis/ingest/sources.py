"""Where each non-workbook PCI source lives under ``../shared``, and ``python -m analysis import-source``.

| kind (``--kind``) | file under ``../shared/data`` | reader |
|---|---|---|
| ``research_panel`` | ``pci-composites/pci_composite_panel_2016_2022.dta`` | :func:`.stata_panel.read_research_panel` |
| ``official_page`` | ``pci-pages/pcivietnam_values_2006_2022.csv`` | :func:`.pages.read_page_table` |
| ``secondary`` (kind ``press``) | ``pci-pages/secondary_nonofficial_2019_2022.csv`` | :func:`.pages.read_page_table` |
| ``press`` | ``press/pci_press_2022_2023.csv`` | :func:`.press.read_press_table` |
| ``official_page_2024`` | ``pci-pages/pcivietnam_province_pages_2006_2024.csv`` (six province pages) | :func:`.pages.read_page_table` |
| ``press_2024`` | ``press/pci_press_2024.csv`` (median, region rank: :func:`.press.read_press_facts`) | :func:`.press.read_press_table` |

The seed Lai Châu table (``province_document``) comes from :mod:`analysis.ingest.seeds`, the official
workbooks from :mod:`analysis.ingest.workbooks`. ``import-source --kind K PATH`` reads one file, checks it
(refusal: one line naming file and location, exit 1), and prints what it holds and how it compares
with the committed panel; the panel itself is rebuilt from every source by ``import-all``
(``make import``), because precedence needs all of them at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.data import catalog, loaders
from analysis.ingest.import_context import catalogue_at
from analysis.ingest.pages import read_page_table
from analysis.ingest.pci_common import SourceRefused
from analysis.ingest.press import FACT_COLUMNS, read_press_facts, read_press_table
from analysis.ingest.stata_panel import read_research_panel


@dataclass(frozen=True)
class SourceSpec:
    name: str  # --kind value
    kind: str  # source_kind of its rows
    relpath: str  # under ../shared/data
    read: Callable[[Path, int], pd.DataFrame]
    role: str


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec(
        "official_page",
        "official_page",
        "pci-pages/pcivietnam_values_2006_2022.csv",
        lambda p, o: read_page_table(p, "official_page", o),
        "pci official pages",
    ),
    SourceSpec(
        "research_panel",
        "research_panel",
        "pci-composites/pci_composite_panel_2016_2022.dta",
        read_research_panel,
        "pci research panel",
    ),
    SourceSpec(
        "secondary",
        "press",
        "pci-pages/secondary_nonofficial_2019_2022.csv",
        lambda p, o: read_page_table(p, "press", o),
        "pci secondary (portals, press)",
    ),
    SourceSpec("press", "press", "press/pci_press_2022_2023.csv", read_press_table, "pci press"),
    SourceSpec(
        "official_page_2024",
        "official_page",
        "pci-pages/pcivietnam_province_pages_2006_2024.csv",
        lambda p, o: read_page_table(p, "official_page", o),
        "pci official pages",
    ),
    SourceSpec("press_2024", "press", "press/pci_press_2024.csv", read_press_table, "pci press"),
)
BY_NAME = {s.name: s for s in SOURCES}


def rank_only_facts(cands: list[pd.DataFrame], panel: pd.DataFrame) -> pd.DataFrame:
    """Published composite ranks whose cell has no score from any source (Hà Nam 2024: 22nd), as facts
    ``pci_rank``: the panel keeps rows with a score only, so without this they would be lost."""
    if not cands:
        return pd.DataFrame(columns=FACT_COLUMNS)
    c = pd.concat(cands, ignore_index=True)
    key = ["year", "province_code", "indicator"]
    scored = pd.MultiIndex.from_frame(panel[key].astype({"province_code": str}))
    r = c[c["rank"].notna() & c["score"].isna() & (c["indicator"] == "pci")]
    r = r[~pd.MultiIndex.from_frame(r[key]).isin(scored)].drop_duplicates(key)
    regions = catalog.load_provinces().set_index("province_code")["region"]
    return pd.DataFrame(
        dict(
            year=r["year"],
            scope="national",
            region=r["province_code"].map(regions).fillna(""),
            province=r["province"],
            province_code=r["province_code"],
            indicator="pci_rank",
            score=float("nan"),
            rank=r["rank"],
            of_n=pd.NA,
            source_kind=r["source_kind"],
            source_file=r["source_file"],
            source_locator=r["source_locator"],
            source_url=r["source_url"],
            quote="composite rank published without a score",
        ),
        columns=FACT_COLUMNS,
    )


def read_facts(
    shared: Path, cands: list[pd.DataFrame] | None = None, panel: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every published fact that is not a panel cell (national median, region rank), from every press source
    present under ``shared/data``, and the composite ranks published without a score (``data/pci_facts.csv``)."""
    parts = [
        read_press_facts(shared / "data" / s.relpath)
        for s in SOURCES
        if s.read is read_press_table and (shared / "data" / s.relpath).exists()
    ]
    if cands is not None and panel is not None:
        parts.append(rank_only_facts(cands, panel))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=FACT_COLUMNS)
    return (
        pd.concat(parts, ignore_index=True)
        .sort_values(["year", "indicator", "province_code"], kind="mergesort")
        .reset_index(drop=True)
    )


def read_source(name: str, path: str | Path, order: int = 0) -> pd.DataFrame:
    """Candidate rows of one source file (raises :class:`SourceRefused`)."""
    if name not in BY_NAME:
        raise SourceRefused(f"unknown source kind {name!r} (known: {', '.join(BY_NAME)})", file=path)
    return BY_NAME[name].read(Path(path), order)


def describe(c: pd.DataFrame, name: str, path: Path) -> str:
    ys = sorted(c["year"].unique())
    inds = sorted(c["indicator"].unique())
    return (
        f"{path.name} ({name}, kind {BY_NAME[name].kind}): {len(c)} values, years {ys[0]}–{ys[-1]}, "
        f"{c['province_code'].nunique()} provinces, indicators {', '.join(inds)}; "
        f"{int(c['score'].notna().sum())} scores, {int((c['rank_kind'] == 'published').sum())} published ranks, "
        f"{int((c['rank_kind'] == 'computed from scores').sum())} computed ranks"
    )


def cli_import_source(argv: list[str] | None = None) -> int:
    """``python -m analysis import-source --kind K [PATH]``: read and check one non-workbook source."""
    p = argparse.ArgumentParser(
        prog="python -m analysis import-source",
        description="Read and check one PCI source that is not an official workbook, and compare it with the "
        "committed panel. Kinds: "
        + "; ".join(f"{s.name} (default ../shared/data/{s.relpath})" for s in SOURCES)
        + ". data/ is rebuilt from every source at once by `python -m analysis import-all` "
        "(make import).",
    )
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
    print(
        f"  kept in the committed panel: {len(same)} of {len(c)} values; the rest are compared in "
        "data/source_comparisons.csv (run `python -m analysis import-all` to refresh)"
    )
    return 0
