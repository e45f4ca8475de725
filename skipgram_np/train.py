"""Train skip-gram with negative sampling: ``python -m skipgram_np.train`` runs the reference pipeline.

The only module that wires the stages together:

    data → corpus (clean, vocab, ids) → epoch 0 saved → per epoch: subsample → kernel (pairs,
         negatives, updates) → log → checkpoint (at checkpoint epochs) → state.npz → exports

One epoch is cut into slices of the subsampled token array so that a progress bar can move and the
loss can be traced within the epoch; each slice is one call of a Numba kernel (kernels.py) whose
threads share the tables Hogwild-style.
"""
from __future__ import annotations

import argparse
import dataclasses
import errno
import json
import os
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import checkpoint as ckpt_io
from . import corpus as corpus_mod
from . import data, export, interrupts, kernels, model, negatives, pairs, runs, subsample
from .checkpoint import Checkpoint, CheckpointError
from .cli import HelpFormatter, Parser
from .config import DEFAULT_LR, OPTIMIZERS, PRESETS, Config, default_checkpoints
from .vocab import EmptyVocabularyError

SLICE_TOKENS = 50_000     # tokens per kernel call: progress granularity and loss trace resolution
LR_FLOOR = 1e-4           # SGD's learning rate never falls below lr0 · 1e-4 (word2vec.c)


@dataclass
class TrainResult:
    run_dir: Path
    epochs: list            # [(epoch, mean loss, seconds, pairs)]
    checkpoint: Checkpoint  # the final state


def warm_kernels(cfg: Config, scoring: bool = False, training: bool = True) -> float:
    """Compile (or load from Numba's cache) every kernel a run of ``cfg`` uses (``training``: the
    optimizer's, ``scoring``: the analogy kernel), on a tiny made-up corpus, which gives the
    kernels the same argument types as the real run. -> seconds."""
    t0 = time.perf_counter()
    if training:
        tiny = corpus_mod.build_corpus(["a b c d e f g h"] * 4, 1)
        Trainer(dataclasses.replace(cfg, dim=4, min_count=1, max_tokens=None), tiny).compile_kernels()
    if scoring:
        from .evaluate import compile_analogy_kernel
        compile_analogy_kernel()
    return time.perf_counter() - t0


class BackgroundCompile:
    """warm_kernels in a child process, so that a first run compiles while the corpus is being
    downloaded and encoded (two cores: the two overlap). The child fills Numba's on-disk cache;
    the run then loads the kernels from it. A failed child only means the run compiles itself.
    Also used to compile the scoring kernel alongside the training kernels (``training`` False)."""

    def __init__(self, cfg: Config, scoring: bool, training: bool = True):
        import multiprocessing
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        ctx = multiprocessing.get_context(method)
        self.seconds = ctx.Value("d", -1.0)
        self.process = ctx.Process(target=_warm_child, args=(cfg, scoring, training, self.seconds), daemon=True)
        self.process.start()

    def wait(self) -> float:
        """Wait for the child. -> how long it compiled (-1 if it failed)."""
        self.process.join()
        return self.seconds.value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


def _warm_child(cfg, scoring, training, seconds) -> None:
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)         # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)        # and stop() just ends the child
    seconds.value = warm_kernels(cfg, scoring, training)


def load_corpus(cfg: Config, data_dir=None, cache_dir=None, mirrors=(), log=print,
                progress: bool = True) -> corpus_mod.Corpus:
    """The verified files, cleaned and encoded; the encoding is cached (corpus.save/load) so that
    a second run starts in a fraction of a second."""
    paths = data.wikitext2_files(data_dir=data_dir, cache_dir=cache_dir, mirror_urls=mirrors, log=log,
                                 dataset=cfg.dataset, progress=progress)
    cached = corpus_cache_file(cfg, cache_dir)
    found = corpus_mod.load(cached)
    if found is not None:
        return found
    lines = corpus_mod.FileLines([paths[s] for s in data.SPLITS])   # streamed, read twice
    built = corpus_mod.build_corpus(lines, cfg.min_count, cfg.max_tokens)
    try:
        corpus_mod.save(cached, built)
    except OSError as exc:                       # a read-only cache only costs time
        log(f"note: could not cache the encoded corpus ({exc.strerror or exc})")
    return built


def corpus_cache_file(cfg: Config, cache_dir=None) -> Path:
    """Where the encoded corpus for ``cfg`` is cached (corpus.cache_path)."""
    root = Path(cache_dir) if cache_dir else data.default_cache_dir()
    return corpus_mod.cache_path(root, cfg.dataset, [data.HASHES[cfg.dataset][s] for s in data.SPLITS],
                                 cfg.min_count, cfg.max_tokens)


