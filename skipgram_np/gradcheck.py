"""Check hand-written gradients against finite differences, and say how well they agree.

    numeric ∂L/∂W[i, j] ≈ (L(W + h·e_ij) − L(W − h·e_ij)) / 2h      (central difference, float64)
"""
from __future__ import annotations

import numpy as np

from . import model


def compare(name: str, analytic: np.ndarray, numeric: np.ndarray, log=print) -> float:
    """Print "exact / approximate / wrong" and the max relative difference, as makemore does."""
    analytic, numeric = np.asarray(analytic, np.float64), np.asarray(numeric, np.float64)
    scale = max(np.abs(analytic).max(), np.abs(numeric).max(), 1e-12)
    rel = float(np.abs(analytic - numeric).max() / scale)
    verdict = "exact" if np.array_equal(analytic, numeric) else "approximate" if rel < 1e-6 else "wrong"
    log(f"{name:<8} {verdict:<12} max relative difference {rel:.2e}")
    return rel


def numeric_grads(W_in, W_out, center_ids, context_ids, negative_ids, h: float = 1e-6):
    """Finite-difference gradients of the summed loss w.r.t. every entry of both tables."""
    def loss():
        return model.loss_and_grads(W_in, W_out, center_ids, context_ids, negative_ids)[0]
    grads = []
    for W in (W_in, W_out):
        G = np.zeros_like(W)
        for idx in np.ndindex(*W.shape):
            old = W[idx]
            W[idx] = old + h
            up = loss()
            W[idx] = old - h
            down = loss()
            W[idx] = old
            G[idx] = (up - down) / (2 * h)
        grads.append(G)
    return grads


def check(seed: int = 0, vocab_size: int = 7, dim: int = 4, batch: int = 5, k: int = 3, log=print) -> float:
    """Gradient check on a tiny float64 model with repeated ids. -> worst relative difference."""
    rng = np.random.default_rng(seed)
    W_in = rng.normal(0, 0.5, (vocab_size, dim))
    W_out = rng.normal(0, 0.5, (vocab_size, dim))
    center_ids = rng.integers(0, vocab_size, batch)
    context_ids = rng.integers(0, vocab_size, batch)
    negative_ids = rng.integers(0, vocab_size, (batch, k))
    center_ids[1] = center_ids[0]                     # a repeated centre
    negative_ids[2, 0] = context_ids[2]               # a negative equal to its positive
    _, dW_in, dW_out = model.loss_and_grads(W_in, W_out, center_ids, context_ids, negative_ids)
    num_in, num_out = numeric_grads(W_in, W_out, center_ids, context_ids, negative_ids)
    return max(compare("dW_in", dW_in, num_in, log), compare("dW_out", dW_out, num_out, log))
