"""Target reachability on top of :mod:`analysis.project`: verdicts, observability, caveats.

:mod:`analysis.project` simulates scores and ranks and gives each target a probability per
method.  This module turns those numbers into what the target-reachability notebook says:

* :func:`verdict_band` / :func:`verdict_label`: a plain-language band from a probability
  (``likely`` at >= :data:`LIKELY_AT`, ``unlikely`` at <= :data:`UNLIKELY_AT`, otherwise
  ``uncertain``);
* :func:`target_rank_range` and :func:`observability`: from PCI 2023 VCCI publishes only the
  top :data:`PUBLISHED_TOP` provinces, so whether a target can be *seen* to be met depends on
  its rank range against 30 (``full``, ``only_if_met``, ``none``);
* :func:`pci_targets`: the seed targets the PCI panel can evaluate (and why the others cannot);
* :func:`evaluate`: :func:`analysis.project.evaluate_targets` for those targets, plus the
  "rank 1 every year" reading of Quảng Ninh's target, the probability of being met *and*
  published, verdicts, observability and the historical share of 5-year windows that achieved
  the required pace;
* :func:`target_score_band`: the scores that gave a rank target's ranks in the latest common
  cross-section (the band shaded on the fan chart);
* :func:`calibration_table` / :func:`reliability_table`: nominal vs empirical coverage of the
  projection intervals at several levels, and the reliability of "ends in the top k"
  probabilities, from pseudo-out-of-sample projections (the same origins as the backtest);
* :func:`caveats`: the caveats the notebook states, worded from the data.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

import numpy as np
import pandas as pd

from . import catalog
from .coverage import later_observations, provinces_per_year  # noqa: F401
from .provenance import years_text  # noqa: F401
from .project import (
    METHODS,
    TARGET_KINDS,
    indicator_frame,
    normalise_methods,
    score_for_rank,
    common_last_year,
    cross_section_shift,
    evaluate_targets,
    gain_distribution,
    project,
)

# --------------------------------------------------------------------------- verdict bands
LIKELY_AT = 0.70  # probability >= 0.70: "likely"
UNLIKELY_AT = 0.30  # probability <= 0.30: "unlikely"
VERDICTS = ("likely", "uncertain", "unlikely")
_VERDICT_TEXT = {
    "likely": ("có khả năng đạt", "likely"),
    "uncertain": ("chưa chắc chắn", "uncertain"),
    "unlikely": ("khó đạt", "unlikely"),
    "no data": ("không có số liệu", "no data"),
}


def verdict_band(probability: float | None, likely_at: float = LIKELY_AT,
                 unlikely_at: float = UNLIKELY_AT) -> str:
    """'likely' (p >= 0.70), 'unlikely' (p <= 0.30), 'uncertain' in between, 'no data' for NaN."""
    if not likely_at > unlikely_at:
        raise ValueError("likely_at must be above unlikely_at")
    if probability is None or (isinstance(probability, float) and math.isnan(probability)) or pd.isna(probability):
        return "no data"
    p = float(probability)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability {p} is outside [0, 1]")
    if p >= likely_at:
        return "likely"
    if p <= unlikely_at:
        return "unlikely"
    return "uncertain"


def verdict_label(band: str, lang: catalog.Lang = "vi") -> str:
    """The band in words: 'có khả năng đạt' / 'likely', 'chưa chắc chắn' / 'uncertain', ..."""
    vi, en = _VERDICT_TEXT[band]
    return catalog.text(vi, en, lang)


def verdict_rule(lang: catalog.Lang = "vi") -> str:
    """The rule itself, in words, with the thresholds (for the notebook's prose)."""
    return catalog.text(
        f"xác suất ≥ {LIKELY_AT:.0%}: «{verdict_label('likely', 'vi')}»; ≤ {UNLIKELY_AT:.0%}: "
        f"«{verdict_label('unlikely', 'vi')}»; ở giữa: «{verdict_label('uncertain', 'vi')}»",
        f"probability ≥ {LIKELY_AT:.0%}: *likely*; ≤ {UNLIKELY_AT:.0%}: *unlikely*; in between: *uncertain*",
        lang)


# --------------------------------------------------------------------------- top-30 policy
PUBLISHED_TOP = 30  # from PCI 2023 VCCI publishes only the top 30 provinces
TOP_ONLY_FROM = next(b.year for b in catalog.METHODOLOGY_BREAKS if "30" in b.en)
RANK_KINDS = ("rank_band", "top_k", "keep_first")
OBSERVABILITY = ("full", "only_if_met", "conditional", "none")
_OBS_TEXT = {
    "full": ("quan sát được", "observable"),
    "only_if_met": ("chỉ thấy được nếu vào top 30", "visible only if in the top 30"),
    "conditional": ("chỉ thấy được nếu tỉnh vào top 30", "visible only if the province is in the top 30"),
    "none": ("không quan sát được", "not observable"),
}


def observability_label(code: str, lang: catalog.Lang = "vi") -> str:
    vi, en = _OBS_TEXT[code]
    return catalog.text(vi, en, lang)


def n_of(unit: str | None, default: int | None = None) -> int | None:
    """The N of a rank unit such as 'rank (of 63)' (None if the unit names none)."""
    m = re.search(r"of\s+(\d+)", str(unit or ""))
    return int(m.group(1)) if m else default


def target_rank_range(kind: str, value_low=None, value_high=None) -> tuple[float, float]:
    """National rank range (best, worst) a target asks for: rank_band lo-hi, top_k 1-k,
    keep_first 1-1.  NaN for region and score targets (no national rank range)."""
    if kind == "rank_band":
        lo = float(value_low) if pd.notna(value_low) else 1.0
        return lo, float(value_high)
    if kind == "top_k":
        return 1.0, float(value_high if pd.notna(value_high) else value_low)
    if kind == "keep_first":
        return 1.0, 1.0
    return float("nan"), float("nan")


def observable_under_policy(kind: str, rank_low: float, rank_high: float, target_year: int,
                            top: int = PUBLISHED_TOP, from_year: int = TOP_ONLY_FROM) -> str:
    """Can a published ranking show whether the target was met?

    'full': every rank in the target range is published (``rank_high <= top``), or the year
    predates the policy; 'only_if_met': the range straddles ``top`` - a rank inside it up to
    ``top`` is visible, but a province missing from the list could be anywhere from top+1 to
    the last place, in or out of the range; 'none': the whole range lies below the published
    list (``rank_low > top``); 'conditional': region and score targets, which can be checked
    only when the province itself is in the published top ``top``.
    """
    if int(target_year) < from_year:
        return "full"
    if kind not in RANK_KINDS or pd.isna(rank_low) or pd.isna(rank_high):
        return "conditional"
    if rank_high <= top:
        return "full"
    if rank_low > top:
        return "none"
    return "only_if_met"


def observability(targets: pd.DataFrame, top: int = PUBLISHED_TOP, from_year: int = TOP_ONLY_FROM,
                  n_provinces: int | None = None) -> pd.DataFrame:
    """One row per target: target_id, province, index, kind, target_year, rank_low, rank_high,
    n_of (the N the seed's rank refers to), pct_low, pct_high (rank / N), observable (code)."""
    rows = []
    for _, r in targets.iterrows():
        lo, hi = target_rank_range(r["kind"], r.get("value_low"), r.get("value_high"))
        n = n_of(r.get("unit"), n_provinces)
        rows.append({"target_id": r["target_id"], "province": r["province"], "index": r["index"],
                     "kind": r["kind"], "target_year": int(r["target_year"]), "rank_low": lo, "rank_high": hi,
                     "n_of": n,
                     "pct_low": lo / n if n and pd.notna(lo) else float("nan"),
                     "pct_high": hi / n if n and pd.notna(hi) else float("nan"),
                     "observable": observable_under_policy(r["kind"], lo, hi, int(r["target_year"]), top, from_year)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- which targets
def _panel_index(index: str, panel: pd.DataFrame) -> str | None:
    """The panel indicator a target's index refers to, or None if the panel lacks it."""
    idx = str(index)
    if idx.lower() == "pci_subindex_each":
        return "pci_subindex_each" if panel["indicator"].isin(catalog.SUBINDICES).any() else None
    ind = "pci" if idx.lower() == "pci" else idx
    return ind if (panel["indicator"] == ind).any() else None


def pci_targets(targets: pd.DataFrame, panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the seed targets into those the PCI panel can evaluate and the rest.

    Evaluable: a kind :func:`analysis.project.evaluate_targets` knows and an index the panel
    holds (the composite, a sub-index, or 'each sub-index').  Returns ``(evaluable, other)``;
    ``other`` has a ``reason`` column ('index not in the PCI panel', 'not a rank or score
    target', ...).
    """
    t = targets.copy()
    ind = t["index"].map(lambda i: _panel_index(i, panel))
    kind_ok = t["kind"].isin(TARGET_KINDS)
    ok = kind_ok & ind.notna()
    other = t[~ok].copy()
    other["reason"] = np.where(~other["kind"].isin(TARGET_KINDS),
                               "kind '" + other["kind"].astype(str) + "' is not a rank or score target",
                               "index '" + other["index"].astype(str) + "' is not in the PCI panel")
    return t[ok].reset_index(drop=True), other.reset_index(drop=True)


def region_map() -> dict[str, str]:
    """province_code -> GSO region (catalogue)."""
    prov = catalog.load_provinces()
    return dict(zip(prov["province_code"].astype(str), prov["region"]))


# --------------------------------------------------------------------------- evaluation
RESULT_COLUMNS = ["province", "target_id", "target", "method", "target_year", "probability", "median_rank",
                  "rank_p10", "rank_p90", "median_score", "required_annual_gain", "historical_annual_gain"]
EXTRA_COLUMNS = ["label", "index", "kind", "verdict", "probability_at_least", "verdict_at_least", "observable", "probability_met_and_published",
                 "share_windows_achieving", "rank_low", "rank_high", "pct_low", "pct_high", "source"]


def _share_achieving(panel: pd.DataFrame, ind: str, required: float, span: int,
                     cache: dict) -> tuple[float, int]:
    if ind not in cache:
        cache[ind] = gain_distribution(panel, ind, span=span)["annual_gain"].to_numpy(float)
    g = cache[ind]
    if not len(g) or pd.isna(required):
        return float("nan"), len(g)
    return float(np.mean(g >= required - 1e-12)), len(g)


def evaluate(panel: pd.DataFrame, targets: pd.DataFrame, *, method: str | Sequence[str] = "all",
             draws: int = 10_000, seed: int | None = 0, window=None, span: int = 5,
             top: int = PUBLISHED_TOP, lang: catalog.Lang = "vi") -> pd.DataFrame:
    """Probability per target and method, with verdicts and observability.

    ``targets``: rows of the seed targets table the panel can evaluate (:func:`pci_targets`).
    Readings (stated in the notebook):

    * ``probability`` is the target as written (rank 45-55: inside the band; +0.3 to +0.8
      points a year: inside that band); ``probability_at_least`` is the "at least" reading
      (rank 55 or better; at least +0.3 a year) - doing better than a band is hardly a failure;
    * keep_first ('stay first every year'): two rows - rank 1 in the target year, and rank 1
      in *every* projected year up to it (target text '... every year');
    * probability_met_and_published: P(met and national rank <= ``top``) for rank targets
      in years of the top-30 policy (NaN for region and score targets).

    Columns: :data:`RESULT_COLUMNS` then :data:`EXTRA_COLUMNS`.
    """
    methods = normalise_methods(method)
    t = targets.copy()
    t["target_year"] = t["target_year"].astype(int)
    regions = region_map()
    base = evaluate_targets(panel, t, method=methods, draws=draws, seed=seed, window=window, regions=regions)
    # "at least": rank bands read as "rank <= worse end", score bands as "gain >= low end"
    # (same seed -> the same draws as the main evaluation)
    least_rows = []
    for _, r in t.iterrows():
        if r["kind"] == "rank_band":
            least_rows.append({**r.to_dict(), "target_id": r["target_id"] + "__least", "kind": "top_k",
                               "value_low": 1, "value_high": r["value_high"]})
        elif r["kind"] == "score_change_per_year" and pd.notna(r.get("value_high")):
            least_rows.append({**r.to_dict(), "target_id": r["target_id"] + "__least", "value_high": np.nan})
    least = {}
    if least_rows:
        le = evaluate_targets(panel, pd.DataFrame(least_rows), method=methods, draws=draws, seed=seed,
                              window=window, regions=regions)
        least = {(tid.removesuffix("__least"), m, ind): p for tid, m, ind, p in
                 zip(le["target_id"], le["method"], le["index"], le["probability"])}
    base["probability_at_least"] = [least.get((tid, m, ind), p) for tid, m, ind, p in
                                    zip(base["target_id"], base["method"], base["index"], base["probability"])]
    # P(met and published): the same targets with the range cut at `top`
    pub_rows = []
    for _, r in t.iterrows():
        lo, hi = target_rank_range(r["kind"], r.get("value_low"), r.get("value_high"))
        if r["kind"] in RANK_KINDS and int(r["target_year"]) >= TOP_ONLY_FROM and pd.notna(hi) and lo <= top:
            pub_rows.append({**r.to_dict(), "target_id": r["target_id"] + "__pub", "kind": "rank_band",
                             "value_low": lo, "value_high": min(hi, top)})
    pub = {}
    if pub_rows:
        pe = evaluate_targets(panel, pd.DataFrame(pub_rows), method=methods, draws=draws, seed=seed,
                              window=window, regions=regions)
        pub = {(tid.removesuffix("__pub"), m, ind): p for tid, m, ind, p in
               zip(pe["target_id"], pe["method"], pe["index"], pe["probability"])}
    meta = t.set_index("target_id")
    obs = observability(t, top=top).set_index("target_id")
    out = base.copy()
    out["kind"] = out["target_id"].map(meta["kind"])
    out["source"] = out["target_id"].map(meta["source"]) if "source" in meta else ""
    for c in ["rank_low", "rank_high", "pct_low", "pct_high", "observable"]:
        out[c] = out["target_id"].map(obs[c])
    out["probability_met_and_published"] = [
        pub.get((tid, m, ind), 0.0 if o == "none" else float("nan"))
        for tid, m, ind, o in zip(out["target_id"], out["method"], out["index"], out["observable"])]
    out.loc[out["observable"] == "full", "probability_met_and_published"] = out["probability"]
    # keep_first: also "rank 1 in every year up to the target year"
    extra = []
    for _, r in t[t["kind"] == "keep_first"].iterrows():
        ind = _panel_index(r["index"], panel)
        first_year = common_last_year(panel, ind) + 1
        years = list(range(first_year, int(r["target_year"]) + 1))
        pr = project(panel, target_years=years, method=methods, draws=draws, seed=seed, window=window,
                     indicator=ind)
        i = pr.province_index(r["province"])
        for m in methods:
            first_all = (pr.rank_draws[m][:, :, i] == 1).all(axis=1)
            row = out[(out["target_id"] == r["target_id"]) & (out["method"] == m)].iloc[0].to_dict()
            row["target"] = f"{ind}: rank 1 every year {years[0]}-{years[-1]}"
            row["probability"] = float(first_all.mean())
            row["probability_at_least"] = row["probability"]
            row["_every_from"] = years[0]
            row["probability_met_and_published"] = row["probability"]
            extra.append(row)
    if extra:
        out = pd.concat([out, pd.DataFrame(extra)], ignore_index=True)
    if "_every_from" not in out:
        out["_every_from"] = np.nan
    labels = []
    for _, r in out.iterrows():
        m = meta.loc[r["target_id"]]
        ind = r["index"]
        name = "PCI" if ind == "pci" else catalog.indicator_label(ind, lang)
        every = int(r["_every_from"]) if pd.notna(r["_every_from"]) else None
        labels.append(f"{name}: " + target_text(m["kind"], m.get("value_low"), m.get("value_high"), r["target_year"],
                                                 m.get("region") or None, lang, every_year_from=every))
    out["label"] = labels
    out = out.drop(columns=["_every_from"])
    out["verdict"] = out["probability"].map(verdict_band)
    out["verdict_at_least"] = out["probability_at_least"].map(verdict_band)
    cache: dict = {}
    shares = [_share_achieving(panel, ind, req, span, cache)[0]
              for ind, req in zip(out["index"], out["required_annual_gain"])]
    out["share_windows_achieving"] = shares
    order = {tid: k for k, tid in enumerate(t["target_id"])}
    out["_o"] = out["target_id"].map(order)
    out["_m"] = out["method"].map({m: k for k, m in enumerate(METHODS)})
    out = out.sort_values(["_o", "index", "target", "_m"], kind="stable").drop(columns=["_o", "_m"])
    return out[RESULT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def target_text(kind: str, value_low=None, value_high=None, target_year=None, region: str | None = None,
                lang: catalog.Lang = "vi", every_year_from: int | None = None) -> str:
    """A target in words: 'hạng 45–55 năm 2025' / 'rank 45–55 by 2025', 'top 40', 'tăng ≥ 0,3 điểm/năm', ..."""
    y = f" {int(target_year)}" if target_year is not None and pd.notna(target_year) else ""
    def f(x):
        return f"{float(x):g}"
    if kind == "rank_band":
        return catalog.text(f"hạng {int(value_low)}–{int(value_high)} năm{y}", f"rank {int(value_low)}–{int(value_high)} by{y}", lang)
    if kind == "top_k":
        k = int(value_high if pd.notna(value_high) else value_low)
        return catalog.text(f"top {k} năm{y}", f"top {k} by{y}", lang)
    if kind == "region_top_k":
        k = int(value_high if pd.notna(value_high) else value_low)
        reg = catalog.region_label(region, lang) if region in catalog.REGIONS_EN else str(region)
        return catalog.text(f"top {k} vùng {reg} năm{y}", f"top {k} of {reg} by{y}", lang)
    if kind == "keep_first":
        if every_year_from is not None:
            return catalog.text(f"hạng 1 mọi năm {every_year_from}–{int(target_year)}",
                                f"rank 1 every year {every_year_from}–{int(target_year)}", lang)
        return catalog.text(f"hạng 1 năm{y}", f"rank 1 in{y}", lang)
    if kind == "score_change_per_year":
        band = f"{f(value_low)}–{f(value_high)}" if pd.notna(value_high) else f"≥ {f(value_low)}"
        vi_band = band.replace(".", ",")
        return catalog.text(f"tăng {vi_band} điểm/năm đến{y}", f"+{band} points/yr to{y}", lang)
    return str(kind)


def summary_by_target(results: pd.DataFrame, default_method: str) -> pd.DataFrame:
    """One row per target (and index): the default method's probability and verdict, the
    range of probabilities across methods, and whether the methods agree on the verdict."""
    g = results.groupby(["province", "target_id", "target"], sort=False)
    rows = []
    for (prov, tid, tgt), d in g:
        dm = d[d["method"] == default_method]
        p = float(dm["probability"].iloc[0]) if len(dm) else float("nan")
        bands = set(d["probability"].map(verdict_band))
        rows.append({"province": prov, "target_id": tid, "target": tgt, "label": d["label"].iloc[0],
                     "target_year": int(d["target_year"].iloc[0]),
                     "probability_default": p, "verdict_default": verdict_band(p),
                     "probability_at_least_default": float(dm["probability_at_least"].iloc[0]) if len(dm) else float("nan"),
                     "probability_min": float(d["probability"].min()), "probability_max": float(d["probability"].max()),
                     "methods_agree": len(bands) == 1, "observable": d["observable"].iloc[0],
                     "median_rank": float(dm["median_rank"].iloc[0]) if len(dm) else float("nan"),
                     "rank_p10": float(dm["rank_p10"].iloc[0]) if len(dm) else float("nan"),
                     "rank_p90": float(dm["rank_p90"].iloc[0]) if len(dm) else float("nan"),
                     "required_annual_gain": float(d["required_annual_gain"].iloc[0]),
                     "historical_annual_gain": float(d["historical_annual_gain"].iloc[0]),
                     "share_windows_achieving": float(d["share_windows_achieving"].iloc[0])})
    return pd.DataFrame(rows)


def later_year_check(panel: pd.DataFrame, province: str, method: str | Sequence[str] = "all",
                     draws: int = 2_000, seed: int | None = 0, window=None, indicator: str = "pci") -> pd.DataFrame:
    """For each year after the common last year in which ``province`` alone is observed:
    its published rank there (panel ``rank``, e.g. seed 002's) against the rank the joint
    simulation gives it when its score is set to the observed value (median, p10, p90 per
    method).  A gap shows what the simulation cannot know: how everybody else moved."""
    last = common_last_year(panel, indicator)
    code = catalog.resolve_province(province).code
    d = panel[(panel["indicator"] == indicator) & (panel["province_code"] == code) & (panel["year"] > last)
              & panel["score"].notna()].sort_values("year")
    if d.empty:
        return pd.DataFrame(columns=["year", "method", "observed_score", "published_rank", "sim_median_rank",
                                     "sim_rank_p10", "sim_rank_p90", "source"])
    years = [int(y) for y in d["year"]]
    pr = project(panel, target_years=years, method=method, draws=draws, seed=seed, window=window, indicator=indicator)
    i = pr.province_index(province)
    rows = []
    for k, (_, r) in enumerate(d.iterrows()):
        for m in pr.methods:
            q = np.quantile(pr.ranks(m)[:, k, i], [0.5, 0.1, 0.9])
            rows.append({"year": int(r["year"]), "method": m, "observed_score": float(r["score"]),
                         "published_rank": r["rank"], "sim_median_rank": q[0], "sim_rank_p10": q[1],
                         "sim_rank_p90": q[2],
                         "source": f"{r['source_file']} {r['source_locator']}".strip()})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- target score band
def target_score_band(panel: pd.DataFrame, province: str, kind: str, value_low=None, value_high=None,
                      indicator: str = "pci", year: int | None = None,
                      region: str | None = None, shift_to_latest: bool = True) -> tuple[float, float]:
    """(low, high) score that gave the target's ranks in the cross-section of ``year``
    (default: the common last year), the province itself left out - the same convention as
    the required pace.  For top-k the high end is the best score of that year.  With
    ``shift_to_latest`` (default) the band is moved by :func:`analysis.project.cross_section_shift`
    into the terms of the province's latest observation (Lai Châu: 2020)."""
    df = indicator_frame(panel, indicator)
    year = common_last_year(panel, indicator) if year is None else int(year)
    cross = df[df["year"] == year].set_index("province_code")["score"]
    code = catalog.resolve_province(province).code
    if kind == "region_top_k":
        regs = region_map()
        reg = region if region else regs.get(code)
        cross = cross[[regs.get(c) == reg for c in cross.index]]
    lo_rank, hi_rank = target_rank_range("top_k" if kind == "region_top_k" else kind, value_low, value_high)
    if pd.isna(hi_rank):
        return float("nan"), float("nan")
    low = score_for_rank(cross, code, int(hi_rank))
    high = score_for_rank(cross, code, int(lo_rank)) if lo_rank > 1 else float(cross.drop(index=code, errors="ignore").max())
    if shift_to_latest:  # in the terms of the province's latest observation (see cross_section_shift)
        shift, _ = cross_section_shift(panel, province, indicator)
        low, high = low + shift, high + shift
    return low, high


# --------------------------------------------------------------------------- calibration
CALIBRATION_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def calibration_table(oos: pd.DataFrame, levels: Sequence[float] = CALIBRATION_LEVELS) -> pd.DataFrame:
    """Nominal vs empirical coverage per method (horizons pooled), from the per-province rows
    of ``backtest(..., detail=True, levels=levels)``: method, nominal, n,
    score_coverage, rank_coverage, n_origin_years (how many distinct target-year shocks the
    pairs rest on - the pairs of one year are not independent)."""
    rows = []
    for m, d in oos.groupby("method", sort=False):
        for lvl in levels:
            rows.append({"method": m, "nominal": lvl, "n": len(d),
                         "score_coverage": float(d[f"score_in_{lvl:g}"].mean()),
                         "rank_coverage": float(d[f"rank_in_{lvl:g}"].mean()),
                         "n_target_years": int((d["origin"] + d["horizon"]).nunique())})
    return pd.DataFrame(rows)


def reliability_table(oos: pd.DataFrame, bins: Sequence[float] = (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)) -> pd.DataFrame:
    """Reliability of P(top k): per method and probability bin, the mean forecast, the
    observed frequency and n."""
    d = oos.assign(bin=pd.cut(oos["p_top_k"], bins=list(bins), include_lowest=True))
    tab = (d.groupby(["method", "bin"], sort=False, observed=True)
             .agg(forecast=("p_top_k", "mean"), observed=("top_k", "mean"), n=("top_k", "size"))
             .reset_index())
    tab["_lo"] = tab["bin"].map(lambda b: b.left)
    tab["_m"] = tab["method"].map({m: k for k, m in enumerate(METHODS)})
    tab = tab.sort_values(["_m", "_lo"]).drop(columns=["_lo", "_m"]).reset_index(drop=True)
    tab["bin"] = tab["bin"].astype(str)
    return tab


# --------------------------------------------------------------------------- caveats


def caveats(panel: pd.DataFrame, targets_obs: pd.DataFrame, window: tuple[int, int],
            lang: catalog.Lang = "vi", top: int = PUBLISHED_TOP) -> list[str]:
    """The caveats, each a markdown paragraph worded from the data:

    1. what the projection conditions on (common last year; later single-province years);
    2. the top-30 publication policy and which targets it leaves observable;
    3. the number of provinces changes; rank targets read as percentiles.
    """
    T = lambda vi, en: catalog.text(vi, en, lang)  # noqa: E731
    last = common_last_year(panel)
    counts = provinces_per_year(panel)
    later = later_observations(panel)
    out = []
    cond_vi = (f"Dự báo xuất phát từ năm **{last}**, năm cuối cùng có số liệu của (gần như) mọi tỉnh "
               f"({int(counts.get(last, 0))} tỉnh); mô hình ước lượng trên giai đoạn {window[0]}–{window[1]}.")
    cond_en = (f"The projection starts from **{last}**, the last year (nearly) every province shares "
               f"({int(counts.get(last, 0))} provinces); the models are estimated on {window[0]}–{window[1]}.")
    if len(later):
        lv = "; ".join(f"{r.province} {r.years} ({r.source})" for r in later.itertuples())
        cond_vi += (f" Sau {last} chỉ có: {lv}. Mô phỏng dùng các năm này: mọi tỉnh được mô phỏng từ {last}, "
                    f"còn tỉnh có số liệu muộn hơn được gán đúng giá trị quan sát trong các năm đó rồi tiếp tục "
                    f"từ đấy. Các tỉnh khác không có số liệu sau {last}; khi năm đó có thứ hạng công bố của tỉnh, "
                    f"mọi tỉnh khác được dịch chung một lượng (cú sốc chung của năm) để tỉnh giữ đúng thứ hạng "
                    f"công bố — tức là phần điểm tăng chung của cả nước không bị tính là vượt hạng "
                    f"(các phương pháp giữ nguyên, tốc độ TB, gộp; phương pháp xu hướng chỉ ước lượng lại đường "
                    f"thẳng với các năm này).")
        cond_en += (f" After {last} the data hold only: {lv}. The simulation uses these years: every province is "
                    f"simulated from {last}, and a province with later data is set to its observed values in those "
                    f"years and continues from there. No other province has data after {last}; where the province's "
                    f"published rank for that year is known, every other province is shifted by one common amount "
                    f"(that year's common shock) so that the province holds its published rank — a gain everyone "
                    f"shared is not counted as overtaking (persistence, drift, pooled; the trend method only "
                    f"re-fits its line with these years).")
    out.append(T(cond_vi, cond_en))
    # observability
    ob = targets_obs[targets_obs["target_year"] >= TOP_ONLY_FROM]
    groups = {k: ob[ob["observable"] == k] for k in OBSERVABILITY}

    def lst(d):
        return ", ".join(f"`{r.target_id}` ({int(r.rank_low)}–{int(r.rank_high)})" if pd.notna(r.rank_low)
                         else f"`{r.target_id}`" for r in d.itertuples()) or "—"

    out.append(T(
        f"Từ PCI {TOP_ONLY_FROM}, VCCI chỉ công bố {top} tỉnh đứng đầu. Với các mục tiêu năm {years_text(ob['target_year'].unique())}: "
        f"**quan sát được** (khoảng thứ hạng nằm trọn trong top {top}): {lst(groups['full'])}; "
        f"**chỉ thấy được khi đạt trong top {top}** (khoảng thứ hạng vượt qua {top}): {lst(groups['only_if_met'])}; "
        f"**không quan sát được** (cả khoảng nằm dưới hạng {top}): {lst(groups['none'])}; "
        f"**chỉ kiểm tra được nếu tỉnh lọt top {top}** (mục tiêu theo vùng hay theo điểm): {lst(groups['conditional'])}.",
        f"From PCI {TOP_ONLY_FROM} VCCI publishes only the top {top} provinces. For the {years_text(ob['target_year'].unique())} "
        f"targets: **observable** (the rank range lies within the top {top}): {lst(groups['full'])}; "
        f"**visible only if met within the top {top}** (the range crosses {top}): {lst(groups['only_if_met'])}; "
        f"**not observable** (the whole range lies below rank {top}): {lst(groups['none'])}; "
        f"**checkable only if the province is in the top {top}** (region or score targets): {lst(groups['conditional'])}.",
    ))
    # number of provinces
    runs = []
    for n, g in counts.groupby(counts, sort=False):
        runs.append((int(n), list(g.index)))
    runs.sort(key=lambda x: x[1][0])
    rtxt = "; ".join(f"{years_text(ys)}: {n}" for n, ys in runs if len(ys) > 1 or n >= 0.5 * counts.max())
    ranked = targets_obs.dropna(subset=["pct_high"])
    ptxt = ", ".join(f"{int(r.rank_low)}–{int(r.rank_high)}/{int(r.n_of)} = {r.pct_low:.0%}–{r.pct_high:.0%}"
                     for r in ranked.drop_duplicates(["rank_low", "rank_high", "n_of"]).itertuples())
    out.append(T(
        f"Số tỉnh xếp hạng thay đổi theo năm (số tỉnh có điểm PCI: {rtxt}). Mục tiêu thứ hạng trong các văn bản là "
        f"«trên {int(ranked['n_of'].max()) if len(ranked) else '?'} tỉnh»; ở đây chúng được đổi thành phân vị (thứ hạng/N: {ptxt}) "
        f"và xác suất được tính trên thang {int(counts.get(last, 0))} tỉnh của năm {last}. Nếu số tỉnh thay đổi, "
        f"cùng một phân vị ứng với thứ hạng khác.",
        f"The number of ranked provinces changes (provinces with a PCI score: {rtxt}). The documents' rank targets are "
        f"'of {int(ranked['n_of'].max()) if len(ranked) else '?'}'; here they are read as percentiles (rank/N: {ptxt}) "
        f"and probabilities are computed on the {int(counts.get(last, 0))}-province scale of {last}. If the number of "
        f"provinces changes, the same percentile is a different rank.",
    ))
    return out
