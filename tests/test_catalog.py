"""The catalogue: sub-index names and weights, provinces, regions and aliases."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core import paths
from analysis.data import catalog
from analysis.data.catalog import UnknownProvinceError, resolve_province


def test_sub_index_vietnamese_names_match_seed_002_appendix_03():
    names = catalog.load_subindices().set_index("code")["name_vi"]
    assert list(names.loc[list(catalog.SUBINDICES)]) == [
        "Gia nhập thị trường",
        "Tiếp cận đất đai",
        "Tính minh bạch",
        "Chi phí thời gian",
        "Chi phí không chính thức",
        "Cạnh tranh bình đẳng",
        "Tính năng động",
        "Dịch vụ hỗ trợ doanh nghiệp",
        "Đào tạo lao động",
        "Thiết chế pháp lý và ANTT",
    ]


def test_labels_in_both_languages():
    assert catalog.indicator_label("time_costs", "vi") == "Chi phí thời gian"
    assert catalog.indicator_label("time_costs", "en") == "Time Costs"
    assert catalog.indicator_label("pci", "both") == "Chỉ số PCI / PCI composite"
    with pytest.raises(KeyError, match="unknown indicator"):
        catalog.indicator_label("entry_cost")


@pytest.mark.parametrize("year,n", [(2006, 10), (2008, 10), (2009, 9), (2012, 9), (2013, 10), (2020, 10)])
def test_weights_sum_to_one_and_cover_the_published_sub_indices(year, n):
    w = catalog.weights_for_year(year)
    assert len(w) == n and sum(w.values()) == pytest.approx(1.0)
    assert ("policy_bias" in w) == (not 2009 <= year <= 2012)


def test_2013_on_weights_labour_and_business_support_20pct_time_costs_5pct():
    w = catalog.weights_for_year(2020)
    assert w["labor_training"] == w["business_support"] == w["transparency"] == 0.20
    assert w["time_costs"] == 0.05


def test_2005_has_no_exact_weights():
    with pytest.raises(ValueError, match="2005"):
        catalog.weights_for_year(2005)


def test_recompute_lai_chau_2020_composite_from_seed_002_appendix_03():
    # seed 002 (002_0b651ac042bb2fe9.txt), Phụ lục 03, column "Năm 2020":
    # composite 61,98; sub-indices 7,82 / 5,78 / 6,50 / 6,04 / 5,98 / 6,67 / 6,56 / 5,64 / 5,94 / 6,84
    scores_2020 = {
        "entry_costs": 7.82,
        "land_access": 5.78,
        "transparency": 6.50,
        "time_costs": 6.04,
        "informal_charges": 5.98,
        "policy_bias": 6.67,
        "proactivity": 6.56,
        "business_support": 5.64,
        "labor_training": 5.94,
        "legal_institutions": 6.84,
    }
    assert catalog.recompute_composite(scores_2020, 2020) == pytest.approx(61.98, abs=0.02)


def test_missing_sub_index_gives_nan_not_zero():
    w = {c: 5.0 for c in catalog.SUBINDICES if c != "labor_training"}
    assert catalog.recompute_composite(w, 2018) != catalog.recompute_composite(w, 2018)  # NaN


@pytest.mark.parametrize(
    "spelling,code",
    [
        ("lai chau", "12"),
        ("LAI CHÂU", "12"),
        ("Tp.HCM", "79"),
        ("TT-Huế", "46"),
        ("Đăk Lăk", "66"),
        ("TT- Huế", "46"),
        ("TT-Hue", "46"),
        ("Đắc Lắk", "66"),
        ("BRVT", "77"),
        ("HCMC", "79"),
        ("TP.HCM", "79"),
        ("Tỉnh Điện Biên", "11"),
        ("Hà Tây", "28"),
        ("Thừa Thiên-Huế", "46"),
    ],
)
def test_resolve_province_spellings(spelling, code):
    assert resolve_province(spelling).code == code


def test_unknown_province_lists_closest_names():
    with pytest.raises(UnknownProvinceError) as exc:
        resolve_province("Lai Chow")
    assert "Lai Châu" in str(exc.value)
    assert "Lai Châu" in exc.value.suggestions


def test_province_catalogue_has_63_provinces_plus_ha_tay_in_six_regions():
    prov = catalog.load_provinces()
    assert len(prov) == 64 and prov["province_code"].is_unique
    assert prov.loc[prov["province"] == "Hà Tây", "last_year"].item() == 2008
    assert prov["region"].nunique() == 6
    northern = prov[prov["region"] == "Trung du và miền núi phía Bắc"]
    assert {"Điện Biên", "Lai Châu", "Sơn La", "Hà Giang"} <= set(northern["province"])
    assert len(northern) == 14  # GSO yearbook 2006 sheet (gso_covariates.xlsx, sheet 2006)


def test_every_alias_points_to_a_catalogue_province():
    tab = catalog.alias_table()
    codes = set(catalog.load_provinces()["province_code"])
    assert set(tab["province_code"]) <= codes


def test_methodology_breaks_between_2005_and_2018():
    years = [b.year for b in catalog.methodology_breaks(2005, 2018)]
    assert years == [2006, 2009, 2013]
    assert catalog.methodology_period(2011) == "2009-2012"
    # catalog_data/weights.csv: the 2022- scheme is open-ended; a reader reads "từ 2022" / "2022 onward"
    assert catalog.period_label(catalog.methodology_period(2023), "vi") == "từ 2022"
    assert catalog.period_label("2022-", "en") == "2022 onward" and catalog.period_label("2009-2012") == "2009–2012"
    assert catalog.subindices_for_year(2010) == tuple(c for c in catalog.SUBINDICES if c != "policy_bias")


def test_a_bilingual_run_draws_its_charts_in_vietnamese():
    from analysis.data.catalog import chart_language

    assert [chart_language(x) for x in ("vi", "en", "both")] == ["vi", "en", "vi"]
    with pytest.raises(ValueError):
        chart_language("fr")


def test_every_seed_target_unit_is_described_and_national_ranks_carry_their_n():
    # data/seed_targets.csv: Lai Châu's PCI band "Trong nhóm 45 - 55 tỉnh, thành phố" is stated against
    # "xếp hạng 57/63" (seed 002_0b651ac042bb2fe9.txt, line 1064) — a rank of 63
    targets = pd.read_csv(paths.data_dir() / "seed_targets.csv", dtype=str, keep_default_na=False)
    for unit in set(targets["unit"]) - {""}:
        catalog.target_unit(unit)  # raises KeyError for a unit target_units.csv does not describe
    lai = targets.set_index("target_id").loc["laichau_pci_rank_2025_appendix01"]
    assert catalog.target_unit(lai["unit"]) == catalog.TargetUnit("rank (of 63)", "rank", 63)
    assert catalog.target_unit("rank within region").rank_of is None  # a region's rank is no national rank
    with pytest.raises(KeyError, match="target_units.csv"):
        catalog.target_unit("rank (of 62)")
