"""Exercise for lesson 4 — the skip-gram pairs of one sequence.

Fill in the function below, then check it:   python lessons/check.py 04
"""
import numpy as np  # noqa: F401 (you will need it)


def window_pairs(ids, window):
    """Every (centre, context) pair of the sequence ``ids``:

        pairs = { (ids[i], ids[i + j]) : 1 <= |j| <= window, 0 <= i + j < len(ids) }

    ids: (n,) int array of word ids; window: how many words on each side.
    Returns (centers, contexts): two int arrays of equal length, in any order.
    """
    raise NotImplementedError("fill in window_pairs")
