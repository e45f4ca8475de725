# %% [markdown]
# # Lesson 9 — train: the loss falls from L_0, stalls on a plateau at L_blind, then leaves it
#
# Each step takes a batch of B = 256 pairs (with their k = 5 negatives), computes the gradients of
# lesson 8 and moves the rows with Adam (lesson 11). Three numbers explain the loss curve:
#
#     start:    W_out = 0, so every score is 0:        L_0 = (k + 1)·log 2 = 4.159
#     plateau:  the best a model can do when the score ignores the centre word, s = s_o:
#               s_o = log( P_ctx(o) / (k·P_n(o)) )
#               L_blind = −Σ_o P_ctx(o)·log σ(s_o) − k·Σ_o P_n(o)·log σ(−s_o)
#               (P_ctx: how often o is a context word, after subsampling; P_n: lesson 7)
#     below it: only by using the centre word — which is what makes embeddings useful.
#
# Knowing which words are frequent is easy, so the loss can reach L_blind fast, while using the
# centre word takes longer (section 3 measures how long). A score that ignores c needs v_c·u_o to
# be the same for every c and every o, i.e. all v_c equal within the span of the u's (their parts
# outside it change no score) — so on the plateau any two words can look alike (section 3
# measures their cosines too). You will see the loss with these
# lines drawn and neighbours at epochs 0, 1 and the last (lesson 10 explains the per-slice
# loss's sawtooth). This is the same train() the CLI runs.

# %%
import numpy as np
from lesson_utils import MONTHS, check, check_range, either, load_corpus, parse, plt, predict, reveal, save, section

from skipgram_np import model, negatives, subsample, trainer, training
from skipgram_np.baseline import Baseline
from skipgram_np.config import Config
from skipgram_np.runs import embeddings_by_epoch

args = parse("Lesson 9: training, L_0 and the L_blind plateau")
TOKENS, EPOCHS = (1_000_000, 4) if args.quick else (2_000_000, 10)
trainer.SLICE_TOKENS = 20_000       # one loss point per 20k kept tokens (the package's default: 50k)

# %% [markdown]
# ## 1. Data, configuration, and the two reference losses

# %%
section("1. Data, configuration and the two reference losses")
c = load_corpus(args, max_tokens=TOKENS)
cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, checkpoints=(0, 1, EPOCHS), seed=0).validate()
print(f"{len(c.ids):,} tokens, V = {len(c.vocab):,}; Adam lr {cfg.learning_rate}, batch {cfg.batch_size}, "
      f"window {cfg.window}, k = {cfg.negatives}, d = {cfg.dim}, {EPOCHS} epochs")
k = cfg.negatives
keep = subsample.keep_prob(c.vocab.counts, cfg.subsample)
p_ctx = c.vocab.counts * keep / np.sum(c.vocab.counts * keep)   # contexts are kept tokens
p_n = negatives.noise_distribution(c.vocab.counts, cfg.ns_exponent)
s_o = np.log(p_ctx / (k * p_n))
L_0 = (k + 1) * np.log(2)
L_blind = -np.sum(p_ctx * model.log_sigmoid(s_o)) - k * np.sum(p_n * model.log_sigmoid(-s_o))
print(f"L_0 = {L_0:.4f} (untrained), L_blind = {L_blind:.4f} (frequencies only)")
check(args, "L_blind", L_blind, full=(2.6047, 0.002), quick=(2.5981, 0.002), fmt="{:.4f}")

# %% [markdown]
# ## 2. Train

# %%
section("2. Train")
result = training.train(cfg, c, f"{args.runs}/09_training", overwrite=True, progress=False,
                        json_words=100, word2vec="none",        # exports: a small JSON per checkpoint
                        log=lambda *a: None, control=False)     # (quiet: the lines below say what it did)
losses = [loss for _, loss, _, _ in result.epochs]
trace = np.asarray(result.checkpoint.loss_trace)                # (slices, 3): epoch position, loss, pairs
print("loss per epoch:", " ".join(f"{x:.4f}" for x in losses))
print(f"epoch 1's mean loss {losses[0]:.4f} is {losses[0] - L_blind:+.4f} from L_blind; "
      f"the last epoch's {losses[-1]:.4f} is {losses[-1] - L_blind:+.4f}")
