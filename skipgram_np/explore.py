"""Write the interactive explorer: one self-contained HTML file holding every checkpoint of a run.

    python -m skipgram_np.explore RUN_DIR [--words 5000] [--serve] [--compare VECTORS_FILE]

The page (``explorer/``: page.html, style.css and SCRIPTS inlined as one file, no network) gets the data
(page_data.build_data) embedded as JSON inside a ``<script type="application/json">`` block:
  - the ``words`` most frequent words and their counts (the words the page holds: its universe);
  - per table (W_in, W_out) and epoch, each word's row quantised to int8 (x / max|x| · 127;
    cosines only need a row's direction, which this keeps to ~0.5 %), base-85-encoded; W_out
    before training is all zero and stored as null; "sum" (v̂ + û) is formed on the page;
  - each row's scale max|x| (float32), so that the "One step" view can restore the real rows;
  - per table and epoch, each word's 2D position on shared aligned axes (projection.py), as int16,
    and the map itself (x̂ @ P − offset) to place vectors a step has moved;
  - what ``python -m skipgram_np.query RUN`` answers among all words, as it prints it
    (page_facts.py): every page word's 10 nearest words in W_in at every epoch (seen at least
    1 and 50 times) with their verdicts, the example pairs' similarity rows, and analogy
    questions drawn from the Google set with their answers and planes — each for the control too;
  - the control (control.py): its map aligned to the run's, its t-SNE map, structure number,
    scores and trustworthiness, and, per table and epoch, chance.py's lines among the page's words,
    with which the page judges what it computes itself (explorer/chance.js mirrors the rule);
  - passages of the text for "One step", the axes presets, a t-SNE map of W_in (tsne.py), the
    words whose neighbourhoods changed most, the run's configuration, loss and scores;
  - with ``--compare FILE``, another model's vectors (a word2vec file) for the same words, shown
    beside the run's in Neighbours and Similarity (page_compare.py).
RUN_DIR may itself be a word2vec file (vectorsfile.py): a page of one table with no history.
What the page computes itself — W_out and sum, typed pairs, typed questions — it computes among
its own words, from the rows above (``query --among N`` asks the same: embeddings.vectors_of), and
says so beside the answer with the command that prints the same numbers.
"""
from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import outputs, prepare, runs, vectorsfile
from .cli import HelpFormatter, Parser, run
from .data import DataError
from .evalsets import EvalFileError, add_eval_options, example_sets
from .files import WriteFailed, guarded, write_atomic
from .page_data import (B85, MIN_COUNTS, TABLES, WORDS, b85, build_data, explorer_embeddings,  # noqa: F401 (the page's data, for its users)
                        page_rows, page_table, unb85)
from .runs import RunError, load_run

EXPLORER = Path(__file__).parent / "explorer"   # the page's sources, inlined by render() into one file
PAGE = EXPLORER / "page.html"                   # the markup, with a marker for each of the three below
STYLE = EXPLORER / "style.css"
# The page's code: one classic <script>, these files in this order, so they share one global scope and
# a const used while the script loads (ui.js's $, data.js's DATA) must come from an earlier file.
SCRIPTS = ("data.js", "sgns.js", "query.js", "chance.js", "facts.js", "ui.js", "diagrams.js", "map.js", "tsne.js",
           "compare.js", "similarity.js", "neighbors.js", "analogy.js", "plane.js", "axes.js", "step.js", "toy.js",
           "how.js", "start.js", "main.js")
MARK = "<!-- written by skipgram_np.explore -->"  # the second line of every page: how explore knows its own
STYLE_MARKER = "/*__SKIPGRAM_STYLE__*/"
CODE_MARKER = "/*__SKIPGRAM_CODE__*/"
DATA_MARKER = "/*__SKIPGRAM_DATA__*/"


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
    doctype, _, rest = html.partition("\n")             # the doctype stays first (no quirks mode)
    return f"{doctype}\n{MARK}\n{rest}".replace(DATA_MARKER, payload)


def default_out(run_dir) -> Path:
    """RUN/explorer.html, or for a vectors file a page beside it named after it (book.bin: book.html)."""
    run_dir = Path(run_dir)
    return run_dir.with_name(run_dir.name.split(".")[0] + ".html") if run_dir.is_file() else run_dir / "explorer.html"


def write_explorer(run_dir, words: int = WORDS, questions_file=None, out=None, ckpts=None, corpus=None,
                   overwrite: bool = False, compare=None) -> Path:
    """The page of the run in ``run_dir``: its own RUN/explorer.html (recorded in run.json before it
    is written), or ``out`` — a new file, or a page explore wrote before, which ``overwrite``
    replaces (outputs.claim_file; outputs.NotOurs otherwise, before anything is written)."""
    path = Path(out) if out else default_out(run_dir)
    own = Path(run_dir).is_dir() and path.resolve() == (Path(run_dir) / "explorer.html").resolve()
    if own:
        if path.exists() and "explorer.html" not in runs.recorded(run_dir, runs.read_info(run_dir) or {}):
            raise outputs.NotOurs(f"{path} is not listed in the run's run.json: it may be yours, so no page is "
                                  f"written over it; move it away, or write the page elsewhere with --out FILE")
        runs.record(run_dir, {"explorer.html": {}})             # the run's own page: recorded first
    else:
        outputs.claim_file(path, overwrite, "python -m skipgram_np.explore", MARK)
    page = render(build_data(run_dir, words, questions_file, ckpts, corpus, compare)).encode("utf-8")
    write_atomic(path, page)
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
    if Path(run_dir).is_file():                              # a vectors file: no corpus known
        return None
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
    p.add_argument("--out", help="where to write the page (default RUN_DIR/explorer.html): a new file, or a page "
                                 "explore wrote before")
    p.add_argument("--overwrite", action="store_true",
                   help="replace the page explore wrote at --out before (never a file of anyone else's)")
    p.add_argument("--compare", metavar="VECTORS_FILE",
                   help="another model's word2vec file (text, binary or .gz: gensim's, word2vec.c's) to show beside "
                        "the run's vectors in Neighbours and Similarity")
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
    target = Path(args.out) if args.out else default_out(args.run_dir)
    try:
        ckpts = load_run(args.run_dir)                   # a bad folder is said before any download
        if args.compare:
            vectorsfile.load(args.compare)               # a file that is not vectors is said before any work
        questions = example_sets(args)[0]
        corpus = run_corpus(args.run_dir, ckpts[max(ckpts)])
        with guarded(f"the page {target}", "nothing of the run changed and no page is half-written",
                     f"write it again with: python -m skipgram_np.explore {args.run_dir}"
                     + (f" --out {args.out}" if args.out else "")):
            path = write_explorer(args.run_dir, args.words, questions, args.out, ckpts, corpus, args.overwrite,
                                  args.compare)
    except (RunError, EvalFileError, outputs.NotOurs, vectorsfile.VectorsFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except WriteFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser"
          + (" (a vectors file: one table and no history, so One step, How it works and Start here say so)"
             if Path(args.run_dir).is_file() else
             "" if corpus is not None else " (the run's corpus is not on this machine: One step shows no targets s*)"),
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
