"""The researcher's Stata panel of PCI composites (``pci_composite_panel_2016_2022.dta``).

63 provinces × 2016–2022, composite only (variable ``pci``, stored as float32 and published to two
decimals), provinces as short codes (``LCHAU``, ``ĐBIEN``, ``HCM`` …) mapped to GSO codes by
``catalog_data/research_panel_codes.csv``. Kind ``research_panel``; locator = variable and
observation (1-based, as Stata's ``list in N``). Ranks are not in the file: they are computed from
the scores of each complete year (``rank_kind = computed from scores``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.data import catalog
from analysis.ingest.pci_common import (
    RANK_PUBLISHED,
    SourceRefused,
    add_computed_ranks,
    candidates_frame,
    check_score,
    check_year,
    methodology,
)

KIND = "research_panel"
CODES = paths.package_dir() / "catalog_data" / "research_panel_codes.csv"
FLOAT32_SLACK = 5e-6  # a float32 holding a 2-decimal value is within this of it


def load_codes() -> pd.DataFrame:
    """Short code -> GSO province code (``catalog_data/research_panel_codes.csv``)."""
    return pd.read_csv(CODES, dtype=str, keep_default_na=False)


def published_decimals(x: float, most: int = 6) -> int:
    """Fewest decimals d with |x − round(x, d)| within float32 slack: 61.220001 -> 2."""
    for d in range(most + 1):
        if abs(x - round(x, d)) <= FLOAT32_SLACK * max(1.0, abs(x)) / 10:
            return d
    return most


def _check_id(raw, code: str, want: str, by_id: dict[str, str], path: Path, where: str) -> None:
    """Both identifiers of an observation must agree with the catalogue: its numeric ``id`` is the one
    ``catalog_data/research_panel_codes.csv`` gives its ``name``; otherwise the observation is refused, named."""
    try:
        got = str(int(raw)) if not pd.isna(raw) and float(raw) == int(raw) else None
    except (TypeError, ValueError):
        got = None
    if got == want:
        return
    other = by_id.get(got or "")
    said = (
        f"id {raw!r} is not a province id"
        if got is None
        else f"id {got} is unknown"
        if other is None
        else f"id {got} is {other}'s"
    )
    raise SourceRefused(
        f"variable 'id' and variable 'name' disagree: name {code!r} has id {want} in "
        f"catalog_data/research_panel_codes.csv, but {said}; refused (both identifiers must agree)",
        file=path,
        where=where,
    )


def read_research_panel(path: str | Path, order: int = 0) -> pd.DataFrame:
    """Candidate rows from the Stata panel; refuses an unknown province code with file and observation."""
    path = Path(path)
    if not path.is_file():
        raise SourceRefused("file not found", file=path)
    try:
        df = pd.read_stata(path, convert_categoricals=False)
    except Exception as exc:  # noqa: BLE001 — any reader failure is a refusal naming the file
        raise SourceRefused(f"not a readable Stata file ({type(exc).__name__}: {exc})", file=path) from None
    for col in ("name", "id", "year", "pci"):
        if col not in df.columns:
            raise SourceRefused(
                f"variable {col!r} missing (variables: {', '.join(map(str, df.columns[:12]))})", file=path
            )
    codes = load_codes().set_index("code")
    rows = []
    by_id = dict(zip(codes["id"], codes.index))
    # code -> (id, province code) as a dict: one lookup per observation instead of two .loc
    row_of = dict(zip(codes.index, zip(codes["id"], codes["province_code"]))) if codes.index.is_unique else None
    for i, r in enumerate(df[["name", "id", "year", "pci"]].itertuples(index=False)):
        where = f"observation {i + 1}"
        code = str(r.name).strip()
        if code not in (codes.index if row_of is None else row_of):
            raise SourceRefused(
                f"unknown province code {code!r} in variable 'name' (known codes: "
                "catalog_data/research_panel_codes.csv)",
                file=path,
                where=where,
            )
        _check_id(r.id, code, codes.loc[code, "id"] if row_of is None else row_of[code][0], by_id, path, where)
        year = check_year(r.year, path, where)
        if pd.isna(r.pci):
            continue  # missing is missing: no row
        raw = float(r.pci)
        d = published_decimals(raw)
        score = check_score(round(raw, d), "pci", path, f"{where} (variable 'pci')")
        pcode = codes.loc[code, "province_code"] if row_of is None else row_of[code][1]
        rows.append(
            dict(
                year=year,
                province=catalog.province_by_code(pcode).name,
                province_code=pcode,
                indicator="pci",
                score=score,
                rank=pd.NA,
                rank_kind="",
                tier="",
                source_kind=KIND,
                source_file=path.name,
                source_locator=f"variable pci, observation {i + 1}",
                source_url="",
                rank_locator="",
                methodology=methodology(year),
                score_decimals=d,
                order=order,
            )
        )
    out = candidates_frame(rows)
    dup = out[out.duplicated(["year", "province_code"], keep=False)]
    if len(dup):
        r = dup.iloc[1]
        raise SourceRefused(
            f"{r['province']} {r['year']} appears more than once", file=path, where=r["source_locator"].split(", ")[1]
        )
    out = add_computed_ranks(out, locator="computed from variable pci (all 63 provinces of the year)")
    assert not (out["rank_kind"] == RANK_PUBLISHED).any()
    return out.reset_index(drop=True)
