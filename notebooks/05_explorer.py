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
# # 05 · Khám phá số liệu / Explorer
#
# <!-- vi -->
# Chọn tỉnh, chỉ số và khoảng năm; biểu đồ và bảng cập nhật ngay. Mở tệp này trong JupyterLab
# (`make lab`) và chạy mọi ô để có các nút chọn. Mỗi biểu đồ cũng được lưu, kèm dòng nguồn, trong
# `reports/explorer/` (tên theo lựa chọn). Chấm đặc là số liệu từ bảng số liệu chính thức của VCCI; chấm
# rỗng là mọi loại nguồn khác (trang pcivietnam.vn, bộ dữ liệu nghiên cứu, tài liệu của tỉnh, báo chí, giá
# trị do dự án tính), mỗi loại một hình, ghi trong chú giải. Nét đứt dọc là các lần đổi phương pháp: điểm
# chỉ so sánh được trong cùng một giai đoạn. Mã: `analysis.outputs.explorer`.
# <!-- en -->
# Pick provinces, an indicator and years; the chart and the table update as you go. Open this notebook
# in JupyterLab (`make lab`) and run all cells to get the controls. Each chart is also saved, with its
# source line, under `reports/explorer/` (named by the selection). Filled points come from an official
# VCCI workbook; hollow points from any other kind of source (pcivietnam.vn pages, the research panel, a
# provincial document, the press, values derived by this project), one shape per kind, named in the
# legend. Dashed vertical lines are methodology breaks: scores compare only within a period. Logic:
# `analysis.outputs.explorer`.

# %% tags=["parameters"]
provinces = ["Lai Châu", "Điện Biên"]  # one name or a list, any spelling
indicator = "pci"  # "pci" or a sub-index code, e.g. "transparency"
years = None  # None = every year with data, or (first, last)
measure = "score"  # "score" or "rank"
lang = "vi"  # "vi", "en" or "both"

# %%
from analysis.core.prose import Prose
from analysis.data.loaders import load_pci
from analysis.outputs import explorer, reader

T = Prose(lang)
reader.install(lang)  # every table on the page: headers, codes and numbers in the run's language
panel = load_pci()
app = explorer.explorer_app(panel, provinces, indicator, years, measure, lang)
app.ui

# %% [markdown]
# ## Lựa chọn hiện tại / The current selection
# <!-- vi -->
# Biểu đồ và bảng của lựa chọn hiện tại, dưới dạng kết quả thường (trang HTML hiển thị phần này; trong
# JupyterLab, chạy lại ô này để giữ một bản của lựa chọn hiện tại).
# <!-- en -->
# The same chart and table as a plain output (what the HTML report shows; in JupyterLab,
# re-run this cell to keep a copy of the current selection).

# %%
from IPython.display import display

sel, fig, table, written = app.show(display=display)  # the app's last draw, or a new one if the controls moved

# %% [markdown]
# ## Tóm tắt / What this shows

# %%
T.show(explorer.summary_lines(sel, table))

# %% [markdown]
# ## Mục tiêu của các tỉnh đã chọn / The selected provinces' targets
# <!-- vi -->
# Kết luận từng mục tiêu của các tỉnh đã chọn: đúng các dòng của trang 03, sổ mục tiêu, bản tóm
# tắt tỉnh và bảng Excel (`analysis.analyses.targets`), không tính lại gì.
# <!-- en -->
# The verdict on each target of the selected provinces: the very rows of notebook 03, the
# ledger, the province brief and the workbook (`analysis.analyses.targets`), nothing recomputed.

# %%
import pandas as pd

with pd.option_context("display.max_colwidth", None):
    display(explorer.target_verdicts(sel.provinces, lang))

# %% [markdown]
# ## Cần gì để đạt mục tiêu? / What would it take?
# <!-- vi -->
# Mười thanh trượt: mức tăng mỗi năm của từng chỉ số thành phần, bắt đầu từ phương án ít tốn sức nhất cho mục tiêu
# thứ hạng PCI xa nhất của tỉnh đầu tiên (như trang 03); phân bố thứ hạng trong năm mục tiêu vẽ lại khi kéo
# (`analysis.analyses.planner`, `analysis.outputs.explorer.planner_app`).
# <!-- en -->
# Ten sliders: the yearly gain of each sub-index, starting at the cheapest plan for the first province's furthest
# PCI rank target (as on page 03); the rank distribution in the target year redraws as you drag
# (`analysis.analyses.planner`, `analysis.outputs.explorer.planner_app`).

# %%
plan_app = explorer.planner_app(panel, provinces, lang=lang)
plan_app.ui
