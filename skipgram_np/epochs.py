"""What changes from checkpoint to checkpoint: the questions figures, report, query and the page ask.

All take ``embs`` = {epoch: query.Embeddings} of one run (and one choice of vectors):

    similarity_rows(a, b)      cos(a, b) per epoch, with that epoch's random-pair baseline, the
                               cosine's percentile among random pairs and the ranks both ways
                               (baseline.py: why raw cosines cannot be compared across epochs),
                               and the control's verdict (chance.py)
    neighbours_with_chance     a word's nearest words, each beyond chance or not (chance.py)
    own_group_share            the structure number: how many group words have their nearest
                               group word in their own group (its chance level: the control's)
    neighbourhood_change       how many of its top-10 neighbours the typical content word keeps
                               between two epochs, and the words whose top-10 changed most,
                               among content words: the ~100 most frequent words, punctuation and
                               function words are left out (their neighbourhoods churn without
                               meaning much)
    stable_since(word)         the first epoch from which a word's top-10 stayed the same
    analogy_ranks(a, b, c, d)  where d stands among the answers to a − b + c at each epoch
    moved(x, y)                "rose (x -> y)" / "fell ..." / "stayed at x", as the numbers print
"""
from __future__ import annotations

import numpy as np

from .baseline import Baseline, cosine, rank
from .chance import RANKS, ChanceLevels
from .probes import word_set

SKIP_FREQUENT = 100        # the most frequent words are left out of "most changed"
CONTENT_WORDS = 1000       # ... which looks at the next this many words


