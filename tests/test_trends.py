"""analysis.analyses.trends and analysis.outputs.charts.trends: synthetic panels first, then the real panel.

Real numbers asserted below come from seed 002 (Quyết định 688/QĐ-UBND, Lai Châu),
Appendix 03 and Part 2 §3, or from the weights in ../shared/data/PCI_WORKBOOK_LAYOUTS.md.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from analysis.analyses import trends
from analysis.core import paths
from analysis.data import catalog, coverage, seed_targets
from analysis.ingest import seeds  # noqa: E402
from analysis.outputs import figcheck  # noqa: E402
from analysis.outputs.charts import trends as charts  # noqa: E402

SUBS = catalog.SUBINDICES


# --------------------------------------------------------------------------- synthetic panels
def _row(year, prov, ind, score, rank, kind="official_workbook", source=None):
    file, loc = source if source else (f"PCI_{year}.xlsx", "Summary!B2")
    return {
        "year": year,
        "province": prov.name,
        "province_code": prov.code,
        "indicator": ind,
        "score": score,
        "rank": rank,
        "rank_kind": "computed" if ind != "pci" else "published",
        "tier": "",
        "source_kind": kind,
        "source_file": file,
        "source_locator": loc,
        "source_url": "",
        "rank_locator": loc,
        "methodology": catalog.methodology_period(year),
    }


def make_panel(years=range(2013, 2019), lai_chau=None, seed_years=(), drop=()):
    """Every 2009+ province, ``years``; Lai Châu's sub-index scores from ``lai_chau(ind, year)``.

    Other provinces get deterministic pseudo-random scores; composites are the weighted sums.
    ``drop``: (province name, year) pairs to leave out. Lai Châu also gets ``seed_years``
    as seed rows (no other province), as in the real panel.
    """
    provs = catalog.load_provinces()
    provs = provs[provs["province"] != "Hà Tây"]
    rng = np.random.default_rng(7)
    rows = []
    for year in years:
        subs = catalog.subindices_for_year(year)
        w = catalog.weights_for_year(year)
        scores = {}
        for _, p in provs.iterrows():
            prov = catalog.province_by_code(p["province_code"])
            if (prov.name, year) in drop:
                continue
            if prov.name == "Lai Châu" and lai_chau is not None:
                s = {i: lai_chau(i, year) for i in subs}
            else:
                s = {i: round(float(rng.uniform(3, 9)), 2) for i in subs}
            s["pci"] = 10 * sum(w[i] * s[i] for i in w)
            scores[prov] = s
        for ind in ("pci", *subs):
            ordered = sorted(scores, key=lambda pr: -scores[pr][ind])
            for r, prov in enumerate(ordered, 1):
                rows.append(_row(year, prov, ind, scores[prov][ind], r))
    lc = catalog.resolve_province("Lai Châu")
    for year in seed_years:
        w = catalog.weights_for_year(year)
        s = {i: lai_chau(i, year) for i in SUBS}
        s["pci"] = round(10 * sum(w[i] * s[i] for i in w), 2)
        for ind, v in s.items():
            rows.append(
                _row(
                    year,
                    lc,
                    ind,
                    v,
                    40,
                    kind="province_document",
                    source=("002_0b651ac042bb2fe9.txt", "Phụ lục 03, line 1"),
                )
            )
    df = pd.DataFrame(rows)
    df["rank"] = df["rank"].astype("Int64")
    return df


def line(ind, year):
    """Lai Châu on an exact line: +0.25/year for every sub-index."""
    return 5.0 + 0.25 * (year - 2013)


@pytest.fixture(scope="session")
def synthetic():
    return make_panel(lai_chau=line, seed_years=(2019, 2020), drop={("Lai Châu", 2015)})


# --------------------------------------------------------------------------- series
def test_series_keeps_missing_years_as_nan_not_zero(synthetic):
    s = trends.subindex_series(synthetic, "Lai Chau")
    assert s["year"].min() == 2013 and s["year"].max() == 2020
    assert len(s) == len(catalog.INDICATORS) * 8
    gap = s[(s["year"] == 2015)]
    assert gap["score"].isna().all() and gap["rank"].isna().all()
    assert (s["score"].dropna() != 0).all()


def test_series_benchmarks_only_from_workbooks(synthetic):
    s = trends.subindex_series(synthetic, "Lai Châu").set_index(["indicator", "year"])
    # 2019-2020: only the seed's Lai Châu row: no national median, but the province's own score
    assert math.isnan(s.loc[("transparency", 2020), "national_median"])
    assert s.loc[("transparency", 2020), "score"] == pytest.approx(line("transparency", 2020))
    # 2014: the median of all 63 provinces
    cross = synthetic[(synthetic["year"] == 2014) & (synthetic["indicator"] == "transparency")]
    assert s.loc[("transparency", 2014), "national_median"] == pytest.approx(cross["score"].median())
    assert s.loc[("transparency", 2014), "national_best"] == pytest.approx(cross["score"].max())
    assert s.loc[("transparency", 2014), "n_provinces"] == 63
    assert s.loc[("transparency", 2014), "national_p25"] == pytest.approx(cross["score"].quantile(0.25))


def test_series_region_median_uses_the_gso_region(synthetic):
    s = trends.subindex_series(synthetic, "Lai Châu").set_index(["indicator", "year"])
    provs = catalog.load_provinces()
    region = provs.loc[provs["province"] == "Lai Châu", "region"].iloc[0]
    codes = set(provs.loc[provs["region"] == region, "province_code"])
    cross = synthetic[
        (synthetic["year"] == 2016) & (synthetic["indicator"] == "pci") & synthetic["province_code"].isin(codes)
    ]
    assert s.loc[("pci", 2016), "region"] == region == "Trung du và miền núi phía Bắc"
    assert s.loc[("pci", 2016), "region_median"] == pytest.approx(cross["score"].median())
    assert s.loc[("pci", 2016), "region_n"] == len(cross)


def test_series_flags_breaks_and_unmeasured_policy_bias():
    panel = make_panel(years=range(2011, 2015), lai_chau=line)
    s = trends.subindex_series(panel, "Lai Châu")
    flagged = sorted(s.loc[s["break_before"], "year"].unique())
    assert flagged == [2013]
    pb = s[s["indicator"] == "policy_bias"].set_index("year")
    assert not pb.loc[2012, "measured"] and pb.loc[2013, "measured"]
    assert math.isnan(pb.loc[2012, "score"])
    assert set(s["methodology_period"]) == {"2009-2012", "2013-2021"}


# --------------------------------------------------------------------------- trends
def test_ols_slope_on_an_exact_line_has_a_zero_width_ci(synthetic):
    t = trends.subindex_trends(synthetic, "Lai Châu").set_index("indicator")
    assert (t["first_year"] == 2013).all() and (t["last_year"] == 2020).all()  # default window
    r = t.loc["land_access"]
    assert r["n_years"] == 7  # 2013-2020 without 2015
    assert r["slope_per_year"] == pytest.approx(0.25)
    assert r["ci_low"] == pytest.approx(0.25) and r["ci_high"] == pytest.approx(0.25)
    assert r["avg_annual_change"] == pytest.approx(0.25)
    assert r["direction"] == "rising"
    assert r["verdict"] == "rising (90% CI excludes 0, n=7)"


def test_trend_says_too_few_years_and_no_clear_trend():
    def noisy(ind, year):
        return {2013: 5.0, 2014: 6.0, 2015: 4.0, 2016: 5.5, 2017: 4.5, 2018: 5.0}[year]

    panel = make_panel(lai_chau=noisy)
    t = trends.subindex_trends(panel, "Lai Châu").set_index("indicator")
    assert t.loc["transparency", "direction"] == "no clear trend"
    assert t.loc["transparency", "ci_low"] < 0 < t.loc["transparency", "ci_high"]
    short = trends.subindex_trends(panel, "Lai Châu", window=(2016, 2018)).set_index("indicator")
    assert short.loc["transparency", "n_years"] == 3
    assert short.loc["transparency", "direction"] == "too few years"
    assert math.isnan(short.loc["transparency", "slope_per_year"])
    assert short.loc["transparency", "verdict"].startswith("too few years (n=3")


def test_trend_window_across_a_break_says_so():
    panel = make_panel(years=range(2010, 2016), lai_chau=line)
    t = trends.subindex_trends(panel, "Lai Châu", window=(2010, 2015)).set_index("indicator")
    assert "2013" in t.loc["transparency", "breaks_inside"]
    assert "methodology break 2013" in t.loc["transparency", "verdict"]


def test_a_trend_across_a_break_is_learned_inside_the_periods():
    # catalog_data/weights.csv: new weights from 2013; Lai Châu's transparency rises 0.2 a year inside each
    # period and jumps by 1.5 at the break: one line through both would read 0.2 plus part of the jump
    panel = make_panel(
        years=range(2010, 2016), lai_chau=lambda i, y: 5.0 + 0.2 * (y - 2010) + (1.5 if y >= 2013 else 0)
    )
    t = trends.subindex_trends(panel, "Lai Châu", window=(2010, 2015)).set_index("indicator")
    assert t.loc["transparency", "slope_per_year"] == pytest.approx(0.2, abs=1e-9)
    assert t.loc["transparency", "avg_annual_change"] == pytest.approx(0.2, abs=1e-12)
    assert "adjusted for" in t.loc["transparency", "verdict"]


def test_trend_falling_line():
    panel = make_panel(lai_chau=lambda i, y: 8.0 - 0.3 * (y - 2013))
    t = trends.subindex_trends(panel, "Lai Châu").set_index("indicator")
    assert t.loc["entry_costs", "slope_per_year"] == pytest.approx(-0.3)
    assert t.loc["entry_costs", "direction"] == "falling"
    assert t.loc["pci", "slope_per_year"] == pytest.approx(-3.0)  # weights sum to 1, ×10


# --------------------------------------------------------------------------- decomposition
def test_decomposition_within_a_period_sums_exactly(synthetic):
    d = trends.decompose_change(synthetic, "Lai Châu", 2016, 2020)
    change = d["composite_change"].iloc[0]
    assert d["contribution"].sum() == pytest.approx(change, abs=1e-12)
    assert "weight_change" not in set(d["component"])
    w = catalog.weights_for_year(2020)
    lt = d.set_index("component").loc["labor_training"]
    assert lt["contribution"] == pytest.approx(10 * w["labor_training"] * (line("", 2020) - line("", 2016)))
    # the seed composite is rounded to 2 dp: the residual is that rounding, no more
    assert abs(d.set_index("component").loc["residual", "contribution"]) < 0.006


def test_decomposition_across_a_break_has_a_weight_change_row():
    panel = make_panel(years=range(2011, 2015), lai_chau=line)
    d = trends.decompose_change(panel, "Lai Châu", 2012, 2014).set_index("component")
    c = panel[(panel["province"] == "Lai Châu") & (panel["indicator"] == "pci")].set_index("year")["score"]
    assert d["contribution"].sum() == pytest.approx(c[2014] - c[2012], abs=1e-12)
    assert math.isnan(d.loc["policy_bias", "contribution"])  # not measured in 2012
    w12, w14 = catalog.weights_for_year(2012), catalog.weights_for_year(2014)
    expected_weight_effect = sum(
        10 * (w14[i] - w12.get(i, 0)) * line(i, 2012) for i in w14 if i != "policy_bias"
    ) + 10 * w14["policy_bias"] * line("policy_bias", 2014)
    assert d.loc["weight_change", "contribution"] == pytest.approx(expected_weight_effect)
    assert d.loc["residual", "contribution"] == pytest.approx(0, abs=1e-9)


def test_decomposition_refuses_missing_scores(synthetic):
    with pytest.raises(ValueError, match="no PCI composite for 2015"):
        trends.decompose_change(synthetic, "Lai Châu", 2015, 2018)


# --------------------------------------------------------------------------- leverage, rank vs score
def test_leverage_table(synthetic):
    lev = trends.leverage_table(synthetic, "Lai Châu", 2018)
    assert list(lev["points_to_median"].fillna(-1)) == sorted(lev["points_to_median"].fillna(-1), reverse=True)
    r = lev.set_index("indicator").loc["labor_training"]
    assert r["weight"] == 0.20 and r["points_per_unit"] == pytest.approx(2.0)
    cross = synthetic[(synthetic["year"] == 2018) & (synthetic["indicator"] == "labor_training")]
    assert r["national_median"] == pytest.approx(cross["score"].median())
    assert r["points_to_best"] == pytest.approx(2.0 * (cross["score"].max() - r["score"]))
    assert r["points_to_median"] == pytest.approx(2.0 * max(cross["score"].median() - r["score"], 0))
    seed_year = trends.leverage_table(synthetic, "Lai Châu", 2020)
    assert seed_year["national_median"].isna().all() and (seed_year["rank"] == 40).all()


def test_rank_vs_score_next_rank_and_target(synthetic):
    rv = trends.rank_vs_score(synthetic, "Lai Châu", 2017, "transparency")
    cross = synthetic[(synthetic["year"] == 2017) & (synthetic["indicator"] == "transparency")]
    ordered = cross.sort_values("score", ascending=False)["score"].to_numpy()
    r = rv.iloc[0]
    assert r["target_rank"] == r["rank"] - 1
    assert r["target_score"] == pytest.approx(ordered[r["target_rank"] - 1])
    assert r["score_gap"] == pytest.approx(r["target_score"] - r["score"])
    assert r["composite_points"] == pytest.approx(r["score_gap"] * 2.0)  # transparency weight 20%
    r45 = trends.rank_vs_score(synthetic, "Lai Châu", 2017, "pci", target_rank=45).iloc[0]
    assert r45["target_score"] == pytest.approx(
        synthetic[(synthetic["year"] == 2017) & (synthetic["indicator"] == "pci")]["score"].nlargest(45).iloc[-1]
    )
    seed = trends.rank_vs_score(synthetic, "Lai Châu", 2020, "pci").iloc[0]
    assert "no national cross-section" in seed["note"]
    every = trends.rank_vs_score(synthetic, "Lai Châu", 2017)
    assert set(every["indicator"]) == set(catalog.INDICATORS)


# --------------------------------------------------------------------------- seed statements
def test_seed_statements_cover_the_ten_subindices():
    sts = seed_targets.load_statements(trends.SEED_2020_GROUP)
    assert sorted(sts["indicator"]) == sorted(SUBS)
    assert (sts["year_from"] == 2020).all() and (sts["year_to"] == 2020).all() and (sts["rank_of"] == 63).all()
    # seed 002 line 458: "Về chi phí thời gian: Xếp hạng 63/63 tỉnh, thành phố."
    tc = sts.set_index("indicator").loc["time_costs"]
    assert (tc["rank_low"], tc["line"]) == (63, 458)


@pytest.mark.shared
def test_seed_statement_quotes_occur_verbatim_at_their_lines():
    st = seeds.checked_statements(paths.seeds_dir(), seed_targets.load_statements(trends.SEED_2020_GROUP))
    for s in st.itertuples():
        assert f"{s.rank_low}/{s.rank_of}" in s.quote


def _statements(province, rank):
    st = seed_targets.load_statements(trends.SEED_2020_GROUP)
    return st.assign(
        province=province, rank_low=rank if rank else st["rank_low"], rank_high=rank if rank else st["rank_high"]
    )


def test_check_seed_rank_statements_agree_disagree_not_covered(synthetic):
    chk = trends.check_seed_rank_statements(synthetic)  # synthetic seed rows rank everything 40th
    assert set(chk["status"]) == {"disagree"}
    assert list(chk.columns) == seed_targets.CLAIM_COLUMNS
    assert set(trends.check_seed_rank_statements(synthetic, _statements("Lai Châu", 40))["status"]) == {"agree"}
    out = trends.check_seed_rank_statements(synthetic, _statements("Điện Biên", None))
    assert set(out["status"]) == {"not covered by the data"} and out["data_rank"].isna().all()


def test_source_line_collapses_workbooks_and_names_seed_002(synthetic):
    s = trends.source_line(synthetic)
    gap = trends.source_line(synthetic[synthetic["province"] == "Lai Châu"])  # 2015 dropped: listed
    assert gap.startswith("VCCI PCI workbooks PCI_2013.xlsx, PCI_2014.xlsx, PCI_2016.xlsx")
    assert s == (
        "VCCI PCI workbooks PCI_2013.xlsx–PCI_2018.xlsx; "
        "Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03 (002_0b651ac042bb2fe9.txt)"
    )


# --------------------------------------------------------------------------- charts
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_charts_draw_and_save(synthetic, lang, tmp_path):
    from analysis.outputs.style import save_figure

    s = trends.subindex_series(synthetic, "Lai Châu")
    figs = {
        "sm": charts.subindex_small_multiples(s, "Lai Châu", lang),
        "rk": charts.subindex_rank_multiples(s, "Lai Châu", lang),
        "hm": charts.rank_heatmap(s, "Lai Châu", lang),
        "wf": charts.decomposition_waterfall(
            trends.decompose_change(synthetic, "Lai Châu", 2016, 2020), "Lai Châu", lang
        ),
        "lv": charts.leverage_chart(trends.leverage_table(synthetic, "Lai Châu", 2018), "Lai Châu", lang),
    }
    for name, fig in figs.items():  # the SVG and its layout record (the PNG of the same draw: tests/test_style.py)
        out = save_figure(fig, f"t_{name}_{lang}", source="synthetic", directory=tmp_path, with_png=False)
        assert out["svg"].stat().st_size > 0 and figcheck.check_svg(out["svg"]) == []
    heat_texts = [t.get_text() for t in figs["hm"].axes[0].texts]
    assert any(
        "2015" not in t and t.replace("\n", " ") == ("không có số liệu" if lang == "vi" else "no data")
        for t in heat_texts
    )
    assert "Chi phí thời gian" in [t.get_text() for t in figs["hm"].axes[0].get_yticklabels()] or lang == "en"


# --------------------------------------------------------------------------- the real panel
def _real_panel():
    from analysis.data.loaders import load_pci  # the committed panel: missing is a failure, not a skip

    return load_pci()


@pytest.fixture(scope="session")
def real():
    return _real_panel()


def test_real_lai_chau_2016_to_2020_change_matches_seed_002(real):
    # seed 002, Appendix 03: composite 53,46 (2016) and 61,98 (2020): change 8.52
    d = trends.decompose_change(real, "Lai Châu", 2016, 2020)
    assert d["composite_from"].iloc[0] == pytest.approx(53.46, abs=0.01)
    assert d["composite_to"].iloc[0] == pytest.approx(61.98, abs=0.01)
    assert d["composite_change"].iloc[0] == pytest.approx(8.52, abs=0.01)
    assert d["contribution"].sum() == pytest.approx(8.52, abs=0.01)
    assert "weight_change" not in set(d["component"])  # 2016 and 2020 share the 2013- weights
    # the sub-index scores reproduce the composites within 0.02 (PCI_WORKBOOK_LAYOUTS.md), so the residual is small
    assert abs(d.set_index("component").loc["residual", "contribution"]) < 0.05


def test_real_leverage_weights(real):
    lev = trends.leverage_table(real, "Lai Châu", 2020).set_index("indicator")
    # weights 2013 on (PCI_WORKBOOK_LAYOUTS.md): labour and business support 20%, time costs 5%
    assert lev.loc["labor_training", "weight"] == 0.20
    assert lev.loc["business_support", "weight"] == 0.20
    assert lev.loc["time_costs", "weight"] == 0.05
    # seed 002, Appendix 03 / Part 2 §3: time costs ranked 63rd in 2020
    assert lev.loc["time_costs", "rank"] == 63


def test_real_seed_rank_statements_agree_with_appendix_03(real):
    chk = trends.check_seed_rank_statements(real)
    # the prose ranks of Part 2 §3 are those of Appendix 03 for 2020, which the panel holds
    assert (chk["status"] == "agree").all(), chk[chk["status"] != "agree"]


def test_real_series_lai_chau_2018_transparency(real):
    # seed 002, Appendix 03: Lai Châu 2018 transparency 5,93, rank 48
    s = trends.subindex_series(real, "Lai Châu").set_index(["indicator", "year"])
    assert s.loc[("transparency", 2018), "score"] == pytest.approx(5.93, abs=0.006)
    assert s.loc[("transparency", 2018), "n_provinces"] == 63
    assert s.loc[("pci", 2018), "rank"] == 62  # Appendix 03: 2018 PCI rank 62


def test_real_dien_bien_2019_to_2023_sources_and_gaps(real):
    s = trends.subindex_series(real, "Điện Biên").set_index(["indicator", "year"])
    # PCI_2019.xlsx: composite 64.11, rank 44 (also einpresswire via secondary_nonofficial_2019_2022.csv line 48)
    assert s.loc[("pci", 2019), "score"] == pytest.approx(64.11, abs=0.005) and s.loc[("pci", 2019), "rank"] == 44
    assert s.loc[("pci", 2019), "source_kind"] == "official_workbook"
    # 2022: research panel 59.85 (secondary table line 45 and the press table line 24: 59.85, rank 62)
    assert s.loc[("pci", 2022), "score"] == pytest.approx(59.85) and s.loc[("pci", 2022), "rank"] == 62
    assert s.loc[("pci", 2022), "source_kind"] == "research_panel"
    # no Điện Biên sub-index 2020-2022 anywhere in ../shared: gaps, never zeros
    subs = s.loc[(list(catalog.SUBINDICES), [2020, 2021, 2022]), "score"]
    assert subs.isna().all()
    assert s.loc[("pci", 2023), "source_kind"] == "derived"
    t = trends.subindex_trends(real, "Điện Biên")
    # default window: the latest weight period with enough composites (2013-2021; 2022- holds two years)
    assert (t["first_year"] == 2013).all() and (t["last_year"] == 2021).all()


# --------------------------------------------------------------------------- the years a run shows (notebook 01)
def test_province_years_synthetic_gap_and_seed_years(synthetic):
    # the fixture: workbook years 2013-2018 without Lai Châu 2015, seed rows 2019-2020 for Lai Châu alone
    y = coverage.province_years(synthetic, "Lai Chau")
    assert (y.province, y.code, y.slug) == ("Lai Châu", "12", "laichau")
    assert y.own_years == (2013, 2014, 2016, 2017, 2018, 2019, 2020)
    assert (y.first, y.last, y.own_last, y.data_last) == (2013, 2020, 2020, 2020)
    assert y.missing == (2015,)
    assert y.seed_years == (2019, 2020)
    assert y.composite_only == ()
    assert y.bench_year == 2018  # the seed years hold no national cross-section
    later = coverage.province_years(synthetic, "Lai Châu", start_year=2016, end_year=2022)
    assert (later.first, later.last, later.missing) == (2016, 2022, (2021, 2022))
    # a start after the province's last year falls back to its first year
    assert coverage.province_years(synthetic, "Lai Châu", start_year=2030).first == 2013


def test_real_province_years_lai_chau_and_dien_bien(real):
    y = coverage.province_years(real, "Lai Châu", start_year=2013)
    # data/pci_panel.csv: first row PCI_2006.xls "PCI Tóm tắt!M66" (the 2005 edition's 42 provinces do not include
    # Lai Châu), last the 2023 composite derived from PCI_2023_subindices.xlsx "Tổng hợp!B36…K36"
    assert y.own_years == tuple(range(2006, 2024))
    # the panel runs to 2024 (a partial edition); no 2024 figure of Lai Châu was published (SOURCES.md, PCI 2024):
    # 2024 is missing for it, never filled
    assert (y.first, y.last, y.missing) == (2013, 2024, (2024,))
    # 2020 sub-indices: seed 002, Appendix 03 (line 1405 on) is the only source
    assert y.seed_years == (2020,)
    # 2021-2022: the research panel's composite only (pci_composite_panel_2016_2022.dta, observations 160-161)
    assert y.composite_only == (2021, 2022)
    assert y.bench_year == 2023  # PCI_2023_subindices.xlsx, Tổng hợp row 36
    assert coverage.province_years(real, "Lai Châu", end_year=2025).missing == (2024, 2025)
    # Điện Biên 2020: pcivietnam.vn page (pcivietnam_values_2006_2022.csv line 691), composite only, no seed
    d = coverage.province_years(real, "Điện Biên")
    assert d.composite_only == (2020, 2021, 2022) and d.seed_years == ()


def test_trend_window_start_year_or_the_default(real):
    # a start year's window ends with its weights period (2013-2021, catalog_data/weights.csv), never across
    # the 2022 break, though Lai Châu's last year is 2023 (derived composite, PCI_2023_subindices.xlsx)
    assert trends.trend_window(real, "Lai Châu", 2016) == (2016, 2021)
    assert trends.trend_window(real, "Lai Châu", 2022) == (2022, 2023)
    # no start year, or one after the last year: the latest weight period with four composites (2013-2021,
    # catalog_data/weights.csv; the 2022- period holds 2022 and 2023 only)
    assert trends.trend_window(real, "Lai Châu") == (2013, 2021)
    assert trends.trend_window(real, "Lai Châu", 2030) == (2013, 2021)


def test_shown_rows_are_the_cross_sections_plus_the_provinces_own_document(synthetic):
    rows = trends.shown_rows(synthetic, "Lai Châu", 2013, 2020)
    assert set(rows["year"]) == {2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020}
    seed = rows[rows["source_kind"] == "province_document"]
    assert set(seed["province"]) == {"Lai Châu"} and set(seed["year"]) == {2019, 2020}
    assert not rows.index.duplicated().any()
    assert set(trends.province_rows(synthetic, "Lai Châu", [2015, 2016])["year"]) == {2016}  # 2015 is a gap


def test_real_summary_table_lai_chau_2016_2020(real):
    window = (2016, 2020)
    tab = trends.summary_table(
        trends.subindex_trends(real, "Lai Châu", window=window),
        trends.subindex_series(real, "Lai Châu", *window),
        trends.decompose_change(real, "Lai Châu", 2016, 2020),
        trends.leverage_table(real, "Lai Châu", 2020),
        2020,
    ).set_index("indicator")
    # seed 002, Appendix 03: composite 53,46 (2016, line 1459) and 61,98 (2020, line 1475)
    assert tab.loc["pci", "first_score"] == pytest.approx(53.46, abs=0.005)
    assert tab.loc["pci", "last_score"] == pytest.approx(61.98, abs=0.005)
    # Appendix 03: labour training 4,78 (2016, line 1684) and 5,94 (2020, line 1700); weight 20% from 2013
    # (catalog_data/weights.csv, from PCI_WORKBOOK_LAYOUTS.md): 10 × 0.20 × (5.94 − 4.78) = 2.32
    assert tab.loc["labor_training", "contribution_2016_2020"] == pytest.approx(2.32, abs=0.021)
    assert tab.loc["labor_training", "weight"] == 0.20
    # Appendix 03: time costs ranked 63rd in 2020 (line 1577); weight 5%
    assert tab.loc["time_costs", "latest_rank"] == 63 and tab.loc["time_costs", "weight"] == 0.05
    assert tab.loc["time_costs", "label"] == "Chi phí thời gian / Time Costs"
    # 2020 sub-indices exist for Lai Châu alone (its own document): no national median, missing not zero
    assert tab["points_to_median_2020"].isna().all()
    assert (tab["latest_year"] == 2020).all()


def test_ols_is_statsmodels_to_the_last_bit_on_the_committed_panel():
    """trends._ols is statsmodels' OLS of score on a constant and the centred year at the report's CI level:
    every slope and CI bound of the four seed provinces' indicators and windows in data/pci_panel.csv is
    bit-identical to ``statsmodels.api.OLS(y, add_constant(x)).fit().conf_int(0.1)``. (_ols calls statsmodels
    itself: what is checked is the wiring, the centring, the constant and the level; the 63 provinces' 1,386
    fits took 2 s more and checked the same code.)"""
    import statsmodels.api as sm

    from analysis.data import loaders

    panel = loaders.load_pci()
    provinces = {catalog.resolve_province(p).code for p in ("Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh")}
    panel = panel[panel["score"].notna() & panel["province_code"].isin(provinces)]
    panel = panel.drop_duplicates(["province_code", "indicator", "year"])
    checked = 0
    for (code, ind), g in panel.groupby(["province_code", "indicator"]):
        g = g.sort_values("year")
        for lo, hi in ((2016, 2020), (2013, 2023)):  # 5 and 11 points (df 3 and 9), gaps where the panel has them
            h = g[g["year"].between(lo, hi)]
            if len(h) < trends.MIN_TREND_YEARS:
                continue
            years, scores = h["year"].to_numpy(), h["score"].to_numpy()
            level = trends.TREND_CI_LEVEL
            fit = trends._ols(years, scores, level)
            res = sm.OLS(scores.astype(float), sm.add_constant(years.astype(float) - years.mean())).fit()
            ci = res.conf_int(alpha=1 - level)[1]
            assert (fit.slope, fit.lo, fit.hi) == (float(res.params[1]), float(ci[0]), float(ci[1])), (
                code,
                ind,
                lo,
                hi,
            )
            checked += 1
    assert checked == len(provinces) * panel["indicator"].nunique() * 2  # every province, indicator and window
