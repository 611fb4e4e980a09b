# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · So sánh các tỉnh / Comparing provinces
#
# <!-- vi -->
# Lai Châu, Điện Biên, Hà Tĩnh và Quảng Ninh (hoặc các tỉnh trong tham số `provinces`) đứng
# ở đâu trong PCI, và so với ai? Trang này đặt các tỉnh vào toàn cảnh cả nước của năm gần
# nhất có đủ mọi tỉnh, trong vùng GSO của mình, cạnh các tỉnh có cùng xuất phát điểm và cạnh
# tỉnh cao nhất ở từng chỉ số thành phần; theo dõi thứ hạng qua các năm; đặt PCI cạnh khảo
# sát quản trị PAPI; và đối chiếu các thứ hạng mà tài liệu gốc nêu với dữ liệu. Mọi con số được
# tính bằng `analysis.analyses.compare` từ `data/` (hạng 1 = tốt nhất; phân vị = hạng / số tỉnh được
# xếp hạng).
# <!-- en -->
# Where do Lai Châu, Điện Biên, Hà Tĩnh and Quảng Ninh stand in the PCI, and against whom?
# This notebook places them in the national cross-section of the latest year with every
# province, within their GSO region, against peers that started from a similar score, and
# against the best province on each sub-index; follows their ranks over time; relates the
# PCI to the PAPI governance survey; and checks the ranks the seed documents state against
# the data. Every number below is computed by `analysis.analyses.compare` from `data/`; see that
# module for the definitions (rank 1 = best; percentile = rank / number of provinces ranked).

# %% tags=["parameters"]
provinces = ["Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"]
year = None  # None: the latest year with a full cross-section of provinces
base_year = None  # None: the first year of the weights in force in `year` (2013 for 2018, 2022 for 2023)
lang = "vi"  # "vi", "en" or "both"
map = "both"  # "63": the provinces as ranked; "34" or "both": also place them among the 34 units of the 2025 map

# %%
from IPython.display import display

import analysis
from analysis.analyses import compare, standing34
from analysis.core.prose import Prose
from analysis.data import catalog, maps
from analysis.outputs import reader
from analysis.outputs.charts import compare as charts
from analysis.outputs.narrative import compare as narrative

T = Prose(lang)
reader.install(lang)  # every table on the page: headers, codes and numbers in the run's language
chart_lang = catalog.chart_language(lang)  # figures: the run's language (Vietnamese in a bilingual run)

panel = analysis.load_pci()
papi, papi_dims = analysis.load_papi(), analysis.load_papi_dimensions()
provinces = [analysis.resolve_province(p).name for p in provinces]
year = compare.latest_full_year(panel) if year is None else int(year)
base_year = compare.default_base_year(year) if base_year is None else int(base_year)
pci_year = panel[panel["year"] == year]
T.show(narrative.year_note(T, panel, year, base_year))

# %% [markdown]
# ## 1. Toàn cảnh cả nước / The national cross-section
# <!-- vi -->
# Điểm tổng hợp và các chỉ số thành phần của mọi tỉnh trong năm so sánh, với thứ hạng, số tỉnh
# được xếp hạng (n), phân vị (hạng / n: nhỏ là tốt) và nhóm xếp loại công bố. Bảng đầy đủ (mọi
# tỉnh × mười chỉ số) được lưu thành bảng báo cáo.
# <!-- en -->
# Every province's composite and sub-indices in the comparison year, with rank, number of
# provinces ranked (n), percentile (rank / n: small is good) and the published tier. The
# full table (all provinces × ten sub-indices) is saved as a report table.

# %%
xs = compare.cross_section(panel, year)
xs_wide = compare.cross_section(panel, year, wide=True)
src_xs = compare.describe_sources(pci_year[pci_year["indicator"].isin(catalog.INDICATORS)], regions=True)
analysis.save_table(
    xs_wide,
    f"02_cross_section_{year}",
    description=f"PCI {year}: every province's composite and sub-indices with rank, percentile "
    "(rank / n), published tier and GSO region",
    source=src_xs,
)
xs_wide.set_index("province").loc[provinces, ["region", "pci", "pci_rank", "pci_pct", "tier"]]

# %%
if map != "34":  # a run on the 34-unit map ranks the units below instead
    fig = charts.ranked_dots(xs, provinces, lang=chart_lang)
    analysis.save_figure(fig, f"02_ranked_{year}", source=src_xs)

