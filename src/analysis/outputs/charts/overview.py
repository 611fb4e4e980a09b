"""Charts for the data overview notebook."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.data.catalog import (
    INDICATORS,
    Lang,
    indicator_label,
    load_provinces,
    methodology_breaks,
    source_kind_label,
    text,
)
from analysis.data.provenance import years_text
from analysis.outputs.charts.common import kind_markers, mark_breaks, mark_no_data
from analysis.outputs.style import integer_years, subplots


def _rank_label_needed(rank: pd.Series, year, years: pd.Series) -> bool:
    """A rank is written where it changes and at the end of a run of the same rank (Quảng Ninh's "1" written
    twice for 2017–2023, not seven times side by side)."""
    s = pd.Series(rank.to_numpy(), index=years.to_numpy())
    r = s.loc[year]
    prev, nxt = s.shift(1).loc[year], s.shift(-1).loc[year]
    return not (r == prev and r == nxt)


def composite_score_and_rank(series: pd.DataFrame, province: str, lang: Lang = "vi") -> Figure:
    """Two stacked panels: composite score, and rank (1 at the top). Missing years are gaps."""
    fig, (ax_s, ax_r) = subplots(2, 1, sharex=True, lang=lang)
    years = series["year"]
    ax_s.plot(years, series["score"], color="#1f5fa6")
    kind_markers(ax_s, years, series["score"], series["source_kind"], "#1f5fa6", lang)
    handles, labels = ax_s.get_legend_handles_labels()  # the kinds' legend above the chart: inside it, a legend
    ax_s.get_legend().remove()  # placed by "best" lands on the break labels or the score labels
    # one row up to three kinds; a full history has five (workbook, web page, research panel, derived, press),
    # whose names in one row are wider than the figure: two rows then
    fig.legend(handles, labels, loc="outside upper right", ncols=min(len(handles), 3), fontsize=7, frameon=False)
    for y, v in zip(years, series["score"]):
        if pd.notna(v):
            ax_s.annotate(f"{v:.2f}", (y, v), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)

    mark_no_data(ax_s, years[series["score"].isna()].tolist(), lang, y=0.5, va="center", fontsize=7)
    ax_s.set_title(text(f"{province}: điểm PCI", f"{province}: PCI composite score", lang))
    lo_s, hi_s = ax_s.get_ylim()  # head room: the score labels stay below the break labels at the top
    ax_s.set_ylim(lo_s, hi_s + 0.3 * (hi_s - lo_s))
    ax_s.set_ylabel(text("Điểm (0–100)", "Score (0–100)", lang))
    rank = series["rank"].astype(float)
    ax_r.plot(years, rank, color="#d1495b")
    kind_markers(ax_r, years, rank, series["source_kind"], "#d1495b", lang, legend=False)
    for y, r in zip(years, rank):  # the rank alone; how many were ranked goes in the title
        if pd.notna(r) and _rank_label_needed(rank, y, years):
            ax_r.annotate(
                f"{int(r)}", (y, r), xytext=(6, 0), textcoords="offset points", ha="left", va="center", fontsize=7
            )
    if rank.notna().any():  # head room above the best rank: the break labels at the top stay clear of it
        span = rank.max() - rank.min()
        ax_r.set_ylim(rank.max() + 1.5, rank.min() - max(1.5, 0.2 * span))
        ax_r.set_yticks([t for t in ax_r.get_yticks() if 1 <= t <= rank.max() + 1.5 and float(t).is_integer()])
    else:
        ax_r.invert_yaxis()
    ax_r.set_ylabel(text("Thứ hạng (1 = tốt nhất)", "Rank (1 = best)", lang))
    ax_r.set_title(text("Thứ hạng PCI", "PCI rank", lang))
    ax_r.set_title(
        _packed(ranked_note(series[rank.notna()], lang)), loc="right", fontsize=7, fontweight="normal", color="#555555"
    )
    lo, hi = int(years.min()), int(years.max())
    for ax in (ax_s, ax_r):
        mark_breaks(ax, lo, hi, lang)
        ax.set_xlim(lo - 0.5, hi + 0.5)
    integer_years(ax_r.xaxis)
    return fig


NOTE_LINE = 60  # characters of a 7-pt note beside a panel title before it runs into the title (a 8-inch figure)


def _packed(note: str) -> str:
    """``ranked_note``'s parts ("; "-separated) packed into lines of at most :data:`NOTE_LINE` characters: a full
    history (42 provinces in 2005, 64 in 2006-2008, 63 since, a year without the number) is one line too long."""
    lines: list[str] = []
    for part in note.split("; "):
        if lines and len(lines[-1]) + 2 + len(part) <= NOTE_LINE:
            lines[-1] += "; " + part
        else:
            lines.append(part)
    return ";\n".join(lines)


def ranked_note(series: pd.DataFrame, lang: Lang = "vi") -> str:
    """'trong số 63 tỉnh: 2016–2018; số tỉnh được xếp hạng không có trong dữ liệu: 2019–2020' for ranked years."""
    parts = []
    known = series[series["n_ranked"].notna()]
    for n, g in known.groupby(known["n_ranked"].astype(int)):
        parts.append(text(f"trong số {n} tỉnh: {years_text(g['year'])}", f"out of {n}: {years_text(g['year'])}", lang))
    unknown = series.loc[series["n_ranked"].isna(), "year"]
    if len(unknown):
        parts.append(
            text(
                f"số tỉnh được xếp hạng không có trong dữ liệu: {years_text(unknown)}",
                f"number ranked not in the data: {years_text(unknown)}",
                lang,
            )
        )
    return "; ".join(parts)


def coverage_chart(cov: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Provinces covered and sub-indices published, per year."""
    fig, ax = subplots(lang=lang)
    ax.bar(
        cov["year"],
        cov["provinces"],
        color="#1f5fa6",
        alpha=0.85,
        label=text("Số tỉnh có điểm PCI", "Provinces with a PCI score", lang),
    )
    for y, n, k in zip(cov["year"], cov["provinces"], cov["subindices"]):
        ax.annotate(f"{n}\n({k})", (y, n), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=7)
    ax.set_ylabel(text("Số tỉnh", "Provinces", lang))
    ax.set_title(
        text(
            "Dữ liệu theo năm: số tỉnh (số chỉ số thành phần)",
            "Coverage by year: provinces (sub-indices published)",
            lang,
        )
    )
    mark_breaks(ax, int(cov["year"].min()), int(cov["year"].max()), lang)
    ax.set_ylim(0, cov["provinces"].max() * 1.2)
    ax.set_xlim(cov["year"].min() - 0.6, cov["year"].max() + 0.6)  # no tick for a year past the data
    integer_years(ax.xaxis)
    return fig


