"""Missing is missing: a PAPI value outside the published scale of its measure is not a score.

The PAPI sources write 0.0 where a province has no result: ``PAPI_2011-2019.xlsx`` sheet ``2014_PAPI`` cells
AF17 and AF58 (Bắc Giang, Đồng Tháp: totals summed over blank cells) and ``PAPI-2015-2023.xlsm`` sheet
``2022`` columns R and U (Bắc Giang, Bắc Ninh: dimensions and totals of 0.0 on scales the sheet itself labels
1–10 and 10–80, column C). Such a value is dropped before any source is preferred or ranked — the cell is
stored as missing, never as 0 and never ranked — and one finding per province, year and file names the cells.
The scales are the ranges declared in ``table_schema.toml`` (the schema :mod:`.validate` checks the committed
tables against), so the importer and the validation read one definition.
"""

from __future__ import annotations

import pandas as pd

from analysis.ingest.table_schema import outside_scale
from analysis.ingest.validate import finding, src

RULE = "papi_out_of_scale"


def drop_out_of_scale(df: pd.DataFrame, table: str, code_col: str = "dimension") -> tuple[pd.DataFrame, list[dict]]:
    """(``df`` without its rows whose score lies outside the published scale of ``table``, one finding per
    province × year × file naming the cells)."""
    if df is None or df.empty:
        return df, []
    bad = outside_scale(df, table)
    if not bad:
        return df, []
    scale = {i: r for i, r in bad}
    hit = df.loc[list(scale)]
    notes = []
    for (year, prov, kind, file), g in hit.groupby(["year", "province", "source_kind", "source_file"], sort=True):
        cells = "; ".join(f"{r.source_locator} ({getattr(r, code_col)}) = {r.score:g}" for r in g.itertuples())
        ranges = sorted({f"{scale[i].describe()} ({scale[i].scale})" for i in g.index})
        notes.append(
            finding(
                int(year),
                prov,
                "",
                RULE,
                "warning",
                f"{len(g)} value(s) outside the published scale, stored as missing (no score, not 0, "
                f"not ranked): {cells}; scale {' | '.join(ranges)}",
                src(kind, file, str(g["source_locator"].iloc[0])),
            )
        )
    return df.drop(index=list(scale)), notes
