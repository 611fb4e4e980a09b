"""The seed documents' tables, transcribed into tidy tables with provenance.

:func:`build_seed_tables` reads the five seed documents (``../shared/seeds``) and returns
four tables, keyed by the file name the importer writes under ``data/``:

``seed_pci_laichau.csv``
    Lai Châu PCI 2016-2020, composite and ten sub-indices, score and rank
    (seed 002, Phụ lục 03).
``seed_par_index_laichau.csv``
    Lai Châu PAR INDEX 2016-2019, total and eight components, score and rank
    (seed 002, Phụ lục 04). Rank cells written as text stay text (``rank_text``).
``seed_targets.csv``
    Targets and baselines of the four provinces, one row per target, from the curated
    file ``catalog_data/seed_targets.csv`` (:mod:`analysis.data.seed_targets`); every quote is
    checked against its seed file. The rank statements of
    ``catalog_data/seed_statements.csv`` are checked the same way
    (:func:`checked_statements`), with the same quote finder.
``seed_admin_reform_laichau.csv``
    Lai Châu administrative-reform statistics 2016-2020 (seed 002, Phụ lục 05, 07, 09,
    10, 11).

The seed 002 text holds each table cell on its own line(s) with a ``|`` line after
every cell. The tables are read by walking that cell stream and checking every row
label against an explicit list: an unknown or missing label raises
:class:`SeedFormatError` rather than shifting values into the wrong row. Numbers are
parsed with :func:`analysis.core.numbers.parse_number` and an explicit convention per
table/row/cell (see ``_ADMIN_SPECS``): the document writes ``53,46`` and ``1.423``
(Vietnamese) but Appendix 07 writes ``99.96%`` with a decimal point.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.numbers import NumberParseError, is_missing, parse_number
from analysis.data import catalog
from analysis.data import seed_targets as _curated
from analysis.data.seed_targets import TARGETS

SEED_002 = "002_0b651ac042bb2fe9.txt"
SOURCE_KIND = "province_document"
N_PROVINCES = 63

PCI_COLUMNS = [
    "year",
    "province",
    "province_code",
    "indicator",
    "score",
    "rank",
    "source_kind",
    "source_file",
    "source_locator",
    "rank_locator",
]
PAR_COLUMNS = [
    "year",
    "province",
    "province_code",
    "component",
    "component_vi",
    "score",
    "rank",
    "rank_text",
    "note",
    "source_kind",
    "source_file",
    "source_locator",
    "rank_locator",
]
ADMIN_COLUMNS = [
    "year",
    "province",
    "province_code",
    "appendix",
    "indicator",
    "indicator_vi",
    "value",
    "unit",
    "value_text",
    "note",
    "source_kind",
    "source_file",
    "source_locator",
]
TARGET_COLUMNS = [
    "target_id",
    "province",
    "province_code",
    "index",
    "kind",
    "value_low",
    "value_high",
    "value_text",
    "unit",
    "target_year",
    "baseline_value",
    "baseline_value_high",
    "baseline_year",
    "baseline_note",
    "region",
    "conflict_group",
    "note",
    "source",
    "quote",
    "baseline_source",
    "baseline_quote",
    "source_file",
    "source_section",
    "source_locator",
    "source_line",
    "baseline_file",
    "baseline_locator",
    "baseline_line",
]
# ``source`` and ``baseline_source`` are the citations as displayed; code reads the columns after them
TARGET_KINDS = catalog.target_kinds()  # catalog_data/target_kinds.csv


class SeedFormatError(ValueError):
    """The seed text does not have the layout this module was written for."""


class QuoteNotFoundError(SeedFormatError):
    """A curated target's quote does not occur in its seed file."""


