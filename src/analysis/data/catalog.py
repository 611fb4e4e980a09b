"""The one catalogue of names: indicators, sub-index weights, provinces and regions.

Code uses English codes (``entry_costs``, ``79``); Vietnamese and English labels live
here and nowhere else. Sub-index weights come from
``catalog_data/weights.csv`` (source: ``../shared/data/PCI_WORKBOOK_LAYOUTS.md``);
provinces from ``data/provinces.csv``, which ``python -m analysis import-all`` builds
from ``../shared/data/provinces/``.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.core import paths

Lang = Literal["vi", "en", "both"]

COMPOSITE = "pci"
SUBINDICES: tuple[str, ...] = (
    "entry_costs",
    "land_access",
    "transparency",
    "time_costs",
    "informal_charges",
    "policy_bias",
    "proactivity",
    "business_support",
    "labor_training",
    "legal_institutions",
)
INDICATORS: tuple[str, ...] = (COMPOSITE, *SUBINDICES)

_DATA = paths.package_dir() / "catalog_data"


class UnknownProvinceError(KeyError):
    """A province name that no catalogue entry or alias matches."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; closest known names: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown province {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


class UnknownIndicatorError(KeyError):
    def __str__(self) -> str:
        return self.args[0]


# --------------------------------------------------------------------------- indicators
@lru_cache(maxsize=1)
def load_subindices() -> pd.DataFrame:
    """The composite and the ten sub-indices: code, Vietnamese and English names, order."""
    df = pd.read_csv(_DATA / "subindices.csv", dtype={"code": str})
    return df.set_index("code", drop=False).rename_axis(None)


def indicator_label(code: str, lang: Lang = "vi") -> str:
    """'Tính minh bạch' (vi), 'Transparency' (en) or 'Tính minh bạch / Transparency'."""
    tab = load_subindices()
    if code not in tab.index:
        raise UnknownIndicatorError(f"unknown indicator {code!r}; known: {', '.join(INDICATORS)}")
    row = tab.loc[code]
    return _pick(row["name_vi"], row["name_en"], lang)


def _pick(vi: str, en: str, lang: Lang) -> str:
    if lang == "vi":
        return vi
    if lang == "en":
        return en
    if lang == "both":
        return f"{vi} / {en}"
    raise ValueError(f"lang must be 'vi', 'en' or 'both', not {lang!r}")


def text(vi: str, en: str, lang: Lang = "vi") -> str:
    """Pick the label for ``lang`` from a Vietnamese/English pair."""
    return _pick(vi, en, lang)


# --------------------------------------------------------------------------- weights
@lru_cache(maxsize=1)
def load_weights() -> pd.DataFrame:
    """Sub-index weights (percent) by methodology period, with their source."""
    return pd.read_csv(_DATA / "weights.csv", dtype={"period": str})


def weights_for_year(year: int) -> dict[str, float]:
    """Weights (fractions summing to 1) of the sub-indices that entered ``year``'s composite.

    Raises ``ValueError`` for 2005 (own scheme, only approximate weights known) and for
    years before 2005.
    """
    if year < 2006:
        raise ValueError(
            f"PCI {year}: no exact sub-index weights are known (2005 used its own scheme); "
            "the composite cannot be recomputed"
        )
    return dict(_weights_of_year(year))  # a fresh dict each call: callers may change theirs


@lru_cache(maxsize=64)
def _weights_of_year(year: int) -> tuple[tuple[str, float], ...]:
    """:func:`weights_for_year`'s weights as (code, weight) pairs, looked up once per year: the validation of a
    panel asks for every year's weights each time (weights.csv is read once, :func:`load_weights`)."""
    rows = [r for r in _weight_rows() if r["first_year"] <= year and _or_9999(r["last_year"]) >= year]
    if len(rows) != 1:
        raise ValueError(f"no weight period covers {year}")
    row = rows[0]
    out = {c: float(row[c]) / 100 for c in SUBINDICES if pd.notna(row[c])}
    assert abs(sum(out.values()) - 1) < 1e-9, out
    return tuple(out.items())


