"""A checkpoint's tables as words × vectors: unit rows, lookups, and the questions of query.py.

    cos(a, b) = a·b / (|a| |b|)
    most_similar(positive=P, negative=N): rank every word w by cos(w, m), where
        m = Σ_{p∈P} â_p − Σ_{n∈N} â_n   (â: unit vectors), question words excluded    (3CosAdd)
    analogy(a, b, c): "a − b + c", e.g. analogy("king", "man", "woman") -> "queen"
        3CosAdd: argmax_w cos(w, a) − cos(w, b) + cos(w, c)
        3CosMul: argmax_w cos'(w, a) · cos'(w, c) / (cos'(w, b) + 1e-3),  cos' = (1 + cos) / 2
        (Levy & Goldberg, 2014); the Google set's "a b c d" asks analogy(b, a, c) = d.

These follow gensim's KeyedVectors conventions (most_similar excludes the question words).
A word is looked up as given, then in Unicode NFC (so "café" typed as e + combining accent finds
the vocabulary's "café", and the other way round), then lowercased.
Which vectors: W_in rows by default (the centre words' table, what word2vec.c and gensim export),
W_out rows (the context table), or their normalised sum v̂ + û; normalised once when the object is
made. Read by everything that looks at a trained run: query, evaluate, figures, explore, runs.

Which words: all of the vocabulary, in float32 (every command's default), or ``among`` = N: the N
most frequent words as the explorer page holds them, each row quantised to 8 bits
(q = round(x / max|x| · 127), which keeps a row's direction to ~0.5 %). A question the page answers
itself is asked among its words this way, so ``query --among 5000`` gets the page's numbers.
"""
from __future__ import annotations

import difflib
import unicodedata
from functools import cached_property

import numpy as np


class UnknownWordError(KeyError):
    """A word not in the vocabulary; the message names it and suggests close entries."""

    def __init__(self, word: str, suggestions: list[str]):
        self.word, self.suggestions = word, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"'{word}' is not in the vocabulary.{hint}")

    def __str__(self) -> str:
        return self.args[0]


def nfc(word: str) -> str:
    """The word in Unicode normal form C: how a user's word and a vocabulary word are compared
    (the same letters typed or stored as one code point or as a letter + combining mark)."""
    return word if unicodedata.is_normalized("NFC", word) else unicodedata.normalize("NFC", word)


def nfc_index(words) -> dict:
    """{NFC form: id} of ``words`` (a list, or a {word: id} dict): a word stored in NFC maps to
    itself; one stored otherwise is found by its NFC form too (the first such, when several)."""
    items = list(words.items() if isinstance(words, dict) else ((w, i) for i, w in enumerate(words)))
    out = {}
    for w, i in items:
        out.setdefault(nfc(w), i)
    out.update((w, i) for w, i in items if nfc(w) == w)
    return out


VECTORS = {"in": "W_in", "out": "W_out", "sum": "W_in + W_out (rows normalised, then added)"}


def unit_rows(W: np.ndarray) -> np.ndarray:
    """Each row divided by its length (an all-zero row stays zero). A row holding NaN or inf
    comes out NaN, which every scorer counts as wrong (evaluate.py), never as a direction."""
    W = np.asarray(W, dtype=np.float32)
    with np.errstate(over="ignore"):
        norms = np.sqrt(np.einsum("ij,ij->i", W, W))[:, None]     # (faster than linalg.norm)
    huge = np.isinf(norms[:, 0]) & np.isfinite(W).all(axis=1)    # finite, but |x|² overflows float32
    if huge.any():
        norms[huge, 0] = np.linalg.norm(W[huge].astype(np.float64), axis=1)
    with np.errstate(invalid="ignore"):                          # inf / inf: NaN, as said above
        return W / np.maximum(norms, 1e-12)


def row_scales(W: np.ndarray) -> np.ndarray:
    """max|x| of each row (at least 1e-12)."""
    return np.maximum(np.abs(W).max(axis=1), 1e-12)


def quantize(W: np.ndarray) -> np.ndarray:
    """Rows to int8: q = round(x / max|x| · 127). The direction is what cosines use; with the
    row's scale, q / 127 · max|x| restores the row to within 0.4 % of its largest entry."""
    return np.round(W / row_scales(W)[:, None] * 127).astype(np.int8)


def vectors_of(ckpt, which: str = "in", among: int | None = None) -> np.ndarray:
    """The table a checkpoint's words are compared in: "in" (W_in), "out" (W_out) or "sum"
    (v̂ + û, each row normalised first so that neither table dominates). ``among`` = N: the N most
    frequent words' rows as the explorer page holds them (quantize; an all-zero table stays zero)."""
    if which not in VECTORS:
        raise ValueError(f"vectors must be one of {', '.join(VECTORS)}, got {which!r}")

    def table(W):
        if among is None:
            return W
        W = W[:among]
        return quantize(W).astype(np.float32) if W.any() else np.zeros(W.shape, np.float32)
    if which == "sum":
        return unit_rows(table(ckpt.W_in)) + unit_rows(table(ckpt.W_out))
    return table(ckpt.W_in if which == "in" else ckpt.W_out)


