"""How one province's ten PCI sub-indices have moved, and why its composite moved.

Every function takes the tidy panel (``analysis.data.loaders.load_pci()``: year, province,
province_code, indicator, score, rank, rank_kind, tier, source, source_kind) and returns a
DataFrame; nothing is read from disk here except the province catalogue. The sentences built from
these tables are in :mod:`analysis.outputs.narrative.trends`; the years a run shows in
:func:`analysis.data.coverage.province_years`.

National and regional benchmarks (median, quartiles, best) are computed only from complete
national cross-sections (:func:`analysis.data.coverage.cross_section`: the official workbooks, and for
the composite the research panel / official pages 2020–2022 and the derived 2023 composite): a
year that only a seed document or a few pages cover holds a handful of provinces, and its
"median" would mean nothing. Such years keep the province's own score and rank, with NaN
benchmarks.

Scores are compared within a methodology period only (see ``catalog.METHODOLOGY_BREAKS``);
every series row says which period it belongs to and whether a break lies just before it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.catalog import (
    COMPOSITE,
    INDICATORS,
    METHODOLOGY_BREAKS,
    SUBINDICES,
    indicator_label,
    load_provinces,
    load_weights,
    methodology_breaks,
    methodology_period,
    resolve_province,
    subindices_for_year,
    weights_for_year,
)
from analysis.data.coverage import cross_section
from analysis.data.periods import breaks_between, period_map
from analysis.data.provenance import source_line  # noqa: F401  (notebooks call trends.source_line)
from analysis.data.seed_targets import check_seed_claims, load_statements

CONSISTENT_SINCE = 2013  # start of the current methodology period (weights unchanged since)
MIN_TREND_YEARS = 4
TREND_CI_LEVEL = 0.90

_BREAKS = {b.year: b for b in METHODOLOGY_BREAKS}


# --------------------------------------------------------------------------- helpers
def _province_code(province: str) -> str:
    return resolve_province(province).code


def _official(panel: pd.DataFrame) -> pd.DataFrame:
    """Rows of complete national cross-sections (see :func:`analysis.data.coverage.cross_section`)."""
    return cross_section(panel)


def _mine(panel: pd.DataFrame, code: str) -> pd.DataFrame:
    return panel[panel["province_code"].astype(str) == code]


# --------------------------------------------------------------------------- series
def subindex_series(
    panel: pd.DataFrame,
    province: str,
    first_year: int | None = None,
    last_year: int | None = None,
    indicators: tuple[str, ...] = INDICATORS,
) -> pd.DataFrame:
    """One row per indicator (composite and sub-indices) and year, with national benchmarks.

    Columns: indicator, year, province, province_code, score, rank, rank_kind, n_provinces
    (provinces with a workbook score that year), national_median, national_p25,
    national_p75, national_best, region, region_median, region_n, methodology_period,
    break_before (a methodology break lies between the previous year and this one),
    break_label, measured (the indicator is part of that year's scheme), source, source_kind.

    Every year from ``first_year`` (default: the province's first year in the panel) to
    ``last_year`` (default: the panel's last year) gets a row; where the province has no
    value the score and rank are NaN, never zero.
    """
    prov = resolve_province(province)
    code = prov.code
    mine = _mine(panel, code)
    if mine.empty:
        raise ValueError(f"{prov.name} ({code}) has no rows in the panel")
    lo = int(mine["year"].min()) if first_year is None else int(first_year)
    hi = int(panel["year"].max()) if last_year is None else int(last_year)
    if lo > hi:
        raise ValueError(f"first_year {lo} is after last_year {hi}")
    years = list(range(lo, hi + 1))

    official = _official(panel)
    official = official[official["year"].between(lo, hi) & official["indicator"].isin(indicators)]
    official = official[official["score"].notna()]
    stats = official.groupby(["indicator", "year"])["score"].agg(
        n_provinces="count",
        national_median="median",
        national_p25=lambda s: s.quantile(0.25),
        national_p75=lambda s: s.quantile(0.75),
        national_best="max",
    )
    provs = load_provinces()
    region_codes = set(provs.loc[provs["region"] == prov.region, "province_code"].astype(str))
    reg = official[official["province_code"].astype(str).isin(region_codes)]
    reg_stats = reg.groupby(["indicator", "year"])["score"].agg(region_median="median", region_n="count")

    grid = pd.MultiIndex.from_product([list(indicators), years], names=["indicator", "year"])
    out = pd.DataFrame(index=grid)
    mine_i = mine.drop_duplicates(["indicator", "year"]).set_index(["indicator", "year"])
    out["province"] = prov.name
    out["province_code"] = code
    out["score"] = mine_i["score"].reindex(grid).astype(float)
    out["rank"] = mine_i["rank"].reindex(grid).astype("Int64") if "rank" in mine_i else pd.NA
    out["rank_kind"] = (
        mine_i["rank_kind"].reindex(grid) if "rank_kind" in mine_i else pd.Series(index=grid, dtype=object)
    )
    out = out.join(stats).join(reg_stats)
    out["n_provinces"] = out["n_provinces"].astype("Int64")
    out["region_n"] = out["region_n"].astype("Int64")
    out["region"] = prov.region
    out = out.reset_index()
    out["methodology_period"] = out["year"].map(methodology_period)
    out["break_before"] = out["year"].map(lambda y: y in _BREAKS and y > lo)
    out["break_label"] = out["year"].map(lambda y: _BREAKS[y].en if y in _BREAKS and y > lo else "")
    out["measured"] = [_measured(i, y) for i, y in zip(out["indicator"], out["year"])]
    src = mine_i["source_file"].reindex(grid) if "source_file" in mine_i else pd.Series(index=grid, dtype=object)
    kind = mine_i["source_kind"].reindex(grid) if "source_kind" in mine_i else pd.Series(index=grid, dtype=object)
    out["source_file"] = src.to_numpy()
    out["source_kind"] = kind.to_numpy()
    out["source_file"] = out["source_file"].fillna("")
    out["source_kind"] = out["source_kind"].fillna("")
    out["rank_kind"] = out["rank_kind"].fillna("")
    cols = [
        "indicator",
        "year",
        "province",
        "province_code",
        "score",
        "rank",
        "rank_kind",
        "n_provinces",
        "national_median",
        "national_p25",
        "national_p75",
        "national_best",
        "region",
        "region_median",
        "region_n",
        "methodology_period",
        "break_before",
        "break_label",
        "measured",
        "source_file",
        "source_kind",
    ]
    return out[cols]


def _measured(indicator: str, year: int) -> bool:
    """Whether ``indicator`` belongs to ``year``'s PCI scheme (policy bias: not 2009–2012)."""
    if indicator == COMPOSITE:
        return True
    if year == 2005:
        return True  # own scheme; whatever the panel holds for 2005
    return indicator != "policy_bias" or not (2009 <= year <= 2012)


# --------------------------------------------------------------------------- trends
def decomposable_years(
    panel: pd.DataFrame, province: str, first_year: int | None = None, last_year: int | None = None
) -> list[int]:
    """Years in which the province has the composite and every sub-index of that year's scheme (2006 on).

    A change of the composite can be split into sub-index contributions only between two such years
    (2020–2022 hold composites without sub-indices for most provinces).
    """
    mine = _mine(panel, _province_code(province))
    mine = mine[mine["score"].notna()]
    have = mine.groupby("year")["indicator"].agg(set)
    years = [
        int(y)
        for y, inds in have.items()
        if int(y) >= 2006 and "pci" in inds and set(subindices_for_year(int(y))) <= inds
    ]
    lo = first_year if first_year is not None else -1
    hi = last_year if last_year is not None else 10_000
    return sorted(y for y in years if lo <= y <= hi)


def default_window(panel: pd.DataFrame, province: str) -> tuple[int, int]:
    """The latest consistent-methodology window with enough years for a trend.

    The latest weight period (``catalog_data/weights.csv``) in which the province's composite has
    at least ``MIN_TREND_YEARS`` scores, from its first year to the province's last year inside it:
    2013–2021 in the committed data (the 2022- period holds only 2022 and 2023 so far, so a slope
    across the 2022 break would mix two weightings).
    """
    mine = _mine(panel, _province_code(province))
    mine = mine[mine["score"].notna()]
    if mine.empty:
        raise ValueError(f"{province}: no scores in the panel")
    years = mine.loc[mine["indicator"] == "pci", "year"] if (mine["indicator"] == "pci").any() else mine["year"]
    years = sorted({int(y) for y in years})
    w = load_weights().sort_values("first_year", ascending=False)
    for first, last in zip(w["first_year"], w["last_year"]):
        hi = int(last) if pd.notna(last) else 10_000
        inside = [y for y in years if int(first) <= y <= hi]
        if len(inside) >= MIN_TREND_YEARS:
            return int(first), max(inside)
    last = int(mine["year"].max())
    starts = [int(y) for y in load_weights()["first_year"] if int(y) <= last]
    return (max(starts) if starts else int(mine["year"].min())), last


def trend_window(panel: pd.DataFrame, province: str, start_year: int | None = None) -> tuple[int, int]:
    """The years a trend is fitted over - the one window rule of page 01, page 03 and the brief: never
    across a methodology break. ``start_year`` (notebook 01's) to the province's last year inside the
    weights period of ``start_year`` (``catalog_data/weights.csv``) when given and not after that
    year, else :func:`default_window`."""
    mine = _mine(panel, _province_code(province))
    own = sorted({int(y) for y in mine.loc[mine["score"].notna(), "year"]})
    if start_year is not None and start_year <= own[-1]:
        w = load_weights()
        hit = w[(w["first_year"] <= start_year) & (w["last_year"].isna() | (w["last_year"] >= start_year))]
        end = int(hit["last_year"].iloc[0]) if len(hit) and pd.notna(hit["last_year"].iloc[0]) else own[-1]
        inside = [y for y in own if int(start_year) <= y <= end]
        return int(start_year), (max(inside) if inside else int(start_year))
    return default_window(panel, province)


def province_rows(panel: pd.DataFrame, province: str, years=None) -> pd.DataFrame:
    """The province's rows with a score (in ``years`` if given): what its figures' source lines name."""
    mine = _mine(panel, _province_code(province))
    mine = mine[mine["score"].notna()]
    return mine if years is None else mine[mine["year"].isin(list(years))]


def shown_rows(panel: pd.DataFrame, province: str, first_year: int, last_year: int) -> pd.DataFrame:
    """The rows a province's charts over ``first_year``–``last_year`` draw on: the national cross-sections
    (the benchmarks) plus the province's own rows outside them (e.g. a provincial document)."""
    cross = _official(panel)
    mine = province_rows(panel, province)
    return pd.concat(
        [
            cross[cross["year"].between(first_year, last_year)],
            mine[mine["year"].between(first_year, last_year) & ~mine.index.isin(cross.index)],
        ]
    )


@dataclass(frozen=True)
class _Fit:
    slope: float
    lo: float
    hi: float


def _ols(years: np.ndarray, scores: np.ndarray, level: float, periods: np.ndarray | None = None) -> _Fit:
    """Slope of score on (centred) year and its ``level`` CI: ``statsmodels`` OLS of score on a constant
    and the centred year, ``fit().conf_int(1 - level)``. With ``periods`` (the methodology period of each
    year) holding more than one period, one constant per period instead (a level shift at each break: scores
    are not comparable across it), so the slope is learned inside the periods only.

    statsmodels is imported on first use, not with the module: measured on the 2-core machine (best of
    3 fresh processes), ``import statsmodels.regression.linear_model`` adds 2.8 s to the 1.4 s of pandas,
    numpy and scipy.special, and ``import analysis`` (1.9 s) loads this module in every kernel, test
    worker and command, most of which fit nothing.
    """
    from statsmodels.regression.linear_model import OLS  # lazy: +2.8 s per process (docstring)

    y = np.asarray(scores, dtype=float)
    labels = list(dict.fromkeys(periods)) if periods is not None else []
    if len(labels) > 1:
        consts = [(np.asarray(periods) == g).astype(float) for g in labels]
    else:
        consts = [np.ones(len(years))]  # add_constant(prepend)
    x = np.column_stack([*consts, years.astype(float) - years.mean()])
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # too few points for a CI: NaN bounds, as before
        res = OLS(y, x).fit()
        ci = res.conf_int(alpha=1 - level)
    k = len(consts)
    return _Fit(float(res.params[k]), float(ci[k, 0]), float(ci[k, 1]))


def subindex_trends(
    panel: pd.DataFrame,
    province: str,
    window: tuple[int, int] | None = None,
    indicators: tuple[str, ...] = INDICATORS,
    level: float = TREND_CI_LEVEL,
) -> pd.DataFrame:
    """OLS trend per indicator over ``window`` (default: :func:`default_window`).

    Columns: indicator, first_year, last_year, n_years, years (those with a score),
    first_score, last_score, slope_per_year and its ``level`` CI (ci_low, ci_high, from
    statsmodels OLS of score on year), avg_annual_change ((last − first) / years between),
    direction ("rising", "falling", "no clear trend", "too few years"), verdict (e.g.
    "rising (90% CI excludes 0, n=6)"), breaks_inside (methodology and publication breaks inside the
    window), source_kinds.

    A window across a change of weights (the default never crosses one: :func:`trend_window`) is adjusted,
    and the verdict says so: the OLS gets one constant per methodology period (the slope is learned inside
    the periods) and avg_annual_change sums each period's (last − first) over the years they span.

    Fewer than ``MIN_TREND_YEARS`` scores give no slope: with three points a 90% interval
    says nothing. Units: points per year on the indicator's own scale (0–10 sub-indices,
    0–100 composite).
    """
    lo, hi = window if window is not None else default_window(panel, province)
    code = _province_code(province)
    mine = _mine(panel, code)
    mine = mine[mine["year"].between(lo, hi) & mine["score"].notna()]
    pct = f"{level:.0%}"
    breaks = ", ".join(str(b.year) for b in methodology_breaks(lo, hi))
    weight_breaks = breaks_between("pci", lo, hi)  # the ones scores are not comparable across
    per = period_map("pci", range(lo, hi + 1))
    rows = []
    for ind in indicators:
        g = mine[mine["indicator"] == ind].drop_duplicates("year").sort_values("year")
        n = len(g)
        row = {
            "indicator": ind,
            "first_year": lo,
            "last_year": hi,
            "n_years": n,
            "years": ", ".join(str(int(y)) for y in g["year"]),
            "first_score": float(g["score"].iloc[0]) if n else np.nan,
            "last_score": float(g["score"].iloc[-1]) if n else np.nan,
            "slope_per_year": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "avg_annual_change": np.nan,
            "direction": "",
            "verdict": "",
            "breaks_inside": breaks,
            "source_kinds": ", ".join(sorted(set(g["source_kind"]))) if "source_kind" in g and n else "",
        }
        periods = g["year"].astype(int).map(per).to_numpy()
        rise = span = 0.0
        for _, part in g.groupby(periods, sort=False):  # each period's endpoints, never across a break
            if len(part) >= 2:
                rise += float(part["score"].iloc[-1]) - float(part["score"].iloc[0])
                span += int(part["year"].iloc[-1]) - int(part["year"].iloc[0])
        if span:
            row["avg_annual_change"] = rise / span
        n_fit = n - (len(set(periods)) - 1)  # one more constant per further period
        if n_fit < MIN_TREND_YEARS:
            row["direction"] = "too few years"
            row["verdict"] = f"too few years (n={n_fit} < {MIN_TREND_YEARS})"
        else:
            fit = _ols(g["year"].to_numpy(), g["score"].to_numpy(), level, periods)
            row.update(slope_per_year=fit.slope, ci_low=fit.lo, ci_high=fit.hi)
            if fit.lo > 0:
                row["direction"] = "rising"
                row["verdict"] = f"rising ({pct} CI excludes 0, n={n})"
            elif fit.hi < 0:
                row["direction"] = "falling"
                row["verdict"] = f"falling ({pct} CI excludes 0, n={n})"
            else:
                row["direction"] = "no clear trend"
                row["verdict"] = f"no clear trend ({pct} CI includes 0, n={n})"
        if weight_breaks and row["verdict"]:
            yrs = ", ".join(str(b) for b in weight_breaks)
            row["verdict"] += (
                f"; window crosses methodology break {yrs}, adjusted for: slope within each period, each its own level"
            )
        rows.append(row)
    return pd.DataFrame(rows)


VERDICT_VI = {
    "rising": "tăng",
    "falling": "giảm",
    "no clear trend": "không có xu hướng rõ",
    "too few years": "quá ít năm",
}


def direction_label(direction: str, lang: str = "vi") -> str:
    """'tăng' / 'rising', etc.; ``lang`` as in the catalogue."""
    vi = VERDICT_VI.get(direction, direction)
    return {"vi": vi, "en": direction, "both": f"{vi} / {direction}"}[lang]


# --------------------------------------------------------------------------- decomposition
def _scores(panel: pd.DataFrame, code: str, year: int) -> pd.Series:
    g = _mine(panel, code)
    g = g[g["year"] == year].drop_duplicates("indicator").set_index("indicator")
    return g["score"].astype(float)


def decompose_change(panel: pd.DataFrame, province: str, from_year: int, to_year: int) -> pd.DataFrame:
    """Split the change in the composite between two years into sub-index contributions.

    composite_t = 10 × Σ wᵢ(t) × sᵢ(t) + eₜ, where eₜ is what the published composite differs
    from its recomputation (rounding; the 2011 workbook; a seed's two decimals). Then

    Δcomposite = Σ 10 × wᵢ(to) × Δsᵢ                    (one row per sub-index, ``kind="sub-index"``)
               + Σ 10 × (wᵢ(to) − wᵢ(from)) × sᵢ(from)  (``kind="weight change"``, only across a break)
               + residual                                (``kind="residual"``, rounding)

    so that ``contribution.sum()`` equals the composite change exactly (the residual is
    defined as what is left). A sub-index not measured in ``from_year`` (policy bias
    2009–2012) has no Δs: its whole weighted score enters the weight-change row and its own
    row's contribution is NaN. A sub-index that carries weight but has no score raises
    ``ValueError`` (no silent zero). Columns: component, kind, weight_from, weight_to,
    score_from, score_to, score_change, contribution, from_year, to_year,
    composite_from, composite_to, composite_change, note.
    """
    code = _province_code(province)
    w0, w1 = weights_for_year(from_year), weights_for_year(to_year)
    s0, s1 = _scores(panel, code, from_year), _scores(panel, code, to_year)
    name = resolve_province(province).name
    for y, s in ((from_year, s0), (to_year, s1)):
        if pd.isna(s.get(COMPOSITE, np.nan)):
            raise ValueError(f"{name}: no PCI composite for {y} in the panel")
    c0, c1 = float(s0[COMPOSITE]), float(s1[COMPOSITE])
    same = methodology_period(from_year) == methodology_period(to_year)
    rows = []
    weight_effect = 0.0
    for ind in SUBINDICES:
        a, b = w0.get(ind, 0.0), w1.get(ind, 0.0)
        x0, x1 = s0.get(ind, np.nan), s1.get(ind, np.nan)
        for y, w, x in ((from_year, a, x0), (to_year, b, x1)):
            if w > 0 and pd.isna(x):
                raise ValueError(f"{name} {y}: {ind} carries weight {w:.0%} but has no score in the panel")
        note = ""
        if a > 0 and b > 0:
            contrib = 10 * b * (x1 - x0)
            if not same:
                weight_effect += 10 * (b - a) * x0
        elif b > 0:  # not in from_year's scheme: the whole term is a scheme change
            contrib = np.nan
            weight_effect += 10 * b * x1
            note = f"not measured in {from_year}; its weighted score is in the weight-change row"
        elif a > 0:
            contrib = np.nan
            weight_effect -= 10 * a * x0
            note = f"not measured in {to_year}; its weighted score is in the weight-change row"
        else:
            continue
        rows.append(
            {
                "component": ind,
                "kind": "sub-index",
                "weight_from": a if a > 0 else np.nan,
                "weight_to": b if b > 0 else np.nan,
                "score_from": x0,
                "score_to": x1,
                "score_change": x1 - x0,
                "contribution": contrib,
                "note": note,
            }
        )
    if not same:
        rows.append(
            {
                "component": "weight_change",
                "kind": "weight change",
                "contribution": weight_effect,
                "note": f"weights of {methodology_period(to_year)} instead of {methodology_period(from_year)}, "
                f"applied to the {from_year} scores",
            }
        )
    out = pd.DataFrame(rows)
    explained = float(np.nansum(out["contribution"]))
    residual = (c1 - c0) - explained
    out = pd.concat(
        [
            out,
            pd.DataFrame(
                [
                    {
                        "component": "residual",
                        "kind": "residual",
                        "contribution": residual,
                        "note": "published composites minus their recomputation from rounded sub-index scores",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    out["from_year"], out["to_year"] = from_year, to_year
    out["composite_from"], out["composite_to"], out["composite_change"] = c0, c1, c1 - c0
    out["note"] = out["note"].fillna("")
    cols = [
        "component",
        "kind",
        "weight_from",
        "weight_to",
        "score_from",
        "score_to",
        "score_change",
        "contribution",
        "from_year",
        "to_year",
        "composite_from",
        "composite_to",
        "composite_change",
        "note",
    ]
    return out[cols]


# --------------------------------------------------------------------------- leverage
def leverage_table(panel: pd.DataFrame, province: str, year: int, sort_by: str = "points_to_median") -> pd.DataFrame:
    """Where to push: composite points each sub-index could add in ``year``.

    Columns: indicator, weight, points_per_unit (composite points per +1.0 sub-index point
    = weight × 10), score, rank, rank_kind, n_provinces, national_median, best_score,
    best_province, gap_to_median (median − score; negative = above the median),
    gap_to_best, points_to_median (weight × 10 × max(gap to median, 0)), points_to_best
    (weight × 10 × gap to best). Sorted by ``sort_by`` (descending), then by weight.

    The median and the best come from the official workbooks; in a year only a seed covers
    they are NaN (the weights and the province's published ranks are still shown).
    """
    prov = resolve_province(province)
    weights = weights_for_year(year)
    mine = _scores(panel, prov.code, year)
    m = _mine(panel, prov.code)
    m = m[m["year"] == year].drop_duplicates("indicator").set_index("indicator")
    cross = _official(panel)
    cross = cross[(cross["year"] == year) & cross["score"].notna()]
    rows = []
    for ind, w in weights.items():
        c = cross[cross["indicator"] == ind]
        score = mine.get(ind, np.nan)
        med = float(c["score"].median()) if len(c) else np.nan
        if len(c):
            top = c.loc[c["score"].idxmax()]
            best, best_prov = float(top["score"]), str(top["province"])
        else:
            best, best_prov = np.nan, ""
        gap_med, gap_best = med - score, best - score
        rows.append(
            {
                "indicator": ind,
                "weight": w,
                "points_per_unit": w * 10,
                "score": score,
                "rank": m["rank"].get(ind, pd.NA) if "rank" in m else pd.NA,
                "rank_kind": m["rank_kind"].get(ind, "") if "rank_kind" in m else "",
                "n_provinces": len(c) if len(c) else pd.NA,
                "national_median": med,
                "best_score": best,
                "best_province": best_prov,
                "gap_to_median": gap_med,
                "gap_to_best": gap_best,
                "points_to_median": w * 10 * max(gap_med, 0.0) if pd.notna(gap_med) else np.nan,
                "points_to_best": w * 10 * max(gap_best, 0.0) if pd.notna(gap_best) else np.nan,
            }
        )
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    out["n_provinces"] = out["n_provinces"].astype("Int64")
    out["year"] = year
    return out.sort_values([sort_by, "weight"], ascending=False, na_position="last", kind="stable").reset_index(
        drop=True
    )


# --------------------------------------------------------------------------- rank vs score
def rank_vs_score(
    panel: pd.DataFrame, province: str, year: int, indicator: str | None = None, target_rank: int | None = None
) -> pd.DataFrame:
    """How far the province's score is from the score that held ``target_rank`` in ``year``.

    ``target_rank`` defaults to the next better rank (rank − 1). ``indicator=None`` gives
    one row per indicator of that year. The target score is the ``target_rank``-th best
    workbook score that year; to take that place the province must score strictly more
    (ties share a rank). Columns: indicator, year, score, rank, n_provinces, target_rank,
    target_score, target_province, score_gap (target − own; ≤ 0 means already there),
    composite_points (score_gap × weight × 10 for a sub-index; the gap itself for the
    composite), note.
    """
    prov = resolve_province(province)
    inds = (
        [indicator]
        if indicator is not None
        else [i for i in INDICATORS if (i == COMPOSITE or year < 2006 or i in weights_for_year(year))]
    )
    cross = _official(panel)
    cross = cross[(cross["year"] == year) & cross["score"].notna()]
    m = _mine(panel, prov.code)
    m = m[m["year"] == year].drop_duplicates("indicator").set_index("indicator")
    rows = []
    for ind in inds:
        c = cross[cross["indicator"] == ind].sort_values("score", ascending=False, kind="stable")
        score = float(m["score"].get(ind, np.nan)) if ind in m.index else np.nan
        rank = m["rank"].get(ind, pd.NA) if ind in m.index else pd.NA
        row = {
            "indicator": ind,
            "year": year,
            "score": score,
            "rank": rank,
            "n_provinces": len(c) if len(c) else pd.NA,
            "target_rank": pd.NA,
            "target_score": np.nan,
            "target_province": "",
            "score_gap": np.nan,
            "composite_points": np.nan,
            "note": "",
        }
        tr = target_rank if target_rank is not None else (int(rank) - 1 if pd.notna(rank) else None)
        if pd.isna(score):
            row["note"] = "no score for the province in this year"
        elif c.empty:
            row["note"] = "no national cross-section in the data for this year"
        elif tr is None or tr < 1:
            row["note"] = "already ranked first" if tr == 0 else "no rank to move from"
        elif tr > len(c):
            row["note"] = f"target rank {tr} is beyond the {len(c)} provinces ranked"
        else:
            t = c.iloc[tr - 1]
            gap = float(t["score"]) - score
            w = 1.0 if ind == COMPOSITE else (weights_for_year(year).get(ind, np.nan) * 10 if year >= 2006 else np.nan)
            row.update(
                target_rank=tr,
                target_score=float(t["score"]),
                target_province=str(t["province"]),
                score_gap=gap,
                composite_points=gap * w,
            )
            if gap <= 0:
                row["note"] = "already at or above the target score"
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in ("rank", "n_provinces", "target_rank"):
        out[col] = out[col].astype("Int64")
    return out


# --------------------------------------------------------------------------- seed statements
SEED_2020_GROUP = "laichau_2020_subindex_ranks"  # seed 002, Part 2 §3: the 2020 sub-index ranks in prose


def check_seed_rank_statements(panel: pd.DataFrame, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Lai Châu's 2020 sub-index ranks stated in seed 002 (Part 2 §3), against the panel.

    The statements live in ``catalog_data/seed_statements.csv`` (group
    :data:`SEED_2020_GROUP`); the check is :func:`analysis.data.seed_targets.check_seed_claims`
    (columns :data:`analysis.data.seed_targets.CLAIM_COLUMNS`, ``status`` agree / disagree /
    not covered by the data).
    """
    return check_seed_claims(panel, load_statements(SEED_2020_GROUP) if statements is None else statements)


# --------------------------------------------------------------------------- summary table
def summary_table(
    trend: pd.DataFrame, series: pd.DataFrame, decomposition: pd.DataFrame, leverage: pd.DataFrame, latest_year: int
) -> pd.DataFrame:
    """One row per indicator: its trend, its rank and weight in ``latest_year``, its contribution to the
    composite change and the composite points to the national median.

    Takes the outputs of :func:`subindex_trends`, :func:`subindex_series`, :func:`decompose_change`
    and :func:`leverage_table`. Columns: indicator, label (Vietnamese / English), first_year,
    last_year, n_years, first_score, last_score, slope_per_year, ci_low, ci_high, verdict,
    latest_year, latest_rank, weight, ``contribution_<from>_<to>``, ``points_to_median_<year>``.
    """
    latest = series[series["year"] == latest_year].set_index("indicator")
    out = trend.set_index("indicator")[
        [
            "first_year",
            "last_year",
            "n_years",
            "first_score",
            "last_score",
            "slope_per_year",
            "ci_low",
            "ci_high",
            "verdict",
        ]
    ].copy()
    out.insert(0, "label", [indicator_label(i, "both") for i in out.index])
    out["latest_year"] = latest_year
    out["latest_rank"] = latest["rank"].reindex(out.index)
    out["weight"] = pd.Series(weights_for_year(latest_year)).reindex(out.index)
    d_from, d_to = int(decomposition["from_year"].iloc[0]), int(decomposition["to_year"].iloc[0])
    out[f"contribution_{d_from}_{d_to}"] = decomposition.set_index("component")["contribution"].reindex(out.index)
    bench_year = int(leverage["year"].iloc[0])
    out[f"points_to_median_{bench_year}"] = leverage.set_index("indicator")["points_to_median"].reindex(out.index)
    return out.reset_index()
