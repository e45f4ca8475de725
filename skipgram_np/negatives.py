"""Negative sampling's noise distribution and a sampler for it.

    P_n(w) = count(w)^0.75 / Σ_w' count(w')^0.75        (Mikolov et al., 2013)

Raising counts to 0.75 flattens the unigram distribution: rare words are drawn more often than
their frequency, frequent ones less.

Sampler: Walker's alias method (Vose's construction). It stores two arrays of length V
(``prob``, float64, and ``alias``, int32) and draws with one uniform number u:

    x = u·V,  i = floor(x),  return i if (x − i) < prob[i] else alias[i]

word2vec.c instead fills a table of 10^8 ids (400 MB) and indexes it at random: simple, but the
table neither fits in cache nor in our memory budget, and it rounds P_n to multiples of 1e-8.
The alias tables for V = 30k take 360 kB and are exact up to float rounding.
"""
from __future__ import annotations

import numpy as np


def noise_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """P_n(w) = count(w)^power / Z, float64, sums to 1."""
    weights = np.asarray(counts, dtype=np.float64) ** power
    return weights / weights.sum()


def alias_table(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vose's alias method: -> (prob, alias) so that drawing as in the module docstring gives p."""
    p = np.asarray(p, dtype=np.float64)
    n = len(p)
    scaled = p * n / p.sum()
    prob = np.ones(n, dtype=np.float64)
    alias = np.arange(n, dtype=np.int32)
    small = [i for i in range(n) if scaled[i] < 1.0]
    large = [i for i in range(n) if scaled[i] >= 1.0]
    while small and large:
        s, g = small.pop(), large.pop()
        prob[s] = scaled[s]
        alias[s] = g
        scaled[g] = scaled[g] + scaled[s] - 1.0
        (small if scaled[g] < 1.0 else large).append(g)
    # What is left is 1 up to rounding: those columns keep themselves (prob 1).
    return prob, alias


def draw(prob: np.ndarray, alias: np.ndarray, size, rng: np.random.Generator) -> np.ndarray:
    """Draw ids ~ P_n with the alias tables (vectorised). Always in 0..V−1."""
    n = len(prob)
    x = rng.random(size) * n
    i = np.minimum(x.astype(np.int64), n - 1)
    return np.where(x - i < prob[i], i, alias[i]).astype(np.int32)


class NegativeSampler:
    """k negatives per positive pair, drawn from P_n with an explicit generator."""

    def __init__(self, counts: np.ndarray, power: float = 0.75):
        self.p = noise_distribution(counts, power)
        self.prob, self.alias = alias_table(self.p)

    def sample(self, n_pairs: int, k: int, rng: np.random.Generator) -> np.ndarray:
        """-> (n_pairs, k) int32 negative ids."""
        return draw(self.prob, self.alias, (n_pairs, k), rng)
