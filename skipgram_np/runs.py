"""Run folders: one run per folder, named after its settings, locked while it trains.

A run folder holds ``run.json`` (the run's identity: a random id, its configuration, the digest of
the corpus it was trained on, how the data was found, which exports it writes, and the list of
every file the run wrote), the checkpoints and their exports (see checkpoint.py, export.py), and
later its figures and page. Every checkpoint carries the run's id, so a folder whose checkpoints
come from two runs is refused instead of being read as one. While a run trains it holds an OS lock
on ``RUN/.lock``, released when the process ends however it ends, so a second run into the same
folder stops at once with one line.

What belongs to the run is what run.json's "files" lists, never what merely looks like it: each
writer records a file there *before* writing it (so a kill never leaves a file of ours unlisted),
``--overwrite`` removes exactly the listed files, and a file named like a run's that no record
lists (someone's figures/, a copied checkpoint) is never removed or written over: the run refuses
the folder instead. An export records the digest of the checkpoint it was made from; a stale one
is rewritten by ``--resume`` and refused by the reading commands.

query, evaluate, figures and explore read a folder through ``load_run``.
"""
from __future__ import annotations

import hashlib
import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from . import checkpoint as ckpt_io
from . import control, export, vectorsfile
from .chance import ChanceLevels
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
# The names a run writes into its folder, relative to it. A file matching one of these that the
# run's records do not list is someone else's (tests check every writer against this list).
RUN_PATTERNS = (RUN_FILE, "state.npz", "checkpoint_epoch*.npz", "embeddings_epoch*.json",
                "vectors_epoch*.txt", "vectors_epoch*.bin", "projector_epoch*/vectors.tsv",
                "projector_epoch*/metadata.tsv", "explorer.html", "evaluation.json", "evaluation.md",
                "evaluation-*.json", "evaluation-*.md",
                "figures/map_epoch*.png", "figures/map_epochs.png", "figures/training.png",
                "figures/similarity.png", "figures/neighbors.png", "figures/structure.png",
                "figures/axes_*.png", "figures/analogy.png", "figures/tsne.png", "figures/report.md",
                *control.PATTERNS)
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
        raise RunError(f"{path} is damaged ({exc}): nothing says which files in {Path(run_dir)} are "
                       f"the run's; train into another --out") from None


def new_info(cfg: Config, corpus_digest: str, sources: dict, outputs: dict) -> dict:
    return {"format": RUN_FORMAT, "run_id": uuid.uuid4().hex[:16], "config": cfg.to_dict(),
            "corpus_digest": corpus_digest, "sources": sources, "outputs": outputs,
            "files": {"state.npz": {}}}


def write_info(run_dir, info: dict) -> None:
    write_atomic(Path(run_dir) / RUN_FILE, (json.dumps(info, indent=1) + "\n").encode())


# ----------------------------------------------------------------------------------- a run's files
def lookalikes(run_dir) -> list[str]:
    """The files in ``run_dir`` named like a run's (RUN_PATTERNS), relative to it: ours or not."""
    folder = Path(run_dir)
    return sorted({p.relative_to(folder).as_posix() for pattern in RUN_PATTERNS
                   for p in folder.glob(pattern) if p.is_file()})


def recorded(run_dir, info: dict) -> dict:
    """{relative name: entry} of the files run.json lists as the run's. A run.json written before
    runs listed their files: its checkpoints and state (proved by their run id), their exports
    and the figures, page and evaluation by name."""
    if "files" in info:
        return {RUN_FILE: {}, **info["files"]}
    folder, rid, names = Path(run_dir), info.get("run_id", ""), {RUN_FILE: {}}
    if (folder / "state.npz").is_file() and ckpt_io.stored_run_id(folder / "state.npz") == rid:
        names["state.npz"] = {}
    for e in ckpt_io.saved_epochs(folder):
        if ckpt_io.stored_run_id(ckpt_io.checkpoint_path(folder, e)) == rid:
            names.update({n: {} for n in lookalikes(folder) if epoch_of(n) == e})
    names.update({n: {} for n in lookalikes(folder)
                  if n.startswith("figures/") or n in ("explorer.html", "evaluation.json", "evaluation.md")})
    return names


def epoch_of(name: str) -> int | None:
    """The epoch in a per-epoch file's name (checkpoint_epoch2.npz, projector_epoch2/vectors.tsv)."""
    head = name.split("/")[0]
    if "_epoch" not in head or head.startswith("map_"):
        return None
    digits = head.split("_epoch", 1)[1].split(".")[0]
    return int(digits) if digits.isdigit() else None