# %% [markdown]
# ## 1b. Trong 34 đơn vị hành chính từ 2025 / Among the 34 units of the 2025 map
# <!-- vi -->
# Từ 1/7/2025, 63 tỉnh, thành phố hợp nhất thành 34 đơn vị (Nghị quyết 202/2025/QH15; danh sách
# trong `data/province_units_2025.csv`). Điểm lịch sử của một đơn vị hợp nhất là bình quân các tỉnh
# thành viên, trọng số theo dân số 2016 (`gso_covariates.xlsx`, sheet `2016`, cột C; loại *tổng hợp*),
# xếp hạng trong 34 đơn vị. Vùng của đơn vị hợp nhất là vùng GSO của tỉnh mang tên đơn vị. Các đơn vị
# không đổi (cả bốn tỉnh của tài liệu gốc) giữ nguyên chuỗi số liệu của mình.
# <!-- en -->
# On 1 July 2025 the 63 provinces became 34 units (Resolution 202/2025/QH15; membership in
# `data/province_units_2025.csv`, built from `../shared/data/provinces/province_merger_2025.csv`).
# The history of a merged unit is the population-weighted mean of its members' scores (2016
# population, `gso_covariates.xlsx` sheet `2016` column C; kind *aggregated*), ranked among the 34.
# A merged unit's region is the GSO region of the member whose name it took; the members' own
# regions are listed beside it. Unchanged units (all four seed provinces) keep their own series.

# %%
on_34_units = None
if map in ("34", "both"):
    p34 = maps.load_pci_34()
    if year not in set(p34["year"]):
        T.show(narrative.no_34_history_note(T, p34, year, maps.PANEL_34_TABLE))
    else:
        xs34, focus34, moved = standing34.standing_among_34(panel, p34, provinces, year)
        on_34_units = (xs34, focus34)
        display(
            focus34[["province", "change", "members", "region", "members_regions", "score", "rank", "n", "percentile"]]
        )
        T.show(narrative.map34_note(T, xs34, moved, year))
        fig = charts.ranked_dots(xs34, provinces, lang=chart_lang)
        analysis.save_figure(fig, f"02_ranked_34_{year}", source=compare.sources_34(pci_year))

# %% [markdown]
# ## 2. Trong vùng / Within the region
# <!-- vi -->
# Vùng kinh tế – xã hội (GSO) của mỗi tỉnh, vị trí của tỉnh trong vùng (theo điểm tổng hợp) và
# thứ hạng cả nước. Tỉnh nào đặt mục tiêu về vị trí trong vùng (như Điện Biên, tài liệu gốc 000), phần tóm
# tắt so sánh mục tiêu đó với dữ liệu.
# <!-- en -->
# The GSO socio-economic region of each province, its place among that region's provinces
# (by composite score) and its national rank. Where a province has set itself a target for its place
# within its region (Điện Biên, seed 000), the findings at the end compare it with the data.

# %%
rr = compare.region_ranks(panel, provinces, year)
analysis.save_table(
    rr,
    f"02_region_ranks_{year}",
    description=f"PCI {year}: each focus province's rank within its GSO region and nationally",
    source=src_xs,
)
rr

# %%
# every focus province that set itself a target for its place within its region (seed 000: Điện Biên)
region_targets = compare.region_targets(analysis.load_targets(), provinces)
for p_ in region_targets["province"].unique():
    reg_ = compare.region_rank(panel, p_, year)  # the province itself marked ◀ (not a True/False column)
    reg_["province"] = reg_["province"].where(~reg_["is_focus"], reg_["province"] + " ◀")
    display(reg_[["province", "score", "national_rank", "region_rank", "n_region"]])

# %% [markdown]
# ## 3. Nhóm so sánh / Peers
# <!-- vi -->
# Hai nhóm so sánh cho mỗi tỉnh: các tỉnh cùng vùng, và năm tỉnh có điểm tổng hợp gần nhất với
# tỉnh trong năm gốc (cùng xuất phát điểm); kết quả là vị trí của tỉnh trong nhóm theo từng
# năm (vị trí 1 = tốt nhất nhóm).
# <!-- en -->
# Two peer groups for each province: its region, and the five provinces whose composite was
# closest to its own in the base year (similar start); the table shows where the province
# stands among them year by year (place 1 = best of the group).

# %%
peer_table = compare.peer_table(panel, provinces, base_year, year, k=5)
analysis.save_table(
    peer_table,
    f"02_peers_{base_year}_{year}",
    description=f"Each focus province against its region and its five closest provinces in "
    f"{base_year}: composite, peer median and place in the group, {base_year} and {year}",
    source=compare.describe_sources(compare.composite_rows(panel, [base_year, year]), regions=True),
)
peer_table

