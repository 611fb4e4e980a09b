"""What a reader sees on a page, a brief or a figure, read for the wrong language, Python artefacts and
numbers written the other language's way (issue 23). Used by test_language.py; also a script:

    .venv/bin/python tests/language_scan.py vi reports/*.html figures/*.svg

The English words are the ones the pages were found to print on Vietnamese pages (issue 23) and the
common words of English prose; the Vietnamese words are those an English page must not show.
"""

from __future__ import annotations

import html as html_mod
import re
import sys
from pathlib import Path

from analysis.data.catalog import projection_methods

# English words a Vietnamese page must not show (whole words, case-insensitive). Kept short and
# unambiguous: none is a Vietnamese word, a province name, a unit or an abbreviation used in Vietnamese.
ENGLISH_WORDS = [
    "the",
    "and",
    "with",
    "from",
    "which",
    "only",
    "because",
    "rising",
    "falling",
    "agree",
    "disagree",
    "projected",
    "likely",
    "unlikely",
    "places",
    "gained",
    "per year",
    "source",
    "sources",
    "rank",
    "score",
    "target",
    "targets",
    "province",
    "provinces",
    "no data",
    "not covered",
    "own series",
    "excludes",
    "weight",
    "change",
    "median",
    "best",
    "year",
    "years",
    "points",
    "is_focus",
    "dimension",
    "warning",
    "derived",  # source kinds by their codes (derived, press) where their labels belong
    "press",
    "persistence",  # projection methods by their codes where their names belong (projection_methods.csv)
    "climatology",
    "ensemble",
    "pooled",
    "drift",
    "rank_ar",
    "line",  # a file's line in a citation ("…txt, line 1064"): "dòng" on a Vietnamese page
    "lines",
    "notebook",  # the pages cite each other as "trang 03" on a Vietnamese page
]
# Vietnamese words an English page must not show (diacritics make them unambiguous; "Nguồn" is the
# "Nguồn/Source" footer of figures).
VIETNAMESE_WORDS = [
    "Nguồn",
    "không",
    "điểm",
    "hạng",
    "năm",
    "tỉnh",
    "mục tiêu",
    "chỉ số",
    "trung vị",
    "số liệu",
    "giai đoạn",
    "khớp",
    "xu hướng",
    "Tóm tắt",
    "Mục lục",
    "trọng số",
    "dòng",
]
ARTEFACTS = [
    r"\bNaN\b",
    r"\bnan\b",
    r"<NA>",
    r"\bNone\b",
    r"\bTrue\b",
    r"\bFalse\b",
    r"\bNaT\b",
    r"\[\s*'[^']*'(?:\s*,\s*'[^']*')*\s*\]",
    r"\b(?:19|20)\d\d\.0\b",
    r"\bdtype\b",
    r"UserWarning",
    r"Traceback",
    r"\.py:\d+",
    r"(?<![*\w])\*\w[^*\n]{0,40}\*(?![*\w])",
    r"\b(?:19|20)\d\d-(?=[\s),;.]|$)",  # a period code of catalog_data ("2022-"): "từ 2022" / "2022 onward"
]  # Markdown emphasis left as literal asterisks: *likely*
# a number with a decimal point (vi) / comma (en) between digits; version-like strings (1.2.3), decimals
# inside code (`…`), URLs and file names are stripped before the scan
_VI_BAD = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])")  # 66.48, 0.3 (a thousands dot has 3 digits)
_EN_BAD = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,])")  # 66,48 (a thousands comma has 3 digits)
_VI_BAD_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2},\d{3}(?![\d,.])")  # 4,000 in Vietnamese reads 4 with decimals

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_CODE = re.compile(r"<code\b.*?</code>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://\S+|\b[\w./-]+\.(?:csv|xlsx|xls|pdf|docx|html|py|svg|png|dta|json|md)\b(?:![A-Z]+\d+)?")
_CELL = re.compile(r"\b[A-Z]{1,3}\d{1,5}\b")  # workbook cells (Summary_VN!W63)


_QUOTED_VI = re.compile(r'<span lang="vi">.*?</span>', re.S)
_GUILLEMETS = re.compile(r"«[^»]*»")  # a Vietnamese document quoted as it is written


def visible_text(html: str, lang: str = "vi") -> str:
    """The text of an HTML page a reader sees: no scripts, styles, code spans or tags; on an English page, no
    Vietnamese quotation (marked ``lang="vi"`` or set in «…»: a document quoted as it is written)."""
    body = _SCRIPT.sub(" ", html)
    body = _CODE.sub(" ", body)
    text = html_mod.unescape(_TAG.sub(" ", _QUOTED_VI.sub(" ", body) if lang == "en" else body))
    return _GUILLEMETS.sub(" ", text) if lang == "en" else text


