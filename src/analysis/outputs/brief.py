"""A province brief: one province's standing, sub-indices, peers, targets and key charts.

:func:`build_brief` assembles a :class:`Brief` (plain data: tables of display strings with a
source column, figure files with their source line, summary sentences) from library calls
only; :mod:`analysis.outputs.brief_render` writes it as an HTML page and a Word document::

    b = build_brief("Điện Biên", lang="vi")          # figures written beside the brief
    write_brief(b)                                   # reports/brief/dienbien/brief.html, brief.docx

Every number in a table carries the source of the panel row it comes from (file and place);
every figure carries the source line :func:`analysis.save_figure` prints on it. Missing values
are "no data", never zero.

The targets part is isolated in :func:`province_targets`: it returns one row per target of the
province (verdict, reason, source), today from :mod:`analysis.analyses.reachability` and the seed
targets table; switching it to a target ledger changes that function only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.data import catalog
from analysis.analyses import compare, planner, reachability, trends
from analysis.data.loaders import load_targets
from analysis.outputs.charts import planner as planner_charts
from analysis.outputs.narrative import planner as planner_text
from analysis.outputs.style import save_figure
from analysis.core import paths
from analysis.data.catalog import COMPOSITE, SUBINDICES, Lang, indicator_label, resolve_province
from analysis.data.coverage import full_years, provinces_per_year
from analysis.data.provenance import source_line

PRINT_WIDTH_CM = 16.0  # A4 (21 cm) less 2.5 cm margins: every figure is placed at this width
DEFAULT_DRAWS = 2000
BACKTEST_ORIGINS, BACKTEST_HORIZONS, BACKTEST_DRAWS = (2015, 2016, 2017), (1, 2, 3), 1500
NO_DATA = ("không có số liệu", "no data")
SECTIONS = ("standing", "history", "subindices", "peers", "targets", "planner", "charts", "sources")
SECTION_TITLES = {
    "standing": ("Vị trí hiện tại", "Standing"),
    "history": ("Điểm và thứ hạng PCI qua các năm", "PCI composite over time"),
    "subindices": ("Mười chỉ số thành phần: xu hướng và dư địa", "The ten sub-indices: trend and leverage"),
    "peers": ("So với các tỉnh trong vùng", "Peers in the region"),
    "targets": ("Mục tiêu của tỉnh", "The province's targets"),
    "planner": ("Cần gì để đạt mục tiêu?", "What would it take?"),
    "charts": ("Biểu đồ chính", "Key charts"),
    "sources": ("Nguồn số liệu", "Sources"),
}


# --------------------------------------------------------------------------- data classes
@dataclass
class BriefTable:
    """A table ready to print: ``frame`` holds display strings (headers in the brief's language)."""
    key: str
    title: str
    frame: pd.DataFrame
    note: str = ""


@dataclass
class BriefFigure:
    key: str
    title: str
    png: Path
    svg: Path
    source: str


@dataclass
class Brief:
    province: catalog.Province
    lang: Lang
    year: int  # the province's latest year with a composite score
    title: str
    summary: list[str]
    tables: dict[str, BriefTable]
    figures: list[BriefFigure]
    sources: list[str]
    out_dir: Path
    data: dict[str, pd.DataFrame] = field(default_factory=dict)  # the unformatted tables

    def section_title(self, key: str) -> str:
        return catalog.text(*SECTION_TITLES[key], self.lang)


# --------------------------------------------------------------------------- small helpers
def _T(lang: Lang):
    return lambda vi, en: catalog.text(vi, en, lang)


def _num(x, d: int = 2, lang: Lang = "vi", sign: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return catalog.text(*NO_DATA, lang)
    return f"{float(x):+.{d}f}" if sign else f"{float(x):.{d}f}"


def _int(x, lang: Lang = "vi") -> str:
    return catalog.text(*NO_DATA, lang) if x is None or pd.isna(x) else str(int(x))


def _pct(p, lang: Lang = "vi") -> str:
    return catalog.text(*NO_DATA, lang) if p is None or pd.isna(p) else f"{float(p):.0%}"


def row_source(row) -> str:
    """Where one panel row's number comes from: file and place in it.

    Uses the new provenance columns (``source_file``, ``source_locator``, ``rank_locator``)
    when the panel has them, else the ``source`` text as the importer wrote it.
    """
    get = row.get if hasattr(row, "get") else (lambda k, d="": getattr(row, k, d))
    file = get("source_file", "")
    if isinstance(file, str) and file:
        loc = get("source_locator", "") or ""
        rank_loc = get("rank_locator", "") or ""
        out = f"{file}, {loc}" if loc else file
        return f"{out}; rank: {rank_loc}" if rank_loc else out
    src = get("source", "")
    return "" if src is None or (isinstance(src, float) and math.isnan(src)) else str(src)


def source_kind_label(kind: str, lang: Lang = "vi") -> str:
    """The source kind in words, from ``catalog_data/source_kinds.csv`` when it exists
    (kind, tier, label_vi, label_en, official), else the kind code itself."""
    kind = str(kind or "")
    path = paths.package_dir() / "catalog_data" / "source_kinds.csv"
    if kind and path.exists():
        tab = pd.read_csv(path, dtype=str).fillna("")
        hit = tab[tab["kind"] == kind]
        if len(hit):
            return catalog.text(hit["label_vi"].iloc[0], hit["label_en"].iloc[0], lang)
    return kind.replace("_", " ") if kind else catalog.text(*NO_DATA, lang)


def _slug(province: str) -> str:
    return catalog.normalise_name(province)


# --------------------------------------------------------------------------- standing
def standing(panel: pd.DataFrame, province: str) -> dict:
    """The province's latest composite (score, rank, rank kind, source kind, source) and its
    region rank in the latest full cross-section that includes it.

    Keys: year, score, rank, n (provinces ranked that year, when the year is a full
    cross-section, else None), rank_kind, source_kind, source, region, region_year,
    region_rank, n_region, region_source.
    """
    prov = resolve_province(province)
    comp = panel[(panel["indicator"] == COMPOSITE) & panel["score"].notna()]
    mine = comp[comp["province_code"] == prov.code].sort_values("year")
    if mine.empty:
        raise ValueError(f"{prov.name}: no PCI composite score in the panel")
    last = mine.iloc[-1]
    year = int(last["year"])
    full = full_years(panel)
    counts = provinces_per_year(panel)
    out = {"year": year, "score": float(last["score"]), "rank": last["rank"],
           "n": int(counts[year]) if year in full else None,
           "rank_kind": str(last.get("rank_kind", "") or ""), "source_kind": str(last.get("source_kind", "") or ""),
           "source": row_source(last), "region": prov.region,
           "region_year": None, "region_rank": None, "n_region": None, "region_source": ""}
    years_in = [y for y in full if y in set(mine["year"])]
    if years_in:
        ry = max(years_in)
        rr = compare.region_rank(panel, prov.name, ry)
        me = rr[rr["is_focus"]].iloc[0]
        region_rows = comp[(comp["year"] == ry) & comp["province_code"].isin(rr["province_code"])]
        out.update(region_year=ry, region_rank=int(me["region_rank"]), n_region=int(me["n_region"]),
                   region_source=source_line(region_rows))
    return out


def standing_among_34(panel: pd.DataFrame, province: str, year: int) -> dict | None:
    """The province's rank among the 34 units of the July 2025 map in ``year`` (``data/pci_panel_34.csv``).

    None when that table has no full ranking of ``year``. Keys: rank, n, unit, unchanged, source.
    """
    from analysis.data import maps

    try:
        p34 = maps.load_pci_34()
    except FileNotFoundError:
        return None
    _, focus, _ = maps.standing_among_34(panel, p34, [province], year)
    if focus.empty or pd.isna(focus["rank"].iloc[0]):
        return None
    r = focus.iloc[0]
    return {"rank": int(r["rank"]), "n": int(r["n"]), "unit": str(r["province"]),
            "unchanged": str(r.get("change", "")) == "unchanged",
            "source": f"data/{maps.PANEL_34_TABLE} ({maps.UNITS_TABLE}; Resolution 202/2025/QH15; "
                      f"weights: {maps.POPULATION_FILE} sheet {maps.POPULATION_SHEET})"}


# --------------------------------------------------------------------------- targets (isolated)
def province_targets(panel: pd.DataFrame, province: str, *, targets: pd.DataFrame | None = None,
                     lang: Lang = "vi", draws: int = DEFAULT_DRAWS, seed: int = 0,
                     method: str = "auto") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every target of ``province`` with its verdict and the reason for it.

    Returns ``(table, results)``. ``table``: one row per target (a target on "each
    sub-index" gives one row per sub-index) with columns target_id, index, kind,
    target_year, target (in words), verdict (likely / uncertain / unlikely / not evaluated /
    baseline), verdict_label, probability (``method``), probability_min, probability_max
    (across the projection methods), method, reason, source (seed file, section, line).
    ``results``: :func:`analysis.analyses.reachability.evaluate` rows for the evaluable targets.

    ``method="auto"``: the method :func:`analysis.analyses.project.choose_default_method` picks from
    the backtest (as notebook 03 does). Today the targets come from ``load_targets()``
    (the seed documents) and are evaluated with :mod:`analysis.analyses.reachability`; this is the
    one function to change when a target ledger replaces them.
    """
    from analysis.data.loaders import load_targets

    T = _T(lang)
    prov = resolve_province(province)
    targets = load_targets() if targets is None else targets
    mine = targets[targets["province_code"].astype(str) == prov.code].copy()
    try:  # the target ledger (analysis.analyses.ledger.target_ledger), once the package has it
        from analysis.analyses import ledger
    except ImportError:
        ledger = None
    if ledger is not None and hasattr(ledger, "target_ledger"):
        return _targets_from_ledger(ledger, panel, mine, lang=lang, draws=draws, seed=seed, method=method)
    from analysis.analyses.project import backtest, choose_default_method, normalise_methods

    evaluable, other = reachability.pci_targets(mine, panel)
    if method == "auto":
        bt = backtest(panel, origins=BACKTEST_ORIGINS, horizons=BACKTEST_HORIZONS, method="all",
                      draws=BACKTEST_DRAWS, seed=seed)
        method = choose_default_method(bt)
    else:
        method = normalise_methods(method)[0]
    results = pd.DataFrame()
    rows = []
    if len(evaluable):
        results = reachability.evaluate(panel, evaluable, method="all", draws=draws, seed=seed, lang=lang)
        summ = reachability.summary_by_target(results, method)
        for _, t in evaluable.iterrows():
            res = results[results["target_id"] == t["target_id"]]
            for ind, r in res.groupby("index", sort=False):
                s = summ[(summ["target_id"] == t["target_id"]) & (summ["target"] == r["target"].iloc[0])].iloc[0]
                p = s["probability_default"]
                verdict = reachability.verdict_band(p)
                text = reachability.target_text(t["kind"], t["value_low"], t["value_high"], t["target_year"],
                                                t["region"] or None, lang)
                if str(t["index"]).lower() == "pci_subindex_each":
                    text = T(f"{indicator_label(ind, 'vi')}: {text}", f"{indicator_label(ind, 'en')}: {text}")
                else:
                    text = f"PCI: {text}"
                reason = T(
                    f"Xác suất {_pct(p, lang)} (phương pháp {method}; các phương pháp: {_pct(s['probability_min'], lang)}"
                    f"–{_pct(s['probability_max'], lang)}); cần {_num(s['required_annual_gain'], 2, lang, True)} điểm/năm, "
                    f"đã đạt {_num(s['historical_annual_gain'], 2, lang, True)}/năm.",
                    f"Probability {_pct(p, lang)} ({method} method; all methods {_pct(s['probability_min'], lang)}"
                    f"–{_pct(s['probability_max'], lang)}); needs {_num(s['required_annual_gain'], 2, lang, True)} "
                    f"points/yr vs {_num(s['historical_annual_gain'], 2, lang, True)}/yr so far.")
                if int(t["target_year"]) >= reachability.TOP_ONLY_FROM:
                    reason += " " + reachability.observability_label(r["observable"].iloc[0], lang).capitalize() + "."
                rows.append({"target_id": t["target_id"], "index": ind, "kind": t["kind"],
                             "target_year": int(t["target_year"]), "target": text, "verdict": verdict,
                             "verdict_label": reachability.verdict_label(verdict, lang), "probability": p,
                             "probability_min": s["probability_min"], "probability_max": s["probability_max"],
                             "method": method, "reason": reason, "source": t["source"]})
    for _, t in other.iterrows():
        baseline = t["kind"] == "baseline"
        verdict = "baseline" if baseline else "not evaluated"
        lo, hi = t["value_low"], t["value_high"]
        if t["value_text"]:
            value = t["value_text"]
        elif pd.notna(lo) and pd.notna(hi):
            value = f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"
        elif pd.notna(lo):
            value = f"≥ {lo:g}"
        else:
            value = ""
        unit = f" {t['unit']}" if t["unit"] else ""
        year = f" ({int(t['target_year'])})" if pd.notna(t["target_year"]) else ""
        if baseline:
            bv = "" if pd.isna(t["baseline_value"]) else f"{t['baseline_value']:g}"
            by = "" if pd.isna(t["baseline_year"]) else f" {int(t['baseline_year'])}"
            text = T(f"{t['index']}: mốc{by} {bv}{unit}", f"{t['index']}: baseline{by} {bv}{unit}")
            reason = T("Văn bản chỉ nêu mốc, không đặt mục tiêu bằng số.", "The document states a baseline, no numeric target.")
        else:
            text = f"{t['index']}: {value}{unit}{year}"
            if t["kind"] not in reachability.TARGET_KINDS:
                reason = T(f"Loại mục tiêu «{t['kind']}» không phải mục tiêu thứ hạng hay điểm PCI; bảng PCI không đánh giá được.",
                           f"Kind '{t['kind']}' is not a PCI rank or score target; the PCI panel cannot evaluate it.")
            else:
                reason = T(f"Chỉ số «{t['index']}» không có trong bảng PCI.",
                           f"Index '{t['index']}' is not in the PCI panel.")
        rows.append({"target_id": t["target_id"], "index": t["index"], "kind": t["kind"],
                     "target_year": int(t["target_year"]) if pd.notna(t["target_year"]) else pd.NA,
                     "target": text, "verdict": verdict,
                     "verdict_label": T("mốc (không phải mục tiêu)", "baseline (no target)") if baseline
                     else T("không đánh giá", "not evaluated"),
                     "probability": np.nan, "probability_min": np.nan, "probability_max": np.nan,
                     "method": "", "reason": reason, "source": t["source"] or t.get("baseline_source", "")})
    cols = ["target_id", "index", "kind", "target_year", "target", "verdict", "verdict_label", "probability",
            "probability_min", "probability_max", "method", "reason", "source"]
    return pd.DataFrame(rows, columns=cols), results


def _targets_from_ledger(ledger, panel: pd.DataFrame, mine: pd.DataFrame, *, lang: Lang, draws: int, seed: int,
                         method: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`province_targets` from the target ledger: one row per target row of the seed
    documents (baselines included), the projection engine's answer merged in by the ledger."""
    from analysis.data.loaders import load_papi, load_par_index

    T = _T(lang)
    if method == "auto":  # the committed backtest choice (analysis.analyses.project.default_method)
        from analysis.analyses.project import default_method
        method = default_method("pci")
    evaluable, _ = reachability.pci_targets(mine, panel)
    results = pd.DataFrame()
    if len(evaluable):  # ONE joint simulation per indicator (as notebook 03), read by the evaluation and the ledger
        sims = reachability.simulate(panel, evaluable, method=method, draws=draws, seed=seed)
        results = reachability.evaluate(panel, evaluable, method=method, lang=lang, projections=sims)
    led = ledger.target_ledger(mine, panel=panel, papi=load_papi(), par_index=load_par_index(),
                               projections=results if len(results) else None, method=method if len(results) else None)
    rows = []
    for _, r in led.iterrows():
        status, verdict = r["status"], str(r["verdict"] or "")
        p = r["probability"]
        if status == ledger.STATUS_PROJECTED:
            code = verdict if verdict in reachability.VERDICTS else "projected"
            label = reachability.verdict_label(code, lang) if code in reachability.VERDICTS else verdict
            prob = _pct(p, lang) if pd.notna(p) else f"{_pct(r['probability_min'], lang)}–{_pct(r['probability_max'], lang)}"
            reason = T(f"Xác suất {prob} (phương pháp {method}, {draws:,} lần mô phỏng)",
                       f"Probability {prob} ({method} method, {draws:,} draws)")
        else:
            code = status if not verdict else verdict
            label = ledger.status_label(status, lang) + (f": {verdict}" if verdict else "")
            reason = ledger.status_label(status, lang)
        unit = r["change_unit"] or ""
        if pd.notna(r["required_annual_change"]):
            reason += T(f"; cần {_num(r['required_annual_change'], 2, lang, True)} ({unit}), đã đạt "
                        f"{_num(r['historical_annual_change'], 2, lang, True)}",
                        f"; needs {_num(r['required_annual_change'], 2, lang, True)} ({unit}) vs "
                        f"{_num(r['historical_annual_change'], 2, lang, True)} so far")
        detail = r["status_detail"] or (r["data_needed_vi"] if lang == "vi" else r["data_needed"]) or ""
        reason += f". {detail}" if detail else "."
        rows.append({"target_id": r["target_id"], "index": r["index"], "kind": r["kind"],
                     "target_year": int(r["target_year"]) if pd.notna(r["target_year"]) else pd.NA,
                     "target": (T("Mỗi chỉ số thành phần", "Each sub-index") if str(r["index"]).lower() == "pci_subindex_each"
                                else str(r["index"])) + f": {_target_words(r, lang)}", "verdict": code, "verdict_label": label,
                     "probability": p, "probability_min": r["probability_min"], "probability_max": r["probability_max"],
                     "method": method if status == ledger.STATUS_PROJECTED else "", "reason": reason,
                     "source": r["source"] or r["baseline_source"], "seed_file": r["seed_file"]})
    cols = ["target_id", "index", "kind", "target_year", "target", "verdict", "verdict_label", "probability",
            "probability_min", "probability_max", "method", "reason", "source", "seed_file"]
    return pd.DataFrame(rows, columns=cols), results


# --------------------------------------------------------------------------- assembling
def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)).rename(columns=columns)


def build_brief(province: str, *, lang: Lang = "vi", panel: pd.DataFrame | None = None,
                targets: pd.DataFrame | None = None, out_dir: Path | None = None, draws: int = DEFAULT_DRAWS,
                seed: int = 0, method: str = "auto", figures: bool = True) -> Brief:
    """Assemble the brief of ``province`` (any spelling the catalogue resolves).

    Figures are written (SVG and PNG, with their source line) into ``out_dir/figures``;
    ``out_dir`` defaults to ``reports/brief/<slug>`` (``<slug>_en`` / ``<slug>_both`` for
    the other languages, so runs never overwrite each other). Raises
    :class:`analysis.UnknownProvinceError` for a name the catalogue does not know and
    ``ValueError`` for a province without a composite score.
    """
    from analysis.data.loaders import load_pci

    if lang not in ("vi", "en", "both"):
        raise ValueError(f"lang must be 'vi', 'en' or 'both', not {lang!r}")
    prov = resolve_province(province)
    panel = load_pci() if panel is None else panel
    T = _T(lang)
    slug = _slug(prov.name)
    out_dir = Path(out_dir) if out_dir is not None else paths.reports_dir() / "brief" / (
        slug if lang == "vi" else f"{slug}_{lang}")
    name = prov.name  # with diacritics in every language
    st = standing(panel, prov.name)
    year = st["year"]
    tables: dict[str, BriefTable] = {}
    data: dict[str, pd.DataFrame] = {}
    kind_txt = source_kind_label(st["source_kind"], lang)

    # standing ---------------------------------------------------------------------------
    rank_txt = _int(st["rank"], lang) + (f"/{st['n']}" if st["n"] and pd.notna(st["rank"]) else "")
    rows = [
        {"m": T("Điểm PCI", "PCI composite score"), "v": _num(st["score"], 2, lang), "y": str(year),
         "k": kind_txt, "s": st["source"]},
        {"m": T("Thứ hạng cả nước", "National rank"), "v": rank_txt, "y": str(year),
         "k": f"{kind_txt}; {st['rank_kind'] or '–'}", "s": st["source"]},
    ]
    if st["region_rank"] is not None:
        rows.append({"m": T(f"Thứ hạng trong vùng ({catalog.region_label(prov.region, 'vi')})",
                            f"Rank in the region ({catalog.region_label(prov.region, 'en')})"),
                     "v": f"{st['region_rank']}/{st['n_region']}", "y": str(st["region_year"]),
                     "k": T("tính từ điểm các tỉnh trong vùng", "computed from the region's scores"),
                     "s": st["region_source"]})
    s34 = standing_among_34(panel, prov.name, year)
    if s34 is not None:
        rows.append({"m": T("Thứ hạng trong 34 đơn vị (bản đồ từ 1/7/2025)", "Rank among the 34 units (map from 1 July 2025)"),
                     "v": f"{s34['rank']}/{s34['n']}", "y": str(year),
                     "k": T("tính từ điểm; đơn vị hợp nhất: bình quân theo dân số các tỉnh thành viên",
                            "computed from scores; merged units: population-weighted mean of their members"),
                     "s": s34["source"]})
    cols = {"m": T("Chỉ tiêu", "Measure"), "v": T("Giá trị", "Value"), "y": T("Năm", "Year"),
            "k": T("Loại nguồn", "Source kind"), "s": T("Nguồn", "Source")}
    tables["standing"] = BriefTable("standing", T("Vị trí hiện tại", "Standing"), _frame(rows, cols))

    # history ------------------------------------------------------------------------------
    comp = panel[(panel["indicator"] == COMPOSITE) & (panel["province_code"] == prov.code) & panel["score"].notna()]
    comp = comp.sort_values("year")
    counts = provinces_per_year(panel)
    full = set(full_years(panel))
    hist_rows = []
    for _, r in comp.iterrows():
        y = int(r["year"])
        n = f"/{int(counts[y])}" if y in full and pd.notna(r["rank"]) else ""
        hist_rows.append({"y": str(y), "s": _num(r["score"], 2, lang), "r": _int(r["rank"], lang) + n,
                          "k": source_kind_label(r.get("source_kind", ""), lang), "m": r.get("methodology", ""),
                          "src": row_source(r)})
    tables["history"] = BriefTable("history", T("Điểm và thứ hạng PCI", "PCI composite score and rank"), _frame(
        hist_rows, {"y": T("Năm", "Year"), "s": T("Điểm", "Score"), "r": T("Thứ hạng", "Rank"),
                    "k": T("Loại nguồn", "Source kind"), "m": T("Giai đoạn phương pháp", "Methodology period"),
                    "src": T("Nguồn", "Source")}),
        note=T("Điểm giữa các giai đoạn phương pháp khác nhau không so sánh trực tiếp được; thứ hạng thì được.",
               "Scores from different methodology periods are not directly comparable; ranks are."))
    data["history"] = comp

    # sub-indices: trend and leverage -------------------------------------------------------
    window = trends.default_window(panel, prov.name)
    tr = trends.subindex_trends(panel, prov.name, window=window).set_index("indicator")
    sub_full = [y for y in full_years(panel, SUBINDICES[0])
                if ((panel["year"] == y) & (panel["province_code"] == prov.code)
                    & panel["indicator"].isin(SUBINDICES) & panel["score"].notna()).any()]
    lev_year = max(sub_full) if sub_full else None
    lev = trends.leverage_table(panel, prov.name, lev_year) if lev_year else pd.DataFrame()
    lev_i = lev.set_index("indicator") if len(lev) else pd.DataFrame()
    sub_rows = []
    mine_sub = panel[(panel["province_code"] == prov.code) & panel["indicator"].isin(SUBINDICES) & panel["score"].notna()]
    for ind in SUBINDICES:
        m = mine_sub[mine_sub["indicator"] == ind].sort_values("year")
        lastrow = m.iloc[-1] if len(m) else None
        t = tr.loc[ind] if ind in tr.index else None
        lv = lev_i.loc[ind] if len(lev_i) and ind in lev_i.index else None
        slope = "" if t is None or pd.isna(t["slope_per_year"]) else f" ({_num(t['slope_per_year'], 3, lang, True)}/" + T("năm", "yr") + ")"
        sub_rows.append({
            "i": indicator_label(ind, lang),
            "w": f"{lv['weight']:.0%}" if lv is not None else T(*NO_DATA),
            "s": (f"{_num(lastrow['score'], 2, lang)} ({int(lastrow['year'])})" if lastrow is not None else T(*NO_DATA)),
            "r": _int(lastrow["rank"], lang) if lastrow is not None else T(*NO_DATA),
            "t": (trends.direction_label(t["direction"], lang) + slope) if t is not None else T(*NO_DATA),
            "l": _num(lv["points_to_median"], 2, lang) if lv is not None else T(*NO_DATA),
            "src": row_source(lastrow) if lastrow is not None else "",
        })
    tables["subindices"] = BriefTable("subindices", T("Chỉ số thành phần", "Sub-indices"), _frame(sub_rows, {
        "i": T("Chỉ số thành phần", "Sub-index"), "w": T(f"Trọng số {lev_year}", f"Weight {lev_year}"),
        "s": T("Điểm gần nhất (năm)", "Latest score (year)"), "r": T("Thứ hạng", "Rank"),
        "t": T(f"Xu hướng {window[0]}–{window[1]}", f"Trend {window[0]}–{window[1]}"),
        "l": T(f"Điểm PCI nếu bằng trung vị ({lev_year})", f"PCI points if at the median ({lev_year})"),
        "src": T("Nguồn", "Source")}),
        note=T(f"Xu hướng: hồi quy OLS điểm theo năm, khoảng tin cậy 90% (ít hơn {trends.MIN_TREND_YEARS} năm: không kết luận). "
               f"Dư địa: trọng số × 10 × khoảng cách tới trung vị cả nước năm {lev_year}.",
               f"Trend: OLS of score on year, 90% confidence interval (fewer than {trends.MIN_TREND_YEARS} years: no verdict). "
               f"Leverage: weight × 10 × gap to the national median in {lev_year}."))
    data["trends"], data["leverage"] = tr.reset_index(), lev

    # peers ----------------------------------------------------------------------------------
    if st["region_year"] is not None:
        rr = compare.region_rank(panel, prov.name, st["region_year"])
        src_rows = panel[(panel["indicator"] == COMPOSITE) & (panel["year"] == st["region_year"])].set_index("province_code")
        peer_rows = [{"rr": str(int(r["region_rank"])), "p": r["province"] + (" ◀" if r["is_focus"] else ""),
                      "s": _num(r["score"], 2, lang), "n": _int(r["national_rank"], lang) + (f"/{int(r['n'])}" if pd.notna(r["n"]) else ""),
                      "src": row_source(src_rows.loc[r["province_code"]]) if r["province_code"] in src_rows.index else ""}
                     for _, r in rr.iterrows()]
        tables["peers"] = BriefTable("peers", T(f"Các tỉnh {catalog.region_label(prov.region, 'vi')}, {st['region_year']}",
                                                f"{catalog.region_label(prov.region, 'en')}, {st['region_year']}"), _frame(peer_rows, {
            "rr": T("Hạng trong vùng", "Region rank"), "p": T("Tỉnh", "Province"), "s": T("Điểm PCI", "PCI score"),
            "n": T("Hạng cả nước", "National rank"), "src": T("Nguồn", "Source")}))
        data["peers"] = rr

    # targets ---------------------------------------------------------------------------------
    tg, results = province_targets(panel, prov.name, targets=targets, lang=lang, draws=draws, seed=seed, method=method)
    tg_rows = [{"t": r["target"], "y": _int(r["target_year"], lang) if pd.notna(r["target_year"]) else "–",
                "v": r["verdict_label"], "p": (_pct(r["probability"], lang) if pd.notna(r["probability"]) else
                      f"{_pct(r['probability_min'], lang)}–{_pct(r['probability_max'], lang)}"
                      if pd.notna(r["probability_min"]) else "–"),
                "why": r["reason"], "src": r["source"]} for _, r in tg.iterrows()]
    tables["targets"] = BriefTable("targets", T("Mục tiêu", "Targets"), _frame(tg_rows, {
        "t": T("Mục tiêu", "Target"), "y": T("Năm", "Year"), "v": T("Kết luận", "Verdict"), "p": T("Xác suất", "Probability"),
        "why": T("Lý do", "Reason"), "src": T("Nguồn (văn bản, dòng)", "Source (document, line)")}),
        note=(T(f"Quy tắc: {reachability.verdict_rule('vi')}. {draws:,} lần mô phỏng, seed {seed}.",
                f"Rule: {reachability.verdict_rule('en')}. {draws:,} draws, seed {seed}.") if len(results) else
              T("Không có mục tiêu PCI nào đánh giá được từ bảng số liệu.", "No PCI target can be evaluated from the panel.")))
    data["targets"], data["target_results"] = tg, results

    # figures ----------------------------------------------------------------------------------
    figs: list[BriefFigure] = []
    if figures:
        figs = _figures(panel, prov, name, catalog.chart_language(lang), out_dir / "figures", st, window, lev, lev_year, results, tg)

    # planner: the cheapest yearly sub-index gains, the province's own plan (issue 24) ---------------------
    plan_lines = planner_section(panel, prov.name, targets, lang, tables, data, figs, out_dir / "figures" if figures else None)

    # summary (answer first) ---------------------------------------------------------------------
    subs = [i for i in SUBINDICES if i in tr.index]
    summary = [T(
        f"**{name}**: điểm PCI {year} là **{_num(st['score'], 2, lang)}**, hạng **{rank_txt}** ({kind_txt}).",
        f"**{name}**: PCI {year} composite **{_num(st['score'], 2, lang)}**, rank **{rank_txt}** ({kind_txt}).")]
    if st["region_rank"] is not None:
        summary.append(T(f"Trong vùng {catalog.region_label(prov.region, 'vi')}: hạng **{st['region_rank']}/{st['n_region']}** "
                         f"({st['region_year']}, năm gần nhất có đủ các tỉnh).",
                         f"In the {catalog.region_label(prov.region, 'en')}: **{st['region_rank']} of {st['n_region']}** "
                         f"({st['region_year']}, the latest year with every province)."))

    if s34 is not None:
        summary.append(T(f"Trên bản đồ 34 đơn vị từ 1/7/2025 ({name} {'không đổi' if s34['unchanged'] else 'là đơn vị hợp nhất'}): "
                         f"hạng **{s34['rank']}/{s34['n']}** năm {year}.",
                         f"On the 34-unit map of 1 July 2025 ({name} {'unchanged' if s34['unchanged'] else 'a merged unit'}): "
                         f"rank **{s34['rank']} of {s34['n']}** in {year}."))

    def named(direction: str, lg: str) -> str:
        return ", ".join(indicator_label(i, lg) for i in subs if tr.loc[i, "direction"] == direction)

    n_up = sum(tr.loc[i, "direction"] == "rising" for i in subs)
    n_down = sum(tr.loc[i, "direction"] == "falling" for i in subs)
    summary.append(T(
        f"Xu hướng {window[0]}–{window[1]}: "
        + (f"tăng rõ ở {n_up} chỉ số thành phần ({named('rising', 'vi')})" if n_up else "không chỉ số thành phần nào tăng rõ")
        + "; " + (f"giảm rõ ở {n_down} ({named('falling', 'vi')})" if n_down else "không chỉ số nào giảm rõ") + ".",
        f"Trend {window[0]}–{window[1]}: "
        + (f"clearly rising on {n_up} sub-indices ({named('rising', 'en')})" if n_up else "no sub-index clearly rising")
        + "; " + (f"clearly falling on {n_down} ({named('falling', 'en')})" if n_down else "none clearly falling") + "."))
    if len(lev) and lev["points_to_median"].notna().any() and lev["points_to_median"].max() > 0:
        top = lev.sort_values("points_to_median", ascending=False).iloc[0]
        summary.append(T(f"Dư địa lớn nhất ({lev_year}): {indicator_label(top['indicator'], 'vi')} — thêm "
                         f"{top['points_to_median']:.2f} điểm PCI nếu bằng trung vị cả nước.",
                         f"Largest leverage ({lev_year}): {indicator_label(top['indicator'], 'en')} — "
                         f"{top['points_to_median']:.2f} composite points if at the national median."))
    ev = tg[tg["probability_min"].notna()]  # rows with a projected probability
    counts_v = ev["verdict"].value_counts()
    summary.append(T(
        f"Mục tiêu: {len(tg)} dòng trong các văn bản; {len(ev)} đánh giá được từ số liệu PCI "
        f"({counts_v.get('likely', 0)} có khả năng đạt, {counts_v.get('uncertain', 0)} chưa chắc chắn, "
        f"{counts_v.get('unlikely', 0)} khó đạt).",
        f"Targets: {len(tg)} rows in the documents; {len(ev)} can be evaluated from the PCI data "
        f"({counts_v.get('likely', 0)} likely, {counts_v.get('uncertain', 0)} uncertain, {counts_v.get('unlikely', 0)} unlikely)."))

    summary += plan_lines
    sources = _sources(panel, prov, tg, lang)
    title = T(f"Tóm tắt PCI tỉnh {name}", f"PCI brief: {name}")
    return Brief(prov, lang, year, title, summary, tables, figs, sources, out_dir, data)


def planner_section(panel: pd.DataFrame, province: str, targets: pd.DataFrame | None, lang: Lang,
                    tables: dict, data: dict, figs: list, fig_dir: Path | None) -> list[str]:
    """The planner's table (``tables["planner"]``, its words as the note), the plan in ``data["plan"]``,
    its chart appended to ``figs``; returns the summary line. The same :func:`analysis.analyses.planner.plan`
    as page 03, on the same draws (:func:`analysis.analyses.planner.composite_projection`)."""
    T = _T(lang)
    targets = load_targets() if targets is None else targets
    proj = planner.composite_projection(panel, targets)
    plan = planner.province_plan(proj, panel, province, targets)
    data["plan"] = plan
    if plan is None:
        return []
    lines = planner_text.plan_lines(plan, lang)
    frame = planner_text.plan_table(plan, lang)
    frame[T("Nguồn", "Source")] = plan.baseline.source
    tables["planner"] = BriefTable("planner", T("Phương án ít tốn sức nhất", "The cheapest plan"), frame,
                                   note=" ".join(line.lstrip("- ") for line in lines))
    if fig_dir is not None:
        src = planner_text.plan_source(plan)
        written = save_figure(planner_charts.plan_gains_chart(plan, catalog.chart_language(lang)), "planner", source=src,
                              directory=fig_dir)
        figs.append(BriefFigure("planner", T("Mức tăng mỗi năm cần đạt so với mức các tỉnh từng đạt",
                                             "Yearly gains needed against what provinces achieved"),
                                written["png"], written["svg"], src))
        plt.close("all")
    return [lines[0].lstrip("- ")]


def _sources(panel: pd.DataFrame, prov, tg: pd.DataFrame, lang: Lang) -> list[str]:
    T = _T(lang)
    mine = panel[(panel["province_code"] == prov.code) & panel["score"].notna()]
    out = [T(f"Số liệu PCI của tỉnh: {source_line(mine)}", f"The province's PCI data: {source_line(mine)}"),
           T("Trung vị, tỉnh cao nhất và thứ hạng vùng: toàn bộ bảng PCI các năm tương ứng (data/pci_panel.csv).",
             "Medians, best province and region ranks: the whole PCI panel of those years (data/pci_panel.csv)."),
           T("Vùng: GSO (gso_covariates.xlsx, sheet 2006).", "Regions: GSO (gso_covariates.xlsx, sheet 2006)."),
           T("Trọng số chỉ số thành phần: VCCI (catalog_data/weights.csv).", "Sub-index weights: VCCI (catalog_data/weights.csv).")]
    files = _target_files(tg)
    if files:
        out.append(T(f"Mục tiêu: {', '.join(files)} (data/seed_targets.csv; tệp, mục và dòng trong bảng mục tiêu).",
                     f"Targets: {', '.join(files)} (data/seed_targets.csv; file, section and line in the targets table)."))
    return out


def _figures(panel, prov, name, lang: Lang, fig_dir: Path, st, window, lev, lev_year, results, tg) -> list[BriefFigure]:
    import matplotlib.pyplot as plt

    from analysis.analyses import overview
    from analysis.outputs.charts import overview as ov_charts
    from analysis.outputs.charts import project as project_charts
    from analysis.outputs.charts import trends as trend_charts
    from analysis.outputs.charts.brief import region_bars
    from analysis.outputs.style import save_figure

    T = _T(lang)
    out: list[BriefFigure] = []

    def save(fig, key, title, source, size=None):
        if size is not None:
            fig.set_size_inches(*size)
        paths_ = save_figure(fig, key, source=source, directory=fig_dir)
        plt.close(fig)
        out.append(BriefFigure(key, title, paths_["png"], paths_["svg"], source))

    comp = panel[(panel["indicator"] == COMPOSITE) & (panel["province_code"] == prov.code) & panel["score"].notna()]
    first = int(comp["year"].min())
    series = overview.composite_series(panel, prov.name, first_year=first)
    save(ov_charts.composite_score_and_rank(series, name, lang), "composite",
         T("Điểm và thứ hạng PCI", "PCI composite score and rank"), source_line(comp))

    sub_first = max(first, 2006)
    ser = trends.subindex_series(panel, prov.name, first_year=sub_first, last_year=st["year"])
    sub_rows = panel[panel["indicator"].isin(SUBINDICES) & panel["year"].between(sub_first, st["year"])
                     & (panel["province_code"] == prov.code)]
    save(trend_charts.subindex_small_multiples(ser, name, lang), "subindices",
         T("Mười chỉ số thành phần so với cả nước", "The ten sub-indices against the nation"),
         source_line(sub_rows) + T("; trung vị và tỉnh cao nhất: mọi tỉnh cùng năm",
                                   "; median and best: every province of the same year"))

    if len(lev):
        lev_rows = panel[(panel["year"] == lev_year) & panel["indicator"].isin(SUBINDICES)]
        save(trend_charts.leverage_chart(lev, name, lang), "leverage",
             T(f"Dư địa theo chỉ số thành phần, {lev_year}", f"Leverage by sub-index, {lev_year}"), source_line(lev_rows))

    if st["region_year"] is not None:
        rr = compare.region_rank(panel, prov.name, st["region_year"])
        rows = panel[(panel["indicator"] == COMPOSITE) & (panel["year"] == st["region_year"])
                     & panel["province_code"].isin(rr["province_code"])]
        save(region_bars(rr, lang), "region",
             T(f"Các tỉnh trong vùng, {st['region_year']}", f"Provinces of the region, {st['region_year']}"),
             source_line(rows) + "; " + T("vùng: GSO (gso_covariates.xlsx, sheet 2006)",
                                          "regions: GSO (gso_covariates.xlsx, sheet 2006)"))

    if len(results):
        res = results[results["target_id"].isin(tg["target_id"])].copy()
        words = {(a, b): c for a, b, c in zip(tg["target_id"], tg["index"], tg["target"])}
        res["label"] = [words.get((a, b), c) for a, b, c in zip(res["target_id"], res["index"], res["target"])]
        files = _target_files(tg[tg["verdict"].isin(reachability.VERDICTS)])
        # the cross-sections the projection starts from, and the province's own later years
        # (another province's single-province years are not this brief's source)
        last_full = max(full_years(panel))
        used = panel[panel["indicator"].isin([COMPOSITE, *SUBINDICES]) & (panel["year"] >= window[0])
                     & panel["score"].notna() & ((panel["year"] <= last_full) | (panel["province_code"] == prov.code))
                     & ~((panel["source_kind"] == "province_document") & (panel["province_code"] != prov.code))]
        src = source_line(used) + "; " + T("mục tiêu: ", "targets: ") + ", ".join(files)
        default = tg["method"].replace("", np.nan).dropna()
        save(project_charts.probability_chart(res, lang, likely_at=reachability.LIKELY_AT, unlikely_at=reachability.UNLIKELY_AT,
                                              default_method=default.iloc[0] if len(default) else None),
             "targets", T("Xác suất đạt từng mục tiêu", "Probability of each target"), src)
    return out


def write_brief(brief: Brief) -> dict[str, Path]:
    """Write ``brief.html`` and ``brief.docx`` into the brief's folder; return their paths."""
    from analysis.outputs.brief_render import render_docx, render_html

    brief.out_dir.mkdir(parents=True, exist_ok=True)
    html = brief.out_dir / "brief.html"
    html.write_text(render_html(brief), encoding="utf-8")
    docx = brief.out_dir / "brief.docx"
    render_docx(brief, docx)
    return {"html": html, "docx": docx}


def cli_brief(argv: list[str]) -> int:
    """``python -m analysis brief PROVINCE [--lang vi|en|both] [--out DIR] [--draws N]``."""
    import argparse
    import sys

    p = argparse.ArgumentParser(prog="python -m analysis brief",
                                description="write a province brief as HTML and Word (.docx) with its figures")
    p.add_argument("province", help='a province name in any spelling, e.g. "Điện Biên" or "dien bien"')
    p.add_argument("--lang", choices=("vi", "en", "both"), default="vi")
    p.add_argument("--out", type=Path, default=None, help="output folder (default reports/brief/<province>)")
    p.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help=f"projection draws (default {DEFAULT_DRAWS})")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    try:
        prov = resolve_province(args.province)
    except catalog.UnknownProvinceError as exc:
        print(f"brief: {exc}", file=sys.stderr)
        return 2
    if args.draws < 100:
        print(f"brief: --draws {args.draws} is too few for a probability; use at least 100", file=sys.stderr)
        return 2
    try:
        b = build_brief(prov.name, lang=args.lang, out_dir=args.out, draws=args.draws, seed=args.seed)
    except ValueError as exc:
        print(f"brief: {exc}", file=sys.stderr)
        return 2
    written = write_brief(b)
    print(f"brief for {prov.name}: {written['html']} and {written['docx']} ({len(b.figures)} figures in "
          f"{b.out_dir / 'figures'})")
    return 0


def _target_words(r, lang: Lang) -> str:
    """A ledger row's target in the brief's language (the ledger's own text is English)."""
    if lang != "en" and r["kind"] in ("rank_band", "top_k", "region_top_k", "keep_first", "score_change_per_year"):
        return reachability.target_text(r["kind"], r["value_low"], r["value_high"], r["target_year"],
                                         region=r.get("region") or None, lang=lang)
    return str(r["target_text"])


def _target_files(rows: pd.DataFrame) -> list[str]:
    """The seed files of target rows, from their file column (never parsed from a citation)."""
    col = "seed_file" if "seed_file" in rows.columns else "source_file"
    return sorted(set(rows[col].astype(str)) - {"", "nan"}) if col in rows.columns else []
