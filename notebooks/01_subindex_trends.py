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
# # 01 · Chỉ số thành phần / How the ten sub-indices moved
#
# <!-- vi -->
# Mười chỉ số thành phần PCI của tỉnh đã thay đổi thế nào, tỉnh đứng ở đâu so với trung vị
# cả nước, nửa giữa các tỉnh và tỉnh cao nhất, và **vì sao** điểm tổng hợp thay đổi? Điểm
# tổng hợp là tổng có trọng số của mười chỉ số thành phần, nên mỗi thay đổi tách đúng thành
# trọng số × thay đổi điểm × 10 cho từng chỉ số, cộng phần làm tròn.
#
# Mọi con số được đọc từ `data/pci_panel.csv` (tệp chính thức của VCCI; Lai Châu 2019–2020 từ
# Quyết định 688/QĐ-UBND, Phụ lục 03) và tính trong `analysis.trends`. Các lần đổi phương
# pháp (2006, 2009, 2013) là nét đứt trên mọi biểu đồ: điểm chỉ so sánh trong cùng một giai
# đoạn, và xu hướng mặc định được ước lượng từ 2013.
# <!-- en -->
# How have the province's ten PCI sub-indices moved, where does it stand against the
# national median, the middle half of provinces and the best province, and **why** did its
# composite move? The composite is a weighted sum of the ten sub-indices, so each change
# splits exactly into weight × change in score × 10 per sub-index, plus rounding.
#
# Every number is read from `data/pci_panel.csv` (official VCCI workbooks; for Lai Châu
# 2019–2020 the provincial decision 688/QĐ-UBND, Appendix 03) and computed in
# `analysis.trends`. Methodology breaks (2006, 2009, 2013) are dashed on every chart: scores
# are compared within a period, and trends are fitted from 2013 on by default.

# %% tags=["parameters"]
province = "Lai Châu"
start_year = 2013  # first year shown and fitted; None = the province's first year
end_year = None  # None = the latest year in the data
lang = "vi"  # "vi", "en" or "both"

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis.provenance import years_text
from analysis import catalog, coverage, trends
from analysis.charts import trends as trend_charts
from analysis.loaders import load_pci
from analysis.prose import Prose
from analysis.style import save_figure
from analysis.tables import save_table

pd.set_option("display.float_format", "{:.3f}".format)
pd.set_option("display.max_columns", 30)

panel = load_pci()
prov = catalog.resolve_province(province)
province = prov.name  # canonical spelling, whatever was passed in
slug = catalog.normalise_name(province)

mine = panel[(panel["province_code"] == prov.code) & panel["score"].notna()]
data_last = int(panel["year"].max())
own_years = sorted(int(y) for y in mine["year"].unique())
own_last = own_years[-1]
first = start_year if start_year is not None and start_year <= own_last else own_years[0]
last = end_year if end_year is not None else data_last
missing = [y for y in range(first, last + 1) if y not in own_years]
seed_years = sorted(int(y) for y in mine.loc[mine["source_kind"] == "province_document", "year"].unique())
composite_only = sorted(set(int(y) for y in mine.loc[mine["indicator"] == "pci", "year"])
                        - set(int(y) for y in mine.loc[mine["indicator"] != "pci", "year"]))



T = Prose(lang)  # generated prose in the run's language
chart_lang = catalog.chart_language(lang)  # figures: the run's language (Vietnamese in a bilingual run)


def label(code):
    return catalog.indicator_label(code, lang)


cross = coverage.cross_section(panel)
rows_used = pd.concat([cross[cross["year"].between(first, last)],
                       mine[mine["year"].between(first, last) & ~mine.index.isin(cross.index)]])
source = trends.source_line(rows_used)

notes = [T(f"**{province}** ({catalog.region_label(prov.region, 'vi')}) có số liệu PCI các năm {years_text(own_years)}; "
           f"dữ liệu chung đến năm {data_last}.",
           f"**{province}** ({catalog.region_label(prov.region, 'en')}) has PCI data for {years_text(own_years)}; "
           f"the panel runs to {data_last}.")]