check(args, "mean loss of the last epoch", losses[-1], full=(2.06, 0.03), quick=(2.51, 0.03))

# %% [markdown]
# ### Predict
# Untrained, the rows of W_in are random: two random words have cosine ≈ 0.00. After one epoch,
# what is the mean cosine of the vectors of two random words? (1 would mean all words point the
# same way.)

# %%
guess = None          # ← your prediction, a cosine between −1 and 1, e.g. 0.3
predict("cosine after epoch 1", "The mean cosine of two random words' vectors after epoch 1?", guess)

# %% [markdown]
# ## 3. The plateau
# How long the per-slice loss stayed near L_blind, and how alike all words were meanwhile: the
# mean cosine of 20,000 random word pairs (skipgram_np.baseline) at each saved epoch.

# %%
section("3. The plateau")
near = np.abs(trace[:, 1] - L_blind) < 0.1
below = trace[:, 1] < L_blind - 0.1
first_near = trace[near, 0].min() if near.any() else float("nan")
first_below = trace[below, 0].min() if below.any() else float("nan")
print(f"{near.sum()} of {len(trace)} slices ({near.mean():.0%} of training) lay within 0.1 of L_blind; "
      f"the loss first came that close at epoch {first_near:.2f}, and first went 0.1 below at "
      + (f"epoch {first_below:.2f}" if below.any() else "no point of this run"))
embs = embeddings_by_epoch(result.run_dir)
mean_cos = {e: Baseline.of(emb.unit).mean for e, emb in embs.items()}
reveal("cosine after epoch 1", mean_cos[1], "{:+.3f}", close=0.1)
for e, m in mean_cos.items():
    print(f"epoch {e:>2}: mean cosine of random word pairs {m:+.3f}")
print(f"after epoch 1 random words are {either(mean_cos[1] > mean_cos[0], 'more', 'less')} alike than "
      f"untrained ones ({mean_cos[0]:+.3f} -> {mean_cos[1]:+.3f}), and by epoch {EPOCHS} "
      f"{either(mean_cos[EPOCHS] < mean_cos[1], 'less', 'more')} alike again ({mean_cos[EPOCHS]:+.3f})")
check_range(args, "mean random-pair cosine at epoch 1", mean_cos[1], full=(0.5, 1.0), quick=(0.5, 1.0))

# %% [markdown]
# ## 4. Neighbours at epochs 0, 1 and the last

# %%
section("4. Neighbours: untrained, after epoch 1, at the end")
for word in ["war", "music", "january", "he", "city"]:
    for e, emb in embs.items():
        print(f"{word if e == 0 else '':>8} epoch {e:>2}: " + ", ".join(w for w, _ in emb.neighbors(word, 5)))
months_in_top5 = {e: sum(w in MONTHS for w, _ in emb.neighbors("january", 5)) for e, emb in embs.items()}
print("months among january's 5 nearest words: "
      + ", ".join(f"epoch {e}: {n}" for e, n in months_in_top5.items()))

pyplot = plt()
fig, ax = pyplot.subplots(figsize=(7, 4))
ax.plot(trace[:, 0], trace[:, 1], color="#999999", lw=0.8, label="per slice (20k tokens kept by subsampling)")
ax.plot(np.arange(1, EPOCHS + 1) - 0.5, losses, "o-", label="mean over each epoch (at its middle)")
ax.axhline(L_0, color="#d62728", ls=":", lw=1, label=f"L_0 = (k+1) log 2 = {L_0:.3f}")
ax.axhline(L_blind, color="#2ca02c", ls="--", lw=1, label=f"L_blind (frequencies only) = {L_blind:.3f}")
ax.set(xlabel="epoch", ylabel="loss per pair",
       title=f"Training on the first {TOKENS:,} tokens ({len(c.ids):,} in the vocabulary)",
       ylim=(min(trace[:, 1].min(), L_blind) - 0.05, L_0 + 0.1))
ax.legend()
save(fig, args, "09_loss.png")

# %% [markdown]
# ## Try next
# - Train with `--optimizer sgd` (lesson 11): how long does SGD stay on the plateau?
# - Lesson 10 looks at the per-slice loss inside each epoch: a sawtooth.
