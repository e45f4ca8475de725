# %% [markdown]
# # Lesson 12 — ask a trained table questions: neighbours, analogies, scores, figures, the page
#
#     cos(a, b) = a·b / (|a|·|b|)                                  (rows of W_in: the v_c)
#     neighbours(a) = the words w ≠ a with the largest cos(w, a)
#     3CosAdd:  "a − b + c = ?"  →  argmax_{w ∉ {a,b,c}} cos(w, â − b̂ + ĉ)    (â = a / |a|)
#     3CosMul:  argmax_w cos'(w,a)·cos'(w,c) / (cos'(w,b) + 0.001),  cos' = (1 + cos) / 2
#     WordSim-353: Spearman ρ between cos(w1, w2) and people's ratings of 353 pairs
#     Google analogies: share of the questions "a b c d" (a is to b as c is to d) answered d
#                       by 3CosAdd with b − a + c (in the notation above: "b − a + c = ?")
#
# You will see one run's checkpoints answer the same questions: neighbours and analogies, the two
# standard scores at every saved epoch, the figures the package draws, and the interactive page.
# (Lesson 13 explains why a raw cosine should not be compared across epochs.)

# %%
import numpy as np
from lesson_utils import (check, check_range, either, eval_files, exercise, load_corpus, parse, predict, reveal,
                          section, show_image, show_table)

from skipgram_np import evaluate, explore, figures, training
from skipgram_np.config import Config
from skipgram_np.runs import embeddings_by_epoch

args = parse("Lesson 12: neighbours, analogies, scores, figures and the explorer page")
TOKENS, EPOCHS = (1_000_000, 3) if args.quick else (None, 10)

# %% [markdown]
# ## 1. A run with checkpoints
# The package's default settings (the reference run) on the whole corpus; quick: a slice.

# %%
c = load_corpus(args, max_tokens=TOKENS)
cfg = Config(max_tokens=TOKENS, epochs=EPOCHS, checkpoints=(0, EPOCHS) if args.quick else None,
             seed=0).validate()
run = f"{args.runs}/12_explore"
section(f"1. A run on {len(c.ids):,} tokens, checkpoints at epochs {cfg.checkpoint_epochs}")
training.train(cfg, c, run, overwrite=True, progress=False, json_words=100, word2vec="none",
               log=lambda *a: None, control=False)
embs = embeddings_by_epoch(run)
last = embs[EPOCHS]
print(f"trained {EPOCHS} epochs into {run}")

# %% [markdown]
# ### Predict
# "king − man + woman ≈ queen" is the textbook example. Which word will this run's last epoch give
# as the 3CosAdd answer (the word nearest the tip, king, man and woman excluded)?

# %%
guess = None          # ← your prediction: a word, e.g. "queen"
predict("king - man + woman", f"The 3CosAdd answer to king − man + woman at epoch {EPOCHS}?", guess)

# %% [markdown]
# ## 2. Neighbours and analogies at the last epoch
# Neighbours with their cosines; analogies by 3CosAdd (with the cosine to the tip) and 3CosMul.

# %%
section(f"2. Neighbours and analogies at epoch {EPOCHS}")
for word in ["war", "film", "river", "king", "french"]:
    if word in last.index:
        print(f"{word:>7}: " + ", ".join(f"{w} {s:.2f}" for w, s in last.neighbors(word, 6)))
for a, b, c_ in [("king", "man", "woman"), ("paris", "france", "germany"), ("mother", "father", "son"),
                 ("january", "february", "april"), ("bigger", "big", "small")]:
    if all(w in last.index for w in (a, b, c_)):
        add = ", ".join(f"{w} {s:.2f}" for w, s in last.analogy(a, b, c_, 3))
        mul = ", ".join(f"{w}" for w, _ in last.analogy(a, b, c_, 3, method="mul"))
        print(f"{a} − {b} + {c_}:  3CosAdd {add}   | 3CosMul {mul}")
ranked = [w for w, _ in last.analogy("king", "man", "woman", topn=len(last.words))]
answer = ranked[0]
reveal("king - man + woman", answer)


def near(x, y, window=3):
    """How often word y occurs within `window` positions of word x in the corpus."""
    ix, iy = c.vocab.index[x], c.vocab.index[y]
    at = np.flatnonzero(c.ids == ix)
    return int(sum(np.sum(c.ids[np.clip(at + j, 0, len(c.ids) - 1)] == iy) for j in range(-window, window + 1) if j))


