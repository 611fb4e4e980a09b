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

from .pci_common import (RANK_PUBLISHED, SourceRefused, candidates_frame, check_indicator, check_score, check_year,
                     decimals_of, methodology, parse_float, parse_rank, resolve)

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
            raise SourceRefused(f"missing column(s) {', '.join(missing)} (header: {reader.fieldnames})",
                                file=path, where="line 1")
        rows = []
        for r in reader:
            line = reader.line_num
            where = f"line {line}"
            url = (r.get("url") or "").strip()
            if not url:
                raise SourceRefused("no URL: every value must name the page it was transcribed from",
                                    file=path, where=where)
            prov = resolve(r["province_vi"], path, where)
            year = check_year(r["year"], path, where)
            ind = check_indicator(r["indicator"], path, where)
            score = parse_float(r["score"], path, where)
            rank = parse_rank(r["rank"], path, where)
            if pd.isna(score) and pd.isna(rank):
                raise SourceRefused("neither a score nor a rank", file=path, where=where)
            if not pd.isna(score):
                check_score(score, ind, path, where)
            rows.append(dict(year=year, province=prov.name, province_code=prov.code, indicator=ind, score=score,
                             rank=rank, rank_kind=RANK_PUBLISHED if not pd.isna(rank) else "", tier="",
                             source_kind=kind, source_file=path.name, source_locator=where, source_url=url,
                             rank_locator=where if not pd.isna(rank) else "", methodology=methodology(year),
                             score_decimals=decimals_of(r["score"]) if r["score"].strip() else float("nan"),
                             order=order))
    return candidates_frame(rows)