@lru_cache(maxsize=1)
def _weight_rows() -> tuple[dict, ...]:
    """The rows of ``weights.csv`` as plain records, read once."""
    return tuple(load_weights().to_dict("records"))


def _or_9999(last_year) -> float:
    return 9999 if pd.isna(last_year) else last_year


@lru_cache(maxsize=1)
def _periods() -> tuple[tuple[int, float, str], ...]:
    """(first_year, last_year or inf, period) per row of ``weights.csv``, read once."""
    w = load_weights()
    return tuple(
        (int(f), float(last) if pd.notna(last) else float("inf"), str(p))
        for f, last, p in zip(w["first_year"], w["last_year"], w["period"])
    )


def methodology_period_start(year: int) -> int:
    """The first year of the weights period ``year`` belongs to (2013 for 2018; 2005 for 2005)."""
    if year == 2005:
        return 2005
    hits = [first for first, last, _ in _periods() if first <= year <= last]
    if len(hits) != 1:
        raise ValueError(f"no methodology period covers {year}")
    return hits[0]


def methodology_period(year: int) -> str:
    """'2005', '2006-2008', '2009-2012', '2013-2021' or '2022-' (a code; :func:`period_label` is its words)."""
    return _methodology_period(year)


def period_label(period: str, lang: Lang = "vi") -> str:
    """A methodology period as a reader reads it: '2013–2021'; the open one ('2022-') 'từ 2022' / '2022 onward'."""
    period = str(period)
    if period.endswith("-"):
        return text(f"từ {period[:-1]}", f"{period[:-1]} onward", lang)
    return period.replace("-", "–")


@lru_cache(maxsize=256)
def _methodology_period(year: int) -> str:
    """:func:`methodology_period`, looked up once per year (the importer asks it of every panel row)."""
    if year == 2005:
        return "2005"
    hits = [p for first, last, p in _periods() if first <= year <= last]
    if len(hits) != 1:
        raise ValueError(f"no methodology period covers {year}")
    return hits[0]


def recompute_composite(subindex_scores: Mapping[str, float] | pd.DataFrame, year: int):
    """The composite implied by the sub-indices and ``year``'s weights (0-100 scale).

    ``subindex_scores``: a mapping code -> score, or a wide DataFrame with one column per
    sub-index code. A missing sub-index that carries weight gives NaN, never a silent 0.
    """
    weights = weights_for_year(year)
    if isinstance(subindex_scores, pd.DataFrame):
        missing = [c for c in weights if c not in subindex_scores.columns]
        if missing:
            raise KeyError(f"PCI {year}: sub-indices missing for the composite: {missing}")
        total = sum(subindex_scores[c] * w for c, w in weights.items())
        return total * 10
    total = 0.0
    for code, w in weights.items():
        v = subindex_scores.get(code)
        if v is None or pd.isna(v):
            return float("nan")
        total += float(v) * w
    return total * 10


@dataclass(frozen=True)
class MethodologyBreak:
    year: int
    vi: str
    en: str
    kind: str = "weights"  # scheme | weights | publication | map (catalog_data/methodology_breaks.csv)
    source: str = ""

    def label(self, lang: Lang = "vi") -> str:
        return _pick(self.vi, self.en, lang)


def load_methodology_breaks() -> tuple[MethodologyBreak, ...]:
    """The breaks charts mark and trends respect, from ``catalog_data/methodology_breaks.csv``
    (year, kind, Vietnamese and English label, source)."""
    df = pd.read_csv(_DATA / "methodology_breaks.csv", dtype=str, keep_default_na=False)
    return tuple(
        MethodologyBreak(int(r.year), r.label_vi, r.label_en, r.kind, r.source)
        for r in df.sort_values("year", key=lambda s: s.astype(int)).itertuples()
    )


METHODOLOGY_BREAKS: tuple[MethodologyBreak, ...] = load_methodology_breaks()


def methodology_breaks(first_year: int | None = None, last_year: int | None = None) -> list[MethodologyBreak]:
    """Breaks falling strictly inside ``(first_year, last_year]``."""
    lo = -1 if first_year is None else first_year
    hi = 10_000 if last_year is None else last_year
    return [b for b in METHODOLOGY_BREAKS if lo < b.year <= hi]


