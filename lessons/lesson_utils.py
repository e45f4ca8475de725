"""What every lesson needs: its settings, the corpus, a place for figures, and printed checks.

A lesson runs as a script or as a notebook (jupytext's percent format: `# %%` cells):

    python lessons/NN_name.py [--data-dir DIR] [--eval-dir DIR] [--quick] [--figures DIR] [--runs DIR]
                              [--update-committed-figures]

  --data-dir   the three WikiText-2 files (else $SKIPGRAM_NP_DATA_DIR, else download and cache)
  --eval-dir   questions-words.txt and wordsim353.tsv (else $SKIPGRAM_NP_EVAL_DIR, else download)
  --quick      smaller settings: seconds instead of up to a minute (also $SKIPGRAM_NP_QUICK=1)
  --figures    where figures go (default runs/lessons/figures/, not committed)
  --runs       where training runs go (default runs/lessons/)
  --update-committed-figures   write the figures into figures/lessons/ instead (the committed ones;
               full settings only)

Under a Jupyter kernel the command line belongs to the kernel (``-f kernel.json``), so a notebook
takes its settings from the environment variables only.
"""
from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
COMMITTED_FIGURES = REPO / "figures" / "lessons"
QUICK_ENV = "SKIPGRAM_NP_QUICK"
# pooch (imported with skipgram_np.data) imports tqdm.auto, which under a Jupyter kernel without
# ipywidgets warns "IProgress not found" into the notebook; the lessons draw no progress bars.
warnings.filterwarnings("ignore", message="IProgress not found")


def in_notebook() -> bool:
    """True inside a Jupyter kernel (Jupyter, VS Code, nbclient)."""
    return "ipykernel" in sys.modules


def parse(description: str = "", argv=None) -> argparse.Namespace:
    """The lesson's settings, from the command line (scripts) or the environment (notebooks)."""
    env = os.environ.get
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data-dir", default=env("SKIPGRAM_NP_DATA_DIR"),
                   help="folder with wiki.{train,valid,test}.tokens (default: download and cache)")
    p.add_argument("--eval-dir", default=env("SKIPGRAM_NP_EVAL_DIR"),
                   help="folder with questions-words.txt and wordsim353.tsv (default: download)")
    p.add_argument("--quick", action="store_true",
                   default=env(QUICK_ENV, "").lower() in ("1", "true", "yes"),
                   help=f"smaller settings, for a fast check (also ${QUICK_ENV}=1)")
    p.add_argument("--figures", default=env("SKIPGRAM_NP_LESSON_FIGURES", str(REPO / "runs" / "lessons" / "figures")),
                   help="folder for figures (default runs/lessons/figures/)")
    p.add_argument("--runs", default=env("SKIPGRAM_NP_LESSON_RUNS", str(REPO / "runs" / "lessons")),
                   help="folder for training runs (default runs/lessons/)")
    p.add_argument("--update-committed-figures", action="store_true",
                   help=f"write figures into {COMMITTED_FIGURES.relative_to(REPO)}/ (full settings only)")
    if argv is None:
        argv = [] if in_notebook() else sys.argv[1:]
    args = p.parse_args(argv)
    for name in ("data_dir", "eval_dir"):            # a relative path: from here, else from the repository
        folder = getattr(args, name)                 # (a notebook's working directory is lessons/)
        if folder and not Path(folder).is_dir() and (REPO / folder).is_dir():
            setattr(args, name, str(REPO / folder))
    if args.update_committed_figures:
        if args.quick:
            p.error("--update-committed-figures needs the full settings (the committed figures "
                    "are the full runs'); drop --quick")
        args.figures = str(COMMITTED_FIGURES)
    Path(args.figures).mkdir(parents=True, exist_ok=True)
    mode = "quick" if args.quick else "full"
    print(f"settings: {mode}; figures -> {args.figures}" + (f"; data: {args.data_dir}" if args.data_dir else ""))
    return args


