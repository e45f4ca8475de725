"""What the command-line tools share: errors in one line, and defaults shown in --help."""
from __future__ import annotations

import argparse
import sys


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the full usage is in --help)."""

    def error(self, message):
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Show "(default: X)" for every option that has a real default (not None / off)."""

    def _get_help_string(self, action):
        if action.default in (None, False) or action.default == []:
            return action.help
        return super()._get_help_string(action)
