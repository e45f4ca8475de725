"""Checks for exercise 16, better_analogies (lesson 16, one knob at a time): the answer is one knob
of the lesson's table with a valid value; then the preset is trained on a slice of WikiText-2 with
and without the change (one thread and a fixed seed, so every check gives the same numbers) and
the change must raise the Google analogy accuracy by at least MARGIN."""
import functools
import os
from dataclasses import replace

from checking import Mismatch, call, exercise, number_of

NUMBER = number_of(__file__)          # the exercise's number: its file name's

KNOBS = {"window": int, "shrink_window": bool, "subsample": float, "negatives": int, "ns_exponent": float,
         "dim": int, "epochs": int, "optimizer": str}
TYPE_NAMES = {int: "an integer", float: "a number", bool: "True or False", str: "a string"}
TOKENS, EPOCHS, SEED = 400_000, 3, 0      # the slice: its first 400,000 tokens, the preset for 3 epochs
MARGIN = 0.003                             # 0.3 points: a few questions more, not a tie


def reference_better_analogies():
    """What ``--reference`` checks: half as many epochs again (the table's longer "epochs" row)."""
    from skipgram_np.config import PRESETS
    return {"epochs": 3 * PRESETS["quality"]["epochs"] // 2}


def slice_config(change: dict):
    """The preset on the slice, with ``change``; epochs scale with the preset's (an answer of 1.5
    times the preset's epochs trains round(1.5 · EPOCHS) here)."""
    from skipgram_np.config import PRESETS, Config
    preset = Config(**PRESETS["quality"])
    cfg = replace(preset, max_tokens=TOKENS, epochs=EPOCHS, threads=1, seed=SEED)
    change = dict(change)
    if "epochs" in change:
        change["epochs"] = max(1, round(EPOCHS * change["epochs"] / preset.epochs))
    if change.get("optimizer", preset.optimizer) != preset.optimizer:
        change["lr"] = None                # the other optimizer's own default rate
    return replace(cfg, **change).validate()


@functools.lru_cache(maxsize=16)
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


@functools.lru_cache(maxsize=16)
def analogies_of(items: tuple) -> float:
    """The analogy accuracy of W_in after training the slice with the change ``items``."""
    from skipgram_np.train import Trainer
    corpus, scorer = _corpus_and_scorer()
    cfg = slice_config(dict(items))
    trainer = Trainer(cfg, corpus)
    for _ in range(cfg.epochs):
        trainer.run_epoch()
    return scorer.score(trainer.W_in)["analogies"]


def _hint(knob, value, preset) -> str:
    """Why the usual wrong predictions lower the score."""
    old = getattr(preset, knob)
    if knob == "optimizer":
        return "word2vec's SGD learns less per epoch than Adam here: see the table's optimizer row and lesson 11"
    if knob == "shrink_window":
        return ("shrinking the window drops the far pairs: fewer pairs, and the table shows what that does "
                "to the analogies")
    if knob == "ns_exponent":
        return "α = 0.75 is the smoothing Levy et al. (2015) recommend; the table's exponent rows move away from it"
    if isinstance(old, (int, float)) and value < old and knob in ("dim", "negatives", "epochs", "window"):
        return {"dim": "fewer dimensions hold fewer relations: see the table's d 50 row",
                "negatives": "fewer negative samples: see the table's k 1 row",
                "epochs": "fewer passes over the text: see the table's epochs rows",
                "window": "a narrower window sees fewer contexts of each word: see the table's window 2 "
                          "and 5 rows"}[knob]
    if knob == "subsample" and 0 < value < old:
        return "a smaller t drops more of the text: see the table's t 1e-05 row"
    if knob in ("dim", "negatives") and value > old:
        return ("its row in the table is within the seed-to-seed spread at over twice the time, and more "
                "parameters or negatives need more text than a slice to pay")
    return ("look for the table's row with the largest rise in analogies (Δ points) that is more than "
            "the seed-to-seed spread")


@exercise(NUMBER, "better_analogies", reference_better_analogies)
def check_better_analogies(fn, module=None) -> str:
    from skipgram_np.config import PRESETS, Config
    answer = call(fn)
    if not isinstance(answer, dict) or not answer:
        raise Mismatch(f"better_analogies() should return a dict {{field: value}}, got {answer!r}")
    if len(answer) != 1:
        raise Mismatch(f"better_analogies() returned {len(answer)} changes, {answer}\n    hint: one knob at a "
                       f"time: the table changes one setting of the preset per row")
    (knob, value), = answer.items()
    if knob not in KNOBS:
        raise Mismatch(f"{knob!r} is not one of the lesson's knobs: {', '.join(KNOBS)}")
    kind = KNOBS[knob]
    if not isinstance(value, kind) and not (kind is float and isinstance(value, int) and not isinstance(value, bool)):
        raise Mismatch(f"{knob} takes {TYPE_NAMES[kind]}, got {value!r}")
    preset = Config(**PRESETS["quality"])
    if value == getattr(preset, knob):
        raise Mismatch(f"{knob} = {value!r} is the preset's own setting: that changes nothing")
    try:
        slice_config({knob: value})
    except ValueError as exc:
        raise Mismatch(f"{knob} = {value!r} is not a valid setting: {exc}") from None
    before, after = analogies_of(()), analogies_of(((knob, value),))
    said = (f"on the first {TOKENS:,} tokens ({EPOCHS} epochs of the preset, one thread, seed {SEED}), "
            f"{knob} = {value!r} took the analogies from {before:.2%} to {after:.2%}")
    if after < before + MARGIN:
        raise Mismatch(f"{said}: not a rise of at least {MARGIN:.1%}\n    hint: {_hint(knob, value, preset)}")
    return said
