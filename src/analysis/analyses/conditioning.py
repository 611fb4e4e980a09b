"""Joint draws conditioned on what a partial edition revealed (PCI 2024: a complete top 10, scattered ranks).

A partial edition publishes some provinces' scores, some ranks (with or without a score) and a complete list of
its first ``complete_top`` places. :func:`condition_draws` turns every joint draw of one year (draws × P
provinces) into a draw consistent with all of it, by *reordering*:

1. every province with a published rank takes that place (Phú Thọ 8th, Đồng Tháp 9th although both scored
   70.35: VCCI ranks unrounded scores); a province with a published score but no rank inside the complete top
   list takes the free places of that list in score order (Thừa Thiên Huế, Hậu Giang: 6th and 7th);
2. the other provinces fill the remaining places in the order of their simulated scores in that draw, so the
   joint draw's information (who is likely ahead of whom) is kept; nobody outside the complete list can enter
   it;
3. scores: published ones are set; a simulated score is kept when it lies between the published scores of the
   nearest places above and below with a published score, otherwise it is moved inside that gap (spread
   evenly by place); inside a gap the scores are then given to the places in order, so that recomputing ranks
   from the scores gives back every published rank, with or without a score.

Provinces with a published score but no rank outside the complete list keep their score and enter step 2
with it. Ranks are on the scale of the projected provinces; ``n_ranked`` converts published ranks of a larger
scale (63) to it.
"""

from __future__ import annotations

import numpy as np

TIE_STEP = 1e-6  # points between published scores tied after rounding (see condition_draws)


def _positions(
    P: int, fixed: dict[int, int], scored_free: list[int], top: int, scores: dict[int, float] | None = None
) -> tuple[dict, np.ndarray]:
    """(slot of each fixed province, boolean mask of free slots) after placing the published ranks and the
    unranked provinces of the complete top list (each below every placed province with a higher score)."""
    taken = np.zeros(P, bool)
    slot = {}
    for i, r in sorted(fixed.items(), key=lambda kv: kv[1]):
        q = int(np.clip(r - 1, 0, P - 1))
        while taken[q] and q < P - 1:  # two published ranks on one slot (a tie on a smaller scale): next free
            q += 1
        taken[q] = True
        slot[i] = q
    scores = scores or {}
    for i in scored_free:  # descending score
        floor = max([slot[j] for j in slot if j in scores and scores[j] > scores[i]], default=-1)
        free_top = [q for q in range(floor + 1, min(top, P)) if not taken[q]]
        if free_top:
            taken[free_top[0]] = True
            slot[i] = free_top[0]
    return slot, ~taken


def condition_draws(
    y: np.ndarray, scores: dict[int, float], ranks: dict[int, int], complete_top: int = 0, n_ranked: int | None = None
) -> np.ndarray:
    """Draws ``y`` (draws × P) conditioned on published ``scores`` {province index: score} and ``ranks``
    {province index: rank on the ``n_ranked`` scale} and on a complete list of the first ``complete_top``
    places. Returns a new array; each row's ranks (1 = highest) equal every published rank."""
    y = np.array(y, float, copy=True)
    D, P = y.shape
    N = P if n_ranked is None else int(n_ranked)
    conv = (lambda r: int(round(r * P / N))) if N != P else (lambda r: int(r))
    fixed = {i: max(1, conv(r)) for i, r in ranks.items()}
    top = conv(complete_top) if complete_top else 0
    in_top = sorted((i for i in scores if i not in fixed), key=lambda i: -scores[i])
    scored_free = [i for i in in_top if (sum(scores[j] > scores[i] for j in scores) < top)][: max(top, 0)]
    slot, free = _positions(P, fixed, scored_free, top, scores)
    free_slots = np.flatnonzero(free)
    movers = np.array([i for i in range(P) if i not in slot], int)
    for i, v in scores.items():
        y[:, i] = v
    known_slot = np.full(P, np.nan)  # published score by slot: the bounds of each gap
    for i, q in slot.items():
        if i in scores:
            known_slot[q] = scores[i]
    # every draw at once: free slots take the movers in the order of their simulated scores
    by_slot = np.empty((D, P), int)
    for i, q in slot.items():
        by_slot[:, q] = i
    if movers.size:
        order = movers[np.argsort(-y[:, movers], axis=1, kind="stable")]
        by_slot[:, free_slots] = order[:, : free_slots.size]
    nxt, prv = _next_known(known_slot), _prev_known(known_slot)
    q = np.arange(P)
    hi = np.where(prv >= 0, known_slot[np.clip(prv, 0, P - 1)], np.inf)
    lo = np.where(nxt < P, known_slot[np.clip(nxt, 0, P - 1)], -np.inf)
    rows = np.arange(D)[:, None]
    S = y[rows, by_slot]  # (D, P) scores by slot
    is_scored = np.zeros(P, bool)  # np.isin(by_slot, scored provinces), as a lookup of each slot's province
    is_scored[list(scores)] = True
    fixed_score = is_scored[by_slot]
    bad = ~((S > lo) & (S < hi)) & ~fixed_score & np.isnan(known_slot)[None, :]
    both = np.isfinite(lo) & np.isfinite(hi)
    with np.errstate(invalid="ignore"):
        mid = np.where(both, hi - (hi - lo) * (q - prv) / np.where(both, nxt - prv, 1), np.nan)
    under = np.where(np.isfinite(hi), hi - 0.05 * (q - prv), np.inf)  # below the last published score
    over = np.where(np.isfinite(lo), lo + 0.05 * (nxt - q), -np.inf)  # above the first published score
    r, c = np.nonzero(bad)  # the replacement of each bad score (computed for those cells only)
    s = S[r, c]
    S[r, c] = np.where(both[c], mid[c], np.where(np.isfinite(hi)[c], np.minimum(s, under[c]), np.maximum(s, over[c])))
    # inside each gap the slots are in order: a province published with a rank but no score holds its place
    unknown = np.isnan(known_slot)
    start = None
    for qq in range(P + 1):
        if qq < P and unknown[qq]:
            start = qq if start is None else start
        elif start is not None:
            S[:, start:qq] = -np.sort(-S[:, start:qq], axis=1)
            start = None
    out = np.empty_like(y)
    out[rows, by_slot] = S
    for i, v in scores.items():  # a published score is never moved (beyond its rounding, below)
        out[:, i] = v
    # VCCI ranks unrounded scores: published scores equal after rounding (Phú Thọ 8th and Đồng Tháp 9th, both
    # 70.35) keep their published order under the project's one tie rule (ties share the best rank,
    # analysis.core.ranking): each later place sits a millionth of a point lower, far inside the ±0.005 rounding
    tied: dict[float, list[int]] = {}
    for i, v in scores.items():
        tied.setdefault(v, []).append(i)
    for v, group in tied.items():
        for k, i in enumerate(sorted(group, key=lambda j: slot.get(j, P))):
            out[:, i] = v - k * TIE_STEP
    return out


def _prev_known(known_slot: np.ndarray) -> np.ndarray:
    """For each slot, the nearest slot above it with a published score (-1 when none)."""
    P = known_slot.size
    prv = np.full(P, -1, int)
    k = -1
    for q in range(P):
        prv[q] = k
        if not np.isnan(known_slot[q]):
            k = q
    return prv


def _next_known(known_slot: np.ndarray) -> np.ndarray:
    """For each slot, the next slot below it with a published score (P when none)."""
    P = known_slot.size
    nxt = np.full(P, P, int)
    k = P
    for q in range(P - 1, -1, -1):
        nxt[q] = k
        if not np.isnan(known_slot[q]):
            k = q
    return nxt
