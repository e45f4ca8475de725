"""The exercise checker (lessons/check.py): the reference solutions pass, the untouched stubs say
"not written yet", and each usual mistake is caught with its hint."""
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("lesson_check", REPO / "lessons" / "check.py")
check = importlib.util.module_from_spec(spec)
sys.modules["lesson_check"] = check           # (dataclasses look their module up)
spec.loader.exec_module(check)
NUMBERS = sorted(check.CHECKS)


def quiet(number, functions=None, module=None):
    return {r.name: r for r in check.run(number, functions, module, log=lambda *a: None)}


@pytest.mark.parametrize("number", NUMBERS)
def test_reference_solutions_pass(number):
    results = quiet(number, check.reference_functions()[number])
    assert [r.status for r in results.values()] == ["PASS"] * len(results), results


@pytest.mark.parametrize("number", NUMBERS)
def test_untouched_stubs_say_what_to_do(number):
    results = quiet(number)
    assert results and all(r.status == "TODO" for r in results.values()), results
    for r in results.values():
        assert "not written yet" in r.message and "lessons/exercises/" in r.message


def test_command_line_exit_codes():
    ok = subprocess.run([sys.executable, str(REPO / "lessons" / "check.py"), "3", "--reference"],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "PASS  keep_prob" in ok.stdout and "1 of 1 passed" in ok.stdout
    todo = subprocess.run([sys.executable, str(REPO / "lessons" / "check.py"), "08"],
                          capture_output=True, text=True)
    assert todo.returncode == 1 and "TODO  loss_and_grads" in todo.stdout
    listing = subprocess.run([sys.executable, str(REPO / "lessons" / "check.py")], capture_output=True, text=True)
    assert all(f"{n}: lessons/exercises/{n}_" in listing.stdout for n in NUMBERS)


def failure(number, name, fn, **extra):
    """The checker's message for a planted mistake (which must fail)."""
    res = quiet(number, {name: fn, **extra})[name]
    assert res.status == "FAIL", res
    return res.message


# --- 03 -------------------------------------------------------------------------------------------
def _f(counts):
    return counts / counts.sum()


@pytest.mark.parametrize("fn, hint", [
    (lambda c, t: 1 - np.minimum(1, np.sqrt(t / _f(c))), "P_discard"),
    (lambda c, t: np.sqrt(t / _f(c)), "clip with np.minimum"),
    (lambda c, t: np.minimum(1, t / _f(c)), "square root is missing"),
    (lambda c, t: np.minimum(1, np.sqrt(t / c)), "not the raw count"),
    (lambda c, t: np.minimum(1, (np.sqrt(_f(c) / t) + 1) * t / _f(c)), "word2vec.c's formula"),
])
def test_keep_prob_mistakes(fn, hint):
    msg = failure("03", "keep_prob", fn)
    assert "expected" in msg and "got" in msg and hint in msg


# --- 04 -------------------------------------------------------------------------------------------
def pairs_by_loop(offsets_of, wrap=False):
    def window_pairs(ids, window):
        out = [(ids[i], ids[i + j]) for i in range(len(ids)) for j in offsets_of(window)
               if i + j < len(ids) and (i + j >= 0 or wrap)]
        return np.array([a for a, _ in out], int), np.array([b for _, b in out], int)
    return window_pairs


@pytest.mark.parametrize("fn, hint", [
    (pairs_by_loop(lambda w: range(-w, w + 1)), "skip the offset j = 0"),
    (pairs_by_loop(lambda w: [j for j in range(-w + 1, w) if j]), "one offset short"),
    (pairs_by_loop(lambda w: [j for j in range(-w, w + 1) if j], wrap=True), "negative index"),
    (pairs_by_loop(lambda w: range(1, w + 1)), "only the words to the right"),
])
def test_window_pairs_mistakes(fn, hint):
    msg = failure("04", "window_pairs", fn)
    assert ("missing" in msg or "extra" in msg) and "position" in msg and hint in msg


def test_window_pairs_made_twice_are_not_called_extra():
    """Every pair twice (both directions added for each j = ±1 … ±window): the first surplus pair is
    a right one, so the message says it appears twice, not that it should not be there."""
    msg = failure("04", "window_pairs", pairs_by_loop(lambda w: [j for j in range(-w, w + 1) if j] * 2))
    assert "extra" not in msg and "appears 2 times, expected 1" in msg and "every pair is made twice" in msg


# --- 05 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flag, hint", [
    ("fancy", "np.add.at"), ("no_minus_one", "subtract 1"), ("flip", "sign is flipped"),
    ("mean", "summed"), ("no_shift", "maximum score"),
    ("only_context_rows", "not only the context words'"), ("only_context_in_v", "not only the context word:"),
])
def test_softmax_mistakes(flag, hint):
    msg = failure("05", "softmax_loss_and_grads",
                  lambda *a: check.reference_softmax(*a, **{flag: True}))
    assert "expected" in msg and hint in msg


