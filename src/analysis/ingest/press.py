"""The press table of PCI 2022–2023 figures (``press/pci_press_2022_2023.csv``), kind ``press``.

Columns: year, province_vi, indicator, score, rank, source (outlet and article), note. No URL
column: the outlet is the reference, so a row without ``source`` is refused. Locator = CSV line.
From PCI 2023 only the top 30 were published: these rows are what the 2023 derivation is checked
against (:mod:`analysis.ingest.derive`).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from analysis.ingest.pci_common import SourceRefused, candidates_frame, published_value_row

KIND = "press"
REQUIRED = ("year", "province_vi", "indicator", "score", "rank", "source")


def read_press_table(path: str | Path, order: int = 0) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise SourceRefused("file not found", file=path)
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceRefused(f"missing column(s) {', '.join(missing)}", file=path, where="line 1")
        rows = []
        for r in reader:
            where = f"line {reader.line_num}"
            outlet = (r.get("source") or "").strip()
            if not outlet:
                raise SourceRefused("no outlet in 'source': every press figure must name where it was published",
                                    file=path, where=where)
            rows.append(published_value_row(r, path, where, kind=KIND, locator=f"{where} ({outlet})", url="",
                                            order=order))
    return candidates_frame(rows)
