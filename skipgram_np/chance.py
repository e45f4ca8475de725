"""Chance is an experiment: what the same training makes of the same words in shuffled order.

Every run trains a **control** beside itself (control.py): the same settings and seed on the same
tokens shuffled once, so every word keeps its count but no co-occurrence beyond chance is left. What
the control learns — frequency, and the lean every vector takes early on — is what the real run
would show if the text held no structure. So every "beyond chance" verdict compares the run with its
control at the **same epoch**, in the same table (W_in, W_out or their sum) and among the same words,
by one rule:

    band(w)          the frequency band of word w: its rank by count in [0, 300), [300, 1,000),
                     [1,000, 3,000), [3,000, 10,000), … (a last band under 300 words joins the one before)
    line_e(b, r)     the 99.9th percentile, over the control's words of band b (up to 1,000 of them,
                     a seeded sample), of the cosine of their r-th nearest word          r = 1 … 10
    beyond chance    cos(w, its r-th nearest word) > line_e(band(w), r)

    pair line_e(b, b′)  the 99.9th percentile of cos(x, y) over 20,000 random pairs of the control's
                     words, x from band b and y from band b′
    related          cos(a, b) > pair line_e(band(a), band(b)), or b is among a's 10 nearest (or a
                     among b's) and beyond chance at its rank

Why the control's *same epoch*: at epoch 2 every vector still leans one way, so every cosine is
large, the control's as much as the run's (its nearest words sit at ~0.92); by epoch 10 the control
has spread out (~0.43) while the run's neighbours stay close (~0.59). Why *bands*: in the control a
rare word's nearest words are closer than a frequent word's (rare rows get few updates and all move
the same way), so a word is judged against control words of its own frequency. Why *99.9 %*: the
control judged against itself then flags about 1 neighbour or pair in 1,000 (measured on split
halves of its words: 0.3 %), while a trained run's neighbours clear it (85 % of the top 10 of the
1,000 most frequent words at epoch 10 of the default run). At epoch 0 the run *is* its control
(same seed, no update yet), so it is flagged exactly as often as the control is.

A parametric null (a Gaussian shaped like the trained table) was tried and retired: a trained
table's covariance is much of its structure, so that null already held what it should test.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

QUANTILE = 0.999          # the control's level a verdict must clear
RANKS = 10                # the nearest, 2nd nearest, ..., 10th nearest
BAND_STARTS = (0, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000)
MIN_BAND = 300            # a last band smaller than this joins the one before
SAMPLE = 1_000            # control words per band whose neighbours are measured
PAIRS = 20_000            # random control pairs per pair of bands
SEED = 0x5EED
BLOCK = 512               # rows of similarities held at once (BLOCK × V float32)


def mask_self(sims: np.ndarray, part: np.ndarray, allowed: np.ndarray | None) -> None:
    """A word is not its own neighbour: −inf where row k (word part[k]) meets its own column, the
    columns being all words (``allowed`` None) or the sorted ids ``allowed``."""
    if allowed is None:
        sims[np.arange(len(part)), part] = -np.inf
        return
    where = np.searchsorted(allowed, part)
    hit = (where < len(allowed)) & (allowed[np.minimum(where, len(allowed) - 1)] == part)
    sims[np.flatnonzero(hit), where[hit]] = -np.inf

def band_edges(n_words: int) -> np.ndarray:
    """The frequency bands over word ids 0..n_words−1 (ids are ranks by count): [0, 300, 1000, …, n]."""
    edges = [s for s in BAND_STARTS if s < n_words] + [n_words]
    if len(edges) > 2 and edges[-1] - edges[-2] < MIN_BAND:
        del edges[-2]
    return np.array(edges, np.int64)


def band_of(edges: np.ndarray, ids) -> np.ndarray:
    """The band of each word id."""
    return np.searchsorted(edges, np.asarray(ids), side="right") - 1


def nearest_cosines(unit: np.ndarray, ids: np.ndarray, allowed: np.ndarray | None = None,
                    k: int = RANKS) -> np.ndarray:
    """(len(ids), k) the cosines of each word's k nearest words among ``allowed`` (all words when
    None; the word itself never), nearest first, as float32 values (what Embeddings.neighbors
    gives)."""
    pool = unit if allowed is None else unit[allowed]
    k = min(k, len(pool) - 1)
    out = np.empty((len(ids), k), np.float32)
    for lo in range(0, len(ids), BLOCK):
        part = ids[lo:lo + BLOCK]
        sims = unit[part] @ pool.T                                   # (block, pool) float32
        mask_self(sims, part, allowed)
        top = np.partition(sims, -k, axis=1)[:, -k:]
        out[lo:lo + BLOCK] = -np.sort(-top, axis=1)
    return out


def sample_ids(edges: np.ndarray, per_band: int = SAMPLE, seed: int = SEED) -> np.ndarray:
    """Up to ``per_band`` word ids of every band (all of a smaller band), seeded, ascending."""
    rng = np.random.default_rng(seed)
    parts = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        ids = np.arange(lo, hi)
        parts.append(ids if len(ids) <= per_band else np.sort(rng.choice(ids, per_band, replace=False)))
    return np.concatenate(parts)


@dataclass
class NeighbourChance:
    """The control's r-th nearest-neighbour cosine per frequency band (r = 1..RANKS), among the
    words a search allows: ``line`` (bands, RANKS) its QUANTILE, ``quantiles`` (bands, RANKS, 3)
    its 5 %, 50 % and 95 % points; ``words`` how many control words were measured."""
    edges: np.ndarray
    line: np.ndarray
    quantiles: np.ndarray
    words: int

    @classmethod
    def of(cls, control, min_count: int = 1, per_band: int = SAMPLE) -> "NeighbourChance":
        """From the control's Embeddings (same epoch, table and words as the run's), its neighbours
        searched among the words seen at least ``min_count`` times, as the run's are."""
        n = len(control.words)
        edges = band_edges(n)
        allowed = None if min_count <= 1 or control.counts is None else control.among(min_count)
        ids = sample_ids(edges, per_band)
        near = nearest_cosines(control.unit, ids, allowed).astype(np.float64)
        bands = band_of(edges, ids)
        line = np.stack([np.quantile(near[bands == b], QUANTILE, axis=0) for b in range(len(edges) - 1)])
        qs = np.stack([np.quantile(near[bands == b], [0.05, 0.5, 0.95], axis=0).T for b in range(len(edges) - 1)])
        return cls(edges, line, qs, len(ids))

    def line_at(self, word_id: int, rank: int) -> float:
        """The cosine a rank-th nearest word of ``word_id`` must beat."""
        return float(self.line[band_of(self.edges, word_id), min(rank, self.line.shape[1]) - 1])

    def beyond(self, word_id: int, rank: int, cos: float) -> bool:
        """Is ``word_id``'s rank-th nearest word, at ``cos``, closer than the control puts one?"""
        return rank <= self.line.shape[1] and cos > self.line_at(word_id, rank)

    def spread(self, word_id: int) -> np.ndarray:
        """(RANKS, 3) the 5 %, 50 % and 95 % points of the control's r-th nearest cosine in
        ``word_id``'s band (for saying how close the control's words get)."""
        return self.quantiles[band_of(self.edges, word_id)]