# --- 07 -------------------------------------------------------------------------------------------
def vose(p, scale=True, update_large=True, leftover_prob=1.0, surplus_given=False, g_back_on="by value"):
    n = len(p)
    scaled = p * n if scale else p.copy()
    prob, alias = np.full(n, leftover_prob), np.zeros(n, dtype=int)
    small = [i for i in range(n) if scaled[i] < 1]
    large = [i for i in range(n) if scaled[i] >= 1]
    while small and large:
        s, g = small.pop(), large.pop()
        prob[s], alias[s] = scaled[s], g
        if update_large:
            scaled[g] += -scaled[s] if surplus_given else scaled[s] - 1   # the mistake: −= scaled[s]
            {"by value": small if scaled[g] < 1 else large, "large": large, "small": small}[g_back_on].append(g)
        else:
            large.append(g)
    return prob, alias


@pytest.mark.parametrize("fn, hint", [
    (lambda p: vose(p, scale=False), "scale first"),
    (lambda p: vose(p, update_large=False), "reduce its remaining mass"),
    (lambda p: vose(p, leftover_prob=0.0), "must keep themselves"),
    (lambda p: vose(p, surplus_given=True), "scaled[g] −= 1 − scaled[s]"),
    (lambda p: vose(p, g_back_on="large"), "g went back on the wrong list"),
    (lambda p: vose(p, g_back_on="small"), "on the small list only once it is below 1"),
])
def test_alias_table_mistakes(fn, hint):
    assert quiet("07", {"alias_table": vose})["alias_table"].status == "PASS"
    msg = failure("07", "alias_table", fn)
    assert hint in msg


# --- 08 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flag, hint", [
    ("fancy", "np.add.at"), ("flip", "sign is flipped"), ("mean", "summed"),
    ("no_minus_one", "σ(s_pos) − 1"), ("neg_sign", "log σ(−s_k)"), ("loss_sign", "loss is positive"),
    ("pos_flip", "not 1 − σ(s_pos)"), ("no_neg_rows", "negatives' rows of W_out got no gradient"),
    ("no_neg_in_v", "missing the negatives' part"),
])
def test_loss_and_grads_mistakes(flag, hint):
    msg = failure("08", "loss_and_grads", lambda *a: check.reference_sgns(*a, **{flag: True}))
    assert "expected" in msg and hint in msg


def sgd(kind):
    from skipgram_np import model

    def sgd_step(W_in, W_out, c, o, n, lr):
        loss, dW_in, dW_out = model.loss_and_grads(W_in, W_out, c, o, n)
        if kind == "copy":
            W_in = W_in - lr * dW_in          # noqa: F841 — the mistake: a new array
            return loss
        if kind == "fancy":
            _, fin, fout = check.reference_sgns(W_in, W_out, c, o, n, fancy=True)
            W_in -= lr * fin
            W_out -= lr * fout
            return loss
        sign, rate = (-1 if kind == "uphill" else 1), (1.0 if kind == "no_lr" else lr)
        W_in -= sign * rate * dW_in
        W_out -= sign * rate * dW_out
        return model.loss_and_grads(W_in, W_out, c, o, n)[0] if kind == "after" else loss
    return sgd_step


