"""Compare provinces: where a province stands in a year, and against whom.

Every function takes the tidy PCI panel (``analysis.data.loaders.load_pci()``: year, province,
province_code, indicator, score, rank, tier, source, source_kind …) and returns a
DataFrame (the ``*_sources`` helpers: the source line of a table or figure). Nothing here reads
files except the province catalogue (regions) and, in :func:`check_seed_facts`, the curated seed
statements (``catalog_data/seed_statements.csv``). The sentences built from these tables are in
:mod:`analysis.outputs.narrative.compare`.

Conventions
- **rank**: 1 = best. For the composite it is VCCI's published rank; for a sub-index it is
  the rank the panel carries (computed from the scores), or computed here from the scores
  (ties share the better rank) where the panel has none.
- **n**: the number of provinces ranked that year for that indicator, counted on the
  official workbook rows. A year that only a seed document covers (Lai Châu 2019–2020)
  has no known ``n`` in the data, so its percentile is missing rather than invented.
- **percentile** = rank / n, in (0, 1]: the share of provinces ranked at or above the
  province. Small is good; 1/63 is the best of 63, 1.0 the last. It makes 2005 (42
  provinces), 2006–2008 (64) and 2009 on (63) comparable.
- A **full cross-section** is a year whose composite covers at least 90 % of the largest
  number of provinces in any year (2006–2018 here; not 2005 with 42, not 2019–2020 with
  Lai Châu alone, not a future top-30-only year).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.analyses.correlation import normal_quantile, pearson, spearman
from analysis.core.ranking import rank_desc  # the one ranking function (ties share the best rank)
from analysis.data import coverage, maps
from analysis.data.catalog import (
    COMPOSITE,
    INDICATORS,
    SUBINDICES,
    indicator_label,
    load_provinces,
    methodology_breaks,
    methodology_period_start,
    resolve_province,
)

# re-exported: notebooks call compare.latest_full_year, compare.describe_sources, ...
from analysis.data.coverage import (  # noqa: F401
    FULL_SHARE,
    full_years,
    latest_full_year,
    provinces_per_year,
    years_after_full,
)
from analysis.data.provenance import describe_sources  # noqa: F401
from analysis.data.seed_targets import (  # noqa: F401
    STATUS_AGREE,
    STATUS_DISAGREE,
    STATUS_NOT_COVERED,
    check_seed_claims,
    load_statements,
)

_REGION_COLS = ["province_code", "region", "region_en"]


# --------------------------------------------------------------------------- helpers
def _official(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of complete national cross-sections (:func:`analysis.data.coverage.cross_section`)."""
    return coverage.cross_section(df)


def _code(province: str) -> str:
    return resolve_province(province).code


def _regions() -> pd.DataFrame:
    return load_provinces()[_REGION_COLS]


def composite_counts(panel: pd.DataFrame) -> pd.Series:
    """Provinces with a composite score, per year."""
    return provinces_per_year(panel, COMPOSITE)


def default_base_year(year: int) -> int:
    """Notebook 02's default ``base_year``: the first year of the weights in force in ``year``
    (``catalog_data/weights.csv``: 2013 for 2018, 2022 for 2023), so that both composites are on
    one set of weights; when ``year`` itself opens a weights period (2013, 2022) there is nothing
    before it on the same weights, and the base is the year before (the page marks the break)."""
    first = methodology_period_start(year)
    return first if first < year else year - 1


def composite_rows(
    panel: pd.DataFrame, years: Iterable[int] | None = None, provinces: Iterable[str] | None = None
) -> pd.DataFrame:
    """The composite rows (of ``years``, of ``provinces`` if given): what a source line names."""
    keep = panel["indicator"] == COMPOSITE
    if years is not None:
        keep &= panel["year"].isin(list(years))
    if provinces is not None:
        keep &= panel["province"].isin(list(provinces))
    return panel[keep]


