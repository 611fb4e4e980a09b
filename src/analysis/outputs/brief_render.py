"""Render a :class:`analysis.outputs.brief.Brief` as an HTML page and as a Word document.

Both follow the same order (:data:`analysis.outputs.brief.SECTIONS`): summary and standing,
composite history, sub-indices, peers, targets, key charts, sources. Tables are real tables
(``<table>`` / Word tables with a repeated header row); figures are placed at
:data:`analysis.outputs.brief.PRINT_WIDTH_CM` so they paste at print size.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from analysis.core.prose import resolve
from analysis.outputs.brief_model import PRINT_WIDTH_CM, SECTIONS, Brief, BriefTable
from analysis.outputs.reader import mark_vietnamese

TABLE_SECTIONS = tuple(k for k in SECTIONS if k not in ("charts", "sources"))  # standing ... targets, planner

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\*)([^*\n]+?)(?<!\*)\*(?![*\w])")  # *likely*: Markdown emphasis
_CSS = """
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;max-width:19cm;margin:1.5em auto;padding:0 1em;
     color:#222;line-height:1.45;font-size:11pt}
h1{font-size:18pt;margin-bottom:.2em} h2{font-size:13.5pt;border-bottom:1px solid #ccc;padding-bottom:.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:8.5pt;margin:.5em 0}
th,td{border:1px solid #bbb;padding:3px 5px;vertical-align:top;text-align:left}
th{background:#eef2f7} td.src{color:#555;font-size:7.5pt}
figure{margin:1em 0} figure img{width:16cm;max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:9pt;color:#333} .source{font-size:8pt;color:#555} .note{font-size:8.5pt;color:#444}
nav ol{font-size:9.5pt} .summary li{margin:.2em 0}
"""


def _md(text: str) -> str:
    """Escape, then turn **bold** into <strong> and *emphasis* into <em> (never a literal asterisk)."""
    text = resolve(str(text))  # a number a bilingual brief left in both spellings: the Vietnamese one, as pages do
    return _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", html.escape(text)))


def _html_table(t: BriefTable, lang: str = "vi") -> str:
    cols = list(t.frame.columns)
    src_col = cols[-1]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    body = []
    for _, r in t.frame.iterrows():
        cells = "".join(
            f'<td class="src">{mark_vietnamese(r[c], lang)}</td>' if c == src_col else f"<td>{_md(r[c])}</td>"
            for c in cols
        )
        body.append(f"<tr>{cells}</tr>")
    note = f'<p class="note">{_md(t.note)}</p>' if t.note else ""
    return f'<table id="table-{t.key}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{note}'


def render_html(brief: Brief) -> str:
    """The brief as one HTML page (figures referenced from ``figures/`` beside it)."""
    parts = [
        f'<!DOCTYPE html><html lang="{"en" if brief.lang == "en" else "vi"}"><head><meta charset="utf-8">',
        f"<title>{html.escape(brief.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(brief.title)}</h1>",
    ]
    parts.append('<ul class="summary">' + "".join(f"<li>{_md(s)}</li>" for s in brief.summary) + "</ul>")
    toc = [k for k in SECTIONS if k in brief.tables or k not in TABLE_SECTIONS]
    parts.append(
        "<nav><ol>"
        + "".join(f'<li><a href="#{k}">{html.escape(brief.section_title(k))}</a></li>' for k in toc)
        + "</ol></nav>"
    )
    for key in TABLE_SECTIONS:
        if key in brief.tables:
            parts.append(
                f'<section id="{key}"><h2>{html.escape(brief.section_title(key))}</h2>'
                f"{_html_table(brief.tables[key], brief.lang)}</section>"
            )
    figs = []
    for i, f in enumerate(brief.figures, 1):
        rel = Path(f.png).relative_to(brief.out_dir).as_posix()
        figs.append(
            f'<figure id="figure-{f.key}"><img src="{html.escape(rel)}" alt="{html.escape(f.title)}">'
            f"<figcaption>{i}. {html.escape(f.title)}</figcaption>"
            f'<p class="source">{html.escape(_source_word(brief))}: {mark_vietnamese(f.source, brief.lang)}</p></figure>'
        )
    parts.append(f'<section id="charts"><h2>{html.escape(brief.section_title("charts"))}</h2>{"".join(figs)}</section>')
    parts.append(
        f'<section id="sources"><h2>{html.escape(brief.section_title("sources"))}</h2><ul>'
        + "".join(f"<li>{_md(s)}</li>" for s in brief.sources)
        + "</ul></section>"
    )
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _source_word(brief: Brief) -> str:
    return {"vi": "Nguồn", "en": "Source", "both": "Nguồn/Source"}[brief.lang]


# --------------------------------------------------------------------------- Word
def _runs(paragraph, text: str) -> None:
    """Add ``text`` to a paragraph, **bold** parts as bold runs."""
    text = resolve(text)
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])
        paragraph.add_run(m.group(1)).bold = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _column_widths(
    t: BriefTable, total: float = PRINT_WIDTH_CM, cm_per_char: float = 0.17, padding: float = 0.45
) -> list[float]:
    """Column widths (cm): each column at least as wide as its longest word (so a number or
    a year never breaks), the rest of the page width shared in proportion to the columns'
    typical text length (reasons and sources get the room)."""
    need, typical = [], []
    for c in t.frame.columns:
        values = [str(v) for v in t.frame[c]]
        words = [w for v in values for w in v.split()] + [w for w in str(c).split()]
        need.append(max((len(w) for w in words), default=1) * cm_per_char * 1.1 + padding)
        typical.append(sum(len(v) for v in values) / max(len(values), 1) + 1.0)
    extra = total - sum(need)
    if extra <= 0:
        return [total * n / sum(need) for n in need]
    return [n + extra * w / sum(typical) for n, w in zip(need, typical)]


def _docx_table(doc, t: BriefTable) -> None:
    from docx.shared import Cm, Pt, RGBColor

    cols = list(t.frame.columns)
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    table.autofit = False
    hdr = table.rows[0]
    _repeat_header(hdr)
    for cell, c in zip(hdr.cells, cols):  # a new cell holds one empty paragraph
        run = cell.paragraphs[0].add_run(str(c))
        run.bold = True
        run.font.size = Pt(8)
    for _, r in t.frame.iterrows():
        cells = table.add_row().cells
        for j, c in enumerate(cols):
            p = cells[j].paragraphs[0]
            _runs(p, str(r[c]))
            for run in p.runs:
                run.font.size = Pt(7 if j == len(cols) - 1 else 8)
                if j == len(cols) - 1:
                    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    for col, width in zip(table.columns, _column_widths(t)):  # grid (LibreOffice) and each cell (Word)
        col.width = Cm(width)
        for cell in col.cells:
            cell.width = Cm(width)
    if t.note:
        p = doc.add_paragraph()
        run = p.add_run(_ITALIC.sub(r"\1", t.note))  # the note is italic as a whole: no literal asterisks
        run.italic = True
        run.font.size = Pt(8)


def render_docx(brief: Brief, path: Path) -> Path:
    """The brief as a Word document (A4, 2.5 cm margins, figures 16 cm wide)."""
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    margin = (21.0 - PRINT_WIDTH_CM) / 2
    sec.left_margin = sec.right_margin = Cm(margin)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    doc.core_properties.title = brief.title
    doc.add_heading(brief.title, level=0)
    for s in brief.summary:
        _runs(doc.add_paragraph(style="List Bullet"), s)
    for key in TABLE_SECTIONS:
        if key in brief.tables:
            doc.add_heading(brief.section_title(key), level=1)
            _docx_table(doc, brief.tables[key])
    doc.add_heading(brief.section_title("charts"), level=1)
    for i, f in enumerate(brief.figures, 1):  # title, figure and source stay on one page
        cap = doc.add_paragraph()
        cap.add_run(f"{i}. {f.title}").bold = True
        cap.paragraph_format.keep_with_next = True
        doc.add_picture(str(f.png), width=Cm(PRINT_WIDTH_CM))
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
        src = doc.add_paragraph()
        run = src.add_run(f"{_source_word(brief)}: {f.source}")
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    doc.add_heading(brief.section_title("sources"), level=1)
    for s in brief.sources:
        _runs(doc.add_paragraph(style="List Bullet"), s)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
