"""Read the official VCCI PCI workbooks: detect the layout from content, then read it.

Nothing here knows which file holds which year. A workbook is recognised by what its
sheets contain:

* a **summary sheet** has a header naming a weighted-PCI column and at least five
  sub-index columns (Vietnamese or English wording, see :data:`HEADER_PATTERNS`), and
  data rows whose province-name cells resolve through :func:`catalog.resolve_province`;
* the **layout family** follows from the number of province-name columns in the data:
  one (``one_row_per_province``: 2005–2007, 2009, 2017–2018) or several
  (``paired_columns``: each indicator is a (province, score) pair sorted by its own score,
  2008, 2010–2016);
* when the summary sheet has no rank column, a **ranking sheet** (province, weighted PCI,
  rank) stating the same year supplies the rank and tier (2005), else a leading order
  column does when the composite is sorted by it (2006, 2008).

Year: the year a sheet states in its PCI/rank/tier headers ("PCI 2016", "The Weighted
PCI Score in 2017"); when the file name (``PCI_2019.xlsx``) or ``year=`` claims a year,
sheets stating another year are stale copies and are skipped; if no summary sheet is left
the workbook is refused (:class:`StaleSheetError`).

Internally rows and columns are 0-based, as pandas sees a sheet read with ``header=None``
(the convention of ``../shared/data/PCI_WORKBOOK_LAYOUTS.md``); messages and the
``source_locator`` / ``rank_locator`` of every record are in Excel's terms (1-based rows,
lettered columns: "sheet 'Summary_VN', cell C13"; locator "Summary_VN!C13").

A sheet with all ten sub-indices and no composite (the VCCI-format PCI 2023 workbook,
``PCI_2023_subindices.xlsx``) is a *sub-index summary* (layout ``subindices_only``): its
scores are read, no composite or rank exists, and the 2021+ sub-index names are mapped to the
existing codes (a ``subindex_names_2021`` note records the mapping).

Readers: python-calamine first (fast, no XML entity expansion); openpyxl for .xlsx
sheets calamine cannot read (PCI_2014.xlsx) — openpyxl parses through defusedxml when it
is installed, which this module requires; xlrd for .xls sheets calamine cannot read.

Before any reader runs (hostile inputs, ``tests/hostile``): the size limit; for .xlsx the zip
directory (truncation, CRC, inflated size) and a scan of every XML part for a DTD (entity
bombs, external entities: :class:`UnsafeWorkbookError`); for .xls the OLE2 container parsed in
pure Python and an encrypted package recognised (:class:`EncryptedWorkbookError`); then
calamine opens the file once in a memory-capped child process (:func:`probe_native_reader`),
because a crafted file can make native code abort the whole process. A process remembers, by the
file's SHA-256, the bytes that passed these checks and the probe, and the cells of each sheet it
read: the same bytes read again are not checked or parsed again (:func:`forget_reads`).
"""

from __future__ import annotations

import math
import os
import re
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.numbers import NumberParseError, is_missing, parse_number
from analysis.core.store import sha256_file
from analysis.data import catalog
from analysis.data.catalog import SUBINDICES, UnknownProvinceError, normalise_name, strip_diacritics
from analysis.ingest import sheet_budget

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_BYTES_ENV = "PCI_MAX_WORKBOOK_BYTES"
MAX_UNCOMPRESSED_RATIO = 100  # an .xlsx inflating to more than 100x the size limit is refused
HEADER_SCAN_ROWS = 15
MAX_COLUMNS = 200  # the openpyxl fallback reads at most this many columns

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

FIRST_PCI_YEAR = 2005  # the first PCI; a workbook stating an earlier (or a future) year is refused

LAYOUT_ONE_ROW = "one_row_per_province"
LAYOUT_PAIRED = "paired_columns"


# --------------------------------------------------------------------------- errors
class WorkbookError(ValueError):
    """A workbook that cannot be imported; says where (file, sheet, row, column) and why."""

    def __init__(
        self,
        message: str,
        *,
        file: str | os.PathLike | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
    ):
        self.file = Path(file).name if file is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column
        self.reason = message
        where = []
        if self.file:
            where.append(self.file)
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        where += excel_where(row, column)
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


def column_letter(col: int) -> str:
    """0-based column index -> Excel letters: 0 -> 'A', 2 -> 'C', 26 -> 'AA'."""
    return _column_letter(int(col))


@lru_cache(maxsize=1024)  # every cell a reader records names its column
def _column_letter(col: int) -> str:
    out = ""
    n = col + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def cell_ref(row: int, col: int) -> str:
    """0-based (row, column) as pandas sees a sheet -> Excel's cell name: (12, 2) -> 'C13'."""
    return f"{column_letter(col)}{int(row) + 1}"


def excel_where(row: int | None, column: int | None) -> list[str]:
    """Location words in Excel's terms (1-based rows, lettered columns): ['cell C13'], ['row 13'], ['column C']."""
    if row is not None and column is not None:
        return [f"cell {cell_ref(row, column)}"]
    if row is not None:
        return [f"row {int(row) + 1}"]
    if column is not None:
        return [f"column {column_letter(column)}"]
    return []


class EmptyFileError(WorkbookError):
    """The file has no bytes."""


class NotAWorkbookError(WorkbookError):
    """The file is not an Excel workbook, or is truncated/corrupt."""


class UnsafeWorkbookError(NotAWorkbookError):
    """The workbook's XML uses entity declarations (XML bomb / external entity)."""


class EncryptedWorkbookError(NotAWorkbookError):
    """A password-protected (encrypted) workbook: cannot be read without the password."""


class FileTooLargeError(WorkbookError):
    """The file (or, for .xlsx, its uncompressed content) exceeds the size limit."""


class UnrecognisedLayoutError(WorkbookError):
    """No sheet looks like a PCI summary sheet."""


class MissingColumnError(UnrecognisedLayoutError):
    """The summary sheet lacks a sub-index column of the year's scheme (missing or renamed header)."""


class StaleSheetError(WorkbookError):
    """A sheet states another year than the workbook's."""


class YearUnknownError(WorkbookError):
    """Neither the sheets, the file name nor ``year=`` give the workbook's year."""


class YearOutOfRangeError(WorkbookError):
    """The workbook's year is before the first PCI (2005) or in the future."""


class UnknownProvinceInWorkbookError(WorkbookError):
    """A province name the catalogue does not know (never silently dropped)."""

    def __init__(self, message: str, *, name: str, suggestions: list[str], **where):
        self.name = name
        self.suggestions = suggestions
        super().__init__(message, **where)


class DuplicateProvinceError(WorkbookError):
    """A province listed twice for one indicator."""


class ProvinceCountError(WorkbookError):
    """Fewer or more provinces than expected for the year."""


class ScoreOutOfRangeError(WorkbookError):
    """A sub-index outside 0–10 or a composite outside 0–100."""


class MissingScoreError(WorkbookError):
    """A blank or non-numeric score cell."""


class UnreadableNumberError(MissingScoreError):
    """A score cell holding text that is not one unambiguous number ('abc', '1.423', '53,46%')."""


