"""Real passages of the training text, for the explorer's "One step" view (explore.py, explorer/step.js).

A passage is ``length`` consecutive words of one paragraph that start a sentence (a paragraph's
start or the word after a "."), all among the ``within`` most frequent words (so that the page,
which holds the vectors of its PAGE_WORDS most frequent words, can compute a step on every word
of it) and mostly words rather than punctuation. They are drawn once, when training starts, and
stored with the run's corpus figures (``stats["samples"]``).
"""
from __future__ import annotations

import numpy as np

from .config import PAGE_WORDS
from .corpus import Corpus


def sample_passages(corpus: Corpus, seed: int = 0, n: int = 40, length: int = 12,
                    within: int = PAGE_WORDS) -> list[list[str]]:
    """Up to n passages of ``length`` consecutive words that start a sentence, from one paragraph
    each, all among the ``within`` most frequent words, at most two of them not words."""
    rng = np.random.default_rng([seed, 0x5A])
    starts, ids, words = corpus.line_starts, corpus.ids, corpus.vocab.words
    stop = corpus.vocab.index.get(".", -1)
    after_stop = np.flatnonzero(ids[:-length] == stop) + 1
    candidates = np.concatenate([starts[:-1], after_stop])
    out = []
    for pos in rng.choice(candidates, size=min(len(candidates), 40 * n), replace=False) if len(candidates) else []:
        line = np.searchsorted(starts, pos, side="right") - 1
        if pos + length > starts[line + 1]:
            continue
        passage = ids[pos:pos + length]
        if passage.max() < within and sum(any(c.isalpha() for c in words[i]) for i in passage) >= length - 2:
            out.append([words[i] for i in passage])
            if len(out) == n:
                break
    return out
