"""The evaluation sets: reading them, and finding them for a command.

    questions-words.txt   ": section" lines, then "a b c d" per line (a is to b as c is to d)
    wordsim353.tsv        word1, word2, human score per line (gensim's TSV, or the original CSV)

A file that cannot be read as what it should be is one line (EvalFileError). Where the files come
from: the ones given (--analogies, --similarities), else the pinned public sets through data.py
(--eval-dir, --eval-mirror, the cache), preferring where the run found them (run.json).
"""
from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

from .data import CACHE_ENV, EVAL_MIRROR_ENV, DataError, eval_files
from .embeddings import nfc
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
    """-> list of (section, [(a, b, c, d), ...]) from questions-words.txt, lowercased, in Unicode
    NFC (as words meet the vocabulary: embeddings.nfc).
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
        words = nfc(line.lower()).split()
        if current is None:
            raise EvalFileError(f"{path} line {n}: a question before any ': section' line; the "
                                f"Google analogy format starts each section with one")
        if len(words) != 4:
            raise EvalFileError(f"{path} line {n}: expected four words (a b c d), got {len(words)}")
        current[1].append(tuple(words))
    if not any(questions for _, questions in sections):
        raise EvalFileError(f"{path} holds no analogy questions (': section' lines, then 'a b c d')")
    return sections


def _word_pair(line: str):
    """(w1, w2, score) from one line, tab-separated if it holds a tab, else comma-separated, each
    field possibly quoted ("love","sex",6.77); None when it is not two words and a finite number."""
    try:
        fields = [f.strip() for f in next(csv.reader([line], delimiter="\t" if "\t" in line else ",",
                                                     skipinitialspace=True), [])]
    except csv.Error:                                # e.g. a NUL byte
        return None
    if len(fields) < 3 or not fields[0] or not fields[1]:
        return None
    try:
        score = float(fields[2])
    except ValueError:
        return None
    return (nfc(fields[0].lower()), nfc(fields[1].lower()), score) if math.isfinite(score) else None


def read_word_pairs(path, log=None):
    """-> [(w1, w2, human score)] from WordSim-353: gensim's TSV ("#" comments, tab-separated) or
    the original CSV (a "Word 1,Word 2,Human (mean)" header, comma-separated), fields possibly
    quoted; words lowercased, in Unicode NFC.

    Lines that are not (word, word, number) are skipped, and ``log`` (default: stderr) gets one
    note naming the first; a file where fewer than half of its lines are pairs is not a word-pair
    file, and is refused (EvalFileError) naming a bad line."""
    pairs, bad, lines = [], [], 0
    for n, line in enumerate(_text_lines(path), 1):
        if line.startswith("#") or not line.strip():
            continue
        lines += 1
        pair = _word_pair(line)
        if pair is not None:
            pairs.append(pair)
        elif not (lines == 1 and len(line.split("\t" if "\t" in line else ",")) >= 3):
            bad.append((n, line))                    # (a first line of three fields: the header)
    if not pairs:
        raise EvalFileError(f"{path} holds no word pairs (word1, word2, score per line)"
                            + (f"; line {bad[0][0]}: {bad[0][1][:60]!r}" if bad else ""))
    if len(pairs) * 2 < lines:
        n, line = bad[0]
        raise EvalFileError(f"{path} line {n}: expected word1, word2, score (tab- or comma-separated)"
                            f", got {line[:60]!r}; only {len(pairs)} of its {lines} lines are word pairs")
    if bad:
        (n, line), more = bad[0], len(bad) - 1
        (log or _note)(f"note: {path}: skipped line {n} ({line[:60]!r}), not word1, word2, score"
                       + (f", and {more} more such line{'s' * (more > 1)}" if more else ""))
    return pairs


def _note(message: str) -> None:
    print(message, file=sys.stderr)


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
