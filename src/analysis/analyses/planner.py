"""What would it take? From a target band to the cheapest yearly sub-index gains that reach it.

:func:`plan` is the one function page 03, the brief and the explorer call. For a province, a
target (a rank band / top-k, or a composite score) and a target year it answers:

(a) **The composite that reaches the band.** Every rival's score comes from the joint draws of a
    :class:`~analysis.analyses.project.Projection` (the draws the caller already has: page 03's
    run, the brief's simulation; nothing is simulated here). With its own composite fixed at
    ``s`` the province's rank in draw ``d`` is ``1 + #(rivals above s)``, so it makes rank ``hi``
    exactly when ``s`` is at least the ``hi``-th best rival score of that draw. The required
    composite is the ``probability`` quantile of that score over the draws: rivals' progress
    counts. A score target needs that score, whatever the rivals do. The band is read "at
    least" (rank ``hi`` or better), as page 03 reads it.

(b) **The cheapest yearly gains that deliver it.** From the province's latest ten sub-indices
    ``x`` (baseline year ``b``), constant yearly gains ``g`` over ``H = target_year - b`` years
    give the composite ``c0 + 10 H sum(w g)`` under the weights ``w`` in force in the target year
    (``catalog_data/weights.csv``). Effort is measured against what provinces achieved: the
    empirical distribution of one-year sub-index gains within one methodology period
    (:func:`yearly_gains`; the latest period with at least :data:`MIN_GAINS` province-years per
    sub-index). A gain's effort is ``-ln`` of the share of province-years with at least that
    gain (so the plan minimises ``-ln`` of the product of the shares: the combination that,
    taken sub-index by sub-index, history shows most often), fitted by its lower convex
    envelope through the points at :data:`EFFORT_QUANTILES` - a convex piecewise-linear
    function. The problem is then a **linear program** (``scipy.optimize.linprog``, HiGHS):
    minimise ``sum t_k`` subject to ``t_k >= a_kj + b_kj g_k`` (the envelope's pieces),
    ``10 H sum(w_k g_k) >= s - c0``, ``0 <= g_k <= (10 - x_k) / H`` (a sub-index cannot exceed
    10) and ``g_k <= `` the largest yearly gain any province showed. Only if that is infeasible
    is the historical cap lifted, and every gain beyond it is flagged ``never_achieved`` (its
    effort continues the envelope's last slope); if even ten on every sub-index falls short the
    plan says so (``reachable = False``).

:func:`evaluate_gains` scores any set of yearly gains the same way (the province's own written
plan, the explorer's sliders): the composite it gives, the province's rank distribution in the
target year against the same rival draws, and the probability of the band. :func:`own_plans`
reads the plans the provinces wrote from the seed targets (kind ``score_change_per_year`` on
``pci_subindex_each``: Điện Biên's +0.3 and +0.8 a year, seed 000 line 55).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.analyses import reachability
from analysis.analyses import targets as targets_mod
from analysis.analyses.project import Projection, default_method
from analysis.data import catalog

MIN_GAINS = 100  # province-year gains per sub-index a methodology period needs to be the effort yardstick
EFFORT_QUANTILES = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99)  # knots of the effort curve (and its max)
DEFAULT_PROBABILITY = reachability.LIKELY_AT  # the plan makes the target "likely"
# notebook 03's defaults (its parameters cell): the brief and the explorer, which have no simulation of their
# own to reuse, simulate exactly these draws, so their plans equal the page's (tests/test_planner.py checks)
# page 03's draws and seed are the target records' (one home: analysis.analyses.targets)
PAGE_DRAWS, PAGE_SEED, PAGE_YEARS, PAGE_METHODS = targets_mod.DRAWS, targets_mod.SEED, (2025, 2030), "all"
OWN_PLAN_KIND, OWN_PLAN_INDEX = "score_change_per_year", "pci_subindex_each"
COMPUTED_KIND = "derived"  # the source of the cheapest plan: computed here (catalog_data/source_kinds.csv)
LP_MARGIN = 1e-6  # composite points above the requirement: the LP's feasibility tolerance never leaves it short
GAIN_TOL = 1e-5  # points: a gain within this of a historical one counts as that gain (far below published precision)
PLAN_COLUMNS = [
    "indicator",
    "label",
    "weight",
    "baseline",
    "gain_per_year",
    "target_score",
    "share_achieved",
    "max_observed",
    "never_achieved",
    "at_cap",
    "contribution",
]


# --------------------------------------------------------------------------- history of gains
@dataclass
class GainHistory:
    """One-year sub-index gains of every province within one methodology period."""

    gains: pd.DataFrame  # indicator, province_code, province, year (the later year), gain
    period: str
    first_year: int
    last_year: int
    note_vi: str = ""
    note_en: str = ""

    def of(self, indicator: str) -> np.ndarray:
        return self.gains.loc[self.gains["indicator"] == indicator, "gain"].to_numpy(float)

    def share_at_least(self, indicator: str, gain: float) -> float:
        """Share of province-years with a yearly gain of at least ``gain`` (NaN without history)."""
        g = self.of(indicator)
        return float(np.mean(g >= gain - GAIN_TOL)) if len(g) else float("nan")

    def joint_share(self, gains: dict[str, float]) -> float:
        """Share of province-years (with every sub-index observed) in which each sub-index with a
        planned gain gained at least that much in the same year: has anybody done all of it at once?"""
        want = {k: v for k, v in gains.items() if v > 1e-9}
        if not want:
            return float("nan")
        wide = self.gains.pivot_table(index=["province_code", "year"], columns="indicator", values="gain").dropna()
        if not len(wide):
            return float("nan")
        ok = np.ones(len(wide), bool)
        for k, v in want.items():
            ok &= wide[k].to_numpy(float) >= v - GAIN_TOL
        return float(ok.mean())

    def max_gain(self, indicator: str) -> float:
        g = self.of(indicator)
        return float(g.max()) if len(g) else float("nan")

    def note(self, lang: catalog.Lang = "vi") -> str:
        return catalog.text(self.note_vi, self.note_en, lang)


def _period_gains(sub: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    d = sub[(sub["year"] >= first) & (sub["year"] <= last)]
    wide = d.pivot_table(index=["indicator", "province_code"], columns="year", values="score")
    rows = []
    for y in wide.columns:
        if y - 1 in wide.columns:
            g = (wide[y] - wide[y - 1]).dropna()
            rows.append(
                pd.DataFrame(
                    {
                        "indicator": g.index.get_level_values(0),
                        "province_code": g.index.get_level_values(1),
                        "year": int(y),
                        "gain": g.to_numpy(float),
                    }
                )
            )
    if not rows:
        return pd.DataFrame(columns=["indicator", "province_code", "year", "gain"])
    return pd.concat(rows, ignore_index=True)


def yearly_gains(panel: pd.DataFrame, up_to: int | None = None, min_gains: int = MIN_GAINS) -> GainHistory:
    """The empirical distribution of one-year sub-index gains (score in year t minus t-1, both in the
    same methodology period) of every province: the latest period up to ``up_to`` in which every
    sub-index has at least ``min_gains`` such province-years (a thinner period is named in the note).
    Paces never cross a methodology break."""
    sub = panel[panel["indicator"].isin(catalog.SUBINDICES) & panel["score"].notna()]
    sub = sub.drop_duplicates(["indicator", "province_code", "year"])
    up_to = int(sub["year"].max()) if up_to is None else int(up_to)
    w = catalog.load_weights().sort_values("first_year", ascending=False)
    skipped = []
    for _, r in w.iterrows():
        first = int(r["first_year"])
        last = up_to if pd.isna(r["last_year"]) else min(int(r["last_year"]), up_to)
        if first > up_to:
            continue
        g = _period_gains(sub, first, last)
        counts = g.groupby("indicator").size().reindex([s for s in catalog.SUBINDICES if pd.notna(r[s])]).fillna(0)
        if len(g) and counts.min() >= min_gains:
            vi = en = ""
            if skipped:
                p, n = skipped[0]
                pv, pe = catalog.period_label(p, "vi"), catalog.period_label(p, "en")
                vi = (
                    f"Giai đoạn phương pháp {pv} chỉ có {n} mức tăng một năm cho mỗi chỉ số thành phần (ít hơn "
                    f"{min_gains}); thước đo là giai đoạn {catalog.period_label(r['period'], 'vi')}."
                )
                en = (
                    f"The methodology period {pe} holds only {n} one-year gains per sub-index (fewer than "
                    f"{min_gains}); the yardstick is the {catalog.period_label(r['period'], 'en')} period."
                )
            names = sub.drop_duplicates("province_code").set_index("province_code")["province"]
            g["province"] = g["province_code"].map(names)
            return GainHistory(g, str(r["period"]), first, last, vi, en)
        skipped.append((str(r["period"]), int(counts.min()) if len(counts) else 0))
    raise ValueError(f"no methodology period up to {up_to} has {min_gains} one-year gains per sub-index")


# --------------------------------------------------------------------------- effort curves
@dataclass
class EffortCurve:
    """Convex piecewise-linear effort ``e(g) = max_j (a_j + b_j g)`` for ``g >= 0``: the lower convex
    envelope of ``-ln(share of province-years with at least g)`` at the knots."""

    knots: np.ndarray  # gains of the envelope's vertices
    values: np.ndarray  # -ln share at those vertices
    intercepts: np.ndarray
    slopes: np.ndarray
    max_observed: float

    def __call__(self, g) -> np.ndarray:
        g = np.asarray(g, float)
        return np.max(self.intercepts[:, None] + self.slopes[:, None] * np.atleast_1d(g)[None, :], axis=0)


def _lower_hull(x: np.ndarray, y: np.ndarray) -> list[int]:
    hull: list[int] = []
    for i in range(len(x)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            if (y[b] - y[a]) * (x[i] - x[a]) >= (y[i] - y[a]) * (x[b] - x[a]):  # b is not below the chord a-i
                hull.pop()
            else:
                break
        hull.append(i)
    return hull


def effort_curve(gains: np.ndarray, quantiles: Sequence[float] = EFFORT_QUANTILES) -> EffortCurve:
    """The effort curve of one sub-index from its one-year gains (see :class:`EffortCurve`)."""
    g = np.sort(np.asarray(gains, float))
    if len(g) < 2:
        raise ValueError("an effort curve needs at least two gains")
    pts = sorted({0.0, *(float(v) for v in np.quantile(g, quantiles) if v > 0), float(g[-1])})
    pts = [p for p in pts if p >= 0]
    x = np.array(pts)
    share = np.array([np.mean(g >= p - 1e-12) for p in x])
    y = -np.log(share)
    keep = _lower_hull(x, y)
    x, y = x[keep], y[keep]
    if len(x) == 1:  # every observed gain is <= 0: any gain is beyond history
        x, y = np.array([0.0, 1.0]), np.array([y[0], y[0] + math.log(len(g) + 1)])
    slopes = np.diff(y) / np.diff(x)
    slopes = np.maximum.accumulate(np.maximum(slopes, 0))  # non-decreasing, non-negative
    intercepts = y[:-1] - slopes * x[:-1]
    return EffortCurve(x, y, intercepts, slopes, float(g[-1]))


# --------------------------------------------------------------------------- rivals
def _method(proj: Projection, method: str | None) -> str:
    if method is not None:
        return method
    d = default_method(proj.indicator)
    return d if d in proj.methods else proj.methods[0]


def rivals(proj: Projection, province: str, year: int, method: str | None = None) -> np.ndarray:
    """(draws, P-1) rival scores in ``year`` (every projected province but ``province``)."""
    m = _method(proj, method)
    i, k = proj.province_index(province), proj._year_index(year)
    s = proj.score_draws[m][:, k, :]
    return np.delete(s, i, axis=1)


def _raw_cut(proj: Projection, rank_hi: float) -> int:
    """The largest rank among the P projected provinces whose reported rank is ``rank_hi`` or better
    (reported ranks are ``ceil(r * n_ranked / P)``)."""
    P, n = proj.n_projected, proj.n_ranked
    return int(math.floor(rank_hi * P / n + 1e-9))


def ranks_for_score(proj: Projection, province: str, year: int, score: float, method: str | None = None) -> np.ndarray:
    """The province's rank in each draw (n_ranked scale) if its composite in ``year`` were ``score``."""
    riv = rivals(proj, province, year, method)
    raw = 1 + (riv > score).sum(axis=1)
    P, n = proj.n_projected, proj.n_ranked
    return raw if P == n else np.ceil(raw * n / P).astype(int)


