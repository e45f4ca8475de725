"""Train skip-gram with negative sampling: the training loop that ``python -m skipgram_np.train`` drives.

    per epoch:  train one epoch (trainer.py: sample, forward, backward, update)
                the same for the control (on the shuffled tokens)
                log (the mean loss over the epoch's pairs; scores with a QualityScorer)
                save (checkpoint at checkpoint epochs, state.npz every epoch, exports)

One epoch of the tables is trainer.py's Trainer. Beside the run, epoch by epoch, a **control**
trains with the same settings and seed on the same tokens shuffled (control.py, Twin here): the
chance level every later verdict compares with. The command line is train.py (its resume rules
resume.py); preparing the text is prepare.py; compiling the kernels ahead of time is warmup.py.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from . import checkpoint as ckpt_io
from . import control as control_mod
from . import export, interrupts, runs
from .checkpoint import Checkpoint
from .config import PAGE_WORDS, Config, rate_to_try, readable_rate
from .corpus import Corpus
from .prepare import corpus_stats
from .trainer import Diverged, Trainer, bar, record_score, scores_text

__all__ = ["Diverged", "Trainer", "TrainResult", "train", "repair_exports"]


@dataclass
class TrainResult:
    run_dir: Path
    epochs: list            # [(epoch, mean loss, seconds, pairs)]
    checkpoint: Checkpoint  # the final state
    control_epochs: int = 0  # epochs the control trained in this call


class Twin:
    """The control trained beside a run (control.py): its own Trainer on the shuffled tokens, saved
    into RUN/control/ at the run's checkpoint epochs (and its state.npz every epoch), each file
    recorded in the run's run.json before it is written."""

    def __init__(self, trainer: Trainer, run_dir: Path, stats: dict):
        self.trainer, self.run_dir, self.stats = trainer, Path(run_dir), stats
        self.folder = control_mod.folder(run_dir)

    @classmethod
    def start(cls, cfg: Config, corpus: Corpus, run_dir, real_id: str, real_stats: dict) -> "Twin":
        """The control of the run in run_dir, from its state.npz, or from epoch 0."""
        where = control_mod.folder(run_dir)
        state = None
        if ckpt_io.state_path(where).is_file():
            try:
                state = ckpt_io.load(ckpt_io.state_path(where))
            except ckpt_io.CheckpointError:
                state = None                              # damaged: trained again from epoch 0
            if state is not None and state.run_id != control_mod.run_id(real_id):
                state = None
        stats = dict(state.stats) if state is not None else {
            k: real_stats[k] for k in ("dataset", "raw_tokens", "tokens", "vocab_size", "lines",
                                       "expected_kept_per_epoch", "kept_fraction", "expected_pairs_per_epoch")
            if k in real_stats}
        stats.setdefault("epoch_seconds", [])
        stats.setdefault("epoch_pairs", [])
        stats["control"] = True
        shuffled = control_mod.shuffled(corpus, cfg.seed)
        return cls(Trainer(cfg, shuffled, state, control_mod.run_id(real_id)), run_dir, stats)

    def run_epoch(self, progress: bool, stop, quality) -> str:
        """Train the control's next epoch; -> the part of the log line that tells it."""
        epoch = self.trainer.epoch + 1
        try:
            loss, n_pairs, seconds = self.trainer.run_epoch(
                bar(progress, self.stats, f"control {epoch}/{self.trainer.cfg.epochs}"), stop)
        except Diverged as exc:
            exc.control = True
            raise
        self.stats["epoch_seconds"].append(seconds)
        self.stats["epoch_pairs"].append(n_pairs)
        scored = scores_text(record_score(self.stats, quality, self.trainer.W_in, epoch)) if quality else ""
        return f"loss {loss:.4f}{scored}"

    def save(self, epoch: int, quality) -> str | None:
        """The control's state (and checkpoint at a checkpoint epoch; epoch 0 is scored first);
        -> the checkpoint's name relative to the run folder, or None."""
        if epoch == 0 and quality is not None:
            record_score(self.stats, quality, self.trainer.W_in, 0)
        snap = self.trainer.snapshot(self.stats)
        state = ckpt_io.state_path(self.folder)
        rel = f"{control_mod.FOLDER}/"
        if epoch not in self.trainer.cfg.checkpoint_epochs:
            runs.record(self.run_dir, {rel + state.name: {}})
            ckpt_io.save(state, snap, with_optimizer=True)
            return None
        tables = ckpt_io.checkpoint_path(self.folder, epoch)
        runs.record(self.run_dir, {rel + tables.name: {"sha256": None}, rel + state.name: {}})
        digest = ckpt_io.save(tables, snap)
        ckpt_io.save(state, snap, with_optimizer=True, tables_from=tables)
        runs.record(self.run_dir, {rel + tables.name: {"sha256": digest}})
        return rel + tables.name


