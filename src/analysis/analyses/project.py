"""Projection engine: where could each province's PCI score and rank be in 2025 or 2030?

Seven methods run side by side on one indicator (the composite ``"pci"`` or one sub-index):

``"persistence"``  (baseline) no expected change from the province's latest observation;
    the interval comes from a driftless random walk whose steps are the province's own
    demeaned year-over-year changes (whole-year cross-sections resampled, see below).
``"trend"``        the province's own OLS line ``score ~ a + b*year`` over the window.  The
    marginal distribution of a projected score is the exact predictive distribution of a new
    observation (Student t, ``n-2`` df, scale ``s*sqrt(1 + 1/n + (x0-xbar)^2/Sxx)``), i.e.
    its 10th/90th percentiles are statsmodels' ``get_prediction(x0).summary_frame(0.2)``
    ``obs_ci_lower``/``obs_ci_upper`` (see :func:`trend_prediction_intervals`).
``"drift"``        the province's own average annual change, with a bootstrap: each draw
    re-estimates the drift from a bootstrap sample of the historical years (parameter
    uncertainty) and adds, each future year, one resampled historical year's demeaned change.
``"rank_ar"``      (rank-aware) within-year z-scores of the whole history (ranks and z-scores
    are comparable across methodology breaks) revert toward each province's own level:
    ``z[t+1] = phi z[t] + beta m_i + e``, one pooled OLS over every province-year pair
    (:func:`rank_ar_fit`), residuals resampled; scores = cross-section mean (moving at the
    window's average change of the mean) + last cross-section sd x z.
``"climatology"``  (reference, base rates) each year every province draws one of its own
    historical z-scores.
``"ensemble"``     equal-weight mixture of :data:`ENSEMBLE_COMPONENTS` (rank_ar and pooled): draw d
    is a whole joint draw of component ``d mod k``.
``"default"``      not a method but a name: the method the committed backtest chose
    (``python -m analysis backtest`` writes ``data/projection_default.csv``;
    :func:`default_method`), :data:`FALLBACK_METHOD` with a warning when absent.
``"pooled"``       one model for all provinces: ``change(t->t+1) = a + b*(level_t - national
    mean_t) + e``, estimated by pooled OLS over every province-year pair in the window;
    ``b < 0`` pulls extreme provinces toward the middle.  Each draw takes ``(a, b)`` from the
    OLS sampling distribution (``b`` clipped to [-0.99, 0.99]); residuals are split into a
    year effect (their cross-sectional mean) and idiosyncratic parts; each simulated year adds
    one resampled historical year effect (shared by all provinces) plus, per province, an
    idiosyncratic residual drawn from the pool of all province-years.  The national mean is
    recomputed each year from the simulated provinces.

**Ranks come from scores.**  Every province is simulated jointly in each draw, and the
random part shared by all provinces in a year is kept:

* drift / persistence resample *whole-year cross-sections* of the demeaned changes (one
  historical year index per draw and future year, used for every province), so a year in
  which everybody improved is replayed for everybody; a studentising scale factor
  ``sqrt((n-1)/chi2(n-1))`` per draw (shared by all provinces) widens the tails for short
  windows as an estimated variance requires;
* pooled resamples whole historical year effects (shared) and adds idiosyncratic residuals;
* trend uses a one-factor Student-t: standardised errors ``sqrt(rho)*c + sqrt(1-rho)*u`` with
  ``c`` shared by all provinces in a draw/year, scaled by a chi-square mixing variable shared
  by provinces with the same degrees of freedom.  ``rho`` is the share of the (standardised)
  OLS residual variance that is common to the year, estimated from the window.

Hence when all provinces receive the same shocks nobody gains rank.  Ranks are taken within
each draw (1 = best, higher score is better for the composite and every sub-index).

**Observed years after the common last year** (Lai Châu 2019-2020 from a seed document; the
top-30 provinces of PCI 2023+): all provinces are simulated from the common last year; in
years a province is observed its draws are overwritten by the observed value and the path
continues from there (every method but :data:`REDRAWN_EACH_YEAR`, which draws each year afresh, and
:data:`LINE_METHODS`, re-fitted: below).  Where exactly one such province also has
a published rank that year, every other province's simulated path is shifted by one common
amount per draw so that the observed province holds its published rank (:func:`anchor_shift`):
its observed gain then does not count as a gain on provinces whose own progress that year
is unobserved (everyone improved in 2019-2020; Lai Châu's 61.98 was still 57th).  Draws are
not clipped to the 0-100 scale (ties at a bound would decide ranks by position); long-horizon
drift draws can leave the scale, which says the method should not be trusted that far.  For ``trend`` the province's line is
re-fitted on the window plus its extra observed years (a trend model has no "path"; this is
the way the extra data enter it), and observed target years are overwritten as well.

**N changes** (64 provinces 2006-2008, 63 since 2009, fewer after a merger, only 30 published
from 2023): draws are ranked among the ``P`` projected provinces; reported ranks are on the
scale of ``n_ranked`` (default ``P``) as ``ceil(rank / P * n_ranked)``; rank percentiles
``rank / P`` are available too (``scale="pct"`` in the probability methods).

Windows: the default estimation window runs from the first year of the methodology period containing
the last year (:mod:`analysis.data.periods`: PCI's weights periods, PAPI's dimension sets) to the last year;
when that period holds fewer than ``MIN_WINDOW_YEARS`` years (PCI 2022-: 2022-2023) it reaches back into the
previous period and says so. An explicit window that spans a methodology break raises
:class:`MethodologyBreakError` unless ``allow_break=True``. A window across a break is always adjusted
(:func:`break_adjustment` names it): the score-based methods (persistence, drift, pooled, trend) learn only from
year-to-year changes inside one period and give each period its own level (the trend one intercept per period);
rank_ar and climatology read within-year z-scores, which are comparable across breaks.

Backtest and default method: :mod:`analysis.analyses.backtesting` (rolling origins, horizons 1-7, rank
scores; the command ``python -m analysis backtest``) is the one backtest and
:func:`analysis.analyses.backtesting.choose_default` the one rule (lowest rank CRPS among methods whose
80% rank coverage is within 0.05 of 0.80); it writes ``data/projection_default.csv``, which
:func:`default_method` reads. The default's draws are widened or narrowed by the committed
``interval_scale`` (``calibrated=True``).

**Partial editions** (PCI 2024: scores and ranks of the top 30 and a few press quotes): a year after the
common last year with several published ranks, or a complete top list, conditions every joint draw of that
year (:mod:`analysis.analyses.conditioning`): provinces with a published score start from it, published ranks
hold exactly, nobody unpublished enters the complete list; the path continues from there.

Required pace: :func:`required_pace` gives the average annual gain needed to reach a target
score or rank, next to the province's own pace and the share of all provinces' 5-year
windows (within one methodology period) that achieved it.

Public functions: :func:`project`, :class:`Projection`, :func:`required_pace`,
:func:`evaluate_targets`, :func:`trend_prediction_intervals`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.analyses.conditioning import condition_draws
from analysis.core.paths import data_dir
from analysis.core.ranking import rank_desc, rank_of  # the one ranking function (ties share the best rank)
from analysis.data import catalog
from analysis.data.coverage import latest_full_year
from analysis.data.periods import breaks_between, period_map

METHODS: tuple[str, ...] = ("persistence", "trend", "drift", "pooled", "rank_ar", "climatology", "ensemble")
RANK_METHODS: tuple[str, ...] = ("rank_ar", "climatology")  # built on within-year z-scores over the whole history
ENSEMBLE_COMPONENTS: tuple[str, ...] = ("rank_ar", "pooled")  # equal-weight mixture of joint draws
FALLBACK_METHOD = "rank_ar"  # used by method="default" when no committed backtest choice exists
# How the methods use a year observed after last_year (page 03's caveat says it; tests/test_project.py measures it):
# each sets the observed scores in that year; the next years move on from them except for these, which draw
# every year afresh from the province's own history ...
REDRAWN_EACH_YEAR: tuple[str, ...] = ("climatology",)
# ... and these have no path at all: their line is re-fitted with the observed years, and one published rank alone
# shifts nobody (in the others it shifts every other province by the year's common shock). Several published
# ranks condition every method alike.
LINE_METHODS: tuple[str, ...] = ("trend",)
# precedence of source kinds when two rows give the same province-year (highest first)
SOURCE_PRECEDENCE: tuple[str, ...] = catalog.source_precedence()  # catalog_data/source_kinds.csv
COMMON_YEAR_SHARE = 0.9  # a year is a "common" cross-section if >= 90% of the max count is observed
MIN_WINDOW_YEARS = 3
MIN_CROSS_SECTION = 10  # a year enters the z-score history with at least this many provinces


class MethodologyBreakError(ValueError):
    """An explicit estimation window spans a change of methodology (PCI weights, PAPI dimensions)."""


# =========================================================================== helpers
def normalise_methods(method: str | Sequence[str], indicator: str = "pci") -> tuple[str, ...]:
    """Method names in :data:`METHODS` order of mention; ``"all"`` = every method, ``"default"`` =
    the committed backtest choice for ``indicator`` (:func:`default_method`)."""
    if isinstance(method, str):
        ms = METHODS if method == "all" else (method,)
    else:
        ms = tuple(method)
        if "all" in ms:
            ms = METHODS
    ms = tuple(default_method(indicator) if m == "default" else m for m in ms)
    bad = [m for m in ms if m not in METHODS]
    if bad:
        raise ValueError(f"unknown method(s) {bad}; choose from {METHODS}, 'all' or 'default'")
    if not ms:
        raise ValueError("no method given")
    return tuple(dict.fromkeys(ms))


DEFAULT_FILE = "projection_default.csv"


@lru_cache(maxsize=4)
def _default_rows(path: str, mtime_ns: int, size: int) -> dict[str, dict]:
    """indicator -> its first row of the table at ``path``: read once per version of the file (every project()
    call asks)."""
    rows: dict[str, dict] = {}
    for r in pd.read_csv(path).to_dict("records"):
        rows.setdefault(r["indicator"], r)
    return rows


def default_choice(indicator: str = "pci") -> dict | None:
    """The committed backtest choice for ``indicator`` (a row of ``data/projection_default.csv``
    written by ``python -m analysis backtest``), or None if there is none."""
    path = data_dir() / DEFAULT_FILE
    if not path.exists():
        return None
    st = path.stat()
    row = _default_rows(str(path), st.st_mtime_ns, st.st_size).get(
        "pci" if str(indicator).lower() == "pci" else indicator
    )
    return None if row is None else dict(row)  # the caller's copy


def default_method(indicator: str = "pci") -> str:
    """The method ``method="default"`` means: the committed backtest choice for ``indicator``;
    without one, :data:`FALLBACK_METHOD` with a warning naming the command that writes it."""
    row = default_choice(indicator)
    if row is None or row.get("method") not in METHODS:
        warnings.warn(
            f"no committed backtest choice for {indicator!r} in data/{DEFAULT_FILE}; "
            f"method='default' falls back to {FALLBACK_METHOD!r} (run `python -m analysis backtest`)",
            stacklevel=3,
        )
        return FALLBACK_METHOD
    return str(row["method"])


def default_method_or_none(indicator: str = "pci") -> str | None:
    """The committed default method of ``indicator``, or None (no warning)."""
    row = default_choice(indicator)
    return str(row["method"]) if row is not None and row.get("method") in METHODS else None


def interval_scale(indicator: str = "pci") -> float:
    """The committed factor on the default method's draw spread (1.0 when none is committed)."""
    row = default_choice(indicator)
    x = row.get("interval_scale") if row is not None else None
    return float(x) if x is not None and np.isfinite(float(x)) and float(x) > 0 else 1.0


