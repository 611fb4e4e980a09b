"""Build ``data/`` from every source under ``../shared``; add one year at a time.

``import_all()`` rebuilds every table from ``../shared``:

* ``provinces.csv`` (:func:`.province_source.build_provinces`),
* ``pci_panel.csv`` — one row per province × year × indicator: the VCCI workbooks (2005–2019 and
  the 2023 sub-indices), the pcivietnam.vn pages, the research panel, the seed transcription and
  the press, one value kept per cell by source kind (:mod:`.precedence`), the 2023 composite
  derived (:mod:`.derive`); ``source_comparisons.csv`` and ``source_agreement.csv`` beside it,
* ``validation_findings.csv`` (:mod:`.validate`; provenance in ``source_*`` / ``other_*``
  columns), ``sources.csv`` (every input file with its sha256, sheets and rows read, layout),
* the PAPI tables (:mod:`.papi_build`), the seed tables (:mod:`.seeds`) and the 34-unit map
  tables (:mod:`analysis.data.maps`).

``import_workbook(path)`` validates one new workbook against the existing panel before
anything under ``data/`` changes, refuses a year already present unless ``replace=True``,
and returns a readable summary. Every write goes through ``store.data_lock`` +
``store.write_tables`` (atomic: on any error nothing under ``data/`` changes) and the output
has no timestamps, so importing the same inputs twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import paths, store
from analysis.core.ranking import rank_desc_by, rank_desc_last_by  # the one ranking function and its tie span
from analysis.data import catalog, loaders, maps
from analysis.data.catalog import COMPOSITE, INDICATORS
from analysis.data.provenance import agreement_totals
from analysis.ingest import derive as derive_mod
from analysis.ingest import map34, precedence, seeds
from analysis.ingest.derive import DerivationRefused
from analysis.ingest.edition_identity import (
    YearContradictionError,
    check_not_another_year,
    duplicate_editions,
    identify_year,
)
from analysis.ingest.fact_checks import fact_findings
from analysis.ingest.fingerprint import FINGERPRINTS_TABLE, fingerprints
from analysis.ingest.import_context import SOURCE_COLUMNS, sources_frame
from analysis.ingest.import_context import catalogue_at as _catalogue_at
from analysis.ingest.papi_build import PapiBuild, build_papi
from analysis.ingest.pci_common import CANDIDATE_COLUMNS, SourceRefused, decimals_of
from analysis.ingest.province_source import build_provinces
from analysis.ingest.sources import SOURCES, read_facts
from analysis.ingest.validate import (
    PARSE_RULES,
    ValidationFailed,
    finding,
    findings_frame,
    has_errors,
    src,
    summarise,
    validate_panel,
)
from analysis.ingest.workbooks import (
    ParsedWorkbook,
    WorkbookError,
    YearUnknownError,
    cell_ref,
    column_letter,
    read_workbook,
    year_in_file_name,
)
from analysis.ingest.year_check import confirmation, read_with_year_check

WORKBOOK_KIND = "official_workbook"
SEED_KIND = "province_document"
PRECEDENCE = catalog.source_precedence()  # catalog_data/source_kinds.csv, highest first
# first wins where several give a province × year × indicator (catalog_data/source_kinds.csv, column tier)
RANK_PUBLISHED = "published"
RANK_COMPUTED = "computed from scores"
PANEL_COLUMNS = loaders.PANEL_COLUMNS
SEED_PCI_TABLE = "seed_pci_laichau.csv"
WORKBOOK_SUFFIXES = (".xls", ".xlsx")


class YearAlreadyPresentError(ValueError):
    """import-workbook for a year the panel already has, without ``replace``."""


class ImportRefused(ValueError):
    """import-all found files it refuses; ``refusals`` holds one line per refused file (nothing written)."""

    def __init__(self, refusals: list[str]):
        self.refusals = refusals
        super().__init__(
            f"{len(refusals)} source(s) refused; nothing was written (pass --skip-refused to import "
            "the others and record the refusals as findings):\n" + "\n".join(f"  {r}" for r in refusals)
        )


@dataclass
class ImportResult:
    tables: dict[str, str]  # name -> sha256 of what was written
    panel: pd.DataFrame
    findings: pd.DataFrame
    summary: str
    parsed: list[ParsedWorkbook] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers
# --------------------------------------------------------------------------- the 2025 map (issue 15)
def _on_edition_map(parsed: list[ParsedWorkbook], province_maps) -> list[ParsedWorkbook]:
    """The one place an edition meets the map of its year (:mod:`analysis.data.maps`): from 2025 the provinces become
    the 34 units (merged units get new codes, so no old series is extended); an edition mixing the maps is
    refused (:class:`analysis.ingest.map34.MixedMapError`, naming the names that do not fit)."""
    return [
        dataclasses.replace(p, records=map34.place_edition(province_maps, p.records, p.year, p.file)) for p in parsed
    ]


def _map_tables(panel: pd.DataFrame, province_maps) -> dict[str, pd.DataFrame]:
    """``province_units_2025.csv`` and the 34-unit history ``pci_panel_34.csv`` rebuilt from ``panel``."""
    return {maps.UNITS_TABLE: province_maps.units, maps.PANEL_34_TABLE: maps.build_panel_34(panel, province_maps)}


def _maps_for(d: Path, provinces: pd.DataFrame | None = None):
    """The maps of data folder ``d``; built from ../shared when ``d`` has no membership table yet."""
    try:
        return maps.ProvinceMaps.load(d)
    except FileNotFoundError:
        return map34.build_maps(paths.provinces_source_dir(), provinces)


def _location(path: Path, shared: Path | None) -> str:
    """Path relative to ../shared when inside it (machine-independent), else the bare file name."""
    try:
        if shared is not None:
            return "shared/" + Path(path).resolve().relative_to(Path(shared).resolve()).as_posix()
    except ValueError:
        pass
    return Path(path).name


def discover_workbooks(folder: Path) -> list[Path]:
    """Every .xls/.xlsx in ``folder``, sorted by name (no file-name → layout table)."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file())


