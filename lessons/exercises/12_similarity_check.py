"""Checks for exercise 12, cosine and three_cos_add (lesson 12, querying embeddings):
cos(x, y) = x·y / (|x|·|y|), and 3CosAdd: argmax over w not in {a, b, c} of cos(W[w], â − b̂ + ĉ),
against skipgram_np.embeddings.Embeddings.analogy."""
import numpy as np
from checking import Mismatch, call, compare, exercise, number_of

from skipgram_np.embeddings import Embeddings

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def reference_cosine(x, y):
    """What ``--reference`` checks: x·y / (|x|·|y|)."""
    return float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))


def reference_three_cos_add(W, a, b, c):
    """What ``--reference`` checks: the package's 3CosAdd on the rows of W, words named by id."""
    emb = Embeddings([str(i) for i in range(len(W))], W)
    return int(emb.analogy(str(a), str(b), str(c), topn=1)[0][0])


@exercise(NUMBER, "cosine", reference_cosine)
def check_cosine(fn, module=None) -> str:
    rng = np.random.default_rng(10)
    for trial in range(8):
        x, y = rng.normal(0, 1, 5) * 10 ** rng.uniform(-2, 2), rng.normal(0, 1, 5) * 10 ** rng.uniform(-2, 2)
        if trial == 0:
            y = -3 * x                                           # opposite directions: −1
        expected = float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))
        got = call(fn, x.copy(), y.copy())
        compare(f"cosine(x, y) (case {trial + 1})", got, expected, [
            ("that is the dot product: divide by |x|·|y|", x @ y),
            ("divided by |x|², the squared length (x·x): the cosine divides by the lengths |x|·|y|, each "
             "the square root of its dot product with itself", x @ y / (x @ x)),
            ("divided by the squared lengths |x|²·|y|²: take their square roots, |x| = sqrt(x·x)",
             x @ y / ((x @ x) * (y @ y))),
            ("divide by both lengths: |x|·|y|", x @ y / np.linalg.norm(x)),
            ("divide by both lengths: |x|·|y|", x @ y / np.linalg.norm(y)),
            ("that is the cosine distance 1 − cos", 1 - expected),
            ("that is the angle arccos(cos); the similarity is the cosine itself", np.arccos(expected)),
        ])
    return "8 random pairs of vectors (lengths 0.01 … 100, one pair opposite) agree"


def _analogy_variants(W, a, b, c):
    """The 3CosAdd answer and what the usual mistakes answer, as word ids."""
    emb = Embeddings([str(i) for i in range(len(W))], W)
    unit = emb.unit.astype(np.float64)
    right = int(emb.analogy(str(a), str(b), str(c), topn=1)[0][0])

    def best(scores, exclude=True):
        scores = scores.copy()
        if exclude:
            scores[[a, b, c]] = -np.inf
        return int(np.argmax(scores))
    target = unit[a] - unit[b] + unit[c]
    raw = W[a] - W[b] + W[c]
    return right, {
        "nothing is normalised: use unit rows ŵ = W[w] / |W[w]| for a, b and c, and rank the candidates by "
        "cosine, not by the dot product with the raw W[a] − W[b] + W[c]": best(W @ raw),
        "the answer is one of the question words: exclude a, b and c (they are usually nearest to "
        "â − b̂ + ĉ)": best(unit @ target, exclude=False),
        "use unit vectors for a, b and c: â − b̂ + ĉ, each row divided by its length (a long row "
        "dominates otherwise)": best(unit @ (raw / np.linalg.norm(raw))),
        "rank the candidates by cosine (unit rows), not by the dot product: long rows win otherwise":
            best(W @ target),
        "the offset is a − b + c (king − man + woman), not b − a + c": best(unit @ (unit[b] - unit[a] + unit[c])),
    }


@exercise(NUMBER, "three_cos_add", reference_three_cos_add)
def check_three_cos_add(fn, module=None) -> str:
    rng = np.random.default_rng(11)
    V, d, n = 40, 6, 25
    W = rng.normal(0, 1, (V, d)) * 10 ** rng.uniform(-1, 1, (V, 1))          # rows of mixed length
    questions = [tuple(int(x) for x in rng.choice(V, 3, replace=False)) for _ in range(n)]
    mine, right, variants = [], [], {}
    for a, b, c in questions:
        got = call(fn, W.copy(), a, b, c)
        try:
            mine.append(int(got))
        except (TypeError, ValueError):
            raise Mismatch(f"three_cos_add should return a word id (an int), got {got!r}") from None
        r, wrong = _analogy_variants(W, a, b, c)
        right.append(r)
        for hint, answer in wrong.items():
            variants.setdefault(hint, []).append(answer)
    if mine == right:
        return f"{n} random questions on a {V}-word table agree with skipgram_np.embeddings (3CosAdd)"
    i = next(i for i in range(n) if mine[i] != right[i])
    a, b, c = questions[i]
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)
    target = unit[a] - unit[b] + unit[c]
    cos = unit @ (target / np.linalg.norm(target))
    message = (f"question {i + 1}, a = {a}, b = {b}, c = {c}: expected word {right[i]} "
               f"(cos {cos[right[i]]:.4f}), got {mine[i]}"
               + (f" (cos {cos[mine[i]]:.4f})" if 0 <= mine[i] < V else "")
               + f"  ({sum(x != y for x, y in zip(mine, right))} of {n} questions differ)")
    for hint, answers in variants.items():
        if answers == mine:
            message += f"\n    hint: {hint}"
            break
    raise Mismatch(message)
