"""The skipgram-np command: one program, the package's commands as its subcommands.

    skipgram-np train [options]            python -m skipgram_np.train [options]
    skipgram-np query RUN neighbors king   python -m skipgram_np.query RUN neighbors king
    skipgram-np evaluate | figures | explore RUN ...
    skipgram-np --version

(``pip install -e .`` puts ``skipgram-np`` on the PATH; ``python -m skipgram_np SUBCOMMAND`` is the
same program.) Each subcommand is its module's ``main``, imported when asked for: a command loads
only what it needs.
"""
from __future__ import annotations

import importlib
import sys
from importlib.metadata import PackageNotFoundError, version

from .cli import run

COMMANDS = {"train": "train the model (and its control), then draw the figures and write the page",
            "query": "ask every checkpoint of a run: similarity, neighbors, analogy",
            "evaluate": "score a run on the Google analogies and WordSim-353",
            "figures": "draw a run's figures and write its report",
            "explore": "write (and serve) a run's explorer page"}


def package_version() -> str:
    try:
        return version("skipgram_np")
    except PackageNotFoundError:          # run from a checkout that was never installed
        return "unknown (not installed)"


def usage() -> str:
    return ("usage: skipgram-np {" + ",".join(COMMANDS) + "} ... | --version\n\n"
            + "\n".join(f"  {name:<9} {what}" for name, what in COMMANDS.items())
            + "\n\nskipgram-np NAME --help shows a command's options.")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    if argv[0] == "--version":
        print(f"skipgram-np {package_version()}")
        return 0
    if argv[0] not in COMMANDS:
        print(f"skipgram-np: error: no command {argv[0]!r}: choose one of {', '.join(COMMANDS)} "
              f"(skipgram-np --help)", file=sys.stderr)
        return 2
    command = importlib.import_module(f"skipgram_np.{argv[0]}")    # lazy: only the command asked for
    return run(command.main, argv[1:])


if __name__ == "__main__":
    sys.exit(main())
