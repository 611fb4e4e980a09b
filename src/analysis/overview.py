"""What the data holds: coverage by year and indicator, and one province's composite series."""
from __future__ import annotations

import pandas as pd

from .catalog import INDICATORS, methodology_period, resolve_province


def coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per year: provinces with a composite, indicators published, sources, period."""
    rows = []
    for year, g in panel.groupby("year"):
        comp = g[g["indicator"] == "pci"]
        present = [c for c in INDICATORS[1:] if (g["indicator"] == c).any()]
        missing = [c for c in INDICATORS[1:] if c not in present]
        rows.append({
            "year": int(year),
            "provinces": int(comp["province_code"].nunique()),
            "provinces_with_published_rank": int(comp["rank"].notna().sum()),
            "subindices": len(present),
            "subindices_missing": ", ".join(missing),
            "methodology_period": methodology_period(int(year)),
            "source_kinds": ", ".join(sorted(g["source_kind"].unique())),
            "files": ", ".join(sorted(set(g["source_file"]))),
        })
    return pd.DataFrame(rows)


def composite_series(panel: pd.DataFrame, province: str, first_year: int | None = None,
                     last_year: int | None = None) -> pd.DataFrame:
    """Composite score, rank and number ranked for one province, every year in range.

    Years the province is absent from keep a row with NaN score and rank ("no data"), and the
    number of provinces ranked that year (``n_ranked``) so a rank can be read as "of N".
    """
    code = resolve_province(province).code
    comp = panel[panel["indicator"] == "pci"]
    years = sorted(comp["year"].unique())
    lo = first_year if first_year is not None else min(years)
    hi = last_year if last_year is not None else max(years)
    # provinces ranked that year; unknown (NA) where only a seed document covers the year
    from .coverage import cross_section

    official = cross_section(comp)
    n = official.groupby("year")["province_code"].nunique()
    mine = comp[comp["province_code"] == code].set_index("year")
    out = pd.DataFrame({"year": range(lo, hi + 1)})
    out["score"] = out["year"].map(mine["score"]).astype(float)
    out["rank"] = out["year"].map(mine["rank"]).astype("Int64")
    out["n_ranked"] = out["year"].map(n).astype("Int64")
    out["source_file"] = out["year"].map(mine["source_file"]).fillna("")
    out["source_locator"] = out["year"].map(mine["source_locator"]).fillna("")
    out["source_kind"] = out["year"].map(mine["source_kind"]).fillna("")
    return out