def corpus_stats(cfg: Config, corpus: corpus_mod.Corpus) -> dict:
    """The figures a learner wants to see (and the explorer's "How it works" shows), and a few
    real passages of the text (the explorer's "One step" view walks a training step on them)."""
    kept = subsample.expected_kept(corpus.vocab.counts, cfg.subsample, cfg.subsample_formula)
    return {
        "dataset": cfg.dataset, "raw_tokens": corpus.raw_tokens, "tokens": int(len(corpus.ids)),
        "vocab_size": len(corpus.vocab), "lines": int(len(corpus.line_starts) - 1),
        "expected_kept_per_epoch": round(kept), "kept_fraction": kept / max(len(corpus.ids), 1),
        "expected_pairs_per_epoch": pairs.count_pairs(round(kept), cfg.window),
        "samples": sample_passages(corpus, cfg.seed),
    }


def sample_passages(corpus: corpus_mod.Corpus, seed: int = 0, n: int = 40, length: int = 12,
                    within: int = 5000) -> list[list[str]]:
    """Up to n passages of ``length`` consecutive words that start a sentence, from one paragraph
    each, all among the ``within`` most frequent words (so the explorer page holds their
    vectors), mostly words rather than punctuation."""
    rng = np.random.default_rng([seed, 0x5A])
    starts, ids, words = corpus.line_starts, corpus.ids, corpus.vocab.words
    stop = corpus.vocab.index.get(".", -1)
    after_stop = np.flatnonzero(ids[:-length] == stop) + 1
    candidates = np.concatenate([starts[:-1], after_stop])
    out = []
    for pos in rng.choice(candidates, size=min(len(candidates), 40 * n), replace=False) if len(candidates) else []:
        line = np.searchsorted(starts, pos, side="right") - 1
        if pos + length > starts[line + 1]:
            continue
        passage = ids[pos:pos + length]
        if passage.max() < within and sum(any(c.isalpha() for c in words[i]) for i in passage) >= length - 2:
            out.append([words[i] for i in passage])
            if len(out) == n:
                break
    return out


