# %% [markdown]
# # Lesson 5 — the full softmax: predict the context among all V words, and its gradient
#
# Skip-gram's first formulation predicts the context word o among all V words:
#
#     v_c        = x_cᵀ W_in     (x_c: the one-hot vector of the centre c: a lookup of row c)
#     s_w        = u_w·v_c        for every word w      (u_w: row w of W_out;  s = U v_c, U = W_out)
#     P(o | c)   = exp(s_o) / Σ_{w=1..V} exp(s_w)
#     L_softmax  = −log P(o | c) = −s_o + log Σ_w exp(s_w)
#     ∂L/∂v_c    = Σ_w P(w | c)·u_w − u_o  = Uᵀ(p − y)             (p: the V probabilities, y: one-hot o)
#     ∂L/∂u_w    = (P(w | c) − [w = o])·v_c        for every one of the V words
#
# Here v_c is the centre's row of W_in (the input) and u_w a row of W_out. You will see the two
# tables as a lookup, the gradient derived step by step and checked on numbers, then the batched
# loss and gradient in NumPy, checked by finite differences. (Lesson 6 measures what computing all
# V scores per pair costs, and what negative sampling does instead.)

# %%
import numpy as np
from lesson_utils import (check, check_range, exercise, load_corpus, parse, plt, predict, reveal, save,
                          section)

from skipgram_np import gradcheck, model

args = parse("Lesson 5: the full softmax and its gradient")
c = load_corpus(args, max_tokens=150_000 if args.quick else None)
V, d = len(c.vocab), 100
W_in, W_out = model.init_tables(V, d, np.random.default_rng([0, 0xC0FFEE]))   # a seed-0 run's epoch 0
print(f"V = {V:,} words, d = {d}: the tables a run with seed 0 starts from (W_in ~ U(±0.5/d), W_out = 0)")

# %% [markdown]
# ### Predict
# Untrained, W_out = 0. For any pair (c, o), what is the softmax loss −log P(o | c)?

# %%
guess = None          # ← your prediction, e.g. 1 or 5
predict("loss at start", f"The untrained softmax loss of one pair, with V = {V:,}?", guess)

# %% [markdown]
# ## 1. The two tables as a lookup
# Multiplying the one-hot vector x_c by W_in picks row c: v_c = x_cᵀ W_in = W_in[c]. No
# multiplication is ever done — the code indexes the row. The scores of all V words are then one
# product s = W_out v_c.

# %%
section("1. One-hot × W_in picks a row")
word = "king" if "king" in c.vocab.index else c.vocab.words[100]
ci = c.vocab.index[word]
x = np.zeros(V)
x[ci] = 1.0
v_c = x @ W_in                                                  # (d,) the product, done in full once
print(f"x_{word} has a 1 at id {ci:,} and {V - 1:,} zeros; x @ W_in equals W_in[{ci}] exactly: "
      f"{np.array_equal(v_c, W_in[ci])} (max difference {np.abs(v_c - W_in[ci]).max():.1e})")
s = W_out @ v_c                                                 # (V,) scores
p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
o = c.vocab.index.get("queen", 1)
loss0 = -np.log(p[o])
reveal("loss at start", loss0, "{:.3f}", close=0.3)
print(f"W_out = 0 makes every score s_w = 0, so P(w | c) = 1/V for every word and the loss is log V = "
      f"log {V:,} = {np.log(V):.3f}, whichever pair: the model starts knowing nothing")
check(args, "softmax loss at the start = log V", loss0, full=(np.log(22_080), 1e-9), quick=(np.log(V), 1e-9))
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(11, 3.6))
ids = list(range(max(0, ci - 3), min(V, ci + 4)))
for r, i in enumerate(ids):                                      # the one-hot column and the rows of W_in
    y = len(ids) - 1 - r
    ax.add_patch(pyplot.Rectangle((0, y), 0.9, 0.9, color="#f4a582" if i == ci else "#f0f0f0"))
    ax.text(0.45, y + 0.45, "1" if i == ci else "0", ha="center", va="center", fontsize=9)
    ax.text(-0.1, y + 0.45, f"{c.vocab.words[i]} ({i:,})", ha="right", va="center", fontsize=8)
    for j in range(5):
        ax.add_patch(pyplot.Rectangle((2 + 1.3 * j, y), 1.2, 0.9, color="#f4a582" if i == ci else "#d9e8f5"))
        ax.text(2.6 + 1.3 * j, y + 0.45, f"{W_in[i, j]:+.4f}", ha="center", va="center", fontsize=7.5)
    ax.text(2 + 1.3 * 5 + 0.3, y + 0.45, f"… {d - 5} more", va="center", fontsize=7.5, color="#666666")
for j in range(5):                                               # the product: row c, again
    ax.add_patch(pyplot.Rectangle((12 + 1.3 * j, 3), 1.2, 0.9, color="#f4a582"))
    ax.text(12.6 + 1.3 * j, 3.45, f"{v_c[j]:+.4f}", ha="center", va="center", fontsize=7.5)
ax.text(1.45, 3.45, "×", ha="center", va="center", fontsize=14)
ax.text(11.3, 3.45, "=", ha="center", va="center", fontsize=14)
ax.text(12, 4.3, f"v_{word} = x_{word}ᵀ W_in = W_in[{ci}]", fontsize=9)
ax.text(0.45, len(ids) + 0.25, f"x_{word}", fontsize=9, ha="center")
ax.text(2, len(ids) + 0.25, f"W_in ({V:,} × {d}): rows {ids[0]:,}–{ids[-1]:,}, and the same {len(ids)} "
        f"of x's {V:,} entries", fontsize=9)
