"""Report tables: each notebook saves its tables here; the report collects them into Excel.

``save_table(df, name, description=..., source=...)`` writes ``reports/tables/<name>.csv``
and a small ``<name>.meta.json`` (description and sources) that
:func:`analysis.outputs.excel.write_report_workbook` uses for the workbook's index sheet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.core.store import csv_bytes
from analysis.data.catalog import INDICATORS, indicator_label

_NAME_OK = re.compile(r"^[A-Za-z0-9_-]+$")


def save_table(df: pd.DataFrame, name: str, *, description: str, source: str, directory: Path | None = None) -> Path:
    """Write a report table as CSV (UTF-8) with its description and sources; return the CSV path."""
    if not _NAME_OK.match(name):
        raise ValueError(f"table name {name!r}: use letters, digits, '-' and '_' only")
    if not description or not source:
        raise ValueError(f"table {name!r} needs a description and a source")
    out = Path(directory) if directory is not None else paths.tables_dir()
    out.mkdir(parents=True, exist_ok=True)
    csv = out / f"{name}.csv"
    csv.write_bytes(csv_bytes(df))
    meta = {
        "name": name,
        "description": description,
        "source": source,
        "columns": [str(c) for c in df.columns],
        "rows": int(len(df)),
    }
    (out / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return csv


def list_tables(directory: Path | None = None) -> list[dict]:
    """Metadata of every saved table, sorted by name."""
    d = Path(directory) if directory is not None else paths.tables_dir()
    metas = []
    for m in sorted(d.glob("*.meta.json")):
        meta = json.loads(m.read_text(encoding="utf-8"))
        meta["path"] = str(m.with_name(meta["name"] + ".csv"))
        metas.append(meta)
    return metas


def labelled(df: pd.DataFrame, columns: list[str], lang: str = "vi", column: str = "indicator") -> pd.DataFrame:
    """``df[columns]`` for display, with the indicator codes in ``column`` shown as their labels in ``lang``
    (``catalog.indicator_label``); any other value ("residual", "weight_change") is kept as it is."""
    names = df[column].map(lambda c: indicator_label(c, lang) if c in INDICATORS else c)
    return df.assign(**{column: names})[columns]
