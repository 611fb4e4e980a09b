"""analysis.analyses.targets: one record per target. Literals cite data/pci_panel.csv lines (and the
workbook cell each row names), data/seed_targets.csv and catalog_data/target_checks.csv."""

from __future__ import annotations

import math
import os

import pandas as pd
import pytest

import analysis
from analysis.analyses import targets
from analysis.data import catalog

DRAWS = 200  # a record's fields, not its precision


@pytest.fixture(scope="module")
def panel():
    return analysis.load_pci()


@pytest.fixture(scope="module")
def records(panel):
    return targets.evaluate(draws=DRAWS, panel=panel).records()


def test_pace_stays_inside_the_methodology_period(panel):
    lc = panel[(panel["province"] == "Lai Châu") & (panel["indicator"] == "pci")]
    # line 10410: 2022, 62.05, rank 57 (pci_composite_panel_2016_2022.dta obs 161); line 10651: 2023, 66.4825,
    # rank 35 (derived, PCI_2023_subindices.xlsx Tổng hợp!B36…K36): the 2022- period of catalog_data/weights.csv
    p = targets.period_pace(lc, "score")
    assert (p["pace_from"], p["pace_to"], p["pace_period"]) == (2022, 2023, "2022-")
    assert p["pace"] == pytest.approx(66.48249793052673 - 62.05)
    r = targets.period_pace(lc, "rank", sign=-1.0)
    assert r["pace"] == pytest.approx(22.0)  # 57th -> 35th: 22 places gained in one year
    # one observation in the period: no pace, never a pace across the 2022 break
    to_2022 = targets.period_pace(lc[lc["year"] <= 2022], "score")  # 2022 alone in its period; 2021 is before the break
    assert math.isnan(to_2022["pace"]) and to_2022["pace_period"] == "2022-"


def test_records_one_per_target_and_where_each_province_stands(records):
    seed = analysis.load_targets()
    seed = seed[seed["kind"] != "baseline"]
    # data/seed_targets.csv: Điện Biên's "each sub-index +0.3-0.8 a year" (dienbien_pci_subindex_change_2025) is one
    # record per sub-index; every other target row is one record
    each = seed["index"].str.lower().eq("pci_subindex_each").sum()
    assert len(records) == len(seed) - each + each * len(catalog.SUBINDICES)
    lc = records[(records["province"] == "Lai Châu") & (records["indicator"] == "pci")].iloc[0]
    # line 10651: Lai Châu 2023 composite 66.48, 35th of 63, derived
    assert (lc["now_rank"], lc["now_n"], lc["now_year"], lc["now_source_kind"]) == (35, 63, 2023, "derived")
    assert lc["now_value"] == pytest.approx(66.48249793052673)
    qn = records[(records["target_id"] == "quangninh_pci_keep_first")].iloc[0]
    # Quảng Ninh 2nd of 63 in 2024 with 73.20 (pci_press_2024.csv line 4, thoibaotaichinhvietnam.vn, the score;
    # line 5, baolaocai.vn "xếp vị trí thứ 2 là Quảng Ninh với 73,2 điểm", the rank): the latest standing, and it
    # decides "first every year 2020-2025" as not met
    assert (qn["now_rank"], qn["now_n"], qn["now_year"], qn["now_source_kind"]) == (2, 63, 2024, "press")
    assert qn["now_value"] == pytest.approx(73.20) and qn["text_en"] == "PCI: rank 1 every year 2020–2025"
    assert (qn["decided"], qn["verdict"]) == ("not met", "not met")
    assert 0 <= qn["p_within"] <= qn["p_at_least"] <= 1
    # Điện Biên: 32nd of 63 in 2024 (67.77: pci_press_2024.csv lines 24-25, en.baodienbienphu.com.vn) and 5th of
    # the 14 provinces of its region (line 44, "it ranks 5th out of 14 provinces in the Northern Midlands ...")
    db = records.set_index("target_id")
    assert tuple(db.loc["dienbien_pci_top40_2025", ["now_rank", "now_n", "now_year"]]) == (32, 63, 2024)
    assert tuple(db.loc["dienbien_pci_region_top5_2025", ["now_rank", "now_n", "now_year"]]) == (5, 14, 2024)
    assert qn["draws"] == DRAWS and qn["seed"] == targets.SEED


