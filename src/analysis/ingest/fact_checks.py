"""Published facts that are not panel cells, checked against the published ranks and scores beside them.

A partial edition (PCI 2024: top 10 with scores, scattered press facts) cannot be re-ranked, but its facts
constrain each other. Two checks, each a ``fact_contradiction`` warning with both sources (nothing is
overwritten; the fact and the ranks stay as published):

* a rank within a region (``pci_region_rank``): the members of the region (catalogue) with a better published
  national rank that year must be fewer than it. PCI 2024: Điện Biên "5th of 14 in the Northern Midlands and
  Mountains" (pci_press_2024.csv line 44) beside published national ranks of Bắc Giang 4, Phú Thọ 8, Lạng Sơn 16,
  Lào Cai 23 and Thái Nguyên 26 and its own 32nd: at best 6th in the catalogue's region;
* the national median (``pci_median``): a province ranked in the middle of N (N odd) scores the median; one ranked
  above scores at least it, one below at most (within the published rounding of 0.005 of each).
"""

from __future__ import annotations

import pandas as pd

from analysis.data import catalog
from analysis.ingest.validate import finding, src

ROUNDING = 0.01  # two published values each rounded to 0.005


def _published(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """The composite rows of ``year`` with a published rank."""
    d = panel[(panel["year"] == year) & (panel["indicator"] == catalog.COMPOSITE) & panel["rank"].notna()]
    if "rank_kind" in d.columns:
        d = d[d["rank_kind"].astype(str) == "published"]
    return d


def _fact_src(f) -> dict:
    return src(f.source_kind, f.source_file, f.source_locator, getattr(f, "source_url", ""))


def region_rank_findings(facts: pd.DataFrame, panel: pd.DataFrame) -> list[dict]:
    prov = catalog.load_provinces()
    out = []
    for f in facts[facts["indicator"] == "pci_region_rank"].itertuples():
        if pd.isna(f.rank):
            continue
        members = set(prov.loc[prov["region"] == f.region, "province_code"].astype(str))
        pub = _published(panel, int(f.year))
        own = pub[pub["province_code"].astype(str) == str(f.province_code)]
        if own.empty or not members:
            continue
        above = pub[
            pub["province_code"].astype(str).isin(members - {str(f.province_code)})
            & (pub["rank"] < float(own["rank"].iloc[0]))
        ].sort_values("rank")
        if len(above) >= int(f.rank):
            names = ", ".join(f"{r.province} {int(r.rank)}" for r in above.itertuples())
            o = own.iloc[0]
            out.append(
                finding(
                    f.year,
                    f.province,
                    catalog.COMPOSITE,
                    "fact_contradiction",
                    "warning",
                    f"published rank within {f.region}: {int(f.rank)} of {int(f.of_n) if pd.notna(f.of_n) else '?'}"
                    f"; but {len(above)} members of the catalogue's region have a better published national "
                    f"rank than its {int(o['rank'])} ({names}): at best {len(above) + 1} in that region "
                    "(the publisher's region may differ, or one figure is wrong); both kept as published",
                    _fact_src(f),
                    src(o["source_kind"], o["source_file"], o["source_locator"], o.get("source_url", "")),
                )
            )
    return out


def median_findings(facts: pd.DataFrame, panel: pd.DataFrame, n_ranked: int) -> list[dict]:
    out = []
    for f in facts[facts["indicator"] == "pci_median"].itertuples():
        if pd.isna(f.score) or n_ranked % 2 == 0:
            continue
        middle = (n_ranked + 1) // 2
        pub = _published(panel, int(f.year)).dropna(subset=["score"])
        for r in pub.itertuples():
            bad = (
                (r.rank == middle and abs(r.score - f.score) > ROUNDING)
                or (r.rank < middle and r.score < f.score - ROUNDING)
                or (r.rank > middle and r.score > f.score + ROUNDING)
            )
            if bad:
                out.append(
                    finding(
                        f.year,
                        r.province,
                        catalog.COMPOSITE,
                        "fact_contradiction",
                        "warning",
                        f"published national median {f.score:.2f} of {n_ranked} provinces; but "
                        f"{r.province} is published {int(r.rank)} of {n_ranked} (the middle is {middle}) "
                        f"with {r.score:.2f}: both kept as published",
                        _fact_src(f),
                        src(r.source_kind, r.source_file, r.source_locator, getattr(r, "source_url", "")),
                    )
                )
    return out


def fact_findings(facts: pd.DataFrame, panel: pd.DataFrame) -> list[dict]:
    """Every contradiction between the facts and the published ranks and scores of the same year."""
    if facts is None or facts.empty:
        return []
    out = region_rank_findings(facts, panel)
    for y in sorted(facts.loc[facts["indicator"] == "pci_median", "year"].unique()):
        full = (
            panel[(panel["indicator"] == catalog.COMPOSITE) & panel["score"].notna()]
            .groupby("year")["province_code"]
            .nunique()
        )
        before = full[(full.index < y) & (full >= 0.9 * full.max())]
        if len(before):
            out += median_findings(facts[facts["year"] == y], panel, int(before.iloc[-1]))
    return out
