"""The target ledger: every target row of the five seed documents, each with an answer.

:func:`target_ledger` returns one row per row of ``data/seed_targets.csv`` (targets and
stated baselines; none dropped; conflicting targets such as Lai Châu's two 2025 PCI bands
stay side by side, linked by ``conflict_group``). For each it gives the baseline, the latest
observation the project holds, the required annual change, the historical annual change and
how often it was achieved, the projection engine's answer where one was passed in, and a
``status``:

``decided by data``
    the data already cover the target year (or, for "keep first every year", a year in the
    term in which the province was not first); ``verdict`` says met / missed.
``projected``
    a probability and verdict from :mod:`analysis.analyses.reachability` (passed as ``projections``).
``projection not run``
    a PCI or PAPI target a projection method applies to, but no projections were passed.
``judged on the province's own series only``
    the only observations are the province's own (Lai Châu's PAR INDEX 2016-2019) or no
    method applies (a VCCI tier): pace against its own history, no probability.
``no data to judge``
    the project holds no series for this index; ``data_needed`` says what would be needed.
``baseline only``
    the document states a baseline but no target for that index.

Which dataset answers which target is curated in ``catalog_data/target_data.csv``
(``dataset``: pci_panel, papi, par_index_seed or empty; ``series``; ``baseline_from`` when a
2030 row shares its 2025 row's baseline; ``baseline_year_used`` when the document gives a
period rather than a year; ``data_needed``).

Rank targets on both maps (issue 15): every national rank target (rank band, top k, keep
first; stated "of 63") carries its band on the 63-province scale (``rank_lo_63``,
``rank_hi_63``), the share of units it covers as percentiles (``pct_lo`` = (lo - 1) / 63,
``pct_hi`` = hi / 63) and the equivalent band among the 34 units of the 2025 map
(``rank_lo_34``, ``rank_hi_34``, :func:`analysis.data.maps.convert_rank_band`).
``verdict_scale`` says on which scale this ledger's verdict and probability were computed
(``scale=``: "63" unless the projections passed in are on the 34-unit map; empty where
there is nothing to judge: no data, projection not run); ``edition_map`` is the map the target year's edition ranks on ("34" from 2025).

Changes are per year in the target's unit. For rank targets a change is **places gained per
year** (positive = climbing: rank 57 to rank 55 in two years is +1.0), so "required" and
"historical" compare directly; the required change aims at the worse end of a band (the
"at least" reading).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.analyses.reachability import KEEP_FIRST_FROM, rank_met
from analysis.core import paths
from analysis.core.ranking import rank_desc_by  # the one ranking function (ties share the best rank)
from analysis.data import catalog
from analysis.data.loaders import load_pci_facts
from analysis.data.maps import SCALE_COLUMNS as TARGET_SCALE_COLUMNS
from analysis.data.maps import targets_on_both_scales
from analysis.data.periods import papi_periods
from analysis.data.seed_targets import _read_csv, load_target_specs

TARGET_DATA_FILE = paths.package_dir() / "catalog_data" / "target_data.csv"

STATUS_DECIDED = "decided by data"
STATUS_PROJECTED = "projected"
STATUS_NOT_RUN = "projection not run"
STATUS_OWN_SERIES = "judged on the province's own series only"
STATUS_NO_DATA = "no data to judge"
STATUS_BASELINE = "baseline only"
STATUSES = (STATUS_DECIDED, STATUS_PROJECTED, STATUS_NOT_RUN, STATUS_OWN_SERIES, STATUS_NO_DATA, STATUS_BASELINE)
STATUS_LABELS = {
    STATUS_DECIDED: ("đã có kết quả trong số liệu", "decided by data"),
    STATUS_PROJECTED: ("có dự báo", "projected"),
    STATUS_NOT_RUN: ("chưa chạy dự báo", "projection not run"),
    STATUS_OWN_SERIES: ("chỉ dựa trên chuỗi số liệu của tỉnh", "judged on the province's own series only"),
    STATUS_NO_DATA: ("không có số liệu để đánh giá", "no data to judge"),
    STATUS_BASELINE: ("chỉ có số liệu gốc", "baseline only"),
}

RANK_KINDS = catalog.target_kinds(rank=True)  # catalog_data/target_kinds.csv
PROJECTABLE_KINDS = catalog.target_kinds(projectable=True)
PROJECTABLE_DATASETS = ("pci_panel", "papi")

# the scale columns of a rank target (data.maps), and the map of the edition its verdict is read on
SCALE_COLUMNS = [*TARGET_SCALE_COLUMNS, "edition_map"]
LEDGER_COLUMNS = [
    "target_id",
    "row_type",
    "province",
    "province_code",
    "index",
    "kind",
    "target_text",
    "value_low",
    "value_high",
    "unit",
    "target_year",
    "conflict_group",
    "seed_file",
    "source",
    "quote",
    "baseline_value",
    "baseline_value_high",
    "baseline_year",
    "baseline_source",
    "dataset",
    "series",
    "latest_value",
    "latest_year",
    "latest_source_kind",
    "required_annual_change",
    "required_from",
    "historical_annual_change",
    "change_unit",
    "share_any_province_achieving",
    "n_windows_any",
    "share_own_achieving",
    "n_windows_own",
    "method",
    "probability",
    "probability_min",
    "probability_max",
    "n_projection_rows",
    "verdict",
    "status",
    "status_detail",
    "data_needed",
    "data_needed_vi",
    *SCALE_COLUMNS,
]
SCALES = ("63", "34")


# --------------------------------------------------------------------------- pace functions
def required_annual_change(start_value: float, target_value: float, start_year: int, target_year: int) -> float:
    """(target - start) / (target_year - start_year); NaN if either value is missing or no year is left."""
    if any(v is None or pd.isna(v) for v in (start_value, target_value, start_year, target_year)):
        return math.nan
    years = int(target_year) - int(start_year)
    if years <= 0:
        return math.nan
    return (float(target_value) - float(start_value)) / years


def required_rank_gain(start_rank: float, target_rank: float, start_year: int, target_year: int) -> float:
    """Places to gain per year to move from ``start_rank`` to ``target_rank`` (positive = climb)."""
    ch = required_annual_change(start_rank, target_rank, start_year, target_year)
    return -ch if not math.isnan(ch) else ch


def window_changes(
    frame: pd.DataFrame,
    value: str,
    span: int,
    *,
    unit: str = "province_code",
    period: str | None = None,
    sign: float = 1.0,
) -> pd.DataFrame:
    """Average annual change over every ``span``-year window of each unit's series.

    ``frame`` has columns ``unit``, ``year``, ``value`` (and ``period`` if given: a window
    must lie within one period, e.g. one PCI methodology). A window needs values at both
    ends (``year`` and ``year + span``). ``sign=-1`` turns rank changes into places gained.
    Returns columns unit, start_year, end_year, annual_change.
    """
    cols = [unit, "year", value] + ([period] if period else [])
    d = frame[cols].dropna(subset=[value]).drop_duplicates([unit, "year"])
    end = d.assign(year=d["year"] - span)
    m = d.merge(end, on=[unit, "year"], suffixes=("", "_end"))
    if period:
        m = m[m[period] == m[f"{period}_end"]]
    out = pd.DataFrame(
        {
            unit: m[unit],
            "start_year": m["year"].astype(int),
            "end_year": (m["year"] + span).astype(int),
            "annual_change": sign * (m[f"{value}_end"] - m[value]) / span,
        }
    )
    return out.sort_values([unit, "start_year"]).reset_index(drop=True)


def share_achieving(changes: Sequence[float] | pd.Series, required: float) -> tuple[float, int]:
    """(share of ``changes`` >= ``required``, number of changes); NaN share when there are none."""
    c = pd.Series(changes, dtype=float).dropna().to_numpy()
    if not len(c) or required is None or pd.isna(required):
        return math.nan, len(c)
    return float(np.mean(c >= required - 1e-12)), len(c)


def own_annual_change(series: pd.DataFrame, value: str, *, years: int | None = None) -> float:
    """A unit's average annual change from its first to its last observation (optionally the last ``years``)."""
    s = series.dropna(subset=[value]).sort_values("year")
    if years is not None and len(s):
        s = s[s["year"] >= s["year"].iloc[-1] - years]
    if len(s) < 2:
        return math.nan
    span = int(s["year"].iloc[-1]) - int(s["year"].iloc[0])
    return (float(s[value].iloc[-1]) - float(s[value].iloc[0])) / span


