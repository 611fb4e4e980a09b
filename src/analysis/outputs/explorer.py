"""The explorer: pick provinces, an indicator and years, see the chart and table update.

The logic is plain functions (:func:`selection`, :func:`explorer_data`, :func:`explorer_figure`,
:func:`show`) that tests call directly; :func:`explorer_app` wraps them in ipywidgets for
JupyterLab. The widgets' callback is :func:`show` with the controls' current values, so a
run without a frontend (``make report``, the tests) exercises the same code with the
defaults. Every chart is saved through :func:`analysis.save_figure` (source line included)
into ``reports/explorer/``, named by its selection, so an export never overwrites another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.analyses import planner, targets, trends
from analysis.core import paths
from analysis.core.prose import Prose
from analysis.data import catalog
from analysis.data.catalog import COMPOSITE, INDICATORS, Lang, indicator_label, resolve_province, text
from analysis.data.loaders import load_targets
from analysis.data.provenance import source_line
from analysis.outputs.charts import project as project_charts
from analysis.outputs.charts.common import kind_handles, kind_markers, mark_breaks, no_data_label
from analysis.outputs.charts.compare import highlight_colours
from analysis.outputs.narrative import planner as planner_text
from analysis.outputs.style import _show_in_notebook, integer_years, save_figure, subplots
from analysis.outputs.verdicts import verdict_table

MEASURES = ("score", "rank")


@dataclass(frozen=True)
class Selection:
    provinces: tuple[str, ...]
    indicator: str
    years: tuple[int, int]
    measure: str = "score"
    lang: Lang = "vi"

    @property
    def name(self) -> str:
        """A file name made of the selection (so exports never collide)."""
        slugs = "-".join(catalog.normalise_name(p) for p in self.provinces)
        return f"explorer_{self.indicator}_{self.measure}_{self.years[0]}_{self.years[1]}_{slugs}_{self.lang}"


def year_range(panel: pd.DataFrame, indicator: str = COMPOSITE) -> tuple[int, int]:
    d = panel[(panel["indicator"] == indicator) & panel["score"].notna()]
    return int(d["year"].min()), int(d["year"].max())


def province_options(panel: pd.DataFrame) -> list[str]:
    """Every province with a composite score in the panel, in alphabetical order (ignoring diacritics)."""
    names = panel.loc[(panel["indicator"] == COMPOSITE) & panel["score"].notna(), "province"].unique()
    return sorted(names, key=catalog.strip_diacritics)


def selection(
    panel: pd.DataFrame,
    provinces: Sequence[str] | str,
    indicator: str = COMPOSITE,
    years: Sequence[int] | None = None,
    measure: str = "score",
    lang: Lang = "vi",
) -> Selection:
    """Check a selection and put it in catalogue terms; each mistake raises one clear ``ValueError``.

    ``provinces``: one name or a list (any spelling the catalogue resolves); ``indicator``: 'pci'
    or a sub-index code; ``years``: (first, last) within the years the indicator has data.
    """
    if isinstance(provinces, str):
        provinces = [provinces]
    if not provinces:
        raise ValueError("pick at least one province")
    names = []
    for p in provinces:
        try:
            names.append(resolve_province(p).name)
        except catalog.UnknownProvinceError as exc:
            raise ValueError(str(exc)) from None
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; choose from {', '.join(INDICATORS)}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    if lang not in ("vi", "en", "both"):
        raise ValueError(f"lang must be 'vi', 'en' or 'both', not {lang!r}")
    lo, hi = year_range(panel, indicator)
    first, last = (lo, hi) if years is None else (int(years[0]), int(years[1]))
    if first > last or first < lo or last > hi:
        raise ValueError(f"years {first}–{last}: {indicator} has data for {lo}–{hi}")
    return Selection(tuple(dict.fromkeys(names)), indicator, (first, last), measure, lang)


def explorer_data(panel: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """One row per province and year of the selection: score, rank, national median and
    quartiles (official cross-sections), source kind and source; missing years stay NaN."""
    parts = [
        trends.subindex_series(panel, p, sel.years[0], sel.years[1], indicators=(sel.indicator,)) for p in sel.provinces
    ]
    cols = [
        "province",
        "year",
        "score",
        "rank",
        "n_provinces",
        "national_median",
        "national_p25",
        "national_p75",
        "source_kind",
        "source",
    ]
    out = pd.concat(parts, ignore_index=True)
    return out[[c for c in cols if c in out.columns]]  # 'source' goes when the panel gains source_file


def explorer_figure(data: pd.DataFrame, sel: Selection) -> Figure:
    """Score (with the national median and middle half) or rank (1 at the top) per year for
    each selected province; points not from an official workbook are hollow, shaped and named by
    source kind; breaks dashed."""
    lang = sel.lang
    fig, ax = subplots(size="wide", lang=lang)
    lo, hi = sel.years
    colours = highlight_colours(sel.provinces)
    kinds: list[str] = []
    first = data[data["province"] == sel.provinces[0]].sort_values("year")
    if sel.measure == "score":
        ax.fill_between(
            first["year"],
            first["national_p25"].astype(float),
            first["national_p75"].astype(float),
            color="#bbbbbb",
            alpha=0.4,
            lw=0,
        )
        ax.plot(first["year"], first["national_median"].astype(float), color="#555555", ls="--", lw=1)
    n = len(sel.provinces)
    for i, p in enumerate(sel.provinces):
        d = data[data["province"] == p].sort_values("year")
        y = d[sel.measure].astype(float)
        # markers of provinces with about the same value in a year sit side by side, not on top of each other
        x = d["year"] + (i - (n - 1) / 2) * min(0.3, 0.6 / max(n, 1))
        ax.plot(x, y, color=colours[p], lw=1.8)
        kinds += kind_markers(ax, x, y, d["source_kind"].fillna(""), colours[p], lang, legend=False, sizes=(4, 7))
    handles = [Line2D([], [], color=colours[p], marker="o", ms=4, label=p) for p in sel.provinces]
    if sel.measure == "score":
        handles += [
            Line2D([], [], color="#555555", ls="--", label=text("Trung vị cả nước", "National median", lang)),
            Line2D(
                [],
                [],
                color="#bbbbbb",
                lw=6,
                alpha=0.6,
                label=text("25–75% các tỉnh", "Middle half of provinces", lang),
            ),
        ]
        scale = "0–100" if sel.indicator == COMPOSITE else "0–10"
        ax.set_ylabel(text(f"Điểm ({scale})", f"Score ({scale})", lang))
    else:
        ax.invert_yaxis()
        ax.set_ylabel(text("Thứ hạng (1 = tốt nhất)", "Rank (1 = best)", lang))
    handles += kind_handles(kinds, "#555555", lang, size=7)  # hollow: not from a VCCI workbook, by kind
    ax.legend(handles=handles, loc="best", fontsize=7)
    ax.set_xlim(lo - 0.5, hi + 0.5)
    mark_breaks(ax, lo, hi, lang)
    integer_years(ax.xaxis)
    what = text("điểm", "score", lang) if sel.measure == "score" else text("thứ hạng", "rank", lang)
    ax.set_title(f"{indicator_label(sel.indicator, lang)}: {what}, {lo}–{hi}", fontsize=10)
    return fig


def show(
    panel: pd.DataFrame,
    provinces,
    indicator: str = COMPOSITE,
    years=None,
    measure: str = "score",
    lang: Lang = "vi",
    directory: Path | None = None,
    display: Callable | None = None,
):
    """Draw, save and (with ``display``) show the chart and table of one selection.

    Returns ``(selection, figure, table, written)``; ``written`` holds the SVG and PNG paths
    in ``directory`` (default ``reports/explorer``).
    """
    import matplotlib.pyplot as plt

    sel = selection(panel, provinces, indicator, years, measure, lang)
    data = explorer_data(panel, sel)
    fig = explorer_figure(data, sel)
    rows = panel[
        (panel["indicator"] == sel.indicator)
        & panel["year"].between(*sel.years)
        & panel["province"].isin(sel.provinces)
    ]
    src = source_line(rows) + (
        "; " + text("trung vị: mọi tỉnh cùng năm", "median: every province of the same year", lang)
        if measure == "score"
        else ""
    )
    written = save_figure(
        fig,
        sel.name,
        source=src or "data/pci_panel.csv",
        directory=directory if directory is not None else paths.reports_dir() / "explorer",
    )
    table = data.pivot_table(index="year", columns="province", values=sel.measure, sort=False)
    if display is not None:
        _display(sel, fig, table, display)
    plt.close(fig)
    return sel, fig, table, written


def _in_kernel() -> bool:
    """In a Jupyter kernel, where :func:`~analysis.outputs.style.save_figure` has already shown the saved PNG."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _display(sel: Selection, fig: Figure, table: pd.DataFrame, display: Callable) -> None:
    """What :func:`show` displays after saving: the figure (unless the kernel shows the saved PNG already: the
    chart once on the page) and the table (scores to 2 decimals in the run's number format, "no data")."""
    T = Prose(sel.lang)
    if not _in_kernel():
        display(fig)
    display(
        table.map(
            lambda v: no_data_label(sel.lang) if pd.isna(v) else (T.num(v) if sel.measure == "score" else f"{int(v)}")
        )
    )


