"""Provenance: the file a panel row comes from, and readable source lines for figures and tables.

Every panel row's ``source`` starts with its file (``"PCI_2016.xlsx | Summary_VN | row 12 | col 21"``
or ``"002_0b651ac042bb2fe9.txt, Phụ lục 03, line 1471"``); these helpers turn a slice of the
panel into the "Nguồn/Source" line that :func:`analysis.save_figure` prints.
"""
from __future__ import annotations

import re
from typing import Iterable

import pandas as pd


def source_file(source: str) -> str:
    """The file named at the start of a ``source`` text."""
    return re.split(r"\s*[|,;]\s*", str(source).strip())[0]


def years_text(ys: Iterable[int]) -> str:
    """'2013–2018' for a run of years, '2005, 2007' otherwise."""
    ys = sorted(set(int(y) for y in ys))
    if not ys:
        return ""
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(str(y) for y in ys)


def source_line(rows: pd.DataFrame) -> str:
    """A readable source line naming the files behind ``rows`` (a slice of the panel).

    Workbook files are collapsed into a range ("VCCI PCI workbooks PCI_2013.xlsx–PCI_2018.xlsx");
    seed 002 is named as the decision it is ("Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03").
    """
    files: set[str] = set()
    for s in rows["source"].dropna().astype(str):
        if s:
            files.add(source_file(s))
    workbooks = sorted(f for f in files if re.match(r"PCI_\d{4}", f))
    others = sorted(f for f in files if f not in workbooks)
    parts = []
    if workbooks:
        years = sorted(int(re.match(r"PCI_(\d{4})", f).group(1)) for f in workbooks)
        consecutive = years == list(range(years[0], years[-1] + 1)) and len(set(years)) == len(workbooks)
        if len(workbooks) > 2 and consecutive:
            parts.append(f"VCCI PCI workbooks {workbooks[0]}–{workbooks[-1]}")
        else:
            parts.append("VCCI PCI workbooks " + ", ".join(workbooks))
    for f in others:
        if f.startswith("002_"):
            parts.append(f"Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03 ({f})")
        else:
            parts.append(f)
    return "; ".join(parts)


def describe_sources(pci: pd.DataFrame | None = None, papi: pd.DataFrame | None = None,
                     regions: bool = False) -> str:
    """A source line naming the files the rows of ``pci`` / ``papi`` come from.

    e.g. "VCCI PCI 2018 (PCI_2018.xlsx); UNDP/CECODES PAPI 2018 (PAPI_2011-2018.xlsx)". Seed
    rows are named by seed file and appendix; ``regions`` adds the GSO region grouping.
    """
    parts = []
    if pci is not None and len(pci):
        files = pci.assign(_f=pci["source"].map(source_file))
        wb = files[files.get("source_kind", "workbook") != "seed"] if "source_kind" in files else files
        if len(wb):
            names = sorted(wb["_f"].unique(), key=lambda f: (f[4:8], f))
            listed = ", ".join(names) if len(names) <= 3 else f"{names[0]} … {names[-1]}, {len(names)} workbooks"
            parts.append(f"VCCI PCI {years_text(wb['year'])} ({listed})")
        if "source_kind" in files:
            seed = files[files["source_kind"] == "seed"]
            for f, g in seed.groupby("_f"):
                where = {str(s).split(",")[1].strip() for s in g["source"] if len(str(s).split(",")) > 1}
                label = f"{f}, {', '.join(sorted(where))}" if where else f
                parts.append(f"{', '.join(sorted(g['province'].unique()))} {years_text(g['year'])}: seed {label}")
    if papi is not None and len(papi):
        parts.append(papi_sources(papi))
    if regions:
        parts.append("regions: GSO (gso_covariates.xlsx, sheet 2006)")
    return "; ".join(parts)


PAPI_KIND_LABEL = {"official_workbook": "UNDP/CECODES PAPI", "research_panel": "PAPI, research copy",
                   "derived": "PAPI, derived"}


def papi_sources(papi: pd.DataFrame) -> str:
    """Source text for PAPI rows from their ``source_kind`` / ``source_file`` columns.

    e.g. "UNDP/CECODES PAPI 2011–2019 (PAPI_2011-2019.xlsx); PAPI, research copy 2020–2024
    (sub-dimensions-2011-2024)". Older tables with a free-text ``source`` column still work.
    """
    if "source_kind" not in papi.columns:
        names = sorted(papi["source"].map(source_file).unique())
        return f"UNDP/CECODES PAPI {years_text(papi['year'])} ({', '.join(names)})"
    parts = []
    for kind in ("official_workbook", "research_panel", "derived"):
        g = papi[papi["source_kind"] == kind]
        if len(g):
            files = sorted({str(f).split("/")[0] for f in g["source_file"]})
            parts.append(f"{PAPI_KIND_LABEL[kind]} {years_text(g['year'])} ({', '.join(files)})")
    return "; ".join(parts)