if missing:
    notes.append(T(f"Không có số liệu của {province} cho {years_text(missing)}: các năm này để trống trên biểu đồ "
                   f"(không phải bằng 0).",
                   f"{province} has **no data for {years_text(missing)}**: those years are gaps in the charts "
                   f"(never zeros)."))
if composite_only:
    notes.append(T(f"{years_text(composite_only)}: chỉ có điểm PCI tổng hợp của {province}, không có chỉ số thành phần "
                   f"trong bất kỳ nguồn nào: các chỉ số thành phần để trống.",
                   f"{years_text(composite_only)}: only {province}'s composite is available (no source gives its "
                   f"sub-indices): the sub-indices are gaps."))
if seed_years:
    notes.append(T(f"{years_text(seed_years)} chỉ có số liệu của riêng {province} (tài liệu tỉnh), nên không có "
                   f"trung vị hay tỉnh cao nhất cả nước cho các năm này.",
                   f"{years_text(seed_years)} come from a provincial document covering {province} alone, so there "
                   f"is no national median or best province for those years."))
notes.append(T(f"Nguồn: {source}.", f"Source: {source}."))
display(Markdown("\n\n".join(notes)))

# %% [markdown]
# ## Điểm so với cả nước / Scores against the country
# <!-- vi -->
# Xanh: tỉnh. Nét đứt: trung vị cả nước; dải xám: nửa giữa các tỉnh (phân vị 25–75); chấm:
# tỉnh cao nhất năm đó.
# <!-- en -->
# Blue: the province. Dashed: the national median; grey band: the middle half of provinces
# (25th–75th percentile); dotted: the best province that year.

# %%
series = trends.subindex_series(panel, province, first, last)
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
# Hệ số dốc OLS của điểm theo năm với khoảng tin cậy 90%, trên giai đoạn phương pháp nhất quán
# gần nhất (từ 2013, hoặc `start_year`, đến năm mới nhất của tỉnh). Chỉ có vài điểm theo năm
# (bảng ghi n) nên khoảng tin cậy rộng: «không có xu hướng rõ» thường là câu trả lời trung
# thực, và dưới bốn điểm thì không ước lượng độ dốc.
# <!-- en -->
# OLS slope of score on year with a 90% confidence interval, over the latest consistent
# methodology window (from 2013, or `start_year`, to the province's latest year). With only
# a handful of annual points (the table gives n) an interval is wide: "no clear trend" is
# often the honest answer, and fewer than four points get no slope at all.

# %%
if start_year is not None and start_year <= own_last:
    window = (start_year, own_last)
else:  # the latest consistent-methodology window ending at the province's latest year
    window = trends.default_window(panel, province)
trend = trends.subindex_trends(panel, province, window=window)
trend_view = trend.assign(indicator=trend["indicator"].map(label))[
    ["indicator", "first_year", "last_year", "n_years", "first_score", "last_score", "slope_per_year", "ci_low",
     "ci_high", "avg_annual_change", "verdict", "source_kinds"]]
trend_view

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
src_decomp = trends.source_line(mine[mine["year"].isin([d_from, d_to])])
save_figure(fig, f"01_waterfall_{slug}_{d_from}_{d_to}", source=src_decomp)
decomp.assign(component=decomp["component"].map(lambda c: label(c) if c in catalog.INDICATORS else c))[
    ["component", "kind", "weight_from", "weight_to", "score_from", "score_to", "score_change", "contribution", "note"]]

# %%
prev_year = comp_years[-2] if len(comp_years) > 1 else None
if prev_year is not None:
    last_decomp = trends.decompose_change(panel, province, prev_year, d_to)
    fig = trend_charts.decomposition_waterfall(last_decomp, province, chart_lang)
    save_figure(fig, f"01_waterfall_{slug}_{prev_year}_{d_to}",
                source=trends.source_line(mine[mine["year"].isin([prev_year, d_to])]))
    if prev_year != d_to - 1:
        display(Markdown(T(f"Không có số liệu {d_to - 1}: so sánh {prev_year} với {d_to}.",
                           f"No {d_to - 1} data: comparing {prev_year} with {d_to}.")))
