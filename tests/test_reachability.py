"""analysis.analyses.reachability: verdict bands, observability under VCCI's top-30 publication,
the results table, and a smoke test on the real panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import reachability
from analysis.analyses.reachability import (
    LIKELY_AT,
    PUBLISHED_TOP,
    RESULT_COLUMNS,
    TOP_ONLY_FROM,
    UNLIKELY_AT,
    observability,
    observable_under_policy,
    target_rank_range,
    verdict_band,
    verdict_label,
)
from analysis.data import catalog


# --------------------------------------------------------------------------- verdict bands
def test_thresholds_are_the_documented_ones():
    assert LIKELY_AT == 0.70 and UNLIKELY_AT == 0.30


@pytest.mark.parametrize(
    "p,band",
    [
        (0.0, "unlikely"),
        (0.2999, "unlikely"),
        (0.30, "unlikely"),
        (0.3001, "uncertain"),
        (0.5, "uncertain"),
        (0.6999, "uncertain"),
        (0.70, "likely"),
        (0.95, "likely"),
        (1.0, "likely"),
    ],
)
def test_verdict_band_edges(p, band):
    assert verdict_band(p) == band


def test_verdict_band_missing_and_invalid():
    assert verdict_band(float("nan")) == "no data"
    assert verdict_band(None) == "no data"
    with pytest.raises(ValueError):
        verdict_band(1.2)
    with pytest.raises(ValueError):
        verdict_band(0.5, likely_at=0.3, unlikely_at=0.7)


def test_verdict_labels_in_both_languages():
    assert verdict_label("likely", "en") == "likely"
    assert verdict_label("unlikely", "vi") == "khó đạt"
    assert "/" in verdict_label("uncertain", "both")


# --------------------------------------------------------------------------- top-30 policy
def test_policy_starts_in_2023_with_the_top_30():
    # catalog.METHODOLOGY_BREAKS: "2023: VCCI publishes only the top 30 provinces"
    assert TOP_ONLY_FROM == 2023 and PUBLISHED_TOP == 30


# From PCI 2023 VCCI publishes the composite for the top 30 only, the sub-indices for all 63
# (PCI_2023_subindices.xlsx, sheet 'Tổng hợp'; /work/shared/data/SOURCES.md): a composite rank
# below 30 can be checked only by deriving the composite from the sub-indices.
@pytest.mark.parametrize(
    "kind,lo,hi,expected",
    [
        ("rank_band", 45, 55, "derived"),  # Lai Châu 2025 (seed 002, Appendix 01): wholly below 30
        ("rank_band", 40, 45, "derived"),  # Lai Châu 2030
        ("top_k", 1, 40, "published_if_met"),  # Điện Biên top 40: a rank 31-40 would not be published
        ("top_k", 1, 35, "published_if_met"),
        ("top_k", 1, 30, "published"),  # exactly the published list
        ("top_k", 1, 20, "published"),  # Hà Tĩnh top 20
        ("keep_first", None, None, "published"),  # Quảng Ninh first place
        ("rank_band", 31, 40, "derived"),
        ("rank_band", 25, 35, "published_if_met"),
    ],
)
def test_observability_from_rank_range(kind, lo, hi, expected):
    rlo, rhi = target_rank_range(kind, lo, hi)
    assert observable_under_policy(kind, rlo, rhi, 2025) == expected


def test_region_and_score_targets_are_conditional_and_old_years_full():
    rlo, rhi = target_rank_range("region_top_k", 1, 5)
    assert np.isnan(rlo) and np.isnan(rhi)
    assert observable_under_policy("region_top_k", rlo, rhi, 2025) == "derived"
    assert observable_under_policy("score_change_per_year", rlo, rhi, 2025) == "derived"
    # a sub-index target is published for all 63
    assert observable_under_policy("score_change_per_year", rlo, rhi, 2025, index="entry_costs") == "published"
    # before the policy the whole ranking is published
    assert observable_under_policy("rank_band", 45, 55, 2020) == "published"


def test_observability_table_percentiles_use_the_seed_n():
    t = pd.DataFrame(
        [
            {
                "target_id": "a",
                "province": "X",
                "index": "PCI",
                "kind": "rank_band",
                "value_low": 45,
                "value_high": 55,
                "target_year": 2025,
                "unit": "rank (of 63)",
            },
            {
                "target_id": "b",
                "province": "X",
                "index": "PCI",
                "kind": "top_k",
                "value_low": 1,
                "value_high": 20,
                "target_year": 2025,
                "unit": "rank (of 63)",
            },
        ]
    )
    ob = observability(t).set_index("target_id")
    assert ob.loc["a", "observable"] == "derived" and ob.loc["b", "observable"] == "published"
    assert ob.loc["a", "pct_low"] == pytest.approx(45 / 63) and ob.loc["a", "pct_high"] == pytest.approx(55 / 63)
    assert ob.loc["b", "n_of"] == 63


# --------------------------------------------------------------------------- results table
def _synthetic_panel(n=25, years=range(2013, 2019), seed=3):
    rng = np.random.default_rng(seed)
    common = rng.normal(0, 0.5, len(years))
    rows = []
    for i in range(n):
        lvl, slope = rng.normal(60, 4), rng.normal(0.3, 0.3)
        for t, y in enumerate(years):
            for ind, scale in (("pci", 1.0), ("entry_costs", 0.1)):
                rows.append(
                    {
                        "year": y,
                        "province": f"P{i:02d}",
                        "province_code": f"{i + 1:02d}",
                        "indicator": ind,
                        "score": scale * (lvl + slope * t + common[t] + rng.normal(0, 0.8)),
                        "rank": pd.NA,
                        "source_file": "synthetic",
                        "source_locator": "A1",
                        "source_kind": "official_workbook",
                    }
                )
    return pd.DataFrame(rows)


def _band_and_first(monkeypatch, *more: dict):
    """The synthetic panel (25 provinces, one region) and P03's rank-band and keep-first targets (+ ``more``)."""
    monkeypatch.setattr(reachability, "region_map", lambda: {f"{i + 1:02d}": "R" for i in range(25)})
    units = {**catalog._target_units(), "rank (of 25)": catalog.TargetUnit("rank (of 25)", "rank", 25)}
    monkeypatch.setattr(catalog, "_target_units", lambda: units)  # this world's national rank is of 25
    return _synthetic_panel(), pd.DataFrame(
        [
            {
                "target_id": "band",
                "province": "P03",
                "index": "PCI",
                "kind": "rank_band",
                "value_low": 5,
                "value_high": 15,
                "target_year": 2025,
                "region": "",
                "unit": "rank (of 25)",
                "source": "s, x, line 1",
            },
            {
                "target_id": "first",
                "province": "P03",
                "index": "PCI",
                "kind": "keep_first",
                "value_low": np.nan,
                "value_high": np.nan,
                "target_year": 2022,
                "region": "",
                "unit": "rank (of 25)",
                "source": "s, x, line 2",
            },
            *more,
        ]
    )