def required_composite(
    proj: Projection,
    province: str,
    year: int,
    rank_hi: float,
    probability: float = DEFAULT_PROBABILITY,
    method: str | None = None,
) -> float:
    """The lowest composite that puts ``province`` at rank ``rank_hi`` or better in ``year`` in at
    least ``probability`` of the draws, rivals as projected."""
    riv = rivals(proj, province, year, method)
    K = _raw_cut(proj, rank_hi)
    if K < 1:
        raise ValueError(f"rank {rank_hi} is better than any rank the scale allows")
    if K > riv.shape[1]:
        return float("-inf")
    kth = -np.sort(-riv, axis=1)[:, K - 1]  # the K-th best rival score of each draw
    need = float(np.quantile(kth, probability, method="inverted_cdf"))  # the least s with P(kth <= s) >= probability
    return float(np.nextafter(need, np.inf))  # strictly above: no tie with that rival


# --------------------------------------------------------------------------- target and baseline
@dataclass
class Target:
    """What the plan aims at: rank ``rank_low``-``rank_high`` (read 'at least': rank_high or better)
    or a composite ``score``; with the seed row it came from."""

    year: int
    rank_high: float | None = None
    rank_low: float | None = None
    score: float | None = None
    target_id: str = ""
    source: str = ""
    quote: str = ""

    def words(self, lang: catalog.Lang = "vi") -> str:
        if self.score is not None:
            return catalog.text(
                f"điểm PCI ≥ {self.score:.2f} năm {self.year}", f"PCI score ≥ {self.score:.2f} in {self.year}", lang
            )
        lo, hi = self.rank_low, self.rank_high
        if lo is None or lo <= 1:
            return catalog.text(f"top {hi:g} năm {self.year}", f"top {hi:g} in {self.year}", lang)
        return catalog.text(f"nhóm {lo:g}–{hi:g} năm {self.year}", f"rank {lo:g}–{hi:g} in {self.year}", lang)


