"""Provenance: readable source lines for figures and tables, from the panel's provenance columns.

Every panel row carries ``source_kind`` (``catalog_data/source_kinds.csv``), ``source_file``,
``source_locator`` (Excel cell "Summary_VN!W13", CSV line, Stata variable and observation, seed
appendix and line), ``source_url`` and ``rank_locator``. These helpers turn a slice of the panel
into the "Nguồn/Source" line that :func:`analysis.save_figure` prints, naming each kind, e.g.
"VCCI PCI workbooks PCI_2013.xlsx–PCI_2019.xlsx; PCI 2020–2022: research panel
(pci_composite_panel_2016_2022.dta); pcivietnam.vn pages 2020–2022 (…); PCI 2023 composite derived
by this project from the 2023 sub-indices (PCI_2023_subindices.xlsx, weights 2022-)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from analysis.data.catalog import period_label

_WORKBOOK_NAME = re.compile(r"PCI_(\d{4})\.xlsx?$")
SEED_002 = "002_0b651ac042bb2fe9.txt"


def files_of(rows: pd.DataFrame) -> list[str]:
    """The distinct source files of ``rows`` (their ``source_file`` column)."""
    if "source_file" in rows.columns:
        return sorted(set(rows["source_file"].astype(str)) - {""})
    return []


def years_text(ys: Iterable[int]) -> str:
    """'2013–2018' for a run of years, '2005, 2007' otherwise."""
    ys = sorted(set(int(y) for y in ys))
    if not ys:
        return ""
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(str(y) for y in ys)


def _kind(rows: pd.DataFrame) -> pd.Series:
    return (
        rows["source_kind"].astype(str)
        if "source_kind" in rows.columns
        else pd.Series("official_workbook", index=rows.index)
    )


def _workbooks_text(files: list[str]) -> list[str]:
    named = sorted(f for f in files if _WORKBOOK_NAME.match(f))
    parts = []
    if named:
        years = sorted(int(_WORKBOOK_NAME.match(f).group(1)) for f in named)
        consecutive = years == list(range(years[0], years[-1] + 1)) and len(set(years)) == len(named)
        if len(named) > 2 and consecutive:
            parts.append(f"VCCI PCI workbooks {named[0]}–{named[-1]}")
        else:
            parts.append("VCCI PCI workbooks " + ", ".join(named))
    for f in sorted(set(files) - set(named)):
        parts.append(f"VCCI-format workbook {f}")
    return parts


def _seed_text(f: str) -> str:
    if f.startswith("002_"):
        return f"Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03 ({f})"
    return f


def _other_kinds(rows: pd.DataFrame, kinds: pd.Series) -> list[str]:
    parts = []
    for kind, label in (
        ("research_panel", "research panel"),
        ("official_page", "pcivietnam.vn pages"),
        ("press", "press and provincial portals"),
    ):
        g = rows[kinds == kind]
        if len(g):
            parts.append(f"PCI {years_text(g['year'])}: {label} ({', '.join(files_of(g))})")
    g = rows[kinds == "derived"]
    if len(g):
        parts.append(
            f"PCI {years_text(g['year'])} composite derived by this project from the "
            f"{years_text(g['year'])} sub-indices ({', '.join(files_of(g))}, weights "
            f"{', '.join(period_label(m, 'en') for m in sorted(set(g['methodology'].astype(str))))})"
            if "methodology" in g
            else ""
        )
    g = rows[kinds == "aggregated"]
    if len(g):
        parts.append(f"PCI {years_text(g['year'])}: aggregated to the 2025 units by this project")
    return [p for p in parts if p]


def source_line(rows: pd.DataFrame) -> str:
    """A readable source line naming the files behind ``rows`` (a slice of the panel), by source kind.

    Workbook files are collapsed into a range ("VCCI PCI workbooks PCI_2013.xlsx–PCI_2018.xlsx");
    seed 002 is named as the decision it is ("Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03");
    research panel, official pages, press and derived values are named with their kind.
    """
    kinds = _kind(rows)
    parts = _workbooks_text(files_of(rows[kinds == "official_workbook"]))
    parts += [_seed_text(f) for f in files_of(rows[kinds == "province_document"])]
    parts += _other_kinds(rows, kinds)
    return "; ".join(parts)


def describe_sources(pci: pd.DataFrame | None = None, papi: pd.DataFrame | None = None, regions: bool = False) -> str:
    """A source line naming the files the rows of ``pci`` / ``papi`` come from.

    e.g. "VCCI PCI 2018 (PCI_2018.xlsx); UNDP/CECODES PAPI 2018 (PAPI_2011-2018.xlsx)". Seed
    rows are named by seed file and appendix; other kinds by kind; ``regions`` adds the GSO region
    grouping.
    """
    parts = []
    if pci is not None and len(pci):
        kinds = _kind(pci)
        wb = pci[kinds == "official_workbook"]
        if len(wb):
            names = sorted(files_of(wb), key=lambda f: (f[4:8], f))
            listed = ", ".join(names) if len(names) <= 3 else f"{names[0]} … {names[-1]}, {len(names)} workbooks"
            parts.append(f"VCCI PCI {years_text(wb['year'])} ({listed})")
        seed = pci[kinds == "province_document"]
        for f, g in seed.groupby("source_file"):
            parts.append(f"{', '.join(sorted(g['province'].unique()))} {years_text(g['year'])}: seed {_seed_text(f)}")
        parts += _other_kinds(pci, kinds)
    if papi is not None and len(papi):
        parts.append(papi_sources(papi))
    if regions:
        parts.append("regions: GSO (gso_covariates.xlsx, sheet 2006)")
    return "; ".join(parts)


PAPI_KIND_LABEL = {
    "official_workbook": "UNDP/CECODES PAPI",
    "research_panel": "PAPI, research copy",
    "derived": "PAPI, derived",
}


def papi_sources(papi: pd.DataFrame) -> str:
    """Source text for PAPI rows from their ``source_kind`` / ``source_file`` columns.

    e.g. "UNDP/CECODES PAPI 2011–2019 (PAPI_2011-2019.xlsx); PAPI, research copy 2020–2024
    (sub-dimensions-2011-2024)".
    """
    parts = []
    for kind in ("official_workbook", "research_panel", "derived"):
        g = papi[papi["source_kind"] == kind]
        if len(g):
            files = sorted({str(f).split("/")[0] for f in g["source_file"]})
            parts.append(f"{PAPI_KIND_LABEL[kind]} {years_text(g['year'])} ({', '.join(files)})")
    return "; ".join(parts)


def agreement_totals(agreement: pd.DataFrame) -> dict[str, int]:
    """{'compared': n, 'agree': n, 'disagree': n} over the whole agreement table (``data/source_agreement.csv``)."""
    n = int(agreement["n_compared"].sum()) if len(agreement) else 0
    a = int(agreement["n_agree"].sum()) if len(agreement) else 0
    return {"compared": n, "agree": a, "disagree": n - a}


# A line of a file ("…txt, Phụ lục 01, line 1064", "pci_press_2024.csv lines 24-25") in Vietnamese: a seed document,
# a transcription or a CSV is cited by its line in every source line, locator and table cell
_LINES_VI = [
    (re.compile(r"\blines? (\d+)\s*[–-]\s*(\d+)"), r"dòng \1–\2"),
    (re.compile(r"\blines (\d+)"), r"dòng \1"),
    (re.compile(r"\bline (\d+)"), r"dòng \1"),
]

# The English phrases of the source lines above and their Vietnamese: a Vietnamese page or figure shows
# the source line in Vietnamese (file names, cells and years stay as they are).
_SOURCE_VI = [
    (
        re.compile(
            r"PCI ([\d–, ]+) composite derived by this project from the ([\d–, ]+) sub-indices \((.*?), "
            r"weights ([^)]*)\)"
        ),
        r"PCI \1: điểm tổng hợp do dự án tính từ các chỉ số thành phần \2 (\3, trọng số \4)",
    ),
    (re.compile(r"VCCI PCI workbooks "), "bảng số liệu PCI của VCCI "),
    (re.compile(r"VCCI-format workbook "), "tệp theo mẫu của VCCI "),
    (re.compile(r": research panel \("), ": bộ dữ liệu nghiên cứu ("),
    (re.compile(r": pcivietnam\.vn pages \("), ": trang pcivietnam.vn ("),
    (re.compile(r": press and provincial portals \("), ": báo chí và cổng thông tin của tỉnh ("),
    (re.compile(r": aggregated to the 2025 units by this project"), ": dự án gộp theo các đơn vị năm 2025"),
    (re.compile(r"(\d) workbooks\)"), r"\1 tệp)"),
    (re.compile(r": seed "), ": tài liệu gốc "),
    (re.compile(r"; aggregated to the 34 units of "), "; gộp theo 34 đơn vị của "),
    (re.compile(r"\), weights: population (\d{4}), (\S+) sheet "), r"), trọng số: dân số \1, \2 trang "),
    (re.compile(r"regions: GSO \(gso_covariates\.xlsx, sheet 2006\)"), "vùng: GSO (gso_covariates.xlsx, trang 2006)"),
    (re.compile(r"PAPI, research copy "), "PAPI, bản nghiên cứu "),
    (re.compile(r"PAPI, derived "), "PAPI, do dự án tính "),
    (re.compile(r"; targets: "), "; mục tiêu: "),  # the seed files of the targets a figure shows (page 03, brief)
    (re.compile(r"(trọng số [\d–, ]*?)(\d{4}) onward\b"), r"\1từ \2"),  # the open weighting period (period_label)
    *_LINES_VI,
]


# The places a panel row's number was read from (``source_locator``, ``rank_locator``) in Vietnamese: file names,
# sheet names and cells stay as they are (:func:`locator_text`)
_LOCATOR_VI = [
    (re.compile(r"\(order column; the composite is sorted by it\)"), "(cột thứ tự; điểm tổng hợp xếp theo cột này)"),
    (re.compile(r"computed from the scores of the same sheet"), "tính từ điểm của cùng trang tính"),
    (
        re.compile(r"computed from variable (\w+) \(all (\d+) provinces of the year\)"),
        r"tính từ biến \1 (cả \2 tỉnh của năm)",
    ),
    (
        re.compile(r"order of the derived composites of (\d+) provinces"),
        r"thứ tự các điểm tổng hợp do dự án tính của \1 tỉnh",
    ),
    (re.compile(r"Σ weight × sub-index of (.+?) \(weights "), r"Σ trọng số × chỉ số thành phần ở \1 (trọng số "),
    (re.compile(r"variable (\w+), observation (\d+)"), r"biến \1, quan sát \2"),
    *_LINES_VI,
    (re.compile(r"\bsheet '([^']+)', cell (\w+)"), r"trang tính '\1', ô \2"),  # the PAPI workbooks' cells
    (re.compile(r"\bcolumns (\S+)"), r"cột \1"),
    (re.compile(r"\bcolumn (\S+)"), r"cột \1"),
    (re.compile(r"\(sum of (\d+) dimensions\)"), r"(tổng \1 lĩnh vực)"),
    (re.compile(r"\(sum\)"), "(tổng)"),
    (re.compile(r"\[press\]"), "[báo chí]"),
    (re.compile(r"^members "), "các tỉnh thành viên "),
]


# The weighting periods as stored (catalog_data/weights.csv: "2013-2021", the open "2022-"; a list of them) after
# "weights" / "trọng số"
_PERIOD = r"\d{4}(?:-\d{4}|-)?"
_WEIGHTS_PERIODS = re.compile(rf"\b(weights|trọng số) ({_PERIOD}(?:, {_PERIOD})*)(?=[),;.\s]|$)")


def _periods_read(text: str, lang: str) -> str:
    """The weighting periods of a locator as a reader reads them: 'trọng số từ 2022' / 'weights 2013–2021, 2022 onward'."""
    lang = "en" if lang == "en" else "vi"
    word = "weights" if lang == "en" else "trọng số"
    return _WEIGHTS_PERIODS.sub(lambda m: f"{word} {', '.join(period_label(p, lang) for p in m[2].split(', '))}", text)


def locator_text(text: str, lang: str = "en") -> str:
    """A panel row's ``source_locator`` / ``rank_locator`` in ``lang``: Vietnamese for ``vi`` and ``both``."""
    if lang != "en":
        for rx, vi in _LOCATOR_VI:
            text = rx.sub(vi, text)
    return _periods_read(text, lang)


def source_text(line: str, lang: str = "en") -> str:
    """A source line of this module (:func:`source_line`, :func:`describe_sources`, :func:`papi_sources`) in
    ``lang``: Vietnamese for ``vi`` and ``both`` (whose figures are Vietnamese), unchanged for ``en``."""
    if lang == "en":
        return line
    for rx, vi in _SOURCE_VI:
        line = rx.sub(vi, line)
    return line
