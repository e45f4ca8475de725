"""Numba kernels for the hot loop: the same maths as model.py, without Python in the inner loop.

The unit of work is a *group*: one predicted word o (a context word, row u_o of W_out) with the
n_in centre words around it (rows v_c of W_in) and k negatives. Its n_in pairs share u_o and,
when ``shared`` is on, the same k negatives (pWord2Vec, Ji et al. 2016): the dot products become a
small matrix product  S = V Uᵀ  (n_in × (1 + k)), and each output row is read and written once per
group instead of once per pair. With ``shared`` off every pair draws its own negatives and forms a
group of one — word2vec's per-pair update, the plain reference kernel.

    model.py                              here
    s_pos, s_neg = v_c·u_o, v_c·u_n       S[a, b] = V[a]·U[b]           (group_forward)
    g_pos = σ(s_pos) − 1, g_neg = σ(s)    G[a, b] = σ(S[a, b]) − label_b
    ∂L/∂v_c = g_pos u_o + Σ g_k u_n       dV = G U                      (group_backward)
    ∂L/∂u   = g v_c                       dU = Gᵀ V
    np.add.at(...)                        rows updated one after another (repeats add up)

Randomness inside the kernels is word2vec.c's linear congruential generator (one multiply-add per
draw) seeded per chunk from the run's numpy Generator, so a seeded run is reproducible for a fixed
thread count. The epoch kernels release the GIL (``nogil``), and train.py runs one contiguous
chunk of each slice per Python thread, all updating the shared tables without locks ("Hogwild",
Recht et al. 2011), as word2vec.c and gensim do; with one thread the result is deterministic.

Tables are 3-D, (V, planes, d): plane 0 of a word's block is its row of W (v_c in T_in, u in
T_out); SGD uses one plane, (V, 1, d) views of W_in and W_out; Adam three (kernels_adam.py).

Python calls the SGD kernel through ``sgd`` at the end of this file, one call per chunk of text,
with the dataclasses ``Text`` (what is walked) and ``SGD`` (the schedule); kernels_adam.py holds
Adam's, which reuses this file's group maths. Each choice here was measured against its
alternatives (parallel=True, inlining, ...): benchmarks/README.md, "Why the kernels look this way".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

# Reassociation lets LLVM vectorise the dot products; no flag that would change inf/nan handling.
# error_model="numpy" (on every kernel) drops Python's ZeroDivisionError check on each "/", which
# otherwise stops the Adam update from vectorising.
FASTMATH = {"reassoc", "contract", "nsz", "arcp"}
LCG_MUL = np.uint64(25214903917)
LCG_ADD = np.uint64(11)
TO_UNIT = 1.0 / 9007199254740992.0   # 2^-53


@njit(cache=True, error_model="numpy")
def lcg(state):
    """word2vec.c's next_random = next_random * 25214903917 + 11 (mod 2^64)."""
    return state * LCG_MUL + LCG_ADD


@njit(cache=True, error_model="numpy")
def draw_negative(state, prob, alias):
    """One id ~ P_n by the alias method (negatives.py), from the top 53 bits of the LCG state."""
    n = prob.shape[0]
    x = np.float64(state >> np.uint64(11)) * TO_UNIT * n      # u·V, u in [0, 1)
    i = min(np.int64(x), n - 1)                              # floor(u·V)
    if x - i < prob[i]:
        return i
    return np.int64(alias[i])


# σ and the loss term from tables, as word2vec.c does, but finer and interpolated: on |s| in
# [0, TABLE_MAX] with 1024 steps the error is below 1e-6; beyond it, the exact formula (rare).
TABLE_MAX = 8.0
TABLE_SIZE = 1024
_grid = np.linspace(0.0, TABLE_MAX, TABLE_SIZE + 1)
SIGMOID_TABLE = (1.0 / (1.0 + np.exp(-_grid))).astype(np.float32)        # σ(x), x >= 0
TAIL_TABLE = np.log1p(np.exp(-_grid)).astype(np.float32)                 # log(1 + e^{−x})


@njit(cache=True, error_model="numpy")
def draw_negatives(state, prob, alias, out, k):
    """out[1..k] = k ids ~ P_n (out[0] holds the positive). -> the advanced LCG state."""
    for q in range(1, k + 1):
        state = lcg(state)
        out[q] = draw_negative(state, prob, alias)
    return state


