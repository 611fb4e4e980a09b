"""Shared pieces of the PAPI readers: Excel-style locations, the refusal error, the output columns."""

from __future__ import annotations

import os
from pathlib import Path

from analysis.ingest.workbooks import WorkbookError, cell_ref, column_letter  # noqa: F401  (column_letter: re-exported)

# structured provenance of every PAPI row (replaces the free-text ``source`` column)
PROVENANCE = ["source_kind", "source_file", "source_locator", "source_url"]
OFFICIAL = "official_workbook"
RESEARCH = "research_panel"
DERIVED = "derived"
TOTAL_UNWEIGHTED = "papi_total_unweighted"
TOTAL_WEIGHTED = "papi_total_weighted"
RANK_COMPUTED = "computed from scores"
# agreement "within published rounding": PAPI scores are published to two decimals
TOLERANCE = 0.005

# the eight PAPI dimensions in publication order (codes as in papi.csv)
DIMENSION_ORDER = [
    "participation_at_local_levels",
    "transparency",
    "vertical_accountability",
    "control_of_corruption",
    "public_administrative_procedures",
    "public_service_delivery",
    "environmental_governance",
    "e_governance",
]


def cell(row: int, col: int) -> str:
    """0-based (row, column) -> Excel cell name ('E3'); the workbook readers' own helper."""
    return cell_ref(row, col)


def sheet_cell(sheet: str, row: int, col: int) -> str:
    """ "sheet '2011_PAPI', cell E3" (Excel terms, 1-based rows, lettered columns)."""
    return f"sheet '{sheet}', cell {cell(row, col)}"


class PapiSourceError(WorkbookError):
    """A PAPI input refused; the message names the file and the place in Excel / CSV terms."""

    def __init__(self, message: str, *, file: str | os.PathLike, where: str = ""):
        super().__init__(message, file=file)
        name = Path(file).name
        self.where = where
        self.args = (f"{name}, {where}: {message}" if where else f"{name}: {message}",)

    def __str__(self) -> str:
        return self.args[0]


def located(cls: type[WorkbookError], message: str, file: str | os.PathLike, where: str, **kw) -> WorkbookError:
    """An error of the reader's class whose message says file and place in Excel terms.

    ``located(ScoreOutOfRangeError, "…", path, "sheet '2011_PAPI', cell D3")`` ->
    "PAPI_2011-2019.xlsx, sheet '2011_PAPI', cell D3: …".
    """
    exc = cls(message, file=file, **kw)
    exc.args = (f"{Path(file).name}, {where}: {message}",)
    exc.where = where
    return exc
