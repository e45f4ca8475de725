"""Exercise for lesson 11 — one Adam update of some rows of a table.

Fill in the function below, then check it:   python lessons/check.py 11
"""
import numpy as np  # noqa: F401 (you will need it)


def adam_update(W, m, v, grad, rows, lr, t, beta1, beta2, eps):
    """Adam (Kingma & Ba 2015) on the rows ``rows`` of W, in place (W, m and v all change):

        m ← β1·m + (1 − β1)·g            v ← β2·v + (1 − β2)·g²          (g = grad[rows])
        m̂ = m / (1 − β1^t)              v̂ = v / (1 − β2^t)               (bias correction)
        W ← W − lr · m̂ / (sqrt(v̂) + ε)

    W, m, v, grad: (V, d) float arrays; rows: (r,) distinct row ids; t: the step number (1, 2, …).
    Rows not in ``rows`` do not change. Returns nothing.
    """
    raise NotImplementedError("fill in adam_update")
