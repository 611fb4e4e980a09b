"""Projection engine (analysis.analyses.project) on synthetic panels whose answers are known."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.analyses.project import (
    LINE_METHODS,
    METHODS,
    REDRAWN_EACH_YEAR,
    MethodologyBreakError,
    common_last_year,
    evaluate_targets,
    project,
    required_pace,
    trend_prediction_intervals,
)
from analysis.data.catalog import method_name, projection_methods

DRAWS = 2_000


def make_panel(scores: dict[str, dict[int, float]], indicator: str = "pci") -> pd.DataFrame:
    """{province: {year: score}} -> tidy panel (province code = 2-digit position)."""
    rows = []
    for i, (name, by_year) in enumerate(scores.items()):
        for y, s in by_year.items():
            rows.append(
                {
                    "year": y,
                    "province": name,
                    "province_code": f"{i + 1:02d}",
                    "indicator": indicator,
                    "score": float(s),
                    "rank": pd.NA,
                    "rank_kind": "",
                    "source_file": "synthetic",
                    "source_locator": "A1",
                    "source_kind": "official_workbook",
                }
            )
    return pd.DataFrame(rows)


def noisy_panel(n=30, years=range(2013, 2019), seed=1, common_sd=1.0, noise_sd=1.0, extra=None):
    rng = np.random.default_rng(seed)
    years = list(years)
    common = rng.normal(0, common_sd, len(years))
    scores = {}
    for i in range(n):
        lvl, slope = rng.normal(60, 4), rng.normal(0.3, 0.3)
        scores[f"P{i:02d}"] = {y: lvl + slope * t + common[t] + rng.normal(0, noise_sd) for t, y in enumerate(years)}
    if extra:
        scores.update(extra)
    return make_panel(scores)


# --------------------------------------------------------------------------- known answers
def test_steep_trend_reaches_target_and_flat_province_does_not():
    years = range(2013, 2019)
    extra = {
        "Steep": {y: 50 + 4 * t for t, y in enumerate(years)},  # 70 in 2018, +4/yr exactly
        "Flat": {y: 50 + 0.3 * ((-1) ** t) for t, y in enumerate(years)},
    }
    panel = noisy_panel(extra=extra, noise_sd=0.3, common_sd=0.3)
    pr = project(panel, target_years=(2025,), method="all", draws=DRAWS)
    # steep: 98 in 2025 -> clears 90 and is first (others ~60-70)
    for m in ("trend", "drift"):
        assert pr.prob_score_at_least("Steep", 2025, 90, method=m) > 0.99
        assert pr.prob_top_k("Steep", 2025, 1, method=m) > 0.99
        assert pr.prob_score_gain("Steep", 2025, 2.5, per_year=True, method=m) > 0.99
    # flat: needs (90-50)/7 = 5.7 a year, nobody ever did that
    for m in METHODS:
        assert pr.prob_score_at_least("Flat", 2025, 90, method=m) < 0.01
        assert pr.prob_score_gain("Flat", 2025, 5, per_year=True, method=m) < 0.01
    pace = required_pace(panel, "Flat", 2025, target_score=90).iloc[0]
    assert pace["required_annual_gain"] == pytest.approx(
        (90 - panel.query("province=='Flat' and year==2018")["score"].iloc[0]) / 7
    )
    assert pace["share_windows_achieving"] == 0
    assert pace["historical_annual_gain"] == pytest.approx(0, abs=0.2)
    steep = required_pace(panel, "Steep", 2025, target_score=90).iloc[0]
    assert steep["historical_annual_gain"] == pytest.approx(4)
    assert steep["share_windows_achieving"] == pytest.approx(1 / 32)  # only itself (4/yr >= 20/7)


def test_required_pace_from_target_rank_uses_latest_cross_section():
    panel = noisy_panel(n=10)
    last = panel[panel["year"] == 2018].set_index("province")["score"]
    out = required_pace(panel, "P03", 2025, target_rank=2)
    others = last.drop("P03").sort_values(ascending=False)
    row = out.iloc[0]
    assert row["target_score"] == pytest.approx(others.iloc[1])
    assert row["required_annual_gain"] == pytest.approx((others.iloc[1] - last["P03"]) / 7)
    assert row["n_windows"] == 10  # one 2013->2018 window per province


def test_trend_intervals_are_statsmodels_prediction_intervals():
    panel = noisy_panel(n=12, common_sd=0.5)
    pr = project(panel, target_years=(2021, 2025), method="trend", draws=40_000, seed=3)
    ti = trend_prediction_intervals(panel, target_years=(2021, 2025), alpha=0.2)
    m = pr.summary.merge(ti, on=["province_code", "target_year"])
    width = m["obs_ci_upper"] - m["obs_ci_lower"]
    assert len(m) == 24
    assert ((m["score_p10"] - m["obs_ci_lower"]).abs() / width).max() < 0.03
    assert ((m["score_p90"] - m["obs_ci_upper"]).abs() / width).max() < 0.03
    assert ((m["median_score"] - m["mean"]).abs() / width).max() < 0.03


def _random_walks(n, years, drift_sd, seed):
    rng = np.random.default_rng(seed)
    scores = {}
    for i in range(n):
        mu = rng.normal(0, drift_sd)
        steps = rng.normal(mu, 1.0, len(years))
        scores[f"R{i:03d}"] = dict(zip(years, 50 + np.cumsum(steps)))
    return make_panel(scores)


@pytest.mark.parametrize("method,drift_sd", [("drift", 0.5), ("persistence", 0.0)])
def test_80pct_intervals_cover_random_walks_at_nominal_rate(method, drift_sd):
    years = list(range(2022, 2045))  # synthetic years inside one methodology period (2022-)
    panel = _random_walks(400, years, drift_sd, seed=11)
    cov = _score_coverage_80(panel, 2039, (1, 3, 5), method, window=(2022, 2039))
    # 400 independent provinces per horizon: sd of one horizon's share is 0.02
    assert abs(cov - 0.80) < 0.05, cov


def test_trend_intervals_cover_trend_stationary_series():
    years = list(range(2022, 2045))  # synthetic years inside one methodology period (2022-)
    rng = np.random.default_rng(5)
    scores = {
        f"T{i:03d}": {y: 40 + rng.normal(0.5, 0.3) * 0 + 0.4 * t + rng.normal(0, 1.5) for t, y in enumerate(years)}
        for i in range(400)
    }
    cov = _score_coverage_80(make_panel(scores), 2034, (1, 5, 10), "trend", window=8)
    assert abs(cov - 0.80) < 0.05, cov


def _score_coverage_80(panel, origin, horizons, method, window):
    """Share of the actual scores of origin + h inside the 10-90% projected score interval (the panel cut at
    the origin, as the backtest does; raw draws)."""
    pr = project(
        panel[panel["year"] <= origin],
        last_year=origin,
        target_years=[origin + h for h in horizons],
        method=method,
        draws=1_000,
        seed=0,
        window=window,
        calibrated=False,
    )
    actual = panel.pivot(index="province_code", columns="year", values="score").reindex(pr.provinces["province_code"])
    inside = []
    for k, ty in enumerate(pr.target_years):
        lo, hi = np.quantile(pr.score_draws[method][:, k, :], [0.1, 0.9], axis=0)
        a = actual[ty].to_numpy(float)
        inside.append((a >= lo) & (a <= hi))
    return float(np.mean(np.concatenate(inside)))


def test_pooled_model_recovers_mean_reversion_and_pulls_extremes_in():
    rng = np.random.default_rng(4)
    years = list(range(2013, 2019))
    n = 60
    y = rng.normal(60, 6, n)
    hist = [y.copy()]
    for _ in years[1:]:
        y = y + 0.5 - 0.4 * (y - y.mean()) + rng.normal(0, 0.5, n)
        hist.append(y.copy())
    H = np.array(hist)  # (years, provinces)
    panel = make_panel({f"P{i:02d}": dict(zip(years, H[:, i])) for i in range(n)})
    pr = project(panel, target_years=(2025,), method="pooled", draws=1_000)
    assert pr.params["pooled"]["b"] == pytest.approx(-0.4, abs=0.05)
    assert pr.params["pooled"]["a"] == pytest.approx(0.5, abs=0.1)
    s = pr.summary.set_index("province")
    top, bottom = f"P{H[-1].argmax():02d}", f"P{H[-1].argmin():02d}"
    mean_2025 = s["median_score"].mean()
    assert abs(s.loc[top, "median_score"] - mean_2025) < 0.2 * abs(H[-1].max() - H[-1].mean())
    assert abs(s.loc[bottom, "median_score"] - mean_2025) < 0.2 * abs(H[-1].min() - H[-1].mean())


def test_common_shocks_do_not_change_ranks():
    rng = np.random.default_rng(2)
    years = range(2013, 2019)
    shock = np.cumsum(rng.normal(1.0, 3.0, 6))  # everybody moves together, a lot
    alpha = np.linspace(45, 75, 20)
    panel = make_panel({f"P{i:02d}": {y: alpha[i] + shock[t] for t, y in enumerate(years)} for i in range(20)})
    pr = project(panel, target_years=(2020, 2025, 2030), method="all", draws=500)
    expected = (20 - np.arange(20)).astype(np.int16)  # highest alpha ranks 1
    for m in METHODS:
        ranks = pr.rank_draws[m]
        assert (ranks == expected[None, None, :]).all(), m
        # ... although the scores of the score-based methods vary between draws (the rank
        # methods simulate z-scores: with no idiosyncratic history there is nothing to vary)
        if m in ("persistence", "trend", "drift", "pooled"):
            assert pr.score_draws[m][:, -1, 0].std() > 0.5, m


def test_observed_extra_years_override_simulation():
    panel = noisy_panel(n=15, extra={})
    extra = make_panel(
        {"Lai Chau": {2013: 50, 2014: 51, 2015: 52, 2016: 53, 2017: 54, 2018: 55, 2019: 80.0, 2020: 82.0}}
    )
    extra["province_code"] = "99"
    panel = pd.concat([panel, extra], ignore_index=True)
    assert common_last_year(panel) == 2018
    pr = project(panel, target_years=(2019, 2020, 2025), method="all", draws=DRAWS)
    assert pr.last_year == 2018
    i = pr.province_index("Lai Chau")
    for m in METHODS:
        S = pr.score_draws[m]
        assert (S[:, 0, i] == 80.0).all() and (S[:, 1, i] == 82.0).all(), m
        assert pr.prob_top_k("Lai Chau", 2020, 1, method=m) > 0.97  # others ~60
    summ = pr.summary.set_index(["method", "province", "target_year"])
    # paths continue from the observed 2020 value: +5 years of the own drift (1/yr)
    assert summ.loc[("drift", "Lai Chau", 2025), "median_score"] == pytest.approx(87, abs=0.3)
    assert summ.loc[("persistence", "Lai Chau", 2025), "median_score"] == pytest.approx(82, abs=0.3)
    # the trend line is re-fitted on the extra observations too (same as statsmodels)
    ti = trend_prediction_intervals(panel, target_years=(2025,)).set_index("province")
    assert summ.loc[("trend", "Lai Chau", 2025), "median_score"] == pytest.approx(ti.loc["Lai Chau", "mean"], abs=0.5)
    assert pr.provinces.iloc[i]["last_observed_year"] == 2020
    # projecting from an earlier year drops the later data, extra years included
    early = project(panel, last_year=2016, target_years=(2019,), method="drift", draws=200)
    assert (early.score_draws["drift"][:, 0, i] == 56.0).all()  # 53 in 2016 + 3 x 1, not 80


def test_window_spanning_a_break_raises_unless_allowed():
    panel = noisy_panel(n=8, years=range(2009, 2019))
    pr = project(panel, method="trend", draws=100)
    assert pr.window == (2013, 2018)  # default: the methodology period of the last year
    with pytest.raises(MethodologyBreakError, match="methodology break"):
        project(panel, window=(2010, 2018), draws=100)
    with pytest.raises(ValueError):
        project(panel, window=10, draws=100)
    with pytest.warns(UserWarning, match="methodology break"):
        pr = project(panel, window=(2010, 2018), draws=100, allow_break=True)
    assert pr.window == (2010, 2018)
    # 2013-2014 alone is too short: the default window reaches back into 2009-2012, saying so
    with pytest.warns(UserWarning, match="default window 2009-2014 spans the 2013 methodology break"):
        assert project(panel, last_year=2014, draws=100).window == (2009, 2014)
    with pytest.raises(ValueError, match="fewer than 3 years"):
        project(panel, window=2, draws=100)  # an explicit window of 2013-2014 only
    # by default a latest period too short to estimate (2013-2014) reaches back over the break, with a warning
    with pytest.warns(UserWarning, match="spans the 2013 methodology break"):
        pr = project(panel, last_year=2014, draws=100)
    assert pr.window == (2009, 2014)


def test_deterministic_with_seed_and_method_streams_independent():
    panel = noisy_panel(n=10)
    a = project(panel, method="all", draws=300, seed=7)
    b = project(panel, method="all", draws=300, seed=7)
    c = project(panel, method="all", draws=300, seed=8)
    d = project(panel, method="pooled", draws=300, seed=7)
    for m in METHODS:
        np.testing.assert_array_equal(a.score_draws[m], b.score_draws[m])
        assert not np.array_equal(a.score_draws[m], c.score_draws[m])
    np.testing.assert_array_equal(a.score_draws["pooled"], d.score_draws["pooled"])
    pd.testing.assert_frame_equal(a.summary, b.summary)


def test_truncated_panel_equals_explicit_last_year():
    panel = noisy_panel(n=10)
    a = project(panel, last_year=2016, target_years=(2018, 2020), method="all", draws=200)
    b = project(panel[panel["year"] <= 2016], target_years=(2018, 2020), method="all", draws=200)
    for m in METHODS:
        np.testing.assert_array_equal(a.score_draws[m], b.score_draws[m])


def test_summary_shape_rank_invariants_and_rank_scale():
    panel = noisy_panel(n=20)
    pr = project(panel, target_years=(2025, 2030), method=["trend", "pooled"], draws=500)
    s = pr.summary
    assert list(s.columns[:11]) == [
        "province",
        "province_code",
        "method",
        "target_year",
        "median_score",
        "score_p10",
        "score_p90",
        "median_rank",
        "rank_p10",
        "rank_p90",
        "n_ranked",
    ]
    assert len(s) == 20 * 2 * 2 and (s["n_ranked"] == 20).all()
    assert (s["score_p10"] <= s["median_score"]).all() and (s["median_score"] <= s["score_p90"]).all()
    assert (s["rank_p10"] <= s["rank_p90"]).all() and s["median_rank"].between(1, 20).all()
    # every draw is a permutation: P(top k) sums to k over provinces
    for k in (1, 5):
        tot = sum(pr.prob_top_k(p, 2030, k, method="pooled") for p in pr.provinces["province"])
        assert tot == pytest.approx(k)
    probs = pr.prob_top_k("P00", 2030, 5)
    assert isinstance(probs, pd.Series) and list(probs.index) == ["trend", "pooled"]
    # N scale: 20 projected, ranked on a 40 scale -> ranks doubled; percentiles unchanged
    p40 = project(panel, target_years=(2025, 2030), method="trend", draws=500, n_ranked=40)
    np.testing.assert_array_equal(p40.ranks("trend"), 2 * pr.rank_draws["trend"])
    assert p40.prob_top_k("P00", 2030, 0.25, scale="pct") == pr.prob_top_k("P00", 2030, 5, method="trend")
    assert (p40.summary["n_ranked"] == 40).all()
    assert pr.prob_rank_between("P00", 2030, 1, 20, method="trend") == 1.0


def test_evaluate_targets():
    years = range(2013, 2019)
    base = {f"P{i:02d}": {y: 55 + i * 0.5 + 0.1 * t for t, y in enumerate(years)} for i in range(10)}
    base["Steep"] = {y: 50 + 4 * t for t, y in enumerate(years)}
    pci = make_panel(base)
    sub = make_panel({k: {y: v / 10 for y, v in d.items()} for k, d in base.items()}, "transparency")
    sub2 = make_panel({k: {y: 10 - v / 10 for y, v in d.items()} for k, d in base.items()}, "time_costs")
    panel = pd.concat([pci, sub, sub2], ignore_index=True)
    targets = pd.DataFrame(
        [
            {
                "target_id": "t1",
                "province": "Steep",
                "index": "PCI",
                "kind": "top_k",
                "value_low": np.nan,
                "value_high": 1,
                "target_year": 2025,
                "region": np.nan,
            },
            {
                "target_id": "t2",
                "province": "P00",
                "index": "PCI",
                "kind": "score_change_per_year",
                "value_low": 2.0,
                "value_high": np.nan,
                "target_year": 2030,
                "region": np.nan,
            },
            {
                "target_id": "t3",
                "province": "Steep",
                "index": "PCI",
                "kind": "region_top_k",
                "value_low": np.nan,
                "value_high": 1,
                "target_year": 2025,
                "region": "North",
            },
            {
                "target_id": "t4",
                "province": "Steep",
                "index": "pci_subindex_each",
                "kind": "rank_band",
                "value_low": 1,
                "value_high": 3,
                "target_year": 2025,
                "region": np.nan,
            },
            {
                "target_id": "t5",
                "province": "P09",
                "index": "PCI",
                "kind": "keep_first",
                "value_low": np.nan,
                "value_high": np.nan,
                "target_year": 2025,
                "region": np.nan,
            },
        ]
    )
    codes = pci.drop_duplicates("province")[["province", "province_code"]]
    regions = {c: ("North" if p in ("Steep", "P00", "P01") else "South") for p, c in codes.itertuples(index=False)}
    out = evaluate_targets(panel, targets, method=["trend", "drift"], draws=500, regions=regions)
    cols = [
        "province",
        "target_id",
        "target",
        "method",
        "target_year",
        "probability",
        "median_rank",
        "rank_p10",
        "rank_p90",
        "median_score",
        "required_annual_gain",
        "historical_annual_gain",
    ]
    assert cols == list(out.columns[: len(cols)])
    # t4 expands to the two sub-indices present -> 6 targets x 2 methods
    assert len(out) == 6 * 2
    by = out.set_index(["target_id", "method"])
    assert (by.loc["t1", "probability"] > 0.99).all()
    assert (by.loc["t2", "probability"] < 0.01).all()
    assert (by.loc["t3", "probability"] > 0.99).all()
    assert by.loc["t2", "historical_annual_gain"].iloc[0] == pytest.approx(0.1)
    assert by.loc["t2", "required_annual_gain"].iloc[0] == pytest.approx(2.0)
    t4 = out[out["target_id"] == "t4"].set_index(["index", "method"])["probability"]
    assert (t4.loc["transparency"] > 0.99).all()  # Steep leads transparency
    assert (t4.loc["time_costs"] < 0.01).all()  # and trails time costs (mirror image)
    assert by.loc[("t5", "trend"), "probability"] < 0.01  # Steep overtakes the leader P09
    # required gain for t1: beat P09 (the best other) from Steep's 70 in 7 years, while the field
    # keeps rising at its 2013-2018 average pace (the cross-section mean's annual change)
    p09 = base["P09"][2018]
    field = np.mean([(d[2018] - d[2013]) / 5 for d in base.values()])
    assert by.loc[("t1", "trend"), "required_annual_gain"] == pytest.approx((p09 - 70) / 7 + field)


# --------------------------------------------------------------------------- real panel
REAL = Path(__file__).resolve().parents[1] / "data" / "pci_panel.csv"


def test_smoke_real_panel():
    panel = pd.read_csv(REAL, dtype={"province_code": str})
    last = common_last_year(panel)
    with pytest.warns(UserWarning, match="spans the 2022 methodology break"):
        pr = project(panel, target_years=(2025, 2030), method="all", draws=500)
    n = panel[(panel["indicator"] == "pci") & (panel["year"] == last)]["province_code"].nunique()
    assert pr.last_year == last and pr.n_projected == n
    s = pr.summary
    assert len(s) == n * 2 * len(METHODS)
    assert s["median_rank"].between(1, n).all()
    assert np.isfinite(s[["median_score", "score_p10", "score_p90"]]).all().all()
    # provinces observed after the common last year keep their observed scores in those years
    pci = panel[panel["indicator"] == "pci"]
    late = pci[pci["year"] > last]
    if not late.empty:
        assert (
            pr.provinces.set_index("province_code").loc[late["province_code"].unique(), "last_observed_year"] > last
        ).all()


def test_published_rank_of_a_later_observed_year_anchors_the_common_shock():
    """Everybody rises 6 points in 2019; the one province observed in 2019 rose 6 too and kept
    rank 8 of 15 (its published rank). Its gain must not count as overtaking the others."""
    panel = noisy_panel(n=15, extra={})
    cross_2018 = panel[(panel["year"] == 2018) & (panel["indicator"] == "pci")].sort_values("score", ascending=False)
    code, score_2018 = cross_2018.iloc[7][["province_code", "score"]]
    extra = panel[(panel["province_code"] == code) & (panel["year"] == 2018)].copy()
    extra["year"], extra["score"], extra["rank"] = 2019, score_2018 + 6.0, 8
    extra["source_kind"] = "province_document"
    panel = pd.concat([panel, extra], ignore_index=True)
    pr = project(panel, target_years=(2019, 2020), method=["persistence", "drift", "pooled"], draws=DRAWS)
    name = extra["province"].iloc[0]
    for m in ("persistence", "drift", "pooled"):
        ranks_2019 = pr.rank_draws[m][:, 0, pr.province_index(name)]
        assert (ranks_2019 == 8).all(), m


def _later_year(jump: float, rank=None):
    """noisy_panel with its 8th of 15 in 2018 observed again in 2019, ``jump`` points higher (rank ``rank``)."""
    panel = noisy_panel(n=15, extra={})
    cross_2018 = panel[(panel["year"] == 2018) & (panel["indicator"] == "pci")].sort_values("score", ascending=False)
    code, score_2018 = cross_2018.iloc[7][["province_code", "score"]]
    extra = panel[(panel["province_code"] == code) & (panel["year"] == 2018)].copy()
    extra["year"], extra["score"], extra["rank"] = 2019, score_2018 + jump, rank if rank else np.nan
    extra["source_kind"] = "province_document"
    return pd.concat([panel, extra], ignore_index=True), extra["province"].iloc[0]


def test_how_each_method_uses_a_later_observed_year_is_what_page_03_says():
    """Page 03's caveat names the methods from project.REDRAWN_EACH_YEAR and LINE_METHODS: measured here.
    A 10-point jump in 2019 moves 2020 in every method but those redrawn each year; one published rank in
    2019 holds in every draw of every method but the unanchored ones."""
    (low, name), (high, _) = _later_year(0.0), _later_year(10.0)
    a = project(low, target_years=(2019, 2020), method="all", draws=DRAWS)
    b = project(high, target_years=(2019, 2020), method="all", draws=DRAWS)
    i = a.province_index(name)
    moved = {m: float(np.median(b.score_draws[m][:, 1, i]) - np.median(a.score_draws[m][:, 1, i])) for m in METHODS}
    assert {m for m, d in moved.items() if abs(d) < 1e-9} == set(REDRAWN_EACH_YEAR), moved
    assert all(d > 2.0 for m, d in moved.items() if m not in REDRAWN_EACH_YEAR), moved
    # a path carries the whole jump on (persistence, drift); a line re-fitted with the observed year moves only
    # part of the way (LINE_METHODS)
    assert moved["persistence"] == pytest.approx(10.0) and moved["drift"] == pytest.approx(10.0), moved
    assert all(0.0 < moved[m] < 9.0 for m in LINE_METHODS), moved
    ranked, name = _later_year(6.0, rank=8)
    c = project(ranked, target_years=(2019, 2020), method="all", draws=DRAWS)
    held = {m: float((c.rank_draws[m][:, 0, c.province_index(name)] == 8).mean()) for m in METHODS}
    assert {m for m, h in held.items() if h < 1.0} == set(LINE_METHODS), held


def test_anchor_shift_puts_the_value_at_the_published_rank():
    from analysis.analyses.project import anchor_shift

    others = np.array([[70.0, 65.0, 60.0, 55.0], [10.0, 9.0, 8.0, 7.0]])
    for rank in (1, 2, 3, 4, 5):
        shifted = others + anchor_shift(others, 50.0, rank, n_ranked=5)[:, None]
        assert ((shifted > 50.0).sum(axis=1) == rank - 1).all(), rank


def test_required_pace_reads_a_rank_target_in_the_later_years_terms():
    """Everyone rose 6 points by 2019 and the province kept rank 8 (published). Holding rank 8
    needs no further gain; compared with the unshifted 2018 scores it would look like -6."""
    panel = noisy_panel(n=15, extra={})
    cross_2018 = panel[(panel["year"] == 2018) & (panel["indicator"] == "pci")].sort_values("score", ascending=False)
    code, name, score_2018 = cross_2018.iloc[7][["province_code", "province", "score"]]
    gaps = cross_2018["score"].diff().abs().dropna()
    extra = panel[(panel["province_code"] == code) & (panel["year"] == 2018)].copy()
    extra["year"], extra["score"], extra["rank"], extra["source_kind"] = 2019, score_2018 + 6.0, 8, "province_document"
    panel = pd.concat([panel, extra], ignore_index=True)
    req = required_pace(panel, name, 2025, target_rank=8).iloc[0]
    assert abs(req["required_annual_gain"]) * (2025 - 2019) <= gaps.max()
    assert "shifted" in req["target_score_basis"]


def test_a_too_young_methodology_period_reaches_back_with_a_warning(monkeypatch):
    """Seen from 2023 the 2022 weights (SOURCES.md, 'The 2022 methodology change') give a
    two-year period: the window reaches back into the previous period and says so."""
    from analysis.data import catalog as cat

    real = cat.methodology_period
    monkeypatch.setattr(cat, "methodology_period", lambda y: "2017-" if y >= 2017 else real(y))
    panel = noisy_panel(n=8, years=range(2013, 2019))
    with pytest.warns(UserWarning, match="default window 2013-2018 spans the 2017 methodology break"):
        pr = project(panel, method="persistence", draws=50)
    assert pr.window == (2013, 2018)


# --------------------------------------------------------------------------- ranks and summaries where they are read
def test_one_ranking_function_ties_share_the_best_rank_nan_last():
    from analysis.core.ranking import rank_desc, rank_of

    s = np.array([3.0, 5.0, 5.0, np.nan, 1.0, np.nan])
    # by hand, the rule of analysis.core.ranking (ties share the better rank, "1, 2, 2, 4"): both 5s first,
    # 3 third, 1 fourth; the NaNs last, by position
    expected = [3, 1, 1, 5, 4, 6]
    assert [int(rank_of(s, i)) for i in range(6)] == expected
    assert rank_desc(s).tolist() == expected
    # the same rule on a cross-section (a pandas Series): missing gets no rank
    assert rank_desc(pd.Series([3.0, 5.0, 5.0, None, 1.0])).tolist() == [3, 1, 1, pd.NA, 4]
    rng = np.random.default_rng(5)
    S = np.round(rng.normal(size=(300, 2, 12)), 1)  # many ties
    S[0, 0, [2, 7]] = np.nan
    R = rank_desc(S)
    for i in range(12):
        np.testing.assert_array_equal(rank_of(S, i), R[..., i])
    # and a draw without NaN agrees with pandas' "min" ranking
    np.testing.assert_array_equal(R[5, 1], pd.Series(S[5, 1]).rank(ascending=False, method="min").to_numpy())


def test_the_last_rank_of_a_tie_group():
    from analysis.core.ranking import rank_desc, rank_desc_by, rank_desc_last_by

    # by hand: 70 first; the two 65s share rank 2 and span ranks 2-3 (a source breaking the tie may publish
    # either), so their last rank is 3; 60 is fourth either way
    s = pd.Series([70.0, 65.0, 65.0, 60.0])
    one = pd.Series(0, index=s.index)  # a single group
    assert rank_desc(s).tolist() == [1, 2, 2, 4]
    assert rank_desc_last_by(s, one).tolist() == [1, 3, 3, 4]
    # three 65s span ranks 2-4; a missing score has no rank (<NA>) and takes no place in the span
    s = pd.Series([65.0, None, 70.0, 65.0, 60.0, 65.0])
    one = pd.Series(0, index=s.index)
    assert rank_desc(s).tolist() == [2, pd.NA, 1, 2, 5, 2]
    assert rank_desc_last_by(s, one).tolist() == [4, pd.NA, 1, 4, 5, 4]
    assert str(rank_desc_last_by(s, one).dtype) == "Int64"
    # per year x indicator, as the importer calls it: each group ranked on its own
    g = pd.DataFrame({"year": [2020, 2020, 2020, 2021, 2021], "score": [50.0, 50.0, 40.0, 50.0, 60.0]})
    assert rank_desc_last_by(g["score"], g["year"]).tolist() == [2, 2, 3, 2, 1]
    assert rank_desc_by(g["score"], g["year"]).tolist() == [1, 1, 3, 2, 1]


def _ranking_calls(source: str) -> list[int]:
    """Lines that rank outside analysis.core.ranking: a ``.rank(...)`` call (pandas' ranking, whatever its
    ``method=``, on a Series or a groupby) or scipy's ``rankdata`` (called, imported or named)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "rank":
            lines.append(node.lineno)
        elif (isinstance(node, ast.Name) and node.id == "rankdata") or (
            isinstance(node, ast.Attribute) and node.attr == "rankdata"
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(a.name == "rankdata" for a in node.names):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_every_rank_is_computed_in_core_ranking():
    """One home for the tie rule: no module of src/analysis but core/ranking.py ranks with pandas or scipy."""
    # the detector sees each way of ranking (so the check below is not vacuous)
    assert _ranking_calls('r = s.rank(ascending=False, method="min")') == [1]
    assert _ranking_calls('r = df.groupby(["year", "indicator"])["score"].rank(method="max", ascending=False)') == [1]
    assert _ranking_calls("from scipy.stats import rankdata\nr = rankdata(-x, method='min')") == [1, 2]
    assert _ranking_calls("import scipy.stats\nr = scipy.stats.rankdata(-x)") == [2]
    assert _ranking_calls("r = rank_desc(s)\nk = rank_of(S, 3)\nn = row.rank") == []
    src = Path(__file__).resolve().parents[1] / "src" / "analysis"
    home = src / "core" / "ranking.py"
    assert _ranking_calls(home.read_text(encoding="utf-8"))  # the home ranks with pandas, and is found
    elsewhere = {
        str(p.relative_to(src)): lines
        for p in sorted(src.rglob("*.py"))
        if p != home and (lines := _ranking_calls(p.read_text(encoding="utf-8")))
    }
    assert elsewhere == {}, (
        f"rank through analysis.core.ranking (rank_desc, rank_desc_by, rank_desc_last_by, rank_of): {elsewhere}"
    )


def test_province_views_equal_the_full_arrays_and_rank_nothing_else():
    panel = noisy_panel(n=20)
    pr = project(panel, target_years=(2020, 2025), method="all", draws=300, n_ranked=40)
    p = pr.provinces["province"].iloc[3]
    for m in METHODS:  # counted for one province, before anything is ranked
        r = pr.province_ranks(m, p, 2025)
        assert pr.rank_draws.ranked(m) is None
        np.testing.assert_array_equal(r, pr.ranks(m)[:, 1, 3])
    own = pr.province_summary(p)
    full = pr.summary[pr.summary["province"] == p].reset_index(drop=True)
    pd.testing.assert_frame_equal(own, full)
    kept = pr.keep_years([2025])
    assert kept.target_years == (2025,)
    np.testing.assert_array_equal(kept.score_draws["trend"][:, 0], pr.score_draws["trend"][:, 1])
    assert kept.prob_top_k(p, 2025, 10, method="trend") == pr.prob_top_k(p, 2025, 10, method="trend")


def test_every_method_has_one_name_in_the_catalogue():
    """catalog_data/projection_methods.csv names the engine's methods, in METHODS order: the one home of
    the names every legend, table and sentence uses (charts, reader, the backtest sentence)."""
    assert tuple(projection_methods()["method"]) == METHODS
    assert (method_name("rank_ar", "vi"), method_name("rank_ar", "en")) == ("hồi quy thứ hạng", "rank reversion")
    assert method_name("persistence", "both") == "giữ nguyên / persistence" and method_name("other", "vi") == "other"
