"""Report pages: an executed notebook turned into an answer-first HTML page.

The page shows, in order: the notebook's title, the run's parameters, the summary
("what this shows", generated from the data by the notebook), the notebook's introduction
(the rest of its title cell), a table of contents, then the sections with their tables and
charts. Code is hidden unless ``with_code``.

Conventions the notebooks follow (see the README):

- **Summary**: the code cell tagged ``summary`` (by default the code cell right after a
  markdown heading "What this shows") displays the answer; it stays last in the notebook,
  where its inputs are computed, and moves to the top of the page.
- **Language**: a heading written "Tiếng Việt / English" shows the side of the run's
  ``lang`` (both for ``both``); in a markdown cell, lines after ``<!-- vi -->`` or
  ``<!-- en -->`` show only in that language, until the next marker (``<!-- all -->``
  ends a block).
"""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections.abc import Mapping

import nbformat

from analysis.core.prose import resolve

SUMMARY_TAG = "summary"
_LANG_MARK = re.compile(r"^\s*<!--\s*(vi|en|all)\s*-->\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_NUMBER = re.compile(r"^((?:\d+[a-z]?\s*[·.]\s*)?)(.*)$")  # "1b. " numbers a section too
_SUMMARY_HEADING = re.compile(r"what this shows", re.I)

PAGE_TEXT = {
    "summary": ("Tóm tắt", "What this shows"),
    "contents": ("Mục lục", "Contents"),
    "parameters": ("Tham số của lần chạy", "Parameters of this run"),
    "failed": ("LẦN CHẠY NÀY THẤT BẠI", "THIS RUN FAILED"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    vi, en = pair
    return {"vi": vi, "en": en}.get(lang, f"{vi} / {en}")


def heading_text(text: str, lang: str) -> str:
    """ "00 · Dữ liệu / The data" -> "00 · Dữ liệu" (vi), "00 · The data" (en), unchanged (both)."""
    if lang == "both" or text.count(" / ") != 1:
        return text
    number, body = _NUMBER.match(text).groups()
    vi, en = body.split(" / ")
    return number + (vi if lang == "vi" else en).strip()


def localise_markdown(source: str, lang: str) -> str:
    """Keep the run's language in a markdown cell (headings and ``<!-- vi/en -->`` blocks)."""
    out, current = [], "all"
    for line in source.splitlines():
        m = _LANG_MARK.match(line)
        if m:
            current = m.group(1)
            continue
        if current != "all" and lang != "both" and current != lang:
            continue
        h = _HEADING.match(line)
        if h:
            line = f"{h.group(1)} {heading_text(h.group(2), lang)}"
        out.append(line)
    return "\n".join(out).strip("\n")


def _headings(source: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2).strip()) for m in map(_HEADING.match, source.splitlines()) if m]


def summary_index(nb) -> int | None:
    """Index of the summary code cell (tag ``summary``, or the code cell after a "What this shows" heading)."""
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and SUMMARY_TAG in c.get("metadata", {}).get("tags", []):
            return i
    for i, c in enumerate(nb.cells[:-1]):
        nxt = nb.cells[i + 1]
        if (
            c.cell_type == "markdown"
            and nxt.cell_type == "code"
            and any(_SUMMARY_HEADING.search(t) for _, t in _headings(c.source))
        ):
            return i + 1
    return None


def _md(source: str, tag: str):
    cell = nbformat.v4.new_markdown_cell(source, metadata={"tags": [tag]})
    cell["id"] = tag  # a stable id (nbformat draws a random one): the same run, the same page
    return cell


def _format_value(v) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return str(v)


def _resolve_outputs(nb) -> None:
    """A number a bilingual run's prose left with both spellings (:func:`analysis.core.prose.resolve`) is shown
    the Vietnamese way: no marker reaches a page."""
    for c in nb.cells:
        for out in c.get("outputs", []):
            data = out.get("data", {})
            for mime in ("text/markdown", "text/html", "text/plain"):
                if mime in data:
                    v = data[mime]
                    data[mime] = resolve("".join(v) if isinstance(v, list) else v, "vi")
            if "text" in out:
                out["text"] = resolve("".join(out["text"]) if isinstance(out["text"], list) else out["text"], "vi")


def build_page(
    nb, *, lang: str = "vi", params: Mapping[str, object] | None = None, error: str = ""
) -> nbformat.NotebookNode:
    """A copy of the executed notebook arranged as a report page (see the module docstring)."""
    nb = copy.deepcopy(nb)
    _resolve_outputs(nb)
    cells = list(nb.cells)
    # the summary: its heading cell (if it only heads the summary) and the code cell move up
    summary = []
    si = summary_index(nb)
    if si is not None:
        summary = [cells[si]]
        prev = cells[si - 1] if si > 0 else None
        drop = {si}
        if (
            prev is not None
            and prev.cell_type == "markdown"
            and any(_SUMMARY_HEADING.search(t) for _, t in _headings(prev.source))
        ):
            drop.add(si - 1)
        cells = [c for i, c in enumerate(cells) if i not in drop]
    for c in cells:
        if c.cell_type == "markdown":
            c.source = localise_markdown(c.source, lang)
    # anchors and the table of contents (level-2 headings)
    toc = []
    for c in cells:
        if c.cell_type != "markdown":
            continue
        lines = c.source.splitlines()
        for j, line in enumerate(lines):
            h = _HEADING.match(line)
            if h and len(h.group(1)) == 2:
                anchor = f"section-{len(toc) + 1}"
                toc.append(f"- [{h.group(2).strip()}](#{anchor})")
                lines[j] = f'<a id="{anchor}"></a>\n\n{line}'
        c.source = "\n".join(lines)
    title_at = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"), -1)
    head = []
    if error:
        head.append(_md(f"> **{_pick(PAGE_TEXT['failed'], lang)}**: {error}", "page-error"))
    if params:
        head.append(
            _md(
                f"**{_pick(PAGE_TEXT['parameters'], lang)}:** "
                + "; ".join(f"`{k}` = {_format_value(v)}" for k, v in params.items()),
                "page-parameters",
            )
        )
    if summary:
        head.append(_md(f"## {_pick(PAGE_TEXT['summary'], lang)}", "page-summary-heading"))
        head.extend(summary)
    intro = []
    if title_at >= 0:  # the answer comes right under the title; the introduction follows it
        lines = cells[title_at].source.splitlines()
        h = next((j for j, line in enumerate(lines) if _HEADING.match(line)), None)
        rest = "\n".join(lines[h + 1 :]).strip() if h is not None else ""
        if rest and summary:
            cells[title_at].source = "\n".join(lines[: h + 1])
            intro = [_md(rest, "page-introduction")]
    contents = [_md(f"## {_pick(PAGE_TEXT['contents'], lang)}\n\n" + "\n".join(toc), "page-contents")] if toc else []
    nb.cells = cells[: title_at + 1] + head + intro + contents + cells[title_at + 1 :]
    if title_at >= 0:
        first = _headings(cells[title_at].source)
        if first:
            nb.metadata["title"] = first[0][1]  # the browser tab shows the page's title
    return nb


# nbconvert's template loads require.js and MathJax from a CDN: no page uses either (no math; the explorer's
# widgets are shown as their saved PNG), and a page that fetches from the internet breaks offline
_REMOTE_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*')
_HTML_LANG = re.compile(r'<html lang="[^"]*">')


def self_contained(html: str, lang: str = "vi") -> str:
    """The page without scripts from the internet, declaring the run's language (``both``: Vietnamese, like its
    figures; English passages inside are marked ``lang="en"`` where they are written)."""
    html = _REMOTE_SCRIPT.sub("", html)
    return _HTML_LANG.sub(f'<html lang="{"en" if lang == "en" else "vi"}">', html, count=1)


# one exporter per thread and code setting: a new HTMLExporter compiles nbconvert's templates again (about 0.15 s
# of a page's 0.35 s); an exporter is reused for one page at a time (report.run_report's page writer is one thread)
_EXPORTERS = threading.local()


def _exporter(with_code: bool):
    from nbconvert import HTMLExporter

    cache = _EXPORTERS.__dict__.setdefault("by_code", {})
    if with_code not in cache:
        exporter = HTMLExporter(
            exclude_input=not with_code, exclude_input_prompt=not with_code, exclude_output_prompt=not with_code
        )
        exporter.log.setLevel(logging.ERROR)  # "alternative text is missing": the figures' source lines say it
        cache[with_code] = exporter
    return cache[with_code]


def to_html(nb, *, with_code: bool = False, lang: str = "vi") -> str:
    body, _ = _exporter(with_code).from_notebook_node(nb)
    return self_contained(stable_widget_ids(body, widget_model_ids(nb)), lang)


_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_VIEW_DIV = re.compile(r'id="([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"')


def widget_model_ids(nb) -> list[str]:
    """The ids of the widget models a notebook's saved widget state holds (ipywidgets draws them at random)."""
    state = nb.get("metadata", {}).get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    return [str(k) for k in state]


def stable_widget_ids(html: str, model_ids: list[str]) -> str:
    """The same run, the same page: the widget model ids (random in the kernel) and the ids of the
    ``<div>`` each widget view is drawn into (random in nbconvert's template) become ids numbered in
    the order they first appear on the page, so they still match wherever they are referred to."""
    found = [m.group(1) for m in _VIEW_DIV.finditer(html)]
    ids = sorted(set(model_ids), key=lambda k: html.find(k)) + list(dict.fromkeys(found))
    if not ids:
        return html
    new = {}
    for i, old in enumerate(ids, 1):
        if old in new or old not in html:
            continue
        n = f"{i:032x}"
        new[old] = n if len(old) == 32 else f"{n[:8]}-{n[8:12]}-{n[12:16]}-{n[16:20]}-{n[20:]}"
    if not new:
        return html
    return re.compile("|".join(map(re.escape, new))).sub(lambda m: new[m.group(0)], html)