class RankError(WorkbookError):
    """A published rank that is not an integer between 1 and the number of provinces."""


# --------------------------------------------------------------------------- safety
def _reader_failed(exc: BaseException) -> None:
    """Called first in ``except BaseException`` around a reader call: re-raise interrupts and exits.

    A panic inside python-calamine surfaces as ``pyo3_runtime.PanicException``, a
    *BaseException*: ``except Exception`` would let a damaged file crash the import.
    """
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def _ensure_defused_openpyxl() -> None:
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a declared dependency
        raise ImportError("defusedxml is not installed: openpyxl would parse workbooks without XML protection")


def openpyxl_uses_defusedxml() -> bool:
    """True when openpyxl parses XML through defusedxml (it does so whenever it is installed)."""
    from openpyxl.xml import DEFUSEDXML

    return bool(DEFUSEDXML)


NATIVE_PROBE_MEMORY = 2 * 1024**3
NATIVE_PROBE_TIMEOUT = 120
_PROBE = r"""
import sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
except Exception:
    pass
import python_calamine as pc
print("open", flush=True)
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    print("sheet", name, flush=True)
    try:
        wb.get_sheet_by_name(name).to_python(nrows=1)
    except Exception:
        pass
"""


# (sha256, suffix) of the files whose probe ended normally in this process: the same bytes under the same
# suffix make calamine do the same, so a workbook read again (an import that reads the file it read before,
# the tests) is not probed again (a child process each time: ~30 ms). A refused file is never recorded.
_PROBED_SAFE: set[tuple[str, str]] = set()


# (sha256, kind, size limit, sheet budget) of the containers whose checks (zip directory, CRCs, XML prologs,
# sheet budget; OLE2 directory, encryption) passed in this process: they look at the bytes alone, so the same
# bytes under the same limits pass again (a workbook read again by the next import, the tests: ~20 ms each for
# an .xlsx). A refused file is never recorded: it is checked, and refused, again.
_CONTAINER_SAFE: set[tuple] = set()
CONTAINER_CACHE_BYTES = 16 * 1024 * 1024  # the largest workbook in ../shared: ~1.4 MB
# The cells of the sheets read in this process, by the file's SHA-256 and suffix, the reader choice, the sheet and
# the rows asked for, with the reader that read them: the same bytes give the same cells (an import reading a
# workbook read before; the PAPI data tables read by each build). Only a sheet read without error is kept.
_SHEET_ROWS: OrderedDict[tuple, tuple[str, tuple[tuple, ...]]] = OrderedDict()
_SHEET_ROWS_SIZE = 256


def forget_reads() -> None:
    """Forget the container checks and sheets read in this process (benchmarks time cold reads); the calamine
    probe's record (:data:`_PROBED_SAFE`) is kept, as before."""
    _CONTAINER_SAFE.clear()
    _SHEET_ROWS.clear()


def probe_native_reader(path: Path, report_as: Path | None = None) -> None:
    """Open ``path`` with python-calamine in a child process before this process does.

    calamine is native code: some damaged or crafted files make it abort the whole process
    (e.g. a cell at XFD1048576 makes it allocate the dense 17-billion-cell range; a damaged .xls
    record asks for 34 GB), which no ``except`` can catch. The child has a memory cap; if it
    dies from a signal the workbook is refused. Ordinary errors are left to the in-process
    reader (and its fallbacks). Costs ~20 ms per workbook.
    """
    import subprocess
    import sys

    shown = report_as or path
    try:
        r = subprocess.run(
            [sys.executable, "-I", "-c", _PROBE, str(path), str(NATIVE_PROBE_MEMORY)],
            capture_output=True,
            text=True,
            timeout=NATIVE_PROBE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise UnsafeWorkbookError(
            f"refused: the spreadsheet reader did not finish within {NATIVE_PROBE_TIMEOUT} s", file=shown
        ) from None
    if r.returncode >= 0:
        return
    last = (r.stdout.strip().splitlines() or ["open"])[-1]
    sheet = last[len("sheet ") :] if last.startswith("sheet ") else None
    detail = next((ln for ln in r.stderr.splitlines() if "memory allocation" in ln), f"signal {-r.returncode}")
    raise UnsafeWorkbookError(
        "refused: the spreadsheet reader (python-calamine) crashed on this file "
        f"({detail}) — corrupt, or cells spread over an absurd range (e.g. one at XFD1048576)",
        file=shown,
        sheet=sheet,
    )


def max_bytes_default() -> int:
    env = os.environ.get(MAX_BYTES_ENV)
    return int(env) if env else DEFAULT_MAX_BYTES


# --------------------------------------------------------------------------- opening
def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float) and math.isnan(v):
        return ""
    if isinstance(v, (int, float, str, bool)):
        return v
    return str(v)


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    out = []
    for r in rows:
        # _cell(v), with the common cells (text, integers, numbers that are not NaN) kept without a call
        r = [v if (t := type(v)) is str or t is int or (t is float and v == v) else _cell(v) for v in r]
        while r and r[-1] == "":
            r.pop()
        out.append(r)
    while out and not out[-1]:
        out.pop()
    return out


