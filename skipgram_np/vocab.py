"""Vocabulary: count every token, keep those seen at least ``min_count`` times, number them.

    count(w)  = occurrences of w in the cleaned corpus
    V         = { w : count(w) >= min_count }
    f(w)      = count(w) / Σ_{w' in V} count(w')       (the unigram frequency used downstream)

Ids are given by descending count, ties broken by the word itself, so the numbering never depends
on hash order (``PYTHONHASHSEED``) or on the order words were first seen.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .files import write_atomic


@dataclass(frozen=True, eq=False)
class Vocab:
    words: tuple[str, ...]   # id -> word, most frequent first
    counts: np.ndarray       # (V,) int64, count(w) for each id

    def __len__(self) -> int:
        return len(self.words)

    @cached_property
    def index(self) -> dict[str, int]:
        """word -> id."""
        return {w: i for i, w in enumerate(self.words)}

    @property
    def total(self) -> int:
        """Σ count(w) over the vocabulary: the number of training tokens."""
        return int(self.counts.sum())

    @property
    def freqs(self) -> np.ndarray:
        """f(w) = count(w) / total, float64."""
        return self.counts / max(self.total, 1)

    def to_dict(self) -> dict:
        return {"words": list(self.words), "counts": self.counts.tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> "Vocab":
        if len(d["words"]) != len(d["counts"]):
            raise ValueError("vocabulary words and counts differ in length")
        return cls(tuple(d["words"]), np.asarray(d["counts"], dtype=np.int64))

    def save(self, path) -> None:
        write_atomic(Path(path), json.dumps(self.to_dict(), ensure_ascii=False).encode("utf-8"))

    @classmethod
    def load(cls, path) -> "Vocab":
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))


class EmptyVocabularyError(ValueError):
    pass


def build_vocab(tokens, min_count: int = 5) -> Vocab:
    """Counter over ``tokens`` -> words with count >= min_count, by descending count then word."""
    tokens = list(tokens)
    return vocab_from_counts(Counter(tokens), min_count, len(tokens))


def vocab_from_counts(counts: Counter, min_count: int = 5, n_tokens: int | None = None) -> Vocab:
    """The same from a ready Counter (corpus.py fills one line by line)."""
    if min_count < 1:
        raise ValueError(f"min_count must be >= 1, got {min_count}")
    kept = sorted(((w, c) for w, c in counts.items() if c >= min_count), key=lambda wc: (-wc[1], wc[0]))
    if not kept:
        most = max(counts.values(), default=0)
        n_tokens = sum(counts.values()) if n_tokens is None else n_tokens
        raise EmptyVocabularyError(
            f"no word occurs {min_count} times or more (corpus of {n_tokens} tokens, "
            f"most frequent word seen {most} times): lower --min-count or give more text")
    words, word_counts = zip(*kept)
    return Vocab(tuple(words), np.asarray(word_counts, dtype=np.int64))
