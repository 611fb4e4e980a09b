"""Pearson and Spearman correlations and the normal quantile, as ``scipy.stats`` computes them.

The report's comparisons need three things from ``scipy.stats``: ``pearsonr`` (r and its
two-sided p-value), ``spearmanr`` (rho; also what ``Series.corr(method="spearman")`` calls)
and ``norm.ppf`` (Fisher's z interval). Importing ``scipy.stats`` costs about 1.2-1.6 s per
kernel, more than all the correlations of a report together; the functions below take the
same steps as scipy 1.17 (with ``scipy.special`` for the distribution functions, as scipy
does), so every number is the same to the last bit: ``tests/test_correlation.py`` compares
them with ``scipy.stats`` itself on the committed PCI and PAPI tables.
"""
from __future__ import annotations

import math

import numpy as np


def _rank_average(x: np.ndarray) -> np.ndarray:
    """``scipy.stats.rankdata(x, "average")`` of a 1-D array without NaN (ties share the mean rank)."""
    j = np.argsort(x, kind="stable")
    y = x[j]
    first = np.concatenate([[True], y[:-1] != y[1:]])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=len(y))
    ranks = np.arange(1, len(y) + 1, dtype=float)[first] + (counts.astype(float) - 1) / 2
    out = np.empty(len(y), dtype=float)
    out[j] = np.repeat(ranks, counts)
    return out


def _pair(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError("x and y must be 1-D and of the same length")
    return x, y


def spearman(x, y) -> float:
    """Spearman's rho: ``scipy.stats.spearmanr(x, y).statistic`` (NaN when n < 2, an input is
    constant or holds NaN)."""
    x, y = _pair(x, y)
    if len(x) <= 1 or (x[0] == x).all() or (y[0] == y).all() or np.isnan(x).any() or np.isnan(y).any():
        return math.nan
    ranked = np.column_stack([_rank_average(x), _rank_average(y)])
    return float(np.corrcoef(ranked, rowvar=False)[1, 0])


def series_spearman(a, b) -> float:
    """``a.corr(b, method="spearman")`` of two pandas Series: pairs with a NaN left out, then :func:`spearman`."""
    a, b = a.align(b, join="inner")
    x, y = a.to_numpy(dtype=float, na_value=np.nan), b.to_numpy(dtype=float, na_value=np.nan)
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    return math.nan if len(x) < 1 else spearman(x, y)


def pearson(x, y) -> tuple[float, float]:
    """Pearson's r and its two-sided p-value: ``scipy.stats.pearsonr(x, y)`` (length >= 3, neither
    input constant; NaN otherwise)."""
    from scipy.special import betaincc

    x, y = _pair(x, y)
    if len(x) < 3 or (x[0] == x).all() or (y[0] == y).all() or np.isnan(x).any() or np.isnan(y).any():
        return math.nan, math.nan
    n = np.asarray(len(x), dtype=float)
    xm = x - np.mean(x, axis=-1, keepdims=True)
    ym = y - np.mean(y, axis=-1, keepdims=True)
    xmax = np.max(np.abs(xm), axis=-1, keepdims=True)
    ymax = np.max(np.abs(ym), axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        normxm = xmax * np.linalg.norm(xm / xmax, ord=2, axis=-1, keepdims=True)
        normym = ymax * np.linalg.norm(ym / ymax, ord=2, axis=-1, keepdims=True)
        r = np.vecdot(xm / normxm, ym / normym, axis=-1)
    r = np.clip(r, -1.0, 1.0)
    ab = np.asarray(n / 2 - 1, dtype=float)
    p = 2 * betaincc(ab, ab, (np.abs(r) - -1) / 2)  # the beta(ab, ab) law of r on [-1, 1], both tails
    return float(r), float(p)


def normal_quantile(q: float) -> float:
    """``scipy.stats.norm.ppf(q)`` (the standard normal quantile, ``scipy.special.ndtri``)."""
    from scipy.special import ndtri

    return float(ndtri(q))
