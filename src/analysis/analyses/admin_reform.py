"""Administrative reform: PAR INDEX tables, target paths and gaps for the 04 notebook.

:func:`province_reform` computes one province's view once (ledger, rows, PAR INDEX, gaps,
what the data can judge); :func:`summary_lines` writes its summary through
:class:`analysis.core.prose.Prose`.

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

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.analyses.ledger import (
    RANK_KINDS,
    STATUS_NO_DATA,
    STATUS_OWN_SERIES,
    _goal,
    status_label,
    target_ledger,
)
from analysis.analyses.reachability import target_text
from analysis.core import paths
from analysis.core.prose import Prose
from analysis.data import catalog
from analysis.data.provenance import years_text

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
    T = Prose(lang)  # a rank the document writes as text is quoted as it is written: «…»
    cell = [
        "–" if pd.isna(s) else T.num(s) + (f" ({int(r)})" if pd.notna(r) else (f" («{t}»)" if t else ""))
        for s, r, t in zip(rows["score"], rows["rank"], rows["rank_text"].fillna(""))
    ]
    d = rows.assign(cell=cell)
    order = list(dict.fromkeys(d["component"]))
    wide = d.pivot(index="component", columns="year", values="cell").reindex(order)
    wide.index = [
        catalog.text(vi, code.replace("_", " "), lang)
        for code, vi in zip(order, d.drop_duplicates("component")["component_vi"])
    ]
    wide.index.name = catalog.text("Lĩnh vực", "component", lang)
    wide.columns = [int(c) for c in wide.columns]
    return wide


def no_par_note(T, province: str, par: pd.DataFrame) -> str:
    """What the data hold instead when ``province`` has no PAR INDEX: each province, its years and
    the document they come from (from ``par`` itself, so a new source changes the sentence)."""
    docs = seed_documents().set_index("file")
    have = []
    for name, g in par.groupby("province", sort=True):
        files = sorted(set(g["source_file"]))
        vi = ", ".join(docs.loc[f, "short_vi"] if f in docs.index else f for f in files)
        en = ", ".join(docs.loc[f, "short_en"] if f in docs.index else f for f in files)
        have.append((f"{name} {years_text(g['year'])}, theo {vi}", f"{name} {years_text(g['year'])}, from {en}"))
    if not have:
        return T(
            f"Dữ liệu không có PAR INDEX của tỉnh nào, kể cả {province}.",
            f"The data hold no PAR INDEX for any province, {province} included.",
        )
    return T(
        f"Dữ liệu không có PAR INDEX của {province} (chỉ có " + "; ".join(v for v, _ in have) + ").",
        f"The data hold no PAR INDEX for {province} (only " + "; ".join(e for _, e in have) + ").",
    )


def par_index_summary(rows: pd.DataFrame) -> dict:
    """First/last year, total score and rank at both ends, best and worst component rank in the last year."""
    tot = rows[rows["component"] == "total"].dropna(subset=["score"]).sort_values("year")
    if not len(tot):
        return {}
    first, last = tot.iloc[0], tot.iloc[-1]
    comp = rows[(rows["component"] != "total") & (rows["year"] == last["year"])].dropna(subset=["rank"])
    out = {
        "first_year": int(first["year"]),
        "last_year": int(last["year"]),
        "first_score": float(first["score"]),
        "last_score": float(last["score"]),
        "first_rank": first["rank"],
        "last_rank": last["rank"],
    }
    if len(comp):
        best, worst = comp.loc[comp["rank"].idxmin()], comp.loc[comp["rank"].idxmax()]
        out.update(
            best_component=best["component_vi"],
            best_rank=int(best["rank"]),
            worst_component=worst["component_vi"],
            worst_rank=int(worst["rank"]),
        )
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
                out += [
                    (tid, r["index"], ly, lv, "straight_line"),
                    (tid, r["index"], int(ty), lv + sign * hist * (int(ty) - ly), "straight_line"),
                ]
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
        if (
            pd.notna(hist)
            and pd.notna(r["latest_year"])
            and pd.notna(ty)
            and r["required_from"] == "latest observation"
        ):
            sign = -1.0 if r["kind"] in RANK_KINDS else 1.0
            straight = float(r["latest_value"]) + sign * hist * (int(ty) - int(r["latest_year"]))
            gap = (straight - goal) if r["kind"] in RANK_KINDS else (goal - straight)
        recs.append(
            {
                "target_id": r["target_id"],
                "index": r["index"],
                "kind": r["kind"],
                "unit": r["unit"],
                "target": r["target_text"],
                "target_year": ty,
                "conflict_group": r["conflict_group"],
                "start_value": sv,
                "start_year": pd.NA if np.isnan(sy) else int(sy),
                "start": what,
                "goal": goal,
                "required_annual_change": r["required_annual_change"],
                "change_unit": r["change_unit"],
                "historical_annual_change": hist,
                "straight_line_at_target": straight,
                "gap_at_target": gap,
                "status": r["status"],
                "data_needed": r["data_needed"],
                "source": r["source"],
            }
        )
    out = pd.DataFrame(recs)
    if len(out):
        out["start_year"] = pd.array(out["start_year"], dtype="Int64")
        out["target_year"] = pd.array(out["target_year"], dtype="Int64")
    return out


def judgeable(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows the data can judge in some way, rows it cannot: status 'no data to judge')."""
    t = rows[rows["row_type"] == "target"]
    return t[t["status"] != STATUS_NO_DATA], t[t["status"] == STATUS_NO_DATA]


