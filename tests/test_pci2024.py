"""PCI 2024 (issue 22): the press facts and the six official province pages, in the committed data.

Every value cites its row: ../shared/data/press/pci_press_2024.csv and
pci-pages/pcivietnam_province_pages_2006_2024.csv (CSV line, header = line 1, and the row's URL).
"""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.core.paths
from analysis.data import catalog, loaders
from analysis.ingest.press import read_press_facts, read_press_table

SHARED_DATA = analysis.core.paths.shared_dir() / "data"
PRESS_2024 = SHARED_DATA / "press" / "pci_press_2024.csv"
PAGES_2024 = SHARED_DATA / "pci-pages" / "pcivietnam_province_pages_2006_2024.csv"


@pytest.fixture(scope="module")
def panel():
    return loaders.load_pci()


@pytest.fixture(scope="module")
def comparisons():
    return loaders.load_source_comparisons()


def cell(panel, year, province, indicator="pci"):
    code = catalog.resolve_province(province).code
    r = panel[(panel["year"] == year) & (panel["province_code"] == code) & (panel["indicator"] == indicator)]
    assert len(r) == 1, (year, province, indicator)
    return r.iloc[0]


def test_quang_ninh_2024_second_with_73_20(panel):
    # press line 4, https://thoibaotaichinhvietnam.vn/hai-phong-tops-2024-pci-rankings-following-strong-business-
    # environment-reform-efforts-176007.html: "came in second with 73.2 points"; line 5 (baolaocai.vn ...post401374):
    # "xếp vị trí thứ 2 là Quảng Ninh với 73,2 điểm"
    r = cell(panel, 2024, "Quảng Ninh")
    assert (r["score"], r["rank"], r["source_kind"], r["rank_kind"]) == (73.2, 2, "press", "published")
    assert r["source_url"].startswith("https://thoibaotaichinhvietnam.vn/hai-phong-tops-2024-pci")


def test_hai_phong_2024_first_with_74_84(panel):
    # press line 2, https://en.sggp.org.vn/ho-chi-minh-city-ranks-among-top-30-localities-in-vietnams-2024-pci-
    # post117421.html ("a score of 74.84 points"); line 3, https://vietnamnews.vn/economy/1717104/ ("topped")
    r = cell(panel, 2024, "Hải Phòng")
    assert (r["score"], r["rank"]) == (74.84, 1)
    assert (r["source_locator"], r["rank_locator"]) == ("line 2", "line 3")
    assert r["source_url"].startswith("https://en.sggp.org.vn/ho-chi-minh-city-ranks-among-top-30")


def test_dien_bien_2024_32nd_with_67_77_outside_the_top_30(panel):
    # press lines 23-24, https://en.baodienbienphu.com.vn/kinh-te/focusing-on-improving-low-scoring-indicators-
    # 3e8uR4BNR.html: "The PCI 2024 score of the province is 67.77 points ..., ranking 32nd"
    r = cell(panel, 2024, "Điện Biên")
    assert (r["score"], r["rank"], r["source_kind"]) == (67.77, 32, "press")
    assert (
        r["source_url"] == "https://en.baodienbienphu.com.vn/kinh-te/focusing-on-improving-low-scoring-"
        "indicators-3e8uR4BNR.html"
    )
    # line 25: informal charges 6.39, a sub-index cell of its own
    assert cell(panel, 2024, "Điện Biên", "informal_charges")["score"] == 6.39


def test_thanh_hoa_2024_composite_derived_from_its_page_equals_the_published_68_74_rank_21(panel):
    # pages lines 957-968, https://pcivietnam.vn/en/provinces/thanh-hoa: ten 2024 sub-indices, composite 68.74,
    # rank 21 (line 963). The 2022 weights (catalog_data/weights.csv, period 2022-) give the composite back.
    page = pd.read_csv(PAGES_2024)
    th = page[(page["province_vi"] == "Thanh Hóa") & (page["year"] == 2024)].set_index("indicator")["score"]
    assert set(th.index) == set(catalog.INDICATORS)
    derived = catalog.recompute_composite(th.drop("pci").to_dict(), 2024)
    assert round(derived, 2) == 68.74 == th["pci"]
    r = cell(panel, 2024, "Thanh Hóa")
    assert (r["score"], r["rank"], r["source_kind"]) == (68.74, 21, "official_page")
    assert r["source_url"] == "https://pcivietnam.vn/en/provinces/thanh-hoa"
    f = loaders.load_validation_findings()
    chk = f[(f["rule"] == "weights_checked_on_pages") & (f["year"] == 2024)]
    assert len(chk) == 1 and chk["severity"].item() == "info" and "Thanh Hóa 68.74 vs 68.740" in chk["detail"].item()