# --------------------------------------------------------------------------- series
def load_target_data(path=None) -> pd.DataFrame:
    """The curated target -> dataset map (``catalog_data/target_data.csv``)."""
    return _read_csv(path or TARGET_DATA_FILE)


def papi_ranks(papi: pd.DataFrame, dimension: str = "papi_total_unweighted") -> pd.DataFrame:
    """PAPI scores of one total with ranks (1 = best; ties share).

    ``papi`` is either the dimension table (:func:`analysis.load_papi`: column ``dimension``;
    ranks are computed here from the scores each year) or the totals table (column
    ``measure`` with a ``rank`` computed by the importer, used as it is).
    """
    if "measure" in papi.columns:
        d = papi[papi["measure"] == dimension].copy()
    else:
        d = papi[papi["dimension"] == dimension].copy()
        d["rank"] = rank_desc_by(d["score"], d["year"])  # rank_desc within each year
    if "source_kind" not in d:
        d["source_kind"] = ""
    d = d[["year", "province", "province_code", "score", "rank", "source_kind"]]
    periods = papi_periods(papi)  # PAPI's dimensions changed (two added in 2018): a period per set
    d["methodology"] = d["year"].map(periods).fillna("") if periods else ""
    return d.reset_index(drop=True)


def papi_method_note(papi: pd.DataFrame, total: str = "papi_total_unweighted") -> str:
    """How the ledger's PAPI ranks are made, from the PAPI table itself: the dimensions summed per
    period, the years and the number of provinces ranked."""
    if "dimension" not in papi.columns:
        return "PAPI ranks as the PAPI totals table gives them; not UNDP's published ranking"
    periods = papi_periods(papi, total)
    dims = papi[papi["dimension"] != total].groupby("year")["dimension"].nunique()
    n = papi[papi["dimension"] == total].groupby("year")["province_code"].nunique()
    parts = [f"{dims[int(p.split('-')[0])]} dimensions {p}" for p in dict.fromkeys(periods.values())]
    return (
        f"PAPI ranks computed each year from the unweighted total of the dimensions ({'; '.join(parts)}; "
        f"{int(n.min())}-{int(n.max())} provinces ranked a year; data/papi.csv); not UNDP's published ranking"
    )