class Workbook:
    """One workbook file opened for reading, with per-sheet reader fallback."""

    def __init__(self, path: str | os.PathLike, *, max_bytes: int | None = None, fallback_only: bool = False):
        self.path = Path(path)
        self.name = self.path.name
        limit = max_bytes_default() if max_bytes is None else int(max_bytes)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such workbook")
        if self.path.is_dir():
            raise NotAWorkbookError("is a directory, not a workbook", file=self.path)
        size = self.path.stat().st_size
        if size == 0:
            raise EmptyFileError("the file is empty (0 bytes)", file=self.path)
        if size > limit:
            raise FileTooLargeError(
                f"the file is {size:,} bytes, above the limit of {limit:,} bytes "
                f"(raise it with max_bytes= or the {MAX_BYTES_ENV} environment variable)",
                file=self.path,
            )
        with open(self.path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(XLSX_MAGIC):
            self.kind = "xlsx"
        elif head == XLS_MAGIC:
            self.kind = "xls"
        else:
            raise NotAWorkbookError(
                f"not an Excel workbook: expected an .xlsx (zip, starts with 'PK') or .xls (OLE2) file, "
                f"found a file starting with {head[:8]!r}",
                file=self.path,
            )
        # a file of ordinary size is hashed first and its checks skipped when the same bytes passed them before;
        # a larger one is checked first, as hashing it would cost more than checks that may refuse it at once
        self.sha256 = sha256_file(self.path) if size <= CONTAINER_CACHE_BYTES else None
        passed = (self.sha256, self.kind, limit, MAX_UNCOMPRESSED_RATIO, sheet_budget.budget())
        if self.sha256 is None or passed not in _CONTAINER_SAFE:
            if self.kind == "xlsx":
                self._check_zip(limit)
            else:
                self._check_ole()
            if self.sha256 is not None:
                _CONTAINER_SAFE.add(passed)
            else:
                self.sha256 = sha256_file(self.path)
        self._calamine = None
        self._openpyxl = None
        self._xlrd = None
        self.readers: dict[str, str] = {}
        self._repaired = None if fallback_only else False
        self._fallback_only = fallback_only
        if not fallback_only:
            probed = (self.sha256, self.path.suffix.lower())  # calamine picks its reader by the suffix
            if probed not in _PROBED_SAFE:
                probe_native_reader(self.path)
                _PROBED_SAFE.add(probed)
        try:
            if fallback_only:  # tests and benchmarks: read with openpyxl / xlrd only
                raise RuntimeError("calamine not used (fallback_only=True)")
            import python_calamine as pc

            self._calamine = pc.CalamineWorkbook.from_path(str(self.path))
            self.sheet_names = list(self._calamine.sheet_names)
        except BaseException as exc:  # calamine cannot open it: try the fallback reader
            _reader_failed(exc)
            self._calamine = None
            self.sheet_names = self._fallback_sheet_names(exc)

    # .xlsx is a zip: refuse zip bombs and truncated archives before any XML is parsed
    def _check_zip(self, limit: int) -> None:
        try:
            with zipfile.ZipFile(self.path) as zf:
                total = sum(i.file_size for i in zf.infolist())
                bad = zf.testzip()
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError, ValueError) as exc:
            raise NotAWorkbookError(
                f"not a readable .xlsx (zip) file — truncated or corrupt? ({type(exc).__name__}: {exc})", file=self.path
            ) from None
        if bad is not None:
            raise NotAWorkbookError(f"corrupt member {bad!r} in the .xlsx (zip) file", file=self.path)
        if total > limit * MAX_UNCOMPRESSED_RATIO:
            raise FileTooLargeError(
                f"the .xlsx inflates to {total:,} bytes, above {MAX_UNCOMPRESSED_RATIO}x the limit", file=self.path
            )
        self._check_xml_prologs()
        over = sheet_budget.check_xlsx(self.path)  # bounded reading: sizes and rows counted before parsing
        if over is not None:
            raise FileTooLargeError(over.reason, file=self.path, sheet=over.sheet)

    _DTD_MARKERS = tuple(
        m for t in ("<!DOCTYPE", "<!ENTITY") for m in (t.encode(), t.encode("utf-16-le"), t.encode("utf-16-be"))
    )

    def _check_xml_prologs(self) -> None:
        """Refuse any XML part declaring a DTD (entity bombs, external entities) before a parser sees it.

        Office Open XML parts never carry a DTD; a declaration can only sit in the prolog, before
        the root element, so the first 64 KiB of each part are enough to look at.
        """
        with zipfile.ZipFile(self.path) as zf:
            for info in zf.infolist():
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(1 << 16)
                if any(m in head for m in self._DTD_MARKERS):
                    raise UnsafeWorkbookError(
                        f"refused: the XML part {info.filename!r} declares a DTD/entities (XML entity-expansion "
                        "or external-entity attack); Excel never writes these",
                        file=self.path,
                    )

    _ENCRYPTED_STREAMS = tuple(n.encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))

    def _check_ole(self) -> None:
        """Check an OLE2 (.xls) container in pure Python before a native reader sees it.

        A damaged directory can make python-calamine abort the whole process (a 4 GB allocation
        from a garbage stream size), which no ``except`` can catch: the container is parsed with
        xlrd's pure-Python reader first and every stream size checked against the file size.
        Also recognises an encrypted .xlsx package (EncryptionInfo + EncryptedPackage streams).
        """
        import xlrd.compdoc

        with open(self.path, "rb") as fh:
            data = fh.read()
        try:
            with open(os.devnull, "w") as log:
                cd = xlrd.compdoc.CompDoc(data, logfile=log)
        except BaseException as exc:
            _reader_failed(exc)
            raise NotAWorkbookError(
                f"corrupt OLE2 (.xls) container — truncated or damaged? ({type(exc).__name__}: {exc})", file=self.path
            ) from None
        for d in cd.dirlist:
            if d.etype in (2, 5) and not 0 <= d.tot_size <= len(data) + 4096:
                raise NotAWorkbookError(
                    f"corrupt OLE2 (.xls) container: stream {d.name!r} claims {d.tot_size:,} "
                    f"bytes in a file of {len(data):,}",
                    file=self.path,
                )
        if any(n in data for n in self._ENCRYPTED_STREAMS):
            raise EncryptedWorkbookError(
                "the workbook is password-protected (an encrypted Office package: EncryptionInfo/EncryptedPackage "
                "streams); save an unprotected copy in Excel and import that",
                file=self.path,
            )

    def _fallback_sheet_names(self, exc: Exception) -> list[str]:
        try:
            if self.kind == "xlsx":
                return list(self._open_openpyxl().sheetnames)
            return list(self._open_xlrd().sheet_names())
        except WorkbookError:
            raise
        except BaseException as exc2:
            _reader_failed(exc2)
            if any(w in f"{exc} {exc2}".lower() for w in ("encrypt", "password")):
                raise EncryptedWorkbookError(
                    f"the workbook is password-protected (calamine: {exc}; fallback: {exc2}); save an unprotected "
                    "copy in Excel and import that",
                    file=self.path,
                ) from None
            raise NotAWorkbookError(
                f"cannot be read as an Excel workbook — truncated or corrupt? (calamine: {exc}; fallback: {exc2})",
                file=self.path,
            ) from None

    _DIMENSION_ROWS_ONLY = re.compile(rb'<dimension ref="\d+:\d+"\s*/>')

    def _repaired_calamine(self):
        """calamine on an in-memory copy whose row-only ``<dimension ref="1:69"/>`` hints are dropped.

        Some sheets of PCI_2014.xlsx carry such hints, which calamine rejects ("Range is missing
        the expected column component"). The hint is optional in the file format; no cell is
        touched. Returns None when nothing needed repair (then openpyxl is the fallback).
        """
        if self._repaired is not False:
            return self._repaired
        self._repaired = None
        import io

        import python_calamine as pc

        buf = io.BytesIO()
        changed = False
        with zipfile.ZipFile(self.path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    head, tail = data[:4096], data[4096:]
                    new_head = self._DIMENSION_ROWS_ONLY.sub(b"", head)
                    if new_head != head:
                        changed = True
                        data = new_head + tail
                dst.writestr(info, data)
        if changed:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="pci-probe-") as tmp:  # the repaired copy is probed too
                copy = Path(tmp, self.path.name)
                copy.write_bytes(buf.getvalue())
                probe_native_reader(copy, report_as=self.path)
            buf.seek(0)
            try:
                self._repaired = pc.CalamineWorkbook.from_filelike(buf)
            except BaseException as _exc:
                _reader_failed(_exc)
                self._repaired = None
        return self._repaired

    def _open_openpyxl(self):
        if self._openpyxl is None:
            _ensure_defused_openpyxl()
            import openpyxl

            try:
                self._openpyxl = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            except BaseException as exc:
                _reader_failed(exc)
                if "Entit" in type(exc).__name__ or "DTD" in type(exc).__name__:
                    raise UnsafeWorkbookError(
                        f"refused: the workbook's XML declares entities ({type(exc).__name__})", file=self.path
                    ) from None
                raise
        return self._openpyxl

    def _open_xlrd(self):
        if self._xlrd is None:
            import xlrd

            self._xlrd_log = open(os.devnull, "w")  # xlrd prints its warnings to stdout otherwise
            self._xlrd = xlrd.open_workbook(str(self.path), on_demand=True, logfile=self._xlrd_log)
        return self._xlrd

    def rows(self, sheet: str, nrows: int | None = None) -> list[list[Any]]:
        """The sheet's cells, absolute positions (row 0 = the sheet's first row), '' for blanks."""
        if sheet not in self.sheet_names:
            raise WorkbookError(f"no sheet {sheet!r}; sheets: {self.sheet_names}", file=self.path)
        key = (self.sha256, self.path.suffix.lower(), self._fallback_only, MAX_COLUMNS, sheet, nrows)
        hit = _SHEET_ROWS.get(key)
        if hit is not None:
            _SHEET_ROWS.move_to_end(key)
            self.readers[sheet] = hit[0]
            return [list(r) for r in hit[1]]
        data = self._read_rows(sheet, nrows)
        _SHEET_ROWS[key] = (self.readers[sheet], tuple(tuple(r) for r in data))
        while len(_SHEET_ROWS) > _SHEET_ROWS_SIZE:
            _SHEET_ROWS.popitem(last=False)
        return data

    def _read_rows(self, sheet: str, nrows: int | None) -> list[list[Any]]:
        errors = []
        if self._calamine is not None:
            try:
                data = self._calamine.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=nrows)
                self.readers[sheet] = "calamine"
                return _trim(data)
            except BaseException as exc:
                _reader_failed(exc)
                errors.append(f"calamine: {exc}")
            repaired = self._repaired_calamine() if self.kind == "xlsx" else None
            if repaired is not None:
                try:
                    data = repaired.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=nrows)
                    self.readers[sheet] = "calamine (row-only <dimension> dropped)"
                    return _trim(data)
                except BaseException as exc:
                    _reader_failed(exc)
                    errors.append(f"calamine after repair: {exc}")
        try:
            if self.kind == "xlsx":
                ws = self._open_openpyxl()[sheet]
                # some sheets declare 1024+ columns; no PCI summary table is wider than MAX_COLUMNS
                it = ws.iter_rows(min_row=1, max_row=nrows, min_col=1, max_col=MAX_COLUMNS, values_only=True)
                data = [list(r) for r in it]
                self.readers[sheet] = "openpyxl"
            else:
                sh = self._open_xlrd().sheet_by_name(sheet)
                n = sh.nrows if nrows is None else min(nrows, sh.nrows)
                data = [sh.row_values(i) for i in range(n)]
                self.readers[sheet] = "xlrd"
            return _trim(data)
        except WorkbookError:
            raise
        except BaseException as exc:
            _reader_failed(exc)
            errors.append(f"fallback: {type(exc).__name__}: {exc}")
            raise NotAWorkbookError(
                f"cannot read the sheet ({'; '.join(errors)})", file=self.path, sheet=sheet
            ) from None

    def close(self) -> None:
        for obj in (self._calamine, self._openpyxl, self._repaired or None):
            try:
                if obj is not None:
                    obj.close()
            except Exception:
                pass
        if self._xlrd is not None:
            self._xlrd.release_resources()
            self._xlrd_log.close()


