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

**By origin period** (:func:`skill_by_period`, ``data/projection_skill_by_period.csv``): the same pooled
scores for origins 2007–2012, 2013–2017 and 2018–2023 (:data:`ORIGIN_PERIODS`) and for the recent check of
issue 22 (:data:`RECENT`: origins 2016–2018, truth 2019–2022 only), each method against persistence. Where
the default's edge over persistence lives (:func:`edge_over_persistence`: "every period", "early periods
only", ...) is a column of ``projection_default.csv``, so the verdict page can say it.

**Interval calibration** (:func:`calibrate_interval_scale`): the default's rank intervals are widened or
narrowed by one factor ``c`` (each draw's score deviation from the province's median draw times ``c``),
the one closest to 1 that makes the 80% rank intervals of every recent origin (:data:`CALIBRATION`: origins
2016–2022, truth to 2023) cover 0.75–0.85 of the outcomes; the coverage on the issue's recent check (origins
2016–2018) with that factor is reported beside it, out of the fit's control. The factor
is ``interval_scale`` in ``projection_default.csv``; :func:`analysis.analyses.project.project` applies it to
the default method's draws (``calibrated=True``); the backtest itself scores raw draws.

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

from analysis.analyses import scoring
from analysis.analyses.project import (
    COMMON_YEAR_SHARE,
    METHODS,
    RANK_METHODS,
    indicator_frame,
    normalise_methods,
    project,
)
from analysis.core import paths
from analysis.core.prose import Prose
from analysis.core.ranking import rank_desc  # the one ranking function (ties share the best rank)
from analysis.data import catalog
from analysis.data.periods import period_map

N_REF = 63  # ranks are reported on the 63-province scale
LEVELS = (0.5, 0.8, 0.9)
HORIZONS = tuple(range(1, 8))
# rank events scored (name, best rank, worst rank on the 63 scale): VCCI's top-30 list, the
# seed targets' bands (data/seed_targets.csv: Hà Tĩnh top 20, Điện Biên top 40/35, Lai Châu
# 45-55, 50-55, 40-45 and their "at least" readings, Quảng Ninh first)
EVENTS: tuple[tuple[str, int, int], ...] = (
    ("top30", 1, 30),
    ("top40", 1, 40),
    ("top1", 1, 1),
    ("top20", 1, 20),
    ("top35", 1, 35),
    ("rank45_55", 45, 55),
    ("rank50_55", 50, 55),
    ("rank40_45", 40, 45),
    ("top55", 1, 55),
    ("top45", 1, 45),
)
BAND_EVENTS = tuple(e[0] for e in EVENTS if e[0] not in ("top30", "top40"))
TABLE_COLUMNS = [
    "indicator",
    "origin",
    "horizon",
    "method",
    "n",
    "rank_mae",
    "rank_crps",
    "interval_score_80",
    "coverage_50",
    "coverage_80",
    "coverage_90",
    "brier_top30",
    "brier_top40",
    "brier_bands",
    "log_top30",
    "score_mae",
]
SCORE_COLS = TABLE_COLUMNS[5:]
REFERENCES = ("persistence", "climatology")
# origin periods of the skill table (issue 22): before the 2013 weights, the 2013 weights up to the last
# official workbooks, and the recent years whose truth comes from pages, the research panel and the derivation
ORIGIN_PERIODS: tuple[tuple[int, int], ...] = ((2007, 2012), (2013, 2017), (2018, 2023))
RECENT: tuple[tuple[int, int], tuple[int, int]] = ((2016, 2018), (2019, 2022))  # (origins, truth years)
# the rows of projection_skill_by_period.csv that are not an origin period, in words
PERIOD_WORDS = {"all": ("mọi giai đoạn", "every period"), "recent": ("kiểm tra gần đây", "recent check")}
# the window the interval factor is fitted on: every recent origin with truth up to the last full year. Fitting
# it on the recent check alone (origins 2016-2018, which over-cover) narrowed the intervals to 0.75 while the
# newest origins (2019-2022) already under-covered (0.75 at factor 1, 0.68 at 0.75; review of issue 22)
CALIBRATION: tuple[tuple[int, int], tuple[int, int]] = ((2016, 2022), (2017, 2023))
TIE_MARGIN = 0.02  # a method beats persistence on a score when it is at least 2% lower; closer is a tie
PERIOD_COLUMNS = [
    "indicator",
    "period",
    "origins",
    "truth_years",
    "method",
    "n",
    "n_origins",
    "rank_mae",
    "rank_crps",
    "brier_top30",
    "brier_top40",
    "coverage_80",
    "skill_rank_mae_vs_persistence",
    "skill_rank_crps_vs_persistence",
    "skill_brier_top30_vs_persistence",
    "beats_persistence",
]
SCALE_GRID = tuple(round(x, 2) for x in np.arange(0.5, 1.31, 0.05))


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
    if window == "all":  # the whole history (PAPI), across its 2018 break with the engine's break adjustment
        extra = {"window": (int(trunc["year"].min()), o), "allow_break": True}

    def run(method, **kw):  # the raw draws of the backtest: never the calibrated intervals
        return project(
            trunc,
            last_year=o,
            target_years=tys,
            method=method,
            draws=draws,
            seed=seed,
            indicator=indicator,
            calibrated=False,
            **kw,
        )

    try:  # all methods at once: one joint simulation (the ensemble mixes its components' draws)
        with warnings.catch_warnings():
            if extra:
                warnings.simplefilter("ignore")
            pr = run(methods, **extra)
        return {m: pr for m in methods}
    except ValueError:
        pass
    for m in methods:
        try:
            out[m] = run(m)
        except ValueError:
            if m in RANK_METHODS or m == "ensemble":
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        out[m] = run(m, window=3, allow_break=True)
                    except ValueError:
                        pass
    return out


