"""The NumPy reference: gradients against finite differences; stability; Adam state."""
import numpy as np

from skipgram_np import gradcheck, model


def test_gradients_match_finite_differences(capsys):
    worst = gradcheck.check(seed=1)
    assert worst < 1e-6
    out = capsys.readouterr().out
    assert "dW_in" in out and "dW_out" in out and "wrong" not in out


def test_gradcheck_detects_a_wrong_gradient():
    analytic = np.array([1.0, 2.0])
    assert gradcheck.compare("x", analytic, analytic * 1.01, log=lambda *a: None) > 1e-3


def test_loss_is_stable_for_huge_scores():
    W_in = np.full((2, 3), 100.0, np.float32)
    W_out = np.full((2, 3), 100.0, np.float32)
    loss, dW_in, dW_out = model.loss_and_grads(W_in, W_out, np.array([0]), np.array([1]),
                                               np.array([[1]]))
    assert np.isfinite(loss) and np.isfinite(dW_in).all() and np.isfinite(dW_out).all()
    assert abs(loss - 3e4) < 1          # −log σ(−3e4) = 3e4, −log σ(3e4) = 0


def test_init_tables_as_word2vec():
    W_in, W_out = model.init_tables(1000, 50, np.random.default_rng(0))
    assert W_in.dtype == np.float32 and np.abs(W_in).max() <= 0.5 / 50 and np.all(W_out == 0)


def test_repeated_ids_accumulate():
    rng = np.random.default_rng(3)
    W_in, W_out = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    c, o, n = np.array([2, 2]), np.array([1, 1]), np.array([[3], [3]])
    _, dW_in, dW_out = model.loss_and_grads(W_in, W_out, c, o, n)
    _, d1_in, d1_out = model.loss_and_grads(W_in, W_out, c[:1], o[:1], n[:1])
    np.testing.assert_allclose(dW_in, 2 * d1_in)       # the same pair twice: twice the gradient
    np.testing.assert_allclose(dW_out, 2 * d1_out)


def test_lazy_adam_touches_only_batch_rows_and_dense_keeps_moving_old_ones():
    rng = np.random.default_rng(0)
    W_in, W_out = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    for lazy, expected in ((True, {3}), (False, {0, 3})):
        a_in, a_out = W_in.copy(), W_out.copy()
        state = model.AdamState(a_in, a_out)
        model.adam_step(a_in, a_out, state, np.array([0]), np.array([1]), np.array([[2]]), 0.1,
                        lazy=lazy)                      # row 0 of W_in now has momentum
        before = a_in.copy()
        model.adam_step(a_in, a_out, state, np.array([3]), np.array([4]), np.array([[5]]), 0.1,
                        lazy=lazy)
        changed = set(np.nonzero(np.any(a_in != before, axis=1))[0].tolist())
        assert changed == expected                       # dense Adam keeps moving row 0
        assert state.step == 2
