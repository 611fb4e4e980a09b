"""Import-side units that read no raw source: they run (and never skip) without ../shared.

Moved here from the modules whose other tests read ../shared (test_workbooks, test_seeds,
test_importer), so the `shared` marker on those modules skips only what needs the raw material.
"""

from __future__ import annotations

import pytest

from analysis.data import loaders
from analysis.ingest import seeds
from analysis.ingest import workbooks as W
from test_workbooks import BOMB


def test_excel_cell_names():
    assert [W.column_letter(c) for c in (0, 2, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "C",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    assert W.cell_ref(12, 2) == "C13"
    e = W.WorkbookError("bad", file="PCI_2016.xlsx", sheet="Summary_VN", row=12, column=2)
    assert str(e) == "PCI_2016.xlsx, sheet 'Summary_VN', cell C13: bad"
    assert str(W.WorkbookError("bad", file="x.xlsx", row=0)) == "x.xlsx, row 1: bad"
    assert str(W.WorkbookError("bad", file="x.xlsx", column=27)) == "x.xlsx, column AB: bad"


def test_error_hierarchy():
    for cls in (
        W.UnrecognisedLayoutError,
        W.StaleSheetError,
        W.UnknownProvinceInWorkbookError,
        W.DuplicateProvinceError,
        W.ProvinceCountError,
        W.ScoreOutOfRangeError,
        W.RankError,
        W.EmptyFileError,
        W.NotAWorkbookError,
        W.FileTooLargeError,
        W.UnsafeWorkbookError,
    ):
        assert issubclass(cls, W.WorkbookError) and issubclass(cls, ValueError)


def test_openpyxl_parses_through_defusedxml():
    import defusedxml
    from openpyxl.xml.functions import fromstring

    assert W.openpyxl_uses_defusedxml()
    with pytest.raises(defusedxml.EntitiesForbidden):
        fromstring(BOMB + b"<a>&lol9;</a>")


def test_missing_seed_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="seed"):
        seeds.build_seed_tables(tmp_path / "nowhere")


def test_loaders_name_the_import_command_when_a_table_is_missing(tmp_path):
    for load in (loaders.load_pci, loaders.load_papi, loaders.load_validation_findings):
        with pytest.raises(FileNotFoundError, match="import-all"):
            load(tmp_path)


def test_a_file_the_probe_passed_is_not_probed_again_a_refused_one_always(tmp_path, monkeypatch):
    """The calamine probe (a child process) runs once for the same bytes under the same suffix; a refusal
    is never remembered, so a file the probe refused is probed (and refused) again."""
    import uuid

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = f"probe cache {uuid.uuid4()}"  # bytes this process has never probed
    good = tmp_path / "good.xlsx"
    wb.save(good)
    real, probed = W.probe_native_reader, []
    monkeypatch.setattr(W, "probe_native_reader", lambda p, **k: (probed.append(p.name), real(p, **k)))
    W.Workbook(good).close()
    (tmp_path / "copy.xlsx").write_bytes(good.read_bytes())
    W.Workbook(tmp_path / "copy.xlsx").close()  # the same bytes: not probed again
    assert probed == ["good.xlsx"]
    (tmp_path / "as_xls.xls").write_bytes(good.read_bytes())
    try:  # another suffix is another calamine reader: probed again, whatever the readers then make of it
        W.Workbook(tmp_path / "as_xls.xls").close()
    except W.WorkbookError:
        pass
    assert probed == ["good.xlsx", "as_xls.xls"]

    wb.active["A2"] = "refused by the probe"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)

    def refuse(p, **k):
        probed.append(p.name)
        raise W.UnsafeWorkbookError("refused: the spreadsheet reader crashed", file=p)

    monkeypatch.setattr(W, "probe_native_reader", refuse)
    for _ in range(2):
        with pytest.raises(W.UnsafeWorkbookError):
            W.Workbook(bad)
    assert probed == ["good.xlsx", "as_xls.xls", "bad.xlsx", "bad.xlsx"]


def test_the_workbook_readers_name_cache_follows_the_catalogue_in_force():
    """A name resolved while no catalogue is in force is not reused under `catalog.using(...)` (the
    importer resolves against the catalogue it built from the raw codes), nor the other way round."""
    from analysis.data import catalog

    full = catalog.load_provinces()  # data/provinces.csv line 9: Lai Châu is code 12, line 8: Điện Biên 11
    assert not isinstance(W.resolve("Lai Châu"), Exception)
    without = catalog.Catalogue(full[full["province"] != "Lai Châu"])
    with catalog.using(without):
        assert isinstance(W.resolve("Lai Châu"), catalog.UnknownProvinceError)
        assert not W._maybe_province("Lai Châu")
        assert W.resolve("Điện Biên").code == "11"
    assert W.resolve("Lai Châu").code == "12"
    # equal tables share a fingerprint (the cache key), different ones do not
    assert catalog.Catalogue(full).fingerprint() == catalog.Catalogue(full.copy()).fingerprint()
    assert without.fingerprint() != catalog.Catalogue(full).fingerprint()
