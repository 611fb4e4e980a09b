"""The schema of every committed table, read from one file: ``table_schema.toml`` beside this module.

Columns, types, keys, provenance columns and ranges of each table in ``data/`` are declared there, once.
:mod:`.validate` checks the committed tables against it (``python -m analysis validate``; a CSV in
``data/`` the schema does not declare is an error too), and the PAPI importer reads the same ranges: a value
outside the published scale of its measure (a 0.0 total on a 10–80 scale) is stored as missing with a
finding, never as a score (:func:`outside_scale`).

Plain TOML read with the standard library (:mod:`tomllib`): no schema dependency.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

SCHEMA_FILE = Path(__file__).with_name("table_schema.toml")


@dataclass(frozen=True)
class Range:
    """Values of ``column`` lie in [lo, hi] on the rows ``where`` (column -> allowed values) and ``years`` select."""

    column: str
    lo: float
    hi: float
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    years: tuple[int, int] | None = None
    scale: str = ""

    def describe(self) -> str:
        cond = [f"{c} {'/'.join(v)}" for c, v in self.where]
        if self.years:
            cond.append(f"{self.years[0]}–{self.years[1]}")
        return f"{self.lo:g}–{self.hi:g}" + (f" ({', '.join(cond)})" if cond else "")

    def applies(self, df: pd.DataFrame) -> pd.Series:
        """Rows of ``df`` (any dtypes) this range governs."""
        m = pd.Series(True, index=df.index)
        for c, vals in self.where:
            if c not in df.columns:
                return pd.Series(False, index=df.index)
            m &= df[c].astype(str).str.strip().isin(vals)
        if self.years is not None:
            if "year" not in df.columns:
                return pd.Series(False, index=df.index)
            y = pd.to_numeric(df["year"], errors="coerce")
            m &= y.between(*self.years)
        return m

    def outside(self, df: pd.DataFrame) -> pd.Series:
        """Rows governed by this range whose value is present and outside [lo, hi]."""
        if self.column not in df.columns:
            return pd.Series(False, index=df.index)
        v = pd.to_numeric(df[self.column].replace("", np.nan), errors="coerce")
        return self.applies(df) & v.notna() & ~v.between(self.lo, self.hi)


@dataclass(frozen=True)
class TableSchema:
    columns: tuple[str, ...]  # required columns
    key: tuple[str, ...] = ()  # no two rows may share these values
    ints: tuple[str, ...] = ()  # every value an integer
    nullable_ints: tuple[str, ...] = ()  # blank or an integer
    floats: tuple[str, ...] = ()  # every value a finite number
    nonempty: tuple[str, ...] = ()  # never blank (provenance and identity)
    ranges: tuple[Range, ...] = ()
    nullable_floats: tuple[str, ...] = ()  # blank or a finite number
    optional: tuple[str, ...] = ()  # the table's other columns; a column in neither list is undeclared


def _range(d: dict) -> Range:
    where = tuple((c, tuple(str(x) for x in v)) for c, v in (d.get("where") or {}).items())
    years = tuple(d["years"]) if "years" in d else None
    return Range(d["column"], float(d["min"]), float(d["max"]), where, years, d.get("scale", ""))


@lru_cache(maxsize=4)
def load_schemas(path: Path = SCHEMA_FILE) -> dict[str, TableSchema]:
    """Every declared table -> its :class:`TableSchema`, in the file's order."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)["tables"]
    fields = ("columns", "key", "ints", "nullable_ints", "floats", "nonempty", "nullable_floats", "optional")
    return {
        name: TableSchema(
            **{f: tuple(t.get(f, ())) for f in fields}, ranges=tuple(_range(r) for r in t.get("ranges", ()))
        )
        for name, t in raw.items()
    }


def outside_scale(df: pd.DataFrame, table: str, column: str = "score") -> list[tuple[int, Range]]:
    """(row label, range) for each row of ``df`` whose ``column`` lies outside the declared range of ``table``."""
    out = []
    for r in load_schemas()[table].ranges:
        if r.column == column:
            out += [(i, r) for i in df.index[r.outside(df)]]
    return out
