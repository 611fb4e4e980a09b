"""Where provinces stand among the 34 units of July 2025, and how much the weighting of merged units matters.

Reads the 34-unit history of :mod:`analysis.data.maps` (:func:`~analysis.data.maps.build_panel_34`,
:func:`~analysis.data.maps.cross_section_34`); the Spearman correlation is
:func:`analysis.analyses.correlation.series_spearman`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.analyses.correlation import series_spearman
from analysis.data.catalog import COMPOSITE
from analysis.data.maps import ProvinceMaps, build_panel_34, change_year, cross_section_34, default_maps


def compare_weightings(
    panel: pd.DataFrame, maps: ProvinceMaps | None = None, indicator: str = COMPOSITE
) -> pd.DataFrame:
    """Population-weighted vs equal-weighted 34-unit scores and ranks, per year and merged unit.

    Columns: year, province_code, province, score_population, score_equal, rank_population,
    rank_equal, rank_shift (equal minus population; positive = worse with equal weights).
    Only years in which all 34 units are ranked.
    """
    maps = maps if maps is not None else default_maps()
    rows = panel[panel["indicator"] == indicator]  # the 34-unit rows of one indicator come from its own rows only
    a = build_panel_34(rows, maps, "population")
    b = build_panel_34(rows, maps, "equal")
    key = ["year", "province_code", "province"]
    a = a[(a["indicator"] == indicator) & a["rank"].notna()][key + ["score", "rank"]]
    b = b[(b["indicator"] == indicator) & b["rank"].notna()][key + ["score", "rank"]]
    out = a.merge(b, on=key, suffixes=("_population", "_equal"))
    out["rank_shift"] = (out["rank_equal"] - out["rank_population"]).astype("Int64")
    return out.reset_index(drop=True)


def weighting_summary(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per year: units whose rank differs, largest absolute rank shift, Spearman correlation of the two rankings."""
    rows = []
    for y, g in comparison.groupby("year"):
        ra, rb = g["rank_population"].astype(float), g["rank_equal"].astype(float)
        rows.append(
            dict(
                year=int(y),
                units=len(g),
                units_moved=int((g["rank_shift"] != 0).sum()),
                max_abs_shift=int(g["rank_shift"].abs().max()),
                spearman=series_spearman(ra, rb),
            )
        )  # = ra.corr(rb, method="spearman")
    return pd.DataFrame(rows)


def standing_among_34(
    panel: pd.DataFrame, panel_34: pd.DataFrame, provinces: Iterable[str], year: int, maps: ProvinceMaps | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, dict | None]:
    """Where ``provinces`` stand among the 34 units in ``year``.

    Returns (the 34-unit cross-section :func:`cross_section_34`, the rows of the units of ``provinces``,
    the :func:`weighting_summary` row of ``year`` as a dict with ``first_year``, ``last_year`` and
    ``largest_shift`` over every year — None when ``year`` has no full 34-unit ranking).
    """
    maps = maps if maps is not None else default_maps()
    xs = cross_section_34(panel_34, year, maps)
    codes = [maps.resolve(p, change_year()).code for p in provinces]
    focus = xs.set_index("province_code").loc[[c for c in codes if c in set(xs["province_code"])]].reset_index()
    summary = weighting_summary(compare_weightings(panel, maps))
    row = summary[summary["year"] == int(year)]
    info = None
    if len(row):
        r = row.iloc[0]
        info = dict(
            units=int(r["units"]),
            units_moved=int(r["units_moved"]),
            max_abs_shift=int(r["max_abs_shift"]),
            spearman=float(r["spearman"]),
            first_year=int(summary["year"].min()),
            last_year=int(summary["year"].max()),
            largest_shift=int(summary["max_abs_shift"].max()),
        )
    return xs, focus, info
