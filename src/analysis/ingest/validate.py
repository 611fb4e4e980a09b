"""The rules every PCI panel must satisfy, shared by the importer and ``python -m analysis validate``.

Each rule returns *findings* (never fixes a published number):

| rule | severity | what |
|---|---|---|
| ``score_range`` | error | sub-index outside 0–10, composite outside 0–100 |
| ``duplicate`` | error | two rows for one province × year × indicator |
| ``province_count`` | error | not the expected number of provinces for the year (42 / 64 / 63) |
| ``province_not_in_year`` | error | a province reported after it ceased to exist (Hà Tây after 2008) |
| ``missing_subindex`` | error | a sub-index of the year's scheme is missing for a province |
| ``unexpected_subindex`` | warning | a sub-index the year's scheme does not have (policy bias 2009–2012) |
| ``composite_recomputed`` | warning / info | published composite minus Σ weight × sub-index, per province above 0.001; one info line per year with the largest gap |
| ``composite_not_recomputable`` | info | 2005: own scheme, no exact weights |
| ``rank_range`` | error | published rank outside 1..N |
| ``rank_tie`` | info | equal composites (shared or tie-broken ranks) |
| ``rank_vs_scores`` | warning | a published rank the composite order contradicts |
| ``seed_score_mismatch`` | warning | workbook and seed transcription differ by more than 0.005 |
| ``seed_rank_mismatch`` | warning | the composite rank differs between workbook and seed |
| ``seed_subindex_rank_mismatch`` | info | the seed's published sub-index rank differs from the rank computed from the workbook's scores |

Errors abort an import (nothing under ``data/`` changes); warnings and info are recorded in
``data/validation_findings.csv``. A finding's provenance is in columns, as in the panel:
``source_kind, source_file, source_locator, source_url`` name the value (or file) the finding is
about (an Excel cell such as ``Summary_VN!W63``, a sheet, a CSV line); a finding that compares two
sources names the second in ``other_kind, other_file, other_locator, other_url``. Build them with
:func:`src` (or :func:`cite` for a panel row); nothing ever parses them back out of a string.

``python -m analysis validate`` also checks every committed table on its own
(:data:`TABLE_SCHEMAS`: required columns, integer/number columns that parse, a non-empty
source on every row, no duplicate keys, two-digit province codes) and reports each error
with the table, the CSV line and the column (:class:`TableProblem`).
"""  # noqa: E501  (a Markdown table row of the rules cannot wrap)

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.data import catalog, loaders
from analysis.data.catalog import COMPOSITE, SUBINDICES
from analysis.data.maps import is_unit_code  # 2025 merged units: 'M' + namesake's code (issue 15)
from analysis.ingest.fingerprint import FINGERPRINTS_TABLE, fingerprints, same_values
from analysis.ingest.table_schema import TableSchema, load_schemas
from analysis.ingest.workbooks import expected_province_count

SOURCE_COLUMNS = ["source_kind", "source_file", "source_locator", "source_url"]
OTHER_COLUMNS = ["other_kind", "other_file", "other_locator", "other_url"]
FINDING_COLUMNS = ["year", "province", "indicator", "rule", "severity", "detail", *SOURCE_COLUMNS, *OTHER_COLUMNS]
SEVERITIES = ("error", "warning", "info")
COMPOSITE_TOLERANCE = 0.001
SEED_SCORE_TOLERANCE = 0.005
_EPS = 1e-9
SCORE_MAX = {COMPOSITE: 100.0, **{s: 10.0 for s in SUBINDICES}}


class ValidationFailed(ValueError):
    """Validation found errors; ``findings`` holds every finding (errors first)."""

    def __init__(self, findings: pd.DataFrame):
        self.findings = findings
        errors = findings[findings["severity"] == "error"]
        lines = [
            f"  {r.year} {r.province} {r.indicator} [{r.rule}] {r.detail} ({where(r)})"
            for r in errors.head(20).itertuples()
        ]
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"validation found {len(errors)} error(s); nothing was written:\n" + "\n".join(lines) + more)


def src(kind: str = "", file: str = "", locator: str = "", url: str = "") -> dict:
    """A finding's source as its four columns (``kind`` from ``catalog_data/source_kinds.csv``)."""
    return dict(kind=kind or "", file=file or "", locator=locator or "", url=url or "")


def finding(
    year, province, indicator, rule, severity, detail, source: dict | None = None, other: dict | None = None
) -> dict:
    """One finding; ``source`` (and ``other``, for a comparison of two sources) built with :func:`src`."""
    assert severity in SEVERITIES, severity
    assert source is None or isinstance(source, dict), source
    s, o = source or src(), other or src()
    return dict(
        year=int(year) if year is not None and not pd.isna(year) and year != "" else pd.NA,
        province=province or "",
        indicator=indicator or "",
        rule=rule,
        severity=severity,
        detail=detail,
        **{f"source_{k}": v for k, v in s.items()},
        **{f"other_{k}": v for k, v in o.items()},
    )


def where(r) -> str:
    """'PCI_2016.xlsx Summary_VN!W13' — a finding's (or panel row's) file and locator, for a message."""
    return f"{r.source_file} {r.source_locator}".strip()


