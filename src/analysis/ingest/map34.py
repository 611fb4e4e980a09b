"""The 34-unit tables of ``data/``, built from ``../shared`` (the import side of :mod:`analysis.data.maps`).

Reads ``../shared/data/provinces/province_merger_2025.csv`` (Resolution 202/2025/QH15) and the 2016
population sheet of ``gso_covariates.xlsx``; writes ``data/province_units_2025.csv`` and
``data/pci_panel_34.csv`` (``import-all``, ``build-map34``). Places each edition on the map of its
year, refusing one that mixes the maps (:class:`MixedMapError`). Reading the tables back is
:mod:`analysis.data.maps`.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from analysis.core import paths, store
from analysis.data import catalog, loaders
from analysis.data.catalog import UnknownProvinceError, normalise_name, strip_diacritics
from analysis.data.maps import (
    MERGED_PREFIX,
    MERGER_FILE,
    PANEL_34_TABLE,
    POPULATION_FILE,
    POPULATION_HEADER,
    POPULATION_SHEET,
    UNIT_COLUMNS,
    UNITS_TABLE,
    WEIGHT_BASIS,
    MapError,
    ProvinceMaps,
    build_panel_34,
    map_for_year,
)
from analysis.ingest.workbooks import WorkbookError


class MixedMapError(WorkbookError, MapError):
    """An edition whose provinces are not all units of its year's map (a :class:`WorkbookError`)."""


def read_population(path: Path) -> dict[str, tuple[float, str]]:
    """Province code -> (2016 population in thousands, "sheet '2016', cell C<row>") from gso_covariates.xlsx."""
    import openpyxl  # here, not at the top: importing it costs every import-workbook and validate process ~0.15 s

    path = Path(path)
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[POPULATION_SHEET]
        rows = list(ws.iter_rows(min_col=1, max_col=3, values_only=True))
    finally:
        wb.close()
    if not rows or rows[0][2] != POPULATION_HEADER:
        raise MapError(
            f"{path.name}, sheet {POPULATION_SHEET!r}, cell C1: expected the header "
            f"{POPULATION_HEADER!r}, found {rows[0][2] if rows else None!r}"
        )
    regions = {normalise_name(r) for r in catalog.REGIONS_EN} | {"tongso", "canuoc"}
    out: dict[str, tuple[float, str]] = {}
    for i, (name, _area, pop) in enumerate(rows[1:], start=2):
        if not isinstance(name, str) or normalise_name(name) in regions:
            continue
        code = catalog.resolve_province(name).code
        if not isinstance(pop, (int, float)) or not math.isfinite(pop) or pop <= 0:
            raise MapError(f"{path.name}, sheet {POPULATION_SHEET!r}, cell C{i}: population of {name!r} is {pop!r}")
        out[code] = (float(pop), f"sheet {POPULATION_SHEET!r}, cell C{i}")
    return out


def _first_url(text: str) -> str:
    m = re.search(r"https?://\S+", str(text))
    return m.group(0) if m else ""


