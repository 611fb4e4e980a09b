"""The corpus of hostile and broken workbooks, built by code from the official ones.

Every case is a :class:`Case`: ``build(folder)`` writes the input into ``folder`` (a pytest
``tmp_path``) and returns its path; ``expect`` is the exact :class:`~analysis.ingest.workbooks.WorkbookError`
subclass the reader must raise (``None``: the input is legitimately readable and must be read
correctly), ``where`` the file/sheet/row/column the error must name, ``stage`` whether
:func:`read_workbook` already refuses it (``"read"``) or only the import does (``"import"``:
the reader accepts it, the validation against the existing panel refuses it).

Content cases start from the 2018 English summary sheet (``PCI_2018.xlsx``, sheet
``Summary``: header row 0, provinces in rows 1–63, a blank row 64, a repeated province in
row 65, Min/Median/Max in rows 66–68) relabelled as PCI 2022 (a year no official workbook in ``data/``
hold, so an accepted case can be imported on top of the committed panel). File cases start
from the real bytes of ``PCI_2018.xlsx`` and ``PCI_2009.xls``. The encrypted cases are
OLE2/CFB containers written by :func:`cfb_container` (no extra dependency: the container
format is simple enough to write in a few lines; the encryption payload itself is not
valid, which no reader may need to find out).

The .xls format cannot be written without another dependency (xlwt), so content cases are
.xlsx only; the .xls cases are byte-level (truncated, corrupt sector table, encrypted).
"""

from __future__ import annotations

import functools
import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

import analysis.core.paths
from analysis.core.numbers import format_number
from analysis.ingest import workbooks as W
from analysis.ingest.edition_identity import EditionOfAnotherYearError
from analysis.ingest.importer import YearAlreadyPresentError
from analysis.ingest.validate import ValidationFailed

YEAR = 2022
NAME = f"PCI_{YEAR}.xlsx"
SHEET = "Summary"
N = 63
HUGE_BYTES = 600 * 1024 * 1024  # sparse: costs no disk and no time


def workbooks_dir() -> Path:
    return analysis.core.paths.pci_workbooks_dir()


@functools.lru_cache(maxsize=4)
def _raw(file: str, sheet: str) -> tuple[tuple, ...]:
    wb = W.Workbook(workbooks_dir() / file)
    try:
        return tuple(tuple(r) for r in wb.rows(sheet))
    finally:
        wb.close()


DISGUISE = 0.97  # every score scaled: the values are no longer PCI 2018's (ranks and layout unchanged)


def disguise(rows: list[list]) -> list[list]:
    """``rows`` with every score (columns C onwards, below the header) multiplied by :data:`DISGUISE`.

    The importer refuses a sheet whose values are another year's already in ``data/`` (issue 20), so the
    2018 sheet relabelled PCI 2022 is imported only once its values are no longer 2018's: scaling every
    score keeps the order (the published ranks stay right), the ranges and the composite's relation to the
    sub-indices (linear), and puts each value far outside the published rounding of the 2018 one.
    """
    out = [list(r) for r in rows]
    for r in out[1:]:
        for c in range(2, len(r)):
            if type(r[c]) in (int, float):
                r[c] = r[c] * DISGUISE
    return out


def base_rows() -> list[list]:
    """The 2018 summary sheet (``PCI_2018.xlsx``, sheet ``Summary``, rows 1–69 as in the official file) relabelled
    PCI 2022, its scores disguised (:func:`disguise`)."""
    rows = disguise([list(r) for r in _raw("PCI_2018.xlsx", SHEET)])
    rows[0][2] = f"The Weighted PCI Score in {YEAR}"
    return rows


def base_values() -> dict[tuple[str, str], float]:
    """(province name as written, indicator column header) -> score, for the 63 province rows."""
    rows = base_rows()
    return {(r[0], rows[0][c]): r[c] for r in rows[1 : N + 1] for c in range(2, 13)}


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """An .xlsx with these cells ('' = blank); ``merges``: sheet -> ranges such as 'D1:M1'."""
    if merges:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
    else:
        wb = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([None if v == "" else v for v in r])
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- OLE2 / CFB writer
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512


