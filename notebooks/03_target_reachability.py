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
# # 03 · Mục tiêu có đạt được không? / Are the targets reachable?
#
# <!-- vi -->
# Bốn tỉnh đã ghi mục tiêu PCI vào văn bản: Lai Châu (Quyết định 688/QĐ-UBND, 2021), Điện Biên
# (Nghị quyết 2021–2025), Hà Tĩnh (dự thảo nghị quyết, 2022) và Quảng Ninh (Nghị quyết 05-NQ/TU,
# theo tin năm 2024). Notebook này mô phỏng đồng thời điểm và thứ hạng PCI của mọi tỉnh đến các
# năm mục tiêu — **một lần**, với mọi phương pháp — và hỏi, với từng mục tiêu, khả năng đạt là bao
# nhiêu nếu tốc độ thay đổi vẫn như trước. Phương pháp mặc định là phương pháp mà kiểm định ngoài
# mẫu cuốn chiếu đã chọn (`python -m analysis backtest` ghi `data/projection_default.csv`); kỹ
# năng của nó so với «giữ nguyên» được trình bày trước.
#
# Mục tiêu được hiểu như tỉnh muốn nói: «vào nhóm 45–55» là đạt khi xếp hạng 55 hoặc tốt hơn,
# «tăng 0,3–0,8 điểm/năm» là đạt khi tăng từ 0,3 trở lên. Xác suất và kết luận chính theo cách
# hiểu «ít nhất» này; «trong đúng khoảng» đặt bên cạnh. Xác suất không dự báo chính sách: chúng
# cho biết điều gì xảy ra nếu mọi tỉnh tiếp tục thay đổi như đã từng. Mọi mục tiêu của năm văn bản
# (cả PAR INDEX, SIPAS, PAPI và các chỉ tiêu cải cách hành chính) có một dòng trong sổ mục tiêu
# (`analysis.target_ledger`) ở cuối trang.
# <!-- en -->
# Four provinces have written PCI targets into their plans: Lai Châu (Decision 688/QĐ-UBND,
# 2021), Điện Biên (Party resolution 2021–2025), Hà Tĩnh (draft resolution, 2022) and Quảng
# Ninh (Resolution 05-NQ/TU, as reported in 2024). This notebook simulates every province's
# PCI score and rank jointly to the target years — **once**, with every method — and asks, for
# each target, how likely it is at the pace seen so far. The default method is the one the
# committed rolling-origin backtest chose (`python -m analysis backtest` writes
# `data/projection_default.csv`); its skill against "nothing changes" is shown first.
#
# Targets are read the way the provinces mean them: "into the 45–55 group" is met by rank 55
# or better, "+0.3 to +0.8 points a year" by +0.3 or more. The headline probability and
# verdict are this "at least" reading; "within the band" stands beside it. Probabilities are
# not forecasts of policy: they say what happens if everybody keeps changing the way they did.
# Every target of the five documents (PAR INDEX, SIPAS, PAPI and the administrative-reform
# figures too) has a row in the target ledger (`analysis.target_ledger`) at the end.

# %% tags=["parameters"]
province = "Lai Châu"
target_years = [2025, 2030]
method = "all"  # "all" (every method side by side, the default highlighted) or one method name
draws = 4000
window = None  # None = the methodology period of the last common year
seed = 0
lang = "vi"  # "vi", "en" or "both"
map = "63"  # "63": ranks among the 63 provinces; "34": project the 34 units of the 2025 map (bands converted)

# %%
import re
import warnings

import pandas as pd
from IPython.display import display

import analysis
from analysis import catalog, ledger, maps, reachability
from analysis.backtesting import skill_by_horizon
from analysis.charts import project as project_charts
from analysis.loaders import load_papi, load_par_index, load_pci, load_targets
from analysis.paths import data_dir
from analysis.project import METHODS, default_method, estimation_window, normalise_methods
from analysis.prose import Prose
from analysis.provenance import source_line
from analysis.style import save_figure
from analysis.tables import save_table

pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 30)
pd.set_option("display.width", 200)

