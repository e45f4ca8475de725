"""Ask a trained table questions: similarity, neighbours, analogies (gensim KeyedVectors' conventions).

    cos(a, b) = a·b / (|a| |b|)
    most_similar(positive=P, negative=N): rank every word w by cos(w, m), where
        m = Σ_{p∈P} â_p − Σ_{n∈N} â_n   (â: unit vectors), question words excluded    (3CosAdd)
    analogy(a, b, c): "a − b + c", e.g. analogy("king", "man", "woman") -> "queen"
        3CosAdd: argmax_w cos(w, a) − cos(w, b) + cos(w, c)
        3CosMul: argmax_w cos'(w, a) · cos'(w, c) / (cos'(w, b) + 1e-3),  cos' = (1 + cos) / 2
        (Levy & Goldberg, 2014); the Google set's "a b c d" asks analogy(b, a, c) = d.

Which vectors: W_in rows by default (the centre words' table, what word2vec.c and gensim export),
W_out rows (the context table), or their normalised sum v̂ + û; normalised once when the object is
made.
"""
from __future__ import annotations

import argparse
import difflib

import numpy as np


class UnknownWordError(KeyError):
    """A word not in the vocabulary; the message names it and suggests close entries."""

    def __init__(self, word: str, suggestions: list[str]):
        self.word, self.suggestions = word, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"'{word}' is not in the vocabulary.{hint}")

    def __str__(self) -> str:
        return self.args[0]


VECTORS = {"in": "W_in", "out": "W_out", "sum": "W_in + W_out (rows normalised, then added)"}


def unit_rows(W: np.ndarray) -> np.ndarray:
    """Each row divided by its length (an all-zero row stays zero)."""
    W = np.asarray(W, dtype=np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", W, W))[:, None]     # (faster than linalg.norm)
    return W / np.maximum(norms, 1e-12)


def vectors_of(ckpt, which: str = "in") -> np.ndarray:
    """The table a checkpoint's words are compared in: "in" (W_in), "out" (W_out) or "sum"
    (v̂ + û, each row normalised first so that neither table dominates)."""
    if which == "in":
        return ckpt.W_in
    if which == "out":
        return ckpt.W_out
    if which == "sum":
        return unit_rows(ckpt.W_in) + unit_rows(ckpt.W_out)
    raise ValueError(f"vectors must be one of {', '.join(VECTORS)}, got {which!r}")


class Embeddings:
    def __init__(self, words, vectors):
        self.words = list(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.unit = unit_rows(vectors)                           # (V, d), rows of length 1

    @classmethod
    def from_checkpoint(cls, ckpt, vectors: str = "in") -> "Embeddings":
        return cls(ckpt.vocab.words, vectors_of(ckpt, vectors))

    def id(self, word: str) -> int:
        i = self.index.get(word)
        if i is None:
            i = self.index.get(word.lower())
        if i is None:
            raise UnknownWordError(word, self.suggest(word))
        return i

    def suggest(self, word: str, n: int = 5) -> list[str]:
        """Close vocabulary entries by spelling (difflib), frequent words first on ties."""
        head = self.words[:20000]
        return difflib.get_close_matches(word.lower(), head, n=n, cutoff=0.75)

    def similarity(self, a: str, b: str) -> float:
        return float(self.unit[self.id(a)] @ self.unit[self.id(b)])

    def _top(self, scores: np.ndarray, exclude, topn: int):
        scores = scores.astype(np.float64)
        scores[list(exclude)] = -np.inf
        topn = min(topn, int(np.isfinite(scores).sum()))
        best = np.argpartition(-scores, topn - 1)[:topn] if topn else np.array([], int)
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.words[i], float(scores[i])) for i in best]

    def most_similar(self, positive=(), negative=(), topn: int = 10, restrict: int | None = None):
        """3CosAdd neighbours of Σ positive − Σ negative (unit vectors), question words excluded."""
        if isinstance(positive, str):
            positive = [positive]
        if isinstance(negative, str):
            negative = [negative]
        ids_pos = [self.id(w) for w in positive]
        ids_neg = [self.id(w) for w in negative]
        if not ids_pos and not ids_neg:
            raise ValueError("most_similar needs at least one word")
        mean = self.unit[ids_pos].sum(0) - self.unit[ids_neg].sum(0)
        mean /= max(np.linalg.norm(mean), 1e-12)
        table = self.unit if restrict is None else self.unit[:restrict]
        return self._top(table @ mean, set(ids_pos + ids_neg), topn)

    def neighbors(self, word: str, topn: int = 10):
        return self.most_similar(positive=[word], topn=topn)

    def analogy(self, a: str, b: str, c: str, topn: int = 5, method: str = "add",
                restrict: int | None = None):
        """Words nearest a − b + c by 3CosAdd (``"add"``) or 3CosMul (``"mul"``)."""
        if method == "add":
            return self.most_similar(positive=[a, c], negative=[b], topn=topn, restrict=restrict)
        if method != "mul":
            raise ValueError(f"method must be 'add' or 'mul', got {method!r}")
        ia, ib, ic = self.id(a), self.id(b), self.id(c)
        table = self.unit if restrict is None else self.unit[:restrict]
        cos = (table @ self.unit[[ia, ib, ic]].T + 1.0) / 2.0      # (V, 3), shifted to [0, 1]
        scores = cos[:, 0] * cos[:, 2] / (cos[:, 1] + 1e-3)
        return self._top(scores, {ia, ib, ic}, topn)


# ----------------------------------------------------------------------------------- command line
def _format_row(items, width=24):
    return "".join(f"{x:<{width}}" for x in items)


def moved(x: float, y: float, fmt: str, unit: str = "") -> str:
    """"rose (X -> Y)", "fell (X -> Y)" or "stayed at X", judged on the numbers as printed."""
    a, b = format(x, fmt) + unit, format(y, fmt) + unit
    return f"stayed at {a}" if a == b else f"{'rose' if y > x else 'fell'} ({a} -> {b})"


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
    import sys

    from . import query as package_query   # under -m this file is __main__, a second copy
    from .baseline import N_PAIRS, Baseline, not_spread_out
    from .cli import Parser
    from .epochs import similarity_rows, stable_since
    from .runs import RunError, embeddings_by_epoch
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
    except (package_query.UnknownWordError, RunError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    from skipgram_np.cli import run
    raise SystemExit(run(main))
