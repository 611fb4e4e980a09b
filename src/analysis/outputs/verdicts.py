"""The verdict table: one row per target from :meth:`analysis.analyses.targets.Evaluation.records`.

Page 03 and the province brief (HTML and Word) show this table first, then at most three
sentences (:func:`verdict_sentences`); both only format the records, so their numbers are the
records' numbers. Every visible string goes through :class:`analysis.core.prose.Prose`.
"""

from __future__ import annotations

import pandas as pd

from analysis.analyses import ledger, reachability
from analysis.analyses.backtesting import EDGE_TEXT
from analysis.analyses.targets import COUNT_WORDS, verdict_counts
from analysis.core.prose import Prose, resolve
from analysis.data import catalog
from analysis.data.loaders import load_projection_default

COLUMNS = ("target", "now", "needed", "p_at_least", "p_within", "verdict", "check")
HEADERS = {
    "target": ("Mục tiêu", "Target"),
    "now": ("Hiện tại (giá trị, hạng, năm, loại nguồn)", "Now (value, rank, year, source kind)"),
    "needed": ("Cần gì", "What is needed"),
    "p_at_least": ("P(ít nhất bằng mục tiêu)", "P(at least the target)"),
    "p_within": ("P(trong đúng khoảng)", "P(within the band)"),
    "verdict": ("Kết luận", "Verdict"),
    "check": ("Kiểm tra bằng", "Checked by"),
}
UNITS = {  # the ledger's change units (analysis.analyses.ledger), in words
    "places gained per year": ("hạng/năm", "places/yr"),
    "points per year (each sub-index)": ("điểm/năm", "points/yr"),
    "percentage points per year": ("điểm phần trăm/năm", "percentage points/yr"),
}
DECIDED = {
    "met": ("đã đạt theo số liệu", "met (decided by data)"),
    "not met": ("không đạt theo số liệu", "not met (decided by data)"),
}


def change_unit_words(unit: str) -> tuple[str, str]:
    """(vi, en) of a ledger change unit: the known ones (:data:`UNITS`), else "<count unit> per year" as
    "<unit>/năm" with the count's Vietnamese word (analysis.analyses.targets.COUNT_WORDS)."""
    if unit in UNITS:
        return UNITS[unit]
    base = unit.removesuffix(" per year")
    vi, en = COUNT_WORDS.get(base, (base, base))
    return (f"{vi}/năm", f"{en}/yr") if base != unit else (vi, en)


def num(T: Prose, x, digits: int = 2) -> str:
    """A number through Prose (its own formatter when it has one); missing is "–"."""
    return T.num(x, digits)


def now_text(r, T: Prose) -> str:
    """Where the province stands now: value, rank of N, year, source kind; "no data" when none."""
    if pd.isna(r["now_year"]):
        return T.word("không có số liệu", "no data")
    parts = [num(T, r["now_value"])] if pd.notna(r["now_value"]) else []
    if pd.notna(r["now_rank"]):
        n = f"/{int(r['now_n'])}" if pd.notna(r["now_n"]) else ""
        parts.append(T.word(f"hạng {int(r['now_rank'])}{n}", f"rank {int(r['now_rank'])}{n}"))
    label = catalog.source_kinds_text(str(r["now_source_kind"] or ""), "vi" if T.lang == "vi" else "en")
    return ", ".join([*parts, T.year(r["now_year"]), label])


def needed_text(r, T: Prose) -> str:
    """What the target requires, and the pace achieved within one methodology period."""
    out = []
    if pd.notna(r["required_rank"]) and r["kind"] in ledger.RANK_KINDS:
        out.append(T.word(f"hạng ≤ {int(r['required_rank'])}", f"rank ≤ {int(r['required_rank'])}"))
    if pd.notna(r["required_annual_change"]):
        u_vi, u_en = change_unit_words(str(r["change_unit"]))
        need = r["required_annual_change"] + 0.0
        # from the latest observation (not a stated baseline or the target's own pace), a target not yet decided
        now = r.get("required_from") == "latest observation" and pd.notna(r["now_year"]) and not r.get("decided")
        if need < 0 and now:  # the latest observation meets the target: what it may lose a year
            out.append(
                T.word(
                    f"đang đạt: vẫn đạt nếu giảm không quá {T.num(-need)} {u_vi}",
                    f"met now: still met losing up to {T.num(-need)} {u_en}",
                )
            )
        elif need == 0 and now:
            out.append(T.word("đang đạt: không được giảm", "met now: no room to lose"))
        else:
            out.append(T.word(f"cần {T.signed(need)} {u_vi}", f"needs {T.signed(need)} {u_en}"))
        period_vi, period_en = (
            catalog.period_label(r["pace_period"], lg) if r["pace_period"] else "" for lg in ("vi", "en")
        )
        if pd.notna(r["pace_achieved"]):
            span = f"{T.year(r['pace_from'])}–{T.year(r['pace_to'])}"
            one = int(r["pace_to"]) - int(r["pace_from"]) == 1  # a pace of a single change: say so
            out.append(
                T.word(
                    f"đã đạt {T.signed(r['pace_achieved'] + 0.0)} ({span}{', chỉ một năm' if one else ''}, giai đoạn "
                    f"phương pháp {period_vi})",
                    f"achieved {T.signed(r['pace_achieved'] + 0.0)} ({span}{', a single year' if one else ''}, "
                    f"methodology period {period_en})",
                )
            )
        elif r["pace_period"]:
            out.append(
                T.word(
                    f"giai đoạn phương pháp {period_vi} mới có một năm: chưa có tốc độ",
                    f"one year in methodology period {period_en}: no pace yet",
                )
            )
    return "; ".join(out) or "–"