# --------------------------------------------------------------------------- one province's view
@dataclass
class ProvinceReform:
    """Everything notebook 04 (or a brief) shows for one province, computed once from the ledger."""

    province: str
    code: str
    full: pd.DataFrame  # the whole target ledger (all five documents)
    rows: pd.DataFrame  # the province's non-PCI target and baseline rows (:func:`admin_targets`)
    par_rows: pd.DataFrame  # its PAR INDEX rows (:func:`par_index_rows`)
    gaps: pd.DataFrame  # :func:`gap_table`
    can: pd.DataFrame  # targets the data can judge
    cannot: pd.DataFrame  # targets without data
    docs: list[str]  # seed files its targets come from

    @property
    def par_source(self) -> str:
        """Figure source of the PAR INDEX rows: the seed documents' titles, appendix and file."""
        return document_source(sorted(set(self.par_rows["source_file"])), "Phụ lục 04") if len(self.par_rows) else ""

    @property
    def targets_source(self) -> str:
        return document_source(self.docs)

    def ledger_rows(self) -> pd.DataFrame:
        """The province's rows of the full ledger (every index, PCI included)."""
        return self.full[self.full["province_code"].astype(str) == self.code]

    def ledger_source(self) -> str:
        files = sorted(set(self.rows["seed_file"]) | set(self.ledger_rows()["seed_file"]))
        return (
            "seed documents "
            + ", ".join(files)
            + "; data/seed_targets.csv, data/pci_panel.csv, data/papi.csv, data/seed_par_index_laichau.csv"
        )


def province_reform(
    province: str, targets: pd.DataFrame, panel: pd.DataFrame, papi: pd.DataFrame, par: pd.DataFrame
) -> ProvinceReform:
    """Ledger, target rows, PAR INDEX rows, gaps and judgeability of one province (any spelling)."""
    prov = catalog.resolve_province(province)
    full = target_ledger(targets, panel=panel, papi=papi, par_index=par)
    rows = admin_targets(full, prov.name)
    can, cannot = judgeable(rows)
    return ProvinceReform(
        prov.name,
        prov.code,
        full,
        rows,
        par_index_rows(par, prov.name),
        gap_table(rows),
        can,
        cannot,
        sorted(set(rows["seed_file"])),
    )


GAP_VIEW_COLUMNS = [
    "index",
    "target",
    "start_value",
    "start_year",
    "start",
    "goal",
    "required_annual_change",
    "change_unit",
    "historical_annual_change",
    "straight_line_at_target",
    "gap_at_target",
    "status",
    "source",
]


