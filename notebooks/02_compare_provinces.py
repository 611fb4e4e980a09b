# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · So sánh các tỉnh / Comparing provinces
#
# <!-- vi -->
# Lai Châu, Điện Biên, Hà Tĩnh và Quảng Ninh (hoặc các tỉnh trong tham số `provinces`) đứng
# ở đâu trong PCI, và so với ai? Notebook này đặt các tỉnh vào toàn cảnh cả nước của năm gần
# nhất có đủ mọi tỉnh, trong vùng GSO của mình, cạnh các tỉnh có cùng xuất phát điểm và cạnh
# tỉnh cao nhất ở từng chỉ số thành phần; theo dõi thứ hạng qua các năm; đặt PCI cạnh khảo
# sát quản trị PAPI; và đối chiếu các thứ hạng mà tài liệu gốc nêu với dữ liệu. Mọi con số được
# tính bằng `analysis.compare` từ `data/` (hạng 1 = tốt nhất; phân vị = hạng / số tỉnh được
# xếp hạng).
# <!-- en -->
# Where do Lai Châu, Điện Biên, Hà Tĩnh and Quảng Ninh stand in the PCI, and against whom?
# This notebook places them in the national cross-section of the latest year with every
# province, within their GSO region, against peers that started from a similar score, and
# against the best province on each sub-index; follows their ranks over time; relates the
# PCI to the PAPI governance survey; and checks the ranks the seed documents state against
# the data. Every number below is computed by `analysis.compare` from `data/`; see that
# module for the definitions (rank 1 = best; percentile = rank / number of provinces ranked).

# %% tags=["parameters"]
provinces = ["Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"]
year = None  # None: the latest year with a full cross-section of provinces
base_year = None  # None: the first year of the methodology in force in `year` (2013 for 2018)
lang = "vi"  # "vi", "en" or "both"
map = "both"  # "63": the provinces as ranked; "34" or "both": also place them among the 34 units of the 2025 map

# %%
import pandas as pd
from IPython.display import Markdown, display

import analysis
from analysis import catalog, compare, maps
from analysis.charts import compare as charts
from analysis.prose import Prose

T = Prose(lang)
chart_lang = catalog.chart_language(lang)  # figures: the run's language (Vietnamese in a bilingual run)

panel = analysis.load_pci()
papi = analysis.load_papi()
papi_dims = analysis.load_papi_dimensions()
provinces = [analysis.resolve_province(p).name for p in provinces]
year = compare.latest_full_year(panel) if year is None else int(year)
base_year = (max(b.year for b in catalog.methodology_breaks(None, year)) if base_year is None else int(base_year))
later = compare.years_after_full(panel)
pci_year = panel[panel["year"] == year]


n_year = compare.composite_counts(panel)[year]
later_txt = "; ".join(f"{r.provinces} ({r.year}, {r.source_kinds})" for r in later.itertuples())
T.show(T(
    f"**Năm so sánh: {year}**, năm gần nhất mọi tỉnh đều có điểm PCI ({n_year} tỉnh, "
    f"{compare.describe_sources(pci_year)}). "
    + (f"Các năm sau chỉ có {later_txt}: một tỉnh riêng lẻ không đặt được vào toàn cảnh cả nước, nên các năm "
       "này chỉ xuất hiện trong biểu đồ thứ hạng và phần đối chiếu tài liệu gốc. " if len(later) else "")
    + f"**Năm gốc: {base_year}**, năm đầu của phương pháp áp dụng cho {year} (giai đoạn "
    f"{catalog.methodology_period(year)}), nên điểm từ {base_year} đến {year} cùng một thang đo.",
    f"**Year compared: {year}**, the latest year in which every province has a PCI score "
    f"({n_year} provinces, {compare.describe_sources(pci_year)}). "
    + (f"Later years hold only {later_txt}: a single province cannot be placed in a cross-section, so those "
       "years appear only in the rank chart and the seed-fact check. " if len(later) else "")
    + f"**Base year: {base_year}**, the first year of the methodology in force in {year} "
    f"(period {catalog.methodology_period(year)}), so scores from {base_year} to {year} are on one scale."))

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
analysis.save_table(xs_wide, f"02_cross_section_{year}",
                    description=f"PCI {year}: every province's composite and sub-indices with rank, percentile "
                                "(rank / n), published tier and GSO region", source=src_xs)
