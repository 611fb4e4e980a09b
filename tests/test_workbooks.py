"""Reading the official VCCI PCI workbooks (../shared/data/pci-workbooks): layouts, known values, refusals.

Every workbook is parsed once per test session (:func:`parsed_all`, reused by test_importer.py
and test_validate.py). Broken inputs are built by code in ``tmp_path`` from the real workbooks.
"""

from __future__ import annotations

import functools
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest

import analysis.core.paths
from analysis.ingest import workbooks as W

SHARED_REASON = "../shared/data/pci-workbooks is not beside the repository (the official VCCI workbooks live there)"
pytestmark = pytest.mark.shared

LAYOUT_NOTES = "../shared/data/PCI_WORKBOOK_LAYOUTS.md"


# --------------------------------------------------------------------------- session helpers (shared)
@functools.lru_cache(maxsize=1)
def session_catalogue_dir() -> Path:
    """A private data folder holding only provinces.csv built from ../shared (never the repo's data/)."""
    from analysis.core import store
    from analysis.ingest.province_source import build_provinces

    d = Path(tempfile.mkdtemp(prefix="pci-test-catalogue-"))
    (d / "provinces.csv").write_bytes(store.csv_bytes(build_provinces(analysis.core.paths.provinces_source_dir())))
    return d


@functools.lru_cache(maxsize=1)
def parsed_all() -> dict[str, W.ParsedWorkbook]:
    """Every workbook parsed once: file name -> ParsedWorkbook."""
    from analysis.ingest.importer import _catalogue_at, discover_workbooks

    with _catalogue_at(session_catalogue_dir()):
        return {p.name: W.read_workbook(p) for p in discover_workbooks(analysis.core.paths.pci_workbooks_dir())}


def by_year(year: int) -> W.ParsedWorkbook:
    return parsed_all()[f"PCI_{year}.xls" if year <= 2011 else f"PCI_{year}.xlsx"]


def score(year: int, province_code: str, indicator: str = "pci"):
    df = by_year(year).records
    row = df[(df["province_code"] == province_code) & (df["indicator"] == indicator)]
    assert len(row) == 1
    return row.iloc[0]


@functools.lru_cache(maxsize=8)
def raw_rows(file: str, sheet: str) -> tuple[tuple, ...]:
    wb = W.Workbook(analysis.core.paths.pci_workbooks_dir() / file)
    try:
        return tuple(tuple(r) for r in wb.rows(sheet))
    finally:
        wb.close()


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([None if v == "" else v for v in r])
    wb.save(path)
    return path


def summary_2018() -> list[list]:
    """The 2018 English summary sheet as a list of rows (to be broken by a test)."""
    return [list(r) for r in raw_rows("PCI_2018.xlsx", "Summary")]


@pytest.fixture
def catalogue(monkeypatch):
    """Resolve province names against the session catalogue (a temp folder, not data/)."""
    monkeypatch.setenv("PCI_DATA_DIR", str(session_catalogue_dir()))
    return session_catalogue_dir()


# --------------------------------------------------------------------------- layouts
@pytest.mark.parametrize(
    "file,year,layout,sheets,n",
    [
        ("PCI_2005.xls", 2005, W.LAYOUT_ONE_ROW, ["Bảng tóm tắt chỉ số", "Xếp hạng theo chỉ số PCI"], 42),
        ("PCI_2006.xls", 2006, W.LAYOUT_ONE_ROW, ["PCI Tóm tắt"], 64),
        ("PCI_2007.xls", 2007, W.LAYOUT_ONE_ROW, ["Tóm tắt các chỉ số PCI "], 64),
        ("PCI_2008.xls", 2008, W.LAYOUT_PAIRED, ["Tổng hợp"], 64),
        ("PCI_2009.xls", 2009, W.LAYOUT_ONE_ROW, ["Tong Hop"], 63),
        ("PCI_2010.xls", 2010, W.LAYOUT_PAIRED, ["Tong hop"], 63),
        ("PCI_2011.xls", 2011, W.LAYOUT_PAIRED, ["Tong hop"], 63),
        ("PCI_2012.xlsx", 2012, W.LAYOUT_PAIRED, ["Tong hop"], 63),
        ("PCI_2013.xlsx", 2013, W.LAYOUT_PAIRED, ["Summary_VN"], 63),
        ("PCI_2013_en.xlsx", 2013, W.LAYOUT_PAIRED, ["Summary"], 63),
        ("PCI_2014.xlsx", 2014, W.LAYOUT_PAIRED, ["Summary_VN"], 63),
        ("PCI_2015.xlsx", 2015, W.LAYOUT_PAIRED, ["Summary_VN"], 63),
        ("PCI_2016.xlsx", 2016, W.LAYOUT_PAIRED, ["Summary_VN"], 63),
        ("PCI_2017.xlsx", 2017, W.LAYOUT_ONE_ROW, ["Summary"], 63),
        ("PCI_2018.xlsx", 2018, W.LAYOUT_ONE_ROW, ["Summary"], 63),
    ],
)
def test_layout_detected_from_content_as_in_the_layout_notes(file, year, layout, sheets, n):
    p = parsed_all()[file]
    assert (p.year, p.layout, p.sheets_read) == (year, layout, sheets)
    pci = p.records[p.records["indicator"] == "pci"]
    assert pci["province_code"].nunique() == len(pci) == n
    assert pci["rank"].notna().all() and sorted(pci["rank"])[0] == 1
    # every indicator of the year has exactly one score per province
    assert (p.records.groupby("indicator")["province_code"].nunique() == n).all()