# ----------------------------------------------------------------------------------- data
def _or_stop(get, what: str, env: str, option: str):
    """get(), or stop with one line (not a traceback) saying how to give the lesson its data."""
    from skipgram_np.data import DataError
    try:
        return get()
    except DataError as exc:
        raise SystemExit(f"error: the lesson has no {what}: {exc} (a notebook takes the folder from "
                         f"${env}; a script also from {option})") from None


def wikitext_paths(args) -> dict:
    """{"train": path, "valid": ..., "test": ...}: the three files, verified."""
    from skipgram_np import data
    return _or_stop(lambda: data.wikitext2_files(data_dir=args.data_dir), "WikiText-2",
                    "SKIPGRAM_NP_DATA_DIR", "--data-dir")


def wikitext_lines(args) -> list[str]:
    """The raw lines of train + valid + test, in that order."""
    from skipgram_np import corpus, data
    paths = wikitext_paths(args)
    return corpus.read_lines([paths[s] for s in data.SPLITS])


def load_corpus(args, max_tokens: int | None = None, min_count: int = 5):
    """The cleaned, encoded corpus (its first ``max_tokens`` tokens), as train.py builds it, from
    the package's cache when it has been built before."""
    from skipgram_np import prepare
    from skipgram_np.config import Config
    return _or_stop(lambda: prepare.load_corpus(Config(max_tokens=max_tokens, min_count=min_count),
                                              data_dir=args.data_dir, progress=False, log=lambda *a: None),
                    "WikiText-2", "SKIPGRAM_NP_DATA_DIR", "--data-dir")


def eval_files(args) -> dict:
    """{"analogies": questions-words.txt, "similarities": wordsim353.tsv}."""
    from skipgram_np import data
    return _or_stop(lambda: data.eval_files(eval_dir=args.eval_dir, progress=False, log=lambda *a: None),
                    "evaluation sets", "SKIPGRAM_NP_EVAL_DIR", "--eval-dir")


# ----------------------------------------------------------------------------------- output
def section(title: str) -> None:
    print(f"\n=== {title} " + "=" * max(0, 70 - len(title)))


def check(args, label: str, value: float, full: tuple, quick: tuple, fmt: str = "{:.3f}") -> None:
    """Print one expected number: the value, what the lesson's settings should give (expected ±
    tolerance) and PASS or FAIL. The tests read these lines. (Returns nothing, so that a notebook
    cell ending in a check shows no stray True.)"""
    expected, tol = quick if args.quick else full
    ok = abs(value - expected) <= tol
    mode = "quick" if args.quick else "full"
    print(f"CHECK {label}: {fmt.format(value)}  (expected {fmt.format(expected)} ± "
          f"{fmt.replace('+', '').format(tol)}, "
          f"{mode} settings)  {'PASS' if ok else 'FAIL'}")


def check_range(args, label: str, value: float, full: tuple, quick: tuple, fmt: str = "{:.3f}") -> None:
    """As check(), for a number that should lie in [low, high] (times, ratios, scores)."""
    low, high = quick if args.quick else full
    ok = low <= value <= high
    mode = "quick" if args.quick else "full"
    print(f"CHECK {label}: {fmt.format(value)}  (expected {fmt.format(low)} to {fmt.format(high)}, "
          f"{mode} settings)  {'PASS' if ok else 'FAIL'}")


def either(condition: bool, yes: str, no: str) -> str:
    """The word the numbers choose: either(b > a, "rose", "fell")."""
    return yes if condition else no


def plt():
    """matplotlib.pyplot: inline in a notebook, off-screen (Agg) in a script."""
    import matplotlib
    # (in a notebook, back to inline: skipgram_np.figures switches the backend to Agg)
    matplotlib.use("module://matplotlib_inline.backend_inline" if in_notebook() else "Agg")
    import matplotlib.pyplot as pyplot
    return pyplot