def _primary_first(parsed: list[ParsedWorkbook]) -> list[ParsedWorkbook]:
    """For one year: the Vietnamese edition first (the original publication), then others by file name."""
    return sorted(parsed, key=lambda p: (p.language != "vi", p.file))


def workbook_rows(parsed: ParsedWorkbook) -> pd.DataFrame:
    """Panel rows from one parsed workbook: published composite rank, computed sub-index ranks."""
    df = parsed.records.copy()
    df["source_kind"] = WORKBOOK_KIND
    df["source_url"] = ""
    df["rank_kind"] = np.where(df["rank"].notna(), RANK_PUBLISHED, "")
    df = _fill_computed_ranks(df)
    df["methodology"] = catalog.methodology_period(parsed.year)
    return df[PANEL_COLUMNS]


def _fill_computed_ranks(df: pd.DataFrame) -> pd.DataFrame:
    """Rank where none is published: within year × indicator, :func:`rank_desc` (higher score = 1, ties share
    the best rank)."""
    df = df.copy()
    computed = rank_desc_by(df["score"], [df["year"], df["indicator"]])
    need = df["rank"].isna()
    df["rank"] = pd.array(df["rank"], dtype="Int64")
    df.loc[need, "rank"] = computed[need].astype("int64")
    df.loc[need, "rank_kind"] = RANK_COMPUTED
    df.loc[need, "rank_locator"] = "computed from the scores of the same sheet"
    return df


def seed_rows(seed: pd.DataFrame | None) -> pd.DataFrame:
    """Seed table (``seed_pci_laichau.csv`` schema) as panel rows; ranks are those the seed publishes."""
    if seed is None or seed.empty:
        return pd.DataFrame(columns=PANEL_COLUMNS)
    s = seed[seed["indicator"].isin(INDICATORS)].copy()
    s["year"] = s["year"].astype(int)
    s["province_code"] = s["province_code"].astype(str).str.zfill(2)
    s["score"] = s["score"].astype(float)
    s["rank"] = pd.array(s["rank"] if "rank" in s.columns else pd.NA, dtype="Int64")
    s["rank_kind"] = np.where(s["rank"].notna(), RANK_PUBLISHED, "")
    s["tier"] = ""
    s["source_kind"] = SEED_KIND
    s["source_url"] = ""
    s["methodology"] = [catalog.methodology_period(int(y)) for y in s["year"]]
    for c in ("source_file", "source_locator", "rank_locator"):
        s[c] = s[c].fillna("").astype(str)
    return s[PANEL_COLUMNS]


def merge_with_precedence(workbook: pd.DataFrame, seed: pd.DataFrame) -> pd.DataFrame:
    """One row per province × year × indicator; the highest kind wins (:data:`PRECEDENCE`).

    Used by ``import-workbook`` (one new year against the committed panel); ``import-all`` keeps one
    value per field and compares every other source (:mod:`analysis.ingest.precedence`).
    """
    both = pd.concat([d for d in (workbook, seed) if not d.empty], ignore_index=True)
    if both.empty:
        return pd.DataFrame(columns=PANEL_COLUMNS)
    both["_p"] = both["source_kind"].map({k: i for i, k in enumerate(PRECEDENCE)})
    both = both.sort_values("_p", kind="mergesort").drop_duplicates(["year", "province_code", "indicator"])
    return sort_panel(both.drop(columns="_p"))


def sort_panel(df: pd.DataFrame) -> pd.DataFrame:
    order = {c: i for i, c in enumerate(INDICATORS)}
    df = df.assign(_i=df["indicator"].map(order)).sort_values(["year", "province_code", "_i"], kind="mergesort")
    df = df.drop(columns="_i").reset_index(drop=True)
    df["year"] = df["year"].astype(int)
    df["rank"] = pd.array(df["rank"], dtype="Int64")
    df["score"] = df["score"].astype(float)
    for c in (
        "province",
        "province_code",
        "indicator",
        "rank_kind",
        "tier",
        "source_kind",
        "source_file",
        "source_locator",
        "source_url",
        "rank_locator",
        "methodology",
    ):
        df[c] = df[c].fillna("").astype(str)
    return df[PANEL_COLUMNS]


