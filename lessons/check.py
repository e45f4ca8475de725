"""Check an exercise:  python lessons/check.py NN  (NN: the lesson's number; no NN: list them)

Your functions in lessons/exercises/NN_*.py run on small random inputs next to the package's own
code (or, where the package has none, a reference here). For the first thing that differs the
checker names the entry, what was expected and what you gave, and — when your answer equals what
a usual mistake gives (a flipped sign, a sum lost over repeated ids, a missing bias correction …)
— says which mistake. ``--reference`` runs the reference solutions instead of yours (they pass).
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
EXERCISES = HERE / "exercises"
RTOL, ATOL = 1e-5, 1e-8


# ----------------------------------------------------------------------------------- reporting
class Mismatch(Exception):
    """The learner's answer differs; the message says where and, if known, why."""


class NotDone(Exception):
    """The stub still raises NotImplementedError."""


class Crashed(Exception):
    """The learner's function raised; the message holds the error and the line."""


@dataclass
class Result:
    name: str
    status: str          # "PASS", "FAIL", "TODO" or "ERROR"
    message: str


def call(fn, *args):
    """fn(*args), turning the stub's NotImplementedError and any crash into readable failures."""
    try:
        return fn(*args)
    except NotImplementedError:
        raise NotDone() from None
    except Exception as exc:                                    # the learner's code crashed
        code = getattr(fn, "__code__", None)
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if "exercises" in f.filename or (code is not None and f.filename == code.co_filename)]
        where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames else ""
        raise Crashed(f"{type(exc).__name__}: {exc}{where}") from None


def _fmt(x) -> str:
    return f"{x:.6g}" if isinstance(x, (float, np.floating)) else repr(x)


def first_difference(name, got, expected, rtol=RTOL, atol=ATOL) -> str | None:
    """None when got matches expected; else one line naming the first differing entry."""
    expected = np.asarray(expected, dtype=np.float64)
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"{name} should be an array of numbers, got {type(got).__name__}"
    if got.shape != expected.shape:
        return f"{name} has shape {got.shape}, expected {expected.shape}"
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not bad.any():
        return None
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    where = f"{name}[{', '.join(map(str, idx))}]" if idx else name
    return (f"{where}: expected {_fmt(expected[idx])}, got {_fmt(got[idx])}"
            + (f"  ({int(bad.sum())} of {bad.size} entries differ)" if bad.size > 1 else ""))


