"""Lesson 7 — train: a few epochs on a slice of WikiText-2, loss going down, neighbours appearing.

You will see: the per-epoch loss falling, and the nearest neighbours of a few words turning from
noise into related words between the first and the last epoch.
Why it matters: this is the whole pipeline at work — the same train() the CLI runs.
"""
import numpy as np
from lesson_utils import load_corpus, parse, plt, save, section

from skipgram_np import train
from skipgram_np.config import Config
from skipgram_np.query import Embeddings

args = parse(__doc__)
tokens, epochs = (60_000, 3) if args.quick else (600_000, 6)

section("1. Data and configuration")
c = load_corpus(args, max_tokens=tokens)
cfg = Config(max_tokens=tokens, epochs=epochs, checkpoints=(1, epochs), seed=0).validate()
print(f"{len(c.ids):,} tokens, V = {len(c.vocab):,};  Adam lr {cfg.learning_rate}, batch {cfg.batch_size}, "
      f"window {cfg.window}, k = {cfg.negatives}, d = {cfg.dim}, {epochs} epochs")

section("2. Train")
result = train.train(cfg, c, f"{args.runs}/07_train_tiny", overwrite=True, progress=False,
                     json_words=1000)
losses = [loss for _, loss, _, _ in result.epochs]
print("loss per epoch:", " ".join(f"{x:.4f}" for x in losses))
print(f"loss decreased: {'yes' if losses[-1] < losses[0] else 'NO'} ({losses[0]:.4f} -> {losses[-1]:.4f})")

section("3. Neighbours, first epoch vs last")
from skipgram_np import checkpoint
first = Embeddings.from_checkpoint(checkpoint.load(checkpoint.checkpoint_path(result.run_dir, 1)))
last = Embeddings.from_checkpoint(result.checkpoint)
for word in ["war", "music", "january", "he", "city"]:
    if word in last.index:
        print(f"{word:>8} epoch 1: " + ", ".join(w for w, _ in first.neighbors(word, 5)))
        print(f"{'':>8} epoch {epochs}: " + ", ".join(w for w, _ in last.neighbors(word, 5)))

pyplot = plt()
fig, ax = pyplot.subplots(figsize=(6, 3.5))
trace = np.asarray(result.checkpoint.loss_trace)
ax.plot(trace[:, 0], trace[:, 1], color="#999999", lw=0.8, label="per slice")
ax.plot(np.arange(1, epochs + 1), losses, "o-", label="per epoch")
ax.set(xlabel="epoch", ylabel="loss per pair", title=f"Training on {tokens:,} tokens")
ax.legend()
save(fig, args, "07_loss.png")
print("\nNext: lesson 8 compares SGD with Adam.")
