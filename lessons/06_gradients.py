"""Lesson 6 — the loss and its gradients, derived by hand and checked numerically.

    L = −[ log σ(v_c·u_o) + Σ_k log σ(−v_c·u_{n_k}) ]
    ∂L/∂v_c = (σ(s_pos) − 1)·u_o + Σ_k σ(s_k)·u_{n_k}      ∂L/∂u_o = (σ(s_pos) − 1)·v_c
    ∂L/∂u_{n_k} = σ(s_k)·v_c

You will see: the loss of one pair computed step by step, then every gradient entry of a tiny
model compared with a finite difference (L(W + h) − L(W − h)) / 2h, including a repeated centre
and a negative equal to its positive (their gradients must add up).
Why it matters: this is the whole of the maths; the fast kernels do exactly this.
"""
import numpy as np
from lesson_utils import parse, section

from skipgram_np import gradcheck, kernels, model

args = parse(__doc__)
rng = np.random.default_rng(0)

section("1. One pair, step by step")
d = 4
v_c, u_o, u_n = rng.normal(0, 0.5, d), rng.normal(0, 0.5, d), rng.normal(0, 0.5, (2, d))
s_pos, s_neg = v_c @ u_o, u_n @ v_c
print(f"s_pos = v_c·u_o = {s_pos:+.4f}   σ(s_pos) = {model.sigmoid(s_pos):.4f}  (want near 1)")
print(f"s_neg = v_c·u_n = {np.round(s_neg, 4)}   σ(s_neg) = {np.round(model.sigmoid(s_neg), 4)}  (want near 0)")
loss = -(model.log_sigmoid(s_pos) + model.log_sigmoid(-s_neg).sum())
print(f"L = {loss:.4f}")
print(f"g_pos = σ(s_pos) − 1 = {model.sigmoid(s_pos) - 1:+.4f};  g_neg = σ(s_neg) = {np.round(model.sigmoid(s_neg), 4)}")

section("2. Gradient check (float64, central differences)")
worst = gradcheck.check(seed=1)
print(f"worst relative difference: {worst:.2e}  -> {'PASS' if worst < 1e-6 else 'FAIL'} (< 1e-6)")

section("3. The Numba kernel does the same update")
W_in, W_out = rng.normal(0, 0.3, (6, 4)).astype(np.float32), rng.normal(0, 0.3, (6, 4)).astype(np.float32)
c, o, n = np.array([1, 1], np.int32), np.array([2, 3], np.int32), np.array([[4, 2], [5, 5]], np.int32)
ref_in, ref_out = W_in.copy(), W_out.copy()
for i in range(2):
    model.sgd_step(ref_in, ref_out, c[i:i + 1], o[i:i + 1], n[i:i + 1], 0.1)
kernels.sgd_pairs(W_in, W_out, c, o, n, np.full(2, 0.1))
print(f"max |kernel − NumPy| after two SGD steps: {max(np.abs(W_in - ref_in).max(), np.abs(W_out - ref_out).max()):.1e}")
print("\nNext: lesson 7 trains on a slice of WikiText-2.")