@pytest.mark.parametrize("kind, hint", [
    ("uphill", "uphill"), ("copy", "in place"), ("fancy", "np.subtract.at"), ("no_lr", "learning rate"),
    ("after", "loss after the step"),
])
def test_sgd_step_mistakes(kind, hint):
    from skipgram_np import model
    msg = failure("08", "sgd_step", sgd(kind), loss_and_grads=model.loss_and_grads)
    assert hint in msg


def test_a_right_step_on_wrong_gradients_blames_the_gradients():
    """The learner's loss_and_grads uses fancy-index +=, their sgd_step is right: no hint that
    would send them to fix the step."""
    def fancy_grads(W_in, W_out, c, o, n):
        return check.reference_sgns(W_in, W_out, c, o, n, fancy=True)

    def sgd_step(W_in, W_out, c, o, n, lr):
        loss, dW_in, dW_out = fancy_grads(W_in, W_out, c, o, n)
        W_in -= lr * dW_in
        W_out -= lr * dW_out
        return loss
    from types import SimpleNamespace                  # as the learner's exercise file holds them
    results = quiet("08", module=SimpleNamespace(loss_and_grads=fancy_grads, sgd_step=sgd_step))
    assert results["loss_and_grads"].status == "FAIL" and "np.add.at" in results["loss_and_grads"].message
    msg = results["sgd_step"].message
    assert results["sgd_step"].status == "FAIL" and "fix it first" in msg and "hint:" not in msg


# --- 11 -------------------------------------------------------------------------------------------
def adam_rebinding(W, m, v, grad, rows, lr, t, b1, b2, eps):
    m = b1 * m + (1 - b1) * grad             # the mistake: new arrays, the caller's m stays 0
    v = b2 * v + (1 - b2) * grad ** 2
    W[rows] -= lr * (m[rows] / (1 - b1 ** t)) / (np.sqrt(v[rows] / (1 - b2 ** t)) + eps)


@pytest.mark.parametrize("fn, hint", [
    (lambda *a: check.reference_adam(*a, no_bias=True), "far too large"),
    (lambda *a: check.reference_adam(*a, no_square=True), "squared"),
    (lambda *a: check.reference_adam(*a, flip=True), "uphill"),
    (lambda *a: check.reference_adam(*a, all_rows=True), "outside `rows`"),
    (lambda *a: check.reference_adam(*a, eps_inside=True), "outside the square root"),
    (adam_rebinding, "in place"),
    (lambda *a: check.reference_adam(*a, no_sqrt=True), "square root of v̂"),
    (lambda *a: check.reference_adam(*a, t_plus_one=True), "not t + 1"),
    (lambda *a: check.reference_adam(*a, t_minus_one=True), "not t − 1"),
])
def test_adam_mistakes(fn, hint):
    msg = failure("11", "adam_update", fn)
    assert hint in msg


# --- 12 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn, hint", [
    (lambda x, y: float(x @ y), "dot product"),
    (lambda x, y: float(x @ y / np.linalg.norm(x)), "both lengths"),
    (lambda x, y: 1 - float(x @ y / np.linalg.norm(x) / np.linalg.norm(y)), "distance"),
    (lambda x, y: float(x @ y / (x @ x)), "divided by |x|²"),
    (lambda x, y: float(x @ y / np.linalg.norm(x) ** 2), "divided by |x|²"),
])
def test_cosine_mistakes(fn, hint):
    assert hint in failure("12", "cosine", fn, three_cos_add=lambda *a: 0)


def analogy(kind):
    def three_cos_add(W, a, b, c):
        unit = W / np.linalg.norm(W, axis=1, keepdims=True)
        target = {"raw": W[a] - W[b] + W[c], "sign": unit[b] - unit[a] + unit[c],
                  "nothing": W[a] - W[b] + W[c]}.get(kind, unit[a] - unit[b] + unit[c])
        target = target / np.linalg.norm(target)
        scores = (W if kind in ("dot", "nothing") else unit) @ target
        if kind != "keep":
            scores[[a, b, c]] = -np.inf
        return int(np.argmax(scores))
    return three_cos_add


