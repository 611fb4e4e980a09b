"""Every target's answer, computed once: one :class:`Evaluation` per run and one record per target.

:func:`evaluate` simulates each indicator ONCE (:func:`analysis.analyses.reachability.simulate`:
the PCI and its sub-indices on the chosen map, and the PAPI total) with :data:`DRAWS` draws
and :data:`SEED`, evaluates every target of the seed documents from those draws
(:func:`analysis.analyses.reachability.evaluate`), builds the target ledger from the same
answers (:func:`analysis.analyses.ledger.target_ledger`), and :meth:`Evaluation.records`
turns them into one record per target (a "+x a year on each sub-index" target gives one
record per sub-index): the target, where the province stands now, what is required, the
pace achieved within one methodology period, P(at least the band) and P(within the band),
the verdict, whether observed data already decide it, how it will be checkable and the sources.

Page 03 (:mod:`analysis.outputs.reachability_run`), the province brief, the workbook and the
explorer read these records; none of them simulates or evaluates on its own, so the same
target has the same numbers everywhere (``tests/test_consistency.py``).

    from analysis.analyses import targets
    ev = targets.evaluate()                 # every province's targets, DRAWS draws, SEED
    ev.records()                            # one row per target (RECORD_COLUMNS)
"""

from __future__ import annotations

import math
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pandas as pd

from analysis.analyses import ledger, reachability
from analysis.analyses.admin_reform import index_label
from analysis.analyses.project import METHODS, Projection, default_method, estimation_window
from analysis.core import paths
from analysis.core.prose import Prose
from analysis.data import catalog, coverage, maps
from analysis.data.loaders import load_papi, load_par_index, load_pci, load_pci_facts, load_targets

# ONE number of draws and ONE seed for every answer about a target: page 03, the ledger, every brief,
# the workbook and the explorer read the records of an evaluation made with these.
DRAWS = 4000
SEED = 0

CHECKS_FILE = paths.package_dir() / "catalog_data" / "target_checks.csv"
PAPI_KINDS = ("top_k", "keep_first")  # the PAPI targets the projection answers

RECORD_COLUMNS = [
    # the target
    "target_id",
    "province",
    "province_code",
    "index",
    "indicator",
    "kind",
    "text_vi",
    "text_en",
    "value_low",
    "value_high",
    "rank_low",
    "rank_high",
    "scale",
    "target_year",
    # where the province stands now: its latest observation of the indicator, whatever its kind
    "now_value",
    "now_rank",
    "now_n",
    "now_year",
    "now_source_kind",
    "now_source_file",
    "now_source_locator",
    # what is required, and the pace achieved within one methodology period
    "required_rank",
    "required_annual_change",
    "required_from",  # where the required pace starts: "latest observation", "baseline" (stated) or "target"
    "change_unit",
    "required_score_gain",
    "pace_achieved",
    "pace_score",
    "pace_from",
    "pace_to",
    "pace_period",
    # the answer
    "method",
    "p_at_least",
    "p_within",
    "p_min",
    "p_max",
    "verdict",
    "status",
    "decided",
    "decided_detail",
    "observable",
    "check_vi",
    "check_en",
    "draws",
    "seed",
    "source",
    "seed_file",
]


# --------------------------------------------------------------------------- checks (curated)
def load_checks(path=None) -> pd.DataFrame:
    """How a target will be checkable (``catalog_data/target_checks.csv``): per dataset and
    observability code, the publication that decides it (``{edition}`` = the target year)."""
    return pd.read_csv(path or CHECKS_FILE, dtype=str, keep_default_na=False)


@lru_cache(maxsize=4)
def _checks(path: str, mtime_ns: int) -> dict[tuple[str, str], dict]:
    """(dataset, observable) -> the first row of the checks table with them."""
    rows: dict[tuple[str, str], dict] = {}
    for r in load_checks(path).to_dict("records"):
        rows.setdefault((r["dataset"], r["observable"]), r)
    return rows


