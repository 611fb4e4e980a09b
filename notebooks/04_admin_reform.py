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
# # 04 · Cải cách hành chính / Administrative reform against its targets
#
# <!-- vi -->
# Các văn bản của tỉnh cam kết nhiều hơn một thứ hạng PCI: thứ hạng PAR INDEX, SIPAS và PAPI, dịch
# vụ công trực tuyến, hồ sơ xử lý trực tuyến, cán bộ cấp xã đạt chuẩn, đơn vị sự nghiệp tự chủ,
# số doanh nghiệp. Trang này lấy một tỉnh (Lai Châu có nhiều số liệu nhất: Quyết định
# 688/QĐ-UBND chép lại PAR INDEX 2016–2019 và Phụ lục 01 nêu số liệu gốc của từng chỉ tiêu cải cách
# hành chính) và trình bày:
#
# 1. chỉ số PAR INDEX tổng hợp và tám chỉ số thành phần cùng thứ hạng;
# 2. từng chỉ tiêu cải cách hành chính so với mục tiêu 2025 và 2030: số liệu gốc, diễn biến, đường
#    thẳng cần đạt, tốc độ trước đây kéo dài, và khoảng cách;
# 3. chỉ tiêu nào số liệu đánh giá được, và cần số liệu gì cho phần còn lại.
#
# Mọi con số được tính trong lần chạy này từ `data/seed_targets.csv` (mỗi mục tiêu kèm tệp và dòng
# của văn bản), `data/seed_par_index_laichau.csv` (tài liệu 002, Phụ lục 04), `data/pci_panel.csv`
# và `data/papi.csv`, qua `analysis.target_ledger` — cùng sổ mục tiêu trả lời mọi mục tiêu của năm
# văn bản (trang 03 lưu sổ đầy đủ, kèm xác suất dự báo, thành bảng `target_ledger`). Các mục
# tiêu PCI được trả lời trong trang 03.
# <!-- en -->
# The provincial documents commit to much more than a PCI rank: PAR INDEX, SIPAS and PAPI
# ranks, online public services, files processed online, qualified commune staff,
# self-financing public units, enterprise counts. This notebook takes one province (Lai
# Châu has the most data: decision 688/QĐ-UBND transcribes its PAR INDEX 2016–2019 and
# Appendix 01 states a baseline for each administrative-reform target) and shows:
#
# 1. the PAR INDEX composite and its eight components with their ranks;
# 2. every administrative-reform target against its 2025 and 2030 goals: baseline, the
#    path so far, the required straight line, the past pace carried on, and the gap;
# 3. which of them the data can judge, and what data would be needed for the rest.
#
# Every number is computed in this run from `data/seed_targets.csv` (each target with its
# seed file and line), `data/seed_par_index_laichau.csv` (seed 002, Appendix 04),
# `data/pci_panel.csv` and `data/papi.csv`, through `analysis.target_ledger` — the same
# ledger that answers every target of the five documents (notebook 03 saves the full ledger,
# with the projections' probabilities, as the `target_ledger` table). PCI targets are
# answered in notebook 03.

# %% tags=["parameters"]
province = "Lai Châu"
lang = "vi"  # "vi", "en" or "both"

# %%
import pandas as pd
from IPython.display import display

from analysis.analyses import admin_reform as ar
from analysis.analyses import ledger
from analysis.core.prose import Prose
from analysis.data import catalog
from analysis.data.loaders import load_papi, load_par_index, load_pci, load_targets
from analysis.outputs import reader
from analysis.outputs.charts import admin_reform as charts
from analysis.outputs.style import save_figure
from analysis.outputs.tables import save_table

pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 80)

T = Prose(lang)
reader.install(lang)  # every table on the page: headers, codes and numbers in the run's language
chart_lang = catalog.chart_language(lang)  # figures: the run's language (Vietnamese in a bilingual run)
par = load_par_index()
view = ar.province_reform(province, load_targets(), load_pci(), load_papi(), par)
province, slug = view.province, catalog.normalise_name(view.province)
full, rows, par_rows, gaps, can, cannot = view.full, view.rows, view.par_rows, view.gaps, view.can, view.cannot

# %% [markdown]
# ## PAR INDEX 2016–2019
# <!-- vi -->
# Chỉ số tổng hợp và tám chỉ số thành phần, điểm (hạng trên 63). Thứ hạng mà văn bản chỉ ghi bằng
# lời (ví dụ «trong 38 tỉnh đạt điểm tối đa») được giữ nguyên bằng lời.
# <!-- en -->
# Composite and the eight components, score (rank of 63). A rank the document writes only
# as text (e.g. "among the 38 provinces with the maximum score") is kept as text.

