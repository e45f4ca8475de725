"""Put every epoch's embeddings in one 2D picture, so that a word's movement is real.

Each epoch's table lives in its own basis: training is invariant to rotating W_in and W_out
together, and PCA's axes can flip sign. So, before projecting:

 1. orthogonal Procrustes (Schönemann, 1966): rotate (or reflect) epoch e onto the last epoch,
        R_e = argmin_{RᵀR = I} ‖A_e R − B‖_F = U Vᵀ   where  U Σ Vᵀ = svd(A_eᵀ B),
    fitted on the rows of the ``fit_words`` most frequent words (in the full dimension d);
 2. one PCA (2 components) fitted on the last epoch's rows of ``pca_ids`` (the explorer page: its
    5,000 words; the figures: the ~60 words they plot, whose groups then spread over the plane),
    applied to every epoch: the axes and their limits stay fixed, and only the words move. Each
    says which words its PCA was fitted on.

Explained variance is reported per epoch: the share of that epoch's (centred) variance of the
PCA's words that the two fixed axes capture. Before training (epoch 0) the rows are random, no
direction stands out, and two axes keep only ~2 / d of it; early in training most words move
together along a few directions (so two axes keep a lot); later the variance spreads over many
directions as words separate.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIT_WORDS = 5000           # the most frequent words the rotations and the PCA are fitted on


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
    axes: np.ndarray        # (2, d) the PCA directions
    mean: np.ndarray        # (d,) the centre the PCA subtracts

    def maps(self, epoch) -> tuple[np.ndarray, np.ndarray]:
        """(P (d, 2), offset (2,)) such that a row x of that epoch lands at x @ P − offset."""
        return self.rotations[epoch] @ self.axes.T, self.mean @ self.axes.T


def align(tables: dict, fit_words: int = FIT_WORDS) -> dict:
    """{epoch: the rotation R_e onto the last epoch}, fitted on the ``fit_words`` most frequent words."""
    epochs = sorted(tables)
    last = tables[epochs[-1]].astype(np.float64)
    fit = slice(0, min(fit_words, len(last)))
    return {e: np.eye(last.shape[1]) if e == epochs[-1] or not tables[e].any()
            else procrustes(tables[e][fit], last[fit]) for e in epochs}


def align_and_project(tables: dict, word_ids: np.ndarray, fit_words: int = FIT_WORDS,
                      pca_ids=None, rotations: dict | None = None) -> AlignedProjection:
    """tables: {epoch: W (V × d)}; word_ids: the rows to place. -> shared 2D coordinates, with the
    rotations fitted on the ``fit_words`` most frequent words (or ``rotations``, from align) and
    the PCA on ``pca_ids`` (default: those same words)."""
    epochs = sorted(tables)
    last = tables[epochs[-1]].astype(np.float64)
    fit = slice(0, min(fit_words, len(last)))
    rotations = rotations or align(tables, fit_words)
    fit = fit if pca_ids is None else np.asarray(pca_ids)
    ref = last[fit]
    mean = ref.mean(0)
    _, _, Vt = np.linalg.svd(ref - mean, full_matrices=False)
    axes = Vt[:2]                                           # (2, d), the PCA directions
    # fix the signs so that the picture does not flip between versions of the data
    axes *= np.sign(axes[np.arange(2), np.abs(axes).argmax(1)])[:, None]
    coords, explained = {}, {}
    for e in epochs:
        R = rotations[e]
        coords[e] = (tables[e][word_ids].astype(np.float64) @ R - mean) @ axes.T
        X = tables[e][fit].astype(np.float64) @ R
        X -= X.mean(0)
        total = np.sum(X ** 2)
        explained[e] = np.sum((X @ axes.T) ** 2, axis=0) / total if total > 0 else np.zeros(2)
    return AlignedProjection(epochs, coords, explained, rotations, axes, mean)
