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
# 2022) and Quảng Ninh (Resolution 05-NQ/TU, as reported in 2024). This notebook simulates
# every province's PCI score and rank jointly to the target years — **once**, with every
# method — and asks, for each target, how likely it is at the pace seen so far. The default
# method is the one the committed rolling-origin backtest chose (`python -m analysis backtest`
# writes `data/projection_default.csv`); its skill against "nothing changes" is shown first.
#
# Targets are read the way the provinces mean them: "into the 45–55 group" is met by rank 55
# or better, "+0.3 to +0.8 points a year" by +0.3 or more. The headline probability and
# verdict are this "at least" reading; "within the band" stands beside it. Probabilities are
# not forecasts of policy: they say what happens if everybody keeps changing the way they did.

# %% tags=["parameters"]
province = "Lai Châu"
target_years = [2025, 2030]
method = "all"  # "all" (every method side by side, the default highlighted) or one method name
draws = 4000
window = None  # None = the methodology period of the last common year
seed = 0
lang = "vi"  # "vi", "en" or "both"

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis import catalog, reachability
from analysis.backtesting import skill_by_horizon
from analysis.charts import project as project_charts
from analysis.loaders import load_pci, load_targets
from analysis.paths import data_dir
from analysis.project import METHODS, default_method, estimation_window, normalise_methods
from analysis.provenance import source_line
from analysis.style import save_figure
from analysis.tables import save_table

pd.set_option("display.precision", 3)
pd.set_option("display.max_columns", 30)
pd.set_option("display.width", 200)


def T(vi, en):
    return catalog.text(vi, en, lang)


def pct(p):
    return "–" if pd.isna(p) else f"{p:.0%}"


def num(x, d=2):
    return "–" if pd.isna(x) else f"{x:+.{d}f}"


panel, targets = load_pci(), load_targets()
prov = catalog.resolve_province(province)
province, slug = prov.name, catalog.normalise_name(prov.name)
default = default_method("pci")
methods = normalise_methods(method)
shown = default if default in methods else methods[0]
evaluable, not_evaluable = reachability.pci_targets(targets, panel)
mine = evaluable[evaluable["province_code"] == prov.code]
win = estimation_window(panel, window=window)
last_common = win[1]
rows = reachability.figure_rows(panel, prov.code)
fig_source = source_line(rows) + (f"; targets: {', '.join(sorted(set(mine['source_file'])))}"
                                  if len(mine) else "")
# ONE joint simulation per indicator: every table and chart below reads these draws
sims = reachability.simulate(panel, evaluable, method=methods, draws=draws, seed=seed, window=window,
                             extra_years=target_years)
proj = sims["pci"]
kinds = proj.provinces["last_observed_source_kind"].value_counts()
start_kinds = ", ".join(f"{k or '?'}: {n}" for k, n in kinds.items())
display(Markdown(T(
    f"Điểm xuất phát: quan sát mới nhất của từng tỉnh (năm {proj.last_year} với gần như mọi tỉnh; loại nguồn — {start_kinds}; "
    f"`derived` = điểm tổng hợp do dự án tính từ các chỉ số thành phần đã công bố).",
    f"Starting point: each province's latest observation ({proj.last_year} for (nearly) every province; source kinds — "
    f"{start_kinds}; `derived` = a composite this project computed from published sub-indices).")))
display(Markdown(T(
    f"Tỉnh: **{province}**. Năm mục tiêu: {', '.join(map(str, target_years))}. {draws:,} lần mô phỏng đồng thời mọi tỉnh "
    f"(seed {seed}), từ năm {proj.last_year}; mô hình ước lượng trên {win[0]}–{win[1]}. Phương pháp mặc định: "
    f"**{project_charts.method_label(default, lang)}** (`{default}`). Có {len(evaluable)} mục tiêu PCI đánh giá được "
    f"({evaluable['province'].nunique()} tỉnh); {len(not_evaluable)} dòng khác của bảng mục tiêu không phải chỉ số trong bảng PCI.",
    f"Province: **{province}**. Target years: {', '.join(map(str, target_years))}. {draws:,} joint draws of every province "
    f"(seed {seed}) from {proj.last_year}; models estimated on {win[0]}–{win[1]}. Default method: **{default}**. "
    f"{len(evaluable)} PCI targets of {evaluable['province'].nunique()} provinces can be evaluated; the other "
    f"{len(not_evaluable)} rows of the targets table are not PCI-panel indices.")))

# %% [markdown]
# ## How good is the projection? / Backtest
# From every origin year the data allow, each method projected every province 1–7 years
# ahead with everything later removed, and the simulated ranks were scored against the
# ranks the provinces got (ranks are comparable across methodology breaks; scores are not).
# The numbers come from the committed `data/projection_skill.csv` and
# `data/projection_backtest.csv`.