def svg_texts(svg: str, lang: str = "vi") -> str:
    """The texts a saved figure draws, from the layout record save_figure writes into it. On an English
    figure the source line is read up to its prefix only: it may cite a Vietnamese document by its title."""
    from analysis.outputs import figcheck

    m = figcheck._RECORD.search(svg)
    if not m:
        return ""
    import json

    data = json.loads(m.group(1))
    labels = [str(b[1]) if isinstance(b, list) else str(b.get("label", "")) for b in data.get("boxes", [])]
    if lang == "en":
        labels = [t.split(":", 1)[0] + ":" if t.startswith(("Source", "Nguồn")) else t for t in labels]
    return "\n".join(labels)


def problems(text: str, lang: str, where: str = "") -> list[str]:
    """One line per problem in ``text`` shown to a reader of a ``lang`` run ("vi" or "en")."""
    out = []
    clean = _URL.sub(" ", text)
    clean = _CELL.sub(" ", clean)

    def ctx(m) -> str:
        s = clean[max(0, m.start() - 40) : m.end() + 40]
        return " ".join(s.split())

    for pat in ARTEFACTS:
        for m in re.finditer(pat, clean):
            out.append(f"{where}: Python artefact {m.group(0)!r}: …{ctx(m)}…")
    if lang == "vi":
        for w in ENGLISH_WORDS:
            for m in re.finditer(rf"(?<![\w/]){re.escape(w)}(?![\w/])", clean, re.I):
                out.append(f"{where}: English {w!r}: …{ctx(m)}…")
        for rx, what in ((_VI_BAD, "decimal point"), (_VI_BAD_THOUSANDS, "thousands comma")):
            for m in rx.finditer(clean):
                out.append(f"{where}: {what} in a Vietnamese number {m.group(0)!r}: …{ctx(m)}…")
    elif lang == "en":
        for w in VIETNAMESE_WORDS:
            for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", clean, re.I):
                out.append(f"{where}: Vietnamese {w!r}: …{ctx(m)}…")
        for m in _EN_BAD.finditer(clean):
            out.append(f"{where}: decimal comma in an English number {m.group(0)!r}: …{ctx(m)}…")
    return out


_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_DATA_CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S | re.I)
# a column's name as the code wrote it (rank_mae, n_origins, contribution_2013_2020): never a header a reader reads
_IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_PYTHON_NAME = re.compile(r"analysis(?:\.[a-z_][a-z0-9_]*)+(?:\(\))?")  # analysis.analyses.planner.plan


def _cell_texts(rx: re.Pattern, html: str) -> list[str]:
    return [" ".join(html_mod.unescape(_TAG.sub(" ", _CODE.sub(" ", c))).split()) for c in rx.findall(html)]


def table_problems(html: str, lang: str, where: str = "") -> list[str]:
    """Headers that are column names as the code wrote them, projection methods shown by their code
    (``rank_ar``, ``persistence``) instead of their name, cells that are a Python name
    (``analysis.analyses.planner.plan``) and cells that are a bare code, in any language's
    page. A code a reader looks up in data/ (a target id, a validation rule) is set as code (``<code>``) and
    not read here."""
    m = projection_methods()
    # a code that is also the method's name in the page's language (persistence, in English) reads as a name
    named = m["name_vi"] if lang == "vi" else m["name_en"] if lang == "en" else m["name_vi"] + " / " + m["name_en"]
    codes = set(m.loc[m["method"] != named, "method"])
    out = []
    for h in _cell_texts(_HEADER, html):
        if _IDENTIFIER.search(h) or any(part.strip() in codes for part in h.split(",")):
            out.append(f"{where}: a table header is a column name as the code wrote it: {h!r}")
    for c in _cell_texts(_DATA_CELL, html):
        if c in codes:
            out.append(f"{where}: a projection method shown by its code: {c!r}")
        elif _PYTHON_NAME.fullmatch(c):  # where the code computed it is not a source a reader can open
            out.append(f"{where}: a cell shows a Python name: {c!r}")
        elif _IDENTIFIER.fullmatch(c):  # a code (keep_first, composite_recomputed) left as it is, not set as code
            out.append(f"{where}: a cell shows a code the page does not name: {c!r}")
    return out


def scan_file(path: Path, lang: str) -> list[str]:
    raw = Path(path).read_text(encoding="utf-8")
    if str(path).endswith(".svg"):
        return problems(svg_texts(raw, lang), lang, Path(path).name)
    body = _SCRIPT.sub(" ", raw)
    return problems(visible_text(raw, lang), lang, Path(path).name) + table_problems(body, lang, Path(path).name)


if __name__ == "__main__":
    lang, files = sys.argv[1], sys.argv[2:]
    found = [p for f in files for p in scan_file(Path(f), lang)]
    print("\n".join(found))
    print(f"{len(found)} problem(s)", file=sys.stderr)
