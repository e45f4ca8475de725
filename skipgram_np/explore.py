"""Write the interactive explorer: one self-contained HTML file holding every checkpoint of a run.

    python -m skipgram_np.explore RUN_DIR [--words 5000] [--serve]

The page (``explorer/``: page.html, style.css and SCRIPTS inlined as one file, no network) gets the data
embedded as JSON inside a ``<script type="application/json">`` block:
  - the ``words`` most frequent words and their counts (the words the page searches);
  - per table (W_in, W_out) and epoch, each word's row quantised to int8 (x / max|x| · 127;
    cosines only need a row's direction, which this keeps to ~0.5 %), base64-encoded; W_out
    before training is all zero and stored as null; "sum" (v̂ + û) is formed on the page;
  - each row's scale max|x| (float32), so that the "One step" view can restore the real rows;
  - per table and epoch, each word's 2D position on shared aligned axes (projection.py: unit
    rows, Procrustes onto the last epoch and one PCA, both fitted on the page's words at the last
    epoch), as int16, and the map itself (x̂ @ P − offset) to place vectors a step has moved;
  - a few real passages of the text (passages.py) for the "One step" view, and the
    share of the noise distribution P_n that the page's words hold;
  - the axes presets (probes.AXES_PRESETS) in the page's word ids, for the Axes view, which makes
    the axes, places and random pair sets itself (directions.py's formulas, explorer/axes.js);
  - a t-SNE map of W_in for every checkpoint and each map's trustworthiness (tsne.py), as int16;
  - precomputed from those same vectors: the content words whose top-10 neighbourhood changed most
    between consecutive checkpoints (epochs.neighbourhood_changes), and example questions from the
    Google set that the last epoch answers among the page's words;
  - the run's configuration, corpus figures, loss and per-epoch scores for "How it works".
The page computes similarities, the random-pair baselines (baseline.py, the same hashed pairs),
percentiles, ranks, neighbours and analogies itself, with the same formulas as query.py; on the
same quantised vectors both give the same numbers (tests check it in Chromium).
"""
from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np

from . import baseline, directions, prepare, runs, subsample, tsne
from .cli import HelpFormatter, Parser, run
from .config import DEFAULT_LR, PAGE_WORDS
from .data import DataError
from .embeddings import VECTORS, Embeddings, quantize, row_scales, unit_rows
from .epochs import neighbourhood_change, structure_by_epoch
from .evaluate import analogy_examples
from .evalsets import EvalFileError, add_eval_options, example_sets
from .files import write_atomic
from .passages import step_targets
from .probes import AXES_PRESETS, GROUPS, PAIRS, PROBE_WORDS, word_set
from .projection import align_and_project
from .runs import RunError, chance_levels, load_control, load_run

EXPLORER = Path(__file__).parent / "explorer"   # the page's sources, inlined by render() into one file
PAGE = EXPLORER / "page.html"                   # the markup, with a marker for each of the three below
STYLE = EXPLORER / "style.css"
# The page's code: one classic <script>, these files in this order, so they share one global scope and
# a const used while the script loads (ui.js's $, data.js's DATA) must come from an earlier file.
SCRIPTS = ("data.js", "sgns.js", "query.js", "ui.js", "diagrams.js", "map.js", "tsne.js", "similarity.js",
           "neighbors.js", "analogy.js", "axes.js", "step.js", "toy.js", "how.js", "start.js", "main.js")
STYLE_MARKER = "/*__SKIPGRAM_STYLE__*/"
CODE_MARKER = "/*__SKIPGRAM_CODE__*/"
# Base 85 with characters that need no escaping inside JSON in an HTML <script> block (no " \ < >
# & ' `): 5 characters per 4 bytes, 6 % smaller than base64, which keeps the page near 5 MB.
B85 = "".join(c for c in map(chr, range(33, 127)) if c not in "\"\\<>&'`")[:85]
DATA_MARKER = "/*__SKIPGRAM_DATA__*/"
WORDS = PAGE_WORDS           # the page's words by default: its size stays near 5 MB
TABLES = ("in", "out", "sum")