def headline_target(targets: pd.DataFrame, province: str, years: Sequence[int] | None = None) -> Target | None:
    """The province's national PCI rank target (rank band or top-k) furthest ahead among ``years``
    (its first row in the seed table when one year holds two readings); None without one."""
    code = catalog.resolve_province(province).code
    t = targets[
        (targets["province_code"].astype(str) == code)
        & (targets["index"].astype(str).str.lower() == "pci")
        & targets["kind"].isin(("rank_band", "top_k"))
        & targets["target_year"].notna()
    ]
    if years is not None:
        t = t[t["target_year"].astype(int).isin([int(y) for y in years])]
    if not len(t):
        return None
    t = t[t["target_year"].astype(int) == int(t["target_year"].astype(int).max())]
    r = t.iloc[0]
    lo, hi = reachability.target_rank_range(r["kind"], r["value_low"], r["value_high"])
    return Target(
        year=int(r["target_year"]),
        rank_high=float(hi),
        rank_low=float(lo),
        target_id=str(r["target_id"]),
        source=str(r.get("source", "")),
        quote=str(r.get("quote", "")),
    )


@dataclass
class Baseline:
    year: int
    scores: dict[str, float]  # sub-index -> score in ``year``
    source: str


def baseline(panel: pd.DataFrame, province: str) -> Baseline:
    """The province's latest year with all ten sub-indices."""
    code = catalog.resolve_province(province).code
    d = panel[
        (panel["province_code"].astype(str) == code)
        & panel["indicator"].isin(catalog.SUBINDICES)
        & panel["score"].notna()
    ].drop_duplicates(["indicator", "year"])
    counts = d.groupby("year")["indicator"].nunique()
    full = counts[counts == len(catalog.SUBINDICES)]
    if not len(full):
        raise ValueError(f"{province}: no year with all ten sub-indices")
    y = int(full.index.max())
    rows = d[d["year"] == y]
    files = sorted(set(rows.get("source_file", pd.Series(dtype=str)).dropna().astype(str)))
    return Baseline(y, dict(zip(rows["indicator"], rows["score"].astype(float))), ", ".join(files))