T = Prose(lang)
chart_lang = catalog.chart_language(lang)  # figures: the run's language (Vietnamese in a bilingual run)
map = reachability.check_map(map)
panel63, targets = load_pci(), load_targets()
panel = maps.panel_on_map(panel63, map)  # the 63 provinces, or the 34-unit history (merged units aggregated)
targets_m = reachability.targets_on_map(targets, map)  # rank bands of 63 read among 34 on the 34-unit map
n_units = 34 if map == "34" else 63
prov = catalog.resolve_province(province)
province, slug = prov.name, catalog.normalise_name(prov.name)
default = default_method("pci")
methods = normalise_methods(method)
shown = default if default in methods else methods[0]
evaluable, not_evaluable = reachability.pci_targets(targets_m, panel)
mine = evaluable[evaluable["province_code"] == prov.code]
with warnings.catch_warnings(record=True) as engine_notes:  # stated once below, not printed by every call
    warnings.simplefilter("always", UserWarning)
    win = estimation_window(panel, window=window)
    last_common = win[1]
    rows = reachability.figure_rows(panel, prov.code)
    fig_source = source_line(rows) + (f"; targets: {', '.join(sorted(set(mine['source_file'])))}"
                                      if len(mine) else "")
    # ONE joint simulation per indicator: every table and chart below, and the ledger, read these draws
    sims = reachability.simulate(panel, evaluable, method=methods, draws=draws, seed=seed, window=window,
                                 extra_years=target_years)
    proj = sims["pci"]
    papi = reachability.papi_panel()
    papi_t = targets[targets["index"].str.upper().eq("PAPI") & targets["kind"].isin(["top_k", "keep_first"])]
    papi_sims = reachability.simulate(papi, papi_t, method=methods, draws=draws, seed=seed)  # ONE PAPI simulation
for note in {str(w.message) for w in engine_notes}:
    warnings.filterwarnings("ignore", message=re.escape(note), category=UserWarning)
papi_default = default_method("papi")
papi_shown = papi_default if papi_default in methods else methods[0]
kinds = proj.provinces["last_observed_source_kind"].value_counts()
start_kinds = ", ".join(f"{k or '?'}: {n}" for k, n in kinds.items())
T.show([T(
    f"Điểm xuất phát: quan sát mới nhất của từng {'đơn vị' if map == '34' else 'tỉnh'} (năm {proj.last_year} "
    f"với gần như mọi tỉnh; loại nguồn — {start_kinds}; `derived` = điểm tổng hợp do dự án tính từ các chỉ số thành phần "
    f"đã công bố" + ("; `aggregated` = bình quân các tỉnh thành viên của một đơn vị hợp nhất, trọng số dân số 2016" if map == "34" else "")
    + ").",
    f"Starting point: each {'unit' if map == '34' else 'province'}'s latest observation ({proj.last_year} for (nearly) every "
    f"province; source kinds — {start_kinds}; `derived` = a composite this project computed from published sub-indices"
    + ("; `aggregated` = the 2016-population-weighted mean of a merged unit's members" if map == "34" else "") + ")."),
    "",
    T(f"Tỉnh: **{province}**. Năm mục tiêu: {', '.join(str(y) for y in target_years)}. {draws:,} lần mô phỏng đồng thời "
      f"mọi {'đơn vị' if map == '34' else 'tỉnh'} ({n_units}; seed {seed}) từ năm {proj.last_year}; mô hình ước lượng trên "
      f"{win[0]}–{win[1]}. Phương pháp mặc định: **{project_charts.method_label(default, lang)}** (`{default}`). "
      f"{len(evaluable)} mục tiêu PCI đánh giá được bằng dự báo ({evaluable['province'].nunique()} tỉnh); mọi dòng khác "
      f"của bảng mục tiêu ({len(not_evaluable)}) được trả lời trong sổ mục tiêu ở cuối trang.",
      f"Province: **{province}**. Target years: {', '.join(str(y) for y in target_years)}. {draws:,} joint draws of every "
      f"{'unit' if map == '34' else 'province'} ({n_units}; seed {seed}) from {proj.last_year}; models estimated on "
      f"{win[0]}–{win[1]}. Default method: **{default}**. {len(evaluable)} PCI targets of "
      f"{evaluable['province'].nunique()} provinces are projected; every other row of the targets table "
      f"({len(not_evaluable)}) is answered in the target ledger at the end of the page."),
] + ([] if map == "63" else ["", T(
    "**Thang 34 đơn vị**: mỗi mục tiêu thứ hạng «trên 63 tỉnh» được đổi sang khoảng tương đương trong 34 đơn vị "
    "(`analysis.maps.convert_rank_band`: cùng tỷ lệ số đơn vị), rồi so với thứ hạng mô phỏng trong 34 đơn vị. Quy tắc "
    "chỉ công bố top 30 là của các kỳ xếp hạng 63 tỉnh; với 34 đơn vị chưa biết VCCI công bố bao nhiêu, nên cách kiểm "
    "tra bên dưới vẫn theo quy tắc top 30. Kiểm định và mục tiêu PAPI vẫn trên thang 63 tỉnh.",
    "**34-unit scale**: every rank target stated \"of 63\" is read as the equivalent band among the 34 units "
    "(`analysis.maps.convert_rank_band`: the same share of units) and compared with the ranks simulated among 34. The "
    "top-30 publication rule belongs to the 63-province editions; how many of the 34 units VCCI will publish is not "
    "known, so the checkability below still follows the top-30 rule. The backtest and the PAPI targets stay on the "
    "63-province scale.")])
   + ([] if not engine_notes else ["", T("Ghi chú của bộ máy dự báo (nêu một lần):", "Notes from the projection engine (stated once):")]
      + [f"- {m}" for m in dict.fromkeys(str(w.message) for w in engine_notes)]))

