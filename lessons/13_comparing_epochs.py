# %% [markdown]
# # Lesson 13 — comparing epochs fairly: a cosine against its epoch's random pairs, and chance against a control
#
#     baseline_e      = { cos_e(x, y) : (x, y) one of 20,000 fixed random word pairs }
#     percentile_e(c) = share of baseline_e below c (in %, ties counted half)
#     rank_e(a → b)   = 1 + #{ w ∉ {a, b} : cos_e(a, w) > cos_e(a, b) }      (1: b is a's nearest)
#
# Early in training every centre vector leans the same way (lesson 9: on the loss plateau the
# score can only depend on the context word), so any two words look similar. As training goes
# on the vectors can spread out, and the cosines of related and unrelated pairs alike shrink
# (section 1 measures it). A raw cosine read across epochs can then say two words drift apart
# when they are in fact getting relatively closer (section 3 counts how often). What stays
# comparable is where a pair stands among the other pairs of the
# same epoch: its percentile among random pairs, and its rank among a word's neighbours
# (skipgram_np.baseline; the explorer page shows the same numbers).
#
# Neither says whether a closeness is *more than chance*. Section 4 answers that the way a
# scientist would: by an experiment. The same training, on the same words in shuffled order (a
# **control**: every word keeps its count, no word keeps its neighbours), read at the same epoch:
#
#     beyond chance  ⇔  cos(w, its r-th nearest) > the control's 99.9th percentile of the r-th
#                        nearest cosine among control words as frequent as w      (skipgram_np.chance)

# %%
import numpy as np
from lesson_utils import check_range, either, load_corpus, parse, plt, predict, reveal, save, section

from skipgram_np import chance, epochs as ep, training
from skipgram_np.baseline import Baseline, rank
from skipgram_np.config import Config
from skipgram_np.runs import chance_levels, embeddings_by_epoch, load_run

args = parse("Lesson 13: comparing epochs fairly")
TOKENS, EPOCHS = (1_000_000, 3) if args.quick else (None, 10)
c = load_corpus(args, max_tokens=TOKENS)
cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, seed=0).validate()
run = f"{args.runs}/13_comparing_epochs"
training.train(cfg, c, run, overwrite=True, progress=False, json_words=100, word2vec="none",
               log=lambda *a: None)                    # and its control beside it (control=True)
embs = embeddings_by_epoch(run)
epochs = sorted(embs)
print(f"{len(c.ids):,} tokens, {EPOCHS} epochs, checkpoints {epochs}")
RELATED = [("king", "queen"), ("man", "woman"), ("france", "germany"), ("january", "february"),
           ("album", "song"), ("army", "soldiers"), ("one", "two")]
CONTROL = [("album", "january")]                        # unrelated: it should not climb much
PAIRS = [(a, b) for a, b in RELATED + CONTROL if a in c.vocab.index and b in c.vocab.index]

# %% [markdown]
# ## 1. Every cosine moves with its epoch's baseline

# %%
section("1. The random-pair baseline of each epoch")
base = {e: Baseline.of(embs[e].unit) for e in epochs}
for e in epochs:
    b = base[e]
    print(f"epoch {e:>2}: random pairs' cosine  mean {b.mean:+.3f}   median {b.quantile(0.5):+.3f}   "
          f"99th percentile {b.quantile(0.99):+.3f}")
peak = max(epochs[1:], key=lambda e: base[e].mean)
print(f"of the saved checkpoints, the random pairs' mean cosine is highest at epoch {peak} "
      f"({base[peak].mean:+.3f}; lesson 9 follows it slice by slice) and is "
      f"{base[epochs[-1]].mean:+.3f} at epoch {epochs[-1]}: "
      + either(base[epochs[-1]].mean < base[peak].mean, "cosines shrink after the first epochs",
               "cosines did not shrink in this run"))
