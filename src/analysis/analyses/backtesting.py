"""Rolling-origin backtest of the projection methods on ranks, and the choice of the default.

From every origin year the data allow, the panel is cut at the origin, every method of
:func:`analysis.analyses.project.project` simulates all provinces jointly ``h = 1..7`` years ahead
(further where the data go), and the simulated ranks are scored against the ranks the
provinces actually got.  Ranks are taken among the provinces both projected and observed in
the target year and put on the 63-province scale (``ceil(rank / K * 63)``), so origins and
target years on either side of a methodology break are comparable (scores are not; the score
error is reported only within one methodology period).

Scores (lower is better, :mod:`analysis.analyses.scoring`): rank MAE of the median, rank CRPS, the 80%
interval score, coverage of the central 50/80/90% rank intervals, and the Brier and log score
of rank events - top 30 (VCCI's published list from 2023), top 40, and the bands of the seed
targets (:data:`EVENTS`).  Methods are compared on the forecasts every method made (the same
origin, horizon and province).

:func:`choose_default` applies the rule: among methods whose pooled 80% rank-interval coverage
is within ``tolerance`` (0.05) of 0.80, the lowest rank CRPS (ties: Brier top 30).  Skill
against persistence and climatology is ``1 - score / reference score`` with a bootstrap over
origins (all provinces and horizons of an origin move together).

``python -m analysis backtest`` runs it on the committed panel and writes
``data/projection_backtest.csv`` (origin x horizon x method), ``data/projection_skill.csv``
(per method, horizons pooled, with skill and intervals), ``data/projection_reliability.csv``
(reliability of P(top 30)) and ``data/projection_default.csv`` (the choice
:func:`analysis.analyses.project.default_method` reads).  With ``--papi`` the PAPI total is back-tested
the same way (indicator 'papi').
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.data import catalog
from analysis.analyses import scoring
from analysis.analyses.project import (
    COMMON_YEAR_SHARE,
    METHODS,
    RANK_METHODS,
    indicator_frame,
    project,
    rank_desc,
    normalise_methods,
)

N_REF = 63  # ranks are reported on the 63-province scale
LEVELS = (0.5, 0.8, 0.9)
HORIZONS = tuple(range(1, 8))
# rank events scored (name, best rank, worst rank on the 63 scale): VCCI's top-30 list, the
# seed targets' bands (data/seed_targets.csv: Hà Tĩnh top 20, Điện Biên top 40/35, Lai Châu
# 45-55, 50-55, 40-45 and their "at least" readings, Quảng Ninh first)
EVENTS: tuple[tuple[str, int, int], ...] = (
    ("top30", 1, 30), ("top40", 1, 40), ("top1", 1, 1), ("top20", 1, 20), ("top35", 1, 35),
    ("rank45_55", 45, 55), ("rank50_55", 50, 55), ("rank40_45", 40, 45), ("top55", 1, 55), ("top45", 1, 45),
)
BAND_EVENTS = tuple(e[0] for e in EVENTS if e[0] not in ("top30", "top40"))
TABLE_COLUMNS = ["indicator", "origin", "horizon", "method", "n", "rank_mae", "rank_crps", "interval_score_80",
                 "coverage_50", "coverage_80", "coverage_90", "brier_top30", "brier_top40", "brier_bands",
                 "log_top30", "score_mae"]
SCORE_COLS = TABLE_COLUMNS[5:]
REFERENCES = ("persistence", "climatology")


def _scale(r, k: int) -> np.ndarray:
    return np.ceil(np.asarray(r, float) * N_REF / k)


def candidate_origins(panel: pd.DataFrame, indicator: str = "pci") -> list[int]:
    """Years with a (nearly) full cross-section that have a later full year to score against."""
    df = indicator_frame(panel, indicator)
    counts = df.groupby("year")["province_code"].nunique()
    full = sorted(int(y) for y in counts.index[counts >= COMMON_YEAR_SHARE * counts.max()])
    return [y for y in full if y < full[-1]]


def _run_origin(panel, o, tys, methods, draws, seed, indicator, window=None):
    """Projections from origin ``o``, one method at a time (a method whose default window is
    too short there is skipped; rank methods then use the last three years, which only set
    the score scale)."""
    out = {}
    trunc = panel[panel["year"] <= o]
    extra = {}
    if window == "all":  # an index without PCI's methodology periods (PAPI): the whole history
        extra = {"window": (int(trunc["year"].min()), o), "allow_break": True}
    try:  # all methods at once: one joint simulation (the ensemble mixes its components' draws)
        with warnings.catch_warnings():
            if extra:
                warnings.simplefilter("ignore")
            pr = project(trunc, last_year=o, target_years=tys, method=methods, draws=draws, seed=seed,
                         indicator=indicator, **extra)
        return {m: pr for m in methods}
    except ValueError:
        pass
    for m in methods:
        try:
            out[m] = project(trunc, last_year=o, target_years=tys, method=m, draws=draws, seed=seed,
                             indicator=indicator)
        except ValueError:
            if m in RANK_METHODS or m == "ensemble":
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        out[m] = project(trunc, last_year=o, target_years=tys, method=m, draws=draws, seed=seed,
                                         indicator=indicator, window=3, allow_break=True)
                    except ValueError:
                        pass
    return out


def rolling_backtest(panel: pd.DataFrame, indicator: str = "pci", origins: Iterable[int] | None = None,
                     horizons: Iterable[int] = HORIZONS, method: str | Sequence[str] = "all", draws: int = 1_000,
                     seed: int | None = 0, events: Sequence[tuple[str, int, int]] = EVENTS,
                     levels: Sequence[float] = LEVELS, common: bool = True, window=None) -> pd.DataFrame:
    """One row per method x origin x horizon x province with the outcome and every score.

    Columns: method, origin, horizon, target_year, province_code, actual_rank, median_rank,
    rank_abs_err, rank_crps, interval_score_80, in_<level> per level, p_<event>/o_<event> per
    event, score_abs_err (NaN when origin and target year lie in different methodology periods).
    With ``common`` (default) only forecasts every method made are kept.  ``window="all"``: every
    method estimates on the whole history up to the origin (for indices without PCI's
    methodology breaks, e.g. PAPI).
    """
    methods = normalise_methods(method, indicator)
    df = indicator_frame(panel, indicator)
    actual = df.pivot(index="province_code", columns="year", values="score")
    counts = actual.notna().sum()
    full = set(int(y) for y in counts.index[counts >= COMMON_YEAR_SHARE * counts.max()])
    origins = candidate_origins(panel, indicator) if origins is None else [int(o) for o in origins]
    recs = []
    for o in origins:
        tys = [o + h for h in sorted(set(int(h) for h in horizons)) if (o + h) in full]
        if not tys:
            continue
        projs = _run_origin(panel, o, tys, methods, draws, seed, indicator, window)
        for m, pr in projs.items():
            codes = pr.provinces["province_code"].to_numpy()
            for k, ty in enumerate(pr.target_years):
                act = actual.reindex(codes)[ty].to_numpy(float)
                keep = np.isfinite(act)
                K = int(keep.sum())
                a_rank = _scale(pd.Series(act[keep]).rank(ascending=False, method="min").to_numpy(), K)
                S = pr.score_draws[m][:, k, keep]
                R = _scale(rank_desc(S), K)
                rec = {"method": m, "origin": o, "horizon": ty - o, "target_year": ty,
                       "province_code": codes[keep], "actual_rank": a_rank,
                       "median_rank": np.median(R, axis=0),
                       "rank_crps": scoring.crps_sample(R, a_rank)}
                lo, hi = scoring.central_interval(R, 0.8)
                rec["interval_score_80"] = scoring.interval_score(lo, hi, a_rank, 0.2)
                for lvl in levels:
                    rec[f"in_{lvl:g}"] = scoring.covers(R, a_rank, lvl)
                for name, elo, ehi in events:
                    rec[f"p_{name}"] = ((R >= elo) & (R <= ehi)).mean(axis=0)
                    rec[f"o_{name}"] = ((a_rank >= elo) & (a_rank <= ehi)).astype(float)
                same = window == "all" or catalog.methodology_period(o) == catalog.methodology_period(ty)
                rec["score_abs_err"] = (np.abs(np.median(S, axis=0) - act[keep]) if same
                                        else np.full(K, np.nan))
                recs.append(pd.DataFrame(rec))
    if not recs:
        raise ValueError("no origin/horizon pair has an observed target year in the panel")
    det = pd.concat(recs, ignore_index=True)
    det["rank_abs_err"] = (det["median_rank"] - det["actual_rank"]).abs()
    if common:
        key = ["origin", "horizon", "province_code"]
        n_m = det.groupby(key)["method"].transform("nunique")
        det = det[n_m == det["method"].nunique()].reset_index(drop=True)
    return det


def _per_row_scores(det: pd.DataFrame, events=EVENTS) -> pd.DataFrame:
    d = det.copy()
    d["brier_top30"] = scoring.brier(d["p_top30"], d["o_top30"])
    d["brier_top40"] = scoring.brier(d["p_top40"], d["o_top40"])
    bands = [e[0] for e in events if e[0] in BAND_EVENTS]
    d["brier_bands"] = np.mean([scoring.brier(d[f"p_{b}"], d[f"o_{b}"]) for b in bands], axis=0)
    d["log_top30"] = scoring.log_score(d["p_top30"], d["o_top30"])
    d = d.rename(columns={"rank_abs_err": "rank_mae", "score_abs_err": "score_mae", "in_0.5": "coverage_50",
                          "in_0.8": "coverage_80", "in_0.9": "coverage_90"})
    for c in ("coverage_50", "coverage_80", "coverage_90"):
        d[c] = d[c].astype(float)
    return d


def backtest_table(det: pd.DataFrame, indicator: str = "pci") -> pd.DataFrame:
    """origin x horizon x method means of every score, with n (forecasts behind each row)."""
    d = _per_row_scores(det)
    tab = (d.groupby(["origin", "horizon", "method"], sort=False)[SCORE_COLS].mean()
             .join(d.groupby(["origin", "horizon", "method"], sort=False).size().rename("n")).reset_index())
    tab.insert(0, "indicator", indicator)
    tab["_m"] = tab["method"].map({m: k for k, m in enumerate(METHODS)})
    tab = tab.sort_values(["origin", "horizon", "_m"]).drop(columns="_m").reset_index(drop=True)
    return tab[TABLE_COLUMNS]


def pooled(table: pd.DataFrame, horizons: Iterable[int] | None = None) -> pd.DataFrame:
    """Per method, n-weighted means over origins and the given horizons (all by default)."""
    t = table if horizons is None else table[table["horizon"].isin(list(horizons))]
    w = t["n"].astype(float)
    num = t[SCORE_COLS].multiply(w, axis=0).assign(method=t["method"], _w=w)
    # score_mae has NaN where origin and target straddle a break: weight only rows with a value
    ok = t["score_mae"].notna()
    num["score_mae"] = np.where(ok, t["score_mae"].fillna(0) * w, 0.0)
    num["_ws"] = np.where(ok, w, 0.0)
    g = num.groupby("method", sort=False).sum()
    out = g[SCORE_COLS].div(g["_w"], axis=0)
    out["score_mae"] = g["score_mae"] / g["_ws"].replace(0, np.nan)
    out["n"] = g["_w"].astype(int)
    out["n_origins"] = t.groupby("method", sort=False)["origin"].nunique()
    return out


def skill_table(table: pd.DataFrame, horizons: Iterable[int] = HORIZONS, n_boot: int = 2_000, seed: int = 0,
                metrics: Sequence[str] = ("rank_crps", "brier_top30", "brier_top40"),
                references: Sequence[str] = REFERENCES) -> pd.DataFrame:
    """Pooled scores per method with skill ``1 - score / reference`` and a 90% bootstrap interval
    over origins (``skill_<metric>_vs_<ref>``, ``..._lo``, ``..._hi``)."""
    t = table[table["horizon"].isin(list(horizons))]
    base = pooled(t)
    origins = np.array(sorted(t["origin"].unique()))
    # per origin x method sums, so a bootstrap sample of origins re-pools exactly
    sums = (t.assign(**{c: t[c] * t["n"] for c in metrics}).groupby(["origin", "method"])[list(metrics) + ["n"]]
              .sum())
    rng = np.random.default_rng(seed)
    boots = rng.integers(len(origins), size=(n_boot, len(origins)))
    methods = list(base.index)
    arr = {c: sums[c].unstack("method").reindex(index=origins, columns=methods).to_numpy(float) for c in metrics}
    nn = sums["n"].unstack("method").reindex(index=origins, columns=methods).to_numpy(float)
    for c in metrics:
        bm = arr[c][boots].sum(axis=1) / nn[boots].sum(axis=1)  # (B, methods): every bootstrap sample at once
        for ref in references:
            if ref not in methods:
                continue
            j = methods.index(ref)
            sk = 1 - bm / bm[:, [j]]
            base[f"skill_{c}_vs_{ref}"] = 1 - base[c] / base.loc[ref, c]
            base[f"skill_{c}_vs_{ref}_lo"] = np.quantile(sk, 0.05, axis=0)
            base[f"skill_{c}_vs_{ref}_hi"] = np.quantile(sk, 0.95, axis=0)
    base.index.name = "method"
    return base.reset_index()


def skill_by_horizon(table: pd.DataFrame, metric: str = "rank_crps", reference: str = "persistence",
                     n_boot: int = 1_000, seed: int = 0) -> pd.DataFrame:
    """method, horizon, n, n_origins, score, skill (1 - score / reference's), skill_lo, skill_hi
    (90% bootstrap over origins), one row per method and horizon."""
    rows = []
    for h in sorted(table["horizon"].unique()):
        sk = skill_table(table, horizons=(h,), n_boot=n_boot, seed=seed, metrics=(metric,), references=(reference,))
        c = f"skill_{metric}_vs_{reference}"
        rows.append(pd.DataFrame({"method": sk["method"], "horizon": int(h), "n": sk["n"],
                                  "n_origins": sk["n_origins"], "score": sk[metric], "skill": sk[c],
                                  "skill_lo": sk[c + "_lo"], "skill_hi": sk[c + "_hi"]}))
    return pd.concat(rows, ignore_index=True)


def choose_default(skill: pd.DataFrame, tolerance: float = 0.05, nominal: float = 0.80,
                   criterion: str = "rank_crps") -> tuple[str, bool]:
    """(method, calibrated): the lowest ``criterion`` among methods whose pooled 80% rank-interval
    coverage is within ``tolerance`` of ``nominal``; if none is, the lowest criterion overall
    with ``calibrated=False`` (and a warning)."""
    ok = skill[(skill["coverage_80"] - nominal).abs() <= tolerance + 1e-12]
    if ok.empty:
        warnings.warn(f"no method has 80% rank coverage within {tolerance} of {nominal}; the default is the "
                      f"lowest {criterion} regardless", stacklevel=2)
        return str(skill.sort_values([criterion, "brier_top30"]).iloc[0]["method"]), False
    return str(ok.sort_values([criterion, "brier_top30"]).iloc[0]["method"]), True


def default_row(skill: pd.DataFrame, method: str, calibrated: bool, indicator: str, table: pd.DataFrame,
                draws: int, seed, horizons=HORIZONS, tolerance: float = 0.05) -> pd.DataFrame:
    r = skill.set_index("method").loc[method]
    row = {"indicator": indicator, "method": method, "calibrated": bool(calibrated),
           "rule": f"lowest rank CRPS among methods with pooled 80% rank coverage within {tolerance} of 0.80 "
                   f"(horizons {min(horizons)}-{max(horizons)})",
           "origins": f"{int(table['origin'].min())}-{int(table['origin'].max())}",
           "n_origins": int(table["origin"].nunique()), "n": int(r["n"]), "draws": int(draws), "seed": seed}
    for c in ["rank_mae", "rank_crps", "coverage_50", "coverage_80", "coverage_90", "brier_top30", "brier_top40"]:
        row[c] = float(r[c])
    for c in skill.columns:
        if c.startswith("skill_"):
            row[c] = float(r[c])
    return pd.DataFrame([row])


def run(panel: pd.DataFrame, indicator: str = "pci", *, horizons=HORIZONS, draws: int = 1_000, seed: int = 0,
        method="all", tolerance: float = 0.05, n_boot: int = 2_000, window=None):
    """(table, skill, default, reliability) for a panel: the four tables the command writes."""
    det = rolling_backtest(panel, indicator=indicator, horizons=horizons, method=method, draws=draws, seed=seed,
                           window=window)
    table = backtest_table(det, indicator)
    skill = skill_table(table, horizons=horizons, n_boot=n_boot, seed=seed)
    m, cal = choose_default(skill, tolerance=tolerance)
    skill.insert(0, "indicator", indicator)
    skill["calibrated"] = (skill["coverage_80"] - 0.8).abs() <= tolerance + 1e-12
    skill["chosen"] = skill["method"] == m
    return (table, skill, default_row(skill, m, cal, indicator, table, draws, seed, horizons, tolerance),
            reliability(det, indicator=indicator))


RELIABILITY_BINS = (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)


def reliability(det: pd.DataFrame, event: str = "top30", bins: Sequence[float] = RELIABILITY_BINS,
                indicator: str = "pci") -> pd.DataFrame:
    """Reliability of P(event) over the whole backtest: per method and probability bin, the mean
    forecast, the observed frequency and n (the input of a reliability diagram)."""
    d = det.assign(bin=pd.cut(det[f"p_{event}"], bins=list(bins), include_lowest=True))
    tab = (d.groupby(["method", "bin"], sort=False, observed=True)
             .agg(forecast=(f"p_{event}", "mean"), observed=(f"o_{event}", "mean"), n=(f"o_{event}", "size"))
             .reset_index())
    tab["bin_low"] = tab["bin"].map(lambda b: max(float(b.left), 0.0))
    tab["bin_high"] = tab["bin"].map(lambda b: float(b.right))
    tab["_m"] = tab["method"].map({m: k for k, m in enumerate(METHODS)})
    tab = tab.sort_values(["_m", "bin_low"]).drop(columns=["_m", "bin"]).reset_index(drop=True)
    tab.insert(0, "event", event)
    tab.insert(0, "indicator", indicator)
    return tab[["indicator", "event", "method", "bin_low", "bin_high", "forecast", "observed", "n"]]


def headline(skill: pd.DataFrame, default: str) -> dict:
    """The done-when numbers of the default vs persistence (horizons pooled)."""
    s = skill.set_index("method")
    d, p = s.loc[default], s.loc["persistence"]
    return {"method": default, "rank_mae": d["rank_mae"], "rank_mae_persistence": p["rank_mae"],
            "rank_crps": d["rank_crps"], "rank_crps_persistence": p["rank_crps"],
            "brier_top30": d["brier_top30"], "brier_top30_persistence": p["brier_top30"],
            "brier_top40": d["brier_top40"], "brier_top40_persistence": p["brier_top40"],
            "coverage_80": d["coverage_80"],
            "beats_persistence": bool(d["rank_crps"] < p["rank_crps"] and d["brier_top30"] < p["brier_top30"]
                                      and d["brier_top40"] < p["brier_top40"]),
            "n": int(d["n"]), "n_origins": int(d["n_origins"]), "_unused": math.nan}
