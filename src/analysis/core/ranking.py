"""The one ranking function of the project, with its one tie rule.

:func:`rank_desc` ranks scores with 1 = the highest score, and **ties share the best rank**
("standard competition" ranking, 1, 2, 2, 4: what VCCI's and UNDP's published rankings do).
Missing scores get no rank in a pandas Series (``<NA>``); in an array of simulated draws they
rank after every number, by position (the draws hold no missing scores in practice).

It takes a pandas Series (a year's cross-section; use it in ``groupby(...).transform``) or a
numpy array ranked along its last axis (the draws of a simulation, shape (..., provinces)).
Every rank this project computes - the importer's computed ranks, PAPI ranks, region ranks,
the simulated ranks, the backtests' actual ranks - goes through it.

:func:`rank_desc_last_by` answers the one other question the importer asks of a tie: the *last* rank
its group spans. Under the rule above, k provinces sharing a score all get rank r, and a source
that breaks the tie another way may publish any rank from r to r + k - 1 for them; the importer
keeps that upper end (``rank_max``) so such a published rank still agrees with a computed one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def rank_desc(scores):
    """Rank 1 = highest score; ties share the better (smaller) rank. Series -> Int64 Series (missing:
    <NA>); ndarray -> int16 array of the same shape, ranked along the last axis."""
    if isinstance(scores, pd.Series):
        return scores.rank(ascending=False, method="min").astype("Int64")
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(-scores, axis=-1, kind="stable")
    s = np.take_along_axis(-scores, order, axis=-1)
    n = scores.shape[-1]
    pos = np.broadcast_to(np.arange(n), s.shape)
    new = np.ones(s.shape, dtype=bool)  # the first of each group of equal scores (NaNs: each its own)
    new[..., 1:] = ~(s[..., 1:] == s[..., :-1])
    first = np.maximum.accumulate(np.where(new, pos, 0), axis=-1)  # position of its group's first
    ranks = np.empty(scores.shape, dtype=np.int16)
    np.put_along_axis(ranks, order, (first + 1).astype(np.int16), axis=-1)
    return ranks


def rank_desc_by(scores: pd.Series, by) -> pd.Series:
    """``scores.groupby(by).transform(rank_desc)`` (each group ranked on its own, the same tie rule, Int64) in one
    grouped ranking instead of a Python call per group: a 34-unit history has ~190 year × indicator groups."""
    return scores.groupby(by).rank(ascending=False, method="min").astype("Int64")


def rank_desc_last_by(scores: pd.Series, by) -> pd.Series:
    """The last rank each score's tie group spans within its group of ``by``: ``rank_desc`` + k - 1 for a score
    shared by k (scores 70, 65, 65, 60 -> 1, 3, 3, 4, where rank_desc gives 1, 2, 2, 4). Not a second tie rule:
    the upper end of the ranks a tied group could be published with. One grouped ranking (the importer asks it of
    every workbook's ~200 year × indicator groups); Int64, missing scores <NA>."""
    return scores.groupby(by).rank(ascending=False, method="max").astype("Int64")


def rank_of(scores: np.ndarray, i: int) -> np.ndarray:
    """``rank_desc(scores)[..., i]`` without ranking everybody (the same tie rule): 1 + the number
    scoring higher; a missing score ranks after every number, by position among the missing."""
    s = scores[..., i : i + 1]
    r = 1 + (scores > s).sum(axis=-1)
    nan = np.isnan(s[..., 0])
    if nan.any():
        valid = (~np.isnan(scores)).sum(axis=-1)
        r = np.where(nan, 1 + valid + np.isnan(scores[..., :i]).sum(axis=-1), r)
    return r.astype(np.int16)