def check_text(dataset: str, observable: str, target_year, lang: str) -> str:
    c = _checks(str(CHECKS_FILE), CHECKS_FILE.stat().st_mtime_ns)  # read once, not once per target and language
    dataset = dataset if isinstance(dataset, str) else ""
    observable = observable if isinstance(observable, str) else ""
    hit = c.get((dataset, observable)) or c.get((dataset, "")) or c[("", "")]  # the most specific row
    edition = "" if target_year is None or pd.isna(target_year) else str(int(target_year))
    return str(hit[f"check_{lang}"]).format(edition=edition)


# --------------------------------------------------------------------------- standing and pace
def latest_observation(series: pd.DataFrame, value: str = "score") -> dict:
    """The latest row of one province's series of one indicator with ``value`` present, and
    the N of its rank (provinces ranked that year in ``series``' full table is the caller's)."""
    s = series.dropna(subset=[value]).sort_values("year")
    if s.empty:
        return {}
    last = s.iloc[-1]
    get = last.get
    return {
        "now_value": float(last["score"]) if pd.notna(get("score")) else math.nan,
        "now_rank": float(last["rank"]) if "rank" in last and pd.notna(last["rank"]) else math.nan,
        "now_year": int(last["year"]),
        "now_source_kind": str(get("source_kind", "") or ""),
        "now_source_file": str(get("source_file", "") or ""),
        "now_source_locator": str(get("source_locator", "") or ""),
    }


def period_pace(series: pd.DataFrame, value: str, *, sign: float = 1.0) -> dict:
    """Average annual change of ``value`` within the methodology period of the latest
    observation (never across a break): pace, from/to years and the period's name.

    ``series``: one province's rows with year, ``value`` and ``methodology``. One observation
    in the period gives no pace (NaN)."""
    s = series.dropna(subset=[value]).sort_values("year")
    if s.empty:
        return {"pace": math.nan, "pace_from": pd.NA, "pace_to": pd.NA, "pace_period": ""}
    period = str(s["methodology"].iloc[-1])
    same = s[s["methodology"].astype(str) == period]
    lo, hi = int(same["year"].iloc[0]), int(same["year"].iloc[-1])
    pace = sign * (float(same[value].iloc[-1]) - float(same[value].iloc[0])) / (hi - lo) if hi > lo else math.nan
    return {"pace": pace, "pace_from": lo, "pace_to": hi, "pace_period": period}


