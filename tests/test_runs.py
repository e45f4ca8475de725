"""Runs you can trust: checkpoints that follow --epochs, one run per folder, clean interrupts,
resume after real kills, loading that validates. The fault tests drive real processes
(tests/cli_driver.py: the real command on a synthetic corpus) and kill them for real."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from skipgram_np import checkpoint as C
from skipgram_np import runs
from skipgram_np.config import PRESETS, Config, default_checkpoints

DRIVER = Path(__file__).parent / "cli_driver.py"
SMALL = ["--subsample", "0", "--min-count", "1", "--dim", "16", "--no-progress", "--no-figures", "--no-page",
         "--threads", "1"]


def drive(out, *args, driver=(), check=None, timeout=300):
    r = subprocess.run([sys.executable, str(DRIVER), *driver, "--", "--out", str(out), *SMALL, *args],
                       capture_output=True, text=True, timeout=timeout)
    if check is not None:
        assert r.returncode == check, r.stdout[-2000:] + r.stderr[-3000:]
    return r


def resume(folder, *args, driver=(), check=None):
    r = subprocess.run([sys.executable, str(DRIVER), *driver, "--", "--resume", str(folder),
                        "--no-progress", "--no-figures", "--no-page", *args],
                       capture_output=True, text=True, timeout=300)
    if check is not None:
        assert r.returncode == check, r.stdout[-2000:] + r.stderr[-3000:]
    return r


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def tables(folder, epoch):
    ck = C.load(C.checkpoint_path(folder, epoch))
    return ck.W_in, ck.W_out


def digests(folder):
    return {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}


# ------------------------------------------------------------------ checkpoints follow --epochs
def test_default_checkpoints_follow_the_epochs():
    assert Config().checkpoint_epochs == (0, 2, 5, 10)           # the reference
    assert default_checkpoints(3) == (0, 1, 2, 3)
    assert default_checkpoints(11) == (0, 2, 6, 11)
    assert default_checkpoints(1) == (0, 1)
    assert Config(epochs=4, checkpoints=(1,)).checkpoint_epochs == (1, 4)   # the last, always
    with pytest.raises(ValueError, match=r"checkpoints \[5\] must lie in 0..epochs \(3\)"):
        Config(epochs=3, checkpoints=(5,)).validate()


@pytest.mark.parametrize("epochs", [3, 11])
def test_cli_saves_the_final_epoch(tmp_path, epochs):
    drive(tmp_path / "run", "--epochs", str(epochs), check=0)
    assert C.saved_epochs(tmp_path / "run") == list(default_checkpoints(epochs))
    assert (tmp_path / "run" / f"vectors_epoch{epochs}.txt").is_file()
    assert runs.load_run(tmp_path / "run")[epochs].epoch == epochs


def test_cli_checkpoint_outside_the_run_is_one_line(tmp_path):
    r = drive(tmp_path / "run", "--epochs", "3", "--checkpoints", "2,5", check=2)
    assert "checkpoints [2, 5] must lie in 0..epochs (3)" in one_line(r.stderr)


@pytest.mark.parametrize("flags,message", [
    (["--seed", "-1"], "seed must be >= 0"),
    (["--json-words", "-1"], "--json-words must be >= 0"),
    (["--eval-dir", "EMPTY"], "has no questions-words.txt")])
def test_bad_values_are_one_line_and_leave_no_folder(tmp_path, flags, message):
    (tmp_path / "empty").mkdir()
    flags = [str(tmp_path / "empty") if f == "EMPTY" else f for f in flags]
    r = drive(tmp_path / "new" / "run", "--epochs", "1", *flags, check=2)
    assert message in one_line(r.stderr)
    assert not (tmp_path / "new").exists()            # nothing made for a run that never started


def test_later_commands_find_the_eval_sets_where_the_run_found_them(tmp_path, eval_dir):
    out = tmp_path / "run"
    drive(out, "--epochs", "1", "--eval-dir", str(eval_dir), check=0)
    offline = {**os.environ, "SKIPGRAM_NP_CACHE": str(tmp_path / "empty-cache"),
               "SKIPGRAM_NP_EVAL_MIRROR": "http://127.0.0.1:9/"}          # nothing to fetch from
    for module in ("evaluate", "figures", "explore"):
        r = subprocess.run([sys.executable, "-m", f"skipgram_np.{module}", str(out)], env=offline,
                           capture_output=True, text=True, timeout=300)
        if module == "evaluate":     # found where the run found them; none of WordSim's words is in
            line = one_line(r.stderr)   # this synthetic vocabulary, so no ρ: refused, nothing written
            assert r.returncode == 2 and str(eval_dir / "wordsim353.tsv") in line and "0 of its pairs" in line
            continue
        assert r.returncode == 0 and "note:" not in r.stderr and "127.0.0.1:9" not in r.stderr, r.stderr
    assert not (out / "evaluation.json").exists() and not (tmp_path / "empty-cache" / "eval").exists()


def test_default_folder_names_differ_when_settings_differ():
    names = {runs.default_run_dir(Config(**kw)).name for kw in (
        {}, {"adam_mode": "lazy"}, {"lr": 0.003}, {"max_tokens": 200000}, {"seed": 1},
        {"optimizer": "sgd"}, {"window": 8, "subsample": 1e-4, "lr": 0.003, "lr_decay": True},
        {"shrink_window": True}, {"cross_lines": False})}
    assert len(names) == 9
    assert runs.default_run_dir(Config()).name == "adam-e10-d100"
    assert runs.default_run_dir(Config(adam_mode="lazy")).name == "adam-e10-d100-lazy"
    assert runs.default_run_dir(Config(**PRESETS["quality"])).name == "adam-e18-d100-quality"
    assert runs.default_run_dir(Config(threads=1)).name == "adam-e10-d100"   # how, not what


# ------------------------------------------------------------------ one run per folder
def test_folder_holding_another_run_is_refused_and_left_intact(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "3", check=0)
    before = digests(out)
    r = drive(out, "--epochs", "2", "--window", "2", check=2)
    line = one_line(r.stderr)
    assert f"{out} already holds a run (3 of 3 epochs done)" in line
    assert f"It is finished: extend it with --resume {out} --epochs N (N > 3)" in line
    assert "--overwrite" in line and "--out" in line
    assert digests(out) == before
    (out / "run.json").write_text("{not json")                  # damaged: no way on but a new run
    line = one_line(drive(out, "--epochs", "2", check=2).stderr)
    assert "It cannot be resumed" in line and "--resume" not in line
    (out / "run.json").write_bytes(before["run.json"])
    drive(out, "--epochs", "2", "--window", "2", "--overwrite", check=0)
    assert C.saved_epochs(out) == [0, 1, 2]                  # nothing of the old run is left
    assert not (out / "vectors_epoch3.txt").exists()
    assert runs.load_run(out)[2].config.window == 2


def test_second_concurrent_run_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "run"
    first = subprocess.Popen([sys.executable, str(DRIVER), "--sleep-in-kernel", "2:4", "--",
                              "--out", str(out), *SMALL, "--epochs", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / "checkpoint_epoch0.npz").exists():      # it holds the lock from here on
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    r = drive(out, "--epochs", "2", check=2)
    assert f"another training run is writing to {out}" in one_line(r.stderr)
    r2 = resume(out, check=2)
    assert "another training run" in one_line(r2.stderr)
    assert "corpus:" not in r2.stdout and "config:" not in r2.stdout       # said before any preparation
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert C.saved_epochs(out) == [0, 1, 2]


def test_query_evaluate_figures_explore_refuse_a_folder_of_two_runs(tmp_path):
    drive(tmp_path / "a", "--epochs", "2", check=0)
    drive(tmp_path / "b", "--epochs", "2", "--seed", "1", check=0)
    (tmp_path / "a" / "checkpoint_epoch1.npz").write_bytes(
        (tmp_path / "b" / "checkpoint_epoch1.npz").read_bytes())
    for args in (["query", str(tmp_path / "a"), "neighbors", "a1"],
                 ["evaluate", str(tmp_path / "a"), "--analogies", str(DRIVER)],
                 ["figures", str(tmp_path / "a")], ["explore", str(tmp_path / "a")]):
        r = subprocess.run([sys.executable, "-m", f"skipgram_np.{args[0]}", *args[1:]],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 2, (args, r.stderr)
        assert "mixes checkpoints of different runs (epochs 0, 2; epochs 1)" in one_line(r.stderr)


# ------------------------------------------------------------------ interrupts and kills
@pytest.mark.parametrize("sig,code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_signal_mid_epoch_is_one_line_with_the_resume_command(tmp_path, sig, code):
    out = tmp_path / "run"
    # kernel calls: 1 compiles, then 3 per epoch: the run's epoch 1 (2-4), its control's (5-7), the run's epoch 2 (8-10)
    r = drive(out, "--epochs", "3", driver=["--signal-in-kernel", f"9:{sig}"])   # epoch 2 of 3
    assert r.returncode == code
    line = one_line(r.stderr)
    assert line == (f"stopped by {'Ctrl-C (SIGINT)' if sig == 'SIGINT' else 'SIGTERM'} during "
                    f"epoch 2 of 3; epoch 1 is saved. Continue with: python -m "
                    f"skipgram_np.train --resume {out}")
    assert C.load(C.state_path(out)).epoch == 1
    resume(out, check=0)
    assert C.saved_epochs(out) == [0, 1, 2, 3]


def test_sigkill_mid_epoch_then_resume_equals_the_uninterrupted_run(tmp_path):
    drive(tmp_path / "full", "--epochs", "3", check=0)
    cut = tmp_path / "cut"
    r = drive(cut, "--epochs", "3", driver=["--signal-in-kernel", "9:SIGKILL"])     # the run's epoch 2
    assert r.returncode == -signal.SIGKILL
    assert C.load(C.state_path(cut)).epoch == 1 and C.saved_epochs(cut) == [0, 1]
    assert C.saved_epochs(cut / "control") == [0, 1]
    (cut / ".state.npz.abc123.tmp").write_bytes(b"half a write")   # as a kill mid-write leaves
    resume(cut, check=0)
    assert not list(cut.glob(".*.tmp"))
    for folder in (".", "control"):                                # the control resumes as exactly
        for e in (2, 3):
            for a, b in zip(tables(tmp_path / "full" / folder, e), tables(cut / folder, e)):
                assert np.array_equal(a, b)
        full_state, cut_state = C.load(C.state_path(tmp_path / "full" / folder)), C.load(C.state_path(cut / folder))
        for k in C.ADAM_ARRAYS:
            assert np.array_equal(full_state.adam[k], cut_state.adam[k]), k


def test_a_stop_in_the_controls_epoch_says_so_and_resume_finishes_both(tmp_path):
    out = tmp_path / "run"
    r = drive(out, "--epochs", "2", driver=["--signal-in-kernel", "6:SIGINT"])     # the control's epoch 1
    assert r.returncode == 130
    assert one_line(r.stderr) == (f"stopped by Ctrl-C (SIGINT) during the control's epoch 1 of 2; the run's epochs "
                                  f"up to 1 are saved, the control's up to 0. Continue with: python -m "
                                  f"skipgram_np.train --resume {out}")
    assert C.load(C.state_path(out)).epoch == 1 and C.load(C.state_path(out / "control")).epoch == 0
    said = resume(out, check=0).stdout
    assert "control: epoch  1/2" in said and "| control: loss" in said        # catches up, then side by side
    assert C.saved_epochs(out / "control") == [0, 1, 2]
    assert C.load(C.checkpoint_path(out / "control", 2)).run_id == runs.read_info(out)["run_id"] + "-control"


def test_kill_between_state_and_exports_then_resume_writes_them(tmp_path):
    out = tmp_path / "run"
    r = drive(out, "--epochs", "3", driver=["--kill-at-export", "2"])
    assert r.returncode == -signal.SIGKILL
    assert C.load(C.state_path(out)).epoch == 2 and (out / "checkpoint_epoch2.npz").exists()
    assert not (out / "embeddings_epoch2.json").exists()
    r = resume(out, check=0)
    assert "wrote the missing embeddings_epoch2.json" in r.stdout
    assert json.loads((out / "embeddings_epoch2.json").read_text())["epoch"] == 2


def test_a_failing_write_is_one_line_and_loses_nothing(tmp_path):
    """RLIMIT_FSIZE makes a write past 70 kB fail, as a full disk would: epoch 0 fits, epoch 1's
    checkpoint does not."""
    out = tmp_path / "run"
    r = drive(out, "--epochs", "2", "--dim", "400", driver=["--file-size-limit", "70000"])
    assert r.returncode == 1
    line = one_line(r.stderr)
    assert line.startswith(f"error: the run in {out}: File too large") and f"--resume {out}" in line
    assert C.load(C.state_path(out)).epoch == 0 and not list(out.glob(".*.tmp"))
    resume(out, check=0)
    assert C.saved_epochs(out) == [0, 1, 2]


# ------------------------------------------------------------------ resume: flags and extension
def test_resume_refuses_conflicting_flags_in_one_line(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", check=0)
    r = resume(out, "--dim", "50", "--optimizer", "sgd", "--out", str(tmp_path / "elsewhere"),
               "--window", "3", check=2)
    line = one_line(r.stderr)
    assert "--dim 50 (the run has dim 16)" in line and "--optimizer sgd (the run has optimizer adam)" in line
    assert f"--out {tmp_path / 'elsewhere'}" in line and "--window" not in line   # 3 is the run's
    assert not (tmp_path / "elsewhere").exists()


def test_resume_extends_a_finished_run(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", check=0)
    r = resume(out, check=0)
    assert "already finished its 2 epochs" in r.stdout and "--epochs N (more than 2) extends it" in r.stdout
    assert "done: no epoch to train" in r.stdout
    r = resume(out, "--epochs", "4", check=0)
    assert "done: epochs 3-4 of 4 in" in r.stdout                # what this command trained
    assert C.load(C.state_path(out)).epoch == 4
    assert C.saved_epochs(out) == [0, 1, 2, 4]       # the old ones, and the new spread's later ones
    assert runs.load_run(out)[4].config.epochs == 4
    r = resume(out, "--epochs", "3", check=2)
    assert "has already trained 4 epochs; --epochs must be at least 4" in one_line(r.stderr)


def test_resume_keeps_a_run_unscored_when_it_began_with_no_eval(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "1", "--no-eval", check=0)
    r = resume(out, "--epochs", "2", check=0)
    assert "not scored" not in r.stdout and "ρ" not in r.stdout, r.stdout
    assert "quality" not in C.load(C.checkpoint_path(out, 2)).stats


def test_resume_refuses_to_extend_a_decaying_run(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", "--optimizer", "sgd", check=0)
    assert "extends it" not in resume(out, check=0).stdout
    r = resume(out, "--epochs", "4", check=2)
    assert "decays its learning rate linearly over its 2 epochs" in one_line(r.stderr)


# ------------------------------------------------------------------ loading validates
def test_wrong_shape_state_with_a_valid_digest_is_refused(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "3", driver=["--signal-in-kernel", "9:SIGKILL"])
    state = C.load(C.state_path(out))
    state.adam["m_in"] = state.adam["m_in"][:-3]            # rows missing: a kernel would crash
    C.save(C.state_path(out), state, with_optimizer=True)    # with a freshly computed digest
    r = resume(out, check=2)
    line = one_line(r.stderr)
    assert "cannot resume" in line and "m_in is float32[27, 16], expected float32[30, 16]" in line
    bad = C.load(C.checkpoint_path(out, 1))
    bad.W_in = bad.W_in.astype(np.float64)
    C.save(C.checkpoint_path(out, 1), bad)
    with pytest.raises(C.CheckpointError, match="W_in is float64"):
        C.load(C.checkpoint_path(out, 1))


def test_state_refers_to_the_checkpoint_instead_of_copying_it(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", check=0)
    with np.load(out / "state.npz") as state, np.load(out / "checkpoint_epoch0.npz") as first:
        assert "W_in" not in state.files and str(state["tables_from"]) == "checkpoint_epoch2.npz"
        assert {"m_in", "v_in", "m_out", "v_out"} <= set(state.files)
        assert "W_out__zeros" in first.files and "W_out" not in first.files   # all zero: its shape only
    assert np.array_equal(C.load(C.state_path(out)).W_in, C.load(C.checkpoint_path(out, 2)).W_in)
    (out / "checkpoint_epoch2.npz").write_bytes((out / "checkpoint_epoch1.npz").read_bytes())
    with pytest.raises(C.CheckpointError, match="takes its tables from checkpoint_epoch2.npz"):
        C.load(C.state_path(out))


# ------------------------------------------------------------------ the real corpus, real signals
def test_real_run_interrupted_from_outside(tmp_path, wikitext_dir):
    out = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-u", "-m", "skipgram_np.train", "--data-dir",
                             str(wikitext_dir), "--max-tokens", "600000", "--epochs", "4",
                             "--threads", "1", "--no-progress", "--no-figures", "--no-page", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stdout:                       # once epoch 1 is reported, epoch 2 is running
        if line.startswith("epoch  1/4"):
            time.sleep(0.1)
            proc.send_signal(signal.SIGINT)
            break
    proc.stdout.read()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 130
    assert one_line(err).startswith("stopped by Ctrl-C (SIGINT) during epoch")
    assert f"--resume {out}" in err


# ------------------------------------------------------------------ nothing lost, even by mistake
def test_overwrite_removes_only_what_the_run_recorded(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", "--projector", "--word2vec", "checkpoints", check=0)
    foreign = {"notes.txt": b"mine", "results.txt": b"also mine", "figures/foreign.png": b"\x89PNG mine",
               "projector_epoch1/README": b"mine too", "sub/checkpoint_epoch1.npz": b"not a run's",
               ".my.tmp": b"an editor's"}
    for name, data in foreign.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    old_id = runs.read_info(out)["run_id"]
    drive(out, "--epochs", "1", "--overwrite", check=0)
    assert {n: (out / n).read_bytes() for n in foreign} == foreign       # every foreign file survives
    assert runs.read_info(out)["run_id"] != old_id and C.saved_epochs(out) == [0, 1]
    assert not (out / "vectors_epoch2.txt").exists() and not (out / "projector_epoch0").exists()
    assert not (out / "projector_epoch1" / "vectors.tsv").exists()      # the run's own files went


def test_files_named_like_a_runs_but_unrecorded_are_never_removed(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "1", check=0)
    (out / "checkpoint_epoch7.npz").write_bytes(b"a look-alike")
    before = digests(out)
    for extra in ((), ("--overwrite",)):
        line = one_line(drive(out, "--epochs", "1", *extra, check=2).stderr)
        assert "checkpoint_epoch7.npz" in line and "not listed in its run.json" in line
        assert digests(out) == before


def test_a_folder_that_is_not_a_run_is_never_overwritten(tmp_path):
    """From a repository root: a figures/ folder of someone's own, no run.json."""
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "map_epoch0.png").write_bytes(b"committed")
    (tmp_path / "figures" / "training.png").write_bytes(b"committed too")
    (tmp_path / "README.md").write_text("a project\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for extra in ((), ("--overwrite",)):
        line = one_line(drive(tmp_path, "--epochs", "1", *extra, check=2).stderr)
        assert "no run.json" in line and "--overwrite" not in line and "--out" in line
        assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def exports_match_their_checkpoints(out):
    info = runs.read_info(out)
    files = info["files"]
    for e in C.saved_epochs(out):
        digest = C.stored_digest(C.checkpoint_path(out, e))
        ck = C.load(C.checkpoint_path(out, e))
        names = [n for n in files if runs.epoch_of(n) == e and not n.endswith(".npz")]
        assert names, e
        for name in names:
            assert files[name]["from"] == digest, name
        doc = json.loads((out / f"embeddings_epoch{e}.json").read_text())
        assert doc["checkpoint_sha256"] == digest
        np.testing.assert_allclose(doc["vectors"], np.round(ck.W_in[:len(doc["vectors"])], 4), atol=1e-4)
    last = C.saved_epochs(out)[-1]
    from skipgram_np.export import read_word2vec
    _, vectors = read_word2vec(out / f"vectors_epoch{last}.txt", binary=False)
    np.testing.assert_allclose(vectors, C.load(C.checkpoint_path(out, last)).W_in, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("point", ["checkpoint", "state", "json", "exports"])
def test_a_kill_anywhere_in_a_save_leaves_exports_that_match_after_resume(tmp_path, point):
    out = tmp_path / "run"
    r = drive(out, "--epochs", "3", "--word2vec", "checkpoints", driver=["--kill-after", f"{point}:2"])
    assert r.returncode == -signal.SIGKILL, r.stderr[-2000:]
    if point in ("json", "exports"):         # a stale or unfinished export: readers refuse it
        q = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(out), "neighbors", "a1"],
                           capture_output=True, text=True)
        line = one_line(q.stderr)
        assert q.returncode == 2 and "made from another version" in line and f"--resume {out}" in line
    resume(out, check=0)
    assert C.saved_epochs(out) == [0, 1, 2, 3]
    exports_match_their_checkpoints(out)
    runs.load_run(out)                        # and the readers take it


