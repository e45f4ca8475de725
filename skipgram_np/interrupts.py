"""Ctrl-C and SIGTERM end a command with one clear line and an exit code, never a traceback.

A Numba kernel must not be interrupted by an exception raised in the middle of a call: Python
then reports "SystemError: ... returned a result with an exception set". So while a run trains,
the handlers only note the signal (``deferred``) and the training loop looks at the note between
two kernel calls, where stopping is safe. Everywhere else (``immediate``) a signal raises
Interrupted at once; temporary files are removed on the way out (files.atomic_writer).

Exit codes follow the shell's convention: 128 + the signal's number (130 for SIGINT, 143 for
SIGTERM).
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}


class Interrupted(KeyboardInterrupt):
    """A signal asked the program to stop. ``where`` is filled in by whoever knows what was
    saved, for the one line the command prints."""

    def __init__(self, signum: int = signal.SIGINT, where: str = ""):
        super().__init__(signum)
        self.signum, self.where = signum, where

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return NAMES.get(self.signum, f"signal {self.signum}")


class Pending:
    """The note a deferred handler leaves; ``check()`` raises Interrupted if there is one."""

    def __init__(self):
        self.signum = None

    def check(self) -> None:
        if self.signum is not None:
            raise Interrupted(self.signum)


@contextmanager
def _handlers(handler):
    if threading.current_thread() is not threading.main_thread():
        yield                                   # only the main thread may set handlers
        return
    old = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)


@contextmanager
def deferred():
    """Within: a signal is only noted; yields the Pending to check between kernel calls."""
    pending = Pending()

    def note(signum, frame):
        pending.signum = signum
    with _handlers(note):
        yield pending


@contextmanager
def immediate():
    """Within: SIGINT and SIGTERM raise Interrupted where the program is."""
    def stop(signum, frame):
        raise Interrupted(signum)
    with _handlers(stop):
        yield
