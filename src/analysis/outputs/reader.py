"""Tables as a reader sees them: headers, cells and codes in the run's language, numbers in its format.

Every DataFrame a page shows goes through :func:`reader_table` once a notebook has called
:func:`install` (``reader.install(lang)`` after its parameters): column names become labels
(``catalog_data/reader_labels.csv``, kinds ``column`` and ``column_pattern``), projection methods their names
(``catalog_data/projection_methods.csv``), sub-index codes and source kinds their names,
the analyses' English vocabulary ("agree", "weight change", the trend verdicts) the run's language
(kinds ``value`` and ``pattern``), and every number the run's format
(:meth:`analysis.core.prose.Prose.cell`: "66,48" in Vietnamese, "–" for a missing value, never NaN,
None, <NA>, True/False or "2008.0"). The tables saved for the workbook (``save_table``) keep their
codes and raw numbers: this is the page's view only.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis.analyses import admin_reform, ledger, reachability
from analysis.core import paths
from analysis.core.prose import Prose, resolve
from analysis.data.catalog import (
    INDICATORS,
    REGIONS_EN,
    indicator_label,
    load_source_kinds,
    period_label,
    projection_methods,
    source_kinds_text,
)
from analysis.data.loaders import load_papi_dimensions
from analysis.data.provenance import locator_text

LABELS_CSV = "reader_labels.csv"


@lru_cache(maxsize=1)
def _labels() -> tuple[dict, dict, list, list]:
    df = pd.read_csv(paths.package_dir() / "catalog_data" / LABELS_CSV, dtype=str, keep_default_na=False)
    cols = {r.key: (r.vi, r.en) for r in df[df["kind"] == "column"].itertuples()}
    vals = {r.key: (r.vi, r.en) for r in df[df["kind"] == "value"].itertuples()}
    pats = [(re.compile(r.key), r.vi, r.en) for r in df[df["kind"] == "pattern"].itertuples()]
    # a column named with its years (contribution_2013_2020): the years go into the label
    col_pats = [(re.compile(r.key), r.vi, r.en) for r in df[df["kind"] == "column_pattern"].itertuples()]
    return cols, vals, pats, col_pats


def _expand(m: re.Match, vi: str, en: str, lang: str) -> str:
    return m.expand(vi if lang == "vi" else en if lang == "en" else f"{vi} / {en}")


@lru_cache(maxsize=1)
def _kinds() -> dict:
    k = load_source_kinds()
    return {r.kind: (r.label_vi, r.label_en) for r in k.itertuples()}


@lru_cache(maxsize=1)
def _known_values() -> dict:
    """Codes whose names live elsewhere: target indices, the ledger's statuses, regions."""
    out = {i: pair for i, pair in admin_reform._labels().items()}
    out.update(ledger.STATUS_LABELS)
    out.update(
        {v: (reachability.verdict_label(v, "vi"), reachability.verdict_label(v, "en")) for v in reachability.VERDICTS}
    )
    out.update({r.method: (r.name_vi, r.name_en) for r in projection_methods().itertuples()})
    out.update({vi: (vi, en) for vi, en in REGIONS_EN.items()})
    out.update({en: (vi, en) for vi, en in REGIONS_EN.items()})
    dims = load_papi_dimensions()  # PAPI dimensions by code and by English name
    out.update({r.dimension: (r.name_vi, r.name_en) for r in dims.itertuples() if r.name_vi})
    out.update({r.name_en: (r.name_vi, r.name_en) for r in dims.itertuples() if r.name_vi})
    return out


def column_label(name, lang: str) -> str:
    """A column's header in ``lang`` (``both``: "vi / en"); a name not in the labels file is kept."""
    cols, _, _, col_pats = _labels()
    T = Prose(lang)
    if isinstance(name, str) and name in cols:
        return T.word(*cols[name])
    for rx, vi, en in col_pats if isinstance(name, str) else ():
        m = rx.fullmatch(name)
        if m:
            return _expand(m, vi, en, lang)
    if isinstance(name, str) and name in INDICATORS:
        return _pick(indicator_label(name, "vi"), indicator_label(name, "en"), lang)
    found = _translate(name, lang) if isinstance(name, str) else None  # a code as a column (a pivot's methods)
    return found if found is not None else T.cell(name)


def _pick(vi: str, en: str, lang: str) -> str:
    return Prose(lang).word(vi, en)