class Trainer:
    """Holds the tables and optimizer state; ``run_epoch`` trains one epoch in place."""

    def __init__(self, cfg: Config, corpus: corpus_mod.Corpus, state: Checkpoint | None = None,
                 run_id: str = ""):
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
        self._run_tokens(tokens, np.array([0, len(tokens)]), np.random.default_rng(0), 0, None, None)
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
        mean_loss = loss_sum / max(pair_sum, 1)
        self.loss_epochs.append(mean_loss)
        self.epoch += 1
        return mean_loss, pair_sum, seconds

    def _run_tokens(self, tokens, starts, rng, epoch, progress, stop) -> tuple[float, int]:
        """One pass of the kernels over ``tokens``. -> (summed loss, pairs).

        Each slice is cut into ``threads`` contiguous chunks, run side by side in Python threads
        (the kernels release the GIL) on the shared tables."""
        from concurrent.futures import ThreadPoolExecutor
        cfg, chunks = self.cfg, self.threads
        line_id = (pairs.line_ids(len(tokens), starts).astype(np.int32) if not cfg.cross_lines
                   else np.full(1, -1, np.int32))
        n = len(tokens)
        if progress is not None:               # this epoch's kept tokens, not the expected count
            progress.total = n
            progress.refresh()
        # Adam visits blocks of neighbouring positions in a shuffled order (batches of pairs from
        # all over the corpus); SGD walks the text in order, as word2vec does (neighbouring
        # windows share cached rows). Slices are cut in units of the order: blocks or positions.
        block = cfg.shuffle_block if cfg.optimizer == "adam" else 1
        units = -(-n // block)
        order = rng.permutation(units) if cfg.optimizer == "adam" else np.empty(0, np.int64)
        slice_units = max(1, SLICE_TOKENS // block)
        loss_sum, pair_sum, lr = 0.0, 0, cfg.learning_rate
        powers = kernels.adam_powers(*cfg.adam_betas) if cfg.optimizer == "adam" else None   # once an epoch
        with ThreadPoolExecutor(max(1, chunks - 1)) as pool:
            for start in range(0, units, slice_units):
                end = min(units, start + slice_units)
                seeds = rng.integers(1, 2**63 - 1, size=chunks, dtype=np.int64).astype(np.uint64)
                span = -(-(end - start) // chunks)
                bounds = [(start + c * span, min(end, start + (c + 1) * span)) for c in range(chunks)]
                # --- forward, backward and update, all inside the kernels
                if cfg.optimizer == "sgd":
                    # learning rate: linear decay over the whole run, in tokens
                    def run(c):
                        return kernels.sgd_epoch(
                            self.T_in, self.T_out, tokens, line_id, *bounds[c], start, cfg.window,
                            cfg.shrink_window, cfg.negatives, cfg.shared_negatives, self.prob,
                            self.alias, cfg.learning_rate, LR_FLOOR, (epoch + start / n) / cfg.epochs,
                            1.0 / (n * cfg.epochs), seeds[c])
                else:
                    b1, b2 = cfg.adam_betas
                    lr = self._lr_at(epoch + start / units)

                    def run(c):
                        return kernels.adam_epoch(
                            self.T_in, self.T_out, self.last_in, self.last_out, tokens, line_id,
                            order, block, *bounds[c], cfg.window, cfg.shrink_window, cfg.negatives,
                            cfg.shared_negatives, self.prob, self.alias, lr, b1, b2, cfg.adam_eps,
                            powers, cfg.batch_size, cfg.adam_mode == "dense", self.step, c, chunks, seeds[c])
                others = [pool.submit(run, c) for c in range(1, chunks)]   # chunk 0 runs right here
                results = [run(0)] + [f.result() for f in others]
                if cfg.optimizer == "adam":
                    self.step += sum(r[2] for r in results)
                # --- log: the slice's true mean loss (float64 sums from every thread)
                slice_loss, slice_pairs = sum(r[0] for r in results), sum(r[1] for r in results)
                loss_sum += slice_loss
                pair_sum += slice_pairs
                if slice_pairs:
                    self.loss_trace.append((epoch + end / units, slice_loss / slice_pairs, slice_pairs))
                if progress is not None:
                    progress.update(min(n, end * block) - start * block)
                    progress.set_postfix(loss=f"{loss_sum / max(pair_sum, 1):.4f}")
                if stop is not None:
                    stop()                   # a signal noted during the kernel calls stops us here
        if cfg.optimizer == "adam" and cfg.adam_mode == "dense":
            # every row up to the last step, so that the saved tables are dense Adam's
            b1, b2 = cfg.adam_betas
            kernels.adam_flush(self.T_in, self.last_in, self.step, lr, b1, b2, cfg.adam_eps)
            kernels.adam_flush(self.T_out, self.last_out, self.step, lr, b1, b2, cfg.adam_eps)
        return loss_sum, pair_sum

    def _lr_at(self, epochs_done: float) -> float:
        """lr0, or with decay lr0 · max(LR_FLOOR, 1 − epochs_done / epochs) (word2vec's schedule;
        sgd_epoch applies the same rule per token inside the kernel)."""
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


WORD2VEC_EXPORTS = ("final", "checkpoints", "none")


def export_epoch(run_dir, ckpt: Checkpoint, outputs: dict, final: bool) -> list[str]:
    """The exports of a checkpoint: its JSON always; word2vec text/binary (and the projector
    files) at the last epoch, or at every checkpoint with outputs["word2vec"] = "checkpoints".
    Only what is missing is written. -> names written."""
    policy = outputs.get("word2vec", "final")
    vectors = policy == "checkpoints" or (policy == "final" and final)
    return export.export_checkpoint(run_dir, ckpt, json_words=outputs.get("json_words", 5000),
                                    vectors=vectors, projector=outputs.get("projector", False) and vectors,
                                    only_missing=True)


def repair_exports(run_dir, cfg: Config, outputs: dict, log=print) -> None:
    """Write the exports a killed run never got to, for every saved checkpoint."""
    for epoch in ckpt_io.saved_epochs(run_dir):
        if export.missing_exports(run_dir, epoch, outputs, final=epoch == cfg.epochs):
            written = export_epoch(run_dir, ckpt_io.load(ckpt_io.checkpoint_path(run_dir, epoch)),
                                   outputs, final=epoch == cfg.epochs)
            log(f"  wrote the missing {', '.join(written)}")


def train(cfg: Config, corpus: corpus_mod.Corpus, run_dir, resume: Checkpoint | None = None,
          overwrite: bool = False, progress: bool = True, json_words: int | None = 5000,
          projector: bool = False, word2vec: str = "final", sources: dict | None = None,
          quality=None, background: BackgroundCompile | None = None, log=print) -> TrainResult:
    """Train ``cfg.epochs`` epochs into ``run_dir`` (continuing from ``resume``, the run's
    state.npz), saving ``cfg.checkpoint_epochs`` and their exports.

    The folder is locked while training, must not hold another run (``overwrite`` removes that
    run's files first) and records the run in run.json (runs.py). Ctrl-C or SIGTERM stops the
    run between two kernel calls with interrupts.Interrupted, whose ``where`` says what is saved.
    ``quality``: an evaluate.QualityScorer; W_in is then scored after every epoch (and before the
    first), into stats["quality"]. ``background``: a BackgroundCompile started earlier.
    """
    if (corpus.min_count, corpus.max_tokens) != (cfg.min_count, cfg.max_tokens):
        raise ValueError(f"the corpus was built with min_count={corpus.min_count}, max_tokens="
                         f"{corpus.max_tokens} but the config says {cfg.min_count}, {cfg.max_tokens}")
    run_dir = Path(run_dir)
    with runs.locked(run_dir), interrupts.deferred() as pending:
        info = _claim(run_dir, cfg, corpus, resume, overwrite, sources,
                      {"json_words": json_words, "projector": projector, "word2vec": word2vec})
        outputs = info["outputs"]
        data.remove_temp_files(run_dir)
        trainer = Trainer(cfg, corpus, resume, info["run_id"])
        stats = dict(resume.stats) if resume else corpus_stats(cfg, corpus)
        stats.setdefault("epoch_seconds", [])
        stats.setdefault("epoch_pairs", [])

        def score(epoch: int) -> str:
            """Score this epoch's W_in (when the sets are there); -> the part of the log line."""
            if quality is None:
                return ""
            t0 = time.perf_counter()
            row = {"epoch": epoch, **quality.score(trainer.W_in)}
            stats.setdefault("quality", [])
            stats["quality"] = [r for r in stats["quality"] if r["epoch"] < epoch] + [row]
            stats["quality_seconds"] = stats.get("quality_seconds", 0.0) + time.perf_counter() - t0
            return (f"  ρ {row['wordsim']:.3f}" if "wordsim" in row else "") + (
                f"  analogies {row['analogies']:.1%}" if "analogies" in row else "")

        def save(epoch: int) -> None:
            """Checkpoint (at checkpoint epochs), then the state, then the exports: a kill
            between two of these loses nothing that resume cannot redo."""
            snap = trainer.snapshot(stats)
            tables = None
            if epoch in cfg.checkpoint_epochs:
                tables = ckpt_io.checkpoint_path(run_dir, epoch)
                ckpt_io.save(tables, snap)
            ckpt_io.save(ckpt_io.state_path(run_dir), snap, with_optimizer=True, tables_from=tables)
            if tables is not None:
                written = export_epoch(run_dir, snap, outputs, final=epoch == cfg.epochs)
                log(f"  saved checkpoint_epoch{epoch}.npz, {', '.join(written)}")

        # --- compile: every kernel this run uses, before anything is timed or scored
        t0 = time.perf_counter()
        alongside = None
        if background is None and quality is not None and quality.questions is not None:
            alongside = BackgroundCompile(cfg, scoring=True, training=False)   # on the other core
        try:
            compiled = background.wait() if background is not None else -1.0
            trainer.compile_kernels()
            if alongside is not None:
                alongside.wait()
            if quality is not None:
                quality.warm()               # from the cache the child filled (or compiled here)
        finally:
            if alongside is not None:
                alongside.stop()
        seconds = time.perf_counter() - t0
        if compiled > 1.0:
            log(f"compiled the Numba kernels in {compiled:.1f} s, in the background while the corpus "
                f"was prepared (cached for later runs); waited {seconds:.1f} s for them")
        elif seconds > 1.0:
            log(f"compiled the Numba kernels in {seconds:.1f} s (cached for later runs)")
        if resume is None:
            scored = score(0)
            if scored:
                row = stats["quality"][-1]                # what the scores are over, said once
                over = ([f"{row['wordsim_pairs']:,} of {row['wordsim_total']:,} WordSim-353 pairs"]
                        if "wordsim_pairs" in row else []) + \
                       ([f"{row['analogy_answered']:,} answerable analogy questions"]
                        if "analogy_answered" in row else [])
                log(f"epoch  0 (untrained){scored}   (scored on {' and '.join(over)} in the vocabulary)")
            save(0)
        else:
            repair_exports(run_dir, cfg, outputs, log)
        history = []
        try:
            while trainer.epoch < cfg.epochs:
                epoch = trainer.epoch + 1
                lr = trainer.current_lr()
                bar = None
                if progress:
                    from tqdm import tqdm
                    bar = tqdm(total=int(stats["expected_kept_per_epoch"]), unit="tok",
                               unit_scale=True, desc=f"epoch {epoch}/{cfg.epochs}", leave=False,
                               file=sys.stderr, dynamic_ncols=True)
                try:
                    loss, n_pairs, seconds = trainer.run_epoch(bar, pending.check)
                finally:
                    if bar is not None:
                        bar.close()
                stats["epoch_seconds"].append(seconds)
                stats["epoch_pairs"].append(n_pairs)
                history.append((epoch, loss, seconds, n_pairs))
                scored = score(epoch)
                log(f"epoch {epoch:>2}/{cfg.epochs}  loss {loss:.4f}  lr {lr:.6f}  "
                    f"{n_pairs / seconds / 1e6:5.2f}M pairs/s  {seconds:6.2f} s  ({n_pairs:,} pairs)"
                    + scored)
                save(epoch)
                pending.check()
        except interrupts.Interrupted as exc:
            saved = trainer.epoch        # the epoch in state.npz: an epoch is saved before a check
            resume_cmd = f"python -m skipgram_np.train --resume {shlex.quote(str(run_dir))}"
            if saved >= cfg.epochs:
                exc.where = f"after the last epoch; the run in {run_dir} is complete"
            else:
                done = {0: "no epoch had finished", 1: "epoch 1 is saved"}.get(
                    saved, f"epochs 1-{saved} are saved")
                exc.where = f"during epoch {saved + 1} of {cfg.epochs}; {done}. Continue with: {resume_cmd}"
            raise
    return TrainResult(run_dir, history, trainer.snapshot(stats))


def _claim(run_dir: Path, cfg: Config, corpus, resume, overwrite, sources, outputs) -> dict:
    """run.json for this training: a new run's (the folder must not hold another), or the
    resumed run's, updated with the (possibly extended) configuration."""
    if resume is None:
        runs.claim_new(run_dir, overwrite)
        info = runs.new_info(cfg, corpus.digest, sources or {}, outputs)
    else:
        info = runs.read_info(run_dir) or runs.new_info(cfg, corpus.digest, sources or {}, outputs)
        if resume.run_id and info["run_id"] != resume.run_id:
            raise runs.RunError(f"{run_dir}: state.npz belongs to another run than run.json; "
                                f"train into a fresh --out or again with --overwrite")
        if info.get("corpus_digest", corpus.digest) != corpus.digest:
            raise runs.RunError(f"cannot resume {run_dir}: the corpus differs from the one it was "
                                f"trained on")
        info["run_id"] = resume.run_id     # "" for a run saved before runs had ids
        info["config"] = cfg.to_dict()
    runs.write_info(run_dir, info)
    return info


# ----------------------------------------------------------------------------------- command line
def build_parser() -> argparse.ArgumentParser:
    d = Config()
    p = Parser(
        prog="python -m skipgram_np.train",
        description="Train word2vec skip-gram with negative sampling on WikiText-2. "
                    "With no options: the reference pipeline (Adam, 10 epochs, checkpoints at "
                    "epochs 0, 2, 5 and 10) into runs/adam-e10-d100/.",
        formatter_class=HelpFormatter)
    g = p.add_argument_group("data")
    g.add_argument("--dataset", choices=("wikitext-2", "wikitext-103"), default=d.dataset,
                   help="the corpus (WikiText-103: 103M tokens, a 190 MB download)")
    g.add_argument("--data-dir", help="folder with the three WikiText-2 files (no download)")
    g.add_argument("--cache-dir", help=f"download cache (default ~/.cache/skipgram_np or ${data.CACHE_ENV})")
    g.add_argument("--mirror", action="append", default=[], metavar="URL",
                   help=f"mirror to download from instead of the built-in ones (repeatable; "
                        f"also ${data.MIRROR_ENV}): a .zip, or a folder serving wiki.{{split}}.tokens")
    g.add_argument("--max-tokens", type=int, default=d.max_tokens,
                   help="train on the first N cleaned tokens only (quick runs)")
    g.add_argument("--eval-dir", help="folder with questions-words.txt and wordsim353.tsv, to score "
                                      "every epoch (default: downloaded once and cached)")
    g.add_argument("--eval-mirror", action="append", default=[], metavar="URL",
                   help=f"where to download the evaluation sets from (also ${data.EVAL_MIRROR_ENV})")
    g.add_argument("--no-eval", action="store_true",
                   help="do not score the epochs on WordSim-353 and the Google analogies")
    p.add_argument("--preset", choices=sorted(PRESETS), default="reference",
                   help="named settings: reference (the defaults below) or quality ("
                        + ", ".join(f"{k}={v}" for k, v in PRESETS["quality"].items())
                        + "); options given explicitly still win")
    g = p.add_argument_group("pipeline")
    g.add_argument("--min-count", type=int, default=d.min_count, help="drop words seen fewer times")
    g.add_argument("--subsample", type=float, default=d.subsample,
                   help="t in P_discard(w) = max(0, 1 - sqrt(t/f(w))); 0 turns it off")
    g.add_argument("--subsample-formula", choices=("paper", "word2vec"), default=d.subsample_formula,
                   help="paper: keep = sqrt(t/f) (the reference); word2vec: word2vec.c's and "
                        "gensim's gentler keep = (sqrt(f/t) + 1)·t/f")
    g.add_argument("--window", type=int, default=d.window, help="context words on each side")
    g.add_argument("--shrink-window", action="store_true", help="word2vec's random window shrinking")
    g.add_argument("--no-cross-lines", action="store_true", help="keep windows inside a paragraph")
    g.add_argument("--negatives", type=int, default=d.negatives, help="k negatives per pair")
    g.add_argument("--per-pair-negatives", action="store_true",
                   help="draw k negatives for every pair (word2vec) instead of sharing them across "
                        "a word's window (pWord2Vec, faster)")
    g = p.add_argument_group("model and optimisation")
    g.add_argument("--dim", type=int, default=d.dim, help="embedding dimension d")
    g.add_argument("--optimizer", choices=OPTIMIZERS, default=d.optimizer,
                   help="adam (the reference) or sgd (word2vec's, with linear decay)")
    g.add_argument("--lr", type=float, default=d.lr,
                   help=f"learning rate (default {DEFAULT_LR['adam']} for adam, "
                        f"{DEFAULT_LR['sgd']} for sgd, decaying linearly)")
    g.add_argument("--lr-decay", choices=("on", "off"), default=None,
                   help="decay the learning rate linearly to lr*1e-4 over the run (default: on "
                        "for sgd, off for adam, as in the reference)")
    g.add_argument("--batch-size", type=int, default=d.batch_size, help="Adam: pairs per step")
    g.add_argument("--shuffle-block", type=int, default=d.shuffle_block,
                   help="Adam: shuffle the text in blocks of this many neighbouring positions "
                        "(1 = every position on its own; larger blocks touch fewer rows per step)")
    g.add_argument("--adam-mode", choices=("dense", "lazy"), default=d.adam_mode,
                   help="dense: torch.optim.Adam's updates (rows keep moving by momentum between "
                        "batches), computed only for the rows a batch touches; lazy: "
                        "torch.optim.SparseAdam's (untouched rows stand still)")
    g.add_argument("--epochs", type=int, default=d.epochs,
                   help="passes over the corpus; with --resume, more than the run has planned "
                        "extends it (not for a decaying learning rate, whose schedule is tied "
                        "to the planned epochs)")
    g.add_argument("--checkpoints", default=None,
                   help="epochs to save and export, comma-separated (0 = before training); the "
                        "last epoch is always saved (default: 0,2,5,10 for 10 epochs, otherwise "
                        "0, ~20%%, ~50%% and the last)")
    g.add_argument("--threads", type=int, default=d.threads, help="worker threads (0 = all cores)")
    g.add_argument("--seed", type=int, default=d.seed,
                   help="seeds initialisation, subsampling, order and negatives")
    g = p.add_argument_group("output")
    g.add_argument("--out", help="run folder (default runs/<optimizer>-e<epochs>-d<dim>, then "
                                 "every other setting that differs from the defaults)")
    g.add_argument("--overwrite", action="store_true",
                   help="if --out holds another run, remove that run's files first")
    g.add_argument("--resume", metavar="DIR",
                   help="continue the run in DIR from its last finished epoch (with its saved "
                        "settings; --epochs N extends it)")
    g.add_argument("--json-words", type=int, default=5000,
                   help="words (most frequent first) in embeddings_epoch{N}.json; 0 = all")
    g.add_argument("--word2vec", choices=WORD2VEC_EXPORTS, default="final",
                   help="word2vec text/binary exports (vectors_epoch{N}.txt/.bin): of the last "
                        "epoch, of every checkpoint, or none")
    g.add_argument("--projector", action="store_true",
                   help="also write vectors.tsv + metadata.tsv for the TensorFlow Embedding "
                        "Projector, beside the word2vec exports")
    g.add_argument("--no-figures", action="store_true",
                   help="skip the figures and report written to RUN/figures/ at the end")
    g.add_argument("--no-progress", action="store_true", help="no progress bars")
    return p


def config_from_args(args, parser) -> Config:
    checkpoints = None
    if args.checkpoints is not None:
        try:
            checkpoints = tuple(sorted({int(x) for x in args.checkpoints.split(",") if x.strip()}))
        except ValueError:
            parser.error(f"--checkpoints must be comma-separated epoch numbers, got {args.checkpoints!r}")
    cfg = Config(dataset=args.dataset, max_tokens=args.max_tokens, min_count=args.min_count,
                 subsample=args.subsample, subsample_formula=args.subsample_formula,
                 window=args.window, shrink_window=args.shrink_window,
                 cross_lines=not args.no_cross_lines, negatives=args.negatives,
                 shared_negatives=not args.per_pair_negatives, dim=args.dim,
                 optimizer=args.optimizer, lr=args.lr, batch_size=args.batch_size,
                 shuffle_block=args.shuffle_block,
                 lr_decay=None if args.lr_decay is None else args.lr_decay == "on",
                 adam_mode=args.adam_mode, epochs=args.epochs, checkpoints=checkpoints,
                 threads=args.threads, seed=args.seed)
    try:
        return cfg.validate()
    except ValueError as exc:
        parser.error(str(exc))


def writable_dir(path: Path, parser) -> Path:
    """Stop in one line now if --out cannot be written, not after the download. Creates nothing:
    the folder is made when training starts, so a run that fails before leaves no empty folder."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(existing))
        with tempfile.TemporaryFile(dir=existing):       # a real write, removed at once
            pass
    except OSError as exc:
        parser.error(f"cannot write to --out {path}: {exc.strerror or exc}")
    return path


def given_options(argv) -> set[str]:
    """The destinations of the options typed on the command line (not left at their defaults):
    parsed again with a marker for every default, the marker shows what was not typed."""
    unset = object()
    clone = build_parser()
    for action in clone._actions:
        action.default = None if isinstance(action, argparse._AppendAction) else unset
    return {k for k, v in vars(clone.parse_args(argv)).items() if v is not unset and v is not None}


# Options that may accompany --resume: where the data is, how to run, what to print.
RESUME_OPTIONS = {"resume", "epochs", "threads", "data_dir", "cache_dir", "mirror", "no_progress",
                  "no_figures", "eval_dir", "eval_mirror", "no_eval"}
# Flags whose Config field has another name or the opposite sense.
FLAG_FIELDS = {"per_pair_negatives": "shared_negatives", "no_cross_lines": "cross_lines"}


def resume_config(args, parser, given: set, run_dir: Path, saved: Config, info: dict | None,
                  done: int) -> Config:
    """The configuration to resume with: the saved one, extended to --epochs; every other flag
    (``given``: given_options) that disagrees with the saved run is refused, all in one line."""
    asked = config_from_args(args, parser)
    conflicts = []
    for dest in sorted(given - RESUME_OPTIONS):
        flag = "--" + dest.replace("_", "-")
        if dest == "out":
            if Path(args.out).resolve() != run_dir.resolve():
                conflicts.append(f"{flag} {args.out} (the run is in {run_dir})")
        elif dest in ("json_words", "word2vec", "projector", "overwrite"):
            if dest == "overwrite" or info is None or info["outputs"].get(dest) != getattr(args, dest):
                conflicts.append(f"{flag} (not with --resume)")
        elif dest == "preset":
            fields = [k for k in PRESETS[args.preset] if getattr(asked, k) != getattr(saved, k)]
            if fields:
                conflicts.append(f"{flag} {args.preset} (the run has "
                                 + ", ".join(f"{k} {getattr(saved, k)}" for k in fields) + ")")
        else:
            field = FLAG_FIELDS.get(dest, dest)
            if getattr(asked, field) != getattr(saved, field):
                value = getattr(args, dest)
                conflicts.append(f"{flag}{'' if isinstance(value, bool) else f' {value}'} "
                                 f"(the run has {field} {getattr(saved, field)})")
    if conflicts:
        parser.error(f"cannot resume {run_dir} with {'; '.join(conflicts)}: drop them, or start "
                     f"a new run with --out")
    epochs = args.epochs if "epochs" in given else saved.epochs
    if epochs < done:
        parser.error(f"{run_dir} has already trained {done} epochs; --epochs must be at least {done}")
    if epochs != saved.epochs and saved.decays:
        parser.error(f"{run_dir} decays its learning rate linearly over its {saved.epochs} epochs; "
                     f"it cannot run to {epochs} without restarting that schedule. Start a new run "
                     f"with --epochs {epochs}")
    checkpoints = saved.checkpoints
    if epochs != saved.epochs:
        planned = default_checkpoints(epochs) if saved.checkpoints is None else saved.checkpoints
        checkpoints = tuple(sorted(set(ckpt_io.saved_epochs(run_dir))
                                   | {e for e in planned if e > done}))
    return dataclasses.replace(saved, epochs=epochs, checkpoints=checkpoints,
                               threads=args.threads if "threads" in given else saved.threads)


def quality_scorer(args, corpus):
    """(an evaluate.QualityScorer over the evaluation sets, their two paths), or (None, {}) (one
    line says why) when they cannot be had: training goes on without per-epoch scores."""
    from .evaluate import EvalFileError, QualityScorer
    try:
        found = data.eval_files(args.eval_dir, args.cache_dir, args.eval_mirror,
                                progress=not args.no_progress, log=lambda *a: None, retries=0)
        return QualityScorer(corpus.vocab.words, found["analogies"], found["similarities"]), found
    except (data.DataError, EvalFileError) as exc:
        reason = str(exc).split(" (tried ")[0].split(". ")[0]      # a DataError or an EvalFileError
        print(f"note: epochs are not scored ({reason}); give --eval-dir DIR with "
              f"questions-words.txt and wordsim353.tsv, or --no-eval")
        return None, {}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    stage = "before training started; nothing was saved"
    try:
        with interrupts.immediate():
            return _main(parser, args, argv)
    except interrupts.Interrupted as exc:
        print(f"stopped by {exc.name} {exc.where or stage}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"stopped by Ctrl-C {stage}", file=sys.stderr)
        return 130


def _main(parser, args, argv) -> int:
    if args.preset != "reference":          # the preset's values become the defaults, then reparse
        preset = dict(PRESETS[args.preset])
        if "lr_decay" in preset:
            preset["lr_decay"] = "on" if preset["lr_decay"] else "off"
        parser.set_defaults(**preset)
        args = parser.parse_args(argv)
    if args.json_words < 0:
        parser.error(f"--json-words must be >= 0 (0 = all words), got {args.json_words}")
    given = given_options(argv)                           # the options typed, not defaulted
    resume, info = None, None
    if args.resume:
        run_dir = Path(args.resume)
        try:
            info = runs.read_info(run_dir)
            resume = ckpt_io.load(ckpt_io.state_path(run_dir))
        except (CheckpointError, runs.RunError) as exc:
            parser.error(f"cannot resume: {exc}")
        sources = (info or {}).get("sources", {})
        for dest in ("data_dir", "cache_dir", "eval_dir"):   # the data as the run found it
            if getattr(args, dest) is None and sources.get(dest):
                setattr(args, dest, sources[dest])
        for dest in ("mirror", "eval_mirror"):
            if not getattr(args, dest) and sources.get(dest):
                setattr(args, dest, list(sources[dest]))
        if sources.get("no_eval") and not {"eval_dir", "eval_mirror"} & given:
            args.no_eval = True                          # unscored it began, unscored it goes on
        cfg = resume_config(args, parser, given, run_dir, resume.config, info, resume.epoch)
        if resume.epoch >= cfg.epochs:
            more = "" if cfg.decays else f"; --epochs N (more than {cfg.epochs}) extends it"
            print(f"{run_dir} already finished its {cfg.epochs} epochs: nothing to train (any missing "
                  f"exports are written and the figures redrawn){more}.")
        else:
            print(f"resuming {run_dir} after epoch {resume.epoch} of {cfg.epochs}")
    else:
        cfg = config_from_args(args, parser)
        run_dir = Path(args.out) if args.out else runs.default_run_dir(cfg)
    if args.eval_dir and not args.no_eval and "eval_dir" in given:   # typed: wrong is an error
        try:
            data.eval_files(args.eval_dir)
        except data.DataError as exc:
            parser.error(exc.headline)
    writable_dir(run_dir, parser)
    print("config:", json.dumps(cfg.to_dict()))
    started = time.perf_counter()
    background = None
    if not corpus_cache_file(cfg, args.cache_dir).is_file():    # a first run: compile meanwhile
        background = BackgroundCompile(cfg, scoring=not args.no_eval)
    try:
        corpus = load_corpus(cfg, args.data_dir, args.cache_dir, args.mirror,
                             progress=not args.no_progress)
    except data.DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except EmptyVocabularyError as exc:
        parser.error(str(exc))
    finally:
        if background is not None and sys.exc_info()[0] is not None:
            background.stop()
    stats = corpus_stats(cfg, corpus)
    print(f"corpus: {stats['raw_tokens']:,} tokens after cleaning, {stats['tokens']:,} in a vocabulary "
          f"of {stats['vocab_size']:,} words (min count {cfg.min_count}); "
          f"~{stats['expected_kept_per_epoch']:,} kept per epoch ({stats['kept_fraction']:.1%}), "
          f"~{stats['expected_pairs_per_epoch']:,} pairs per epoch  [{time.perf_counter() - started:.1f} s]")
    if resume is not None and resume.vocab.words != corpus.vocab.words:
        parser.error("cannot resume: the corpus gives a different vocabulary than the saved run")
    absolute = lambda p: str(Path(p).resolve()) if p else None     # noqa: E731
    sources = {"data_dir": absolute(args.data_dir), "cache_dir": absolute(args.cache_dir),
               "mirror": list(args.mirror), "eval_dir": absolute(args.eval_dir),
               "eval_mirror": list(args.eval_mirror), "no_eval": bool(args.no_eval)}
    quality, eval_files = (None, {}) if args.no_eval else quality_scorer(args, corpus)
    try:
        train(cfg, corpus, run_dir, resume=resume, overwrite=args.overwrite,
              progress=not args.no_progress, json_words=args.json_words or None,
              projector=args.projector, word2vec=args.word2vec, sources=sources, quality=quality,
              background=background)
    except (runs.RunError, CheckpointError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {data.describe_os_error(exc, f'the run in {run_dir}')}; what was saved "
              f"is intact: continue with python -m skipgram_np.train --resume "
              f"{shlex.quote(str(run_dir))}", file=sys.stderr)
        return 1
    total = time.perf_counter() - started
    first, n = (1 if resume is None else resume.epoch + 1), cfg.epochs     # what this command trained
    if first > n:
        trained = "no epoch to train"
    elif first == 1:
        trained = f"{n} epoch{'s' if n != 1 else ''}"
    elif first == n:
        trained = f"epoch {n} of {n}"
    else:
        trained = f"epochs {first}-{n} of {n}"
    print(f"done: {trained} in {total:.1f} s; run folder {run_dir}/")
    if not args.no_figures:
        from . import figures
        try:
            figures.make_all(run_dir, analogies=eval_files.get("analogies"))   # example questions too
        except runs.RunError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except interrupts.Interrupted as exc:
            exc.where = (f"while drawing the figures; the run itself is complete (draw them with "
                         f"python -m skipgram_np.figures {shlex.quote(str(run_dir))})")
            raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
