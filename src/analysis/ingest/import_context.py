"""What every import step shares: the catalogue names are resolved against while reading, and the
``sources.csv`` table (one row per file read).

Below :mod:`analysis.ingest.importer`, :mod:`analysis.ingest.sources` and
:mod:`analysis.ingest.papi_build`, which all use both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from analysis.data import catalog

SOURCE_COLUMNS = ["file", "location", "sha256", "role", "year", "layout", "sheets_read", "rows_read", "reader"]


@contextmanager
def catalogue_at(data_dir: Path, provinces: pd.DataFrame | None = None) -> Iterator[catalog.Catalogue]:
    """Resolve province names against ``provinces`` (or ``data_dir/provinces.csv``) while reading.

    During an import the catalogue is the freshly built one (not yet written) or another data
    folder's; it is handed to the readers as an object (:func:`analysis.data.catalog.using`).
    """
    cat = catalog.Catalogue(provinces) if provinces is not None else catalog.Catalogue.from_data(data_dir)
    with catalog.using(cat):
        yield cat


def sources_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    df["year"] = pd.array(df["year"], dtype="Int64")
    df["rows_read"] = pd.array(df["rows_read"], dtype="Int64")
    role_order = {
        "pci workbook": 0,
        "pci workbook (cross-check)": 1,
        "pci official pages": 1.1,
        "pci research panel": 1.2,
        "pci secondary (portals, press)": 1.3,
        "pci press": 1.4,
        "seed document": 2,
        "papi workbook": 3,
        "provinces": 4,
    }
    df = df.assign(_r=df["role"].map(role_order).fillna(9))
    df = df.sort_values(["_r", "year", "file"], kind="mergesort").drop(columns="_r")
    return df.drop_duplicates().reset_index(drop=True)
