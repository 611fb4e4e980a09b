"""Comparing provinces: cross-sections, peers, regions, frontier, mobility, PCI–PAPI, seed facts.

Unit tests run on small synthetic panels built here (real province names and codes from
the committed catalogue, made-up scores). The tests at the end read the committed
``data/pci_panel.csv`` and assert only numbers published in the official workbooks or the
seed documents, cited next to each assertion.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import compare
from analysis.core import paths
from analysis.data import seed_targets
from analysis.data.catalog import COMPOSITE, SUBINDICES, load_provinces, resolve_province
from analysis.ingest import seeds

SUBS = list(SUBINDICES)


# --------------------------------------------------------------------------- synthetic panels
def _provinces(year: int) -> pd.DataFrame:
    prov = load_provinces()
    last = pd.to_numeric(prov["last_year"], errors="coerce")
    return prov[last.isna() | (last >= year)]


def make_panel(years=(2016, 2017, 2018), seed: int = 0, seed_only_year: int | None = 2019) -> pd.DataFrame:
    """Every province every year, sub-indices 3–9, composite = 10 × mean of sub-indices, ranks from scores."""
    rng = np.random.default_rng(seed)
    rows = []
    for y in years:
        prov = _provinces(y)
        subs = rng.uniform(3, 9, size=(len(prov), len(SUBS)))
        comp = subs.mean(axis=1) * 10
        ranks = pd.Series(comp).rank(ascending=False, method="min").astype(int).to_numpy()
        for i, (_, p) in enumerate(prov.iterrows()):
            base = {
                "year": y,
                "province": p["province"],
                "province_code": p["province_code"],
                "source_file": f"PCI_{y}.xlsx",
                "source_locator": f"Summary!B{i + 2}",
                "source_kind": "official_workbook",
                "tier": "",
            }
            rows.append(
                {
                    **base,
                    "indicator": COMPOSITE,
                    "score": comp[i],
                    "rank": ranks[i],
                    "rank_kind": "published",
                    "tier": "Khá",
                }
            )
            for j, c in enumerate(SUBS):
                rows.append({**base, "indicator": c, "score": subs[i, j], "rank": pd.NA, "rank_kind": "computed"})
    if seed_only_year is not None:
        rows.append(
            {
                "year": seed_only_year,
                "province": "Lai Châu",
                "province_code": "12",
                "indicator": COMPOSITE,
                "score": 59.95,
                "rank": 63,
                "rank_kind": "published",
                "tier": "",
                "source_file": "002_0b651ac042bb2fe9.txt",
                "source_locator": "Phụ lục 03, line 1",
                "source_kind": "province_document",
            }
        )
    df = pd.DataFrame(rows)
    df["rank"] = df["rank"].astype("Int64")
    return df


def tiny_panel(scores: dict[int, dict[str, float]]) -> pd.DataFrame:
    """Composite only: {year: {province: score}}; ranks from scores."""
    rows = []
    for y, d in scores.items():
        s = pd.Series(d)
        r = s.rank(ascending=False, method="min").astype(int)
        for name, v in d.items():
            p = resolve_province(name)
            rows.append(
                {
                    "year": y,
                    "province": p.name,
                    "province_code": p.code,
                    "indicator": COMPOSITE,
                    "score": v,
                    "rank": int(r[name]),
                    "tier": "",
                    "source_file": "synthetic",
                    "source_locator": "A1",
                    "source_kind": "official_workbook",
                }
            )
    df = pd.DataFrame(rows)
    df["rank"] = df["rank"].astype("Int64")
    return df


@pytest.fixture(scope="session")
def panel():
    return make_panel()


# --------------------------------------------------------------------------- cross-section
def test_full_years_leave_out_a_year_only_a_seed_covers(panel):
    assert compare.full_years(panel) == [2016, 2017, 2018]
    assert compare.latest_full_year(panel) == 2018
    after = compare.years_after_full(panel)
    assert list(after["year"]) == [2019] and after["provinces"].iloc[0] == "Lai Châu"


def test_cross_section_has_every_province_and_percentiles_in_0_1(panel):
    xs = compare.cross_section(panel, 2018)
    comp = xs[xs["indicator"] == COMPOSITE]
    assert len(comp) == 63 and comp["n"].eq(63).all()
    assert ((xs["percentile"] > 0) & (xs["percentile"] <= 1)).all()
    best = comp.iloc[0]
    assert best["rank"] == 1 and best["percentile"] == pytest.approx(1 / 63)
    assert comp["rank"].is_monotonic_increasing
    assert comp["region"].notna().all()
    # sub-index ranks filled from the scores where the panel has none
    sub = xs[xs["indicator"] == "transparency"]
    top = sub.loc[sub["score"].idxmax()]
    assert top["rank"] == 1 and sub["rank"].notna().all()


def test_cross_section_wide_one_row_per_province(panel):
    w = compare.cross_section(panel, 2018, wide=True)
    assert len(w) == 63 and w["province_code"].is_unique
    for c in (COMPOSITE, *SUBS):
        assert {c, f"{c}_rank", f"{c}_pct"} <= set(w.columns)
    assert (w["tier"] == "Khá").all()
    assert w["pci_rank"].iloc[0] == 1


def test_percentile_makes_different_n_comparable():
    p = tiny_panel(
        {
            2005: {"Lai Châu": 50, "Hà Tĩnh": 60},
            2018: {"Lai Châu": 50, "Hà Tĩnh": 60, "Quảng Ninh": 70, "Điện Biên": 55},
        }
    )
    a = compare.cross_section(p, 2005).set_index("province")
    b = compare.cross_section(p, 2018).set_index("province")
    assert a.loc["Lai Châu", "percentile"] == pytest.approx(2 / 2)
    assert b.loc["Lai Châu", "percentile"] == pytest.approx(4 / 4)
    assert b.loc["Quảng Ninh", "percentile"] == pytest.approx(1 / 4)


def test_seed_only_year_has_no_invented_n(panel):
    xs = compare.cross_section(panel, 2019)
    assert len(xs) == 1 and xs["rank"].iloc[0] == 63
    assert pd.isna(xs["n"].iloc[0]) and pd.isna(xs["percentile"].iloc[0])


def test_cross_section_of_a_missing_year_says_so(panel):
    with pytest.raises(ValueError, match="2001"):
        compare.cross_section(panel, 2001)


# --------------------------------------------------------------------------- peers and regions
def test_region_peers_are_the_other_provinces_of_the_region(panel):
    peers = compare.region_peers(panel, "Điện Biên")
    assert "Điện Biên" not in set(peers["province"])
    assert (peers["region"] == "Trung du và miền núi phía Bắc").all()
    assert {"Lai Châu", "Sơn La", "Lào Cai"} <= set(peers["province"])
    assert len(peers) == 13  # 14 northern midland and mountain provinces in the GSO grouping


def test_custom_peers_resolve_spellings_and_refuse_unknown(panel):
    peers = compare.custom_peers(panel, "Lai Châu", ["dien bien", "Ha Giang", "Lai Chau"])
    assert list(peers["province"]) == ["Điện Biên", "Hà Giang"]
    small = tiny_panel({2018: {"Lai Châu": 50, "Hà Tĩnh": 60}})
    with pytest.raises(KeyError):
        compare.custom_peers(small, "Lai Châu", ["Quảng Ninh"])


def test_similar_start_peers_are_the_closest_in_the_base_year():
    p = tiny_panel({2013: {"Lai Châu": 50.0, "Điện Biên": 51.0, "Hà Giang": 48.5, "Sơn La": 53.0, "Quảng Ninh": 70.0}})
    peers = compare.similar_start_peers(p, "Lai Châu", 2013, k=2)
    assert list(peers["province"]) == ["Điện Biên", "Hà Giang"]
    assert list(peers["distance"]) == pytest.approx([1.0, 1.5])
    with pytest.raises(ValueError, match="Hà Tĩnh"):
        compare.similar_start_peers(p, "Hà Tĩnh", 2013)


def test_peer_comparison_place_in_group():
    p = tiny_panel(
        {
            2017: {"Lai Châu": 50, "Điện Biên": 52, "Hà Giang": 48},
            2018: {"Lai Châu": 55, "Điện Biên": 52, "Hà Giang": 48},
        }
    )
    pc = compare.peer_comparison(p, "Lai Châu", ["Điện Biên", "Hà Giang"]).set_index("year")
    assert pc.loc[2017, "place"] == 2 and pc.loc[2018, "place"] == 1
    assert pc.loc[2018, "peer_median"] == pytest.approx(50)


def test_peer_table_by_hand():
    p = tiny_panel(
        {
            2013: {"Lai Châu": 50, "Điện Biên": 52, "Hà Giang": 47, "Sơn La": 60, "Quảng Ninh": 51},
            2018: {"Lai Châu": 55, "Điện Biên": 53, "Hà Giang": 48, "Sơn La": 58, "Quảng Ninh": 70},
        }
    )
    t = compare.peer_table(p, ["Lai Châu"], 2013, 2018, k=2)
    assert list(zip(t["peer_group"], t["year"])) == [
        ("region", 2013),
        ("region", 2018),
        ("similar start 2013", 2013),
        ("similar start 2013", 2018),
    ]
    t = t.set_index(["peer_group", "year"])
    # region (GSO, data/provinces.csv): Điện Biên, Hà Giang, Sơn La; Quảng Ninh is in the Red River Delta
    assert t.loc[("region", 2013), "peers"] == "Hà Giang, Sơn La, Điện Biên"
    assert (t.loc[("region", 2013), "place"], t.loc[("region", 2013), "peer_median"]) == (3, 52)  # 60, 52 > 50
    assert (t.loc[("region", 2018), "place"], t.loc[("region", 2018), "group_size"]) == (2, 4)  # only 58 > 55
    # closest in 2013 to 50: Quảng Ninh (51), Điện Biên (52)
    s = t.loc[("similar start 2013", 2018)]
    assert s["peers"] == "Quảng Ninh, Điện Biên"
    assert (s["place"], s["peer_median"], s["group_size"]) == (2, pytest.approx(61.5), 3)  # 70 > 55 > 53
    assert list(compare.composite_rows(p, [2013], ["Lai Châu"])["score"]) == [50]


def test_default_base_year_is_the_start_of_the_weights_in_force():
    # catalog_data/weights.csv (PCI_WORKBOOK_LAYOUTS.md 'Sub-index weights'; SOURCES.md for 2022-):
    # periods 2006-2008, 2009-2012, 2013-2021, 2022-
    assert compare.default_base_year(2018) == 2013
    assert compare.default_base_year(2012) == 2009
    assert compare.default_base_year(2008) == 2006
    assert compare.default_base_year(2023) == 2022  # not 2023: the top-30 publication rule changes no weight
    assert compare.default_base_year(2022) == 2021  # 2022 opens a period: the year before, across the break
    assert compare.default_base_year(2013) == 2012


def test_methodology_breaks_are_data_with_their_kind_and_source():
    from analysis.data import catalog

    kinds = {b.year: b.kind for b in catalog.METHODOLOGY_BREAKS}
    assert kinds == {
        2006: "scheme",
        2009: "weights",
        2013: "weights",
        2022: "weights",
        2023: "publication",
        2025: "map",
    }
    assert all(b.source.startswith("../shared/") for b in catalog.METHODOLOGY_BREAKS)


def test_region_rank_is_consistent_with_national_ranks(panel):
    rr = compare.region_rank(panel, "Điện Biên", 2018)
    assert rr["is_focus"].sum() == 1
    assert list(rr["region_rank"]) == list(range(1, len(rr) + 1))
    assert rr["national_rank"].is_monotonic_increasing
    assert rr["n_region"].iloc[0] == 14
    both = compare.region_ranks(panel, ["Điện Biên", "Quảng Ninh"], 2018)
    assert list(both["province"]) == ["Điện Biên", "Quảng Ninh"]


def test_region_rank_by_hand():
    p = tiny_panel({2018: {"Lai Châu": 50, "Điện Biên": 52, "Hà Giang": 48, "Quảng Ninh": 70}})
    rr = compare.region_rank(p, "Lai Châu", 2018).set_index("province")
    assert rr.loc["Lai Châu", "region_rank"] == 2 and rr.loc["Lai Châu", "national_rank"] == 3
    assert "Quảng Ninh" not in rr.index  # Red River Delta in the GSO grouping


# --------------------------------------------------------------------------- frontier
def test_distance_to_frontier_runs_from_0_to_100(panel):
    d = compare.distance_to_frontier(panel, 2018)
    assert set(d["indicator"]) == set(SUBS)
    for _, g in d.groupby("indicator"):
        assert g["distance"].max() == pytest.approx(100) and g["distance"].min() == pytest.approx(0)


def test_distance_to_frontier_by_hand_and_constant_scores():
    rows = [
        {
            "year": 2018,
            "province": n,
            "province_code": resolve_province(n).code,
            "indicator": ind,
            "score": s,
            "rank": pd.NA,
            "source_kind": "official_workbook",
        }
        for ind, vals in {"transparency": [4.0, 6.0, 8.0], "entry_costs": [7.0, 7.0, 7.0]}.items()
        for n, s in zip(["Lai Châu", "Điện Biên", "Quảng Ninh"], vals)
    ]
    d = compare.distance_to_frontier(pd.DataFrame(rows), 2018).set_index(["indicator", "province"])
    assert d.loc[("transparency", "Điện Biên"), "distance"] == pytest.approx(50)
    assert d.loc[("transparency", "Quảng Ninh"), "distance"] == pytest.approx(100)
    assert d.xs("entry_costs")["distance"].isna().all()


def test_frontier_table_one_column_per_province_in_order():
    rows = [
        {
            "year": 2018,
            "province": n,
            "province_code": resolve_province(n).code,
            "indicator": ind,
            "score": s,
            "rank": pd.NA,
            "source_kind": "official_workbook",
        }
        for ind, vals in {"transparency": [4.0, 6.0, 8.0], "entry_costs": [7.0, 7.0, 7.0]}.items()
        for n, s in zip(["Lai Châu", "Điện Biên", "Quảng Ninh"], vals)
    ]
    t = compare.frontier_table(pd.DataFrame(rows), ["Quảng Ninh", "Lai Châu"], 2018, lang="en")
    assert list(t.columns) == ["Quảng Ninh", "Lai Châu"]
    assert list(t.index) == ["Entry Costs", "Transparency"]  # catalogue order, labels in the run's language
    assert (t.loc["Transparency", "Quảng Ninh"], t.loc["Transparency", "Lai Châu"]) == (100, 0)  # 8 best, 4 worst
    assert t.loc["Entry Costs"].isna().all()  # every province 7.0: no frontier, not a division by zero
    assert list(compare.frontier_table(pd.DataFrame(rows), ["Lai Châu"], 2018).index)[1] == "Tính minh bạch"


# --------------------------------------------------------------------------- mobility
def test_rank_mobility_and_biggest_movers():
    p = tiny_panel(
        {
            2013: {"Lai Châu": 50, "Điện Biên": 52, "Hà Giang": 54, "Quảng Ninh": 56},
            2018: {"Lai Châu": 60, "Điện Biên": 51, "Hà Giang": 55, "Quảng Ninh": 57},
        }
    )
    m = compare.rank_mobility(p, 2013, 2018).set_index("province")
    assert m.loc["Lai Châu", "rank_first"] == 4 and m.loc["Lai Châu", "rank_last"] == 1
    assert m.loc["Lai Châu", "rank_change"] == 3
    assert m.loc["Lai Châu", "score_change"] == pytest.approx(10)
    assert m.loc["Điện Biên", "rank_change"] == -1
    assert m.loc["Lai Châu", "pct_change"] == pytest.approx(4 / 4 - 1 / 4)
    assert m["breaks"].iloc[0] == ""
    mv = compare.biggest_movers(m.reset_index(), n=1, by="rank_change")
    assert list(zip(mv["province"], mv["direction"])) == [("Lai Châu", "up"), ("Hà Giang", "down")]
    across = compare.rank_mobility(
        tiny_panel({2008: {"Lai Châu": 50, "Hà Giang": 60}, 2018: {"Lai Châu": 60, "Hà Giang": 50}}), 2008, 2018
    )
    assert across["breaks"].iloc[0] == "2009, 2013"


# --------------------------------------------------------------------------- PCI vs PAPI
def test_fisher_ci_by_hand():
    # r = 0.5, n = 28: z = atanh(0.5) = 0.5493, se = 1/5 = 0.2, z ± 1.96·0.2 -> tanh -> (0.156, 0.736)
    lo, hi = compare.fisher_ci(0.5, 28)
    assert lo == pytest.approx(math.tanh(math.atanh(0.5) - 1.959964 * 0.2), abs=1e-6)
    assert hi == pytest.approx(math.tanh(math.atanh(0.5) + 1.959964 * 0.2), abs=1e-6)
    assert (round(lo, 3), round(hi, 3)) == (0.156, 0.736)
    assert all(math.isnan(v) for v in compare.fisher_ci(0.5, 3))


def test_pci_papi_correlation(panel):
    pci = panel[(panel["year"] == 2018) & (panel["indicator"] == COMPOSITE)]
    rng = np.random.default_rng(1)
    papi = pd.concat(
        [
            pd.DataFrame(
                {
                    "province": pci["province"],
                    "province_code": pci["province_code"],
                    "year": 2018,
                    "dimension": "transparency",
                    "score": 2 * pci["score"].to_numpy() + 1,
                }
            ),
            pd.DataFrame(
                {
                    "province": pci["province"],
                    "province_code": pci["province_code"],
                    "year": 2018,
                    "dimension": "noise",
                    "score": rng.normal(size=len(pci)),
                }
            ),
            pd.DataFrame(
                {
                    "province": ["Lai Châu"],
                    "province_code": ["12"],
                    "year": [2011],
                    "dimension": ["noise"],
                    "score": [1.0],
                }
            ),
        ],
        ignore_index=True,
    )
    assert compare.common_year(panel, papi) == 2018
    c = compare.pci_papi_correlation(panel, papi).set_index("dimension")
    assert c.loc["transparency", "pearson_r"] == pytest.approx(1)
    assert c.loc["transparency", "n"] == 63
    assert c.loc["noise", "ci_low"] < c.loc["noise", "pearson_r"] < c.loc["noise", "ci_high"]
    with_subs = compare.pci_papi_correlation(panel, papi, 2018, indicators=[COMPOSITE, "transparency"])
    assert set(with_subs["indicator"]) == {COMPOSITE, "transparency"}


def test_pci_papi_table_names_the_dimensions(panel):
    pci = panel[(panel["year"] == 2018) & (panel["indicator"] == COMPOSITE)]
    papi = pd.DataFrame(
        {
            "province": pci["province"],
            "province_code": pci["province_code"],
            "year": 2018,
            "dimension": "transparency",
            "score": 2 * pci["score"].to_numpy() + 1,
        }
    )
    dims = pd.DataFrame({"dimension": ["transparency"], "name_en": ["Transparency"]})
    t = compare.pci_papi_table(panel, papi, dims, 2018)
    assert list(t.columns[:4]) == ["year", "indicator", "dimension", "dimension_name"]
    assert set(t["dimension_name"]) == {"Transparency"}
    assert set(t["indicator"]) == {COMPOSITE, *SUBS}  # composite and every sub-index by default
    assert t.set_index("indicator").loc[COMPOSITE, "pearson_r"] == pytest.approx(1)  # PAPI = 2 × PCI + 1


# --------------------------------------------------------------------------- seed facts
def test_seed_facts_split_per_year_on_synthetic_panel():
    p = tiny_panel(
        {
            2017: {"Điện Biên": 50, "Quảng Ninh": 70, "Lai Châu": 40},
            2018: {"Điện Biên": 50, "Quảng Ninh": 60, "Lai Châu": 65},
        }
    )
    chk = compare.check_seed_facts(p)
    st = chk.set_index(["statement_id", "year"])["status"]
    # synthetic ranks: Điện Biên 2nd, far from 46-48
    assert st[("dienbien_46_48", 2017)] == compare.STATUS_DISAGREE
    assert st[("dienbien_46_48", 2019)] == compare.STATUS_NOT_COVERED
    assert st[("quangninh_first", 2017)] == compare.STATUS_AGREE
    assert st[("quangninh_first", 2018)] == compare.STATUS_DISAGREE
    assert st[("hatinh_2020_21", 2020)] == compare.STATUS_NOT_COVERED
    assert set(chk["status"]) <= {compare.STATUS_AGREE, compare.STATUS_DISAGREE, compare.STATUS_NOT_COVERED}
    facts = seed_targets.load_statements(compare.SEED_FACTS_GROUP)
    assert len(chk) == int((facts["year_to"] - facts["year_from"] + 1).sum())
    assert list(chk.columns) == seed_targets.CLAIM_COLUMNS


@pytest.mark.shared
def test_each_seed_quote_is_verbatim_on_its_line():
    facts = seed_targets.load_statements(compare.SEED_FACTS_GROUP)
    seeds.checked_statements(paths.seeds_dir(), facts)  # raises if a quote is not on its line
    # seed 000 line 13 and seed 003 line 9 (read by hand)
    assert dict(zip(facts["statement_id"], facts["line"])) == {
        "dienbien_46_48": 13,
        "hatinh_2020_21": 24,
        "quangninh_first": 3,
        "laichau_2019_63": 9,
    }


def test_a_moved_quote_stops_the_check(tmp_path):
    facts = seed_targets.load_statements(compare.SEED_FACTS_GROUP).iloc[[3]].assign(line=8)
    (tmp_path / facts["file"].iloc[0]).write_text(
        "a\nb\n" + "x\n" * 5 + facts["quote"].iloc[0] + "\n", encoding="utf-8"
    )
    seeds.checked_statements(tmp_path, facts)  # line 8 holds it
    with pytest.raises(seeds.QuoteNotFoundError, match="not on the stated line 9"):
        seeds.checked_statements(tmp_path, facts.assign(line=9))


# --------------------------------------------------------------------------- real data
PANEL = paths.data_dir() / "pci_panel.csv"


def needs_panel(f):  # the committed panel: a test of committed data fails, never skips, when it is missing
    return f


@pytest.fixture(scope="session")
def real_panel():
    from analysis.data.loaders import load_pci

    return load_pci()


@needs_panel
def test_real_latest_full_year_is_2023(real_panel):
    # composite 2023 derived for all 63 from PCI_2023_subindices.xlsx (sheet Tổng hợp) with the 2022 weights
    assert compare.latest_full_year(real_panel) == 2023
    # sub-indices: 2023 (PCI_2023_subindices.xlsx); 2020-2022 only a few provinces (pcivietnam.vn pages)
    assert compare.latest_full_year(real_panel, "time_costs") == 2023
    assert compare.full_years(real_panel, "time_costs")[-2:] == [2019, 2023]


@needs_panel
def test_real_quang_ninh_first_in_2018(real_panel):
    # PCI_2018.xlsx, sheet Summary, row 48: Quang Ninh, Rank 1
    xs = compare.cross_section(real_panel, 2018).query("indicator == 'pci'").set_index("province")
    assert xs.loc["Quảng Ninh", "rank"] == 1
    assert xs.iloc[0].name == "Quảng Ninh"


@needs_panel
def test_real_lai_chau_2018_percentile(real_panel):
    # PCI_2018.xlsx, sheet Summary, row 34: Lai Chau, Rank 62, of 63 provinces
    xs = compare.cross_section(real_panel, 2018).query("indicator == 'pci'").set_index("province")
    assert xs.loc["Lai Châu", "rank"] == 62 and xs.loc["Lai Châu", "n"] == 63
    assert xs.loc["Lai Châu", "percentile"] == pytest.approx(62 / 63)


@needs_panel
def test_real_percentiles_in_0_1(real_panel):
    for y in compare.full_years(real_panel):
        xs = compare.cross_section(real_panel, y)
        ranked = xs[xs["n"].notna()]
        assert ((ranked["percentile"] > 0) & (ranked["percentile"] <= 1)).all(), y
        assert xs.loc[xs["n"].isna(), "percentile"].isna().all(), y  # partial years: no "of N"


@needs_panel
def test_real_region_rank_consistent_with_national_ranks(real_panel):
    for prov in ("Điện Biên", "Lai Châu", "Hà Tĩnh", "Quảng Ninh"):
        rr = compare.region_rank(real_panel, prov, 2018)
        assert rr["national_rank"].is_monotonic_increasing, prov
        assert rr["region_rank"].iloc[0] == 1
        me = rr[rr["is_focus"]].iloc[0]
        assert me["region_rank"] == (rr["national_rank"] < me["national_rank"]).sum() + 1


@needs_panel
def test_real_seed_facts(real_panel):
    st = compare.check_seed_facts(real_panel).set_index(["statement_id", "year"])
    # Điện Biên: PCI_2017.xlsx Summary row 18 rank 48; PCI_2018.xlsx Summary row 18 rank 47 (within 46-48, seed 000)
    assert st.loc[("dienbien_46_48", 2017), "data_rank"] == 48
    assert st.loc[("dienbien_46_48", 2018), "data_rank"] == 47
    assert st.loc[("dienbien_46_48", 2017), "status"] == compare.STATUS_AGREE
    # 2020: pcivietnam.vn ranking page (pcivietnam_values_2006_2022.csv) ranks Điện Biên 46
    assert st.loc[("dienbien_46_48", 2020), "data_rank"] == 46
    assert st.loc[("dienbien_46_48", 2020), "data_source_kind"] == "official_page"
    # Quảng Ninh: PCI_2017.xlsx and PCI_2018.xlsx Summary row 48, rank 1
    assert st.loc[("quangninh_first", 2018), "status"] == compare.STATUS_AGREE
    # PCI_2019.xlsx, sheet Summary: Quang Ninh rank 1
    assert st.loc[("quangninh_first", 2019), "status"] == compare.STATUS_AGREE
    # Hà Tĩnh 2020: the pcivietnam.vn 2020 ranking page gives rank 21 (seed 001 says 21)
    assert st.loc[("hatinh_2020_21", 2020), "data_rank"] == 21
    # Lai Châu 2019: PCI_2019.xlsx gives rank 63 (seed 002 Appendix 03 and seed 003 say 63/63)
    assert st.loc[("laichau_2019_63", 2019), "data_rank"] == 63
    assert st.loc[("laichau_2019_63", 2019), "data_source_kind"] == "official_workbook"


def test_pci_papi_uses_main_dimensions_only(panel):
    pci = panel[(panel["year"] == 2018) & (panel["indicator"] == COMPOSITE)]
    base = {"province": pci["province"], "province_code": pci["province_code"], "year": 2018}
    papi = pd.concat(
        [
            pd.DataFrame({**base, "dimension": "transparency", "level": "dimension", "score": pci["score"].to_numpy()}),
            pd.DataFrame({**base, "dimension": "poverty_lists", "level": "sub_dimension", "score": 1.0}),
            pd.DataFrame({**base, "dimension": "papi_total_unweighted", "level": "total", "score": 2.0}),
        ],
        ignore_index=True,
    )
    c = compare.pci_papi_correlation(panel, papi, 2018)
    assert list(c["dimension"]) == ["transparency"]


# --------------------------------------------------------------------------- charts
def _texts(fig) -> str:
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
        leg = ax.get_legend()
        if leg:
            out += [t.get_text() for t in leg.get_texts()]
    for leg in fig.legends:
        out += [t.get_text() for t in leg.get_texts()]
    return "\n".join(out)


HL = ["Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_charts_draw_in_both_languages(panel, lang):
    from matplotlib.figure import Figure

    from analysis.outputs.charts import compare as cc

    xs = compare.cross_section(panel, 2018)
    pci = panel[(panel["year"] == 2018) & (panel["indicator"] == COMPOSITE)]
    papi = pd.DataFrame(
        {
            "province": pci["province"],
            "province_code": pci["province_code"],
            "year": 2018,
            "dimension": "transparency",
            "dimension_vi": "Công khai, minh bạch",
            "level": "dimension",
            "score": pci["score"].to_numpy() / 10,
        }
    )
    figs = {
        "dots": cc.ranked_dots(xs, HL, lang=lang),
        "bump": cc.rank_bump(panel, HL, 2016, 2019, lang=lang),
        "radar": cc.subindex_radar(xs, HL, lang=lang),
        "heat": cc.percentile_heatmap(xs, HL, lang=lang),
        "boxes": cc.region_boxes(panel, [2016, 2017, 2018], HL, lang=lang),
        "scatter": cc.pci_papi_scatter(panel, papi, 2018, HL, lang=lang),
    }
    for name, fig in figs.items():
        assert isinstance(fig, Figure), name
        t = _texts(fig)
        # names keep their diacritics in every language (issue 14: English mode wrote "Quang Ninh")
        assert "Lai Châu" in t and "Lai Chau" not in t, name
    en = _texts(figs["heat"])
    assert ("Entry" in en) == (lang == "en") and ("Gia nhập" in en) == (lang == "vi")
    fig = figs["bump"]
    fig.canvas.draw()
    years = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert years and all(y.isdigit() for y in years)
    # the bump chart leaves a gap (NaN) for a province's missing year
    line = fig.axes[0].get_lines()[0]
    assert np.isnan(np.asarray(line.get_ydata(), dtype=float)).sum() == 0  # Lai Châu: 2016-2019 all present
    gap = cc.rank_bump(panel[~((panel["province"] == "Hà Tĩnh") & (panel["year"] == 2017))], ["Hà Tĩnh"], 2016, 2018)
    ys = np.asarray(gap.axes[0].get_lines()[0].get_ydata(), dtype=float)
    assert np.isnan(ys[1]) and not np.isnan(ys[0])


def test_charts_save_with_source(panel, tmp_path):
    from PIL import Image

    from analysis.outputs.charts import compare as cc
    from analysis.outputs.style import save_figure

    xs = compare.cross_section(panel, 2018)
    out = save_figure(cc.ranked_dots(xs, HL), "dots", source="synthetic", directory=tmp_path)
    assert Image.open(out["png"]).size[0] > 0


def test_describe_sources_names_the_files(panel):
    s = compare.describe_sources(panel[panel["year"].isin([2018, 2019])], regions=True)  # the synthetic panel
    assert "VCCI PCI 2018 (PCI_2018.xlsx)" in s
    assert "Lai Châu 2019: seed Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03 (002_0b651ac042bb2fe9.txt)" in s
    assert "gso_covariates.xlsx" in s
    papi = pd.DataFrame(
        {
            "year": [2019, 2020, 2021],
            "source_kind": ["official_workbook"] + ["research_panel"] * 2,
            "source_file": [
                "PAPI_2011-2019.xlsx",
                "sub-dimensions-2011-2024/2020.csv",
                "sub-dimensions-2011-2024/2021.csv",
            ],
        }
    )
    assert compare.describe_sources(papi=papi) == (
        "UNDP/CECODES PAPI 2019 (PAPI_2011-2019.xlsx); PAPI, research copy 2020–2021 (sub-dimensions-2011-2024)"
    )


def test_real_region_targets_and_seed_fact_sources(real_panel):
    from analysis.data.loaders import load_targets

    # data/seed_targets.csv line 34 (seed 000 line 55): Điện Biên in the regional top 5 by 2025
    t = compare.region_targets(load_targets(), ["Lai Châu", "Điện Biên", "Hà Tĩnh"])
    assert list(t["province"]) == ["Điện Biên"]
    assert (t["value_high"].iloc[0], t["target_year"].iloc[0]) == (5, 2025)
    # catalog_data/seed_statements.csv, group pci_composite_ranks: seeds 000, 001, 003 and 004
    src = compare.seed_facts_sources(real_panel, compare.check_seed_facts(real_panel))
    assert src.startswith(
        "seed documents 000_bc8200d0cc8625e2.txt, 001_b36babd38c5a32d9.txt, "
        "003_ac6b037d9fc896f6.txt, 004_646a94240aaa91a6.txt; VCCI PCI 2017"
    )


def test_rank_bump_names_the_kind_of_every_hollow_point():
    """Hà Tĩnh's composite rank: 2020-2022 from pcivietnam.vn (official_page; 2021-2022 from its province page,
    pcivietnam_province_pages_2006_2024.csv, e.g. line 177: 2022 67.18, 18th), 2023 derived (data/pci_panel.csv
    source_kind): each kind named, none called a provincial document."""
    from analysis import load_pci
    from analysis.data.catalog import source_kind_label
    from analysis.outputs.charts import compare as compare_charts

    fig = compare_charts.rank_bump(load_pci(), ["Hà Tĩnh"], 2016, 2023)
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "Hà Tĩnh"
    assert [source_kind_label(k, "vi") for k in ("official_page", "derived")] == labels[1:]


def test_ranked_dots_title_names_a_derived_year():
    """PCI 2023: VCCI published the composite for the top 30 only (../shared/data/SOURCES.md, press row); 60 of the
    63 composites in data/pci_panel.csv are source_kind 'derived', three come from official province pages
    (pcivietnam_province_pages_2006_2024.csv lines 568, 952, 1154) and the chart names both. 2018: workbook only."""
    from analysis import load_pci
    from analysis.outputs.charts import compare as compare_charts

    p = load_pci()
    t23 = compare_charts.ranked_dots(compare.cross_section(p, 2023), lang="en").axes[0].get_title(loc="left")
    t18 = compare_charts.ranked_dots(compare.cross_section(p, 2018), lang="en").axes[0].get_title(loc="left")
    assert " ".join(t23.split()).endswith("(source: derived by this project, official web page (pcivietnam.vn))")
    assert "source" not in t18
    # the 34-unit cross-section (data/pci_panel_34.csv) counts units, not provinces
    from analysis.data import maps

    t34 = compare_charts.ranked_dots(maps.cross_section_34(maps.load_pci_34(), 2023), lang="en").axes[0]
    assert t34.get_title(loc="left").startswith("PCI composite 2023: 34 units by score")


def test_pci_papi_scatter_reads_a_correlation_table_passed_in():
    """Notebook 02 passes its pci_papi_table to the scatter (computed once): every panel's title (r, CI, n)
    is the same as when the scatter computes the correlation itself, on the committed PCI and PAPI tables."""
    from analysis.data import loaders
    from analysis.outputs.charts import compare as cc

    pci, papi = loaders.load_pci(), loaders.load_papi()
    year = compare.common_year(pci, papi)
    table = compare.pci_papi_table(pci, papi, loaders.load_papi_dimensions(), year)
    titles = [
        [ax.get_title("left") for ax in fig.axes]
        for fig in (
            cc.pci_papi_scatter(pci, papi, year, HL),
            cc.pci_papi_scatter(pci, papi, year, HL, correlation=table),
        )
    ]
    assert titles[0] == titles[1] and sum("r = " in t for t in titles[1]) >= 6
    # and the titles come from the table passed in: a changed r in the table shows in the chart
    planted = table.copy()
    planted["pearson_r"] = 0.123
    planted_titles = [ax.get_title("left") for ax in cc.pci_papi_scatter(pci, papi, year, HL, correlation=planted).axes]
    assert sum("r = 0.12" in t for t in planted_titles) >= 6 and planted_titles != titles[0]


def test_a_papi_dimension_without_its_vietnamese_name_takes_the_dimension_tables():
    """A PAPI row whose Vietnamese dimension name is missing (NaN in pandas' str column, as when the loader reads
    an empty cell) is labelled from the dimension table (data/papi_dimensions.csv), not "nan"."""
    from analysis.data import loaders
    from analysis.outputs.charts import compare as cc

    papi, dimensions = loaders.load_papi(), loaders.load_papi_dimensions()
    dim = "transparency"
    named = dimensions.set_index("dimension").loc[dim]
    assert cc._dim_label(papi, dim, "vi", dimensions) == "Công khai, minh bạch"  # the data's own name
    blank = papi.assign(dimension_vi=papi["dimension_vi"].where(papi["dimension"] != dim))
    assert cc._dim_label(blank, dim, "vi", dimensions) == named["name_vi"]
    assert cc._dim_label(blank, dim, "en", dimensions) == named["name_en"]
    assert cc._dim_label(papi.drop(columns="dimension_vi"), dim, "vi", dimensions) == named["name_vi"]
