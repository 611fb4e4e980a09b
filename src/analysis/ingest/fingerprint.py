"""The value fingerprint of every edition in the panel: ``data/edition_fingerprints.csv``.

Per year × indicator: how many values, a SHA-256 of the values at the published rounding (two decimals,
``code=score`` lines sorted), the files they come from and those files' SHA-256 (``sources.csv``). The importer
writes it (:mod:`.importer`); ``validate`` recomputes it from the committed panel and refuses a stale table or
two years holding the same values (:mod:`.validate`). Kept free of the import machinery so that both can use it.
"""

from __future__ import annotations

import hashlib

import pandas as pd

FINGERPRINTS_TABLE = "edition_fingerprints.csv"
FINGERPRINT_COLUMNS = ["year", "indicator", "n_values", "value_sha256", "source_files", "file_sha256"]
FINGERPRINT_DECIMALS = 2  # PCI scores are published with two decimals
FULL_EDITION = 30  # an indicator with at least this many values in a year: a whole edition, not a few figures


def _value_sha(g: pd.DataFrame) -> str:
    lines = sorted(f"{c}={s:.{FINGERPRINT_DECIMALS}f}" for c, s in zip(g["province_code"], g["score"]))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def fingerprints(panel: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """``edition_fingerprints.csv``: per year × indicator the values' count and hash, their files and files' hashes."""
    shas = (
        {}
        if sources is None or sources.empty
        else dict(zip(sources["file"].astype(str), sources["sha256"].astype(str)))
    )
    rows = []
    p = panel[panel["score"].notna()]
    for (y, ind), g in p.groupby(["year", "indicator"], sort=True):
        files = sorted(set(g["source_file"].astype(str)) - {""})
        rows.append(
            dict(
                year=int(y),
                indicator=ind,
                n_values=len(g),
                value_sha256=_value_sha(g),
                source_files="; ".join(files),
                file_sha256="; ".join(shas[f] for f in files if f in shas),
            )
        )
    df = pd.DataFrame(rows, columns=FINGERPRINT_COLUMNS)
    return df.sort_values(["year", "indicator"], kind="mergesort").reset_index(drop=True)


def same_values(fp: pd.DataFrame) -> list[tuple[str, list[int]]]:
    """(indicator, years) for each set of years whose values of an indicator hash the same (whole editions)."""
    full = fp[pd.to_numeric(fp["n_values"], errors="coerce") >= FULL_EDITION]
    dup = full[full.duplicated(["indicator", "value_sha256"], keep=False)]
    return [(ind, sorted(int(y) for y in g["year"])) for (ind, _), g in dup.groupby(["indicator", "value_sha256"])]
