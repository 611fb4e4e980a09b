"""Readers for the seed documents' tables under ``data/`` (written by the importer)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import paths
from . import store

SEED_TABLES = {
    "pci": "seed_pci_laichau.csv",
    "par_index": "seed_par_index_laichau.csv",
    "targets": "seed_targets.csv",
    "admin_reform": "seed_admin_reform_laichau.csv",
}


def _read(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    store.settle(d)
    path = d / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; rebuild the tables with `python -m analysis import-all` (needs ../shared)"
        )
    df = pd.read_csv(path, dtype={"province_code": str}, keep_default_na=False, na_values=[""])
    for col in ("rank", "year", "target_year", "baseline_year"):
        if col in df.columns and pd.api.types.is_numeric_dtype(df[col]):
            df[col] = df[col].astype("Int64")
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].fillna("")
    return df


def load_targets(data_dir: Path | None = None) -> pd.DataFrame:
    """Targets and baselines from the seed documents, one row per target (``data/seed_targets.csv``)."""
    return _read(SEED_TABLES["targets"], data_dir)


def load_seed_pci(data_dir: Path | None = None) -> pd.DataFrame:
    """Lai Châu PCI 2016–2020 as transcribed in seed 002, Appendix 03 (before precedence)."""
    df = _read(SEED_TABLES["pci"], data_dir)
    df["year"] = df["year"].astype(int)
    return df


def load_par_index(data_dir: Path | None = None) -> pd.DataFrame:
    """Lai Châu PAR INDEX 2016–2019 and its components (seed 002, Appendix 04)."""
    return _read(SEED_TABLES["par_index"], data_dir)


def load_admin_reform(data_dir: Path | None = None) -> pd.DataFrame:
    """Lai Châu administrative-reform statistics 2016–2020 (seed 002, Appendices 05–11)."""
    return _read(SEED_TABLES["admin_reform"], data_dir)
