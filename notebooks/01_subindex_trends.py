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
# # 01 · Chỉ số thành phần / How the ten sub-indices moved
#
# <!-- vi -->
# Mười chỉ số thành phần PCI của tỉnh đã thay đổi thế nào, tỉnh đứng ở đâu so với trung vị
# cả nước, nửa giữa các tỉnh và tỉnh cao nhất, và **vì sao** điểm tổng hợp thay đổi? Điểm
# tổng hợp là tổng có trọng số của mười chỉ số thành phần, nên mỗi thay đổi tách đúng thành
# trọng số × thay đổi điểm × 10 cho từng chỉ số, cộng phần làm tròn.
#
# Mọi con số được đọc từ `data/pci_panel.csv` (tệp chính thức của VCCI; Lai Châu 2019–2020 từ
# Quyết định 688/QĐ-UBND, Phụ lục 03) và tính trong `analysis.analyses.trends`. Các lần đổi phương
# pháp (`catalog_data/methodology_breaks.csv`, bảng trong trang 00) là nét đứt trên mọi biểu
# đồ: điểm chỉ so sánh trong cùng một giai đoạn, và xu hướng mặc định được ước lượng từ 2013.
# <!-- en -->
# How have the province's ten PCI sub-indices moved, where does it stand against the
# national median, the middle half of provinces and the best province, and **why** did its
# composite move? The composite is a weighted sum of the ten sub-indices, so each change
# splits exactly into weight × change in score × 10 per sub-index, plus rounding.
#
# Every number is read from `data/pci_panel.csv` (official VCCI workbooks; for Lai Châu
# 2019–2020 the provincial decision 688/QĐ-UBND, Appendix 03) and computed in
# `analysis.analyses.trends`. Methodology breaks (`catalog_data/methodology_breaks.csv`, tabled in
# notebook 00) are dashed on every chart: scores are compared within a period, and trends are
# fitted from 2013 on by default.

# %% tags=["parameters"]
province = "Lai Châu"
start_year = 2013  # first year shown and fitted; None = the province's first year
end_year = None  # None = the latest year in the data
lang = "vi"  # "vi", "en" or "both"

# %%
import pandas as pd
from IPython.display import display

from analysis.analyses import trends
from analysis.core.prose import Prose
from analysis.data import catalog, coverage
from analysis.data.loaders import load_pci
from analysis.outputs import reader
from analysis.outputs.charts import trends as trend_charts
from analysis.outputs.narrative import trends as narrative
from analysis.outputs.style import save_figure
from analysis.outputs.tables import labelled, save_table

pd.set_option("display.float_format", "{:.3f}".format)
pd.set_option("display.max_columns", 30)

panel = load_pci()
yrs = coverage.province_years(panel, province, start_year, end_year)  # years shown, gaps, seed years
province, slug = yrs.province, yrs.slug  # canonical spelling, whatever was passed in
T = Prose(lang)  # generated prose in the run's language
reader.install(lang)  # every table on the page: headers, codes and numbers in the run's language
chart_lang = catalog.chart_language(lang)  # figures: the run's language (Vietnamese in a bilingual run)
source = trends.source_line(trends.shown_rows(panel, province, yrs.first, yrs.last))
T.show(narrative.coverage_notes(T, yrs, source))

# %% [markdown]
# ## Điểm so với cả nước / Scores against the country
# <!-- vi -->
# Xanh: tỉnh. Nét đứt: trung vị cả nước; dải xám: nửa giữa các tỉnh (phân vị 25–75); chấm:
# tỉnh cao nhất năm đó.
# <!-- en -->
# Blue: the province. Dashed: the national median; grey band: the middle half of provinces
# (25th–75th percentile); dotted: the best province that year.

# %%
series = trends.subindex_series(panel, province, yrs.first, yrs.last)
fig = trend_charts.subindex_small_multiples(series, province, chart_lang)
save_figure(fig, f"01_small_multiples_{slug}", source=source)

# %% [markdown]
# ## Thứ hạng / Ranks
# <!-- vi -->
# Mười chỉ số thành phần dưới dạng thứ hạng (1 = tốt nhất), và bảng thứ hạng dưới dạng bản đồ
# nhiệt. Trong các năm có tệp chính thức, thứ hạng chỉ số thành phần được tính từ điểm công bố
# trong năm; trong các năm lấy từ tài liệu tỉnh, đó là thứ hạng tài liệu công bố.
# <!-- en -->
# The same ten sub-indices as ranks (1 = best), and the rank table as a heatmap. Sub-index
# ranks in workbook years are computed from the published scores within the year; in the
# seed years they are the ranks the provincial document publishes.