def value_text(v, lang: str, decimals: int = 2) -> str:
    """One cell in ``lang``: codes and the analyses' vocabulary translated, numbers formatted; a text of
    parts joined by "; " is translated part by part."""
    T = Prose(lang)
    if not isinstance(v, str):
        return T.cell(v, decimals)
    if "; " in v and _translate(v.strip(), lang) is None:
        return "; ".join(value_text(part, lang, decimals) for part in v.split("; "))
    found = _translate(v.strip(), lang)
    # anything else (a citation "…txt, Phụ lục 01, line 1064", a cell's place): its file lines in the run's language
    return found if found is not None else _localise_numbers_in(locator_text(v, lang), lang)


def _translate(s: str, lang: str) -> str | None:
    """``s`` in ``lang`` when it is a known code, label or pattern; None otherwise."""
    T = Prose(lang)
    _, vals, pats, _ = _labels()
    if s in vals:
        return T.word(*vals[s])
    if s in INDICATORS:
        return _pick(indicator_label(s, "vi"), indicator_label(s, "en"), lang)
    known = _known_values()
    if s in known:
        return T.word(*known[s])
    kinds = _kinds()
    parts = [p.strip() for p in s.split(",")]
    if parts and all(p in kinds for p in parts):
        return source_kinds_text(parts, lang)
    if len(parts) > 1 and all(p in INDICATORS for p in parts):  # a list of sub-indices ("labor_training, ...")
        return ", ".join(_pick(indicator_label(p, "vi"), indicator_label(p, "en"), lang) for p in parts)
    if _PERIOD.fullmatch(s):  # a methodology period: "2013–2021", the open one "từ 2022" / "2022 onward"
        return period_label(s, lang)
    for rx, vi, en in pats:
        m = rx.fullmatch(s)
        if m:
            if lang == "both":  # each half with its own words: "… từ 2022 / … 2022 onward"
                return _localise_numbers_in(f"{_codes_in(m.expand(vi), 'vi')} / {_codes_in(m.expand(en), 'en')}", lang)
            return _localise_numbers_in(_codes_in(_expand(m, vi, en, lang), lang), lang)
    return None


_PERIOD = re.compile(r"\d{4}-(?:\d{4})?")
# a period inside a text, never part of a name or number: not "PAPI_2011-2019.xlsx", "1234-UBND" or a date
_PERIOD_IN_TEXT = re.compile(r"(?<![\w–/.-])\d{4}-(?:\d{4})?(?![\w/.-])")
_RANK_AND_KIND = re.compile(r"\(rank (\d+)(?:, (\w+))?\)")  # the ledger's "not first in 2024 (rank 2, press)"
_KIND_IN_PARENS = re.compile(r"\((\w+)\)")  # "rank 2 in 2024 (press)"


def _codes_in(text: str, lang: str) -> str:
    """A translated pattern's codes as a reader reads them: periods ("2022-"), source kinds in parentheses."""
    T = Prose(lang)
    text = _RANK_AND_KIND.sub(
        lambda m: (
            f"({T.word('hạng', 'rank')} {m.group(1)}"
            + (f", {source_kinds_text(m.group(2), lang)})" if m.group(2) else ")")
        ),
        text,
    )
    text = _KIND_IN_PARENS.sub(lambda m: f"({source_kinds_text(m.group(1), lang)})", text)
    return _PERIOD_IN_TEXT.sub(lambda m: period_label(m.group(0), lang), text)


_PLAIN_NUMBER = re.compile(r"(?<![\w.,])-?\d+\.\d+(?![\w.,])")
# a number already grouped the Vietnamese way ("2.000 doanh nghiệp", "4.000 lần"): a non-zero lead and groups of
# exactly three digits. The project writes no English decimal of that shape (scores have two places, shares and
# Brier scores lead with 0), so it is left as it is rather than read as 2.000 and made "2,000"
_VI_GROUPED = re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+")


def _localise_numbers_in(text: str, lang: str) -> str:
    """Decimal numbers inside a text (a note, a quote left as it is) in the run's format."""
    if lang == "en":
        return text
    return _PLAIN_NUMBER.sub(
        lambda m: m.group(0) if _VI_GROUPED.fullmatch(m.group(0)) else m.group(0).replace(".", ","), text
    )