def test_resume_without_run_json_rebuilds_it_from_the_state(tmp_path):
    out = tmp_path / "run"
    r = drive(out, "--epochs", "3", driver=["--kill-after", "state:2"])
    assert r.returncode == -signal.SIGKILL
    run_id = C.load(C.state_path(out)).run_id
    (out / "run.json").unlink()
    resume(out, check=0)
    assert runs.read_info(out)["run_id"] == run_id and C.saved_epochs(out) == [0, 1, 2, 3]


def test_divergence_stops_in_one_line_and_keeps_the_last_good_state(tmp_path):
    out = tmp_path / "run"
    r = drive(out, "--epochs", "3", "--optimizer", "sgd", "--lr", "1e6", check=1)
    line = one_line(r.stderr)
    assert "training diverged in epoch 1 of 3" in line and "lr 1e+06" in line
    assert "--lr 0.025 " in line and "--resume" not in line      # a rate that can work: the default, not 1e6 / 10
    assert "loss became nan" in line or "loss became inf" in line
    assert C.load(C.state_path(out)).epoch == 0 and C.saved_epochs(out) == [0]
    assert np.isfinite(C.load(C.checkpoint_path(out, 0)).W_in).all()
    line = one_line(resume(out, check=1).stderr)           # --resume goes on from epoch 0, and stops again
    assert "training diverged in epoch 1 of 3" in line


