"""Run folders: one run per folder, named after its settings, locked while it trains.

A run folder holds ``run.json`` (the run's identity: a random id, its configuration, the digest of
the corpus it was trained on, how the data was found and which exports it writes), the
checkpoints and their exports (see checkpoint.py, export.py), and later its figures and page.
Every checkpoint carries the run's id, so a folder whose checkpoints come from two runs is
refused instead of being read as one. While a run trains it holds an OS lock on ``RUN/.lock``,
released when the process ends however it ends, so a second run into the same folder stops at
once with one line.

query, evaluate, figures and explore read a folder through ``load_run``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from . import checkpoint as ckpt_io
from .config import PRESETS, Config
from .embeddings import Embeddings
from .files import write_atomic

try:
    import fcntl
except ImportError:           # not POSIX: no lock
    fcntl = None

RUN_FILE = "run.json"
LOCK_FILE = ".lock"
RUN_FORMAT = "skipgram_np.run/1"
# What a run writes into its folder (removed by --overwrite; anything else is left alone).
RUN_PATTERNS = (RUN_FILE, "state.npz", "checkpoint_epoch*.npz", "embeddings_epoch*.json",
                "vectors_epoch*.txt", "vectors_epoch*.bin", "projector_epoch*", "figures",
                "explorer.html", "evaluation.json", "evaluation.md", ".*.tmp")
# Settings that change how a run is executed or saved, not what it learns: left out of its name.
NOT_IN_NAME = {"threads", "checkpoints"}
SHORT = {"adam_mode": "", "max_tokens": "tok", "subsample": "t", "min_count": "min",
         "negatives": "k", "window": "win", "batch_size": "batch", "shuffle_block": "block",
         "shrink_window": "shrink", "cross_lines": "lines", "shared_negatives": "shared",
         "ns_exponent": "ns", "lr_decay": "decay", "subsample_formula": "t-", "adam_betas": "betas",
         "adam_eps": "eps", "dataset": "", "seed": "seed", "lr": "lr"}


class RunError(RuntimeError):
    """A run folder that cannot be used as asked; the message says why and what to do."""


def default_run_dir(cfg: Config, root="runs") -> Path:
    """runs/<optimizer>-e<epochs>-d<dim>, then every other setting that differs from the
    defaults (or the preset it matches), so that two different configurations never share a
    folder: runs/adam-e10-d100, runs/adam-e10-d100-lazy, runs/sgd-e3-d100-tok200000-seed1, ..."""
    base = f"{cfg.optimizer}-e{cfg.epochs}-d{cfg.dim}"
    ref, mine = Config().to_dict(), cfg.to_dict()
    diff = {k: v for k, v in mine.items()
            if k not in NOT_IN_NAME | {"optimizer", "epochs", "dim"} and v != ref[k]}
    for name, preset in PRESETS.items():
        if preset and all(diff.get(k, ref[k]) == v for k, v in preset.items() if k != "epochs"):
            diff = {k: v for k, v in diff.items() if k not in preset}
            base += f"-{name}"
    parts = []
    for k, v in sorted(diff.items()):
        if isinstance(v, bool):
            parts.append(("" if v else "no-") + SHORT.get(k, k))
        elif isinstance(v, (list, tuple)):
            parts.append(SHORT.get(k, k) + "-".join(f"{x:g}" for x in v))
        else:
            parts.append(f"{SHORT.get(k, k)}{v:g}" if isinstance(v, float) else f"{SHORT.get(k, k)}{v}")
    suffix = "-".join(parts)
    if len(suffix) > 48:                   # many settings: a short digest of them instead
        suffix = "cfg" + hashlib.sha256(json.dumps(diff, sort_keys=True).encode()).hexdigest()[:8]
    return Path(root) / (base + (f"-{suffix}" if suffix else ""))


# ----------------------------------------------------------------------------------- identity
def read_info(run_dir) -> dict | None:
    """run.json of a folder, or None when there is none; RunError when it is unreadable."""
    path = Path(run_dir) / RUN_FILE
    if not path.is_file():
        return None
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        if info.get("format") != RUN_FORMAT:
            raise ValueError("not a skipgram_np run file")
        return info
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise RunError(f"{path} is damaged ({exc}); remove the folder or train with --overwrite") from None


def new_info(cfg: Config, corpus_digest: str, sources: dict, outputs: dict) -> dict:
    return {"format": RUN_FORMAT, "run_id": uuid.uuid4().hex[:16], "config": cfg.to_dict(),
            "corpus_digest": corpus_digest, "sources": sources, "outputs": outputs}


def write_info(run_dir, info: dict) -> None:
    write_atomic(Path(run_dir) / RUN_FILE, (json.dumps(info, indent=1) + "\n").encode())


def run_files(run_dir) -> list[Path]:
    folder = Path(run_dir)
    return sorted({p for pattern in RUN_PATTERNS for p in folder.glob(pattern)})


def describe(run_dir) -> str:
    """The other run in a folder, for the refusal message: '(3 of 10 epochs done). Continue it
    with --resume DIR', from whatever the folder holds (its state read once)."""
    try:
        state = ckpt_io.load(ckpt_io.state_path(run_dir))
    except ckpt_io.CheckpointError:
        state = None
    if state is None:
        epochs = ckpt_io.saved_epochs(run_dir)
        held = f"checkpoints of epochs {', '.join(map(str, epochs))}" if epochs else "files of a run"
    else:
        held = f"{state.epoch} of {state.config.epochs} epochs done"
    try:
        resumable = state is not None and read_info(run_dir) is not None
    except RunError:
        resumable = False
    if not resumable:
        way_on = "It cannot be resumed (its run.json or state.npz is missing or damaged)"
    elif state.epoch < state.config.epochs:
        way_on = f"Continue it with --resume {run_dir}"
    elif state.config.decays:
        way_on = "It is finished (and its learning rate decayed to the end: it cannot be extended)"
    else:
        way_on = f"It is finished: extend it with --resume {run_dir} --epochs N (N > {state.config.epochs})"
    return f"({held}). {way_on}"