def cfb_container(streams: dict[str, bytes]) -> bytes:
    """A minimal Compound File Binary (OLE2, version 3) file holding ``streams`` in its root storage.

    Streams shorter than the 4096-byte mini-stream cutoff are zero-padded to it so that every
    stream lives in regular sectors (no mini FAT needed). Enough for readers to open the
    container and list its streams, which is all the encrypted-workbook cases need.
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # CFB order: length, then upper case
    datas = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    counts = [-(-len(d) // SECTOR) for d in datas]
    n_data = sum(counts)
    n_dir = -(-(len(names) + 1) * 128 // SECTOR)
    n_fat = 1
    while (n_data + n_dir + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    assert n_fat <= 109, "stream too large for this minimal writer"
    fat = [FREESECT] * (n_fat * SECTOR // 4)
    starts, s = [], 0
    for c in counts:
        starts.append(s)
        for i in range(c):
            fat[s + i] = s + i + 1 if i < c - 1 else ENDOFCHAIN
        s += c
    dir_start = s
    for i in range(n_dir):
        fat[s + i] = s + i + 1 if i < n_dir - 1 else ENDOFCHAIN
    s += n_dir
    fat_start = s
    for i in range(n_fat):
        fat[s + i] = FATSECT

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(raw), kind, 1, left, right, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    # children as a right-leaning chain (all black): a valid, if unbalanced, tree
    dirents = [entry("Root Entry", 5, NOSTREAM, NOSTREAM, 1 if names else NOSTREAM, ENDOFCHAIN, 0)]
    for i, (n, d) in enumerate(zip(names, datas)):
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        dirents.append(entry(n, 2, NOSTREAM, right, NOSTREAM, starts[i], len(d)))
    # empty directory slots must be marked unused with NOSTREAM siblings/children
    empty = b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48
    directory = b"".join(dirents) + empty * (n_dir * SECTOR // 128 - len(dirents))
    difat = [fat_start + i for i in range(n_fat)] + [FREESECT] * (109 - n_fat)
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
        + struct.pack("<109I", *difat)
    )
    assert len(header) == SECTOR
    body = b"".join(d.ljust(c * SECTOR, b"\0") for d, c in zip(datas, counts))
    return header + body + directory + struct.pack(f"<{len(fat)}I", *fat)


def encrypted_xlsx_bytes() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE2 file with EncryptionInfo + EncryptedPackage.

    EncryptionInfo starts with the Agile-encryption version (4.4) and flags 0x40 followed by its
    XML descriptor; EncryptedPackage holds the (here: fake) encrypted zip, prefixed by its size.
    """
    plain = (workbooks_dir() / "PCI_2018.xlsx").read_bytes()
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption '
        b'xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" '
        b'keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        b'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
    )
    scrambled = bytes(b ^ 0x5A for b in plain)  # not real AES: only the container matters here
    package = struct.pack("<Q", len(plain)) + scrambled
    return cfb_container({"EncryptionInfo": info, "EncryptedPackage": package})


def encrypted_xls_bytes() -> bytes:
    """PCI_2009.xls with a BIFF8 FILEPASS record (RC4 encryption header) after the first BOF.

    This is how an .xls "protected with a password to open" starts its Workbook stream.
    """
    import xlrd.compdoc

    cd = xlrd.compdoc.CompDoc((workbooks_dir() / "PCI_2009.xls").read_bytes(), logfile=open("/dev/null", "w"))
    stream = cd.get_named_stream("Workbook")
    rc, length = struct.unpack("<HH", stream[:4])
    assert rc == 0x0809, "the Workbook stream starts with a BOF record"
    bof_end = 4 + length
    filepass = struct.pack("<HH", 0x002F, 54) + struct.pack("<HHH", 1, 1, 1) + bytes(range(48))
    return cfb_container({"Workbook": stream[:bof_end] + filepass + stream[bof_end:]})


def billion_laughs_prolog(levels: int = 9) -> bytes:
    ents = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (b"" if i == 2 else str(i - 1).encode())) * 10)
        for i in range(2, levels + 1)
    )
    return b'<?xml version="1.0"?><!DOCTYPE lolz [' + ents + b"]>"


