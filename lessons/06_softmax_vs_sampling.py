# %% [markdown]
# # Lesson 6 — why not the softmax: its cost per pair, and what negative sampling learns instead
#
#     softmax (lesson 5):  L_softmax = −log P(o | c),  all V scores u_w·v_c per pair
#                          cost per pair ≈ 3·V·d multiply-adds (scores, ∂v_c, ∂U)
#
# Negative sampling (Mikolov et al. 2013) replaces the V-way choice by k + 1 yes/no questions —
# "is o a real context of c?" (yes) and "is n_i?" (no) for k noise words n_i ~ P_n:
#
#     L_NS = −log σ(u_o·v_c) − Σ_{i=1..k} log σ(−u_{n_i}·v_c)
#     cost per pair ≈ 3·(k + 1)·d,  whatever V is
#
# You will see the cost per pair of both (timed, on a small and on the full vocabulary), and what
# each learns on the same slice of text with the same optimiser.

# %%
import time

import numpy as np
from lesson_utils import (MONTHS, NUMBERS, check, check_range, either, group_percentile, load_corpus,
                          parse, predict, reveal, section)

from skipgram_np import model, negatives, pairs, subsample
from skipgram_np.embeddings import Embeddings

args = parse("Lesson 6: the softmax's cost, and negative sampling instead")
TOKENS, V_SMALL, DIM, EPOCHS = (200_000, 1000, 32, 3) if args.quick else (400_000, 2000, 50, 2)
K, WINDOW, BATCH, LR, T = 5, 2, 1024, 0.01, 1e-4
print(f"slice: the first {TOKENS:,} tokens, its {V_SMALL:,} most frequent words; d = {DIM}, "
      f"window {WINDOW}, k = {K}, Adam lr {LR}, batch {BATCH}, {EPOCHS} epochs")
rng = np.random.default_rng(0)


# %%
def softmax_loss_and_grads(W_in, W_out, center_ids, context_ids):
    """Summed −log P(o | c) over a batch of B pairs and its gradients (every row of W_out gets one)."""
    B = len(center_ids)
    rows = np.arange(B)
    v_c = W_in[center_ids]                                  # (B, d)
    s = v_c @ W_out.T                                       # (B, V)  a score for every word
    s = s - s.max(axis=1, keepdims=True)                    # (B, V)  same softmax, no overflow
    e = np.exp(s)                                           # (B, V)
    z = e.sum(axis=1)                                       # (B,)
    loss = np.sum(np.log(z) - s[rows, context_ids])         # −log P(o|c) = log Σ exp(s) − s_o
    g = e / z[:, None]                                      # (B, V)  p = P(w | c)
    g[rows, context_ids] -= 1.0                             # (B, V)  ∂L/∂s = p − y
    d_v_c = g @ W_out                                       # (B, d)
    dW_out = g.T @ v_c                                      # (V, d)  all V rows
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, center_ids, d_v_c)                     # repeated centres add up
    return float(loss), dW_in, dW_out                       # (lesson 5's, section 3)


# %% [markdown]
# ### Predict
# Per pair, the softmax does about 3·V·d multiply-adds and negative sampling 3·(k + 1)·d: at
# V = 22,080 and k = 5 a ratio of V / (k + 1) = 3,680. Written in NumPy, how many times slower per
# pair will the softmax actually run?

# %%
guess = None          # ← your prediction: a ratio, e.g. 3680
predict("time ratio", "Softmax time per pair / negative sampling's, in NumPy, at V = 22,080?", guess)

# %% [markdown]
# ## 1. The cost of one pair
# The same B pairs through both losses, forward and backward, without applying the update. For
# negative sampling we stop at the k + 1 row gradients per pair (model.loss_and_grads would then
# add them into dense tables). The softmax's ∂U has V rows by nature.

# %%
def ns_loss_and_row_grads(W_in, W_out, center_ids, context_ids, negative_ids):
    """model.loss_and_grads without the scatter: the summed loss and the gradient of each row used."""
    v_c, u_o, u_n = W_in[center_ids], W_out[context_ids], W_out[negative_ids]   # (B,d) (B,d) (B,k,d)
    s_pos = np.einsum("bd,bd->b", v_c, u_o)                 # (B,)
    s_neg = np.einsum("bd,bkd->bk", v_c, u_n)               # (B, k)
    loss = -(model.log_sigmoid(s_pos).sum() + model.log_sigmoid(-s_neg).sum())
    g_pos, g_neg = model.sigmoid(s_pos) - 1.0, model.sigmoid(s_neg)            # (B,) (B, k)
    d_v_c = g_pos[:, None] * u_o + np.einsum("bk,bkd->bd", g_neg, u_n)        # (B, d)
    return float(loss), d_v_c, g_pos[:, None] * v_c, g_neg[:, :, None] * v_c[:, None, :]


