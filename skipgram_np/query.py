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

from .baseline import N_NOISE_WORDS, N_PAIRS, Baseline, not_spread_out
from .cli import Parser, run
from .config import PAGE_WORDS
from .embeddings import VECTORS, UnknownWordError
from .epochs import CHANCE_WORDS, moved, neighbours_with_chance, similarity_rows, stable_since
from .runs import RunError, embeddings_by_epoch


def _epochs_are(epochs) -> str:
    return f"epoch {epochs[0]} is." if len(epochs) == 1 else f"epochs {', '.join(map(str, epochs))} are."


RARE = 50            # a neighbour seen fewer times than this is called rare (and --min-count 50 suggested)


def _format_row(items, width=24):
    return "".join(f"{x:<{width}}" for x in items)


def print_neighbours(runs: dict, word: str, topn: int, min_count: int, table: str) -> int:
    """The neighbours of ``word`` at every checkpoint, each against the chance level of a
    neighbour of its rank (epochs.neighbours_with_chance), with its corpus count."""
    epochs = sorted(runs)
    first = runs[epochs[0]]
    shown = first.words[first.id(word)]
    among = len(first.among(min_count))
    if among < 2:
        verb = "word of the vocabulary is" if among == 1 else "words of the vocabulary are"
        raise ValueError(f"only {among} {verb} seen {min_count:,} times or more (the most frequent, "
                         f"'{first.words[0]}', {int(first.counts[0]):,} times): lower --min-count")
    print(f"neighbours of '{shown}' in {table}, among {among:,} words"
          + (f" (those seen at least {min_count:,} times)" if min_count > 1 else " (all of the vocabulary)"))
    print(f"chance: the same rank's neighbour among {N_NOISE_WORDS:,} words of noise shaped like that epoch's "
          f"table, median [5 % .. 95 %]; {CHANCE_WORDS['beyond']}: closer than noise ever put one")
    found = {}
    for e in epochs:
        emb = runs[e]
        if not emb.unit.any():                                    # W_out before training
            print(f"\nepoch {e}: (all zero: none)")
            continue
        found[e] = ours = neighbours_with_chance(emb, word, topn, min_count)
        q = ours["chance"].quantiles
        print(f"\nepoch {e}{' (untrained)' if e == 0 else ''}: chance for the nearest {q[0, 1]:.3f} "
              f"[{q[0, 0]:.3f} .. {q[0, 2]:.3f}], for the {len(q)}th {q[-1, 1]:.3f} [{q[-1, 0]:.3f} .. "
              f"{q[-1, 2]:.3f}]")
        width = max(len(w) for w, *_ in ours["neighbours"]) + 2
        for r, (w, cos, count, verdict) in enumerate(ours["neighbours"], 1):
            print(f"  {r:>3}  {w:<{width}}{cos:.3f}  {CHANCE_WORDS[verdict]:<22}seen {count:,} times")
    zero = [e for e in epochs if e not in found]
    if zero:
        print(f"\n{table} is all zero at epoch {', '.join(map(str, zero))}: it starts at 0, so no word has "
              f"a direction, and no neighbours, yet.")
    if found:
        print()
        for e, ours in found.items():
            n = min(len(ours["neighbours"]), len(ours["chance"].top))
            nearest = ours["neighbours"][0][1] if ours["neighbours"] else float("nan")
            print(f"epoch {e}: {ours['beyond']} of the {n} nearest are {CHANCE_WORDS['beyond']}; the nearest is "
                  f"{nearest - ours['chance'].quantiles[0, 1]:+.3f} from chance's median for a nearest neighbour")
        last = found[max(found)]
        rare = [w for w, _, count, _ in last["neighbours"] if count is not None and count < RARE]
        if rare and min_count < RARE:
            shown = ", ".join(rare[:4]) + (", …" if len(rare) > 4 else "")
            print(f"{len(rare)} of the last epoch's list {'is' if len(rare) == 1 else 'are'} seen fewer than {RARE} "
                  f"times ({shown}): a rare word gets few updates and keeps much of where its "
                  f"few contexts put it; --min-count {RARE} leaves such words out")
        note = not_spread_out(max(found), Baseline.of(runs[max(found)].unit).quantile(0.5), "these neighbours")
        if note:
            print("Note: " + note)
    since = stable_since(runs, word, min(topn, 10), min_count)
    print(f"top {min(topn, 10)} unchanged (as a set) since epoch {since}" if since is not None
          else f"top {min(topn, 10)} still changing at epoch {epochs[-1]}")
    return 0


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
    s.add_argument("--min-count", type=positive_int, default=1,
                   help="only neighbours seen at least this many times in the corpus (rare words get "
                        "few updates and crowd the top of a list)")
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
                      f"{'no. ' + format(r['rank_ab'], ','):>20}  {'no. ' + format(r['rank_ba'], ','):>20}"
                      + ("  related" if r["related"] else ""))
            live = [r for r in rows if not r["zero"]]
            print(f"Ranks are among all {n_words:,} words" + (
                f"; the explorer page ranks among its {PAGE_WORDS:,}: {b} is {a}'s no. "
                f"{live[-1]['rank_ab_page']:,} there at epoch {live[-1]['epoch']}"
                if live and n_words > PAGE_WORDS and live[-1]["rank_ab_page"] else "")
                  + f". 'related': closer than all {N_PAIRS:,} random pairs of its epoch, or among the other's 10 "
                    f"nearest and beyond chance at that rank (noise earns neither); "
                  + ("no epoch is." if not any(r["related"] for r in live) else
                     _epochs_are([r["epoch"] for r in live if r["related"]])))
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
            return print_neighbours(runs, args.word, args.topn, args.min_count, table)
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
