"""The Numba kernels do what the NumPy reference (model.py) does, on the same inputs.

The epoch kernels draw negatives from word2vec's LCG; ``Replay`` re-draws the same stream in Python
so the reference can be fed the very same pairs and negatives.
"""
import numpy as np
import pytest

from skipgram_np import kernels, kernels_adam, model, negatives

MASK = (1 << 64) - 1


class Replay:
    """Python twin of kernels.lcg + kernels.draw_negative."""

    def __init__(self, seed, prob, alias):
        self.state, self.prob, self.alias = int(seed), prob, alias

    def negative(self):
        self.state = (self.state * 25214903917 + 11) & MASK
        n = len(self.prob)
        x = float(self.state >> 11) * (1.0 / 9007199254740992.0) * n
        i = min(int(x), n - 1)
        return i if x - i < self.prob[i] else int(self.alias[i])


def tables(V=12, d=8, seed=0, scale=0.3):
    rng = np.random.default_rng(seed)
    return (rng.normal(0, scale, (V, d)).astype(np.float32),
            rng.normal(0, scale, (V, d)).astype(np.float32))


def toy_corpus(n=60, V=12, seed=1):
    rng = np.random.default_rng(seed)
    tokens = rng.integers(0, V, n).astype(np.int32)
    counts = np.bincount(tokens, minlength=V) + 1
    prob, alias = negatives.alias_table(negatives.noise_distribution(counts))
    return tokens, prob, alias


def windows(tokens, i, window):
    return [tokens[j] for j in range(max(0, i - window), min(len(tokens), i + window + 1)) if j != i]


def test_sgd_pairs_matches_reference_per_pair():
    W_in, W_out = tables()
    c = np.array([1, 1, 2, 3, 1], np.int32)
    o = np.array([4, 5, 4, 1, 4], np.int32)
    n = np.array([[2, 4, 7], [1, 1, 9], [4, 3, 0], [6, 6, 6], [2, 4, 7]], np.int32)
    lrs = np.linspace(0.2, 0.05, 5)
    ref_in, ref_out = W_in.copy(), W_out.copy()
    ref_loss = sum(model.sgd_step(ref_in, ref_out, c[i:i + 1], o[i:i + 1], n[i:i + 1], lrs[i])
                   for i in range(5))
    loss = kernels.sgd_pairs(W_in, W_out, c, o, n, lrs)
    assert loss == pytest.approx(ref_loss, rel=1e-5)
    np.testing.assert_allclose(W_in, ref_in, atol=2e-6)
    np.testing.assert_allclose(W_out, ref_out, atol=2e-6)


@pytest.mark.parametrize("shared", [True, False])
def test_sgd_epoch_matches_reference(shared):
    tokens, prob, alias = toy_corpus()
    W_in, W_out = tables()
    ref_in, ref_out = W_in.copy(), W_out.copy()
    window, k, lr0, seed = 2, 3, 0.1, 12345
    per_token = 1.0 / (len(tokens) * 2)
    losses, counts = kernels.sgd_epoch(W_in[:, None], W_out[:, None], tokens, np.full(1, -1, np.int32),
                                       0, len(tokens),
                                       0, window, False, k, shared, prob, alias, lr0, 1e-4, 0.0,
                                       per_token, np.uint64(seed))
    replay, ref_loss, ref_pairs = Replay(seed, prob, alias), 0.0, 0
    for i in range(len(tokens)):
        lr = lr0 * max(1e-4, 1.0 - i * per_token)
        centres = windows(tokens, i, window)
        if shared:
            negs = [replay.negative() for _ in range(k)]
            m = len(centres)
            ref_loss += model.sgd_step(ref_in, ref_out, np.array(centres), np.full(m, tokens[i]),
                                       np.tile(negs, (m, 1)), lr)
        else:
            for c in centres:
                negs = [replay.negative() for _ in range(k)]
                ref_loss += model.sgd_step(ref_in, ref_out, np.array([c]), np.array([tokens[i]]),
                                           np.array([negs]), lr)
        ref_pairs += len(centres)
    assert counts == ref_pairs
    assert losses == pytest.approx(ref_loss, rel=1e-5)
    np.testing.assert_allclose(W_in, ref_in, atol=1e-5)
    np.testing.assert_allclose(W_out, ref_out, atol=1e-5)


def test_sgd_epoch_respects_line_boundaries():
    tokens = np.arange(10, dtype=np.int32)
    prob, alias = negatives.alias_table(np.ones(10) / 10)
    W_in, W_out = tables(V=10)
    line_id = np.array([0, 0, 0, 1, 1, 1, 1, 2, 2, 2], np.int32)
    _, counts = kernels.sgd_epoch(W_in[:, None], W_out[:, None], tokens, line_id, 0, 10, 0, 2, False, 2, True, prob,
                                  alias, 0.01, 1e-4, 0.0, 0.01, np.uint64(7))
    assert counts == 6 + 10 + 6           # lines of 3, 4, 3 tokens with window 2