def _patch_member(src: Path, dst: Path, member: str, patch: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = patch(data)
            zout.writestr(info, data)
    return dst


def _xml_body(data: bytes) -> bytes:
    return data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data


# --------------------------------------------------------------------------- cases
@dataclass
class Case:
    name: str
    what: str  # the hostile input, in words
    build: Callable[[Path], Path]
    expect: type | None  # error class; None = accepted
    where: dict[str, Any] = field(default_factory=dict)  # attributes the error must carry
    why: str = ""  # why this is the right behaviour
    stage: str = "read"  # 'read' (read_workbook decides) or 'import' (only import_workbook refuses)
    read_kwargs: dict[str, Any] = field(default_factory=dict)
    check: Callable[[W.ParsedWorkbook], None] | None = None  # for accepted cases
    shared: bool = True  # built from the official workbooks in ../shared (False: from bytes written here)

    @property
    def accepted(self) -> bool:
        return self.expect is None


def _rows_case(name, what, mutate, expect, where=None, why="", file=NAME, check=None, merges=None, stage="read"):
    def build(folder: Path) -> Path:
        rows = base_rows()
        out = mutate(rows)
        sheets = out if isinstance(out, dict) else {SHEET: rows}
        return write_xlsx(folder / file, sheets, {SHEET: merges} if merges else None)

    return Case(name, what, build, expect, dict(file=file, **(where or {})), why, stage, check=check)


def _bytes_case(
    name, what, make: Callable[[], bytes], expect, file=NAME, why="", where=None, read_kwargs=None, shared=True
):
    def build(folder: Path) -> Path:
        p = folder / file
        p.write_bytes(make())
        return p

    return Case(
        name, what, build, expect, dict(file=file, **(where or {})), why, read_kwargs=read_kwargs or {}, shared=shared
    )


def _set(r: int, c: int, v):
    def mutate(rows):
        rows[r][c] = v

    return mutate


def same_values_as_base(parsed: W.ParsedWorkbook, ndigits: int | None = None) -> None:
    """The parsed records hold exactly the base sheet's 63 × 11 scores (rounded when the input was)."""
    from analysis.data.catalog import resolve_province

    rows = base_rows()
    header = rows[0]
    roles = {c: W.classify_header(header[c]) for c in range(2, 13)}
    got = parsed.records.set_index(["province_code", "indicator"])["score"]
    assert len(got) == N * 11, len(got)
    for r in rows[1 : N + 1]:
        code = resolve_province(r[0]).code
        for c, role in roles.items():
            want = round(r[c], ndigits) if ndigits is not None else r[c]
            assert abs(got[(code, role)] - want) < 1e-9, (r[0], role, got[(code, role)], want)
    pci = parsed.records[parsed.records["indicator"] == "pci"].set_index("province_code")["rank"]
    assert sorted(pci) == list(range(1, N + 1))


def _text_commas(rows):
    for r in rows[1 : N + 1]:
        for c in range(2, 13):
            r[c] = format_number(r[c], 4, decimal=",")  # '63,6537', '6,9626'


def _reorder(rows):
    order = [12, 0, 5, 2, 11, 3, 1, 4, 6, 7, 8, 9, 10]  # every column moved
    for i, r in enumerate(rows):
        r += [""] * (13 - len(r))
        rows[i] = [r[c] for c in order]


def _extra_columns(rows):
    extra = {0: ["Population (thousands)", "Notes", "GDP per capita"]}
    for i, r in enumerate(rows):
        r += [""] * (13 - len(r))
        add = extra.get(i) or ([1000 + i, "ok", 45.5 + i] if 1 <= i <= N else ["", "", ""])
        rows[i] = r[:1] + [add[0]] + r[1:7] + [add[1]] + r[7:] + [add[2]]


def _merged_header(rows):
    # two header rows: a group title merged over the ten sub-indices (D1:M1), and the three
    # leading headers merged vertically (A1:A2, B1:B2, C1:C2); values sit in the top-left cell
    top = rows[0][:3] + ["Sub-indices (0–10 points)"] + [""] * 9
    second = ["", "", ""] + rows[0][3:13]
    rows[0:1] = [top, second]


def _vietnamese_headers(rows):
    rows[0][3:13] = [
        "Gia nhập thị trường",
        "Tiếp cận đất đai",
        "Tính minh bạch",
        "Chi phí thời gian",
        "Chi phí không chính thức",
        "Cạnh tranh bình đẳng",
        "Tính năng động",
        "Hỗ trợ doanh nghiệp",
        "Đào tạo lao động",
        "Thiết chế pháp lý",
    ]


def _blank_rows(rows):
    rows.insert(40, [])
    rows.insert(20, [])
    rows.insert(20, [])


def _min_median_max_after(rows):
    stats = rows[66:69]
    del rows[N + 1 :]
    rows += stats


def _min_median_max_inside(rows):
    stats = rows[66:69]
    del rows[N + 1 :]
    rows[30:30] = stats


def _drop_column(c):
    def mutate(rows):
        for r in rows:
            if len(r) > c:
                del r[c]

    return mutate


def _aliases(rows):
    # the row of Ho Chi Minh City becomes 'TP.HCM', the next one 'Hồ Chí Minh'
    r_hcm = next(
        i for i, r in enumerate(rows[1 : N + 1], 1) if "HCM" in str(r[0]).upper() or "CHI MINH" in str(r[0]).upper()
    )
    rows[r_hcm][0] = "TP.HCM"
    other = r_hcm + 1
    rows[other][0] = "Hồ Chí Minh"


def _rank_of(rows, rank) -> int:
    return next(i for i, r in enumerate(rows[1 : N + 1], 1) if r[1] == rank)


def _rank_repeats(rows):
    rows[_rank_of(rows, 63)][1] = 10.0  # 10 twice, then 11 (dense ranking), 63 missing


def _rank_skips(rows):
    rows[_rank_of(rows, 3)][1] = 4.0  # ranks 1, 2, 4, 4, 5, ...: rank 3 missing


def _only_notes(rows):
    return {
        "Notes": [["PCI 2022 — notes for users"], ["See the summary sheet"]],
        "Min Max": [row[:13] for row in rows[66:69]],
    }


def _zip_bomb_bytes() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (12 * 1024 * 1024) + b"</a>")  # ~12 KB zipped
    return buf.getvalue()


