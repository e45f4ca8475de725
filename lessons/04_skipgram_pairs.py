# %% [markdown]
# # Lesson 4 — skip-gram pairs: each word predicts the words around it
#
#     pairs = { (w_i, w_{i+j}) : 1 ≤ |j| ≤ window, 0 ≤ i + j < n }        window = 3
#     |pairs| = Σ_{j=1..window} 2·(n − j)  ≈  2·window·n                  (for one sequence of n)
#
# The centre w_i is the input (its row v_c of W_in); the context w_{i+j} is the word to predict
# (its row u_o of W_out). Words that share many contexts get similar updates, and so similar
# vectors (lessons 9–13 look at that). You will see
# the pairs of a real sentence, how many pairs one epoch holds, and word2vec's random window
# shrinking, which samples near words more often than far ones.

# %%
import numpy as np
from lesson_utils import check, exercise, load_corpus, parse, section

from skipgram_np import pairs, subsample

args = parse("Lesson 4: skip-gram pairs")
c = load_corpus(args, max_tokens=150_000 if args.quick else None)
words = c.vocab.words

# %% [markdown]
# ## 1. The pairs of one sentence (window 2)

# %%
section("1. The pairs of one sentence (window 2)")
sentence = c.ids[c.line_starts[1]:c.line_starts[1] + 7]
print("sentence:", " ".join(words[i] for i in sentence))
centers, contexts = pairs.window_pairs(sentence, window=2)
at_c, at_o = pairs.window_pairs(np.arange(len(sentence)), window=2)     # the same, as positions
for pos, ctr in enumerate(sentence):
    print(f"  {words[ctr]:>12} -> " + ", ".join(words[sentence[o]] for o in at_o[at_c == pos]))
print(f"{len(centers)} pairs from {len(sentence)} words; the formula gives "
      f"{pairs.count_pairs(len(sentence), 2)} (words near the ends have fewer neighbours)")
check(args, "pairs of 7 words, window 2", len(centers), full=(22, 0), quick=(22, 0), fmt="{:d}")

# %% [markdown]
# ## 2. One epoch
# Pairs are taken after subsampling (lesson 3), so an epoch has about 2·window pairs per *kept* token.

# %%
section("2. One epoch")
keep = subsample.keep_prob(c.vocab.counts, 1e-5)
kept, starts = subsample.subsample(c.ids, c.line_starts, keep, np.random.default_rng(0))
n = pairs.count_pairs(len(kept), 3)
print(f"{len(kept):,} tokens kept after subsampling -> {n:,} pairs with window 3 "
      f"({n / len(kept):.2f} per kept token; {pairs.count_pairs(len(kept), 3, starts):,} if windows "
      f"stopped at paragraph ends)")
check(args, "pairs per epoch (millions)", n / 1e6, full=(3.380, 0.005), quick=(0.107, 0.002))

# %% [markdown]
# ## 3. Random window shrinking (word2vec's option, off by default here)
# Each centre draws b uniformly from 1..window and uses only |j| ≤ b, so distance d is used with
# probability (window − d + 1) / window (1, 2/3, 1/3 for window 3). Of all pairs made, distance d
# is then the share (window − d + 1) / (1 + 2 + … + window): 3/6, 2/6, 1/6 for window 3.

# %%
section("3. Random window shrinking")
c2, o2 = pairs.window_pairs(np.arange(30000) % 997, window=3, shrink_rng=np.random.default_rng(1))
dist = np.abs(((o2.astype(int) - c2.astype(int)) + 498) % 997 - 498)
share = np.bincount(dist, minlength=4)[1:] / len(dist)
for d, s in enumerate(share, 1):
    print(f"distance {d}: {s:.1%} of the pairs   (fixed window: 33.3 %; shrinking expects {(4 - d) / 6:.1%})")
check(args, "share of distance-1 pairs with shrinking (%)", 100 * share[0], full=(50.0, 1.0),
      quick=(50.0, 1.0), fmt="{:.1f}")

# %% [markdown]
# ## Exercise
# Write `window_pairs(ids, window)`: every (centre, context) pair of one sequence.

# %%
exercise("04", "window_pairs(ids, window)")

# %% [markdown]
# ## Try next
# - Count the pairs with `line_starts` given (windows stop at paragraph ends): how many are lost?
# - Lesson 5 asks what the model should do with a pair: predict the context among all V words.