def test_sub_index_sets_follow_the_methodology():
    full = {
        "pci",
        "entry_costs",
        "land_access",
        "transparency",
        "time_costs",
        "informal_charges",
        "policy_bias",
        "proactivity",
        "business_support",
        "labor_training",
        "legal_institutions",
    }
    for year in range(2006, 2019):
        got = set(by_year(year).records["indicator"])
        assert got == (full - {"policy_bias"} if 2009 <= year <= 2012 else full), year


def test_2009_to_2012_have_no_policy_bias():
    for year in (2009, 2010, 2011, 2012):
        assert "policy_bias" not in set(by_year(year).records["indicator"])


def test_2006_to_2008_include_ha_tay_as_a_64th_unit():
    for year in (2006, 2007, 2008):
        codes = set(by_year(year).records["province_code"])
        assert "28" in codes and len(codes) == 64
    assert "28" not in set(by_year(2009).records["province_code"])


def test_2005_own_scheme_mapped_sub_indices_only():
    p = by_year(2005)
    assert set(p.records["indicator"]) == {
        "pci",
        "entry_costs",
        "land_access",
        "transparency",
        "time_costs",
        "informal_charges",
        "policy_bias",
        "proactivity",
        "business_support",
    }
    assert any(n["rule"] == "own_2005_scheme" for n in p.notes)
    # rank and tier come from the ranking sheet; Bình Dương first, tier 'Tốt' filled down its group
    bd = score(2005, "74")
    assert (bd["rank"], bd["tier"]) == (1, "Tốt")
    assert bd["score"] == pytest.approx(76.81896532924489, abs=1e-12)
    assert bd["rank_locator"].startswith("Xếp hạng theo chỉ số PCI!")  # the ranking sheet, an Excel cell


# --------------------------------------------------------------------------- known values
@pytest.mark.parametrize("year,composite,rank", [(2016, 53.459, 62), (2017, 58.817, 60), (2018, 58.328, 62)])
def test_lai_chau_composite_and_rank(year, composite, rank):
    # PCI_2016.xlsx Summary_VN; PCI_2017/2018.xlsx Summary (seed 002, Appendix 03 gives 53.46 / 58.82 / 58.33)
    r = score(year, "12")
    assert r["score"] == pytest.approx(composite, abs=0.0005)
    assert r["rank"] == rank


def test_scores_are_full_precision_not_rounded():
    assert score(2016, "12")["score"] == 53.45909881591797  # PCI_2016.xlsx, sheet Summary_VN, cell W63


def test_lai_chau_was_last_of_64_in_2006():
    r = score(2006, "12")
    assert r["rank"] == 64
    assert by_year(2006).records.query("indicator == 'pci'")["rank"].max() == 64


@pytest.mark.parametrize("year", [2017, 2018])
def test_quang_ninh_ranked_first(year):
    assert score(year, "22")["rank"] == 1


def test_tiers_where_published():
    assert score(2016, "22")["tier"] == "Rất tốt"
    assert score(2018, "22")["tier"] == ""  # the 2018 English summary publishes no tier
    assert parsed_all()["PCI_2013_en.xlsx"].records.query("indicator == 'pci'")["tier"].iloc[0] != ""


