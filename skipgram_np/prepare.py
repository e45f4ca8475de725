"""Prepare the training text: fetch (data.py), clean and encode (corpus.py), cache the encoding,
and say what it made (nanoGPT's prepare.py prints its dataset length and vocabulary size).

    load_corpus(cfg)      the verified files -> clean -> vocabulary -> one int32 array of ids;
                          cached (corpus.save / corpus.load), so a second run starts in a fraction
                          of a second
    corpus_stats(cfg, c)  the figures a learner wants to see: tokens, vocabulary, how many tokens
                          subsampling keeps per epoch and how many pairs that gives, and a few
                          real passages for the explorer's One step view (passages.py)
"""
from __future__ import annotations

from pathlib import Path

from . import corpus as corpus_mod
from . import data, pairs, plaintext, subsample
from .config import PAGE_WORDS, Config
from .passages import sample_passages


def corpus_cache_file(cfg: Config, cache_dir=None) -> Path:
    """Where the encoded corpus for ``cfg`` is cached (corpus.cache_path): a text's by its digest."""
    root = Path(cache_dir) if cache_dir else data.default_cache_dir()
    hashes = ([cfg.dataset] if cfg.dataset.startswith(plaintext.PREFIX) else
              [data.HASHES[cfg.dataset][s] for s in data.SPLITS])
    return corpus_mod.cache_path(root, cfg.dataset, hashes, cfg.min_count, cfg.max_tokens)


def load_corpus(cfg: Config, data_dir=None, cache_dir=None, mirrors=(), log=print,
                progress: bool = True, offline: bool = False, text=None) -> corpus_mod.Corpus:
    """The verified files, cleaned and encoded; the encoding is cached (corpus.save/load) so that
    a second run starts in a fraction of a second. ``offline``: from ``data_dir`` or the cache
    only (data.DataError when they are not there), never downloaded. ``text``: a user's own files
    (plaintext.text_files, checked), for a config whose dataset is their digest's name; a text
    too small to train on is plaintext.TextError before anything is cached."""
    if cfg.dataset.startswith(plaintext.PREFIX):
        cached = corpus_cache_file(cfg, cache_dir)
        found = corpus_mod.load(cached)
        if found is not None:
            return found
        if not text:
            raise plaintext.TextError(f"the text of {cfg.dataset} is not given: pass its files with --text")
        built = corpus_mod.build_corpus(plaintext.Paragraphs(text), cfg.min_count, cfg.max_tokens,
                                        clean=plaintext.clean_paragraph)
        small = plaintext.too_small(len(built.vocab), built.raw_tokens, cfg.min_count)
        if small:
            raise plaintext.TextError(small)
        _cache(cached, built, log)
        return built
    if offline and not data_dir:
        paths = data.cached_files(cfg.dataset, cache_dir)
    else:
        paths = data.wikitext2_files(data_dir=data_dir, cache_dir=cache_dir, mirror_urls=mirrors, log=log,
                                     dataset=cfg.dataset, progress=progress)
    cached = corpus_cache_file(cfg, cache_dir)
    found = corpus_mod.load(cached)
    if found is not None:
        return found
    lines = corpus_mod.FileLines([paths[s] for s in data.SPLITS])   # streamed, read twice
    built = corpus_mod.build_corpus(lines, cfg.min_count, cfg.max_tokens)
    _cache(cached, built, log)
    return built


def _cache(path: Path, built: corpus_mod.Corpus, log) -> None:
    try:
        corpus_mod.save(path, built)
    except OSError as exc:                       # a read-only cache only costs time
        log(f"note: could not cache the encoded corpus ({exc.strerror or exc})")


def corpus_stats(cfg: Config, corpus: corpus_mod.Corpus, page_words: int = PAGE_WORDS) -> dict:
    """The figures a learner wants to see (and the explorer's "How it works" shows), and a few
    real passages of the text among the ``page_words`` most frequent words (the explorer's "One
    step" view walks a training step on them)."""
    kept = subsample.expected_kept(corpus.vocab.counts, cfg.subsample, cfg.subsample_formula)
    return {
        "dataset": cfg.dataset, "raw_tokens": corpus.raw_tokens, "tokens": int(len(corpus.ids)),
        "vocab_size": len(corpus.vocab), "lines": int(len(corpus.line_starts) - 1),
        "expected_kept_per_epoch": round(kept), "kept_fraction": kept / max(len(corpus.ids), 1),
        "expected_pairs_per_epoch": pairs.count_pairs(round(kept), cfg.window, shrink=cfg.shrink_window),
        "samples": sample_passages(corpus, cfg.seed, within=page_words or len(corpus.vocab)),
    }
