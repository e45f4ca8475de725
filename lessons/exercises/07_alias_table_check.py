"""Checks for exercise 07, alias_table (lesson 7, the alias sampler): the table must draw exactly
p, q(w) = (prob[w] + Σ_{j: alias[j] = w} (1 − prob[j])) / V = p(w) for every word. Several tables
are valid, so the distribution a table draws is checked, not its entries; ``--reference`` runs
skipgram_np.negatives.alias_table."""
import numpy as np
from checking import Mismatch, call, exercise, number_of, same

from skipgram_np.negatives import alias_table as reference

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def implied_distribution(prob, alias):
    """The distribution the draw x = u·V, i = floor(x), i if x − i < prob[i] else alias[i] gives."""
    V = len(prob)
    return (prob + np.bincount(alias, weights=1.0 - prob, minlength=V)) / V


def _misplaced_g(p, where, fifo):
    """Vose's construction with g put back on the wrong list after giving its surplus: always on the
    large list ("large") or always on the small one ("small"); lists used as stacks or queues."""
    n = len(p)
    scaled = p * n
    prob, alias = np.ones(n), np.arange(n)
    small = [i for i in range(n) if scaled[i] < 1]
    large = [i for i in range(n) if scaled[i] >= 1]
    while small and large:
        s, g = (small.pop(0), large.pop(0)) if fifo else (small.pop(), large.pop())
        prob[s], alias[s] = scaled[s], g
        scaled[g] -= 1 - scaled[s]
        (large if where == "large" else small).append(g)
    return implied_distribution(prob, alias)


@exercise(NUMBER, "alias_table", reference)
def check_alias_table(fn, module=None) -> str:
    rng = np.random.default_rng(6)
    cases = [np.full(5, 0.2), np.array([0.9, 0.04, 0.03, 0.02, 0.01])]
    cases += [rng.dirichlet(np.full(V, a)) for V, a in ((4, 1.0), (8, 0.5), (12, 2.0), (30, 0.3))]
    for p in cases:
        V = len(p)
        got = call(fn, p.copy())
        if not (isinstance(got, tuple) and len(got) == 2):
            raise Mismatch("alias_table should return (prob, alias)")
        prob, alias = np.asarray(got[0], dtype=np.float64), np.asarray(got[1])
        label = f"alias_table(p with V = {V})"
        if prob.shape != (V,) or alias.shape != (V,):
            raise Mismatch(f"{label}: prob has shape {prob.shape} and alias {alias.shape}, expected ({V},) each")
        if not np.issubdtype(alias.dtype, np.integer):
            raise Mismatch(f"{label}: alias holds {alias.dtype} values; it holds word ids (ints)")
        if alias.min() < 0 or alias.max() >= V:
            i = int(np.argmax((alias < 0) | (alias >= V)))
            raise Mismatch(f"{label}: alias[{i}] = {alias[i]} is not a word id in 0 … {V - 1}")
        if prob.min() < -1e-12 or prob.max() > 1 + 1e-9:
            i = int(np.argmax((prob < -1e-12) | (prob > 1 + 1e-9)))
            hint = ("you stored p itself: scale first, scaled = p·V, so that an average word fills "
                    "exactly one column" if same(prob, p) else
                    "a column's own share is at most 1: words with scaled ≥ 1 go on the large list "
                    "and give their surplus to small columns")
            raise Mismatch(f"{label}: prob[{i}] = {prob[i]:.6g} is not a probability\n    hint: {hint}")
        q = implied_distribution(prob, alias)
        bad = ~np.isclose(q, p, rtol=1e-6, atol=1e-9)
        if not bad.any():
            continue
        i = int(np.argmax(np.abs(q - p)))                        # the word drawn most wrongly
        donors = [int(j) for j in np.flatnonzero((alias == i) & (np.arange(V) != i))]
        message = (f"{label}: word {i} is drawn with probability {q[i]:.6g}, expected p[{i}] = {p[i]:.6g} "
                   f"(its column keeps prob[{i}] = {prob[i]:.4g}; columns {donors} send it their "
                   f"remaining 1 − prob)")
        misplaced = [where for where in ("large", "small") for fifo in (False, True)
                     if same(q, _misplaced_g(p, where, fifo))]
        if same(prob, p):
            hint = "you stored p itself: scale first, scaled = p·V"
        elif misplaced == ["large"] * len(misplaced) and misplaced:
            hint = ("g went back on the wrong list, or its mass was not reduced (both draw the same: a g kept "
                    "on the large list ends as a full column of its own): after pairing, reduce its "
                    "remaining mass, scaled[g] −= 1 − scaled[s], and put g on the small list if that new "
                    "value is below 1, else on the large list")
        elif misplaced:
            hint = ("g went back on the wrong list: after giving its surplus, put g back by its new value — "
                    "on the large list while scaled[g] ≥ 1, on the small list only once it is below 1")
        elif np.all(prob >= 1 - 1e-12):
            hint = ("no column sends anything to another word (prob = 1 everywhere): scale first, "
                    "scaled = p·V — with scaled = p every word looks small and none is paired")
        elif np.any((prob == 0) & (alias == 0)) and q[0] > p[0]:
            hint = ("columns left on a list at the end must keep themselves: set prob = 1 for them "
                    "(an unset column sends its whole share to word 0)")
        elif donors and q[i] > p[i]:
            hint = (f"word {i} takes in too much: after pairing a small s with it, reduce its "
                    f"remaining mass, scaled[g] −= 1 − scaled[s], and put it back on the small or "
                    f"large list by its new value")
        elif q[i] < p[i]:
            hint = (f"word {i} gets too little: each column j holds prob[j] of word j and 1 − prob[j] "
                    f"of alias[j]; check which word each column sends its remainder to, and that a "
                    f"large word's remaining mass drops by exactly what it gave: scaled[g] −= 1 − scaled[s]")
        else:
            hint = None
        raise Mismatch(message + (f"\n    hint: {hint}" if hint else ""))
    return f"{len(cases)} distributions (uniform, one dominant, random; V = 4 … 30) are drawn exactly"
