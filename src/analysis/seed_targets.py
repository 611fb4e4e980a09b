"""The targets and baselines the seed documents state, curated row by row.

Targets are partly written in prose, so they are listed here by hand. Nothing here is
trusted on its own: :func:`analysis.seeds.build_seed_tables` checks every ``quote`` (and
``baseline_quote``) against the seed file after whitespace folding, finds its line number,
and reads every number given as *text* (``"45"``, ``"0,3"``, ``"2.000"``) from the quote:
the text must occur in the quote as a whole number token and is parsed with
``parse_number(..., decimal=",")``. Numbers given as Python ints/floats are conventions,
not readings (``1`` as the lower end of a top-k band; a ``target_year`` taken from the
section heading named in ``section``) and each is explained in ``note``.

Fields (see ``seeds.TARGET_COLUMNS`` for the output table):

* ``file``/``section``: where the quote is; the line is found automatically (the first
  occurrence after ``anchor`` when given, e.g. "PHỤ LỤC 01", since Appendix 01 repeats
  some sentences of Part 3).
* ``baseline_quote`` (optional, with ``baseline_file``/``baseline_section`` when it lives
  elsewhere): the text stating the baseline.
* ``kind``: rank_band, top_k, region_top_k, score_change_per_year, percentage, count,
  keep_first, tier; ``baseline`` for a row that records only a stated baseline (the seed
  states no target for that index).
"""
from __future__ import annotations

S000 = "000_bc8200d0cc8625e2.txt"  # Điện Biên, Party resolution 2021-2025 / 2030
S001 = "001_b36babd38c5a32d9.txt"  # Hà Tĩnh, draft Party resolution (2022)
S002 = "002_0b651ac042bb2fe9.txt"  # Lai Châu, Decision 688/QĐ-UBND (2021), scheme
S003 = "003_ac6b037d9fc896f6.txt"  # Lai Châu, Directive 01-CT/TU (Nov 2020)
S004 = "004_646a94240aaa91a6.txt"  # Quảng Ninh, news report (Feb 2024)

LAI_CHAU = "Lai Châu"
DIEN_BIEN = "Điện Biên"
HA_TINH = "Hà Tĩnh"
QUANG_NINH = "Quảng Ninh"
NORTH_MOUNTAINS = "Trung du và miền núi phía Bắc"

_A01 = "Phụ lục 01"
_A01_I = "Phụ lục 01, mục I (chỉ tiêu các chỉ số của tỉnh)"
_A01_II = "Phụ lục 01, mục II (một số chỉ tiêu trong thực hiện nhiệm vụ CCHC)"
_DB_INTRO = "phần mở đầu (đánh giá giai đoạn 2016-2021)"
_A01_NOTE = "Appendix 01 columns: result 2016-2020 | target 2025 | orientation 2030"


def _a01(tid, index, kind, quote, year, low, high, unit, *, base=None, base_high=None,
         base_year=None, base_note="", note="", value_text=""):
    """An Appendix 01 §II row: one target (2025 or 2030) with the row's stated baseline."""
    return dict(
        target_id=tid, province=LAI_CHAU, index=index, kind=kind, file=S002, section=_A01_II,
        anchor="PHỤ LỤC 01", quote=quote, value_low=low, value_high=high, value_text=value_text, unit=unit,
        target_year=year, baseline_value=base, baseline_value_high=base_high,
        baseline_year=base_year, baseline_note=base_note,
        note="; ".join(x for x in (_A01_NOTE, note) if x),
    )


