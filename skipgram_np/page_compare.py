"""Another model's vectors beside the run's on the page: ``explore RUN --compare FILE``.

FILE is a word2vec file (vectorsfile.py: what gensim, word2vec.c or this project write). For each
of the page's words that FILE holds, the page gets what ``query FILE`` prints for it:

  - its K nearest words among all of FILE's words, by the cosine of unit rows
    cos(a, b) = v̂_a · v̂_b  (``query FILE neighbors WORD``; page_facts.neighbour_lists);
  - its unit row v̂ (float32), so that the Similarity view computes cos(a, b) for any two of
    them as ``query FILE similarity a b`` does;
  - the sorted cosines of FILE's random word pairs (baseline.Baseline, the same pairs' seed),
    for the percentile that query prints beside a cosine.

No verdict: FILE has no control (no training on shuffled text to judge it against), and the
page says so; the run's own verdicts stay the run's.
"""
from __future__ import annotations

import shlex
from pathlib import Path

import numpy as np

from . import baseline, page_facts, vectorsfile
from .embeddings import Embeddings


def compare_data(path, page_words: list[str]) -> dict:
    """The page's ``compare`` block for the vectors file at ``path`` (VectorsFileError if it is not one);
    its arrays little-endian, for page_data to encode."""
    ckpt = vectorsfile.load(path)[vectorsfile.FILE_EPOCH]
    emb = Embeddings(ckpt.vocab.words, ckpt.W_in)
    where = np.array([emb.index.get(w, -1) for w in page_words], np.int64)     # page id -> the file's id, or -1
    present = np.flatnonzero(where >= 0)
    # The file's words reordered with the page's words it holds first, so neighbour_lists (which lists
    # words 0..m−1 among all) gives their lists; its ids are mapped back to the file's own below.
    order = np.concatenate([where[present], np.setdiff1d(np.arange(len(emb.words)), where[present])])
    moved = Embeddings([emb.words[i] for i in order], emb.unit[order])
    ids, cos, _, _ = page_facts.neighbour_lists(moved, len(present))
    ids = np.where(ids >= 0, order[np.maximum(ids, 0)], -1)
    named = np.unique(ids[ids >= 0])
    slot = np.full(len(emb.words), -1, np.int64)
    slot[named] = np.arange(len(named))
    near = np.where(ids >= 0, slot[np.maximum(ids, 0)], -1)
    return {"name": Path(path).name, "vocab_size": len(emb.words), "dim": int(emb.unit.shape[1]),
            "query": f"python -m skipgram_np.query {shlex.quote(str(path))}",
            "k": int(ids.shape[1]), "present": present.astype("<u4"), "n_present": len(present),
            "rows": emb.unit[where[present]].astype("<f4"),
            "names": " ".join(emb.words[i] for i in named),
            "near": near.astype("<i4"), "cos": cos.astype("<f4"),               # (float32 products: exact)
            "pairs_n": baseline.N_PAIRS, "pairs_sorted": baseline.Baseline.of(emb.unit).cosines.astype("<f8")}