def run_adam_reference(tokens, prob, alias, W_in, W_out, state, seed, window, k, batch, order, block,
                       lazy, lr=0.01):
    """Replay adam_epoch's batches and negatives through model.adam_step."""
    replay = Replay(seed, prob, alias)
    total, p = 0.0, 0
    while p < len(order):
        cs, os_, ns = [], [], []
        while p < len(order) and len(cs) < batch:
            first = order[p] * block
            p += 1
            for i in range(first, min(len(tokens), first + block)):
                centres = windows(tokens, i, window)
                if centres:
                    negs = [replay.negative() for _ in range(k)]
                    cs += centres
                    os_ += [tokens[i]] * len(centres)
                    ns += [negs] * len(centres)
        if cs:
            total += model.adam_step(W_in, W_out, state, np.array(cs), np.array(os_), np.array(ns),
                                     lr, lazy=lazy)
    return total


@pytest.mark.parametrize("mode,block", [("lazy", 1), ("dense", 1), ("lazy", 3), ("dense", 4)])
def test_adam_epoch_matches_reference(mode, block):
    tokens, prob, alias = toy_corpus(n=80)
    W_in, W_out = tables()
    V = len(W_in)
    window, k, batch, seed = 2, 3, 16, 99
    order = np.random.default_rng(5).permutation(-(-len(tokens) // block))
    m_in, v_in, m_out, v_out = (np.zeros_like(W_in) for _ in range(4))
    last_in, last_out = np.zeros(V, np.int64), np.zeros(V, np.int64)
    step0 = 0
    if mode == "dense":
        # A history: every row has momentum from step step0. A large step0 makes the bias
        # correction ~1, the one approximation of the catch-up.
        step0 = 20000
        rng = np.random.default_rng(8)
        for m, v, last in ((m_in, v_in, last_in), (m_out, v_out, last_out)):
            m[:] = rng.normal(0, 1e-3, m.shape)
            v[:] = rng.uniform(1e-6, 2e-6, v.shape)
            last[:] = step0
    ref_in, ref_out = W_in.astype(np.float64), W_out.astype(np.float64)
    ref_state = model.AdamState(ref_in, ref_out)
    ref_state.m_in[:], ref_state.v_in[:], ref_state.m_out[:], ref_state.v_out[:] = m_in, v_in, m_out, v_out
    ref_state.step = step0
    ref_loss = run_adam_reference(tokens, prob, alias, ref_in, ref_out, ref_state, seed, window, k,
                                  batch, order, block, lazy=(mode == "lazy"))
    P_in, P_out = np.stack([W_in, m_in, v_in], 1), np.stack([W_out, m_out, v_out], 1)  # (V, 3, d)
    losses, counts, steps = kernels_adam.adam_epoch(
        P_in, P_out, last_in, last_out, tokens, np.full(1, -1, np.int32), order, block, 0,
        len(order), window, False, k, True, prob, alias, 0.01, 0.9, 0.999, 1e-8,
        kernels_adam.adam_powers(0.9, 0.999), batch,
        mode == "dense", step0, 0, 1, np.uint64(seed))
    assert step0 + steps == ref_state.step
    if mode == "dense":
        kernels_adam.adam_flush(P_in, last_in, ref_state.step, 0.01, 0.9, 0.999, 1e-8)
        kernels_adam.adam_flush(P_out, last_out, ref_state.step, 0.01, 0.9, 0.999, 1e-8)
    (W_in, m_in, v_in), (W_out, m_out, v_out) = P_in.transpose(1, 0, 2), P_out.transpose(1, 0, 2)
    assert losses == pytest.approx(ref_loss, rel=1e-4)
    np.testing.assert_allclose(W_in, ref_in, atol=2e-5)
    np.testing.assert_allclose(W_out, ref_out, atol=2e-5)
    np.testing.assert_allclose(m_in, ref_state.m_in, atol=1e-6)
    np.testing.assert_allclose(v_out, ref_state.v_out, atol=1e-8)


def test_lazy_adam_rows_seen_twice_in_a_batch_get_one_update():
    # centre 1 appears in both pairs: one Adam update with the summed gradient, step count 1
    W_in, W_out = tables(V=6, d=4)
    ref_in, ref_out = W_in.copy(), W_out.copy()
    state = model.AdamState(ref_in, ref_out)
    model.adam_step(ref_in, ref_out, state, np.array([1, 1]), np.array([2, 3]),
                    np.array([[4], [4]]), 0.05)
    tokens = np.array([2, 1, 3], np.int32)          # window 1 around positions 0 and 2: centre 1
    prob, alias = negatives.alias_table(np.eye(6)[4] + 1e-12)   # always draws 4
    P_in, P_out = (np.stack([W, np.zeros_like(W), np.zeros_like(W)], 1) for W in (W_in, W_out))
    last = np.zeros(6, np.int64)
    order = np.array([0, 2])
    kernels_adam.adam_epoch(P_in, P_out, last, last.copy(), tokens, np.full(1, -1, np.int32), order, 1,
                       0, 2, 1, False, 1, False, prob, alias, 0.05, 0.9, 0.999, 1e-8,
                       kernels_adam.adam_powers(0.9, 0.999), 2, False, 0, 0, 1, np.uint64(3))
    np.testing.assert_allclose(P_in[:, 0], ref_in, atol=1e-6)
    np.testing.assert_allclose(P_out[:, 0], ref_out, atol=1e-6)
    assert last[1] == 1 and last[0] == 0
