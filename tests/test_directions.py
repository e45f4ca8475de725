"""Directions of meaning (directions.py) and the t-SNE map (tsne.py): the formulas against brute
force, planted structure found, noise never badged, and the presets' words in WikiText-2."""
from itertools import combinations

import numpy as np
import pytest

from skipgram_np import directions as D
from skipgram_np import tsne
from skipgram_np.config import PAGE_WORDS, Config
from skipgram_np.embeddings import Embeddings, unit_rows
from skipgram_np.probes import AXES_PRESETS


def noise(V=400, d=16, seed=0):
    """Rows like an untrained W_in: U(±0.5/d), as unit rows."""
    return unit_rows(np.random.default_rng(seed).uniform(-0.5 / d, 0.5 / d, (V, d)))


def test_consistency_closed_form_is_the_mean_pairwise_cosine():
    unit = noise()
    pairs = [(3, 7), (10, 2), (40, 41), (5, 90), (100, 200)]
    o = np.array([unit[a] - unit[b] for a, b in pairs], dtype=np.float64)
    o /= np.linalg.norm(o, axis=1, keepdims=True)
    brute = np.mean([o[i] @ o[j] for i, j in combinations(range(len(o)), 2)])
    assert D.consistency(unit, pairs) == pytest.approx(brute, abs=1e-7)     # (float32 rows)
    ids = D.random_lists(len(unit), 5, 30)                # the random sets use the same formula
    k = 17
    assert D.random_consistency(unit, 5, 30)[k] == pytest.approx(D.consistency(unit, list(zip(ids[k, :5], ids[k, 5:]))))


def test_axes_are_unit_and_the_second_is_orthogonal():
    unit = noise()
    plane = D.Plane.of(unit, ([1, 2, 3], [4, 5, 6]), ([7], [8]))
    assert np.linalg.norm(plane.x) == pytest.approx(1) and np.linalg.norm(plane.y) == pytest.approx(1)
    assert plane.x @ plane.y == pytest.approx(0, abs=1e-12)
    raw = D.direction(unit, [7], [8])
    assert plane.angle_cos == pytest.approx(plane.x @ raw)
    oblique = D.Plane.of(unit, ([1, 2, 3], [4, 5, 6]), ([7], [8]), orthogonal=False)
    assert np.allclose(oblique.y, raw)
    xy = plane.coords(unit, [9, 10])
    assert np.allclose(xy[:, 0], unit[[9, 10]].astype(np.float64) @ plane.x)
    assert D.percentile(np.arange(10.0), 4.0) == pytest.approx(45.0)      # 4 below, 1 tie counted half


def planted(V=300, d=12, n=8, seed=1):
    """A table where pairs (2i, 2i + 1) share one offset (a relation), the rest noise."""
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(V, d))
    rel = rng.normal(size=d)
    for i in range(n):
        W[2 * i] = W[2 * i + 1] + 1.5 * rel / np.linalg.norm(rel) * np.linalg.norm(W[2 * i + 1])
    return unit_rows(W), [2 * i for i in range(n)], [2 * i + 1 for i in range(n)]


