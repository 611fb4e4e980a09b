"""Bounded reading: an .xlsx whose parts would expand past a declared budget is refused before any parser runs.

A 0.5 MB workbook can hold a sheet of millions of rows (the XML compresses a thousandfold); reading it costs
tens of seconds and gigabytes before anything is decided. Before a reader sees the file, every XML part is
measured from the zip directory (uncompressed size, :data:`MAX_PART_BYTES`; all parts together,
:data:`MAX_TOTAL_BYTES`), and each worksheet is streamed once, in fixed-size chunks, counting its ``<row>``
and ``<c>`` elements up to :data:`MAX_SHEET_ROWS` / :data:`MAX_SHEET_CELLS` (the sheet's own
``<dimension>`` hint is not trusted: it can lie or be absent). Memory stays at one chunk; time at one pass
over at most :data:`MAX_PART_BYTES`.

The budgets are far above every real workbook in ``../shared`` (the largest sheet: ``PCI_2014.xlsx``,
1.3 MB of XML; the most rows: ``PAPI-2015-2023.xlsm``, 177) and far below what hurts. This module only
measures; :class:`analysis.ingest.workbooks.Workbook` turns a violation into a ``FileTooLargeError``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_PART_BYTES = 32 * 1024 * 1024  # one XML part (a sheet, the shared strings) uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # every part together, uncompressed
MAX_SHEET_ROWS = 20_000  # <row> elements in one worksheet (a province table has at most ~200)
MAX_SHEET_CELLS = 1_000_000  # <c> elements in one worksheet
CHUNK = 1 << 20
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_TAIL = 64  # bytes kept between chunks so that no tag is split unseen


@dataclass(frozen=True)
class Overrun:
    """What exceeded the budget: the zip member, the sheet's name when known, and why (one sentence)."""

    member: str
    sheet: str | None
    reason: str


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """zip member (xl/worksheets/sheet1.xml) -> sheet name, from workbook.xml and its relationships."""
    try:
        wb = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {
        m.group(1).decode(): m.group(2).decode()
        for m in re.finditer(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', rels)
    }
    targets |= {
        m.group(2).decode(): m.group(1).decode()
        for m in re.finditer(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"', rels)
    }
    out = {}
    for m in re.finditer(rb"<sheet\b[^>]*>", wb):
        tag = m.group(0)
        name = re.search(rb'\bname="([^"]*)"', tag)
        rid = re.search(rb'\br:id="([^"]*)"', tag) or re.search(rb'\b\w+:id="([^"]*)"', tag)
        if name and rid and rid.group(1).decode() in targets:
            t = targets[rid.group(1).decode()].lstrip("/")
            member = t if t.startswith("xl/") else "xl/" + t
            out[member] = name.group(1).decode("utf-8", "replace")
    return out


def _count(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, bool]:
    """(rows, cells, stopped early) of one worksheet, streamed; stops as soon as a budget is passed."""
    rows = cells = 0
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            buf = tail + chunk
            cut = len(buf) - _TAIL if len(chunk) == CHUNK else len(buf)
            # count the tags that start before the cut; the rest is looked at with the next chunk. A tag starts with
            # the only '<' it holds, so tags never overlap: those before the cut are all of the chunk's minus those
            # from the cut on (counted in C, not one match object at a time)
            rows += len(_ROW.findall(buf)) - len(_ROW.findall(buf, cut))
            cells += len(_CELL.findall(buf)) - len(_CELL.findall(buf, cut))
            tail = buf[cut:]
            if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                return rows, cells, True
    return rows, cells, False


def budget() -> tuple[int, int, int, int]:
    """The budgets in force (part bytes, total bytes, rows and cells per sheet): what a check's outcome depends on
    besides the file's bytes."""
    return MAX_PART_BYTES, MAX_TOTAL_BYTES, MAX_SHEET_ROWS, MAX_SHEET_CELLS


def check_xlsx(path: str | Path) -> Overrun | None:
    """The first part of the .xlsx at ``path`` that exceeds the budget, or None. Never parses XML."""
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        names = _sheet_names(zf)
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART_BYTES:
                return Overrun(
                    info.filename,
                    names.get(info.filename),
                    f"the part {info.filename!r} expands to {info.file_size:,} bytes, above the budget of "
                    f"{MAX_PART_BYTES:,} bytes per part (no province table is a thousandth of that)",
                )
        if total > MAX_TOTAL_BYTES:
            return Overrun(
                "", None, f"the parts expand to {total:,} bytes together, above the budget of {MAX_TOTAL_BYTES:,} bytes"
            )
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows, cells, stopped = _count(zf, info)
            if stopped:
                what = (
                    f"more than {MAX_SHEET_ROWS:,} rows"
                    if rows > MAX_SHEET_ROWS
                    else f"more than {MAX_SHEET_CELLS:,} cells"
                )
                return Overrun(
                    info.filename,
                    names.get(info.filename),
                    f"the sheet holds {what} (counted before parsing; budget {MAX_SHEET_ROWS:,} rows and "
                    f"{MAX_SHEET_CELLS:,} cells per sheet; a province table has fewer than 200 rows): "
                    "rows after the table at this scale are refused, not read",
                )
    return None