@njit(cache=True, inline="always", error_model="numpy")
def sigmoid_and_tail(s):
    """-> (σ(s), log(1 + e^{−|s|})), so that −log σ(s) = max(−s, 0) + tail and
    −log σ(−s) = max(s, 0) + tail (model.log_sigmoid); σ(−x) = 1 − σ(x)."""
    x = abs(s)
    if x < TABLE_MAX:
        pos = x * np.float32(TABLE_SIZE / TABLE_MAX)
        i = np.int64(pos)
        f = pos - i
        sig = SIGMOID_TABLE[i] + f * (SIGMOID_TABLE[i + 1] - SIGMOID_TABLE[i])
        tail = TAIL_TABLE[i] + f * (TAIL_TABLE[i + 1] - TAIL_TABLE[i])
    else:
        e = np.exp(-x)
        sig = np.float32(1.0) / (np.float32(1.0) + e)
        tail = np.log1p(e)
    if s < 0:
        sig = np.float32(1.0) - sig
    return sig, tail


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def group_forward(T_in, T_out, in_ids, n_in, out_ids, n_out, G):
    """Fill G[a, b] = ∂L/∂S[a, b] = σ(v_a·u_b) − label_b (label 1 for b = 0, the positive).

    Returns the summed loss Σ_a [softplus(−S[a,0]) + Σ_{b>0} softplus(S[a,b])] in float64.
    """
    d = T_in.shape[2]
    loss = 0.0
    for a in range(n_in):
        v = T_in[in_ids[a], 0]                    # v_c = W_in[center_ids]: plane 0 of the block
        for b in range(n_out):
            u = T_out[out_ids[b], 0]              # u_pos = W_out[context_ids] (b = 0), u_neg (b > 0)
            s = np.float32(0.0)
            for t in range(d):                    # s_pos = v_c·u_pos, s_neg = v_c·u_neg
                s += v[t] * u[t]
            sig, tail = sigmoid_and_tail(s)
            if b == 0:                            # loss −log_sigmoid(s_pos); g_pos = sigmoid(s_pos) − 1
                loss += max(-s, np.float32(0.0)) + tail
                G[a, b] = sig - np.float32(1.0)
            else:                                 # loss −log_sigmoid(−s_neg); g_neg = sigmoid(s_neg)
                loss += max(s, np.float32(0.0)) + tail
                G[a, b] = sig
    return loss


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def group_backward(T_in, T_out, in_ids, n_in, out_ids, n_out, G, dV, in_slot, dU, out_slot):
    """dV[in_slot[a]] += Σ_b G[a,b] u_b  (∂L/∂v_c);   dU[out_slot[b]] += Σ_a G[a,b] v_a  (∂L/∂u).

    Adds into the given slots, so a word that appears twice collects both gradients (np.add.at).
    """
    d = T_in.shape[2]
    for a in range(n_in):
        v = T_in[in_ids[a], 0]
        dv = dV[in_slot[a]]
        for b in range(n_out):
            u = T_out[out_ids[b], 0]
            du = dU[out_slot[b]]
            g = G[a, b]
            for t in range(d):
                dv[t] += g * u[t]                 # d_v_c = g_pos·u_pos + Σ_k g_neg·u_neg
                du[t] += g * v[t]                 # d_u_pos = g_pos·v_c, d_u_neg = g_neg·v_c


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def sgd_group(T_in, T_out, in_ids, n_in, out_ids, n_out, lr, G, dV, dU, ident):
    """model.sgd_step on one group: gradients from the old rows, then W −= lr·∂L/∂W. -> loss.
    ``ident`` = arange(>= max(n_in, n_out)): each row its own gradient slot."""
    loss = group_forward(T_in, T_out, in_ids, n_in, out_ids, n_out, G)
    dV[:n_in] = 0.0
    dU[:n_out] = 0.0
    group_backward(T_in, T_out, in_ids, n_in, out_ids, n_out, G, dV, ident, dU, ident)
    d = T_in.shape[2]
    lr = np.float32(lr)                  # keep the row arithmetic in float32 (SIMD width)
    for a in range(n_in):
        row = in_ids[a]
        for t in range(d):
            T_in[row, 0, t] -= lr * dV[a, t]     # W_in -= lr * dW_in
    for b in range(n_out):
        row = out_ids[b]
        for t in range(d):
            T_out[row, 0, t] -= lr * dU[b, t]    # W_out -= lr * dW_out
    return loss


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def sgd_pairs(W_in, W_out, center_ids, context_ids, negative_ids, lrs):
    """The plain per-pair kernel (word2vec): for each pair i, model.sgd_step on that pair alone
    with learning rate lrs[i]. Single-threaded; the readable reference for sgd_epoch. Takes the
    (V, d) tables of model.py (C-contiguous) and works on (V, 1, d) views of them. -> loss."""
    V, d = W_in.shape
    T_in, T_out = W_in.reshape(V, 1, d), W_out.reshape(W_out.shape[0], 1, d)
    k = negative_ids.shape[1]
    G = np.empty((1, k + 1), np.float32)
    dV = np.empty((1, W_in.shape[1]), np.float32)
    dU = np.empty((k + 1, W_in.shape[1]), np.float32)
    in_ids = np.empty(1, np.int64)
    out_ids = np.empty(k + 1, np.int64)
    ident = np.arange(k + 1)
    loss = 0.0
    for i in range(len(center_ids)):
        in_ids[0] = center_ids[i]
        out_ids[0] = context_ids[i]
        out_ids[1:] = negative_ids[i]
        loss += sgd_group(T_in, T_out, in_ids, np.int64(1), out_ids, k + 1, lrs[i], G, dV, dU, ident)
    return loss


