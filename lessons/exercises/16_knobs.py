"""Exercise for lesson 16 — predict which knob hurts most, then let the checker train it.

Do it before you run lesson 16's sweep (or open figures/lessons/16_knobs/table.md): fill in the
function below, then check it:   python lessons/check.py 16

The checker trains the quality preset on a slice of WikiText-2 three times (seeds 0, 1, 2: the
noise band) and once with each of the four changes below, scores WordSim-353 ρ and passes when your
change is the one that lowers ρ most. It needs the corpus and the evaluation sets, found as the
lessons find them ($SKIPGRAM_NP_DATA_DIR, $SKIPGRAM_NP_EVAL_DIR); about 10-20 s.
"""


def worst_for_wordsim():
    """Which ONE of these changes to the quality preset (skipgram_np.config.PRESETS["quality"])
    lowers the WordSim-353 ρ the most? Return it as {Config field: new value}:

        {"negatives": 1}        one negative per pair instead of 5
        {"window": 1}           only the immediate neighbours (instead of up to 10 each side)
        {"subsample": 0}        no subsampling: every "the" kept
        {"ns_exponent": 1.0}    negatives drawn by raw frequency (no ^0.75 smoothing)
    """
    raise NotImplementedError("fill in worst_for_wordsim")
