"""Checks for exercise 08, loss_and_grads and sgd_step (lesson 8, the negative-sampling loss):
L = −Σ [log σ(s_pos) + Σ_k log σ(−s_k)], s_pos = v_c·u_o, s_k = v_c·u_{n_k}, its gradients
(g_pos = σ(s_pos) − 1, g_k = σ(s_k), summed over repeated ids) and one step W ← W − lr·∂L/∂W,
against skipgram_np.model.loss_and_grads and skipgram_np.model.sgd_step."""
import numpy as np
from checking import Crashed, Mismatch, NotDone, call, compare, exercise, number_of

from skipgram_np import model
from skipgram_np.model import log_sigmoid, sigmoid

NUMBER = number_of(__file__)          # the exercise's number: its file name's


def reference_sgns(W_in, W_out, c, o, n, *, flip=False, fancy=False, mean=False, no_minus_one=False,
                   neg_sign=False, loss_sign=False, pos_flip=False, no_neg_rows=False, no_neg_in_v=False):
    """model.loss_and_grads written out, with flags for the usual mistakes."""
    v_c, u_o, u_n = W_in[c], W_out[o], W_out[n]
    s_pos, s_neg = np.einsum("bd,bd->b", v_c, u_o), np.einsum("bd,bkd->bk", v_c, u_n)
    loss = -(log_sigmoid(s_pos).sum() + log_sigmoid(-s_neg).sum())
    g_pos = sigmoid(s_pos) - (0.0 if no_minus_one else 1.0)
    if pos_flip:
        g_pos = -g_pos                                   # 1 − σ(s_pos): the positive term's sign
    g_neg = sigmoid(s_neg) - (1.0 if neg_sign else 0.0)
    d_v_c = g_pos[:, None] * u_o + (0.0 if no_neg_in_v else np.einsum("bk,bkd->bd", g_neg, u_n))
    d_u_o, d_u_n = g_pos[:, None] * v_c, g_neg[:, :, None] * v_c[:, None, :]
    if no_neg_rows:
        d_u_n = np.zeros_like(d_u_n)                     # dW_out on the context rows alone
    dW_in, dW_out = np.zeros_like(W_in), np.zeros_like(W_out)
    if fancy:
        dW_in[c] += d_v_c
        dW_out[o] += d_u_o
        dW_out[n.ravel()] += d_u_n.reshape(-1, W_out.shape[1])
    else:
        np.add.at(dW_in, c, d_v_c)
        np.add.at(dW_out, o, d_u_o)
        np.add.at(dW_out, n.ravel(), d_u_n.reshape(-1, W_out.shape[1]))
    s = (-1.0 if flip else 1.0) / (len(c) if mean else 1.0)
    return float(loss) * (-1.0 if loss_sign else 1.0) / (len(c) if mean else 1.0), s * dW_in, s * dW_out


SGNS_HINTS = {
    "fancy": "a row used more than once in the batch got only one of its gradients: fancy-index "
             "+= does not add up repeated ids; use np.add.at(dW, ids, rows)",
    "flip": "the sign is flipped: these are the gradients of −L (g_pos = σ(s_pos) − 1, g_k = σ(s_k))",
    "mean": "divided by the batch size: return the *summed* loss and its gradients",
    "no_minus_one": "g_pos = σ(s_pos) − 1, not σ(s_pos): d/dx log σ(x) = 1 − σ(x)",
    "neg_sign": "the negatives' term is log σ(−s_k), so g_k = σ(s_k), not σ(s_k) − 1",
    "loss_sign": "the loss is positive: L = −[log σ(s_pos) + Σ_k log σ(−s_k)]",
    "pos_flip": "g_pos = σ(s_pos) − 1, not 1 − σ(s_pos): the positive term is −log σ(s_pos), and "
                "d/ds −log σ(s) = σ(s) − 1 (negative: the step raises s_pos)",
    "no_neg_rows": "the negatives' rows of W_out got no gradient: each negative n_k has ∂L/∂u_{n_k} = "
                   "g_k·v_c, added into dW_out at its id like the context word's g_pos·v_c",
    "no_neg_in_v": "∂L/∂v_c is missing the negatives' part: ∂L/∂v_c = g_pos·u_o + Σ_k g_k·u_{n_k} (v_c "
                   "meets every negative's score s_k, not only s_pos)",
}


