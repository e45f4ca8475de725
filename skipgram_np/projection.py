"""Put every epoch's embeddings in one 2D picture, so that a word's movement is real.

Each epoch's table lives in its own basis: training is invariant to rotating W_in and W_out
together, and PCA's axes can flip sign. So, before projecting:

 1. orthogonal Procrustes (Schönemann, 1966): rotate (or reflect) epoch e onto the last epoch,
        R_e = argmin_{RᵀR = I} ‖A_e R − B‖_F = U Vᵀ   where  U Σ Vᵀ = svd(A_eᵀ B),
    fitted on the rows of the ``fit_words`` most frequent words (in the full dimension d);
 2. one PCA (2 components) fitted on the last epoch's rows of the plotted words, applied to every
    epoch: the axes and their limits stay fixed, and only the words move.

Explained variance is reported per epoch: the share of that epoch's (centred) variance that the
two fixed axes capture.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def procrustes(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The orthogonal R (d × d) minimising ‖A R − B‖_F."""
    U, _, Vt = np.linalg.svd(A.T.astype(np.float64) @ B.astype(np.float64))
    return U @ Vt


@dataclass
class AlignedProjection:
    epochs: list            # epoch numbers, ascending
    coords: dict            # epoch -> (n_words, 2) coordinates on the shared axes
    explained: dict         # epoch -> (2,) share of that epoch's variance on each axis
    rotations: dict         # epoch -> (d, d) rotation onto the last epoch


def align_and_project(tables: dict, word_ids: np.ndarray, fit_words: int = 5000) -> AlignedProjection:
    """tables: {epoch: W (V × d)}; word_ids: the rows to plot. -> shared 2D coordinates."""
    epochs = sorted(tables)
    last = tables[epochs[-1]].astype(np.float64)
    fit = slice(0, min(fit_words, len(last)))
    aligned, rotations = {}, {}
    for e in epochs:
        W = tables[e].astype(np.float64)
        R = np.eye(W.shape[1]) if e == epochs[-1] else procrustes(W[fit], last[fit])
        rotations[e] = R
        aligned[e] = W[word_ids] @ R
    ref = aligned[epochs[-1]]
    mean = ref.mean(0)
    _, _, Vt = np.linalg.svd(ref - mean, full_matrices=False)
    axes = Vt[:2]                                           # (2, d), the PCA directions
    # fix the signs so that the picture does not flip between versions of the data
    axes *= np.sign(axes[np.arange(2), np.abs(axes).argmax(1)])[:, None]
    coords, explained = {}, {}
    for e in epochs:
        X = aligned[e] - mean
        coords[e] = X @ axes.T
        total = np.sum((aligned[e] - aligned[e].mean(0)) ** 2)
        explained[e] = np.sum((X - X.mean(0)) @ axes.T * ((X - X.mean(0)) @ axes.T), axis=0) / total
    return AlignedProjection(epochs, coords, explained, rotations)