def test_a_planted_relation_is_beyond_chance_and_noise_is_not():
    unit, pos, neg = planted()
    test = D.AxisTest.of(unit, pos, neg)
    assert test.beyond and test.held_out_right == test.n == 8
    for preset in AXES_PRESETS.values():                   # untrained tables, preset-sized axes
        n = len(preset["x"]["pairs"])
        for seed in range(3):
            u = noise(V=PAGE_WORDS // 5, d=100, seed=seed)
            ids = np.random.default_rng(seed).choice(len(u), 2 * n, replace=False)
            assert not D.AxisTest.of(u, ids[:n], ids[n:]).beyond
    assert D.AxisTest.of(unit, [1], [2]) is None           # one pair: nothing to agree with


def test_weat_effect_size_and_exact_p_value():
    unit, pos, neg = planted()
    X, Y, A, B = [20, 21, 22, 23], [30, 31, 32, 33], pos[:4], neg[:4]
    w = D.weat(unit, X, Y, A, B)
    rows = unit.astype(np.float64)

    def s(i):
        return np.mean([rows[i] @ rows[a] for a in A]) - np.mean([rows[i] @ rows[b] for b in B])
    sx, sy = [s(i) for i in X], [s(i) for i in Y]
    assert w.effect == pytest.approx((np.mean(sx) - np.mean(sy)) / np.std(sx + sy, ddof=1))
    everything = X + Y
    stat = sum(sx) - sum(sy)
    splits = [sum(s(i) for i in c) - sum(s(i) for i in everything if i not in c) for c in combinations(everything, 4)]
    assert w.exact and w.splits == 70 and w.p == pytest.approx(np.mean(np.array(splits) >= stat - 1e-12))
    # a planted bias: X near A, Y near B
    biased = unit.copy()
    biased[X] = unit_rows(unit[X] + 2 * unit[A])
    biased[Y] = unit_rows(unit[Y] + 2 * unit[B])
    b = D.weat(biased, X, Y, A, B)
    assert b.effect > 1.5 and b.p <= 1 / 70 + 1e-12


def test_analogy_plane_is_a_parallelogram_and_the_nearest_to_the_tip_is_3cosadd():
    unit = noise(V=200, d=20, seed=4)
    a, b, c, d = 10, 20, 30, 40
    p = D.analogy_plane(unit, a, b, c, {"D": d})
    A, B, C = (np.array(p.points[k]) for k in "ABC")
    assert np.allclose(B, 0) and A[1] == pytest.approx(0) and A[0] == pytest.approx(np.linalg.norm(unit[a] - unit[b]))
    assert np.allclose(np.array(p.points["tip"]), A + C)
    assert max(p.off_plane[k] for k in ("A", "B", "C", "tip")) < 1e-6
    x, y = p.points["D"]
    assert x ** 2 + y ** 2 + p.off_plane["D"] ** 2 == pytest.approx(np.sum((unit[d] - unit[b]).astype(np.float64) ** 2))
    emb = Embeddings([str(i) for i in range(len(unit))], unit)
    answer = int(emb.analogy(str(a), str(b), str(c), topn=1)[0][0])
    tip = unit[a] - unit[b] + unit[c]
    dist = np.linalg.norm(unit - tip, axis=1)
    dist[[a, b, c]] = np.inf
    assert int(np.argmin(dist)) == answer


def test_kept_neighbours_and_trust():
    rng = np.random.default_rng(2)
    flat = rng.normal(size=(60, 2))
    unit = np.hstack([flat, np.zeros((60, 3))])            # 2D data in 5D: a perfect map exists
    kept, lost = tsne.kept_neighbours(unit_rows(unit), flat / np.linalg.norm(flat, axis=1, keepdims=True), 0, k=5)
    assert len(kept) == 5 and lost == []
    assert tsne.trust(unit, unit[:, :2]) == pytest.approx(1.0)
    shuffled = rng.permutation(flat)
    kept, lost = tsne.kept_neighbours(unit, shuffled, 0, k=5)
    assert len(kept) + len(lost) == 5
    assert set(tsne.tsne_ids(500, [450, 499], n=20)) >= {450, 499} and len(tsne.tsne_ids(500, [450], n=20)) == 20


def test_tsne_maps_are_cached_and_start_from_the_previous_layout():
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(4, 8)) * 3
    tables = {0: rng.normal(size=(80, 8)), 1: centres[np.arange(80) % 4] + rng.normal(size=(80, 8))}
    tables[2] = tables[1] + 0.05 * rng.normal(size=(80, 8))   # almost no change from epoch 1
    m = tsne.maps(tables, 80, [5, 6, 7])
    assert tsne.maps({e: t.copy() for e, t in tables.items()}, 80, [5, 6, 7]) is m
    assert set(m["trust"]) == {"tsne", "pca_all", "pca_groups"} and m["epochs"] == [0, 1, 2]
    moved = np.linalg.norm(m["coords"][2] - m["coords"][1], axis=1).mean()
    spread = np.linalg.norm(m["coords"][1] - m["coords"][1].mean(0), axis=1).mean()
    assert moved < 0.5 * spread                             # started from epoch 1's layout, it stays near it


