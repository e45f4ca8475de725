"""Run the training command in a real process on a small synthetic corpus, for the tests that
kill, interrupt, race or starve real training processes without needing WikiText-2.

    python tests/cli_driver.py [--signal-in-kernel N:SIGNAL] [--kill-at-export EPOCH]
                               [--kill-after POINT:EPOCH] [--sleep-in-kernel N:SECONDS]
                               [--file-size-limit BYTES] -- ARGS

Everything after "--" goes to ``python -m skipgram_np.train`` unchanged; only the corpus is
replaced (two planted topics, ~150,000 tokens, so an epoch takes three kernel calls). The
options act on the real process at a chosen point: the N-th kernel call (the first one compiles
the kernels, before epoch 1) sends the process a signal or sleeps, or the process is SIGKILLed
just before it exports a checkpoint (after its state is saved), or writes beyond a size fail
(RLIMIT_FSIZE, as a full disk would make them).
"""
import dataclasses
import os
import resource
import signal
import sys
import time
from pathlib import Path

import numpy as np

from skipgram_np import corpus as corpus_mod
from skipgram_np import checkpoint, export, kernels, kernels_adam, prepare, runs, train


def topic_lines(n_lines=12_500, seed=0):
    rng = np.random.default_rng(seed)
    topics = [[f"a{i}" for i in range(15)], [f"b{i}" for i in range(15)]]
    return [" ".join(rng.choice(topics[rng.integers(2)], 12)) for _ in range(n_lines)]


def synthetic_corpus(cfg, *args, **kwargs):
    return corpus_mod.build_corpus(topic_lines(), cfg.min_count, cfg.max_tokens)


def on_kernel_call(n, action):
    """Wrap both epoch kernels so that ``action()`` runs just before the n-th call."""
    calls = [0]
    for module, name in ((kernels, "sgd_epoch"), (kernels_adam, "adam_epoch")):
        real = getattr(module, name)

        def wrapped(*a, _real=real, **k):
            calls[0] += 1
            if calls[0] == n:
                action()
            return _real(*a, **k)
        setattr(module, name, wrapped)


def kill_after(point, epoch):
    """SIGKILL the process at one point of saving ``epoch``: just after its checkpoint is written
    ("checkpoint": and that checkpoint holds other tables than training made, as a run whose
    threads interleaved differently would, so that a retrained epoch differs from it), after its
    state ("state"), after its JSON export and before the others ("json"), or after all its
    exports, before run.json records what they were made from ("exports")."""
    def die():
        os.kill(os.getpid(), signal.SIGKILL)
    real_save, real_json, real_record = checkpoint.save, export.write_json, runs.record

    def save(path, ckpt, *a, **k):
        name = Path(path).name
        if point == "checkpoint" and name == f"checkpoint_epoch{epoch}.npz":
            real_save(path, dataclasses.replace(ckpt, W_in=ckpt.W_in + 0.5), *a, **k)
            die()
        digest = real_save(path, ckpt, *a, **k)
        if point == "state" and name == "state.npz" and ckpt.epoch == epoch:
            die()
        return digest

    def write_json(path, doc):
        real_json(path, doc)
        if point == "json" and Path(path).name == f"embeddings_epoch{epoch}.json":
            die()

    def record(run_dir, entries):
        done = entries.get(f"checkpoint_epoch{epoch}.npz", {}).get("sha256")
        if point == "exports" and done:
            die()
        return real_record(run_dir, entries)
    checkpoint.save, export.write_json, runs.record = save, write_json, record


def main(argv):
    split = argv.index("--")
    own, args = argv[:split], argv[split + 1:]
    opts = dict(zip(own[::2], own[1::2]))
    prepare.load_corpus = synthetic_corpus
    if "--signal-in-kernel" in opts:
        n, sig = opts["--signal-in-kernel"].split(":")
        on_kernel_call(int(n), lambda: os.kill(os.getpid(), getattr(signal, sig)))
    if "--sleep-in-kernel" in opts:
        n, seconds = opts["--sleep-in-kernel"].split(":")
        on_kernel_call(int(n), lambda: time.sleep(float(seconds)))
    if "--kill-after" in opts:
        point, epoch = opts["--kill-after"].split(":")
        kill_after(point, int(epoch))
    if "--kill-at-export" in opts:
        epoch, real = int(opts["--kill-at-export"]), export.export_checkpoint

        def export_or_die(run_dir, ckpt, *a, **k):
            if ckpt.epoch == epoch:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(run_dir, ckpt, *a, **k)
        export.export_checkpoint = export_or_die
    if "--file-size-limit" in opts:
        limit = int(opts["--file-size-limit"])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)     # then a write past it fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    print("driver ready", flush=True)
    return train.main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
