"""The press tables of PCI figures (``press/pci_press_2022_2023.csv``, ``press/pci_press_2024.csv``), kind ``press``.

Columns: year, province_vi, indicator, score, rank, source (outlet and article, or the article's URL), note. No
URL column: the outlet is the reference, so a row without ``source`` is refused; a ``source`` that is a URL
becomes the row's ``source_url``. Locator = CSV line. From PCI 2023 only the top 30 were published: these rows
are what the 2023 derivation is checked against (:mod:`analysis.ingest.derive`).

Rows whose indicator is a published fact that is not a panel cell (``catalog_data/fact_indicators.csv``: the
national median ``pci_median`` of province "Cả nước", a rank within the region ``pci_region_rank``) are not
candidates: :func:`read_press_facts` returns them as tidy facts for ``data/pci_facts.csv``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from analysis.data import catalog
from analysis.ingest.pci_common import (
    SourceRefused,
    candidates_frame,
    check_year,
    parse_float,
    parse_rank,
    published_value_row,
    resolve,
)

KIND = "press"
REQUIRED = ("year", "province_vi", "indicator", "score", "rank", "source")
FACT_COLUMNS = [
    "year",
    "scope",
    "region",
    "province",
    "province_code",
    "indicator",
    "score",
    "rank",
    "of_n",
    "source_kind",
    "source_file",
    "source_locator",
    "source_url",
    "quote",
]
NATIONAL = {"cả nước", "ca nuoc", "national", "vietnam", "việt nam"}


def _outlet_url(outlet: str) -> str:
    return outlet if outlet.startswith(("http://", "https://")) else ""


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
        facts = set(catalog.fact_indicators())
        for r in reader:
            where = f"line {reader.line_num}"
            outlet = (r.get("source") or "").strip()
            if not outlet:
                raise SourceRefused(
                    "no outlet in 'source': every press figure must name where it was published", file=path, where=where
                )
            if (r.get("indicator") or "").strip() in facts:
                continue  # not a panel cell: read_press_facts
            url = _outlet_url(outlet)
            rows.append(
                published_value_row(
                    r,
                    path,
                    where,
                    kind=KIND,
                    locator=where if url else f"{where} ({outlet})",
                    url=url,
                    order=order,
                    earlier_ok=True,
                )
            )
    return candidates_frame(rows)


def read_press_facts(path: str | Path) -> pd.DataFrame:
    """The rows of a press table that are published facts but not panel cells (national median, region rank),
    one tidy fact a row with its provenance (columns :data:`FACT_COLUMNS`). A region rank names its province
    and carries ``of_n``, the provinces of that GSO region in the catalogue."""
    path = Path(path)
    if not path.is_file():
        raise SourceRefused("file not found", file=path)
    kinds = catalog.load_fact_indicators().set_index("indicator")
    rows = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        for r in reader:
            ind = (r.get("indicator") or "").strip()
            if ind not in kinds.index:
                continue
            where = f"line {reader.line_num}"
            year = check_year(r["year"], path, where, earlier_ok=True)
            score, rank = parse_float(r["score"], path, where), parse_rank(r["rank"], path, where)
            want = kinds.loc[ind, "unit"]
            if (want == "score" and pd.isna(score)) or (want == "rank" and pd.isna(rank)):
                raise SourceRefused(f"{ind} needs a {want}", file=path, where=where)
            name = (r["province_vi"] or "").strip()
            scope = kinds.loc[ind, "scope"]
            region = province = code = ""
            of_n = pd.NA
            if scope == "national":
                if catalog.normalise_name(name) not in {catalog.normalise_name(n) for n in NATIONAL}:
                    raise SourceRefused(f"{ind} is a national fact, not one of {name!r}", file=path, where=where)
            else:
                prov = resolve(name, path, where, year)
                province, code, region = prov.name, prov.code, prov.region
                provs = catalog.load_provinces()
                if year < 2025:  # the 63-province map: the region's provinces in the catalogue
                    of_n = int(((provs["region"] == region) & provs["last_year"].isna()).sum())
                if not pd.isna(of_n) and not pd.isna(rank) and int(rank) > int(of_n):
                    raise SourceRefused(
                        f"region rank {rank} beyond the {of_n} provinces of {region}", file=path, where=where
                    )
            outlet = r["source"].strip()
            rows.append(
                dict(
                    year=year,
                    scope=scope,
                    region=region,
                    province=province,
                    province_code=code,
                    indicator=ind,
                    score=score,
                    rank=rank,
                    of_n=of_n,
                    source_kind=KIND,
                    source_file=path.name,
                    source_locator=where,
                    source_url=_outlet_url(outlet) or "",
                    quote=(r.get("note") or "").strip() or outlet,
                )
            )
    df = pd.DataFrame(rows, columns=FACT_COLUMNS)
    df["rank"] = pd.array(df["rank"], dtype="Int64")
    df["of_n"] = pd.array(df["of_n"], dtype="Int64")
    return df
