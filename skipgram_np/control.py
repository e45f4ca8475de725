"""The control run: the same training on the same tokens in shuffled order — the project's chance level.

    control corpus   ids_control = ids[π],  π a permutation of all N positions drawn once from
                     default_rng([seed, 0x5AFF1E]) (paragraph boundaries ignored: tokens move across
                     them; the boundaries stay at the same positions, so --no-cross-lines means the same)

Every word keeps its count, so subsampling, the noise distribution P_n and the number of pairs per
epoch are the real run's; only which words stand near which is left to chance. Trained with the
same Config and seed (so at epoch 0 its tables *are* the run's), it learns what a text without
structure teaches: frequency, and the lean every vector takes early in training. chance.py reads
its checkpoints at the same epochs as the run's to decide what is beyond chance.

The control lives in RUN/control/: checkpoint_epoch{N}.npz at the run's checkpoint epochs and its
own state.npz, listed in the run's run.json like every file the run writes (so --overwrite,
--resume and the refusals cover it), with the run's id + "-control". It has no exports: nothing
reads it but the commands that read the run.
"""
from __future__ import annotations

import dataclasses
import shlex
from pathlib import Path

import numpy as np

from . import checkpoint as ckpt_io
from .corpus import Corpus

FOLDER = "control"
SHUFFLE_SEED = 0x5AFF1E
ID_SUFFIX = "-control"
# The names a control writes, relative to the run folder (runs.RUN_PATTERNS lists them too).
PATTERNS = (f"{FOLDER}/checkpoint_epoch*.npz", f"{FOLDER}/state.npz")


def shuffled(corpus: Corpus, seed: int) -> Corpus:
    """The corpus with its tokens in a seeded random order (same vocabulary, counts and paragraph
    positions)."""
    order = np.random.default_rng([seed, SHUFFLE_SEED]).permutation(len(corpus.ids))
    return dataclasses.replace(corpus, ids=np.ascontiguousarray(corpus.ids[order]))


def folder(run_dir) -> Path:
    return Path(run_dir) / FOLDER


def run_id(real_id: str) -> str:
    return real_id + ID_SUFFIX


def add_command(run_dir) -> str:
    """The command that trains a missing control for a run."""
    return f"python -m skipgram_np.train --resume {shlex.quote(str(run_dir))} --control"


def missing(run_dir, what: str = "verdicts") -> str:
    """The one line said where a verdict needs a control that the run has not got."""
    if Path(run_dir).is_file():                       # a vectors file: nothing to train again
        return (f"{Path(run_dir).name} is a vectors file, so no {what}: it has no control (the same training "
                f"on shuffled text) to judge it against; train a run to get one")
    return (f"{Path(run_dir)} has no control run, so no {what}: a control is the same training on the "
            f"same words shuffled, the chance level everything is judged against; add one with "
            f"{add_command(run_dir)}")


class ControlError(RuntimeError):
    """A control folder that does not match its run; the message says why and what to do."""


def load(run_dir, epochs, real_id: str) -> dict | None:
    """{epoch: Checkpoint} of the control at ``epochs`` (the run's checkpoint epochs), or None
    when the run has no control or it has not reached them all (an older run, --no-control, a
    control still training). ControlError when what is there belongs to another run or is damaged."""
    where = folder(run_dir)
    if not where.is_dir():
        return None
    saved = set(ckpt_io.saved_epochs(where))
    if not set(epochs) <= saved:
        return None
    try:
        found = {e: ckpt_io.load(ckpt_io.checkpoint_path(where, e)) for e in epochs}
    except ckpt_io.CheckpointError as exc:
        raise ControlError(f"{exc} (the control of {run_dir}); train it again with "
                           f"{add_command(run_dir)}") from None
    for e, c in found.items():
        if real_id and c.run_id != run_id(real_id):
            raise ControlError(f"{ckpt_io.checkpoint_path(where, e)} is not the control of the run in "
                               f"{run_dir}; remove {where} and train it again with {add_command(run_dir)}")
        if not (np.isfinite(c.W_in).all() and np.isfinite(c.W_out).all()):
            raise ControlError(f"{ckpt_io.checkpoint_path(where, e)} holds values that are not finite "
                               f"numbers; remove {where} and train it again with {add_command(run_dir)}")
    return found