# %% [markdown]
# ## Dự báo tốt đến đâu? / How good is the projection?
# <!-- vi -->
# Từ mọi năm gốc mà số liệu cho phép, mỗi phương pháp dự báo mọi tỉnh trước 1–7 năm khi đã bỏ hết
# số liệu về sau, rồi thứ hạng mô phỏng được chấm điểm so với thứ hạng thực tế (thứ hạng so sánh
# được qua các lần đổi phương pháp PCI; điểm số thì không). Các con số lấy từ
# `data/projection_skill.csv` và `data/projection_backtest.csv` (thang 63 tỉnh).
# <!-- en -->
# From every origin year the data allow, each method projected every province 1–7 years
# ahead with everything later removed, and the simulated ranks were scored against the
# ranks the provinces got (ranks are comparable across methodology breaks; scores are not).
# The numbers come from the committed `data/projection_skill.csv` and
# `data/projection_backtest.csv` (the 63-province scale).

# %%
bt = pd.read_csv(data_dir() / "projection_backtest.csv")
skill = pd.read_csv(data_dir() / "projection_skill.csv")
bt_pci = bt[bt["indicator"] == "pci"]
save_table(bt_pci, "projection_backtest",
           description=("Rolling-origin backtest of the PCI projection methods: per origin, horizon and method the "
                        "number of province forecasts and rank MAE, rank CRPS, 80% interval score, coverage of the "
                        "50/80/90% rank intervals, Brier of top 30 / top 40 / the seed target bands, log score of top 30 "
                        "and score MAE within one methodology period"),
           source=source_line(panel63[(panel63["indicator"] == "pci")
                                      & panel63["year"].between(int(bt_pci["origin"].min()), int(bt_pci["origin"].max()) + 7)
                                      & ~panel63["source_kind"].isin(reachability.DOCUMENT_KINDS)]))
T.show(reachability.backtest_summary(skill, bt, "pci", lang))
display(skill[skill["indicator"] == "pci"].set_index("method")[
    ["n", "n_origins", "rank_mae", "rank_crps", "coverage_50", "coverage_80", "coverage_90", "brier_top30",
     "brier_top40", "brier_bands", "skill_rank_crps_vs_persistence", "calibrated", "chosen"]])
bt_rows = panel63[(panel63["indicator"] == "pci") & (panel63["source_kind"] != "province_document")]
bt_source = f"data/projection_backtest.csv ({source_line(bt_rows)})"
fig = project_charts.skill_chart(skill_by_horizon(bt_pci), chart_lang, default_method=default)
_ = save_figure(fig, "03_skill_by_horizon", source=bt_source)

# %%
rel = pd.read_csv(data_dir() / "projection_reliability.csv")
rel = rel[rel["indicator"] == "pci"]
cov = (skill[skill["indicator"] == "pci"].melt(id_vars="method", value_vars=["coverage_50", "coverage_80", "coverage_90"],
                                               var_name="nominal", value_name="coverage")
       .assign(nominal=lambda d: d["nominal"].str[-2:].astype(int) / 100))
o_lo, o_hi = int(bt_pci["origin"].min()), int(bt_pci["origin"].max())
fig = project_charts.reliability_chart(rel, cov, chart_lang, top_k=reachability.PUBLISHED_TOP,
                                       origins=T.word(f"gốc {o_lo}–{o_hi}, tầm 1–7 năm", f"origins {o_lo}–{o_hi}, horizons 1–7 years"))
_ = save_figure(fig, "03_calibration", source=bt_source)

