"""analysis.outputs.narrative: the notebooks' generated prose, in every language, from the committed data.

Numbers asserted come from the cited source next to them (seed 002 = Quyết định 688/QĐ-UBND of
Lai Châu in ../shared/seeds, its Appendix 03 from line 1405; the VCCI workbooks through the rows of
data/pci_panel.csv that name them; catalog_data/weights.csv), never from the code's own output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import compare, trends
from analysis.core.prose import Prose
from analysis.data import coverage
from analysis.data.loaders import load_papi, load_papi_dimensions, load_pci, load_targets
from analysis.outputs.narrative import compare as ncompare
from analysis.outputs.narrative import trends as ntrends


@pytest.fixture(scope="session")
def real():
    return load_pci()  # the committed panel: missing is a failure, not a skip


# --------------------------------------------------------------------------- notebook 01
def test_coverage_notes_name_the_years_in_each_language(real):
    yrs = coverage.province_years(real, "Lai Châu", start_year=2013)
    en = ntrends.coverage_notes(Prose("en"), yrs, "SRC")
    # data/pci_panel.csv: Lai Châu 2006 (PCI_2006.xls) to 2023 (derived from PCI_2023_subindices.xlsx);
    # 2021-2022 research panel composite only; 2020 sub-indices from seed 002 Appendix 03 only; the panel runs to
    # the partial 2024 edition (pci_press_2024.csv, top-10 scores), which has no Lai Châu figure
    assert en.startswith(
        "**Lai Châu** (Northern Midlands and Mountains) has PCI data for 2006–2023; the panel runs to 2024."
    )
    assert "2021–2022: only Lai Châu's composite is available" in en
    assert "2020 come from a provincial document covering Lai Châu alone" in en
    # 2013-2023 has no gap; 2024 (the partial edition, no Lai Châu figure in pci_press_2024.csv) is missing
    assert en.endswith("Source: SRC.") and "Lai Châu has **no data for 2024**" in en
    vi = ntrends.coverage_notes(Prose("vi"), yrs, "SRC")
    assert "có số liệu PCI các năm 2006–2023" in vi and vi.endswith("Nguồn: SRC.") and "Source" not in vi
    both = ntrends.coverage_notes(Prose("both"), yrs, "SRC")
    assert "Nguồn: SRC." in both and "Source: SRC." in both
    gaps = ntrends.coverage_notes(Prose("en"), coverage.province_years(real, "Lai Châu", end_year=2025), "S")
    assert "Lai Châu has **no data for 2024–2025**" in gaps


def test_change_note_when_the_latest_change_skips_a_year(real):
    # Lai Châu 2021-2022: composite only (research panel), so the last decomposable pair is 2020 (seed 002,
    # Appendix 03, every sub-index) and 2023 (PCI_2023_subindices.xlsx)
    years = trends.decomposable_years(real, "Lai Châu", 2013, 2023)
    assert years[-2:] == [2020, 2023]
    assert ntrends.change_note(Prose("en"), 2020, 2023) == "No 2022 data: comparing 2020 with 2023."
    assert ntrends.change_note(Prose("vi"), 2020, 2023) == "Không có số liệu 2022: so sánh 2020 với 2023."
    assert ntrends.change_note(Prose("en"), 2022, 2023) is None
    assert ntrends.change_note(Prose("en"), None, 2023).startswith("Only one year")


def test_own_document_section_only_for_a_province_with_one(real):
    checks = trends.check_seed_rank_statements(real)
    # catalog_data/seed_statements.csv: the statements are Lai Châu's (seed 002, Part 2 §3), ten of 2020
    mine = checks[checks["province"] == "Lai Châu"]
    assert ntrends.statements_heading(Prose("en"), "Lai Châu", mine) == (
        "Decision 688/QĐ-UBND (Lai Châu) states Lai Châu's 2020 rank on 10 indicators; each against the data:"
    )
    # Điện Biên and Hà Tĩnh have no such statement: no Decision 688 on their pages
    for p in ("Điện Biên", "Hà Tĩnh"):
        text = ntrends.statements_heading(Prose("en"), p, checks[checks["province"] == p])
        assert "688" not in text and text.startswith(f"No document of {p}")


def test_weights_sentence_uses_the_weights_of_the_year_shown(real):
    # catalog_data/weights.csv, period 2022- (SOURCES.md, 'The 2022 methodology change'): labour training 10,
    # business support 15, informal charges 15, proactivity 15; entry costs, transparency, time costs 5
    en = ntrends.weights_sentence(Prose("en"), trends.leverage_table(real, "Lai Châu", 2023))
    assert en.startswith("Weights of 2023: heaviest ") and "(15%: +1 point = +1.5 composite points)" in en
    assert "lightest " in en and "(5%: +0.5)" in en and "worth 3.0 points" in en
    # period 2013-2021: labour training and business support 20%, time costs 5%
    en = ntrends.weights_sentence(Prose("en"), trends.leverage_table(real, "Lai Châu", 2018))
    assert "(20%: +1 point = +2.0 composite points)" in en and "worth 4.0 points" in en


def test_statements_source_names_the_document_from_the_catalogue(real):
    # catalog_data/seed_statements.csv rows: file 002_0b651ac042bb2fe9.txt, Lai Châu, 2020 (x10);
    # catalog_data/seed_documents.csv line 4: short names of seed 002
    checks = trends.check_seed_rank_statements(real)
    assert ntrends.statements_source(checks) == (
        "Quyết định 688/QĐ-UBND (Lai Châu)",
        "Decision 688/QĐ-UBND (Lai Châu)",
        "Lai Châu",
        "2020",
    )


def test_summary_lines_lai_chau_2016_2020(real):
    yrs = coverage.province_years(real, "Lai Châu", start_year=2016, end_year=2020)
    window = (2016, 2020)
    lev = trends.leverage_table(real, "Lai Châu", 2020)
    kw = dict(
        window=window,
        trend=trends.subindex_trends(real, "Lai Châu", window=window),
        decomposition=trends.decompose_change(real, "Lai Châu", 2016, 2020),
        leverage=lev,
        leverage_latest=lev,
        checks=trends.check_seed_rank_statements(real),
    )
    en = ntrends.summary_lines(Prose("en"), yrs, **kw)
    # seed 002, Appendix 03: composite 53,46 (2016, line 1459) and 61,98 (2020, line 1475)
    assert en[0].startswith(
        "- Lai Châu's composite moved **+8.52** points from 2016 (53.46) to 2020 (61.98) = the ten sub-indices "
    )
    assert "new weights" not in en[0]  # 2016 and 2020 share the weights of 2013-2021
    assert en[1].startswith("- Trends 2016–2020 (at most 5 years, 90% CI)")
    # 2020 sub-indices come from Lai Châu's own document: no national median, and the prose says so
    assert en[2] == "- 2020: the data hold no national median of the sub-indices, so no gap to it."
    # Appendix 03: time costs ranked 63rd in 2020 (line 1577), the only 63; weights.csv 2013-2021: 5%, heaviest 20%
    assert en[3] == (
        "- In 2020, the worst rank is Time Costs (63); it carries only 5% of the weight: +1 point there "
        "= +0.5 composite points (heaviest sub-indices: 20%, +2.0 points)."
    )
    # catalog_data/seed_statements.csv: ten statements of Part 2 §3, each as in Appendix 03
    assert en[4].startswith("- The 2020 ranks stated in Decision 688/QĐ-UBND (Lai Châu): 10 agree, 0 disagree, 0 not")
    assert len(en) == 5  # no missing year in 2016-2020
    vi = ntrends.summary_lines(Prose("vi"), yrs, **kw)
    assert vi[0].startswith("- Điểm PCI của Lai Châu thay đổi **+8,52** điểm từ 2016 (53,46) đến 2020 (61,98) = ")
    assert "Chi phí thời gian (hạng 63)" in vi[3]
    both = ntrends.summary_lines(Prose("both"), yrs, **kw)
    assert both[0].startswith("- Điểm PCI của Lai Châu thay đổi **+8,52**")  # each half with its own numbers
    assert "\n- Lai Châu's composite moved **+8.52**" in both[0]
    assert "Chi phí thời gian / Time Costs" in both[3]  # labels in both languages


# --------------------------------------------------------------------------- notebook 02
def test_year_note_2018(real):
    en = ncompare.year_note(Prose("en"), real, 2018, 2013)
    # PCI_2018.xlsx ranks 63 provinces (Summary!B35: Lai Châu 62nd); weights 2013-2021 (catalog_data/weights.csv)
    assert en.startswith(
        "**Year compared: 2018**, the latest year in which every province has a PCI score "
        "(63 provinces, VCCI PCI 2018 (PCI_2018.xlsx))."
    )
    assert "(period 2013–2021), so scores from 2013 to 2018 are on one scale." in en
    vi = ncompare.year_note(Prose("vi"), real, 2018, 2013)
    assert vi.startswith("**Năm so sánh: 2018**") and "Year" not in vi


def test_map34_notes_follow_lang():
    xs34 = pd.DataFrame({"source_kind": ["aggregated"] * 3 + ["official_workbook"] * 2})
    moved = {
        "units_moved": 4,
        "units": 5,
        "max_abs_shift": 2,
        "spearman": 0.9,
        "first_year": 2009,
        "last_year": 2018,
        "largest_shift": 3,
    }
    en = ncompare.map34_note(Prose("en"), xs34, moved, 2018)
    assert en.startswith("In 2018, 5 units are ranked; 3 of them merged units")
    assert "4 of 5 units would change rank in 2018 (at most by 2 places; Spearman 0.900)" in en
    vi = ncompare.map34_note(Prose("vi"), xs34, None, 2018)
    assert vi.startswith("Năm 2018 có 5 đơn vị được xếp hạng; 3 trong số đó") and "Spearman" not in vi
    p34 = pd.DataFrame({"year": [2009, 2018]})
    assert ncompare.no_34_history_note(Prose("en"), p34, 2023, "t.csv").startswith(
        "No 34-unit history for 2023 in `data/t.csv` (it holds 2009–2018)"
    )
    assert "không có số liệu 34 đơn vị cho năm 2023" in ncompare.no_34_history_note(Prose("vi"), p34, 2023, "t.csv")


def test_compare_summary_2018_against_2013(real):
    provinces, year, base = ["Lai Châu", "Điện Biên"], 2018, 2013
    papi = load_papi()
    mob = compare.rank_mobility(real, base, year)
    kw = dict(
        year=year,
        base_year=base,
        provinces=provinces,
        cross_section=compare.cross_section(real, year, wide=True),
        region_ranks=compare.region_ranks(real, provinces, year),
        mobility=mob,
        movers=compare.biggest_movers(mob),
        frontier=compare.frontier_table(real, provinces, year),
        region_targets=compare.region_targets(load_targets(), provinces),
        correlation=compare.pci_papi_table(real, papi, load_papi_dimensions(), year),
        papi_year=year,
        facts=compare.check_seed_facts(real),
    )
    en = ncompare.summary_lines(Prose("en"), **kw)
    # PCI_2018.xlsx Summary!C49/B49: Quảng Ninh 70.36, rank 1 of 63
    assert en[0] == "- In 2018 the top province was **Quảng Ninh** (70.36); 63 provinces were ranked."
    # PCI_2018.xlsx Summary!C35/B35: Lai Châu 58.33, 62nd; PCI_2013.xlsx Summary_VN!X48: 47th in 2013
    assert en[1].startswith("- **Lai Châu**: composite 58.33, rank **62/63** (rank/n = 0.98)")
    assert "Since 2013: rank 47 → 62 (-15 places)" in en[1]
    # PCI_2018.xlsx Summary!C19/B19: Điện Biên 61.77, 47th; PCI_2013.xlsx Summary_VN!X44: 43rd in 2013
    assert en[2].startswith("- **Điện Biên**: composite 61.77, rank **47/63**")
    assert "Since 2013: rank 43 → 47 (-4 places)" in en[2]
    # seed 000, line 55 (data/seed_targets.csv row dienbien_pci_region_top5_2025): top 5 of the region by 2025
    target = next(line for line in en if "regional top 5" in line)
    # the quotation and its section heading are Vietnamese as written: marked lang="vi" on an English page
    assert target.startswith(
        '- Điện Biên\'s target of a place in the regional top 5 by 2025 (<span lang="vi">"nằm trong tốp 5 tỉnh'
    )
    # seed 000 line 13: ranks 46-48 in 2017-2020; PCI_2019.xlsx Summary!B19: 44th in 2019
    assert "Điện Biên 2019: seed says 46–48, data 44 (disagree)." in en[-1]
    assert all(not line.startswith("- Seed facts") for line in en[:-1])  # said once
    vi = ncompare.summary_lines(Prose("vi"), **kw)
    # the same numbers the Vietnamese way (decimal comma), the statuses in Vietnamese (issue 23)
    assert vi[0] == "- Năm 2018, tỉnh dẫn đầu là **Quảng Ninh** (70,36); 63 tỉnh được xếp hạng."
    assert vi[1].startswith("- **Lai Châu**: điểm tổng hợp 58,33, hạng **62/63** (hạng/n = 0,98)")
    assert "Điện Biên 2019: tài liệu nêu 46–48, dữ liệu 44 (không khớp)." in vi[-1]
    assert len(ncompare.summary_lines(Prose("both"), **kw)) == len(en)


@pytest.mark.parametrize("province", ["Lai Châu", "Hà Tĩnh"])
def test_a_change_across_the_2022_break_is_told_as_parts_that_add_up(real, province):
    """Issue 23: across the 2022 weight change (catalog_data/weights.csv: 2013-2021 and 2022- schemes) the
    summary names the new weights' part, and the parts it lists add up to the change it states."""
    import re

    d = trends.decompose_change(real, province, 2013, 2023)
    line = ntrends.change_parts_line(Prose("en"), province, d, d.iloc[:0], d.iloc[:0], lambda rows: "—")
    total = float(re.search(r"moved \*\*([+-][\d.]+)\*\*", line).group(1))
    parts = [float(x) for x in re.findall(r"(?:sub-indices|new weights|rounding) ([+-][\d.]+)", line)]
    assert "the new weights" in line and "the weights of 2022 onward instead of 2013–2021" in line
    assert len(parts) >= 2 and abs(sum(parts) - total) < 1e-9  # as printed, to the last decimal
    assert "0.000" not in line and "±" not in line