def region_ranks(frame: pd.DataFrame, region: str, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``frame`` whose province lies in ``region`` (catalogue), ``rank`` replaced by
    the rank among them each year (1 = best national rank; ties share).

    A rank within the region is computed only in a year in which every member is ranked: in a partial edition
    (PCI 2024: the top 30 and press facts) the members present are not the region, and ranking them would
    promote a province (Điện Biên was "6th" among the 6 members with a published 2024 rank). A published rank
    within the region of a later year (``facts``: ``data/pci_facts.csv``, indicator ``pci_region_rank``:
    Điện Biên 5th of 14 in 2024, press) is appended as that year's row, with its own provenance."""
    prov = catalog.load_provinces()
    members = set(prov.loc[prov["region"] == region, "province_code"].astype(str))
    if not members:
        raise KeyError(f"no province of the catalogue lies in region {region!r}")
    d = frame[frame["province_code"].astype(str).isin(members)].dropna(subset=["rank"]).copy()
    ranked = d.groupby("year")["province_code"].nunique()
    d = d[d["year"].isin(ranked.index[ranked == len(members)])]
    d["national_rank"] = d["rank"]
    d["rank"] = rank_desc_by(-d["national_rank"], d["year"])  # rank_desc(-national rank) within each year
    if facts is not None and len(facts):
        f = facts[(facts["indicator"] == "pci_region_rank") & (facts["region"] == region) & facts["rank"].notna()]
        f = f[f["year"] > (d["year"].max() if len(d) else 0)]
        if len(f):
            add = pd.DataFrame(
                {
                    "year": f["year"].astype(int),
                    "province_code": f["province_code"].astype(str),
                    "rank": f["rank"].astype("Int64"),
                    "score": np.nan,
                    "source_kind": f["source_kind"],
                    "source_file": f["source_file"],
                    "source_locator": f["source_locator"],
                    "methodology": f["year"].map(catalog.methodology_period),
                }
            )
            d = pd.concat([d, add[[c for c in add.columns if c in d.columns or c == "rank"]]], ignore_index=True)
    return d


def _series(dataset: str, series: str, panel, papi, par) -> pd.DataFrame | None:
    """year, province_code, rank, score, source_kind, methodology (tier for the tier series)."""
    if dataset == "pci_panel" and panel is not None:
        ind = "pci" if series in ("pci", "pci_tier") else series
        if series == "subindices":
            d = panel[panel["indicator"].isin(catalog.SUBINDICES)]
        else:
            d = panel[panel["indicator"] == ind]
        d = d.copy()
        if "methodology" not in d:
            d["methodology"] = d["year"].map(catalog.methodology_period)
        return d
    if dataset == "papi" and papi is not None:
        return papi_ranks(papi, series)
    if dataset == "par_index_seed" and par is not None:
        d = par[par["component"] == series].copy()
        d["source_kind"] = "province_document"
        d["methodology"] = "PAR INDEX"
        return d
    return None


# --------------------------------------------------------------------------- projections
def _projection_summary(projections: pd.DataFrame | None, method: str | None) -> dict[str, dict]:
    if projections is None or not len(projections):
        return {}
    p = projections.copy()
    if "target_id" not in p or "probability" not in p:
        raise ValueError("projections need columns target_id and probability (analysis.analyses.reachability.evaluate)")
    if method is not None and "method" in p:
        if method not in set(p["method"]):
            raise ValueError(f"projections have no method {method!r}; they have {sorted(set(p['method']))}")
        p = p[p["method"] == method]
    elif "method" in p and p.groupby("target_id")["method"].nunique().max() > 1:
        raise ValueError(
            f"projections hold several methods per target; pass method= to choose one (have {sorted(set(p['method']))})"
        )
    out = {}
    for tid, g in p.groupby("target_id", sort=False):
        probs = g["probability"].astype(float)
        verdicts = g["verdict"].astype(str).tolist() if "verdict" in g else []
        if len(g) == 1:
            verdict = verdicts[0] if verdicts else ""
        else:
            counts = pd.Series(verdicts).value_counts()
            verdict = "; ".join(f"{n} {v}" for v, n in counts.items()) if verdicts else ""
        out[tid] = {
            "method": "; ".join(sorted(set(g["method"].astype(str)))) if "method" in g else "",
            "probability": float(probs.iloc[0]) if len(g) == 1 else math.nan,
            "probability_min": float(probs.min()),
            "probability_max": float(probs.max()),
            "n_projection_rows": len(g),
            "verdict": verdict,
        }
    return out


# --------------------------------------------------------------------------- the ledger
def _target_text(r) -> str:
    lo, hi, kind, year = r["value_low"], r["value_high"], r["kind"], r["target_year"]
    y = f" by {int(year)}" if pd.notna(year) else ""
    num = lambda v: f"{v:g}"  # noqa: E731
    if kind == "rank_band":
        return f"rank {num(lo)}–{num(hi)}{y}"
    if kind == "top_k":
        return f"top {num(hi)}{y}"
    if kind == "region_top_k":
        return f"top {num(hi)} in {r.get('region') or 'the region'}{y}"
    if kind == "keep_first":
        return f"keep first every year to {int(year)}"
    if kind == "tier":
        return f"tier '{r['value_text']}'{y}"
    if kind == "score_change_per_year":
        return f"+{num(lo)} to +{num(hi)} points a year{y}"
    if kind in ("percentage", "count"):
        unit = "%" if kind == "percentage" else f" {r['unit']}"
        if pd.notna(hi) and pd.notna(lo) and lo == hi:
            return f"{num(lo)}{unit}{y}"
        return f"at least {num(lo)}{unit}{y}"
    if kind == "baseline":
        return "(baseline only)"
    return kind


def _measure(unit) -> str:
    """What a target's unit measures (rank, percent, ...; ``catalog_data/target_units.csv``); "" for no unit."""
    return catalog.target_unit(str(unit)).measure if isinstance(unit, str) and unit else ""


def _goal(r) -> float:
    """The value the required change aims at ("at least" reading)."""
    kind = r["kind"]
    if kind in ("rank_band", "top_k", "region_top_k"):
        return r["value_high"]
    if kind == "keep_first":
        return 1.0
    if kind in ("percentage", "count"):
        return r["value_low"] if pd.notna(r["value_low"]) else r["value_high"]
    return math.nan


def _met(kind: str, value: float, r) -> bool:
    if kind in ("rank_band", "top_k", "region_top_k"):
        return rank_met(value, r["value_high"])
    if kind == "keep_first":
        return value == 1
    return bool(value >= _goal(r))


def target_ledger(
    targets: pd.DataFrame,
    *,
    panel: pd.DataFrame | None = None,
    papi: pd.DataFrame | None = None,
    par_index: pd.DataFrame | None = None,
    projections: pd.DataFrame | None = None,
    method: str | None = None,
    target_data: pd.DataFrame | None = None,
    span: int = 5,
    scale: str | dict[str, str] = "63",
) -> pd.DataFrame:
    """One row per target row of ``targets`` (``analysis.load_targets()``), with its answer.

    ``panel`` (:func:`analysis.load_pci`), ``papi`` (:func:`analysis.load_papi`, or the PAPI
    totals table with its computed ranks, see :func:`papi_ranks`) and
    ``par_index`` (:func:`analysis.load_par_index`) are the observations; any may be None.
    ``projections``: the projection engine's answers (:func:`analysis.analyses.reachability.evaluate`
    output or any frame with target_id, probability and optionally method, verdict), merged
    by ``target_id``; with several methods per target pass ``method=``. Several rows for one
    target (per sub-index, or the two readings of "keep first") are summarised:
    ``probability`` only when there is one row, ``probability_min``/``probability_max`` and
    ``verdict`` counts otherwise. A projection for a target_id not in ``targets`` raises.
    ``span``: window length in years for the historical changes.
    ``scale``: the map the projections are on ("63" or "34"), written in ``verdict_scale`` of
    every national rank target; a dict gives it per index (``{"PCI": "34"}``; others "63").

    Columns :data:`LEDGER_COLUMNS`; see the module docstring for the statuses and units.
    """
    for sc in scale.values() if isinstance(scale, dict) else [scale]:
        if str(sc) not in SCALES:
            raise ValueError(f"scale must be '63' or '34', not {sc!r}")
    td = (load_target_data() if target_data is None else target_data).set_index("target_id")
    missing = sorted(set(targets["target_id"]) - set(td.index))
    if missing:
        raise KeyError(f"catalog_data/target_data.csv has no row for target(s) {missing}")
    proj = _projection_summary(projections, method)
    unknown = sorted(set(proj) - set(targets["target_id"]))
    if unknown:
        raise ValueError(f"projections for target_id(s) not in the targets table: {unknown}")
    by_id = targets.set_index("target_id")
    seed_file = {t["target_id"]: t["file"] for t in load_target_specs()}
    # every target of one series reads the same table and the same windows of every province: made once a call
    series_of: dict[tuple, pd.DataFrame | None] = {}
    windows_of: dict[tuple, pd.DataFrame] = {}
    rows = []
    for r in targets.to_dict("records"):
        tid, kind = r["target_id"], r["kind"]
        m = td.loc[tid]
        dataset, series = m["dataset"], m["series"]
        code = str(r["province_code"])
        base_v, base_vh, base_y, base_src = (
            r["baseline_value"],
            r["baseline_value_high"],
            r["baseline_year"],
            r["baseline_source"] or (r["source"] if pd.notna(r["baseline_value"]) else ""),
        )
        if m["baseline_from"]:
            b = by_id.loc[m["baseline_from"]]
            base_v, base_vh, base_y = b["baseline_value"], b["baseline_value_high"], b["baseline_year"]
            base_src = b["baseline_source"] or b["source"]
        if pd.isna(base_y) and m["baseline_year_used"]:
            base_y = int(m["baseline_year_used"])
        row = {
            c: r.get(c)
            for c in (
                "target_id",
                "province",
                "province_code",
                "index",
                "kind",
                "value_low",
                "value_high",
                "unit",
                "target_year",
                "conflict_group",
                "source",
                "quote",
            )
        }
        row.update(
            row_type="baseline" if kind == "baseline" else "target",
            target_text=_target_text(r),
            seed_file=seed_file.get(tid, ""),
            baseline_value=base_v,
            baseline_value_high=base_vh,
            baseline_year=base_y,
            baseline_source=base_src,
            dataset=dataset,
            series=series,
            latest_value=math.nan,
            latest_year=pd.NA,
            latest_source_kind="",
            required_annual_change=math.nan,
            required_from="",
            historical_annual_change=math.nan,
            change_unit="",
            share_any_province_achieving=math.nan,
            n_windows_any=0,
            share_own_achieving=math.nan,
            n_windows_own=0,
            method="",
            probability=math.nan,
            probability_min=math.nan,
            probability_max=math.nan,
            n_projection_rows=0,
            verdict="",
            status="",
            status_detail="",
            data_needed=m["data_needed"],
            data_needed_vi=m["data_needed_vi"],
        )
        skey = (dataset, series, r["region"] if kind == "region_top_k" else None)
        if skey not in series_of:
            s = _series(dataset, series, panel, papi, par_index) if dataset else None
            if s is not None and kind == "region_top_k":
                s = region_ranks(s, r["region"], load_pci_facts())
            series_of[skey] = s
        s = series_of[skey]
        mine = None if s is None else s[s["province_code"].astype(str) == code].sort_values("year")
        goal = _goal(r)
        ty = r["target_year"]
        detail = []
        if mine is not None and len(mine):
            rank_like = kind in RANK_KINDS or (kind == "baseline" and _measure(r["unit"]) == "rank")
            if series == "pci_tier":
                obs = mine[mine["tier"].fillna("").astype(str) != ""]
                if len(obs):
                    last = obs.iloc[-1]
                    row.update(
                        latest_value=math.nan,
                        latest_year=int(last["year"]),
                        latest_source_kind=str(last.get("source_kind", "")),
                    )
                    detail.append(f"latest tier {last['tier']!r} ({int(last['year'])})")
            elif series == "subindices":
                obs = mine.dropna(subset=["score"])
                ly = int(obs["year"].max())
                row.update(
                    latest_year=ly,
                    latest_source_kind=";".join(sorted(set(obs[obs["year"] == ly]["source_kind"].astype(str)))),
                )
                per = obs[obs["methodology"] == obs[obs["year"] == ly]["methodology"].iloc[0]]
                own = [own_annual_change(g, "score", years=span) for _, g in per.groupby("indicator")]
                own = [o for o in own if not math.isnan(o)]
                row["historical_annual_change"] = float(np.mean(own)) if own else math.nan
                row["required_annual_change"] = r["value_low"]
                row["change_unit"] = "points per year (each sub-index)"
                ch = window_changes(
                    s.assign(_k=s["province_code"].astype(str) + "|" + s["indicator"]),
                    "score",
                    span,
                    unit="_k",
                    period="methodology",
                )
                row["share_any_province_achieving"], row["n_windows_any"] = share_achieving(
                    ch["annual_change"], r["value_low"]
                )
                mine_ch = ch[ch["_k"].str.startswith(code + "|")]
                row["share_own_achieving"], row["n_windows_own"] = share_achieving(
                    mine_ch["annual_change"], r["value_low"]
                )
                detail.append(
                    f"{per['indicator'].nunique()} sub-indices observed, latest {ly}; "
                    f"changes within methodology {per['methodology'].iloc[-1]}"
                )
            else:
                value_col = "rank" if rank_like else "score"
                obs = mine.dropna(subset=[value_col])
                if len(obs):
                    last = obs.iloc[-1]
                    ly, lv = int(last["year"]), float(last[value_col])
                    row.update(latest_value=lv, latest_year=ly, latest_source_kind=str(last.get("source_kind", "")))
                    if rank_like and kind != "baseline":
                        row["change_unit"] = "places gained per year"
                        # start from the newer of the stated baseline and the latest observation
                        newer_base = pd.notna(base_v) and pd.notna(base_y) and int(base_y) > ly
                        sv, sy = (base_v, int(base_y)) if newer_base else (lv, ly)
                        req = required_rank_gain(sv, goal, sy, ty) if pd.notna(ty) else math.nan
                        row["required_annual_change"] = req
                        row["required_from"] = "baseline" if newer_base else "latest observation"
                        same = obs[obs["methodology"] == obs["methodology"].iloc[-1]]
                        hist = own_annual_change(same, value_col, years=span)
                        row["historical_annual_change"] = -hist if not math.isnan(hist) else hist
                        if (*skey, value_col) not in windows_of:
                            windows_of[(*skey, value_col)] = window_changes(
                                s, value_col, span, period="methodology", sign=-1.0
                            )
                        ch = windows_of[(*skey, value_col)]
                        if dataset != "par_index_seed":
                            row["share_any_province_achieving"], row["n_windows_any"] = share_achieving(
                                ch["annual_change"], req
                            )
                        mine_ch = ch[ch["province_code"].astype(str) == code]
                        row["share_own_achieving"], row["n_windows_own"] = share_achieving(
                            mine_ch["annual_change"], req
                        )
        if (
            pd.isna(row["required_annual_change"])
            and kind not in ("baseline", "tier", "score_change_per_year")
            and pd.notna(base_v)
            and pd.notna(base_y)
            and pd.notna(ty)
            and pd.notna(goal)
        ):
            if kind in RANK_KINDS:
                row["required_annual_change"] = required_rank_gain(base_v, goal, base_y, ty)
                row["change_unit"] = "places gained per year"
            else:
                row["required_annual_change"] = required_annual_change(base_v, goal, base_y, ty)
                row["change_unit"] = "percentage points per year" if kind == "percentage" else f"{r['unit']} per year"
            row["required_from"] = "baseline"
        elif pd.notna(row["required_annual_change"]) and not row["required_from"]:
            row["required_from"] = "target" if kind == "score_change_per_year" else "latest observation"
        if row["required_annual_change"] == 0:
            row["required_annual_change"] = 0.0  # no "-0"
        # ---- status
        if kind == "baseline":
            row["status"] = STATUS_BASELINE
            if pd.notna(row["latest_value"]) and pd.notna(base_v) and pd.notna(base_y) and mine is not None:
                at = mine[mine["year"] == base_y]
                col = "rank" if _measure(r["unit"]) == "rank" else "score"
                if len(at) and pd.notna(at[col].iloc[0]):
                    same = float(at[col].iloc[0]) == float(base_v)
                    detail.append(
                        f"data {col} {int(base_y)}: {at[col].iloc[0]:g} "
                        f"({'agrees with' if same else 'differs from'} the stated {base_v:g})"
                    )
        elif mine is None or not len(mine) or (pd.isna(row["latest_year"])):
            row["status"] = STATUS_NO_DATA
            if dataset:
                detail.append(f"{dataset} holds no {series} value for {r['province']}")
        else:
            decided = None
            ly = int(row["latest_year"])
            if kind == "keep_first":  # every year of the term, as the projection reads it (one rule)
                term = mine[(mine["year"] >= KEEP_FIRST_FROM) & (mine["year"] <= int(ty))].dropna(subset=["rank"])
                lost = term[term["rank"] != 1]
                if len(lost):
                    kinds = lost["source_kind"] if "source_kind" in lost else pd.Series("", index=lost.index)
                    decided = (
                        "missed (every-year reading)",
                        "not first in "
                        + ", ".join(
                            f"{int(y)} (rank {int(k)}{', ' + str(sk) if sk else ''})"
                            for y, k, sk in zip(lost["year"], lost["rank"], kinds)
                        ),
                    )
            if decided is None and pd.notna(ty) and ly >= int(ty) and pd.notna(row["latest_value"]):
                at = mine[mine["year"] == int(ty)]
                col = "rank" if kind in RANK_KINDS else "score"
                if len(at) and pd.notna(at[col].iloc[0]):
                    ok = _met(kind, float(at[col].iloc[0]), r)
                    sk = str(at["source_kind"].iloc[0]) if "source_kind" in at else ""
                    decided = (
                        "met" if ok else "missed",
                        f"{col} {at[col].iloc[0]:g} in {int(ty)}{' (' + sk + ')' if sk else ''}",
                    )
            if decided is not None:
                row.update(status=STATUS_DECIDED, verdict=decided[0])
                detail.append(decided[1])
            elif dataset == "par_index_seed" or series == "pci_tier":
                row["status"] = STATUS_OWN_SERIES
                if dataset == "par_index_seed":
                    detail.append("no other province's PAR INDEX is held: no panel, no probability")
                else:
                    detail.append("no projection method for a VCCI tier")
            elif tid in proj:
                row.update(status=STATUS_PROJECTED, **proj[tid])
            elif dataset in PROJECTABLE_DATASETS and kind in PROJECTABLE_KINDS:
                row["status"] = STATUS_NOT_RUN
            else:
                row["status"] = STATUS_OWN_SERIES
        if tid in proj and row["status"] != STATUS_PROJECTED:
            row.update(**proj[tid])  # keep the engine's answer beside a decided/other status
        if dataset == "papi" and papi is not None:
            detail.append(papi_method_note(papi))
        if m["note"]:
            detail.append(m["note"])
        row["status_detail"] = "; ".join(detail)
        rows.append(row)
    out = pd.DataFrame(rows, columns=[c for c in LEDGER_COLUMNS if c not in SCALE_COLUMNS])
    out = out.merge(rank_scales(targets, scale=scale), on="target_id", how="left")[LEDGER_COLUMNS]
    for c in ("rank_lo_63", "rank_hi_63", "rank_lo_34", "rank_hi_34"):
        out[c] = pd.array(out[c], dtype="Int64")
    for c in ("verdict_scale", "edition_map"):
        out[c] = out[c].fillna("")
    # a scale only where there is a verdict or a probability to read on it
    out.loc[out["status"].isin([STATUS_NO_DATA, STATUS_NOT_RUN, STATUS_BASELINE]), "verdict_scale"] = ""
    for c in ("target_year", "baseline_year", "latest_year"):
        out[c] = pd.array(pd.to_numeric(out[c], errors="coerce"), dtype="Int64")
    if len(out) != len(targets):  # pragma: no cover - guarded by construction
        raise AssertionError("the ledger lost a target row")
    return out


def rank_scales(targets: pd.DataFrame, scale: str | dict[str, str] = "63") -> pd.DataFrame:
    """target_id and the :data:`SCALE_COLUMNS` of every national rank target of ``targets``
    (:func:`analysis.data.maps.targets_on_both_scales`); ``verdict_scale`` is ``scale`` (or
    ``scale[index]``, default "63"), ``edition_map`` the map of the target year's edition."""
    b = targets_on_both_scales(targets)
    out = b[["target_id", "rank_lo_63", "rank_hi_63", "pct_lo", "pct_hi", "rank_lo_34", "rank_hi_34"]].copy()
    out["verdict_scale"] = [str(scale.get(i, "63")) for i in b["index"]] if isinstance(scale, dict) else str(scale)
    out["edition_map"] = b["verdict_scale"].astype(str)
    return out.reset_index(drop=True)


#: the statuses shown per province (in this order) by :func:`status_by_province`
PROVINCE_STATUS_COLUMNS = (STATUS_PROJECTED, STATUS_DECIDED, STATUS_OWN_SERIES, STATUS_NO_DATA, STATUS_NOT_RUN)


def status_by_province(ledger: pd.DataFrame, split_indices: Sequence[str] | None = None) -> pd.DataFrame:
    """Targets per province and status (stated baselines left out): one row per province in
    ledger order, one column per status of :data:`PROVINCE_STATUS_COLUMNS` (zeros included) and
    ``targets`` (their total). With ``split_indices`` (e.g. the PCI family), ``other_indices``
    counts the province's targets whose index is not among them (the administrative-reform
    targets notebook 04 answers)."""
    t = ledger[ledger["row_type"] == "target"]
    rows = []
    for p in dict.fromkeys(ledger["province"]):
        d = t[t["province"] == p]
        c = d["status"].value_counts()
        row = {"province": p, **{s: int(c.get(s, 0)) for s in PROVINCE_STATUS_COLUMNS}, "targets": len(d)}
        if split_indices is not None:
            row["other_indices"] = int((~d["index"].isin(list(split_indices))).sum())
        rows.append(row)
    cols = ["province", *PROVINCE_STATUS_COLUMNS, "targets"] + (["other_indices"] if split_indices is not None else [])
    return pd.DataFrame(rows, columns=cols)


def status_counts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Rows per status (all six statuses, zero included), in :data:`STATUSES` order."""
    c = ledger["status"].value_counts()
    return pd.DataFrame({"status": list(STATUSES), "n": [int(c.get(s, 0)) for s in STATUSES]})


def status_label(status: str, lang: catalog.Lang = "vi") -> str:
    vi, en = STATUS_LABELS[status]
    return catalog.text(vi, en, lang)
