"""Checks for exercise 14, ppmi (lesson 14, matrix factorisation): PPMI with context smoothing,
max(0, log P(w, c) / (P(w)·P_α(c))) with P_α(c) = #(c)^α / Σ_c' #(c')^α (and 0 where #(w, c) = 0),
against the reference here (the package has none)."""
import numpy as np
from checking import call, compare, exercise, number_of

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def reference_ppmi(C, alpha=0.75, *, no_smoothing=False, smooth_rows=False, no_max=False,
                   no_renormalise=False, log2=False, raw_counts=False):
    """PPMI with context smoothing; the keyword flags make the usual mistakes."""
    C = np.asarray(C, dtype=np.float64)
    total = C.sum()
    rows, cols = C.sum(axis=1), C.sum(axis=0)
    a = 1.0 if no_smoothing else alpha
    p_w = rows ** alpha / np.sum(rows ** alpha) if smooth_rows else rows / total
    p_c = cols / total if smooth_rows else (cols ** a / total if no_renormalise else cols ** a / np.sum(cols ** a))
    with np.errstate(divide="ignore", invalid="ignore"):
        if raw_counts:                              # counts where probabilities belong
            pmi = np.log(C) - np.log(rows[:, None]) - np.log(cols[None, :] ** a)
        else:
            pmi = np.log(C / total) - np.log(p_w[:, None]) - np.log(p_c[None, :])
    if log2:
        pmi = pmi / np.log(2)                       # bits instead of nats
    if no_max:
        return pmi                                  # negative PMI kept, −inf where C = 0
    return np.where(C > 0, np.maximum(pmi, 0), 0.0)


@exercise(NUMBER, "ppmi", reference_ppmi)
def check_ppmi(fn, module=None) -> str:
    rng = np.random.default_rng(12)
    for trial in range(4):
        V = int(rng.integers(4, 9))
        C = rng.poisson(rng.uniform(0.3, 4), (V, V)).astype(np.float64)
        C += np.diag(C.sum(axis=1) == 0) + np.diag(C.sum(axis=0) == 0)      # no empty row or column
        C = C + C.T                                                           # counts are symmetric
        C[0, 1] = C[1, 0] = 0.0                                              # an unseen pair
        C += np.eye(V) * (C.sum(axis=1) == 0)
        expected = reference_ppmi(C)
        got = call(fn, C.copy(), 0.75)
        compare(f"ppmi(C, 0.75) (case {trial + 1}, V = {V})", got, expected, [
            ("context smoothing is missing: P_α(c) = #(c)^α / Σ_c' #(c')^α with α = 0.75",
             reference_ppmi(C, no_smoothing=True)),
            ("the smoothing belongs to the contexts (columns), not the words (rows)",
             reference_ppmi(C, smooth_rows=True)),
            ("PPMI keeps only positive values: max(0, PMI) (and 0 where C = 0, not log 0 = −∞)",
             reference_ppmi(C, no_max=True)),
            ("normalise the smoothed counts: divide #(c)^α by Σ_c' #(c')^α, not by Σ C",
             reference_ppmi(C, no_renormalise=True)),
            ("that is log base 2 (bits): PMI here uses the natural log, np.log, as SGNS's optimum "
             "v·u = PMI − log k does", reference_ppmi(C, log2=True)),
            ("counts where probabilities belong: P(w, c) = C / Σ C, P(w) = row sum / Σ C, P_α(c) = "
             "#(c)^α / Σ_c' #(c')^α — raw counts shift every PMI by a constant and cut at the wrong place",
             reference_ppmi(C, raw_counts=True)),
        ])
    return "4 random symmetric count matrices (with an unseen pair) agree with the reference"