def test_absurd_adam_state_diverges_in_one_line(tmp_path):
    out = tmp_path / "run"
    r = drive(out, "--epochs", "3", driver=["--kill-after", "state:1"])
    assert r.returncode == -signal.SIGKILL
    state = C.load(C.state_path(out))
    state.adam["m_in"][:] = 3e38                           # finite, absurd: the next step overflows
    C.save(C.state_path(out), state, with_optimizer=True)
    line = one_line(resume(out, check=1).stderr)
    assert "training diverged in epoch 2 of 3" in line and "Epochs up to 1 are saved" in line


def test_readers_refuse_non_finite_tables_naming_the_epoch(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "1", check=0)
    ck = C.load(C.checkpoint_path(out, 1))
    ck.W_in[3, 2] = np.nan
    C.save(C.checkpoint_path(out, 1), ck)                  # a valid file with a NaN inside
    for command, more in (("query", ["neighbors", "a1"]), ("evaluate", ["--similarities", str(out / "run.json")]),
                          ("figures", []), ("explore", ["--no-eval"])):
        r = subprocess.run([sys.executable, "-m", f"skipgram_np.{command}", str(out), *more],
                           capture_output=True, text=True)
        line = one_line(r.stderr)
        assert r.returncode == 2 and "epoch 1's tables hold values that are not finite" in line, command