# --------------------------------------------------------------------------- the evaluation
@dataclass(eq=False)
class Evaluation:
    """One run of every target; built by :func:`evaluate`."""

    map: str
    draws: int
    seed: int | None
    window: object
    estimation_window: tuple[int, int]
    default: str  # the committed backtest choice (PCI)
    papi_default: str
    panel63: pd.DataFrame
    panel: pd.DataFrame  # on the run's map
    targets: pd.DataFrame  # seed targets as written (ranks of 63)
    evaluable: pd.DataFrame
    not_evaluable: pd.DataFrame
    sims: dict[str, Projection]
    papi: pd.DataFrame  # the PAPI panel of the projection (analysis.analyses.reachability.papi_panel)
    papi_long: pd.DataFrame
    papi_targets: pd.DataFrame
    papi_sims: dict[str, Projection]
    par_index: pd.DataFrame
    engine_notes: list[str] = field(default_factory=list)
    _results: dict = field(default_factory=dict, repr=False)  # "pci"/"papi": the answers; (that, lang): in words
    _indicator_tables: dict = field(default_factory=dict, repr=False)  # _indicator_rows' tables, every province's

    @property
    def n_units(self) -> int:
        return 34 if self.map == "34" else 63

    def results(self, lang: str = "vi") -> pd.DataFrame:
        """:func:`analysis.analyses.reachability.evaluate` of every evaluable PCI target, every method
        (labels in ``lang``)."""
        return self._in_words("pci", lang)

    def papi_results(self, lang: str = "vi") -> pd.DataFrame:
        return self._in_words("papi", lang)

    def _in_words(self, which: str, lang: str) -> pd.DataFrame:
        """The results of ``which`` ("pci" or "papi") in ``lang``: the answers are computed once
        (:func:`analysis.analyses.reachability.answers`), each language adds only its words."""
        if (which, lang) not in self._results:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # stated once, in engine_notes
                if which not in self._results:
                    panel, tg, sims = (
                        (self.panel, self.evaluable, self.sims)
                        if which == "pci"
                        else (self.papi, self.papi_targets, self.papi_sims)
                    )
                    self._results[which] = reachability.answers(panel, tg, method="all", projections=sims)
                self._results[(which, lang)] = self._results[which].words(lang)
        return self._results[(which, lang)]

    @cached_property
    def facts(self) -> pd.DataFrame:
        """Published facts that are not panel cells (``data/pci_facts.csv``): ranks within a region, the median."""
        return load_pci_facts()

    @cached_property
    def ledger(self) -> pd.DataFrame:
        """:func:`analysis.analyses.ledger.target_ledger` of every seed row, with the PCI and PAPI answers
        of this evaluation (default methods)."""
        res, pres = self.results(), self.papi_results()
        led_proj = pd.concat(
            [res[res["method"] == self.default], pres[pres["method"] == self.papi_default]], ignore_index=True
        )
        led_proj = led_proj[(led_proj["kind"] != "keep_first") | every_year(led_proj)]  # the target's own reading
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return ledger.target_ledger(
                self.targets,
                panel=self.panel63,
                papi=self.papi_long,
                par_index=self.par_index,
                projections=led_proj,
                scale={"PCI": self.map},
            )

    @cached_property
    def _records(self) -> pd.DataFrame:
        return _build_records(self)

    def records(self, province: str | None = None) -> pd.DataFrame:
        """One record per target (:data:`RECORD_COLUMNS`), in the order of the targets table;
        ``province`` (any spelling): that province's only."""
        rec = self._records
        if province is None:
            return rec.copy()
        code = catalog.resolve_province(province).code
        return rec[rec["province_code"] == code].reset_index(drop=True)


# Evaluations of the committed tables, per process, most recently used last. An evaluation holds every draw (about
# 60 MB per 1,000 draws), so the ones kept hold at most COMMITTED_DRAWS draws together: page 03 and a brief, or a
# test process's evaluations of a few sizes, share theirs; the least recently used goes first
_COMMITTED: OrderedDict[tuple, Evaluation] = OrderedDict()
COMMITTED_DRAWS = 2 * DRAWS
_COMMITTED_FILES = ("pci_panel.csv", "pci_facts.csv", "seed_targets.csv", "papi.csv", "seed_par_index_laichau.csv")


def evaluate(
    *,
    map: str = "63",
    window=None,
    draws: int = DRAWS,
    seed: int | None = SEED,
    extra_years: Sequence[int] = (),
    panel: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    papi: pd.DataFrame | None = None,
) -> Evaluation:
    """Simulate once per indicator (every method) and return the :class:`Evaluation`.

    ``map``: "63" or "34" (rank bands of 63 read as the equivalent band of 34). ``window``:
    None = the methodology period of the last common year. ``extra_years``: years a chart
    needs beyond the targets' (they extend the simulated years, never change the targets'
    draws). ``panel``/``targets``/``papi``: the committed tables by default; on the committed
    tables an evaluation is made once per process and reused (page 03 and the briefs of one
    process share it; a changed file is a new evaluation; :data:`COMMITTED_DRAWS` bounds what is kept)."""
    key = None
    if panel is None and targets is None and papi is None:
        d = paths.data_dir()
        t = load_targets()
        last = pd.to_numeric(t.loc[t["index"].astype(str).str.lower() == "pci", "target_year"]).max()
        beyond = tuple(sorted({int(y) for y in extra_years if int(y) > last}))  # the years that change a draw
        key = (
            str(map),
            str(window),
            int(draws),
            seed,
            beyond,
            str(d),
            tuple((d / f).stat().st_mtime_ns if (d / f).exists() else 0 for f in _COMMITTED_FILES),
        )
        if key in _COMMITTED:
            _COMMITTED.move_to_end(key)
            return _COMMITTED[key]
    ev = _evaluate(
        map=map, window=window, draws=draws, seed=seed, extra_years=extra_years, panel=panel, targets=targets, papi=papi
    )
    if key is not None:
        _COMMITTED[key] = ev
        while len(_COMMITTED) > 1 and sum(e.draws for e in _COMMITTED.values()) > COMMITTED_DRAWS:
            _COMMITTED.popitem(last=False)
    return ev