# %% [markdown]
# ## Dự báo dựa trên gì / What the projection rests on
# <!-- vi -->
# Các lưu ý, diễn đạt từ số liệu, và cách kiểm tra từng mục tiêu khi có kết quả: từ PCI 2023
# VCCI chỉ công bố điểm và hạng tổng hợp của 30 tỉnh đứng đầu, nhưng công bố đủ mười chỉ số thành
# phần của cả 63 tỉnh — nên một thứ hạng ngoài top 30 chỉ kiểm tra được bằng cách tính lại điểm
# tổng hợp.
# <!-- en -->
# The caveats, worded from the data, and how each target can be checked once results are out:
# from PCI 2023 VCCI publishes the composite and rank of the top 30 only, but all ten
# sub-indices of all 63 — so a composite rank outside the top 30 can be checked only by
# deriving the composite.

# %%
obs = reachability.observability(evaluable)
T.show("\n\n".join(reachability.caveats(panel, obs, win, lang=lang)))
display(obs.assign(observable=obs["observable"].map(lambda c: reachability.observability_label(c, lang)))
        [["target_id", "target_year", "rank_low", "rank_high", "observable"]])

# %% [markdown]
# ## Điểm tổng hợp dự báo / The projected composite
# <!-- vi -->
# Trung vị và các dải 10–90% / 25–75% của phương pháp mặc định (trung vị của các phương pháp khác
# là đường chấm). Các ô tô màu là **dải điểm mục tiêu: những điểm số đã cho các thứ hạng mục tiêu
# trong lát cắt chung gần nhất** — chỉ để tham khảo; xác suất tính từ thứ hạng mô phỏng đồng thời
# với mọi tỉnh.
# <!-- en -->
# Median and 10–90% / 25–75% bands of the default method (other methods' medians dotted).
# The shaded boxes are the **target score bands: the scores that gave the target ranks in
# the latest common cross-section** — a guide; the probabilities come from ranks simulated
# jointly with every province.

# %%
pci_own = rows[rows["province_code"] == prov.code].sort_values("year")
hist = (pci_own[pci_own["year"] >= win[0]]  # hollow markers for every value not from an official workbook
        .assign(seed=lambda d: d["source_kind"] != "official_workbook")
        .sort_values(["year", "seed"]).drop_duplicates("year")[["year", "score", "seed", "source_kind"]])
start = hist[hist["year"] == proj.last_year]
start_score = float(start["score"].iloc[0]) if len(start) else None
bands, rank_bands = reachability.target_bands(panel, province, mine, lang)
fig = project_charts.fan_chart(
    hist, reachability.fan_frame(proj, province, shown, proj.last_year, start_score), province, chart_lang, method=shown,
    target_bands=bands, cross_year=last_common,
    other_medians={m: reachability.fan_frame(proj, province, m, proj.last_year, start_score) for m in methods if m != shown},
    shifted_to=int(hist["year"].max()) if int(hist["year"].max()) > last_common else None)
_ = save_figure(fig, f"03_fan_{slug}", source=fig_source)
summ = proj.province_summary(province, target_years)
display(summ[["method", "target_year", "median_score", "score_p10", "score_p90", "median_rank", "rank_p10", "rank_p90"]])

# %% [markdown]
# ## Thứ hạng dự báo trong từng năm mục tiêu / Projected rank in each target year
# <!-- vi -->
# Tỷ lệ số lần mô phỏng kết thúc ở từng thứ hạng (phương pháp mặc định); các khoảng thứ hạng mục
# tiêu được tô màu; đường gạch là ngưỡng công bố top 30 của VCCI từ PCI 2023.
# <!-- en -->
# Share of draws ending at each rank (default method); target rank bands shaded; the dashed
# line is VCCI's top-30 publication cut-off from PCI 2023.

# %%
rank_years = [y for y in target_years if y in proj.target_years]
i = proj.province_index(province)
fig = project_charts.rank_distribution_chart(
    {y: proj.province_ranks(shown, province, y) for y in rank_years}, proj.n_ranked, province, chart_lang,
    method=shown, bands=rank_bands, published_top=reachability.PUBLISHED_TOP if map == "63" else None,
    top_only_from=reachability.TOP_ONLY_FROM)
