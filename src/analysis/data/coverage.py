"""Which years and provinces the panel covers.

A year is a *full* cross-section for an indicator when it covers at least ``FULL_SHARE`` (90%)
of the largest year's provinces. "The latest year" is therefore per indicator: in the committed
data 2023 for the composite (derived from the 2023 sub-indices, ``source_kind = derived``) and for
the ten sub-indices (the 2023 workbook), while 2020–2022 sub-indices exist for a few provinces
only. Comparisons and projections start from the latest full year; later observations of single
provinces are reported as such. :func:`latest_years` gives the latest full year of every
indicator with the source kinds behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.data.catalog import normalise_name, resolve_province
from analysis.data.provenance import files_of, years_text

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
        rows.append(
            {
                "province": g["province"].iloc[0],
                "province_code": code,
                "years": years_text(g["year"].unique()),
                "source_kind": ", ".join(sorted(set(g["source_kind"].astype(str)))) if "source_kind" in g else "",
                "source": ", ".join(files_of(g)),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def years_after_full(panel: pd.DataFrame, indicator: str = "pci", share: float = FULL_SHARE) -> pd.DataFrame:
    """Years later than the latest full cross-section, with the provinces and source kinds they cover."""
    last = latest_full_year(panel, indicator, share)
    d = panel[(panel["indicator"] == indicator) & (panel["year"] > last) & panel["score"].notna()]
    return (
        d.groupby("year")
        .agg(
            provinces=("province", lambda s: ", ".join(sorted(s.unique()))),
            source_kinds=("source_kind", lambda s: ", ".join(sorted(s.unique()))),
        )
        .reset_index()
    )


def cross_section(panel: pd.DataFrame, share: float = FULL_SHARE) -> pd.DataFrame:
    """Rows of complete national cross-sections: year × indicator cells covering at least ``share`` of the
    largest year's provinces, from any kind but a single province's own document.

    These are what national benchmarks, ranks "of N" and peer comparisons are computed from: every
    official workbook (a whole edition, 42 provinces in 2005), and for the composite 2020–2022 the
    research panel / official pages and 2023 the derived composite. A year only one province's
    document covers (Lai Châu 2020 sub-indices) and the handful of 2020–2022 sub-indices on pages are
    not cross-sections.
    """
    if "source_kind" not in panel.columns:
        return panel
    d = panel[(panel["source_kind"] != "province_document") & panel["score"].notna()]
    counts = d.groupby(["indicator", "year"])["province_code"].nunique()
    largest = counts.groupby("indicator").max()
    full = counts[counts >= share * counts.index.get_level_values("indicator").map(largest)].index
    keep = pd.MultiIndex.from_frame(d[["indicator", "year"]]).isin(full) | (d["source_kind"] == "official_workbook")
    return d[keep]


def latest_years(panel: pd.DataFrame, share: float = FULL_SHARE) -> pd.DataFrame:
    """Per indicator: the latest year known for (nearly) every province, its province count and source kinds."""
    rows = []
    for ind in panel["indicator"].drop_duplicates():
        try:
            y = latest_full_year(panel, ind, share)
        except ValueError:
            continue
        d = panel[(panel["indicator"] == ind) & (panel["year"] == y) & panel["score"].notna()]
        rows.append(
            {
                "indicator": ind,
                "latest_year": y,
                "provinces": int(d["province_code"].nunique()),
                "source_kinds": ", ".join(sorted(set(d["source_kind"].astype(str)))),
            }
        )
    return pd.DataFrame(rows, columns=["indicator", "latest_year", "provinces", "source_kinds"])


# --------------------------------------------------------------------------- partial editions, latest per cell
def edition_status(panel: pd.DataFrame, indicator: str = "pci", share: float = FULL_SHARE) -> pd.DataFrame:
    """Per year: provinces with a score of ``indicator``, provinces with a published rank, source kinds, and
    ``edition`` = "full" (a cross-section, :func:`full_years`) or "partial" (only some provinces known: PCI 2024,
    top 30 and press quotes; 2020–2022 sub-indices). A partial year is never a cross-section: no rank "of N",
    no national benchmark is computed from it."""
    d = panel[(panel["indicator"] == indicator) & panel["score"].notna()]
    full = set(full_years(panel, indicator, share))
    rows = []
    for y, g in d.groupby("year"):
        rows.append(
            {
                "year": int(y),
                "provinces": int(g["province_code"].nunique()),
                "published_ranks": int(g["rank"].notna().sum()) if "rank" in g else 0,
                "source_kinds": ", ".join(sorted(set(g["source_kind"].astype(str)))) if "source_kind" in g else "",
                "edition": "full" if int(y) in full else "partial",
            }
        )
    return pd.DataFrame(rows, columns=["year", "provinces", "published_ranks", "source_kinds", "edition"])


def partial_years(panel: pd.DataFrame, indicator: str = "pci", share: float = FULL_SHARE) -> list[int]:
    """Years after the first full one in which only some provinces have ``indicator`` (2024 for the composite):
    the "partial" years of :func:`edition_status`, without its per-year description."""
    full = full_years(panel, indicator, share)
    if not full:
        return []
    years = [int(y) for y in provinces_per_year(panel, indicator).index]
    return [y for y in years if y > min(full) and y not in full]


def latest_observations(panel: pd.DataFrame, indicators=None, share: float = FULL_SHARE) -> pd.DataFrame:
    """ "Latest" per province and indicator: the last year each province has a score, with its score, rank,
    source kind, file, locator and URL, and whether that year is a full or partial edition.

    Hải Phòng's latest composite is 2024 (press, 74.84, 1st); Lai Châu's is 2023 (derived), because no 2024
    figure of it was published. Never one latest year for everybody."""
    d = panel[panel["score"].notna()]
    if indicators is not None:
        d = d[d["indicator"].isin([indicators] if isinstance(indicators, str) else list(indicators))]
    last = d.sort_values("year", kind="mergesort").groupby(["province_code", "indicator"], sort=True).tail(1)
    status = {ind: set(full_years(panel, ind, share)) for ind in last["indicator"].unique()}
    cols = [
        "province",
        "province_code",
        "indicator",
        "year",
        "score",
        "rank",
        "source_kind",
        "source_file",
        "source_locator",
        "source_url",
    ]
    out = last[[c for c in cols if c in last.columns]].copy()
    out["edition"] = ["full" if y in status[i] else "partial" for i, y in zip(out["indicator"], out["year"])]
    return out.sort_values(["indicator", "province_code"], kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------- one province
@dataclass(frozen=True)
class ProvinceYears:
    """Which years one province's rows cover, and the years a run shows (see :func:`province_years`)."""

    province: str  # canonical name
    code: str
    region: str  # GSO region (Vietnamese, as in the catalogue)
    slug: str  # file-name form of the name ("laichau")
    own_years: tuple[int, ...]  # years with any score of the province
    data_last: int  # the panel's last year (any province)
    first: int  # first year shown
    last: int  # last year shown
    missing: tuple[int, ...]  # years in first..last without any score of the province: gaps, never zeros
    seed_years: tuple[int, ...]  # years holding a row from the province's own document (no national benchmark)
    composite_only: tuple[int, ...]  # years with the composite but no sub-index from any source
    bench_year: int | None  # latest year with official-workbook sub-indices (a national cross-section)

    @property
    def own_last(self) -> int:
        return self.own_years[-1]


