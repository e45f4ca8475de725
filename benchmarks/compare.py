"""Side-by-side benchmark: skipgram_np (SGD, Adam) vs gensim (and word2vec.c) on the same corpus.

    python benchmarks/compare.py [--data-dir ../shared/data/wikitext-2] [--eval-dir ../shared/data/eval] \
        [--word2vec-bin /path/to/word2vec] [--repeats 3] [--epochs 10] [--scale 10] [--save]

Every tool trains on the same cleaned WikiText-2 token stream (skipgram_np's cleaning and
min-count 5; gensim gets it as sentences of 10,000 tokens, word2vec.c as a text file) with
skip-gram, d = 100, window 3, k = 5, t = 1e-5, 2 threads. Each run is a separate process (so that
peak memory and start-up are its own); the tools alternate within each repeat; medians are
reported. Results go to runs/benchmarks/last.{json,md} (git-ignored), or with --save to the
committed benchmarks/results/last.{json,md}.

The corpus comes as the package's own commands get it: --data-dir, else the download cache, the
--mirror URLs or $SKIPGRAM_NP_MIRROR, else the public mirrors (data.py); it is found once, then
every tool's process reads the same verified files.

Measured per run: seconds per epoch, effective (post-subsampling) words/s, training pairs/s
(exact for skipgram_np; ≈ words · 2·window for a fixed window, words · (window + 1) for a shrunk
one), peak RSS, start-up (process launch to first training step), WordSim-353 ρ and Google
analogy accuracy (restrict_vocab 30,000) after the last epoch.

Note on subsampling: gensim and word2vec.c use word2vec.c's keep = (sqrt(f/t) + 1)·t/f, which keeps
more words at the same t than the paper's formula that skipgram_np (and the reference pipeline)
uses by default. ``ours-sgd-w2v`` is skipgram_np with word2vec.c's formula (--subsample-formula
word2vec): the like-for-like row, on which the SGD speed and quality targets are judged.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"          # the committed tables (--save)
SCRATCH = REPO / "runs" / "benchmarks"             # everything else (runs/ is git-ignored)
WINDOW, NEGATIVES, DIM, SAMPLE, MIN_COUNT, THREADS = 3, 5, 100, 1e-5, 5, 2


# ---------------------------------------------------------------------------------- child side
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def score(words, vectors, eval_dir) -> dict:
    from skipgram_np.evaluate import evaluate_analogies, evaluate_similarity
    from skipgram_np.embeddings import Embeddings
    if not eval_dir:
        return {}
    emb = Embeddings(words, vectors)
    sim = evaluate_similarity(emb, Path(eval_dir) / "wordsim353.tsv")
    ana = evaluate_analogies(emb, Path(eval_dir) / "questions-words.txt")
    return {"wordsim": sim.spearman, "analogies": ana.accuracy}


def load_corpus(data_dir, scale=1):
    import numpy as np

    from skipgram_np import prepare
    from skipgram_np.config import Config
    from skipgram_np.corpus import Corpus
    corpus = prepare.load_corpus(Config(), data_dir=data_dir, log=lambda *a: None)
    if scale > 1:   # the WikiText-103 stand-in: the same tokens repeated
        n = len(corpus.ids)
        starts = np.concatenate([corpus.line_starts[:-1] + r * n for r in range(scale)] + [[scale * n]])
        corpus = Corpus(corpus.vocab, np.tile(corpus.ids, scale), starts, corpus.raw_tokens * scale,
                        corpus.min_count, corpus.max_tokens)
    return corpus


def run_ours(opts, launched) -> dict:
    from skipgram_np import training
    from skipgram_np.config import Config
    corpus = load_corpus(opts.data_dir, opts.scale)
    optimizer = "sgd" if opts.tool.startswith("ours-sgd") else "adam"
    threads = 1 if opts.tool.endswith("-1thread") else THREADS
    formula = "word2vec" if opts.tool == "ours-sgd-w2v" else "paper"
    adam_mode = "lazy" if opts.tool == "ours-adam-lazy" else "dense"
    cfg = Config(optimizer=optimizer, epochs=opts.epochs, checkpoints=(), threads=threads,
                 subsample_formula=formula, adam_mode=adam_mode).validate()
    trainer = training.Trainer(cfg, corpus)
    trainer.compile_kernels()
    ready = time.time()
    epochs = []
    for _ in range(cfg.epochs):
        loss, pairs, seconds = trainer.run_epoch()
        kept = pairs / (2 * WINDOW)                      # ~ tokens kept (edges aside)
        epochs.append({"seconds": seconds, "pairs": pairs, "words": kept, "loss": loss})
    peak = peak_rss_mb()                                  # before scoring allocates its own
    return {"startup": ready - launched, "epochs": epochs, "peak_rss_child_mb": peak,
            **score(corpus.vocab.words, trainer.W_in, opts.eval_dir)}


def run_gensim(opts, launched) -> dict:
    from gensim.models import Word2Vec
    from gensim.models.callbacks import CallbackAny2Vec
    corpus = load_corpus(opts.data_dir)
    words = corpus.vocab.words
    ids = corpus.ids.tolist()
    sentences = [[words[i] for i in ids[s:s + 10000]] for s in range(0, len(ids), 10000)]
    shrink = opts.tool == "gensim-default"
    window, sample, negative, n_epochs, alpha = WINDOW, SAMPLE, NEGATIVES, opts.epochs, 0.025
    if opts.tool == "gensim-budget":          # its best settings found for the preset's time
        budget = GENSIM_BUDGET
        window, sample, negative, n_epochs, alpha = (budget[k] for k in ("window", "sample", "negative", "epochs",
                                                                         "alpha"))
        shrink = budget["shrink_windows"]
    opts.epochs = n_epochs
    model = Word2Vec(vector_size=DIM, window=window, min_count=MIN_COUNT, sample=sample,
                     negative=negative, sg=1, hs=0, workers=THREADS, epochs=n_epochs, seed=1, alpha=alpha,
                     shrink_windows=shrink)
    model.build_vocab(sentences)
    ready = time.time()
    stamps = []

    class Clock(CallbackAny2Vec):
        def on_epoch_begin(self, m):
            stamps.append([time.perf_counter()])

        def on_epoch_end(self, m):
            stamps[-1].append(time.perf_counter())
    trained, _ = model.train(sentences, total_examples=model.corpus_count, epochs=opts.epochs,
                             callbacks=[Clock()])
    per_epoch_words = trained / opts.epochs
    per_word = (window + 1) if shrink else 2 * window
    epochs = [{"seconds": b - a, "words": per_epoch_words, "pairs": per_epoch_words * per_word,
               "pairs_approx": True} for a, b in stamps]
    peak = peak_rss_mb()
    return {"startup": ready - launched, "epochs": epochs, "peak_rss_child_mb": peak,
            **score(model.wv.index_to_key, model.wv.vectors, opts.eval_dir)}


def run_word2vec_c(opts, launched) -> dict:
    import numpy as np

    from skipgram_np.export import read_word2vec
    corpus = load_corpus(opts.data_dir)
    words = corpus.vocab.words
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "corpus.txt"
        ids = corpus.ids
        with open(text, "w", encoding="utf-8") as f:         # lines of 1,000 words (its sentence cap)
            for s in range(0, len(ids), 1000):
                f.write(" ".join(words[i] for i in ids[s:s + 1000]) + "\n")
        out = Path(tmp) / "vectors.txt"
        cmd = [opts.word2vec_bin, "-train", str(text), "-output", str(out), "-cbow", "0",
               "-size", str(DIM), "-window", str(WINDOW), "-negative", str(NEGATIVES), "-hs", "0",
               "-sample", str(SAMPLE), "-threads", str(THREADS), "-iter", str(opts.epochs),
               "-min-count", str(MIN_COUNT), "-binary", "0"]
        t0 = time.time()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        total = time.time() - t0
        if status != 0:
            raise RuntimeError(f"word2vec.c failed: {cmd}")
        w, v = read_word2vec(out, binary=False)
    # word2vec.c reads its vocabulary first (well under a second here), then trains: all of its
    # wall time is counted as training, an upper bound per epoch.
    n = len(ids)
    kept = sum(min(1.0, (np.sqrt(c / (SAMPLE * n)) + 1) * SAMPLE * n / c) * c for c in corpus.vocab.counts)
    epochs = [{"seconds": total / opts.epochs, "words": kept, "pairs": kept * (WINDOW + 1),
               "pairs_approx": True}] * opts.epochs
    return {"startup": t0 - launched, "epochs": epochs, "peak_rss_child_mb": usage.ru_maxrss / 1024,
            **score(w, v, opts.eval_dir)}


def child_main(opts) -> None:
    launched = opts.launched
    if opts.tool.startswith("ours"):
        result = run_ours(opts, launched)
    elif opts.tool.startswith("gensim"):
        result = run_gensim(opts, launched)
    elif opts.tool == "ppmi-svd":
        result = run_ppmi_svd(opts, launched)
    else:
        result = run_word2vec_c(opts, launched)
    result["tool"] = opts.tool
    result["peak_rss_mb"] = result.pop("peak_rss_child_mb", None) or peak_rss_mb()
    print("RESULT " + json.dumps(result))


# ---------------------------------------------------------------------------------- parent side
def launch(tool, opts, env_extra=None, epochs=None, scale=1) -> dict:
    env = dict(os.environ, **(env_extra or {}))
    cmd = [sys.executable, __file__, "--child", tool, "--data-dir", opts.data_dir,
           "--epochs", str(epochs or opts.epochs), "--scale", str(scale), "--launched", repr(time.time())]
    if opts.eval_dir and epochs is None:
        cmd += ["--eval-dir", opts.eval_dir]
    if opts.word2vec_bin:
        cmd += ["--word2vec-bin", opts.word2vec_bin]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
    line = next((out for out in r.stdout.splitlines() if out.startswith("RESULT ")), None)
    if r.returncode != 0 or line is None:
        raise RuntimeError(f"{tool} failed:\n{r.stderr[-2000:]}")
    return json.loads(line[len("RESULT "):])


def summarise(runs: list) -> dict:
    steady = [e for r in runs for e in r["epochs"][1:]] or [e for r in runs for e in r["epochs"]]
    sec = statistics.median(e["seconds"] for e in steady)
    words = statistics.median(e["words"] for e in steady)
    pairs = statistics.median(e["pairs"] for e in steady)
    out = {"seconds_per_epoch": sec, "words_per_s": words / sec, "pairs_per_s": pairs / sec,
           "pairs_approx": any(e.get("pairs_approx") for e in steady),
           "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
           "startup_s": statistics.median(r["startup"] for r in runs), "repeats": len(runs)}
    for key in ("wordsim", "analogies"):
        if key in runs[0]:
            out[key] = statistics.median(r[key] for r in runs)
    return out


def markdown(summary: dict, extras: dict, checks: list, meta: dict) -> str:
    lines = [f"Measured {meta['date']} on {meta['machine']}; {meta['epochs']} epochs, "
             f"{meta['repeats']} repeats, medians. Command: `{meta['command']}`", "",
             "| tool | s/epoch | words/s | pairs/s | peak RSS | start-up (cached) | WordSim ρ | analogies |",
             "|---|---|---|---|---|---|---|---|"]
    for tool, s in summary.items():
        approx = "≈" if s["pairs_approx"] else ""
        lines.append(f"| {tool} | {s['seconds_per_epoch']:.2f} | {s['words_per_s'] / 1e6:.2f} M | "
                     f"{approx}{s['pairs_per_s'] / 1e6:.2f} M | {s['peak_rss_mb']:.0f} MB | "
                     f"{s['startup_s']:.2f} s | " + (f"{s['wordsim']:.3f}" if "wordsim" in s else "—") + " | "
                     + (f"{100 * s['analogies']:.2f} %" if "analogies" in s else "—") + " |")
    if extras:
        lines += ["", "| extra measurement | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in extras.items()]
    lines += ["", "| target | measured | met? |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks]
    return "\n".join(lines) + "\n"


def results_dir(opts) -> Path:
    """Where this run's tables go: the committed benchmarks/results with --save, else runs/benchmarks."""
    folder = RESULTS if opts.save else SCRATCH
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def corpus_dir(opts) -> str:
    """The folder of the verified WikiText-2 files: --data-dir, else the cache, filled from
    --mirror, $SKIPGRAM_NP_MIRROR or the public mirrors when needed (as prepare.load_corpus gets
    them). A data problem ends the benchmark with its one line."""
    if opts.data_dir:
        return opts.data_dir
    from skipgram_np.data import DataError, wikitext2_files
    try:
        return str(wikitext2_files(cache_dir=opts.cache_dir, mirror_urls=opts.mirror)["train"].parent)
    except DataError as exc:
        raise SystemExit(f"error: {exc}") from None