# --------------------------------------------------------------------------- coverage by source kind
KIND_COLOURS = {
    "official_workbook": "#1f5fa6",
    "official_page": "#5fa8d3",
    "province_document": "#7b4fa0",
    "research_panel": "#e0a030",
    "derived": "#3a9e6b",
    "press": "#d1495b",
    "aggregated": "#888888",
}


def _kind_matrix(cells: pd.DataFrame, rows: str, cols: str):
    """(matrix of kind codes, kinds present, row labels, column labels) from cells with one kind each."""
    kinds = [k for k in KIND_COLOURS if k in set(cells["source_kind"])]
    code = {k: i for i, k in enumerate(kinds)}
    m = cells.assign(_k=cells["source_kind"].map(code)).pivot_table(
        index=rows, columns=cols, values="_k", aggfunc="min"
    )
    return m, kinds


def _draw_kinds(ax, m: pd.DataFrame, kinds: list[str], lang: Lang) -> None:
    import matplotlib.lines as mlines
    import matplotlib.patches as mpatches
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap([KIND_COLOURS[k] for k in kinds])
    ax.imshow(m.to_numpy(dtype=float), aspect="auto", cmap=cmap, vmin=-0.5, vmax=len(kinds) - 0.5, interpolation="none")
    ax.set_xticks(range(len(m.columns)))
    ax.set_xticklabels([str(int(c)) for c in m.columns], rotation=90, fontsize=7)
    ax.set_yticks(range(len(m.index)))
    ax.grid(False)
    years = [int(c) for c in m.columns]
    for b in methodology_breaks(min(years), max(years)):
        if b.year in years:
            ax.axvline(years.index(b.year) - 0.5, color="black", lw=1.0, ls="--")
    handles = [mpatches.Patch(color=KIND_COLOURS[k], label=source_kind_label(k, lang)) for k in kinds]
    handles.append(
        mlines.Line2D(
            [], [], color="black", lw=1.0, ls="--", label=text("thay đổi phương pháp", "methodology break", lang)
        )
    )
    handles.append(
        mpatches.Patch(facecolor="white", edgecolor="#999999", label=text("không có số liệu", "no data", lang))
    )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)