def province_years(
    panel: pd.DataFrame, province: str, start_year: int | None = None, end_year: int | None = None
) -> ProvinceYears:
    """The years of ``province`` in ``panel`` and the years a run shows.

    ``first`` is ``start_year`` when it is not after the province's last year, else the province's first
    year; ``last`` is ``end_year``, else the panel's last year (the notebooks' ``start_year``/``end_year``).
    """
    prov = resolve_province(province)
    mine = panel[(panel["province_code"].astype(str) == prov.code) & panel["score"].notna()]
    if mine.empty:
        raise ValueError(f"{prov.name} ({prov.code}) has no score in the panel")

    def years(rows: pd.DataFrame) -> set[int]:
        return {int(y) for y in rows["year"].unique()}

    own = sorted(years(mine))
    first = int(start_year) if start_year is not None and start_year <= own[-1] else own[0]
    last = int(end_year) if end_year is not None else int(panel["year"].max())
    kind = mine["source_kind"] if "source_kind" in mine.columns else pd.Series("", index=mine.index)
    subs = mine["indicator"] != "pci"
    bench = years(mine[(kind == "official_workbook") & subs])
    return ProvinceYears(
        province=prov.name,
        code=prov.code,
        region=prov.region,
        slug=normalise_name(prov.name),
        own_years=tuple(own),
        data_last=int(panel["year"].max()),
        first=first,
        last=last,
        missing=tuple(y for y in range(first, last + 1) if y not in own),
        seed_years=tuple(sorted(years(mine[kind == "province_document"]))),
        composite_only=tuple(sorted(years(mine[~subs]) - years(mine[subs]))),
        bench_year=max(bench) if bench else None,
    )
