"""One question, one answer (issue 21): every number page 03's tables, the target ledger, the
province brief (Word and HTML) and the workbook give for the same target is the same number.

Page 03 is the notebook itself: its default run (tests/test_notebooks.run_once, the run the notebook
and language tests read, in its own kernel) saved its tables (``target_verdicts``, ``target_ledger``,
``target_reachability``); the workbook is built from them, and each brief is built here by
``build_brief`` with its own defaults (no evaluation handed over: the briefs must reach the page's
numbers on their own, in another process) and written as HTML and Word, once per test run
(run_cache.built_once). The tests then read the written files.
"""

from __future__ import annotations

import html as html_mod
import inspect
import pickle
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from analysis import load_pci
from analysis.analyses import project, targets, trends
from analysis.core.prose import Prose
from analysis.data.catalog import methodology_period
from analysis.outputs import brief as brief_mod
from analysis.outputs import excel, explorer, reachability_run, verdicts
from run_cache import built_once
from test_notebooks import run_once

REPO = Path(__file__).resolve().parents[1]
PROVINCES = ("Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh")


def _build(folder: Path) -> None:
    page = run_once("03_target_reachability")  # the notebook's default run: Lai Châu, targets.DRAWS, targets.SEED
    assert page["ok"], f"page 03 failed: {page['error']}"
    tables = folder / "reports" / "tables"
    shutil.copytree(Path(page["pages"]) / "tables", tables)
    for name in ("target_verdicts", "target_ledger", "target_reachability"):
        assert (tables / f"{name}.csv").exists(), f"page 03 saved no {name}.csv"
    excel.write_report_workbook(tables, folder / "reports" / "pci_tables.xlsx")
    slugs = {}
    for p in PROVINCES:  # one evaluation shared by the four briefs, as briefs built in one process do
        b = brief_mod.build_brief(p, figures=False, out_dir=folder / "brief" / p)
        brief_mod.write_brief(b)
        slugs[p] = str(folder / "brief" / p)
    (folder / "meta.pickle").write_bytes(pickle.dumps({"default": project.default_method("pci"), "briefs": slugs}))


@pytest.fixture(scope="module")
def out() -> Path:
    return built_once("consistency", _build)


def _verdicts(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "reports" / "tables" / "target_verdicts.csv")


def _docx_targets(path: Path) -> pd.DataFrame:
    T = Prose("vi")
    head = T.word(*verdicts.HEADERS["target"])
    for t in Document(str(path)).tables:
        cells = [[c.text for c in row.cells] for row in t.rows]
        if cells and cells[0][0] == head and T.word(*verdicts.HEADERS["p_at_least"]) in cells[0]:
            return pd.DataFrame(cells[1:], columns=cells[0])
    raise AssertionError(f"{path}: no targets table")


def _html_targets(path: Path) -> pd.DataFrame:
    s = path.read_text(encoding="utf-8")
    table = re.search(r'<table id="table-targets">(.*?)</table>', s, re.S).group(1)

    def cells(row, tag):
        return [
            html_mod.unescape(re.sub("<[^>]+>", "", c)).strip()
            for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", row, re.S)
        ]

    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return pd.DataFrame([cells(r, "td") for r in rows[1:]], columns=cells(rows[0], "th"))


@pytest.mark.parametrize("province", PROVINCES)
def test_brief_word_and_html_give_page_03s_numbers(out, province):
    """The brief's targets table (Word and HTML) holds the probabilities of page 03's target_verdicts table."""
    T = Prose("vi")
    v = _verdicts(out)
    mine = v[v["province"] == province]
    assert len(mine), f"{province} has targets in data/seed_targets.csv"
    folder = Path(pickle.loads((out / "meta.pickle").read_bytes())["briefs"][province])
    for table in (_docx_targets(folder / "brief.docx"), _html_targets(folder / "brief.html")):
        assert len(table) == len(mine)  # one row per record, the same count everywhere
        assert table[T.word(*verdicts.HEADERS["target"])].tolist() == mine["text_vi"].tolist()
        assert table[T.word(*verdicts.HEADERS["p_at_least"])].tolist() == [T.pct(p) for p in mine["p_at_least"]]
        assert table[T.word(*verdicts.HEADERS["p_within"])].tolist() == [T.pct(p) for p in mine["p_within"]]


def test_ledger_and_reachability_tables_agree_with_the_records(out):
    """target_ledger.csv and target_reachability.csv (page 03) give each target the records' probability."""
    v = _verdicts(out)
    default = pickle.loads((out / "meta.pickle").read_bytes())["default"]
    led = pd.read_csv(out / "reports" / "tables" / "target_ledger.csv").set_index("target_id")
    for tid, g in v[v["p_at_least"].notna()].groupby("target_id"):
        row = led.loc[tid]
        if len(g) == 1:
            assert row["probability"] == pytest.approx(g["p_at_least"].iloc[0], abs=0)
        else:  # "each sub-index": the ledger's one row spans the records' probabilities
            assert (row["probability_min"], row["probability_max"]) == (g["p_at_least"].min(), g["p_at_least"].max())
    reach = pd.read_csv(out / "reports" / "tables" / "target_reachability.csv")
    reach = reach[(reach["method"] == default)]
    pci = v[v["index"].str.lower().isin(["pci", "pci_subindex_each"]) & v["p_at_least"].notna()]
    for _, r in pci.iterrows():
        hit = reach[(reach["target_id"] == r["target_id"]) & (reach["index"] == r["indicator"])]
        if r["kind"] == "keep_first":
            hit = hit[hit["target"].str.contains("every year")]
        assert hit["probability"].tolist() == [r["p_at_least"]]
        assert hit["probability_within"].tolist() == [r["p_within"]]