def test_source_names_file_and_excel_cell():
    # PCI_2016.xlsx, sheet Summary_VN: Lai Châu's composite in cell W63, its published rank in X63
    r = score(2016, "12")
    assert (r["source_file"], r["source_locator"], r["rank_locator"]) == (
        "PCI_2016.xlsx",
        "Summary_VN!W63",
        "Summary_VN!X63",
    )


def test_stale_summary_sheets_are_skipped_and_reported():
    for year in (2014, 2015, 2016):
        notes = by_year(year).notes
        assert [n["sheet"] for n in notes if n["rule"] == "stale_sheet_skipped"] == ["Summary"]
        assert "2013" in notes[0]["detail"]


def test_2014_needs_a_fallback_and_the_fallback_reads_the_same_cells():
    p = analysis.core.paths.pci_workbooks_dir() / "PCI_2014.xlsx"
    fast = W.Workbook(p)
    slow = W.Workbook(p, fallback_only=True)
    try:
        a, b = fast.rows("Summary_VN"), slow.rows("Summary_VN")
        assert fast.readers["Summary_VN"] != "calamine"  # plain calamine fails on this sheet
        assert slow.readers["Summary_VN"] == "openpyxl"
        assert a == b
    finally:
        fast.close()
        slow.close()


def test_xls_fallback_reader_gives_the_same_cells():
    p = analysis.core.paths.pci_workbooks_dir() / "PCI_2009.xls"
    a, b = W.Workbook(p), W.Workbook(p, fallback_only=True)
    assert a.rows("Tong Hop") == b.rows("Tong Hop")
    assert b.readers["Tong Hop"] == "xlrd"


# --------------------------------------------------------------------------- year and new workbooks
def test_future_workbook_with_a_known_layout_imports_without_code_changes(tmp_path, catalogue):
    rows = summary_2018()
    rows[0][2] = "The Weighted PCI Score in 2019"
    p = W.read_workbook(write_xlsx(tmp_path / "PCI_2019.xlsx", {"Summary": rows}))
    assert p.year == 2019 and p.layout == W.LAYOUT_ONE_ROW and p.records["province_code"].nunique() == 63


def test_year_from_the_sheet_when_the_file_name_has_none(tmp_path, catalogue):
    p = W.read_workbook(write_xlsx(tmp_path / "download.xlsx", {"Summary": summary_2018()}))
    assert p.year == 2018


def test_year_from_argument_when_nothing_states_one(tmp_path, catalogue):
    rows = summary_2018()
    rows[0][2] = "The Weighted PCI Score"
    path = write_xlsx(tmp_path / "download.xlsx", {"Summary": rows})
    with pytest.raises(W.YearUnknownError):
        W.read_workbook(path)
    assert W.read_workbook(path, year=2018).year == 2018


def test_stale_copy_under_another_year_is_refused(tmp_path, catalogue):
    path = write_xlsx(tmp_path / "PCI_2019.xlsx", {"Summary": summary_2018()})  # states 2018
    with pytest.raises(W.StaleSheetError) as exc:
        W.read_workbook(path)
    assert exc.value.sheet == "Summary" and "2018" in str(exc.value) and "2019" in str(exc.value)
    with pytest.raises(W.StaleSheetError):
        W.read_workbook(write_xlsx(tmp_path / "x.xlsx", {"Summary": summary_2018()}), year=2017)


# --------------------------------------------------------------------------- refusals
def test_unknown_province_is_an_error_not_a_drop(tmp_path, catalogue):
    rows = summary_2018()
    rows[5][0] = "Atlantis"
    with pytest.raises(W.UnknownProvinceInWorkbookError) as exc:
        W.read_workbook(write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows}))
    e = exc.value
    assert (e.file, e.sheet, e.row, e.column, e.name) == ("PCI_2018.xlsx", "Summary", 5, 0, "Atlantis")
    assert "PCI_2018.xlsx, sheet 'Summary', cell A6" in str(e)  # 0-based row 5, column 0 = Excel A6


def test_duplicated_province(tmp_path, catalogue):
    rows = summary_2018()
    rows[6][0] = rows[5][0]
    with pytest.raises(W.DuplicateProvinceError) as exc:
        W.read_workbook(write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows}))
    assert exc.value.row == 6


