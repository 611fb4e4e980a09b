"""Pearson and Spearman correlations and the normal quantile: ``scipy.stats`` with the report's rules for
the cases where a correlation is undefined (NaN, never an error or a warning).

The report's comparisons need three things from ``scipy.stats``: ``pearsonr`` (r and its two-sided
p-value), ``spearmanr`` (rho; also what ``Series.corr(method="spearman")`` gives) and ``norm.ppf``
(Fisher's z interval). ``scipy.stats`` is imported on first use, not with the module: measured on the
2-core machine (best of 3 fresh processes), ``import scipy.stats`` adds 0.8 s to the 1.4 s of pandas,
numpy and scipy.special, and only notebook 02 and the 34-unit comparison correlate anything; every other
kernel, test worker and command would pay it for nothing.
"""

from __future__ import annotations

import math
import warnings

import numpy as np


def _pair(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError("x and y must be 1-D and of the same length")
    return x, y


def _undefined(x: np.ndarray, y: np.ndarray, n_min: int) -> bool:
    """Fewer than ``n_min`` pairs, a constant input or a NaN: the correlation is NaN."""
    return len(x) < n_min or (x[0] == x).all() or (y[0] == y).all() or np.isnan(x).any() or np.isnan(y).any()


def spearman(x, y) -> float:
    """Spearman's rho, ``scipy.stats.spearmanr(x, y).statistic`` (NaN when n < 2, an input is
    constant or holds NaN)."""
    from scipy import stats  # lazy: +0.8 s per process (module docstring)

    x, y = _pair(x, y)
    if _undefined(x, y, 2):
        return math.nan
    return float(stats.spearmanr(x, y).statistic)


def series_spearman(a, b) -> float:
    """``a.corr(b, method="spearman")`` of two pandas Series: pairs with a NaN left out, then :func:`spearman`."""
    a, b = a.align(b, join="inner")
    x, y = a.to_numpy(dtype=float, na_value=np.nan), b.to_numpy(dtype=float, na_value=np.nan)
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    return math.nan if len(x) < 1 else spearman(x, y)


def pearson(x, y) -> tuple[float, float]:
    """Pearson's r and its two-sided p-value, ``scipy.stats.pearsonr(x, y)`` (length >= 3, neither
    input constant, no NaN; NaN otherwise)."""
    from scipy import stats  # lazy: +0.8 s per process (module docstring)

    x, y = _pair(x, y)
    if _undefined(x, y, 3):
        return math.nan, math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a near-constant input: scipy warns, the value stands
        res = stats.pearsonr(x, y)
    return float(res.statistic), float(res.pvalue)


def normal_quantile(q: float) -> float:
    """``scipy.stats.norm.ppf(q)``, the standard normal quantile."""
    from scipy import stats  # lazy: +0.8 s per process (module docstring)

    return float(stats.norm.ppf(q))