def page_rows(data: dict, epoch, table: str) -> np.ndarray:
    """The real rows as the page restores them: q / 127 · scale (float32), zeros for a zero table."""
    n, d = len(data["words"]), data["meta"]["dim"]
    if data["vectors"][table][str(epoch)] is None:
        return np.zeros((n, d), np.float32)
    q = unb85(data["vectors"][table][str(epoch)], np.int8, n * d).reshape(n, d).astype(np.float32)
    scale = unb85(data["scales"][table][str(epoch)], "<f4", n)
    return (q / np.float32(127) * scale[:, None]).astype(np.float32)


def b85(a: np.ndarray) -> str:
    """An array's bytes as base-85 text: each big-endian 32-bit word (zero-padded) as 5 digits."""
    raw = np.ascontiguousarray(a).tobytes()
    raw += b"\0" * (-len(raw) % 4)
    words = np.frombuffer(raw, ">u4").astype(np.int64)
    digits = np.empty((len(words), 5), np.int64)
    for k in range(4, -1, -1):
        words, digits[:, k] = np.divmod(words, 85)
    return "".join(np.array(list(B85))[digits.ravel()])


def unb85(text: str, dtype, count: int) -> np.ndarray:
    """The inverse of b85: ``count`` items of ``dtype``."""
    lookup = {c: i for i, c in enumerate(B85)}
    digits = np.array([lookup[c] for c in text], np.int64).reshape(-1, 5)
    words = np.zeros(len(digits), np.int64)
    for k in range(5):
        words = words * 85 + digits[:, k]
    return np.frombuffer(words.astype(">u4").tobytes(), dtype)[:count]


def page_table(data: dict, epoch, table: str = "in") -> np.ndarray:
    """The rows the page compares for ``epoch`` and ``table``: the int8 rows as floats (in, out)
    or the sum of their unit rows (sum); an all-zero table stays zero."""
    n, d = len(data["words"]), data["meta"]["dim"]

    def rows(name):
        text = data["vectors"][name][str(epoch)]
        return (np.zeros((n, d), np.float32) if text is None
                else unb85(text, np.int8, n * d).reshape(n, d).astype(np.float32))
    if table == "sum":
        return unit_rows(rows("in")) + unit_rows(rows("out"))
    return rows(table)


def explorer_embeddings(data: dict, epoch, table: str = "in") -> Embeddings:
    """The vectors the page uses for ``epoch`` and ``table``, as an embeddings.Embeddings (to check the page)."""
    return Embeddings(data["words"], page_table(data, epoch, table))


MIN_COUNTS = (1, 50)          # the Neighbours view's "seen at least" choices, each with its chance level