class Embeddings:
    def __init__(self, words, vectors, counts=None):
        self.words = list(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.unit = unit_rows(vectors)                           # (V, d), rows of length 1
        self.counts = None if counts is None else np.asarray(counts)   # corpus counts, when known

    @classmethod
    def from_checkpoint(cls, ckpt, vectors: str = "in", among: int | None = None) -> "Embeddings":
        """All the words in float32, or ``among`` = N: the page's N words and 8-bit rows."""
        n = len(ckpt.vocab) if among is None else min(among, len(ckpt.vocab))
        counts = None if ckpt.vocab.counts is None else ckpt.vocab.counts[:n]       # a vectors file has none
        return cls(ckpt.vocab.words[:n], vectors_of(ckpt, vectors, among), counts)

    def among(self, min_count: int = 1) -> np.ndarray:
        """The ids of the words seen at least ``min_count`` times (all words without counts)."""
        if self.counts is None or min_count <= 1:
            return np.arange(len(self.words))
        return np.flatnonzero(self.counts >= min_count)

    @cached_property
    def nfc_index(self) -> dict:
        """{NFC form of a vocabulary word: its id} (made on the first lookup that needs it)."""
        return nfc_index(self.words)

    def find(self, word: str) -> int | None:
        """The word's id: as given, in NFC, then lowercased (as given, in NFC); None if unknown."""
        for form in (word, word.lower()):
            i = self.index.get(form)
            if i is None:
                i = self.nfc_index.get(nfc(form))
            if i is not None:
                return i
        return None

    def id(self, word: str) -> int:
        i = self.find(word)
        if i is None:
            raise UnknownWordError(word, self.suggest(word))
        return i

    def suggest(self, word: str, n: int = 5) -> list[str]:
        """Close vocabulary entries by spelling (difflib), frequent words first on ties."""
        head = self.words[:20000]
        return difflib.get_close_matches(nfc(word.lower()), head, n=n, cutoff=0.75)

    def similarity(self, a: str, b: str) -> float:
        return float(self.unit[self.id(a)] @ self.unit[self.id(b)])

    def _top(self, scores: np.ndarray, exclude, topn: int):
        scores = scores.astype(np.float64)
        scores[list(exclude)] = -np.inf
        topn = min(topn, int(np.isfinite(scores).sum()))
        best = np.argpartition(-scores, topn - 1)[:topn] if topn else np.array([], int)
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.words[i], float(scores[i])) for i in best]

    def most_similar(self, positive=(), negative=(), topn: int = 10, restrict: int | None = None):
        """3CosAdd neighbours of Σ positive − Σ negative (unit vectors), question words excluded."""
        if isinstance(positive, str):
            positive = [positive]
        if isinstance(negative, str):
            negative = [negative]
        ids_pos = [self.id(w) for w in positive]
        ids_neg = [self.id(w) for w in negative]
        if not ids_pos and not ids_neg:
            raise ValueError("most_similar needs at least one word")
        mean = self.unit[ids_pos].sum(0) - self.unit[ids_neg].sum(0)
        mean /= max(np.linalg.norm(mean), 1e-12)
        table = self.unit if restrict is None else self.unit[:restrict]
        return self._top(table @ mean, set(ids_pos + ids_neg), topn)

    def neighbors(self, word: str, topn: int = 10, min_count: int = 1):
        """The ``topn`` words nearest ``word`` (itself left out), among those seen at least
        ``min_count`` times."""
        if min_count <= 1:
            return self.most_similar(positive=[word], topn=topn)
        i, allowed = self.id(word), self.among(min_count)
        scores = np.full(len(self.words), -np.inf)
        scores[allowed] = self.unit[allowed] @ self.unit[i]
        return self._top(scores, {i}, topn)

    def analogy(self, a: str, b: str, c: str, topn: int = 5, method: str = "add",
                restrict: int | None = None):
        """Words nearest a − b + c by 3CosAdd (``"add"``) or 3CosMul (``"mul"``)."""
        if method == "add":
            return self.most_similar(positive=[a, c], negative=[b], topn=topn, restrict=restrict)
        if method != "mul":
            raise ValueError(f"method must be 'add' or 'mul', got {method!r}")
        ia, ib, ic = self.id(a), self.id(b), self.id(c)
        table = self.unit if restrict is None else self.unit[:restrict]
        cos = (table @ self.unit[[ia, ib, ic]].T + 1.0) / 2.0      # (V, 3), shifted to [0, 1]
        scores = cos[:, 0] * cos[:, 2] / (cos[:, 1] + 1e-3)
        return self._top(scores, {ia, ib, ic}, topn)