focus = xs_wide[xs_wide["province"].isin(provinces)].set_index("province").loc[provinces]
focus[["region", "pci", "pci_rank", "pci_pct", "tier"]]

# %%
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
p34 = maps.load_pci_34() if map in ("34", "both") else None
if p34 is not None and year not in set(p34["year"]):
    display(Markdown(f"No 34-unit history for {year} in `data/{maps.PANEL_34_TABLE}` (it holds "
                     f"{p34['year'].min()}–{p34['year'].max()}); rebuild it with `python -m analysis build-map34`."))
elif p34 is not None:
    xs34, focus34, moved = maps.standing_among_34(panel, p34, provinces, year)
    display(focus34[["province", "change", "members", "region", "members_regions", "score", "rank", "n",
                     "percentile"]])
    display(Markdown(
        f"In {year}, {len(xs34)} units are ranked; {int((xs34['source_kind'] == 'aggregated').sum())} of them "
        "merged units with an aggregated score. "
        + (f"With equal instead of population weights, {moved['units_moved']} of {moved['units']} units would "
           f"change rank in {year} (at most by {moved['max_abs_shift']} places; Spearman {moved['spearman']:.3f}); "
           f"over {moved['first_year']}–{moved['last_year']} the largest shift is {moved['largest_shift']} places."
           if moved else "")))
    src_34 = (f"{compare.describe_sources(pci_year)}; aggregated to the 34 units of Resolution 202/2025/QH15 "
              f"({maps.UNITS_TABLE}), weights: population 2016, {maps.POPULATION_FILE} sheet {maps.POPULATION_SHEET}")
    fig = charts.ranked_dots(xs34, provinces, lang=chart_lang)
    analysis.save_figure(fig, f"02_ranked_34_{year}", source=src_34)

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
analysis.save_table(rr, f"02_region_ranks_{year}",
                    description=f"PCI {year}: each focus province's rank within its GSO region and nationally",
                    source=src_xs)
rr

# %%
# every focus province that set itself a target for its place within its region (seed 000: Điện Biên)
targets = analysis.load_targets()
region_targets = targets[targets["province"].isin(provinces) & (targets["kind"] == "region_top_k")]
for p_ in region_targets["province"].unique():
    display(compare.region_rank(panel, p_, year)[["province", "score", "national_rank", "region_rank", "n_region",
                                                  "is_focus"]])

# %% [markdown]
# ## 3. Nhóm so sánh / Peers
# <!-- vi -->
# Hai nhóm so sánh cho mỗi tỉnh: các tỉnh cùng vùng, và năm tỉnh có điểm tổng hợp gần nhất với
# tỉnh trong năm gốc (cùng xuất phát điểm); kết quả là vị trí của tỉnh trong nhóm theo từng
# năm (vị trí 1 = tốt nhất nhóm).
# <!-- en -->
# Three peer groups for each province: its region, the five provinces whose composite was
# closest to its own in the base year (similar start), and the result: where the province
# stands among them year by year (place 1 = best of the group).

# %%
peer_rows = []
for p in provinces:
    groups = {
        "region": compare.region_peers(panel, p, year),
        f"similar start {base_year}": compare.similar_start_peers(panel, p, base_year, k=5),
    }
    for name, peers in groups.items():
        pc = compare.peer_comparison(panel, p, peers)
        for y in (base_year, year):
            r = pc[pc["year"] == y]
            if len(r):
                r = r.iloc[0]
                peer_rows.append({"province": p, "peer_group": name, "year": y,
                                  "peers": ", ".join(peers["province"]), "score": r["score"],
                                  "peer_median": r["peer_median"], "place": r["place"],
                                  "group_size": r["group_size"]})
