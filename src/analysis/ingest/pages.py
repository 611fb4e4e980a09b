"""Value tables transcribed from web pages, one value per CSV line with its URL.

* ``pci-pages/pcivietnam_values_2006_2022.csv`` — the official website's pages (kind ``official_page``);
* ``pci-pages/secondary_nonofficial_2019_2022.csv`` — provincial portals and press (kind ``press``).

Columns: province_vi, year, indicator, score, rank, url (and an optional note). Locator = the CSV
line (line 1 is the header); ``source_url`` = the row's URL; a row without URL, an unknown province
or indicator, a year outside the edition the file name states, or a score out of range is refused
with the file and line. Names in NFD or short forms (BRVT, TP.HCM, TT-Huế) are resolved.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from analysis.ingest.pci_common import SourceRefused, candidates_frame, published_value_row

REQUIRED = ("province_vi", "year", "indicator", "score", "rank", "url")


def read_page_table(path: str | Path, kind: str, order: int = 0) -> pd.DataFrame:
    """Candidate rows of one page-transcription CSV (``kind``: 'official_page' or 'press')."""
    path = Path(path)
    if not path.is_file():
        raise SourceRefused("file not found", file=path)
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceRefused(
                f"missing column(s) {', '.join(missing)} (header: {reader.fieldnames})", file=path, where="line 1"
            )
        rows = []
        for r in reader:
            line = reader.line_num
            where = f"line {line}"
            url = (r.get("url") or "").strip()
            if not url:
                raise SourceRefused(
                    "no URL: every value must name the page it was transcribed from", file=path, where=where
                )
            rows.append(published_value_row(r, path, where, kind=kind, locator=where, url=url, order=order))
    return candidates_frame(rows)
