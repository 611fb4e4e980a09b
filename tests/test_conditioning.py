"""Joint draws conditioned on a partial edition (issue 22): analysis.analyses.conditioning and project()."""

from __future__ import annotations

import warnings

import numpy as np

import analysis
from analysis.analyses.conditioning import condition_draws
from analysis.data import catalog, loaders


def _ranks(y):
    return (-y).argsort(axis=1, kind="stable").argsort(axis=1) + 1


def test_every_published_rank_holds_in_every_draw_and_the_list_is_complete():
    rng = np.random.default_rng(1)
    y = rng.normal(50, 3, (500, 12))
    # province 0 first with 60, 1 third with 57 (nobody published second: one free slot in the top 3),
    # province 5 published 8th without a score, province 6 published 55 without a rank inside the complete top 4
    c = condition_draws(y, {0: 60.0, 1: 57.0, 6: 55.0}, {0: 1, 1: 3, 5: 8}, complete_top=4)
    R = _ranks(c)
    assert (R[:, 0] == 1).all() and (R[:, 1] == 3).all() and (R[:, 5] == 8).all()
    assert (R[:, 6] == 4).all() and (c[:, 6] == 55.0).all()  # the free place of the complete list, score kept
    assert (c[:, [0, 1]] == [60.0, 57.0]).all()
    # the second place goes to an unpublished province, always between 57 and 60
    second = c[np.arange(len(c)), (R == 2).argmax(axis=1)]
    assert ((second > 57) & (second < 60)).all()
    # nobody else enters the top 4
    assert (np.isin(R[:, [2, 3, 4, 7, 8, 9, 10, 11]], [1, 3, 4]) == False).all()  # noqa: E712


def test_a_draw_already_consistent_is_left_as_it_is():
    y = np.array([[9.0, 8.0, 7.0, 6.0, 5.0]])
    np.testing.assert_array_equal(condition_draws(y, {1: 8.0}, {1: 2}, complete_top=0), y)


def test_tied_simulated_scores_take_their_places_in_province_order():
    """Places go to the unpublished provinces in the order of their simulated scores, a tie in province order
    (module docstring, step 2); a score above the gap between published places 1 (60) and 4 (50) moves to the
    even spread by place (step 3): 60 - 10 * 1/3 for the 2nd place, 60 - 10 * 2/3 for the 3rd."""
    y = np.array([[55.0, 70.0, 70.0, 52.0], [55.0, 70.0, 71.0, 52.0]])  # draw 1: a tie; draw 2: province 2 ahead
    c = condition_draws(y, {0: 60.0, 3: 50.0}, {0: 1, 3: 4})
    second, third = 60 - 10 * 1 / 3, 60 - 10 * 2 / 3
    np.testing.assert_allclose(c[0], [60.0, second, third, 50.0])
    np.testing.assert_allclose(c[1], [60.0, third, second, 50.0])


def test_projection_from_the_committed_panel_holds_every_published_2024_rank():
    """pci_press_2024.csv and pcivietnam_province_pages_2006_2024.csv: Hải Phòng 1st (lines 2-3), Quảng Ninh
    2nd (4-5), Điện Biên 32nd (23-24), Thanh Hóa 21st (pages line 963), Hà Nam 22nd without a score (line 42);
    the top 10 complete (en.sggp.org.vn ...post117421: 'Other provinces in the top ten include ...')."""
    panel = analysis.load_pci()
    facts = loaders.load_pci_facts()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pr = analysis.project(
            panel,
            target_years=(2024, 2025),
            method=["ensemble", "persistence", "trend"],
            draws=400,
            condition=True,
            rank_facts=facts[facts["indicator"] == "pci_rank"],
        )
    pub = panel[(panel["year"] == 2024) & (panel["indicator"] == "pci") & panel["rank"].notna()]
    assert catalog.complete_top(2024) == 10
    codes = list(pr.provinces["province_code"])
    for m in pr.methods:
        R = pr.ranks(m)[:, list(pr.target_years).index(2024), :]
        for r in pub.itertuples():
            assert (R[:, codes.index(r.province_code)] == r.rank).all(), (m, r.province)
        assert (R[:, codes.index("35")] == 22).all()  # Hà Nam, rank published without a score
        top10 = set(pub.loc[pub["rank"] <= 10, "province_code"]) | {"46", "93", "33"}  # Huế, Hậu Giang, Hưng Yên
        inside = {codes[j] for j in np.flatnonzero((R <= 10).any(axis=0))}
        assert inside == top10
    s = pr.summary.set_index(["method", "province_code", "target_year"])
    assert s.loc[("ensemble", "22", 2024), "median_score"] == 73.2  # Quảng Ninh starts 2025 from its 2024 score


def test_unconditioned_projection_does_not_hold_the_ranks():
    panel = analysis.load_pci()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pr = analysis.project(panel, target_years=(2024,), method=["pooled"], draws=400, condition=False)
    codes = list(pr.provinces["province_code"])
    R = pr.ranks("pooled")[:, 0, :]
    assert not (R[:, codes.index("11")] == 32).all()  # Điện Biên's 32nd is not enforced without conditioning


def test_reveal_partial_is_a_top_30_and_three_press_facts():
    from analysis.analyses.backtesting import reveal_partial

    panel = analysis.load_pci()
    rev = reveal_partial(panel, 2018, top=30, press=3, seed=0)
    assert len(rev) == 33 and (rev["rank"] <= 30).sum() == 30
    # PCI_2018.xlsx 'Summary': Quảng Ninh first (its published rank 1)
    assert int(rev.set_index("province")["rank"].loc["Quảng Ninh"]) == 1