def subindices_for_year(year: int) -> tuple[str, ...]:
    """The sub-indices published for ``year`` (none of the ten-code scheme for 2005 is exact)."""
    if 2009 <= year <= 2012:
        return tuple(c for c in SUBINDICES if c != "policy_bias")
    return SUBINDICES


# --------------------------------------------------------------------------- projection methods
@lru_cache(maxsize=1)
def projection_methods() -> pd.DataFrame:
    """The projection methods' names (``catalog_data/projection_methods.csv``): method (the code of
    ``analysis.analyses.project.METHODS``, in that order), name_vi, name_en, description. Every chart
    legend, table and page names a method from here."""
    return pd.read_csv(_DATA / "projection_methods.csv", dtype=str, keep_default_na=False)


def method_name(method: str, lang: Lang = "vi") -> str:
    """A projection method's name in ``lang`` (:func:`text`); an unknown code is kept as it is."""
    rows = projection_methods().set_index("method")
    if method not in rows.index:
        return method
    return text(rows.at[method, "name_vi"], rows.at[method, "name_en"], lang)


# --------------------------------------------------------------------------- source kinds
@lru_cache(maxsize=1)
def load_source_kinds() -> pd.DataFrame:
    """The kinds of source a panel value can come from (``catalog_data/source_kinds.csv``).

    Columns: kind, tier (1 = highest precedence), label_vi, label_en, official (bool), description.
    """
    df = pd.read_csv(_DATA / "source_kinds.csv", dtype=str, keep_default_na=False)
    df["tier"] = df["tier"].astype(int)
    df["official"] = df["official"].str.lower().eq("yes")
    return df.sort_values("tier", kind="mergesort").reset_index(drop=True)


def source_precedence() -> tuple[str, ...]:
    """The source kinds, highest precedence first (``catalog_data/source_kinds.csv``, column tier): the one
    order in which a value of one kind is kept over another's."""
    return tuple(load_source_kinds()["kind"])


def source_kind_tier(kind: str) -> int:
    """Precedence of a source kind (1 = highest); an unknown kind raises ``KeyError``."""
    tiers = dict(zip(load_source_kinds()["kind"], load_source_kinds()["tier"]))
    if kind not in tiers:
        raise KeyError(f"unknown source kind {kind!r}; known: {', '.join(tiers)}")
    return int(tiers[kind])


def source_kind_label(kind: str, lang: Lang = "vi") -> str:
    """'bảng số liệu chính thức của VCCI' / 'official VCCI workbook' / both."""
    row = load_source_kinds().set_index("kind").loc[kind]
    return _pick(row["label_vi"], row["label_en"], lang)


def source_kinds_text(kinds, lang: Lang = "vi") -> str:
    """Source kinds ("derived, official_page" or a list) as the reader reads them: each by its label
    (:func:`source_kind_label`), joined by ", "; a text that is not a kind is kept as it is."""
    parts = [k.strip() for k in kinds.split(",")] if isinstance(kinds, str) else [str(k) for k in kinds]
    known = set(load_source_kinds()["kind"])
    return ", ".join(source_kind_label(k, lang) if k in known else k for k in parts if k)


def is_official(kind: str) -> bool:
    """True for the official kinds (workbook, official page, the province's own document)."""
    return bool(load_source_kinds().set_index("kind").loc[kind, "official"])


# --------------------------------------------------------------------------- facts that are not panel cells
@lru_cache(maxsize=1)
def load_fact_indicators() -> pd.DataFrame:
    """Published PCI facts that are not a province's score or national rank (``catalog_data/fact_indicators.csv``):
    the national median (``pci_median``), a rank within the region (``pci_region_rank``). Columns: indicator,
    scope (national | region), unit (score | rank), label_vi, label_en, description. They live in
    ``data/pci_facts.csv``, never in the panel, so that none can be mistaken for a province's composite."""
    return pd.read_csv(_DATA / "fact_indicators.csv", dtype=str, keep_default_na=False)


