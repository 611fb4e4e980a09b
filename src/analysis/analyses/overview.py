"""What the data holds (notebook 00): coverage by year and indicator, one province's composite series,
and the notebook's prose, tables and summary (generated through :class:`analysis.core.prose.Prose`)."""

from __future__ import annotations

import pandas as pd

from analysis.core.prose import Prose
from analysis.data import coverage as cv
from analysis.data.catalog import (
    INDICATORS,
    METHODOLOGY_BREAKS,
    methodology_period,
    resolve_province,
    source_kind_label,
    source_kinds_text,
)
from analysis.data.coverage import cross_section
from analysis.data.provenance import agreement_totals, source_line, years_text


def coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per year: provinces with a composite, indicators published, sources, period."""
    rows = []
    for year, g in panel.groupby("year"):
        comp = g[g["indicator"] == "pci"]
        present = [c for c in INDICATORS[1:] if (g["indicator"] == c).any()]
        missing = [c for c in INDICATORS[1:] if c not in present]
        rows.append(
            {
                "year": int(year),
                "provinces": int(comp["province_code"].nunique()),
                "provinces_with_published_rank": int(comp["rank"].notna().sum()),
                "subindices": len(present),
                "subindices_missing": ", ".join(missing),
                "methodology_period": methodology_period(int(year)),
                "source_kinds": ", ".join(sorted(g["source_kind"].unique())),
                "files": ", ".join(sorted(set(g["source_file"]))),
            }
        )
    out = pd.DataFrame(rows)
    full = set(cv.full_years(panel))
    out["edition"] = ["full" if y in full else "partial" for y in out["year"]]  # partial: only some provinces
    return out


def composite_series(
    panel: pd.DataFrame, province: str, first_year: int | None = None, last_year: int | None = None
) -> pd.DataFrame:
    """Composite score, rank and number ranked for one province, every year in range.

    Years the province is absent from keep a row with NaN score and rank ("no data"), and the
    number of provinces ranked that year (``n_ranked``) so a rank can be read as "of N".
    """
    code = resolve_province(province).code
    comp = panel[panel["indicator"] == "pci"]
    years = sorted(comp["year"].unique())
    lo = first_year if first_year is not None else min(years)
    hi = last_year if last_year is not None else max(years)
    # provinces ranked that year; unknown (NA) where only a seed document covers the year

    official = cross_section(comp)
    n = official.groupby("year")["province_code"].nunique()
    mine = comp[comp["province_code"] == code].set_index("year")
    out = pd.DataFrame({"year": range(lo, hi + 1)})
    out["score"] = out["year"].map(mine["score"]).astype(float)
    out["rank"] = out["year"].map(mine["rank"]).astype("Int64")
    out["n_ranked"] = out["year"].map(n).astype("Int64")
    out["source_file"] = out["year"].map(mine["source_file"]).fillna("")
    out["source_locator"] = out["year"].map(mine["source_locator"]).fillna("")
    out["source_kind"] = out["year"].map(mine["source_kind"]).fillna("")
    return out


# --------------------------------------------------------------------------- notebook 00's prose and tables
def recent_composite(panel: pd.DataFrame, province: str, years: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the province's composite series from its first score, its last ``years`` years)."""
    series = composite_series(panel, province)
    series = series[series["year"] >= series.loc[series["score"].notna(), "year"].min()]
    return series, series[series["year"] >= series["year"].max() - (years - 1)]


def composite_source(panel: pd.DataFrame, province: str, years) -> str:
    """Figure source line of the province's composite in ``years`` (file and cells per source kind)."""
    name = resolve_province(province).name
    return source_line(
        panel[(panel["province"] == name) & panel["year"].isin(list(years)) & (panel["indicator"] == "pci")]
    )


def coverage_text(panel: pd.DataFrame, lang: str = "vi") -> str:
    """What the panel holds: values, provinces, years, the full cross-sections, official years, latest years."""
    full = cv.full_years(panel)
    latest = cv.latest_years(panel).set_index("indicator")
    official = years_text(sorted(panel.loc[panel["source_kind"] == "official_workbook", "year"].unique()))
    sub = latest.drop("pci")
    kinds_sub = sorted({k.strip() for ks in sub["source_kinds"] for k in ks.split(",")})
    kinds_pci = latest.loc["pci", "source_kinds"]
    n, n_p, y0, y1 = len(panel), panel["province_code"].nunique(), panel["year"].min(), panel["year"].max()
    T = Prose(lang)
    return T(
        f"Bảng dữ liệu có **{T.int(n)}** giá trị ({n_p} tỉnh, {y0}–{y1}). Điểm tổng hợp phủ (gần như) mọi tỉnh trong "
        f"{min(full)}–{max(full)}; bảng số liệu chính thức của VCCI có cho {official}. Năm mới nhất có đủ mọi tỉnh là "
        f"**{latest.loc['pci', 'latest_year']}** với điểm tổng hợp ({source_kinds_text(kinds_pci, 'vi')}) và "
        f"**{sub['latest_year'].min()}** với các chỉ số thành phần ({source_kinds_text(kinds_sub, 'vi')}).",
        f"The panel holds **{T.int(n)}** values ({n_p} provinces, {y0}–{y1}). The composite covers (nearly) every "
        f"province in {min(full)}–{max(full)}; official VCCI workbooks exist for {official}. The latest year known "
        f"for every province is **{latest.loc['pci', 'latest_year']}** for the composite "
        f"({source_kinds_text(kinds_pci, 'en')}) and **{sub['latest_year'].min()}** for the sub-indices "
        f"({source_kinds_text(kinds_sub, 'en')}).",
    )


