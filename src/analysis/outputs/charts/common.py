"""Pieces every chart shares: methodology-break markers, 'no data' marks, year axes, point labels kept apart."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes

from analysis.data.catalog import Lang, methodology_breaks, source_kind_label, text
from analysis.outputs.style import integer_years

NO_DATA_VI, NO_DATA_EN = "không có số liệu", "no data"


KIND_MARKERS = {
    "official_workbook": "o",
    "official_page": "s",
    "province_document": "D",
    "research_panel": "^",
    "derived": "P",
    "press": "v",
    "aggregated": "X",
}


def kind_markers(
    ax, years, values, kinds, colour: str, lang: Lang, legend: bool = True, sizes: tuple[float, float] = (5, 7)
) -> list[str]:
    """Filled markers for official-workbook values, hollow ones for every other kind (named in the
    legend); ``sizes``: (filled, hollow). Returns the kinds drawn, in order."""

    kinds = pd.Series(list(kinds), index=range(len(kinds))).astype(str)
    years, values = pd.Series(list(years)), pd.Series(list(values), dtype=float)
    drawn = list(dict.fromkeys(k for k, v in zip(kinds, values) if pd.notna(v)))
    for kind in drawn:
        m = (kinds == kind) & values.notna()
        filled = kind == "official_workbook"
        ax.plot(
            years[m],
            values[m],
            KIND_MARKERS.get(kind, "o"),
            ls="",
            color=colour,
            mfc=colour if filled else "white",
            mec=colour,
            ms=sizes[0] if filled else sizes[1],
            label=source_kind_label(kind, lang) if legend else None,
        )
    if legend:
        ax.legend(loc="best", fontsize=7)
    return drawn


def kind_handles(kinds, colour: str, lang: Lang, size: float = 5):
    """Legend entries for the hollow markers of every kind in ``kinds`` other than the official workbook."""
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            marker=KIND_MARKERS.get(k, "o"),
            ls="",
            color=colour,
            mfc="white",
            mec=colour,
            ms=size,
            label=source_kind_label(k, lang),
        )
        for k in dict.fromkeys(kinds)
        if k and k != "official_workbook"
    ]


def no_data_label(lang: Lang = "vi") -> str:
    return text(NO_DATA_VI, NO_DATA_EN, lang)


def missing_runs(years) -> list[list[int]]:
    """Consecutive runs of ``years`` ([2021, 2022, 2024] -> [[2021, 2022], [2024]])."""
    runs: list[list[int]] = []
    for y in sorted(int(v) for v in years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return runs


def mark_no_data(
    ax: Axes,
    years,
    lang: Lang = "vi",
    *,
    label: str | None = None,
    y: float = 0.04,
    va: str = "bottom",
    fontsize: float = 5.5,
) -> None:
    """Years without a value: a light band over each run of them and one label per run ("no data"), on the
    year of the run furthest from a methodology-break line, so labels never stack on each other or on a break."""
    if not len(years):
        return
    breaks = [b.year - 0.5 for b in methodology_breaks(int(min(years)) - 1, int(max(years)) + 1)]
    for run in missing_runs(years):
        ax.axvspan(run[0] - 0.5, run[-1] + 0.5, color="#f2f2f2", lw=0, zorder=0)
        at = max(run, key=lambda yr: (min([abs(yr - b) for b in breaks] or [1.0]), -yr))
        ax.annotate(
            label or no_data_label(lang),
            (at, y),
            xycoords=("data", "axes fraction"),
            ha="center",
            va=va,
            rotation=90,
            fontsize=fontsize,
            color="#888888",
        )


def mark_breaks(ax: Axes, first_year: int, last_year: int, lang: Lang = "vi", label: bool = True) -> None:
    """Dashed vertical lines at methodology breaks inside the plotted years.

    Breaks closer than three years apart (2022 weights, 2023 top-30 publication, the 2025 map)
    get their labels on successive rows so that they never overlap.
    """
    prev, row = None, 0
    for b in methodology_breaks(first_year, last_year):
        ax.axvline(b.year - 0.5, color="#888888", lw=0.8, ls="--", zorder=0)
        if label:
            row = row + 1 if prev is not None and b.year - prev < 3 else 0
            prev = b.year
            ax.annotate(
                str(b.year),
                xy=(b.year - 0.5, 1),
                xycoords=("data", "axes fraction"),
                xytext=(2, -2 - 8 * row),
                textcoords="offset points",
                fontsize=6,
                color="#666666",
                va="top",
            )


def wrap_label(label: str, width: int) -> str:
    """``label`` broken into lines of at most ``width`` characters (at spaces; existing line breaks kept)."""
    return "\n".join(
        textwrap.fill(part, width, break_long_words=False, break_on_hyphens=False) if part else part
        for part in str(label).split("\n")
    )


def year_axis(ax: Axes) -> None:
    integer_years(ax.xaxis)


_OFFSETS = [
    (4, 3, "left", "bottom"),
    (4, -3, "left", "top"),
    (-4, 3, "right", "bottom"),
    (-4, -3, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
]


def place_point_labels(ax, labels, *, pad: float = 2.0, **text_kw) -> list:
    """Label points without two labels on top of each other or a label leaving the axes.

    ``labels``: (text, (x, y) in data coordinates, colour). Each label takes the first of eight
    positions around its point (offsets in points, so they survive a later re-layout) that keeps
    ``pad`` points clear of the labels already placed and inside the axes; labels further down
    the list are pushed further out, in steps, with a thin leader line. Deterministic.
    """
    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    placed, out = [], []
    pad_px = pad * ax.figure.dpi / 72
    for txt, xy, colour in labels:
        best = None
        for step in range(6):
            for dx, dy, ha, va in _OFFSETS:
                k = 1 + 2 * step
                ann = ax.annotate(
                    txt, xy, xytext=(dx * k, dy * k), textcoords="offset points", ha=ha, va=va, color=colour, **text_kw
                )
                box = ann.get_window_extent(renderer).padded(pad_px)
                ok = (
                    inside.x0 <= box.x0
                    and box.x1 <= inside.x1
                    and inside.y0 <= box.y0
                    and box.y1 <= inside.y1
                    and not any(box.overlaps(b) for b in placed)
                )
                if ok:
                    best = (ann, box, step)
                    break
                ann.remove()
            if best:
                break
        if best is None:  # nowhere free: keep the first position (the figure check will say so)
            dx, dy, ha, va = _OFFSETS[0]
            ann = ax.annotate(
                txt, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, color=colour, **text_kw
            )
            best = (ann, ann.get_window_extent(renderer), 0)
        ann, box, step = best
        if step > 0:  # pushed away from its point: a thin leader line says which point it names
            ann.remove()
            ann = ax.annotate(
                txt,
                xy,
                xytext=ann.xyann,
                textcoords="offset points",
                ha=ann.get_ha(),
                va=ann.get_va(),
                color=colour,
                **text_kw,
                arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.5, "shrinkA": 0, "shrinkB": 3},
            )
        placed.append(box)
        out.append(ann)
    return out
