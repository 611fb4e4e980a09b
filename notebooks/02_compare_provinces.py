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
# # 02 · So sánh các tỉnh / Comparing provinces
#
# Where do Lai Châu, Điện Biên, Hà Tĩnh and Quảng Ninh stand in the PCI, and against whom?
# This notebook places them in the national cross-section of the latest year with every
# province, within their GSO region, against peers that started from a similar score, and
# against the best province on each sub-index; follows their ranks over time; relates the
# PCI to the PAPI governance survey; and checks the ranks the seed documents state against
# the data. Every number below is computed by `analysis.compare` from `data/`; see that
# module for the definitions (rank 1 = best; percentile = rank / number of provinces ranked).

# %% tags=["parameters"]
provinces = ["Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"]
year = None  # None: the latest year with a full cross-section of provinces
base_year = None  # None: the first year of the methodology in force in `year` (2013 for 2018)
lang = "vi"  # "vi", "en" or "both"

# %%
import pandas as pd
from IPython.display import Markdown, display

import analysis
from analysis import catalog, compare
from analysis.charts import compare as charts

panel = analysis.load_pci()
papi = analysis.load_papi()
papi_dims = analysis.load_papi_dimensions()
provinces = [analysis.resolve_province(p).name for p in provinces]
year = compare.latest_full_year(panel) if year is None else int(year)
base_year = (max(b.year for b in catalog.methodology_breaks(None, year)) if base_year is None else int(base_year))
later = compare.years_after_full(panel)
pci_year = panel[panel["year"] == year]


display(Markdown(
    f"**Year compared: {year}**, the latest year in which every province has a PCI score "
    f"({compare.composite_counts(panel)[year]} provinces, {compare.describe_sources(pci_year)}). "
    + (f"Later years hold only {'; '.join(f'{r.provinces} in {r.year} ({r.source_kinds})' for r in later.itertuples())}: "
       "a single province cannot be placed in a cross-section, so those years appear only in the rank "
       "chart and the seed-fact check. " if len(later) else "")
    + f"**Base year: {base_year}**, the first year of the methodology in force in {year} "
    f"(period {catalog.methodology_period(year)}), so scores from {base_year} to {year} are on one scale."
))

# %% [markdown]
# ## 1. The national cross-section
# Every province's composite and sub-indices in the comparison year, with rank, number of
# provinces ranked (n), percentile (rank / n: small is good) and the published tier. The
# full table (all provinces × ten sub-indices) is saved as a report table.

# %%
xs = compare.cross_section(panel, year)
xs_wide = compare.cross_section(panel, year, wide=True)
src_xs = compare.describe_sources(pci_year[pci_year["indicator"].isin(catalog.INDICATORS)], regions=True)
analysis.save_table(xs_wide, f"02_cross_section_{year}",
                    description=f"PCI {year}: every province's composite and sub-indices with rank, percentile "
                                "(rank / n), published tier and GSO region", source=src_xs)
focus = xs_wide[xs_wide["province"].isin(provinces)].set_index("province").loc[provinces]
focus[["region", "pci", "pci_rank", "pci_pct", "tier"]]

# %%
fig = charts.ranked_dots(xs, provinces, lang=lang)
analysis.save_figure(fig, f"02_ranked_{year}", source=src_xs)

# %% [markdown]
# ## 2. Within the region
# The GSO socio-economic region of each province, its place among that region's provinces
# (by composite score) and its national rank. Điện Biên has set itself a target for its place
# within its region (seed 000); the findings at the end compare it with the data.

# %%
rr = compare.region_ranks(panel, provinces, year)
analysis.save_table(rr, f"02_region_ranks_{year}",
                    description=f"PCI {year}: each focus province's rank within its GSO region and nationally",
                    source=src_xs)
rr

# %%
db_region = compare.region_rank(panel, "Điện Biên", year)
targets = analysis.load_targets()
db_target = targets[(targets["province"] == "Điện Biên") & (targets["kind"] == "region_top_k")]
db_region[["province", "score", "national_rank", "region_rank", "n_region", "is_focus"]]

# %% [markdown]
# ## 3. Peers
# Three peer groups for each province: its region, the five provinces whose composite was
# closest to its own in the base year (similar start), and the result: where the province
# stands among them year by year (place 1 = best of the group).

# %%
peer_rows = []
for p in provinces:
    groups = {
        "region": compare.region_peers(panel, p, year),
        f"similar start {base_year}": compare.similar_start_peers(panel, p, base_year, k=5),
    }
    for name, peers in groups.items():
        pc = compare.peer_comparison(panel, p, peers)
        for y in (base_year, year):
            r = pc[pc["year"] == y]
            if len(r):
                r = r.iloc[0]
                peer_rows.append({"province": p, "peer_group": name, "year": y,
                                  "peers": ", ".join(peers["province"]), "score": r["score"],
                                  "peer_median": r["peer_median"], "place": r["place"],
                                  "group_size": r["group_size"]})
peer_table = pd.DataFrame(peer_rows).astype({"place": "Int64", "group_size": "Int64"})
src_peers = compare.describe_sources(panel[panel["year"].isin([base_year, year]) & (panel["indicator"] == "pci")],
                                     regions=True)