# %%
bt = pd.read_csv(data_dir() / "projection_backtest.csv")
skill = pd.read_csv(data_dir() / "projection_skill.csv")
bt_pci = bt[bt["indicator"] == "pci"]
save_table(bt_pci, "projection_backtest",
           description=("Rolling-origin backtest of the PCI projection methods: per origin, horizon and method the "
                        "number of province forecasts and rank MAE, rank CRPS, 80% interval score, coverage of the "
                        "50/80/90% rank intervals, Brier of top 30 / top 40 / the seed target bands, log score of top 30 "
                        "and score MAE within one methodology period"),
           source=source_line(panel[(panel["indicator"] == "pci") & panel["year"].between(int(bt_pci["origin"].min()),
                                                                                         int(bt_pci["origin"].max()) + 7)
                                    & ~panel["source_kind"].isin(reachability.DOCUMENT_KINDS)]))
display(Markdown(reachability.backtest_summary(skill, bt, "pci", lang)))
display(skill[skill["indicator"] == "pci"].set_index("method")[
    ["n", "n_origins", "rank_mae", "rank_crps", "coverage_50", "coverage_80", "coverage_90", "brier_top30",
     "brier_top40", "brier_bands", "skill_rank_crps_vs_persistence", "calibrated", "chosen"]])
bt_source = f"data/projection_backtest.csv ({source_line(panel[(panel['indicator'] == 'pci') & (panel['source_kind'] != 'province_document')])})"
fig = project_charts.skill_chart(skill_by_horizon(bt_pci), lang, default_method=default)
_ = save_figure(fig, "03_skill_by_horizon", source=bt_source)

# %%
rel = pd.read_csv(data_dir() / "projection_reliability.csv")
rel = rel[rel["indicator"] == "pci"]
cov = (skill[skill["indicator"] == "pci"].melt(id_vars="method", value_vars=["coverage_50", "coverage_80", "coverage_90"],
                                               var_name="nominal", value_name="coverage")
       .assign(nominal=lambda d: d["nominal"].str[-2:].astype(int) / 100))
fig = project_charts.reliability_chart(rel, cov, lang, top_k=reachability.PUBLISHED_TOP,
                                       origins=T(f"gốc {int(bt_pci['origin'].min())}–{int(bt_pci['origin'].max())}, tầm 1–7 năm",
                                                 f"origins {int(bt_pci['origin'].min())}–{int(bt_pci['origin'].max())}, horizons 1–7 years"))
_ = save_figure(fig, "03_calibration", source=bt_source)

# %% [markdown]
# ## What the projection rests on
# The caveats, worded from the data, and how each target can be checked once results are out:
# from PCI 2023 VCCI publishes the composite and rank of the top 30 only, but all ten
# sub-indices of all 63 — so a composite rank outside the top 30 can be checked only by
# deriving the composite.

# %%
obs = reachability.observability(evaluable)
for para in reachability.caveats(panel, obs, win, lang=lang):
    display(Markdown(para))
display(obs.assign(observable=obs["observable"].map(lambda c: reachability.observability_label(c, lang)))
        [["target_id", "target_year", "rank_low", "rank_high", "observable"]])

# %% [markdown]
# ## The projected composite
# Median and 10–90% / 25–75% bands of the default method (other methods' medians dotted).
# The shaded boxes are the **target score bands: the scores that gave the target ranks in
# the latest common cross-section** — a guide; the probabilities come from ranks simulated
# jointly with every province.

# %%
pci_own = rows[rows["province_code"] == prov.code].sort_values("year")
hist = (pci_own[pci_own["year"] >= win[0]]
        .assign(seed=lambda d: d["source_kind"].isin(reachability.DOCUMENT_KINDS + ("derived",)))
        .sort_values(["year", "seed"]).drop_duplicates("year")[["year", "score", "seed"]])
start = hist[hist["year"] == proj.last_year]
start_score = float(start["score"].iloc[0]) if len(start) else None
bands, rank_bands = reachability.target_bands(panel, province, mine, lang)
fig = project_charts.fan_chart(
    hist, reachability.fan_frame(proj, province, shown, proj.last_year, start_score), province, lang, method=shown,
    target_bands=bands, cross_year=last_common,
    other_medians={m: reachability.fan_frame(proj, province, m, proj.last_year, start_score) for m in methods if m != shown},
    shifted_to=int(hist["year"].max()) if int(hist["year"].max()) > last_common else None)