# --------------------------------------------------------------------------- scenarios
@dataclass
class Scenario:
    """A set of yearly gains evaluated against the rivals' draws."""

    name_vi: str
    name_en: str
    gains: dict[str, float]
    composite: float
    ranks: np.ndarray  # (draws,) the province's rank in the target year
    probability: float  # P(rank <= rank_high), or P(composite >= score) for a score target
    probability_within: float | None
    never_achieved: list[str]
    table: pd.DataFrame
    source: str = ""
    joint_share: float = float("nan")  # province-years with every planned gain at once (GainHistory.joint_share)
    written: dict[str, float] = field(default_factory=dict)  # the gains as asked, before the cap of 10

    def name(self, lang: catalog.Lang = "vi") -> str:
        return catalog.text(self.name_vi, self.name_en, lang)

    def rank_distribution(self) -> pd.Series:
        """Share of draws at each rank."""
        return pd.Series(self.ranks).value_counts(normalize=True).sort_index()

    @property
    def median_rank(self) -> float:
        return float(np.median(self.ranks))


def _gain_table(
    gains: dict[str, float], base: Baseline, weights: dict[str, float], years: int, history: GainHistory
) -> pd.DataFrame:
    rows = []
    for k in catalog.SUBINDICES:
        w = weights.get(k, 0.0)
        g = float(gains.get(k, 0.0))
        x = base.scores[k]
        end = min(10.0, x + years * g)
        used = (end - x) / years
        mx = history.max_gain(k)
        rows.append(
            {
                "indicator": k,
                "label": catalog.indicator_label(k, "en"),
                "weight": w,
                "baseline": x,
                "gain_per_year": used,
                "target_score": end,
                "share_achieved": history.share_at_least(k, used) if used > 1e-9 else float("nan"),
                "max_observed": mx,
                "never_achieved": bool(used > mx + GAIN_TOL),
                "at_cap": bool(x + years * g >= 10.0 - 1e-9),
                "contribution": 10 * w * (end - x),
            }
        )
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def evaluate_gains(
    proj: Projection,
    panel: pd.DataFrame,
    province: str,
    target: Target,
    gains: dict[str, float] | float,
    *,
    history: GainHistory | None = None,
    method: str | None = None,
    name: tuple[str, str] = ("Phương án", "Scenario"),
    source: str = "",
    base: Baseline | None = None,
    weights: dict[str, float] | None = None,
) -> Scenario:
    """The composite ``gains`` (sub-index -> points a year, or one number for every sub-index; a
    sub-index stops at 10) give in the target year, the province's rank in each rival draw, and the
    probability of the target. ``weights``: the target year's catalogue weights unless given."""
    base = baseline(panel, province) if base is None else base
    history = yearly_gains(panel, up_to=base.year) if history is None else history
    if np.isscalar(gains):
        gains = {k: float(gains) for k in catalog.SUBINDICES}
    weights = catalog.weights_for_year(target.year) if weights is None else weights
    H = target.year - base.year
    if H <= 0:
        raise ValueError(f"target year {target.year} is not after the baseline year {base.year}")
    tab = _gain_table(gains, base, weights, H, history)
    c0 = composite(base.scores, weights)
    comp = float(c0 + tab["contribution"].sum())
    ranks = ranks_for_score(proj, province, target.year, comp, method)
    if target.score is not None:
        p, within = float(comp >= target.score), None
    else:
        p = float(np.mean(ranks <= target.rank_high))
        lo = target.rank_low if target.rank_low is not None else 1
        within = float(np.mean((ranks >= lo) & (ranks <= target.rank_high)))
    return Scenario(
        name[0],
        name[1],
        {k: float(v) for k, v in tab.set_index("indicator")["gain_per_year"].items()},
        comp,
        ranks,
        p,
        within,
        list(tab.loc[tab["never_achieved"], "indicator"]),
        tab,
        source,
        history.joint_share(dict(zip(tab["indicator"], tab["gain_per_year"]))),
        {k: float(gains.get(k, 0.0)) for k in catalog.SUBINDICES},
    )


