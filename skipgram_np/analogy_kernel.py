"""3CosAdd over every question of an analogy set at once: the readable reference and its fast twin.

For each question (a, b, c, d): is d the word w ∉ {a, b, c} whose unit vector is nearest to
b̂ − â + ĉ? ``analogy_hits_reference`` computes it as written (one (n, V) matrix of scores);
``analogy_hits`` gets the same answers block by block with a Numba kernel (analogy_block), fast
enough to score every epoch of a run. evaluate.py tallies them per section.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from .kernels import FASTMATH


def products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for unit rows (or their sums) already checked finite. Their products are bounded,
    so no product can be invalid; but numpy 2 reports the FPU's invalid flag after a matmul, and
    OpenBLAS's float32 kernels can set it on finite data now and then (numpy issues #13173,
    #24067): a two-line RuntimeWarning about nothing. Hence the flag is ignored here, and only
    here, where the inputs are known finite."""
    with np.errstate(invalid="ignore"):
        return a @ b


def finite_rows(unit: np.ndarray) -> np.ndarray:
    """(V,) bool: rows that hold no NaN or inf."""
    return np.isfinite(unit).all(axis=1)


def analogy_hits_reference(unit: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The readable version: for each question (a, b, c, d), is d the word w ∉ {a, b, c} whose
    unit vector is nearest to b̂ − â + ĉ (3CosAdd, as gensim's most_similar)? A question with a
    non-finite row among a, b, c, d is wrong; a candidate with a non-finite row never wins."""
    a, b, c, d = ids.T
    finite = finite_rows(unit)
    clean = np.where(finite[:, None], unit, 0)
    target = clean[b] - clean[a] + clean[c]
    target /= np.maximum(np.linalg.norm(target, axis=1, keepdims=True), 1e-12)
    scores = products(target, clean.T)                               # (n, V)
    scores[:, ~finite] = -np.inf
    rows = np.arange(len(ids))
    for col in (a, b, c):
        scores[rows, col] = -np.inf
    return (scores.argmax(1) == d) & finite[ids].all(axis=1)


@njit(cache=True, nogil=True, fastmath=FASTMATH, error_model="numpy")
def analogy_block(S, w0, rows, ids, target, order, alive):
    """One block of candidates for the questions q in ``order`` that no word has beaten yet.

    analogy_hits_reference takes the argmax over w ∉ {a, b, c} of ŵ·(b̂ − â + ĉ); the
    norm of b̂ − â + ĉ does not change the argmax, and ŵ·x̂ = cos(w, x), so with S[i, j] the cosine
    of question word i and candidate w0 + j:
        score(w) = S[row_b, w − w0] − S[row_a, w − w0] + S[row_c, w − w0]
    and d answers (a, b, c, d) when no other word scores above target[q] = score(d). A question
    some word of this block beats gets alive[q] = False. Within the block, the words above d are
    counted first (a vectorised loop) and searched one by one only when there are any.
    Releases the GIL: threads share the questions.
    """
    B = S.shape[1]
    for q in order:
        s_a, s_b, s_c = S[rows[q, 0]], S[rows[q, 1]], S[rows[q, 2]]
        a, b, c, d = ids[q, 0] - w0, ids[q, 1] - w0, ids[q, 2] - w0, ids[q, 3] - w0
        t = target[q]
        above = 0
        for w in range(B):
            above += s_b[w] - s_a[w] + s_c[w] > t
        if above == 0:
            continue
        for w in range(B):
            if s_b[w] - s_a[w] + s_c[w] > t and w != a and w != b and w != c and w != d:
                alive[q] = False
                break


def analogy_hits(unit: np.ndarray, ids: np.ndarray, threads: int = 0,
                 block: int = 2048) -> np.ndarray:
    """The same answers, fast enough to score every epoch of a run. The cosines of the ~600
    question words with the candidates come from matrix products, ``block`` candidates at a time
    (most frequent first, so the block stays in cache while every question still open is checked
    against it: kernels.analogy_block); a question is closed at the first block holding a word
    that beats d, which for most questions is the first block; after it, only the question words
    of the questions still open are multiplied.

    Non-finite rows: a question touching one starts closed (wrong), whatever the kernel's
    comparisons say (every comparison with NaN is False, which would leave it open: a "hit").
    Such rows are multiplied as zeros, and their columns of S set to NaN afterwards, so that a
    candidate with a non-finite row never beats d (NaN > t is False)."""
    n = len(ids)
    finite = finite_rows(unit)
    alive = ((ids[:, 3] != ids[:, 0]) & (ids[:, 3] != ids[:, 1]) & (ids[:, 3] != ids[:, 2])
             & finite[ids].all(axis=1))
    if not n:
        return alive
    all_finite = bool(finite.all())
    if not all_finite:
        unit = np.where(finite[:, None], unit, np.float32(0))        # multiplied as zeros
    words, rows = np.unique(ids[:, :3], return_inverse=True)
    rows = rows.reshape(-1, 3).astype(np.int64)
    Q = unit[words]                                                  # (question words, d)
    answers, where = np.unique(ids[:, 3], return_inverse=True)
    S_d = products(Q, unit[answers].T)                               # cos(question word, d)
    where = where.ravel()
    target = S_d[rows[:, 1], where] - S_d[rows[:, 0], where] + S_d[rows[:, 2], where]
    threads = threads or os.cpu_count() or 1
    slot = np.zeros(len(words), np.int64)         # a question word's row in this block's S
    with ThreadPoolExecutor(threads) as pool:                      # the kernel releases the GIL
        for w0 in range(0, len(unit), block):
            order = np.flatnonzero(alive)
            if not len(order):
                break
            need = np.unique(rows[order])                            # words of the open questions
            slot[need] = np.arange(len(need))
            S = products(Q[need], unit[w0:w0 + block].T)
            if not all_finite:
                S[:, ~finite[w0:w0 + block]] = np.nan                # (never beat d)
            rows_in_S = slot[rows]                                   # (valid for the open ones)
            shares = [np.ascontiguousarray(order[t::threads]) for t in range(threads)]  # one
            list(pool.map(lambda share: analogy_block(S, w0, rows_in_S, ids, target, share, alive),
                          shares))                                 # type to compile
    return alive


def compile_analogy_kernel() -> None:
    """analogy_hits on a made-up question, with the argument types of a real one: compiles (or
    loads from Numba's cache) its kernel."""
    analogy_hits(np.eye(5, dtype=np.float32), np.array([[0, 1, 2, 3]], np.int64), threads=1)