# --------------------------------------------------------------------------- cross-section
def cross_section(
    panel: pd.DataFrame, year: int, indicators: Sequence[str] | None = None, wide: bool = False
) -> pd.DataFrame:
    """Every province's composite and sub-indices in ``year``, with rank, n, percentile, tier, region.

    Tidy (default): one row per province × indicator with columns ``year, province,
    province_code, region, region_en, indicator, score, rank, n, percentile, tier,
    source, source_kind``; rows ordered by composite rank, then indicator order.

    ``wide=True``: one row per province, ordered by composite rank, with ``<code>``
    (score), ``<code>_rank`` and ``<code>_pct`` (percentile) for every indicator present,
    plus ``tier`` (the composite's published tier) and the region columns.
    """
    indicators = list(indicators) if indicators is not None else [COMPOSITE, *SUBINDICES]
    g = panel[(panel["year"] == year) & panel["indicator"].isin(indicators) & panel["score"].notna()].copy()
    if g.empty:
        raise ValueError(f"no PCI data for {year}")
    parts = []
    full = _official(panel[panel["year"] == year]) if "source_kind" not in panel.columns else _official(panel)
    full = full[full["year"] == year]
    for ind, h in g.groupby("indicator", sort=False):
        h = h.copy()
        rank = h["rank"] if "rank" in h.columns else pd.Series(pd.NA, index=h.index)
        off = full[full["indicator"] == ind]
        n = off["province_code"].nunique()
        if n:  # a complete cross-section: ranks computed where none is published
            computed = rank_desc(h["score"])
            h["rank"] = pd.Series(pd.array(rank, dtype="Int64"), index=h.index).fillna(computed)
        else:  # a handful of provinces (2020-2022 sub-indices): their own published rank only, no "of N"
            h["rank"] = pd.Series(pd.array(rank, dtype="Int64"), index=h.index)
        h["n"] = pd.array([n if n else pd.NA] * len(h), dtype="Int64")
        h["percentile"] = (h["rank"].astype("Float64") / h["n"].astype("Float64")).astype(float)
        parts.append(h)
    out = pd.concat(parts, ignore_index=True)
    if "tier" not in out.columns:
        out["tier"] = ""
    for col in ("source_file", "source_kind"):
        if col not in out.columns:
            out[col] = ""
    out = out.merge(_regions(), on="province_code", how="left")
    order = {c: i for i, c in enumerate(indicators)}
    comp_rank = out[out["indicator"] == COMPOSITE].set_index("province_code")["rank"]
    out["_o"] = out["province_code"].map(comp_rank).astype(float)
    out["_i"] = out["indicator"].map(order)
    out = out.sort_values(["_o", "province", "_i"]).drop(columns=["_o", "_i"])
    cols = [*maps.CROSS_SECTION_COLUMNS, "source_file", "source_kind"]
    out = out[cols].reset_index(drop=True)
    out["tier"] = out["tier"].fillna("")
    if not wide:
        return out
    base = out.drop_duplicates("province_code")[["year", "province", "province_code", "region", "region_en"]]
    w = base.set_index("province_code")
    for ind in indicators:
        h = out[out["indicator"] == ind].set_index("province_code")
        if h.empty:
            continue
        w[ind] = h["score"]
        w[f"{ind}_rank"] = h["rank"]
        w[f"{ind}_pct"] = h["percentile"]
    tiers = out[out["indicator"] == COMPOSITE].set_index("province_code")["tier"]
    w["tier"] = tiers.reindex(w.index).fillna("")
    return w.reset_index()


# --------------------------------------------------------------------------- peers
def _province_table(panel: pd.DataFrame) -> pd.DataFrame:
    present = panel[["province_code", "province"]].drop_duplicates("province_code")
    return present.merge(_regions(), on="province_code", how="left")


def region_peers(panel: pd.DataFrame, province: str, year: int | None = None) -> pd.DataFrame:
    """The other provinces of ``province``'s GSO region present in the panel (in ``year`` if given).

    Columns: province_code, province, region, region_en. The province itself is excluded.
    """
    me = resolve_province(province)
    p = panel if year is None else panel[(panel["year"] == year) & (panel["indicator"] == COMPOSITE)]
    tab = _province_table(p)
    out = tab[(tab["region"] == me.region) & (tab["province_code"] != me.code)]
    return out.sort_values("province").reset_index(drop=True)


def custom_peers(panel: pd.DataFrame, province: str, peers: Iterable[str]) -> pd.DataFrame:
    """A peer group named by hand (any spelling the catalogue resolves), checked against the panel."""
    me = resolve_province(province)
    codes = [p.code for p in map(resolve_province, peers) if p.code != me.code]
    tab = _province_table(panel).set_index("province_code")
    missing = [c for c in codes if c not in tab.index]
    if missing:
        raise KeyError(f"peer(s) not in the panel: {missing}")
    return tab.loc[codes].reset_index()


