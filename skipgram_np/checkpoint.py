"""Checkpoints: everything needed to query a run, or to resume it exactly.

A checkpoint is one ``.npz`` (no pickles: strings are stored as unicode arrays, the config as JSON):
    W_in, W_out           (V, d) float32 tables
    words, counts         the vocabulary
    config                the run's Config as JSON
    epoch                 epochs completed
    loss_epochs           (epoch,) mean loss of each epoch
    loss_trace            (n, 3) [epoch + fraction done, mean loss of that slice, pairs in it]
    stats                 JSON: corpus and sampling figures (tokens, kept, pairs, seconds, ...)
    m_in v_in m_out v_out last_in last_out adam_step   Adam's state (``state.npz`` only)
    sha256                digest of all the arrays above, checked on load

``RUN/state.npz`` is rewritten (atomically) after every epoch, so a run killed mid-epoch loses at
most that epoch; ``RUN/checkpoint_epoch{N}.npz`` are kept for the requested epochs.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .config import Config
from .data import atomic_writer
from .vocab import Vocab

ADAM_ARRAYS = ("m_in", "v_in", "m_out", "v_out", "last_in", "last_out")
REQUIRED = ("W_in", "W_out", "words", "counts", "config", "epoch", "loss_epochs", "loss_trace",
            "stats", "sha256")


class CheckpointError(RuntimeError):
    """A checkpoint that is missing, truncated or corrupt; the message names the file."""


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


def save(path, ckpt: Checkpoint, with_optimizer: bool = False) -> None:
    arrays = {
        "W_in": ckpt.W_in, "W_out": ckpt.W_out,
        "words": np.array(ckpt.vocab.words, dtype=str), "counts": ckpt.vocab.counts,
        "config": np.array(json.dumps(ckpt.config.to_dict())),
        "epoch": np.array(ckpt.epoch), "loss_epochs": np.asarray(ckpt.loss_epochs, np.float64),
        "loss_trace": np.asarray(ckpt.loss_trace, np.float64).reshape(-1, 3),
        "stats": np.array(json.dumps(ckpt.stats)),
    }
    if with_optimizer and ckpt.adam is not None:
        arrays.update({k: ckpt.adam[k] for k in ADAM_ARRAYS})
        arrays["adam_step"] = np.array(ckpt.adam["step"])
    arrays["sha256"] = np.array(_digest(arrays))
    with atomic_writer(path) as f:
        np.savez(f, **arrays)


def load(path) -> Checkpoint:
    """Read and verify a checkpoint; raise CheckpointError for anything missing or damaged."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as exc:
        raise CheckpointError(f"{path} is truncated or corrupt ({type(exc).__name__}: {exc}); "
                              f"delete it or resume from an earlier one") from None
    missing = [k for k in REQUIRED if k not in arrays]
    if missing:
        raise CheckpointError(f"{path} is not a skipgram_np checkpoint (missing {', '.join(missing)})")
    stored = str(arrays.pop("sha256"))
    if _digest(arrays) != stored:
        raise CheckpointError(f"{path} is corrupt: its contents do not match their checksum")
    adam = None
    if "adam_step" in arrays:
        adam = {k: arrays[k] for k in ADAM_ARRAYS}
        adam["step"] = int(arrays["adam_step"])
    return Checkpoint(
        W_in=arrays["W_in"], W_out=arrays["W_out"],
        vocab=Vocab(tuple(arrays["words"].tolist()), arrays["counts"].astype(np.int64)),
        config=Config.from_dict(json.loads(str(arrays["config"]))),
        epoch=int(arrays["epoch"]), loss_epochs=arrays["loss_epochs"],
        loss_trace=arrays["loss_trace"], stats=json.loads(str(arrays["stats"])), adam=adam)


def saved_epochs(run_dir) -> list[int]:
    """The epochs that have a checkpoint_epoch{N}.npz in run_dir, ascending."""
    epochs = []
    for p in Path(run_dir).glob("checkpoint_epoch*.npz"):
        tail = p.stem[len("checkpoint_epoch"):]
        if tail.isdigit():
            epochs.append(int(tail))
    return sorted(epochs)