_ = save_figure(fig, f"03_fan_{slug}", source=fig_source)
summ = proj.summary[(proj.summary["province_code"] == prov.code) & proj.summary["target_year"].isin(target_years)]
display(summ[["method", "target_year", "median_score", "score_p10", "score_p90", "median_rank", "rank_p10", "rank_p90"]])

# %% [markdown]
# ## Projected rank in each target year
# Share of draws ending at each rank (default method); target rank bands shaded; the dashed
# line is VCCI's top-30 publication cut-off from PCI 2023.

# %%
rank_years = [y for y in target_years if y in proj.target_years]
i = proj.province_index(province)
fig = project_charts.rank_distribution_chart(
    {y: proj.ranks(shown)[:, proj.target_years.index(y), i] for y in rank_years}, proj.n_ranked, province, lang,
    method=shown, bands=rank_bands, published_top=reachability.PUBLISHED_TOP, top_only_from=reachability.TOP_ONLY_FROM)
_ = save_figure(fig, f"03_rank_distribution_{slug}", source=fig_source)
rs = summ[summ["method"] == shown].set_index("target_year")
display(Markdown("\n".join(T(
    f"- {y}: hạng trung vị **{rs.loc[y, 'median_rank']:.0f}** (10–90%: {rs.loc[y, 'rank_p10']:.0f}–{rs.loc[y, 'rank_p90']:.0f}); "
    f"xác suất lọt top {reachability.PUBLISHED_TOP} (được công bố): {pct(proj.prob_top_k(province, y, reachability.PUBLISHED_TOP, method=shown))}.",
    f"- {y}: median rank **{rs.loc[y, 'median_rank']:.0f}** (10–90%: {rs.loc[y, 'rank_p10']:.0f}–{rs.loc[y, 'rank_p90']:.0f}); "
    f"probability of the top {reachability.PUBLISHED_TOP} (published): {pct(proj.prob_top_k(province, y, reachability.PUBLISHED_TOP, method=shown))}.")
    for y in rank_years)))

# %% [markdown]
# ## Every target of the four provinces
# One row per target and method, all from the simulation above. `probability` (headline) is
# the "at least" reading; `probability_within` the band as written. Quảng Ninh's "keep the
# lead every year" appears twice: first in the target year, and first in *every* year of the
# term — years with data are facts (`data_fact`), the rest simulated. `status` says whether the
# data already decide a target, or whether a past target year has no data yet.

# %%
results = reachability.evaluate(panel, evaluable, method=methods, lang=lang, projections=sims)
save_table(results, "target_reachability",
           description=(f"Probability that each PCI target of the seed documents is met ('at least' reading; 'within' "
                        f"beside it), by projection method ({draws} joint draws, seed {seed}, from {proj.last_year}); "
                        f"default method {default}; status from the data; how each target can be checked"),
           source=f"{source_line(rows)}; targets: {', '.join(sorted(set(evaluable['source_file'])))}")
wide = results.pivot_table(index=["province", "label"], columns="method", values="probability", sort=False)
display(wide[[m for m in METHODS if m in wide.columns]])
display(Markdown(T(f"Quy tắc kết luận: {reachability.verdict_rule('vi')}.", f"Verdict rule: {reachability.verdict_rule('en')}.")))
fig = project_charts.probability_chart(results.assign(label=results["province"] + " · " + results["label"]), lang,
                                       likely_at=reachability.LIKELY_AT, unlikely_at=reachability.UNLIKELY_AT,
                                       default_method=default)
_ = save_figure(fig, "03_probabilities", source=f"{source_line(rows)}; targets: data/seed_targets.csv")

# %% [markdown]
# ## Required vs historical pace
# Red: the average annual gain the target needs ("at least": to the worse end of a band) from
# the province's last observation. Blue: the province's own average annual change. Under
# each target: how many of all provinces' 5-year windows rose that fast, and the verdict.

# %%
summary = reachability.summary_by_target(results, shown)
mine_sum = summary[summary["province"] == province]
if mine_sum.empty:
    display(Markdown(T(f"{province} không có mục tiêu PCI trong các văn bản; bỏ qua biểu đồ này.",
                       f"{province} has no PCI target in the seed documents; no pace chart.")))
else:
    pace = pd.DataFrame({"label": mine_sum["label"], "required": mine_sum["required_annual_gain"],
                         "historical": mine_sum["historical_annual_gain"], "share": mine_sum["share_windows_achieving"],
                         "verdict": [f"{pct(p)} {reachability.verdict_label(v, lang)} "
                                     + T(f"(các phương pháp {pct(lo)}–{pct(hi)})", f"(methods {pct(lo)}–{pct(hi)})")
                                     for p, v, lo, hi in zip(mine_sum["probability_default"], mine_sum["verdict_default"],
                                                             mine_sum["probability_min"], mine_sum["probability_max"])]})
    fig = project_charts.pace_chart(pace, province, lang)
    _ = save_figure(fig, f"03_pace_{slug}", source=fig_source)