def similar_start_peers(
    panel: pd.DataFrame, province: str, base_year: int, k: int = 5, indicator: str = COMPOSITE
) -> pd.DataFrame:
    """The ``k`` provinces whose ``indicator`` score in ``base_year`` was closest to ``province``'s.

    Columns: province_code, province, region, region_en, score, base_score, distance
    (absolute score gap), ordered by distance (ties by name).
    """
    me = resolve_province(province)
    g = panel[(panel["year"] == base_year) & (panel["indicator"] == indicator) & panel["score"].notna()]
    mine = g.loc[g["province_code"] == me.code, "score"]
    if mine.empty:
        raise ValueError(f"{me.name} has no {indicator} score in {base_year}")
    others = g[g["province_code"] != me.code][["province_code", "province", "score"]].copy()
    others["base_score"] = float(mine.iloc[0])
    others["distance"] = (others["score"] - others["base_score"]).abs()
    others = others.sort_values(["distance", "province"]).head(k)
    return others.merge(_regions(), on="province_code", how="left")[
        ["province_code", "province", "region", "region_en", "score", "base_score", "distance"]
    ].reset_index(drop=True)


def peer_comparison(
    panel: pd.DataFrame, province: str, peers: pd.DataFrame | Iterable[str], indicator: str = COMPOSITE
) -> pd.DataFrame:
    """Year by year: the province's score against its peers' median, best and worst, and its place in the group.

    ``peers``: a peer table (from the functions above) or names. Columns: year, score,
    peer_median, peer_best, peer_worst, n_peers, place (1 = best of province + peers), group_size.
    """
    me = resolve_province(province)
    codes = (
        list(peers["province_code"]) if isinstance(peers, pd.DataFrame) else [resolve_province(p).code for p in peers]
    )
    g = panel[
        (panel["indicator"] == indicator) & panel["province_code"].isin([me.code, *codes]) & panel["score"].notna()
    ]
    rows = []
    for year, h in g.groupby("year"):
        mine = h.loc[h["province_code"] == me.code, "score"]
        pe = h.loc[h["province_code"] != me.code, "score"]
        score = float(mine.iloc[0]) if len(mine) else np.nan
        place = int(rank_desc(h["score"])[mine.index[0]]) if len(mine) else pd.NA
        rows.append(
            {
                "year": int(year),
                "score": score,
                "peer_median": pe.median() if len(pe) else np.nan,
                "peer_best": pe.max() if len(pe) else np.nan,
                "peer_worst": pe.min() if len(pe) else np.nan,
                "n_peers": int(len(pe)),
                "place": place,
                "group_size": int(len(pe) + len(mine)),
            }
        )
    out = pd.DataFrame(rows)
    if not out.empty:
        out["place"] = out["place"].astype("Int64")
    return out


def peer_table(panel: pd.DataFrame, provinces: Iterable[str], base_year: int, year: int, k: int = 5) -> pd.DataFrame:
    """Each province against two peer groups, in ``base_year`` and ``year``.

    The groups: its GSO region in ``year`` (:func:`region_peers`) and the ``k`` provinces closest to it in
    ``base_year`` (:func:`similar_start_peers`, "similar start <base_year>"). Columns: province, peer_group,
    year, peers (names), score, peer_median, place (1 = best of province + peers), group_size; a year in
    which the province has no score has no row.
    """
    rows = []
    two_years = panel[panel["year"].isin([base_year, year])]  # peer_comparison's rows are year by year
    for p in provinces:
        groups = {
            "region": region_peers(panel, p, year),
            f"similar start {base_year}": similar_start_peers(panel, p, base_year, k=k),
        }
        for name, peers in groups.items():
            pc = peer_comparison(two_years, p, peers)
            for y in (base_year, year):
                r = pc[pc["year"] == y]
                if len(r):
                    r = r.iloc[0]
                    rows.append(
                        {
                            "province": p,
                            "peer_group": name,
                            "year": y,
                            "peers": ", ".join(peers["province"]),
                            "score": r["score"],
                            "peer_median": r["peer_median"],
                            "place": r["place"],
                            "group_size": r["group_size"],
                        }
                    )
    return pd.DataFrame(rows).astype({"place": "Int64", "group_size": "Int64"})


