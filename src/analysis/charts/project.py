"""Charts for the target-reachability notebook: fan chart, rank distributions, calibration,
required vs historical pace, probabilities by method.

Each function takes plain DataFrames / arrays (built in the notebook from
:mod:`analysis.project` and :mod:`analysis.reachability`) and returns a Figure made with
:func:`analysis.style.subplots`; saving is the caller's one line.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..catalog import Lang, text
from ..style import integer_years, subplots
from .common import mark_breaks

PROVINCE_COLOR = "#1f5fa6"
FAN_COLOR = "#1f5fa6"
TARGET_COLOR = "#edae49"
CUT_COLOR = "#d1495b"
REQ_COLOR, HIST_COLOR = "#d1495b", "#1f5fa6"
METHOD_COLORS = {"persistence": "#a0a0a0", "trend": "#d1495b", "drift": "#1f5fa6", "pooled": "#00798c"}
METHOD_MARKERS = {"persistence": "s", "trend": "^", "drift": "o", "pooled": "D"}


def _method_name(m: str, lang: Lang) -> str:
    names = {"persistence": ("giữ nguyên", "persistence"), "trend": ("xu hướng", "trend"),
             "drift": ("tốc độ TB", "drift"), "pooled": ("gộp", "pooled")}
    vi, en = names.get(m, (m, m))
    return text(vi, en, lang)


def method_label(m: str, lang: Lang = "vi") -> str:
    """Short label of a projection method ('xu hướng' / 'trend', ...)."""
    return _method_name(m, lang)


def fan_chart(history: pd.DataFrame, fan: pd.DataFrame, province: str, lang: Lang = "vi", *,
              method: str = "", target_bands: Sequence[Mapping] = (), other_medians: Mapping[str, pd.DataFrame] | None = None,
              cross_year: int | None = None, shifted_to: int | None = None,
              ylabel: str | None = None) -> Figure:
    """Observed composite and the projected median with 10-90% (and 25-75%) bands.

    ``shifted_to``: the year whose terms the target bands were moved to (see
    :func:`analysis.project.cross_section_shift`), named in the legend.

    ``history``: year, score, seed (bool: a seed-document year); ``fan``: year, p10, p25, p50,
    p75, p90; ``target_bands``: dicts year, low, high, label (the score range that gave the
    target ranks in ``cross_year``); ``other_medians``: method -> DataFrame(year, p50).
    """
    fig, ax = subplots(size="wide")
    h = history.sort_values("year")
    f = fan.sort_values("year")
    ax.fill_between(f["year"], f["p10"], f["p90"], color=FAN_COLOR, alpha=0.15, lw=0,
                    label=text("10–90% dự báo", "10–90% projected", lang))
    if {"p25", "p75"} <= set(f.columns):
        ax.fill_between(f["year"], f["p25"], f["p75"], color=FAN_COLOR, alpha=0.25, lw=0,
                        label=text("25–75% dự báo", "25–75% projected", lang))
    ax.plot(f["year"], f["p50"], color=FAN_COLOR, ls="--", lw=1.6,
            label=text(f"trung vị ({_method_name(method, lang)})", f"median ({_method_name(method, lang)})", lang))
    for m, d in (other_medians or {}).items():
        d = d.sort_values("year")
        ax.plot(d["year"], d["p50"], color=METHOD_COLORS.get(m, "#888888"), lw=0.9, ls=":",
                label=text(f"trung vị ({_method_name(m, 'vi')})", f"median ({_method_name(m, 'en')})", lang))
    wb = h[~h["seed"].astype(bool)]
    sd = h[h["seed"].astype(bool)]
    ax.plot(h["year"], h["score"], color=PROVINCE_COLOR, lw=1.4)
    ax.plot(wb["year"], wb["score"], "o", color=PROVINCE_COLOR, ms=4,
            label=text("quan sát (bộ số liệu VCCI)", "observed (VCCI workbooks)", lang))
    if len(sd):  # hollow: not from an official workbook, named by kind
        if "source_kind" in sd.columns:
            from ..catalog import source_kind_label
            kinds = list(dict.fromkeys(sd["source_kind"].astype(str)))
            vi = ", ".join(source_kind_label(k, "vi") for k in kinds)
            en = ", ".join(source_kind_label(k, "en") for k in kinds)
        else:
            vi, en = "văn bản của tỉnh", "provincial document"
        ax.plot(sd["year"], sd["score"], "o", mfc="white", mec=PROVINCE_COLOR, ms=5,
                label=text(f"quan sát ({vi})", f"observed ({en})", lang))
    for k, b in enumerate(target_bands):
        y = b["year"]
        ax.fill_between([y - 0.45, y + 0.45], [b["low"]] * 2, [b["high"]] * 2, color=TARGET_COLOR,
                        alpha=0.45, lw=0.8, edgecolor="#b07d10",
                        label=text(f"vùng điểm mục tiêu (điểm ứng với thứ hạng mục tiêu năm {cross_year}"
                                   + (f", dịch về mặt bằng {shifted_to})" if shifted_to else ")"),
                                   f"target score band (scores that gave the target ranks in {cross_year}"
                                   + (f", moved to {shifted_to} terms)" if shifted_to else ")"), lang)
                        if k == 0 else None)
        ax.annotate(b["label"], (y, b["high"]), xytext=(0, 3 + 9 * (k % 2)), textcoords="offset points",
                    ha="center", va="bottom", fontsize=6.5, color="#7a5a00")
    first, last = int(h["year"].min()), int(f["year"].max())
    mark_breaks(ax, first, last, lang)
    integer_years(ax.xaxis)
    ax.set_xlim(first - 0.6, last + 0.6)
    top = float(np.nanmax(f["p90"]))
    if top > 100:  # PCI scores are on a 0-100 scale; the simulated band is not bounded
        ax.set_ylim(top=102)
        ax.annotate(text(f"phân vị 90% vượt 100 (đến {top:.0f}): mô hình không chặn thang điểm",
                         f"90th percentile exceeds 100 (up to {top:.0f}): the model does not bound the scale", lang),
                    (1, 1), xycoords="axes fraction", xytext=(-4, -4), textcoords="offset points", ha="right", va="top",
                    fontsize=6.5, color="#555555")
    ax.set_ylabel(ylabel or text("Điểm PCI", "PCI score", lang))
    ax.set_title(text(f"{province}: điểm PCI đã quan sát và dự báo", f"{province}: observed and projected PCI score", lang))
    ax.legend(loc="upper left", ncol=2, fontsize=7)
    return fig


def rank_distribution_chart(rank_draws: Mapping[int, np.ndarray], n_ranked: int, province: str, lang: Lang = "vi", *,
                            method: str = "", bands: Mapping[int, Sequence[tuple]] | None = None,
                            published_top: int | None = 30, top_only_from: int = 2023) -> Figure:
    """One panel per target year: P(rank = r) over the draws (1 = best), target bands shaded,
    the top-``published_top`` publication cut-off dashed (years from ``top_only_from``)."""
    years = sorted(rank_draws)
    fig, axes = subplots(len(years), 1, size="full" if len(years) <= 2 else "tall", sharex=True, squeeze=False)
    r = np.arange(1, n_ranked + 1)
    for ax, yr in zip(axes[:, 0], years):
        d = np.asarray(rank_draws[yr]).ravel()
        p = np.bincount(d.astype(int), minlength=n_ranked + 1)[1:n_ranked + 1] / len(d)
        for lo, hi, lab in (bands or {}).get(yr, []):
            ax.axvspan(lo - 0.5, hi + 0.5, color=TARGET_COLOR, alpha=0.35, lw=0)
            ax.annotate(lab, ((lo + hi) / 2, 0.97), xycoords=("data", "axes fraction"), ha="center", va="top",
                        fontsize=6.5, color="#7a5a00")
        ax.bar(r, p, width=0.85, color=FAN_COLOR)
        med = float(np.median(d))
        ax.axvline(med, color="#333333", lw=1)
        ax.annotate(text(f"trung vị {med:.0f}", f"median {med:.0f}", lang), (med, 0.80), xycoords=("data", "axes fraction"),
                    xytext=(3, 0), textcoords="offset points", fontsize=7)
        if published_top and yr >= top_only_from:
            ax.axvline(published_top + 0.5, color=CUT_COLOR, ls="--", lw=1)
            ax.annotate(text(f"VCCI chỉ công bố top {published_top}", f"VCCI publishes only the top {published_top}", lang),
                        (published_top + 0.5, 0.62), xycoords=("data", "axes fraction"), xytext=(3, 0),
                        textcoords="offset points", fontsize=6.5, color=CUT_COLOR)
        ax.set_ylabel(text("xác suất", "probability", lang))
        ax.set_title(text(f"{yr}", f"{yr}", lang), fontsize=9)
    ax = axes[-1, 0]
    ax.set_xlim(0.4, n_ranked + 0.6)
    integer_years(ax.xaxis)
    ax.set_xlabel(text(f"Thứ hạng PCI (1 = tốt nhất, trên {n_ranked} tỉnh)", f"PCI rank (1 = best, of {n_ranked})", lang))
    fig.suptitle(text(f"{province}: phân bố thứ hạng dự báo ({_method_name(method, 'vi')})",
                      f"{province}: projected rank distribution ({_method_name(method, 'en')})", lang),
                 x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig


def calibration_chart(calibration: pd.DataFrame, reliability: pd.DataFrame, lang: Lang = "vi", *,
                      top_k: int = 30, origins: str = "") -> Figure:
    """Left: nominal vs empirical coverage of the score intervals per method (diagonal =
    perfect). Right: reliability of P(top k): mean forecast vs observed frequency per bin."""
    fig, (a1, a2) = subplots(1, 2, size="wide")
    for m, d in calibration.groupby("method", sort=False):
        a1.plot(d["nominal"], d["score_coverage"], marker=METHOD_MARKERS.get(m, "o"), color=METHOD_COLORS.get(m),
                label=_method_name(m, lang))
    a1.plot([0, 1], [0, 1], color="#888888", lw=0.8, ls="--")
    a1.set_xlim(0.4, 1.0)
    a1.set_ylim(0.0, 1.0)
    a1.set_xlabel(text("Độ phủ danh nghĩa của khoảng dự báo", "Nominal coverage of the projection interval", lang))
    a1.set_ylabel(text("Tỷ lệ điểm thực tế nằm trong khoảng", "Share of actual scores inside", lang))
    a1.set_title(text("Khoảng dự báo điểm", "Score intervals", lang))
    a1.legend(loc="upper left")
    for m, d in reliability.groupby("method", sort=False):
        a2.plot(d["forecast"], d["observed"], marker=METHOD_MARKERS.get(m, "o"), color=METHOD_COLORS.get(m),
                label=_method_name(m, lang))
    a2.plot([0, 1], [0, 1], color="#888888", lw=0.8, ls="--")
    a2.set_xlim(0, 1)
    a2.set_ylim(0, 1)
    a2.set_xlabel(text(f"Xác suất dự báo vào top {top_k}", f"Forecast probability of the top {top_k}", lang))
    a2.set_ylabel(text("Tần suất thực tế", "Observed frequency", lang))
    a2.set_title(text(f"Độ tin cậy của xác suất top {top_k}", f"Reliability of top-{top_k} probabilities", lang))
    a2.grid(axis="x", color="#d9d9d9", lw=0.6)
    a1.grid(axis="x", color="#d9d9d9", lw=0.6)
    if origins:
        fig.suptitle(text(f"Kiểm định ngoài mẫu: {origins}", f"Pseudo-out-of-sample check: {origins}", lang),
                     x=0.01, ha="left", fontsize=9)
    return fig


def pace_chart(pace: pd.DataFrame, province: str, lang: Lang = "vi", *, unit: str | None = None) -> Figure:
    """Horizontal bars per target: required average annual gain vs the province's own
    historical gain; the share of all provinces' 5-year windows that achieved the required
    pace is written at the end.  ``pace``: label, required, historical, share (0-1 or NaN)."""
    n = len(pace)
    fig, ax = subplots(size="full" if n <= 8 else "tall")
    y = np.arange(n)[::-1]
    h = 0.38
    ax.barh(y + h / 2, pace["required"], height=h, color=REQ_COLOR, label=text("cần đạt mỗi năm", "required per year", lang))
    ax.barh(y - h / 2, pace["historical"], height=h, color=HIST_COLOR,
            label=text("tốc độ đã đạt (bình quân)", "historical pace (average)", lang))
    ax.axvline(0, color="#333333", lw=0.8)
    xmax = float(np.nanmax(np.abs(np.r_[pace["required"].to_numpy(float), pace["historical"].to_numpy(float)]))) or 1.0
    for yy, (_, r) in zip(y, pace.iterrows()):
        if pd.notna(r.get("share")):
            ax.annotate(text(f"{r['share']:.0%} cửa sổ 5 năm đạt", f"{r['share']:.0%} of 5-yr windows", lang),
                        (1.0, yy), xycoords=("axes fraction", "data"), xytext=(-2, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=6.5, color="#555555")
    ax.set_xlim(-1.15 * xmax, 1.9 * xmax)
    ax.set_yticks(y)
    ax.set_yticklabels(pace["label"], fontsize=7.5)
    ax.grid(axis="x", color="#d9d9d9", lw=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(unit or text("điểm mỗi năm", "points per year", lang))
    ax.set_title(text(f"{province}: tốc độ cần đạt so với tốc độ đã đạt", f"{province}: required vs historical pace", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09 if n <= 8 else -0.05), ncol=2)
    return fig


def probability_chart(results: pd.DataFrame, lang: Lang = "vi", *, likely_at: float = 0.7,
                      unlikely_at: float = 0.3, default_method: str | None = None) -> Figure:
    """Dot plot: one row per target, one marker per method (probability 0-1), verdict
    thresholds shaded. ``results``: label, method, probability."""
    labels = list(dict.fromkeys(results["label"]))
    n = len(labels)
    fig, ax = subplots(size="tall" if n > 10 else "full")
    ypos = {lab: k for k, lab in enumerate(labels[::-1])}
    ax.axvspan(0, unlikely_at, color="#d1495b", alpha=0.08, lw=0)
    ax.axvspan(likely_at, 1, color="#2e8b57", alpha=0.08, lw=0)
    for m, d in results.groupby("method", sort=False):
        ax.scatter(d["probability"], [ypos[lab] for lab in d["label"]], marker=METHOD_MARKERS.get(m, "o"),
                   color=METHOD_COLORS.get(m), s=28 if m == default_method else 16, zorder=3,
                   label=_method_name(m, lang) + (text(" (mặc định)", " (default)", lang) if m == default_method else ""))
    ax.set_yticks(list(ypos.values()))
    ax.set_yticklabels(list(ypos.keys()), fontsize=7)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="x", color="#d9d9d9", lw=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(text("Xác suất đạt mục tiêu", "Probability the target is met", lang))
    ax.annotate(text("khó đạt", "unlikely", lang), (unlikely_at / 2, 1.0), xycoords=("data", "axes fraction"),
                ha="center", va="bottom", fontsize=7, color="#d1495b")
    ax.annotate(text("có khả năng", "likely", lang), ((1 + likely_at) / 2, 1.0), xycoords=("data", "axes fraction"),
                ha="center", va="bottom", fontsize=7, color="#2e8b57")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=4, fontsize=7)
    fig.suptitle(text("Xác suất đạt từng mục tiêu, theo phương pháp", "Probability of each target, by method", lang),
                 x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig
