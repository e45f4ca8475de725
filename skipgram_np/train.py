"""The training command: ``python -m skipgram_np.train [options]`` (or ``skipgram-np train``).

Reads the options into one Config (config.py; ``--preset`` names a set of them), or, with
``--resume DIR``, the saved run's Config extended to ``--epochs`` (every other flag that disagrees
with the saved run is refused, all in one line). Then: prepare the text (prepare.py), compile the
kernels (warmup.py, on a first run while the text downloads), train (train.py), draw the figures
(figures.py). Every failure a user can cause ends in one line and an exit code: 2 for a usage or
run-folder problem, 1 for data or disk, 130/143 for Ctrl-C/SIGTERM.
"""
from __future__ import annotations

import argparse
import errno
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path

from . import data, explore, export, figures, interrupts, plaintext, plan, prepare, runs, warmup
from .checkpoint import CheckpointError
from .cli import HelpFormatter, Parser
from .config import DEFAULT_LR, OPTIMIZERS, PAGE_WORDS, PRESETS, Config
from .data import CACHE_ENV, EVAL_MIRROR_ENV, MIRROR_ENV
from .evaluate import MIN_PAIRS, MIN_QUESTIONS, QualityScorer
from .evalsets import EvalFileError
from .files import WriteFailed, describe_os_error, guarded
from .trainer import Diverged
from .resume import given_options, resume_run, text_files_or_exit
from .training import train
from .vocab import EmptyVocabularyError


