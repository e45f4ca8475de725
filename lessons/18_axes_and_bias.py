# %% [markdown]
# # Lesson 18 — axes made of words, a bias test, and what noise alone does to both
#
#     d(A, B)  = mean_{a∈A} â − mean_{b∈B} b̂, scaled to length 1             (an axis: he − she)
#     x(w)     = cos(w, d) = ŵ · d                                           (a word's place on it)
#     s(w)     = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b)                  (closer to A or to B?)
#     WEAT     = (mean_{x∈X} s(x) − mean_{y∈Y} s(y)) / std_{w∈X∪Y} s(w)     (an effect size)
#
# Lesson 17 found that a relation's offsets (he − she, man − woman, …) can agree on a direction.
# Made into an axis, that direction orders every word: here the occupations on he − she, and a bias
# test in the style of WEAT (Caliskan, Bryson & Narayanan, 2017). Any axis orders words, noise too,
# so every number is set beside the untrained epoch 0. (skipgram_np/directions.py; the page's Axes
# view shows the same.)

# %%
from math import comb

import numpy as np
from lesson_utils import check, either, exercise, load_corpus, parse, plt, predict, reveal, save, section

from skipgram_np import directions as D
from skipgram_np import training
from skipgram_np.config import PAGE_WORDS, Config
from skipgram_np.embeddings import unit_rows
from skipgram_np.probes import AXES_PRESETS
from skipgram_np.runs import load_run

args = parse("Lesson 18: axes made of words and a bias test")
TOKENS, EPOCHS = (1_000_000, 3) if args.quick else (None, 10)

# %% [markdown]
# ## 1. A run with checkpoints, and the page's words
# The default settings (quick: a slice of the text, 3 epochs), checkpoints at epoch 0 (untrained)
# and the last. Axes are made among the 5,000 most frequent words, the words the explorer page holds.

# %%
c = load_corpus(args, max_tokens=TOKENS)
cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, checkpoints=(0, EPOCHS), seed=0).validate()
run = f"{args.runs}/18_axes"
section(f"1. A run on {len(c.ids):,} tokens, checkpoints at epochs {cfg.checkpoint_epochs}")
training.train(cfg, c, run, overwrite=True, progress=False, json_words=100, word2vec="none",
               log=lambda *a: None, control=False)
ckpts = load_run(run)
first, last = sorted(ckpts)[0], sorted(ckpts)[-1]
n = min(PAGE_WORDS, len(c.vocab))
index = {w: i for i, w in enumerate(c.vocab.words[:n])}
units = {e: unit_rows(ckpts[e].W_in[:n]) for e in (first, last)}
print(f"{len(c.vocab):,} words in the vocabulary; the {n:,} most frequent are used for the axes")

# %% [markdown]
# ## 2. A word's place on an axis
# The occupations on he − she (the axis made of the gender pairs of lesson 17): which fall nearest
# he, which nearest she. A raw cosine cannot be compared across epochs (lesson 13), so each place is
# also given as a percentile among the 5,000 words' places on the same axis, and set beside epoch 0.
# Whether the axis itself is more than noise is lesson 17's consistency test, repeated here.

# %%
section("2. Occupations on he − she")
occ = AXES_PRESETS["occupations"]
pos, neg = D.resolve(occ["x"], index)
shown = [w for w in occ["words"] if w in index]
place = {}
for e in (first, last):
    coord = D.project(units[e], D.direction(units[e], pos, neg))
    place[e] = {w: (coord[index[w]], D.percentile(coord, coord[index[w]])) for w in shown}
    order = sorted(shown, key=lambda w: -place[e][w][0])

    def say(ws, e=e):
        return ", ".join(f"{w} {place[e][w][0]:+.2f} ({place[e][w][1]:.0f} %)" for w in ws)
    print(f"epoch {e:>2}: nearest he: {say(order[:4])} | nearest she: {say(order[::-1][:4])}")
ranks = [np.argsort(np.argsort([place[e][w][0] for w in shown])) for e in (first, last)]
rho = float(np.corrcoef(*ranks)[0, 1]) if len(shown) > 2 else 0.0
gender = D.AxisTest.of(units[last], pos, neg) if len(pos) >= 2 else None
print(f"the order at epoch {last} against the order at epoch {first} (Spearman): {rho:+.2f}. The untrained axis "
      f"ordered them too; the axis itself is {either(gender is not None and gender.beyond, 'beyond', 'within')} "
      f"chance at epoch {last} (lesson 17's test"
      + (f": consistency {gender.consistency:+.3f} against ≤ {gender.chance_max:+.3f} for random pairs)"
         if gender else ")"))

# %% [markdown]
# ## 3. A bias test in the style of WEAT
# Target words X and Y (occupations that Bolukbasi et al., 2016 and labour statistics find mostly
# held by men, and mostly by women), attribute words A (he, him, man, …) and B (she, her, woman, …).
# s(w) says how much closer w is to A than to B; the effect size compares X with Y in units of the
# spread of s; the p-value is the share of all equal splits of X ∪ Y that differ at least as much.
# Rare occupations are many here, so this uses the whole vocabulary, not only the page's words.
#
# ### Predict
# Before any training (epoch 0: random rows, no word related to another), what effect size will
# the test give for the same X, Y, A and B? (The effect sizes published for trained vectors run
# from about 1 to 2.)

