"""Vietnam PCI toolkit: tidy data with provenance, analyses and report charts.

The public API (stable; notebooks and users rely on it)::

    import analysis
    panel = analysis.load_pci()            # every province × year × indicator, with sources
    targets = analysis.load_targets()      # the seed documents' targets and baselines
    ledger = analysis.target_ledger(targets, panel=panel)   # every target with its status
    analysis.resolve_province("TT-Huế")    # any spelling -> the catalogue province
    proj = analysis.project(panel, method="default", draws=10_000, seed=0)  # the backtest's choice
    analysis.save_figure(fig, "name", source="VCCI PCI 2018 (PCI_2018.xlsx)")

Modules: ``ingest/`` (the import side: the only reader of ../shared and the only writer of data/),
catalog and maps (names, weights, provinces, the 2025 map), loaders (read data/), the analyses
(overview, coverage, trends, compare, project, backtesting, reachability, ledger, admin_reform,
brief, explorer), ``narrative/`` (the notebooks' generated prose), ``charts/`` (figures) with
style (house style, save_figure), and the report tools (report, parameters, pages, prose, tables,
excel).
"""

from __future__ import annotations

import os as _os

# openpyxl prefers lxml whenever it is installed (python-docx brings it) and then bypasses
# defusedxml; the workbooks we read are untrusted input, so openpyxl must parse through defusedxml.
# Set before openpyxl is first imported (it reads the flag once).
_os.environ.setdefault("OPENPYXL_LXML", "False")

from analysis.analyses.backtesting import choose_default_method
from analysis.analyses.backtesting import rolling_backtest as backtest
from analysis.analyses.ledger import target_ledger
from analysis.analyses.project import (
    METHODS,
    MethodologyBreakError,
    Projection,
    default_method,
    estimation_window,
    evaluate_targets,
    project,
    required_pace,
)
from analysis.core.numbers import parse_number
from analysis.data.catalog import (
    COMPOSITE,
    INDICATORS,
    METHODOLOGY_BREAKS,
    SUBINDICES,
    Province,
    UnknownProvinceError,
    indicator_label,
    load_provinces,
    load_source_kinds,
    load_subindices,
    load_weights,
    methodology_breaks,
    methodology_period,
    recompute_composite,
    weights_for_year,
)
from analysis.data.loaders import (
    load_admin_reform,
    load_papi,
    load_papi_agreement,
    load_papi_dimensions,
    load_papi_totals,
    load_par_index,
    load_pci,
    load_seed_pci,
    load_source_agreement,
    load_source_comparisons,
    load_sources,
    load_targets,
    load_validation_findings,
)
from analysis.data.maps import ProvinceMaps, convert_rank_band, load_pci_34, panel_on_map, resolve_province
from analysis.outputs.tables import save_table


def __getattr__(name: str):
    """``analysis.save_figure`` and ``analysis.use_house_style``, imported on first use (PEP 562).

    They live in :mod:`analysis.outputs.style`, which imports matplotlib's pyplot (about 0.4 s): the
    commands that draw nothing (``validate``, ``import-*``, ``backtest``) start without it.
    """
    if name in ("save_figure", "use_house_style"):
        from analysis.outputs import style

        return getattr(style, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "save_figure", "use_house_style"})


__all__ = [
    "COMPOSITE",
    "INDICATORS",
    "METHODOLOGY_BREAKS",
    "METHODS",
    "SUBINDICES",
    "MethodologyBreakError",
    "Province",
    "Projection",
    "UnknownProvinceError",
    "backtest",
    "choose_default_method",
    "default_method",
    "estimation_window",
    "evaluate_targets",
    "indicator_label",
    "load_admin_reform",
    "load_papi",
    "load_papi_agreement",
    "load_papi_dimensions",
    "load_papi_totals",
    "load_par_index",
    "load_pci",
    "load_provinces",
    "load_seed_pci",
    "load_source_agreement",
    "load_source_comparisons",
    "load_source_kinds",
    "load_sources",
    "load_subindices",
    "load_targets",
    "load_validation_findings",
    "load_weights",
    "methodology_breaks",
    "methodology_period",
    "parse_number",
    "project",
    "recompute_composite",
    "required_pace",
    "resolve_province",
    "save_figure",
    "save_table",
    "target_ledger",
    "use_house_style",
    "weights_for_year",
    "ProvinceMaps",
    "convert_rank_band",
    "load_pci_34",
    "panel_on_map",
]
__version__ = "0.1.0"
