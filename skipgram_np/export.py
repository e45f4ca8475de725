"""Write a checkpoint's vectors for other tools and for the explorer.

- ``embeddings_epoch{N}.json`` (the explorer's input), schema::

      {"format": "skipgram_np.embeddings/1", "epoch": N, "dim": d, "vocab_size": V,
       "words": [...top `limit` words by frequency...], "counts": [...],
       "vectors": [[...d numbers, 4 significant decimals...], ...],     # W_in rows
       "pca": {"coords": [[x, y], ...], "explained_variance": [r1, r2]}, # 2D PCA of those rows
       "config": {...}, "stats": {...}}

- ``vectors_epoch{N}.txt`` / ``.bin``: the word2vec formats (a header "V d", then a word and its d
  numbers per line; in the binary one the numbers are little-endian float32), read by
  ``gensim.models.KeyedVectors.load_word2vec_format`` and by word2vec.c's tools. Words never contain
  spaces here (they come from a whitespace split).
- ``vectors.tsv`` + ``metadata.tsv`` for the TensorFlow Embedding Projector (on request).

The vectors exported are W_in, the input (centre) table, as word2vec.c and gensim export syn0.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from .config import PAGE_WORDS
from .embeddings import vectors_of
from .files import atomic_writer, write_atomic

JSON_FORMAT = "skipgram_np.embeddings/1"
WORD2VEC_EXPORTS = ("final", "checkpoints", "none")   # --word2vec: of the last epoch, every checkpoint, none


def pca_2d(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """-> (coords (n, 2), explained variance ratio (2,)) of a 2-component PCA (scikit-learn)."""
    from sklearn.decomposition import PCA     # here, not at the top: scikit-learn takes ~0.8 s to import
    pca = PCA(n_components=2, svd_solver="full", random_state=0)
    coords = pca.fit_transform(np.asarray(vectors, dtype=np.float64))
    return coords, pca.explained_variance_ratio_


def embeddings_json(words, counts, vectors, epoch: int, config: dict, stats: dict,
                    limit: int | None = PAGE_WORDS, decimals: int = 4) -> dict:
    n = len(words) if limit is None else min(limit, len(words))
    vecs = np.asarray(vectors[:n], dtype=np.float64)
    coords, ratio = pca_2d(vecs)
    return {
        "format": JSON_FORMAT, "epoch": int(epoch), "dim": int(vecs.shape[1]),
        "vocab_size": len(words), "words": list(words[:n]),
        "counts": [int(c) for c in counts[:n]],
        "vectors": np.round(vecs, decimals).tolist(),
        "pca": {"coords": np.round(coords, decimals).tolist(),
                "explained_variance": [float(r) for r in ratio]},
        "config": config, "stats": stats,
    }


def validate_embeddings_json(doc: dict) -> None:
    """Raise ValueError unless ``doc`` follows the schema above."""
    def need(cond, what):
        if not cond:
            raise ValueError(f"embeddings JSON: {what}")
    need(doc.get("format") == JSON_FORMAT, f"format must be {JSON_FORMAT!r}")
    for key, typ in (("epoch", int), ("dim", int), ("vocab_size", int), ("words", list),
                     ("counts", list), ("vectors", list), ("pca", dict)):
        need(isinstance(doc.get(key), typ), f"{key} must be a {typ.__name__}")
    n, d = len(doc["words"]), doc["dim"]
    need(len(doc["counts"]) == n and len(doc["vectors"]) == n, "words/counts/vectors lengths differ")
    need(all(isinstance(w, str) for w in doc["words"]), "words must be strings")
    need(all(len(v) == d for v in doc["vectors"]), f"every vector must have dim={d} numbers")
    need(len(doc["pca"].get("coords", [])) == n and all(len(c) == 2 for c in doc["pca"]["coords"]),
         "pca.coords must hold one [x, y] per word")
    need(len(doc["pca"].get("explained_variance", [])) == 2, "pca.explained_variance needs 2 numbers")


def write_json(path, doc: dict) -> None:
    write_atomic(Path(path), json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def own_digest(path) -> str | None:
    """The checkpoint digest an explorer JSON records for itself (its last key, read from the file's
    tail: no need to parse megabytes), or None (another export, or one made before JSONs carried it)."""
    path = Path(path)
    if path.suffix != ".json" or not path.is_file():
        return None
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 200))
        tail = f.read().decode("utf-8", "replace")
    found = re.search(r'"checkpoint_sha256":"([0-9a-f]{64})"}\s*$', tail)
    return found.group(1) if found else None


def write_word2vec_text(path, words, vectors) -> None:
    row = "%s " + " ".join(["%.6g"] * vectors.shape[1]) + "\n"     # one format per row: ~3x faster
    with atomic_writer(path) as f:
        f.write(f"{len(words)} {vectors.shape[1]}\n".encode())
        for w, v in zip(words, vectors.tolist()):
            f.write((row % (w, *v)).encode("utf-8"))


def write_word2vec_binary(path, words, vectors) -> None:
    vectors = np.asarray(vectors, dtype="<f4")
    with atomic_writer(path) as f:
        f.write(f"{len(words)} {vectors.shape[1]}\n".encode())
        for w, v in zip(words, vectors):
            f.write(w.encode("utf-8") + b" " + v.tobytes() + b"\n")


def read_word2vec(path, binary: bool) -> tuple[list[str], np.ndarray]:
    """Read either format back (for round-trip tests and for loading other tools' vectors)."""
    data = Path(path).read_bytes()
    header, _, body = data.partition(b"\n")
    n, d = map(int, header.split())
    words, vectors = [], np.empty((n, d), dtype=np.float32)
    if binary:
        pos = 0
        for i in range(n):
            end = body.index(b" ", pos)
            words.append(body[pos:end].decode("utf-8").lstrip("\n"))
            vectors[i] = np.frombuffer(body, dtype="<f4", count=d, offset=end + 1)
            pos = end + 1 + 4 * d
    else:
        for i, line in enumerate(body.decode("utf-8").splitlines()[:n]):
            parts = line.rstrip().split(" ")
            words.append(parts[0])
            vectors[i] = np.array(parts[1:], dtype=np.float32)
    return words, vectors


def write_projector(folder, words, vectors, which: str = "both") -> None:
    """TensorFlow Embedding Projector: vectors.tsv (tab-separated numbers) + metadata.tsv (words)."""
    folder = Path(folder)
    if which in ("both", "vectors"):
        lines = ["\t".join(f"{x:.6g}" for x in v) for v in vectors]
        write_atomic(folder / "vectors.tsv", ("\n".join(lines) + "\n").encode("utf-8"))
    if which in ("both", "metadata"):
        write_atomic(folder / "metadata.tsv", ("\n".join(words) + "\n").encode("utf-8"))


def export_names(epoch: int, vectors: bool, projector: bool) -> list[str]:
    """The files export_checkpoint writes for ``epoch``, relative to the run folder."""
    names = [f"embeddings_epoch{epoch}.json"]
    if vectors:
        names += [f"vectors_epoch{epoch}.txt", f"vectors_epoch{epoch}.bin"]
    if vectors and projector:
        names += [f"projector_epoch{epoch}/vectors.tsv", f"projector_epoch{epoch}/metadata.tsv"]
    return names


def training_exports(epoch: int, outputs: dict, final: bool) -> list[str]:
    """The exports training writes for a checkpoint: its JSON always; word2vec text/binary (and
    the projector files) at the last epoch, or at every checkpoint with outputs["word2vec"] =
    "checkpoints"."""
    policy = outputs.get("word2vec", "final")
    vectors = policy == "checkpoints" or (policy == "final" and final)
    return export_names(epoch, vectors, outputs.get("projector", False) and vectors)


def export_checkpoint(run_dir, ckpt, json_words: int | None = PAGE_WORDS, vectors: bool = True,
                      projector: bool = False, table: str = "in", only=None,
                      digest: str | None = None) -> list[str]:
    """The exports of one checkpoint into run_dir: the explorer JSON, and with ``vectors`` the
    word2vec text and binary files (and the projector's, with ``projector``); ``only``: just
    these names. ``table``: which vectors (embeddings.vectors_of: "in", "out" or "sum").
    ``digest``: the checkpoint file's, recorded in the JSON as what it was made from.
    -> the names written."""
    run_dir = Path(run_dir)
    n = ckpt.epoch
    words, table_rows = list(ckpt.vocab.words), vectors_of(ckpt, table)
    written = []
    for name in export_names(n, vectors, projector):
        if only is not None and name not in only:
            continue
        path = run_dir / name
        if name.endswith(".json"):
            doc = embeddings_json(words, ckpt.vocab.counts, table_rows, n, ckpt.config.to_dict(),
                                  ckpt.stats, limit=json_words)
            write_json(path, {**doc, "checkpoint_sha256": digest} if digest else doc)
        elif name.endswith(".txt"):
            write_word2vec_text(path, words, table_rows)
        elif name.endswith(".bin"):
            write_word2vec_binary(path, words, table_rows)
        elif name.endswith("vectors.tsv"):
            write_projector(path.parent, words, table_rows, which="vectors")
        else:
            write_projector(path.parent, words, table_rows, which="metadata")
        written.append(name)
    return written
