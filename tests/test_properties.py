"""Property-based tests (hypothesis) for the number parser and the province resolver."""

from __future__ import annotations

import functools
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from analysis.core.numbers import AmbiguousNumberError, NumberParseError, format_number, parse_number
from analysis.data import catalog
from analysis.data.catalog import UnknownProvinceError, normalise_name, resolve_province

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ numbers
@SETTINGS
@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
@example(__import__("decimal").Decimal("1423"))
@example(__import__("decimal").Decimal("53.46"))
def test_vietnamese_formatted_numbers_round_trip(value):
    v = float(value)
    text_vi = format_number(v, 2, decimal=",")  # "1.423,00", "53,46"
    assert parse_number(text_vi, decimal=",") == pytest.approx(v, abs=1e-9)
    text_en = format_number(v, 2, decimal=".")  # "1,423.00"
    assert parse_number(text_en, decimal=".") == pytest.approx(v, abs=1e-9)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_whole_numbers_with_thousands_dots_round_trip(n):
    assert parse_number(format_number(n, 0, decimal=","), decimal=",") == n


@SETTINGS
@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=99))
def test_percent_strings_round_trip_in_both_conventions(whole, frac):
    assert parse_number(f"{whole},{frac:02d}%", decimal=",", percent=True) == pytest.approx(whole + frac / 100)
    assert parse_number(f"{whole}.{frac:02d}%", decimal=".", percent=True) == pytest.approx(whole + frac / 100)


@SETTINGS
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_auto_refuses_forms_that_read_two_ways(a, b):
    with pytest.raises(AmbiguousNumberError):
        parse_number(f"{a}.{b:03d}", decimal="auto")


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), min_size=1, max_size=12))
def test_text_without_digits_is_never_a_number(s):
    with pytest.raises(NumberParseError):
        parse_number(s)


# ------------------------------------------------------------------ provinces
PROVINCES = list(catalog.load_provinces()["province"])


def _variant(name: str, data) -> str:
    strip = data.draw(st.booleans(), label="strip diacritics")
    s = catalog.strip_diacritics(name) if strip else name
    s = "".join(c.upper() if data.draw(st.booleans()) else c.lower() for c in s)
    seps = data.draw(st.lists(st.sampled_from([" ", "  ", "-", " - ", ".", "_", ""]), min_size=1, max_size=1))
    s = s.replace(" ", seps[0]) if seps[0] else s
    prefix = data.draw(st.sampled_from(["", "Tỉnh ", "tinh ", "TP. ", "Thành phố "]), label="prefix")
    s = prefix + s
    if data.draw(st.booleans(), label="decomposed"):
        s = unicodedata.normalize("NFD", s)
    return s


@SETTINGS
@given(st.sampled_from(PROVINCES), st.data())
def test_any_case_diacritic_or_punctuation_variant_resolves_to_the_same_province(name, data):
    expected = resolve_province(name).code
    assert resolve_province(_variant(name, data)).code == expected


@functools.lru_cache(maxsize=1)
def known_keys() -> frozenset[str]:
    """Every accepted spelling's key, built once (alias_table() builds a DataFrame row by row)."""
    return frozenset(catalog.alias_table()["key"])


@SETTINGS
@given(st.text(min_size=1, max_size=20))
def test_random_strings_never_resolve_silently(s):
    key = normalise_name(s)
    known = known_keys()
    stripped = {key[len(p) :] for p in ("tp", "tinh", "thanhpho") if key.startswith(p)}
    assume(key not in known and not (stripped & known))
    with pytest.raises(UnknownProvinceError):
        resolve_province(s)
