"""The evaluation sets: reading them, and finding them for a command.

    questions-words.txt   ": section" lines, then "a b c d" per line (a is to b as c is to d)
    wordsim353.tsv        word1, word2, human score per line (gensim's TSV, or the original CSV)

A file that cannot be read as what it should be is one line (EvalFileError). Where the files come
from: the ones given (--analogies, --similarities), else the pinned public sets through data.py
(--eval-dir, --eval-mirror, the cache), preferring where the run found them (run.json).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .data import CACHE_ENV, EVAL_MIRROR_ENV, DataError, eval_files
from .runs import RunError, read_info


class EvalFileError(ValueError):
    """An evaluation file that cannot be read as what it should be; one line says why."""


def _text_lines(path) -> list[str]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise EvalFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise EvalFileError(f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                            f"{exc.start:,}); save it as UTF-8") from None


def read_analogies(path):
    """-> list of (section, [(a, b, c, d), ...]) from questions-words.txt, lowercased.
    The file: ": section-name" lines, each followed by questions of four words."""
    sections, current = [], None
    for n, line in enumerate(_text_lines(path), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith(":"):
            current = (line[1:].strip(), [])
            sections.append(current)
            continue
        words = line.lower().split()
        if current is None:
            raise EvalFileError(f"{path} line {n}: a question before any ': section' line; the "
                                f"Google analogy format starts each section with one")
        if len(words) != 4:
            raise EvalFileError(f"{path} line {n}: expected four words (a b c d), got {len(words)}")
        current[1].append(tuple(words))
    if not any(questions for _, questions in sections):
        raise EvalFileError(f"{path} holds no analogy questions (': section' lines, then 'a b c d')")
    return sections




def read_word_pairs(path):
    """-> [(w1, w2, human score)] from WordSim-353: gensim's TSV ("#" comments, tab-separated) or
    the original CSV (a "Word 1,Word 2,Human (mean)" header, comma-separated)."""
    pairs = []
    for n, line in enumerate(_text_lines(path), 1):
        if line.startswith("#") or not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t" if "\t" in line else ",")]
        try:
            score = float(fields[2])
        except (IndexError, ValueError):
            if not pairs and len(fields) >= 3:       # a header: Word 1, Word 2, Human (mean)
                continue
            raise EvalFileError(f"{path} line {n}: expected word1, word2, score (tab- or "
                                f"comma-separated), got {line[:60]!r}") from None
        pairs.append((fields[0].lower(), fields[1].lower(), score))
    if not pairs:
        raise EvalFileError(f"{path} holds no word pairs (word1, word2, score per line)")
    return pairs




def eval_sets(args, log=print, run_dir=None) -> tuple:
    """(analogies, similarities) paths: the files given, else the pinned public sets (cached,
    --eval-dir, --eval-mirror), for the evaluate, figures and explore commands. Without any of
    these options, the places the run in ``run_dir`` found them (run.json) come first."""
    if args.analogies or args.similarities:
        return args.analogies, args.similarities
    eval_dir, mirrors, cache_dir = args.eval_dir, args.eval_mirror, args.cache_dir
    if run_dir is not None and not (eval_dir or mirrors):
        try:
            sources = (read_info(run_dir) or {}).get("sources", {})
        except RunError:
            sources = {}
        if sources.get("eval_dir") and Path(sources["eval_dir"]).is_dir():
            eval_dir = sources["eval_dir"]
        mirrors = list(sources.get("eval_mirror") or [])
        cache_dir = cache_dir or sources.get("cache_dir")
    found = eval_files(eval_dir, cache_dir, mirrors, log=log)
    return found["analogies"], found["similarities"]


def example_sets(args) -> tuple:
    """eval_sets for the figures and explore commands, where the sets only add example questions:
    (None, None) with --no-eval, or with one note line when they cannot be had."""
    if args.no_eval:
        return None, None
    try:
        return eval_sets(args, log=lambda *a: None, run_dir=args.run_dir)
    except DataError as exc:
        print(f"note: no example analogies ({exc.headline}); --eval-dir DIR to use local copies",
              file=sys.stderr)
        return None, None


def add_eval_options(p, files: bool = True) -> None:
    g = p.add_argument_group("evaluation sets (default: the Google analogy set and WordSim-353, "
                             "downloaded once, verified and cached)")
    if files:
        g.add_argument("--analogies", help="your own analogy file (questions-words.txt format)")
        g.add_argument("--similarities", help="your own word-pair file (WordSim-353 TSV or CSV)")
    g.add_argument("--eval-dir", help="a folder holding questions-words.txt and wordsim353.tsv "
                                      "(no download)")
    g.add_argument("--eval-mirror", action="append", default=[], metavar="URL",
                   help=f"where to download them from instead (repeatable; also ${EVAL_MIRROR_ENV})")
    g.add_argument("--cache-dir", help=f"download cache (default ~/.cache/skipgram_np or ${CACHE_ENV})")