def region_targets(targets: pd.DataFrame, provinces: Iterable[str]) -> pd.DataFrame:
    """The targets ``provinces`` set for their place within their GSO region (kind ``region_top_k``;
    ``targets``: ``analysis.load_targets()``)."""
    return targets[targets["province"].isin(list(provinces)) & (targets["kind"] == "region_top_k")]


def region_rank(panel: pd.DataFrame, province: str, year: int, indicator: str = COMPOSITE) -> pd.DataFrame:
    """Every province of ``province``'s region in ``year``, ranked within the region.

    Columns: year, province, province_code, region, region_en, score, national_rank, n,
    region_rank (1 = best in the region, by score; ties share the better rank), n_region,
    is_focus (the row of ``province``). Ordered by region rank.
    """
    me = resolve_province(province)
    xs = cross_section(panel, year, [indicator])
    reg = xs[xs["region"] == me.region].copy()
    if me.code not in set(reg["province_code"]):
        raise ValueError(f"{me.name} has no {indicator} score in {year}")
    reg["region_rank"] = rank_desc(reg["score"])
    reg["n_region"] = len(reg)
    reg["is_focus"] = reg["province_code"] == me.code
    reg = reg.rename(columns={"rank": "national_rank"}).sort_values(["region_rank", "province"])
    return reg[
        [
            "year",
            "province",
            "province_code",
            "region",
            "region_en",
            "score",
            "national_rank",
            "n",
            "region_rank",
            "n_region",
            "is_focus",
        ]
    ].reset_index(drop=True)


def region_ranks(panel: pd.DataFrame, provinces: Iterable[str], year: int, indicator: str = COMPOSITE) -> pd.DataFrame:
    """One row per province: its region, national rank of n, and rank within its region."""
    rows = [region_rank(panel, p, year, indicator).query("is_focus") for p in provinces]
    return pd.concat(rows, ignore_index=True).drop(columns="is_focus")


