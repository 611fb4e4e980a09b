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
# # 03 · Mục tiêu có đạt được không? / Are the targets reachable?
#
# <!-- vi -->
# Các tỉnh đã ghi mục tiêu PCI vào văn bản: Lai Châu (Quyết định 688/QĐ-UBND, 2021), Điện Biên
# (Nghị quyết 2021–2025), Hà Tĩnh (dự thảo nghị quyết, 2022) và Quảng Ninh (Nghị quyết 05-NQ/TU,
# theo tin năm 2024). Trang này mô phỏng đồng thời điểm và thứ hạng PCI của mọi tỉnh đến các
# năm mục tiêu — **một lần**, với mọi phương pháp — và hỏi, với từng mục tiêu, khả năng đạt là bao
# nhiêu nếu tốc độ thay đổi vẫn như trước. Phương pháp mặc định là phương pháp mà kiểm định ngoài
# mẫu cuốn chiếu đã chọn (`python -m analysis backtest` ghi `data/projection_default.csv`); kỹ
# năng của nó so với «giữ nguyên» được trình bày trước.
#
# Mục tiêu được hiểu như tỉnh muốn nói: «vào nhóm 45–55» là đạt khi xếp hạng 55 hoặc tốt hơn,
# «tăng 0,3–0,8 điểm/năm» là đạt khi tăng từ 0,3 trở lên. Xác suất và kết luận chính theo cách
# hiểu «ít nhất» này; «trong đúng khoảng» đặt bên cạnh. Xác suất không dự báo chính sách: chúng
# cho biết điều gì xảy ra nếu mọi tỉnh tiếp tục thay đổi như đã từng. Mọi mục tiêu của các văn bản
# (cả PAR INDEX, SIPAS, PAPI và các chỉ tiêu cải cách hành chính) có một dòng trong sổ mục tiêu
# (`analysis.target_ledger`) ở cuối trang.
# <!-- en -->
# These provinces have written PCI targets into their plans: Lai Châu (Decision 688/QĐ-UBND,
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
# Every target of the documents (PAR INDEX, SIPAS, PAPI and the administrative-reform
# figures too) has a row in the target ledger (`analysis.target_ledger`) at the end.

# %% tags=["parameters"]
province = "Lai Châu"
target_years = [2025, 2030]
method = "all"  # "all" (every method side by side, the default highlighted) or one method name
draws = 4000  # the default is analysis.analyses.targets.DRAWS (page 03, ledger, brief, workbook use it)
window = None  # None = the methodology period of the last common year
seed = 0  # the default is analysis.analyses.targets.SEED
lang = "vi"  # "vi", "en" or "both"
map = "63"  # "63": ranks among the 63 provinces; "34": project the 34 units of the 2025 map (bands converted)

# %%
import pandas as pd
from IPython.display import display

from analysis.analyses import backtesting, planner
from analysis.analyses.backtesting import skill_by_horizon
from analysis.core.prose import Prose
from analysis.data import loaders
from analysis.outputs import reachability_run, reader
from analysis.outputs.charts import planner as planner_charts
from analysis.outputs.charts import project as project_charts
from analysis.outputs.narrative import planner as planner_text
from analysis.outputs.style import save_figure

pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 30)
pd.set_option("display.width", 200)

T = Prose(lang)
reader.install(lang)  # every table on the page: headers, codes and numbers in the run's language
# ONE joint simulation per indicator (PCI and sub-indices on the chosen map; PAPI): every table, chart and
# sentence below, and the target ledger, read these draws (analysis.outputs.reachability_run)
run = reachability_run.run(
    province, target_years=target_years, method=method, draws=draws, window=window, seed=seed, lang=lang, map=map
)

# %% [markdown]
# ## Kết luận từng mục tiêu / The verdict on each target
# <!-- vi -->
# Mỗi mục tiêu của tỉnh một dòng (`analysis.analyses.targets`): tỉnh đang ở đâu (giá trị, thứ hạng,
# năm, loại nguồn), mục tiêu đòi hỏi gì và tốc độ đã đạt trong một giai đoạn phương pháp, xác suất
# «ít nhất» và «trong đúng khoảng», kết luận, và ấn phẩm nào sẽ kiểm tra được. Sổ mục tiêu, bản tóm
# tắt tỉnh và bảng Excel đọc cùng các dòng này.
# <!-- en -->
# One row per target of the province (`analysis.analyses.targets`): where it stands now (value,
# rank, year, source kind), what the target needs and the pace achieved within one methodology
# period, the "at least" and "within" probabilities, the verdict, and which publication will
# check it. The ledger, the province brief and the workbook read the same rows.