# %%
fig = trend_charts.subindex_rank_multiples(series, province, chart_lang)
save_figure(fig, f"01_rank_multiples_{slug}", source=source)

# %%
fig = trend_charts.rank_heatmap(series, province, chart_lang)
save_figure(fig, f"01_rank_heatmap_{slug}", source=source)

# %% [markdown]
# ## Xu hướng / Trends
# <!-- vi -->
# Hệ số dốc OLS của điểm theo năm với khoảng tin cậy 90%, trong một giai đoạn phương pháp (từ
# `start_year` đến năm cuối của tỉnh trong giai đoạn trọng số của năm đó; không vắt qua lần đổi
# phương pháp — cùng quy tắc với trang 03 và bản tóm tắt tỉnh). Chỉ có vài điểm theo năm
# (bảng ghi n) nên khoảng tin cậy rộng: «không có xu hướng rõ» thường là câu trả lời trung
# thực, và dưới bốn điểm thì không ước lượng độ dốc.
# <!-- en -->
# OLS slope of score on year with a 90% confidence interval, within one methodology period
# (from `start_year` to the province's last year inside that year's weights period; never across
# a break — the rule notebook 03 and the province brief use too). With only
# a handful of annual points (the table gives n) an interval is wide: "no clear trend" is
# often the honest answer, and fewer than four points get no slope at all.

# %%
window = trends.trend_window(panel, province, start_year)
trend = trends.subindex_trends(panel, province, window=window)
labelled(
    trend,
    [
        "indicator",
        "first_year",
        "last_year",
        "n_years",
        "first_score",
        "last_score",
        "slope_per_year",
        "ci_low",
        "ci_high",
        "avg_annual_change",
        "verdict",
        "source_kinds",
    ],
    lang,
)

# %% [markdown]
# ## Vì sao điểm tổng hợp thay đổi / Why the composite moved
# <!-- vi -->
# Mỗi cột là đóng góp của một chỉ số thành phần: trọng số × thay đổi điểm × 10. Qua một lần
# đổi phương pháp, tác động của trọng số mới là một cột riêng; phần dư là sai số làm tròn
# trong số liệu công bố. Các cột cộng lại đúng bằng thay đổi của điểm tổng hợp.
# <!-- en -->
# Each bar is one sub-index's contribution: its weight × its change in score × 10. Across
# a methodology break the effect of the new weights is a separate bar; the residual is
# rounding in the published figures. The bars add up exactly to the change in the composite.

# %%
comp_years = trends.decomposable_years(panel, province, first_year=window[0], last_year=window[1])
d_from, d_to = comp_years[0], comp_years[-1]
decomp = trends.decompose_change(panel, province, d_from, d_to)
fig = trend_charts.decomposition_waterfall(decomp, province, chart_lang)
save_figure(
    fig,
    f"01_waterfall_{slug}_{d_from}_{d_to}",
    source=trends.source_line(trends.province_rows(panel, province, [d_from, d_to])),
)
labelled(
    decomp[~trend_charts.tiny_residual(decomp)],
    ["component", "kind", "weight_from", "weight_to", "score_from", "score_to", "score_change", "contribution", "note"],
    lang,
    column="component",
)

# %%
prev_year = comp_years[-2] if len(comp_years) > 1 else None
if prev_year is not None:
    fig = trend_charts.decomposition_waterfall(
        trends.decompose_change(panel, province, prev_year, d_to), province, chart_lang
    )
    save_figure(
        fig,
        f"01_waterfall_{slug}_{prev_year}_{d_to}",
        source=trends.source_line(trends.province_rows(panel, province, [prev_year, d_to])),
    )
if note := narrative.change_note(T, prev_year, d_to):
    T.show(note)

# %% [markdown]
# ## Nên cải thiện ở đâu / Where to push
# <!-- vi -->
# Mỗi +1,0 điểm của một chỉ số thành phần mang lại trọng số × 10 điểm tổng hợp (trọng số của năm
# được trình bày, câu ngay dưới). Các cột cho biết số điểm tổng hợp tỉnh có thêm nếu đưa từng chỉ số lên bằng
# trung vị cả nước và bằng tỉnh cao nhất. Khoảng cách cần số liệu của cả nước, nên được tính
# cho năm gần nhất có tệp chính thức bao phủ tỉnh.
# <!-- en -->
# Composite points per +1.0 on a sub-index are its weight × 10 (the weights of the year shown,
# in the sentence below). The bars
# show the composite points the province would gain by bringing each sub-index up to the
# national median and up to the best province. Gaps need a national cross-section, so they
# are computed for the latest year the official workbooks cover the province.

