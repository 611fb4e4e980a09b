"""PCI sources beyond the official workbooks: readers, precedence, comparisons, the 2023 derivation, bad input.

Real values cite their source: ../shared/data/pci-composites/pci_composite_panel_2016_2022.dta (variable,
observation), pci-pages/*.csv and press/pci_press_2022_2023.csv (CSV line, header = line 1),
pci-workbooks/PCI_2023_subindices.xlsx (sheet, cell). Bad inputs are built by code in tmp folders.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis.core.paths
from analysis.core import store
from analysis.data import catalog, loaders
from analysis.ingest import derive, importer, precedence
from analysis.ingest.pages import read_page_table
from analysis.ingest.pci_common import SourceRefused, candidates_frame, decimals_of
from analysis.ingest.press import read_press_table
from analysis.ingest.sources import cli_import_source
from analysis.ingest.stata_panel import read_research_panel
from analysis.ingest.year_check import read_with_year_check

SHARED_DATA = analysis.core.paths.shared_dir() / "data"
_skip = pytest.mark.shared


def needs_shared(f):
    """Marked ``shared`` and skipped with a reason when ../shared is absent."""
    return pytest.mark.shared(_skip(f))


DTA = SHARED_DATA / "pci-composites" / "pci_composite_panel_2016_2022.dta"
PAGES = SHARED_DATA / "pci-pages" / "pcivietnam_values_2006_2022.csv"
SECONDARY = SHARED_DATA / "pci-pages" / "secondary_nonofficial_2019_2022.csv"
PRESS = SHARED_DATA / "press" / "pci_press_2022_2023.csv"
WB_2023 = SHARED_DATA / "pci-workbooks" / "PCI_2023_subindices.xlsx"


@pytest.fixture(scope="session")
def panel():
    return loaders.load_pci()


@pytest.fixture(scope="session")
def comparisons():
    return loaders.load_source_comparisons()


def cell(panel, year, province, indicator):
    code = catalog.resolve_province(province).code
    r = panel[(panel["year"] == year) & (panel["province_code"] == code) & (panel["indicator"] == indicator)]
    assert len(r) == 1, (year, province, indicator)
    return r.iloc[0]


# --------------------------------------------------------------------------- committed data (never skip)
def test_lai_chau_2021_2022_research_panel(panel, comparisons):
    # pci_composite_panel_2016_2022.dta, variable pci, observations 160 and 161 (LCHAU 2021, 2022): 61.22, 62.05
    r21, r22 = cell(panel, 2021, "Lai Châu", "pci"), cell(panel, 2022, "Lai Châu", "pci")
    assert (r21["score"], r21["source_kind"], r21["source_locator"]) == (
        61.22,
        "research_panel",
        "variable pci, observation 160",
    )
    assert (r22["score"], r22["source_kind"], r22["source_locator"]) == (
        62.05,
        "research_panel",
        "variable pci, observation 161",
    )
    assert r22["rank"] == 57 and r22["rank_kind"] == "computed from scores"
    # secondary_nonofficial_2019_2022.csv line 45 and pci_press_2022_2023.csv line 23: 62.05, rank 57
    c = comparisons[(comparisons["year"] == 2022) & (comparisons["province"] == "Lai Châu")]
    sec = c[c["other_file"] == "secondary_nonofficial_2019_2022.csv"].set_index("field")
    assert sec.loc["score", "other_value"] == 62.05 and sec.loc["rank", "other_value"] == 57
    assert sec.loc["score", "other_locator"] == "line 45" and c["agree"].all()


def test_hai_phong_2020_from_the_official_page(panel):
    # pcivietnam_values_2006_2022.csv line 244: Hải Phòng 2020 pci 69.27, rank 7
    r = cell(panel, 2020, "Hải Phòng", "pci")
    assert (r["score"], r["rank"], r["rank_kind"], r["source_kind"]) == (69.27, 7, "published", "official_page")
    assert (r["source_locator"], r["source_url"]) == ("line 244", "https://www.pcivietnam.vn/en/provinces/hai-phong")


def test_quang_ninh_2023_time_costs_from_the_2023_workbook(panel, comparisons):
    # PCI_2023_subindices.xlsx, sheet Tổng hợp, cell E50: 8.544...; press line 11: 8.54, first
    r = cell(panel, 2023, "Quảng Ninh", "time_costs")
    assert round(r["score"], 3) == 8.544 and r["source_kind"] == "official_workbook"
    assert (r["source_file"], r["source_locator"]) == ("PCI_2023_subindices.xlsx", "Tổng hợp!E50")
    assert r["rank"] == 1 and r["rank_kind"] == "computed from scores"
    c = comparisons[
        (comparisons["year"] == 2023)
        & (comparisons["province"] == "Quảng Ninh")
        & (comparisons["indicator"] == "time_costs")
    ].set_index("field")
    assert c.loc["score", "other_value"] == 8.54 and c.loc["rank", "other_value"] == 1 and c["agree"].all()


def test_lao_cai_2023_derived_composite_matches_the_press(panel, comparisons):
    # derived: Σ 2022-weights × PCI_2023_subindices.xlsx sub-indices; press line 17 (nhandan.vn): 67.38, rank 26
    r = cell(panel, 2023, "Lào Cai", "pci")
    assert round(r["score"], 2) == 67.38 and r["rank"] == 26
    assert (r["source_kind"], r["rank_kind"], r["methodology"]) == ("derived", "derived", "2022-")
    c = comparisons[(comparisons["year"] == 2023) & (comparisons["province"] == "Lào Cai")]
    assert set(c["other_locator"].str[:7]) == {"line 17"} and c["agree"].all()


def test_every_province_has_a_2023_composite_and_all_sub_indices(panel):
    y = panel[panel["year"] == 2023]
    assert y.groupby("indicator")["province_code"].nunique().eq(63).all() and len(y) == 63 * 11
    kinds = y[y["indicator"] == "pci"].set_index("province")["source_kind"]
    # a published 2023 composite on an official province page (pcivietnam_province_pages_2006_2024.csv lines 568,
    # 952, 1154: Ninh Bình 67.83, Thanh Hóa 66.79, Tây Ninh 67.8) outranks the derived one; the rest are derived
    assert set(kinds[kinds == "official_page"].index) == {"Ninh Bình", "Thanh Hóa", "Tây Ninh"}
    assert (kinds == "derived").sum() == 60
    for year in range(2009, 2024):  # the composite for all 63 every year 2009-2023
        assert panel[(panel["year"] == year) & (panel["indicator"] == "pci")]["province_code"].nunique() == 63


def test_2020_research_panel_equals_the_official_page_for_63_of_63():
    a = loaders.load_source_agreement()
    row = a[
        (a["year"] == 2020)
        & (a["field"] == "score")
        & (a["kept_kind"] == "official_page")
        & (a["other_kind"] == "research_panel")
    ]
    assert (row["n_compared"].item(), row["n_agree"].item()) == (63, 63)


def test_agreement_table_is_the_sum_of_the_comparisons(comparisons):
    a = loaders.load_source_agreement()
    assert a["n_compared"].sum() == len(comparisons) and a["n_agree"].sum() == int(comparisons["agree"].sum())
    f = loaders.load_validation_findings()
    assert (f["rule"] == "source_disagreement").sum() == (~comparisons["agree"]).sum()


def test_panel_has_structured_provenance_only(panel):
    assert list(panel.columns) == loaders.PANEL_COLUMNS and "source" not in panel.columns
    assert set(panel["source_kind"]) <= set(catalog.load_source_kinds()["kind"])
    assert (panel["source_file"] != "").all() and (panel["source_locator"] != "").all()
    pages = panel[panel["source_kind"] == "official_page"]
    assert pages["source_url"].str.startswith("http").all()


def test_source_kinds_catalogue():
    k = catalog.load_source_kinds()
    assert list(k["kind"][:4]) == ["official_workbook", "official_page", "province_document", "research_panel"]
    assert catalog.source_kind_tier("official_workbook") < catalog.source_kind_tier("press")
    assert catalog.is_official("official_page") and not catalog.is_official("derived")
    assert catalog.source_kind_label("derived", "en") == "derived by this project"


def test_weights_2022_period():
    # ../shared/data/SOURCES.md, last section: 5, 10, 5, 5, 15, 10, 15, 15, 10, 10
    w = catalog.weights_for_year(2023)
    assert [round(w[s] * 100) for s in catalog.SUBINDICES] == [5, 10, 5, 5, 15, 10, 15, 15, 10, 10]
    assert catalog.methodology_period(2021) == "2013-2021" and catalog.methodology_period(2022) == "2022-"
    assert 2022 in [b.year for b in catalog.methodology_breaks()]


# --------------------------------------------------------------------------- precedence rules (synthetic)
def _cand(kind, file, score, rank=pd.NA, dec=np.nan, year=2016, code="12", province="Lai Châu", rank_kind=None):
    return dict(
        year=year,
        province=province,
        province_code=code,
        indicator="pci",
        score=score,
        rank=rank,
        rank_kind=rank_kind or ("published" if pd.notna(rank) else ""),
        tier="",
        source_kind=kind,
        source_file=file,
        source_locator="L1",
        source_url="",
        rank_locator="L1" if pd.notna(rank) else "",
        methodology="2013-2021",
        score_decimals=dec,
        order=0,
        rank_max=np.nan,
    )


def test_agreement_within_the_published_rounding_and_a_finding_otherwise():
    c = candidates_frame(
        [
            _cand("official_workbook", "PCI_2016.xlsx", 53.45709881591797, 62),
            _cand("province_document", "002.txt", 53.46, 62, dec=2),
            _cand("press", "news.csv", 53.47, 61, dec=2),
        ]
    )
    panel, comps, agree, found = precedence.resolve(c)
    assert len(panel) == 1 and panel["source_kind"].item() == "official_workbook"
    ok = comps.set_index(["other_file", "field"])["agree"]
    assert ok[("002.txt", "score")] and ok[("002.txt", "rank")]  # 53.46 vs 53.4571: within ±0.005
    assert not ok[("news.csv", "score")] and not ok[("news.csv", "rank")]
    assert len(found) == 2 and all(f["rule"] == "source_disagreement" for f in found)
    score = next(f["detail"] for f in found if f["detail"].startswith("score"))
    assert "53.47" in score and "PCI_2016.xlsx" in score and "news.csv" in score and "±0.005" in score
    assert list(agree["n_compared"]) == [1, 1, 1, 1]


def test_a_computed_rank_agrees_with_a_published_rank_inside_its_tie():
    a = _cand("official_page", "page.csv", 60.0, 33, dec=2)
    b = _cand("research_panel", "p.dta", 60.0, 32, dec=2, rank_kind="computed from scores")
    b["rank_max"] = 33.0
    _, comps, _, found = precedence.resolve(candidates_frame([a, b]))
    assert comps.set_index("field").loc["rank", "agree"] and not found


def test_decimals_of_published_values():
    assert (decimals_of("7.00"), decimals_of("53.46"), decimals_of(53.46)) == (2, 2, 2)
    assert np.isnan(decimals_of(6.705826759338379))


# --------------------------------------------------------------------------- readers on the real files
@needs_shared
def test_research_panel_reader():
    c = read_research_panel(DTA)
    assert len(c) == 63 * 7 and c["province_code"].nunique() == 63
    lc = c[c["province_code"] == "12"].set_index("year")
    assert lc.loc[2021, "score"] == 61.22 and lc.loc[2021, "source_locator"] == "variable pci, observation 160"


@needs_shared
def test_derivation_is_refused_when_a_published_figure_disagrees():
    wb = importer.workbook_rows(analysis.ingest.workbooks.read_workbook(WB_2023))
    wb = wb.assign(score_decimals=np.nan, order=0, rank_max=np.nan)
    press = read_press_table(PRESS)
    derived, notes = derive.derive_composites(wb, press)
    assert len(derived) == 63 and notes[0]["rule"] == "derivation_checked"
    bad = press.copy()
    bad.loc[(bad["province"] == "Lào Cai") & (bad["year"] == 2023), "rank"] = 25  # press says 26
    with pytest.raises(derive.DerivationRefused, match="Lào Cai rank 26 vs published 25"):
        derive.derive_composites(wb, bad)


@needs_shared
def test_2022_weights_reproduce_the_six_complete_page_provinces():
    pages = read_page_table(PAGES, "official_page")
    f = {n["year"]: n for n in derive.check_weights_on_pages(pages)}
    assert f[2022]["severity"] == "info" and "6 provinces" in f[2022]["detail"]
    for name in ("Hải Phòng", "Lâm Đồng", "Ninh Thuận", "Phú Thọ", "Quảng Trị", "Thanh Hóa"):
        assert name in f[2022]["detail"]


@needs_shared
def test_the_2023_workbook_year_is_identified_by_the_press_figures(tmp_path):
    p = tmp_path / "pci.xlsx"  # its original name in the source repository: no year anywhere
    shutil.copy(WB_2023, p)
    press = read_press_table(PRESS)
    parsed, note = read_with_year_check(p, press)
    assert parsed.year == 2023 and note["rule"] == "year_identified"
    assert "Quảng Ninh time_costs 8.544 (press 8.54" in note["detail"]
    with pytest.raises(analysis.ingest.workbooks.YearUnknownError):
        read_with_year_check(p, None)


# --------------------------------------------------------------------------- bad input of the new kinds
PAGE_HEADER = "province_vi,year,indicator,score,rank,url\n"


def _page(tmp_path, name, body):
    p = tmp_path / name
    p.write_text(PAGE_HEADER + body, encoding="utf-8")
    return p


def test_page_row_without_url_is_refused_with_file_and_line(tmp_path):
    p = _page(
        tmp_path, "pages_2019_2022.csv", "An Giang,2019,pci,66.44,21,https://x\nAn Giang,2019,entry_costs,7.05,,\n"
    )
    with pytest.raises(SourceRefused, match=r"^pages_2019_2022\.csv, line 3: no URL"):
        read_page_table(p, "official_page")


def test_year_outside_the_edition_is_refused(tmp_path):
    p = _page(tmp_path, "pages_2019_2022.csv", "An Giang,2023,pci,66.44,21,https://x\n")
    with pytest.raises(SourceRefused, match=r"line 2: year 2023 is outside the edition 2019–2022"):
        read_page_table(p, "official_page")


def test_nfd_and_short_form_names_are_resolved(tmp_path):
    nfd = unicodedata.normalize("NFD", "Quảng Ninh")
    assert nfd != "Quảng Ninh"
    body = "".join(f"{n},2019,pci,60.00,,https://x\n" for n in (nfd, "BRVT", "TP.HCM", "TT-Huế"))
    c = read_page_table(_page(tmp_path, "pages_2019_2022.csv", body), "official_page")
    assert list(c["province_code"]) == ["22", "77", "79", "46"]
    assert list(c["province"]) == ["Quảng Ninh", "Bà Rịa Vũng Tàu", "TP Hồ Chí Minh", "Thừa Thiên Huế"]


def test_unknown_page_province_is_refused(tmp_path):
    p = _page(tmp_path, "pages_2019_2022.csv", "Atlantis,2019,pci,60.00,,https://x\n")
    with pytest.raises(SourceRefused, match=r"line 2: unknown province 'Atlantis'"):
        read_page_table(p, "official_page")


def test_press_row_without_outlet_is_refused(tmp_path):
    p = tmp_path / "press_2022_2023.csv"
    p.write_text("year,province_vi,indicator,score,rank,source,note\n2023,Long An,pci,70.94,2,,\n", encoding="utf-8")
    with pytest.raises(SourceRefused, match=r"press_2022_2023\.csv, line 2: no outlet"):
        read_press_table(p)


def _dta(path: Path, names: list[str]) -> Path:
    df = pd.DataFrame(
        {
            "name": names,
            "id": np.arange(1, len(names) + 1, dtype="int8"),
            "year": np.full(len(names), 2020, dtype="int16"),
            "pci": np.linspace(60, 61, len(names)).astype("float32"),
        }
    )
    df.to_stata(path, write_index=False)
    return path


def test_research_panel_unknown_code_is_refused_with_file_and_observation(tmp_path):
    p = _dta(tmp_path / "panel_2016_2022.dta", ["HNOI", "XYZ"])
    with pytest.raises(SourceRefused, match=r"^panel_2016_2022\.dta, observation 2: unknown province code 'XYZ'"):
        read_research_panel(p)


def test_import_source_cli_refuses_in_one_line(tmp_path, capsys):
    p = _dta(tmp_path / "panel_2016_2022.dta", ["HNOI", "XYZ"])
    assert cli_import_source(["--kind", "research_panel", str(p)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "observation 2" in err[0] and "XYZ" in err[0]


@needs_shared
@pytest.mark.parametrize("bad", ["page without URL", "unknown panel code"])
def test_import_all_refuses_a_bad_source_and_leaves_data_byte_identical(bad, tmp_path, data_copy):
    shared = tmp_path / "shared"
    shutil.copytree(SHARED_DATA / "provinces", shared / "data" / "provinces")
    (shared / "data" / "pci-workbooks").mkdir(parents=True)
    if bad == "page without URL":
        dest = shared / "data" / "pci-pages" / "pcivietnam_values_2006_2022.csv"
        dest.parent.mkdir(parents=True)
        dest.write_text(PAGE_HEADER + "An Giang,2019,pci,66.44,21,\n", encoding="utf-8")
    else:
        dest = shared / "data" / "pci-composites" / "pci_composite_panel_2016_2022.dta"
        dest.parent.mkdir(parents=True)
        _dta(dest, ["HNOI", "XYZ"])
    before = store.checksums(data_copy)
    with pytest.raises(importer.ImportRefused) as exc:
        importer.import_all(shared, data_copy, include_seeds=False, include_papi=False)
    assert len(exc.value.refusals) == 1 and exc.value.refusals[0].startswith(dest.name)
    assert store.checksums(data_copy) == before


@pytest.mark.parametrize(
    "ids,expect",
    [
        # pci_composite_panel_2016_2022.dta: HNOI id 1 pci 66.93 in 2020 (observation 5), VPHUC id 2 pci 63.84
        # in 2020 (observation 12); here the two rows with VPHUC's id altered
        (
            [1, 99],
            r"observation 2: variable 'id' and variable 'name' disagree: name 'VPHUC' has id 2 .* id 99 is unknown",
        ),
        ([1, 1], r"observation 2: .* name 'VPHUC' has id 2 .* id 1 is HNOI's"),
        ([1, None], r"observation 2: .* name 'VPHUC' has id 2 .* id nan is not a province id"),
    ],
)
def test_research_panel_id_and_name_must_both_agree(ids, expect, tmp_path):
    """Issue 20: a valid name with an unknown (or another province's) numeric id is refused, named."""
    path = tmp_path / "panel_2016_2022.dta"
    pd.DataFrame(
        {
            "name": ["HNOI", "VPHUC"],
            "id": np.array(ids, dtype="float64"),
            "year": np.array([2020, 2020], dtype="int16"),
            "pci": np.array([66.93, 63.84], dtype="float32"),
        }
    ).to_stata(path, write_index=False)
    with pytest.raises(SourceRefused, match=r"^panel_2016_2022\.dta, " + expect):
        read_research_panel(path)
    assert cli_import_source(["--kind", "research_panel", str(path)]) == 1


@needs_shared
def test_research_panel_a_real_row_with_a_wrong_id_is_refused(tmp_path):
    """The real panel with observation 8 (VPHUC 2016, id 2) given Hà Nội's id 1: refused, naming it."""
    df = pd.read_stata(SHARED_DATA / "pci-composites" / "pci_composite_panel_2016_2022.dta", convert_categoricals=False)
    df.loc[7, "id"] = 1
    path = tmp_path / "pci_composite_panel_2016_2022.dta"
    df.to_stata(path, write_index=False, version=118)  # 118: UTF-8 names (ĐBIEN)
    with pytest.raises(SourceRefused, match=r"observation 8: .*'VPHUC' has id 2 .* id 1 is HNOI's"):
        read_research_panel(path)
