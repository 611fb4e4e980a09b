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

from .pci_common import (RANK_PUBLISHED, SourceRefused, candidates_frame, check_indicator, check_score, check_year,
                     decimals_of, methodology, parse_float, parse_rank, resolve)

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
            prov = resolve(r["province_vi"], path, where)
            year = check_year(r["year"], path, where)
            ind = check_indicator(r["indicator"], path, where)
            score = parse_float(r["score"], path, where)
            rank = parse_rank(r["rank"], path, where)
            if pd.isna(score) and pd.isna(rank):
                raise SourceRefused("neither a score nor a rank", file=path, where=where)
            if not pd.isna(score):
                check_score(score, ind, path, where)
            loc = f"{where} ({outlet})"
            rows.append(dict(year=year, province=prov.name, province_code=prov.code, indicator=ind, score=score,
                             rank=rank, rank_kind=RANK_PUBLISHED if not pd.isna(rank) else "", tier="",
                             source_kind=KIND, source_file=path.name, source_locator=loc, source_url="",
                             rank_locator=loc if not pd.isna(rank) else "", methodology=methodology(year),
                             score_decimals=decimals_of(r["score"]) if r["score"].strip() else float("nan"),
                             order=order))
    return candidates_frame(rows)
