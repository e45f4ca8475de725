"""Standard intrinsic evaluations, scored as gensim scores them (so numbers can be compared).

Google analogies (Mikolov et al., 2013; ``questions-words.txt``): for each "a b c d" with all four
words among the first ``restrict_vocab`` words (case-insensitive), predict the 3CosAdd answer to
b − a + c over those words, question words excluded; accuracy = correct / answered. Coverage =
answered / all questions. Sections starting with "gram" are syntactic, the rest semantic.
Default ``restrict_vocab`` = 30,000, word2vec.c's compute-accuracy (gensim's is 300,000; both
mean the whole 22k-word WikiText-2 vocabulary).

WordSim-353 (Finkelstein et al., 2002): Spearman ρ between cos(w1, w2) and the human scores over
the pairs with both words known; OOV rate = pairs skipped / all pairs.

Words from the files meet the vocabulary in Unicode NFC (embeddings.nfc). A vector holding NaN or
inf is never a hit: a question touching one is wrong, a candidate scoring NaN never wins, and ρ
over a pair touching one is NaN. The products are taken on unit rows checked finite first
(analogy_kernel.py, which holds the 3CosAdd scoring of all questions at once).
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import control
from .analogy_kernel import analogy_hits, compile_analogy_kernel, finite_rows
from .cli import HelpFormatter, Parser, run
from .data import DataError
from .datasets import EVAL
from .embeddings import VECTORS, Embeddings, nfc_index, unit_rows
from .evalsets import EvalFileError, add_eval_options, eval_sets, read_analogies, read_word_pairs
from .files import WriteFailed, guarded, write_atomic
from .runs import RunError, embeddings_by_epoch, load_control, load_run, record

RESTRICT_VOCAB = 30_000     # answers among the most frequent 30,000 words, as word2vec.c's compute-accuracy


@dataclass
class AnalogyResult:
    sections: dict = field(default_factory=dict)   # name -> (correct, answered, total)
    restrict_vocab: int = RESTRICT_VOCAB

    def _sum(self, pick):
        c = a = t = 0
        for name, (ci, ai, ti) in self.sections.items():
            if pick(name):
                c, a, t = c + ci, a + ai, t + ti
        return c, a, t

    @property
    def total(self):
        return self._sum(lambda n: True)

    @property
    def semantic(self):
        return self._sum(lambda n: not n.startswith("gram"))

    @property
    def syntactic(self):
        return self._sum(lambda n: n.startswith("gram"))

    @property
    def accuracy(self) -> float:
        c, a, _ = self.total
        return c / a if a else 0.0

    @property
    def coverage(self) -> float:
        _, a, t = self.total
        return a / t if t else 0.0


@dataclass
class AnalogyQuestions:
    """The questions of an analogy file that a vocabulary can answer, as word ids."""
    names: list                 # section names, in file order
    totals: list                # questions per section, answerable or not
    section: np.ndarray         # (n,) the section of each answerable question
    ids: np.ndarray             # (n, 4) word ids of a, b, c, d

    @classmethod
    def load(cls, path, index: dict, restrict_vocab: int = RESTRICT_VOCAB) -> "AnalogyQuestions":
        ok = {w: i for w, i in nfc_index(index).items() if i < restrict_vocab}   # the file's words are NFC
        names, totals, section, ids = [], [], [], []
        for k, (name, questions) in enumerate(read_analogies(path)):
            names.append(name)
            totals.append(len(questions))
            for q in questions:
                if all(w in ok for w in q):
                    section.append(k)
                    ids.append([ok[w] for w in q])
        return cls(names, totals, np.array(section, np.int64),
                   np.array(ids, np.int64).reshape(-1, 4))


def evaluate_analogies(emb: Embeddings, path, restrict_vocab: int = RESTRICT_VOCAB) -> AnalogyResult:
    questions = AnalogyQuestions.load(path, emb.index, restrict_vocab)
    return _tally(questions, analogy_hits(emb.unit[:restrict_vocab], questions.ids), restrict_vocab)


def _tally(questions: AnalogyQuestions, hits: np.ndarray, restrict_vocab: int) -> AnalogyResult:
    result = AnalogyResult(restrict_vocab=restrict_vocab)
    answered = np.bincount(questions.section, minlength=len(questions.names))
    correct = np.bincount(questions.section, weights=hits, minlength=len(questions.names))
    for k, name in enumerate(questions.names):
        result.sections[name] = (int(correct[k]), int(answered[k]), questions.totals[k])
    return result


@dataclass
class SimilarityResult:
    spearman: float
    pearson: float
    pairs_used: int
    pairs_total: int

    @property
    def oov_rate(self) -> float:
        return 1.0 - self.pairs_used / self.pairs_total if self.pairs_total else 0.0


def evaluate_similarity(emb: Embeddings, path, restrict_vocab: int = RESTRICT_VOCAB,
                        pairs=None) -> SimilarityResult:
    """ρ (and Pearson's r) over the pairs of ``path`` (or ``pairs``, as read_word_pairs gives
    them) with both words among the first ``restrict_vocab``; NaN when fewer than two pairs, a
    non-finite cosine (a NaN row) or constant scores on either side leave it undefined."""
    from scipy import stats        # here, not at the top: its import takes ~0.6 s (training never needs it)
    pairs = read_word_pairs(path) if pairs is None else pairs
    index = emb.nfc_index                                  # the file's words are NFC
    ij, human = [], []
    for w1, w2, score in pairs:
        i, j = index.get(w1), index.get(w2)
        if i is None or j is None or i >= restrict_vocab or j >= restrict_vocab:
            continue
        ij.append((i, j))
        human.append(score)
    ij = np.array(ij, np.int64).reshape(-1, 2)
    model = np.einsum("nd,nd->n", emb.unit[ij[:, 0]], emb.unit[ij[:, 1]]).astype(np.float64)
    if len(model) < 2 or not np.isfinite(model).all() or np.ptp(model) == 0 or np.ptp(human) == 0:
        return SimilarityResult(float("nan"), float("nan"), len(model), len(pairs))
    return SimilarityResult(float(stats.spearmanr(model, human)[0]), float(stats.pearsonr(model, human)[0]),
                            len(model), len(pairs))


def spearman(x, y) -> float:
    """Spearman's ρ: Pearson's correlation of the ranks, ties given their average rank (what
    scipy.stats.spearmanr computes, without its half-second import on every training run)."""
    def ranks(v):
        v = np.asarray(v, np.float64)
        order = np.argsort(v, kind="mergesort")
        sv = v[order]
        first = np.r_[True, sv[1:] != sv[:-1]]                  # where each run of ties starts
        group = np.cumsum(first) - 1
        starts = np.flatnonzero(first)
        ends = np.r_[starts[1:], len(v)]
        r = np.empty(len(v))
        r[order] = ((starts + ends - 1) / 2.0)[group] + 1        # average rank within a tie
        return r
    rx, ry = ranks(x), ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = np.sqrt((rx * rx).sum() * (ry * ry).sum())
    return float((rx * ry).sum() / den) if den > 0 else float("nan")


MIN_PAIRS = 50          # a vocabulary that holds fewer of WordSim's pairs is not scored on it (ρ of a few
MIN_QUESTIONS = 100     # pairs is mostly noise); the same for analogy questions it can answer


class QualityScorer:
    """Scores table after table of one vocabulary (every epoch of a run) on WordSim-353 and the
    Google analogies, the files read and indexed once. score(W) -> a dict of plain numbers. A set
    of which the vocabulary holds fewer than ``min_pairs`` pairs or ``min_questions`` questions (the
    training command asks for MIN_PAIRS, MIN_QUESTIONS: a small text of one's own) is left out, and
    ``skipped`` says so in one line each."""

    def __init__(self, words, analogies=None, similarities=None, restrict_vocab: int = RESTRICT_VOCAB,
                 threads: int = 0, min_pairs: int = 2, min_questions: int = 0):
        index = nfc_index(words)                           # the files' words are NFC
        self.restrict_vocab, self.threads = restrict_vocab, threads
        self.questions = AnalogyQuestions.load(analogies, index, restrict_vocab) if analogies else None
        self.pairs, self.skipped = None, []
        if similarities:
            pairs = read_word_pairs(similarities)
            known = [(index[a], index[b], h) for a, b, h in pairs
                     if index.get(a, restrict_vocab) < restrict_vocab
                     and index.get(b, restrict_vocab) < restrict_vocab]
            self.pairs = (np.array([k[:2] for k in known], np.int64).reshape(-1, 2),
                          np.array([k[2] for k in known]), len(pairs))
            if len(known) < min_pairs:
                self.skipped.append(f"WordSim-353 is not scored: only {len(known)} of its {len(pairs)} pairs have "
                                    f"both words in this vocabulary (at least {min_pairs} are needed)")
                self.pairs = None
        if self.questions is not None and len(self.questions.ids) < min_questions:
            self.skipped.append(f"the analogies are not scored: only {len(self.questions.ids)} of the Google "
                                f"set's questions have all four words in this vocabulary (at least "
                                f"{min_questions} are needed)")
            self.questions = None

    def warm(self) -> None:
        """Compile the analogy kernel (or load it from Numba's cache) before anything is timed."""
        if self.questions is not None:
            compile_analogy_kernel()

    def score(self, W) -> dict:
        unit = unit_rows(W[:self.restrict_vocab])
        row = {}
        if self.pairs is not None:
            ij, human, total = self.pairs
            model = np.einsum("nd,nd->n", unit[ij[:, 0]], unit[ij[:, 1]])
            if len(ij) >= 2 and np.isfinite(model).all() and np.ptp(model) > 0:
                rho = spearman(model, human)
            else:                    # undefined: too few pairs, a NaN row, or all-zero vectors
                rho = float("nan")
            row.update(wordsim=rho, wordsim_pairs=len(ij), wordsim_total=total)
        if self.questions is not None:
            hits = analogy_hits(unit, self.questions.ids, self.threads)
            res = _tally(self.questions, hits, self.restrict_vocab)
            (c, a, _), (sc, sa, _), (yc, ya, _) = res.total, res.semantic, res.syntactic
            row.update(analogies=res.accuracy, analogy_correct=c, analogy_answered=a,
                       semantic=sc / sa if sa else 0.0, syntactic=yc / ya if ya else 0.0)
        return row


def analogy_examples(emb: Embeddings, questions_file, limit: int = 8) -> list:
    """Google-set questions "a b c d" answered correctly (top 1) among the explorer's words,
    as page analogies A − B + C = D, i.e. [b, a, c, d]; at most two per section, each question once
    (the set repeats some, e.g. athens greece hanoi vietnam in two sections). The words are given
    as the vocabulary spells them (the page looks them up as they are)."""
    found = []
    for _, questions in read_analogies(questions_file):
        in_section = 0
        for question in questions:
            if in_section == 2 or len(found) >= limit:
                break
            ids = [emb.find(w) for w in question]
            if None in ids:
                continue
            a, b, c, d = (emb.words[i] for i in ids)
            if [b, a, c, d] not in found and emb.analogy(b, a, c, topn=1)[0][0] == d:
                found.append([b, a, c, d])
                in_section += 1
    return found


# ----------------------------------------------------------------------------------- reports
def evaluate_epochs(embs: dict, analogies=None, similarities=None,
                    restrict_vocab: int = RESTRICT_VOCAB) -> list[dict]:
    """{epoch: Embeddings} -> one row per epoch: the scores of every evaluation file given."""
    rows = []
    pairs = read_word_pairs(similarities) if similarities else None     # read (and noted on) once
    for epoch, emb in sorted(embs.items()):
        row = {"epoch": epoch, "restrict_vocab": restrict_vocab}
        if similarities:
            sim = evaluate_similarity(emb, similarities, restrict_vocab, pairs)
            row.update(wordsim_spearman=sim.spearman, wordsim_pearson=sim.pearson,
                       wordsim_pairs=sim.pairs_used, wordsim_oov=sim.oov_rate)
        if analogies:
            res = evaluate_analogies(emb, analogies, restrict_vocab)
            (c, a, t), (sc, sa, _), (yc, ya, _) = res.total, res.semantic, res.syntactic
            row.update(analogy_accuracy=res.accuracy, analogy_correct=c, analogy_answered=a,
                       analogy_total=t, analogy_coverage=res.coverage,
                       semantic_accuracy=sc / sa if sa else 0.0,
                       syntactic_accuracy=yc / ya if ya else 0.0,
                       sections={k: {"correct": v[0], "answered": v[1], "total": v[2]}
                                 for k, v in res.sections.items()})
        rows.append(row)
    return rows


def undefined_rho(embs: dict, rows: list[dict], similarities) -> str | None:
    """Why WordSim ρ is not a number at some epoch, in one line, or None when it is one wherever
    it can be: an all-zero table (W_out before training) has no directions yet, and its ρ is
    shown as "—"; anywhere else a missing ρ is a problem to say, never a number to write."""
    for row in rows:
        rho = row.get("wordsim_spearman")
        if rho is None or np.isfinite(rho) or not embs[row["epoch"]].unit.any():
            continue
        used, epoch = row["wordsim_pairs"], row["epoch"]
        if used < 2:
            return (f"{similarities}: {used} of its pairs have both words among the first "
                    f"{row['restrict_vocab']:,} words of the vocabulary; Spearman ρ needs at least two "
                    f"(is it a word-pair file for this language and corpus?)")
        if not finite_rows(embs[epoch].unit).all():
            return (f"epoch {epoch}'s vectors hold NaN or inf, so Spearman ρ on {similarities} is "
                    f"undefined: the run diverged (try a smaller --lr)")
        return (f"{similarities}: Spearman ρ is undefined at epoch {epoch}: the cosines or the "
                f"human scores of its {used} pairs in the vocabulary are all equal")
    return None


def finite_or_none(rows: list[dict]) -> list[dict]:
    """The rows with NaN (an all-zero table's ρ) as None: JSON has no NaN."""
    return [{k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in r.items()}
            for r in rows]


def markdown_table(rows: list[dict], similarities: str = "WordSim-353", analogies: str = "analogies") -> str:
    """The per-epoch table, readable on GitHub; ``similarities``, ``analogies``: what the sets are
    called in its header (a user's own files by their names)."""
    head = ["epoch"]
    if "wordsim_spearman" in rows[0]:
        head += [f"{similarities} ρ", "pairs (OOV)"]
    if "analogy_accuracy" in rows[0]:
        head += [analogies, "semantic", "syntactic", "answerable / all"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [str(r["epoch"])]
        if "wordsim_spearman" in r:
            rho = r["wordsim_spearman"]
            cells += [f"{rho:.3f}" if np.isfinite(rho) else "— (all zero)",
                      f"{r['wordsim_pairs']} ({r['wordsim_oov']:.1%})"]
        if "analogy_accuracy" in r:
            cells += [f"{r['analogy_accuracy']:.2%}", f"{r['semantic_accuracy']:.2%}",
                      f"{r['syntactic_accuracy']:.2%}",
                      f"{r['analogy_answered']:,} / {r['analogy_total']:,} ({r['analogy_coverage']:.1%})"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def pinned(path) -> bool:
    """Is this file one of the public sets, byte for byte (its SHA-256 is the pinned one)?"""
    digest = "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return any(spec.digest == digest for spec in EVAL.files)


def main(argv=None) -> int:
    p = Parser(prog="python -m skipgram_np.evaluate",
               description="Score every checkpoint of a run on the Google analogies and "
                           "WordSim-353; print a table, write evaluation.json/.md into the run.",
               formatter_class=HelpFormatter)
    p.add_argument("run_dir")
    p.add_argument("--restrict-vocab", type=int, default=RESTRICT_VOCAB,
                   help=f"only the most frequent N words (word2vec.c's compute-accuracy uses {RESTRICT_VOCAB})")
    p.add_argument("--vectors", choices=sorted(VECTORS), default="in",
                   help="which vectors: W_in, W_out or their normalised sum")
    add_eval_options(p)
    args = p.parse_args(argv)
    if args.restrict_vocab < 1:
        p.error(f"--restrict-vocab must be >= 1, got {args.restrict_vocab}")
    for f in (args.analogies, args.similarities):
        if f and not Path(f).is_file():
            p.error(f"no such file: {f}")
    try:
        ckpts = load_run(args.run_dir)                          # a bad folder is said first
        controls = load_control(args.run_dir, ckpts)
        embs = embeddings_by_epoch(args.run_dir, args.vectors, ckpts=ckpts)
        analogies, similarities = eval_sets(args, run_dir=args.run_dir)
        rows = evaluate_epochs(embs, analogies, similarities, args.restrict_vocab)
        theirs = None if controls is None else evaluate_epochs(
            embeddings_by_epoch(args.run_dir, args.vectors, ckpts=controls), analogies, similarities,
            args.restrict_vocab)
        problem = undefined_rho(embs, rows, similarities)
        if problem:                       # said, and the last evaluation.* left as they were
            raise EvalFileError(problem)
    except (RunError, EvalFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    own = [Path(f) for f in (args.similarities, args.analogies) if f and not pinned(f)]   # a user's own sets
    names = {"similarities": Path(args.similarities).name if Path(args.similarities or "") in own else "WordSim-353",
             "analogies": Path(args.analogies).name if Path(args.analogies or "") in own else "analogies"}
    table = markdown_table(rows, **names)
    n_words = len(next(iter(embs.values())).words)
    head = (f"restrict_vocab = {args.restrict_vocab:,}"
            + (f" (more than the {n_words:,} words of the vocabulary: all of them)"
               if args.restrict_vocab >= n_words else "") + f"; vectors: {VECTORS[args.vectors]}")
    chance = (f"\nNote: {control.missing(args.run_dir, 'chance level')}\n" if theirs is None else
              "\nThe control (the same training on the same words shuffled), the chance level:\n\n"
              + markdown_table(theirs, **names))
    print(head)
    print(table + chance, end="")
    out = Path(args.run_dir)
    if out.is_file():                                   # a vectors file has no run folder to write into
        print(f"{out.name} is a vectors file: the scores are printed, not written (there is no run folder)")
        return 0
    stem = "evaluation" + "".join(f"-{f.stem}" for f in own)     # a user's sets never replace the standard scores
    try:
        with guarded(f"the scores into {out}", "they are printed above and the run's files are as they were "
                     "(none half-written)", f"write them again with: python -m skipgram_np.evaluate {out}"):
            record(out, {f"{stem}.json": {}, f"{stem}.md": {}})           # the run's files: listed first
            write_atomic(out / f"{stem}.json", json.dumps(finite_or_none(rows), indent=1).encode())
            write_atomic(out / f"{stem}.md", (head + "\n\n" + table + chance).encode())
    except WriteFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out / f'{stem}.json'} and {out / f'{stem}.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(run(main))
