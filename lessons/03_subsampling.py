# %% [markdown]
# # Lesson 3 — subsampling: drop most occurrences of very frequent words, every epoch anew
#
#     f(w)         = count(w) / Σ_w' count(w')
#     P_discard(w) = max(0, 1 − sqrt(t / f(w)))          t = 1e-5   (Mikolov et al. 2013, eq. 5)
#     keep_prob(w) = 1 − P_discard(w) = min(1, sqrt(t / f(w)))
#     E[kept tokens] = Σ_w count(w) · keep_prob(w)
#
# "the" next to "king" teaches little; dropping most "the"s moves informative words into each
# other's windows and makes every epoch shorter. Each occurrence is dropped independently, with a
# fresh draw every epoch. You will see the keep probability of frequent words, a plot of
# P_discard against frequency, and one epoch's draw against its expectation.

# %%
import numpy as np
from lesson_utils import check, exercise, load_corpus, parse, plt, predict, reveal, save, section

from skipgram_np import subsample

args = parse("Lesson 3: subsampling frequent words")
c = load_corpus(args, max_tokens=150_000 if args.quick else None)
t = 1e-5
print(f"{len(c.ids):,} tokens, {len(c.vocab):,} words, t = {t:g}")

# %% [markdown]
# ### Predict
# "the" is the most frequent word: about one token in fifteen. With t = 1e-5, what share of its
# occurrences does one epoch keep, in %?

# %%
guess = None          # ← your prediction, in %, e.g. 50
predict("the kept", "What share (%) of the occurrences of 'the' does one epoch keep?", guess)

# %% [markdown]
# ## 1. Keep probabilities

# %%
section("1. Keep probabilities")
keep = subsample.keep_prob(c.vocab.counts, t)
f = c.vocab.freqs
for i in list(range(6)) + [100, 1000, 5000]:
    if i < len(c.vocab):
        print(f"{c.vocab.words[i]!r:>12}  f = {f[i]:.5f}   P_discard = {1 - keep[i]:.4f}   keeps {keep[i]:7.2%}")
print(f"words with f(w) <= t are always kept: {np.sum(keep == 1):,} of {len(c.vocab):,}")
the = c.vocab.index["the"]
reveal("the kept", 100 * keep[the], "{:.2f}")
print(f"f('the') = {f[the]:.4f} is {f[the] / t:,.0f} times t, so keep = sqrt(t / f) = 1 / sqrt({f[the] / t:,.0f}) = "
      f"{keep[the]:.4f}: one 'the' in {1 / keep[the]:.0f} survives; a word is always kept only when f(w) ≤ t, "
      f"i.e. seen at most {t * c.vocab.total:.0f} times in these {c.vocab.total:,} tokens")
check(args, "'the' keeps (%)", 100 * keep[the], full=(1.22, 0.01), quick=(1.16, 0.01), fmt="{:.2f}")

# %% [markdown]
# ## 2. P_discard against frequency
# Ours (t = 1e-5, the paper's formula) against gensim's default t = 1e-3.

# %%
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

# %% [markdown]
# ## 3. One epoch's draw
# The kept count is a sum of independent coin flips, so it should land within a few standard
# deviations sd = sqrt(Σ_w count(w) · keep(w) · (1 − keep(w))) of its expectation.

# %%
section("3. One epoch's draw")
expected = subsample.expected_kept(c.vocab.counts, t)
kept, _ = subsample.subsample(c.ids, c.line_starts, keep, np.random.default_rng(0))
print(f"expected kept {expected:,.0f} of {len(c.ids):,} ({expected / len(c.ids):.1%}); this draw kept {len(kept):,}")
print(f"'the': {np.sum(c.ids == the):,} occurrences -> {np.sum(kept == the):,} kept")
sd = np.sqrt(np.sum(c.vocab.counts * keep * (1 - keep)))
z = (len(kept) - expected) / sd
print(f"difference from the expectation: {z:+.2f} standard deviations")
check(args, "kept share of the tokens (%)", 100 * expected / len(c.ids), full=(23.6, 0.1),
      quick=(13.1, 0.1), fmt="{:.1f}")
check(args, "draw − expectation (standard deviations)", z, full=(0, 4), quick=(0, 4), fmt="{:+.2f}")

# %% [markdown]
# ## Exercise
# Write `keep_prob(counts, t)` yourself; the checker compares it with the package's on random
# counts and names the first wrong entry. First on paper: for counts (90, 9, 1) and t = 0.01, what
# are f(w) and keep(w), and which word is always kept?

# %%
exercise("03", "keep_prob(counts, t)")

# %% [markdown]
# ## Try next
# - Set t = 1e-3 (gensim's default) and compare the kept share; which words are then never dropped?
# - Lesson 4 turns the kept words into (centre, context) pairs.
