"""Prose for one province's sub-indices (notebook 01): coverage notes, the comparison notes, the summary.

Inputs are :func:`analysis.data.coverage.province_years` and the tables of :mod:`analysis.analyses.trends`
(:func:`~analysis.analyses.trends.subindex_trends`, :func:`~analysis.analyses.trends.decompose_change`,
:func:`~analysis.analyses.trends.leverage_table`, :func:`~analysis.analyses.trends.check_seed_rank_statements`).
"""

from __future__ import annotations

import pandas as pd

from analysis.analyses.admin_reform import seed_documents
from analysis.analyses.trends import MIN_TREND_YEARS
from analysis.core.prose import Prose
from analysis.data.catalog import indicator_label, methodology_period, period_label, region_label
from analysis.data.coverage import ProvinceYears
from analysis.data.provenance import source_text, years_text


def statements_source(checks: pd.DataFrame) -> tuple[str, str, str, str]:
    """(document vi, document en, province, years) of the seed rank statements checked in ``checks``
    (:func:`~analysis.analyses.trends.check_seed_rank_statements`): the short names come from
    ``catalog_data/seed_documents.csv`` by the statements' ``file``, so nothing here names a document."""
    docs = seed_documents().set_index("file")
    files = list(dict.fromkeys(checks["file"]))
    vi = ", ".join(docs.loc[f, "short_vi"] if f in docs.index else f for f in files)
    en = ", ".join(docs.loc[f, "short_en"] if f in docs.index else f for f in files)
    return vi, en, ", ".join(dict.fromkeys(checks["province"])), years_text(sorted({int(y) for y in checks["year"]}))


def coverage_notes(T: Prose, yrs: ProvinceYears, source: str) -> str:
    """Which years the province has, its gaps, composite-only and document-only years, and the source line."""
    p = yrs.province
    notes = [
        T(
            f"**{p}** ({region_label(yrs.region, 'vi')}) có số liệu PCI các năm {years_text(yrs.own_years)}; "
            f"dữ liệu chung đến năm {yrs.data_last}.",
            f"**{p}** ({region_label(yrs.region, 'en')}) has PCI data for {years_text(yrs.own_years)}; "
            f"the panel runs to {yrs.data_last}.",
        )
    ]
    if yrs.missing:
        m = years_text(yrs.missing)
        notes.append(
            T(
                f"Không có số liệu của {p} cho {m}: các năm này để trống trên biểu đồ (không phải bằng 0).",
                f"{p} has **no data for {m}**: those years are gaps in the charts (never zeros).",
            )
        )
    if yrs.composite_only:
        c = years_text(yrs.composite_only)
        notes.append(
            T(
                f"{c}: chỉ có điểm PCI tổng hợp của {p}, không có chỉ số thành phần "
                f"trong bất kỳ nguồn nào: các chỉ số thành phần để trống.",
                f"{c}: only {p}'s composite is available (no source gives its sub-indices): the sub-indices are gaps.",
            )
        )
    if yrs.seed_years:
        s = years_text(yrs.seed_years)
        notes.append(
            T(
                f"{s} chỉ có số liệu của riêng {p} (tài liệu tỉnh), nên không có "
                f"trung vị hay tỉnh cao nhất cả nước cho các năm này.",
                f"{s} come from a provincial document covering {p} alone, so there "
                f"is no national median or best province for those years.",
            )
        )
    notes.append(T(f"Nguồn: {source_text(source, 'vi')}.", f"Source: {source}."))
    return "\n\n".join(notes)


def change_note(T: Prose, prev_year: int | None, to_year: int) -> str | None:
    """Why the latest change is not year on year (a gap), or that there is no change at all; None otherwise."""
    if prev_year is None:
        return T(
            "Chỉ có một năm có điểm PCI: không có thay đổi để phân tách.",
            "Only one year with a composite: no change to decompose.",
        )
    if prev_year != to_year - 1:
        return T(
            f"Không có số liệu {to_year - 1}: so sánh {prev_year} với {to_year}.",
            f"No {to_year - 1} data: comparing {prev_year} with {to_year}.",
        )
    return None


