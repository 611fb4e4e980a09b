"""The report workbook: every report table as a sheet, with an index sheet first.

Text is always written as text: a value such as ``=HYPERLINK(...)``, ``+84``, ``-`` or
``@x`` never becomes a formula (the cell's type is forced to string).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analysis.core import paths
from analysis.outputs.tables import list_tables

HEADER_FILL = PatternFill("solid", fgColor="1F5FA6")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_WIDTH = 60
_FORMULA_START = ("=", "+", "-", "@")


def _sheet_title(name: str, used: set[str]) -> str:
    base = name[:31]
    title, i = base, 2
    while title.lower() in used:
        suffix = f"~{i}"
        title, i = base[: 31 - len(suffix)] + suffix, i + 1
    used.add(title.lower())
    return title


def _write_cell(ws, row: int, col: int, value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ws.cell(row=row, column=col, value=None)
    if hasattr(value, "item"):
        value = value.item()  # numpy scalar -> Python
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the first character
    elif isinstance(value, float):
        cell.number_format = "0.000" if abs(value) < 1000 else "#,##0.0"
    return cell


def _write_frame(ws, df: pd.DataFrame) -> None:
    for j, col in enumerate(df.columns, start=1):
        c = _write_cell(ws, 1, j, str(col))
        c.fill, c.font = HEADER_FILL, HEADER_FONT
        c.alignment = Alignment(vertical="top", wrap_text=True)
    for i, row in enumerate(df.itertuples(index=False), start=2):
        for j, v in enumerate(row, start=1):
            _write_cell(ws, i, j, v)
    ws.freeze_panes = "A2"
    for j, col in enumerate(df.columns, start=1):
        values = [str(col)] + [str(v) for v in df.iloc[:200, j - 1].tolist()]
        width = min(MAX_WIDTH, max(8, max(len(v) for v in values) + 2))
        ws.column_dimensions[get_column_letter(j)].width = width
    if len(df.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(1, len(df) + 1)}"


def write_workbook(tables: list[tuple[str, pd.DataFrame, str, str]], out_path: Path) -> Path:
    """Write ``[(name, frame, description, source), ...]`` to one workbook with an index sheet."""
    wb = Workbook()
    index = wb.active
    index.title = "index"
    used = {"index"}
    rows = []
    for name, df, description, source in tables:
        title = _sheet_title(name, used)
        _write_frame(wb.create_sheet(title), df)
        rows.append(
            {
                "sheet": title,
                "table": name,
                "description": description,
                "source": source,
                "rows": len(df),
                "columns": len(df.columns),
            }
        )
    _write_frame(index, pd.DataFrame(rows, columns=["sheet", "table", "description", "source", "rows", "columns"]))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    _make_reproducible(tmp)
    tmp.replace(out_path)
    return out_path


_FIXED_TIME = "2000-01-01T00:00:00Z"


def _make_reproducible(path: Path) -> None:
    """Same tables, same bytes: fixed document dates in docProps/core.xml and fixed zip entry times."""
    with zipfile.ZipFile(path) as zin:
        entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_TIME.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def write_report_workbook(tables_dir: Path | None = None, out_path: Path | None = None) -> Path:
    """Collect every table saved with :func:`analysis.save_table` into ``reports/pci_tables.xlsx``."""
    metas = list_tables(tables_dir)
    tables = [
        (
            m["name"],
            pd.read_csv(m["path"], dtype=str, keep_default_na=False).apply(_restore_numbers),
            m["description"],
            m["source"],
        )
        for m in metas
    ]
    out = Path(out_path) if out_path is not None else paths.reports_dir() / "pci_tables.xlsx"
    return write_workbook(tables, out)


def _restore_numbers(col: pd.Series) -> pd.Series:
    """CSV columns that are wholly numeric (blanks allowed) become numbers again; others stay text."""
    nonblank = col[col != ""]
    num = pd.to_numeric(nonblank, errors="coerce")
    if len(nonblank) and num.notna().all():
        out = pd.to_numeric(col.replace("", None), errors="coerce")
        if (out.dropna() == out.dropna().round()).all() and not nonblank.str.contains(r"[.eE]").any():
            return out.astype("Int64")
        return out
    return col
