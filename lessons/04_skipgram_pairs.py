# %% [markdown]
# # Lesson 4 — skip-gram pairs: each word predicts the words around it
#
#     pairs = { (w_i, w_{i+j}) : 1 ≤ |j| ≤ window, 0 ≤ i + j < n }        window = 3
#     |pairs| = Σ_{j=1..window} 2·(n − j)  ≈  2·window·n                  (for one sequence of n)
#
# The centre w_i is the input (its row v_c of W_in); the context w_{i+j} is the word to predict
# (its row u_o of W_out). Words that share many contexts get similar updates, and so similar
# vectors (lessons 9–13 look at that). You will see the pairs of a real sentence, how many
# pairs one epoch holds (and a picture of the window sliding over one epoch's text), and
# word2vec's random window shrinking, which samples near words more often than far ones.

# %%
import numpy as np
from lesson_utils import check, exercise, load_corpus, parse, plt, predict, reveal, save, section

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
#
# ### Predict
# The reference trains with window 3: each word predicts up to 6 neighbours. How many (centre,
# context) pairs does one epoch hold, in millions?

# %%
guess = None          # ← your prediction, in millions of pairs, e.g. 10
predict("pairs per epoch", f"How many pairs (millions) does one epoch of these {len(c.ids):,} tokens hold, "
        f"window 3?", guess)

# %%
section("2. One epoch")
keep = subsample.keep_prob(c.vocab.counts, 1e-5)
kept, starts = subsample.subsample(c.ids, c.line_starts, keep, np.random.default_rng(0))
n = pairs.count_pairs(len(kept), 3)
reveal("pairs per epoch", n / 1e6, "{:.3f}")
print(f"6 pairs per token would give {pairs.count_pairs(len(c.ids), 3) / 1e6:.2f} M; pairs are taken after "
      f"subsampling (lesson 3), which kept {len(kept):,} of the {len(c.ids):,} tokens ({len(kept) / len(c.ids):.1%}): "
      f"{n:,} pairs with window 3 ({n / len(kept):.2f} per kept token; "
      f"{pairs.count_pairs(len(kept), 3, starts):,} if windows stopped at paragraph ends). A kept word's "
      f"window reaches 3 *kept* words each side, so it spans more of the original text.")
check(args, "pairs per epoch (millions)", n / 1e6, full=(3.380, 0.005), quick=(0.107, 0.002))

# %% [markdown]
# The window over this epoch's text. Top: a passage as the corpus has it, each word's keep
# probability and this epoch's draw (struck out: dropped). Below: the words that were kept, in
# order, and the window (3 each side) around three consecutive centres; the small numbers say how
# many words of the original text were dropped between two kept ones.

# %%
mask = np.random.default_rng(0).random(len(c.ids)) < keep[c.ids]    # the same draw as subsample() above
assert mask.sum() == len(kept)
kept_at = np.flatnonzero(mask)                                       # kept token -> its position in c.ids
start = c.line_starts[1]
span = np.arange(start, start + 16)
first = int(np.searchsorted(kept_at, start))                         # the passage's first kept word
seg = kept_at[max(0, first - 3):max(0, first - 3) + 9]               # 9 kept words: 3 centres, full windows
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(13, 4.4))


def box(x, y, word, colour, grey=False, note=None):
    ax.add_patch(pyplot.Rectangle((x, y), 0.95, 0.8, color=colour))
    ax.text(x + 0.47, y + (0.5 if note else 0.4), word, ha="center", va="center", fontsize=8,
            color="#999999" if grey else "k")
    if note:
        ax.text(x + 0.47, y + 0.13, note, ha="center", va="center", fontsize=6.5, color="#666666")
    if grey:
        ax.plot([x + 0.1, x + 0.85], [y + 0.5, y + 0.5], color="#999999", lw=1)


for k, pos in enumerate(span):                                      # the passage and the draw
    box(k, 4, words[c.ids[pos]], "#d9e8f5" if mask[pos] else "#eeeeee", grey=not mask[pos],
        note=f"keep {keep[c.ids[pos]]:.2f}")
for r in range(3):                                                  # the window over the kept words
    centre, y = 3 + r, 2.6 - 1.1 * r
    for k, pos in enumerate(seg):
        j = k - centre
        box(k * 1.6, y, words[c.ids[pos]], "#f4a582" if j == 0 else "#92c5de" if abs(j) <= 3 else "#f7f7f7")
        if k:                                                       # positions of the text in between
            ax.text(k * 1.6 - 0.33, y + 0.4, f"{pos - seg[k - 1] - 1}", ha="center", va="center", fontsize=6.5,
                    color="#666666")
    ax.text(len(seg) * 1.6 + 0.1, y + 0.4, f"centre {words[c.ids[seg[centre]]]}: {2 * 3} pairs, spanning "
            f"{seg[centre + 3] - seg[centre - 3]} positions of the text", va="center", fontsize=8)
ax.set(xlim=(0, max(len(span), len(seg) * 1.6 + 6)), ylim=(0.2, 4.9), xticks=[], yticks=[],
       title=f"This epoch's draw kept {mask[span].sum()} of these {len(span)} words (top). Below: the window, 3 "
             f"kept words each side (blue),\naround three centres (orange); small numbers: words dropped in between")
for side in ax.spines.values():
    side.set_visible(False)
save(fig, args, "04_window.png")

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
# Write `window_pairs(ids, window)`: every (centre, context) pair of one sequence. First on paper:
# how many pairs do 5 words give with window 2, and which pair is counted for both (a, b) and (b, a)?

# %%
exercise("04", "window_pairs(ids, window)")

# %% [markdown]
# ## Try next
# - Count the pairs with `line_starts` given (windows stop at paragraph ends): how many are lost?
# - Lesson 5 asks what the model should do with a pair: predict the context among all V words.
