"""Your own text: plain UTF-8 files, cleaned the way WikiText is tokenised, paragraphs at blank lines.

    train --text book.txt [--text more.txt | --text folder/]     (a folder: its *.txt, in sorted order)

Cleaning (corpus.py keeps WikiText's own rules for WikiText), applied to each paragraph — the lines
between two blank lines, joined:

    lowercase, Unicode NFC, curly quotes and apostrophes straightened
    a number is one token with its separators      "1,000"  "3.5"  "1795"
    a word's clitics are tokens of their own       "don't" -> do n't     "austen's" -> austen 's
    a hyphen or underscore between letters splits  "well-known" -> well known    (WikiText drops @-@)
    any other punctuation mark is a token          "fortune," -> fortune ,     "(" "!" "—"

The text's identity is a digest of its files' bytes in order (``digest``): it names the run folder
(``text-<12 hex digits>``) and the encoded corpus in the cache, so two texts never share either,
and ``--resume`` refuses a text that changed. Bad input is one line before anything is written
(TextError): a missing or empty path, a folder without .txt files, a binary file, text that is not
UTF-8 (with the file, the byte offset and how to convert it).
"""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

PREFIX = "text-"                  # a run's dataset for a text: "text-" + its digest's first 12 digits
MIN_WORDS = 20                    # fewer words left after the min-count cut: too small to train on
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_CLITIC = re.compile(r"(?<=\w)(n't|'(?:s|re|ve|ll|d|m))\b")
_JOINERS = re.compile(r"(?<=\w)[-_]+(?=\w)|[_*]+")
_TOKEN = re.compile(r"n't|'(?:s|re|ve|ll|d|m)\b|\d+(?:[.,]\d+)*|[^\W_]+|[^\w\s]")


class TextError(ValueError):
    """A text that cannot be trained on; the message says which file and what to do."""


def clean_paragraph(text: str) -> str | None:
    """One paragraph -> its tokens joined by spaces (the rules above), or None when it has none."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).lower()
    text = _JOINERS.sub(" ", _CLITIC.sub(r" \1", text))
    tokens = _TOKEN.findall(text)
    return " ".join(tokens) if tokens else None


def text_files(paths) -> list[Path]:
    """The files ``--text`` names (a folder: its *.txt, sorted), each checked: it exists, holds
    something, is not binary, and is UTF-8. TextError (one line) otherwise."""
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise TextError(f"--text {given}: the folder holds no .txt file")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise TextError(f"--text {given}: no such file or folder")
    for path in files:
        check(path)
    return files


def check(path: Path) -> None:
    """TextError when ``path`` is empty, binary or not UTF-8 (read in 1 MB blocks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, seen = 0, False
    with open(path, "rb") as f:
        while block := f.read(2**20):
            if b"\0" in block:
                at = offset + block.index(b"\0")
                raise TextError(f"{path} is a binary file (a NUL byte at offset {at:,}), not text: give --text "
                                f"plain UTF-8 text")
            try:
                seen = bool(decoder.decode(block).strip()) or seen
            except UnicodeDecodeError as exc:
                raise TextError(f"{path} is not UTF-8 text: byte 0x{block[exc.start]:02x} at offset "
                                f"{offset + exc.start:,} cannot be decoded; convert it first, e.g. "
                                f"iconv -f WINDOWS-1252 -t UTF-8 {path} > {path.stem}.utf8.txt") from None
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise TextError(f"{path} is not UTF-8 text: it ends inside a character (offset {offset:,}); "
                            f"convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8") from None
    if not seen:
        raise TextError(f"{path} holds no text")


def digest(files) -> str:
    """SHA-256 over the files' own SHA-256s, in order: the text's identity."""
    whole = hashlib.sha256()
    for path in files:
        one = hashlib.sha256()
        with open(path, "rb") as f:
            while block := f.read(2**20):
                one.update(block)
        whole.update(one.digest())
    return whole.hexdigest()


def dataset_name(text_digest: str) -> str:
    return PREFIX + text_digest[:12]


class Paragraphs:
    """The paragraphs of some files as lines (corpus.build_corpus reads them twice, so a large text is
    never held whole): the lines between blank lines, joined by spaces; a leading BOM is dropped."""

    def __init__(self, files):
        self.files = list(files)

    def __iter__(self):
        for path in self.files:
            lines = []
            with open(path, encoding="utf-8-sig") as f:
                for line in f:
                    if line.strip():
                        lines.append(line.strip())
                    elif lines:
                        yield " ".join(lines)
                        lines = []
            if lines:
                yield " ".join(lines)


def too_small(vocab_size: int, tokens: int, min_count: int) -> str | None:
    """The one line for a text too small for its min count, or None."""
    if vocab_size >= MIN_WORDS:
        return None
    return (f"the text is too small for these settings: of its {tokens:,} tokens, {vocab_size} distinct words are "
            f"seen {min_count} times or more (--min-count {min_count}), and at least {MIN_WORDS} are needed: "
            f"give more text" + (", or try --min-count 1" if min_count > 1 else ""))
