# %% [markdown]
# # Lesson 10 — the sawtooth: the loss drops at each epoch's start, because the model remembers
#
#     per-slice loss  = the mean loss of the pairs of 20,000 kept tokens, measured *before* they are trained on
#     drop at epoch e = mean of the last 3 slices of epoch e − 1  −  mean of the first 3 of epoch e
#     memory          = L(pairs of unseen text) − L(pairs of the trained text),  same tables
#
# Adam visits the text in a fresh random order every epoch, so a pair met at the start of epoch
# e + 1 was last seen, on average, half an epoch ago; one met at its end 1.5 epochs ago. If the
# model remembers the pairs it has seen, the loss drops at each epoch boundary and creeps up during
# the epoch. While the loss still falls fast, what the model learns within an epoch can outweigh
# the rise. You will see the drop at each boundary, the change within each epoch, and the memory
# itself: the loss of pairs from the trained text against pairs from the next, unseen, text (same
# subsampling, negatives and tables).

# %%
import numpy as np
from lesson_utils import check_range, either, load_corpus, parse, plt, predict, reveal, save, section

from skipgram_np import model, negatives, pairs, subsample, trainer, training
from skipgram_np.config import Config

args = parse("Lesson 10: the sawtooth, and what the model remembers")
TOKENS, EPOCHS, HELD_OUT = (1_000_000, 4, 100_000) if args.quick else (2_000_000, 10, 200_000)
trainer.SLICE_TOKENS = 20_000       # one loss point per 20k kept tokens (the package's default: 50k)

# %% [markdown]
# ## 1. Train, keeping the per-slice loss
# Lesson 9's run: the default settings on a slice of the text.

# %%
section("1. Train")
c = load_corpus(args, max_tokens=TOKENS)
cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, checkpoints=(EPOCHS,), seed=0).validate()
k = cfg.negatives
keep = subsample.keep_prob(c.vocab.counts, cfg.subsample)
result = training.train(cfg, c, f"{args.runs}/10_sawtooth", overwrite=True, progress=False,
                        json_words=100, word2vec="none", log=lambda *a: None, control=False)
trace = np.asarray(result.checkpoint.loss_trace)                # (slices, 3): epoch position, loss, pairs
print(f"{len(c.ids):,} tokens, {EPOCHS} epochs: {len(trace)} slices of 20,000 kept tokens")

# %% [markdown]
# ### Predict
# Where one epoch ends and the next begins, the tables change no more than between any two
# slices. What does the per-slice loss do at an epoch boundary?

# %%
guess = None          # ← your prediction: "a", "b" or "c"
BOUNDARY = ["it jumps up", "it drops", "it stays level (no more change than between other slices)"]
predict("boundary", "At the start of an epoch, the per-slice loss …", guess, choices=BOUNDARY)

# %% [markdown]
# ## 2. The sawtooth
# Below: the drop at each boundary (last 3 slices before it − first 3 after) and the change within
# the epoch (last 3 − first 3), against the typical change between neighbouring slices inside an
# epoch.

# %%
section("2. The sawtooth")
drops, rises = [], []
for e in range(1, EPOCHS):
    prev = trace[(trace[:, 0] > e - 1) & (trace[:, 0] <= e), 1]
    cur = trace[(trace[:, 0] > e) & (trace[:, 0] <= e + 1), 1]
    drops.append(prev[-3:].mean() - cur[:3].mean())
    rises.append(cur[-3:].mean() - cur[:3].mean())
    print(f"epoch {e + 1:>2}: drop at its start {drops[-1]:+.4f}   change within it {rises[-1]:+.4f}")