TARGETS: list[dict] = [
    # ------------------------------------------------------------------ Lai Châu, PCI
    dict(
        target_id="laichau_pci_rank_2025_appendix01", province=LAI_CHAU, index="PCI",
        kind="rank_band", file=S002, section=_A01_I, anchor="PHỤ LỤC 01",
        quote="Chỉ số PCI | Năm 2020 xếp hạng 57/63 tỉnh, thành phố | Trong nhóm 45 - 55 tỉnh, thành phố",
        value_low="45", value_high="55", unit="rank (of 63)", target_year=2025,
        baseline_value="57", baseline_year="2020", conflict_group="laichau_pci_rank_2025",
        note="Appendix 01 says 45-55 for 2025; Part 3 §I.2.a says 50-55 (kept both). "
             "target_year from the column heading 'Chỉ tiêu phấn đấu đến năm 2025'",
    ),
    dict(
        target_id="laichau_pci_rank_2025_part3", province=LAI_CHAU, index="PCI",
        kind="rank_band", file=S002, section="Phần thứ 3, mục I.2.a (Giai đoạn 2021-2025)",
        quote="Đến năm 2025, Chỉ số PAR INDEX nằm trong nhóm 45-50, chỉ số PCI nằm trong nhóm 50- 55 của cả nước",
        value_low="50", value_high="55", unit="rank (of 63)", target_year="2025",
        baseline_value="57", baseline_year="2020",
        baseline_quote="Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) ở mức thấp, năm 2020 xếp hạng 57/63 tỉnh, thành phố",
        baseline_section="Phần 2, mục II.2 (Tồn tại, hạn chế)",
        conflict_group="laichau_pci_rank_2025",
        note="Part 3 §I.2.a says 50-55 for 2025; Appendix 01 says 45-55 (kept both)",
    ),
    dict(
        target_id="laichau_pci_rank_2030_appendix01", province=LAI_CHAU, index="PCI",
        kind="rank_band", file=S002, section=_A01_I, anchor="PHỤ LỤC 01",
        quote="Trong nhóm 45 - 55 tỉnh, thành phố | Trong nhóm 40 - 45 tỉnh, thành phố",
        value_low="40", value_high="45", unit="rank (of 63)", target_year=2030,
        baseline_value="57", baseline_year="2020",
        baseline_quote="Chỉ số PCI | Năm 2020 xếp hạng 57/63 tỉnh, thành phố",
        baseline_section=_A01_I,
        note="second target cell of the PCI row (column 'Chỉ tiêu định hướng đến năm 2030'); "
             "Part 3 §I.2.b (line 636) states the same band: 'Chỉ số PCI nằm trong nhóm 40-45 của cả nước'",
    ),
    dict(
        target_id="laichau_pci_rank_2019_baseline_seed003", province=LAI_CHAU, index="PCI",
        kind="baseline", file=S003, section="Chỉ thị 01-CT/TU, phần mở đầu",
        quote="kết quả Chỉ số PCI của tỉnh ở tốp cuối của cả nước (năm 2019 đứng ở vị trí 63/63 tỉnh, thành phố)",
        unit="rank (of 63)", baseline_value="63", baseline_year="2019",
        note="baseline only: the directive sets no numeric target; agrees with seed 002 Appendix 03 (2019 rank 63)",
    ),
    # ------------------------------------------------------------------ Lai Châu, PAR INDEX
    dict(
        target_id="laichau_par_index_rank_2025_appendix01", province=LAI_CHAU, index="PAR INDEX",
        kind="rank_band", file=S002, section=_A01_I, anchor="PHỤ LỤC 01",
        quote="Chỉ số PAR INDEX | Năm 2019 xếp hạng 51/63 tỉnh, thành phố | Trong nhóm 45 - 50 tỉnh, thành phố",
        value_low="45", value_high="50", unit="rank (of 63)", target_year=2025,
        baseline_value="51", baseline_year="2019",
        note="Part 3 §I.2.a (line 624) states the same band: 'Chỉ số PAR INDEX nằm trong nhóm 45-50'",
    ),
    dict(
        target_id="laichau_par_index_rank_2030_appendix01", province=LAI_CHAU, index="PAR INDEX",
        kind="rank_band", file=S002, section=_A01_I, anchor="PHỤ LỤC 01",
        quote="Trong nhóm 45 - 50 tỉnh, thành phố | Trong nhóm 32 - 40 tỉnh, thành phố",
        value_low="32", value_high="40", unit="rank (of 63)", target_year=2030,
        baseline_value="51", baseline_year="2019",
        baseline_quote="Chỉ số PAR INDEX | Năm 2019 xếp hạng 51/63 tỉnh, thành phố",
        baseline_section=_A01_I,
        note="Part 3 §I.2.b (line 635-636) states the same band: 'Chỉ số PAR INDEX nằm trong nhóm 32-40'",
    ),
    # ------------------------------------------------------------------ Lai Châu, Appendix 01 §II
    _a01("laichau_tthc_time_cut_2025", "cut in total processing time of reviewed procedures",
         "percentage",
         "Trung bình giai đoạn 2016-2020 cắt giảm được 20% (năm 2020 thực hiện cắt giảm TTHC qua rà soát trung bình đạt 32,6%) | Ít nhất 30%",
         2025, "30", None, "percent", base="20",
         base_note="average over 2016-2020; 2020 alone: 32,6%", note="'Ít nhất' = at least"),
    _a01("laichau_tthc_time_cut_2030", "cut in total processing time of reviewed procedures",
         "percentage", "Ít nhất 30% | Duy trì trên 30%", 2030, "30", None, "percent",
         note="'Duy trì trên 30%' = keep above 30%; baseline as in laichau_tthc_time_cut_2025"),
    _a01("laichau_online_level34_share_2025", "share of eligible procedures offered online at level 3-4",
         "percentage",
         "đạt 54,87% | 80% | 100%", 2025, "80", "80", "percent", base="54,87",
         base_note="'Hiện nay' (at the time of the scheme, 2021): 1.030 of 1.877 procedures"),
    _a01("laichau_online_level34_share_2030", "share of eligible procedures offered online at level 3-4",
         "percentage", "đạt 54,87% | 80% | 100%", 2030, "100", "100", "percent", base="54,87",
         base_note="'Hiện nay' (at the time of the scheme, 2021)"),
    _a01("laichau_level4_multi_device_2025", "share of level-4 online services on several devices incl. mobile",
         "percentage", "bao gồm cả thiết bị di động | 0% | 80% | 100%", 2025, "80", "80", "percent",
         base="0", base_note="result 2016-2020"),
    _a01("laichau_level4_multi_device_2030", "share of level-4 online services on several devices incl. mobile",
         "percentage", "bao gồm cả thiết bị di động | 0% | 80% | 100%", 2030, "100", "100", "percent",
         base="0", base_note="result 2016-2020"),
    _a01("laichau_deputies_per_rules_2025", "share of agencies with the regulated number of deputies",
         "percentage", "bố trí số lượng cấp phó đúng quy định. | 98,70% | 100% | 100%", 2025, "100", "100",
         "percent", base="98,70", base_note="result 2016-2020"),
    _a01("laichau_deputies_per_rules_2030", "share of agencies with the regulated number of deputies",
         "percentage", "bố trí số lượng cấp phó đúng quy định. | 98,70% | 100% | 100%", 2030, "100", "100",
         "percent", base="98,70", base_note="result 2016-2020"),
    _a01("laichau_commune_cadres_qualified_2025", "share of commune cadres (cán bộ) meeting qualification standards",
         "percentage", "Cán bộ đạt 97,7% và Công chức đạt 99,6% | 100% | 100%", 2025, "100", "100", "percent",
         base="97,7", base_note="cán bộ (elected cadres); result 2016-2020",
         note="the seed row covers cán bộ and công chức together; split because the baselines differ"),
    _a01("laichau_commune_cadres_qualified_2030", "share of commune cadres (cán bộ) meeting qualification standards",
         "percentage", "Cán bộ đạt 97,7% và Công chức đạt 99,6% | 100% | 100%", 2030, "100", "100", "percent",
         base="97,7", base_note="cán bộ (elected cadres); result 2016-2020",
         note="the seed row covers cán bộ and công chức together; split because the baselines differ"),
    _a01("laichau_commune_civil_servants_qualified_2025",
         "share of commune civil servants (công chức) meeting qualification standards",
         "percentage", "Cán bộ đạt 97,7% và Công chức đạt 99,6% | 100% | 100%", 2025, "100", "100", "percent",
         base="99,6", base_note="công chức (civil servants); result 2016-2020",
         note="the seed row covers cán bộ and công chức together; split because the baselines differ"),
    _a01("laichau_commune_civil_servants_qualified_2030",
         "share of commune civil servants (công chức) meeting qualification standards",
         "percentage", "Cán bộ đạt 97,7% và Công chức đạt 99,6% | 100% | 100%", 2030, "100", "100", "percent",
         base="99,6", base_note="công chức (civil servants); result 2016-2020",
         note="the seed row covers cán bộ and công chức together; split because the baselines differ"),
    _a01("laichau_self_financing_units_2025", "share of public service units covering their recurrent spending",
         "percentage", "tự đảm bảo chi thường xuyên | 10,37% | 17% | Duy trì 17%", 2025, "17", "17", "percent",
         base="10,37", base_note="result 2016-2020"),
    _a01("laichau_self_financing_units_2030", "share of public service units covering their recurrent spending",
         "percentage", "tự đảm bảo chi thường xuyên | 10,37% | 17% | Duy trì 17%", 2030, "17", "17", "percent",
         base="10,37", base_note="result 2016-2020", note="'Duy trì 17%' = keep 17%"),
    _a01("laichau_info_systems_connected_2025", "share of citizen/business information systems connected to the data platform",
         "percentage", "chia sẻ dữ liệu | 0% | 60% | 100%", 2025, "60", "60", "percent",
         base="0", base_note="result 2016-2020"),
    _a01("laichau_info_systems_connected_2030", "share of citizen/business information systems connected to the data platform",
         "percentage", "chia sẻ dữ liệu | 0% | 60% | 100%", 2030, "100", "100", "percent",
         base="0", base_note="result 2016-2020"),
    _a01("laichau_online_files_province_2025", "share of work files processed online, province level",
         "percentage",
         "35 % hồ sơ công việc tại tỉnh; 27% hồ sơ công việc tại cấp huyện; 0% hồ sơ công việc tại cấp xã. | 90% hồ sơ công việc tại tỉnh",
         2025, "90", "90", "percent", base="35", base_note="result 2016-2020"),
    _a01("laichau_online_files_district_2025", "share of work files processed online, district level",
         "percentage",
         "27% hồ sơ công việc tại cấp huyện; 0% hồ sơ công việc tại cấp xã. | 90% hồ sơ công việc tại tỉnh, 80% hồ sơ công việc tại cấp huyện",
         2025, "80", "80", "percent", base="27", base_note="result 2016-2020"),
    _a01("laichau_online_files_commune_2025", "share of work files processed online, commune level",
         "percentage",
         "0% hồ sơ công việc tại cấp xã. | 90% hồ sơ công việc tại tỉnh, 80% hồ sơ công việc tại cấp huyện và 60% hồ sơ công việc tại cấp xã.",
         2025, "60", "60", "percent", base="0", base_note="result 2016-2020"),
    _a01("laichau_online_files_province_2030", "share of work files processed online, province level",
         "percentage", "60% hồ sơ công việc tại cấp xã. | 100% hồ sơ công việc tại tỉnh", 2030, "100", "100",
         "percent", base=None, note="baseline 35% as in laichau_online_files_province_2025"),
    _a01("laichau_online_files_district_2030", "share of work files processed online, district level",
         "percentage", "100% hồ sơ công việc tại tỉnh, 90% hồ sơ công việc tại cấp huyện", 2030, "90", "90",
         "percent", note="baseline 27% as in laichau_online_files_district_2025"),
    _a01("laichau_online_files_commune_2030", "share of work files processed online, commune level",
         "percentage", "90% hồ sơ công việc tại cấp huyện và 70% hồ sơ công việc tại cấp xã.", 2030, "70", "70",
         "percent", note="baseline 0% as in laichau_online_files_commune_2025"),
    _a01("laichau_reports_on_reporting_system_2025", "share of periodic reports shared on the reporting information system",
         "percentage", "kết nối với Hệ thống thông tin báo cáo Chính phủ; | 0% | 80% | 100%", 2025, "80", "80",
         "percent", base="0", base_note="result 2016-2020"),
    _a01("laichau_reports_on_reporting_system_2030", "share of periodic reports shared on the reporting information system",
         "percentage", "kết nối với Hệ thống thông tin báo cáo Chính phủ; | 0% | 80% | 100%", 2030, "100", "100",
         "percent", base="0", base_note="result 2016-2020"),
    # ------------------------------------------------------------------ Điện Biên (seed 000)
    dict(
        target_id="dienbien_pci_subindex_change_2025", province=DIEN_BIEN, index="pci_subindex_each",
        kind="score_change_per_year", file=S000, section="I.2.2 Mục tiêu cụ thể đến năm 2025, (8)",
        quote="phấn đấu điểm số các chỉ số thành phần tăng bình quân 0,3 - 0,8 điểm/năm",
        value_low="0,3", value_high="0,8", unit="points per year (average, each sub-index)",
        target_year=2025, note="average yearly rise over 2021-2025; target_year from the heading 'đến năm 2025'",
    ),
    dict(
        target_id="dienbien_pci_tier_2025", province=DIEN_BIEN, index="PCI", kind="tier", file=S000,
        section="I.2.2 Mục tiêu cụ thể đến năm 2025, (8)", quote="PCI xếp hạng khá", value_text="Khá",
        unit="VCCI tier", target_year=2025,
        baseline_quote="ở nhóm khá và trung bình khá của cả nước",
        baseline_section=_DB_INTRO,
        baseline_note="2017-2020: 'nhóm khá và trung bình khá' (fairly good / average-good)",
    ),
    dict(
        target_id="dienbien_pci_region_top5_2025", province=DIEN_BIEN, index="PCI", kind="region_top_k",
        file=S000, section="I.2.2 Mục tiêu cụ thể đến năm 2025, (8)",
        quote="nằm trong tốp 5 tỉnh dẫn đầu khu vực miền núi phía Bắc", value_low=1, value_high="5",
        unit="rank within region", target_year=2025, region=NORTH_MOUNTAINS,
        baseline_quote="ở nhóm cao trong khu vực Trung du miền núi Bắc bộ",
        baseline_section=_DB_INTRO,
        baseline_note="2017-2020: in the high group of the region (no rank stated)",
        note="value_low 1 by convention for top-k; the seed's 'khu vực miền núi phía Bắc' read as the GSO "
             "region 'Trung du và miền núi phía Bắc'",
    ),
    dict(
        target_id="dienbien_pci_top40_2025", province=DIEN_BIEN, index="PCI", kind="top_k", file=S000,
        section="I.2.2 Mục tiêu cụ thể đến năm 2025, (8)",
        quote="thuộc nhóm 40 tỉnh đứng đầu bảng xếp hạng", value_low=1, value_high="40",
        unit="rank (of 63)", target_year=2025,
        baseline_value="46", baseline_value_high="48",
        baseline_quote="Chỉ số năng lực cạnh tranh của tỉnh trong giai đoạn từ 2017 đến nay đều được duy trì vị trí 46-48/63",
        baseline_section=_DB_INTRO,
        baseline_note="rank range over 2017 to 'nay' (the resolution, 2021): 2017-2020",
        note="value_low 1 by convention for top-k",
    ),
    dict(
        target_id="dienbien_pci_top35_2030", province=DIEN_BIEN, index="PCI", kind="top_k", file=S000,
        section="I.2.3 Định hướng đến năm 2030, (4)",
        quote="Chỉ số PCI giữ vững thứ hạng Khá, nằm trong nhóm 35 tỉnh, thành phố dẫn đầu cả nước",
        value_low=1, value_high="35", unit="rank (of 63)", target_year=2030,
        baseline_value="46", baseline_value_high="48",
        baseline_quote="Chỉ số năng lực cạnh tranh của tỉnh trong giai đoạn từ 2017 đến nay đều được duy trì vị trí 46-48/63",
        baseline_section=_DB_INTRO,
        baseline_note="rank range over 2017 to 'nay' (the resolution, 2021): 2017-2020",
        note="value_low 1 by convention for top-k",
    ),
    dict(
        target_id="dienbien_pci_tier_2030", province=DIEN_BIEN, index="PCI", kind="tier", file=S000,
        section="I.2.3 Định hướng đến năm 2030, (4)", quote="Chỉ số PCI giữ vững thứ hạng Khá",
        value_text="Khá", unit="VCCI tier", target_year=2030,
    ),
    dict(
        target_id="dienbien_online_share_2025", province=DIEN_BIEN,
        index="share of procedures done online (of files received)", kind="percentage", file=S000,
        section="I.2.2 Mục tiêu cụ thể đến năm 2025, (2)",
        quote="tỷ lệ người dân thực hiện các dịch vụ công trực tuyến và thực hiện thủ tục hành chính trên môi trường điện tử tối thiểu đạt 50% so với tổng số hồ sơ tiếp nhận",
        value_low="50", unit="percent", target_year=2025, note="'tối thiểu' = at least",
    ),
    dict(
        target_id="dienbien_online_share_2030", province=DIEN_BIEN,
        index="share of procedures done online (of files received)", kind="percentage", file=S000,
        section="I.2.3 Định hướng đến năm 2030, (1)",
        quote="thực hiện thủ tục hành chính trên môi trường điện tử tối thiểu đạt 55% so với tổng số hồ sơ tiếp",
        value_low="55", unit="percent", target_year=2030, note="'tối thiểu' = at least",
    ),
    dict(
        target_id="dienbien_enterprises_registered_2025", province=DIEN_BIEN,
        index="enterprises registered in the province", kind="count", file=S000,
        section="I.2.2 Mục tiêu cụ thể đến năm 2025, (4)",
        quote="Số lượng doanh nghiệp đăng ký thành lập trên địa bàn tỉnh khoảng 2.000 doanh nghiệp",
        value_low="2.000", value_high="2.000", unit="enterprises", target_year=2025,
        note="'khoảng' = about",
    ),
    dict(
        target_id="dienbien_enterprises_active_2025", province=DIEN_BIEN,
        index="enterprises in production and business", kind="count", file=S000,
        section="I.2.2 Mục tiêu cụ thể đến năm 2025, (4)",
        quote="trong đó doanh nghiệp hoạt động sản xuất, kinh doanh trên 1.800 doanh nghiệp",
        value_low="1.800", unit="enterprises", target_year=2025, note="'trên' = more than",
    ),
    dict(
        target_id="dienbien_enterprises_registered_2030", province=DIEN_BIEN,
        index="enterprises registered in the province", kind="count", file=S000,
        section="I.2.3 Định hướng đến năm 2030, (3)",
        quote="Số lượng doanh nghiệp đăng ký thành lập trên địa bàn tỉnh khoảng 2.700 doanh nghiệp",
        value_low="2.700", value_high="2.700", unit="enterprises", target_year=2030,
        note="'khoảng' = about",
    ),
    dict(
        target_id="dienbien_enterprises_active_2030", province=DIEN_BIEN,
        index="enterprises in production and business", kind="count", file=S000,
        section="I.2.3 Định hướng đến năm 2030, (3)",
        quote="trong đó doanh nghiệp hoạt động sản xuất, kinh doanh trên 2.300 doanh nghiệp",
        value_low="2.300", unit="enterprises", target_year=2030, note="'trên' = more than",
    ),
    dict(
        target_id="dienbien_par_index_rank_2020_baseline", province=DIEN_BIEN, index="PAR INDEX",
        kind="baseline", file=S000, section=_DB_INTRO,
        quote="năm 2020 đã đạt vị trí 25/63, tăng 38 bậc so với năm 2015",
        unit="rank (of 63)", baseline_value="25", baseline_year="2020",
        note="baseline only: the resolution sets no PAR INDEX target",
    ),
    dict(
        target_id="dienbien_sipas_baseline", province=DIEN_BIEN, index="SIPAS", kind="baseline",
        file=S000, section=_DB_INTRO,
        quote="(SIPAS) đạt tỷ lệ từ 80% trở lên", unit="percent satisfied", baseline_value="80",
        baseline_note="'từ 80% trở lên' = 80% or more, over 2016-2021 (no single year stated)",
        note="baseline only: the resolution sets no SIPAS target",
    ),
    # ------------------------------------------------------------------ Hà Tĩnh (seed 001)
    dict(
        target_id="hatinh_par_index_top10_2025", province=HA_TINH, index="PAR INDEX", kind="top_k",
        file=S001, section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="nằm trong nhóm 10 tỉnh, thành phố đứng đầu cả nước về Chỉ số cải cách hành chính (ParIndex)",
        value_low=1, value_high="10", unit="rank (of 63)", target_year=2025,
        baseline_value="16", baseline_year=2020,
        baseline_quote="Chỉ số CCHC (PAR INDEX) xếp thứ 16 (tăng 1 bậc so với năm 2016)",
        baseline_section="I (Tình hình và nguyên nhân): 'Các chỉ số liên quan đến CCHC năm 2020'",
        note="value_low 1 by convention for top-k; baseline_year from 'Các chỉ số liên quan đến CCHC năm 2020'",
    ),
    dict(
        target_id="hatinh_sipas_top10_2025", province=HA_TINH, index="SIPAS", kind="top_k", file=S001,
        section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="nằm trong nhóm 10 tỉnh, thành phố đứng đầu cả nước về Chỉ số cải cách hành chính (ParIndex), "
              "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS)",
        value_low=1, value_high="10", unit="rank (of 63)", target_year=2025,
        baseline_value="11", baseline_year=2020,
        baseline_quote="(SIPAS) xếp thứ 11 cả nước (năm 2016 Trung ương chưa tiến hành đánh giá SIPAS)",
        baseline_section="I (Tình hình và nguyên nhân): 'Các chỉ số liên quan đến CCHC năm 2020'",
        note="value_low 1 by convention for top-k; baseline_year from 'Các chỉ số liên quan đến CCHC năm 2020'",
    ),
    dict(
        target_id="hatinh_papi_top5_2025", province=HA_TINH, index="PAPI", kind="top_k", file=S001,
        section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="nhóm 05 tỉnh, thành phố, đứng đầu cả nước về Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
        value_low=1, value_high="05", unit="rank (of 63)", target_year=2025,
        baseline_value="5", baseline_year=2020,
        baseline_quote="(PAPI) xếp thứ 5 (dẫn đầu các tỉnh Bắc Trung Bộ từ năm 2016 lại nay)",
        baseline_section="I (Tình hình và nguyên nhân): 'Các chỉ số liên quan đến CCHC năm 2020'",
        note="value_low 1 by convention for top-k; baseline_year from 'Các chỉ số liên quan đến CCHC năm 2020'",
    ),
    dict(
        target_id="hatinh_pci_top20_2025", province=HA_TINH, index="PCI", kind="top_k", file=S001,
        section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="nhóm 20 tỉnh, thành phố đứng đầu cả nước về Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
        value_low=1, value_high="20", unit="rank (of 63)", target_year=2025,
        baseline_value="21", baseline_year="2020",
        baseline_quote="năm 2020 của tỉnh: Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) xếp thứ 21",
        baseline_section="I (Tình hình và nguyên nhân)",
        note="value_low 1 by convention for top-k",
    ),
    dict(
        target_id="hatinh_dti_top20_2025", province=HA_TINH, index="DTI", kind="top_k", file=S001,
        section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="nhóm 20 tỉnh, thành phố đứng đầu cả nước về Chỉ số năng lực cạnh tranh cấp tỉnh (PCI), "
              "Chỉ số chuyển đổi số cấp tỉnh (DTI)",
        value_low=1, value_high="20", unit="rank (of 63)", target_year=2025,
        note="value_low 1 by convention for top-k; the seed states no DTI baseline",
    ),
    dict(
        target_id="hatinh_e_government_top20_2025", province=HA_TINH, index="e-government ranking",
        kind="top_k", file=S001, section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="Phấn đấu đưa Hà Tĩnh nằm trong nhóm 20 tỉnh, thành phố đứng đầu của cả nước về chính phủ điện tử",
        value_low=1, value_high="20", unit="rank (of 63)", target_year=2025,
        note="value_low 1 by convention for top-k",
    ),
    dict(
        target_id="hatinh_tthc_satisfaction_2025", province=HA_TINH,
        index="satisfaction with administrative procedures", kind="percentage", file=S001,
        section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính đạt tối thiểu 90%",
        value_low="90", unit="percent", target_year=2025, note="'tối thiểu' = at least",
    ),
    dict(
        target_id="hatinh_land_construction_investment_satisfaction_2025", province=HA_TINH,
        index="satisfaction with land, construction and investment procedures", kind="percentage",
        file=S001, section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="mức độ hài lòng về giải quyết các thủ tục hành chính lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 85%",
        value_low="85", unit="percent", target_year=2025, note="'tối thiểu' = at least",
    ),
    dict(
        target_id="hatinh_self_financing_units_2025", province=HA_TINH,
        index="share of public service units covering their recurrent spending", kind="percentage",
        file=S001, section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="Phấn đấu 20% đơn vị sự nghiệp công lập tự đảm bảo chi thường xuyên",
        value_low="20", value_high="20", unit="percent", target_year=2025,
    ),
    dict(
        target_id="hatinh_enterprises_2025", province=HA_TINH, index="enterprises in the province",
        kind="count", file=S001, section="II.2.2 Chỉ tiêu chủ yếu đến năm 2025",
        quote="phấn đấu đến năm 2025 toàn tỉnh có trên 15.000 doanh nghiệp",
        value_low="15.000", unit="enterprises", target_year="2025", note="'trên' = more than",
    ),
]