check_range(args, f"random pairs' mean cosine, epoch {epochs[1]} − epoch {epochs[-1]}",
            base[epochs[1]].mean - base[epochs[-1]].mean, full=(0.1, 1.0), quick=(0.1, 1.0))

# %% [markdown]
# ## 2. Raw cosine, percentile and rank, pair by pair

# %%
section("2. Raw cosine | percentile among random pairs | rank of b among a's neighbours")
rows = {}
for a, b in PAIRS:
    ia, ib = c.vocab.index[a], c.vocab.index[b]
    rows[(a, b)] = [(embs[e].similarity(a, b), base[e].percentile(embs[e].similarity(a, b)),
                     rank(embs[e].unit, ia, ib)) for e in epochs]
    print(f"{a + ' · ' + b:>18}  " + "   ".join(f"e{e}: {cos:+.2f} | {pct:5.1f} | {r:>5}"
                                               for e, (cos, pct, r) in zip(epochs, rows[(a, b)])))

# %% [markdown]
# ## 3. What changed between the first trained checkpoint and the last
# The same pairs read three ways. A pair whose raw cosine fell while its percentile *and* its rank
# improved got relatively closer: the raw cosine alone would have said the opposite.
#
# Percentile and rank can disagree. The percentile compares the pair with random pairs of the
# whole vocabulary; the rank compares b with a's other neighbours. When a's neighbourhood fills
# with words even closer to it, b can drop in rank while the
# pair still beats nearly every random pair. A percentile that moves by less than half a point is
# read as unchanged here: near 99.9 % there is no room left to climb.

# %%
section(f"3. From epoch {epochs[1]} to epoch {epochs[-1]}")
e0, e1 = 1, len(epochs) - 1
STEADY = 0.5                                            # percentile points: less is "about the same"


def moved(p0, p1):
    return "about the same" if abs(p1 - p0) < STEADY else either(p1 > p0, "rose", "fell")


fell_but_closer = disagree = 0
related = [(a, b) for a, b in rows if (a, b) not in CONTROL]
for (a, b), r in rows.items():
    (c0, p0, k0), (c1, p1, k1) = r[e0], r[e1]
    if (a, b) in related:
        fell_but_closer += c1 < c0 and p1 - p0 >= STEADY and k1 < k0
        disagree += (p1 - p0 >= STEADY and k1 > k0) or (p0 - p1 >= STEADY and k1 < k0)
    print(f"{a + ' · ' + b:>18}{' (unrelated)' if (a, b) in CONTROL else '':12}: raw cosine "
          f"{either(c1 > c0, 'rose', 'fell')} {c0:+.2f} -> {c1:+.2f}; percentile {moved(p0, p1)} "
          f"{p0:.1f} -> {p1:.1f}; rank {either(k1 < k0, 'improved', either(k1 == k0, 'stayed', 'worsened'))} "
          f"{k0} -> {k1}")
closer_by_rank = sum(rows[p][e1][2] < rows[p][e0][2] for p in related)
print(f"of {len(related)} related pairs: {closer_by_rank} moved closer by rank; {fell_but_closer} lost raw "
      f"cosine while gaining both percentile and rank; for {disagree} percentile and rank disagree")
check_range(args, "related pairs closer by rank", closer_by_rank, full=(4, len(related)),
            quick=(3, len(related)), fmt="{:d}")

# %%
pyplot = plt()
fig, (ax1, ax2, ax3) = pyplot.subplots(1, 3, figsize=(11, 3.6))
for (a, b), r in rows.items():
    cos, pct, rk = zip(*r)
    ax1.plot(epochs, cos, "o-", label=f"{a} · {b}")
    ax2.plot(epochs, pct, "o-")
    ax3.plot(epochs, rk, "o-")
ax1.plot(epochs, [base[e].mean for e in epochs], "k--", lw=1, label="random pairs (mean)")
ax1.set(xlabel="epoch", ylabel="raw cosine", title="raw cosine", xticks=epochs)
ax2.set(xlabel="epoch", ylabel="percentile among random pairs", title="percentile", xticks=epochs)
ax3.set(xlabel="epoch", ylabel="rank of b among a's neighbours", title="rank (log scale)",
        xticks=epochs, yscale="log")