def build_units(source_dir: Path, provinces: pd.DataFrame | None = None) -> pd.DataFrame:
    """The membership table: one row per province of the 63-unit map and the unit it belongs to from 2025.

    ``source_dir``: ``../shared/data/provinces`` (the merger list and the population sheet);
    ``provinces``: the 63-province catalogue (default: ``data/provinces.csv``).
    """
    source_dir = Path(source_dir)
    path = source_dir / MERGER_FILE
    prov = catalog.load_provinces() if provinces is None else provinces
    prov = prov.set_index("province_code")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    need = {"province_before_2025", "province_from_july_2025", "unit_kind", "change", "source"}
    if need - set(raw.columns):
        raise MapError(f"{path.name}, line 1: missing columns {sorted(need - set(raw.columns))}")
    pop = read_population(source_dir / POPULATION_FILE)
    rows = []
    seen: dict[str, int] = {}
    for i, r in raw.iterrows():
        line = int(i) + 2  # header is line 1
        try:
            p = catalog.resolve_province(r["province_before_2025"])
        except UnknownProvinceError as exc:
            raise MapError(f"{path.name}, line {line}: {exc}") from None
        if p.code in seen:
            raise MapError(f"{path.name}, line {line}: {p.name} is listed twice (also line {seen[p.code]})")
        seen[p.code] = line
        change = str(r["change"]).strip()
        if not (change.startswith("unchanged") or change == "merged"):
            raise MapError(f"{path.name}, line {line}: change {change!r} is neither 'unchanged' nor 'merged'")
        rows.append(
            dict(
                province_code=p.code,
                province=p.name,
                region=p.region,
                region_en=p.region_en,
                unit=str(r["province_from_july_2025"]).strip(),
                unit_kind=str(r["unit_kind"]).strip(),
                change="unchanged" if change.startswith("unchanged") else "merged",
                source_file=MERGER_FILE,
                source_line=line,
                source_url=_first_url(r["source"]),
            )
        )
    df = pd.DataFrame(rows)
    current = prov[prov["last_year"].isna()] if "last_year" in prov.columns else prov
    missing = sorted(set(current.index) - set(df["province_code"]))
    if missing:
        raise MapError(
            f"{path.name}: provinces of the 63-unit map not listed: "
            f"{', '.join(prov.loc[c, 'province'] for c in missing)}"
        )
    out = []
    for unit, g in df.groupby("unit", sort=False):
        lines = ", ".join(str(x) for x in g["source_line"])
        changes = set(g["change"])
        if len(changes) != 1:
            raise MapError(f"{path.name}, lines {lines}: unit {unit!r} is both unchanged and merged")
        key = normalise_name(unit)
        same = g[g["province"].map(normalise_name) == key]
        if changes == {"unchanged"}:
            if len(g) != 1:
                raise MapError(f"{path.name}, lines {lines}: unchanged unit {unit!r} has {len(g)} members")
            head = g.iloc[0]
            code = head["province_code"]
        else:
            if len(g) < 2:
                raise MapError(f"{path.name}, line {lines}: merged unit {unit!r} has a single member")
            if len(same) != 1:
                raise MapError(
                    f"{path.name}, lines {lines}: merged unit {unit!r} takes the name of none of its "
                    "members; give it a code by hand"
                )
            head = same.iloc[0]
            code = MERGED_PREFIX + head["province_code"]
        g = g.copy()
        g["unit_code"] = code
        g["namesake"] = g["province_code"] == head["province_code"]
        g["renamed"] = normalise_name(unit) != normalise_name(head["province"])
        g["unit_region"] = head["region"]
        g["unit_region_en"] = head["region_en"]
        out.append(g)
    df = pd.concat(out, ignore_index=True)
    if df["unit_code"].nunique() != 34:
        raise MapError(f"{path.name}: {df['unit_code'].nunique()} units, expected 34 (Resolution 202/2025/QH15)")
    miss = sorted(set(df["province_code"]) - set(pop))
    if miss:
        raise MapError(f"{POPULATION_FILE}, sheet {POPULATION_SHEET!r}: no population for codes {miss}")
    df["unit_ascii"] = df["unit"].map(strip_diacritics)
    df["weight"] = df["province_code"].map(lambda c: pop[c][0])
    df["weight_share"] = df["weight"] / df.groupby("unit_code")["weight"].transform("sum")
    df["weight_basis"] = WEIGHT_BASIS
    df["weight_file"] = POPULATION_FILE
    df["weight_locator"] = df["province_code"].map(lambda c: pop[c][1])
    order = df["province_code"].astype(int)
    return df.assign(_o=order).sort_values("_o").drop(columns="_o")[UNIT_COLUMNS].reset_index(drop=True)


def build_maps(source_dir: Path | None = None, provinces: pd.DataFrame | None = None) -> ProvinceMaps:
    """Both maps built from ``../shared`` (``source_dir``: default ``../shared/data/provinces``)."""
    return ProvinceMaps(build_units(source_dir if source_dir is not None else paths.provinces_source_dir(), provinces))


def place_edition(province_maps: ProvinceMaps, records: pd.DataFrame, year: int, file: str = "") -> pd.DataFrame:
    """An edition's records on its year's map: from 2025 the provinces become units (``M..`` codes for
    merged units); an edition whose names do not all fit that map is refused (:class:`MixedMapError`)."""
    bad = province_maps.misfits(records["province_code"].unique(), year)
    if bad:
        loc = next((c for c in ("name_locator", "source_locator") if c in records.columns), "source")
        first = records[records["province_code"].isin(bad)].drop_duplicates("province_code")
        where = []
        for r in first.itertuples():
            u = province_maps.units[province_maps.units["province_code"] == r.province_code]
            into = f", now part of {u['unit'].iloc[0]}" if len(u) else ""
            where.append(f"{r.province!r} ({getattr(r, loc, '')}{into})")
        which = "34-unit map (Resolution 202/2025/QH15)" if map_for_year(year) == "34" else "63-province map"
        raise MixedMapError(
            f"PCI {year} must list units of the {which} only, but {len(bad)} name(s) do not fit: {'; '.join(where)}",
            file=file or None,
        )
    if map_for_year(year) == "63":
        return records
    u = province_maps.units.set_index("province_code")
    out = records.copy()
    out["province"] = out["province_code"].map(u["unit"])
    out["province_code"] = out["province_code"].map(u["unit_code"])
    return out


def map_tables(panel: pd.DataFrame, source_dir: Path, provinces: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The two tables this module adds to ``data/``: the membership table and the 34-unit history."""
    units = build_units(source_dir, provinces)
    return {UNITS_TABLE: units, PANEL_34_TABLE: build_panel_34(panel, ProvinceMaps(units))}


def rebuild(data_dir: Path | None = None, shared_dir: Path | None = None) -> dict[str, str]:
    """Rebuild ``province_units_2025.csv`` and ``pci_panel_34.csv`` from ``data/pci_panel.csv`` (atomic)."""
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    src = Path(shared_dir) / "data" / "provinces" if shared_dir is not None else paths.provinces_source_dir()
    tables = map_tables(loaders.load_pci(d), src, catalog.load_provinces())
    with store.data_lock(d):
        return store.write_tables(tables, d)