def test_how_a_target_will_be_checked_comes_from_the_catalogue(records):
    lc = records[records["target_id"] == "laichau_pci_rank_2030_appendix01"].iloc[0]
    # rank 40-45 of 63 by 2030 lies outside the top 30 VCCI publishes from PCI 2023: only by deriving the composite
    assert lc["observable"] == "derived"
    checks = pd.read_csv(targets.CHECKS_FILE, keep_default_na=False)
    row = checks[(checks["dataset"] == "pci_panel") & (checks["observable"] == "derived")].iloc[0]
    assert lc["check_en"] == row["check_en"].format(edition=2030)


def test_observed_data_decide_a_keep_first_target(panel):
    # line 10075: Quảng Ninh first in 2021 (pcivietnam.vn). Were it second that year, "first every year to 2025"
    # would be decided "not met" by the data, whatever the simulation says
    changed = panel.copy()
    hit = (changed["province"] == "Quảng Ninh") & (changed["indicator"] == "pci") & (changed["year"] == 2021)
    assert changed.loc[hit, "rank"].tolist() == [1]
    changed.loc[hit, "rank"] = 2
    rec = targets.evaluate(draws=DRAWS, panel=changed).records("Quảng Ninh")
    qn = rec[rec["target_id"] == "quangninh_pci_keep_first"].iloc[0]
    assert (qn["decided"], qn["verdict"]) == ("not met", "not met")
    assert "2021 (rank 2" in qn["decided_detail"]


def test_records_on_the_34_unit_map_read_bands_and_standing_among_34():
    rec = targets.evaluate(map="34", draws=DRAWS).records("Lai Châu")
    r = rec[rec["target_id"] == "laichau_pci_rank_2025_appendix01"].iloc[0]
    # seed 002 line 1064: 45-55 of 63 -> floor(44 * 34 / 63) + 1 = 24 to ceil(55 * 34 / 63) = 30 among 34
    assert (r["scale"], r["rank_low"], r["rank_high"], r["required_rank"]) == ("34", 24, 30, 30)
    # data/pci_panel_34.csv line 4260: Lai Châu 2023, 20th of the 34 units (derived composite)
    assert (r["now_rank"], r["now_n"], r["now_year"]) == (20, 34, 2023)
    assert r["required_annual_change"] == pytest.approx((20 - 30) / (2025 - 2023))


def test_the_verdict_sentences_say_how_far_the_default_beats_persistence(records):
    """Issue 22: where the verdicts are read, the page says where the default's edge over persistence lives —
    the committed backtest (data/projection_default.csv, edge_over_persistence; the recent check origins 2016-2018
    is a tie) — in at most three sentences under the table."""
    from analysis.analyses.backtesting import EDGE_TEXT
    from analysis.data import loaders
    from analysis.outputs import verdicts

    edge = loaders.load_projection_default().set_index("indicator").loc["pci", "edge_over_persistence"]
    db = records[records["province"] == "Điện Biên"]
    for lang, k in (("vi", 0), ("en", 1)):
        s = verdicts.verdict_sentences(db, "Điện Biên", lang)
        assert len(s) <= 3 and EDGE_TEXT[edge][k] in s[-1]