# %%
if len(par_rows):
    display(ar.par_index_wide(par_rows, lang))
    fig = charts.par_index_total(par_rows, province, chart_lang)
    save_figure(fig, f"04_par_index_total_{slug}", source=view.par_source)
    fig = charts.par_index_components(par_rows, chart_lang)
    save_figure(fig, f"04_par_index_components_{slug}", source=view.par_source)
else:
    T.show(ar.no_par_note(T, province, par))

# %% [markdown]
# ## Mục tiêu và khoảng cách / Targets, paths and gaps
# <!-- vi -->
# Với mỗi mục tiêu: điểm xuất phát (số liệu gốc đã nêu hoặc quan sát mới nhất, lấy cái mới hơn),
# đích (với một khoảng thứ hạng là đầu kém hơn: làm tốt hơn không phải là trượt), mức thay đổi cần
# mỗi năm, tốc độ trước đây kéo dài đến năm mục tiêu nếu có, và khoảng cách tại đó (dương = còn
# thiếu; với thứ hạng là số bậc còn phải leo).
# <!-- en -->
# For each target: where it starts (the newer of the stated baseline and the latest
# observation), the goal (for a rank band its worse end: doing better is not a miss), the
# change needed per year, the past pace carried on to the target year where a past pace
# exists, and the gap there (positive = shortfall; for ranks, places still to climb).

# %%
save_table(
    gaps,
    f"04_target_gaps_{slug}",
    description=f"{province}: administrative-reform targets, start, goal, required and past annual change, "
    "gap at the target year, status",
    source=view.targets_source + "; data/seed_targets.csv",
)
display(ar.gap_view(gaps, lang))

# %%
paths = ar.target_paths(rows, par)
if rows["kind"].isin(ledger.RANK_KINDS).any():
    fig = charts.rank_target_paths(paths, rows, chart_lang)
    save_figure(
        fig, f"04_rank_targets_{slug}", source=view.targets_source + ("; " + view.par_source if len(par_rows) else "")
    )
if len(gaps) and (gaps["kind"] == "percentage").any():
    fig = charts.percentage_targets(gaps, chart_lang)
    save_figure(fig, f"04_percentage_targets_{slug}", source=view.targets_source)

# %% [markdown]
# ## Dữ liệu đánh giá được gì / What the data can and cannot judge
# <!-- vi -->
# Số mục tiêu đánh giá được và không đánh giá được; với các mục tiêu không có số liệu, cần số liệu
# gì.
# <!-- en -->
# How many targets the data can and cannot judge; for those without data, what would be needed.

# %%
T.show(
    T(
        f"Đánh giá được (ít nhất trên chuỗi số liệu của tỉnh): {len(can)} mục tiêu; không có số liệu: {len(cannot)}.",
        f"Judgeable (at least on the province's own series): {len(can)} targets; no data to judge: {len(cannot)}.",
    )
)
display(ar.data_needed_view(cannot, lang))
display(
    can[["target_id", "target_text", "status", "latest_value", "latest_year", "latest_source_kind", "status_detail"]]
)

# %% [markdown]
# ## Sổ mục tiêu của cả năm văn bản / The ledger of all five documents
# <!-- vi -->
# Mỗi dòng của `data/seed_targets.csv` có một dòng trong sổ, không bỏ dòng nào; hai khoảng
# PCI 2025 của Lai Châu đứng cạnh nhau (`conflict_group`). Ở đây các mục tiêu PCI và PAPI ghi
# «chưa chạy dự báo»: trang 03 đưa xác suất của bộ máy dự báo vào cùng sổ này và lưu sổ đầy đủ
# thành bảng `target_ledger`; trang này lưu các dòng của tỉnh thành `04_target_ledger_<tỉnh>`.
# <!-- en -->
# One row per row of `data/seed_targets.csv`, none dropped; Lai Châu's two 2025 PCI
# bands stay side by side (`conflict_group`). PCI and PAPI targets read "projection not
# run" here: notebook 03 merges the projection engine's probabilities into the same ledger
# and saves it as the `target_ledger` table; this notebook saves the province's rows as
# `04_target_ledger_<province>`.

# %%
save_table(
    view.ledger_rows(),
    f"04_target_ledger_{slug}",
    description=f"{province}: every target row of its seed documents from the target ledger (without "
    "projections; notebook 03's target_ledger has them): baseline, latest observation, required "
    "and historical annual change, share of windows achieving it, status (analysis.target_ledger)",
    source=view.ledger_source(),
)
display(ledger.status_counts(full).assign(label=lambda d: d["status"].map(lambda s: ledger.status_label(s, lang))))
display(
    full[
        [
            "province",
            "index",
            "target_text",
            "conflict_group",
            "status",
            "required_annual_change",
            "change_unit",
            "share_any_province_achieving",
        ]
    ]
)


# %% [markdown]
# ## Tóm tắt / What this shows

# %% tags=["summary"]
T.show(ar.summary_lines(view, lang))
