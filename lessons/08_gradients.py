# %% [markdown]
# # Lesson 8 — the loss and its gradients, derived by hand and checked numerically
#
#     L        = −[ log σ(s_pos) + Σ_k log σ(−s_k) ]      s_pos = v_c·u_o,  s_k = v_c·u_{n_k}
#     g_pos    = ∂L/∂s_pos = σ(s_pos) − 1                  g_k = ∂L/∂s_k = σ(s_k)
#     ∂L/∂v_c  = g_pos·u_o + Σ_k g_k·u_{n_k}
#     ∂L/∂u_o  = g_pos·v_c                                ∂L/∂u_{n_k} = g_k·v_c
#     SGD:  W ← W − lr·∂L/∂W      (a row used twice in a batch gets the sum of both gradients)
#
# You will see the loss of one pair computed step by step, the gradients derived one line at a
# time and checked on that pair, then every gradient entry of a tiny model compared with a central
# difference (L(W + h) − L(W − h)) / 2h — with a repeated centre and a negative equal to its
# positive, whose gradients must add up — and the Numba kernel making the same update as the NumPy
# reference. This is the whole of the maths; the fast kernels do exactly this.

# %%
import numpy as np
from lesson_utils import check, check_range, exercise, parse, predict, reveal, section

from skipgram_np import gradcheck, kernels, model

args = parse("Lesson 8: the loss and its gradients")
rng = np.random.default_rng(0)
K = 5

# %% [markdown]
# ### Predict
# Untrained, W_out = 0 (lesson 5's tables). With k = 5 negatives, what is the loss L of one pair?

# %%
guess = None          # ← your prediction, e.g. 0 or 10
predict("loss at start", f"The untrained loss of one pair, k = {K}?", guess)

# %% [markdown]
# ## 1. One pair, step by step
# First a pair with random vectors (d = 4, k = 2), then the untrained case: W_out = 0.

# %%
section("1. One pair, step by step")
d = 4
v_c, u_o, u_n = rng.normal(0, 0.5, d), rng.normal(0, 0.5, d), rng.normal(0, 0.5, (2, d))
s_pos, s_neg = v_c @ u_o, u_n @ v_c
print(f"s_pos = v_c·u_o = {s_pos:+.4f}   σ(s_pos) = {model.sigmoid(s_pos):.4f}  (training pushes it to 1)")
print(f"s_neg = v_c·u_n = {np.round(s_neg, 4)}   σ(s_neg) = {np.round(model.sigmoid(s_neg), 4)}  (pushed to 0)")
loss = -(model.log_sigmoid(s_pos) + model.log_sigmoid(-s_neg).sum())
print(f"L = {loss:.4f}")
check(args, "L of this pair", loss, full=(1.8113, 0.0001), quick=(1.8113, 0.0001), fmt="{:.4f}")
untrained = -(model.log_sigmoid(v_c @ np.zeros(d)) + K * model.log_sigmoid(-(v_c @ np.zeros(d))))
reveal("loss at start", untrained, "{:.3f}", close=0.3)
print(f"with W_out = 0 every score is 0 and σ(0) = ½: each of the k + 1 = {K + 1} yes/no questions costs "
      f"−log ½ = log 2, so L = (k + 1)·log 2 = {(K + 1) * np.log(2):.4f} — the L_0 of lesson 9's loss curve")

# %% [markdown]
# ## 2. The gradients, derived
# One fact about σ(x) = 1 / (1 + e^{−x}) does all the work:
#
# $$\frac{d\sigma}{dx} = \sigma(x)\,(1 - \sigma(x)) \qquad\Rightarrow\qquad
#   \frac{d}{dx}\log\sigma(x) = \frac{\sigma(x)(1-\sigma(x))}{\sigma(x)} = 1 - \sigma(x)$$
#
# The positive term, then each negative term (chain rule through −s_k):
#
# $$g_{pos} = \frac{\partial L}{\partial s_{pos}} = -\frac{d}{ds}\log\sigma(s)\Big|_{s_{pos}} = -(1 - \sigma(s_{pos}))
#   = \sigma(s_{pos}) - 1$$
#
# $$g_k = \frac{\partial L}{\partial s_k} = -\frac{d}{ds}\log\sigma(-s)\Big|_{s_k} = -(1 - \sigma(-s_k))\cdot(-1)
#   = 1 - \sigma(-s_k) = \sigma(s_k)$$
#
# Each score is a dot product, s = v_c·u, so ∂s/∂v_c = u and ∂s/∂u = v_c:
#
# $$\frac{\partial L}{\partial v_c} = g_{pos}\,u_o + \sum_k g_k\,u_{n_k}
#   \qquad \frac{\partial L}{\partial u_o} = g_{pos}\,v_c
#   \qquad \frac{\partial L}{\partial u_{n_k}} = g_k\,v_c$$
#
# g_pos is negative (a step raises s_pos) and g_k positive (a step lowers s_k); both shrink as the
# model gets the pair right. The check: each formula against a central difference on section 1's pair.