# %% tags=["summary"]
run.save_table("target_verdicts")
with pd.option_context("display.max_colwidth", None):
    display(run.verdict_table())
T.show(run.verdict_lines())

# %% [markdown]
# ## Cách đọc / How to read this page

# %%
T.show(run.intro())

# %% [markdown]
# ## Dự báo tốt đến đâu? / How good is the projection?
# <!-- vi -->
# Từ mọi năm gốc mà số liệu cho phép, mỗi phương pháp dự báo mọi tỉnh trước một đến nhiều năm
# (tầm dự báo ghi dưới biểu đồ) khi đã bỏ hết số liệu về sau, rồi thứ hạng mô phỏng được chấm điểm so với thứ hạng thực tế (thứ hạng so sánh
# được qua các lần đổi phương pháp PCI; điểm số thì không). Các con số lấy từ
# `data/projection_skill.csv` và `data/projection_backtest.csv` (thang 63 tỉnh).
# <!-- en -->
# From every origin year the data allow, each method projected every province one or more
# years ahead (the horizons are named under the chart) with everything later removed, and the
# simulated ranks were scored against the ranks the provinces got (ranks are comparable across methodology breaks; scores are not).
# The numbers come from the committed `data/projection_skill.csv` and
# `data/projection_backtest.csv` (the 63-province scale).

# %%
run.save_table("projection_backtest")
T.show(run.backtest_text("pci"))
display(run.skill_display())
fig = project_charts.skill_chart(skill_by_horizon(run.backtest_pci), run.chart_lang, default_method=run.default)
_ = save_figure(fig, "03_skill_by_horizon", source=run.backtest_source)

# %%
# by origin period: where the default's edge over persistence lives (data/projection_skill_by_period.csv)
T.show(backtesting.edge_text(loaders.load_projection_default(), "pci", lang))
backtesting.period_table(loaders.load_projection_skill_by_period(), loaders.load_projection_default(), "pci", lang)

# %%
fig = project_charts.reliability_chart(**run.calibration_inputs())
_ = save_figure(fig, "03_calibration", source=run.backtest_source)

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
T.show(run.caveats_text())
display(run.observability_display())

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
fig = project_charts.fan_chart(**run.fan_inputs())
_ = save_figure(fig, f"03_fan_{run.slug}", source=run.fig_source)
display(run.province_summary())

# %% [markdown]
# ## Thứ hạng dự báo trong từng năm mục tiêu / Projected rank in each target year
# <!-- vi -->
# Tỷ lệ số lần mô phỏng kết thúc ở từng thứ hạng (phương pháp mặc định); các khoảng thứ hạng mục
# tiêu được tô màu; đường gạch là ngưỡng công bố top 30 của VCCI từ PCI 2023.
# <!-- en -->
# Share of draws ending at each rank (default method); target rank bands shaded; the dashed
# line is VCCI's top-30 publication cut-off from PCI 2023.

# %%
fig = project_charts.rank_distribution_chart(**run.rank_distribution_inputs())
_ = save_figure(fig, f"03_rank_distribution_{run.slug}", source=run.fig_source)
T.show(run.rank_lines())

# %% [markdown]
# ## Mọi mục tiêu PCI / Every PCI target
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
run.save_table("target_reachability")
display(run.probability_wide(run.results))
T.show(run.verdict_rule_text())
fig = project_charts.probability_chart(**run.probability_inputs())
_ = save_figure(fig, "03_probabilities", source=run.probability_source)

# %% [markdown]
# ## Tốc độ cần đạt và tốc độ đã đạt / Required vs historical pace
# <!-- vi -->
# Đỏ: mức tăng bình quân mỗi năm mà mục tiêu đòi hỏi (cách hiểu «ít nhất»: đến đầu kém hơn của
# khoảng) kể từ quan sát cuối cùng của tỉnh. Xanh: mức thay đổi bình quân mỗi năm của chính tỉnh
# trong giai đoạn phương pháp của quan sát cuối (không vắt qua lần đổi phương pháp).
# Dưới mỗi mục tiêu: tỷ lệ các cửa sổ 5 năm của mọi tỉnh từng tăng nhanh như vậy, và kết luận.
# <!-- en -->
# Red: the average annual gain the target needs ("at least": to the worse end of a band) from
# the province's last observation. Blue: the province's own average annual change within the
# methodology period of its last observation (never across a break). Under
# each target: how many of all provinces' 5-year windows rose that fast, and the verdict.

# %%
pace = run.pace_inputs()
if pace is None:
    T.show(run.no_pace_text())
