# %% [markdown]
# # Lesson 14 — directions of meaning: axes made of words, and what they can and cannot show
#
#     d(A, B)     = mean_{a∈A} â − mean_{b∈B} b̂, scaled to length 1           (an axis: he − she)
#     x(w)        = cos(w, d) = ŵ · d                                         (a word's place on it)
#     consistency = mean_{i<j} cos(o_i, o_j),   o_i = â_i − b̂_i               (do a relation's pairs agree?)
#     s(w)        = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b)              (closer to A or to B?)
#     WEAT        = (mean_{x∈X} s(x) − mean_{y∈Y} s(y)) / std_{w∈X∪Y} s(w)   (an effect size)
#
# "king − man + woman ≈ queen" says that a relation (male → female) is roughly one direction in the
# space. This lesson measures such directions in this run: how consistent the offsets of a relation's
# pairs are (gender, capital of, past tense, plural) against random pairs, where words fall on an axis
# made of words, a bias test in the style of WEAT (Caliskan, Bryson & Narayanan, 2017), and the plane
# an analogy lives in. Every claim is set against the untrained epoch 0, where any axis still orders
# words: noise does that too. (skipgram_np/directions.py; the page's Axes and Analogy views show
# the same.)

# %%
from math import comb

import numpy as np
from lesson_utils import check, check_range, either, exercise, load_corpus, parse, plt, save, section

from skipgram_np import directions as D
from skipgram_np import train
from skipgram_np.config import PAGE_WORDS, Config
from skipgram_np.embeddings import unit_rows
from skipgram_np.probes import AXES_PRESETS
from skipgram_np.runs import load_run

args = parse("Lesson 14: directions of meaning")
TOKENS, EPOCHS = (1_000_000, 3) if args.quick else (None, 10)

# %% [markdown]
# ## 1. A toy first: four words whose directions we chose
# Three dimensions: the first says "female", the second "royal", the third is noise. The axis
# woman − man is the first dimension; king − man + woman lands exactly on queen, and the four
# points make a parallelogram on the plane of the two offsets.

# %%
section("1. A toy: man, woman, king, queen in 3 dimensions")
toy_words = ["man", "woman", "king", "queen", "table"]
toy = np.array([[0.1, 0.1, 1.0], [1.0, 0.1, 1.0], [0.1, 1.0, 1.0], [1.0, 1.0, 1.0], [0.2, -0.5, 0.3]])
toy_unit = unit_rows(toy)
axis = D.direction(toy_unit, [1], [0])                 # woman − man
coords = D.project(toy_unit, axis)
print("coordinates on woman − man: " + ", ".join(f"{w} {x:+.2f}" for w, x in zip(toy_words, coords)))
plane = D.analogy_plane(toy_unit, 2, 0, 1, {"queen": 3})  # king − man + woman
print("the plane of king − man + woman: " + ", ".join(f"{k} ({x:+.2f}, {y:+.2f})" for k, (x, y) in plane.points.items())
      + f"; queen is {plane.tip_distance['queen']:.3f} from the tip, "
      + f"{plane.off_plane['queen']:.3f} of it out of the plane")

# %% [markdown]
# ## 2. A run with checkpoints, and the page's words
# The default settings (quick: a slice of the text, 3 epochs). Axes are made and tested among the
# 5,000 most frequent words, the words the explorer page holds, so the numbers below are the page's.

# %%
c = load_corpus(args, max_tokens=TOKENS)
cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, checkpoints=(0, EPOCHS) if args.quick else None,
             seed=0).validate()
run = f"{args.runs}/14_directions"
section(f"2. A run on {len(c.ids):,} tokens, checkpoints at epochs {cfg.checkpoint_epochs}")
train.train(cfg, c, run, overwrite=True, progress=False, json_words=100, word2vec="none",
            log=lambda *a: None)
ckpts = load_run(run)
epochs = sorted(ckpts)
first, last = epochs[0], epochs[-1]
n = min(PAGE_WORDS, len(c.vocab))
words = c.vocab.words[:n]
index = {w: i for i, w in enumerate(words)}
units = {e: unit_rows(ckpts[e].W_in[:n]) for e in epochs}
print(f"{len(c.vocab):,} words in the vocabulary; the {n:,} most frequent are used below")

