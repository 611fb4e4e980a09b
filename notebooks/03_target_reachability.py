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
# Four provinces have written PCI targets into their plans: Lai Châu (Decision
# 688/QĐ-UBND, 2021), Điện Biên (Party resolution 2021–2025), Hà Tĩnh (draft resolution,
# 2022) and Quảng Ninh (Resolution 05-NQ/TU, as reported in 2024). This notebook projects
# every province's PCI score and rank jointly to the target years and asks, for each
# target, **how likely it is at the pace seen so far** — with four methods side by side
# (`analysis.project`: persistence, own trend, own average change, one pooled model), an
# honest interval, and a check of how those intervals did on years we already know.
#
# Probabilities are not forecasts of policy: they say what happens if the province and
# everybody else keep changing the way they did in the estimation window. Every number
# below is computed in this run from `data/pci_panel.csv` (official VCCI workbooks; Lai
# Châu 2019–2020 from decision 688/QĐ-UBND, Appendix 03) and `data/seed_targets.csv`
# (targets, each with file, section and line of the seed document).

# %% tags=["parameters"]
province = "Lai Châu"
target_years = [2025, 2030]
method = "all"  # "all" or one of "persistence", "trend", "drift", "pooled"
draws = 10000
window = None  # None = the methodology period of the last common year (2013 on)
seed = 0
lang = "vi"  # "vi", "en" or "both"

# %%
import re

import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from analysis import catalog, reachability, trends
from analysis.charts import project as project_charts
from analysis.loaders import load_pci
from analysis.project import (METHODS, backtest, choose_default_method, common_last_year, normalise_methods, project,
                              required_pace)
from analysis.loaders import load_targets
from analysis.style import save_figure
from analysis.tables import save_table

pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 30)
pd.set_option("display.width", 200)

BACKTEST_ORIGINS, BACKTEST_HORIZONS, BACKTEST_DRAWS = (2015, 2016, 2017), (1, 2, 3), 1500


def T(vi, en):
    return catalog.text(vi, en, lang)


def pct(p):
    return "–" if pd.isna(p) else f"{p:.0%}"


def num(x, d=2):
    return "–" if pd.isna(x) else f"{x:+.{d}f}"


panel = load_pci()
targets = load_targets()
prov = catalog.resolve_province(province)
province = prov.name
slug = catalog.normalise_name(province)
methods = normalise_methods(method)
last_common = common_last_year(panel)
evaluable, not_evaluable = reachability.pci_targets(targets, panel)
obs = reachability.observability(evaluable)

# sources: the workbooks of the estimation window and of the gain history, the seed rows used
pci_rows = panel[(panel["indicator"] == "pci") & panel["score"].notna()]
data_source = trends.source_line(pci_rows[pci_rows["year"] >= 2006])


def target_source(rows):
    """'file: section; section' per seed file of the targets (line numbers are in the tables)."""
    by_file = {}
    for f, sec in zip(rows["source_file"], rows["source_section"]):
        by_file.setdefault(f, []).append(re.sub(r",?\s*\([^)]*\)", "", sec).strip(" ,"))
    return "; ".join(f"{f}: {', '.join(dict.fromkeys(secs))}" for f, secs in by_file.items())


mine = evaluable[evaluable["province_code"] == prov.code]
fig_source = data_source + (f"; targets: {target_source(mine)}" if len(mine) else "")
display(Markdown(T(
    f"Tỉnh: **{province}**. Năm mục tiêu: {', '.join(map(str, target_years))}. Số lần mô phỏng: {draws:,}; "
    f"seed {seed}. Có {len(evaluable)} mục tiêu PCI đánh giá được từ bảng số liệu (của "
    f"{evaluable['province'].nunique()} tỉnh); {len(not_evaluable)} dòng còn lại của bảng mục tiêu là các chỉ số "
    f"không có trong bảng PCI (PAR INDEX, SIPAS, PAPI, DTI…) hoặc không phải mục tiêu thứ hạng/điểm.",
    f"Province: **{province}**. Target years: {', '.join(map(str, target_years))}. Draws: {draws:,}; seed {seed}. "
    f"{len(evaluable)} PCI targets of {evaluable['province'].nunique()} provinces can be evaluated from the panel; "
    f"the other {len(not_evaluable)} rows of the targets table are indices the PCI panel does not hold "
    f"(PAR INDEX, SIPAS, PAPI, DTI, …) or are not rank/score targets.")))