def test_workbook_sheet_holds_the_same_records(out):
    """pci_tables.xlsx: the target_verdicts sheet equals the CSV page 03 wrote."""
    v = _verdicts(out)
    book = pd.read_excel(out / "reports" / "pci_tables.xlsx", sheet_name=None, engine="openpyxl")
    sheets = [df for df in book.values() if "p_at_least" in df.columns and "check_en" in df.columns]
    assert len(sheets) == 1
    x = sheets[0]
    assert x["target_id"].tolist() == v["target_id"].tolist()
    for c in ("p_at_least", "p_within", "now_rank", "now_year"):
        pd.testing.assert_series_equal(
            pd.to_numeric(x[c], errors="coerce"),
            pd.to_numeric(v[c], errors="coerce"),
            check_names=False,
            check_dtype=False,
        )


def test_draws_and_seed_are_set_once():
    """Notebook 03's parameters and the brief's defaults are analysis.analyses.targets.DRAWS and SEED."""
    src = (REPO / "notebooks" / "03_target_reachability.py").read_text(encoding="utf-8")
    assert re.search(rf"^draws = {targets.DRAWS}\b", src, re.M)
    assert re.search(rf"^seed = {targets.SEED}\b", src, re.M)
    sig = inspect.signature(brief_mod.build_brief)
    assert sig.parameters["draws"].default == targets.DRAWS and sig.parameters["seed"].default == targets.SEED


def test_where_lai_chau_stands_now(out):
    """Lai Châu 2023: composite derived from PCI_2023_subindices.xlsx (Tổng hợp!B36…K36, weights 2022-),
    35th of 63 (issue 21: "Lai Châu 35th of 63 in 2023, derived")."""
    v = _verdicts(out)
    r = v[(v["province"] == "Lai Châu") & (v["indicator"] == "pci")].iloc[0]
    assert (r["now_rank"], r["now_n"], r["now_year"], r["now_source_kind"]) == (35, 63, 2023, "derived")
    assert r["now_source_file"] == "PCI_2023_subindices.xlsx"
    # the pace stays inside the 2022- methodology period (catalog_data/weights.csv), never across the break
    assert r["pace_period"] == "2022-" and r["pace_from"] >= 2022


@pytest.mark.parametrize("province", PROVINCES)
def test_page_01_and_the_brief_fit_trends_over_the_same_window(out, province):
    """One window rule (never across a break): page 01 with its default start_year and the brief give the
    same trend window; the written brief names it."""
    src = (REPO / "notebooks" / "01_subindex_trends.py").read_text(encoding="utf-8")
    start = int(re.search(r"^start_year = (\d+)", src, re.M).group(1))
    panel = load_pci()
    w01, wbrief = trends.trend_window(panel, province, start), trends.trend_window(panel, province)
    assert w01 == wbrief
    assert {methodology_period(y) for y in range(w01[0], w01[1] + 1)} == {methodology_period(w01[0])}  # one period
    folder = Path(pickle.loads((out / "meta.pickle").read_bytes())["briefs"][province])
    assert f"Xu hướng {w01[0]}–{w01[1]}" in (folder / "brief.html").read_text(encoding="utf-8")


def test_the_explorer_shows_page_03s_numbers(out):
    """The explorer's targets table (notebook 05) gives every target page 03's probabilities."""
    T = Prose("vi")
    v = _verdicts(out)
    table = explorer.target_verdicts(list(PROVINCES), "vi")
    assert table[T.word(*verdicts.HEADERS["target"])].tolist() == v["text_vi"].tolist()
    assert table[T.word(*verdicts.HEADERS["p_at_least"])].tolist() == [T.pct(p) for p in v["p_at_least"]]
    assert table[T.word(*verdicts.HEADERS["p_within"])].tolist() == [T.pct(p) for p in v["p_within"]]


def test_page_03s_counts_are_the_records_counts(out):
    """Page 03's answer counts the PCI targets as the verdict table does (one line per target; "keep first"
    is its every-year reading): no "1 evaluable" above a table of two."""
    v = _verdicts(out)
    pci = v[v["index"].str.lower().isin(["pci", "pci_subindex_each"]) & v["p_at_least"].notna()]
    c = pci["verdict"].value_counts()
    first = reachability_run.run("Lai Châu", lang="en").summary_lines()[0]
    n_decided = int(pci["decided"].fillna("").astype(str).ne("").sum())
    # Quảng Ninh "first every year to 2025" is decided by PCI 2024 (2nd: pci_press_2024.csv line 5, baolaocai.vn)
    assert n_decided >= 1 and c.get("not met", 0) >= 1
    assert (
        f"Of {len(pci)} PCI targets of {pci['province'].nunique()} provinces: {c.get('likely', 0)} likely, "
        f"{c.get('uncertain', 0)} uncertain, {c.get('unlikely', 0)} unlikely; {n_decided} already decided by "
        f"published data ({c.get('met', 0)} met, {c.get('not met', 0)} not met)."
    ) in first