def reader_table(df: pd.DataFrame, lang: str, decimals: int = 2) -> pd.DataFrame:
    """``df`` with every header and cell as text a reader of ``lang`` sees (see the module docstring); a
    bilingual run's tables write numbers the Vietnamese way, like its figures."""
    out = pd.DataFrame(
        {i: [resolve(value_text(v, lang, decimals)) for v in df[c]] for i, c in enumerate(df.columns)}, index=df.index
    )
    out.columns = pd.Index([column_label(c, lang) for c in df.columns])

    def shown(v) -> str:
        return resolve(value_text(v, lang, decimals))

    if isinstance(df.index, pd.MultiIndex):  # each level on its own: ("rank_ar", 2025), not "rank_ar, 2025"
        out.index = pd.MultiIndex.from_tuples(
            [tuple(shown(v) for v in t) for t in df.index],
            names=[column_label(n, lang) if n else None for n in df.index.names],
        )
    elif not isinstance(df.index, pd.RangeIndex):
        out.index = pd.Index(
            [shown(v) for v in df.index], name=column_label(df.index.name, lang) if df.index.name else None
        )
    return out


# Columns quoting a Vietnamese document as it is written (a quote, a section heading, a sheet name): on an
# English page their cells are marked lang="vi", so that a reader (and a screen reader, and the language
# test) knows the Vietnamese there is a quotation, not an untranslated label.
VERBATIM = (
    "quote",
    "source",
    "section",
    "anchor",
    "sheets_read",
    "source_locator",
    "value_text",
    "baseline_quote",
    "target_quote",
)


_VI_LETTERS = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
_VI_WORD = rf"[^\s,;()]*[{_VI_LETTERS}][^\s,;()]*"
_VI_RUN = re.compile(rf"{_VI_WORD}(?:\s+{_VI_WORD})*", re.I)  # "Mục tiêu cụ thể đến năm", "Tóm tắt các chỉ số"


# Columns of identifiers a reader looks up in data/ (a target's id in seed_targets.csv, a validation rule in
# validation_findings.csv, a group of targets that restate one another): set as code, so that they read as names
# of records, not as words of the page.
CODES = ("target_id", "rule", "conflict_group")


def mark_vietnamese(text, lang: str) -> str:
    """``text`` escaped for HTML; on an English page (``lang="en"``) each run of Vietnamese words in it (a document's
    section quoted in a source, a sheet name) marked ``lang="vi"``, as :data:`VERBATIM` columns are."""
    import html

    text = str(text)
    if lang != "en":
        return html.escape(text)
    out, pos = [], 0
    for m in _VI_RUN.finditer(text):
        out += [html.escape(text[pos : m.start()]), f'<span lang="vi">{html.escape(m.group(0))}</span>']
        pos = m.end()
    return "".join(out) + html.escape(text[pos:])


def to_html(df: pd.DataFrame, lang: str) -> str:
    import html

    t = reader_table(df, lang)
    verbatim = [column_label(c, lang) for c in df.columns if c in VERBATIM]
    for c in verbatim:
        t[c] = [f'<span lang="vi">{html.escape(v)}</span>' if v else v for v in t[c]]
    # a source column already titled for the reader (a narrative table's "Source"): its Vietnamese quotations marked
    cited = [c for c in t.columns if c not in verbatim and c == column_label("source", lang)]
    for c in cited:
        t[c] = [mark_vietnamese(v, lang) for v in t[c]]
    verbatim += cited
    for c in [column_label(c, lang) for c in df.columns if c in CODES]:
        t[c] = [f"<code>{html.escape(v)}</code>" if v and v != Prose.missing else v for v in t[c]]
        verbatim.append(c)
    other = [c for c in t.columns if c not in verbatim]
    for c in other:
        t[c] = [html.escape(str(v)) for v in t[c]]
    return t.to_html(
        index=not isinstance(df.index, pd.RangeIndex), na_rep=Prose.missing, escape=False, border=0, classes="dataframe"
    )


def install(lang: str) -> None:
    """Show every DataFrame of this kernel as :func:`reader_table` of ``lang`` (HTML and plain text)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        return
    shell = get_ipython()
    if shell is None:
        return
    f = shell.display_formatter.formatters
    f["text/html"].for_type(pd.DataFrame, lambda df: to_html(df, lang))
    f["text/plain"].for_type(pd.DataFrame, lambda df, p, cycle: p.text(reader_table(df, lang).to_string()))
    f["text/html"].for_type(pd.Series, lambda s: to_html(s.to_frame(), lang))
    f["text/plain"].for_type(pd.Series, lambda s, p, cycle: p.text(reader_table(s.to_frame(), lang).to_string()))