def build_parser() -> argparse.ArgumentParser:
    d = Config()
    p = Parser(
        prog="python -m skipgram_np.train",
        description="Train word2vec skip-gram with negative sampling on WikiText-2. "
                    "With no options: the reference pipeline (Adam, 10 epochs, checkpoints at "
                    "epochs 0, 2, 5 and 10) into runs/adam-e10-d100/.",
        formatter_class=HelpFormatter)
    g = p.add_argument_group("data")
    g.add_argument("--dataset", choices=("wikitext-2", "wikitext-103"), default=d.dataset,
                   help="the corpus (WikiText-103: 103M tokens, a 190 MB download)")
    g.add_argument("--text", action="append", default=[], metavar="PATH",
                   help="train on your own text instead of WikiText: a UTF-8 file, or a folder of .txt files "
                        "(repeatable; paragraphs at blank lines; see plaintext.py for the cleaning)")
    g.add_argument("--data-dir", help="folder with the three WikiText-2 files (no download)")
    g.add_argument("--cache-dir", help=f"download cache (default ~/.cache/skipgram_np or ${CACHE_ENV})")
    g.add_argument("--mirror", action="append", default=[], metavar="URL",
                   help=f"mirror to download from instead of the built-in ones (repeatable; "
                        f"also ${MIRROR_ENV}): a .zip, or a folder serving wiki.{{split}}.tokens")
    g.add_argument("--max-tokens", type=int, default=d.max_tokens,
                   help="train on the first N cleaned tokens only (quick runs)")
    g.add_argument("--eval-dir", help="folder with questions-words.txt and wordsim353.tsv, to score "
                                      "every epoch (default: downloaded once and cached)")
    g.add_argument("--eval-mirror", action="append", default=[], metavar="URL",
                   help=f"where to download the evaluation sets from (also ${EVAL_MIRROR_ENV})")
    g.add_argument("--no-eval", action="store_true",
                   help="do not score the epochs on WordSim-353 and the Google analogies")
    p.add_argument("--preset", choices=sorted(PRESETS), default="reference",
                   help="named settings: reference (the defaults below) or quality ("
                        + ", ".join(f"{k}={v}" for k, v in PRESETS["quality"].items())
                        + "); options given explicitly still win")
    g = p.add_argument_group("pipeline")
    g.add_argument("--min-count", type=int, default=d.min_count, help="drop words seen fewer times")
    g.add_argument("--subsample", type=float, default=d.subsample,
                   help="t in P_discard(w) = max(0, 1 - sqrt(t/f(w))); 0 turns it off")
    g.add_argument("--subsample-formula", choices=("paper", "word2vec"), default=d.subsample_formula,
                   help="paper: keep = sqrt(t/f) (the reference); word2vec: word2vec.c's and "
                        "gensim's gentler keep = (sqrt(f/t) + 1)·t/f")
    g.add_argument("--window", type=int, default=d.window, help="context words on each side")
    g.add_argument("--shrink-window", action="store_true", help="word2vec's random window shrinking")
    g.add_argument("--no-cross-lines", action="store_true", help="keep windows inside a paragraph")
    g.add_argument("--negatives", type=int, default=d.negatives, help="k negatives per pair")
    g.add_argument("--per-pair-negatives", action="store_true",
                   help="draw k negatives for every pair (word2vec) instead of sharing them across "
                        "a word's window (pWord2Vec, faster)")
    g = p.add_argument_group("model and optimisation")
    g.add_argument("--dim", type=int, default=d.dim, help="embedding dimension d")
    g.add_argument("--optimizer", choices=OPTIMIZERS, default=d.optimizer,
                   help="adam (the reference) or sgd (word2vec's, with linear decay)")
    g.add_argument("--lr", type=float, default=d.lr,
                   help=f"learning rate (default {DEFAULT_LR['adam']} for adam, "
                        f"{DEFAULT_LR['sgd']} for sgd, decaying linearly)")
    g.add_argument("--lr-decay", choices=("on", "off"), default=None,
                   help="decay the learning rate linearly to lr*1e-4 over the run (default: on "
                        "for sgd, off for adam, as in the reference)")
    g.add_argument("--batch-size", type=int, default=d.batch_size, help="Adam: pairs per step")
    g.add_argument("--shuffle-block", type=int, default=d.shuffle_block,
                   help="Adam: shuffle the text in blocks of this many neighbouring positions "
                        "(1 = every position on its own; larger blocks touch fewer rows per step)")
    g.add_argument("--adam-mode", choices=("dense", "lazy"), default=d.adam_mode,
                   help="dense: torch.optim.Adam's updates (rows keep moving by momentum between "
                        "batches), computed only for the rows a batch touches; lazy: "
                        "torch.optim.SparseAdam's (untouched rows stand still)")
    g.add_argument("--epochs", type=int, default=d.epochs,
                   help="passes over the corpus; with --resume, more than the run has planned "
                        "extends it (not for a decaying learning rate, whose schedule is tied "
                        "to the planned epochs)")
    g.add_argument("--checkpoints", default=None,
                   help="epochs to save and export, comma-separated (0 = before training); the "
                        "last epoch is always saved (default: 0,2,5,10 for 10 epochs, otherwise "
                        "0, ~20%%, ~50%% and the last)")
    g.add_argument("--threads", type=int, default=d.threads, help="worker threads (0 = all cores)")
    g.add_argument("--seed", type=int, default=d.seed,
                   help="seeds initialisation, subsampling, order and negatives")
    g = p.add_argument_group("output")
    g.add_argument("--out", help="run folder (default runs/<optimizer>-e<epochs>-d<dim>, then "
                                 "every other setting that differs from the defaults)")
    g.add_argument("--overwrite", action="store_true",
                   help="if --out holds another run, remove that run's files first")
    g.add_argument("--resume", metavar="DIR",
                   help="continue the run in DIR from its last finished epoch (with its saved "
                        "settings; --epochs N extends it)")
    g.add_argument("--json-words", type=int, default=PAGE_WORDS,
                   help="words (most frequent first) in embeddings_epoch{N}.json; 0 = all")
    g.add_argument("--word2vec", choices=export.WORD2VEC_EXPORTS, default="final",
                   help="word2vec text/binary exports (vectors_epoch{N}.txt/.bin): of the last "
                        "epoch, of every checkpoint, or none")
    g.add_argument("--projector", action="store_true",
                   help="also write vectors.tsv + metadata.tsv for the TensorFlow Embedding "
                        "Projector, beside the word2vec exports")
    g.add_argument("--no-control", action="store_true",
                   help="do not train the control (the same settings on the same words shuffled, the "
                        "chance level every verdict is judged against; it doubles the training time)")
    g.add_argument("--control", action="store_true",
                   help="with --resume: add a control to a run trained without one")
    g.add_argument("--no-figures", action="store_true",
                   help="skip the figures and report written to RUN/figures/ at the end")
    g.add_argument("--no-page", action="store_true",
                   help="skip the explorer page written to RUN/explorer.html at the end")
    g.add_argument("--no-progress", action="store_true", help="no progress bars")
    return p


def config_from_args(args, parser) -> Config:
    checkpoints = None
    if args.checkpoints is not None:
        try:
            checkpoints = tuple(sorted({int(x) for x in args.checkpoints.split(",") if x.strip()}))
        except ValueError:
            parser.error(f"--checkpoints must be comma-separated epoch numbers, got {args.checkpoints!r}")
    cfg = Config(dataset=args.dataset, max_tokens=args.max_tokens, min_count=args.min_count,
                 subsample=args.subsample, subsample_formula=args.subsample_formula,
                 window=args.window, shrink_window=args.shrink_window,
                 cross_lines=not args.no_cross_lines, negatives=args.negatives,
                 shared_negatives=not args.per_pair_negatives, dim=args.dim,
                 optimizer=args.optimizer, lr=args.lr, batch_size=args.batch_size,
                 shuffle_block=args.shuffle_block,
                 lr_decay=None if args.lr_decay is None else args.lr_decay == "on",
                 adam_mode=args.adam_mode, epochs=args.epochs, checkpoints=checkpoints,
                 threads=args.threads, seed=args.seed)
    try:
        return cfg.validate()
    except ValueError as exc:
        parser.error(str(exc))


