"""Skip-gram training pairs: each word predicts the words within ``window`` positions of it.

    pairs = { (w_i, w_{i+j}) : 1 <= |j| <= window, both inside the sequence (and the same line) }

For the sequence  a b c d  and window 1:  (a,b) (b,a) (b,c) (c,b) (c,d) (d,c).
Pairs come ordered by centre position, then by offset −window..−1, +1..+window.

Option ``shrink``: word2vec.c's random window shrinking: each centre draws b uniform in
1..window and uses only offsets |j| <= b, so near words are sampled more often than far ones
(weights (window − |j| + 1) / window). Off by default (the reference uses a fixed window).

This is the readable reference. The Numba kernels walk the same windows over the token array
directly instead of building these arrays (they would be ~50 MB a epoch on WikiText-2).
"""
from __future__ import annotations

import numpy as np


def line_ids(n: int, line_starts: np.ndarray | None) -> np.ndarray:
    """The paragraph number of each of the n positions (all 0 when there are no boundaries)."""
    if line_starts is None:
        return np.zeros(n, dtype=np.int64)
    return np.searchsorted(line_starts, np.arange(n), side="right") - 1


def window_pairs(ids: np.ndarray, window: int = 3, line_starts: np.ndarray | None = None,
                 shrink_rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """-> (center_ids, context_ids), int32 arrays of equal length.

    ``line_starts`` given: a window never crosses a line boundary. ``shrink_rng`` given: word2vec's
    random window shrinking, drawn from that generator.
    """
    ids = np.asarray(ids)
    n = len(ids)
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    offsets = np.array([j for j in range(-window, window + 1) if j != 0])   # (2w,)
    pos = np.arange(n)[:, None]                                              # (n, 1)
    ctx = pos + offsets[None, :]                                             # (n, 2w)
    valid = (ctx >= 0) & (ctx < n)
    if line_starts is not None:
        line = line_ids(n, line_starts)
        valid &= line[np.clip(ctx, 0, n - 1)] == line[pos]
    if shrink_rng is not None:
        b = shrink_rng.integers(1, window + 1, size=n)[:, None]              # (n, 1)
        valid &= np.abs(offsets)[None, :] <= b
    centers = np.broadcast_to(ids[:, None], ctx.shape)[valid]
    contexts = ids[ctx[valid]]
    return centers.astype(np.int32), contexts.astype(np.int32)


def count_pairs(n: int, window: int, line_starts: np.ndarray | None = None, shrink: bool = False) -> int:
    """How many pairs window_pairs yields: Σ over lines of Σ_j 2·(len − j). With ``shrink`` the
    expected number: offset j survives with probability (window − j + 1) / window, about
    (window + 1) / (2·window) of the fixed window's pairs."""
    lengths = np.diff(line_starts) if line_starts is not None else np.array([n])
    j = np.arange(1, window + 1)
    weight = (window - j + 1) / window if shrink else np.ones(window)
    return int(round(np.sum(2 * np.clip(lengths[:, None] - j[None, :], 0, None) * weight[None, :])))
