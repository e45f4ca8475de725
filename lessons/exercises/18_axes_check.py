"""Checks for exercise 18, project (lesson 18, axes made of words): cos(w, d) with
d = mean â − mean b̂ scaled to length 1, against skipgram_np.directions (direction, project)."""
import numpy as np
from checking import call, compare, exercise, number_of

from skipgram_np.directions import direction
from skipgram_np.directions import project as project_on
from skipgram_np.embeddings import unit_rows

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def reference_project(W, pos, neg, words):
    """What ``--reference`` checks: the package's axis and cosines."""
    unit = unit_rows(W)
    return project_on(unit, direction(unit, pos, neg))[list(words)]


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _table(rng, V=30, dim=6):
    """Rows of very different lengths, so that a forgotten normalisation shows."""
    return rng.normal(0, 1, (V, dim)) * 10 ** rng.uniform(-1, 1, (V, 1))


@exercise(NUMBER, "project", reference_project)
def check_project(fn, module=None) -> str:
    rng = np.random.default_rng(14)
    for case in range(6):
        W = _table(rng)
        ids = rng.permutation(len(W))
        pos, neg, words = list(ids[:3]), list(ids[3:5]), list(ids[5:12])     # 3 against 2 words
        U = _unit(W)
        expected = reference_project(W, pos, neg, words)
        got = call(fn, W.copy(), pos, neg, words)
        raw = W[pos].mean(0) - W[neg].mean(0)
        d = _unit(U[pos].mean(0) - U[neg].mean(0))
        compare(f"project(W, pos, neg, words) (case {case + 1})", got, expected, [
            ("scale every row to length 1 before averaging (only directions count; a long row would pull "
             "the axis its way)", U[words] @ _unit(raw)),
            ("the coordinate is a cosine: use the words' unit rows ŵ too, not W[w]", W[words] @ d),
            ("scale d to length 1: ŵ · d is a cosine only for |d| = 1", U[words] @ (U[pos].mean(0) - U[neg].mean(0))),
            ("the axis pos − neg points from the neg words to the pos words: you have neg − pos", -expected),
            ("average each side (a mean): with a sum, the longer list weighs more",
             U[words] @ _unit(U[pos].sum(0) - U[neg].sum(0))),
            ("nothing is normalised: scale every row to length 1 (ŵ = W[w] / |W[w]|) and the axis d too, "
             "so that the coordinate is a cosine", W[words] @ (W[pos].mean(0) - W[neg].mean(0))),
            ("divided by |W[w]|², the squared length: a cosine divides by the length itself, "
             "|W[w]| = sqrt(W[w]·W[w])", (W[words] @ d) / np.sum(W[words] ** 2, axis=1)),
        ])
    return "6 random tables (rows of lengths 0.1 … 10, lists of 3 and 2 words) agree with skipgram_np.directions"
