"""Checks for exercise 17, analogy_coordinates (lesson 17, relations as offsets): the places of â, b̂,
ĉ, the tip â − b̂ + ĉ and d̂ on the plane of a − b + c, against skipgram_np.directions.analogy_plane."""
import numpy as np
from checking import call, compare, exercise, number_of

from skipgram_np.directions import analogy_plane
from skipgram_np.embeddings import unit_rows

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def reference_analogy_coordinates(W, a, b, c, d):
    """What ``--reference`` checks: directions.analogy_plane's places of A, B, C, the tip and D."""
    plane = analogy_plane(unit_rows(W), a, b, c, {"D": d})
    return np.array([plane.points[k] for k in ("A", "B", "C", "tip", "D")])


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _table(rng, V=30, dim=6):
    """Rows of very different lengths, so that a forgotten normalisation shows."""
    return rng.normal(0, 1, (V, dim)) * 10 ** rng.uniform(-1, 1, (V, 1))


@exercise(NUMBER, "analogy_coordinates", reference_analogy_coordinates)
def check_analogy_coordinates(fn, module=None) -> str:
    rng = np.random.default_rng(15)
    for case in range(6):
        W = _table(rng)
        a, b, c, d = (int(i) for i in rng.choice(len(W), 4, replace=False))
        expected = reference_analogy_coordinates(W, a, b, c, d)
        got = call(fn, W.copy(), a, b, c, d)
        U = _unit(W)
        A, B, C, D = U[a], U[b], U[c], U[d]
        pts = np.array([A, B, C, A - B + C, D])
        e1 = _unit(A - B)
        e2 = _unit((C - B) - ((C - B) @ e1) * e1)

        def places(origin, x, y, points=pts):
            return np.stack([(points - origin) @ x, (points - origin) @ y], axis=1)
        raw = np.array([W[a], W[b], W[c], W[a] - W[b] + W[c], W[d]])
        re1 = _unit(W[a] - W[b])
        compare(f"analogy_coordinates(W, a, b, c, d) (case {case + 1})", got, expected, [
            ("make y orthogonal to x: subtract (v·e1) e1 from v = ĉ − b̂ before scaling it",
             places(B, e1, _unit(C - B))),
            ("measure from b̂: a point's place is ((p − b̂)·e1, (p − b̂)·e2), not (p·e1, p·e2)",
             places(np.zeros_like(B), e1, e2)),
            ("scale every row to length 1 first (â = W[a] / |W[a]|)",
             places(W[b], re1, _unit((W[c] - W[b]) - ((W[c] - W[b]) @ re1) * re1), raw)),
            ("x runs along â − b̂ (the a − b offset), not b̂ − â", places(B, -e1, e2)),
            ("scale e1 to length 1", places(B, A - B, e2)),
        ])
    return "6 random questions (rows of lengths 0.1 … 10) agree with skipgram_np.directions.analogy_plane"
