"""Notebook parameters: what a notebook declares, and checking a run's values before it starts.

A notebook declares its parameters in the one cell tagged ``parameters`` (papermill's
convention), one plain assignment per line with a literal default::

    province = "Lai Châu"
    target_years = [2025, 2030]
    year = None  # None: the latest full year

:func:`declared` reads those names and defaults (with :mod:`ast`, never by running the
cell). :func:`validate` checks the values of a run against them before any kernel starts:

- the name must be declared (otherwise: the closest declared name is suggested);
- the type follows the default: an ``int`` default wants a whole number, a ``str``
  default text, a ``list`` default a list (a single value is accepted as a one-element
  list, and ``"a, b"`` as two text elements); a ``None`` default takes any literal;
- parameters with a known meaning (:data:`CHECKS`, by name) are checked against the data:
  a province must be in the catalogue (closest names suggested), ``year``/``base_year``
  must be a year in which every province has a composite (the years are listed), …

Every problem is one :class:`ParameterError` line. New notebooks get the data checks for
free by using these names (``province``, ``provinces``, ``year``, ``base_year``,
``start_year``, ``end_year``, ``target_years``, ``indicator``, ``indicators``, ``method``,
``draws``, ``seed``, ``window``, ``lang``).
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from analysis.analyses.project import METHODS
from analysis.data.catalog import INDICATORS, SUBINDICES, UnknownProvinceError, normalise_name, resolve_province
from analysis.data.loaders import load_pci
from analysis.data.provenance import years_text

LANGS = ("vi", "en", "both")


class ParameterError(ValueError):
    """A parameter value a notebook cannot run with (one line, for the command line)."""


@dataclass(frozen=True)
class Declared:
    name: str
    default: Any
    comment: str = ""


def declared(cell_source: str) -> dict[str, Declared]:
    """The parameters a ``parameters`` cell declares: ``{name: Declared(name, default, comment)}``.

    Only top-level assignments of a literal to one plain name count; anything else in the
    cell is ignored (and should not be there).
    """
    tree = ast.parse(cell_source)
    lines = cell_source.splitlines()
    out: dict[str, Declared] = {}
    for node in tree.body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            target, value = node.target.id, node.value
        if target is None:
            continue
        try:
            default = ast.literal_eval(value)
        except ValueError:
            default = None
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line[node.end_col_offset :] else ""
        out[target] = Declared(target, default, comment)
    return out


def closest(word: str, choices, n: int = 3) -> list[str]:
    choices = list(choices)
    hits = difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    if not hits:
        folded = {normalise_name(c): c for c in choices}
        hits = [folded[h] for h in difflib.get_close_matches(normalise_name(word), list(folded), n=n, cutoff=0.5)]
    return hits


def _suggest(word: str, choices) -> str:
    hits = closest(word, choices)
    return f"; did you mean {' or '.join(repr(h) for h in hits)}?" if hits else ""


# --------------------------------------------------------------------------- types from the defaults
def _kind(v) -> str:
    if isinstance(v, bool):
        return "true or false"
    if isinstance(v, int):
        return "a whole number"
    if isinstance(v, float):
        return "a number"
    if isinstance(v, str):
        return "text"
    if isinstance(v, (list, tuple)):
        return "a list"
    return type(v).__name__


def _coerce_scalar(name: str, value, default):
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
            return value.lower() in ("true", "yes")
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):  # -p map 34: a code that looks like a number
            return str(value)
    else:
        return value
    raise ParameterError(f"parameter {name} expects {_kind(default)} (like {default!r}), not {value!r}")


def coerce(name: str, value, default):
    """``value`` in the type of ``default`` (see the module docstring), or a ParameterError."""
    if default is None or value is None:
        return value
    if isinstance(default, (list, tuple)):
        if isinstance(value, str) and "," in value:
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, (list, tuple)):
            value = [value]
        item_default = default[0] if len(default) else None
        items = [coerce(f"{name}[{i}]", v, item_default) for i, v in enumerate(value)]
        return tuple(items) if isinstance(default, tuple) else list(items)
    if isinstance(value, (list, tuple)):
        raise ParameterError(f"parameter {name} expects {_kind(default)} (like {default!r}), not a list {value!r}")
    return _coerce_scalar(name, value, default)


# --------------------------------------------------------------------------- values from the data
@lru_cache(maxsize=1)
def _panel_years() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(years with any PCI composite, years in which every province then existing has one)."""
    panel = load_pci()
    pci = panel[(panel["indicator"] == "pci") & panel["score"].notna()]
    years = tuple(sorted(int(y) for y in pci["year"].unique()))
    counts = pci.groupby("year")["province_code"].nunique()
    full = tuple(sorted(int(y) for y, n in counts.items() if n >= 0.9 * counts.max()))
    return years, full


@lru_cache(maxsize=1)
def _subindex_full_years() -> tuple[int, ...]:
    """Years in which (nearly) every province has its sub-indices: what a cross-section comparison (02) needs."""
    panel = load_pci()
    sub = panel[panel["indicator"].isin(SUBINDICES) & panel["score"].notna()]
    counts = sub.groupby("year")["province_code"].nunique()
    return tuple(sorted(int(y) for y, n in counts.items() if n >= 0.9 * counts.max()))


