"""Checks for exercise 03, keep_prob (lesson 3, subsampling): keep(w) = min(1, sqrt(t / f(w))),
f(w) = count(w) / Σ count, against skipgram_np.subsample.keep_prob."""
import numpy as np
from checking import call, compare, exercise, number_of

from skipgram_np.subsample import keep_prob as reference

NUMBER = number_of(__file__)          # the exercise's number: its file name's


@exercise(NUMBER, "keep_prob", reference)
def check_keep_prob(fn, module=None) -> str:
    rng = np.random.default_rng(3)
    cases = 0
    for t in (1e-5, 1e-3, 1e-2):
        for _ in range(3):
            V = int(rng.integers(5, 30))
            counts = np.round(10 ** rng.uniform(0, 6, V)).astype(np.int64)     # 1 … 1,000,000
            f = counts / counts.sum()
            expected = reference(counts, t)
            got = call(fn, counts.copy(), t)
            compare(f"keep_prob(counts, t={t:g})", got, expected, [
                ("this is P_discard(w) = 1 − keep_prob(w), the chance of *dropping* the word",
                 1 - expected),
                ("values above 1: a word rarer than t is always kept — clip with np.minimum(1, …)",
                 np.sqrt(t / f)),
                ("the square root is missing: keep_prob = min(1, sqrt(t / f))", np.minimum(1, t / f)),
                ("f(w) is the frequency count(w) / Σ count, not the raw count",
                 np.minimum(1, np.sqrt(t / counts))),
                (("that is word2vec.c's formula (sqrt(f/t) + 1)·t/f; the lesson uses the paper's "
                  "min(1, sqrt(t / f))"), reference(counts, t, "word2vec")),
            ])
            cases += 1
    return f"{cases} random vocabularies (t = 1e-5, 1e-3, 1e-2) agree with skipgram_np.subsample.keep_prob"
