"""Notebook 00's library (analysis.analyses.overview): prose in the run's language, tables, the province window.

Committed-data tests read ``data/`` (they never skip); the others use hand-made rows whose
expected text is worked out by hand below each call.
"""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.analyses import overview
from analysis.data import loaders


@pytest.fixture(scope="session")
def panel():
    return analysis.load_pci()


def test_provinces_text_names_the_region_source_from_columns():
    provinces = analysis.load_provinces()
    # README (Data): 63 provinces + Hà Tây (separate until its merger into Hà Nội in 2008); six GSO regions
    # from gso_covariates.xlsx, sheet 2006 — now read from the region_file / region_locator columns
    assert overview.provinces_text(provinces, "en") == (
        "63 provinces today, plus Hà Tây (in the data until 2008); 6 regions (source: gso_covariates.xlsx, sheet 2006)."
    )
    assert overview.provinces_text(provinces, "vi").startswith(
        "63 tỉnh hiện nay, cùng Hà Tây (có trong dữ liệu đến 2008)"
    )
    regions = overview.regions_table(provinces)
    assert len(regions) == 6 and regions["provinces"].sum() == 64


def test_coverage_text_follows_lang_and_the_data(panel):
    en = overview.coverage_text(panel, "en")
    # README (Years covered): 2005–2024 (2024 partial: press and one official page); official workbooks to 2019
    # plus the VCCI-format 2023 workbook; the 2023 composite is derived except three official pages'
    # (pcivietnam_province_pages_2006_2024.csv lines 568, 952, 1154)
    assert "(64 provinces, 2005–2024)" in en and "exist for 2005, 2006," in en and "2019, 2023." in en
    # the kinds by their labels (catalog_data/source_kinds.csv), never by their codes
    assert "is **2023** for the composite (derived by this project, official web page (pcivietnam.vn))" in en
    assert "official_page" not in en and "derived," not in en
    vi = overview.coverage_text(panel, "vi")
    assert vi.startswith("Bảng dữ liệu có") and "(64 tỉnh, 2005–2024)" in vi
    assert "điểm tổng hợp (Tính toán của dự án, Trang pcivietnam.vn)" in vi
    assert overview.coverage_text(panel, "both") == f"{vi}\n\n{en}"


def _agreement(n, a):
    return pd.DataFrame({"n_compared": [n], "n_agree": [a]})


def test_agreement_text_counts_the_disagreements_and_points_to_their_table():
    comps = pd.DataFrame(
        [
            dict(
                year=2021,
                province="Lai Châu",
                indicator="pci",
                field="score",
                kept_value=60.2,
                kept_kind="official_page",
                other_value=60.9,
                other_kind="press",
                other_file="pci_press_2022_2023.csv",
                agree=False,
                difference=0.7,
            ),
            dict(
                year=2021,
                province="Hà Tĩnh",
                indicator="pci",
                field="score",
                kept_value=66.1,
                kept_kind="official_page",
                other_value=66.1,
                other_kind="press",
                other_file="pci_press_2022_2023.csv",
                agree=True,
                difference=0.0,
            ),
        ]
    )
    en = overview.agreement_text(_agreement(1200, 1199), comps, "en")
    assert en.startswith(
        "**1,200** values compared with the kept one; **1,199** agree within the published "
        "rounding, **1** disagree (1 value in 1 source column, listed in the table below). Ranks"
    )
    vi = overview.agreement_text(_agreement(1200, 1199), comps, "vi")
    assert vi.startswith("**1.200** giá trị được so") and "**1** không khớp (1 giá trị trong 1 cột nguồn" in vi
    cols = overview.disagreement_columns(comps)  # the table the sentence points to: one column, Lai Châu
    assert cols[["n_compared", "n_disagree", "provinces"]].values.tolist() == [[2, 1, "Lai Châu"]]
    ok = overview.agreement_text(_agreement(10, 10), comps[comps["agree"]], "vi")
    assert "**10** khớp" in ok and "**0** không khớp." in ok


def test_findings_summary_counts_the_refused_papi_sheets():
    s = overview.findings_summary(analysis.load_validation_findings()).set_index(["rule", "severity"])
    # ../shared/data/SOURCES.md: sheets 2020 and 2021 of both PAPI data-table editions are copies of 2019
    assert s.loc[("papi_duplicate_sheet", "warning"), "n"] == 4
    assert s.loc[("papi_duplicate_sheet", "warning"), "years"] == "2020, 2021"


def test_breaks_table_lists_the_weight_changes():
    b = overview.breaks_table("en")
    # README (Methodology breaks): weights changed in 2009, 2013 and 2022; top 30 only from PCI 2023
    assert {2009, 2013, 2022, 2023} <= set(b["year"]) and b["change"].str.contains("weights changed").sum() == 3


