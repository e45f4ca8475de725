"""A nonlinear map beside PCA: t-SNE of the page's words at every checkpoint, and how much each map
distorts.

    t-SNE (van der Maaten & Hinton, 2008): P from Gaussian neighbourhoods in all d dimensions
    (perplexity 30), Q ∝ (1 + |y_i − y_j|²)⁻¹ on the plane, minimise KL(P ‖ Q) (scikit-learn's
    Barnes–Hut, angle 0.5)
    trustworthiness (Venna & Kaski, 2001; sklearn.manifold.trustworthiness), k = 10:
        T = 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ U_i} (r(i, j) − k)
        U_i: the words among i's k nearest on the map that are not among its k nearest in d
        dimensions, r(i, j): j's rank among i's neighbours in d dimensions. 1: the map brings no
        stranger close; a random layout gives about 0.5.
    kept(i) = |N_k(i) in d dimensions ∩ N_k(i) on the map|, and the lost ones: the words that the
        map moved out of i's 10 nearest (the page shows it for a clicked word).

Which words: the ``TSNE_WORDS`` = 1,000 words of the page that come first by frequency, the coloured
group words always among them. Which map: W_in's unit rows only. Each epoch starts from the previous
epoch's layout (the first from PCA) with a milder early exaggeration (4 instead of 12) and is then
turned (rotation or reflection about its centre, 2D Procrustes) onto it, so a word's place can be
followed across epochs; epoch 0 is noise, and its layout a blob. Measured on the default run: with
exaggeration 12 the layout was reshuffled from epoch 5 to 10 (the x coordinates' correlation 0.11);
with none, epoch 2 stayed stuck near epoch 0's noise (trustworthiness 0.936 instead of 0.976); with 4,
the coordinates correlate 0.8–0.9 from one trained epoch to the next at the same trustworthiness.
Trustworthiness is computed on the same words for t-SNE and for the PCA maps as the page draws
them (projection.py, all the page's words or the coloured words, on the float rows of the
checkpoints).

Budget: the default command must not grow by more than 10 s on 2 cores. scikit-learn's Barnes–Hut
on 1,000 words takes ~1 s of one core for 500 iterations (epoch 0) and ~1 s for 350 (each later
epoch, from the previous layout); its OpenMP threads made it 5–8 times slower on a busy 2-core
machine, so it runs on one thread. 2,000 words took twice as long; openTSNE (not a dependency)
would pay off only from several thousand words. One cache per process: figures and the page,
both drawn at the end of training, share one computation.
"""
from __future__ import annotations

import hashlib

import numpy as np

from .embeddings import unit_rows
from .projection import align_and_project, procrustes

TSNE_WORDS = 1000
MIN_WORDS = 20             # fewer words on a page: no t-SNE map
NEIGHBOURS = 10            # k of trustworthiness and of a clicked word's kept neighbours
PERPLEXITY = 30
FIRST_ITER, LATER_ITER = 500, 350     # iterations at the first epoch and from a previous layout
LATER_EXAGGERATION = 4.0              # early exaggeration from a previous layout (12 at the first)
_CACHE: dict = {}


def tsne_ids(n_page: int, plotted_ids, n: int = TSNE_WORDS) -> np.ndarray:
    """The words of the t-SNE map: the plotted (coloured) ids and the most frequent others, ascending."""
    ids = set(int(i) for i in plotted_ids if i < n_page)
    for i in range(n_page):
        if len(ids) >= min(n, n_page):
            break
        ids.add(i)
    return np.array(sorted(ids))


def layouts(units: dict, seed: int = 0) -> dict:
    """{epoch: (n, 2)} t-SNE layouts of the rows ``units[e]`` (n, d), epoch by epoch, each
    started from the one before (the first from PCA)."""
    # scikit-learn (and threadpoolctl, which it brings) take ~1 s to import: here, not at the top,
    # so that a command that draws no t-SNE never pays for it
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits
    out, prev = {}, None
    with threadpool_limits(1):
        for e in sorted(units):
            X = np.asarray(units[e], dtype=np.float32)
            first = prev is None
            tsne = TSNE(2, perplexity=min(PERPLEXITY, (len(X) - 1) / 3), random_state=seed,
                        init="pca" if first else prev, max_iter=FIRST_ITER if first else LATER_ITER,
                        early_exaggeration=12.0 if first else LATER_EXAGGERATION)
            Y = tsne.fit_transform(X).astype(np.float64)
            prev = out[e] = Y if first else turned_onto(Y, prev)
    return out