_ = save_figure(fig, f"03_rank_distribution_{slug}", source=fig_source)
rs = summ[summ["method"] == shown].set_index("target_year")
top_p = {y: proj.prob_top_k(province, y, reachability.PUBLISHED_TOP, method=shown) for y in rank_years}
T.show([T(
    f"- {y}: hạng trung vị **{rs.loc[y, 'median_rank']:.0f}**/{proj.n_ranked} (10–90%: {rs.loc[y, 'rank_p10']:.0f}–"
    f"{rs.loc[y, 'rank_p90']:.0f}); xác suất lọt top {reachability.PUBLISHED_TOP} (được công bố): {T.pct(top_p[y])}.",
    f"- {y}: median rank **{rs.loc[y, 'median_rank']:.0f}** of {proj.n_ranked} (10–90%: {rs.loc[y, 'rank_p10']:.0f}–"
    f"{rs.loc[y, 'rank_p90']:.0f}); probability of the top {reachability.PUBLISHED_TOP} (published): {T.pct(top_p[y])}.")
    for y in rank_years])

# %% [markdown]
# ## Mọi mục tiêu PCI của bốn tỉnh / Every PCI target of the four provinces
# <!-- vi -->
# Một dòng cho mỗi mục tiêu và phương pháp, tất cả từ lần mô phỏng ở trên. `probability` (chính) là
# cách hiểu «ít nhất»; `probability_within` là đúng khoảng như văn bản viết. Mục tiêu «giữ vị trí
# dẫn đầu mọi năm» của Quảng Ninh có hai dòng: hạng 1 trong năm mục tiêu, và hạng 1 *mọi* năm của
# nhiệm kỳ — các năm đã có số liệu là sự thật (`data_fact`), các năm còn lại mô phỏng. `status` cho
# biết số liệu đã quyết định mục tiêu hay chưa, hoặc năm mục tiêu đã qua mà chưa có số liệu.
# <!-- en -->
# One row per target and method, all from the simulation above. `probability` (headline) is
# the "at least" reading; `probability_within` the band as written. Quảng Ninh's "keep the
# lead every year" appears twice: first in the target year, and first in *every* year of the
# term — years with data are facts (`data_fact`), the rest simulated. `status` says whether the
# data already decide a target, or whether a past target year has no data yet.

# %%
results = reachability.evaluate(panel, evaluable, method=methods, lang=chart_lang, projections=sims)  # labels also on the chart
save_table(results, "target_reachability",
           description=(f"Probability that each PCI target of the seed documents is met ('at least' reading; 'within' "
                        f"beside it), by projection method ({draws} joint draws, seed {seed}, from {proj.last_year}, "
                        f"ranks among {n_units}); default method {default}; status from the data; how each target can "
                        "be checked"),
           source=f"{source_line(rows)}; targets: {', '.join(sorted(set(evaluable['source_file'])))}")
wide = results.pivot_table(index=["province", "label"], columns="method", values="probability", sort=False)
display(wide[[m for m in METHODS if m in wide.columns]])
T.show(T(f"Quy tắc kết luận: {reachability.verdict_rule('vi')}.", f"Verdict rule: {reachability.verdict_rule('en')}."))
fig = project_charts.probability_chart(results.assign(label=results["province"] + " · " + results["label"]), chart_lang,
                                       likely_at=reachability.LIKELY_AT, unlikely_at=reachability.UNLIKELY_AT,
                                       default_method=default)
_ = save_figure(fig, "03_probabilities", source=f"{source_line(rows)}; targets: data/seed_targets.csv")

# %% [markdown]
# ## Tốc độ cần đạt và tốc độ đã đạt / Required vs historical pace
# <!-- vi -->
# Đỏ: mức tăng bình quân mỗi năm mà mục tiêu đòi hỏi (cách hiểu «ít nhất»: đến đầu kém hơn của
# khoảng) kể từ quan sát cuối cùng của tỉnh. Xanh: mức thay đổi bình quân mỗi năm của chính tỉnh.
# Dưới mỗi mục tiêu: tỷ lệ các cửa sổ 5 năm của mọi tỉnh từng tăng nhanh như vậy, và kết luận.
# <!-- en -->
# Red: the average annual gain the target needs ("at least": to the worse end of a band) from
# the province's last observation. Blue: the province's own average annual change. Under
# each target: how many of all provinces' 5-year windows rose that fast, and the verdict.

# %%
summary = reachability.summary_by_target(results, shown)
mine_sum = summary[summary["province"] == province]
if mine_sum.empty:
    T.show(T(f"{province} không có mục tiêu PCI trong các văn bản; không có biểu đồ tốc độ.",
             f"{province} has no PCI target in the seed documents; no pace chart."))
