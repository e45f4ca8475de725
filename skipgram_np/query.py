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

from . import control
from .baseline import N_PAIRS, Baseline, not_spread_out
from .chance import QUANTILE, RANKS, VERDICTS
from .cli import Parser, run
from .config import PAGE_WORDS
from .embeddings import VECTORS, UnknownWordError
from .epochs import moved, neighbours_with_chance, similarity_rows, stable_since
from .runs import RunError, chance_levels, embeddings_by_epoch, load_control, load_run


def _epochs_are(epochs) -> str:
    return f"epoch {epochs[0]} is." if len(epochs) == 1 else f"epochs {', '.join(map(str, epochs))} are."


RARE = 50            # a neighbour seen fewer times than this is called rare (and --min-count 50 suggested)
LEVEL = f"{QUANTILE:.1%}"


def _format_row(items, width=24):
    return "".join(f"{x:<{width}}" for x in items)


def among_words(n_words: int, among: int | None) -> str:
    """What a rank or list is among: "all 22,080 words" or "the page's 5,000 words (8-bit rows)"."""
    if among is None:
        return f"all {n_words:,} words"
    return f"the {n_words:,} most frequent words, from the explorer page's 8-bit copy of the vectors"


def print_neighbours(runs: dict, word: str, topn: int, min_count: int, table: str, chance, no_control: str) -> int:
    """The neighbours of ``word`` at every checkpoint, each against the control's r-th nearest
    word at the same epoch (chance.NeighbourChance), with its corpus count."""
    epochs = sorted(runs)
    first = runs[epochs[0]]
    shown = first.words[first.id(word)]
    if min_count > 1 and first.counts is None:
        raise ValueError("--min-count needs the words' corpus counts, and this vectors file has none")
    among = len(first.among(min_count))
    if among < 2:
        verb = "word of the vocabulary is" if among == 1 else "words of the vocabulary are"
        raise ValueError(f"only {among} {verb} seen {min_count:,} times or more (the most frequent, "
                         f"'{first.words[0]}', {int(first.counts[0]):,} times): lower --min-count")
    print(f"neighbours of '{shown}' in {table}, among {among:,} words"
          + (f" (those seen at least {min_count:,} times)" if min_count > 1 else f" (all of {len(first.words):,})"))
    if chance is None:
        print(f"note: {no_control}")
    else:
        print(f"chance: the control (the same training on the same words shuffled) at the same epoch: the cosine of "
              f"the r-th nearest word of its words of '{shown}''s frequency, median [5 % .. 95 %]; "
              f"{VERDICTS[True]}: closer than {LEVEL} of them")
    found = {}
    for e in epochs:
        emb = runs[e]
        if not emb.unit.any():                                    # W_out before training
            print(f"\nepoch {e}: (all zero: none)")
            continue
        near = chance.neighbours(e, min_count) if chance is not None else None
        found[e] = ours = neighbours_with_chance(emb, word, topn, min_count, near)
        head = f"\nepoch {e}" + ("" if e else " (untrained: the control's tables too)" if near else " (untrained)")
        if near is not None:
            i = emb.id(word)
            b = near.spread(i)
            head += (f": chance for the nearest {b[0, 1]:.3f} [{b[0, 0]:.3f} .. {b[0, 2]:.3f}], line "
                     f"{near.line_at(i, 1):.3f}; for the {len(b)}th {b[-1, 1]:.3f} [{b[-1, 0]:.3f} .. {b[-1, 2]:.3f}], "
                     f"line {near.line_at(i, len(b)):.3f}")
        print(head)
        width = max(len(w) for w, *_ in ours["neighbours"]) + 2
        for r, (w, cos, count, beyond) in enumerate(ours["neighbours"], 1):
            verdict = "" if beyond is None else VERDICTS[beyond]
            seen = "" if count is None else f"seen {count:,} times"
            print(f"  {r:>3}  {w:<{width}}{cos:.3f}  {verdict:<16}{seen}".rstrip())
    zero = [e for e in epochs if e not in found]
    if zero:
        print(f"\n{table} is all zero at epoch {', '.join(map(str, zero))}: it starts at 0, so no word has "
              f"a direction, and no neighbours, yet.")
    if found:
        print()
        for e, ours in found.items():
            if ours["beyond"] is None:
                continue
            n = min(len(ours["neighbours"]), RANKS)
            print(f"epoch {e}: {ours['beyond']} of the {n} nearest are {VERDICTS[True]}" + (
                  " (at epoch 0 the run is its control: 1 in 1,000 crosses the line by chance)" if e == 0 else ""))
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
    if len(epochs) > 1:                                # one table (a vectors file): no history to tell
        since = stable_since(runs, word, min(topn, 10), min_count)
        print(f"top {min(topn, 10)} unchanged (as a set) since epoch {since}" if since is not None
              else f"top {min(topn, 10)} still changing at epoch {epochs[-1]}")
    return 0


