"""Exercise for lesson 5 — the full softmax loss and its gradients.

Fill in the function below, then check it:   python lessons/check.py 05
"""
import numpy as np  # noqa: F401 (you will need it)


def softmax_loss_and_grads(W_in, W_out, center_ids, context_ids):
    """The summed softmax loss of a batch of B (centre, context) pairs and its gradients.

        s_w       = v_c·u_w  for every word w          (v_c = W_in[c], u_w = W_out[w])
        P(o | c)  = exp(s_o) / Σ_w exp(s_w)
        L         = Σ over the batch of −log P(o | c)
        ∂L/∂s_w   = P(w | c) − [w = o]
        ∂L/∂v_c   = Σ_w ∂L/∂s_w · u_w                  ∂L/∂u_w = Σ over the batch of ∂L/∂s_w · v_c

    Scores can be large: subtract each row's maximum before exp (it changes no probability).
    A centre that appears twice in the batch gets the sum of both gradients.

    W_in, W_out: (V, d) float arrays; center_ids, context_ids: (B,) int arrays.
    Returns (loss, dW_in, dW_out): a float and two (V, d) arrays.
    """
    raise NotImplementedError("fill in softmax_loss_and_grads")
