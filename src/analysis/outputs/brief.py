"""A province brief: one province's standing, sub-indices, peers, targets and key charts.

:func:`build_brief` assembles a :class:`Brief` (plain data: tables of display strings with a
source column, figure files with their source line, summary sentences) from library calls
only; :mod:`analysis.outputs.brief_render` writes it as an HTML page and a Word document::

    b = build_brief("Điện Biên", lang="vi")          # figures written beside the brief
    write_brief(b)                                   # reports/brief/dienbien/brief.html, brief.docx

Every number in a table carries the source of the panel row it comes from (file and place);
every figure carries the source line :func:`analysis.save_figure` prints on it. Missing values
are "no data", never zero.

The targets part comes first: one row per target, the records of
:func:`analysis.analyses.targets.evaluate` (the same evaluation, draws and seed as page 03, the
ledger and the workbook), formatted by :mod:`analysis.outputs.verdicts`; the brief computes no
probability of its own.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis.analyses import compare, overview, planner, reachability, standing34, trends
from analysis.analyses import targets as targets_mod
from analysis.analyses.targets import DRAWS, SEED
from analysis.core import paths
from analysis.core.prose import Prose, localise_digits, resolve
from analysis.data import catalog, maps
from analysis.data.catalog import COMPOSITE, SUBINDICES, Lang, indicator_label, resolve_province
from analysis.data.coverage import full_years, provinces_per_year
from analysis.data.loaders import load_pci, load_targets
from analysis.data.provenance import locator_text, source_line, source_text
from analysis.outputs import reader, verdicts
from analysis.outputs.brief_model import (  # noqa: F401  (the brief's data model, re-exported)
    PRINT_WIDTH_CM,
    SECTION_TITLES,
    SECTIONS,
    Brief,
    BriefFigure,
    BriefTable,
)
from analysis.outputs.brief_render import render_docx, render_html
from analysis.outputs.charts import overview as ov_charts
from analysis.outputs.charts import planner as planner_charts
from analysis.outputs.charts import project as project_charts
from analysis.outputs.charts import trends as trend_charts
from analysis.outputs.charts.brief import region_bars
from analysis.outputs.narrative import planner as planner_text
from analysis.outputs.style import save_figure

NO_DATA = ("không có số liệu", "no data")


# --------------------------------------------------------------------------- small helpers
def _T(lang: Lang):
    return lambda vi, en: catalog.text(vi, en, lang)


def _num(x, d: int = 2, lang: Lang = "vi", sign: bool = False) -> str:
    """A number in the brief's format (analysis.core.prose); missing is "no data", never 0."""
    if x is None or pd.isna(x):
        return catalog.text(*NO_DATA, lang)
    return resolve(Prose(lang).signed(x, d) if sign else Prose(lang).num(x, d))


def _int(x, lang: Lang = "vi") -> str:
    return catalog.text(*NO_DATA, lang) if x is None or pd.isna(x) else str(int(x))


def row_source(row, lang: Lang = "en") -> str:
    """Where one panel row's number comes from: file and place in it, in ``lang`` (file, sheet and cell as they are).

    Uses the new provenance columns (``source_file``, ``source_locator``, ``rank_locator``)
    when the panel has them, else the ``source`` text as the importer wrote it.
    """
    get = row.get if hasattr(row, "get") else (lambda k, d="": getattr(row, k, d))
    file = get("source_file", "")
    if isinstance(file, str) and file:
        loc = locator_text(get("source_locator", "") or "", lang)
        rank_loc = locator_text(get("rank_locator", "") or "", lang)
        out = f"{file}, {loc}" if loc else file
        return f"{out}; {catalog.text('hạng', 'rank', lang)}: {rank_loc}" if rank_loc else out
    src = get("source", "")
    return "" if src is None or (isinstance(src, float) and math.isnan(src)) else str(src)


