"""Issue 20: one schema file for every table in data/; missing is missing (no 0.0 on a 10–80 scale).

``src/analysis/ingest/table_schema.toml`` declares the columns, types, keys and ranges of every committed
table; ``python -m analysis validate`` checks each table against it (PAPI included) and the PAPI importer
reads the same ranges, storing a value outside the published scale as missing with a finding.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import store
from analysis.ingest import validate as V
from analysis.ingest.papi_scale import drop_out_of_scale
from analysis.ingest.table_schema import SCHEMA_FILE, load_schemas, outside_scale

REPO_DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def copy(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(REPO_DATA, d, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    return d


def _set_cell(path: Path, match: dict, column: str, value: str) -> int:
    """Set ``column`` of the first row matching ``match``; returns its CSV line (1 = the header)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    for i, r in enumerate(rows[1:], start=2):
        if all(r[head.index(k)] == v for k, v in match.items()):
            r[head.index(column)] = value
            with open(path, "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh, lineterminator="\n").writerows(rows)
            return i
    raise AssertionError(match)


def test_one_schema_file_declares_every_committed_table():
    assert V.TABLE_SCHEMAS == load_schemas() and SCHEMA_FILE.name == "table_schema.toml"
    assert {p.name for p in REPO_DATA.glob("*.csv")} <= set(V.TABLE_SCHEMAS)
    papi = V.TABLE_SCHEMAS["papi.csv"]
    assert {(r.lo, r.hi) for r in papi.ranges} == {(1.0, 10.0), (6.0, 60.0), (10.0, 80.0)}


@pytest.mark.parametrize("table", ["papi.csv", "papi_totals.csv", "papi_subdimensions.csv", "pci_panel.csv"])
def test_committed_tables_hold_no_value_outside_the_published_scale(table):
    df = pd.read_csv(REPO_DATA / table, dtype={"province_code": str})
    assert outside_scale(df, table) == []
    if table.startswith("papi") and "score" in df.columns:
        assert (df["score"] > 0).all()  # no 0.0 anywhere: missing is missing


def test_the_papi_zeros_are_missing_with_a_finding_and_not_ranked():
    # PAPI_2011-2019.xlsx 2014_PAPI!AF17 (Bắc Giang) and AF58 (Đồng Tháp); PAPI-2015-2023.xlsm sheet 2022
    # cells R7 (Bắc Giang) and U7 (Bắc Ninh): totals of 0.0 that were ranked 62nd
    t = pd.read_csv(REPO_DATA / "papi_totals.csv", dtype={"province_code": str})
    u = t[t["measure"] == "papi_total_unweighted"]
    for year, codes in ((2014, {"24", "87"}), (2022, {"24", "27"})):
        y = u[u["year"] == year]
        assert not codes & set(y["province_code"]) and (y["n_ranked"] == 61).all() and y["rank"].max() <= 61
    f = pd.read_csv(REPO_DATA / "validation_findings.csv")
    cells = " ".join(f.loc[f["rule"] == "papi_out_of_scale", "detail"])
    for cell in ("cell AF17", "cell AF58", "cell R7", "cell U7", "cell R11", "cell U154"):
        assert cell in cells, cell
    p = pd.read_csv(REPO_DATA / "papi.csv", dtype={"province_code": str})
    bg = p[(p["year"] == 2022) & (p["province_code"] == "24")]
    assert len(bg) == 4 and (bg["score"] >= 1).all()  # the 4 dimensions R61, R114, R140, R154 the sheet has


def test_drop_out_of_scale_names_the_cells():
    # PAPI-2015-2023.xlsm, sheet 2022, column R (Bắc Giang): R7 unweighted total 0.0 on the 10–80 scale the sheet
    # states in C7; R61 vertical accountability 4.396727085113525 on 1–10 (C61)
    df = pd.DataFrame(
        dict(
            year=[2022, 2022],
            province=["Bắc Giang", "Bắc Giang"],
            province_code=["24", "24"],
            dimension=["papi_total_unweighted", "vertical_accountability"],
            level=["total", "dimension"],
            score=[0.0, 4.396727085113525],
            source_kind="research_panel",
            source_file="data-tables-2015-2023/PAPI-2015-2023.xlsm",
            source_locator=["sheet '2022', cell R7", "sheet '2022', cell R61"],
        )
    )
    kept, notes = drop_out_of_scale(df, "papi.csv")
    assert list(kept.index) == [1]
    (n,) = notes
    assert n["rule"] == "papi_out_of_scale" and "cell R7 (papi_total_unweighted) = 0" in n["detail"]
    assert "10–80" in n["detail"] and "not 0" in n["detail"]


def test_validate_refuses_a_zero_on_the_papi_scale(copy, capsys):
    """A 0.0 put back into papi.csv (Hà Nội 2022 total, PAPI-2015-2023.xlsm sheet 2022 cell D7) fails validate,
    naming the table, the CSV line and the column."""
    line = _set_cell(
        copy / "papi.csv", dict(province_code="01", year="2022", dimension="papi_total_unweighted"), "score", "0.0"
    )
    assert V.cli_validate(["--data-dir", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"papi.csv line {line}, column 'score': [out_of_range] '0.0' is outside 10–80" in out


def test_validate_refuses_a_table_the_schema_does_not_declare(copy, capsys):
    (copy / "extra_table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert V.cli_validate(["--data-dir", str(copy)]) == 1
    assert "extra_table.csv: [undeclared_table]" in capsys.readouterr().out


def test_validate_checks_types_of_every_table(copy, capsys):
    _set_cell(copy / "edition_fingerprints.csv", dict(year="2019", indicator="pci"), "n_values", "many")
    assert V.cli_validate(["--data-dir", str(copy)]) == 1
    assert "edition_fingerprints.csv line" in capsys.readouterr().out


def test_validate_refuses_a_column_the_schema_does_not_declare(copy, capsys):
    path = copy / "papi_totals.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.insert(5, "bonus", "1")
    df.to_csv(path, index=False, lineterminator="\n")
    assert V.cli_validate(["--data-dir", str(copy)]) == 1
    assert "papi_totals.csv line 1, column 'bonus': [undeclared_column]" in capsys.readouterr().out


def test_validate_refuses_two_years_holding_one_edition(copy, capsys):
    """The state issue 20 found after importing PCI_2019.xlsx as PCI_2020.xlsx: 2020 holds 2019's values. Here
    the 2018 composites of pci_panel.csv copied onto 2017's rows (PCI_2018.xlsx Summary!C2:C64)."""
    path = copy / "pci_panel.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    pci = df["indicator"] == "pci"
    s18 = df[pci & (df["year"] == "2018")].set_index("province_code")["score"]
    m17 = pci & (df["year"] == "2017")
    df.loc[m17, "score"] = df.loc[m17, "province_code"].map(s18)
    df.to_csv(path, index=False, lineterminator="\n")
    assert V.cli_validate(["--data-dir", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "[stale_fingerprint] PCI 2017 pci" in out  # the committed fingerprint is 2017's own
    fp = pd.read_csv(copy / "edition_fingerprints.csv", dtype=str, keep_default_na=False)
    h18 = fp.loc[(fp["year"] == "2018") & (fp["indicator"] == "pci"), "value_sha256"].iloc[0]
    fp.loc[(fp["year"] == "2017") & (fp["indicator"] == "pci"), "value_sha256"] = h18
    fp.to_csv(copy / "edition_fingerprints.csv", index=False, lineterminator="\n")
    assert V.cli_validate(["--data-dir", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "[same_edition_twice] PCI 2017, 2018 hold the same pci values" in out
    assert "stale_fingerprint" not in out
