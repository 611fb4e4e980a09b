"""analysis.outputs.reachability_run: one run of notebook 03 on the committed data (few draws).

Literals cite their source: the seed targets (data/seed_targets.csv, line numbers of the file)
and the panel (data/pci_panel.csv lines, with the workbook cell each row names)."""

from __future__ import annotations

import dataclasses
import importlib

import numpy as np
import pytest

from analysis.analyses import reachability
from analysis.analyses.project import break_adjustment
from analysis.outputs import reachability_run
from analysis.outputs.charts import project as project_charts

DRAWS = 200


@pytest.fixture(scope="session")
def laichau():
    return reachability_run.run("Lai Châu", draws=DRAWS, seed=0, lang="en")


def test_the_province_rank_targets_come_from_the_seed_file(laichau):
    # data/seed_targets.csv line 2 (laichau_pci_rank_2025_appendix01: 45-55 by 2025), line 3
    # (laichau_pci_rank_2025_part3: 50-55 by 2025), line 4 (laichau_pci_rank_2030_appendix01: 40-45 by 2030)
    assert laichau.rank_bands == {2025: [(45.0, 55.0, "45–55"), (50.0, 55.0, "50–55")], 2030: [(40.0, 45.0, "40–45")]}
    assert set(laichau.mine["target_id"]) == {
        "laichau_pci_rank_2025_appendix01",
        "laichau_pci_rank_2025_part3",
        "laichau_pci_rank_2030_appendix01",
    }


def test_history_marks_values_not_from_a_workbook(laichau):
    h = laichau.history().set_index("year")
    # data/pci_panel.csv line 9247: 2019, 59.95 from PCI_2019.xlsx Summary!C35 (a workbook: filled marker)
    assert h.loc[2019, "score"] == pytest.approx(59.951847) and not h.loc[2019, "seed"]
    # line 9870: 2020, 61.98 from pcivietnam.vn (pcivietnam_values_2006_2022.csv line 281): hollow marker
    assert h.loc[2020, "score"] == pytest.approx(61.98) and h.loc[2020, "seed"]
    assert h.loc[2020, "source_kind"] == "official_page"


def test_observed_ranks_are_the_published_ones(laichau):
    obs = reachability.ObservedRanks(laichau.panel63)
    # data/pci_panel.csv line 9870: Lai Châu 2020 rank 57 (seed 002 too: "Năm 2020 xếp hạng 57/63", seed_targets line 2)
    assert obs.get("Lai Châu", "pci", 2020)[0] == 57 and obs.get("Lai Châu", "pci", 2020)[2] == "official_page"
    # line 8620: Quảng Ninh first in 2018 (PCI_2018.xlsx Summary!B49), of the 63 provinces ranked that year
    assert obs.get("Quảng Ninh", "pci", 2018) == (1.0, 63, "official_workbook")
    assert np.isnan(obs.get("Lai Châu", "pci", 2031)[0])  # not observed: no fact
    assert obs.get("Lai Châu", "pci", 2020) == reachability.observed_rank(laichau.panel63, "Lai Châu", "pci", 2020)
    # lines 7927, 8620, 9313, 9889: Quảng Ninh first in 2017, 2018, 2019 (workbooks) and 2020 (pcivietnam.vn)
    st, fact, missed = reachability.every_year_fact(
        laichau.panel63, "Quảng Ninh", "pci", range(2017, 2021), lang="en", observed=obs
    )
    assert (st, missed) == ("decided: met", False) and "official_page, official_workbook" in fact


def test_everything_reads_the_one_simulation(laichau, monkeypatch):
    def no_more(*a, **k):
        raise AssertionError("simulated a second time")

    monkeypatch.setattr(reachability, "project", no_more)
    monkeypatch.setattr(importlib.import_module("analysis.analyses.project"), "project", no_more)
    r = dataclasses.replace(laichau)  # a fresh object: nothing computed yet
    assert len(r.results) and len(r.papi_results) and len(r.ledger)
    assert r.summary_lines() and r.rank_lines() and r.fan_inputs()["fan"] is not None
    assert r.pace_inputs() is not None
    # the ledger takes the PCI answers of this very run (shown method); a "keep first" target its own
    # reading, first in every year of the term (data/seed_targets.csv, quangninh_pci_keep_first)
    led = r.ledger.set_index("target_id")
    res = r.results[
        (r.results["method"] == r.shown)
        & ((r.results["kind"] != "keep_first") | r.results["target"].str.contains("every year"))
    ]
    for tid, p in zip(res["target_id"], res["probability"]):
        if tid in led.index and led.loc[[tid], "probability"].notna().all():
            assert led.loc[[tid], "probability"].iloc[0] == pytest.approx(p)


