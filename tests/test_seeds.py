"""analysis.ingest.seeds: the seed documents' tables, checked against the seed text itself.

Every expected value below was read in ../shared/seeds (file, appendix, line given).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import analysis.core.paths
from analysis.core.store import csv_bytes
from analysis.data import catalog, seed_targets
from analysis.ingest import seeds

pytestmark = pytest.mark.shared

S002 = seeds.SEED_002


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    return seeds.build_seed_tables(analysis.core.paths.seeds_dir())


@pytest.fixture(scope="session")
def pci(tables) -> pd.DataFrame:
    return tables["seed_pci_laichau.csv"]


@pytest.fixture(scope="session")
def par(tables) -> pd.DataFrame:
    return tables["seed_par_index_laichau.csv"]


@pytest.fixture(scope="session")
def targets(tables) -> pd.DataFrame:
    return tables["seed_targets.csv"].set_index("target_id", drop=False)


@pytest.fixture(scope="session")
def admin(tables) -> pd.DataFrame:
    return tables["seed_admin_reform_laichau.csv"]


def _pci(pci, year, code):
    row = pci[(pci["year"] == year) & (pci["indicator"] == code)]
    assert len(row) == 1
    return row.iloc[0]


def _admin(admin, year, indicator):
    row = admin[(admin["year"] == year) & (admin["indicator"] == indicator)]
    assert len(row) == 1, (year, indicator)
    return row.iloc[0]


def _folded(name: str) -> str:
    text = (analysis.core.paths.seeds_dir() / name).read_text(encoding="utf-8")
    return seeds.fold(text)


# ------------------------------------------------------------------ the four tables
def test_build_returns_exactly_the_four_tables(tables):
    assert set(tables) == {
        "seed_pci_laichau.csv",
        "seed_par_index_laichau.csv",
        "seed_targets.csv",
        "seed_admin_reform_laichau.csv",
    }


def test_building_twice_gives_identical_csv_bytes(tables):
    again = seeds.build_seed_tables(analysis.core.paths.seeds_dir())
    for name, df in tables.items():
        assert csv_bytes(again[name]) == csv_bytes(df), name


def test_every_row_of_every_table_has_a_source_naming_a_seed_file_and_a_line(tables):
    for name, df in tables.items():
        assert "source_file" in df.columns, name  # structured provenance: file, then appendix and line
        assert df["source_file"].str.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt").all(), name
        assert df["source_locator"].str.fullmatch(r".+, line \d+").all(), name  # section or appendix, line
        if "source_line" in df.columns:  # seed_targets.csv: the line as a number too
            assert all(
                line > 0 and loc.endswith(f", line {line}")
                for loc, line in zip(df["source_locator"], df["source_line"])
            ), name


def test_written_csv_reads_back_with_province_code_as_text(tables, tmp_path):
    path = tmp_path / "seed_pci_laichau.csv"
    path.write_bytes(csv_bytes(tables["seed_pci_laichau.csv"]))
    back = pd.read_csv(path, dtype={"province_code": str})
    assert set(back["province_code"]) == {"12"}


# ------------------------------------------------------------------ Phụ lục 03: PCI
def test_pci_table_has_55_rows_and_the_exact_columns(pci):
    assert list(pci.columns) == [
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
    assert len(pci) == 55
    assert set(pci["indicator"]) == set(catalog.INDICATORS)
    assert sorted(pci["year"].unique()) == [2016, 2017, 2018, 2019, 2020]
    assert set(pci["province"]) == {"Lai Châu"} and set(pci["province_code"]) == {"12"}
    assert set(pci["source_kind"]) == {"province_document"}
    assert str(pci["rank"].dtype) == "Int64"


def test_lai_chau_2016_composite_is_53_46_rank_62_seed002_appendix03(pci):
    row = _pci(pci, 2016, "pci")
    assert row["score"] == pytest.approx(53.46) and row["rank"] == 62
    assert (row["source_file"], row["source_locator"], row["rank_locator"]) == (
        S002,
        "Phụ lục 03, line 1459",
        "Phụ lục 03, line 1461",
    )


def test_lai_chau_2019_composite_is_59_95_rank_63_seed002_appendix03(pci):
    row = _pci(pci, 2019, "pci")
    assert row["score"] == pytest.approx(59.95) and row["rank"] == 63


def test_lai_chau_2020_composite_is_61_98_rank_57_seed002_appendix03(pci):
    row = _pci(pci, 2020, "pci")
    assert row["score"] == pytest.approx(61.98) and row["rank"] == 57


def test_lai_chau_2016_entry_costs_8_84_rank_10_seed002_appendix03_line_1484(pci):
    row = _pci(pci, 2016, "entry_costs")
    assert row["score"] == pytest.approx(8.84) and row["rank"] == 10
    assert row["source_locator"] == "Phụ lục 03, line 1484"


def test_lai_chau_2020_time_costs_6_04_rank_63_seed002_appendix03(pci):
    row = _pci(pci, 2020, "time_costs")
    assert row["score"] == pytest.approx(6.04) and row["rank"] == 63


def test_lai_chau_2018_legal_institutions_6_93_rank_5_seed002_appendix03(pci):
    row = _pci(pci, 2018, "legal_institutions")
    assert row["score"] == pytest.approx(6.93) and row["rank"] == 5


def test_pci_ranks_lie_in_1_to_63(pci):
    assert pci["rank"].notna().all()
    assert pci["rank"].between(1, 63).all()


@pytest.mark.parametrize("year", [2016, 2017, 2018, 2019, 2020])
def test_composite_recomputed_from_sub_indices_matches_the_seed_within_0_02(pci, year):
    sub = pci[(pci["year"] == year) & (pci["indicator"] != "pci")]
    recomputed = catalog.recompute_composite(dict(zip(sub["indicator"], sub["score"])), year)
    assert recomputed == pytest.approx(_pci(pci, year, "pci")["score"], abs=0.02)


def test_2020_sub_index_ranks_in_part2_prose_agree_with_appendix03(pci):
    # Part 2 §I.3 (lines 420-470): "Về tính minh bạch: Xếp hạng 4/63 tỉnh, thành phố." etc.
    text = _folded(S002)
    prose = {
        "transparency": "Về tính minh bạch",
        "entry_costs": "Về gia nhập thị trường",
        "policy_bias": "Về cạnh tranh bình đẳng",
        "proactivity": "Về tính năng động",
        "legal_institutions": "Về thiết chế pháp lý và an ninh trật tự",
        "land_access": "Về tiếp cận đất đai",
        "time_costs": "Về chi phí thời gian",
        "informal_charges": "Về chi phí không chính thức",
        "labor_training": "Về đào tạo lao động",
        "business_support": "Về dịch vụ hỗ trợ doanh nghiệp",
    }
    for code, lead in prose.items():
        m = re.search(re.escape(lead) + r": [Xx]ếp hạng (\d+)/63", text)
        assert m, lead
        assert int(m.group(1)) == _pci(pci, 2020, code)["rank"], code


def test_an_unrecognised_pci_row_name_raises(tmp_path):
    src = (analysis.core.paths.seeds_dir() / S002).read_text(encoding="utf-8")
    assert src.count("Tiếp cận đất đai\n|\n5,22") == 1
    (tmp_path / S002).write_text(
        src.replace("Tiếp cận đất đai\n|\n5,22", "Tiếp cận đất rừng\n|\n5,22"), encoding="utf-8"
    )
    with pytest.raises(seeds.SeedFormatError, match="unrecognised PCI row 'Tiếp cận đất rừng'"):
        seeds.pci_laichau(tmp_path)


# ------------------------------------------------------------------ Phụ lục 04: PAR INDEX
def test_par_table_has_nine_components_for_2016_to_2019(par):
    assert len(par) == 36
    assert sorted(par["year"].unique()) == [2016, 2017, 2018, 2019]
    assert par["component"].nunique() == 9 and "total" in set(par["component"])
    for col in ("component_vi", "rank_text", "source_file", "source_locator", "rank_locator", "source_kind"):
        assert col in par.columns


def _par(par, year, component):
    row = par[(par["year"] == year) & (par["component"] == component)]
    assert len(row) == 1
    return row.iloc[0]


def test_lai_chau_par_index_2019_total_79_51_rank_51_seed002_appendix04(par):
    row = _par(par, 2019, "total")
    assert row["score"] == pytest.approx(79.51) and row["rank"] == 51
    assert row["component_vi"] == "Tổng cộng"


def test_lai_chau_par_index_2016_total_67_41_rank_53_seed002_appendix04(par):
    row = _par(par, 2016, "total")
    assert row["score"] == pytest.approx(67.41) and row["rank"] == 53


def test_par_2016_organisational_structure_rank_is_kept_as_text_seed002_appendix04_line_1838(par):
    row = _par(par, 2016, "organisational_structure")
    assert row["score"] == pytest.approx(6.50)
    assert pd.isna(row["rank"])
    assert row["rank_text"] == "Nằm trong tốp 38 tỉnh đạt điểm tối đa"


def test_par_2016_public_finance_rank_text_is_verbatim_including_the_typo(par):
    row = _par(par, 2016, "public_finance")
    assert pd.isna(row["rank"]) and row["rank_text"] == "Nằm trong tốp 5 tình đạt điểm tối đa"


def test_par_2018_civil_service_9_18_written_with_a_point_is_read_and_flagged(par):
    row = _par(par, 2018, "civil_service")
    assert row["score"] == pytest.approx(9.18) and row["rank"] == 54
    assert "decimal point" in row["note"]


def test_par_numeric_ranks_are_1_to_63_and_text_ranks_never_numbers(par):
    numeric = par["rank"].dropna()
    assert numeric.between(1, 63).all()
    assert (par["rank_text"] != "").sum() == 2
    assert par.loc[par["rank_text"] != "", "rank"].isna().all()


@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_par_components_sum_to_the_total_2017_to_2019(par, year):
    sub = par[(par["year"] == year) & (par["component"] != "total")]["score"].sum()
    assert sub == pytest.approx(_par(par, year, "total")["score"], abs=0.02)


def test_par_2016_components_do_not_sum_to_the_stated_total_a_seed_inconsistency(par):
    sub = par[(par["year"] == 2016) & (par["component"] != "total")]["score"].sum()
    assert sub == pytest.approx(64.16)
    assert _par(par, 2016, "total")["score"] == pytest.approx(67.41)


def test_par_2019_rank_agrees_with_appendix01_baseline(par, targets):
    assert targets.loc["laichau_par_index_rank_2025_appendix01", "baseline_value"] == _par(par, 2019, "total")["rank"]


# ------------------------------------------------------------------ Phụ lục 05-11
def test_admin_table_columns_and_appendices(admin):
    assert list(admin.columns) == seeds.ADMIN_COLUMNS
    assert set(admin["appendix"]) == {"05", "07", "09", "10", "11"}
    assert admin["value"].notna().all()
    assert not admin.duplicated(["year", "indicator"]).any()
    assert admin["indicator"].str.fullmatch(r"[a-z0-9_]+").all()


def test_on_time_rate_province_2016_is_99_96_percent_with_a_decimal_point_seed002_appendix07(admin):
    row = _admin(admin, 2016, "on_time_rate_province")
    assert row["value"] == pytest.approx(99.96) and row["unit"] == "percent"
    assert row["value_text"] == "99.96%"
    assert (row["source_file"], row["source_locator"]) == (S002, "Phụ lục 07, line 2628")


def test_on_time_rate_province_2020_is_98_88_percent_seed002_appendix07(admin):
    assert _admin(admin, 2020, "on_time_rate_province")["value"] == pytest.approx(98.88)


def test_overall_satisfaction_2019_is_82_96_percent_with_a_decimal_comma_seed002_appendix05(admin):
    row = _admin(admin, 2019, "satisfaction_overall")
    assert row["value"] == pytest.approx(82.96) and row["value_text"] == "82,96%"
    assert _admin(admin, 2020, "satisfaction_overall")["value"] == pytest.approx(85.02)


def test_total_procedures_2016_is_1543_a_thousands_dot_seed002_appendix07(admin):
    row = _admin(admin, 2016, "procedures_total")
    assert row["value"] == 1543 and row["unit"] == "count" and row["value_text"] == "1.543"


def test_public_employee_quota_2016_is_17528_seed002_appendix09(admin):
    assert _admin(admin, 2016, "public_employee_quota")["value"] == 17528
    assert _admin(admin, 2020, "civil_servants_in_post")["value"] == 1600


def test_documents_received_2019_is_1316627_seed002_appendix11(admin):
    assert _admin(admin, 2019, "documents_received_on_axis")["value"] == 1_316_627


def test_online_services_level_3_4_in_2020_are_998_seed002_appendix11(admin):
    assert _admin(admin, 2020, "online_services_l34")["value"] == 998


def test_footnote_markers_are_dropped_units_inspected_2016_is_26_seed002_appendix05(admin):
    row = _admin(admin, 2016, "units_inspected_on_par")
    assert row["value"] == 26 and row["value_text"] == "26[9]"


def test_simplified_procedures_row_mixes_conventions_seed002_appendix07(admin):
    assert _admin(admin, 2016, "procedures_simplified_percent")["value"] == pytest.approx(33.33)  # "33.33%"
    assert _admin(admin, 2019, "procedures_simplified_percent")["value"] == pytest.approx(34.64)  # "34,64%"
    assert _admin(admin, 2019, "procedures_simplified")["value"] == 105


def test_the_2020_share_of_services_with_applications_is_kept_as_written_and_flagged(admin):
    row = _admin(admin, 2020, "online_services_l34_with_applications_percent")
    assert row["value"] == pytest.approx(0.31)
    assert "does not equal 83/998" in row["note"]


def test_empty_cells_give_no_rows_satisfaction_starts_in_2019(admin):
    years = set(admin.loc[admin["indicator"] == "satisfaction_overall", "year"])
    assert years == {2019, 2020}


@pytest.mark.parametrize("year", [2016, 2017, 2018, 2019, 2020])
def test_procedures_by_level_sum_to_the_total_seed002_appendix07(admin, year):
    parts = sum(_admin(admin, year, f"procedures_{lvl}")["value"] for lvl in ("province", "district", "commune"))
    assert parts == _admin(admin, year, "procedures_total")["value"]


@pytest.mark.parametrize("year", [2016, 2017, 2018, 2019, 2020])
def test_autonomous_units_sum_to_the_total_seed002_appendix10(admin, year):
    parts = sum(
        _admin(admin, year, k)["value"]
        for k in (
            "autonomous_units_provincial_committee",
            "autonomous_units_provincial_departments",
            "autonomous_units_district",
            "autonomous_science_organisations",
        )
    )
    assert parts == _admin(admin, year, "autonomous_units_total")["value"]


def test_percent_values_lie_in_0_to_100(admin):
    pct = admin[admin["unit"] == "percent"]["value"]
    assert len(pct) > 0 and pct.between(0, 100).all()


# ------------------------------------------------------------------ targets
def test_target_ids_are_unique_slugs_and_kinds_known(targets):
    assert targets["target_id"].is_unique
    assert targets["target_id"].str.fullmatch(r"[a-z0-9_]+").all()
    assert set(targets["kind"]) <= set(seeds.TARGET_KINDS)


def test_every_target_quote_occurs_in_its_seed_file(targets):
    for row in targets.itertuples():
        assert seeds.fold(row.quote) in _folded(row.source_file), row.target_id
        if row.baseline_quote:
            assert seeds.fold(row.baseline_quote) in _folded(row.baseline_file), row.target_id


def test_every_target_source_line_holds_the_start_of_its_quote(targets):
    for row in targets.itertuples():
        lines = (analysis.core.paths.seeds_dir() / row.source_file).read_text(encoding="utf-8").split("\n")
        first_word = row.quote.split(" ")[0]
        assert first_word in lines[row.source_line - 1], (row.target_id, first_word, lines[row.source_line - 1])
        if row.baseline_quote:
            blines = (analysis.core.paths.seeds_dir() / row.baseline_file).read_text(encoding="utf-8").split("\n")
            assert seeds.fold(row.baseline_quote).split(" ")[0] in blines[row.baseline_line - 1], row.target_id


def test_the_two_lai_chau_2025_pci_bands_share_a_conflict_group(targets):
    a = targets.loc["laichau_pci_rank_2025_appendix01"]
    b = targets.loc["laichau_pci_rank_2025_part3"]
    assert (a["value_low"], a["value_high"]) == (45, 55)
    assert (b["value_low"], b["value_high"]) == (50, 55)
    assert a["conflict_group"] and a["conflict_group"] == b["conflict_group"]
    assert a["target_year"] == b["target_year"] == 2025
    assert (targets["conflict_group"] == a["conflict_group"]).sum() == 2


def test_lai_chau_pci_2030_band_40_45_and_par_index_bands(targets):
    t = targets.loc["laichau_pci_rank_2030_appendix01"]
    assert (t["value_low"], t["value_high"], t["target_year"]) == (40, 45, 2030)
    t = targets.loc["laichau_par_index_rank_2025_appendix01"]
    assert (t["value_low"], t["value_high"], t["target_year"]) == (45, 50, 2025)
    t = targets.loc["laichau_par_index_rank_2030_appendix01"]
    assert (t["value_low"], t["value_high"], t["target_year"]) == (32, 40, 2030)


def test_lai_chau_pci_baselines_57_in_2020_seed002_and_63_in_2019_seed003(targets, pci):
    t = targets.loc["laichau_pci_rank_2025_appendix01"]
    assert (t["baseline_value"], t["baseline_year"]) == (57, 2020)
    assert t["baseline_value"] == _pci(pci, 2020, "pci")["rank"]
    t = targets.loc["laichau_pci_rank_2019_baseline_seed003"]
    assert (t["baseline_value"], t["baseline_year"]) == (63, 2019)
    assert t["source_file"] == "003_ac6b037d9fc896f6.txt"
    assert t["baseline_value"] == _pci(pci, 2019, "pci")["rank"]


def test_appendix01_section_ii_has_all_nine_indicators_for_2025_and_2030(targets):
    a01 = targets[targets["source_section"].str.startswith("Phụ lục 01, mục II")]
    assert set(a01["target_year"]) == {2025, 2030}
    # nine seed rows; row 5 split into cán bộ / công chức, row 8 into province / district / commune
    assert a01["index"].nunique() == 7 + 2 + 3
    assert len(a01) == 2 * 12
    assert targets.loc["laichau_self_financing_units_2025", "baseline_value"] == pytest.approx(10.37)
    assert targets.loc["laichau_online_level34_share_2025", "baseline_value"] == pytest.approx(54.87)
    assert targets.loc["laichau_tthc_time_cut_2025", "value_low"] == 30
    assert pd.isna(targets.loc["laichau_tthc_time_cut_2025", "value_high"])


def test_dien_bien_sub_indices_rise_0_3_to_0_8_points_a_year_seed000(targets):
    t = targets.loc["dienbien_pci_subindex_change_2025"]
    assert t["kind"] == "score_change_per_year" and t["index"] == "pci_subindex_each"
    assert (t["value_low"], t["value_high"]) == (pytest.approx(0.3), pytest.approx(0.8))


def test_dien_bien_top_40_and_top_5_of_the_northern_mountains_by_2025_top_35_by_2030(targets):
    t = targets.loc["dienbien_pci_top40_2025"]
    assert (t["kind"], t["value_low"], t["value_high"]) == ("top_k", 1, 40)
    assert (t["baseline_value"], t["baseline_value_high"]) == (46, 48)
    t = targets.loc["dienbien_pci_region_top5_2025"]
    assert (t["kind"], t["value_high"]) == ("region_top_k", 5)
    assert t["region"] in catalog.REGIONS_EN
    t = targets.loc["dienbien_pci_top35_2030"]
    assert (t["value_high"], t["target_year"]) == (35, 2030)
    assert targets.loc["dienbien_pci_tier_2025", "value_text"] == "Khá"


def test_dien_bien_baselines_par_index_25_in_2020_and_sipas_80_percent(targets):
    t = targets.loc["dienbien_par_index_rank_2020_baseline"]
    assert (t["baseline_value"], t["baseline_year"]) == (25, 2020)
    assert targets.loc["dienbien_sipas_baseline", "baseline_value"] == 80


def test_dien_bien_enterprises_about_2000_by_2025_read_from_a_thousands_dot(targets):
    assert targets.loc["dienbien_enterprises_registered_2025", "value_low"] == 2000
    assert targets.loc["dienbien_enterprises_registered_2030", "value_low"] == 2700


def test_ha_tinh_2025_targets_and_2020_baselines_seed001(targets):
    expect = {"pci": (20, 21), "par_index": (10, 16), "sipas": (10, 11), "papi": (5, 5)}
    for index, (k, base) in expect.items():
        tid = f"hatinh_{index}_top{k}_2025"
        t = targets.loc[tid]
        assert (t["kind"], t["value_low"], t["value_high"]) == ("top_k", 1, k), tid
        assert (t["baseline_value"], t["baseline_year"]) == (base, 2020), tid
    assert targets.loc["hatinh_dti_top20_2025", "value_high"] == 20


def test_quang_ninh_keeps_first_place_in_four_indices_every_year_seed004(targets):
    qn = targets[targets["province"] == "Quảng Ninh"]
    assert set(qn["index"]) == {"PCI", "PAR INDEX", "SIPAS", "PAPI"}
    assert (qn["kind"] == "keep_first").all()
    assert (qn["target_year"] == 2025).all()
    assert qn["note"].str.contains("every year").all()


def test_targets_province_codes_come_from_the_catalogue(targets):
    for row in targets.itertuples():
        assert catalog.resolve_province(row.province).code == row.province_code


def test_a_quote_not_in_the_seed_raises_naming_the_target(monkeypatch):
    bad = dict(seed_targets.TARGETS[0], target_id="laichau_made_up", quote="Trong nhóm 1 - 2 tỉnh, thành phố")
    monkeypatch.setattr(seeds, "TARGETS", [bad])
    with pytest.raises(seeds.QuoteNotFoundError, match="laichau_made_up"):
        seeds.targets(analysis.core.paths.seeds_dir())


def test_a_number_not_in_its_quote_raises(monkeypatch):
    bad = dict(seed_targets.TARGETS[0], value_low="44")
    monkeypatch.setattr(seeds, "TARGETS", [bad])
    with pytest.raises(seeds.SeedFormatError, match="does not occur as a number"):
        seeds.targets(analysis.core.paths.seeds_dir())
