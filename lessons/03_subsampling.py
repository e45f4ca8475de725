"""Lesson 3 — subsampling: throw away most occurrences of very frequent words, every epoch anew.

    P_discard(w) = max(0, 1 − sqrt(t / f(w)))        t = 1e-5,  f(w) = count(w) / total

You will see: the keep probability of the most frequent words ("the" keeps about 1 %), a plot of
P_discard against frequency, and one epoch's actual draw compared with the expectation.
Why it matters: "the" next to "king" teaches little; dropping it moves informative words closer
together and makes each epoch ~4x shorter.
"""
import numpy as np
from lesson_utils import load_corpus, parse, plt, save, section

from skipgram_np import subsample

args = parse(__doc__)
c = load_corpus(args)
t = 1e-5

section("1. Keep probabilities")
keep = subsample.keep_prob(c.vocab.counts, t)
f = c.vocab.freqs
for i in list(range(6)) + [100, 1000, 5000]:
    if i < len(c.vocab):
        print(f"{c.vocab.words[i]!r:>12}  f = {f[i]:.5f}   P_discard = {1 - keep[i]:.4f}   keeps {keep[i]:7.2%}")
print(f"words with f(w) <= t are always kept: {np.sum(keep == 1):,} of {len(c.vocab):,}")

section("2. P_discard against frequency")
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(6, 4))
grid = np.logspace(-7, -1, 200)
ax.semilogx(f, 1 - keep, "o", ms=5, color="#bbbbbb", label="this corpus's words", zorder=1)
ax.semilogx(grid, np.maximum(0, 1 - np.sqrt(t / grid)), lw=1.5, label="t = 1e-5 (ours)", zorder=2)
ax.semilogx(grid, np.maximum(0, 1 - np.sqrt(1e-3 / grid)), lw=1.5, label="t = 1e-3 (gensim's default)", zorder=2)
ax.set(xlabel="f(w)", ylabel="P_discard(w)", title="Subsampling throws away frequent words")
ax.legend()
save(fig, args, "03_subsampling.png")

section("3. One epoch's draw")
expected = subsample.expected_kept(c.vocab.counts, t)
kept, _ = subsample.subsample(c.ids, c.line_starts, keep, np.random.default_rng(0))
print(f"expected kept {expected:,.0f} of {len(c.ids):,} ({expected / len(c.ids):.1%}); this draw kept {len(kept):,}")
the = c.vocab.index["the"]
print(f"'the': {np.sum(c.ids == the):,} occurrences -> {np.sum(kept == the):,} kept")
sd = np.sqrt(np.sum(c.vocab.counts * keep * (1 - keep)))
print(f"difference from the expectation: {(len(kept) - expected) / sd:+.2f} standard deviations")
print("\nNext: lesson 4 turns the kept words into (centre, context) pairs.")
