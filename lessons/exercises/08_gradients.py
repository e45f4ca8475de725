"""Exercise for lesson 8 — the negative-sampling loss, its gradients and one SGD step.

Fill in the two functions below, then check them:   python lessons/check.py 08
"""
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def loss_and_grads(W_in, W_out, center_ids, context_ids, negative_ids):
    """The summed loss of a batch of B pairs and the gradients of that sum.

        s_pos = v_c·u_o          s_k = v_c·u_{n_k}       (v_c = W_in[c], u = rows of W_out)
        L     = −Σ over the batch of [ log σ(s_pos) + Σ_k log σ(−s_k) ]
        g_pos = σ(s_pos) − 1     g_k = σ(s_k)
        ∂L/∂v_c = g_pos·u_o + Σ_k g_k·u_{n_k}     ∂L/∂u_o = g_pos·v_c     ∂L/∂u_{n_k} = g_k·v_c

    The same id can appear several times in a batch (as a centre, a context or a negative); its
    row's gradient is the sum over all its appearances.

    W_in, W_out: (V, d) float arrays; center_ids, context_ids: (B,) ints; negative_ids: (B, k) ints.
    Returns (loss, dW_in, dW_out): a float and two (V, d) arrays.
    """
    raise NotImplementedError("fill in loss_and_grads")


def sgd_step(W_in, W_out, center_ids, context_ids, negative_ids, lr):
    """One SGD step on the summed loss of the batch, in place:

        W_in ← W_in − lr·∂L/∂W_in        W_out ← W_out − lr·∂L/∂W_out

    Returns the loss *before* the step (a float). Use your loss_and_grads.
    """
    raise NotImplementedError("fill in sgd_step")
