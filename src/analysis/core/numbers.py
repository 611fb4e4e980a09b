"""Parse numbers written the Vietnamese way, one column at a time.

Vietnamese documents write ``53,46`` for 53.46 and ``1.423`` for 1423, but the seed
documents are not consistent (Appendix 07 of seed 002 writes ``99.96%`` with a decimal
point while Appendix 05 writes ``82,96%``). A single global rule therefore cannot be
right; callers state the convention of the column they are parsing.

Conventions (``decimal=``):

* ``","``: comma is the decimal mark, dots group thousands ("1.423,5" -> 1423.5).
* ``"."``: dot is the decimal mark, commas group thousands ("1,423.5" -> 1423.5).
* ``"auto"``: only for a single value whose form is unambiguous; raises
  :class:`AmbiguousNumberError` for forms such as "1.423" that read two ways.
"""

from __future__ import annotations

import math
import re
from typing import Literal

Decimal = Literal[",", ".", "auto"]


class NumberParseError(ValueError):
    """A text could not be read as a number under the stated convention."""


class AmbiguousNumberError(NumberParseError):
    """The text reads as two different numbers; the caller must state the convention."""


_MISSING = {"", "-", "–", "—", "n/a", "na", "nan", "none", "null", "x", "..", "…"}
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def is_missing(text: object) -> bool:
    """True for blanks and the usual 'no data' marks (not for zero)."""
    if text is None:
        return True
    if isinstance(text, float) and math.isnan(text):
        return True
    return isinstance(text, str) and _SPACES.sub("", text).lower() in _MISSING


def parse_number(text: object, decimal: Decimal = ",", *, percent: bool | None = None) -> float:
    """Return the float a Vietnamese-formatted text stands for.

    ``percent``: ``None`` accepts an optional trailing ``%`` (value returned as written,
    e.g. "82,96%" -> 82.96); ``True`` requires it; ``False`` forbids it.
    Missing marks raise :class:`NumberParseError`; test with :func:`is_missing` first.
    """
    if isinstance(text, bool):
        raise NumberParseError(f"{text!r} is a boolean, not a number")
    if isinstance(text, (int, float)):
        if isinstance(text, float) and math.isnan(text):
            raise NumberParseError("missing value (NaN)")
        return float(text)
    if not isinstance(text, str):
        raise NumberParseError(f"{text!r} is not text or a number")
    s = _SPACES.sub("", text)
    has_pct = s.endswith("%")
    if has_pct:
        s = s[:-1]
    if percent is True and not has_pct:
        raise NumberParseError(f"{text!r}: expected a percentage ending in '%'")
    if percent is False and has_pct:
        raise NumberParseError(f"{text!r}: a percentage where a plain number was expected")
    sign = 1.0
    if s and s[0] in "+-−":
        sign = -1.0 if s[0] in "-−" else 1.0
        s = s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not s[0].isdigit() or not s[-1].isdigit():
        raise NumberParseError(f"{text!r} is not a number")
    if decimal == "auto":
        decimal = _guess_decimal(s, text)
    group = "." if decimal == "," else ","
    if s.count(decimal) > 1:
        raise NumberParseError(f"{text!r}: more than one decimal mark {decimal!r}")
    whole, _, frac = s.partition(decimal)
    if group in frac:
        raise NumberParseError(f"{text!r}: thousands separator {group!r} after the decimal mark")
    if group in whole:
        parts = whole.split(group)
        if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
            raise NumberParseError(
                f"{text!r}: {group!r} is not in thousands positions (decimal mark for this column is {decimal!r})"
            )
        whole = "".join(parts)
    value = float(whole + ("." + frac if frac else ""))
    return sign * value


def _guess_decimal(s: str, original: str) -> Literal[",", "."]:
    has_c, has_d = "," in s, "." in s
    if has_c and has_d:
        return "," if s.rfind(",") > s.rfind(".") else "."
    mark = "," if has_c else "." if has_d else None
    if mark is None:
        return ","
    parts = s.split(mark)
    if len(parts) > 2:
        return "," if mark == "." else "."  # repeated mark can only be grouping
    if len(parts[1]) == 3:
        raise AmbiguousNumberError(
            f"{original!r} could be {parts[0]}{mark}{parts[1]} as a decimal or "
            f"{parts[0]}{parts[1]} with a thousands separator; state the column's convention"
        )
    return mark


def format_number(value: float, decimals: int = 2, decimal: Literal[",", "."] = ",") -> str:
    """Write ``value`` the Vietnamese way ("1.423,50"); inverse of :func:`parse_number`."""
    s = f"{value:,.{decimals}f}"  # 1,423.50
    if decimal == ",":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s
