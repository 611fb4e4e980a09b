"""Build the PAPI tables of ``data/`` from every PAPI source in ``../shared``, with precedence and checks.

Sources (highest precedence first) and what each gives:

1. ``papi-workbooks/PAPI_2011-2019.xlsx`` (``official_workbook``): dimensions and sub-dimensions
   2011–2019, the unweighted total 2011–2017. It supersedes ``PAPI_2011-2018.xlsx``, which is read
   only to compare: every overlapping value must agree, else a finding names both files, sheets,
   cells and values.
2. ``papi-more/data-tables-2015-2023/PAPI-2015-2023.xlsm`` (``research_panel``; copies of the
   official data tables): dimensions and the unweighted total 2018, 2019, 2022, 2023; the weighted
   total with its 95% CI and standard error where published (2019 only: the 2018 and 2023 tables
   carry the unweighted total only, the 2022 weighted rows are empty). The sheets named 2020 and
   2021 are copies of 2019, refused by content (:mod:`.papi_tables`). ``PAPI-2015-2023_eng.xlsm``
   is compared with it.
3. ``papi-more/sub-dimensions-2011-2024/`` (``research_panel``): dimensions (sums of
   sub-dimensions) and the unweighted total 2011–2024 (:mod:`.papi_subdimensions`).

For each province × year × dimension (or total) the highest source is kept and every other one
compared with it; agreement means a difference of at most 0.005 (PAPI publishes two decimals).
Each comparison is counted in ``papi_agreement.csv`` and each disagreement is a finding. The
2018 and 2019 totals published in the data tables are also compared with the sum of the official
workbook's dimensions (kind ``derived``).

Tables written (all under 2 MB, byte-stable):

* ``papi.csv`` — dimensions and the unweighted total (``level`` "dimension" | "total"), one row
  per province × year × code, 2011–2024: province, province_code, year, dimension, dimension_vi,
  level, score, source_kind, source_file, source_locator, source_url;
* ``papi_totals.csv`` — the PAPI total per province × year × ``measure``
  (``papi_total_unweighted`` every year 2011–2024; ``papi_total_weighted`` where published) with
  ci_low, ci_high, std_error (where published), ``rank`` computed from the scores among the
  ``n_ranked`` provinces with a score that year (``rank_kind = "computed from scores"``; 1 = best)
  and the provenance columns;
* ``papi_subdimensions.csv`` — official sub-dimensions 2011–2019 (province, province_code, year,
  dimension, score + provenance; level and Vietnamese name come from ``papi_dimensions.csv``);
* ``papi_dimensions.csv`` — the codes, names, parents and the years each is held;
* ``papi_agreement.csv`` — per year, level and pair of sources: values compared, agreeing, the
  largest difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core import paths, store
from analysis.core.ranking import rank_desc_by
from analysis.data import loaders
from analysis.ingest.common import (
    DERIVED,
    OFFICIAL,
    PROVENANCE,
    RANK_COMPUTED,
    RESEARCH,
    TOLERANCE,
    TOTAL_UNWEIGHTED,
    TOTAL_WEIGHTED,
)
from analysis.ingest.import_context import catalogue_at, sources_frame
from analysis.ingest.papi_scale import drop_out_of_scale
from analysis.ingest.papi_subdimensions import read_subdimension_panel
from analysis.ingest.papi_tables import read_data_tables
from analysis.ingest.papi_workbook import DIMENSION_COLUMNS, read_papi
from analysis.ingest.validate import finding, findings_frame, src
from analysis.ingest.workbooks import WorkbookError

OFFICIAL_FILE = "PAPI_2011-2019.xlsx"
SUPERSEDED_FILE = "PAPI_2011-2018.xlsx"
PAPI_COLUMNS = ["province", "province_code", "year", "dimension", "dimension_vi", "level", "score", *PROVENANCE]
SUB_COLUMNS = ["province", "province_code", "year", "dimension", "score", *PROVENANCE]
TOTALS_COLUMNS = [
    "year",
    "province",
    "province_code",
    "measure",
    "score",
    "ci_low",
    "ci_high",
    "std_error",
    "rank",
    "rank_kind",
    "n_ranked",
    *PROVENANCE,
]
AGREEMENT_COLUMNS = [
    "year",
    "level",
    "kept_kind",
    "kept_file",
    "other_kind",
    "other_file",
    "compared",
    "agree",
    "largest_difference",
]
TABLES = ("papi.csv", "papi_subdimensions.csv", "papi_dimensions.csv", "papi_totals.csv", "papi_agreement.csv")
KEY = ["year", "province_code", "dimension"]


@dataclass
class PapiBuild:
    tables: dict[str, pd.DataFrame]
    findings: list[dict]  # validate.finding dicts (year … detail, source_* and other_* provenance columns)
    sources: list[dict]  # sources.csv rows
    summary: str


def _finding(year, province, indicator, rule, severity, detail, source, other=None) -> dict:
    return finding(year, province, indicator, rule, severity, detail, source, other)


def _where(r, suffix: str = "") -> str:
    return f"{r['source_file' + suffix]}, {r['source_locator' + suffix]}"


def compare_editions(new, old) -> tuple[list[dict], list[dict]]:
    """PAPI_2011-2019.xlsx vs PAPI_2011-2018.xlsx on every value both hold (dimensions, sub-dimensions, total)."""
    a, b = new.scores, old.scores
    m = a.merge(b, on=KEY, how="outer", suffixes=("", "_old"), indicator=True)
    m = m[m["year"].isin(set(b["year"]))]
    findings, agree_rows = [], []
    for _, r in m[m["_merge"] != "both"].iterrows():
        have, lack = ("", "_old") if r["_merge"] == "left_only" else ("_old", "")
        findings.append(
            _finding(
                r["year"],
                r["province" + have],
                r["dimension"],
                "papi_edition_disagrees",
                "warning",
                f"{r['dimension']}: {_where(r, have)} = {r['score' + have]:.6g}, but "
                f"{new.file if lack == '' else old.file} has no value for it",
                src(OFFICIAL, r["source_file" + have], r["source_locator" + have]),
                src(OFFICIAL, new.file if lack == "" else old.file),
            )
        )
    both = m[m["_merge"] == "both"].copy()
    both["diff"] = (both["score"] - both["score_old"]).abs()
    for _, r in both[both["diff"] > TOLERANCE].iterrows():
        findings.append(
            _finding(
                r["year"],
                r["province"],
                r["dimension"],
                "papi_edition_disagrees",
                "warning",
                f"{r['dimension']}: {_where(r)} = {r['score']:.6g} but {_where(r, '_old')} = {r['score_old']:.6g}",
                src(OFFICIAL, r["source_file"], r["source_locator"]),
                src(OFFICIAL, r["source_file_old"], r["source_locator_old"]),
            )
        )
    for (y, lvl), g in both.groupby(["year", "level"]):
        agree_rows.append(
            dict(
                year=y,
                level=lvl,
                kept_kind=OFFICIAL,
                kept_file=new.file,
                other_kind=OFFICIAL,
                other_file=old.file,
                compared=len(g),
                agree=int((g["diff"] <= TOLERANCE).sum()),
                largest_difference=float(g["diff"].max()),
            )
        )
    return findings, agree_rows


def _prefer(cands: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(kept, others): per key the first candidate frame holding it wins; the rest carry the kept value."""
    allc = pd.concat([c.assign(_p=i) for i, c in enumerate(cands)], ignore_index=True)
    allc = allc.sort_values(KEY + ["_p"], kind="mergesort")
    kept = allc.drop_duplicates(KEY, keep="first")
    others = allc[allc.duplicated(KEY, keep="first")]
    others = others.merge(
        kept[KEY + ["score", "source_kind", "source_file", "source_locator"]], on=KEY, suffixes=("", "_kept")
    )
    return kept.drop(columns="_p").reset_index(drop=True), others