def same(got, other, rtol=RTOL, atol=ATOL) -> bool:
    try:
        got, other = np.asarray(got, dtype=np.float64), np.asarray(other, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == other.shape and bool(np.allclose(got, other, rtol=rtol, atol=atol, equal_nan=True))


def compare(name, got, expected, mistakes=(), rtol=RTOL, atol=ATOL) -> None:
    """Raise Mismatch naming the first wrong entry, with the hint of the first mistake whose
    result equals the learner's. ``mistakes``: [(hint, what that mistake gives)]."""
    message = first_difference(name, got, expected, rtol, atol)
    if message is None:
        return
    for hint, wrong in mistakes:
        if same(got, wrong, rtol, atol):
            message += f"\n    hint: {hint}"
            break
    raise Mismatch(message)


# ----------------------------------------------------------------------------------- exercises
CHECKS: dict[str, list] = {}          # "03" -> [(function name, check function)]


def exercise(number: str, name: str):
    def register(check):
        CHECKS.setdefault(number, []).append((name, check))
        return check
    return register


# --- 03 keep_prob -------------------------------------------------------------------------------
@exercise("03", "keep_prob")
def check_keep_prob(fn, module=None) -> str:
    from skipgram_np.subsample import keep_prob as reference
    rng = np.random.default_rng(3)
    cases = 0
    for t in (1e-5, 1e-3, 1e-2):
        for _ in range(3):
            V = int(rng.integers(5, 30))
            counts = np.round(10 ** rng.uniform(0, 6, V)).astype(np.int64)     # 1 … 1,000,000
            f = counts / counts.sum()
            expected = reference(counts, t)
            got = call(fn, counts.copy(), t)
            compare(f"keep_prob(counts, t={t:g})", got, expected, [
                ("this is P_discard(w) = 1 − keep_prob(w), the chance of *dropping* the word",
                 1 - expected),
                ("values above 1: a word rarer than t is always kept — clip with np.minimum(1, …)",
                 np.sqrt(t / f)),
                ("the square root is missing: keep_prob = min(1, sqrt(t / f))", np.minimum(1, t / f)),
                ("f(w) is the frequency count(w) / Σ count, not the raw count",
                 np.minimum(1, np.sqrt(t / counts))),
                ("that is word2vec.c's formula (sqrt(f/t) + 1)·t/f; the lesson uses the paper's "
                 "min(1, sqrt(t / f))", reference(counts, t, "word2vec")),
            ])
            cases += 1
    return f"{cases} random vocabularies (t = 1e-5, 1e-3, 1e-2) agree with skipgram_np.subsample.keep_prob"


# --- 04 window_pairs ----------------------------------------------------------------------------
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


@exercise("04", "window_pairs")
def check_window_pairs(fn, module=None) -> str:
    from skipgram_np.pairs import window_pairs as reference
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

        def describe(pair):
            a, b = pair
            if a in pos and b in pos:
                return (f"(ids[{pos[a]}] = {a}, ids[{pos[b]}] = {b}): centre at position {pos[a]}, "
                        f"context at {pos[b]}, distance {abs(pos[b] - pos[a])}")
            return f"{pair} (an id not in the sequence)"
        missing = sorted((expected - mine).elements(), key=lambda p: (pos.get(p[0], -1), pos.get(p[1], -1)))
        extra = sorted((mine - expected).elements(), key=lambda p: (pos.get(p[0], -1), pos.get(p[1], -1)))
        head = f"window_pairs(ids of length {n}, window={window}): {sum(mine.values())} pairs, expected {sum(expected.values())}; "
        head += (f"missing {describe(missing[0])}" if missing else f"extra {describe(extra[0])}")
        offsets_all = [j for j in range(-window, window + 1) if j]
        for hint, wrong in [
            ("a word is paired with itself: skip the offset j = 0",
             _pairs_with(ids, window, list(range(-window, window + 1)))),
            ("one offset short: j runs over 1 … window inclusive (range(1, window + 1))",
             _pairs_with(ids, window, [j for j in offsets_all if abs(j) < window])),
            ("one offset too far: j runs over 1 … window, not window + 1",
             _pairs_with(ids, window, [j for j in range(-window - 1, window + 2) if j])),
            ("pairs wrap around the ends: a negative index counts from the end in Python — skip "
             "positions i + j < 0", _pairs_with(ids, window, wrap=True)),
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


# --- 05 softmax ---------------------------------------------------------------------------------
def reference_softmax(W_in, W_out, center_ids, context_ids, *, fancy=False, no_minus_one=False,
                      flip=False, mean=False, no_shift=False):
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
    dW_in = np.zeros_like(W_in)
    if fancy:
        dW_in[center_ids] += d_v_c
    else:
        np.add.at(dW_in, center_ids, d_v_c)
    sign, scale = (-1.0 if flip else 1.0), (1.0 / len(center_ids) if mean else 1.0)
    return loss * scale, sign * scale * dW_in, sign * scale * dW_out


@exercise("05", "softmax_loss_and_grads")
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
                    for k in ("fancy", "no_minus_one", "flip", "mean", "no_shift")}
        hints = {
            "no_shift": "exp overflowed: subtract each row's maximum score before np.exp (it "
                        "changes no probability)",
            "fancy": "centre c[0] appears twice but got only one gradient: fancy-index += does not "
                     "add up repeated ids; use np.add.at(dW_in, center_ids, d_v_c)",
            "no_minus_one": "∂L/∂s = p − y: subtract 1 at the context word (g[rows, o] −= 1)",
            "flip": "the sign is flipped: L = −log P(o | c), so ∂L/∂s_w = P(w | c) − [w = o]",
            "mean": "divided by the batch size: return the *summed* loss and its gradients",
        }
        for i, (name, expected) in enumerate((("loss", loss), ("dW_in", dW_in), ("dW_out", dW_out))):
            compare(f"{name} (case {trial + 1})", got[i], expected,
                    [(hints[k], variants[k][i]) for k in hints])
    return "3 random batches (one with scores in the hundreds, one centre repeated) agree with the reference"


# --- 06 alias_table -----------------------------------------------------------------------------
def implied_distribution(prob, alias):
    """The distribution the draw x = u·V, i = floor(x), i if x − i < prob[i] else alias[i] gives."""
    V = len(prob)
    return (prob + np.bincount(alias, weights=1.0 - prob, minlength=V)) / V


@exercise("06", "alias_table")
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
        if same(prob, p):
            hint = "you stored p itself: scale first, scaled = p·V"
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


# --- 07 loss_and_grads and sgd_step -------------------------------------------------------------
def reference_sgns(W_in, W_out, c, o, n, *, flip=False, fancy=False, mean=False, no_minus_one=False,
                   neg_sign=False, loss_sign=False, pos_flip=False):
    """model.loss_and_grads written out, with flags for the usual mistakes."""
    from skipgram_np.model import log_sigmoid, sigmoid
    v_c, u_o, u_n = W_in[c], W_out[o], W_out[n]
    s_pos, s_neg = np.einsum("bd,bd->b", v_c, u_o), np.einsum("bd,bkd->bk", v_c, u_n)
    loss = -(log_sigmoid(s_pos).sum() + log_sigmoid(-s_neg).sum())
    g_pos = sigmoid(s_pos) - (0.0 if no_minus_one else 1.0)
    if pos_flip:
        g_pos = -g_pos                                   # 1 − σ(s_pos): the positive term's sign
    g_neg = sigmoid(s_neg) - (1.0 if neg_sign else 0.0)
    d_v_c = g_pos[:, None] * u_o + np.einsum("bk,bkd->bd", g_neg, u_n)
    d_u_o, d_u_n = g_pos[:, None] * v_c, g_neg[:, :, None] * v_c[:, None, :]
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
}