# --------------------------------------------------------------------------- header classification
def header_key(text: Any) -> str:
    """Header text folded for matching: no diacritics, lower case, punctuation -> spaces."""
    s = strip_diacritics(str(text)).lower()
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return f" {s.strip()} "


# role -> regexes on header_key(); checked in this order, first match wins. Sub-indices
# come before 'pci' because a sub-index header may mention PCI ("Transparency (As PCI 2005)").
HEADER_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", (r" ma pci ", r" pci id ", r" tinhid ")),
    ("unweighted", (r" chua co trong so ", r" unweighted ", r" un weighted ")),
    ("tier", (r" nhom xep hang ", r" tier ")),
    ("rank", (r" xep hang ", r" thu hang ", r" ranking ", r" rank ")),
    ("order", (r"^ thu tu $", r"^ stt $", r"^ no $", r"^ order $")),
    ("central_policy", (r" chinh sach cua trung uong ", r" central polic")),
    ("entry_costs", (r" gia nhap thi truong ", r" entry ")),
    ("land_access", (r" dat dai ", r" land ")),
    ("transparency", (r" minh bach ", r" transparency ")),
    ("time_costs", (r" thoi gian ", r" time costs? ", r" regulatory compliance ")),
    ("informal_charges", (r" khong chinh thuc ", r" informal ")),
    ("policy_bias", (r" dnnn ", r" doanh nghiep nha nuoc ", r" canh tranh binh dang ", r" bias ")),
    ("proactivity", (r" nang dong ", r" proactiv")),
    (
        "business_support",
        (
            r" ho tro doanh nghiep ",
            r" ho tro dn ",
            r" kinh te tu nhan ",
            r" kttn ",
            r" private sector development ",
            r" business support ",
            r" bss ",
        ),
    ),
    ("labor_training", (r" dao tao lao dong ", r" labou?r ")),
    ("legal_institutions", (r" thiet che phap ly ", r" legal ", r" law ")),
    ("pci", (r" pci ",)),
)
_COMPILED = tuple((role, tuple(re.compile(p) for p in pats)) for role, pats in HEADER_PATTERNS)
YEAR_ROLES = ("pci", "rank", "tier", "unweighted")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

TIER_WORDS = {
    normalise_name(w)
    for w in (
        "Rất tốt",
        "Tốt",
        "Khá",
        "Khá tốt",
        "Trung bình",
        "Tương đối thấp",
        "Thấp",
        "Rất thấp",
        "Excellent",
        "Very good",
        "Good",
        "High",
        "Mid-high",
        "Average",
        "Mid-low",
        "Low",
        "Very low",
    )
}
STOP_WORDS = {
    normalise_name(w)
    for w in (
        "Min",
        "Max",
        "Median",
        "Mean",
        "Average",
        "Trung vị",
        "Trung bình",
        "Xếp hạng",
        "Thứ tự",
        "Ranking",
        "Rank",
        "Highest",
        "Lowest",
        "Điểm cao nhất",
        "Điểm thấp nhất",
        "Tổng",
        "Total",
        "Tỉnh",
        "Province",
        "Cả nước",
        "Nationwide",
        "Vietnam",
        "Việt Nam",
    )
}


def classify_header(text: str) -> str | None:
    """The role a header text announces: a sub-index code, 'pci', 'rank', 'tier', ... or None."""
    key = header_key(text)
    if not key.strip():
        return None
    for role, regs in _COMPILED:
        if any(r.search(key) for r in regs):
            return role
    return None


def expected_province_count(year: int) -> int | None:
    """42 (2005), 64 (2006–2008, Hà Tây separate), 63 (2009–2022); None from 2023 (top-30 only)."""
    if year <= 2005:
        return 42
    if year <= 2008:
        return 64
    if year <= 2022:
        return 63
    return None


# --------------------------------------------------------------------------- province names
_PREFIXES = ("thanhpho", "tinh", "tp")
_current_key: list[str] = []  # the catalogue in use during one read (set by read_workbook)


