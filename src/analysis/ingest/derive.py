"""The 2023 composite and rank, derived from the 2023 sub-indices with the 2022 weights.

VCCI published PCI 2023 only for the top 30, and the weights changed in 2022
(``catalog_data/weights.csv``, period ``2022-``; ``../shared/data/SOURCES.md``, last section).
For every province with all ten sub-indices of an official workbook year that has no composite,
composite = Σ weight × sub-index × 10 and rank = its order (method 'min'); kind ``derived``,
``rank_kind = derived``. Every published figure of that year (press: scores and ranks) is checked:
if any disagrees beyond the published rounding the derivation is refused
(:class:`DerivationRefused`) and nothing derived is kept.

:func:`check_weights_on_pages` recomputes the composite of every province whose sub-indices and
composite are all on official pages for a year (2022: six provinces) as a check of the weights.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.ranking import rank_desc  # the one ranking function (ties share the best rank)
from analysis.data import catalog
from analysis.data.catalog import COMPOSITE, SUBINDICES
from analysis.ingest.pci_common import RANK_DERIVED, SourceRefused, candidates_frame, methodology
from analysis.ingest.precedence import tolerance
from analysis.ingest.validate import finding, src
from analysis.ingest.workbooks import cell_ref  # noqa: F401  (locators are already Excel cells)

KIND = "derived"


class DerivationRefused(SourceRefused):
    """A derived value disagrees with a published figure beyond its rounding."""


def _wide(c: pd.DataFrame) -> pd.DataFrame:
    return c.pivot_table(index=["province_code", "province"], columns="indicator", values="score", aggfunc="first")


def derive_composites(
    workbook: pd.DataFrame, published: pd.DataFrame, order: int = 99
) -> tuple[pd.DataFrame, list[dict]]:
    """(derived candidates, findings) for every official-workbook year with sub-indices but no composite.

    ``workbook``: official_workbook candidates; ``published``: candidates of other kinds (the
    figures checked). Raises :class:`DerivationRefused` when a published figure disagrees.
    """
    rows, notes = [], []
    wb = workbook[workbook["source_kind"] == "official_workbook"]
    for year, g in wb.groupby("year"):
        if (g["indicator"] == COMPOSITE).any():
            continue
        weights = catalog.weights_for_year(int(year))
        wide = _wide(g)
        complete = wide.dropna(subset=list(weights))
        comp = catalog.recompute_composite(complete, int(year))
        rank = rank_desc(comp).astype(int)
        locs = g.set_index(["province_code", "indicator"])["source_locator"]
        file = g["source_file"].iloc[0]
        period = catalog.methodology_period(int(year))
        for (code, name), x in comp.items():
            cells = [locs[(code, s)] for s in SUBINDICES if (code, s) in locs.index]
            loc = (
                f"Σ weight × sub-index of {cells[0]}…{cells[-1].split('!')[-1]} "
                f"(weights {period}, catalog_data/weights.csv)"
            )
            rows.append(
                dict(
                    year=int(year),
                    province=name,
                    province_code=code,
                    indicator=COMPOSITE,
                    score=float(x),
                    rank=int(rank[(code, name)]),
                    rank_kind=RANK_DERIVED,
                    tier="",
                    source_kind=KIND,
                    source_file=file,
                    source_locator=loc,
                    source_url="",
                    rank_locator=f"order of the derived composites of {len(comp)} provinces",
                    methodology=methodology(year),
                    score_decimals=np.nan,
                    order=order,
                    rank_max=np.nan,
                )
            )
        derived = candidates_frame([r for r in rows if r["year"] == int(year)])
        notes += check_against_published(derived, published, file)
    return candidates_frame(rows), notes


def check_against_published(derived: pd.DataFrame, published: pd.DataFrame, file: str) -> list[dict]:
    """Compare every published composite score and rank of the derived year; refuse on any disagreement."""
    if derived.empty:
        return []
    year = int(derived["year"].iloc[0])
    pub = published[(published["year"] == year) & (published["indicator"] == COMPOSITE)]
    d = derived.set_index("province_code")
    bad, ok = [], []
    for r in pub.itertuples():
        if r.province_code not in d.index:
            bad.append(f"{r.province}: published but not derivable (sub-indices missing)")
            continue
        x = d.loc[r.province_code]
        where = f"{r.source_file} {r.source_locator}"
        if pd.notna(r.score):
            tol = tolerance(np.nan, r.score_decimals)
            (ok if abs(x["score"] - r.score) <= tol else bad).append(
                f"{r.province} score {x['score']:.4f} vs published {r.score:g} ({where})"
            )
        if pd.notna(r.rank):
            (ok if int(x["rank"]) == int(r.rank) else bad).append(
                f"{r.province} rank {int(x['rank'])} vs published {int(r.rank)} ({where})"
            )
    if bad:
        raise DerivationRefused(
            f"the PCI {year} composite derived with the {catalog.methodology_period(year)} weights disagrees with "
            f"{len(bad)} published figure(s) beyond rounding: " + "; ".join(bad) + "; the derivation is not kept",
            file=file,
            where=f"PCI {year} derivation",
        )
    return [
        finding(
            year,
            "",
            COMPOSITE,
            "derivation_checked",
            "info",
            f"PCI {year} composite and rank derived for {len(derived)} provinces from {file} with the "
            f"{catalog.methodology_period(year)} weights; all {len(ok)} published figures agree within "
            f"their rounding: " + "; ".join(ok),
            src("derived", file),
        )
    ]


def check_weights_on_pages(pages: pd.DataFrame) -> list[dict]:
    """Recompute the composite of every page province-year with all sub-indices and a composite."""
    out = []
    for year, g in pages.groupby("year"):
        try:
            weights = catalog.weights_for_year(int(year))
        except ValueError:
            continue
        wide = _wide(g)
        need = [COMPOSITE, *weights]
        if any(c not in wide.columns for c in need):
            continue
        full = wide.dropna(subset=need)
        if full.empty:
            continue
        comp = catalog.recompute_composite(full, int(year))
        gap = full[COMPOSITE] - comp
        period = catalog.methodology_period(int(year))
        worst = float(gap.abs().max())
        names = ", ".join(f"{n} {full.loc[(c, n), COMPOSITE]:g} vs {comp[(c, n)]:.3f}" for c, n in full.index)
        sev = "info" if worst <= 0.02 + 1e-9 else "warning"
        out.append(
            finding(
                int(year),
                "",
                COMPOSITE,
                "weights_checked_on_pages",
                sev,
                f"{len(full)} provinces with every sub-index and the composite on official pages; the "
                f"{period} weights reproduce the published composite within {worst:.4f} "
                f"(published vs recomputed: {names})",
                src(g["source_kind"].iloc[0], g["source_file"].iloc[0]),
            )
        )
    return out