# %% [markdown]
# ## What the projection rests on
# Three caveats, worded from the data: what the simulation conditions on, which targets
# VCCI's top-30-only publication (from PCI 2023) can show at all, and the changing number
# of provinces.

# %%
win = project(panel, target_years=[last_common + 1], method="persistence", draws=10, seed=seed, window=window).window
for para in reachability.caveats(panel, obs, win, lang=lang):
    display(Markdown(para))
display(obs)

# %% [markdown]
# ### Years after the common last year
# When a province has later data than everybody else (Lai Châu 2019–2020, from its own
# document), the simulation sets its score to the observed value in those years. The
# others' movements in those years are unknown, so the province's simulated rank there
# need not match the rank it actually got. The table compares the two.

# %%
later = reachability.later_year_check(panel, province, method=methods, draws=2000, seed=seed, window=window)
if later.empty:
    display(Markdown(T(f"{province} không có số liệu sau năm {last_common}: không cần kiểm tra này.",
                       f"{province} has no data after {last_common}: nothing to check here.")))
else:
    display(later.drop(columns=["source"]))
    lines = []
    for yr, d in later.groupby("year"):
        r0 = d.iloc[0]
        sims = ", ".join(f"{project_charts.method_label(m, lang)} {q:.0f}" for m, q in zip(d["method"], d["sim_median_rank"]))
        lines.append(T(f"- {yr}: điểm {r0['observed_score']:.2f}, hạng công bố **{r0['published_rank']}**; hạng mô phỏng "
                       f"(trung vị) {sims}. Nguồn: {r0['source']}.",
                       f"- {yr}: score {r0['observed_score']:.2f}, published rank **{r0['published_rank']}**; simulated "
                       f"median rank {sims}. Source: {r0['source']}."))
    display(Markdown("\n".join(lines)))

# %% [markdown]
# ## Backtest: how did each method do on years we know?
# From each origin year (`BACKTEST_ORIGINS`, set at the top) the panel is cut at the origin,
# every method projects `BACKTEST_HORIZONS` years ahead within one methodology period, and
# the projection is compared with what
# VCCI published: rank and score mean absolute error, the share of actual scores inside the
# 80% interval (should be near 0.80), and the Brier score of "ends in the top 30".

# %%
bt, oos = backtest(panel, origins=BACKTEST_ORIGINS, horizons=BACKTEST_HORIZONS, method="all", draws=BACKTEST_DRAWS,
                   seed=seed, window=window, top_k=reachability.PUBLISHED_TOP, detail=True,
                   levels=reachability.CALIBRATION_LEVELS)
bt_years = sorted({o + h for o in BACKTEST_ORIGINS for h in BACKTEST_HORIZONS if o + h <= last_common})
save_table(bt, "projection_backtest",
           description=(f"Pseudo-out-of-sample backtest of the PCI projection methods: origins "
                        f"{', '.join(map(str, BACKTEST_ORIGINS))}, horizons 1-3 years, estimation window from 2013 "
                        f"(methodology period 2013-), {BACKTEST_DRAWS} draws; rank/score MAE, 80% interval coverage, "
                        f"Brier score of 'ends in the top {reachability.PUBLISHED_TOP}'"),
           source=trends.source_line(pci_rows[pci_rows["year"].between(2013, last_common)]))
default_method = choose_default_method(bt)
pooled = (bt.assign(w=bt["n"]).groupby("method", sort=False)
            .apply(lambda d: pd.Series({c: np.average(d[c], weights=d["n"]) for c in
                                        ["rank_mae", "score_mae", "coverage_80", "brier"]} | {"n": d["n"].sum()}),
                   include_groups=False))