def own_plans(
    targets: pd.DataFrame, province: str, year: int | None = None
) -> list[tuple[tuple[str, str], float, str]]:
    """The yearly gain on every sub-index the province's own documents set (seed targets of kind
    ``score_change_per_year`` on ``pci_subindex_each``), each end of a range a scenario:
    ``((name_vi, name_en), gain, source)``; a plan written to an earlier year than ``year`` is read
    as kept up to ``year`` (the name says so). Empty when the documents set none."""
    code = catalog.resolve_province(province).code
    t = targets[
        (targets["province_code"].astype(str) == code)
        & (targets["kind"] == OWN_PLAN_KIND)
        & (targets["index"].astype(str).str.lower() == OWN_PLAN_INDEX)
    ]
    out = []
    for _, r in t.iterrows():
        for v in dict.fromkeys(x for x in (r["value_low"], r["value_high"]) if pd.notna(x)):
            v, to = float(v), int(r["target_year"])
            kept_vi = f", giữ đến {year}" if year is not None and year > to else ""
            kept_en = f", kept up to {year}" if year is not None and year > to else ""
            out.append(
                (
                    (
                        f"Kế hoạch của tỉnh: +{v:g} điểm/năm mỗi chỉ số (viết đến {to}{kept_vi})",
                        f"The province's plan: +{v:g} a year on each sub-index (written to {to}{kept_en})",
                    ),
                    v,
                    str(r.get("source", "")),
                )
            )
    return out