def fact_indicators() -> tuple[str, ...]:
    return tuple(load_fact_indicators()["indicator"])


@lru_cache(maxsize=1)
def load_published_lists() -> pd.DataFrame:
    """Partial editions whose first places are published as a complete list (``catalog_data/published_lists.csv``:
    PCI 2024, the top 10 with scores), with the source. Columns: year, complete_top, source_file, source_locator,
    source_url, quote."""
    df = pd.read_csv(_DATA / "published_lists.csv", dtype=str, keep_default_na=False)
    df["year"] = df["year"].astype(int)
    df["complete_top"] = df["complete_top"].astype(int)
    return df


@lru_cache(maxsize=1)
def load_target_next_edition() -> pd.DataFrame:
    """For each PCI target of 2025 (``data/seed_targets.csv`` target_id): which edition decides it (PCI 2025 on the
    34-unit map, top 30 only + press; or PCI 2024 already), how, what 2024 showed, and the 2024 fact's source
    (``catalog_data/target_next_edition.csv``)."""
    return pd.read_csv(_DATA / "target_next_edition.csv", dtype=str, keep_default_na=False)


def complete_top(year: int) -> int:
    """How many first places of ``year``'s edition are published as a complete list (0 when unknown)."""
    t = load_published_lists()
    r = t.loc[t["year"] == int(year), "complete_top"]
    return int(r.iloc[0]) if len(r) else 0


# --------------------------------------------------------------------------- target kinds
@lru_cache(maxsize=1)
def load_target_kinds() -> pd.DataFrame:
    """The kinds a target can have (``catalog_data/target_kinds.csv``): kind, rank (a rank target),
    national_rank (a rank among every province), projectable (the projection engine answers it)."""
    df = pd.read_csv(_DATA / "target_kinds.csv", dtype=str, keep_default_na=False)
    for c in ("rank", "national_rank", "projectable"):
        df[c] = df[c].str.lower().eq("yes")
    return df


def target_kinds(**flags: bool) -> tuple[str, ...]:
    """The target kinds with every given flag, in the catalogue's order: ``target_kinds(rank=True)``,
    ``target_kinds(national_rank=True)``, ``target_kinds(projectable=True)``; no flag: every kind."""
    df = load_target_kinds()
    for k, v in flags.items():
        df = df[df[k] == v]
    return tuple(df["kind"])


# --------------------------------------------------------------------------- target units
@dataclass(frozen=True)
class TargetUnit:
    """What a target's ``unit`` measures (``catalog_data/target_units.csv``): ``measure`` is
    rank, percent, count, tier or score_change; ``rank_of`` the N of a national rank (None
    for every other unit, a rank within a region included)."""

    unit: str
    measure: str
    rank_of: int | None


@lru_cache(maxsize=1)
def _target_units() -> dict[str, TargetUnit]:
    df = pd.read_csv(_DATA / "target_units.csv", dtype=str, keep_default_na=False)
    return {
        r["unit"]: TargetUnit(r["unit"], r["measure"], int(r["rank_of"]) if r["rank_of"] else None)
        for r in df.to_dict("records")
    }


def target_unit(unit: str) -> TargetUnit:
    """The :class:`TargetUnit` of a seed target's unit; an unlisted unit raises ``KeyError``."""
    units = _target_units()
    if unit not in units:
        raise KeyError(f"target unit {unit!r} is not in catalog_data/target_units.csv; known: {', '.join(units)}")
    return units[unit]


# --------------------------------------------------------------------------- provinces
_PREFIXES = ("thanhpho", "tinh", "tp")


def strip_diacritics(name: str) -> str:
    """'Điện Biên' -> 'Dien Bien'."""
    s = unicodedata.normalize("NFKD", str(name)).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def normalise_name(name: str) -> str:
    """Fold a province spelling to a comparison key: no diacritics, case, spaces or punctuation.

    >>> normalise_name("TT- Huế") == normalise_name("tt-hue")
    True
    """
    s = strip_diacritics(name).lower()
    s = re.sub(r"[^a-z0-9]", "", s)
    return s