peer_table = pd.DataFrame(peer_rows).astype({"place": "Int64", "group_size": "Int64"})
src_peers = compare.describe_sources(panel[panel["year"].isin([base_year, year]) & (panel["indicator"] == "pci")],
                                     regions=True)
analysis.save_table(peer_table, f"02_peers_{base_year}_{year}",
                    description=f"Each focus province against its region and its five closest provinces in "
                                f"{base_year}: composite, peer median and place in the group, {base_year} and {year}",
                    source=src_peers)
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
dtf = compare.distance_to_frontier(panel, year)
dtf_focus = (dtf[dtf["province"].isin(provinces)]
             .pivot(index="indicator", columns="province", values="distance")
             .reindex(index=[c for c in catalog.SUBINDICES if c in set(dtf["indicator"])], columns=provinces))
dtf_focus.index = [catalog.indicator_label(c, lang) for c in dtf_focus.index]
analysis.save_table(dtf_focus.round(1).reset_index(names="sub_index"), f"02_distance_to_frontier_{year}",
                    description=f"PCI {year}: distance to the frontier (100 = best province, 0 = worst) per sub-index",
                    source=src_xs)
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
comp_all = panel[(panel["indicator"] == "pci") & panel["province"].isin(provinces)]
fig = charts.rank_bump(panel, provinces, lang=chart_lang)
analysis.save_figure(fig, "02_rank_bump", source=compare.describe_sources(comp_all))

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
src_mob = compare.describe_sources(panel[panel["year"].isin([base_year, year]) & (panel["indicator"] == "pci")])
analysis.save_table(movers, f"02_movers_{base_year}_{year}",
                    description=f"The five biggest risers and fallers in PCI percentile, {base_year} to {year}",
                    source=src_mob)
cols = ["province", "rank_first", "rank_last", "rank_change", "pct_change", "score_first", "score_last", "score_change"]
display(movers[["direction", *cols]])
mob_focus = mob[mob["province"].isin(provinces)].set_index("province").loc[provinces]
mob_focus[cols[1:]]

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
analysis.save_figure(fig, "02_region_boxes", source=compare.describe_sources(
    panel[panel["year"].isin(years_full) & (panel["indicator"] == "pci")], regions=True))

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
papi_main = compare.papi_main_dimensions(papi)
papi_y = papi_main[papi_main["year"] == papi_year]
corr = compare.pci_papi_correlation(panel, papi, papi_year, indicators=catalog.INDICATORS)
names = papi_dims.set_index("dimension")["name_en"]
corr.insert(3, "dimension_name", corr["dimension"].map(names))
src_papi = "; ".join([compare.describe_sources(panel[(panel["year"] == papi_year) & panel["indicator"].isin(
    catalog.INDICATORS)]), compare.describe_sources(papi=papi_y)])
analysis.save_table(corr, f"02_pci_papi_correlation_{papi_year}",
                    description=f"Correlation across provinces between PCI {papi_year} (composite and sub-indices) "
                                f"and each PAPI {papi_year} main dimension: Pearson r, 95% CI (Fisher z), n, Spearman rho",
                    source=src_papi)
corr_comp = corr[corr["indicator"] == "pci"]
corr_comp[["dimension_name", "n", "pearson_r", "ci_low", "ci_high", "spearman_rho"]].round(2)

# %%
fig = charts.pci_papi_scatter(panel, papi, papi_year, provinces, lang=chart_lang, dimensions=papi_dims)
analysis.save_figure(fig, f"02_pci_papi_{papi_year}", source="; ".join([
    compare.describe_sources(panel[(panel["year"] == papi_year) & (panel["indicator"] == "pci")]),
    compare.describe_sources(papi=papi_y), "regions: GSO (gso_covariates.xlsx, sheet 2006)"]))

