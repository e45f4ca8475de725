"""Checkpoints: everything needed to query a run, or to resume it exactly.

A checkpoint is one ``.npz`` (no pickles: strings are stored as unicode arrays, the config as JSON):
    W_in, W_out           (V, d) float32 tables
    words, counts         the vocabulary (words as UTF-8, one per line, in a uint8 array)
    config                the run's Config as JSON
    run_id                the run it belongs to (runs.py: one run per folder)
    epoch                 epochs completed (0: the tables before training)
    loss_epochs           (epoch,) mean loss of each epoch
    loss_trace            (n, 3) [epoch + fraction done, mean loss of that slice, pairs in it]
    stats                 JSON: corpus and sampling figures, seconds, scores per epoch, ...
    m_in v_in m_out v_out last_in last_out adam_step   Adam's state (``state.npz`` only)
    sha256                digest of all the arrays above, checked on load

Disk is spent once: a table that is all zeros (W_out before training, Adam's moments at step 0)
is stored as its shape alone (``NAME__zeros``), and when the epoch of ``state.npz`` is also a
checkpoint epoch, the state refers to that checkpoint for W_in and W_out (``tables_from``, with
the checkpoint's digest) instead of holding a second copy.

``RUN/state.npz`` is rewritten (atomically) after every epoch, so a run killed mid-epoch loses at
most that epoch; ``RUN/checkpoint_epoch{N}.npz`` are kept for the checkpoint epochs. Loading checks
the digest and every array's shape and dtype against the config and the vocabulary, so a damaged
or foreign file is one clear error, never a crash inside a kernel.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .config import Config
from .files import atomic_writer
from .vocab import Vocab

ADAM_ARRAYS = ("m_in", "v_in", "m_out", "v_out", "last_in", "last_out")
REQUIRED = ("words", "counts", "config", "epoch", "loss_epochs", "loss_trace", "stats", "sha256")
ZEROS = "__zeros"


class CheckpointError(RuntimeError):
    """A checkpoint that is missing, truncated, corrupt or foreign; the message names the file."""


@dataclass
class Checkpoint:
    W_in: np.ndarray
    W_out: np.ndarray
    vocab: Vocab
    config: Config
    epoch: int
    loss_epochs: np.ndarray
    loss_trace: np.ndarray
    stats: dict = field(default_factory=dict)
    adam: dict | None = None          # ADAM_ARRAYS and "step"
    run_id: str = ""


def checkpoint_path(run_dir, epoch: int) -> Path:
    return Path(run_dir) / f"checkpoint_epoch{epoch}.npz"


def state_path(run_dir) -> Path:
    return Path(run_dir) / "state.npz"


def _digest(arrays: dict) -> str:
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(name.encode())
        h.update(str(a.dtype).encode() + str(a.shape).encode())
        h.update(a.reshape(-1).view(np.uint8) if a.size else b"")
    return h.hexdigest()


def _put(arrays: dict, name: str, table: np.ndarray) -> None:
    """Store ``table`` under ``name``, or only its shape when it is all zeros."""
    if table.size and not table.any():
        arrays[name + ZEROS] = np.array(table.shape, np.int64)
    else:
        arrays[name] = table


def save(path, ckpt: Checkpoint, with_optimizer: bool = False, tables_from=None) -> str:
    """Write ``ckpt`` atomically. ``tables_from``: a checkpoint file (same folder) that already
    holds these W_in and W_out; the file then refers to it instead. -> the file's digest."""
    arrays = {
        "words": np.frombuffer("\n".join(ckpt.vocab.words).encode("utf-8"), np.uint8),
        "counts": ckpt.vocab.counts,
        "config": np.array(json.dumps(ckpt.config.to_dict())), "run_id": np.array(ckpt.run_id),
        "epoch": np.array(ckpt.epoch), "loss_epochs": np.asarray(ckpt.loss_epochs, np.float64),
        "loss_trace": np.asarray(ckpt.loss_trace, np.float64).reshape(-1, 3),
        "stats": np.array(json.dumps(ckpt.stats)),
    }
    if tables_from is None:
        _put(arrays, "W_in", ckpt.W_in)
        _put(arrays, "W_out", ckpt.W_out)
    else:
        arrays["tables_from"] = np.array(Path(tables_from).name)
        arrays["tables_sha256"] = np.array(stored_digest(tables_from))
    if with_optimizer and ckpt.adam is not None:
        for k in ADAM_ARRAYS:
            _put(arrays, k, ckpt.adam[k])
        arrays["adam_step"] = np.array(ckpt.adam["step"])
    arrays["sha256"] = np.array(_digest(arrays))
    with atomic_writer(path) as f:
        np.savez(f, **arrays)
    return str(arrays["sha256"])