def record(run_dir, entries: dict) -> None:
    """Add ``entries`` ({relative name: {...}}) to run.json's list of the run's files, before the
    files are written (an entry {"from": digest} marks an export made from that checkpoint).
    A folder without a run.json (an --out outside a run) records nothing."""
    info = read_info(run_dir)
    if info is None:
        return
    files = dict(recorded(run_dir, info))
    files.pop(RUN_FILE, None)
    for name, entry in entries.items():
        files[name] = {**files.get(name, {}), **entry}
    info["files"] = files
    write_info(run_dir, info)


def forget(run_dir, names) -> None:
    """Take ``names`` off run.json's list (files the run has removed itself)."""
    info = read_info(run_dir)
    if info is None or not names:
        return
    info["files"] = {n: e for n, e in recorded(run_dir, info).items() if n not in names and n != RUN_FILE}
    write_info(run_dir, info)


def remove_temp_files(run_dir) -> None:
    """Delete what an interrupted write of one of the run's files left behind (``.NAME.*.tmp``,
    files.atomic_writer); temporary files of other names are not ours."""
    folder = Path(run_dir)
    for pattern in RUN_PATTERNS:
        where, _, name = pattern.rpartition("/")
        for p in folder.glob(f"{where}/.{name}.*.tmp" if where else f".{name}.*.tmp"):
            p.unlink(missing_ok=True)


def stale_exports(run_dir, info: dict | None) -> list[str]:
    """The exports made from another version of their checkpoint than the one in the folder: by
    run.json's record (a run stopped between saving a checkpoint and writing its exports), or by
    the digest an explorer JSON carries itself (one copied in from another run)."""
    stale = set()
    folder = Path(run_dir)
    for name, entry in ((info or {}).get("files") or {}).items():
        path = folder / ckpt_io.checkpoint_path("", epoch_of(name) or 0)
        if "from" in entry and (folder / name).exists() and path.is_file() \
                and entry["from"] != ckpt_io.stored_digest(path):
            stale.add(name)
    for json_path in folder.glob("embeddings_epoch*.json"):
        path = ckpt_io.checkpoint_path(folder, epoch_of(json_path.name) or 0)
        own = export.own_digest(json_path)
        if own is not None and path.is_file() and own != ckpt_io.stored_digest(path):
            stale.add(json_path.name)
    return sorted(stale)


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


def _names(names, most: int = 4) -> str:
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def check_free(run_dir, overwrite: bool) -> list[str]:
    """The files of another run in ``run_dir`` that a new run may remove (its recorded files):
    RunError, saying what is there and how to go on, when that run may not be replaced
    (``overwrite`` off) or when files named like a run's belong to no record (nothing of them is
    ever removed or written over)."""
    found = lookalikes(run_dir)
    if not found:
        return []
    try:
        info = read_info(run_dir)
    except RunError:
        info = None
    if info is None:
        if not ckpt_io.saved_epochs(run_dir) and not (Path(run_dir) / "state.npz").is_file():
            raise RunError(f"{run_dir} holds {_names(found)}, named like a run's files, but no run.json "
                           f"says they are one: they may be yours, so no run is written there; "
                           f"choose another --out")
        raise RunError(f"{run_dir} already holds a run {describe(run_dir)}, and no readable run.json "
                       f"lists its files, so none of them is removed: move them away by hand, or "
                       f"choose another --out")
    ours = recorded(run_dir, info)
    foreign = [n for n in found if n not in ours]
    if foreign:
        raise RunError(f"{run_dir} holds {_names(foreign)}, named like a run's files but not listed in "
                       f"its run.json: they may be yours, so nothing is removed or written there; move "
                       f"them away, or choose another --out")
    if not overwrite:
        raise RunError(f"{run_dir} already holds a run {describe(run_dir)}, replace it with "
                       f"--overwrite (which removes that run's files and nothing else), or choose "
                       f"another --out")
    return [n for n in ours if (Path(run_dir) / n).is_file()]


def check_busy(run_dir) -> None:
    """RunError when a run is training into ``run_dir`` right now (its lock is taken)."""
    if (Path(run_dir) / LOCK_FILE).is_file():
        with locked(run_dir):             # taken and released at once: only says whether it is free
            pass


def check_early(run_dir, overwrite: bool) -> None:
    """What claim would refuse, said before a command spends time downloading and compiling:
    RunError when a run is training into ``run_dir`` right now, or check_free's."""
    check_busy(run_dir)
    check_free(run_dir, overwrite)


