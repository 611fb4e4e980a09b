"""Import-side units that read no raw source: they run (and never skip) without ../shared.

Moved here from the modules whose other tests read ../shared (test_workbooks, test_seeds,
test_importer), so the `shared` marker on those modules skips only what needs the raw material.
"""
from __future__ import annotations

import pytest

from analysis import loaders
from analysis.ingest import seeds
from analysis.ingest import workbooks as W
from test_workbooks import BOMB


def test_excel_cell_names():
    assert [W.column_letter(c) for c in (0, 2, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
    assert W.cell_ref(12, 2) == "C13"
    e = W.WorkbookError("bad", file="PCI_2016.xlsx", sheet="Summary_VN", row=12, column=2)
    assert str(e) == "PCI_2016.xlsx, sheet 'Summary_VN', cell C13: bad"
    assert str(W.WorkbookError("bad", file="x.xlsx", row=0)) == "x.xlsx, row 1: bad"
    assert str(W.WorkbookError("bad", file="x.xlsx", column=27)) == "x.xlsx, column AB: bad"


def test_error_hierarchy():
    for cls in (W.UnrecognisedLayoutError, W.StaleSheetError, W.UnknownProvinceInWorkbookError,
                W.DuplicateProvinceError, W.ProvinceCountError, W.ScoreOutOfRangeError, W.RankError,
                W.EmptyFileError, W.NotAWorkbookError, W.FileTooLargeError, W.UnsafeWorkbookError):
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