def test_score_out_of_range(tmp_path, catalogue):
    rows = summary_2018()
    rows[3][5] = 12.5  # Sub-Index 3: Transparency on a 0–10 scale
    with pytest.raises(W.ScoreOutOfRangeError) as exc:
        W.read_workbook(write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows}))
    assert (exc.value.row, exc.value.column) == (3, 5)


def test_composite_out_of_range(tmp_path, catalogue):
    rows = summary_2018()
    rows[3][2] = 100.5
    with pytest.raises(W.ScoreOutOfRangeError):
        W.read_workbook(write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows}))


def test_bad_published_rank(tmp_path, catalogue):
    rows = summary_2018()
    rows[3][1] = 99
    with pytest.raises(W.RankError):
        W.read_workbook(write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows}))


def test_missing_rows_are_a_count_error(tmp_path, catalogue):
    rows = summary_2018()[:41]  # header + 40 provinces
    with pytest.raises(W.ProvinceCountError) as exc:
        W.read_workbook(write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows}))
    assert "expected 63" in str(exc.value)


def test_stops_at_min_median_max_rows_but_not_at_a_64th_province(tmp_path, catalogue):
    rows = summary_2018()
    assert [r[0] for r in rows[66:69]] == ["Min", "Median", "Max"]
    rows[64] = list(rows[65])  # a repeated province right after the 63 (as row 65 already is) is fine
    path = write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows})
    assert W.read_workbook(path).records["province_code"].nunique() == 63


def test_truncated_workbook(tmp_path, catalogue):
    data = (analysis.core.paths.pci_workbooks_dir() / "PCI_2018.xlsx").read_bytes()
    path = tmp_path / "PCI_2018.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(W.NotAWorkbookError):
        W.read_workbook(path)


def test_truncated_xls(tmp_path, catalogue):
    data = (analysis.core.paths.pci_workbooks_dir() / "PCI_2009.xls").read_bytes()
    path = tmp_path / "PCI_2009.xls"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(W.WorkbookError):
        W.read_workbook(path)


def test_empty_file(tmp_path, catalogue):
    path = tmp_path / "PCI_2019.xlsx"
    path.write_bytes(b"")
    with pytest.raises(W.EmptyFileError):
        W.read_workbook(path)


def test_not_an_excel_file(tmp_path, catalogue):
    path = tmp_path / "PCI_2019.xlsx"
    path.write_text("province,score\nLai Châu,53.46\n", encoding="utf-8")
    with pytest.raises(W.NotAWorkbookError) as exc:
        W.read_workbook(path)
    assert "not an Excel workbook" in str(exc.value)


def test_size_limit_checked_before_parsing(tmp_path, catalogue, monkeypatch):
    path = tmp_path / "PCI_2019.xlsx"
    path.write_bytes(b"x" * 5000)  # not even a workbook: the size check comes first
    with pytest.raises(W.FileTooLargeError):
        W.read_workbook(path, max_bytes=1000)
    monkeypatch.setenv(W.MAX_BYTES_ENV, "1000")
    with pytest.raises(W.FileTooLargeError):
        W.read_workbook(analysis.core.paths.pci_workbooks_dir() / "PCI_2018.xlsx")
    assert W.DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_unrecognised_layout_says_what_was_expected_and_found(tmp_path, catalogue):
    path = write_xlsx(tmp_path / "PCI_2019.xlsx", {"Data": [["a", "b"], [1, 2]], "Notes": [["hello"]]})
    with pytest.raises(W.UnrecognisedLayoutError) as exc:
        W.read_workbook(path)
    msg = str(exc.value)
    assert "Expected a summary sheet" in msg and "Found: 'Data':" in msg and "'Notes':" in msg


# --------------------------------------------------------------------------- XML safety
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (b"" if i == 2 else str(i - 1).encode())) * 10)
        for i in range(2, 10)
    )
    + b"]>"
)


def test_workbook_with_an_xml_entity_bomb_is_refused_quickly(tmp_path, catalogue):
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Summary": summary_2018()[:3]})
    bomb = tmp_path / "PCI_2018.xlsx"
    hit = False
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(bomb, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # write_only stores strings inline
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = BOMB + body.replace(b"<t>Province</t>", b"<t>&lol9;</t>", 1)
                hit = b"&lol9;" in data
            zout.writestr(info, data)
    assert hit
    with pytest.raises(W.NotAWorkbookError):
        W.read_workbook(bomb)
