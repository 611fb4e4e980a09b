"""The province brief: a Word document with real tables and print-size figures, and an HTML page.

Values checked against the official workbook PCI_2018.xlsx, sheet 'Summary':
  Lai Châu  row 35: B35 rank 62, C35 composite 58.327980041503906
  Điện Biên row 19: B19 rank 47, C19 composite 61.77128982543945
(63 provinces ranked in 2018: rows 2–64 of the same sheet.)
"""

from __future__ import annotations

import pickle

import docx  # python-docx is a dependency (pyproject.toml): missing, the tests fail rather than skip
import pytest
from docx.shared import Cm

from analysis.__main__ import main
from analysis.core import paths
from analysis.core.prose import Prose
from analysis.data.loaders import load_targets
from analysis.outputs import brief as brief_mod
from analysis.outputs import figcheck
from conftest import needs_shared
from run_cache import built_once

PCI_2018 = {
    "Lai Châu": {"cell": 35, "rank": 62, "score": 58.327980041503906},
    "Điện Biên": {"cell": 19, "rank": 47, "score": 61.77128982543945},
}
HISTORY_HEADER = {
    "vi": ["Năm", "Điểm", "Thứ hạng", "Loại nguồn", "Giai đoạn phương pháp", "Nguồn"],
    "en": ["Year", "Score", "Rank", "Source kind", "Methodology period", "Source"],
}
DRAWS = 500  # enough for a verdict; keeps the test quick


def _build_briefs(folder):
    folder.mkdir(parents=True)
    out = {}
    for province, lang in (("Lai Châu", "vi"), ("Điện Biên", "en")):
        b = brief_mod.build_brief(province, lang=lang, out_dir=folder / f"brief_{lang}", draws=DRAWS)
        out[province] = (b, brief_mod.write_brief(b))
    (folder / "briefs.pickle").write_bytes(pickle.dumps(out))


@pytest.fixture(scope="session")
def briefs():
    """Both briefs (written to disk), built once per test run: the xdist workers share one build
    (run_cache.built_once) and read the Brief objects back from its pickle."""
    return pickle.loads((built_once("briefs", _build_briefs) / "briefs.pickle").read_bytes())


def _table_with_header(doc, header):
    for t in doc.tables:
        if [c.text for c in t.rows[0].cells] == header:
            return t
    raise AssertionError(
        f"no Word table with header {header}; have {[[c.text for c in t.rows[0].cells] for t in doc.tables]}"
    )


@pytest.mark.parametrize("province", ["Lai Châu", "Điện Biên"])
def test_docx_history_table_holds_the_workbook_value(briefs, province):
    b, written = briefs[province]
    doc = docx.Document(str(written["docx"]))
    table = _table_with_header(doc, HISTORY_HEADER[b.lang])
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    row_2018 = rows["2018"]
    exp = PCI_2018[province]
    assert row_2018[1] == Prose(b.lang).num(exp["score"])  # 58,33 in Vietnamese, 61.77 in English (issue 23)
    assert row_2018[2] == f"{exp['rank']}/63"
    assert "PCI_2018.xlsx" in row_2018[5]  # the source column names the workbook
    # header is a repeated Word header row, in bold
    assert all(run.bold for c in table.rows[0].cells for p in c.paragraphs for run in p.runs)


@needs_shared
def test_docx_value_equals_the_cell_of_the_workbook(briefs):
    import openpyxl

    b, written = briefs["Lai Châu"]
    wb = openpyxl.load_workbook(paths.pci_workbooks_dir() / "PCI_2018.xlsx", read_only=True, data_only=True)
    score, rank = wb["Summary"]["C35"].value, wb["Summary"]["B35"].value
    assert wb["Summary"]["A35"].value == "Lai Chau"
    table = _table_with_header(docx.Document(str(written["docx"])), HISTORY_HEADER["vi"])
    row = next(r for r in table.rows if r.cells[0].text == "2018")
    assert row.cells[1].text == Prose("vi").num(score) and row.cells[2].text == f"{rank}/63"


@pytest.mark.parametrize("province", ["Lai Châu", "Điện Biên"])
def test_docx_figures_are_inline_at_print_width(briefs, province):
    from PIL import Image

    b, written = briefs[province]
    doc = docx.Document(str(written["docx"]))
    shapes = list(doc.inline_shapes)
    assert len(b.figures) >= 4
    assert len(shapes) == len(b.figures)
    for shape, fig in zip(shapes, b.figures):
        assert shape.width == Cm(brief_mod.PRINT_WIDTH_CM)
        w, h = Image.open(fig.png).size
        assert shape.height == pytest.approx(shape.width * h / w, rel=0.01)  # not stretched
    # the page leaves exactly that width between the margins
    sec = doc.sections[0]
    assert sec.page_width - sec.left_margin - sec.right_margin == pytest.approx(
        Cm(brief_mod.PRINT_WIDTH_CM), abs=Cm(0.01)
    )