def save(fig, args, name: str) -> None:
    """Save a figure into the lesson's figure folder (and, in a notebook, show it). Returns
    nothing, so that a cell ending in save() shows the figure and not its path."""
    import matplotlib.pyplot as pyplot
    path = Path(args.figures) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"[figure] {path}")
    if in_notebook():
        pyplot.show()
    else:
        pyplot.close(fig)


def show_table(markdown: str) -> None:
    """A Markdown table: rendered as a table in a notebook, printed as text in a script."""
    if in_notebook():
        from IPython.display import Markdown, display
        display(Markdown(markdown))
    else:
        print(markdown)


def show_image(path) -> None:
    """In a notebook, show a saved image (a figure the package drew); in a script, nothing."""
    if in_notebook():
        from IPython.display import Image, display
        display(Image(filename=str(path)))


def exercise(number: str, what: str) -> None:
    """Point to the lesson's exercise and how to check it."""
    files = [f for f in sorted((REPO / "lessons" / "exercises").glob(f"{number}_*.py"))
             if not f.stem.endswith("_check")]                   # the stub, not its checks
    name = files[0].relative_to(REPO) if files else f"lessons/exercises/{number}_*.py"
    print(f"Exercise: {what} — fill in {name}, then run  python lessons/check.py {number}")


# ----------------------------------------------------------------------------------- predict, then look
# A lesson asks before it shows: predict() prints the question (PREDICT [key]) and the learner's
# guess, a later cell computes the answer and reveal() prints it (ANSWER [key]) with one sentence
# comparing the two, computed from both. In a notebook the learner writes the guess in the cell
# (guess = …); a script run at a terminal asks for it; run otherwise, the question and the answer
# simply print in order. tests/test_lessons.py checks that every lesson asks at least once and
# that each question comes before its answer, in the source and in the output.
GUESSES: dict[str, tuple] = {}          # key -> (the guess or None, the choices or None)
LETTERS = "abcdefgh"


def _at_a_terminal() -> bool:
    """A person runs the script at a terminal (so a question can wait for them)."""
    return not in_notebook() and sys.stdin.isatty() and sys.stdout.isatty()