# %% [markdown]
# ## PAPI targets
# Hà Tĩnh "top 5" and Quảng Ninh "keep first" on PAPI, with the same machinery on the PAPI
# total (`analysis.load_papi()`), and the same honesty checks from the committed backtest.

# %%
papi = reachability.papi_panel()
papi_t = targets[targets["index"].str.upper().eq("PAPI") & targets["kind"].isin(["top_k", "keep_first"])]
papi_res = reachability.evaluate(papi, papi_t, method=methods, draws=draws, seed=seed, lang=lang)
display(papi_res.pivot_table(index=["province", "label"], columns="method", values="probability", sort=False))
display(Markdown(reachability.backtest_summary(skill, bt, "papi", lang)))

# %% [markdown]
# ## What this shows

# %%
kind_of = results.drop_duplicates("target_id").set_index("target_id")["kind"]
status = results[results["method"] == shown].set_index(["target_id", "label"])
out = []
for prov_name, d in summary.groupby("province", sort=False):
    out.append(f"**{prov_name}**")
    for _, r in d.iterrows():
        v = reachability.verdict_label(r["verdict_default"], lang)
        st = status.loc[(r["target_id"], r["label"])]
        within = ""
        if kind_of.get(r["target_id"]) in ("rank_band", "score_change_per_year"):
            within = T(f"; trong đúng khoảng: {pct(st['probability_within'])}", f"; within the band: {pct(st['probability_within'])}")
        fact = f" {st['data_fact'][:1].upper()}{st['data_fact'][1:]}." if isinstance(st["data_fact"], str) and st["data_fact"] else ""
        if kind_of.get(r["target_id"]) == "score_change_per_year":  # the backtest scored composite ranks only
            fact += T(" Phương pháp mặc định được chọn theo thứ hạng PCI tổng hợp; với mức tăng điểm chỉ số thành phần chưa có "
                      "kiểm định, nên xem cả khoảng giữa các phương pháp.",
                      " The default was chosen on composite ranks; sub-index score gains are not back-tested, so read the "
                      "range across methods too.")
        rank_txt = "" if kind_of.get(r["target_id"]) == "score_change_per_year" else T(
            f" Hạng trung vị {r['median_rank']:.0f} (10–90%: {r['rank_p10']:.0f}–{r['rank_p90']:.0f}).",
            f" Median rank {r['median_rank']:.0f} (10–90%: {r['rank_p10']:.0f}–{r['rank_p90']:.0f}).")
        out.append(T(
            f"- {r['label']}: **{pct(r['probability_default'])}** (ít nhất bằng mục tiêu) → *{v}*{within}; các phương pháp "
            f"{pct(r['probability_min'])}–{pct(r['probability_max'])}.{rank_txt} Cần {num(r['required_annual_gain'])} điểm/năm, "
            f"đã đạt {num(r['historical_annual_gain'])}/năm; {pct(r['share_windows_achieving'])} cửa sổ 5 năm từng đạt. "
            f"{reachability.observability_label(r['observable'], lang).capitalize()}.{fact}",
            f"- {r['label']}: **{pct(r['probability_default'])}** (at least the target) → *{v}*{within}; methods "
            f"{pct(r['probability_min'])}–{pct(r['probability_max'])}.{rank_txt} Needs {num(r['required_annual_gain'])} points/yr "
            f"vs {num(r['historical_annual_gain'])}/yr so far; {pct(r['share_windows_achieving'])} of 5-year windows rose that "
            f"fast. {reachability.observability_label(r['observable'], lang).capitalize()}.{fact}"))
    out.append("")
counts = summary["verdict_default"].value_counts()
head = T(f"Phương pháp mặc định (chọn từ kiểm định ngoài mẫu): **{project_charts.method_label(default, lang)}**. Trong "
         f"{len(summary)} mục tiêu: {counts.get('likely', 0)} có khả năng đạt, {counts.get('uncertain', 0)} chưa chắc chắn, "
         f"{counts.get('unlikely', 0)} khó đạt.",
         f"Default method (chosen by the backtest): **{default}**. Of {len(summary)} targets: {counts.get('likely', 0)} "
         f"likely, {counts.get('uncertain', 0)} uncertain, {counts.get('unlikely', 0)} unlikely.")
display(Markdown(head + "\n\n" + "\n".join(out)))