def test_the_verdict_table_says_a_target_met_now_is_met_not_that_it_needs_a_negative_pace(records):
    """Lai Châu stood 35th of 63 in 2023 (data/pci_panel.csv line 10651, derived) and its target is "into the 45–55
    group by 2025" (seed_targets.csv, laichau_pci_rank_2025_appendix01), met by rank 55 or better: it may lose
    (55 - 35) / 2 = 10 places a year and still meet it. The table said "cần -10,00 hạng/năm"; the pace of the
    open 2022- period read "2022-"."""
    from analysis.core.prose import Prose
    from analysis.outputs import verdicts

    r = records[records["target_id"] == "laichau_pci_rank_2025_appendix01"].iloc[0]
    assert r["required_annual_change"] == pytest.approx(-10.0)
    vi, en = verdicts.needed_text(r, Prose("vi")), verdicts.needed_text(r, Prose("en"))
    assert vi.startswith("hạng ≤ 55; đang đạt: vẫn đạt nếu giảm không quá 10,00 hạng/năm; đã đạt +22,00 (2022–2023")
    assert en.startswith("rank ≤ 55; met now: still met losing up to 10.00 places/yr; achieved +22.00 (2022–2023")
    # the pace of the 2022- period rests on one change, 2022 -> 2023 (57th -> 35th): the cell says so
    assert vi.endswith("(2022–2023, chỉ một năm, giai đoạn phương pháp từ 2022)")
    assert en.endswith("(2022–2023, a single year, methodology period 2022 onward)")
    assert "-10" not in vi + en and "2022-)" not in vi + en
    # a target not met now keeps its required pace: Hà Tĩnh 54th in 2023 (data/pci_panel.csv line 10871, derived),
    # top 20 by 2025 (hatinh_pci_top20_2025): (54 - 20) / 2 = 17 places a year
    ht = records[records["target_id"] == "hatinh_pci_top20_2025"].iloc[0]
    assert verdicts.needed_text(ht, Prose("en")).startswith("rank ≤ 20; needs +17.00 places/yr; achieved")
    # "met now" only from an observation: Quảng Ninh's PAR INDEX has no series here (seed_targets.csv,
    # quangninh_par_index_keep_first), so its pace starts from nothing observed and is not "met now"
    qn = records[records["target_id"] == "quangninh_par_index_keep_first"].iloc[0]
    assert pd.isna(qn["now_year"]) and "met now" not in verdicts.needed_text(qn, Prose("en"))


def test_a_rank_band_is_met_at_its_worst_rank_or_better_in_the_ledger_too():
    """'Into the 45–55 group' is met by rank 55 or better (the provinces' reading, and reachability's): the ledger
    decides a band the same way, so 35th decides Lai Châu's 40–45 target (seed_targets.csv) as met, not missed."""
    from analysis.analyses import ledger

    band = {"value_low": 40.0, "value_high": 45.0}
    assert ledger._met("rank_band", 35.0, band) and ledger._met("rank_band", 45.0, band)
    assert not ledger._met("rank_band", 46.0, band)


def test_evaluations_of_the_committed_tables_are_kept_within_the_draws_bound(monkeypatch, data_copy):
    """targets.evaluate keeps its evaluations of the committed tables, most recently used last, while they hold at
    most COMMITTED_DRAWS draws together; the same question is answered by the same object, a changed data file
    makes a new evaluation. (The simulation itself is replaced here: only the rule of what is kept is tested.)"""
    made = []

    def fake(**kw):
        made.append(kw)
        ev = targets.Evaluation.__new__(targets.Evaluation)
        ev.draws = kw["draws"]
        return ev

    def run(draws, **kw):
        return targets.evaluate(draws=draws, **kw)

    monkeypatch.setattr(targets, "_evaluate", fake)
    monkeypatch.setattr(targets, "_COMMITTED", targets.OrderedDict())
    monkeypatch.setattr(targets, "COMMITTED_DRAWS", 1000)
    big, small = run(800), run(100)
    assert run(800) is big and run(100) is small and len(made) == 2  # both kept: 900 draws
    assert run(100, map="34") is not small and len(made) == 3  # 1,000 draws: all three kept
    assert run(800) is big and len(made) == 3
    run(200)  # 1,200 draws: the least recently used goes (small, 63), then at 1,100 the 34-unit one
    assert [k[2] for k in targets._COMMITTED] == [800, 200]
    assert run(800) is big and len(made) == 4
    assert run(100) is not small and len(made) == 5
    f = data_copy / "seed_targets.csv"
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 1))  # a changed file: a new evaluation
    assert run(800) is not big and len(made) == 6
    assert run(5000) is not None and len(targets._COMMITTED) == 1  # one over the bound is still kept, alone
