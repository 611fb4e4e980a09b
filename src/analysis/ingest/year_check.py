"""The year of a workbook that does not state it, checked against (or identified by) the press figures.

``PCI_2023_subindices.xlsx`` writes no year anywhere (``../shared/data/SOURCES.md``). Its year comes
from ``--year`` or the file name, and is then *confirmed* by the press figures that quote
sub-indices of that year (Quảng Ninh 2023 time costs 8.54, business support 7.72 …): a
``year_identified`` finding says how. With neither ``--year`` nor a year in the file name, the
year is *identified* as the one press year whose every quoted sub-index the workbook reproduces
within the quoted rounding; no such year (or several) leaves the workbook refused.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.catalog import COMPOSITE
from analysis.ingest.edition_identity import EditionOfAnotherYearError
from analysis.ingest.precedence import tolerance
from analysis.ingest.validate import WORKBOOK_KIND, finding, src
from analysis.ingest.workbooks import (
    LAYOUT_SUBINDICES_ONLY,
    ParsedWorkbook,
    YearUnknownError,
    read_workbook,
    year_in_file_name,
)


def _press_matches(parsed: ParsedWorkbook, press: pd.DataFrame, year: int) -> tuple[list[str], list[str]]:
    """(agreeing, disagreeing) descriptions of the press sub-index scores of ``year`` against the workbook."""
    q = press[(press["year"] == year) & (press["indicator"] != COMPOSITE) & press["score"].notna()]
    rec = parsed.records.set_index(["province_code", "indicator"])["score"]
    ok, bad = [], []
    for r in q.itertuples():
        if (r.province_code, r.indicator) not in rec.index:
            continue
        x = float(rec[(r.province_code, r.indicator)])
        text = f"{r.province} {r.indicator} {x:.4g} (press {r.score:g}, {r.source_file} {r.source_locator})"
        (ok if abs(x - r.score) <= tolerance(np.nan, r.score_decimals) else bad).append(text)
    return ok, bad


def read_with_year_check(
    path: str | Path, press: pd.DataFrame | None, *, year: int | None = None, max_bytes: int | None = None
) -> tuple[ParsedWorkbook, dict | None]:
    """read_workbook, plus the year check of a sub-index-only workbook: (parsed, finding or None)."""
    path = Path(path)
    try:
        parsed = read_workbook(path, year=year, max_bytes=max_bytes)
    except YearUnknownError:
        if press is None or press.empty:
            raise
        hits = []
        for y in sorted(press["year"].unique()):
            p = read_workbook(path, year=int(y), max_bytes=max_bytes)
            ok, bad = _press_matches(p, press, int(y))
            if ok and not bad:
                hits.append((p, ok))
        if len(hits) != 1:
            raise YearUnknownError(
                "no sheet states the PCI year, the file name has none, and the press figures "
                f"{'match no year' if not hits else 'match several years'}; pass --year",
                file=path,
            ) from None
        parsed, ok = hits[0]
        return parsed, finding(
            parsed.year,
            "",
            "",
            "year_identified",
            "info",
            f"{parsed.file} states no year; identified as PCI {parsed.year} because it reproduces "
            f"every press figure of that year: {'; '.join(ok)}",
            src(WORKBOOK_KIND, parsed.file),
        )
    how = "--year" if year is not None else "the file name" if year_in_file_name(path) else "?"
    contradicted_by_press(parsed, press, how)
    return parsed, confirmation(parsed, press, how)


def contradicted_by_press(parsed: ParsedWorkbook, press: pd.DataFrame | None, how: str) -> None:
    """Refuse a sub-index-only workbook labelled PCI Y (by ``how``) that no press figure of Y confirms but that
    reproduces every press figure of another year: the content is that year's, the label is wrong."""
    if parsed.layout != LAYOUT_SUBINDICES_ONLY or press is None or press.empty:
        return
    ok, bad = _press_matches(parsed, press, parsed.year)
    if ok:
        return
    for y in sorted(int(v) for v in press["year"].unique() if int(v) != parsed.year):
        ok2, bad2 = _press_matches(parsed, press, y)
        if ok2 and not bad2:
            raise EditionOfAnotherYearError(
                f"is labelled PCI {parsed.year} ({how}) but reproduces every press figure of PCI {y} "
                f"({'; '.join(ok2[:3])}{' …' if len(ok2) > 3 else ''}) and "
                + (
                    f"contradicts those of PCI {parsed.year} ({'; '.join(bad[:3])})"
                    if bad
                    else f"no press figure of PCI {parsed.year}"
                )
                + "; refused whatever its name or --year",
                file=parsed.file,
            )


def confirmation(parsed: ParsedWorkbook, press: pd.DataFrame | None, how: str = "the file name") -> dict | None:
    """The ``year_identified`` finding of a sub-index-only workbook whose year came from ``how``."""
    if parsed.layout != LAYOUT_SUBINDICES_ONLY:
        return None
    ok, bad = _press_matches(parsed, press, parsed.year) if press is not None else ([], [])
    if bad:
        return finding(
            parsed.year,
            "",
            "",
            "year_identified",
            "warning",
            f"{parsed.file} states no year; PCI {parsed.year} from {how}, but press figures of "
            f"that year disagree: {'; '.join(bad)}",
            src(WORKBOOK_KIND, parsed.file),
        )
    detail = f"{parsed.file} states no year; PCI {parsed.year} from {how}" + (
        f", confirmed by the press figures: {'; '.join(ok)}" if ok else "; no press figure of that year to confirm it"
    )
    return finding(parsed.year, "", "", "year_identified", "info", detail, src(WORKBOOK_KIND, parsed.file))
