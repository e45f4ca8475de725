"""Exercise for lesson 14 — directions of meaning: a word's coordinate on an axis, and the plane
of an analogy.

Fill in the two functions below, then check them:   python lessons/check.py 14
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


def analogy_coordinates(W, a, b, c, d):
    """The plane of "a − b + c" (king − man + woman), with every row scaled to length 1:

        origin b̂;  e1 = (â − b̂) / |â − b̂|;  e2 = the part of ĉ − b̂ orthogonal to e1, scaled to length 1
        the place of a point p: ((p − b̂)·e1, (p − b̂)·e2)

    W: (V, dim) float array; a, b, c, d: word ids (d: the expected answer).
    Returns a (5, 2) float array: the places of â, b̂, ĉ, the tip â − b̂ + ĉ and d̂, in that order.
    """
    raise NotImplementedError("fill in analogy_coordinates")