# %% [markdown]
# ## 3. Relations as offsets: do the pairs agree?
# For pairs (he, she), (man, woman), (king, queen), … each offset o_i = â_i − b̂_i is one pair's
# "male − female". If the relation is a direction, the offsets point the same way: their mean
# cosine (the consistency) is high. Random word pairs give some consistency too, so it is set against
# 20,000 sets of as many random pairs: *beyond chance* means above every one of them, which noise does
# once in 20,001. Held out: each pair against the axis made from the others (noise: about half point
# its way).

# %%
section("3. Consistency of each relation's offsets, against 20,000 sets of random pairs")
tests = {}
for name, preset in AXES_PRESETS.items():
    pos, neg = D.resolve(preset["x"], index)
    if len(pos) < 2:
        print(f"{preset['x']['label']:>18}: fewer than 2 of its pairs in this vocabulary")
        continue
    label = preset["x"]["label"]
    tests[label] = {e: D.AxisTest.of(units[e], pos, neg) for e in epochs}
    print(f"{label:>18} ({len(pos)} pairs): " + "   ".join(
        f"e{e}: {t.consistency:+.3f} vs ≤ {t.chance_max:+.3f}{' ★' if t.beyond else '  '} "
        f"held out {t.held_out_right}/{t.n}" for e, t in tests[label].items()))
beyond = {e: [k for k, t in tests.items() if t[e].beyond] for e in epochs}
print(f"beyond chance: {len(beyond[first])} of {len(tests)} relations at epoch {first}, {len(beyond[last])} at "
      f"epoch {last}" + (f" ({', '.join(beyond[last])})" if beyond[last] else "") + ". "
      + either(not beyond[first], "The untrained table earns no badge.",
               "The untrained table earned one: noise does, once in 20,001 tries."))
check_range(args, f"relations beyond chance at epoch {first}", len(beyond[first]), full=(0, 0), quick=(0, 0),
            fmt="{:d}")
check_range(args, f"relations beyond chance at epoch {last}", len(beyond[last]), full=(2, 4), quick=(0, 4),
            fmt="{:d}")

# %% [markdown]
# ## 4. A word's place on an axis
# The occupations on he − she (the axis made of the 13 gender pairs): which fall nearest he, which
# nearest she. A raw cosine cannot be compared across epochs (lesson 11), so each place is also given
# as a percentile among the 5,000 words' places on the same axis, and set beside epoch 0.

# %%
section("4. Occupations on he − she")
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
gender = tests.get("he − she", {}).get(last)
print(f"the order at epoch {last} against the order at epoch {first} (Spearman): {rho:+.2f}. The untrained axis "
      f"ordered them too; the axis itself is {either(gender is not None and gender.beyond, 'beyond', 'within')} "
      f"chance at epoch {last} (section 3).")

# %% [markdown]
# ## 5. A bias test in the style of WEAT
# Target words X and Y (occupations that Bolukbasi et al., 2016 and labour statistics find mostly
# held by men, and mostly by women), attribute words A (he, him, man, …) and B (she, her, woman, …).
# s(w) says how much closer w is to A than to B; the effect size compares X with Y in units of the
# spread of s; the p-value is the share of all equal splits of X ∪ Y that differ at least as much.
# Rare occupations are many here, so this uses the whole vocabulary, not only the page's words.

# %%
section("5. WEAT: occupations against he/she words")
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

# %% [markdown]
# ## 6. The plane an analogy lives in
# king − man + woman: with the origin at man, x along king − man, y the part of woman − man at right
# angles to it, man, king, woman and the tip T lie on one plane and T closes the parallelogram
# exactly; queen is drawn where it projects, and its distance from T is measured in all dimensions.
# Since |T − ŵ|² = |T|² + 1 − 2|T| cos(w, T), the word nearest the tip is the 3CosAdd answer.

