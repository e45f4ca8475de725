"""benchmarks/compare.py runs as the README shows it (the benchmark itself is not run here)."""
import importlib.util
import subprocess
import sys
from pathlib import Path

from httpserver import LocalServer, Route

REPO = Path(__file__).resolve().parents[1]
COMPARE = REPO / "benchmarks" / "compare.py"
_spec = importlib.util.spec_from_file_location("compare", COMPARE)
compare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare)


def test_compare_help_runs():
    r = subprocess.run([sys.executable, str(COMPARE), "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "--data-dir" in r.stdout and "--save" in r.stdout, r.stderr


def test_compare_needs_no_data_dir_and_writes_outside_the_committed_results(monkeypatch, tmp_path):
    opts = compare.parser().parse_args([])                        # as the README shows it
    assert opts.data_dir is None and opts.mirror == [] and not opts.save
    monkeypatch.setattr(compare, "SCRATCH", tmp_path / "runs" / "benchmarks")
    monkeypatch.setattr(compare, "RESULTS", tmp_path / "benchmarks" / "results")
    assert compare.results_dir(opts) == tmp_path / "runs" / "benchmarks"
    assert compare.results_dir(compare.parser().parse_args(["--save"])) == tmp_path / "benchmarks" / "results"
    # the real folders: the scratch one is git-ignored, the committed one is not
    ignored = subprocess.run(["git", "check-ignore", "-q", "runs/benchmarks/last.md"], cwd=REPO).returncode
    tracked = subprocess.run(["git", "check-ignore", "-q", "benchmarks/results/last.md"], cwd=REPO).returncode
    assert (ignored, tracked) == (0, 1)
    opts = compare.parser().parse_args(["--mirror", "http://127.0.0.1:9/x", "--cache-dir", str(tmp_path)])
    assert (opts.mirror, opts.cache_dir) == (["http://127.0.0.1:9/x"], str(tmp_path))


def test_compare_without_data_dir_takes_the_corpus_from_a_mirror(tmp_path, wikitext_dir):
    """corpus_dir: --data-dir as given; else the package's own way (cache, --mirror), verified."""
    opts = compare.parser().parse_args(["--data-dir", str(wikitext_dir)])
    assert compare.corpus_dir(opts) == str(wikitext_dir)
    with LocalServer() as server:
        for name in ("wiki.train.tokens", "wiki.valid.tokens", "wiki.test.tokens"):
            server.routes[f"/wt2/{name}"] = Route((wikitext_dir / name).read_bytes())
        opts = compare.parser().parse_args(["--cache-dir", str(tmp_path), "--mirror", server.url + "/wt2"])
        folder = Path(compare.corpus_dir(opts))
    assert folder == tmp_path / "wikitext-2"
    assert (folder / "wiki.valid.tokens").read_bytes() == (wikitext_dir / "wiki.valid.tokens").read_bytes()


def test_compare_without_a_corpus_is_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import compare; "
                        "compare.corpus_dir(compare.parser().parse_args(sys.argv[2:]))", str(COMPARE.parent),
                        "--cache-dir", str(tmp_path), "--mirror", "http://127.0.0.1:9/none"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and r.stderr.startswith("error: could not get") and r.stderr.count("\n") == 1, r.stderr


def test_compare_finds_the_cached_sets_without_eval_dir(tmp_path, eval_dir):
    """Without --eval-dir the scores come from the sets the package cached (never nan in the table)."""
    cached = tmp_path / "eval"
    cached.mkdir()
    for name in ("questions-words.txt", "wordsim353.tsv"):
        (cached / name).write_bytes((eval_dir / name).read_bytes())
    opts = compare.parser().parse_args(["--cache-dir", str(tmp_path)])
    assert compare.sets_dir(opts) == str(cached)
    table = compare.markdown({"ours-adam": {"seconds_per_epoch": 1.0, "words_per_s": 1e6, "pairs_per_s": 1e6,
                                            "pairs_approx": False, "peak_rss_mb": 100, "startup_s": 1.0}},
                             {}, [], {"date": "today", "machine": "here", "epochs": 1, "repeats": 1, "command": "c"})
    assert "| — | — |" in table and "nan" not in table
