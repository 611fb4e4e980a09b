"""Generated prose in the run's language: the one bilingual helper every notebook uses.

    from analysis.core.prose import Prose
    T = Prose(lang)                       # lang: "vi", "en" or "both"
    T("Điểm tăng 1,2.", "The score rose 1.2.")   # a sentence or a list item
    T.word("không có", "none")            # a fragment inside a sentence
    T.show(lines)                         # display the lines as one Markdown block

``"both"`` gives the Vietnamese, then the English: sentences as two lines (two list items
for a list item), fragments as "vi / en".

Numbers, in the run's convention (issue 23): Vietnamese writes a decimal comma and a dot between
thousands ("66,48 điểm", "4.000 lần mô phỏng", "0,3–0,8"); English the point and a comma
("66.48", "4,000", "0.3–0.8"). A bilingual run (``both``) writes numbers the Vietnamese way, like
its figures; inside ``T(vi, en)`` each half gets its own spelling. Every method gives ``T.missing``
("–") for a missing value (None, NaN, <NA>), never 0.
These names are stable; pages, briefs and tables use them rather than f-string formats:

    T.num(66.4821)        "66,48" / "66.48"       (decimals=2)
    T.num(0.3, 1)         "0,3"   / "0.3"
    T.int(4000)           "4.000" / "4,000"       (whole numbers and years-free counts)
    T.short(10.37)        "10,37" / "10.37"; T.short(17.0) "17"  (Python's :g: as few decimals as needed)
    T.pct(0.42)           "42%"; T.pct(0.425, 1) "42,5%" / "42.5%"
    T.signed(1.234)       "+1,23" / "+1.23";  T.signed(-3, 0) "-3"
    T.range(0.3, 0.8, 1)  "0,3–0,8" / "0.3–0.8"
    T.year(2008.0)        "2008"  (a year, never "2008.0"); T.missing for a missing year
    T.yes_no(True)        "có" / "yes"
    T.cell(value)         any table cell as a reader sees it: numbers as above (2 decimals),
                          whole floats as integers, booleans as yes/no, missing as "–", lists joined

``analysis.outputs.style.number_formatter(lang)`` is the matching matplotlib tick formatter, and
``save_figure`` writes every number of a Vietnamese figure (ticks, labels, annotations) this way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

LANGS = ("vi", "en", "both")
MISSING = "–"


def _missing(x) -> bool:
    if type(x).__name__ in ("NAType", "NaTType"):  # pandas' <NA> and NaT
        return True
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or bool(x != x)
    except (TypeError, ValueError):
        return False


def format_decimal(x: float, decimals: int = 2, lang: str = "vi", *, sign: bool = False) -> str:
    """``x`` with ``decimals`` decimals in the convention of ``lang`` (``both`` writes the Vietnamese way)."""
    if _missing(x):
        return MISSING
    s = f"{float(x):{'+' if sign else ''},.{decimals}f}"  # 1,423.50
    if s.lstrip("+-") == f"{0:.{decimals}f}":  # rounds to zero: no sign ("0.00", never "-0.00" or "+0.00")
        s = s.lstrip("+-")
    if lang != "en":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


_BETWEEN_DIGITS = re.compile(r"(?<=\d)[.,](?=\d)")


def localise_digits(text: str, lang: str) -> str:
    """A text written with Python's number format ("66.48", "4,000") in the convention of ``lang``:
    for Vietnamese (and ``both``) the marks between digits swap ("66,48", "4.000"); English is unchanged."""
    if lang == "en":
        return text
    return _BETWEEN_DIGITS.sub(lambda m: "," if m.group(0) == "." else ".", text)


# In a bilingual run a number is both spellings at once, "\ue000vi\ue001en\ue002", until the sentence it is in
# is given a side: T(vi, en) writes the Vietnamese sentence with the Vietnamese spelling and the English one
# with the English; T.show and resolve() give any number left over its Vietnamese spelling.
_PAIR = re.compile("\ue000(.*?)\ue001(.*?)\ue002", re.S)


def resolve(text: str, side: str = "vi") -> str:
    """``text`` with every two-spelling number of a bilingual run written the way ``side`` ("vi"/"en") does."""
    if not isinstance(text, str) or "\ue000" not in text:
        return text
    return _PAIR.sub(lambda m: m.group(1) if side != "en" else m.group(2), text)


class Prose:
    def __init__(self, lang: str = "vi"):
        if lang not in LANGS:
            raise ValueError(f"lang must be 'vi', 'en' or 'both', not {lang!r}")
        self.lang = lang

    missing = MISSING

    def __call__(self, vi: str, en: str) -> str:
        """A sentence (or a Markdown list item) in the run's language."""
        if self.lang == "vi":
            return vi
        if self.lang == "en":
            return en
        vi, en = resolve(vi, "vi"), resolve(en, "en")
        return f"{vi}\n{en}" if vi.lstrip().startswith(("- ", "* ")) else f"{vi}\n\n{en}"

    def word(self, vi: str, en: str) -> str:
        """A fragment inside a sentence: "vi / en" for both."""
        return {"vi": vi, "en": en}.get(self.lang, f"{resolve(vi, 'vi')} / {resolve(en, 'en')}")

    def _both(self, vi: str, en: str) -> str:
        return vi if vi == en or self.lang != "both" else f"\ue000{vi}\ue001{en}\ue002"

    def num(self, x, decimals: int = 2) -> str:
        return self._both(format_decimal(x, decimals, self.lang), format_decimal(x, decimals, "en"))

    def short(self, x, most: int = 2) -> str:
        """As few decimals as ``x`` needs, at most ``most`` ("17", "10,37"): Python's ``:g`` in the run's format."""
        if _missing(x):
            return MISSING
        d = next((k for k in range(most + 1) if abs(round(float(x), k) - float(x)) < 1e-9), most)
        return self.num(x, d)

    def int(self, n) -> str:
        return MISSING if _missing(n) else self.num(round(float(n)), 0)

    def pct(self, p, digits: int = 0) -> str:
        return MISSING if _missing(p) else self.num(100 * float(p), digits) + "%"

    def signed(self, x, digits: int = 2) -> str:
        return self._both(format_decimal(x, digits, self.lang, sign=True), format_decimal(x, digits, "en", sign=True))

    def range(self, lo, hi, decimals: int = 2) -> str:
        return f"{self.num(lo, decimals)}–{self.num(hi, decimals)}"

    def year(self, y) -> str:
        return MISSING if _missing(y) else str(int(round(float(y))))

    def yes_no(self, b) -> str:
        if _missing(b):
            return MISSING
        return self.word("có", "yes") if bool(b) else self.word("không", "no")

    def cell(self, v, decimals: int = 2) -> str:
        """A table cell as a reader sees it (see the module docstring)."""
        if isinstance(v, (list, tuple, set)):
            return ", ".join(self.cell(x, decimals) for x in v)
        if _missing(v):
            return MISSING
        if isinstance(v, bool) or type(v).__name__ == "bool_":
            return self.yes_no(v)
        if isinstance(v, int) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu"):
            return str(int(v)) if 1000 <= abs(int(v)) <= 2100 else self.int(v)  # a year stays "2008"
        if isinstance(v, float) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") == "f"):
            f = float(v)
            if f.is_integer() and abs(f) < 1e15:
                return str(int(f)) if 1000 <= abs(f) <= 2100 else self.int(f)
            return self.num(f, decimals)
        return str(v)

    def table(self, df, columns: dict | None = None, decimals: int = 2):
        """``df`` as a reader sees it: cells through :meth:`cell` (text), columns renamed by ``columns``
        ({name: (vi, en)}; a column not named keeps its name), the index hidden from the page."""
        out = df.copy()
        for c in out.columns:
            out[c] = [self.cell(v, decimals) for v in out[c]]
        if columns:
            out = out.rename(columns={k: self.word(*v) for k, v in columns.items() if k in out.columns})
        return out.style.hide(axis="index") if hasattr(out, "style") else out

    def show(self, lines: Iterable[str] | str) -> None:
        """Display ``lines`` (a string or lines joined by newlines) as Markdown."""
        from IPython.display import Markdown, display

        display(Markdown(resolve(lines if isinstance(lines, str) else "\n".join(lines), "vi")))