def _provinces_key() -> str:
    """What the name caches below are keyed on: the catalogue in force (one passed with
    ``catalog.using``, as the importer does), else ``data/provinces.csv`` and its modification time."""
    if _current_key:
        return _current_key[-1]
    active = catalog.active_catalogue()
    if active is not None:
        return "catalogue:" + active.fingerprint()
    p = catalog.provinces_path()
    return f"{p}:{p.stat().st_mtime_ns if p.exists() else 0}"


@lru_cache(maxsize=4096)
def _resolve_cached(name: str, key: str):
    try:
        return catalog.resolve_province(name)
    except UnknownProvinceError as exc:
        return exc


@lru_cache(maxsize=8)
def _alias_keys(key: str) -> frozenset[str]:
    keys = set(catalog.alias_table()["key"])
    keys |= {k[len(p) :] for k in list(keys) for p in _PREFIXES if k.startswith(p) and len(k) > len(p) + 2}
    return frozenset(keys)


def resolve(name: str):
    """catalog.resolve_province, cached; returns the UnknownProvinceError instead of raising."""
    return _resolve_cached(name, _provinces_key())


def _maybe_province(name: str) -> bool:
    """Cheap pre-check (no fuzzy suggestions) used while scanning headers for province columns."""
    k = normalise_name(name)
    keys = _alias_keys(_provinces_key())
    return k in keys or any(k.startswith(p) and k[len(p) :] in keys for p in _PREFIXES)


def _looks_like_name(v: Any) -> bool:
    return isinstance(v, str) and 2 <= len(v.strip()) <= 40 and not any(ch.isdigit() for ch in v)


def _is_province(v: Any) -> bool:
    return _looks_like_name(v) and _maybe_province(v.strip()) and not isinstance(resolve(v.strip()), Exception)


def _is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    if isinstance(v, str) and v.strip():
        try:
            parse_number(v, "auto")
            return True
        except NumberParseError:
            return False
    return False


# --------------------------------------------------------------------------- layout
@dataclass
class Column:
    col: int
    role: str
    header: str
    name_col: int


@dataclass
class SheetLayout:
    sheet: str
    family: str
    first_data_row: int
    name_cols: list[int]
    columns: dict[str, Column]
    stated_year: int | None
    order_col: int | None = None
    unlabeled_cols: list[int] = field(default_factory=list)

    @property
    def indicators(self) -> list[str]:
        return [r for r in ("pci", *SUBINDICES) if r in self.columns]


@dataclass
class SheetCandidate:
    sheet: str
    layout: SheetLayout | None
    reason: str  # why it is not a summary sheet ('' when it is one)
    kind: str = ""  # 'summary' | 'ranking' | ''


def _header_texts(rows: list[list[Any]], first_data_row: int) -> dict[int, str]:
    texts: dict[int, list[str]] = {}
    for r in rows[:first_data_row]:
        for c, v in enumerate(r):
            if isinstance(v, str) and v.strip():
                texts.setdefault(c, []).append(v.strip())
    return {c: " ".join(t) for c, t in texts.items()}


def analyse_sheet(sheet: str, rows: list[list[Any]]) -> SheetCandidate:
    """Describe a sheet from its first rows: a summary sheet, a ranking sheet, or neither (why)."""
    first = None
    for i, r in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = [c for c, v in enumerate(r) if _is_province(v)]
        nums = sum(1 for v in r if _is_number(v))
        if names and nums >= 1 and i > 0:
            first = i
            name_cols = names
            break
    if first is None:
        return SheetCandidate(sheet, None, "no data row with a known province name below a header")
    texts = _header_texts(rows, first)
    columns: dict[str, Column] = {}
    dupes: list[str] = []
    unlabeled: list[int] = []
    order_col = None
    width = max(len(r) for r in rows[: first + 1])
    for c in range(width):
        if c in name_cols:
            continue
        text = texts.get(c, "")
        role = classify_header(text)
        if role is None:
            if not text:
                unlabeled.append(c)
            continue
        if role == "order":
            order_col = c
            continue
        if role in ("id", "central_policy", "unweighted"):
            columns.setdefault(role, Column(c, role, text, -1))
            continue
        if role in columns:
            dupes.append(f"{role} (columns {column_letter(columns[role].col)} and {column_letter(c)})")
            continue
        left = [n for n in name_cols if n < c]
        name_col = name_cols[0] if len(name_cols) == 1 else (max(left) if left else None)
        if name_col is None:
            dupes.append(f"{role} (column {column_letter(c)} has no province column to its left)")
            continue
        columns[role] = Column(c, role, text, name_col)
    for role in ("id", "central_policy", "unweighted"):
        if role in columns:
            columns[role].name_col = (
                name_cols[0]
                if len(name_cols) == 1
                else max([n for n in name_cols if n < columns[role].col] or name_cols[:1])
            )
    years = sorted({int(y) for role in YEAR_ROLES if role in columns for y in _YEAR_RE.findall(columns[role].header)})
    if len(years) > 1:
        return SheetCandidate(sheet, None, f"its headers state several years {years}")
    family = LAYOUT_ONE_ROW if len(name_cols) == 1 else LAYOUT_PAIRED
    layout = SheetLayout(sheet, family, first, name_cols, columns, years[0] if years else None, order_col, unlabeled)
    subs = [s for s in SUBINDICES if s in columns]
    if dupes:
        return SheetCandidate(sheet, layout, f"ambiguous columns: {'; '.join(dupes)}")
    if "pci" not in columns:
        if len(subs) == len(SUBINDICES) and "rank" not in columns:
            layout.family = LAYOUT_SUBINDICES_ONLY
            return SheetCandidate(sheet, layout, "", "subindex_summary")
        return SheetCandidate(sheet, layout, "no weighted-PCI column")
    if len(subs) >= 5:
        return SheetCandidate(sheet, layout, "", "summary")
    if "rank" in columns and not subs:
        return SheetCandidate(sheet, layout, "", "ranking")
    return SheetCandidate(sheet, layout, f"only {len(subs)} sub-index columns ({', '.join(subs) or 'none'})")


EXPECTED_LAYOUT = (
    "a summary sheet whose header names a weighted-PCI column ('PCI 2016', 'Chỉ số PCI có trọng số', "
    "'The Weighted PCI Score') and at least five sub-index columns ('Gia nhập thị trường'/'Entry Costs', "
    "'Tiếp cận đất đai'/'Land Access', ...), above rows of province names — one row per province or "
    "(province, score) column pairs"
)


# --------------------------------------------------------------------------- reading
@dataclass
class ParsedWorkbook:
    file: str
    path: Path
    sha256: str
    year: int
    layout: str
    sheets_read: list[str]
    rows_read: int
    readers: list[str]
    records: pd.DataFrame
    notes: list[dict] = field(default_factory=list)
    expected_count: int | None = None
    language: str = ""  # 'vi' when the summary sheet's headers are Vietnamese, else 'en'

    @property
    def provinces(self) -> list[str]:
        return sorted(self.records["province_code"].unique())

    def describe(self) -> str:
        return (
            f"{self.file}: PCI {self.year}, layout {self.layout}, sheets {', '.join(self.sheets_read)}, "
            f"{self.records['province_code'].nunique()} provinces, "
            f"indicators {', '.join(i for i in ('pci', *SUBINDICES) if i in set(self.records['indicator']))}"
        )