def _sgns_batch(rng, V=7, d=4, B=5, k=3):
    W_in, W_out = rng.normal(0, 0.5, (V, d)), rng.normal(0, 0.5, (V, d))
    c, o, n = rng.integers(0, V, B), rng.integers(0, V, B), rng.integers(0, V, (B, k))
    c[1] = c[0]                     # a repeated centre
    n[2, 0] = o[2]                  # a negative equal to its positive
    n[3, 1] = n[3, 0]               # a negative drawn twice
    return W_in, W_out, c, o, n


@exercise("07", "loss_and_grads")
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


@exercise("07", "sgd_step")
def check_sgd_step(fn, module=None) -> str:
    from skipgram_np import model
    rng = np.random.default_rng(17)
    lr = 0.1
    for trial in range(3):
        W_in, W_out, c, o, n = _sgns_batch(rng)
        ref_in, ref_out = W_in.copy(), W_out.copy()
        ref_loss = model.sgd_step(ref_in, ref_out, c, o, n, lr)
        my_in, my_out = W_in.copy(), W_out.copy()
        got_loss = call(fn, my_in, my_out, c.copy(), o.copy(), n.copy(), lr)
        loss0, dW_in, dW_out = reference_sgns(W_in, W_out, c, o, n)
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
                ("a row used twice got one update: W_in[ids] -= … keeps only one of repeated ids; "
                 "use np.subtract.at or subtract the summed gradient", W_in - lr * fin),
                ("the learning rate is missing: W ← W − lr·∂L/∂W", W_in - dW_in)] if hints else [])
            compare(f"W_out after the step (batch {trial + 1})", my_out, ref_out, [
                ("the step goes uphill: W ← W − lr·∂L/∂W", W_out + lr * dW_out),
                ("a row used twice got one update: W_out[ids] -= … keeps only one of repeated ids; "
                 "use np.subtract.at or subtract the summed gradient", W_out - lr * fout),
                ("the learning rate is missing: W ← W − lr·∂L/∂W", W_out - dW_out)] if hints else [])
            after = reference_sgns(ref_in, ref_out, c, o, n)[0]
            compare(f"returned loss (batch {trial + 1})", got_loss, ref_loss, [
                ("that is the loss after the step: return the loss computed before updating", after)])
        except Mismatch as exc:
            raise Mismatch(str(exc) + note) from None
    return "3 random batches: the tables and the returned loss agree with skipgram_np.model.sgd_step"


# --- 09 adam_update -----------------------------------------------------------------------------
def reference_adam(W, m, v, grad, rows, lr, t, b1, b2, eps, *, no_bias=False, no_bias_m=False,
                   no_bias_v=False, no_square=False, flip=False, all_rows=False, eps_inside=False,
                   efficient=False):
    """model.adam_update written out, with flags for the usual mistakes (in place)."""
    rows = np.arange(len(W)) if all_rows else rows
    g = grad[rows]
    m[rows] = b1 * m[rows] + (1 - b1) * g
    v[rows] = b2 * v[rows] + (1 - b2) * (g if no_square else g * g)
    m_hat = m[rows] / (1.0 if (no_bias or no_bias_m) else (1 - b1 ** t))
    v_hat = v[rows] / (1.0 if (no_bias or no_bias_v) else (1 - b2 ** t))
    with np.errstate(invalid="ignore"):
        if efficient:
            step = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m[rows] / (np.sqrt(v[rows]) + eps)
        elif eps_inside:
            step = lr * m_hat / np.sqrt(v_hat + eps)
        else:
            step = lr * m_hat / (np.sqrt(v_hat) + eps)
    W[rows] += step if flip else -step


