"""Administrative reform: PAR INDEX tables, target paths and gaps for the 04 notebook.

Reads nothing itself: it takes the PAR INDEX table (:func:`analysis.load_par_index`) and
ledger rows (:func:`analysis.target_ledger`). Labels come from ``catalog_data``:
``target_indices.csv`` (Vietnamese/English name of every target index) and
``seed_documents.csv`` (the title of every seed document, for source lines).

Paths (tidy: target_id, index, year, value, path):

* ``observed``: the province's own observations of the series (PAR INDEX rank 2016-2019)
  or, with none, the document's stated baseline;
* ``required``: a straight line from the start (the newer of baseline and latest
  observation) to the target's goal in the target year (for a band: its worse end);
* ``straight_line``: the past pace carried forward (``historical_annual_change`` of the
  ledger) from the latest observation to the target year; only where a past pace exists and
  the required path starts from that observation (not from a newer stated baseline).

A gap is goal minus the straight-line value at the target year, in the target's unit,
signed so that a positive gap is a shortfall (for ranks: places still to climb).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import catalog, paths
from .ledger import RANK_KINDS, STATUS_NO_DATA, STATUS_OWN_SERIES, _goal

_DATA = paths.package_dir() / "catalog_data"
PCI_FAMILY = ("PCI", "pci_subindex_each")  # answered by notebook 03


@lru_cache(maxsize=1)
def _labels() -> dict[str, tuple[str, str]]:
    t = pd.read_csv(_DATA / "target_indices.csv", dtype=str, keep_default_na=False)
    return {i: (vi, en) for i, vi, en in zip(t["index"], t["label_vi"], t["label_en"])}


def index_label(index: str, lang: catalog.Lang = "vi") -> str:
    """The Vietnamese/English name of a target index (``catalog_data/target_indices.csv``)."""
    labels = _labels()
    if index not in labels:
        raise KeyError(f"index {index!r} has no label in catalog_data/target_indices.csv")
    return catalog.text(*labels[index], lang)


@lru_cache(maxsize=1)
def seed_documents() -> pd.DataFrame:
    """file, province, title_vi, title_en of the five seed documents."""
    return pd.read_csv(_DATA / "seed_documents.csv", dtype=str, keep_default_na=False)


def document_source(files, detail: str = "") -> str:
    """A figure/table source line naming seed documents by title and file, e.g.
    "Quyết định 688/QĐ-UBND ..., Phụ lục 04 (002_0b651ac042bb2fe9.txt)"."""
    docs = seed_documents().set_index("file")
    parts = []
    for f in sorted(set(files)):
        title = docs.loc[f, "title_vi"] if f in docs.index else f
        parts.append(f"{title}{', ' + detail if detail else ''} ({f})")
    return "; ".join(parts)


# --------------------------------------------------------------------------- PAR INDEX
def par_index_rows(par: pd.DataFrame, province: str) -> pd.DataFrame:
    """The province's PAR INDEX rows (total and components), empty if the data hold none."""
    code = catalog.resolve_province(province).code
    return par[par["province_code"].astype(str) == code].reset_index(drop=True)


def par_index_wide(rows: pd.DataFrame, lang: catalog.Lang = "vi") -> pd.DataFrame:
    """Component × year table of "score (rank)"; a rank written as text shows the text."""
    if not len(rows):
        return pd.DataFrame()
    cell = [
        "–" if pd.isna(s) else f"{s:.2f}" + (f" ({int(r)})" if pd.notna(r) else (f" ({t})" if t else ""))
        for s, r, t in zip(rows["score"], rows["rank"], rows["rank_text"].fillna(""))]
    d = rows.assign(cell=cell)
    order = list(dict.fromkeys(d["component"]))
    wide = d.pivot(index="component", columns="year", values="cell").reindex(order)
    wide.index = [catalog.text(vi, code.replace("_", " "), lang) for code, vi in
                  zip(order, d.drop_duplicates("component")["component_vi"])]
    wide.index.name = catalog.text("Lĩnh vực", "component", lang)
    wide.columns = [int(c) for c in wide.columns]
    return wide


def par_index_summary(rows: pd.DataFrame) -> dict:
    """First/last year, total score and rank at both ends, best and worst component rank in the last year."""
    tot = rows[rows["component"] == "total"].dropna(subset=["score"]).sort_values("year")
    if not len(tot):
        return {}
    first, last = tot.iloc[0], tot.iloc[-1]
    comp = rows[(rows["component"] != "total") & (rows["year"] == last["year"])].dropna(subset=["rank"])
    out = {"first_year": int(first["year"]), "last_year": int(last["year"]),
           "first_score": float(first["score"]), "last_score": float(last["score"]),
           "first_rank": first["rank"], "last_rank": last["rank"]}
    if len(comp):
        best, worst = comp.loc[comp["rank"].idxmin()], comp.loc[comp["rank"].idxmax()]
        out.update(best_component=best["component_vi"], best_rank=int(best["rank"]),
                   worst_component=worst["component_vi"], worst_rank=int(worst["rank"]))
    return out