def _evaluate(*, map, window, draws, seed, extra_years, panel, targets, papi) -> Evaluation:
    map = reachability.check_map(map)
    panel63 = load_pci() if panel is None else panel
    targets = load_targets() if targets is None else targets
    papi_long = load_papi()
    on_map = maps.panel_on_map(panel63, map)
    evaluable, not_evaluable = reachability.pci_targets(reachability.targets_on_map(targets, map), on_map)
    with warnings.catch_warnings(record=True) as notes:  # stated once by the caller, not by every call
        warnings.simplefilter("always", UserWarning)
        win = estimation_window(on_map, window=window)
        sims = reachability.simulate(
            on_map, evaluable, method="all", draws=draws, seed=seed, window=window, extra_years=extra_years
        )
        papi_p = reachability.papi_panel(papi)
        papi_t = targets[targets["index"].str.upper().eq("PAPI") & targets["kind"].isin(PAPI_KINDS)]
        papi_sims = reachability.simulate(papi_p, papi_t, method="all", draws=draws, seed=seed)
    return Evaluation(
        map=map,
        draws=int(draws),
        seed=seed,
        window=window,
        estimation_window=win,
        default=default_method("pci"),
        papi_default=default_method("papi"),
        panel63=panel63,
        panel=on_map,
        targets=targets,
        evaluable=evaluable,
        not_evaluable=not_evaluable,
        sims=sims,
        papi=papi_p,
        papi_long=papi_long,
        papi_targets=papi_t,
        papi_sims=papi_sims,
        par_index=load_par_index(),
        engine_notes=list(dict.fromkeys(str(w.message) for w in notes)),
    )


# --------------------------------------------------------------------------- records
def every_year(results: pd.DataFrame) -> pd.Series:
    """The "every year of the term" rows of keep_first targets (:func:`reachability.evaluate` writes two)."""
    return results["target"].astype(str).str.contains("every year")


def _indicator_rows(ev: Evaluation, dataset: str, series: str, indicator: str, code: str) -> pd.DataFrame | None:
    """One province's rows of one indicator: year, score, rank, source_kind, source_file,
    source_locator, methodology; and the N ranked each year in ``_n``."""
    if dataset == "pci_panel":
        on_34 = ev.map == "34" and (ev.panel["province_code"].astype(str) == code).any()
    elif dataset != "papi":
        return None
    else:
        on_34 = False
    key = (dataset, series, indicator, on_34)  # the table and its N are every province's: built once per evaluation
    if key not in ev._indicator_tables:
        ev._indicator_tables[key] = _indicator_table(ev, dataset, series, indicator, on_34)
    d, n = ev._indicator_tables[key]
    mine = d[d["province_code"].astype(str) == code].copy()
    mine["_n"] = mine["year"].map(n)
    return mine