def summary_lines(sel: Selection, table: pd.DataFrame) -> list[str]:
    """The "what this shows" bullets of a selection: each province's first and last value in the years shown
    (and the change), from the explorer's table (``show``'s third result)."""
    T = Prose(sel.lang)
    name = indicator_label(sel.indicator, sel.lang)
    out = [
        T(
            f"- {name}, {sel.years[0]}–{sel.years[1]}, "
            + ("điểm" if sel.measure == "score" else "thứ hạng (1 = tốt nhất)")
            + ":",
            f"- {name}, {sel.years[0]}–{sel.years[1]}, "
            + ("score" if sel.measure == "score" else "rank (1 = best)")
            + ":",
        )
    ]
    for p in table.columns:
        s = table[p].dropna()
        if not len(s):
            out.append(T(f"    - {p}: không có số liệu.", f"    - {p}: no data."))
            continue
        y0, y1 = int(s.index[0]), int(s.index[-1])
        if sel.measure == "score":
            v0, v1, d = T.num(s.iloc[0]), T.num(s.iloc[-1]), T.signed(s.iloc[-1] - s.iloc[0])
            out.append(
                T(
                    f"    - {p}: {v0} ({y0}) → {v1} ({y1}), {d} điểm.",
                    f"    - {p}: {v0} ({y0}) → {v1} ({y1}), {d} points.",
                )
            )
        else:
            r0, r1 = int(s.iloc[0]), int(s.iloc[-1])
            out.append(
                T(
                    f"    - {p}: hạng {r0} ({y0}) → {r1} ({y1}), {r0 - r1:+d} bậc.",
                    f"    - {p}: rank {r0} ({y0}) → {r1} ({y1}), {r0 - r1:+d} places.",
                )
            )
    out.append(
        T(
            "- Chấm đặc: bảng số liệu chính thức của VCCI; chấm rỗng (mỗi hình một loại nguồn, ghi trong chú "
            "giải): trang pcivietnam.vn, bộ dữ liệu nghiên cứu, tài liệu của tỉnh, báo chí hoặc giá trị do dự án "
            "tính. Nét đứt dọc: các lần đổi phương pháp.",
            "- Filled points: official VCCI workbooks; hollow points (one shape per kind, named in the legend): "
            "pcivietnam.vn pages, the research panel, a provincial document, the press or values derived by "
            "this project. Dashed vertical lines: methodology breaks.",
        )
    )
    return out