def check_free(run_dir, overwrite: bool) -> list[Path]:
    """The files of another run in ``run_dir``; RunError (saying what that run is and how to go
    on) when there are any and ``overwrite`` is off."""
    old = [p for p in run_files(run_dir) if p.name != LOCK_FILE]
    if old and not overwrite:
        raise RunError(f"{run_dir} already holds a run {describe(run_dir)}, replace it with "
                       f"--overwrite, or choose another --out")
    return old


def check_early(run_dir, overwrite: bool) -> None:
    """What claim would refuse, said before a command spends time downloading and compiling:
    RunError when a run is training into ``run_dir`` right now, or check_free's."""
    if (Path(run_dir) / LOCK_FILE).is_file():
        with locked(run_dir):             # taken and released at once: only says whether it is free
            pass
    check_free(run_dir, overwrite)


def claim_new(run_dir, overwrite: bool) -> None:
    """Make ``run_dir`` ready for a new run: refuse a folder holding another run, unless
    ``overwrite``, which removes that run's files first (and nothing else)."""
    for p in check_free(run_dir, overwrite):
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()


def claim(run_dir, cfg: Config, corpus_digest: str, resume, overwrite: bool, sources: dict,
          outputs: dict) -> dict:
    """run.json for a training: a new run's (the folder must not hold another: claim_new), or the
    resumed run's (``resume``: its state), updated with the (possibly extended) configuration."""
    if resume is None:
        claim_new(run_dir, overwrite)
        info = new_info(cfg, corpus_digest, sources, outputs)
    else:
        info = read_info(run_dir) or new_info(cfg, corpus_digest, sources, outputs)
        if resume.run_id and info["run_id"] != resume.run_id:
            raise RunError(f"{run_dir}: state.npz belongs to another run than run.json; "
                           f"train into a fresh --out or again with --overwrite")
        if info.get("corpus_digest", corpus_digest) != corpus_digest:
            raise RunError(f"cannot resume {run_dir}: the corpus differs from the one it was trained on")
        info["run_id"] = resume.run_id     # "" for a run saved before runs had ids
        info["config"] = cfg.to_dict()
    write_info(run_dir, info)
    return info


@contextmanager
def locked(run_dir):
    """Hold the folder's lock for as long as a run trains into it (RunError if it is taken)."""
    folder = Path(run_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunError(f"another training run is writing to {run_dir} right now; wait for it "
                           f"to finish or choose another --out") from None
        yield
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------------- reading a run
def load_run(run_dir) -> dict:
    """-> {epoch: Checkpoint} for every checkpoint_epoch{N}.npz, ascending; RunError unless they
    are all one run's (the same run id, or for older checkpoints the same settings)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunError(f"{run_dir} is not a folder (pass the --out folder of a training run)")
    epochs = ckpt_io.saved_epochs(run_dir)
    if not epochs:
        raise RunError(f"{run_dir} holds no checkpoint_epoch*.npz (has training reached a "
                       f"checkpoint epoch yet?)")
    try:
        ckpts = {e: ckpt_io.load(ckpt_io.checkpoint_path(run_dir, e)) for e in epochs}
    except ckpt_io.CheckpointError as exc:
        raise RunError(str(exc)) from None

    def identity(c):
        if c.run_id:
            return c.run_id
        d = c.config.to_dict()
        return json.dumps({k: v for k, v in d.items() if k not in ("epochs", "checkpoints", "threads")},
                          sort_keys=True)
    ids = {e: identity(c) for e, c in ckpts.items()}
    groups = sorted(set(ids.values()), key=lambda i: min(e for e in ids if ids[e] == i))
    if len(groups) > 1:
        parts = "; ".join("epochs " + ", ".join(str(e) for e in epochs if ids[e] == g) for g in groups)
        raise RunError(f"{run_dir} mixes checkpoints of different runs ({parts}); train into a "
                       f"fresh --out, or again with --overwrite")
    vocabs = {len(c.vocab) for c in ckpts.values()}
    if len(vocabs) > 1:
        raise RunError(f"{run_dir} mixes checkpoints with different vocabularies")
    return ckpts


def embeddings_by_epoch(run_dir, vectors: str = "in") -> dict:
    """{epoch: Embeddings} of every checkpoint (load_run), of W_in, W_out or their sum."""
    return {e: Embeddings.from_checkpoint(c, vectors) for e, c in load_run(run_dir).items()}