def _years_text(years) -> str:
    """'2006–2019, 2023': runs of consecutive years collapsed."""
    ys, runs = sorted(set(int(y) for y in years)), []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(years_text(r) if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _int(name, v):
    if isinstance(v, bool) or not isinstance(v, int):
        raise ParameterError(f"parameter {name} expects a whole number (a year), not {v!r}")
    return v


def _check_province(name, v):
    if not isinstance(v, str):
        raise ParameterError(f"parameter {name} expects a province name, not {v!r}")
    try:
        return resolve_province(v).name
    except UnknownProvinceError as exc:
        raise ParameterError(f"parameter {name}: {exc}") from None


def _check_provinces(name, v):
    if isinstance(v, str):
        v = [p.strip() for p in v.split(",") if p.strip()]
    if not isinstance(v, (list, tuple)) or not v:
        raise ParameterError(f"parameter {name} expects one or more province names, not {v!r}")
    return [_check_province(name, p) for p in v]


def _check_full_year(name, v):
    if v is None:
        return v
    _int(name, v)
    years, full = _panel_years()
    if v not in full:
        some = sorted(set(years) - set(full))
        have = f"; {_years_text(some)} {'holds' if len(some) == 1 else 'hold'} only some provinces" if some else ""
        raise ParameterError(
            f"parameter {name}: no full cross-section of provinces in {v}; "
            f"years with every province: {_years_text(full)}{have}"
        )
    return v


def _check_comparison_year(name, v):
    """A year to compare every province in (02's ``year``): every province's composite and sub-indices."""
    v = _check_full_year(name, v)
    if v is None:
        return v
    both = _subindex_full_years()
    _, full = _panel_years()
    if v not in both:
        raise ParameterError(
            f"parameter {name}: {v} has every province's composite but not their sub-indices, "
            f"which the comparison needs; years with both: "
            f"{_years_text(sorted(set(both) & set(full)))}"
        )
    return v


def _check_data_year(name, v):
    if v is None:
        return v
    _int(name, v)
    years, _ = _panel_years()
    if v not in years:
        raise ParameterError(f"parameter {name}: no PCI data for {v}; years with data: {_years_text(years)}")
    return v


def _check_target_years(name, v):
    v = v if isinstance(v, (list, tuple)) else [v]
    years, full = _panel_years()
    for y in v:
        _int(name, y)
        if y <= full[-1] or y > 2100:
            raise ParameterError(
                f"parameter {name}: {y} is not a future year to project to; target years must "
                f"come after {full[-1]}, the last year with every province"
            )
    return sorted(set(v))


def _check_choice(choices: tuple[str, ...]) -> Callable:
    def check(name, v):
        if v not in choices:
            raise ParameterError(
                f"parameter {name}: {v!r} is not one of {', '.join(choices)}"
                + (_suggest(v, choices) if isinstance(v, str) else "")
            )
        return v

    return check


def _check_method(name, v):
    allowed = ("all", *METHODS)
    items = v if isinstance(v, (list, tuple)) else [v]
    for m in items:
        _check_choice(allowed)(name, m)
    return v


def _check_indicator(name, v):
    return _check_choice(tuple(INDICATORS))(name, v)


def _check_indicators(name, v):
    items = v if isinstance(v, (list, tuple)) else [v]
    return [_check_indicator(name, i) for i in items]


def _check_positive(name, v):
    _int(name, v)
    if v < 1:
        raise ParameterError(f"parameter {name} must be 1 or more, not {v}")
    return v


def _check_seed(name, v):
    _int(name, v)
    if v < 0:
        raise ParameterError(f"parameter {name} must be 0 or more, not {v}")
    return v


def _check_window(name, v):
    if v is None:
        return v
    if not (isinstance(v, (list, tuple)) and len(v) == 2):
        raise ParameterError(f"parameter {name} expects None or two years (first, last), e.g. (2013, 2018), not {v!r}")
    a, b = (_check_data_year(name, y) for y in v)
    if a >= b:
        raise ParameterError(f"parameter {name}: the first year ({a}) must come before the last ({b})")
    return (a, b)


#: parameter name -> check(name, value) -> the value to use (canonical spelling); raises ParameterError
CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "lang": _check_choice(LANGS),
    "province": _check_province,
    "provinces": _check_provinces,
    "year": _check_comparison_year,
    "base_year": _check_full_year,
    "start_year": _check_data_year,
    "end_year": _check_data_year,
    "target_years": _check_target_years,
    "method": _check_method,
    "indicator": _check_indicator,
    "indicators": _check_indicators,
    "draws": _check_positive,
    "seed": _check_seed,
    "window": _check_window,
    "map": _check_choice(("63", "34", "both")),
}


def validate(params: Mapping[str, Any], decl: Mapping[str, Declared]) -> dict[str, Any]:
    """The run's values, typed and canonical, or a :class:`ParameterError` naming the first problem."""
    out = {}
    for name, value in params.items():
        if name not in decl:
            have = ", ".join(decl) or "none"
            raise ParameterError(f"unknown parameter {name!r}{_suggest(name, decl)} (parameters: {have})")
        value = coerce(name, value, decl[name].default)
        check = CHECKS.get(name)
        out[name] = check(name, value) if check is not None else value
    if out.get("start_year") is not None and out.get("end_year") is not None and out["start_year"] > out["end_year"]:
        raise ParameterError(f"parameter start_year ({out['start_year']}) comes after end_year ({out['end_year']})")
    return out
