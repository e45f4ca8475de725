"""Exercise for lesson 18 — axes made of words: a word's coordinate on an axis.

Fill in the function below, then check it:   python lessons/check.py 18
"""
import numpy as np  # noqa: F401 (you will need it)


def project(W, pos, neg, words):
    """Each word's coordinate on the axis "pos − neg" (he, man − she, woman):

        ŵ = W[w] / |W[w]| for every row (only directions count)
        d = mean of ŵ over pos − mean of ŵ over neg, then scaled to length 1
        coordinate(w) = cos(w, d) = ŵ · d

    W: (V, dim) float array, one row per word; pos, neg, words: lists of word ids (pos and neg may
    have different lengths). Returns a (len(words),) float array.
    """
    raise NotImplementedError("fill in project")
