"""analysis.analyses.planner: a synthetic case solved by hand, the plan fed back into the projection,
real weights and seed values, and page 03 and the brief reading the same plan."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import planner
from analysis.analyses.project import Projection
from analysis.data import catalog
from analysis.data.loaders import load_pci, load_targets
from analysis.outputs import brief, explorer, figcheck, reachability_run
from analysis.outputs.charts import planner as planner_charts
from analysis.outputs.narrative import planner as planner_text
from analysis.outputs.style import save_figure

OURS, RIVALS = "Lai Châu", ["Điện Biên", "Hà Tĩnh", "Sơn La", "Yên Bái"]


# --------------------------------------------------------------------------- a synthetic case
def _projection(rival_scores: np.ndarray, year: int = 2025) -> Projection:
    """Draws (D, 4) of the four rivals; our own draws are irrelevant to the planner (set to 0)."""
    names = [OURS, *RIVALS]
    codes = [catalog.resolve_province(n).code for n in names]
    D = len(rival_scores)
    S = np.concatenate([np.zeros((D, 1)), rival_scores], axis=1)[:, None, :]
    prov = pd.DataFrame(
        {"province_code": codes, "province": names, "last_observed_year": 2023, "last_observed_score": 0.0}
    )
    return Projection(
        provinces=prov,
        target_years=(year,),
        methods=("drift",),
        score_draws={"drift": S},
        n_ranked=len(names),
        last_year=2023,
        window=(2022, 2023),
        indicator="pci",
        draws=D,
        seed=0,
    )


def _panel(a: float = 5.6, b: float = 5.6) -> pd.DataFrame:
    code = catalog.resolve_province(OURS).code
    scores = {k: 5.0 for k in catalog.SUBINDICES} | {"entry_costs": a, "land_access": b}
    return pd.DataFrame(
        {
            "year": 2023,
            "province": OURS,
            "province_code": code,
            "indicator": list(scores),
            "score": list(scores.values()),
            "source_file": "synthetic",
        }
    )


def _history() -> planner.GainHistory:
    """Two sub-indices that have moved: 50 province-years +0.0, 30 +0.2, 20 +0.4 (so at least +0.2: 50%,
    at least +0.4: 20%); the other eight never rose."""
    rows = []
    for k in catalog.SUBINDICES:
        g = [0.0] * 50 + [0.2] * 30 + [0.4] * 20 if k in ("entry_costs", "land_access") else [0.0] * 100
        rows.append(
            pd.DataFrame({"indicator": k, "province_code": [f"p{i}" for i in range(100)], "year": 2015, "gain": g})
        )
    return planner.GainHistory(pd.concat(rows, ignore_index=True), "2013-2021", 2013, 2021)


EQUAL = {k: 0.0 for k in catalog.SUBINDICES} | {"entry_costs": 0.5, "land_access": 0.5}


def test_effort_curve_by_hand():
    # -ln share: 0 at +0.0 (everybody), ln 2 at +0.2 (50%), ln 5 at +0.4 (20%); the knot at the median
    # (+0.1, share 50%) lies above the chord and is not on the convex envelope
    c = planner.effort_curve(_history().of("entry_costs"))
    assert list(c.knots) == pytest.approx([0.0, 0.2, 0.4])
    assert c([0.0, 0.1, 0.2, 0.3, 0.4]) == pytest.approx(
        [0.0, math.log(2) / 2, math.log(2), math.log(2) + math.log(2.5) / 2, math.log(5)]
    )


def test_required_composite_by_hand():
    # the 2nd-best rival per draw: 55, 57, 60, 62, 65; top 2 with probability 0.6 needs the least s
    # with 3 of the 5 draws at or below it: 60
    riv = np.array([[70, 55, 40, 30], [71, 57, 40, 30], [72, 60, 40, 30], [73, 62, 40, 30], [74, 65, 40, 30]], float)
    proj = _projection(riv)
    s = planner.required_composite(proj, OURS, 2025, 2, probability=0.6)
    assert s == pytest.approx(60.0) and s > 60.0
    assert np.mean(planner.ranks_for_score(proj, OURS, 2025, s) <= 2) == pytest.approx(0.6)


def test_synthetic_plan_has_the_hand_optimum():
    # need 60 from 56 (10 x (0.5 x 5.6 + 0.5 x 5.6)) in two years: 5 x 2 x (ga + gb) = 4, ga + gb = 0.4;
    # effort is convex with a kink at +0.2 on both, so the unique optimum is +0.2 each (effort 2 ln 2)
    riv = np.array([[70, 55, 40, 30], [71, 57, 40, 30], [72, 60, 40, 30], [73, 62, 40, 30], [74, 65, 40, 30]], float)
    tg = planner.Target(year=2025, rank_high=2, rank_low=1)
    p = planner.plan(_projection(riv), _panel(), OURS, tg, probability=0.6, history=_history(), weights=EQUAL)
    g = p.cheapest.table.set_index("indicator")["gain_per_year"]
    assert g["entry_costs"] == pytest.approx(0.2, abs=1e-5) and g["land_access"] == pytest.approx(0.2, abs=1e-5)
    assert g.drop(["entry_costs", "land_access"]).abs().max() < 1e-9
    assert p.effort == pytest.approx(2 * math.log(2), abs=1e-4)
    assert p.within_history and p.reachable
    assert p.cheapest.probability == pytest.approx(0.6)
    shares = p.cheapest.table.set_index("indicator")["share_achieved"]
    assert shares["entry_costs"] == pytest.approx(0.5)  # 30 + 20 of 100 province-years gained at least +0.2


def test_gains_beyond_history_are_flagged_not_used_silently():
    # top 1 in every draw needs 74 from 56: ga + gb = 1.8 > 0.4 + 0.4 (the largest gains ever shown)
    riv = np.array([[70, 55, 40, 30], [71, 57, 40, 30], [72, 60, 40, 30], [73, 62, 40, 30], [74, 65, 40, 30]], float)
    tg = planner.Target(year=2025, rank_high=1, rank_low=1)
    p = planner.plan(_projection(riv), _panel(), OURS, tg, probability=1.0, history=_history(), weights=EQUAL)
    assert p.reachable and not p.within_history
    t = p.cheapest.table.set_index("indicator")
    assert p.cheapest.never_achieved and set(p.cheapest.never_achieved) <= {"entry_costs", "land_access"}
    assert (t.loc[p.cheapest.never_achieved, "gain_per_year"] > 0.4).all()  # beyond +0.4, the largest ever shown
    assert (t.loc[p.cheapest.never_achieved, "share_achieved"] == 0).all()
    assert t["gain_per_year"].sum() == pytest.approx(1.8, abs=1e-5)


def test_a_sub_index_cannot_pass_ten_and_out_of_reach_is_said():
    # 9.9 and 9.9 can add 0.1 + 0.1 in two years: composite at most 100 with every other weight 0;
    # a rival at 100.5 in every draw keeps first place out of reach
    riv = np.full((5, 4), 30.0)
    riv[:, 0] = 100.5
    tg = planner.Target(year=2025, rank_high=1, rank_low=1)
    p = planner.plan(_projection(riv), _panel(9.9, 9.9), OURS, tg, probability=0.5, history=_history(), weights=EQUAL)
    assert not p.reachable and p.cheapest is None
    assert p.max_composite == pytest.approx(100.0)
    sc = planner.evaluate_gains(_projection(riv), _panel(9.9, 9.9), OURS, tg, 0.8, history=_history(), weights=EQUAL)
    t = sc.table.set_index("indicator")
    assert t.loc["entry_costs", "target_score"] == 10.0 and t.loc["entry_costs", "at_cap"]
    assert sc.written["entry_costs"] == 0.8 and t.loc["entry_costs", "gain_per_year"] == pytest.approx(0.05)


# --------------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def real():
    panel, targets = load_pci(), load_targets()
    proj = planner.composite_projection(panel, targets, draws=1000)  # fewer draws than the page: a fast check
    return panel, targets, proj


def test_weights_in_force_are_the_2022_set():
    # ../shared/data/SOURCES.md, 'The 2022 methodology change, and the 2023 composites': entry costs 5, land
    # access 10, transparency 5, time costs 5, informal charges 15, policy bias 10, proactivity 15, business
    # support 15, labour training 10, legal institutions 10 (catalog_data/weights.csv, period 2022-)
    assert catalog.weights_for_year(2030) == pytest.approx(
        {
            "entry_costs": 0.05,
            "land_access": 0.10,
            "transparency": 0.05,
            "time_costs": 0.05,
            "informal_charges": 0.15,
            "policy_bias": 0.10,
            "proactivity": 0.15,
            "business_support": 0.15,
            "labor_training": 0.10,
            "legal_institutions": 0.10,
        }
    )


def test_own_plan_is_dien_biens_written_gains():
    # seed 000_bc8200d0cc8625e2.txt line 55: "phấn đấu điểm số các chỉ số thành phần tăng bình quân 0,3 - 0,8 điểm/năm"
    plans = planner.own_plans(load_targets(), "Điện Biên", 2030)
    assert [g for _, g, _ in plans] == [0.3, 0.8]
    assert all("000_bc8200d0cc8625e2.txt" in src and "line 55" in src for _, _, src in plans)
    assert planner.own_plans(load_targets(), "Lai Châu") == []  # Decision 688 sets no yearly sub-index gains


def test_headline_targets_are_the_seed_bands():
    t = load_targets()
    lc = planner.headline_target(t, "Lai Châu", (2025, 2030))  # seed 002 Appendix 01: 'Trong nhóm 40 - 45' by 2030
    assert (lc.year, lc.rank_low, lc.rank_high) == (2030, 40, 45)
    db = planner.headline_target(t, "Điện Biên", (2025, 2030))  # seed 000 I.2.3 (4): 'nhóm 35 tỉnh ... dẫn đầu'
    assert (db.year, db.rank_high, db.target_id) == (2030, 35, "dienbien_pci_top35_2030")
    ht = planner.headline_target(t, "Hà Tĩnh", (2025, 2030))  # seed 001 II.2.2: 'nhóm 20 tỉnh' by 2025
    assert (ht.year, ht.rank_high) == (2025, 20)


def test_baseline_is_the_2023_workbook():
    # PCI_2023_subindices.xlsx via data/pci_panel.csv: Lai Châu entry costs 2023 = 7.842393 (rank 7)
    b = planner.baseline(load_pci(), "Lai Châu")
    assert b.year == 2023 and b.scores["entry_costs"] == pytest.approx(7.842393, abs=1e-6)


@pytest.mark.parametrize("province", ["Lai Châu", "Điện Biên", "Hà Tĩnh"])
def test_plan_fed_back_into_the_projection_reaches_the_band(real, province):
    panel, targets, proj = real
    p = planner.province_plan(proj, panel, province, targets)
    assert p is not None and p.reachable
    # the plan's composite in place of the province's own draws, read by the projection's own probability
    i, k, m = proj.province_index(province), proj._year_index(p.target.year), p.method
    draws = {mm: s.copy() for mm, s in proj.score_draws.items()}
    draws[m][:, k, i] = p.cheapest.composite
    fed = Projection(
        provinces=proj.provinces,
        target_years=proj.target_years,
        methods=proj.methods,
        score_draws=draws,
        n_ranked=proj.n_ranked,
        last_year=proj.last_year,
        window=proj.window,
        indicator="pci",
        draws=proj.draws,
        seed=proj.seed,
    )
    prob = fed.prob_top_k(province, p.target.year, p.target.rank_high, method=m)
    assert prob >= planner.DEFAULT_PROBABILITY
    assert prob == pytest.approx(p.cheapest.probability)
    # and the composite is the baseline plus the contributions under the 2022- weights
    assert p.cheapest.composite == pytest.approx(
        catalog.recompute_composite(p.baseline.scores, p.target.year) + p.cheapest.table["contribution"].sum()
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_scenario_sources_read_as_a_source_kind_and_the_documents_line(real, lang):
    """The cheapest plan is computed here: its source is the label of the "derived" kind
    (catalog_data/source_kinds.csv), never the code's function name; Điện Biên's own plan cites seed
    000_bc8200d0cc8625e2.txt line 55 ("dòng 55" on a Vietnamese page)."""
    panel, targets, proj = real
    p = planner.province_plan(proj, panel, "Điện Biên", targets)
    sources = planner_text.scenario_table(p, lang).iloc[:, -1].tolist()
    assert sources[0] == {"vi": "Tính toán của dự án", "en": "derived by this project"}[lang]
    assert len(sources) == 3 and all("000_bc8200d0cc8625e2.txt" in s for s in sources[1:])
    assert all(("dòng 55" if lang == "vi" else "line 55") in s for s in sources[1:])
    assert not any("analysis." in s for s in sources)


@pytest.mark.parametrize("province", ["Lai Châu", "Điện Biên", "Hà Tĩnh"])
def test_page_and_brief_read_the_same_plan(province):
    """Notebook 03's run (default parameters) and the brief's planner section give the same plan."""
    run = reachability_run.run(province)
    page = planner.province_plan(
        run.proj, run.panel, run.province, run.evaluable, years=run.target_years, method=run.shown
    )
    tables, data, figs = {}, {}, []
    brief.planner_section(load_pci(), province, None, "vi", tables, data, figs, None)
    pd.testing.assert_frame_equal(planner_text.plan_table(page, "vi"), tables["planner"].frame.drop(columns=["Nguồn"]))
    pd.testing.assert_frame_equal(page.scenario_table(), data["plan"].scenario_table())
    assert page.required == data["plan"].required


def test_explorer_sliders_redraw_the_rank_distribution(real, tmp_path):
    """The slider callback's plain function: more gain, a better rank distribution, a new file."""
    panel, targets, proj = real
    p = planner.province_plan(proj, panel, "Lai Châu", targets)
    start, _, w1 = explorer.plan_show(p, proj, panel, p.cheapest.written, "en", tmp_path)
    assert start.probability == pytest.approx(p.cheapest.probability)
    more = {k: v + 0.2 for k, v in p.cheapest.written.items()}
    after, _, w2 = explorer.plan_show(p, proj, panel, more, "en", tmp_path)
    # +0.2 a year on all ten over seven years: +1.4 on each sub-index, +14 composite points under weights summing
    # to 1 - less where a sub-index reaches the cap of 10 (Lai Châu's proactivity: 6.79 in PCI_2023_subindices.xlsx
    # plus the plan's gain over seven years passes 10), each sub-index counted up to 10 only
    years = p.target.year - p.baseline.year
    w = catalog.weights_for_year(p.target.year)
    capped = sum(
        w[k] * 10 * (min(10.0, b + years * (more[k])) - min(10.0, b + years * p.cheapest.written[k]))
        for k, b in p.baseline.scores.items()
    )
    assert capped < 14.0
    assert after.composite == pytest.approx(start.composite + capped, abs=1e-6)
    assert after.probability > start.probability and after.median_rank < start.median_rank
    assert w1["png"] != w2["png"] and w2["png"].exists()


def test_plan_chart_keeps_its_labels_on_the_canvas(real, tmp_path):
    panel, targets, proj = real
    p = planner.province_plan(proj, panel, "Điện Biên", targets)  # the cheapest plan and two written plans
    for lang in ("vi", "en"):
        w = save_figure(
            planner_charts.plan_gains_chart(p, lang),
            f"plan_{lang}",
            source=planner_text.plan_source(p),
            directory=tmp_path,
        )
        assert figcheck.check_svg(w["svg"]) == []