# --------------------------------------------------------------------------- text helpers
@lru_cache(maxsize=1 << 15)  # the seed documents' lines are folded again by every appendix search
def fold(text: str) -> str:
    """NFC, whitespace runs folded to one space, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def label_key(text: str) -> str:
    """Comparison key for row labels: folded, case-folded, without trailing punctuation."""
    return fold(text).casefold().rstrip(" .;:")


def read_seed_lines(seeds_dir: Path, name: str) -> list[str]:
    path = Path(seeds_dir) / name
    if not path.exists():
        raise FileNotFoundError(f"seed document {path} is missing")
    return path.read_text(encoding="utf-8").split("\n")


@dataclass(frozen=True)
class Cell:
    line: int  # 1-based line of the cell's first text line (or of its closing "|" if empty)
    text: str  # the cell's lines joined by single spaces


def table_cells(lines: list[str], start: int, stop: int) -> list[Cell]:
    """The cells between 1-based lines ``start`` and ``stop`` (exclusive): every ``|`` line
    closes one cell. Text after the last ``|`` (footnotes) is dropped."""
    cells: list[Cell] = []
    buf: list[str] = []
    first: int | None = None
    for n in range(start, stop):
        s = lines[n - 1].strip()
        if s == "|":
            cells.append(Cell(first if first is not None else n, fold(" ".join(buf))))
            buf, first = [], None
        elif s:
            if first is None:
                first = n
            buf.append(s)
    return cells


def appendix_span(lines: list[str], number: str) -> tuple[int, int]:
    """1-based (heading line, next appendix heading line) of 'PHỤ LỤC <number>'."""
    heading = f"PHỤ LỤC {number}"
    starts = [i + 1 for i, s in enumerate(lines) if fold(s) == heading]
    if len(starts) != 1:
        raise SeedFormatError(f"{SEED_002}: expected one line '{heading}', found {len(starts)}")
    start = starts[0]
    for i in range(start, len(lines)):
        if fold(lines[i]).startswith("PHỤ LỤC "):
            return start, i + 1
    return start, len(lines) + 1


def _years(cells: Iterable[Cell]) -> list[int]:
    out = []
    for c in cells:
        m = re.fullmatch(r"Năm (\d{4})(?: \(.*\))?", c.text)
        if not m:
            raise SeedFormatError(f"{SEED_002} line {c.line}: expected a 'Năm YYYY' heading, got {c.text!r}")
        out.append(int(m.group(1)))
    return out


def _expect(cell: Cell, pattern: str, what: str) -> None:
    if not re.fullmatch(pattern, cell.text):
        raise SeedFormatError(f"{SEED_002} line {cell.line}: expected {what}, got {cell.text!r}")


def _rank(cell: Cell, where: str) -> int:
    value = parse_number(cell.text, decimal=",", percent=False)
    if value != int(value) or not 1 <= value <= N_PROVINCES:
        raise SeedFormatError(f"{where} line {cell.line}: rank {cell.text!r} is not an integer in 1..63")
    return int(value)


def _province(name: str) -> catalog.Province:
    return catalog.resolve_province(name)


# --------------------------------------------------------------------------- Phụ lục 03: PCI
def _pci_names() -> dict[str, str]:
    tab = catalog.load_subindices()
    names = {label_key(vi): code for code, vi in zip(tab["code"], tab["name_vi"])}
    assert set(names.values()) == set(catalog.INDICATORS)
    return names


def pci_laichau(seeds_dir: Path) -> pd.DataFrame:
    """Lai Châu PCI 2016-2020: composite and the ten sub-indices (seed 002, Phụ lục 03)."""
    lines = read_seed_lines(seeds_dir, SEED_002)
    start, stop = appendix_span(lines, "03")
    cells = table_cells(lines, start, stop)
    # cell 0 = title + "TT"; 1 = row-label heading; 2..6 = years; 7 = "Ghi chú"; 8..17 = score/rank
    _expect(cells[0], r"PHỤ LỤC 03 .* TT", "the title followed by 'TT'")
    _expect(cells[1], r"Chỉ số thành phần PCI", "'Chỉ số thành phần PCI'")
    years = _years(cells[2:7])
    _expect(cells[7], r"Ghi chú", "'Ghi chú'")
    for k, c in enumerate(cells[8 : 8 + 2 * len(years)]):
        _expect(c, r"Điểm số, tỷ lệ %" if k % 2 == 0 else r"Xếp hạng", "a score/rank heading")
    names = _pci_names()
    prov = _province("Lai Châu")
    rows = []
    i = 8 + 2 * len(years)
    seen: set[str] = set()
    while i < len(cells):
        if re.fullmatch(r"\d+\.?", cells[i].text):  # the TT cell (absent on the composite row)
            i += 1
        label = cells[i]
        code = names.get(label_key(label.text))
        if code is None:
            raise SeedFormatError(
                f"{SEED_002} Phụ lục 03 line {label.line}: unrecognised PCI row {label.text!r}; known: {sorted(names)}"
            )
        if code in seen:
            raise SeedFormatError(f"{SEED_002} Phụ lục 03 line {label.line}: row {label.text!r} twice")
        seen.add(code)
        values = cells[i + 1 : i + 1 + 2 * len(years)]
        if len(values) != 2 * len(years):
            raise SeedFormatError(f"{SEED_002} Phụ lục 03 line {label.line}: row {label.text!r} is cut short")
        for k, year in enumerate(years):
            sc, rk = values[2 * k], values[2 * k + 1]
            rows.append(
                dict(
                    year=year,
                    province=prov.name,
                    province_code=prov.code,
                    indicator=code,
                    score=parse_number(sc.text, decimal=",", percent=False),
                    rank=_rank(rk, f"{SEED_002} Phụ lục 03"),
                    source_kind=SOURCE_KIND,
                    source_file=SEED_002,
                    source_locator=f"Phụ lục 03, line {sc.line}",
                    rank_locator=f"Phụ lục 03, line {rk.line}",
                )
            )
        i += 1 + 2 * len(years)
        if i < len(cells) and cells[i].text == "":  # the empty "Ghi chú" cell
            i += 1
    missing = set(catalog.INDICATORS) - seen
    if missing:
        raise SeedFormatError(f"{SEED_002} Phụ lục 03: rows missing for {sorted(missing)}")
    df = pd.DataFrame(rows)
    order = {c: k for k, c in enumerate(catalog.INDICATORS)}
    df = df.sort_values(["year", "indicator"], key=lambda s: s.map(order) if s.name == "indicator" else s)
    df["rank"] = df["rank"].astype("Int64")
    return df[PCI_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- Phụ lục 04: PAR INDEX
PAR_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("leadership_and_direction", "Công tác chỉ đạo điều hành về cải cách hành chính"),
    ("legal_documents", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh"),
    ("administrative_procedures", "Cải cách thủ tục hành chính"),
    ("organisational_structure", "Cải cách tổ chức bộ máy hành chính"),
    ("civil_service", "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"),
    ("public_finance", "Cải cách tài chính công"),
    ("administrative_modernisation", "Hiện đại hóa hành chính"),
    ("reform_impact", "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội của tỉnh"),
    ("total", "Tổng cộng"),
)


def _par_score(cell: Cell) -> tuple[float, str]:
    """A Phụ lục 04 score (decimal comma). One cell, '9.18', is written with a decimal
    point; a dot followed by one or two digits cannot be a thousands separator, so that
    form is read with decimal='.' and flagged in the note."""
    try:
        return parse_number(cell.text, decimal=",", percent=False), ""
    except NumberParseError:
        if re.fullmatch(r"\d+\.\d{1,2}", cell.text):
            return (
                parse_number(cell.text, decimal=".", percent=False),
                f"score written {cell.text!r} with a decimal point (the table otherwise uses a decimal comma)",
            )
        raise


def par_index_laichau(seeds_dir: Path) -> pd.DataFrame:
    """Lai Châu PAR INDEX 2016-2019: eight components and the total (seed 002, Phụ lục 04)."""
    lines = read_seed_lines(seeds_dir, SEED_002)
    start, stop = appendix_span(lines, "04")
    cells = table_cells(lines, start, stop)
    _expect(cells[0], r"PHỤ LỤC 04 .* STT", "the title followed by 'STT'")
    _expect(cells[1], r"Lĩnh vực/Tiêu chí/ Tiêu chí thành phần", "the row-label heading")
    years = _years(cells[2:6])
    head = 2 + len(years)
    for k, c in enumerate(cells[head : head + 2 * len(years)]):
        _expect(c, r"Điểm số" if k % 2 == 0 else r"Xếp hạng so với 63 tỉnh, thành phố", "a score/rank heading")
    body = cells[head + 2 * len(years) :]
    width = 2 + 2 * len(years)
    if len(body) != width * len(PAR_COMPONENTS):
        raise SeedFormatError(f"{SEED_002} Phụ lục 04: {len(body)} cells, expected {width * len(PAR_COMPONENTS)}")
    prov = _province("Lai Châu")
    rows = []
    for r, (code, label_vi) in enumerate(PAR_COMPONENTS):
        stt, label, *values = body[r * width : (r + 1) * width]
        _expect(stt, r"\d*", "an STT cell")
        if label_key(label.text) != label_key(label_vi):
            raise SeedFormatError(
                f"{SEED_002} Phụ lục 04 line {label.line}: unrecognised component {label.text!r} "
                f"(expected {label_vi!r})"
            )
        for k, year in enumerate(years):
            sc, rk = values[2 * k], values[2 * k + 1]
            score, note = (np.nan, "") if is_missing(sc.text) else _par_score(sc)
            if re.fullmatch(r"\d+", rk.text):
                rank, rank_text = _rank(rk, f"{SEED_002} Phụ lục 04"), ""
            else:
                rank, rank_text = pd.NA, rk.text
            rows.append(
                dict(
                    year=year,
                    province=prov.name,
                    province_code=prov.code,
                    component=code,
                    component_vi=label.text,
                    score=score,
                    rank=rank,
                    rank_text=rank_text,
                    note=note,
                    source_kind=SOURCE_KIND,
                    source_file=SEED_002,
                    source_locator=f"Phụ lục 04, line {sc.line}",
                    rank_locator=f"Phụ lục 04, line {rk.line}",
                )
            )
    df = pd.DataFrame(rows).sort_values(["year"], kind="stable")
    df["rank"] = df["rank"].astype("Int64")
    return df[PAR_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- Phụ lục 05-11
Parsed = list[tuple[str, float, str, str]]  # (indicator, value, unit, note)


@dataclass(frozen=True)
class RowSpec:
    """One row of an administrative-reform appendix.

    ``indicator`` None marks a heading row (no values, nothing emitted). ``decimal``
    is the row's convention, or a per-year mapping; ``parse`` replaces the plain number
    reader for rows whose cells carry text around the numbers.
    """

    label: str
    indicator: str | None
    unit: str = "count"
    decimal: str | dict[int, str] = ","
    parse: Callable[[str, int, str], Parsed] | None = None


def _plain(spec: RowSpec, text: str, year: int) -> Parsed:
    dec = spec.decimal[year] if isinstance(spec.decimal, dict) else spec.decimal
    clean = re.sub(r"\[\d+\]", "", text).strip()  # footnote markers such as "26[9]"
    pct = True if spec.unit == "percent" else False
    return [(spec.indicator, parse_number(clean, decimal=dec, percent=pct), spec.unit, "")]


def _simplified(text: str, year: int, decimal: str) -> Parsed:
    """Phụ lục 07 row 2: '33.33% (01 TT)', '34,64% (105 TT)', or '64 DVC mức độ 3 và 74 DVC mức độ 4'."""
    m = re.fullmatch(r"([\d.,]+%) \((\d+) TT\)", text)
    if m:
        return [
            ("procedures_simplified_percent", parse_number(m.group(1), decimal=decimal, percent=True), "percent", ""),
            ("procedures_simplified", parse_number(m.group(2), decimal=",", percent=False), "count", ""),
        ]
    m = re.fullmatch(r"(\d+) DVC mức độ 3 và (\d+) DVC mức độ 4", text)
    if m:
        note = "this year the cell gives online services instead of a share of simplified procedures"
        return [
            ("procedures_simplified_online_services_level3", float(m.group(1)), "count", note),
            ("procedures_simplified_online_services_level4", float(m.group(2)), "count", note),
        ]
    raise SeedFormatError(f"unrecognised cell {text!r}")


def _with_applications(text: str, year: int, decimal: str) -> Parsed:
    """Phụ lục 11 row 10: '(phát sinh 47/85 dịch vụ công mức 3,4 đạt 55,29%)'."""
    if text == "Chưa xác định":
        return []
    m = re.fullmatch(r"\(phát sinh (\d+)/(\d+) dịch vụ công mức(?: độ)? 3,4 đạt ([\d,]+%)\)", text)
    if not m:
        raise SeedFormatError(f"unrecognised cell {text!r}")
    k, n = int(m.group(1)), int(m.group(2))
    pct = parse_number(m.group(3), decimal=decimal, percent=True)
    note = f"of {n} level-3/4 online services"
    if abs(100 * k / n - pct) > 0.05:
        note += f"; the written share {m.group(3)} does not equal {k}/{n} = {100 * k / n:.2f}% (kept as written)"
    return [
        ("online_services_l34_with_applications", float(k), "count", note),
        ("online_services_l34_with_applications_percent", pct, "percent", note),
    ]


def _fraction(text: str, year: int, decimal: str) -> Parsed:
    """Phụ lục 11 row 13: '28/28' (agencies with an ISO announcement, of all agencies)."""
    m = re.fullmatch(r"(\d+)/(\d+)", text)
    if not m:
        raise SeedFormatError(f"unrecognised cell {text!r}")
    return [("agencies_with_iso_announcement", float(m.group(1)), "count", f"written {text} (of {m.group(2)})")]


def _custom(fn, decimal):
    def parse(spec_unused, text, year):
        dec = decimal[year] if isinstance(decimal, dict) else decimal
        return fn(text, year, dec)

    return parse


_SUB4 = (
    (
        "Số lượng đơn vị sự nghiệp công tự bảo đảm chi thường xuyên và chi đầu tư",
        "self_financing_recurrent_and_investment",
    ),
    ("Số lượng đơn vị sự nghiệp công tự bảo đảm chi thường xuyên", "self_financing_recurrent"),
    ("Số lượng đơn vị sự nghiệp công tự bảo đảm một phần chi thường xuyên", "partly_self_financing"),
    ("Số lượng đơn vị sự nghiệp công do Nhà nước bảo đảm chi thường xuyên", "state_financed"),
)


def _units(prefix: str) -> list[RowSpec]:
    return [RowSpec(label, f"{prefix}_{suffix}") for label, suffix in _SUB4]


_ADMIN_SPECS: dict[str, list[RowSpec]] = {
    # Phụ lục 05: counts, 1/0 flags and "82,96%" -> Vietnamese decimal comma throughout.
    "05": [
        RowSpec("Số lượng các cơ quan, đơn vị được kiểm tra CCHC", "units_inspected_on_par"),
        RowSpec("Tuyên truyền CCHC", None),
        RowSpec(
            "Tổ chức cuộc thi tìm hiểu CCHC (Có tổ chức = 1; Không tổ chức = 0)", "par_contest_held", "flag (1 = yes)"
        ),
        RowSpec("Số lượng bản tin chuyên đề CCHC trên đài PT-TH tỉnh", "par_broadcast_items"),
        RowSpec("Số lớp tập huấn chuyên đề CCHC", "par_training_classes"),
        RowSpec(
            "Xây dựng chuyên mục CCHC trên Cổng TTĐT của tỉnh (Có xây dựng = 1; Không xây dựng = 0)",
            "par_portal_section_built",
            "flag (1 = yes)",
        ),
        RowSpec("Số lượng mô hình, sáng kiến CCHC được triển khai áp dụng", "par_initiatives_applied"),
        RowSpec("Xây dựng, áp dụng bộ tiêu chí đánh giá CCHC các cơ quan, đơn vị", None),
        RowSpec("Bộ tiêu chí đánh giá sở, ngành", "par_criteria_departments", "flag (1 = yes)"),
        RowSpec("Bộ tiêu chí đánh giá UBND cấp huyện", "par_criteria_districts", "flag (1 = yes)"),
        RowSpec("Bộ tiêu chí đánh giá UBND cấp xã", "par_criteria_communes", "flag (1 = yes)"),
        RowSpec(
            "Bộ tiêu chí đánh giá cơ quan ngành dọc tại địa phương", "par_criteria_vertical_agencies", "flag (1 = yes)"
        ),
        RowSpec("Đo lường sự hài lòng của người dân, tổ chức", None),
        RowSpec("Số lượng dịch vụ đã khảo sát", "satisfaction_services_surveyed"),
        RowSpec("Số lượng mẫu đã khảo sát", "satisfaction_sample_size"),
        RowSpec("Mức độ hài lòng chung", "satisfaction_overall", "percent", ","),
    ],
    # Phụ lục 07: counts use thousands dots ("1.543"), the on-time rates a decimal POINT
    # ("99.96%"); row 2 mixes both ("33.33%" in 2016, "34,64%" in 2019).
    "07": [
        RowSpec("Tổng số TTHC của tỉnh", "procedures_total"),
        RowSpec("Số lượng TTHC cấp tỉnh", "procedures_province"),
        RowSpec("Số lượng TTHC cấp huyện", "procedures_district"),
        RowSpec("Số lượng TTHC cấp xã", "procedures_commune"),
        RowSpec("Số TTHC do tỉnh ban hành (được giao trong Luật)", "procedures_issued_by_province"),
        RowSpec(
            "Số TTHC được đơn giản hóa sau rà soát (theo thẩm quyền của tỉnh, như: giảm thời gian giải quyết; "
            "tỷ lệ chi phí tuân thủ TTHC/lĩnh vực trọng tâm; các thức thực hiện; cung cấp DVC trực tuyến...)",
            "procedures_simplified",
            "percent",
            parse=_custom(_simplified, {2016: ".", 2017: ".", 2018: ",", 2019: ",", 2020: ","}),
        ),
        RowSpec(
            "Số lượng thủ tục hành chính được công khai đầy đủ, đúng quy định trên Cổng/ Trang Thông tin điện tử",
            "procedures_published_percent",
            "percent",
            ".",
        ),
        RowSpec("Thực hiện cơ chế một cửa, một cửa liên thông", None),
        RowSpec(
            "Số lượng TTHC thực hiện được giải quyết tại Trung tâm phục vụ hành chính công cấp tỉnh hoặc "
            "Bộ phận Tiếp nhận và trả kết quả cấp sở, ngành",
            "procedures_at_province_service_centre",
        ),
        RowSpec(
            "Số lượng TTHC thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa cấp huyện",
            "procedures_at_district_one_stop",
        ),
        RowSpec(
            "Số lượng TTHC thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa cấp xã",
            "procedures_at_commune_one_stop",
        ),
        RowSpec(
            "Số lượng TTHC được giải quyết theo cơ chế một cửa liên thông cùng cấp", "procedures_interlinked_same_level"
        ),
        RowSpec(
            "Số lượng TTHC hoặc nhóm TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền",
            "procedures_interlinked_across_levels",
        ),
        RowSpec("Số TTHC đã thực hiện 4 tại chỗ (cấp tỉnh)", "procedures_four_on_site_province"),
        RowSpec("Kết quả giải quyết hồ sơ TTHC", None),
        RowSpec(
            "Tỷ lệ hồ sơ TTHC cấp tỉnh giải quyết đúng hẹn (đã tiếp nhận/đã trả đúng hẹn)",
            "on_time_rate_province",
            "percent",
            ".",
        ),
        RowSpec(
            "Tỷ lệ hồ sơ TTHC cấp huyện giải quyết đúng hẹn (đã tiếp nhận/đã trả đúng hẹn)",
            "on_time_rate_district",
            "percent",
            ".",
        ),
        RowSpec(
            "Tỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hẹn (đã tiếp nhận/đã trả đúng hẹn)",
            "on_time_rate_commune",
            "percent",
            ".",
        ),
        RowSpec("Tiếp nhận và xử lý PAKN về TTHC", None),
        RowSpec("Số lượng PAKN đã tiếp nhận trong năm", "feedback_received"),
        RowSpec("Số lượng PAKN đã giải quyết trong năm", "feedback_resolved"),
        RowSpec("Số lượng PAKN được xử lý và đã công khai kết quả trả lời trên Cổng TTĐT", "feedback_published"),
    ],
    # Phụ lục 09: staff counts with thousands dots ("17.528").
    "09": [
        RowSpec("Tổng số biên chế cán bộ, công chức", None),
        RowSpec("Tổng số được giao", "civil_servant_quota"),
        RowSpec("Tổng số có mặt", "civil_servants_in_post"),
        RowSpec("Tổng số biên chế viên chức", None),
        RowSpec("Tổng số được giao", "public_employee_quota"),
        RowSpec("Tổng số có mặt", "public_employees_in_post"),
        RowSpec("Số công chức được tuyển dụng theo hình thức thi cạnh tranh", "civil_servants_recruited_by_exam"),
        RowSpec(
            "Số công chức được bổ nhiệm vào các chức danh lãnh đạo, quản lý thông qua thi tuyển cạnh tranh",
            "leaders_appointed_by_exam",
        ),
        RowSpec("Số lượng cán bộ, công chức được tinh giản biên chế", "staff_downsized"),
        RowSpec("Số lượng công chức được bồi dưỡng, tập huấn hàng năm", "civil_servants_trained"),
        RowSpec("Số lượng viên chức được bồi dưỡng, tập huấn hàng năm", "public_employees_trained"),
        RowSpec("Số lượng các lớp đào tạo, bồi dưỡng", "training_classes"),
    ],
    # Phụ lục 10: counts of public service units.
    "10": [
        RowSpec("Số đơn vị sự nghiệp thực hiện cơ chế tự chủ", "autonomous_units_total"),
        RowSpec(
            "Số đơn vị sự nghiệp công lập thuộc UBND cấp tỉnh thực hiện cơ chế tự chủ",
            "autonomous_units_provincial_committee",
        ),
        *_units("provincial_committee_units"),
        RowSpec(
            "Số đơn vị sự nghiệp công lập thuộc cơ quan chuyên môn của UBND cấp tỉnh thực hiện cơ chế tự chủ",
            "autonomous_units_provincial_departments",
        ),
        *_units("provincial_department_units"),
        RowSpec(
            "Số đơn vị sự nghiệp công lập thuộc UBND cấp huyện thực hiện cơ chế tự chủ", "autonomous_units_district"
        ),
        *_units("district_units"),
        RowSpec(
            "Số tổ chức khoa học và công nghệ công lập thực hiện cơ chế tự chủ, tự chịu trách nhiệm theo "
            "Nghị định số 54/2016/NĐ-CP",
            "autonomous_science_organisations",
        ),
    ],
    # Phụ lục 11: counts with thousands dots ("1.316.627"), shares with a comma ("6,02%").
    "11": [
        RowSpec("", None),  # a row with no label ("0% 0% 0% 100% 100%"): not transcribed
        RowSpec("Số đơn vị kết nối Trục liên thông VBQG", "units_on_national_document_axis"),
        RowSpec("Số lượng văn bản nhận trên Trục liên thông VBQG", "documents_received_on_axis"),
        RowSpec("Số lượng văn bản gửi trên Trục liên thông VBQG", "documents_sent_on_axis"),
        RowSpec("Số lượng chữ ký số", "digital_signatures"),
        RowSpec("Tỷ lệ công chức có hộp thư điện tử", "civil_servants_with_email_percent", "percent", ","),
        RowSpec(
            "Số cơ quan chuyên môn cấp tỉnh, đơn vị hành chính cấp huyện triển khai ứng dụng phần mềm quản lý văn bản",
            "agencies_using_document_software",
        ),
        RowSpec(
            "Số cơ chuyên môn cấp tỉnh, đơn vị hành chính cấp huyện sử dụng mạng nội bộ (mạng LAN) để trao đổi công việc",
            "agencies_using_lan",
        ),
        RowSpec(
            "Số cơ quan chuyên môn cấp tỉnh, đơn vị hành chính cấp huyện có Cổng/Trang Thông tin điện tử",
            "agencies_with_web_portal",
        ),
        RowSpec("Số dịch vụ công trực tuyến mức độ 3, mức độ 4", "online_services_l34"),
        RowSpec(
            "Tỷ lệ dịch vụ công trực tuyến mức độ 3, mức độ 4 có phát sinh hồ sơ",
            "online_services_l34_with_applications",
            "percent",
            parse=_custom(_with_applications, ","),
        ),
        RowSpec("Số đơn vị xây dựng, sử dụng phần mềm một cửa điện tử", "units_using_e_one_stop_software"),
        RowSpec("Tỷ lệ hồ sơ giải quyết qua hệ thống một cửa điện tử", "files_via_e_one_stop_percent", "percent", ","),
        RowSpec(
            "Số cơ quan chuyên môn cấp tỉnh, đơn vị hành chính cấp huyện có bản Công bố ISO",
            "agencies_with_iso_announcement",
            parse=_custom(_fraction, ","),
        ),
    ],
}

_STT = re.compile(r"(\d+\.?|-|)")


def _appendix_rows(lines: list[str], number: str) -> tuple[list[int], list[tuple[Cell, list[Cell]]], str]:
    """(years, [(label cell, value cells)], year-heading note) of a 'STT | Chỉ tiêu | Năm ...' table."""
    start, stop = appendix_span(lines, number)
    cells = table_cells(lines, start, stop)
    _expect(cells[0], rf"PHỤ LỤC {number} .* STT", "the title followed by 'STT'")
    _expect(cells[1], r"Chỉ tiêu", "'Chỉ tiêu'")
    years = _years(cells[2:7])
    heading_note = "; ".join(f"{c.text}" for c in cells[2:7] if "(" in c.text)
    body = cells[7:]
    rows = []
    i = 0
    while i < len(body):
        if _STT.fullmatch(body[i].text):
            i += 1  # the STT cell ("1", "1.", "-" or empty); Phụ lục 10's first row has none
        label = body[i]
        values = body[i + 1 : i + 1 + len(years)]
        if len(values) != len(years):
            raise SeedFormatError(f"{SEED_002} Phụ lục {number} line {label.line}: row {label.text!r} is cut short")
        rows.append((label, values))
        i += 1 + len(years)
    return years, rows, heading_note


def admin_reform_laichau(seeds_dir: Path) -> pd.DataFrame:
    """Lai Châu administrative-reform statistics 2016-2020 (seed 002, Phụ lục 05, 07, 09, 10, 11)."""
    lines = read_seed_lines(seeds_dir, SEED_002)
    prov = _province("Lai Châu")
    out = []
    for number, specs in _ADMIN_SPECS.items():
        years, rows, heading_note = _appendix_rows(lines, number)
        if len(rows) != len(specs):
            raise SeedFormatError(
                f"{SEED_002} Phụ lục {number}: {len(rows)} rows, expected {len(specs)}: {[lab.text for lab, _ in rows]}"
            )
        for (label, values), spec in zip(rows, specs):
            if label_key(label.text) != label_key(spec.label):
                raise SeedFormatError(
                    f"{SEED_002} Phụ lục {number} line {label.line}: unrecognised row {label.text!r} "
                    f"(expected {spec.label!r})"
                )
            if spec.indicator is None:
                continue
            for year, cell in zip(years, values):
                if is_missing(cell.text):
                    continue
                try:
                    parsed = spec.parse(spec, cell.text, year) if spec.parse else _plain(spec, cell.text, year)
                except (NumberParseError, SeedFormatError) as exc:
                    raise SeedFormatError(f"{SEED_002} Phụ lục {number} line {cell.line}: {exc}") from exc
                for indicator, value, unit, note in parsed:
                    if heading_note and str(year) in heading_note:
                        note = "; ".join(x for x in (f"year heading: {heading_note}", note) if x)
                    out.append(
                        dict(
                            year=year,
                            province=prov.name,
                            province_code=prov.code,
                            appendix=number,
                            indicator=indicator,
                            indicator_vi=label.text,
                            value=value,
                            unit=unit,
                            value_text=cell.text,
                            note=note,
                            source_kind=SOURCE_KIND,
                            source_file=SEED_002,
                            source_locator=f"Phụ lục {number}, line {cell.line}",
                        )
                    )
    df = pd.DataFrame(out)
    dup = df.duplicated(["year", "indicator"])
    if dup.any():
        raise SeedFormatError(f"duplicate indicator/year rows: {df[dup][['year', 'indicator']].values.tolist()}")
    return df[ADMIN_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- targets
class _FoldedText:
    """A seed file folded to single spaces, with a map back to line numbers."""

    def __init__(self, lines: list[str]):
        parts, starts, line_of = [], [], []
        pos = 0
        for n, raw in enumerate(lines, start=1):
            s = fold(raw)
            if not s:
                continue
            if parts:
                pos += 1  # the joining space
            starts.append(pos)
            line_of.append(n)
            parts.append(s)
            pos += len(s)
        self.text = " ".join(parts)
        self._starts, self._lines = starts, line_of

    def line_at(self, offset: int) -> int:
        return self._lines[bisect.bisect_right(self._starts, offset) - 1]

    def find(self, quote: str, after: str | None = None) -> int | None:
        """Line of the first occurrence of ``quote`` (after ``after`` if given), or None."""
        begin = 0
        if after:
            begin = self.text.find(fold(after))
            if begin < 0:
                return None
        k = self.text.find(fold(quote), begin)
        return None if k < 0 else self.line_at(k)


def _token(value: object, quote: str, field: str, tid: str) -> float:
    """A number written as text must occur in ``quote`` as a whole number; convention
    numbers (int/float) pass through."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, (int, float)):
        return float(value)
    pattern = rf"(?<![\d.,]){re.escape(value)}(?![\d]|[.,]\d)"
    if not re.search(pattern, fold(quote)):
        raise SeedFormatError(f"target {tid}: {field} {value!r} does not occur as a number in its quote {quote!r}")
    return parse_number(value, decimal=",", percent=False)


