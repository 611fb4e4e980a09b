"""Candidate rows: what every reader returns before precedence picks one value per cell.

A candidate has the panel's columns (``loaders.PANEL_COLUMNS``) plus ``score_decimals`` (the
number of decimals the source publishes; blank for full precision), ``order`` (position of
the source in the import, to break ties between two sources of the same kind) and ``rank_max``
(for a rank computed from scores: the last rank of its tie group, since a score shared by k
provinces may carry any published rank from ``rank`` to ``rank + k − 1``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.ranking import rank_desc_by, rank_desc_last_by  # the one ranking function and its tie span
from analysis.data import catalog, loaders, maps
from analysis.data.catalog import COMPOSITE, INDICATORS, UnknownProvinceError

CANDIDATE_COLUMNS = loaders.PANEL_COLUMNS + ["score_decimals", "order", "rank_max"]
RANK_PUBLISHED = "published"
RANK_COMPUTED = "computed from scores"
RANK_DERIVED = "derived"
FULL_PRECISION = 12  # decimals above this count as "full precision"


class SourceRefused(ValueError):
    """A source file (or one of its rows) that cannot be imported; names the file and the location."""

    def __init__(self, message: str, *, file: str | Path, where: str = ""):
        self.file = Path(file).name
        self.where = where
        self.reason = message
        super().__init__(f"{self.file}{', ' + where if where else ''}: {message}")


def decimals_of(value) -> float:
    """Decimals a published value carries: '7.00' -> 2, 53.46 -> 2, 6.705826759338379 -> nan (full precision).

    Text keeps its trailing zeros; a float is the shortest decimal that represents it.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, str):
        return _decimals_of_text(value.strip())
    return _decimals_of_float(float(value))


@lru_cache(maxsize=1 << 16)
def _decimals_of_float(x: float) -> float:
    """:func:`decimals_of` of a number, worked out once per value: an import asks it of every score of every
    source, and of the same scores again in each edition comparison (~400,000 calls)."""
    text = repr(x)
    if "e" not in text and "." in text and text[-1].isdigit():  # 'ddd.ddd': the digits after the point
        exp = len(text) - text.index(".") - 1
        return float(exp) if exp <= FULL_PRECISION else np.nan
    return _decimals_of_text(text)


def _decimals_of_text(text: str) -> float:
    try:
        d = Decimal(text)
    except InvalidOperation:
        return np.nan
    exp = -d.as_tuple().exponent if d.as_tuple().exponent < 0 else 0
    return float(exp) if exp <= FULL_PRECISION else np.nan


@lru_cache(maxsize=256)  # a file's rows each check their year against it
def edition_years(path: str | Path) -> tuple[int, int] | None:
    """The years a file's name says it covers: 'pcivietnam_values_2006_2022.csv' -> (2006, 2022)."""
    ys = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", Path(path).stem)]
    if not ys:
        return None
    return min(ys), max(ys)


def check_year(year, path: Path, where: str, earlier_ok: bool = False) -> int:
    """An integer year inside the edition the file name states, else :class:`SourceRefused`.

    ``earlier_ok``: a year before the edition is accepted too (a press file of PCI 2024 quotes 2023 figures)."""
    try:
        y = int(str(year).strip())
    except ValueError:
        raise SourceRefused(f"year {year!r} is not a year", file=path, where=where) from None
    ed = edition_years(path)
    if ed is not None and not (ed[0] if not earlier_ok else 0) <= y <= ed[1]:
        raise SourceRefused(
            f"year {y} is outside the edition {ed[0]}–{ed[1]} the file name states", file=path, where=where
        )
    return y


def resolve(name: str, path: Path, where: str, year: int | None = None):
    """Resolve a province name (NFD, short forms such as BRVT, TP.HCM, TT-Huế) or refuse with the location;
    with ``year``, on that year's map (from 2025 the 34 units: Phú Thọ is the merged unit M25)."""
    try:
        return maps.resolve_province(str(name), year=year)
    except UnknownProvinceError as exc:
        hint = f"; closest known names: {', '.join(exc.suggestions)}" if exc.suggestions else ""
        raise SourceRefused(f"unknown province {name!r}{hint}", file=path, where=where) from None