def _indicator_table(ev: Evaluation, dataset: str, series: str, indicator: str, on_34: bool):
    """(every province's rows of one indicator, the N ranked each year) for :func:`_indicator_rows`."""
    if dataset == "pci_panel":
        src = ev.panel if on_34 else ev.panel63
        d = src[src["indicator"] == indicator]  # on the run's map: ranks among 34 on the 34-unit map
        if "methodology" not in d:
            d = d.assign(methodology=d["year"].map(catalog.methodology_period))
    else:
        d = ledger.papi_ranks(ev.papi_long, series)
    n = d.dropna(subset=["rank"]).groupby("year")["province_code"].nunique()
    if dataset == "pci_panel":
        # a partial edition (PCI 2024: top 10 and scattered press facts) ranks every province but publishes only
        # some: its N is the full cross-section of the latest full year before it on the same map, not the rows held
        full = coverage.full_years(d, indicator)
        for y in coverage.partial_years(d, indicator):
            before = [f for f in full if f < y and maps.map_for_year(f) == maps.map_for_year(y)]
            if before and y in n.index:
                n.loc[y] = max(int(n.loc[y]), int(n.loc[before[-1]]))
    return d, n


def _region_rows(ev: Evaluation, indicator: str, code: str, region: str) -> pd.DataFrame:
    """One province's ranks within its region (:func:`analysis.analyses.ledger.region_ranks`: computed only in
    years in which every member is ranked, then the published region ranks of later years from
    ``data/pci_facts.csv``), with the N of each year's rank in ``_n``: the members, or the published "of N"."""
    d = ev.panel63[ev.panel63["indicator"] == indicator]
    if "methodology" not in d:
        d = d.assign(methodology=d["year"].map(catalog.methodology_period))
    reg = ledger.region_ranks(d, region, ev.facts)
    prov = catalog.load_provinces()
    n_members = int((prov["region"] == region).sum())
    mine = reg[reg["province_code"].astype(str) == code].copy()
    pub = ev.facts[(ev.facts["indicator"] == "pci_region_rank") & (ev.facts["province_code"].astype(str) == code)]
    of_n = dict(zip(pub["year"].astype(int), pub["of_n"]))
    mine["_n"] = [
        of_n.get(int(y), n_members) if pd.notna(of_n.get(int(y), n_members)) else n_members for y in mine["year"]
    ]
    return mine


COUNT_WORDS = {"enterprises": ("doanh nghiệp", "enterprises")}  # the count units of catalog_data/target_units.csv


def _text(kind, lo, hi, year, region, index, indicator, lang, value_text="", unit="") -> str:
    """A target in words, in ``lang`` ("vi" or "en"): the projectable kinds as page 03 words them, the
    others from the index's name (``catalog_data/target_indices.csv``) and the target's value."""
    if indicator in ("pci", "papi"):
        name = indicator.upper()
    elif indicator in catalog.SUBINDICES:
        name = catalog.indicator_label(indicator, lang)
    else:
        try:
            name = index_label(str(index), lang)
        except KeyError:
            name = str(index)
    if kind in ledger.PROJECTABLE_KINDS:
        every = reachability.KEEP_FIRST_FROM if kind == "keep_first" else None
        return f"{name}: " + reachability.target_text(kind, lo, hi, year, region or None, lang, every_year_from=every)
    by = "" if pd.isna(year) else catalog.text(f" năm {int(year)}", f" by {int(year)}", lang)
    if kind == "tier":
        return f"{name}: " + catalog.text(f"nhóm «{value_text}»", f"tier '{value_text}'", lang) + by
    if kind in ("percentage", "count"):
        words = COUNT_WORDS.get(str(unit), (str(unit), str(unit)))
        u = "%" if kind == "percentage" else " " + catalog.text(*words, lang)
        v = lo if pd.notna(lo) else hi
        exact = pd.notna(lo) and pd.notna(hi) and lo == hi
        n = Prose("en" if lang == "en" else "vi").short(v)  # "2.000 doanh nghiệp" / "2,000 enterprises" (issue 23)
        return f"{name}: " + ("" if exact else catalog.text("ít nhất ", "at least ", lang)) + f"{n}{u}" + by
    return ""