# %% [markdown]
# ## 4. Khoảng cách tới tỉnh dẫn đầu, theo từng chỉ số / Distance to the frontier, sub-index by sub-index
# <!-- vi -->
# Với mỗi chỉ số thành phần: 100 × (điểm − thấp nhất) / (cao nhất − thấp nhất) trong các tỉnh
# năm đó; 100 là tỉnh cao nhất, 0 là tỉnh thấp nhất. Biểu đồ radar so điểm với trung vị cả
# nước và tỉnh cao nhất; bản đồ nhiệt cho phân vị của mọi tỉnh ở từng chỉ số, xếp theo điểm
# tổng hợp.
# <!-- en -->
# For each sub-index, 100 × (score − worst) / (best − worst) among the provinces that year:
# 100 is the best province, 0 the worst. The radar shows the scores themselves against the
# national median and the best; the heatmap shows every province's percentile on each
# sub-index, ordered by composite.

# %%
dtf_focus = compare.frontier_table(panel, provinces, year, lang)
analysis.save_table(
    dtf_focus.round(1).reset_index(names="sub_index"),
    f"02_distance_to_frontier_{year}",
    description=f"PCI {year}: distance to the frontier (100 = best province, 0 = worst) per sub-index",
    source=src_xs,
)
dtf_focus.round(1)

# %%
fig = charts.subindex_radar(xs, provinces, lang=chart_lang)
analysis.save_figure(fig, f"02_radar_{year}", source=src_xs)
fig = charts.percentile_heatmap(xs, provinces, lang=chart_lang)
analysis.save_figure(fig, f"02_heatmap_{year}", source=src_xs)

# %% [markdown]
# ## 5. Thứ hạng qua các năm / Ranks over time
# <!-- vi -->
# Thứ hạng tổng hợp công bố của mỗi năm có trong dữ liệu. Số tỉnh được xếp hạng thay đổi theo
# năm (ghi phía trên biểu đồ); điểm rỗng là thứ hạng lấy từ tài liệu của tỉnh, không phải từ
# tệp của VCCI. Nét đứt là các lần đổi phương pháp.
# <!-- en -->
# The published composite rank every year the data holds. The number of provinces ranked
# changes over the years (shown above the chart, per year); a hollow marker is a rank taken
# from a provincial document rather than a VCCI workbook. Dashed lines mark methodology breaks.

# %%
if map == "34":  # ranks among the 34 units of the 2025 map, back in time
    fig = charts.rank_bump(p34, provinces, lang=chart_lang)
    analysis.save_figure(fig, "02_rank_bump_34", source=compare.sources_34(compare.composite_rows(panel)))
else:
    fig = charts.rank_bump(panel, provinces, lang=chart_lang)
    analysis.save_figure(
        fig, "02_rank_bump", source=compare.describe_sources(compare.composite_rows(panel, provinces=provinces))
    )

# %% [markdown]
# ## 6. Ai thay đổi: từ năm gốc đến năm so sánh / Who moved: base year to comparison year
# <!-- vi -->
# Thay đổi phân vị (dương = đi lên), thứ hạng và điểm của mọi tỉnh giữa năm gốc và năm so
# sánh; các tỉnh thay đổi nhiều nhất cả nước và các tỉnh đang xét.
# <!-- en -->
# Change in percentile (positive = moved up), rank and score for every province between the
# base year and the comparison year; the biggest movers nationally and the focus provinces.

# %%
mob = compare.rank_mobility(panel, base_year, year)
movers = compare.biggest_movers(mob, n=5)
analysis.save_table(
    movers,
    f"02_movers_{base_year}_{year}",
    description=f"The five biggest risers and fallers in PCI percentile, {base_year} to {year}",
    source=compare.describe_sources(compare.composite_rows(panel, [base_year, year])),
)
cols = ["province", "rank_first", "rank_last", "rank_change", "pct_change", "score_first", "score_last", "score_change"]
display(movers[["direction", *cols]])
mob[mob["province"].isin(provinces)].set_index("province").loc[provinces, cols[1:]]

# %% [markdown]
# ## 7. Các vùng qua các năm / Regions over time
# <!-- vi -->
# Điểm tổng hợp của mọi tỉnh theo vùng, mỗi năm đủ số liệu: hộp là nửa giữa các tỉnh trong
# vùng, vạch trong hộp là trung vị. Điểm so sánh được trong cùng một giai đoạn phương pháp,
# không qua nét đứt.
# <!-- en -->
# Composite scores of every province by region, each full year: the box is the middle half
# of the region's provinces, the line inside the median. Scores are comparable within a
# methodology period, not across a dashed line.

