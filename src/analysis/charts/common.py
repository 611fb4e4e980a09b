"""Pieces every chart shares: methodology-break markers, 'no data' marks, year axes."""
from __future__ import annotations

from matplotlib.axes import Axes

from ..catalog import Lang, methodology_breaks, text
from ..style import integer_years

NO_DATA_VI, NO_DATA_EN = "không có số liệu", "no data"


def no_data_label(lang: Lang = "vi") -> str:
    return text(NO_DATA_VI, NO_DATA_EN, lang)


def mark_breaks(ax: Axes, first_year: int, last_year: int, lang: Lang = "vi", label: bool = True) -> None:
    """Dashed vertical lines at methodology breaks inside the plotted years."""
    for b in methodology_breaks(first_year, last_year):
        ax.axvline(b.year - 0.5, color="#888888", lw=0.8, ls="--", zorder=0)
        if label:
            ax.annotate(str(b.year), xy=(b.year - 0.5, 1), xycoords=("data", "axes fraction"),
                        xytext=(2, -2), textcoords="offset points", fontsize=6, color="#666666", va="top")


def year_axis(ax: Axes) -> None:
    integer_years(ax.xaxis)