else:
    pace = pd.DataFrame({"label": mine_sum["label"], "required": mine_sum["required_annual_gain"],
                         "historical": mine_sum["historical_annual_gain"], "share": mine_sum["share_windows_achieving"],
                         "verdict": [f"{T.pct(p)} {reachability.verdict_label(v, lang)} "
                                     + T.word(f"(các phương pháp {T.pct(lo)}–{T.pct(hi)})", f"(methods {T.pct(lo)}–{T.pct(hi)})")
                                     for p, v, lo, hi in zip(mine_sum["probability_default"], mine_sum["verdict_default"],
                                                             mine_sum["probability_min"], mine_sum["probability_max"])]})
    fig = project_charts.pace_chart(pace, province, chart_lang)
    _ = save_figure(fig, f"03_pace_{slug}", source=fig_source)

# %% [markdown]
# ## Mục tiêu PAPI / PAPI targets
# <!-- vi -->
# «Top 5» của Hà Tĩnh và «giữ vị trí số 1» của Quảng Ninh về PAPI, với cùng bộ máy trên điểm tổng
# PAPI (`analysis.load_papi()`, thang 63 tỉnh): một lần mô phỏng đồng thời, cùng số lần mô phỏng và
# seed, và cùng các kiểm tra trung thực từ kiểm định đã lưu.
# <!-- en -->
# Hà Tĩnh "top 5" and Quảng Ninh "keep first" on PAPI, with the same machinery on the PAPI
# total (`analysis.load_papi()`, the 63-province scale): one joint simulation, the same draws
# and seed, and the same honesty checks from the committed backtest.

# %%
papi_res = reachability.evaluate(papi, papi_t, method=methods, draws=draws, seed=seed, lang=lang, projections=papi_sims)
display(papi_res.pivot_table(index=["province", "label"], columns="method", values="probability", sort=False))
T.show(reachability.backtest_summary(skill, bt, "papi", lang))

# %% [markdown]
# ## Sổ mục tiêu / The target ledger
# <!-- vi -->
# Mọi dòng của `data/seed_targets.csv` (mục tiêu và số liệu gốc của năm văn bản), mỗi dòng một câu
# trả lời (`analysis.target_ledger`): các mục tiêu PCI và PAPI lấy xác suất và kết luận từ đúng lần
# mô phỏng ở trên (phương pháp mặc định); mục tiêu mà số liệu đã quyết định được nêu là sự thật;
# PAR INDEX của Lai Châu chỉ đánh giá được trên chuỗi số liệu của chính tỉnh; phần còn lại ghi rõ
# cần số liệu gì. Mỗi mục tiêu thứ hạng có khoảng trên thang 63 tỉnh, dưới dạng phân vị, và khoảng
# tương đương trong 34 đơn vị của bản đồ 2025; `verdict_scale` cho biết kết luận được tính trên thang
# nào. Các mục tiêu cải cách hành chính (PAR INDEX, SIPAS, tỷ lệ dịch vụ công trực tuyến …) được
# trình bày chi tiết trong notebook `04_admin_reform`.
# <!-- en -->
# Every row of `data/seed_targets.csv` (the five documents' targets and baselines), each with
# an answer (`analysis.target_ledger`): PCI and PAPI targets take their probability and
# verdict from the very simulation above (default method); targets the data already decide
# are stated as facts; Lai Châu's PAR INDEX can be judged only on its own series; the rest
# say what data would be needed. Every rank target carries its band on the 63-province scale,
# as percentiles, and the equivalent band among the 34 units of the 2025 map; `verdict_scale`
# says on which scale the verdict was computed. The administrative-reform targets (PAR INDEX,
# SIPAS, online public services …) are shown in detail in notebook `04_admin_reform`.

# %%
led_proj = pd.concat([results[results["method"] == shown], papi_res[papi_res["method"] == papi_shown]],
                     ignore_index=True)
full = analysis.target_ledger(targets, panel=panel63, papi=load_papi(), par_index=load_par_index(),
                              projections=led_proj, scale={"PCI": map})
save_table(full, "target_ledger",
           description=("Every target row of the five seed documents: baseline, latest observation, required and "
                        "historical annual change, share of windows achieving it, the projection's probability and "
                        f"verdict (PCI: {shown}, PAPI: {papi_shown}; {draws} draws, seed {seed}; the same simulation as "
                        "target_reachability), status, each rank target's band of 63, percentiles and band of 34, and "
                        "the scale of its verdict (analysis.target_ledger)"),
           source="seed documents " + ", ".join(sorted(set(full["seed_file"])))
                  + "; data/seed_targets.csv, data/pci_panel.csv, data/papi.csv, data/seed_par_index_laichau.csv")