def coverage_by_kind(panel: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Year × indicator: the source kind of most provinces' values (blank = no data)."""
    d = panel[panel["score"].notna()]
    top = (
        d.groupby(["indicator", "year", "source_kind"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["indicator", "year", "n"], ascending=[True, True, False])
        .drop_duplicates(["indicator", "year"])
    )
    m, kinds = _kind_matrix(top, "indicator", "year")
    m = m.reindex([i for i in INDICATORS if i in m.index])
    counts = (
        d.groupby(["indicator", "year"])["province_code"].nunique().unstack().reindex(index=m.index, columns=m.columns)
    )
    fig, ax = subplots(size="wide", lang=lang)
    _draw_kinds(ax, m, kinds, lang)
    ax.set_yticklabels([indicator_label(i, lang) for i in m.index], fontsize=7)
    for (i, j), n in np.ndenumerate(counts.to_numpy()):
        if not np.isnan(n):
            ax.text(j, i, f"{int(n)}", ha="center", va="center", fontsize=5.5, color="white")
    ax.set_title(
        text(
            "Nguồn theo năm và chỉ số\n(màu: loại nguồn của phần lớn giá trị; số: số tỉnh)",
            "Source kind by year and indicator\n(colour: kind of most values; number: provinces)",
            lang,
        ),
        fontsize=9,
    )
    return fig


def composite_coverage_by_province(panel: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Year × province for the composite, coloured by the kind of source each value comes from."""
    d = panel[(panel["indicator"] == "pci") & panel["score"].notna()]
    m, kinds = _kind_matrix(d, "province_code", "year")
    provs = load_provinces().set_index("province_code")
    order = [c for c in provs.index if c in m.index]
    m = m.reindex(order)
    fig, ax = subplots(size="tall", lang=lang)
    _draw_kinds(ax, m, kinds, lang)
    ax.set_yticklabels([provs.loc[c, "province"] for c in m.index], fontsize=5)
    ax.set_title(
        text("Chỉ số PCI theo tỉnh và năm: loại nguồn", "PCI composite by province and year: source kind", lang),
        fontsize=9,
    )
    return fig


# short names of the source kinds for dense labels (the full names: catalog_data/source_kinds.csv)
_KIND_SHORT = {
    "vi": {
        "official_workbook": "bảng VCCI",
        "official_page": "web VCCI",
        "province_document": "văn bản tỉnh",
        "research_panel": "dữ liệu NC",
        "derived": "dự án tính",
        "press": "báo chí",
    },
    "en": {
        "official_workbook": "VCCI workbook",
        "official_page": "VCCI web page",
        "province_document": "province doc.",
        "research_panel": "research panel",
        "derived": "derived",
        "press": "press",
    },
}


def agreement_chart(agreement: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Per pair of sources × year: values compared (bar) and how many agree (filled part)."""
    a = agreement.copy()
    lg = "en" if lang == "en" else "vi"
    field = {"score": text("điểm", "score", lg), "rank": text("hạng", "rank", lg)}
    a["pair"] = [
        f"{int(r.year)} {field.get(r.field, r.field)}: {_KIND_SHORT[lg].get(r.kept_kind, r.kept_kind)} ← "
        f"{_KIND_SHORT[lg].get(r.other_kind, r.other_kind)}"
        for r in a.itertuples()
    ]
    g = a.groupby("pair", sort=False)[["n_compared", "n_agree"]].sum()
    fig, ax = subplots(size="tall", lang=lang)
    y = np.arange(len(g))
    ax.barh(y, g["n_compared"], color="#dddddd", label=text("so sánh", "compared", lang))
    ax.barh(
        y, g["n_agree"], color="#3a9e6b", label=text("khớp (trong phạm vi làm tròn)", "agree (within rounding)", lang)
    )
    ax.set_yticks(y)
    ax.set_yticklabels(g.index, fontsize=6)
    ax.invert_yaxis()
    ax.set_xlabel(text("Số giá trị", "Values", lang))
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title(text("Đối chiếu giữa các nguồn", "Agreement between sources", lang), fontsize=9)
    return fig