@dataclass
class PairChance:
    """The control's cosine of random pairs per pair of frequency bands: ``line`` (bands, bands)
    its QUANTILE, ``median`` (bands, bands)."""
    edges: np.ndarray
    line: np.ndarray
    median: np.ndarray

    @classmethod
    def of(cls, control, pairs: int = PAIRS, seed: int = SEED) -> "PairChance":
        edges = band_edges(len(control.words))
        nb = len(edges) - 1
        line, median = np.zeros((nb, nb)), np.zeros((nb, nb))
        rng = np.random.default_rng([seed, 0xA1])
        unit = control.unit
        for a in range(nb):
            for b in range(a, nb):
                i = rng.integers(edges[a], edges[a + 1], pairs)
                j = rng.integers(edges[b], edges[b + 1], pairs)
                j = np.where(j == i, edges[b] + (j - edges[b] + 1) % (edges[b + 1] - edges[b]), j)
                keep = i != j                                         # a band of one word
                cos = np.einsum("nd,nd->n", unit[i[keep]].astype(np.float64), unit[j[keep]].astype(np.float64))
                line[a, b] = line[b, a] = np.quantile(cos, QUANTILE) if len(cos) else 1.0
                median[a, b] = median[b, a] = np.median(cos) if len(cos) else 0.0
        return cls(edges, line, median)

    def line_for(self, i: int, j: int) -> float:
        return float(self.line[band_of(self.edges, i), band_of(self.edges, j)])

    def related(self, i: int, j: int, cos: float) -> bool:
        """Is the pair (i, j) at ``cos`` closer than 99.9 % of the control's pairs of its bands?"""
        return cos > self.line_for(i, j)


class ChanceLevels:
    """The chance levels of one run's control, made when first asked for and kept: per epoch,
    the NeighbourChance for each minimum count and the PairChance. ``controls``: {epoch:
    Embeddings} of the control in the same table and among the same words as the run's."""

    def __init__(self, controls: dict):
        self.controls = controls
        self._neighbours, self._pairs = {}, {}

    def has(self, epoch) -> bool:
        emb = self.controls.get(epoch)
        return emb is not None and bool(emb.unit.any())

    def neighbours(self, epoch, min_count: int = 1) -> NeighbourChance | None:
        if not self.has(epoch):
            return None
        key = (epoch, min_count)
        if key not in self._neighbours:
            self._neighbours[key] = NeighbourChance.of(self.controls[epoch], min_count)
        return self._neighbours[key]

    def pairs(self, epoch) -> PairChance | None:
        if not self.has(epoch):
            return None
        if epoch not in self._pairs:
            self._pairs[epoch] = PairChance.of(self.controls[epoch])
        return self._pairs[epoch]


VERDICTS = {True: "beyond chance", False: "within chance"}