def _source_group(f: str) -> str:
    """The file a locator's ``source_file`` belongs to, for the agreement table (panel years grouped)."""
    return f.split("/")[0] + "/" if f.startswith("sub-dimensions-") else f


def _agreement(others: pd.DataFrame, level_of) -> tuple[list[dict], list[dict]]:
    o = others.copy()
    o["diff"] = (o["score"] - o["score_kept"]).abs()
    o["level"] = o["dimension"].map(level_of).fillna("dimension")
    rows, findings = [], []
    o["_kf"] = o["source_file_kept"].map(_source_group)
    o["_of"] = o["source_file"].map(_source_group)
    for (y, lvl, kk, kf, ok, of), g in o.groupby(["year", "level", "source_kind_kept", "_kf", "source_kind", "_of"]):
        rows.append(
            dict(
                year=y,
                level=lvl,
                kept_kind=kk,
                kept_file=kf,
                other_kind=ok,
                other_file=of,
                compared=len(g),
                agree=int((g["diff"] <= TOLERANCE).sum()),
                largest_difference=float(g["diff"].max()),
            )
        )
    for _, r in o[o["diff"] > TOLERANCE].iterrows():
        findings.append(
            _finding(
                r["year"],
                r["province"],
                r["dimension"],
                "papi_sources_disagree",
                "warning",
                f"{r['dimension']}: kept {r['source_kind_kept']} {r['source_file_kept']}, "
                f"{r['source_locator_kept']} = {r['score_kept']:.6g}; {r['source_kind']} "
                f"{_where(r)} = {r['score']:.6g} (difference {r['diff']:.4g})",
                src(r["source_kind_kept"], r["source_file_kept"], r["source_locator_kept"]),
                src(r["source_kind"], r["source_file"], r["source_locator"]),
            )
        )
    return rows, findings


