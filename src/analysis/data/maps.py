"""The two province maps: 63 provinces until 30 June 2025, 34 units from 1 July 2025.

Source: ``../shared/data/provinces/province_merger_2025.csv`` (Resolution 202/2025/QH15 of the
National Assembly, in force 1 July 2025; one line per province before the change, the unit it
went into, unchanged/merged and the source URLs). :func:`analysis.ingest.map34.build_units` turns it
into the tidy membership table ``data/province_units_2025.csv`` (written by ``import-all``); the raw
file is never copied. This module reads that table (and never writes ``data/``).

**Unit codes.** The merger CSV has no codes for the new units, and no official list of 2025 unit
codes is in ``../shared``. An unchanged unit keeps its GSO code (same territory, so its series
continues: Lai Châu stays ``12``; Thừa Thiên Huế, renamed Huế, stays ``46``). A merged unit gets
``"M"`` + the GSO code of the member whose name it took (the new Phú Thọ = Phú Thọ ``25`` + Vĩnh
Phúc ``26`` + Hòa Bình ``17`` is ``M25``): never equal to an old code, so a 2025 value of the new
Phú Thọ can never extend the old Phú Thọ's series, and the code says which old code to look
at.

**Which map.** An edition's year decides: PCI editions up to 2024 rank the 63 provinces, editions
from 2025 the 34 units (``catalog_data/province_maps.csv``). :meth:`ProvinceMaps.resolve`
(:func:`resolve_province` ``(name, year=...)``) resolves a name on the map of that year.

**Regions of the new units.** The GSO socio-economic region of the member whose name the unit
took (from ``gso_covariates.xlsx`` sheet ``2006``, as for the 63 provinces); the members' own
regions stay in the table (``region``), so a unit whose members span two regions is visible
(:meth:`ProvinceMaps.units_frame`, column ``members_regions``).

**Comparable history.** :func:`build_panel_34` aggregates each merged unit's composite and
sub-indices from its members, for every year in which all its members are observed, weighted by
the members' 2016 population (:func:`analysis.ingest.map34.read_population`; ``gso_covariates.xlsx`` sheet ``2016``,
column C ``pop_2016``, thousand persons — the file has no count of firms, the natural weight for
a business survey; population is the best available size measure in ``../shared``), and marks
those rows ``source_kind = "aggregated"``. Unchanged units keep their own series. Ranks are
recomputed among the 34 per year and indicator (only when all 34 have a value).
:func:`analysis.analyses.standing34.compare_weightings` shows how much equal weights would change those ranks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.core import paths
from analysis.core.ranking import rank_desc_by  # the one ranking rule (ties share the best rank), per group
from analysis.data import catalog
from analysis.data.catalog import (
    COMPOSITE,
    INDICATORS,
    Province,
    UnknownProvinceError,
)
from analysis.data.loaders import PANEL_COLUMNS

# a rank target on both scales (:func:`targets_on_both_scales`): the 63-province band, its percentiles, the
# equivalent band among the 34 units and the scale its verdict is read on
SCALE_COLUMNS = ["rank_lo_63", "rank_hi_63", "pct_lo", "pct_hi", "rank_lo_34", "rank_hi_34", "verdict_scale"]
# one year's cross-section of units (:func:`analysis.analyses.compare.cross_section` and the 34-unit one here)
CROSS_SECTION_COLUMNS = [
    "year",
    "province",
    "province_code",
    "region",
    "region_en",
    "indicator",
    "score",
    "rank",
    "n",
    "percentile",
    "tier",
]

MapName = Literal["63", "34"]

MERGER_FILE = "province_merger_2025.csv"
UNITS_TABLE = "province_units_2025.csv"
PANEL_34_TABLE = "pci_panel_34.csv"
POPULATION_FILE = "gso_covariates.xlsx"
POPULATION_SHEET = "2016"
POPULATION_HEADER = "pop_2016"  # cell C1; thousand persons (GSO statistical yearbook extract)
WEIGHT_BASIS = "population 2016 (thousand persons)"
EQUAL_BASIS = "equal"
OWN_SERIES = "own series"
AGGREGATED = "aggregated"
FIRST_AGGREGATED_YEAR = 2009  # the 63-province map starts with the 2009 edition (Hà Tây merged in 2008)
MERGED_PREFIX = "M"

UNIT_COLUMNS = [
    "province_code",
    "province",
    "region",
    "region_en",
    "unit_code",
    "unit",
    "unit_ascii",
    "unit_kind",
    "change",
    "renamed",
    "namesake",
    "unit_region",
    "unit_region_en",
    "weight",
    "weight_share",
    "weight_basis",
    "weight_file",
    "weight_locator",
    "source_file",
    "source_line",
    "source_url",
]
# the panel's columns (analysis.data.loaders.PANEL_COLUMNS) and what the 34-unit map adds
PANEL_34_COLUMNS = [*PANEL_COLUMNS, "map", "n_members", "weight_basis"]


class MapError(ValueError):
    """The merger list or an edition that does not fit the map of its year."""


class NotOnMapError(UnknownProvinceError):
    """A name that was a province on one map but is not a unit on the map of the year asked."""

    def __init__(self, message: str, name: str):
        self.name = name
        self.suggestions = []
        KeyError.__init__(self, message)


def is_unit_code(code: str) -> bool:
    """A code of a merged 2025 unit: 'M' + the two-digit GSO code of its namesake member ('M25')."""
    code = str(code)
    return len(code) == 3 and code.startswith(MERGED_PREFIX) and code[1:].isdigit()


# --------------------------------------------------------------------------- which map when
@lru_cache(maxsize=1)
def load_map_periods() -> pd.DataFrame:
    """The two maps, the PCI editions each covers and its source (``catalog_data/province_maps.csv``)."""
    return pd.read_csv(paths.package_dir() / "catalog_data" / "province_maps.csv", dtype={"map": str})


@lru_cache(maxsize=1)
def change_year() -> int:
    """The first PCI edition on the 34-unit map (2025); read once, like the table it comes from (the importer's
    summary asks it for every row of the panel)."""
    m = load_map_periods()
    return int(m.loc[m["map"] == "34", "first_year"].iloc[0])


def map_for_year(year: int) -> MapName:
    """'63' for editions up to 2024, '34' from 2025."""
    return "34" if int(year) >= change_year() else "63"


# --------------------------------------------------------------------------- the catalogue object
@dataclass(frozen=True, eq=False)
class ProvinceMaps:
    """Both maps: the membership table (``province_units_2025.csv``) and the 63-province catalogue.

    Pass it around instead of relying on ``PCI_DATA_DIR``; reading never writes.
    """

    units: pd.DataFrame

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> ProvinceMaps:
        d = Path(data_dir) if data_dir is not None else paths.data_dir()
        p = d / UNITS_TABLE
        if not p.exists():
            raise FileNotFoundError(
                f"{p} is missing; build it with `python -m analysis import-all` "
                "(or `python -m analysis build-map34`), which need ../shared"
            )
        return cls(_read_units(str(p), p.stat().st_mtime_ns))

    # ---- lookups
    def unit_of(self, province_code: str) -> Province:
        """The 2025 unit an old province (GSO code) belongs to."""
        r = self.units[self.units["province_code"] == str(province_code).zfill(2)]
        if r.empty:
            raise UnknownProvinceError(f"code {province_code} (not a province of the 63-unit map)", [])
        return self._unit(r.iloc[0])

    def unit(self, unit_code: str) -> Province:
        r = self.units[self.units["unit_code"] == str(unit_code)]
        if r.empty:
            raise UnknownProvinceError(f"unit code {unit_code}", [])
        return self._unit(r.iloc[0])

    def members(self, unit_code: str) -> list[Province]:
        """The old provinces forming a unit, in GSO-code order."""
        r = self.units[self.units["unit_code"] == str(unit_code)]
        return [catalog.province_by_code(c) for c in r["province_code"]]

    def units_frame(self) -> pd.DataFrame:
        """One row per unit: code, name, kind, change, region (of its namesake), members and their regions."""
        g = self.units.groupby("unit_code", sort=False)
        out = g.agg(
            unit=("unit", "first"),
            unit_ascii=("unit_ascii", "first"),
            unit_kind=("unit_kind", "first"),
            change=("change", "first"),
            unit_region=("unit_region", "first"),
            unit_region_en=("unit_region_en", "first"),
            n_members=("province_code", "size"),
            members=("province", lambda s: ", ".join(s)),
            members_regions=("region", lambda s: ", ".join(dict.fromkeys(s))),
        )
        return out.reset_index()

    @staticmethod
    def _unit(r) -> Province:
        return Province(r["unit_code"], r["unit"], r["unit_ascii"], r["unit_region"], r["unit_region_en"])

    def resolve(self, name: str, year: int | None = None) -> Province:
        """The province (to 2024) or unit (from 2025) a name stands for in ``year``'s edition.

        ``year=None``: the 63-province map (the historical catalogue). From 2025, a province
        absorbed into another unit raises :class:`NotOnMapError` saying where it went.
        """
        old = catalog.resolve_province(name)
        if year is None or map_for_year(year) == "63":
            return old
        r = self.units[self.units["province_code"] == old.code]
        if r.empty:
            raise NotOnMapError(
                f"{name!r} ({old.name}) is not a unit of the 34-unit map of {year}: "
                f"it was last a separate province before 2009",
                str(name),
            )
        r = r.iloc[0]
        if r["change"] == "merged" and not r["namesake"]:
            raise NotOnMapError(
                f"{name!r} is not a unit of the 34-unit map of {year}: {old.name} became part of {r['unit']} "
                f"on 1 July 2025 ({r['source_file']} line {r['source_line']})",
                str(name),
            )
        return self._unit(r)

    # ---- editions
    def misfits(self, codes: Iterable[str], year: int) -> list[str]:
        """Codes of ``year``'s edition that are not units of that year's map (the 63-map codes for 2025+, and
        the 34-map unit codes ``M..`` before 2025)."""
        codes = [str(c) for c in codes]
        if map_for_year(year) == "63":
            return [c for c in codes if c.startswith(MERGED_PREFIX)]
        absorbed = set(self.units.loc[(self.units["change"] == "merged") & ~self.units["namesake"], "province_code"])
        return [c for c in codes if c in absorbed]


def resolve_province(name: str, year: int | None = None, *, maps: ProvinceMaps | None = None) -> Province:
    """The province a spelling stands for in ``year``'s edition (:func:`analysis.data.catalog.resolve_province`
    without ``year``).

    From 2025 (the 34-unit map of Resolution 202/2025/QH15) the name resolves to the 2025 unit
    (``resolve_province("Phú Thọ", year=2025).code == "M25"``, the merged unit; for 2023 it is the old
    province ``"25"``); ``maps``: a :class:`ProvinceMaps` to use instead of the one in ``data/``.
    """
    if year is not None and map_for_year(year) == "34":
        return (maps if maps is not None else default_maps()).resolve(name, year)
    return catalog.resolve_province(name)


@lru_cache(maxsize=4)
def _read_units(path: str, mtime: int) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"province_code": str, "unit_code": str}, keep_default_na=False, na_values=[""])
    for c in ("namesake", "renamed"):
        df[c] = df[c].astype(str).str.lower().eq("true")
    return df


def default_maps() -> ProvinceMaps:
    """The maps of ``data/`` (``paths.data_dir()``)."""
    return ProvinceMaps.load()


# --------------------------------------------------------------------------- the 34-unit history


def _one_value_each(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per province × year × indicator: the highest-precedence source kind wins."""
    df = panel.copy()
    if "source_kind" in df.columns:
        order = {k: i for i, k in enumerate(catalog.source_precedence())}
        df["_p"] = df["source_kind"].map(order).fillna(len(order))
        df = df.sort_values("_p", kind="stable").drop(columns="_p")
    return df.drop_duplicates(["year", "province_code", "indicator"], keep="first")


