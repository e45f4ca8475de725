"""Loading a checkpoint checks its digest: a file changed after it was written is refused."""
import numpy as np
import pytest

from skipgram_np import checkpoint, training
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    lines = [" ".join(rng.choice(words, 12)) for _ in range(200)]
    run = tmp_path_factory.mktemp("ckpt_run")
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=8, epochs=1, threads=1).validate()
    training.train(cfg, build_corpus(lines, cfg.min_count), run, progress=False, log=lambda *a: None)
    return checkpoint.checkpoint_path(run, 1)


def resave(src, dest, change=None):
    """The arrays of ``src`` written again by numpy itself, its stored sha256 kept; ``change``
    edits the arrays first."""
    with np.load(src, allow_pickle=False) as f:
        arrays = {k: f[k].copy() for k in f.files}
    if change:
        change(arrays)
    np.savez(dest, **arrays)
    return dest


def test_an_unchanged_copy_loads(saved, tmp_path):
    copy = checkpoint.load(resave(saved, tmp_path / "same.npz"))
    assert np.array_equal(copy.W_in, checkpoint.load(saved).W_in)


@pytest.mark.parametrize("name,edit", [
    ("W_in", lambda a: a.__setitem__((3, 2), a[3, 2] + np.float32(0.25))),   # one number of a table
    ("counts", lambda a: a.__setitem__(0, a[0] + 1)),                         # the vocabulary's counts
    ("loss_epochs", lambda a: a.__setitem__(0, 0.5)),                         # the history
])
def test_a_changed_array_under_the_old_checksum_is_refused(saved, tmp_path, name, edit):
    bad = resave(saved, tmp_path / "edited.npz", lambda arrays: edit(arrays[name]))
    with pytest.raises(checkpoint.CheckpointError, match="do not match their checksum") as err:
        checkpoint.load(bad)
    assert str(bad) in str(err.value)
