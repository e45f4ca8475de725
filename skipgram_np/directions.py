"""Directions of meaning: axes made from words, projections on them, how consistent a relation's
offsets are, a WEAT-style bias test, and the plane an analogy lives in.

All of it works on unit rows û = u / |u| (embeddings.unit_rows), so that only directions count:

    direction(A, B)  d = mean_{a∈A} â − mean_{b∈B} b̂, scaled to length 1   (he − she, or word lists)
    coordinate       x(w) = ŵ · d = cos(w, d)
    second axis      e = the part of d₂ orthogonal to d₁:  (d₂ − (d₂·d₁) d₁) / |…|  (Gram–Schmidt)

**Against chance.** Any axis orders the words, noise too: at epoch 0 he − she still puts some
occupation nearest he. So the page gives a coordinate as its place among all its words'
coordinates (a percentile, which can be compared across epochs) beside the same at epoch 0, and
it badges an *axis*, never a word: an axis made of pairs (he, she), (man, woman), … is beyond
chance when its offsets agree more than the offsets of every one of 20,000 sets of as many random
word pairs (below), and more than the same pairs' offsets agree in the run's control (the same
training on the words shuffled, chance.py), which is what the pairs' frequencies alone give. A
per-word test was tried and dropped: against 20,000 random axes made the same way, no word of the
presets beat the most aligned random axis at any epoch of the default run: a badge no word can earn.

**Offsets.** A relation given as pairs (a_i, b_i) — (he, she), (france, paris) — has offsets
o_i = â_i − b̂_i and the axis direction(A, B) = their mean, scaled; its consistency is the mean
cosine between two different pairs' offsets,

    consistency = mean_{i<j} cos(o_i, o_j) = (|Σ_i ô_i|² − n) / (n (n − 1))      (ô = o / |o|)

and it is beyond chance when it is above that of every one of R = 20,000 sets of n random word
pairs (lowbias32, as baseline.py: the page draws the same ones). At epoch 0 the pairs are random
too, so noise earns it once in R + 1.

**WEAT** (Caliskan, Bryson & Narayanan, 2017), target words X, Y and attribute words A, B:

    s(w) = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b)
    effect size = (mean_{x∈X} s(x) − mean_{y∈Y} s(y)) / std_{w∈X∪Y} s(w)     (sample std)
    p = share of the equal-size splits (X', Y') of X ∪ Y with Σ_{X'} s − Σ_{Y'} s ≥ Σ_X s − Σ_Y s

(every split when there are at most 100,000, else 100,000 seeded random ones).

**The analogy plane.** A − B + C (king − man + woman): with the origin at B̂,

    e₁ = (Â − B̂) / |Â − B̂|,   e₂ = the part of Ĉ − B̂ orthogonal to e₁, scaled to length 1
    coordinates of a point p:  ((p − B̂)·e₁, (p − B̂)·e₂)

B̂, Â, Ĉ and the tip T = Â − B̂ + Ĉ lie in that plane (B at 0, A on the x axis, T = A + C: a
parallelogram); any other word D̂ is drawn at its projection, with its distance out of the plane.
|T − ŵ|² = |T|² + 1 − 2|T| cos(w, T), so the unit word nearest the tip is the 3CosAdd answer.
(Written a : b :: c : d elsewhere, this is x along b − a and y from c − a, origin at a.)

The page's JavaScript twin is explorer/axes.js (axes, percentiles, consistency) and explorer/analogy.js (the plane).
Left out: debiasing (Bolukbasi et al., 2016 project the gender direction out): a lesson of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np

from .baseline import hash32

N_RANDOM_SETS = 20_000      # sets of random word pairs, for an axis's consistency by chance
RANDOM_SEED = 0x10          # their ids: hash32(RANDOM_SEED · 2^24 + …), apart from baseline's pairs
MAX_LIST = 20              # words per side of an axis (typed lists are cut to it)
WEAT_SPLITS = 100_000      # exact permutation test up to this many splits, else as many random ones


# ----------------------------------------------------------------------------------- axes
def direction(unit: np.ndarray, pos, neg) -> np.ndarray:
    """d = mean of the unit rows ``pos`` − mean of the unit rows ``neg``, scaled to length 1 (d, )."""
    d = unit[np.asarray(pos)].astype(np.float64).mean(0) - unit[np.asarray(neg)].astype(np.float64).mean(0)
    return d / max(float(np.linalg.norm(d)), 1e-12)


def orthogonal_part(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The part of y orthogonal to the unit vector x, scaled to length 1 (one Gram–Schmidt step);
    works on one vector (d,) or on rows (n, d)."""
    y = np.asarray(y, dtype=np.float64)
    e = y - (y @ x)[..., None] * x
    return e / np.maximum(np.linalg.norm(e, axis=-1, keepdims=True), 1e-12)