def turned_onto(Y: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Y rotated (or reflected) about its centre to line up best with ``ref`` (orthogonal
    Procrustes in 2D, projection.procrustes): a t-SNE layout has no preferred orientation."""
    centre = Y.mean(0)
    return (Y - centre) @ procrustes(Y - centre, ref - ref.mean(0)) + centre


def trust(high: np.ndarray, low: np.ndarray, k: int = NEIGHBOURS) -> float:
    """sklearn.manifold.trustworthiness of a 2D map of the unit rows ``high`` (euclidean distance:
    on unit rows the same order as cosine)."""
    from sklearn.manifold import trustworthiness         # (slow to import: see layouts)
    return float(trustworthiness(high, low, n_neighbors=min(k, (len(high) - 1) // 2)))


def maps(tables: dict, n_page: int, plotted_ids, seed: int = 0) -> dict:
    """For the checkpoints' W_in tables {epoch: (V, d)}: the t-SNE words' ids, their layouts per
    epoch, and per epoch the trustworthiness of t-SNE and of the page's two PCA maps on them (and the
    PCA map fitted on all the page's words, on them).
    Cached by the tables' bytes: the figures and the page of one run share it."""
    epochs = sorted(tables)
    plotted_ids = np.asarray(plotted_ids, dtype=np.int64)
    digest = hashlib.sha1(repr((n_page, plotted_ids.tolist(), seed, epochs)).encode())
    for e in epochs:
        digest.update(np.ascontiguousarray(tables[e][:n_page], dtype=np.float32).tobytes())
    key = digest.hexdigest()
    if key in _CACHE:
        return _CACHE[key]
    from threadpoolctl import threadpool_limits           # (slow to import: see layouts)
    units = {e: unit_rows(tables[e][:n_page]) for e in epochs}
    ids = tsne_ids(n_page, plotted_ids)
    live = [e for e in epochs if units[e].any()]
    coords = layouts({e: units[e][ids] for e in live}, seed)
    with threadpool_limits(1):                       # (two BLAS threads: 4 times slower on a busy machine)
        pca = align_and_project(units, np.arange(n_page), fit_words=n_page)
        pca_groups = align_and_project(units, np.arange(n_page), fit_words=n_page, pca_ids=plotted_ids,
                                       rotations=pca.rotations)
        trusts = {name: {e: trust(units[e][ids], xy[e] if name == "tsne" else xy[e][ids]) for e in live}
                  for name, xy in (("tsne", coords), ("pca_all", pca.coords), ("pca_groups", pca_groups.coords))}
    result = {"ids": ids, "coords": coords, "epochs": live, "trust": trusts,
              "pca": {e: pca.coords[e][ids] for e in live}}       # (PCA's map of the same words, for tsne.png)
    _CACHE[key] = result
    return result


def kept_neighbours(unit: np.ndarray, xy: np.ndarray, i: int, k: int = NEIGHBOURS) -> tuple[list, list]:
    """-> (kept, lost): ids among word i's k nearest by cosine in all dimensions (ties: lower id
    first) that are, or are not, among its k nearest on the map ``xy`` (n, 2) (by distance, ties
    the same); rows are the map's words."""
    cos = unit.astype(np.float64) @ unit[i].astype(np.float64)
    dist = np.sum((xy.astype(np.float64) - xy[i]) ** 2, axis=1)
    order = [j for j in np.lexsort((np.arange(len(cos)), -cos)) if j != i][:k]
    near = set([j for j in np.lexsort((np.arange(len(dist)), dist)) if j != i][:k])
    return [int(j) for j in order if j in near], [int(j) for j in order if j not in near]
