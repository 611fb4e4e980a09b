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
    y = np.asarray(y, float)
    D, P = y.shape
    N = P if n_ranked is None else int(n_ranked)
    conv = (lambda r: int(round(r * P / N))) if N != P else (lambda r: int(r))
    fixed = {i: max(1, conv(r)) for i, r in ranks.items()}
    top = conv(complete_top) if complete_top else 0
    in_top = sorted((i for i in scores if i not in fixed), key=lambda i: -scores[i])
    scored_free = [i for i in in_top if (sum(scores[j] > scores[i] for j in scores) < top)][: max(top, 0)]
    slot, free = _positions(P, fixed, scored_free, top, scores)
    free_slots = np.flatnonzero(free)  # as many as movers: every province not placed moves
    movers = np.array([i for i in range(P) if i not in slot], int)
    placed, placed_slots = np.array(list(slot), int), np.array(list(slot.values()), int)
    is_scored = np.zeros(P, bool)
    is_scored[list(scores)] = True
    known_slot = np.full(P, np.nan)  # published score by slot: the bounds of each gap
    for i, q in slot.items():
        if i in scores:
            known_slot[q] = scores[i]
    # S (D, P): the score in each slot of each draw. A placed province's slot is the same in every draw; the free
    # slots take the movers in the order of their simulated scores (a published score counts as simulated)
    S = np.empty((D, P))
    S[:, placed_slots] = y[:, placed]
    ym = y[:, movers]
    for k, i in enumerate(movers):
        if i in scores:
            ym[:, k] = scores[i]
    for i, q in slot.items():
        if i in scores:
            S[:, q] = scores[i]
    order, S[:, free_slots] = _order_desc(ym)  # (D, movers): the mover column of each free slot, and its score
    scored_mover = is_scored[movers]
    nxt, prv = _next_known(known_slot), _prev_known(known_slot)
    q = np.arange(P)
    hi = np.where(prv >= 0, known_slot[np.clip(prv, 0, P - 1)], np.inf)
    lo = np.where(nxt < P, known_slot[np.clip(nxt, 0, P - 1)], -np.inf)
    both = np.isfinite(lo) & np.isfinite(hi)
    with np.errstate(invalid="ignore"):
        mid = np.where(both, hi - (hi - lo) * (q - prv) / np.where(both, nxt - prv, 1), np.nan)
    under = np.where(np.isfinite(hi), hi - 0.05 * (q - prv), np.inf)  # below the last published score
    over = np.where(np.isfinite(lo), lo + 0.05 * (nxt - q), -np.inf)  # above the first published score
    free_col = np.full(P, -1)
    free_col[free_slots] = np.arange(free_slots.size)
    for g in _gaps(np.isnan(known_slot)):  # each run of slots without a published score, between two with one
        G = S[:, g]
        # a simulated score outside the gap's bounds moves inside: between two published scores to the even
        # spread by place, below the last one capped there, above the first raised to it
        bad = ~((G > lo[g]) & (G < hi[g]))
        if scored_mover.any():  # a mover's published score is kept wherever it falls
            cols = free_col[g]
            held = np.zeros(G.shape, bool)
            held[:, cols >= 0] = scored_mover[order[:, cols[cols >= 0]]]
            bad &= ~held
        if both[g.start]:
            np.copyto(G, mid[g], where=bad)
        elif np.isfinite(hi[g.start]):
            np.minimum(G, under[g], out=G, where=bad)
        else:
            np.maximum(G, over[g], out=G, where=bad)
        # inside a gap the slots are in order: a province published with a rank but no score holds its place
        G[:] = -np.sort(-G, axis=1)
    out = np.empty_like(y)
    out[:, placed] = S[:, placed_slots]
    if movers.size:  # each free slot's score back to the mover that took it
        om = np.empty_like(ym)
        np.put_along_axis(om, order, S[:, free_slots], axis=1)
        out[:, movers] = om
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


def _gaps(unknown: np.ndarray) -> list[slice]:
    """The runs of consecutive True in ``unknown`` as slices."""
    runs, start = [], None
    for q, u in enumerate([*unknown, False]):
        if u and start is None:
            start = q
        elif not u and start is not None:
            runs.append(slice(start, q))
            start = None
    return runs


def _order_desc(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the columns of ``v`` by descending value, ties in column order (``np.argsort(-v, axis=1,
    kind="stable")``), and the values in that order. The unstable sort takes half the time and gives the one
    order of a row without a tie; the rows with a tie (or a NaN) are sorted again by the stable sort."""
    neg = -v
    order = np.argsort(neg, axis=1)
    srt = np.take_along_axis(neg, order, axis=1)
    tie = (srt[:, 1:] == srt[:, :-1]).any(axis=1) | np.isnan(srt[:, -1:]).any(axis=1)  # NaN sorts last
    if tie.any():
        order[tie] = np.argsort(neg[tie], axis=1, kind="stable")
        srt[tie] = np.take_along_axis(neg[tie], order[tie], axis=1)
    return order, -srt


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
