"""The PAPI side of the 2019–2024 extension: every PAPI source, checked against each other.

Values are cited to ../shared/data: the official workbook (file, sheet, cell in Excel terms), the
sub-dimension panel (file and CSV line), the data tables (file, sheet, cell).
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from analysis.core import paths
from analysis.data import loaders
from analysis.ingest.common import PapiSourceError, cell, sheet_cell
from analysis.ingest.importer import _catalogue_at
from analysis.ingest.papi_build import build_papi, write_papi_tables
from analysis.ingest.papi_subdimensions import read_subdimension_panel, subdimension_map
from analysis.ingest.papi_tables import read_data_tables

REPO = Path(__file__).resolve().parent.parent
needs_shared = pytest.mark.shared

SHARED = paths.shared_dir()
PAPI_WB = SHARED / "data" / "papi-workbooks"
PANEL = SHARED / "data" / "papi-more" / "sub-dimensions-2011-2024"
TABLES = SHARED / "data" / "papi-more" / "data-tables-2015-2023"
shared = pytest.mark.shared


@pytest.fixture(scope="session")
def build():
    with _catalogue_at(REPO / "data"):
        return build_papi(SHARED)


def _digest(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.glob("*.csv"))}


@pytest.fixture
def tmp_shared(tmp_path) -> Path:
    """A ../shared with the PAPI sources only: the panel CSVs copied (so a test may change them)."""
    root = tmp_path / "shared"
    (root / "data" / "papi-more").mkdir(parents=True)
    (root / "data" / "papi-workbooks").mkdir()
    for f in PAPI_WB.glob("*.xlsx"):
        (root / "data" / "papi-workbooks" / f.name).symlink_to(f)
    (root / "data" / "papi-more" / TABLES.name).symlink_to(TABLES)
    shutil.copytree(PANEL, root / "data" / "papi-more" / PANEL.name)
    for p in (root / "data" / "papi-more" / PANEL.name).rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return root


def _set_cell(src: Path, dst: Path, sheet: str, ref: str, value: str) -> None:
    """Copy an .xlsx changing one numeric cell in the sheet XML (formulas and cached values untouched)."""
    import re

    with zipfile.ZipFile(src) as zin:
        book = zin.read("xl/workbook.xml").decode()
        rid = re.search(rf'<sheet name="{sheet}"[^>]*r:id="(rId\d+)"', book).group(1)
        rels = zin.read("xl/_rels/workbook.xml.rels").decode()
        target = "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels).group(
            1
        ).lstrip("/").removeprefix("xl/")
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == target:
                    xml, n = re.subn(
                        rf'(<c r="{ref}"[^>]*>(?:<f>[^<]*</f>)?<v>)[^<]*(</v>)', rf"\g<1>{value}\g<2>", data.decode()
                    )
                    assert n == 1, (target, ref)
                    data = xml.encode()
                zout.writestr(info, data)


# --------------------------------------------------------------------------- unit
def test_excel_cell_names():
    assert cell(0, 0) == "A1" and cell(2, 3) == "D3" and cell(64, 27) == "AB65"
    assert sheet_cell("2011_PAPI", 2, 3) == "sheet '2011_PAPI', cell D3"


def test_shifted_transparency_columns_detected_by_content():
    cols = ["SC21", "SC22", "SC23", "SC24", "SC31"]
    early = subdimension_map(cols, {"SC24"}, 2015)  # SC24 blank in every row: the three-item scheme
    assert early["SC21"] == "poverty_lists" and early["SC23"] == "land_use_plans_price_frames"
    assert "SC24" not in early
    late = subdimension_map(cols, set(), 2019)
    assert late["SC21"] == "access_to_information" and late["SC24"] == "land_use_plans_price_frames"
    with pytest.raises(ValueError, match="2011–2017 three-item"):
        subdimension_map(cols, {"SC24"}, 2019)
    with pytest.raises(ValueError, match="neither"):
        subdimension_map(cols, {"SC22"}, 2019)


# --------------------------------------------------------------------------- real sources
@shared
@needs_shared
def test_shift_in_real_2011_file_matches_official_workbook(build):
    with _catalogue_at(REPO / "data"):
        panel = read_subdimension_panel(PANEL)
    assert panel.mapping[2011]["SC21"] == "poverty_lists"  # 2011.csv: SC24 blank throughout
    assert panel.mapping[2019]["SC21"] == "access_to_information"  # 2019.csv: SC21–SC24 filled
    hn = panel.subdimensions[
        (panel.subdimensions["year"] == 2011)
        & (panel.subdimensions["province_code"] == "01")
        & (panel.subdimensions["column"] == "SC21")
    ]
    # 2011.csv line 2 SC21 = 2.566878 = PAPI_2011-2019.xlsx, sheet '2011_PAPI', cell J3 ("Poverty Lists")
    assert hn["score"].item() == pytest.approx(2.566878, abs=1e-9)
    agree = build.tables["papi_agreement.csv"]
    sub = agree[(agree["level"] == "sub_dimension") & (agree["other_kind"] == "research_panel")]
    assert len(sub) == 9 and (sub["compared"] == sub["agree"]).all()
    assert sub.set_index("year").loc[2011, "compared"] == 63 * 22


@shared
@needs_shared
def test_2019_dimension_from_workbook_and_panel(build):
    papi = build.tables["papi.csv"]
    hn = papi[
        (papi["year"] == 2019)
        & (papi["province_code"] == "01")
        & (papi["dimension"] == "participation_at_local_levels")
    ].iloc[0]
    # PAPI_2011-2019.xlsx, sheet '2019_PAPI', cell D3 (Hà Nội, Participation at Local Levels)
    assert hn["score"] == pytest.approx(5.038736343383789)
    assert (hn["source_kind"], hn["source_file"], hn["source_locator"]) == (
        "official_workbook",
        "PAPI_2011-2019.xlsx",
        "sheet '2019_PAPI', cell D3",
    )
    with _catalogue_at(REPO / "data"):
        panel = read_subdimension_panel(PANEL).rows
    p = panel[
        (panel["year"] == 2019)
        & (panel["province_code"] == "01")
        & (panel["dimension"] == "participation_at_local_levels")
    ].iloc[0]
    # 2019.csv line 2 (P01), SC11..SC14 = 0.736254454 + 1.487538815 + 1.580246687 + 1.234696269
    assert p["score"] == pytest.approx(0.736254454 + 1.487538815 + 1.580246687 + 1.234696269, abs=1e-9)
    assert p["score"] == pytest.approx(hn["score"], abs=0.005)
    assert p["source_locator"] == "line 2, columns SC11–SC14 (sum)"


@shared
@needs_shared
def test_2024_total_and_computed_rank(build):
    t = build.tables["papi_totals.csv"]
    qn = t[(t["year"] == 2024) & (t["province_code"] == "22") & (t["measure"] == "papi_total_unweighted")].iloc[0]
    # 2024.csv line 15 (P14 Quang Ninh): the sum of its 28 non-blank sub-dimensions (SC52 blank from 2021)
    line15 = [
        1.294818282,
        1.883087277,
        1.519393802,
        1.176631927,
        0.885102034,
        2.022160053,
        1.518026352,
        1.405503631,
        1.969765663,
        0.417096913,
        1.957950711,
        1.981800437,
        2.259832621,
        1.578057408,
        2.169365168,
        2.398030519,
        2.459551334,
        2.53006649,
        1.889129162,
        2.11402154,
        2.344445467,
        2.07224369,
        1.250925422,
        2.352135897,
        0.43010819,
        0.565628946,
        2.951612234,
        0.424744874,
    ]
    assert qn["score"] == pytest.approx(sum(line15), abs=1e-8)
    assert (qn["source_kind"], qn["rank_kind"]) == ("research_panel", "computed from scores")
    assert qn["source_file"] == "sub-dimensions-2011-2024/2024.csv"
    # rank computed among the 61 provinces with a 2024 score (Vĩnh Phúc and Tiền Giang rows are blank)
    assert (
        qn["n_ranked"] == 61
        and qn["rank"] == 1 + (t[(t["year"] == 2024) & (t["measure"] == qn["measure"])]["score"] > qn["score"]).sum()
    )
    assert not ((t["year"] == 2024) & t["province"].isin(["Vĩnh Phúc", "Tiền Giang"])).any()  # missing, not 0


@shared
@needs_shared
def test_unweighted_total_every_year_and_weighted_2019(build):
    t = build.tables["papi_totals.csv"]
    u = t[t["measure"] == "papi_total_unweighted"]
    assert sorted(u["year"].unique()) == list(range(2011, 2025))
    assert u.groupby("year").size().min() >= 60
    w = t[t["measure"] == "papi_total_weighted"]
    assert sorted(w["year"].unique()) == [2019]  # 2018 and 2023 tables carry no weighted total; 2022 rows empty
    bt = w[w["province_code"] == "83"].iloc[0]
    # PAPI-2015-2023.xlsm, sheet '2019', cell BC3 (Bến Tre, weighted PAPI), BC4/BC5 the 95% CI
    assert bt["score"] == pytest.approx(52.4837646484375) and bt["source_locator"] == "sheet '2019', cell BC3"
    assert bt["ci_low"] == pytest.approx(51.802146911621094) and bt["ci_high"] == pytest.approx(53.165382385253906)
    # 2018 total: PAPI-2015-2023.xlsm, sheet '2018', cell C2 (Hà Nội, unweighted) = sum of the 8 official dimensions
    hn = u[(u["year"] == 2018) & (u["province_code"] == "01")].iloc[0]
    assert hn["score"] == pytest.approx(42.3194694519043) and hn["source_locator"] == "sheet '2018', cell C2"
    # 2018 Quảng Ninh: transparency and control of corruption are blank in the official workbook -> no total
    assert not ((u["year"] == 2018) & (u["province_code"] == "22")).any()


@shared
@needs_shared
def test_copies_of_2019_refused_by_content(build):
    f = [x for x in build.findings if x["rule"] == "papi_duplicate_sheet"]
    refused = sorted((x["source_file"], x["source_locator"], x["year"]) for x in f)
    assert refused == [
        ("PAPI-2015-2023.xlsm", "2020", 2020),
        ("PAPI-2015-2023.xlsm", "2021", 2021),
        ("PAPI-2015-2023_eng.xlsm", "2020", 2020),
        ("PAPI-2015-2023_eng.xlsm", "2021", 2021),
    ]
    assert {x["source_kind"] for x in f} == {"research_panel"}
    assert all("equal the 2019 reference values" in x["detail"] for x in f)
    papi = build.tables["papi.csv"]
    assert not (papi["source_file"].str.startswith("data-tables") & papi["year"].isin([2020, 2021])).any()
    # 2020 and 2021 come from the sub-dimension panel, whose values differ from 2019
    p20 = papi[(papi["year"] == 2020) & (papi["province_code"] == "01")]
    assert set(p20["source_kind"]) == {"research_panel"} and set(p20["source_file"]) == {
        "sub-dimensions-2011-2024/2020.csv"
    }


@shared
@needs_shared
def test_copy_detected_whatever_its_name(tmp_path, build):
    """A sheet named 2022 holding the 2019 table is refused as 2022 data; the real 2022 sheet is gone."""
    import openpyxl

    with _catalogue_at(REPO / "data"):
        import python_calamine as pc

        src = pc.CalamineWorkbook.from_path(str(TABLES / "PAPI-2015-2023.xlsm"))
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, sheet in (("2019", "2019"), ("2022", "2019")):
            ws = wb.create_sheet(name)
            for row in src.get_sheet_by_name(sheet).to_python()[:20]:
                ws.append(row)
        folder = tmp_path / "tables"
        folder.mkdir()
        wb.save(folder / "copy.xlsx")
        ref = build.tables["papi.csv"]
        dt = read_data_tables(folder, ref[ref["level"] == "dimension"])
    assert [d.sheet for d in dt.sheets] == ["2019"] and [d.sheet for d in dt.refused] == ["2022"]
    note = next(n for n in dt.notes if n["rule"] == "papi_duplicate_sheet")
    assert note["source"] == dict(kind="research_panel", file="copy.xlsx", locator="2022", url="")
    assert "duplicates sheet(s) '2019'" in note["detail"]


@shared
@needs_shared
def test_files_with_different_sheets_are_each_checked_against_their_own_sheets(tmp_path, build):
    """Two files in the folder, the first with sheets 2018 and 2019, the second with 2019 only (cut from
    PAPI-2015-2023.xlsm): both read, every sheet kept as its own year. (A per-file table of sheet years
    once looked up the first file's sheet 2018 in the second file's table: KeyError.)"""
    import openpyxl

    with _catalogue_at(REPO / "data"):
        import python_calamine as pc

        src = pc.CalamineWorkbook.from_path(str(TABLES / "PAPI-2015-2023.xlsm"))
        folder = tmp_path / "tables"
        folder.mkdir()
        for name, sheets in (("a.xlsx", ("2018", "2019")), ("b.xlsx", ("2019",))):
            wb = openpyxl.Workbook()
            wb.remove(wb.active)
            for sheet in sheets:
                ws = wb.create_sheet(sheet)
                for row in src.get_sheet_by_name(sheet).to_python()[:20]:
                    ws.append(row)
            wb.save(folder / name)
        ref = build.tables["papi.csv"]
        dt = read_data_tables(folder, ref[ref["level"] == "dimension"])
    assert sorted((d.file, d.sheet) for d in dt.sheets) == [("a.xlsx", "2018"), ("a.xlsx", "2019"), ("b.xlsx", "2019")]
    assert dt.refused == []


@shared
@needs_shared
def test_editions_agree_and_a_changed_cell_is_named(tmp_path, build):
    agree = build.tables["papi_agreement.csv"]
    ed = agree[agree["other_file"] == "PAPI_2011-2018.xlsx"]
    assert sorted(ed["year"].unique()) == list(range(2011, 2019)) and (ed["compared"] == ed["agree"]).all()
    assert not [x for x in build.findings if x["rule"] in ("papi_edition_disagrees", "papi_sources_disagree")]
    # a copy of the 2011-2018 edition with one cell changed: the finding names both files, sheets, cells, values
    from analysis.ingest.papi_build import compare_editions
    from analysis.ingest.papi_workbook import read_papi

    bad = tmp_path / "PAPI_2011-2018.xlsx"
    _set_cell(PAPI_WB / "PAPI_2011-2018.xlsx", bad, "2015_PAPI", "D3", "5.5")  # Hà Nội, Participation
    with _catalogue_at(REPO / "data"):
        new, old = read_papi(PAPI_WB / "PAPI_2011-2019.xlsx"), read_papi(bad)
    findings, _ = compare_editions(new, old)
    assert len(findings) == 1
    d = findings[0]["detail"]
    assert "PAPI_2011-2019.xlsx, sheet '2015_PAPI', cell D3 = 5.05401" in d
    assert "PAPI_2011-2018.xlsx, sheet '2015_PAPI', cell D3 = 5.5" in d


@shared
@needs_shared
def test_macros_never_run_values_only(monkeypatch):
    xlsm = TABLES / "PAPI-2015-2023.xlsm"
    with zipfile.ZipFile(xlsm) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()  # it is macro-enabled
    opened = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *a, **k):
        import sys

        f, callers = sys._getframe(1), set()
        while f is not None:
            callers.add(f.f_code.co_name)
            f = f.f_back
        if "testzip" not in callers:  # the zip integrity check reads every member's bytes for its CRC only
            opened.append(name if isinstance(name, str) else name.filename)
        return real_open(self, name, *a, **k)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    import openpyxl

    real_load = openpyxl.load_workbook

    def guarded(*a, **k):
        assert not k.get("keep_vba") and k.get("data_only"), "openpyxl must read values only, without VBA"
        return real_load(*a, **k)

    monkeypatch.setattr(openpyxl, "load_workbook", guarded)
    with _catalogue_at(REPO / "data"):
        dt = read_data_tables(TABLES)
    assert not any("vbaProject" in n for n in opened)
    assert {f["reader"] for f in dt.files} == {"calamine"}  # calamine: a values reader with no VBA engine
    assert len(dt.sheets) == 8


# --------------------------------------------------------------------------- refusals leave data/ unchanged
@shared
@needs_shared
def test_unknown_province_code_refused_data_unchanged(tmp_shared, data_copy):
    f = tmp_shared / "data" / "papi-more" / PANEL.name / "2020.csv"
    lines = f.read_text().splitlines()
    lines[5] = "P99" + lines[5][3:]
    f.write_text("\n".join(lines) + "\n")
    before = _digest(data_copy)
    with pytest.raises(PapiSourceError) as e:
        write_papi_tables(tmp_shared, data_copy)
    assert str(e.value).startswith("2020.csv, line 6, column Province: province code 'P99'")
    assert _digest(data_copy) == before


@shared
@needs_shared
def test_year_outside_edition_refused_data_unchanged(tmp_shared, data_copy):
    folder = tmp_shared / "data" / "papi-more" / PANEL.name
    shutil.copy(folder / "2024.csv", folder / "2025.csv")
    before = _digest(data_copy)
    with pytest.raises(PapiSourceError, match=r"^2025\.csv, file name: year 2025 lies outside .*2011–2024"):
        write_papi_tables(tmp_shared, data_copy)
    assert _digest(data_copy) == before


@shared
@needs_shared
def test_write_papi_tables_reproduces_committed_tables(tmp_shared, data_copy):
    """The committed PAPI tables are exactly what the importer builds (byte-stable, no timestamps)."""
    write_papi_tables(tmp_shared, data_copy)
    for name in ("papi.csv", "papi_subdimensions.csv", "papi_dimensions.csv", "papi_totals.csv", "papi_agreement.csv"):
        assert (data_copy / name).read_bytes() == (REPO / "data" / name).read_bytes(), name
        assert (data_copy / name).stat().st_size < 2 * 1024 * 1024


def test_load_papi_exposes_totals_and_provenance_columns():
    papi = loaders.load_papi()
    assert {"source_kind", "source_file", "source_locator", "source_url"} <= set(papi.columns)
    assert "source" not in papi.columns
    assert set(papi["source_kind"]) <= {"official_workbook", "research_panel"}
    tot = loaders.load_papi(totals=True)
    assert tot["rank"].dtype == "Int64" and set(tot["rank_kind"]) == {"computed from scores"}
    assert list(tot.columns[:5]) == ["year", "province", "province_code", "measure", "score"]
    full = loaders.load_papi(sub_dimensions=True)
    civic = full[(full["year"] == 2011) & (full["province_code"] == "01") & (full["dimension"] == "civic_knowledge")]
    # PAPI_2011-2019.xlsx, sheet '2011_PAPI', cell E3
    assert civic["score"].item() == pytest.approx(1.26411) and civic["level"].item() == "sub_dimension"
    assert civic["parent"].item() == "participation_at_local_levels"
    assert civic["source_locator"].item() == "sheet '2011_PAPI', cell E3"


@shared
@needs_shared
def test_import_all_writes_the_committed_papi_tables():
    """import_all (every source; the run's one import, test_importer.full_import, which
    test_import_all_twice_gives_byte_identical_files checks against a fresh import-all) writes the committed PAPI
    tables."""
    from test_importer import full_import

    d = full_import()
    for name in ("papi.csv", "papi_subdimensions.csv", "papi_dimensions.csv", "papi_totals.csv", "papi_agreement.csv"):
        assert (d / name).read_bytes() == (REPO / "data" / name).read_bytes(), name
    src = loaders.load_sources(d)
    assert {"papi workbook", "papi workbook (superseded, compared)", "papi data tables", "papi research panel"} <= set(
        src["role"]
    )
    f = loaders.load_validation_findings(d)
    assert (f["rule"] == "papi_duplicate_sheet").sum() == 4


@shared
@needs_shared
def test_bad_official_cell_refused_in_excel_terms_data_unchanged(tmp_shared, data_copy):
    target = tmp_shared / "data" / "papi-workbooks" / "PAPI_2011-2019.xlsx"
    target.unlink()
    _set_cell(PAPI_WB / "PAPI_2011-2019.xlsx", target, "2019_PAPI", "D3", "99")  # Hà Nội, Participation
    before = _digest(data_copy)
    from analysis.ingest.workbooks import ScoreOutOfRangeError

    with pytest.raises(ScoreOutOfRangeError) as e:
        write_papi_tables(tmp_shared, data_copy)
    assert str(e.value) == (
        "PAPI_2011-2019.xlsx, sheet '2019_PAPI', cell D3: participation_at_local_levels score 99.0 outside 0–10"
    )
    assert _digest(data_copy) == before


@shared
@needs_shared
def test_unknown_province_column_in_data_table_refused(tmp_path):
    import openpyxl
    import python_calamine as pc

    rows = pc.CalamineWorkbook.from_path(str(TABLES / "PAPI-2015-2023.xlsm")).get_sheet_by_name("2019").to_python()
    rows = [list(r) for r in rows[:12]]
    rows[1][3] = "Atlantis"  # PAPI-2015-2023.xlsm, sheet '2019', cell D2 is 'Ha Giang'
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2019"
    for r in rows:
        ws.append(r)
    folder = tmp_path / "tables"
    folder.mkdir()
    wb.save(folder / "bad.xlsx")
    with _catalogue_at(REPO / "data"), pytest.raises(PapiSourceError) as e:
        read_data_tables(folder)
    assert (
        str(e.value) == "bad.xlsx, sheet '2019', cell D2: 'Atlantis' is not a known province (a column of the "
        "provinces row)"
    )
