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
(Numba's ``parallel=True`` would do the same from inside, but its compiler pass doubles the first
compile; so does ``inline="always"``, which LLVM makes unnecessary for functions this small.)

Tables are 3-D, (V, planes, d): plane 0 of a word's block is its row of W (v_c in T_in, u in
T_out); SGD uses one plane, (V, 1, d) views of W_in and W_out; Adam three, W, m and v side by side,
so that one step reads and writes each word's 1.2 kB block in one place instead of three rows
in three tables (measured: ~25 % less time in the row update).

Adam's cost is memory more than arithmetic: each step updates a few hundred scattered rows of W, m
and v. Its kernels therefore visit the text in blocks of neighbouring positions (fewer distinct
rows per step), ask the CPU for the next rows before they are needed (``prefetch_row``: a hint that
never changes a result) and look up the decay factors β^Δ in tables.
"""
from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

# Reassociation lets LLVM vectorise the dot products; no flag that would change inf/nan handling.
# error_model="numpy" (on every kernel) drops Python's ZeroDivisionError check on each "/", which
# otherwise stops the Adam update from vectorising (4x slower).
FASTMATH = {"reassoc", "contract", "nsz", "arcp"}
LCG_MUL = np.uint64(25214903917)
LCG_ADD = np.uint64(11)
TO_UNIT = 1.0 / 9007199254740992.0   # 2^-53
PREFETCH_AHEAD = 4                   # rows (of W, m and v) requested before the loop needs them
POWER_TABLE_SIZE = 4096              # gaps (in steps) whose Adam decay factors are tabled


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
    hint each waits for memory in turn (measured: 1.2x slower per epoch)."""
    base = table.ctypes.data + row * table.strides[0]
    for offset in range(0, table.shape[1] * table.shape[2] * table.itemsize, 64):
        _prefetch(base + offset)


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
        v = T_in[in_ids[a], 0]                    # v_c: plane 0 of the word's block
        for b in range(n_out):
            u = T_out[out_ids[b], 0]
            s = np.float32(0.0)
            for t in range(d):                    # s = v_c·u_b
                s += v[t] * u[t]
            sig, tail = sigmoid_and_tail(s)
            if b == 0:                            # positive: −log σ(s), g_pos = σ(s) − 1
                loss += max(-s, np.float32(0.0)) + tail
                G[a, b] = sig - np.float32(1.0)
            else:                                 # negative: −log σ(−s), g_neg = σ(s)
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
                dv[t] += g * u[t]
                du[t] += g * v[t]


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
            T_in[row, 0, t] -= lr * dV[a, t]
    for b in range(n_out):
        row = out_ids[b]
        for t in range(d):
            T_out[row, 0, t] -= lr * dU[b, t]
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
    ident = np.empty(max(2 * window, k + 1), np.int64)  # 0, 1, 2, ...: a loop, as np.arange
    for j in range(ident.shape[0]):                      # costs 0.2 s more to compile
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
    """The decay factors of the common gaps, looked up instead of computed (a pow per row and
    table costs ~5 % of an Adam epoch): rows r^j, β1^j, β2^j for j = 0..size−1, r = β1/sqrt(β2).
    NumPy, not Numba: computed once per call of adam_epoch, and compiling it cost 0.3 s."""
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
            g = scale * grad[s, t]
            grad[s, t] = 0.0                     # the slot starts the next step at zero
            m_t = decay1 * m[t] + (one - b1) * g
            v_t = decay2 * v[t] + (one - b2) * g * g
            m[t] = m_t
            v[t] = v_t
            W[t] -= lr_t * m_t / (np.sqrt(v_t) + eps_t)
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


@njit(cache=True, nogil=True, fastmath=FASTMATH, error_model="numpy")
def analogy_block(S, w0, rows, ids, target, order, alive):
    """One block of candidates for the questions q in ``order`` that no word has beaten yet.

    evaluate.analogy_hits_reference takes the argmax over w ∉ {a, b, c} of ŵ·(b̂ − â + ĉ); the
    norm of b̂ − â + ĉ does not change the argmax, and ŵ·x̂ = cos(w, x), so with S[i, j] the cosine
    of question word i and candidate w0 + j:
        score(w) = S[row_b, w − w0] − S[row_a, w − w0] + S[row_c, w − w0]
    and d answers (a, b, c, d) when no other word scores above target[q] = score(d). A question
    some word of this block beats gets alive[q] = False. Within the block, the words above d are
    counted first (a vectorised loop) and searched one by one only when there are any.
    Releases the GIL: threads share the questions.
    """
    B = S.shape[1]
    for q in order:
        s_a, s_b, s_c = S[rows[q, 0]], S[rows[q, 1]], S[rows[q, 2]]
        a, b, c, d = ids[q, 0] - w0, ids[q, 1] - w0, ids[q, 2] - w0, ids[q, 3] - w0
        t = target[q]
        above = 0
        for w in range(B):
            above += s_b[w] - s_a[w] + s_c[w] > t
        if above == 0:
            continue
        for w in range(B):
            if s_b[w] - s_a[w] + s_c[w] > t and w != a and w != b and w != c and w != d:
                alive[q] = False
                break
