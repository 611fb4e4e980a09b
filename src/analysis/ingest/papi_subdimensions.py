"""The PAPI sub-dimension panel 2011–2024 (research repository hnks-gh/ml-mcdm, MIT; data UNDP/CECODES).

Folder ``papi-more/sub-dimensions-2011-2024/``: one CSV per year (``2011.csv`` … ``2024.csv``),
header ``Province,SC11,…,SC83``, one row per province code ``P01``…``P63``; the codebook
(``codebook/codebook_provinces.csv``, ``codebook/codebook_subcriteria.csv``) names the province of
each P-code and the dimension (C01…C08) of each sub-dimension column. The files carry **no**
dimension or total columns: a dimension score is the sum of its sub-dimensions, the unweighted
PAPI total the sum of the dimensions (6 in 2011–2017, 8 from 2018).

Traps handled here (``../shared/data/SOURCES.md``):

* whole rows blank (2021 Quảng Ninh, Bắc Giang, Bắc Ninh; 2023 Quảng Ninh, Bình Dương; 2024
  Vĩnh Phúc, Tiền Giang): no data — no row is written and a finding says so; never 0;
* a sub-dimension column blank in **every** row of a year (SC52 from 2021, SC24 and SC71–SC83
  before 2018, SC83 in 2018) is not part of that year's scheme: the dimension is the sum of the
  sub-dimensions the year has. A blank cell among a year's columns makes that dimension (and the
  total) missing for the province;
* shifted columns before 2018: the codebook names the 2018+ scheme (transparency SC21 access to
  information, SC22 poverty lists, SC23 communal budget, SC24 land-use plans), but the earlier
  files keep the three earlier transparency sub-dimensions in SC21–SC23 and leave SC24 blank.
  :func:`subdimension_map` detects this **from the content** (which columns of a dimension are
  blank throughout) and maps the columns to the right sub-dimension codes; the check against the
  official workbook (:func:`analysis.ingest.papi_build`) confirms the mapping value by value.

Refused with file and location (``PapiSourceError``; nothing is written): a province code the
codebook does not know, a file whose year lies outside the edition (2011–2024), a duplicate
province, a header that is not the codebook's columns, a score that is not a number in 0–10.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.store import sha256_file
from analysis.ingest.common import DIMENSION_ORDER, PROVENANCE, RESEARCH, TOTAL_UNWEIGHTED, PapiSourceError
from analysis.ingest.validate import src
from analysis.ingest.workbooks import resolve

FOLDER = "sub-dimensions-2011-2024"
FIRST_YEAR, LAST_YEAR = 2011, 2024  # the years this edition of the panel covers
_FILE_YEAR = re.compile(r"^(\d{4})\.csv$")
CRITERIA = {  # codebook C-codes -> dimension codes of papi.csv
    "C01": "participation_at_local_levels",
    "C02": "transparency",
    "C03": "vertical_accountability",
    "C04": "control_of_corruption",
    "C05": "public_administrative_procedures",
    "C06": "public_service_delivery",
    "C07": "environmental_governance",
    "C08": "e_governance",
}
# sub-dimension codes of the official workbook for the codebook's (2018+) columns
SUBDIMENSIONS_2018 = {
    "SC11": "civic_knowledge",
    "SC12": "opportunities_for_participation",
    "SC13": "quality_of_local_elections",
    "SC14": "voluntary_contributions",
    "SC21": "access_to_information",
    "SC22": "poverty_lists",
    "SC23": "communal_budget_and_expenditure",
    "SC24": "land_use_plans_price_frames",
    "SC31": "interactions_with_local_authorities",
    "SC32": "local_governments_response_to_citizens_appeals",
    "SC33": "access_to_justice_services",
    "SC41": "limits_on_public_sector_corruption",
    "SC42": "limits_on_corruption_in_service_delivery",
    "SC43": "equity_in_employment",
    "SC44": "willingness_to_fight_corruption",
    "SC51": "certification_procedures",
    "SC52": "construction_permits",
    "SC53": "land_use_rights_procedures",
    "SC54": "personal_procedures",
    "SC61": "public_health",
    "SC62": "public_primary_education",
    "SC63": "basic_infrastructure",
    "SC64": "law_and_order",
    "SC71": "seriousness_in_environment_protection",
    "SC72": "quality_of_air",
    "SC73": "quality_of_water",
    "SC81": "access_to_e_government_portals",
    "SC82": "access_to_the_internet",
    "SC83": "e_reponsiveness",
}
# the three-item transparency scheme of 2011–2017, held in SC21–SC23 when SC24 is blank throughout
TRANSPARENCY_3 = {
    "SC21": "poverty_lists",
    "SC22": "communal_budget_and_expenditure",
    "SC23": "land_use_plans_price_frames",
}
COLUMNS = ["province", "province_code", "year", "dimension", "level", "score", *PROVENANCE]


@dataclass
class SubdimensionPanel:
    rows: pd.DataFrame  # dimensions + the unweighted total (research_panel)
    subdimensions: pd.DataFrame  # province_code, year, column, dimension (mapped code), parent, score, locator
    notes: list[dict]
    files: list[dict]  # sources.csv rows
    mapping: dict[int, dict[str, str]] = field(default_factory=dict)  # year -> column -> sub-dimension code


def _codebook(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    cb = folder / "codebook"
    provinces, parents = {}, {}
    for name, target in (("codebook_provinces.csv", provinces), ("codebook_subcriteria.csv", parents)):
        path = cb / name
        if not path.exists():
            raise PapiSourceError("codebook file missing", file=path)
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for i, rec in enumerate(csv.DictReader(fh), start=2):
                code = (rec.get("Variable_Code") or "").strip()
                if target is provinces:
                    target[code] = (rec.get("Variable_Name") or "").strip()
                else:
                    crit = (rec.get("Criteria_Code") or "").strip()
                    if crit not in CRITERIA:
                        raise PapiSourceError(f"unknown criterion {crit!r} for {code}", file=path, where=f"line {i}")
                    target[code] = CRITERIA[crit]
    return provinces, parents


def subdimension_map(columns: list[str], blank_throughout: set[str], year: int) -> dict[str, str]:
    """Column -> sub-dimension code for one year's file, decided by which columns are blank throughout.

    The transparency dimension of the 2011–2017 files has three sub-dimensions held in SC21–SC23
    with SC24 blank in every row (the codebook's SC21 "access to information" did not exist yet);
    the 2018+ files fill SC21–SC24. Any other layout of SC21–SC24 is refused, as is a transparency
    layout that contradicts the year (the three-item scheme in 2018 or later).
    """
    mapping = {c: SUBDIMENSIONS_2018[c] for c in columns if c in SUBDIMENSIONS_2018 and c not in blank_throughout}
    t = [c for c in ("SC21", "SC22", "SC23", "SC24") if c in columns]
    filled = [c for c in t if c not in blank_throughout]
    if filled == ["SC21", "SC22", "SC23"]:
        if year >= 2018:
            raise ValueError(
                f"SC24 blank in every row but SC21–SC23 filled: the 2011–2017 three-item "
                f"transparency layout, which a {year} file cannot have"
            )
        mapping.update(TRANSPARENCY_3)  # shifted: the three earlier sub-dimensions sit in SC21–SC23
    elif filled and filled != ["SC21", "SC22", "SC23", "SC24"]:
        raise ValueError(
            f"transparency columns {filled} filled: neither the 3-item (2011–2017) nor the 4-item (2018+) scheme"
        )
    if year <= 2017 and year >= FIRST_YEAR:
        # before 2018 vertical accountability had other sub-dimensions in SC32/SC33; their names are
        # checked against the official workbook, so keep neutral codes rather than the 2018+ names
        for c in ("SC32", "SC33"):
            if c in mapping:
                mapping[c] = f"vertical_accountability_{c[-1]}"
        if "SC13" in mapping:
            mapping["SC13"] = "quality_of_elections"
    return mapping


def _num(v: str):
    v = v.strip()
    if v == "" or v.upper() in ("NA", "NAN"):
        return None
    try:
        x = float(v)
    except ValueError:
        return v
    return None if math.isnan(x) else x


def read_subdimension_panel(folder: str | Path) -> SubdimensionPanel:
    """Read every ``YYYY.csv`` of the panel folder; see the module docstring for the rules."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: the PAPI sub-dimension panel folder is missing")
    pcodes, parents = _codebook(folder)
    records, subs, notes, files, mappings = [], [], [], [], {}
    csvs = sorted(p for p in folder.glob("*.csv") if p.is_file())
    for path in csvs:
        m = _FILE_YEAR.match(path.name)
        if not m:
            raise PapiSourceError("file name is not a year (expected YYYY.csv)", file=path)
        year = int(m.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PapiSourceError(
                f"year {year} lies outside this edition of the panel ({FIRST_YEAR}–{LAST_YEAR})",
                file=path,
                where="file name",
            )
        with open(path, encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
        if not table:
            raise PapiSourceError("empty file", file=path)
        header = [h.strip() for h in table[0]]
        if header[0] != "Province" or any(h not in parents for h in header[1:]):
            bad = next((h for h in header[1:] if h not in parents), header[0])
            raise PapiSourceError(
                f"header {bad!r} is not a codebook column (expected Province, SC11…SC83)", file=path, where="line 1"
            )
        cols = header[1:]
        values: dict[str, tuple[int, list]] = {}
        for line, rec in enumerate(table[1:], start=2):
            if not rec or all(not x.strip() for x in rec):
                continue
            code = rec[0].strip()
            if code not in pcodes:
                raise PapiSourceError(
                    f"province code {code!r} is not in codebook_provinces.csv (P01…P63)",
                    file=path,
                    where=f"line {line}, column Province",
                )
            if code in values:
                raise PapiSourceError(
                    f"province {code} listed twice (also line {values[code][0]})", file=path, where=f"line {line}"
                )
            vals = [_num(rec[i + 1]) if i + 1 < len(rec) else None for i in range(len(cols))]
            for c, v in zip(cols, vals):
                if isinstance(v, str) or (v is not None and not 0 <= v <= 10):
                    raise PapiSourceError(
                        f"{c} = {v!r} is not a score in 0–10", file=path, where=f"line {line}, column {c}"
                    )
            values[code] = (line, vals)
        blank = {c for i, c in enumerate(cols) if all(v[1][i] is None for v in values.values())}
        try:
            mapping = subdimension_map(cols, blank, year)
        except ValueError as exc:
            raise PapiSourceError(str(exc), file=path, where="columns SC21–SC24") from None
        mappings[year] = mapping
        dims = [d for d in DIMENSION_ORDER if any(parents[c] == d for c in mapping)]
        for code, (line, vals) in sorted(values.items()):
            prov = resolve(pcodes[code])
            if isinstance(prov, Exception):
                raise PapiSourceError(
                    f"codebook name {pcodes[code]!r} of {code} is not a known province", file=path, where=f"line {line}"
                )
            if all(v is None for v in vals):
                notes.append(
                    dict(
                        year=year,
                        province=prov.name,
                        rule="papi_panel_blank_row",
                        severity="info",
                        detail=f"whole row blank in the sub-dimension panel ({code}): no data, not 0",
                        source=src(RESEARCH, f"{FOLDER}/{path.name}", f"line {line}"),
                    )
                )
                continue
            by = dict(zip(cols, vals))
            dim_scores = {}
            for d in dims:
                dc = [c for c in cols if c in mapping and parents[c] == d]
                missing = [c for c in dc if by[c] is None]
                for c in dc:
                    if by[c] is not None:
                        subs.append(
                            dict(
                                province_code=prov.code,
                                year=year,
                                column=c,
                                dimension=mapping[c],
                                parent=d,
                                score=by[c],
                                source_locator=f"line {line}, column {c}",
                            )
                        )
                if missing:
                    notes.append(
                        dict(
                            year=year,
                            province=prov.name,
                            rule="papi_panel_blank_cells",
                            severity="info",
                            detail=f"{d}: {', '.join(missing)} blank; dimension not computed (no data)",
                            source=src(RESEARCH, f"{FOLDER}/{path.name}", f"line {line}"),
                        )
                    )
                    continue
                dim_scores[d] = (sum(by[c] for c in dc), f"line {line}, columns {dc[0]}–{dc[-1]} (sum)")
            for d, (score, loc) in dim_scores.items():
                records.append(
                    dict(
                        province=prov.name,
                        province_code=prov.code,
                        year=year,
                        dimension=d,
                        level="dimension",
                        score=round(score, 9),
                        source_kind=RESEARCH,
                        source_file=f"{FOLDER}/{path.name}",
                        source_locator=loc,
                        source_url="",
                    )
                )
            if len(dim_scores) == len(dims):
                records.append(
                    dict(
                        province=prov.name,
                        province_code=prov.code,
                        year=year,
                        dimension=TOTAL_UNWEIGHTED,
                        level="total",
                        score=round(sum(s for s, _ in dim_scores.values()), 9),
                        source_kind=RESEARCH,
                        source_file=f"{FOLDER}/{path.name}",
                        source_locator=f"line {line}, columns {cols[0]}–{cols[-1]} (sum of {len(dims)} dimensions)",
                        source_url="",
                    )
                )
        files.append(
            dict(
                file=path.name,
                location=f"shared/data/papi-more/{FOLDER}/{path.name}",
                sha256=sha256_file(path),
                role="papi research panel",
                year=year,
                layout="CSV, one row per province (P-code), columns SC11…SC83",
                sheets_read="",
                rows_read=len(values),
                reader="csv",
            )
        )
    if not csvs:
        raise PapiSourceError("no YYYY.csv files", file=folder)
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    sub = pd.DataFrame.from_records(
        subs, columns=["province_code", "year", "column", "dimension", "parent", "score", "source_locator"]
    )
    return SubdimensionPanel(df, sub, notes, files, mappings)