@lru_cache(maxsize=2)
def _kind_labels(path: str, mtime_ns: int) -> dict[str, tuple[str, str]]:
    """kind -> (label_vi, label_en) of its first row in ``path``: read once per version of the file."""
    labels: dict[str, tuple[str, str]] = {}
    for r in pd.read_csv(path, dtype=str).fillna("").to_dict("records"):
        labels.setdefault(r["kind"], (r["label_vi"], r["label_en"]))
    return labels


def source_kind_label(kind: str, lang: Lang = "vi") -> str:
    """The source kind in words, from ``catalog_data/source_kinds.csv`` when it exists
    (kind, tier, label_vi, label_en, official), else the kind code itself."""
    kind = str(kind or "")
    path = paths.package_dir() / "catalog_data" / "source_kinds.csv"
    if kind and path.exists():
        hit = _kind_labels(str(path), path.stat().st_mtime_ns).get(kind)
        if hit is not None:
            return catalog.text(*hit, lang)
    return kind.replace("_", " ") if kind else catalog.text(*NO_DATA, lang)


def _slug(province: str) -> str:
    return catalog.normalise_name(province)


# --------------------------------------------------------------------------- standing
def standing(panel: pd.DataFrame, province: str, lang: Lang = "en") -> dict:
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
    out = {
        "year": year,
        "score": float(last["score"]),
        "rank": last["rank"],
        "n": int(counts[year]) if year in full else None,
        "rank_kind": str(last.get("rank_kind", "") or ""),
        "source_kind": str(last.get("source_kind", "") or ""),
        "source": row_source(last, lang),
        "region": prov.region,
        "region_year": None,
        "region_rank": None,
        "n_region": None,
        "region_source": "",
    }
    years_in = [y for y in full if y in set(mine["year"])]
    if years_in:
        ry = max(years_in)
        rr = compare.region_rank(panel, prov.name, ry)
        me = rr[rr["is_focus"]].iloc[0]
        region_rows = comp[(comp["year"] == ry) & comp["province_code"].isin(rr["province_code"])]
        out.update(
            region_year=ry,
            region_rank=int(me["region_rank"]),
            n_region=int(me["n_region"]),
            region_source=source_text(source_line(region_rows), lang),
        )
    return out


def standing_among_34(panel: pd.DataFrame, province: str, year: int, lang: Lang = "en") -> dict | None:
    """The province's rank among the 34 units of the July 2025 map in ``year`` (``data/pci_panel_34.csv``).

    None when that table has no full ranking of ``year``. Keys: rank, n, unit, unchanged, source.
    """
    try:
        p34 = maps.load_pci_34()
    except FileNotFoundError:
        return None
    _, focus, _ = standing34.standing_among_34(panel, p34, [province], year)
    if focus.empty or pd.isna(focus["rank"].iloc[0]):
        return None
    r = focus.iloc[0]
    return {
        "rank": int(r["rank"]),
        "n": int(r["n"]),
        "unit": str(r["province"]),
        "unchanged": str(r.get("change", "")) == "unchanged",
        "source": f"data/{maps.PANEL_34_TABLE} ({maps.UNITS_TABLE}; "
        + catalog.text(
            f"Nghị quyết 202/2025/QH15; trọng số: {maps.POPULATION_FILE}, trang tính {maps.POPULATION_SHEET})",
            f"Resolution 202/2025/QH15; weights: {maps.POPULATION_FILE} sheet {maps.POPULATION_SHEET})",
            lang,
        ),
    }