def _parse_findings(parsed: ParsedWorkbook) -> list[dict]:
    names = {}
    out = []
    for n in parsed.notes:
        prov = ""
        if n.get("province_code"):
            code = n["province_code"]
            if code not in names:
                hit = parsed.records.loc[parsed.records["province_code"] == code, "province"]
                names[code] = hit.iloc[0] if len(hit) else code
            prov = names[code]
        out.append(
            finding(
                parsed.year,
                prov,
                n.get("indicator", ""),
                n["rule"],
                n["severity"],
                n["detail"],
                src(WORKBOOK_KIND, parsed.file, n.get("sheet", "")),
            )
        )
    return out


def refused_source(exc: Exception) -> dict:
    """A refused file's provenance columns, from the refusal's own attributes (file, sheet, cell, place)."""
    if isinstance(exc, WorkbookError):
        row, col = getattr(exc, "row", None), getattr(exc, "column", None)
        at = (
            cell_ref(row, col)
            if row is not None and col is not None
            else f"{row + 1}:{row + 1}"
            if row is not None
            else f"{column_letter(col)}:{column_letter(col)}"
            if col is not None
            else ""
        )
        sheet = exc.sheet or ""
        return src(WORKBOOK_KIND, exc.file or "", f"{sheet}!{at}" if sheet and at else sheet or at)
    return src(getattr(exc, "kind", ""), getattr(exc, "file", "") or "", getattr(exc, "where", "") or "")


def _cross_edition_findings(primary: ParsedWorkbook, other: ParsedWorkbook) -> list[dict]:
    """Compare two editions of one year (PCI_2013.xlsx vs PCI_2013_en.xlsx)."""
    key = ["province_code", "indicator"]
    a = primary.records.set_index(key)
    b = other.records.set_index(key)
    common = a.index.intersection(b.index)
    diff = (a.loc[common, "score"] - b.loc[common, "score"]).abs()
    rank_a = a.loc[common, "rank"]
    rank_b = b.loc[common, "rank"]
    rank_diff = int(((rank_a != rank_b) & rank_a.notna() & rank_b.notna()).sum())
    only = len(a.index.symmetric_difference(b.index))
    sev = "info" if (diff.max() if len(diff) else 0) <= 1e-9 and rank_diff == 0 and only == 0 else "warning"
    detail = (
        f"{other.file} (not imported; {other.layout}, sheet {', '.join(other.sheets_read)}) compared with "
        f"{primary.file}: {len(common)} common values, largest score difference {diff.max():.3g}, "
        f"{rank_diff} rank differences, {only} values in only one edition"
    )
    return [
        finding(
            primary.year,
            "",
            "",
            "cross_edition",
            sev,
            detail,
            src(WORKBOOK_KIND, primary.file),
            src(WORKBOOK_KIND, other.file),
        )
    ]


def _source_rows_for(parsed: ParsedWorkbook, role: str, shared: Path | None) -> dict:
    return dict(
        file=parsed.file,
        location=_location(parsed.path, shared),
        sha256=parsed.sha256,
        role=role,
        year=parsed.year,
        layout=parsed.layout,
        sheets_read="; ".join(parsed.sheets_read),
        rows_read=parsed.rows_read,
        reader="; ".join(parsed.readers),
    )


def _load_seed_module():
    return seeds if hasattr(seeds, "build_seed_tables") else None


def _rows_from(t: pd.DataFrame, f: Path) -> pd.Series:
    """Rows of a seed table that cite file ``f`` (its ``source_file``)."""
    if "source_file" in t.columns:
        return t["source_file"].astype(str) == f.name
    return pd.Series(False, index=t.index)


def _seed_source_rows(seed_tables: dict[str, pd.DataFrame], seeds_dir: Path, shared: Path) -> list[dict]:
    rows = []
    for f in sorted(Path(seeds_dir).glob("*")):
        if f.is_file() and f.name != "INDEX.md" and any(_rows_from(t, f).any() for t in seed_tables.values()):
            n = sum(int(_rows_from(t, f).sum()) for t in seed_tables.values())
            used = sorted(name for name, t in seed_tables.items() if _rows_from(t, f).any())
            rows.append(
                dict(
                    file=f.name,
                    location=_location(f, shared),
                    sha256=store.sha256_file(f),
                    role="seed document",
                    year=pd.NA,
                    layout="text (analysis.ingest.seeds)",
                    sheets_read="tables: " + "; ".join(used),
                    rows_read=n,
                    reader="analysis.ingest.seeds",
                )
            )
    return rows


# --------------------------------------------------------------------------- import all
@dataclass
class Joined:
    """What :func:`build_panel` returns: the kept panel and everything compared on the way."""

    panel: pd.DataFrame
    notes: list[dict]
    primaries: list[ParsedWorkbook]
    others: list[ParsedWorkbook]
    comparisons: pd.DataFrame
    agreement: pd.DataFrame


