"""Checks for exercise 04, window_pairs (lesson 4, skip-gram pairs): every (ids[i], ids[i + j]) with
1 ≤ |j| ≤ window and 0 ≤ i + j < n, as a multiset, against skipgram_np.pairs.window_pairs."""
from collections import Counter

import numpy as np
from checking import Mismatch, call, exercise, number_of

from skipgram_np.pairs import window_pairs as reference

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def _pairs_with(ids, window, offsets=None, wrap=False):
    """The pair multiset a (possibly mistaken) window loop makes."""
    n = len(ids)
    offsets = offsets if offsets is not None else [j for j in range(-window, window + 1) if j]
    out = []
    for i in range(n):
        for j in offsets:
            p = i + j
            if p < n and (p >= 0 or wrap):
                out.append((int(ids[i]), int(ids[p])))
    return Counter(out)


def _describe(pair, pos):
    """A pair of ids, by the positions of its two words (``pos``: id -> position)."""
    a, b = pair
    if a in pos and b in pos:
        return (f"(ids[{pos[a]}] = {a}, ids[{pos[b]}] = {b}): centre at position {pos[a]}, "
                f"context at {pos[b]}, distance {abs(pos[b] - pos[a])}")
    return f"{pair} (an id not in the sequence)"


@exercise(NUMBER, "window_pairs", reference)
def check_window_pairs(fn, module=None) -> str:
    rng = np.random.default_rng(4)
    cases = 0
    for n, window in [(8, 3), (10, 3), (6, 2), (5, 1), (12, 4), (2, 1), (4, 5), (1, 2)]:
        ids = rng.permutation(n) + 100                       # distinct: an id tells its position
        got = call(fn, ids.copy(), window)
        if not (isinstance(got, tuple) and len(got) == 2):
            raise Mismatch(f"window_pairs(ids, {window}) should return (centers, contexts), got "
                           f"{type(got).__name__}")
        centres, contexts = (np.asarray(a).ravel() for a in got)
        if len(centres) != len(contexts):
            raise Mismatch(f"centers has {len(centres)} entries but contexts {len(contexts)}: each "
                           f"pair adds one to both")
        mine = Counter(zip(centres.tolist(), contexts.tolist()))
        rc, ro = reference(ids, window)
        expected = Counter(zip(rc.tolist(), ro.tolist()))
        if mine == expected:
            cases += 1
            continue
        pos = {int(x): i for i, x in enumerate(ids)}
        missing = sorted((expected - mine).elements(), key=lambda p: (pos.get(p[0], -1), pos.get(p[1], -1)))
        extra = sorted((mine - expected).elements(), key=lambda p: (pos.get(p[0], -1), pos.get(p[1], -1)))
        head = (f"window_pairs(ids of length {n}, window={window}): {sum(mine.values())} pairs, "
                f"expected {sum(expected.values())}; ")
        if missing:
            head += f"missing {_describe(missing[0], pos)}"
        elif extra[0] in expected:                             # a right pair, made too often
            head += (f"{_describe(extra[0], pos)} appears {mine[extra[0]]} times, expected "
                     f"{expected[extra[0]]}")
        else:
            head += f"extra {_describe(extra[0], pos)}"
        offsets_all = [j for j in range(-window, window + 1) if j]
        for hint, wrong in [
            (("every pair is made twice: the offsets j = −window … −1 already give the pairs to the left; "
              "adding (context, centre) for j > 0 as well counts each of them again"),
             Counter({p: 2 * n for p, n in expected.items()})),
            ("a word is paired with itself: skip the offset j = 0",
             _pairs_with(ids, window, list(range(-window, window + 1)))),
            ("one offset short: j runs over 1 … window inclusive (range(1, window + 1))",
             _pairs_with(ids, window, [j for j in offsets_all if abs(j) < window])),
            ("one offset too far: j runs over 1 … window, not window + 1",
             _pairs_with(ids, window, [j for j in range(-window - 1, window + 2) if j])),
            (("pairs wrap around the ends: a negative index counts from the end in Python — skip "
              "positions i + j < 0"), _pairs_with(ids, window, wrap=True)),
            ("only the words to the right: the context is both sides, j = −window … −1 and 1 … window",
             _pairs_with(ids, window, list(range(1, window + 1)))),
            ("only the words to the left: the context is both sides, j = −window … −1 and 1 … window",
             _pairs_with(ids, window, list(range(-window, 0)))),
        ]:
            if mine == wrong:
                head += f"\n    hint: {hint}"
                break
        raise Mismatch(head)
    return f"{cases} sequences (length 1 … 12, window 1 … 5) give the pairs of skipgram_np.pairs.window_pairs"
