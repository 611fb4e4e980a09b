"""Proper scores for probabilistic rank forecasts (used by :mod:`analysis.analyses.backtesting`).

Every function takes simulated draws (or probabilities) and the observed outcome and returns
one number per forecast; lower is better for all of them.

* :func:`brier` - squared error of a probability for a yes/no event (Brier 1950);
* :func:`log_score` - minus the log probability given to what happened (probabilities
  clipped to ``[eps, 1 - eps]`` so a certain forecast that fails costs ``-log(eps)``, not infinity);
* :func:`crps_sample` - continuous ranked probability score of a sample forecast,
  ``E|X - y| - E|X - X'| / 2`` (Gneiting & Raftery 2007, eq. 21), computed exactly on the
  empirical distribution of the draws (for integer ranks it equals the ranked probability
  score ``sum_r (F(r) - 1[y <= r])^2``);
* :func:`interval_score` - the interval score of a central ``(1 - alpha)`` interval
  ``(u - l) + 2/alpha * (l - y)_+ + 2/alpha * (y - u)_+`` (Gneiting & Raftery 2007, eq. 43);
* :func:`central_interval` / :func:`covers` - the draws' central interval and whether it
  holds the outcome.
"""

from __future__ import annotations

import numpy as np

EPS = 0.01  # log score clip: a forecast of 0 or 1 that fails costs -log(0.01) = 4.6


def brier(p, outcome) -> np.ndarray:
    """(p - outcome)^2 with outcome 0/1."""
    p = np.asarray(p, float)
    o = np.asarray(outcome, float)
    return (p - o) ** 2


def log_score(p, outcome, eps: float = EPS) -> np.ndarray:
    """-log(p) if the event happened, -log(1 - p) if not (p clipped to [eps, 1 - eps])."""
    p = np.clip(np.asarray(p, float), eps, 1 - eps)
    o = np.asarray(outcome, float)
    return -(o * np.log(p) + (1 - o) * np.log(1 - p))


def crps_sample(draws, y) -> np.ndarray:
    """CRPS of the empirical distribution of ``draws`` (axis 0 = draws) at ``y``.

    ``draws``: (D,) or (D, K); ``y``: scalar or (K,). Uses the sorted-sample identity
    ``E|X - X'| = 2/D^2 * sum_i (2i - D - 1) x_(i)``.
    """
    x = np.sort(np.asarray(draws, float), axis=0)
    y = np.asarray(y, float)
    d = x.shape[0]
    term1 = np.abs(x - y).mean(axis=0)
    w = (2 * np.arange(1, d + 1) - d - 1).reshape((d,) + (1,) * (x.ndim - 1))
    term2 = (w * x).sum(axis=0) / d**2  # = E|X - X'| / 2
    return term1 - term2


def central_interval(draws, level: float) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) of the central ``level`` interval of the draws (axis 0), e.g. 0.8 -> 10th-90th percentile."""
    a = (1 - level) / 2
    q = np.quantile(np.asarray(draws, float), [a, 1 - a], axis=0)
    return q[0], q[1]


def covers(draws, y, level: float) -> np.ndarray:
    lo, hi = central_interval(draws, level)
    y = np.asarray(y, float)
    return (y >= lo) & (y <= hi)


def interval_score(lower, upper, y, alpha: float) -> np.ndarray:
    """Interval score of the central (1 - alpha) interval [lower, upper]."""
    lo, hi, y = (np.asarray(v, float) for v in (lower, upper, y))
    return (hi - lo) + 2 / alpha * np.clip(lo - y, 0, None) + 2 / alpha * np.clip(y - hi, 0, None)