def build_panel(
    parsed: list[ParsedWorkbook],
    seed: pd.DataFrame | None = None,
    candidates: list[pd.DataFrame] | None = None,
    derive: bool = True,
) -> Joined:
    """Join the workbooks, the seed table and the other sources' candidates under :data:`PRECEDENCE`.

    Also derives the composite of a workbook year that has sub-indices only (PCI 2023) and checks it
    against every published figure (:mod:`analysis.ingest.derive`; refusal raises ``DerivationRefused``).
    """
    by_year: dict[int, list[ParsedWorkbook]] = {}
    for p in parsed:
        by_year.setdefault(p.year, []).append(p)
    primaries, others, notes = [], [], []
    for year in sorted(by_year):
        eds = _primary_first(by_year[year])
        primaries.append(eds[0])
        notes += _parse_findings(eds[0])
        for o in eds[1:]:
            others.append(o)
            notes += _cross_edition_findings(eds[0], o)
    parts = []
    for p in primaries:
        w = workbook_rows(p)
        w["score_decimals"] = [decimals_of(x) for x in w["score"]]
        w["order"] = 0
        hi = rank_desc_last_by(w["score"], [w["year"], w["indicator"]]).astype(float)
        w["rank_max"] = np.where(w["rank_kind"] == RANK_COMPUTED, hi, np.nan)
        parts.append(w)
    sr = seed_rows(seed)
    if len(sr):
        sr = sr.assign(score_decimals=[decimals_of(x) for x in sr["score"]], order=1, rank_max=np.nan)
        parts.append(sr)
    others_c = [c for c in (candidates or []) if len(c)]
    parts += others_c
    cand = (
        pd.concat([c[CANDIDATE_COLUMNS] for c in parts], ignore_index=True)
        if parts
        else pd.DataFrame(columns=CANDIDATE_COLUMNS)
    )
    if derive and len(cand):
        wb = cand[cand["source_kind"] == WORKBOOK_KIND]
        published = cand[cand["source_kind"] != WORKBOOK_KIND]
        derived, dnotes = derive_mod.derive_composites(wb, published)
        notes += dnotes
        if len(derived):
            cand = pd.concat([cand, derived], ignore_index=True)
        pages = cand[cand["source_kind"] == "official_page"]
        notes += derive_mod.check_weights_on_pages(pages)
    panel, comparisons, agreement, found = precedence.resolve(cand)
    notes += found
    return Joined(sort_panel(panel), notes, primaries, others, comparisons, agreement)


def _read_workbooks(
    files: list[Path], max_bytes: int | None, press: pd.DataFrame | None, refusals: list[Exception], notes: list[dict]
) -> list[ParsedWorkbook]:
    """Read every workbook; a refused one is listed (one line) and does not stop the others."""
    out = []
    for f in files:
        try:
            parsed, note = read_with_year_check(f, press, max_bytes=max_bytes)
        except WorkbookError as exc:
            refusals.append(exc)
            continue
        out.append(parsed)
        if note:
            notes.append(note)
    return out


def _read_other_sources(shared: Path, refusals: list[Exception]) -> tuple[list[pd.DataFrame], list[dict]]:
    cands, src_rows = [], []
    for i, spec in enumerate(SOURCES):
        path = shared / "data" / spec.relpath
        if not path.exists():
            continue
        try:
            c = spec.read(path, 2 + i)
        except SourceRefused as exc:
            exc.kind = spec.kind
            refusals.append(exc)
            continue
        cands.append(c)
        src_rows.append(
            dict(
                file=path.name,
                location=_location(path, shared),
                sha256=store.sha256_file(path),
                role=spec.role,
                year=pd.NA,
                layout=f"{spec.name} (kind {spec.kind})",
                sheets_read="",
                rows_read=len(c),
                reader=spec.read.__module__ if hasattr(spec.read, "__module__") else "analysis.ingest",
            )
        )
    return cands, src_rows


