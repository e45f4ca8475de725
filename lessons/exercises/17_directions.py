"""Exercise for lesson 17 — relations as offsets: the plane of an analogy.

Fill in the function below, then check it:   python lessons/check.py 17
"""
import numpy as np  # noqa: F401 (you will need it)


def analogy_coordinates(W, a, b, c, d):
    """The plane of "a − b + c" (king − man + woman), with every row scaled to length 1:

        origin b̂;  e1 = (â − b̂) / |â − b̂|;  e2 = the part of ĉ − b̂ orthogonal to e1, scaled to length 1
        the place of a point p: ((p − b̂)·e1, (p − b̂)·e2)

    W: (V, dim) float array; a, b, c, d: word ids (d: the expected answer).
    Returns a (5, 2) float array: the places of â, b̂, ĉ, the tip â − b̂ + ĉ and d̂, in that order.
    """
    raise NotImplementedError("fill in analogy_coordinates")
