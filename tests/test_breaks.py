"""The projection engine across a methodology break (issue 21, item 5): changes are learned only inside one
methodology period and each period keeps its own level.

The synthetic panels here have known answers: every province moves on an exact line inside each PCI weights
period (catalog_data/weights.csv: 2013-2021 and 2022-) and jumps by its own amount at the 2022 break. An engine
that learns from the 2021->2022 change, or fits one line through both periods, gets the slope wrong by the jump.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from analysis.analyses.project import (
    _changes,
    _pooled_fit,
    _prepare,
    break_adjustment,
    engine_note,
    gain_distribution,
    project,
    trend_prediction_intervals,
)
from analysis.data.periods import breaks_between, period_map
from test_project import make_panel

YEARS = range(2013, 2024)  # 2013-2021 one PCI weights period, 2022-2023 the next
SLOPES = [0.2, 0.5, -0.3, 0.8, 0.0, 1.1, -0.6, 0.4]
JUMPS = [9.0, -4.0, 6.5, 0.0, 12.0, -8.0, 3.0, 7.5]  # each province's level shift at 2022


def _line(i: int, y: int) -> float:
    return 55.0 + 2.0 * i + SLOPES[i] * (y - 2013) + (JUMPS[i] if y >= 2022 else 0.0)


def _break_panel():
    return make_panel({f"P{i}": {y: _line(i, y) for y in YEARS} for i in range(len(SLOPES))})


def _project(panel, method, years=(2025,), draws=400):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return project(
            panel, target_years=years, method=method, draws=draws, window=(2013, 2023), allow_break=True, seed=3
        )


def test_pci_periods_come_from_the_weights_table_and_papi_periods_from_the_papi_table():
    # catalog_data/weights.csv: the 2013 weights hold 2013-2021, new weights from 2022
    assert breaks_between("pci", 2013, 2023) == [2022]
    assert breaks_between("pci", 2014, 2021) == []
    # ../shared/data/SOURCES.md, papi-workbooks/PAPI_2011-2018.xlsx row: "6 dimensions 2011-2017, 8 dimensions
    # from 2018"; the committed data/papi.csv is read, and a future year is in the last period
    p = period_map("papi", [2011, 2017, 2018, 2024, 2030])
    assert p[2011] == p[2017] != p[2018] == p[2024] == p[2030]
    assert p[2011].startswith("2011-2017") and p[2018].startswith("2018-")
    assert breaks_between("papi", 2011, 2024) == [2018]


def test_drift_is_the_pace_inside_each_period_not_the_jump_at_the_break():
    inp = _prepare(_break_panel(), "pci", None, (2013, 2023), True)
    D, mu = _changes(inp)
    assert D.shape[1] == 9  # 10 consecutive pairs in 2013-2023, less the one across the 2022 break
    np.testing.assert_allclose(mu, SLOPES, atol=1e-12)
    # the field's pace (the cross-section mean's change) is the mean slope, within the periods only
    assert inp.mean_drift == pytest.approx(np.mean(SLOPES), abs=1e-12)


def test_trend_gets_its_own_level_after_the_break():
    pr = _project(_break_panel(), "trend")
    expect = np.array([_line(i, 2025) for i in range(8)])  # the 2022- line continued: slope and new level
    np.testing.assert_allclose(pr.score_draws["trend"][:, 0, :], np.broadcast_to(expect, (400, 8)), atol=1e-9)


def test_pooled_learns_no_change_from_the_break():
    # every province rises 0.5 a year inside each period; the jumps differ; the pooled model must see no
    # spread at all (no residual, no year effect): every draw is the last score + 0.5 a year
    scores = {
        f"P{i}": {y: 50 + 3 * i + 0.5 * (y - 2013) + (JUMPS[i] if y >= 2022 else 0) for y in YEARS} for i in range(8)
    }
    pr = _project(make_panel(scores), "pooled", years=(2024, 2026))
    last = np.array([scores[f"P{i}"][2023] for i in range(8)])
    np.testing.assert_allclose(pr.score_draws["pooled"][:, 0, :], np.broadcast_to(last + 0.5, (400, 8)), atol=1e-9)
    np.testing.assert_allclose(pr.score_draws["pooled"][:, 1, :], np.broadcast_to(last + 1.5, (400, 8)), atol=1e-9)


def test_trend_draws_match_statsmodels_fixed_effects_intervals_across_the_break():
    rng = np.random.default_rng(7)
    scores = {f"P{i}": {y: _line(i % 8, y) + 2 * (i // 8) + rng.normal(0, 1.0) for y in YEARS} for i in range(24)}
    panel = make_panel(scores)
    pr = _project(panel, "trend", years=(2025, 2030), draws=20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ti = trend_prediction_intervals(
            panel, target_years=(2025, 2030), alpha=0.2, window=(2013, 2023), allow_break=True
        )
    m = pr.summary.merge(ti, on=["province_code", "target_year"])
    width = m["obs_ci_upper"] - m["obs_ci_lower"]
    assert len(m) == 48
    assert ((m["median_score"] - m["mean"]).abs() / width).max() < 0.03
    assert ((m["score_p10"] - m["obs_ci_lower"]).abs() / width).max() < 0.03
    assert ((m["score_p90"] - m["obs_ci_upper"]).abs() / width).max() < 0.03


def test_five_year_gains_never_straddle_a_break():
    g = gain_distribution(_break_panel(), span=5)
    assert set(g["start"]) == {2013, 2014, 2015, 2016}  # 2017->2022 and later starts cross the 2022 break
    for r in g.itertuples():
        assert r.annual_gain == pytest.approx(SLOPES[int(r.province_code) - 1])


def test_the_default_window_names_its_adjustment_in_both_languages():
    panel = _break_panel()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        project(panel, target_years=(2025,), method="drift", draws=50)
    notes = [str(w.message) for w in seen if "methodology" in str(w.message)]
    assert len(notes) == 1 and "adjusted for" in notes[0] and "2013-2023" in notes[0]
    vi = engine_note(notes[0], "vi")
    assert vi != notes[0] and "đã điều chỉnh" in vi and "cửa sổ mặc định 2013–2023" in vi and "từ 2022" in vi
    assert "2022 onward holds only" in engine_note(notes[0], "en") and "year(s)" not in engine_note(notes[0], "en")
    en = break_adjustment("pci", (2013, 2023), "en")
    assert "2021→2022" in en and "2013–2023" in en
    assert "2021→2022" in break_adjustment("pci", (2013, 2023), "vi")
    assert break_adjustment("pci", (2013, 2021), "en") == ""


def test_pooled_year_effects_are_the_common_changes_inside_a_period():
    # every province moves by the same amount each year (0.5 plus that year's common shock), and by its own
    # jump at 2022: the pooled model's year effects (what it resamples for the future) are exactly the
    # within-period common changes, never the 2021->2022 one, and it keeps no idiosyncratic residual
    shock = dict(zip(range(2014, 2024), [0.3, -0.8, 1.2, 0.0, -0.4, 0.9, -1.1, 99.0, 0.6, -0.2]))  # 2022: the break
    scores = {}
    for i in range(8):
        y0 = {2013: 50.0 + 3 * i}
        for y in range(2014, 2024):
            y0[y] = y0[y - 1] + (0.5 + shock[y] if y != 2022 else JUMPS[i])
        scores[f"P{i}"] = y0
    inp = _prepare(make_panel(scores), "pci", None, (2013, 2023), True)
    fit = _pooled_fit(inp)
    common = np.array([0.5 + shock[y] for y in range(2014, 2024) if y != 2022])
    assert fit["n"] == 8 * 9  # 8 provinces x 9 within-period changes
    np.testing.assert_allclose(fit["a"] + fit["year_effect"], common, atol=1e-9)
    np.testing.assert_allclose(fit["b"], 0.0, atol=1e-9)
    np.testing.assert_allclose(fit["idio"], 0.0, atol=1e-9)


def test_papi_windows_are_cut_at_its_2018_dimension_change():
    # ../shared/data/SOURCES.md, papi-workbooks/PAPI_2011-2018.xlsx row: 6 dimensions 2011-2017, 8 from 2018
    years = range(2011, 2025)
    scores = {
        f"P{i}": {y: 30.0 + i + 0.4 * (y - 2011) + (10.0 + i if y >= 2018 else 0.0) for y in years} for i in range(6)
    }
    panel = make_panel(scores, indicator="papi")
    inp = _prepare(panel, "papi", None, (2011, 2024), True)
    assert list(inp.years[1:][~inp.within]) == [2018]
    D, mu = _changes(inp)
    np.testing.assert_allclose(mu, 0.4, atol=1e-12)
    g = gain_distribution(panel, indicator="papi", span=5)
    assert set(g["start"]) == {2011, 2012, 2018, 2019}  # 2013->2018 ... 2017->2022 straddle 2018
    np.testing.assert_allclose(g["annual_gain"], 0.4, atol=1e-12)


def test_a_province_without_a_residual_inside_its_periods_is_not_projected():
    # three observations, one of them alone in its period (2022): a line per period leaves no residual to
    # measure the spread with, so the province is left out with the engine's note, never given a zero-width fan
    scores = {f"P{i}": {y: _line(i, y) + 0.1 * ((y * 7 + i) % 3) for y in YEARS} for i in range(8)}
    scores["Thin"] = {2020: 60.0, 2021: 61.0, 2023: 63.0}
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        pr = project(
            make_panel(scores), target_years=(2025,), method="trend", draws=100, window=(2013, 2023), allow_break=True
        )
    assert "09" not in set(pr.provinces["province_code"])
    note = next(str(w.message) for w in seen if "are not projected" in str(w.message))
    assert note.endswith(": 09") and "vắt" not in note
    assert engine_note(note, "vi").startswith("các tỉnh có ít hơn 3 quan sát trong 2013–2023")