def _sgns_batch(rng, V=7, d=4, B=5, k=3):
    W_in, W_out = rng.normal(0, 0.5, (V, d)), rng.normal(0, 0.5, (V, d))
    c, o, n = rng.integers(0, V, B), rng.integers(0, V, B), rng.integers(0, V, (B, k))
    c[1] = c[0]                     # a repeated centre
    n[2, 0] = o[2]                  # a negative equal to its positive
    n[3, 1] = n[3, 0]               # a negative drawn twice
    return W_in, W_out, c, o, n


@exercise(NUMBER, "loss_and_grads", model.loss_and_grads)
def check_loss_and_grads(fn, module=None) -> str:
    rng = np.random.default_rng(7)
    for trial in range(3):
        W_in, W_out, c, o, n = _sgns_batch(rng)
        expected = reference_sgns(W_in, W_out, c, o, n)
        got = call(fn, W_in.copy(), W_out.copy(), c.copy(), o.copy(), n.copy())
        if not (isinstance(got, tuple) and len(got) == 3):
            raise Mismatch("loss_and_grads should return (loss, dW_in, dW_out)")
        variants = {k: reference_sgns(W_in, W_out, c, o, n, **{k: True}) for k in SGNS_HINTS}
        for i, name in enumerate(("loss", "dW_in", "dW_out")):
            compare(f"{name} (batch {trial + 1})", got[i], expected[i],
                    [(SGNS_HINTS[k], variants[k][i]) for k in SGNS_HINTS])
    return ("3 random batches (a repeated centre, a negative equal to its positive, a negative drawn "
            "twice) agree with skipgram_np.model.loss_and_grads")


@exercise(NUMBER, "sgd_step", model.sgd_step)
def check_sgd_step(fn, module=None) -> str:
    rng = np.random.default_rng(17)
    lr = 0.1
    for trial in range(3):
        W_in, W_out, c, o, n = _sgns_batch(rng)
        ref_in, ref_out = W_in.copy(), W_out.copy()
        ref_loss = model.sgd_step(ref_in, ref_out, c, o, n, lr)
        my_in, my_out = W_in.copy(), W_out.copy()
        got_loss = call(fn, my_in, my_out, c.copy(), o.copy(), n.copy(), lr)
        _, dW_in, dW_out = reference_sgns(W_in, W_out, c, o, n)
        _, fin, fout = reference_sgns(W_in, W_out, c, o, n, fancy=True)
        note = ""
        if module is not None and hasattr(module, "loss_and_grads"):
            try:
                check_loss_and_grads(module.loss_and_grads)
            except (Mismatch, NotDone, Crashed):
                note = ("\n    note: your loss_and_grads does not pass its check yet; fix it first "
                        "(the step uses its gradients, so no hint about the step itself is given)")
        if np.array_equal(my_in, W_in) and np.array_equal(my_out, W_out):
            raise Mismatch("the tables did not change\n    hint: update them in place (W_in -= …, or "
                           "np.subtract.at): `W_in = W_in - …` makes a new array the caller never sees"
                           + note)
        hints = not note                 # with wrong gradients the step's hints would mislead
        try:
            compare(f"W_in after the step (batch {trial + 1})", my_in, ref_in, [
                ("the step goes uphill: W ← W − lr·∂L/∂W", W_in + lr * dW_in),
                (("a row used twice got one update: W_in[ids] -= … keeps only one of repeated ids; "
                  "use np.subtract.at or subtract the summed gradient"), W_in - lr * fin),
                ("the learning rate is missing: W ← W − lr·∂L/∂W", W_in - dW_in)] if hints else [])
            compare(f"W_out after the step (batch {trial + 1})", my_out, ref_out, [
                ("the step goes uphill: W ← W − lr·∂L/∂W", W_out + lr * dW_out),
                (("a row used twice got one update: W_out[ids] -= … keeps only one of repeated ids; "
                  "use np.subtract.at or subtract the summed gradient"), W_out - lr * fout),
                ("the learning rate is missing: W ← W − lr·∂L/∂W", W_out - dW_out)] if hints else [])
            after = reference_sgns(ref_in, ref_out, c, o, n)[0]
            compare(f"returned loss (batch {trial + 1})", got_loss, ref_loss, [
                ("that is the loss after the step: return the loss computed before updating", after)])
        except Mismatch as exc:
            raise Mismatch(str(exc) + note) from None
    return "3 random batches: the tables and the returned loss agree with skipgram_np.model.sgd_step"
