# %% [markdown]
# # Lesson 7 — negative sampling: k noise words per pair, from a flattened unigram
#
#     P_n(w) = count(w)^0.75 / Σ_w' count(w')^0.75                  (Mikolov et al. 2013)
#     L      = −log σ(u_o·v_c) − Σ_{i=1..k} log σ(−u_{n_i}·v_c),      n_i ~ P_n,  k = 5
#
# Lesson 5 replaced the softmax over V words by k + 1 yes/no questions; this lesson is about the
# "no" side: which words are asked about. Raising counts to 0.75 takes probability from the
# frequent words and gives it to rare ones. Drawing millions of them fast needs a sampler:
# Walker's alias method gives one draw per uniform number u with two tables of length V:
#
#     x = u·V,  i = floor(x),  draw i if (x − i) < prob[i], else alias[i]
#
# (The yes/no classifier is best when σ(u_o·v_c) = P(o|c) / (P(o|c) + k·P_n(o)), i.e.
# u_o·v_c = log(P(o|c) / P_n(o)) − log k: lesson 15 derives and measures that.)

# %%
import numpy as np
from lesson_utils import check, check_range, either, exercise, load_corpus, parse, plt, predict, reveal, save, section

from skipgram_np import negatives

args = parse("Lesson 7: negative sampling's noise distribution and the alias sampler")
c = load_corpus(args, max_tokens=150_000 if args.quick else None)
words, counts = c.vocab.words, c.vocab.counts
print(f"{len(c.ids):,} tokens, V = {len(words):,}")

# %% [markdown]
# ### Predict
# "the" is about one token in fifteen of the text. What share of all negative draws will be
# "the", with P_n ∝ count^0.75, in %?

# %%
guess = None          # ← your prediction, in %, e.g. 5
predict("the as negative", "What share (%) of the negatives drawn from P_n are 'the'?", guess)

# %% [markdown]
# ## 1. Unigram against unigram^0.75

# %%
section("1. Unigram vs unigram^0.75")
p1 = counts / counts.sum()
p75 = negatives.noise_distribution(counts, 0.75)
reveal("the as negative", 100 * p75[0], "{:.2f}")
print(f"'the' is {p1[0]:.2%} of the text but {p75[0]:.2%} of the negatives: the power 0.75 shrinks a count of "
      f"{counts[0]:,} to {counts[0] ** 0.75:,.0f} and a count of {counts[-1]} to {counts[-1] ** 0.75:.1f}, so "
      f"frequent words lose share ({p75[0] / p1[0]:.2f}×) and rare ones gain ({p75[-1] / p1[-1]:.2f}×)")
for i in [0, 1, 2, 10, 100, 1000, len(words) - 1]:
    print(f"{words[i]!r:>14}  unigram {p1[i]:.6f}   ^0.75 {p75[i]:.6f}   x{p75[i] / p1[i]:6.2f}")
gains = int(np.sum(p75 > p1))
print(f"{gains:,} of {len(words):,} words are drawn more often than their frequency; the top "
      f"{len(words) - gains:,} less often")
check(args, "P_n('the') / f('the')", p75[0] / p1[0], full=(0.269, 0.005), quick=(0.347, 0.005))
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(6, 4))
ax.loglog(np.arange(1, len(p1) + 1), p1, label="unigram f(w)")
ax.loglog(np.arange(1, len(p1) + 1), p75, label="P_n(w) ∝ count(w)^0.75")
ax.set(xlabel="rank", ylabel="probability", title="The noise distribution is flatter")
ax.legend()
save(fig, args, "07_noise_distribution.png")

# %% [markdown]
# ## 2. The alias sampler
# Build the tables once (Vose's construction), then draw: the observed frequencies should match
# P_n up to sampling noise. A word's noise (one σ) is sqrt(P_n (1 − P_n) / draws); among V words
# the largest deviation is a few σ (about sqrt(2 ln V) for V independent draws of noise).

# %%
section("2. The sampler (Walker's alias method)")
sampler = negatives.NegativeSampler(counts)
print(f"tables: prob {sampler.prob.nbytes / 1e3:.0f} kB + alias {sampler.alias.nbytes / 1e3:.0f} kB "
      f"(word2vec.c's table: 10^8 ids, 400 MB)")
draws = sampler.sample(200_000, 5, np.random.default_rng(0))
observed = np.bincount(draws.ravel(), minlength=len(words)) / draws.size
worst = np.abs(observed - p75).max()
sigma = np.sqrt(p75 * (1 - p75) / draws.size)        # each word's sampling noise
z = np.abs(observed - p75) / sigma
print(f"{draws.size:,} draws; largest |observed − P_n| = {worst:.5f} "
      f"(sampling noise of the top word: {sigma[0]:.5f})")
print(f"in each word's own σ: largest deviation {z.max():.1f} σ, where {len(words):,} words lead one to "
      f"expect about sqrt(2 ln V) = {np.sqrt(2 * np.log(len(words))):.1f} σ, give or take 1–2 σ from seed "
      f"to seed: "
      + either(z.max() < np.sqrt(2 * np.log(len(words))) + 1.5, "sampling noise, as it should be",
               "more than noise explains"))
print(f"top word {words[0]!r}: observed {observed[0]:.4f}, P_n {p75[0]:.4f}")
check_range(args, "largest |observed − P_n|", worst, full=(0, 0.001), quick=(0, 0.001), fmt="{:.5f}")

# %% [markdown]
# ## 3. Negatives for one pair

# %%
section("3. Negatives for one pair")
word = "france" if "france" in c.vocab.index else words[50]
print(f"positive pair: ({word!r}, one of its context words); its k = 5 negatives:",
      ", ".join(words[i] for i in sampler.sample(1, 5, np.random.default_rng(3))[0]))
print("Training raises σ(u_o·v_c) for the context word and lowers σ(u_n·v_c) for these five.")

# %% [markdown]
# ## Exercise
# Build the alias tables yourself. First by hand: for p = (0.5, 0.3, 0.2), scaled = (1.5, 0.9, 0.6);
# fill the three columns (which word tops up column 2? what is left of word 0 afterwards, and on
# which list does it go back?). Several tables are valid for the same P_n; the checker checks the
# distribution yours draws from.

# %%
exercise("07", "alias_table(p)")

# %% [markdown]
# ## Try next
# - Draw with exponent 1.0 and 0.0 instead of 0.75: which words dominate the negatives?
# - Lesson 8 writes the loss with these negatives and derives its gradients.
