# %% [markdown]
# # Lesson 5 — the full softmax: predict the context among all V words, and its gradient
#
# Skip-gram's first formulation predicts the context word o among all V words:
#
#     P(o | c)   = exp(u_o·v_c) / Σ_{w=1..V} exp(u_w·v_c)
#     L_softmax  = −log P(o | c) = −u_o·v_c + log Σ_w exp(u_w·v_c)
#     ∂L/∂v_c    = Σ_w P(w | c)·u_w − u_o  = Uᵀ(p − y)             (p: the V probabilities, y: one-hot o)
#     ∂L/∂u_w    = (P(w | c) − [w = o])·v_c        for every one of the V words
#
# Here v_c is the centre's row of W_in (the input) and u_w a row of W_out. You will see the
# softmax's loss and gradient in NumPy, checked by finite differences. (Lesson 6 measures what
# computing all V scores per pair costs, and what negative sampling does instead.)

# %%
import numpy as np
from lesson_utils import check_range, exercise, parse, section

from skipgram_np import gradcheck

args = parse("Lesson 5: the full softmax and its gradient")

# %% [markdown]
# ## 1. The softmax loss and its gradient
# Written in small steps with shapes; subtracting each row's maximum score changes no probability
# and keeps exp() from overflowing.

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
    return float(loss), dW_in, dW_out


section("1. The softmax gradient, checked by finite differences")
rng = np.random.default_rng(0)
W_in_t, W_out_t = rng.normal(0, 0.5, (7, 4)), rng.normal(0, 0.5, (7, 4))    # float64, V = 7, d = 4
c_t, o_t = np.array([1, 1, 3, 5, 0]), np.array([2, 4, 4, 0, 6])             # centre 1 repeated
_, dW_in_t, dW_out_t = softmax_loss_and_grads(W_in_t, W_out_t, c_t, o_t)
numeric = []
for W in (W_in_t, W_out_t):
    G = np.zeros_like(W)
    for idx in np.ndindex(*W.shape):
        old, h = W[idx], 1e-6
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
# ## Exercise
# Write the softmax loss and gradient yourself (without looking above).

# %%
exercise("05", "softmax_loss_and_grads(W_in, W_out, center_ids, context_ids)")

# %% [markdown]
# ## Try next
# - Hierarchical softmax (word2vec's other option) costs log2(V)·d per pair instead of V·d: how
#   many times fewer multiply-adds is that for V = 22,080?
# - Lesson 6 measures the softmax's cost per pair and trains it beside negative sampling.