def indicator_frame(panel: pd.DataFrame, indicator: str) -> pd.DataFrame:
    need = {"year", "province", "province_code", "indicator", "score"}
    missing = need - set(panel.columns)
    if missing:
        raise ValueError(f"panel lacks columns {sorted(missing)}")
    ind = "pci" if str(indicator).lower() == "pci" else indicator
    cols = ["year", "province", "province_code", "score"] + (["rank"] if "rank" in panel else [])
    df = panel.loc[panel["indicator"] == ind, cols + (["source_kind"] if "source_kind" in panel else [])]
    df = df.dropna(subset=["score"])
    if "source_kind" in df:  # one value per province-year: the highest source kind wins
        order = {k: n for n, k in enumerate(SOURCE_PRECEDENCE)}
        df = (
            df.assign(_p=df["source_kind"].map(order).fillna(len(order)))
            .sort_values(["province_code", "year", "_p"], kind="stable")
            .drop_duplicates(["province_code", "year"], keep="first")[cols]
        )
    if df.empty:
        raise ValueError(f"panel has no scores for indicator {indicator!r}")
    df = df.assign(
        year=df["year"].astype(int), province_code=df["province_code"].astype(str), score=df["score"].astype(float)
    )
    if "rank" not in df:
        df["rank"] = np.nan
    df["rank"] = pd.to_numeric(df["rank"], errors="coerce").astype(float)
    dup = df.duplicated(["province_code", "year"])
    if dup.any():
        ex = df.loc[dup, ["province_code", "year"]].head(3).to_dict("records")
        raise ValueError(f"duplicate {indicator} scores per province-year, e.g. {ex}")
    return df


def common_last_year(panel: pd.DataFrame, indicator: str = "pci") -> int:
    """Latest year observed for (nearly) every province (see :func:`analysis.data.coverage.latest_full_year`).

    Years after it (Lai Châu 2019-2020; top-30-only years) are treated as extra observations
    of the provinces they cover.
    """
    return latest_full_year(panel, indicator, COMMON_YEAR_SHARE)


def _period_start(year: int, first_data_year: int, indicator: str = "pci") -> int:
    """First year (not before ``first_data_year``) of ``indicator``'s methodology period holding ``year``."""
    per = period_map(indicator, range(first_data_year, year + 1))
    first = year
    while first - 1 >= first_data_year and per[first - 1] == per[year]:
        first -= 1
    return first


def break_adjustment(indicator: str, window: tuple[int, int], lang: str = "vi", short: bool = False) -> str:
    """The one sentence naming how the engine crosses the methodology breaks inside ``window`` ("" when the
    window holds one period): the year-to-year changes that straddle a break are not used, and each period
    keeps its own level (its own cross-section mean; a trend line gets its own intercept per period).
    ``short``: the few words a chart's legend carries."""
    brk = breaks_between(indicator, *window)
    if not brk:
        return ""
    name = "PAPI" if str(indicator).lower() == "papi" else "PCI"
    pairs_vi = ", ".join(f"{b - 1}→{b}" for b in brk)
    years = ", ".join(str(b) for b in brk)
    score_methods = [m for m in METHODS if m not in RANK_METHODS and m != "ensemble"]  # the ensemble mixes both
    score_vi, score_en, rank_vi, rank_en = (
        ", ".join(catalog.method_name(m, lg) for m in ms)
        for ms, lg in ((score_methods, "vi"), (score_methods, "en"), (RANK_METHODS, "vi"), (RANK_METHODS, "en"))
    )
    if short:
        return (
            f"projection estimated on {window[0]}–{window[1]}, adjusted for the {years} methodology break "
            f"(score changes within one period only; each period its own level)"
            if lang == "en"
            else f"dự báo ước lượng trên {window[0]}–{window[1]}, đã điều chỉnh theo lần đổi phương pháp {years} "
            f"(chỉ dùng thay đổi điểm trong cùng giai đoạn; mỗi giai đoạn giữ mức riêng)"
        )
    if lang == "en":
        return (
            f"The estimation window {window[0]}–{window[1]} spans the {name} methodology break of {years}, "
            f"adjusted for: the score-based methods ({score_en}) learn only from "
            f"year-to-year changes inside one methodology period (the change {pairs_vi} is not used) and give "
            f"each period its own level (a trend line its own intercept per period); the rank-based methods "
            f"({rank_en}) read each year's z-scores, which are comparable across the break."
        )
    return (
        f"Cửa sổ ước lượng {window[0]}–{window[1]} vắt qua lần đổi phương pháp {name} năm {years}, đã được "
        f"điều chỉnh: các phương pháp dựa trên điểm ({score_vi}) chỉ học từ thay đổi "
        f"giữa hai năm liền nhau trong cùng một giai đoạn phương pháp (không dùng thay đổi {pairs_vi}) và mỗi "
        f"giai đoạn giữ mức riêng (đường xu hướng có hệ số chặn riêng cho từng giai đoạn); các phương pháp dựa "
        f"trên thứ hạng ({rank_vi}) dùng điểm chuẩn hoá trong từng năm, so sánh được "
        f"qua lần đổi."
    )


# The engine's warnings above, in Vietnamese: page 03 states them once in the page's language (engine_note)
_NOTES_VI = [
    (
        re.compile(
            r"the (\S+) methodology period holds only (\d+) year\(s\) up to (\d{4}); the default window (\S+) "
            r"spans the (\d{4}) methodology break, adjusted for: score changes are learned within each period only "
            r"and each period keeps its own level"
        ),
        r"giai đoạn phương pháp \1 mới có \2 năm tính đến \3; cửa sổ mặc định \4 vắt qua lần đổi phương pháp năm \5, "
        r"đã điều chỉnh: chỉ học thay đổi điểm trong từng giai đoạn và mỗi giai đoạn giữ mức riêng",
    ),
    (
        re.compile(
            r"window (\S+) spans a (PCI|PAPI) methodology break \(periods (.*?)\); scores are not comparable across "
            r"it, adjusted for: score changes are learned within each period only and each period keeps its own level"
        ),
        r"cửa sổ \1 vắt qua một lần đổi phương pháp \2 (các giai đoạn \3); điểm số không so sánh được qua lần đổi "
        r"đó, đã điều chỉnh: chỉ học thay đổi điểm trong từng giai đoạn và mỗi giai đoạn giữ mức riêng",
    ),
    (
        re.compile(
            r"provinces with fewer than (\d+) observations in (\S+) \(one less for each further methodology "
            r"period\) are not projected: (.*)"
        ),
        r"các tỉnh có ít hơn \1 quan sát trong \2 (trừ một cho mỗi giai đoạn phương pháp thêm) không được dự báo: "
        r"\3",
    ),
    (
        re.compile(
            r"no committed backtest choice for '(\w+)' in (\S+); method='default' falls back to '(\w+)' "
            r"\(run `python -m analysis backtest`\)"
        ),
        r"chưa có phương pháp do kiểm định chọn cho `\1` trong \2; phương pháp mặc định tạm là `\3` "
        r"(chạy `python -m analysis backtest`)",
    ),
]


# ... and in English where the warning's own words read like code ("2 year(s)")
_NOTES_EN = [
    (
        _NOTES_VI[0][0],
        lambda m: (
            f"the methodology period {m.group(1)} holds only {m.group(2)} year{'' if m.group(2) == '1' else 's'} up "
            f"to {m.group(3)}; the default window {m.group(4)} spans the {m.group(5)} methodology break, adjusted for: "
            "score changes are learned within each period only and each period keeps its own level"
        ),
    ),
]


def engine_note(message: str, lang: str = "vi") -> str:
    """A warning of the projection engine as a sentence in ``lang`` ("vi" or "en"; the warning itself is English)."""
    out = message
    for rx, words in _NOTES_EN if lang == "en" else _NOTES_VI:
        if rx.fullmatch(message):
            out = rx.sub(words, message)
            break
    # periods and windows as the reader reads them: "2013–2023", the open period "từ 2022" / "2022 onward"
    out = re.sub(r"(?<![\d–])(\d{4})-(\d{4})(?!\d)", r"\1–\2", out)
    return re.sub(r"(?<![\d–])(\d{4})-(?![\d–])", lambda m: catalog.period_label(m.group(0), lang), out)


def _resolve_window(
    window, last_year: int, first_data_year: int, allow_break: bool, indicator: str = "pci"
) -> tuple[int, int]:
    per = period_map(indicator, range(first_data_year, last_year + 1))
    if window is None:
        first = _period_start(last_year, first_data_year, indicator)
        if last_year - first + 1 < MIN_WINDOW_YEARS and first - 1 >= first_data_year:
            # the latest period is too short to estimate anything (2022-: 2022 and 2023 so far): the default
            # window reaches back over the break into the previous period, adjusted for the break, and says so
            prev = _period_start(first - 1, first_data_year, indicator)
            warnings.warn(
                f"the {per[last_year]} methodology period holds only "
                f"{last_year - first + 1} year(s) up to {last_year}; the default window {prev}-{last_year} "
                f"spans the {first} methodology break, adjusted for: score changes are learned within each period "
                f"only and each period keeps its own level",
                stacklevel=3,
            )
            if last_year - prev + 1 >= MIN_WINDOW_YEARS:
                return prev, last_year  # announced above, once
            first = prev
    elif isinstance(window, (int, np.integer)):
        first = last_year - int(window) + 1
    else:
        first, end = window
        if end is not None and int(end) != last_year:
            raise ValueError(f"window must end at the last year {last_year}, not {end}")
        first = int(first)
    if last_year - first + 1 < MIN_WINDOW_YEARS:
        raise ValueError(
            f"window {first}-{last_year} has fewer than {MIN_WINDOW_YEARS} years; "
            f"pass a longer window (window=(first_year, {last_year})), with allow_break=True "
            "if it has to span a methodology break"
        )
    periods = set(period_map(indicator, range(first, last_year + 1)).values())
    if len(periods) > 1:
        name = "PAPI" if str(indicator).lower() == "papi" else "PCI"
        msg = (
            f"window {first}-{last_year} spans a {name} methodology break "
            f"(periods {', '.join(sorted(periods))}); scores are not comparable across it"
        )
        if not allow_break:
            raise MethodologyBreakError(msg + "; pass allow_break=True to use it anyway (adjusted for the break)")
        warnings.warn(
            msg + ", adjusted for: score changes are learned within each period only and each period keeps its own "
            "level",
            stacklevel=3,
        )
    return first, last_year