def test_ha_tinh_2022_18th_with_67_18_from_its_official_page(panel, comparisons):
    # pages line 177, https://pcivietnam.vn/ho-so-tinh/ha-tinh: "Hà Tĩnh,2022,pci,67.18,18"; the secondary table
    # (secondary_nonofficial_2019_2022.csv line 70, xuctiendautu.hatinh.gov.vn) gives rank 18 too: compared, agrees
    r = cell(panel, 2022, "Hà Tĩnh")
    assert (r["score"], r["rank"], r["source_kind"], r["source_locator"]) == (67.18, 18, "official_page", "line 177")
    c = comparisons[
        (comparisons["year"] == 2022) & (comparisons["province"] == "Hà Tĩnh") & (comparisons["indicator"] == "pci")
    ]
    assert len(c) >= 2 and c["agree"].all()  # research panel score and secondary rank


def test_published_ties_keep_their_published_ranks(panel):
    # press lines 13-14 (en.sggp.org.vn ...post117421): Phú Thọ and Đồng Tháp both 70.35; line 36
    # (nld.com.vn ...196250608190254627): Đồng Tháp 9th; line 37 (vietnamfdi.vn ...12_121389): Phú Thọ 8th.
    # VCCI ranks the unrounded scores: the published ranks stay, no tie rank is computed.
    pt, dt = cell(panel, 2024, "Phú Thọ"), cell(panel, 2024, "Đồng Tháp")
    assert pt["score"] == dt["score"] == 70.35
    assert (pt["rank"], dt["rank"]) == (8, 9)


def test_median_and_region_rank_are_facts_not_province_composites(panel):
    # press line 45 (vietnamfdi.vn ...12_121389): "Điểm số trung vị đạt 67,67 điểm"; line 44 (baodienbienphu):
    # "it ranks 5th out of 14 provinces in the Northern Midlands and Mountains"; line 42 (baolaocai): Hà Nam 22nd
    facts = loaders.load_pci_facts()
    med = facts[facts["indicator"] == "pci_median"]
    assert (med["year"].item(), med["score"].item(), med["scope"].item(), med["province"].item()) == (
        2024,
        67.67,
        "national",
        "",
    )
    reg = facts[facts["indicator"] == "pci_region_rank"]
    assert (reg["province"].item(), reg["rank"].item(), reg["of_n"].item()) == ("Điện Biên", 5, 14)
    assert reg["source_url"].item().startswith("https://en.baodienbienphu.com.vn/")
    hn = facts[facts["indicator"] == "pci_rank"]
    assert (hn["province"].item(), hn["rank"].item(), hn["source_locator"].item()) == ("Hà Nam", 22, "line 42")
    # none of them is a panel row: the panel's indicators are the composite and the ten sub-indices
    assert set(panel["indicator"]) == set(catalog.INDICATORS)
    assert panel[(panel["year"] == 2024) & (panel["province"] == "Hà Nam")].empty


def test_dien_bien_2023_press_figure_checks_the_derived_composite_and_does_not_replace_it(panel, comparisons):
    # press line 43, https://laodong.vn/thoi-su/chi-so-canh-tranh-cua-dien-bien-tang-vot-31-bac-chi-sau-1-nam-
    # 1338069.ldo: "xếp thứ 31 ... đạt 66,77 điểm"
    r = cell(panel, 2023, "Điện Biên")
    assert (r["source_kind"], round(r["score"], 2), r["rank"]) == ("derived", 66.77, 31)
    c = comparisons[
        (comparisons["year"] == 2023)
        & (comparisons["province"] == "Điện Biên")
        & (comparisons["other_file"] == "pci_press_2024.csv")
    ]
    assert set(c["field"]) == {"score", "rank"} and c["agree"].all()


