"""Target reachability on top of :mod:`analysis.analyses.project`: verdicts, observability, caveats.

:mod:`analysis.analyses.project` simulates scores and ranks and gives each target a probability per
method.  This module turns those numbers into what the target-reachability notebook says:

* :func:`verdict_band` / :func:`verdict_label`: a plain-language band from a probability
  (``likely`` at >= :data:`LIKELY_AT`, ``unlikely`` at <= :data:`UNLIKELY_AT`, otherwise
  ``uncertain``);
* :func:`target_rank_range` and :func:`observability`: from PCI 2023 VCCI publishes only the
  top :data:`PUBLISHED_TOP` provinces, so whether a target can be *seen* to be met depends on
  its rank range against 30 (``full``, ``only_if_met``, ``none``);
* :func:`pci_targets`: the seed targets the PCI panel can evaluate (and why the others cannot);
* :func:`evaluate`: :func:`analysis.analyses.project.evaluate_targets` for those targets, plus the
  "rank 1 every year" reading of Quảng Ninh's target, the probability of being met *and*
  published, verdicts, observability and the historical share of 5-year windows that achieved
  the required pace;
* :func:`target_score_band`: the scores that gave a rank target's ranks in the latest common
  cross-section (the band shaded on the fan chart);
* :func:`calibration_table` / :func:`reliability_table`: nominal vs empirical coverage of the
  projection intervals at several levels, and the reliability of "ends in the top k"
  probabilities, from pseudo-out-of-sample projections (the same origins as the backtest);
* :func:`caveats`: the caveats the notebook states, worded from the data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.analyses.backtesting import skill_by_horizon
from analysis.analyses.project import (
    LINE_METHODS,
    METHODS,
    REDRAWN_EACH_YEAR,
    RESULT_COLUMNS,
    TARGET_KINDS,
    Projection,
    _province_code,
    break_adjustment,
    common_last_year,
    conditioned_by_default,
    cross_section_shift,
    evaluate_targets,
    gain_distribution,
    indicator_frame,
    normalise_methods,
    project,
    score_for_rank,
)
from analysis.core.prose import Prose
from analysis.core.ranking import rank_desc_by  # the one ranking function (ties share the best rank)
from analysis.data import catalog
from analysis.data.coverage import later_observations, provinces_per_year  # noqa: F401
from analysis.data.loaders import load_papi, load_pci_facts
from analysis.data.maps import convert_rank_band
from analysis.data.provenance import years_text  # noqa: F401

# --------------------------------------------------------------------------- verdict bands
LIKELY_AT = 0.70  # probability >= 0.70: "likely"
UNLIKELY_AT = 0.30  # probability <= 0.30: "unlikely"
VERDICTS = ("likely", "uncertain", "unlikely")
_VERDICT_TEXT = {
    "likely": ("có khả năng đạt", "likely"),
    "uncertain": ("chưa chắc chắn", "uncertain"),
    "unlikely": ("khó đạt", "unlikely"),
    "no data": ("không có số liệu", "no data"),
}


def verdict_band(probability: float | None, likely_at: float = LIKELY_AT, unlikely_at: float = UNLIKELY_AT) -> str:
    """'likely' (p >= 0.70), 'unlikely' (p <= 0.30), 'uncertain' in between, 'no data' for NaN."""
    if not likely_at > unlikely_at:
        raise ValueError("likely_at must be above unlikely_at")
    if probability is None or (isinstance(probability, float) and math.isnan(probability)) or pd.isna(probability):
        return "no data"
    p = float(probability)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability {p} is outside [0, 1]")
    if p >= likely_at:
        return "likely"
    if p <= unlikely_at:
        return "unlikely"
    return "uncertain"


def verdict_label(band: str, lang: catalog.Lang = "vi") -> str:
    """The band in words: 'có khả năng đạt' / 'likely', 'chưa chắc chắn' / 'uncertain', ..."""
    vi, en = _VERDICT_TEXT[band]
    return catalog.text(vi, en, lang)


def verdict_rule(lang: catalog.Lang = "vi") -> str:
    """The rule itself, in words, with the thresholds (for the notebook's prose)."""
    return catalog.text(
        f"xác suất ≥ {LIKELY_AT:.0%}: «{verdict_label('likely', 'vi')}»; ≤ {UNLIKELY_AT:.0%}: "
        f"«{verdict_label('unlikely', 'vi')}»; ở giữa: «{verdict_label('uncertain', 'vi')}»",
        f"probability ≥ {LIKELY_AT:.0%}: *likely*; ≤ {UNLIKELY_AT:.0%}: *unlikely*; in between: *uncertain*",
        lang,
    )


# --------------------------------------------------------------------------- top-30 policy
PUBLISHED_TOP = 30  # from PCI 2023 VCCI publishes only the top 30 provinces
TOP_ONLY_FROM = next(b.year for b in catalog.METHODOLOGY_BREAKS if b.kind == "publication")  # top 30 only
RANK_KINDS = catalog.target_kinds(national_rank=True)  # catalog_data/target_kinds.csv
OBSERVABILITY = ("published", "published_if_met", "derived", "none")
_OBS_TEXT = {
    "published": ("kiểm tra được từ số liệu công bố", "checkable from published figures"),
    "published_if_met": (
        "thấy trong danh sách công bố nếu đạt trong top 30, nếu không chỉ kiểm tra bằng tính toán",
        "in the published list if met within the top 30; otherwise only by derivation",
    ),
    "derived": (
        "chỉ kiểm tra được bằng cách tính chỉ số tổng hợp từ các chỉ số thành phần",
        "checkable only by deriving the composite from the published sub-indices",
    ),
    "none": ("không kiểm tra được", "not checkable"),
}


def observability_label(code: str, lang: catalog.Lang = "vi") -> str:
    vi, en = _OBS_TEXT[code]
    return catalog.text(vi, en, lang)


def n_of(unit: str | None, default: int | None = None) -> int | None:
    """The N of a national-rank unit such as 'rank (of 63)', from ``catalog_data/target_units.csv``
    (``default`` for a unit that is no national rank, or no unit)."""
    if unit is None or (isinstance(unit, float) and unit != unit) or str(unit) == "":
        return default
    n = catalog.target_unit(str(unit)).rank_of
    return default if n is None else n


def target_rank_range(kind: str, value_low=None, value_high=None) -> tuple[float, float]:
    """National rank range (best, worst) a target asks for: rank_band lo-hi, top_k 1-k,
    keep_first 1-1.  NaN for region and score targets (no national rank range)."""
    if kind == "rank_band":
        lo = float(value_low) if pd.notna(value_low) else 1.0
        return lo, float(value_high)
    if kind == "top_k":
        return 1.0, float(value_high if pd.notna(value_high) else value_low)
    if kind == "keep_first":
        return 1.0, 1.0
    return float("nan"), float("nan")


def observable_under_policy(
    kind: str,
    rank_low: float,
    rank_high: float,
    target_year: int,
    top: int = PUBLISHED_TOP,
    from_year: int = TOP_ONLY_FROM,
    index: str = "pci",
) -> str:
    """How a target can be checked once the year's results are out.

    From PCI 2023 VCCI publishes the composite and rank of the top ``top`` provinces only, but
    the ten sub-indices of all 63, from which the composite of every province can be derived
    (the 2022 weights reproduce the published composites).  Codes:

    * 'published': the published figures settle it - any year before the policy, any
      sub-index (or non-PCI index such as PAPI), a composite rank range within the top ``top``;
    * 'published_if_met': the rank range crosses ``top``: met within the top ``top`` shows in the
      published list; otherwise only the derived composite can tell;
    * 'derived': only by deriving the composite (range wholly below ``top``; region and score
      targets on the composite);
    * 'none': not checkable at all (kept for indices nobody publishes).
    """
    if int(target_year) < from_year or str(index).lower() != "pci":
        return "published"
    if kind not in RANK_KINDS or pd.isna(rank_low) or pd.isna(rank_high):
        return "derived"
    if rank_high <= top:
        return "published"
    if rank_low > top:
        return "derived"
    return "published_if_met"


def observable_for(kind, rank_low, rank_high, target_year, index="pci", top: int = PUBLISHED_TOP) -> str:
    return observable_under_policy(kind, rank_low, rank_high, target_year, top, TOP_ONLY_FROM, index)


def observability(
    targets: pd.DataFrame, top: int = PUBLISHED_TOP, from_year: int = TOP_ONLY_FROM, n_provinces: int | None = None
) -> pd.DataFrame:
    """One row per target: target_id, province, index, kind, target_year, rank_low, rank_high,
    n_of (the N the seed's rank refers to), pct_low, pct_high (rank / N), observable (code)."""
    rows = []
    for _, r in targets.iterrows():
        lo, hi = target_rank_range(r["kind"], r.get("value_low"), r.get("value_high"))
        n = n_of(r.get("unit"), n_provinces)
        rows.append(
            {
                "target_id": r["target_id"],
                "province": r["province"],
                "index": r["index"],
                "kind": r["kind"],
                "target_year": int(r["target_year"]),
                "rank_low": lo,
                "rank_high": hi,
                "n_of": n,
                "pct_low": lo / n if n and pd.notna(lo) else float("nan"),
                "pct_high": hi / n if n and pd.notna(hi) else float("nan"),
                "observable": observable_under_policy(
                    r["kind"], lo, hi, int(r["target_year"]), top, from_year, _index_code(r["index"])
                ),
            }
        )
    return pd.DataFrame(rows)


def _index_code(index) -> str:
    i = str(index)
    return "pci" if i.lower() == "pci" else i


# --------------------------------------------------------------------------- facts from the data
class ObservedRanks:
    """Observed ranks of a panel, one vectorised table per indicator (made on first use).

    :meth:`get` is :func:`observed_rank`; a run asks for many (province, indicator, year)
    facts, so each indicator's table is built once instead of once per question."""

    def __init__(self, panel: pd.DataFrame):
        self.panel = panel
        self._tables: dict[str, tuple[pd.DataFrame, dict, pd.DataFrame]] = {}
        self._codes: dict[tuple[str, str], str] = {}

    def table(self, indicator: str) -> pd.DataFrame:
        """province_code, year, rank (the panel's, else computed from the year's scores when
        (nearly) every province has one), n (provinces with a score that year), source_kind
        (of the panel's first row for the province-year, '' without the column)."""
        return self._table(indicator)[0]

    def _table(self, indicator: str):
        if indicator not in self._tables:
            df = indicator_frame(self.panel, indicator).reset_index(drop=True)
            n = df.groupby("year")["province_code"].transform("nunique")
            counts = df.groupby("year")["province_code"].nunique()
            computed = rank_desc_by(df["score"], df["year"]).astype(float)  # rank_desc within each year
            rank = df["rank"].where(df["rank"].notna(), computed.where(n >= 0.9 * counts.max()))
            t = pd.DataFrame(
                {
                    "province_code": df["province_code"],
                    "year": df["year"],
                    "rank": rank.astype(float),
                    "n": n.astype(int),
                    "source_kind": "",
                }
            )
            if "source_kind" in self.panel.columns:
                raw = self.panel[(self.panel["indicator"] == indicator) & self.panel["year"].notna()]
                raw = raw.assign(_code=raw["province_code"].astype(str), _year=raw["year"].astype(int))
                raw = raw.drop_duplicates(["_code", "_year"])
                first = dict(zip(zip(raw["_code"], raw["_year"]), raw["source_kind"]))  # (code, year) -> its kind
                t["source_kind"] = [str(first[k]) if k in first else "" for k in zip(t["province_code"], t["year"])]
            facts = {
                (c, int(y)): (float(r), int(m), k)
                for c, y, r, m, k in zip(t["province_code"], t["year"], t["rank"], t["n"], t["source_kind"])
            }
            self._tables[indicator] = (t.reset_index(drop=True), facts, df)
        return self._tables[indicator][:2]

    def get(self, province: str, indicator: str, year: int) -> tuple[float, int, str]:
        """(rank, N, source_kind) as :func:`observed_rank`."""
        facts = self._table(indicator)[1]
        key = (indicator, str(province))
        if key not in self._codes:
            self._codes[key] = _province_code(self._tables[indicator][2], province)
        code = self._codes[key]
        return facts.get((code, int(year)), (float("nan"), 0, ""))


def observed_rank(panel: pd.DataFrame, province: str, indicator: str, year: int) -> tuple[float, int, str]:
    """(rank, N, source_kind) of a province in an observed year: the panel's rank (published or
    derived), else computed from the year's scores when (nearly) every province has one;
    (NaN, 0, '') when the year is not observed.  Many questions: :class:`ObservedRanks`."""
    return ObservedRanks(panel).get(province, indicator, year)


def data_fact(
    panel,
    province,
    indicator,
    kind,
    rank_low,
    rank_high,
    target_year,
    lang: catalog.Lang = "vi",
    today_year: int | None = None,
    observed: ObservedRanks | None = None,
) -> tuple[str, str]:
    """(status, fact): 'decided: met' / 'decided: missed' when the target year is observed (rank
    targets), 'projected (past, no data)' for a past target year without data, else 'projected'."""
    import datetime

    today_year = datetime.date.today().year if today_year is None else today_year
    if kind in RANK_KINDS and pd.notna(rank_high):
        r, n, sk = (observed or ObservedRanks(panel)).get(province, indicator, int(target_year))
        if np.isfinite(r):
            met = rank_met(r, rank_high)
            src_vi, src_en = (f" ({catalog.source_kinds_text(sk, lg)})" if sk else "" for lg in ("vi", "en"))
            return (
                "decided: met" if met else "decided: missed",
                catalog.text(
                    f"năm {int(target_year)} xếp hạng {int(r)}/{n}{src_vi}",
                    f"ranked {int(r)}/{n} in {int(target_year)}{src_en}",
                    lang,
                ),
            )
    if int(target_year) < today_year:
        return (
            "projected (past, no data)",
            catalog.text(
                f"năm {int(target_year)} đã qua nhưng bảng số liệu chưa có kết quả năm đó: đây là dự báo",
                f"{int(target_year)} is past but the panel has no result for it: projected",
                lang,
            ),
        )
    return "projected", ""


def every_year_fact(
    panel, province, indicator, years: Sequence[int], lang: catalog.Lang = "vi", observed: ObservedRanks | None = None
) -> tuple[str, str, bool]:
    """For 'rank 1 every year': (status, fact, missed) from the observed years among ``years``."""
    observed = observed or ObservedRanks(panel)
    seen = [(y, *observed.get(province, indicator, y)) for y in years]
    seen = [(y, r, n, k) for y, r, n, k in seen if np.isfinite(r)]
    if not seen:
        return "projected", "", False
    bad = [(y, r) for y, r, _, _ in seen if r != 1]
    ys = years_text([y for y, *_ in seen])
    kinds = ", ".join(sorted({k for *_, k in seen if k}))
    if bad:
        txt = ", ".join(f"{int(r)} ({y})" for y, r in bad)
        return ("decided: missed", catalog.text(f"không đứng đầu: hạng {txt}", f"not first: rank {txt}", lang), True)
    status = "decided: met" if len(seen) == len(years) else "partly decided"
    return (
        status,
        catalog.text(f"đứng đầu {ys} theo số liệu ({kinds})", f"first in {ys} per the data ({kinds})", lang),
        False,
    )


def papi_panel(papi: pd.DataFrame | None = None) -> pd.DataFrame:
    """The PAPI total as a panel :func:`analysis.analyses.project.project` can read (indicator 'papi').

    ``papi``: a frame with year, province, province_code, score and optionally rank (h-papi's
    PAPI total per province x year), or ``analysis.load_papi()``'s long table, whose level
    'total' rows are used.  Ranks missing are computed from the scores (1 = best)."""
    if papi is None:
        papi = load_papi()
    d = papi[papi["level"] == "total"] if "level" in papi.columns else papi
    d = d.dropna(subset=["score"]).copy()
    if "rank" not in d.columns:
        d["rank"] = rank_desc_by(d["score"], d["year"]).astype(float)  # rank_desc within each year
    out = d[["year", "province", "province_code", "score", "rank"]].assign(indicator="papi")
    out["source_kind"] = d["source_kind"] if "source_kind" in d.columns else "official_workbook"
    out["province_code"] = out["province_code"].astype(str).str.zfill(2)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- figure inputs
DOCUMENT_KINDS = ("seed", "province_document")


def figure_rows(panel: pd.DataFrame, province_code: str, indicator: str = "pci") -> pd.DataFrame:
    """The panel rows behind one province's projection figures: every province's data except
    other provinces' own documents (Hà Nội's fan chart does not rest on Lai Châu's decision)."""
    d = panel[(panel["indicator"] == indicator) & panel["score"].notna()]
    if "source_kind" in d.columns:
        d = d[~d["source_kind"].isin(DOCUMENT_KINDS) | (d["province_code"] == province_code)]
    return d


def fan_frame(
    proj: Projection,
    province: str,
    method: str,
    start_year: int | None = None,
    start_score: float | None = None,
    levels=(0.1, 0.25, 0.5, 0.75, 0.9),
) -> pd.DataFrame:
    """year, p10, p25, p50, p75, p90 of one province's simulated scores (one row per projected
    year), starting from its observation in ``start_year`` when given (the fan's root)."""
    i = proj.province_index(province)
    q = np.quantile(proj.score_draws[method][:, :, i], levels, axis=0)
    cols = [f"p{int(round(lv * 100))}" for lv in levels]
    f = pd.DataFrame({"year": list(proj.target_years), **{c: q[k] for k, c in enumerate(cols)}})
    if start_year is not None and start_score is not None:
        f = pd.concat(
            [pd.DataFrame([{"year": int(start_year), **{c: float(start_score) for c in cols}}]), f], ignore_index=True
        )
    return f


def target_bands(
    panel: pd.DataFrame, province: str, targets: pd.DataFrame, lang: catalog.Lang = "vi"
) -> tuple[list[dict], dict[int, list[tuple]]]:
    """The composite targets of one province as (score bands for the fan chart, rank bands per
    year for the rank-distribution chart)."""
    bands, rank_bands = [], {}
    shift = None
    for _, r in targets.iterrows():
        if str(r["index"]).lower() != "pci":
            continue
        reg = r.get("region")
        reg = reg if isinstance(reg, str) and reg else None
        if shift is None:  # the same for every target of the province
            shift, _ = cross_section_shift(panel, province, "pci")
        lo, hi = target_score_band(panel, province, r["kind"], r["value_low"], r["value_high"], region=reg, shift=shift)
        rlo, rhi = target_rank_range(r["kind"], r["value_low"], r["value_high"])
        if r["kind"] == "region_top_k":
            lab = catalog.text(f"top {int(r['value_high'])} vùng", f"region top {int(r['value_high'])}", lang)
        elif r["kind"] == "rank_band":
            lab = f"{int(rlo)}–{int(rhi)}"
        else:
            lab = "#1" if r["kind"] == "keep_first" else f"top {int(rhi)}"
        bands.append({"year": int(r["target_year"]), "low": lo, "high": hi, "label": lab})
        if r["kind"] != "region_top_k":
            rank_bands.setdefault(int(r["target_year"]), []).append((rlo, rhi, lab))
    return bands, rank_bands


def _backtest_numbers(r: pd.Series, p: pd.Series, N: Prose) -> dict[str, str]:
    """The numbers of :func:`backtest_summary` (default ``r``, persistence ``p``) in ``N``'s format (issue 23)."""
    out = {
        k: N.num(r[k], n)
        for k, n in (
            ("rank_crps", 2),
            ("brier_top30", 3),
            ("brier_top40", 3),
            ("coverage_80", 2),
            ("coverage_50", 2),
            ("coverage_90", 2),
        )
    }
    out |= {
        k: N.signed(100 * r[k], 0) + "%"
        for k in (
            "skill_rank_crps_vs_persistence",
            "skill_rank_crps_vs_climatology",
            "skill_rank_crps_vs_persistence_lo",
            "skill_rank_crps_vs_persistence_hi",
        )
    }
    return out | {
        "mae": N.num(r["rank_mae"], 1),
        "p_mae": N.num(p["rank_mae"], 1),
        "p_crps": N.num(p["rank_crps"], 2),
        "p_b30": N.num(p["brier_top30"], 3),
        "p_b40": N.num(p["brier_top40"], 3),
    }


def backtest_summary(
    skill: pd.DataFrame, table: pd.DataFrame, indicator: str = "pci", lang: catalog.Lang = "vi"
) -> str:
    """The done-when numbers of the committed backtest, in words (from ``projection_skill.csv``
    and ``projection_backtest.csv``), including where no method beats persistence."""
    sk = skill[skill["indicator"] == indicator].set_index("method")
    tab = table[table["indicator"] == indicator]
    if sk.empty:
        return catalog.text(f"Chưa có kiểm định cho {indicator}.", f"No backtest for {indicator} yet.", lang)
    d = sk.index[sk["chosen"]][0] if sk["chosen"].any() else None
    p = sk.loc["persistence"]
    r = sk.loc[d]
    hs = f"{int(tab['horizon'].min())}–{int(tab['horizon'].max())}"
    orig = f"{int(tab['origin'].min())}–{int(tab['origin'].max())}"
    v, e = _backtest_numbers(r, p, Prose("vi")), _backtest_numbers(r, p, Prose("en"))
    dv, de = catalog.method_name(d, "vi"), catalog.method_name(d, "en")  # methods by name, not by code
    head = catalog.text(
        f"Kiểm định cuốn chiếu: {int(r['n_origins'])} năm gốc ({orig}), tầm {hs} năm, {int(r['n'])} dự báo tỉnh–năm mỗi "
        f"phương pháp. Mặc định: **{dv}** — sai số thứ hạng TB {v['mae']} (giữ nguyên {v['p_mae']}), "
        f"CRPS thứ hạng {v['rank_crps']} ({v['p_crps']}), Brier top 30 {v['brier_top30']} ({v['p_b30']}), Brier top 40 "
        f"{v['brier_top40']} ({v['p_b40']}); độ phủ khoảng 80%: {v['coverage_80']} (50%: {v['coverage_50']}, 90%: "
        f"{v['coverage_90']}). Kỹ năng CRPS so với giữ nguyên {v['skill_rank_crps_vs_persistence']} (90%: "
        f"{v['skill_rank_crps_vs_persistence_lo']} đến {v['skill_rank_crps_vs_persistence_hi']}), so với tần suất lịch "
        f"sử {v['skill_rank_crps_vs_climatology']}.",
        f"Rolling backtest: {int(r['n_origins'])} origins ({orig}), horizons {hs} years, {int(r['n'])} province-year "
        f"forecasts per method. Default: **{de}** — rank MAE {e['mae']} (persistence {e['p_mae']}), rank "
        f"CRPS {e['rank_crps']} ({e['p_crps']}), Brier top 30 {e['brier_top30']} ({e['p_b30']}), "
        f"Brier top 40 {e['brier_top40']} ({e['p_b40']}); 80% interval coverage {e['coverage_80']} "
        f"(50%: {e['coverage_50']}, 90%: {e['coverage_90']}). CRPS skill vs persistence "
        f"{e['skill_rank_crps_vs_persistence']} (90%: {e['skill_rank_crps_vs_persistence_lo']} to "
        f"{e['skill_rank_crps_vs_persistence_hi']}), vs climatology {e['skill_rank_crps_vs_climatology']}.",
        lang,
    )
    byh = skill_by_horizon(tab, n_boot=300)
    best = byh[byh["method"] != "persistence"].groupby("horizon")["skill"].max()
    none_h = [int(h) for h, v in best.items() if v <= 0]
    unsure = byh[(byh["method"] == d) & (byh["skill_lo"] <= 0)]["horizon"].astype(int).tolist()
    worse = [
        m
        for m in sk.index
        if m != "persistence"
        and not (sk.loc[m, "rank_crps"] < p["rank_crps"] and sk.loc[m, "brier_top30"] < p["brier_top30"])
    ]
    worse_vi, worse_en = (", ".join(catalog.method_name(m, lg) for m in worse) for lg in ("vi", "en"))
    tail = catalog.text(
        (
            "Không phương pháp nào hơn giữ nguyên ở tầm " + ", ".join(map(str, none_h)) + " năm. "
            if none_h
            else "Ở mọi tầm có ít nhất một phương pháp hơn giữ nguyên (CRPS). "
        )
        + (
            f"Với {dv}, khoảng 90% của kỹ năng chạm 0 ở tầm "
            + ", ".join(map(str, unsure))
            + " năm: chưa chắc hơn giữ nguyên ở đó. "
            if unsure
            else ""
        )
        + ("Không hơn giữ nguyên (CRPS và Brier top 30, gộp các tầm): " + worse_vi + "." if worse else ""),
        (
            "No method beats persistence at horizon(s) " + ", ".join(map(str, none_h)) + ". "
            if none_h
            else "At every horizon at least one method beats persistence (CRPS). "
        )
        + (
            f"For {de} the 90% skill interval reaches 0 at horizon(s) "
            + ", ".join(map(str, unsure))
            + ": not surely better there. "
            if unsure
            else ""
        )
        + ("Not better than persistence (CRPS and Brier top 30, horizons pooled): " + worse_en + "." if worse else ""),
        lang,
    )
    return head + "\n\n" + tail


# --------------------------------------------------------------------------- the map (63 or 34 units)
MAPS = ("63", "34")


def check_map(value) -> str:
    """The ``map`` parameter as "63" or "34" (an int is accepted); one clear line otherwise."""
    m = str(value).strip()
    if m not in MAPS:
        raise ValueError(
            f"parameter map must be '63' (the provinces as ranked up to 2024) or '34' (the units of "
            f"the 2025 map), not {value!r}"
        )
    return m


def targets_on_map(targets: pd.DataFrame, map: str = "63") -> pd.DataFrame:
    """The targets with every national PCI rank target (rank band, top k; "of 63") read on ``map``.

    ``"63"``: unchanged. ``"34"``: ``value_low``/``value_high`` become the equivalent band among
    the 34 units (:func:`analysis.data.maps.convert_rank_band`: rank 45-55 of 63 -> 24-30 of 34;
    top 40 -> top 22) and ``unit`` says "rank (of 34)". "Keep first" stays rank 1; region and
    score targets, and other indices (PAPI is not on the 34-unit map), are unchanged.
    """
    m = check_map(map)
    t = targets.copy()
    if m == "63":
        return t
    sel = t["index"].astype(str).str.lower().eq("pci") & t["kind"].isin(["rank_band", "top_k"])
    for i in t.index[sel]:
        lo = 1 if t.at[i, "kind"] == "top_k" or pd.isna(t.at[i, "value_low"]) else int(t.at[i, "value_low"])
        band = convert_rank_band(lo, int(t.at[i, "value_high"]), n_of(t.at[i, "unit"], 63), 34)
        if t.at[i, "kind"] == "rank_band":
            t.at[i, "value_low"] = float(band.lo)
        t.at[i, "value_high"] = float(band.hi)
        t.at[i, "unit"] = "rank (of 34)"
    return t


# --------------------------------------------------------------------------- which targets
def _panel_index(index: str, panel: pd.DataFrame) -> str | None:
    """The panel indicator a target's index refers to, or None if the panel lacks it."""
    idx = str(index)
    if idx.lower() == "pci_subindex_each":
        return "pci_subindex_each" if panel["indicator"].isin(catalog.SUBINDICES).any() else None
    ind = idx.lower() if idx.lower() in ("pci", "papi") else idx
    return ind if (panel["indicator"] == ind).any() else None


def pci_targets(targets: pd.DataFrame, panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the seed targets into those the PCI panel can evaluate and the rest.

    Evaluable: a kind :func:`analysis.analyses.project.evaluate_targets` knows and an index the panel
    holds (the composite, a sub-index, or 'each sub-index').  Returns ``(evaluable, other)``;
    ``other`` has a ``reason`` column ('index not in the PCI panel', 'not a rank or score
    target', ...).
    """
    t = targets.copy()
    ind = t["index"].map(lambda i: _panel_index(i, panel))
    kind_ok = t["kind"].isin(TARGET_KINDS)
    ok = kind_ok & ind.notna()
    other = t[~ok].copy()
    other["reason"] = np.where(
        ~other["kind"].isin(TARGET_KINDS),
        "kind '" + other["kind"].astype(str) + "' is not a rank or score target",
        "index '" + other["index"].astype(str) + "' is not in the PCI panel",
    )
    return t[ok].reset_index(drop=True), other.reset_index(drop=True)


def region_map() -> dict[str, str]:
    """province_code -> GSO region (catalogue)."""
    prov = catalog.load_provinces()
    return dict(zip(prov["province_code"].astype(str), prov["region"]))


# --------------------------------------------------------------------------- evaluation
EXTRA_COLUMNS = [
    "label",
    "index",
    "kind",
    "verdict",
    "probability_at_least",
    "verdict_at_least",
    "probability_within",
    "verdict_within",
    "status",
    "data_fact",
    "observable",
    "probability_met_and_published",
    "share_windows_achieving",
    "rank_low",
    "rank_high",
    "pct_low",
    "pct_high",
    "source",
]
KEEP_FIRST_FROM = (
    2020  # Quảng Ninh's "every year" is the 2020-2025 term (seed_targets.csv, quangninh_pci_keep_first note)
)


def rank_met(rank: float, worst: float) -> bool:
    """The one reading of a rank target: met at its worst rank or better ("into the 45–55 group" is met by 55 or
    better, as the provinces mean it). The ledger's decisions and the data facts here both call it."""
    return rank <= worst


def _share_achieving(panel: pd.DataFrame, ind: str, required: float, span: int, cache: dict) -> tuple[float, int]:
    if ind not in cache:
        cache[ind] = gain_distribution(panel, ind, span=span)["annual_gain"].to_numpy(float)
    g = cache[ind]
    if not len(g) or pd.isna(required):
        return float("nan"), len(g)
    return float(np.mean(g >= required - 1e-12)), len(g)


WHOLE_HISTORY_INDICATORS = ("papi",)  # estimated on the whole history, across its breaks (adjusted), as backtested


def published_rank_facts(panel: pd.DataFrame) -> pd.DataFrame:
    """Published composite ranks without a score (``data/pci_facts.csv`` rows ``pci_rank``, e.g. Hà Nam 22nd in
    2024) of the provinces of ``panel``: the projection holds them like the panel's own published ranks."""
    facts = load_pci_facts()
    facts = facts[(facts["indicator"] == "pci_rank") & facts["rank"].notna()]
    return facts[facts["province_code"].astype(str).isin(set(panel["province_code"].astype(str)))]


def simulate(
    panel: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    method: str | Sequence[str] = "all",
    draws: int = 10_000,
    seed: int | None = 0,
    window=None,
    extra_years: Sequence[int] = (),
    keep_every_year: Sequence[str] = ("pci", "papi"),
) -> dict:
    """One joint simulation per indicator the targets need (indicator -> Projection), over every
    year from the origin to the last target year (and ``extra_years``): every table and chart
    of a run reads these draws.

    The indicators in ``keep_every_year`` (and any with a "keep first" target, which is read in
    every year of its term) keep the draws of every simulated year; the others (the
    sub-indices) keep only the years their targets ask about - the same draws, a fraction
    of the memory.  ``extra_years`` are kept only for those indicators: a caller that needs a
    sub-index in another year passes it in ``keep_every_year``."""
    methods = normalise_methods(method)
    out = {}
    inds = []
    index_of = {i: _panel_index(i, panel) for i in dict.fromkeys(targets["index"])}  # each index looked up once
    present = set(panel["indicator"].unique())
    for idx in targets["index"]:
        ind = index_of[idx]
        if ind == "pci_subindex_each":
            inds += [s for s in catalog.SUBINDICES if s in present]
        elif ind:
            inds.append(ind)
    for ind in dict.fromkeys(["pci", *inds]):
        if ind not in present:
            continue
        ly = common_last_year(panel, ind)
        rel = [
            int(y)
            for y, i in zip(targets["target_year"], targets["index"])
            if index_of[i] in (ind, "pci_subindex_each")
        ]
        every = any(
            k == "keep_first"
            for k, i in zip(targets["kind"], targets["index"])
            if index_of[i] in (ind, "pci_subindex_each")
        )
        # extra years only for the indicators that keep every year: a sub-index's draws never depend on them
        extra = [int(y) for y in extra_years] if (ind in keep_every_year or every) else []
        last = max([*rel, *extra, ly + 1])
        w, brk = window, False
        if ind in WHOLE_HISTORY_INDICATORS and window is None:  # as in the backtest: the whole history
            w = (int(panel.loc[panel["indicator"] == ind, "year"].min()), ly)
            brk = True
        # a window across PAPI's 2018 break warns, naming the adjustment made: the caller states it once
        proj = project(
            panel,
            target_years=list(range(ly + 1, last + 1)),
            method=methods,
            draws=draws,
            seed=seed,
            window=w,
            indicator=ind,
            allow_break=brk,
            rank_facts=published_rank_facts(panel) if ind == "pci" else None,
        )
        if ind not in keep_every_year and not every:  # a sub-index: keep only the years its targets ask about
            proj = proj.keep_years(rel)
        out[ind] = proj
    return out


def evaluate(
    panel: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    method: str | Sequence[str] = "all",
    draws: int = 10_000,
    seed: int | None = 0,
    window=None,
    span: int = 5,
    top: int = PUBLISHED_TOP,
    lang: catalog.Lang = "vi",
    projections: dict | None = None,
) -> pd.DataFrame:
    """Probability per target and method, with verdicts and observability, from one joint
    simulation per indicator (``projections`` from :func:`simulate`, made here if not given).

    Readings (stated in the notebook):

    * ``probability`` - the headline - is the target read as the provinces mean it, **at
      least** that well: rank 45-55 is met by rank 55 or better; +0.3 to +0.8 points a year by
      +0.3 or more.  ``probability_within`` is the band as written (inside it);
    * keep_first ('stay first every year'): two rows - rank 1 in the target year, and rank 1
      in *every* year of the term (:data:`KEEP_FIRST_FROM` to the target year): observed years
      are facts from the data (a year not first makes it 0), the rest simulated;
    * probability_met_and_published: P(met and national rank <= ``top``) for rank targets
      in years of the top-30 policy (NaN for region and score targets);
    * ``status``: 'decided by data: met/missed' when the target year is observed, 'projected'
      otherwise; ``data_fact`` states the observed part.

    Columns: :data:`RESULT_COLUMNS` then :data:`EXTRA_COLUMNS`. The same as
    ``answers(...).words(lang)``: :func:`answers` computes what no language changes, once for every language.
    """
    return answers(
        panel,
        targets,
        method=method,
        draws=draws,
        seed=seed,
        window=window,
        span=span,
        top=top,
        projections=projections,
    ).words(lang)


@dataclass(eq=False)
class Answers:
    """:func:`evaluate` without its words: every number, status and reading of every target (``frame``, in the
    order of the results, with ``_every_from`` on the "every year" rows); :meth:`words` adds the label and the
    data fact in a language. The numbers are computed once whatever the languages asked."""

    frame: pd.DataFrame
    targets: pd.DataFrame  # the targets evaluated, by target_id
    panel: pd.DataFrame
    observed: ObservedRanks  # the observed ranks the statuses were read from (its tables are kept)

    def words(self, lang: catalog.Lang = "vi") -> pd.DataFrame:
        """The results in ``lang``: columns :data:`RESULT_COLUMNS` then :data:`EXTRA_COLUMNS`."""
        out = self.frame.copy()
        facts, labels = [], []
        for r in out.to_dict("records"):
            m = self.targets.loc[r["target_id"]]
            ind = r["index"]
            every = int(r["_every_from"]) if pd.notna(r["_every_from"]) else None
            if every is None:
                fact = data_fact(
                    self.panel,
                    r["province"],
                    ind,
                    r["kind"],
                    r["rank_low"],
                    r["rank_high"],
                    r["target_year"],
                    lang=lang,
                    observed=self.observed,
                )[1]
            else:
                yrs = list(range(every, int(r["target_year"]) + 1))
                fact = every_year_fact(self.panel, r["province"], ind, yrs, lang=lang, observed=self.observed)[1]
            facts.append(fact)
            name = "PCI" if ind == "pci" else ("PAPI" if ind == "papi" else catalog.indicator_label(ind, lang))
            labels.append(
                f"{name}: "
                + target_text(
                    m["kind"],
                    m.get("value_low"),
                    m.get("value_high"),
                    r["target_year"],
                    m.get("region") or None,
                    lang,
                    every_year_from=every,
                )
            )
        out["data_fact"] = facts
        out["label"] = labels
        return out[RESULT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def answers(
    panel: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    method: str | Sequence[str] = "all",
    draws: int = 10_000,
    seed: int | None = 0,
    window=None,
    span: int = 5,
    top: int = PUBLISHED_TOP,
    projections: dict | None = None,
) -> Answers:
    """The language-free part of :func:`evaluate` (same arguments but ``lang``)."""
    methods = normalise_methods(method)
    t = targets.copy()
    t["target_year"] = t["target_year"].astype(int)
    regions = region_map()
    projections = dict(projections or simulate(panel, t, method=methods, draws=draws, seed=seed, window=window))
    base = evaluate_targets(
        panel,
        t,
        method=methods,
        draws=draws,
        seed=seed,
        window=window,
        regions=regions,
        projections=projections,
        published_top=top,
        published_from=TOP_ONLY_FROM,
    )
    base["probability_within"] = base["probability"]
    base["probability"] = base["probability_at_least"]
    meta = t.set_index("target_id")
    obs = observability(t, top=top).set_index("target_id")
    out = base.copy()
    out["kind"] = out["target_id"].map(meta["kind"])
    out["source"] = out["target_id"].map(meta["source"]) if "source" in meta else ""
    for c in ["rank_low", "rank_high", "pct_low", "pct_high"]:
        out[c] = out["target_id"].map(obs[c])
    out["observable"] = [
        observable_for(k, obs.loc[tid, "rank_low"], obs.loc[tid, "rank_high"], y, ind, top)
        for k, tid, y, ind in zip(out["kind"], out["target_id"], out["target_year"], out["index"])
    ]
    nopub = out["probability_met_and_published"].isna() & out["kind"].isin(RANK_KINDS)
    out.loc[nopub, "probability_met_and_published"] = out.loc[nopub, "probability"]
    # facts from the data: observed ranks in the target year / the term (their words: Answers.words)
    observed = ObservedRanks(panel)  # one table per indicator for every fact below
    out["status"] = [
        data_fact(panel, p, ind, k, lo, hi, y, observed=observed)[0]
        for p, ind, k, lo, hi, y in zip(
            out["province"], out["index"], out["kind"], out["rank_low"], out["rank_high"], out["target_year"]
        )
    ]
    decided = out["status"].str.startswith("decided")
    out.loc[decided, "probability"] = (out.loc[decided, "status"] == "decided: met").astype(float)
    out.loc[decided, "probability_within"] = out.loc[decided, "probability"]
    # keep_first: also "rank 1 in every year of the term"
    extra = []
    for _, r in out[out["kind"] == "keep_first"].iterrows():
        ind = r["index"]
        proj = projections[ind]
        yrs = list(range(KEEP_FIRST_FROM, int(r["target_year"]) + 1))
        status, _, missed = every_year_fact(panel, r["province"], ind, yrs, observed=observed)
        row = r.to_dict()
        row["_every_from"] = yrs[0]
        sim_years = [y for y in yrs if y > proj.last_year]
        if missed:
            p = 0.0
        elif sim_years:
            p = float((proj.province_ranks(r["method"], r["province"], sim_years, "raw") == 1).all(axis=1).mean())
        else:
            p = 1.0
        row.update(
            probability=p,
            probability_within=p,
            probability_at_least=p,
            probability_met_and_published=p,
            status=status,
            target=f"{ind}: rank 1 every year {yrs[0]}-{yrs[-1]}",
        )
        extra.append(row)
    if extra:
        out = pd.concat([out, pd.DataFrame(extra)], ignore_index=True)
    if "_every_from" not in out:
        out["_every_from"] = np.nan
    out["probability_at_least"] = out["probability"]
    out["verdict"] = out["probability"].map(verdict_band)
    out["verdict_at_least"] = out["verdict"]
    out["verdict_within"] = out["probability_within"].map(verdict_band)
    cache: dict = {}
    shares = [
        _share_achieving(panel, ind, req, span, cache)[0] for ind, req in zip(out["index"], out["required_annual_gain"])
    ]
    out["share_windows_achieving"] = shares
    order = {tid: k for k, tid in enumerate(t["target_id"])}
    out["_o"] = out["target_id"].map(order)
    out["_m"] = out["method"].map({m: k for k, m in enumerate(METHODS)})
    out = out.sort_values(["_o", "index", "target", "_m"], kind="stable").drop(columns=["_o", "_m"])
    return Answers(frame=out.reset_index(drop=True), targets=meta, panel=panel, observed=observed)


def target_text(
    kind: str,
    value_low=None,
    value_high=None,
    target_year=None,
    region: str | None = None,
    lang: catalog.Lang = "vi",
    every_year_from: int | None = None,
) -> str:
    """A target in words: 'hạng 45–55 năm 2025' / 'rank 45–55 by 2025', 'top 40', 'tăng ≥ 0,3 điểm/năm', ..."""
    y = f" {int(target_year)}" if target_year is not None and pd.notna(target_year) else ""
    if kind == "rank_band":
        return catalog.text(
            f"hạng {int(value_low)}–{int(value_high)} năm{y}", f"rank {int(value_low)}–{int(value_high)} by{y}", lang
        )
    if kind == "top_k":
        k = int(value_high if pd.notna(value_high) else value_low)
        return catalog.text(f"top {k} năm{y}", f"top {k} by{y}", lang)
    if kind == "region_top_k":
        k = int(value_high if pd.notna(value_high) else value_low)
        reg = catalog.region_label(region, lang) if region in catalog.REGIONS_EN else str(region)
        return catalog.text(f"top {k} vùng {reg} năm{y}", f"top {k} of {reg} by{y}", lang)
    if kind == "keep_first":
        if every_year_from is not None:
            return catalog.text(
                f"hạng 1 mọi năm {every_year_from}–{int(target_year)}",
                f"rank 1 every year {every_year_from}–{int(target_year)}",
                lang,
            )
        return catalog.text(f"hạng 1 năm{y}", f"rank 1 in{y}", lang)
    if kind == "score_change_per_year":

        def band(N: Prose) -> str:  # "0,3–0,8" / "0.3–0.8" (issue 23)
            return f"{N.short(value_low)}–{N.short(value_high)}" if pd.notna(value_high) else f"≥ {N.short(value_low)}"

        return catalog.text(f"tăng {band(Prose('vi'))} điểm/năm đến{y}", f"+{band(Prose('en'))} points/yr to{y}", lang)
    return str(kind)


def summary_by_target(results: pd.DataFrame, default_method: str) -> pd.DataFrame:
    """One row per target (and index): the default method's probability and verdict, the
    range of probabilities across methods, and whether the methods agree on the verdict."""
    g = results.groupby(["province", "target_id", "target"], sort=False)
    rows = []
    for (prov, tid, tgt), d in g:
        dm = d[d["method"] == default_method]
        p = float(dm["probability"].iloc[0]) if len(dm) else float("nan")
        bands = set(d["probability"].map(verdict_band))
        rows.append(
            {
                "province": prov,
                "target_id": tid,
                "target": tgt,
                "label": d["label"].iloc[0],
                "target_year": int(d["target_year"].iloc[0]),
                "probability_default": p,
                "verdict_default": verdict_band(p),
                "probability_at_least_default": float(dm["probability_at_least"].iloc[0]) if len(dm) else float("nan"),
                "probability_min": float(d["probability"].min()),
                "probability_max": float(d["probability"].max()),
                "methods_agree": len(bands) == 1,
                "observable": d["observable"].iloc[0],
                "median_rank": float(dm["median_rank"].iloc[0]) if len(dm) else float("nan"),
                "rank_p10": float(dm["rank_p10"].iloc[0]) if len(dm) else float("nan"),
                "rank_p90": float(dm["rank_p90"].iloc[0]) if len(dm) else float("nan"),
                "required_annual_gain": float(d["required_annual_gain"].iloc[0]),
                "historical_annual_gain": float(d["historical_annual_gain"].iloc[0]),
                "share_windows_achieving": float(d["share_windows_achieving"].iloc[0]),
            }
        )
    return pd.DataFrame(rows)


def later_year_check(
    panel: pd.DataFrame,
    province: str,
    method: str | Sequence[str] = "all",
    draws: int = 2_000,
    seed: int | None = 0,
    window=None,
    indicator: str = "pci",
) -> pd.DataFrame:
    """For each year after the common last year in which ``province`` alone is observed:
    its published rank there (panel ``rank``, e.g. seed 002's) against the rank the joint
    simulation gives it when its score is set to the observed value (median, p10, p90 per
    method).  A gap shows what the simulation cannot know: how everybody else moved."""
    last = common_last_year(panel, indicator)
    code = catalog.resolve_province(province).code
    d = panel[
        (panel["indicator"] == indicator)
        & (panel["province_code"] == code)
        & (panel["year"] > last)
        & panel["score"].notna()
    ].sort_values("year")
    if d.empty:
        return pd.DataFrame(
            columns=[
                "year",
                "method",
                "observed_score",
                "published_rank",
                "sim_median_rank",
                "sim_rank_p10",
                "sim_rank_p90",
                "source",
            ]
        )
    years = [int(y) for y in d["year"]]
    pr = project(panel, target_years=years, method=method, draws=draws, seed=seed, window=window, indicator=indicator)
    i = pr.province_index(province)
    rows = []
    for k, (_, r) in enumerate(d.iterrows()):
        for m in pr.methods:
            q = np.quantile(pr.province_ranks(m, i, years[k]), [0.5, 0.1, 0.9])
            rows.append(
                {
                    "year": int(r["year"]),
                    "method": m,
                    "observed_score": float(r["score"]),
                    "published_rank": r["rank"],
                    "sim_median_rank": q[0],
                    "sim_rank_p10": q[1],
                    "sim_rank_p90": q[2],
                    "source": f"{r['source_file']} {r['source_locator']}".strip(),
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- target score band
def target_score_band(
    panel: pd.DataFrame,
    province: str,
    kind: str,
    value_low=None,
    value_high=None,
    indicator: str = "pci",
    year: int | None = None,
    region: str | None = None,
    shift_to_latest: bool = True,
    shift: float | None = None,
) -> tuple[float, float]:
    """(low, high) score that gave the target's ranks in the cross-section of ``year``
    (default: the common last year), the province itself left out - the same convention as
    the required pace.  For top-k the high end is the best score of that year.  With
    ``shift_to_latest`` (default) the band is moved by :func:`analysis.analyses.project.cross_section_shift`
    into the terms of the province's latest observation (Lai Châu: 2020); ``shift`` gives that
    amount when the caller already has it (one province, several targets)."""
    df = indicator_frame(panel, indicator)
    year = common_last_year(panel, indicator) if year is None else int(year)
    cross = df[df["year"] == year].set_index("province_code")["score"]
    code = catalog.resolve_province(province).code
    if kind == "region_top_k":
        regs = region_map()
        reg = region if region else regs.get(code)
        cross = cross[[regs.get(c) == reg for c in cross.index]]
    lo_rank, hi_rank = target_rank_range("top_k" if kind == "region_top_k" else kind, value_low, value_high)
    if pd.isna(hi_rank):
        return float("nan"), float("nan")
    low = score_for_rank(cross, code, int(hi_rank))
    high = (
        score_for_rank(cross, code, int(lo_rank))
        if lo_rank > 1
        else float(cross.drop(index=code, errors="ignore").max())
    )
    if shift_to_latest:  # in the terms of the province's latest observation (see cross_section_shift)
        if shift is None:
            shift, _ = cross_section_shift(panel, province, indicator)
        low, high = low + shift, high + shift
    return low, high


# --------------------------------------------------------------------------- calibration
CALIBRATION_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def calibration_table(oos: pd.DataFrame, levels: Sequence[float] = CALIBRATION_LEVELS) -> pd.DataFrame:
    """Nominal vs empirical coverage per method (horizons pooled), from the per-province rows
    of ``backtest(..., detail=True, levels=levels)``: method, nominal, n,
    score_coverage, rank_coverage, n_origin_years (how many distinct target-year shocks the
    pairs rest on - the pairs of one year are not independent)."""
    rows = []
    for m, d in oos.groupby("method", sort=False):
        for lvl in levels:
            rows.append(
                {
                    "method": m,
                    "nominal": lvl,
                    "n": len(d),
                    "score_coverage": float(d[f"score_in_{lvl:g}"].mean()),
                    "rank_coverage": float(d[f"rank_in_{lvl:g}"].mean()),
                    "n_target_years": int((d["origin"] + d["horizon"]).nunique()),
                }
            )
    return pd.DataFrame(rows)


def reliability_table(oos: pd.DataFrame, bins: Sequence[float] = (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)) -> pd.DataFrame:
    """Reliability of P(top k): per method and probability bin, the mean forecast, the
    observed frequency and n."""
    d = oos.assign(bin=pd.cut(oos["p_top_k"], bins=list(bins), include_lowest=True))
    tab = (
        d.groupby(["method", "bin"], sort=False, observed=True)
        .agg(forecast=("p_top_k", "mean"), observed=("top_k", "mean"), n=("top_k", "size"))
        .reset_index()
    )
    tab["_lo"] = tab["bin"].map(lambda b: b.left)
    tab["_m"] = tab["method"].map({m: k for k, m in enumerate(METHODS)})
    tab = tab.sort_values(["_m", "_lo"]).drop(columns=["_lo", "_m"]).reset_index(drop=True)
    tab["bin"] = tab["bin"].astype(str)
    return tab


# --------------------------------------------------------------------------- caveats


def caveats(
    panel: pd.DataFrame,
    targets_obs: pd.DataFrame,
    window: tuple[int, int],
    lang: catalog.Lang = "vi",
    top: int = PUBLISHED_TOP,
) -> list[str]:
    """The caveats, each a markdown paragraph worded from the data:

    1. what the projection conditions on (common last year; the years after it, and how each method uses
       them: conditioned on several published ranks, or shifted by one);
    2. the top-30 publication policy and which targets it leaves observable;
    3. the number of provinces changes; rank targets read as percentiles.
    """
    T = lambda vi, en: catalog.text(vi, en, lang)  # noqa: E731
    last = common_last_year(panel)
    counts = provinces_per_year(panel)
    later = later_observations(panel)
    out = []
    cond_vi = (
        f"Dự báo xuất phát từ năm **{last}**, năm cuối cùng có số liệu của (gần như) mọi tỉnh "
        f"({int(counts.get(last, 0))} tỉnh); mô hình ước lượng trên giai đoạn {window[0]}–{window[1]}. "
        + break_adjustment("pci", window, "vi")
    ).rstrip()
    cond_en = (
        f"The projection starts from **{last}**, the last year (nearly) every province shares "
        f"({int(counts.get(last, 0))} provinces); the models are estimated on {window[0]}–{window[1]}. "
        + break_adjustment("pci", window, "en")
    ).rstrip()
    if len(later):
        lv = "; ".join(f"{r.province} {r.years} ({r.source})" for r in later.itertuples())
        # how each method uses these years: project.REDRAWN_EACH_YEAR and LINE_METHODS, measured in test_project
        redrawn = {lg: ", ".join(catalog.method_name(m, lg) for m in REDRAWN_EACH_YEAR) for lg in ("vi", "en")}
        line = {lg: ", ".join(catalog.method_name(m, lg) for m in LINE_METHODS) for lg in ("vi", "en")}
        cond_vi += (
            f" Sau {last} chỉ có: {lv}. Mô phỏng dùng các năm này: mọi tỉnh được mô phỏng từ {last}; tỉnh có "
            f"số liệu muộn hơn được gán đúng giá trị quan sát trong các năm đó, và các năm sau đi tiếp từ giá trị "
            f"ấy (phương pháp {line['vi']} ước lượng lại đường thẳng với các năm này; phương pháp {redrawn['vi']} "
            f"rút lại mỗi năm từ lịch sử của chính tỉnh)."
        )
        cond_en += (
            f" After {last} the data hold only: {lv}. The simulation uses these years: every province is "
            f"simulated from {last}; a province with later data is set to its observed values in those years, and "
            f"the following years move on from them (the {line['en']} method re-fits its line with these years; "
            f"the {redrawn['en']} method draws each year afresh from the province's own history)."
        )
        pci = panel[(panel["indicator"] == "pci") & (panel["year"] > last)]
        facts, conditioned = published_rank_facts(panel), conditioned_by_default("pci")  # what simulate() uses
        for y, g in pci.groupby("year"):
            ranked = set(g.loc[g["rank"].notna(), "province_code"].astype(str))
            ranked |= set(facts.loc[facts["year"].astype(int) == int(y), "province_code"].astype(str))
            n_rk, full = len(ranked), int(catalog.complete_top(int(y)))
            if conditioned and (n_rk > 1 or full):
                cond_vi += (
                    f" Năm {y} có thứ hạng công bố của {n_rk} tỉnh"
                    + (f" ({full} hạng đầu là danh sách đầy đủ)" if full else "")
                    + f": với mọi phương pháp, mỗi lần mô phỏng chung của năm {y} được sắp lại để các tỉnh ấy giữ "
                    f"đúng hạng công bố, còn các tỉnh khác lấp các hạng trống theo thứ tự điểm mô phỏng của chính "
                    f"lần đó" + (f"; không tỉnh nào ngoài danh sách vào được {full} hạng đầu." if full else ".")
                )
                cond_en += (
                    f" In {y} the ranks of {n_rk} provinces are published"
                    + (f" (the first {full} places as a complete list)" if full else "")
                    + f": in every method, each joint draw of {y} is reordered so that these provinces hold their "
                    f"published ranks and the others fill the free places in the order of their simulated scores in "
                    f"that draw" + (f"; no province outside the list can enter the first {full}." if full else ".")
                )
            elif n_rk == 1:
                cond_vi += (
                    f" Năm {y} có thứ hạng công bố của một tỉnh: mọi tỉnh khác được dịch chung một lượng (cú sốc "
                    f"chung của năm) để tỉnh giữ đúng thứ hạng công bố — tức là phần điểm tăng chung của cả nước "
                    f"không bị tính là vượt hạng (mọi phương pháp trừ {line['vi']}, phương pháp chỉ ước lượng "
                    f"lại đường thẳng với năm này)."
                )
                cond_en += (
                    f" In {y} one province's rank is published: every other province is shifted by one common "
                    f"amount (that year's common shock) so that the province holds its published rank — a gain "
                    f"everyone shared is not counted as overtaking (every method but {line['en']}, which only "
                    f"re-fits its line with that year)."
                )
    out.append(T(cond_vi, cond_en))
    # observability
    ob = targets_obs[targets_obs["target_year"] >= TOP_ONLY_FROM]
    groups = {k: ob[ob["observable"] == k] for k in OBSERVABILITY}

    def lst(d):
        return (
            ", ".join(
                f"`{r.target_id}` ({int(r.rank_low)}–{int(r.rank_high)})"
                if pd.notna(r.rank_low)
                else f"`{r.target_id}`"
                for r in d.itertuples()
            )
            or "—"
        )

    out.append(
        T(
            f"Từ PCI {TOP_ONLY_FROM}, VCCI chỉ công bố điểm và hạng PCI của {top} tỉnh đứng đầu, nhưng công bố đủ mười chỉ số "
            f"thành phần của mọi tỉnh, nên điểm tổng hợp của mọi tỉnh tính lại được. Với các mục tiêu năm "
            f"{years_text(ob['target_year'].unique())}: **kiểm tra được từ số liệu công bố**: {lst(groups['published'])}; "
            f"**thấy trong danh sách nếu đạt trong top {top}, nếu không phải tính lại**: {lst(groups['published_if_met'])}; "
            f"**chỉ kiểm tra được bằng cách tính lại điểm tổng hợp**: {lst(groups['derived'])}; "
            f"**không kiểm tra được**: {lst(groups['none'])}.",
            f"From PCI {TOP_ONLY_FROM} VCCI publishes the composite and rank of the top {top} provinces only, but all ten "
            f"sub-indices of every province, so every composite can be derived. For the "
            f"{years_text(ob['target_year'].unique())} targets: **checkable from published figures**: {lst(groups['published'])}; "
            f"**in the published list if met within the top {top}, otherwise only by derivation**: "
            f"{lst(groups['published_if_met'])}; **checkable only by deriving the composite**: {lst(groups['derived'])}; "
            f"**not checkable**: {lst(groups['none'])}.",
        )
    )
    # number of provinces
    runs = []
    for n, g in counts.groupby(counts, sort=False):
        runs.append((int(n), list(g.index)))
    runs.sort(key=lambda x: x[1][0])
    rtxt = "; ".join(f"{years_text(ys)}: {n}" for n, ys in runs if len(ys) > 1 or n >= 0.5 * counts.max())
    ranked = targets_obs.dropna(subset=["pct_high"])
    ptxt = ", ".join(
        f"{int(r.rank_low)}–{int(r.rank_high)}/{int(r.n_of)} = {r.pct_low:.0%}–{r.pct_high:.0%}"
        for r in ranked.drop_duplicates(["rank_low", "rank_high", "n_of"]).itertuples()
    )
    out.append(
        T(
            f"Số tỉnh xếp hạng thay đổi theo năm (số tỉnh có điểm PCI: {rtxt}). Mục tiêu thứ hạng trong các văn bản là "
            f"«trên {int(ranked['n_of'].max()) if len(ranked) else '?'} tỉnh»; ở đây chúng được đổi thành phân vị (thứ hạng/N: {ptxt}) "
            f"và xác suất được tính trên thang {int(counts.get(last, 0))} tỉnh của năm {last}. Nếu số tỉnh thay đổi, "
            f"cùng một phân vị ứng với thứ hạng khác.",
            f"The number of ranked provinces changes (provinces with a PCI score: {rtxt}). The documents' rank targets are "
            f"'of {int(ranked['n_of'].max()) if len(ranked) else '?'}'; here they are read as percentiles (rank/N: {ptxt}) "
            f"and probabilities are computed on the {int(counts.get(last, 0))}-province scale of {last}. If the number of "
            f"provinces changes, the same percentile is a different rank.",
        )
    )
    return out