def findings_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Findings as a table in a stable order (year, severity, rule, province, indicator)."""
    rows = list(rows)
    # a few hundred findings: normalised (text cells as astype(object).fillna("").astype(str) makes them), sorted
    # (missing year and unknown severity first, as sort_values(na_position="first"), stable) and deduplicated as
    # plain tuples, then one table: pandas steps on the table cost a fixed ~0.3 ms each (~7 ms a call);
    # tests/test_validate.py checks it against those steps
    year = pd.array(pd.DataFrame(rows, columns=["year"])["year"], dtype="Int64")
    nan = float("nan")
    texts = [[_text(r.get(c, nan)) for c in FINDING_COLUMNS[1:]] for r in rows]
    sev = {s: i for i, s in enumerate(SEVERITIES)}
    ind = {c: i for i, c in enumerate(catalog.INDICATORS)}
    years = year.tolist()
    at = {c: i for i, c in enumerate(FINDING_COLUMNS[1:])}
    rule, province, indicator, detail = at["rule"], at["province"], at["indicator"], at["detail"]
    provenance = [at[c] for c in (*SOURCE_COLUMNS, *OTHER_COLUMNS)]

    def key(i: int) -> tuple:
        t = texts[i]
        y, s = years[i], sev.get(t[at["severity"]])
        return (
            (0, 0) if y is pd.NA else (1, y),
            (0, 0) if s is None else (1, s),
            t[rule],
            t[province],
            float(ind.get(t[indicator], 99)),
            t[detail],
            *(t[k] for k in provenance),
        )

    seen, keep = set(), []
    for i in sorted(range(len(rows)), key=key):
        row = (years[i], *texts[i])
        if row not in seen:
            seen.add(row)
            keep.append(i)
    cols = {"year": year.take(keep)} | {c: pd.array([texts[i][j] for i in keep], dtype=str) for c, j in at.items()}
    return pd.DataFrame(cols, columns=FINDING_COLUMNS)


def _text(v) -> str:
    """A finding's text cell as ``astype(object).fillna("").astype(str)`` makes it."""
    return v if type(v) is str else "" if _isna(v) else str(v)


WORKBOOK_KIND = "official_workbook"
SEED_KIND = "province_document"


def cite(r, suffix: str = "") -> dict:
    """A panel row's provenance columns (``source_kind`` … ``source_url``, with ``suffix`` after a merge)."""
    return src(*(getattr(r, f"source_{k}{suffix}", "") for k in ("kind", "file", "locator", "url")))


def has_errors(findings: pd.DataFrame) -> bool:
    return bool((findings["severity"] == "error").any())


def _fmt(x: float) -> str:
    return f"{x:.6g}"


# --------------------------------------------------------------------------- per-year rules
# The rules run on the rows of one year as plain records (``DataFrame.itertuples``), not as DataFrame
# operations: a panel has ~20 years and the rules ~40 small steps per year, and pandas' fixed cost per
# step (~0.3 ms) made a validation of the whole panel take 0.4 s — paid by every import and every
# `validate`. The records are the same values the frame holds, compared and formatted the same way.
def _isna(v) -> bool:
    """Missing as pandas sees it (None, NaN, pd.NA); strings and numbers are never missing."""
    t = type(v)  # the common cells first, without pandas (a validation looks at ~150,000 of them)
    if t is str or t is int:
        return False
    if t is float:
        return v != v
    if isinstance(v, str):
        return False
    return bool(pd.isna(v))


_NA_KEY = object()  # every missing value as one key, as pandas' duplicated/groupby treat them


def _key(v):
    return v if type(v) is str else _NA_KEY if _isna(v) else v


def _is(v, text: str) -> bool:
    """``v == text`` for a cell that may be missing (pd.NA compares as missing, not as False)."""
    return v == text if type(v) is str else isinstance(v, str) and v == text


def _order(v) -> tuple:
    """A sort key for the cells of one column: numbers, then texts, then missing (never a TypeError
    on a column of mixed types, as pandas' grouping sorts them)."""
    if _isna(v) or v is _NA_KEY:
        return (2, "")
    return (1, v) if isinstance(v, str) else (0, v)


def _records(df: pd.DataFrame) -> list:
    """``list(df.itertuples())``, the same values; a text column is read as one array, not value by value."""
    cols = [df.index] + [
        col.to_numpy(dtype=object) if isinstance(col.dtype, pd.StringDtype) else col
        for col in (df.iloc[:, k] for k in range(df.shape[1]))
    ]
    return list(map(_record_type(("Index", *map(str, df.columns)))._make, zip(*cols)))


@lru_cache(maxsize=16)
def _record_type(fields: tuple[str, ...]):
    return namedtuple("Pandas", fields, rename=True)


def _last_year_lookup(provinces: pd.DataFrame | None):
    """``code -> provinces' last_year`` (None for an unknown code), read once per validation."""
    if provinces is None:
        return None
    return dict(zip(provinces["province_code"], provinces["last_year"])).get


def check_year(rows: pd.DataFrame, year: int, provinces: pd.DataFrame | None = None) -> list[dict]:
    """Every rule for one year of panel rows (all source kinds; counts only for workbook years)."""
    return _check_year(_records(rows), year, _last_year_lookup(provinces))


def _check_year(recs: list, year: int, last_year=None) -> list[dict]:
    out: list[dict] = []
    wb = [r for r in recs if _is(r.source_kind, WORKBOOK_KIND)]
    out += _check_ranges(recs, year)
    out += _check_duplicates(recs, year)
    if last_year is not None:
        out += _check_province_existence(recs, year, last_year)
    if wb:
        file_src = _file_of(wb)
        out += _check_count(wb, year, file_src)
        out += _check_subindex_set(wb, year, file_src)
        out += _check_composite(wb, year, file_src)
        out += _check_ranks(wb, year)
    return out