# Quảng Ninh (seed 004): one "stay in the lead" target per index, stated once for all four.
_QN_QUOTE = ("lần đầu tiên tỉnh Quảng Ninh đưa mục tiêu hàng năm giữ vững vị trí nhóm đầu cả nước "
             "về các chỉ số PCI, PAR Index, SIPAS, PAPI")
_QN_BASE = ("tỉnh duy nhất cả nước có 2 lần dẫn đầu đồng thời cả 4 chỉ số PCI, SIPAS, PAR-Index, PAPI "
            "(năm 2020, năm 2022)")
_QN_RECORD = {
    "PCI": "6 năm liên tiếp dẫn đầu chỉ số PCI",
    "PAR INDEX": "4 năm liên tiếp dẫn đầu chỉ số SIPAS, chỉ số PAR-Index",
    "SIPAS": "4 năm liên tiếp dẫn đầu chỉ số SIPAS, chỉ số PAR-Index",
    "PAPI": "2 năm dẫn đầu chỉ số PAPI",
}
for _index, _record in _QN_RECORD.items():
    TARGETS.append(dict(
        target_id=f"quangninh_{_index.lower().replace(' ', '_')}_keep_first",
        province=QUANG_NINH, index=_index, kind="keep_first", file=S004,
        section="bài báo, đoạn 2 (mục tiêu Đại hội XV, Nghị quyết 05-NQ/TU)",
        quote=_QN_QUOTE, unit="rank (of 63)", target_year=2025,
        baseline_value=1, baseline_year="2022", baseline_quote=_QN_BASE,
        baseline_section="bài báo, đoạn 3 (kết quả 3 năm)",
        baseline_note=f"led in 2020 and 2022; record: '{_record}'",
        note="every year ('hàng năm') of the 2020-2025 term; target_year 2025 = end of the term. "
             "The seed says 'vị trí nhóm đầu' (the leading group) without a size; read as keeping first "
             "place (Quảng Ninh led all four in 2020 and 2022). baseline_value 1 = 'dẫn đầu' (led)",
    ))