def _as_guess(value, choices):
    """The guess as the lesson compares it: a number, one of the choices, or a word."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if choices:
        text = str(value).strip()
        if len(text) == 1 and text.lower() in LETTERS[:len(choices)]:
            return choices[LETTERS.index(text.lower())]
        return next((c for c in choices if c.lower() == text.lower()), text)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").replace("%", ""))
        except ValueError:
            return value.strip().lower()
    return value


def predict(key: str, question: str, guess=None, choices=None) -> None:
    """Ask before showing. ``guess``: what the learner wrote (None: nothing yet); ``choices``: the
    options of a multiple-choice question (the guess is one of them, or its letter)."""
    print(f"\nPREDICT [{key}] {question}")
    for letter, option in zip(LETTERS, choices or ()):
        print(f"    {letter}) {option}")
    if guess is None and _at_a_terminal():
        try:
            guess = input("    your guess (Enter to skip): ")
        except EOFError:
            guess = None
    guess = _as_guess(guess, choices)
    GUESSES[key] = (guess, choices)
    if guess is None:
        print("    your guess: none written — set `guess = …` just above this question and run "
              "again; the answer comes further down, after the lesson has computed it")
    else:
        print(f"    your guess: {_shown(guess, choices)}")


def _shown(value, choices=None, fmt="{:.3g}") -> str:
    if choices and value in choices:
        return f"{LETTERS[list(choices).index(value)]}) {value}"
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return fmt.format(value)
    return str(value)


def compare_guess(guess, answer, close: float | None = None, fmt: str = "{:.3g}", choices=None) -> str:
    """One sentence comparing a guess with the answer, computed from both. Numbers are close when
    within ``close`` (absolute) or, without it, within 25 % of the answer."""
    if guess is None:
        return "(no guess written)"
    numbers = all(isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)
                  for x in (guess, answer))
    if not numbers:
        right = str(guess).strip().lower() == str(answer).strip().lower()
        return (f"your guess, {_shown(guess, choices)}, is "
                + either(right, "right", f"not it: the answer is {_shown(answer, choices)}"))
    g, a = float(guess), float(answer)
    shown = fmt.format(g)
    near = abs(g - a) <= close if close is not None else (a != 0 and abs(g - a) <= 0.25 * abs(a))
    if near:
        return f"your guess, {shown}, is close (within {fmt.format(close) if close is not None else '25 %'})"
    if g > 0 and a > 0 and max(g / a, a / g) >= 1.5:
        ratio = g / a
        return (f"your guess, {shown}, is {ratio:.3g}× the answer: too high" if ratio > 1 else
                f"your guess, {shown}, is {1 / ratio:.3g}× smaller than the answer: too low")
    return f"your guess, {shown}, is {either(g > a, 'too high', 'too low')} by {fmt.format(abs(g - a))}"


def reveal(key: str, answer, fmt: str = "{:.3g}", close: float | None = None) -> str:
    """Print the answer to the question ``key`` (ANSWER [key]) and the sentence comparing it with
    the guess. -> that sentence."""
    guess, choices = GUESSES.get(key, (None, None))
    sentence = compare_guess(guess, answer, close, fmt, choices)
    print(f"ANSWER [{key}] {_shown(answer, choices, fmt)} — {sentence}")
    return sentence


# ----------------------------------------------------------------------------------- counting (lessons 14, 15)
def cooccurrences(ids: np.ndarray, window: int, V: int):
    """Sparse V × V counts #(w, c): every position and every offset 1..window on both sides of the
    token array (windows cross paragraph ends, as the SGNS reference does)."""
    import scipy.sparse as sp
    ids = np.asarray(ids, dtype=np.int64)
    keys = np.concatenate([np.concatenate([ids[:-j] * V + ids[j:], ids[j:] * V + ids[:-j]])
                           for j in range(1, window + 1)])               # w·V + c, one per pair
    pair_keys, n = np.unique(keys, return_counts=True)
    return sp.csr_matrix((n.astype(np.float64), (pair_keys // V, pair_keys % V)), shape=(V, V))


def truncated_svd(M, d: int):
    """U_d, Σ_d of the d largest singular values of a sparse matrix. PROPACK (scipy ≥ 1.11) is exact
    like ARPACK and faster here; older scipy versions need SCIPY_USE_PROPACK=1, else ARPACK. One BLAS
    thread: these solvers make many small BLAS calls, which extra threads slow down on a busy machine."""
    from scipy.sparse.linalg import svds
    from threadpoolctl import threadpool_limits                        # (comes with scikit-learn)
    v0 = np.full(M.shape[0], 1 / np.sqrt(M.shape[0]))                # a fixed start: reproducible
    with threadpool_limits(limits=1, user_api="blas"):
        try:
            U, S, _ = svds(M, k=d, solver="propack", v0=v0)
        except ValueError:
            U, S, _ = svds(M, k=d, v0=v0)
    return U, S


# ----------------------------------------------------------------------------------- groups
MONTHS = ["january", "february", "march", "april", "june", "july", "august", "september",
          "october", "november", "december"]            # not "may": mostly the verb
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def group_percentile(emb, words, baseline=None) -> tuple[float, int]:
    """How tightly a group of words sits together, fairly: the mean, over pairs of the group's
    words in the vocabulary, of the pair's percentile among random pairs of the same table
    (skipgram_np.baseline). 50 = no closer than random words; 100 = closer than every random pair.
    -> (mean percentile, number of words found)."""
    from skipgram_np.baseline import Baseline
    ids = [emb.index[w] for w in words if w in emb.index]
    if len(ids) < 2:
        return float("nan"), len(ids)
    base = baseline or Baseline.of(emb.unit)
    cos = emb.unit[ids] @ emb.unit[ids].T
    pct = [base.percentile(cos[i, j]) for i in range(len(ids)) for j in range(i + 1, len(ids))]
    return float(np.mean(pct)), len(ids)