def test_the_site_disagrees_with_the_2023_workbook_on_thanh_hoa_s_2023_sub_index_column(comparisons):
    # pages lines 946-956 (https://pcivietnam.vn/en/provinces/thanh-hoa), 2023: business support 4.88 where
    # PCI_2023_subindices.xlsx (Tổng hợp, Thanh Hóa's row) has 7.19; all ten sub-indices differ beyond rounding,
    # while the page's 2023 composite (66.79) agrees with the derived one. The other five pages agree on 2023.
    c = comparisons[
        (comparisons["year"] == 2023)
        & (comparisons["other_file"] == PAGES_2024.name)
        & (comparisons["kept_kind"] == "official_workbook")
    ]
    bad = c[~c["agree"]]
    assert set(bad["province"]) == {"Thanh Hóa"} and len(bad) == 10
    assert c[c["province"] != "Thanh Hóa"]["agree"].all() and len(c) == 60
    bs = bad[bad["indicator"] == "business_support"].iloc[0]
    assert bs["other_value"] == 4.88 and round(bs["kept_value"], 2) == 7.19


def test_press_reader_keeps_the_url_and_reads_the_2023_row(tmp_path):
    c = read_press_table(PRESS_2024)
    assert len(c) == 42 and set(c["year"]) == {2023, 2024}  # lines 2-45 less the median and the region rank
    assert (c["source_url"].str.startswith("https://")).all()
    f = read_press_facts(PRESS_2024)
    assert sorted(f["indicator"]) == ["pci_median", "pci_region_rank"]
    bad = tmp_path / "pci_press_2024.csv"
    bad.write_text(
        "year,province_vi,indicator,score,rank,source,note\n"
        "2024,Điện Biên,pci_region_rank,,15,https://example.org/a,\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="line 2.*beyond the 14 provinces"):
        read_press_facts(bad)


def test_every_2025_pci_target_says_how_the_next_edition_decides_it():
    """catalog_data/target_next_edition.csv: one row per PCI target of 2025 in data/seed_targets.csv (and Quảng
    Ninh's keep-first, decided by PCI 2024). Where it says the top-30 list alone decides, the band converted to 34
    units (maps.convert_rank_band) must end inside the published 30."""
    from analysis.data import maps

    nxt = catalog.load_target_next_edition().set_index("target_id")
    t = loaders.load_targets().set_index("target_id")
    pci_2025 = t[(t["index"].isin(["PCI", "pci_subindex_each"])) & (t["target_year"].astype(str) == "2025")]
    assert set(pci_2025.index) <= set(nxt.index) and "quangninh_pci_keep_first" in nxt.index
    for tid, r in nxt.iterrows():
        if "top-30 list alone" in r["decided_by"]:
            lo, hi = t.loc[tid, ["value_low", "value_high"]].astype(float)
            band = maps.convert_rank_band(int(lo), int(hi), 63, 34)
            assert band.n == 34 and band.hi <= 30, tid
    qn = nxt.loc["quangninh_pci_keep_first"]
    assert qn["edition"] == "PCI 2024" and "2nd" in qn["status_2024"]
    assert qn["fact_url"].startswith("https://baolaocai.vn/")


def test_facts_that_contradict_the_published_ranks_beside_them_are_findings_not_overwrites(panel):
    """pci_press_2024.csv line 44: Điện Biên "5th out of 14 provinces in the Northern Midlands and Mountains"; lines
    24-25: Điện Biên 67.77, 32nd; published national ranks of the same region (GSO regions, gso_covariates.xlsx
    sheet 2006): Bắc Giang 4 (line 9), Phú Thọ 8 (37), Lạng Sơn 16 (38), Lào Cai 23 (23), Thái Nguyên 26 (40) — five above it, so
    at best 6th in that region. Line 45: the national median 67.67, while the 32nd of 63 (the middle) scored 67.77."""
    from analysis.ingest.fact_checks import fact_findings

    facts = loaders.load_pci_facts()
    found = pd.DataFrame(fact_findings(facts, panel))
    region = found[found["detail"].str.startswith("published rank within")]
    assert len(region) == 1 and region["source_locator"].iloc[0] == "line 44"
    assert "Bắc Giang 4, Phú Thọ 8, Lạng Sơn 16, Lào Cai 23, Thái Nguyên 26" in region["detail"].iloc[0]
    assert "at best 6" in region["detail"].iloc[0]
    median = found[found["detail"].str.startswith("published national median 67.67")]
    assert (
        len(median) == 1
        and median["province"].iloc[0] == "Điện Biên"
        and "(the middle is 32)" in median["detail"].iloc[0]
    )
    # kept as published: the fact and the rank are unchanged, and the committed findings hold both warnings
    db = facts[(facts["indicator"] == "pci_region_rank") & (facts["province"] == "Điện Biên")]
    assert int(db["rank"].iloc[0]) == 5
    committed = loaders.load_validation_findings()
    assert (committed["rule"] == "fact_contradiction").sum() == 2