@dataclass
class ExplorerApp:
    ui: object  # the ipywidgets box to display
    controls: dict  # name -> widget
    output: object  # the Output widget the chart goes into
    update: Callable  # the callback (also callable by hand)
    panel: pd.DataFrame | None = None
    lang: Lang = "vi"
    directory: Path | None = None
    last: tuple | None = None  # what the last draw returned: (selection, figure, table, written)

    def values(self) -> dict:
        c = self.controls
        return {
            "provinces": list(c["provinces"].value),
            "indicator": c["indicator"].value,
            "years": tuple(c["years"].value),
            "measure": c["measure"].value,
        }

    def show(self, display: Callable | None = None):
        """The current selection's chart and table as a plain output; returns what :func:`show` returns.

        When the controls still hold the selection the app drew last (as right after
        :func:`explorer_app`), that draw is shown again as :func:`show` would show it (the saved PNG,
        the figure, the table): nothing is computed, drawn or written twice. Otherwise :func:`show`
        draws the selection.
        """
        sel = selection(self.panel, lang=self.lang, **self.values())
        if self.last is None or self.last[0] != sel:
            return show(self.panel, **self.values(), lang=self.lang, directory=self.directory, display=display)
        _, fig, table, written = self.last
        _show_in_notebook(fig, written["png"])  # what save_figure shows in a kernel (nothing elsewhere)
        if display is not None:
            _display(sel, fig, table, display)
        return self.last


