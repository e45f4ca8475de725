"""Numba kernels for Adam: model.adam_step over a run's text, the rows a batch touches only.

Adam's cost is memory more than arithmetic: each step updates a few hundred scattered rows of W, m
and v. So each word's W, m and v lie side by side, in planes 0, 1 and 2 of one (V, 3, d) table
(one step reads and writes each word's 1.2 kB block in one place instead of three rows in three
tables); the text is visited in blocks of neighbouring positions (fewer distinct rows per step);
the CPU is asked for the next rows before they are needed (``prefetch_row``: a hint that never
changes a result); and the decay factors β^Δ are looked up in tables.

Dense Adam (torch.optim.Adam on the whole table) moves every row at every step; here a row is
brought up to date only when a batch touches it (``catch_up``, in closed form) and at the end of an
epoch (``adam_flush``), which gives the same tables. The group maths (forward, backward, windows,
negatives) is kernels.py's. Python calls ``adam`` at the end of this file, one call per chunk of
text, with kernels.Text and the dataclass ``Adam``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

from .kernels import FASTMATH, Text, draw_negatives, gather_window, group_backward, group_forward

PREFETCH_AHEAD = 4                   # rows (of W, m and v) requested before the loop needs them
POWER_TABLE_SIZE = 4096              # gaps (in steps) whose Adam decay factors are tabled


@intrinsic
def _prefetch(typingctx, address):
    """llvm.prefetch(address, write, keep in all cache levels, data): ask the CPU to start loading
    a cache line now, so that it is there when the loop reaches it."""
    def codegen(context, builder, signature, args):
        i32 = ir.IntType(32)
        i8_ptr = ir.IntType(8).as_pointer()
        fn = builder.module.declare_intrinsic(
            "llvm.prefetch", fnty=ir.FunctionType(ir.VoidType(), (i8_ptr, i32, i32, i32)))
        builder.call(fn, (builder.inttoptr(args[0], i8_ptr), ir.Constant(i32, 1),
                          ir.Constant(i32, 3), ir.Constant(i32, 1)))
        return context.get_dummy_value()
    return types.void(types.uintp), codegen


@njit(cache=True, inline="always", error_model="numpy")
def prefetch_row(table, row):
    """Start loading table[row], the word's whole block (every 64-byte line of it). A hint only: no
    effect on results. The Adam kernels touch a few hundred scattered blocks per step; without the
    hint each waits for memory in turn."""
    base = table.ctypes.data + row * table.strides[0]
    for offset in range(0, table.shape[1] * table.shape[2] * table.itemsize, 64):
        _prefetch(base + offset)


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def assign_slots(ids, n, slot, rows, n_rows, slots_of):
    """slots_of[a] = the batch slot of word ids[a]; a word new to the batch gets the next slot.
    -> the new number of slots (rows[:n_rows] are the batch's distinct words)."""
    for a in range(n):
        r = ids[a]
        s = slot[r]
        if s < 0:
            s = n_rows
            slot[r] = s
            rows[s] = r
            n_rows += 1
        slots_of[a] = s
    return n_rows


@njit(cache=True, inline="always", error_model="numpy")
def underflow_to_zero(x):
    """float32(x), but 0 below 1e-30: a row idle for thousands of steps would otherwise carry
    denormal moments (β1^Δ), and denormal arithmetic is ~100x slower on x86."""
    return np.float32(x) if x > 1e-30 else np.float32(0.0)


@njit(cache=True, inline="always", error_model="numpy")
def prefetch_ahead(P, rows, n_rows, s):
    """Prefetch the (W, m, v) block that the loop over rows[:n_rows] reaches PREFETCH_AHEAD
    iterations after iteration s."""
    if s + PREFETCH_AHEAD < n_rows:
        prefetch_row(P, rows[s + PREFETCH_AHEAD])


def adam_powers(beta1, beta2, size=POWER_TABLE_SIZE):
    """The decay factors of the common gaps, looked up instead of computed with a pow per row:
    rows r^j, β1^j, β2^j for j = 0..size−1, r = β1/sqrt(β2). NumPy, computed once an epoch."""
    j = np.arange(size)
    return np.stack([(beta1 / np.sqrt(beta2)) ** j, beta1 ** j, beta2 ** j])


@njit(cache=True, inline="always", error_model="numpy")
def power(table, base, n):
    """base^n: from the table for small n, else exp(n · log base)."""
    return table[n] if n < table.shape[0] else np.exp(n * np.log(base))


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def catch_up(P, last, rows, n_rows, missed, step, catch_up_on, lr_t, beta1, beta2, eps_t, powers_r):
    """Bring rows[:n_rows] to step t before they are read: the Δ = t − last − 1 steps they missed.

    Dense Adam (model.adam_step, lazy=False) keeps moving a row with zero gradient by its momentum:
    at the j-th missed step m_j = β1^j m, v_j = β2^j v, so in all
        ΔW = −lr_t · m / (sqrt(v) + ε_t) · Σ_{j=1..Δ} r^j,   r = β1 / sqrt(β2)
    (the bias correction taken at step t and ε at the gap's start: exact once t is large).
    The decay of m and v is left to adam_rows (missed[s] = Δ). With catch_up_on False this
    is SparseAdam: absent steps are simply skipped (missed = 0).
    This is the first loop of a step to touch the rows, so it also prefetches them.
    P: (V, 3, d), W, m and v in planes 0, 1, 2. ``powers_r`` = adam_powers(β1, β2)[0].
    """
    d = P.shape[2]
    r = beta1 / np.sqrt(beta2)
    for s in range(-PREFETCH_AHEAD, 0):           # the first rows, before the loop reaches them
        prefetch_ahead(P, rows, n_rows, s)
    for s in range(n_rows):
        prefetch_ahead(P, rows, n_rows, s)
        row = rows[s]
        gap = max(step - last[row] - 1, 0) if catch_up_on else 0
        missed[s] = gap
        if gap == 0 or last[row] == 0:          # nothing missed, or no momentum yet
            continue
        c = np.float32(lr_t * r * (1.0 - power(powers_r, r, gap)) / (1.0 - r))
        W, m, v = P[row, 0], P[row, 1], P[row, 2]
        for t in range(d):
            W[t] -= c * m[t] / (np.sqrt(v[t]) + np.float32(eps_t))


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def adam_rows(P, last, grad, rows, n_rows, missed, step, scale, lr_t, beta1, beta2, eps_t,
              powers_b1, powers_b2):
    """model.adam_update on rows[:n_rows], gradient scale·grad[slot], after ``missed`` idle steps:
        m ← β1^{Δ+1} m + (1−β1) g;  v ← β2^{Δ+1} v + (1−β2) g²;  W ← W − lr_t · m / (sqrt(v) + ε_t)
    with lr_t = lr·sqrt(1−β2^t)/(1−β1^t) and ε_t = ε·sqrt(1−β2^t) (the bias correction folded in);
    then last[row] = t and grad[slot] = 0. P: (V, 3, d), W, m and v in planes 0, 1, 2.
    ``powers_b1``, ``powers_b2`` = adam_powers(β1, β2)[1:]."""
    d = P.shape[2]
    scale, lr_t, eps_t = np.float32(scale), np.float32(lr_t), np.float32(eps_t)
    one = np.float32(1.0)
    b1, b2 = np.float32(beta1), np.float32(beta2)
    for s in range(n_rows):
        prefetch_ahead(P, rows, n_rows, s)
        row = rows[s]
        decay1 = underflow_to_zero(power(powers_b1, beta1, missed[s] + 1))
        decay2 = underflow_to_zero(power(powers_b2, beta2, missed[s] + 1))
        W, m, v = P[row, 0], P[row, 1], P[row, 2]
        for t in range(d):
            g = scale * grad[s, t]               # g = dW / B: the batch mean (model.adam_step)
            grad[s, t] = 0.0                     # the slot starts the next step at zero
            m_t = decay1 * m[t] + (one - b1) * g          # m[rows] = beta1 * m[rows] + (1 - beta1) * g
            v_t = decay2 * v[t] + (one - b2) * g * g      # v[rows] = beta2 * v[rows] + (1 - beta2) * g * g
            m[t] = m_t
            v[t] = v_t
            W[t] -= lr_t * m_t / (np.sqrt(v_t) + eps_t)   # W[rows] -= lr/(1−β1^t) · m / (√v/√(1−β2^t) + eps)
        last[row] = step


def adam_flush(P, last, step, lr, beta1, beta2, eps):
    """Bring every row to step t (dense Adam's state at t): catch_up on all rows, then the moment
    decay it leaves to adam_rows. Called at the end of an epoch, before a checkpoint.
    Plain Python around the compiled catch_up (the same argument types as adam_epoch's call, so
    nothing new to compile); the decay is one vectorised NumPy step over the rows that missed any."""
    V = P.shape[0]
    missed = np.zeros(V, np.int64)
    bc1, bc2 = 1.0 - beta1 ** step, 1.0 - beta2 ** step
    catch_up(P, last, np.arange(V, dtype=np.int64), np.int64(V), missed, np.int64(step + 1),
             np.bool_(True), lr * np.sqrt(bc2) / bc1, beta1, beta2, eps * np.sqrt(bc2),
             adam_powers(beta1, beta2)[0])
    idle = (missed > 0) & (last > 0)                     # rows whose moments decay
    for plane, beta in ((1, beta1), (2, beta2)):
        decay = np.where(idle, np.float64(beta) ** missed, 1.0).astype(np.float32)
        decay[decay < 1e-30] = 0.0                       # underflow_to_zero, as in adam_rows
        P[:, plane] *= decay[:, None]
    last[idle] = step


@njit(cache=True, nogil=True, fastmath=FASTMATH, error_model="numpy")
def adam_epoch(P_in, P_out, last_in, last_out, tokens, line_id, order, block, lo, hi, window,
               shrink, k, shared, prob, alias, lr, beta1, beta2, eps, powers, batch_size, dense,
               step0, c, n_chunks, seed):
    """Adam over the blocks order[lo..hi−1], block b being the ``block`` consecutive positions
    b·block .. b·block + block − 1 (an empty ``order`` means blocks lo..hi−1 in sequence).

    A shuffled block order gives batches of pairs from all over the corpus, as a shuffling
    DataLoader would; blocks of a few neighbouring positions share most of their centre words,
    so a batch touches fewer distinct rows (block = 1: every position on its own).
    Each batch: (1) gather groups (as sgd_epoch), whole blocks at a time, until it holds
    >= batch_size pairs and give every distinct word a slot; (2) catch_up those rows (``dense``);
    (3) forward/backward every group, summing gradients per slot; (4) one Adam step on the batch
    *mean* for each slot's row.
    P_in, P_out: (V, 3, d), each word's W, m and v side by side; powers = adam_powers(β1, β2).
    This is chunk c of n_chunks that train.py runs side by side, one thread each (the GIL is
    released; the tables are shared, Hogwild). Step t: step0 + (batches this chunk has done) ·
    n_chunks + c + 1, so the chunks' steps interleave. -> (loss sum, pairs, steps).
    """
    V, d = P_in.shape[0], P_in.shape[2]
    n = tokens.shape[0]
    max_pairs = batch_size + block * 2 * window           # a batch overshoots by < one block
    max_groups = batch_size + block if shared else max_pairs
    max_out = max_groups * (k + 1)
    powers_r, powers_b1, powers_b2 = powers[0], powers[1], powers[2]   # shared, read-only
    state = np.uint64(seed)
    window_ids = np.empty(2 * window, np.int64)
    group_in = np.empty((max_groups, 2 * window), np.int64)     # a batch's groups
    group_n = np.empty(max_groups, np.int64)
    group_out = np.empty((max_groups, k + 1), np.int64)
    group_in_slot = np.empty((max_groups, 2 * window), np.int64)
    group_out_slot = np.empty((max_groups, k + 1), np.int64)
    G = np.empty((2 * window, k + 1), np.float32)
    slot_in = np.full(V, -1, np.int64)
    slot_out = np.full(V, -1, np.int64)
    rows_in = np.empty(max_pairs, np.int64)
    rows_out = np.empty(max_out, np.int64)
    missed_in = np.empty(max_pairs, np.int64)
    missed_out = np.empty(max_out, np.int64)
    acc_in = np.zeros((max_pairs, d), np.float32)        # adam_rows zeroes what it used
    acc_out = np.zeros((max_out, d), np.float32)
    steps = 0
    loss = 0.0
    count = 0
    p = lo
    while p < hi:
        # (1) gather a batch of groups, a block of positions at a time
        # typed zeros, not literal 0s: the kernels they reach get one specialisation each
        n_groups, n_rows_in, n_rows_out, batch_pairs = 0, np.int64(0), np.int64(0), 0
        while p < hi and batch_pairs < batch_size:
            first = (order[p] if order.shape[0] > 0 else p) * block
            p += 1
            for i in range(first, min(n, first + block)):
                n_in, state = gather_window(tokens, line_id, i, window, shrink, state, window_ids)
                for a in range(n_in if not shared else (1 if n_in > 0 else 0)):
                    m = n_in if shared else 1
                    for q in range(m):
                        group_in[n_groups, q] = window_ids[q if shared else a]
                    group_n[n_groups] = m
                    group_out[n_groups, 0] = tokens[i]
                    state = draw_negatives(state, prob, alias, group_out[n_groups], k)
                    n_rows_in = assign_slots(group_in[n_groups], m, slot_in, rows_in, n_rows_in,
                                             group_in_slot[n_groups])
                    n_rows_out = assign_slots(group_out[n_groups], k + 1, slot_out, rows_out,
                                              n_rows_out, group_out_slot[n_groups])
                    n_groups += 1
                batch_pairs += n_in
        if batch_pairs == 0:
            break
        step = step0 + steps * n_chunks + c + 1
        bc1, bc2 = 1.0 - beta1 ** step, 1.0 - beta2 ** step
        lr_t, eps_t = lr * np.sqrt(bc2) / bc1, eps * np.sqrt(bc2)
        # (2) bring the batch's rows up to date (dense Adam's momentum steps they missed)
        catch_up(P_in, last_in, rows_in, n_rows_in, missed_in, step, dense, lr_t, beta1, beta2,
                 eps_t, powers_r)
        catch_up(P_out, last_out, rows_out, n_rows_out, missed_out, step, dense, lr_t, beta1, beta2,
                 eps_t, powers_r)
        # (3) forward and backward, gradients summed per row slot (all zero at this point)
        for g in range(n_groups):
            m = group_n[g]
            loss += group_forward(P_in, P_out, group_in[g], m, group_out[g], k + 1, G)
            group_backward(P_in, P_out, group_in[g], m, group_out[g], k + 1, G, acc_in,
                           group_in_slot[g], acc_out, group_out_slot[g])
        # (4) Adam on the batch mean, then free the slots
        scale = 1.0 / batch_pairs
        adam_rows(P_in, last_in, acc_in, rows_in, n_rows_in, missed_in, step, scale, lr_t, beta1,
                  beta2, eps_t, powers_b1, powers_b2)
        adam_rows(P_out, last_out, acc_out, rows_out, n_rows_out, missed_out, step, scale, lr_t,
                  beta1, beta2, eps_t, powers_b1, powers_b2)
        for s in range(n_rows_in):
            slot_in[rows_in[s]] = -1
        for s in range(n_rows_out):
            slot_out[rows_out[s]] = -1
        count += batch_pairs
        steps += 1
    return loss, count, steps


# ----------------------------------------------------------------------------------- the call from Python
@dataclass
class Adam:
    """One epoch of Adam: planes 1 and 2 of the tables hold m and v; ``last_in``/``last_out`` the
    step each row was last brought up to (catch_up)."""
    last_in: np.ndarray     # (V,) int64
    last_out: np.ndarray
    order: np.ndarray       # the blocks of ``block`` neighbouring positions, in a shuffled order
    block: int
    lr: float
    beta1: float
    beta2: float
    eps: float
    powers: np.ndarray      # adam_powers(beta1, beta2)
    batch_size: int         # pairs per step
    dense: bool             # torch.optim.Adam's result (rows keep moving), else SparseAdam's
    step0: int              # steps taken before this slice
    n_chunks: int           # chunks run side by side (their steps interleave)


def adam(T_in, T_out, text: Text, lo: int, hi: int, opt: Adam, chunk: int, seed) -> tuple[float, int, int]:
    """model.adam_step on batches of the blocks opt.order[lo..hi−1], as chunk ``chunk`` of
    opt.n_chunks (adam_epoch). -> (loss sum, pairs, steps)."""
    return adam_epoch(T_in, T_out, opt.last_in, opt.last_out, text.tokens, text.line_id, opt.order,
                      opt.block, lo, hi, text.window, text.shrink, text.k, text.shared, text.prob,
                      text.alias, opt.lr, opt.beta1, opt.beta2, opt.eps, opt.powers, opt.batch_size,
                      opt.dense, opt.step0, chunk, opt.n_chunks, seed)
