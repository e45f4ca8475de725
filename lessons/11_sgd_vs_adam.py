# %% [markdown]
# # Lesson 11 — two optimizers, one slice: word2vec's SGD and the reference's Adam
#
#     SGD (word2vec):   W ← W − lr_t·g                      lr_t: 0.025 falling linearly to 0.025·1e-4
#     Adam (Kingma & Ba 2015, as torch.optim.Adam):
#         m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²          (β1 = 0.9, β2 = 0.999, m_0 = v_0 = 0)
#         W ← W − lr · m̂ / (sqrt(v̂) + ε),  m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t),  lr = 0.001
#
# g is a row's gradient (lesson 8; Adam's on the mean loss of a batch of 256 pairs). SGD's step
# is proportional to the gradient; Adam's is about lr per coordinate whatever the gradient's size —
# how much exactly depends on the step number t and on what m and v already hold (sections 1–3).
# Two ways to run Adam on embedding tables:
#
#     dense (torch.optim.Adam):   every row's m and v decay at every step, so a row keeps moving
#                                 by its momentum after its batch — late in training (bias
#                                 corrections ≈ 1) Σ_t β1^t = 1/(1 − β1) = 10 steps' worth from
#                                 one gradient
#     lazy (torch.optim.SparseAdam): only the rows in the batch change
#
# You will see the bias correction derived, each optimizer's first step, dense against lazy Adam on
# one row, and the loss and time per epoch of all three on one slice (with lesson 9's L_blind
# plateau for reference).

# %%
import numpy as np
from lesson_utils import (MONTHS, NUMBERS, check, check_range, exercise, group_percentile,
                          load_corpus, parse, plt, predict, reveal, save, section)

from skipgram_np import model, negatives, pairs, subsample, training
from skipgram_np.config import Config
from skipgram_np.embeddings import Embeddings

args = parse("Lesson 11: SGD, dense Adam and lazy Adam on the same slice")
TOKENS, EPOCHS = (600_000, 4) if args.quick else (2_000_000, 10)
c = load_corpus(args, max_tokens=TOKENS)
print(f"{len(c.ids):,} tokens, V = {len(c.vocab):,}, {EPOCHS} epochs")
B1, B2, EPS, LR = 0.9, 0.999, 1e-8, 0.001

# %% [markdown]
# ## 1. Why Adam divides by 1 − β^t: the bias correction, derived
# m starts at m_0 = 0. Unrolling its update:
#
# $$m_t = \beta_1 m_{t-1} + (1-\beta_1)\,g_t = (1-\beta_1)\sum_{i=1}^{t} \beta_1^{\,t-i}\, g_i$$
#
# If the gradients come from a steady distribution with mean E[g]:
#
# $$\mathbb{E}[m_t] = \mathbb{E}[g]\,(1-\beta_1)\sum_{i=1}^{t}\beta_1^{\,t-i} = \mathbb{E}[g]\,(1-\beta_1^{\,t})$$
#
# (a geometric sum). So m_t is biased towards the 0 it started from, by the factor 1 − β1^t, and
#
# $$\hat m_t = \frac{m_t}{1-\beta_1^{\,t}}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^{\,t}}
#   \qquad\text{(the same steps with } g^2, \beta_2\text{)}$$
#
# are unbiased. Without them the first step is lr·(1 − β1)/√(1 − β2) ≈ 3.16·lr per coordinate:
# m is shrunk by 1 − β1 = 0.1 but √v by √(1 − β2) ≈ 0.032 (Kingma & Ba 2015, §3). The check: a
# constant gradient, where m̂_t must equal g exactly, and the first step with and without correction.

# %%
section("1. The bias correction, checked")
g1 = np.array([0.5, -2.0, 0.01])
m, v = np.zeros(3), np.zeros(3)
for t in range(1, 6):
    m, v = B1 * m + (1 - B1) * g1, B2 * v + (1 - B2) * g1 ** 2
    print(f"t = {t}: m_t = {np.round(m, 5)} = g·(1 − β1^t) with 1 − β1^t = {1 - B1 ** t:.5f};  "
          f"m̂_t = {np.round(m / (1 - B1 ** t), 5)}")
m1, v1 = (1 - B1) * g1, (1 - B2) * g1 ** 2                     # after the first gradient
corrected = LR * (m1 / (1 - B1)) / (np.sqrt(v1 / (1 - B2)) + EPS)
uncorrected = LR * m1 / (np.sqrt(v1) + EPS)
print(f"first step, in units of lr: corrected {np.round(corrected / LR, 3)} (lr·sign(g)); uncorrected "
      f"{np.round(uncorrected / LR, 3)}: (1 − β1)/√(1 − β2) = {(1 - B1) / np.sqrt(1 - B2):.3f}× too large")
check(args, "m̂_5 − g for a constant gradient", float(np.abs(m / (1 - B1 ** 5) - g1).max()), full=(0, 1e-12),
      quick=(0, 1e-12), fmt="{:.1e}")
check(args, "uncorrected first step / lr", float(np.abs(uncorrected[0]) / LR), full=(3.162, 0.001),
      quick=(3.162, 0.001))
print("A row that Adam first touches at step t (its m and v still 0, as dense Adam leaves an unused row) moves "
      "lr·(1 − β1)/(1 − β1^t) / √((1 − β2)/(1 − β2^t)) per coordinate:")