def gap_view(gaps: pd.DataFrame, lang: catalog.Lang = "vi") -> pd.DataFrame:
    """The gap table as displayed: index names in the run's language, the columns a reader needs."""
    return gaps.assign(index=gaps["index"].map(lambda i: index_label(i, lang)))[GAP_VIEW_COLUMNS]


def data_needed_view(cannot: pd.DataFrame, lang: catalog.Lang = "vi") -> pd.DataFrame:
    """One row per index and data need of the targets the data cannot judge."""
    vi, en = cannot["data_needed_vi"], cannot["data_needed"]
    need = vi if lang == "vi" else en if lang == "en" else vi.where(vi == en, vi + " / " + en)
    return (
        cannot.assign(index=cannot["index"].map(lambda i: index_label(i, lang)), data_needed=need)[
            ["index", "target_text", "baseline_value", "baseline_year", "data_needed"]
        ]
        .drop_duplicates(["index", "data_needed"])
        .reset_index(drop=True)
    )


def _par_gap_line(T, g, r) -> str:
    ok = pd.notna(g.gap_at_target) and g.gap_at_target <= 0
    band_vi = target_text(g.kind, r["value_low"], r["value_high"], g.target_year, lang="vi")
    head_vi = (
        f"PAR INDEX {band_vi}: cần lên {T.signed(g.required_annual_change)} bậc/năm từ hạng "
        f"{T.num(g.start_value, 0)} ({g.start_year}); "
    )
    head_en = (
        f"PAR INDEX {g.target}: needs {T.signed(g.required_annual_change)} places a year from rank "
        f"{T.num(g.start_value, 0)} ({g.start_year}); "
    )
    if pd.isna(g.straight_line_at_target):
        tail_vi, tail_en = "không có tốc độ trước đây để so sánh.", "no past pace to compare with."
    else:
        tail_vi = (
            f"giữ tốc độ {T.signed(g.historical_annual_change)} bậc/năm thì năm {g.target_year} ở hạng "
            f"{T.num(g.straight_line_at_target, 0)}, "
            + (
                f"tốt hơn mức {T.num(g.goal, 0)} {T.num(abs(g.gap_at_target), 1)} bậc."
                if ok
                else f"còn thiếu {T.num(abs(g.gap_at_target), 1)} bậc so với mức {T.num(g.goal, 0)}."
            )
        )
        tail_en = (
            f"at its past pace of {T.signed(g.historical_annual_change)} places a year it would rank "
            f"{T.num(g.straight_line_at_target, 0)} in {g.target_year}, "
            + (
                f"{T.num(abs(g.gap_at_target), 1)} places better than {T.num(g.goal, 0)}."
                if ok
                else f"still {T.num(abs(g.gap_at_target), 1)} places short of {T.num(g.goal, 0)}."
            )
        )
    return T(f"- {head_vi}{tail_vi}", f"- {head_en}{tail_en}")


