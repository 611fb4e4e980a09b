"""Generated prose in the run's language: the one bilingual helper every notebook uses.

    from analysis.core.prose import Prose
    T = Prose(lang)                       # lang: "vi", "en" or "both"
    T("Điểm tăng 1,2.", "The score rose 1.2.")   # a sentence or a list item
    T.word("không có", "none")            # a fragment inside a sentence
    T.pct(0.42), T.signed(1.234)          # "42%", "+1.23"; missing values give "–"
    T.show(lines)                         # display the lines as one Markdown block

``"both"`` gives the Vietnamese, then the English: sentences as two lines (two list items
for a list item), fragments as "vi / en".
"""
from __future__ import annotations

import math
from collections.abc import Iterable

LANGS = ("vi", "en", "both")


def _missing(x) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or bool(x != x)
    except (TypeError, ValueError):
        return False


class Prose:
    def __init__(self, lang: str = "vi"):
        if lang not in LANGS:
            raise ValueError(f"lang must be 'vi', 'en' or 'both', not {lang!r}")
        self.lang = lang

    def __call__(self, vi: str, en: str) -> str:
        """A sentence (or a Markdown list item) in the run's language."""
        if self.lang == "vi":
            return vi
        if self.lang == "en":
            return en
        return f"{vi}\n{en}" if vi.lstrip().startswith(("- ", "* ")) else f"{vi}\n\n{en}"

    def word(self, vi: str, en: str) -> str:
        """A fragment inside a sentence: "vi / en" for both."""
        return {"vi": vi, "en": en}.get(self.lang, f"{vi} / {en}")

    @staticmethod
    def pct(p, digits: int = 0) -> str:
        return "–" if _missing(p) else f"{p:.{digits}%}"

    @staticmethod
    def signed(x, digits: int = 2) -> str:
        return "–" if _missing(x) else f"{x:+.{digits}f}"

    def show(self, lines: Iterable[str] | str) -> None:
        """Display ``lines`` (a string or lines joined by newlines) as Markdown."""
        from IPython.display import Markdown, display

        display(Markdown(lines if isinstance(lines, str) else "\n".join(lines)))