ADAM_HINTS = {
    "no_bias": "the bias correction is missing: divide m by (1 − β1^t) and v by (1 − β2^t) — "
               "without it the first steps are far too small",
    "no_bias_m": "m's bias correction is missing: m̂ = m / (1 − β1^t)",
    "no_bias_v": "v's bias correction is missing: v̂ = v / (1 − β2^t)",
    "no_square": "v averages the *squared* gradient: v ← β2·v + (1 − β2)·g²",
    "flip": "the step goes uphill: W ← W − lr·m̂ / (sqrt(v̂) + ε)",
    "all_rows": "rows outside `rows` changed: update only W[rows], m[rows] and v[rows]",
    "eps_inside": "ε goes outside the square root: sqrt(v̂) + ε",
    "efficient": "that is the paper's 'efficient' ordering, where ε is not scaled like v̂; it "
                 "differs when v is tiny — write m̂ / (sqrt(v̂) + ε) as torch.optim.Adam does",
}


@exercise("09", "adam_update")
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


# --- 10 cosine and three_cos_add ----------------------------------------------------------------
@exercise("10", "cosine")
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
            ("divide by both lengths: |x|·|y|", x @ y / np.linalg.norm(x)),
            ("divide by both lengths: |x|·|y|", x @ y / np.linalg.norm(y)),
            ("that is the cosine distance 1 − cos", 1 - expected),
            ("that is the angle arccos(cos); the similarity is the cosine itself", np.arccos(expected)),
        ])
    return "8 random pairs of vectors (lengths 0.01 … 100, one pair opposite) agree"


def _analogy_variants(W, a, b, c):
    """The 3CosAdd answer and what the usual mistakes answer, as word ids."""
    from skipgram_np.query import Embeddings
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
        "the answer is one of the question words: exclude a, b and c (they are usually nearest to "
        "â − b̂ + ĉ)": best(unit @ target, exclude=False),
        "use unit vectors for a, b and c: â − b̂ + ĉ, each row divided by its length (a long row "
        "dominates otherwise)": best(unit @ (raw / np.linalg.norm(raw))),
        "rank the candidates by cosine (unit rows), not by the dot product: long rows win otherwise":
            best(W @ target),
        "the offset is a − b + c (king − man + woman), not b − a + c": best(unit @ (unit[b] - unit[a] + unit[c])),
    }


@exercise("10", "three_cos_add")
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
        return f"{n} random questions on a {V}-word table agree with skipgram_np.query (3CosAdd)"
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


# --- 12 ppmi ------------------------------------------------------------------------------------
def reference_ppmi(C, alpha=0.75, *, no_smoothing=False, smooth_rows=False, no_max=False,
                   no_renormalise=False):
    """PPMI with context smoothing; the keyword flags make the usual mistakes."""
    C = np.asarray(C, dtype=np.float64)
    total = C.sum()
    rows, cols = C.sum(axis=1), C.sum(axis=0)
    a = 1.0 if no_smoothing else alpha
    p_w = rows ** alpha / np.sum(rows ** alpha) if smooth_rows else rows / total
    p_c = cols / total if smooth_rows else (cols ** a / total if no_renormalise else cols ** a / np.sum(cols ** a))
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(C / total) - np.log(p_w[:, None]) - np.log(p_c[None, :])
    if no_max:
        return pmi                                  # negative PMI kept, −inf where C = 0
    return np.where(C > 0, np.maximum(pmi, 0), 0.0)