analysis.save_table(peer_table, f"02_peers_{base_year}_{year}",
                    description=f"Each focus province against its region and its five closest provinces in "
                                f"{base_year}: composite, peer median and place in the group, {base_year} and {year}",
                    source=src_peers)
peer_table

# %% [markdown]
# ## 4. Distance to the frontier, sub-index by sub-index
# For each sub-index, 100 × (score − worst) / (best − worst) among the provinces that year:
# 100 is the best province, 0 the worst. The radar shows the scores themselves against the
# national median and the best; the heatmap shows every province's percentile on each
# sub-index, ordered by composite.

# %%
dtf = compare.distance_to_frontier(panel, year)
dtf_focus = (dtf[dtf["province"].isin(provinces)]
             .pivot(index="indicator", columns="province", values="distance")
             .reindex(index=[c for c in catalog.SUBINDICES if c in set(dtf["indicator"])], columns=provinces))
dtf_focus.index = [catalog.indicator_label(c, lang) for c in dtf_focus.index]
analysis.save_table(dtf_focus.round(1).reset_index(names="sub_index"), f"02_distance_to_frontier_{year}",
                    description=f"PCI {year}: distance to the frontier (100 = best province, 0 = worst) per sub-index",
                    source=src_xs)
dtf_focus.round(1)

# %%
fig = charts.subindex_radar(xs, provinces, lang=lang)
analysis.save_figure(fig, f"02_radar_{year}", source=src_xs)
fig = charts.percentile_heatmap(xs, provinces, lang=lang)
analysis.save_figure(fig, f"02_heatmap_{year}", source=src_xs)

# %% [markdown]
# ## 5. Ranks over time
# The published composite rank every year the data holds. The number of provinces ranked
# changes over the years (shown above the chart, per year); a hollow marker is a rank taken
# from a provincial document rather than a VCCI workbook. Dashed lines mark methodology breaks.

# %%
comp_all = panel[(panel["indicator"] == "pci") & panel["province"].isin(provinces)]
fig = charts.rank_bump(panel, provinces, lang=lang)
analysis.save_figure(fig, "02_rank_bump", source=compare.describe_sources(comp_all))

# %% [markdown]
# ## 6. Who moved: base year to comparison year
# Change in percentile (positive = moved up), rank and score for every province between the
# base year and the comparison year; the biggest movers nationally and the focus provinces.

# %%
mob = compare.rank_mobility(panel, base_year, year)
movers = compare.biggest_movers(mob, n=5)
src_mob = compare.describe_sources(panel[panel["year"].isin([base_year, year]) & (panel["indicator"] == "pci")])
analysis.save_table(movers, f"02_movers_{base_year}_{year}",
                    description=f"The five biggest risers and fallers in PCI percentile, {base_year} to {year}",
                    source=src_mob)
cols = ["province", "rank_first", "rank_last", "rank_change", "pct_change", "score_first", "score_last", "score_change"]
display(movers[["direction", *cols]])
mob_focus = mob[mob["province"].isin(provinces)].set_index("province").loc[provinces]
mob_focus[cols[1:]]

# %% [markdown]
# ## 7. Regions over time
# Composite scores of every province by region, each full year: the box is the middle half
# of the region's provinces, the line inside the median. Scores are comparable within a
# methodology period, not across a dashed line.

# %%
years_full = compare.full_years(panel)
fig = charts.region_boxes(panel, years_full, provinces, lang=lang)
analysis.save_figure(fig, "02_region_boxes", source=compare.describe_sources(
    panel[panel["year"].isin(years_full) & (panel["indicator"] == "pci")], regions=True))

# %% [markdown]
# ## 8. PCI and PAPI
# PAPI measures governance and public administration as citizens experience them; the PCI
# measures the business environment as firms experience it. Across provinces, for the latest
# year both cover: Pearson correlation between the PCI composite (and each sub-index) and
# each main PAPI dimension, with n and a 95% confidence interval (Fisher z).

# %%
papi_year = compare.common_year(panel, papi)
papi_main = compare.papi_main_dimensions(papi)
papi_y = papi_main[papi_main["year"] == papi_year]
corr = compare.pci_papi_correlation(panel, papi, papi_year, indicators=catalog.INDICATORS)
names = papi_dims.set_index("dimension")["name_en"]
corr.insert(3, "dimension_name", corr["dimension"].map(names))
src_papi = "; ".join([compare.describe_sources(panel[(panel["year"] == papi_year) & panel["indicator"].isin(
    catalog.INDICATORS)]), compare.describe_sources(papi=papi_y)])
analysis.save_table(corr, f"02_pci_papi_correlation_{papi_year}",
                    description=f"Correlation across provinces between PCI {papi_year} (composite and sub-indices) "
                                f"and each PAPI {papi_year} main dimension: Pearson r, 95% CI (Fisher z), n, Spearman rho",
                    source=src_papi)
corr_comp = corr[corr["indicator"] == "pci"]
corr_comp[["dimension_name", "n", "pearson_r", "ci_low", "ci_high", "spearman_rho"]].round(2)