# %%
years_full = compare.full_years(panel)
fig = charts.region_boxes(panel, years_full, provinces, lang=chart_lang)
analysis.save_figure(
    fig, "02_region_boxes", source=compare.describe_sources(compare.composite_rows(panel, years_full), regions=True)
)

# %% [markdown]
# ## 8. PCI và PAPI / PCI and PAPI
# <!-- vi -->
# PAPI đo quản trị và hành chính công theo trải nghiệm của người dân; PCI đo môi trường kinh
# doanh theo trải nghiệm của doanh nghiệp. Giữa các tỉnh, trong năm gần nhất cả hai cùng có:
# hệ số tương quan Pearson giữa PCI tổng hợp (và từng chỉ số thành phần) với từng trục chính
# của PAPI, kèm n và khoảng tin cậy 95% (Fisher z).
# <!-- en -->
# PAPI measures governance and public administration as citizens experience them; the PCI
# measures the business environment as firms experience it. Across provinces, for the latest
# year both cover: Pearson correlation between the PCI composite (and each sub-index) and
# each main PAPI dimension, with n and a 95% confidence interval (Fisher z).

# %%
papi_year = compare.common_year(panel, papi)
corr = compare.pci_papi_table(panel, papi, papi_dims, papi_year)
analysis.save_table(
    corr,
    f"02_pci_papi_correlation_{papi_year}",
    description=f"Correlation across provinces between PCI {papi_year} (composite and sub-indices) "
    f"and each PAPI {papi_year} main dimension: Pearson r, 95% CI (Fisher z), n, Spearman rho",
    source=compare.pci_papi_sources(panel, papi, papi_year, catalog.INDICATORS),
)
corr[corr["indicator"] == "pci"][["dimension_name", "n", "pearson_r", "ci_low", "ci_high", "spearman_rho"]].round(2)

# %%
fig = charts.pci_papi_scatter(
    panel, papi, papi_year, provinces, lang=chart_lang, dimensions=papi_dims, correlation=corr
)
analysis.save_figure(
    fig, f"02_pci_papi_{papi_year}", source=compare.pci_papi_sources(panel, papi, papi_year, regions=True)
)
papi_missing = charts.missing_from_pairs(compare.pci_papi_pairs(panel, papi, papi_year), provinces)
if note := narrative.papi_missing_note(T, papi_missing, papi_year):
    T.show(note)

# %% [markdown]
# ## 9. Các tài liệu gốc nói gì, đối chiếu với dữ liệu / What the seed documents say, checked against the data
# <!-- vi -->
# Mỗi thứ hạng một tài liệu gốc nêu, mỗi năm một dòng, kèm nguyên văn trích dẫn và số dòng.
# «không có trong dữ liệu» nghĩa là cả tệp của VCCI lẫn bảng từ tài liệu gốc đều không cho
# thứ hạng của tỉnh năm đó. Dòng có loại nguồn số liệu là «Văn bản của tỉnh» là đối chiếu giữa hai
# tài liệu, không phải với VCCI.
# <!-- en -->
# Each rank a seed document states, one row per year, with the verbatim quote and its line.
# "not covered by the data" means neither a VCCI workbook nor a seed table gives that
# province's rank that year. A row whose source kind of the data is "province's own document" checks one
# document against another, not against VCCI.

# %%
facts = compare.check_seed_facts(panel)
analysis.save_table(
    facts,
    "02_seed_fact_check",
    source=compare.seed_facts_sources(panel, facts),
    description="Ranks stated in the seed documents, per year, against the ranks in the data "
    "(agree / disagree / not covered by the data)",
)
facts[["province", "year", "expected", "data_rank", "status", "data_source_kind", "file", "line", "quote"]]

# %% [markdown]
# ## Tóm tắt / What this shows

# %% tags=["summary"]
T.show(
    narrative.summary_lines(
        T,
        year=year,
        base_year=base_year,
        provinces=provinces,
        cross_section=xs_wide,
        region_ranks=rr,
        mobility=mob,
        movers=movers,
        frontier=dtf_focus,
        facts=facts,
        region_targets=region_targets,
        correlation=corr,
        papi_year=papi_year,
        papi_missing=papi_missing,
        map34=on_34_units if map == "34" else None,
    )
)
