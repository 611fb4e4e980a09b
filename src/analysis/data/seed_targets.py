"""The curated facts of the seed documents: targets, baselines and rank statements.

Both live as data in ``catalog_data/`` (reviewed by hand, one row per fact, with the
verbatim quote and the seed file):

``catalog_data/seed_targets.csv``
    One row per target (or stated baseline) of the five documents. Nothing here is trusted
    on its own: :func:`analysis.ingest.seeds.targets` (run by the importer) checks every ``quote``
    (and ``baseline_quote``) against the seed file after whitespace folding, finds its line
    number, and reads every number from the quote: the text must occur in the quote as a
    whole number token and is parsed with ``parse_number(..., decimal=",")``. A field named
    in ``convention_fields`` is a convention, not a reading (``1`` as the lower end of a
    top-k band; a ``target_year`` taken from the section heading named in ``section``), and
    each is explained in ``note``.

    Fields: ``file``/``section``/``anchor`` (the quote is searched after ``anchor`` when
    given, e.g. "PHỤ LỤC 01", since Appendix 01 repeats sentences of Part 3);
    ``baseline_quote`` (with ``baseline_file``/``baseline_section`` when it lives
    elsewhere); ``kind``: rank_band, top_k, region_top_k, score_change_per_year,
    percentage, count, keep_first, tier, or ``baseline`` for a row that records only a
    stated baseline (the seed states no target for that index).

``catalog_data/seed_statements.csv``
    Ranks the documents state as facts (Lai Châu's 2020 sub-index ranks in prose; the PCI
    composite ranks of Điện Biên, Hà Tĩnh, Quảng Ninh and Lai Châu), with the 1-based
    ``line`` where the quote starts. :func:`analysis.ingest.seeds.checked_statements` verifies each
    quote occurs there; :func:`check_seed_claims` (the one seed-claim checker) compares each
    statement with the ranks in the PCI panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd

from analysis.core import paths
from analysis.data.catalog import resolve_province

_DATA = paths.package_dir() / "catalog_data"
TARGETS_FILE = _DATA / "seed_targets.csv"
STATEMENTS_FILE = _DATA / "seed_statements.csv"

STATEMENT_COLUMNS = [
    "statement_id",
    "group",
    "province",
    "indicator",
    "year_from",
    "year_to",
    "rank_low",
    "rank_high",
    "rank_of",
    "file",
    "line",
    "section",
    "quote",
    "claim",
    "note",
]
CLAIM_COLUMNS = [
    "statement_id",
    "group",
    "province",
    "indicator",
    "year",
    "claim",
    "expected",
    "rank_low",
    "rank_high",
    "data_rank",
    "rank_kind",
    "data_source_kind",
    "status",
    "file",
    "line",
    "quote",
    "note",
]
STATUS_AGREE, STATUS_DISAGREE, STATUS_NOT_COVERED = "agree", "disagree", "not covered by the data"
STATUSES = (STATUS_AGREE, STATUS_DISAGREE, STATUS_NOT_COVERED)


def _read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@cache
def _targets_cached(path: str) -> tuple[dict, ...]:
    df = _read_csv(path)
    out = []
    for k, r in enumerate(df.to_dict("records"), start=2):
        conv = {c for c in r.pop("convention_fields").split(";") if c}
        row = {}
        for c, v in r.items():
            if v == "":
                continue
            if c in conv:
                try:
                    f = float(v)
                except ValueError:
                    raise ValueError(f"{path}, row {k}: convention field {c!r} = {v!r} is not a number") from None
                row[c] = int(f) if f.is_integer() else f
            else:
                row[c] = v
        missing = conv - set(row)
        if missing:
            raise ValueError(f"{path}, row {k}: convention_fields names empty fields {sorted(missing)}")
        out.append(row)
    return tuple(out)


def load_target_specs(path=None) -> list[dict]:
    """The curated targets as dicts: numbers read from the quote stay text, conventions are numbers."""
    return [dict(t) for t in _targets_cached(str(path or TARGETS_FILE))]


def load_statements(group: str | Sequence[str] | None = None, path=None) -> pd.DataFrame:
    """The seed rank statements (``catalog_data/seed_statements.csv``), optionally one ``group``."""
    df = _read_csv(path or STATEMENTS_FILE)
    if list(df.columns) != STATEMENT_COLUMNS:
        raise ValueError(f"{path or STATEMENTS_FILE}: columns {list(df.columns)}, expected {STATEMENT_COLUMNS}")
    for c in ("year_from", "year_to", "rank_low", "rank_high", "rank_of", "line"):
        df[c] = df[c].astype(int)
    if group is not None:
        groups = [group] if isinstance(group, str) else list(group)
        unknown = set(groups) - set(df["group"])
        if unknown:
            raise KeyError(f"no seed statements in group(s) {sorted(unknown)}; have {sorted(set(df['group']))}")
        df = df[df["group"].isin(groups)]
    return df.reset_index(drop=True)


TARGETS: list[dict] = load_target_specs()


def check_seed_claims(panel: pd.DataFrame, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each seed rank statement, one row per year, against the rank the panel holds.

    ``statements``: rows of :func:`load_statements` (default: all). Columns
    :data:`CLAIM_COLUMNS`; ``expected`` is "46–48" or "21"; ``status`` is agree (the data's
    rank lies in [rank_low, rank_high]), disagree, or "not covered by the data" (the panel
    has no rank for that province, indicator and year). ``data_source_kind`` says what the
    data's rank comes from (a seed-document row checks one document against another).
    """
    st = load_statements() if statements is None else statements
    rows = []
    for s in st.to_dict("records"):
        prov = resolve_province(s["province"])
        mine = panel[(panel["province_code"].astype(str) == prov.code) & (panel["indicator"] == s["indicator"])]
        mine = mine.drop_duplicates("year").set_index("year")
        for y in range(int(s["year_from"]), int(s["year_to"]) + 1):
            rank = mine["rank"].get(y, pd.NA) if y in mine.index else pd.NA
            if pd.isna(rank):
                status = STATUS_NOT_COVERED
            elif int(s["rank_low"]) <= int(rank) <= int(s["rank_high"]):
                status = STATUS_AGREE
            else:
                status = STATUS_DISAGREE
            lo, hi = int(s["rank_low"]), int(s["rank_high"])
            rows.append(
                {
                    "statement_id": s["statement_id"],
                    "group": s.get("group", ""),
                    "province": prov.name,
                    "indicator": s["indicator"],
                    "year": y,
                    "claim": s.get("claim", ""),
                    "expected": str(lo) if lo == hi else f"{lo}–{hi}",
                    "rank_low": lo,
                    "rank_high": hi,
                    "data_rank": rank,
                    "rank_kind": mine["rank_kind"].get(y, "") if y in mine.index and "rank_kind" in mine else "",
                    "data_source_kind": (
                        mine["source_kind"].get(y, "") if y in mine.index and "source_kind" in mine else ""
                    ),
                    "status": status,
                    "file": s["file"],
                    "line": int(s["line"]),
                    "quote": s["quote"],
                    "note": s.get("note", ""),
                }
            )
    out = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    out["data_rank"] = pd.array(out["data_rank"], dtype="Int64")
    return out