def agreement_text(agreement: pd.DataFrame, comparisons: pd.DataFrame, lang: str = "vi") -> str:
    """How many lower-source values agree with the kept one, and every disagreement."""
    t = agreement_totals(agreement)
    bad = comparisons[~comparisons["agree"].astype(str).str.lower().eq("true")]
    cols = disagreement_columns(comparisons) if len(bad) else pd.DataFrame()
    T = Prose(lang)
    # the disagreements are listed by column of the lower source in the table that follows (disagreement_columns)
    where_vi = (
        f" ({T.int(len(bad))} giá trị trong {T.int(len(cols))} cột nguồn, liệt kê ở bảng dưới)" if len(bad) else ""
    )
    nv, nc = len(bad), len(cols)
    where_en = (
        f" ({T.int(nv)} value{'s' * (nv != 1)} in {T.int(nc)} source column{'s' * (nc != 1)}, listed in the "
        "table below)"
        if nv
        else ""
    )
    return T(
        f"**{T.int(t['compared'])}** giá trị được so với giá trị được giữ; **{T.int(t['agree'])}** khớp trong phạm vi "
        f"làm tròn đã công bố, **{T.int(t['disagree'])}** không khớp{where_vi}."
        + " Thứ hạng tính từ điểm đã làm tròn được coi là khớp khi hạng công bố nằm trong nhóm đồng hạng.",
        f"**{T.int(t['compared'])}** values compared with the kept one; **{T.int(t['agree'])}** agree within the "
        f"published rounding, **{T.int(t['disagree'])}** disagree{where_en}."
        + " Ranks computed from rounded scores agree when the published rank lies inside their tie.",
    )


def partial_text(panel: pd.DataFrame, lang: str = "vi") -> str:
    """The partial editions of the composite (PCI 2024: top 30 and press quotes), never a cross-section."""
    st = cv.edition_status(panel)
    part = st[st["year"].isin(cv.partial_years(panel))]
    if part.empty:
        return ""
    T = Prose(lang)
    each_vi = "; ".join(
        f"**{r.year}**: {r.provinces} tỉnh có điểm, {r.published_ranks} có thứ hạng công bố ("
        + ", ".join(source_kind_label(k, "vi") for k in r.source_kinds.split(", "))
        + ")"
        for r in part.itertuples()
    )
    each_en = "; ".join(
        f"**{r.year}**: {r.provinces} provinces with a score, {r.published_ranks} with a published "
        f"rank (" + ", ".join(source_kind_label(k, "en") for k in r.source_kinds.split(", ")) + ")"
        for r in part.itertuples()
    )
    return T(
        f"Năm chỉ biết một phần (không phải một lát cắt đủ mọi tỉnh): {each_vi}. Với mỗi tỉnh và chỉ số, "
        '"mới nhất" là năm cuối cùng có số liệu của chính tỉnh đó.',
        f"Partial years (not a cross-section of every province): {each_en}. For each province and indicator, "
        '"latest" is that province\'s own last year with data.',
    )


def disagreement_columns(comparisons: pd.DataFrame) -> pd.DataFrame:
    """Disagreements grouped by column of the lower source: its file, year, indicator and field, with how many of
    the values compared there disagree, the largest difference, the provinces and the kept kind. A page column
    that disagrees on every province (2006 proactivity, 2011 business support) or a province-year column that
    disagrees on every sub-index (Thanh Hóa 2023 on its official page) is a site error, not rounding."""
    c = comparisons.assign(
        _bad=~comparisons["agree"].astype(str).str.lower().eq("true"), _abs=comparisons["difference"].abs()
    )
    key = ["other_file", "other_kind", "year", "indicator", "field", "kept_kind"]
    g = c.groupby(key, sort=True)
    out = g.agg(
        n_compared=("_bad", "size"), n_disagree=("_bad", "sum"), max_abs_difference=("_abs", "max")
    ).reset_index()
    prov = c[c["_bad"]].groupby(key)["province"].agg(lambda s: ", ".join(sorted(set(s)))).rename("provinces")
    out = out.join(prov, on=key)
    out = out[out["n_disagree"] > 0].copy()
    out["n_disagree"] = out["n_disagree"].astype(int)
    return out.sort_values(["other_file", "year", "indicator", "field"], kind="mergesort").reset_index(drop=True)