def test_rank_lines_and_summary_agree_with_the_draws(laichau):
    proj = laichau.proj
    for y, line in zip(laichau.rank_years, laichau.rank_lines()):
        R = proj.province_ranks(laichau.shown, "Lai Châu", y)
        assert f"median rank **{np.quantile(R, 0.5):.0f}** of 63" in line
        assert f"{np.mean(R <= 30):.0%}" in line
    s = laichau.province_summary()
    assert list(s.index.get_level_values("method").unique()) == list(laichau.methods)
    assert set(s.index.get_level_values("target_year")) == {2025, 2030}


def test_pace_rows_are_the_province_targets_and_none_without_one(laichau):
    pace = laichau.pace_inputs()
    assert len(pace) == 3  # seed_targets.csv lines 2-4
    assert list(pace.columns) == ["label", "required", "historical", "share", "verdict"]
    hn = dataclasses.replace(laichau, province="Hà Nội", code="01", slug="hanoi")  # no target in the five documents
    assert hn.pace_inputs() is None and "Hà Nội has no PCI target" in hn.no_pace_text()


@pytest.mark.parametrize(
    "lang,first,other",
    [
        ("vi", "- **Phương pháp mặc định**", "Default method"),
        ("en", "- **Default method**", "Phương pháp mặc định"),
    ],
)
def test_prose_honours_lang(laichau, lang, first, other):
    r = dataclasses.replace(laichau, lang=lang)
    lines = r.summary_lines()
    assert lines[0].startswith(first) and not any(other in x for x in lines)
    assert r.intro()[0].startswith({"vi": "Điểm xuất phát", "en": "Starting point"}[lang])


def test_both_languages_give_vietnamese_then_english(laichau):
    r = dataclasses.replace(laichau, lang="both")
    head = r.summary_lines()[0].split("\n")
    assert head[0].startswith("- **Phương pháp mặc định**") and head[1].startswith("- **Default method**")
    assert r.chart_lang == "vi"  # figures in Vietnamese in a bilingual run


def test_tables_carry_description_and_source(laichau):
    t = laichau.table("target_reachability")
    assert t["df"] is laichau.results and f"{DRAWS} joint draws, seed 0" in t["description"]
    assert "targets: " in t["source"]
    with pytest.raises(KeyError, match="no table 'x'"):
        laichau.table("x")


def test_the_34_unit_map_reads_bands_of_63_among_34():
    r = reachability_run.run("Lai Châu", draws=DRAWS, seed=0, lang="en", map=34)
    # seed_targets.csv lines 2-4 converted by hand (same share of units, maps.convert_rank_band):
    # 45-55 of 63 -> floor(44*34/63)+1 = 24 to ceil(55*34/63) = 30; 50-55 -> floor(49*34/63)+1 = 27 to 30;
    # 40-45 -> floor(39*34/63)+1 = 22 to ceil(45*34/63) = 25
    assert {y: [b[:2] for b in bs] for y, bs in r.rank_bands.items()} == {2025: [(24, 30), (27, 30)], 2030: [(22, 25)]}
    assert r.n_units == 34 and r.proj.n_ranked == 34
    assert "34-unit scale" in "\n".join(r.intro())


def test_bad_parameters_fail_before_simulating():
    with pytest.raises(ValueError, match="lang must be"):
        reachability_run.run("Lai Châu", lang="fr")
    with pytest.raises(ValueError, match="parameter map must be"):
        reachability_run.run("Lai Châu", map="40")


def test_a_bilingual_run_writes_its_chart_text_in_the_charts_language():
    """lang='both': the page is bilingual, the charts Vietnamese (catalog.chart_language); the pace chart's
    verdicts once came out in both languages and their long labels overlapped (Điện Biên, 11 targets)."""
    run = reachability_run.run("Điện Biên", draws=DRAWS, seed=0, lang="both")
    pace = run.pace_inputs()
    # data/seed_targets.csv line 32 (every sub-index +0.3-0.8 a year: 10 rows) and lines 34-36 (region top 5,
    # top 40, top 35): 13 projected targets; the tier targets (lines 33, 37) are not projected
    assert run.chart_lang == "vi" and len(pace) == 13
    assert not pace["verdict"].str.contains(" / |methods|unlikely|likely", regex=True).any()
    assert pace["verdict"].str.contains("phương pháp").all()


def test_page_03_names_the_break_adjustment_in_its_caveat_and_its_fan_chart(laichau):
    """The default window 2013-2023 crosses the 2022 weights change (catalog_data/weights.csv rows 2013-2021 and
    2022-): the caveat and the fan chart's legend say how the engine adjusts for it."""
    assert laichau.estimation_window == (2013, 2023)
    sentence = break_adjustment("pci", laichau.estimation_window, "en")
    assert "2021→2022" in sentence and sentence in laichau.caveats_text()
    inputs = laichau.fan_inputs()
    assert inputs["adjustment"] == break_adjustment("pci", (2013, 2023), "en", short=True) != ""
    fig = project_charts.fan_chart(**inputs)
    legend = " ".join(t.get_text().replace("\n", " ") for t in fig.axes[0].get_legend().get_texts())
    assert inputs["adjustment"] in legend