def targets(seeds_dir: Path) -> pd.DataFrame:
    """The curated targets (``catalog_data/seed_targets.csv``), checked against the seeds."""
    texts: dict[str, _FoldedText] = {}

    def folded(name: str) -> _FoldedText:
        if name not in texts:
            texts[name] = _FoldedText(read_seed_lines(seeds_dir, name))
        return texts[name]

    rows = []
    seen = set()
    for t in TARGETS:
        tid = t["target_id"]
        if tid in seen:
            raise SeedFormatError(f"target_id {tid} twice")
        seen.add(tid)
        if t["kind"] not in TARGET_KINDS:
            raise SeedFormatError(f"target {tid}: unknown kind {t['kind']!r}")
        if t.get("unit"):
            try:
                catalog.target_unit(t["unit"])
            except KeyError as exc:
                raise SeedFormatError(f"target {tid}: {exc.args[0]}") from None
        line = folded(t["file"]).find(t["quote"], t.get("anchor"))
        if line is None:
            raise QuoteNotFoundError(f"target {tid}: quote not found in {t['file']}: {t['quote']!r}")
        bq = t.get("baseline_quote") or ""
        bfile = t.get("baseline_file", t["file"])
        bsource, bline = "", None
        if bq:
            bline = folded(bfile).find(bq)
            if bline is None:
                raise QuoteNotFoundError(f"target {tid}: baseline quote not found in {bfile}: {bq!r}")
            bsource = f"{bfile}, {t.get('baseline_section', t['section'])}, line {bline}"
        base_text = bq or t["quote"]
        prov = _province(t["province"])
        ty, by = t.get("target_year"), t.get("baseline_year")
        rows.append(
            dict(
                target_id=tid,
                province=prov.name,
                province_code=prov.code,
                index=t["index"],
                kind=t["kind"],
                value_low=_token(t.get("value_low"), t["quote"], "value_low", tid),
                value_high=_token(t.get("value_high"), t["quote"], "value_high", tid),
                value_text=t.get("value_text", ""),
                unit=t.get("unit", ""),
                target_year=_token(ty, t["quote"], "target_year", tid),
                baseline_value=_token(t.get("baseline_value"), base_text, "baseline_value", tid),
                baseline_value_high=_token(t.get("baseline_value_high"), base_text, "baseline_value_high", tid),
                baseline_year=_token(by, base_text, "baseline_year", tid),
                baseline_note=t.get("baseline_note", ""),
                region=t.get("region", ""),
                conflict_group=t.get("conflict_group", ""),
                note=t.get("note", ""),
                source=f"{t['file']}, {t['section']}, line {line}",
                quote=fold(t["quote"]),
                source_file=t["file"],
                source_section=t["section"],
                source_locator=f"{t['section']}, line {line}",
                baseline_source=bsource,
                baseline_quote=fold(bq),
                source_line=line,
                baseline_file=bfile if bq else "",
                baseline_locator=f"{t.get('baseline_section', t['section'])}, line {bline}" if bq else "",
                baseline_line=bline,
            )
        )
    df = pd.DataFrame(rows)
    for c in ("target_year", "baseline_year", "source_line", "baseline_line"):
        df[c] = df[c].astype("Int64")
    return df[TARGET_COLUMNS]