def verdict_text(r, T: Prose) -> str:
    if r["decided"] in DECIDED:
        return T.word(*DECIDED[r["decided"]])
    if r["verdict"] in reachability.VERDICTS:
        return T.word(reachability.verdict_label(r["verdict"], "vi"), reachability.verdict_label(r["verdict"], "en"))
    return T.word(ledger.status_label(r["status"], "vi"), ledger.status_label(r["status"], "en"))


def verdict_table(records: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """One row per record: target, now, needed, P(at least), P(within), verdict, checked by
    (display strings; headers in ``lang``)."""
    T = Prose(lang)
    rows = [
        {
            "target": T.word(r["text_vi"], r["text_en"]),
            "now": now_text(r, T),
            "needed": needed_text(r, T),
            "p_at_least": T.pct(r["p_at_least"]),
            "p_within": T.pct(r["p_within"]),
            "verdict": verdict_text(r, T),
            "check": T.word(r["check_vi"], r["check_en"]),
        }
        for _, r in records.iterrows()
    ]
    rows = [{k: resolve(v) for k, v in row.items()} for row in rows]  # a bilingual cell: numbers the Vietnamese way
    return pd.DataFrame(rows, columns=list(COLUMNS)).rename(columns={c: T.word(*HEADERS[c]) for c in COLUMNS})


def verdict_sentences(records: pd.DataFrame, province: str, lang: str = "vi") -> list[str]:
    """At most three sentences under the verdict table: the counts, where the province stands
    now, and the draws and seed of the one simulation."""
    T = Prose(lang)
    if records.empty:
        return [
            T(f"{province} không có mục tiêu nào trong các văn bản.", f"{province} has no target in the documents.")
        ]
    c = verdict_counts(records)
    n, n_prob = len(records), int(records["p_at_least"].notna().sum())
    out = [
        T(
            f"{province}: {n} mục tiêu; {n_prob} có xác suất — {c['likely']} có khả năng đạt, {c['uncertain']} chưa "
            f"chắc chắn, {c['unlikely']} khó đạt; {c['met'] + c['not met']} đã được số liệu quyết định "
            f"({c['met']} đạt, {c['not met']} không đạt); {n - n_prob - c['met'] - c['not met']} chưa đánh giá được.",
            f"{province}: {n} targets; {n_prob} with a probability — {c['likely']} likely, {c['uncertain']} "
            f"uncertain, {c['unlikely']} unlikely; {c['met'] + c['not met']} decided by data ({c['met']} met, "
            f"{c['not met']} not met); {n - n_prob - c['met'] - c['not met']} cannot be evaluated yet.",
        )
    ]
    line = standing_line(records, province, lang)
    if line:
        out.append(line)
    draws, seed = T.int(records["draws"].iloc[0]), int(records["seed"].iloc[0])
    # where the verdicts are read, how far to trust them: where the default's edge over persistence lives in the
    # out-of-sample backtest (data/projection_default.csv, issue 22: a tie on the recent check)
    edge = _edge(load_projection_default())
    out.append(
        T(
            f"Xác suất từ một lần mô phỏng đồng thời mọi tỉnh: {draws} lần, seed {seed}; "
            f"{reachability.verdict_rule('vi')}"
            + (f"; trong kiểm định ngoài mẫu, phương pháp mặc định {edge[0]}" if edge else "")
            + ".",
            f"Probabilities from one joint simulation of every province: {draws} draws, seed {seed}; "
            f"{reachability.verdict_rule('en')}"
            + (f"; out of sample, the default method {edge[1]}" if edge else "")
            + ".",
        )
    )
    return out


def _edge(default: pd.DataFrame) -> tuple[str, str] | None:
    """The default's edge over persistence in words (vi, en), from the committed backtest; None without one."""
    d = default[default["indicator"] == "pci"]
    if d.empty or "edge_over_persistence" not in d:
        return None
    return EDGE_TEXT.get(str(d["edge_over_persistence"].iloc[0]))


def standing_line(records: pd.DataFrame, province: str, lang: str = "vi") -> str:
    """Where the province stands now on the PCI (its latest composite: rank of N, year, source kind)."""
    T = Prose(lang)
    pci = records[(records["indicator"] == "pci") & records["now_year"].notna()]
    if pci.empty:
        return ""
    r = pci.iloc[0]
    return T(
        f"Hiện tại {province} đứng {now_text(r, T)} (PCI tổng hợp).",
        f"{province} now stands at {now_text(r, T)} (PCI composite).",
    )
