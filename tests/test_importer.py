"""import-all / import-workbook: tables, precedence, reproducibility, refusals that leave data/ untouched.

Never writes to the repository's data/: every import goes to a temporary folder (data_dir= or
PCI_DATA_DIR). Workbooks are parsed once per session (test_workbooks.parsed_all); the imports
built from them once per run (run_cache.built_once) and copied before a test changes them.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

import analysis.core.paths
from analysis.core import store
from analysis.data import loaders
from analysis.ingest import importer
from analysis.ingest import workbooks as W
from analysis.ingest.papi_build import PapiBuild, build_papi
from analysis.ingest.province_source import build_provinces
from analysis.ingest.validate import ValidationFailed
from hostile.corpus import disguise
from run_cache import built_once
from test_workbooks import parsed_all, session_catalogue_dir, summary_2018, write_xlsx

pytestmark = pytest.mark.shared

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
PCI_2018 = analysis.core.paths.pci_workbooks_dir() / "PCI_2018.xlsx"


@functools.lru_cache(maxsize=1)
def papi_built() -> PapiBuild:
    """The PAPI sources built once per process, as import_all builds them (names resolved against the
    provinces it builds from ../shared); test_import_all_twice_gives_byte_identical_files checks that an
    import building its own gives the same files."""
    with importer._catalogue_at(REPO_DATA, build_provinces(analysis.core.paths.provinces_source_dir())):
        return build_papi(analysis.core.paths.shared_dir())


@functools.lru_cache(maxsize=1)
def full_import() -> Path:
    """import-all into a temporary folder once per run (reusing the session's parsed workbooks and PAPI build)."""
    return built_once(
        "full-import", lambda d: importer.import_all(data_dir=d, parsed=list(parsed_all().values()), papi=papi_built())
    )


@functools.lru_cache(maxsize=1)
def workbooks_only_import() -> Path:
    """import-all of the workbooks and seeds only (no research panel, pages or press), once per run."""
    return built_once(
        "workbooks-only-import",
        lambda d: importer.import_all(
            data_dir=d, parsed=list(parsed_all().values()), include_sources=False, papi=papi_built()
        ),
    )


@functools.lru_cache(maxsize=1)
def import_2005_2017() -> Path:
    return built_once(
        "import-2005-2017",
        lambda d: importer.import_all(
            data_dir=d,
            parsed=[p for p in parsed_all().values() if p.year != 2018],
            include_sources=False,
            papi=papi_built(),
        ),
    )


@pytest.fixture
def data_2005_2017(tmp_path, monkeypatch) -> Path:
    """A private copy of a panel built from 2005–2017 only; PCI_DATA_DIR points at it."""
    d = tmp_path / "data"
    shutil.copytree(import_2005_2017(), d, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    monkeypatch.setenv("PCI_DATA_DIR", str(d))
    return d


@pytest.fixture
def full_copy(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "data"
    shutil.copytree(full_import(), d, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    monkeypatch.setenv("PCI_DATA_DIR", str(d))
    return d


def _seeds_available() -> bool:
    return importer._load_seed_module() is not None


# --------------------------------------------------------------------------- the tables
def test_import_all_writes_every_table():
    d = full_import()
    names = set(store.checksums(d))
    assert {
        "pci_panel.csv",
        "papi.csv",
        "papi_subdimensions.csv",
        "papi_dimensions.csv",
        "validation_findings.csv",
        "sources.csv",
        "provinces.csv",
    } <= names
    assert max((d / n).stat().st_size for n in names) < 2 * 1024 * 1024  # every committed table stays small
    assert not (d / store.TXN_DIR).exists()


def test_panel_schema_and_dtypes():
    panel = loaders.load_pci(full_import())
    assert list(panel.columns) == loaders.PANEL_COLUMNS
    assert panel["year"].dtype == int and str(panel["rank"].dtype) == "Int64"
    assert panel["province_code"].str.fullmatch(r"\d\d").all()
    assert set(panel["rank_kind"]) <= {"published", "computed from scores", "derived", ""}
    assert set(panel["source_kind"]) <= {
        "official_workbook",
        "official_page",
        "province_document",
        "research_panel",
        "derived",
        "press",
    }
    assert not panel.duplicated(["year", "province_code", "indicator"]).any()
    wb = panel[panel["source_kind"] == "official_workbook"]
    assert sorted(wb["year"].unique()) == [*range(2005, 2020), 2023]
    # 42 + 3×64 + 4×63 units; 2005: 9 indicators, 2009–2012: 10, 2013–2019: 11; 2023: ten sub-indices only
    assert len(wb) == 42 * 9 + 3 * 64 * 11 + 4 * 63 * 10 + 7 * 63 * 11 + 63 * 10
    assert (wb["source_locator"].str.fullmatch(r".+![A-Z]+\d+")).all()  # an Excel cell, e.g. Summary_VN!W63
    assert (wb.loc[wb["indicator"] == "pci", "rank_kind"] == "published").all()
    assert set(panel.loc[panel["year"] == 2023, "methodology"]) == {"2022-"}
    assert (wb.loc[wb["indicator"] != "pci", "rank_kind"] == "computed from scores").all()
    assert set(panel.loc[panel["year"] == 2005, "methodology"]) == {"2005"}


def test_panel_values_trace_back_to_the_workbooks():
    panel = loaders.load_pci(full_import()).set_index(["year", "province_code", "indicator"])
    lc = panel.loc[(2016, "12", "pci")]
    # PCI_2016.xlsx, sheet 'Summary_VN': V63 'Lai Châu', W63 53.45909881591797 (PCI 2016), X63 62 (Xếp hạng)
    assert lc["score"] == 53.45909881591797 and lc["rank"] == 62
    assert lc["province"] == "Lai Châu" and (lc["source_file"], lc["source_locator"]) == (
        "PCI_2016.xlsx",
        "Summary_VN!W63",
    )
    # Quảng Ninh ranks 1: PCI_2017.xlsx and PCI_2018.xlsx, sheet 'Summary', cell B49 (column 'Rank')
    assert panel.loc[(2017, "22", "pci"), "rank"] == 1 and panel.loc[(2018, "22", "pci"), "rank"] == 1


def test_absent_sub_index_is_absent_not_zero():
    panel = loaders.load_pci(full_import())
    assert panel[(panel["year"].between(2009, 2012)) & (panel["indicator"] == "policy_bias")].empty
    assert panel[(panel["year"] == 2005) & (panel["indicator"].isin(["labor_training", "legal_institutions"]))].empty
    assert (panel["score"] > 0).all()


@pytest.mark.shared
def test_lai_chau_sources_by_year():
    """2016–2019 from the workbooks; 2020: composite from the official page (higher kind), sub-indices from
    seed 002 (Phụ lục 03, the only source); 2021–2022 composite from the research panel."""
    panel = loaders.load_pci(full_import())
    lc = panel[panel["province_code"] == "12"]
    kinds = lc.groupby("year")["source_kind"].agg(set)
    assert kinds[2016] == kinds[2017] == kinds[2018] == kinds[2019] == {"official_workbook"}
    assert kinds[2020] == {"official_page", "province_document"}
    assert kinds[2021] == kinds[2022] == {"research_panel"}
    assert len(lc[lc["year"] == 2020]) == 11
    assert (full_import() / "seed_pci_laichau.csv").exists()
    f = loaders.load_validation_findings(full_import())
    overlap = f[f["rule"] == "seed_overlap"]
    assert sorted(overlap["year"]) == [2016, 2017, 2018, 2019]


def test_findings_table():
    f = loaders.load_validation_findings(full_import())
    assert list(f.columns) == [
        "year",
        "province",
        "indicator",
        "rule",
        "severity",
        "detail",
        "source_kind",
        "source_file",
        "source_locator",
        "source_url",
        "other_kind",
        "other_file",
        "other_locator",
        "other_url",
    ]
    assert set(f["severity"]) <= {"error", "warning", "info"} and not (f["severity"] == "error").any()
    assert set(f.loc[f["rule"] == "composite_recomputed", "year"]) == set(range(2006, 2020))
    # the 2011 composites are published rounded (PCI_2011.xls); the PAPI data-table sheets named 2020 and 2021
    # are copies of 2019 (../shared/data/SOURCES.md, papi-more/data-tables-2015-2023) and are refused as such
    assert set(f.loc[f["rule"] == "composite_recomputed"].query("severity == 'warning'")["year"]) == {2011}
    assert set(f.loc[f["rule"] == "papi_duplicate_sheet", "year"]) == {2020, 2021}
    # papi_out_of_scale: the 0.0 PAPI cells of 2014 and 2022 stored as missing (issue 20);
    # the six official province pages (pcivietnam_province_pages_2006_2024.csv) carry site errors: every
    # disagreement is theirs (2006 proactivity, 2011 business support, Thanh Hóa's 2023 sub-index column ...),
    # and their composites do not follow from their own sub-indices in those years (SOURCES.md, PCI 2024 section)
    # fact_contradiction: PCI 2024's press facts that contradict the published ranks beside them (test_pci2024)
    assert set(f.loc[f["severity"] == "warning", "rule"]) == {
        "composite_recomputed",
        "papi_duplicate_sheet",
        "papi_out_of_scale",
        "source_disagreement",
        "weights_checked_on_pages",
        "fact_contradiction",
    }
    dis = f[f["rule"] == "source_disagreement"]
    assert set(dis["other_file"]) == {"pcivietnam_province_pages_2006_2024.csv"}
    assert set(f.loc[(f["rule"] == "weights_checked_on_pages") & (f["severity"] == "warning"), "year"]) == {
        2009,
        2011,
        2013,
        2021,
        2023,
    }
    assert {2014, 2015, 2016} == set(f.loc[f["rule"] == "stale_sheet_skipped", "year"])


def test_sources_table_lists_every_input_with_checksums():
    src = loaders.load_sources(full_import())
    pci = src[src["role"] == "pci workbook"]
    assert sorted(pci["year"]) == [*range(2005, 2020), 2023]
    assert src.loc[src["file"] == "PCI_2013_en.xlsx", "role"].item() == "pci workbook (cross-check)"
    row = src.set_index("file").loc["PCI_2016.xlsx"]
    assert row["sha256"] == "70247833a09dcbb3925327ea94c3b90efa06ac829335836bbab4cbf1136aac06"  # shared/data/SOURCES.md
    assert (row["sheets_read"], row["layout"], row["rows_read"]) == ("Summary_VN", "paired_columns", 63)
    assert "PAPI_2011-2018.xlsx" in set(src["file"]) and "vietnamcode_data.csv" in set(src["file"])
    assert not src["location"].str.startswith("/").any()  # no machine-specific paths


def test_papi_tables():
    papi = loaders.load_papi(full_import())
    dims = loaders.load_papi_dimensions(full_import())
    top = dims[dims["level"] == "dimension"]
    assert len(top[top["first_year"] <= 2017]) == 6 and len(top) == 8
    assert set(top.loc[top["new_in_2018"], "dimension"]) == {"environmental_governance", "e_governance"}
    per_year = papi[papi["level"] == "dimension"].groupby("year")["dimension"].nunique()
    assert per_year[2011] == per_year[2017] == 6 and per_year[2018] == 8
    assert papi["province_code"].str.fullmatch(r"\d\d").all() and papi["year"].dtype == int
    hn = papi[
        (papi["year"] == 2011)
        & (papi["province_code"] == "01")
        & (papi["dimension"] == "participation_at_local_levels")
    ]
    # PAPI_2011-2019.xlsx, sheet '2011_PAPI', cell D3 (Hà Nội; D2 'Tham gia của người dân ở cấp cơ sở')
    assert hn["score"].item() == pytest.approx(5.76248) and hn["dimension_vi"].item().startswith("Tham gia")
    assert set(papi["level"]) == {"dimension", "total"}
    full = loaders.load_papi(full_import(), sub_dimensions=True)
    civic = full[(full["year"] == 2011) & (full["province_code"] == "01") & (full["dimension"] == "civic_knowledge")]
    assert civic["score"].item() == pytest.approx(1.26411)  # PAPI_2011-2019.xlsx, sheet '2011_PAPI', cell E3
    assert civic["parent"].item() == "participation_at_local_levels"


# --------------------------------------------------------------------------- reproducibility
def test_import_all_twice_gives_byte_identical_files(tmp_path):
    d = tmp_path / "again"
    importer.import_all(data_dir=d)  # a fresh parse of every workbook
    assert store.checksums(d) == store.checksums(full_import())


# --------------------------------------------------------------------------- adding a year
def test_import_2018_onto_2005_2017_equals_the_full_import(data_2005_2017, capsys):
    assert importer.cli_import_workbook([str(PCI_2018)]) == 0
    out = capsys.readouterr().out
    assert "PCI 2018 from PCI_2018.xlsx" in out and "63 provinces" in out
    # PCI_2018.xlsx, sheet 'Summary', row 49: Quang Ninh, rank 1 (B49), composite 70.3589 (C49)
    assert "Top 5: 1. Quảng Ninh 70.36" in out and "Biggest rank movers vs 2017" in out
    assert "Validation findings for 2018" in out
    # import-workbook leaves the source comparison tables to import-all (it lacks the other sources)
    skip = {loaders.SOURCE_COMPARISONS, loaders.SOURCE_AGREEMENT}
    got = {k: v for k, v in store.checksums(data_2005_2017).items() if k not in skip}
    assert got == {k: v for k, v in store.checksums(workbooks_only_import()).items() if k not in skip}


def test_year_already_present_is_refused_without_replace(full_copy, capsys):
    before = store.checksums(full_copy)
    with pytest.raises(importer.YearAlreadyPresentError, match="--replace"):
        importer.import_workbook(PCI_2018)
    assert importer.cli_import_workbook([str(PCI_2018)]) == 1
    assert "already" in capsys.readouterr().err
    assert store.checksums(full_copy) == before


def test_replace_reports_what_changed(full_copy, tmp_path):
    rows = summary_2018()
    rows[1][3] = 7.5  # An Giang entry costs, was 6.9626...
    path = write_xlsx(tmp_path / "PCI_2018.xlsx", {"Summary": rows})
    res = importer.import_workbook(path, replace=True)
    assert "1 changed" in res.summary and "An Giang entry_costs: 6.96263 -> 7.5" in res.summary
    panel = loaders.load_pci(full_copy).set_index(["year", "province_code", "indicator"])
    assert panel.loc[(2018, "89", "entry_costs"), "score"] == 7.5
    # back to the official file: byte-identical to the full import again
    importer.import_workbook(PCI_2018, replace=True)
    assert store.checksums(full_copy) == store.checksums(full_import())


def test_a_workbook_for_a_year_held_by_lower_sources_takes_precedence(full_copy, tmp_path):
    """2022 is held by the research panel and pages; an official 2022 workbook replaces them."""
    rows = disguise(summary_2018())  # scores scaled: 2018's own values under the 2022 label are refused
    rows[0][2] = "The Weighted PCI Score in 2022"
    importer.import_workbook(write_xlsx(tmp_path / "PCI_2022.xlsx", {"Summary": rows}))
    panel = loaders.load_pci(full_copy)
    y22 = panel[panel["year"] == 2022]
    assert y22["province_code"].nunique() == 63 and set(y22["source_kind"]) == {"official_workbook"}
    assert set(y22["methodology"]) == {"2022-"}


# --------------------------------------------------------------------------- refusals leave data/ untouched
def _broken(kind: str, tmp_path: Path) -> tuple[Path, type]:
    rows = disguise(summary_2018())  # not 2018's values (those under another label are refused: issue 20)
    rows[0][2] = "The Weighted PCI Score in 2022"  # 2022: no official workbook yet, 63 provinces expected
    name = tmp_path / "PCI_2022.xlsx"
    if kind == "unknown province":
        rows[5][0] = "Atlantis"
        return write_xlsx(name, {"Summary": rows}), W.UnknownProvinceInWorkbookError
    if kind == "stale sheet":
        return write_xlsx(name, {"Summary": summary_2018()}), W.StaleSheetError
    if kind == "duplicated province":
        rows[6][0] = rows[5][0]
        return write_xlsx(name, {"Summary": rows}), W.DuplicateProvinceError
    if kind == "score out of range":
        rows[7][4] = 10.01
        return write_xlsx(name, {"Summary": rows}), W.ScoreOutOfRangeError
    if kind == "truncated workbook":
        data = PCI_2018.read_bytes()
        name.write_bytes(data[: len(data) * 2 // 3])
        return name, W.NotAWorkbookError
    if kind == "missing provinces":
        return write_xlsx(name, {"Summary": rows[:60]}), W.ProvinceCountError
    if kind == "empty file":
        name.write_bytes(b"")
        return name, W.EmptyFileError
    if kind == "non-Excel file":
        name.write_text("<html><body>PCI 2022</body></html>", encoding="utf-8")
        return name, W.NotAWorkbookError
    if kind == "Hà Tây in 2022":
        rows[5][0] = "Hà Tây"
        return write_xlsx(name, {"Summary": rows}), ValidationFailed
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "unknown province",
        "stale sheet",
        "duplicated province",
        "score out of range",
        "truncated workbook",
        "missing provinces",
        "empty file",
        "non-Excel file",
        "Hà Tây in 2022",
    ],
)
def test_refusals_raise_the_right_error_and_leave_data_untouched(kind, full_copy, tmp_path):
    path, error = _broken(kind, tmp_path)
    before = store.checksums(full_copy)
    with pytest.raises(error):
        importer.import_workbook(path)
    assert store.checksums(full_copy) == before
    assert importer.cli_import_workbook([str(path)]) == 1
    assert store.checksums(full_copy) == before


def test_import_all_reports_every_refusal_and_writes_nothing(full_copy, tmp_path, capsys):
    """Two broken workbooks beside a good one: both refusals are reported (one line each), nothing is written;
    with --skip-refused the good one is imported and each refusal recorded as a finding."""
    shared = tmp_path / "shared"
    shutil.copytree(analysis.core.paths.shared_dir() / "data" / "provinces", shared / "data" / "provinces")
    shutil.copytree(analysis.core.paths.shared_dir() / "seeds", shared / "seeds")
    wbs = shared / "data" / "pci-workbooks"
    wbs.mkdir(parents=True)
    path, _ = _broken("duplicated province", tmp_path)
    shutil.move(path, wbs / "PCI_2022.xlsx")
    path, _ = _broken("unknown province", tmp_path)
    shutil.move(path, wbs / "PCI_2022_b.xlsx")
    shutil.copy(PCI_2018, wbs / "PCI_2018.xlsx")
    before = store.checksums(full_copy)
    with pytest.raises(importer.ImportRefused) as exc:
        importer.import_all(shared, full_copy, include_seeds=False, include_papi=False)
    assert len(exc.value.refusals) == 2
    # summary_2018() rows 5 and 6 (0-based) are Excel rows 6 and 7
    assert any(r.startswith("PCI_2022.xlsx, sheet 'Summary', cell A7: ") for r in exc.value.refusals)
    assert any(
        r.startswith("PCI_2022_b.xlsx, sheet 'Summary', cell A6: unknown province 'Atlantis'")
        for r in exc.value.refusals
    )
    assert importer.cli_import_all(["--shared-dir", str(shared), "--data-dir", str(full_copy)]) == 1
    err = capsys.readouterr().err
    assert "PCI_2022.xlsx" in err and "PCI_2022_b.xlsx" in err
    assert store.checksums(full_copy) == before
    res = importer.import_all(shared, full_copy, include_seeds=False, include_papi=False, skip_refused=True)
    assert sorted(res.panel["year"].unique()) == [2018]
    refused = res.findings[res.findings["rule"] == "source_refused"]
    # the same cells as the refusal lines above, in the provenance columns
    assert sorted(zip(refused["source_file"], refused["source_locator"])) == [
        ("PCI_2022.xlsx", "Summary!A7"),
        ("PCI_2022_b.xlsx", "Summary!A6"),
    ]
    assert set(refused["source_kind"]) == {"official_workbook"}


def test_a_running_import_holds_the_lock(full_copy, capsys):
    before = store.checksums(full_copy)
    with store.data_lock(full_copy):
        assert importer.cli_import_workbook([str(PCI_2018), "--replace"]) == 1
    assert "another import" in capsys.readouterr().err
    assert store.checksums(full_copy) == before


def test_never_touches_the_repository_data_folder(monkeypatch):
    # the session imports above wrote to temporary folders only
    assert full_import().resolve() != REPO_DATA.resolve()
    assert not str(session_catalogue_dir().resolve()).startswith(str(REPO_DATA.resolve()))


def test_a_stated_province_count_is_enforced(full_copy, capsys):
    """PCI_2018.xlsx ranks 63 provinces; a researcher who says the edition states 62 is refused."""
    before = store.checksums(full_copy)
    assert importer.cli_import_workbook([str(PCI_2018), "--replace", "--expected-count", "62"]) == 1
    err = capsys.readouterr().err
    # the 64th name, in Excel row 64 of PCI_2018.xlsx's Summary sheet, is one more than the 62 stated
    assert "more provinces than the 62 expected" in err and "cell A64" in err
    assert store.checksums(full_copy) == before
    assert importer.cli_import_workbook([str(PCI_2018), "--replace", "--expected-count", "63"]) == 0