by_prov = ledger.status_by_province(full, split_indices=("PCI", "pci_subindex_each"))
display(by_prov.rename(columns={s: ledger.status_label(s, lang) for s in ledger.PROVINCE_STATUS_COLUMNS}
                       | {"targets": T.word("mục tiêu", "targets"),
                          "other_indices": T.word("ngoài PCI (notebook 04)", "outside the PCI (notebook 04)")})
        .set_index("province"))
mine_led = full[(full["province_code"].astype(str) == prov.code) & (full["row_type"] == "target")
                & (full["rank_lo_63"].notna() | full["index"].isin(["PCI", "pci_subindex_each", "PAPI"]))]
if len(mine_led):  # the province's rank, PCI and PAPI targets; the others are in notebook 04
    display(mine_led[["index", "target_text", "status", "probability", "verdict", "rank_lo_63", "rank_hi_63", "pct_lo",
                      "pct_hi", "rank_lo_34", "rank_hi_34", "verdict_scale", "edition_map"]].set_index("index"))

# %% [markdown]
# ## Tóm tắt / What this shows

# %% tags=["summary"]
kind_of = results.drop_duplicates("target_id").set_index("target_id")["kind"]
status = results[results["method"] == shown].set_index(["target_id", "label"])
sk_row = skill[(skill["indicator"] == "pci") & (skill["method"] == default)]
counts = summary["verdict_default"].value_counts()
out = [T(
    f"- **Phương pháp mặc định**: {project_charts.method_label(default, lang)} (chọn từ kiểm định ngoài mẫu; CRPS thứ hạng "
    f"tốt hơn «giữ nguyên» {T.pct(sk_row['skill_rank_crps_vs_persistence'].iloc[0])}, độ phủ khoảng 80%: "
    f"{sk_row['coverage_80'].iloc[0]:.2f}). {draws:,} lần mô phỏng từ {proj.last_year}, thứ hạng trong {n_units} "
    f"{'đơn vị' if map == '34' else 'tỉnh'}. Trong {len(summary)} mục tiêu PCI của bốn tỉnh: {counts.get('likely', 0)} có khả "
    f"năng đạt, {counts.get('uncertain', 0)} chưa chắc chắn, {counts.get('unlikely', 0)} khó đạt.",
    f"- **Default method**: {default} (chosen by the out-of-sample backtest; rank CRPS "
    f"{T.pct(sk_row['skill_rank_crps_vs_persistence'].iloc[0])} better than persistence, 80% interval coverage "
    f"{sk_row['coverage_80'].iloc[0]:.2f}). {draws:,} draws from {proj.last_year}, ranks among {n_units} "
    f"{'units' if map == '34' else 'provinces'}. Of {len(summary)} PCI targets of the four provinces: "
    f"{counts.get('likely', 0)} likely, {counts.get('uncertain', 0)} uncertain, {counts.get('unlikely', 0)} unlikely.")]
for prov_name, d in summary.groupby("province", sort=False):
    out.append(f"- **{prov_name}**")
    for _, r in d.iterrows():
        v = reachability.verdict_label(r["verdict_default"], lang)
        st = status.loc[(r["target_id"], r["label"])]
        k = kind_of.get(r["target_id"])
        within = ""
        if k in ("rank_band", "score_change_per_year"):
            within = T.word(f"; trong đúng khoảng: {T.pct(st['probability_within'])}",
                            f"; within the band: {T.pct(st['probability_within'])}")
        fact = f" {st['data_fact'][:1].upper()}{st['data_fact'][1:]}." if isinstance(st["data_fact"], str) and st["data_fact"] else ""
        rank_txt = "" if k == "score_change_per_year" else T.word(
            f" Hạng trung vị {r['median_rank']:.0f} (10–90%: {r['rank_p10']:.0f}–{r['rank_p90']:.0f}).",
            f" Median rank {r['median_rank']:.0f} (10–90%: {r['rank_p10']:.0f}–{r['rank_p90']:.0f}).")
        obs_txt = reachability.observability_label(r["observable"], lang)
        out.append(T(
            f"    - {r['label']}: **{T.pct(r['probability_default'])}** (ít nhất bằng mục tiêu) → *{v}*{within}; các "
            f"phương pháp {T.pct(r['probability_min'])}–{T.pct(r['probability_max'])}.{rank_txt} Cần "
            f"{T.signed(r['required_annual_gain'])} điểm/năm, đã đạt {T.signed(r['historical_annual_gain'])}/năm; "
            f"{T.pct(r['share_windows_achieving'])} cửa sổ 5 năm từng đạt. {obs_txt[:1].upper()}{obs_txt[1:]}.{fact}",
            f"    - {r['label']}: **{T.pct(r['probability_default'])}** (at least the target) → *{v}*{within}; methods "
            f"{T.pct(r['probability_min'])}–{T.pct(r['probability_max'])}.{rank_txt} Needs "
            f"{T.signed(r['required_annual_gain'])} points/yr vs {T.signed(r['historical_annual_gain'])}/yr so far; "
            f"{T.pct(r['share_windows_achieving'])} of 5-year windows rose that fast. {obs_txt[:1].upper()}{obs_txt[1:]}.{fact}"))