def own_scores_only_note(T: Prose, province: str, year: int) -> str:
    """A year with only the province's own scores and published ranks: no gaps to the median."""
    return T(
        f"Năm {year} chỉ có số liệu của {province}: dưới đây là trọng số và thứ hạng công bố, chưa tính được "
        f"khoảng cách.",
        f"{year}: only {province}'s own scores and published ranks are in the data, so the weights and ranks "
        f"are shown without gaps.",
    )


def mismatch_heading(T: Prose) -> str:
    return T("**Không khớp hoặc không có trong dữ liệu:**", "**Mismatches or not covered:**")


def statements_heading(T: Prose, province: str, checks: pd.DataFrame) -> str:
    """What the province's own documents state about its ranks (``checks``: this province's rows of
    :func:`~analysis.analyses.trends.check_seed_rank_statements`), or that none of them does."""
    if checks.empty:
        return T(
            f"Không văn bản nào của {province} trong dữ liệu nêu thứ hạng từng chỉ số thành phần: không có gì "
            f"để đối chiếu.",
            f"No document of {province} in the data states its sub-index ranks: nothing to check.",
        )
    doc_vi, doc_en, _, years = statements_source(checks)
    return T(
        f"{doc_vi} nêu thứ hạng năm {years} của {province} ở {len(checks)} chỉ số; từng câu đặt cạnh dữ liệu:",
        f"{doc_en} states {province}'s {years} rank on {len(checks)} indicators; each against the data:",
    )


def weights_sentence(T: Prose, leverage: pd.DataFrame) -> str:
    """The weights of the year shown (``leverage``: :func:`~analysis.analyses.trends.leverage_table` of one
    year, weights from ``catalog_data/weights.csv``): the heaviest and the lightest sub-indices, and what a
    point of each is worth."""
    lev = leverage.dropna(subset=["weight"])
    year = int(leverage["year"].iloc[0])
    hi, lo = lev["weight"].max(), lev["weight"].min()

    def names(w: float, lang: str) -> str:
        return ", ".join(indicator_label(i, lang) for i in lev.loc[lev["weight"] == w, "indicator"])

    ratio = hi / lo if lo > 0 else float("nan")
    return T(
        f"Trọng số năm {year}: nặng nhất {names(hi, 'vi')} ({T.pct(hi)}: +1 điểm = +{T.num(hi * 10, 1)} điểm PCI), "
        f"nhẹ nhất {names(lo, 'vi')} ({T.pct(lo)}: +{T.num(lo * 10, 1)}); một điểm ở chỉ số nặng nhất bằng "
        f"{T.num(ratio, 1)} lần một điểm ở chỉ số nhẹ nhất.",
        f"Weights of {year}: heaviest {names(hi, 'en')} ({T.pct(hi)}: +1 point = +{T.num(hi * 10, 1)} composite "
        f"points), lightest {names(lo, 'en')} ({T.pct(lo)}: +{T.num(lo * 10, 1)}); a point on the heaviest is worth "
        f"{T.num(ratio, 1)} points on the lightest.",
    )


