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
# # 00 · Dữ liệu / The data
#
# <!-- vi -->
# Dự án đã nạp những dữ liệu nào, mỗi con số lấy từ đâu, bao phủ những năm và tỉnh nào,
# phương pháp tính thay đổi ở đâu, và biểu đồ đầu tiên: điểm và thứ hạng PCI tổng hợp của
# một tỉnh. Mọi bảng dưới đây được đọc qua gói `analysis` từ `data/`, do trình nhập dữ liệu
# xây dựng từ các tệp Excel chính thức của VCCI và các tài liệu gốc.
# <!-- en -->
# What this project has loaded, where each number comes from, which years and provinces
# it covers, where the methodology breaks, and a first chart: one province's PCI composite
# score and rank. Every table below is read through the `analysis` package from `data/`,
# which the importer built from the official VCCI workbooks, the pcivietnam.vn pages, a
# research panel, the press and the seed documents — every value says which kind of source
# it comes from (`source_kind`) and exactly where (`source_file`, `source_locator`, `source_url`).

# %% tags=["parameters"]
province = "Lai Châu"
lang = "vi"  # "vi", "en" or "both"

# %%
from IPython.display import display

import analysis
from analysis.analyses import overview, trends
from analysis.core.prose import Prose
from analysis.data import catalog, coverage, loaders
from analysis.outputs import reader
from analysis.outputs.charts import overview as overview_charts

panel = analysis.load_pci()
provinces = analysis.load_provinces()
findings = analysis.load_validation_findings()
pci = panel[panel["indicator"] == "pci"]
slug = catalog.normalise_name(province)
T = Prose(lang)  # generated prose in the run's language
reader.install(lang)  # every table on the page: headers, codes and numbers in the run's language
chart_lang = catalog.chart_language(lang)  # figures: the run's language (Vietnamese in a bilingual run)

# %% [markdown]
# ## Nguồn của các con số / Where the numbers come from
# <!-- vi -->
# Mỗi dòng là một tệp đầu vào: trình nhập ghi lại mã SHA-256 của tệp và các trang tính đã đọc, nên
# một bản tải về bị thay đổi sẽ lộ ra (bố cục nhận ra và trình đọc của từng tệp: `data/sources.csv`).
# <!-- en -->
# One row per input file: the importer records each file's SHA-256 and the sheets it read, so a
# changed download is visible (the layout it recognised and the reader of each file: `data/sources.csv`).

# %%
analysis.load_sources()[["file", "role", "year", "sheets_read", "rows_read", "sha256"]]

# %% [markdown]
# ## Độ phủ theo năm / Coverage by year
# <!-- vi -->
# Số tỉnh có điểm tổng hợp, các chỉ số thành phần được công bố, và giai đoạn phương pháp.
# <!-- en -->
# Provinces with a composite score, sub-indices published, and the methodology period.

# %%
cov = overview.coverage(panel)
T.show(overview.coverage_text(panel, lang))
T.show(overview.partial_text(panel, lang))
cov

# %%
fig = overview_charts.coverage_chart(cov[cov["year"].isin(coverage.full_years(panel))], lang=chart_lang)
analysis.save_figure(fig, "00_coverage", source=trends.source_line(pci))

# %% [markdown]
# ## Nguồn theo loại / Coverage by source kind
# <!-- vi -->
# Năm × chỉ số (màu: loại nguồn của phần lớn giá trị; số: số tỉnh) và, với điểm tổng hợp, năm ×
# tỉnh. Năm 2023 có đủ mười chỉ số thành phần từ tệp 2023 theo mẫu VCCI và điểm tổng hợp *do dự án
# tính* với trọng số 2022 (không bao giờ hiển thị như số công bố); các chỉ số thành phần 2020–2022
# chỉ có cho một số ít tỉnh.
# <!-- en -->
# Year × indicator (colour: the kind of source most values come from; number: provinces) and,
# for the composite, year × province. 2023 has all ten sub-indices from the VCCI-format 2023
# workbook and a composite *derived* by this project with the 2022 weights (never shown as
# published); 2020–2022 sub-indices exist for a few provinces only.

# %%
fig = overview_charts.coverage_by_kind(panel, lang=chart_lang)
analysis.save_figure(fig, "00_coverage_by_kind", source=trends.source_line(panel))
fig = overview_charts.composite_coverage_by_province(panel, lang=chart_lang)
analysis.save_figure(fig, "00_composite_coverage_by_province", source=trends.source_line(pci))

