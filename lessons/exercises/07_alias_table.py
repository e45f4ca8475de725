"""Exercise for lesson 7 — Walker's alias tables (Vose's construction).

Fill in the function below, then check it:   python lessons/check.py 07
"""
import numpy as np  # noqa: F401 (you will need it)


def alias_table(p):
    """Tables (prob, alias) so that this draw returns word i with probability p[i]:

        x = u·V (u uniform in [0, 1)),  i = floor(x),  return i if (x − i) < prob[i] else alias[i]

    Vose's construction: scaled = p·V (an average word fills exactly one column); put the words
    with scaled < 1 on a "small" list and the others on a "large" list; while both lists are
    non-empty, take s from small and g from large, set prob[s] = scaled[s] and alias[s] = g, give
    g's surplus away (scaled[g] −= 1 − scaled[s]) and put g back on the small or large list.
    Columns left over at the end keep themselves: prob = 1.

    p: (V,) probabilities (summing to 1).
    Returns (prob, alias): a (V,) float array in [0, 1] and a (V,) int array of word ids.
    Several tables are valid for the same p; the checker checks the distribution yours draws.
    """
    raise NotImplementedError("fill in alias_table")
