"""One epoch of skip-gram with negative sampling on the shared tables: the engine train.py drives.

    per epoch:  sample (subsample.py, seeded by (seed, epoch))
                forward, backward, update (kernels.py, kernels_adam.py: model.py's maths, a slice at a time)
                the mean loss over the epoch's pairs, summed in float64 by every thread

One epoch is cut into slices of the subsampled token array so that a progress bar can move and the
loss can be traced within the epoch; each slice is one kernel call per thread, the threads sharing
the tables Hogwild-style. A loss that grows far past its untrained value (k + 1)·log 2 (LOSS_LIMIT
times it), or a loss or table that stops being a finite number, raises Diverged before
anything is saved. The run's loop (checkpoints, exports, the control beside it) is train.py.
"""
from __future__ import annotations

import math
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from tqdm import tqdm

from . import kernels, kernels_adam, model, negatives, pairs, subsample
from .checkpoint import Checkpoint
from .config import Config
from .corpus import Corpus

SLICE_TOKENS = 50_000     # tokens per kernel call: progress granularity and loss trace resolution
LR_FLOOR = 1e-4           # a decaying learning rate never falls below lr0 · 1e-4 (word2vec.c)
LOSS_LIMIT = 10           # a slice's mean loss above this many times (k + 1)·log 2 has diverged: an
                          # untrained run starts at (k + 1)·log 2 and a learning one only goes down


class Diverged(RuntimeError):
    """The loss grew far past its start, or the loss or the tables stopped being finite numbers:
    the updates overshoot. ``value``: the mean loss per pair of the slice (NaN for the tables);
    ``start``: the untrained loss (k + 1)·log 2."""

    def __init__(self, epoch: int, where: str, lr: float, value: float, control: bool = False,
                 start: float | None = None):
        super().__init__(f"epoch {epoch} ({where}): {value} at lr {lr:g}")
        self.epoch, self.where, self.lr, self.value, self.control = epoch, where, lr, value, control
        self.start = start
        self.message = str(self)          # train() words it for the user: what is saved, what to try

    def what(self) -> str:
        """"the loss became nan (not a number)" or "the loss grew to 1,500,532 per pair, 360 times …"."""
        if math.isnan(self.value):
            return f"the {'tables' if 'tables' in self.where else 'loss'} became nan (not a number)"
        if math.isinf(self.value):
            return "the loss became infinite"
        value = f"{self.value:,.0f}" if self.value >= 1000 else f"{self.value:.3f}"
        return (f"the loss grew to {value} per pair, {self.value / self.start:,.0f} times its untrained "
                f"(k + 1)·log 2 = {self.start:.3f}")


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
                start = (cfg.negatives + 1) * math.log(2)
                if not math.isfinite(slice_loss) or slice_loss > LOSS_LIMIT * start * max(slice_pairs, 1):
                    raise Diverged(epoch + 1, f"{end / units:.0%} through it" + (   # stop before anything is saved
                        f", {self.step:,} Adam steps in all" if adam else ""), lr,
                        slice_loss / max(slice_pairs, 1), start=start)
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


def bar(progress: bool, stats: dict, desc: str):
    """An epoch's progress bar (stderr, cleared when done), or None."""
    return (tqdm(total=int(stats["expected_kept_per_epoch"]), unit="tok", unit_scale=True, desc=desc,
                 leave=False, file=sys.stderr, dynamic_ncols=True) if progress else None)
