"""Charts for comparing provinces (notebook 02). Each function returns a Figure; the caller saves it.

Inputs are the tables of :mod:`analysis.analyses.compare` (a tidy :func:`~analysis.analyses.compare.cross_section`)
or the panel itself. Labels go through the catalogue in the chosen language; years are
whole numbers; a province's missing years are gaps, never interpolated.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.patches as mpatches
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.analyses import compare
from analysis.data.catalog import (
    COMPOSITE,
    REGIONS_EN,
    SUBINDICES,
    Lang,
    indicator_label,
    province_label,
    region_label,
    resolve_province,
    source_kind_label,
    text,
)
from analysis.outputs.charts.common import (
    kind_handles,
    kind_markers,
    mark_breaks,
    no_data_label,
    place_point_labels,
    wrap_label,
)
from analysis.outputs.style import integer_years, new_figure, subplots

REGION_COLOURS = dict(zip(REGIONS_EN, ["#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#e15759", "#76b7b2"]))
# highlighted provinces: hues and lightness far apart (two neighbours, Lai Châu and Điện Biên, share
# a region panel), each with its own marker as well, so no two can be mistaken for each other
HIGHLIGHT_COLOURS = ["#c0392b", "#5b2a86", "#1b7f8c", "#e08a00", "#2c3e91", "#2d7d32"]
HIGHLIGHT_MARKERS = ["o", "s", "^", "D", "v", "P"]
GREY = "#9a9a9a"


def _pname(name: str, lang: Lang) -> str:
    """Province name, with its diacritics in every language ('Quảng Ninh', never 'Quang Ninh')."""
    return province_label(name, lang)


def _short(code: str, lang: Lang, width: int = 18) -> str:
    return "\n".join(
        textwrap.wrap(indicator_label(code, lang if lang != "both" else "vi"), width, break_long_words=False)
    )


def highlight_colours(provinces: Sequence[str]) -> dict[str, str]:
    """A fixed colour per highlighted province (catalogue name -> colour), in the order given."""
    return {resolve_province(p).name: HIGHLIGHT_COLOURS[i % len(HIGHLIGHT_COLOURS)] for i, p in enumerate(provinces)}


def highlight_markers(provinces: Sequence[str]) -> dict[str, str]:
    """A fixed marker per highlighted province (catalogue name -> marker), in the order given."""
    return {resolve_province(p).name: HIGHLIGHT_MARKERS[i % len(HIGHLIGHT_MARKERS)] for i, p in enumerate(provinces)}


def _region_handles(regions: Sequence[str], lang: Lang) -> list:
    return [
        Line2D([], [], marker="o", ls="", color=REGION_COLOURS.get(r, GREY), label=region_label(r, lang))
        for r in REGIONS_EN
        if r in set(regions)
    ]


# --------------------------------------------------------------------------- ranked dots
def ranked_dots(
    xs: pd.DataFrame, highlight: Sequence[str] = (), indicator: str = COMPOSITE, lang: Lang = "vi"
) -> Figure:
    """Every province's score in one year, best at the top, coloured by region; ``highlight`` labelled."""
    d = xs[xs["indicator"] == indicator].sort_values(["rank", "province"]).reset_index(drop=True)
    year = int(d["year"].iloc[0])
    hl = {resolve_province(p).name for p in highlight}
    fig, ax = subplots(size="ranked" if len(d) > 40 else "tall", lang=lang)
    y = np.arange(len(d))
    colours = [REGION_COLOURS.get(r, GREY) for r in d["region"]]
    ax.hlines(y, d["score"].min() - 1, d["score"], color="#e3e3e3", lw=0.6, zorder=1)
    ax.scatter(d["score"], y, c=colours, s=18, zorder=3, edgecolors="none")
    for i, r in d[d["province"].isin(hl)].iterrows():
        ax.scatter(r["score"], i, s=70, facecolors="none", edgecolors="black", lw=1.2, zorder=4)
        n = f"/{int(r['n'])}" if pd.notna(r["n"]) else ""
        ax.annotate(
            f"{_pname(r['province'], lang)}: {r['score']:.2f} ({int(r['rank'])}{n})",
            (r["score"], i),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            fontweight="bold",
        )
    ax.set_yticks(y)
    ax.set_yticklabels([_pname(p, lang) for p in d["province"]], fontsize=8)
    for lab, p in zip(ax.get_yticklabels(), d["province"]):
        if p in hl:
            lab.set_fontweight("bold")
            lab.set_fontsize(9)
    ax.invert_yaxis()
    ax.set_ylim(len(d) - 0.5, -0.5)
    ax.set_xlim(d["score"].min() - 1, d["score"].max() + (d["score"].max() - d["score"].min()) * 0.45)
    ax.grid(axis="y", visible=False)
    scale = "0–100" if indicator == COMPOSITE else "0–10"
    ax.set_xlabel(text(f"Điểm ({scale})", f"Score ({scale})", lang))
    units = "change" in d.columns  # the 34-unit cross-section (maps.cross_section_34): units, not provinces
    title = text(
        f"{indicator_label(indicator, 'vi')} {year}: {len(d)} {'đơn vị' if units else 'tỉnh'}, xếp theo điểm",
        f"{indicator_label(indicator, 'en')} {year}: {len(d)} {'units' if units else 'provinces'} by score",
        lang,
    )
    kinds = [k for k in dict.fromkeys(d["source_kind"].astype(str)) if k] if "source_kind" in d else []
    if kinds and kinds != ["official_workbook"]:  # say where the values come from when not (only) a workbook
        title += f" ({text('nguồn', 'source', lang)}: {', '.join(source_kind_label(k, lang) for k in kinds)})"
    ax.set_title(wrap_label(title, 72))
    ax.legend(
        handles=_region_handles(d["region"].dropna().unique(), lang),
        loc="lower right",
        fontsize=7,
        title=text("Vùng", "Region", lang),
        title_fontsize=7,
    )
    return fig


