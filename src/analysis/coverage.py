"""Which years and provinces the panel covers.

A year is a *full* cross-section when its composite covers at least ``FULL_SHARE`` (90%) of
the largest year's provinces: 2006-2018 in the committed data (2005 had 42 provinces; 2019-2020
hold Lai Châu alone, from seed 002). Comparisons and projections start from the latest full
year; later observations of single provinces are reported as such.
"""
from __future__ import annotations

import pandas as pd

from .provenance import source_file, years_text

FULL_SHARE = 0.9


def provinces_per_year(panel: pd.DataFrame, indicator: str = "pci") -> pd.Series:
    """Number of provinces with a score for ``indicator``, per year."""
    d = panel[(panel["indicator"] == indicator) & panel["score"].notna()]
    return d.groupby("year")["province_code"].nunique().sort_index()


def full_years(panel: pd.DataFrame, indicator: str = "pci", share: float = FULL_SHARE) -> list[int]:
    """Years whose ``indicator`` covers at least ``share`` of the largest cross-section."""
    n = provinces_per_year(panel, indicator)
    if n.empty:
        return []
    return [int(y) for y, k in n.items() if k >= share * n.max()]


def latest_full_year(panel: pd.DataFrame, indicator: str = "pci", share: float = FULL_SHARE) -> int:
    """The latest year with a full cross-section (2018 in the committed data)."""
    years = full_years(panel, indicator, share)
    if not years:
        raise ValueError(f"the panel has no year with a {indicator!r} score")
    return max(years)


def later_observations(panel: pd.DataFrame, indicator: str = "pci") -> pd.DataFrame:
    """Provinces observed after the latest full year: province, province_code, years, source_kind, source."""
    last = latest_full_year(panel, indicator)
    d = panel[(panel["indicator"] == indicator) & (panel["year"] > last) & panel["score"].notna()]
    cols = ["province", "province_code", "years", "source_kind", "source"]
    if d.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for code, g in d.groupby("province_code", sort=True):
        rows.append({"province": g["province"].iloc[0], "province_code": code,
                     "years": years_text(g["year"].unique()),
                     "source_kind": ", ".join(sorted(set(g["source_kind"].astype(str)))) if "source_kind" in g else "",
                     "source": ", ".join(sorted({source_file(s) for s in g["source"]}))})
    return pd.DataFrame(rows, columns=cols)


def years_after_full(panel: pd.DataFrame, indicator: str = "pci", share: float = FULL_SHARE) -> pd.DataFrame:
    """Years later than the latest full cross-section, with the provinces and source kinds they cover."""
    last = latest_full_year(panel, indicator, share)
    d = panel[(panel["indicator"] == indicator) & (panel["year"] > last) & panel["score"].notna()]
    return (d.groupby("year").agg(provinces=("province", lambda s: ", ".join(sorted(s.unique()))),
                                  source_kinds=("source_kind", lambda s: ", ".join(sorted(s.unique()))))
            .reset_index())