def test_an_infinite_learning_rate_is_refused(tmp_path):
    line = one_line(drive(tmp_path / "run", "--lr", "inf", check=2).stderr)
    assert "learning rate must be a finite number" in line


def test_every_file_a_run_writes_is_recorded_and_named_like_a_runs(tmp_path, eval_dir):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", "--projector", check=0)
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("".join(f"a{i}\ta{i + 1}\t9\nb{i}\tb{i + 1}\t9\na{i}\tb{i}\t1\n" for i in range(10)))
    for command, more in (("figures", ["--no-eval"]), ("explore", ["--no-eval"]),
                          ("evaluate", ["--eval-dir", str(eval_dir), "--similarities", str(pairs)])):
        r = subprocess.run([sys.executable, "-m", f"skipgram_np.{command}", str(out), *more],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {".lock"}
    listed = set(runs.recorded(out, runs.read_info(out)))
    assert written == listed == set(runs.lookalikes(out))
    assert {"figures/report.md", "explorer.html", "evaluation-pairs.json", "projector_epoch2/vectors.tsv",
            "control/checkpoint_epoch2.npz", "control/state.npz"} <= listed        # a user's set: its own files


def test_the_training_command_ends_on_its_page(tmp_path):
    out = tmp_path / "run"
    r = subprocess.run([sys.executable, str(DRIVER), "--", "--out", str(out), "--epochs", "2",
                        *[a for a in SMALL if a not in ("--no-page", "--no-figures")]],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith(f"page: wrote {out / 'explorer.html'} (") and "open it in a browser" in last
    assert (out / "explorer.html").is_file() and (out / "figures" / "report.md").is_file()
    assert "explorer.html" in runs.recorded(out, runs.read_info(out))


def test_query_neighbours_stand_against_chance(tmp_path):
    """Two planted topics: at epoch 0 no neighbour is beyond chance; once trained, most are."""
    out = tmp_path / "run"
    drive(out, "--epochs", "3", check=0)
    r = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(out), "neighbors", "a1"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("chance for the nearest") == 4 and "seen " in r.stdout
    assert "epoch 0: 0 of the 10 nearest are beyond chance" in r.stdout
    last = next(line for line in r.stdout.splitlines() if line.startswith("epoch 3: ") and "of the 10 nearest" in line)
    assert int(last.split()[2]) >= 5, last
    r = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(out), "neighbors", "a1", "--min-count", "99999"],
                       capture_output=True, text=True)
    line = one_line(r.stderr)
    assert r.returncode == 2 and "lower --min-count" in line