# --------------------------------------------------------------------------- bump chart
def rank_bump(
    panel: pd.DataFrame,
    provinces: Sequence[str],
    first_year: int | None = None,
    last_year: int | None = None,
    lang: Lang = "vi",
) -> Figure:
    """Composite rank over time for ``provinces`` (1 at the top); missing years are gaps.

    Points not from an official workbook are drawn hollow, shaped and named by source kind.
    Dashed lines mark methodology breaks; the number of provinces ranked is shown per year.
    """
    comp = panel[(panel["indicator"] == COMPOSITE) & panel["rank"].notna()]
    lo = int(first_year if first_year is not None else comp["year"].min())
    hi = int(last_year if last_year is not None else comp["year"].max())
    years = np.arange(lo, hi + 1)
    colours = highlight_colours(provinces)
    fig, ax = subplots(size="wide", lang=lang)
    handles: list = []
    kinds: list[str] = []
    for p in provinces:
        prov = resolve_province(p)
        s = comp[comp["province_code"] == prov.code].set_index("year")
        rank = s["rank"].astype(float).reindex(years)
        kind = s["source_kind"].reindex(years) if "source_kind" in s else pd.Series("official_workbook", index=years)
        col = colours[prov.name]
        ax.plot(years, rank.to_numpy(), color=col, lw=2)
        handles.append(Line2D([], [], color=col, lw=2, marker="o", ms=5, label=_pname(prov.name, lang)))
        # filled: an official workbook; hollow, shaped by kind: any other source (named in the legend)
        kinds += kind_markers(
            ax, years, rank.to_numpy(), kind.fillna("").to_numpy(), col, lang, legend=False, sizes=(5, 7)
        )
        last = rank.last_valid_index()
        if last is not None:
            ax.annotate(
                f"{int(rank[last])}",
                (last, rank[last]),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color=col,
            )
    n = compare.composite_counts(compare._official(comp)).reindex(years)
    for y, k in n.items():
        if pd.notna(k):
            ax.annotate(
                f"{int(k)}",
                (y, 1),
                xycoords=("data", "axes fraction"),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=6,
                color="#777777",
            )
    units = "map" in comp and len(comp) and (comp["map"].astype(str) == "34").all()  # the 34-unit panel
    floor = 34 if units else 64
    ymax = max(floor, int(np.nanmax(comp["rank"].astype(float))) if len(comp) else floor)
    ax.set_ylim(ymax + 1.5, -0.5)
    ax.set_yticks([1, *range(10, ymax + 1, 10)])
    ax.set_xlim(lo - 0.5, hi + 0.9)
    mark_breaks(ax, lo, hi, lang, label=False)
    ax.set_ylabel(text("Thứ hạng PCI (1 = tốt nhất)", "PCI rank (1 = best)", lang))
    who_vi, who_en = (
        ("đơn vị (bản đồ 34 đơn vị, 2025)", "units (the 34-unit map of 2025)") if units else ("tỉnh", "provinces")
    )
    ax.set_title(
        text(
            f"Thứ hạng PCI qua các năm (số trên cùng: số {who_vi} được xếp hạng; đường đứt: thay đổi phương pháp)",
            f"PCI rank over time (numbers on top: {who_en} ranked; dashed: methodology breaks)",
            lang,
        ),
        fontsize=9,
        pad=14,
    )
    for h in kind_handles(kinds, "#555555", lang, size=7):  # hollow markers: not from a VCCI workbook, by kind
        h.set_label("\n".join(textwrap.wrap(h.get_label(), 22)))
        handles.append(h)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
    integer_years(ax.xaxis)
    return fig