def _build_records(ev: Evaluation) -> pd.DataFrame:
    led = ev.ledger
    led = led[led["row_type"] == "target"]
    meta = ev.targets.set_index("target_id")
    td = ledger.load_target_data().set_index("target_id")
    res = ev.results()
    res = res[res["method"] == ev.default]
    pres = ev.papi_results()
    pres = pres[pres["method"] == ev.papi_default]
    answers = pd.concat([res, pres], ignore_index=True)
    answers_of = dict(iter(answers.groupby("target_id", sort=False)))  # each target's rows, in their order
    every_method = pd.concat([ev.results(), ev.papi_results()], ignore_index=True)
    p_range = every_method.groupby(["target_id", "target"])["probability"].agg(["min", "max"])  # over the methods
    rows = []
    for r in led.to_dict("records"):
        tid, kind, code = r["target_id"], r["kind"], str(r["province_code"])
        m = meta.loc[tid]
        dataset, series = td.loc[tid, "dataset"], td.loc[tid, "series"]
        ans = answers_of.get(tid, answers.iloc[:0])
        if kind == "keep_first" and len(ans):  # the target is the every-year reading ("first every year of the term")
            ans = ans[every_year(ans)]
        per_indicator = list(ans.groupby("index", sort=False)) if len(ans) else [(None, ans)]
        for ind, a in per_indicator:
            indicator = ind or {"pci_panel": "pci" if series in ("pci", "pci_tier") else series, "papi": "papi"}.get(
                dataset, ""
            )
            rec = {
                c: r.get(c)
                for c in (
                    "target_id",
                    "province",
                    "province_code",
                    "index",
                    "kind",
                    "value_low",
                    "value_high",
                    "target_year",
                    "required_annual_change",
                    "required_from",
                    "change_unit",
                    "source",
                    "seed_file",
                )
            }
            rec["indicator"] = indicator
            region = m.get("region") if "region" in m else None
            words = (kind, r["value_low"], r["value_high"], r["target_year"], region, r["index"], indicator)
            more = {"value_text": m.get("value_text", ""), "unit": r["unit"]}
            rec["text_vi"] = _text(*words, "vi", **more) or f"{r['index']}: {r['target_text']}"
            rec["text_en"] = _text(*words, "en", **more) or f"{r['index']}: {r['target_text']}"
            on34 = ev.map == "34" and dataset == "pci_panel" and kind in reachability.RANK_KINDS
            rec["rank_low"], rec["rank_high"] = (
                (r["rank_lo_34"], r["rank_hi_34"]) if on34 else (r["rank_lo_63"], r["rank_hi_63"])
            )
            rec["scale"] = "34" if on34 else ("63" if kind in ledger.RANK_KINDS else "")
            # now
            rows_ind = _indicator_rows(ev, dataset, series, indicator, code) if indicator else None
            if kind == "region_top_k" and dataset == "pci_panel" and indicator:
                rows_ind = _region_rows(ev, indicator, code, str(m.get("region", "")))  # the ledger's region series
            now, pace, pace_score = {}, {}, {}
            if rows_ind is not None and len(rows_ind):
                now = latest_observation(rows_ind, "rank" if kind == "region_top_k" else "score")
                if now:
                    at = rows_ind[rows_ind["year"] == now["now_year"]]
                    now["now_n"] = at["_n"].iloc[0] if pd.notna(now["now_rank"]) else math.nan
                rank_like = kind in ledger.RANK_KINDS
                pace = period_pace(rows_ind, "rank" if rank_like else "score", sign=-1.0 if rank_like else 1.0)
                pace_score = period_pace(rows_ind, "score")
            elif pd.notna(r["latest_year"]):  # a series the ledger reads (PAR INDEX ranks of the province's own)
                rank_like = kind in ledger.RANK_KINDS
                now = {
                    "now_value": math.nan if rank_like else r["latest_value"],
                    "now_rank": r["latest_value"] if rank_like else math.nan,
                    "now_year": int(r["latest_year"]),
                    "now_source_kind": r["latest_source_kind"],
                }
            rec.update(now)
            rec["pace_achieved"] = pace.get("pace", math.nan)
            rec["pace_score"] = pace_score.get("pace", math.nan)
            for k in ("pace_from", "pace_to", "pace_period"):
                rec[k] = pace.get(k, pd.NA if k != "pace_period" else "")
            rec["required_rank"] = (
                rec["rank_high"]
                if on34 and kind != "keep_first"
                else r["value_high"]
                if kind in ("rank_band", "top_k", "region_top_k")
                else 1.0
                if kind == "keep_first"
                else math.nan
            )
            if on34 and pd.notna(rec.get("now_rank", math.nan)) and pd.notna(r["target_year"]):
                # the ledger's required pace is on the 63-province scale; on the 34-unit map, among the 34
                rec["required_annual_change"] = ledger.required_rank_gain(
                    float(rec["now_rank"]), float(rec["required_rank"]), int(rec["now_year"]), int(r["target_year"])
                )
                rec["required_from"] = "latest observation"
            if len(a):
                x = a.iloc[0]
                rec.update(
                    method=x["method"],
                    p_at_least=float(x["probability"]),
                    p_within=float(x["probability_within"]),
                    verdict=x["verdict"],
                    required_score_gain=float(x["required_annual_gain"]),
                    observable=x["observable"],
                )
                lo_hi = p_range.loc[(tid, x["target"])] if (tid, x["target"]) in p_range.index else None
                rec["p_min"], rec["p_max"] = (
                    (float(lo_hi["min"]), float(lo_hi["max"])) if lo_hi is not None else (math.nan, math.nan)
                )
            else:
                obs = (
                    reachability.observable_for(
                        kind, r["rank_lo_63"], r["rank_hi_63"], int(r["target_year"]), indicator or "pci"
                    )
                    if kind in reachability.RANK_KINDS
                    and pd.notna(r["target_year"])
                    and pd.notna(r["rank_hi_63"])
                    and dataset == "pci_panel"
                    else ""
                )
                rec.update(
                    method="",
                    p_at_least=math.nan,
                    p_within=math.nan,
                    p_min=math.nan,
                    p_max=math.nan,
                    verdict="",
                    required_score_gain=math.nan,
                    observable=obs,
                )
            rec["status"] = r["status"]
            decided = r["status"] == ledger.STATUS_DECIDED  # the ledger and the evaluation read the data alike
            rec["decided"] = ("met" if r["verdict"] == "met" else "not met") if decided else ""
            rec["decided_detail"] = r["status_detail"] if decided else ""
            if decided:
                rec["verdict"] = rec["decided"]
            rec["check_vi"] = check_text(dataset, rec["observable"], r["target_year"], "vi")
            rec["check_en"] = check_text(dataset, rec["observable"], r["target_year"], "en")
            rec["draws"], rec["seed"] = ev.draws, ev.seed
            rows.append(rec)
    out = pd.DataFrame(rows)
    for c in RECORD_COLUMNS:
        if c not in out:
            out[c] = math.nan
    out = out[RECORD_COLUMNS]
    for c in ("target_year", "now_year", "pace_from", "pace_to", "rank_low", "rank_high"):
        out[c] = pd.array(pd.to_numeric(out[c], errors="coerce"), dtype="Int64")
    for c in ("now_rank", "now_n"):
        out[c] = pd.array(pd.to_numeric(out[c], errors="coerce").round(), dtype="Int64")
    return out.reset_index(drop=True)


def verdict_counts(records: pd.DataFrame) -> dict[str, int]:
    """likely / uncertain / unlikely / met / not met counts of records (every record counted once)."""
    v = records["verdict"].fillna("")
    return {k: int((v == k).sum()) for k in (*reachability.VERDICTS, "met", "not met")}


__all__ = [
    "DRAWS",
    "SEED",
    "RECORD_COLUMNS",
    "Evaluation",
    "evaluate",
    "check_text",
    "latest_observation",
    "period_pace",
    "verdict_counts",
    "every_year",
    "METHODS",
]
