"""One value per year × province × indicator × field, the others compared with it.

For each field (``score``, ``rank``) separately, among the candidates that give it, the source of
the highest kind wins (``catalog_data/source_kinds.csv``: official_workbook 1 > official_page 2 >
province_document 3 > research_panel 4 > derived 5 > press 6; within a kind, the source read
first). A kept rank may be published or computed from the scores of a complete cross-section
(``rank_kind``); a computed rank is compared with every published one like any other value.

Every other candidate is compared with the kept value. Scores agree within the published
rounding: the tolerance is half a unit of the last decimal of the *less precise* of the two
(53.46 vs 53.4571: ±0.005, agree); ranks must be equal. Every comparison goes to
``source_comparisons.csv``, the counts per pair of sources × year × field to
``source_agreement.csv``, and every disagreement becomes a ``source_disagreement`` finding naming
both sources and both values. Nothing is overwritten silently.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.data import catalog, loaders
from analysis.data.catalog import INDICATORS
from analysis.ingest.validate import finding, src

COMPARISON_COLUMNS = [
    "year",
    "province",
    "province_code",
    "indicator",
    "field",
    "kept_kind",
    "kept_file",
    "kept_locator",
    "kept_value",
    "other_kind",
    "other_file",
    "other_locator",
    "other_url",
    "other_value",
    "tolerance",
    "difference",
    "agree",
]
AGREEMENT_COLUMNS = [
    "year",
    "field",
    "kept_kind",
    "kept_file",
    "other_kind",
    "other_file",
    "n_compared",
    "n_agree",
    "max_abs_difference",
]
KEY = ["year", "province_code", "indicator"]
_EPS = 1e-9


def tolerance(dec_a: float, dec_b: float) -> float:
    """Half a unit of the last decimal the less precise source publishes (exact when both are full precision)."""
    if isinstance(dec_a, float) and isinstance(dec_b, float):  # decimals repeat (0-6 or full precision): once each
        return _tolerance_of_pair(None if dec_a != dec_a else dec_a, None if dec_b != dec_b else dec_b)
    return _tolerance(dec_a, dec_b)


@lru_cache(maxsize=256)
def _tolerance_of_pair(dec_a: float | None, dec_b: float | None) -> float:
    return _tolerance(np.nan if dec_a is None else dec_a, np.nan if dec_b is None else dec_b)


def _tolerance(dec_a: float, dec_b: float) -> float:
    d = np.nanmin([dec_a, dec_b]) if not (np.isnan(dec_a) and np.isnan(dec_b)) else np.nan
    return _EPS if np.isnan(d) else 0.5 * 10.0 ** (-d) + _EPS


def _ranked(c: pd.DataFrame) -> pd.DataFrame:
    tiers = {k: catalog.source_kind_tier(k) for k in c["source_kind"].unique()}
    return c.assign(_tier=c["source_kind"].map(tiers)).sort_values(KEY + ["_tier", "order"], kind="mergesort")


def _fmt(x) -> str:
    return f"{x:.6g}" if isinstance(x, float) else str(x)


def resolve(candidates: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[dict]]:
    """(panel, comparisons, agreement, findings) from the candidates of every source."""
    c = _ranked(candidates.reset_index(drop=True))
    scores = c[c["score"].notna()]
    kept_s = scores.drop_duplicates(KEY, keep="first")
    ranks = c[c["rank"].notna()]
    kept_r = ranks.drop_duplicates(KEY, keep="first")

    panel = kept_s.drop(columns=["rank", "rank_kind", "rank_locator"]).merge(
        kept_r[KEY + ["rank", "rank_kind", "rank_locator", "source_file", "source_kind"]].rename(
            columns={"source_file": "_rfile", "source_kind": "_rkind"}
        ),
        on=KEY,
        how="left",
    )
    other = panel["_rfile"].notna() & (
        (panel["_rfile"] != panel["source_file"]) | (panel["_rkind"] != panel["source_kind"])
    )
    panel.loc[other, "rank_locator"] = (
        panel.loc[other, "_rfile"] + " " + panel.loc[other, "rank_locator"] + " [" + panel.loc[other, "_rkind"] + "]"
    )
    panel["rank"] = pd.array(panel["rank"], dtype="Int64")
    for col in ("rank_kind", "rank_locator"):
        panel[col] = panel[col].fillna("").astype(str)
    panel = panel[loaders.PANEL_COLUMNS]

    comps = []
    for field, kept, allc in (("score", kept_s, scores), ("rank", kept_r, ranks)):
        k = kept.set_index(KEY)
        rest = allc.drop(index=kept.index)
        if rest.empty:
            continue
        cols = ["source_kind", "source_file", "source_locator", field, "score_decimals", "rank_kind", "rank_max"]
        m = rest.merge(k[cols].add_suffix("_kept").reset_index(), on=KEY, how="left")
        for r in m.itertuples(index=False):
            kv, ov = getattr(r, f"{field}_kept"), getattr(r, field)
            if field == "score":
                tol = tolerance(r.score_decimals_kept, r.score_decimals)
                diff = float(ov) - float(kv)
                agree = abs(diff) <= tol
            else:  # equal, or a published rank inside the tie group of a rank computed from rounded scores
                diff = float(int(ov) - int(kv))
                lo_k, hi_k = int(kv), (r.rank_max_kept if not np.isnan(r.rank_max_kept) else int(kv))
                lo_o, hi_o = int(ov), (r.rank_max if not np.isnan(r.rank_max) else int(ov))
                agree = lo_k <= hi_o and lo_o <= hi_k  # the two rank ranges overlap
                tol = float(max(hi_k - lo_k, hi_o - lo_o))
            kept_loc = r.source_locator_kept + (
                " (rank computed from scores)" if field == "rank" and r.rank_kind_kept != "published" else ""
            )
            other_loc = r.source_locator + (
                " (rank computed from scores)" if field == "rank" and r.rank_kind != "published" else ""
            )
            comps.append(
                dict(
                    year=r.year,
                    province=r.province,
                    province_code=r.province_code,
                    indicator=r.indicator,
                    field=field,
                    kept_kind=r.source_kind_kept,
                    kept_file=r.source_file_kept,
                    kept_locator=kept_loc,
                    kept_value=float(kv),
                    other_kind=r.source_kind,
                    other_file=r.source_file,
                    other_locator=other_loc,
                    other_url=r.source_url,
                    other_value=float(ov),
                    tolerance=round(tol, 9),
                    difference=round(diff, 9),
                    agree=bool(agree),
                )
            )
    comparisons = pd.DataFrame(comps, columns=COMPARISON_COLUMNS)
    order = {c: i for i, c in enumerate(INDICATORS)}
    comparisons = (
        comparisons.assign(_i=comparisons["indicator"].map(order))
        .sort_values(
            ["year", "field", "province_code", "_i", "kept_kind", "other_kind", "other_file", "other_locator"],
            kind="mergesort",
        )
        .drop(columns="_i")
        .reset_index(drop=True)
    )
    agreement = agreement_table(comparisons)
    findings = [
        finding(
            r.year,
            r.province,
            r.indicator,
            "source_disagreement",
            "warning",
            f"{r.field}: kept {_fmt(r.kept_value)} ({r.kept_kind}, {r.kept_file} {r.kept_locator}) vs "
            f"{_fmt(r.other_value)} ({r.other_kind}, {r.other_file} {r.other_locator}"
            f"{', ' + r.other_url if r.other_url else ''}); difference {r.difference:+.4g} "
            f"{'beyond the published rounding ±' + format(r.tolerance, '.3g') if r.field == 'score' else ''}".rstrip(),
            src(r.kept_kind, r.kept_file, r.kept_locator),
            src(r.other_kind, r.other_file, r.other_locator, r.other_url),
        )
        for r in comparisons[~comparisons["agree"]].itertuples()
    ]
    return panel, comparisons, agreement, findings


def agreement_table(comparisons: pd.DataFrame) -> pd.DataFrame:
    """Per pair of sources × year × field: n compared, n agreeing, the largest |difference|."""
    if comparisons.empty:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    g = comparisons.assign(_abs=comparisons["difference"].abs()).groupby(
        ["year", "field", "kept_kind", "kept_file", "other_kind", "other_file"], sort=True
    )
    out = g.agg(n_compared=("agree", "size"), n_agree=("agree", "sum"), max_abs_difference=("_abs", "max"))
    out = out.reset_index()
    out["n_agree"] = out["n_agree"].astype(int)
    out["max_abs_difference"] = out["max_abs_difference"].round(9)
    return out[AGREEMENT_COLUMNS]