def explorer_app(
    panel: pd.DataFrame,
    provinces=("Lai Châu", "Điện Biên"),
    indicator: str = COMPOSITE,
    years=None,
    measure: str = "score",
    lang: Lang = "vi",
    directory: Path | None = None,
) -> ExplorerApp:
    """ipywidgets controls (provinces, indicator, years, score/rank) whose callback redraws
    the chart and table with :func:`show`; drawn once with the given values."""
    import ipywidgets as w
    from IPython.display import display

    sel = selection(panel, provinces, indicator, years, measure, lang)
    lo, hi = int(panel["year"].min()), int(panel["year"].max())
    c = {
        "provinces": w.SelectMultiple(
            options=province_options(panel), value=sel.provinces, rows=8, description=text("Tỉnh", "Provinces", lang)
        ),
        "indicator": w.Dropdown(
            options=[(indicator_label(i, lang), i) for i in INDICATORS],
            value=sel.indicator,
            description=text("Chỉ số", "Indicator", lang),
        ),
        "years": w.IntRangeSlider(min=lo, max=hi, value=sel.years, step=1, description=text("Năm", "Years", lang)),
        "measure": w.ToggleButtons(
            options=[(text("Điểm", "Score", lang), "score"), (text("Thứ hạng", "Rank", lang), "rank")],
            value=sel.measure,
        ),
    }
    out = w.Output()
    app = ExplorerApp(
        w.VBox([w.HBox([c["provinces"], w.VBox([c["indicator"], c["years"], c["measure"]])]), out]),
        c,
        out,
        lambda *_: None,
        panel,
        lang,
        directory,
    )

    def update(_change=None):
        v = app.values()
        lo_, hi_ = year_range(panel, v["indicator"])  # clip to the indicator's years
        yrs = (max(v["years"][0], lo_), min(v["years"][1], hi_))
        with out:
            out.clear_output(wait=True)
            try:
                app.last = show(panel, v["provinces"], v["indicator"], yrs, v["measure"], lang, directory, display)
            except ValueError as exc:
                print(exc)
                app.last = None
            return app.last

    app.update = update
    for widget in c.values():
        widget.observe(update, names="value")
    update()
    return app


def target_verdicts(provinces: Sequence[str] | str, lang: Lang = "vi") -> pd.DataFrame:
    """The verdict table of the selected provinces' targets: the records page 03, the ledger, the
    briefs and the workbook read (:func:`analysis.analyses.targets.evaluate`, its draws and seed), one
    row per target, the province first; empty for provinces without a target."""
    names = [provinces] if isinstance(provinces, str) else list(provinces)
    ev = targets.evaluate()
    frames = []
    for p in names:
        rec = ev.records(p)
        if len(rec):
            vt = verdict_table(rec, lang)
            vt.insert(0, text("Tỉnh", "Province", lang), resolve_province(p).name)
            frames.append(vt)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# --------------------------------------------------------------------------- the planner's sliders (issue 24)
@dataclass
class PlannerApp:
    ui: object  # the ipywidgets box to display
    sliders: dict  # sub-index code -> FloatSlider (points a year)
    output: object
    plan: object  # the analysis.analyses.planner.Plan the sliders start from (None: no rank target)
    proj: object
    update: Callable
    last: tuple | None = None  # (scenario, figure, written) of the last draw


