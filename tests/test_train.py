"""Training end to end on small corpora: learning, determinism, resume, checkpoints, exports, CLI."""
import json
import subprocess
import sys

import numpy as np
import pytest

from skipgram_np import checkpoint as C
from skipgram_np import embeddings, export, prepare, training
from skipgram_np.config import Config
from skipgram_np.corpus import build_corpus


def topic_corpus(n_lines=600, seed=0):
    """Two disjoint topics: every line draws its 12 words from one topic's 15 words."""
    rng = np.random.default_rng(seed)
    topics = [[f"a{i}" for i in range(15)], [f"b{i}" for i in range(15)]]
    return [" ".join(rng.choice(topics[rng.integers(2)], 12)) for _ in range(n_lines)]


def quiet(*args):
    pass


def small_config(**kw):
    base = dict(min_count=1, subsample=0.0, window=2, dim=16, epochs=3, checkpoints=(1, 3),
                threads=1, seed=3, cross_lines=False)
    base.update(kw)
    return Config(**base).validate()


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_planted_topics_are_learned(tmp_path, optimizer):
    cfg = small_config(optimizer=optimizer, lr=0.01 if optimizer == "adam" else None)
    corpus = build_corpus(topic_corpus(), cfg.min_count)
    result = training.train(cfg, corpus, tmp_path, progress=False, log=quiet)
    emb = embeddings.Embeddings.from_checkpoint(result.checkpoint)
    words = emb.words
    topic = np.array([w[0] for w in words])
    sims = emb.unit @ emb.unit.T
    same = sims[(topic[:, None] == topic[None, :]) & ~np.eye(len(words), dtype=bool)].mean()
    cross = sims[topic[:, None] != topic[None, :]].mean()
    assert same > cross + 0.3, (same, cross)
    # every word's nearest neighbour is from its own topic (random vectors: ~50 %)
    hits = [emb.neighbors(w, 1)[0][0][0] == w[0] for w in words]
    assert np.mean(hits) >= 0.95
    assert result.epochs[-1][1] < result.epochs[0][1]          # loss went down


def test_same_seed_one_thread_is_deterministic(tmp_path):
    corpus = build_corpus(topic_corpus(200), 1)
    cfg = small_config(epochs=2, checkpoints=(2,))
    a = training.train(cfg, corpus, tmp_path / "a", progress=False, log=quiet).checkpoint
    b = training.train(cfg, corpus, tmp_path / "b", progress=False, log=quiet).checkpoint
    assert np.array_equal(a.W_in, b.W_in) and np.array_equal(a.W_out, b.W_out)
    with np.load(tmp_path / "a" / "checkpoint_epoch2.npz") as fa, \
            np.load(tmp_path / "b" / "checkpoint_epoch2.npz") as fb:
        assert fa.files == fb.files
        for name in fa.files:
            if name == "run_id":                 # each run has its own id
                continue
            if name in ("stats", "sha256"):      # stats hold wall-clock seconds per epoch
                sa, sb = json.loads(str(fa["stats"])), json.loads(str(fb["stats"]))
                sa.pop("epoch_seconds"), sb.pop("epoch_seconds")
                assert sa == sb
            else:
                assert np.array_equal(fa[name], fb[name]), name


class Killed(Exception):
    pass


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_resume_equals_uninterrupted_run(tmp_path, optimizer):
    corpus = build_corpus(topic_corpus(200), 1)
    cfg = small_config(optimizer=optimizer, epochs=4, checkpoints=(4,))
    full = training.train(cfg, corpus, tmp_path / "full", progress=False, log=quiet).checkpoint

    def kill_in_epoch_3(line):
        if line.startswith("epoch  3/"):
            raise Killed                       # dies as epoch 3 is told: after its save (the run's and
    with pytest.raises(Killed):                # its control's), before epoch 4 starts
        training.train(cfg, corpus, tmp_path / "cut", progress=False, log=kill_in_epoch_3)
    state = C.load(C.state_path(tmp_path / "cut"))
    assert state.epoch == 3 and C.load(C.state_path(tmp_path / "cut" / "control")).epoch == 3
    resumed = training.train(cfg, corpus, tmp_path / "cut", resume=state, progress=False,
                          log=quiet).checkpoint
    assert np.array_equal(full.W_in, resumed.W_in) and np.array_equal(full.W_out, resumed.W_out)
    assert np.allclose(full.loss_epochs, resumed.loss_epochs)