@exercise("12", "ppmi")
def check_ppmi(fn, module=None) -> str:
    rng = np.random.default_rng(12)
    for trial in range(4):
        V = int(rng.integers(4, 9))
        C = rng.poisson(rng.uniform(0.3, 4), (V, V)).astype(np.float64)
        C += np.diag(C.sum(axis=1) == 0) + np.diag(C.sum(axis=0) == 0)      # no empty row or column
        C = C + C.T                                                           # counts are symmetric
        C[0, 1] = C[1, 0] = 0.0                                              # an unseen pair
        C += np.eye(V) * (C.sum(axis=1) == 0)
        expected = reference_ppmi(C)
        got = call(fn, C.copy(), 0.75)
        compare(f"ppmi(C, 0.75) (case {trial + 1}, V = {V})", got, expected, [
            ("context smoothing is missing: P_α(c) = #(c)^α / Σ_c' #(c')^α with α = 0.75",
             reference_ppmi(C, no_smoothing=True)),
            ("the smoothing belongs to the contexts (columns), not the words (rows)",
             reference_ppmi(C, smooth_rows=True)),
            ("PPMI keeps only positive values: max(0, PMI) (and 0 where C = 0, not log 0 = −∞)",
             reference_ppmi(C, no_max=True)),
            ("normalise the smoothed counts: divide #(c)^α by Σ_c' #(c')^α, not by Σ C",
             reference_ppmi(C, no_renormalise=True)),
        ])
    return "4 random symmetric count matrices (with an unseen pair) agree with the reference"


# ----------------------------------------------------------------------------------- running
def reference_functions() -> dict:
    """number -> {function name: reference implementation}: what --reference checks."""
    from skipgram_np import model, negatives, pairs, subsample
    from skipgram_np.query import Embeddings

    def three_cos_add(W, a, b, c):
        emb = Embeddings([str(i) for i in range(len(W))], W)
        return int(emb.analogy(str(a), str(b), str(c), topn=1)[0][0])
    return {
        "03": {"keep_prob": subsample.keep_prob},
        "04": {"window_pairs": pairs.window_pairs},
        "05": {"softmax_loss_and_grads": reference_softmax},
        "06": {"alias_table": negatives.alias_table},
        "07": {"loss_and_grads": model.loss_and_grads, "sgd_step": model.sgd_step},
        "09": {"adam_update": model.adam_update},
        "10": {"cosine": lambda x, y: float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y))),
               "three_cos_add": three_cos_add},
        "12": {"ppmi": reference_ppmi},
    }


def exercise_file(number: str) -> Path:
    found = sorted(EXERCISES.glob(f"{number}_*.py"))
    if not found:
        raise SystemExit(f"no exercise for lesson {number}; there are: {', '.join(sorted(CHECKS))}")
    return found[0]


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"exercise_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(number: str, functions: dict | None = None, module=None, log=print) -> list[Result]:
    """Check lesson ``number``'s exercise: ``functions`` {name: fn} if given, else the functions of
    ``module`` (else of lessons/exercises/NN_*.py). Prints one block per function."""
    if number not in CHECKS:
        raise SystemExit(f"no exercise for lesson {number}; there are: {', '.join(sorted(CHECKS))}")
    where = "the reference solutions"
    if functions is None:
        if module is None:
            path = exercise_file(number)
            try:
                module = load_module(path)
            except Exception as exc:
                log(f"ERROR {path.relative_to(HERE.parent)} does not load: {type(exc).__name__}: {exc}")
                return [Result(path.name, "ERROR", str(exc))]
            where = str(path.relative_to(HERE.parent))
        functions = {name: getattr(module, name, None) for name, _ in CHECKS[number]}
    results = []
    for name, check in CHECKS[number]:
        fn = functions.get(name)
        if fn is None:
            res = Result(name, "ERROR", f"{where} has no function {name}")
        else:
            try:
                res = Result(name, "PASS", check(fn, module))
            except NotDone:
                res = Result(name, "TODO", f"not written yet (the stub raises NotImplementedError): "
                                           f"fill in {name} in {where}")
            except Crashed as exc:
                res = Result(name, "ERROR", f"your {name} raised {exc}")
            except Mismatch as exc:
                res = Result(name, "FAIL", str(exc))
        results.append(res)
        log(f"{res.status:<5} {name}: {res.message}")
    return results


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Check a lesson's exercise against the reference.")
    p.add_argument("lesson", nargs="?", help="the lesson number: " + ", ".join(sorted(CHECKS)))
    p.add_argument("--reference", action="store_true", help="check the reference solutions instead")
    args = p.parse_args(argv)
    if not args.lesson:
        for number in sorted(CHECKS):
            print(f"{number}: {exercise_file(number).relative_to(HERE.parent)}  "
                  f"({', '.join(name for name, _ in CHECKS[number])})")
        return 0
    number = args.lesson.zfill(2)
    results = run(number, reference_functions().get(number) if args.reference else None)
    passed = sum(r.status == "PASS" for r in results)
    print(f"{passed} of {len(results)} passed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))          # the package, when it is not installed
    raise SystemExit(main())
