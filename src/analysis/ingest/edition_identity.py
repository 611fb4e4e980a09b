"""Which year an edition's values are: the fingerprint of every imported edition, and the content check.

A file's name, ``--year`` and ``--replace`` say which year a file is *meant* to be; its values say which
year it *is*. Before anything under ``data/`` changes, a new edition is compared with every year already in
``data/`` (the kept values of every source: official workbooks, pages, the research panel, press):

* a file whose bytes are those of a file already imported for another year (``sources.csv``, SHA-256), or
* a file whose values equal, or nearly equal, another year's — at least :data:`NEAR_SHARE` of the values
  both hold (and at least :data:`MIN_COMMON` of them) within the rounding the less precise of the two
  publishes —

is refused (:class:`EditionOfAnotherYearError`) with one line naming both years, whatever the name,
``--year`` or ``--replace`` say. ``--replace`` replaces a year only with content that is not another year's.

``edition_fingerprints.csv`` (committed in ``data/``, :mod:`.fingerprint`) records per year × indicator the
number of values, a SHA-256 of the values at the published rounding and the files and file hashes they come
from; ``validate`` refuses two years holding the same values there.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.ingest.pci_common import decimals_of
from analysis.ingest.precedence import tolerance
from analysis.ingest.workbooks import WorkbookError

NEAR_SHARE = 0.95  # this share of the common values within the published rounding: the same edition
MIN_COMMON = 5  # fewer common values than this decide nothing (a few press figures may repeat by chance)


class EditionOfAnotherYearError(WorkbookError):
    """The file holds the values (or the bytes) of another year already in data/; refused whatever its label."""


class YearContradictionError(WorkbookError):
    """The file name and ``--year`` name different years: never decided for the user."""


@dataclass
class Match:
    year: int
    common: int
    agree: int

    @property
    def share(self) -> float:
        return self.agree / self.common if self.common else 0.0

    @property
    def same(self) -> bool:
        return self.common >= MIN_COMMON and self.share >= NEAR_SHARE


def _value_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.loc[df["score"].notna(), ["year", "province_code", "indicator", "score"]].copy()
    out["province_code"] = out["province_code"].astype(str)
    out["score"] = out["score"].astype(float)
    out["dec"] = [decimals_of(x) for x in out["score"].tolist()]
    return out


def _tolerances(dec_old, dec_new) -> np.ndarray:
    """:func:`~analysis.ingest.precedence.tolerance` of each pair, computed once per distinct pair of decimals
    (a handful: 0-6 or full precision) instead of once per value (import-all compares 17 editions pairwise)."""
    a, b = np.asarray(dec_old, dtype=float), np.asarray(dec_new, dtype=float)
    code = np.where(np.isnan(a), -1.0, a) * 1000 + np.where(np.isnan(b), -1.0, b)  # decimals are small integers
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)  # first: a row of each pair
    tol = np.array([tolerance(a[i], b[i]) for i in first])
    return tol[inverse.reshape(-1)]


def _compare(new: pd.DataFrame, old: pd.DataFrame) -> list[Match]:
    fast = _compare_values(_Values.of(new), _Values.of(old)) if "year" not in new.columns else None
    if fast is not None:
        return fast
    m = old.merge(new, on=["province_code", "indicator"], suffixes=("_old", "_new"))
    if m.empty:
        return []
    tol = _tolerances(m["dec_old"], m["dec_new"])
    m["agree"] = (m["score_old"] - m["score_new"]).abs().to_numpy() <= tol
    g = m.groupby("year")["agree"].agg(["size", "sum"])
    return [Match(int(y), int(r["size"]), int(r["sum"])) for y, r in g.iterrows()]


@dataclass
class _Values:
    """A :func:`_value_frame` as plain arrays, for :func:`_compare_values`: its (province code, indicator) keys and
    whether a key or year is missing."""

    keys: list[tuple]
    missing: bool
    year: np.ndarray | None
    score: np.ndarray
    dec: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Values:
        year = frame["year"].to_numpy() if "year" in frame.columns else None
        missing = bool(frame[["province_code", "indicator"]].isna().to_numpy().any()) or (
            year is not None and bool(pd.isna(year).any())
        )
        return cls(
            list(zip(frame["province_code"].tolist(), frame["indicator"].tolist())),
            missing,
            year,
            frame["score"].to_numpy(dtype=float),
            frame["dec"].to_numpy(dtype=float),
        )

    @functools.cached_property
    def row_of(self) -> dict | None:
        """Each key's row, when no key repeats (else None)."""
        row_of = {k: i for i, k in enumerate(self.keys)}
        return row_of if len(row_of) == len(self.keys) else None


