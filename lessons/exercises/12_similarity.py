"""Exercise for lesson 12 — cosine similarity and the 3CosAdd analogy.

Fill in the two functions below, then check them:   python lessons/check.py 12
"""
import numpy as np  # noqa: F401 (you will need it)


def cosine(x, y):
    """cos(x, y) = x·y / (|x|·|y|) of two vectors. Returns a float."""
    raise NotImplementedError("fill in cosine")


def three_cos_add(W, a, b, c):
    """The answer to "a − b + c = ?" by 3CosAdd (king − man + woman = queen):

        â = W[a] / |W[a]| (the same for every row)
        answer = argmax over words w not in {a, b, c} of cos(W[w], â − b̂ + ĉ)

    W: (V, d) float array, one row per word; a, b, c: word ids.
    Returns the id (an int) of the best word.
    """
    raise NotImplementedError("fill in three_cos_add")
