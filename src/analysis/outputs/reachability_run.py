"""One run of the target-reachability analysis: every number, table and sentence notebook 03 shows.

:func:`run` simulates each indicator ONCE (:func:`analysis.analyses.reachability.simulate`: the PCI and
its sub-indices on the chosen map, and the PAPI total) and the :class:`ReachabilityRun` it
returns derives everything else from those draws, each thing computed when first asked for
and kept: the results per target and method (:func:`analysis.analyses.reachability.evaluate`), the
PAPI results, the target ledger (:func:`analysis.analyses.ledger.target_ledger`), the inputs of the fan,
rank-distribution, pace and probability charts, the tables the page writes and the page's
prose (through :class:`analysis.core.prose.Prose`, in the run's language).

    from analysis import reachability_run
    r = reachability_run.run("Điện Biên", draws=4000, lang="en")
    r.results            # one row per target and method
    r.summary_lines()    # the page's answer, in words

A second page or the province brief can ask the same object for the same answers.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.analyses import ledger, reachability
from analysis.analyses import targets as targets_mod
from analysis.analyses.project import METHODS, Projection, break_adjustment, engine_note, normalise_methods
from analysis.analyses.targets import DRAWS, SEED
from analysis.core.paths import data_dir
from analysis.core.prose import Prose, localise_digits
from analysis.data import catalog
from analysis.data.provenance import source_line
from analysis.outputs import verdicts
from analysis.outputs.tables import save_table


@dataclass(eq=False)
class ReachabilityRun:
    """The state of one run; built by :func:`run`. Attributes are the run's parameters and inputs;
    properties and methods give the results (computed once, on first use)."""

    province: str  # the catalogue name
    code: str
    slug: str
    lang: str
    map: str  # "63" or "34"
    draws: int
    seed: int | None
    window: object
    target_years: tuple[int, ...]
    methods: tuple[str, ...]
    default: str  # the committed backtest choice (PCI)
    shown: str  # the method the page's charts and ledger use
    panel63: pd.DataFrame
    panel: pd.DataFrame  # on the run's map
    targets: pd.DataFrame  # seed targets as written (ranks of 63)
    evaluable: pd.DataFrame  # PCI targets on the run's map the projection answers
    not_evaluable: pd.DataFrame
    estimation_window: tuple[int, int]
    rows: pd.DataFrame  # the panel rows behind this province's figures
    sims: dict[str, Projection]  # ONE joint simulation per PCI indicator
    papi: pd.DataFrame
    papi_targets: pd.DataFrame
    papi_sims: dict[str, Projection]  # ONE joint simulation of the PAPI total
    evaluation: targets_mod.Evaluation  # the one evaluation every answer below reads
    engine_notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ basics
    @property
    def T(self) -> Prose:
        return Prose(self.lang)

    @property
    def chart_lang(self) -> str:
        """Figures: the run's language (Vietnamese in a bilingual run)."""
        return catalog.chart_language(self.lang)

    @property
    def n_units(self) -> int:
        return 34 if self.map == "34" else 63

    @property
    def proj(self) -> Projection:
        return self.sims["pci"]

    @property
    def mine(self) -> pd.DataFrame:
        """This province's evaluable PCI targets."""
        return self.evaluable[self.evaluable["province_code"] == self.code]

    @property
    def papi_shown(self) -> str:
        return self.papi_default if self.papi_default in self.methods else self.methods[0]

    @property
    def fig_source(self) -> str:
        mine = self.mine
        return source_line(self.rows) + (
            f"; targets: {', '.join(sorted(set(mine['source_file'])))}" if len(mine) else ""
        )

    def _unit(self, vi_en: tuple[str, str] = ("tỉnh", "province")) -> tuple[str, str]:
        return ("đơn vị", "unit") if self.map == "34" else vi_en

    @contextlib.contextmanager
    def _quiet(self):
        """The engine's notes were stated once (:meth:`intro`); later calls do not repeat them."""
        with warnings.catch_warnings():
            for note in self.engine_notes:
                warnings.filterwarnings("ignore", message=re.escape(note), category=UserWarning)
            yield

    # ------------------------------------------------------------------ the opening
    def intro(self) -> list[str]:
        """Starting point, parameters, the 34-unit reading and the engine's notes, in words."""
        T, proj, win, ev = self.T, self.proj, self.estimation_window, self.evaluable
        kinds = proj.provinces["last_observed_source_kind"].value_counts()
        start_vi, start_en = (
            ", ".join(f"{catalog.source_kinds_text(k, lang) if k else '?'}: {n}" for k, n in kinds.items())
            for lang in ("vi", "en")
        )
        derived_vi, derived_en = (catalog.source_kind_label("derived", lang) for lang in ("vi", "en"))
        aggregated_vi, aggregated_en = (catalog.source_kind_label("aggregated", lang) for lang in ("vi", "en"))
        uvi, uen = self._unit()
        m34 = self.map == "34"
        years = ", ".join(str(y) for y in self.target_years)
        out = [
            T(
                f"Điểm xuất phát: quan sát mới nhất của từng {uvi} (năm {proj.last_year} với gần như mọi tỉnh; loại nguồn — "
                f"{start_vi}; «{derived_vi}» = điểm tổng hợp do dự án tính từ các chỉ số thành phần đã công bố"
                + (
                    f"; «{aggregated_vi}» = bình quân các tỉnh thành viên của một đơn vị hợp nhất, trọng số dân số 2016"
                    if m34
                    else ""
                )
                + ").",
                f"Starting point: each {uen}'s latest observation ({proj.last_year} for (nearly) every province; source kinds — "
                f"{start_en}; “{derived_en}” = a composite this project computed from published sub-indices"
                + (f"; “{aggregated_en}” = the 2016-population-weighted mean of a merged unit's members" if m34 else "")
                + ").",
            ),
            "",
            T(
                f"Tỉnh: **{self.province}**. Năm mục tiêu: {years}. {T.int(self.draws)} lần mô phỏng đồng thời mọi {uvi} "
                f"({self.n_units}; seed {self.seed}) từ năm {proj.last_year}; mô hình ước lượng trên {win[0]}–{win[1]}. "
                f"Phương pháp mặc định: **{catalog.method_name(self.default, 'vi')}** (`{self.default}`). {len(ev)} mục tiêu "
                f"PCI đánh giá được bằng dự báo ({ev['province'].nunique()} tỉnh); mọi dòng khác của bảng mục tiêu "
                f"({len(self.not_evaluable)}) được trả lời trong sổ mục tiêu ở cuối trang.",
                f"Province: **{self.province}**. Target years: {years}. {T.int(self.draws)} joint draws of every {uen} "
                f"({self.n_units}; seed {self.seed}) from {proj.last_year}; models estimated on {win[0]}–{win[1]}. "
                f"Default method: **{catalog.method_name(self.default, 'en')}** (`{self.default}`). {len(ev)} PCI targets "
                f"of {ev['province'].nunique()} provinces are "
                f"projected; every other row of the targets table ({len(self.not_evaluable)}) is answered in the target "
                f"ledger at the end of the page.",
            ),
        ]
        if m34:
            out += [
                "",
                T(
                    "**Thang 34 đơn vị**: mỗi mục tiêu thứ hạng «trên 63 tỉnh» được đổi sang khoảng tương đương trong 34 đơn vị "
                    "(`analysis.data.maps.convert_rank_band`: cùng tỷ lệ số đơn vị), rồi so với thứ hạng mô phỏng trong 34 đơn vị. "
                    "Quy tắc chỉ công bố top 30 là của các kỳ xếp hạng 63 tỉnh; với 34 đơn vị chưa biết VCCI công bố bao nhiêu, "
                    "nên cách kiểm tra bên dưới vẫn theo quy tắc top 30. Kiểm định và mục tiêu PAPI vẫn trên thang 63 tỉnh.",
                    '**34-unit scale**: every rank target stated "of 63" is read as the equivalent band among the 34 units '
                    "(`analysis.data.maps.convert_rank_band`: the same share of units) and compared with the ranks simulated among "
                    "34. The top-30 publication rule belongs to the 63-province editions; how many of the 34 units VCCI will "
                    "publish is not known, so the checkability below still follows the top-30 rule. The backtest and the "
                    "PAPI targets stay on the 63-province scale.",
                ),
            ]
        if self.engine_notes:
            out += [
                "",
                T("Ghi chú của bộ máy dự báo (nêu một lần):", "Notes from the projection engine (stated once):"),
            ]
            out += [T(f"- {engine_note(m, 'vi')}", f"- {engine_note(m, 'en')}") for m in self.engine_notes]
        return out

    # ------------------------------------------------------------------ the committed backtest
    @cached_property
    def backtest(self) -> pd.DataFrame:
        return pd.read_csv(data_dir() / "projection_backtest.csv")

    @cached_property
    def skill(self) -> pd.DataFrame:
        return pd.read_csv(data_dir() / "projection_skill.csv")

    @property
    def backtest_pci(self) -> pd.DataFrame:
        return self.backtest[self.backtest["indicator"] == "pci"]

    @property
    def backtest_source(self) -> str:
        """The data the committed backtest scored (the PCI panel without provinces' own documents)."""
        rows = self.panel63[(self.panel63["indicator"] == "pci") & (self.panel63["source_kind"] != "province_document")]
        return f"data/projection_backtest.csv ({source_line(rows)})"

    def backtest_text(self, indicator: str = "pci") -> str:
        with self._quiet():
            return reachability.backtest_summary(self.skill, self.backtest, indicator, self.lang)

    def skill_display(self) -> pd.DataFrame:
        sk = self.skill[self.skill["indicator"] == "pci"].rename(columns={"n": "n_forecasts"})
        return sk.set_index("method")[
            [
                "n_forecasts",
                "n_origins",
                "rank_mae",
                "rank_crps",
                "coverage_50",
                "coverage_80",
                "coverage_90",
                "brier_top30",
                "brier_top40",
                "brier_bands",
                "skill_rank_crps_vs_persistence",
                "calibrated",
                "chosen",
            ]
        ]

    def calibration_inputs(self) -> dict:
        """reliability_chart's inputs: the committed reliability rows and nominal vs empirical coverage."""
        rel = pd.read_csv(data_dir() / "projection_reliability.csv")
        sk = self.skill[self.skill["indicator"] == "pci"]
        cov = sk.melt(
            id_vars="method",
            value_vars=["coverage_50", "coverage_80", "coverage_90"],
            var_name="nominal",
            value_name="coverage",
        ).assign(nominal=lambda d: d["nominal"].str[-2:].astype(int) / 100)
        o_lo, o_hi = int(self.backtest_pci["origin"].min()), int(self.backtest_pci["origin"].max())
        h_lo, h_hi = int(self.backtest_pci["horizon"].min()), int(self.backtest_pci["horizon"].max())
        return {
            "reliability": rel[rel["indicator"] == "pci"],
            "coverage": cov,
            "lang": self.chart_lang,
            "top_k": reachability.PUBLISHED_TOP,
            "origins": self.T.word(
                f"gốc {o_lo}–{o_hi}, tầm {h_lo}–{h_hi} năm", f"origins {o_lo}–{o_hi}, horizons {h_lo}–{h_hi} years"
            ),
        }

    # ------------------------------------------------------------------ caveats
    @cached_property
    def observability(self) -> pd.DataFrame:
        return reachability.observability(self.evaluable)

    def caveats_text(self) -> str:
        with self._quiet():
            return "\n\n".join(
                reachability.caveats(self.panel, self.observability, self.estimation_window, lang=self.lang)
            )

    def observability_display(self) -> pd.DataFrame:
        obs = self.observability
        return obs.assign(observable=obs["observable"].map(lambda c: reachability.observability_label(c, self.lang)))[
            ["target_id", "target_year", "rank_low", "rank_high", "observable"]
        ]

    # ------------------------------------------------------------------ this province's charts
    @cached_property
    def _bands(self) -> tuple[list[dict], dict]:
        with self._quiet():
            return reachability.target_bands(self.panel, self.province, self.mine, self.lang)

    @property
    def rank_bands(self) -> dict[int, list[tuple]]:
        """target year -> [(best rank, worst rank, label)] of this province's rank targets (run's map)."""
        return self._bands[1]

    def history(self) -> pd.DataFrame:
        """The province's observed scores in the window: year, score, seed (True for a value not
        from an official workbook: a hollow marker), source_kind."""
        own = self.rows[self.rows["province_code"] == self.code].sort_values("year")
        return (
            own[own["year"] >= self.estimation_window[0]]
            .assign(seed=lambda d: d["source_kind"] != "official_workbook")
            .sort_values(["year", "seed"])
            .drop_duplicates("year")[["year", "score", "seed", "source_kind"]]
        )

    def fan_inputs(self) -> dict:
        """fan_chart's arguments: history, the shown method's fan (from the province's last common-year
        observation), the other methods' medians, the target score bands."""
        hist, proj = self.history(), self.proj
        start = hist[hist["year"] == proj.last_year]
        start_score = float(start["score"].iloc[0]) if len(start) else None
        last_seen = int(hist["year"].max())

        def fan(m):
            return reachability.fan_frame(proj, self.province, m, proj.last_year, start_score)

        return {
            "history": hist,
            "fan": fan(self.shown),
            "province": self.province,
            "lang": self.chart_lang,
            "method": self.shown,
            "target_bands": self._bands[0],
            "cross_year": self.estimation_window[1],
            "other_medians": {m: fan(m) for m in self.methods if m != self.shown},
            "shifted_to": last_seen if last_seen > self.estimation_window[1] else None,
            "adjustment": break_adjustment(proj.indicator, proj.window, self.chart_lang, short=True),
        }

    def province_summary(self) -> pd.DataFrame:
        """Median and 10-90% score and rank per method and target year (this province)."""
        s = self.proj.province_summary(self.province, self.target_years)
        return s.set_index(["method", "target_year"])[
            ["median_score", "score_p10", "score_p90", "median_rank", "rank_p10", "rank_p90"]
        ]

    @property
    def rank_years(self) -> list[int]:
        return [y for y in self.target_years if y in self.proj.target_years]

    def rank_distribution_inputs(self) -> dict:
        """rank_distribution_chart's arguments: the shown method's rank draws per target year."""
        proj = self.proj
        return {
            "rank_draws": {y: proj.province_ranks(self.shown, self.province, y) for y in self.rank_years},
            "n_ranked": proj.n_ranked,
            "province": self.province,
            "lang": self.chart_lang,
            "method": self.shown,
            "bands": self.rank_bands,
            "published_top": reachability.PUBLISHED_TOP if self.map == "63" else None,
            "top_only_from": reachability.TOP_ONLY_FROM,
        }

    def rank_lines(self) -> list[str]:
        """Per target year: median rank, 10-90% range, P(top 30) (shown method)."""
        T, proj, top = self.T, self.proj, reachability.PUBLISHED_TOP
        out = []
        for y in self.rank_years:
            q = np.quantile(proj.province_ranks(self.shown, self.province, y), [0.5, 0.1, 0.9])
            p = proj.prob_top_k(self.province, y, top, method=self.shown)
            out.append(
                T(
                    f"- {y}: hạng trung vị **{T.int(q[0])}**/{proj.n_ranked} (10–90%: {T.int(q[1])}–{T.int(q[2])}); xác suất lọt "
                    f"top {top} (được công bố): {T.pct(p)}.",
                    f"- {y}: median rank **{T.int(q[0])}** of {proj.n_ranked} (10–90%: {T.int(q[1])}–{T.int(q[2])}); probability of "
                    f"the top {top} (published): {T.pct(p)}.",
                )
            )
        return out

    # ------------------------------------------------------------------ the verdict table (first on the page)
    @property
    def records(self) -> pd.DataFrame:
        """This province's target records (:meth:`analysis.analyses.targets.Evaluation.records`)."""
        return self.evaluation.records(self.province)

    def verdict_table(self) -> pd.DataFrame:
        """The verdict table, indexed by the target (the page shows it whole: no truncated cells)."""
        vt = verdicts.verdict_table(self.records, self.lang)
        return vt.set_index(vt.columns[0])

    def verdict_lines(self) -> list[str]:
        return verdicts.verdict_sentences(self.records, self.province, self.lang)

    # ------------------------------------------------------------------ every target
    @cached_property
    def results(self) -> pd.DataFrame:
        """:func:`analysis.analyses.reachability.evaluate` of every evaluable PCI target, from :attr:`sims`
        (labels in the chart language: they also label the probability chart)."""
        res = self.evaluation.results(self.chart_lang)
        return res[res["method"].isin(self.methods)].reset_index(drop=True)

    @cached_property
    def papi_results(self) -> pd.DataFrame:
        res = self.evaluation.papi_results(self.lang)
        return res[res["method"].isin(self.methods)].reset_index(drop=True)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """:func:`analysis.analyses.reachability.summary_by_target` of the PCI results (shown method)."""
        return reachability.summary_by_target(self.results, self.shown)

    @cached_property
    def papi_summary(self) -> pd.DataFrame:
        return reachability.summary_by_target(self.papi_results, self.papi_shown)

    @staticmethod
    def probability_wide(results: pd.DataFrame) -> pd.DataFrame:
        """Probability per target (rows) and method (columns, in :data:`METHODS` order)."""
        wide = results.pivot_table(index=["province", "label"], columns="method", values="probability", sort=False)
        return wide[[m for m in METHODS if m in wide.columns]]

    def verdict_rule_text(self) -> str:
        return self.T(
            f"Quy tắc kết luận: {reachability.verdict_rule('vi')}.", f"Verdict rule: {reachability.verdict_rule('en')}."
        )

    def probability_inputs(self) -> dict:
        """probability_chart's arguments."""
        res = self.results
        # save_figure writes a Vietnamese figure's numbers the Vietnamese way by swapping the marks between digits
        # (analysis.core.prose.localise_digits); the labels are worded in Vietnamese already ("0,3–0,8"), so they
        # go in with Python's marks and come out once swapped
        labels = (res["province"] + " · " + res["label"]).map(lambda s: localise_digits(s, self.chart_lang))
        return {
            "results": res.assign(label=labels),
            "lang": self.chart_lang,
            "likely_at": reachability.LIKELY_AT,
            "unlikely_at": reachability.UNLIKELY_AT,
            "default_method": self.default,
        }

    @property
    def probability_source(self) -> str:
        return f"{source_line(self.rows)}; targets: data/seed_targets.csv"

    def pace_inputs(self) -> pd.DataFrame | None:
        """pace_chart's frame (label, required, historical, share, verdict) for this province's
        targets; None without a PCI target."""
        mine = self.summary[self.summary["province"] == self.province]
        if mine.empty:
            return None
        T = Prose(self.chart_lang)  # chart text in the chart's language (Vietnamese in a bilingual run)
        verdict = [
            f"{T.pct(p)} {reachability.verdict_label(v, self.chart_lang)} "
            + T.word(f"(các phương pháp {T.pct(lo)}–{T.pct(hi)})", f"(methods {T.pct(lo)}–{T.pct(hi)})")
            for p, v, lo, hi in zip(
                mine["probability_default"], mine["verdict_default"], mine["probability_min"], mine["probability_max"]
            )
        ]
        # the pace achieved within one methodology period (the records'), never across a break
        rec = self.evaluation.records().set_index(["target_id", "indicator"])["pace_score"]
        hist = [rec.get((t, i), np.nan) for t, i in zip(mine["target_id"], mine["target"].str.split(":").str[0])]
        return pd.DataFrame(
            {
                "label": mine["label"],
                "required": mine["required_annual_gain"],
                "historical": hist,
                "share": mine["share_windows_achieving"],
                "verdict": verdict,
            }
        )

    def pace_period(self) -> str | None:
        """The years of the pace achieved (the records' methodology-period window) for the pace chart's legend."""
        rec = self.records
        rec = rec[rec["indicator"] == "pci"].dropna(subset=["pace_from"])
        return f"{rec['pace_from'].iloc[0]}–{rec['pace_to'].iloc[0]}" if len(rec) else None

    def no_pace_text(self) -> str:
        return self.T(
            f"{self.province} không có mục tiêu PCI trong các văn bản; không có biểu đồ tốc độ.",
            f"{self.province} has no PCI target in the seed documents; no pace chart.",
        )

    # ------------------------------------------------------------------ the ledger
    @property
    def ledger(self) -> pd.DataFrame:
        """The target ledger of the evaluation (:attr:`analysis.analyses.targets.Evaluation.ledger`)."""
        return self.evaluation.ledger

    @property
    def papi_default(self) -> str:
        return self.evaluation.papi_default

    @cached_property
    def ledger_by_province(self) -> pd.DataFrame:
        return ledger.status_by_province(self.ledger, split_indices=("PCI", "pci_subindex_each"))

    def ledger_by_province_display(self) -> pd.DataFrame:
        T = self.T
        return self.ledger_by_province.rename(
            columns={s: ledger.status_label(s, self.lang) for s in ledger.PROVINCE_STATUS_COLUMNS}
            | {
                "targets": T.word("mục tiêu", "targets"),
                "other_indices": T.word("ngoài PCI (trang 04)", "outside the PCI (notebook 04)"),
            }
        ).set_index("province")

    def province_ledger(self) -> pd.DataFrame:
        """The province's rank, PCI and PAPI targets in the ledger (the others are in notebook 04)."""
        full = self.ledger
        mine = full[
            (full["province_code"].astype(str) == self.code)
            & (full["row_type"] == "target")
            & (full["rank_lo_63"].notna() | full["index"].isin(["PCI", "pci_subindex_each", "PAPI"]))
        ]
        return mine[
            [
                "index",
                "target_text",
                "status",
                "probability",
                "verdict",
                *ledger.SCALE_COLUMNS,
            ]
        ].set_index("index")

    # ------------------------------------------------------------------ the tables the page writes
    def table(self, name: str) -> dict:
        """``save_table`` arguments (df, name, description, source) of the tables this run writes:
        ``projection_backtest``, ``target_reachability``, ``target_ledger``."""
        if name == "projection_backtest":
            bt = self.backtest_pci
            p = self.panel63
            rows = p[
                (p["indicator"] == "pci")
                & p["year"].between(int(bt["origin"].min()), int(bt["origin"].max()) + 7)
                & ~p["source_kind"].isin(reachability.DOCUMENT_KINDS)
            ]
            return {
                "df": bt,
                "name": name,
                "source": source_line(rows),
                "description": (
                    "Rolling-origin backtest of the PCI projection methods: per origin, horizon and method the number of "
                    "province forecasts and rank MAE, rank CRPS, 80% interval score, coverage of the 50/80/90% rank "
                    "intervals, Brier of top 30 / top 40 / the seed target bands, log score of top 30 and score MAE within "
                    "one methodology period"
                ),
            }
        if name == "target_verdicts":
            rec = self.evaluation.records()
            return {
                "df": rec,
                "name": name,
                "source": "data/seed_targets.csv, data/pci_panel.csv, data/papi.csv, data/seed_par_index_laichau.csv;"
                " catalog_data/target_data.csv, catalog_data/target_checks.csv",
                "description": (
                    f"One record per target of every province (analysis.analyses.targets): the target, where the "
                    f"province stands now (latest observation, rank of N, year, source kind and file), what is "
                    f"required, the pace achieved within one methodology period, P(at least) and P(within) "
                    f"({self.draws} joint draws, seed {self.seed}, methods {self.default} (PCI) and "
                    f"{self.papi_default} (PAPI)), the verdict, whether data already decide it, and how it will be "
                    "checkable. Page 03, the ledger, the brief and the workbook read these records"
                ),
            }
        if name == "target_reachability":
            return {
                "df": self.results,
                "name": name,
                "source": f"{source_line(self.rows)}; targets: {', '.join(sorted(set(self.evaluable['source_file'])))}",
                "description": (
                    f"Probability that each PCI target of the seed documents is met ('at least' reading; 'within' "
                    f"beside it), by projection method ({self.draws} joint draws, seed {self.seed}, from "
                    f"{self.proj.last_year}, ranks among {self.n_units}); default method {self.default}; status "
                    "from the data; how each target can be checked"
                ),
            }
        if name == "target_ledger":
            full = self.ledger
            return {
                "df": full,
                "name": name,
                "description": (
                    "Every target row of the seed documents: baseline, latest observation, required and historical "
                    "annual change, share of windows achieving it, the projection's probability and verdict (PCI: "
                    f"{self.shown}, PAPI: {self.papi_shown}; {self.draws} draws, seed {self.seed}; the same simulation as "
                    "target_reachability), status, each rank target's band of 63, percentiles and band of 34, and the "
                    "scale of its verdict (analysis.target_ledger)"
                ),
                "source": "seed documents "
                + ", ".join(sorted(set(full["seed_file"])))
                + "; data/seed_targets.csv, data/pci_panel.csv, data/papi.csv, data/seed_par_index_laichau.csv",
            }
        raise KeyError(
            f"no table {name!r}; this run writes projection_backtest, target_verdicts, target_reachability, "
            "target_ledger"
        )

    def save_table(self, name: str):
        t = self.table(name)
        return save_table(t.pop("df"), t.pop("name"), **t)

    # ------------------------------------------------------------------ the answer
    def summary_lines(self) -> list[str]:
        """The page's answer: the default method and its skill, every PCI target's verdict, the PAPI
        targets, this province's ledger and the scale of the verdicts."""
        T, lang, summary, results = self.T, self.lang, self.summary, self.results
        kind_of = results.drop_duplicates("target_id").set_index("target_id")["kind"]
        status = results[results["method"] == self.shown].set_index(["target_id", "label"])
        # one line per target, as the records: "keep first" is its every-year reading
        summary = summary[(summary["target_id"].map(kind_of) != "keep_first") | targets_mod.every_year(summary)]
        sk = self.skill[(self.skill["indicator"] == "pci") & (self.skill["method"] == self.default)]
        crps, cov80 = sk["skill_rank_crps_vs_persistence"].iloc[0], sk["coverage_80"].iloc[0]
        # the counts are the records' (the verdict table's): a target the published data already decide (Quảng Ninh
        # "first every year", 2nd in 2024) counts as decided, not as a projected verdict
        rec = self.evaluation.records()
        rec = rec[rec["index"].str.lower().isin(["pci", "pci_subindex_each"]) & rec["p_at_least"].notna()]
        counts = rec["verdict"].value_counts()
        n_decided = int(rec["decided"].fillna("").astype(str).ne("").sum())
        uvi, uen = self._unit(("tỉnh", "provinces"))
        uen = "units" if self.map == "34" else uen
        last = self.proj.last_year
        n_prov = rec["province"].nunique()
        decided_vi = (
            (
                f"; {n_decided} đã được số liệu công bố quyết định ({counts.get('met', 0)} đạt, "
                f"{counts.get('not met', 0)} không đạt)"
            )
            if n_decided
            else ""
        )
        decided_en = (
            (
                f"; {n_decided} already decided by published data ({counts.get('met', 0)} met, "
                f"{counts.get('not met', 0)} not met)"
            )
            if n_decided
            else ""
        )
        out = [
            T(
                f"- **Phương pháp mặc định**: {catalog.method_name(self.default, 'vi')} (chọn từ kiểm định ngoài mẫu; CRPS thứ hạng "
                f"tốt hơn «giữ nguyên» {T.pct(crps)}, độ phủ khoảng 80%: {T.num(cov80)}). {T.int(self.draws)} lần mô phỏng từ {last}, "
                f"thứ hạng trong {self.n_units} {uvi}. Trong {len(rec)} mục tiêu PCI của {n_prov} tỉnh: "
                f"{counts.get('likely', 0)} có khả năng đạt, {counts.get('uncertain', 0)} chưa chắc chắn, "
                f"{counts.get('unlikely', 0)} khó đạt{decided_vi}.",
                f"- **Default method**: {catalog.method_name(self.default, 'en')} (chosen by the out-of-sample backtest; "
                f"rank CRPS {T.pct(crps)} better "
                f"than persistence, 80% interval coverage {T.num(cov80)}). {T.int(self.draws)} draws from {last}, ranks among "
                f"{self.n_units} {uen}. Of {len(rec)} PCI targets of {n_prov} provinces: {counts.get('likely', 0)} likely, "
                f"{counts.get('uncertain', 0)} uncertain, {counts.get('unlikely', 0)} unlikely{decided_en}.",
            )
        ]
        for prov_name, d in summary.groupby("province", sort=False):
            out.append(f"- **{prov_name}**")
            out += [
                self._target_line(r, status.loc[(r["target_id"], r["label"])], kind_of.get(r["target_id"]))
                for _, r in d.iterrows()
            ]
        if (
            summary["target_id"].map(kind_of).eq("score_change_per_year").any()
        ):  # the backtest scored composite ranks only
            out.append(
                T(
                    "- Mục tiêu tăng điểm chỉ số thành phần: phương pháp mặc định được chọn theo thứ hạng PCI tổng "
                    "hợp; mức tăng điểm chỉ số thành phần chưa được kiểm định, nên xem cả khoảng giữa các phương pháp.",
                    "- Sub-index score-gain targets: the default was chosen on composite ranks; sub-index score gains "
                    "are not back-tested, so read the range across methods too.",
                )
            )
        papi_kind = self.papi_results.drop_duplicates("target_id").set_index("target_id")["kind"]
        papi = self.papi_summary[
            (self.papi_summary["target_id"].map(papi_kind) != "keep_first") | targets_mod.every_year(self.papi_summary)
        ]
        for _, r in papi.iterrows():
            v = reachability.verdict_label(r["verdict_default"], lang)
            lo, hi = T.pct(r["probability_min"]), T.pct(r["probability_max"])
            out.append(
                T(
                    f"- **{r['province']}** · {r['label']}: **{T.pct(r['probability_default'])}** → *{v}* (các "
                    f"phương pháp {lo}–{hi}; hạng trung vị {T.int(r['median_rank'])}).",
                    f"- **{r['province']}** · {r['label']}: **{T.pct(r['probability_default'])}** → *{v}* (methods "
                    f"{lo}–{hi}; median rank {T.int(r['median_rank'])}).",
                )
            )
        out.append(self._ledger_line())
        m63 = self.map == "63"
        map_year = next(b.year for b in catalog.METHODOLOGY_BREAKS if b.kind == "map")  # the 34-unit map
        n63 = int(
            self.panel63.loc[
                (self.panel63["indicator"] == "pci") & (self.panel63["year"] == last), "province_code"
            ].nunique()
        )
        out.append(
            T(
                f"- Thang của kết luận: thứ hạng được mô phỏng và so sánh trên thang **{self.n_units} "
                f"{'tỉnh' if m63 else 'đơn vị'}**"
                + (
                    f" (dữ liệu đến {last} xếp hạng {n63} tỉnh)"
                    if m63
                    else " (khoảng mục tiêu «trên 63» được đổi sang khoảng tương đương trong 34)"
                )
                + f"; từ {map_year} PCI xếp hạng 34 đơn vị, nên sổ mục tiêu ghi mỗi khoảng thứ hạng trên cả hai thang.",
                f"- Scale of the verdicts: ranks are simulated and compared on the **{self.n_units}-"
                f"{'province' if m63 else 'unit'}** scale"
                + (
                    f" (the data to {last} rank {n63} provinces)"
                    if m63
                    else ' (bands stated "of 63" read as the equivalent band among 34)'
                )
                + f"; from {map_year} the PCI ranks 34 units, so the ledger gives every rank band on both scales.",
            )
        )
        return out

    def _target_line(self, r, st, kind) -> str:
        T, lang = self.T, self.lang
        v = reachability.verdict_label(r["verdict_default"], lang)
        within = ""
        if kind in ("rank_band", "score_change_per_year"):
            w = T.pct(st["probability_within"])
            within = T.word(f"; trong đúng khoảng: {w}", f"; within the band: {w}")
        fact = (
            f" {st['data_fact'][:1].upper()}{st['data_fact'][1:]}."
            if isinstance(st["data_fact"], str) and st["data_fact"]
            else ""
        )
        rank_txt = (
            ""
            if kind == "score_change_per_year"
            else T.word(
                f" Hạng trung vị {T.int(r['median_rank'])} (10–90%: {T.int(r['rank_p10'])}–{T.int(r['rank_p90'])}).",
                f" Median rank {T.int(r['median_rank'])} (10–90%: {T.int(r['rank_p10'])}–{T.int(r['rank_p90'])}).",
            )
        )
        obs = reachability.observability_label(r["observable"], lang)
        obs = f"{obs[:1].upper()}{obs[1:]}"
        p, lo, hi = T.pct(r["probability_default"]), T.pct(r["probability_min"]), T.pct(r["probability_max"])
        req = T.signed(r["required_annual_gain"])
        share = T.pct(r["share_windows_achieving"])
        # the pace achieved within one methodology period (the target's record), never across a break
        rec = self.evaluation.records()
        rec = rec[(rec["target_id"] == r["target_id"]) & (rec["indicator"] == str(r["target"]).split(":")[0])]
        hist, period = (T.signed(rec["pace_score"].iloc[0]), rec["pace_period"].iloc[0]) if len(rec) else ("–", "")
        span = (
            f"{rec['pace_from'].iloc[0]}–{rec['pace_to'].iloc[0]}"
            if len(rec) and pd.notna(rec["pace_from"].iloc[0])
            else ""
        )
        return T(
            f"    - {r['label']}: **{p}** (ít nhất bằng mục tiêu) → *{v}*{within}; các phương pháp {lo}–{hi}.{rank_txt} "
            f"Cần {req} điểm/năm, đã đạt {hist}/năm ({span}, trong giai đoạn phương pháp "
            f"{catalog.period_label(period, 'vi')}); {share} cửa sổ "
            f"5 năm từng đạt. {obs}.{fact}",
            f"    - {r['label']}: **{p}** (at least the target) → *{v}*{within}; methods {lo}–{hi}.{rank_txt} Needs "
            f"{req} points/yr vs {hist}/yr achieved ({span}, within methodology period "
            f"{catalog.period_label(period, 'en')}); {share} of 5-year "
            f"windows rose that fast. {obs}.{fact}",
        )

    def _ledger_line(self) -> str:
        T, p = self.T, self.province
        bp = self.ledger_by_province.set_index("province")
        if p not in bp.index:
            return T(f"- {p} không có mục tiêu nào trong các văn bản.", f"- {p} has no target in the documents.")
        b = bp.loc[p]
        return T(
            f"- **Sổ mục tiêu của {p}**: {b['targets']} mục tiêu trong các văn bản — {b[ledger.STATUS_PROJECTED]} có dự "
            f"báo, {b[ledger.STATUS_DECIDED]} đã được số liệu quyết định, {b[ledger.STATUS_OWN_SERIES]} chỉ đánh giá trên "
            f"chuỗi số liệu của tỉnh, {b[ledger.STATUS_NO_DATA]} không có số liệu để đánh giá; {b['other_indices']} mục "
            f"tiêu ngoài PCI (PAR INDEX, SIPAS, PAPI, cải cách hành chính) được trình bày trong trang `04_admin_reform`.",
            f"- **{p}'s targets in the ledger**: {b['targets']} targets in the documents — {b[ledger.STATUS_PROJECTED]} "
            f"projected, {b[ledger.STATUS_DECIDED]} decided by data, {b[ledger.STATUS_OWN_SERIES]} judged on its own "
            f"series only, {b[ledger.STATUS_NO_DATA]} with no data to judge; the {b['other_indices']} targets outside the "
            f"PCI (PAR INDEX, SIPAS, PAPI, administrative reform) are shown in notebook `04_admin_reform`.",
        )