# %% [markdown]
# ## 9. Các tài liệu gốc nói gì, đối chiếu với dữ liệu / What the seed documents say, checked against the data
# <!-- vi -->
# Mỗi thứ hạng một tài liệu gốc nêu, mỗi năm một dòng, kèm nguyên văn trích dẫn và số dòng.
# «not covered by the data» nghĩa là cả tệp của VCCI lẫn bảng từ tài liệu gốc đều không cho
# thứ hạng của tỉnh năm đó. Dòng có nguồn dữ liệu chính là một tài liệu gốc
# (`data_source_kind` «seed») là đối chiếu giữa hai tài liệu, không phải với VCCI.
# <!-- en -->
# Each rank a seed document states, one row per year, with the verbatim quote and its line.
# "not covered by the data" means neither a VCCI workbook nor a seed table gives that
# province's rank that year. A row whose data source is itself a seed document
# (`data_source_kind` "province_document") checks one document against another, not against VCCI.

# %%
facts = compare.check_seed_facts(panel)
analysis.save_table(facts, "02_seed_fact_check",
                    description="Ranks stated in the seed documents, per year, against the ranks in the data "
                                "(agree / disagree / not covered by the data)",
                    source="seed documents " + ", ".join(sorted(facts["file"].unique()))
                           + "; " + compare.describe_sources(panel[(panel["indicator"] == "pci") & panel["province"].isin(
                               facts["province"]) & panel["year"].isin(facts["year"])]))
facts[["province", "year", "expected", "data_rank", "status", "data_source_kind", "file", "line", "quote"]]

# %% [markdown]
# ## Tóm tắt / What this shows

# %% tags=["summary"]
lines = []
top = xs_wide.iloc[0]
lines.append(T(f"- Năm {year}, tỉnh dẫn đầu là **{top['province']}** ({top['pci']:.2f}); {xs_wide['pci'].count()} tỉnh "
               f"được xếp hạng.",
               f"- In {year} the top province was **{top['province']}** ({top['pci']:.2f}); "
               f"{xs_wide['pci'].count()} provinces were ranked."))
for p in provinces:
    f = focus.loc[p]
    r = rr.set_index("province").loc[p]
    m = mob_focus.loc[p]
    tier = f", {T.word('nhóm', 'tier')} {f['tier']}" if f["tier"] else ""
    lines.append(T(
        f"- **{p}**: điểm tổng hợp {f['pci']:.2f}, hạng **{int(f['pci_rank'])}/{int(r['n'])}** "
        f"(hạng/n = {f['pci_pct']:.2f}{tier}); **{int(r['region_rank'])}/{int(r['n_region'])}** trong vùng "
        f"{catalog.region_label(r['region'], 'vi')}. Từ {base_year}: hạng {int(m['rank_first'])} → {int(m['rank_last'])} "
        f"({int(m['rank_change']):+d} bậc), điểm {m['score_change']:+.2f}.",
        f"- **{p}**: composite {f['pci']:.2f}, rank **{int(f['pci_rank'])}/{int(r['n'])}** "
        f"(rank/n = {f['pci_pct']:.2f}{tier}); **{int(r['region_rank'])}/{int(r['n_region'])}** in "
        f"{catalog.region_label(r['region'], 'en')}. Since {base_year}: rank {int(m['rank_first'])} → "
        f"{int(m['rank_last'])} ({int(m['rank_change']):+d} places), score {m['score_change']:+.2f}."))
best_sub = dtf_focus.idxmax()
worst_sub = dtf_focus.idxmin()
frontier = "; ".join(f"{p}: {best_sub[p]} ({dtf_focus.loc[best_sub[p], p]:.0f}) / {worst_sub[p]} "
                     f"({dtf_focus.loc[worst_sub[p], p]:.0f})" for p in provinces)
