"""``python -m analysis validate`` on the committed data (exit 0) and on corrupted copies (exit 1, located).

Each corruption is made on a private copy of data/ (tmp_path); the report must name the
table, the CSV line (the header is line 1) and the column of the problem.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core import store
from analysis.ingest import validate as V

REPO = Path(__file__).resolve().parent.parent
PANEL = "pci_panel.csv"


@pytest.fixture
def copy(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(REPO / "data", d, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    return d


def read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def find(rows, **match) -> int:
    """Index (in rows, header = 0, so also the CSV line - 1) of the first row matching the column values."""
    head = rows[0]
    for i, r in enumerate(rows[1:], 1):
        if all(r[head.index(k)] == v for k, v in match.items()):
            return i
    raise AssertionError(match)


def run(copy: Path, capsys) -> tuple[int, str]:
    rc = V.cli_validate(["--data-dir", str(copy)])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_committed_data_passes(copy, capsys):
    rc, out = run(copy, capsys)
    assert rc == 0, out
    assert "0 located error(s); panel rules: 0 errors" in out
    assert "note: data/validation_findings.csv differs" not in out  # the recorded findings are current


def test_committed_data_passes_through_the_cli_entry_point(copy):
    r = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data-dir", str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    # ... and the real data/ is only read, never written
    assert store.checksums(copy) == store.checksums(REPO / "data")


def test_duplicated_key_row(copy, capsys):
    rows = read_rows(copy / PANEL)
    i = find(rows, year="2016", province_code="12", indicator="pci")
    rows.insert(i + 1, list(rows[i]))
    write_rows(copy / PANEL, rows)
    rc, out = run(copy, capsys)
    assert rc == 1
    want = (
        f"pci_panel.csv line {i + 2}, column 'year, province_code, indicator': [duplicate_key] year='2016', "
        f"province_code='12', indicator='pci' also on line(s) {i + 1}"
    )
    assert want in out, out


def test_score_of_11(copy, capsys):
    rows = read_rows(copy / PANEL)
    i = find(rows, year="2018", province_code="12", indicator="transparency")
    rows[i][rows[0].index("score")] = "11"
    write_rows(copy / PANEL, rows)
    rc, out = run(copy, capsys)
    assert rc == 1
    assert (
        f"pci_panel.csv line {i + 1}, column 'score': [score_range] 2018 Lai Châu transparency: score 11.0 "
        "outside 0–10 (source: PCI_2018.xlsx Summary!F35)" in out
    ), out  # PCI_2018.xlsx, Summary, cell F35


def test_empty_source(copy, capsys):
    rows = read_rows(copy / PANEL)
    i = find(rows, year="2010", province_code="01", indicator="land_access")
    rows[i][rows[0].index("source_locator")] = ""
    write_rows(copy / PANEL, rows)
    rc, out = run(copy, capsys)
    assert rc == 1
    assert f"pci_panel.csv line {i + 1}, column 'source_locator': [provenance] empty source_locator" in out, out


def test_empty_source_in_a_seed_table(copy, capsys):
    name = "seed_par_index_laichau.csv"
    rows = read_rows(copy / name)
    rows[3][rows[0].index("source_file")] = "  "
    write_rows(copy / name, rows)
    rc, out = run(copy, capsys)
    assert rc == 1 and f"{name} line 4, column 'source_file': [provenance] empty source_file" in out, out


def test_rank_outside_1_to_n(copy, capsys):
    rows = read_rows(copy / PANEL)
    i = find(rows, year="2017", province_code="22", indicator="pci")
    rows[i][rows[0].index("rank")] = "64"
    write_rows(copy / PANEL, rows)
    rc, out = run(copy, capsys)
    assert rc == 1
    assert (
        f"pci_panel.csv line {i + 1}, column 'rank': [rank_range] 2017 Quảng Ninh pci: published rank 64 "
        "outside 1..63" in out
    ), out


@pytest.mark.parametrize("column", ["score", "source_kind", "source_file", "source_locator", "province_code"])
def test_missing_column(copy, capsys, column):
    rows = read_rows(copy / PANEL)
    j = rows[0].index(column)
    write_rows(copy / PANEL, [r[:j] + r[j + 1 :] for r in rows])
    rc, out = run(copy, capsys)
    assert rc == 1
    assert f"pci_panel.csv line 1, column '{column}': [missing_column] required column '{column}' is missing" in out


def test_text_in_a_number_column(copy, capsys):
    rows = read_rows(copy / PANEL)
    i = find(rows, year="2012", province_code="79", indicator="pci")
    rows[i][rows[0].index("score")] = "63,4"
    rows[i + 1][rows[0].index("year")] = "2012b"
    write_rows(copy / PANEL, rows)
    rc, out = run(copy, capsys)
    assert rc == 1
    assert f"pci_panel.csv line {i + 1}, column 'score': [not_a_number] '63,4' is not a finite number" in out
    assert f"pci_panel.csv line {i + 2}, column 'year': [not_an_integer] '2012b' is not an integer" in out


def test_duplicate_province_code_in_provinces_and_a_bad_code(copy, capsys):
    rows = read_rows(copy / "provinces.csv")
    rows[5][0] = rows[4][0]
    rows[7][0] = "7"
    write_rows(copy / "provinces.csv", rows)
    rc, out = run(copy, capsys)
    assert rc == 1
    assert "provinces.csv line 6, column 'province_code': [duplicate_key]" in out
    assert "provinces.csv line 8, column 'province_code': [province_code] '7' is not a two-digit GSO code" in out


def test_missing_panel_names_the_import_command(tmp_path, capsys):
    rc, out = run(tmp_path, capsys)
    assert rc == 1 and "import-all" in out


def test_every_committed_table_has_a_schema_and_passes_it():
    names = {p.name for p in (REPO / "data").glob("*.csv")}
    assert names <= set(V.TABLE_SCHEMAS), names - set(V.TABLE_SCHEMAS)
    for name in sorted(names):
        assert V.check_table(REPO / "data" / name) == [], name


def test_record_lines_follow_quoted_newlines(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text('a,source\n1,"two\nlines"\n2,x\n', encoding="utf-8")
    assert V.record_lines(p) == [2, 4]
    os.remove(p)
