"""Exercise for lesson 3 — subsampling's keep probability.

Fill in the function below, then check it:   python lessons/check.py 03
"""
import numpy as np  # noqa: F401 (you will need it)


def keep_prob(counts, t=1e-5):
    """The probability that one occurrence of each word survives subsampling.

        f(w)         = count(w) / Σ_w' count(w')
        keep_prob(w) = min(1, sqrt(t / f(w)))

    counts: (V,) word counts (integers, all > 0); t: the threshold.
    Returns a (V,) float array.
    """
    raise NotImplementedError("fill in keep_prob")
