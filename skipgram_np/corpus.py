"""Clean and tokenize WikiText-2 into one int32 array of word ids, keeping line boundaries.

Cleaning, applied to train + valid + test concatenated (the reference pipeline):
  - drop heading lines: those whose first non-space character is ``=`` (`` = Valkyria Chronicles = ``);
  - lowercase;
  - split the hyphenated compounds: WikiText writes "state-of-the-art" as ``state @-@ of @-@ the @-@
    art``; the ``@-@`` tokens are dropped, leaving the words ``state of the art``;
  - rejoin numbers: ``1 @,@ 000`` becomes ``1,000`` and ``3 @.@ 5`` becomes ``3.5`` (a thousands
    separator or decimal point is part of one number, not a word of its own);
  - ``<unk>`` (the release's stand-in for rare words) is kept as an ordinary token, as the reference
    pipeline keeps it; min-count and subsampling treat it like any other frequent word;
  - whitespace split.
Each remaining non-empty line is one paragraph; ``line_starts`` records where each begins so that
windows may (by option) stay inside a paragraph.

Left out: sentence splitting inside a paragraph (WikiText keeps no sentence markers worth trusting).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .files import atomic_writer
from .vocab import Vocab, vocab_from_counts

CLEANING_VERSION = 1      # bump when the cleaning rules change: cached encodings are then rebuilt

_NUMBER_JOINER = re.compile(r" @([,.])@ ")
_HYPHEN = re.compile(r" @-@ ")


def clean_line(line: str) -> str | None:
    """One raw line -> cleaned text, or None for a heading or blank line."""
    stripped = line.strip()
    if not stripped or stripped.startswith("="):
        return None
    text = " " + stripped.lower() + " "
    text = _HYPHEN.sub(" ", text)
    text = _NUMBER_JOINER.sub(r"\1", text)
    return text.strip() or None


def tokenize(lines) -> tuple[list[str], np.ndarray]:
    """Lines -> (tokens, line_starts): all tokens in order, and the offset where each line begins.

    ``line_starts`` has one entry per kept line plus a final entry equal to ``len(tokens)``.
    """
    tokens: list[str] = []
    starts = [0]
    for line in lines:
        text = clean_line(line)
        if text is None:
            continue
        tokens.extend(text.split())
        starts.append(len(tokens))
    return tokens, np.asarray(starts, dtype=np.int64)


class FileLines:
    """The lines of some files, read afresh on every iteration (build_corpus reads them twice),
    so that a large corpus is never held in memory as text. A leading BOM is dropped."""

    def __init__(self, paths):
        self.paths = list(paths)

    def __iter__(self):
        for path in self.paths:
            with open(path, encoding="utf-8-sig") as f:
                for line in f:
                    yield line.rstrip("\n")


def read_lines(paths) -> list[str]:
    """The lines of the given files, in order, decoded as UTF-8 (a leading BOM is dropped)."""
    lines: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8-sig") as f:
            lines.extend(f.read().split("\n"))
    return lines


@dataclass(frozen=True)
class Corpus:
    """The training text as numbers: ``ids[line_starts[j]:line_starts[j+1]]`` is paragraph j."""
    vocab: Vocab
    ids: np.ndarray          # (N,) int32 word ids, out-of-vocabulary tokens removed
    line_starts: np.ndarray  # (L+1,) int64 offsets into ids
    raw_tokens: int          # tokens after cleaning, before the min-count cut
    min_count: int = 5       # the cut it was built with
    max_tokens: int | None = None

    @cached_property
    def digest(self) -> str:
        """A short SHA-256 of the encoded text and its vocabulary: the run's corpus identity."""
        h = hashlib.sha256()
        for a in (self.ids, self.line_starts, self.vocab.counts):
            h.update(np.ascontiguousarray(a).view(np.uint8))
        h.update("\n".join(self.vocab.words).encode("utf-8"))
        return h.hexdigest()[:16]


def build_corpus(lines, min_count: int = 5, max_tokens: int | None = None, clean=clean_line) -> Corpus:
    """Clean, count, cut at ``min_count`` and encode. ``max_tokens`` keeps a prefix; ``clean``: one
    line (a paragraph) -> its tokens joined by spaces, or None (WikiText's rules, or plaintext's).

    Two passes over ``lines`` (any re-iterable: a list, or FileLines): count, then encode; so the
    tokens never live as Python strings all at once (2.4M of them would take ~150 MB).
    """
    def cleaned():                          # the kept lines' tokens, cut at max_tokens
        total = 0
        for line in lines:
            text = clean(line)
            if text is None:
                continue
            tokens = text.split()
            if max_tokens is not None and total + len(tokens) > max_tokens:
                tokens = tokens[: max_tokens - total]
            if tokens:
                total += len(tokens)
                yield tokens
            if max_tokens is not None and total >= max_tokens:
                return

    counts: Counter = Counter()
    total = 0
    for tokens in cleaned():               # pass 1: count
        counts.update(tokens)
        total += len(tokens)
    vocab = vocab_from_counts(counts, min_count, total)
    index = vocab.index
    ids = np.empty(total, dtype=np.int32)
    starts = [0]
    n = 0
    for tokens in cleaned():               # pass 2: encode
        line_ids = [index[t] for t in tokens if t in index]
        ids[n:n + len(line_ids)] = line_ids
        n += len(line_ids)
        starts.append(n)
    return Corpus(vocab, ids[:n].copy(), np.asarray(starts, dtype=np.int64), total, min_count, max_tokens)


def cache_path(cache_dir, dataset: str, file_hashes, min_count: int, max_tokens) -> Path:
    """Where the encoding of these (verified) files under these settings is cached."""
    key = json.dumps([dataset, list(file_hashes), min_count, max_tokens, CLEANING_VERSION])
    return Path(cache_dir) / "corpus" / f"{dataset}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"


def save(path, corpus: Corpus) -> None:
    with atomic_writer(path) as f:
        np.savez(f, ids=corpus.ids, line_starts=corpus.line_starts,
                 words=np.array(corpus.vocab.words, dtype=str), counts=corpus.vocab.counts,
                 meta=np.array(json.dumps([corpus.raw_tokens, corpus.min_count, corpus.max_tokens])))


def load(path) -> Corpus | None:
    """A cached encoding, or None when there is none or it cannot be read (it is then rebuilt)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            raw_tokens, min_count, max_tokens = json.loads(str(f["meta"]))
            vocab = Vocab(tuple(f["words"].tolist()), f["counts"].astype(np.int64))
            return Corpus(vocab, f["ids"].astype(np.int32), f["line_starts"].astype(np.int64),
                          raw_tokens, min_count, max_tokens)
    except (OSError, ValueError, KeyError, EOFError):
        return None
    except Exception:     # a damaged zip raises zipfile.BadZipFile and others: rebuild
        return None
