"""The target ledger: every seed target row answered, the pace helpers, the projection merge.

Literals cite the seed documents (``../shared/seeds``) by file and 1-based line; the ledger
tests on committed data read ``data/seed_targets.csv`` and never skip.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.analyses import ledger
from analysis.core import paths

S000, S001, S002 = "000_bc8200d0cc8625e2.txt", "001_b36babd38c5a32d9.txt", "002_0b651ac042bb2fe9.txt"


# --------------------------------------------------------------------------- pace helpers (hand-computed)
def test_required_annual_change_by_hand():
    # 20% in 2020 to 30% in 2025: (30 - 20) / 5 = 2 points a year
    assert ledger.required_annual_change(20, 30, 2020, 2025) == pytest.approx(2.0)
    # 54.87% in 2021 to 80% in 2025: 25.13 / 4 = 6.2825
    assert ledger.required_annual_change(54.87, 80, 2021, 2025) == pytest.approx(6.2825)
    assert math.isnan(ledger.required_annual_change(20, 30, 2025, 2025))  # no year left
    assert math.isnan(ledger.required_annual_change(None, 30, 2020, 2025))
    assert math.isnan(ledger.required_annual_change(np.nan, 30, 2020, 2025))


def test_required_rank_gain_counts_places_climbed():
    # rank 57 (2020) to rank 55 (2025): 2 places in 5 years = +0.4 a year
    assert ledger.required_rank_gain(57, 55, 2020, 2025) == pytest.approx(0.4)
    # rank 51 (2019) to the 32-40 band's worse end 40 by 2030: 11 places / 11 years
    assert ledger.required_rank_gain(51, 40, 2019, 2030) == pytest.approx(1.0)
    # already inside: a negative requirement (places that may be lost)
    assert ledger.required_rank_gain(5, 10, 2020, 2025) == pytest.approx(-1.0)


def test_window_changes_and_share_by_hand():
    f = pd.DataFrame(
        {
            "province_code": ["A"] * 4 + ["B"] * 3,
            "year": [2010, 2011, 2012, 2013, 2010, 2011, 2012],
            "rank": [10, 8, 5, 4, 20, 21, np.nan],
            "methodology": ["p1", "p1", "p1", "p2", "p1", "p1", "p1"],
        }
    )
    ch = ledger.window_changes(f, "rank", 2, period="methodology", sign=-1.0)
    # A 2010->2012: (10 - 5) / 2 = 2.5 places a year; A 2011->2013 crosses p1/p2: excluded;
    # B 2010->2012: 2012 missing: no window
    assert ch[["province_code", "start_year", "end_year"]].values.tolist() == [["A", 2010, 2012]]
    assert ch["annual_change"].tolist() == [pytest.approx(2.5)]
    both = ledger.window_changes(f, "rank", 1, sign=-1.0)  # no period: A 2012->2013 counts
    assert sorted(both["annual_change"]) == [-1.0, 1.0, 2.0, 3.0]  # B -1; A 2, 3, 1
    assert ledger.share_achieving([1.0, 2.0, 3.0], 2.0) == (pytest.approx(2 / 3), 3)
    share, n = ledger.share_achieving([], 2.0)
    assert math.isnan(share) and n == 0


def test_own_annual_change_by_hand():
    s = pd.DataFrame({"year": [2016, 2017, 2018, 2019], "rank": [53, 51, 52, 51]})
    assert ledger.own_annual_change(s, "rank") == pytest.approx((51 - 53) / 3)
    assert ledger.own_annual_change(s, "rank", years=1) == pytest.approx(-1.0)  # 2018 -> 2019
    assert math.isnan(ledger.own_annual_change(s.iloc[:1], "rank"))


# --------------------------------------------------------------------------- the ledger on committed data
@pytest.fixture(scope="session")
def targets():
    return analysis.load_targets()


def _cites(row, file: str, line: int) -> None:
    """A ledger row names its seed file, and its target row (data/seed_targets.csv) the file and line, in columns."""
    t = analysis.load_targets().set_index("target_id").loc[row.name]
    assert row["seed_file"] == file == t["source_file"] and t["source_line"] == line
    assert row["source"] == t["source"]  # the citation shown is the target row's


@pytest.fixture(scope="session")
def full(targets):
    return analysis.target_ledger(
        targets, panel=analysis.load_pci(), papi=analysis.load_papi(), par_index=analysis.load_par_index()
    )


def test_every_target_row_has_a_ledger_row_with_a_status(targets, full):
    assert len(targets) == 58  # data/seed_targets.csv: 58 rows (the five documents)
    assert full["target_id"].tolist() == targets["target_id"].tolist()
    assert full["status"].isin(ledger.STATUSES).all()
    assert list(full.columns) == ledger.LEDGER_COLUMNS
    base = full[full["kind"] == "baseline"]
    assert (base["status"] == ledger.STATUS_BASELINE).all() and (base["row_type"] == "baseline").all()
    assert len(base) == 3  # Lai Châu PCI 2019 (seed 003), Điện Biên PAR INDEX 2020 and SIPAS (seed 000)
    nod = full[full["status"] == ledger.STATUS_NO_DATA]
    assert (nod["data_needed"] != "").all()  # "no data to judge" always says what would be needed


def test_ledger_without_any_data_still_has_every_row(targets):
    bare = analysis.target_ledger(targets)
    assert len(bare) == 58
    assert set(bare["status"]) <= {ledger.STATUS_NO_DATA, ledger.STATUS_BASELINE}


def test_laichau_par_index_45_50_by_2025(full):
    # seed 002 line 1050-1056 (Phụ lục 01 §I): "Chỉ số PAR INDEX | Năm 2019 xếp hạng 51/63 ... | Trong nhóm 45 - 50"
    r = full.set_index("target_id").loc["laichau_par_index_rank_2025_appendix01"]
    assert (r["value_low"], r["value_high"], r["target_year"]) == (45, 50, 2025)
    _cites(r, S002, 1050)
    assert (r["baseline_value"], r["baseline_year"]) == (51, 2019)
    assert r["status"] == ledger.STATUS_OWN_SERIES  # only Lai Châu's own PAR INDEX (Appendix 04)
    # 51 in 2019 to 50 by 2025: 1 place in 6 years
    assert r["required_annual_change"] == pytest.approx(1 / 6)
    assert math.isnan(r["share_any_province_achieving"])  # no other province's PAR INDEX
    assert math.isnan(r["probability"])


def test_dienbien_2000_enterprises_by_2025(full):
    # seed 000 line 47: "Số lượng doanh nghiệp đăng ký thành lập trên địa bàn tỉnh khoảng 2.000 doanh nghiệp"
    r = full.set_index("target_id").loc["dienbien_enterprises_registered_2025"]
    assert (r["value_low"], r["target_year"]) == (2000, 2025)
    _cites(r, S000, 47)
    assert r["status"] == ledger.STATUS_NO_DATA
    assert "enterprises" in r["data_needed"]


def test_hatinh_papi_top5_by_2025(full):
    # seed 001 line 52: "nhóm 05 tỉnh, thành phố, đứng đầu cả nước về Chỉ số ... (PAPI)";
    # baseline line 24: "(PAPI) xếp thứ 5" in 2020
    r = full.set_index("target_id").loc["hatinh_papi_top5_2025"]
    assert (r["value_high"], r["target_year"]) == (5, 2025)
    _cites(r, S001, 52)
    assert (r["baseline_value"], r["baseline_year"]) == (5, 2020)
    assert r["status"] == ledger.STATUS_NOT_RUN  # PAPI is held: the projection engine applies
    # PAPI now runs to 2024 (papi-more/sub-dimensions-2011-2024/2024.csv, a research panel), newer than the
    # 2020 baseline, so the required pace starts from the latest observation
    assert r["required_from"] == "latest observation"
    assert (r["latest_year"], r["latest_source_kind"]) == (2024, "research_panel")


def test_conflicting_laichau_pci_bands_side_by_side(full):
    # seed 002 Phụ lục 01 (line 1064): 45-55 by 2025; Part 3 §I.2.a (line 624): 50-55 by 2025
    c = full[full["conflict_group"] == "laichau_pci_rank_2025"].set_index("target_id")
    assert c.loc["laichau_pci_rank_2025_appendix01", "value_low"] == 45
    assert c.loc["laichau_pci_rank_2025_part3", "value_low"] == 50
    assert set(c["value_high"]) == {55}


def test_laichau_admin_targets_required_pace_from_baseline(full):
    # seed 002 Phụ lục 01 §II: work files processed online at province level, 35% (2016-2020) -> 90% by 2025;
    # the 2030 row (100%) shares that baseline
    r = full.set_index("target_id")
    assert r.loc["laichau_online_files_province_2025", "required_annual_change"] == pytest.approx((90 - 35) / 5)
    assert r.loc["laichau_online_files_province_2030", "baseline_value"] == 35
    assert r.loc["laichau_online_files_province_2030", "required_annual_change"] == pytest.approx((100 - 35) / 10)
    assert r.loc["laichau_online_files_province_2030", "required_from"] == "baseline"


# --------------------------------------------------------------------------- projections and decisions
def test_projections_merge_by_target_id(targets):
    proj = pd.DataFrame(
        {
            "target_id": ["hatinh_pci_top20_2025", "hatinh_pci_top20_2025"],
            "method": ["ar1", "trend"],
            "probability": [0.42, 0.8],
            "verdict": ["uncertain", "likely"],
        }
    )
    panel = analysis.load_pci()
    with pytest.raises(ValueError, match="pass method="):
        analysis.target_ledger(targets, panel=panel, projections=proj)
    out = analysis.target_ledger(targets, panel=panel, projections=proj, method="ar1").set_index("target_id")
    r = out.loc["hatinh_pci_top20_2025"]
    assert (r["status"], r["probability"], r["verdict"], r["method"]) == (
        ledger.STATUS_PROJECTED,
        0.42,
        "uncertain",
        "ar1",
    )
    assert out.loc["laichau_pci_rank_2025_part3", "status"] == ledger.STATUS_NOT_RUN
    with pytest.raises(ValueError, match="not in the targets table"):
        analysis.target_ledger(targets, projections=proj.assign(target_id="made_up"), method="ar1")


def test_several_projection_rows_for_one_target_are_summarised(targets):
    proj = pd.DataFrame(
        {
            "target_id": ["dienbien_pci_subindex_change_2025"] * 3,
            "method": ["m"] * 3,
            "index": ["entry_costs", "land_access", "transparency"],
            "probability": [0.1, 0.5, 0.9],
            "verdict": ["unlikely", "uncertain", "likely"],
        }
    )
    r = (
        analysis.target_ledger(targets, panel=analysis.load_pci(), projections=proj)
        .set_index("target_id")
        .loc["dienbien_pci_subindex_change_2025"]
    )
    assert math.isnan(r["probability"])
    assert (r["probability_min"], r["probability_max"], r["n_projection_rows"]) == (0.1, 0.9, 3)
    assert r["verdict"] == "1 unlikely; 1 uncertain; 1 likely"


def _panel(rows):
    df = pd.DataFrame(rows, columns=["year", "province", "province_code", "rank"])
    return df.assign(
        indicator="pci",
        score=60.0,
        source_kind="official_workbook",
        methodology="2022-",
        tier="",
        rank=df["rank"].astype("Int64"),
    )


def test_keep_first_every_year_is_decided_when_a_year_is_lost(targets):
    # seed 004: "mục tiêu hàng năm giữ vững vị trí nhóm đầu"; baseline 2022 (rank 1)
    t = targets[targets["target_id"] == "quangninh_pci_keep_first"]
    lost = _panel([(2022, "Quảng Ninh", "22", 1), (2023, "Quảng Ninh", "22", 2)])
    r = analysis.target_ledger(t, panel=lost).iloc[0]
    assert r["status"] == ledger.STATUS_DECIDED and r["verdict"].startswith("missed")
    assert "2023 (rank 2, official_workbook)" in r["status_detail"]
    kept = _panel([(2022, "Quảng Ninh", "22", 1), (2023, "Quảng Ninh", "22", 1)])
    assert analysis.target_ledger(t, panel=kept).iloc[0]["status"] == ledger.STATUS_NOT_RUN


def test_rank_band_decided_once_the_target_year_is_observed(targets):
    t = targets[targets["conflict_group"] == "laichau_pci_rank_2025"]
    p = _panel([(2024, "Lai Châu", "12", 54), (2025, "Lai Châu", "12", 48)])
    out = analysis.target_ledger(t, panel=p).set_index("target_id")
    # rank 48 in 2025: inside the appendix's 45-55, and better than Part 3's 50-55, which "into the 50-55 group"
    # means too (met by rank 55 or better, the provinces' reading)
    assert out.loc["laichau_pci_rank_2025_appendix01", "verdict"] == "met"
    assert out.loc["laichau_pci_rank_2025_part3", "verdict"] == "met"
    worse = analysis.target_ledger(t, panel=_panel([(2024, "Lai Châu", "12", 54), (2025, "Lai Châu", "12", 56)]))
    assert (worse["verdict"] == "missed").all()  # 56th: outside both bands
    assert (out["status"] == ledger.STATUS_DECIDED).all()


def test_target_data_covers_every_target_and_names_known_datasets(targets):
    td = ledger.load_target_data()
    assert sorted(td["target_id"]) == sorted(targets["target_id"])
    assert set(td["dataset"]) <= {"", "pci_panel", "papi", "par_index_seed"}
    assert (td.loc[td["dataset"] == "", "data_needed"] != "").all()


@pytest.mark.shared
def test_committed_targets_match_the_curated_catalogue_rebuilt_from_the_seeds(targets):
    from analysis.ingest import seeds

    rebuilt = seeds.targets(paths.seeds_dir())
    assert rebuilt["target_id"].tolist() == targets["target_id"].tolist()
    assert rebuilt["source"].tolist() == targets["source"].tolist()


def test_a_bad_convention_field_in_the_curated_targets_is_named(tmp_path):
    from analysis.data import seed_targets

    bad = tmp_path / "seed_targets.csv"
    text = seed_targets.TARGETS_FILE.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    assert header[-1] == "convention_fields"
    # row 2 of the file: Lai Châu PCI 2025 (Appendix 01), convention field target_year; make it text
    bad.write_text("\n".join([text[0], text[1].replace(",2025,", ",twenty,", 1)]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2: convention field 'target_year' = 'twenty' is not a number"):
        seed_targets.load_target_specs(bad)


def test_papi_ranks_from_scores_or_from_a_totals_table():
    dims = pd.DataFrame(
        {
            "year": [2017] * 3,
            "province": ["a", "b", "c"],
            "province_code": ["01", "02", "03"],
            "dimension": ["papi_total_unweighted"] * 3,
            "score": [40.0, 42.5, 40.0],
        }
    )
    r = ledger.papi_ranks(dims)
    assert r["rank"].tolist() == [2, 1, 2]  # ties share the better rank
    totals = dims.rename(columns={"dimension": "measure"}).assign(rank=[9, 8, 7], source_kind="research_panel")
    t = ledger.papi_ranks(totals)
    assert t["rank"].tolist() == [9, 8, 7] and set(t["source_kind"]) == {"research_panel"}
    assert set(t["methodology"]) == {"2011-2017"}


# --------------------------------------------------------------------------- rank targets on both scales (issue 15)
def test_rank_targets_carry_their_band_on_both_scales(full):
    led = full.set_index("target_id")
    # seed 002, Phụ lục 01, line 1064: Lai Châu PCI "45-55" of 63 by 2025. Percentiles (lo-1)/63 = 44/63 and
    # 55/63; among 34: floor(44 * 34 / 63) + 1 = floor(23.75) + 1 = 24 to ceil(55 * 34 / 63) = ceil(29.68) = 30.
    r = led.loc["laichau_pci_rank_2025_appendix01"]
    assert (r["rank_lo_63"], r["rank_hi_63"], r["rank_lo_34"], r["rank_hi_34"]) == (45, 55, 24, 30)
    assert r["pct_lo"] == pytest.approx(44 / 63) and r["pct_hi"] == pytest.approx(55 / 63)
    # no projection passed: nothing judged yet, so no verdict scale; the 2025 edition ranks the 34 units
    assert (r["status"], r["verdict_scale"], r["edition_map"]) == (ledger.STATUS_NOT_RUN, "", "34")
    # seed 000, line 55: Điện Biên "thuộc nhóm 40 tỉnh đứng đầu" by 2025: top 40 of 63 -> 1 to ceil(40*34/63) = 22
    r = led.loc["dienbien_pci_top40_2025"]
    assert (r["rank_lo_63"], r["rank_hi_63"], r["rank_lo_34"], r["rank_hi_34"]) == (1, 40, 1, 22)
    assert r["pct_lo"] == 0 and r["pct_hi"] == pytest.approx(40 / 63)
    # seed 001, line 52: Hà Tĩnh PAPI top 5 -> among 34: ceil(5 * 34 / 63) = ceil(2.70) = 3
    r = led.loc["hatinh_papi_top5_2025"]
    assert (r["rank_hi_63"], r["rank_hi_34"]) == (5, 3)
    # seed 001: Hà Tĩnh SIPAS top 10; no SIPAS series is held: the band on both scales, no verdict and no scale
    r = led.loc["hatinh_sipas_top10_2025"]
    assert (r["rank_hi_63"], r["rank_hi_34"], r["status"]) == (10, 6, ledger.STATUS_NO_DATA)  # ceil(340/63) = 6
    assert r["verdict_scale"] == "" and r["edition_map"] == "34"
    # a percentage target has no rank band and no scale
    r = led.loc["laichau_self_financing_units_2025"]
    assert pd.isna(r["rank_lo_63"]) and pd.isna(r["rank_hi_34"]) and r["verdict_scale"] == "" and r["edition_map"] == ""


def test_the_scale_of_a_verdict_follows_the_map_of_the_projection(targets):
    proj = pd.DataFrame(
        {
            "target_id": ["laichau_pci_rank_2025_appendix01", "hatinh_papi_top5_2025"],
            "probability": [0.5, 0.2],
            "verdict": ["uncertain", "unlikely"],
        }
    )
    led = analysis.target_ledger(
        targets, panel=analysis.load_pci(), papi=analysis.load_papi(), projections=proj, scale={"PCI": "34"}
    ).set_index("target_id")
    assert led.loc["laichau_pci_rank_2025_appendix01", "verdict_scale"] == "34"
    assert led.loc["hatinh_papi_top5_2025", "verdict_scale"] == "63"  # PAPI stays on the 63 provinces
    assert led.loc["hatinh_papi_top5_2025", "status"] == ledger.STATUS_PROJECTED
    # by default the verdicts are computed on the 63-province panel
    led63 = analysis.target_ledger(
        targets, panel=analysis.load_pci(), papi=analysis.load_papi(), projections=proj
    ).set_index("target_id")
    assert led63.loc["laichau_pci_rank_2025_appendix01", "verdict_scale"] == "63"
    # Lai Châu's PAR INDEX is judged on its own ranks of 63 (seed 002, Phụ lục 04): a judgement, on the 63 scale
    own = analysis.target_ledger(targets, par_index=analysis.load_par_index()).set_index("target_id")
    r = own.loc["laichau_par_index_rank_2025_appendix01"]
    assert (r["status"], r["verdict_scale"]) == (ledger.STATUS_OWN_SERIES, "63")
    with pytest.raises(ValueError, match="scale must be '63' or '34'"):
        analysis.target_ledger(targets, scale="35")


def test_status_by_province_by_hand():
    f = pd.DataFrame(
        {
            "province": ["A", "A", "A", "A", "B"],
            "row_type": ["target", "target", "target", "baseline", "target"],
            "index": ["PCI", "PAR INDEX", "SIPAS", "PCI", "PAPI"],
            "status": [
                ledger.STATUS_PROJECTED,
                ledger.STATUS_OWN_SERIES,
                ledger.STATUS_NO_DATA,
                ledger.STATUS_BASELINE,
                ledger.STATUS_DECIDED,
            ],
        }
    )
    t = ledger.status_by_province(f, split_indices=("PCI",)).set_index("province")
    assert t.loc["A", ledger.STATUS_PROJECTED] == 1 and t.loc["A", ledger.STATUS_OWN_SERIES] == 1
    assert t.loc["A", ledger.STATUS_NO_DATA] == 1 and t.loc["A", ledger.STATUS_DECIDED] == 0
    assert t.loc["A", "targets"] == 3  # the baseline row is not a target
    assert t.loc["A", "other_indices"] == 2  # PAR INDEX and SIPAS
    assert t.loc["B", ledger.STATUS_DECIDED] == 1 and t.loc["B", "other_indices"] == 1
    assert "other_indices" not in ledger.status_by_province(f).columns


def test_status_by_province_on_committed_data_counts_every_target(full):
    t = ledger.status_by_province(full)
    assert t["province"].tolist() == ["Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"]
    n_targets = int((full["row_type"] == "target").sum())
    assert int(t["targets"].sum()) == n_targets
    assert int(t[list(ledger.PROVINCE_STATUS_COLUMNS)].sum().sum()) == n_targets


def test_papi_targets_in_the_ledger_are_the_answers_of_one_simulation(targets):
    """Notebook 03's wiring (issue 13 item 3): one PAPI simulation answers the reachability table and the ledger."""
    from analysis.analyses import reachability

    papi = reachability.papi_panel()
    papi_t = targets[targets["index"].str.upper().eq("PAPI") & targets["kind"].isin(["top_k", "keep_first"])]
    assert sorted(papi_t["target_id"]) == ["hatinh_papi_top5_2025", "quangninh_papi_keep_first"]
    sims = reachability.simulate(papi, papi_t, method="persistence", draws=300, seed=1)
    res = reachability.evaluate(papi, papi_t, method="persistence", draws=300, seed=1, projections=sims)
    led = analysis.target_ledger(targets, papi=analysis.load_papi(), projections=res).set_index("target_id")
    top5 = res[res["target_id"] == "hatinh_papi_top5_2025"]
    r = led.loc["hatinh_papi_top5_2025"]
    assert r["status"] == ledger.STATUS_PROJECTED and r["method"] == "persistence"
    assert r["probability"] == pytest.approx(float(top5["probability"].iloc[0]))
    # Quảng Ninh's "keep first" has two readings (target year, every year): their range, no single probability
    qn = res[res["target_id"] == "quangninh_papi_keep_first"]
    r = led.loc["quangninh_papi_keep_first"]
    assert r["n_projection_rows"] == len(qn) == 2 and math.isnan(r["probability"])
    assert (r["probability_min"], r["probability_max"]) == (
        pytest.approx(qn["probability"].min()),
        pytest.approx(qn["probability"].max()),
    )


def test_papi_methodology_text_comes_from_the_papi_table(full):
    """PAPI's text names the periods and years of data/papi.csv (six dimensions to 2017, eight from 2018:
    src/analysis/ingest/papi_workbook.py, the UNDP workbook layout), never a stale "2011-2017" or "after 2017"."""
    papi = pd.read_csv(ledger.paths.data_dir() / "papi.csv")
    last = int(papi["year"].max())
    led = full.set_index("target_id")
    for tid in ("hatinh_papi_top5_2025", "quangninh_papi_keep_first"):
        detail, needed = led.loc[tid, "status_detail"], led.loc[tid, "data_needed"]
        assert f"6 dimensions 2011-2017; 8 dimensions 2018-{last}" in detail
        assert "after 2017" not in needed and "six dimensions, 2011-2017" not in detail