def test_a_run_without_a_control_says_so_in_one_line_and_resume_adds_it(tmp_path):
    out = tmp_path / "run"
    drive(out, "--epochs", "2", "--no-control", check=0)
    assert not (out / "control").exists() and runs.read_info(out)["outputs"]["control"] is False
    r = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(out), "neighbors", "a1"],
                       capture_output=True, text=True)
    notes = [line for line in r.stdout.splitlines() if "control" in line]
    assert r.returncode == 0 and len(notes) == 1 and "beyond chance" not in r.stdout
    assert notes[0] == (f"note: {out} has no control run, so no verdicts: a control is the same training on the same "
                        f"words shuffled, the chance level everything is judged against; add one with "
                        f"python -m skipgram_np.train --resume {out} --control")
    r = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(out), "--control", "neighbors", "a1"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "--resume" in one_line(r.stderr)
    line = one_line(drive(tmp_path / "other", "--control", check=2).stderr)      # --control is for --resume
    assert "--control adds a control to a run trained without one" in line
    said = resume(out, "--control", check=0).stdout
    assert "already finished its 2 epochs: training its control now" in said
    assert "done: 2 epochs of the control in" in said and "control: epoch  2/2" in said
    assert C.saved_epochs(out / "control") == [0, 1, 2] and runs.read_info(out)["outputs"]["control"] is True
    assert {"control/checkpoint_epoch2.npz", "control/state.npz"} <= set(runs.recorded(out, runs.read_info(out)))
    r = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(out), "neighbors", "a1"],
                       capture_output=True, text=True)
    assert "epoch 2: " in r.stdout and "of the 10 nearest are beyond chance" in r.stdout
    line = one_line(resume(out, "--no-control", check=2).stderr)
    assert "trains a control beside it" in line
    drive(out, "--epochs", "2", "--overwrite", "--no-control", check=0)    # --overwrite removes it, and only it
    assert not (out / "control").exists()