display(bt)
display(pooled)
best = pooled.loc[default_method]
cov_ok = pooled[(pooled["coverage_80"] - 0.8).abs() <= 0.10].index.tolist()
display(Markdown(T(
    f"Quy tắc chọn (`choose_default_method`): trong các phương pháp có độ phủ khoảng 80% nằm trong 0,80 ± 0,10 "
    f"(gộp các tầm dự báo: {', '.join(project_charts.method_label(m, lang) for m in cov_ok) or 'không có'}), "
    f"chọn phương pháp có sai số thứ hạng nhỏ nhất. Kết quả: **{project_charts.method_label(default_method, lang)}** "
    f"(`{default_method}`): sai số thứ hạng TB {best['rank_mae']:.1f} bậc, sai số điểm TB {best['score_mae']:.2f}, "
    f"độ phủ khoảng 80% là {best['coverage_80']:.0%}, Brier {best['brier']:.3f}. Lưu ý: {int(pooled['n'].max())} cặp "
    f"tỉnh–năm mỗi phương pháp chỉ dựa trên {len(bt_years)} năm đích ({', '.join(map(str, bt_years))}); mọi tỉnh trong "
    f"một năm chịu chung một cú sốc, nên độ phủ thực chất chỉ được kiểm tra trên vài năm.",
    f"Rule (`choose_default_method`): among methods whose pooled 80%-interval coverage is within 0.80 ± 0.10 "
    f"({', '.join(m for m in cov_ok) or 'none'}), take the lowest rank MAE. Result: **{default_method}**: rank MAE "
    f"{best['rank_mae']:.1f} places, score MAE {best['score_mae']:.2f}, 80% coverage {best['coverage_80']:.0%}, "
    f"Brier {best['brier']:.3f}. Caution: the {int(pooled['n'].max())} province-year pairs per method rest on only "
    f"{len(bt_years)} target years ({', '.join(map(str, bt_years))}); all provinces share a year's shock, so coverage "
    f"is really tested on a handful of years.")))
shown = default_method if method == "all" else methods[0]

# %% [markdown]
# ## Calibration
# The same pseudo-out-of-sample projections as the backtest, at several interval levels: if a method's
# 50%, 80% or 90% intervals are honest, about that share of actual scores falls inside
# (left, on the diagonal). Right: when a method says "60% chance of the top 30", does
# that happen about 60% of the time?

# %%
calib = reachability.calibration_table(oos)
rel = reachability.reliability_table(oos)
display(calib.pivot(index="nominal", columns="method", values="score_coverage")[list(METHODS)])
fig = project_charts.calibration_chart(calib, rel, lang, top_k=reachability.PUBLISHED_TOP,
                                       origins=T(f"gốc {', '.join(map(str, BACKTEST_ORIGINS))}, tầm 1–3 năm",
                                                 f"origins {', '.join(map(str, BACKTEST_ORIGINS))}, horizons 1–3 years"))
save_figure(fig, "03_calibration", source=trends.source_line(pci_rows[pci_rows["year"].between(2013, last_common)]))
c80 = calib[calib["nominal"] == 0.8].set_index("method")["score_coverage"]
under = [m for m in c80.index if c80[m] < 0.7]
display(Markdown(T(
    f"Khoảng 80% bao được điểm thực tế: " + ", ".join(f"{project_charts.method_label(m, lang)} {c80[m]:.0%}" for m in c80.index)
    + (f". Các phương pháp có khoảng quá hẹp (dưới 70%): {', '.join(project_charts.method_label(m, lang) for m in under)} — "
       f"xác suất của chúng cần đọc thận trọng." if under else "."),
    f"80% intervals covered the actual score: " + ", ".join(f"{m} {c80[m]:.0%}" for m in c80.index)
    + (f". Too narrow (below 70%): {', '.join(under)} — read their probabilities with care." if under else "."))))

# %% [markdown]
# ## The projected composite
# Median and 10–90% / 25–75% bands of the default method (other methods' medians dotted).
# The shaded boxes are the **target score bands: the scores that gave the target ranks in
# the latest common cross-section** (for a province observed later with a published rank,
# moved by the common shift that reproduces that rank) — scores drift over time for
# everybody, so a box is a guide, while the probabilities below come from ranks simulated
# jointly with every province.

# %%
max_year = max(max(target_years), int(mine["target_year"].max()) if len(mine) else max(target_years))
years_all = list(range(last_common + 1, max_year + 1))
fan_methods = tuple(dict.fromkeys((shown, *methods)))
proj = project(panel, target_years=years_all, method=fan_methods, draws=draws, seed=seed, window=window)
i = proj.province_index(province)


def fan_frame(m):
    S = proj.score_draws[m][:, :, i]
    q = np.quantile(S, [0.1, 0.25, 0.5, 0.75, 0.9], axis=0)
    f = pd.DataFrame({"year": years_all, "p10": q[0], "p25": q[1], "p50": q[2], "p75": q[3], "p90": q[4]})
    start = pd.DataFrame([{"year": last_common, **{c: float(hist.loc[hist["year"] == last_common, "score"].iloc[0])
                                                  for c in ["p10", "p25", "p50", "p75", "p90"]}}])
    return pd.concat([start, f], ignore_index=True)