def _subdimension_check(panel, official_subs: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """Research-panel sub-dimensions (columns mapped by content) against the official ones, 2011–2019.

    Before 2018 the panel's SC32/SC33 hold the 2nd and 3rd vertical-accountability sub-dimensions of
    that year (their names changed in 2016), so they are matched to the official sub-dimension in that
    position of the year's sheet.
    """
    subs = panel.subdimensions.copy()
    order = {}
    for y, g in official_subs.groupby("year"):
        first = g[g["province_code"] == g["province_code"].iloc[0]]
        codes = [d for d in first["dimension"] if d in _VA_SUBS_ALL]
        for k, d in enumerate(codes, start=1):
            order[(y, f"vertical_accountability_{k}")] = d
    subs["dimension"] = [order.get((y, d), d) for y, d in zip(subs["year"], subs["dimension"])]
    s = subs.merge(
        official_subs[["year", "province_code", "dimension", "province", "score", "source_file", "source_locator"]],
        on=["year", "province_code", "dimension"],
        how="left",
        suffixes=("", "_off"),
    )
    rows, findings = [], []
    s = s[s["year"].isin(set(official_subs["year"]))]
    for y, g in s.groupby("year"):
        # codes kept neutral before 2018 (vertical accountability SC32/SC33) are matched by position
        unmatched = g["score_off"].isna()
        diff = (g["score"] - g["score_off"]).abs()
        rows.append(
            dict(
                year=y,
                level="sub_dimension",
                kept_kind=OFFICIAL,
                kept_file=OFFICIAL_FILE,
                other_kind=RESEARCH,
                other_file="sub-dimensions-2011-2024/",
                compared=int((~unmatched).sum()),
                agree=int((diff <= TOLERANCE).sum()),
                largest_difference=float(diff.max()) if (~unmatched).any() else np.nan,
            )
        )
        for _, r in g[~unmatched & (diff > TOLERANCE)].iterrows():
            findings.append(
                _finding(
                    y,
                    r["province"],
                    r["dimension"],
                    "papi_sources_disagree",
                    "warning",
                    f"sub-dimension {r['dimension']}: {r['source_file']}, {r['source_locator']} "
                    f"= {r['score_off']:.6g}; sub-dimensions-2011-2024/{y}.csv, "
                    f"{r['source_locator']} = {r['score']:.6g}",
                    src(OFFICIAL, OFFICIAL_FILE, r.get("source_locator_off", "")),
                    src(RESEARCH, f"sub-dimensions-2011-2024/{y}.csv", r["source_locator"]),
                )
            )
    return rows, findings


_VA_SUBS_ALL = {
    "interactions_with_local_authorities",
    "peoples_inspection_boards",
    "community_investment_boards",
    "responsive_to_citizen_actions",
}


def _fix_sub_locators(panel) -> None:
    panel.subdimensions["source_file"] = [f"sub-dimensions-2011-2024/{y}.csv" for y in panel.subdimensions["year"]]


def build_papi(shared_dir: Path | None = None, *, max_bytes: int | None = None) -> PapiBuild:
    """Read every PAPI source under ``shared_dir`` (default ``../shared``) and build the PAPI tables.

    Province names resolve against the active catalogue (``data/provinces.csv`` or the one
    ``import_context.catalogue_at`` points to). Raises :class:`~analysis.ingest.workbooks.WorkbookError`
    (``PapiSourceError``) naming file and place on a refused input; nothing is written here.
    """
    shared = Path(shared_dir) if shared_dir is not None else paths.shared_dir()
    base = shared / "data"
    wb_dir = base / "papi-workbooks"
    findings, agreement, sources = [], [], []
    # the sub-dimension panel (small CSVs) is read first: a refusal there costs no workbook read
    panel = read_subdimension_panel(base / "papi-more" / "sub-dimensions-2011-2024")
    official = read_papi(wb_dir / OFFICIAL_FILE, max_bytes=max_bytes)
    sources.append(
        dict(
            file=official.file,
            location=f"shared/data/papi-workbooks/{official.file}",
            sha256=official.sha256,
            role="papi workbook",
            year=pd.NA,
            layout="one sheet per year (YYYY_PAPI)",
            sheets_read="; ".join(official.sheets_read),
            rows_read=official.rows_read,
            reader="; ".join(official.readers),
        )
    )
    findings += [
        _finding(n["year"], n["province"], "", n["rule"], n["severity"], n["detail"], n["source"])
        for n in official.notes
    ]
    if (wb_dir / SUPERSEDED_FILE).exists():
        old = read_papi(wb_dir / SUPERSEDED_FILE, max_bytes=max_bytes)
        f, a = compare_editions(official, old)
        findings += f
        agreement += a
        sources.append(
            dict(
                file=old.file,
                location=f"shared/data/papi-workbooks/{old.file}",
                sha256=old.sha256,
                role="papi workbook (superseded, compared)",
                year=pd.NA,
                layout="one sheet per year (YYYY_PAPI)",
                sheets_read="; ".join(old.sheets_read),
                rows_read=old.rows_read,
                reader="; ".join(old.readers),
            )
        )
    findings += [
        _finding(n["year"], n["province"], "", n["rule"], n["severity"], n["detail"], n["source"]) for n in panel.notes
    ]
    sources += panel.files
    off_main = official.main_rows()
    ref = pd.concat([off_main, panel.rows], ignore_index=True)
    ref = ref[ref["level"] == "dimension"]
    dt = read_data_tables(base / "papi-more" / "data-tables-2015-2023", ref, max_bytes=max_bytes)
    findings += [
        _finding(n["year"], n["province"], "", n["rule"], n["severity"], n["detail"], n["source"]) for n in dt.notes
    ]
    sources += dt.files
    # data-table rows: the first file (Vietnamese edition) is the source, the others are compared
    files = sorted({d.file for d in dt.sheets})
    dt_main, dt_other = [], []
    for d in dt.sheets:
        t = d.totals[d.totals["measure"] == TOTAL_UNWEIGHTED]
        rows = pd.concat(
            [d.rows, t.assign(dimension=TOTAL_UNWEIGHTED, level="total")[d.rows.columns]], ignore_index=True
        )
        (dt_main if d.file == files[0] else dt_other).append(rows)
    cands = [off_main[[c for c in PAPI_COLUMNS if c != "dimension_vi"]]]
    cands += [pd.concat(dt_main, ignore_index=True)] if dt_main else []
    cands += [pd.concat(dt_other, ignore_index=True)] if dt_other else []
    cands += [panel.rows]
    scaled = [drop_out_of_scale(c, "papi.csv") for c in cands]  # 0.0 on a 10–80 scale: missing, not a score
    cands = [c for c, _ in scaled]
    findings += [n for _, ns in scaled for n in ns]
    kept, others = _prefer(cands)
    level_of = {TOTAL_UNWEIGHTED: "total"}
    a, f = _agreement(others, level_of)
    agreement += a
    findings += f
    # the published 2018/2019 totals against the sum of the official dimensions (derived)
    od = off_main[off_main["level"] == "dimension"]
    od = od[od["year"] >= 2018]
    n_dims = od.groupby(["year", "province_code"])["dimension"].transform("size")
    derived = (
        od[n_dims == 8]
        .groupby(["year", "province_code", "province"], as_index=False)["score"]
        .sum()
        .assign(
            dimension=TOTAL_UNWEIGHTED,
            level="total",
            source_kind=DERIVED,
            source_file=OFFICIAL_FILE,
            source_locator="sum of the eight dimension cells",
            source_url="",
        )
    )
    d_others = derived.merge(
        kept[KEY + ["score", "source_kind", "source_file", "source_locator"]], on=KEY, suffixes=("", "_kept")
    )
    a, f = _agreement(d_others, level_of)
    agreement += a
    findings += f
    # sub-dimensions: research panel (columns mapped by content) against the official workbook
    _fix_sub_locators(panel)
    a, f = _subdimension_check(panel, official.sub_dimension_rows())
    agreement += a
    findings += f
    # tables
    dims = official.dimensions.copy()
    vi = dims.set_index("dimension")["name_vi"]
    papi = kept.copy()
    papi["dimension_vi"] = papi["dimension"].map(vi).fillna("")
    order = {d: i for i, d in enumerate(dims["dimension"])}
    papi = papi.assign(_o=papi["dimension"].map(order).fillna(999))
    papi = papi.sort_values(["year", "province_code", "_o"], kind="mergesort").drop(columns="_o")[PAPI_COLUMNS]
    papi["year"] = papi["year"].astype(int)
    papi = papi.reset_index(drop=True)
    held = papi.groupby("dimension")["year"]
    for col, fn in (("first_year", "min"), ("last_year", "max")):
        dims[col] = [
            int(getattr(held, fn)()[d]) if d in held.groups else dims.loc[i, col]
            for i, d in zip(dims.index, dims["dimension"])
        ]
    dims["years_published"] = [
        " ".join(str(y) for y in sorted(set(papi.loc[papi["dimension"] == d, "year"]))) if d in held.groups else yp
        for d, yp in zip(dims["dimension"], dims["years_published"])
    ]
    dims = dims[DIMENSION_COLUMNS]
    subs, notes = drop_out_of_scale(official.sub_dimension_rows()[SUB_COLUMNS], "papi_subdimensions.csv")
    findings += notes
    totals, notes = _totals(papi, dt, files[0] if files else None)
    findings += notes
    agree = pd.DataFrame(agreement, columns=AGREEMENT_COLUMNS)
    agree = agree.sort_values(
        ["year", "level", "kept_kind", "kept_file", "other_kind", "other_file"], kind="mergesort"
    ).reset_index(drop=True)
    agree["year"] = agree["year"].astype(int)
    tables = {
        "papi.csv": papi,
        "papi_subdimensions.csv": subs,
        "papi_dimensions.csv": dims,
        "papi_totals.csv": totals,
        "papi_agreement.csv": agree,
    }
    return PapiBuild(tables, findings, sources, _summary(tables, findings, dt))


def _totals(papi: pd.DataFrame, dt, first_file: str | None) -> tuple[pd.DataFrame, list[dict]]:
    t = papi[papi["level"] == "total"].rename(columns={"dimension": "measure"})
    t = t.assign(ci_low=np.nan, ci_high=np.nan, std_error=np.nan)
    parts = [t]
    for d in dt.sheets:
        if d.file != first_file or not len(d.totals):
            continue
        # CIs of the unweighted total where the kept value is this sheet's; the weighted total as published
        ci = d.totals.set_index(["year", "province_code", "measure"])
        key = list(zip(t["year"], t["province_code"], t["measure"]))
        from_sheet = (t["source_file"] == d.totals["source_file"].iloc[0]) & (t["year"] == d.name_year)
        for col in ("ci_low", "ci_high", "std_error"):
            get = ci[col].to_dict().get if ci.index.is_unique else ci[col].get  # a dict: one lookup per key
            vals = [get(k, np.nan) if ok else np.nan for k, ok in zip(key, from_sheet)]
            t[col] = np.where(from_sheet, vals, t[col])
        parts.append(d.totals[d.totals["measure"] == TOTAL_WEIGHTED])
    out, notes = drop_out_of_scale(pd.concat(parts, ignore_index=True), "papi_totals.csv", "measure")
    out = out.reset_index(drop=True)
    out["year"] = out["year"].astype(int)
    out["rank"] = rank_desc_by(out["score"], [out["year"], out["measure"]])
    out["n_ranked"] = out.groupby(["year", "measure"])["score"].transform("count").astype(int)
    out["rank_kind"] = RANK_COMPUTED
    out = out.sort_values(
        ["measure", "year", "rank", "province_code"], ascending=[False, True, True, True], kind="mergesort"
    )
    return out[TOTALS_COLUMNS].reset_index(drop=True), notes


def _summary(tables, findings, dt) -> str:
    p, t = tables["papi.csv"], tables["papi_totals.csv"]
    lines = ["PAPI:"]
    for (kind, f), g in p.groupby(["source_kind", p["source_file"].map(_source_group)]):
        lines.append(
            f"  {kind:<18} {f:<36} {g['year'].min()}–{g['year'].max()}  "
            f"{g.groupby('year')['province_code'].nunique().to_dict()}"
        )
    for m, g in t.groupby("measure"):
        lines.append(f"  totals {m}: " + ", ".join(f"{y}:{n}" for y, n in g.groupby("year").size().items()))
    lines.append(f"  refused sheets: {', '.join(d.file + ' ' + repr(d.sheet) for d in dt.refused) or 'none'}")
    dis = [f for f in findings if f["rule"] in ("papi_sources_disagree", "papi_edition_disagrees")]
    lines.append(f"  disagreements: {len(dis)}")
    return "\n".join(lines)


def write_papi_tables(
    shared_dir: Path | None = None, data_dir: Path | None = None, *, max_bytes: int | None = None
) -> PapiBuild:
    """Build the PAPI tables and write them (atomically) under ``data_dir`` — PAPI tables only.

    For regenerating the committed PAPI tables without a full ``import-all``. The PAPI findings
    replace the PAPI rows of ``validation_findings.csv`` and the PAPI rows of ``sources.csv`` are
    replaced too. On any refusal nothing under ``data_dir`` changes.
    """
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    with catalogue_at(d):
        build = build_papi(shared_dir, max_bytes=max_bytes)
    tables: dict[str, pd.DataFrame] = dict(build.tables)
    if (d / "validation_findings.csv").exists():
        old = loaders.load_validation_findings(d)
        old = old[~old["rule"].str.startswith("papi_")]
        tables["validation_findings.csv"] = findings_frame(old.to_dict("records") + build.findings)
    if (d / "sources.csv").exists():
        old = loaders.load_sources(d)
        old = old[~old["role"].str.startswith("papi")]
        tables["sources.csv"] = sources_frame(old.to_dict("records") + build.sources)
    with store.data_lock(d):
        store.write_tables(tables, d)
    return build


def cli_import_papi(argv: list[str] | None = None) -> int:
    """``python -m analysis.ingest``: rebuild only the PAPI tables of data/ from ../shared."""
    import argparse
    import sys

    p = argparse.ArgumentParser(
        prog="python -m analysis.ingest", description="Rebuild the PAPI tables under data/ from ../shared (atomic)."
    )
    p.add_argument("--shared-dir", type=Path, default=None)
    p.add_argument("--data-dir", type=Path, default=None)
    args = p.parse_args(argv)
    try:
        build = write_papi_tables(args.shared_dir, args.data_dir)
    except (WorkbookError, FileNotFoundError, store.ImportLockedError) as exc:
        print(f"PAPI import refused: {exc}", file=sys.stderr)
        return 1
    print(build.summary)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(cli_import_papi())
