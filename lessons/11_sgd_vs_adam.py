# %% [markdown]
# # Lesson 11 — two optimizers, one slice: word2vec's SGD and the reference's Adam
#
#     SGD (word2vec):   W ← W − lr_t·g                      lr_t: 0.025 falling linearly to 0.025·1e-4
#     Adam (Kingma & Ba 2015, as torch.optim.Adam):
#         m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²          (β1 = 0.9, β2 = 0.999)
#         W ← W − lr · m̂ / (sqrt(v̂) + ε),  m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t),  lr = 0.001
#
# g is a row's gradient (lesson 8; Adam's on the mean loss of a batch of 256 pairs). SGD's step
# is proportional to the gradient; Adam's first step on a row is lr in every coordinate, whatever
# the gradient's size. Two ways to run Adam on embedding tables:
#
#     dense (torch.optim.Adam):   every row's m and v decay at every step, so a row keeps moving
#                                 by its momentum after its batch — late in training (bias
#                                 corrections ≈ 1) Σ_t β1^t = 1/(1 − β1) = 10 steps' worth from
#                                 one gradient
#     lazy (torch.optim.SparseAdam): only the rows in the batch change
#
# You will see each optimizer's first step, the loss and time per epoch on one slice (with
# lesson 9's L_blind plateau for reference), and how tightly each groups months and numbers.

# %%
import numpy as np
from lesson_utils import (MONTHS, NUMBERS, check, check_range, exercise, group_percentile,
                          load_corpus, parse, plt, save, section)

from skipgram_np import model, negatives, pairs, subsample, train
from skipgram_np.config import Config
from skipgram_np.embeddings import Embeddings

args = parse("Lesson 11: SGD, dense Adam and lazy Adam on the same slice")
TOKENS, EPOCHS = (600_000, 4) if args.quick else (2_000_000, 10)
c = load_corpus(args, max_tokens=TOKENS)
print(f"{len(c.ids):,} tokens, V = {len(c.vocab):,}, {EPOCHS} epochs")

# %% [markdown]
# ## 1. The first step
# One batch of 256 real pairs from the untrained tables (W_in ~ U(±0.5/d), W_out = 0): how far
# does each optimizer move the W_out rows it touches?

# %%
section("1. The first step from the untrained tables")
cfg0 = Config()
keep = subsample.keep_prob(c.vocab.counts, cfg0.subsample)
rng = np.random.default_rng(0)
kept = c.ids[rng.random(len(c.ids)) < keep[c.ids]]
centre, context = pairs.window_pairs(kept[:200], cfg0.window)
centre, context = centre[:256], context[:256]
neg = negatives.NegativeSampler(c.vocab.counts).sample(len(centre), cfg0.negatives, rng)
W_in0, W_out0 = model.init_tables(len(c.vocab), cfg0.dim, np.random.default_rng(0))
moved = {}
for name in ("sgd", "adam"):
    W_in, W_out = W_in0.copy(), W_out0.copy()
    if name == "sgd":
        model.sgd_step(W_in, W_out, centre[:1], context[:1], neg[:1], 0.025)     # word2vec: one pair
        rows = np.unique(np.concatenate([context[:1], neg[0]]))
    else:
        model.adam_step(W_in, W_out, model.AdamState(W_in, W_out), centre, context, neg, 0.001)
        rows = np.unique(np.concatenate([context, neg.ravel()]))
    moved[name] = np.linalg.norm(W_out[rows] - W_out0[rows], axis=1).mean()
    print(f"{name:>4}: the touched W_out rows moved by {moved[name]:.2e} on average "
          f"(|v_c| ≈ {np.linalg.norm(W_in0, axis=1).mean():.1e})")
print(f"Adam's first step is {moved['adam'] / moved['sgd']:.0f}x SGD's: SGD's gradient g·v_c is "
      f"as small as v_c, Adam's step is lr per coordinate")
check_range(args, "Adam's first step / SGD's", moved["adam"] / moved["sgd"], full=(10, 1e4),
            quick=(10, 1e4), fmt="{:.0f}")

# %% [markdown]
# ## 2. Dense against lazy Adam, on one row
# A row deep into training (step t = 10,000, so the bias corrections are ≈ 1, and v already holds
# its usual g²) gets one gradient, then sits out 50 steps.

# %%
section("2. One gradient, then 50 idle steps")
T0 = 10_000
g = np.array([[1.0, -0.5, 0.2, 0.0]])
for lazy in (False, True):
    W, m, v = np.zeros((1, 4)), np.zeros((1, 4)), g * g
    path = []
    for t in range(T0, T0 + 51):
        if t == T0 or not lazy:                              # lazy Adam skips rows not in the batch
            model.adam_update(W, m, v, g if t == T0 else np.zeros_like(g), np.array([0]), 0.001, t,
                              0.9, 0.999, 1e-8)
        path.append(np.abs(W[0, 0]))
    print(f"{'lazy' if lazy else 'dense':>5} Adam: coordinate 0 moved {path[0]:.5f} in its step and "
          f"{path[-1]:.5f} after 50 more ({path[-1] / path[0]:.1f}x)")
    if not lazy:
        dense_ratio = path[-1] / path[0]
