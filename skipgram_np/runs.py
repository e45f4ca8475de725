"""Read a run folder: its checkpoints by epoch (what query, evaluate, figures and explore share)."""
from __future__ import annotations

from pathlib import Path

from . import checkpoint as ckpt_io
from .query import Embeddings


class RunError(RuntimeError):
    """A run folder that cannot be read; the message says why."""


def load_run(run_dir) -> dict:
    """-> {epoch: Checkpoint} for every checkpoint_epoch{N}.npz, ascending."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunError(f"{run_dir} is not a folder (pass the --out folder of a training run)")
    epochs = ckpt_io.saved_epochs(run_dir)
    if not epochs:
        raise RunError(f"{run_dir} holds no checkpoint_epoch*.npz (has training reached a "
                       f"checkpoint epoch yet?)")
    try:
        return {e: ckpt_io.load(ckpt_io.checkpoint_path(run_dir, e)) for e in epochs}
    except ckpt_io.CheckpointError as exc:
        raise RunError(str(exc)) from None


def embeddings_by_epoch(run_dir) -> dict:
    return {e: Embeddings.from_checkpoint(c) for e, c in load_run(run_dir).items()}