def test_corrupt_and_truncated_checkpoints_are_refused(tmp_path):
    corpus = build_corpus(topic_corpus(100), 1)
    training.train(small_config(epochs=1, checkpoints=(1,)), corpus, tmp_path, progress=False, log=quiet)
    path = C.checkpoint_path(tmp_path, 1)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(C.CheckpointError, match="truncated or corrupt"):
        C.load(path)
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0xFF
    path.write_bytes(bytes(flipped))
    with pytest.raises(C.CheckpointError):
        C.load(path)
    with pytest.raises(C.CheckpointError, match="no checkpoint"):
        C.load(tmp_path / "nope.npz")


def test_exports_round_trip_and_json_schema(tmp_path):
    gensim_models = pytest.importorskip("gensim.models")
    corpus = build_corpus(topic_corpus(100), 1)
    training.train(small_config(epochs=1, checkpoints=(1,)), corpus, tmp_path, progress=False,
                log=quiet, projector=True)
    ck = C.load(C.checkpoint_path(tmp_path, 1))
    for suffix, binary in (("txt", False), ("bin", True)):
        words, vectors = export.read_word2vec(tmp_path / f"vectors_epoch1.{suffix}", binary)
        assert words == list(ck.vocab.words)
        np.testing.assert_allclose(vectors, ck.W_in, rtol=1e-5, atol=1e-7)
        kv = gensim_models.KeyedVectors.load_word2vec_format(tmp_path / f"vectors_epoch1.{suffix}",
                                                             binary=binary)
        assert kv.index_to_key == list(ck.vocab.words)
        np.testing.assert_allclose(kv.vectors, ck.W_in, rtol=1e-5, atol=1e-7)
    doc = json.loads((tmp_path / "embeddings_epoch1.json").read_text())
    export.validate_embeddings_json(doc)
    assert doc["epoch"] == 1 and doc["words"] == list(ck.vocab.words)
    assert sum(doc["pca"]["explained_variance"]) <= 1.0
    meta = (tmp_path / "projector_epoch1" / "metadata.tsv").read_text().split("\n")
    assert meta[0] == ck.vocab.words[0]
    bad = dict(doc, vectors=doc["vectors"][:-1])
    with pytest.raises(ValueError, match="lengths differ"):
        export.validate_embeddings_json(bad)


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "skipgram_np.train", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)


