# %% [markdown]
# # Lesson 17 — relations as offsets: is "male → female" one direction, and where does the analogy land?
#
#     â            = a / |a|                                              (only directions count)
#     offset       o_i = â_i − b̂_i                                        (one pair's "male − female")
#     consistency  = mean_{i<j} cos(o_i, o_j)                             (do a relation's pairs agree?)
#     tip          T = â − b̂ + ĉ                                          (king − man + woman)
#     3CosAdd      = argmax_{w ∉ {a,b,c}} cos(w, T)  = the unit word nearest T,  since
#                    |T − ŵ|² = |T|² + 1 − 2|T|·cos(w, T)
#
# "king − man + woman ≈ queen" says that a relation (male → female) is roughly one direction in
# the space. This lesson measures that in a run: how consistent the offsets of a relation's pairs
# are (gender, capital of, past tense, plural) against random pairs, and the plane the analogy
# lives in, at the untrained epoch 0 and after training. (skipgram_np/directions.py; the page's
# Analogy view draws the same plane. Lesson 18 turns offsets into axes that order words.)

# %%
import numpy as np
from lesson_utils import (check, check_range, either, exercise, load_corpus, parse, plt, predict,
                          reveal, save, section)

from skipgram_np import directions as D
from skipgram_np import training
from skipgram_np.config import PAGE_WORDS, Config
from skipgram_np.embeddings import unit_rows
from skipgram_np.probes import AXES_PRESETS
from skipgram_np.runs import load_run

args = parse("Lesson 17: relations as offsets, and the plane of an analogy")
TOKENS, EPOCHS = (1_000_000, 3) if args.quick else (None, 10)

# %% [markdown]
# ## 1. A toy first: four words whose directions we chose
# Three dimensions: the first says "female", the second "royal", the third is the same for every
# word (a constant part, as real vectors have: lesson 9 shows all words leaning one way). In
# these raw coordinates king − man + woman = (1, 1, 1) = queen exactly. But 3CosAdd works on
# unit rows â = a / |a|, and the four rows have different lengths.
#
# ### Predict
# After every row is scaled to length 1, how far is the tip T = k̂ing − m̂an + ŵoman from
# q̂ueen? (0 would mean the analogy still lands exactly on queen; two unit vectors are at most 2
# apart.)

# %%
guess = None          # ← your prediction: a distance, e.g. 0 or 0.5
predict("toy tip", "How far is the tip of king − man + woman from queen once every row has length 1?", guess)

# %%
section("1. A toy: man, woman, king, queen in 3 dimensions")
toy_words = ["man", "woman", "king", "queen", "table"]
toy = np.array([[0.1, 0.1, 1.0], [1.0, 0.1, 1.0], [0.1, 1.0, 1.0], [1.0, 1.0, 1.0], [0.2, -0.5, 0.3]])
raw_miss = float(np.linalg.norm(toy[2] - toy[0] + toy[1] - toy[3]))
toy_unit = unit_rows(toy)
plane = D.analogy_plane(toy_unit, 2, 0, 1, {"queen": 3})  # king − man + woman
unit_miss = plane.tip_distance["queen"]
print("lengths of the raw rows: " + ", ".join(f"{w} {n:.2f}" for w, n in zip(toy_words, np.linalg.norm(toy, axis=1))))
print("the plane of king − man + woman: "
      + ", ".join(f"{k} ({x:+.2f}, {y:+.2f})" for k, (x, y) in plane.points.items()))


def landing(distance: float, off_plane: float) -> str:
    """Where the tip lands, in words chosen by the distance (tests/test_lessons.py reads it)."""
    if distance < 5e-4:
        return "the tip lands exactly on queen"
    return (f"the tip misses queen: queen is {distance:.3f} from the tip, {off_plane:.3f} of it out of "
            f"the plane")


reveal("toy tip", unit_miss, "{:.3f}", close=0.05)
print(f"raw rows: king − man + woman is {raw_miss:.3f} from queen. Unit rows: "
      f"{landing(unit_miss, plane.off_plane['queen'])}. "
      f"Scaling divides man's row by {np.linalg.norm(toy[0]):.2f} and queen's by {np.linalg.norm(toy[3]):.2f}: "
      f"the shared third coordinate, the same in every raw row, "
      f"{either(unit_miss >= 5e-4, 'no longer cancels', 'still cancels')} in â − b̂ + ĉ.")