# --------------------------------------------------------------------------- radar
def subindex_radar(xs: pd.DataFrame, provinces: Sequence[str], lang: Lang = "vi") -> Figure:
    """The sub-indices of ``provinces`` against the national median and the best score, one year."""
    subs = [c for c in SUBINDICES if c in set(xs["indicator"])]
    d = xs[xs["indicator"].isin(subs)]
    year = int(d["year"].iloc[0])
    off = compare._official(d)
    med = off.groupby("indicator")["score"].median().reindex(subs)
    best = off.groupby("indicator")["score"].max().reindex(subs)
    angles = np.linspace(0, 2 * np.pi, len(subs), endpoint=False)
    closed = np.append(angles, angles[0])
    fig = new_figure("square", lang=lang)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)

    def draw(values, **kw):
        v = np.asarray(values, dtype=float)
        ax.plot(closed, np.append(v, v[0]), **kw)

    draw(best, color="#2ca02c", lw=1.2, ls="--", label=text("Tốt nhất cả nước", "National best", lang))
    draw(med, color="#555555", lw=1.2, ls=":", label=text("Trung vị cả nước", "National median", lang))
    ax.fill(closed, np.append(med.to_numpy(), med.iloc[0]), color="#bbbbbb", alpha=0.15)
    for p, col in highlight_colours(provinces).items():
        code = resolve_province(p).code
        v = d[d["province_code"] == code].set_index("indicator")["score"].reindex(subs)
        if v.isna().all():
            continue
        draw(v, color=col, lw=2, marker="o", ms=3, label=_pname(p, lang))
    ax.set_xticks(angles, [""] * len(angles))  # spokes only; the labels sit outside the circle
    ax.set_ylim(0, 10)
    for a, c in zip(angles, subs):  # aligned away from the centre, so no spoke or rim runs through a label
        east, north = np.sin(a), np.cos(a)  # angles run clockwise from the top
        ax.text(
            a,
            10.6,
            _short(c, lang, 16),
            fontsize=7,
            clip_on=False,
            ha="left" if east > 0.1 else "right" if east < -0.1 else "center",
            va="bottom" if north > 0.1 else "top" if north < -0.1 else "center",
        )
    ax.set_yticks([2, 4, 6, 8, 10])
    ax.set_rlabel_position(180 / len(subs))  # the scale between the first two spokes
    ax.tick_params(axis="y", labelsize=6)
    ax.set_title(
        text(f"Chỉ số thành phần PCI {year} (thang 0–10)", f"PCI {year} sub-indices (0–10 scale)", lang), pad=34
    )
    fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.035), ncol=3, fontsize=7, frameon=False)
    fig.get_layout_engine().set(rect=(0, 0.1, 1, 0.9))  # (left, bottom, width, height): room for the legend
    return fig