def provinces_path() -> Path:
    return paths.data_dir() / "provinces.csv"


@lru_cache(maxsize=4)
def _load_provinces(path: str, mtime: float) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"province_code": str}, keep_default_na=False, na_values=[""])
    return df


class Catalogue:
    """The provinces table an import or analysis resolves names against, passed as an object.

    ``Catalogue.from_data(d)`` reads ``d/provinces.csv``; the importer builds one from the raw
    codes file before anything is written and hands it to every reader with :func:`using`
    (no environment variable, no temporary copy of ``data/``).
    """

    def __init__(self, provinces: pd.DataFrame):
        self.provinces = provinces.copy()
        self._index: dict[str, str] | None = None
        self._by_code: dict[str, Province] | None = None
        self._fingerprint: str | None = None

    def fingerprint(self) -> str:
        """A digest of the provinces table: equal tables, equal fingerprints (a key for caches of
        what a name resolves to under this catalogue)."""
        if self._fingerprint is None:
            text = self.provinces.to_csv(index=False, lineterminator="\n")
            self._fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self._fingerprint

    @classmethod
    def from_data(cls, data_dir: Path | str | None = None) -> Catalogue:
        p = (Path(data_dir) if data_dir is not None else paths.data_dir()) / "provinces.csv"
        if not p.exists():
            raise FileNotFoundError(f"{p} is missing; build it with `python -m analysis import-all` (needs ../shared)")
        return cls(_load_provinces(str(p), p.stat().st_mtime))

    def index(self) -> dict[str, str]:
        if self._index is None:
            self._index = _build_alias_index(alias_table(self.provinces))
        return self._index

    def by_code(self) -> dict[str, Province]:
        if self._by_code is None:
            self._by_code = _build_code_index(self.provinces)
        return self._by_code


_ACTIVE: ContextVar[Catalogue | None] = ContextVar("pci_catalogue", default=None)


def active_catalogue() -> Catalogue | None:
    """The catalogue :func:`using` put in force here, or None (then ``data/provinces.csv`` is read)."""
    return _ACTIVE.get()


@contextmanager
def using(catalogue: Catalogue) -> Iterator[Catalogue]:
    """Resolve every province name against ``catalogue`` inside the block (this thread/task only)."""
    token = _ACTIVE.set(catalogue)
    try:
        yield catalogue
    finally:
        _ACTIVE.reset(token)


def load_provinces() -> pd.DataFrame:
    """The 63 provinces plus Hà Tây: code, names, GSO region, years present."""
    active = _ACTIVE.get()
    if active is not None:
        return active.provinces.copy()
    p = provinces_path()
    if not p.exists():
        raise FileNotFoundError(f"{p} is missing; build it with `python -m analysis import-all` (needs ../shared)")
    return _load_provinces(str(p), p.stat().st_mtime).copy()


@lru_cache(maxsize=1)
def _extra_aliases() -> pd.DataFrame:
    return pd.read_csv(_DATA / "province_aliases.csv", dtype={"province_code": str})