for t in (1, 10, 100, 1000, 10_000):
    factor = ((1 - B1) / (1 - B1 ** t)) / np.sqrt((1 - B2) / (1 - B2 ** t))
    print(f"    t = {t:>6,}: {factor:.3f}·lr")
print(f"so 'lr per coordinate' holds only at t = 1: a rare word first met late in training moves ≈ {factor:.2f}·lr, "
      f"and one met at t = 10 only {((1 - B1) / (1 - B1 ** 10)) / np.sqrt((1 - B2) / (1 - B2 ** 10)):.2f}·lr")

# %% [markdown]
# ## 2. The first step
# One batch of 256 real pairs from the untrained tables (W_in ~ U(±0.5/d), W_out = 0): how far
# does each optimizer move the W_out rows it touches?

# %%
section("2. The first step from the untrained tables")
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
      f"as small as v_c, while Adam's step at t = 1 is lr per coordinate whatever the gradient's size "
      f"(section 1): {LR} × √{cfg0.dim} = {LR * np.sqrt(cfg0.dim):.1e} for a whole row")
check_range(args, "Adam's first step / SGD's", moved["adam"] / moved["sgd"], full=(10, 1e4),
            quick=(10, 1e4), fmt="{:.0f}")

# %% [markdown]
# ## 3. Dense against lazy Adam, on one row
# A row deep into training (step t = 10,000, so the bias corrections are ≈ 1) whose v already holds
# its usual g² and whose m is 0 gets one gradient, then sits out 50 steps. Its own step is then
# (1 − β1)·g / |g| = 0.1·lr per coordinate: v is already full, m only starts to fill; the other
# 0.9 come from the momentum in the following steps — in dense Adam only.

# %%
section("3. One gradient, then 50 idle steps")
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
        dense_ratio, first_step = path[-1] / path[0], path[0]
print(f"its own step: {first_step / 0.001:.3f}·lr = (1 − β1)·|g_0| / √v; 1 / (1 − β1) = {1 / (1 - 0.9):.0f}: dense "
      f"Adam gives a row {dense_ratio:.1f}x the movement of its gradient step (≈ lr in all); lazy Adam gives it "
      f"once")
check(args, "dense Adam's total / first-step movement", dense_ratio, full=(10.0, 0.5),
      quick=(10.0, 0.5), fmt="{:.1f}")

# %% [markdown]
# ### Predict
# Lesson 9's plateau: every run first reaches L_blind (word frequencies only) and stays there until
# it uses the centre word. Same slice, same seed: which optimizer goes below L_blind first?

# %%
guess = None          # ← your prediction: "a", "b", "c" or "d"
FIRST = ["word2vec's SGD", "dense Adam", "lazy Adam", "none of them, in this run"]
predict("first off the plateau", "Which optimizer leaves the L_blind plateau first?", guess, choices=FIRST)

# %% [markdown]
# ## 4. Three runs, one slice, same seed
# Percentiles are among random word pairs of the same table (50: no closer than random words),
# so they compare across optimizers whose cosines differ in scale.

# %%
section(f"4. {TOKENS:,} tokens, {EPOCHS} epochs, same seed")
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
    r = training.train(cfg, c, f"{args.runs}/11_{name.replace(' ', '_')}", overwrite=True,
                       progress=False, json_words=100, word2vec="none", log=lambda *a: None, control=False)
    emb = Embeddings.from_checkpoint(r.checkpoint)
    curve = [loss for _, loss, _, _ in r.epochs]
    res[name] = dict(curve=curve, secs=np.mean([s for _, _, s, _ in r.epochs]), emb=emb,
                     below=next((e for e, x in enumerate(curve, 1) if x < L_blind - 0.02), None),
                     months=group_percentile(emb, MONTHS)[0], numbers=group_percentile(emb, NUMBERS)[0])
    print(f"{name:>10}: loss " + " ".join(f"{x:.3f}" for x in curve) + f"   {res[name]['secs']:.2f} s/epoch")
    print(f"{'':>10}  months at percentile {res[name]['months']:.1f}, numbers at {res[name]['numbers']:.1f} "
          f"among random pairs;  january -> " + ", ".join(w for w, _ in emb.neighbors("january", 5)))


for name, r in res.items():
    print(f"{name:>10}: " + (f"went below L_blind − 0.02 in epoch {r['below']}" if r["below"]
                             else f"never went below L_blind − 0.02 in {EPOCHS} epochs")
          + f"; final loss {r['curve'][-1]:.3f}")
left = {n: r["below"] for n, r in res.items() if r["below"]}
names = {"sgd": FIRST[0], "adam dense": FIRST[1], "adam lazy": FIRST[2]}
earliest = min(left.values()) if left else None
reveal("first off the plateau", names[min(left, key=left.get)] if left else FIRST[3])
if left and sum(e == earliest for e in left.values()) > 1:
    tied = ", ".join(n for n, e in left.items() if e == earliest)
    print(f"(a tie: {tied} in epoch {earliest}; the first named wins)")
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
# First, from section 1: at t = 1 with g = 0.2 in one coordinate, what are m̂ and v̂, and how far
# does W move?

# %%
exercise("11", "adam_update(W, m, v, grad, rows, lr, t, beta1, beta2, eps)")

# %% [markdown]
# ## Try next
# - Give SGD a larger start (lr 0.1) or Adam lr 0.003 with decay (the quality preset): which
#   leaves the plateau first?
# - Lesson 12 explores a run's checkpoints.