def claim_new(run_dir, overwrite: bool) -> None:
    """Make ``run_dir`` ready for a new run: refuse a folder holding another run, unless
    ``overwrite``, which removes that run's recorded files first (and nothing else; a folder of
    them left empty goes too)."""
    folder = Path(run_dir)
    names = check_free(run_dir, overwrite)
    remove_temp_files(folder)
    for name in sorted(names, key=lambda n: n == RUN_FILE):      # run.json last: it lists the rest
        (folder / name).unlink()
    for parent in sorted({(folder / n).parent for n in names} - {folder}, reverse=True):
        if parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()


def claim(run_dir, cfg: Config, corpus_digest: str, resume, overwrite: bool, sources: dict,
          outputs: dict) -> dict:
    """run.json for a training: a new run's (the folder must not hold another: claim_new), or the
    resumed run's (``resume``: its state), updated with the (possibly extended) configuration."""
    if resume is None:
        claim_new(run_dir, overwrite)
        info = new_info(cfg, corpus_digest, sources, outputs)
    else:
        info = read_info(run_dir)
        if info is None:             # lost: the state proves whose run this is
            info = new_info(cfg, corpus_digest, sources, outputs)
            info["run_id"] = resume.run_id
            info["files"] = {n: {} for n in recorded(run_dir, info) if n != RUN_FILE}
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
    are all one run's (the same run id, or for older checkpoints the same settings). A file is read
    as word2vec vectors: one table, no history (vectorsfile.py)."""
    run_dir = Path(run_dir)
    if vectorsfile.is_vectors_file(run_dir):
        try:
            return vectorsfile.load(run_dir)
        except vectorsfile.VectorsFileError as exc:
            raise RunError(str(exc)) from None
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
                       f"fresh --out")
    vocabs = {len(c.vocab) for c in ckpts.values()}
    if len(vocabs) > 1:
        raise RunError(f"{run_dir} mixes checkpoints with different vocabularies")
    for e, c in ckpts.items():
        if not (np.isfinite(c.W_in).all() and np.isfinite(c.W_out).all()):
            raise RunError(f"{ckpt_io.checkpoint_path(run_dir, e)}: epoch {e}'s tables hold values "
                           f"that are not finite numbers (training diverged before they were saved); "
                           f"train again with a lower --lr")
    stale = stale_exports(run_dir, read_info(run_dir))
    if stale:
        raise RunError(f"{run_dir}/{stale[0]} was made from another version of its checkpoint (the "
                       f"run stopped while saving): python -m skipgram_np.train --resume {run_dir} "
                       f"rewrites {'it' if len(stale) == 1 else f'the {len(stale)} stale exports'}")
    return ckpts


def embeddings_by_epoch(run_dir, vectors: str = "in", among: int | None = None, ckpts: dict | None = None) -> dict:
    """{epoch: Embeddings} of every checkpoint (load_run), of W_in, W_out or their sum, among all
    words or the page's ``among`` (embeddings.vectors_of)."""
    return {e: Embeddings.from_checkpoint(c, vectors, among) for e, c in (ckpts or load_run(run_dir)).items()}


def load_control(run_dir, ckpts: dict) -> dict | None:
    """The control's checkpoints at the run's checkpoint epochs ({epoch: Checkpoint}; control.py),
    or None when the run has none (yet, or ever: a vectors file); RunError when it is damaged or
    another run's."""
    if vectorsfile.is_vectors_file(run_dir):
        return None
    try:
        return control.load(run_dir, sorted(ckpts), ckpts[max(ckpts)].run_id)
    except control.ControlError as exc:
        raise RunError(str(exc)) from None


_LEVELS: dict = {}   # ChanceLevels per control, table and universe in a process: figures and page share them
LEVELS_KEPT = 8      # (three tables in two universes, for the run being read)


def chance_levels(run_dir, ckpts: dict, vectors: str = "in", among: int | None = None,
                  controls: dict | None = None) -> ChanceLevels | None:
    """The run's chance levels (chance.ChanceLevels) from its control, in the same table and among
    the same words as the run is read; None when it has no control (control.missing says so). Kept
    for the process, keyed by the control's id, epochs and how far each trained: the levels it
    computes (seconds each) are made once for the figures and the page of a training command."""
    controls = controls if controls is not None else load_control(run_dir, ckpts)
    if controls is None:
        return None
    key = (vectors, among, tuple((e, c.run_id, len(c.loss_epochs), float(c.W_in[0, 0]))
                                 for e, c in sorted(controls.items())))
    if key not in _LEVELS:
        while len(_LEVELS) >= LEVELS_KEPT:
            del _LEVELS[next(iter(_LEVELS))]                       # the oldest first
        _LEVELS[key] = ChanceLevels({e: Embeddings.from_checkpoint(c, vectors, among) for e, c in controls.items()})
    return _LEVELS[key]
