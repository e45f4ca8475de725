"""Lesson 2 — the vocabulary: count every word, keep the ones seen at least 5 times.

You will see: the most frequent words, Zipf's law (a word's frequency falls like 1/rank — a
straight line on log-log axes), and what the min-count cut removes.
Why it matters: rare words get too few updates to learn anything; cutting them shrinks the
tables from ~33k to ~22k rows while keeping 99 % of the text.
"""
from collections import Counter

import numpy as np
from lesson_utils import load_corpus, parse, plt, save, section, wikitext_lines

from skipgram_np import corpus
from skipgram_np.vocab import build_vocab

args = parse(__doc__)

section("1. Count")
lines = wikitext_lines(args)
tokens, _ = corpus.tokenize(lines[: 3000 if args.quick else None])
counts = Counter(tokens)
print(f"{len(tokens):,} tokens, {len(counts):,} distinct words")
print("most frequent:", ", ".join(f"{w} {c:,}" for w, c in counts.most_common(12)))

section("2. Zipf's law: count(rank) ≈ C / rank^s")
freq = np.array(sorted(counts.values(), reverse=True), dtype=float)
rank = np.arange(1, len(freq) + 1)
s, logC = np.polyfit(np.log(rank[:5000]), np.log(freq[:5000]), 1)
print(f"fitted on the top 5,000 words: slope {s:.2f} (Zipf's law says about −1)")
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(6, 4))
ax.loglog(rank, freq, ".", ms=2, label="words")
ax.loglog(rank, np.exp(logC) * rank ** s, "r-", lw=1, label=f"fit: slope {s:.2f}")
ax.axhline(5, color="gray", ls="--", lw=1, label="min count = 5")
ax.set(xlabel="rank", ylabel="count", title="Zipf's law in WikiText-2")
ax.legend()
save(fig, args, "02_zipf.png")

section("3. The min-count cut")
for m in (1, 2, 5, 10, 20):
    kept = {w: c for w, c in counts.items() if c >= m}
    print(f"min count {m:>2}: {len(kept):>6,} words kept, covering {sum(kept.values()) / len(tokens):6.2%} of the tokens")
vocab = build_vocab(tokens, min_count=5)
print(f"\nvocab.py numbers words by count, ties by the word: id 0 = {vocab.words[0]!r}, "
      f"id 1 = {vocab.words[1]!r}, ... id {len(vocab) - 1} = {vocab.words[-1]!r}")

section("4. The real corpus, as training sees it")
c = load_corpus(args)
print(f"{c.raw_tokens:,} tokens -> {len(c.ids):,} in a vocabulary of {len(c.vocab):,} words "
      f"(ids stored as {c.ids.dtype}, {c.ids.nbytes / 1e6:.1f} MB)")
if not args.quick:
    print("Expected: 2,416,775 tokens -> 2,389,674 in a vocabulary of 22,080 words.")
print("\nNext: lesson 3 drops frequent words at random (subsampling).")
