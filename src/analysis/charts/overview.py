"""Charts for the data overview notebook."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ..catalog import Lang, text
from ..provenance import years_text
from ..style import integer_years, subplots
from .common import mark_breaks, no_data_label


def composite_score_and_rank(series: pd.DataFrame, province: str, lang: Lang = "vi") -> Figure:
    """Two stacked panels: composite score, and rank (1 at the top). Missing years are gaps."""
    fig, (ax_s, ax_r) = subplots(2, 1, sharex=True)
    years = series["year"]
    ax_s.plot(years, series["score"], marker="o", color="#1f5fa6")
    for y, v, kind in zip(years, series["score"], series["source_kind"]):
        if pd.notna(v):
            ax_s.annotate(f"{v:.2f}", (y, v), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)
        else:
            ax_s.annotate(no_data_label(lang), (y, 0.5), xycoords=("data", "axes fraction"), ha="center",
                          fontsize=7, color="#999999", rotation=90)
    ax_s.set_title(text(f"{province}: điểm PCI", f"{province}: PCI composite score", lang))
    ax_s.set_ylabel(text("Điểm (0–100)", "Score (0–100)", lang))
    rank = series["rank"].astype(float)
    ax_r.plot(years, rank, marker="o", color="#d1495b")
    for y, r in zip(years, rank):  # the rank alone, every year; how many were ranked goes in the title
        if pd.notna(r):
            ax_r.annotate(f"{int(r)}", (y, r), xytext=(6, 0), textcoords="offset points", ha="left",
                          va="center", fontsize=7)
    if rank.notna().any():
        ax_r.set_ylim(rank.max() + 1.5, max(0.5, rank.min() - 1.5))
    else:
        ax_r.invert_yaxis()
    ax_r.set_ylabel(text("Thứ hạng (1 = tốt nhất)", "Rank (1 = best)", lang))
    ax_r.set_title(text("Thứ hạng PCI", "PCI rank", lang))
    ax_r.set_title(ranked_note(series[rank.notna()], lang), loc="right", fontsize=7, fontweight="normal",
                   color="#555555")
    lo, hi = int(years.min()), int(years.max())
    for ax in (ax_s, ax_r):
        mark_breaks(ax, lo, hi, lang)
        ax.set_xlim(lo - 0.5, hi + 0.5)
    integer_years(ax_r.xaxis)
    return fig


def ranked_note(series: pd.DataFrame, lang: Lang = "vi") -> str:
    """'trong số 63 tỉnh: 2016–2018; số tỉnh được xếp hạng không có trong dữ liệu: 2019–2020' for ranked years."""
    parts = []
    known = series[series["n_ranked"].notna()]
    for n, g in known.groupby(known["n_ranked"].astype(int)):
        parts.append(text(f"trong số {n} tỉnh: {years_text(g['year'])}", f"out of {n}: {years_text(g['year'])}", lang))
    unknown = series.loc[series["n_ranked"].isna(), "year"]
    if len(unknown):
        parts.append(text(f"số tỉnh được xếp hạng không có trong dữ liệu: {years_text(unknown)}",
                          f"number ranked not in the data: {years_text(unknown)}", lang))
    return "; ".join(parts)


def coverage_chart(cov: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Provinces covered and sub-indices published, per year."""
    fig, ax = subplots()
    ax.bar(cov["year"], cov["provinces"], color="#1f5fa6", alpha=0.85,
           label=text("Số tỉnh có điểm PCI", "Provinces with a PCI score", lang))
    for y, n, k in zip(cov["year"], cov["provinces"], cov["subindices"]):
        ax.annotate(f"{n}\n({k})", (y, n), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=7)
    ax.set_ylabel(text("Số tỉnh", "Provinces", lang))
    ax.set_title(text("Dữ liệu theo năm: số tỉnh (số chỉ số thành phần)",
                      "Coverage by year: provinces (sub-indices published)", lang))
    mark_breaks(ax, int(cov["year"].min()), int(cov["year"].max()), lang)
    ax.set_ylim(0, cov["provinces"].max() * 1.2)
    integer_years(ax.xaxis)
    return fig