def project(unit: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """Every word's coordinate on a unit axis: cos(w, axis) = ŵ · axis (V,)."""
    return unit.astype(np.float64) @ axis


@dataclass
class Plane:
    """Two axes made from words: x = direction(x lists), y = direction(y lists), or its part
    orthogonal to x; ``angle_cos`` = cos between the two directions before that."""
    x: np.ndarray
    y: np.ndarray
    angle_cos: float
    orthogonal: bool

    @classmethod
    def of(cls, unit, x_lists, y_lists, orthogonal: bool = True) -> "Plane":
        x, y = direction(unit, *x_lists), direction(unit, *y_lists)
        return cls(x, orthogonal_part(y, x) if orthogonal else y, float(x @ y), orthogonal)

    def coords(self, unit, ids) -> np.ndarray:
        """(len(ids), 2): each word's (cos with x, cos with y)."""
        rows = unit[np.asarray(ids)].astype(np.float64)
        return np.stack([rows @ self.x, rows @ self.y], axis=1)


def percentile(values: np.ndarray, c: float) -> float:
    """Share (in %) of ``values`` below c, ties counted half: a coordinate's place among the
    coordinates of all the words (the page: its words)."""
    v = np.sort(np.asarray(values, dtype=np.float64))
    lo, hi = np.searchsorted(v, c, "left"), np.searchsorted(v, c, "right")
    return 100.0 * (lo + 0.5 * (hi - lo)) / len(v)


def random_lists(n_words: int, n: int, sets: int = N_RANDOM_SETS) -> np.ndarray:
    """(sets, 2n) word ids, with replacement: set k's pairs are (ids[k, m], ids[k, n + m]),
    id = hash32(RANDOM_SEED · 2^24 + 2n k + m) mod n_words."""
    k = np.arange(sets, dtype=np.uint32)[:, None] * np.uint32(2 * n) + np.arange(2 * n, dtype=np.uint32)
    with np.errstate(over="ignore"):
        return (hash32(k + np.uint32(RANDOM_SEED << 24)) % np.uint32(n_words)).astype(np.int64)


# ----------------------------------------------------------------------------------- offsets
def offsets(unit: np.ndarray, pairs) -> np.ndarray:
    """(n, d): o_i = â_i − b̂_i for pairs (a_i, b_i) of ids."""
    a, b = np.asarray(pairs).T
    return unit[a].astype(np.float64) - unit[b].astype(np.float64)


def consistency(unit: np.ndarray, pairs) -> float:
    """The mean cosine between two different pairs' offsets: (|Σ ô_i|² − n) / (n (n − 1))."""
    o = offsets(unit, pairs)
    o /= np.maximum(np.linalg.norm(o, axis=1, keepdims=True), 1e-12)
    n, total = len(o), o.sum(0)
    return float((total @ total - np.sum(o * o)) / (n * (n - 1)))


def random_consistency(unit: np.ndarray, n: int, sets: int = N_RANDOM_SETS) -> np.ndarray:
    """The consistency of each of ``sets`` sets of n random word pairs (random_lists): a
    relation's consistency is beyond chance above their largest."""
    ids = random_lists(len(unit), n, sets)
    rows = unit.astype(np.float32)                  # (float32: 2.5 times faster; the page's float64 agrees to ~1e-7)
    out = np.empty(sets)
    for start in range(0, sets, 500):                                    # 500 sets at a time: ~3 MB
        block = ids[start:start + 500]
        o = rows[block[:, :n]] - rows[block[:, n:]]                      # (500, n, d)
        o /= np.maximum(np.sqrt(np.einsum("knd,knd->kn", o, o))[..., None], 1e-12)
        total = o.sum(1)
        out[start:start + 500] = (np.einsum("kd,kd->k", total, total) - np.einsum("knd,knd->k", o, o)) / (n * (n - 1))
    return out


def held_out(unit: np.ndarray, pairs) -> np.ndarray:
    """For each pair i: cos(o_i, the axis made from the other pairs), > 0 when the held-out pair
    points the axis's way (under noise, half of them do)."""
    pairs = np.asarray(pairs)
    o = offsets(unit, pairs)
    total = o.sum(0)
    rest = (total - o) / (len(o) - 1)                                     # mean of the others' offsets
    return np.einsum("nd,nd->n", o, rest) / np.maximum(
        np.linalg.norm(o, axis=1) * np.linalg.norm(rest, axis=1), 1e-12)


@dataclass
class AxisTest:
    """An axis made of n pairs, against chance: its offsets' consistency, the largest of the
    random sets', the same pairs' consistency in the run's control at the same epoch (what their
    frequencies alone make them agree; None without a control), and how many pairs, each held out,
    point its way. Beyond chance above both."""
    n: int
    consistency: float
    chance_max: float
    chance_median: float
    held_out_right: int
    control: float | None = None

    @property
    def beyond(self) -> bool:
        return self.consistency > self.chance_max and (self.control is None or self.consistency > self.control)

    @classmethod
    def of(cls, unit: np.ndarray, pos, neg, control: np.ndarray | None = None) -> "AxisTest | None":
        """None for fewer than 2 pairs (one pair has no second offset to agree with); ``control``:
        the control's unit rows at the same epoch, in the same word ids."""
        if len(pos) < 2 or len(pos) != len(neg):
            return None
        pairs = list(zip(pos, neg))
        rand = random_consistency(unit, len(pairs))
        return cls(len(pairs), consistency(unit, pairs), float(rand.max()), float(np.median(rand)),
                   int(np.sum(held_out(unit, pairs) > 0)),
                   None if control is None or not control.any() else consistency(control, pairs))


def resolve(axis: dict, index: dict) -> tuple[list, list]:
    """A preset's axis ({"pairs": [(a, b), …]}) as (ids of the a words, ids of the b words),
    keeping the pairs whose two words ``index`` holds."""
    pairs = [(index[a], index[b]) for a, b in axis["pairs"] if a in index and b in index]
    return [a for a, _ in pairs], [b for _, b in pairs]


def preset_words(preset: dict, index: dict) -> tuple[list, list]:
    """-> (ids of the words a preset places, the pairs it draws): its "words", or else the
    words of its x axis's pairs, each pair drawn."""
    if "words" in preset:
        return [index[w] for w in preset["words"] if w in index], []
    pos, neg = resolve(preset["x"], index)
    return [i for pair in zip(pos, neg) for i in pair], list(zip(pos, neg))


def page_presets(presets: dict, index: dict) -> dict:
    """The presets (probes.AXES_PRESETS) as the page reads them, in the ids of ``index``: those with
    at least 2 pairs on x, 1 on y and 2 words to place."""
    out = {}
    for name, p in presets.items():
        (xa, xb), (ya, yb) = resolve(p["x"], index), resolve(p["y"], index)
        words, pairs = preset_words(p, index)
        if len(xa) >= 2 and ya and len(words) >= 2:
            out[name] = {"title": f"{name}: {p['x']['label']} × {p['y']['label']}",
                         "x": {"label": p["x"]["label"], "pos": xa, "neg": xb},
                         "y": {"label": p["y"]["label"], "pos": ya, "neg": yb}, "words": words,
                         "pairs": [list(pair) for pair in pairs]}
    return out


# ----------------------------------------------------------------------------------- WEAT
def association(unit: np.ndarray, w, A, B) -> np.ndarray:
    """s(w) = mean_a cos(w, a) − mean_b cos(w, b) for each id of w."""
    rows = unit.astype(np.float64)
    return (rows[np.asarray(w)] @ rows[np.asarray(A)].T).mean(1) - (rows[np.asarray(w)] @ rows[np.asarray(B)].T).mean(1)


@dataclass
class Weat:
    effect: float          # Cohen's-d-like effect size
    p: float               # one-sided permutation p-value
    splits: int            # how many splits it was computed over
    exact: bool            # every split (True) or random ones
    s_x: np.ndarray        # s(x) for x in X
    s_y: np.ndarray


def weat(unit: np.ndarray, X, Y, A, B, seed: int = 0) -> Weat:
    """The WEAT effect size and permutation p-value (the module docstring has the formulas)."""
    s = association(unit, list(X) + list(Y), A, B)
    nx = len(X)
    sx, sy = s[:nx], s[nx:]
    effect = float((sx.mean() - sy.mean()) / s.std(ddof=1))
    stat = sx.sum() - sy.sum()
    total = s.sum()
    n_splits = comb(len(s), nx)
    if n_splits <= WEAT_SPLITS:
        firsts = np.fromiter((i for c in combinations(range(len(s)), nx) for i in c), np.int64, n_splits * nx)
        sums = s[firsts.reshape(n_splits, nx)].sum(1)                     # every split's Σ_X' s
        exact = True
    else:
        rng = np.random.default_rng(seed)
        firsts = np.argsort(rng.random((WEAT_SPLITS, len(s))), axis=1)[:, :nx]
        sums = s[firsts].sum(1)
        n_splits, exact = WEAT_SPLITS, False
    stats = 2 * sums - total                       # Σ_X' s − Σ_Y' s = 2 Σ_X' s − Σ s
    p = float(np.mean(stats >= stat - 1e-12))
    return Weat(effect, p, n_splits, exact, sx, sy)


# ----------------------------------------------------------------------------------- analogy plane
@dataclass
class AnalogyPlane:
    """The plane of A − B + C (module docstring): 2D coordinates and distances, unit rows."""
    points: dict           # name -> (x, y): "A", "B", "C", "tip", and "D" (projected) if given
    off_plane: dict        # name -> distance of the point from the plane (0 for A, B, C, tip)
    tip_distance: dict     # name -> |T − ŵ| in all d dimensions (for "D" and any extra word)
    e1: np.ndarray
    e2: np.ndarray


def analogy_plane(unit: np.ndarray, a: int, b: int, c: int, others: dict | None = None) -> AnalogyPlane:
    """Coordinates on the plane of A − B + C for A, B, C, the tip and ``others`` ({name: id})."""
    rows = unit.astype(np.float64)
    A, B, C = rows[a], rows[b], rows[c]
    e1 = (A - B) / max(float(np.linalg.norm(A - B)), 1e-12)
    e2 = orthogonal_part(C - B, e1)
    tip = A - B + C

    def place(p):
        v = p - B
        x, y = float(v @ e1), float(v @ e2)
        return (x, y), float(np.linalg.norm(v - x * e1 - y * e2))
    points, off, dist = {}, {}, {}
    for name, p in (("A", A), ("B", B), ("C", C), ("tip", tip)):
        points[name], off[name] = place(p)
    for name, i in (others or {}).items():
        points[name], off[name] = place(rows[i])
        dist[name] = float(np.linalg.norm(tip - rows[i]))
    return AnalogyPlane(points, off, dist, e1, e2)
