"""Pages, briefs and figures read like a reader of the run's language would (issue 23).

Every page (reports/*.html) of a Vietnamese run and of an English run, their saved figures (the texts
each SVG records, tests/language_scan.py) and the two briefs the brief tests build (Lai Châu in
Vietnamese, Điện Biên in English) are scanned for: English words on a Vietnamese page (the list in
language_scan.ENGLISH_WORDS) and Vietnamese words on an English one, Python artefacts (NaN, None, <NA>,
True/False, list brackets, "2008.0", warnings), and numbers written the other language's way (a decimal
point in Vietnamese, "4,000" in Vietnamese; a decimal comma in English). A bilingual page must not leak
the two-spelling marks of analysis.core.prose. No kernel runs here: the runs are the ones
test_notebooks.py and test_brief.py build once per test run (run_cache.built_once).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import language_scan as scan
from analysis.core import paths
from analysis.core.prose import Prose
from test_notebooks import EXTRA_RUNS, NOTEBOOKS, run_once


def _files(res: dict) -> list[Path]:
    html = Path(res["html"])
    figures = Path(res["figures"])
    explorer = Path(res["pages"]) / "explorer"
    return [html, *sorted(figures.glob("*.svg")), *sorted(explorer.glob("*.svg"))]


@pytest.mark.notebook
@pytest.mark.parametrize("stem", [s.stem for s in NOTEBOOKS])
def test_vietnamese_page_and_figures_read_in_vietnamese(stem):
    res = run_once(stem)
    assert res["ok"], res["error"]
    problems = [p for f in _files(res) for p in scan.scan_file(f, "vi")]
    assert problems == [], f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


EN_RUNS = [(n, p) for n, p in EXTRA_RUNS if p.get("lang") == "en"]


@pytest.mark.notebook
@pytest.mark.parametrize("name,params", [pytest.param(n, p, id=n) for n, p in EN_RUNS])
def test_english_page_and_figures_read_in_english(name, params):
    res = run_once(name, params)
    assert res["ok"], res["error"]
    problems = [p for f in _files(res) for p in scan.scan_file(f, "en")]
    assert problems == [], f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


@pytest.mark.notebook
def test_a_bilingual_page_shows_each_number_once():
    name, params = next((n, p) for n, p in EXTRA_RUNS if p.get("lang") == "both")
    res = run_once(name, params)
    assert res["ok"], res["error"]
    html = Path(res["html"]).read_text(encoding="utf-8")
    assert "\ue000" not in html and "\ue001" not in html and "\ue002" not in html
    assert scan.table_problems(html, "both") == []  # headers in both languages, never the code's column names


@pytest.fixture(scope="module")
def briefs():
    from run_cache import built_once
    from test_brief import _build_briefs  # the briefs test_brief builds once per test run

    return built_once("briefs", _build_briefs)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_briefs_read_in_their_language(briefs, lang):
    folder = briefs / f"brief_{lang}"
    files = [folder / "brief.html", *sorted((folder / "figures").glob("*.svg"))]
    assert files[0].exists()
    problems = [p for f in files for p in scan.scan_file(f, lang)]
    assert problems == [], f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])


# --------------------------------------------------------------------------- the scanner and the formatter
def test_the_scanner_finds_what_a_reader_would():
    vi = scan.problems("Điểm 66.48 năm 2008.0; rising; 4,000 lần; NaN", "vi")
    assert any("66.48" in p for p in vi) and any("2008.0" in p for p in vi)
    assert any("'rising'" in p for p in vi) and any("4,000" in p for p in vi) and any("NaN" in p for p in vi)
    assert scan.problems("Điểm 66,48 năm 2008; 4.000 lần mô phỏng; 0,3–0,8; Spearman 0,977", "vi") == []
    en = scan.problems("Score 66,48 in năm 2008", "en")
    assert any("66,48" in p for p in en) and any("'năm'" in p for p in en)
    assert scan.problems("Score 66.48; 4,000 draws; 0.3–0.8", "en") == []


def test_brief_emphasis_is_rendered_not_printed():
    """Issue 23: the English brief printed "*likely*" (the verdict rule's Markdown) literally."""
    from analysis.outputs.brief_render import _md

    html = _md("Rule: probability ≥ 70%: *likely*; ≤ 30%: *unlikely*")
    assert "*" not in html and "<em>likely</em>" in html
    assert scan.problems("Rule: probability ≥ 70%: *likely*", "en")


def test_numbers_in_each_language():
    """The examples of issue 23: "66,48 điểm", "4.000 lần mô phỏng", "0,3–0,8"; English keeps the point."""
    vi, en, both = Prose("vi"), Prose("en"), Prose("both")
    assert (vi.num(66.482498), vi.int(4000), vi.range(0.3, 0.8, 1)) == ("66,48", "4.000", "0,3–0,8")
    assert (en.num(66.482498), en.int(4000), en.range(0.3, 0.8, 1)) == ("66.48", "4,000", "0.3–0.8")
    assert vi.pct(0.425, 1) == "42,5%" and vi.signed(-0.001) == "0,00" and vi.year(2008.0) == "2008"
    assert vi.cell(float("nan")) == "–" and vi.cell(True) == "có" and en.cell(2008.0) == "2008"
    import pandas as pd

    assert vi.cell(pd.NA) == "–"
    # a bilingual sentence: each half in its own format
    assert both(f"- {both.num(1.5)} điểm", f"- {both.num(1.5)} points") == "- 1,50 điểm\n- 1.50 points"


def test_a_table_as_a_reader_sees_it():
    """analysis.outputs.reader: headers, codes and the analyses' vocabulary in the run's language, numbers in
    its format, no Python artefact (the issue's 01 trend verdicts, 02 agree/disagree and is_focus, 00's <NA>)."""
    import numpy as np
    import pandas as pd

    from analysis.outputs.reader import reader_table

    df = pd.DataFrame(
        {
            "indicator": ["entry_costs", "pci"],
            "score": [66.482498, np.nan],
            "year": [2008.0, 2020],
            "is_focus": [True, False],
            "status": ["agree", "disagree"],
            "verdict": [
                "rising (90% CI excludes 0, n=11); window crosses methodology break 2022, adjusted for: slope within "
                "each period, each its own level",
                "too few years (n=3 < 4)",
            ],
            "rank": pd.array([35, pd.NA], dtype="Int64"),
        }
    )
    vi = reader_table(df, "vi")
    assert list(vi.columns) == ["Chỉ số", "Điểm", "Năm", "Tỉnh được chọn", "Tình trạng", "Kết luận", "Hạng"]
    assert vi.iloc[0].tolist()[:5] == ["Gia nhập thị trường", "66,48", "2008", "có", "khớp"]
    assert vi.iloc[1].tolist()[1] == "–" and vi.iloc[1].tolist()[-1] == "–" and vi.iloc[1, 4] == "không khớp"
    assert vi.iloc[0, 5] == (
        "tăng (KTC 90% không chứa 0; n = 11); giai đoạn có đổi phương pháp 2022, đã điều chỉnh: độ dốc học trong "
        "từng giai đoạn, mỗi giai đoạn giữ mức riêng"
    )
    en = reader_table(df, "en")
    assert en.iloc[0].tolist()[:5] == ["Entry Costs", "66.48", "2008", "yes", "agree"]
    text = vi.to_string() + en.to_string()
    assert not any(a in text for a in ("NaN", "<NA>", "True", "False", "2008.0"))


def test_page_03s_tables_show_names_not_the_codes_columns_and_methods():
    """Page 03's backtest, projection and probability tables (run 2026-12-07) showed rank_mae, n_origins,
    median_score, verdict_scale, a "persistence, 2025" index and method codes as headers on the Vietnamese page:
    headers come from reader_labels.csv (a column named with its years from a column_pattern row), the methods'
    names from projection_methods.csv, each level of a two-level index on its own, lists of sub-index codes by
    their names, and identifiers a reader looks up in data/ (target_id, rule) set as code."""
    import pandas as pd

    from analysis.outputs.reader import reader_table, to_html

    skill = pd.DataFrame(
        {"method": ["persistence", "rank_ar"], "rank_mae": [11.54, 10.83], "n_origins": [15, 15]}
    ).set_index("method")
    vi = reader_table(skill, "vi")
    assert list(vi.columns) == ["Sai số thứ hạng TB", "Số năm gốc"] and vi.index.name == "Phương pháp"
    assert list(vi.index) == ["giữ nguyên", "hồi quy thứ hạng"] and vi.iloc[0, 0] == "11,54"
    assert list(reader_table(skill, "en").index) == ["persistence", "rank reversion"]

    summary = pd.DataFrame(
        {"method": ["trend", "trend"], "target_year": [2025, 2030], "median_rank": [43, 35]}
    ).set_index(["method", "target_year"])
    t = reader_table(summary, "vi")
    assert list(t.index) == [("xu hướng", "2025"), ("xu hướng", "2030")]
    assert list(t.index.names) == ["Phương pháp", "Năm mục tiêu"] and list(t.columns) == ["Hạng trung vị"]

    wide = pd.DataFrame({"pooled": [0.75], "ensemble": [0.7]}, index=pd.Index(["Lai Châu"], name="province"))
    assert list(reader_table(wide, "vi").columns) == ["gộp", "kết hợp"]

    years = pd.DataFrame({"contribution_2013_2020": [1.5], "points_to_median_2023": [0.4]})
    assert list(reader_table(years, "vi").columns) == ["Đóng góp 2013–2020", "Điểm PCI nếu bằng trung vị 2023"]
    assert list(reader_table(years, "en").columns) == ["Contribution 2013–2020", "Points if level with the 2023 median"]

    codes = pd.DataFrame(
        {"target_id": ["quangninh_pci_keep_first"], "kind": ["keep_first"], "missing": ["labor_training, entry_costs"]}
    )
    t = reader_table(codes, "vi")
    assert t.iloc[0, 1] == "giữ vị trí dẫn đầu" and t.iloc[0, 2] == "Đào tạo lao động, Gia nhập thị trường"
    page = to_html(codes, "vi")
    assert "<code>quangninh_pci_keep_first</code>" in page and scan.table_problems(page, "vi") == []


def test_the_ledgers_english_details_read_in_the_runs_language_with_kinds_and_periods_by_name():
    """analysis.analyses.ledger writes its details in English with codes: "not first in 2024 (rank 2, press)" (Quảng
    Ninh, pci_press_2024.csv line 5), "changes within methodology 2022-", the 2022 weights note of 01; the reader
    gives them in the run's language, source kinds by their labels (catalog_data/source_kinds.csv) and the open
    period as "từ 2022" / "2022 onward"."""
    from analysis.outputs.reader import value_text

    assert (
        value_text("not first in 2024 (rank 2, press)", "vi")
        == "không đứng đầu năm 2024 (hạng 2, Báo chí / cổng thông tin)"
    )
    assert value_text("rank 35 in 2023 (derived)", "en") == "rank 35 in 2023 (derived by this project)"
    note = "10 sub-indices observed, latest 2023; changes within methodology 2022-"
    assert value_text(note, "vi").endswith("thay đổi trong giai đoạn phương pháp từ 2022")
    assert value_text(note, "en").endswith("changes within methodology period 2022 onward")
    weights = "weights of 2022- instead of 2013-2021, applied to the 2023 scores"
    assert value_text(weights, "vi") == "trọng số giai đoạn từ 2022 thay cho 2013–2021, áp vào điểm năm 2023"
    # seed_targets.csv cites Decision 688's appendix by its line: "dòng" on a Vietnamese page, as it stands in English
    cite = "002_0b651ac042bb2fe9.txt, Phụ lục 01, mục I (chỉ tiêu các chỉ số của tỉnh), line 1064"
    assert value_text(cite, "vi").endswith("tỉnh), dòng 1064") and value_text(cite, "en") == cite
    assert value_text("pci_press_2024.csv lines 24-25", "vi") == "pci_press_2024.csv dòng 24–25"
    # data/papi.csv's locators: a PAPI workbook's cell, a research file's line and columns
    assert value_text("sheet '2019_PAPI', cell D5", "vi") == "trang tính '2019_PAPI', ô D5"
    assert (
        value_text("line 44, columns SC11–SC83 (sum of 8 dimensions)", "vi")
        == "dòng 44, cột SC11–SC83 (tổng 8 lĩnh vực)"
    )
    assert (value_text("2022-", "vi"), value_text("2009-2012", "en")) == ("từ 2022", "2009–2012")
    # page 03's period table: data/projection_skill_by_period.csv's rows "all" and "recent" in words
    import pandas as pd

    from analysis.analyses.backtesting import period_table
    from analysis.data.loaders import load_projection_default

    by_period = pd.read_csv(paths.data_dir() / "projection_skill_by_period.csv")
    periods = period_table(by_period, load_projection_default(), "pci", "vi").iloc[:, 0].tolist()
    assert periods[-2:] == ["mọi giai đoạn", "kiểm tra gần đây"] and "all" not in periods


def test_the_table_scanner_flags_code_names_a_reader_would_see():
    """tests/language_scan.table_problems: a header that is a column's code name, or a method shown by its code
    where the page's language names it otherwise; "persistence" is the method's English name."""
    page = (
        "<table><tr><th>rank_mae</th><th>Phương pháp</th></tr><tr><td>rank_ar</td><td>persistence</td></tr>"
        "<tr><td><code>hatinh_pci_top20_2025</code></td><td>keep_first</td></tr></table>"
    )
    vi = scan.table_problems(page, "vi")
    assert len(vi) == 4 and "'rank_mae'" in vi[0] and "'rank_ar'" in vi[1] and "'persistence'" in vi[2]
    assert "a cell shows a code" in vi[3] and "'keep_first'" in vi[3]
    en = scan.table_problems(page, "en")
    assert len(en) == 3 and "'rank_mae'" in en[0] and "'rank_ar'" in en[1] and "'keep_first'" in en[2]


# --------------------------------------------------------------------------- page 03 and the brief's sources
def test_the_engine_notes_read_in_the_pages_language():
    """The projection engine's warning on the default window of the committed panel (2022-: two years, so the window
    reaches back over the 2022 break) is a sentence on page 03: Vietnamese on a Vietnamese page, never a Python list."""
    import warnings

    from analysis.analyses import project
    from analysis.data.loaders import load_pci

    panel = load_pci()
    last = int(panel.loc[panel["indicator"] == "pci", "year"].max())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        project._resolve_window(None, 2023, int(panel["year"].min()), False)  # the default: stated once
        project._resolve_window((2013, 2023), 2023, int(panel["year"].min()), True)  # an explicit window
        project._resolve_window((2011, 2024), 2024, 2011, True, "papi")  # PAPI's whole history (2018 break)
    notes = [str(w.message) for w in caught]
    assert last >= 2023 and len(notes) == 3  # "holds only 2 year(s)", then each "spans a ... methodology break"
    for note in notes:
        assert "adjusted for" in note
        vi = project.engine_note(note, "vi")
        assert vi != note and "đã điều chỉnh" in vi
        assert scan.problems(vi, "vi") == [], vi
        en = project.engine_note(note, "en")
        assert scan.problems(en, "en") == []
        # periods as a reader reads them: "2013–2021, từ 2022" / "2013–2021, 2022 onward", never "2022-" or "year(s)"
        assert not re.search(r"\d{4}-", vi + en) and "year(s)" not in en, (vi, en)
    assert "2013-2021, 2022-" in notes[1] and "PAPI" in notes[2]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_places_of_the_panel_read_in_the_pages_language(lang):
    """Every source and rank locator of the committed panel (data/pci_panel.csv), as a brief in ``lang`` shows it:
    the 2023 composites' weights read "từ 2022" / "2022 onward", not the catalogue's period code "2022-"."""
    import pandas as pd

    from analysis.core.paths import data_dir
    from analysis.data.provenance import locator_text

    p = pd.read_csv(data_dir() / "pci_panel.csv", dtype=str, usecols=["source_locator", "rank_locator"])
    places = sorted(set(p["source_locator"].dropna()) | set(p["rank_locator"].dropna()))
    assert any("computed from the scores of the same sheet" in x for x in places)
    # pci_panel.csv, Lai Châu 2023 (derived from PCI_2023_subindices.xlsx, sheet Tổng hợp, row 36)
    stored = "Σ weight × sub-index of Tổng hợp!B36…K36 (weights 2022-, catalog_data/weights.csv)"
    assert stored in places
    shown = {
        "vi": "(trọng số từ 2022, catalog_data/weights.csv)",
        "en": "(weights 2022 onward, catalog_data/weights.csv)",
    }
    assert locator_text(stored, lang).endswith(shown[lang])
    # sheet names stay as the workbook spells them (Bảng tóm tắt chỉ số!F10, sheet 'Tổng hợp'): left out of the
    # English scan, the words around them are scanned
    sheets = re.compile(r"[^\W\d_][\w ]*!|sheet '[^']*'") if lang == "en" else re.compile(r"(?!)")
    problems = [q for x in places for q in scan.problems(sheets.sub(" ", locator_text(x, lang)), lang, x)]
    assert problems == [], "\n".join(problems[:20])


def test_an_english_page_marks_the_vietnamese_it_quotes():
    """A target's source as data/seed_targets.csv cites it (a section heading of the Vietnamese plan): on an English
    page the heading is marked lang="vi", the English around it is not."""
    import pandas as pd

    from analysis.core.paths import data_dir
    from analysis.outputs.reader import mark_vietnamese

    t = pd.read_csv(data_dir() / "seed_targets.csv", dtype=str).set_index("target_id")
    src = t.loc["laichau_pci_rank_2025_part3", "source"]
    assert "Phần thứ 3" in src and "line 624" in src
    html = mark_vietnamese(src, "en")
    assert '<span lang="vi">Phần thứ' in html and scan.problems(scan.visible_text(html, "en"), "en") == []
    assert "line 624" in scan.visible_text(html, "en") and mark_vietnamese(src, "vi") == src


def test_a_number_already_grouped_the_vietnamese_way_is_not_read_as_a_decimal():
    """Điện Biên's count targets (seed 000, data/seed_targets.csv): "2.000 doanh nghiệp" in a Vietnamese cell stays
    2.000 (two thousand); an English decimal in a note (66.48, 0.147) still gets its comma."""
    from analysis.outputs import reader

    assert reader.value_text("Số doanh nghiệp: 2.000 doanh nghiệp năm 2025", "vi").endswith(
        "2.000 doanh nghiệp năm 2025"
    )
    assert reader._localise_numbers_in("điểm 66.48 và Brier 0.147", "vi") == "điểm 66,48 và Brier 0,147"