ax3.invert_yaxis()
ax2.legend(*ax1.get_legend_handles_labels(), fontsize=6.5, loc="lower right")   # the emptiest corner
save(fig, args, "13_comparing_epochs.png")

# %% [markdown]
# ### Predict
# The control saw every word as often as the run did, in the same number of pairs, for as many
# epochs — but next to random neighbours. After the last epoch, how close is a frequent word's nearest
# word in the control, compared with the run? Take the median over the 1,000 most frequent words.

# %%
guess = None          # ← your choice: a, b or c
NEAREST = ["about the run's", "clearly below the run's", "clearly above the run's"]
predict("control's nearest", "In the control, the median cosine of a frequent word's nearest word is …", guess,
        choices=NEAREST)

# %% [markdown]
# ## 4. Chance is an experiment: the control
# The run trained its control beside it (`RUN/control/`). For each checkpoint: the median cosine of
# the nearest word of the 1,000 most frequent words, in the run and in the control, and how many of
# the run's ten nearest words beat the control's line (skipgram_np.chance). At epoch 0 the two are
# the same tables; early on every vector leans one way in both.

# %%
section("4. The run against its control, epoch by epoch")
ckpts = load_run(run)
levels = chance_levels(run, ckpts)
top = np.arange(min(1000, len(c.vocab)))
near_run, near_ctl, beyond = {}, {}, {}
for e in epochs:
    near_run[e] = float(np.median(chance.nearest_cosines(embs[e].unit, top)[:, 0]))
    near_ctl[e] = float(np.median(chance.nearest_cosines(levels.controls[e].unit, top)[:, 0]))
    line = levels.neighbours(e)
    beyond[e] = np.mean([v for i in top[:200] for *_, v in
                         ep.neighbours_with_chance(embs[e], embs[e].words[i], 10, chance=line)["neighbours"]])
    print(f"epoch {e:>2}: nearest-word cosine, median  run {near_run[e]:.3f}   control {near_ctl[e]:.3f}   "
          f"the 200 most frequent words' top 10 beyond chance: {beyond[e]:.0%}")
last = epochs[-1]
gap = near_run[last] - near_ctl[last]
reveal("control's nearest", NEAREST[0 if abs(gap) < 0.05 else 1 if gap > 0 else 2])
print(f"at epoch {last} the control's nearest words sit at {near_ctl[last]:.2f}, the run's at {near_run[last]:.2f}: "
      + either(gap > 0.05, "shuffled text teaches each word how often it occurs and where all vectors lean, not "
               "which words share contexts, so only the run's neighbours stand out",
               "in this short run the control is as close as the run: the closeness is lean, not meaning"))
for a, b in PAIRS[:3]:
    rows_ab = ep.similarity_rows({last: embs[last]}, a, b, levels)[0]
    print(f"{a} · {b} at epoch {last}: run {rows_ab['cos']:+.3f}, control {rows_ab['control_cos']:+.3f}: "
          + either(rows_ab["related"], "related (beyond the control)", "within what the control gives"))
check_range(args, f"share of the top 10 beyond chance at epoch {epochs[0]} (the control's own tables)",
            beyond[epochs[0]], full=(0.0, 0.02), quick=(0.0, 0.02))
check_range(args, f"share of the top 10 beyond chance at epoch {last}", beyond[last], full=(0.5, 1.0),
            quick=(0.0, 1.0))

# %% [markdown]
# ## Try next
# - `python -m skipgram_np.query RUN similarity king queen` prints the raw cosines, the percentile,
#   the ranks and the control's cosine; `--control` asks the control itself.
# - Compare W_in with W_out (`vectors_of(ckpt, "out")`): does the baseline behave the same?
# - Lesson 14 learns vectors without any training loop: by factorising a matrix.