# --------------------------------------------------------------------------- heatmap
def percentile_heatmap(xs: pd.DataFrame, highlight: Sequence[str] = (), lang: Lang = "vi") -> Figure:
    """Provinces (rows, by composite rank) × sub-indices: percentile rank / n (green = near the top)."""
    subs = [c for c in SUBINDICES if c in set(xs["indicator"])]
    comp = xs[xs["indicator"] == COMPOSITE].sort_values(["rank", "province"])
    year = int(comp["year"].iloc[0])
    grid = (
        xs[xs["indicator"].isin(subs)]
        .pivot(index="province_code", columns="indicator", values="percentile")
        .reindex(index=comp["province_code"], columns=subs)
    )
    hl = {resolve_province(p).name for p in highlight}
    fig = new_figure("tall", lang=lang)
    gs = fig.add_gridspec(1, 3, width_ratios=[0.35, 10, 0.35], wspace=0.02)
    ax_r = fig.add_subplot(gs[0])
    ax = fig.add_subplot(gs[1], sharey=ax_r)
    cax = fig.add_subplot(gs[2])
    im = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="RdYlGn_r", vmin=0, vmax=1, interpolation="nearest")
    regions = list(REGIONS_EN)
    idx = [regions.index(r) if r in regions else np.nan for r in comp["region"]]
    ax_r.imshow(
        np.array(idx, dtype=float)[:, None],
        aspect="auto",
        interpolation="nearest",
        cmap=ListedColormap([REGION_COLOURS[r] for r in regions]),
        vmin=-0.5,
        vmax=len(regions) - 0.5,
    )
    ax_r.set_xticks([])
    ax_r.set_yticks(range(len(comp)))
    ax_r.set_yticklabels([f"{_pname(p, lang)} {int(r)}" for p, r in zip(comp["province"], comp["rank"])], fontsize=5.5)
    for lab, p in zip(ax_r.get_yticklabels(), comp["province"]):
        if p in hl:
            lab.set_fontweight("bold")
            lab.set_fontsize(7)
    ax.tick_params(axis="y", left=False, labelleft=False)
    ax.set_xticks(range(len(subs)))
    ax.set_xticklabels([_short(c, lang, 12) for c in subs], fontsize=6)
    ax.xaxis.tick_top()
    ax.grid(False)
    ax_r.grid(False)
    for i, p in enumerate(comp["province"]):
        if p in hl:
            # inside the axes anyway; unclipped, because the SVG id of a clip path through this
            # shared-y transform hashes an object address (not byte-stable across runs)
            ax.add_patch(
                mpatches.Rectangle((-0.5, i - 0.5), len(subs), 1, fill=False, ec="black", lw=1.2, clip_on=False)
            )
    cb = fig.colorbar(im, cax=cax)
    cb.set_label(
        text("Thứ hạng / số tỉnh (0 = đầu bảng, 1 = cuối bảng)", "Rank / provinces (0 = top, 1 = bottom)", lang),
        fontsize=7,
    )
    cb.ax.tick_params(labelsize=6)
    ax.set_title(
        text(
            f"PCI {year}: vị trí tương đối theo từng chỉ số thành phần\n(tỉnh xếp theo điểm PCI; cột màu bên trái: vùng)",
            f"PCI {year}: relative position on each sub-index\n(provinces by composite; left strip: region)",
            lang,
        ),
        fontsize=9,
    )
    fig.legend(
        handles=[mpatches.Patch(color=REGION_COLOURS[r], label=region_label(r, lang)) for r in regions],
        loc="lower center",
        ncol=3,
        fontsize=6.5,
        bbox_to_anchor=(0.5, 0.03),
        frameon=False,
    )
    fig.get_layout_engine().set(rect=(0, 0.085, 1, 0.915))  # (left, bottom, width, height)
    return fig


