"""Charts only the province brief draws (the others come from the notebooks' chart modules)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.data.catalog import Lang, region_label, text
from analysis.outputs.style import subplots

FOCUS_COLOR, OTHER_COLOR = "#c0392b", "#9ab7d3"


def region_bars(region: pd.DataFrame, lang: Lang = "vi") -> Figure:
    """The provinces of one region in one year, best at the top, the focus province in red,
    each bar labelled with its score and national rank.

    ``region``: :func:`analysis.analyses.compare.region_rank` (province, score, national_rank, n,
    region_rank, is_focus, region, year).
    """
    d = region.sort_values(["region_rank", "province"]).reset_index(drop=True)
    year = int(d["year"].iloc[0])
    n = len(d)
    fig, ax = subplots(size="full", lang=lang)
    y = np.arange(n)[::-1]
    colours = [FOCUS_COLOR if f else OTHER_COLOR for f in d["is_focus"]]
    ax.barh(y, d["score"].astype(float), color=colours, height=0.7)
    lo = float(d["score"].min())
    hi = float(d["score"].max())
    pad = max((hi - lo) * 0.15, 1.0)
    ax.set_xlim(max(lo - 3 * pad, 0), hi + 2.2 * pad)
    for yy, (_, r) in zip(y, d.iterrows()):
        of = f"/{int(r['n'])}" if pd.notna(r["n"]) else ""
        ax.annotate(
            f"{r['score']:.2f} · "
            + text(f"hạng {int(r['national_rank'])}{of}", f"rank {int(r['national_rank'])}{of}", lang),
            (float(r["score"]), yy),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            fontweight="bold" if r["is_focus"] else "normal",
        )
    ax.set_yticks(y, [f"{int(rr)}. {p}" for rr, p in zip(d["region_rank"], d["province"])], fontsize=8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(text("Điểm PCI (trục không bắt đầu từ 0)", "PCI composite score (axis does not start at 0)", lang))
    reg = d["region"].iloc[0]
    ax.set_title(
        text(f"{region_label(reg, 'vi')}: điểm PCI {year}", f"{region_label(reg, 'en')}: PCI {year}", lang), fontsize=10
    )
    return fig
