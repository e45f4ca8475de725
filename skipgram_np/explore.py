"""Write the interactive explorer: one self-contained HTML file holding every checkpoint of a run.

    python -m skipgram_np.explore RUN_DIR [--words 5000] [--serve]

The page (``explorer/explorer.html``, plain JS and CSS, no network access at all) gets the data
embedded as JSON inside a ``<script type="application/json">`` block:
  - the ``words`` most frequent words and their counts;
  - per epoch, each word's W_in row quantised to int8 (x / max|x| · 127; cosines only need a row's
    direction, which this keeps to ~0.5 %), base64-encoded, and its 2D position on the shared
    aligned axes (projection.py: Procrustes onto the last epoch, one PCA);
  - precomputed for the Neighbours view: the words whose top-10 neighbourhood changed most
    between consecutive epochs; for the Analogy view: example questions from the Google set that
    the last epoch answers correctly among these words;
  - the run's configuration and corpus figures for "How it works".
The page computes similarities, neighbours and analogies itself, with the same formulas as
query.py; on the same quantised vectors both give the same numbers (tests check it in Chromium).
"""
from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path

import numpy as np

from .cli import Parser
from .data import write_atomic
from .evaluate import analogy_examples
from .figures import GROUPS, PAIRS, PROBE_WORDS
from .projection import align_and_project
from .query import Embeddings
from .runs import RunError, load_run

TEMPLATE = Path(__file__).parent / "explorer" / "explorer.html"
DATA_MARKER = "/*__SKIPGRAM_DATA__*/"


def quantize(W: np.ndarray) -> np.ndarray:
    """Rows to int8: q = round(x / max|x| · 127). The direction is what cosines use."""
    scale = np.maximum(np.abs(W).max(axis=1, keepdims=True), 1e-12)
    return np.round(W / scale * 127).astype(np.int8)


def explorer_embeddings(data: dict, epoch) -> Embeddings:
    """The vectors the page uses for ``epoch``, as a query.Embeddings (for checking the page)."""
    q = np.frombuffer(base64.b64decode(data["epochs"][str(epoch)]["vectors"]), dtype=np.int8)
    return Embeddings(data["words"], q.reshape(len(data["words"]), data["meta"]["dim"]).astype(np.float32))


def _b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def neighbourhood_changes(before: Embeddings, after: Embeddings, probe: int = 1000, k: int = 10,
                          keep: int = 40) -> list:
    """The ``keep`` words (among the ``probe`` most frequent, punctuation left out) whose top-k
    neighbours overlap least between two epochs: [[word, kept, [3 neighbours before],
    [3 after]], ...], fewest kept first."""
    n = min(probe, len(before.words))
    def top(e):
        sims = e.unit[:n] @ e.unit.T
        sims[np.arange(n), np.arange(n)] = -np.inf
        best = np.argpartition(-sims, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, best, 1), axis=1)
        return np.take_along_axis(best, order, 1)
    a, b = top(before), top(after)
    words = before.words
    kept = np.array([len(set(a[i]) & set(b[i])) for i in range(n)])
    rows = []
    for i in np.argsort(kept, kind="stable"):
        if any(ch.isalnum() for ch in words[i]):
            rows.append([words[i], int(kept[i]), [words[j] for j in a[i][:3]], [words[j] for j in b[i][:3]]])
        if len(rows) == keep:
            break
    return rows


def build_data(run_dir, words: int = 5000, questions_file=None) -> dict:
    ckpts = load_run(run_dir)
    epochs = sorted(ckpts)
    last = ckpts[epochs[-1]]
    n = min(words, len(last.vocab))
    vocab = list(last.vocab.words[:n])
    proj = align_and_project({e: c.W_in for e, c in ckpts.items()}, np.arange(n), fit_words=n)
    data = {
        "meta": {"dataset": "WikiText-2", "method": "Skip-gram + negative sampling",
                 "dim": int(last.W_in.shape[1]), "vocab_size": len(last.vocab), "words_shown": n,
                 "epochs": epochs, "config": last.config.to_dict(), "stats": last.stats,
                 "loss_epochs": [float(x) for x in last.loss_epochs]},
        "words": vocab,
        "counts": [int(c) for c in last.vocab.counts[:n]],
        "groups": {g: [w for w in ws if w in set(vocab)] for g, ws in GROUPS.items()},
        "epochs": {},
        "changes": {},
        "examples": {"similarity": [list(p) for p in PAIRS if p[0] in vocab and p[1] in vocab][:6],
                     "neighbors": [w for w in PROBE_WORDS if w in vocab]},
    }
    embs = {}
    for e in epochs:
        q = quantize(ckpts[e].W_in[:n])
        data["epochs"][str(e)] = {"vectors": _b64(q), "xy": _b64(proj.coords[e].astype(np.float32)),
                                  "explained": [float(x) for x in proj.explained[e]]}
        embs[e] = Embeddings(vocab, q.astype(np.float32))
    for prev, cur in zip(epochs, epochs[1:]):
        data["changes"][f"{prev}-{cur}"] = neighbourhood_changes(embs[prev], embs[cur])
    examples = analogy_examples(embs[epochs[-1]], questions_file) if questions_file else []
    data["examples"]["analogy"] = examples or [["king", "man", "woman", "queen"]]
    return data


def render(data: dict) -> str:
    """The template with the data embedded. ``<`` is escaped in the JSON so that no word (e.g.
    ``</script>``) can end the script block; the page inserts words as text, never as HTML."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    html = TEMPLATE.read_text(encoding="utf-8")
    if html.count(DATA_MARKER) != 1:
        raise RuntimeError(f"{TEMPLATE} must contain {DATA_MARKER} exactly once")
    return html.replace(DATA_MARKER, payload)


def write_explorer(run_dir, words: int = 5000, questions_file=None, out=None) -> Path:
    path = Path(out) if out else Path(run_dir) / "explorer.html"
    write_atomic(path, render(build_data(run_dir, words, questions_file)).encode("utf-8"))
    return path


def serve(folder: Path, filename: str, port: int = 8000) -> None:
    """Serve ``folder`` on 127.0.0.1 with the standard library until Ctrl-C."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving http://127.0.0.1:{httpd.server_address[1]}/{filename}  (Ctrl-C to stop)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


def main(argv=None) -> int:
    p = Parser(prog="python -m skipgram_np.explore",
                                description="Write RUN_DIR/explorer.html, a self-contained page to "
                                            "explore every checkpoint of a run (open it by double-click).",
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("run_dir")
    p.add_argument("--words", type=int, default=5000, help="most frequent words to include")
    p.add_argument("--analogies", help="questions-words.txt: pick example analogies the run answers")
    p.add_argument("--out", help="where to write the page (default RUN_DIR/explorer.html)")
    p.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="port for --serve (0: any free one)")
    args = p.parse_args(argv)
    if args.words < 10:
        p.error("--words must be at least 10")
    try:
        path = write_explorer(args.run_dir, args.words, args.analogies, args.out)
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")
    if args.serve:
        serve(path.parent, path.name, args.port)
    return 0


if __name__ == "__main__":
    from skipgram_np.cli import run
    raise SystemExit(run(main))