def _col(df: pd.DataFrame, name: str, default="") -> pd.Series:
    return df[name] if name in df.columns else pd.Series(default, index=df.index)


def build_panel_34(
    panel: pd.DataFrame,
    maps: ProvinceMaps | None = None,
    weights: str = "population",
    first_year: int = FIRST_AGGREGATED_YEAR,
) -> pd.DataFrame:
    """The PCI history of the 34 units, in the panel's schema (``PANEL_34_COLUMNS``).

    Merged units: the ``weights``-weighted mean (``"population"`` or ``"equal"``) of the members'
    scores, for each year × indicator in which every member has a score (else no row: missing is
    missing), ``source_kind = "aggregated"``. Unchanged units: their own rows. Ranks: among the 34
    (higher score = 1, ties 'min'), only for year × indicator with all 34 present. Years before
    ``first_year`` (2009; earlier editions had Hà Tây) and editions already on the 34-unit map
    (2025 on, kept as they are) are not aggregated.
    """
    if weights not in ("population", "equal"):
        raise ValueError(f"weights must be 'population' or 'equal', not {weights!r}")
    maps = maps if maps is not None else default_maps()
    units = maps.units
    df = _one_value_each(panel[(panel["year"] >= first_year) & (panel["indicator"].isin(INDICATORS))])
    df = df[df["score"].notna()]
    old = df[df["year"] < change_year()]
    new = df[df["year"] >= change_year()]
    u = units.set_index("province_code")
    unchanged = units.loc[units["change"] == "unchanged", "province_code"]
    own = old[old["province_code"].isin(set(unchanged))].copy()
    own["source_file"] = _col(own, "source_file", "")
    own["source_locator"] = _col(own, "source_locator", "") if "source_locator" in own else _col(own, "source", "")
    own["source_url"] = _col(own, "source_url", "")
    own["tier"] = _col(own, "tier", "")
    own["n_members"] = 1
    own["weight_basis"] = OWN_SERIES
    own["province"] = own["province_code"].map(u["unit"])
    # merged units
    merged = units[units["change"] == "merged"]
    m = old.merge(merged[["province_code", "unit_code", "unit", "weight"]], on="province_code", how="inner")
    if weights == "equal":
        m["weight"] = 1.0
    m["wx"] = m["weight"] * m["score"].astype(float)
    size = merged.groupby("unit_code").size().rename("size")
    key = ["year", "unit_code", "unit", "indicator"]
    agg = m.groupby(key).agg(wx=("wx", "sum"), w=("weight", "sum"), n_members=("province_code", "size")).reset_index()
    members: dict[tuple, list[str]] = {}  # the member codes of each group (a Python function per group is slow)
    for k, code in zip(zip(*(m[c].tolist() for c in key)), m["province_code"].tolist()):
        members.setdefault(k, []).append(code)
    agg["codes"] = [", ".join(sorted(members[k], key=int)) for k in zip(*(agg[c].tolist() for c in key))]
    agg = agg.merge(size, left_on="unit_code", right_index=True)
    agg = agg[agg["n_members"] == agg["size"]]
    aggr = pd.DataFrame(
        {
            "year": agg["year"].astype(int),
            "province": agg["unit"],
            "province_code": agg["unit_code"],
            "indicator": agg["indicator"],
            "score": agg["wx"] / agg["w"],
            "tier": "",
            "source_kind": AGGREGATED,
            "source_file": "pci_panel.csv; " + UNITS_TABLE,
            "source_locator": "members " + agg["codes"] + ", " + agg["year"].astype(str) + ", " + agg["indicator"],
            "source_url": "",
            "n_members": agg["n_members"].astype(int),
            "weight_basis": WEIGHT_BASIS if weights == "population" else EQUAL_BASIS,
        }
    )
    # editions already on the 34-unit map
    later = new.copy()
    for c in ("source_file", "source_url", "tier"):
        later[c] = _col(later, c, "")
    later["source_locator"] = _col(later, "source_locator", "") if "source_locator" in later else _col(later, "source")
    later["n_members"] = later["province_code"].map(units.groupby("unit_code").size()).fillna(1).astype(int)
    later["weight_basis"] = OWN_SERIES
    cols = [
        "year",
        "province",
        "province_code",
        "indicator",
        "score",
        "tier",
        "source_kind",
        "source_file",
        "source_locator",
        "source_url",
        "n_members",
        "weight_basis",
    ]
    out = pd.concat([own[cols], aggr[cols], later[cols]], ignore_index=True)
    out["score"] = out["score"].astype(float)
    out["map"] = "34"
    out["methodology"] = [catalog.methodology_period(int(y)) for y in out["year"]]
    out = _rank_among_34(out, later_published=later)
    return out.sort_values(["year", "province_code", "indicator"], key=_sort_key).reset_index(drop=True)[
        PANEL_34_COLUMNS
    ]