toy_tip = toy_unit[2] - toy_unit[0] + toy_unit[1]
to_tip = {w: float(np.linalg.norm(toy_unit[i] - toy_tip)) for i, w in enumerate(toy_words) if i in (3, 4)}
nearest_toy = min(to_tip, key=to_tip.get)
print(f"the nearest candidate to the tip (king, man and woman excluded): {nearest_toy} "
      f"({to_tip[nearest_toy]:.3f}; " + ", ".join(f"{w} {x:.3f}" for w, x in to_tip.items() if w != nearest_toy)
      + "): 3CosAdd asks for the *nearest* word, not for an exact hit")

# %% [markdown]
# ## 2. A run with checkpoints, and the page's words
# The default settings (quick: a slice of the text, 3 epochs). Offsets are tested among the 5,000
# most frequent words, the words the explorer page holds, so the numbers below are the page's.

# %%
c = load_corpus(args, max_tokens=TOKENS)
cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, checkpoints=(0, EPOCHS) if args.quick else None,
             seed=0).validate()
run = f"{args.runs}/17_directions"
section(f"2. A run on {len(c.ids):,} tokens, checkpoints at epochs {cfg.checkpoint_epochs}")
training.train(cfg, c, run, overwrite=True, progress=False, json_words=100, word2vec="none",
               log=lambda *a: None, control=False)
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
# ## 4. The plane an analogy lives in
# king − man + woman: with the origin at man, x along king − man, y the part of woman − man at right
# angles to it, man, king, woman and the tip T lie on one plane and T closes the parallelogram
# exactly; queen is drawn where it projects, and its distance from T is measured in all dimensions.
# The word nearest the tip is the 3CosAdd answer; queen's rank says how many words are nearer.

# %%
section("4. king − man + woman on the plane of its offsets")
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
                             f"epoch {last})")
          + f". Even in the toy, where the raw rows closed it exactly, the unit tip missed queen by {unit_miss:.3f}.")
    check_range(args, f"queen's rank at epoch {first} (noise)", planes[first][2], full=(20, n), quick=(20, n),
                fmt="{:d}")
check(args, "toy: tip to queen on unit rows", unit_miss, full=(0.211, 0.001), quick=(0.211, 0.001))

# %%
pyplot = plt()
fig, axes = pyplot.subplots(1, 2, figsize=(9, 4.2))
for ax, e in zip(axes, (first, last)):
    if e in planes:
        P = planes[e][0].points
        for (p, q_), col, ls in ((("B", "A"), "C0", "-"), (("B", "C"), "C1", "-"), (("A", "tip"), "C1", "--"),
                                 (("C", "tip"), "C0", "--"), (("tip", "queen"), "C2", ":")):
            ax.plot(*zip(P[p], P[q_]), color=col, ls=ls)
        for key, w in (("A", "king"), ("B", "man"), ("C", "woman"), ("queen", "queen"), ("tip", "tip")):
            ax.scatter(*P[key], s=14, color="k")
            ax.annotate(w, P[key], xytext=(3, 3), textcoords="offset points", fontsize=8)
        ax.set(aspect="equal", title=f"king − man + woman, epoch {e}: queen no. {planes[e][2]:,}")
save(fig, args, "17_directions.png")

# %% [markdown]
# ## Exercise
# Write the places of a, b, c, the tip and d on the plane of a − b + c. Derive first: with the
# origin at b̂ and e₁ along â − b̂, why does the tip land at the sum of â's and ĉ's places?

# %%
exercise("17", "analogy_coordinates(W, a, b, c, d)")

# %% [markdown]
# ## Try next
# - The explorer page's Analogy view draws section 4 for any question, at every epoch.
# - Try paris − france + germany and walked − walk + swim: which relation of section 3 is the
#   most consistent, and does its analogy land nearer its answer?
# - Lesson 18 makes an axis of a relation's offsets and reads words' places on it.