# %%
guess = None          # ← your prediction: an effect size, e.g. 0 or 1.0
predict("weat at epoch 0", "The WEAT effect size of the untrained (epoch 0) table?", guess)

# %%
section("3. WEAT: occupations against he/she words")
full = {e: unit_rows(ckpts[e].W_in) for e in (first, last)}
vocab = c.vocab.index


def found(ws):
    return [w for w in ws if w in vocab]


X = found(["captain", "architect", "warrior", "philosopher", "engineer", "carpenter", "soldier", "commander"])
Y = found(["nurse", "designer", "housekeeper", "stylist", "teacher", "dancer", "maid", "governess"])
A = found(["he", "him", "his", "himself", "man", "men", "boy", "father", "son", "brother"])
B = found(["she", "her", "hers", "herself", "woman", "women", "girl", "mother", "daughter", "sister"])
k = min(len(X), len(Y))
X, Y = X[:k], Y[:k]
counts = {w: int(c.vocab.counts[vocab[w]]) for w in X + Y}
print(f"X ({k}): " + ", ".join(f"{w} {counts[w]}×" for w in X))
print(f"Y ({k}): " + ", ".join(f"{w} {counts[w]}×" for w in Y))
ids = {s: [vocab[w] for w in ws] for s, ws in (("X", X), ("Y", Y), ("A", A), ("B", B))}
weat = {e: D.weat(full[e], ids["X"], ids["Y"], ids["A"], ids["B"]) for e in (first, last)} if k >= 2 else {}
rng = np.random.default_rng(0)
null = {}
for e, w in weat.items():
    s_all = D.association(full[e], np.arange(min(n, len(full[e]))), ids["A"], ids["B"])    # s of the 5,000 words
    draws = np.array([rng.choice(len(s_all), 2 * k, replace=False) for _ in range(2000)])
    sx, sy = s_all[draws[:, :k]], s_all[draws[:, k:]]
    null[e] = (sx.mean(1) - sy.mean(1)) / s_all[draws].std(1, ddof=1)
    lo, hi = np.percentile(null[e], [5, 95])
    print(f"epoch {e:>2}: effect size {w.effect:+.2f}, p = {w.p:.4f} over all {w.splits:,} splits; 2,000 random "
          f"sets of {k} + {k} frequent words: effect 5–95 % {lo:+.2f} … {hi:+.2f}, as large as this one in "
          f"{np.mean(np.abs(null[e]) >= abs(w.effect)):.1%}")
if weat:
    reveal("weat at epoch 0", weat[first].effect, "{:+.2f}", close=0.25)
    rare = [w for w in X + Y if counts[w] < 20]
    he, she = (int(c.vocab.counts[vocab[w]]) for w in ("he", "she"))
    noise_passed = weat[first].p < 0.05
    print(f"What {len(c.ids):,} tokens can show: at epoch {last} the occupations of X sit "
          f"{either(weat[last].effect > 0, 'closer to the he words', 'closer to the she words')} than those of Y "
          f"(effect {weat[last].effect:+.2f}, p = {weat[last].p:.3f}); at epoch {first}, on noise: "
          f"{weat[first].effect:+.2f}, p = {weat[first].p:.3f}"
          + either(noise_passed, " — noise alone passed p < 0.05, so a p-value over so few words proves little.",
                   ".")
          + f" What they cannot: {len(rare)} of the {2 * k} target words are seen fewer than 20 times, so their "
          f"vectors rest on a handful of contexts; the smallest p-value {2 * k} words allow is 1 / "
          f"{comb(2 * k, k):,}; random sets of frequent words reach effect sizes beyond "
          f"±{np.percentile(np.abs(null[last]), 90):.2f} one time in ten; and the text says “he” {he / she:.1f} "
          f"times as often as “she” ({he:,} against {she:,}), so the test measures this text, not the world.")
    check(args, f"WEAT effect size at epoch {first} (noise; the seed fixes it)", weat[first].effect,
          full=(0.73, 0.02), quick=(1.50, 0.02), fmt="{:+.2f}")

# %%
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(5.5, 4.5))
if len(shown) > 2:
    x0, x1 = [place[first][w][0] for w in shown], [place[last][w][0] for w in shown]
    ax.scatter(x0, x1, s=10)
    for w, u, v in zip(shown, x0, x1):
        ax.annotate(w, (u, v), fontsize=6.5, xytext=(2, 2), textcoords="offset points")
    ax.axhline(0, color="#ccc", lw=0.8)
    ax.axvline(0, color="#ccc", lw=0.8)
    ax.set(xlabel=f"cos with he − she at epoch {first} (untrained)", ylabel=f"at epoch {last}",
           title=f"occupations on he − she (Spearman between epochs {rho:+.2f})")
save(fig, args, "18_axes.png")

# %% [markdown]
# ## Exercise
# Write a word's coordinate on an axis made of two word lists. Derive first: why must every row be
# scaled to length 1 before the means are taken (what would one long row do to the axis)?

# %%
exercise("18", "project(W, pos, neg, words)")

# %% [markdown]
# ## Try next
# - The explorer page's Axes view: type your own axes (good − bad, city − village) and watch the
#   words at every epoch.
# - Change section 3's word lists, or use W_out rows (`ckpts[e].W_out`): how stable is the effect
#   size? Lesson 13's percentiles explain why the cosines move.
# - Debiasing (Bolukbasi et al., 2016) removes the he − she direction from every vector: try it with
#   `D.orthogonal_part(units[e], axis)` and measure section 3 again.