@pytest.mark.parametrize("args,message", [
    (["--optimizer", "rmsprop"], "invalid choice"),
    (["--epochs", "3", "--checkpoints", "2,5"], "checkpoints [2, 5] must lie in 0..epochs (3)"),
    (["--checkpoints", "two"], "comma-separated"),
    (["--window", "0"], "window must be >= 1"),
    (["--lr", "-1"], "learning rate must be > 0"),
    (["--shuffle-block", "0"], "shuffle block must be >= 1"),
])
def test_cli_bad_values_exit_2_with_one_line(args, message):
    r = run_cli(*args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_cli_unwritable_out(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run_cli("--out", str(blocker / "run"))
    assert r.returncode == 2 and "cannot write to --out" in r.stderr


def test_cli_missing_data_dir_is_one_clear_message(tmp_path):
    r = run_cli("--data-dir", str(tmp_path / "none"), "--out", str(tmp_path / "run"))
    assert r.returncode == 1 and "is not a folder" in r.stderr and "Traceback" not in r.stderr


def test_cli_help_documents_defaults():
    r = run_cli("--help")
    assert r.returncode == 0
    for flag in ("--optimizer", "--epochs", "--dim", "--window", "--negatives", "--subsample",
                 "--min-count", "--lr", "--batch-size", "--shuffle-block", "--threads", "--seed",
                 "--checkpoints",
                 "--out", "--data-dir", "--max-tokens", "--resume", "--mirror"):
        assert flag in r.stdout
    text = " ".join(r.stdout.split())                 # undo the line wrapping
    assert "(default: adam)" in text and "default: 0,2,5,10 for 10 epochs" in text


def test_cli_real_data_quick_run_and_resume(tmp_path, wikitext_dir):
    out = tmp_path / "run"
    r = run_cli("--data-dir", str(wikitext_dir), "--max-tokens", "200000", "--epochs", "2",
                "--checkpoints", "1,2", "--out", str(out), "--no-progress", "--no-control", "--no-page")
    assert r.returncode == 0, r.stderr
    assert "config:" in r.stdout and "epoch  2/2" in r.stdout
    assert C.saved_epochs(out) == [1, 2]
    r = run_cli("--resume", str(out), "--data-dir", str(wikitext_dir), "--no-figures", "--no-page")
    assert r.returncode == 0 and "already finished" in r.stdout
    (out / "state.npz").write_bytes(b"garbage")
    r = run_cli("--resume", str(out), "--data-dir", str(wikitext_dir))
    assert r.returncode == 2 and "cannot resume" in r.stderr and "Traceback" not in r.stderr


def test_cli_empty_vocabulary(tmp_path, wikitext_dir):
    r = run_cli("--data-dir", str(wikitext_dir), "--max-tokens", "1000", "--min-count", "100000",
                "--out", str(tmp_path / "run"))
    assert r.returncode == 2 and "no word occurs 100000 times" in r.stderr


def test_train_refuses_a_corpus_built_for_another_config(tmp_path):
    corpus = build_corpus(topic_corpus(50), min_count=5)
    with pytest.raises(ValueError, match="min_count=5"):
        training.train(small_config(min_count=1), corpus, tmp_path, progress=False, log=quiet)


def test_preset_quality_and_explicit_flags_win(tmp_path):
    r = run_cli("--preset", "quality", "--window", "7", "--data-dir", str(tmp_path / "none"),
                "--out", str(tmp_path / "run"))
    cfg = json.loads(r.stdout.split("config: ", 1)[1].splitlines()[0])
    assert cfg["window"] == 7 and cfg["subsample"] == 1e-4 and cfg["lr_decay"] is True
    assert cfg["lr"] == 0.003 and cfg["epochs"] == 18
    assert cfg["shrink_window"] is True and cfg["subsample_formula"] == "word2vec"
    r = run_cli("--data-dir", str(tmp_path / "none"), "--out", str(tmp_path / "run"))
    cfg = json.loads(r.stdout.split("config: ", 1)[1].splitlines()[0])
    assert cfg["window"] == 3 and cfg["lr_decay"] is None      # the reference: Adam, constant lr


def test_adam_lr_decay_changes_training(tmp_path):
    corpus = build_corpus(topic_corpus(200), 1)
    flat = training.train(small_config(optimizer="adam", epochs=2, checkpoints=(2,)), corpus,
                       tmp_path / "flat", progress=False, log=quiet).checkpoint
    decayed = training.train(small_config(optimizer="adam", epochs=2, checkpoints=(2,), lr_decay=True),
                          corpus, tmp_path / "decay", progress=False, log=quiet).checkpoint

    def moved(ck):
        return np.abs(ck.W_out).sum()

    # same first steps, then smaller ones: the decayed run moves less
    assert moved(decayed) < moved(flat)


def test_sgd_without_decay_keeps_its_rate(tmp_path):
    """--optimizer sgd --lr-decay off: the kernel's rate stays lr0, as the log line says."""
    corpus = build_corpus(topic_corpus(200), 1)
    lines = []
    flat = training.train(small_config(optimizer="sgd", epochs=2, checkpoints=(2,), lr_decay=False), corpus,
                       tmp_path / "flat", progress=False, log=lines.append).checkpoint
    decayed = training.train(small_config(optimizer="sgd", epochs=2, checkpoints=(2,)), corpus,
                          tmp_path / "decay", progress=False, log=quiet).checkpoint
    assert [line.split("lr ")[1].split()[0] for line in lines if line.startswith("epoch ")] == ["0.025000"] * 2
    assert np.abs(decayed.W_out).sum() < np.abs(flat.W_out).sum()


def test_compiling_kernels_leaves_training_unchanged(tmp_path):
    corpus = build_corpus(topic_corpus(100), 1)
    cfg = small_config(optimizer="adam", epochs=1, checkpoints=(1,))
    a = training.Trainer(cfg, corpus)
    b = training.Trainer(cfg, corpus)
    b.compile_kernels()
    a.run_epoch()
    b.run_epoch()
    assert np.array_equal(a.W_in, b.W_in) and a.step == b.step and a.loss_trace == b.loss_trace


def test_encoded_corpus_is_cached_and_rebuilt_when_damaged(tmp_path, wikitext_dir):
    from skipgram_np import corpus as corpus_mod
    cfg = Config(max_tokens=20000)
    first = prepare.load_corpus(cfg, data_dir=wikitext_dir, cache_dir=tmp_path, log=quiet)
    cached = list((tmp_path / "corpus").glob("*.npz"))
    assert len(cached) == 1
    second = prepare.load_corpus(cfg, data_dir=wikitext_dir, cache_dir=tmp_path, log=quiet)
    assert np.array_equal(first.ids, second.ids) and first.vocab.words == second.vocab.words
    assert (second.min_count, second.max_tokens) == (5, 20000)
    cached[0].write_bytes(b"not a zip")
    assert corpus_mod.load(cached[0]) is None
    third = prepare.load_corpus(cfg, data_dir=wikitext_dir, cache_dir=tmp_path, log=quiet)
    assert np.array_equal(first.ids, third.ids)
