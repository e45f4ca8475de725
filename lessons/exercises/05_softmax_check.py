"""Checks for exercise 05, softmax_loss_and_grads (lesson 5, the full softmax):
L = Σ −log P(o | c) with P(o | c) = exp(s_o) / Σ_w exp(s_w), s_w = v_c·u_w, and its gradients
(∂L/∂s_w = P(w | c) − [w = o]), against the reference here (the package has no full softmax)."""
import numpy as np
from checking import Mismatch, call, compare, exercise, number_of

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def reference_softmax(W_in, W_out, center_ids, context_ids, *, fancy=False, no_minus_one=False,
                      flip=False, mean=False, no_shift=False, only_context_rows=False, only_context_in_v=False):
    """The softmax loss and gradients; the keyword flags make the usual mistakes."""
    rows = np.arange(len(center_ids))
    v_c = W_in[center_ids]
    s = v_c @ W_out.T
    if not no_shift:
        s = s - s.max(axis=1, keepdims=True)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(s)
        z = e.sum(axis=1)
        loss = float(np.sum(np.log(z) - s[rows, context_ids]))
        g = e / z[:, None]
    if not no_minus_one:
        g[rows, context_ids] -= 1.0
    d_v_c, dW_out = g @ W_out, g.T @ v_c
    g_o = g[rows, context_ids][:, None]                          # ∂L/∂s_o = p_o − 1, one per pair
    if only_context_rows:                                        # dW_out on the context rows alone
        dW_out = np.zeros_like(W_out)
        np.add.at(dW_out, context_ids, g_o * v_c)
    if only_context_in_v:                                        # ∂v_c from u_o alone
        d_v_c = g_o * W_out[context_ids]
    dW_in = np.zeros_like(W_in)
    if fancy:
        dW_in[center_ids] += d_v_c
    else:
        np.add.at(dW_in, center_ids, d_v_c)
    sign, scale = (-1.0 if flip else 1.0), (1.0 / len(center_ids) if mean else 1.0)
    return loss * scale, sign * scale * dW_in, sign * scale * dW_out


@exercise(NUMBER, "softmax_loss_and_grads", reference_softmax)
def check_softmax(fn, module=None) -> str:
    rng = np.random.default_rng(5)
    for trial, scale in enumerate((0.5, 0.5, 60.0)):             # the last: scores in the hundreds
        V, d, B = 7, 3, 6
        W_in, W_out = rng.normal(0, scale, (V, d)), rng.normal(0, scale, (V, d))
        c, o = rng.integers(0, V, B), rng.integers(0, V, B)
        c[1] = c[0]                                              # a repeated centre
        loss, dW_in, dW_out = reference_softmax(W_in, W_out, c, o)
        got = call(fn, W_in.copy(), W_out.copy(), c.copy(), o.copy())
        if not (isinstance(got, tuple) and len(got) == 3):
            raise Mismatch("softmax_loss_and_grads should return (loss, dW_in, dW_out)")
        variants = {k: reference_softmax(W_in, W_out, c, o, **{k: True})
                    for k in ("fancy", "no_minus_one", "flip", "mean", "no_shift", "only_context_rows",
                              "only_context_in_v")}
        hints = {
            "no_shift": "exp overflowed: subtract each row's maximum score before np.exp (it "
                        "changes no probability)",
            "fancy": "centre c[0] appears twice but got only one gradient: fancy-index += does not "
                     "add up repeated ids; use np.add.at(dW_in, center_ids, d_v_c)",
            "no_minus_one": "∂L/∂s = p − y: subtract 1 at the context word (g[rows, o] −= 1)",
            "flip": "the sign is flipped: L = −log P(o | c), so ∂L/∂s_w = P(w | c) − [w = o]",
            "mean": "divided by the batch size: return the *summed* loss and its gradients",
            "only_context_rows": "dW_out has a gradient in every row, not only the context words': every "
                                 "score s_w enters the softmax, so ∂L/∂u_w = (P(w | c) − [w = o])·v_c for all "
                                 "V words (dW_out = (p − y)ᵀ v_c summed over the batch)",
            "only_context_in_v": "∂L/∂v_c = Uᵀ(p − y) sums over every word w, not only the context word: "
                                 "Σ_w (P(w | c) − [w = o])·u_w (d_v_c = g @ W_out with g = p − y)",
        }
        for i, (name, expected) in enumerate((("loss", loss), ("dW_in", dW_in), ("dW_out", dW_out))):
            compare(f"{name} (case {trial + 1})", got[i], expected,
                    [(hints[k], variants[k][i]) for k in hints])
    return "3 random batches (one with scores in the hundreds, one centre repeated) agree with the reference"