def breaks_table(lang: str = "vi") -> pd.DataFrame:
    """One row per methodology break: year and what changed, in the run's language."""
    return pd.DataFrame([{"year": b.year, "change": b.label(lang)} for b in METHODOLOGY_BREAKS])


def findings_summary(findings: pd.DataFrame) -> pd.DataFrame:
    """Validation findings per rule and severity: how many, in which years."""
    return (
        findings.groupby(["rule", "severity"])
        .agg(
            n=("rule", "size"), years=("year", lambda s: ", ".join(str(y) for y in sorted(set(s.dropna().astype(int)))))
        )
        .reset_index()
    )


def provinces_text(provinces: pd.DataFrame, lang: str = "vi") -> str:
    """Provinces today, former ones with their last year, and the regions' source (file and sheet)."""
    merged = provinces[provinces["last_year"].notna()]
    n, k = len(provinces) - len(merged), provinces["region"].nunique()
    src = f"{provinces['region_file'].iloc[0]}, sheet {provinces['region_locator'].iloc[0]}"
    return Prose(lang)(
        f"{n} tỉnh hiện nay"
        + "".join(f", cùng {r.province} (có trong dữ liệu đến {int(r.last_year)})" for r in merged.itertuples())
        + f"; {k} vùng (nguồn: {src}).",
        f"{n} provinces today"
        + "".join(f", plus {r.province} (in the data until {int(r.last_year)})" for r in merged.itertuples())
        + f"; {k} regions (source: {src}).",
    )


def regions_table(provinces: pd.DataFrame) -> pd.DataFrame:
    return provinces.groupby("region").agg(provinces=("province", "size"), names=("province", ", ".join)).reset_index()


def summary_lines(
    series: pd.DataFrame, recent: pd.DataFrame, findings: pd.DataFrame, province: str, lang: str = "vi"
) -> list[str]:
    """Notebook 00's summary: the latest composite and rank (with source), the change since the
    window's first year, and the validation counts."""
    T = Prose(lang)
    last = series.dropna(subset=["score"]).iloc[-1]
    first = recent.dropna(subset=["score"]).iloc[0]
    ranked = pd.notna(last["n_ranked"])
    has_rank = pd.notna(last["rank"])  # a score without a rank (e.g. beyond a top-30-only publication): no rank
    n_warn, n_info = int((findings["severity"] == "warning").sum()), int((findings["severity"] == "info").sum())
    d_score, y0, y1 = last["score"] - first["score"], int(first["year"]), int(last["year"])
    d_rank = int(first["rank"]) - int(last["rank"]) if has_rank and pd.notna(first["rank"]) else None
    if has_rank:
        rank_vi = f"hạng **{int(last['rank'])}**" + (
            f"/{int(last['n_ranked'])}" if ranked else " (dữ liệu không có số tỉnh được xếp hạng)"
        )
        rank_en = f"rank **{int(last['rank'])}**" + (
            f" of {int(last['n_ranked'])}" if ranked else " (number ranked not in the data)"
        )
    else:
        rank_vi, rank_en = "dữ liệu không có thứ hạng", "no rank in the data"
    return [
        T(
            f"- Điểm PCI tổng hợp mới nhất của {province} trong dữ liệu là **{T.num(last['score'])}** (năm {y1}), "
            f"{rank_vi} (nguồn: {source_kind_label(last['source_kind'], 'vi')}, {last['source_file']}).",
            f"- {province}'s latest composite in the data is **{T.num(last['score'])}** in {y1}, "
            f"{rank_en} (source: {source_kind_label(last['source_kind'], 'en')}, {last['source_file']}).",
        ),
        T(
            f"- Từ {y0}, điểm tổng hợp thay đổi **{T.signed(d_score)}** điểm"
            + (
                f" và thứ hạng **{d_rank:+d}** bậc (dương = tốt lên)."
                if d_rank is not None
                else "; không so được thứ hạng (thiếu thứ hạng một trong hai năm)."
            ),
            f"- Since {y0} the composite moved by **{T.signed(d_score)}** points"
            + (
                f" and the rank by **{d_rank:+d}** places (positive = better)."
                if d_rank is not None
                else "; no rank change (a rank is missing in one of the two years)."
            ),
        ),
        T(
            f"- Kiểm tra dữ liệu ghi nhận {n_warn} cảnh báo và {n_info} ghi chú (mục «Kết quả kiểm tra dữ liệu»).",
            f'- The validation recorded {n_warn} warnings and {n_info} notes (section "Validation findings").',
        ),
    ]