def _series(rows):
    return pd.DataFrame(
        rows, columns=["year", "score", "rank", "n_ranked", "source_file", "source_locator", "source_kind"]
    ).astype({"rank": "Int64", "n_ranked": "Int64"})


def test_summary_lines_by_hand():
    s = _series(
        [
            (2016, 55.00, 62, 63, "PCI_2016.xlsx", "Summary_VN!W30", "official_workbook"),
            (2019, 58.33, 60, 63, "PCI_2019.xlsx", "PCI!C30", "official_workbook"),
        ]
    )
    f = pd.DataFrame({"severity": ["warning", "info", "info"]})
    en = overview.summary_lines(s, s, f, "Lai Châu", "en")
    # 58.33 - 55.00 = +3.33 points; rank 62 -> 60 = +2 places
    assert en[0] == (
        "- Lai Châu's latest composite in the data is **58.33** in 2019, rank **60** of 63 "
        "(source: official VCCI workbook, PCI_2019.xlsx)."
    )
    assert en[1].startswith("- Since 2016 the composite moved by **+3.33** points and the rank by **+2** places")
    assert en[2].startswith("- The validation recorded 1 warnings and 2 notes")
    vi = overview.summary_lines(s, s, f, "Lai Châu", "vi")
    assert "hạng **60**/63" in vi[0] and "**+3,33**" in vi[1]  # the Vietnamese decimal comma


def test_summary_lines_say_no_rank_when_the_latest_year_has_none():
    # a score without a rank (a year VCCI publishes only the top 30 and nothing derived it): missing, never 0
    s = _series(
        [
            (2016, 55.00, 62, 63, "PCI_2016.xlsx", "Summary_VN!W30", "official_workbook"),
            (2023, 60.00, None, None, "pci_press_2022_2023.csv", "line 5", "press"),
        ]
    )
    f = pd.DataFrame({"severity": ["warning"]})
    en = overview.summary_lines(s, s, f, "Lai Châu", "en")
    assert "in 2023, no rank in the data (source:" in en[0]
    assert en[1] == (
        "- Since 2016 the composite moved by **+5.00** points; no rank change (a rank is missing in "
        "one of the two years)."
    )
    vi = overview.summary_lines(s, s, f, "Lai Châu", "vi")
    assert "dữ liệu không có thứ hạng" in vi[0] and "không so được thứ hạng" in vi[1]


def test_recent_composite_and_its_source(panel):
    series, recent = overview.recent_composite(panel, "Lai Châu", years=5)
    assert recent["year"].tolist() == list(range(series["year"].max() - 4, series["year"].max() + 1))
    # PCI_2005.xls (42 provinces) has no Lai Châu on any sheet: the series starts in 2006
    assert series["year"].min() == 2006
    src = overview.composite_source(panel, "Lai Chau", [2016, 2017])
    assert "PCI_2016.xlsx" in src and "PCI_2017.xlsx" in src


def test_2024_is_a_partial_edition_and_latest_is_per_province(panel):
    from analysis.data import coverage

    # pci_press_2024.csv + pcivietnam_province_pages_2006_2024.csv: 18 provinces with a 2024 composite
    st = coverage.edition_status(panel).set_index("year")
    assert st.loc[2024, "edition"] == "partial" and st.loc[2024, "provinces"] == 18
    assert st.loc[2023, "edition"] == "full" and coverage.partial_years(panel) == [2024]
    assert "**2024**: 18 provinces with a score" in overview.partial_text(panel, "en")
    latest = coverage.latest_observations(panel, "pci").set_index("province")
    # Hải Phòng 2024 74.84 (press line 2); Lai Châu: no 2024 figure, latest 2023 (derived)
    assert (latest.loc["Hải Phòng", "year"], latest.loc["Hải Phòng", "score"]) == (2024, 74.84)
    assert (latest.loc["Lai Châu", "year"], latest.loc["Lai Châu", "source_kind"]) == (2023, "derived")
    assert latest.loc["Hải Phòng", "edition"] == "partial" and latest.loc["Lai Châu", "edition"] == "full"
    cov = overview.coverage(panel).set_index("year")
    assert cov.loc[2024, "edition"] == "partial" and cov.loc[2023, "edition"] == "full"


def test_disagreement_columns_name_the_thanh_hoa_2023_page_column():
    # pcivietnam_province_pages_2006_2024.csv lines 946-956 vs PCI_2023_subindices.xlsx: every 2023 sub-index of
    # Thanh Hóa's page disagrees beyond rounding (business support 4.88 vs 7.19)
    cols = overview.disagreement_columns(loaders.load_source_comparisons())
    th = cols[(cols["year"] == 2023) & (cols["other_file"] == "pcivietnam_province_pages_2006_2024.csv")]
    assert len(th) == 10 and set(th["provinces"]) == {"Thanh Hóa"} and set(th["kept_kind"]) == {"official_workbook"}