# --------------------------------------------------------------------------- targets
def admin_targets(ledger: pd.DataFrame, province: str) -> pd.DataFrame:
    """The province's ledger rows outside the PCI family (PAR INDEX, SIPAS, PAPI, DTI,
    administrative percentages, enterprise counts), targets and baselines."""
    code = catalog.resolve_province(province).code
    mine = ledger[(ledger["province_code"].astype(str) == code) & ~ledger["index"].isin(PCI_FAMILY)]
    return mine.reset_index(drop=True)


def _start(r) -> tuple[float, float, str]:
    """(value, year, what) the required path starts from."""
    if r["required_from"] == "latest observation" and pd.notna(r["latest_year"]):
        return float(r["latest_value"]), float(r["latest_year"]), "latest observation"
    if pd.notna(r["baseline_value"]) and pd.notna(r["baseline_year"]):
        return float(r["baseline_value"]), float(r["baseline_year"]), "baseline"
    return np.nan, np.nan, ""


def target_paths(rows: pd.DataFrame, par: pd.DataFrame | None = None) -> pd.DataFrame:
    """Observed, required and straight-line paths of each target row (tidy; see module doc)."""
    out = []
    for r in rows.to_dict("records"):
        if r["row_type"] != "target":
            continue
        tid, ty = r["target_id"], r["target_year"]
        if r["dataset"] == "par_index_seed" and par is not None:
            own = par_index_rows(par, r["province"])
            own = own[own["component"] == r["series"]].dropna(subset=["rank"])
            for y, v in zip(own["year"], own["rank"]):
                out.append((tid, r["index"], int(y), float(v), "observed"))
        elif pd.notna(r["baseline_value"]) and pd.notna(r["baseline_year"]):
            out.append((tid, r["index"], int(r["baseline_year"]), float(r["baseline_value"]), "observed"))
        sv, sy, _ = _start(r)
        goal = _goal(r)
        if pd.notna(sv) and pd.notna(goal) and pd.notna(ty) and int(ty) > sy:
            out += [(tid, r["index"], int(sy), sv, "required"), (tid, r["index"], int(ty), float(goal), "required")]
            hist = r["historical_annual_change"]
            # the past pace is carried on only from the point the required path starts from
            # (a stated baseline newer than the data may be on another basis, e.g. PAPI ranks)
            if pd.notna(hist) and pd.notna(r["latest_year"]) and r["required_from"] == "latest observation":
                lv, ly = float(r["latest_value"]), int(r["latest_year"])
                sign = -1.0 if r["kind"] in RANK_KINDS else 1.0  # ranks: places gained = falling rank number
                out += [(tid, r["index"], ly, lv, "straight_line"),
                        (tid, r["index"], int(ty), lv + sign * hist * (int(ty) - ly), "straight_line")]
    df = pd.DataFrame(out, columns=["target_id", "index", "year", "value", "path"])
    return df.drop_duplicates().reset_index(drop=True)


def gap_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per target: start, goal, required change a year, the past pace carried to the
    target year and the gap there (positive = shortfall), and the ledger's status."""
    recs = []
    for r in rows.to_dict("records"):
        if r["row_type"] != "target":
            continue
        sv, sy, what = _start(r)
        goal, ty = _goal(r), r["target_year"]
        straight, gap = np.nan, np.nan
        hist = r["historical_annual_change"]
        if pd.notna(hist) and pd.notna(r["latest_year"]) and pd.notna(ty) and r["required_from"] == "latest observation":
            sign = -1.0 if r["kind"] in RANK_KINDS else 1.0
            straight = float(r["latest_value"]) + sign * hist * (int(ty) - int(r["latest_year"]))
            gap = (straight - goal) if r["kind"] in RANK_KINDS else (goal - straight)
        recs.append({"target_id": r["target_id"], "index": r["index"], "kind": r["kind"], "unit": r["unit"],
                     "target": r["target_text"],
                     "target_year": ty, "conflict_group": r["conflict_group"], "start_value": sv,
                     "start_year": pd.NA if np.isnan(sy) else int(sy), "start": what, "goal": goal,
                     "required_annual_change": r["required_annual_change"], "change_unit": r["change_unit"],
                     "historical_annual_change": hist, "straight_line_at_target": straight,
                     "gap_at_target": gap, "status": r["status"], "data_needed": r["data_needed"],
                     "source": r["source"]})
    out = pd.DataFrame(recs)
    if len(out):
        out["start_year"] = pd.array(out["start_year"], dtype="Int64")
        out["target_year"] = pd.array(out["target_year"], dtype="Int64")
    return out


def judgeable(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows the data can judge in some way, rows it cannot: status 'no data to judge')."""
    t = rows[rows["row_type"] == "target"]
    return t[t["status"] != STATUS_NO_DATA], t[t["status"] == STATUS_NO_DATA]


__all__ = ["admin_targets", "document_source", "gap_table", "index_label", "judgeable", "par_index_rows",
           "par_index_summary", "par_index_wide", "seed_documents", "target_paths", "STATUS_OWN_SERIES"]