def checked_statements(seeds_dir: Path, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """The curated rank statements, each quote verified to start on its stated line.

    Uses the same whitespace-folding finder as :func:`targets` (a quote may span lines).
    Raises :class:`QuoteNotFoundError` naming the statement, file and line.
    """
    st = _curated.load_statements() if statements is None else statements
    texts: dict[str, _FoldedText] = {}
    for s in st.to_dict("records"):
        name = s["file"]
        if name not in texts:
            texts[name] = _FoldedText(read_seed_lines(seeds_dir, name))
        ft = texts[name]
        folded = fold(s["quote"])
        begin, found = 0, []
        while (k := ft.text.find(folded, begin)) >= 0:
            found.append(ft.line_at(k))
            begin = k + 1
        if not found:
            raise QuoteNotFoundError(f"seed statement {s['statement_id']}: quote not found in {name}: {s['quote']!r}")
        if int(s["line"]) not in found:
            raise QuoteNotFoundError(
                f"seed statement {s['statement_id']}: quote is on line(s) {found} of {name}, "
                f"not on the stated line {s['line']}"
            )
    return st


# --------------------------------------------------------------------------- entry point
def build_seed_tables(seeds_dir: Path) -> dict[str, pd.DataFrame]:
    """The four tidy seed tables, keyed by the file name the importer writes under data/."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise FileNotFoundError(f"seed folder {seeds_dir} is missing (expected ../shared/seeds)")
    checked_statements(seeds_dir)  # a curated statement whose quote moved stops the import
    tables = {
        "seed_pci_laichau.csv": pci_laichau(seeds_dir),
        "seed_par_index_laichau.csv": par_index_laichau(seeds_dir),
        "seed_targets.csv": targets(seeds_dir),
        "seed_admin_reform_laichau.csv": admin_reform_laichau(seeds_dir),
    }
    for name, df in tables.items():
        col = "source_locator" if "source_locator" in df.columns else "source"
        if df[col].eq("").any() or df[col].isna().any():
            raise SeedFormatError(f"{name}: rows without a {col}")
    return tables