def train(cfg: Config, corpus: Corpus, run_dir, resume: Checkpoint | None = None,
          overwrite: bool = False, progress: bool = True, json_words: int | None = PAGE_WORDS,
          projector: bool = False, word2vec: str = "final", sources: dict | None = None,
          quality=None, control: bool = True, log=print) -> TrainResult:
    """Train ``cfg.epochs`` epochs into ``run_dir`` (continuing from ``resume``, the run's
    state.npz), saving ``cfg.checkpoint_epochs`` and their exports; with ``control``, train the
    control beside it epoch by epoch into RUN/control/ (continuing from its own state.npz, or
    from epoch 0 when a resumed run had none: ``--resume RUN --control``).

    The folder is locked while training, must not hold another run (``overwrite`` removes that
    run's files first) and records the run in run.json (runs.py). Ctrl-C or SIGTERM stops the
    run between two kernel calls with interrupts.Interrupted, whose ``where`` says what is saved.
    ``quality``: an evaluate.QualityScorer; W_in is then scored after every epoch (and before the
    first), into stats["quality"].
    """
    if (corpus.min_count, corpus.max_tokens) != (cfg.min_count, cfg.max_tokens):
        raise ValueError(f"the corpus was built with min_count={corpus.min_count}, max_tokens="
                         f"{corpus.max_tokens} but the config says {cfg.min_count}, {cfg.max_tokens}")
    run_dir = Path(run_dir)
    with runs.locked(run_dir), interrupts.deferred() as pending:
        outputs = {"json_words": json_words, "projector": projector, "word2vec": word2vec, "control": control}
        info = runs.claim(run_dir, cfg, corpus.digest, resume, overwrite, sources or {}, outputs)
        if control and not info["outputs"].get("control"):      # --resume RUN --control: added now
            info["outputs"]["control"] = True
            runs.write_info(run_dir, info)
        outputs = info["outputs"]
        runs.remove_temp_files(run_dir)
        trainer = Trainer(cfg, corpus, resume, info["run_id"])
        stats = dict(resume.stats) if resume else corpus_stats(cfg, corpus, json_words)
        stats.setdefault("epoch_seconds", [])
        stats.setdefault("epoch_pairs", [])
        twin = Twin.start(cfg, corpus, run_dir, info["run_id"], stats) if outputs.get("control") else None

        def score(epoch: int) -> str:
            """Score this epoch's W_in (when the sets are there); -> the part of the log line."""
            if quality is None:
                return ""
            return scores_text(record_score(stats, quality, trainer.W_in, epoch))

        def save(epoch: int) -> str | None:
            """The checkpoint (at checkpoint epochs), the state, then the exports, each listed in
            run.json before it is written and its exports marked with the checkpoint's digest
            after: a kill between two of these loses nothing that --resume cannot redo.
            -> the files written at a checkpoint epoch, for the log."""
            snap = trainer.snapshot(stats)
            if epoch not in cfg.checkpoint_epochs:
                ckpt_io.save(ckpt_io.state_path(run_dir), snap, with_optimizer=True)
                return None
            tables = ckpt_io.checkpoint_path(run_dir, epoch)
            names = export.training_exports(epoch, outputs, final=epoch == cfg.epochs)
            runs.record(run_dir, {tables.name: {"sha256": None}, **{n: {"from": None} for n in names}})
            digest = ckpt_io.save(tables, snap)
            ckpt_io.save(ckpt_io.state_path(run_dir), snap, with_optimizer=True, tables_from=tables)
            written = export.export_checkpoint(run_dir, snap, outputs.get("json_words", PAGE_WORDS),
                                               True, True, only=names, digest=digest)
            runs.record(run_dir, {tables.name: {"sha256": digest}, **{n: {"from": digest} for n in names}})
            return ", ".join([tables.name, *written])

        def saved_line(*names) -> None:
            if any(names):
                log("  saved " + "; ".join(n for n in names if n))

        first = None
        if resume is None:            # epoch 0: the tables before any training
            scored = score(0)
            if scored:
                row = stats["quality"][-1]                # what the scores are over, said once
                over = ([f"{row['wordsim_pairs']:,} of {row['wordsim_total']:,} WordSim-353 pairs"]
                        if "wordsim_pairs" in row else []) + \
                       ([f"{row['analogy_answered']:,} answerable analogy questions"]
                        if "analogy_answered" in row else [])
                log(f"epoch  0 (untrained){scored}   (scored on {' and '.join(over)} in the vocabulary;"
                    f"{' the control starts from the same tables' if twin is not None else ''})")
            first = save(0)
        saved_line(first, twin.save(0, quality) if twin is not None and twin.trainer.epoch == 0 else None)
        if resume is not None:
            repair_exports(run_dir, resume.epoch, cfg, outputs, log)
        history, control_epochs = [], 0
        if twin is not None and twin.trainer.epoch < trainer.epoch:
            log(f"training the control from epoch {twin.trainer.epoch} to {trainer.epoch} to catch up "
                f"with the run (the same settings on the same words shuffled)")
        try:
            while trainer.epoch < cfg.epochs or (twin is not None and twin.trainer.epoch < cfg.epochs):
                epoch = min(trainer.epoch, twin.trainer.epoch if twin is not None else trainer.epoch) + 1
                line, ours, theirs = "", None, None          # the run is saved before its control trains
                if trainer.epoch < epoch:
                    lr = trainer.current_lr()
                    loss, n_pairs, seconds = trainer.run_epoch(bar(progress, stats, f"epoch {epoch}/{cfg.epochs}"),
                                                               pending.check)
                    stats["epoch_seconds"].append(seconds)
                    stats["epoch_pairs"].append(n_pairs)
                    history.append((epoch, loss, seconds, n_pairs))
                    line = (f"epoch {epoch:>2}/{cfg.epochs}  loss {loss:.4f}  lr {lr:.6f}  "
                            f"{n_pairs / seconds / 1e6:5.2f}M pairs/s  {seconds:6.2f} s  ({n_pairs:,} pairs)"
                            + score(epoch))
                    ours = save(epoch)
                if twin is not None and twin.trainer.epoch < epoch:
                    part = twin.run_epoch(progress, pending.check, quality)
                    control_epochs += 1
                    theirs = twin.save(epoch, quality)
                    line = (f"{line}   | control: {part}" if line
                            else f"control: epoch {epoch:>2}/{cfg.epochs}  {part}")
                log(line)
                saved_line(ours, theirs)
                pending.check()
        except Diverged as exc:
            what = "the control (the same training on shuffled text)" if exc.control else "training"
            done = trainer.epoch if not exc.control else min(trainer.epoch, twin.trainer.epoch)
            kept = ("only epoch 0's untrained tables are saved" if done == 0 else f"epochs up to {done} are saved")
            rate = rate_to_try(cfg.optimizer, exc.lr)
            exc.message = (f"{what} diverged in epoch {exc.epoch} of {cfg.epochs} ({exc.where}): {exc.what()} at "
                           f"lr {readable_rate(exc.lr)}; the updates overshoot, and would again from any saved epoch "
                           f"at this rate. {kept[0].upper() + kept[1:]} and intact; to converge, train again with a "
                           f"lower rate, e.g. --lr {readable_rate(rate)} (with --overwrite or another --out)")
            raise
        except interrupts.Interrupted as exc:
            saved = trainer.epoch        # the epoch in state.npz: an epoch is saved before a check
            resume_cmd = f"python -m skipgram_np.train --resume {shlex.quote(str(run_dir))}"
            if twin is not None and twin.trainer.epoch < saved:     # stopped in the control's epoch
                exc.where = (f"during the control's epoch {twin.trainer.epoch + 1} of {cfg.epochs}; the run's "
                             f"epochs up to {saved} are saved, the control's up to {twin.trainer.epoch}. "
                             f"Continue with: {resume_cmd}")
            elif saved >= cfg.epochs:
                exc.where = f"after the last epoch; the run in {run_dir} is complete"
            else:
                done = {0: "no epoch had finished", 1: "epoch 1 is saved"}.get(
                    saved, f"epochs 1-{saved} are saved")
                exc.where = f"during epoch {saved + 1} of {cfg.epochs}; {done}. Continue with: {resume_cmd}"
            raise
    return TrainResult(run_dir, history, trainer.snapshot(stats), control_epochs)