def _quantile_rank_scale(ranks: np.ndarray, p: int, n: int) -> np.ndarray:
    if n == p:
        return ranks
    return np.ceil(ranks * (n / p)).astype(ranks.dtype)


# =========================================================================== model inputs
@dataclass
class _Inputs:
    codes: np.ndarray  # (P,)
    names: np.ndarray  # (P,)
    years: np.ndarray  # window years (T,)
    Y: np.ndarray  # (P, T) window scores, NaN where missing
    extra_years: np.ndarray  # years > last_year with observations (E,)
    Yx: np.ndarray  # (P, E) extra observations
    Rx: np.ndarray  # (P, E) published ranks of the extra observations (NaN if none)
    n_last: int  # provinces ranked in last_year (the scale of the published extra ranks)
    latest_year: np.ndarray  # (P,) last observed year (incl. extras)
    latest: np.ndarray  # (P,) last observed score
    last_score: np.ndarray  # (P,) score in last_year
    last_year: int
    window: tuple[int, int]
    excluded: list[str] = field(default_factory=list)
    hist_years: np.ndarray = field(default_factory=lambda: np.empty(0, int))  # every year <= last_year (H,)
    Z: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))  # (P, H) within-year z-scores
    cross_mean: float = float("nan")  # last_year cross-section mean and sd of the projected provinces
    cross_sd: float = float("nan")
    mean_drift: float = 0.0  # average annual change of the cross-section mean over the window
    complete_top: dict = field(default_factory=dict)  # year -> first places published as a complete list
    condition: bool = True  # condition the draws of an extra year on its published ranks (analyses.conditioning)
    # methodology period of each window year and each extra year (data.periods): the engine learns changes only
    # between consecutive years of one period (``within``) and gives each period its own level
    periods: np.ndarray = field(default_factory=lambda: np.empty(0, object))  # (T,)
    extra_periods: np.ndarray = field(default_factory=lambda: np.empty(0, object))  # (E,)

    @property
    def within(self) -> np.ndarray:
        """(T-1,) True where years[t] and years[t+1] lie in one methodology period."""
        return self.periods[1:] == self.periods[:-1]


def _prepare(panel, indicator, last_year, window, allow_break) -> _Inputs:
    df = indicator_frame(panel, indicator)
    auto_last = common_last_year(panel, indicator)
    if last_year is None:
        last_year = auto_last
    last_year = int(last_year)
    if last_year > auto_last:
        raise ValueError(
            f"last_year {last_year} is after the last year every province shares ({auto_last}) for {indicator!r}"
        )
    if last_year < auto_last:  # project as if it were last_year: drop everything later
        df = df[df["year"] <= last_year]
    wide = df.pivot(index="province_code", columns="year", values="score").sort_index()
    names = df.sort_values("year").groupby("province_code")["province"].last()
    first, _ = _resolve_window(window, last_year, int(df["year"].min()), allow_break, indicator)
    present = wide[last_year].notna() if last_year in wide.columns else pd.Series(False, wide.index)
    if not present.any():
        raise ValueError(f"no province has a {indicator!r} score in {last_year}")
    wide = wide[present]
    years = np.arange(first, last_year + 1)
    Y = wide.reindex(columns=years).to_numpy(float)
    per = period_map(indicator, [*years, *(y for y in wide.columns if y > last_year)])
    periods = np.array([per[int(y)] for y in years], dtype=object)
    held = np.column_stack([np.isfinite(Y[:, periods == g]).any(axis=1) for g in dict.fromkeys(periods)])
    # each further methodology period costs one observation (its own level): a trend keeps a residual dof
    enough = np.isfinite(Y).sum(axis=1) - (held.sum(axis=1) - 1) >= MIN_WINDOW_YEARS
    excluded = list(wide.index[~enough])
    if excluded:
        warnings.warn(
            f"provinces with fewer than {MIN_WINDOW_YEARS} observations in "
            f"{first}-{last_year} (one less for each further methodology period) are not projected: "
            f"{', '.join(map(str, excluded))}",
            stacklevel=3,
        )
    wide, Y = wide[enough], Y[enough]
    if len(wide) < 2:
        raise ValueError("fewer than two provinces can be projected")
    extra_years = np.array([y for y in wide.columns if y > last_year], dtype=int)
    Yx = wide.reindex(columns=extra_years).to_numpy(float) if extra_years.size else np.empty((len(wide), 0))
    ranks = df.pivot(index="province_code", columns="year", values="rank").reindex(index=wide.index)
    Rx = ranks.reindex(columns=extra_years).to_numpy(float) if extra_years.size else np.empty((len(wide), 0))
    n_last = int(df.loc[df["year"] == last_year, "province_code"].nunique())
    full = wide.reindex(columns=[c for c in wide.columns if c <= last_year] + list(extra_years))
    fv = full.to_numpy(float)  # every row has last_year, so a last observed column exists
    last_col = fv.shape[1] - 1 - np.isfinite(fv)[:, ::-1].argmax(axis=1)
    latest_year = np.asarray(full.columns, dtype=int)[last_col]
    latest = fv[np.arange(len(fv)), last_col]
    codes = wide.index.to_numpy()
    # whole history (every year up to last_year, across methodology breaks) as within-year
    # z-scores: ranks and z-scores are comparable across breaks even when scores are not
    full_w = df[df["year"] <= last_year].pivot(index="province_code", columns="year", values="score")
    cnt = full_w.notna().sum()
    full_w = full_w.loc[:, cnt >= max(MIN_CROSS_SECTION, 0.5 * cnt.max())]
    zw = (full_w - full_w.mean()) / full_w.std(ddof=0)
    Z = zw.reindex(index=codes).to_numpy(float)
    cm = np.nanmean(Y, axis=0)
    within = periods[1:] == periods[:-1]
    cm_changes = np.diff(cm)[within]  # the cross-section mean's changes inside one period (where observed)
    cm_changes = cm_changes[np.isfinite(cm_changes)]
    return _Inputs(
        codes=codes,
        names=names.reindex(codes).to_numpy(),
        years=years,
        Y=Y,
        extra_years=extra_years,
        Yx=Yx,
        Rx=Rx,
        n_last=n_last,
        latest_year=latest_year,
        latest=latest,
        last_score=Y[:, -1].copy(),
        last_year=last_year,
        window=(first, last_year),
        excluded=excluded,
        hist_years=np.asarray(zw.columns, int),
        Z=Z,
        cross_mean=float(np.mean(Y[:, -1])),
        cross_sd=float(np.std(Y[:, -1])),
        mean_drift=float(cm_changes.mean()) if cm_changes.size else 0.0,
        periods=periods,
        extra_periods=np.array([per[int(y)] for y in extra_years], dtype=object),
    )