ax.set(xlim=(-3.2, 19), ylim=(-0.3, len(ids) + 0.8), xticks=[], yticks=[],
       title=f"The lookup: a one-hot vector times W_in is W_in's row (a seed-0 run's epoch 0, V = {V:,})")
for side in ax.spines.values():
    side.set_visible(False)
save(fig, args, "05_lookup.png")

# %% [markdown]
# ## 2. The gradient with respect to v_c, derived
# Write s = U v_c (U = W_out, one row u_w per word), p = softmax(s), y the one-hot vector of o.
#
# $$L = -s_o + \log \sum_{w} e^{s_w}$$
#
# $$\frac{\partial L}{\partial s_w} = -[w = o] + \frac{e^{s_w}}{\sum_{w'} e^{s_{w'}}} = p_w - y_w$$
#
# $$\frac{\partial s_w}{\partial v_c} = u_w \quad (s_w = u_w \cdot v_c)$$
#
# $$\frac{\partial L}{\partial v_c} = \sum_w \frac{\partial L}{\partial s_w}\,\frac{\partial s_w}{\partial v_c}
#   = \sum_w (p_w - y_w)\, u_w = U^\top (p - y)$$
#
# $$\frac{\partial L}{\partial u_w} = \frac{\partial L}{\partial s_w}\, v_c = (p_w - y_w)\, v_c
#   \qquad\text{(every one of the } V \text{ rows)}$$
#
# The check below takes one pair with W_out drawn at random (at W_out = 0 every u_w is 0 and the
# gradient is trivially 0), computes Uᵀ(p − y), and compares it with central differences of L,
# coordinate by coordinate of v_c.

# %%
section("2. ∂L/∂v_c = Uᵀ(p − y), checked on one pair")
rng = np.random.default_rng(5)
U = rng.normal(0, 0.1, (V, d))                                  # a W_out that is not all zeros


def loss_of(v):
    s = U @ v
    return float(np.log(np.exp(s - s.max()).sum()) + s.max() - s[o])


s = U @ W_in[ci]
p = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
y = np.zeros(V)
y[o] = 1.0
analytic = U.T @ (p - y)                                        # (d,)
h = 1e-6
numeric = np.array([(loss_of(W_in[ci] + h * e) - loss_of(W_in[ci] - h * e)) / (2 * h) for e in np.eye(d)])
rel = np.abs(analytic - numeric).max() / np.abs(numeric).max()
print(f"pair ({word}, {c.vocab.words[o]}): |Uᵀ(p − y)| = {np.linalg.norm(analytic):.4f}; the largest "
      f"difference from the central differences, relative to the largest entry: {rel:.1e}")
print(f"Uᵀ(p − y) = Σ_w p_w·u_w − u_o: the mean of all u_w weighted by p, minus u_o; a step −lr·∂L/∂v_c moves "
      f"v_c towards u_o and away from the words the model currently expects (this random W_out still keeps p "
      f"nearly uniform: p_o = {p[o]:.3e}, 1/V = {1 / V:.3e})")
check_range(args, "Uᵀ(p − y) against finite differences, relative", rel, full=(0, 1e-6), quick=(0, 1e-6),
            fmt="{:.1e}")

# %% [markdown]
# ## Exercise
# Write the softmax loss and gradients of a batch yourself, from section 2's derivation: the
# summed −log P(o | c) over B pairs, ∂L/∂W_in (a centre that appears twice gets both gradients)
# and ∂L/∂W_out (every row). Write it before you read section 3, which is one way to write it.

# %%
exercise("05", "softmax_loss_and_grads(W_in, W_out, center_ids, context_ids)")

# %% [markdown]
# ## 3. One way to write it, checked by finite differences
# In small steps with shapes; subtracting each row's maximum score changes no probability and keeps
# exp() from overflowing. Every entry of both gradients is compared with a central difference on a
# tiny float64 model (V = 7, d = 4) with a repeated centre.

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
    d_v_c = g @ W_out                                       # (B, d)  Uᵀ(p − y), one row per pair
    dW_out = g.T @ v_c                                      # (V, d)  all V rows
    dW_in = np.zeros_like(W_in)
    np.add.at(dW_in, center_ids, d_v_c)                     # repeated centres add up
    return float(loss), dW_in, dW_out


section("3. The batched softmax gradient, checked by finite differences")
W_in_t, W_out_t = rng.normal(0, 0.5, (7, 4)), rng.normal(0, 0.5, (7, 4))    # float64, V = 7, d = 4
c_t, o_t = np.array([1, 1, 3, 5, 0]), np.array([2, 4, 4, 0, 6])             # centre 1 repeated
_, dW_in_t, dW_out_t = softmax_loss_and_grads(W_in_t, W_out_t, c_t, o_t)
numeric = []
for W in (W_in_t, W_out_t):
    G = np.zeros_like(W)
    for idx in np.ndindex(*W.shape):
        old = W[idx]
        W[idx] = old + h
        up = softmax_loss_and_grads(W_in_t, W_out_t, c_t, o_t)[0]
        W[idx] = old - h
        G[idx] = (up - softmax_loss_and_grads(W_in_t, W_out_t, c_t, o_t)[0]) / (2 * h)
        W[idx] = old
    numeric.append(G)
worst = max(gradcheck.compare("dW_in", dW_in_t, numeric[0]), gradcheck.compare("dW_out", dW_out_t, numeric[1]))
check_range(args, "softmax gradient, worst relative difference", worst, full=(0, 1e-6),
            quick=(0, 1e-6), fmt="{:.1e}")

# %% [markdown]
# ## Try next
# - Hierarchical softmax (word2vec's other option) costs log2(V)·d per pair instead of V·d: how
#   many times fewer multiply-adds is that for V = 22,080?
# - Lesson 6 measures the softmax's cost per pair and trains it beside negative sampling.
