"""Train skip-gram with negative sampling: the training loop (``python -m skipgram_np.train``).

    per epoch:  sample (subsample.py, seeded by (seed, epoch))
                forward, backward, update (kernels.py, kernels_adam.py: model.py's maths, a slice at a time)
                log (the mean loss over the epoch's pairs; scores with a QualityScorer)
                save (checkpoint at checkpoint epochs, state.npz every epoch, exports)

One epoch is cut into slices of the subsampled token array so that a progress bar can move and the
loss can be traced within the epoch; each slice is one kernel call per thread, the threads sharing
the tables Hogwild-style. Beside the run, epoch by epoch, a **control** trains with the same settings
and seed on the same tokens shuffled (control.py): the chance level every later verdict compares
with. The command line (options, resume rules) is train_cli.py; preparing the text is prepare.py;
compiling the kernels ahead of time is warmup.py.
"""
from __future__ import annotations

import math
import os
import shlex
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from . import checkpoint as ckpt_io
from . import control as control_mod
from . import export, interrupts, kernels, kernels_adam, model, negatives, pairs, runs, subsample
from .checkpoint import Checkpoint
from .config import PAGE_WORDS, Config
from .corpus import Corpus
from .prepare import corpus_stats

SLICE_TOKENS = 50_000     # tokens per kernel call: progress granularity and loss trace resolution
LR_FLOOR = 1e-4           # a decaying learning rate never falls below lr0 · 1e-4 (word2vec.c)


class Diverged(RuntimeError):
    """The loss or the tables stopped being finite numbers: the updates overflowed."""

    def __init__(self, epoch: int, where: str, lr: float, value: float, control: bool = False):
        super().__init__(f"epoch {epoch} ({where}): {value} at lr {lr:g}")
        self.epoch, self.where, self.lr, self.value, self.control = epoch, where, lr, value, control
        self.message = str(self)          # train() words it for the user: what is saved, what to try


@dataclass
class TrainResult:
    run_dir: Path
    epochs: list            # [(epoch, mean loss, seconds, pairs)]
    checkpoint: Checkpoint  # the final state
    control_epochs: int = 0  # epochs the control trained in this call


