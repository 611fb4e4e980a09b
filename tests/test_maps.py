"""The 34-unit map of 1 July 2025 (issue 15): resolution by year, memberships, the comparable history, rank bands.

Memberships are checked against ``../shared/data/provinces/province_merger_2025.csv`` (Resolution 202/2025/QH15,
https://www.vietnam.vn/en/nghi-quyet-cua-quoc-hoi-ve-sap-xep-don-vi-hanh-chinh-cap-tinh), line numbers as in that
file (header = line 1). Aggregated values are checked by hand from ``PCI_2018.xlsx`` sheet 'Summary' and the 2016
population in ``gso_covariates.xlsx`` sheet '2016' column C.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import analysis
from analysis.analyses import standing34
from analysis.core import store
from analysis.core.paths import data_dir
from analysis.data import catalog, maps
from analysis.ingest import map34

needs_shared = pytest.mark.shared

MERGER = "../shared/data/provinces/province_merger_2025.csv"


@pytest.fixture(scope="session")
def pm() -> maps.ProvinceMaps:
    return maps.ProvinceMaps.load()


# --------------------------------------------------------------------------- resolution by year
def test_phu_tho_is_the_old_province_in_2023_and_the_merged_unit_in_2025():
    old = analysis.resolve_province("Phú Thọ", year=2023)
    new = analysis.resolve_province("Phú Thọ", year=2025)
    assert (old.code, old.name) == ("25", "Phú Thọ")  # GSO code 25 (data/provinces.csv)
    assert (new.code, new.name) == ("M25", "Phú Thọ")
    assert new.code != old.code  # the 2025 unit never continues the old province's series
    assert analysis.resolve_province("phu tho").code == "25"  # no year: the historical catalogue, as before


def test_a_province_absorbed_in_2025_is_not_a_2025_unit():
    # merger CSV line 20: Vĩnh Phúc -> Phú Thọ
    assert analysis.resolve_province("Vĩnh Phúc", year=2024).code == "26"
    with pytest.raises(maps.NotOnMapError, match="became part of Phú Thọ.*line 20"):
        analysis.resolve_province("Vĩnh Phúc", year=2025)


@pytest.mark.parametrize("name", ["Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"])
def test_seed_provinces_are_unchanged_and_keep_their_codes(name, pm):
    # the issue and the merger CSV (lines 4, 5, 11, 8): the four seed provinces are unchanged in 2025
    assert analysis.resolve_province(name, year=2025).code == analysis.resolve_province(name, year=2018).code
    assert pm.units.set_index("province")["change"][name] == "unchanged"


def test_hue_is_the_renamed_thua_thien_hue_with_the_same_code():
    # merger CSV line 3: "unchanged (renamed Huế as a city in 2025, same territory)"
    u = analysis.resolve_province("Huế", year=2025)
    assert (u.code, u.name) == ("46", "Huế")
    assert analysis.resolve_province("Thừa Thiên Huế", year=2025).code == "46"


@pytest.mark.parametrize(
    "old,new,line",
    [
        ("Hà Giang", "Tuyên Quang", 14),
        ("Phú Thọ", "Phú Thọ", 19),
        ("Vĩnh Phúc", "Phú Thọ", 20),
        ("Hòa Bình", "Phú Thọ", 21),
        ("Kon Tum", "Quảng Ngãi", 36),
        ("Bình Dương", "TP Hồ Chí Minh", 47),
        ("Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh", 48),
        ("Long An", "Tây Ninh", 52),
    ],
)
def test_memberships_follow_the_resolution_list(old, new, line, pm):
    code = catalog.resolve_province(old).code
    assert pm.unit_of(code).name == new
    row = pm.units[pm.units["province_code"] == code].iloc[0]
    assert (row["source_file"], int(row["source_line"])) == ("province_merger_2025.csv", line)
    assert row["source_url"].startswith("https://www.vietnam.vn/")


def test_new_phu_tho_has_three_members_and_34_units_in_all(pm):
    assert sorted(p.name for p in pm.members("M25")) == ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"]
    assert pm.units["unit_code"].nunique() == 34 and len(pm.units) == 63
    frame = pm.units_frame()
    assert (frame["change"] == "unchanged").sum() == 11  # the issue: 11 unchanged, 23 new units
    merged_codes = set(frame.loc[frame["change"] == "merged", "unit_code"])
    assert not merged_codes & set(catalog.load_provinces()["province_code"])  # no code shared with an old province


@needs_shared
def test_committed_membership_table_is_what_the_merger_list_builds(pm):
    from analysis.core.paths import provinces_source_dir

    built = map34.build_units(provinces_source_dir())
    assert store.csv_bytes(built) == (data_dir() / maps.UNITS_TABLE).read_bytes()
    raw = pd.read_csv(provinces_source_dir() / maps.MERGER_FILE, dtype=str)
    # every membership of the raw list, line by line
    for i, r in raw.iterrows():
        code = catalog.resolve_province(r["province_before_2025"]).code
        assert pm.unit_of(code).name == r["province_from_july_2025"], f"{MERGER} line {i + 2}"


# --------------------------------------------------------------------------- the 34-unit history
# PCI_2018.xlsx, sheet 'Summary', column C ("The Weighted PCI Score in 2018"): Hoa Binh C30, Phu Tho C44,
# Vinh Phuc C63; population 2016 (thousand): gso_covariates.xlsx sheet '2016' Hoà Bình C29, Phú Thọ C25, Vĩnh Phúc C5.
PCI_2018 = {"Hòa Bình": 61.73026657104492, "Phú Thọ": 63.94755554199219, "Vĩnh Phúc": 64.54727172851562}
POP_2016 = {"Hòa Bình": 831.3, "Phú Thọ": 1381.7, "Vĩnh Phúc": 1066.0}
# the same sheet, column D ("Sub-Index 1: Entry Costs"): D30, D44, D63
ENTRY_2018 = {"Hòa Bình": 7.204575538635254, "Phú Thọ": 7.2571563720703125, "Vĩnh Phúc": 6.76200532913208}


def _row(panel, code, year, indicator="pci"):
    r = panel[(panel["province_code"] == code) & (panel["year"] == year) & (panel["indicator"] == indicator)]
    assert len(r) == 1
    return r.iloc[0]


def test_merged_phu_tho_2018_is_the_population_weighted_mean_of_its_members():
    p34 = maps.load_pci_34()
    by_hand = sum(POP_2016[k] * PCI_2018[k] for k in PCI_2018) / sum(POP_2016.values())
    r = _row(p34, "M25", 2018)
    assert r["score"] == pytest.approx(by_hand, abs=1e-6)
    assert (r["source_kind"], r["province"], int(r["n_members"])) == ("aggregated", "Phú Thọ", 3)
    entry = sum(POP_2016[k] * ENTRY_2018[k] for k in ENTRY_2018) / sum(POP_2016.values())
    assert _row(p34, "M25", 2018, "entry_costs")["score"] == pytest.approx(entry, abs=1e-6)
    assert 1 <= r["rank"] <= 34 and r["rank_kind"] == "computed from scores"


def test_equal_weights_give_the_plain_mean():
    p34 = maps.build_panel_34(analysis.load_pci(), weights="equal")
    assert _row(p34, "M25", 2018)["score"] == pytest.approx(sum(PCI_2018.values()) / 3, abs=1e-6)


def test_unchanged_units_keep_their_own_series():
    panel, p34 = analysis.load_pci(), maps.load_pci_34()
    for year in (2009, 2013, 2018):
        own = _row(panel, "12", year)  # Lai Châu
        r = _row(p34, "12", year)
        assert r["score"] == pytest.approx(own["score"], abs=1e-9) and r["source_kind"] != "aggregated"


def test_every_year_has_at_most_34_units_and_ranks_out_of_34():
    p34 = maps.load_pci_34()
    assert p34["year"].min() == 2009 and p34["year"].max() == analysis.load_pci()["year"].max()
    assert p34.groupby("year")["province_code"].nunique().max() == 34
    assert p34["rank"].max() == 34
    old_only = set(maps.ProvinceMaps.load().units.query("change == 'merged'")["province_code"])
    assert not set(p34["province_code"]) & old_only  # no member of a merged unit appears on its own


def test_committed_34_unit_history_is_rebuilt_from_the_committed_panel():
    """Fails after the panel changes until `python -m analysis build-map34` is rerun (the lead's step)."""
    built = maps.build_panel_34(analysis.load_pci())
    assert store.csv_bytes(built) == (data_dir() / maps.PANEL_34_TABLE).read_bytes()


def test_project_takes_the_34_unit_panel():
    p34 = maps.panel_on_map(analysis.load_pci(), "34")
    proj = analysis.project(p34, last_year=2018, target_years=2020, method="persistence", draws=200, seed=0)
    assert (proj.summary["n_ranked"] == 34).all() and proj.summary["province_code"].nunique() == 34
    assert "M25" in set(proj.summary["province_code"])
    assert maps.panel_on_map(p34, "63") is p34
    with pytest.raises(ValueError):
        maps.panel_on_map(p34, "64")


def test_equal_weights_comparison_reports_rank_shifts():
    cmp_ = standing34.compare_weightings(analysis.load_pci())
    # the composite of all 63 exists 2009–2023 (workbooks to 2019, research panel and pages 2020–2022, 2023 derived)
    assert set(cmp_["year"]) == set(range(2009, 2024))
    assert (cmp_.groupby("year").size() == 34).all()
    assert ((cmp_["rank_equal"] - cmp_["rank_population"]) == cmp_["rank_shift"]).all()
    s = standing34.weighting_summary(cmp_)
    assert list(s.columns) == ["year", "units", "units_moved", "max_abs_shift", "spearman"]
    assert (s["spearman"] > 0.5).all() and (s["max_abs_shift"] >= 0).all()


# --------------------------------------------------------------------------- rank bands on both scales
@pytest.mark.parametrize(
    "lo,hi,n_from,n_to,expected",
    [
        # rank r of n covers ((r-1)/n, r/n]; by hand: 39*34/63 = 21.05 -> 22, 45*34/63 = 24.29 -> 25
        (40, 45, 63, 34, (22, 25)),
        # back: 21*63/34 = 38.9 -> 39, 25*63/34 = 46.3 -> 47 (wider: the scales do not nest)
        (22, 25, 34, 63, (39, 47)),
        (1, 1, 63, 34, (1, 1)),
        (63, 63, 63, 34, (34, 34)),
        (1, 30, 63, 34, (1, 17)),  # 30*34/63 = 16.19 -> 17
    ],
)
def test_rank_band_conversion(lo, hi, n_from, n_to, expected):
    b = maps.convert_rank_band(lo, hi, n_from, n_to)
    assert (b.lo, b.hi, b.n) == (*expected, n_to)
    assert b.pct_lo <= (lo - 1) / n_from and b.pct_hi >= hi / n_from  # covers the original share


def test_rank_band_table_and_bad_band():
    t = maps.rank_band_scales(40, 45)
    assert t[["map", "rank_lo", "rank_hi"]].values.tolist() == [["63", 40, 45], ["34", 22, 25]]
    assert t["pct_hi"].iloc[0] == pytest.approx(45 / 63)
    with pytest.raises(ValueError):
        maps.convert_rank_band(50, 70)


def test_the_2025_change_is_a_declared_break():
    assert 2025 in [b.year for b in catalog.methodology_breaks(2018, 2026)]
    assert maps.map_for_year(2024) == "63" and maps.map_for_year(2025) == "34"


# --------------------------------------------------------------------------- an edition on the 34-unit map
HEADER_2025 = [
    "Province",
    "Rank",
    "The Weighted PCI Score in 2025",
    "Sub-Index 1: Entry Costs",
    "Sub-Index 2: Land Access & Tenure",
    "Sub-Index 3: Transparency",
    "Sub-Index 4: Time Costs",
    "Sub-Index 5: Informal Charges",
    "Sub-Index 6: Policy Bias",
    "Sub-Index 7: Proactivity",
    "Sub-Index 8: Business Support Services",
    "Sub-Index 9: Labor Policy",
    "Sub-Index 10: Law & Order",
]
# the 2017-2019 English 'Summary' layout (../shared/data/PCI_WORKBOOK_LAYOUTS.md; header as PCI_2018.xlsx row 1)


def _edition_34(path, names):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(HEADER_2025)
    for i, name in enumerate(names):  # synthetic scores, strictly decreasing so rank = position
        ws.append([name, i + 1, 70.0 - 0.5 * i] + [round(8.0 - 0.05 * i - 0.01 * k, 4) for k in range(10)])
    wb.save(path)
    return path


def _snapshot(d):
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


def test_an_edition_on_the_34_unit_map_imports_without_extending_old_series(tmp_path, data_copy):
    from analysis.ingest.importer import import_workbook

    names = list(maps.ProvinceMaps.load(data_copy).units_frame()["unit"])
    assert len(names) == 34 and "Huế" in names
    res = import_workbook(_edition_34(tmp_path / "PCI_2025.xlsx", names), data_dir=data_copy)
    y = res.panel[res.panel["year"] == 2025]
    assert y["province_code"].nunique() == 34
    pci = y[y["indicator"] == "pci"].set_index("province_code")
    assert pci.loc["M25", "province"] == "Phú Thọ" and int(pci.loc["M25", "rank"]) == names.index("Phú Thọ") + 1
    assert pci["rank"].max() == 34
    # the old Phú Thọ (25) and Vĩnh Phúc (26) series end before 2025; Lai Châu (12, unchanged) continues
    panel = analysis.load_pci(data_copy)
    assert panel.loc[panel["province_code"] == "25", "year"].max() < 2025
    assert not panel[(panel["year"] == 2025) & panel["province_code"].isin(["25", "26", "17"])].size
    assert 2025 in set(panel.loc[panel["province_code"] == "12", "year"])
    # the 34-unit history takes the edition as it is (published ranks out of 34)
    p34 = maps.load_pci_34(data_copy)
    r = _row(p34, "M25", 2025)
    assert (
        r["rank_kind"] == "published"
        and r["source_kind"] != "aggregated"
        and int(r["rank"]) == int(pci.loc["M25", "rank"])
    )


def test_an_edition_mixing_the_maps_is_refused_naming_the_names(tmp_path, data_copy):
    from analysis.ingest.importer import import_workbook

    names = list(maps.ProvinceMaps.load(data_copy).units_frame()["unit"])
    names[names.index("Bắc Ninh")] = "Bắc Giang"  # merger CSV line 23: Bắc Giang went into Bắc Ninh
    before = _snapshot(data_copy)
    with pytest.raises(map34.MixedMapError) as exc:
        import_workbook(_edition_34(tmp_path / "PCI_2025.xlsx", names), data_dir=data_copy)
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith("PCI_2025.xlsx: PCI 2025") and "'Bắc Giang'" in msg
    assert "now part of Bắc Ninh" in msg and "34-unit map" in msg
    # the cell holding the name (column A of the written sheet), not the score cell beside it (issue 20)
    assert f"'Bắc Giang' (Summary!A{names.index('Bắc Giang') + 2}," in msg and "Summary!C" not in msg
    assert _snapshot(data_copy) == before  # data/ byte-identical


def test_rank_movers_of_a_34_unit_edition_compare_ranks_among_the_34(tmp_path, data_copy):
    """Issue 20: after a 34-unit edition, 'Biggest rank movers' compared ranks out of 34 with ranks out of 63
    ('Cao Bằng 61→33'); now with the 34-unit history's last year (pci_panel_34.csv, ranked among the 34)."""
    from analysis.ingest.importer import import_workbook

    names = list(maps.ProvinceMaps.load(data_copy).units_frame()["unit"])
    res = import_workbook(_edition_34(tmp_path / "PCI_2025.xlsx", names), data_dir=data_copy)
    line = next(ln for ln in res.summary.splitlines() if "Biggest rank movers" in ln)
    assert "vs 2023 (ranks among the 34 units)" in line
    moves = [int(x) for pair in re.findall(r"(\d+)→(\d+)", line) for x in pair]
    assert moves and max(moves) <= 34, line


def test_cross_section_of_the_34_units_with_regions_of_the_namesake():
    xs = maps.cross_section_34(maps.load_pci_34(), 2018)
    assert len(xs) == 34 and list(xs["rank"]) == sorted(xs["rank"])
    r = xs.set_index("province_code").loc["M25"]
    # Phú Thọ's own GSO region (gso_covariates.xlsx sheet 2006); Vĩnh Phúc is in the Red River Delta
    assert r["region"] == "Trung du và miền núi phía Bắc" and "Đồng bằng sông Hồng" in r["members_regions"]
    assert r["percentile"] == pytest.approx(r["rank"] / 34)


def test_rank_targets_on_both_scales():
    # seed_targets.csv: Lai Châu PCI "trong nhóm 45 - 55" by 2025 (002_0b651ac042bb2fe9.txt, Phụ lục 01, line 1064);
    # Hà Tĩnh PCI top 20 by 2025; Quảng Ninh keeps first place
    t = maps.targets_on_both_scales(analysis.load_targets()).set_index("target_id")
    lc = t.loc["laichau_pci_rank_2025_appendix01"]
    # by hand: floor(44*34/63)+1 = floor(23.75)+1 = 24; ceil(55*34/63) = ceil(29.68) = 30
    assert (lc["rank_lo_63"], lc["rank_hi_63"], lc["rank_lo_34"], lc["rank_hi_34"]) == (45, 55, 24, 30)
    assert lc["verdict_scale"] == "34" and lc["pct_hi"] == pytest.approx(55 / 63)
    ht = t.loc["hatinh_pci_top20_2025"]
    assert (ht["rank_lo_34"], ht["rank_hi_34"]) == (1, 11)  # ceil(20*34/63) = ceil(10.79) = 11
    qn = t.loc["quangninh_pci_keep_first"]
    assert (qn["rank_lo_34"], qn["rank_hi_34"]) == (1, 1)


def test_standing_among_34_for_the_seed_provinces():
    xs, focus, moved = standing34.standing_among_34(
        analysis.load_pci(), maps.load_pci_34(), ["Lai Châu", "Hà Tĩnh"], 2018
    )
    assert list(focus["province_code"]) == ["12", "42"]
    # PCI_2018.xlsx 'Summary': Lai Châu 62nd of 63 (B35 = 62, C35 = 58.33); the only province below it, Đắk Nông
    # (B18 = 63), went into Lâm Đồng (merger CSV line 42), whose aggregate is higher: Lai Châu is last of the 34
    assert int(focus.set_index("province_code").loc["12", "rank"]) == 34
    assert moved["units"] == 34 and moved["first_year"] == 2009 and moved["largest_shift"] >= moved["max_abs_shift"]


def test_a_34_unit_top_30_edition_with_press_facts_imports_and_reads_on_the_new_map(tmp_path, data_copy):
    """Issue 22 item 6: PCI 2025 ranks the 34 units and publishes the top 30 only; the press adds a rank outside
    it and a region rank. Built by code: the workbook lists 30 of the 34 units (expected count 30)."""
    from analysis.ingest.importer import import_workbook
    from analysis.ingest.press import read_press_facts, read_press_table

    names = list(maps.ProvinceMaps.load(data_copy).units_frame()["unit"])
    outside = ["Lai Châu", "Điện Biên", "Cao Bằng", "Sơn La"]  # unchanged units (merger CSV), left out of the 30
    top30 = [n for n in names if n not in outside]
    assert len(top30) == 30
    res = import_workbook(_edition_34(tmp_path / "PCI_2025.xlsx", top30), data_dir=data_copy, expected_count=30)
    y = res.panel[(res.panel["year"] == 2025) & (res.panel["indicator"] == "pci")].set_index("province_code")
    assert len(y) == 30 and y["rank"].max() == 30 and "12" not in y.index
    press = tmp_path / "pci_press_2025.csv"
    pt = top30.index("Phú Thọ") + 1
    press.write_text(
        "year,province_vi,indicator,score,rank,source,note\n"
        "2025,Điện Biên,pci,61.5,32,https://example.org/dien-bien-2025,ranked 32nd of 34\n"
        f"2025,Phú Thọ,pci,,{pt},https://example.org/phu-tho-2025,the merged province\n"
        "2025,Điện Biên,pci_region_rank,,3,https://example.org/dien-bien-2025,3rd in its region\n",
        encoding="utf-8",
    )
    c = read_press_table(press)
    f = read_press_facts(press)
    # names resolve on the 2025 map: Phú Thọ is the merged unit M25, never the old province 25
    assert set(c["province_code"]) == {"11", "M25"}
    db = c[c["province_code"] == "11"].iloc[0]
    assert (db["score"], db["rank"], db["source_url"]) == (61.5, 32, "https://example.org/dien-bien-2025")
    assert (f["indicator"].item(), f["province_code"].item(), f["rank"].item()) == ("pci_region_rank", "11", 3)
    assert pd.isna(f["of_n"].item())  # the 63-province region size does not apply on the 34-unit map
    # the press rank of the merged unit is the workbook's (a check of the same cell on the new map)
    assert int(y.loc["M25", "rank"]) == int(c.set_index("province_code").loc["M25", "rank"]) == pt
