"""Proper scores (hand-computed), the rank-aware model and the rolling backtest on synthetic
panels whose answer is known, and the committed default choice."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import scoring
from analysis.analyses.backtesting import CALIBRATION, backtest_table, choose_default, rolling_backtest, skill_table
from analysis.analyses.project import FALLBACK_METHOD, default_method, project, rank_ar_fit


# --------------------------------------------------------------------------- scores by hand
def test_brier_and_log_score_by_hand():
    assert scoring.brier(0.7, 1) == pytest.approx(0.09)
    assert scoring.brier(0.7, 0) == pytest.approx(0.49)
    assert scoring.log_score(0.5, 1) == pytest.approx(math.log(2))
    assert scoring.log_score(0.8, 0) == pytest.approx(-math.log(0.2))
    assert scoring.log_score(1.0, 0) == pytest.approx(-math.log(scoring.EPS))  # clipped, not infinite


def test_crps_of_three_draws_by_hand():
    # draws 1, 2, 3 and outcome 2: E|X-y| = 2/3, E|X-X'| = 8/9 -> CRPS = 2/3 - 4/9 = 2/9;
    # as a ranked probability score: F = 1/3, 2/3, 1 vs step 0, 1, 1 -> (1/3)^2 + (1/3)^2 = 2/9
    assert scoring.crps_sample([1, 2, 3], 2) == pytest.approx(2 / 9)
    # a point forecast: CRPS = absolute error
    assert scoring.crps_sample([5, 5, 5, 5], 2) == pytest.approx(3)
    # vectorised over forecasts (axis 1)
    out = scoring.crps_sample(np.array([[1, 5], [2, 5], [3, 5]]), np.array([2, 2]))
    np.testing.assert_allclose(out, [2 / 9, 3])


def test_interval_score_and_coverage_by_hand():
    # width 3, outcome 2 above the upper end with alpha 0.2: 3 + 2/0.2 * 2 = 23
    assert scoring.interval_score(2, 5, 7, 0.2) == pytest.approx(23)
    assert scoring.interval_score(2, 5, 4, 0.2) == pytest.approx(3)
    draws = np.arange(1, 101)  # 1..100: the central 80% is 10.9..90.1
    assert scoring.covers(draws, 50, 0.8) and not scoring.covers(draws, 95, 0.8)


# --------------------------------------------------------------------------- synthetic panels
def _panel(Z, years, mean=60.0, sd=3.0):
    rows = []
    for i in range(Z.shape[0]):
        for t, y in enumerate(years):
            rows.append(
                {
                    "year": y,
                    "province": f"P{i:02d}",
                    "province_code": f"{i + 1:02d}",
                    "indicator": "pci",
                    "score": mean + 0.3 * t + sd * Z[i, t],
                    "rank": np.nan,
                    "source_kind": "official_workbook",
                }
            )
    return pd.DataFrame(rows)


def _stationary(n=63, years=range(2009, 2023), phi=0.5, seed=0):
    """z = own level + AR(1) noise: ranks revert to each province's level, so persistence of the
    last rank is a worse forecast than the mean-reverting model."""
    rng = np.random.default_rng(seed)
    years = list(years)
    lvl = rng.normal(0, 0.8, n)
    e = np.zeros((n, len(years)))
    e[:, 0] = rng.normal(0, 0.6, n)
    for t in range(1, len(years)):
        e[:, t] = phi * e[:, t - 1] + rng.normal(0, 0.6, n)
    return _panel(lvl[:, None] + e, years), years


def test_rank_ar_fit_recovers_reversion_to_own_level():
    panel, years = _stationary(n=300, years=range(2000, 2030))
    Z = panel.pivot(index="province_code", columns="year", values="score").to_numpy()
    Z = (Z - Z.mean(axis=0)) / Z.std(axis=0)
    fit = rank_ar_fit(Z)
    # z' = phi z + (1 - phi) level + e with phi = 0.5: beta near 0.5, phi + beta near 1
    assert fit["phi"] == pytest.approx(0.5, abs=0.08)
    assert fit["phi"] + fit["beta"] == pytest.approx(1.0, abs=0.1)


def test_backtest_on_a_mean_reverting_panel_prefers_the_rank_model():
    panel, _ = _stationary()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        det = rolling_backtest(
            panel,
            origins=(2016, 2017, 2018, 2019),
            horizons=(1, 3),
            method=["persistence", "rank_ar", "climatology"],
            draws=300,
        )
    tab = backtest_table(det)
    # 3 horizons-origin pairs x 63 provinces per method: (2016,1),(2016,3),(2017,1),(2017,3),(2018,1),(2018,3),(2019,1),(2019,3)
    assert (tab.groupby("method")["n"].sum() == 8 * 63).all()
    sk = skill_table(tab, horizons=(1, 3), n_boot=200).set_index("method")
    assert sk.loc["rank_ar", "rank_crps"] < sk.loc["persistence", "rank_crps"]
    assert sk.loc["rank_ar", "skill_rank_crps_vs_persistence_lo"] > 0
    assert abs(sk.loc["rank_ar", "coverage_80"] - 0.8) < 0.08
    m, calibrated = choose_default(sk.reset_index(), tolerance=0.08)
    assert m == "rank_ar" and calibrated


def test_choose_default_rule_on_a_hand_table():
    sk = pd.DataFrame(
        {
            "method": ["persistence", "trend", "rank_ar", "ensemble"],
            "rank_crps": [9.0, 6.0, 7.5, 7.0],
            "brier_top30": 0.2,
            "coverage_80": [0.72, 0.55, 0.79, 0.84],
        }
    )
    assert choose_default(sk) == ("ensemble", True)  # trend is best but under-covers
    assert choose_default(sk, tolerance=0.02) == ("rank_ar", True)
    with pytest.warns(UserWarning):
        assert choose_default(sk.assign(coverage_80=0.5)) == ("trend", False)


def test_default_method_reads_the_committed_choice(tmp_path, monkeypatch):
    monkeypatch.setenv("PCI_DATA_DIR", str(tmp_path))
    with pytest.warns(UserWarning, match="falls back"):
        assert default_method("pci") == FALLBACK_METHOD
    pd.DataFrame([{"indicator": "pci", "method": "pooled"}]).to_csv(tmp_path / "projection_default.csv", index=False)
    assert default_method("pci") == "pooled"
    panel, _ = _stationary(n=12)
    pr = project(panel, target_years=(2025,), method="default", draws=50)
    assert pr.methods == ("pooled",)


def test_ensemble_is_a_mixture_of_whole_joint_draws():
    panel, _ = _stationary(n=20)
    pr = project(panel, target_years=(2024, 2025), method=["ensemble"], draws=400, seed=3)
    R = pr.rank_draws["ensemble"]
    assert R.shape == (400, 2, 20)
    assert all(sorted(r) == list(range(1, 21)) for r in R[:, 1, :])  # every draw is a permutation


# --------------------------------------------------------------------------- the committed choice
def _committed():
    from analysis.core.paths import data_dir

    d = data_dir()
    return (
        pd.read_csv(d / "projection_skill.csv"),
        pd.read_csv(d / "projection_default.csv"),
        pd.read_csv(d / "projection_backtest.csv"),
    )


def test_committed_default_follows_the_rule_from_the_committed_table():
    skill, default, table = _committed()
    for ind, d in default.groupby("indicator"):
        sk = skill[skill["indicator"] == ind]
        assert (d["method"].iloc[0], bool(d["calibrated"].iloc[0])) == choose_default(sk)
        assert sk.loc[sk["chosen"], "method"].tolist() == [d["method"].iloc[0]]
        # the table behind it: n per method equals the pooled n (every method scored on the same forecasts)
        t = table[table["indicator"] == ind]
        assert t.groupby("method")["n"].sum().nunique() == 1


def test_committed_pci_default_beats_persistence_with_calibrated_intervals():
    """Issue 11, done when: pooled over horizons 1-7 the default has lower rank MAE and CRPS and lower
    Brier for top 30 and top 40 than persistence, with 80% rank coverage in 0.75-0.85."""
    skill, default, _ = _committed()
    sk = skill[skill["indicator"] == "pci"].set_index("method")
    d, p = sk.loc[default.set_index("indicator").loc["pci", "method"]], sk.loc["persistence"]
    assert d["rank_mae"] < p["rank_mae"] and d["rank_crps"] < p["rank_crps"]
    assert d["brier_top30"] < p["brier_top30"] and d["brier_top40"] < p["brier_top40"]
    assert 0.75 <= d["coverage_80"] <= 0.85


# --------------------------------------------------------------------------- issue 22: origin periods, recent check
def _hand_table():
    # two methods, two origins (2010 in 2007-2012, 2017 in 2013-2017), one horizon each; n = 10 and 30
    return pd.DataFrame(
        {
            "indicator": "pci",
            "origin": [2010, 2010, 2017, 2017],
            "horizon": [1, 1, 2, 2],
            "method": ["persistence", "ensemble"] * 2,
            "n": [10, 10, 30, 30],
            "rank_mae": [10.0, 8.0, 6.0, 6.06],
            "rank_crps": [7.0, 6.0, 5.0, 5.0],
            "interval_score_80": 1.0,
            "coverage_50": 0.5,
            "coverage_80": [0.7, 0.8, 0.8, 0.9],
            "coverage_90": 0.9,
            "brier_top30": [0.2, 0.1, 0.15, 0.15],
            "brier_top40": 0.1,
            "brier_bands": 0.1,
            "log_top30": 0.5,
            "score_mae": 1.0,
        }
    )


def test_skill_by_period_pools_by_hand_and_flags_where_the_edge_lives():
    from analysis.analyses.backtesting import edge_over_persistence, skill_by_period

    bp = skill_by_period(_hand_table(), recent=((2017, 2017), (2019, 2019))).set_index(["period", "method"])
    assert bp.loc[("2007–2012", "ensemble"), "skill_rank_mae_vs_persistence"] == pytest.approx(0.2)  # 1 - 8/10
    assert bp.loc[("2007–2012", "ensemble"), "beats_persistence"]
    # 6.06 vs 6.00: 1% worse, Brier equal -> not beating (a tie within TIE_MARGIN)
    assert not bp.loc[("2013–2017", "ensemble"), "beats_persistence"]
    # pooled by hand: rank MAE (10*8 + 30*6.06) / 40
    assert bp.loc[("all", "ensemble"), "rank_mae"] == pytest.approx((80 + 181.8) / 40)
    assert bp.loc[("recent", "ensemble"), "truth_years"] == "2019–2019"
    assert edge_over_persistence(bp.reset_index(), "ensemble") == "early periods only"


def test_committed_recent_check_reproduces_the_issue_and_the_factor_fits_every_recent_origin():
    """Issue 22: origins 2016-2018, truth 2019-2022: ensemble rank MAE 9.37 vs persistence 9.35, Brier top 30
    0.147 vs 0.148, 80% intervals cover 0.88 (the issue's own numbers, to the Monte Carlo noise of 1,000 draws).
    The interval factor is fitted on every recent origin (2016-2022, truth to 2023), not on those three alone:
    they over-cover while the newest under-cover, and a factor fitted on them (0.75) narrowed the intervals of
    every forecast to 0.68 coverage on origins 2019-2022 (review)."""
    from analysis.data import loaders

    d = loaders.load_projection_default().set_index("indicator").loc["pci"]
    assert d["method"] == "ensemble"
    assert abs(d["recent_rank_mae"] - 9.37) < 0.03 and abs(d["recent_rank_mae_persistence"] - 9.35) < 0.03
    assert abs(d["recent_brier_top30"] - 0.147) < 0.002 and abs(d["recent_brier_top30_persistence"] - 0.148) < 0.002
    assert abs(d["recent_coverage_80"] - 0.88) < 0.01
    assert CALIBRATION == ((2016, 2022), (2017, 2023))
    # the fit's window covers inside 0.75-0.85 with the factor chosen; the factor is the one closest to 1 there
    assert 0.75 <= d["recent_2016_2022_coverage_80_calibrated"] <= 0.85
    if 0.75 <= d["recent_2016_2022_coverage_80"] <= 0.85:  # already inside at 1: the intervals are left alone
        assert d["interval_scale"] == 1.0
    # the issue's recent check with that factor, out of the fit's control: reported, and stays over 0.80
    assert d["recent_coverage_80_calibrated"] > 0.80
    bp = loaders.load_projection_skill_by_period()
    pci = bp[bp["indicator"] == "pci"]
    assert {"2007–2012", "2013–2017", "2018–2023", "all", "recent"} <= set(pci["period"])
    rec = pci[(pci["period"] == "recent")].set_index("method")
    assert rec.loc["ensemble", "rank_mae"] == pytest.approx(d["recent_rank_mae"])
    assert not rec.loc["ensemble", "beats_persistence"]  # a tie on the recent check
    from analysis.analyses.backtesting import edge_over_persistence

    assert d["edge_over_persistence"] == edge_over_persistence(pci, "ensemble")


def test_one_backtest_one_rule_and_choose_default_method_names_the_committed_default():
    """Issue 21 item 2: the old score-based backtest and its rule (rank MAE, coverage +-0.10) are gone;
    analysis.choose_default_method applies the rule that wrote data/projection_default.csv."""
    import analysis
    from analysis.analyses import project as project_mod

    assert not hasattr(project_mod, "choose_default_method") and not hasattr(project_mod, "BACKTEST_COLUMNS")
    committed = pd.read_csv(analysis.core.paths.data_dir() / "projection_default.csv").set_index("indicator")
    assert analysis.choose_default_method() == analysis.default_method() == committed.loc["pci", "method"]
    assert analysis.choose_default_method(indicator="papi") == committed.loc["papi", "method"]


def test_project_applies_the_committed_interval_scale_to_the_default_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PCI_DATA_DIR", str(tmp_path))
    pd.DataFrame([{"indicator": "pci", "method": "pooled", "interval_scale": 0.5}]).to_csv(
        tmp_path / "projection_default.csv", index=False
    )
    panel, _ = _stationary(n=12)
    raw = project(panel, target_years=(2025,), method=["pooled", "persistence"], draws=200, calibrated=False)
    cal = project(panel, target_years=(2025,), method=["pooled", "persistence"], draws=200)
    S, C = raw.score_draws["pooled"], cal.score_draws["pooled"]
    med = np.median(S, axis=0, keepdims=True)
    np.testing.assert_allclose(C, med + 0.5 * (S - med))
    np.testing.assert_array_equal(cal.score_draws["persistence"], raw.score_draws["persistence"])


def test_committed_conditioning_backtest_beats_unconditioned_and_persistence_one_year_on():
    from analysis.analyses.backtesting import conditioning_verdict
    from analysis.data import loaders

    cb = pd.read_csv(analysis_data_dir() / "projection_conditioning.csv")
    assert set(cb["variant"]) == {"ensemble", "ensemble conditioned", "persistence", "persistence conditioned"}
    v = conditioning_verdict(cb, "ensemble")
    d = loaders.load_projection_default().set_index("indicator").loc["pci"]
    assert d["conditioned_rank_mae"] == pytest.approx(v["conditioned_rank_mae"])
    assert v["conditioned_is_default"] == (str(d["conditioned_is_default"]) == "True")
    assert v["conditioned_rank_mae"] < v["unconditioned_rank_mae"]


def analysis_data_dir():
    from analysis.core.paths import data_dir

    return data_dir()


def test_the_edge_sentence_reads_the_committed_default_in_each_languages_number_format():
    """The sentence beside the verdicts prints the committed recent check (data/projection_default.csv, written
    by the backtest) and no number of its own: 9.38 / 9.36 in English are 9,38 / 9,36 in Vietnamese."""
    from analysis.analyses.backtesting import edge_text
    from analysis.data import loaders

    d = loaders.load_projection_default()
    r = d.set_index("indicator").loc["pci"]
    en, vi = edge_text(d, "pci", "en"), edge_text(d, "pci", "vi")
    assert f"rank MAE {r['recent_rank_mae']:.2f} against {r['recent_rank_mae_persistence']:.2f}" in en
    assert f"{r['recent_rank_mae']:.2f}".replace(".", ",") in vi and f"{r['recent_rank_mae']:.2f}" not in vi
    assert (
        f"Calibrated on every origin 2016–2022 (truth to 2023): coverage {r['recent_2016_2022_coverage_80']:.2f}" in en
    )