@njit(cache=True, error_model="numpy")
def gather_window(tokens, line_id, i, window, shrink, state, in_ids):
    """The centre words around position i (pairs.py's window, seen from the context word).

    Returns (n_in, state). ``shrink``: word2vec's b ~ U{1..window}. A line_id of −1 means
    windows may cross lines.
    """
    n = tokens.shape[0]
    b = window
    if shrink:
        state = lcg(state)
        b = 1 + np.int64((state >> np.uint64(16)) % np.uint64(window))
    n_in = 0
    for j in range(max(0, i - b), min(n, i + b + 1)):
        if j != i and (line_id[0] < 0 or line_id[j] == line_id[i]):
            in_ids[n_in] = tokens[j]
            n_in += 1
    return n_in, state


@njit(cache=True, nogil=True, fastmath=FASTMATH, error_model="numpy")
def sgd_epoch(T_in, T_out, tokens, line_id, lo, hi, origin, window, shrink, k, shared, prob, alias,
              lr0, lr_floor, progress0, progress_per_token, seed):
    """SGD over the groups whose predicted word sits at positions lo..hi−1 of ``tokens``, with
    the LCG seeded by ``seed``. Learning rate at position i:
        lr0 · max(lr_floor, 1 − (progress0 + (i − origin)·progress_per_token)),
    word2vec's linear decay over the whole run. Releases the GIL: train.py runs one chunk of a
    slice per thread, all updating the same tables (Hogwild). T_in, T_out: (V, 1, d) views of W_in
    and W_out. -> (loss sum (float64), pairs).
    """
    d = T_in.shape[2]
    state = np.uint64(seed)
    in_ids = np.empty(2 * window, np.int64)
    out_ids = np.empty(k + 1, np.int64)
    G = np.empty((2 * window, k + 1), np.float32)
    dV = np.empty((2 * window, d), np.float32)
    dU = np.empty((k + 1, d), np.float32)
    ident = np.empty(max(2 * window, k + 1), np.int64)  # 0, 1, 2, ...: each row its own slot
    for j in range(ident.shape[0]):                      # (a loop: np.arange compiles slower)
        ident[j] = j
    one = np.int64(1)                                    # not a literal 1: no second specialisation
    loss = 0.0
    count = 0
    for i in range(lo, hi):
        lr = lr0 * max(lr_floor, 1.0 - (progress0 + (i - origin) * progress_per_token))
        n_in, state = gather_window(tokens, line_id, i, window, shrink, state, in_ids)
        if n_in == 0:
            continue
        out_ids[0] = tokens[i]                           # the positive: u_o
        if shared:                                       # one set of k negatives for the group
            state = draw_negatives(state, prob, alias, out_ids, k)
            loss += sgd_group(T_in, T_out, in_ids, n_in, out_ids, k + 1, lr, G, dV, dU, ident)
        else:                                            # word2vec: each pair its own negatives
            for a in range(n_in):
                state = draw_negatives(state, prob, alias, out_ids, k)
                loss += sgd_group(T_in, T_out, in_ids[a:a + 1], one, out_ids, k + 1, lr, G, dV, dU,
                                  ident)
        count += n_in
    return loss, count


# ----------------------------------------------------------------------------------- the call from Python
@dataclass
class Text:
    """What one epoch's kernel calls walk: the subsampled text, how its windows are cut (pairs.py)
    and how negatives are drawn (negatives.py)."""
    tokens: np.ndarray      # (n,) int32 kept word ids, in text order
    line_id: np.ndarray     # (n,) int32 paragraph of each position, or [-1]: windows may cross lines
    window: int             # context words on each side of a position
    shrink: bool            # word2vec's random window shrinking
    k: int                  # negatives per group
    shared: bool            # one set of k negatives for the group (pWord2Vec), else one per pair
    prob: np.ndarray        # P_n's alias tables (negatives.alias_table)
    alias: np.ndarray


@dataclass
class SGD:
    """word2vec's schedule: the learning rate at position i of the text is
    lr0 · max(floor, 1 − (progress0 + (i − origin) · per_token))."""
    lr0: float
    floor: float
    progress0: float        # the share of the whole run done at position ``origin``
    per_token: float        # the share of the whole run one position is
    origin: int


def sgd(T_in, T_out, text: Text, lo: int, hi: int, rate: SGD, seed) -> tuple[float, int]:
    """model.sgd_step on every group whose predicted word sits at positions lo..hi−1
    (sgd_epoch). -> (loss sum, pairs)."""
    return sgd_epoch(T_in, T_out, text.tokens, text.line_id, lo, hi, rate.origin, text.window,
                     text.shrink, text.k, text.shared, text.prob, text.alias, rate.lr0, rate.floor,
                     rate.progress0, rate.per_token, seed)