def check_indicator(code: str, path: Path, where: str) -> str:
    code = str(code).strip()
    if code not in INDICATORS:
        raise SourceRefused(f"unknown indicator {code!r} (known: {', '.join(INDICATORS)})", file=path, where=where)
    return code


def check_score(x: float, indicator: str, path: Path, where: str) -> float:
    hi = 100.0 if indicator == COMPOSITE else 10.0
    if not np.isfinite(x) or not 0.0 <= x <= hi:
        raise SourceRefused(f"{indicator} score {x!r} outside 0–{hi:g}", file=path, where=where)
    return x


def parse_float(text, path: Path, where: str, what: str = "score") -> float:
    t = "" if text is None else str(text).strip()
    if t == "":
        return np.nan
    try:
        return float(t)
    except ValueError:
        raise SourceRefused(f"{what} {text!r} is not a number", file=path, where=where) from None


def parse_rank(text, path: Path, where: str) -> object:
    t = "" if text is None else str(text).strip()
    if t == "":
        return pd.NA
    if not re.fullmatch(r"\d+", t) or not 1 <= int(t) <= 64:
        raise SourceRefused(f"rank {text!r} is not an integer in 1..63", file=path, where=where)
    return int(t)


def candidates_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a candidate table with the declared dtypes."""
    df = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    df["year"] = df["year"].astype(int)
    df["score"] = df["score"].astype(float)
    df["rank"] = pd.array(df["rank"], dtype="Int64")
    df["score_decimals"] = df["score_decimals"].astype(float)
    df["order"] = df["order"].fillna(0).astype(int)
    df["rank_max"] = df["rank_max"].astype(float)
    for c in CANDIDATE_COLUMNS:
        if c not in ("year", "score", "rank", "score_decimals", "order", "rank_max"):
            df[c] = df[c].fillna("").astype(str)
    return df


def add_computed_ranks(df: pd.DataFrame, complete: int = 63, locator: str = "") -> pd.DataFrame:
    """Ranks from scores (:func:`rank_desc`: higher = 1, ties share the best rank) where the source publishes
    none; ``rank_max`` (when a column) the last rank of the tie group (:func:`rank_desc_last_by`).

    Only for a year × indicator the source covers completely (``complete`` provinces): a rank among
    a handful of provinces would mean nothing.
    """
    df = df.copy()
    n = df.groupby(["year", "indicator"])["province_code"].transform("nunique")
    by = [df["year"], df["indicator"]]
    comp, comp_max = rank_desc_by(df["score"], by), rank_desc_last_by(df["score"], by)
    need = df["rank"].isna() & (n >= complete) & df["score"].notna()
    df.loc[need, "rank"] = comp[need].astype("int64")
    if "rank_max" in df.columns:
        df.loc[need, "rank_max"] = comp_max[need].astype(float)
    df.loc[need, "rank_kind"] = RANK_COMPUTED
    if locator:
        df.loc[need, "rank_locator"] = locator
    return df


def methodology(year: int) -> str:
    return catalog.methodology_period(int(year))


def published_value_row(
    r: dict, path: Path, where: str, *, kind: str, locator: str, url: str, order: int, earlier_ok: bool = False
) -> dict:
    """One candidate row from a transcribed value (a page or a press quote): province, year,
    indicator, score and/or published rank checked, each refusal naming ``path`` and ``where``."""
    year = check_year(r["year"], path, where, earlier_ok)
    prov = resolve(r["province_vi"], path, where, year)
    ind = check_indicator(r["indicator"], path, where)
    score = parse_float(r["score"], path, where)
    rank = parse_rank(r["rank"], path, where)
    if pd.isna(score) and pd.isna(rank):
        raise SourceRefused("neither a score nor a rank", file=path, where=where)
    if not pd.isna(score):
        check_score(score, ind, path, where)
    return dict(
        year=year,
        province=prov.name,
        province_code=prov.code,
        indicator=ind,
        score=score,
        rank=rank,
        rank_kind=RANK_PUBLISHED if not pd.isna(rank) else "",
        tier="",
        source_kind=kind,
        source_file=Path(path).name,
        source_locator=locator,
        source_url=url,
        rank_locator=locator if not pd.isna(rank) else "",
        methodology=methodology(year),
        score_decimals=decimals_of(r["score"]) if r["score"].strip() else float("nan"),
        order=order,
    )
