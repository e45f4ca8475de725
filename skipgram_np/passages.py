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
from .targets import window_counts


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


def step_targets(corpus: Corpus, passages: list, window: int, k: int, ns_exponent: float, keep: np.ndarray,
                 seed: int = 0, draws: int = 12, within: int = PAGE_WORDS) -> dict:
    """What the "One step" view needs to show each score's target s* (targets.py) without the corpus:
    ``draws`` sets of k negatives drawn from P_n over the ``within`` most frequent words (the page's
    "draw again" goes through them), the window counts #(c, o) of every pair a passage's window or
    a drawn negative can make with a passage word (the non-zero ones), each passage word's #(c),
    P_n's normaliser Σ count^α over the whole vocabulary, and the passages reordered so that the
    first holds the pair training sees most surely (both words kept by subsampling, often seen
    together): {"negatives", "pairs": {"c\\to": n}, "centres": {c: n}, "noise_norm", "window",
    "k", "default": [centre position, context position]}."""
    index, counts = corpus.vocab.index, corpus.vocab.counts.astype(np.float64)
    page = min(within, len(counts))
    weights = counts ** ns_exponent
    rng = np.random.default_rng([seed, 0x5E9])
    negatives = rng.choice(page, size=(draws, k), p=weights[:page] / weights[:page].sum())
    words = sorted({w for p in passages for w in p}, key=index.get)
    centres = np.array([index[w] for w in words], np.int64)
    asked = set()
    for p in passages:
        ids = [index[w] for w in p]
        for i, c in enumerate(ids):
            asked.update((c, ids[j]) for j in range(max(0, i - window), min(len(ids), i + window + 1)) if j != i)
    asked.update((int(c), int(n)) for c in centres for n in np.unique(negatives))
    asked = sorted(asked)
    pair_n, _ = window_counts(corpus.ids, [c for c, _ in asked], [o for _, o in asked], window)
    _, centre_n = window_counts(corpus.ids, centres, centres, window)
    pairs = {f"{corpus.vocab.words[c]}\t{corpus.vocab.words[o]}": int(n) for (c, o), n in zip(asked, pair_n) if n}

    def sure(p):                         # the pair training sees most surely in passage p
        best = (-1.0, 0, 1)
        for i, a in enumerate(p):
            for j in range(max(0, i - window), min(len(p), i + window + 1)):
                if j != i and any(ch.isalpha() for ch in a) and any(ch.isalpha() for ch in p[j]):
                    together = pairs.get(f"{a}\t{p[j]}", 0)
                    score = min(keep[index[a]], keep[index[p[j]]]) * np.log1p(together)
                    best = max(best, (float(score), i, j))
        return best
    scored = sorted(range(len(passages)), key=lambda n: -sure(passages[n])[0])
    passages[:] = [passages[n] for n in scored]
    _, c_pos, o_pos = sure(passages[0]) if passages else (0, 0, 1)
    return {"negatives": [[corpus.vocab.words[n] for n in row] for row in negatives], "pairs": pairs,
            "centres": {w: int(n) for w, n in zip(words, centre_n)}, "noise_norm": float(weights.sum()),
            "window": window, "k": k, "default": [c_pos, o_pos]}