def _check_ranges(recs, year) -> list[dict]:
    out = []
    for r in recs:
        hi = SCORE_MAX.get(r.indicator) if not _isna(r.indicator) else None
        if _isna(r.score) or r.score < 0 or (hi is not None and r.score > hi):
            out.append(
                finding(
                    year,
                    r.province,
                    r.indicator,
                    "score_range",
                    "error",
                    f"score {r.score!r} outside 0–{SCORE_MAX.get(r.indicator, float('nan')):g}",
                    cite(r),
                )
            )
    return out


def _check_duplicates(recs, year) -> list[dict]:
    keys = [(_key(r.province_code), _key(r.indicator)) for r in recs]
    n = Counter(keys)
    return [
        finding(
            year,
            r.province,
            r.indicator,
            "duplicate",
            "error",
            "more than one row for this province, year and indicator",
            cite(r),
        )
        for r, k in zip(recs, keys)
        if n[k] > 1
    ]


def _check_province_existence(recs, year, last_year) -> list[dict]:
    first: dict = {}  # province code -> its first row (rows without a code are not grouped)
    for r in recs:
        if not _isna(r.province_code):
            first.setdefault(r.province_code, r)
    out = []
    for code in sorted(first, key=_order):
        ly = last_year(code)
        if ly is not None and pd.notna(ly) and year > int(ly):
            r = first[code]
            out.append(
                finding(
                    year,
                    r.province,
                    "",
                    "province_not_in_year",
                    "error",
                    f"{r.province} was last a separate province in {int(ly)}",
                    cite(r),
                )
            )
    return out


def _check_count(wb, year, file_src) -> list[dict]:
    expected = expected_province_count(year)
    n = len({r.province_code for r in wb if _is(r.indicator, COMPOSITE) and not _isna(r.province_code)})
    if expected is not None and n != expected:
        return [
            finding(
                year,
                "",
                COMPOSITE,
                "province_count",
                "error",
                f"{n} provinces with a composite; expected {expected} for {year}",
                file_src,
            )
        ]
    return []


def _file_of(recs) -> dict:
    """The file (and kind) a year's workbook rows come from: one edition per year is imported."""
    files = sorted({str(r.source_file) for r in recs} - {""})
    kinds = sorted({str(r.source_kind) for r in recs} - {""})
    return src("; ".join(kinds), "; ".join(files))


def _check_subindex_set(wb, year, file_src) -> list[dict]:
    out = []
    if year < 2006:
        return out
    expected = set(catalog.subindices_for_year(year))
    have: dict = {}  # province code -> its indicators
    names: dict = {}  # province code -> the province named in its first row
    for r in wb:
        if not _isna(r.province_code):
            have.setdefault(r.province_code, set()).add(r.indicator)
            names.setdefault(r.province_code, r.province)
    for code in sorted(have, key=_order):
        missing = sorted(expected - have[code] - {COMPOSITE}, key=SUBINDICES.index)
        if missing:
            out.append(
                finding(
                    year,
                    names[code],
                    "",
                    "missing_subindex",
                    "error",
                    f"sub-indices of the {catalog.methodology_period(year)} scheme missing: {', '.join(missing)}",
                    file_src,
                )
            )
    extra = sorted({r.indicator for r in wb} - expected - {COMPOSITE}, key=SUBINDICES.index)
    for ind in extra:
        out.append(
            finding(
                year,
                "",
                ind,
                "unexpected_subindex",
                "warning",
                f"{ind} is not part of the {catalog.methodology_period(year)} scheme",
                file_src,
            )
        )
    return out


def _check_composite(wb, year, file_src) -> list[dict]:
    if year < 2006:
        return [
            finding(
                year,
                "",
                COMPOSITE,
                "composite_not_recomputable",
                "info",
                f"PCI {year} used its own scheme; no exact weights are known, so the composite is not "
                "recomputed from the sub-indices",
                file_src,
            )
        ]
    # one score per province (code and name) and indicator: the first row of each code × indicator
    wide: dict = {}
    seen = set()
    for r in wb:
        code = _key(r.province_code)
        k = (code, _key(r.indicator))
        if k not in seen:
            seen.add(k)
            wide.setdefault((code, _key(r.province)), {})[r.indicator] = (
                float("nan") if _isna(r.score) else float(r.score)
            )
    weights = catalog.weights_for_year(year)
    present = {ind for scores in wide.values() for ind in scores}
    if COMPOSITE not in present or any(c not in present for c in weights):
        return []
    srcs = {_key(r.province_code): cite(r) for r in wb if _is(r.indicator, COMPOSITE)}
    out = []
    gaps = []
    nan = float("nan")
    for code, name in sorted(wide, key=lambda k: (_order(k[0]), _order(k[1]))):
        scores = wide[(code, name)]
        name = "" if name is _NA_KEY else name
        # catalog.recompute_composite's arithmetic, in its order: (0 + Σ score × weight) × 10
        recomputed = sum(scores.get(c, nan) * w for c, w in weights.items()) * 10
        g = scores.get(COMPOSITE, nan) - recomputed
        if g != g:  # NaN: a score is missing
            continue
        gaps.append(g)
        if abs(g) > COMPOSITE_TOLERANCE:
            out.append(
                finding(
                    year,
                    name,
                    COMPOSITE,
                    "composite_recomputed",
                    "warning",
                    f"published composite {_fmt(scores[COMPOSITE])} minus weighted sum of "
                    f"sub-indices {_fmt(recomputed)} = {g:+.4f} (tolerance "
                    f"{COMPOSITE_TOLERANCE}; weights {catalog.methodology_period(year)})",
                    srcs.get(code, file_src),
                )
            )
    lo, hi, largest = (min(gaps), max(gaps), max(abs(g) for g in gaps)) if gaps else (nan, nan, nan)
    n_over = sum(abs(g) > COMPOSITE_TOLERANCE for g in gaps)
    out.append(
        finding(
            year,
            "",
            COMPOSITE,
            "composite_recomputed",
            "info",
            f"{len(gaps)} composites recomputed with the {catalog.methodology_period(year)} weights: gap (published − "
            f"recomputed) from {lo:+.6f} to {hi:+.6f}, largest |gap| {largest:.6f}; "
            f"{n_over} above {COMPOSITE_TOLERANCE}",
            file_src,
        )
    )
    return out