else:
    last_decomp = None
    display(Markdown(T("Chỉ có một năm có điểm PCI: không có thay đổi để phân tách.",
                       "Only one year with a composite: no change to decompose.")))

# %% [markdown]
# ## Nên cải thiện ở đâu / Where to push
# <!-- vi -->
# Mỗi +1,0 điểm của một chỉ số thành phần mang lại trọng số × 10 điểm tổng hợp: một điểm Đào
# tạo lao động hay Dịch vụ hỗ trợ doanh nghiệp (mỗi chỉ số 20%) bằng bốn lần một điểm Chi phí
# thời gian (5%). Các cột cho biết số điểm tổng hợp tỉnh có thêm nếu đưa từng chỉ số lên bằng
# trung vị cả nước và bằng tỉnh cao nhất. Khoảng cách cần số liệu của cả nước, nên được tính
# cho năm gần nhất có tệp chính thức bao phủ tỉnh.
# <!-- en -->
# Composite points per +1.0 on a sub-index are its weight × 10: a point of Labor Training
# or Business Support (20% each) is worth four times a point of Time Costs (5%). The bars
# show the composite points the province would gain by bringing each sub-index up to the
# national median and up to the best province. Gaps need a national cross-section, so they
# are computed for the latest year the official workbooks cover the province.

# %%
bench_years = sorted(int(y) for y in mine.loc[(mine["source_kind"] == "official_workbook")
                                             & (mine["indicator"] != "pci"), "year"].unique())
bench_year = bench_years[-1]
lev = trends.leverage_table(panel, province, bench_year)
fig = trend_charts.leverage_chart(lev, province, chart_lang)
save_figure(fig, f"01_leverage_{slug}_{bench_year}",
            source=trends.source_line(panel[(panel["year"] == bench_year) & (panel["source_kind"] == "official_workbook")]))
lev.assign(indicator=lev["indicator"].map(label))[
    ["indicator", "weight", "points_per_unit", "score", "rank", "national_median", "best_score", "best_province",
     "gap_to_median", "gap_to_best", "points_to_median", "points_to_best"]]

# %%
if own_last != bench_year:
    lev_last = trends.leverage_table(panel, province, own_last, sort_by="weight")
    display(Markdown(T(
        f"Năm {own_last} chỉ có số liệu của {province}: dưới đây là trọng số và thứ hạng công bố, chưa tính được khoảng cách.",
        f"{own_last}: only {province}'s own scores and published ranks are in the data, so the weights and ranks "
        f"are shown without gaps.")))
    display(lev_last.assign(indicator=lev_last["indicator"].map(label))[
        ["indicator", "weight", "points_per_unit", "score", "rank", "rank_kind"]])
else:
    lev_last = lev

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
rvs.assign(indicator=rvs["indicator"].map(label))[
    ["indicator", "score", "rank", "n_provinces", "target_rank", "target_province", "target_score", "score_gap",
     "composite_points", "note"]]

# %% [markdown]
# ## Thứ hạng 2020 trong văn bản của tỉnh, đối chiếu với dữ liệu / The provincial document's 2020 ranks, checked against the data
# <!-- vi -->
# Quyết định 688/QĐ-UBND (Lai Châu), Phần 2 §3, nêu thứ hạng năm 2020 của tỉnh ở từng chỉ số
# thành phần. Mỗi câu (nguyên văn, kèm số dòng) được đặt cạnh thứ hạng trong dữ liệu.
# <!-- en -->
# Decision 688/QĐ-UBND (Lai Châu), Part 2 §3, states the province's 2020 rank on each
# sub-index in prose. Each statement (verbatim, with its line) against the rank in the data.

