"""Compile the Numba kernels before anything is timed, and on a first run while the corpus downloads.

Numba compiles a kernel the first time it is called and caches the machine code on disk
(``cache=True``). A run's first epoch would otherwise include seconds of compiling, so the training
command compiles every kernel it will use up front: on a tiny made-up corpus, which gives the
kernels the same argument types as the real run. On a machine's first run that work happens in a
child process (``BackgroundCompile``) while the corpus is downloaded and encoded (two cores: the two
overlap); the run then loads the kernels from the cache the child filled. The run's own compiling
(or loading) happens in a daemon thread that the main thread waits for, so Ctrl-C stops the command
at once even in the middle of a cold compile (LLVM holds the main thread for seconds otherwise).
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import signal
import threading
import time

from .config import Config
from .corpus import build_corpus
from .analogy_kernel import compile_analogy_kernel
from .trainer import Trainer


def warm_kernels(cfg: Config, scoring: bool = False, training: bool = True) -> float:
    """Compile (or load from Numba's cache) every kernel a run of ``cfg`` uses (``training``: the
    optimizer's, ``scoring``: the analogy kernel). -> seconds."""
    t0 = time.perf_counter()
    if training:
        tiny = build_corpus(["a b c d e f g h"] * 4, 1)
        Trainer(dataclasses.replace(cfg, dim=4, min_count=1, max_tokens=None), tiny).compile_kernels()
    if scoring:
        compile_analogy_kernel()
    return time.perf_counter() - t0


class BackgroundCompile:
    """warm_kernels in a child process. The child fills Numba's on-disk cache; the run then loads
    the kernels from it. A failed child only means the run compiles itself."""

    def __init__(self, cfg: Config, scoring: bool, training: bool = True):
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
    signal.signal(signal.SIGINT, signal.SIG_IGN)         # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)        # and stop() just ends the child
    seconds.value = warm_kernels(cfg, scoring, training)


def in_thread(work) -> None:
    """Run ``work`` in a daemon thread while the main thread waits, a tenth of a second at a time:
    a signal then reaches the main thread's handler at once (interrupts.py), and the program can
    end without waiting for a compile to finish. An error in ``work`` is raised here."""
    failed = []

    def run():
        try:
            work()
        except BaseException as exc:               # handed to the main thread
            failed.append(exc)
    worker = threading.Thread(target=run, name="compile", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    if failed:
        raise failed[0]


def compile_all(cfg: Config, scoring: bool, background: BackgroundCompile | None, log=print) -> None:
    """Every kernel a run of ``cfg`` uses, ready before the first epoch: the training kernels (from
    the cache ``background`` filled, when it was started), and with ``scoring`` the analogy kernel
    (compiled in a child on the other core meanwhile, when nothing compiled in the background)."""
    t0 = time.perf_counter()
    alongside = BackgroundCompile(cfg, scoring=True, training=False) if background is None and scoring else None
    try:
        compiled = background.wait() if background is not None else -1.0
        in_thread(lambda: warm_kernels(cfg, training=True))
        if alongside is not None:
            alongside.wait()
        if scoring:
            in_thread(compile_analogy_kernel)      # from the cache the child filled (or compiled here)
    finally:
        if alongside is not None:
            alongside.stop()
    seconds = time.perf_counter() - t0
    if compiled > 1.0:
        log(f"compiled the Numba kernels in {compiled:.1f} s, in the background while the corpus "
            f"was prepared (cached for later runs); waited {seconds:.1f} s for them")
    elif seconds > 1.0:
        log(f"compiled the Numba kernels in {seconds:.1f} s (cached for later runs)")
