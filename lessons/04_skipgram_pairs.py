"""Lesson 4 — skip-gram pairs: each word predicts the words around it.

    pairs = { (w_i, w_{i+j}) : 1 <= |j| <= window }        window = 3

You will see: the pairs of a real sentence, how many pairs one epoch holds, and word2vec's random
window shrinking, which samples near words more often than far ones.
Why it matters: these pairs are the training examples; words that share many contexts get
similar vectors.
"""
import numpy as np
from lesson_utils import load_corpus, parse, section

from skipgram_np import pairs, subsample

args = parse(__doc__)
c = load_corpus(args)
words = c.vocab.words

section("1. The pairs of one sentence (window 2)")
sentence = c.ids[c.line_starts[1]:c.line_starts[1] + 7]
print("sentence:", " ".join(words[i] for i in sentence))
centers, contexts = pairs.window_pairs(sentence, window=2)
for ctr in dict.fromkeys(centers.tolist()):
    print(f"  {words[ctr]:>12} -> " + ", ".join(words[o] for cc, o in zip(centers, contexts) if cc == ctr))
print(f"{len(centers)} pairs from 7 words: each word pairs with up to 2·window = 4 neighbours")

section("2. One epoch")
keep = subsample.keep_prob(c.vocab.counts, 1e-5)
kept, starts = subsample.subsample(c.ids, c.line_starts, keep, np.random.default_rng(0))
n = pairs.count_pairs(len(kept), 3)
print(f"{len(kept):,} tokens kept after subsampling -> {n:,} pairs with window 3 "
      f"(≈ 6 per token; {pairs.count_pairs(len(kept), 3, starts):,} if windows stop at paragraph ends)")
if not args.quick:
    print("Expected: about 563,700 tokens and 3.38 million pairs.")

section("3. Random window shrinking (word2vec's option)")
c2, o2 = pairs.window_pairs(np.arange(30000) % 997, window=3, shrink_rng=np.random.default_rng(1))
dist = np.abs(((o2.astype(int) - c2.astype(int)) + 498) % 997 - 498)
share = np.bincount(dist, minlength=4)[1:] / len(dist)
for d, s in enumerate(share, 1):
    print(f"distance {d}: {s:.1%} of the pairs   (fixed window: 33.3 %)")
print("Near words count more, as if weighted (window − d + 1) / window. Off by default here.")
print("\nNext: lesson 5 adds the negatives.")