RECORD_COLUMNS = [
    "year",
    "province",
    "province_code",
    "indicator",
    "score",
    "rank",
    "tier",
    "source_file",
    "source_locator",
    "rank_locator",
    "name_locator",
]  # name_locator: the cell holding the name
LAYOUT_SUBINDICES_ONLY = "subindices_only"


def year_in_file_name(path: str | os.PathLike) -> int | None:
    m = _YEAR_RE.findall(Path(path).stem)
    return int(m[-1]) if m else None


def read_workbook(
    path: str | os.PathLike,
    *,
    year: int | None = None,
    max_bytes: int | None = None,
    expected_count: int | None = None,
    fallback_only: bool = False,
) -> ParsedWorkbook:
    """Detect the layout of one PCI workbook and read its summary table.

    Returns long records (one per province × indicator) with the published composite rank
    and tier where the workbook has them; raises a :class:`WorkbookError` subclass naming
    the file, sheet, row and column of the first problem.
    """
    wb = Workbook(path, max_bytes=max_bytes, fallback_only=fallback_only)
    _current_key.append(_provinces_key())
    try:
        return _read(wb, year=year, expected_count=expected_count)
    finally:
        _current_key.pop()
        wb.close()


def _read(wb: Workbook, *, year: int | None, expected_count: int | None) -> ParsedWorkbook:
    notes: list[dict] = []
    candidates = []
    found = []
    for sheet in wb.sheet_names:
        head = wb.rows(sheet, nrows=HEADER_SCAN_ROWS)
        cand = analyse_sheet(sheet, head)
        candidates.append(cand)
        found.append(f"{sheet!r}: {cand.reason or cand.kind + ' sheet'}")
    summaries = [c for c in candidates if c.kind == "summary"]
    if not summaries:  # a workbook of the ten sub-indices only (VCCI-format PCI 2023): no composite, no rank
        summaries = [c for c in candidates if c.kind == "subindex_summary"]
    if not summaries:
        raise UnrecognisedLayoutError(
            f"unrecognised layout. Expected {EXPECTED_LAYOUT}. Found: {'; '.join(found) or 'no sheets'}", file=wb.path
        )
    claimed = year if year is not None else year_in_file_name(wb.path)
    claim_src = "year=" if year is not None else "the file name"
    if claimed is not None:
        wb_year = claimed
    else:
        stated = sorted({c.layout.stated_year for c in summaries if c.layout.stated_year is not None})
        if len(stated) > 1:
            raise StaleSheetError(
                f"summary sheets state different years {stated} and neither the file name nor year= says which "
                "is this workbook's",
                file=wb.path,
            )
        if not stated:
            raise YearUnknownError(
                "no sheet states the PCI year and the file name has none; pass year= (--year)", file=wb.path
            )
        wb_year = stated[0]
    last = date.today().year
    if not FIRST_PCI_YEAR <= wb_year <= last:
        src = claim_src if claimed is not None else "the summary sheet's header"
        raise YearOutOfRangeError(
            f"PCI {wb_year} (from {src}) is outside {FIRST_PCI_YEAR}–{last}: the first PCI is {FIRST_PCI_YEAR} and "
            "a year not yet over has no PCI; check the file name, the header or --year",
            file=wb.path,
            sheet=summaries[0].sheet if claimed is None else None,
        )
    fresh = []
    for c in summaries:
        sy = c.layout.stated_year
        if sy is not None and sy != wb_year:
            notes.append(
                dict(
                    rule="stale_sheet_skipped",
                    severity="info",
                    sheet=c.sheet,
                    detail=f"sheet {c.sheet!r} states PCI {sy}, not {wb_year} ({claim_src}); a stale copy, not read",
                )
            )
        else:
            fresh.append(c)
    if not fresh:
        c = summaries[0]
        raise StaleSheetError(
            f"the summary sheet states PCI {c.layout.stated_year} but the workbook is PCI {wb_year} "
            f"(from {claim_src}); refusing a stale copy",
            file=wb.path,
            sheet=c.sheet,
            row=c.layout.first_data_row - 1,
        )
    chosen = fresh[0]
    layout = chosen.layout
    if wb_year > FIRST_PCI_YEAR:  # 2005 had its own scheme
        missing = [s for s in catalog.subindices_for_year(wb_year) if s not in layout.columns]
        if missing:
            rows0 = wb.rows(layout.sheet, nrows=layout.first_data_row)
            found = {c: t for c, t in _header_texts(rows0, layout.first_data_row).items()}
            raise MissingColumnError(
                f"no column for the sub-index {', '.join(missing)} of the PCI {wb_year} scheme (missing or renamed "
                f"header?); header cells found: "
                + "; ".join(f"column {column_letter(c)}: {t!r}" for c, t in sorted(found.items())),
                file=wb.path,
                sheet=layout.sheet,
                row=max(layout.first_data_row - 1, 0),
            )
    expected = expected_count if expected_count is not None else expected_province_count(wb_year)
    rows = wb.rows(layout.sheet)
    records, rank_info, n = _read_summary(wb, layout, rows, expected)
    notes += _rows_after_table(layout.sheet, rows, records)
    sheets_read = [layout.sheet]
    rows_read = n
    if "rank" not in layout.columns and "pci" in layout.columns:
        ranking = [
            c
            for c in candidates
            if c.kind == "ranking" and (c.layout.stated_year is None or c.layout.stated_year == wb_year)
        ]
        if ranking:
            rl = ranking[0].layout
            rrows = wb.rows(rl.sheet)
            rrec, rrank, rn = _read_summary(wb, rl, rrows, n)
            sheets_read.append(rl.sheet)
            rows_read += rn
            pci_main = {r["province_code"]: r["score"] for r in records if r["indicator"] == "pci"}
            for r in rrec:
                code = r["province_code"]
                if code not in pci_main:
                    raise ProvinceCountError(
                        f"{r['province']} is in the ranking sheet but not in {layout.sheet!r}",
                        file=wb.path,
                        sheet=rl.sheet,
                    )
                if abs(pci_main[code] - r["score"]) > 1e-9:
                    notes.append(
                        dict(
                            rule="ranking_sheet_disagrees",
                            severity="warning",
                            sheet=rl.sheet,
                            province_code=code,
                            indicator="pci",
                            detail=f"composite {r['score']!r} in {rl.sheet!r} vs {pci_main[code]!r} "
                            f"in {layout.sheet!r}",
                        )
                    )
            if len(rrank) != len(pci_main):
                raise ProvinceCountError(
                    f"the ranking sheet lists {len(rrank)} provinces, the summary {len(pci_main)}",
                    file=wb.path,
                    sheet=rl.sheet,
                )
            rank_info = rrank
    for r in records:
        if r["indicator"] == "pci":
            info = rank_info.get(r["province_code"])
            if info:
                r["rank"] = info["rank"]
                r["tier"] = info.get("tier", "")
                if info.get("rank_source"):
                    r["rank_locator"] = info["rank_source"]
    df = pd.DataFrame.from_records(records, columns=RECORD_COLUMNS)
    df["year"] = wb_year
    df["rank"] = pd.array(df["rank"], dtype="Int64")
    df["tier"] = df["tier"].fillna("").astype(str)
    if "central_policy" in layout.columns:
        notes.append(
            dict(
                rule="own_2005_scheme",
                severity="info",
                sheet=layout.sheet,
                detail=f"sub-index {layout.columns['central_policy'].header!r} has no counterpart in the "
                "2006 scheme and is not imported; the other sub-indices are mapped by name and the "
                "year keeps its own methodology (no exact weights)",
            )
        )
    readers = sorted({wb.readers.get(s, "?") for s in sheets_read})
    head = _header_texts(rows, layout.first_data_row)
    if layout.family == LAYOUT_SUBINDICES_ONLY:
        mapping = "; ".join(f"{layout.columns[c].header.strip()!r} -> {c}" for c in SUBINDICES)
        notes.append(
            dict(
                rule="subindex_names_2021",
                severity="info",
                sheet=layout.sheet,
                detail=f"sub-indices only (no composite, no rank in the file); the 2021+ sub-index names "
                f"are mapped to the existing codes by their wording: {mapping}. Methodology note: "
                "from 2021 VCCI renamed proactivity ('Tính năng động và tiên phong của chính quyền'), "
                "business support ('Chính sách hỗ trợ doanh nghiệp') and legal institutions "
                "('Thiết chế pháp lý & An ninh trật tự'); from 2022 the weights changed "
                "(catalog_data/weights.csv, period 2022-)",
            )
        )
    language = "vi" if any(strip_diacritics(t) != t for t in head.values()) else "en"
    return ParsedWorkbook(
        wb.name,
        wb.path,
        wb.sha256,
        wb_year,
        layout.family,
        sheets_read,
        rows_read,
        readers,
        df,
        notes,
        expected,
        language,
    )


