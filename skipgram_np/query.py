"""The query command: ask every checkpoint of a run the same question, side by side.

    python -m skipgram_np.query RUN_DIR similarity king queen
    python -m skipgram_np.query RUN_DIR neighbors france
    python -m skipgram_np.query RUN_DIR analogy king man woman [--method mul]

The maths is embeddings.py's (gensim KeyedVectors' conventions); each answer comes with its
epoch's chance level (baseline.py, epochs.py).
"""
from __future__ import annotations

import argparse
import sys

from .baseline import N_PAIRS, Baseline, not_spread_out
from .cli import Parser, run
from .embeddings import VECTORS, UnknownWordError
from .epochs import moved, similarity_rows, stable_since
from .runs import RunError, embeddings_by_epoch


def _format_row(items, width=24):
    return "".join(f"{x:<{width}}" for x in items)


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {n}")
    return n


def main(argv=None) -> int:
    p = Parser(prog="python -m skipgram_np.query",
               description="Ask every checkpoint of a run the same question, side by side.")
    p.add_argument("run_dir", help="a training run folder (--out of skipgram_np.train)")
    p.add_argument("--vectors", choices=sorted(VECTORS), default="in",
                   help="which vectors: W_in (default), W_out, or their normalised sum")
    sub = p.add_subparsers(dest="command", required=True)
    vectors_too = dict(choices=sorted(VECTORS), default=argparse.SUPPRESS,   # also after the command
                       help="which vectors (as before the command)")
    s = sub.add_parser("similarity", help="cosine similarity of two words, with each epoch's "
                                          "random-pair baseline and the neighbour ranks")
    s.add_argument("a")
    s.add_argument("b")
    s.add_argument("--vectors", **vectors_too)
    s = sub.add_parser("neighbors", help="nearest words by cosine")
    s.add_argument("word")
    s.add_argument("--topn", type=positive_int, default=10, help="how many neighbours")
    s.add_argument("--vectors", **vectors_too)
    s = sub.add_parser("analogy", help="A - B + C = ?  (king man woman -> queen)")
    s.add_argument("a")
    s.add_argument("b")
    s.add_argument("c")
    s.add_argument("--topn", type=positive_int, default=5, help="how many answers")
    s.add_argument("--method", choices=("add", "mul"), default="add", help="3CosAdd or 3CosMul")
    s.add_argument("--vectors", **vectors_too)
    args = p.parse_args(argv)
    try:
        runs = embeddings_by_epoch(args.run_dir, args.vectors)
        epochs = sorted(runs)
        n_words = len(runs[epochs[0]].words)
        table = VECTORS[args.vectors]
        if args.command == "similarity":
            rows = similarity_rows(runs, args.a, args.b)
            a, b = runs[epochs[0]].words[runs[epochs[0]].id(args.a)], runs[epochs[0]].words[runs[epochs[0]].id(args.b)]
            if a == b:
                print(f"{a} and {b} are the same word: its cosine with itself is 1 at every epoch.")
                return 0
            print(f"{a} · {b} in {table}; each epoch's baseline: {N_PAIRS:,} random pairs of its "
                  f"{n_words:,} words")
            print(f"{'epoch':>5}  {'cosine':>7}   {'random pairs: median [5% .. 95%]':<33}"
                  f"{'above':>8}  {f'{b} among {a}':>20}  {f'{a} among {b}':>20}")
            for r in rows:
                if r["zero"]:
                    print(f"{r['epoch']:>5}  {table} is all zero at this epoch: no directions yet")
                    continue
                band = f"{r['median']:+.3f} [{r['p5']:+.3f} .. {r['p95']:+.3f}]"
                print(f"{r['epoch']:>5}  {r['cos']:+.4f}   {band:<33}{r['percentile']:7.2f}%  "
                      f"{'no. ' + format(r['rank_ab'], ','):>20}  {'no. ' + format(r['rank_ba'], ','):>20}")
            live = [r for r in rows if not r["zero"]]
            if len(live) > 1:
                first, last = live[0], live[-1]
                print(f"From epoch {first['epoch']} to {last['epoch']} the cosine "
                      f"{moved(first['cos'], last['cos'], '+.3f')}; its place among random pairs "
                      f"{moved(first['percentile'], last['percentile'], '.1f', '%')}, and {b}'s rank "
                      f"among {a}'s neighbours went from no. {first['rank_ab']:,} to no. "
                      f"{last['rank_ab']:,}.")
                peak = max(live, key=lambda r: r["median"])
                if peak is not last and f"{peak['median']:+.3f}" != f"{last['median']:+.3f}":
                    print(f"Random pairs' median cosine peaked at {peak['median']:+.3f} (epoch "
                          f"{peak['epoch']}) and is {last['median']:+.3f} at epoch {last['epoch']}: "
                          f"as training spreads words apart every cosine shrinks, so compare "
                          f"epochs by the percentile and the ranks, not by the raw cosine.")
                else:
                    print(f"Random pairs' median cosine went from {first['median']:+.3f} to "
                          f"{last['median']:+.3f}; the percentile and the ranks compare epochs "
                          f"against that moving baseline.")
            note = not_spread_out(live[-1]["epoch"], live[-1]["median"], "these numbers") if live else None
            if note:
                print("Note: " + note)
            return 0
        if args.command == "neighbors":
            zero = {e for e in epochs if not runs[e].unit.any()}         # W_out before training
            answers = {e: [] if e in zero else runs[e].neighbors(args.word, args.topn) for e in epochs}
            bases = {e: Baseline.of(runs[e].unit) for e in epochs if e not in zero}
            print(f"neighbours of '{args.word}' in {table} (cosine, and above how many of "
                  f"{N_PAIRS:,} random pairs of that epoch)")
            print(_format_row([f"epoch {e}" for e in epochs]))
            if zero:
                print(_format_row(["(all zero: none)" if e in zero else "" for e in epochs]))
            for rank in range(max(len(a) for a in answers.values())):
                print(_format_row([f"{answers[e][rank][0]} {answers[e][rank][1]:.2f} "
                                   f"{bases[e].percentile(answers[e][rank][1]):.1f}%"
                                   if rank < len(answers[e]) else "" for e in epochs]))
            if zero:
                print(f"{table} is all zero at epoch {', '.join(map(str, sorted(zero)))}: it starts at 0, "
                      f"so no word has a direction, and no neighbours, yet.")
            note = (not_spread_out(epochs[-1], bases[epochs[-1]].quantile(0.5), "these neighbours")
                    if epochs[-1] not in zero else None)
            if note:
                print("Note: " + note)
            since = stable_since(runs, args.word, min(args.topn, 10))
            print(f"top {min(args.topn, 10)} unchanged (as a set) since epoch {since}" if since is not None
                  else f"top {min(args.topn, 10)} still changing at epoch {epochs[-1]}")
            return 0
        answers = {e: runs[e].analogy(args.a, args.b, args.c, args.topn, args.method) for e in epochs}
        print(f"{args.a} - {args.b} + {args.c} = ?  ({'3CosAdd' if args.method == 'add' else '3CosMul'}, {table})")
        print(_format_row([f"epoch {e}" for e in epochs]))
        for rank in range(max(len(a) for a in answers.values())):
            print(_format_row([f"{answers[e][rank][0]} {answers[e][rank][1]:.3f}"
                               if rank < len(answers[e]) else "" for e in epochs]))
        return 0
    except (UnknownWordError, RunError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(run(main))
