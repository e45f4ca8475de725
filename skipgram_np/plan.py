"""What a run will take, said before it takes it: its peak memory and its disk, from the vocabulary
and the settings, against what the machine has.

    tables      2 tables (W_in, W_out) × V words × d × planes × 4 bytes; planes = 3 for Adam (W and the
                moments m, v side by side, kernels_adam.py), 1 for SGD; twice with the control
    saving      a checkpoint copies the strided tables it writes: W_in, W_out, and for Adam m and v of
                both tables (state.npz), 6 × V × d × 4 bytes at most
    text        the token ids (4 bytes each), an epoch's subsampled copy, the control's shuffled copy,
                Adam's shuffled order (8 bytes per block)
    reading     the figures and the page after training hold every checkpoint's two tables, the
                control's too, and a unit copy of each table they compare (4 bytes a number)
    disk        every checkpoint (epoch 0 without W_out, all zero), state.npz twice (it is rewritten
                beside itself), the exports, the control's checkpoints and state, figures and page

Peak memory is the larger of training and reading, plus what Python, NumPy and Numba hold. What is
available: the smallest of the memory the kernel reports available (MemAvailable), a cgroup's limit,
an address-space limit (RLIMIT_AS) and $SKIPGRAM_NP_MEMORY (e.g. "4G": a limit a user or a test sets).
The estimate errs high; it is a plan, not an accounting.
"""
from __future__ import annotations

import os
import resource
import shutil
from dataclasses import dataclass
from pathlib import Path

from .config import Config

MEMORY_ENV = "SKIPGRAM_NP_MEMORY"
BASE = 400 * 2**20           # Python, NumPy, Numba and matplotlib, measured ~300 MB, rounded up
PAGE_BYTES = 9 * 2**20       # the explorer page (at most ~8 MB) and the figures
GB = 2**30


class PlanError(RuntimeError):
    """A run that would not fit; the message says what it needs, what there is, and what to change."""


def size(n: float) -> str:
    """Bytes as a person reads them: 812 MB, 27.3 GB."""
    return f"{n / GB:.1f} GB" if n >= GB else f"{max(1, round(n / 2**20)):,} MB"


def parse_size(text: str) -> int:
    """"4G", "500M", "2048" (bytes) -> bytes."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    text = text.strip().upper().removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(float(text))


@dataclass
class Plan:
    memory: int              # peak bytes
    disk: int                # bytes written (at most, at once)
    tables: int              # the training tables alone (for the message)
    words: int               # the vocabulary's size

    @classmethod
    def of(cls, cfg: Config, vocab_size: int, tokens: int, json_words: int | None, word2vec: str,
           control: bool) -> "Plan":
        V, d = vocab_size, cfg.dim
        planes = 3 if cfg.optimizer == "adam" else 1
        table = V * d * 4                                      # one (V, d) float32 table
        runs_ = 2 if control else 1
        tables = 2 * table * planes * runs_
        text = tokens * 4 * (3 if control else 2) + tokens // max(cfg.shuffle_block, 1) * 8
        training = tables + 6 * table + text + 2 * table        # + saving's copies + scoring's unit rows
        n_ckpt = len(cfg.checkpoint_epochs)
        reading = n_ckpt * runs_ * 2 * table * 2 + 512 * V * 4 * 2
        memory = BASE + max(training, reading)
        ckpts = (n_ckpt * 2 * table - table) * runs_            # epoch 0's W_out is stored as its shape
        state = (6 * table if cfg.optimizer == "adam" else 2 * table) * runs_ * 2
        words = min(json_words or V, V)
        exports = n_ckpt * words * d * 9                        # "-0.1234," per number
        vectors = (n_ckpt if word2vec == "checkpoints" else 0 if word2vec == "none" else 1) * V * d * 14
        return cls(memory, ckpts + state + exports + vectors + PAGE_BYTES, tables, V)


def available_memory() -> tuple[int, str]:
    """(bytes this process may still use, where that figure comes from)."""
    found = []
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    found.append((int(line.split()[1]) * 1024, "available on this machine"))
    except OSError:
        pass
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            limit = Path(path).read_text().strip()
            if limit.isdigit() and int(limit) < 2**60:
                found.append((int(limit), "this container's limit"))
        except OSError:
            pass
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        found.append((soft, "the address-space limit (ulimit -v)"))
    if os.environ.get(MEMORY_ENV):
        try:
            found.append((parse_size(os.environ[MEMORY_ENV]), f"${MEMORY_ENV}"))
        except ValueError:
            raise PlanError(f"${MEMORY_ENV} must be a size such as 4G or 500M, "
                            f"got {os.environ[MEMORY_ENV]!r}") from None
    return min(found) if found else (2**62, "unknown")


def free_disk(run_dir) -> int:
    """Free bytes where the run folder is (or would be made)."""
    where = Path(run_dir).resolve()
    while not where.exists() and where != where.parent:
        where = where.parent
    return shutil.disk_usage(where).free


def check(plan: Plan, cfg: Config, run_dir, control: bool, written: int = 0) -> str:
    """The plan line for the log, or PlanError when the run would not fit; ``written``: bytes of the
    run's files already on disk (a resumed run rewrites them in place)."""
    memory, source = available_memory()
    disk = free_disk(run_dir) + written
    if plan.memory > memory:
        fits = int(cfg.dim * (memory - BASE) / max(plan.memory - BASE, 1))
        adam = " × 3 (Adam keeps m and v beside each number)" if cfg.optimizer == "adam" else ""
        tables = (f"{'itself and its control, each with ' if control else ''}two tables of {plan.words:,} words × "
                  f"{cfg.dim:,} dimensions{adam}")
        change = (f"lower --dim (about {fits:,} would fit)" + (", or train without the control (--no-control)"
                                                               if control else "") if fits >= 10 else
                  f"even a small run needs ~{size(BASE)} for Python, NumPy and Numba: "
                  + (f"raise ${MEMORY_ENV}" if source == f"${MEMORY_ENV}" else "free some memory"))
        raise PlanError(f"this run would need about {size(plan.memory)} of memory at its peak (its tables alone "
                        f"{size(plan.tables)}: {tables}), and {size(memory)} is {source}: {change}; "
                        f"nothing was written")
    if plan.disk > disk:
        raise PlanError(f"this run would write about {size(plan.disk)} and {size(disk)} is free where {run_dir} is: "
                        f"free some space, lower --dim, save fewer --checkpoints or choose another --out; "
                        f"nothing was written")
    return (f"plan: at most ~{size(plan.memory)} of memory ({size(memory)} {source}), ~{size(plan.disk)} on disk "
            f"({size(disk)} free)")
