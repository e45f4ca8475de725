# %% [markdown]
# # Lesson 2 — the vocabulary: count every word, keep the ones seen at least 5 times
#
#     count(w) = occurrences of w in the cleaned text
#     V        = { w : count(w) ≥ min_count }            min_count = 5
#     f(w)     = count(w) / Σ_{w' ∈ V} count(w')          (the frequency later lessons use)
#     Zipf:  count(rank r) ≈ C / r^s  with s ≈ 1  — a straight line of slope −s on log-log axes
#
# Rare words get too few updates to learn anything, and each costs two rows of d numbers. Because
# of Zipf's law the rare words are many but each is seen seldom, so a cut removes far more words
# than tokens; section 3 measures how many of each. (WikiText-2 has already replaced words seen
# fewer than 3 times in the original articles with `<unk>`, so here the cut removes fewer words
# than it would on raw text.) You will see the most frequent words, Zipf's law fitted, and what
# each cut keeps.

# %%
from collections import Counter

import numpy as np
from lesson_utils import check, load_corpus, parse, plt, predict, reveal, save, section, wikitext_lines

from skipgram_np import corpus
from skipgram_np.vocab import build_vocab

args = parse("Lesson 2: the vocabulary, Zipf's law and the min-count cut")
LINES = 3000 if args.quick else None          # quick: the first 3,000 lines only

# %% [markdown]
# ## 1. Count

# %%
section("1. Count")
tokens, _ = corpus.tokenize(wikitext_lines(args)[:LINES])
counts = Counter(tokens)
print(f"{len(tokens):,} tokens, {len(counts):,} distinct words")
print("most frequent:", ", ".join(f"{w} {c:,}" for w, c in counts.most_common(12)))

# %% [markdown]
# ## 2. Zipf's law
# Fit a line to log count against log rank over the 5,000 most frequent words (in quick mode at most
# half of the distinct words, when that is fewer).

# %%
section("2. Zipf's law: count(rank) ≈ C / rank^s")
freq = np.array(sorted(counts.values(), reverse=True), dtype=float)
rank = np.arange(1, len(freq) + 1)
top = min(5000, len(freq) // 2)
slope, logC = np.polyfit(np.log(rank[:top]), np.log(freq[:top]), 1)
print(f"fitted on the top {top:,} words: slope {slope:.2f}, i.e. s = {-slope:.2f}")
check(args, "Zipf slope", slope, full=(-0.96, 0.05), quick=(-0.98, 0.05), fmt="{:.2f}")
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(6, 4))
ax.loglog(rank, freq, ".", ms=2, label="words")
ax.loglog(rank, np.exp(logC) * rank ** slope, "r-", lw=1, label=f"fit: slope {slope:.2f}")
ax.axhline(5, color="gray", ls="--", lw=1, label="min count = 5")
ax.set(xlabel="rank r", ylabel="count(r)", title="Zipf's law in WikiText-2")
ax.legend()
save(fig, args, "02_zipf.png")

# %% [markdown]
# ## 3. The min-count cut
#
# ### Predict
# Min count 5 drops every word seen fewer than 5 times. What share of the *text* (of all tokens)
# goes with them, in %?

# %%
guess = None          # ← your prediction, in % of the tokens, e.g. 20
predict("text dropped", "What share of the tokens (%) does the min-count-5 cut remove?", guess)

# %%
section("3. The min-count cut")
for m in (1, 2, 5, 10, 20):
    kept = {w: c for w, c in counts.items() if c >= m}
    print(f"min count {m:>2}: {len(kept):>6,} words kept ({len(kept) / len(counts):6.1%}), "
          f"covering {sum(kept.values()) / len(tokens):6.2%} of the tokens")
vocab = build_vocab(tokens, min_count=5)
covered = vocab.total / len(tokens)
print(f"\nvocab.py numbers words by count, ties by the word: id 0 = {vocab.words[0]!r}, "
      f"id 1 = {vocab.words[1]!r}, ... id {len(vocab) - 1} = {vocab.words[-1]!r}")
print(f"min count 5 keeps {len(vocab) / len(counts):.1%} of the distinct words and {covered:.2%} "
      f"of the text")
reveal("text dropped", 100 * (1 - covered), "{:.2f}")
print(f"it drops {1 - len(vocab) / len(counts):.1%} of the distinct words but only {1 - covered:.2%} of the "
      f"tokens: Zipf's law (section 2) makes the rare words many, and each of them seldom seen")
check(args, "share of the text kept by min count 5", 100 * covered, full=(98.88, 0.01),
      quick=(90.26, 0.01), fmt="{:.2f}")

# %% [markdown]
# ## 4. The corpus as training sees it
# `prepare.load_corpus` does all of the above and stores the text as one int32 array of word ids
# (words outside the vocabulary removed), cached after its first build.

# %%
section("4. The corpus, as training sees it")
c = load_corpus(args, max_tokens=len(tokens) if args.quick else None)
print(f"{c.raw_tokens:,} tokens -> {len(c.ids):,} ids in a vocabulary of {len(c.vocab):,} words "
      f"(stored as {c.ids.dtype}, {c.ids.nbytes / 1e6:.1f} MB)")
check(args, "vocabulary size", len(c.vocab), full=(22_080, 0), quick=(3_849, 0), fmt="{:,}")

# %% [markdown]
# ## Try next
# - Fit Zipf's slope on ranks 1–100 and on ranks 1,000–10,000 separately: is it one line?
# - Lesson 3 throws away most occurrences of the most frequent words.