# %%
checks = trends.check_seed_rank_statements(panel)
checks_view = checks.assign(indicator=checks["indicator"].map(label))[
    ["indicator", "year", "expected", "data_rank", "status", "quote", "file", "line"]]
display(checks_view)
mismatch = checks[checks["status"] != "agree"]
if len(mismatch):
    display(Markdown(T("**Không khớp hoặc không có trong dữ liệu:**", "**Mismatches or not covered:**")))
    display(mismatch)
own_2020 = mine[mine["year"] == 2020]
if prov.name != "Lai Châu":
    display(Markdown(T(
        f"Các câu trên nói về Lai Châu. Với {province}, thứ hạng năm 2020 "
        + ("có trong dữ liệu." if len(own_2020) else "**không có trong dữ liệu** (not covered by the data)."),
        f"These statements concern Lai Châu. For {province}, 2020 ranks are "
        + ("in the data." if len(own_2020) else "**not covered by the data**."))))

# %% [markdown]
# ## Bảng tổng hợp / Summary table

# %%
latest = series[series["year"] == own_last].set_index("indicator")
summary = trend.set_index("indicator")[["first_year", "last_year", "n_years", "first_score", "last_score",
                                         "slope_per_year", "ci_low", "ci_high", "verdict"]].copy()
summary.insert(0, "label", [catalog.indicator_label(i, "both") for i in summary.index])
summary["latest_year"] = own_last
summary["latest_rank"] = latest["rank"].reindex(summary.index)
summary["weight"] = pd.Series(catalog.weights_for_year(own_last)).reindex(summary.index)
summary[f"contribution_{d_from}_{d_to}"] = decomp.set_index("component")["contribution"].reindex(summary.index)
summary[f"points_to_median_{bench_year}"] = lev.set_index("indicator")["points_to_median"].reindex(summary.index)
summary = summary.reset_index()
save_table(summary, f"01_subindex_summary_{slug}",
           description=(f"{province}: PCI composite and sub-indices, OLS trend {window[0]}–{window[1]} (90% CI), "
                        f"latest rank ({own_last}), weight, contribution to the composite change {d_from}→{d_to}, "
                        f"composite points to the national median ({bench_year})"),
           source=source)
summary

# %% [markdown]
# ## Tóm tắt / What this shows

# %% tags=["summary"]
dd = decomp.set_index("component")
subs = dd[dd["kind"] == "sub-index"].dropna(subset=["contribution"]).sort_values("contribution")
top_up = subs[subs["contribution"] > 0].iloc[::-1].head(3)
top_down = subs[subs["contribution"] < 0].head(3)
change = float(decomp["composite_change"].iloc[0])
resid = float(dd.loc["residual", "contribution"])
rising = trend[(trend["direction"] == "rising") & (trend["indicator"] != "pci")]
falling = trend[(trend["direction"] == "falling") & (trend["indicator"] != "pci")]
unclear = trend[(trend["direction"] == "no clear trend") & (trend["indicator"] != "pci")]
few = trend[(trend["direction"] == "too few years") & (trend["indicator"] != "pci")]
n_fit = int(trend["n_years"].max())
push = lev.dropna(subset=["points_to_median"])
push = push[push["points_to_median"] > 0].head(3)
worst = lev_last.dropna(subset=["rank"]).sort_values(["rank", "weight"], ascending=[False, True]).head(1)
agree_counts = checks["status"].value_counts()


def fmt(rows, col="contribution"):
    return ", ".join(f"{label(i)} ({v:+.2f})" for i, v in rows[col].items()) or "—"


def names(rows):
    return ", ".join(label(i) for i in rows["indicator"]) or T.word("không có", "none")