def alias_table(provinces: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every accepted spelling: alias, its normalised key and the province code."""
    prov = load_provinces() if provinces is None else provinces
    rows = []
    cols = [c for c in ("province", "province_ascii", "province_name_short", "province_name_full") if c in prov.columns]
    for code, *names in zip(prov["province_code"], *(prov[c] for c in cols)):  # row by row, column by column
        rows += [(v, code, f"catalogue {col}") for col, v in zip(cols, names) if isinstance(v, str) and v]
    extra = _extra_aliases()
    rows += [
        (alias, str(code).zfill(2), note)
        for alias, code, note in zip(extra["alias"], extra["province_code"], extra["note"])
    ]
    tab = pd.DataFrame(rows, columns=["alias", "province_code", "note"])
    tab["key"] = tab["alias"].map(normalise_name)
    return tab


@lru_cache(maxsize=4)
def _alias_index(path: str, mtime: float) -> dict[str, str]:
    return _build_alias_index(alias_table())


def _build_alias_index(tab: pd.DataFrame) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, code in zip(tab["key"], tab["province_code"]):
        for k in {key, *(key[len(p) :] for p in _PREFIXES if key.startswith(p) and len(key) > len(p) + 2)}:
            prev = index.get(k)
            if prev is not None and prev != code:
                raise ValueError(f"alias key {k!r} points to two provinces: {prev} and {code}")
            index[k] = code
    return index


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    name_ascii: str
    region: str
    region_en: str


def resolve_province(name: str) -> Province:
    """The catalogue province a spelling stands for.

    Accepts any case, with or without diacritics, punctuation or a "Tỉnh"/"TP" prefix, and
    the aliases in ``catalog_data/province_aliases.csv``. Raises
    :class:`UnknownProvinceError` listing the closest known names. A name in a given year's
    edition (from 2025 the 34-unit map): :func:`analysis.data.maps.resolve_province`.
    """
    active = _ACTIVE.get()
    if active is not None:
        index = active.index()
    else:
        p = provinces_path()
        if not p.exists():
            load_provinces()  # raises a clear FileNotFoundError
        index = _alias_index(str(p), p.stat().st_mtime)
    key = normalise_name(name) if isinstance(name, str) else ""
    code = index.get(key)
    if code is None:
        for pre in _PREFIXES:
            if key.startswith(pre) and key[len(pre) :] in index:
                code = index[key[len(pre) :]]
                break
    if code is None:
        raise UnknownProvinceError(str(name), _closest(str(name)))
    return province_by_code(code)


def _closest(name: str, n: int = 3) -> list[str]:
    prov = load_provinces()
    names = list(prov["province"])
    keys = {normalise_name(x): x for x in names}
    hits = difflib.get_close_matches(normalise_name(name), list(keys), n=n, cutoff=0.5)
    return [keys[h] for h in hits]


def _build_code_index(prov: pd.DataFrame) -> dict[str, Province]:
    return {
        str(c): Province(str(c), n, a, r, re_)
        for c, n, a, r, re_ in zip(
            prov["province_code"], prov["province"], prov["province_ascii"], prov["region"], prov["region_en"]
        )
    }


@lru_cache(maxsize=4)
def _code_index(path: str, mtime: float) -> dict[str, Province]:
    return _build_code_index(_load_provinces(path, mtime))


def province_by_code(code: str) -> Province:
    active = _ACTIVE.get()
    if active is not None:
        index = active.by_code()
    else:
        p = provinces_path()
        if not p.exists():
            load_provinces()  # raises a clear FileNotFoundError
        index = _code_index(str(p), p.stat().st_mtime)
    code = str(code).zfill(2)
    if code not in index:
        raise UnknownProvinceError(f"code {code}", [])
    return index[code]


def province_label(name_or_code: str, lang: Lang = "vi") -> str:
    """The province's name as written in Vietnamese, with its diacritics, in every language.

    A proper name keeps its spelling in English text too ('Quảng Ninh', never 'Quang Ninh');
    ``lang`` is checked but does not change the name. (``Province.name_ascii`` keeps the ASCII form.)
    """
    p = resolve_province(name_or_code) if not str(name_or_code).isdigit() else province_by_code(name_or_code)
    _pick(p.name, p.name, lang)  # an unknown lang is still an error
    return p.name


def resolve_many(names: Iterable[str]) -> list[Province]:
    return [resolve_province(n) for n in names]


# GSO's six regions, Vietnamese -> English, in the catalogue's order (catalog_data/regions.csv: their one home)
REGIONS_EN: dict[str, str] = dict(
    pd.read_csv(_DATA / "regions.csv", dtype=str)[["region", "region_en"]].itertuples(index=False, name=None)
)


def chart_language(lang: Lang) -> Lang:
    """The language a chart is drawn in: the run's, except that a bilingual run (``both``) draws its
    charts in Vietnamese — two languages in every tick label, title and legend do not fit a figure;
    the page's headings and prose carry the English."""
    _pick("", "", lang)  # an unknown lang is still an error
    return "vi" if lang == "both" else lang


def region_label(region_vi: str, lang: Lang = "vi") -> str:
    return _pick(region_vi, REGIONS_EN[region_vi], lang)
