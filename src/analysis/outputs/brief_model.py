"""The brief's data model: plain data that :mod:`analysis.outputs.brief` assembles and
:mod:`analysis.outputs.brief_render` writes as HTML and Word (both import it; neither imports the other
back)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import catalog
from analysis.data.catalog import Lang

PRINT_WIDTH_CM = 16.0  # A4 (21 cm) less 2.5 cm margins: every figure is placed at this width
SECTIONS = ("targets", "planner", "standing", "history", "subindices", "peers", "charts", "sources")  # verdicts first
SECTION_TITLES = {
    "standing": ("Vị trí hiện tại", "Standing"),
    "history": ("Điểm và thứ hạng PCI qua các năm", "PCI composite over time"),
    "subindices": ("Mười chỉ số thành phần: xu hướng và dư địa", "The ten sub-indices: trend and leverage"),
    "peers": ("So với các tỉnh trong vùng", "Peers in the region"),
    "targets": ("Mục tiêu của tỉnh", "The province's targets"),
    "planner": ("Cần gì để đạt mục tiêu?", "What would it take?"),
    "charts": ("Biểu đồ chính", "Key charts"),
    "sources": ("Nguồn số liệu", "Sources"),
}


# --------------------------------------------------------------------------- data classes
@dataclass
class BriefTable:
    """A table ready to print: ``frame`` holds display strings (headers in the brief's language)."""

    key: str
    title: str
    frame: pd.DataFrame
    note: str = ""


@dataclass
class BriefFigure:
    key: str
    title: str
    png: Path
    svg: Path
    source: str


@dataclass
class Brief:
    province: catalog.Province
    lang: Lang
    year: int  # the province's latest year with a composite score
    title: str
    summary: list[str]
    tables: dict[str, BriefTable]
    figures: list[BriefFigure]
    sources: list[str]
    out_dir: Path
    data: dict[str, pd.DataFrame] = field(default_factory=dict)  # the unformatted tables

    def section_title(self, key: str) -> str:
        return catalog.text(*SECTION_TITLES[key], self.lang)