def _sort_key(s: pd.Series) -> pd.Series:
    """The sort key of a column of the 34-unit history: :func:`_code_key` for province codes (worked out once per
    code), the values themselves otherwise."""
    return s.map({c: _code_key(c) for c in s.unique()}) if s.name == "province_code" else s


def _code_key(code: str):
    return (int(code[len(MERGED_PREFIX) :]) if code.startswith(MERGED_PREFIX) else int(code)) * 2 + (
        1 if code.startswith(MERGED_PREFIX) else 0
    )


def _rank_among_34(df: pd.DataFrame, later_published: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    n = df.groupby(["year", "indicator"])["province_code"].transform("nunique")
    r = rank_desc_by(df["score"], [df["year"], df["indicator"]]).astype(float)
    full = n == 34
    df["rank"] = pd.array(np.where(full, r, np.nan), dtype="Float64").round().astype("Int64")
    df["rank_kind"] = np.where(full, "computed from scores", "")
    df["rank_locator"] = ""
    # a published rank of an edition on the 34-unit map stays as published
    if len(later_published) and "rank" in later_published:
        pub = later_published[later_published["rank"].notna()].set_index(["year", "province_code", "indicator"])
        key = pd.MultiIndex.from_frame(df[["year", "province_code", "indicator"]])
        hit = key.isin(pub.index)
        if hit.any():
            vals = pub.reindex(key[hit])
            df.loc[hit, "rank"] = pd.array(vals["rank"].to_numpy(), dtype="Int64")
            df.loc[hit, "rank_kind"] = "published"
            df.loc[hit, "rank_locator"] = vals["rank_locator"].to_numpy() if "rank_locator" in vals else ""
    return df


def panel_on_map(panel: pd.DataFrame, map: MapName = "63", maps: ProvinceMaps | None = None) -> pd.DataFrame:
    """The panel on either map: ``"63"`` returns it as is, ``"34"`` the 34-unit history (:func:`build_panel_34`).

    ``analysis.project(panel_on_map(panel, "34"), ...)`` projects the 34 units (ranks out of 34).
    """
    if str(map) == "63":
        return panel
    if str(map) == "34":
        return build_panel_34(panel, maps)
    raise ValueError(f"map must be '63' or '34', not {map!r}")


def load_pci_34(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The committed 34-unit history ``data/pci_panel_34.csv``."""
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    p = d / PANEL_34_TABLE
    if not p.exists():
        raise FileNotFoundError(f"{p} is missing; build it with `python -m analysis build-map34`")
    df = pd.read_csv(p, dtype={"province_code": str}, keep_default_na=False, na_values=[""])
    df["year"] = df["year"].astype(int)
    df["rank"] = pd.array(df["rank"], dtype="Int64")
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].fillna("").astype(str)
    return df


# --------------------------------------------------------------------------- targets on both scales
@dataclass(frozen=True)
class RankBand:
    """Ranks ``lo``–``hi`` out of ``n`` (1 = best) and the share of units they cover, as percentiles."""

    lo: int
    hi: int
    n: int

    @property
    def pct_lo(self) -> float:
        """Percentile of the band's best edge: (lo - 1) / n (0 = the very top)."""
        return (self.lo - 1) / self.n

    @property
    def pct_hi(self) -> float:
        """Percentile of the band's worst edge: hi / n (the compare module's rank / n)."""
        return self.hi / self.n

    def __str__(self) -> str:
        return f"{self.lo}–{self.hi} of {self.n} (percentile {100 * self.pct_lo:.0f}–{100 * self.pct_hi:.0f})"


def convert_rank_band(lo: int, hi: int, n_from: int = 63, n_to: int = 34) -> RankBand:
    """The smallest band out of ``n_to`` covering the share of units that ranks ``lo``–``hi`` of ``n_from`` cover.

    Rank r of n occupies the share ((r - 1) / n, r / n]; the band covers ((lo - 1) / n_from, hi / n_from],
    so the equivalent band is floor((lo - 1) · n_to / n_from) + 1 to ceil(hi · n_to / n_from).
    Converting back widens the band (the scales do not nest); both directions cover the original share.
    """
    lo, hi, n_from, n_to = int(lo), int(hi), int(n_from), int(n_to)
    if not 1 <= lo <= hi <= n_from:
        raise ValueError(f"rank band {lo}–{hi} is not inside 1–{n_from}")
    new_lo = math.floor((lo - 1) * n_to / n_from + 1e-12) + 1
    new_hi = math.ceil(hi * n_to / n_from - 1e-12)
    return RankBand(new_lo, max(new_lo, new_hi), n_to)


def rank_band_scales(lo: int, hi: int, n: int = 63) -> pd.DataFrame:
    """A rank band on both scales: one row for the 63-unit and one for the 34-unit map, with percentiles."""
    other = 34 if n == 63 else 63
    a = RankBand(int(lo), int(hi), int(n))
    b = convert_rank_band(lo, hi, n, other)
    rows = [dict(map=str(x.n), rank_lo=x.lo, rank_hi=x.hi, n=x.n, pct_lo=x.pct_lo, pct_hi=x.pct_hi) for x in (a, b)]
    return pd.DataFrame(rows)


_NATIONAL_RANK_KINDS = catalog.target_kinds(national_rank=True)  # catalog_data/target_kinds.csv


def targets_on_both_scales(targets: pd.DataFrame) -> pd.DataFrame:
    """Every national rank target (kinds rank_band, top_k, keep_first, stated "of 63") on both scales.

    Columns: target_id, province, index, kind, target_year, rank_lo_63, rank_hi_63, pct_lo, pct_hi (the
    share of units the band covers, :class:`RankBand`), rank_lo_34, rank_hi_34 (:func:`convert_rank_band`)
    and ``verdict_scale``: the map of the target year's edition ("34" from 2025: a 2025 target is judged
    among the 34 units, read through the equivalent band). ``keep_first`` is the band 1–1.
    """
    t = targets[targets["kind"].isin(_NATIONAL_RANK_KINDS)].copy()
    rows = []
    for r in t.itertuples():
        lo = 1 if r.kind in ("top_k", "keep_first") or pd.isna(r.value_low) else int(r.value_low)
        hi = 1 if r.kind == "keep_first" else int(r.value_high)
        a, b = RankBand(lo, hi, 63), convert_rank_band(lo, hi, 63, 34)
        rows.append(
            dict(
                target_id=r.target_id,
                province=r.province,
                index=r.index,
                kind=r.kind,
                target_year=int(r.target_year),
                rank_lo_63=a.lo,
                rank_hi_63=a.hi,
                pct_lo=a.pct_lo,
                pct_hi=a.pct_hi,
                rank_lo_34=b.lo,
                rank_hi_34=b.hi,
                verdict_scale=map_for_year(int(r.target_year)),
            )
        )
    return pd.DataFrame(rows, columns=["target_id", "province", "index", "kind", "target_year", *SCALE_COLUMNS])


# --------------------------------------------------------------------------- the 34 units in one year
def cross_section_34(
    panel_34: pd.DataFrame, year: int, maps: ProvinceMaps | None = None, indicator: str = COMPOSITE
) -> pd.DataFrame:
    """Every unit of the 34-unit map in ``year``: score, rank among 34, n, percentile (rank / n), region, kind.

    ``region``: the GSO region of the member whose name the unit took (``unit_region`` of
    ``province_units_2025.csv``); ``members_regions`` lists the members' own regions. Columns follow
    :func:`analysis.analyses.compare.cross_section` (so :func:`analysis.outputs.charts.compare.ranked_dots` draws it)
    plus ``change``, ``members`` and ``members_regions``.
    """
    maps = maps if maps is not None else default_maps()
    g = panel_34[(panel_34["year"] == int(year)) & (panel_34["indicator"] == indicator)].copy()
    if g.empty:
        raise ValueError(f"no {indicator} values of the 34 units in {year}")
    uf = maps.units_frame().rename(
        columns={"unit_code": "province_code", "unit_region": "region", "unit_region_en": "region_en"}
    )
    g = g.merge(
        uf[["province_code", "region", "region_en", "change", "members", "members_regions"]],
        on="province_code",
        how="left",
    )
    g["n"] = pd.array([g["province_code"].nunique()] * len(g), dtype="Int64")
    g["percentile"] = g["rank"].astype("Float64") / g["n"].astype("Float64")
    cols = [*CROSS_SECTION_COLUMNS, "source_kind", "change", "members", "members_regions"]
    return g.sort_values(["rank", "province"])[cols].reset_index(drop=True)
