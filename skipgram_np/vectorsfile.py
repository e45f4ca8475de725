"""Any vectors: a word2vec file from another tool, read as a run of one table with no history.

    python -m skipgram_np.query vectors.bin neighbors france       (or .txt, .gz, a folder's run)

The word2vec formats (what gensim's ``KeyedVectors.save_word2vec_format`` and word2vec.c write): a
header "V d", then per word either the word and d numbers as text, or the word, a space and d
little-endian float32s (binary); ``.gz`` is read through gzip. Which of the two a file is, is read
from the file itself, not its name.

It becomes one checkpoint at epoch FILE_EPOCH: its rows as W_in, in the file's order (word2vec tools
write the most frequent word first), W_out all zero, no corpus counts, no loss, no control. The
commands that read runs read it like any run; what needs epochs, W_out, counts or a control says in
one line that the file has one table and no history.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from .checkpoint import Checkpoint
from .config import Config
from .vocab import Vocab

FILE_EPOCH = 1          # the one "epoch" of a vectors file: what its tool trained, however long


class VectorsFileError(ValueError):
    """A file that is not word2vec vectors; the message says what is wrong with it."""


def is_vectors_file(path) -> bool:
    """A file (not a run folder) that a command should read as vectors."""
    return Path(path).is_file()


def _read(path: Path) -> bytes:
    with (gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")) as f:
        return f.read()


def parse(data: bytes, name: str = "the file") -> tuple[list[str], np.ndarray]:
    """(words, (V, d) float32) from a word2vec file's bytes, text or binary."""
    header, _, body = data.partition(b"\n")
    try:
        n, d = map(int, header.split())
        if n < 1 or d < 1:
            raise ValueError
    except ValueError:
        raise VectorsFileError(f"{name} is not word2vec vectors: its first line should be 'V d' (how many words, "
                               f"how many numbers each), not {header[:40]!r}") from None
    try:
        return _text(body, n, d)
    except (UnicodeDecodeError, ValueError, IndexError):
        pass
    try:
        return _binary(body, n, d)
    except (UnicodeDecodeError, ValueError, IndexError):
        raise VectorsFileError(f"{name} is neither word2vec text nor binary of {n:,} words × {d} numbers "
                               f"(it is cut short, or another format)") from None


def _text(body: bytes, n: int, d: int):
    lines = body.decode("utf-8").splitlines()
    if len(lines) < n:
        raise ValueError("too few lines")
    words, rows = [], np.empty((n, d), np.float32)
    for i, line in enumerate(lines[:n]):
        parts = line.rstrip().split(" ")
        if len(parts) != d + 1:
            raise ValueError("a row of the wrong length")
        words.append(parts[0])
        rows[i] = np.array(parts[1:], dtype=np.float32)
    return words, rows


def _binary(body: bytes, n: int, d: int):
    words, rows, pos = [], np.empty((n, d), np.float32), 0
    for i in range(n):
        end = body.index(b" ", pos)
        words.append(body[pos:end].decode("utf-8").lstrip("\n"))
        if end + 1 + 4 * d > len(body):
            raise ValueError("cut short")
        rows[i] = np.frombuffer(body, dtype="<f4", count=d, offset=end + 1)
        pos = end + 1 + 4 * d
    return words, rows


def load(path) -> dict:
    """{FILE_EPOCH: Checkpoint} of a word2vec file (VectorsFileError when it is not one)."""
    path = Path(path)
    try:
        data = _read(path)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise VectorsFileError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    words, rows = parse(data, str(path))
    if len(set(words)) != len(words):
        raise VectorsFileError(f"{path} lists a word twice: not a vocabulary")
    if not np.isfinite(rows).all():
        raise VectorsFileError(f"{path} holds values that are not finite numbers")
    cfg = Config(dim=rows.shape[1])
    vocab = Vocab(tuple(words), None)
    return {FILE_EPOCH: Checkpoint(rows, np.zeros_like(rows), vocab, cfg, FILE_EPOCH, np.zeros(0), np.zeros((0, 3)),
                                   {"vectors_file": str(path.resolve())})}


def no_history(path) -> str:
    """The one line said where a view needs what a vectors file has not got."""
    return (f"{Path(path).name} is a vectors file: one table (its W_in) and no history — no other epochs, no W_out, "
            f"no corpus counts, no control to judge it against")
