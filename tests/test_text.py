"""Your own text: the whole training command on a text file, its identity, and bad input in one line."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from skipgram_np import plaintext, runs

GPL = Path("/usr/share/common-licenses/GPL-3")


def train(*args, cache, timeout=600):
    env = {**os.environ, "SKIPGRAM_NP_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "skipgram_np.train", "--no-progress", "--no-eval", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env)


def one_line(stderr):
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def story(path, seed=0, paragraphs=400):
    """A text with two planted topics in paragraphs, punctuation and capitals as people write."""
    rng = np.random.default_rng(seed)
    sea = "ship sail harbour wave captain anchor deck crew storm tide".split()
    farm = "field harvest barn plough cattle wheat farmer orchard hay meadow".split()
    glue = "the a and of to in was he she it".split()
    text = []
    for _ in range(paragraphs):
        words = rng.choice(sea if rng.random() < 0.5 else farm, 12).tolist() + rng.choice(glue, 8).tolist()
        rng.shuffle(words)
        text.append(" ".join(words).capitalize() + ". It's well-known, isn't it?\n\n")
    path.write_text("".join(text), encoding="utf-8")
    return path


def test_cleaning_splits_like_wikitext():
    said = plaintext.clean_paragraph("\u201cMy dear Mr. Bennet,\u201d don\u2019t you know 1,000 well-known things?")
    assert said == '" my dear mr . bennet , " do n\'t you know 1,000 well known things ?'
    assert plaintext.clean_paragraph("   ") is None


def test_a_text_file_trains_end_to_end_under_its_own_name_and_cache(tmp_path):
    text = story(tmp_path / "story.txt")
    out, cache = tmp_path / "run", tmp_path / "cache"
    r = train("--text", text, "--epochs", "3", "--min-count", "2", "--subsample", "0", "--dim", "16", "--out", out,
              cache=cache)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (out / "explorer.html").is_file() and (out / "figures" / "report.md").is_file()
    info = runs.read_info(out)
    name = plaintext.dataset_name(plaintext.digest([text]))
    assert info["config"]["dataset"] == name and info["sources"]["text"] == [str(text.resolve())]
    cached = list((cache / "corpus").glob("*.npz"))
    assert len(cached) == 1 and cached[0].name.startswith(name) and "wikitext" not in cached[0].name
    assert runs.default_run_dir(runs.load_run(out)[3].config).name == f"adam-e3-d16-{name}-min2-t0"
    q = subprocess.run([sys.executable, "-m", "skipgram_np.query", str(out), "neighbors", "ship"],
                       capture_output=True, text=True)
    assert q.returncode == 0 and "beyond chance" in q.stdout
    text.write_text(text.read_text() + "One more paragraph about the sea.\n")   # the text changes
    line = one_line(train("--resume", out, "--epochs", "4", cache=cache).stderr)
    assert "its text changed since it was trained" in line


@pytest.mark.skipif(not GPL.is_file(), reason="no /usr/share/common-licenses/GPL-3 on this machine")
def test_a_real_english_text_trains_end_to_end(tmp_path):
    out = tmp_path / "gpl"
    r = train("--text", GPL, "--epochs", "2", "--min-count", "3", "--subsample", "1e-3", "--out", out,
              cache=tmp_path / "cache")
    assert r.returncode == 0, r.stderr[-2000:]
    assert (out / "explorer.html").is_file() and (out / "figures" / "map_epochs.png").is_file()
    assert "corpus: 6,504 tokens after cleaning" in r.stdout


def test_bad_text_is_one_line_and_writes_nothing(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\0\0\0")
    (tmp_path / "empty.txt").write_text("  \n\n")
    (tmp_path / "folder").mkdir()
    small = story(tmp_path / "small.txt", paragraphs=3)
    cases = {"nope.txt": "no such file or folder", "latin1.txt": "not UTF-8 text: byte 0xe9 at offset 3",
             "binary.txt": "is a binary file", "empty.txt": "holds no text",
             "folder": "the folder holds no .txt file"}
    for name, said in cases.items():
        r = train("--text", tmp_path / name, "--out", tmp_path / "run", cache=tmp_path / "cache")
        line = one_line(r.stderr)
        assert r.returncode == 2 and said in line, (name, line)
    line = one_line(train("--text", small, "--min-count", "5", "--out", tmp_path / "run",
                          cache=tmp_path / "cache").stderr)
    assert "too small for these settings" in line and "try --min-count 1" in line
    line = one_line(train("--text", small, "--dataset", "wikitext-103", cache=tmp_path / "cache").stderr)
    assert "--dataset is for WikiText" in line
    assert not (tmp_path / "run").exists() and not (tmp_path / "cache").exists()
