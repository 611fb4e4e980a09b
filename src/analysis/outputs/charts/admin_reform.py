"""Charts for the administrative-reform notebook: PAR INDEX and the targets' paths.

Each function takes what :mod:`analysis.analyses.admin_reform` returned and gives back a Figure
(saving is the caller's one line, :func:`analysis.outputs.style.save_figure`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.analyses.admin_reform import index_label
from analysis.analyses.ledger import RANK_KINDS
from analysis.data.catalog import Lang, text
from analysis.outputs.charts.common import no_data_label, wrap_label
from analysis.outputs.style import integer_years, subplots

SCORE_COLOR = "#1f5fa6"
RANK_COLOR = "#d1495b"
OBS_COLOR = "#222222"
STRAIGHT_COLOR = "#888888"
TARGET_COLORS = {2025: "#2e8b57", 2030: "#8e44ad"}
N_PROVINCES = 63


def _wrap(label: str, width: int = 34) -> str:
    return wrap_label(" ".join(label.split()), width)


def par_index_total(rows: pd.DataFrame, province: str, lang: Lang = "vi") -> Figure:
    """Two panels: the PAR INDEX total score and its rank (1 = best, of 63) per year."""
    fig, (a1, a2) = subplots(1, 2, size="wide", lang=lang)
    tot = rows[rows["component"] == "total"].sort_values("year")
    y = tot["year"].to_numpy()
    a1.plot(y, tot["score"], marker="o", color=SCORE_COLOR)
    for yy, v in zip(y, tot["score"]):
        if pd.notna(v):
            a1.annotate(f"{v:.2f}", (yy, v), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
    a1.set_title(_wrap(text(f"Điểm PAR INDEX – {province}", f"PAR INDEX score – {province}", lang), 40))
    a1.set_ylabel(text("điểm (thang 100)", "score (out of 100)", lang))
    a2.plot(y, tot["rank"].astype(float), marker="o", color=RANK_COLOR)
    for yy, v in zip(y, tot["rank"]):
        if pd.notna(v):
            a2.annotate(f"{int(v)}", (yy, v), xytext=(0, -12), textcoords="offset points", ha="center", fontsize=8)
    a2.set_ylim(N_PROVINCES + 1, 0)
    a2.set_title(_wrap(text("Thứ hạng PAR INDEX (1 = tốt nhất)", "PAR INDEX rank (1 = best)", lang), 40))
    a2.set_ylabel(text("thứ hạng / 63", "rank of 63", lang))
    for ax in (a1, a2):
        ax.set_xlim(y.min() - 0.5, y.max() + 0.5)
        integer_years(ax.xaxis)
    return fig


def par_index_components(rows: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Component × year grid of ranks (colour: 1 green to 63 red); a rank the document
    gives only as text is marked '*', a missing one '–'."""
    comp = rows[rows["component"] != "total"]
    order = list(dict.fromkeys(comp["component"]))
    years = sorted(comp["year"].unique())
    grid = np.full((len(order), len(years)), np.nan)
    marks = [["" for _ in years] for _ in order]
    for r in comp.itertuples():
        i, j = order.index(r.component), years.index(r.year)
        if pd.notna(r.rank):
            grid[i, j] = float(r.rank)
            marks[i][j] = str(int(r.rank))
        else:
            marks[i][j] = "*" if isinstance(r.rank_text, str) and r.rank_text else "–"
    fig, ax = subplots(1, 1, size="full", lang=lang)
    im = ax.imshow(grid, cmap="RdYlGn_r", vmin=1, vmax=N_PROVINCES, aspect="auto")
    for i in range(len(order)):
        for j in range(len(years)):
            ax.text(j, i, marks[i][j], ha="center", va="center", fontsize=8)
    labels_vi = comp.drop_duplicates("component").set_index("component")["component_vi"]
    ax.set_yticks(
        range(len(order)),
        [_wrap(text(labels_vi[c].rstrip(". "), c.replace("_", " "), lang), 48) for c in order],
        fontsize=7,
    )
    ax.set_xticks(range(len(years)), [str(int(y)) for y in years])
    ax.set_title(
        _wrap(
            text(
                "Thứ hạng các lĩnh vực PAR INDEX (1 = tốt nhất / 63)",
                "PAR INDEX component ranks (1 = best of 63)",
                lang,
            ),
            60,
        )
    )
    ax.grid(False)
    cb = fig.colorbar(im, ax=ax, shrink=0.8)
    cb.set_label(text("thứ hạng", "rank", lang))
    ax.annotate(
        text("* thứ hạng chỉ ghi bằng chữ trong văn bản", "* rank given only as text in the document", lang),
        xy=(0, -0.08),
        xycoords="axes fraction",
        fontsize=7,
        va="top",
        color="#555555",
    )
    return fig