TRAILING_ROWS_NOTED = 10  # more non-empty rows than this after the province table are recorded as ignored


def _rows_after_table(sheet: str, rows: list[list[Any]], records: list[dict]) -> list[dict]:
    """An ``rows_after_table_ignored`` note when many non-empty rows follow the province table (the sheet's
    size was bounded before parsing: :mod:`.sheet_budget`); a few statistics rows (Min/Median/Max) are not
    worth one."""
    last = max((int(m.group(1)) for r in records if (m := _LOCATOR_ROW.search(r["source_locator"]))), default=0)
    after = [i + 1 for i in range(last, len(rows)) if any(v not in ("", None) for v in rows[i])]
    if len(after) <= TRAILING_ROWS_NOTED:
        return []
    return [
        dict(
            rule="rows_after_table_ignored",
            severity="info",
            sheet=sheet,
            detail=f"{len(after):,} non-empty rows after the province table (rows {after[0]}–{after[-1]} of "
            f"sheet {sheet!r}) are not part of it and were not read",
        )
    ]


_LOCATOR_ROW = re.compile(r"[A-Z]+(\d+)$")


def locator(sheet: str, row: int, col: int) -> str:
    """Excel-style locator of a 0-based cell: ('Summary_VN', 12, 22) -> "Summary_VN!W13"."""
    return f"{sheet}!{cell_ref(row, col)}"


def _read_names(
    wb: Workbook, layout: SheetLayout, rows: list[list[Any]], name_col: int, expected: int | None
) -> list[tuple[int, Any]]:
    """(row, Province) for the expected number of rows of one province column, checked."""
    out = []
    seen: dict[str, int] = {}
    r = layout.first_data_row
    limit = expected if expected is not None else 10_000

    def cell(i):
        row = rows[i] if i < len(rows) else []
        return row[name_col] if name_col < len(row) else ""

    while len(out) < limit:
        v = cell(r)
        text = v.strip() if isinstance(v, str) else v
        if (
            expected is not None
            and r < len(rows)
            and all((x.strip() == "" if isinstance(x, str) else False) for x in rows[r])
        ):
            r += 1  # an entirely blank row inside the table: skipped (the count is still checked)
            continue
        if text == "" or (isinstance(text, str) and normalise_name(text) in STOP_WORDS) or r >= len(rows):
            if expected is None:
                break
            raise ProvinceCountError(
                f"expected {expected} provinces for this year, found {len(out)} before "
                f"{'the end of the sheet' if r >= len(rows) else repr(text) if text != '' else 'a blank row'}",
                file=wb.path,
                sheet=layout.sheet,
                row=r,
                column=name_col,
            )
        prov = resolve(str(text)) if isinstance(text, str) else UnknownProvinceError(str(text), [])
        if isinstance(prov, Exception):
            hint = f"; closest known names: {', '.join(prov.suggestions)}" if prov.suggestions else ""
            raise UnknownProvinceInWorkbookError(
                f"unknown province {str(text)!r}{hint} (add an alias to catalog_data/province_aliases.csv if it is "
                "a spelling of a known province)",
                name=str(text),
                suggestions=list(prov.suggestions),
                file=wb.path,
                sheet=layout.sheet,
                row=r,
                column=name_col,
            )
        if prov.code in seen:
            raise DuplicateProvinceError(
                f"{prov.name} ({text!r}) is listed twice in this column (also row {seen[prov.code] + 1})",
                file=wb.path,
                sheet=layout.sheet,
                row=r,
                column=name_col,
            )
        seen[prov.code] = r
        out.append((r, prov))
        r += 1
    # the row after the last province must not be another, unseen province
    v = cell(r)
    if expected is not None and _looks_like_name(v) and _maybe_province(v.strip()):
        prov = resolve(v.strip())
        if not isinstance(prov, Exception) and prov.code not in seen:
            raise ProvinceCountError(
                f"more provinces than the {expected} expected for this year: {v!r} follows the last one",
                file=wb.path,
                sheet=layout.sheet,
                row=r,
                column=name_col,
            )
    return out


def _number(wb, layout, v, r, c, what) -> float:
    if isinstance(v, bool) or v == "" or v is None or is_missing(v):
        raise MissingScoreError(
            f"no {what} in this cell (found {v!r})", file=wb.path, sheet=layout.sheet, row=r, column=c
        )
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        try:  # PCI scores and ranks are points, never percentages: '53,46%' is refused
            x = parse_number(v, "auto", percent=False)
        except NumberParseError as exc:
            raise UnreadableNumberError(
                f"{what} {v!r} is not a number ({exc})", file=wb.path, sheet=layout.sheet, row=r, column=c
            ) from None
    if not math.isfinite(x):
        raise MissingScoreError(
            f"{what} {v!r} is not a finite number", file=wb.path, sheet=layout.sheet, row=r, column=c
        )
    return x