def _huge_sparse(folder: Path) -> Path:
    p = folder / NAME
    with open(p, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(HUGE_BYTES)  # a hole: no blocks written, no time spent
    return p


def _bomb(folder: Path, member="xl/worksheets/sheet1.xml") -> Path:
    plain = write_xlsx(folder / "plain.xlsx", {SHEET: base_rows()})

    def patch(data: bytes) -> bytes:
        body = _xml_body(data)
        body = body.replace(b"<t>Province</t>", b"<t>&lol9;</t>", 1).replace(b'name="Summary"', b'name="&lol9;"', 1)
        assert b"&lol9;" in body
        return billion_laughs_prolog() + body

    p = _patch_member(plain, folder / NAME, member, patch)
    plain.unlink()
    return p


def _xxe(folder: Path) -> Path:
    plain = write_xlsx(folder / "plain.xlsx", {SHEET: base_rows()})

    def patch(data: bytes) -> bytes:
        prolog = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        return prolog + _xml_body(data).replace(b"<t>Province</t>", b"<t>&xxe;</t>", 1)

    p = _patch_member(plain, folder / NAME, "xl/worksheets/sheet1.xml", patch)
    plain.unlink()
    return p


def _truncated(src: str, frac: float, name: str):
    def make() -> bytes:
        data = (workbooks_dir() / src).read_bytes()
        return data[: int(len(data) * frac)]

    return make


def _corrupt_xlsx() -> bytes:
    data = bytearray((workbooks_dir() / "PCI_2018.xlsx").read_bytes())
    m = len(data) // 2
    data[m : m + 64] = bytes(64)  # zeros in the middle of a deflated member
    return bytes(data)


def _corrupt_xls() -> bytes:
    data = bytearray((workbooks_dir() / "PCI_2009.xls").read_bytes())
    data[0x4C:0x50] = struct.pack("<I", 0x7FFFFFFF)  # the first FAT sector points past the end
    return bytes(data)


def _far_cell(folder: Path) -> Path:
    """The summary sheet plus one stray cell at XFD1048576 (the last cell of a sheet): a valid file."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    for r in base_rows():
        ws.append([None if v == "" else v for v in r])
    ws.cell(row=1_048_576, column=16_384, value="x")
    return wb.save(folder / NAME) or folder / NAME


def _rows_after_table(n: int, row: bytes, name: str = NAME):
    """The summary sheet followed by ``n`` copies of ``row`` (sheet XML) after the province table, written
    straight into the sheet's XML: what a sheet of ``n`` more rows is, without writing them one by one."""

    def build(folder: Path) -> Path:
        plain = write_xlsx(folder / "plain.xlsx", {SHEET: base_rows()})
        p = _patch_member(
            plain,
            folder / name,
            "xl/worksheets/sheet1.xml",
            lambda data: data.replace(b"</sheetData>", row * n + b"</sheetData>", 1),
        )
        plain.unlink()
        return p

    return build


def _renamed(src: str, name: str):
    """An official workbook from ../shared copied byte for byte under another year's name."""

    def build(folder: Path) -> Path:
        return Path(shutil.copyfile(workbooks_dir() / src, folder / name))

    return build


def _resaved_2018_as(year: int, changes: int):
    """PCI_2018.xlsx's Summary sheet re-saved (other bytes) with its header C1 saying PCI ``year`` and the entry
    costs of the first ``changes`` provinces (D2, D3 …) raised by 0.5: still the 2018 edition by its values."""

    def build(folder: Path) -> Path:
        rows = [list(r) for r in _raw("PCI_2018.xlsx", SHEET)]
        rows[0][2] = f"The Weighted PCI Score in {year}"
        for i in range(changes):
            rows[1 + i][3] = rows[1 + i][3] + 0.5
        return write_xlsx(folder / f"PCI_{year}.xlsx", {SHEET: rows})

    return build


def _directory(folder: Path) -> Path:
    p = folder / NAME
    p.mkdir()
    return p


def _stale(rows):
    rows[0][2] = "The Weighted PCI Score in 2018"  # a 2018 sheet in a file named PCI_2022.xlsx


def _year(y):
    def mutate(rows):
        rows[0][2] = f"The Weighted PCI Score in {y}"

    return mutate


def _ha_tay(rows):
    rows[5][0] = "Hà Tây"  # merged into Hà Nội in 2008: a province that no longer exists


def _check_values(ndigits=None):
    return lambda parsed: same_values_as_base(parsed, ndigits)


def _check_blank_rows(parsed):
    same_values_as_base(parsed)
    blank = {W.locator(SHEET, r, c) for r in (20, 21) for c in range(30)}  # Excel rows 21 and 22
    assert not blank & set(parsed.records["source_locator"])  # the blank rows themselves were not read


def _check_rows_after_table(parsed):
    same_values_as_base(parsed)
    (note,) = [n for n in parsed.notes if n["rule"] == "rows_after_table_ignored"]
    assert note["severity"] == "info" and "5,004 non-empty rows after the province table" in note["detail"]


def cases() -> list[Case]:
    """Every case, in a stable order."""
    R = dict(sheet=SHEET)
    return [
        # ------------------------------------------------------------ not a (readable) workbook
        _bytes_case(
            "zero_byte",
            "a zero-byte .xlsx",
            lambda: b"",
            W.EmptyFileError,
            why="nothing to read; refused before any parser runs",
            shared=False,
        ),
        _bytes_case(
            "text_renamed_xlsx",
            "a CSV text file renamed .xlsx",
            lambda: "province,score\nLai Châu,53,46\n".encode(),
            W.NotAWorkbookError,
            why="the magic bytes are neither zip nor OLE2",
            shared=False,
        ),
        _bytes_case(
            "html_renamed_xls",
            "an HTML page saved as .xls (what some web exports are)",
            lambda: b"<html><body><table><tr><td>PCI 2022</td></tr></table></body></html>",
            W.NotAWorkbookError,
            file="PCI_2022.xls",
            why="not OLE2; an HTML table is not a workbook",
            shared=False,
        ),
        Case(
            "directory",
            "a folder named PCI_2022.xlsx",
            _directory,
            W.NotAWorkbookError,
            dict(file=NAME),
            "a folder is not a file",
            shared=False,
        ),
        _bytes_case(
            "truncated_xlsx",
            "PCI_2018.xlsx cut at half its length",
            _truncated("PCI_2018.xlsx", 0.5, NAME),
            W.NotAWorkbookError,
            why="the zip central directory is missing",
        ),
        _bytes_case(
            "truncated_xlsx_tail",
            "PCI_2018.xlsx without its last 100 bytes",
            lambda: (workbooks_dir() / "PCI_2018.xlsx").read_bytes()[:-100],
            W.NotAWorkbookError,
            why="the end-of-central-directory record is cut",
        ),
        _bytes_case(
            "corrupted_xlsx",
            "PCI_2018.xlsx with 64 zero bytes in the middle of a compressed member",
            _corrupt_xlsx,
            W.NotAWorkbookError,
            why="the member fails to inflate / its CRC",
        ),
        _bytes_case(
            "truncated_xls",
            "PCI_2009.xls cut at a third",
            _truncated("PCI_2009.xls", 1 / 3, ""),
            W.NotAWorkbookError,
            file="PCI_2009.xls",
            why="sectors point past the end of the file",
        ),
        _bytes_case(
            "corrupted_xls",
            "PCI_2009.xls whose sector allocation table points past the end",
            _corrupt_xls,
            W.NotAWorkbookError,
            file="PCI_2009.xls",
            why="the OLE2 container is corrupt",
        ),
        _bytes_case(
            "encrypted_xlsx",
            "a password-protected .xlsx (OLE2 container with EncryptionInfo and EncryptedPackage streams)",
            encrypted_xlsx_bytes,
            W.EncryptedWorkbookError,
            why="cannot be read without the password: say so instead of 'corrupt'",
        ),
        _bytes_case(
            "encrypted_xls",
            "a password-protected .xls (PCI_2009.xls with a FILEPASS record)",
            encrypted_xls_bytes,
            W.EncryptedWorkbookError,
            file="PCI_2009.xls",
            why="cannot be read without the password",
        ),
        Case(
            "huge_sparse_file",
            "a 600 MB file (sparse: no disk used)",
            _huge_sparse,
            W.FileTooLargeError,
            dict(file=NAME),
            "refused by size before any byte is parsed (default limit 50 MB)",
            shared=False,
        ),
        _bytes_case(
            "over_configured_limit",
            "the real PCI_2018.xlsx with the limit set to 100 kB",
            lambda: (workbooks_dir() / "PCI_2018.xlsx").read_bytes(),
            W.FileTooLargeError,
            file="PCI_2018.xlsx",
            read_kwargs=dict(max_bytes=100_000),
            why="the limit is configurable (max_bytes=, --max-mb, PCI_MAX_WORKBOOK_BYTES)",
        ),
        _bytes_case(
            "zip_bomb",
            "an .xlsx of 12 kB whose member inflates to 12 MB, limit 100 kB",
            _zip_bomb_bytes,
            W.FileTooLargeError,
            read_kwargs=dict(max_bytes=100_000),
            why="uncompressed size above 100× the limit, refused from the zip directory",
            shared=False,
        ),
        Case(
            "billion_laughs",
            "an .xlsx whose sheet XML declares nested entities (billion laughs)",
            _bomb,
            W.UnsafeWorkbookError,
            dict(file=NAME),
            "refused before parsing: no entity is ever expanded",
        ),
        Case(
            "billion_laughs_workbook_xml",
            "the entity bomb in xl/workbook.xml (the sheet name) instead of a sheet",
            lambda f: _bomb(f, "xl/workbook.xml"),
            W.UnsafeWorkbookError,
            dict(file=NAME),
            "every XML part is checked, not only sheets",
        ),
        Case(
            "external_entity",
            "an .xlsx whose sheet XML declares an external entity (file:///etc/passwd)",
            _xxe,
            W.UnsafeWorkbookError,
            dict(file=NAME),
            "no file is ever read through the workbook",
        ),
        Case(
            "far_away_cell",
            "the summary sheet plus one stray cell at XFD1048576",
            _far_cell,
            W.UnsafeWorkbookError,
            dict(file=NAME, sheet=SHEET),
            "python-calamine allocates the dense range (17 billion cells) and aborts the process; probed in a "
            "child process, the workbook is refused instead of killing the import",
        ),
        # ------------------------------------------------------------ bounded reading (issue 20)
        Case(
            "rows_3m_after_table",
            "the summary sheet followed by 3 million one-cell rows (a file of a few hundred "
            "kB whose sheet XML expands to ~100 MB)",
            _rows_after_table(3_000_000, b'<row><c t="n"><v>0</v></c></row>'),
            W.FileTooLargeError,
            dict(file=NAME, sheet=SHEET),
            "refused from the zip directory (the sheet part's uncompressed size), "
            "before any parser runs: seconds and megabytes, not minutes and gigabytes",
        ),
        Case(
            "rows_100k_after_table",
            "the summary sheet followed by 100,000 rows of text (4.6 MB of XML, under the per-part byte budget)",
            _rows_after_table(100_000, b'<row><c t="inlineStr"><is><t>note</t></is></c></row>'),
            W.FileTooLargeError,
            dict(file=NAME, sheet=SHEET),
            "refused by the streamed row count (budget 20,000 rows per sheet) before any parser runs",
        ),
        Case(
            "rows_5000_after_table",
            "the summary sheet followed by 5,000 rows of notes (within the budget)",
            _rows_after_table(5_000, b'<row><c t="inlineStr"><is><t>note</t></is></c><c t="n"><v>3</v></c></row>'),
            None,
            check=_check_rows_after_table,
            why="within the budget: the 63 provinces are read, the rows after them ignored with a finding "
            "(rows_after_table_ignored)",
        ),
        # ------------------------------------------------------------ layout
        _rows_case(
            "missing_summary_sheet",
            "a workbook with only a notes sheet and a Min/Max sheet",
            _only_notes,
            W.UnrecognisedLayoutError,
            why="no sheet holds a PCI summary table; the message lists what each sheet looked like",
        ),
        _rows_case(
            "header_only",
            "the summary header without any province row",
            lambda rows: rows.__delitem__(slice(1, None)),
            W.UnrecognisedLayoutError,
            why="no data",
        ),
        _rows_case(
            "renamed_header_unknown",
            "sub-index 2's header renamed to 'Indicator B'",
            _set(0, 4, "Indicator B"),
            W.MissingColumnError,
            dict(R, row=0),
            why="land access cannot be identified; guessing by position would be silent corruption",
        ),
        _rows_case(
            "missing_subindex_column",
            "the Transparency column deleted",
            _drop_column(5),
            W.MissingColumnError,
            dict(R, row=0),
            why="a sub-index of the 2013+ scheme is missing",
        ),
        _rows_case(
            "renamed_header_duplicate",
            "two columns headed 'Sub-Index 1: Entry Costs'",
            _set(0, 4, "Sub-Index 1: Entry Costs"),
            W.UnrecognisedLayoutError,
            why="ambiguous: which column is entry costs?",
        ),
        _rows_case(
            "renamed_headers_vietnamese",
            "sub-index headers in Vietnamese instead of English",
            _vietnamese_headers,
            None,
            check=_check_values(),
            why="columns are recognised by meaning, in either language",
        ),
        _rows_case(
            "reordered_columns",
            "every column moved (province last-but-one, composite first)",
            _reorder,
            None,
            check=_check_values(),
            why="columns are found by header, not position",
        ),
        _rows_case(
            "extra_unknown_columns",
            "three extra columns (population, notes, GDP) between the known ones",
            _extra_columns,
            None,
            check=_check_values(),
            why="unknown columns are ignored",
        ),
        _rows_case(
            "merged_header_cells",
            "two header rows with merged cells (D1:M1 group title, A1:A2 …)",
            _merged_header,
            None,
            merges=["D1:M1", "A1:A2", "B1:B2", "C1:C2"],
            check=_check_values(),
            why="a merged cell's value sits in its top-left cell; header rows are joined per column",
        ),
        # ------------------------------------------------------------ numbers
        _rows_case(
            "text_decimal_commas",
            "every score stored as text with a decimal comma ('63,6537')",
            _text_commas,
            None,
            check=_check_values(4),
            why="an unambiguous Vietnamese decimal; read at the precision written",
        ),
        _rows_case(
            "thousands_and_decimal",
            "a composite written '1.423,50' (thousands dot, decimal comma)",
            _set(7, 2, "1.423,50"),
            W.ScoreOutOfRangeError,
            dict(R, row=7, column=2),
            why="read as 1423.5, which no composite can be",
        ),
        _rows_case(
            "thousands_dot_ambiguous",
            "a composite written '1.423'",
            _set(7, 2, "1.423"),
            W.UnreadableNumberError,
            dict(R, row=7, column=2),
            why="1.423 or 1423? never guessed; the message shows both readings",
        ),
        _rows_case(
            "ambiguous_three_decimals",
            "a sub-index written '6,962' (three decimals, comma)",
            _set(1, 3, "6,962"),
            W.UnreadableNumberError,
            dict(R, row=1, column=3),
            why="reads two ways like '1.423'; refused rather than guessed",
        ),
        _rows_case(
            "percent_string",
            "a composite written '63,65%'",
            _set(1, 2, "63,65%"),
            W.UnreadableNumberError,
            dict(R, row=1, column=2),
            why="PCI scores are points, never percentages",
        ),
        _rows_case(
            "junk_text_score",
            "a sub-index cell holding 'see note 3'",
            _set(4, 6, "see note 3"),
            W.UnreadableNumberError,
            dict(R, row=4, column=6),
            why="not a number",
        ),
        _rows_case(
            "blank_score",
            "an empty sub-index cell",
            _set(9, 8, ""),
            W.MissingScoreError,
            dict(R, row=9, column=8),
            why="a missing score is never zero",
        ),
        _rows_case(
            "blank_rows_inside",
            "three entirely blank rows inside the province block",
            _blank_rows,
            None,
            check=_check_blank_rows,
            why="an empty row holds nothing; the 63 provinces are still counted",
        ),
        _rows_case(
            "min_median_max_after",
            "Min/Median/Max rows right after the last province",
            _min_median_max_after,
            None,
            check=_check_values(),
            why="statistics rows end the table; they are not provinces",
        ),
        _rows_case(
            "min_median_max_inside",
            "Min/Median/Max rows after the 29th province",
            _min_median_max_inside,
            W.ProvinceCountError,
            dict(R, row=30, column=0),
            why="the table ends before 63 provinces: refuse rather than read half",
        ),
        # ------------------------------------------------------------ provinces
        _rows_case(
            "duplicated_province",
            "An Giang listed twice (row 2 overwritten)",
            _set(2, 0, "An Giang"),
            W.DuplicateProvinceError,
            dict(R, row=2, column=0),
            why="one score per province",
        ),
        _rows_case(
            "two_aliases_same_province",
            "'TP.HCM' and 'Hồ Chí Minh' in one sheet",
            _aliases,
            W.DuplicateProvinceError,
            dict(R, row=53, column=0),
            why="both spellings resolve to code 79",
        ),
        _rows_case(
            "unknown_province",
            "a province called 'Atlantis'",
            _set(5, 0, "Atlantis"),
            W.UnknownProvinceInWorkbookError,
            dict(R, row=5, column=0),
            why="never silently dropped",
        ),
        _rows_case(
            "missing_provinces",
            "only 40 provinces",
            lambda rows: rows.__delitem__(slice(41, None)),
            W.ProvinceCountError,
            dict(R, column=0),
            why="63 expected from 2009 on",
        ),
        _rows_case(
            "ha_tay_in_2022",
            "Hà Tây (merged into Hà Nội in 2008) listed in 2022",
            _ha_tay,
            ValidationFailed,
            stage="import",
            why="the name is known but the province no longer exists: "
            "the panel rule province_not_in_year refuses the import",
        ),
        # ------------------------------------------------------------ scores
        _rows_case(
            "subindex_11",
            "a sub-index score of 11",
            _set(3, 5, 11),
            W.ScoreOutOfRangeError,
            dict(R, row=3, column=5),
            why="sub-indices are on 0–10",
        ),
        _rows_case(
            "subindex_minus_1",
            "a sub-index score of −1",
            _set(10, 9, -1),
            W.ScoreOutOfRangeError,
            dict(R, row=10, column=9),
            why="sub-indices are on 0–10",
        ),
        _rows_case(
            "composite_101",
            "a composite of 101",
            _set(12, 2, 101),
            W.ScoreOutOfRangeError,
            dict(R, row=12, column=2),
            why="the composite is on 0–100",
        ),
        # ------------------------------------------------------------ ranks
        _rows_case(
            "nan_rank",
            "a rank cell holding 'NaN'",
            _set(6, 1, "NaN"),
            W.RankError,
            dict(R, row=6, column=1),
            why="a published rank is an integer 1..63",
        ),
        _rows_case(
            "error_cell_rank",
            "a rank cell holding the Excel error #N/A",
            _set(6, 1, "#N/A"),
            W.RankError,
            dict(R, row=6, column=1),
            why="an error value is not a rank",
        ),
        _rows_case(
            "fractional_rank",
            "a rank of 12.5",
            _set(8, 1, 12.5),
            W.RankError,
            dict(R, row=8, column=1),
            why="ranks are integers",
        ),
        _rows_case(
            "rank_64_of_63",
            "a rank of 64 among 63 provinces",
            _set(8, 1, 64),
            W.RankError,
            dict(R, row=8, column=1),
            why="outside 1..63",
        ),
        _rows_case(
            "rank_repeats",
            "rank 10 given twice and 11 used after it (the last province's 63 replaced)",
            _rank_repeats,
            W.RankError,
            dict(R, column=1),
            why="a repeated rank must be a tie that leaves the next rank free",
        ),
        _rows_case(
            "rank_skips",
            "rank 3 missing (1, 2, 4, 4, 5 …)",
            _rank_skips,
            W.RankError,
            dict(R, column=1),
            why="the ranks must rank all 63 provinces",
        ),
        # ------------------------------------------------------------ years
        _rows_case(
            "stale_year_sheet",
            "PCI_2022.xlsx whose only summary sheet states PCI 2018",
            _stale,
            W.StaleSheetError,
            dict(R, row=0),
            why="a stale copy of another year",
        ),
        _rows_case(
            "year_1999",
            "PCI_1999.xlsx stating PCI 1999",
            _year(1999),
            W.YearOutOfRangeError,
            file="PCI_1999.xlsx",
            why="the first PCI is 2005",
        ),
        _rows_case(
            "year_2099",
            "PCI_2099.xlsx stating PCI 2099",
            _year(2099),
            W.YearOutOfRangeError,
            file="PCI_2099.xlsx",
            why="a year not yet over has no PCI",
        ),
        _rows_case(
            "year_2099_no_file_year",
            "a workbook named download.xlsx whose header states PCI 2099",
            _year(2099),
            W.YearOutOfRangeError,
            dict(R),
            file="download.xlsx",
            why="the year stated by the sheet is checked too",
        ),
        # ------------------------------------------------------------ an edition under another year's label (issue 20)
        Case(
            "pci_2019_as_2020",
            "PCI_2019.xlsx copied to PCI_2020.xlsx (2020 holds the official page's composites)",
            _renamed("PCI_2019.xlsx", "PCI_2020.xlsx"),
            EditionOfAnotherYearError,
            dict(file="PCI_2020.xlsx"),
            "the same bytes as the file imported as PCI 2019 (sources.csv): refused naming both years, whatever "
            "the name, --year or --replace",
            stage="import",
        ),
        Case(
            "pci_2019_as_2024",
            "PCI_2019.xlsx copied to PCI_2024.xlsx (a year data/ does not hold)",
            _renamed("PCI_2019.xlsx", "PCI_2024.xlsx"),
            EditionOfAnotherYearError,
            dict(file="PCI_2024.xlsx"),
            "a new year is not made of an old year's values",
            stage="import",
        ),
        Case(
            "subindices_2023_as_2024",
            "PCI_2023_subindices.xlsx copied to PCI_2024.xlsx",
            _renamed("PCI_2023_subindices.xlsx", "PCI_2024.xlsx"),
            EditionOfAnotherYearError,
            dict(file="PCI_2024.xlsx"),
            "the name never beats the content",
            stage="import",
        ),
        Case(
            "pci_2018_resaved_as_2022",
            "PCI_2018.xlsx's sheet re-saved as PCI_2022.xlsx stating 2022, 3 of its 693 values altered",
            _resaved_2018_as(2022, 3),
            EditionOfAnotherYearError,
            dict(file="PCI_2022.xlsx"),
            "690 of 693 values equal 2018's within the published rounding (>= 95%): the 2018 edition",
            stage="import",
        ),
        Case(
            "year_already_present",
            "the official PCI_2018.xlsx again (2018 is in data/)",
            lambda f: Path(
                (f / "PCI_2018.xlsx").write_bytes((workbooks_dir() / "PCI_2018.xlsx").read_bytes())
                and f / "PCI_2018.xlsx"
            ),
            YearAlreadyPresentError,
            dict(file="PCI_2018.xlsx"),
            "a year already present needs --replace",
            stage="import",
        ),
    ]


def by_name() -> dict[str, Case]:
    return {c.name: c for c in cases()}