# %%
fig = charts.pci_papi_scatter(panel, papi, papi_year, provinces, lang=lang, dimensions=papi_dims)
analysis.save_figure(fig, f"02_pci_papi_{papi_year}", source="; ".join([
    compare.describe_sources(panel[(panel["year"] == papi_year) & (panel["indicator"] == "pci")]),
    compare.describe_sources(papi=papi_y), "regions: GSO (gso_covariates.xlsx, sheet 2006)"]))

# %% [markdown]
# ## 9. What the seed documents say, checked against the data
# Each rank a seed document states, one row per year, with the verbatim quote and its line.
# "not covered by the data" means neither a VCCI workbook nor a seed table gives that
# province's rank that year. A row whose data source is itself a seed document
# (`data_source_kind` "province_document") checks one document against another, not against VCCI.

# %%
facts = compare.check_seed_facts(panel)
analysis.save_table(facts, "02_seed_fact_check",
                    description="Ranks stated in the seed documents, per year, against the ranks in the data "
                                "(agree / disagree / not covered by the data)",
                    source="seed documents " + ", ".join(sorted(facts["seed_file"].unique()))
                           + "; " + compare.describe_sources(panel[(panel["indicator"] == "pci") & panel["province"].isin(
                               facts["province"]) & panel["year"].isin(facts["year"])]))
facts[["province", "year", "expected", "rank", "status", "data_source_kind", "seed_file", "line", "quote"]]

# %% [markdown]
# ## What this shows

# %%
lines = []
top = xs_wide.iloc[0]
lines.append(f"- In {year} the top province was **{top['province']}** ({top['pci']:.2f}); "
             f"{xs_wide['pci'].count()} provinces were ranked.")
for p in provinces:
    f = focus.loc[p]
    r = rr.set_index("province").loc[p]
    m = mob_focus.loc[p]
    lines.append(
        f"- **{p}**: composite {f['pci']:.2f}, rank **{int(f['pci_rank'])}/{int(r['n'])}** "
        f"(rank/n = {f['pci_pct']:.2f}{', tier ' + f['tier'] if f['tier'] else ''}); "
        f"**{int(r['region_rank'])}/{int(r['n_region'])}** in {catalog.region_label(r['region'], 'en')}. "
        f"Since {base_year}: rank {int(m['rank_first'])} → {int(m['rank_last'])} "
        f"({int(m['rank_change']):+d} places), score {m['score_change']:+.2f}.")
best_sub = dtf_focus.idxmax()
worst_sub = dtf_focus.idxmin()
lines.append("- Closest to / furthest from the frontier (sub-index, distance 0–100): " + "; ".join(
    f"{p}: {best_sub[p]} ({dtf_focus.loc[best_sub[p], p]:.0f}) / {worst_sub[p]} ({dtf_focus.loc[worst_sub[p], p]:.0f})"
    for p in provinces) + ".")
if len(db_target):
    t = db_target.iloc[0]
    db = rr.set_index("province").loc["Điện Biên"] if "Điện Biên" in provinces else None
    if db is not None:
        lines.append(
            f"- Điện Biên's target of a place in the regional top {int(t['value_high'])} by {int(t['target_year'])} "
            f"(\"{t['quote']}\", {t['source']}): in {year} it was **{int(db['region_rank'])} of {int(db['n_region'])}**"
            f" in its region, " + ("already inside." if db["region_rank"] <= t["value_high"] else
                                   f"{int(db['region_rank'] - t['value_high'])} place(s) short."))
up, down = movers[movers["direction"] == "up"], movers[movers["direction"] == "down"]
if len(up) and len(down):
    lines.append(f"- Biggest riser {base_year}–{year}: **{up.iloc[0]['province']}** "
                 f"(rank {int(up.iloc[0]['rank_first'])} → {int(up.iloc[0]['rank_last'])}); biggest faller: "
                 f"**{down.iloc[0]['province']}** (rank {int(down.iloc[0]['rank_first'])} → {int(down.iloc[0]['rank_last'])}).")
strong = corr_comp.loc[corr_comp["pearson_r"].idxmax()]
weak = corr_comp.loc[corr_comp["pearson_r"].idxmin()]
lines.append(f"- PCI and PAPI {papi_year} (n = {int(strong['n'])}): the composite correlates most with "
             f"*{strong['dimension_name']}* (r = {strong['pearson_r']:.2f}, 95% CI {strong['ci_low']:.2f} to "
             f"{strong['ci_high']:.2f}) and least with *{weak['dimension_name']}* (r = {weak['pearson_r']:.2f}, "
             f"{weak['ci_low']:.2f} to {weak['ci_high']:.2f}).")
counts = facts["status"].value_counts()
lines.append(f"- Seed facts, year by year: {', '.join(f'{n} {s}' for s, n in counts.items())}. " + " ".join(
    f"{r.province} {r.year}: seed says {r.expected}, data {r.rank} ({r.status})."
    for r in facts[facts["status"] != compare.STATUS_NOT_COVERED].itertuples()))
display(Markdown("\n".join(lines)))
