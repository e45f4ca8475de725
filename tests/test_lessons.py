"""Every lesson runs to the end in quick mode, and says what it should."""
import re
import subprocess
import sys
from pathlib import Path


LESSONS = sorted((Path(__file__).resolve().parents[1] / "lessons").glob("0*.py"))


def run_lesson(name, wikitext_dir, tmp_path):
    path = next(p for p in LESSONS if p.name.startswith(name))
    r = subprocess.run([sys.executable, str(path), "--quick", "--data-dir", str(wikitext_dir),
                        "--figures", str(tmp_path / "figures"), "--runs", str(tmp_path / "runs")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    return r.stdout


def test_there_are_nine_lessons_in_order():
    assert [p.name[:2] for p in LESSONS] == [f"0{i}" for i in range(1, 10)]
    for p in LESSONS:
        assert p.read_text().startswith('"""Lesson'), f"{p.name} must open with its docstring"


def test_01_data(wikitext_dir, tmp_path):
    out = run_lesson("01", wikitext_dir, tmp_path)
    assert "sha256 verified" in out and "CLEAN |" in out and "heading lines" in out


def test_02_vocabulary(wikitext_dir, tmp_path):
    out = run_lesson("02", wikitext_dir, tmp_path)
    slope = float(re.search(r"slope (-?[\d.]+)", out).group(1))
    assert -1.4 < slope < -0.6                      # Zipf
    assert (tmp_path / "figures" / "02_zipf.png").stat().st_size > 10_000


def test_03_subsampling(wikitext_dir, tmp_path):
    out = run_lesson("03", wikitext_dir, tmp_path)
    z = float(re.search(r"([+-][\d.]+) standard deviations", out).group(1))
    assert abs(z) < 5
    assert (tmp_path / "figures" / "03_subsampling.png").exists()


def test_04_pairs(wikitext_dir, tmp_path):
    out = run_lesson("04", wikitext_dir, tmp_path)
    shares = [float(x) for x in re.findall(r"distance \d: ([\d.]+)%", out)]
    assert shares[0] > shares[1] > shares[2]


def test_05_negatives(wikitext_dir, tmp_path):
    out = run_lesson("05", wikitext_dir, tmp_path)
    assert float(re.search(r"largest \|observed − P_n\| = ([\d.]+)", out).group(1)) < 0.005


def test_06_gradients(wikitext_dir, tmp_path):
    out = run_lesson("06", wikitext_dir, tmp_path)
    worst = float(re.search(r"worst relative difference: ([\d.e+-]+)", out).group(1))
    assert worst < 1e-6 and "PASS" in out
    assert float(re.search(r"kernel − NumPy\| after two SGD steps: ([\d.e+-]+)", out).group(1)) < 1e-5


def test_07_train_tiny_loss_decreases(wikitext_dir, tmp_path):
    out = run_lesson("07", wikitext_dir, tmp_path)
    losses = [float(x) for x in re.search(r"loss per epoch: ([\d. ]+)", out).group(1).split()]
    assert len(losses) == 3 and losses[-1] < losses[0]
    assert "loss decreased: yes" in out


def test_08_sgd_vs_adam(wikitext_dir, tmp_path):
    out = run_lesson("08", wikitext_dir, tmp_path)
    assert len(re.findall(r"s/epoch   months cohesion [+-][\d.]+", out)) == 3
    assert (tmp_path / "figures" / "08_sgd_vs_adam.png").exists()


def test_09_explore(wikitext_dir, tmp_path):
    out = run_lesson("09", wikitext_dir, tmp_path)
    assert "explorer:" in out and (tmp_path / "runs" / "09_explore" / "explorer.html").exists()
    assert (tmp_path / "figures" / "09" / "map_epochs.png").exists()
