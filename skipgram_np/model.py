"""The skip-gram negative-sampling model in plain NumPy: the maths a learner reads.

Two tables, V × d:  W_in (row v_c: a word as the centre, the input) and W_out (row u_o: a word as
a context or negative, the output). For one (centre c, context o) pair and k negatives n_1..n_k
drawn from P_n, the loss is

    L = −[ log σ(v_c·u_o) + Σ_k log σ(−v_c·u_{n_k}) ]            σ(x) = 1 / (1 + e^{−x})

Derivation of the gradients (using d/dx log σ(x) = 1 − σ(x) = σ(−x)):
    s_pos = v_c·u_o                ∂L/∂s_pos = −(1 − σ(s_pos)) = σ(s_pos) − 1   =: g_pos
    s_k   = v_c·u_{n_k}            ∂L/∂s_k   = 1 − σ(−s_k)    = σ(s_k)          =: g_k
and by the chain rule through the dot products:
    ∂L/∂v_c     = g_pos·u_o + Σ_k g_k·u_{n_k}
    ∂L/∂u_o     = g_pos·v_c
    ∂L/∂u_{n_k} = g_k·v_c
In a batch the same word can appear many times (as centre, context and negative at once); its row
gradient is the sum of all its appearances (``np.add.at``: fancy-index ``+=`` would keep only one).

Which word is the input: here, as in the reference pipeline, the centre word's W_in row is the
input and the context word is predicted. word2vec.c and gensim feed the context word's row and
predict the centre; since windows are symmetric both see the same set of pairs.

Initialisation as word2vec.c: W_in ~ U(−0.5/d, 0.5/d), W_out = 0. (With N(0, 1) rows, as
``torch.nn.Embedding`` would give, the dot products start around ±10, σ saturates, and training
crawls: the reference PyTorch run's epochs 2 and 5 are near random.)
"""
from __future__ import annotations

import numpy as np


def init_tables(vocab_size: int, dim: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """-> (W_in, W_out), float32: W_in ~ U(−0.5/d, 0.5/d), W_out = 0."""
    W_in = ((rng.random((vocab_size, dim)) - 0.5) / dim).astype(np.float32)
    W_out = np.zeros((vocab_size, dim), dtype=np.float32)
    return W_in, W_out


def sigmoid(x):
    """σ(x) = 1 / (1 + e^{−x}), without overflow for large |x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_sigmoid(x):
    """log σ(x) = −log(1 + e^{−x}), stable for large |x|."""
    return -np.logaddexp(0.0, -x)


def loss_and_grads(W_in, W_out, center_ids, context_ids, negative_ids):
    """Summed loss over a batch of B pairs and the dense row gradients of that sum.

    center_ids (B,), context_ids (B,), negative_ids (B, k) -> (loss, dW_in (V, d), dW_out (V, d)).
    Computed in the tables' dtype; the loss is returned as a Python float.
    """
    v_c = W_in[center_ids]                                  # (B, d)
    u_pos = W_out[context_ids]                              # (B, d)
    u_neg = W_out[negative_ids]                             # (B, k, d)
    # forward
    s_pos = np.einsum("bd,bd->b", v_c, u_pos)               # (B,)
    s_neg = np.einsum("bd,bkd->bk", v_c, u_neg)             # (B, k)
    loss = -(log_sigmoid(s_pos).sum() + log_sigmoid(-s_neg).sum())
    # backward: ∂L/∂s
    g_pos = sigmoid(s_pos) - 1.0                            # (B,)
    g_neg = sigmoid(s_neg)                                  # (B, k)
    # backward: ∂L/∂rows
    d_v_c = g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg)   # (B, d)
    d_u_pos = g_pos[:, None] * v_c                          # (B, d)
    d_u_neg = g_neg[:, :, None] * v_c[:, None, :]           # (B, k, d)
    # scatter into the tables, summing repeated ids
    dW_in = np.zeros_like(W_in)
    dW_out = np.zeros_like(W_out)
    np.add.at(dW_in, center_ids, d_v_c)
    np.add.at(dW_out, context_ids, d_u_pos)
    np.add.at(dW_out, negative_ids.ravel(), d_u_neg.reshape(-1, W_out.shape[1]))
    return float(loss), dW_in, dW_out


def sgd_step(W_in, W_out, center_ids, context_ids, negative_ids, lr: float) -> float:
    """One SGD step on the summed loss of the batch (in place). Returns the loss before the step.

    word2vec takes this step for every pair (a batch of one); pWord2Vec takes it for the pairs that
    share a context word and its negatives.
    """
    loss, dW_in, dW_out = loss_and_grads(W_in, W_out, center_ids, context_ids, negative_ids)
    W_in -= lr * dW_in
    W_out -= lr * dW_out
    return loss


class AdamState:
    """First and second moments per table row, and the step count t.

    Lazy ("sparse") Adam updates only the rows the batch touched; a row's moments do not decay
    while it is absent. Dense Adam (torch.optim.Adam on the whole table) decays every row's moments
    every step and keeps moving absent rows by their momentum: V × d work per step, ~100× slower
    here, and the reference's 62–94 s/epoch.
    """

    def __init__(self, W_in, W_out):
        self.m_in, self.v_in = np.zeros_like(W_in), np.zeros_like(W_in)
        self.m_out, self.v_out = np.zeros_like(W_out), np.zeros_like(W_out)
        self.step = 0


def adam_update(W, m, v, grad, rows, lr, t, beta1, beta2, eps):
    """Adam (Kingma & Ba, 2015) on ``rows`` of W, as torch.optim.Adam writes it:

        m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
        W ← W − lr/(1 − β1^t) · m / (sqrt(v)/sqrt(1 − β2^t) + ε)
    """
    g = grad[rows]
    m[rows] = beta1 * m[rows] + (1 - beta1) * g
    v[rows] = beta2 * v[rows] + (1 - beta2) * g * g
    denom = np.sqrt(v[rows]) / np.sqrt(1 - beta2 ** t) + eps
    W[rows] -= (lr / (1 - beta1 ** t)) * m[rows] / denom


def adam_step(W_in, W_out, state: AdamState, center_ids, context_ids, negative_ids, lr: float,
              betas=(0.9, 0.999), eps=1e-8, lazy: bool = True) -> float:
    """One Adam step on the *mean* loss of the batch (in place). Returns the summed loss."""
    loss, dW_in, dW_out = loss_and_grads(W_in, W_out, center_ids, context_ids, negative_ids)
    B = len(center_ids)
    state.step += 1
    if lazy:
        rows_in = np.unique(center_ids)
        rows_out = np.unique(np.concatenate([context_ids, negative_ids.ravel()]))
    else:
        rows_in = rows_out = np.arange(len(W_in))
    adam_update(W_in, state.m_in, state.v_in, dW_in / B, rows_in, lr, state.step, *betas, eps)
    adam_update(W_out, state.m_out, state.v_out, dW_out / B, rows_out, lr, state.step, *betas, eps)
    return loss
