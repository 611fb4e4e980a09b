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


def fingerprints(panel: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """``edition_fingerprints.csv``: per year × indicator the values' count and hash, their files and files' hashes."""
    shas = (
        {}
        if sources is None or sources.empty
        else dict(zip(sources["file"].astype(str), sources["sha256"].astype(str)))
    )
    rows = []
    p = panel[panel["score"].notna()]
    # per year × indicator (groupby's keys, in its order): the ``code=score`` lines at the published rounding,
    # sorted and hashed, and the files; one pass over plain lists instead of a DataFrame per group (~300)
    groups: dict[tuple, tuple[list[str], set[str]]] = {}
    lines = (f"{c}={s:.{FINGERPRINT_DECIMALS}f}" for c, s in zip(p["province_code"].tolist(), p["score"].tolist()))
    keys = zip(p["year"].tolist(), p["indicator"].tolist())
    for key, line, f in zip(keys, lines, p["source_file"].astype(str).tolist()):
        g = groups.get(key)
        if g is None:
            g = groups[key] = ([], set())
        g[0].append(line)
        g[1].add(f)
    for y, ind in sorted(k for k in groups if not (pd.isna(k[0]) or pd.isna(k[1]))):  # groupby's keys and order
        g_lines, g_files = groups[(y, ind)]
        files = sorted(g_files - {""})
        rows.append(
            dict(
                year=int(y),
                indicator=ind,
                n_values=len(g_lines),
                value_sha256=hashlib.sha256("\n".join(sorted(g_lines)).encode()).hexdigest(),
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
