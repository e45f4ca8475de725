"""Every command as careful as train: a memory and disk plan before anything is allocated, divergence
caught for every optimizer, exports checked by their own digest, writes that fail in one line."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skipgram_np import checkpoint as C
from skipgram_np import export, runs
from skipgram_np.config import readable_rate
from test_runs import drive, one_line, resume


def test_a_run_too_large_for_the_memory_it_may_use_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "run"
    env = {**os.environ, "SKIPGRAM_NP_MEMORY": "2G"}
    r = subprocess.run([sys.executable, str(os.path.join(os.path.dirname(__file__), "cli_driver.py")), "--",
                        "--out", str(out), "--subsample", "0", "--min-count", "1", "--dim", "3000000", "--epochs", "2",
                        "--no-progress", "--no-figures", "--no-page", "--threads", "1"],
                       capture_output=True, text=True, timeout=120, env=env)
    line = one_line(r.stderr)
    assert r.returncode == 2 and line.startswith("error: this run would need about ")
    assert "and 2.0 GB is $SKIPGRAM_NP_MEMORY: lower --dim (about " in line and "--no-control" in line
    assert not out.exists()
    plan_line = next(x for x in drive(tmp_path / "small", "--epochs", "1", check=0).stdout.splitlines()
                     if x.startswith("plan: "))
    assert "of memory (" in plan_line and "on disk (" in plan_line            # said in the first lines


def test_adam_that_diverges_stops_in_one_line_with_a_rate_that_can_work(tmp_path):
    out = tmp_path / "run"
    line = one_line(drive(out, "--epochs", "3", "--lr", "10", check=1).stderr)
    assert line.startswith("error: training diverged in epoch 1 of 3") and "times its untrained (k + 1)·log 2" in line
    assert "--lr 0.001 " in line and "--resume" not in line                     # never the same rate again
    assert C.load(C.state_path(out)).epoch == 0
    line = one_line(drive(tmp_path / "sgd", "--epochs", "2", "--optimizer", "sgd", "--lr", "1e30", check=1).stderr)
    assert "nan (not a number)" in line and "--lr 0.025 " in line and "e+29" not in line
    line = one_line(drive(tmp_path / "nan", "--lr", "nan", check=2).stderr)
    assert "learning rate must be a number, got nan (not a number)" in line
    assert [readable_rate(x) for x in (1e-4, 0.025, 1e-5, 3e-8)] == ["0.0001", "0.025", "0.00001", "3e-08"]


def test_an_export_from_another_run_is_refused_by_its_own_digest_and_resume_rewrites_it(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    drive(one, "--epochs", "2", "--seed", "1", check=0)
    drive(two, "--epochs", "2", "--seed", "2", check=0)
    foreign = two / "embeddings_epoch2.json"
    foreign.write_bytes((one / "embeddings_epoch2.json").read_bytes())        # run.json still says "ours"
    assert export.own_digest(foreign) == C.stored_digest(C.checkpoint_path(one, 2))
    for command, more in (("query", ["neighbors", "a1"]), ("evaluate", ["--similarities", str(two / "run.json")]),
                          ("figures", []), ("explore", ["--no-eval"])):
        r = subprocess.run([sys.executable, "-m", f"skipgram_np.{command}", str(two), *more],
                           capture_output=True, text=True)
        line = one_line(r.stderr)
        assert r.returncode == 2 and "embeddings_epoch2.json was made from another version of its checkpoint" in line
    said = resume(two, check=0).stdout
    assert "rewrote embeddings_epoch2.json: made from another version of checkpoint_epoch2.npz" in said
    doc = json.loads(foreign.read_text())
    assert doc["checkpoint_sha256"] == C.stored_digest(C.checkpoint_path(two, 2))
    assert runs.stale_exports(two, runs.read_info(two)) == []


def _run_with_figures(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", check=0)
    return out


def figures_cli(*args):
    return subprocess.run([sys.executable, "-m", "skipgram_np.figures", *map(str, args), "--no-eval"],
                          capture_output=True, text=True, timeout=300)


def test_figures_write_only_where_they_may_and_replace_only_their_own(tmp_path):
    run = _run_with_figures(tmp_path)
    pics = tmp_path / "pics"
    pics.mkdir()
    (pics / "training.png").write_bytes(b"my own training curve")
    (pics / "notes.txt").write_text("mine")
    r = figures_cli(run, "--out", pics)
    line = one_line(r.stderr)
    assert r.returncode == 2 and "training.png, which python -m skipgram_np.figures did not write" in line
    assert sorted(p.name for p in pics.iterdir()) == ["notes.txt", "training.png"]
    assert (pics / "training.png").read_bytes() == b"my own training curve"
    r = figures_cli(run, "--out", pics, "--overwrite")                     # never someone else's files
    assert r.returncode == 2 and (pics / "training.png").read_bytes() == b"my own training curve"
    mine = tmp_path / "mine"
    assert figures_cli(run, "--out", mine).returncode == 0                  # a new folder: fine
    assert (mine / "training.png").is_file() and (mine / ".skipgram_np.json").is_file()
    r = figures_cli(run, "--out", mine)                                     # its own, again: only with the flag
    assert r.returncode == 2 and "--overwrite" in one_line(r.stderr)
    (mine / "notes.txt").write_text("mine")
    assert figures_cli(run, "--out", mine, "--overwrite").returncode == 0
    assert (mine / "notes.txt").read_text() == "mine"
    (run / "figures").mkdir()
    (run / "figures" / "structure.png").write_bytes(b"a user's picture")   # unlisted, in the run's own folder
    r = figures_cli(run)
    assert r.returncode == 2 and "not listed in its run.json" in one_line(r.stderr)
    assert (run / "figures" / "structure.png").read_bytes() == b"a user's picture"


def test_ctrl_c_is_not_held_up_by_a_compile_or_a_tsne_map(monkeypatch):
    """The work that holds a command for seconds (Numba compiling, t-SNE) runs in daemon threads the
    main thread waits for a tenth of a second at a time: a signal stops the command at once, and its
    exit does not wait for them."""
    import signal
    import threading
    import time

    from skipgram_np import figures_directions, interrupts, warmup
    started = time.monotonic()
    threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    try:
        with interrupts.immediate():
            warmup.in_thread(lambda: time.sleep(30))          # a cold compile, as long as it likes
    except interrupts.Interrupted as exc:
        assert exc.signum == signal.SIGINT
    assert time.monotonic() - started < 5
    assert next(t for t in threading.enumerate() if t.name == "compile").daemon
    future = figures_directions.begin({})                    # no checkpoints: the thread fails at once
    assert future.exception(timeout=10) is not None          # ... and hands its error on
    blocker = threading.Event()
    monkeypatch.setattr(figures_directions, "page_maps", lambda ckpts: blocker.wait(30) and "maps")
    future = figures_directions.begin({})
    assert next(t for t in threading.enumerate() if t.name == "tsne").daemon   # exit never waits for it
    blocker.set()
    assert future.result(timeout=10) == "maps"


# ------------------------------------------------------------------ planted bugs the suite once let pass
def test_a_word_is_never_its_own_neighbour_in_the_controls_chance_level():
    """chance.nearest_cosines (the successor of NeighbourChance's masked diagonal): with the word
    itself counted, every nearest cosine would be 1."""
    import numpy as np

    from skipgram_np import chance
    from skipgram_np.embeddings import unit_rows
    unit = unit_rows(np.random.default_rng(0).normal(size=(400, 12)).astype(np.float32))
    near = chance.nearest_cosines(unit, np.arange(50))
    brute = np.sort(unit[:50] @ unit.T - 3 * np.eye(50, 400), axis=1)[:, ::-1][:, :10]
    np.testing.assert_allclose(near, brute, atol=1e-6)
    allowed = np.arange(0, 400, 2)
    near = chance.nearest_cosines(unit, np.arange(0, 50, 2), allowed)         # a pool holding the words
    assert (near < 0.999).all()


def test_the_controls_random_pairs_never_pair_a_word_with_itself():
    """chance.PairChance (the successor of own_group_chance's "any word but itself" draw): a self-pair
    has cosine 1, and with ~1 in 300 of them the 99.9th percentile would be 1."""
    import numpy as np

    from skipgram_np import chance
    from skipgram_np.embeddings import Embeddings
    ctl = Embeddings([f"w{i}" for i in range(600)], np.random.default_rng(1).normal(size=(600, 30)))
    pairs = chance.PairChance.of(ctl)
    assert (pairs.line < 0.9).all() and pairs.line.shape == (2, 2)


def test_trustworthiness_is_of_the_map_against_the_table_not_the_other_way():
    import numpy as np
    from sklearn.manifold import trustworthiness

    from skipgram_np import tsne
    rng = np.random.default_rng(2)
    high = rng.normal(size=(120, 20))
    low = high[:, :2] + 0.5 * rng.normal(size=(120, 2))
    assert tsne.trust(high, low) == trustworthiness(high, low, n_neighbors=10)
    assert tsne.trust(high, low) != trustworthiness(low, high, n_neighbors=10)


def test_an_infinite_loss_stops_training_like_a_nan(monkeypatch):
    import math

    import numpy as np
    import pytest

    from skipgram_np import kernels_adam, trainer
    from skipgram_np.config import Config
    from skipgram_np.corpus import build_corpus
    cfg = Config(min_count=1, subsample=0.0, window=2, dim=8, epochs=1, threads=1).validate()
    t = trainer.Trainer(cfg, build_corpus(["a b c d e f g h"] * 50, 1))
    real = kernels_adam.adam
    monkeypatch.setattr(kernels_adam, "adam", lambda *a: (math.inf,) + tuple(real(*a))[1:])
    with pytest.raises(trainer.Diverged) as err:
        t.run_epoch()
    assert err.value.what() == "the loss became infinite" and np.isfinite(t.W_in).all()


def test_ones_steps_noise_normaliser_is_over_the_whole_vocabulary():
    import numpy as np

    from skipgram_np import passages, subsample
    from skipgram_np.corpus import build_corpus
    corpus = build_corpus([" ".join(f"w{i % 40}" for i in range(j, j + 30)) for j in range(200)], 1)
    keep = subsample.keep_prob(corpus.vocab.counts, 0.0, "paper")
    got = passages.step_targets(corpus, [corpus.vocab.words[:5]], 2, 3, 0.75, keep, within=10)
    assert got["noise_norm"] == float((corpus.vocab.counts.astype(np.float64) ** 0.75).sum())


# ------------------------------------------------------------------ writes that fail: one line, nothing lost
@pytest.fixture
def mounted(tmp_path):
    """mount(size) -> a fresh tmpfs of that size (a full disk, made small); ro(folder) remounts it
    read-only. Skipped where the tests may not mount (not root)."""
    made = []

    def mount(size="2m"):
        where = tmp_path / f"fs{len(made)}"
        where.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode:
            pytest.skip("cannot mount a tmpfs here (not root)")
        made.append(where)
        return where

    def ro(where):
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    yield mount, ro
    for where in made:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in Path(folder).rglob("*") if p.is_file()}


def test_a_read_only_run_folder_is_one_line_for_every_command_and_nothing_changes(tmp_path, mounted):
    mount, ro = mounted
    fs = mount("64m")
    run = fs / "run"
    drive(run, "--epochs", "2", check=0)
    before = snapshot(run)
    ro(fs)
    for command, more in (("evaluate", ["--similarities", str(tmp_path / "pairs.tsv")]), ("figures", ["--no-eval"]),
                          ("explore", ["--no-eval"])):
        (tmp_path / "pairs.tsv").write_text("a1\ta2\t9\na1\tb1\t1\nb1\tb2\t8\n")
        r = subprocess.run([sys.executable, "-m", f"skipgram_np.{command}", str(run), *more],
                           capture_output=True, text=True, timeout=300)
        line = one_line(r.stderr)
        assert r.returncode == 1 and "Read-only file system" in line and f"python -m skipgram_np.{command}" in line
    assert snapshot(run) == before


def test_a_full_disk_under_figures_leaves_whole_files_and_one_line(tmp_path, mounted):
    mount, _ = mounted
    run = tmp_path / "run"
    drive(run, "--epochs", "2", check=0)
    fs = mount("300k")
    r = figures_cli(run, "--out", fs / "pics")
    line = one_line(r.stderr)
    assert r.returncode == 1 and line.startswith(f"error: disk full while writing the figures in {fs / 'pics'}")
    assert f"python -m skipgram_np.figures {run} --out {fs / 'pics'}" in line
    written = [p for p in (fs / "pics").iterdir() if p.suffix == ".png"]
    assert not list((fs / "pics").glob(".*.tmp"))
    for p in written:                                                       # whole pictures only
        assert p.read_bytes().endswith(b"IEND\xaeB`\x82")


def test_trains_last_steps_failing_a_write_are_one_line_and_the_run_stays_whole(tmp_path):
    """Writes past 200 kB fail (RLIMIT_FSIZE, as a quota would, which no plan foresees): every file of the
    training fits, the page does not."""
    run = tmp_path / "run"
    r = drive(run, "--epochs", "2", "--no-figures", "--no-page", driver=[])
    r = subprocess.run([sys.executable, str(Path(__file__).parent / "cli_driver.py"), "--file-size-limit", "200000",
                        "--", "--out", str(run), "--overwrite", "--subsample", "0", "--min-count", "1", "--dim", "16",
                        "--no-progress", "--threads", "1", "--epochs", "2", "--no-figures"],
                       capture_output=True, text=True, timeout=300)
    assert "done: 2 epochs" in r.stdout, r.stdout + r.stderr
    line = one_line(r.stderr)
    assert r.returncode == 1 and line.startswith(f"error: the page {run / 'explorer.html'}: File too large")
    assert f"the run itself in {run} is complete and intact; write it with python -m skipgram_np.explore {run}" in line
    assert C.saved_epochs(run) == [0, 1, 2] and not list(run.rglob(".*.tmp")) and not (run / "explorer.html").exists()
    runs.load_run(run)                                                       # readable as it is


def test_explore_writes_only_a_new_page_or_its_own(tmp_path):
    run = tmp_path / "run"
    drive(run, "--epochs", "2", check=0)

    def explore(*args):
        return subprocess.run([sys.executable, "-m", "skipgram_np.explore", str(run), "--no-eval", *map(str, args)],
                              capture_output=True, text=True, timeout=300)
    mine = tmp_path / "index.html"
    mine.write_text("<html>my own page</html>")
    r = explore("--out", mine)
    assert r.returncode == 2 and "did not write it" in one_line(r.stderr)
    r = explore("--out", mine, "--overwrite")                               # never someone else's
    assert r.returncode == 2 and mine.read_text() == "<html>my own page</html>"
    page = tmp_path / "page.html"
    assert explore("--out", page).returncode == 0 and page.read_text().split("\n")[1].startswith("<!-- written by")
    r = explore("--out", page)
    assert r.returncode == 2 and "--overwrite" in one_line(r.stderr)
    assert explore("--out", page, "--overwrite").returncode == 0
    (run / "explorer.html").write_text("a file of the user's, named like the run's page")
    r = explore()
    assert r.returncode == 2 and "not listed in the run's run.json" in one_line(r.stderr)
