"""Read the tables the importer writes under ``data/``, with the right dtypes.

``province_code`` is always a 2-character string ("01"), ``year`` an int, ``rank`` a nullable
``Int64``; text columns have "" (not NaN) for blanks. A missing table raises
``FileNotFoundError`` naming the command that builds it.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from analysis.core import paths, store

PANEL = "pci_panel.csv"
PAPI = "papi.csv"
PAPI_DIMENSIONS = "papi_dimensions.csv"
PAPI_SUBDIMENSIONS = "papi_subdimensions.csv"
PAPI_TOTALS = "papi_totals.csv"
PAPI_AGREEMENT = "papi_agreement.csv"
FINDINGS = "validation_findings.csv"
SOURCES = "sources.csv"

PANEL_COLUMNS = [
    "year",
    "province",
    "province_code",
    "indicator",
    "score",
    "rank",
    "rank_kind",
    "tier",
    "source_kind",
    "source_file",
    "source_locator",
    "source_url",
    "rank_locator",
    "methodology",
]
SOURCE_COMPARISONS = "source_comparisons.csv"
SOURCE_AGREEMENT = "source_agreement.csv"
PCI_FACTS = "pci_facts.csv"


def _path(name: str, data_dir: Path | str | None) -> Path:
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    p = store.committed_path(name, d)  # reading never writes: a half-done import is read as committed
    if not p.exists():
        raise FileNotFoundError(
            f"{p} is missing; build it with `python -m analysis import-all` (needs ../shared), "
            "or add one year with `python -m analysis import-workbook PATH`"
        )
    return p


# Tables read before, by their bytes' SHA-256 and the dtypes asked for: an import reads the committed panel, sources
# and findings, checks the panel it stages by reading it back, and the next import (or report, or test) reads the
# same bytes again. Keyed by content, never by name or time: a changed file is a new key. Each caller gets its own
# copy (pandas copy-on-write: a change to it never reaches the cached frame).
_READ_CACHE: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_READ_CACHE_SIZE = 24
_READ_CACHE_LOCK = threading.Lock()


def _read(
    path: Path, ints: tuple[str, ...] = (), nullable_ints: tuple[str, ...] = (), floats: tuple[str, ...] = ()
) -> pd.DataFrame:
    if Path(path).suffix.lower() != ".csv":  # pandas infers a compression from other suffixes (.gz, .zip)
        return _parse(path, ints, nullable_ints, floats)
    data = Path(path).read_bytes()
    key = (hashlib.sha256(data).digest(), tuple(ints), tuple(nullable_ints), tuple(floats))
    with _READ_CACHE_LOCK:
        hit = _READ_CACHE.get(key)
        if hit is not None:
            _READ_CACHE.move_to_end(key)
    if hit is None:
        hit = _parse(io.BytesIO(data), ints, nullable_ints, floats)
        with _READ_CACHE_LOCK:
            _READ_CACHE[key] = hit
            while len(_READ_CACHE) > _READ_CACHE_SIZE:
                _READ_CACHE.popitem(last=False)
    return hit.copy()


def _parse(source, ints: tuple[str, ...], nullable_ints: tuple[str, ...], floats: tuple[str, ...]) -> pd.DataFrame:
    df = pd.read_csv(source, dtype={"province_code": str}, keep_default_na=False, na_values=[""])
    for c in ints:
        if c in df.columns:
            df[c] = df[c].astype(int)
    for c in nullable_ints:
        if c in df.columns:
            df[c] = pd.array(df[c], dtype="Int64")
    for c in floats:
        if c in df.columns:
            df[c] = df[c].astype(float)
    for c in df.columns:
        if c not in ints + nullable_ints + floats and not pd.api.types.is_numeric_dtype(df[c]):
            df[c] = df[c].fillna("").astype(str)
    if "province_code" in df.columns:
        df["province_code"] = df["province_code"].fillna("").astype(str)
    return df


def load_pci(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The PCI panel: one row per province × year × indicator (``data/pci_panel.csv``).

    Columns: year, province, province_code, indicator, score, rank (Int64), rank_kind
    ("published" | "computed from scores" | "derived" | ""), tier, source_kind (one of
    ``catalog.load_source_kinds()``: official_workbook, official_page, province_document,
    research_panel, derived, press), source_file, source_locator (Excel cell "Summary_VN!W13",
    CSV line, Stata variable and observation, seed appendix and line), source_url, rank_locator,
    methodology ("2005", "2006-2008", "2009-2012", "2013-2021", "2022-").
    """
    return _read(_path(PANEL, data_dir), ints=("year",), nullable_ints=("rank",), floats=("score",))


