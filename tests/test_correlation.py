"""analysis.analyses.correlation is scipy.stats (pearsonr, spearmanr, norm.ppf) with NaN for the undefined
cases: every value must be bit-identical to scipy's on the committed tables data/pci_panel.csv, data/papi*.csv
and data/pci_panel_34.csv (the inputs of notebook 02), and pandas' Series.corr for the 34-unit ranks.

The module calls scipy itself (it no longer copies it), so the real pairs are those of the first and the latest
year PCI and PAPI share (one year of each PAPI set of dimensions, 2011-2017 and 2018 on), not all 13 years: what
is checked is the wiring (the pairs as notebook 02 builds them, r and p in order, floats out), in 2 s less."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import compare, correlation, standing34
from analysis.data import loaders
from analysis.data.catalog import INDICATORS


@pytest.fixture(scope="module")
def stats():
    """scipy.stats, imported by the tests that compare with it (0.8 s), not by every worker while it collects."""
    from scipy import stats

    return stats


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.fixture(scope="module")
def pairs():
    """Every PCI indicator x PAPI main dimension of the first and the latest year both have: the pairs notebook 02
    correlates."""
    panel, papi = loaders.load_pci(), loaders.load_papi()
    years = sorted(set(compare.full_years(panel)) & set(compare.papi_years(papi)))
    out = []
    for year in (years[0], years[-1]):
        for ind in INDICATORS:
            for _, h in compare.pci_papi_pairs(panel, papi, year, ind).groupby("dimension", sort=False):
                out.append((h["score_pci"], h["score_papi"]))
    return out


def test_pearson_and_spearman_match_scipy_bit_for_bit_on_pci_papi(pairs, stats):
    assert len(pairs) > 100  # 2011: 10 indicators with pairs x 6 dimensions; latest year: 11 x 8 (148 in all)
    for x, y in pairs:
        r, p = correlation.pearson(x, y)
        want = stats.pearsonr(x, y)
        assert (r, p) == (float(want[0]), float(want[1]))
        assert correlation.spearman(x, y) == float(stats.spearmanr(x, y)[0])


def test_spearman_with_ties_and_series_corr_on_the_34_unit_ranks(stats):
    """Population- vs equal-weighted ranks of the 34 units (ties included) as standing34.weighting_summary
    correlates them: the same as pandas' Series.corr(method="spearman") (which calls scipy)."""
    comp = standing34.compare_weightings(loaders.load_pci())
    years = 0
    for _, g in comp.groupby("year"):
        ra, rb = g["rank_population"].astype(float), g["rank_equal"].astype(float)
        assert correlation.series_spearman(ra, rb) == float(ra.corr(rb, method="spearman"))
        years += 1
    assert years >= 10
    tied = pd.Series([3.0, 1.0, 3.0, 2.0, 2.0, 2.0, 7.0]), pd.Series([1.0, 2.0, 2.0, 5.0, 4.0, 4.0, 6.0])
    assert correlation.spearman(*tied) == float(stats.spearmanr(*tied)[0])
    with_nan = pd.Series([1.0, np.nan, 3.0, 4.0, 2.0]), pd.Series([2.0, 1.0, np.nan, 3.0, 1.0])
    assert _same(correlation.series_spearman(*with_nan), float(with_nan[0].corr(with_nan[1], method="spearman")))


def test_undefined_cases_are_nan_as_in_scipy(stats):
    const, x = np.array([2.0, 2.0, 2.0, 2.0]), np.array([1.0, 2.0, 3.0, 5.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(correlation.pearson(const, x)[0]) and math.isnan(stats.pearsonr(const, x)[0])
        assert math.isnan(correlation.spearman(x, const)) and math.isnan(stats.spearmanr(x, const)[0])


@pytest.mark.parametrize("q", [0.5 + 0.95 / 2, 0.5 + 0.9 / 2, 0.975, 0.1, 0.5])
def test_normal_quantile_is_norm_ppf(q, stats):
    assert correlation.normal_quantile(q) == float(stats.norm.ppf(q))