# %%
bench_year = yrs.bench_year  # the latest year the official workbooks cover the province's sub-indices
lev = trends.leverage_table(panel, province, bench_year)
T.show(narrative.weights_sentence(T, lev))
fig = trend_charts.leverage_chart(lev, province, chart_lang)
save_figure(
    fig,
    f"01_leverage_{slug}_{bench_year}",
    source=trends.source_line(panel[(panel["year"] == bench_year) & (panel["source_kind"] == "official_workbook")]),
)
labelled(
    lev,
    [
        "indicator",
        "weight",
        "points_per_unit",
        "score",
        "rank",
        "national_median",
        "best_score",
        "best_province",
        "gap_to_median",
        "gap_to_best",
        "points_to_median",
        "points_to_best",
    ],
    lang,
)

# %%
lev_last = lev if yrs.own_last == bench_year else trends.leverage_table(panel, province, yrs.own_last, sort_by="weight")
if lev_last is not lev:
    T.show(narrative.own_scores_only_note(T, province, yrs.own_last))
    display(labelled(lev_last, ["indicator", "weight", "points_per_unit", "score", "rank", "rank_kind"], lang))

# %% [markdown]
# ### Điểm của tỉnh xếp trên một bậc / The score one rank up
# <!-- vi -->
# Với mỗi chỉ số trong năm gần nhất có tệp chính thức: điểm của tỉnh xếp trên một bậc, và thu
# hẹp khoảng cách đó thêm được bao nhiêu điểm tổng hợp.
# <!-- en -->
# For each indicator in the latest workbook year: the score of the province one place
# better, and what closing that gap would add to the composite.

# %%
rvs = trends.rank_vs_score(panel, province, bench_year)
labelled(
    rvs,
    [
        "indicator",
        "score",
        "rank",
        "n_provinces",
        "target_rank",
        "target_province",
        "target_score",
        "score_gap",
        "composite_points",
        "note",
    ],
    lang,
)

# %% [markdown]
# ## Thứ hạng nêu trong văn bản của tỉnh, đối chiếu với dữ liệu / The province's own document, checked against the data
# <!-- vi -->
# Khi văn bản của chính tỉnh nêu thứ hạng từng chỉ số thành phần (`catalog_data/seed_statements.csv`),
# mỗi câu (nguyên văn, kèm số dòng) được đặt cạnh thứ hạng trong dữ liệu; tỉnh không có văn bản
# như vậy thì phần này chỉ nói điều đó.
# <!-- en -->
# Where the province's own document states its rank on each sub-index
# (`catalog_data/seed_statements.csv`), each statement (verbatim, with its line) is set against
# the rank in the data; a province without such a document gets one line saying so.

# %%
checks = trends.check_seed_rank_statements(panel)
checks = checks[checks["province"] == province]  # a province's own-document check only for its own documents
T.show(narrative.statements_heading(T, province, checks))
if len(checks):
    display(labelled(checks, ["indicator", "year", "expected", "data_rank", "status", "quote", "file", "line"], lang))
    mismatch = checks[checks["status"] != "agree"]
    if len(mismatch):
        T.show(narrative.mismatch_heading(T))
        display(mismatch)

# %% [markdown]
# ## Bảng tổng hợp / Summary table

# %%
summary = trends.summary_table(trend, series, decomp, lev, yrs.own_last)
save_table(
    summary,
    f"01_subindex_summary_{slug}",
    description=(
        f"{province}: PCI composite and sub-indices, OLS trend {window[0]}–{window[1]} (90% CI), "
        f"latest rank ({yrs.own_last}), weight, contribution to the composite change {d_from}→{d_to}, "
        f"composite points to the national median ({bench_year})"
    ),
    source=source,
)
summary.drop(columns="label")  # the indicator column names it in the run's language

# %% [markdown]
# ## Tóm tắt / What this shows

# %% tags=["summary"]
T.show(
    narrative.summary_lines(
        T, yrs, window=window, trend=trend, decomposition=decomp, leverage=lev, leverage_latest=lev_last, checks=checks
    )
)