def test_docx_standing_and_targets_tables(briefs):
    b, written = briefs["Điện Biên"]
    doc = docx.Document(str(written["docx"]))
    standing = _table_with_header(doc, ["Measure", "Value", "Year", "Source kind", "Source"])
    cells = {r.cells[0].text: [c.text for c in r.cells] for r in standing.rows[1:]}
    # the standing is the latest row of the history table (PCI 2018 = C19/B19 in the committed
    # data; a later year once the panel holds one), with the same score, rank and source
    history = _table_with_header(doc, HISTORY_HEADER["en"])
    latest = [c.text for c in history.rows[-1].cells]
    assert cells["PCI composite score"][1:3] == [latest[1], latest[0]]
    assert cells["National rank"][1] == latest[2]
    assert cells["PCI composite score"][4] == latest[5] and cells["PCI composite score"][3] == latest[3]
    if latest[0] == "2018":
        assert latest[1:3] == [f"{PCI_2018['Điện Biên']['score']:.2f}", "47/63"]
    targets = _table_with_header(
        doc,
        [
            "Target",
            "Now (value, rank, year, source kind)",
            "What is needed",
            "P(at least the target)",
            "P(within the band)",
            "Verdict",
            "Checked by",
            "Source (document, line)",
        ],
    )
    verdicts = [r.cells[5].text for r in targets.rows[1:]]
    assert verdicts and all(v for v in verdicts)
    assert all(
        r.cells[6].text and r.cells[7].text for r in targets.rows[1:]
    )  # every target: how checked, and its source
    # every target of the province (data/seed_targets.csv, kind other than "baseline") is in the targets table
    tg = load_targets().query("province == 'Điện Biên' and kind != 'baseline'")
    assert set(tg["target_id"]) == set(b.data["targets"]["target_id"])


@pytest.mark.parametrize("province", ["Lai Châu", "Điện Biên"])
def test_brief_figures_keep_every_label_on_the_canvas_and_apart(briefs, province):
    """The brief's figures pass the check every notebook figure passes (analysis.outputs.figcheck): the
    English brief's composite chart had its one-row legend of five source kinds past the left edge."""
    b, _ = briefs[province]
    problems = [p for f in b.figures for p in figcheck.check_svg(f.svg)]
    assert problems == [], problems


@pytest.mark.parametrize("province", ["Lai Châu", "Điện Biên"])
def test_html_has_every_section_and_its_figures(briefs, province):
    b, written = briefs[province]
    page = written["html"].read_text(encoding="utf-8")
    for key in ("standing", "history", "subindices", "peers", "targets", "charts", "sources"):
        assert f'id="{key}"' in page, key
    assert page.count("<table") >= 5
    for f in b.figures:
        rel = f.png.relative_to(b.out_dir).as_posix()
        assert f'src="{rel}"' in page and f.png.exists() and f.svg.exists()
    assert province in page  # the name with its diacritics, in either language


def test_unknown_province_is_one_clear_line(capsys):
    assert main(["brief", "Atlantis"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown province 'Atlantis'" in err[0]


def test_default_folder_is_per_province_and_language(monkeypatch, tmp_path):
    monkeypatch.setenv("PCI_REPORTS_DIR", str(tmp_path))
    b = brief_mod.build_brief("dien bien", lang="both", figures=False, draws=200)
    assert b.out_dir == tmp_path / "brief" / "dienbien_both"
    assert b.province.name == "Điện Biên"
    assert "Năm / Year" in b.tables["history"].frame.columns


def test_figure_sources_name_only_this_provinces_documents(briefs):
    b, _ = briefs["Điện Biên"]
    # Lai Châu's decision 688/QĐ-UBND (seed 002) is no source of Điện Biên's brief
    assert all("688" not in f.source and "002_" not in f.source for f in b.figures)
    assert any("000_bc8200d0cc8625e2.txt" in f.source for f in b.figures)  # Điện Biên's own resolution (targets)


def test_row_source_prefers_the_provenance_columns():
    new = {
        "source_file": "PCI_2018.xlsx",
        "source_locator": "sheet 'Summary', cell C35",
        "rank_locator": "sheet 'Summary', cell B35",
        "source": "old text",
    }
    assert brief_mod.row_source(new) == "PCI_2018.xlsx, sheet 'Summary', cell C35; rank: sheet 'Summary', cell B35"
    assert (
        brief_mod.row_source({"source": "PCI_2018.xlsx | Summary | row 34 | col 2"})
        == "PCI_2018.xlsx | Summary | row 34 | col 2"
    )


def test_source_kind_label_reads_the_catalogue(monkeypatch, tmp_path):
    (tmp_path / "catalog_data").mkdir()
    (tmp_path / "catalog_data" / "source_kinds.csv").write_text(
        "kind,tier,label_vi,label_en,official\n"
        "derived,6,tính từ các chỉ số thành phần đã công bố,derived from the published sub-indices,no\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(paths, "package_dir", lambda: tmp_path)
    assert brief_mod.source_kind_label("derived", "en") == "derived from the published sub-indices"
    assert brief_mod.source_kind_label("derived", "vi") == "tính từ các chỉ số thành phần đã công bố"
    assert brief_mod.source_kind_label("press", "en") == "press"  # not in the catalogue: the code itself


def test_standing_among_the_34_units():
    """Lai Châu 2018: 58.33, rank 62 of 63 (PCI_2018.xlsx, sheet 'Summary', C35/B35); the one province below
    it went into a merged unit whose population-weighted mean is higher, so Lai Châu is last of the 34."""
    import analysis

    s = brief_mod.standing_among_34(analysis.load_pci(), "Lai Châu", 2018)
    assert (s["rank"], s["n"], s["unchanged"]) == (34, 34, True)
    assert "Resolution 202/2025/QH15" in s["source"]