def sets_dir(opts) -> str | None:
    """The folder of the evaluation sets: --eval-dir, else the cache (downloaded there once when
    needed, as the training command finds them); None, said in one line, when they cannot be had."""
    if opts.eval_dir:
        return opts.eval_dir
    from skipgram_np.data import DataError, eval_files
    try:
        return str(eval_files(cache_dir=opts.cache_dir, log=lambda *a: None)["analogies"].parent)
    except DataError as exc:
        print(f"note: no scores ({exc.headline}); --eval-dir DIR to use local copies", flush=True)
        return None


# What gensim reaches here in about the preset's time: the best of the settings tried by hand
# (benchmarks/README.md lists them with their scores), trained by the child "gensim-budget".
GENSIM_BUDGET = {"window": 5, "sample": 1e-4, "negative": 5, "epochs": 18, "alpha": 0.08, "shrink_windows": True}


def run_ppmi_svd(opts, launched) -> dict:
    """PPMI + SVD (benchmarks/ppmi_svd.py) on the same token array; its seconds: counting to vectors."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import ppmi_svd
    corpus = load_corpus(opts.data_dir)
    ready = time.time()
    t0 = time.perf_counter()
    vectors = ppmi_svd.ppmi_svd(corpus.ids, len(corpus.vocab))
    seconds = time.perf_counter() - t0
    return {"startup": ready - launched, "epochs": [{"seconds": seconds, "words": len(corpus.ids),
                                                     "pairs": 0}],
            "peak_rss_child_mb": peak_rss_mb(), **score(corpus.vocab.words, vectors, opts.eval_dir)}


def quality_cli(opts, seed: int) -> dict:
    """The whole training command of the preset, as a user runs it (figures included), timed from
    launch to exit; its vectors (the run's configured export) scored by this file's scorer."""
    import re
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "skipgram_np.train", "--preset", "quality", "--seed", str(seed),
               "--data-dir", opts.data_dir, "--out", out, "--overwrite", "--no-progress"]
        cmd += ["--eval-dir", opts.eval_dir] if opts.eval_dir else ["--no-eval"]
        t0 = time.time()
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=1800,
                           env=dict(os.environ, PYTHONPATH=str(REPO)))
        wall = time.time() - t0
        if r.returncode != 0:
            raise RuntimeError(f"the preset's command failed:\n{r.stdout[-1500:]}{r.stderr[-1500:]}")
        epochs = [float(s) for s in re.findall(r"pairs/s\s+([\d.]+) s", r.stdout)]
        from skipgram_np import checkpoint
        from skipgram_np.embeddings import vectors_of
        last = checkpoint.load(checkpoint.checkpoint_path(out, len(epochs)))
        table = getattr(last.config, "vectors", "in")
        scores = score(last.vocab.words, vectors_of(last, table), opts.eval_dir)
    return {"wall": wall, "training": sum(epochs), "epochs": len(epochs), "vectors": table, **scores}


def quality_main(opts) -> None:
    """--preset quality (the whole command, per seed) beside gensim at its best settings found for
    about the same time and beside PPMI + SVD, one run, one scorer. -> benchmarks/results/quality.md"""
    from skipgram_np.config import PRESETS
    ours = {seed: quality_cli(opts, seed) for seed in opts.seeds}
    gensim, ppmi = launch("gensim-budget", opts), launch("ppmi-svd", opts)

    def total(r):
        return r["startup"] + sum(e["seconds"] for e in r["epochs"])

    preset = ", ".join(f"{k} {v}" for k, v in PRESETS["quality"].items())
    budget = ", ".join(f"{k} {v}" for k, v in GENSIM_BUDGET.items())
    rows = ["| run | training s | whole command / process s | WordSim ρ | analogies |", "|---|---|---|---|---|"]
    for seed, r in ours.items():
        rows.append(f"| ours `--preset quality --seed {seed}` ({r['epochs']} epochs, vectors: {r['vectors']}) | "
                    f"{r['training']:.1f} | {r['wall']:.1f} | {r['wordsim']:.3f} | {100 * r['analogies']:.2f} % |")
    rows.append(f"| gensim 4 skip-gram, {budget}, d 100, 2 workers | "
                f"{sum(e['seconds'] for e in gensim['epochs']):.1f} | {total(gensim):.1f} | "
                f"{gensim['wordsim']:.3f} | {100 * gensim['analogies']:.2f} % |")
    rows.append(f"| PPMI + SVD (window 10 dynamic, α 0.75, d 100, U·Σ^0.5) | {ppmi['epochs'][0]['seconds']:.1f} | "
                f"{total(ppmi):.1f} | {ppmi['wordsim']:.3f} | {100 * ppmi['analogies']:.2f} % |")
    import platform
    med = {k: statistics.median(r[k] for r in ours.values()) for k in ("wordsim", "analogies", "wall")}
    rows += ["", f"Preset: {preset}. Ours, median over seeds {', '.join(map(str, ours))}: ρ {med['wordsim']:.3f}, "
             f"analogies {100 * med['analogies']:.2f} %, whole command {med['wall']:.1f} s "
             f"(targets ρ ≥ 0.60, analogies ≥ 18 %, ≤ 60 s). Whole command: launch to exit of "
             f"`python -m skipgram_np.train --preset quality` with per-epoch scoring, checkpoints, "
             f"exports and figures; gensim and PPMI + SVD: process launch to vectors (corpus load "
             f"included). Measured {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
             f"{os.cpu_count()} cores."]
    text = "\n".join(rows) + "\n"
    print(text)
    folder = results_dir(opts)
    (folder / "quality.md").write_text(text)
    (folder / "quality.json").write_text(json.dumps({"ours": ours, "gensim": gensim, "ppmi_svd": ppmi,
                                                      "gensim_settings": GENSIM_BUDGET}, indent=1))
    print(f"wrote {folder / 'quality.md'} and quality.json")


def cold_cli(opts, optimizer: str, corpus_cached: bool) -> dict:
    """The training command as a learner's first run starts it: an empty Numba cache (and an
    empty corpus cache unless ``corpus_cached``), one epoch. -> the compile time the run reports,
    how long it waited for the kernels, and the wall time of the whole command."""
    import re
    with tempfile.TemporaryDirectory() as numba_cache, tempfile.TemporaryDirectory() as cache, \
            tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, NUMBA_CACHE_DIR=numba_cache)
        base = [sys.executable, "-m", "skipgram_np.train", "--data-dir", opts.data_dir, "--epochs", "1",
                "--no-figures", "--no-progress", "--optimizer", optimizer,
                "--cache-dir", str(PERSISTENT_CACHE if corpus_cached else cache), "--out", out, "--overwrite"]
        if opts.eval_dir:
            base += ["--eval-dir", opts.eval_dir]
        else:
            base += ["--no-eval"]
        if corpus_cached:                    # fill the corpus cache first (kernels from another cache)
            subprocess.run(base, env=dict(os.environ), capture_output=True, timeout=600)
        t0 = time.time()
        r = subprocess.run(base, env=env, capture_output=True, text=True, timeout=600)
        wall = time.time() - t0
    m = re.search(r"compiled the Numba kernels in ([\d.]+) s(.*?waited ([\d.]+) s)?", r.stdout)
    if r.returncode != 0 or not m:
        raise RuntimeError(f"cold {optimizer} run failed:\n{r.stdout[-1500:]}{r.stderr[-1500:]}")
    return {"compile": float(m.group(1)), "waited": float(m.group(3) or m.group(1)), "wall": wall}


PERSISTENT_CACHE = Path(tempfile.gettempdir()) / "skipgram_np-bench-cache"


def ratio_check(name, ours, theirs, limit, key="seconds_per_epoch"):
    """A target row (name, "r ×", met?) for r = ours[key] / theirs[key] ≤ limit."""
    ratio = ours[key] / theirs[key]
    return name, f"{ratio:.2f} ×", ratio <= limit


def parent_main(opts) -> None:
    opts.data_dir = corpus_dir(opts)                     # found once, for every process below
    opts.eval_dir = sets_dir(opts)
    if opts.quality:
        return quality_main(opts)
    tools = ["ours-sgd", "ours-sgd-w2v", "ours-adam", "ours-adam-lazy", "gensim", "gensim-default"]
    if opts.word2vec_bin:
        tools.append("word2vec.c")
    runs = {t: [] for t in tools}
    extras = {}
    # cold start, as a learner meets it: the training command with an empty Numba cache, once
    # with the corpus cached (the kernels compile in the run) and once without (a first run: they
    # compile in the background while the corpus is encoded)
    cold = {}
    for optimizer in ("adam", "sgd"):
        cold[optimizer] = cold_cli(opts, optimizer, corpus_cached=True)
        first = cold_cli(opts, optimizer, corpus_cached=False)
        extras[f"{optimizer}: compile reported by the run, empty Numba cache, corpus cached"] = (
            f"{cold[optimizer]['compile']:.1f} s (whole command, 1 epoch: {cold[optimizer]['wall']:.1f} s)")
        extras[f"{optimizer}: first run, both caches empty"] = (
            f"compiled in {first['compile']:.1f} s in the background, waited {first['waited']:.1f} s; "
            f"whole command, 1 epoch: {first['wall']:.1f} s")
    for rep in range(opts.repeats):
        for tool in (tools if rep % 2 == 0 else tools[::-1]):      # alternate the order
            print(f"repeat {rep + 1}/{opts.repeats}: {tool} ...", flush=True)
            runs[tool].append(launch(tool, opts))
    summary = {t: summarise(r) for t, r in runs.items()}
    one = summarise([launch("ours-sgd-1thread", opts, epochs=3)])
    scaling = summary["ours-sgd"]["pairs_per_s"] / one["pairs_per_s"]
    extras["ours-sgd 1 thread pairs/s"] = f"{one['pairs_per_s'] / 1e6:.2f} M"
    one_adam = summarise([launch("ours-adam-1thread", opts, epochs=3)])
    extras["ours-adam 1 thread pairs/s (2 threads: × scaling)"] = (
        f"{one_adam['pairs_per_s'] / 1e6:.2f} M "
        f"(× {summary['ours-adam']['pairs_per_s'] / one_adam['pairs_per_s']:.2f})")
    if opts.scale > 1:
        big = summarise([launch("ours-sgd", opts, epochs=1, scale=opts.scale)])
        base = summarise([launch("ours-sgd", opts, epochs=1)])
        extras[f"ours-sgd, WikiText-2 × {opts.scale} (tokens repeated; WikiText-103 stand-in), 1 epoch"] = (
            f"{big['seconds_per_epoch']:.2f} s/epoch ({big['seconds_per_epoch'] / base['seconds_per_epoch']:.1f}× "
            f"the 1× epoch), peak {big['peak_rss_mb']:.0f} MB (1×: {base['peak_rss_mb']:.0f} MB)")
    sgd, like, adam, lazy, gen = (summary[t] for t in ("ours-sgd", "ours-sgd-w2v", "ours-adam",
                                                       "ours-adam-lazy", "gensim"))
    checks = [
        ratio_check("SGD epoch ≤ 0.5 × gensim's (shrink_windows=False), same subsampling formula",
                    like, gen, 0.5),
        ratio_check("(SGD with the paper's subsampling, the reference: fewer words per epoch)", sgd, gen, 0.5),
        ("SGD pairs/s ≥ 2 × gensim's", f"{like['pairs_per_s'] / gen['pairs_per_s']:.2f} ×",
         like["pairs_per_s"] >= 2 * gen["pairs_per_s"]),
        ratio_check("Adam (lazy: --adam-mode lazy) epoch ≤ 1.5 × our SGD epoch", lazy, sgd, 1.5),
        ratio_check("Adam (the default, dense) epoch ≤ 1.5 × our SGD epoch", adam, sgd, 1.5),
        ("compile ≤ 4 s for the default run (Adam, scoring kernel included), ≤ 3 s for SGD",
         f"{cold['adam']['compile']:.1f} s / {cold['sgd']['compile']:.1f} s",
         cold["adam"]["compile"] <= 4 and cold["sgd"]["compile"] <= 3),
        ("cached start-up ≤ 2 s (SGD / Adam)", f"{sgd['startup_s']:.2f} s / {adam['startup_s']:.2f} s",
         max(sgd["startup_s"], adam["startup_s"]) <= 2.0),
        ("peak memory ≤ 400 MB (SGD / Adam)", f"{sgd['peak_rss_mb']:.0f} / {adam['peak_rss_mb']:.0f} MB",
         max(sgd["peak_rss_mb"], adam["peak_rss_mb"]) <= 400),
        ("2 threads ≥ 1.7 × 1 thread (SGD pairs/s)", f"{scaling:.2f} ×", scaling >= 1.7),
    ]
    if "wordsim" in like:
        checks.insert(2, ("SGD WordSim ρ ≥ gensim's − 0.02 (same subsampling formula)",
                          f"{like['wordsim']:.3f} vs {gen['wordsim']:.3f}", like["wordsim"] >= gen["wordsim"] - 0.02))
    if "word2vec.c" in summary:
        w2v = summary["word2vec.c"]
        checks.insert(1, ratio_check("SGD epoch ≤ word2vec.c's (same subsampling formula)",
                                     like, w2v, 1.0))
    import platform
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    meta = {"date": time.strftime("%Y-%m-%d"),
            "machine": f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "epochs": opts.epochs, "repeats": opts.repeats,
            "command": " ".join(["python benchmarks/compare.py"] + sys.argv[1:])}
    text = markdown(summary, extras, checks, meta)
    print(text)
    out = results_dir(opts)
    (out / "last.md").write_text(text)
    (out / "last.json").write_text(json.dumps({"meta": meta, "summary": summary, "extras": extras,
                                               "runs": runs, "checks": checks}, indent=1))
    print(f"wrote {out / 'last.md'} and {out / 'last.json'}")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", help="folder with the three WikiText-2 files (default: the download "
                                      "cache, filled from --mirror or the public mirrors)")
    p.add_argument("--mirror", action="append", default=[], metavar="URL",
                   help="where to download WikiText-2 from (repeatable; also $SKIPGRAM_NP_MIRROR)")
    p.add_argument("--cache-dir", help="download cache (default ~/.cache/skipgram_np or $SKIPGRAM_NP_CACHE)")
    p.add_argument("--eval-dir", help="folder with questions-words.txt and wordsim353.tsv")
    p.add_argument("--word2vec-bin", help="a compiled word2vec.c binary (see benchmarks/README.md)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--scale", type=int, default=1, help="also time 1 epoch on the tokens repeated N times")
    p.add_argument("--quality", action="store_true",
                   help="instead: --preset quality (whole command) beside gensim at its best settings "
                        "for about the same time and PPMI + SVD (~3 min per seed)")
    p.add_argument("--seeds", default="0", type=lambda s: [int(x) for x in s.split(",")],
                   help="with --quality: the preset's seeds, comma-separated (default 0)")
    p.add_argument("--child", dest="tool", help=argparse.SUPPRESS)
    p.add_argument("--save", action="store_true",
                   help="write the tables into the committed benchmarks/results/ (default: runs/benchmarks/)")
    p.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    return p


def main() -> None:
    opts = parser().parse_args()
    if opts.tool:
        child_main(opts)
    else:
        parent_main(opts)


if __name__ == "__main__":
    main()