# --------------------------------------------------------------------------- the planner
@dataclass
class Plan:
    """The planner's answer for one province and target (:func:`plan`)."""

    province: str
    province_code: str
    target: Target
    probability_wanted: float
    method: str
    draws: int
    baseline: Baseline
    weights_period: str
    history: GainHistory
    current_composite: float  # baseline sub-indices under the target year's weights
    required: float  # the composite that reaches the band with probability_wanted
    reachable: bool  # some gains within the cap of 10 reach it
    within_history: bool  # reached without any gain beyond what a province has shown
    cheapest: Scenario | None
    effort: float  # the LP objective (sum of -ln shares), NaN when unreachable
    solver: str
    scenarios: list[Scenario] = field(default_factory=list)  # the province's own written plans
    max_composite: float = float("nan")  # ten on every sub-index

    @property
    def years(self) -> int:
        return self.target.year - self.baseline.year

    def table(self, lang: catalog.Lang = "vi") -> pd.DataFrame:
        """The cheapest plan per sub-index (unformatted): sub-index, weight, gain a year, share of
        province-years that achieved it, composite contribution, flags."""
        if self.cheapest is None:
            return pd.DataFrame(columns=PLAN_COLUMNS)
        t = self.cheapest.table.copy()
        t["label"] = [catalog.indicator_label(k, lang) for k in t["indicator"]]
        return t

    def scenario_table(self) -> pd.DataFrame:
        """One row per evaluated set of gains (the cheapest plan first): composite, median rank,
        probability of the band (at least, within), sub-indices with a gain never shown."""
        rows = []
        for s in ([self.cheapest] if self.cheapest else []) + self.scenarios:
            rows.append(
                {
                    "scenario_vi": s.name_vi,
                    "scenario_en": s.name_en,
                    "composite": s.composite,
                    "median_rank": s.median_rank,
                    "rank_p10": float(np.quantile(s.ranks, 0.1)),
                    "rank_p90": float(np.quantile(s.ranks, 0.9)),
                    "probability": s.probability,
                    "probability_within": s.probability_within,
                    "joint_share": s.joint_share,
                    "never_achieved": ", ".join(s.never_achieved),
                    "source": s.source,
                }
            )
        return pd.DataFrame(rows)