def build_data(run_dir, words: int = WORDS, questions_file=None, ckpts: dict | None = None,
               corpus=None) -> dict:
    """The page's data (the module docstring lists it). ``corpus``: the run's encoded text, for the
    One step view's targets s* (passages.step_targets); without it the page says s* is not there."""
    ckpts = ckpts or load_run(run_dir)
    epochs = sorted(ckpts)
    last = ckpts[epochs[-1]]
    n = min(words, len(last.vocab)) if words else len(last.vocab)
    vocab = list(last.vocab.words[:n])
    stats = dict(last.stats)
    trace = np.asarray(last.loss_trace).reshape(-1, 3)
    step = max(1, len(trace) // 400)
    words_here = set(vocab)
    data = {
        "meta": {"b85": B85, "dataset": {"wikitext-2": "WikiText-2", "wikitext-103": "WikiText-103"}.get(
                     last.config.dataset, last.config.dataset),
                 "method": "Skip-gram + negative sampling", "run": Path(run_dir).resolve().name,
                 "dim": int(last.W_in.shape[1]), "vocab_size": len(last.vocab), "words_shown": n,
                 "epochs": epochs, "config": {**last.config.to_dict(), "lr": last.config.learning_rate},
                 "default_lr": DEFAULT_LR, "stats": stats,
                 "loss_epochs": [float(x) for x in last.loss_epochs],
                 "loss_trace": [[round(float(x), 4), round(float(y), 4)] for x, y, _ in trace[::step]],
                 "tables": {t: VECTORS[t] for t in TABLES},
                 "baseline": {"pairs": baseline.N_PAIRS, "seed": baseline.SEED},
                 "fit": {"words": n, "epoch": epochs[-1]}, "min_counts": list(MIN_COUNTS),
                 "control": load_control is not None},
        "words": vocab,
        "counts": [int(c) for c in last.vocab.counts[:n]],
        "groups": {g: [w for w in ws if w in words_here] for g, ws in GROUPS.items()},
        "vectors": {"in": {}, "out": {}}, "scales": {"in": {}, "out": {}}, "xy": {}, "xy_scale": {},
        "explained": {}, "maps": {}, "fits": {}, "chance": {}, "structure": {},
        "changes": {}, "settling": {},
        "examples": {"similarity": [list(p) for p in PAIRS if p[0] in vocab and p[1] in vocab][:6],
                     "neighbors": [w for w in PROBE_WORDS if w in vocab]},
    }
    for e in epochs:
        for name, W in (("in", ckpts[e].W_in[:n]), ("out", ckpts[e].W_out[:n])):
            data["vectors"][name][str(e)] = b85(quantize(W)) if W.any() else None
            data["scales"][name][str(e)] = b85(row_scales(W).astype("<f4")) if W.any() else None
    weights = last.vocab.counts.astype(np.float64) ** last.config.ns_exponent
    data["meta"]["noise_mass_on_page"] = float(weights[:n].sum() / weights.sum())
    data["meta"]["samples"] = [s for s in stats.get("samples", []) if set(s) <= words_here]
    stats.pop("samples", None)
    if corpus is not None and data["meta"]["samples"]:
        cfg = last.config
        keep = subsample.keep_prob(corpus.vocab.counts, cfg.subsample, cfg.subsample_formula)
        data["step"] = step_targets(corpus, data["meta"]["samples"], cfg.window, cfg.negatives,
                                    cfg.ns_exponent, keep, cfg.seed, within=n)
    plotted, plotted_groups = word_set(dict(zip(vocab, range(n))))
    plotted_ids = np.array([vocab.index(w) for w in plotted])
    data["plotted"] = {"words": plotted, "groups": plotted_groups}
    controls = load_control(run_dir, ckpts)
    for t in TABLES:
        embs = {e: explorer_embeddings(data, e, t) for e in epochs}
        full = {e: Embeddings.from_checkpoint(c, t) for e, c in ckpts.items()}
        whole = chance_levels(run_dir, ckpts, t, controls=controls)
        data["structure"][t] = structure_by_epoch(full, whole.controls if whole is not None else None)
        page = chance_levels(run_dir, ckpts, t, among=n, controls=controls)
        data["chance"][t] = {} if page is None else {
            str(e): {str(m): _chance(page.neighbours(e, m)) for m in MIN_COUNTS} for e in epochs if page.has(e)}
        proj = align_and_project({e: emb.unit for e, emb in embs.items()}, np.arange(n), fit_words=n)
        groups_fit = align_and_project({e: emb.unit for e, emb in embs.items()}, plotted_ids, fit_words=n,
                                       pca_ids=plotted_ids, rotations=proj.rotations)
        data["fits"][t] = {"explained": {str(e): [float(x) for x in groups_fit.explained[e]] for e in epochs},
                           "maps": {}}
        for e in epochs:
            P, offset = groups_fit.maps(e)
            data["fits"][t]["maps"][str(e)] = {"P": b85(P.astype("<f4")), "offset": [float(x) for x in offset]}
        scale = max(float(np.abs(proj.coords[e]).max()) for e in epochs) or 1.0
        data["xy_scale"][t] = scale
        data["xy"][t] = {str(e): b85(np.round(proj.coords[e] / scale * 32767).astype("<i2"))
                         for e in epochs}
        data["explained"][t] = {str(e): [float(x) for x in proj.explained[e]] for e in epochs}
        data["maps"][t] = {}
        for e in epochs:
            P, offset = proj.maps(e)
            data["maps"][t][str(e)] = {"P": b85(P.astype("<f4")), "offset": [float(x) for x in offset]}
        data["changes"][t], data["settling"][t] = {}, {}
        for a, b in zip(epochs, epochs[1:]):
            if embs[a].unit.any():
                rows, summary = neighbourhood_change(embs[a], embs[b], skip=min(100, n // 10), probe=min(1000, n))
                data["changes"][t][f"{a}-{b}"], data["settling"][t][f"{a}-{b}"] = rows, summary
        if t == "in":
            page_last = embs[epochs[-1]]
    data["axes"] = {"sets": directions.N_RANDOM_SETS, "seed": directions.RANDOM_SEED, "max_list": directions.MAX_LIST,
                    "presets": directions.page_presets(AXES_PRESETS, dict(zip(vocab, range(n))))}
    data["tsne"] = tsne_data({e: c.W_in for e, c in ckpts.items()}, n, plotted_ids) if n >= tsne.MIN_WORDS else None
    examples = analogy_examples(page_last, questions_file) if questions_file else []
    data["examples"]["analogy"] = examples or [
        q for q in (["king", "man", "woman", "queen"],) if all(w in vocab for w in q)]
    return data


def tsne_data(tables: dict, n: int, plotted_ids) -> dict:
    """The t-SNE map as the page reads it (tsne.maps): the words' ids, each epoch's layout as int16
    on one scale, and every map's trustworthiness per epoch."""
    m = tsne.maps(tables, n, plotted_ids)
    scale = max(float(np.abs(xy).max()) for xy in m["coords"].values()) or 1.0
    return {"n": len(m["ids"]), "ids": b85(m["ids"].astype("<i4")), "scale": scale, "k": tsne.NEIGHBOURS,
            "perplexity": tsne.PERPLEXITY, "coords": {str(e): b85(np.round(xy / scale * 32767).astype("<i2"))
                                                      for e, xy in m["coords"].items()},
            "trust": {name: {str(e): round(v, 6) for e, v in per.items()} for name, per in m["trust"].items()}}


def _chance(chance) -> dict:
    """A chance.NeighbourChance as the page reads it: the frequency bands' edges (word ids), and per
    band and rank the control's line and its 5 %, 50 %, 95 % points."""
    return {"edges": chance.edges.tolist(), "line": chance.line.tolist(), "q": chance.quantiles.tolist()}


def page_source(name: str) -> str:
    """One source file of the page, which must not end the element it is inlined into."""
    text = (EXPLORER / name).read_text(encoding="utf-8")
    closing = "</style" if name.endswith(".css") else "</script"
    if closing in text.lower():
        raise RuntimeError(f"{EXPLORER / name} must not contain {closing}")
    return text


def page_template() -> str:
    """page.html with style.css in its one <style> and the SCRIPTS, joined, in its one code <script>."""
    html = PAGE.read_text(encoding="utf-8")
    for marker, text in ((STYLE_MARKER, page_source(STYLE.name)),
                         (CODE_MARKER, "\n".join(page_source(name) for name in SCRIPTS))):
        if html.count(marker) != 1:
            raise RuntimeError(f"{PAGE} must contain {marker} exactly once")
        html = html.replace(marker, text)
    return html


def render(data: dict) -> str:
    """The page with the data embedded. ``<`` is escaped in the JSON so that no word (e.g.
    ``</script>``) can end the script block; the page inserts words as text, never as HTML."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    html = page_template()
    if html.count(DATA_MARKER) != 1:
        raise RuntimeError(f"{PAGE} must contain {DATA_MARKER} exactly once (and the sources none)")
    return html.replace(DATA_MARKER, payload)


def write_explorer(run_dir, words: int = WORDS, questions_file=None, out=None, ckpts=None, corpus=None) -> Path:
    path = Path(out) if out else Path(run_dir) / "explorer.html"
    if path.resolve() == (Path(run_dir) / "explorer.html").resolve():
        runs.record(run_dir, {"explorer.html": {}})             # the run's own page: recorded first
    write_atomic(path, render(build_data(run_dir, words, questions_file, ckpts, corpus)).encode("utf-8"))
    return path


class PageHandler(BaseHTTPRequestHandler):
    """Serves one file, ``page``, at ``/`` and ``/<its name>``; every other path is 404 (no
    listing: the run folder beside the page holds checkpoints and state that are nobody's business).
    The page is read at each request, so a page rewritten meanwhile is served as it now is."""

    page: Path

    def do_GET(self):
        self._serve(with_body=True)

    def do_HEAD(self):
        self._serve(with_body=False)

    def _serve(self, with_body: bool):
        path = unquote(urlsplit(self.path).path)
        body, status, kind = b"not found: this server serves the explorer page only\n", 404, "text/plain"
        if path in ("/", "/" + self.page.name):
            try:
                body, status, kind = self.page.read_bytes(), 200, "text/html"
            except OSError:                                   # removed meanwhile
                pass
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, *args):                             # no line per request
        pass


def serve(page: Path, port: int = 8000) -> None:
    """Serve the page (and nothing else) on 127.0.0.1 until Ctrl-C, which cli.run turns into one
    line and exit code 130."""
    handler = type("Handler", (PageHandler,), {"page": Path(page)})
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving http://127.0.0.1:{httpd.server_address[1]}/{Path(page).name}  (Ctrl-C to stop)",
              flush=True)
        httpd.serve_forever()


def run_corpus(run_dir, ckpt):
    """The run's encoded text where the run found it (run.json's data folder, or the cache: nothing
    is downloaded), for the One step view's targets; None, said in one note line, when it is not
    on this machine (the page then says so)."""
    sources = (runs.read_info(run_dir) or {}).get("sources", {})
    try:
        found = prepare.load_corpus(ckpt.config, sources.get("data_dir"), sources.get("cache_dir"),
                                    log=lambda *a: None, progress=False, offline=True)
    except (DataError, OSError, ValueError):
        found = None
    return found if found is not None and found.vocab.words == ckpt.vocab.words else None


def main(argv=None) -> int:
    p = Parser(prog="python -m skipgram_np.explore",
               description="Write RUN_DIR/explorer.html, a self-contained page to explore every "
                           "checkpoint of a run (open it by double-click).",
               formatter_class=HelpFormatter)
    p.add_argument("run_dir")
    p.add_argument("--words", type=int, default=WORDS,
                   help="most frequent words to include (0 = all; ~1 MB per 1,000 words)")
    p.add_argument("--out", help="where to write the page (default RUN_DIR/explorer.html)")
    p.add_argument("--serve", action="store_true", help="then serve it (the page only) on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="port for --serve (0: any free one)")
    p.add_argument("--no-eval", action="store_true",
                   help="no example analogies from the Google set (no download)")
    add_eval_options(p, files=False)
    args = p.parse_args(argv)
    args.analogies = args.similarities = None
    if args.words and args.words < 10:
        p.error("--words must be at least 10 (or 0 for all)")
    if not 0 <= args.port <= 65535:
        p.error(f"--port must be 0..65535 (0: any free one), got {args.port}")
    try:
        ckpts = load_run(args.run_dir)                   # a bad folder is said before any download
        questions = example_sets(args)[0]
        corpus = run_corpus(args.run_dir, ckpts[max(ckpts)])
        path = write_explorer(args.run_dir, args.words, questions, args.out, ckpts, corpus)
    except (RunError, EvalFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser"
          + ("" if corpus is not None else " (the run's corpus is not on this machine: One step shows no targets s*)"),
          flush=True)
    if args.serve:
        try:
            serve(path, args.port)
        except OSError as exc:                                # the port is taken, or not ours to use
            print(f"error: cannot serve on 127.0.0.1:{args.port} ({exc.strerror or exc}); the page is "
                  f"written: open {path}, or pass --port 0 for any free port", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(run(main))