# English function words (determiners, pronouns, prepositions, conjunctions, auxiliaries and the
# commonest adverbs): their neighbourhoods churn from epoch to epoch without telling much. Written
# out rather than scikit-learn's list, which also holds content words (computer, fire, system, bill).
FUNCTION_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also although
always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at
back be became because become becomes been before beforehand behind being below beside besides
between beyond both but by can cannot could did do does doing done down during each either else
elsewhere enough even ever every everyone everything everywhere except few for former formerly from
further had has have having he hence her here hereafter hereby herein hers herself him himself his
how however i if in indeed instead into is it its itself just latter latterly least less many
may me meanwhile might mine more moreover most mostly much must my myself namely neither never
nevertheless next no nobody none nor not nothing now nowhere of off often on once only onto or
other others otherwise our ours ourselves out over own per perhaps quite rather re same several she
should since so some somehow someone something sometime sometimes somewhere still such than that the
their theirs them themselves then thence there thereafter thereby therefore therein thereupon these
they this those though through throughout thru thus to together too toward towards under until up
upon us very via was we well were what whatever when whence whenever where whereafter whereas whereby
wherein whereupon wherever whether which while whither who whoever whole whom whose why will with
within without would yet you your yours yourself yourselves 's n't 'd 'll 're 've 'm
""".split())


def moved(x: float, y: float, fmt: str, unit: str = "", change: str = "({a} -> {b})") -> str:
    """"rose (X -> Y)", "fell (X -> Y)" or "stayed at X", judged on the numbers as printed (so a
    change too small to print is "stayed"); ``change`` words the two numbers ("from {a} to {b}"
    in the report's sentences)."""
    a, b = format(x, fmt) + unit, format(y, fmt) + unit
    if a == b:
        return f"stayed at {a}"
    return f"{'rose' if y > x else 'fell'} " + change.format(a=a, b=b)


def is_content(word: str) -> bool:
    """A word with a letter in it that is not a function word."""
    return any(ch.isalpha() for ch in word) and word not in FUNCTION_WORDS


def similarity_rows(embs: dict, a: str, b: str, chance: ChanceLevels | None = None) -> list[dict]:
    """Per epoch: cos(a, b), the median and 5 %–95 % band of the random-pair cosines, the
    percentile of cos(a, b) among them, b's rank among a's neighbours and a's among b's (among the
    same words), and, with the run's control (``chance``), the same pair's cosine in the control
    and whether the pair is "related": closer than 99.9 % of the control's pairs of the same
    frequencies (chance.PairChance), or one word among the other's 10 nearest and beyond chance at
    its rank (chance.NeighbourChance). Without a control "related" is None."""
    rows = []
    for e, emb in sorted(embs.items()):
        i, j = emb.id(a), emb.id(b)
        base = Baseline.of(emb.unit)
        cos = cosine(emb.unit, i, j)
        rab, rba = rank(emb.unit, i, j), rank(emb.unit, j, i)
        row = {"epoch": e, "cos": cos, "median": base.quantile(0.5), "p5": base.quantile(0.05),
               "p95": base.quantile(0.95), "percentile": base.percentile(cos), "rank_ab": rab, "rank_ba": rba,
               "related": None, "control_cos": None, "pair_line": None, "zero": not emb.unit.any()}
        if chance is not None and chance.has(e) and not row["zero"]:
            pairs, near = chance.pairs(e), chance.neighbours(e)
            row["control_cos"] = cosine(chance.controls[e].unit, i, j)
            row["pair_line"] = pairs.line_for(i, j)
            row["related"] = (pairs.related(i, j, cos) or near.beyond(i, rab, cos) or near.beyond(j, rba, cos))
        rows.append(row)
    return rows


def top_neighbours(emb, ids: np.ndarray, k: int = 10, block: int = 256) -> np.ndarray:
    """(len(ids), k) the ids of each word's k nearest words (itself left out), nearest first.
    ``block`` words at a time: all at once would hold two len(ids) × V matrices (0.27 GB for
    the 1,000 words neighbourhood_changes probes)."""
    out = np.empty((len(ids), k), np.int64)
    for lo in range(0, len(ids), block):
        part = ids[lo:lo + block]
        neg = -(emb.unit[part] @ emb.unit.T)
        neg[np.arange(len(part)), part] = np.inf
        best = np.argpartition(neg, k, axis=1)[:, :k]
        order = np.argsort(np.take_along_axis(neg, best, 1), axis=1, kind="stable")
        out[lo:lo + block] = np.take_along_axis(best, order, 1)
    return out


def neighbourhood_change(before, after, k: int = 10, keep: int = 40, skip: int = SKIP_FREQUENT,
                         probe: int = CONTENT_WORDS) -> tuple[list, dict]:
    """How the top-k neighbourhoods of content words (ranks skip..skip+probe by frequency) change
    between two epochs. -> (the ``keep`` words that kept fewest: [[word, kept, [3 neighbours
    before], [3 after]], ...], fewest first, ties the more frequent first; and the distribution of
    how many of k every such word kept: {"words", "p10", "median", "p90", "mean"})."""
    words = before.words
    ids = np.array([i for i in range(skip, min(skip + probe, len(words))) if is_content(words[i])])
    if not len(ids):
        return [], {"words": 0}
    a, b = top_neighbours(before, ids, k), top_neighbours(after, ids, k)
    kept = np.array([len(set(x) & set(y)) for x, y in zip(a, b)])
    rows = []
    for n in np.argsort(kept, kind="stable")[:keep]:
        rows.append([words[ids[n]], int(kept[n]), [words[j] for j in a[n][:3]],
                     [words[j] for j in b[n][:3]]])
    p10, median, p90 = np.percentile(kept, [10, 50, 90])
    return rows, {"words": len(ids), "p10": float(p10), "median": float(median), "p90": float(p90),
                  "mean": float(kept.mean()), "k": k}


def neighbourhood_changes(before, after, k: int = 10, keep: int = 40,
                          skip: int = SKIP_FREQUENT, probe: int = CONTENT_WORDS) -> list:
    """neighbourhood_change's list of the words that changed most."""
    return neighbourhood_change(before, after, k, keep, skip, probe)[0]


def own_group_share(emb, words, groups) -> float:
    """The structure number: the share of the group words (``groups``, one per word) whose nearest
    other group word, by cosine in the full dimension, is of its own group."""
    ids = np.array([emb.index[w] for w in words])
    sims = emb.unit[ids].astype(np.float64) @ emb.unit[ids].T.astype(np.float64)
    np.fill_diagonal(sims, -np.inf)
    labels = np.asarray(groups)
    return float(np.mean(labels[sims.argmax(1)] == labels))


def structure_by_epoch(embs: dict, controls: dict | None = None) -> dict | None:
    """The structure number at every epoch, over the probe groups' words in the vocabulary (the
    coloured words of the maps): {"share": {epoch: share}, "control": {epoch: the control's share}
    (its chance level: what the same training on shuffled text gives; {} without a control),
    "words": n, "groups": how many groups}; None when fewer than two groups are there."""
    first = embs[min(embs)]
    words, groups = word_set(first.index)
    pick = [(w, g) for w, g in zip(words, groups) if g != "frequent"]
    if len({g for _, g in pick}) < 2:
        return None
    words, groups = [w for w, _ in pick], [g for _, g in pick]

    def shares(tables):          # an all-zero table (W_out at epoch 0) has no nearest word
        return {e: own_group_share(emb, words, groups) for e, emb in sorted(tables.items()) if np.any(emb.unit)}
    return {"share": shares(embs), "control": shares({e: c for e, c in (controls or {}).items() if e in embs}),
            "words": len(words), "groups": len(set(groups))}


def stable_since(embs: dict, word: str, k: int = 10, min_count: int = 1):
    """The first checkpoint epoch from which the word's top-k neighbours (as a set; among words
    seen ``min_count`` times) stayed the same up to the last checkpoint; None when they still
    changed at the last one."""
    epochs = sorted(embs)
    tops = [{w for w, _ in embs[e].neighbors(word, k, min_count)} for e in epochs]
    since = None
    for n in range(len(epochs) - 1, 0, -1):
        if tops[n] != tops[n - 1]:
            break
        since = epochs[n - 1]
    return since


def neighbours_with_chance(emb, word: str, topn: int = 10, min_count: int = 1, chance=None) -> dict:
    """A word's nearest neighbours, each with its corpus count and, given the control's
    chance.NeighbourChance at the same epoch (among the same words), whether it is beyond chance
    at its rank (None without one): {"neighbours": [(word, cos, count, beyond)], "chance", "among",
    "beyond": how many of the first RANKS are (None without a control)}."""
    i = emb.id(word)
    rows = []
    for r, (w, cos) in enumerate(emb.neighbors(word, topn, min_count), 1):
        count = int(emb.counts[emb.index[w]]) if emb.counts is not None else None
        rows.append((w, cos, count, None if chance is None or r > RANKS else chance.beyond(i, r, cos)))
    return {"neighbours": rows, "chance": chance, "among": len(emb.among(min_count)),
            "beyond": None if chance is None else sum(bool(v) for *_, v in rows[:RANKS])}


def probe_neighbours(embs: dict, words, topn: int = 5) -> dict:
    """{word: {epoch: [(neighbour, cosine), ...]}} for the ``words`` in the vocabulary."""
    first = embs[min(embs)]
    return {w: {e: embs[e].neighbors(w, topn) for e in sorted(embs)} for w in words if w in first.index}


def analogy_ranks(embs: dict, a: str, b: str, c: str, d: str) -> dict:
    """{epoch: d's rank among the 3CosAdd answers to a − b + c} (1 = answered)."""
    out = {}
    for e, emb in sorted(embs.items()):
        ia, ib, ic, id_ = emb.id(a), emb.id(b), emb.id(c), emb.id(d)
        target = emb.unit[ia] - emb.unit[ib] + emb.unit[ic]
        scores = emb.unit.astype(np.float64) @ target.astype(np.float64)
        s_d = scores[id_]
        scores[[ia, ib, ic, id_]] = -np.inf
        out[e] = 1 + int(np.sum(scores > s_d))
    return out


def first_answered(ranks: dict):
    """The first epoch from which the answer stays no. 1, or None."""
    epochs = sorted(ranks)
    first = None
    for e in reversed(epochs):
        if ranks[e] != 1:
            break
        first = e
    return first