def summary_lines(
    T: Prose,
    yrs: ProvinceYears,
    *,
    window: tuple[int, int],
    trend: pd.DataFrame,
    decomposition: pd.DataFrame,
    leverage: pd.DataFrame,
    leverage_latest: pd.DataFrame,
    checks: pd.DataFrame,
) -> list[str]:
    """The "what this shows" bullets: why the composite moved, the trends, where to push, the worst rank,
    the seed statements' agreement and the missing years.

    ``leverage`` is :func:`~analysis.analyses.trends.leverage_table` of the latest workbook year;
    ``leverage_latest`` that of the province's latest year (the same table when they coincide): its worst
    rank is the one named.
    """
    p = yrs.province

    def label(code: str) -> str:
        return indicator_label(code, T.lang)

    def fmt(rows: pd.DataFrame) -> str:
        return ", ".join(f"{label(i)} ({T.signed(v)})" for i, v in rows["contribution"].items()) or "—"

    def names(rows: pd.DataFrame) -> str:
        return ", ".join(label(i) for i in rows["indicator"]) or T.word("không có", "none")

    d = decomposition.set_index("component")
    subs = d[d["kind"] == "sub-index"].dropna(subset=["contribution"]).sort_values("contribution")
    top_up, top_down = subs[subs["contribution"] > 0].iloc[::-1].head(3), subs[subs["contribution"] < 0].head(3)
    subs_trend = trend[trend["indicator"] != "pci"]
    by_dir = {
        k: subs_trend[subs_trend["direction"] == k] for k in ("rising", "falling", "no clear trend", "too few years")
    }
    unclear, few = len(by_dir["no clear trend"]), len(by_dir["too few years"])
    n_fit = int(trend["n_years"].max())
    w0, w1 = window
    lines = [
        change_parts_line(T, p, decomposition, top_up, top_down, fmt),
        T(
            f"- Xu hướng {w0}–{w1} (tối đa {n_fit} năm, KTC 90%): tăng rõ — {names(by_dir['rising'])}; giảm rõ — "
            f"{names(by_dir['falling'])}; {unclear} chỉ số không có xu hướng rõ"
            + (f"; {few} chỉ số có quá ít năm để ước lượng (dưới {MIN_TREND_YEARS})." if few else "."),
            f"- Trends {w0}–{w1} (at most {n_fit} years, 90% CI): clearly rising — {names(by_dir['rising'])}; clearly "
            f"falling — {names(by_dir['falling'])}; {unclear} sub-indices show no clear trend"
            + (f"; {few} have too few years for a trend (fewer than {MIN_TREND_YEARS})." if few else "."),
        ),
    ]
    bench = int(leverage["year"].iloc[0])
    push = leverage.dropna(subset=["points_to_median"])
    push = push[push["points_to_median"] > 0].head(3)
    if leverage["points_to_median"].isna().all():  # a year only the province's own document covers
        lines.append(
            T(
                f"- Năm {bench}, dữ liệu không có trung vị cả nước của các chỉ số thành phần: chưa tính được "
                f"khoảng cách.",
                f"- {bench}: the data hold no national median of the sub-indices, so no gap to it.",
            )
        )
    elif len(push):
        lines.append(
            T(
                f"- Năm {bench}, nhiều điểm PCI nhất nếu đạt trung vị cả nước: "
                + ", ".join(
                    f"{label(r.indicator)} (trọng số {T.pct(r.weight)}, +{T.num(r.points_to_median)} điểm)"
                    for r in push.itertuples()
                )
                + ".",
                f"- In {bench}, the most composite points from reaching the national median: "
                + ", ".join(
                    f"{label(r.indicator)} (weight {T.pct(r.weight)}, +{T.num(r.points_to_median)} points)"
                    for r in push.itertuples()
                )
                + ".",
            )
        )
    else:
        lines.append(
            T(
                f"- Năm {bench}, {p} không thấp hơn trung vị ở chỉ số nào.",
                f"- In {bench}, {p} is at or above the national median on every sub-index.",
            )
        )
    lines += _worst_rank_line(T, p, int(leverage_latest["year"].iloc[0]), leverage_latest, label)
    agree = checks["status"].value_counts()
    a, dis, nc = agree.get("agree", 0), agree.get("disagree", 0), agree.get("not covered by the data", 0)
    doc_vi, doc_en, _, years = statements_source(checks) if len(checks) else ("", "", "", "")
    lines += (
        []
        if checks.empty
        else [
            T(
                f"- Thứ hạng {years} nêu trong {doc_vi}: {a} khớp, {dis} không khớp, {nc} không có trong dữ liệu.",
                f"- The {years} ranks stated in {doc_en}: {a} agree, {dis} disagree, {nc} not covered by the data.",
            )
        ]
    )
    if yrs.missing:
        lines.append(
            T(
                f"- Không có số liệu của {p} cho {years_text(yrs.missing)}.",
                f"- No data for {p} in {years_text(yrs.missing)}.",
            )
        )
    return lines


def change_parts_line(
    T: Prose, p: str, decomposition: pd.DataFrame, top_up: pd.DataFrame, top_down: pd.DataFrame, fmt
) -> str:
    """The composite's change as the parts that add up to it: the sub-indices together (with the largest
    up and down), the weight change of a methodology break crossed, and a rounding residual that shows at
    two decimals (none otherwise: no "±0.00" part)."""
    first = decomposition.iloc[0]
    d_from, d_to = int(first["from_year"]), int(first["to_year"])
    change, c0, c1 = float(first["composite_change"]), first["composite_from"], first["composite_to"]
    kinds = decomposition.groupby("kind")["contribution"].sum(min_count=1)
    sub_sum = float(kinds.get("sub-index", 0.0))
    weight = kinds.get("weight change")
    resid = float(kinds.get("residual", 0.0))
    # the parts as printed add up to the change as printed: the sub-indices' part takes what the two-decimal
    # rounding of the others leaves (it differs from its own rounding by at most 0.01)
    shown_w = round(float(weight), 2) if weight is not None and pd.notna(weight) else 0.0
    shown_r = round(resid, 2)
    sub_sum = round(change, 2) - shown_w - shown_r
    parts_vi = [
        f"mười chỉ số thành phần {T.signed(sub_sum)} (tăng nhiều nhất: {fmt(top_up)}; kéo xuống: {fmt(top_down)})"
    ]
    parts_en = [f"the ten sub-indices {T.signed(sub_sum)} (largest up: {fmt(top_up)}; pulling down: {fmt(top_down)})"]
    if weight is not None and pd.notna(weight):
        p0, p1 = methodology_period(d_from), methodology_period(d_to)
        parts_vi.append(
            f"**trọng số mới {T.signed(weight)}** (đổi phương pháp: trọng số giai đoạn {period_label(p1, 'vi')} thay "
            f"cho {period_label(p0, 'vi')})"
        )
        parts_en.append(
            f"**the new weights {T.signed(weight)}** (methodology break: the weights of {period_label(p1, 'en')} "
            f"instead of {period_label(p0, 'en')})"
        )
    if round(resid, 2) != 0:
        parts_vi.append(f"phần dư làm tròn {T.signed(resid)}")
        parts_en.append(f"rounding {T.signed(resid)}")
    return T(
        f"- Điểm PCI của {p} thay đổi **{T.signed(change)}** điểm từ {d_from} ({T.num(c0)}) đến {d_to} "
        f"({T.num(c1)}) = " + " + ".join(parts_vi) + ".",
        f"- {p}'s composite moved **{T.signed(change)}** points from {d_from} ({T.num(c0)}) to {d_to} "
        f"({T.num(c1)}) = " + " + ".join(parts_en) + ".",
    )


def _worst_rank_line(T: Prose, p: str, year: int, lev: pd.DataFrame, label) -> list[str]:
    """The worst-ranked sub-index in ``year`` and what a point there is worth against the heaviest ones."""
    worst = lev.dropna(subset=["rank"]).sort_values(["rank", "weight"], ascending=[False, True]).head(1)
    if not len(worst):
        return []
    w = worst.iloc[0]
    wmax, ppu_max = lev["weight"].max(), lev["points_per_unit"].max()
    only = w["weight"] < wmax
    return [
        T(
            f"- Năm {year}, thứ hạng thấp nhất là {label(w['indicator'])} (hạng {int(w['rank'])}); chỉ số này "
            f"{'chỉ ' if only else ''}chiếm {T.pct(w['weight'])} trọng số: +1 điểm = "
            f"+{T.num(w['points_per_unit'], 1)} điểm PCI "
            f"(chỉ số nặng nhất: {T.pct(wmax)}, +{T.num(ppu_max, 1)} điểm PCI).",
            f"- In {year}, the worst rank is {label(w['indicator'])} ({int(w['rank'])}); it carries "
            f"{'only ' if only else ''}{T.pct(w['weight'])} of the weight: +1 point there = +{T.num(w['points_per_unit'], 1)} "
            f"composite points (heaviest sub-indices: {T.pct(wmax)}, +{T.num(ppu_max, 1)} points).",
        )
    ]
