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
# # 05 · Khám phá số liệu / Explorer
#
# Chọn tỉnh, chỉ số và khoảng năm; biểu đồ và bảng cập nhật ngay.
# Pick provinces, an indicator and years; the chart and the table update as you go.
#
# Open this notebook in JupyterLab (`make lab`) and run all cells to get the controls.
# Each chart is also saved, with its source line, under `reports/explorer/` (named by the
# selection). Points drawn hollow come from a provincial document, not a VCCI workbook;
# dashed vertical lines are methodology breaks (scores are comparable only within a
# period, ranks across periods). Logic: `analysis.outputs.explorer`.

# %% tags=["parameters"]
provinces = ["Lai Châu", "Điện Biên"]  # one name or a list, any spelling
indicator = "pci"  # "pci" or a sub-index code, e.g. "transparency"
years = None  # None = every year with data, or (first, last)
measure = "score"  # "score" or "rank"
lang = "vi"  # "vi", "en" or "both"

# %%
from analysis.outputs import explorer
from analysis.data.loaders import load_pci

panel = load_pci()
app = explorer.explorer_app(panel, provinces, indicator, years, measure, lang)
app.ui

# %% [markdown]
# ## Lựa chọn hiện tại / The current selection
# The same chart and table as a plain output (what the HTML report shows; in JupyterLab,
# re-run this cell to keep a copy of the current selection).

# %%
from IPython.display import display

sel, fig, table, written = app.show(display=display)  # the app's last draw, or a new one if the controls moved

# %% [markdown]
# ## Mục tiêu của các tỉnh đã chọn / The selected provinces' targets
# <!-- vi -->
# Kết luận từng mục tiêu của các tỉnh đã chọn: đúng các dòng của notebook 03, sổ mục tiêu, bản tóm
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
# Mười thanh trượt: mức tăng mỗi năm của từng chỉ số thành phần, bắt đầu từ phương án ít tốn sức nhất cho mục tiêu
# thứ hạng PCI xa nhất của tỉnh đầu tiên (như trang 03); phân bố thứ hạng trong năm mục tiêu vẽ lại khi kéo.
# Ten sliders: the yearly gain of each sub-index, starting at the cheapest plan for the first province's furthest
# PCI rank target (as on page 03); the rank distribution in the target year redraws as you drag.
# Logic: `analysis.analyses.planner`, `analysis.outputs.explorer.planner_app`.

# %%
plan_app = explorer.planner_app(panel, provinces, lang=lang)
plan_app.ui
