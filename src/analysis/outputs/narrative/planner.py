"""Words and display tables of the planner (:mod:`analysis.analyses.planner`): page 03 and the brief
show the same :class:`~analysis.analyses.planner.Plan` through these functions, so their numbers are
the same. Numbers are never typed in."""

from __future__ import annotations

import pandas as pd

from analysis.analyses.planner import Plan
from analysis.core.prose import Prose
from analysis.data import catalog
from analysis.data.provenance import locator_text

NO_PLAN = (
    "Văn bản của tỉnh không đặt mức tăng hằng năm cho các chỉ số thành phần.",
    "The province's documents set no yearly gain for the sub-indices.",
)


def plan_table(plan: Plan, lang: catalog.Lang = "vi") -> pd.DataFrame:
    """The cheapest plan, one row per sub-index, headers in ``lang``: sub-index, weight, gain a year,
    share of province-years that achieved it, composite contribution, flag."""
    T = Prose(lang)
    t = plan.table(catalog.chart_language(lang) if lang == "both" else lang)
    flag = [
        T.word("chưa tỉnh nào đạt", "never achieved") if n else (T.word("chạm trần 10", "reaches 10") if c else "")
        for n, c in zip(t["never_achieved"], t["at_cap"])
    ]
    return pd.DataFrame(
        {
            T.word("Chỉ số thành phần", "Sub-index"): t["label"],
            T.word("Trọng số", "Weight"): [T.pct(w) for w in t["weight"]],
            T.word(f"Điểm {plan.baseline.year}", f"Score {plan.baseline.year}"): [T.num(x) for x in t["baseline"]],
            T.word("Tăng mỗi năm", "Gain a year"): [T.signed(g) if g > 1e-9 else "0" for g in t["gain_per_year"]],
            T.word("Tỷ lệ tỉnh-năm đã đạt", "Share of province-years that achieved it"): [
                T.pct(s) if pd.notna(s) else "–" for s in t["share_achieved"]
            ],
            T.word(f"Đóng góp vào điểm PCI {plan.target.year}", f"Contribution to the {plan.target.year} composite"): [
                T.signed(c) if c > 1e-9 else "0" for c in t["contribution"]
            ],
            T.word("Lưu ý", "Flag"): flag,
        }
    )


def scenario_table(plan: Plan, lang: catalog.Lang = "vi") -> pd.DataFrame:
    """Every set of gains evaluated (the cheapest plan, then the province's own plans), headers in ``lang``."""
    T = Prose(lang)
    s = plan.scenario_table()
    if not len(s):
        return s
    name = (
        s["scenario_vi"]
        if lang == "vi"
        else s["scenario_en"]
        if lang == "en"
        else s["scenario_vi"] + " / " + s["scenario_en"]
    )
    return pd.DataFrame(
        {
            T.word("Phương án", "Scenario"): name,
            T.word(f"Điểm PCI {plan.target.year}", f"Composite {plan.target.year}"): [T.num(x) for x in s["composite"]],
            T.word("Thứ hạng trung vị (10–90%)", "Median rank (10–90%)"): [
                f"{m:.0f} ({a:.0f}–{b:.0f})" for m, a, b in zip(s["median_rank"], s["rank_p10"], s["rank_p90"])
            ],
            T.word(
                f"Xác suất hạng ≤ {plan.target.rank_high:g} ({plan.target.year})",
                f"Probability of rank ≤ {plan.target.rank_high:g} ({plan.target.year})",
            )
            if plan.target.score is None
            else T.word(f"Xác suất đạt {plan.target.words('vi')}", f"Probability of {plan.target.words('en')}"): [
                T.pct(p) for p in s["probability"]
            ],
            **(
                {
                    T.word(
                        f"Xác suất trong đúng nhóm {plan.target.rank_low:g}–{plan.target.rank_high:g}",
                        f"Probability within {plan.target.rank_low:g}–{plan.target.rank_high:g}",
                    ): [T.pct(p) for p in s["probability_within"]]
                }
                if (plan.target.rank_low or 1) > 1
                else {}
            ),
            T.word("Tỷ lệ tỉnh-năm tăng đủ mọi chỉ số cùng lúc", "Province-years with every gain at once"): [
                T.pct(p, 1) for p in s["joint_share"]
            ],
            T.word("Nguồn", "Source"): [_source_words(x, lang) for x in s["source"]],
        }
    )


def _source_words(source: str, lang: catalog.Lang) -> str:
    """A scenario's source as the reader reads it: a source kind by its label (the cheapest plan is
    "derived", computed by this project), a document's locator in the run's language."""
    if source in set(catalog.load_source_kinds()["kind"]):
        return catalog.source_kind_label(source, lang)
    return locator_text(source, lang)