if summary["target_id"].map(kind_of).eq("score_change_per_year").any():  # the backtest scored composite ranks only
    out.append(T("- Mục tiêu tăng điểm chỉ số thành phần: phương pháp mặc định được chọn theo thứ hạng PCI tổng hợp; mức "
                  "tăng điểm chỉ số thành phần chưa được kiểm định, nên xem cả khoảng giữa các phương pháp.",
                  "- Sub-index score-gain targets: the default was chosen on composite ranks; sub-index score gains are "
                  "not back-tested, so read the range across methods too."))
papi_sum = reachability.summary_by_target(papi_res, papi_shown)
for _, r in papi_sum.iterrows():
    v = reachability.verdict_label(r["verdict_default"], lang)
    out.append(T(f"- **{r['province']}** · {r['label']}: **{T.pct(r['probability_default'])}** → *{v}* (các phương pháp "
                 f"{T.pct(r['probability_min'])}–{T.pct(r['probability_max'])}; hạng trung vị {r['median_rank']:.0f}).",
                 f"- **{r['province']}** · {r['label']}: **{T.pct(r['probability_default'])}** → *{v}* (methods "
                 f"{T.pct(r['probability_min'])}–{T.pct(r['probability_max'])}; median rank {r['median_rank']:.0f})."))
bp = by_prov.set_index("province")
if province in bp.index:
    b = bp.loc[province]
    out.append(T(
        f"- **Sổ mục tiêu của {province}**: {b['targets']} mục tiêu trong các văn bản — {b[ledger.STATUS_PROJECTED]} có dự "
        f"báo, {b[ledger.STATUS_DECIDED]} đã được số liệu quyết định, {b[ledger.STATUS_OWN_SERIES]} chỉ đánh giá trên "
        f"chuỗi số liệu của tỉnh, {b[ledger.STATUS_NO_DATA]} không có số liệu để đánh giá; {b['other_indices']} mục tiêu "
        f"ngoài PCI (PAR INDEX, SIPAS, PAPI, cải cách hành chính) được trình bày trong notebook `04_admin_reform`.",
        f"- **{province}'s targets in the ledger**: {b['targets']} targets in the documents — {b[ledger.STATUS_PROJECTED]} "
        f"projected, {b[ledger.STATUS_DECIDED]} decided by data, {b[ledger.STATUS_OWN_SERIES]} judged on its own series "
        f"only, {b[ledger.STATUS_NO_DATA]} with no data to judge; the {b['other_indices']} targets outside the PCI (PAR "
        f"INDEX, SIPAS, PAPI, administrative reform) are shown in notebook `04_admin_reform`."))
else:
    out.append(T(f"- {province} không có mục tiêu nào trong năm văn bản.", f"- {province} has no target in the five documents."))
out.append(T(
    f"- Thang của kết luận: thứ hạng được mô phỏng và so sánh trên thang **{n_units} {'đơn vị' if map == '34' else 'tỉnh'}**"
    + (" (dữ liệu đến 2023 xếp hạng 63 tỉnh)" if map == "63" else " (khoảng mục tiêu «trên 63» được đổi sang khoảng tương đương trong 34)")
    + "; từ 2025 PCI xếp hạng 34 đơn vị, nên sổ mục tiêu ghi mỗi khoảng thứ hạng trên cả hai thang.",
    f"- Scale of the verdicts: ranks are simulated and compared on the **{n_units}-{'unit' if map == '34' else 'province'}** "
    f"scale" + (" (the data to 2023 rank 63 provinces)" if map == "63" else " (bands stated \"of 63\" read as the equivalent band among 34)")
    + "; from 2025 the PCI ranks 34 units, so the ledger gives every rank band on both scales."))
T.show(out)