def print_similarity(runs: dict, a: str, b: str, table: str, chance, no_control: str, what: str) -> int:
    """cos(a, b) at every checkpoint with its random-pair baseline, percentile, ranks, the
    control's cosine and the verdict (epochs.similarity_rows), then sentences computed from them."""
    epochs = sorted(runs)
    rows = similarity_rows(runs, a, b, chance)
    first = runs[epochs[0]]
    a, b = first.words[first.id(a)], first.words[first.id(b)]
    if a == b:
        print(f"{a} and {b} are the same word: its cosine with itself is 1 at every epoch.")
        return 0
    print(f"{a} · {b} in {table}, among {what}; each epoch's baseline: {N_PAIRS:,} random pairs of them")
    print(f"{'epoch':>5}  {'cosine':>7}  {'control':>7}   {'random pairs: median [5% .. 95%]':<33}"
          f"{'above':>8}  {f'{b} among {a}':>20}  {f'{a} among {b}':>20}")
    for r in rows:
        if r["zero"]:
            print(f"{r['epoch']:>5}  {table} is all zero at this epoch: no directions yet")
            continue
        band = f"{r['median']:+.3f} [{r['p5']:+.3f} .. {r['p95']:+.3f}]"
        ctl = "" if r["control_cos"] is None else f"{r['control_cos']:+.4f}"
        print(f"{r['epoch']:>5}  {r['cos']:+.4f}  {ctl:>7}   {band:<33}{r['percentile']:7.2f}%  "
              f"{'no. ' + format(r['rank_ab'], ','):>20}  {'no. ' + format(r['rank_ba'], ','):>20}"
              + ("  related" if r["related"] else ""))
    live = [r for r in rows if not r["zero"]]
    if chance is None:
        print(f"note: {no_control}")
    else:
        print(f"'related': closer than {LEVEL} of the control's random pairs of the same frequencies at that epoch, "
              f"or one word among the other's 10 nearest and {VERDICTS[True]} at its rank (the control's own pairs "
              f"earn it about once in 1,000); " + ("no epoch is." if not any(r["related"] for r in live) else
                                                  _epochs_are([r["epoch"] for r in live if r["related"]])))
    if len(live) > 1:
        first, last = live[0], live[-1]
        print(f"From epoch {first['epoch']} to {last['epoch']} the cosine "
              f"{moved(first['cos'], last['cos'], '+.3f')}"
              + (f" (the control's {moved(first['control_cos'], last['control_cos'], '+.3f')})"
                 if last["control_cos"] is not None else "")
              + f"; its place among random pairs {moved(first['percentile'], last['percentile'], '.1f', '%')}, "
              f"and {b}'s rank among {a}'s neighbours went from no. {first['rank_ab']:,} to no. {last['rank_ab']:,}.")
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


def print_analogy(runs: dict, a: str, b: str, c: str, topn: int, method: str, table: str, controls: dict | None,
                  no_control: str) -> int:
    """The answers to a − b + c at every checkpoint, and the control's first answer beside each."""
    epochs = sorted(runs)
    answers = {e: runs[e].analogy(a, b, c, topn, method) for e in epochs}
    print(f"{a} - {b} + {c} = ?  ({'3CosAdd' if method == 'add' else '3CosMul'}, {table})")
    print(_format_row([f"epoch {e}" for e in epochs]))
    for rank in range(max(len(x) for x in answers.values())):
        print(_format_row([f"{answers[e][rank][0]} {answers[e][rank][1]:.3f}"
                           if rank < len(answers[e]) else "" for e in epochs]))
    if controls is None:
        print(f"note: {no_control}")
        return 0
    theirs = {e: controls[e].analogy(a, b, c, 1, method) for e in epochs if controls[e].unit.any()}
    print(_format_row([f"{theirs[e][0][0]} {theirs[e][0][1]:.3f}" if theirs.get(e) else "" for e in epochs])
          + "  <- the control's first answer (chance)")
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
    p.add_argument("--control", action="store_true",
                   help="ask the run's control instead (the same training on the same words shuffled)")
    p.add_argument("--among", type=positive_int, default=None, metavar="N",
                   help=f"among the N most frequent words only, from the explorer page's 8-bit copy of the "
                        f"vectors: what the page answers itself (it holds {PAGE_WORDS:,})")
    args = p.parse_args(argv)
    try:
        ckpts = load_run(args.run_dir)
        controls = load_control(args.run_dir, ckpts)
        no_control = control.missing(args.run_dir)
        if args.control:
            if controls is None:
                raise RunError(no_control)
            ckpts, no_control = controls, "the control judged against itself: the same words shuffled"
        runs = embeddings_by_epoch(args.run_dir, args.vectors, args.among, ckpts)
        chance = chance_levels(args.run_dir, ckpts, args.vectors, args.among, controls)
        epochs = sorted(runs)
        table = VECTORS[args.vectors] + (" of the control" if args.control else "")
        what = among_words(len(runs[epochs[0]].words), args.among)
        if args.command == "similarity":
            return print_similarity(runs, args.a, args.b, table, chance, no_control, what)
        if args.command == "neighbors":
            return print_neighbours(runs, args.word, args.topn, args.min_count, table, chance, no_control)
        theirs = None if chance is None else chance.controls
        return print_analogy(runs, args.a, args.b, args.c, args.topn, args.method, table, theirs, no_control)
    except (UnknownWordError, RunError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(run(main))