def rank_target_paths(paths: pd.DataFrame, rows: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Rank targets (PAR INDEX, SIPAS, PAPI, DTI …), one panel per index: the observed ranks
    (or the stated baseline), the required straight line to each target year, the past pace
    carried forward (where a past pace exists) and the target band."""
    targets = rows[(rows["row_type"] == "target") & rows["kind"].isin(RANK_KINDS)]
    indices = list(dict.fromkeys(targets["index"]))
    n = max(1, len(indices))
    ncols = min(n, 3)
    nrows = math.ceil(n / ncols)
    fig, axes = subplots(nrows, ncols, size="wide" if nrows == 1 else "grid", squeeze=False, sharey=True, lang=lang)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    if not indices:
        axes.flat[0].set_visible(True)
        axes.flat[0].text(0.5, 0.5, no_data_label(lang), transform=axes.flat[0].transAxes, ha="center")
    for ax, ind in zip(axes.flat, indices):
        t = targets[targets["index"] == ind]
        p = paths[paths["index"] == ind]
        obs = p[p["path"] == "observed"].drop_duplicates("year").sort_values("year")
        if len(obs):
            ax.plot(obs["year"], obs["value"], marker="o", color=OBS_COLOR, lw=1.2, ms=4)
            for yy, v in zip(obs["year"], obs["value"]):
                ax.annotate(f"{int(v)}", (yy, v), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)
        for r in t.itertuples():
            col = TARGET_COLORS.get(int(r.target_year), "#1f5fa6")
            req = p[(p["target_id"] == r.target_id) & (p["path"] == "required")].sort_values("year")
            if len(req):
                ax.plot(req["year"], req["value"], ls="--", color=col, lw=1.2)
            st = p[(p["target_id"] == r.target_id) & (p["path"] == "straight_line")].sort_values("year")
            if len(st):
                ax.plot(st["year"], st["value"], ls=":", color=STRAIGHT_COLOR, lw=1.2)
            lo = r.value_low if pd.notna(r.value_low) else 1.0
            hi = r.value_high if pd.notna(r.value_high) else 1.0
            ax.fill_between(
                [r.target_year - 0.35, r.target_year + 0.35], lo - 0.5, hi + 0.5, color=col, alpha=0.3, lw=0
            )
        if len(obs) <= 1:
            note = (
                text("chưa có số liệu sau năm gốc", "no observation since the baseline", lang)
                if len(obs)
                else text("không có số liệu (chỉ có mục tiêu)", "no data (the target only)", lang)
            )
            ax.text(
                0.03, 0.04, _wrap(note, 40 if ncols < 3 else 28), transform=ax.transAxes, fontsize=6.5, color="#666666"
            )
        ax.set_title(_wrap(index_label(ind, lang), 44 if ncols < 3 else 30), fontsize=8)
        ax.set_ylim(N_PROVINCES + 1, -4)  # room above rank 1 for its label
        ax.set_yticks([1, 10, 20, 30, 40, 50, N_PROVINCES])
        if ax in axes[:, 0]:
            ax.set_ylabel(text("thứ hạng / 63 (1 = tốt nhất)", "rank of 63 (1 = best)", lang), fontsize=7)
        years = list(p["year"]) + list(t["target_year"].dropna().astype(int))
        ax.set_xlim(min(min(years), max(years) - 5) - 0.7, max(years) + 0.7)
        integer_years(ax.xaxis)
        ax.tick_params(labelsize=7)
        if ncols >= 3:
            ax.tick_params(axis="x", labelrotation=90)
    handles = [
        Line2D([], [], color=OBS_COLOR, marker="o", ms=4, label=text("số liệu / năm gốc", "observed / baseline", lang)),
        Line2D([], [], color=STRAIGHT_COLOR, ls=":", label=text("giữ tốc độ cũ", "past pace carried on", lang)),
    ]
    handles += [
        Line2D(
            [],
            [],
            color=c,
            ls="--",
            label=text(f"đường cần thiết tới {y} (dải = mục tiêu)", f"required path to {y} (band = target)", lang),
        )
        for y, c in TARGET_COLORS.items()
        if (targets["target_year"] == y).any()
    ]
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.01), ncol=2, fontsize=7, frameon=False)
    fig.get_layout_engine().set(rect=(0, 0.08, 1, 0.92))  # (left, bottom, width, height): room for the legend
    return fig


def percentage_targets(gaps: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """Percentage targets, one row per indicator on a common 0–100 axis: the stated baseline
    (with its year), the 2025 and 2030 targets, and the required percentage points a year."""
    g = gaps[gaps["kind"] == "percentage"] if len(gaps) else gaps
    indices = list(dict.fromkeys(g["index"]))
    fig, ax = subplots(1, 1, size="tall" if len(indices) > 6 else "full", lang=lang)
    if not indices:
        ax.text(0.5, 0.5, no_data_label(lang), transform=ax.transAxes, ha="center")
        ax.set_axis_off()
        return fig
    for i, ind in enumerate(indices):
        rows = g[g["index"] == ind]
        sv = rows["start_value"].dropna()
        if len(sv):
            ax.plot([sv.iloc[0]], [i], marker="o", color=OBS_COLOR, ms=5)
        notes = []
        for r in rows.itertuples():
            col = TARGET_COLORS.get(int(r.target_year), "#1f5fa6")
            if pd.notna(r.start_value):
                ax.annotate(
                    "",
                    xy=(r.goal, i),
                    xytext=(r.start_value, i),
                    arrowprops=dict(arrowstyle="-", color=col, lw=1.0, ls="--"),
                )
            if pd.notna(r.goal):
                ax.plot([r.goal], [i], marker="*", ms=10, color=col)
            if pd.notna(r.required_annual_change):
                notes.append(f"{int(r.target_year)}: {r.required_annual_change:+.1f}")
            elif pd.isna(r.start_value):
                notes.append(text("không có năm gốc", "no baseline", lang))
        if notes:
            ax.text(104, i, "\n".join(notes), va="center", fontsize=7, color="#444444")
    ax.set_yticks(range(len(indices)), [_wrap(index_label(ind, lang), 40) for ind in indices], fontsize=6.5)
    ax.set_ylim(len(indices) - 0.5, -0.5)
    ax.set_xlim(-2, 135)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("%")
    ax.set_title(
        _wrap(
            text(
                "Chỉ tiêu tỷ lệ: năm gốc và mục tiêu (bên phải: điểm % cần tăng mỗi năm)",
                "Percentage targets: baseline and targets (right: percentage points needed a year)",
                lang,
            ),
            80,
        ),
        fontsize=9,
    )
    handles = [Line2D([], [], color=OBS_COLOR, marker="o", ls="", label=text("năm gốc", "baseline", lang))]
    handles += [
        Line2D([], [], color=c, marker="*", ms=9, ls="--", label=text(f"mục tiêu {y}", f"{y} target", lang))
        for y, c in TARGET_COLORS.items()
        if (g["target_year"] == y).any()
    ]
    fig.legend(
        handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.01), ncol=len(handles), fontsize=7, frameon=False
    )
    fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig
