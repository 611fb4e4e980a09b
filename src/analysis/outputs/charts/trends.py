"""Charts for the sub-index trends notebook: small multiples, rank heatmap, waterfall, leverage.

Each function takes the DataFrame a function of :mod:`analysis.analyses.trends` returned and gives
back a Figure (saving is the caller's one line, :func:`analysis.outputs.style.save_figure`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.data.catalog import SUBINDICES, Lang, indicator_label, text
from analysis.outputs.charts.common import (
    kind_handles,
    kind_markers,
    mark_breaks,
    mark_no_data,
    no_data_label,
    wrap_label,
)
from analysis.outputs.style import integer_years, subplots

PROVINCE_COLOR = "#1f5fa6"
MEDIAN_COLOR = "#555555"
BAND_COLOR = "#bbbbbb"
BEST_COLOR = "#66a182"
UP_COLOR, DOWN_COLOR, OTHER_COLOR, TOTAL_COLOR = "#2e8b57", "#d1495b", "#a0a0a0", "#1f5fa6"
RESIDUAL_SHOWN = 0.0005  # a rounding residual smaller than this prints as 0.000: no bar, a note instead


def _wrap(label: str, width: int = 22) -> str:
    return wrap_label(" ".join(label.split()), width)


def _years(series: pd.DataFrame) -> tuple[int, int]:
    return int(series["year"].min()), int(series["year"].max())


def _year_panel(ax, ind: str, lo: int, hi: int, lang: Lang) -> None:
    """One small-multiple panel's frame: sub-index title, year range, breaks, whole years.

    Every panel draws the break lines; only the first names their years (ten copies of the
    same labels would crowd the data labels)."""
    ax.set_title(_wrap(indicator_label(ind, lang), 24), fontsize=8.5)
    ax.set_xlim(lo - 0.5, hi + 0.5)
    mark_breaks(ax, lo, hi, lang, label=ax is ax.figure.axes[0])
    integer_years(ax.xaxis)
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)


def _isolated(values: pd.Series) -> np.ndarray:
    """True where a value has no value on either side (a line cannot draw it)."""
    v = values.astype(float).to_numpy()
    ok = ~np.isnan(v)
    prev = np.r_[False, ok[:-1]]
    nxt = np.r_[ok[1:], False]
    return ok & ~prev & ~nxt


def _isolated_benchmarks(ax, s: pd.DataFrame) -> None:
    """The national median, middle band and best province in a year with no benchmark on either side (2023
    after the composite-only years 2020–2022): a short band and two marks, as the lines would have shown."""
    iso = _isolated(s["national_median"])
    for _, r in s[iso].iterrows():
        yr = r["year"]
        ax.fill_between(
            [yr - 0.3, yr + 0.3], float(r["national_p25"]), float(r["national_p75"]), color=BAND_COLOR, alpha=0.45, lw=0
        )
        ax.plot([yr - 0.3, yr + 0.3], [float(r["national_median"])] * 2, color=MEDIAN_COLOR, lw=1, ls="--")
        ax.plot([yr - 0.3, yr + 0.3], [float(r["national_best"])] * 2, color=BEST_COLOR, lw=1.2, ls=":")


def subindex_small_multiples(
    series: pd.DataFrame, province: str, lang: Lang = "vi", indicators: tuple[str, ...] = SUBINDICES
) -> Figure:
    """Ten panels: the province's score per year against the national median, the
    interquartile band and the best province. Missing years are gaps; breaks are dashed."""
    fig, axes = subplots(2, 5, size="grid", sharex=True, lang=lang)
    lo, hi = _years(series)
    kinds: list[str] = []
    for ax, ind in zip(axes.flat, indicators):
        s = series[series["indicator"] == ind].sort_values("year")
        y = s["year"].to_numpy()
        ax.fill_between(
            y,
            s["national_p25"].astype(float),
            s["national_p75"].astype(float),
            color=BAND_COLOR,
            alpha=0.45,
            lw=0,
            step=None,
        )
        ax.plot(y, s["national_median"].astype(float), color=MEDIAN_COLOR, lw=1, ls="--")
        ax.plot(y, s["national_best"].astype(float), color=BEST_COLOR, lw=1, ls=":")
        ax.plot(y, s["score"].astype(float), color=PROVINCE_COLOR)
        kinds += kind_markers(
            ax, y, s["score"].astype(float), s["source_kind"], PROVINCE_COLOR, lang, legend=False, sizes=(3.5, 5)
        )
        _isolated_benchmarks(ax, s)
        gaps = s[s["score"].isna()]
        mark_no_data(ax, gaps.loc[gaps["measured"].astype(bool), "year"].tolist(), lang)
        mark_no_data(
            ax,
            gaps.loc[~gaps["measured"].astype(bool), "year"].tolist(),
            lang,
            label=text("không đo", "not measured", lang),
        )
        _year_panel(ax, ind, lo, hi, lang)
        ax.set_ylim(0, 10)
    for ax in axes[:, 0]:
        ax.set_ylabel(text("Điểm (0–10)", "Score (0–10)", lang))
    handles = [
        Line2D([], [], color=PROVINCE_COLOR, marker="o", ms=3.5, label=province),
        Line2D([], [], color=MEDIAN_COLOR, lw=1, ls="--", label=text("Trung vị cả nước", "National median", lang)),
        Patch(
            color=BAND_COLOR,
            alpha=0.45,
            label=text("25–75% các tỉnh", "Middle half of provinces (25th–75th pct.)", lang),
        ),
        Line2D([], [], color=BEST_COLOR, lw=1, ls=":", label=text("Tỉnh cao nhất", "Best province", lang)),
        *kind_handles(kinds, PROVINCE_COLOR, lang),  # hollow: a value not from an official workbook, by kind
    ]
    fig.legend(handles=handles, loc="outside upper right", ncols=4 if len(handles) <= 4 else 3, fontsize=8)
    fig.suptitle(
        text(
            f"{province}: 10 chỉ số thành phần PCI, {lo}–{hi}", f"{province}: the ten PCI sub-indices, {lo}–{hi}", lang
        ),
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=11,
    )
    return fig


def subindex_rank_multiples(
    series: pd.DataFrame, province: str, lang: Lang = "vi", indicators: tuple[str, ...] = SUBINDICES
) -> Figure:
    """Ten panels: the province's rank per sub-index and year (1 at the top), with the
    number of provinces ranked as the bottom of each axis. Missing years are gaps."""
    fig, axes = subplots(2, 5, size="grid", sharex=True, sharey=True, lang=lang)
    lo, hi = _years(series)
    kinds: list[str] = []
    n_max = series["n_provinces"].dropna()
    bottom = int(n_max.max()) if len(n_max) else 64
    for ax, ind in zip(axes.flat, indicators):
        s = series[series["indicator"] == ind].sort_values("year")
        y = s["year"].to_numpy()
        r = s["rank"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        n = s["n_provinces"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        ax.plot(y, n / 2 + 0.5, color=MEDIAN_COLOR, lw=1, ls="--")
        for yr, nn in zip(y[_isolated(pd.Series(n))], n[_isolated(pd.Series(n))]):  # a year alone: a short mark
            ax.plot([yr - 0.3, yr + 0.3], [nn / 2 + 0.5] * 2, color=MEDIAN_COLOR, lw=1, ls="--")
        ax.plot(y, r, color="#d1495b")
        kinds += kind_markers(ax, y, r, s["source_kind"], "#d1495b", lang, legend=False, sizes=(3.5, 5))
        for yr, v in zip(y, r):
            if not np.isnan(v):
                ax.annotate(f"{int(v)}", (yr, v), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=6)
        _year_panel(ax, ind, lo, hi, lang)
        ax.set_ylim(bottom + 2, -2)
        ax.set_yticks([1, *range(10, bottom + 1, 10)])
    for ax in axes[:, 0]:
        ax.set_ylabel(text("Thứ hạng (1 = tốt nhất)", "Rank (1 = best)", lang))
    handles = [
        Line2D(
            [],
            [],
            color="#d1495b",
            marker="o",
            ms=3.5,
            label=text(f"Thứ hạng của {province}", f"{province}'s rank", lang),
        ),
        Line2D([], [], color=MEDIAN_COLOR, lw=1, ls="--", label=text("Thứ hạng giữa", "Middle rank", lang)),
        *kind_handles(kinds, "#d1495b", lang),
    ]  # hollow: a value not from an official workbook, by kind
    fig.legend(handles=handles, loc="outside upper right", ncols=4, fontsize=8)
    fig.suptitle(
        text(
            f"{province}: thứ hạng 10 chỉ số thành phần, {lo}–{hi}",
            f"{province}: rank on the ten sub-indices, {lo}–{hi}",
            lang,
        ),
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=11,
    )
    return fig


def rank_heatmap(
    series: pd.DataFrame, province: str, lang: Lang = "vi", indicators: tuple[str, ...] | None = None
) -> Figure:
    """Rank by indicator (rows) and year (columns), coloured from best (green) to worst
    (red) relative to the number of provinces ranked; blank cells say "no data"."""
    if indicators is None:
        indicators = tuple(i for i in ("pci", *SUBINDICES) if i in set(series["indicator"]))
    lo, hi = _years(series)
    years = list(range(lo, hi + 1))
    s = series.set_index(["indicator", "year"])
    rank = np.full((len(indicators), len(years)), np.nan)
    of = np.full_like(rank, np.nan)
    measured = np.ones_like(rank, dtype=bool)
    for i, ind in enumerate(indicators):
        for j, y in enumerate(years):
            if (ind, y) in s.index:
                measured[i, j] = bool(s.loc[(ind, y), "measured"])
                r = s.loc[(ind, y), "rank"]
                n = s.loc[(ind, y), "n_provinces"]
                rank[i, j] = np.nan if pd.isna(r) else float(r)
                of[i, j] = np.nan if pd.isna(n) else float(n)
    # colour by position in the field: 0 = best, 1 = worst; 63 assumed where n is unknown (seed years)
    denom = np.where(np.isnan(of), 63.0, of)
    pos = (rank - 1) / np.maximum(denom - 1, 1)
    cmap = LinearSegmentedColormap.from_list("rank", ["#1a9850", "#fee08b", "#d73027"]).with_extremes(bad="#f4f4f4")
    fig, ax = subplots(size="wide", lang=lang)
    im = ax.imshow(np.ma.masked_invalid(pos), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    nd = no_data_label(lang).replace(" ", "\n", 1) if lang != "both" else "n/a"
    nm = text("không\nđo", "not\nmeasured", lang) if lang != "both" else "n/m"
    for i in range(len(indicators)):
        for j in range(len(years)):
            if np.isnan(rank[i, j]):
                ax.text(j, i, nd if measured[i, j] else nm, ha="center", va="center", fontsize=5, color="#888888")
            else:
                ax.text(
                    j,
                    i,
                    f"{int(rank[i, j])}",
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if pos[i, j] > 0.8 or pos[i, j] < 0.15 else "black",
                )
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks(range(len(indicators)), [indicator_label(i, lang) for i in indicators])
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(False)
    for sp in ax.spines.values():
        sp.set_visible(False)
    for j, y in enumerate(years):
        if j > 0 and bool(series.loc[series["year"] == y, "break_before"].any()):
            ax.axvline(j - 0.5, color="#333333", lw=1, ls="--")
            # above the grid (the title is padded for it): inside, it would cover a cell's label
            ax.annotate(
                str(y),
                xy=(j - 0.5, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(2, 1),
                textcoords="offset points",
                fontsize=6,
                color="#333333",
                va="bottom",
            )
    cb = fig.colorbar(im, ax=ax, shrink=0.8, pad=0.01)
    cb.set_ticks([0, 1], labels=[text("tốt nhất", "best", lang), text("kém nhất", "worst", lang)])
    cb.ax.tick_params(labelsize=7)
    ax.set_title(
        text(
            f"{province}: thứ hạng theo chỉ số và năm (màu: vị trí trong số tỉnh được xếp hạng)",
            f"{province}: rank by indicator and year (colour: position among provinces ranked)",
            lang,
        ),
        fontsize=10,
        pad=12,
    )
    return fig


def tiny_residual(decomp: pd.DataFrame) -> pd.Series:
    """The residual row of a decomposition when it rounds to 0.000: no bar, no table row (a "±0.000" reads as
    a sign with no value); the chart's axis says so instead."""
    return (decomp["kind"] == "residual") & (decomp["contribution"].astype(float).abs() < RESIDUAL_SHOWN)


def decomposition_waterfall(decomp: pd.DataFrame, province: str, lang: Lang = "vi") -> Figure:
    """Horizontal waterfall: composite in ``from_year``, each contribution, composite in ``to_year``."""
    d = decomp.copy()
    y0, y1 = int(d["from_year"].iloc[0]), int(d["to_year"].iloc[0])
    c0, c1 = float(d["composite_from"].iloc[0]), float(d["composite_to"].iloc[0])
    labels, starts, widths, colors, notes = [f"PCI {y0}"], [0.0], [c0], [TOTAL_COLOR], [f"{c0:.2f}"]
    running = c0
    ends = [c0]
    sub = d[d["kind"] == "sub-index"].copy()
    sub = sub.reindex(sub["contribution"].abs().sort_values(ascending=False, na_position="last").index)
    rest = d[d["kind"] != "sub-index"]
    # a residual that rounds to 0.000 gets no bar (a "-0.000" row reads as a sign with no value); the axis says so
    tiny = tiny_residual(rest)
    rest = rest[~tiny]
    for _, r in pd.concat([sub, rest]).iterrows():
        v = r["contribution"]
        if r["kind"] == "sub-index":
            name = indicator_label(r["component"], lang)
        elif r["kind"] == "weight change":
            name = text("Thay đổi trọng số", "Weight change", lang)
        else:
            name = text("Phần dư (làm tròn)", "Residual (rounding)", lang)
        labels.append(name)
        if pd.isna(v):
            starts.append(running)
            widths.append(0.0)
            colors.append(OTHER_COLOR)
            notes.append(text("không đo năm đầu", "not measured in first year", lang))
            ends.append(running)
            continue
        starts.append(running if v >= 0 else running + v)
        widths.append(abs(v))
        colors.append(OTHER_COLOR if r["kind"] != "sub-index" else (UP_COLOR if v >= 0 else DOWN_COLOR))
        notes.append(_signed(v, 3 if r["kind"] == "residual" else 2))
        running += v
        ends.append(running)
    labels.append(f"PCI {y1}")
    starts.append(0.0)
    widths.append(c1)
    colors.append(TOTAL_COLOR)
    notes.append(f"{c1:.2f}")
    fig, ax = subplots(size="full", lang=lang)
    ypos = np.arange(len(labels))
    ax.barh(ypos, widths, left=starts, color=colors, height=0.65)
    for i, edge in enumerate(ends):
        ax.plot([edge, edge], [i + 0.33, i + 0.67], color="#777777", lw=0.6)
    for i, (s, w, n) in enumerate(zip(starts, widths, notes)):
        ax.annotate(n, (s + w, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7.5)
    ax.set_yticks(ypos, labels)
    ax.invert_yaxis()
    lo = min(min(s for s in starts[1:-1]) if len(starts) > 2 else c0, c0, c1)
    hi = max(max(s + w for s, w in zip(starts[1:-1], widths[1:-1])) if len(starts) > 2 else c0, c0, c1)
    pad = max((hi - lo) * 0.25, 1.0)
    ax.set_xlim(max(lo - pad, 0), hi + pad * 1.3)
    ax.grid(axis="x", color="#d9d9d9", lw=0.6)
    ax.grid(axis="y", visible=False)
    xlabel = text(
        "Điểm PCI (0–100; trục không bắt đầu từ 0); đóng góp = trọng số × thay đổi điểm × 10",
        "PCI composite (0–100; axis does not start at 0); contribution = weight × change in score × 10",
        lang,
    )
    if tiny.any():
        xlabel += "\n" + text(
            f"Phần dư làm tròn dưới {RESIDUAL_SHOWN:g} điểm: các đóng góp cộng lại đúng bằng thay đổi",
            f"Rounding residual below {RESIDUAL_SHOWN:g} points: the contributions add up to the change",
            lang,
        )
    ax.set_xlabel(xlabel)
    ax.set_title(
        text(
            f"{province}: vì sao điểm PCI thay đổi {c1 - c0:+.2f} điểm, {y0}→{y1}",
            f"{province}: why the composite moved {c1 - c0:+.2f} points, {y0}→{y1}",
            lang,
        ),
        fontsize=10,
    )
    return fig


def _signed(v: float, decimals: int) -> str:
    """'+1.21', '-0.27'; a value that would print as '+0.00' gets more decimals ('+0.004'); 0 is '0'."""
    if v == 0:
        return "0"
    while round(abs(v), decimals) == 0 and decimals < 4:
        decimals += 1
    return f"{v:+.{decimals}f}" if round(abs(v), decimals) else "≈0"


def leverage_chart(lev: pd.DataFrame, province: str, lang: Lang = "vi") -> Figure:
    """Composite points available by closing each sub-index's gap to the national median
    and to the best province, with each sub-index's weight."""
    d = lev.iloc[::-1].reset_index(drop=True)  # largest at the top
    year = int(d["year"].iloc[0])
    fig, ax = subplots(size="full", lang=lang)
    y = np.arange(len(d))
    ax.barh(
        y + 0.2,
        d["points_to_best"].fillna(0),
        height=0.38,
        color="#c6dbef",
        label=text("Nếu bằng tỉnh cao nhất", "If level with the best province", lang),
    )
    ax.barh(
        y - 0.2,
        d["points_to_median"].fillna(0),
        height=0.38,
        color=PROVINCE_COLOR,
        label=text("Nếu bằng trung vị cả nước", "If level with the national median", lang),
    )
    for i, r in d.iterrows():
        for off, v in ((0.2, r["points_to_best"]), (-0.2, r["points_to_median"])):
            lab = no_data_label(lang) if pd.isna(v) else f"{v:.2f}"
            ax.annotate(
                lab,
                (0 if pd.isna(v) else v, i + off),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
                color="#333333",
            )
    rank_txt = [("" if pd.isna(r) else text(f", hạng {int(r)}", f", rank {int(r)}", lang)) for r in d["rank"]]
    ax.set_yticks(
        y, [f"{indicator_label(i, lang)} ({w:.0%}{rt})" for i, w, rt in zip(d["indicator"], d["weight"], rank_txt)]
    )
    ax.grid(axis="x", color="#d9d9d9", lw=0.6)
    ax.grid(axis="y", visible=False)
    xmax = np.nanmax(np.r_[d["points_to_best"].astype(float).to_numpy(), 0.5])
    ax.set_xlim(0, xmax * 1.18)
    ax.set_xlabel(
        text("Số điểm PCI tăng thêm (trọng số × 10 × khoảng cách)", "Composite points gained (weight × 10 × gap)", lang)
    )
    ax.legend(loc="lower right")
    ax.set_title(
        text(
            f"{province} {year}: số điểm PCI nếu thu hẹp khoảng cách",
            f"{province} {year}: composite points from closing each gap",
            lang,
        ),
        fontsize=10,
    )
    return fig