def _score_ranks(scores: list) -> list[tuple[float, float]]:
    """(method 'min', method 'max') rank of each score, higher score = 1, as ``Series.rank``; NaN for NaN."""
    known = sorted(s for s in scores if s == s)
    n = len(known)
    nan = float("nan")
    return [
        (float(n - bisect_right(known, s) + 1), float(n - bisect_left(known, s))) if s == s else (nan, nan)
        for s in scores
    ]


def _check_ranks(wb, year) -> list[dict]:
    out = []
    pci = [r for r in wb if _is(r.indicator, COMPOSITE)]
    if not pci:
        return out
    n = len(pci)
    pub = [r for r in pci if _is(r.rank_kind, "published")]
    if not pub:
        return out
    for r in pub:
        if not _isna(r.rank) and (r.rank < 1 or r.rank > n):
            out.append(
                finding(
                    year,
                    r.province,
                    COMPOSITE,
                    "rank_range",
                    "error",
                    f"published rank {r.rank} outside 1..{n}",
                    cite(r),
                )
            )
    ranks = _score_ranks([float("nan") if _isna(r.score) else float(r.score) for r in pci])
    for r, (a, b) in zip(pci, ranks):
        if not _is(r.rank_kind, "published") or pd.isna(r.rank):
            continue
        if a != a:  # no score to rank (the score_range rule reports the missing score)
            continue
        if a != b:
            out.append(
                finding(
                    year,
                    r.province,
                    COMPOSITE,
                    "rank_tie",
                    "info",
                    f"composite {_fmt(r.score)} shared by {int(b - a + 1)} provinces (ranks {int(a)}–{int(b)}); "
                    f"published rank {int(r.rank)}",
                    cite(r),
                )
            )
        if not a - _EPS <= r.rank <= b + _EPS:
            out.append(
                finding(
                    year,
                    r.province,
                    COMPOSITE,
                    "rank_vs_scores",
                    "warning",
                    f"published rank {int(r.rank)} but the composite {_fmt(r.score)} ranks "
                    f"{int(a)}{'' if a == b else f'–{int(b)}'} among {n}",
                    cite(r),
                )
            )
    counts = Counter(r.rank for r in pub if not _isna(r.rank))
    pub_src = None
    for rank, k in counts.items():
        if k > 1:
            names = ", ".join(
                str(n) for n in sorted((r.province for r in pub if not _isna(r.rank) and r.rank == rank), key=_order)
            )
            pub_src = pub_src or _file_of(pub)
            out.append(
                finding(
                    year,
                    "",
                    COMPOSITE,
                    "rank_tie",
                    "info",
                    f"published rank {int(rank)} shared by {k} provinces: {names}",
                    pub_src,
                )
            )
    return out


# --------------------------------------------------------------------------- seed overlap
def check_seed_overlap(panel_workbook: pd.DataFrame, seed: pd.DataFrame) -> list[dict]:
    """Compare the seed transcription with the official workbooks where both give a value."""
    out: list[dict] = []
    if seed is None or seed.empty or panel_workbook.empty:
        return out
    key = ["year", "province_code", "indicator"]
    # only the workbook rows of the seed's years and provinces can meet it: the same merge, on far fewer rows
    near = panel_workbook["year"].isin(seed["year"].unique()) & panel_workbook["province_code"].isin(
        seed["province_code"].unique()
    )
    both = seed.merge(panel_workbook[near], on=key, suffixes=("_seed", "_wb"))
    for r in both.itertuples():
        both_src = dict(source=cite(r, "_wb"), other=cite(r, "_seed"))
        if abs(r.score_wb - r.score_seed) > SEED_SCORE_TOLERANCE + _EPS:
            out.append(
                finding(
                    r.year,
                    r.province_wb,
                    r.indicator,
                    "seed_score_mismatch",
                    "warning",
                    f"workbook {_fmt(r.score_wb)} vs seed {_fmt(r.score_seed)} (difference "
                    f"{r.score_wb - r.score_seed:+.4f} > {SEED_SCORE_TOLERANCE})",
                    **both_src,
                )
            )
        if pd.isna(r.rank_seed):
            continue
        if _is(r.indicator, COMPOSITE):
            if pd.isna(r.rank_wb) or int(r.rank_wb) != int(r.rank_seed):
                out.append(
                    finding(
                        r.year,
                        r.province_wb,
                        r.indicator,
                        "seed_rank_mismatch",
                        "warning",
                        f"composite rank: workbook {r.rank_wb} vs seed {int(r.rank_seed)}",
                        **both_src,
                    )
                )
        elif pd.notna(r.rank_wb) and int(r.rank_wb) != int(r.rank_seed):
            out.append(
                finding(
                    r.year,
                    r.province_wb,
                    r.indicator,
                    "seed_subindex_rank_mismatch",
                    "info",
                    f"seed's published sub-index rank {int(r.rank_seed)} vs rank {int(r.rank_wb)} computed "
                    "from the workbook's scores (method 'min', higher score = better)",
                    **both_src,
                )
            )
    for year, g in both.groupby("year"):
        rules = [f["rule"] for f in out if f["year"] == year]
        gap = (g["score_wb"] - g["score_seed"]).abs().max()
        out.append(
            finding(
                year,
                g["province_wb"].iloc[0] if g["province_code"].nunique() == 1 else "",
                "",
                "seed_overlap",
                "info",
                f"{len(g)} values in both the official workbook and the seed transcription; the workbook value is kept "
                f"(precedence: workbook > seed). Scores within {SEED_SCORE_TOLERANCE}: "
                f"{rules.count('seed_score_mismatch')} mismatches (largest |difference| {gap:.4f}); composite rank: "
                f"{rules.count('seed_rank_mismatch')} mismatches; seed sub-index ranks vs computed: "
                f"{rules.count('seed_subindex_rank_mismatch')} mismatches",
                src(WORKBOOK_KIND, "; ".join(sorted(set(g["source_file_wb"].astype(str))))),
                src(SEED_KIND, "; ".join(sorted(set(g["source_file_seed"].astype(str))))),
            )
        )
    return out


