"""Build the province catalogue (``data/provinces.csv``) from ``../shared/data/provinces/``.

* names, GSO codes and PCI/PAPI ids: ``vietnamcode_data.csv`` (GPL-3, LaDilettante/vietnamcode)
* the six GSO socio-economic regions: ``gso_covariates.xlsx``, sheet ``2006``, where each
  province is listed under its region heading.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.catalog import REGIONS_EN, normalise_name, strip_diacritics

CODES_FILE = "vietnamcode_data.csv"
REGIONS_FILE = "gso_covariates.xlsx"
REGIONS_SHEET = "2006"
HA_TAY_CODE = "28"
HA_TAY_LAST_YEAR = 2008  # merged into Hà Nội on 1 August 2008; last PCI edition with it: 2008

COLUMNS = [
    "province_code",
    "province",
    "province_ascii",
    "province_name_short",
    "province_name_full",
    "region",
    "region_en",
    "pci_id",
    "papi_id",
    "last_year",
    "source_file",
    "source_locator",
    "region_file",
    "region_locator",
]  # provenance in columns: the codes/names row (CSV line) and the region list (Excel sheet)


class ProvinceSourceError(ValueError):
    pass


def build_provinces(source_dir: Path) -> pd.DataFrame:
    """The province table, one row per province (63 + Hà Tây), sorted by GSO code."""
    source_dir = Path(source_dir)
    codes_path = source_dir / CODES_FILE
    raw = pd.read_csv(codes_path, dtype=str, keep_default_na=False)
    raw = raw[raw["province_name"].ne("NA") & raw["province_name"].ne("")]
    out = pd.DataFrame(
        {
            "province_code": raw["enterprise_census"].str.zfill(2),
            "province": raw["province_name_diacritics"],
            "province_ascii": raw["province_name_diacritics"].map(strip_diacritics),
            "province_name_short": raw["province_name"],
            "province_name_full": raw["province_name_full"],
            "pci_id": raw["pci"].replace("NA", ""),
            "papi_id": raw["papi"].replace("NA", ""),
            "csv_row": raw.index + 2,  # 1-based line in the CSV, header is line 1
        }
    )
    if len(out) != 64:
        raise ProvinceSourceError(f"{codes_path}: expected 64 provinces (63 + Hà Tây), found {len(out)}")
    regions = read_regions(source_dir / REGIONS_FILE)
    keys = out["province"].map(normalise_name)
    out["region"] = keys.map(regions)
    missing = out.loc[out["region"].isna(), "province"].tolist()
    if missing:
        raise ProvinceSourceError(
            f"{source_dir / REGIONS_FILE}, sheet {REGIONS_SHEET!r}: no region heading found for {missing}"
        )
    out["region_en"] = out["region"].map(REGIONS_EN)
    out["last_year"] = pd.array(
        [HA_TAY_LAST_YEAR if c == HA_TAY_CODE else pd.NA for c in out["province_code"]], dtype="Int64"
    )
    out["source_file"] = CODES_FILE
    out["source_locator"] = [f"line {r}" for r in out["csv_row"]]
    out["region_file"] = REGIONS_FILE
    out["region_locator"] = REGIONS_SHEET
    return out[COLUMNS].sort_values("province_code", key=lambda s: s.astype(int)).reset_index(drop=True)


def read_regions(path: Path) -> dict[str, str]:
    """normalised province name -> GSO region heading (Vietnamese)."""
    sheet = pd.read_excel(path, sheet_name=REGIONS_SHEET, header=None, engine="openpyxl")
    region = None
    out: dict[str, str] = {}
    headings = {normalise_name(r): r for r in REGIONS_EN}
    for name in sheet.iloc[1:, 0]:
        if not isinstance(name, str):
            continue
        key = normalise_name(name)
        if key in headings:
            region = headings[key]
        elif key == "tongso":
            continue
        elif region is None:
            raise ProvinceSourceError(f"{path}, sheet {REGIONS_SHEET!r}: province {name!r} before any region heading")
        else:
            # "Thừa Thiên-Huế", "Bà Rịa - Vũng Tàu" fold to the same key as the catalogue names
            out[key] = region
    return out
