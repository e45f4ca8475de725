"""Lesson 5 — negative sampling: k "noise" words per pair, drawn from a flattened unigram.

    P_n(w) = count(w)^0.75 / Σ_w' count(w')^0.75

You will see: how the 0.75 power takes probability from the frequent words and gives it to rare
ones, the alias-method sampler's draws matching P_n, and the negatives drawn for one word.
Why it matters: instead of a softmax over 22k words, each pair updates 1 + k output rows.
"""
import numpy as np
from lesson_utils import load_corpus, parse, plt, save, section

from skipgram_np import negatives

args = parse(__doc__)
c = load_corpus(args)
words, counts = c.vocab.words, c.vocab.counts

section("1. Unigram vs unigram^0.75")
p1 = counts / counts.sum()
p75 = negatives.noise_distribution(counts, 0.75)
for i in [0, 1, 2, 10, 100, 1000, len(words) - 1]:
    print(f"{words[i]!r:>14}  unigram {p1[i]:.6f}   ^0.75 {p75[i]:.6f}   x{p75[i] / p1[i]:6.2f}")
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(6, 4))
ax.loglog(np.arange(1, len(p1) + 1), p1, label="unigram f(w)")
ax.loglog(np.arange(1, len(p1) + 1), p75, label="P_n(w) ∝ f(w)^0.75")
ax.set(xlabel="rank", ylabel="probability", title="The noise distribution is flatter")
ax.legend()
save(fig, args, "05_noise_distribution.png")

section("2. The sampler (Walker's alias method)")
sampler = negatives.NegativeSampler(counts)
draws = sampler.sample(200_000, 5, np.random.default_rng(0))
observed = np.bincount(draws.ravel(), minlength=len(words)) / draws.size
print(f"{draws.size:,} draws; largest |observed − P_n| = {np.abs(observed - p75).max():.5f}")
print(f"top word {words[0]!r}: observed {observed[0]:.4f}, P_n {p75[0]:.4f}")

section("3. Negatives for one pair")
word = "france" if "france" in c.vocab.index else words[50]
print(f"positive pair: ({word!r}, its context word); negatives:",
      ", ".join(words[i] for i in sampler.sample(1, 5, np.random.default_rng(3))[0]))
print("The model learns to score the true context high and these low.")
print("\nNext: lesson 6 writes that as a loss and derives its gradients.")
