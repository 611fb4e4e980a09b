"""The report workbook: an index sheet, styled headers, and text that never becomes a formula."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from analysis.outputs.excel import write_report_workbook, write_workbook
from analysis.outputs.tables import save_table


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    hostile = ['=HYPERLINK("http://x","y")', "+84 123", "-1+2", "@SUM(A1)", "Lai Châu"]
    df = pd.DataFrame({"text": hostile, "score": [53.459, 58.817, 58.328, 1.0, 2.0]})
    out = write_workbook([("t", df, "test table", "test")], tmp_path / "x.xlsx")
    ws = load_workbook(out)["t"]
    cells = [ws.cell(row=i, column=1) for i in range(2, 7)]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(row=2, column=2).value == 53.459


def test_index_sheet_lists_every_table_with_description_and_source(tmp_path):
    save_table(
        pd.DataFrame({"year": [2016, 2017], "rank": [62, 60]}),
        "lai_chau_rank",
        description="Lai Châu PCI rank",
        source="PCI_2016.xlsx; PCI_2017.xlsx",
        directory=tmp_path,
    )
    save_table(
        pd.DataFrame({"province": ["Quảng Ninh"], "rank": [1]}),
        "leaders",
        description="Leaders",
        source="PCI_2018.xlsx",
        directory=tmp_path,
    )
    out = write_report_workbook(tmp_path, tmp_path / "pci_tables.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["index", "lai_chau_rank", "leaders"]
    index = wb["index"]
    assert [c.value for c in index[1]][:4] == ["sheet", "table", "description", "source"]
    assert index["C2"].value == "Lai Châu PCI rank" and index["D2"].value == "PCI_2016.xlsx; PCI_2017.xlsx"
    sheet = wb["lai_chau_rank"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet["B2"].value == 62 and isinstance(sheet["B2"].value, int)