def repair_exports(run_dir, upto: int, cfg: Config, outputs: dict, log=print) -> None:
    """The exports a stopped run never wrote, or wrote from another version of their checkpoint
    (run.json records which), for the checkpoints up to epoch ``upto`` (state.npz's; a later one
    is the stopped attempt's and is saved anew when its epoch is trained again)."""
    files = runs.recorded(run_dir, runs.read_info(run_dir) or {})
    for epoch in ckpt_io.saved_epochs(run_dir):
        if epoch > upto:
            continue
        path = ckpt_io.checkpoint_path(run_dir, epoch)
        digest = ckpt_io.stored_digest(path)
        names = export.training_exports(epoch, outputs, final=epoch == cfg.epochs)
        missing = [n for n in names if not (Path(run_dir) / n).exists()]
        stale = [n for n in names if n not in missing and (files.get(n, {}).get("from") != digest or
                                                           export.own_digest(Path(run_dir) / n) not in (None, digest))]
        if not missing and not stale:
            continue
        runs.record(run_dir, {n: {"from": None} for n in missing + stale})
        export.export_checkpoint(run_dir, ckpt_io.load(path), outputs.get("json_words", PAGE_WORDS),
                                 True, True, only=set(missing + stale), digest=digest)
        runs.record(run_dir, {path.name: {"sha256": digest}, **{n: {"from": digest} for n in names}})
        if missing:
            log(f"  wrote the missing {', '.join(missing)}")
        if stale:
            if any(files.get(n, {}).get("from") or export.own_digest(Path(run_dir) / n) for n in stale):
                why = f"made from another version of {path.name}"
            else:                                    # written before exports carried a digest
                why = f"no record of which version of {path.name} they were made from"
            log(f"  rewrote {', '.join(stale)}: {why}")