else:
    fig = project_charts.pace_chart(pace, run.province, run.chart_lang, period=run.pace_period())
    _ = save_figure(fig, f"03_pace_{run.slug}", source=run.fig_source)

# %% [markdown]
# ## Cần gì để đạt mục tiêu? / What would it take?
# <!-- vi -->
# Với mục tiêu thứ hạng PCI xa nhất của tỉnh: điểm PCI cần có để vào nhóm mục tiêu với xác suất 70% khi mọi tỉnh
# khác tiến như trong lần mô phỏng ở trên, rồi **tổ hợp mức tăng hằng năm của mười chỉ số thành phần ít tốn sức
# nhất** theo trọng số đang áp dụng. «Sức» của một mức tăng đo bằng tỷ lệ tỉnh-năm từng tăng ít nhất chừng ấy trong
# một năm (cùng một giai đoạn phương pháp); mức chưa tỉnh nào đạt được đánh dấu. Kế hoạch tỉnh tự viết (nếu có số)
# được đánh giá cùng cách. Cách tính: `analysis.analyses.planner`.
# <!-- en -->
# For the province's furthest PCI rank target: the composite that puts it in the band with probability 70% when
# every other province moves as in the simulation above, then **the cheapest combination of yearly gains of the ten
# sub-indices** under the weights in force. A gain's "effort" is measured by the share of province-years that
# gained at least that much in a year (within one methodology period); gains no province has shown are flagged.
# The plan the province wrote (where it gives numbers) is evaluated the same way. Method: `analysis.analyses.planner`.

# %%
plan = planner.province_plan(run.proj, run.panel, run.province, run.evaluable, years=run.target_years, method=run.shown)
if plan is None:
    T.show(
        T(
            "Tỉnh không có mục tiêu thứ hạng PCI trong các năm mục tiêu của lần chạy này.",
            "The province has no PCI rank target in this run's target years.",
        )
    )
else:
    T.show(planner_text.plan_lines(plan, lang))
    display(planner_text.plan_table(plan, lang))
    display(planner_text.scenario_table(plan, lang))
    fig = planner_charts.plan_gains_chart(plan, run.chart_lang)
    _ = save_figure(
        fig, f"03_plan_{run.slug}", source=planner_text.plan_source(plan, run.chart_lang), lang=run.chart_lang
    )

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
display(run.probability_wide(run.papi_results))
T.show(run.backtest_text("papi"))

# %% [markdown]
# ## Sổ mục tiêu / The target ledger
# <!-- vi -->
# Mọi dòng của `data/seed_targets.csv` (mục tiêu và số liệu gốc của các văn bản), mỗi dòng một câu
# trả lời (`analysis.target_ledger`): các mục tiêu PCI và PAPI lấy xác suất và kết luận từ đúng lần
# mô phỏng ở trên (phương pháp mặc định); mục tiêu mà số liệu đã quyết định được nêu là sự thật;
# PAR INDEX của Lai Châu chỉ đánh giá được trên chuỗi số liệu của chính tỉnh; phần còn lại ghi rõ
# cần số liệu gì. Mỗi mục tiêu thứ hạng có khoảng trên thang 63 tỉnh, dưới dạng phân vị, và khoảng
# tương đương trong 34 đơn vị của bản đồ 2025; `verdict_scale` cho biết kết luận được tính trên thang
# nào. Các mục tiêu cải cách hành chính (PAR INDEX, SIPAS, tỷ lệ dịch vụ công trực tuyến …) được
# trình bày chi tiết trong trang `04_admin_reform`.
# <!-- en -->
# Every row of `data/seed_targets.csv` (the documents' targets and baselines), each with
# an answer (`analysis.target_ledger`): PCI and PAPI targets take their probability and
# verdict from the very simulation above (default method); targets the data already decide
# are stated as facts; Lai Châu's PAR INDEX can be judged only on its own series; the rest
# say what data would be needed. Every rank target carries its band on the 63-province scale,
# as percentiles, and the equivalent band among the 34 units of the 2025 map; `verdict_scale`
# says on which scale the verdict was computed. The administrative-reform targets (PAR INDEX,
# SIPAS, online public services …) are shown in detail in notebook `04_admin_reform`.

# %%
run.save_table("target_ledger")
display(run.ledger_by_province_display())
if len(run.province_ledger()):  # the province's rank, PCI and PAPI targets; the others are in notebook 04
    display(run.province_ledger())

# %% [markdown]
# ## Mọi mục tiêu, chi tiết / Every target in detail

# %%
T.show(run.summary_lines())