@pytest.mark.parametrize("kind, hint", [
    ("keep", "exclude a, b and c"), ("raw", "unit vectors"), ("dot", "not by the dot product"),
    ("sign", "not b − a + c"), ("nothing", "nothing is normalised"),
])
def test_three_cos_add_mistakes(kind, hint):
    assert quiet("12", {"three_cos_add": analogy("right"), "cosine": lambda x, y: 0.0})[
        "three_cos_add"].status == "PASS"
    msg = failure("12", "three_cos_add", analogy(kind), cosine=lambda x, y: 0.0)
    assert "expected word" in msg and hint in msg


# --- 14 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flag, hint", [
    ("no_smoothing", "context smoothing is missing"), ("smooth_rows", "not the words"),
    ("no_max", "only positive values"), ("no_renormalise", "normalise the smoothed counts"),
    ("log2", "log base 2"), ("raw_counts", "counts where probabilities belong"),
])
def test_ppmi_mistakes(flag, hint):
    msg = failure("14", "ppmi", lambda C, alpha: check.reference_ppmi(C, alpha, **{flag: True}))
    assert hint in msg


def test_a_crash_names_the_line():
    def keep_prob(counts, t):
        return counts / undefined_name      # noqa: F821

    res = quiet("03", {"keep_prob": keep_prob})["keep_prob"]
    assert res.status == "ERROR" and "NameError" in res.message and "line" in res.message


def test_check_py_only_dispatches_and_every_stub_has_its_checks_beside_it():
    """check.py finds and runs the checks; each exercise's checks sit beside its stub, and the stub
    lookup never takes them for the stub."""
    assert len((REPO / "lessons" / "check.py").read_text().splitlines()) <= 150
    stubs = [p for p in sorted((REPO / "lessons" / "exercises").glob("[0-9][0-9]_*.py"))
             if not p.stem.endswith("_check")]
    for stub in stubs:
        assert stub.with_name(f"{stub.stem}_check.py").is_file(), f"{stub.name} has no check file beside it"
        assert check.exercise_file(stub.name[:2]) == stub
    assert [p.name[:2] for p in stubs] == NUMBERS


# --- 16 -------------------------------------------------------------------------------------------
# Exercise 16 trains on the real corpus (a slice of WikiText-2): its tests that train point the
# checker at the test data, or are skipped without it. The checks of the answer's form need no data.
TRAINS_16 = {"test_reference_solutions_pass", "test_knob_that_hurts_less_fails_with_the_numbers_and_a_hint"}


@pytest.fixture(autouse=True)
def _exercise_16_data(request, monkeypatch):
    callspec = getattr(request.node, "callspec", None)
    number = callspec.params.get("number") if callspec else None
    if request.node.originalname in TRAINS_16 and number in (None, "16"):
        monkeypatch.setenv("SKIPGRAM_NP_DATA_DIR", str(request.getfixturevalue("wikitext_dir")))
        monkeypatch.setenv("SKIPGRAM_NP_EVAL_DIR", str(request.getfixturevalue("eval_dir")))


@pytest.mark.parametrize("answer, hint", [
    ({"window": 1, "negatives": 1}, "should return one change"),
    ("window", "should return one change"),
    ({"dim": 50}, "not one of the four changes"),
    ({"window": 2}, "is not the change offered"),
    ({"negatives": "1"}, "is not the change offered"),
])
def test_knob_answers_of_the_wrong_form_fail_before_training(answer, hint):
    assert hint in failure("16", "worst_for_wordsim", lambda: answer)


def test_knob_that_hurts_less_fails_with_the_numbers_and_a_hint():
    """k = 1 lowers ρ less than window 1 on the slice: the message gives the band, every change's ρ
    and why k = 1 hurts less, and the right answer clears the band by far more than its width."""
    msg = failure("16", "worst_for_wordsim", lambda: {"negatives": 1})
    assert "noise band" in msg and "not the lowest" in msg and "hint: k = 1 raises every score's optimum" in msg
    widths = float(re.search(r"compare window 1, (\d+\.\d+) band widths below the band", msg).group(1))
    assert widths >= 3, msg