def load_pci_facts(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Published PCI facts that are not panel cells (``data/pci_facts.csv``): the national median, a province's
    rank within its region. Columns: year, scope, region, province, province_code, indicator, score, rank, of_n,
    source_kind, source_file, source_locator, source_url, quote (see ``catalog_data/fact_indicators.csv``)."""
    return _read(_path(PCI_FACTS, data_dir), ints=("year",), nullable_ints=("rank", "of_n"), floats=("score",))


def load_projection_default(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The committed projection default per indicator (``data/projection_default.csv``, written by
    ``python -m analysis backtest``): method, rule, pooled scores, ``edge_over_persistence``, the recent check
    (``recent_*``) and the calibrated ``interval_scale``."""
    return _read(_path("projection_default.csv", data_dir))


def load_projection_skill_by_period(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Backtest skill per origin period and method (``data/projection_skill_by_period.csv``)."""
    return _read(_path("projection_skill_by_period.csv", data_dir), floats=("rank_mae", "brier_top30"))


def load_source_comparisons(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every value a lower source gives for a kept cell, compared with the kept value (``data/source_comparisons.csv``)."""
    return _read(
        _path(SOURCE_COMPARISONS, data_dir),
        ints=("year",),
        floats=("kept_value", "other_value", "tolerance", "difference"),
    )


def load_source_agreement(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Per pair of sources × year × field: values compared, values agreeing, largest difference."""
    return _read(
        _path(SOURCE_AGREEMENT, data_dir), ints=("year", "n_compared", "n_agree"), floats=("max_abs_difference",)
    )


def load_papi(data_dir: Path | str | None = None, sub_dimensions: bool = False, totals: bool = False) -> pd.DataFrame:
    """PAPI provincial scores 2011–2024 (``data/papi.csv``), one row per province × year × dimension.

    ``level`` is "dimension" (6 in 2011–2017, 8 from 2018) or "total" (``dimension ==
    "papi_total_unweighted"``: the unweighted sum of the dimensions, every year). Provenance is in
    columns: ``source_kind`` ("official_workbook" for PAPI_2011-2019.xlsx, 2011–2019;
    "research_panel" for the PAPI data tables 2018–2023 and the sub-dimension panel 2020–2024),
    ``source_file``, ``source_locator`` (Excel cell, or CSV line and columns), ``source_url`` (empty).
    Missing is missing: a province with no published score in a year has no row.

    ``sub_dimensions=True`` adds the official sub-dimension rows 2011–2019
    (``data/papi_subdimensions.csv``) and a ``parent`` column naming each one's dimension.
    ``totals=True`` returns instead the tidy PAPI totals (:func:`load_papi_totals`).
    """
    if totals:
        return load_papi_totals(data_dir)
    df = _read(_path(PAPI, data_dir), ints=("year",), floats=("score",))
    if not sub_dimensions:
        return df
    sub = _read(_path(PAPI_SUBDIMENSIONS, data_dir), ints=("year",), floats=("score",))
    dims = load_papi_dimensions(data_dir).set_index("dimension")
    if "level" not in sub.columns:  # level and Vietnamese name live in papi_dimensions.csv
        sub["level"] = sub["dimension"].map(dims["level"]).fillna("sub_dimension").astype(str)
        sub["dimension_vi"] = sub["dimension"].map(dims["name_vi"]).fillna("").astype(str)
        sub = sub[[c for c in df.columns if c in sub.columns]]
    both = pd.concat([df, sub], ignore_index=True)
    both["parent"] = both["dimension"].map(dims["parent"]).fillna("").astype(str)
    return both.sort_values(["year", "province_code"], kind="mergesort").reset_index(drop=True)


def load_papi_totals(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The PAPI total per province × year × measure (``data/papi_totals.csv``).

    ``measure``: "papi_total_unweighted" (every year 2011–2024, from the highest source holding it)
    or "papi_total_weighted" (where published: 2019). ``ci_low``, ``ci_high``, ``std_error``: the
    published 95% interval where the data tables give it. ``rank`` (Int64, 1 = best) is computed
    from the scores among the ``n_ranked`` provinces with a score that year
    (``rank_kind == "computed from scores"``), never published. Provenance columns as in
    :func:`load_papi`.
    """
    return _read(
        _path(PAPI_TOTALS, data_dir),
        ints=("year", "n_ranked"),
        nullable_ints=("rank",),
        floats=("score", "ci_low", "ci_high", "std_error"),
    )


def load_papi_agreement(data_dir: Path | str | None = None) -> pd.DataFrame:
    """How the PAPI sources agree (``data/papi_agreement.csv``): per year, level and pair of sources,
    values compared, agreeing (within 0.005) and the largest difference."""
    return _read(_path(PAPI_AGREEMENT, data_dir), ints=("year", "compared", "agree"), floats=("largest_difference",))


def load_papi_dimensions(data_dir: Path | str | None = None) -> pd.DataFrame:
    """PAPI dimensions and sub-dimensions with the years they are published (``data/papi_dimensions.csv``)."""
    df = _read(_path(PAPI_DIMENSIONS, data_dir), ints=("first_year", "last_year"))
    if "new_in_2018" in df.columns:
        df["new_in_2018"] = df["new_in_2018"].astype(str).str.lower().eq("true")
    return df


def load_validation_findings(data_dir: Path | str | None = None) -> pd.DataFrame:
    """What validation found at the last import (``data/validation_findings.csv``).

    Provenance in columns, as in the panel: ``source_kind, source_file, source_locator, source_url``
    (the value or file a finding is about) and ``other_kind … other_url`` (the second source of a
    comparison); every column but ``year`` is text ("" where blank).
    """
    df = _read(_path(FINDINGS, data_dir), nullable_ints=("year",))
    for c in df.columns.drop("year", errors="ignore"):
        df[c] = df[c].astype(object).fillna("").astype(str)  # a column blank on every row stays text
    return df


def load_sources(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every input file of the last import, with its sha256 (``data/sources.csv``)."""
    return _read(_path(SOURCES, data_dir), nullable_ints=("year", "rows_read"))


def read_seed_pci(path: Path | str) -> pd.DataFrame:
    """A seed PCI table (``seed_pci_laichau.csv`` schema) with panel dtypes."""
    return _read(Path(path), ints=("year",), nullable_ints=("rank",), floats=("score",))


# --------------------------------------------------------------------------- seed tables
SEED_PCI = "seed_pci_laichau.csv"
SEED_PAR_INDEX = "seed_par_index_laichau.csv"
SEED_TARGETS = "seed_targets.csv"
SEED_ADMIN_REFORM = "seed_admin_reform_laichau.csv"


def load_targets(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Targets and baselines from the seed documents, one row per target (``data/seed_targets.csv``)."""
    return _read(
        _path(SEED_TARGETS, data_dir),
        nullable_ints=("target_year", "baseline_year"),
        floats=("value_low", "value_high", "baseline_value", "baseline_value_high"),
    )


def load_seed_pci(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Lai Châu PCI 2016–2020 as transcribed in seed 002, Appendix 03 (before precedence)."""
    return read_seed_pci(_path(SEED_PCI, data_dir))


def load_par_index(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Lai Châu PAR INDEX 2016–2019 and its components (seed 002, Appendix 04)."""
    return _read(_path(SEED_PAR_INDEX, data_dir), ints=("year",), nullable_ints=("rank",), floats=("score",))


def load_admin_reform(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Lai Châu administrative-reform statistics 2016–2020 (seed 002, Appendices 05–11)."""
    return _read(_path(SEED_ADMIN_REFORM, data_dir), ints=("year",), floats=("value",))