# --------------------------------------------------------------------------- regions over time
def region_boxes(panel: pd.DataFrame, years: Sequence[int], highlight: Sequence[str] = (), lang: Lang = "vi") -> Figure:
    """Composite scores by region over ``years``: a box per year, every province a dot, highlights coloured."""
    comp = panel[(panel["indicator"] == COMPOSITE) & panel["year"].isin(list(years)) & panel["score"].notna()]
    comp = compare._official(comp).merge(compare._regions(), on="province_code", how="left")
    colours = {resolve_province(p).code: c for p, c in zip(highlight, highlight_colours(highlight).values())}
    markers = {resolve_province(p).code: m for p, m in zip(highlight, highlight_markers(highlight).values())}
    regions = [r for r in REGIONS_EN if r in set(comp["region"])]
    fig, axes = subplots(2, 3, size="grid", sharex=True, sharey=True, lang=lang)
    ys = sorted(int(y) for y in years)
    for ax, reg in zip(np.ravel(axes), regions):
        g = comp[comp["region"] == reg]
        data = [g.loc[g["year"] == y, "score"].to_numpy() for y in ys]
        present = [i for i, v in enumerate(data) if len(v)]
        ax.boxplot(
            [data[i] for i in present],
            positions=[ys[i] for i in present],
            widths=0.6,
            showfliers=False,
            patch_artist=True,
            boxprops={"facecolor": REGION_COLOURS[reg], "alpha": 0.25, "lw": 0.6},
            medianprops={"color": REGION_COLOURS[reg], "lw": 1.5},
            whiskerprops={"lw": 0.6},
            capprops={"lw": 0.6},
        )
        rng = np.random.default_rng(0)
        ax.scatter(g["year"] + rng.uniform(-0.15, 0.15, len(g)), g["score"], s=4, color=GREY, zorder=2)
        for code, col in colours.items():
            h = g[g["province_code"] == code].set_index("year")["score"].reindex(ys)
            if h.notna().any():
                ax.plot(
                    ys,
                    h.to_numpy(),
                    color=col,
                    lw=1.4,
                    marker=markers[code],
                    ms=3.5,
                    zorder=4,
                    label=_pname(province_label(code, "vi"), lang),
                )
        n_last = g.loc[g["year"] == g["year"].max(), "province_code"].nunique()
        ax.set_title(
            f"{region_label(reg, lang)} ({n_last} {text('tỉnh', 'provinces', lang)} {int(g['year'].max())})", fontsize=8
        )
        mark_breaks(ax, ys[0], ys[-1], lang, label=False)
        ax.tick_params(labelsize=7)
    for ax in np.ravel(axes)[len(regions) :]:
        ax.set_visible(False)
    integer_years(np.ravel(axes)[0].xaxis)
    for ax in np.ravel(axes)[: len(regions)]:
        ax.tick_params(axis="x", labelrotation=90)
    for ax in np.ravel(axes)[::3]:
        ax.set_ylabel(text("Điểm PCI (0–100)", "PCI score (0–100)", lang), fontsize=8)
    handles = {}
    for ax in np.ravel(axes):
        for h, lab in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(lab, h)
    order = [_pname(province_label(code, "vi"), lang) for code in colours]
    handles = {lab: handles[lab] for lab in order if lab in handles}
    if handles:
        fig.legend(list(handles.values()), list(handles), loc="outside upper right", ncol=len(handles), fontsize=7)
    fig.suptitle(
        text(
            f"Điểm PCI theo vùng, {ys[0]}–{ys[-1]} (điểm xám: từng tỉnh; đường đứt: thay đổi phương pháp)",
            f"PCI composite by region, {ys[0]}–{ys[-1]} (grey dots: provinces; dashed: methodology breaks)",
            lang,
        ),
        fontsize=9,
        x=0.01,
        ha="left",
    )
    return fig


# --------------------------------------------------------------------------- PCI vs PAPI
def _dim_label(papi: pd.DataFrame, dim: str, lang: Lang, dimensions: pd.DataFrame | None = None) -> str:
    """A PAPI dimension's name: Vietnamese from the data, English from ``dimensions`` (name_en) or the code."""
    names = papi.loc[papi["dimension"] == dim, "dimension_vi"].dropna() if "dimension_vi" in papi else pd.Series()
    vi = str(names.iloc[0]) if len(names) and names.iloc[0] else ""  # one column, not the whole table's rows; a
    # missing name (NaN in pandas' str columns) is no name: the dimension table's, below, not "nan"
    en = ""
    if dimensions is not None and "name_en" in dimensions:
        hit = dimensions.loc[dimensions["dimension"] == dim, "name_en"]
        en = str(hit.iloc[0]) if len(hit) else ""
    if not vi and dimensions is not None and "name_vi" in dimensions:  # a year whose data carry no Vietnamese name
        hit = dimensions.loc[dimensions["dimension"] == dim, "name_vi"]
        vi = str(hit.iloc[0]) if len(hit) and hit.iloc[0] else ""
    en = en or dim.replace("_", " ").capitalize()
    return text(vi or en, en, lang)