def seconds_per_pair(fn, *arrays, repeat=5):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*arrays)
        best = min(best, time.perf_counter() - t0)
    return best / len(arrays[2])                           # arrays[2]: the centre ids


section("1. Cost per pair: softmax over V words against k = 5 negatives")
V_FULL, D_TIME, B_TIME = 22_080, 100, 256           # the full vocabulary (lesson 2) and d = 100
cost = {}
for V in (V_SMALL, V_FULL):
    W_in_r = rng.normal(0, 0.1, (V, D_TIME)).astype(np.float32)
    W_out_r = rng.normal(0, 0.1, (V, D_TIME)).astype(np.float32)
    c_r, o_r = rng.integers(0, V, B_TIME), rng.integers(0, V, B_TIME)
    n_r = rng.integers(0, V, (B_TIME, K))
    cost[("softmax", V)] = seconds_per_pair(softmax_loss_and_grads, W_in_r, W_out_r, c_r, o_r)
    cost[("ns", V)] = seconds_per_pair(ns_loss_and_row_grads, W_in_r, W_out_r, c_r, o_r, n_r)
    print(f"V = {V:>6,}: softmax {cost[('softmax', V)] * 1e6:8.1f} µs/pair   negative sampling "
          f"{cost[('ns', V)] * 1e6:6.2f} µs/pair   ratio {cost[('softmax', V)] / cost[('ns', V)]:7.0f} "
          f"(ratio of multiply-adds, V / (k + 1): {V / (K + 1):,.0f})")
ratio = cost[("softmax", V_FULL)] / cost[("ns", V_FULL)]
reveal("time ratio", ratio, "{:,.0f}")
print(f"measured {ratio:,.0f}, {V_FULL / (K + 1) / ratio:.0f} times below the ratio of multiply-adds: the "
      f"softmax's work is one large matrix product, which BLAS runs near the processor's peak, while "
      f"negative sampling's is small gathers and einsums, where NumPy's overhead per call and scattered "
      f"memory reads dominate. (The Numba kernels of lesson 8 remove most of that overhead.)")
epoch_pairs = 3_380_000                               # one epoch of WikiText-2 (lesson 4)
print(f"one epoch of WikiText-2 ({epoch_pairs / 1e6:.2f} M pairs) in NumPy would take "
      f"{epoch_pairs * cost[('softmax', V_FULL)] / 60:.0f} min with the softmax and "
      f"{epoch_pairs * cost[('ns', V_FULL)]:.0f} s with k = 5 negatives")
check_range(args, f"softmax / negative-sampling time per pair at V = {V_FULL:,}", ratio,
            full=(30, 100_000), quick=(30, 100_000), fmt="{:.0f}")


# %% [markdown]
# ## 2. What each learns on the same slice
# The same pairs (one subsampling draw and shuffle per epoch, shared), the same initial tables
# (W_in ~ U(±0.5/d), W_out = 0) and Adam on the mean loss of each batch. The two losses are
# different quantities; compare the neighbours and how tightly months and numbers group, measured
# as the percentile of their cosines among random word pairs (50 = no closer than random words).
#
# A reference line for the softmax: a model that ignores the centre word and predicts every
# context by its frequency loses H = −Σ_o P(o) log P(o) per pair (the contexts' entropy).

# %%
section("2. Train both on the same slice")
corpus = load_corpus(args, max_tokens=TOKENS)
ids = corpus.ids[corpus.ids < V_SMALL]                  # ids are ranked by count: the top words
words, counts = corpus.vocab.words[:V_SMALL], corpus.vocab.counts[:V_SMALL]
keep = subsample.keep_prob(counts, T)
sampler = negatives.NegativeSampler(counts)
epoch_pairs_list = []
for epoch in range(EPOCHS):
    kept, _ = subsample.subsample(ids, np.array([0, len(ids)]), keep, np.random.default_rng([0, epoch]))
    centres, contexts = pairs.window_pairs(kept, WINDOW)
    order = np.random.default_rng([1, epoch]).permutation(len(centres))
    epoch_pairs_list.append((centres[order], contexts[order]))
