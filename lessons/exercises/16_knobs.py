"""Exercise for lesson 16 — predict which knob raises the analogy score, then test it.

Read lesson 16's table (run the lesson, or open figures/lessons/13_knobs/table.md: the committed
full run), fill in the function below, then check it:   python lessons/check.py 16

The checker trains the quality preset twice on a slice of WikiText-2 — as it is, and with your
change — and passes when your change raises the Google analogy accuracy. It needs the corpus and
the evaluation sets, found as the lessons find them ($SKIPGRAM_NP_DATA_DIR, $SKIPGRAM_NP_EVAL_DIR).
"""


def better_analogies():
    """The one change to the quality preset (skipgram_np.config.PRESETS["quality"]) that you
    predict raises the Google analogy accuracy, as {Config field: new value}, e.g. {"window": 2}.

    The knobs of the lesson's table: window (int), shrink_window (bool), subsample (float, 0 = off),
    negatives (int), ns_exponent (float), dim (int), epochs (int), optimizer ("adam" or "sgd").
    """
    raise NotImplementedError("fill in better_analogies")