def plan_show(
    plan,
    proj,
    panel: pd.DataFrame,
    gains: dict[str, float],
    lang: Lang = "vi",
    directory: Path | None = None,
    display: Callable | None = None,
):
    """The rank distribution in the plan's target year that ``gains`` (sub-index -> points a year) give
    against the rival draws of ``proj`` (:func:`analysis.analyses.planner.evaluate_gains`): drawn, saved
    into ``reports/explorer/`` (named by the province, year and gains) and, with ``display``, shown with
    the probability of the band. Returns ``(scenario, figure, written)``."""
    tg = plan.target
    sc = planner.evaluate_gains(
        proj,
        panel,
        plan.province,
        tg,
        gains,
        history=plan.history,
        base=plan.baseline,
        method=plan.method,
        name=("Thanh trượt", "Sliders"),
    )
    band = [(tg.rank_low or 1, tg.rank_high, text("mục tiêu", "target", lang))] if tg.score is None else []
    fig = project_charts.rank_distribution_chart(
        {tg.year: sc.ranks}, proj.n_ranked, plan.province, lang, method=plan.method, bands={tg.year: band}
    )
    key = hashlib.sha1(",".join(f"{sc.written[k]:.3f}" for k in catalog.SUBINDICES).encode()).hexdigest()[:8]
    name = f"explorer_plan_{catalog.normalise_name(plan.province)}_{tg.year}_{key}_{lang}"
    written = save_figure(
        fig,
        name,
        source=planner_text.plan_source(plan, lang),
        directory=directory if directory is not None else paths.reports_dir() / "explorer",
    )
    if display is not None:
        display(fig)
        display(
            text(
                f"Điểm PCI {tg.year}: {sc.composite:.2f}; xác suất {tg.words('vi')}: {sc.probability:.0%}",
                f"{tg.year} composite: {sc.composite:.2f}; probability of {tg.words('en')}: {sc.probability:.0%}",
                lang,
            )
        )
    plt.close(fig)
    return sc, fig, written


def planner_app(
    panel: pd.DataFrame,
    provinces=("Lai Châu",),
    lang: Lang = "vi",
    targets: pd.DataFrame | None = None,
    directory: Path | None = None,
) -> PlannerApp:
    """Ten sliders (the yearly gain of each sub-index, starting at the cheapest plan of the first province's
    furthest PCI rank target) whose callback redraws the rank distribution with :func:`plan_show`. The
    rivals' draws are notebook 03's (:func:`analysis.analyses.planner.composite_projection`), simulated once."""
    import ipywidgets as w
    from IPython.display import display

    province = resolve_province(provinces if isinstance(provinces, str) else list(provinces)[0]).name
    targets = load_targets() if targets is None else targets
    proj = planner.composite_projection()  # the target records' PCI draws (page 03's), not a new simulation
    plan = planner.province_plan(proj, panel, province, targets)
    out = w.Output()
    if plan is None or plan.cheapest is None:
        with out:
            print(
                text(
                    f"{province}: không có mục tiêu thứ hạng PCI để lập phương án.",
                    f"{province}: no PCI rank target to plan for.",
                    lang,
                )
            )
        return PlannerApp(out, {}, out, plan, proj, lambda *_: None)
    start = plan.cheapest.written
    sl = {
        k: w.FloatSlider(
            value=round(start[k], 2),
            min=-0.5,
            max=1.5,
            step=0.05,
            readout_format="+.2f",
            description=indicator_label(k, lang)[:18],
            style={"description_width": "10em"},
        )
        for k in catalog.SUBINDICES
    }
    app = PlannerApp(
        w.VBox(
            [
                w.Label(text(f"{province}: mức tăng mỗi năm (điểm)", f"{province}: gain a year (points)", lang)),
                *sl.values(),
                out,
            ]
        ),
        sl,
        out,
        plan,
        proj,
        lambda *_: None,
    )

    def update(_change=None):
        with out:
            out.clear_output(wait=True)
            app.last = plan_show(plan, proj, panel, {k: s.value for k, s in sl.items()}, lang, directory, display)
        return app.last

    app.update = update
    for s in sl.values():
        s.observe(update, names="value")
    update()
    return app
