"""Methodology periods of every projected index, from one home each.

- PCI (the composite and its sub-indices): the weights periods of ``catalog_data/weights.csv``
  (:func:`analysis.data.catalog.methodology_period`: "2013-2021", "2022-", ...).
- PAPI: runs of years with the same number of dimensions in the PAPI table itself (:func:`papi_periods`:
  six dimensions 2011-2017, eight from 2018 in the committed ``data/papi.csv``).

Scores are not comparable across a period's edge; the projection engine
(:mod:`analysis.analyses.project`) learns year-to-year changes only within a period and gives each period
its own level. A year after the last one a table holds belongs to the last period (no break is known ahead).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pandas as pd

from analysis.core.paths import data_dir
from analysis.core.store import committed_path
from analysis.data import catalog
from analysis.data.loaders import PAPI, load_papi

PAPI_INDICATORS = ("papi",)  # indicators projected on PAPI's periods (the PAPI total)
PAPI_TOTAL = "papi_total_unweighted"


def papi_periods(papi: pd.DataFrame, total: str = PAPI_TOTAL) -> dict[int, str]:
    """year -> PAPI methodology period ("2011-2017", "2018-2024"): runs of consecutive years with the same
    number of dimensions in the PAPI dimension table (:func:`analysis.load_papi`; the committed one when
    ``papi`` is a totals table, which holds no dimensions)."""
    if "dimension" not in papi.columns:
        papi = load_papi()
    dims = papi[papi["dimension"] != total].groupby("year")["dimension"].nunique().sort_index()
    out, run = {}, []
    for y, n in dims.items():
        if run and (n != dims[run[-1]] or y != run[-1] + 1):
            out.update({r: f"{run[0]}-{run[-1]}" for r in run})
            run = []
        run.append(int(y))
    if run:  # a year missing inside the table ends a run: its neighbours are not assumed to share a period
        out.update({r: f"{run[0]}-{run[-1]}" for r in run})
    return out


@functools.lru_cache(maxsize=4)
def _committed_papi_periods(folder: str, stamp: float) -> tuple[tuple[int, str], ...]:
    return tuple(papi_periods(load_papi(folder)).items())  # ``stamp``: the table's mtime, a rewrite reads anew


def period_map(indicator: str, years: Iterable[int]) -> dict[int, str]:
    """year -> methodology period of ``indicator`` for each of ``years`` (PAPI's from the committed PAPI
    table, the rest from the PCI weights periods). A year past the last period a PAPI table holds is in
    its last period; a year before the first, in its first."""
    years = sorted({int(y) for y in years})
    if str(indicator).lower() not in PAPI_INDICATORS:
        return {y: catalog.methodology_period(y) for y in years}
    folder = data_dir()
    table = committed_path(PAPI, folder)
    known = dict(_committed_papi_periods(str(folder), table.stat().st_mtime if table.exists() else 0.0))
    if not known:
        raise ValueError(f"the PAPI table in {folder} holds no dimension: no methodology period for PAPI")
    held = sorted(known)

    def of(y: int) -> str:  # a year the table lacks: the period of the latest year before it (the first if none)
        before = [k for k in held if k <= y]
        return known[before[-1]] if before else known[held[0]]

    return {y: known.get(y) or of(y) for y in years}


def breaks_between(indicator: str, first: int, last: int) -> list[int]:
    """The first year of each period that starts inside ``first``..``last`` (the breaks a window crosses)."""
    p = period_map(indicator, range(int(first), int(last) + 1))
    ys = sorted(p)
    return [y for a, y in zip(ys, ys[1:]) if p[a] != p[y]]
