"""Import a PAPI provincial results workbook (UNDP / CECODES): 2011–2018 or 2011–2019.

``PAPI_2011-2018.xlsx`` / ``PAPI_2011-2019.xlsx`` have one sheet per year (``2011_PAPI`` … ``2018_PAPI``): row 0 English
headers, row 1 Vietnamese headers, then one row per province (``tinhid``, ``tentinh_eng``,
``tentinh_vie``, then dimension and sub-dimension scores), then a ``Highest`` row.
Each dimension column is followed by its sub-dimensions. 2011–2017 have six dimensions and an
unweighted total; 2018 has eight dimensions (environmental governance and e-governance are new)
and no total column.

Output: rows (province, province_code, year, dimension, dimension_vi, level, score, source_kind,
source_file, source_locator, source_url) with ``source_kind = "official_workbook"`` and the
locator in Excel terms ("sheet '2011_PAPI', cell D3"); ``papi_dimensions.csv`` — one row per code
with its level, parent dimension, the years it is published and ``new_in_2018``. How these rows
are combined with the research sources into ``papi.csv`` / ``papi_subdimensions.csv`` /
``papi_totals.csv`` is :mod:`analysis.ingest.papi_build`. The reader also reads
``PAPI_2011-2019.xlsx`` (same layout, one more sheet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.catalog import normalise_name
from analysis.ingest.common import located, sheet_cell
from analysis.ingest.validate import src
from analysis.ingest.workbooks import (
    DuplicateProvinceError,
    MissingScoreError,
    ProvinceCountError,
    ScoreOutOfRangeError,
    UnknownProvinceInWorkbookError,
    UnrecognisedLayoutError,
    Workbook,
    resolve,
)

PAPI_FILE = "PAPI_2011-2019.xlsx"  # the current edition; PAPI_2011-2018.xlsx is compared with it
EXPECTED_PROVINCES = 63
# the PAPI dimensions (English names as in the workbook headers)
DIMENSIONS = {
    "participation at local levels": "participation_at_local_levels",
    "transparency": "transparency",
    "vertical accountability": "vertical_accountability",
    "control of corruption": "control_of_corruption",
    "public administrative procedures": "public_administrative_procedures",
    "public service delivery": "public_service_delivery",
    "environmental governance": "environmental_governance",
    "e governance": "e_governance",
}
PAPI_COLUMNS = [
    "province",
    "province_code",
    "year",
    "dimension",
    "dimension_vi",
    "level",
    "score",
    "source_kind",
    "source_file",
    "source_locator",
    "source_url",
]
DIMENSION_COLUMNS = [
    "dimension",
    "name_en",
    "name_vi",
    "level",
    "parent",
    "first_year",
    "last_year",
    "years_published",
    "new_in_2018",
]
_SHEET_YEAR = re.compile(r"^((?:19|20)\d\d)_PAPI$", re.I)


def dimension_code(name_en: str) -> str:
    """snake_case English code: 'Local Government’s Response to Citizens’ Appeals' -> 'local_governments_response_...'."""
    s = re.sub(r"['’`]", "", str(name_en)).lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    if s == "un_weighted2015papi" or ("papi" in s and "weighted" in s):
        return "papi_total_unweighted"
    return s


def _key(name_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(name_en).lower()).strip()


@dataclass
class PapiImport:
    scores: pd.DataFrame  # every level; split with main_rows() / sub_dimension_rows()
    dimensions: pd.DataFrame
    file: str
    sha256: str
    sheets_read: list[str]
    rows_read: int
    readers: list[str]
    notes: list[dict]

    def main_rows(self) -> pd.DataFrame:
        """Dimensions and the total (``papi.csv``)."""
        return self.scores[self.scores["level"] != "sub_dimension"].reset_index(drop=True)

    def sub_dimension_rows(self) -> pd.DataFrame:
        """Sub-dimensions (``papi_subdimensions.csv``)."""
        return self.scores[self.scores["level"] == "sub_dimension"].reset_index(drop=True)


def read_papi(path: str | Path, *, max_bytes: int | None = None) -> PapiImport:
    wb = Workbook(path, max_bytes=max_bytes)
    try:
        return _read(wb)
    finally:
        wb.close()


def _read(wb: Workbook) -> PapiImport:
    sheets = [(int(m.group(1)), s) for s in wb.sheet_names if (m := _SHEET_YEAR.match(s.strip()))]
    if not sheets:
        raise UnrecognisedLayoutError(f"no sheet named like '2011_PAPI'; found sheets {wb.sheet_names}", file=wb.path)
    records = []
    blanks: dict[tuple, list[str]] = {}
    rows_read = 0
    for year, sheet in sorted(sheets):
        rows = wb.rows(sheet)
        if len(rows) < 3 or normalise_name(rows[0][0] if rows[0] else "") != "tinhid":
            raise UnrecognisedLayoutError(
                "expected English headers in row 0 starting 'tinhid', 'tentinh_eng', 'tentinh_vie' and Vietnamese "
                f"headers in row 1; found {rows[0][:4] if rows else 'an empty sheet'}",
                file=wb.path,
                sheet=sheet,
            )
        en, vi = rows[0], rows[1]
        cols = []
        parent = ""
        for c in range(3, len(en)):
            name = str(en[c]).strip()
            if not name:
                continue
            code = dimension_code(name)
            if code == "papi_total_unweighted":
                level, par = "total", ""
            elif _key(name) in DIMENSIONS:
                code = DIMENSIONS[_key(name)]
                level, par = "dimension", ""
                parent = code
            else:
                level, par = "sub_dimension", parent
            vname = str(vi[c]).strip() if c < len(vi) else ""
            cols.append((c, code, name, vname, level, par))
        seen: dict[str, int] = {}
        r = 2
        while len(seen) < EXPECTED_PROVINCES:
            row = rows[r] if r < len(rows) else []
            name = (row[2] if len(row) > 2 else "") or (row[1] if len(row) > 1 else "")
            if not isinstance(name, str) or not name.strip() or normalise_name(name) in ("highest", "diemcaonhat"):
                raise located(
                    ProvinceCountError,
                    f"expected {EXPECTED_PROVINCES} provinces, found {len(seen)}",
                    wb.path,
                    sheet_cell(sheet, r, 2),
                )
            prov = resolve(name.strip())
            if isinstance(prov, Exception):
                raise located(
                    UnknownProvinceInWorkbookError,
                    f"unknown province {name!r}",
                    wb.path,
                    sheet_cell(sheet, r, 2),
                    name=name,
                    suggestions=list(prov.suggestions),
                )
            if prov.code in seen:
                raise located(
                    DuplicateProvinceError,
                    f"{prov.name} listed twice (also row {seen[prov.code] + 1})",
                    wb.path,
                    sheet_cell(sheet, r, 2),
                )
            seen[prov.code] = r
            for c, code, name_en, name_vi, level, par in cols:
                v = row[c] if c < len(row) else ""
                if v == "":  # published blank (e.g. 2014 Bắc Giang, Đồng Tháp): absent, never 0
                    blanks.setdefault((year, sheet, prov.name, r), []).append(code)
                    continue
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise located(
                        MissingScoreError, f"no score for {code} (found {v!r})", wb.path, sheet_cell(sheet, r, c)
                    )
                hi = 80.0 if level == "total" else 10.0
                if not 0 <= float(v) <= hi:
                    raise located(
                        ScoreOutOfRangeError, f"{code} score {v!r} outside 0–{hi:g}", wb.path, sheet_cell(sheet, r, c)
                    )
                records.append(
                    dict(
                        province=prov.name,
                        province_code=prov.code,
                        year=year,
                        dimension=code,
                        dimension_vi=name_vi,
                        level=level,
                        parent=par,
                        score=float(v),
                        source_kind="official_workbook",
                        source_file=wb.name,
                        source_locator=sheet_cell(sheet, r, c),
                        source_url="",
                        name_en=name_en,
                    )
                )
            r += 1
        rows_read += len(seen)
    df = pd.DataFrame.from_records(records)
    dims = _dimension_table(df)
    df = df[PAPI_COLUMNS].sort_values(["year", "province_code", "dimension"], kind="mergesort")
    order = {d: i for i, d in enumerate(dims["dimension"])}
    df = df.assign(_o=df["dimension"].map(order)).sort_values(["year", "province_code", "_o"], kind="mergesort")
    df = df.drop(columns="_o").reset_index(drop=True)
    readers = sorted({wb.readers.get(s, "?") for _, s in sheets})
    notes = [
        dict(
            year=y,
            province=p,
            rule="papi_blank_cells",
            severity="info",
            detail=f"{len(codes)} blank cells published (no score, not 0): {', '.join(codes)}",
            source=src("official_workbook", wb.name, f"{sh}!{r + 1}:{r + 1}"),
        )
        for (y, sh, p, r), codes in blanks.items()
    ]
    return PapiImport(df, dims, wb.name, wb.sha256, [s for _, s in sorted(sheets)], rows_read, readers, notes)


def _dimension_table(df: pd.DataFrame) -> pd.DataFrame:
    first = df.groupby("dimension")["year"].min()
    last = df.groupby("dimension")["year"].max()
    years = df.groupby("dimension")["year"].agg(lambda s: " ".join(str(y) for y in sorted(set(s))))
    latest = df.sort_values("year").drop_duplicates("dimension", keep="last").set_index("dimension")
    # order: as the columns appear in the latest sheet holding them, dimensions with their sub-dimensions
    order = []
    for y in sorted(df["year"].unique(), reverse=True):
        sub = df[(df["year"] == y)].drop_duplicates("dimension")
        for d in sub["dimension"]:
            if d not in order:
                order.append(d)
    parents = latest["parent"]
    ordered = []
    dims = [d for d in order if latest.loc[d, "level"] == "dimension"]
    for d in dims:
        ordered.append(d)
        ordered += [s for s in order if parents[s] == d and latest.loc[s, "level"] == "sub_dimension"]
    ordered += [d for d in order if d not in ordered]
    out = pd.DataFrame(
        {
            "dimension": ordered,
            "name_en": [latest.loc[d, "name_en"] for d in ordered],
            "name_vi": [latest.loc[d, "dimension_vi"] for d in ordered],
            "level": [latest.loc[d, "level"] for d in ordered],
            "parent": [latest.loc[d, "parent"] for d in ordered],
            "first_year": [int(first[d]) for d in ordered],
            "last_year": [int(last[d]) for d in ordered],
            "years_published": [years[d] for d in ordered],
        }
    )
    out["new_in_2018"] = out["first_year"].eq(2018)
    return out[DIMENSION_COLUMNS]