def test_presets_are_in_wikitext2s_page_words(wikitext_dir):
    from skipgram_np import prepare
    corpus = prepare.load_corpus(Config(), data_dir=wikitext_dir, progress=False, log=lambda *a: None)
    page = set(corpus.vocab.words[:PAGE_WORDS])
    for name, preset in AXES_PRESETS.items():
        words = {w for ax in ("x", "y") for pair in preset[ax]["pairs"] for w in pair} | set(preset.get("words", []))
        assert words <= page, (name, sorted(words - page))
    index = {w: i for i, w in enumerate(corpus.vocab.words[:PAGE_WORDS])}
    assert set(D.page_presets(AXES_PRESETS, index)) == set(AXES_PRESETS)


# ------------------------------------------------------------------------------ the lesson's exercise
def _check_module():
    import importlib.util
    import sys
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "lessons" / "check.py"
    if "lesson_check" not in sys.modules:
        spec = importlib.util.spec_from_file_location("lesson_check", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["lesson_check"] = module
        spec.loader.exec_module(module)
    return sys.modules["lesson_check"]


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _project_raw_mean(W, pos, neg, words):
    return _unit(W[words]) @ _unit(W[pos].mean(0) - W[neg].mean(0))


def _project_sum(W, pos, neg, words):
    U = _unit(W)
    return U[words] @ _unit(U[pos].sum(0) - U[neg].sum(0))


def _project_flipped(W, pos, neg, words):
    U = _unit(W)
    return U[words] @ _unit(U[neg].mean(0) - U[pos].mean(0))


def _plane_not_orthogonal(W, a, b, c, d):
    U = _unit(W)
    e1, e2 = _unit(U[a] - U[b]), _unit(U[c] - U[b])
    pts = np.array([U[a], U[b], U[c], U[a] - U[b] + U[c], U[d]]) - U[b]
    return np.stack([pts @ e1, pts @ e2], axis=1)


def _plane_from_zero(W, a, b, c, d):
    U = _unit(W)
    e1 = _unit(U[a] - U[b])
    v = U[c] - U[b]
    e2 = _unit(v - (v @ e1) * e1)
    pts = np.array([U[a], U[b], U[c], U[a] - U[b] + U[c], U[d]])
    return np.stack([pts @ e1, pts @ e2], axis=1)


@pytest.mark.parametrize("name, fn, hint", [
    ("project", _project_raw_mean, "scale every row to length 1 before averaging"),
    ("project", _project_sum, "average each side"),
    ("project", _project_flipped, "points from the neg words to the pos words"),
    ("analogy_coordinates", _plane_not_orthogonal, "make y orthogonal to x"),
    ("analogy_coordinates", _plane_from_zero, "measure from b̂"),
])
def test_exercises_17_and_18_reject_the_stub_and_name_a_planted_mistake(name, fn, hint):
    check = _check_module()
    number = {"analogy_coordinates": "17", "project": "18"}[name]       # lessons 17 and 18
    quiet = {r.name: r for r in check.run(number, log=lambda *a: None)}
    assert all(r.status == "TODO" for r in quiet.values())
    res = {r.name: r for r in check.run(number, {name: fn}, log=lambda *a: None)}[name]
    assert res.status == "FAIL" and "expected" in res.message and hint in res.message, res.message
    ok = check.run(number, check.reference_functions()[number], log=lambda *a: None)
    assert [r.status for r in ok] == ["PASS"]
