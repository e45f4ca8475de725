"""Comparing cosines across epochs fairly: each epoch's random-pair baseline, percentiles, ranks.

A raw cosine means little on its own, and even less across epochs. Early in training every vector
leans the same way (towards what all frequent contexts share), so *any* two words look similar;
as training goes on words spread apart and the cosines of unrelated and related pairs alike
shrink. What stays comparable is where a pair stands among the other pairs of the same epoch:

    baseline_e      = { cos_e(x, y) : (x, y) one of n random word pairs }     (fixed seed)
    percentile_e(c) = 100 · ( #{b ∈ baseline_e : b < c} + ½ #{b = c} ) / n
    rank_e(a → b)   = 1 + #{ w ∉ {a, b} : cos_e(a, w) > cos_e(a, b) }         (1: b is a's nearest)

"king · queen = 0.47 at epoch 10, 0.63 at epoch 2" then reads "higher than 99.7 % of random
pairs at epoch 10, 93 % at epoch 2; queen is king's neighbour no. 16 at epoch 10, no. 169 at
epoch 2": the pair grew *relatively* closer while every cosine shrank.

The random pairs come from a counter-based hash (lowbias32, 32-bit integer arithmetic), so the
explorer page draws exactly the same pairs in JavaScript and gets the same numbers.

A nearest neighbour is a maximum, and a percentile among random pairs is no verdict: the largest of
thousands of cosines beats almost every random pair even in noise. Whether a neighbour or a pair is
*beyond chance* is decided against the run's control, the same training on shuffled text
(chance.py); the random pairs here say where a cosine stands within its own epoch.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_PAIRS = 20_000
SEED = 0
COLLAPSED = 0.8        # a median random-pair cosine above this: the vectors have not spread out yet


def hash32(x: np.ndarray) -> np.ndarray:
    """lowbias32 (C. Wellons): a well-mixed uint32 -> uint32, identical in JavaScript with Math.imul."""
    x = np.asarray(x, dtype=np.uint32)
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x7FEB352D)
    x = x ^ (x >> np.uint32(15))
    x = x * np.uint32(0x846CA68B)
    return x ^ (x >> np.uint32(16))


def random_pairs(n_words: int, n_pairs: int = N_PAIRS, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """n_pairs pairs (i, j) of distinct word indices in 0..n_words−1: i from hash32(seed·2^20 + 2k),
    j from hash32(seed·2^20 + 2k + 1), j moved to the next index when it equals i."""
    k = np.arange(n_pairs, dtype=np.uint32) * np.uint32(2) + np.uint32((seed << 20) & 0xFFFFFFFF)
    with np.errstate(over="ignore"):
        i = (hash32(k) % np.uint32(n_words)).astype(np.int64)
        j = (hash32(k + np.uint32(1)) % np.uint32(n_words)).astype(np.int64)
    j = np.where(j == i, (j + 1) % n_words, j)
    return i, j


@dataclass
class Baseline:
    """The sorted cosines of one epoch's random pairs."""
    cosines: np.ndarray

    @classmethod
    def of(cls, unit: np.ndarray, n_pairs: int = N_PAIRS, seed: int = SEED) -> "Baseline":
        """From unit rows (query.Embeddings.unit): the words the view uses, in its order."""
        i, j = random_pairs(len(unit), n_pairs, seed)
        cos = np.einsum("nd,nd->n", unit[i].astype(np.float64), unit[j].astype(np.float64))
        return cls(np.sort(cos))

    def percentile(self, c: float) -> float:
        """Share of random pairs (in %) whose cosine is below c, ties counted half."""
        below = np.searchsorted(self.cosines, c, side="left")
        upto = np.searchsorted(self.cosines, c, side="right")
        return 100.0 * (below + 0.5 * (upto - below)) / len(self.cosines)

    def quantile(self, q: float) -> float:
        """The cosine below which a share q (0..1) of random pairs lie (linear interpolation)."""
        return float(np.quantile(self.cosines, q))

    @property
    def mean(self) -> float:
        return float(self.cosines.mean())


def not_spread_out(epoch, median: float, what: str) -> str | None:
    """The sentence for a table whose random pairs still have a median cosine above COLLAPSED
    (``what`` say little yet), or None when its vectors have spread out."""
    if median <= COLLAPSED:
        return None
    return (f"At epoch {epoch} two random words have a median cosine of {median:+.3f}: the vectors "
            f"still point almost one way, so {what} say little yet. Train on more text or for more epochs.")


def cosine(unit: np.ndarray, a: int, b: int) -> float:
    """cos(a, b) from unit rows, in float64 as the baseline's pairs are (so that a pair that is
    also one of the random pairs ties with itself exactly)."""
    return float(unit[a].astype(np.float64) @ unit[b].astype(np.float64))


def rank(unit: np.ndarray, a: int, b: int) -> int:
    """b's rank among a's neighbours: 1 + the number of other words closer to a than b is."""
    sims = unit.astype(np.float64) @ unit[a].astype(np.float64)
    target = sims[b]
    sims[[a, b]] = -np.inf
    return 1 + int(np.sum(sims > target))