# %% [markdown]
# ## Đối chiếu giữa các nguồn / Agreement between sources
# <!-- vi -->
# Khi nhiều nguồn cho cùng một giá trị, giá trị từ loại nguồn cao nhất được giữ (bảng số liệu chính
# thức > trang chính thức > văn bản của tỉnh > bộ dữ liệu nghiên cứu > tính toán của dự án > báo chí)
# và mỗi giá trị khác được so với nó, trong phạm vi làm tròn mà nguồn kia công bố. Mỗi dòng là một
# cặp nguồn, một năm và một trường (điểm hoặc thứ hạng).
# <!-- en -->
# Where several sources give the same value, the highest kind is kept (official workbook >
# official page > the province's own document > research panel > derived > press) and every
# other one is compared with it, within the rounding the other source publishes. One row per
# pair of sources, year and field (score or rank).

# %%
agreement = loaders.load_source_agreement()
T.show(overview.agreement_text(agreement, loaders.load_source_comparisons(), lang))
fig = overview_charts.agreement_chart(agreement, lang=chart_lang)
analysis.save_figure(fig, "00_source_agreement", source="data/source_agreement.csv; " + trends.source_line(panel))
agreement

# %%
overview.disagreement_columns(loaders.load_source_comparisons())

# %% [markdown]
# ## Các lần đổi phương pháp / Methodology breaks
# <!-- vi -->
# Điểm chỉ so sánh được trong cùng một giai đoạn, không so qua một lần đổi phương pháp: chỉ
# số 2005 dùng cách tính riêng; trọng số đổi năm 2009, 2013 và 2022 (bộ trọng số 2022 tái lập từ
# các số liệu công bố 2022–2023); giai đoạn 2009–2012 không đo chỉ số thiên vị chính sách; từ PCI
# 2023 VCCI chỉ công bố 30 tỉnh đứng đầu, nên điểm tổng hợp 2023 của các tỉnh khác do dự án tính.
# <!-- en -->
# Scores are comparable within a period, not across a break: the 2005 index used its own
# scheme; weights changed in 2009, 2013 and 2022 (the 2022 set recovered from the published
# 2022–2023 figures); policy bias was not measured 2009–2012; from PCI 2023 VCCI publishes
# only the 30 best provinces, so the 2023 composite of the others is derived here.

# %%
display(overview.breaks_table(lang))
catalog.load_weights().drop(columns=["source"])

# %% [markdown]
# ## Kết quả kiểm tra dữ liệu / Validation findings
# <!-- vi -->
# Trình nhập kiểm tra từng năm (khoảng điểm, số tỉnh, thứ hạng so với điểm, điểm tổng hợp
# tính lại từ các chỉ số thành phần theo trọng số của giai đoạn, sự khớp giữa tệp chính thức
# và bản chép từ tài liệu gốc). Các phát hiện được ghi lại, không bao giờ bị "sửa".
# <!-- en -->
# The importer checks every year (score ranges, province counts, ranks against scores, the
# composite recomputed from the sub-indices with that period's weights, agreement between
# the official workbook and the seed transcription). Findings are recorded, never "fixed".

# %%
overview.findings_summary(findings)

# %% [markdown]
# ## Tỉnh và vùng / Provinces and regions
# <!-- vi -->
# Danh mục tỉnh, với mã của Tổng cục Thống kê (GSO) và sáu vùng kinh tế – xã hội.
# <!-- en -->
# The catalogue of provinces, with GSO codes and the six GSO socio-economic regions.

# %%
T.show(overview.provinces_text(provinces, lang))
overview.regions_table(provinces)

# %% [markdown]
# ## Mục tiêu trong các tài liệu gốc / Targets from the seed documents
# <!-- vi -->
# Mỗi dòng một mục tiêu, kèm nguyên văn câu trích.
# <!-- en -->
# One row per target, with the verbatim sentence it comes from.

# %%
analysis.load_targets()[["province", "index", "kind", "value_low", "value_high", "target_year", "source"]]

# %% [markdown]
# ## Điểm và thứ hạng PCI của tỉnh / A first chart: the province's composite score and rank

# %%
series, recent = overview.recent_composite(panel, province, years=5)
fig = overview_charts.composite_score_and_rank(recent, province, lang=chart_lang)
analysis.save_figure(fig, f"00_composite_{slug}", source=overview.composite_source(panel, province, recent["year"]))
recent

# %% [markdown]
# ## Tóm tắt / What this shows

# %% tags=["summary"]
T.show(overview.summary_lines(series, recent, findings, province, lang))
