"""Validation rules: ranges, composite recomputation with each period's weights, ranks, seed overlap."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest import validate as V
from analysis.ingest.importer import merge_with_precedence, seed_rows, sort_panel, workbook_rows

SHARED = pytest.mark.shared


def _row(year, code, name, indicator, score, rank=pd.NA, kind="official_workbook", rank_kind=None, source=None):
    file, loc = source if source else (f"TEST_{year}.xlsx", "S!B2")
    return dict(
        year=year,
        province=name,
        province_code=code,
        indicator=indicator,
        score=score,
        rank=rank,
        rank_kind=rank_kind if rank_kind is not None else ("published" if pd.notna(rank) else ""),
        tier="",
        source_kind=kind,
        source_file=file,
        source_locator=loc,
        source_url="",
        rank_locator="S!A2" if pd.notna(rank) else "",
        methodology="2013-2021",
    )


def _panel(rows):
    return sort_panel(pd.DataFrame(rows))


# --------------------------------------------------------------------------- synthetic rules
def test_out_of_range_scores_are_errors():
    p = _panel([_row(2018, "12", "Lai Châu", "pci", 101.0, 1), _row(2018, "12", "Lai Châu", "entry_costs", -0.1)])
    f = V.validate_panel(p)
    errs = f[(f["rule"] == "score_range")]
    assert set(errs["indicator"]) == {"pci", "entry_costs"} and (errs["severity"] == "error").all()
    assert V.has_errors(f)


def test_published_rank_contradicting_scores_and_ties_are_reported():
    rows = [
        _row(2018, "01", "Hà Nội", "pci", 60.0, 2),
        _row(2018, "02", "Hà Giang", "pci", 65.0, 1),
        _row(2018, "04", "Cao Bằng", "pci", 55.0, 4),
        _row(2018, "06", "Bắc Kạn", "pci", 55.0, 3),
    ]
    f = V.validate_panel(_panel(rows))
    ties = f[f["rule"] == "rank_tie"]
    assert set(ties["province"]) >= {"Cao Bằng", "Bắc Kạn"}
    assert f[f["rule"] == "rank_vs_scores"].empty  # 3 and 4 are both consistent with a tie at 55.0
    rows[0]["rank"] = 1
    rows[1]["rank"] = 2  # Hà Nội 60 ranked above Hà Giang 65: contradicted by the scores
    f = V.validate_panel(_panel(rows))
    bad = f[f["rule"] == "rank_vs_scores"]
    assert set(bad["province"]) == {"Hà Nội", "Hà Giang"} and (bad["severity"] == "warning").all()
    assert "published rank 1" in bad[bad["province"] == "Hà Nội"]["detail"].item()


def test_rank_outside_one_to_n_is_an_error():
    rows = [_row(2018, "01", "Hà Nội", "pci", 60.0, 7), _row(2018, "02", "Hà Giang", "pci", 65.0, 1)]
    f = V.validate_panel(_panel(rows))
    assert (f.loc[f["rule"] == "rank_range", "severity"] == "error").all() and (f["rule"] == "rank_range").any()


def test_duplicates_are_errors():
    rows = [_row(2018, "12", "Lai Châu", "pci", 58.3, 1), _row(2018, "12", "Lai Châu", "pci", 58.4, 1)]
    f = V.validate_panel(pd.DataFrame(rows))
    assert (f.loc[f["rule"] == "duplicate", "severity"] == "error").any()


def test_seed_overlap_agreement_records_only_info():
    wb = _panel(
        [
            _row(2017, "12", "Lai Châu", "pci", 58.817471, 60),
            _row(2017, "12", "Lai Châu", "entry_costs", 8.038867, 20, rank_kind="computed from scores"),
        ]
    )
    seed = _panel(
        [
            _row(
                2017,
                "12",
                "Lai Châu",
                "pci",
                58.82,
                60,
                kind="province_document",
                source=("002.txt", "Phụ lục 03, line 1"),
            ),
            _row(
                2017,
                "12",
                "Lai Châu",
                "entry_costs",
                8.04,
                20,
                kind="province_document",
                source=("002.txt", "Phụ lục 03, line 1"),
            ),
        ]
    )
    f = findings(V.check_seed_overlap(wb, seed))
    assert list(f["rule"]) == ["seed_overlap"] and "0 mismatches" in f["detail"].item()


def test_seed_disagreement_is_recorded_with_both_values_and_sources():
    wb = _panel(
        [
            _row(2017, "12", "Lai Châu", "pci", 58.817471, 60),
            _row(2017, "12", "Lai Châu", "entry_costs", 8.038867, 20, rank_kind="computed from scores"),
        ]
    )
    seed = _panel(
        [
            _row(
                2017,
                "12",
                "Lai Châu",
                "pci",
                58.90,
                59,
                kind="province_document",
                source=("002.txt", "Phụ lục 03, line 1"),
            ),
            _row(
                2017,
                "12",
                "Lai Châu",
                "entry_costs",
                8.04,
                21,
                kind="province_document",
                source=("002.txt", "Phụ lục 03, line 1"),
            ),
        ]
    )
    f = findings(V.check_seed_overlap(wb, seed)).set_index("rule")
    score = f.loc["seed_score_mismatch"]
    assert score["severity"] == "warning" and "58.8175" in score["detail"] and "58.9" in score["detail"]
    # both sources in their own columns: the workbook cell and the seed line, as the rows above give them
    assert (score["source_kind"], score["source_file"], score["source_locator"]) == (
        "official_workbook",
        "TEST_2017.xlsx",
        "S!B2",
    )
    assert (score["other_kind"], score["other_file"], score["other_locator"]) == (
        "province_document",
        "002.txt",
        "Phụ lục 03, line 1",
    )
    assert f.loc["seed_rank_mismatch", "severity"] == "warning"
    assert f.loc["seed_subindex_rank_mismatch", "severity"] == "info"


def test_findings_of_panel_rows_cite_the_row_in_columns():
    rows = [_row(2018, "01", "Hà Nội", "pci", 101.0, 1, source=("PCI_2018.xlsx", "Summary_VN!W63"))]
    f = V.validate_panel(_panel(rows))
    r = f[f["rule"] == "score_range"].iloc[0]
    assert (r["source_kind"], r["source_file"], r["source_locator"]) == (
        "official_workbook",
        "PCI_2018.xlsx",
        "Summary_VN!W63",
    )
    assert "source" not in f.columns and list(f.columns) == V.FINDING_COLUMNS
    # the located error finds the panel row by the columns (no string is split)
    problems = V.locate_findings(_panel(rows), [2], f)
    assert [(p.line, p.rule) for p in problems if p.rule == "score_range"] == [(2, "score_range")]


def test_committed_findings_have_structured_provenance():
    """data/validation_findings.csv: every finding names its source kind and file in columns."""
    from analysis.data import catalog, loaders

    f = loaders.load_validation_findings()
    assert "source" not in f.columns and list(f.columns) == V.FINDING_COLUMNS
    assert (f["source_file"] != "").all()
    kinds = set(catalog.load_source_kinds()["kind"])
    assert set(f["source_kind"]) <= kinds and set(f.loc[f["other_kind"] != "", "other_kind"]) <= kinds
    # ../shared/data/SOURCES.md (papi-more/data-tables-2015-2023): the sheets named 2020 and 2021 of both
    # editions are copies of 2019; each refusal names its file and sheet
    dup = f[f["rule"] == "papi_duplicate_sheet"]
    assert set(zip(dup["source_file"], dup["source_locator"])) == {
        (e, s) for e in ("PAPI-2015-2023.xlsm", "PAPI-2015-2023_eng.xlsm") for s in ("2020", "2021")
    }
    # README (Data): seed 002 transcribes Lai Châu PCI 2016–2020; the workbooks reach 2019, so 2016–2019 overlap
    ov = f[f["rule"] == "seed_overlap"]
    assert set(ov["other_file"]) == {"002_0b651ac042bb2fe9.txt"} and set(ov["other_kind"]) == {"province_document"}
    assert sorted(ov["source_file"]) == [f"PCI_{y}.xlsx" for y in range(2016, 2020)]
    # a finding about one panel value points at that value's row: file and locator join the panel
    panel = loaders.load_pci()
    cell = f[
        f["source_locator"].str.contains("!")
        & (f["province"] != "")
        & f["source_kind"].eq("official_workbook")
        & f["source_file"].str.startswith("PCI_")
    ]
    keys = set(zip(panel["source_file"], panel["source_locator"]))
    assert len(cell) and all(k in keys for k in zip(cell["source_file"], cell["source_locator"]))


def test_precedence_workbook_over_seed_and_seed_only_years_kept():
    wb = _panel([_row(2018, "12", "Lai Châu", "pci", 58.32798, 62)])
    seed = pd.DataFrame(
        [
            dict(
                year=2018,
                province="Lai Châu",
                province_code="12",
                indicator="pci",
                score=58.33,
                rank=62,
                source_file="002.txt",
                source_locator="Phụ lục 03, line 1",
                rank_locator="Phụ lục 03, line 2",
                source_kind="province_document",
            ),
            dict(
                year=2019,
                province="Lai Châu",
                province_code="12",
                indicator="pci",
                score=59.95,
                rank=63,
                source_file="002.txt",
                source_locator="Phụ lục 03, line 3",
                rank_locator="Phụ lục 03, line 4",
                source_kind="province_document",
            ),
        ]
    )
    merged = merge_with_precedence(wb, seed_rows(seed))
    assert len(merged) == 2
    assert merged.set_index("year").loc[2018, "source_kind"] == "official_workbook"
    r19 = merged.set_index("year").loc[2019]
    assert (r19["source_kind"], r19["score"], r19["rank"], r19["rank_kind"]) == (
        "province_document",
        59.95,
        63,
        "published",
    )


def findings(rows):
    return V.findings_frame(rows)


# --------------------------------------------------------------------------- on the real workbooks
@SHARED
def test_composite_recomputed_within_0001_except_2011_which_is_reported():
    from test_workbooks import parsed_all

    panel = sort_panel(pd.concat([workbook_rows(p) for name, p in parsed_all().items() if "_en" not in name]))
    f = V.validate_panel(panel)
    assert not V.has_errors(f)
    warn = f[(f["rule"] == "composite_recomputed") & (f["severity"] == "warning")]
    assert set(warn["year"]) == {2011} and len(warn) == 63  # every 2011 composite is above the weighted sum
    info = f[(f["rule"] == "composite_recomputed") & (f["severity"] == "info")].set_index("year")
    assert sorted(info.index) == [y for y in range(2006, 2020)]  # PCI_2005.xls … PCI_2019.xlsx
    for year, detail in info["detail"].items():
        largest = float(detail.split("largest |gap| ")[1].split(";")[0])
        if year == 2011:
            assert 0.5 < largest < 0.56  # "0.00–0.55 above" (PCI_WORKBOOK_LAYOUTS.md)
        else:
            assert largest < V.COMPOSITE_TOLERANCE, year
    gaps = warn["detail"].str.extract(r"= ([+-][0-9.]+)")[0].astype(float)
    assert gaps.min() > 0 and gaps.max() == pytest.approx(0.5519, abs=0.0001)
    assert (f.loc[f["rule"] == "composite_not_recomputable", "year"] == 2005).all()


@SHARED
def test_published_ranks_are_consistent_with_the_composites():
    from test_workbooks import parsed_all

    panel = sort_panel(pd.concat([workbook_rows(p) for name, p in parsed_all().items() if "_en" not in name]))
    f = V.validate_panel(panel)
    assert f[f["rule"].isin(["rank_vs_scores", "rank_range"])].empty
    # the only tie: 2011 rounds composites to 2 dp (Bình Thuận and Hà Giang both 57.62, ranked 40 and 41)
    ties = f[f["rule"] == "rank_tie"]
    assert set(ties["year"]) == {2011} and set(ties["province"]) == {"Bình Thuận", "Hà Giang"}


@SHARED
def test_sub_index_ranks_are_computed_min_method():
    from test_workbooks import parsed_all

    rows = workbook_rows(parsed_all()["PCI_2018.xlsx"])
    sub = rows[rows["indicator"] == "entry_costs"]
    assert (sub["rank_kind"] == "computed from scores").all()
    assert sub.sort_values("score", ascending=False)["rank"].iloc[0] == 1
    assert (rows.loc[rows["indicator"] == "pci", "rank_kind"] == "published").all()


def test_cli_validate_exit_codes(tmp_path, capsys):
    good = _panel([_row(2019, "12", "Lai Châu", "entry_costs", 5.0, 18, kind="province_document")])  # seed-only year
    good.to_csv(tmp_path / "pci_panel.csv", index=False)
    assert V.cli_validate(["--data-dir", str(tmp_path)]) == 0
    bad = _panel([_row(2019, "12", "Lai Châu", "entry_costs", 11.0, 18, kind="province_document")])
    bad.to_csv(tmp_path / "pci_panel.csv", index=False)
    assert V.cli_validate(["--data-dir", str(tmp_path)]) == 1
    assert "score_range" in capsys.readouterr().out


def test_cli_validate_names_the_import_command_when_data_is_missing(tmp_path, capsys):
    assert V.cli_validate(["--data-dir", str(tmp_path)]) == 1
    assert "import-all" in capsys.readouterr().err


def test_a_refused_file_is_cited_in_columns_from_the_error_itself():
    from analysis.ingest.importer import refused_source
    from analysis.ingest.pci_common import SourceRefused
    from analysis.ingest.workbooks import WorkbookError

    # issue 12: the old string "PCI_2016.xlsx | Summary_VN | row 62 | col 22" (0-based) is Excel cell W63
    exc = WorkbookError("score 'abc' is not a number", file="/x/PCI_2016.xlsx", sheet="Summary_VN", row=62, column=22)
    assert refused_source(exc) == dict(kind="official_workbook", file="PCI_2016.xlsx", locator="Summary_VN!W63", url="")
    assert refused_source(WorkbookError("no summary sheet", file="PCI_2030.xlsx"))["locator"] == ""
    exc = SourceRefused("unknown province 'Ha Tinhh'", file="/x/pcivietnam_values_2006_2022.csv", where="line 7")
    exc.kind = "official_page"
    assert refused_source(exc) == dict(
        kind="official_page", file="pcivietnam_values_2006_2022.csv", locator="line 7", url=""
    )
    f = V.findings_frame([V.finding(None, "", "", "source_refused", "warning", str(exc), refused_source(exc))])
    assert f.loc[0, ["source_kind", "source_file", "source_locator"]].tolist() == [
        "official_page",
        "pcivietnam_values_2006_2022.csv",
        "line 7",
    ]


def test_a_panel_built_in_memory_with_missing_or_mixed_cells_is_validated_not_crashed():
    """The importer validates panels it built in memory: a missing province code, a code of another
    type or a missing source kind gives findings, as the pandas rules did, never a TypeError."""
    from analysis.data.loaders import load_pci

    panel = load_pci()
    pci16 = panel.index[
        (panel["year"] == 2016) & (panel["source_kind"] == "official_workbook") & (panel["indicator"] == "pci")
    ]
    base = V.validate_panel(panel, years=[2016])
    assert not (base["rule"] == "province_count").any()  # PCI_2016.xlsx Summary_VN: 63 provinces
    for value in (None, float("nan"), 1):  # a code missing, NaN, or an int instead of the text "01"
        p = panel.copy()
        p["province_code"] = p["province_code"].astype(object)
        p.loc[pci16[0], "province_code"] = value
        found = V.validate_panel(p, years=[2016])
        count = found[found["rule"] == "province_count"]
        if value == 1:  # a 64th code: 63 distinct codes still have a composite
            assert count.empty, count
        else:  # 62 codes with a composite, expected 63 for 2016 (workbooks.expected_province_count)
            assert list(count["detail"]) == ["62 provinces with a composite; expected 63 for 2016"], found
    p = panel.copy()
    p["source_kind"] = p["source_kind"].astype(object)
    p.loc[pci16[0], "source_kind"] = pd.NA  # not a workbook row any more: 62 workbook composites
    found = V.validate_panel(p, years=[2016])
    assert "62 provinces with a composite; expected 63 for 2016" in set(found["detail"])


def test_a_published_rank_without_a_score_is_a_score_error_not_a_crash():
    p = _panel(
        [_row(2018, "01", "Hà Nội", "pci", float("nan"), rank=1), _row(2018, "02", "Hà Giang", "pci", 55.0, rank=2)]
    )
    found = V.validate_panel(p, years=[2018])
    bad = found[(found["province"] == "Hà Nội") & (found["indicator"] == "pci")]  # no rank check without a score
    assert list(bad["rule"]) == ["score_range"] and list(bad["severity"]) == ["error"], bad


def _findings_frame_by_pandas(rows) -> pd.DataFrame:
    """The pandas steps :func:`V.findings_frame` stands for: text cells filled and made text, sorted by year,
    severity, rule, province, indicator, detail and provenance (missing first, stable), duplicates dropped."""
    df = pd.DataFrame(list(rows), columns=V.FINDING_COLUMNS)
    df["year"] = pd.array(df["year"], dtype="Int64")
    for c in V.FINDING_COLUMNS[1:]:
        df[c] = df[c].astype(object).fillna("").astype(str)
    ind = {c: i for i, c in enumerate(V.catalog.INDICATORS)}
    df = df.assign(_s=df["severity"].map({s: i for i, s in enumerate(V.SEVERITIES)}), _i=df["indicator"].map(ind))
    df["_i"] = df["_i"].fillna(99)
    df = df.sort_values(
        ["year", "_s", "rule", "province", "_i", "detail", *V.SOURCE_COLUMNS, *V.OTHER_COLUMNS],
        na_position="first",
        kind="mergesort",
    )
    return df.drop(columns=["_s", "_i"]).drop_duplicates().reset_index(drop=True)


def test_findings_table_is_what_the_pandas_steps_give():
    """findings_frame sorts and deduplicates plain tuples; the committed findings (data/validation_findings.csv),
    shuffled, repeated and with cells blanked, missing or of other types, give exactly the pandas steps' table."""
    import random

    from analysis.data.loaders import load_validation_findings

    committed = load_validation_findings().to_dict("records")
    rng = random.Random(7)
    odd = [None, float("nan"), pd.NA, "", 5, 2.5, "warning", "bogus", "pci", "Á", "a"]
    for case in range(20):
        rows = [dict(r) for r in committed + rng.sample(committed, 20)]
        rng.shuffle(rows)
        for r in rng.sample(rows, 30 if case else 0):
            c = rng.choice(V.FINDING_COLUMNS)
            r[c] = rng.choice([None, float("nan"), pd.NA, 2001, 2030.0]) if c == "year" else rng.choice(odd)
            if rng.random() < 0.2:
                r.pop(rng.choice(V.FINDING_COLUMNS))
        want, got = _findings_frame_by_pandas(rows), V.findings_frame(rows)
        assert got.equals(want) and list(got.dtypes) == list(want.dtypes) and got.index.equals(want.index), case
    assert V.findings_frame([]).equals(_findings_frame_by_pandas([]))