hist = pci_rows[(pci_rows["province_code"] == prov.code) & (pci_rows["year"] >= proj.window[0])]
hist = (hist.assign(seed=hist["source_kind"] != "official_workbook").sort_values(["year", "seed"])
            .drop_duplicates("year", keep="first")[["year", "score", "seed", "source_kind"]])
bands, rank_bands = [], {}
for _, r in mine.iterrows():
    if r["index"] != "PCI":
        continue
    lo, hi = reachability.target_score_band(panel, province, r["kind"], r["value_low"], r["value_high"],
                                            region=r["region"] or None)
    rlo, rhi = reachability.target_rank_range(r["kind"], r["value_low"], r["value_high"])
    if r["kind"] == "region_top_k":
        lab = T(f"top {int(r['value_high'])} vùng", f"region top {int(r['value_high'])}")
    elif r["kind"] == "rank_band":
        lab = f"{int(rlo)}–{int(rhi)}"
    else:
        lab = "#1" if r["kind"] == "keep_first" else f"top {int(rhi)}"
    bands.append({"year": int(r["target_year"]), "low": lo, "high": hi, "label": lab})
    if r["kind"] != "region_top_k":
        rank_bands.setdefault(int(r["target_year"]), []).append((rlo, rhi, lab))
fig = project_charts.fan_chart(hist, fan_frame(shown), province, lang, method=shown, target_bands=bands,
                               other_medians={m: fan_frame(m) for m in methods if m != shown},
                               cross_year=last_common,
                               shifted_to=int(hist["year"].max()) if int(hist["year"].max()) > last_common else None)
save_figure(fig, f"03_fan_{slug}", source=fig_source)
summ = proj.summary[(proj.summary["province_code"] == prov.code) & proj.summary["target_year"].isin(target_years)]
display(summ[["method", "target_year", "median_score", "score_p10", "score_p90", "median_rank", "rank_p10", "rank_p90"]])

# %% [markdown]
# ## Projected rank in each target year
# Share of draws ending at each rank (default method); target rank bands shaded; the dashed
# line is VCCI's top-30 publication cut-off from PCI 2023.

# %%
rank_years = [y for y in target_years if y in years_all]
fig = project_charts.rank_distribution_chart(
    {y: proj.ranks(shown)[:, years_all.index(y), i] for y in rank_years}, proj.n_ranked, province, lang,
    method=shown, bands=rank_bands, published_top=reachability.PUBLISHED_TOP, top_only_from=reachability.TOP_ONLY_FROM)
save_figure(fig, f"03_rank_distribution_{slug}", source=fig_source)
rs = summ[summ["method"] == shown].set_index("target_year")
display(Markdown("\n".join(T(
    f"- {y}: hạng trung vị **{rs.loc[y, 'median_rank']:.0f}** (10–90%: {rs.loc[y, 'rank_p10']:.0f}–{rs.loc[y, 'rank_p90']:.0f}); "
    f"xác suất lọt top {reachability.PUBLISHED_TOP} (được công bố): {pct(proj.prob_top_k(province, y, reachability.PUBLISHED_TOP, method=shown))}.",
    f"- {y}: median rank **{rs.loc[y, 'median_rank']:.0f}** (10–90%: {rs.loc[y, 'rank_p10']:.0f}–{rs.loc[y, 'rank_p90']:.0f}); "
    f"probability of the top {reachability.PUBLISHED_TOP} (published): {pct(proj.prob_top_k(province, y, reachability.PUBLISHED_TOP, method=shown))}.")
    for y in rank_years)))

# %% [markdown]
# ## Every target of the four provinces
# One row per target and method. `probability` is the target as written (a rank band:
# inside the band; "+0.3 to +0.8 points a year": inside that band); `probability_at_least`
# reads it as "at least" (rank 55 or better; +0.3 a year or more). Quảng Ninh's "keep the
# lead every year" appears twice: first in the target year, and first in *every* year up to
# it. `probability_met_and_published` is the chance the target is met **and** the province
# is in VCCI's published top 30 (rank targets). Verdicts: see the rule below.

# %%
results = reachability.evaluate(panel, evaluable, method=methods, draws=draws, seed=seed, window=window, lang=lang)
save_table(results, "target_reachability",
           description=(f"Probability that each PCI target of the seed documents is met, by projection method "
                        f"({draws} joint draws, seed {seed}, projection from {last_common}); median and 10-90% rank, "
                        f"required vs historical annual gain, verdict (likely >= {reachability.LIKELY_AT}, unlikely <= "
                        f"{reachability.UNLIKELY_AT}), observability under VCCI's top-{reachability.PUBLISHED_TOP} "
                        f"publication"),
           source=f"{data_source}; targets: {target_source(evaluable)}")