lines = [
    T(f"- Điểm PCI của {province} thay đổi **{change:+.2f}** điểm từ {d_from} ({decomp['composite_from'].iloc[0]:.2f}) "
      f"đến {d_to} ({decomp['composite_to'].iloc[0]:.2f}). Đóng góp lớn nhất: {fmt(top_up)}; kéo xuống: {fmt(top_down)}; "
      f"phần dư làm tròn {resid:+.3f}.",
      f"- {province}'s composite moved **{change:+.2f}** points from {d_from} ({decomp['composite_from'].iloc[0]:.2f}) "
      f"to {d_to} ({decomp['composite_to'].iloc[0]:.2f}). Largest contributions: {fmt(top_up)}; pulling down: "
      f"{fmt(top_down)}; rounding residual {resid:+.3f}."),
    T(f"- Xu hướng {window[0]}–{window[1]} (tối đa {n_fit} năm, KTC 90%): tăng rõ — {names(rising)}; giảm rõ — "
      f"{names(falling)}; {len(unclear)} chỉ số không có xu hướng rõ"
      + (f"; {len(few)} chỉ số có quá ít năm để ước lượng (dưới {trends.MIN_TREND_YEARS})." if len(few) else "."),
      f"- Trends {window[0]}–{window[1]} (at most {n_fit} years, 90% CI): clearly rising — {names(rising)}; clearly "
      f"falling — {names(falling)}; {len(unclear)} sub-indices show no clear trend"
      + (f"; {len(few)} have too few years for a trend (fewer than {trends.MIN_TREND_YEARS})." if len(few) else ".")),
]
if len(push):
    lines.append(T(
        f"- Năm {bench_year}, nhiều điểm PCI nhất nếu đạt trung vị cả nước: "
        + ", ".join(f"{label(r.indicator)} (trọng số {r.weight:.0%}, +{r.points_to_median:.2f} điểm)" for r in push.itertuples()) + ".",
        f"- In {bench_year}, the most composite points from reaching the national median: "
        + ", ".join(f"{label(r.indicator)} (weight {r.weight:.0%}, +{r.points_to_median:.2f} points)" for r in push.itertuples()) + "."))
else:
    lines.append(T(f"- Năm {bench_year}, {province} không thấp hơn trung vị ở chỉ số nào.",
                   f"- In {bench_year}, {province} is at or above the national median on every sub-index."))
if len(worst):
    w = worst.iloc[0]
    light = w["weight"] < lev_last["weight"].max()
    lines.append(T(
        f"- Năm {own_last}, thứ hạng thấp nhất là {label(w['indicator'])} (hạng {int(w['rank'])}); chỉ số này "
        f"{'chỉ ' if light else ''}chiếm {w['weight']:.0%} trọng số: +1 điểm = +{w['points_per_unit']:.1f} điểm PCI "
        f"(chỉ số nặng nhất: {lev_last['weight'].max():.0%}, +{lev_last['points_per_unit'].max():.1f} điểm PCI).",
        f"- In {own_last}, the worst rank is {label(w['indicator'])} ({int(w['rank'])}); it carries "
        f"{'only ' if light else ''}{w['weight']:.0%} of the weight: +1 point there = +{w['points_per_unit']:.1f} "
        f"composite points (heaviest sub-indices: {lev_last['weight'].max():.0%}, "
        f"+{lev_last['points_per_unit'].max():.1f} points)."))
lines.append(T(
    f"- Thứ hạng 2020 nêu trong Quyết định 688/QĐ-UBND (Lai Châu): {agree_counts.get('agree', 0)} khớp, "
    f"{agree_counts.get('disagree', 0)} không khớp, {agree_counts.get('not covered by the data', 0)} không có trong dữ liệu.",
    f"- The 2020 ranks stated in Decision 688/QĐ-UBND (Lai Châu): {agree_counts.get('agree', 0)} agree, "
    f"{agree_counts.get('disagree', 0)} disagree, {agree_counts.get('not covered by the data', 0)} not covered by the data."))
if missing:
    lines.append(T(f"- Không có số liệu của {province} cho {years_text(missing)}.",
                   f"- No data for {province} in {years_text(missing)}."))
display(Markdown("\n".join(lines)))