# --------------------------------------------------------------------------- targets (the records)
def province_targets(
    province: str, evaluation: targets_mod.Evaluation, lang: Lang = "vi"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The province's target records (:meth:`analysis.analyses.targets.Evaluation.records`: one row per
    target, the same numbers page 03, the ledger and the workbook show) and the evaluation's rows of
    its projected PCI and PAPI targets, every method (for the probability chart)."""
    rec = evaluation.records(province)
    cl = catalog.chart_language(lang)
    res = pd.concat([evaluation.results(cl), evaluation.papi_results(cl)], ignore_index=True)
    res = res[res["target_id"].isin(rec["target_id"])]
    res = res[(res["kind"] != "keep_first") | targets_mod.every_year(res)]  # the records' reading of "keep first"
    return rec, res.reset_index(drop=True)


# --------------------------------------------------------------------------- assembling
def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)).rename(columns=columns)


def build_brief(
    province: str,
    *,
    lang: Lang = "vi",
    panel: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    out_dir: Path | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
    figures: bool = True,
    evaluation: targets_mod.Evaluation | None = None,
) -> Brief:
    """Assemble the brief of ``province`` (any spelling the catalogue resolves).

    Figures are written (SVG and PNG, with their source line) into ``out_dir/figures``;
    ``out_dir`` defaults to ``reports/brief/<slug>`` (``<slug>_en`` / ``<slug>_both`` for
    the other languages, so runs never overwrite each other). Raises
    :class:`analysis.UnknownProvinceError` for a name the catalogue does not know and
    ``ValueError`` for a province without a composite score.
    """
    if lang not in ("vi", "en", "both"):
        raise ValueError(f"lang must be 'vi', 'en' or 'both', not {lang!r}")
    prov = resolve_province(province)
    committed = panel is None and targets is None  # the committed tables: the evaluation is the process's one
    panel = load_pci() if panel is None else panel
    T = _T(lang)
    slug = _slug(prov.name)
    out_dir = (
        Path(out_dir)
        if out_dir is not None
        else paths.reports_dir() / "brief" / (slug if lang == "vi" else f"{slug}_{lang}")
    )
    name = prov.name  # with diacritics in every language
    st = standing(panel, prov.name, lang)
    year = st["year"]
    tables: dict[str, BriefTable] = {}
    data: dict[str, pd.DataFrame] = {}
    kind_txt = source_kind_label(st["source_kind"], lang)

    # standing ---------------------------------------------------------------------------
    rank_txt = _int(st["rank"], lang) + (f"/{st['n']}" if st["n"] and pd.notna(st["rank"]) else "")
    rows = [
        {
            "m": T("Điểm PCI", "PCI composite score"),
            "v": _num(st["score"], 2, lang),
            "y": str(year),
            "k": kind_txt,
            "s": st["source"],
        },
        {
            "m": T("Thứ hạng cả nước", "National rank"),
            "v": rank_txt,
            "y": str(year),
            # the rank's own kind (published, computed from scores, derived) by its name
            "k": f"{kind_txt}; {T('hạng', 'rank')}: {reader.value_text(st['rank_kind'], lang) if st['rank_kind'] else '–'}",
            "s": st["source"],
        },
    ]
    if st["region_rank"] is not None:
        rows.append(
            {
                "m": T(
                    f"Thứ hạng trong vùng ({catalog.region_label(prov.region, 'vi')})",
                    f"Rank in the region ({catalog.region_label(prov.region, 'en')})",
                ),
                "v": f"{st['region_rank']}/{st['n_region']}",
                "y": str(st["region_year"]),
                "k": T("tính từ điểm các tỉnh trong vùng", "computed from the region's scores"),
                "s": st["region_source"],
            }
        )
    s34 = standing_among_34(panel, prov.name, year, lang)
    if s34 is not None:
        rows.append(
            {
                "m": T(
                    "Thứ hạng trong 34 đơn vị (bản đồ từ 1/7/2025)", "Rank among the 34 units (map from 1 July 2025)"
                ),
                "v": f"{s34['rank']}/{s34['n']}",
                "y": str(year),
                "k": T(
                    "tính từ điểm; đơn vị hợp nhất: bình quân theo dân số các tỉnh thành viên",
                    "computed from scores; merged units: population-weighted mean of their members",
                ),
                "s": s34["source"],
            }
        )
    cols = {
        "m": T("Chỉ tiêu", "Measure"),
        "v": T("Giá trị", "Value"),
        "y": T("Năm", "Year"),
        "k": T("Loại nguồn", "Source kind"),
        "s": T("Nguồn", "Source"),
    }
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
        hist_rows.append(
            {
                "y": str(y),
                "s": _num(r["score"], 2, lang),
                "r": _int(r["rank"], lang) + n,
                "k": source_kind_label(r.get("source_kind", ""), lang),
                "m": catalog.period_label(r["methodology"], lang) if pd.notna(r.get("methodology")) else "",
                "src": row_source(r, lang),
            }
        )
    tables["history"] = BriefTable(
        "history",
        T("Điểm và thứ hạng PCI", "PCI composite score and rank"),
        _frame(
            hist_rows,
            {
                "y": T("Năm", "Year"),
                "s": T("Điểm", "Score"),
                "r": T("Thứ hạng", "Rank"),
                "k": T("Loại nguồn", "Source kind"),
                "m": T("Giai đoạn phương pháp", "Methodology period"),
                "src": T("Nguồn", "Source"),
            },
        ),
        note=T(
            "Điểm giữa các giai đoạn phương pháp khác nhau không so sánh trực tiếp được; thứ hạng thì được.",
            "Scores from different methodology periods are not directly comparable; ranks are.",
        ),
    )
    data["history"] = comp

    # sub-indices: trend and leverage -------------------------------------------------------
    window = trends.trend_window(panel, prov.name)  # the window rule of page 01 (never across a break)
    tr = trends.subindex_trends(panel, prov.name, window=window).set_index("indicator")
    sub_full = [
        y
        for y in full_years(panel, SUBINDICES[0])
        if (
            (panel["year"] == y)
            & (panel["province_code"] == prov.code)
            & panel["indicator"].isin(SUBINDICES)
            & panel["score"].notna()
        ).any()
    ]
    lev_year = max(sub_full) if sub_full else None
    lev = trends.leverage_table(panel, prov.name, lev_year) if lev_year else pd.DataFrame()
    lev_i = lev.set_index("indicator") if len(lev) else pd.DataFrame()
    sub_rows = []
    mine_sub = panel[
        (panel["province_code"] == prov.code) & panel["indicator"].isin(SUBINDICES) & panel["score"].notna()
    ]
    for ind in SUBINDICES:
        m = mine_sub[mine_sub["indicator"] == ind].sort_values("year")
        lastrow = m.iloc[-1] if len(m) else None
        t = tr.loc[ind] if ind in tr.index else None
        lv = lev_i.loc[ind] if len(lev_i) and ind in lev_i.index else None
        slope = (
            ""
            if t is None or pd.isna(t["slope_per_year"])
            else f" ({_num(t['slope_per_year'], 3, lang, True)}/" + T("năm", "yr") + ")"
        )
        sub_rows.append(
            {
                "i": indicator_label(ind, lang),
                "w": resolve(Prose(lang).pct(lv["weight"])) if lv is not None else T(*NO_DATA),
                "s": (
                    f"{_num(lastrow['score'], 2, lang)} ({int(lastrow['year'])})"
                    if lastrow is not None
                    else T(*NO_DATA)
                ),
                "r": _int(lastrow["rank"], lang) if lastrow is not None else T(*NO_DATA),
                "t": (trends.direction_label(t["direction"], lang) + slope) if t is not None else T(*NO_DATA),
                "l": _num(lv["points_to_median"], 2, lang) if lv is not None else T(*NO_DATA),
                "src": row_source(lastrow, lang) if lastrow is not None else "",
            }
        )
    tables["subindices"] = BriefTable(
        "subindices",
        T("Chỉ số thành phần", "Sub-indices"),
        _frame(
            sub_rows,
            {
                "i": T("Chỉ số thành phần", "Sub-index"),
                "w": T(f"Trọng số {lev_year}", f"Weight {lev_year}"),
                "s": T("Điểm gần nhất (năm)", "Latest score (year)"),
                "r": T("Thứ hạng", "Rank"),
                "t": T(f"Xu hướng {window[0]}–{window[1]}", f"Trend {window[0]}–{window[1]}"),
                "l": T(f"Điểm PCI nếu bằng trung vị ({lev_year})", f"PCI points if at the median ({lev_year})"),
                "src": T("Nguồn", "Source"),
            },
        ),
        note=T(
            f"Xu hướng: hồi quy OLS điểm theo năm, khoảng tin cậy 90% (ít hơn {trends.MIN_TREND_YEARS} năm: không kết luận). "
            f"Dư địa: trọng số × 10 × khoảng cách tới trung vị cả nước năm {lev_year}.",
            f"Trend: OLS of score on year, 90% confidence interval (fewer than {trends.MIN_TREND_YEARS} years: no verdict). "
            f"Leverage: weight × 10 × gap to the national median in {lev_year}.",
        ),
    )
    data["trends"], data["leverage"] = tr.reset_index(), lev

    # peers ----------------------------------------------------------------------------------
    if st["region_year"] is not None:
        rr = compare.region_rank(panel, prov.name, st["region_year"])
        src_rows = panel[(panel["indicator"] == COMPOSITE) & (panel["year"] == st["region_year"])].set_index(
            "province_code"
        )
        peer_rows = [
            {
                "rr": str(int(r["region_rank"])),
                "p": r["province"] + (" ◀" if r["is_focus"] else ""),
                "s": _num(r["score"], 2, lang),
                "n": _int(r["national_rank"], lang) + (f"/{int(r['n'])}" if pd.notna(r["n"]) else ""),
                "src": row_source(src_rows.loc[r["province_code"]], lang)
                if r["province_code"] in src_rows.index
                else "",
            }
            for _, r in rr.iterrows()
        ]
        tables["peers"] = BriefTable(
            "peers",
            T(
                f"Các tỉnh {catalog.region_label(prov.region, 'vi')}, {st['region_year']}",
                f"{catalog.region_label(prov.region, 'en')}, {st['region_year']}",
            ),
            _frame(
                peer_rows,
                {
                    "rr": T("Hạng trong vùng", "Region rank"),
                    "p": T("Tỉnh", "Province"),
                    "s": T("Điểm PCI", "PCI score"),
                    "n": T("Hạng cả nước", "National rank"),
                    "src": T("Nguồn", "Source"),
                },
            ),
        )
        data["peers"] = rr

    # targets ---------------------------------------------------------------------------------
    if evaluation is None:  # the same evaluation as page 03 (one simulation per indicator, DRAWS, SEED)
        # on the committed tables, the one evaluation targets.evaluate keeps per process (briefs of several
        # provinces, and page 03, simulate once); a panel or targets handed in is evaluated as given
        evaluation = targets_mod.evaluate(
            draws=draws, seed=seed, panel=None if committed else panel, targets=None if committed else targets
        )
    tg, results = province_targets(prov.name, evaluation, lang)
    vt = verdicts.verdict_table(tg, lang)
    vt[T("Nguồn (văn bản, dòng)", "Source (document, line)")] = [
        locator_text(s, lang) for s in tg["source"].fillna("").astype(str)
    ]
    target_lines = verdicts.verdict_sentences(tg, name, lang)
    tables["targets"] = BriefTable(
        "targets", T("Kết luận từng mục tiêu", "The verdict on each target"), vt, note=" ".join(target_lines)
    )
    data["targets"], data["target_results"] = tg, results

    # figures ----------------------------------------------------------------------------------
    figs: list[BriefFigure] = []
    if figures:
        papi_files = evaluation.papi_long.loc[evaluation.papi_long["province_code"] == prov.code, "source_file"]
        papi_src = f"data/papi.csv ({', '.join(sorted(set(papi_files.dropna().astype(str))))})"
        figs = _figures(
            panel,
            prov,
            name,
            catalog.chart_language(lang),
            out_dir / "figures",
            st,
            window,
            lev,
            lev_year,
            results,
            tg,
            papi_src,
        )

    # planner: the cheapest yearly sub-index gains, the province's own plan (issue 24) ---------------------
    plan_lines = planner_section(
        panel,
        prov.name,
        targets,
        lang,
        tables,
        data,
        figs,
        out_dir / "figures" if figures else None,
        proj=evaluation.sims["pci"],
    )

    # summary (answer first) ---------------------------------------------------------------------
    subs = [i for i in SUBINDICES if i in tr.index]
    summary = [
        T(
            f"**{name}**: điểm PCI {year} là **{_num(st['score'], 2, lang)}**, hạng **{rank_txt}** ({kind_txt}).",
            f"**{name}**: PCI {year} composite **{_num(st['score'], 2, lang)}**, rank **{rank_txt}** ({kind_txt}).",
        )
    ]
    if st["region_rank"] is not None:
        summary.append(
            T(
                f"Trong vùng {catalog.region_label(prov.region, 'vi')}: hạng **{st['region_rank']}/{st['n_region']}** "
                f"({st['region_year']}, năm gần nhất có đủ các tỉnh).",
                f"In the {catalog.region_label(prov.region, 'en')}: **{st['region_rank']} of {st['n_region']}** "
                f"({st['region_year']}, the latest year with every province).",
            )
        )

    if s34 is not None:
        summary.append(
            T(
                f"Trên bản đồ 34 đơn vị từ 1/7/2025 ({name} {'không đổi' if s34['unchanged'] else 'là đơn vị hợp nhất'}): "
                f"hạng **{s34['rank']}/{s34['n']}** năm {year}.",
                f"On the 34-unit map of 1 July 2025 ({name} {'unchanged' if s34['unchanged'] else 'a merged unit'}): "
                f"rank **{s34['rank']} of {s34['n']}** in {year}.",
            )
        )

    def named(direction: str, lg: str) -> str:
        return ", ".join(indicator_label(i, lg) for i in subs if tr.loc[i, "direction"] == direction)

    n_up = sum(tr.loc[i, "direction"] == "rising" for i in subs)
    n_down = sum(tr.loc[i, "direction"] == "falling" for i in subs)
    summary.append(
        T(
            f"Xu hướng {window[0]}–{window[1]}: "
            + (
                f"tăng rõ ở {n_up} chỉ số thành phần ({named('rising', 'vi')})"
                if n_up
                else "không chỉ số thành phần nào tăng rõ"
            )
            + "; "
            + (f"giảm rõ ở {n_down} ({named('falling', 'vi')})" if n_down else "không chỉ số nào giảm rõ")
            + ".",
            f"Trend {window[0]}–{window[1]}: "
            + (
                f"clearly rising on {n_up} sub-indices ({named('rising', 'en')})"
                if n_up
                else "no sub-index clearly rising"
            )
            + "; "
            + (f"clearly falling on {n_down} ({named('falling', 'en')})" if n_down else "none clearly falling")
            + ".",
        )
    )
    if len(lev) and lev["points_to_median"].notna().any() and lev["points_to_median"].max() > 0:
        top = lev.sort_values("points_to_median", ascending=False).iloc[0]
        summary.append(
            T(
                f"Dư địa lớn nhất ({lev_year}): {indicator_label(top['indicator'], 'vi')} — thêm "
                f"{_num(top['points_to_median'], 2, 'vi')} điểm PCI nếu bằng trung vị cả nước.",
                f"Largest leverage ({lev_year}): {indicator_label(top['indicator'], 'en')} — "
                f"{_num(top['points_to_median'], 2, 'en')} composite points if at the national median.",
            )
        )
    summary.append(target_lines[0])
    summary += plan_lines
    sources = _sources(panel, prov, tg, lang)
    title = T(f"Tóm tắt PCI tỉnh {name}", f"PCI brief: {name}")
    return Brief(prov, lang, year, title, summary, tables, figs, sources, out_dir, data)


def planner_section(
    panel: pd.DataFrame,
    province: str,
    targets: pd.DataFrame | None,
    lang: Lang,
    tables: dict,
    data: dict,
    figs: list,
    fig_dir: Path | None,
    *,
    proj=None,
) -> list[str]:
    """The planner's table (``tables["planner"]``, its words as the note), the plan in ``data["plan"]``,
    its chart appended to ``figs``; returns the summary line. The same :func:`analysis.analyses.planner.plan`
    as page 03, on the same draws: ``proj``, the target records' PCI simulation (the brief passes its evaluation's;
    without it, :func:`analysis.analyses.planner.composite_projection` reads the same evaluation)."""
    T = _T(lang)
    targets = load_targets() if targets is None else targets
    proj = planner.composite_projection() if proj is None else proj
    plan = planner.province_plan(proj, panel, province, targets)
    data["plan"] = plan
    if plan is None:
        return []
    lines = planner_text.plan_lines(plan, lang)
    frame = planner_text.plan_table(plan, lang)
    frame[T("Nguồn", "Source")] = locator_text(plan.baseline.source, lang)
    tables["planner"] = BriefTable(
        "planner",
        T("Phương án ít tốn sức nhất", "The cheapest plan"),
        frame,
        note=" ".join(line.lstrip("- ") for line in lines),
    )
    if fig_dir is not None:
        cl = catalog.chart_language(lang)
        src = planner_text.plan_source(plan, cl)
        written = save_figure(
            planner_charts.plan_gains_chart(plan, cl), "planner", source=src, directory=fig_dir, lang=cl
        )
        figs.append(
            BriefFigure(
                "planner",
                T(
                    "Mức tăng mỗi năm cần đạt so với mức các tỉnh từng đạt",
                    "Yearly gains needed against what provinces achieved",
                ),
                written["png"],
                written["svg"],
                src,
            )
        )
        plt.close("all")
    return [lines[0].lstrip("- ")]


def _sources(panel: pd.DataFrame, prov, tg: pd.DataFrame, lang: Lang) -> list[str]:
    T = _T(lang)
    mine = panel[(panel["province_code"] == prov.code) & panel["score"].notna()]
    out = [
        T(
            f"Số liệu PCI của tỉnh: {source_text(source_line(mine), 'vi')}",
            f"The province's PCI data: {source_line(mine)}",
        ),
        T(
            "Trung vị, tỉnh cao nhất và thứ hạng vùng: toàn bộ bảng PCI các năm tương ứng (data/pci_panel.csv).",
            "Medians, best province and region ranks: the whole PCI panel of those years (data/pci_panel.csv).",
        ),
        T("Vùng: GSO (gso_covariates.xlsx, sheet 2006).", "Regions: GSO (gso_covariates.xlsx, sheet 2006)."),
        T(
            "Trọng số chỉ số thành phần: VCCI (catalog_data/weights.csv).",
            "Sub-index weights: VCCI (catalog_data/weights.csv).",
        ),
    ]
    files = _target_files(tg)
    if files:
        out.append(
            T(
                f"Mục tiêu: {', '.join(files)} (data/seed_targets.csv; tệp, mục và dòng trong bảng mục tiêu).",
                f"Targets: {', '.join(files)} (data/seed_targets.csv; file, section and line in the targets table).",
            )
        )
    return out


def _figures(
    panel, prov, name, lang: Lang, fig_dir: Path, st, window, lev, lev_year, results, tg, papi_source: str = ""
) -> list[BriefFigure]:
    import matplotlib.pyplot as plt

    T = _T(lang)
    out: list[BriefFigure] = []

    def save(fig, key, title, source, size=None):
        if size is not None:
            fig.set_size_inches(*size)
        paths_ = save_figure(fig, key, source=source, directory=fig_dir)
        plt.close(fig)
        out.append(BriefFigure(key, title, paths_["png"], paths_["svg"], source_text(source, lang)))

    comp = panel[(panel["indicator"] == COMPOSITE) & (panel["province_code"] == prov.code) & panel["score"].notna()]
    first = int(comp["year"].min())
    series = overview.composite_series(panel, prov.name, first_year=first)
    save(
        ov_charts.composite_score_and_rank(series, name, lang),
        "composite",
        T("Điểm và thứ hạng PCI", "PCI composite score and rank"),
        source_line(comp),
    )

    sub_first = max(first, 2006)
    ser = trends.subindex_series(panel, prov.name, first_year=sub_first, last_year=st["year"])
    sub_rows = panel[
        panel["indicator"].isin(SUBINDICES)
        & panel["year"].between(sub_first, st["year"])
        & (panel["province_code"] == prov.code)
    ]
    save(
        trend_charts.subindex_small_multiples(ser, name, lang),
        "subindices",
        T("Mười chỉ số thành phần so với cả nước", "The ten sub-indices against the nation"),
        source_line(sub_rows)
        + T("; trung vị và tỉnh cao nhất: mọi tỉnh cùng năm", "; median and best: every province of the same year"),
    )

    if len(lev):
        lev_rows = panel[(panel["year"] == lev_year) & panel["indicator"].isin(SUBINDICES)]
        save(
            trend_charts.leverage_chart(lev, name, lang),
            "leverage",
            T(f"Dư địa theo chỉ số thành phần, {lev_year}", f"Leverage by sub-index, {lev_year}"),
            source_line(lev_rows),
        )

    if st["region_year"] is not None:
        rr = compare.region_rank(panel, prov.name, st["region_year"])
        rows = panel[
            (panel["indicator"] == COMPOSITE)
            & (panel["year"] == st["region_year"])
            & panel["province_code"].isin(rr["province_code"])
        ]
        save(
            region_bars(rr, lang),
            "region",
            T(f"Các tỉnh trong vùng, {st['region_year']}", f"Provinces of the region, {st['region_year']}"),
            source_line(rows)
            + "; "
            + T("vùng: GSO (gso_covariates.xlsx, sheet 2006)", "regions: GSO (gso_covariates.xlsx, sheet 2006)"),
        )

    if len(results):
        files = _target_files(tg[tg["p_at_least"].notna()])
        # the cross-sections the projection starts from, and the province's own later years
        # (another province's single-province years are not this brief's source)
        last_full = max(full_years(panel))
        used = panel[
            panel["indicator"].isin([COMPOSITE, *SUBINDICES])
            & (panel["year"] >= window[0])
            & panel["score"].notna()
            & ((panel["year"] <= last_full) | (panel["province_code"] == prov.code))
            & ~((panel["source_kind"] == "province_document") & (panel["province_code"] != prov.code))
        ]
        src = source_line(used) + (f"; targets: {', '.join(files)}" if files else "")
        if (results["index"] == "papi").any() and papi_source:
            src += "; PAPI: " + papi_source
        default = tg.loc[tg["method"].fillna("") != "", "method"]
        # save_figure swaps the marks between digits of a Vietnamese figure: labels worded in Vietnamese ("0,3–0,8")
        # go in with Python's marks (analysis.core.prose.localise_digits)
        results = results.assign(label=results["label"].map(lambda t: localise_digits(str(t), lang)))
        save(
            project_charts.probability_chart(
                results,
                lang,
                likely_at=reachability.LIKELY_AT,
                unlikely_at=reachability.UNLIKELY_AT,
                default_method=default.iloc[0] if len(default) else None,
            ),
            "targets",
            T("Xác suất đạt từng mục tiêu", "Probability of each target"),
            src,
        )
    return out


def write_brief(brief: Brief) -> dict[str, Path]:
    """Write ``brief.html`` and ``brief.docx`` into the brief's folder; return their paths."""
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

    p = argparse.ArgumentParser(
        prog="python -m analysis brief", description="write a province brief as HTML and Word (.docx) with its figures"
    )
    p.add_argument("province", help='a province name in any spelling, e.g. "Điện Biên" or "dien bien"')
    p.add_argument("--lang", choices=("vi", "en", "both"), default="vi")
    p.add_argument("--out", type=Path, default=None, help="output folder (default reports/brief/<province>)")
    p.add_argument("--draws", type=int, default=DRAWS, help=f"projection draws (default {DRAWS}, as page 03)")
    p.add_argument("--seed", type=int, default=SEED)
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
    print(
        f"brief for {prov.name}: {written['html']} and {written['docx']} ({len(b.figures)} figures in "
        f"{b.out_dir / 'figures'})"
    )
    return 0


def _target_files(rows: pd.DataFrame) -> list[str]:
    """The seed files of target rows, from their file column (never parsed from a citation)."""
    col = "seed_file" if "seed_file" in rows.columns else "source_file"
    return sorted(set(rows[col].astype(str)) - {"", "nan"}) if col in rows.columns else []
