"""Checks for exercise 16, worst_for_wordsim (lesson 16, one knob at a time): the answer is one of
four changes to the quality preset; the checker trains the preset on a slice of WikiText-2 with
seeds 0, 1, 2 (the noise band) and each change with seed 0 (one thread per run, two runs side by
side: the same numbers every time, ~10-20 s on 2 cores) and passes when the answer is the change
with the lowest WordSim-353 ρ. The right answer clears the band, and the runner-up, by several
times the band's width: a prediction decided by a clear effect, not by the seed."""
import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from checking import Mismatch, call, exercise, number_of

NUMBER = number_of(__file__)          # the exercise's number: its file name's
CANDIDATES = {"negatives": 1, "window": 1, "subsample": 0.0, "ns_exponent": 1.0}
SAID = {"negatives": "k = 1", "window": "window 1", "subsample": "no subsampling", "ns_exponent": "α = 1"}
TOKENS, EPOCHS, SEEDS = 400_000, 3, (0, 1, 2)      # the slice, the preset's epochs on it, the band's seeds


def reference_worst_for_wordsim():
    """What ``--reference`` checks: a window of one word each side."""
    return {"window": 1}


def slice_config(change: dict, seed: int):
    """The preset on the slice (one thread, so that a seed gives the same numbers every time)."""
    from skipgram_np.config import PRESETS, Config
    cfg = replace(Config(**PRESETS["quality"]), max_tokens=TOKENS, epochs=EPOCHS, threads=1, seed=seed)
    if change.get("window") is not None:
        change = {**change, "shrink_window": False}     # window 1: the immediate neighbours, always
    return replace(cfg, **change).validate()


@functools.lru_cache(maxsize=1)
def _corpus_and_scorer():
    from skipgram_np import data, prepare
    from skipgram_np.config import Config
    from skipgram_np.evaluate import QualityScorer
    try:
        corpus = prepare.load_corpus(Config(max_tokens=TOKENS), data_dir=os.environ.get("SKIPGRAM_NP_DATA_DIR"),
                                     progress=False, log=lambda *a: None)
        files = data.eval_files(eval_dir=os.environ.get("SKIPGRAM_NP_EVAL_DIR"), progress=False,
                                log=lambda *a: None)
    except data.DataError as exc:
        raise Mismatch(f"cannot train the check's runs: {getattr(exc, 'headline', exc)} "
                       f"(set SKIPGRAM_NP_DATA_DIR and SKIPGRAM_NP_EVAL_DIR as for the lessons)") from None
    return corpus, QualityScorer(corpus.vocab.words, files["analogies"], files["similarities"])


def _rho(job) -> float:
    from skipgram_np.trainer import Trainer
    corpus, scorer = _corpus_and_scorer()
    knob, seed = job
    trainer = Trainer(slice_config({knob: CANDIDATES[knob]} if knob else {}, seed), corpus)
    for _ in range(EPOCHS):
        trainer.run_epoch()
    return float(scorer.score(trainer.W_in)["wordsim"])


@functools.lru_cache(maxsize=1)
def measured() -> dict:
    """{None: [ρ of the preset, seeds 0, 1, 2], knob: ρ with that change, seed 0}: seven runs, two at
    a time (the kernels release the GIL; each run has its own tables and generator)."""
    _corpus_and_scorer()                                     # load once, before the threads start
    jobs = [("subsample", 0), ("ns_exponent", 0), *[(None, s) for s in SEEDS], ("negatives", 0), ("window", 0)]
    with ThreadPoolExecutor(max_workers=2) as pool:                   # (the longest runs first)
        rhos = dict(zip(jobs, pool.map(_rho, jobs)))
    return {None: [rhos[(None, s)] for s in SEEDS], **{knob: rhos[(knob, 0)] for knob in CANDIDATES}}


def _why(knob: str) -> str:
    """Why each change lowers ρ as much as it does (the check's numbers say by how much)."""
    return {
        "window": "with one word each side, a word's contexts are its immediate neighbours (often the, of, a); "
                  "WordSim-353's ratings follow topical relatedness (cup – coffee, doctor – nurse), which "
                  "wider windows capture (Levy et al. 2015)",
        "negatives": "k = 1 raises every score's optimum by log 5 (lesson 15: PMI − log k) and pushes each pair "
                     "away from one noise word instead of five; the contexts, which make two words related, "
                     "are unchanged",
        "subsample": "without subsampling the frequent words (the, of, and) take a far larger share of the pairs "
                     "and of the time; the window still holds each word's topical neighbours",
        "ns_exponent": "raw frequencies draw the negatives more often from the, of, and, and rare words are "
                       "seldom pushed away; the positive pairs are unchanged",
    }[knob]


@exercise(NUMBER, "worst_for_wordsim", reference_worst_for_wordsim)
def check_worst_for_wordsim(fn, module=None) -> str:
    answer = call(fn)
    options = ", ".join(f"{{{k!r}: {v!r}}}" for k, v in CANDIDATES.items())
    if not isinstance(answer, dict) or len(answer) != 1:
        raise Mismatch(f"worst_for_wordsim() should return one change, {{field: value}}, one of {options}; "
                       f"got {answer!r}")
    (knob, value), = answer.items()
    if knob not in CANDIDATES:
        raise Mismatch(f"{knob!r} is not one of the four changes: {options}")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != CANDIDATES[knob]:
        raise Mismatch(f"{knob} = {value!r} is not the change offered: {knob} = {CANDIDATES[knob]!r}")
    rho = measured()
    band = rho[None]
    lo, hi = min(band), max(band)
    width = max(hi - lo, 1e-3)
    order = sorted(CANDIDATES, key=lambda k: rho[k])
    worst, runner_up = order[0], order[1]
    table = "; ".join(f"{SAID[k]} {rho[k]:.3f}" for k in order)
    said = (f"on the first {TOKENS:,} tokens ({EPOCHS} epochs of the preset, one thread per run): the preset's "
            f"ρ over seeds {', '.join(map(str, SEEDS))} spans {lo:.3f}–{hi:.3f} (the noise band, {hi - lo:.3f} "
            f"wide); with one change, seed 0: {table}")
    if knob != worst:
        raise Mismatch(f"{said}. {SAID[knob]} gave {rho[knob]:.3f} "
                       + ("(inside the band: no measurable harm)" if lo <= rho[knob] <= hi else
                          f"({(lo - rho[knob]) / width:.1f} band widths below it)" if rho[knob] < lo else
                          "(above the band)")
                       + f", not the lowest\n    hint: {_why(knob)}; compare {SAID[worst]}, "
                       f"{(lo - rho[worst]) / width:.1f} band widths below the band")
    return (f"{said}. {SAID[knob]} is lowest, {(lo - rho[knob]) / width:.1f} band widths below the band and "
            f"{(rho[runner_up] - rho[knob]) / width:.1f} below the runner-up ({SAID[runner_up]}): {_why(knob)}")
