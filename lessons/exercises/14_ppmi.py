"""Exercise for lesson 14 — positive pointwise mutual information with context smoothing.

Fill in the function below, then check it:   python lessons/check.py 14
"""
import numpy as np  # noqa: F401 (you will need it)


def ppmi(C, alpha=0.75):
    """PPMI of a dense co-occurrence count matrix C (rows: words w, columns: contexts c).

        P(w, c) = C[w, c] / Σ C        P(w) = Σ_c C[w, c] / Σ C
        P_α(c)  = (Σ_w C[w, c])^α / Σ_c' (Σ_w C[w, c'])^α          (context smoothing)
        PPMI    = max(0, log( P(w, c) / (P(w)·P_α(c)) )),   and 0 where C[w, c] = 0

    C: (V, V) non-negative float array, every row and column with some count.
    Returns a (V, V) float array.
    """
    raise NotImplementedError("fill in ppmi")
