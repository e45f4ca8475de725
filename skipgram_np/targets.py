"""What SGNS pushes each score toward: the shifted PMI of the pair (Levy & Goldberg, 2014).

Over an epoch the pair (c, o) is a positive #(c, o) times, and o is drawn as a negative for c
about k · #(c) · P_n(o) times (#(c) = Σ_o #(c, o): the pairs c is the centre of). The part of the
loss that depends on s = v_c·u_o alone is

    − #(c, o) · log σ(s)  −  k · #(c) · P_n(o) · log σ(−s)

whose minimum (its derivative −#(c,o)·σ(−s) + k·#(c)·P_n(o)·σ(s) = 0) lies at

    s* = log( #(c, o) / (#(c) · P_n(o)) ) − log k
       = PMI(c, o) − log k      when P_n is the unigram distribution (with P_n ∝ count^0.75, the
                                 smoothed PMI of Levy, Goldberg & Dagan 2015)

So σ(s) < 0.5 is what training aims at for every pair seen fewer than k times as often as the
noise would put it there (s* < 0), and a pair never seen together (#(c, o) = 0) is pushed down
without end (s* = −∞). Counts here are the corpus's window counts (pairs.py's windows over the
whole encoded text, before subsampling, which thins both counts: the target moves with them).
"""
from __future__ import annotations

import numpy as np


def window_counts(ids: np.ndarray, centres, contexts, window: int,
                  line_id: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(#(c, o) for each asked pair, #(c) for each asked centre), counted over every window of
    ``window`` words on each side of the token array ``ids`` (``line_id``: windows stay within a
    paragraph, pairs.line_ids)."""
    ids = np.asarray(ids, np.int64)
    centres, contexts = np.asarray(centres, np.int64), np.asarray(contexts, np.int64)
    V = int(max(ids.max(initial=0), centres.max(initial=0), contexts.max(initial=0))) + 1
    wanted = np.unique(centres * V + contexts)
    is_centre, is_context = np.zeros(V, bool), np.zeros(V, bool)
    is_centre[centres], is_context[contexts] = True, True
    pair_total, centre_total = np.zeros(len(wanted), np.int64), np.zeros(V, np.int64)
    for off in range(1, window + 1):
        same = slice(None) if line_id is None else line_id[:-off] == line_id[off:]
        for a, b in ((ids[:-off][same], ids[off:][same]), (ids[off:][same], ids[:-off][same])):
            centre_total += np.bincount(a, minlength=V)            # a: the centre, b: its context
            maybe = is_centre[a] & is_context[b]                   # cheap, before the exact look-up
            keys = a[maybe] * V + b[maybe]
            hit = np.isin(keys, wanted)
            np.add.at(pair_total, np.searchsorted(wanted, keys[hit]), 1)
    return pair_total[np.searchsorted(wanted, centres * V + contexts)], centre_total[centres]


def shifted_pmi(pair_count, centre_count, noise_prob, k: int) -> np.ndarray:
    """s* = log(#(c, o) / (#(c) · P_n(o))) − log k; −inf for a pair never seen together."""
    pair_count = np.asarray(pair_count, np.float64)
    with np.errstate(divide="ignore"):
        return np.log(pair_count) - np.log(np.asarray(centre_count, np.float64)) \
            - np.log(np.asarray(noise_prob, np.float64)) - np.log(k)