def test_evaluate_columns_and_probabilities(monkeypatch):
    panel, targets = _band_and_first(
        monkeypatch,
        {
            "target_id": "gain",
            "province": "P03",
            "index": "entry_costs",
            "kind": "score_change_per_year",
            "value_low": 0.03,
            "value_high": 0.08,
            "target_year": 2025,
            "region": "",
            "unit": "",
            "source": "s, x, line 3",
        },
    )
    res = reachability.evaluate(panel, targets, method="all", draws=400, seed=1, lang="en")
    assert (
        list(res.columns[: len(RESULT_COLUMNS)])
        == RESULT_COLUMNS
        == [
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
    )
    assert res["probability"].between(0, 1).all()
    # every method for every target; keep_first twice (target year and every year)
    assert len(res) == 4 * len(reachability.METHODS)
    assert (res["probability_at_least"] >= res["probability"] - 1e-12).all()
    first = res[res["target_id"] == "first"]
    every = first[first["label"].str.contains("every year")]
    single = first[~first["label"].str.contains("every year")]
    assert (every["probability"].to_numpy() <= single["probability"].to_numpy() + 1e-12).all()
    assert set(res["verdict"]) <= {"likely", "uncertain", "unlikely"}
    assert (res["verdict"] == res["probability"].map(verdict_band)).all()


def test_target_text_languages():
    assert reachability.target_text("rank_band", 45, 55, 2025, lang="en") == "rank 45–55 by 2025"
    assert reachability.target_text("rank_band", 45, 55, 2025, lang="vi") == "hạng 45–55 năm 2025"
    assert (
        reachability.target_text("score_change_per_year", 0.3, 0.8, 2025, lang="vi") == "tăng 0,3–0,8 điểm/năm đến 2025"
    )


# --------------------------------------------------------------------------- real data
# (committed tables: a missing one fails the test)
def test_real_data_smoke():
    from analysis.data.loaders import load_pci, load_targets

    panel, targets = load_pci(), load_targets()
    ev, other = reachability.pci_targets(targets, panel)
    ids = set(ev["target_id"])
    # the PCI targets of the four seed provinces (seed 000, 001, 002, 004)
    for tid in [
        "laichau_pci_rank_2025_appendix01",
        "laichau_pci_rank_2025_part3",
        "laichau_pci_rank_2030_appendix01",
        "dienbien_pci_subindex_change_2025",
        "dienbien_pci_top40_2025",
        "dienbien_pci_top35_2030",
        "dienbien_pci_region_top5_2025",
        "hatinh_pci_top20_2025",
        "quangninh_pci_keep_first",
    ]:
        assert tid in ids
    assert "hatinh_par_index_top10_2025" in set(other["target_id"])  # PAR INDEX is not in the PCI panel
    ob = observability(ev).set_index("target_id")
    # seed 002 Appendix 01: 45-55 of 63 -> entirely below the published top 30
    assert ob.loc["laichau_pci_rank_2025_appendix01", "observable"] == "derived"
    assert ob.loc["hatinh_pci_top20_2025", "observable"] == "published"
    # every province has a 2023 composite (derived from PCI_2023_subindices.xlsx, sheet Tổng hợp, with the 2022
    # weights): 2023 is the common last year; PCI 2024 is partial: 18 provinces observed after it
    # (pci_press_2024.csv, pcivietnam_province_pages_2006_2024.csv), Lai Châu not among them
    assert reachability.common_last_year(panel) == 2023
    later = reachability.later_observations(panel)
    assert len(later) == 18 and "Lai Châu" not in set(later["province"]) and "Điện Biên" in set(later["province"])
    assert reachability.later_year_check(panel, "Lai Châu", method="drift", draws=200).empty
    res = reachability.evaluate(panel, ev[ev["province"] == "Hà Tĩnh"], method="drift", draws=300)
    assert list(res.columns[: len(RESULT_COLUMNS)]) == RESULT_COLUMNS
    assert res["probability"].between(0, 1).all()
    # top 20 needs a score at least the 20th best of the common last year (2023) without Hà Tĩnh itself
    lo, hi = reachability.target_score_band(panel, "Hà Tĩnh", "top_k", 1, 20)
    cross = panel[(panel["indicator"] == "pci") & (panel["year"] == 2023) & (panel["province"] != "Hà Tĩnh")]["score"]
    assert lo == pytest.approx(cross.sort_values(ascending=False).iloc[19]) and hi == pytest.approx(cross.max())


# --------------------------------------------------------------------------- readings, facts, one simulation
def test_band_targets_read_as_at_least_and_one_simulation_serves_every_reading(monkeypatch):
    panel, targets = _band_and_first(monkeypatch)
    sims = reachability.simulate(panel, targets, method=["pooled"], draws=300, seed=2)
    assert set(sims) == {"pci"} and sims["pci"].target_years == tuple(range(2019, 2026))

    def no_more(*a, **k):
        raise AssertionError("evaluate simulated again")

    monkeypatch.setattr(reachability, "project", no_more)
    import importlib

    monkeypatch.setattr(importlib.import_module("analysis.analyses.project"), "project", no_more)
    res = reachability.evaluate(panel, targets, method=["pooled"], projections=sims, lang="en")
    band = res[res["target_id"] == "band"].iloc[0]
    R = sims["pci"].ranks("pooled")[:, 2025 - 2019, sims["pci"].province_index("P03")]
    assert band["probability"] == pytest.approx(np.mean(R <= 15))  # headline: at least rank 15
    assert band["probability_within"] == pytest.approx(np.mean((R >= 5) & (R <= 15)))
    assert band["verdict"] == verdict_band(band["probability"])
    every = res[res["label"].str.contains("every year")].iloc[0]
    Rf = sims["pci"].rank_draws["pooled"][:, : 2022 - 2019 + 1, sims["pci"].province_index("P03")]
    # 2020-2022 of the term: 2020 onwards are simulated (the data stop in 2018)
    assert every["probability"] == pytest.approx(np.mean((Rf[:, 1:] == 1).all(axis=1)))


def test_observed_target_years_are_facts_not_projections():
    panel = _synthetic_panel(years=range(2013, 2024))
    pci = panel[(panel["indicator"] == "pci") & (panel["year"] == 2020)]
    code = pci.sort_values("score", ascending=False)["province"].iloc[0]  # first in 2020
    status, fact = reachability.data_fact(panel, code, "pci", "keep_first", 1, 1, 2020, lang="en")
    assert status == "decided: met" and "ranked 1/25 in 2020" in fact
    last = pci.sort_values("score")["province"].iloc[0]
    assert reachability.data_fact(panel, last, "pci", "top_k", 1, 20, 2020, lang="en")[0] == "decided: missed"
    assert (
        reachability.data_fact(panel, last, "pci", "top_k", 1, 20, 2025, lang="en", today_year=2026)[0]
        == "projected (past, no data)"
    )
    assert (
        reachability.data_fact(panel, last, "pci", "top_k", 1, 20, 2030, lang="en", today_year=2026)[0] == "projected"
    )
    st, fact, missed = reachability.every_year_fact(panel, last, "pci", range(2020, 2026), lang="en")
    assert st == "decided: missed" and missed


def test_papi_panel_from_an_input_frame():
    # h-papi's shape: year, province, province_code, score, rank
    df = pd.DataFrame(
        {
            "year": [2020, 2020, 2020],
            "province": ["A", "B", "C"],
            "province_code": ["1", "2", "3"],
            "score": [40.0, 45.0, 42.0],
        }
    )
    pp = reachability.papi_panel(df)
    assert list(pp.sort_values("province")["rank"]) == [3, 1, 2]
    assert set(pp["indicator"]) == {"papi"} and list(pp["province_code"]) == ["01", "02", "03"]


# --------------------------------------------------------------------------- the map parameter (issue 15)
def test_check_map_accepts_63_and_34_only():
    assert reachability.check_map("63") == "63"
    assert reachability.check_map(34) == "34"
    with pytest.raises(ValueError, match="parameter map must be '63'"):
        reachability.check_map("both")


def test_targets_on_the_34_unit_map_by_hand():
    t = pd.DataFrame(
        {
            "target_id": ["band", "top", "first", "papi", "score"],
            "index": ["PCI", "PCI", "PCI", "PAPI", "pci_subindex_each"],
            "kind": ["rank_band", "top_k", "keep_first", "top_k", "score_change_per_year"],
            "value_low": [45.0, 1.0, np.nan, 1.0, 0.3],
            "value_high": [55.0, 40.0, np.nan, 5.0, 0.8],
            "unit": ["rank (of 63)"] * 4 + ["points per year"],
        }
    )
    assert reachability.targets_on_map(t, "63").equals(t)
    m = reachability.targets_on_map(t, "34").set_index("target_id")
    # 45-55 of 63: floor(44 * 34 / 63) + 1 = 24 to ceil(55 * 34 / 63) = 30
    assert (m.loc["band", "value_low"], m.loc["band", "value_high"], m.loc["band", "unit"]) == (24, 30, "rank (of 34)")
    assert (m.loc["top", "value_low"], m.loc["top", "value_high"]) == (1, 22)  # ceil(40 * 34 / 63) = 22
    assert pd.isna(m.loc["first", "value_high"])  # rank 1 stays rank 1
    assert m.loc["papi", "value_high"] == 5 and m.loc["papi", "unit"] == "rank (of 63)"  # PAPI is not on the map
    assert m.loc["score", "value_low"] == 0.3
    assert t.loc[0, "value_low"] == 45  # the input is left alone


# --------------------------------------------------------------------------- the pace chart keeps its labels on the canvas
def test_wrap_label_breaks_at_spaces_and_keeps_line_breaks():
    from analysis.outputs.charts.project import wrap_label

    assert wrap_label("aaa bbb ccc", 7) == "aaa bbb\nccc"
    assert wrap_label("aaa\nbbb ccc", 3) == "aaa\nbbb\nccc"
    assert wrap_label("averyverylongword", 5) == "averyverylongword"  # never cut inside a word


@pytest.mark.parametrize("lang", ["vi", "en", "both"])
def test_pace_chart_labels_stay_on_the_canvas(lang, tmp_path):
    from analysis.core.prose import Prose
    from analysis.outputs import figcheck
    from analysis.outputs.charts import project as project_charts
    from analysis.outputs.style import save_figure

    T = Prose(lang)
    # the labels notebook 03 writes for Lai Châu's three targets (seed 002, Phụ lục 01 and Part 3)
    pace = pd.DataFrame(
        {
            "label": [
                "PCI: " + T.word(f"hạng {b} năm {y}", f"rank {b} by {y}")
                for b, y in [("45–55", 2025), ("50–55", 2025), ("40–45", 2030)]
            ],
            "required": [-0.64, -0.64, 0.76],
            "historical": [1.07, 1.07, 1.07],
            "share": [1.0, 1.0, 0.83],
            "verdict": [
                "76% "
                + T.word("có khả năng đạt", "likely")
                + " "
                + T.word("(các phương pháp 37%–92%)", "(methods 37%–92%)")
            ]
            * 3,
        }
    )
    fig = project_charts.pace_chart(pace, "Lai Châu", lang)
    out = save_figure(fig, f"pace_{lang}", source="test", directory=tmp_path, with_png=False)  # the SVG is checked
    assert figcheck.check_svg(out["svg"]) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_caveat_says_how_the_published_2024_ranks_are_used(lang):
    """data/pci_panel.csv holds 2024 PCI ranks for 15 provinces (pci_press_2024.csv, the provincial pages) and
    data/pci_facts.csv one more without a score (Hà Nam 22nd, pci_press_2024.csv line 42); published_lists.csv
    a complete top 10. Several ranks: every method conditions its 2024 draws on all 16
    (project.conditioned_by_default: data/projection_default.csv). The caveat says so, with the count read here
    from the two CSVs themselves, and how the line and the redrawn methods use the later years."""
    import csv

    from analysis.analyses import project as project_mod
    from analysis.core import paths
    from analysis.data.loaders import load_pci, load_targets

    ranked = set()
    for name, indicator in (("pci_panel.csv", "pci"), ("pci_facts.csv", "pci_rank")):
        with open(paths.data_dir() / name, newline="", encoding="utf-8") as fh:
            ranked |= {
                r["province_code"]
                for r in csv.DictReader(fh)
                if r["year"] == "2024" and r["indicator"] == indicator and r["rank"]
            }
    n = len(ranked)
    assert n == 16 and catalog.complete_top(2024) == 10 and project_mod.conditioned_by_default("pci")
    panel = load_pci()
    obs = reachability.observability(reachability.pci_targets(load_targets(), panel)[0])
    text = " ".join(reachability.caveats(panel, obs, (2022, 2023), lang))
    redrawn = catalog.method_name(project_mod.REDRAWN_EACH_YEAR[0], lang)
    line = catalog.method_name(project_mod.LINE_METHODS[0], lang)
    if lang == "vi":
        assert (
            f"Năm 2024 có thứ hạng công bố của {n} tỉnh (10 hạng đầu là danh sách đầy đủ): với mọi phương pháp" in text
        )
        assert f"phương pháp {line} ước lượng lại đường thẳng với các năm này; phương pháp {redrawn} rút lại" in text
    else:
        assert (
            f"In 2024 the ranks of {n} provinces are published (the first 10 places as a complete list): in every"
            in text
        )
        assert f"the {line} method re-fits its line with these years; the {redrawn} method draws each year" in text
    assert "common shock" not in text and "cú sốc chung" not in text  # the one-rank anchor is not what happens here


def test_the_page_projection_holds_a_rank_published_without_a_score():
    """Hà Nam's 2024 rank, 22nd, is published without a score (data/pci_facts.csv; pci_press_2024.csv line 42):
    the simulation every page reads holds it in every draw of every method, as the caveat says."""
    import warnings

    from analysis.data.loaders import load_pci, load_targets

    panel = load_pci()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the engine's notes on the default window, stated by the pages
        sims = reachability.simulate(panel, reachability.pci_targets(load_targets(), panel)[0], draws=200)
    pr = sims["pci"]
    k, i = list(pr.target_years).index(2024), list(pr.provinces["province_code"]).index("35")
    for m in pr.methods:
        assert (pr.ranks(m)[:, k, i] == 22).all(), m