def _read_summary(wb: Workbook, layout: SheetLayout, rows: list[list[Any]], expected: int | None):
    """Records for every indicator column, and rank/tier per province code."""
    names_by_col: dict[int, list[tuple[int, Any]]] = {}
    needed = {col.name_col for role, col in layout.columns.items() if role in ("pci", "rank", "tier", *SUBINDICES)}
    main_col = (
        layout.columns["pci"]
        if "pci" in layout.columns
        else next(layout.columns[s] for s in SUBINDICES if s in layout.columns)
    ).name_col
    for nc in sorted(needed, key=lambda c: (c != main_col, c)):
        names_by_col[nc] = _read_names(wb, layout, rows, nc, expected)
        if expected is None:
            expected = len(names_by_col[nc])
    main_set = {p.code for _, p in names_by_col[main_col]}
    for nc, items in names_by_col.items():
        s = {p.code for _, p in items}
        if s != main_set:
            missing = sorted(p for p in main_set - s)
            raise ProvinceCountError(
                f"this column lists other provinces than column {column_letter(main_col)} (missing codes {missing})",
                file=wb.path,
                sheet=layout.sheet,
                column=nc,
            )
    n = len(main_set)
    records = []
    rank_info: dict[str, dict] = {}

    def get(r, c):
        row = rows[r] if r < len(rows) else []
        return row[c] if c < len(row) else ""

    for role in ("pci", *SUBINDICES):
        if role not in layout.columns:
            continue
        col = layout.columns[role]
        hi = 100.0 if role == "pci" else 10.0
        for r, prov in names_by_col[col.name_col]:
            x = _number(wb, layout, get(r, col.col), r, col.col, "composite" if role == "pci" else f"{role} score")
            if not 0.0 <= x <= hi:
                raise ScoreOutOfRangeError(
                    f"{'composite' if role == 'pci' else role} score {x!r} for {prov.name} is outside 0–{hi:g}",
                    file=wb.path,
                    sheet=layout.sheet,
                    row=r,
                    column=col.col,
                )
            records.append(
                dict(
                    year=None,
                    province=prov.name,
                    province_code=prov.code,
                    indicator=role,
                    score=x,
                    rank=pd.NA,
                    tier="",
                    source_file=wb.name,
                    source_locator=locator(layout.sheet, r, col.col),
                    rank_locator="",
                    name_locator=locator(layout.sheet, r, col.name_col),
                )
            )
    if "rank" in layout.columns:
        col = layout.columns["rank"]
        where: dict[int, list[int]] = {}
        for r, prov in names_by_col[col.name_col]:
            try:
                x = _number(wb, layout, get(r, col.col), r, col.col, "rank")
            except MissingScoreError as exc:
                raise RankError(
                    f"published rank for {prov.name}: {exc.reason}",
                    file=wb.path,
                    sheet=layout.sheet,
                    row=r,
                    column=col.col,
                ) from None
            if x != int(x) or not 1 <= x <= n:
                raise RankError(
                    f"published rank {get(r, col.col)!r} for {prov.name} is not an integer in 1..{n}",
                    file=wb.path,
                    sheet=layout.sheet,
                    row=r,
                    column=col.col,
                )
            rank_info[prov.code] = dict(rank=int(x), rank_source=locator(layout.sheet, r, col.col))
            where.setdefault(int(x), []).append(r)
        _check_rank_sequence(wb, layout, where, n, col.col)
    elif "pci" in layout.columns:
        order = _order_as_rank(wb, layout, rows, names_by_col[main_col], n)
        rank_info.update(order)
    tier_col = layout.columns.get("tier")
    tier_values: dict[str, str] = {}
    if tier_col is not None:
        for r, prov in names_by_col[tier_col.name_col]:
            v = get(r, tier_col.col)
            tier_values[prov.code] = str(v).strip() if v != "" else ""
    else:
        tier_values = _tier_from_values(layout, rows, names_by_col[main_col])
    for code, t in tier_values.items():
        rank_info.setdefault(code, {})["tier"] = t
    for info in rank_info.values():
        info.setdefault("rank", pd.NA)
    return records, rank_info, n


def _check_rank_sequence(wb, layout, where: dict[int, list[int]], n: int, col: int) -> None:
    """Published ranks must rank the n provinces: 1..n, ties sharing a rank and skipping the next ones.

    Refuses a rank that repeats without leaving the following ranks free (1, 2, 2, 3) and a
    rank left out with no tie above it to explain the gap (1, 2, 4).
    """
    shared = "; ".join(
        f"rank {k} is given {len(v)} times (rows {', '.join(str(x + 1) for x in v)})"
        for k, v in sorted(where.items())
        if len(v) > 1
    )
    shared = f"; {shared}" if shared else ""
    expected_next, prev = 1, 0
    for rank in sorted(where):
        rows_at = where[rank]
        if rank != expected_next:
            if rank > expected_next:
                raise RankError(
                    f"published ranks skip {expected_next}"
                    f"{'' if rank == expected_next + 1 else f'–{rank - 1}'} (next rank found: {rank}, "
                    f"with no tie above to explain the gap{shared})",
                    file=wb.path,
                    sheet=layout.sheet,
                    row=rows_at[0],
                    column=col,
                )
            raise RankError(
                f"published rank {rank} follows a tie at rank {prev} ({len(where[prev])} provinces), "
                f"so the next rank must be {expected_next}{shared}",
                file=wb.path,
                sheet=layout.sheet,
                row=rows_at[0],
                column=col,
            )
        expected_next = rank + len(rows_at)
        prev = rank


def _order_as_rank(wb, layout, rows, items, n) -> dict[str, dict]:
    """A leading order/unlabeled column is the rank when the composite is sorted by it (2006, 2008)."""
    candidates = [layout.order_col] if layout.order_col is not None else []
    candidates += [c for c in layout.unlabeled_cols if c < min(layout.name_cols)]
    pci = layout.columns["pci"]
    for c in candidates:
        vals, scores = [], []
        for r, _ in items:
            row = rows[r]
            v = row[c] if c < len(row) else ""
            s = row[pci.col] if pci.col < len(row) else ""
            if not (_is_number(v) and _is_number(s)):
                break
            vals.append(float(v) if not isinstance(v, str) else parse_number(v, "auto"))
            scores.append(float(s) if not isinstance(s, str) else parse_number(s, "auto"))
        else:
            if vals == [float(i) for i in range(1, n + 1)] and all(a >= b for a, b in zip(scores, scores[1:])):
                return {
                    p.code: dict(
                        rank=i + 1,
                        rank_source=f"{locator(layout.sheet, r, c)} (order column; the composite is sorted by it)",
                    )
                    for i, (r, p) in enumerate(items)
                }
    return {}


def _tier_from_values(layout, rows, items) -> dict[str, str]:
    """An unlabeled column holding only tier words (2005: each tier named once, at its first row)."""
    for c in layout.unlabeled_cols:
        vals = []
        for r, _p in items:
            row = rows[r]
            vals.append(row[c] if c < len(row) else "")
        texts = [v for v in vals if v != ""]
        if texts and all(isinstance(v, str) and normalise_name(v) in TIER_WORDS for v in texts):
            out, current = {}, ""
            for (_r, p), v in zip(items, vals):
                if v != "":
                    current = v.strip()
                out[p.code] = current
            return out
    return {}