def plan_lines(plan: Plan, lang: catalog.Lang = "vi") -> list[str]:
    """What the plan says, as Markdown list items."""
    T = Prose(lang)
    tg = T.word(plan.target.words("vi"), plan.target.words("en"))
    p = T.pct(plan.probability_wanted)
    h = plan.history
    m_vi, m_en = catalog.method_name(plan.method, "vi"), catalog.method_name(plan.method, "en")
    w_vi, w_en = catalog.period_label(plan.weights_period, "vi"), catalog.period_label(plan.weights_period, "en")
    lines = [
        T(
            f"- Điểm PCI cần đạt năm {plan.target.year}: **{T.num(plan.required)}** — mức cho {tg} với xác suất {p} khi các "
            f"tỉnh khác tiến như dự báo ({T.int(plan.draws)} lần mô phỏng đồng thời, phương pháp {m_vi}); điểm từ mười "
            f"chỉ số năm {plan.baseline.year} theo trọng số {w_vi}: {T.num(plan.current_composite)}.",
            f"- Composite needed in {plan.target.year}: **{T.num(plan.required)}** — what gives {tg} with probability {p} "
            f"when the other provinces move as projected ({T.int(plan.draws)} joint draws, {m_en} method); the ten "
            f"{plan.baseline.year} sub-indices under the {w_en} weights give {T.num(plan.current_composite)}.",
        )
    ]
    if not plan.reachable:
        lines.append(
            T(
                f"- Không đạt được ngay cả khi cả mười chỉ số lên 10 điểm (điểm PCI {T.num(plan.max_composite)}).",
                f"- Out of reach even with all ten sub-indices at 10 (composite {T.num(plan.max_composite)}).",
            )
        )
    elif plan.required <= plan.current_composite:
        lines.append(
            T(
                "- Mười chỉ số giữ nguyên mức hiện tại đã đủ: không cần tăng thêm.",
                "- The ten sub-indices held at today's level already suffice: no gain is needed.",
            )
        )
    else:
        t = plan.cheapest.table
        moved = t[t["gain_per_year"] > 1e-9].sort_values("contribution", ascending=False)
        parts = ", ".join(
            f"{catalog.indicator_label(k, 'vi')} {T.signed(g)}"
            for k, g in zip(moved["indicator"], moved["gain_per_year"])
        )
        parts_en = ", ".join(
            f"{catalog.indicator_label(k, 'en')} {T.signed(g)}"
            for k, g in zip(moved["indicator"], moved["gain_per_year"])
        )
        lines.append(
            T(
                f"- Phương án ít tốn sức nhất ({plan.years} năm): {parts} điểm mỗi năm; các chỉ số khác giữ nguyên.",
                f"- Cheapest plan ({plan.years} years): {parts_en} points a year; the others held.",
            )
        )
        if plan.within_history:
            lines.append(
                T(
                    f"- Mỗi mức tăng đều đã có tỉnh đạt trong một năm ({h.first_year}–{h.last_year}); cả các mức cùng lúc: "
                    f"{T.pct(plan.cheapest.joint_share, 1)} số tỉnh-năm.",
                    f"- Every gain has been achieved by some province in a year ({h.first_year}–{h.last_year}); all of "
                    f"them at once: {T.pct(plan.cheapest.joint_share, 1)} of province-years.",
                )
            )
        else:
            never = ", ".join(
                catalog.indicator_label(k, lang if lang != "both" else "vi") for k in plan.cheapest.never_achieved
            )
            lines.append(
                T(
                    f"- Cần mức tăng chưa tỉnh nào từng đạt trong một năm: {never}.",
                    f"- Needs gains no province has shown in a year: {never}.",
                )
            )
    note = h.note(lang if lang != "both" else "vi")
    if note:
        lines.append(T(f"- {h.note('vi')}", f"- {h.note('en')}"))
    if plan.scenarios:
        for s in plan.scenarios:
            lines.append(
                T(
                    f"- {s.name_vi}: điểm PCI {T.num(s.composite)}, thứ hạng trung vị {s.median_rank:.0f}, xác suất "
                    f"{T.pct(s.probability)}; số tỉnh-năm tăng đủ mọi mức này cùng lúc: {T.pct(s.joint_share, 1)}.",
                    f"- {s.name_en}: composite {T.num(s.composite)}, median rank {s.median_rank:.0f}, probability "
                    f"{T.pct(s.probability)}; province-years with every one of these gains at once: "
                    f"{T.pct(s.joint_share, 1)}.",
                )
            )
    else:
        lines.append(T(f"- {NO_PLAN[0]}", f"- {NO_PLAN[1]}"))
    return lines


def plan_source(plan: Plan, lang: str = "en") -> str:
    """The source line of the plan's figure and tables, in ``lang`` (``both`` figures are Vietnamese)."""
    own = "; ".join(dict.fromkeys(s.source for s in plan.scenarios if s.source))
    h = plan.history
    period = catalog.period_label(plan.weights_period, "en" if lang == "en" else "vi")
    if lang == "en":
        return (
            f"PCI panel (data/pci_panel.csv): one-year sub-index gains {h.first_year}–{h.last_year}, "
            f"{plan.province} {plan.baseline.year} sub-indices; weights catalog_data/weights.csv "
            f"({period}); target {plan.target.source}" + (f"; own plan {own}" if own else "")
        )
    return locator_text(  # the seed documents' lines as "dòng"
        f"Bảng PCI (data/pci_panel.csv): mức tăng một năm của các chỉ số thành phần {h.first_year}–{h.last_year}, "
        f"chỉ số thành phần {plan.baseline.year} của {plan.province}; trọng số catalog_data/weights.csv "
        f"({period}); mục tiêu {plan.target.source}" + (f"; phương án của tỉnh {own}" if own else ""),
        "vi",
    )