def run(
    province: str = "Lai Châu",
    *,
    target_years: Sequence[int] = (2025, 2030),
    method="all",
    draws: int = DRAWS,
    window=None,
    seed: int | None = SEED,
    lang: str = "vi",
    map="63",
    panel: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    papi: pd.DataFrame | None = None,
) -> ReachabilityRun:
    """The run of ``province`` on :func:`analysis.analyses.targets.evaluate` (ONE simulation per
    indicator, every method; ``method`` chooses what the page shows).

    ``map``: "63" (ranks among the 63 provinces) or "34" (the 34 units of the 2025 map; rank
    bands of 63 read as the equivalent band of 34). ``window``: None = the methodology period of
    the last common year. ``panel``/``targets``/``papi``: the committed tables by default.
    Warnings of the projection engine are collected once (:attr:`ReachabilityRun.engine_notes`)."""
    Prose(lang)  # an unknown lang is an error before anything is simulated
    prov = catalog.resolve_province(province)
    methods = normalise_methods(method)
    ev = targets_mod.evaluate(
        map=map,
        window=window,
        draws=draws,
        seed=seed,
        extra_years=target_years,
        panel=panel,
        targets=targets,
        papi=papi,
    )
    default = ev.default
    return ReachabilityRun(
        province=prov.name,
        code=prov.code,
        slug=catalog.normalise_name(prov.name),
        lang=lang,
        map=ev.map,
        draws=ev.draws,
        seed=ev.seed,
        window=window,
        target_years=tuple(int(y) for y in target_years),
        methods=methods,
        default=default,
        shown=default if default in methods else methods[0],
        panel63=ev.panel63,
        panel=ev.panel,
        targets=ev.targets,
        evaluable=ev.evaluable,
        not_evaluable=ev.not_evaluable,
        estimation_window=ev.estimation_window,
        rows=reachability.figure_rows(ev.panel, prov.code),
        sims=ev.sims,
        papi=ev.papi,
        papi_targets=ev.papi_targets,
        papi_sims=ev.papi_sims,
        evaluation=ev,
        engine_notes=list(ev.engine_notes),
    )