def _solve(
    curves: dict[str, EffortCurve],
    weights: dict[str, float],
    base: Baseline,
    H: int,
    need: float,
    caps: dict[str, float],
):
    ks = list(catalog.SUBINDICES)
    n = len(ks)
    c = np.r_[np.zeros(n), np.ones(n)]
    A, b = [], []
    for j, k in enumerate(ks):
        for a_, s_ in zip(curves[k].intercepts, curves[k].slopes):  # t_k >= a + s g_k
            row = np.zeros(2 * n)
            row[j], row[n + j] = s_, -1
            A.append(row)
            b.append(-a_)
    row = np.zeros(2 * n)
    row[:n] = [-10 * H * weights.get(k, 0.0) for k in ks]
    A.append(row)
    b.append(-need)
    bounds = [(0, max(0.0, caps[k])) for k in ks] + [(None, None)] * n
    from scipy.optimize import linprog  # lazy: 0.4 s of every import of this module (the brief, the tests' collection)

    return linprog(c, A_ub=np.array(A), b_ub=np.array(b), bounds=bounds, method="highs")


def composite(scores: dict[str, float], weights: dict[str, float]) -> float:
    """``10 * sum(w * x)``: the composite of sub-index scores under weights summing to 1 (catalogue
    weights: :func:`analysis.data.catalog.recompute_composite`)."""
    return float(10 * sum(w * float(scores[k]) for k, w in weights.items() if w))


