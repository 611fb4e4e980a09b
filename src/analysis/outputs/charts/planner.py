"""The planner's chart: the yearly sub-index gains of a plan against the gains provinces achieved.

:func:`plan_gains_chart` takes a :class:`analysis.analyses.planner.Plan` and returns a Figure made
with :func:`analysis.outputs.style.subplots`; saving is the caller's one line (``save_figure``).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from analysis.analyses.planner import Plan
from analysis.data.catalog import Lang, indicator_label, period_label, text
from analysis.outputs.charts.common import wrap_label
from analysis.outputs.style import subplots

HIST_COLOR = "#9bb7d4"
PLAN_COLOR = "#d1495b"
OWN_COLORS = ("#00798c", "#6a3d9a", "#8c6d31")
OWN_MARKERS = ("s", "^", "v")


def plan_gains_chart(plan: Plan, lang: Lang = "vi") -> Figure:
    """One row per sub-index (its weight in the label): the one-year gains of every province-year in
    the plan's methodology period (box: 25-75%, whiskers 5-95%, grey ticks: the largest gain seen),
    the cheapest plan's yearly gain (red diamond; hollow when no province ever gained that much in a
    year) and the province's own written plans as written (other markers; a sub-index that would pass
    10 is capped in the plan's table, not here)."""
    h = plan.history
    codes = (
        [k for k in plan.table("en")["indicator"]] if plan.cheapest is not None else list(h.gains["indicator"].unique())
    )
    fig, ax = subplots(size="tall")
    y = np.arange(len(codes))[::-1]
    data = [h.of(k) for k in codes]
    ax.boxplot(
        data,
        positions=y,
        orientation="horizontal",
        widths=0.5,
        whis=(5, 95),
        showfliers=False,
        patch_artist=True,
        boxprops={"facecolor": HIST_COLOR, "edgecolor": "#4d4d4d", "lw": 0.8},
        medianprops={"color": "#1f1f1f", "lw": 1.0},
        whiskerprops={"color": "#4d4d4d", "lw": 0.8},
        capprops={"color": "#4d4d4d", "lw": 0.8},
    )
    ax.plot(
        [d.max() for d in data],
        y,
        "|",
        color="#7f7f7f",
        ms=9,
        mew=1.2,
        label=text("mức tăng lớn nhất từng có", "largest gain ever shown", lang),
    )
    ax.axvline(0, color="#333333", lw=0.8)
    if plan.cheapest is not None:
        g = plan.cheapest.table.set_index("indicator")
        never = g.loc[codes, "never_achieved"].to_numpy(bool)
        vals = g.loc[codes, "gain_per_year"].to_numpy(float)
        ax.plot(
            vals[~never],
            y[~never],
            "D",
            color=PLAN_COLOR,
            ms=7,
            ls="",
            label=text("phương án ít tốn sức nhất (điểm/năm)", "cheapest plan (points a year)", lang),
        )
        if never.any():
            ax.plot(
                vals[never],
                y[never],
                "D",
                mfc="white",
                mec=PLAN_COLOR,
                ms=7,
                ls="",
                label=text("chưa tỉnh nào đạt trong một năm", "never achieved in a year", lang),
            )
    for j, s in enumerate(plan.scenarios):
        vals = np.array([s.written.get(k, np.nan) for k in codes], float)  # as written (the cap of 10 is in the table)
        ax.plot(
            vals,
            y + 0.22 * (j + 1) / max(1, len(plan.scenarios)),
            OWN_MARKERS[j % 3],
            color=OWN_COLORS[j % 3],
            ms=5,
            ls="",
            label=wrap_label(s.name(lang), 60),
        )
    w = {k: plan.cheapest.table.set_index("indicator").loc[k, "weight"] for k in codes} if plan.cheapest else {}
    ax.set_yticks(y)
    ax.set_yticklabels(
        [wrap_label(indicator_label(k, lang), 22) + (f" ({w[k]:.0%})" if k in w else "") for k in codes], fontsize=7.5
    )
    ax.set_ylim(-0.7, len(codes) - 0.3)
    ax.grid(axis="x", color="#d9d9d9", lw=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(
        wrap_label(
            text(
                f"Mức tăng một năm của chỉ số thành phần (điểm); hộp: mọi tỉnh-năm {h.first_year}–{h.last_year} "
                f"(giai đoạn phương pháp {period_label(h.period, 'vi')}; 25–75%, râu 5–95%); (%): trọng số "
                f"{period_label(plan.weights_period, 'vi')}",
                f"One-year sub-index gain (points); boxes: every province-year {h.first_year}–{h.last_year} "
                f"(methodology period {period_label(h.period, 'en')}; 25–75%, whiskers 5–95%); (%): "
                f"{period_label(plan.weights_period, 'en')} weight",
                lang,
            ),
            80,
        )
    )
    tg = plan.target.words(lang)
    ax.set_title(
        wrap_label(
            text(
                f"{plan.province}: mức tăng mỗi năm để đạt {tg} (xác suất {plan.probability_wanted:.0%}), "
                f"so với mức các tỉnh từng đạt",
                f"{plan.province}: yearly gains to reach {tg} ({plan.probability_wanted:.0%} probability) "
                f"against what provinces achieved",
                lang,
            ),
            56,
        )
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, fontsize=7)
    return fig