class Trainer:
    """Holds the tables and optimizer state; ``run_epoch`` trains one epoch in place."""

    def __init__(self, cfg: Config, corpus: Corpus, state: Checkpoint | None = None, run_id: str = ""):
        self.cfg, self.corpus, self.run_id = cfg, corpus, run_id
        V = len(corpus.vocab)
        self.keep = subsample.keep_prob(corpus.vocab.counts, cfg.subsample, cfg.subsample_formula)
        sampler = negatives.NegativeSampler(corpus.vocab.counts, cfg.ns_exponent)
        self.prob, self.alias = sampler.prob, sampler.alias
        self.threads = cfg.threads or os.cpu_count() or 1
        # The tables as kernels.py wants them: (V, planes, d), W in plane 0 and, for Adam, its
        # moments m and v in planes 1 and 2, so that each word's W, m and v lie side by side.
        planes = 3 if cfg.optimizer == "adam" else 1
        self.T_in = np.zeros((V, planes, cfg.dim), np.float32)
        self.T_out = np.zeros((V, planes, cfg.dim), np.float32)
        if state is None:
            init_rng = np.random.default_rng([cfg.seed, 0xC0FFEE])
            self.T_in[:, 0], self.T_out[:, 0] = model.init_tables(V, cfg.dim, init_rng)
            self.step = 0                           # Adam steps taken
            self.last_in = np.zeros(V, np.int64)    # the step each row was last brought up to
            self.last_out = np.zeros(V, np.int64)
            self.epoch, self.loss_epochs, self.loss_trace = 0, [], []
        else:
            self.T_in[:, 0], self.T_out[:, 0] = state.W_in, state.W_out
            if cfg.optimizer == "adam":
                self.T_in[:, 1], self.T_in[:, 2] = state.adam["m_in"], state.adam["v_in"]
                self.T_out[:, 1], self.T_out[:, 2] = state.adam["m_out"], state.adam["v_out"]
            self.step = state.adam["step"] if state.adam else 0
            self.last_in = state.adam["last_in"].copy() if state.adam else np.zeros(V, np.int64)
            self.last_out = state.adam["last_out"].copy() if state.adam else np.zeros(V, np.int64)
            self.epoch = state.epoch
            self.loss_epochs = list(state.loss_epochs)
            self.loss_trace = [tuple(r) for r in state.loss_trace]

    @property
    def W_in(self) -> np.ndarray:
        return self.T_in[:, 0]

    @property
    def W_out(self) -> np.ndarray:
        return self.T_out[:, 0]

    def compile_kernels(self) -> float:
        """Run this configuration's kernels once on a few tokens (on copies), so that Numba compiles
        them, or loads them from its cache, before the first epoch is timed. -> seconds."""
        t0 = time.perf_counter()
        tokens = np.zeros(4 * self.cfg.window + 2, np.int32)
        saved = self.T_in, self.T_out, self.step, self.last_in, self.last_out, self.loss_trace
        self.T_in, self.T_out = self.T_in.copy(), self.T_out.copy()
        self.last_in, self.last_out, self.loss_trace = self.last_in.copy(), self.last_out.copy(), []
        try:
            self._run_tokens(tokens, np.array([0, len(tokens)]), np.random.default_rng(0), 0, None, None)
        except Diverged:              # made-up tokens at a large rate: only the compiling counts here
            pass
        self.T_in, self.T_out, self.step, self.last_in, self.last_out, self.loss_trace = saved
        return time.perf_counter() - t0

    def run_epoch(self, progress=None, stop=None) -> tuple[float, int, float]:
        """Train one epoch. -> (mean loss per pair, pairs, seconds). ``stop()`` is called between
        kernel calls and may raise (interrupts.Pending.check) to abandon the epoch."""
        cfg, epoch = self.cfg, self.epoch
        # --- sample: this epoch's subsampled tokens, from a generator seeded by (seed, epoch)
        rng = np.random.default_rng([cfg.seed, epoch + 1])
        tokens, starts = subsample.subsample(self.corpus.ids, self.corpus.line_starts, self.keep, rng)
        t0 = time.perf_counter()
        loss_sum, pair_sum = self._run_tokens(tokens, starts, rng, epoch, progress, stop)
        seconds = time.perf_counter() - t0
        if not (np.isfinite(self.W_in).all() and np.isfinite(self.W_out).all()):
            raise Diverged(epoch + 1, "at its end: the tables", self._lr_at(epoch + 1), float("nan"))
        mean_loss = loss_sum / max(pair_sum, 1)
        self.loss_epochs.append(mean_loss)
        self.epoch += 1
        return mean_loss, pair_sum, seconds

    def _run_tokens(self, tokens, starts, rng, epoch, progress, stop) -> tuple[float, int]:
        """One pass of the kernels over ``tokens``. -> (summed loss, pairs).

        Each slice is cut into ``threads`` contiguous chunks, run side by side in Python threads
        (the kernels release the GIL) on the shared tables."""
        cfg, chunks, n = self.cfg, self.threads, len(tokens)
        line_id = (pairs.line_ids(n, starts).astype(np.int32) if not cfg.cross_lines
                   else np.full(1, -1, np.int32))
        text = kernels.Text(tokens, line_id, cfg.window, cfg.shrink_window, cfg.negatives,
                            cfg.shared_negatives, self.prob, self.alias)
        if progress is not None:               # this epoch's kept tokens, not the expected count
            progress.total = n
            progress.refresh()
        # Adam visits blocks of neighbouring positions in a shuffled order (batches of pairs from
        # all over the corpus); SGD walks the text in order, as word2vec does (neighbouring
        # windows share cached rows). Slices are cut in units of the order: blocks or positions.
        adam = cfg.optimizer == "adam"
        block = cfg.shuffle_block if adam else 1
        units = -(-n // block)
        order = rng.permutation(units) if adam else np.empty(0, np.int64)
        slice_units = max(1, SLICE_TOKENS // block)
        loss_sum, pair_sum, lr = 0.0, 0, cfg.learning_rate
        powers = kernels_adam.adam_powers(*cfg.adam_betas) if adam else None   # once an epoch
        with ThreadPoolExecutor(max(1, chunks - 1)) as pool:
            for start in range(0, units, slice_units):
                end = min(units, start + slice_units)
                seeds = rng.integers(1, 2**63 - 1, size=chunks, dtype=np.int64).astype(np.uint64)
                span = -(-(end - start) // chunks)
                bounds = [(start + c * span, min(end, start + (c + 1) * span)) for c in range(chunks)]
                # --- learning rate, then forward, backward and update, all inside the kernels
                if adam:
                    lr = self._lr_at(epoch + start / units)
                    opt = kernels_adam.Adam(self.last_in, self.last_out, order, block, lr, *cfg.adam_betas,
                                            cfg.adam_eps, powers, cfg.batch_size, cfg.adam_mode == "dense",
                                            self.step, chunks)

                    def run(c):
                        return kernels_adam.adam(self.T_in, self.T_out, text, *bounds[c], opt, c, seeds[c])
                else:                  # SGD: linear decay over the whole run, per token (or none)
                    rate = kernels.SGD(cfg.learning_rate, LR_FLOOR if cfg.decays else 1.0,
                                       (epoch + start / n) / cfg.epochs, 1.0 / (n * cfg.epochs), start)

                    def run(c):
                        return kernels.sgd(self.T_in, self.T_out, text, *bounds[c], rate, seeds[c])
                others = [pool.submit(run, c) for c in range(1, chunks)]   # chunk 0 runs right here
                results = [run(0)] + [f.result() for f in others]
                if adam:
                    self.step += sum(r[2] for r in results)
                # --- log: the slice's true mean loss (float64 sums from every thread)
                slice_loss, slice_pairs = sum(r[0] for r in results), sum(r[1] for r in results)
                if not math.isfinite(slice_loss):     # overflowed: stop before anything is saved
                    raise Diverged(epoch + 1, f"{end / units:.0%} through it" + (
                        f", {self.step:,} Adam steps in all" if adam else ""), lr, slice_loss)
                loss_sum += slice_loss
                pair_sum += slice_pairs
                if slice_pairs:
                    self.loss_trace.append((epoch + end / units, slice_loss / slice_pairs, slice_pairs))
                if progress is not None:
                    progress.update(min(n, end * block) - start * block)
                    progress.set_postfix(loss=f"{loss_sum / max(pair_sum, 1):.4f}")
                if stop is not None:
                    stop()                   # a signal noted during the kernel calls stops us here
        if adam and cfg.adam_mode == "dense":
            # every row up to the last step, so that the saved tables are dense Adam's
            b1, b2 = cfg.adam_betas
            kernels_adam.adam_flush(self.T_in, self.last_in, self.step, lr, b1, b2, cfg.adam_eps)
            kernels_adam.adam_flush(self.T_out, self.last_out, self.step, lr, b1, b2, cfg.adam_eps)
        return loss_sum, pair_sum

    def _lr_at(self, epochs_done: float) -> float:
        """lr0, or with decay lr0 · max(LR_FLOOR, 1 − epochs_done / epochs) (word2vec's schedule;
        the SGD kernel applies the same rule per token)."""
        if not self.cfg.decays:
            return self.cfg.learning_rate
        return self.cfg.learning_rate * max(LR_FLOOR, 1.0 - epochs_done / self.cfg.epochs)

    def current_lr(self) -> float:
        return self._lr_at(self.epoch)

    def snapshot(self, stats: dict) -> Checkpoint:
        adam = None
        if self.cfg.optimizer == "adam":
            adam = {"m_in": self.T_in[:, 1], "v_in": self.T_in[:, 2], "m_out": self.T_out[:, 1],
                    "v_out": self.T_out[:, 2], "last_in": self.last_in, "last_out": self.last_out,
                    "step": self.step}
        return Checkpoint(self.W_in, self.W_out, self.corpus.vocab, self.cfg, self.epoch,
                          np.array(self.loss_epochs), np.array(self.loss_trace).reshape(-1, 3),
                          stats, adam, self.run_id)


def record_score(stats: dict, quality, W_in: np.ndarray, epoch: int) -> dict:
    """Score W_in with ``quality`` (an evaluate.QualityScorer) into stats["quality"]; -> the row."""
    t0 = time.perf_counter()
    row = {"epoch": epoch, **quality.score(W_in)}
    stats["quality"] = [r for r in stats.get("quality", []) if r["epoch"] < epoch] + [row]
    stats["quality_seconds"] = stats.get("quality_seconds", 0.0) + time.perf_counter() - t0
    return row


def scores_text(row: dict) -> str:
    """"  ρ 0.521  analogies 6.9%" for the epoch's log line."""
    return (f"  ρ {row['wordsim']:.3f}" if "wordsim" in row else "") + (
        f"  analogies {row['analogies']:.1%}" if "analogies" in row else "")


def _bar(progress: bool, stats: dict, desc: str):
    """An epoch's progress bar (stderr, cleared when done), or None."""
    return (tqdm(total=int(stats["expected_kept_per_epoch"]), unit="tok", unit_scale=True, desc=desc,
                 leave=False, file=sys.stderr, dynamic_ncols=True) if progress else None)


class Twin:
    """The control trained beside a run (control.py): its own Trainer on the shuffled tokens, saved
    into RUN/control/ at the run's checkpoint epochs (and its state.npz every epoch), each file
    recorded in the run's run.json before it is written."""

    def __init__(self, trainer: "Trainer", run_dir: Path, stats: dict):
        self.trainer, self.run_dir, self.stats = trainer, Path(run_dir), stats
        self.folder = control_mod.folder(run_dir)

    @classmethod
    def start(cls, cfg: Config, corpus: Corpus, run_dir, real_id: str, real_stats: dict) -> "Twin":
        """The control of the run in run_dir, from its state.npz, or from epoch 0."""
        folder = control_mod.folder(run_dir)
        state = None
        if ckpt_io.state_path(folder).is_file():
            try:
                state = ckpt_io.load(ckpt_io.state_path(folder))
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
                _bar(progress, self.stats, f"control {epoch}/{self.trainer.cfg.epochs}"), stop)
        except Diverged as exc:
            exc.control = True
            raise
        self.stats["epoch_seconds"].append(seconds)
        self.stats["epoch_pairs"].append(n_pairs)
        scored = scores_text(record_score(self.stats, quality, self.trainer.W_in, epoch)) if quality else ""
        return f"  loss {loss:.4f}{scored}"

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

        def save(epoch: int, also: str | None = None) -> None:
            """The checkpoint (at checkpoint epochs), the state, then the exports, each listed in
            run.json before it is written and its exports marked with the checkpoint's digest
            after: a kill between two of these loses nothing that --resume cannot redo. ``also``:
            the control's checkpoint saved with it, for the log line."""
            snap = trainer.snapshot(stats)
            if epoch not in cfg.checkpoint_epochs:
                ckpt_io.save(ckpt_io.state_path(run_dir), snap, with_optimizer=True)
                return
            tables = ckpt_io.checkpoint_path(run_dir, epoch)
            names = export.training_exports(epoch, outputs, final=epoch == cfg.epochs)
            runs.record(run_dir, {tables.name: {"sha256": None}, **{n: {"from": None} for n in names}})
            digest = ckpt_io.save(tables, snap)
            ckpt_io.save(ckpt_io.state_path(run_dir), snap, with_optimizer=True, tables_from=tables)
            written = export.export_checkpoint(run_dir, snap, outputs.get("json_words", PAGE_WORDS),
                                               True, True, only=names, digest=digest)
            runs.record(run_dir, {tables.name: {"sha256": digest}, **{n: {"from": digest} for n in names}})
            log(f"  saved {tables.name}, {', '.join(written)}" + (f"; {also}" if also else ""))

        first_control = twin.save(0, quality) if twin is not None and twin.trainer.epoch == 0 else None
        if first_control and resume is not None:
            log(f"  saved {first_control}")
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
            save(0, first_control)
        else:
            repair_exports(run_dir, resume.epoch, cfg, outputs, log)
        history, control_epochs = [], 0
        if twin is not None and twin.trainer.epoch < trainer.epoch:
            log(f"training the control from epoch {twin.trainer.epoch} to {trainer.epoch} to catch up "
                f"with the run (the same settings on the same words shuffled)")
        try:
            while trainer.epoch < cfg.epochs or (twin is not None and twin.trainer.epoch < cfg.epochs):
                epoch = min(trainer.epoch, twin.trainer.epoch if twin is not None else trainer.epoch) + 1
                line, real = "", trainer.epoch < epoch
                if real:
                    lr = trainer.current_lr()
                    loss, n_pairs, seconds = trainer.run_epoch(_bar(progress, stats, f"epoch {epoch}/{cfg.epochs}"),
                                                               pending.check)
                    stats["epoch_seconds"].append(seconds)
                    stats["epoch_pairs"].append(n_pairs)
                    history.append((epoch, loss, seconds, n_pairs))
                    line = (f"epoch {epoch:>2}/{cfg.epochs}  loss {loss:.4f}  lr {lr:.6f}  "
                            f"{n_pairs / seconds / 1e6:5.2f}M pairs/s  {seconds:6.2f} s  ({n_pairs:,} pairs)"
                            + score(epoch))
                if twin is not None and twin.trainer.epoch < epoch:
                    part = twin.run_epoch(progress, pending.check, quality)
                    control_epochs += 1
                    line = (line + f"   | control{part}") if line else f"control: epoch {epoch:>2}/{cfg.epochs}{part}"
                log(line)
                saved = twin.save(epoch, quality) if twin is not None and twin.trainer.epoch == epoch else None
                if real:
                    save(epoch, saved)
                elif saved:
                    log(f"  saved {saved}")
                pending.check()
        except Diverged as exc:
            if twin is not None and exc.control:
                exc.message = (f"the control (the same training on shuffled text) diverged in epoch {exc.epoch} "
                               f"({exc.where}): the loss became {exc.value} at lr {exc.lr:g}. The run's own epochs "
                               f"up to {trainer.epoch} are saved; train again with a lower rate, e.g. "
                               f"--lr {exc.lr / 10:g} (with --overwrite or another --out), or without the "
                               f"control: --no-control")
                raise
            saved = trainer.epoch - (1 if "at its end" in exc.where else 0)   # what state.npz holds
            kept = ("only epoch 0's untrained tables are saved" if saved == 0
                    else f"epochs up to {saved} are saved")
            exc.message = (f"training diverged in epoch {exc.epoch} of {cfg.epochs} ({exc.where}): the "
                           f"loss became {exc.value} at lr {exc.lr:g}, the updates overflowed. "
                           f"{kept[0].upper() + kept[1:]} and intact (--resume {shlex.quote(str(run_dir))} goes on "
                           f"from there at the same rate); to converge, train again with a lower rate, "
                           f"e.g. --lr {exc.lr / 10:g} (with --overwrite or another --out)")
            raise
        except interrupts.Interrupted as exc:
            saved = trainer.epoch        # the epoch in state.npz: an epoch is saved before a check
            resume_cmd = f"python -m skipgram_np.train --resume {shlex.quote(str(run_dir))}"
            if saved >= cfg.epochs and twin is not None and twin.trainer.epoch < cfg.epochs:
                exc.where = (f"while training the control; the run in {run_dir} is complete and its control "
                             f"has {twin.trainer.epoch} of {cfg.epochs} epochs. Continue with: {resume_cmd}")
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
        stale = [n for n in names if n not in missing and files.get(n, {}).get("from") != digest]
        if not missing and not stale:
            continue
        runs.record(run_dir, {n: {"from": None} for n in missing + stale})
        export.export_checkpoint(run_dir, ckpt_io.load(path), outputs.get("json_words", PAGE_WORDS),
                                 True, True, only=set(missing + stale), digest=digest)
        runs.record(run_dir, {path.name: {"sha256": digest}, **{n: {"from": digest} for n in names}})
        if missing:
            log(f"  wrote the missing {', '.join(missing)}")
        if stale:
            if any(files.get(n, {}).get("from") for n in stale):
                why = f"made from another version of {path.name}"
            else:                                    # written before exports carried a digest
                why = f"no record of which version of {path.name} they were made from"
            log(f"  rewrote {', '.join(stale)}: {why}")


if __name__ == "__main__":
    from skipgram_np.train_cli import main     # the command line lives in train_cli.py
    sys.exit(main())