def import_all(
    shared_dir: Path | None = None,
    data_dir: Path | None = None,
    *,
    max_bytes: int | None = None,
    include_seeds: bool = True,
    include_papi: bool = True,
    echo: bool = False,
    workbooks: list[Path] | None = None,
    parsed: list[ParsedWorkbook] | None = None,
    include_sources: bool = True,
    skip_refused: bool = False,
    papi: PapiBuild | None = None,
) -> ImportResult:
    """Rebuild every table under ``data_dir`` from ``shared_dir``; atomic, validated first.

    ``workbooks``: only these PCI workbook files (default: every .xls/.xlsx in
    ``shared/data/pci-workbooks``); ``parsed``: workbooks already read with :func:`read_workbook`
    (tests reuse one parse per session); ``papi``: the PAPI sources already built with
    :func:`.papi_build.build_papi` from the same ``shared_dir`` (tests reuse one build per session; default:
    built here); ``include_sources``: also the research panel, the official
    pages, the secondary table and the press table (:mod:`analysis.ingest.sources`).

    Every file is read even when an earlier one is refused; all refusals are then reported together,
    one line each. By default a refusal means nothing is written (:class:`ImportRefused`): a panel
    silently missing a source would be worse. ``skip_refused=True`` writes the rest and records each
    refusal as a ``source_refused`` finding.
    """
    shared = Path(shared_dir) if shared_dir is not None else paths.shared_dir()
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    pci_dir = shared / "data" / "pci-workbooks"
    if not pci_dir.exists():
        raise FileNotFoundError(f"{pci_dir} not found: import-all needs ../shared (set PCI_SHARED_DIR)")
    prov_dir = shared / "data" / "provinces"
    provinces = build_provinces(prov_dir)
    tables: dict[str, pd.DataFrame] = {"provinces.csv": provinces}
    src_rows: list[dict] = []
    for f in sorted(prov_dir.glob("*")):
        if f.is_file() and f.suffix in (".csv", ".xlsx") and f.name != "province_merger_2025.csv":
            src_rows.append(
                dict(
                    file=f.name,
                    location=_location(f, shared),
                    sha256=store.sha256_file(f),
                    role="provinces",
                    year=pd.NA,
                    layout="csv" if f.suffix == ".csv" else "GSO sheet 2006",
                    sheets_read="" if f.suffix == ".csv" else "2006",
                    rows_read=len(provinces),
                    reader="pandas",
                )
            )
    seed_pci = None
    seeds = _load_seed_module() if include_seeds else None
    if seeds is not None:
        seed_tables = seeds.build_seed_tables(shared / "seeds")
        tables.update(seed_tables)
        seed_pci = seed_tables.get(SEED_PCI_TABLE)
        src_rows += _seed_source_rows(seed_tables, shared / "seeds", shared)
    refusals: list[Exception] = []  # each names its file (and place) in attributes
    read_notes: list[dict] = []
    with _catalogue_at(d, provinces):
        cands, other_src = _read_other_sources(shared, refusals) if include_sources else ([], [])
        src_rows += other_src
        press = (
            pd.concat([c for c in cands if (c["source_kind"] == "press").any()], ignore_index=True)
            if any((c["source_kind"] == "press").any() for c in cands)
            else None
        )
        if parsed is None:
            files = discover_workbooks(pci_dir) if workbooks is None else [Path(w) for w in workbooks]
            parsed = _read_workbooks(files, max_bytes, press, refusals, read_notes)
        else:  # already read (tests): the same year check of a workbook that states no year
            read_notes += [n for n in (confirmation(p, press) for p in parsed) if n]
        for dup, exc in duplicate_editions(parsed):  # one edition under two years' labels
            refusals.append(exc)
            parsed = [p for p in parsed if p is not dup]
        province_maps = map34.build_maps(prov_dir, provinces)
        parsed = _on_edition_map(parsed, province_maps)
        # every PAPI source -> tables, findings, sources.csv rows (analysis.ingest.papi_build)
        if not include_papi or not (shared / "data" / "papi-workbooks").exists():
            papi = None
        elif papi is None:
            papi = build_papi(shared, max_bytes=max_bytes)
    if seed_pci is not None:
        seed_pci = seed_pci.copy()
        seed_pci["province_code"] = seed_pci["province_code"].astype(str).str.zfill(2)

    try:
        joined = build_panel(parsed, seed_pci, cands)
    except DerivationRefused as exc:
        exc.kind = "derived"
        refusals.append(exc)
        joined = build_panel(parsed, seed_pci, cands, derive=False)
    if refusals and not skip_refused:
        raise ImportRefused([str(r) for r in refusals])
    panel = joined.panel
    findings = validate_panel(panel, seed_rows(seed_pci) if seed_pci is not None else None, provinces)
    extra = (
        joined.notes
        + read_notes
        + [finding(None, "", "", "source_refused", "warning", str(r), refused_source(r)) for r in refusals]
    )
    if papi is not None:
        extra = extra + papi.findings
    facts = None
    if include_sources:  # published facts that are not panel cells (median, region rank): analysis.ingest.press
        with _catalogue_at(d, provinces):
            facts = read_facts(shared, cands, panel)
            extra = extra + fact_findings(facts, panel)  # checked against the published ranks beside them
    findings = findings_frame(findings.to_dict("records") + extra)
    if has_errors(findings):
        raise ValidationFailed(findings)
    src_rows += [_source_rows_for(p, "pci workbook", shared) for p in joined.primaries]
    src_rows += [_source_rows_for(p, "pci workbook (cross-check)", shared) for p in joined.others]
    if papi is not None:
        tables.update(papi.tables)
        src_rows += papi.sources
    tables["pci_panel.csv"] = panel
    with _catalogue_at(d, provinces):
        tables.update(_map_tables(panel, province_maps))
    tables["validation_findings.csv"] = findings
    tables["sources.csv"] = sources_frame(src_rows)
    tables[FINGERPRINTS_TABLE] = fingerprints(panel, tables["sources.csv"])
    tables[loaders.SOURCE_COMPARISONS] = joined.comparisons
    tables[loaders.SOURCE_AGREEMENT] = joined.agreement
    if facts is not None:
        tables[loaders.PCI_FACTS] = facts
    with store.data_lock(d):
        sums = store.write_tables(tables, d, validate=_staged_check)
    summary = _summary_all(panel, findings, joined.primaries, joined.others, sums, joined.agreement, refusals)
    if echo:
        print(summary)
    return ImportResult(sums, panel, findings, summary, joined.primaries + joined.others)


def _staged_check(staging: Path) -> None:
    """Last check before the commit point: the staged panel reads back with the declared dtypes."""
    p = staging / "pci_panel.csv"
    if p.exists():
        df = loaders.load_pci(staging)
        if df.duplicated(["year", "province_code", "indicator"]).any():
            raise ValueError("staged pci_panel.csv has duplicate province × year × indicator rows")


