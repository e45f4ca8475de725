"""PPMI + SVD word vectors, the counting baseline of benchmarks/compare.py --quality.

Levy, Goldberg & Dagan (2015) carried word2vec's pre-processing over to counting; their
recommended PPMI + SVD, on skipgram_np's cleaned token array:

    #(w, c) = Σ over pairs within `window` positions of weight (window − j + 1) / window, j the
              distance (the dynamic context window: word2vec's random shrinking, in expectation)
    PMI_α(w, c) = log( #(w, c) · Σ# / (#(w) · #_α(c)) ),  #_α(c) = #(c)^α · Σ# / Σ_c' #(c')^α,  α = 0.75
    PPMI = max(0, PMI_α)                         (no shift: Levy et al. found log k hurts SVD)
    PPMI ≈ U_d Σ_d V_dᵀ,   word vectors U_d Σ_d^p,  p = 0.5 (eigenvalue weighting)

Lesson 14 walks through the same steps with a fixed window and scores.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

WINDOW, ALPHA, DIM, EIGEN_POWER = 10, 0.75, 100, 0.5


def cooccurrences(ids: np.ndarray, V: int, window: int = WINDOW, dynamic: bool = True) -> sp.csr_matrix:
    """The V × V weighted counts of the pairs within ``window`` positions (both directions)."""
    ids = ids.astype(np.int64)
    keys, weights = [], []
    for j in range(1, window + 1):
        pair_keys = np.concatenate([ids[:-j] * V + ids[j:], ids[j:] * V + ids[:-j]])
        keys.append(pair_keys)
        weights.append(np.full(len(pair_keys), (window - j + 1) / window if dynamic else 1.0))
    unique, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    counts = np.bincount(inverse, weights=np.concatenate(weights))
    return sp.csr_matrix((counts, (unique // V, unique % V)), shape=(V, V))


def ppmi(C: sp.csr_matrix, alpha: float = ALPHA) -> sp.csr_matrix:
    """max(0, PMI_α) of the seen pairs, context counts smoothed by ``alpha``."""
    coo = C.tocoo()
    total = coo.data.sum()
    p_w = np.asarray(C.sum(axis=1)).ravel() / total
    smoothed = np.asarray(C.sum(axis=0)).ravel() ** alpha
    p_c = smoothed / smoothed.sum()
    pmi = np.log(coo.data / total) - np.log(p_w[coo.row]) - np.log(p_c[coo.col])
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=C.shape)


def svd_vectors(M: sp.csr_matrix, dim: int = DIM, power: float = EIGEN_POWER) -> np.ndarray:
    """U_d Σ_d^power of the ``dim`` largest singular values (PROPACK from a fixed start vector:
    reproducible; one BLAS thread, which these many small products run fastest on)."""
    from threadpoolctl import threadpool_limits          # (comes with scikit-learn)
    v0 = np.full(M.shape[0], 1 / np.sqrt(M.shape[0]))
    with threadpool_limits(limits=1, user_api="blas"):
        try:
            U, S, _ = svds(M, k=dim, solver="propack", v0=v0)
        except ValueError:                                 # scipy < 1.11 without SCIPY_USE_PROPACK
            U, S, _ = svds(M, k=dim, v0=v0)
    return (U * S ** power).astype(np.float32)


def ppmi_svd(ids: np.ndarray, V: int, window: int = WINDOW, dim: int = DIM) -> np.ndarray:
    """The (V, dim) word vectors of the whole recipe."""
    return svd_vectors(ppmi(cooccurrences(ids, V, window)), dim)