def _changes(inp: _Inputs) -> tuple[np.ndarray, np.ndarray]:
    """Year-over-year changes inside one methodology period (P, pairs) with gaps filled, and each
    province's drift (P,).

    A change between two years of different methodology periods (PCI 2021→2022) is not a change of the
    province: it is left out. Drift = the sum over periods of (last - first observation in the period) /
    the sum of the years between them (= mean of the changes when the window is complete). A missing change
    is filled with the province's drift plus that year's common deviation (cross-sectional mean change
    minus the overall mean change).
    """
    Y, yrs = inp.Y, inp.years
    D = np.diff(Y, axis=1)[:, inp.within]
    rise = np.zeros(len(Y))
    span = np.zeros(len(Y))
    for label in dict.fromkeys(inp.periods):  # each period of the window, its own endpoints
        cols = np.flatnonzero(inp.periods == label)
        Yp, obs = Y[:, cols], np.isfinite(Y[:, cols])
        first_idx = obs.argmax(axis=1)
        last_idx = cols.size - 1 - obs[:, ::-1].argmax(axis=1)
        rows = np.arange(len(Y))
        two = obs.sum(axis=1) >= 2
        rise += np.where(two, Yp[rows, last_idx] - Yp[rows, first_idx], 0.0)
        span += np.where(two, yrs[cols][last_idx] - yrs[cols][first_idx], 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = rise / span
    if np.isnan(mu).any():  # no period with two observations: the field's drift (never met on PCI or PAPI)
        mu = np.where(np.isnan(mu), np.nanmean(mu), mu)
    if np.isnan(D).any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            year_mean = np.nanmean(D, axis=0)
        year_dev = np.nan_to_num(year_mean - np.nanmean(D))
        fill = mu[:, None] + year_dev[None, :]
        D = np.where(np.isnan(D), fill, D)
    return D, mu


# =========================================================================== simulators
def _overrides(inp: _Inputs) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Observed years after last_year: year -> (province index, observed score, published rank)."""
    out = {}
    for j, yr in enumerate(inp.extra_years):
        col = inp.Yx[:, j]
        idx = np.flatnonzero(np.isfinite(col) | np.isfinite(inp.Rx[:, j]))  # a score, or a rank without one
        if idx.size:
            out[int(yr)] = (idx, col[idx], inp.Rx[idx, j])
    return out


def anchor_shift(others: np.ndarray, value: float, rank: float, n_ranked: int) -> np.ndarray:
    """Common shift of ``others`` (draws, K) that puts ``value`` at published ``rank`` of ``n_ranked``.

    A province observed after the common last year (Lai Châu 2019-2020, known only from a seed
    document) carries two facts: its score and its published rank. Its score alone says
    nothing about how every other province moved that year; its rank does. Adding the same
    shift to every other province (a common year shock, which changes no rank among them)
    so that exactly ``rank - 1`` of them score above ``value`` reproduces both facts. The
    shift places ``value`` midway between the provinces ranked just above and below it.
    """
    draws, k = others.shape
    r = int(np.clip(round(rank * (k + 1) / n_ranked), 1, k + 1))  # rank among the k+1 simulated
    srt = -np.sort(-others, axis=1)  # descending
    gap_top = srt[:, :1] - srt[:, 1:2] if k > 1 else np.ones((draws, 1))
    gap_bot = srt[:, -2:-1] - srt[:, -1:] if k > 1 else np.ones((draws, 1))
    padded = np.concatenate([srt[:, :1] + gap_top, srt, srt[:, -1:] - gap_bot], axis=1)
    above, below = padded[:, r - 1], padded[:, r]  # the (r-1)-th best and the r-th best other
    return value - (above + below) / 2


def _apply_overrides(inp, y: np.ndarray, yr: int, over) -> None:
    """Set observed scores; where one province's published rank is known, anchor the others; where several
    ranks (or a complete top list) are known, condition the joint draws on all of them
    (:func:`analysis.analyses.conditioning.condition_draws`)."""
    idx, val, rank = over[yr]
    anchored = np.isfinite(rank)
    top = int(inp.complete_top.get(yr, 0))
    if inp.condition and (anchored.sum() > 1 or top):
        known = np.isfinite(val)
        y[:] = condition_draws(
            y,
            {int(i): float(v) for i, v in zip(idx[known], val[known])},
            {int(i): int(r) for i, r in zip(idx[anchored], rank[anchored])},
            complete_top=top,
            n_ranked=inp.n_last,
        )
        return
    val_ok = np.isfinite(val)
    idx, val, rank, anchored = idx[val_ok], val[val_ok], rank[val_ok], anchored[val_ok]
    if anchored.sum() == 1:
        i = int(idx[anchored][0])
        others = np.ones(y.shape[1], bool)
        others[i] = False
        shift = anchor_shift(y[:, others], float(val[anchored][0]), float(rank[anchored][0]), inp.n_last)
        y[:, others] += shift[:, None]
    y[:, idx] = val


def _simulate_path(inp, step, targets, draws) -> np.ndarray:
    """Run ``step(y, t) -> change`` from last_year to max(targets); (draws, Y, P) scores."""
    P = len(inp.codes)
    y = np.broadcast_to(inp.last_score, (draws, P)).copy()
    out = np.empty((draws, len(targets), P))
    pos = {t: k for k, t in enumerate(targets)}
    over = _overrides(inp)
    for t, yr in enumerate(range(inp.last_year + 1, max(targets) + 1)):
        y += step(y, t)
        if yr in over:
            _apply_overrides(inp, y, yr, over)
        if yr in pos:
            out[:, pos[yr], :] = y
    return out


def _sim_drift(inp, targets, draws, rng, demean_only=False) -> np.ndarray:
    D, mu = _changes(inp)
    n = D.shape[1]
    if n < 2:
        raise ValueError("drift/persistence need at least two year-over-year changes")
    E = (D - D.mean(axis=1, keepdims=True)) * math.sqrt(n / (n - 1))  # (P, n)
    # studentising scale, one per draw and shared by all provinces (keeps common shocks
    # common): sqrt((n-1)/chi2(n-1)) turns the resampled normal-ish shocks into the t-like
    # predictive spread that an estimated variance implies; -> 1 for long windows
    scale = np.sqrt((n - 1) / rng.chisquare(n - 1, size=(draws, 1)))
    Et = E.T  # (n, P): row j is every province's demeaned change in year j
    if demean_only:
        level = np.zeros((draws, len(mu)))
    else:
        J = rng.integers(n, size=(draws, n))  # bootstrap sample of years, common to all provinces
        # mu* = mu + mean of the demeaned changes in the bootstrap years (summed year by year in the order
        # E[:, J].mean(axis=2) adds them: the same sums, without the (P, draws, n) array)
        total = Et[J[:, 0]]
        for k in range(1, n):
            total += Et[J[:, k]]
        level = mu[None, :] + scale * (total / n)
    horizon = max(targets) - inp.last_year
    jj = rng.integers(n, size=(horizon, draws))

    def step(y, t):
        return level + scale * Et[jj[t]]

    return _simulate_path(inp, step, targets, draws)


def _pooled_fit(inp: _Inputs) -> dict:
    Y = inp.Y
    m = np.nanmean(Y, axis=0)
    dev = Y[:, :-1] - m[None, :-1]
    dy = np.diff(Y, axis=1)
    ok = np.isfinite(dev) & np.isfinite(dy) & inp.within[None, :]  # no change across a methodology break
    x, z = dev[ok], dy[ok]
    if z.size < 3:
        raise ValueError("pooled model needs at least three province-year changes")
    X = np.column_stack([np.ones_like(x), x])
    beta, *_ = np.linalg.lstsq(X, z, rcond=None)
    resid = z - X @ beta
    dof = max(z.size - 2, 1)
    s2 = resid @ resid / dof
    cov = s2 * np.linalg.pinv(X.T @ X)
    E = np.full(dy.shape, np.nan)
    E[ok] = resid
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        year_effect = np.nan_to_num(np.nanmean(E, axis=0))  # (T-1,) common part of each year
    idio = (E - year_effect[None, :])[ok]  # pooled idiosyncratic residuals
    year_effect = year_effect[inp.within]  # the year effects resampled: changes inside one period
    return {
        "a": float(beta[0]),
        "b": float(beta[1]),
        "cov": cov,
        "year_effect": year_effect,
        "idio": idio,
        "n": int(z.size),
    }


def _sim_pooled(inp, targets, draws, rng) -> np.ndarray:
    """Residual = resampled year effect (one historical year per draw and future year, shared
    by all provinces) + idiosyncratic residual drawn from the pool of all province-years."""
    fit = _pooled_fit(inp)
    ye, idio = fit["year_effect"], fit["idio"]
    ab = rng.multivariate_normal([fit["a"], fit["b"]], fit["cov"], size=draws, method="eigh")
    a = ab[:, :1]
    b = np.clip(ab[:, 1:], -0.99, 0.99)
    horizon = max(targets) - inp.last_year
    jj = rng.integers(ye.size, size=(horizon, draws))
    P = len(inp.codes)

    def step(y, t):
        dev = y - y.mean(axis=1, keepdims=True)
        u = idio[rng.integers(idio.size, size=(draws, P))]
        # a + b * dev + ye[jj[t]][:, None] + u, left to right, in place (the same numbers)
        dev *= b
        dev += a
        dev += ye[jj[t]][:, None]
        dev += u
        return dev

    return _simulate_path(inp, step, targets, draws)


def _trend_fit(inp: _Inputs) -> dict:
    """Vectorised per-province OLS on window + extra observed years: one slope, and one intercept per
    methodology period (a level shift at each break crossed: scores are not comparable across it).

    The line is projected from the last period's level (a target year lies in the period of the last data).
    Keys a, b, xbar, n, sxx describe that line: mean = a + b * year, and the prediction standard error of a
    new observation is s * sqrt(1 + 1/n + (year - xbar)^2 / sxx) (n and xbar of the last period; sxx the
    within-period sum of squares), with df = observations - periods - 1: the fixed-effects OLS that
    :func:`trend_prediction_intervals` fits with statsmodels."""
    x = np.concatenate([inp.years, inp.extra_years]).astype(float)
    Y = np.concatenate([inp.Y, inp.Yx], axis=1)
    labels = np.concatenate([inp.periods, inp.extra_periods])
    w = np.isfinite(Y)
    P = len(Y)
    xc = np.zeros(Y.shape)
    yc = np.zeros(Y.shape)
    groups = np.zeros(P)
    for label in dict.fromkeys(labels):  # centre x and y within each period
        cols = labels == label
        wg = w[:, cols]
        ng = wg.sum(axis=1).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            xg = (wg * x[cols]).sum(axis=1) / ng
            yg = np.where(wg, Y[:, cols], 0.0).sum(axis=1) / ng
        xc[:, cols] = np.where(wg, x[cols][None, :] - xg[:, None], 0.0)
        yc[:, cols] = np.where(wg, Y[:, cols] - yg[:, None], 0.0)
        groups += ng > 0
    sxx = (xc**2).sum(axis=1)
    b = (xc * yc).sum(axis=1) / sxx
    last = labels == labels[len(inp.years) - 1]  # the period of the last common year (and of every target)
    wl = w[:, last]
    n_last = wl.sum(axis=1).astype(float)
    xbar = (wl * x[last]).sum(axis=1) / n_last
    ybar = np.where(wl, Y[:, last], 0.0).sum(axis=1) / n_last
    a = ybar - b * xbar
    R = np.where(w, yc - b[:, None] * xc, np.nan)  # residuals of the fixed-effects line
    n = w.sum(axis=1).astype(float)
    df = n - groups - 1
    s = np.sqrt(np.nansum(R**2, axis=1) / np.maximum(df, 1))
    # common-factor share rho, from the window residuals standardised by s
    Rw = R[:, : len(inp.years)]
    with np.errstate(invalid="ignore", divide="ignore"):
        Z = Rw / np.where(s > 0, s, np.nan)[:, None]
    Zf = Z[np.isfinite(Z).all(axis=1)]
    rho = 0.0
    if len(Zf) >= 2:
        K = len(Zf)
        tot = (Zf**2).mean()
        if tot > 0:
            rho = float(np.clip(((Zf.mean(axis=0) ** 2).mean() / tot - 1 / K) / (1 - 1 / K), 0, 1))
    return {"a": a, "b": b, "xbar": xbar, "sxx": sxx, "n": n_last, "df": np.maximum(df, 1), "s": s, "rho": rho}


def _trend_mean_se(fit, year) -> tuple[np.ndarray, np.ndarray]:
    mean = fit["a"] + fit["b"] * year
    se = fit["s"] * np.sqrt(1 + 1 / fit["n"] + (year - fit["xbar"]) ** 2 / fit["sxx"])
    return mean, se


def _sim_trend(inp, targets, draws, rng) -> np.ndarray:
    fit = _trend_fit(inp)
    P, Yn = len(inp.codes), len(targets)
    rho = fit["rho"]
    c = rng.standard_normal((draws, Yn, 1))
    z = rng.standard_normal((draws, Yn, P))
    # z = sqrt(rho) * c + sqrt(1 - rho) * u, computed in place (each product and sum as written: the same numbers)
    z *= math.sqrt(1 - rho)
    z += math.sqrt(rho) * c
    df = fit["df"]
    mix = np.empty((draws, Yn, P))
    for d in np.unique(df):  # chi-square mixing variable shared within a df group
        cols = df == d
        mix[:, :, cols] = np.sqrt(d / rng.chisquare(d, size=(draws, Yn, 1)))
    ms = [_trend_mean_se(fit, yr) for yr in targets]
    mean, se = np.stack([m for m, _ in ms]), np.stack([s for _, s in ms])  # (Yn, P)
    # out = mean + se * z * mix: every year at once, in place; the same operations, in the same order, per element
    out = z
    out *= se
    out *= mix
    out += mean
    over = _overrides(inp)
    for k, yr in enumerate(targets):
        if yr in over:
            idx, val, rank = over[yr]
            if inp.condition and (np.isfinite(rank).sum() > 1 or inp.complete_top.get(yr, 0)):
                y = out[:, k, :].copy()
                _apply_overrides(inp, y, yr, over)  # several ranks: conditioned (a trend has no path to continue)
                out[:, k, :] = y
            else:
                ok = np.isfinite(val)
                out[:, k, idx[ok]] = val[ok]
    return out


def _sim_persistence(inp, targets, draws, rng) -> np.ndarray:
    return _sim_drift(inp, targets, draws, rng, demean_only=True)


def rank_ar_fit(Z: np.ndarray) -> dict:
    """Pooled mean reversion of within-year z-scores toward each province's own level.

    ``z[i, t+1] = phi * z[i, t] + beta * m[i, -(t+1)] + e``, by OLS over every pair of
    consecutive history years (a gap skips the pair), where ``m[i, -(t+1)]`` is the
    province's mean z over its history *without* year t+1 (leave-one-out, so the outcome
    does not sit in its own predictor).  ``phi + beta`` near 1 says provinces return to their
    own level; ``beta`` near 0, to the middle.  Returns phi, beta, resid (pooled residuals),
    sd, n (pairs).
    """
    Z = np.asarray(Z, float)
    obs = np.isfinite(Z)
    tot = np.where(obs, Z, 0).sum(axis=1, keepdims=True)
    cnt = obs.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        loo = (tot - np.where(obs, Z, 0)) / (cnt - obs)
    x0, x1, y = Z[:, :-1], loo[:, 1:], Z[:, 1:]
    ok = np.isfinite(x0) & np.isfinite(x1) & np.isfinite(y)
    if ok.sum() < 5:
        raise ValueError("rank_ar needs at least five province-year pairs of z-scores")
    X = np.column_stack([x0[ok], x1[ok]])
    coef, *_ = np.linalg.lstsq(X, y[ok], rcond=None)
    resid = y[ok] - X @ coef
    return {
        "phi": float(coef[0]),
        "beta": float(coef[1]),
        "resid": resid,
        "sd": float(resid.std(ddof=2)),
        "n": int(ok.sum()),
    }


def _own_level(inp) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        m = np.nanmean(inp.Z, axis=1)
    return np.nan_to_num(m)


def _sim_rank_ar(inp, targets, draws, rng) -> np.ndarray:
    """Simulate z-scores with :func:`rank_ar_fit` and map them back to scores:
    ``score = cross-section mean (moving by the window's average change of the mean) +
    last cross-section sd * z``.  Ranks depend only on z; scores carry the mean's drift."""
    fit = rank_ar_fit(inp.Z)
    m = _own_level(inp)
    resid = fit["resid"]
    sd = inp.cross_sd if inp.cross_sd > 0 else 1.0
    P = len(inp.codes)

    def step(y, t):
        mu = y.mean(axis=1, keepdims=True)
        z = (y - mu) / sd
        e = resid[rng.integers(resid.size, size=(draws, P))]
        z1 = fit["phi"] * z + fit["beta"] * m[None, :] + e
        return (mu + inp.mean_drift + sd * z1) - y

    return _simulate_path(inp, step, targets, draws)


def _sim_climatology(inp, targets, draws, rng) -> np.ndarray:
    """Base rates: each year, each province's z-score is one of its own historical z-scores
    drawn at random (independently across provinces and years); scores as in rank_ar."""
    sd = inp.cross_sd if inp.cross_sd > 0 else 1.0
    pools = [row[np.isfinite(row)] for row in inp.Z]
    pools = [p if p.size else np.zeros(1) for p in pools]

    def step(y, t):
        z = np.column_stack([p[rng.integers(p.size, size=draws)] for p in pools])
        return (inp.cross_mean + inp.mean_drift * (t + 1) + sd * z) - y

    return _simulate_path(inp, step, targets, draws)


def _sim_ensemble(inp, targets, draws, rng) -> np.ndarray:
    """Equal-weight mixture of :data:`ENSEMBLE_COMPONENTS`: draw d is a whole joint draw of
    component ``d mod k`` (each draw stays one coherent cross-section)."""
    k = len(ENSEMBLE_COMPONENTS)
    seeds = rng.integers(2**63 - 1, size=k)
    out = np.empty((draws, len(targets), len(inp.codes)))
    for c, (m, sd) in enumerate(zip(ENSEMBLE_COMPONENTS, seeds)):
        n_c = len(range(c, draws, k))
        out[c::k] = _SIMULATORS[m](inp, targets, n_c, np.random.default_rng(int(sd)))
    return out


_SIMULATORS = {
    "persistence": _sim_persistence,
    "trend": _sim_trend,
    "drift": _sim_drift,
    "pooled": _sim_pooled,
    "rank_ar": _sim_rank_ar,
    "climatology": _sim_climatology,
    "ensemble": _sim_ensemble,
}


# =========================================================================== result
class _LazyRanks(Mapping):
    """method -> ``rank_desc(score_draws[method])``, ranked on first access and kept.

    A run mostly needs the ranks of one province at a time (:meth:`Projection.province_ranks`
    counts them without sorting every draw); the full arrays are made only for a caller that
    asks for them."""

    def __init__(self, scores: Mapping[str, np.ndarray]):
        self._scores = scores
        self._cache: dict[str, np.ndarray] = {}

    def __getitem__(self, method: str) -> np.ndarray:
        if method not in self._cache:
            self._cache[method] = rank_desc(self._scores[method])
        return self._cache[method]

    def __iter__(self):
        return iter(self._scores)

    def __len__(self) -> int:
        return len(self._scores)

    def ranked(self, method: str) -> np.ndarray | None:
        """The full rank array if it was already made, else None (nothing is computed)."""
        return self._cache.get(method)


SUMMARY_COLUMNS = [
    "province",
    "province_code",
    "method",
    "target_year",
    "median_score",
    "score_p10",
    "score_p90",
    "median_rank",
    "rank_p10",
    "rank_p90",
    "n_ranked",
    "last_observed_year",
    "last_observed_score",
]


@dataclass(eq=False)
class Projection:
    """Result of :func:`project`.

    Attributes
    ----------
    summary : DataFrame, one row per province x target year x method: province,
        province_code, method, target_year, median_score, score_p10, score_p90, median_rank,
        rank_p10, rank_p90, n_ranked, last_observed_year, last_observed_score.
        Ranks are on the ``n_ranked`` scale (1 = best); p10/p90 are the 10th/90th percentiles
        over draws (``rank_p10`` is the better end of the 80% rank interval).  Computed on
        first access; :meth:`province_summary` gives the same rows for one province at a
        fraction of the cost.
    provinces : DataFrame (province_code, province, last_observed_year, last_observed_score,
        historical_annual_gain) in the order of the last axis of the draw arrays.
    score_draws : dict method -> array (draws, len(target_years), P) of simulated scores.
    rank_draws : mapping method -> int16 array (draws, len(target_years), P) of ranks among
        the P projected provinces within each draw (1 = best), ranked on first access.  Use
        :meth:`ranks` for ranks on the ``n_ranked`` scale or as percentiles, and
        :meth:`province_ranks` for one province (no full ranking).
    """

    provinces: pd.DataFrame
    target_years: tuple[int, ...]
    methods: tuple[str, ...]
    score_draws: dict[str, np.ndarray]
    n_ranked: int
    last_year: int
    window: tuple[int, int]
    indicator: str
    draws: int
    seed: int | None
    params: dict = field(default_factory=dict)
    rank_draws: Mapping[str, np.ndarray] | None = None
    inputs: _Inputs | None = field(default=None, repr=False)  # the model inputs the draws came from
    _summary: pd.DataFrame | None = field(default=None, init=False, repr=False)

    def __post_init__(self):
        if self.rank_draws is None:
            self.rank_draws = _LazyRanks(self.score_draws)

    @property
    def summary(self) -> pd.DataFrame:
        if self._summary is None:
            P = self.n_projected
            rows = []
            for m in self.methods:
                sq = np.quantile(self.score_draws[m], [0.5, 0.1, 0.9], axis=0)
                rq = np.quantile(_quantile_rank_scale(self.rank_draws[m], P, self.n_ranked), [0.5, 0.1, 0.9], axis=0)
                for k, yr in enumerate(self.target_years):
                    rows.append(self._summary_rows(m, yr, slice(None), sq[:, k], rq[:, k]))
            self._summary = pd.concat(rows, ignore_index=True)[SUMMARY_COLUMNS]
        return self._summary

    def _summary_rows(self, method, year, i, sq, rq) -> pd.DataFrame:
        pv = self.provinces.iloc[i] if isinstance(i, slice) else self.provinces.iloc[[i]]
        return pd.DataFrame(
            {
                "province": pv["province"].to_numpy(),
                "province_code": pv["province_code"].to_numpy(),
                "method": method,
                "target_year": year,
                "median_score": sq[0],
                "score_p10": sq[1],
                "score_p90": sq[2],
                "median_rank": rq[0],
                "rank_p10": rq[1],
                "rank_p90": rq[2],
                "n_ranked": self.n_ranked,
                "last_observed_year": pv["last_observed_year"].to_numpy(),
                "last_observed_score": pv["last_observed_score"].to_numpy(),
            }
        )

    def province_summary(
        self, province: str, years: Iterable[int] | None = None, methods: str | Sequence[str] | None = None
    ) -> pd.DataFrame:
        """The rows of :attr:`summary` for one province (same values, same order: method, then
        year), from that province's draws only."""
        i = self.province_index(province)
        ys = list(self.target_years) if years is None else [int(y) for y in years if int(y) in self.target_years]
        rows = []
        for m in self._methods(methods):
            for y in ys:
                k = self._year_index(y)
                sq = np.quantile(self.score_draws[m][:, k, i], [0.5, 0.1, 0.9])
                rq = np.quantile(self.province_ranks(m, i, y), [0.5, 0.1, 0.9])
                rows.append(self._summary_rows(m, y, i, sq[:, None], rq[:, None]))
        if not rows:
            return pd.DataFrame(columns=SUMMARY_COLUMNS)
        return pd.concat(rows, ignore_index=True)[SUMMARY_COLUMNS]

    def keep_years(self, years: Iterable[int]) -> Projection:
        """The same projection holding only the draws of ``years`` (copies; the full arrays can
        then be freed).  The draws of the kept years are unchanged."""
        ys = tuple(y for y in self.target_years if y in {int(v) for v in years})
        ks = [self._year_index(y) for y in ys]
        return Projection(
            provinces=self.provinces,
            target_years=ys,
            methods=self.methods,
            score_draws={m: np.ascontiguousarray(s[:, ks, :]) for m, s in self.score_draws.items()},
            n_ranked=self.n_ranked,
            last_year=self.last_year,
            window=self.window,
            indicator=self.indicator,
            draws=self.draws,
            seed=self.seed,
            params=self.params,
            inputs=self.inputs,
        )

    # ------------------------------------------------------------------ lookup helpers
    @property
    def n_projected(self) -> int:
        return len(self.provinces)

    def province_index(self, province: str) -> int:
        """Position of a province (Vietnamese name, code, or any spelling the catalogue knows)."""
        codes = list(self.provinces["province_code"])
        names = list(self.provinces["province"])
        p = str(province)
        if p in names:
            return names.index(p)
        if p in codes:
            return codes.index(p)
        if p.zfill(2) in codes:
            return codes.index(p.zfill(2))
        try:
            code = catalog.resolve_province(p).code
        except Exception as exc:  # noqa: BLE001 - re-raised with context below
            raise KeyError(f"province {province!r} is not among the projected provinces") from exc
        if code in codes:
            return codes.index(code)
        raise KeyError(f"province {province!r} ({code}) is not among the projected provinces")

    def _year_index(self, year: int) -> int:
        if int(year) not in self.target_years:
            raise KeyError(f"{year} is not a target year {self.target_years}")
        return self.target_years.index(int(year))

    def _methods(self, method):
        if method is None:
            return self.methods
        return normalise_methods(method)

    def _per_method(self, fn, method):
        ms = self._methods(method)
        vals = {m: fn(m) for m in ms}
        if isinstance(method, str) and method != "all" or len(ms) == 1:
            return float(next(iter(vals.values())))
        return pd.Series(vals, name="probability", dtype=float)

    def ranks(self, method: str, scale: str = "rank") -> np.ndarray:
        """Rank draws of ``method``: ``scale='rank'`` on the n_ranked scale
        (``ceil(rank/P*n_ranked)``), ``'raw'`` among the P projected provinces, ``'pct'`` as
        ``rank/P`` in (0, 1]."""
        return self._scaled(self.rank_draws[method], scale)

    def province_ranks(
        self, method: str, province: str | int, years: int | Iterable[int] | None = None, scale: str = "rank"
    ) -> np.ndarray:
        """``ranks(method, scale)[:, k, i]`` for one province (``province``: a name, code or
        position) without ranking everybody (:func:`rank_of`): (draws,) for one year,
        (draws, len(years)) for several, every target year when ``years`` is None."""
        i = province if isinstance(province, (int, np.integer)) else self.province_index(province)
        if years is None:
            k = slice(None)
        elif np.isscalar(years):
            k = self._year_index(int(years))
        else:
            k = [self._year_index(int(y)) for y in years]
        full = self.rank_draws.ranked(method) if isinstance(self.rank_draws, _LazyRanks) else self.rank_draws[method]
        r = full[:, k, i] if full is not None else rank_of(self.score_draws[method][:, k, :], int(i))
        return self._scaled(r, scale)

    def _scaled(self, r: np.ndarray, scale: str) -> np.ndarray:
        if scale == "raw":
            return r
        if scale == "rank":
            return _quantile_rank_scale(r, self.n_projected, self.n_ranked)
        if scale == "pct":
            return r / self.n_projected
        raise ValueError("scale must be 'rank', 'raw' or 'pct'")

    # ------------------------------------------------------------------ probabilities
    def prob_rank_between(
        self, province: str, year: int, lo: float, hi: float, method: str | None = None, scale: str = "rank"
    ):
        """P(lo <= rank <= hi) in ``year``.  ``scale='rank'``: ranks on the n_ranked scale;
        ``'pct'``: lo/hi are rank percentiles (rank/N, e.g. 0 to 0.25 = top quarter).
        Returns a float for one method, else a Series indexed by method."""
        i, y = self.province_index(province), int(year)

        def p(m):
            r = self.province_ranks(m, i, y, scale)
            return np.mean((r >= lo) & (r <= hi))

        return self._per_method(p, method)

    def prob_top_k(self, province: str, year: int, k: float, method: str | None = None, scale: str = "rank"):
        """P(rank <= k) (``scale='pct'``: P(rank/N <= k))."""
        return self.prob_rank_between(province, year, -np.inf, k, method=method, scale=scale)

    def prob_keep_first(self, province: str, year: int, method: str | None = None):
        """P(rank == 1) in ``year``."""
        return self.prob_rank_between(province, year, 1, 1, method=method, scale="raw")

    def prob_score_at_least(self, province: str, year: int, score: float, method: str | None = None):
        """P(score in ``year`` >= ``score``)."""
        i, k = self.province_index(province), self._year_index(year)
        return self._per_method(lambda m: np.mean(self.score_draws[m][:, k, i] >= score), method)

    def prob_score_gain(self, province: str, year: int, gain: float, per_year: bool = False, method: str | None = None):
        """P(score in ``year`` - last observed score >= ``gain``); with ``per_year=True``
        ``gain`` is an average annual gain over the years since the last observation."""
        i, k = self.province_index(province), self._year_index(year)
        base = float(self.provinces["last_observed_score"].iloc[i])
        yrs = int(year) - int(self.provinces["last_observed_year"].iloc[i])
        need = gain * yrs if per_year else gain
        if per_year and yrs <= 0:
            raise ValueError(f"{year} is not after the province's last observation")
        return self._per_method(lambda m: np.mean(self.score_draws[m][:, k, i] - base >= need - 1e-12), method)


# =========================================================================== project
def project(
    panel: pd.DataFrame,
    last_year: int | None = None,
    target_years: int | Iterable[int] = (2025, 2030),
    method: str | Sequence[str] = "trend",
    draws: int = 10_000,
    seed: int | None = 0,
    window=None,
    indicator: str = "pci",
    allow_break: bool = False,
    n_ranked: int | None = None,
    calibrated: bool = True,
    condition: bool | None = None,
    complete_top: Mapping[int, int] | None = None,
    rank_facts: pd.DataFrame | None = None,
) -> Projection:
    """Simulate scores and ranks of every province to ``target_years``.

    Parameters
    ----------
    panel : tidy PCI panel (year, province, province_code, indicator, score, ...).
    last_year : origin of the projection.  Default: the last year (nearly) every province
        shares (:func:`common_last_year`); observations of single provinces after it are used
        as described in the module docstring.  An earlier ``last_year`` projects as if the
        data ended then (everything later is dropped) - that is how the backtest works
        (:mod:`analysis.analyses.backtesting`).
    target_years : years to report (all > last_year).
    method : one of ``persistence``, ``trend``, ``drift``, ``pooled``, a list, or ``"all"``.
    draws, seed : number of joint draws; seed of the numpy Generator (deterministic).
    window : estimation window: None (the methodology period of last_year up to last_year),
        an int (number of years ending at last_year) or ``(first_year, last_year)``.
    indicator : ``"pci"`` or a sub-index code.
    allow_break : accept a window spanning a methodology break (with a warning).
    n_ranked : N of the reported rank scale (default: number of provinces projected, i.e.
        observed in last_year).
    calibrated : apply the committed ``interval_scale`` (``data/projection_default.csv``, calibrated on the
        recent origins by :func:`analysis.analyses.backtesting.calibrate_interval_scale`) to the default
        method's draws; the backtest passes False (it scores raw draws).
    condition : condition the joint draws of each year after ``last_year`` on everything published of it
        (scores, several ranks, a complete top list; :mod:`analysis.analyses.conditioning`); False keeps only the
        observed scores and the one-rank anchor. None (default): the committed backtest's verdict
        (``conditioned_is_default`` in ``data/projection_default.csv``: conditioning beat the unconditioned
        default and persistence one year after a partial edition), True when none is committed.
    complete_top : {year: k} the first k places of that year's edition are published as a complete list
        (default: ``catalog_data/published_lists.csv``, PCI 2024: 10).
    rank_facts : published ranks without a score (year, province_code, rank; e.g. ``data/pci_facts.csv`` rows
        ``pci_rank``: Hà Nam 22nd in 2024); they constrain the draws like any published rank.
    """
    methods = normalise_methods(method, indicator)
    targets = (int(target_years),) if np.isscalar(target_years) else tuple(sorted({int(t) for t in target_years}))
    inp = _prepare(panel, indicator, last_year, window, allow_break)
    _add_published(inp, condition, complete_top, rank_facts, indicator)
    if not targets or min(targets) <= inp.last_year:
        raise ValueError(f"target years {targets} must all be after the last year {inp.last_year}")
    P = len(inp.codes)
    N = P if n_ranked is None else int(n_ranked)
    ss = np.random.SeedSequence(seed)
    children = dict(zip(METHODS, ss.spawn(len(METHODS))))  # same stream per method whatever the list
    score_draws = {}
    D, mu = _changes(inp)
    order = [m for m in methods if m != "ensemble"] + (["ensemble"] if "ensemble" in methods else [])
    for m in order:
        rng = np.random.default_rng(children[m])
        if m == "ensemble" and all(c in score_draws for c in ENSEMBLE_COMPONENTS):
            # the mixture of draws already simulated: draw d of the ensemble is draw d of
            # component d mod k (simulate once; the same mixture _sim_ensemble would make)
            S = np.empty_like(score_draws[ENSEMBLE_COMPONENTS[0]])
            for c, comp in enumerate(ENSEMBLE_COMPONENTS):
                S[c :: len(ENSEMBLE_COMPONENTS)] = score_draws[comp][c :: len(ENSEMBLE_COMPONENTS)]
        else:
            S = _SIMULATORS[m](inp, targets, int(draws), rng)
        score_draws[m] = S  # ranks and the summary quantiles are computed when (and where) they are read
    score_draws = {m: score_draws[m] for m in methods}
    scale = interval_scale(indicator) if calibrated else 1.0
    dm = default_method_or_none(indicator) if scale != 1.0 else None
    if dm in score_draws:  # each draw's deviation from the province's median draw times the committed factor
        S = score_draws[dm].copy()  # (not in a year with published facts: its draws are conditioned on them)
        k = [j for j, t in enumerate(targets) if t not in set(int(y) for y in inp.extra_years)]
        med = np.median(S[:, k], axis=0, keepdims=True)
        S[:, k] = med + scale * (S[:, k] - med)
        score_draws[dm] = S
    provinces = pd.DataFrame(
        {
            "province_code": inp.codes,
            "province": inp.names,
            "last_observed_year": inp.latest_year,
            "last_observed_score": inp.latest,
            "historical_annual_gain": mu,
        }
    )
    params = {"excluded": inp.excluded}
    if "trend" in methods:
        params["trend_rho"] = _trend_fit(inp)["rho"]
    if "pooled" in methods:
        f = _pooled_fit(inp)
        params["pooled"] = {"a": f["a"], "b": f["b"], "n": f["n"]}
    if {"rank_ar", "ensemble"} & set(methods):
        f = rank_ar_fit(inp.Z)
        params["rank_ar"] = {
            "phi": f["phi"],
            "beta": f["beta"],
            "sd": f["sd"],
            "n": f["n"],
            "history": (int(inp.hist_years.min()), int(inp.hist_years.max())),
        }
    kinds = _latest_kinds(panel, indicator, inp)
    provinces["last_observed_source_kind"] = kinds
    return Projection(
        provinces=provinces,
        target_years=targets,
        methods=methods,
        score_draws=score_draws,
        n_ranked=N,
        last_year=inp.last_year,
        window=inp.window,
        indicator=indicator,
        draws=int(draws),
        seed=seed,
        params=params,
        inputs=inp,
    )


def conditioned_by_default(indicator: str = "pci") -> bool:
    """Whether :func:`project` conditions the draws of a later year on everything published of it when not told:
    ``conditioned_is_default`` of the committed backtest (``data/projection_default.csv``), True when none is
    committed."""
    flag = (default_choice(indicator) or {}).get("conditioned_is_default")
    if flag is None or (isinstance(flag, float) and np.isnan(flag)):
        return True
    return str(flag).lower() in ("true", "1")


def _add_published(inp: _Inputs, condition: bool | None, complete_top, rank_facts, indicator: str = "pci") -> None:
    """The conditioning inputs of the years after last_year: complete top lists and ranks without a score."""
    inp.condition = conditioned_by_default(indicator) if condition is None else bool(condition)
    inp.complete_top = (
        dict(complete_top)
        if complete_top is not None
        else {int(y): catalog.complete_top(int(y)) for y in inp.extra_years if catalog.complete_top(int(y))}
    )
    if rank_facts is None or not len(rank_facts):
        return
    pos = {c: i for i, c in enumerate(inp.codes)}
    inp.Rx, inp.Yx = np.array(inp.Rx, float), np.array(inp.Yx, float)
    for r in rank_facts.itertuples():
        y, code = int(r.year), str(r.province_code)
        if y <= inp.last_year or code not in pos or pd.isna(r.rank):
            continue
        if y not in inp.extra_years:
            inp.extra_years = np.append(inp.extra_years, y)
            inp.extra_periods = np.append(inp.extra_periods, period_map(indicator, [y])[y])
            inp.Yx = np.concatenate([inp.Yx, np.full((len(inp.codes), 1), np.nan)], axis=1)
            inp.Rx = np.concatenate([inp.Rx, np.full((len(inp.codes), 1), np.nan)], axis=1)
        j = int(np.flatnonzero(inp.extra_years == y)[0])
        if np.isnan(inp.Yx[pos[code], j]) and np.isnan(inp.Rx[pos[code], j]):
            inp.Rx[pos[code], j] = float(r.rank)


def _latest_kinds(panel: pd.DataFrame, indicator: str, inp: _Inputs) -> list[str]:
    """source_kind of each projected province's latest observation ('' if the panel has none)."""
    if "source_kind" not in panel.columns:
        return [""] * len(inp.codes)
    ind = "pci" if str(indicator).lower() == "pci" else indicator
    d = panel[(panel["indicator"] == ind) & panel["score"].notna()]
    order = {k: n for n, k in enumerate(SOURCE_PRECEDENCE)}
    d = d.assign(_p=d["source_kind"].map(order).fillna(len(order))).sort_values("_p", kind="stable")
    d = d.drop_duplicates(["province_code", "year"])
    first = dict(zip(zip(d["province_code"], d["year"]), d["source_kind"]))  # (code, year) -> its kind
    return [str(first.get((c, int(y)), "")) for c, y in zip(inp.codes, inp.latest_year)]


def estimation_window(
    panel: pd.DataFrame, indicator: str = "pci", last_year: int | None = None, window=None, allow_break: bool = False
) -> tuple[int, int]:
    """The estimation window :func:`project` would use (no simulation)."""
    df = indicator_frame(panel, indicator)
    ly = common_last_year(panel, indicator) if last_year is None else int(last_year)
    return _resolve_window(window, ly, int(df["year"].min()), allow_break, indicator)


def trend_prediction_intervals(
    panel: pd.DataFrame,
    target_years=(2025, 2030),
    alpha: float = 0.2,
    last_year: int | None = None,
    window=None,
    indicator: str = "pci",
    allow_break: bool = False,
) -> pd.DataFrame:
    """Analytic trend-method intervals from statsmodels, one OLS per province: one slope and one intercept per
    methodology period inside the window (the level shift of a break crossed), projected from the last period.

    Returns province_code, province, target_year, mean, obs_ci_lower, obs_ci_upper (the
    ``get_prediction(...).summary_frame(alpha)`` columns for a *new observation*).  The
    simulated ``trend`` draws of :func:`project` have these as their alpha/2 and 1-alpha/2
    quantiles.
    """
    from statsmodels.regression.linear_model import OLS  # lazy: see analysis.analyses.trends._ols

    inp = _prepare(panel, indicator, last_year, window, allow_break)
    targets = (int(target_years),) if np.isscalar(target_years) else tuple(int(t) for t in target_years)
    x_all = np.concatenate([inp.years, inp.extra_years]).astype(float)
    Y_all = np.concatenate([inp.Y, inp.Yx], axis=1)
    labels = np.concatenate([inp.periods, inp.extra_periods])
    last = labels[len(inp.years) - 1]  # the period of the last common year: every target year lies in it
    rows = []
    for i, code in enumerate(inp.codes):
        ok = np.isfinite(Y_all[i])
        # one slope, one intercept per methodology period the province has data in (the last one first)
        held = [last] + [g for g in dict.fromkeys(labels[ok]) if g != last]
        X = np.column_stack([x_all[ok]] + [(labels[ok] == g).astype(float) for g in held])
        res = OLS(Y_all[i, ok], X).fit()
        x0 = np.column_stack(
            [np.array(targets, float), np.ones(len(targets))] + [np.zeros(len(targets))] * (len(held) - 1)
        )
        fr = res.get_prediction(x0).summary_frame(alpha=alpha)
        for k, yr in enumerate(targets):
            rows.append(
                {
                    "province_code": code,
                    "province": inp.names[i],
                    "target_year": yr,
                    "mean": fr["mean"].iloc[k],
                    "obs_ci_lower": fr["obs_ci_lower"].iloc[k],
                    "obs_ci_upper": fr["obs_ci_upper"].iloc[k],
                }
            )
    return pd.DataFrame(rows)


# =========================================================================== required pace
def score_for_rank(scores: pd.Series, code: str, rank: int) -> float:
    """Score that would have given ``code`` rank ``rank`` in a cross-section: the rank-th
    best score among the *other* provinces (matching it ties for that rank)."""
    others = scores.drop(index=code, errors="ignore").sort_values(ascending=False)
    if rank < 1:
        raise ValueError("rank must be >= 1")
    if rank > len(others):
        return float(others.min())
    return float(others.iloc[rank - 1])


def _province_code(df: pd.DataFrame, province: str) -> str:
    p = str(province)
    names = df.drop_duplicates("province_code").set_index("province")["province_code"]
    if p in names.index:
        return str(names[p])
    codes = set(df["province_code"])
    if p in codes:
        return p
    if p.zfill(2) in codes:
        return p.zfill(2)
    code = catalog.resolve_province(p).code
    if code not in codes:
        raise KeyError(f"province {province!r} ({code}) is not in the panel")
    return code


def gain_distribution(
    panel: pd.DataFrame, indicator: str = "pci", span: int = 5, within_period: bool = True
) -> pd.DataFrame:
    """All province-windows of ``span`` years: province_code, start, end, annual_gain.

    With ``within_period`` (default) only windows inside one methodology period count -
    gains across a break mix scale changes with real change.
    """
    df = indicator_frame(panel, indicator)
    wide = df.pivot(index="province_code", columns="year", values="score")
    per = period_map(indicator, wide.columns)
    W, col = wide.to_numpy(float), {y: j for j, y in enumerate(wide.columns)}
    rows, starts, ends, gains = [], [], [], []  # window by window, the provinces with both ends observed
    for start in wide.columns:
        end = start + span
        if end not in col:
            continue
        if within_period and per[int(start)] != per[int(end)]:
            continue
        g = W[:, col[end]] - W[:, col[start]]
        ok = np.flatnonzero(~np.isnan(g))
        rows.append(ok)
        starts.append(np.full(ok.size, start))
        ends.append(np.full(ok.size, end))
        gains.append(g[ok] / span)
    if not rows:
        return pd.DataFrame(columns=["province_code", "start", "end", "annual_gain"])
    return pd.DataFrame(
        {
            "province_code": wide.index.take(np.concatenate(rows)),
            "start": np.concatenate(starts),
            "end": np.concatenate(ends),
            "annual_gain": np.concatenate(gains),
        }
    )


def _later_year_shift(
    inp: _Inputs, i: int, cross: pd.Series, code: str, ly: int, ls: float, basis: str
) -> tuple[float, str]:
    """When the province's latest observation is later than the common cross-section and has
    a published rank, the shift of everyone else that reproduces that rank (see
    :func:`anchor_shift`); the target score is then read off the shifted cross-section, so
    that it is in the same year's terms as the province's latest score."""
    if ly <= inp.last_year:
        return 0.0, basis
    j = int(np.flatnonzero(inp.extra_years == ly)[0])
    rank = inp.Rx[i, j]
    if not np.isfinite(rank):
        return 0.0, basis + f" (no published {ly} rank: the target score is in {inp.last_year} terms)"
    others = cross.drop(index=code).to_numpy(float)[None, :]
    shift = float(anchor_shift(others, ls, float(rank), inp.n_last)[0])
    return shift, (
        f"{inp.last_year} cross-section shifted by {shift:+.2f} points, the common move that puts "
        f"{inp.names[i]}'s {ly} score {ls:.2f} at its published {ly} rank {int(rank)}"
    )


def cross_section_shift(
    panel: pd.DataFrame,
    province: str,
    indicator: str = "pci",
    last_year: int | None = None,
    window=None,
    allow_break: bool = False,
) -> tuple[float, str]:
    """The common shift that puts the latest common cross-section in the terms of ``province``'s
    latest observation, and a sentence saying so.

    For a province observed after the common last year with a published rank (Lai Châu 2020:
    61.98, 57th), target scores read off the common cross-section (2018) must be moved by the
    amount everyone else moved meanwhile, or a later score would be compared with older
    ones; that amount is the :func:`anchor_shift` reproducing the published rank. Zero for a
    province whose latest observation is the common year.
    """
    inp = _prepare(panel, indicator, last_year, window, allow_break)
    code = _province_code(indicator_frame(panel, indicator), province)
    i = list(inp.codes).index(code)
    cross = pd.Series(inp.last_score, index=inp.codes)
    return _later_year_shift(
        inp, i, cross, code, int(inp.latest_year[i]), float(inp.latest[i]), f"{inp.last_year} cross-section"
    )


def required_pace(
    panel: pd.DataFrame,
    province: str,
    target_year: int,
    *,
    target_score: float | None = None,
    target_rank: int | None = None,
    indicator: str | Sequence[str] = "pci",
    last_year: int | None = None,
    window=None,
    allow_break: bool = False,
    span: int = 5,
    within_period: bool = True,
) -> pd.DataFrame:
    """Average annual gain needed to reach a target, against history.

    Give ``target_score`` or ``target_rank`` (then the target score is the score that would
    have given that rank in the latest common cross-section; for a province observed later
    with a published rank — Lai Châu 2020 — that cross-section is first shifted by the common
    move that reproduces the published rank, so both scores are in the same year's terms;
    ``target_score_basis`` says which).  ``indicator`` may be a code,
    a list, or ``"all"`` (composite and every sub-index observed in the last year).

    One row per indicator: indicator, province, province_code, latest_year, latest_score,
    target_year, target_score, required_annual_gain, historical_annual_gain (own average
    annual change over the estimation window), historical_slope (OLS), pace_ratio
    (required / historical), share_windows_achieving (share of all provinces' ``span``-year
    windows, within one methodology period, whose average annual gain >= required),
    n_windows.
    """
    if (target_score is None) == (target_rank is None):
        raise ValueError("give exactly one of target_score or target_rank")
    if isinstance(indicator, str):
        if indicator == "all":
            inds = [i for i in catalog.INDICATORS if (panel["indicator"] == i).any()]
        else:
            inds = [indicator]
    else:
        inds = list(indicator)
    rows = []
    for ind in inds:
        inp = _prepare(panel, ind, last_year, window, allow_break)
        df = indicator_frame(panel, ind)
        code = _province_code(df, province)
        codes = list(inp.codes)
        if code not in codes:
            raise KeyError(f"province {province!r} has no {ind!r} score in {inp.last_year}")
        i = codes.index(code)
        ly, ls = int(inp.latest_year[i]), float(inp.latest[i])
        basis, shift = f"{inp.last_year} cross-section", 0.0
        if target_rank is not None:
            cross = pd.Series(inp.last_score, index=inp.codes)
            shift, basis = _later_year_shift(inp, i, cross, code, ly, ls, basis)
            tscore = score_for_rank(cross, code, int(target_rank)) + shift
        else:
            tscore = float(target_score)
        if target_year <= ly:
            raise ValueError(f"target year {target_year} is not after the latest observation {ly}")
        req = (tscore - ls) / (target_year - ly)
        _, mu = _changes(inp)
        fit = _trend_fit(inp)
        gains = gain_distribution(
            panel if inp.last_year == common_last_year(panel, ind) else panel[panel["year"] <= inp.last_year],
            ind,
            span=span,
            within_period=within_period,
        )
        share = float((gains["annual_gain"] >= req).mean()) if len(gains) else float("nan")
        hist = float(mu[i])
        rows.append(
            {
                "indicator": ind,
                "province": inp.names[i],
                "province_code": code,
                "latest_year": ly,
                "latest_score": ls,
                "target_year": int(target_year),
                "target_rank": target_rank,
                "target_score": tscore,
                "target_score_basis": basis if target_rank is not None else "given",
                "required_annual_gain": req,
                "historical_annual_gain": hist,
                "historical_slope": float(fit["b"][i]),
                "pace_ratio": req / hist if hist != 0 else float("nan"),
                "share_windows_achieving": share,
                "n_windows": len(gains),
            }
        )
    return pd.DataFrame(rows)


# =========================================================================== targets
TARGET_KINDS = catalog.target_kinds(projectable=True)  # catalog_data/target_kinds.csv


# the first columns of a target evaluation (evaluate_targets here, analysis.analyses.reachability.evaluate)
RESULT_COLUMNS = [
    "province",
    "target_id",
    "target",
    "method",
    "target_year",
    "probability",
    "median_rank",
    "rank_p10",
    "rank_p90",
    "median_score",
    "required_annual_gain",
    "historical_annual_gain",
]


def evaluate_targets(
    panel: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    method: str | Sequence[str] = "all",
    draws: int = 10_000,
    seed: int | None = 0,
    last_year: int | None = None,
    window=None,
    allow_break: bool = False,
    n_ranked: int | None = None,
    regions: Mapping[str, str] | None = None,
    projections: Mapping[str, Projection] | None = None,
    published_top: int | None = None,
    published_from: int | None = None,
) -> pd.DataFrame:
    """Probability that each target is met, per method, from ONE joint simulation per indicator.

    ``projections`` (indicator -> :class:`Projection`) reuses simulations made elsewhere (the
    notebook simulates once and every table and chart reads the same draws); missing ones are
    simulated here once per indicator over every year from the origin to the last target year.

    ``targets`` columns: target_id, province, index ('PCI', a sub-index code, or
    'pci_subindex_each' = the same target for each sub-index, one row per sub-index), kind
    (rank_band, top_k, region_top_k, score_change_per_year, keep_first), value_low,
    value_high, target_year, region.

    * rank_band: ``probability`` = P(value_low <= rank <= value_high) on the n_ranked scale,
      ``probability_at_least`` = P(rank <= value_high) (doing better than a band is not a failure);
    * top_k: P(rank <= k), k = value_high if given, else value_low;
    * region_top_k: P(rank among the provinces of ``region`` <= k); ``regions`` maps
      province_code -> region (the target's region column, else the province's own region);
      median/p10/p90 ranks are then ranks within the region;
    * score_change_per_year: P(average annual change from the last observation >=
      value_low [and <= value_high]); at least: >= value_low;
    * keep_first: P(rank == 1); ``probability_every_year`` = P(rank 1 in every simulated year
      up to the target year).

    ``probability_met_and_published`` (with ``published_top``): P(met and national rank <=
    published_top) in years >= ``published_from``.

    Returns rows: province, target_id, target (label), method, target_year, probability,
    probability_at_least, probability_every_year, probability_met_and_published, median_rank,
    rank_p10, rank_p90, median_score, required_annual_gain (for rank targets: the average annual
    gain to the score that would have met the worse end of the rank target in the latest
    cross-section, plus the field's average annual rise over the window - the others keep
    moving; value_low for score targets), historical_annual_gain (own average annual change
    over the window), index.
    """
    t = targets.copy()
    for c in ["value_low", "value_high", "region"]:
        if c not in t.columns:
            t[c] = np.nan
    bad = set(t["kind"]) - set(TARGET_KINDS)
    if bad:
        raise ValueError(f"unknown target kind(s) {sorted(bad)}; known: {TARGET_KINDS}")
    # expand pci_subindex_each
    rows = []
    for _, r in t.iterrows():
        idx = str(r["index"])
        if idx.lower() == "pci_subindex_each":
            for s in catalog.SUBINDICES:
                if (panel["indicator"] == s).any():
                    rows.append({**r.to_dict(), "index": s, "_label_index": s})
        else:
            ind = idx.lower() if idx.lower() in ("pci", "papi") else idx
            rows.append({**r.to_dict(), "index": ind, "_label_index": ind})
    t = pd.DataFrame(rows)
    out = []
    projections = dict(projections or {})
    for ind, grp in t.groupby("index", sort=False):
        proj = projections.get(ind)
        if proj is None:
            ly = common_last_year(panel, ind) if last_year is None else int(last_year)
            years = list(range(ly + 1, max(int(y) for y in grp["target_year"]) + 1))
            proj = project(
                panel,
                last_year=last_year,
                target_years=years,
                method=method,
                draws=draws,
                seed=seed,
                window=window,
                indicator=ind,
                allow_break=allow_break,
                n_ranked=n_ranked,
            )
            projections[ind] = proj
        inp = proj.inputs  # the inputs the draws came from (same panel, origin and window)
        if inp is None:
            with warnings.catch_warnings():  # the window was checked (and warned about) when simulated
                warnings.simplefilter("ignore")
                inp = _prepare(panel, ind, proj.last_year, proj.window, True)
        cross = pd.Series(inp.last_score, index=proj.provinces["province_code"].to_numpy())
        for _, r in grp.iterrows():
            i = proj.province_index(r["province"])
            code = proj.provinces["province_code"].iloc[i]
            k = proj._year_index(int(r["target_year"]))
            lo, hi = r["value_low"], r["value_high"]
            kind = r["kind"]
            base = float(proj.provinces["last_observed_score"].iloc[i])
            base_year = int(proj.provinces["last_observed_year"].iloc[i])
            yrs = int(r["target_year"]) - base_year
            member = None
            if kind == "region_top_k":
                if regions is None:
                    raise ValueError("region_top_k targets need regions={province_code: region}")
                reg = r["region"] if pd.notna(r["region"]) else regions.get(code)
                member = np.array([regions.get(c) == reg for c in proj.provinces["province_code"]])
                if not member[i]:
                    raise ValueError(f"{r['province']} is not in region {reg!r}")
            kk = hi if pd.notna(hi) else lo
            if kind in ("top_k", "region_top_k"):
                rlo, rhi, label = 1, float(kk), f"top {int(kk)}"
            elif kind == "rank_band":
                rlo = float(lo) if pd.notna(lo) else 1.0
                rhi = float(hi) if pd.notna(hi) else float(proj.n_ranked)
                label = f"rank {int(rlo)}-{int(rhi)}"
            elif kind == "keep_first":
                rlo, rhi, label = 1, 1, "rank 1"
            else:
                label = f"gain >= {lo:g}/yr" + (f" and <= {hi:g}/yr" if pd.notna(hi) else "")
            if kind == "region_top_k":
                label = f"top {int(kk)} in {reg}"
            label = f"{r['_label_index']}: {label} by {int(r['target_year'])}"
            # required annual gain
            if kind == "score_change_per_year":
                req = float(lo)
            else:
                c = cross[member] if member is not None else cross
                shift, _ = _later_year_shift(inp, i, cross, code, base_year, base, "")
                # the others do not stand still: they keep rising at the field's average pace
                # (the cross-section mean's annual change over the window), so the target score
                # moves by that much a year too
                req = (score_for_rank(c, code, int(rhi)) + shift - base) / yrs + inp.mean_drift
            ms = (
                proj.methods
                if method in (None, "all")
                else [x for x in normalise_methods(method, ind) if x in proj.methods] or proj.methods
            )
            for m in ms:
                S = proj.score_draws[m][:, k, :]
                nat = proj.province_ranks(m, i, int(r["target_year"]), "rank")
                if member is not None:
                    sub = np.flatnonzero(member)
                    R = rank_of(S[:, sub], list(sub).index(i))
                else:
                    R = nat
                s_i = S[:, i]
                every = np.nan
                if kind == "score_change_per_year":
                    g = (s_i - base) / yrs
                    least = g >= float(lo) - 1e-12
                    ok = least & (g <= float(hi) + 1e-12) if pd.notna(hi) else least
                elif kind == "keep_first":
                    first = proj.province_ranks(m, i, proj.target_years[: k + 1], "raw") == 1
                    ok = least = first[:, k]
                    every = float(first.all(axis=1).mean())
                else:
                    ok = (R >= rlo) & (R <= rhi)
                    least = R <= rhi
                pub = np.nan
                if published_top is not None and kind in ("rank_band", "top_k", "keep_first"):
                    if published_from is None or int(r["target_year"]) >= published_from:
                        pub = float(np.mean(least & (nat <= published_top)))
                    else:
                        pub = float(np.mean(least))
                rq = np.quantile(R, [0.5, 0.1, 0.9])
                out.append(
                    {
                        "province": proj.provinces["province"].iloc[i],
                        "target_id": r["target_id"],
                        "target": label,
                        "method": m,
                        "target_year": int(r["target_year"]),
                        "probability": float(np.mean(ok)),
                        "probability_at_least": float(np.mean(least)),
                        "probability_every_year": every,
                        "probability_met_and_published": pub,
                        "median_rank": rq[0],
                        "rank_p10": rq[1],
                        "rank_p90": rq[2],
                        "median_score": float(np.median(s_i)),
                        "required_annual_gain": req,
                        "historical_annual_gain": float(proj.provinces["historical_annual_gain"].iloc[i]),
                        "index": ind,
                    }
                )
    res = pd.DataFrame(out)
    return res[RESULT_COLUMNS + [c for c in res.columns if c not in RESULT_COLUMNS]]
