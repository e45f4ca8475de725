"""What every lesson needs: its command-line flags, the corpus, a place for figures.

Each lesson runs as  python lessons/NN_name.py [--data-dir DIR] [--quick] [--figures DIR]
  --data-dir  a folder with the three WikiText-2 files (otherwise they are downloaded and cached)
  --quick     a small slice of the corpus and fewer epochs: seconds instead of a minute
  --figures   where to save figures (default figures/lessons/ in the repository)
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUICK_TOKENS = 60_000


def parse(doc: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=doc.strip().split("\n")[0])
    p.add_argument("--data-dir", default=os.environ.get("SKIPGRAM_NP_DATA_DIR"),
                   help="folder with wiki.{train,valid,test}.tokens (default: download and cache)")
    p.add_argument("--quick", action="store_true", help="a small slice, for a fast check")
    p.add_argument("--figures", default=str(REPO / "figures" / "lessons"), help="folder for figures")
    p.add_argument("--runs", default=str(REPO / "runs" / "lessons"), help="folder for training runs")
    args = p.parse_args()
    Path(args.figures).mkdir(parents=True, exist_ok=True)
    return args


def wikitext_lines(args) -> list[str]:
    """The raw lines of train + valid + test, in that order."""
    from skipgram_np import corpus, data
    paths = data.wikitext2_files(data_dir=args.data_dir)
    return corpus.read_lines([paths[s] for s in data.SPLITS])


def load_corpus(args, min_count: int = 5, max_tokens: int | None = None):
    from skipgram_np.corpus import build_corpus
    if args.quick and max_tokens is None:
        max_tokens = QUICK_TOKENS
    return build_corpus(wikitext_lines(args), min_count, max_tokens)


def save(fig, args, name: str) -> Path:
    path = Path(args.figures) / name
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"[figure] {path}")
    return path


def section(title: str) -> None:
    print(f"\n=== {title} " + "=" * max(0, 70 - len(title)))


def plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot
    return pyplot