def rolling_backtest(
    panel: pd.DataFrame,
    indicator: str = "pci",
    origins: Iterable[int] | None = None,
    horizons: Iterable[int] = HORIZONS,
    method: str | Sequence[str] = "all",
    draws: int = 1_000,
    seed: int | None = 0,
    events: Sequence[tuple[str, int, int]] = EVENTS,
    levels: Sequence[float] = LEVELS,
    common: bool = True,
    window=None,
) -> pd.DataFrame:
    """One row per method x origin x horizon x province with the outcome and every score.

    Columns: method, origin, horizon, target_year, province_code, actual_rank, median_rank,
    rank_abs_err, rank_crps, interval_score_80, in_<level> per level, p_<event>/o_<event> per
    event, score_abs_err (NaN when origin and target year lie in different methodology periods).
    With ``common`` (default) only forecasts every method made are kept.  ``window="all"``: every
    method estimates on the whole history up to the origin (PAPI: across its 2018 break, which the engine
    adjusts for: changes inside one period only, each period its own level).
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
                a_rank = _scale(rank_desc(act[keep]), K)
                S = pr.score_draws[m][:, k, keep]
                R = _scale(rank_desc(S), K)
                rec = {
                    "method": m,
                    "origin": o,
                    "horizon": ty - o,
                    "target_year": ty,
                    "province_code": codes[keep],
                    "actual_rank": a_rank,
                    "median_rank": np.median(R, axis=0),
                    "rank_crps": scoring.crps_sample(R, a_rank),
                }
                lo, hi = scoring.central_interval(R, 0.8)
                rec["interval_score_80"] = scoring.interval_score(lo, hi, a_rank, 0.2)
                for lvl in levels:
                    rec[f"in_{lvl:g}"] = scoring.covers(R, a_rank, lvl)
                for name, elo, ehi in events:
                    rec[f"p_{name}"] = ((R >= elo) & (R <= ehi)).mean(axis=0)
                    rec[f"o_{name}"] = ((a_rank >= elo) & (a_rank <= ehi)).astype(float)
                per = period_map(indicator, (o, ty))  # scores compare only inside one methodology period
                same = per[o] == per[ty]
                rec["score_abs_err"] = np.abs(np.median(S, axis=0) - act[keep]) if same else np.full(K, np.nan)
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
    d = d.rename(
        columns={
            "rank_abs_err": "rank_mae",
            "score_abs_err": "score_mae",
            "in_0.5": "coverage_50",
            "in_0.8": "coverage_80",
            "in_0.9": "coverage_90",
        }
    )
    for c in ("coverage_50", "coverage_80", "coverage_90"):
        d[c] = d[c].astype(float)
    return d


def backtest_table(det: pd.DataFrame, indicator: str = "pci") -> pd.DataFrame:
    """origin x horizon x method means of every score, with n (forecasts behind each row)."""
    d = _per_row_scores(det)
    tab = (
        d.groupby(["origin", "horizon", "method"], sort=False)[SCORE_COLS]
        .mean()
        .join(d.groupby(["origin", "horizon", "method"], sort=False).size().rename("n"))
        .reset_index()
    )
    tab.insert(0, "indicator", indicator)
    tab["_m"] = tab["method"].map({m: k for k, m in enumerate(METHODS)})
    tab = tab.sort_values(["origin", "horizon", "_m"]).drop(columns="_m").reset_index(drop=True)
    tab = tab[TABLE_COLUMNS]
    tab["origin_period"] = [origin_period(o) for o in tab["origin"]]
    return tab


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


def skill_table(
    table: pd.DataFrame,
    horizons: Iterable[int] = HORIZONS,
    n_boot: int = 2_000,
    seed: int = 0,
    metrics: Sequence[str] = ("rank_crps", "brier_top30", "brier_top40"),
    references: Sequence[str] = REFERENCES,
) -> pd.DataFrame:
    """Pooled scores per method with skill ``1 - score / reference`` and a 90% bootstrap interval
    over origins (``skill_<metric>_vs_<ref>``, ``..._lo``, ``..._hi``)."""
    t = table[table["horizon"].isin(list(horizons))]
    base = pooled(t)
    origins = np.array(sorted(t["origin"].unique()))
    # per origin x method sums, so a bootstrap sample of origins re-pools exactly
    sums = t.assign(**{c: t[c] * t["n"] for c in metrics}).groupby(["origin", "method"])[list(metrics) + ["n"]].sum()
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


def skill_by_horizon(
    table: pd.DataFrame, metric: str = "rank_crps", reference: str = "persistence", n_boot: int = 1_000, seed: int = 0
) -> pd.DataFrame:
    """method, horizon, n, n_origins, score, skill (1 - score / reference's), skill_lo, skill_hi
    (90% bootstrap over origins), one row per method and horizon."""
    rows = []
    for h in sorted(table["horizon"].unique()):
        sk = skill_table(table, horizons=(h,), n_boot=n_boot, seed=seed, metrics=(metric,), references=(reference,))
        c = f"skill_{metric}_vs_{reference}"
        rows.append(
            pd.DataFrame(
                {
                    "method": sk["method"],
                    "horizon": int(h),
                    "n": sk["n"],
                    "n_origins": sk["n_origins"],
                    "score": sk[metric],
                    "skill": sk[c],
                    "skill_lo": sk[c + "_lo"],
                    "skill_hi": sk[c + "_hi"],
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _span(lo: int, hi: int) -> str:
    return f"{lo}–{hi}"


def origin_period(origin: int, periods: Sequence[tuple[int, int]] = ORIGIN_PERIODS) -> str:
    """'2007–2012' for an origin inside one of ``periods``, '' otherwise."""
    for lo, hi in periods:
        if lo <= int(origin) <= hi:
            return _span(lo, hi)
    return ""


def _period_rows(t: pd.DataFrame, label: str, truth: str, indicator: str) -> list[dict]:
    if t.empty or "persistence" not in set(t["method"]):
        return []
    pl = pooled(t)
    p = pl.loc["persistence"]
    rows = []
    for m, r in pl.iterrows():
        sk = {c: 1 - r[c] / p[c] for c in ("rank_mae", "rank_crps", "brier_top30")}
        rows.append(
            {
                "indicator": indicator,
                "period": label,
                "origins": _span(int(t["origin"].min()), int(t["origin"].max())),
                "truth_years": truth,
                "method": m,
                "n": int(r["n"]),
                "n_origins": int(r["n_origins"]),
                **{c: float(r[c]) for c in ("rank_mae", "rank_crps", "brier_top30", "brier_top40", "coverage_80")},
                "skill_rank_mae_vs_persistence": sk["rank_mae"],
                "skill_rank_crps_vs_persistence": sk["rank_crps"],
                "skill_brier_top30_vs_persistence": sk["brier_top30"],
                "beats_persistence": bool(
                    m != "persistence" and sk["rank_mae"] >= TIE_MARGIN and sk["brier_top30"] >= TIE_MARGIN
                ),
            }
        )
    return rows


def skill_by_period(
    table: pd.DataFrame,
    periods: Sequence[tuple[int, int]] = ORIGIN_PERIODS,
    recent=RECENT,
    indicator: str | None = None,
) -> pd.DataFrame:
    """Pooled scores per origin period and method, with skill against persistence (columns
    :data:`PERIOD_COLUMNS`). Periods: ``periods`` by origin (every horizon), then ``"all"``, then the
    recent check ``"recent"`` (origins ``recent[0]``, only target years inside ``recent[1]``, the
    provinces of every target year scored independently). ``beats_persistence``: rank MAE and Brier
    top 30 both at least :data:`TIE_MARGIN` lower than persistence's (closer is a tie)."""
    ind = indicator or (str(table["indicator"].iloc[0]) if "indicator" in table and len(table) else "pci")
    t = table.assign(_ty=table["origin"] + table["horizon"])
    rows = []
    for lo, hi in periods:
        sub = t[t["origin"].between(lo, hi)]
        if len(sub):
            rows += _period_rows(sub, _span(lo, hi), _span(int(sub["_ty"].min()), int(sub["_ty"].max())), ind)
    rows += _period_rows(t, "all", _span(int(t["_ty"].min()), int(t["_ty"].max())), ind)
    if recent is not None:
        (olo, ohi), (tlo, thi) = recent
        sub = t[t["origin"].between(olo, ohi) & t["_ty"].between(tlo, thi)]
        rows += _period_rows(sub, "recent", _span(tlo, thi), ind)
    return pd.DataFrame(rows, columns=PERIOD_COLUMNS)


def edge_over_persistence(by_period: pd.DataFrame, method: str) -> str:
    """Where ``method`` beats persistence (:func:`skill_by_period`'s ``beats_persistence``), in one phrase:
    "every period"; "every origin period but not the recent check" (it ties or loses on origins 2016–2018
    scored on 2019–2022); "early periods only" (the last origin period does not beat persistence);
    "last period only"; "no period"."""
    d = by_period[by_period["method"] == method].set_index("period")["beats_persistence"].astype(bool)
    periods = [p for p in d.index if p not in ("all", "recent")]
    if not periods or not d[periods].any():
        return "no period"
    recent = bool(d["recent"]) if "recent" in d.index else True
    if d[periods].all():
        return "every period" if recent else "every origin period but not the recent check"
    if not d[periods[-1]]:
        return "early periods only"
    return "last period only" if not d[periods[:-1]].any() else "some periods"


EDGE_TEXT = {
    "every period": ("hơn phương pháp giữ nguyên ở mọi giai đoạn", "beats persistence in every period"),
    "every origin period but not the recent check": (
        "hơn phương pháp giữ nguyên ở mọi giai đoạn gốc nhưng chỉ ngang bằng ở phép thử gần đây",
        "beats persistence in every origin period but only ties it on the recent check",
    ),
    "early periods only": ("chỉ hơn phương pháp giữ nguyên ở các năm đầu", "beats persistence in early years only"),
    "last period only": (
        "chỉ hơn phương pháp giữ nguyên ở giai đoạn cuối",
        "beats persistence in the last period only",
    ),
    "some periods": ("hơn phương pháp giữ nguyên ở một số giai đoạn", "beats persistence in some periods"),
    "no period": ("không hơn phương pháp giữ nguyên ở giai đoạn nào", "beats persistence in no period"),
}


def period_table(
    by_period: pd.DataFrame, default: pd.DataFrame, indicator: str = "pci", lang: catalog.Lang = "vi"
) -> pd.DataFrame:
    """The small table of page 03: per origin period (and the recent check), the default and persistence side by
    side: rank MAE, Brier top 30, 80% coverage, and whether the default beats persistence there."""
    m = str(default.set_index("indicator").loc[indicator, "method"])
    name_vi, name_en = catalog.method_name(m, "vi"), catalog.method_name(m, "en")
    b = by_period[by_period["indicator"] == indicator].set_index(["period", "method"])
    rows = []
    for per in dict.fromkeys(b.index.get_level_values("period")):
        d, p = b.loc[(per, m)], b.loc[(per, "persistence")]
        rows.append(
            {
                catalog.text("giai đoạn gốc", "origin period", lang): (
                    catalog.text(*PERIOD_WORDS[per], lang) if per in PERIOD_WORDS else per
                ),
                catalog.text("năm gốc", "origins", lang): d["origins"],
                catalog.text("năm thực tế", "truth years", lang): d["truth_years"],
                catalog.text("số dự báo", "forecasts", lang): int(d["n"]),
                catalog.text(f"sai số thứ hạng TB {name_vi}", f"rank MAE {name_en}", lang): round(
                    float(d["rank_mae"]), 2
                ),
                catalog.text("sai số thứ hạng TB giữ nguyên", "rank MAE persistence", lang): round(
                    float(p["rank_mae"]), 2
                ),
                catalog.text(f"Brier top 30 {name_vi}", f"Brier top 30 {name_en}", lang): round(
                    float(d["brier_top30"]), 3
                ),
                catalog.text("Brier top 30 giữ nguyên", "Brier top 30 persistence", lang): round(
                    float(p["brier_top30"]), 3
                ),
                catalog.text("độ phủ 80%", "80% coverage", lang): round(float(d["coverage_80"]), 2),
                catalog.text("hơn giữ nguyên", "beats persistence", lang): catalog.text("có", "yes", lang)
                if bool(d["beats_persistence"])
                else catalog.text("không", "no", lang),
            }
        )
    return pd.DataFrame(rows)


def edge_text(default: pd.DataFrame, indicator: str = "pci", lang: catalog.Lang = "vi") -> str:
    """One sentence for the verdict page: where the default's edge over persistence lives, the recent check's
    numbers, and the interval calibration (all from ``projection_default.csv``), numbers in the run's format."""
    T = Prose(lang)
    r = default.set_index("indicator").loc[indicator]
    m, edge = str(r["method"]), str(r.get("edge_over_persistence", ""))
    vi, en = EDGE_TEXT.get(edge, (edge, edge))
    (o1, o2), (t1, t2) = RECENT
    (c1, c2), (ct1, ct2) = CALIBRATION
    m_vi, m_en = catalog.method_name(m, "vi"), catalog.method_name(m, "en")
    out = T(f"Phương pháp mặc định ({m_vi}) {vi}.", f"The default method ({m_en}) {en}.")
    if pd.isna(r.get("recent_rank_mae", np.nan)):
        return out
    cal = pd.notna(r.get("recent_2016_2022_coverage_80", np.nan))
    scale = float(r["interval_scale"])
    how_vi = "giữ nguyên độ rộng" if scale == 1.0 else f"nhân độ rộng với {T.num(scale, 2)}"
    how_en = "width left as it is" if scale == 1.0 else f"width times {T.num(scale, 2)}"
    return (
        out
        + " "
        + T(
            f"Gốc {o1}–{o2}, thực tế {t1}–{t2}: sai số thứ hạng TB {T.num(r['recent_rank_mae'], 2)} so với "
            f"{T.num(r['recent_rank_mae_persistence'], 2)} (giữ nguyên), Brier top 30 {T.num(r['recent_brier_top30'], 3)} "
            f"so với {T.num(r['recent_brier_top30_persistence'], 3)}; khoảng 80% phủ {T.num(r['recent_coverage_80'], 2)}."
            + (
                f" Hiệu chỉnh trên mọi năm gốc {c1}–{c2} (thực tế đến {ct2}): độ phủ "
                f"{T.num(r['recent_2016_2022_coverage_80'], 2)}, {how_vi}."
                if cal
                else ""
            ),
            f"Origins {o1}–{o2}, truth {t1}–{t2}: rank MAE {T.num(r['recent_rank_mae'], 2)} against "
            f"{T.num(r['recent_rank_mae_persistence'], 2)} (persistence), Brier top 30 {T.num(r['recent_brier_top30'], 3)} "
            f"against {T.num(r['recent_brier_top30_persistence'], 3)}; 80% intervals cover {T.num(r['recent_coverage_80'], 2)}."
            + (
                f" Calibrated on every origin {c1}–{c2} (truth to {ct2}): coverage "
                f"{T.num(r['recent_2016_2022_coverage_80'], 2)}, {how_en}."
                if cal
                else ""
            ),
        )
    )


def _calibration_forecasts(panel, method, recent, draws, seed, indicator):
    """(score draws, actual ranks) of ``method`` for every recent origin and truth year: the input of the
    interval calibration (raw draws: ``calibrated=False``)."""
    (olo, ohi), (tlo, thi) = recent
    df = indicator_frame(panel, indicator)
    actual = df.pivot(index="province_code", columns="year", values="score")
    out = []
    for o in range(olo, ohi + 1):
        tys = [y for y in range(max(o + 1, tlo), thi + 1) if y in actual.columns]
        if not tys:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pr = project(
                panel[panel["year"] <= o],
                last_year=o,
                target_years=tys,
                method=method,
                draws=draws,
                seed=seed,
                indicator=indicator,
                calibrated=False,
            )
        codes = pr.provinces["province_code"].to_numpy()
        for k, ty in enumerate(pr.target_years):
            act = actual.reindex(codes)[ty].to_numpy(float)
            keep = np.isfinite(act)
            a_rank = _scale(rank_desc(act[keep]), int(keep.sum()))
            out.append((pr.score_draws[method][:, k, keep], a_rank))
    return out


def scale_draws(S: np.ndarray, c: float) -> np.ndarray:
    """Each draw's deviation from the province's median draw (axis 0 = draws) times ``c``."""
    med = np.median(S, axis=0, keepdims=True)
    return med + float(c) * (S - med)


def _coverage_by_scale(fc, grid) -> dict[float, tuple[float, float, float]]:
    """{c: (80% coverage, rank MAE, Brier top 30)} of the forecasts ``fc`` with draws scaled by ``c``."""
    res = {}
    for c in grid:
        cov, mae, bri = [], [], []
        for S, a in fc:
            R = _scale(rank_desc(scale_draws(S, c)), len(a))
            cov.append(scoring.covers(R, a, 0.8))
            mae.append(np.abs(np.median(R, axis=0) - a))
            bri.append(scoring.brier((R <= 30).mean(axis=0), (a <= 30).astype(float)))
        res[c] = tuple(float(np.mean(np.concatenate(x))) for x in (cov, mae, bri))
    return res


def calibrate_interval_scale(
    panel: pd.DataFrame,
    method: str,
    recent=RECENT,
    grid: Sequence[float] = SCALE_GRID,
    draws: int = 1_000,
    seed: int = 0,
    indicator: str = "pci",
    band: tuple[float, float] = (0.75, 0.85),
    target: float = 0.80,
    check=((2016, 2022), (2019, 2023)),
) -> dict:
    """The factor ``c`` of :func:`scale_draws` for the default's rank intervals: the one closest to 1 (the least
    change) whose 80% intervals, over the recent origins and truth years, cover a share inside ``band``; when
    none does, the one closest to ``target``. With the coverage, rank MAE and Brier top 30 before (c = 1) and
    after, and the coverage before/after on every recent origin (``check``: origins 2016–2022, truth to 2023), a
    check outside the calibration. In-sample on ``recent`` by construction (say so when reporting it)."""
    fc = _calibration_forecasts(panel, method, recent, draws, seed, indicator)
    if not fc:
        return {"interval_scale": 1.0, "n": 0}
    res = _coverage_by_scale(fc, sorted(set(grid) | {1.0}))
    inside = [c for c in res if band[0] <= res[c][0] <= band[1]]
    best = (
        min(inside, key=lambda c: abs(c - 1))
        if inside
        else min(res, key=lambda c: (abs(res[c][0] - target), abs(c - 1)))
    )
    out = {
        "interval_scale": float(best),
        "n": int(sum(len(a) for _, a in fc)),
        "coverage_80_before": res[1.0][0],
        "coverage_80_after": res[best][0],
        "rank_mae_before": res[1.0][1],
        "rank_mae_after": res[best][1],
        "brier_top30_before": res[1.0][2],
        "brier_top30_after": res[best][2],
    }
    if check is not None:
        chk = _coverage_by_scale(_calibration_forecasts(panel, method, check, draws, seed, indicator), (1.0, best))
        out.update(check_coverage_80_before=chk[1.0][0], check_coverage_80_after=chk[best][0])
    return out


def choose_default_method(skill: pd.DataFrame | None = None, indicator: str = "pci", tolerance: float = 0.05) -> str:
    """The default method by the one rule (:func:`choose_default`) applied to ``skill`` (default: the committed
    ``data/projection_skill.csv`` of ``indicator``), i.e. what ``data/projection_default.csv`` holds."""
    if skill is None:
        skill = pd.read_csv(paths.data_dir() / "projection_skill.csv")
    if "indicator" in skill.columns:
        skill = skill[skill["indicator"] == indicator]
    return choose_default(skill, tolerance=tolerance)[0]


def choose_default(
    skill: pd.DataFrame, tolerance: float = 0.05, nominal: float = 0.80, criterion: str = "rank_crps"
) -> tuple[str, bool]:
    """(method, calibrated): the lowest ``criterion`` among methods whose pooled 80% rank-interval
    coverage is within ``tolerance`` of ``nominal``; if none is, the lowest criterion overall
    with ``calibrated=False`` (and a warning)."""
    ok = skill[(skill["coverage_80"] - nominal).abs() <= tolerance + 1e-12]
    if ok.empty:
        warnings.warn(
            f"no method has 80% rank coverage within {tolerance} of {nominal}; the default is the "
            f"lowest {criterion} regardless",
            stacklevel=2,
        )
        return str(skill.sort_values([criterion, "brier_top30"]).iloc[0]["method"]), False
    return str(ok.sort_values([criterion, "brier_top30"]).iloc[0]["method"]), True


def default_row(
    skill: pd.DataFrame,
    method: str,
    calibrated: bool,
    indicator: str,
    table: pd.DataFrame,
    draws: int,
    seed,
    horizons=HORIZONS,
    tolerance: float = 0.05,
) -> pd.DataFrame:
    r = skill.set_index("method").loc[method]
    row = {
        "indicator": indicator,
        "method": method,
        "calibrated": bool(calibrated),
        "rule": f"lowest rank CRPS among methods with pooled 80% rank coverage within {tolerance} of 0.80 "
        f"(horizons {min(horizons)}-{max(horizons)})",
        "origins": f"{int(table['origin'].min())}-{int(table['origin'].max())}",
        "n_origins": int(table["origin"].nunique()),
        "n": int(r["n"]),
        "draws": int(draws),
        "seed": seed,
    }
    for c in ["rank_mae", "rank_crps", "coverage_50", "coverage_80", "coverage_90", "brier_top30", "brier_top40"]:
        row[c] = float(r[c])
    for c in skill.columns:
        if c.startswith("skill_"):
            row[c] = float(r[c])
    return pd.DataFrame([row])


def run(
    panel: pd.DataFrame,
    indicator: str = "pci",
    *,
    horizons=HORIZONS,
    draws: int = 1_000,
    seed: int = 0,
    method="all",
    tolerance: float = 0.05,
    n_boot: int = 2_000,
    window=None,
    recent=RECENT,
):
    """(table, skill, default, reliability, by_period) for a panel: the five tables the command writes.

    The default row also carries where its edge over persistence lives (``edge_over_persistence``), its
    recent-check scores against persistence's (``recent_*``) and the interval scale calibrated on the recent
    origins (``interval_scale``, with ``recent_coverage_80_calibrated``); ``recent=None`` skips both."""
    det = rolling_backtest(
        panel, indicator=indicator, horizons=horizons, method=method, draws=draws, seed=seed, window=window
    )
    table = backtest_table(det, indicator)
    skill = skill_table(table, horizons=horizons, n_boot=n_boot, seed=seed)
    m, cal = choose_default(skill, tolerance=tolerance)
    skill.insert(0, "indicator", indicator)
    skill["calibrated"] = (skill["coverage_80"] - 0.8).abs() <= tolerance + 1e-12
    skill["chosen"] = skill["method"] == m
    default = default_row(skill, m, cal, indicator, table, draws, seed, horizons, tolerance)
    by_period = skill_by_period(table, recent=recent if indicator == "pci" else None, indicator=indicator)
    default["edge_over_persistence"] = edge_over_persistence(by_period, m)
    rec = by_period[by_period["period"] == "recent"].set_index("method")
    if recent is not None and indicator == "pci" and m in rec.index:
        for c in ("rank_mae", "brier_top30", "coverage_80"):
            default[f"recent_{c}"] = float(rec.loc[m, c])
            default[f"recent_{c}_persistence"] = float(rec.loc["persistence", c])
        # fitted on every recent origin (CALIBRATION); the recent check is reported with the chosen factor
        cal_ = calibrate_interval_scale(
            panel, m, CALIBRATION, draws=draws, seed=seed, indicator=indicator, check=recent
        )
        default["interval_scale"] = cal_["interval_scale"]
        default["recent_coverage_80_calibrated"] = cal_.get("check_coverage_80_after", np.nan)
        default["recent_2016_2022_coverage_80"] = cal_.get("coverage_80_before", np.nan)
        default["recent_2016_2022_coverage_80_calibrated"] = cal_.get("coverage_80_after", np.nan)
    else:
        default["interval_scale"] = 1.0
    cb = pd.DataFrame(columns=CONDITIONING_COLUMNS)
    if indicator == "pci" and recent is not None:
        cb = conditioning_backtest(panel, m, draws=draws, seed=seed, indicator=indicator)
        default = default.assign(**conditioning_verdict(cb, m))
    return table, skill, default, reliability(det, indicator=indicator), by_period, cb


def conditioning_verdict(cb: pd.DataFrame, method: str, horizons: Sequence[int] = (1,)) -> dict:
    """Columns of the default row: does conditioning on a partial edition beat the unconditioned default and
    persistence (rank MAE and Brier top 30, horizons pooled over ``horizons``, the ones the 2025 targets need:
    one year after the partial edition)? ``conditioned_is_default`` only when it beats persistence there."""
    if cb.empty:
        return {}
    s = conditioning_summary(cb[cb["horizon"].isin(list(horizons))])
    s = s[s["horizon"] == 0].set_index("variant")
    c, u = s.loc[f"{method} conditioned"], s.loc[method]
    pc, pu = s.loc["persistence conditioned"], s.loc["persistence"]
    beats = lambda a, b: bool(a["rank_mae"] < b["rank_mae"] and a["brier_top30"] < b["brier_top30"])  # noqa: E731
    return {
        "conditioned_rank_mae": c["rank_mae"],
        "unconditioned_rank_mae": u["rank_mae"],
        "persistence_conditioned_rank_mae": pc["rank_mae"],
        "persistence_rank_mae": pu["rank_mae"],
        "conditioned_brier_top30": c["brier_top30"],
        "unconditioned_brier_top30": u["brier_top30"],
        "persistence_conditioned_brier_top30": pc["brier_top30"],
        "conditioned_beats_unconditioned": beats(c, u),
        "conditioned_beats_persistence": beats(c, pc),
        "conditioned_is_default": beats(c, u) and beats(c, pc),
    }


PERIOD_FILE = "projection_skill_by_period.csv"
CONDITIONING_FILE = "projection_conditioning.csv"
CONDITIONING_COLUMNS = [
    "indicator",
    "origin",
    "revealed_year",
    "horizon",
    "target_year",
    "variant",
    "method",
    "conditioned",
    "n",
    "rank_mae",
    "rank_crps",
    "brier_top30",
    "brier_top40",
    "coverage_80",
    "rank_mae_unrevealed",
]


def reveal_partial(
    panel: pd.DataFrame, year: int, top: int = 30, press: int = 3, seed: int = 0, indicator: str = "pci"
) -> pd.DataFrame:
    """What a top-``top`` publication and ``press`` press facts would have revealed of ``year``: the scores
    and ranks of the first ``top`` provinces (ranks among all, as published) and of ``press`` provinces drawn
    at random (seeded) from the rest. Rows of ``panel``'s ``indicator`` only."""
    d = panel[(panel["year"] == year) & (panel["indicator"] == indicator) & panel["score"].notna()].copy()
    rank = rank_desc(d["score"])  # Int64, no <NA>: the scores are all present
    d["rank"] = rank
    rest = d[rank > top]
    rng = np.random.default_rng([seed, int(year)])
    pick = rest.index[rng.choice(len(rest), size=min(press, len(rest)), replace=False)] if len(rest) else []
    return d[(rank <= top) | d.index.isin(pick)]


def conditioning_backtest(
    panel: pd.DataFrame,
    method: str,
    origins: Iterable[int] | None = None,
    horizons: Iterable[int] = (1, 2, 3),
    draws: int = 1_000,
    seed: int = 0,
    top: int = 30,
    press: int = 3,
    indicator: str = "pci",
) -> pd.DataFrame:
    """Does conditioning on a partial edition help? From every origin ``o`` with a full year ``o + 1``: reveal
    of ``o + 1`` only what a top-``top`` list and ``press`` press facts would have (:func:`reveal_partial`),
    project ``method`` and persistence to ``o + 1 + h`` conditioned on it (:mod:`analysis.analyses.conditioning`)
    and not (from ``o``, as the plain backtest), and score the ranks of every province (``rank_mae_unrevealed``:
    the provinces the reveal left out). Raw draws (no interval calibration), as the plain backtest."""
    df = indicator_frame(panel, indicator)
    actual = df.pivot(index="province_code", columns="year", values="score")
    counts = actual.notna().sum()
    full = set(int(y) for y in counts.index[counts >= COMMON_YEAR_SHARE * counts.max()])
    origins = [o for o in candidate_origins(panel, indicator) if o + 1 in full] if origins is None else list(origins)
    methods = list(dict.fromkeys([method, "persistence"]))
    rows = []
    for o in origins:
        tys = [o + 1 + h for h in horizons if o + 1 + h in full]
        if not tys:
            continue
        rev = reveal_partial(panel, o + 1, top, press, seed, indicator)
        base = panel[(panel["year"] <= o) & (panel["indicator"] == indicator)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                plain = project(
                    base,
                    last_year=o,
                    target_years=tys,
                    method=methods,
                    draws=draws,
                    seed=seed,
                    indicator=indicator,
                    calibrated=False,
                )
                cond = project(
                    pd.concat([base, rev], ignore_index=True),
                    last_year=o,
                    target_years=tys,
                    method=methods,
                    draws=draws,
                    seed=seed,
                    indicator=indicator,
                    calibrated=False,
                    complete_top={o + 1: top},
                )
            except ValueError:
                continue
        revealed = set(rev["province_code"])
        for pr, conditioned in ((plain, False), (cond, True)):
            codes = pr.provinces["province_code"].to_numpy()
            for k, ty in enumerate(pr.target_years):
                act = actual.reindex(codes)[ty].to_numpy(float)
                keep = np.isfinite(act)
                K = int(keep.sum())
                a = _scale(rank_desc(act[keep]), K)
                hidden = ~np.isin(codes[keep], list(revealed))
                for m in methods:
                    R = _scale(rank_desc(pr.score_draws[m][:, k, keep]), K)
                    err = np.abs(np.median(R, axis=0) - a)
                    rows.append(
                        {
                            "indicator": indicator,
                            "origin": o,
                            "revealed_year": o + 1,
                            "horizon": ty - o - 1,
                            "target_year": ty,
                            "variant": f"{m}{' conditioned' if conditioned else ''}",
                            "method": m,
                            "conditioned": conditioned,
                            "n": K,
                            "rank_mae": float(err.mean()),
                            "rank_crps": float(scoring.crps_sample(R, a).mean()),
                            "brier_top30": float(scoring.brier((R <= 30).mean(axis=0), (a <= 30)).mean()),
                            "brier_top40": float(scoring.brier((R <= 40).mean(axis=0), (a <= 40)).mean()),
                            "coverage_80": float(scoring.covers(R, a, 0.8).mean()),
                            "rank_mae_unrevealed": float(err[hidden].mean()) if hidden.any() else np.nan,
                        }
                    )
    return pd.DataFrame(rows, columns=CONDITIONING_COLUMNS)


def conditioning_summary(cb: pd.DataFrame) -> pd.DataFrame:
    """Per variant and horizon (and horizons pooled, ``horizon`` 0): n-weighted means of the scores."""
    if cb.empty:
        return cb
    cols = ["rank_mae", "rank_crps", "brier_top30", "brier_top40", "coverage_80", "rank_mae_unrevealed"]

    def agg(g):
        w = g["n"].astype(float)
        out = {c: float(np.nansum(g[c] * w) / w[g[c].notna()].sum()) for c in cols}
        out.update(n=int(w.sum()), n_origins=int(g["origin"].nunique()))
        return pd.Series(out)

    by_h = cb.groupby(["variant", "horizon"], sort=False).apply(agg, include_groups=False).reset_index()
    pooled_ = cb.groupby("variant", sort=False).apply(agg, include_groups=False).reset_index().assign(horizon=0)
    return pd.concat([by_h, pooled_], ignore_index=True)


RELIABILITY_BINS = (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)


def reliability(
    det: pd.DataFrame, event: str = "top30", bins: Sequence[float] = RELIABILITY_BINS, indicator: str = "pci"
) -> pd.DataFrame:
    """Reliability of P(event) over the whole backtest: per method and probability bin, the mean
    forecast, the observed frequency and n (the input of a reliability diagram)."""
    d = det.assign(bin=pd.cut(det[f"p_{event}"], bins=list(bins), include_lowest=True))
    tab = (
        d.groupby(["method", "bin"], sort=False, observed=True)
        .agg(forecast=(f"p_{event}", "mean"), observed=(f"o_{event}", "mean"), n=(f"o_{event}", "size"))
        .reset_index()
    )
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
    return {
        "method": default,
        "rank_mae": d["rank_mae"],
        "rank_mae_persistence": p["rank_mae"],
        "rank_crps": d["rank_crps"],
        "rank_crps_persistence": p["rank_crps"],
        "brier_top30": d["brier_top30"],
        "brier_top30_persistence": p["brier_top30"],
        "brier_top40": d["brier_top40"],
        "brier_top40_persistence": p["brier_top40"],
        "coverage_80": d["coverage_80"],
        "beats_persistence": bool(
            d["rank_crps"] < p["rank_crps"]
            and d["brier_top30"] < p["brier_top30"]
            and d["brier_top40"] < p["brier_top40"]
        ),
        "n": int(d["n"]),
        "n_origins": int(d["n_origins"]),
        "_unused": math.nan,
    }