n_drop, n_rise = sum(d > 0 for d in drops), sum(r > 0 for r in rises)
inside = np.concatenate([np.diff(trace[(trace[:, 0] > e) & (trace[:, 0] <= e + 1), 1]) for e in range(EPOCHS)])
step = float(np.median(np.abs(inside)))                  # a typical change from one slice to the next
typical_drop = float(np.median(drops))
reveal("boundary", BOUNDARY[2] if abs(typical_drop) < 2 * step else BOUNDARY[1] if typical_drop > 0 else BOUNDARY[0])
print(f"the loss dropped at {n_drop} of {len(drops)} epoch boundaries (median drop {typical_drop:+.4f}, "
      f"{abs(typical_drop) / step:.1f}× the median change between neighbouring slices, {step:.4f}) and rose "
      f"within {n_rise} of {len(rises)} epochs")
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(8, 3.5))
ax.plot(trace[:, 0], trace[:, 1], color="#555555", lw=0.8, label="per slice (20k kept tokens)")
for e in range(1, EPOCHS):
    ax.axvline(e, color="#d62728", lw=0.6, ls=":")
ax.set(xlabel="epoch", ylabel="loss per pair, before the slice is trained on",
       title=f"The sawtooth: drops at {n_drop} of {len(drops)} epoch boundaries (dotted)",
       ylim=(np.percentile(trace[:, 1], 1) - 0.02, np.percentile(trace[:, 1], 99) + 0.02))
ax.legend()
save(fig, args, "10_sawtooth.png")

# %% [markdown]
# ## 3. The memory behind it
# If the drop comes from remembering, the last epoch's tables should score pairs of the text they
# trained on better than pairs of text they never saw: the loss of 100,000 pairs from each, drawn
# as training draws them (same subsampling, negatives and tables).

# %%
section("3. Trained text against unseen text")


def mean_loss(W_in, W_out, ids, rng, n_pairs=100_000):
    """Mean loss per pair of n_pairs pairs drawn from ids as training draws them."""
    kept = ids[rng.random(len(ids)) < keep[ids]]
    centre, context = pairs.window_pairs(kept, cfg.window)
    pick = rng.choice(len(centre), min(n_pairs, len(centre)), replace=False)
    centre, context = centre[pick], context[pick]
    neg = negatives.NegativeSampler(c.vocab.counts).sample(len(centre), k, rng)
    v_c = W_in[centre]                                              # (n, d)
    s_pos = np.einsum("nd,nd->n", v_c, W_out[context])              # (n,)
    s_neg = np.einsum("nd,nkd->nk", v_c, W_out[neg])                # (n, k)
    return -(model.log_sigmoid(s_pos).sum() + model.log_sigmoid(-s_neg).sum()) / len(centre)


bigger = load_corpus(args, max_tokens=TOKENS + HELD_OUT)
to_ours = np.array([c.vocab.index.get(w, -1) for w in bigger.vocab.words])
first_unseen_line = len(c.line_starts) - 1               # both corpora list the same lines
unseen = to_ours[bigger.ids[bigger.line_starts[first_unseen_line]:]]
unseen = unseen[unseen >= 0]                              # words our vocabulary does not have
W_in, W_out = result.checkpoint.W_in, result.checkpoint.W_out
seen_loss = mean_loss(W_in, W_out, c.ids, np.random.default_rng(5))
unseen_loss = mean_loss(W_in, W_out, unseen, np.random.default_rng(5))
print(f"last epoch's tables: loss {seen_loss:.4f} on pairs of the trained text, {unseen_loss:.4f} on "
      f"pairs of the next {len(unseen):,} (unseen) tokens: the model "
      + either(unseen_loss > seen_loss,
               f"does remember the text it saw ({unseen_loss - seen_loss:.4f} lower on the trained text)",
               "shows no memory of the text it saw"))
check_range(args, "unseen − trained-text loss", unseen_loss - seen_loss, full=(0.02, 1.0),
            quick=(0.0, 1.0), fmt="{:.4f}")

# %% [markdown]
# ## Try next
# - Set `cfg.shuffle_block` very large (the text in order): does the sawtooth change?
# - Lesson 11 compares the optimizers on one slice.
