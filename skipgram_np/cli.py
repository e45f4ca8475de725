"""What the command-line tools share: errors in one line, and defaults shown in --help."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .interrupts import Interrupted, immediate

MODULE_PREFIX = "python -m skipgram_np."         # how each command names itself when run as a module


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the full usage is in --help), and a command started
    as ``skipgram-np NAME`` (or ``python -m skipgram_np NAME``) is called that in its usage and errors."""

    def __init__(self, *args, prog: str | None = None, **kwargs):
        if prog and prog.startswith(MODULE_PREFIX) and Path(sys.argv[0]).name in ("skipgram-np", "__main__.py"):
            prog = "skipgram-np " + prog[len(MODULE_PREFIX):]
        super().__init__(*args, prog=prog, **kwargs)

    def error(self, message):
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Show "(default: X)" for every option that has a real default (not None / off)."""

    def _get_help_string(self, action):
        if action.default in (None, False) or action.default == []:
            return action.help
        return super()._get_help_string(action)


def run(main, argv=None) -> int:
    """Call a command's ``main``; Ctrl-C or SIGTERM ends it with one line and 130 / 143; a reader
    that stops reading (``query … | head``) ends it quietly, as a shell tool does."""
    try:
        with immediate():
            return main(argv)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)        # no second error when Python flushes stdout
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Interrupted as exc:
        print(f"stopped by {exc.name}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("stopped by Ctrl-C", file=sys.stderr)
        return 130
