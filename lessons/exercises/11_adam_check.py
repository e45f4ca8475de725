"""Checks for exercise 11, adam_update (lesson 11, Adam on the rows a batch touched):
m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t),
W ← W − lr·m̂ / (sqrt(v̂) + ε), in place and only on `rows`, against skipgram_np.model.adam_update."""
import numpy as np
from checking import Mismatch, call, compare, exercise, number_of

from skipgram_np import model

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def reference_adam(W, m, v, grad, rows, lr, t, b1, b2, eps, *, no_bias=False, no_bias_m=False,
                   no_bias_v=False, no_square=False, flip=False, all_rows=False, eps_inside=False,
                   efficient=False, no_sqrt=False, t_plus_one=False, t_minus_one=False):
    """model.adam_update written out, with flags for the usual mistakes (in place)."""
    rows = np.arange(len(W)) if all_rows else rows
    t = t + 1 if t_plus_one else t - 1 if t_minus_one else t      # an off-by-one step number
    g = grad[rows]
    m[rows] = b1 * m[rows] + (1 - b1) * g
    v[rows] = b2 * v[rows] + (1 - b2) * (g if no_square else g * g)
    with np.errstate(invalid="ignore", divide="ignore"):
        m_hat = m[rows] / (1.0 if (no_bias or no_bias_m) else (1 - b1 ** t))
        v_hat = v[rows] / (1.0 if (no_bias or no_bias_v) else (1 - b2 ** t))
        if no_sqrt:
            step = lr * m_hat / (v_hat + eps)
        elif efficient:
            step = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m[rows] / (np.sqrt(v[rows]) + eps)
        elif eps_inside:
            step = lr * m_hat / np.sqrt(v_hat + eps)
        else:
            step = lr * m_hat / (np.sqrt(v_hat) + eps)
    W[rows] += step if flip else -step


ADAM_HINTS = {
    "no_bias": "the bias correction is missing: divide m by (1 − β1^t) and v by (1 − β2^t) — "
               "without it the first steps are far too large: at t = 1 the step is (1 − β1)/√(1 − β2)·lr "
               "≈ 3.16·lr per coordinate instead of lr (Kingma & Ba 2015, §3)",
    "no_bias_m": "m's bias correction is missing: m̂ = m / (1 − β1^t) (without it the first step is "
                 "1 − β1 = 0.1 of what it should be)",
    "no_bias_v": "v's bias correction is missing: v̂ = v / (1 − β2^t) (without it the first step is "
                 "1/√(1 − β2) ≈ 31.6 times too large)",
    "no_sqrt": "divide by the square root of v̂: W ← W − lr·m̂ / (sqrt(v̂) + ε); m̂ / v̂ has the units of "
               "1/g, so the step would grow as the gradient shrinks",
    "t_plus_one": "the step number is off by one: the bias corrections use this call's t (1 on the first "
                  "step), not t + 1",
    "t_minus_one": "the step number is off by one: the bias corrections use this call's t, not t − 1 (at "
                   "t = 1, 1 − β^0 = 0 divides by zero)",
    "no_square": "v averages the *squared* gradient: v ← β2·v + (1 − β2)·g²",
    "flip": "the step goes uphill: W ← W − lr·m̂ / (sqrt(v̂) + ε)",
    "all_rows": "rows outside `rows` changed: update only W[rows], m[rows] and v[rows]",
    "eps_inside": "ε goes outside the square root: sqrt(v̂) + ε",
    "efficient": "that is the paper's 'efficient' ordering, where ε is not scaled like v̂; it "
                 "differs when v is tiny — write m̂ / (sqrt(v̂) + ε) as torch.optim.Adam does",
}


@exercise(NUMBER, "adam_update", model.adam_update)
def check_adam_update(fn, module=None) -> str:
    rng = np.random.default_rng(9)
    V, d, lr, b1, b2, eps = 6, 3, 0.01, 0.9, 0.999, 1e-8
    W0 = rng.normal(0, 1, (V, d))
    steps = []
    for t in (1, 2, 3, 4):
        grad = rng.normal(0, 1, (V, d)) * 10.0 ** rng.integers(-6, 1, (V, 1))   # some rows tiny
        steps.append((t, grad, np.sort(rng.choice(V, int(rng.integers(2, V)), replace=False))))
    states = {"ref": [W0.copy(), np.zeros((V, d)), np.zeros((V, d))]}
    states.update({k: [W0.copy(), np.zeros((V, d)), np.zeros((V, d))] for k in ADAM_HINTS})
    W, m, v = W0.copy(), np.zeros((V, d)), np.zeros((V, d))
    for t, grad, rows in steps:
        m_before = m.copy()
        call(fn, W, m, v, grad.copy(), rows.copy(), lr, t, b1, b2, eps)
        reference_adam(*states["ref"], grad, rows, lr, t, b1, b2, eps)
        for k in ADAM_HINTS:
            reference_adam(*states[k], grad, rows, lr, t, b1, b2, eps, **{k: True})
        if np.array_equal(m, m_before) and np.any(grad[rows] != 0):
            raise Mismatch(f"step t = {t}: m did not change\n    hint: update m and v in place "
                           f"(m[rows] = …); the caller keeps them for the next step")
        for i, name in enumerate(("W", "m", "v")):
            compare(f"{name} after step t = {t} (rows {rows.tolist()})", (W, m, v)[i], states["ref"][i],
                    [(ADAM_HINTS[k], states[k][i]) for k in ADAM_HINTS])
    return "4 consecutive steps on random rows (some gradients ~1e-6) agree with skipgram_np.model.adam_update"