def summary_lines(v: ProvinceReform, lang: catalog.Lang = "vi") -> list[str]:
    """The notebook's summary bullets (``analysis.core.prose.Prose``): targets by status, PAR INDEX path and
    gap, the fastest percentage target, what the data can judge and what it would need."""
    T = Prose(lang)

    def B(vi, en):
        return T(f"- {vi}", f"- {en}")

    rows, gaps, can, cannot = v.rows, v.gaps, v.can, v.cannot
    counts = rows[rows["row_type"] == "target"]["status"].value_counts()
    n_t, n_b = int((rows["row_type"] == "target").sum()), int((rows["row_type"] == "baseline").sum())
    lines = [
        B(
            f"**{v.province}**: {n_t} mục tiêu ngoài PCI trong {len(v.docs)} văn bản"
            + (f" (và {n_b} số liệu gốc không kèm mục tiêu)" if n_b else "")
            + "; "
            + ", ".join(f"{n} «{status_label(s, 'vi')}»" for s, n in counts.items())
            + ".",
            f"**{v.province}**: {n_t} targets outside the PCI in {len(v.docs)} document(s)"
            + (f" (and {n_b} stated baseline(s) without a target)" if n_b else "")
            + "; "
            + ", ".join(f"{n} '{status_label(s, 'en')}'" for s, n in counts.items())
            + ".",
        )
    ]
    summ = par_index_summary(v.par_rows)
    if summ:
        lines.append(
            B(
                f"PAR INDEX: {T.num(summ['first_score'])} điểm, hạng {summ['first_rank']} ({summ['first_year']}) → "
                f"{T.num(summ['last_score'])} điểm, hạng {summ['last_rank']} ({summ['last_year']}).",
                f"PAR INDEX: {T.num(summ['first_score'])} points, rank {summ['first_rank']} ({summ['first_year']}) → "
                f"{T.num(summ['last_score'])} points, rank {summ['last_rank']} ({summ['last_year']}).",
            )
        )
    by_id = rows.set_index("target_id")
    for g in gaps[gaps["index"] == "PAR INDEX"].itertuples():
        if pd.notna(g.required_annual_change):
            lines.append(_par_gap_line(T, g, by_id.loc[g.target_id]))
    pct_rows = gaps[(gaps["kind"] == "percentage") & gaps["required_annual_change"].notna()]
    pct_all = rows[(rows["kind"] == "percentage") & (rows["row_type"] == "target")]
    if len(pct_rows):
        hard = pct_rows.sort_values("required_annual_change", ascending=False).iloc[0]
        lines.append(
            B(
                f"Chỉ tiêu tỷ lệ đòi hỏi nhanh nhất: {index_label(hard['index'], 'vi')} "
                f"({T.short(hard['start_value'])}% → {T.short(hard['goal'])}% năm {hard['target_year']}: "
                f"{T.signed(hard['required_annual_change'], 1)} điểm %/năm).",
                f"Fastest percentage target: {index_label(hard['index'], 'en')} "
                f"({T.short(hard['start_value'])}% → {T.short(hard['goal'])}% by {hard['target_year']}: "
                f"{T.signed(hard['required_annual_change'], 1)} points a year).",
            )
        )
    if len(pct_all):
        n_observed = int(pct_all["latest_year"].notna().sum())
        lines.append(
            B(
                f"{n_observed}/{len(pct_all)} chỉ tiêu tỷ lệ có số liệu quan sát (sau năm gốc đã nêu).",
                f"{n_observed} of {len(pct_all)} percentage targets have any observation in the data "
                "(after the stated baseline).",
            )
        )
    lines.append(
        B(
            f"Đánh giá được (ít nhất trên chuỗi số liệu của tỉnh): {len(can)} mục tiêu; không có số liệu: {len(cannot)} — "
            f"cần: {'; '.join(dict.fromkeys(x for x in cannot['data_needed_vi'] if x)) or '–'}.",
            f"Judgeable (at least on the province's own series): {len(can)} targets; no data to judge: {len(cannot)} — "
            f"needed: {'; '.join(dict.fromkeys(x for x in cannot['data_needed'] if x)) or '–'}.",
        )
    )
    lines.append(
        B(
            "Xác suất của các mục tiêu PCI và PAPI (cùng lần mô phỏng) nằm trong trang "
            "`03_target_reachability` và bảng `target_ledger` của trang đó.",
            "The probabilities of the PCI and PAPI targets (one simulation) are in notebook "
            "`03_target_reachability` and its `target_ledger` table.",
        )
    )
    return lines


__all__ = [
    "admin_targets",
    "data_needed_view",
    "document_source",
    "gap_table",
    "gap_view",
    "index_label",
    "judgeable",
    "par_index_rows",
    "par_index_summary",
    "par_index_wide",
    "province_reform",
    "ProvinceReform",
    "seed_documents",
    "summary_lines",
    "target_paths",
    "STATUS_OWN_SERIES",
]