# %%
section("6. king − man + woman on the plane of its offsets")
planes = {}
if all(w in index for w in ("king", "man", "woman", "queen")):
    a, b, c_, d = (index[w] for w in ("king", "man", "woman", "queen"))
    for e in epochs:
        tip = units[e][a] - units[e][b] + units[e][c_]
        dist = np.linalg.norm(units[e] - tip, axis=1)
        dist[[a, b, c_]] = np.inf
        planes[e] = (D.analogy_plane(units[e], a, b, c_, {"queen": d}), words[int(np.argmin(dist))],
                     1 + int(np.sum(dist < dist[d])))
        p, nearest, r = planes[e]
        print(f"epoch {e:>2}: |king − man| {p.points['A'][0]:.3f}; tip → queen {p.tip_distance['queen']:.3f} "
              f"({p.off_plane['queen']:.3f} of it off the plane); nearest to the tip: {nearest}; queen no. {r:,}")
    closed = [e for e in epochs if planes[e][2] == 1]
    d0, d1 = (planes[e][0].tip_distance["queen"] for e in (first, last))
    print(f"from epoch {first} to {last} the tip's distance to queen {either(d1 < d0, 'fell', 'rose')} from {d0:.3f} "
          f"to {d1:.3f}; " + (f"the parallelogram closes on queen at epoch {', '.join(map(str, closed))}" if closed else
                             f"it never closes on queen among these {n:,} words (no. {planes[last][2]:,} at "
                             f"epoch {last})"))
    check_range(args, f"queen's rank at epoch {first} (noise)", planes[first][2], full=(20, n), quick=(20, n),
                fmt="{:d}")

# %%
pyplot = plt()
fig, axes = pyplot.subplots(1, 3, figsize=(13, 4.2))
if len(shown) > 2:
    x0, x1 = [place[first][w][0] for w in shown], [place[last][w][0] for w in shown]
    axes[0].scatter(x0, x1, s=10)
    for w, u, v in zip(shown, x0, x1):
        axes[0].annotate(w, (u, v), fontsize=6.5, xytext=(2, 2), textcoords="offset points")
    axes[0].axhline(0, color="#ccc", lw=0.8)
    axes[0].axvline(0, color="#ccc", lw=0.8)
    axes[0].set(xlabel=f"cos with he − she at epoch {first}", ylabel=f"at epoch {last}",
                title="occupations on he − she")
for ax, e in zip(axes[1:], (first, last)):
    if e in planes:
        P = planes[e][0].points
        for (p, q_), col, ls in ((("B", "A"), "C0", "-"), (("B", "C"), "C1", "-"), (("A", "tip"), "C1", "--"),
                                 (("C", "tip"), "C0", "--"), (("tip", "queen"), "C2", ":")):
            ax.plot(*zip(P[p], P[q_]), color=col, ls=ls)
        for key, w in (("A", "king"), ("B", "man"), ("C", "woman"), ("queen", "queen"), ("tip", "tip")):
            ax.scatter(*P[key], s=14, color="k")
            ax.annotate(w, P[key], xytext=(3, 3), textcoords="offset points", fontsize=8)
        ax.set(aspect="equal", title=f"king − man + woman, epoch {e}: queen no. {planes[e][2]:,}")
save(fig, args, "14_directions.png")

# %% [markdown]
# ## Exercise
# Write a word's coordinate on an axis made of two word lists, and the places of a, b, c, the tip and
# d on the plane of a − b + c.

# %%
exercise("14", "project(W, pos, neg, words) and analogy_coordinates(W, a, b, c, d)")

# %% [markdown]
# ## Try next
# - The explorer page's Axes view: type your own axes (good − bad, city − village) and watch the
#   words at every epoch; its Analogy view draws section 6 for any question.
# - Change section 5's word lists, or use `--vectors out`-style W_out rows (`ckpts[e].W_out`):
#   how stable is the effect size? Lesson 11's percentiles explain why the cosines move.
# - Debiasing (Bolukbasi et al., 2016) removes the he − she direction from every vector: try it with
#   `D.orthogonal_part(units[e], axis)` and measure section 5 again.