# --------------------------------------------------------------------------- whole panel
def validate_panel(
    panel: pd.DataFrame,
    seed: pd.DataFrame | None = None,
    provinces: pd.DataFrame | None = None,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """All findings for a panel (and, when given, the seed table it was merged with)."""
    rows: list[dict] = []
    want = set(years) if years is not None else None
    by_year: dict = {}  # year -> its rows, in panel order (rows without a year are not grouped)
    for r in _records(panel):
        if not _isna(r.year):
            by_year.setdefault(r.year, []).append(r)
    last_year = _last_year_lookup(provinces)
    last_year_key = _last_year_key(provinces)
    for year in sorted(by_year):
        if want is None or year in want:
            rows += _check_year_once(by_year[year], int(year), last_year, last_year_key)
    if seed is not None and not seed.empty:
        wb = panel[panel["source_kind"] == WORKBOOK_KIND]
        s = seed if want is None else seed[seed["year"].isin(want)]
        rows += check_seed_overlap(wb, s)
    return findings_frame(rows)


# The findings of a year already validated in this process, by the year, its records (every field, by name; the
# row positions aside) and the provinces' last years: an import validates the whole panel again with one year new,
# and ``validate`` the committed panel again. A record holding NaN never equals another, so it is never reused.
_YEAR_FINDINGS: OrderedDict[tuple, tuple[dict, ...]] = OrderedDict()
_YEAR_FINDINGS_SIZE = 64


def _last_year_key(provinces: pd.DataFrame | None):
    """What :func:`_last_year_lookup` answers, as a hashable value (missing last years as None)."""
    if provinces is None:
        return None
    lookup = dict(zip(provinces["province_code"], provinces["last_year"]))  # as _last_year_lookup builds it
    return tuple((c, None if pd.isna(v) else v) for c, v in lookup.items())


def _check_year_once(recs: list, year: int, last_year, last_year_key) -> list[dict]:
    """:func:`_check_year`, remembered by the year's records (:data:`_YEAR_FINDINGS`)."""
    key = None
    if recs:
        # the cells and their types: 70 and 70.0 are equal keys, but a finding prints the value as read
        key = (year, last_year_key, recs[0]._fields[1:], tuple((r[1:], tuple(map(type, r[1:]))) for r in recs))
        try:
            hit = _YEAR_FINDINGS.get(key)
        except TypeError:  # a cell that cannot be hashed: not remembered
            key = hit = None
        if hit is not None:
            _YEAR_FINDINGS.move_to_end(key)
            return [dict(f) for f in hit]
    out = _check_year(recs, year, last_year)
    if key is not None:
        _YEAR_FINDINGS[key] = tuple(dict(f) for f in out)
        while len(_YEAR_FINDINGS) > _YEAR_FINDINGS_SIZE:
            _YEAR_FINDINGS.popitem(last=False)
    return out


def summarise(findings: pd.DataFrame, limit: int = 12) -> str:
    """A readable digest: counts by severity and rule, then the errors and warnings."""
    if findings.empty:
        return "no findings"
    lines = []
    counts = findings.groupby(["severity", "rule"]).size()
    for sev in SEVERITIES:
        if sev in counts.index.get_level_values(0):
            parts = ", ".join(f"{rule} {n}" for rule, n in counts[sev].items())
            lines.append(f"{sev}: {int(counts[sev].sum())} ({parts})")
    for sev in ("error", "warning"):
        sub = findings[findings["severity"] == sev]
        for r in sub.head(limit).itertuples():
            who = " ".join(str(x) for x in (r.year, r.province, r.indicator) if str(x) not in ("", "<NA>"))
            lines.append(f"  {sev}: {who} [{r.rule}] {r.detail}")
        if len(sub) > limit:
            lines.append(f"  ... {len(sub) - limit} more {sev}s (see validation_findings.csv)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- committed tables
# one schema file for every table in data/ (columns, types, keys, provenance, ranges): table_schema.toml
TABLE_SCHEMAS: dict[str, TableSchema] = load_schemas()
REQUIRED_TABLES = ("pci_panel.csv",)


@dataclass(frozen=True)
class TableProblem:
    """An error located in a committed table: file, CSV line (1 = the header), column."""

    table: str
    line: int | None
    column: str | None
    rule: str
    detail: str

    def __str__(self) -> str:
        where = self.table + (f" line {self.line}" if self.line is not None else "")
        where += f", column {self.column!r}" if self.column else ""
        return f"{where}: [{self.rule}] {self.detail}"


def record_lines(path: Path) -> list[int]:
    """The CSV line on which each data record starts (quoted fields may span lines)."""
    with open(path, newline="", encoding="utf-8") as fh:
        return _record_lines_of(fh)


def _record_lines_of(fh) -> list[int]:
    out = []
    reader = csv.reader(fh)
    next(reader, None)
    prev = reader.line_num
    for _ in reader:
        out.append(prev + 1)
        prev = reader.line_num
    return out


def _is_int(v: str) -> bool:
    try:
        f = float(v)
    except ValueError:
        return False
    return f == f and f not in (float("inf"), float("-inf")) and f == int(f)


def _is_finite(v: str) -> bool:
    try:
        f = float(v)
    except ValueError:
        return False
    return f == f and abs(f) != float("inf")


def check_table(path: Path, schema: TableSchema | None = None) -> list[TableProblem]:
    """Schema, provenance and key checks of one committed table, each problem located."""
    return _check_table(path, schema)[0]


# The checks of a table already checked in this process, by the SHA-256 of its bytes, its name and its schema:
# ``validate`` after an import, or after a change to one table, checks ~27 tables of which most are the same
# bytes as before. Keyed by content, never by file name or time; an unreadable table is never kept.
_CHECKED: OrderedDict[tuple, tuple[tuple[TableProblem, ...], tuple[int, ...]]] = OrderedDict()
_CHECKED_SIZE = 64


def _check_table(path: Path, schema: TableSchema | None = None) -> tuple[list[TableProblem], list[int] | None]:
    """:func:`check_table`'s problems and the table's :func:`record_lines` (None when unreadable)."""
    path = Path(path)
    name = path.name
    schema = schema or TABLE_SCHEMAS[name]
    if path.suffix.lower() != ".csv":  # pandas infers a compression from other suffixes (.gz, .zip)
        return _check_table_at(path, schema)
    try:
        data = path.read_bytes()
    except Exception:  # let the reading below say what is wrong, in its words
        return _check_table_at(path, schema)
    key = (hashlib.sha256(data).digest(), name, schema)
    hit = _CHECKED.get(key)
    if hit is None:
        try:
            df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
            lines = _record_lines_of(io.StringIO(data.decode("utf-8"), newline=""))
        except Exception:  # unreadable: reported by the reading of the file itself, as always
            return _check_table_at(path, schema)
        hit = tuple(_check_frame(name, schema, df, lines)), tuple(lines)
        _CHECKED[key] = hit
        while len(_CHECKED) > _CHECKED_SIZE:
            _CHECKED.popitem(last=False)
    else:
        _CHECKED.move_to_end(key)
    return list(hit[0]), list(hit[1])


def _check_table_at(path: Path, schema: TableSchema) -> tuple[list[TableProblem], list[int] | None]:
    """:func:`_check_table` reading the file by its path (no cache)."""
    name = path.name
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        raw_lines = record_lines(path)
    except Exception as exc:  # unreadable CSV: say so instead of a traceback
        return [
            TableProblem(name, None, None, "unreadable", f"cannot be read as CSV ({type(exc).__name__}: {exc})")
        ], None
    return _check_frame(name, schema, df, raw_lines), raw_lines


def _check_frame(name: str, schema: TableSchema, df: pd.DataFrame, raw_lines: list[int]) -> list[TableProblem]:
    """Every check of table ``name`` read as text (``df``), its records starting on CSV lines ``raw_lines``."""
    lines = raw_lines
    if len(lines) != len(df):
        lines = [i + 2 for i in range(len(df))]
    out = [
        TableProblem(
            name, 1, c, "missing_column", f"required column {c!r} is missing (header: {', '.join(df.columns)})"
        )
        for c in schema.columns
        if c not in df.columns
    ]
    declared = set(schema.columns) | set(schema.optional)
    for c in df.columns:  # pandas renames a repeated header 'score' to 'score.1'
        base, _, n = str(c).rpartition(".")
        if n.isdigit() and base in df.columns:
            out.append(TableProblem(name, 1, base, "duplicate_column", f"column {base!r} appears more than once"))
        elif c not in declared:
            out.append(
                TableProblem(
                    name,
                    1,
                    c,
                    "undeclared_column",
                    f"column {c!r} is not declared in src/analysis/ingest/table_schema.toml (columns or optional)",
                )
            )

    def bad(col: str, test, rule: str, what: str, allow_blank: bool = False):
        if col not in df.columns:
            return
        # each distinct value is tested once (a column repeats a few values: years, codes, kinds)
        wrong = {v for v in df[col].unique().tolist() if not ((allow_blank and v.strip() == "") or test(v.strip()))}
        if not wrong:
            return
        for i, v in enumerate(df[col]):
            if v in wrong:
                out.append(TableProblem(name, lines[i], col, rule, f"{v.strip()!r} is not {what}"))

    for c in schema.ints:
        bad(c, _is_int, "not_an_integer", "an integer")
    for c in schema.nullable_ints:
        bad(c, _is_int, "not_an_integer", "an integer (or blank)", allow_blank=True)
    for c in schema.floats:
        bad(c, _is_finite, "not_a_number", "a finite number")
    for c in schema.nonempty:
        if c in df.columns:
            blank = {v for v in df[c].unique().tolist() if not v.strip()}  # each distinct value looked at once
            for i in df.index[df[c].isin(blank)] if blank else ():
                prov = c.startswith("source")
                rule = "provenance" if prov else "empty"
                why = "every row must name the file and place it comes from" if prov else "it may not be blank"
                out.append(TableProblem(name, lines[i], c, rule, f"empty {c} ({why})"))
    if "province_code" in df.columns:
        bad(
            "province_code",
            lambda v: (len(v) == 2 and v.isdigit()) or is_unit_code(v),
            "province_code",
            "a two-digit GSO code (or a 2025 unit code such as 'M25')",
            allow_blank=name in ("seed_targets.csv", "pci_facts.csv"),
        )  # a national fact names no province
    for c in schema.nullable_floats:
        bad(c, _is_finite, "not_a_number", "a finite number (or blank)", allow_blank=True)
    for r in schema.ranges:  # the published scale of each measure (table_schema.toml)
        for i in df.index[r.outside(df)]:
            out.append(
                TableProblem(
                    name,
                    lines[i],
                    r.column,
                    "out_of_range",
                    f"{df.at[i, r.column].strip()!r} is outside {r.describe()}" + (f": {r.scale}" if r.scale else ""),
                )
            )
    key = [c for c in schema.key if c in df.columns]
    if key and len(key) == len(schema.key):
        dup = df.duplicated(key, keep=False)
        for _, g in df[dup].groupby(key, sort=False):
            ls = [lines[i] for i in g.index]
            vals = ", ".join(f"{c}={g.iloc[0][c]!r}" for c in key)
            for ln in ls:
                out.append(
                    TableProblem(
                        name,
                        ln,
                        ", ".join(key),
                        "duplicate_key",
                        f"{vals} also on line(s) {', '.join(str(x) for x in ls if x != ln)}",
                    )
                )
    return out


_FINDING_COLUMN = {
    "score_range": "score",
    "rank_range": "rank",
    "province_not_in_year": "province_code",
    "missing_subindex": "indicator",
    "province_count": "province_code",
    "duplicate": "indicator",
}


def locate_findings(
    panel: pd.DataFrame, lines: list[int], findings: pd.DataFrame, table: str = "pci_panel.csv"
) -> list[TableProblem]:
    """Errors of :func:`validate_panel` located in the panel table (line and column)."""
    out = []
    for f in findings[findings["severity"] == "error"].itertuples():
        col = _FINDING_COLUMN.get(f.rule)
        m = panel["year"] == f.year if pd.notna(f.year) else pd.Series(True, index=panel.index)
        if f.province:
            m &= panel["province"] == f.province
        if f.indicator and f.rule not in ("province_count",):
            m &= panel["indicator"] == f.indicator
        if f.source_locator and f.rule not in ("duplicate", "province_count", "missing_subindex"):
            m &= (panel["source_file"] == f.source_file) & (panel["source_locator"] == f.source_locator)
        hit = [lines[i] for i in panel.index[m]] if f.rule != "province_count" else []
        who = " ".join(str(x) for x in (f.year, f.province, f.indicator) if str(x) not in ("", "<NA>"))
        detail = f"{who}: {f.detail}" + (f" (source: {where(f)})" if f.source_file else "")
        if not hit:
            out.append(TableProblem(table, None, col, f.rule, detail))
        for ln in hit[:5] if f.rule != "duplicate" else hit[:1]:
            out.append(TableProblem(table, ln, col, f.rule, detail))
    return out


def _fingerprint_problems(d: Path, panel: pd.DataFrame, blocked: set[str]) -> list[TableProblem]:
    """edition_fingerprints.csv against the committed panel: no two years holding the same values (one edition
    under two labels), and no fingerprint that the panel no longer gives (a stale table)."""
    path = d / FINGERPRINTS_TABLE
    if not path.exists() or FINGERPRINTS_TABLE in blocked:
        return []
    committed = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = [
        TableProblem(
            FINGERPRINTS_TABLE,
            None,
            "value_sha256",
            "same_edition_twice",
            f"PCI {', '.join(map(str, ys))} hold the same {ind} values: one edition under several years' labels",
        )
        for ind, ys in same_values(committed)
    ]
    fresh = fingerprints(panel).astype(str).set_index(["year", "indicator"])[["n_values", "value_sha256"]]
    lines = {(r.year, r.indicator): i + 2 for i, r in enumerate(committed.itertuples())}
    got = committed.set_index(["year", "indicator"])[["n_values", "value_sha256"]]
    # (n_values, value_sha256) per key, as plain text pairs: a key the committed table holds twice never matches
    fresh_of = dict(zip(fresh.index, zip(fresh["n_values"].tolist(), fresh["value_sha256"].tolist())))
    got_of: dict = {}
    for key, pair in zip(got.index, zip(got["n_values"].tolist(), got["value_sha256"].tolist())):
        got_of.setdefault(key, []).append(pair)
    for key in sorted(set(fresh.index) | set(got.index)):
        if got_of.get(key) != [fresh_of.get(key)]:
            out.append(
                TableProblem(
                    FINGERPRINTS_TABLE,
                    lines.get(key),
                    "value_sha256",
                    "stale_fingerprint",
                    f"PCI {key[0]} {key[1]}: the fingerprint does not match pci_panel.csv; rebuild "
                    "with `python -m analysis import-all` (or import-workbook)",
                )
            )
    return out


def validate_tables(data_dir: Path, years: Iterable[int] | None = None) -> tuple[list[TableProblem], pd.DataFrame]:
    """Every table check plus every panel rule; (located errors, panel findings)."""
    d = Path(data_dir)
    problems: list[TableProblem] = []
    panel_lines = None  # the panel's record_lines, read once
    for name, schema in TABLE_SCHEMAS.items():
        p = d / name
        if p.exists():
            found, lines = _check_table(p, schema)
            problems += found
            if name == "pci_panel.csv":
                panel_lines = lines
        elif name in REQUIRED_TABLES:
            problems.append(TableProblem(name, None, None, "missing_table", f"{p} is missing"))
    for p in sorted(d.glob("*.csv")):  # every committed table is declared (src/analysis/ingest/table_schema.toml)
        if p.name not in TABLE_SCHEMAS:
            problems.append(
                TableProblem(
                    p.name,
                    None,
                    None,
                    "undeclared_table",
                    "not declared in src/analysis/ingest/table_schema.toml (columns, types, "
                    "ranges): every table in data/ is checked",
                )
            )
    findings = findings_frame([])
    panel_path = d / "pci_panel.csv"
    blocking = {"missing_column", "not_an_integer", "not_a_number", "unreadable", "duplicate_column", "missing_table"}
    if any(pr.table == "pci_panel.csv" and pr.rule in blocking for pr in problems):
        return problems, findings  # the panel rules cannot run on a table that does not load
    panel = loaders.load_pci(d)
    seed_path = d / "seed_pci_laichau.csv"
    seed = None
    if seed_path.exists() and not any(pr.table == seed_path.name and pr.rule in blocking for pr in problems):
        seed = loaders.read_seed_pci(seed_path)
    prov_path = d / "provinces.csv"
    provinces = None
    if prov_path.exists() and not any(
        pr.table == prov_path.name and pr.rule in blocking | {"duplicate_key"} for pr in problems
    ):
        provinces = pd.read_csv(prov_path, dtype={"province_code": str})
    problems += _fingerprint_problems(d, panel, {pr.table for pr in problems if pr.rule in blocking})
    findings = validate_panel(panel, seed, provinces, years)
    located = locate_findings(panel, panel_lines if panel_lines is not None else record_lines(panel_path), findings)
    keyed = {pr.line for pr in problems if pr.table == "pci_panel.csv" and pr.rule == "duplicate_key"}
    problems += [pr for pr in located if not (pr.rule == "duplicate" and pr.line in keyed)]
    return problems, findings


def cli_validate(argv: list[str] | None = None) -> int:
    """``python -m analysis validate``: check data/ against every rule; 1 on errors, 0 otherwise."""
    p = argparse.ArgumentParser(
        prog="python -m analysis validate",
        description="Check the tables under data/ against every rule; exit 1 on errors.",
    )
    p.add_argument("--data-dir", type=Path, default=None, help="folder holding pci_panel.csv (default: data/)")
    p.add_argument("--year", type=int, action="append", help="only this year (repeatable)")
    p.add_argument("--all", action="store_true", help="print every finding, not a digest")
    args = p.parse_args(argv)
    d = Path(args.data_dir or paths.data_dir())
    if not (d / "pci_panel.csv").exists():
        print(
            f"error: {d / 'pci_panel.csv'} is missing; build it with `python -m analysis import-all` "
            "(needs ../shared), or add one year with `python -m analysis import-workbook PATH`",
            file=sys.stderr,
        )
        return 1
    problems, findings = validate_tables(d, args.year)
    if args.all:
        with pd.option_context("display.max_rows", None, "display.max_colwidth", 200, "display.width", 250):
            print(findings.to_string(index=False))
    elif len(findings):
        print(summarise(findings))
    rec_path = d / "validation_findings.csv"
    if rec_path.exists() and args.year is None and not problems:
        recorded = loaders.load_validation_findings(d)
        keep = recorded[~recorded["rule"].isin(PARSE_RULES)]
        if len(keep) != len(findings) or not (
            keep.reset_index(drop=True)[FINDING_COLUMNS].astype(str).equals(findings[FINDING_COLUMNS].astype(str))
        ):
            print(
                "note: data/validation_findings.csv differs from this fresh validation; "
                "re-run `python -m analysis import-all` to refresh it"
            )
    if problems:
        tables = sorted({pr.table for pr in problems})
        print(f"\n{len(problems)} error(s) in {', '.join(tables)} (table, CSV line, column):")
        for pr in problems[:50]:
            print(f"  ERROR {pr}")
        if len(problems) > 50:
            print(f"  ... and {len(problems) - 50} more")
    n_err = int((findings["severity"] == "error").sum())
    print(
        f"{d}: {len(problems)} located error(s); panel rules: {n_err} errors, "
        f"{int((findings['severity'] == 'warning').sum())} warnings, "
        f"{int((findings['severity'] == 'info').sum())} info"
    )
    return 1 if (n_err or problems) else 0


# findings that come from reading the workbooks (not re-derivable from the panel alone)
PARSE_RULES = (
    "stale_sheet_skipped",
    "own_2005_scheme",
    "ranking_sheet_disagrees",
    "cross_edition",
    "papi_blank_cells",
    "papi_panel_blank_row",
    "papi_panel_blank_cells",
    "papi_duplicate_sheet",
    "papi_sheets_not_read",
    "papi_edition_disagrees",
    "papi_sources_disagree",
    "subindex_names_2021",
    "year_identified",
    "source_disagreement",
    "derivation_checked",
    "weights_checked_on_pages",
    "source_refused",
    "papi_out_of_scale",
    "rows_after_table_ignored",
    "fact_contradiction",
)