if answer != "queen" and "queen" in ranked:
    n_king, n_queen = near(answer, "king"), near(answer, "queen")
    n_ans = int(c.vocab.counts[c.vocab.index[answer]])
    print(f"not queen (no. {ranked.index('queen') + 1:,}) but {answer}, seen {n_ans:,} "
          f"times: {n_king} of them within 3 words of 'king', {n_queen} within 3 words of 'queen' (queen itself: "
          f"{near('queen', 'king')} beside 'king'). "
          + (f"{answer} is a rare word: its vector rests on a handful of contexts, and rare words crowd the tops "
             f"of lists (query's --min-count leaves them out)." if n_ans < 50 else
             f"3CosAdd picks the word nearest king + (woman − man): {answer} shares king's contexts and some of "
             f"queen's, and in {len(c.ids):,} tokens that is enough to beat queen." if n_king + n_queen > 0 else
             f"{answer} never appears near king or queen: in {len(c.ids):,} tokens and {EPOCHS} epochs the tip "
             f"still lands among unrelated words.")
          + " One question proves little: section 3 scores thousands.")
else:
    print("queen, as the textbook says; one question proves little: section 3 scores thousands")

# %% [markdown]
# ## 3. The two standard scores at every checkpoint
# These compare fairly across epochs: a rank correlation and a share of right answers do not
# depend on the scale of the cosines.

# %%
section("3. WordSim-353 and the Google analogies, per checkpoint")
files = eval_files(args)
rows = evaluate.evaluate_epochs(embs, files["analogies"], files["similarities"])
show_table(evaluate.markdown_table(rows).rstrip("\n"))
first, final = rows[0], rows[-1]
print(f"from epoch {first['epoch']} to {final['epoch']}: WordSim ρ "
      f"{either(final['wordsim_spearman'] > first['wordsim_spearman'], 'rose', 'fell')} "
      f"{first['wordsim_spearman']:.3f} -> {final['wordsim_spearman']:.3f}, analogies "
      f"{either(final['analogy_accuracy'] > first['analogy_accuracy'], 'rose', 'fell')} "
      f"{first['analogy_accuracy']:.1%} -> {final['analogy_accuracy']:.1%}")
check(args, "WordSim-353 ρ, last epoch", final["wordsim_spearman"], full=(0.52, 0.04), quick=(0.14, 0.08))
check(args, "Google analogies (%), last epoch", 100 * final["analogy_accuracy"], full=(7.0, 1.5),
      quick=(0.6, 0.6), fmt="{:.1f}")

# %% [markdown]
# ## 4. Figures and the explorer page
# `python -m skipgram_np.figures RUN` and `python -m skipgram_np.explore RUN` do the same. Two of
# the figures are shown here; the folder holds them all.

# %%
section("4. Figures and the explorer")
paths = figures.make_all(run, out=f"{args.figures}/12", overwrite=True, similarities=files["similarities"],
                         log=lambda *a: None)
pngs = [p for p in paths if p.suffix == ".png"]
print(f"[figures] {len(pngs)} figures and {len(paths) - len(pngs)} report(s) in {args.figures}/12: "
      + ", ".join(p.name for p in paths))
for p in paths:
    if p.name in ("map_epochs.png", "similarity.png"):
        show_image(p)
if args.quick:                                  # (the page takes ~10 s more; the full settings write it)
    print(f"explorer: left out in quick settings; python -m skipgram_np.explore {run} writes it")
else:
    page = explore.write_explorer(run, words=2000, questions_file=files["analogies"])
    print(f"explorer: {page}  ({page.stat().st_size / 1e6:.1f} MB) — open it in a browser")
check_range(args, "figures written (report.md aside)", len(pngs), full=(7, 20), quick=(5, 20), fmt="{:d}")

# %% [markdown]
# ## Exercise
# Write cosine similarity and the 3CosAdd analogy yourself. First on paper: for x = (3, 4) and
# y = (6, 8), what is cos(x, y), and why must a, b and c be left out of 3CosAdd's candidates?

# %%
exercise("12", "cosine(x, y) and three_cos_add(W, a, b, c)")

# %% [markdown]
# ## Try next
# - Compare `--vectors out` and `--vectors sum` (python -m skipgram_np.evaluate RUN --vectors sum).
# - Train the quality preset (python -m skipgram_np.train --preset quality) and compare its table.
# - Lesson 13: why a raw cosine cannot be compared across epochs, and what can.