def _summary_all(panel, findings, primaries, others, sums, agreement=None, refusals=()) -> str:
    lines = [f"Refused (not imported): {r}" for r in refusals]
    lines.append("Imported PCI workbooks:")
    for p in primaries:
        lines.append(
            f"  {p.year}  {p.file:<18} {p.layout:<22} {p.records['province_code'].nunique():>3} provinces  "
            f"sheet {', '.join(p.sheets_read)}  ({', '.join(p.readers)})"
        )
    for p in others:
        lines.append(f"  {p.year}  {p.file:<18} cross-check only (same year as another edition)")
    seed = panel[panel["source_kind"] == SEED_KIND]
    if len(seed):
        lines.append(f"  seed rows kept: {len(seed)} ({', '.join(map(str, sorted(seed['year'].unique())))})")
    kinds = panel["source_kind"].value_counts()
    lines.append("Kept values by source kind: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    if agreement is not None and len(agreement):
        t = agreement_totals(agreement)
        lines.append(
            f"Source comparisons: {t['compared']} values compared with the kept one, {t['agree']} agree "
            f"within the published rounding, {t['disagree']} disagree (findings 'source_disagreement')"
        )
    lines.append(
        f"Panel: {len(panel)} rows, {panel['year'].nunique()} years, {panel['province_code'].nunique()} provinces"
    )
    lines.append("Validation findings:")
    lines.append(summarise(findings, limit=8))
    lines.append("Written: " + ", ".join(f"{k} ({v[:12]})" for k, v in sorted(sums.items())))
    return "\n".join(lines)


# --------------------------------------------------------------------------- import one workbook
def import_workbook(
    path: str | os.PathLike,
    *,
    year: int | None = None,
    replace: bool = False,
    data_dir: Path | None = None,
    max_bytes: int | None = None,
    echo: bool = False,
    expected_count: int | None = None,
) -> ImportResult:
    """Add (or, with ``replace``, overwrite) one year's official workbook; validated before data/ changes."""
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    path = Path(path)
    try:
        old_panel = loaders.load_pci(d)
    except FileNotFoundError:
        old_panel = pd.DataFrame(columns=PANEL_COLUMNS)
    try:
        old_sources = loaders.load_sources(d)
    except FileNotFoundError:
        old_sources = pd.DataFrame(columns=SOURCE_COLUMNS)
    named = year_in_file_name(path)
    if year is not None and named is not None and named != year:
        raise YearContradictionError(
            f"the file name says PCI {named} but --year says {year}; rename the file or "
            "drop --year (--year never overrides a contradiction)",
            file=path,
        )
    identified = None
    with _catalogue_at(d):
        try:
            parsed = read_workbook(path, year=year, max_bytes=max_bytes, expected_count=expected_count)
        except YearUnknownError:
            parsed, identified = _identified_from_panel(path, old_panel, max_bytes, expected_count)
        provinces = catalog.load_provinces()
        province_maps = _maps_for(d, provinces)
        parsed = _on_edition_map([parsed], province_maps)[0]
    how = (
        "--year"
        if year is not None
        else "the file name"
        if named is not None
        else "its content"
        if identified
        else "the sheet's header"
    )
    check_not_another_year(path, parsed.sha256, parsed.records, parsed.year, how, old_panel, old_sources)
    y = parsed.year
    present = old_panel[(old_panel["year"] == y) & (old_panel["source_kind"] == WORKBOOK_KIND)]
    if len(present) and not replace:
        src = sorted(set(present["source_file"]))
        raise YearAlreadyPresentError(
            f"PCI {y} is already in {d / 'pci_panel.csv'} (from {', '.join(src)}); "
            "pass --replace (replace=True) to overwrite it"
        )
    seed_path = d / SEED_PCI_TABLE
    seed = loaders.read_seed_pci(seed_path) if seed_path.exists() else None
    kept_wb = old_panel[
        ~((old_panel["source_kind"] == WORKBOOK_KIND) & (old_panel["year"] == y))
        & (old_panel["source_kind"] != SEED_KIND)
    ]
    new_rows = workbook_rows(parsed)
    wb = sort_panel(pd.concat([kept_wb, new_rows], ignore_index=True))
    panel = merge_with_precedence(wb, seed_rows(seed))
    findings = validate_panel(panel, seed_rows(seed) if seed is not None else None, provinces)
    replaced = old_sources["role"].astype(str).str.startswith("pci workbook") & (old_sources["year"] == y)
    replaced_files = set(old_sources.loc[replaced, "file"]) | {parsed.file}
    src_rows = old_sources[~replaced].to_dict("records")
    try:
        old_findings = loaders.load_validation_findings(d)
        from_file = old_findings["source_file"].isin(replaced_files)
        kept_notes = old_findings[
            old_findings["rule"].isin(PARSE_RULES)
            & ~from_file
            & ~((old_findings["rule"] == "cross_edition") & (old_findings["year"] == y))
            & (old_findings["rule"] != "fact_contradiction")
        ]  # recomputed below
        kept_notes = kept_notes.to_dict("records")
    except FileNotFoundError:
        kept_notes = []
    try:  # the committed facts, checked against the new panel as import-all checks them
        facts = loaders.load_pci_facts(d)
    except FileNotFoundError:
        facts = None
    findings = findings_frame(
        findings.to_dict("records")
        + kept_notes
        + _parse_findings(parsed)
        + ([identified] if identified else [])
        + fact_findings(facts, panel)
    )
    if has_errors(findings):
        raise ValidationFailed(findings)
    src_rows.append(_source_rows_for(parsed, "pci workbook", paths.shared_dir()))
    sources = sources_frame(src_rows)
    tables = {
        "pci_panel.csv": panel,
        "validation_findings.csv": findings,
        "sources.csv": sources,
        FINGERPRINTS_TABLE: fingerprints(panel, sources),
    }
    if not (d / "provinces.csv").exists():
        tables["provinces.csv"] = provinces
    with _catalogue_at(d):  # the 34-unit history follows the panel; the membership table only when missing
        tables.update(
            {
                k: v
                for k, v in _map_tables(panel, province_maps).items()
                if k != "province_units_2025.csv" or not (d / k).exists()
            }
        )
    changes = _changes(old_panel[old_panel["year"] == y], panel[panel["year"] == y]) if len(present) else ""
    with store.data_lock(d):
        sums = store.write_tables(tables, d, validate=_staged_check)
    summary = year_summary(panel, findings, parsed, changes, sums, history_34=tables.get(maps.PANEL_34_TABLE))
    if echo:
        print(summary)
    return ImportResult(sums, panel, findings, summary, [parsed])


def _identified_from_panel(
    path: Path, panel: pd.DataFrame, max_bytes: int | None, expected_count: int | None
) -> tuple[ParsedWorkbook, dict]:
    """A workbook stating no year, named without one and imported without --year: its year is the one year
    already in data/ whose published values (workbooks, pages, press) it reproduces; else refused."""
    years = sorted(int(y) for y in panel["year"].unique() if maps.map_for_year(int(y)) == "63")
    if not years:
        raise YearUnknownError("no sheet states the PCI year and the file name has none; pass --year", file=path)
    probe = read_workbook(path, year=years[-1], max_bytes=max_bytes, expected_count=expected_count)
    hits = identify_year(probe.records, panel)
    if not hits or (len(hits) > 1 and hits[0].share == hits[1].share):
        raise YearUnknownError(
            "no sheet states the PCI year, the file name has none, and its values match "
            + (
                "no year in data/"
                if not hits
                else "several years in data/ (" + ", ".join(str(h.year) for h in hits) + ")"
            )
            + "; pass --year",
            file=path,
        )
    best = hits[0]
    parsed = read_workbook(path, year=best.year, max_bytes=max_bytes, expected_count=expected_count)
    return parsed, finding(
        best.year,
        "",
        "",
        "year_identified",
        "info",
        f"{parsed.file} states no year; identified as PCI {best.year} because it reproduces "
        f"{best.agree} of the {best.common} values of that year in data/ within the published "
        "rounding",
        src(WORKBOOK_KIND, parsed.file),
    )


def _changes(old: pd.DataFrame, new: pd.DataFrame, top: int = 5) -> str:
    key = ["province_code", "indicator"]
    m = old.merge(new, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    both = m[m["_merge"] == "both"].copy()
    both["delta"] = both["score_new"] - both["score_old"]
    changed = both[
        (both["delta"].abs() > 0)
        | (both["rank_old"].astype("Float64") != both["rank_new"].astype("Float64")).fillna(False)
    ]
    lines = [
        f"Changes vs the {len(old)} values held before: {len(changed)} changed, "
        f"{int((m['_merge'] == 'right_only').sum())} added, {int((m['_merge'] == 'left_only').sum())} removed"
    ]
    big = changed.reindex(changed["delta"].abs().sort_values(ascending=False).index).head(top)
    for r in big.itertuples():
        lines.append(
            f"  {r.province_new} {r.indicator}: {r.score_old:.6g} -> {r.score_new:.6g} ({r.delta:+.4g}); "
            f"rank {r.rank_old} -> {r.rank_new}"
        )
    return "\n".join(lines)


def year_summary(
    panel: pd.DataFrame,
    findings: pd.DataFrame,
    parsed: ParsedWorkbook,
    changes: str = "",
    sums: dict[str, str] | None = None,
    top: int = 5,
    history_34: pd.DataFrame | None = None,
) -> str:
    """Readable summary of one imported year: provinces, top 5, rank movers (on one scale), findings."""
    y = parsed.year
    cur = panel[(panel["year"] == y) & (panel["indicator"] == COMPOSITE)]
    held = set(panel.loc[panel["year"] == y, "indicator"])
    lines = [
        f"PCI {y} from {parsed.file}: layout {parsed.layout}, sheet {', '.join(parsed.sheets_read)}, "
        f"reader {', '.join(parsed.readers)}",
        f"  {cur['province_code'].nunique()} provinces, indicators: {', '.join(i for i in INDICATORS if i in held)}",
    ]
    best = cur.sort_values(["rank", "score"], ascending=[True, False]).head(top)
    lines.append(f"  Top {top}: " + "; ".join(f"{int(r.rank)}. {r.province} {r.score:.2f}" for r in best.itertuples()))
    # like with like: ranks of an edition on the 34-unit map are compared with the 34-unit history
    # (pci_panel_34.csv: earlier years aggregated, ranked among the 34), never with ranks out of 63
    on_34 = maps.map_for_year(y) == "34"
    ref = history_34 if on_34 and history_34 is not None else panel
    same_map = ref["year"].isin(
        [v for v in ref["year"].unique() if maps.map_for_year(int(v)) == maps.map_for_year(y) or on_34]
    )
    ref = ref[same_map & (ref["rank"].notna())]
    prev_years = sorted(ref.loc[(ref["year"] < y) & ((ref["source_kind"] == WORKBOOK_KIND) | on_34), "year"].unique())
    if on_34 and history_34 is None:
        prev_years = []
    if not prev_years and on_34:
        lines.append("  Biggest rank movers: none shown (no earlier year ranked among the 34 units)")
    if prev_years:
        py = prev_years[-1]
        prev = ref[(ref["year"] == py) & (ref["indicator"] == COMPOSITE)][["province_code", "rank"]]
        m = cur.merge(prev, on="province_code", suffixes=("", "_prev"))
        m["move"] = (m["rank_prev"] - m["rank"]).astype("Int64")
        up = m.sort_values("move", ascending=False).head(3)
        down = m.sort_values("move").head(3)
        scale = " (ranks among the 34 units)" if on_34 else " (ranks on the 63-province map)"
        lines.append(
            f"  Biggest rank movers vs {py}{scale}: up "
            + "; ".join(
                f"{r.province} {int(r.rank_prev)}→{int(r.rank)} (+{int(r.move)})" for r in up.itertuples() if r.move > 0
            )
            + " | down "
            + "; ".join(
                f"{r.province} {int(r.rank_prev)}→{int(r.rank)} ({int(r.move)})"
                for r in down.itertuples()
                if r.move < 0
            )
        )
    fy = findings[findings["year"] == y]
    lines.append(
        f"  Validation findings for {y}: " + (summarise(fy, limit=6).replace("\n", "\n  ") if len(fy) else "none")
    )
    if changes:
        lines.append("  " + changes.replace("\n", "\n  "))
    if sums:
        lines.append("  Written: " + ", ".join(sorted(sums)))
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI
def _max_bytes(mb: float | None) -> int | None:
    return int(mb * 1024 * 1024) if mb is not None else None


def cli_import_all(argv: list[str] | None = None) -> int:
    """``python -m analysis import-all``: rebuild data/ from ../shared; exit 1 on refusal."""
    p = argparse.ArgumentParser(
        prog="python -m analysis import-all",
        description="Rebuild every table under data/ from ../shared (official workbooks, "
        "research panel, official pages, press, seed documents, province codes). "
        "Every file is read even when one is refused; every refusal is reported "
        "(one line each) and then nothing is written unless --skip-refused. "
        "Atomic: on any error data/ is unchanged.",
    )
    p.add_argument("--shared-dir", type=Path, default=None, help="default: ../shared or $PCI_SHARED_DIR")
    p.add_argument("--data-dir", type=Path, default=None, help="default: data/ or $PCI_DATA_DIR")
    p.add_argument("--max-mb", type=float, default=None, help="refuse workbooks larger than this (default 50)")
    p.add_argument(
        "--skip-refused",
        action="store_true",
        help="import every source that passes even when others are refused (each refusal is "
        "recorded as a 'source_refused' finding); default: any refusal writes nothing",
    )
    args = p.parse_args(argv)
    try:
        import_all(
            args.shared_dir, args.data_dir, max_bytes=_max_bytes(args.max_mb), echo=True, skip_refused=args.skip_refused
        )
    except (WorkbookError, ValidationFailed, FileNotFoundError, store.ImportLockedError, ImportRefused) as exc:
        print(f"import-all refused: {exc}", file=sys.stderr)
        return 1
    return 0


def cli_import_workbook(argv: list[str] | None = None) -> int:
    """``python -m analysis import-workbook PATH [--year Y] [--replace]``; exit 1 on refusal."""
    p = argparse.ArgumentParser(
        prog="python -m analysis import-workbook",
        description="Add one year's official PCI workbook to data/ (validated first; "
        "--replace to overwrite a year already present).",
    )
    p.add_argument("path", type=Path, help="the workbook (.xls or .xlsx)")
    p.add_argument(
        "--year", type=int, default=None, help="the PCI year, when neither the sheets nor the file name state it"
    )
    p.add_argument("--replace", action="store_true", help="overwrite the year if already present")
    p.add_argument("--data-dir", type=Path, default=None, help="default: data/ or $PCI_DATA_DIR")
    p.add_argument("--max-mb", type=float, default=None, help="refuse workbooks larger than this (default 50)")
    p.add_argument(
        "--expected-count",
        type=int,
        default=None,
        metavar="N",
        help="provinces the edition states it ranks (default: 42 for 2005, 64 for 2006-2008, "
        "63 for 2009-2022; from 2023, when VCCI publishes only the top 30, no fixed count)",
    )
    args = p.parse_args(argv)
    try:
        import_workbook(
            args.path,
            year=args.year,
            replace=args.replace,
            data_dir=args.data_dir,
            max_bytes=_max_bytes(args.max_mb),
            echo=True,
            expected_count=args.expected_count,
        )
    except (
        WorkbookError,
        ValidationFailed,
        YearAlreadyPresentError,
        FileNotFoundError,
        store.ImportLockedError,
    ) as exc:
        print(f"import-workbook refused: {exc}", file=sys.stderr)
        return 1
    return 0
