"""Charts for the target-reachability notebook: fan chart, rank distributions, calibration,
required vs historical pace, probabilities by method.

Each function takes plain DataFrames / arrays (built in the notebook from
:mod:`analysis.analyses.project` and :mod:`analysis.analyses.reachability`) and returns a Figure made with
:func:`analysis.outputs.style.subplots`; saving is the caller's one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.data.catalog import Lang, method_name, methodology_breaks, source_kind_label, text
from analysis.outputs.charts.common import KIND_MARKERS, mark_breaks, wrap_label  # noqa: F401  (wrap_label: also used by callers of this module)
from analysis.outputs.style import integer_years, subplots

PROVINCE_COLOR = "#1f5fa6"
FAN_COLOR = "#1f5fa6"
TARGET_COLOR = "#edae49"
CUT_COLOR = "#d1495b"
REQ_COLOR, HIST_COLOR = "#d1495b", "#1f5fa6"
METHOD_COLORS = {
    "persistence": "#a0a0a0",
    "trend": "#d1495b",
    "drift": "#1f5fa6",
    "pooled": "#00798c",
    "rank_ar": "#6a3d9a",
    "climatology": "#8c6d31",
    "ensemble": "#111111",
}
METHOD_MARKERS = {
    "persistence": "s",
    "trend": "^",
    "drift": "o",
    "pooled": "D",
    "rank_ar": "v",
    "climatology": "x",
    "ensemble": "*",
}
SCORE_CAP = 100.0  # PCI scores are on a 0-100 scale


def fan_chart(
    history: pd.DataFrame,
    fan: pd.DataFrame,
    province: str,
    lang: Lang = "vi",
    *,
    method: str = "",
    target_bands: Sequence[Mapping] = (),
    other_medians: Mapping[str, pd.DataFrame] | None = None,
    cross_year: int | None = None,
    shifted_to: int | None = None,
    ylabel: str | None = None,
    adjustment: str = "",
) -> Figure:
    """Observed composite and the projected median with 10-90% (and 25-75%) bands.

    ``adjustment``: how the projection crosses a methodology break inside its estimation window
    (:func:`analysis.analyses.project.break_adjustment`, short form), named in the legend.

    ``shifted_to``: the year whose terms the target bands were moved to (see
    :func:`analysis.analyses.project.cross_section_shift`), named in the legend.

    ``history``: year, score, seed (bool: a seed-document year); ``fan``: year, p10, p25, p50,
    p75, p90; ``target_bands``: dicts year, low, high, label (the score range that gave the
    target ranks in ``cross_year``); ``other_medians``: method -> DataFrame(year, p50).
    """

    fig, ax = subplots(size="wide", lang=lang)
    h = history.sort_values("year")
    f = fan.sort_values("year").copy()
    q_cols = [c for c in ("p10", "p25", "p50", "p75", "p90") if c in f.columns]
    capped = bool((f[q_cols] > SCORE_CAP).to_numpy().any())
    f[q_cols] = f[q_cols].clip(upper=SCORE_CAP)  # the simulation is not bounded; the scale is
    ax.fill_between(
        f["year"],
        f["p10"],
        f["p90"],
        color=FAN_COLOR,
        alpha=0.15,
        lw=0,
        label=text("10–90% dự báo", "10–90% projected", lang),
    )
    if {"p25", "p75"} <= set(f.columns):
        ax.fill_between(
            f["year"],
            f["p25"],
            f["p75"],
            color=FAN_COLOR,
            alpha=0.25,
            lw=0,
            label=text("25–75% dự báo", "25–75% projected", lang),
        )
    ax.plot(
        f["year"],
        f["p50"],
        color=FAN_COLOR,
        ls="--",
        lw=1.6,
        label=text(f"trung vị ({method_name(method, 'vi')})", f"median ({method_name(method, 'en')})", lang),
    )
    for m, d in (other_medians or {}).items():
        d = d.sort_values("year")
        ax.plot(
            d["year"],
            d["p50"].clip(upper=SCORE_CAP),
            color=METHOD_COLORS.get(m, "#888888"),
            lw=0.9,
            ls=":",
            label=text(f"trung vị ({method_name(m, 'vi')})", f"median ({method_name(m, 'en')})", lang),
        )
    seedcol = h["seed"].astype(bool)
    wb, sd = h[~seedcol], h[seedcol]
    ax.plot(h["year"], h["score"], color=PROVINCE_COLOR, lw=1.4)
    ax.plot(
        wb["year"],
        wb["score"],
        "o",
        color=PROVINCE_COLOR,
        ms=4,
        label=text("quan sát (bộ số liệu VCCI)", "observed (VCCI workbooks)", lang),
    )
    if len(sd) and "source_kind" in sd.columns:  # hollow, one marker per kind (press ▽, page □, derived ✚ …)
        for k, g in sd.groupby(sd["source_kind"].astype(str), sort=False):
            ax.plot(
                g["year"],
                g["score"],
                KIND_MARKERS.get(k, "o"),
                mfc="white",
                mec=PROVINCE_COLOR,
                ms=5,
                label=text(
                    f"quan sát ({source_kind_label(k, 'vi')})", f"observed ({source_kind_label(k, 'en')})", lang
                ),
            )
    elif len(sd):
        ax.plot(
            sd["year"],
            sd["score"],
            "o",
            mfc="white",
            mec=PROVINCE_COLOR,
            ms=5,
            label=text("quan sát (văn bản của tỉnh)", "observed (provincial document)", lang),
        )
    # target bands: one box per year (bands of the same year share it), labelled once, to the right
    by_year: dict[int, list] = {}
    for b in target_bands:
        by_year.setdefault(int(b["year"]), []).append(b)
    for k, (y, bs) in enumerate(sorted(by_year.items())):
        for j, b in enumerate(bs):
            lo, hi = min(b["low"], SCORE_CAP), min(b["high"], SCORE_CAP)
            ax.fill_between(
                [y - 0.4, y + 0.4],
                [lo] * 2,
                [hi] * 2,
                color=TARGET_COLOR,
                alpha=0.35,
                lw=0.8,
                edgecolor="#b07d10",
                label=text(
                    f"vùng điểm mục tiêu (điểm ứng với thứ hạng mục tiêu năm {cross_year}"
                    + (f", dịch về mặt bằng {shifted_to})" if shifted_to else ")"),
                    f"target score band (scores that gave the target ranks in {cross_year}"
                    + (f", moved to {shifted_to} terms)" if shifted_to else ")"),
                    lang,
                )
                if (k, j) == (0, 0)
                else None,
            )
        top = max(min(b["high"], SCORE_CAP) for b in bs)
        ax.annotate(
            " / ".join(dict.fromkeys(b["label"] for b in bs)),
            (y + 0.45, top),
            xytext=(2, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=6.5,
            color="#7a5a00",
        )
    first, last = int(h["year"].min()), int(f["year"].max())
    mark_breaks(ax, first, last, lang, label=False)
    brks = methodology_breaks(first, last)
    if brks:
        ax.plot(
            [],
            [],
            color="#888888",
            lw=0.8,
            ls="--",
            label=text("thay đổi phương pháp / công bố: ", "methodology / publication change: ", lang)
            + ", ".join(str(b.year) for b in brks),
        )
    if adjustment:
        ax.plot([], [], color="none", label=wrap_label(adjustment, 48))
    integer_years(ax.xaxis)
    ax.set_xlim(first - 0.6, last + 1.6)
    ymax = float(
        np.nanmax(
            np.r_[
                f["p90"].to_numpy(float), h["score"].to_numpy(float), [min(b["high"], SCORE_CAP) for b in target_bands]
            ]
        )
    )
    ymin = float(
        np.nanmin(np.r_[f["p10"].to_numpy(float), h["score"].to_numpy(float), [b["low"] for b in target_bands]])
    )
    span = ymax - ymin
    ax.set_ylim(ymin - 0.05 * span, min(SCORE_CAP, ymax + 0.45 * span) if ymax < SCORE_CAP else SCORE_CAP + 0.5)
    if capped:
        ax.annotate(
            text("dải dự báo cắt ở 100 (thang điểm PCI)", "bands cut at 100 (the PCI scale)", lang),
            (1, 0),
            xycoords="axes fraction",
            xytext=(-4, 4),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=6.5,
            color="#555555",
        )
    ax.set_ylabel(ylabel or text("Điểm PCI", "PCI score", lang))
    ax.set_title(
        text(f"{province}: điểm PCI đã quan sát và dự báo", f"{province}: observed and projected PCI score", lang)
    )
    ax.legend(loc="upper left", ncol=2, fontsize=6.5)
    return fig


def rank_distribution_chart(
    rank_draws: Mapping[int, np.ndarray],
    n_ranked: int,
    province: str,
    lang: Lang = "vi",
    *,
    method: str = "",
    bands: Mapping[int, Sequence[tuple]] | None = None,
    published_top: int | None = 30,
    top_only_from: int = 2023,
) -> Figure:
    """One panel per target year: P(rank = r) over the draws (1 = best), target bands shaded,
    the top-``published_top`` publication cut-off dashed (years from ``top_only_from``)."""
    years = sorted(rank_draws)
    fig, axes = subplots(
        len(years), 1, size="full" if len(years) <= 2 else "tall", sharex=True, squeeze=False, lang=lang
    )
    r = np.arange(1, n_ranked + 1)
    for ax, yr in zip(axes[:, 0], years):
        d = np.asarray(rank_draws[yr]).ravel()
        p = np.bincount(d.astype(int), minlength=n_ranked + 1)[1 : n_ranked + 1] / len(d)
        for j, (lo, hi, lab) in enumerate((bands or {}).get(yr, [])):
            ax.axvspan(lo - 0.5, hi + 0.5, color=TARGET_COLOR, alpha=0.25, lw=0)
            ax.annotate(
                lab,
                ((lo + hi) / 2, 0.97 - 0.13 * j),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="top",
                fontsize=6.5,
                color="#7a5a00",
            )
        ax.bar(r, p, width=0.85, color=FAN_COLOR)
        med = float(np.median(d))
        ax.axvline(med, color="#333333", lw=1)
        right = med < 0.75 * n_ranked
        ax.annotate(
            text(f"trung vị {med:.0f}", f"median {med:.0f}", lang),
            (med, 0.55),
            xycoords=("data", "axes fraction"),
            xytext=(3 if right else -3, 0),
            textcoords="offset points",
            ha="left" if right else "right",
            fontsize=7,
            bbox=dict(boxstyle="square,pad=0.15", fc="white", ec="none", alpha=0.85),
        )  # readable over the bars
        if published_top and yr >= top_only_from:
            ax.axvline(published_top + 0.5, color=CUT_COLOR, ls="--", lw=1)
            ax.annotate(
                text(f"VCCI chỉ công bố top {published_top}", f"VCCI publishes only the top {published_top}", lang),
                (published_top + 0.5, min(0.80, 0.90 - 0.13 * len((bands or {}).get(yr, [])))),
                xycoords=("data", "axes fraction"),
                xytext=(-3, 0),
                textcoords="offset points",
                ha="right",
                va="top",
                fontsize=6.5,
                color=CUT_COLOR,
                bbox=dict(boxstyle="square,pad=0.15", fc="white", ec="none", alpha=0.85),
            )
        ax.set_ylabel(text("xác suất", "probability", lang))
        ax.set_title(text(f"{yr}", f"{yr}", lang), fontsize=9)
    ax = axes[-1, 0]
    ax.set_xlim(0.4, n_ranked + 0.6)
    ticks = [1] + list(range(10, n_ranked, 10)) + [n_ranked]
    ax.set_xticks([t for k, t in enumerate(ticks) if k == len(ticks) - 1 or n_ranked - t >= 4])
    ax.set_xlabel(
        text(f"Thứ hạng PCI (1 = tốt nhất, trên {n_ranked} tỉnh)", f"PCI rank (1 = best, of {n_ranked})", lang)
    )
    fig.suptitle(
        text(
            f"{province}: phân bố thứ hạng dự báo ({method_name(method, 'vi')})",
            f"{province}: projected rank distribution ({method_name(method, 'en')})",
            lang,
        ),
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=11,
    )
    return fig


PACE_LABEL_WIDTH = 44  # characters per line of a target's label on the pace chart (keeps the bars wide)


def pace_chart(
    pace: pd.DataFrame, province: str, lang: Lang = "vi", *, unit: str | None = None, period: str | None = None
) -> Figure:
    """Horizontal bars per target: the average annual gain the target needs ("at least" reading:
    to the worse end of a band) vs the province's own historical gain; the share of all
    provinces' 5-year windows that achieved the required pace and the headline probability
    and verdict sit in the target's label, so the bars and the verdict tell one story.
    ``pace``: label, required, historical, share (0-1 or NaN), optional verdict (text). ``period``:
    the years the historical pace spans (one methodology period), named in the legend."""
    n = len(pace)
    fig, ax = subplots(size="full" if n <= 8 else "tall", lang=lang)
    y = np.arange(n)[::-1]
    h = 0.38
    ax.barh(
        y + h / 2, pace["required"], height=h, color=REQ_COLOR, label=text("cần đạt mỗi năm", "required per year", lang)
    )
    ax.barh(
        y - h / 2,
        pace["historical"],
        height=h,
        color=HIST_COLOR,
        label=text("tốc độ đã đạt (bình quân)", "historical pace (average)", lang)
        if period is None
        else text(
            f"tốc độ đã đạt, {period} (trong một giai đoạn phương pháp)",
            f"pace achieved, {period} (within one methodology period)",
            lang,
        ),
    )
    ax.axvline(0, color="#333333", lw=0.8)
    for yy, hist in zip(y, pace["historical"].to_numpy(float)):  # missing is missing: said, not drawn as 0
        if np.isnan(hist):
            ax.annotate(
                text(
                    "chưa có tốc độ (một năm trong giai đoạn phương pháp)",
                    "no pace yet (one year in the methodology period)",
                    lang,
                ),
                (0, yy - h / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
                color=HIST_COLOR,
            )
    vals = np.r_[pace["required"].to_numpy(float), pace["historical"].to_numpy(float), 0.0]
    lo, hi = float(np.nanmin(vals)), float(np.nanmax(vals))
    pad = 0.08 * ((hi - lo) or 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    labels = []
    for _, r in pace.iterrows():
        extra = []
        if pd.notna(r.get("share")):
            extra.append(text(f"{r['share']:.0%} cửa sổ 5 năm đạt", f"{r['share']:.0%} of 5-yr windows", lang))
        if isinstance(r.get("verdict"), str) and r.get("verdict"):
            extra.append(r["verdict"])
        labels.append(
            wrap_label(r["label"], PACE_LABEL_WIDTH)
            + ("\n" + wrap_label(" · ".join(extra), PACE_LABEL_WIDTH) if extra else "")
        )
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="x", color="#d9d9d9", lw=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(wrap_label(unit or text("điểm mỗi năm", "points per year", lang), 40))
    ax.set_title(
        wrap_label(
            text(f"{province}: tốc độ cần đạt so với tốc độ đã đạt", f"{province}: required vs historical pace", lang),
            48,
        )
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09 if n <= 8 else -0.05), ncol=2)
    return fig


def skill_chart(
    skill: pd.DataFrame, lang: Lang = "vi", *, metric_label: str | None = None, default_method: str | None = None
) -> Figure:
    """Skill by horizon against persistence (0 = no better; above 0 = better), one line per
    method with its 90% bootstrap band over origins. ``skill``: method, horizon, skill, skill_lo, skill_hi."""
    fig, ax = subplots(size="wide", lang=lang)
    for m, d in skill.groupby("method", sort=False):
        if m == "persistence":
            continue
        d = d.sort_values("horizon")
        lw = 2.2 if m == default_method else 1.0
        ax.plot(
            d["horizon"],
            d["skill"],
            marker=METHOD_MARKERS.get(m, "o"),
            color=METHOD_COLORS.get(m),
            lw=lw,
            ms=4,
            label=method_name(m, lang) + (text(" (mặc định)", " (default)", lang) if m == default_method else ""),
        )
        if m == default_method:
            ax.fill_between(d["horizon"], d["skill_lo"], d["skill_hi"], color=METHOD_COLORS.get(m), alpha=0.12, lw=0)
    ax.axhline(0, color="#333333", lw=0.8)
    ax.annotate(
        text("giữ nguyên (mốc so sánh)", "persistence (reference)", lang),
        (1, 0),
        xycoords=("axes fraction", "data"),
        xytext=(-2, 3),
        textcoords="offset points",
        ha="right",
        fontsize=6.5,
        color="#555555",
    )
    integer_years(ax.xaxis)
    ax.set_xlabel(text("Tầm dự báo (năm)", "Horizon (years)", lang))
    ax.set_ylabel(
        metric_label
        or text(
            "Kỹ năng so với giữ nguyên (1 − CRPS/CRPS giữ nguyên)",
            "Skill vs persistence (1 − CRPS/CRPS persistence)",
            lang,
        )
    )
    ax.set_title(text("Kỹ năng dự báo thứ hạng theo tầm dự báo", "Rank forecast skill by horizon", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=7)
    return fig


def reliability_chart(
    reliability: pd.DataFrame, coverage: pd.DataFrame, lang: Lang = "vi", *, top_k: int = 30, origins: str = ""
) -> Figure:
    """Left: nominal vs empirical coverage of the 50/80/90% rank intervals per method. Right:
    reliability of P(top k). ``coverage``: method, nominal, coverage; ``reliability``: method,
    forecast, observed, n."""
    fig, (a1, a2) = subplots(1, 2, size="wide", lang=lang)
    for m, d in coverage.groupby("method", sort=False):
        a1.plot(
            d["nominal"],
            d["coverage"],
            marker=METHOD_MARKERS.get(m, "o"),
            color=METHOD_COLORS.get(m),
            label=method_name(m, lang),
            ms=4,
            lw=1,
        )
    a1.plot([0, 1], [0, 1], color="#888888", lw=0.8, ls="--")
    a1.set_xlim(0.4, 1.0)
    a1.set_ylim(0.3, 1.0)
    a1.set_xlabel(text("Độ phủ danh nghĩa (khoảng thứ hạng)", "Nominal coverage (rank interval)", lang))
    a1.set_ylabel(text("Tỷ lệ thứ hạng thực tế nằm trong", "Share of actual ranks inside", lang))
    a1.set_title(text("Khoảng dự báo thứ hạng", "Rank intervals", lang))
    for m, d in reliability.groupby("method", sort=False):
        a2.plot(
            d["forecast"],
            d["observed"],
            marker=METHOD_MARKERS.get(m, "o"),
            color=METHOD_COLORS.get(m),
            ms=4,
            lw=1,
            label=method_name(m, lang),
        )
    a2.plot([0, 1], [0, 1], color="#888888", lw=0.8, ls="--")
    a2.set_xlim(0, 1)
    a2.set_ylim(0, 1)
    a2.set_xlabel(text(f"Xác suất dự báo vào top {top_k}", f"Forecast probability of the top {top_k}", lang))
    a2.set_ylabel(text("Tần suất thực tế", "Observed frequency", lang))
    a2.set_title(text(f"Độ tin cậy của xác suất top {top_k}", f"Reliability of top-{top_k} probabilities", lang))
    for a in (a1, a2):
        a.grid(axis="x", color="#d9d9d9", lw=0.6)
    a1.legend(loc="upper center", bbox_to_anchor=(1.1, -0.14), ncol=4, fontsize=7)
    if origins:
        fig.suptitle(
            text(f"Kiểm định ngoài mẫu: {origins}", f"Pseudo-out-of-sample check: {origins}", lang),
            x=0.01,
            ha="left",
            fontsize=9,
        )
    return fig


def probability_chart(
    results: pd.DataFrame,
    lang: Lang = "vi",
    *,
    likely_at: float = 0.7,
    unlikely_at: float = 0.3,
    default_method: str | None = None,
) -> Figure:
    """Dot plot: one row per target, one marker per method (probability 0-1), verdict
    thresholds shaded. ``results``: label, method, probability."""
    labels = list(dict.fromkeys(results["label"]))
    n = len(labels)
    fig, ax = subplots(size="tall" if n > 10 else "full", lang=lang)
    ypos = {lab: k for k, lab in enumerate(labels[::-1])}
    ax.axvspan(0, unlikely_at, color="#d1495b", alpha=0.08, lw=0)
    ax.axvspan(likely_at, 1, color="#2e8b57", alpha=0.08, lw=0)
    methods = list(dict.fromkeys(results["method"]))
    single = len(methods) == 1  # one method (the brief): a bar per target, its value written, no method legend
    for m, d in results.groupby("method", sort=False):
        y = [ypos[lab] for lab in d["label"]]
        if single:
            ax.barh(y, d["probability"], height=0.35, color=METHOD_COLORS.get(m) or "#1f5fa6", alpha=0.35, zorder=2)
            for p, yy in zip(d["probability"], y):
                ax.annotate(f"{p:.0%}", (p, yy), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
        ax.scatter(
            d["probability"],
            y,
            marker=METHOD_MARKERS.get(m, "o"),
            color=METHOD_COLORS.get(m),
            s=28 if m == default_method else 16,
            zorder=3,
            label=method_name(m, lang) + (text(" (mặc định)", " (default)", lang) if m == default_method else ""),
        )
    ax.set_yticks(list(ypos.values()))
    ax.set_yticklabels(list(ypos.keys()), fontsize=7)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="x", color="#d9d9d9", lw=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(text("Xác suất đạt mục tiêu", "Probability the target is met", lang))
    ax.annotate(
        text("khó đạt", "unlikely", lang),
        (unlikely_at / 2, 1.0),
        xycoords=("data", "axes fraction"),
        ha="center",
        va="bottom",
        fontsize=7,
        color="#d1495b",
    )
    ax.annotate(
        text("có khả năng", "likely", lang),
        ((1 + likely_at) / 2, 1.0),
        xycoords=("data", "axes fraction"),
        ha="center",
        va="bottom",
        fontsize=7,
        color="#2e8b57",
    )
    # below the axis label, at a fixed distance in inches (a fraction of the axes left a gap in tall figures)
    from matplotlib.transforms import ScaledTranslation

    if single:
        name = method_name(methods[0], lang)
        title = text(
            f"Xác suất đạt từng mục tiêu (phương pháp: {name})", f"Probability of each target (method: {name})", lang
        )
    else:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, 0),
            ncol=4,
            fontsize=7,
            bbox_transform=ax.transAxes + ScaledTranslation(0, -0.45, fig.dpi_scale_trans),
        )
        title = text("Xác suất đạt từng mục tiêu, theo phương pháp", "Probability of each target, by method", lang)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig
