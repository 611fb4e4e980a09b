"""Prose for provinces compared (notebook 02): the year note, the 34-unit notes and the summary.

Inputs are the tables of :mod:`analysis.analyses.compare` (and :func:`analysis.analyses.standing34.standing_among_34`);
every sentence goes through :class:`analysis.core.prose.Prose`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.analyses import compare
from analysis.core.prose import Prose
from analysis.data.catalog import methodology_period, period_label, region_label, source_kinds_text
from analysis.data.provenance import locator_text, source_text
from analysis.outputs.reader import value_text


def year_note(T: Prose, panel: pd.DataFrame, year: int, base_year: int) -> str:
    """Why ``year`` is compared (the latest with every province), what later years hold, and the base year."""
    n = compare.composite_counts(panel)[year]
    later = compare.years_after_full(panel)
    later_vi, later_en = (
        "; ".join(f"{r.provinces} ({r.year}, {source_kinds_text(r.source_kinds, lang)})" for r in later.itertuples())
        for lang in ("vi", "en")
    )
    sources = compare.describe_sources(panel[panel["year"] == year])
    sources_vi = source_text(sources, "vi")
    period_vi, period_en = (period_label(methodology_period(year), lg) for lg in ("vi", "en"))
    return T(
        f"**Năm so sánh: {year}**, năm gần nhất mọi tỉnh đều có điểm PCI ({n} tỉnh, {sources_vi}). "
        + (
            f"Các năm sau chỉ có {later_vi}: một tỉnh riêng lẻ không đặt được vào toàn cảnh cả nước, nên các năm "
            "này chỉ xuất hiện trong biểu đồ thứ hạng và phần đối chiếu tài liệu gốc. "
            if len(later)
            else ""
        )
        + f"**Năm gốc: {base_year}**, năm đầu của phương pháp áp dụng cho {year} (giai đoạn "
        f"{period_vi}), nên điểm từ {base_year} đến {year} cùng một thang đo.",
        f"**Year compared: {year}**, the latest year in which every province has a PCI score ({n} provinces, "
        f"{sources}). "
        + (
            f"Later years hold only {later_en}: a single province cannot be placed in a cross-section, so those "
            "years appear only in the rank chart and the seed-fact check. "
            if len(later)
            else ""
        )
        + f"**Base year: {base_year}**, the first year of the methodology in force in {year} "
        f"(period {period_en}), so scores from {base_year} to {year} are on one scale.",
    )


def no_34_history_note(T: Prose, panel_34: pd.DataFrame, year: int, table: str) -> str:
    """``year`` is outside the committed 34-unit history ``data/<table>``."""
    lo, hi = panel_34["year"].min(), panel_34["year"].max()
    return T(
        f"`data/{table}` không có số liệu 34 đơn vị cho năm {year} (tệp có {lo}–{hi}); tạo lại bằng "
        "`python -m analysis build-map34`.",
        f"No 34-unit history for {year} in `data/{table}` (it holds {lo}–{hi}); rebuild it with "
        "`python -m analysis build-map34`.",
    )


def map34_note(T: Prose, xs34: pd.DataFrame, moved: dict | None, year: int) -> str:
    """How many of the 34 units are ranked and merged, and how much equal weights would move them."""
    n, merged = len(xs34), int((xs34["source_kind"] == "aggregated").sum())
    m = moved or {}
    return T(
        f"Năm {year} có {n} đơn vị được xếp hạng; {merged} trong số đó là đơn vị hợp nhất, điểm gộp từ các tỉnh thành "
        "viên. "
        + (
            f"Nếu dùng trọng số bằng nhau thay cho trọng số dân số, {m['units_moved']}/{m['units']} đơn vị đổi thứ hạng "
            f"năm {year} (nhiều nhất {m['max_abs_shift']} bậc; Spearman {T.num(m['spearman'], 3)}); trong giai đoạn "
            f"{m['first_year']}–{m['last_year']}, mức đổi hạng lớn nhất là {m['largest_shift']} bậc."
            if moved
            else ""
        ),
        f"In {year}, {n} units are ranked; {merged} of them merged units with an aggregated score. "
        + (
            f"With equal instead of population weights, {m['units_moved']} of {m['units']} units would "
            f"change rank in {year} (at most by {m['max_abs_shift']} places; Spearman {T.num(m['spearman'], 3)}); "
            f"over {m['first_year']}–{m['last_year']} the largest shift is {m['largest_shift']} places."
            if moved
            else ""
        ),
    )


def summary_lines(
    T: Prose,
    *,
    year: int,
    base_year: int,
    provinces: Sequence[str],
    cross_section: pd.DataFrame,
    region_ranks: pd.DataFrame,
    mobility: pd.DataFrame,
    movers: pd.DataFrame,
    frontier: pd.DataFrame,
    region_targets: pd.DataFrame,
    correlation: pd.DataFrame,
    papi_year: int,
    facts: pd.DataFrame,
    papi_missing: Sequence[str] = (),
    map34: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> list[str]:
    """The "what this shows" bullets of a comparison.

    ``cross_section``: :func:`~analysis.analyses.compare.cross_section` with ``wide=True``; ``region_ranks``,
    ``mobility``, ``movers``: :func:`~analysis.analyses.compare.region_ranks`, :func:`~analysis.analyses.compare.rank_mobility`,
    :func:`~analysis.analyses.compare.biggest_movers`; ``frontier``: :func:`~analysis.analyses.compare.frontier_table`;
    ``region_targets``: the provinces' ``region_top_k`` targets (``load_targets()``); ``correlation``:
    :func:`~analysis.analyses.compare.pci_papi_table` (its composite rows are used); ``facts``:
    :func:`~analysis.analyses.compare.check_seed_facts`; ``papi_missing``: compared provinces PAPI does not
    cover in ``papi_year``; ``map34``: (all units, the provinces' units) of
    :func:`analysis.data.maps.standing_among_34` for a run on the 34-unit map (``map = "34"``): the standing is
    then told among the 34 units.
    """
    top = cross_section.iloc[0]
    n_ranked = cross_section["pci"].count()
    lines = [
        T(
            f"- Năm {year}, tỉnh dẫn đầu là **{top['province']}** ({T.num(top['pci'])}); "
            f"{n_ranked} tỉnh được xếp hạng.",
            f"- In {year} the top province was **{top['province']}** ({T.num(top['pci'])}); "
            f"{n_ranked} provinces were ranked.",
        )
    ]
    focus = cross_section.set_index("province")
    rr = region_ranks.set_index("province")
    mob = mobility.set_index("province")
    for p in provinces:
        f, r, m = focus.loc[p], rr.loc[p], mob.loc[p]
        tier = f", {T.word('nhóm', 'tier')} {f['tier']}" if f["tier"] else ""
        rank, pct = f"**{int(f['pci_rank'])}/{int(r['n'])}**", f"{T.num(f['pci_pct'])}{tier}"
        reg = f"**{int(r['region_rank'])}/{int(r['n_region'])}**"
        ranks = f"{int(m['rank_first'])} → {int(m['rank_last'])}"
        lines.append(
            T(
                f"- **{p}**: điểm tổng hợp {T.num(f['pci'])}, hạng {rank} (hạng/n = {pct}); {reg} trong vùng "
                f"{region_label(r['region'], 'vi')}. Từ {base_year}: hạng {ranks} ({int(m['rank_change']):+d} bậc), "
                f"điểm {T.signed(m['score_change'])}.",
                f"- **{p}**: composite {T.num(f['pci'])}, rank {rank} (rank/n = {pct}); {reg} in "
                f"{region_label(r['region'], 'en')}. Since {base_year}: rank {ranks} ({int(m['rank_change']):+d} places), "
                f"score {T.signed(m['score_change'])}.",
            )
        )
    best, worst = frontier.idxmax(), frontier.idxmin()
    near = "; ".join(
        f"{p}: {best[p]} ({T.num(frontier.loc[best[p], p], 0)}) / {worst[p]} ({T.num(frontier.loc[worst[p], p], 0)})"
        for p in provinces
    )
    lines.append(
        T(
            f"- Gần nhất / xa nhất tỉnh dẫn đầu (chỉ số thành phần, khoảng cách 0–100): {near}.",
            f"- Closest to / furthest from the frontier (sub-index, distance 0–100): {near}.",
        )
    )
    for t in region_targets.itertuples():
        lines.append(_region_target_line(T, t, rr.loc[t.province], year))
    up, down = movers[movers["direction"] == "up"], movers[movers["direction"] == "down"]
    if len(up) and len(down):
        u, d = up.iloc[0], down.iloc[0]
        ru, rd = f"{int(u['rank_first'])} → {int(u['rank_last'])}", f"{int(d['rank_first'])} → {int(d['rank_last'])}"
        lines.append(
            T(
                f"- Tăng mạnh nhất {base_year}–{year}: **{u['province']}** (hạng {ru}); "
                f"giảm mạnh nhất: **{d['province']}** (hạng {rd}).",
                f"- Biggest riser {base_year}–{year}: **{u['province']}** (rank {ru}); "
                f"biggest faller: **{d['province']}** (rank {rd}).",
            )
        )
    if map34 is not None:
        n_head = 1 + len(provinces)
        lines = map34_lines(T, *map34, year) + lines[n_head:]
    lines.append(_papi_line(T, correlation[correlation["indicator"] == "pci"], papi_year))
    if note := papi_missing_note(T, papi_missing, papi_year):
        lines.append("- " + note if T.lang != "both" else note)
    lines.append(_facts_line(T, facts))
    return lines


def map34_lines(T: Prose, xs34: pd.DataFrame, focus34: pd.DataFrame, year: int) -> list[str]:
    """The standing among the 34 units of the 2025 map: the top unit, then each province's unit."""
    d = xs34[xs34["indicator"] == "pci"] if "indicator" in xs34 else xs34
    top = d.sort_values("rank").iloc[0]
    n = int(d["rank"].count())
    out = [
        T(
            f"- Năm {year}, trên bản đồ 34 đơn vị (từ 1/7/2025), đơn vị dẫn đầu là **{top['province']}** "
            f"({T.num(top['score'])}); {n} đơn vị được xếp hạng.",
            f"- In {year}, on the 34-unit map (from 1 July 2025), the top unit was **{top['province']}** "
            f"({T.num(top['score'])}); {n} units were ranked.",
        )
    ]
    for r in focus34.itertuples():
        merged = r.change != "unchanged"
        out.append(
            T(
                f"- **{r.province}**: điểm {T.num(r.score)}, hạng **{int(r.rank)}/{int(r.n)}** trong 34 đơn vị"
                + (f" (hợp nhất: {r.members})." if merged else "."),
                f"- **{r.province}**: score {T.num(r.score)}, rank **{int(r.rank)}/{int(r.n)}** among the 34 units"
                + (f" (merged: {r.members})." if merged else "."),
            )
        )
    return out


def papi_missing_note(T: Prose, missing: Sequence[str], papi_year: int) -> str | None:
    """The compared provinces PAPI does not cover in ``papi_year`` (they are absent from its scatter)."""
    if not missing:
        return None
    names, one = ", ".join(missing), len(missing) == 1
    return T(
        f"**{names}** không có số liệu PAPI {papi_year}: {'tỉnh' if one else 'các tỉnh'} này không có trên biểu "
        "đồ và không được tính trong hệ số tương quan.",
        f"**{names}** {'has' if one else 'have'} no PAPI {papi_year} data: not on the chart and not in the "
        "correlations.",
    )


def _region_target_line(T: Prose, t, r: pd.Series, year: int) -> str:
    """A province's target for its place within its region (seed 000) against its place in ``year``."""
    place, inside = int(r["region_rank"]), r["region_rank"] <= t.value_high
    short = int(r["region_rank"] - t.value_high)
    k, by = int(t.value_high), int(t.target_year)
    return T(
        f"- Mục tiêu của {t.province} lọt nhóm {k} tỉnh đầu vùng vào {by} («{t.quote}», {locator_text(t.source, 'vi')}): năm {year} tỉnh "
        f"đứng **{place}/{int(r['n_region'])}** trong vùng, " + ("đã đạt." if inside else f"còn thiếu {short} bậc."),
        f"- {t.province}'s target of a place in the regional top {k} by {by} "
        f'(<span lang="vi">"{t.quote}", {t.source}</span>): in {year} '
        f"it was **{place} of {int(r['n_region'])}** in its region, "
        + ("already inside." if inside else f"{short} place(s) short."),
    )


def _papi_line(T: Prose, corr: pd.DataFrame, papi_year: int) -> str:
    """The PAPI dimensions the composite correlates with most and least."""
    strong, weak = corr.loc[corr["pearson_r"].idxmax()], corr.loc[corr["pearson_r"].idxmin()]
    r_strong = f"r = {T.num(strong['pearson_r'])}, 95% CI {T.num(strong['ci_low'])} – {T.num(strong['ci_high'])}"
    r_weak = f"r = {T.num(weak['pearson_r'])}, {T.num(weak['ci_low'])} – {T.num(weak['ci_high'])}"
    vi_strong, vi_weak = value_text(strong["dimension"], "vi"), value_text(weak["dimension"], "vi")
    r_strong_vi = r_strong.replace("95% CI", "KTC 95%")
    return T(
        f"- PCI và PAPI {papi_year} (n = {int(strong['n'])}): điểm tổng hợp tương quan mạnh nhất với "
        f"*{vi_strong}* ({r_strong_vi}) và yếu nhất với *{vi_weak}* ({r_weak}).",
        f"- PCI and PAPI {papi_year} (n = {int(strong['n'])}): the composite correlates most with "
        f"*{strong['dimension_name']}* ({r_strong}) and least with *{weak['dimension_name']}* ({r_weak}).",
    )


def _facts_line(T: Prose, facts: pd.DataFrame) -> str:
    """How many seed-document ranks agree with the data, and each one the data covers."""

    def status(s: str, lang: str) -> str:
        return value_text(s, lang)

    vc = facts["status"].value_counts()
    counts_vi = ", ".join(f"{n} {status(s, 'vi')}" for s, n in vc.items())
    counts_en = ", ".join(f"{n} {s}" for s, n in vc.items())
    checked = facts[facts["status"] != compare.STATUS_NOT_COVERED]
    return T(
        f"- Đối chiếu tài liệu gốc, theo năm: {counts_vi}. "
        + " ".join(
            f"{r.province} {r.year}: tài liệu nêu {r.expected}, dữ liệu {r.data_rank} ({status(r.status, 'vi')})."
            for r in checked.itertuples()
        ),
        f"- Seed facts, year by year: {counts_en}. "
        + " ".join(
            f"{r.province} {r.year}: seed says {r.expected}, data {r.data_rank} ({r.status})."
            for r in checked.itertuples()
        ),
    )