print(f"1 / (1 − β1) = {1 / (1 - 0.9):.0f}: dense Adam gives a row {dense_ratio:.1f}x the movement of "
      f"its gradient step; lazy Adam gives it once")
check(args, "dense Adam's total / first-step movement", dense_ratio, full=(10.0, 0.5),
      quick=(10.0, 0.5), fmt="{:.1f}")

# %% [markdown]
# ## 3. Three runs, one slice, same seed

# %%
section(f"3. {TOKENS:,} tokens, {EPOCHS} epochs, same seed")
k = cfg0.negatives
p_ctx = c.vocab.counts * keep / np.sum(c.vocab.counts * keep)
p_n = negatives.noise_distribution(c.vocab.counts)
s_o = np.log(p_ctx / (k * p_n))
L_blind = -np.sum(p_ctx * model.log_sigmoid(s_o)) - k * np.sum(p_n * model.log_sigmoid(-s_o))
print(f"L_blind (lesson 9: the loss of knowing only word frequencies) = {L_blind:.4f}")
runs = {"sgd": dict(optimizer="sgd"), "adam dense": dict(optimizer="adam", adam_mode="dense"),
        "adam lazy": dict(optimizer="adam", adam_mode="lazy")}
res = {}
for name, kw in runs.items():
    cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, checkpoints=(EPOCHS,), seed=0, **kw).validate()
    r = train.train(cfg, c, f"{args.runs}/11_{name.replace(' ', '_')}", overwrite=True,
                    progress=False, json_words=100, word2vec="none", log=lambda *a: None)
    emb = Embeddings.from_checkpoint(r.checkpoint)
    curve = [loss for _, loss, _, _ in r.epochs]
    res[name] = dict(curve=curve, secs=np.mean([s for _, _, s, _ in r.epochs]), emb=emb,
                     below=next((e for e, x in enumerate(curve, 1) if x < L_blind - 0.02), None),
                     months=group_percentile(emb, MONTHS)[0], numbers=group_percentile(emb, NUMBERS)[0])
    print(f"{name:>10}: loss " + " ".join(f"{x:.3f}" for x in curve) + f"   {res[name]['secs']:.2f} s/epoch")
    print(f"{'':>10}  months at percentile {res[name]['months']:.1f}, numbers at {res[name]['numbers']:.1f} "
          f"among random pairs;  january -> " + ", ".join(w for w, _ in emb.neighbors("january", 5)))

# %% [markdown]
# ## 4. What the numbers say
# Percentiles are among random word pairs of the same table (50: no closer than random words),
# so they compare across optimizers whose cosines differ in scale.

# %%
section("4. What the numbers say")
for name, r in res.items():
    print(f"{name:>10}: " + (f"went below L_blind − 0.02 in epoch {r['below']}" if r["below"]
                             else f"never went below L_blind − 0.02 in {EPOCHS} epochs")
          + f"; final loss {r['curve'][-1]:.3f}")
if not any(r["below"] for r in res.values()):
    print(f"no run left the plateau in {EPOCHS} epochs on {TOKENS:,} tokens: they know word frequencies, "
          f"not yet meanings, so the group percentiles above say little (the full settings train longer)")
best = max(res, key=lambda n: res[n]["months"] + res[n]["numbers"])
worst = min(res, key=lambda n: res[n]["months"] + res[n]["numbers"])
print(f"tightest groups: {best}; loosest: {worst}. Lowest final loss: "
      f"{min(res, key=lambda n: res[n]['curve'][-1])}.")
check_range(args, "adam dense: months percentile", res["adam dense"]["months"], full=(95, 100),
            quick=(40, 100), fmt="{:.1f}")
check(args, "adam dense: final loss", res["adam dense"]["curve"][-1], full=(2.08, 0.05),
      quick=(2.64, 0.03))
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(6, 3.5))
for name, r in res.items():
    ax.plot(np.arange(1, EPOCHS + 1), r["curve"], "o-", label=name)
ax.axhline(L_blind, color="gray", ls="--", lw=1, label="L_blind (lesson 9)")
ax.set(xlabel="epoch", ylabel="mean loss per pair", title="SGD vs Adam on the same slice",
       xticks=np.arange(1, EPOCHS + 1))
ax.legend()
save(fig, args, "11_sgd_vs_adam.png")

# %% [markdown]
# ## Exercise
# Write one Adam update of some rows of a table (`adam_update`), including the bias correction.

# %%
exercise("11", "adam_update(W, m, v, grad, rows, lr, t, beta1, beta2, eps)")

# %% [markdown]
# ## Try next
# - Give SGD a larger start (lr 0.1) or Adam lr 0.003 with decay (the quality preset): which
#   leaves the plateau first?
# - Lesson 12 explores a run's checkpoints.