def writable_dir(path: Path, parser) -> Path:
    """Stop in one line now if --out cannot be written, not after the download. Creates nothing:
    the folder is made when training starts, so a run that fails before leaves no empty folder."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(existing))
        with tempfile.TemporaryFile(dir=existing):       # a real write, removed at once
            pass
    except OSError as exc:
        parser.error(f"cannot write to --out {path}: {exc.strerror or exc}")
    return path


def quality_scorer(args, corpus):
    """(an evaluate.QualityScorer over the evaluation sets, their two paths), or (None, {}) (one
    line says why) when they cannot be had: training goes on without per-epoch scores."""
    try:
        found = data.eval_files(args.eval_dir, args.cache_dir, args.eval_mirror,
                                progress=not args.no_progress, log=lambda *a: None, retries=0)
        scorer = QualityScorer(corpus.vocab.words, found["analogies"], found["similarities"],
                               min_pairs=MIN_PAIRS, min_questions=MIN_QUESTIONS)
        for line in scorer.skipped:
            print(f"note: {line}")
        if scorer.pairs is None and scorer.questions is None:
            return None, found
        return scorer, found
    except (data.DataError, EvalFileError) as exc:
        reason = str(exc).split(" (tried ")[0].split(". ")[0]      # a DataError or an EvalFileError
        print(f"note: epochs are not scored ({reason}); give --eval-dir DIR with "
              f"questions-words.txt and wordsim353.tsv, or --no-eval")
        return None, {}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    stage = "before training started; nothing was saved"
    try:
        with interrupts.immediate():
            return _main(parser, args, argv)
    except interrupts.Interrupted as exc:
        print(f"stopped by {exc.name} {exc.where or stage}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"stopped by Ctrl-C {stage}", file=sys.stderr)
        return 130



def after_training(step, what: str, doing: str, redo: str, command: str, run_dir):
    """Run a step that follows a complete run (figures, the page): -> (its result, 0), or (None, exit
    code) after one line for a RunError (2) or a failed write of ``what`` (1); an interruption names
    the command that does the step again."""
    again = f"python -m skipgram_np.{command} {shlex.quote(str(run_dir))}"
    try:
        with guarded(what, f"the run itself in {run_dir} is complete and intact", f"{redo} {again}"):
            return step(), 0
    except (runs.RunError, WriteFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None, 1 if isinstance(exc, WriteFailed) else 2
    except interrupts.Interrupted as exc:
        exc.where = (f"while {doing}; the run itself is complete ({redo} "
                     f"python -m skipgram_np.{command} {shlex.quote(str(run_dir))})")
        raise

def _main(parser, args, argv) -> int:
    if args.preset != "reference":          # the preset's values become the defaults, then reparse
        preset = dict(PRESETS[args.preset])
        if "lr_decay" in preset:
            preset["lr_decay"] = "on" if preset["lr_decay"] else "off"
        parser.set_defaults(**preset)
        args = parser.parse_args(argv)
    if args.json_words < 0:
        parser.error(f"--json-words must be >= 0 (0 = all words), got {args.json_words}")
    given = given_options(argv, build_parser)             # the options typed, not defaulted
    resume, info = None, None
    if args.resume:
        run_dir, resume, info, cfg, with_control = resume_run(args, parser, given, config_from_args)
    else:
        if args.control:
            parser.error("--control adds a control to a run trained without one: give it with --resume RUN "
                         "(a new run trains its control unless --no-control)")
        with_control = not args.no_control
        if args.text:
            clash = [f"--{d.replace('_', '-')}" for d in ("dataset", "data_dir", "mirror") if d in given]
            if clash:
                parser.error(f"{' and '.join(clash)} {'is' if len(clash) == 1 else 'are'} for WikiText: with "
                             f"--text the text is your files")
            args.text = text_files_or_exit(args.text, parser)
            args.dataset = plaintext.dataset_name(plaintext.digest(args.text))
        cfg = config_from_args(args, parser)
        run_dir = Path(args.out) if args.out else runs.default_run_dir(cfg)
        try:
            runs.check_early(run_dir, args.overwrite)       # before any download or compile
        except runs.RunError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.eval_dir and not args.no_eval and "eval_dir" in given:   # typed: wrong is an error
        try:
            data.eval_files(args.eval_dir)
        except data.DataError as exc:
            parser.error(exc.headline)
    writable_dir(run_dir, parser)
    print("config:", json.dumps(cfg.to_dict()))
    started = time.perf_counter()
    background = None
    if not prepare.corpus_cache_file(cfg, args.cache_dir).is_file():   # a first run: compile meanwhile
        background = warmup.BackgroundCompile(cfg, scoring=not args.no_eval)
    try:
        corpus = prepare.load_corpus(cfg, args.data_dir, args.cache_dir, args.mirror,
                                     progress=not args.no_progress, text=args.text or None)
    except data.DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (EmptyVocabularyError, plaintext.TextError) as exc:
        parser.error(str(exc))
    finally:
        if background is not None and sys.exc_info()[0] is not None:
            background.stop()
    stats = prepare.corpus_stats(cfg, corpus, args.json_words)
    print(f"corpus: {stats['raw_tokens']:,} tokens after cleaning, {stats['tokens']:,} in a vocabulary "
          f"of {stats['vocab_size']:,} words (min count {cfg.min_count}); "
          f"~{stats['expected_kept_per_epoch']:,} kept per epoch ({stats['kept_fraction']:.1%}), "
          f"~{stats['expected_pairs_per_epoch']:,} pairs per epoch  [{time.perf_counter() - started:.1f} s]")
    if cfg.dataset.startswith(plaintext.PREFIX) and cfg.subsample and stats["kept_fraction"] < 0.2:
        print(f"note: subsampling at t = {cfg.subsample:g} keeps only {stats['kept_fraction']:.1%} of this text "
              f"(t was chosen for WikiText's 2.4 million tokens); for a text of {stats['tokens']:,} tokens "
              f"--subsample 1e-3 keeps more")
    if resume is not None and resume.vocab.words != corpus.vocab.words:
        parser.error("cannot resume: the corpus gives a different vocabulary than the saved run")
    outputs = (info or {}).get("outputs", {})
    try:                                     # before a table is allocated or a file written
        written = sum(f.stat().st_size for f in Path(run_dir).rglob("*") if f.is_file()) if resume else 0
        print(plan.check(plan.Plan.of(cfg, len(corpus.vocab), len(corpus.ids),
                                      outputs.get("json_words", args.json_words or None),
                                      outputs.get("word2vec", args.word2vec), with_control),
                         cfg, run_dir, with_control, written))
    except plan.PlanError as exc:
        if background is not None:
            background.stop()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    absolute = lambda p: str(Path(p).resolve()) if p else None     # noqa: E731
    sources = {"data_dir": absolute(args.data_dir), "cache_dir": absolute(args.cache_dir),
               "mirror": list(args.mirror), "eval_dir": absolute(args.eval_dir),
               "eval_mirror": list(args.eval_mirror), "no_eval": bool(args.no_eval)}
    if args.text:                                        # which files, and what they held
        sources["text"] = [absolute(p) for p in args.text]
    quality, eval_files = (None, {}) if args.no_eval else quality_scorer(args, corpus)
    warmup.compile_all(cfg, quality is not None and quality.questions is not None, background)
    try:
        result = train(cfg, corpus, run_dir, resume=resume, overwrite=args.overwrite,
              progress=not args.no_progress, json_words=args.json_words or None,
              projector=args.projector, word2vec=args.word2vec, sources=sources, quality=quality,
              control=with_control)
    except (runs.RunError, CheckpointError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Diverged as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {describe_os_error(exc, f'the run in {run_dir}')}; what was saved "
              f"is intact: continue with python -m skipgram_np.train --resume "
              f"{shlex.quote(str(run_dir))}", file=sys.stderr)
        return 1
    total = time.perf_counter() - started
    first, n = (1 if resume is None else resume.epoch + 1), cfg.epochs     # what this command trained
    if first > n and result.control_epochs:
        trained = f"{result.control_epochs} epoch{'s' if result.control_epochs != 1 else ''} of the control"
    elif first > n:
        trained = "no epoch to train"
    elif first == 1:
        trained = f"{n} epoch{'s' if n != 1 else ''}"
    elif first == n:
        trained = f"epoch {n} of {n}"
    else:
        trained = f"epochs {first}-{n} of {n}"
    print(f"done: {trained} in {total:.1f} s; run folder {run_dir}/")
    if not args.no_figures:        # example questions too
        _, code = after_training(lambda: figures.make_all(run_dir, analogies=eval_files.get("analogies")),
                                 f"the figures in {run_dir / 'figures'}", "drawing the figures", "draw them with",
                                 "figures", run_dir)
        if code:
            return code
    if not args.no_page:
        page, code = after_training(lambda: explore.write_explorer(run_dir, questions_file=eval_files.get("analogies"),
                                                                   corpus=corpus),
                                    f"the page {run_dir / 'explorer.html'}", "writing the page", "write it with",
                                    "explore", run_dir)
        if code:
            return code
        print(f"page: wrote {page} ({page.stat().st_size / 1e6:.1f} MB): open it in a browser (it needs "
              f"no server), or serve it with python -m skipgram_np.explore {shlex.quote(str(run_dir))} --serve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