def plan(
    proj: Projection,
    panel: pd.DataFrame,
    province: str,
    target: Target,
    *,
    probability: float = DEFAULT_PROBABILITY,
    method: str | None = None,
    targets: pd.DataFrame | None = None,
    history: GainHistory | None = None,
    weights: dict[str, float] | None = None,
) -> Plan:
    """The cheapest yearly sub-index gains that put ``province`` in ``target`` with ``probability``
    against the rivals' joint draws in ``proj`` (the caller's simulation of the composite), and the
    province's own written plans (from ``targets``, the seed targets) evaluated the same way.
    A linear program (``scipy.optimize.linprog``, HiGHS) on convex piecewise-linear effort curves;
    see the module docstring. ``history`` (default :func:`yearly_gains` up to the baseline year) and
    ``weights`` (default the target year's, ``catalog_data/weights.csv``) are for tests."""
    m = _method(proj, method)
    prov = catalog.resolve_province(province)
    base = baseline(panel, province)
    history = yearly_gains(panel, up_to=base.year) if history is None else history
    weights = catalog.weights_for_year(target.year) if weights is None else weights
    H = target.year - base.year
    c0 = composite(base.scores, weights)
    required = (
        float(target.score)
        if target.score is not None
        else required_composite(proj, province, target.year, target.rank_high, probability, m)
    )
    need = required - c0 + LP_MARGIN
    curves = {k: effort_curve(history.of(k)) for k in catalog.SUBINDICES}
    room = {k: (10.0 - base.scores[k]) / H for k in catalog.SUBINDICES}
    max_comp = c0 + sum(10 * weights.get(k, 0.0) * room[k] * H for k in catalog.SUBINDICES)
    hist_caps = {k: min(room[k], history.max_gain(k)) for k in catalog.SUBINDICES}
    within, reachable, sol = True, True, None
    if need <= LP_MARGIN:
        gains = {k: 0.0 for k in catalog.SUBINDICES}
        effort = float(sum(curves[k](0.0)[0] for k in catalog.SUBINDICES))
    else:
        res = _solve(curves, weights, base, H, need, hist_caps)
        if res.status != 0:
            within = False
            res = _solve(curves, weights, base, H, need, room)
        if res.status != 0:
            reachable = False
        sol = res
        if reachable:
            gains = dict(zip(catalog.SUBINDICES, np.maximum(res.x[: len(catalog.SUBINDICES)], 0.0)))
            effort = float(res.fun)
        else:
            gains, effort = None, float("nan")
    name = ("Phương án ít tốn sức nhất", "Cheapest plan")
    cheapest = (
        evaluate_gains(
            proj,
            panel,
            province,
            target,
            gains,
            history=history,
            method=m,
            name=name,
            base=base,
            source=COMPUTED_KIND,
            weights=weights,
        )
        if gains is not None
        else None
    )
    scen = []
    if targets is not None:
        for nm, g, src in own_plans(targets, province, target.year):
            scen.append(
                evaluate_gains(
                    proj,
                    panel,
                    province,
                    target,
                    g,
                    history=history,
                    method=m,
                    name=nm,
                    source=src,
                    base=base,
                    weights=weights,
                )
            )
    period = catalog.methodology_period(target.year)
    return Plan(
        province=prov.name,
        province_code=prov.code,
        target=target,
        probability_wanted=probability,
        method=m,
        draws=proj.draws,
        baseline=base,
        weights_period=period,
        history=history,
        current_composite=c0,
        required=required,
        reachable=reachable,
        within_history=within and reachable,
        cheapest=cheapest,
        effort=effort,
        solver="scipy.optimize.linprog (HiGHS)" if sol is not None else "none",
        scenarios=scen,
        max_composite=float(max_comp),
    )


def province_plan(
    proj: Projection,
    panel: pd.DataFrame,
    province: str,
    targets: pd.DataFrame,
    *,
    years: Sequence[int] | None = None,
    probability: float = DEFAULT_PROBABILITY,
    method: str | None = None,
) -> Plan | None:
    """:func:`plan` for the province's national PCI rank target furthest ahead among ``years``
    (:func:`headline_target`), with its own written plans; None when it has no such target."""
    tg = headline_target(targets, province, years if years is not None else proj.target_years)
    if tg is None or tg.year not in proj.target_years:
        return None
    return plan(proj, panel, province, tg, probability=probability, method=method, targets=targets)


def composite_projection(
    panel: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    *,
    draws: int = PAGE_DRAWS,
    seed: int | None = PAGE_SEED,
    years: Sequence[int] = PAGE_YEARS,
    method: str | Sequence[str] = PAGE_METHODS,
) -> Projection:
    """The joint simulation of the composite that every target answer reads: the PCI draws of
    :func:`analysis.analyses.targets.evaluate` (every method: the ensemble's draws are a mixture of its
    components' only when they are simulated together), for a caller without them (the explorer). With the
    defaults on the committed tables it is the very evaluation page 03 and the briefs read, not a new one."""
    committed = panel is None and targets is None
    ev = targets_mod.evaluate(
        draws=draws,
        seed=seed,
        extra_years=years,
        panel=None if committed else panel,
        targets=None if committed else targets,
    )
    if method != "all":
        raise ValueError(f"the evaluation simulates every method together; method={method!r} is not one simulation")
    return ev.sims["pci"]
