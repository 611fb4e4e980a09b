"""``python -m analysis backtest``: run the rolling-origin backtest and write its tables to ``data/``.

The backtest itself is :mod:`analysis.analyses.backtesting` (it computes, never writes); this module
writes ``projection_backtest.csv``, ``projection_skill.csv``, ``projection_default.csv`` (what
``method='default'`` uses) and ``projection_reliability.csv`` with the importer's atomic, locked writer.
"""

from __future__ import annotations

import argparse
import sys
import warnings

import pandas as pd

from analysis.analyses import backtesting
from analysis.analyses.project import DEFAULT_FILE
from analysis.analyses.reachability import papi_panel
from analysis.core import store
from analysis.core.paths import data_dir
from analysis.data.loaders import load_pci


def _csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, float_format="%.6g", lineterminator="\n").encode("utf-8")


def cli_backtest(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="python -m analysis backtest",
        description="rolling-origin backtest of the projection methods; writes "
        "data/projection_backtest.csv, data/projection_skill.csv and "
        f"data/{DEFAULT_FILE} (the choice of method='default')",
    )
    p.add_argument("--draws", type=int, default=1_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-horizon", type=int, default=7)
    p.add_argument("--indicator", default="pci")
    p.add_argument("--papi", action="store_true", help="also back-test the PAPI total (analysis.load_papi)")
    args = p.parse_args(argv)
    horizons = tuple(range(1, args.max_horizon + 1))
    panels = [(args.indicator, load_pci())]
    if args.papi:
        panels.append(("papi", papi_panel()))
    tabs, skills, defaults, rels, periods, conds = [], [], [], [], [], []
    for ind, pan in panels:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t, s, d, r, bp, cb = backtesting.run(
                pan, ind, horizons=horizons, draws=args.draws, seed=args.seed, window="all" if ind == "papi" else None
            )
        tabs.append(t), skills.append(s), defaults.append(d), rels.append(r), periods.append(bp)
        if len(cb):
            conds.append(cb)
        print(
            f"{ind}: {t['origin'].nunique()} origins, {int(t['n'].sum()) // t['method'].nunique()} forecasts per method; "
            f"default {d['method'].iloc[0]} (calibrated: {bool(d['calibrated'].iloc[0])})"
        )
    out = data_dir()
    tables = {
        name: _csv_bytes(pd.concat(frames, ignore_index=True))
        for name, frames in (
            ("projection_backtest.csv", tabs),
            ("projection_skill.csv", skills),
            (DEFAULT_FILE, defaults),
            ("projection_reliability.csv", rels),
            (backtesting.PERIOD_FILE, periods),
            (backtesting.CONDITIONING_FILE, conds or [pd.DataFrame(columns=backtesting.CONDITIONING_COLUMNS)]),
        )
    }
    try:
        with store.data_lock(out):  # the same atomic, locked writer as the importer
            store.write_tables(tables, out)
    except store.ImportLockedError as exc:
        print(f"backtest refused: {exc}", file=sys.stderr)
        return 1
    for name in tables:
        print(f"wrote {out / name}")
    return 0
