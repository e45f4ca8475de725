# %% [markdown]
# # Lesson 8 — the loss and its gradients, derived by hand and checked numerically
#
#     L        = −[ log σ(s_pos) + Σ_k log σ(−s_k) ]      s_pos = v_c·u_o,  s_k = v_c·u_{n_k}
#     g_pos    = ∂L/∂s_pos = σ(s_pos) − 1                  g_k = ∂L/∂s_k = σ(s_k)
#     ∂L/∂v_c  = g_pos·u_o + Σ_k g_k·u_{n_k}
#     ∂L/∂u_o  = g_pos·v_c                                ∂L/∂u_{n_k} = g_k·v_c
#     SGD:  W ← W − lr·∂L/∂W      (a row used twice in a batch gets the sum of both gradients)
#
# (using d/dx log σ(x) = 1 − σ(x)). You will see the loss of one pair computed step by step, then
# every gradient entry of a tiny model compared with a central difference
# (L(W + h) − L(W − h)) / 2h — with a repeated centre and a negative equal to its positive, whose
# gradients must add up — and the Numba kernel making the same update as the NumPy reference.
# This is the whole of the maths; the fast kernels do exactly this.

# %%
import numpy as np
from lesson_utils import check, check_range, exercise, parse, section

from skipgram_np import gradcheck, kernels, model

args = parse("Lesson 8: the loss and its gradients")
rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. One pair, step by step

# %%
section("1. One pair, step by step")
d = 4
v_c, u_o, u_n = rng.normal(0, 0.5, d), rng.normal(0, 0.5, d), rng.normal(0, 0.5, (2, d))
s_pos, s_neg = v_c @ u_o, u_n @ v_c
print(f"s_pos = v_c·u_o = {s_pos:+.4f}   σ(s_pos) = {model.sigmoid(s_pos):.4f}  (training pushes it to 1)")
print(f"s_neg = v_c·u_n = {np.round(s_neg, 4)}   σ(s_neg) = {np.round(model.sigmoid(s_neg), 4)}  (pushed to 0)")
loss = -(model.log_sigmoid(s_pos) + model.log_sigmoid(-s_neg).sum())
print(f"L = {loss:.4f}")
print(f"g_pos = σ(s_pos) − 1 = {model.sigmoid(s_pos) - 1:+.4f};  "
      f"g_neg = σ(s_neg) = {np.round(model.sigmoid(s_neg), 4)}")
print(f"untrained (W_out = 0): every s = 0, so L = (k + 1)·log 2 = {3 * np.log(2):.4f} here, "
      f"{6 * np.log(2):.4f} for k = 5")
check(args, "L of this pair", loss, full=(1.8113, 0.0001), quick=(1.8113, 0.0001), fmt="{:.4f}")

# %% [markdown]
# ## 2. Gradient check
# float64, V = 7, d = 4, a batch of 5 pairs with k = 3 negatives, centre 0 repeated and one
# negative equal to its pair's positive.

# %%
section("2. Gradient check (float64, central differences)")
worst = gradcheck.check(seed=1)
check_range(args, "worst relative difference, analytic vs numeric", worst, full=(0, 1e-6),
            quick=(0, 1e-6), fmt="{:.1e}")

# %% [markdown]
# ## 3. The Numba kernel makes the same update
# Two pairs with the same centre and a repeated negative, one SGD step each (lr = 0.1), in NumPy
# (model.sgd_step) and in the kernel (kernels.sgd_pairs).

# %%
section("3. The Numba kernel does the same update")
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
# `sgd_step` (one step, in place). Repeated ids are the usual trap.

# %%
exercise("08", "loss_and_grads(...) and sgd_step(...)")

# %% [markdown]
# ## Try next
# - Change `np.add.at` in model.py to `dW_in[center_ids] += d_v_c` and run the gradient check
#   again: which entries go wrong, and why only those?
# - Lesson 9 trains on WikiText-2 with these gradients.