wide = results.pivot_table(index=["province", "label"], columns="method", values="probability", sort=False)
display(wide[[m for m in METHODS if m in wide.columns]])
display(Markdown(T(f"Quy tắc kết luận: {reachability.verdict_rule('vi')}.", f"Verdict rule: {reachability.verdict_rule('en')}.")))


fig = project_charts.probability_chart(results.assign(label=results["province"] + " · " + results["label"]), lang, likely_at=reachability.LIKELY_AT,
                                       unlikely_at=reachability.UNLIKELY_AT, default_method=default_method if method == "all" else None)
save_figure(fig, f"03_probabilities_{slug}",
            source=f"{data_source}; targets: " + ", ".join(sorted(set(evaluable["source_file"]))))

# %% [markdown]
# ## Required vs historical pace
# Red: the average annual gain the target needs from the province's last observation
# (for rank targets: to the score that gave the target rank in the latest common
# cross-section). Blue: the province's own average annual change over the estimation
# window. Right: how many of all provinces' 5-year windows (within one methodology period)
# ever rose that fast.

# %%
my_res = results[(results["province"] == province) & (results["method"] == (shown if shown in methods else methods[0]))]
my_res = my_res.drop_duplicates(["target_id", "index"])
if my_res.empty:
    display(Markdown(T(f"{province} không có mục tiêu PCI trong các văn bản; bỏ qua biểu đồ này.",
                       f"{province} has no PCI target in the seed documents; no pace chart.")))
else:
    pace = pd.DataFrame({"label": my_res["label"].to_numpy(),
                         "required": my_res["required_annual_gain"].to_numpy(),
                         "historical": my_res["historical_annual_gain"].to_numpy(),
                         "share": my_res["share_windows_achieving"].to_numpy()})
    fig = project_charts.pace_chart(pace, province, lang)
    save_figure(fig, f"03_pace_{slug}", source=fig_source)
    display(pace)
    # a province observed after the cross-section year: target scores are put in that year's terms
    own_last = int(hist["year"].max())
    if own_last > last_common:
        basis = required_pace(panel, province, max(target_years), target_rank=1)["target_score_basis"].iloc[0]
        display(Markdown(T(
            f"Điểm mục tiêu (điểm ứng với thứ hạng mục tiêu) được đọc từ bảng điểm {last_common} sau khi dịch mọi tỉnh khác "
            f"cùng một lượng để {province} đứng đúng thứ hạng công bố năm {own_last} (`{basis}`). Như vậy tốc độ cần đạt so "
            f"hai điểm cùng mặt bằng năm {own_last}. Giả định: từ {last_common} đến {own_last} các tỉnh khác cùng dịch chuyển "
            f"như nhau (không có số liệu của họ cho các năm này).",
            f"Target scores (the scores that give the target ranks) are read from the {last_common} cross-section after "
            f"shifting every other province by one common amount so that {province} holds its published {own_last} rank "
            f"(`{basis}`). The required pace thus compares two scores in {own_last} terms. Assumption: between "
            f"{last_common} and {own_last} the other provinces moved together (their scores for those years are not in "
            f"the data).")))

# %% [markdown]
# ## Seed-year sensitivity
# For a province with later seed years, the same targets projected from the last common
# year **without** those years: how much do they move the answer?

# %%
if later.empty or mine.empty:
    display(Markdown(T("Không áp dụng cho tỉnh này.", "Not applicable to this province.")))
    sens = None
else:
    wb_only = panel[panel["source_kind"] == "official_workbook"]
    sens = reachability.evaluate(wb_only, mine, method=methods, draws=draws, seed=seed, window=window, lang=lang)
    cmp_ = (results[results["province"] == province][["target", "method", "probability"]]
            .merge(sens[["target", "method", "probability"]], on=["target", "method"], suffixes=("_with_seed", "_workbooks_only")))
    display(cmp_.pivot_table(index="target", columns="method", values=["probability_with_seed", "probability_workbooks_only"], sort=False))

# %% [markdown]
# ## What this shows