def _read(path: Path) -> dict:
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        with np.load(path, allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as exc:
        raise CheckpointError(f"{path} is truncated or corrupt ({type(exc).__name__}); move it out "
                              f"of the folder to use the run's other files, or train the run again "
                              f"with --overwrite") from None


def stored_digest(path) -> str:
    """The digest a checkpoint file records for itself (not recomputed)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            return str(f["sha256"])
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
        raise CheckpointError(f"{path} is truncated or corrupt") from None


def stored_run_id(path) -> str:
    """The run id a checkpoint file records ("" when it has none or cannot be read)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            return str(f["run_id"]) if "run_id" in f.files else ""
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError):
        return ""


def load(path) -> Checkpoint:
    """Read and verify a checkpoint; raise CheckpointError for anything missing or damaged."""
    path = Path(path)
    arrays = _read(path)
    missing = [k for k in REQUIRED if k not in arrays]
    if missing:
        raise CheckpointError(f"{path} is not a skipgram_np checkpoint (missing {', '.join(missing)})")
    stored = str(arrays.pop("sha256"))
    if _digest(arrays) != stored:
        raise CheckpointError(f"{path} is corrupt: its contents do not match their checksum")
    for name in [k for k in arrays if k.endswith(ZEROS)]:
        shape = tuple(int(x) for x in arrays.pop(name))
        arrays[name[:-len(ZEROS)]] = np.zeros(shape, np.int64 if name.startswith("last") else np.float32)
    if "tables_from" in arrays:
        source = path.parent / str(arrays["tables_from"])
        if not source.is_file() or stored_digest(source) != str(arrays["tables_sha256"]):
            raise CheckpointError(f"{path} takes its tables from {source.name}, which is missing or "
                                  f"was replaced; resume from an earlier run or start afresh")
        tables = load(source)
        arrays["W_in"], arrays["W_out"] = tables.W_in, tables.W_out
    try:
        config = Config.from_dict(json.loads(str(arrays["config"]))).validate()
        stats = json.loads(str(arrays["stats"]))
    except (ValueError, TypeError) as exc:
        raise CheckpointError(f"{path} holds an unreadable configuration ({exc})") from None
    try:
        words = _words(arrays["words"])
    except (UnicodeDecodeError, ValueError):
        raise CheckpointError(f"{path} holds an unreadable vocabulary") from None
    _check_shapes(path, arrays, config, len(words))
    adam = None
    if "adam_step" in arrays:
        adam = {k: arrays[k] for k in ADAM_ARRAYS}
        adam["step"] = int(arrays["adam_step"])
    return Checkpoint(
        W_in=arrays["W_in"], W_out=arrays["W_out"],
        vocab=Vocab(words, arrays["counts"].astype(np.int64)),
        config=config, epoch=int(arrays["epoch"]), loss_epochs=arrays["loss_epochs"],
        loss_trace=arrays["loss_trace"], stats=stats, adam=adam,
        run_id=str(arrays.get("run_id", "")))


def _words(a: np.ndarray) -> tuple:
    """The vocabulary from its stored form (UTF-8 bytes; older files: a unicode array)."""
    if a.dtype.kind == "U":
        return tuple(a.tolist())
    if a.dtype != np.uint8 or a.ndim != 1:
        raise ValueError("words")
    return tuple(a.tobytes().decode("utf-8").split("\n")) if a.size else ()


def _check_shapes(path: Path, arrays: dict, config: Config, V: int) -> None:
    """Every array as the config and the vocabulary say, before any kernel can touch it."""
    epoch = int(arrays["epoch"]) if arrays["epoch"].shape == () else -1
    want = {"W_in": ((V, config.dim), np.float32), "W_out": ((V, config.dim), np.float32),
            "counts": ((V,), None), "loss_epochs": ((epoch,), np.float64)}
    if "adam_step" in arrays:
        want.update({k: ((V, config.dim), np.float32) for k in ADAM_ARRAYS[:4]})
        want.update({k: ((V,), np.int64) for k in ADAM_ARRAYS[4:]})
    problems = [] if V > 0 and epoch >= 0 else ["words or epoch"]
    for name, (shape, dtype) in want.items():
        a = arrays.get(name)
        if a is None or a.shape != shape or (dtype is not None and a.dtype != dtype):
            got = "missing" if a is None else f"{a.dtype}{list(a.shape)}"
            problems.append(f"{name} is {got}, expected {np.dtype(dtype or np.int64)}{list(shape)}")
    trace = arrays["loss_trace"]
    if trace.ndim != 2 or trace.shape[1] != 3:
        problems.append(f"loss_trace is {list(trace.shape)}, expected [n, 3]")
    if "counts" in arrays and not np.issubdtype(arrays["counts"].dtype, np.integer):
        problems.append("counts are not integers")
    if problems:
        raise CheckpointError(f"{path} does not fit its own configuration (d = {config.dim}, "
                              f"V = {V}): {'; '.join(problems)}")


def saved_epochs(run_dir) -> list[int]:
    """The epochs that have a checkpoint_epoch{N}.npz in run_dir, ascending."""
    epochs = []
    for p in Path(run_dir).glob("checkpoint_epoch*.npz"):
        tail = p.stem[len("checkpoint_epoch"):]
        if tail.isdigit():
            epochs.append(int(tail))
    return sorted(epochs)