# --------------------------------------------------------------------------- frontier
def distance_to_frontier(panel: pd.DataFrame, year: int, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Per province and sub-index: 100 × (score − worst) / (best − worst) among that year's provinces.

    100 = the best province that year (the frontier), 0 = the worst. Tidy columns: year,
    province, province_code, indicator, score, best, worst, distance. A sub-index on which
    every province scores the same gives NaN, never a division by zero.
    """
    indicators = list(indicators) if indicators is not None else list(SUBINDICES)
    g = panel[(panel["year"] == year) & panel["indicator"].isin(indicators) & panel["score"].notna()]
    if g.empty:
        raise ValueError(f"no sub-index scores for {year}")
    g = g[["year", "province", "province_code", "indicator", "score"]].copy()
    # the frontier is set by the official cross-section, not by a seed-only province
    ref = _official(panel[(panel["year"] == year) & panel["indicator"].isin(indicators) & panel["score"].notna()])
    ref = ref if not ref.empty else g
    stats = ref.groupby("indicator")["score"].agg(best="max", worst="min")
    g = g.join(stats, on="indicator")
    span = (g["best"] - g["worst"]).replace(0, np.nan)
    g["distance"] = 100 * (g["score"] - g["worst"]) / span
    return g.reset_index(drop=True)


def frontier_table(panel: pd.DataFrame, provinces: Sequence[str], year: int, lang: str = "vi") -> pd.DataFrame:
    """:func:`distance_to_frontier` of ``provinces`` in ``year``: one row per sub-index (its label in
    ``lang``, in catalogue order), one column per province (in the order given)."""
    dtf = distance_to_frontier(panel, year)
    out = (
        dtf[dtf["province"].isin(provinces)]
        .pivot(index="indicator", columns="province", values="distance")
        .reindex(index=[c for c in SUBINDICES if c in set(dtf["indicator"])], columns=list(provinces))
    )
    out.index = [indicator_label(c, lang) for c in out.index]
    return out


# --------------------------------------------------------------------------- mobility
def rank_mobility(panel: pd.DataFrame, first_year: int, last_year: int, indicator: str = COMPOSITE) -> pd.DataFrame:
    """Change in rank, percentile and score between two years for every province present in both.

    Columns: province, province_code, region, rank_first, rank_last, n_first, n_last,
    rank_change (rank_first − rank_last: positive = moved up), pct_first, pct_last,
    pct_change (pct_first − pct_last: positive = moved up), score_first, score_last,
    score_change, breaks (methodology breaks in between, e.g. "2009, 2013": scores
    across a break are not on the same scale; ranks and percentiles are).
    """
    a = cross_section(panel, first_year, [indicator])
    b = cross_section(panel, last_year, [indicator])
    keep = ["province_code", "rank", "n", "percentile", "score"]
    m = a[["province", "province_code", "region"] + keep[1:]].merge(
        b[keep], on="province_code", suffixes=("_first", "_last")
    )
    m = m.rename(columns={"percentile_first": "pct_first", "percentile_last": "pct_last"})
    m["rank_change"] = (m["rank_first"] - m["rank_last"]).astype("Int64")
    m["pct_change"] = m["pct_first"] - m["pct_last"]
    m["score_change"] = m["score_last"] - m["score_first"]
    m["breaks"] = ", ".join(str(br.year) for br in methodology_breaks(first_year, last_year))
    m["first_year"], m["last_year"] = first_year, last_year
    cols = [
        "first_year",
        "last_year",
        "province",
        "province_code",
        "region",
        "rank_first",
        "rank_last",
        "n_first",
        "n_last",
        "rank_change",
        "pct_first",
        "pct_last",
        "pct_change",
        "score_first",
        "score_last",
        "score_change",
        "breaks",
    ]
    return m[cols].sort_values(["rank_change", "province"], ascending=[False, True]).reset_index(drop=True)


def biggest_movers(mobility: pd.DataFrame, n: int = 5, by: str = "pct_change") -> pd.DataFrame:
    """The ``n`` biggest risers and ``n`` biggest fallers of a :func:`rank_mobility` table.

    ``by``: ``pct_change`` (default; fair when the number of provinces changed),
    ``rank_change`` or ``score_change``. Adds ``direction`` ("up"/"down").
    """
    m = mobility.dropna(subset=[by])
    up = m[m[by] > 0].sort_values([by, "province"], ascending=[False, True]).head(n).assign(direction="up")
    down = m[m[by] < 0].sort_values([by, "province"], ascending=[True, True]).head(n).assign(direction="down")
    return pd.concat([up, down], ignore_index=True)


# --------------------------------------------------------------------------- PAPI
def fisher_ci(r: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval of a Pearson correlation through Fisher's z (NaN when n < 4)."""
    if n is None or n < 4 or not np.isfinite(r):
        return (math.nan, math.nan)
    r = min(max(r, -0.9999999), 0.9999999)
    z = math.atanh(r)
    half = normal_quantile(0.5 + level / 2) / math.sqrt(n - 3)
    return (math.tanh(z - half), math.tanh(z + half))


def papi_years(papi: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in papi["year"].dropna().unique())


def common_year(panel: pd.DataFrame, papi: pd.DataFrame) -> int:
    """The latest year with both a full PCI cross-section and PAPI scores."""
    both = set(full_years(panel)) & set(papi_years(papi))
    if not both:
        raise ValueError("PCI and PAPI share no year")
    return max(both)


def papi_main_dimensions(papi: pd.DataFrame) -> pd.DataFrame:
    """The PAPI rows of the main dimensions (``level == "dimension"``: no sub-dimensions, no total)."""
    if "level" not in papi.columns:
        return papi
    return papi[papi["level"] == "dimension"]


def pci_papi_pairs(panel: pd.DataFrame, papi: pd.DataFrame, year: int, indicator: str = COMPOSITE) -> pd.DataFrame:
    """One row per province × PAPI main dimension with both scores in ``year`` (matched on province code)."""
    pci = panel[(panel["year"] == year) & (panel["indicator"] == indicator) & panel["score"].notna()]
    pap = papi_main_dimensions(papi)
    pap = pap[(pap["year"] == year) & pap["score"].notna()]
    m = pap[["province_code", "dimension", "score"]].merge(
        pci[["province_code", "province", "score"]], on="province_code", suffixes=("_papi", "_pci")
    )
    return m.merge(_regions(), on="province_code", how="left")


def pci_papi_correlation(
    panel: pd.DataFrame,
    papi: pd.DataFrame,
    year: int | None = None,
    indicators: Sequence[str] = (COMPOSITE,),
    level: float = 0.95,
) -> pd.DataFrame:
    """Correlation across provinces between PCI indicators and each PAPI main dimension in one year.

    Columns: year, indicator, dimension, n, pearson_r, ci_low, ci_high (Fisher z, ``level``),
    p_value (Pearson), spearman_rho. ``year`` defaults to :func:`common_year`. Provinces
    are matched on province code; a province missing from either side is left out (see n).
    """
    year = common_year(panel, papi) if year is None else year
    rows = []
    for ind in indicators:
        pairs = pci_papi_pairs(panel, papi, year, ind)
        for dim, h in pairs.groupby("dimension", sort=False):
            n = len(h)
            if n >= 3 and h["score_pci"].nunique() > 1 and h["score_papi"].nunique() > 1:
                r, p = pearson(h["score_pci"], h["score_papi"])  # scipy.stats.pearsonr, bit for bit
                rho = spearman(h["score_pci"], h["score_papi"])  # scipy.stats.spearmanr
            else:
                r = p = rho = math.nan
            lo, hi = fisher_ci(float(r), n, level)
            rows.append(
                {
                    "year": year,
                    "indicator": ind,
                    "dimension": dim,
                    "n": n,
                    "pearson_r": float(r),
                    "ci_low": lo,
                    "ci_high": hi,
                    "p_value": float(p),
                    "spearman_rho": float(rho),
                }
            )
    if not rows:
        raise ValueError(f"no province has both PCI and PAPI scores in {year}")
    return pd.DataFrame(rows)


def pci_papi_table(
    panel: pd.DataFrame,
    papi: pd.DataFrame,
    dimensions: pd.DataFrame,
    year: int,
    indicators: Sequence[str] | None = None,
) -> pd.DataFrame:
    """:func:`pci_papi_correlation` of every indicator (default: composite and sub-indices) in ``year``, with
    the PAPI dimension's English name (``dimension_name``, from ``load_papi_dimensions()``) after ``dimension``."""
    corr = pci_papi_correlation(panel, papi, year, indicators=INDICATORS if indicators is None else indicators)
    corr.insert(3, "dimension_name", corr["dimension"].map(dimensions.set_index("dimension")["name_en"]))
    return corr


def pci_papi_sources(
    panel: pd.DataFrame, papi: pd.DataFrame, year: int, indicators: Sequence[str] = (COMPOSITE,), regions: bool = False
) -> str:
    """The source line of a PCI–PAPI table or figure: the PCI rows of ``indicators`` and the PAPI main
    dimensions in ``year`` (and the GSO regions)."""
    pap = papi_main_dimensions(papi)
    return describe_sources(
        panel[(panel["year"] == year) & panel["indicator"].isin(list(indicators))],
        papi=pap[pap["year"] == year],
        regions=regions,
    )


# --------------------------------------------------------------------------- seed facts
SEED_FACTS_GROUP = "pci_composite_ranks"  # PCI composite ranks the seed documents state


def check_seed_facts(panel: pd.DataFrame, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each PCI composite rank a seed document states, one row per year, against the panel.

    The statements live in ``catalog_data/seed_statements.csv`` (group
    :data:`SEED_FACTS_GROUP`); the check is :func:`analysis.data.seed_targets.check_seed_claims`
    (columns :data:`analysis.data.seed_targets.CLAIM_COLUMNS`).
    """
    return check_seed_claims(panel, load_statements(SEED_FACTS_GROUP) if statements is None else statements)


# --------------------------------------------------------------------------- sources
def seed_facts_sources(panel: pd.DataFrame, facts: pd.DataFrame) -> str:
    """The source line of a :func:`check_seed_facts` table: the seed files and the composite rows checked."""
    rows = panel[
        (panel["indicator"] == COMPOSITE)
        & panel["province"].isin(facts["province"])
        & panel["year"].isin(facts["year"])
    ]
    return "seed documents " + ", ".join(sorted(facts["file"].unique())) + "; " + describe_sources(rows)


def sources_34(rows: pd.DataFrame) -> str:
    """The source line of a 34-unit figure: the 63-province rows behind it, the units and the weights."""
    return (
        f"{describe_sources(rows)}; aggregated to the 34 units of Resolution 202/2025/QH15 "
        f"({maps.UNITS_TABLE}), weights: population 2016, {maps.POPULATION_FILE} sheet {maps.POPULATION_SHEET}"
    )