# %%
summary = reachability.summary_by_target(results, shown if shown in methods else methods[0])
kind_of = results.drop_duplicates("target_id").set_index("target_id")["kind"]
out = []
for prov_name, d in summary.groupby("province", sort=False):
    out.append(f"**{prov_name}**")
    sc = d[d["target_id"].map(kind_of) == "score_change_per_year"]
    if len(sc):
        base_year = int(proj.provinces.set_index("province").loc[prov_name, "last_observed_year"])
        ty = int(sc["target_year"].iloc[0])
        out.append(T(f"- Mục tiêu tăng điểm chỉ số thành phần được đo bằng mức tăng bình quân năm từ {base_year} (năm quan sát cuối "
                     f"của tỉnh) đến {ty}; văn bản tính cho giai đoạn của nghị quyết, nhưng không có số liệu giữa {base_year} và {ty}.",
                     f"- The sub-index gain targets are measured as the average annual change from {base_year} (the province's last "
                     f"observation) to {ty}; the document means its own term, but there are no data between {base_year} and {ty}."))
    for _, r in d.iterrows():
        v = reachability.verdict_label(r["verdict_default"], lang)
        spread = T(f"các phương pháp: {pct(r['probability_min'])}–{pct(r['probability_max'])}",
                   f"methods range {pct(r['probability_min'])}–{pct(r['probability_max'])}")
        agree = "" if r["methods_agree"] else T(" — các phương pháp không cùng kết luận", " — the methods disagree on the verdict")
        least = ""
        if kind_of.get(r["target_id"]) in ("rank_band", "score_change_per_year") and pd.notna(r["probability_at_least_default"]):
            least = T(f"; đọc là «ít nhất»: {pct(r['probability_at_least_default'])}",
                      f"; read as 'at least': {pct(r['probability_at_least_default'])}")
        is_score = kind_of.get(r["target_id"]) == "score_change_per_year"
        rank_txt = "" if is_score else T(
            f" Hạng trung vị {r['median_rank']:.0f} (10–90%: {r['rank_p10']:.0f}–{r['rank_p90']:.0f}).",
            f" Median rank {r['median_rank']:.0f} (10–90%: {r['rank_p10']:.0f}–{r['rank_p90']:.0f}).")
        ob = reachability.observability_label(r["observable"], lang) if r["target_year"] >= reachability.TOP_ONLY_FROM else ""
        out.append(T(
            f"- {r['label']}: **{pct(r['probability_default'])}** → *{v}* ({spread}{least}){agree}.{rank_txt} "
            f"Cần {num(r['required_annual_gain'])} điểm/năm, đã đạt {num(r['historical_annual_gain'])}/năm; "
            f"{pct(r['share_windows_achieving'])} cửa sổ 5 năm của mọi tỉnh từng đạt tốc độ đó. {ob.capitalize()}"
            + ("." if ob else ""),
            f"- {r['label']}: **{pct(r['probability_default'])}** → *{v}* ({spread}{least}){agree}.{rank_txt} "
            f"Needs {num(r['required_annual_gain'])} points/yr vs {num(r['historical_annual_gain'])}/yr so far; "
            f"{pct(r['share_windows_achieving'])} of all provinces' 5-year windows rose that fast. {ob.capitalize()}"
            + ("." if ob else "")))
    for _, t in evaluable[(evaluable["province"] == prov_name) & (evaluable["kind"] == "keep_first")].iterrows():
        if t["baseline_note"]:
            out.append(T(f"- Văn bản ({t['baseline_source'] or t['source']}) ghi nhận: {t['baseline_note']}; số liệu ở đây "
                         f"dừng ở {last_common}, nên các năm sau đó là dự báo, không phải kết quả.",
                         f"- The document ({t['baseline_source'] or t['source']}) records: {t['baseline_note']}; the data here "
                         f"stop at {last_common}, so later years are projected, not observed."))
    out.append("")
counts = summary["verdict_default"].value_counts()
head = T(
    f"Phương pháp mặc định (chọn từ kiểm định ngoài mẫu): **{project_charts.method_label(shown, lang)}**. Trong "
    f"{len(summary)} mục tiêu: {counts.get('likely', 0)} có khả năng đạt, {counts.get('uncertain', 0)} chưa chắc chắn, "
    f"{counts.get('unlikely', 0)} khó đạt.",
    f"Default method (chosen by the backtest): **{shown}**. Of {len(summary)} targets: {counts.get('likely', 0)} likely, "
    f"{counts.get('uncertain', 0)} uncertain, {counts.get('unlikely', 0)} unlikely.")
display(Markdown(head + "\n\n" + "\n".join(out)))