p_ctx = np.bincount(epoch_pairs_list[0][1], minlength=V_SMALL) / len(epoch_pairs_list[0][1])
H = -np.sum(p_ctx[p_ctx > 0] * np.log(p_ctx[p_ctx > 0]))
print(f"{len(ids):,} tokens of the top {V_SMALL:,} words; {len(epoch_pairs_list[0][0]):,} pairs in "
      f"epoch 1 after subsampling (t = {T:g}); log V = {np.log(V_SMALL):.2f}, H(contexts) = {H:.2f}")

results = {}
for name in ("softmax", "negative sampling"):
    W_in, W_out = model.init_tables(V_SMALL, DIM, np.random.default_rng(0))
    state = model.AdamState(W_in, W_out)
    neg_rng = np.random.default_rng(2)
    losses, seconds = [], []
    for epoch, (centres, contexts) in enumerate(epoch_pairs_list):
        t0, total = time.perf_counter(), 0.0
        for s in range(0, len(centres), BATCH):
            c_b, o_b = centres[s:s + BATCH], contexts[s:s + BATCH]
            if name == "softmax":
                loss, dW_in, dW_out = softmax_loss_and_grads(W_in, W_out, c_b, o_b)
                state.step += 1
                model.adam_update(W_in, state.m_in, state.v_in, dW_in / len(c_b), np.unique(c_b),
                                  LR, state.step, 0.9, 0.999, 1e-8)
                model.adam_update(W_out, state.m_out, state.v_out, dW_out / len(c_b),
                                  np.arange(V_SMALL), LR, state.step, 0.9, 0.999, 1e-8)
            else:
                loss = model.adam_step(W_in, W_out, state, c_b, o_b,
                                       sampler.sample(len(c_b), K, neg_rng), LR)
            total += loss
        losses.append(total / len(centres))
        seconds.append(time.perf_counter() - t0)
    emb = Embeddings(words, W_in)
    results[name] = dict(losses=losses, seconds=seconds, emb=emb,
                         months=group_percentile(emb, MONTHS), numbers=group_percentile(emb, NUMBERS))
    print(f"{name:>17}: loss per pair by epoch " + " ".join(f"{x:.3f}" for x in losses)
          + f"   {np.mean(seconds):.1f} s/epoch")

sm, ns = results["softmax"], results["negative sampling"]
print(f"the softmax's loss went from log V = {np.log(V_SMALL):.3f} (uniform) to {sm['losses'][-1]:.3f}, "
      f"{either(sm['losses'][-1] < H, 'below', 'not below')} the {H:.3f} of predicting by frequency alone")
print(f"per epoch, the softmax took {np.mean(sm['seconds']) / np.mean(ns['seconds']):.1f}x the time of "
      f"negative sampling at V = {V_SMALL:,} (a ratio that grows with V, section 1)")

# %%
section("3. Neighbours, side by side")
for w in ["january", "two", "war", "film", "he", "city", "british"]:
    if w in sm["emb"].index:
        for name, r in results.items():
            label = w if name == "softmax" else ""
            print(f"{label:>8} {name:>17}: " + ", ".join(x for x, _ in r["emb"].neighbors(w, 6)))
for group in ("months", "numbers"):
    (a, n), (b, _) = sm[group], ns[group]
    if n >= 2:
        print(f"{group} ({n} found): percentile among random pairs — softmax {a:.1f}, negative "
              f"sampling {b:.1f}: "
              + either(abs(a - b) < 2, "about the same",
                       f"{either(a > b, 'the softmax', 'negative sampling')} groups them tighter"))
check(args, "softmax loss per pair, last epoch", sm["losses"][-1], full=(7.02, 0.1), quick=(6.42, 0.1))
check_range(args, "negative sampling: months percentile among random pairs", ns["months"][0],
            full=(90, 100), quick=(50, 100), fmt="{:.1f}")

# %% [markdown]
# ## Try next
# - Time both losses at V = 100,000 (WikiText-103's vocabulary is 267k).
# - Lesson 7 shows where the k negatives come from.