def pci_papi_scatter(
    panel: pd.DataFrame,
    papi: pd.DataFrame,
    year: int,
    highlight: Sequence[str] = (),
    indicator: str = COMPOSITE,
    lang: Lang = "vi",
    dimensions: pd.DataFrame | None = None,
    correlation: pd.DataFrame | None = None,
) -> Figure:
    """One small scatter per PAPI main dimension: PCI (x) against PAPI (y) across provinces, r and 95% CI in each.

    ``dimensions``: the PAPI dimension table (``load_papi_dimensions()``) for English names.
    ``correlation``: the :func:`analysis.analyses.compare.pci_papi_correlation` (or ``pci_papi_table``) rows of
    ``year`` already computed, if any (those of ``indicator`` are used); otherwise computed here.
    """
    pairs = compare.pci_papi_pairs(panel, papi, year, indicator)
    if correlation is None:
        correlation = compare.pci_papi_correlation(panel, papi, year, [indicator])
    corr = correlation[(correlation["indicator"] == indicator) & (correlation["year"] == year)].set_index("dimension")
    dims = list(dict.fromkeys(pairs["dimension"]))
    ncols = 4 if len(dims) > 6 else 3
    nrows = int(np.ceil(len(dims) / ncols))
    fig, axes = subplots(nrows, ncols, size="grid", sharex=True, squeeze=False, lang=lang)
    colours = {resolve_province(p).code: c for p, c in zip(highlight, highlight_colours(highlight).values())}
    labelled = []
    for ax, dim in zip(axes.ravel(), dims):
        g = pairs[pairs["dimension"] == dim]
        ax.scatter(
            g["score_pci"], g["score_papi"], s=9, color=[REGION_COLOURS.get(r, GREY) for r in g["region"]], alpha=0.8
        )
        marked = g[g["province_code"].isin(colours)]
        for _, r in marked.iterrows():
            ax.scatter(
                r["score_pci"],
                r["score_papi"],
                s=40,
                facecolors="none",
                edgecolors=colours[r["province_code"]],
                lw=1.5,
                zorder=4,
            )
        labelled.append(
            (
                ax,
                [
                    (_pname(r["province"], lang), (r["score_pci"], r["score_papi"]), colours[r["province_code"]])
                    for _, r in marked.iterrows()
                ],
            )
        )
        c = corr.loc[dim]
        stat = f"r = {c['pearson_r']:.2f} [{c['ci_low']:.2f}; {c['ci_high']:.2f}], n = {int(c['n'])}"
        ax.set_title("\n".join(textwrap.wrap(_dim_label(papi, dim, lang, dimensions), 32)) + "\n" + stat, fontsize=7.5)
        ax.tick_params(labelsize=6.5)
    for ax in axes.ravel()[len(dims) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(
            text(f"{indicator_label(indicator, 'vi')} {year}", f"{indicator_label(indicator, 'en')} {year}", lang),
            fontsize=7,
        )
    for ax in axes[:, 0]:
        ax.set_ylabel(text(f"PAPI {year}", f"PAPI {year}", lang), fontsize=7)
    title = text(
        f"PCI và các nội dung PAPI {year}, theo tỉnh (r Pearson, khoảng tin cậy 95%)",
        f"PCI and the PAPI dimensions {year}, across provinces (Pearson r, 95% CI)",
        lang,
    )
    absent = missing_from_pairs(pairs, highlight)
    if absent:  # a highlighted province PAPI does not cover that year: said, not silently dropped
        names = ", ".join(_pname(p, lang) for p in absent)
        title += "\n" + text(
            f"{names}: không có số liệu PAPI {year}, không có trên biểu đồ",
            f"{names}: no PAPI {year} data, not on the chart",
            lang,
        )
    fig.suptitle(title, fontsize=9, x=0.01, ha="left")
    fig.legend(
        handles=_region_handles(pairs["region"].dropna().unique(), lang),
        loc="upper right",
        ncol=3,
        fontsize=6,
        frameon=False,
        bbox_to_anchor=(0.995, 0.995),
    )
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.9))  # (left, bottom, width, height): room for the legend
    fig.get_layout_engine().execute(fig)  # final axes sizes, so the labels below are placed where they end up
    for ax, labels in labelled:
        place_point_labels(ax, labels, fontsize=6.5, fontweight="bold")
    return fig


def missing_from_pairs(pairs: pd.DataFrame, provinces: Sequence[str]) -> list[str]:
    """The ``provinces`` with no PCI–PAPI pair (:func:`analysis.analyses.compare.pci_papi_pairs`): not in PAPI that year."""
    have = set(pairs["province_code"])
    return [resolve_province(p).name for p in provinces if resolve_province(p).code not in have]


def no_data_figure(message_vi: str, message_en: str, lang: Lang = "vi") -> Figure:
    """A placeholder figure saying what is missing (used when an input table is absent)."""
    fig, ax = subplots(lang=lang)
    ax.axis("off")
    ax.text(
        0.5,
        0.5,
        f"{no_data_label(lang)}: {text(message_vi, message_en, lang)}",
        ha="center",
        va="center",
        fontsize=10,
        color="#777777",
        wrap=True,
    )
    return fig