# %%
section("2. g_pos, g_k and the three gradients, checked on one pair")
h = 1e-6


def L_of(v, uo, un):
    return -(model.log_sigmoid(v @ uo) + model.log_sigmoid(-(un @ v)).sum())


def numeric_grad(f, x):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


g_pos, g_neg = model.sigmoid(s_pos) - 1, model.sigmoid(s_neg)
pairs_checked = {
    "g_pos = ∂L/∂s_pos": (g_pos, (-(model.log_sigmoid(s_pos + h)) + model.log_sigmoid(s_pos - h)) / (2 * h)),
    "g_k = ∂L/∂s_k": (g_neg, np.array([(-model.log_sigmoid(-(x + h)) + model.log_sigmoid(-(x - h))) / (2 * h)
                                       for x in s_neg])),
    "∂L/∂v_c": (g_pos * u_o + g_neg @ u_n, numeric_grad(lambda v: L_of(v, u_o, u_n), v_c)),
    "∂L/∂u_o": (g_pos * v_c, numeric_grad(lambda u: L_of(v_c, u, u_n), u_o)),
    "∂L/∂u_n1": (g_neg[0] * v_c, numeric_grad(lambda u: L_of(v_c, u_o, np.stack([u, u_n[1]])), u_n[0])),
}
worst_one = 0.0
for name, (formula, fd) in pairs_checked.items():
    diff = float(np.max(np.abs(np.asarray(formula) - fd)))
    worst_one = max(worst_one, diff)
    print(f"{name:>18}: formula {np.round(np.atleast_1d(formula), 4)}   central difference "
          f"{np.round(np.atleast_1d(fd), 4)}   largest difference {diff:.1e}")
check_range(args, "one pair: largest |formula − central difference|", worst_one, full=(0, 1e-8),
            quick=(0, 1e-8), fmt="{:.1e}")

# %% [markdown]
# ## 3. A batch with repeated ids, and the Numba kernel
# The gradient check: float64, V = 7, d = 4, a batch of 5 pairs with k = 3 negatives, centre 0
# repeated and one negative equal to its pair's positive (model.loss_and_grads must add their
# gradients up). Then two pairs with the same centre and a repeated negative, one SGD step each
# (lr = 0.1), in NumPy (model.sgd_step) and in the kernel (kernels.sgd_pairs).

# %%
section("3. Gradient check (float64, central differences), and the kernel")
worst = gradcheck.check(seed=1)
check_range(args, "worst relative difference, analytic vs numeric", worst, full=(0, 1e-6),
            quick=(0, 1e-6), fmt="{:.1e}")
W_in, W_out = rng.normal(0, 0.3, (6, 4)).astype(np.float32), rng.normal(0, 0.3, (6, 4)).astype(np.float32)
c, o, n = np.array([1, 1], np.int32), np.array([2, 3], np.int32), np.array([[4, 2], [5, 5]], np.int32)
ref_in, ref_out = W_in.copy(), W_out.copy()
for i in range(2):
    model.sgd_step(ref_in, ref_out, c[i:i + 1], o[i:i + 1], n[i:i + 1], 0.1)
kernels.sgd_pairs(W_in, W_out, c, o, n, np.full(2, 0.1))
diff = max(np.abs(W_in - ref_in).max(), np.abs(W_out - ref_out).max())
check_range(args, "max |kernel − NumPy| after two SGD steps", diff, full=(0, 1e-5), quick=(0, 1e-5),
            fmt="{:.1e}")

# %% [markdown]
# ## Exercise
# Write `loss_and_grads` (the summed loss of a batch and the gradients of both tables) and
# `sgd_step` (one step, in place), from section 2's derivation. Repeated ids are the usual trap:
# before coding, say which rows of dW_out a batch with one pair (c, o) and negatives (n, n) touches,
# and by how much.

# %%
exercise("08", "loss_and_grads(...) and sgd_step(...)")

# %% [markdown]
# ## Try next
# - Change `np.add.at` in model.py to `dW_in[center_ids] += d_v_c` and run the gradient check
#   again: which entries go wrong, and why only those?
# - Lesson 9 trains on WikiText-2 with these gradients.