def _compare_values(new: _Values, old: _Values) -> list[Match] | None:
    """:func:`_compare` when ``new`` holds each province × indicator once and no key or year is missing (every
    edition read from a workbook): each row of ``old`` meets at most one of ``new``, found by a dict lookup instead
    of a merge (import-all compares every pair of editions: ~140 merges). None: use the merge."""
    if new.row_of is None or new.missing or old.missing or old.year is None:
        return None
    get = new.row_of.get
    pos = np.array([get(k, -1) for k in old.keys], dtype=np.int64)
    hit = pos >= 0
    if not hit.any():
        return []
    pos = pos[hit]
    agree = np.abs(old.score[hit] - new.score[pos]) <= _tolerances(old.dec[hit], new.dec[pos])
    ys, inverse = np.unique(old.year[hit], return_inverse=True)  # sorted, as groupby("year")
    size = np.bincount(inverse.reshape(-1), minlength=len(ys))
    n_agree = np.bincount(inverse.reshape(-1), weights=agree, minlength=len(ys))
    return [Match(int(y), int(n), int(a)) for y, n, a in zip(ys, size, n_agree)]


def compare_with_years(records: pd.DataFrame, panel: pd.DataFrame) -> list[Match]:
    """For every year of ``panel``: how many values of ``records`` it holds and how many agree within rounding."""
    return _compare(_value_frame(records).drop(columns="year"), _value_frame(panel))


def _file_year_of_sha(sources: pd.DataFrame | None, sha: str) -> list[tuple[int, str]]:
    if sources is None or sources.empty or not sha:
        return []
    hit = sources[
        (sources["sha256"].astype(str) == sha)
        & sources["year"].notna()
        & sources["role"].astype(str).str.startswith("pci workbook")
    ]
    return sorted({(int(r.year), str(r.file)) for r in hit.itertuples()})


def check_not_another_year(
    file: str | Path,
    sha256: str,
    records: pd.DataFrame,
    year: int,
    how: str,
    panel: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> None:
    """Refuse an edition labelled ``year`` (by ``how``) whose bytes or values are another year's in ``panel``."""
    name = Path(file).name
    for y, f in _file_year_of_sha(sources, sha256):
        if y != year:
            raise EditionOfAnotherYearError(
                f"is byte for byte {f}, already imported as PCI {y} (same SHA-256 {sha256[:12]}…), so it cannot be "
                f"PCI {year} ({how}); refused whatever its name, --year or --replace",
                file=name,
            )
    others = [m for m in compare_with_years(records, panel[panel["year"] != year]) if m.same]
    if others:
        best = max(others, key=lambda m: (m.share, m.common))
        raise EditionOfAnotherYearError(
            f"holds the values of PCI {best.year} already in data/ ({best.agree} of {best.common} values equal "
            f"within the published rounding), so it is not PCI {year} ({how}); refused whatever its name, "
            "--year or --replace",
            file=name,
        )


def identify_year(records: pd.DataFrame, panel: pd.DataFrame) -> list[Match]:
    """The years of ``panel`` whose values ``records`` reproduce (:attr:`Match.same`), best first."""
    hits = [m for m in compare_with_years(records, panel) if m.same]
    return sorted(hits, key=lambda m: (-m.share, -m.common, m.year))


def duplicate_editions(parsed: list) -> list[tuple[object, EditionOfAnotherYearError]]:
    """import-all: (workbook, refusal) for both workbooks of each pair labelled with different years whose values
    are the same edition: which label is right cannot be told from the two files, so neither is imported."""
    out: dict[int, tuple[object, EditionOfAnotherYearError]] = {}
    frames = [_value_frame(p.records) for p in parsed]  # each edition's values and decimals, read once
    values = [_Values.of(f) for f in frames]
    for i, b in enumerate(parsed):
        new = frames[i].drop(columns="year")
        as_new = dataclasses.replace(values[i], year=None)  # as new: its years are not compared
        for j, a in enumerate(parsed[:i]):
            if a.year == b.year:
                continue
            ms = _compare_values(as_new, values[j])  # = compare_with_years(b.records, a.records)
            if ms is None:
                ms = _compare(new, frames[j])
            if ms and ms[0].same:
                m = ms[0]
                for x, y in ((a, b), (b, a)):
                    out.setdefault(
                        id(x),
                        (
                            x,
                            EditionOfAnotherYearError(
                                f"holds the values of {y.file} (PCI {y.year}; {m.agree} of {m.common} values equal within "
                                f"the published rounding) under the label PCI {x.year}: one edition under two years' "
                                "labels; neither is imported",
                                file=x.file,
                            ),
                        ),
                    )
    return list(out.values())
