"""PAPI data tables 2015–2023 (``papi-more/data-tables-2015-2023/*.xlsm``): copies of the official tables.

Research repository HungNT1st/CS571_Project; kind ``research_panel`` (copies, not the publisher's
files). Macro-enabled workbooks are read **as values only** through :class:`analysis.ingest.workbooks.Workbook`
(python-calamine, which has no VBA engine; its openpyxl fallback opens with ``keep_vba=False``
defaults and ``data_only=True``); the ``vbaProject.bin`` part is never opened and no macro runs.

A *data-table sheet* is recognised by content: a row near the top with 60 or more cells that
resolve to provinces (provinces as columns). Label rows are found by their text (Vietnamese or
English): the weighted total ("có trọng số" / "Weighted PAPI Score") with its 95% CI and standard
error, the unweighted total ("không có trọng số" / "Unweighted") with its CI, and the eight
dimensions ("Chỉ số nội dung k" / "Dimension k"). Other sheets (the ``_Process`` sheets, 2015–2017
with provinces as rows) are listed as not read.

**Duplicated sheets, by content.** Every data-table sheet is fingerprinted by its non-integer
numeric cells; two sheets sharing 90% or more of them are copies whatever their names. Each
sheet's year is then identified from its content — the year whose reference values (official
workbook, sub-dimension panel) its dimension scores match — and a sheet whose content is another
year's data is refused *as that year's data* and reported (rule ``papi_duplicate_sheet``). With
no reference for a group of copies the first sheet is kept and the others refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.store import sha256_file
from analysis.ingest.common import (
    DIMENSION_ORDER,
    PROVENANCE,
    RESEARCH,
    TOLERANCE,
    TOTAL_UNWEIGHTED,
    TOTAL_WEIGHTED,
    PapiSourceError,
    sheet_cell,
)
from analysis.ingest.validate import src
from analysis.ingest.workbooks import Workbook, resolve

FOLDER = "data-tables-2015-2023"
FIRST_YEAR, LAST_YEAR = 2015, 2023
DUPLICATE_SHARE = 0.9
_YEAR_NAME = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_DIM = re.compile(r"(?:Chỉ số nội dung|Dimension)\s*(\d)\b", re.I)
TOTAL_COLUMNS = ["province", "province_code", "year", "measure", "score", "ci_low", "ci_high", "std_error", *PROVENANCE]


@dataclass
class SheetData:
    file: str
    sheet: str
    name_year: int | None
    rows: pd.DataFrame  # dimension + total rows (papi.csv columns)
    totals: pd.DataFrame  # TOTAL_COLUMNS
    fingerprint: frozenset


@dataclass
class DataTables:
    sheets: list[SheetData]  # kept as their year's data
    refused: list[SheetData]
    notes: list[dict]
    files: list[dict]


def _label(row: list) -> str:
    return " | ".join(str(x) for x in row[:3] if isinstance(x, str))


def _kind(label: str) -> tuple[str, str] | None:
    """(measure, statistic) for a total row, ('dimension k', '') for a dimension row, else None."""
    low = label.lower()
    if re.search(r"phương sai|variance", low):
        return None
    weighted = None
    if "không có trọng số" in low or "unweighted" in low:
        weighted = False
    elif "có trọng số" in low or re.search(r"\bweighted papi|papi 95% ci|papi standard error", low):
        weighted = True
    if weighted is not None:
        if "tối thiểu" in low or "ci low" in low:
            stat = "ci_low"
        elif "tối đa" in low or "ci high" in low:
            stat = "ci_high"
        elif "sai số" in low or "standard error" in low:
            stat = "std_error"
        else:
            stat = "score"
        return (TOTAL_WEIGHTED if weighted else TOTAL_UNWEIGHTED, stat)
    m = _DIM.search(label)
    if m and 1 <= int(m.group(1)) <= 8 and not re.search(r"\d\.\d", label.split("|")[0]):
        return (DIMENSION_ORDER[int(m.group(1)) - 1], "")
    return None


def _province_columns(rows: list[list]) -> tuple[int, dict[int, object]] | None:
    best = None
    for r, row in enumerate(rows[:4]):
        found = {}
        for c, v in enumerate(row):
            if isinstance(v, str) and v.strip() and not any(ch.isdigit() for ch in v):
                p = resolve(v.strip())
                if not isinstance(p, Exception):
                    found[c] = p
        if len(found) >= 60 and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best


def _check_header(wb: Workbook, sheet: str, rows: list[list], hdr: int, provs: dict[int, object]) -> None:
    """Every header cell right of the first province must be a province, each one once."""
    first = min(provs)
    seen: dict[str, int] = {}
    for c in range(first, len(rows[hdr])):
        v = rows[hdr][c]
        if c not in provs:
            if isinstance(v, str) and v.strip():
                raise PapiSourceError(
                    f"{v!r} is not a known province (a column of the provinces row)",
                    file=wb.path,
                    where=sheet_cell(sheet, hdr, c),
                )
            continue
        code = provs[c].code
        if code in seen:
            raise PapiSourceError(
                f"{provs[c].name} listed twice (also {sheet_cell(sheet, hdr, seen[code])})",
                file=wb.path,
                where=sheet_cell(sheet, hdr, c),
            )
        seen[code] = c


def _fingerprint(rows: list[list], cols: set[int]) -> frozenset:
    out = set()
    cols = list(cols)
    for row in rows:
        n = len(row)
        for c in cols:
            if c < n:
                v = row[c]
                if isinstance(v, float) and not float(v).is_integer():
                    out.add(round(v, 9))
    return frozenset(out)


def _read_sheet(wb: Workbook, sheet: str) -> SheetData | None:
    rows = wb.rows(sheet)
    found = _province_columns(rows)
    if found is None:
        return None
    hdr, provs = found
    _check_header(wb, sheet, rows, hdr, provs)
    m = _YEAR_NAME.match(sheet)
    name_year = int(m.group(1)) if m else None
    recs, tot = [], {}
    seen = set()
    for r in range(hdr + 1, len(rows)):
        k = _kind(_label(rows[r]))
        if k is None:
            continue
        code, stat = k
        if (code, stat) in seen:
            continue  # first occurrence wins (the headline rows come first)
        seen.add((code, stat))
        for c, prov in provs.items():
            v = rows[r][c] if c < len(rows[r]) else ""
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                continue  # blank (e.g. 2022 weighted rows): no data
            loc = sheet_cell(sheet, r, c)
            if stat == "":
                recs.append(
                    dict(
                        province=prov.name,
                        province_code=prov.code,
                        year=name_year,
                        dimension=code,
                        level="dimension",
                        score=float(v),
                        source_kind=RESEARCH,
                        source_file=f"{FOLDER}/{wb.name}",
                        source_locator=loc,
                        source_url="",
                    )
                )
            else:
                t = tot.setdefault(
                    (code, prov.code),
                    dict(
                        province=prov.name,
                        province_code=prov.code,
                        year=name_year,
                        measure=code,
                        score=None,
                        ci_low=None,
                        ci_high=None,
                        std_error=None,
                        source_kind=RESEARCH,
                        source_file=f"{FOLDER}/{wb.name}",
                        source_locator="",
                        source_url="",
                    ),
                )
                t[stat] = float(v)
                if stat == "score":
                    t["source_locator"] = loc
    totals = pd.DataFrame([t for t in tot.values() if t["score"] is not None], columns=TOTAL_COLUMNS)
    dims = pd.DataFrame(recs, columns=["province", "province_code", "year", "dimension", "level", "score", *PROVENANCE])
    return SheetData(wb.name, sheet, name_year, dims, totals, _fingerprint(rows, set(provs)))


def identify_year(sheet: SheetData, reference: pd.DataFrame) -> tuple[int | None, int, int]:
    """(year, matches, compared): the reference year whose dimension scores this sheet's scores equal.

    ``reference``: province_code, year, dimension, score (official workbook and sub-dimension panel).
    """
    if reference is None or not len(reference) or not len(sheet.rows):
        return None, 0, 0
    s = sheet.rows[["province_code", "dimension", "score"]]
    m = s.merge(
        reference[["province_code", "year", "dimension", "score"]],
        on=["province_code", "dimension"],
        suffixes=("", "_ref"),
    )
    if not len(m):
        return None, 0, 0
    m["ok"] = (m["score"] - m["score_ref"]).abs() <= TOLERANCE
    g = m.groupby("year")["ok"].agg(["sum", "size"])
    g["share"] = g["sum"] / g["size"]
    best = g.sort_values(["share", "sum"], ascending=False).iloc[0]
    year = int(g.sort_values(["share", "sum"], ascending=False).index[0])
    if best["share"] < 0.9:
        return None, int(best["sum"]), int(best["size"])
    return year, int(best["sum"]), int(best["size"])


def read_data_tables(
    folder: str | Path, reference: pd.DataFrame | None = None, *, max_bytes: int | None = None
) -> DataTables:
    """Read every .xlsm/.xlsx in ``folder``; refuse copies of another year (see module docstring)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: the PAPI data-table folder is missing")
    kept, refused, notes, files = [], [], [], []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsm", ".xlsx") and p.is_file()):
        wb = Workbook(path, max_bytes=max_bytes)
        try:
            sheets, skipped = [], []
            for s in wb.sheet_names:
                d = _read_sheet(wb, s)
                (sheets if d is not None else skipped).append(d if d is not None else s)
            readers = sorted({wb.readers.get(s, "?") for s in wb.sheet_names if s in wb.readers})
        finally:
            wb.close()
        for d in sheets:
            if d.name_year is None or not FIRST_YEAR <= d.name_year <= LAST_YEAR:
                raise PapiSourceError(
                    f"sheet name does not state a year of this edition ({FIRST_YEAR}–{LAST_YEAR})",
                    file=path,
                    where=f"sheet '{d.sheet}'",
                )
        # groups of copies, by content
        groups: list[list[SheetData]] = []
        for d in sheets:
            for g in groups:
                a, b = g[0].fingerprint, d.fingerprint
                if a and b and len(a & b) / min(len(a), len(b)) >= DUPLICATE_SHARE:
                    g.append(d)
                    break
            else:
                groups.append([d])
        # identify_year of each sheet of this file, computed once; keyed on the sheet object, as `kept`
        # holds the sheets of the files read before this one too (two files may share sheet names)
        year_of: dict[int, tuple[int | None, int, int]] = {}
        for g in groups:
            ids = {id(d): identify_year(d, reference) for d in g}
            year_of.update(ids)
            content_year = next((y for y, _, _ in ids.values() if y is not None), None)
            for i, d in enumerate(g):
                y, ok, n = ids[id(d)]
                other = [o.sheet for o in g if o is not d]
                keep = (d.name_year == content_year) if content_year is not None else (i == 0)
                if keep:
                    kept.append(d)
                    continue
                refused.append(d)
                same = ""
                if other:
                    a = d.fingerprint
                    b = max((o.fingerprint for o in g if o is not d), key=lambda f: len(a & f))
                    same = (
                        f"its numeric content duplicates sheet(s) {', '.join(repr(o) for o in other)} "
                        f"({len(a & b):,} of {len(a):,} non-integer values identical); "
                    )
                why = (
                    f"its dimension scores equal the {content_year} reference values ({ok} of {n} within {TOLERANCE})"
                    if content_year is not None and y is not None
                    else "no reference identifies its year; the first sheet of the group is kept"
                )
                notes.append(
                    dict(
                        year=d.name_year,
                        province="",
                        rule="papi_duplicate_sheet",
                        severity="warning",
                        detail=f"sheet '{d.sheet}' refused as {d.name_year} data: {same}{why}",
                        source=src(RESEARCH, path.name, d.sheet),
                    )
                )
        # a single sheet of this file whose content is another year's (no copy in the file); the sheets
        # kept from earlier files were checked with their own file
        for d in [k for k in kept if id(k) in year_of]:
            y, ok, n = year_of[id(d)]
            if y is not None and y != d.name_year:
                kept.remove(d)
                refused.append(d)
                notes.append(
                    dict(
                        year=d.name_year,
                        province="",
                        rule="papi_duplicate_sheet",
                        severity="warning",
                        detail=f"sheet '{d.sheet}' refused as {d.name_year} data: its dimension scores equal "
                        f"the {y} reference values ({ok} of {n})",
                        source=src(RESEARCH, path.name, d.sheet),
                    )
                )
        if skipped:
            notes.append(
                dict(
                    year=pd.NA,
                    province="",
                    rule="papi_sheets_not_read",
                    severity="info",
                    detail=f"not read (no row of provinces as columns): {', '.join(skipped)}",
                    source=src(RESEARCH, path.name),
                )
            )
        files.append(
            dict(
                file=path.name,
                location=f"shared/data/papi-more/{FOLDER}/{path.name}",
                sha256=sha256_file(path),
                role="papi data tables",
                year=pd.NA,
                layout="provinces as columns (values only; macros never run)",
                sheets_read="; ".join(d.sheet for d in sheets if d in kept),
                rows_read=sum(len(d.totals) for d in sheets if d in kept),
                reader="; ".join(readers),
            )
        )
    return DataTables(kept, refused, notes, files)