lines.append(T(f"- Gần nhất / xa nhất tỉnh dẫn đầu (chỉ số thành phần, khoảng cách 0–100): {frontier}.",
               f"- Closest to / furthest from the frontier (sub-index, distance 0–100): {frontier}."))
for t in region_targets.itertuples():
    db = rr.set_index("province").loc[t.province]
    inside = db["region_rank"] <= t.value_high
    short = int(db["region_rank"] - t.value_high)
    lines.append(T(
        f"- Mục tiêu của {t.province} lọt nhóm {int(t.value_high)} tỉnh đầu vùng vào {int(t.target_year)} "
        f"(«{t.quote}», {t.source}): năm {year} tỉnh đứng **{int(db['region_rank'])}/{int(db['n_region'])}** "
        f"trong vùng, " + ("đã đạt." if inside else f"còn thiếu {short} bậc."),
        f"- {t.province}'s target of a place in the regional top {int(t.value_high)} by {int(t.target_year)} "
        f"(\"{t.quote}\", {t.source}): in {year} it was **{int(db['region_rank'])} of {int(db['n_region'])}**"
        f" in its region, " + ("already inside." if inside else f"{short} place(s) short.")))
up, down = movers[movers["direction"] == "up"], movers[movers["direction"] == "down"]
if len(up) and len(down):
    u, d = up.iloc[0], down.iloc[0]
    lines.append(T(
        f"- Tăng mạnh nhất {base_year}–{year}: **{u['province']}** (hạng {int(u['rank_first'])} → {int(u['rank_last'])}); "
        f"giảm mạnh nhất: **{d['province']}** (hạng {int(d['rank_first'])} → {int(d['rank_last'])}).",
        f"- Biggest riser {base_year}–{year}: **{u['province']}** (rank {int(u['rank_first'])} → {int(u['rank_last'])}); "
        f"biggest faller: **{d['province']}** (rank {int(d['rank_first'])} → {int(d['rank_last'])})."))
strong = corr_comp.loc[corr_comp["pearson_r"].idxmax()]
weak = corr_comp.loc[corr_comp["pearson_r"].idxmin()]
r_strong = f"r = {strong['pearson_r']:.2f}, 95% CI {strong['ci_low']:.2f} – {strong['ci_high']:.2f}"
r_weak = f"r = {weak['pearson_r']:.2f}, {weak['ci_low']:.2f} – {weak['ci_high']:.2f}"
lines.append(T(
    f"- PCI và PAPI {papi_year} (n = {int(strong['n'])}): điểm tổng hợp tương quan mạnh nhất với "
    f"*{strong['dimension_name']}* ({r_strong}) và yếu nhất với *{weak['dimension_name']}* ({r_weak}).",
    f"- PCI and PAPI {papi_year} (n = {int(strong['n'])}): the composite correlates most with "
    f"*{strong['dimension_name']}* ({r_strong}) and least with *{weak['dimension_name']}* ({r_weak})."))
counts = facts["status"].value_counts()
lines.append(f"- Seed facts, year by year: {', '.join(f'{n} {s}' for s, n in counts.items())}. " + " ".join(
    f"{r.province} {r.year}: seed says {r.expected}, data {r.data_rank} ({r.status})."
    for r in facts[facts["status"] != compare.STATUS_NOT_COVERED].itertuples()))
display(Markdown("\n".join(lines)))
checked = facts[facts["status"] != compare.STATUS_NOT_COVERED]
lines.append(T(
    f"- Đối chiếu tài liệu gốc, theo năm: {', '.join(f'{n} {s}' for s, n in counts.items())}. " + " ".join(
        f"{r.province} {r.year}: tài liệu nêu {r.expected}, dữ liệu {r.data_rank} ({r.status})." for r in checked.itertuples()),
    f"- Seed facts, year by year: {', '.join(f'{n} {s}' for s, n in counts.items())}. " + " ".join(
        f"{r.province} {r.year}: seed says {r.expected}, data {r.data_rank} ({r.status})." for r in checked.itertuples())))
T.show(lines)
